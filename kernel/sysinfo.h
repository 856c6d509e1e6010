/* What sysinfo() reports: the counts every leak check compares. */
#ifndef KITE_SYSINFO_H
#define KITE_SYSINFO_H

struct sysinfo {
    unsigned long freepages;  /* pages on the free list */
    int nproc;                /* process slots in use */
    int nproc_max;            /* NPROC */
    int nksem;                /* POSIX semaphores in use */
    int nmsq;                 /* message queues in the namespace or alive */
    int nsem;                 /* semaphore sets */
    int nshm;                 /* shared-memory segments */
    unsigned long timebase;   /* time CSR ticks per second */
    unsigned long freeblocks; /* free blocks on the root disk */
};

/* One row of procs(): a snapshot of a process table slot. */
struct procinfo {
    int pid;
    int ppid;
    int uid;
    int state;          /* enum procstate: 1 USED .. 5 ZOMBIE */
    unsigned long size; /* bytes of user memory */
    char name[16];
    int pgid;               /* process group */
    int sid;                /* session */
    unsigned long cputicks; /* timer ticks it has run (kernel/sched.c) */
    int tickets;            /* its share under stride scheduling */
    int nzombies;           /* its children that have exited, not yet reaped */
};

/* One row of lockstat(). */
struct lockinfo {
    char name[24];
    unsigned long nacquire;
    unsigned long ncontend;
};

#endif
