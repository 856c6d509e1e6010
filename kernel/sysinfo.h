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

/* The shared page: mapped read-only at USYSPAGE_ADDR (kernel/memlayout.h
 * USYSPAGE, the last page below USERTOP) in every process.  The kernel
 * keeps pid, and stores ticks on each return to user mode, so the
 * library's getpid() and uptime() read it without a system call. */
#define USYSPAGE_ADDR 0x7ffff000UL
struct usyspage {
    int pid; /* never changes: exec keeps the pid */
    int pad;
    unsigned long ticks; /* timer ticks since boot, at most one behind */
};

/* vmprint(pid, buf, len, flags): flags. */
#define VMPRINT_KERNEL 1 /* show the kernel half of the page table too */
#define VMPRINT_MAX 4095 /* bytes of description at most copied out */

/* pgaccess(addr, npages, mask): pages per call (bits in the mask). */
#define PGACCESS_MAX 64

/* One row of lockstat(). */
struct lockinfo {
    char name[24];
    unsigned long nacquire;
    unsigned long ncontend;
};

#endif
