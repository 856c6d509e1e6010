/*
 * ln: make a second name for a file.
 *
 *   ln OLD NEW          a hard link: both names refer to the same inode;
 *                       removing one leaves the other
 *   ln -s TARGET PATH   a symbolic link: PATH holds the path TARGET,
 *                       followed when PATH is opened (doc/fs.md)
 */
#include "user/user.h"

int
main(int argc, char *argv[])
{
    int sym = argc == 4 && strcmp(argv[1], "-s") == 0;

    if (argc != 3 && !sym) {
        fprintf(2, "usage: ln OLD NEW | ln -s TARGET PATH\n");
        exit(2);
    }
    char *old = argv[argc - 2], *new = argv[argc - 1];
    if ((sym ? symlink(old, new) : link(old, new)) < 0) {
        fprintf(2, "ln: %s -> %s: %s\n", new, old, strerror(errno));
        exit(1);
    }
    exit(0);
}
