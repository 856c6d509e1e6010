/*
 * sched: show or choose the scheduling policy, or run a command with
 * a number of tickets (kernel/sched.c, doc/processes.md section 4).
 *
 *   sched                  print the policy: rr or stride
 *   sched rr | stride      switch to it (root only)
 *   sched -t N CMD ARGS... run CMD with N tickets (a raise needs root)
 */
#include "user/user.h"

static void
usage(void)
{
    fprintf(2, "usage: sched [rr | stride | -t TICKETS CMD ARGS...]\n");
    exit(2);
}

static int
run_with_tickets(char *n, char **argv)
{
    if (settickets(atoi(n)) < 0) {
        fprintf(2, "sched: %d tickets: %s\n", atoi(n), strerror(errno));
        return 1;
    }
    exec(argv[0], argv);
    fprintf(2, "sched: exec %s: %s\n", argv[0], strerror(errno));
    return 127;
}

int
main(int argc, char *argv[])
{
    if (argc >= 4 && strcmp(argv[1], "-t") == 0)
        exit(run_with_tickets(argv[2], argv + 3));
    if (argc == 1) {
        long policy = schedctl(SCHED_GETPOLICY, 0);
        printf("%s\n", policy == SCHED_STRIDE ? "stride" : "rr");
        exit(0);
    }
    if (argc != 2)
        usage();
    int policy;
    if (strcmp(argv[1], "rr") == 0)
        policy = SCHED_RR;
    else if (strcmp(argv[1], "stride") == 0)
        policy = SCHED_STRIDE;
    else
        usage();
    if (schedctl(SCHED_SETPOLICY, policy) < 0) {
        fprintf(2, "sched: %s: %s\n", argv[1], strerror(errno));
        exit(1);
    }
    exit(0);
}
