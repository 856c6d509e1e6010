/*
 * Scheduling policy: which runnable process a hart runs next.
 *
 * Overview    One run queue, shared by every hart, holds the RUNNABLE
 *             processes; scheduler() (proc.c) takes one with runq_pop()
 *             and runs it until it sleeps, exits or the next timer tick.
 *             Which one runq_pop() takes is the policy.  Round robin,
 *             the default, takes the oldest.  Stride scheduling takes
 *             the one furthest behind its share, so that CPU time
 *             divides in proportion to each process's tickets.  Boot
 *             with sched=stride to start with stride; root may switch
 *             at run time (schedctl).
 * Objects     runq: the queue (linked through p->runnext, appended at
 *             the tail), the policy, and vtime, the stride scheduler's
 *             virtual time.  Per process (proc.h): tickets, pass (how
 *             far it has run, in strides) and cputicks (timer ticks
 *             spent running, under either policy).
 * Operations  make_runnable: queue a process.  runq_pop: take the next.
 *             sched_tick: count a tick of CPU for the running process.
 *             schedctl(op, arg), the system call (kernel/sched.h):
 *               SCHED_GETPOLICY: the policy.
 *               SCHED_SETPOLICY: the old policy; -EINVAL not a policy,
 *                 -EPERM the caller is not root.
 *               SCHED_SETTICKETS: 0; -EINVAL outside 1..TICKETS_MAX,
 *                 -EPERM more than the caller holds, and not root.
 *               SCHED_GETTICKETS, SCHED_CPUTICKS: the count for pid
 *                 arg (0: the caller); -ESRCH no such process.
 *               Any other op: -EINVAL.
 * Design      A process's stride is STRIDE1 / tickets; each time a hart
 *             takes it, its pass grows by one stride, and the smallest
 *             pass goes next.  So over many quanta each process is taken
 *             in proportion to its tickets, and no one starves: a pass
 *             that is taken grows, so the smallest is always caught up.
 *             vtime is the pass of the last process taken (never
 *             decreasing).  What a dispatch costs, and where a joining
 *             process starts: the comment after this one.
 *             Under round robin passes and vtime stand still (only the
 *             join rule runs), so a switch to stride starts from
 *             passes at most a stride or so apart: no reset is needed.
 *             Picking scans the queue, O(runnable): with NPROC 64 a
 *             sorted structure would cost more than it saves.
 *             cputicks: the timer interrupt of every hart, not only the
 *             boot hart's that advances `ticks`, counts one for the
 *             process running on it.  Both policies use whole ticks as
 *             the quantum: the timer preempts at every tick.
 * Locking     run_lock (runq.lock) protects the queue, the policy,
 *             vtime, and every p->runnext, p->pass and p->tickets.  It
 *             is innermost: taken under p->lock, never the other way.
 *             cputicks is written only by the hart that runs the
 *             process (an atomic add) and read with an atomic load.
 * Interfaces  proc.c: allocproc (sched_proc_init), fork (sched_fork),
 *             scheduler (runq_pop), yield and wakeup (make_runnable).
 *             trap.c: sched_tick.  sysproc.c: procs() reports
 *             sched_cputicks and sched_tickets.  main.c: sched_init.
 * Origins     Written for Kite.  Stride scheduling is Waldspurger and
 *             Weihl's (1995), reduced to whole quanta.
 */
/* LAB sched: BEGIN */
/*
 * Policy      A dispatch costs a whole quantum, used or not: a process
 *             cannot run most of a tick and sleep just before it to run
 *             for free.  A process that joins the queue after sleeping,
 *             or for the first time, starts no lower than vtime:
 *             otherwise its pass, left behind during a long sleep (or 0
 *             when new), would keep it first in line until it caught
 *             up, holding a hart meanwhile.  A process the timer
 *             preempted keeps its pass: it is owed what it has.
 */
/* LAB sched: STUB
// Policy: yours to write (labs/sched.md): what a dispatch costs a
// process that gives the hart back early, and where the pass of a
// process that joins the queue starts.
   LAB sched: END */

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"
#include "sched.h"

#define STRIDE1 (1 << 20) /* the stride of one ticket */

static struct {
    struct spinlock lock; /* run_lock */
    struct proc *head, *tail;
    int policy;   /* SCHED_RR or SCHED_STRIDE */
    uint64 vtime; /* stride: the pass of the last process taken */
} runq;

/* The boot policy: sched=stride or sched=rr (the default). */
void
sched_init(void)
{
    initlock(&runq.lock, "run_lock");
    runq.policy = SCHED_RR;
    if (bootarg("sched=stride")) {
        runq.policy = SCHED_STRIDE;
        printf("kite: stride scheduling (bootargs: sched=stride)\n");
    } else if (bootarg("sched=") && !bootarg("sched=rr")) {
        printf("kite: bootargs: sched= takes rr or stride; round robin\n");
    }
}

/* A fresh slot's scheduling state.  Caller: allocproc. */
void
sched_proc_init(struct proc *p)
{
    acquire(&runq.lock);
    p->tickets = TICKETS_DEFAULT;
    p->pass = 0;
    release(&runq.lock);
    __atomic_store_n(&p->cputicks, 0, __ATOMIC_RELAXED);
}

/* Timer ticks p has spent running. */
uint64
sched_cputicks(struct proc *p)
{
    return __atomic_load_n(&p->cputicks, __ATOMIC_RELAXED);
}

/* p's tickets. */
int
sched_tickets(struct proc *p)
{
    acquire(&runq.lock);
    int n = p->tickets;
    release(&runq.lock);
    return n;
}

/* The timer interrupt found p running on this hart. */
void
sched_tick(struct proc *p)
{
    /* LAB sched: BEGIN */
    __atomic_fetch_add(&p->cputicks, 1, __ATOMIC_RELAXED);
    /* LAB sched: STUB
    // Lab: count one tick of CPU for p (labs/sched.md, part 1).
       LAB sched: END */
}

/* np, a child of p being made by fork, inherits p's tickets. */
void
sched_fork(struct proc *p, struct proc *np)
{
    /* LAB sched: BEGIN */
    acquire(&runq.lock);
    np->tickets = p->tickets;
    release(&runq.lock);
    /* LAB sched: STUB
    // Lab: the child gets its parent's tickets (labs/sched.md, part 1).
       LAB sched: END */
}

/* Give p n tickets.  Returns: 0, -EINVAL, -EPERM (a raise, not root). */
static int
set_tickets(struct proc *p, int n)
{
    /* LAB sched: BEGIN */
    if (n < 1 || n > TICKETS_MAX)
        return -EINVAL;
    int err = 0;
    acquire(&runq.lock);
    if (n > p->tickets && p->uid != 0)
        err = -EPERM;
    else
        p->tickets = n;
    release(&runq.lock);
    return err;
    /* LAB sched: STUB
    // Lab: check n and the caller's right to it, then store it
    // (labs/sched.md, part 1).
    return -EINVAL;
       LAB sched: END */
}

/* p joins the queue, coming from state `from`.  Caller holds: run_lock. */
static void
stride_join(struct proc *p, enum procstate from)
{
    KASSERT(holding(&runq.lock));
    /* LAB sched: BEGIN */
    if (from != RUNNING && p->pass < runq.vtime)
        p->pass = runq.vtime; /* no credit for the time it was away */
    /* LAB sched: STUB
    // Lab: a process that slept, or is new, must not monopolise a hart
    // (labs/sched.md, part 3).
       LAB sched: END */
}

/* The queued process to run next under stride scheduling, charged for
 * the quantum it is about to get.  Caller holds: run_lock; the queue is
 * not empty. */
static struct proc *
stride_pick(void)
{
    KASSERT(holding(&runq.lock));
    /* LAB sched: BEGIN */
    struct proc *best = runq.head;
    for (struct proc *p = best->runnext; p; p = p->runnext)
        if (p->pass < best->pass)
            best = p; /* strictly less: ties go to the oldest */
    if (best->pass > runq.vtime)
        runq.vtime = best->pass;
    best->pass += STRIDE1 / best->tickets;
    return best;
    /* LAB sched: STUB
    // Lab: the process with the smallest pass, charged one stride
    // (labs/sched.md, part 2).
    return runq.head;
       LAB sched: END */
}

/* Put p at the tail of the run queue.  Caller holds: p->lock. */
void
make_runnable(struct proc *p)
{
    KASSERT(holding(&p->lock));
    enum procstate from = p->state;
    p->state = RUNNABLE;
    p->runnext = 0;
    acquire(&runq.lock);
    stride_join(p, from);
    if (runq.tail)
        runq.tail->runnext = p;
    else
        runq.head = p;
    runq.tail = p;
    release(&runq.lock);
}

/* Take p off the queue.  Caller holds: run_lock. */
static void
runq_unlink(struct proc *p)
{
    struct proc *prev = 0;
    for (struct proc *q = runq.head; q != p; q = q->runnext)
        prev = q;
    if (prev)
        prev->runnext = p->runnext;
    else
        runq.head = p->runnext;
    if (runq.tail == p)
        runq.tail = prev;
    p->runnext = 0;
}

/* The next process to run, off the queue, or 0 if none is runnable. */
struct proc *
runq_pop(void)
{
    acquire(&runq.lock);
    struct proc *p = runq.head;
    if (p && runq.policy == SCHED_STRIDE)
        p = stride_pick();
    if (p)
        runq_unlink(p);
    release(&runq.lock);
    return p;
}

/* Returns: the old policy, or -EINVAL / -EPERM. */
static int
set_policy(int policy)
{
    if (policy != SCHED_RR && policy != SCHED_STRIDE)
        return -EINVAL;
    if (myproc()->uid != 0)
        return -EPERM;
    acquire(&runq.lock);
    int old = runq.policy;
    runq.policy = policy;
    release(&runq.lock);
    return old;
}

static int
get_policy(void)
{
    acquire(&runq.lock);
    int policy = runq.policy;
    release(&runq.lock);
    return policy;
}

/* Tickets or CPU ticks (op) of process pid, 0 for the caller.
 * Returns: the count, or -ESRCH. */
static long
sched_count(int op, int pid)
{
    if (pid == 0)
        pid = myproc()->pid;
    for (struct proc *p = proc; pid > 0 && p < &proc[NPROC]; p++) {
        acquire(&p->lock);
        if (p->state != UNUSED && p->pid == pid) {
            long n = op == SCHED_CPUTICKS ? (long)sched_cputicks(p)
                                          : sched_tickets(p);
            release(&p->lock);
            return n;
        }
        release(&p->lock);
    }
    return -ESRCH;
}

/* schedctl(op, arg): see Operations above. */
long
sys_schedctl(void)
{
    int op = argint(0);
    int arg = argint(1);
    switch (op) {
    case SCHED_GETPOLICY:
        return get_policy();
    case SCHED_SETPOLICY:
        return set_policy(arg);
    case SCHED_SETTICKETS:
        return set_tickets(myproc(), arg);
    case SCHED_GETTICKETS:
    case SCHED_CPUTICKS:
        return sched_count(op, arg);
    }
    return -EINVAL;
}
