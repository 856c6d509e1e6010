/*
 * mkdir: create each directory named on the command line.  The parent
 * must already exist; there is no -p.  Failures are reported and the
 * exit status is 1 if any directory could not be made.
 */
#include "user/user.h"

int
main(int argc, char *argv[])
{
    int status = 0;

    if (argc < 2) {
        fprintf(2, "usage: mkdir dir...\n");
        exit(2);
    }
    for (int i = 1; i < argc; i++) {
        if (mkdir(argv[i]) < 0) {
            fprintf(2, "mkdir: %s: %s\n", argv[i], strerror(errno));
            status = 1;
        }
    }
    exit(status);
}
