/*
 * rm: remove each name on the command line.  A file's data goes away
 * with its last name (and once no process has it open); a directory
 * can be removed only when it is empty.  Failures are reported and the
 * exit status is 1 if any name could not be removed.
 */
#include "user/user.h"

int
main(int argc, char *argv[])
{
    int status = 0;

    if (argc < 2) {
        fprintf(2, "usage: rm file...\n");
        exit(2);
    }
    for (int i = 1; i < argc; i++) {
        if (unlink(argv[i]) < 0) {
            fprintf(2, "rm: %s: %s\n", argv[i], strerror(errno));
            status = 1;
        }
    }
    exit(status);
}
