/*
 * find: print the paths of the files named NAME in a directory tree.
 *
 *   find DIR NAME
 *
 * Walks the tree under DIR, depth first, in directory order, and prints
 * every path (DIR/.../NAME) whose last element is exactly NAME, be it
 * a file, a directory or anything else; DIR itself is not matched.
 * "." and ".." are not descended into, and neither is a symbolic link
 * (lstat), so every directory is visited once.  A directory that
 * cannot be read is reported on stderr, and find exits 1.  The util
 * lab (labs/util.md) has students write this program.
 */
#include "user/user.h"
#include "kernel/fs.h"

/* LAB util: BEGIN */
static char path[512]; /* the path being visited, grown and cut back */
static int status;     /* exit status: 1 once anything went wrong */

/* Visit the directory whose path is in path[0..len), printing the
 * entries named name and descending into subdirectories. */
static void
walk(int len, const char *name)
{
    struct dirent de;
    struct stat st;
    int fd = open(path, O_RDONLY);

    if (fd < 0) {
        fprintf(2, "find: %s: %s\n", path, strerror(errno));
        status = 1;
        return;
    }
    while (read(fd, &de, sizeof(de)) == sizeof(de)) {
        if (de.inum == 0 || strncmp(de.name, ".", DIRSIZ) == 0 ||
            strncmp(de.name, "..", DIRSIZ) == 0)
            continue;
        int n = strnlen(de.name, DIRSIZ);
        int at = len > 0 && path[len - 1] == '/' ? len : len + 1;
        if (at + n + 1 > (int)sizeof(path)) {
            fprintf(2, "find: %s/%.*s: path too long\n", path, n, de.name);
            status = 1;
            continue;
        }
        path[at - 1] = '/';
        memmove(path + at, de.name, n);
        path[at + n] = 0;
        if (n == (int)strlen(name) && memcmp(de.name, name, n) == 0)
            printf("%s\n", path);
        if (lstat(path, &st) == 0 && st.type == T_DIR)
            walk(at + n, name);
        path[len] = 0;
    }
    close(fd);
}
/* LAB util: STUB
   LAB util: END */

int
main(int argc, char *argv[])
{
    /* LAB util: BEGIN */
    struct stat st;

    if (argc != 3) {
        fprintf(2, "usage: find DIR NAME\n");
        exit(1);
    }
    if (strlen(argv[1]) >= sizeof(path)) {
        fprintf(2, "find: %s: path too long\n", argv[1]);
        exit(1);
    }
    if (stat(argv[1], &st) < 0) {
        fprintf(2, "find: %s: %s\n", argv[1], strerror(errno));
        exit(1);
    }
    if (st.type != T_DIR) {
        fprintf(2, "find: %s: not a directory\n", argv[1]);
        exit(1);
    }
    strcpy(path, argv[1]);
    walk(strlen(path), argv[2]);
    exit(status);
    /* LAB util: STUB
    fprintf(2, "find: not written yet (see labs/util.md)\n");
    exit(1);
       LAB util: END */
}
