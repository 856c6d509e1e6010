/*
 * kill: end each process named by pid on the command line, or each
 * process group named by -pgid (kill -12 ends every process of group
 * 12: a shell job, whose id the shell printed).  Kite has no signals to
 * choose from, so a killed process always ends as if by SIGKILL.  Each
 * failure (no such process or group, or only other users' processes
 * for a non-root caller) is reported; the exit status is 1 if any.
 */
#include "user/user.h"

int
main(int argc, char *argv[])
{
    int status = 0;
    char *end;
    long pid;

    if (argc < 2) {
        fprintf(2, "usage: kill pid|-pgid...\n");
        exit(2);
    }
    for (int i = 1; i < argc; i++) {
        pid = strtol(argv[i], &end, 10);
        if (end == argv[i] || *end != 0 || pid == 0 || pid == -1 ||
            pid < -INT_MAX || pid > INT_MAX) {
            fprintf(2, "kill: %s: not a process or group id\n", argv[i]);
            status = 1;
        } else if (kill((int)pid) < 0) {
            fprintf(2, "kill: %s: %s\n", argv[i], strerror(errno));
            status = 1;
        }
    }
    exit(status);
}
