/*
 * cat: copy each named file to standard output, in order, or standard
 * input when no file is named.  A file that cannot be opened is
 * reported and skipped; the exit status is 1 if any file failed.
 */
#include "user/user.h"

static char buf[1024];

/* Copy fd to standard output.  Returns: 0, or -1 on a read or write error. */
static int
copy(int fd, const char *name)
{
    int n;

    while ((n = read(fd, buf, sizeof(buf))) > 0) {
        if (write(1, buf, n) != n) {
            fprintf(2, "cat: write: %s\n", strerror(errno));
            return -1;
        }
    }
    if (n < 0) {
        fprintf(2, "cat: %s: %s\n", name, strerror(errno));
        return -1;
    }
    return 0;
}

int
main(int argc, char *argv[])
{
    int fd, status = 0;

    if (argc < 2)
        exit(copy(0, "stdin") < 0);
    for (int i = 1; i < argc; i++) {
        fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            fprintf(2, "cat: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        if (copy(fd, argv[i]) < 0)
            status = 1;
        close(fd);
    }
    exit(status);
}
