/*
 * System V semaphore sets, on the namespace of kernel/ipc.c.
 *
 * Overview    A set holds 1..SEMMSL counters with values 0..SEMVMX.
 *             semop applies a list of operations to one set all at once
 *             or not at all: add (op > 0), take (op < 0: wait until the
 *             value is large enough) and wait-for-zero (op == 0).
 *             SEM_UNDO makes the kernel take back a process's changes
 *             when it ends.  semctl reads and sets values and the set's
 *             settings, or removes it.
 *
 * Objects     struct semset: the kipc_perm header, nsems, times, one
 *             wait channel, and an array of struct semval (value, pid of
 *             the last changer, sleeper counts ncnt and zcnt, and a
 *             generation number).  struct sem_undo: one record per
 *             (set id, semaphore) a process used with SEM_UNDO, holding
 *             the adjustment to apply at its exit; a list of them hangs
 *             off p->sem_undo.
 *
 * Operations  semget(key, nsems, flag): the id; -EINVAL nsems < 0 or >
 *                 SEMMSL, nsems 0 when creating, nsems larger than an
 *                 existing set's; ipc_get's errors; -ENOMEM.
 *             semop(id, sops, nsops): 0; -EINVAL nsops 0 or bad id;
 *                 -E2BIG nsops > SEMOPM; -EFAULT; -EFBIG a sem_num >=
 *                 nsems; -EACCES (write permission when any op is
 *                 nonzero, read when all wait for zero); -ERANGE a value
 *                 would pass SEMVMX, or a SEM_UNDO op would take the
 *                 process's adjustment for its semaphore past -SEMVMX..
 *                 SEMVMX (POSIX: "would cause a semadj value to
 *                 overflow"; nothing is changed); -EAGAIN an op that
 *                 cannot proceed has IPC_NOWAIT; -EIDRM set removed
 *                 while asleep; -EINTR killed while asleep; -ENOMEM no
 *                 undo record.
 *             semctl(id, num, cmd, arg): -EINVAL bad id, num or cmd.
 *                 Read permission (else -EACCES): GETVAL, GETPID,
 *                 GETNCNT, GETZCNT (the value returned), GETALL (arg: a
 *                 user unsigned short array), IPC_STAT (arg: struct
 *                 semid_ds *).  Write permission: SETVAL (arg: the int
 *                 value; -ERANGE outside 0..SEMVMX), SETALL (arg: an
 *                 array; -ERANGE).  Owner, creator or root (else
 *                 -EPERM): IPC_SET, IPC_RMID.  -EFAULT bad arg pointer
 *                 (-ENOMEM a copy-on-write one with memory out).
 *             semids(buf, n, &count): see ipc_ids.
 *
 * Design      semop tries the operations in order on the real values
 *             and, at the first one that cannot proceed, backs out the
 *             ones already applied: sequential semantics within a call
 *             (two ops on one semaphore see each other) with nothing
 *             visible to others until all succeed, since the id lock is
 *             held throughout.  A blocked caller counts itself in ncnt
 *             or zcnt of the semaphore that stopped it and sleeps on the
 *             set.  A semop that may let one of them through (an add to
 *             a semaphore with takers waiting, a take from one with
 *             zero-waiters) wakes all the set's sleepers, which retry
 *             from the start; other changes cannot help them.
 *             SEM_UNDO: records are made before the id lock is taken
 *             (kmalloc), adjusted under it only when the whole semop
 *             succeeds, and records left at 0 are dropped after the
 *             call.  An adjustment stays within -SEMVMX..SEMVMX: a
 *             semop that would take one outside fails with -ERANGE
 *             before any value changes (doc/decisions.md), so the int
 *             can never wrap and exit never applies a wrapped value.
 *             Only the process itself touches its list, so the list
 *             needs no lock.  At exit, semundo_exit adds each
 *             adjustment back, clamped to 0..SEMVMX; a record of a set
 *             since removed finds no set (its id includes the slot's
 *             sequence number) and is dropped.  Fork does not copy the
 *             list (proc.c starts the child with none); exec keeps it.
 *             SETVAL and SETALL cancel every process's adjustments for
 *             the semaphores they set, as POSIX asks, without visiting
 *             other processes: each semaphore has a generation number
 *             that they bump; a record remembers the generation it was
 *             made in, and one from an older generation counts as 0.
 *
 * Locking     sem_ns.lock -> a set's id lock (the slot lock in ipc.c)
 *             -> p->lock (sleep/wakeup).  The id lock protects all of a
 *             set but nsems, which is constant.  p->sem_undo: only the
 *             process itself (fields adj and gen change under the set's
 *             id lock too, and are read by the process alone).
 *
 * Interfaces  sys_semget, sys_semop, sys_semctl, sys_semids
 *             (kernel/syscalls.h).  sem_init_ns from main.c,
 *             semundo_exit from exit.c, sem_count_used for sysinfo.
 *
 * Origins     Written for Kite from the System V interface (POSIX
 *             semop/semctl); the namespace part is the seed's (ipc.c).
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"
#include "errno.h"
#include "ipcns.h"

/* One semaphore.  Legend: i: the set's id lock. */
struct semval {
    int val;  /* i: 0..SEMVMX */
    int pid;  /* i: last process to change val */
    int ncnt; /* i: sleepers waiting for val to grow */
    int zcnt; /* i: sleepers waiting for val to be 0 */
    uint gen; /* i: bumped by SETVAL/SETALL, cancelling undo records */
};

struct semset {
    struct kipc_perm perm; /* first: ipc.c sees only this */
    int nsems;             /* constant */
    long otime, ctime;     /* i: ticks of last semop, last change */
    char chan;             /* semop sleepers sleep on its address */
    int nsleeping;         /* semop callers asleep on chan */
    struct semval sems[];  /* i */
};

_Static_assert(sizeof(struct semset) + SEMMSL * sizeof(struct semval) <= 2048,
               "a semaphore set must fit one kmalloc block");

/* One SEM_UNDO record.  Only its process uses it (see Locking). */
struct sem_undo {
    struct sem_undo *next;
    int semid;
    int num;
    int adj;  /* add this to the value at exit */
    uint gen; /* the semaphore's gen when adj was last changed */
};

static struct ipc_ns sem_ns;

/* The namespace's destructor. */
static void
semset_destroy(struct kipc_perm *perm)
{
    kmfree(perm);
}

/* Set up the semaphore-set namespace; called once at boot. */
void
sem_init_ns(void)
{
    ipc_ns_init(&sem_ns, "sem_ns", semset_destroy);
}

/* Semaphore sets alive, removed ones still referenced included. */
int
sem_count_used(void)
{
    return ipc_count(&sem_ns);
}

/* semget(key, nsems, flag): find or make a set. */
long
sys_semget(void)
{
    key_t key = argint(0);
    int nsems = argint(1);
    int flag = argint(2);
    struct kipc_perm *found;
    struct semset *set;
    int r;

    if (nsems < 0 || nsems > SEMMSL)
        return -EINVAL;
again:
    if ((r = ipc_get(&sem_ns, key, flag, &found)) < 0)
        return r;
    if (found) {
        set = (struct semset *)found;
        r = nsems > set->nsems ? -EINVAL : found->id;
        ipc_unlock(&sem_ns, found);
        return r;
    }
    if (nsems == 0)
        return -EINVAL;
    set = kmalloc(sizeof(*set) + nsems * sizeof(struct semval));
    if (set == 0)
        return -ENOMEM;
    set->nsems = nsems;
    set->ctime = ticks;
    r = ipc_commit(&sem_ns, &set->perm, key, flag);
    if (r == -EAGAIN)
        goto again;
    return r;
}

/* p's undo record for semaphore num of set id, or 0. */
static struct sem_undo *
semundo_find(struct proc *p, int id, int num)
{
    struct sem_undo *u;

    for (u = p->sem_undo; u; u = u->next)
        if (u->semid == id && u->num == num)
            return u;
    return 0;
}

/* Does any of the ops ask for SEM_UNDO? */
static int
any_undo(struct sembuf *ops, int nops)
{
    for (int i = 0; i < nops; i++)
        if (ops[i].sem_flg & SEM_UNDO)
            return 1;
    return 0;
}

/* Make sure p has a record for every SEM_UNDO op, before any lock.
 * Returns: 0, or -ENOMEM. */
static int
semundo_prepare(struct proc *p, int id, struct sembuf *ops, int nops)
{
    struct sem_undo *u;
    int i;

    for (i = 0; i < nops; i++) {
        if (!(ops[i].sem_flg & SEM_UNDO) || ops[i].sem_op == 0)
            continue;
        if (semundo_find(p, id, ops[i].sem_num))
            continue;
        if ((u = kmalloc(sizeof(*u))) == 0)
            return -ENOMEM;
        u->semid = id;
        u->num = ops[i].sem_num;
        u->next = p->sem_undo;
        p->sem_undo = u;
    }
    return 0;
}

/* Drop p's records whose adjustment is 0. */
static void
semundo_prune(struct proc *p)
{
    struct sem_undo **up = &p->sem_undo, *u;

    while ((u = *up) != 0) {
        if (u->adj == 0) {
            *up = u->next;
            kmfree(u);
        } else {
            up = &u->next;
        }
    }
}

/* Check sem_nums and permission for a semop.
 * Caller holds: the id lock.  Returns: 0, -EFBIG, -EACCES. */
static int
semop_check(struct semset *set, struct sembuf *ops, int nops)
{
    int i, alter = 0;

    ipc_assert_held(&sem_ns, &set->perm);
    for (i = 0; i < nops; i++) {
        if (ops[i].sem_num >= set->nsems)
            return -EFBIG;
        if (ops[i].sem_op != 0)
            alter = 1;
    }
    return ipcperm_access(&set->perm, alter ? IPC_W : IPC_R);
}

/* Can op proceed on s now?  Returns: 0, -ERANGE (the value would pass
 * SEMVMX) or -EAGAIN (it has to wait). */
static int
semval_check(struct semval *s, int op)
{
    if (op > 0)
        return s->val + op > SEMVMX ? -ERANGE : 0;
    if (op < 0)
        return s->val + op < 0 ? -EAGAIN : 0;
    return s->val != 0 ? -EAGAIN : 0;
}

/* Apply ops in order, or none of them.
 * Caller holds: the id lock.
 * Returns: 0 (all applied), -ERANGE, or -EAGAIN with *stop the index
 * of the op that has to wait. */
static int
semop_try(struct semset *set, struct sembuf *ops, int nops, int *stop)
{
    struct semval *s;
    int i, r = 0;

    ipc_assert_held(&sem_ns, &set->perm);
    for (i = 0; i < nops; i++) {
        s = &set->sems[ops[i].sem_num];
        if ((r = semval_check(s, ops[i].sem_op)) < 0)
            break;
        s->val += ops[i].sem_op;
    }
    if (r == 0)
        return 0;
    *stop = i;
    while (i-- > 0)
        set->sems[ops[i].sem_num].val -= ops[i].sem_op;
    return r;
}

/* Sleep until the set changes, counted as waiting on op's semaphore.
 * Caller holds: the id lock.  Returns: as ipc_wait. */
static int
semop_sleep(struct semset *set, struct sembuf *op)
{
    struct semval *s = &set->sems[op->sem_num];
    int *count = op->sem_op == 0 ? &s->zcnt : &s->ncnt;
    int r;

    (*count)++;
    set->nsleeping++;
    r = ipc_wait(&sem_ns, &set->perm, &set->chan);
    if (r != -EIDRM) {
        (*count)--;
        set->nsleeping--;
    }
    return r;
}

/* Might op, just applied to s, let a sleeper through?  An add can
 * satisfy a taker (ncnt), a take a zero-waiter (zcnt): not only when the
 * value reaches 0, since a sleeper's own earlier ops may take from it
 * first (semop({X,-1},{X,0}) waits for X == 1). */
static int
semop_may_wake(struct semval *s, int op)
{
    return (op > 0 && s->ncnt > 0) || (op < 0 && s->zcnt > 0);
}

/* Is op one that changes p's adjustment for its semaphore? */
static int
undoable_op(struct sembuf *op)
{
    return op->sem_op != 0 && (op->sem_flg & SEM_UNDO);
}

/* Would the SEM_UNDO ops take an adjustment past -SEMVMX..SEMVMX?
 * Ops on one semaphore add up, so each is checked with those before it
 * in the call.  A record from an older generation counts as 0.
 * Caller holds: the id lock.  Returns: 0 or -ERANGE. */
static int
semundo_check(struct proc *p, struct semset *set, struct sembuf *ops, int nops)
{
    struct semval *s;
    struct sem_undo *u;
    int i, j, adj;

    ipc_assert_held(&sem_ns, &set->perm);
    for (i = 0; i < nops; i++) {
        if (!undoable_op(&ops[i]))
            continue;
        s = &set->sems[ops[i].sem_num];
        u = semundo_find(p, set->perm.id, ops[i].sem_num);
        KASSERT(u != 0);
        adj = u->gen == s->gen ? u->adj : 0;
        for (j = 0; j <= i; j++)
            if (undoable_op(&ops[j]) && ops[j].sem_num == ops[i].sem_num)
                adj -= ops[j].sem_op;
        if (adj < -SEMVMX || adj > SEMVMX)
            return -ERANGE;
    }
    return 0;
}

/* After a successful semop, record each SEM_UNDO op's opposite in p's
 * undo record for it (made by semundo_prepare).
 * Caller holds: the id lock. */
static void
semundo_adjust(struct proc *p, struct semset *set, struct sembuf *ops, int nops)
{
    struct semval *s;
    struct sem_undo *u;

    for (int i = 0; i < nops; i++) {
        if (ops[i].sem_op == 0 || !(ops[i].sem_flg & SEM_UNDO))
            continue;
        s = &set->sems[ops[i].sem_num];
        u = semundo_find(p, set->perm.id, ops[i].sem_num);
        KASSERT(u != 0);
        if (u->gen != s->gen) {
            u->adj = 0; /* SETVAL/SETALL cancelled the old adjustment */
            u->gen = s->gen;
        }
        u->adj -= ops[i].sem_op;
    }
}

/* After a successful semop: pids, times, undo adjustments, wake-ups.
 * Caller holds: the id lock. */
static void
semop_commit(struct proc *p, struct semset *set, struct sembuf *ops, int nops)
{
    struct semval *s;
    int i, wake = 0;

    ipc_assert_held(&sem_ns, &set->perm);
    for (i = 0; i < nops; i++) {
        s = &set->sems[ops[i].sem_num];
        s->pid = p->pid;
        wake |= semop_may_wake(s, ops[i].sem_op);
    }
    if (p->sem_undo)
        semundo_adjust(p, set, ops, nops);
    set->otime = ticks;
    if (wake)
        wakeup(&set->chan);
}

/* The body of semop, with the ops in kernel memory.
 * Returns: 0 or -errno (see Operations). */
static int
semop_run(struct proc *p, int id, struct sembuf *ops, int nops)
{
    struct semset *set = (struct semset *)ipc_lookup(&sem_ns, id);
    int r, stop = 0;

    if (set == 0)
        return -EINVAL;
    r = semop_check(set, ops, nops);
    /* The undo check goes first and again after each sleep: SETVAL or
     * SETALL by another process may have cancelled the adjustments. */
    while (r == 0 && (r = semundo_check(p, set, ops, nops)) == 0 &&
           (r = semop_try(set, ops, nops, &stop)) == -EAGAIN) {
        if (ops[stop].sem_flg & IPC_NOWAIT)
            break;
        r = semop_sleep(set, &ops[stop]);
        if (r == -EIDRM)
            return r; /* the id lock is gone with the set */
    }
    if (r == 0)
        semop_commit(p, set, ops, nops);
    ipc_unlock(&sem_ns, &set->perm);
    return r;
}

/* semop_run with SEM_UNDO bookkeeping around it: records made before,
 * records left at 0 dropped after. */
static int
semop_undoable(struct proc *p, int id, struct sembuf *ops, int nops)
{
    int r;

    if (p->sem_undo == 0 && !any_undo(ops, nops))
        return semop_run(p, id, ops, nops); /* no undo records to keep */
    r = semundo_prepare(p, id, ops, nops);
    if (r == 0)
        r = semop_run(p, id, ops, nops);
    semundo_prune(p);
    return r;
}

/* A single op without SEM_UNDO, the common case (a lock, a counting
 * semaphore): semop_run's steps with nothing to back out and no undo
 * record to keep, so none of its loops (see doc/performance.md).
 * Returns: as semop_run. */
static int
semop_one(struct proc *p, int id, struct sembuf *op)
{
    struct semset *set = (struct semset *)ipc_lookup(&sem_ns, id);
    struct semval *s;
    int r;

    if (set == 0)
        return -EINVAL;
    r = -EFBIG;
    if (op->sem_num >= set->nsems)
        goto out;
    if ((r = ipcperm_check(p, &set->perm, op->sem_op ? IPC_W : IPC_R)) < 0)
        goto out;
    s = &set->sems[op->sem_num];
    while ((r = semval_check(s, op->sem_op)) == -EAGAIN) {
        if (op->sem_flg & IPC_NOWAIT)
            goto out;
        if ((r = semop_sleep(set, op)) == -EIDRM)
            return r; /* the id lock is gone with the set */
        if (r < 0)
            goto out;
    }
    if (r == 0) {
        s->val += op->sem_op;
        s->pid = p->pid;
        set->otime = ticks;
        if (semop_may_wake(s, op->sem_op))
            wakeup(&set->chan);
    }
out:
    ipc_unlock(&sem_ns, &set->perm);
    return r;
}

/* semop(id, sops, nsops): apply the operations, all or none. */
long
sys_semop(void)
{
    struct proc *p = myproc();
    int id = argint(0);
    uint64 uops = argaddr(1);
    uint64 nops = argaddr(2);
    struct sembuf ops[SEMOPM];

    if (nops == 0)
        return -EINVAL;
    if (nops > SEMOPM)
        return -E2BIG;
    if (copyin(p->pagetable, ops, uops, nops * sizeof(ops[0])) < 0)
        return -EFAULT;
    if (nops == 1 && !(ops[0].sem_flg & SEM_UNDO))
        return semop_one(p, id, &ops[0]);
    return semop_undoable(p, id, ops, nops);
}

/* Add one record's adjustment back (see Design). */
static void
semundo_apply(struct proc *p, struct sem_undo *u)
{
    struct semset *set = (struct semset *)ipc_lookup(&sem_ns, u->semid);
    struct semval *s;
    int v;

    if (set == 0)
        return; /* removed since: nothing to give back */
    s = u->num < set->nsems ? &set->sems[u->num] : 0;
    if (s && s->gen == u->gen) {
        v = s->val + u->adj;
        s->val = v < 0 ? 0 : (v > SEMVMX ? SEMVMX : v);
        s->pid = p->pid;
        wakeup(&set->chan);
    }
    ipc_unlock(&sem_ns, &set->perm);
}

/* Undo p's SEM_UNDO adjustments and free its records; called when p
 * ends, however it ends.  Caller: exit.c, with no lock held.
 * Sleeps: no. */
void
semundo_exit(struct proc *p)
{
    struct sem_undo *u;

    while ((u = p->sem_undo) != 0) {
        p->sem_undo = u->next;
        if (u->adj != 0)
            semundo_apply(p, u);
        kmfree(u);
    }
}

/* GETVAL, GETPID, GETNCNT, GETZCNT.  Returns: the value or -errno. */
static int
semctl_get(int id, int num, int cmd)
{
    struct semset *set = (struct semset *)ipc_lookup(&sem_ns, id);
    struct semval *s;
    int r;

    if (set == 0)
        return -EINVAL;
    if ((r = ipcperm_access(&set->perm, IPC_R)) < 0)
        goto out;
    r = -EINVAL;
    if (num < 0 || num >= set->nsems)
        goto out;
    s = &set->sems[num];
    if (cmd == GETVAL)
        r = s->val;
    else if (cmd == GETPID)
        r = s->pid;
    else if (cmd == GETNCNT)
        r = s->ncnt;
    else
        r = s->zcnt;
out:
    ipc_unlock(&sem_ns, &set->perm);
    return r;
}

/* SETVAL.  Returns: 0 or -errno. */
static int
semctl_setval(int id, int num, int val)
{
    struct semset *set = (struct semset *)ipc_lookup(&sem_ns, id);
    struct semval *s;
    int r;

    if (set == 0)
        return -EINVAL;
    if ((r = ipcperm_access(&set->perm, IPC_W)) < 0)
        goto out;
    r = -EINVAL;
    if (num < 0 || num >= set->nsems)
        goto out;
    r = -ERANGE;
    if (val < 0 || val > SEMVMX)
        goto out;
    s = &set->sems[num];
    s->val = val;
    s->pid = myproc()->pid;
    s->gen++;
    set->ctime = ticks;
    wakeup(&set->chan);
    r = 0;
out:
    ipc_unlock(&sem_ns, &set->perm);
    return r;
}

/* GETALL into the user array uarr.  Returns: 0 or -errno. */
static int
semctl_getall(int id, uint64 uarr)
{
    struct semset *set = (struct semset *)ipc_lookup(&sem_ns, id);
    ushort vals[SEMMSL];
    int i, n, r;

    if (set == 0)
        return -EINVAL;
    memset(vals, 0, sizeof(vals));
    n = set->nsems;
    if ((r = ipcperm_access(&set->perm, IPC_R)) == 0)
        for (i = 0; i < n; i++)
            vals[i] = set->sems[i].val;
    ipc_unlock(&sem_ns, &set->perm);
    if (r == 0)
        r = copyout(myproc()->pagetable, uarr, vals, n * sizeof(ushort));
    return r;
}

/* The size of set id if the caller may write it.
 * Returns: nsems, or -EINVAL, -EACCES. */
static int
semctl_nsems_w(int id)
{
    struct semset *set = (struct semset *)ipc_lookup(&sem_ns, id);
    int r;

    if (set == 0)
        return -EINVAL;
    if ((r = ipcperm_access(&set->perm, IPC_W)) == 0)
        r = set->nsems;
    ipc_unlock(&sem_ns, &set->perm);
    return r;
}

/* SETALL from the user array uarr.  The set's size is needed to copy
 * the array in, and the copy must happen with no lock held: look up,
 * copy, look up again (an id names one set for life, so nsems cannot
 * have changed; the set may have gone).  Returns: 0 or -errno. */
static int
semctl_setall(int id, uint64 uarr)
{
    struct semset *set;
    ushort vals[SEMMSL];
    int i, n, r;

    if ((n = semctl_nsems_w(id)) < 0)
        return n;
    if (copyin(myproc()->pagetable, vals, uarr, n * sizeof(ushort)) < 0)
        return -EFAULT;
    for (i = 0; i < n; i++)
        if (vals[i] > SEMVMX)
            return -ERANGE;
    if ((set = (struct semset *)ipc_lookup(&sem_ns, id)) == 0)
        return -EINVAL;
    if ((r = ipcperm_access(&set->perm, IPC_W)) == 0) {
        for (i = 0; i < n; i++) {
            set->sems[i].val = vals[i];
            set->sems[i].pid = myproc()->pid;
            set->sems[i].gen++;
        }
        set->ctime = ticks;
        wakeup(&set->chan);
    }
    ipc_unlock(&sem_ns, &set->perm);
    return r;
}

/* IPC_STAT into the user struct at ubuf.  Returns: 0 or -errno. */
static int
semctl_stat(int id, uint64 ubuf)
{
    struct semset *set = (struct semset *)ipc_lookup(&sem_ns, id);
    struct semid_ds ds;
    int r;

    if (set == 0)
        return -EINVAL;
    memset(&ds, 0, sizeof(ds));
    if ((r = ipcperm_access(&set->perm, IPC_R)) == 0) {
        ipcperm_stat(&sem_ns, &set->perm, &ds.sem_perm);
        ds.sem_nsems = set->nsems;
        ds.sem_otime = set->otime;
        ds.sem_ctime = set->ctime;
    }
    ipc_unlock(&sem_ns, &set->perm);
    if (r == 0)
        r = copyout(myproc()->pagetable, ubuf, &ds, sizeof(ds));
    return r;
}

/* IPC_SET from the user struct at ubuf.  Returns: 0 or -errno. */
static int
semctl_set(int id, uint64 ubuf)
{
    struct semset *set;
    struct semid_ds ds;
    int r;

    if (copyin(myproc()->pagetable, &ds, ubuf, sizeof(ds)) < 0)
        return -EFAULT;
    if ((set = (struct semset *)ipc_lookup(&sem_ns, id)) == 0)
        return -EINVAL;
    if ((r = ipcperm_set(&sem_ns, &set->perm, &ds.sem_perm)) == 0)
        set->ctime = ticks;
    ipc_unlock(&sem_ns, &set->perm);
    return r;
}

/* IPC_RMID: sleepers wake with -EIDRM.  Returns: 0 or -errno. */
static int
semctl_rmid(int id)
{
    struct kipc_perm *perm;
    int r;

    if ((r = ipc_rmid(&sem_ns, id, &perm)) < 0)
        return r;
    wakeup(&((struct semset *)perm)->chan);
    ipc_rele(&sem_ns, perm);
    return 0;
}

/* semctl(id, num, cmd, arg): the control commands. */
long
sys_semctl(void)
{
    int id = argint(0);
    int num = argint(1);
    int cmd = argint(2);
    uint64 arg = argaddr(3); /* union semun: an int or a pointer */

    switch (cmd) {
    case GETVAL:
    case GETPID:
    case GETNCNT:
    case GETZCNT:
        return semctl_get(id, num, cmd);
    case SETVAL:
        return semctl_setval(id, num, (int)arg);
    case GETALL:
        return semctl_getall(id, arg);
    case SETALL:
        return semctl_setall(id, arg);
    case IPC_STAT:
        return semctl_stat(id, arg);
    case IPC_SET:
        return semctl_set(id, arg);
    case IPC_RMID:
        return semctl_rmid(id);
    default:
        return -EINVAL;
    }
}

/* semids(buf, n, &count): every set id. */
long
sys_semids(void)
{
    return ipc_ids(&sem_ns, argaddr(0), (uint)argint(1), argaddr(2));
}
