/*
 * The System V IPC namespace, after OpenSolaris os/ipc.c.
 *
 * Overview    Message queues, semaphore sets and shared-memory segments
 *             live in three namespaces of the same shape, one per
 *             facility.  There is no path and no file descriptor: a
 *             program names an object by a key it chose (a rendezvous
 *             point, or IPC_PRIVATE for none) to get its id, then by
 *             that id on every later call.  Every call therefore starts
 *             with a lookup that may fail, and this file is that lookup
 *             plus the five operations the facilities share: GET, SET,
 *             STAT, RMID and IDS.
 *
 * Objects     A facility object (struct msqueue, semset, shmseg) begins
 *             with struct kipc_perm: key, owner uid/gid, creator
 *             cuid/cgid, mode, id, a reference count and the links of
 *             the two namespace indexes.  The namespace (struct ipc_ns)
 *             keeps a power-of-two table of slots; a slot holds a lock,
 *             a sequence number and the object pointer.  Picture of a
 *             table of 8 slots holding 3 objects:
 *
 *    struct ipc_ns
 *   +--------------+
 *   | lock         |     table (8 slots)
 *   | table   -----+--->+------+------+------+------+------+------+---..
 *   | tabsz = 8    |    |slot 0|slot 1|slot 2|slot 3|slot 4|slot 5|
 *   | used  = 3    |    |lock  |lock  |lock  |lock  |lock  |lock  |
 *   | hash[] --+   |    |seq 2 |seq 0 |seq 0 |seq 7 |seq 1 |seq 0 |
 *   | all  --+ |   |    |obj   |obj 0 |obj 0 |obj   |obj   |obj 0 |
 *   +--------|-|---+    +--|---+------+------+--|---+--|---+------+---..
 *            | |           v                    v      v
 *            | |      +---------+         +---------+ +---------+
 *            | |      | id 2048 |         | id 7171 | | id 1028 |
 *            | |      | key 42  |         | PRIVATE | | key 99  |
 *            | +----->| hnext 0 |         |         | | hnext 0 |
 *            |        | lnext --+-------->| lnext --+>| lnext 0 |
 *            +------->| (first) |<--------+- lprev  |<+- lprev |
 *                     +---------+         +---------+ +---------+
 *                     (key 99's bucket points at the third one)
 *
 *             id = seq << 10 | index (31 bits): 2048 is seq 2, slot 0;
 *             7171 is seq 7, slot 3; 1028 is seq 1, slot 4.  Keyed
 *             objects hang off hash[] (chained by hnext); every object
 *             is on the all list (lnext/lprev), newest first.
 *
 * Operations  ipc_get(ns, key, flag, &found): the first half of GET.
 *                 0 with found set and its id lock held (an existing
 *                 object), or 0 with found 0 (make one, then call
 *                 ipc_commit).  -ENOENT no key and no IPC_CREAT,
 *                 -EEXIST key exists with IPC_CREAT|IPC_EXCL, -EACCES the
 *                 flag's mode bits are not all granted to the caller,
 *                 -ENOSPC every one of IPC_TABLE_MAX slots in use.
 *             ipc_commit(ns, obj, key, flag): the second half.  The id,
 *                 or -EEXIST / -ENOSPC (obj destroyed), or -EAGAIN: a
 *                 racing GET created the key first, obj destroyed, call
 *                 ipc_get again.
 *             ipc_lookup(ns, id): the object with its id lock held, or
 *                 0 (bad, stale or removed id: the caller's -EINVAL).
 *             ipcperm_access: 0 or -EACCES.  ipcperm_owner: 0 or -EPERM.
 *             ipcperm_set: -EPERM not owner, creator or root; -EINVAL
 *                 negative uid or gid.  ipcperm_stat cannot fail.
 *             ipc_rmid(ns, id, &obj): 0 with obj out of the namespace and
 *                 its id lock held; -EINVAL bad id, -EPERM not owner,
 *                 creator or root.
 *             ipc_ids(ns, buf, n, &count): 0, -EFAULT, -ENOMEM.
 *             ipc_wait: 0 or -EINTR with the id lock held; -EIDRM with
 *                 no lock held (the object was removed while asleep).
 *
 * Design      Looking an object up by id is the common case and must
 *             not serialise on a global lock: it indexes the table with
 *             the id's low bits and takes that slot's lock only.  The
 *             sequence number in the id makes a stale id (its object
 *             removed, the slot perhaps reused) miss instead of finding
 *             a stranger: RMID bumps the slot's seq, so ids of one slot
 *             repeat only after 2^21 removals.
 *             GET by key, creation, RMID and IDS are rarer and take the
 *             namespace lock, under which a hash table of keyed objects
 *             answers "which object has key k" and a list of all objects
 *             answers IDS.
 *             Creation is two-phase so that the facility can allocate
 *             (kmalloc, kalloc for segment pages) with no lock held:
 *             ipc_get decides "create", the facility builds its object,
 *             and ipc_commit looks the key up again under the namespace
 *             lock before inserting.  Of two racing creators of one key
 *             the second finds the first's object, throws its own away
 *             and starts over, so both end with one object.
 *             The table starts with IPC_TABLE_MIN slots and doubles when
 *             full, up to IPC_TABLE_MAX.  An object never moves slots:
 *             its index is below every later table size, so id & (size
 *             - 1) finds it in any table.  A lookup may race a resize
 *             and lock a slot of a table that is being retired; it
 *             therefore rereads the size after locking and retries if
 *             the size changed.  For that reread to be safe no table
 *             is ever freed: all sizes are carved end to end from one
 *             static arena per namespace (8 + 16 + ... + 1024 = 2040
 *             slots, 114 KB), each table followed by its successor.
 *             That also means growth needs no allocation and cannot
 *             fail, and the pages a test suite counts never change.
 *             RMID takes the object out of the namespace at once (slot
 *             emptied, seq bumped, key unhashed, off the list: the key
 *             can be reused, the id misses, IDS skips it) but frees it
 *             only when its last reference goes: the namespace holds
 *             one, each process asleep on the object one, each shared
 *             memory attachment one.  The facility's destructor runs
 *             with no lock held.
 *
 * Locking     Order: ns->lock -> slot locks in table order -> (ksem,
 *             wait_lock, p->lock and the leaf locks; kernel/spinlock.h).
 *             ns->lock: the hash table, the all list, used, the choice
 *                 of a free slot, resizing; a slot's seq and obj are
 *                 written with both ns->lock and the slot lock held and
 *                 read with either.
 *             The id lock of an object is the lock of slot IPC_INDEX(id)
 *                 in whatever table is current.  It protects the
 *                 object's contents: uid, gid, mode, ref, removed and
 *                 all facility fields.  A removed object keeps using it
 *                 (sharing it with a later object in that slot).
 *             Resizing, with ns->lock held: lock every old slot in
 *                 order, then the same indexes of the new table; copy;
 *                 publish the new table pointer, then the new size
 *                 (with fences between); unlock everything.  A lookup
 *                 reads the size, then the pointer, locks, and accepts
 *                 the lock only if the size is unchanged.  While a
 *                 lookup holds a slot of the current table no resize
 *                 can complete, so a held id lock always names the
 *                 current table's slot.
 *             sleep() releases the id lock it was given and retakes the
 *                 same lock, which may by then belong to a retired
 *                 table; ipc_wait trades it for the current one.
 *
 * Interfaces  For msg.c, sem.c, shm.c through kernel/ipcns.h:
 *             ipc_ns_init; ipc_get + ipc_commit (GET); ipcperm_set (SET);
 *             ipcperm_stat (STAT); ipc_rmid + ipc_rele (RMID); ipc_ids
 *             (IDS); ipc_lock; ipc_hold, ipc_rele, ipc_rele_locked;
 *             ipc_wait; ipc_count for sysinfo.  Inline in ipcns.h, as
 *             every system call pays for them: ipc_lookup, ipc_unlock,
 *             ipcperm_check/ipcperm_access, ipc_idlock, ipc_assert_held.
 *             A facility's GET reads:
 *                 again: r = ipc_get(ns, key, flag, &found);
 *                        if found: check sizes, unlock, return its id
 *                        build obj (no locks); r = ipc_commit(...);
 *                        if r == -EAGAIN goto again; return r;
 *
 * Origins     Kept from the seed: the permission header first in every
 *             object, the slot table with per-slot locks and sequence
 *             numbers, ids of index and seq, the lock-all-slots resize
 *             and size recheck, tables never freed, key index plus
 *             all-ids list, the two-phase GET, objects outliving RMID by
 *             reference count, IDS storing the count when the buffer is
 *             short.  Changed: a hash table instead of an AVL tree; no
 *             zones, projects, resource controls or audit; the tables
 *             come from a static arena instead of kmem_zalloc; GET's
 *             EACCES checks the requested bits against the caller's
 *             class (owner, group, other) as ipcperm_access does, and
 *             root passes, instead of comparing raw mode bits; sleeping
 *             on an object holds a reference so RMID can wake sleepers
 *             with EIDRM without freeing the object under them; errors
 *             are negative errno values.
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

_Static_assert((1 << IPC_INDEX_BITS) == IPC_TABLE_MAX,
               "IPC_INDEX_BITS must be log2(IPC_TABLE_MAX)");
_Static_assert((IPC_TABLE_MIN & (IPC_TABLE_MIN - 1)) == 0 &&
                   IPC_TABLE_MIN <= IPC_TABLE_MAX,
               "IPC table sizes must be powers of two");
_Static_assert(IPC_TABLE_MAX * sizeof(int) <= PGSIZE,
               "ipc_ids stages every id in one page");

/* Make n slots usable: unlocked and empty. */
static void
slots_init(struct ipc_slot *t, uint n)
{
    uint i;

    for (i = 0; i < n; i++) {
        initlock(&t[i].lock, "ipc slot");
        t[i].seq = 0;
        t[i].obj = 0;
    }
}

/* Set up an empty namespace; called once at boot.
 * dtor frees a facility object when its last reference goes. */
void
ipc_ns_init(struct ipc_ns *ns, char *name, void (*dtor)(struct kipc_perm *))
{
    int i;

    initlock(&ns->lock, name);
    ns->name = name;
    ns->dtor = dtor;
    ns->used = 0;
    ns->alive = 0;
    ns->all = 0;
    for (i = 0; i < IPC_HASH_SIZE; i++)
        ns->hash[i] = 0;
    slots_init(ns->arena, IPC_TABLE_MIN);
    ns->table = ns->arena;
    ns->tabsz = IPC_TABLE_MIN;
}

/* May the caller change or remove perm's object (owner, creator, root)?
 * Caller holds: the id lock.
 * Returns: 0, or -EPERM. */
int
ipcperm_owner(struct kipc_perm *perm)
{
    int uid = myproc()->uid;

    if (uid == 0 || uid == perm->uid || uid == perm->cuid)
        return 0;
    return -EPERM;
}

/* The common part of IPC_SET: new owner and mode bits from in.  Call it
 * after the facility's own checks, since it changes the object.
 * Caller holds: the id lock.
 * Returns: 0, -EPERM, -EINVAL (negative uid or gid). */
int
ipcperm_set(struct ipc_ns *ns, struct kipc_perm *perm, struct ipc_perm *in)
{
    int r;

    ipc_assert_held(ns, perm);
    if ((r = ipcperm_owner(perm)) < 0)
        return r;
    if (in->uid < 0 || in->gid < 0)
        return -EINVAL;
    perm->uid = in->uid;
    perm->gid = in->gid;
    perm->mode = in->mode & 0777;
    return 0;
}

/* The common part of IPC_STAT: fill out from perm.
 * Caller holds: the id lock. */
void
ipcperm_stat(struct ipc_ns *ns, struct kipc_perm *perm, struct ipc_perm *out)
{
    ipc_assert_held(ns, perm);
    out->key = perm->key;
    out->uid = perm->uid;
    out->gid = perm->gid;
    out->cuid = perm->cuid;
    out->cgid = perm->cgid;
    out->mode = perm->mode;
    out->seq = IPC_SEQ(perm->id);
}

/* Take the id lock of id (which need not be in the namespace).
 * Returns: the lock, held. */
struct spinlock *
ipc_lock(struct ipc_ns *ns, int id)
{
    return &ipc_slot_lock(ns, id)->lock;
}

static uint
key_hash(key_t key)
{
    return ((uint)key * 2654435761u) >> (32 - IPC_HASH_BITS);
}

/* The object in the namespace with this key, or 0.
 * Caller holds: ns->lock. */
static struct kipc_perm *
key_find(struct ipc_ns *ns, key_t key)
{
    struct kipc_perm *perm;

    KASSERT(holding(&ns->lock));
    for (perm = ns->hash[key_hash(key)]; perm; perm = perm->hnext)
        if (perm->key == key)
            return perm;
    return 0;
}

/* Fold GET's mode bits (any class) into owner position, as Linux does:
 * asking for 0044 means "I want to read". */
static int
get_want(int flag)
{
    return (flag & 0700) | ((flag & 0070) << 3) | ((flag & 0007) << 6);
}

/* First half of GET: find key's object, or decide to create one.
 * Returns: 0 with *found set and its id lock held; 0 with *found 0
 * when the caller should build an object and ipc_commit it; -ENOENT,
 * -EEXIST, -EACCES, -ENOSPC (see Operations). */
int
ipc_get(struct ipc_ns *ns, key_t key, int flag, struct kipc_perm **found)
{
    struct kipc_perm *perm = 0;
    int r = 0;

    *found = 0;
    acquire(&ns->lock);
    if (key != IPC_PRIVATE)
        perm = key_find(ns, key);
    if (perm == 0) {
        if (key != IPC_PRIVATE && !(flag & IPC_CREAT))
            r = -ENOENT;
        else if (ns->used == IPC_TABLE_MAX)
            r = -ENOSPC;
        goto out;
    }
    if ((flag & (IPC_CREAT | IPC_EXCL)) == (IPC_CREAT | IPC_EXCL)) {
        r = -EEXIST;
        goto out;
    }
    ipc_lock(ns, perm->id);
    r = ipcperm_access(perm, get_want(flag));
    if (r < 0)
        ipc_unlock(ns, perm);
    else
        *found = perm;
out:
    release(&ns->lock);
    return r;
}

/* Double the table.  See Locking for the protocol.
 * Caller holds: ns->lock. */
static void
ipc_grow(struct ipc_ns *ns)
{
    struct ipc_slot *old = ns->table;
    struct ipc_slot *new = old + ns->tabsz; /* the next one in the arena */
    uint n = ns->tabsz, i;

    KASSERT(holding(&ns->lock));
    KASSERT(2 * n <= IPC_TABLE_MAX);
    KASSERT(new + 2 * n <= ns->arena + IPC_ARENA_SLOTS);
    slots_init(new, 2 * n);
    for (i = 0; i < n; i++)
        acquire(&old[i].lock);
    for (i = 0; i < n; i++)
        acquire(&new[i].lock);
    for (i = 0; i < n; i++) {
        new[i].seq = old[i].seq;
        new[i].obj = old[i].obj;
        old[i].obj = 0;
    }
    __sync_synchronize();
    ns->table = new;
    __sync_synchronize(); /* pointer before size: pairs with ipc_slot_lock */
    ns->tabsz = 2 * n;
    for (i = 0; i < n; i++) {
        release(&new[i].lock);
        release(&old[i].lock);
    }
}

/* Put perm in a free slot, the key hash and the all list.
 * Caller holds: ns->lock, and has made sure a slot is free. */
static void
ipc_insert(struct ipc_ns *ns, struct kipc_perm *perm)
{
    struct ipc_slot *slot = 0;
    uint i, h;

    KASSERT(holding(&ns->lock));
    for (i = 0; i < ns->tabsz; i++)
        if (ns->table[i].obj == 0)
            break;
    KASSERT(i < ns->tabsz);
    slot = &ns->table[i];
    acquire(&slot->lock);
    perm->id = (int)(((slot->seq << IPC_INDEX_BITS) | i) & 0x7fffffff);
    slot->obj = perm;
    release(&slot->lock);
    if (perm->key != IPC_PRIVATE) {
        h = key_hash(perm->key);
        perm->hnext = ns->hash[h];
        ns->hash[h] = perm;
    }
    perm->lprev = 0;
    perm->lnext = ns->all;
    if (ns->all)
        ns->all->lprev = perm;
    ns->all = perm;
    ns->used++;
    __sync_fetch_and_add(&ns->alive, 1);
}

/* Second half of GET: insert a fully built object for key, made by the
 * caller with flag's mode bits.  On failure the object is destroyed.
 * Sleeps: no.
 * Returns: its id; -EAGAIN (the key appeared meanwhile: call ipc_get
 * again), -EEXIST (it appeared and flag has IPC_EXCL), -ENOSPC. */
int
ipc_commit(struct ipc_ns *ns, struct kipc_perm *perm, key_t key, int flag)
{
    struct proc *p = myproc();
    int r;

    perm->key = key;
    perm->uid = perm->cuid = p->uid;
    perm->gid = perm->cgid = p->gid;
    perm->mode = flag & 0777;
    perm->ref = 1; /* the namespace's */
    perm->removed = 0;
    perm->hnext = perm->lnext = perm->lprev = 0;
    acquire(&ns->lock);
    if (key != IPC_PRIVATE && key_find(ns, key)) {
        r = (flag & IPC_EXCL) ? -EEXIST : -EAGAIN;
        goto out;
    }
    if (ns->used == ns->tabsz) {
        r = -ENOSPC;
        if (ns->tabsz == IPC_TABLE_MAX)
            goto out;
        ipc_grow(ns);
    }
    ipc_insert(ns, perm);
    r = perm->id;
out:
    release(&ns->lock);
    if (r < 0)
        ns->dtor(perm);
    return r;
}

/* Take perm out of the namespace: see Design.
 * Caller holds: ns->lock and the id lock. */
static void
ipc_remove(struct ipc_ns *ns, struct kipc_perm *perm)
{
    struct ipc_slot *slot = &ns->table[IPC_INDEX(perm->id)];
    struct kipc_perm **pp;

    KASSERT(holding(&ns->lock));
    KASSERT(holding(&slot->lock) && slot->obj == perm);
    slot->obj = 0;
    slot->seq = (slot->seq + 1) & IPC_SEQ_MASK;
    if (perm->key != IPC_PRIVATE) {
        pp = &ns->hash[key_hash(perm->key)];
        while (*pp != perm)
            pp = &(*pp)->hnext;
        *pp = perm->hnext;
    }
    if (perm->lprev)
        perm->lprev->lnext = perm->lnext;
    else
        ns->all = perm->lnext;
    if (perm->lnext)
        perm->lnext->lprev = perm->lprev;
    perm->hnext = perm->lnext = perm->lprev = 0;
    perm->removed = 1;
    ns->used--;
}

/* The common part of IPC_RMID.  On success the caller wakes the
 * object's sleepers and drops the namespace's reference with ipc_rele.
 * Returns: 0 with *removed set and its id lock held; -EINVAL, -EPERM. */
int
ipc_rmid(struct ipc_ns *ns, int id, struct kipc_perm **removed)
{
    struct kipc_perm *perm;
    int r = 0;

    acquire(&ns->lock);
    perm = ipc_lookup(ns, id);
    if (perm == 0) {
        r = -EINVAL;
        goto out;
    }
    if ((r = ipcperm_owner(perm)) < 0) {
        ipc_unlock(ns, perm);
        goto out;
    }
    ipc_remove(ns, perm);
    *removed = perm;
out:
    release(&ns->lock);
    return r;
}

/* IDS: copy every id in the namespace, oldest first, to the user array
 * ubuf of n ints, and the number of ids to the user uint at upn.  When
 * ubuf is 0 or n is too small no id is copied; the count still is.
 * Sleeps: may (copyout).
 * Returns: 0, -EFAULT, -ENOMEM. */
int
ipc_ids(struct ipc_ns *ns, uint64 ubuf, uint n, uint64 upn)
{
    pagetable_t pt = myproc()->pagetable;
    struct kipc_perm *perm;
    uint count, i;
    int *ids;
    int r = 0;

    if (upn == 0)
        return -EFAULT;
    if ((ids = kalloc()) == 0)
        return -ENOMEM;
    memset(ids, 0, PGSIZE); /* what goes out starts zeroed */
    acquire(&ns->lock);
    count = ns->used;
    i = count;
    for (perm = ns->all; perm; perm = perm->lnext)
        ids[--i] = perm->id; /* the list is newest first */
    release(&ns->lock);
    if (ubuf != 0 && n >= count && count > 0)
        r = copyout(pt, ubuf, ids, count * sizeof(int));
    if (r == 0)
        r = copyout(pt, upn, &count, sizeof(count));
    kfree(ids);
    return r;
}

/* Take a reference on perm.  Caller holds: the id lock. */
void
ipc_hold(struct ipc_ns *ns, struct kipc_perm *perm)
{
    ipc_assert_held(ns, perm);
    perm->ref++;
}

/* Drop a reference on perm and its id lock; destroy the object if that
 * was the last reference (only possible once it is removed).
 * Caller holds: the id lock (released here). */
void
ipc_rele(struct ipc_ns *ns, struct kipc_perm *perm)
{
    int left;

    ipc_assert_held(ns, perm);
    KASSERT(perm->ref > 0);
    left = --perm->ref;
    ipc_unlock(ns, perm);
    if (left == 0) {
        KASSERT(perm->removed);
        ns->dtor(perm);
        __sync_fetch_and_sub(&ns->alive, 1);
    }
}

/* Drop a reference that is known not to be the last, keeping the lock.
 * Caller holds: the id lock. */
void
ipc_rele_locked(struct ipc_ns *ns, struct kipc_perm *perm)
{
    ipc_assert_held(ns, perm);
    KASSERT(perm->ref > 1);
    perm->ref--;
}

/* sleep() gave back held, the lock it was passed; make sure we hold the
 * current table's lock for id instead. */
static struct spinlock *
ipc_relock(struct ipc_ns *ns, int id, struct spinlock *held)
{
    if (held == &ns->table[IPC_INDEX(id)].lock)
        return held; /* still current: no resize can finish meanwhile */
    release(held);
    return ipc_lock(ns, id);
}

/* Sleep on chan, releasing perm's id lock meanwhile and holding a
 * reference so the object outlives an RMID.  The caller loops,
 * rechecking its condition.
 * Caller holds: the id lock.
 * Sleeps: until wakeup(chan) or kill.
 * Returns: 0, or -EINTR (killed), with the id lock held; -EIDRM with no
 * lock held when the object was removed (it may be freed: do not touch
 * it). */
int
ipc_wait(struct ipc_ns *ns, struct kipc_perm *perm, void *chan)
{
    struct spinlock *lk = ipc_idlock(ns, perm);
    int id = perm->id;

    ipc_assert_held(ns, perm);
    perm->ref++;
    if (sleep_killable(chan, lk) < 0) {
        perm->ref--; /* killed: it never slept, lk is still held */
        return -EINTR;
    }
    ipc_relock(ns, id, lk);
    if (perm->removed) {
        ipc_rele(ns, perm);
        return -EIDRM;
    }
    perm->ref--;
    if (killed(myproc()))
        return -EINTR;
    return 0;
}

/* Objects of this facility not yet destroyed, removed ones included:
 * what sysinfo reports and leak checks compare. */
int
ipc_count(struct ipc_ns *ns)
{
    return __atomic_load_n(&ns->alive, __ATOMIC_SEQ_CST);
}
