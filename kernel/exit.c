/*
 * Exit and wait, after NetBSD kern_exit.c.
 *
 * Overview    A process ends in exit(): it lets go of everything it
 *             holds, gives its children to init, and becomes a ZOMBIE
 *             that keeps only its slot, its pid and its wait status
 *             until its parent collects them with waitpid().
 * Objects     The family tree: p->parent, p->children (first child) and
 *             p->sibling (next child of the same parent); p->nzombies
 *             counts a parent's ZOMBIE children.
 * Operations  exit(wstatus): never returns.  Init must never exit: that
 *               is a kernel panic naming the status.
 *             waitpid(pid, status, options): 0 (WNOHANG, nothing yet),
 *               the reaped pid, -ECHILD (no such child), -EINVAL (unknown
 *               options), -EFAULT (bad status pointer: the child stays a
 *               zombie and can be reaped again), -EINTR (killed).
 *             reparent(p): move p's children to init.
 * Design      exit's steps, in order, are visible in exit() itself: each
 *             subsystem's teardown is called by name (file_exit,
 *             ksem_exit, shm_exit, semundo_exit, msg_exit).  Wait walks
 *             only the caller's own children, and when none is a zombie
 *             it goes to sleep without walking at all (nzombies).
 * Locking     wait_lock protects parent, children, sibling and nzombies
 *             of every process, and is what a parent sleeps on in wait;
 *             p->lock protects p->state and p->xstate.  Order:
 *             wait_lock -> p->lock.  A process becomes ZOMBIE holding
 *             both, so a parent holding wait_lock sees it either before
 *             (and sleeps, to be woken) or after (and reaps it).
 * Interfaces  sys_exit, sys_waitpid (sysproc.c); trap.c exits killed
 *             processes with W_EXITCODE(0, SIGKILL).
 * Origins     Kept from the seed: zombies hold the exit status, orphans
 *             go to init and init is woken if one is already a zombie,
 *             init may not exit, waitpid with pid and options.  Changed:
 *             no signals but SIGKILL, no process groups (pid 0 and -1
 *             both mean any child), no rusage, teardown by name instead
 *             of hook lists.
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

/* End the calling process with wait status wstatus (W_EXITCODE form). */
void
exit(int wstatus)
{
    struct proc *p = myproc();
    if (p == initproc) {
        printf("init exiting with status %d\n", WEXITSTATUS(wstatus));
        panic("init exited");
    }

    file_exit(p);    /* open files and the working directory */
    ksem_exit(p);    /* POSIX semaphore references */
    shm_exit(p);     /* shared-memory attachments */
    semundo_exit(p); /* SEM_UNDO adjustments */
    msg_exit(p);     /* the spare message block */

    acquire(&wait_lock);
    reparent(p);
    wakeup(p->parent);
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

/* A zombie child of p matching pid (-1: any), or 0; sets *found when
 * any child matches.  Caller holds: wait_lock. */
static struct proc *
find_zombie(struct proc *p, int pid, int *found)
{
    KASSERT(holding(&wait_lock));
    *found = 0;
    for (struct proc *c = p->children; c; c = c->sibling) {
        if (pid != -1 && c->pid != pid)
            continue;
        *found = 1;
        /* LAB exit: BEGIN */
        if (pid == -1 && p->nzombies == 0)
            return 0; /* children, but none has exited: skip the walk */
        /* LAB exit: STUB
           LAB exit: END */
        if (c->state == ZOMBIE)
            return c;
    }
    return 0;
}

/* Collect zombie c: copy its status out and free its slot.
 * Caller holds: wait_lock.  Returns: c's pid or -EFAULT. */
static int
reap(struct proc *p, struct proc *c, uint64 status_addr)
{
    KASSERT(holding(&wait_lock));
    if (status_addr != 0 &&
        copyout(p->pagetable, status_addr, &c->xstate, sizeof(int)) < 0)
        return -EFAULT;
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

/* Wait for a child to exit.  Sleeps: unless WNOHANG. */
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
    if (pid == 0)
        pid = -1; /* no process groups: "my group" is "any child" */
    if (pid < -1)
        return -ECHILD;

    acquire(&wait_lock);
    int ret;
    for (;;) {
        int found;
        struct proc *c = find_zombie(p, pid, &found);
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
