/*
 * Exit and wait, after NetBSD kern_exit.c.
 *
 * Overview    A process ends in exit(): it lets go of everything it
 *             holds, gives its children to init, and becomes a ZOMBIE
 *             that keeps only its slot, its pid, its kernel stack and
 *             its wait status until its parent collects them with
 *             waitpid(): its memory is freed in exit() itself.
 * Objects     The family tree: p->parent, p->children (first child) and
 *             p->sibling (next child of the same parent); p->nzombies
 *             counts a parent's ZOMBIE children.  p->pgid, the process
 *             group (pgrp.c), which waitpid can select by.
 * Operations  exit(wstatus): never returns.  Init must never exit: that
 *               is a kernel panic naming the status or the signal.  A session leader
 *               that owns the console hangs it up (pgrp_exit).
 *             waitpid(pid, status, options): pid > 0 that child, -1 any
 *               child, 0 any child in the caller's group, < -1 any child
 *               in group -pid.  0 (WNOHANG, nothing yet), the reaped
 *               pid, -ECHILD (no such child, or none in that group),
 *               -EINVAL (unknown options), -EFAULT (bad status pointer),
 *               -ENOMEM (no page for the copy-on-write copy of the
 *               status's page): after either the child stays a zombie
 *               and can be reaped again; -EINTR (killed).
 *             reparent(p): move p's children to init.
 *             join(tid, stack_out): waitpid for thread tid (a child of
 *               the caller and a thread of its process), storing the
 *               stack clone was given.  tid, -ECHILD, -EFAULT, -EINTR.
 *             Threads: exit in the main thread (tgid == pid) ends every
 *               thread of the process first (end_threads: SIGKILL to
 *               each, wait until the page table is its alone, then
 *               reap its threads' zombies);
 *               in another thread it ends that thread only.
 * Design      exit's steps, in order, are visible in exit() itself: each
 *             subsystem's teardown is called by name (file_exit,
 *             ksem_exit, shm_exit, mmap_exit, semundo_exit, msg_exit),
 *             then the
 *             address space goes (exit_memory), so a parent slow to
 *             wait holds no memory through its zombies.  Wait walks
 *             only the caller's own children, and when none is a zombie
 *             it goes to sleep without walking at all (nzombies).
 * Locking     wait_lock protects parent, children, sibling and nzombies
 *             of every process (and pgid, pgrp.c), and is what a parent
 *             sleeps on in wait;
 *             p->lock protects p->state and p->xstate.  Order:
 *             wait_lock -> p->lock.  A process becomes ZOMBIE holding
 *             both, so a parent holding wait_lock sees it either before
 *             (and sleeps, to be woken) or after (and reaps it).
 * Interfaces  sys_exit, sys_waitpid (sysproc.c); trap.c exits killed
 *             processes with W_EXITCODE(0, signal): SIGKILL, or SIGINT
 *             and SIGHUP from the console (pgrp.c).  pgrp_exit.
 * Origins     Kept from the seed: zombies hold the exit status, orphans
 *             go to init and init is woken if one is already a zombie,
 *             init may not exit, waitpid with pid, process group and
 *             options ("Child not in correct pgrp"), the hang-up of a
 *             session leader's terminal.  Changed: signals only end a
 *             process (no handlers, no stopped children), orphans keep
 *             their groups with nothing for fixjobc to do, no rusage,
 *             teardown by name instead of hook lists.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"
#include "wait.h"

struct spinlock wait_lock;

/* Give p's children to init; wake init if one is already a zombie.
 * Caller holds: wait_lock. */
void
reparent(struct proc *p)
{
    KASSERT(holding(&wait_lock));
    /* LAB exit: BEGIN */
    int zombies = 0;
    while (p->children) {
        struct proc *c = p->children;
        p->children = c->sibling;
        c->parent = initproc;
        c->sibling = initproc->children;
        initproc->children = c;
        if (c->state == ZOMBIE)
            zombies++;
    }
    p->nzombies = 0;
    if (zombies) {
        initproc->nzombies += zombies;
        wakeup(initproc);
    }
    /* LAB exit: STUB
    // Lab: this stub hands the children to init and tells init nothing.
    // See labs/exit.md.
    while (p->children) {
        struct proc *c = p->children;
        p->children = c->sibling;
        c->parent = initproc;
        c->sibling = initproc->children;
        initproc->children = c;
    }
    p->nzombies = 0;
       LAB exit: END */
}

/* Init may never end: say why it did (an exit status, or the signal
 * that killed it), then panic. */
static void
init_died(int wstatus)
{
    if (WIFSIGNALED(wstatus))
        printf("init killed by signal %d\n", WTERMSIG(wstatus));
    else
        printf("init exiting with status %d\n", WEXITSTATUS(wstatus));
    panic("init exited");
}

/*
 * Free p's address space: a zombie holds no memory, only its slot, its
 * kernel stack and its wait status, however long its parent takes to
 * wait.  The hart is running on p's own page table (the kernel is
 * mapped in it): uvm_free moves the hart to the kernel page table
 * before it frees anything, and with p->pagetable 0 the scheduler runs
 * p on the kernel's table until it becomes a zombie (vm_switch).
 * Shared memory is detached already (shm_exit).
 */
static void
exit_memory(struct proc *p)
{
    pagetable_t pt = p->pagetable;
    struct trapframe *tf = p->trapframe;
    acquire(&p->lock); /* procs() and GDB read sz; freeproc skips zeros */
    p->pagetable = 0;
    p->trapframe = 0;
    p->sz = 0;
    release(&p->lock);
    proc_freepagetable(pt, 0);
    kfree(tf);
}

static int reap(struct proc *p, struct proc *c, uint64 status_addr);

/*
 * Threads (proc.c: clone): the main thread's exit ends the whole
 * process, as in POSIX: it kills the others and waits until none uses
 * the page table any more, before its own teardown unmaps anything.
 * (Another thread's exit ends only that thread.)  Threads started
 * meanwhile are killed on the next round.  exec in the main thread
 * does the same with the old page table (exec.c).  pt: the page table
 * the threads run on.  Then it collects its own
 * threads' zombies itself rather than leave them to init.  Threads
 * that other threads started go to init like any orphan.
 */
void
end_threads(struct proc *p, pagetable_t pt)
{
    /* LAB thread: BEGIN */
    if (p->tgid != p->pid)
        return;
    acquire(&wait_lock);
    for (;;) {
        if (vm_shared(pt)) {
            for (struct proc *q = proc; q < &proc[NPROC]; q++) {
                if (q == p)
                    continue;
                acquire(&q->lock);
                if (q->pagetable == pt)
                    signal_proc(q, SIGKILL);
                release(&q->lock);
            }
            sleep(pt, &wait_lock); /* woken by each thread's exit */
            continue;
        }
        int alive = 0; /* let go of pt, not yet zombies */
        struct proc *c = p->children, *next;
        for (; c; c = next) {
            next = c->sibling;
            if (c->tgid != p->tgid || c->pid == c->tgid)
                continue; /* not a thread */
            if (c->state == ZOMBIE)
                reap(p, c, 0);
            else
                alive++;
        }
        if (alive == 0)
            break;
        sleep(p, &wait_lock); /* exit wakes its parent */
    }
    release(&wait_lock);
    /* LAB thread: STUB
    // Lab: a main thread ends the other threads of its process and
    // waits until they are gone (labs/thread.md, part 3).
    (void)p, (void)pt;
       LAB thread: END */
}

/* End the calling process with wait status wstatus (W_EXITCODE form). */
void
exit(int wstatus)
{
    struct proc *p = myproc();
    if (p == initproc)
        init_died(wstatus);

    end_threads(p, p->pagetable); /* main thread: the others first */
    pagetable_t pt = p->pagetable;
    file_exit(p);    /* open files and the working directory */
    ksem_exit(p);    /* POSIX semaphore references */
    shm_exit(p);     /* shared-memory attachments */
    mmap_exit(p);    /* mapped files: shared ones written back */
    semundo_exit(p); /* SEM_UNDO adjustments */
    msg_exit(p);     /* the spare message block */
    exit_memory(p);  /* user pages, page tables, trapframe */

    acquire(&wait_lock);
    pgrp_exit(p); /* a session leader hangs up its console */
    reparent(p);  /* orphans keep their groups */
    wakeup(p->parent);
    wakeup(pt); /* a main thread waiting for its threads (end_threads) */
    acquire(&p->lock);
    p->xstate = wstatus;
    p->state = ZOMBIE;
    /* LAB exit: BEGIN */
    p->parent->nzombies++;
    /* LAB exit: STUB
       LAB exit: END */
    release(&wait_lock);
    sched();
    panic("zombie exit");
}

/* Unlink child c from p's children.  Caller holds: wait_lock. */
static void
remove_child(struct proc *p, struct proc *c)
{
    KASSERT(holding(&wait_lock));
    struct proc **pp = &p->children;
    while (*pp != c)
        pp = &(*pp)->sibling;
    *pp = c->sibling;
    c->sibling = 0;
}

/* Is child c one that waitpid(pid) waits for?  pid > 0: that child;
 * -1: any child; pgid (when not 0): any child in group pgid.
 * Caller holds: wait_lock (c->pgid). */
static int
wait_match(struct proc *c, int pid, long pgid)
{
    KASSERT(holding(&wait_lock));
    if (pgid != 0)
        return c->pgid == pgid;
    return pid == -1 || c->pid == pid;
}

/* A zombie child of p that waitpid(pid) with group pgid waits for, or
 * 0; sets *found when any child matches.  Caller holds: wait_lock. */
static struct proc *
find_zombie(struct proc *p, int pid, long pgid, int *found)
{
    KASSERT(holding(&wait_lock));
    *found = 0;
    for (struct proc *c = p->children; c; c = c->sibling) {
        if (!wait_match(c, pid, pgid))
            continue;
        *found = 1;
        /* LAB exit: BEGIN */
        if (p->nzombies == 0)
            return 0; /* children, but none has exited: skip the walk */
        /* LAB exit: STUB
           LAB exit: END */
        if (c->state == ZOMBIE)
            return c;
    }
    return 0;
}

/* Collect zombie c: copy its status out and free its slot.  The
 * status goes out first: if that fails, c stays a zombie.
 * Caller holds: wait_lock.  Returns: c's pid, -EFAULT or -ENOMEM. */
static int
reap(struct proc *p, struct proc *c, uint64 status_addr)
{
    KASSERT(holding(&wait_lock));
    int err;
    if (status_addr != 0 &&
        (err = copyout(p->pagetable, status_addr, &c->xstate, sizeof(int))) < 0)
        return err;
    int pid = c->pid;
    remove_child(p, c);
    /* LAB exit: BEGIN */
    p->nzombies--;
    /* LAB exit: STUB
       LAB exit: END */
    acquire(&c->lock);
    freeproc(c);
    release(&c->lock);
    return pid;
}

/* The group waitpid(pid) waits in: the caller's for 0, -pid for
 * pid < -1, else 0 (no group: one child or any).  A long, so that
 * -INT_MIN is a group no process is in.  Caller holds: wait_lock. */
static long
wait_group(struct proc *p, int pid)
{
    KASSERT(holding(&wait_lock));
    if (pid == 0)
        return p->pgid;
    return pid < -1 ? -(long)pid : 0;
}

/* Wait for a child to exit (pid > 0: that one; -1: any; 0: any in the
 * caller's group; < -1: any in group -pid).  Sleeps: unless WNOHANG. */
int
waitpid(int pid, uint64 status_addr, int options)
{
    struct proc *p = myproc();
    /* LAB exit: BEGIN */
    if (options & ~WNOHANG)
        return -EINVAL;
    /* LAB exit: STUB
    // Lab: which options are there?  See labs/exit.md.
       LAB exit: END */

    acquire(&wait_lock);
    long pgid = wait_group(p, pid);
    int ret;
    for (;;) {
        int found;
        struct proc *c = find_zombie(p, pid, pgid, &found);
        if (c) {
            ret = reap(p, c, status_addr);
            break;
        }
        if (!found) {
            ret = -ECHILD;
            break;
        }
        /* LAB exit: BEGIN */
        if (options & WNOHANG) {
            ret = 0;
            break;
        }
        /* LAB exit: STUB
        // Lab: the options.  See labs/exit.md.
        if (options) {
            ret = -ECHILD;
            break;
        }
           LAB exit: END */
        if (killed(p)) {
            ret = -EINTR;
            break;
        }
        sleep_killable(p, &wait_lock);
    }
    release(&wait_lock);
    return ret;
}

/* Wait for thread tid, a child of the caller and a thread of its
 * process, to exit; collect it and store the stack it was started on
 * (clone) at stack_out unless 0.  Sleeps.  Returns: tid, -ECHILD (no
 * such thread among the caller's children), -EFAULT (stack_out; the
 * thread stays to be joined again), -EINTR (killed). */
int
join(int tid, uint64 stack_out)
{
    /* LAB thread: BEGIN */
    struct proc *p = myproc();
    int ret;
    acquire(&wait_lock);
    for (;;) {
        struct proc *c = p->children;
        while (c && c->pid != tid)
            c = c->sibling;
        if (c == 0 || c->tgid != p->tgid || c->tgid == c->pid) {
            ret = -ECHILD;
            break;
        }
        if (c->state == ZOMBIE) { /* set holding wait_lock: stable */
            uint64 stack = c->ustack;
            if (stack_out &&
                (ret = copyout(p->pagetable, stack_out, &stack, 8)) < 0)
                break;
            ret = reap(p, c, 0);
            break;
        }
        if (killed(p)) {
            ret = -EINTR;
            break;
        }
        sleep_killable(p, &wait_lock);
    }
    release(&wait_lock);
    return ret;
    /* LAB thread: STUB
    // Lab: wait for a thread (labs/thread.md, part 1).
    (void)tid, (void)stack_out;
    return -EINVAL;
       LAB thread: END */
}
