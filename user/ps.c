/*
 * ps: list the processes.  procs() copies a snapshot of each used slot
 * of the process table; ps prints one line per process with its pid,
 * its parent's pid, its process group and session, its user id, its
 * state, its user memory in bytes, the timer ticks it has run, its
 * tickets (its share under stride scheduling) and its name.
 */
#include "user/user.h"

static struct procinfo table[NPROC];

/* Short names for enum procstate, indexed by its value. */
static const char *const states[] = {
    [1] = "USED", [2] = "SLEEP", [3] = "RUN", [4] = "RUNNING", [5] = "ZOMBIE",
};

static const char *
state_name(int s)
{
    if (s < 1 || s > 5)
        return "?";
    return states[s];
}

int
main(int argc, char *argv[])
{
    int n;

    if (argc != 1) {
        fprintf(2, "usage: %s\n", argv[0]);
        exit(2);
    }
    n = procs(table, NPROC);
    if (n < 0) {
        fprintf(2, "ps: %s\n", strerror(errno));
        exit(1);
    }
    printf("%5s %5s %5s %5s %5s %-8s %8s %6s %4s %s\n", "PID", "PPID", "PGID",
           "SID", "UID", "STATE", "SIZE", "TICKS", "TKTS", "NAME");
    for (int i = 0; i < n; i++) {
        struct procinfo *p = &table[i];
        p->name[sizeof(p->name) - 1] = 0;
        printf("%5d %5d %5d %5d %5d %-8s %8lu %6lu %4d %s\n", p->pid, p->ppid,
               p->pgid, p->sid, p->uid, state_name(p->state), p->size,
               p->cputicks, p->tickets, p->name);
    }
    exit(0);
}
