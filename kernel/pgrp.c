/*
 * Process groups, sessions and the console's foreground group, after
 * NetBSD kern_exit.c (waitpid by group, leavepgrp, the hang-up of a
 * session leader's terminal) and POSIX.
 *
 * Overview    Every process belongs to a process group (a job: the
 *             processes of one shell command line) and a session (the
 *             groups of one login: the shell and its jobs).  The console
 *             belongs to one session and has one foreground group:
 *             the one Ctrl-C ends and the only one of that session that
 *             may read it.  waitpid and kill address groups through
 *             exit.c and proc.c.
 * Objects     None of their own.  A group is the set of processes with
 *             the same p->pgid, a session those with the same p->sid;
 *             each id is the pid of the process that made it (its
 *             leader), which may exit before its members.  A zombie is
 *             still a member: a process leaves its group when its slot
 *             is freed (freeproc), as in the seed's proc_free.  ctty:
 *             the console's session and foreground group.
 * Operations  setpgid(pid, pgid): pid 0 is the caller, pgid 0 the
 *               target's own pid.  0; -EINVAL pgid < 0; -ESRCH pid is
 *               neither the caller nor its child; -EACCES a child that
 *               has called exec; -EPERM a child in another session, a
 *               session leader, or pgid names no group of the caller's
 *               session.
 *             getpgid(pid), getsid(pid): the id (pid 0: the caller);
 *               -ESRCH no such process.  getpgrp(): the caller's group.
 *             setsid(): the new session id (the caller's pid, also its
 *               new group); -EPERM the caller's pid already names a
 *               group (it leads one).  The new session has no console.
 *             tcsetpgrp(fd, pgid): 0; -EBADF fd not open; -ENOTTY fd is
 *               not the console, or the console is another session's
 *               and the caller does not lead its own session; -EINVAL
 *               pgid <= 0; -EPERM pgid names no group of the caller's
 *               session.  A session leader takes the console for its
 *               session this way.
 *             tcgetpgrp(fd): the foreground group; -EBADF; -ENOTTY fd is
 *               not the console or the console is another session's.
 *             pgrp_kill (kill(0), kill(-pgid)): 0 some member signalled;
 *               -EPERM members, but none the caller may kill; -ESRCH
 *               no member.  Init is never killed.
 *             pgrp_exit: a session leader that owns the console hangs
 *               it up: its foreground group ends with SIGHUP and the
 *               console goes back to init's session.
 *             pgrp_interrupt: Ctrl-C, SIGINT to the foreground group.
 *             pgrp_console_read_ok: -EIO for a reader of the console's
 *               session outside its foreground group.
 * Design      Groups are not objects with member lists: NPROC is small,
 *             and a walk of the table under wait_lock answers "who is
 *             in group g?" with nothing to keep consistent at fork,
 *             exit and reap.  Kite has no stop signals, so what the seed
 *             does for job control beyond that is left out: fixjobc,
 *             which sends SIGHUP and SIGCONT to a group orphaned with
 *             stopped members, has nothing to do (no member is ever
 *             stopped), and reparented orphans simply keep their group
 *             and session.  For the same reason a background reader of
 *             the console gets EIO (what POSIX gives a reader that
 *             cannot be stopped by SIGTTIN), and background writers
 *             write.  There are no signal handlers either, so the shell
 *             cannot ignore SIGINT: Ctrl-C spares session leaders (the
 *             shell at its prompt, init) instead.  Kite has one
 *             terminal and no TIOCSCTTY: a session leader takes the
 *             console with tcsetpgrp, and it returns to init's session
 *             (group 1) when that leader exits, so that init can hand
 *             it to the next shell.  A fork racing with a group kill
 *             cannot escape it: a child of a killed parent is killed
 *             too (pgrp_fork).
 * Locking     wait_lock protects p->pgid, p->sid and p->execed of every
 *             process and ctty: a walk of the table under it sees every
 *             group whole, and fork, setpgid and setsid change groups
 *             under it.  Group kills take each member's p->lock to mark
 *             it (wait_lock -> p->lock, as in exit.c).  The console
 *             calls in with cons.lock held (cons.lock -> wait_lock) for
 *             reads, and without it for Ctrl-C.
 * Interfaces  sys_setpgid, sys_getpgid, sys_getpgrp, sys_setsid,
 *             sys_getsid, sys_tcsetpgrp, sys_tcgetpgrp; pgrp_userinit,
 *             pgrp_fork (proc.c), pgrp_exec (exec.c), pgrp_exit
 *             (exit.c), pgrp_kill (proc.c's kill), pgrp_interrupt and
 *             pgrp_console_read_ok (console.c).
 * Origins     Kept from the seed: waitpid(0) is the caller's group and
 *             waitpid(-pgid) a group's ("Child not in correct pgrp"),
 *             a process leaves its group when it is freed (leavepgrp),
 *             a session leader's exit hangs up its terminal's
 *             foreground group (pgsignal(tp->t_pgrp, SIGHUP)).  Changed:
 *             no struct pgrp or struct session; no stopped jobs, so no
 *             fixjobc; the console returns to init's session.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "proc.h"
#include "fs.h"
#include "file.h"
#include "defs.h"
#include "wait.h"

static struct {
    int sid;  /* w: the session that owns the console */
    int pgrp; /* w: its foreground group */
} ctty;

/* Init starts group 1 and session 1, which own the console.
 * Caller: userinit, before any other process exists. */
void
pgrp_userinit(struct proc *p)
{
    p->pgid = p->sid = p->pid;
    ctty.sid = ctty.pgrp = p->pid;
}

/* The child np joins p's group and session.  If p has been killed (a
 * group kill may just have passed over np's slot), np dies with it.
 * Caller holds: wait_lock. */
void
pgrp_fork(struct proc *p, struct proc *np)
{
    KASSERT(holding(&wait_lock));
    np->pgid = p->pgid;
    np->sid = p->sid;
    np->execed = 0;
    int sig = killed(p);
    if (sig) {
        acquire(&np->lock);
        np->killed = sig;
        release(&np->lock);
    }
}

/* p has called exec: its parent may no longer change its group. */
void
pgrp_exec(struct proc *p)
{
    acquire(&wait_lock);
    p->execed = 1;
    release(&wait_lock);
}

/* Is some process in group pgid (and session sid, unless sid is 0)?
 * Caller holds: wait_lock, so that no group changes meanwhile. */
static int
group_exists(long pgid, int sid)
{
    KASSERT(holding(&wait_lock));
    for (struct proc *p = proc; p < &proc[NPROC]; p++)
        if (p->pgid == pgid && (sid == 0 || p->sid == sid))
            return 1;
    return 0;
}

/* Signal every member of group pgid that sender may signal (sender 0:
 * the kernel, which spares only init), leaving session leaders alone if
 * spare_leaders.  Caller holds: wait_lock.
 * Returns: 0, -EPERM (members, none permitted), -ESRCH (no member). */
static int
signal_group(long pgid, int sig, struct proc *sender, int spare_leaders)
{
    KASSERT(holding(&wait_lock));
    int found = 0, permitted = 0;
    for (struct proc *p = proc; p < &proc[NPROC]; p++) {
        if (p->pgid != pgid)
            continue; /* pgid is 0 in a free slot */
        found = 1;
        acquire(&p->lock);
        int ok = sender ? may_signal(sender, p) : p != initproc;
        if (ok && !(spare_leaders && p->pid == p->sid))
            signal_proc(p, sig);
        permitted |= ok;
        release(&p->lock);
    }
    return permitted ? 0 : found ? -EPERM : -ESRCH;
}

/* kill(0, sig): the caller's group; kill(-pgid, sig): group pgid. */
int
pgrp_kill(struct proc *me, int pid, int sig)
{
    acquire(&wait_lock);
    long pgid = pid == 0 ? me->pgid : -(long)pid;
    int err = signal_group(pgid, sig, me, 0);
    release(&wait_lock);
    return err;
}

/* The exit of a session leader that owns the console hangs it up, as
 * in the seed: the foreground group ends with SIGHUP.  The console then
 * goes back to init's session.  Caller holds: wait_lock. */
void
pgrp_exit(struct proc *p)
{
    KASSERT(holding(&wait_lock));
    if (p->pid != p->sid || ctty.sid != p->sid)
        return;
    signal_group(ctty.pgrp, SIGHUP, 0, 0);
    ctty.sid = initproc->sid;
    ctty.pgrp = initproc->pgid;
}

/* Ctrl-C: end the console's foreground group with SIGINT.  Called from
 * the console's interrupt handler with no lock held. */
void
pgrp_interrupt(void)
{
    acquire(&wait_lock);
    signal_group(ctty.pgrp, SIGINT, 0, 1);
    release(&wait_lock);
}

/* May p read the console?  Not if it is in the console's session but
 * outside its foreground group.  Returns: 0 or -EIO. */
int
pgrp_console_read_ok(struct proc *p)
{
    acquire(&wait_lock);
    int background = p->sid == ctty.sid && p->pgid != ctty.pgrp;
    release(&wait_lock);
    return background ? -EIO : 0;
}

/* The child of me with pid, or 0.  Caller holds: wait_lock. */
static struct proc *
child_of(struct proc *me, int pid)
{
    KASSERT(holding(&wait_lock));
    for (struct proc *c = me->children; c; c = c->sibling)
        if (c->pid == pid)
            return c;
    return 0;
}

/* setpgid's checks and change.  Caller holds: wait_lock. */
static int
set_group(struct proc *me, int pid, int pgid)
{
    KASSERT(holding(&wait_lock));
    struct proc *p = me;
    if (pid != 0 && pid != me->pid) {
        if ((p = child_of(me, pid)) == 0)
            return -ESRCH;
        if (p->sid != me->sid)
            return -EPERM;
        if (p->execed)
            return -EACCES;
    }
    if (p->pid == p->sid)
        return -EPERM; /* a session leader stays in its own group */
    if (pgid == 0)
        pgid = p->pid;
    if (pgid != p->pid && !group_exists(pgid, me->sid))
        return -EPERM;
    p->pgid = pgid;
    return 0;
}

long
sys_setpgid(void)
{
    int pid = argint(0), pgid = argint(1);
    if (pgid < 0)
        return -EINVAL;
    acquire(&wait_lock);
    int err = set_group(myproc(), pid, pgid);
    release(&wait_lock);
    return err;
}

/* Process pid's group (or session if want_sid); pid 0 is the caller.
 * Returns: the id, or -ESRCH. */
static int
ids_of(int pid, int want_sid)
{
    struct proc *me = myproc();
    int ret = -ESRCH;
    if (pid == 0)
        pid = me->pid;
    acquire(&wait_lock);
    for (struct proc *p = proc; p < &proc[NPROC]; p++) {
        acquire(&p->lock); /* for p->pid and p->state */
        if (p->pid == pid && p->state != UNUSED && p->pgid != 0)
            ret = want_sid ? p->sid : p->pgid;
        release(&p->lock);
        if (ret >= 0)
            break;
    }
    release(&wait_lock);
    return ret;
}

long
sys_getpgid(void)
{
    return ids_of(argint(0), 0);
}

long
sys_getsid(void)
{
    return ids_of(argint(0), 1);
}

long
sys_getpgrp(void)
{
    return ids_of(0, 0);
}

long
sys_setsid(void)
{
    struct proc *me = myproc();
    int ret = me->pid;
    acquire(&wait_lock);
    if (group_exists(me->pid, 0))
        ret = -EPERM;
    else
        me->pgid = me->sid = me->pid;
    release(&wait_lock);
    return ret;
}

/* Is fd the caller's descriptor of the console?
 * Returns: 0, -EBADF (not open), -ENOTTY (another file). */
static int
console_fd(int fd)
{
    struct proc *me = myproc();
    if (fd < 0 || fd >= NOFILE || me->ofile[fd] == 0)
        return -EBADF;
    struct file *f = me->ofile[fd];
    if (f->type != FD_DEVICE || f->major != CONSOLE)
        return -ENOTTY;
    return 0;
}

long
sys_tcsetpgrp(void)
{
    struct proc *me = myproc();
    int pgid = argint(1);
    int err = console_fd(argint(0));
    if (err < 0)
        return err;
    if (pgid <= 0)
        return -EINVAL;
    acquire(&wait_lock);
    if (!group_exists(pgid, me->sid)) {
        err = -EPERM;
    } else if (ctty.sid != me->sid && me->pid != me->sid) {
        err = -ENOTTY; /* another session's, and we cannot take it */
    } else {
        ctty.sid = me->sid;
        ctty.pgrp = pgid;
    }
    release(&wait_lock);
    return err;
}

long
sys_tcgetpgrp(void)
{
    struct proc *me = myproc();
    int ret = console_fd(argint(0));
    if (ret < 0)
        return ret;
    acquire(&wait_lock);
    ret = ctty.sid == me->sid ? ctty.pgrp : -ENOTTY;
    release(&wait_lock);
    return ret;
}
