/*
 * Processes: the table, creation, scheduling, sleep and wakeup.
 *
 * Overview    NPROC process slots.  A process is created by fork (or
 *             userinit for the first), runs on any hart, sleeps on a
 *             channel, and ends in exit.c (exit, wait, reparent).
 * Objects     struct proc (proc.h) with its state machine:
 *               UNUSED -> USED -> RUNNABLE <-> RUNNING -> ZOMBIE -> UNUSED
 *                                    ^            |
 *                                    +- SLEEPING <-+
 *             struct cpu per hart.  The run queue of RUNNABLE
 *             processes, shared by all harts, and the policy that
 *             picks from it are in sched.c.
 * Operations  fork: copy the caller (memory, files, credentials,
 *             semaphore references, shared-memory attachments); the
 *             child returns 0.  scheduler: each hart's loop; sched()
 *             also saves and loads a process's floating-point registers
 *             (kernel/fpu.S).  sleep/wakeup: wait for a condition under
 *             its lock; sleep_killable for waits a kill must end (it
 *             sees a kill that lands just before the sleep).  kill: mark
 *             a process killed with a signal number and wake it so it
 *             dies at the next return to user space; 0, -ESRCH, -EPERM.
 *             kill(0) and kill(-pgid) go to a process group (pgrp.c).
 *             fork puts the child in the parent's group and session.
 *             clone(fn, arg, stack): a thread of the caller's process,
 *             a new slot sharing its page table (counted by the root
 *             page's reference count: proc_freepagetable frees it with
 *             the last thread), with duplicates of its fds; join
 *             (exit.c) collects it.  growproc sets the size of every
 *             thread of the process (doc/processes.md, threads).
 * Design      The run queue (sched.c) is a list through p->runnext: a
 *             hart takes the next process from it instead of scanning
 *             the table.  A process is on it exactly while RUNNABLE.
 *             Sleepers wait on NSLEEPQ wait queues, chosen by hashing
 *             the channel address: wakeup looks only at the processes
 *             on one queue, never at the whole table.  kill() wakes a
 *             sleeper without unlinking it (it holds p->lock, which comes
 *             after the queue lock); the woken process unlinks itself.
 *             The scheduler takes the next process off the queue before
 *             it releases the last one's lock and moves the hart onto
 *             the next one's page table (vm.c: vm_switch): a hart never
 *             runs on a page table another hart may free, and a process
 *             that runs again at once costs no satp write.
 * Locking     p->lock protects the state, chan, killed, xstate and pid
 *             of one process; wait_lock (exit.c) the parent/child links
 *             and the group and session ids (pgrp.c);
 *             sleepq[i].lock one wait queue's list; run_lock (sched.c)
 *             the run queue (innermost: taken under p->lock).  Order: the
 *             caller's condition lock -> wait_lock -> sleepq lock ->
 *             p->lock -> run_lock.  A process holds its own p->lock
 *             across swtch() into the scheduler.
 * Interfaces  exit.c (exit, wait), trap.c (yield), vm.c (vm_switch),
 *             every sleeper; sched.c (make_runnable, runq_pop,
 *             sched_proc_init, sched_fork).
 * Origins     Written for Kite; the classic Unix sleep/wakeup.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"
#include "wait.h"

struct cpu cpus[NCPU];
struct proc proc[NPROC];
struct proc *initproc;

static struct spinlock pid_lock;
static int nextpid = 1;

#define NSLEEPQ 64
static struct sleepq {
    struct spinlock lock;
    struct proc *head; /* sleepers whose chan hashes here */
} sleepq[NSLEEPQ];

static struct sleepq *
sleepq_of(void *chan)
{
    uint64 a = (uint64)chan;
    return &sleepq[((a >> 4) ^ (a >> 12)) % NSLEEPQ];
}

static void forkret(void);

void
proc_init(void)
{
    initlock(&pid_lock, "nextpid");
    initlock(&wait_lock, "wait_lock");
    for (int i = 0; i < NSLEEPQ; i++)
        initlock(&sleepq[i].lock, "sleepq");
    for (struct proc *p = proc; p < &proc[NPROC]; p++)
        initlock(&p->lock, "proc");
}

/* myproc() off the process kernel stacks (proc.h). */
struct proc *
myproc_scheduler(void)
{
    push_off();
    struct proc *p = mycpu()->proc;
    pop_off();
    return p;
}

static int
allocpid(void)
{
    acquire(&pid_lock);
    int pid = nextpid++;
    release(&pid_lock);
    return pid;
}

/* A page table for p: the kernel half, and p's shared page.
 * Returns: it, or 0. */
pagetable_t
proc_pagetable(struct proc *p)
{
    pagetable_t pt = uvm_create();
    if (pt && usys_map(pt, p->pid) < 0) {
        uvm_free(pt);
        return 0;
    }
    return pt;
}

/* Free a page table and the user memory it maps ([0, sz); shared
 * memory must be detached already).  If this hart runs on it (a process
 * freeing its own), uvm_free moves the hart to the kernel page table. */
void
proc_freepagetable(pagetable_t pt, uint64 sz)
{
    (void)sz; /* uvm_free finds every page through the tables */
    /* LAB thread: BEGIN */
    /* Threads share pt: its root page's reference count counts them
     * (clone), and only the last one out frees it.  kref_dec drops our
     * hold; the last one puts it back for uvm_free's kfree. */
    if (kref_dec(pt) > 0)
        return;
    kref_inc(pt);
    /* LAB thread: STUB
    // Lab: threads share pt (labs/thread.md, part 2).
       LAB thread: END */
    uvm_free(pt);
}

/* Release everything a slot holds and mark it UNUSED.
 * Caller holds: p->lock. */
void
freeproc(struct proc *p)
{
    KASSERT(holding(&p->lock));
    if (p->pagetable)
        proc_freepagetable(p->pagetable, p->sz);
    if (p->trapframe)
        kfree(p->trapframe);
    p->trapframe = 0;
    p->pagetable = 0;
    p->usys = 0;
    p->sz = 0;
    p->pid = 0;
    p->parent = 0;
    p->children = 0;
    p->sibling = 0;
    p->nzombies = 0;
    p->execed = 0;
    p->pgid = 0; /* leaves its process group (pgrp.c) */
    p->sid = 0;
    p->fp_on = 0;
    alarm_reset(p); /* a new process has no alarm: fork's child */
    p->name[0] = 0;
    p->chan = 0;
    p->killed = 0;
    p->xstate = 0;
    p->state = UNUSED;
}

/* Find an UNUSED slot and make it a process with an empty address
 * space.  Returns: it with p->lock held, or 0 with *err set to -EAGAIN
 * (table full) or -ENOMEM. */
static struct proc *
allocproc(int *err)
{
    struct proc *p;
    for (p = proc; p < &proc[NPROC]; p++) {
        acquire(&p->lock);
        if (p->state == UNUSED)
            goto found;
        release(&p->lock);
    }
    *err = -EAGAIN;
    return 0;
found:
    p->pid = allocpid();
    /* LAB thread: BEGIN */
    p->tgid = p->pid; /* a process: its own main thread */
    /* LAB thread: STUB
    // Lab: a new slot is a process: its own main thread
    // (labs/thread.md).
       LAB thread: END */
    p->state = USED;
    p->last_hart = -1; /* no hart has its translations yet */
    sched_proc_init(p);
    if ((p->trapframe = kalloc()) == 0 ||
        (p->pagetable = proc_pagetable(p)) == 0) {
        freeproc(p);
        release(&p->lock);
        *err = -ENOMEM;
        return 0;
    }
    p->usys = usys_page(p->pagetable);
    /* The user registers start as zeros, not what the page held. */
    memset(p->trapframe, 0, sizeof(*p->trapframe));
    memset(&p->context, 0, sizeof(p->context));
    p->tracemask = 0; /* not the last occupant's (fork copies its own) */
    p->context.ra = (uint64)forkret;
    p->context.sp = KSTACK_SP(p->kstack);
    return p;
}

/* Link child under parent.  Caller holds: wait_lock. */
static void
add_child(struct proc *parent, struct proc *child)
{
    KASSERT(holding(&wait_lock));
    child->parent = parent;
    child->sibling = parent->children;
    parent->children = child;
}

/* Create the first process; forkret execs /init in it. */
void
userinit(void)
{
    int err;
    struct proc *p = allocproc(&err);
    if (p == 0)
        panic("userinit");
    initproc = p;
    safestrcpy(p->name, "init", sizeof(p->name));
    p->uid = p->gid = 0;
    pgrp_userinit(p);
    make_runnable(p);
    release(&p->lock);
}

/* Copy the fields a child inherits besides memory.  Returns 0 or -errno. */
static int
fork_copy_state(struct proc *p, struct proc *np)
{
    *np->trapframe = *p->trapframe;
    np->trapframe->a0 = 0; /* fork returns 0 in the child */
    for (int fd = 0; fd < NOFILE; fd++)
        np->ofile[fd] = p->ofile[fd] ? filedup(p->ofile[fd]) : 0;
    np->cwd = idup(p->cwd);
    np->heap_start = p->heap_start;
    np->fp_on = p->fp_on;
    if (p->fp_on)
        fpu_save(&np->fp); /* this hart's f registers are p's */
    np->sem_undo = 0;      /* SEM_UNDO adjustments are not inherited */
    np->msg_spare = 0;
    /* LAB syscall: BEGIN */
    np->tracemask = p->tracemask; /* a traced program's children too */
    /* LAB syscall: STUB
    // Lab: should the child be traced too?  (allocproc left it
    // untraced.)  See labs/syscall.md, part 1.
       LAB syscall: END */
    ksem_fork(p, np);
    int err = shm_fork(p, np);
    memset(np->mmaps, 0, sizeof(np->mmaps));
    return err < 0 ? err : mmap_fork(p, np);
}

/* Give child np the memory of p: shared copy-on-write, except when p is
 * init, whose pages are copied at once so that init never shares a page
 * and never needs a free page to take a fault (doc/memory.md).
 * Returns: 0 or -ENOMEM. */
static int
fork_memory(struct proc *p, struct proc *np)
{
    if (p == initproc)
        return uvm_copy_private(p->pagetable, np->pagetable, 0, p->sz);
    /* A thread forks: its process's other threads share the table that
     * turns copy-on-write, and may hold its writable translations. */
    int locked = vm_lock(p->pagetable);
    int err = uvm_copy(p->pagetable, np->pagetable, 0, p->sz);
    if (locked)
        tlb_flush(p->pagetable);
    vm_unlock(locked);
    return err;
}

/* Make np, set up by fork or clone, p's child in p's group, and let it
 * run.  Takes wait_lock, then np->lock (the global order). */
static void
start_child(struct proc *p, struct proc *np)
{
    acquire(&wait_lock);
    add_child(p, np);
    pgrp_fork(p, np);
    release(&wait_lock);
    acquire(&np->lock);
    make_runnable(np);
    release(&np->lock);
}

/* Returns: the child's pid, or -EAGAIN (no slot) / -ENOMEM. */
int
fork(void)
{
    struct proc *p = myproc();
    int err;
    struct proc *np = allocproc(&err);
    if (np == 0)
        return err;
    if (fork_memory(p, np) < 0) {
        freeproc(np);
        release(&np->lock);
        return -ENOMEM;
    }
    np->sz = p->sz;
    /* What kill() and procs() read, set before the slot is unlocked. */
    np->uid = p->uid;
    np->gid = p->gid;
    memmove(np->name, p->name, sizeof(np->name)); /* tail too: all NULs */
    sched_fork(p, np);
    int pid = np->pid;
    release(&np->lock);

    err = fork_copy_state(p, np);
    if (err < 0) {
        /* The child never ran: undo as exit would, then free it. */
        file_exit(np);
        ksem_exit(np);
        shm_exit(np);
        mmap_exit(np);
        acquire(&np->lock);
        freeproc(np);
        release(&np->lock);
        return err;
    }
    start_child(p, np);
    return pid;
}

/*
 * Start a thread of the caller's process: a new slot (its own pid,
 * the thread id, its own trapframe and kernel stack) that runs fn(arg)
 * in user mode on the stack whose top is stack, sharing the caller's
 * page table (counted by its root page's reference count, vm.c).  Its
 * open files are duplicates of the caller's (filedup: the same open
 * files, offsets shared; an fd opened or closed later by one thread
 * is not seen by the others), like its working directory.  It is the
 * caller's child, which join (exit.c) or waitpid collects.  fn must
 * not return (ra is 0): it ends with exit.
 * Returns: the thread id, -EINVAL (stack not 16-byte aligned or not
 * in user memory), -EAGAIN (no slot) or -ENOMEM.
 */
int
clone(uint64 fn, uint64 arg, uint64 stack)
{
    /* LAB thread: BEGIN */
    struct proc *p = myproc();
    if (stack % 16 != 0 || stack < PGSIZE || stack > p->sz || fn >= p->sz)
        return -EINVAL;
    int err;
    struct proc *np = allocproc(&err);
    if (np == 0)
        return err;
    proc_freepagetable(np->pagetable, 0); /* allocproc's own: not used */
    kref_inc(p->pagetable);
    np->pagetable = p->pagetable;
    np->usys = p->usys; /* getpid() there says the process's pid */
    np->sz = p->sz;
    np->heap_start = p->heap_start;
    np->tgid = p->tgid;
    np->ustack = stack;
    np->uid = p->uid;
    np->gid = p->gid;
    memmove(np->name, p->name, sizeof(np->name));
    sched_fork(p, np);
    *np->trapframe = *p->trapframe; /* gp, tp: as the caller's */
    np->trapframe->epc = fn;
    np->trapframe->a0 = arg;
    np->trapframe->sp = stack;
    np->trapframe->ra = 0;
    np->trapframe->s0 = 0; /* the end of the frame-pointer chain */
    int tid = np->pid;
    release(&np->lock);

    for (int fd = 0; fd < NOFILE; fd++)
        np->ofile[fd] = p->ofile[fd] ? filedup(p->ofile[fd]) : 0;
    np->cwd = idup(p->cwd);
    /* Nothing else of the caller's: its own records start empty. */
    memset(np->ksem_refs, 0, sizeof(np->ksem_refs));
    memset(np->shm, 0, sizeof(np->shm));
    memset(np->mmaps, 0, sizeof(np->mmaps));
    np->sem_undo = 0;
    np->msg_spare = 0;
    start_child(p, np);
    return tid;
    /* LAB thread: STUB
    // Lab: make a thread (labs/thread.md, part 1).
    (void)fn, (void)arg, (void)stack;
    return -EINVAL;
       LAB thread: END */
}

/* growproc's work, under vm_lock when threads share the memory. */
static int
grow_locked(struct proc *p, long n)
{
    uint64 sz = p->sz;
    if (n > 0) {
        if (sz + n > MMAP_BASE || sz + n < sz)
            return -ENOMEM;
        if ((sz = uvm_alloc(p->pagetable, sz, sz + n, PTE_W)) == 0)
            return -ENOMEM;
    } else if (n < 0) {
        if ((uint64)-n > sz - p->heap_start)
            return -EINVAL;
        if ((sz = uvm_dealloc(p->pagetable, sz, sz + n)) != p->sz + n)
            return -ENOMEM;
    }
    /* Threads share the heap: every one of them sees the new size.
     * (uvm_dealloc flushed every hart: tlb_flush.) */
    for (struct proc *q = proc; q < &proc[NPROC]; q++)
        if (q == p || q->pagetable == p->pagetable)
            q->sz = sz;
    return 0;
}

/* Grow or shrink user memory by n bytes; with threads, under vm_lock
 * (their size changes too).  *oldsz: the size before.
 * Returns: 0, -ENOMEM or -EINVAL. */
int
growproc(long n, uint64 *oldsz)
{
    struct proc *p = myproc();
    int locked = vm_lock(p->pagetable);
    *oldsz = p->sz; /* another thread's sbrk may not come in between */
    int err = grow_locked(p, n);
    if (locked)
        tlb_flush(p->pagetable); /* a shared leaf may have been copied */
    vm_unlock(locked);
    return err;
}

/*
 * Each hart's loop: take the next runnable process and run it.
 * Page tables: when a process comes back here, the hart still runs on
 * its page table.  It must leave it before releasing the process's
 * lock, after which another hart may run the process (and it may free
 * its memory).  So the hart takes the next process off the run queue
 * first and moves straight to its page table (vm_switch), or to the
 * kernel's when there is none.  A process that runs again right away
 * (it yielded and nothing else was runnable) changes nothing.
 */
void
scheduler(void)
{
    struct cpu *c = mycpu();
    struct proc *p = 0; /* taken off the run queue, not yet running */
    c->proc = 0;
    for (;;) {
        intr_on(); /* let devices and the timer in between processes */
        if (p == 0 && (p = runq_pop()) == 0) {
            asm volatile("wfi");
            continue;
        }
        acquire(&p->lock);
        if (p->state != RUNNABLE)
            panic("scheduler: queued process not runnable");
        vm_switch(p); /* nothing to do when it was switched to below */
        p->state = RUNNING;
        c->proc = p;
        swtch(&c->context, &p->context);
        c->proc = 0;
        struct proc *next = runq_pop();
        vm_switch(next); /* leave p's page table while holding p->lock */
        release(&p->lock);
        p = next;
    }
}

/* Switch to this hart's scheduler.  Caller holds: p->lock only, and has
 * already changed p->state. */
void
sched(void)
{
    struct proc *p = myproc();
    KASSERT(holding(&p->lock));
    if (mycpu()->noff != 1)
        panic("sched: locks held");
    if (p->state == RUNNING)
        panic("sched: running");
    if (intr_get())
        panic("sched: interruptible");
    int intena = mycpu()->intena;
    if (p->fp_on)
        fpu_save(&p->fp); /* another process may use the f registers */
    swtch(&p->context, &mycpu()->context);
    if (p->fp_on)
        fpu_load(&p->fp); /* maybe on another hart */
    mycpu()->intena = intena;
}

/* Give up the hart for one round. */
void
yield(void)
{
    struct proc *p = myproc();
    acquire(&p->lock);
    make_runnable(p);
    sched();
    release(&p->lock);
}

/* A new process's first run: it still holds p->lock from scheduler. */
static void
forkret(void)
{
    static int first = 1;
    struct proc *p = myproc();
    /* A fork child runs here first, not in sched(): load its f registers
     * while p->lock keeps interrupts off, or a tick could make sched()
     * save another process's registers as this one's. */
    if (p->fp_on)
        fpu_load(&p->fp);
    release(&p->lock);
    if (first) {
        /* The file system sleeps on disk I/O: it needs a process. */
        first = 0;
        panic_selftest(); /* only with bootarg testpanic */
        fsinit(ROOTDEV);
        p->cwd = namei("/");
        char *argv[] = {"/init", 0};
        if (exec("/init", argv) < 0)
            panic("forkret: cannot exec /init");
    }
    usertrapret(p);
}

/* Unlink p from wait queue q.  Caller holds: q->lock. */
static void
sleepq_remove(struct sleepq *q, struct proc *p)
{
    KASSERT(holding(&q->lock));
    struct proc **pp = &q->head;
    while (*pp != p)
        pp = &(*pp)->sleepnext;
    *pp = p->sleepnext;
    p->sleepnext = 0;
    p->on_sleepq = 0;
}

/* Sleep on chan with lk released; if killable and p has been killed,
 * return -EINTR at once with lk still held.  The killed flag is read
 * under p->lock, which kill() takes: a kill that lands after the
 * caller's own killed() check but before we are SLEEPING is seen here
 * instead of being lost. */
static int
sleep_on(void *chan, struct spinlock *lk, int killable)
{
    struct proc *p = myproc();
    struct sleepq *q = sleepq_of(chan);
    lockdebug_sleep_check(lk);
    /* Queued before lk is released: a waker, who must hold lk, cannot
     * miss us. */
    acquire(&q->lock);
    acquire(&p->lock);
    if (killable && p->killed) {
        release(&p->lock);
        release(&q->lock);
        return -EINTR;
    }
    release(lk);
    p->chan = chan;
    p->state = SLEEPING;
    p->sleepnext = q->head;
    q->head = p;
    p->on_sleepq = 1;
    release(&q->lock);
    sched();
    p->chan = 0;
    release(&p->lock);
    if (p->on_sleepq) { /* woken by kill(), not by wakeup() */
        acquire(&q->lock);
        if (p->on_sleepq)
            sleepq_remove(q, p);
        release(&q->lock);
    }
    acquire(lk);
    return 0;
}

/* Release lk, sleep on chan, reacquire lk when woken.  For waits that
 * must finish even for a killed process (disk I/O, sleep locks, the log).
 * Caller holds: lk, and no other spinlock.
 * Sleeps: until wakeup(chan) or kill; callers recheck their condition. */
void
sleep(void *chan, struct spinlock *lk)
{
    (void)sleep_on(chan, lk, 0);
}

/* As sleep, for waits a kill must end (pipes, wait, semaphores, IPC,
 * the console, sleep()).  Returns: 0 when woken, or -EINTR without
 * sleeping if the process has been killed (lk still held); callers
 * recheck killed() and their condition in a loop either way. */
int
sleep_killable(void *chan, struct spinlock *lk)
{
    return sleep_on(chan, lk, 1);
}

/* Wake every process sleeping on chan.
 * Caller holds: no p->lock (the queue lock comes first). */
void
wakeup(void *chan)
{
    struct sleepq *q = sleepq_of(chan);
    acquire(&q->lock);
    struct proc *p = q->head;
    while (p) {
        struct proc *next = p->sleepnext;
        if (p->chan == chan) {
            acquire(&p->lock);
            if (p->state == SLEEPING && p->chan == chan)
                make_runnable(p);
            sleepq_remove(q, p);
            release(&p->lock);
        }
        p = next;
    }
    release(&q->lock);
}

/* Has p been killed?  Returns: 0, or the signal that ends it.  It is
 * set once (0 -> signal, never back): an atomic load is enough, and the
 * syscall path checks it on every return. */
int
killed(struct proc *p)
{
    return __atomic_load_n(&p->killed, __ATOMIC_ACQUIRE);
}

/* Mark p killed by a fault (SIGKILL), unless something killed it first. */
void
setkilled(struct proc *p)
{
    acquire(&p->lock);
    signal_proc(p, SIGKILL);
    release(&p->lock);
}

/* Mark p killed by sig, the first signal winning, and wake it if asleep
 * so that it dies at its next return to user mode.  A zombie is left
 * alone.  Caller holds: p->lock. */
void
signal_proc(struct proc *p, int sig)
{
    KASSERT(holding(&p->lock));
    if (p->state == ZOMBIE || p->state == UNUSED)
        return;
    if (p->killed == 0)
        p->killed = sig;
    if (p->state == SLEEPING)
        make_runnable(p);
}

/* May process me send a signal to p?  Root may signal anyone but init;
 * others only processes of their own uid.  Caller holds: p->lock. */
int
may_signal(struct proc *me, struct proc *p)
{
    KASSERT(holding(&p->lock));
    return p != initproc && (me->uid == 0 || me->uid == p->uid);
}

/* Kill process pid with sig (pid > 0), or every member of a process
 * group (pid 0: the caller's, pid < -1: group -pid; pgrp.c).
 * Returns: 0, -ESRCH (no such process or group), -EPERM (may kill none:
 * another user's, or init). */
int
kill(int pid, int sig)
{
    struct proc *me = myproc();
    if (pid == 0 || pid < -1)
        return pgrp_kill(me, pid, sig);
    for (struct proc *p = proc; p < &proc[NPROC]; p++) {
        acquire(&p->lock);
        if (p->pid != pid || p->state == UNUSED) {
            release(&p->lock);
            continue;
        }
        int err = 0;
        if (!may_signal(me, p))
            err = -EPERM;
        else
            signal_proc(p, sig);
        release(&p->lock);
        return err;
    }
    return -ESRCH;
}

/* Copy to a user address (user_dst) or a kernel one.
 * Returns: 0, or copyout's -EFAULT / -ENOMEM. */
int
either_copyout(int user_dst, uint64 dst, void *src, uint64 len)
{
    if (user_dst)
        return copyout(myproc()->pagetable, dst, src, len);
    memmove((void *)dst, src, len);
    return 0;
}

int
either_copyin(void *dst, int user_src, uint64 src, uint64 len)
{
    if (user_src)
        return copyin(myproc()->pagetable, dst, src, len);
    memmove(dst, (void *)src, len);
    return 0;
}

static const char *state_names[] = {"unused", "used", "sleep",
                                    "runble", "run",  "zombie"};

/* Ctrl-P: list the processes.  No locks: it must work when stuck. */
void
procdump(void)
{
    printf("\n");
    for (struct proc *p = proc; p < &proc[NPROC]; p++) {
        if (p->state == UNUSED)
            continue;
        printf("%d %s %s\n", p->pid, state_names[p->state], p->name);
    }
}

/* Process slots in use. */
int
nproc_used(void)
{
    int n = 0;
    for (struct proc *p = proc; p < &proc[NPROC]; p++)
        if (p->state != UNUSED)
            n++;
    return n;
}
