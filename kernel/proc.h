/*
 * Processes and harts.
 *
 * Legend for the fields of struct proc:
 *   p: p->lock      w: wait_lock      c: constant while the slot is used
 *   q: the lock of the wait queue that chan hashes to (proc.c)
 *   o: only the process itself (or its creator before it runs)
 *   s: the process itself, or the hart about to run it (which took it
 *      off the run queue: no other hart can)
 *   r: run_lock (sched.c)
 *   h: written only by the hart running it; read with an atomic load
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
 * Saved user registers, on a page of its own (p->trapframe), which
 * sscratch points at while the process runs in user mode.  uservec.S
 * reads the first two fields and saves register xN at 16 + 8 * N.
 */
struct trapframe {
    /*   0 */ uint64 kernel_sp;     /* top of the process's kernel stack */
    /*   8 */ uint64 kernel_hartid; /* tp in the kernel */
    /*  16 */ uint64 epc;           /* user pc, saved by usertrap */
    /*  24 */ uint64 ra;            /* x1 */
    /*  32 */ uint64 sp;
    /*  40 */ uint64 gp;
    /*  48 */ uint64 tp;
    /*  56 */ uint64 t0;
    /*  64 */ uint64 t1;
    /*  72 */ uint64 t2;
    /*  80 */ uint64 s0;
    /*  88 */ uint64 s1;
    /*  96 */ uint64 a0; /* x10 */
    /* 104 */ uint64 a1;
    /* 112 */ uint64 a2;
    /* 120 */ uint64 a3;
    /* 128 */ uint64 a4;
    /* 136 */ uint64 a5;
    /* 144 */ uint64 a6;
    /* 152 */ uint64 a7;
    /* 160 */ uint64 s2;
    /* 168 */ uint64 s3;
    /* 176 */ uint64 s4;
    /* 184 */ uint64 s5;
    /* 192 */ uint64 s6;
    /* 200 */ uint64 s7;
    /* 208 */ uint64 s8;
    /* 216 */ uint64 s9;
    /* 224 */ uint64 s10;
    /* 232 */ uint64 s11;
    /* 240 */ uint64 t3;
    /* 248 */ uint64 t4;
    /* 256 */ uint64 t5;
    /* 264 */ uint64 t6; /* x31 */
};

enum procstate { UNUSED, USED, SLEEPING, RUNNABLE, RUNNING, ZOMBIE };

/* A shared-memory attachment (kernel/shm.c). */
struct shm_attach {
    uint64 va;          /* 0 when the entry is free */
    uint64 len;         /* bytes mapped, a multiple of PGSIZE */
    int shmid;          /* id of the segment at attach time */
    struct shmseg *seg; /* holds a reference */
};

/* A mapping of a file (kernel/mmap.c). */
struct vma {
    uint64 va;      /* first byte, page aligned */
    uint64 len;     /* bytes, whole pages; 0 when the slot is free */
    int prot;       /* PROT_READ, PROT_WRITE */
    int flags;      /* MAP_SHARED or MAP_PRIVATE */
    struct file *f; /* holds a reference */
    uint64 off;     /* file offset of va */
};

struct proc {
    struct spinlock lock;

    enum procstate state;   /* p */
    void *chan;             /* p: sleeping on this */
    int killed;             /* p: 0, or the signal that ends it */
    int xstate;             /* p: wait status, W_EXITCODE form */
    int pid;                /* p */
    struct proc *runnext;   /* r: next on the run queue */
    int tickets;            /* r: its share under stride scheduling */
    uint64 pass;            /* r: stride: how far it has run */
    uint64 cputicks;        /* h: timer ticks spent running */
    struct proc *sleepnext; /* q: next sleeper on the same wait queue */
    int on_sleepq;          /* q: linked on the wait queue of chan */

    struct proc *parent;   /* w */
    struct proc *children; /* w: first child */
    struct proc *sibling;  /* w: next child of the same parent */
    int nzombies;          /* w: children that are ZOMBIE */
    int execed;            /* w: has called exec (setpgid says EACCES) */

    int pgid; /* w: process group (pgrp.c); 0 in a free slot */
    int sid;  /* w: session: the pid of its leader */

    int uid, gid; /* o: credentials (real = effective) */

    uint64 kstack;               /* c: kernel stack bottom */
    uint64 sz;                   /* o: size of user memory (heap top);
                                    threads: any, under vm_lock */
    uint64 heap_start;           /* o: first heap byte (end of stack) */
    pagetable_t pagetable;       /* o */
    struct usyspage *usys;       /* o: its shared page (pgtbl.c), or 0 */
    int last_hart;               /* s: hart that last ran p, -1 none (vm.c) */
    struct trapframe *trapframe; /* o */
    struct context context;      /* o: swtch() here to run */
    struct file *ofile[NOFILE];  /* o */
    struct inode *cwd;           /* o */
    char name[16];               /* o: for ps and debugging */

    ushort ksem_refs[KSEM_MAX];    /* o: ksem.c, refs by slot */
    struct shm_attach shm[SHMSEG]; /* o: shm.c */
    struct vma mmaps[NMMAP];       /* o: mmap.c */
    struct sem_undo *sem_undo;     /* o: sem.c, SEM_UNDO records */
    struct kmsg *msg_spare;        /* o: msg.c, a free message block */
    uint64 tracemask;              /* o: trace.c, calls to report */

    int failinj_off; /* o: no injected allocation failure (trap.c) */
    /* LAB thread: BEGIN */
    /* Threads (proc.c, doc/processes.md): threads share pagetable, whose
     * root page's reference count (kalloc.c) counts them. */
    int tgid;      /* o: pid of its process's main thread; pid if none */
    uint64 ustack; /* c: the stack clone was given, for join */
    /* LAB thread: STUB
    // Lab: what a thread needs (labs/thread.md).
       LAB thread: END */

    int fp_on;         /* o: has used floating point (kernel/fpu.S) */
    struct fpstate fp; /* o: its f registers while off the hart */

    /* LAB traps: BEGIN */
    /* Alarms (trap.c): o, and the timer tick on the hart running it. */
    int alarm_ticks;           /* call the handler every this many ticks */
    int alarm_elapsed;         /* ticks of CPU since the last call */
    int alarm_running;         /* the handler runs: not again until... */
    uint64 alarm_handler;      /* its user address */
    struct trapframe alarm_tf; /* ...sigreturn puts these back */
    int alarm_fp_on;           /* fp_on when interrupted */
    struct fpstate alarm_fp;   /* and the f registers then */
    /* LAB traps: STUB
    // Lab: what a process needs for its alarm (labs/traps.md, part 2).
       LAB traps: END */
};

extern struct proc proc[NPROC];

/* This hart's id: entry.S and uservec.S keep it in tp. */
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
 * mycpu()->proc is read with interrupts off.  The process stacks lie
 * above everything else (memlayout.h), and each one's top word names
 * its process slot (KSTACK_OWNER).  Inline: the system-call path asks
 * for it a dozen times.
 */
static inline struct proc *
myproc(void)
{
    uint64 sp = r_sp();
    if (sp >= KSTACK(NPROC - 1))
        return *(struct proc **)KSTACK_OWNER(sp);
    return myproc_scheduler();
}

/* Argument n (0..5) of the current system call: a0..a5 lie next to
 * each other in the trapframe.  argint, argaddr (and argstr, in
 * syscall.c) are how handlers read their arguments; inline, because
 * every system call does.  (panic is declared here as in defs.h,
 * which comes after this header.) */
void panic(const char *fmt, ...) __attribute__((noreturn));

static inline uint64
argraw(int n)
{
    if (n < 0 || n > 5)
        panic("argraw");
    return (&myproc()->trapframe->a0)[n];
}

static inline int
argint(int n)
{
    return (int)argraw(n);
}

static inline uint64
argaddr(int n)
{
    return argraw(n);
}

/* Is call num traced by p (trace.c)?  Inline: syscall() asks on every
 * call. */
static inline int
trace_on(struct proc *p, uint64 num)
{
    return num < 64 && (p->tracemask >> num) & 1;
}

#endif
