/*
 * poweroff: end the machine.  The optional argument is the status that
 * QEMU exits with on the host (0 when absent), which is how a headless
 * run reports success or failure.  Only root may do this; on success
 * the call does not return.
 */
#include "user/user.h"

int
main(int argc, char *argv[])
{
    int status = 0;
    char *end;

    if (argc > 2) {
        fprintf(2, "usage: poweroff [status]\n");
        exit(2);
    }
    if (argc == 2) {
        status = (int)strtol(argv[1], &end, 10);
        if (end == argv[1] || *end != 0) {
            fprintf(2, "poweroff: %s: not a number\n", argv[1]);
            exit(2);
        }
    }
    poweroff(status);
    fprintf(2, "poweroff: %s\n", strerror(errno));
    exit(1);
}
