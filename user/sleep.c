/*
 * sleep: do nothing for a while.
 *
 *   sleep TICKS
 *
 * TICKS is a count of timer ticks (HZ, 100 a second), the unit of the
 * sleep() system call and of uptime().  A missing or malformed count
 * is an error (exit 1).  The util lab (labs/util.md) has students
 * write this program.
 */
#include "user/user.h"

int
main(int argc, char *argv[])
{
    /* LAB util: BEGIN */
    char *end;
    long ticks;

    if (argc != 2) {
        fprintf(2, "usage: sleep TICKS\n");
        exit(1);
    }
    ticks = strtol(argv[1], &end, 10);
    if (end == argv[1] || *end != 0 || ticks < 0 || ticks > 0x7fffffff) {
        fprintf(2, "sleep: not a number of ticks: %s\n", argv[1]);
        exit(1);
    }
    if (sleep((int)ticks) < 0) {
        perror("sleep");
        exit(1);
    }
    exit(0);
    /* LAB util: STUB
    fprintf(2, "sleep: not written yet (see labs/util.md)\n");
    exit(1);
       LAB util: END */
}
