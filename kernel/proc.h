/*
 * Processes and harts.
 *
 * Legend for the fields of struct proc:
 *   p: p->lock      w: wait_lock      c: constant while the slot is used
 *   q: the lock of the wait queue that chan hashes to (proc.c)
 *   o: only the process itself (or its creator before it runs)
 */
#ifndef KITE_PROC_H
#define KITE_PROC_H

#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "types.h"

/* Callee-saved registers for swtch(). */
struct context {
    uint64 ra;
    uint64 sp;
    uint64 s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
};

/* A user program's floating-point registers, saved by fpu.S. */
struct fpstate {
    uint64 f[32]; /* f0..f31, as 64-bit patterns */
    uint64 fcsr;  /* rounding mode and exception flags */
};

/* One hart. */
struct cpu {
    struct proc *proc;      /* running process, or 0 */
    struct context context; /* swtch() here to enter the scheduler */
    int noff;               /* depth of push_off() */
    int intena;             /* were interrupts on before push_off()? */
    int hartid;
    struct spinlock *held[NHELD]; /* LOCKDEBUG: locks this hart holds */
    int nheld;
    int nslots; /* LOCKDEBUG: IPC slot locks held */
};

extern struct cpu cpus[NCPU];
struct proc *myproc_scheduler(void);

/*
 * Saved user registers, on a page of its own mapped just below the
 * trampoline.  The first five fields are read by trampoline.S.
 */
struct trapframe {
    /*   0 */ uint64 kernel_satp;
    /*   8 */ uint64 kernel_sp;
    /*  16 */ uint64 kernel_trap;
    /*  24 */ uint64 epc;
    /*  32 */ uint64 kernel_hartid;
    /*  40 */ uint64 ra;
    /*  48 */ uint64 sp;
    /*  56 */ uint64 gp;
    /*  64 */ uint64 tp;
    /*  72 */ uint64 t0;
    /*  80 */ uint64 t1;
    /*  88 */ uint64 t2;
    /*  96 */ uint64 s0;
    /* 104 */ uint64 s1;
    /* 112 */ uint64 a0;
    /* 120 */ uint64 a1;
    /* 128 */ uint64 a2;
    /* 136 */ uint64 a3;
    /* 144 */ uint64 a4;
    /* 152 */ uint64 a5;
    /* 160 */ uint64 a6;
    /* 168 */ uint64 a7;
    /* 176 */ uint64 s2;
    /* 184 */ uint64 s3;
    /* 192 */ uint64 s4;
    /* 200 */ uint64 s5;
    /* 208 */ uint64 s6;
    /* 216 */ uint64 s7;
    /* 224 */ uint64 s8;
    /* 232 */ uint64 s9;
    /* 240 */ uint64 s10;
    /* 248 */ uint64 s11;
    /* 256 */ uint64 t3;
    /* 264 */ uint64 t4;
    /* 272 */ uint64 t5;
    /* 280 */ uint64 t6;
};

enum procstate { UNUSED, USED, SLEEPING, RUNNABLE, RUNNING, ZOMBIE };

/* A shared-memory attachment (kernel/shm.c). */
struct shm_attach {
    uint64 va;          /* 0 when the entry is free */
    uint64 len;         /* bytes mapped, a multiple of PGSIZE */
    int shmid;          /* id of the segment at attach time */
    struct shmseg *seg; /* holds a reference */
};

struct proc {
    struct spinlock lock;

    enum procstate state;   /* p */
    void *chan;             /* p: sleeping on this */
    int killed;             /* p: kill() was called */
    int xstate;             /* p: wait status, W_EXITCODE form */
    int pid;                /* p */
    struct proc *runnext;   /* run_lock: next on the run queue */
    struct proc *sleepnext; /* q: next sleeper on the same wait queue */
    int on_sleepq;          /* q: linked on the wait queue of chan */

    struct proc *parent;   /* w */
    struct proc *children; /* w: first child */
    struct proc *sibling;  /* w: next child of the same parent */
    int nzombies;          /* w: children that are ZOMBIE */

    int uid, gid; /* o: credentials (real = effective) */

    uint64 kstack;               /* c: kernel stack bottom */
    uint64 sz;                   /* o: size of user memory (heap top) */
    uint64 heap_start;           /* o: first heap byte (end of stack) */
    pagetable_t pagetable;       /* o */
    struct trapframe *trapframe; /* o */
    struct context context;      /* o: swtch() here to run */
    struct file *ofile[NOFILE];  /* o */
    struct inode *cwd;           /* o */
    char name[16];               /* o: for ps and debugging */

    ushort ksem_refs[KSEM_MAX];    /* o: ksem.c, refs by slot */
    struct shm_attach shm[SHMSEG]; /* o: shm.c */
    struct sem_undo *sem_undo;     /* o: sem.c, SEM_UNDO records */
    struct kmsg *msg_spare;        /* o: msg.c, a free message block */
    uint64 tracemask;              /* o: trace.c, calls to report */

    int fp_on;         /* o: has used floating point (kernel/fpu.S) */
    struct fpstate fp; /* o: its f registers while off the hart */
};

extern struct proc proc[NPROC];

/* This hart's id: entry.S and the trampoline keep it in tp. */
static inline int
cpuid(void)
{
    return r_tp();
}

/* This hart's struct cpu.  Caller has interrupts off, or does not mind
 * the answer going stale when the process moves to another hart. */
static inline struct cpu *
mycpu(void)
{
    return &cpus[r_tp()];
}

/*
 * The process whose kernel code is running, or 0 in the scheduler.
 * Every process has its own kernel stack (KSTACK(slot), memlayout.h), so
 * the stack pointer names the process: no need to turn interrupts off
 * to read mycpu()->proc, which a move to another hart could make stale.
 * The scheduler and boot code run on the boot stacks instead, where
 * mycpu()->proc is read with interrupts off.  Inline: the system-call
 * path asks for it a dozen times.
 */
static inline struct proc *
myproc(void)
{
    uint64 sp = r_sp();
    if (sp >= KSTACK(NPROC - 1) && sp < TRAMPOLINE)
        return &proc[(TRAMPOLINE - 1 - sp) / (2 * PGSIZE)];
    return myproc_scheduler();
}

#endif
