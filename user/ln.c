/*
 * ln: make a second name (a hard link) for an existing file.  Both
 * names then refer to the same inode; removing one leaves the other.
 */
#include "user/user.h"

int
main(int argc, char *argv[])
{
    if (argc != 3) {
        fprintf(2, "usage: ln old new\n");
        exit(2);
    }
    if (link(argv[1], argv[2]) < 0) {
        fprintf(2, "ln: %s -> %s: %s\n", argv[2], argv[1], strerror(errno));
        exit(1);
    }
    exit(0);
}
