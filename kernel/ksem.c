/*
 * POSIX semaphores as kernel objects, after NetBSD's uipc_sem.c.
 *
 * Overview    Counting semaphores that live in the kernel, so that they
 *             work between processes that share no memory.  A named
 *             semaphore ("/jobs") is found by name with ksem_open and
 *             outlives its users until ksem_unlink; an unnamed one comes
 *             from ksem_init and is shared only by inheritance: fork
 *             gives the child every semaphore the parent holds.
 *
 * Objects     struct ksem, one slot of ksem_table.sems[KSEM_MAX]: value,
 *             waiters, owner uid/gid and mode, name (named ones only),
 *             refs (references held by all processes together),
 *             unlinked, and the slot's sequence number seq.
 *             A user program sees an id, never an address:
 *                 id = seq << 16 | slot
 *             A process's references live in p->ksem_refs[slot], one
 *             count per slot; opening a name it already holds returns
 *             the same id and adds one to that count.
 *
 * Operations  Every call returns 0 or a negative errno; -EINVAL for an
 *             id the caller does not hold (bad, stale or never seen).
 *             ksem_init(value, &id): -EINVAL value > SEM_VALUE_MAX,
 *                 -ENFILE table full, -EFAULT bad &id.
 *             ksem_open(name, oflag, mode, value, &id): -EINVAL bad name
 *                 (no leading '/', another '/', nothing after the '/'),
 *                 -ENAMETOOLONG more than SEM_NAME_MAX bytes, -EINVAL
 *                 O_CREAT with value > SEM_VALUE_MAX, -EEXIST O_CREAT|
 *                 O_EXCL of an existing name, -ENOENT missing name
 *                 without O_CREAT, -EACCES mode bits deny read+write,
 *                 -ENFILE table full, -EMFILE this process already holds
 *                 65535 references to it, -EFAULT bad name or &id.
 *             ksem_unlink(name): name errors as above, -ENOENT, -EACCES
 *                 caller neither owner nor root.
 *             ksem_close(id): -EINVAL unnamed.
 *             ksem_post(id): -EOVERFLOW at SEM_VALUE_MAX.
 *             ksem_wait(id): sleeps while the value is 0; -EINTR killed.
 *             ksem_trywait(id): -EAGAIN at 0.
 *             ksem_getvalue(id, &v): -EFAULT bad &v.
 *             ksem_destroy(id): -EINVAL named, -EBUSY with waiters.
 *             Where -EFAULT is listed, -ENOMEM too: the pointer is good
 *             but names a copy-on-write page and no page is free for
 *             the copy (checked before anything is made or opened).
 *
 * Design      A fixed table rather than the seed's malloc'd list: the
 *             slot index makes ids cheap to check, the limit KSEM_MAX is
 *             the table size, and no memory is allocated, so ksem_open
 *             can look a name up and insert it in one hold of the table
 *             lock: two processes racing to O_CREAT one name end with
 *             one semaphore.  The sequence number changes each time a
 *             slot is reused, so an old id names nothing (-EINVAL)
 *             instead of somebody else's new semaphore.
 *             A semaphore dies when refs reaches 0 and it has no name
 *             (unnamed, or unlinked); a named, linked one stays with no
 *             references, keeping its value, until ksem_unlink.  close
 *             and destroy drop the caller's reference only: a semaphore
 *             other processes still hold lives on.
 *             A process holding a reference keeps its slot allocated, so
 *             post/wait/trywait/getvalue need only the semaphore's own
 *             lock.  Anything that reads user memory (names) or writes
 *             it (ids, values) does so with no lock held; before making
 *             a semaphore, the &id word is read and written back once,
 *             so a bad pointer fails before anything has changed.
 *
 * Locking     Order: ksem_table.lock -> ks->lock -> wait_lock/p->lock
 *             (kernel/spinlock.h has the whole order).
 *             ksem_table.lock: allocation (used, nused), names, unlinked,
 *                 refs and every p->ksem_refs[] change, uid/gid/mode.
 *             ks->lock: value and waiters; sleep() releases it.
 *             seq: written with both locks held, read with either.
 *             p->ksem_refs[]: written under ksem_table.lock, read
 *                 without it only by p itself (nobody else writes it).
 *
 * Interfaces  The sys_ksem_* handlers (kernel/syscalls.h).  From
 *             main.c: ksem_init_table.  From proc.c/exit.c/exec.c:
 *             ksem_fork, ksem_exit, ksem_exec.  From sysinfo:
 *             ksem_count_used.  user/semaphore.c builds sem_open & co.
 *
 * Origins     Kept from the seed: named and unnamed semaphores,
 *             reference counts with a per-process record of references,
 *             the fork/exec/exit hooks, close-only-named and
 *             destroy-only-unnamed, EBUSY for destroy with waiters,
 *             waiter counts, a lock for the names and one per semaphore.
 *             Changed: ids are a slot and a sequence number, never a
 *             kernel address (the seed's SEM_TO_ID hands user space a
 *             pointer, and a stale id could name a reused object);
 *             permission failures are EACCES as POSIX says (the seed's
 *             EPERM), checking read and write for the caller's class;
 *             unlink requires owner or root (the seed lets anyone
 *             unlink); destroy refuses an unlinked named semaphore too
 *             (the seed allows it); names may be SEM_NAME_MAX (32)
 *             bytes, not 14; the value limit is INT_MAX so getvalue's
 *             int cannot overflow; a failed copyout of the id cannot
 *             leave a half-made semaphore behind.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"
#include "errno.h"
#include "fcntl.h"

#define KSEM_SLOT_BITS 16
#define KSEM_SLOT_MASK ((1 << KSEM_SLOT_BITS) - 1)
#define KSEM_SEQ_MAX 0x7fff  /* keeps ids positive */
#define KSEM_REFS_MAX 0xffff /* what a ushort in p->ksem_refs[] holds */

/* Legend: t: ksem_table.lock, s: ks->lock, ts: written under both. */
struct ksem {
    struct spinlock lock;
    uint value;   /* s */
    int waiters;  /* s: processes asleep in ksem_wait */
    ushort seq;   /* ts: changes each time the slot is allocated */
    int used;     /* t */
    int refs;     /* t: sum over processes of p->ksem_refs[slot] */
    int named;    /* t: made by ksem_open (stays set after unlink) */
    int unlinked; /* t: name no longer found by ksem_open */
    int uid, gid; /* t: owner */
    int mode;     /* t: permission bits, 0777 at most */
    char name[SEM_NAME_MAX + 1]; /* t */
};

static struct {
    struct spinlock lock;
    int nused; /* slots in use */
    struct ksem sems[KSEM_MAX];
} ksem_table;

/* Set up the table; called once at boot before any process runs. */
void
ksem_init_table(void)
{
    int i;

    initlock(&ksem_table.lock, "ksem_table");
    for (i = 0; i < KSEM_MAX; i++)
        initlock(&ksem_table.sems[i].lock, "ksem");
}

/* How many semaphore slots are in use, for sysinfo(). */
int
ksem_count_used(void)
{
    int n;

    acquire(&ksem_table.lock);
    n = ksem_table.nused;
    release(&ksem_table.lock);
    return n;
}

static int
ksem_slot_of(struct ksem *ks)
{
    return ks - ksem_table.sems;
}

/* The id user space sees.  Caller holds ksem_table.lock or ks->lock. */
static int
ksem_id(struct ksem *ks)
{
    return ((int)ks->seq << KSEM_SLOT_BITS) | ksem_slot_of(ks);
}

/*
 * The semaphore id names if p holds a reference to it, else 0.
 * Caller holds: ksem_table.lock (for close and destroy), or nothing, in
 * which case the caller checks seq after taking ks->lock.
 */
static struct ksem *
ksem_held(struct proc *p, int id)
{
    int slot;

    if (id < 0)
        return 0;
    slot = id & KSEM_SLOT_MASK;
    if (slot >= KSEM_MAX || p->ksem_refs[slot] == 0)
        return 0;
    return &ksem_table.sems[slot];
}

/* The semaphore id names, with its lock held, or 0 if p does not hold it.
 * A reference of p's keeps the slot (and so seq) stable. */
static struct ksem *
ksem_lock_id(struct proc *p, int id)
{
    struct ksem *ks = ksem_held(p, id);

    if (ks == 0)
        return 0;
    acquire(&ks->lock);
    if (ks->seq != (id >> KSEM_SLOT_BITS)) {
        release(&ks->lock);
        return 0;
    }
    return ks;
}

/* Like ksem_lock_id, for callers that hold the table lock instead. */
static struct ksem *
ksem_find_id(struct proc *p, int id)
{
    struct ksem *ks;

    KASSERT(holding(&ksem_table.lock));
    ks = ksem_held(p, id);
    if (ks == 0 || ks->seq != (id >> KSEM_SLOT_BITS))
        return 0;
    return ks;
}

/* The linked semaphore called name, or 0.  Caller holds the table lock. */
static struct ksem *
ksem_lookup(const char *name)
{
    struct ksem *ks;

    KASSERT(holding(&ksem_table.lock));
    /* LAB ksem: BEGIN */
    for (ks = ksem_table.sems; ks < ksem_table.sems + KSEM_MAX; ks++) {
        if (ks->used && ks->named && !ks->unlinked &&
            strncmp(ks->name, name, SEM_NAME_MAX + 1) == 0)
            return ks;
    }
    return 0;
    /* LAB ksem: STUB
    // Lab: the semaphore ksem_open should find under name, or 0.
    (void)ks, (void)name;
    return 0;
       LAB ksem: END */
}

/*
 * Take a free slot for a new semaphore owned by p, with no references.
 * Caller holds: ksem_table.lock.
 * Returns: the slot, or 0 when all KSEM_MAX are in use.
 */
static struct ksem *
ksem_alloc(struct proc *p, uint value, int mode)
{
    struct ksem *ks;

    KASSERT(holding(&ksem_table.lock));
    for (ks = ksem_table.sems; ks < ksem_table.sems + KSEM_MAX; ks++)
        if (!ks->used)
            break;
    if (ks == ksem_table.sems + KSEM_MAX)
        return 0;
    KASSERT(ks->refs == 0);
    acquire(&ks->lock);
    KASSERT(ks->waiters == 0);
    ks->seq = ks->seq % KSEM_SEQ_MAX + 1;
    ks->value = value;
    release(&ks->lock);
    ks->used = 1;
    ks->named = 0;
    ks->unlinked = 0;
    ks->uid = p->uid;
    ks->gid = p->gid;
    ks->mode = mode & 0777;
    ks->name[0] = '\0';
    ksem_table.nused++;
    return ks;
}

/* Give the slot back.  Caller holds: ksem_table.lock; refs is 0. */
static void
ksem_free(struct ksem *ks)
{
    KASSERT(holding(&ksem_table.lock));
    KASSERT(ks->used && ks->refs == 0);
    ks->used = 0;
    ks->named = 0;
    ks->unlinked = 0;
    ks->name[0] = '\0';
    ksem_table.nused--;
}

/*
 * Add one reference of p's to ks.
 * Caller holds: ksem_table.lock.
 * Returns: 0, or -EMFILE when p's count for the slot is full.
 */
static int
ksem_ref(struct proc *p, struct ksem *ks)
{
    int slot = ksem_slot_of(ks);

    KASSERT(holding(&ksem_table.lock));
    if (p->ksem_refs[slot] == KSEM_REFS_MAX)
        return -EMFILE;
    p->ksem_refs[slot]++;
    ks->refs++;
    return 0;
}

/*
 * Drop n of p's references to ks; free it if that was the last
 * reference and no name keeps it.  Caller holds: ksem_table.lock.
 */
static void
ksem_unref(struct proc *p, struct ksem *ks, int n)
{
    int slot = ksem_slot_of(ks);

    KASSERT(holding(&ksem_table.lock));
    KASSERT(n > 0 && p->ksem_refs[slot] >= n && ks->refs >= n);
    /* LAB ksem: BEGIN */
    p->ksem_refs[slot] -= n;
    ks->refs -= n;
    if (ks->refs == 0 && (!ks->named || ks->unlinked))
        ksem_free(ks);
    /* LAB ksem: STUB
    // Lab: this stub frees a semaphore when its last reference goes,
    // whatever it is.  Decide what must keep one alive.  See labs/ksem.md.
    p->ksem_refs[slot] -= n;
    ks->refs -= n;
    if (ks->refs == 0)
        ksem_free(ks);
       LAB ksem: END */
}

/* Drop one reference of p's by id, after a failed copyout. */
static void
ksem_undo_ref(struct proc *p, int id)
{
    struct ksem *ks;

    acquire(&ksem_table.lock);
    ks = ksem_find_id(p, id);
    if (ks != 0)
        ksem_unref(p, ks, 1);
    release(&ksem_table.lock);
}

/*
 * Check that the int at uva can be written, without changing it: read
 * it and write it back.  Sleeps: may, in copyin/copyout; no lock held.
 * A copy-on-write page becomes the process's own here, so the copyout
 * of the id after the semaphore is made cannot fail for want of memory.
 * Returns: 0, -EFAULT or -ENOMEM.
 */
static int
ksem_probe_out(uint64 uva)
{
    pagetable_t pt = myproc()->pagetable;
    int old;

    if (copyin(pt, &old, uva, sizeof(old)) < 0)
        return -EFAULT;
    return copyout(pt, uva, &old, sizeof(old));
}

/* Hand a new reference's id to user space, or drop it if that fails. */
static long
ksem_put_id(struct proc *p, int id, uint64 uidp)
{
    int err = copyout(p->pagetable, uidp, &id, sizeof(id));
    if (err < 0)
        ksem_undo_ref(p, id);
    return err;
}

/* Copy in and check the name in argument n.  Returns 0 or -errno. */
static int
ksem_fetch_name(int n, char *name)
{
    char *c;
    int err;

    err = copyinstr(myproc()->pagetable, name, argaddr(n), SEM_NAME_MAX + 1);
    if (err < 0)
        return err;
    if (name[0] != '/' || name[1] == '\0')
        return -EINVAL;
    for (c = name + 1; *c != '\0'; c++)
        if (*c == '/')
            return -EINVAL;
    return 0;
}

/* May p open ks for reading and writing?  Returns 0 or -EACCES. */
static int
ksem_access(struct proc *p, struct ksem *ks)
{
    int bits;

    KASSERT(holding(&ksem_table.lock));
    if (p->uid == 0)
        return 0;
    if (p->uid == ks->uid)
        bits = ks->mode >> 6;
    else if (p->gid == ks->gid)
        bits = ks->mode >> 3;
    else
        bits = ks->mode;
    return (bits & 06) == 06 ? 0 : -EACCES;
}

/* ksem_init(value, &id): make an unnamed semaphore. */
long
sys_ksem_init(void)
{
    struct proc *p = myproc();
    uint value = (uint)argint(0);
    uint64 uidp = argaddr(1);
    struct ksem *ks;
    int err, id;

    if (value > SEM_VALUE_MAX)
        return -EINVAL;
    if ((err = ksem_probe_out(uidp)) < 0)
        return err;
    acquire(&ksem_table.lock);
    ks = ksem_alloc(p, value, 0600);
    if (ks == 0) {
        release(&ksem_table.lock);
        return -ENFILE;
    }
    err = ksem_ref(p, ks);
    KASSERT(err == 0);
    id = ksem_id(ks);
    release(&ksem_table.lock);
    return ksem_put_id(p, id, uidp);
}

/*
 * Find or make the named semaphore for ksem_open and give p a reference.
 * Caller holds: ksem_table.lock.
 * Returns: the id, or -errno.
 */
static int
ksem_open_locked(struct proc *p, char *name, int oflag, int mode, uint value)
{
    struct ksem *ks;
    int err;

    KASSERT(holding(&ksem_table.lock));
    ks = ksem_lookup(name);
    if (ks != 0) {
        if ((oflag & O_CREAT) && (oflag & O_EXCL))
            return -EEXIST;
        if ((err = ksem_access(p, ks)) < 0)
            return err;
    } else {
        if (!(oflag & O_CREAT))
            return -ENOENT;
        if ((ks = ksem_alloc(p, value, mode)) == 0)
            return -ENFILE;
        ks->named = 1;
        safestrcpy(ks->name, name, sizeof(ks->name));
    }
    if ((err = ksem_ref(p, ks)) < 0)
        return err;
    return ksem_id(ks);
}

/* ksem_open(name, oflag, mode, value, &id): open or create by name. */
long
sys_ksem_open(void)
{
    struct proc *p = myproc();
    char name[SEM_NAME_MAX + 1];
    int oflag = argint(1);
    int mode = argint(2);
    uint value = (uint)argint(3);
    uint64 uidp = argaddr(4);
    int err;

    if ((err = ksem_fetch_name(0, name)) < 0)
        return err;
    if ((oflag & O_CREAT) && value > SEM_VALUE_MAX)
        return -EINVAL;
    if ((err = ksem_probe_out(uidp)) < 0)
        return err;
    acquire(&ksem_table.lock);
    err = ksem_open_locked(p, name, oflag, mode, value);
    release(&ksem_table.lock);
    if (err < 0)
        return err;
    return ksem_put_id(p, err, uidp);
}

/* ksem_unlink(name): take a name away; the semaphore lives on while
 * anyone holds it. */
long
sys_ksem_unlink(void)
{
    struct proc *p = myproc();
    char name[SEM_NAME_MAX + 1];
    struct ksem *ks;
    int err;

    if ((err = ksem_fetch_name(0, name)) < 0)
        return err;
    acquire(&ksem_table.lock);
    /* LAB ksem: BEGIN */
    ks = ksem_lookup(name);
    if (ks == 0) {
        err = -ENOENT;
        goto out;
    }
    if (p->uid != 0 && p->uid != ks->uid) {
        err = -EACCES;
        goto out;
    }
    ks->unlinked = 1;
    if (ks->refs == 0)
        ksem_free(ks);
    /* LAB ksem: STUB
    // Lab: take the name away (-ENOENT, -EACCES as the top comment
    // says); the semaphore itself lives as long as it is held.
    (void)p, (void)ks;
    err = -ENOENT;
    goto out;
       LAB ksem: END */
out:
    release(&ksem_table.lock);
    return err;
}

/* ksem_close(id): drop one reference to a named semaphore. */
long
sys_ksem_close(void)
{
    struct proc *p = myproc();
    int id = argint(0), err = 0;
    struct ksem *ks;

    acquire(&ksem_table.lock);
    ks = ksem_find_id(p, id);
    if (ks == 0 || !ks->named)
        err = -EINVAL;
    else
        ksem_unref(p, ks, 1);
    release(&ksem_table.lock);
    return err;
}

/* ksem_destroy(id): drop the caller's reference to an unnamed semaphore
 * nobody is waiting on. */
long
sys_ksem_destroy(void)
{
    struct proc *p = myproc();
    int id = argint(0), err = 0, busy;
    struct ksem *ks;

    acquire(&ksem_table.lock);
    ks = ksem_find_id(p, id);
    if (ks == 0 || ks->named) {
        err = -EINVAL;
        goto out;
    }
    acquire(&ks->lock);
    busy = ks->waiters > 0;
    release(&ks->lock);
    if (busy)
        err = -EBUSY;
    else
        ksem_unref(p, ks, 1);
out:
    release(&ksem_table.lock);
    return err;
}

/* ksem_post(id): add one and wake the waiters. */
long
sys_ksem_post(void)
{
    struct ksem *ks = ksem_lock_id(myproc(), argint(0));
    int err = 0;

    if (ks == 0)
        return -EINVAL;
    if (ks->value >= SEM_VALUE_MAX) {
        err = -EOVERFLOW;
    } else {
        /* LAB ksem: BEGIN */
        ks->value++;
        if (ks->waiters > 0)
            wakeup(ks);
        /* LAB ksem: STUB
        // Lab: add one, and let a waiter through.  See labs/ksem.md.
        ks->value++;
           LAB ksem: END */
    }
    release(&ks->lock);
    return err;
}

/*
 * ksem_wait(id): take one, sleeping while the value is 0.  Every woken
 * waiter re-checks the value, so one post lets exactly one through.
 * Sleeps: on ks, releasing ks->lock.
 */
long
sys_ksem_wait(void)
{
    struct proc *p = myproc();
    struct ksem *ks = ksem_lock_id(p, argint(0));
    int err = 0;

    if (ks == 0)
        return -EINVAL;
    /* LAB ksem: BEGIN */
    while (ks->value == 0) {
        if (killed(p)) {
            err = -EINTR;
            goto out;
        }
        ks->waiters++;
        sleep_killable(ks, &ks->lock);
        ks->waiters--;
    }
    ks->value--;
    /* LAB ksem: STUB
    // Lab: block while the value is 0; a kill must end the wait with
    // -EINTR, and ksem_destroy needs ks->waiters.  See labs/ksem.md.
    if (ks->value == 0 || killed(p)) {
        err = -EAGAIN;
        goto out;
    }
    ks->value--;
       LAB ksem: END */
out:
    release(&ks->lock);
    return err;
}

/* ksem_trywait(id): take one if the value is above 0. */
long
sys_ksem_trywait(void)
{
    struct ksem *ks = ksem_lock_id(myproc(), argint(0));
    int err = 0;

    if (ks == 0)
        return -EINVAL;
    if (ks->value == 0)
        err = -EAGAIN;
    else
        ks->value--;
    release(&ks->lock);
    return err;
}

/* ksem_getvalue(id, &value): the current value. */
long
sys_ksem_getvalue(void)
{
    struct proc *p = myproc();
    uint64 uvalp = argaddr(1);
    struct ksem *ks = ksem_lock_id(p, argint(0));
    int value;

    if (ks == 0)
        return -EINVAL;
    value = (int)ks->value;
    release(&ks->lock);
    return copyout(p->pagetable, uvalp, &value, sizeof(value));
}

/*
 * Give child a reference to every semaphore parent holds, with the same
 * counts.  Called by fork before the child can run.
 */
void
ksem_fork(struct proc *parent, struct proc *child)
{
    int slot, n;

    acquire(&ksem_table.lock);
    for (slot = 0; slot < KSEM_MAX; slot++) {
        n = parent->ksem_refs[slot];
        child->ksem_refs[slot] = n;
        ksem_table.sems[slot].refs += n;
    }
    release(&ksem_table.lock);
}

/* Drop every reference p holds. */
static void
ksem_drop_all(struct proc *p)
{
    int slot;

    acquire(&ksem_table.lock);
    for (slot = 0; slot < KSEM_MAX; slot++)
        if (p->ksem_refs[slot] > 0)
            ksem_unref(p, &ksem_table.sems[slot], p->ksem_refs[slot]);
    release(&ksem_table.lock);
}

/* Drop p's references when it execs a new image: the new program starts
 * with no semaphores, as POSIX closes named ones on exec. */
void
ksem_exec(struct proc *p)
{
    ksem_drop_all(p);
}

/* Drop p's references as it exits, freeing semaphores nobody keeps. */
void
ksem_exit(struct proc *p)
{
    ksem_drop_all(p);
}
