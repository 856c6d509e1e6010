/*
 * The System V IPC namespace: the kernel-internal interface between
 * kernel/ipc.c and the three facilities (msg.c, sem.c, shm.c).
 * kernel/ipc.c's opening comment explains the design; doc/ipc.md draws
 * it.
 *
 * Include after types.h, param.h, spinlock.h (and ipc.h for key_t).
 */
#ifndef KITE_IPCNS_H
#define KITE_IPCNS_H

#include "ipc.h"

/* An id is (seq << IPC_INDEX_BITS | index), kept to 31 bits. */
#define IPC_INDEX_BITS 10 /* log2(IPC_TABLE_MAX) */
#define IPC_INDEX_MASK ((1 << IPC_INDEX_BITS) - 1)
#define IPC_SEQ_MASK ((1 << (31 - IPC_INDEX_BITS)) - 1)
#define IPC_INDEX(id) ((id)&IPC_INDEX_MASK)
#define IPC_SEQ(id) (((id) >> IPC_INDEX_BITS) & IPC_SEQ_MASK)

/* Every size the table takes, end to end: 8 + 16 + ... + 1024 slots. */
#define IPC_ARENA_SLOTS (2 * IPC_TABLE_MAX - IPC_TABLE_MIN)

#define IPC_HASH_BITS 6 /* buckets of the key hash */
#define IPC_HASH_SIZE (1 << IPC_HASH_BITS)

/* Access wanted, in owner position (ipcperm_access shifts the mode). */
#define IPC_R 0400
#define IPC_W 0200

/*
 * The header every IPC object starts with.
 * Legend: n: the namespace lock, i: the object's id lock,
 *         c: constant once the object is in the namespace.
 */
struct kipc_perm {
    key_t key;               /* c: IPC_PRIVATE or the user's key */
    int uid, gid;            /* i: owner (IPC_SET changes them) */
    int cuid, cgid;          /* c: creator */
    uint mode;               /* i: permission bits, 0777 at most */
    int ref;                 /* i: the namespace's + sleepers' + attaches */
    int id;                  /* c: seq << IPC_INDEX_BITS | slot index */
    int removed;             /* i+n: out of the namespace (RMID) */
    struct kipc_perm *hnext; /* n: next in the same key-hash bucket */
    struct kipc_perm *lnext; /* n: the list of all objects */
    struct kipc_perm *lprev; /* n */
};

/* One slot of the id table.  Its lock is the "id lock" of the object in
 * it, and stays the id lock of that object after RMID. */
struct ipc_slot {
    struct spinlock lock;
    uint seq;              /* n+lock: seq of the id handed out here */
    struct kipc_perm *obj; /* n+lock: the object, or 0 */
};

/* One facility's namespace.  Legend as struct kipc_perm; a: atomic. */
struct ipc_ns {
    struct spinlock lock;                   /* the namespace lock */
    char *name;                             /* c: "msg", "sem" or "shm" */
    struct ipc_slot *volatile table;        /* n: current table (see ipc.c) */
    volatile uint tabsz;                    /* n: its size, a power of two */
    uint used;                              /* n: slots holding an object */
    int alive;                              /* a: objects not yet destroyed */
    struct kipc_perm *hash[IPC_HASH_SIZE];  /* n: keyed objects */
    struct kipc_perm *all;                  /* n: every object, for IDS */
    void (*dtor)(struct kipc_perm *);       /* c: frees a facility object */
    struct ipc_slot arena[IPC_ARENA_SLOTS]; /* every table ever used */
};

/* ipc.c */
void ipc_ns_init(struct ipc_ns *ns, char *name,
                 void (*dtor)(struct kipc_perm *));
int ipcperm_owner(struct kipc_perm *perm);
int ipcperm_set(struct ipc_ns *ns, struct kipc_perm *perm, struct ipc_perm *in);
void ipcperm_stat(struct ipc_ns *ns, struct kipc_perm *perm,
                  struct ipc_perm *out);
struct spinlock *ipc_lock(struct ipc_ns *ns, int id);
int ipc_get(struct ipc_ns *ns, key_t key, int flag, struct kipc_perm **found);
int ipc_commit(struct ipc_ns *ns, struct kipc_perm *perm, key_t key, int flag);
int ipc_rmid(struct ipc_ns *ns, int id, struct kipc_perm **removed);
int ipc_ids(struct ipc_ns *ns, uint64 ubuf, uint n, uint64 upn);
void ipc_hold(struct ipc_ns *ns, struct kipc_perm *perm);
void ipc_rele(struct ipc_ns *ns, struct kipc_perm *perm);
void ipc_rele_locked(struct ipc_ns *ns, struct kipc_perm *perm);
int ipc_wait(struct ipc_ns *ns, struct kipc_perm *perm, void *chan);
int ipc_count(struct ipc_ns *ns);

/*
 * The operations every IPC system call starts and ends with, inline:
 * they are a few instructions each, and semop and msgsnd/msgrcv pay
 * for every call (doc/performance.md).
 */

/* Lock the slot id maps to in the current table.  See ipc.c, Locking. */
static inline struct ipc_slot *
ipc_slot_lock(struct ipc_ns *ns, int id)
{
    struct ipc_slot *slot;
    uint size;

    for (;;) {
        size = ns->tabsz;
        __sync_synchronize(); /* size before table: pairs with grow */
        slot = &ns->table[(uint)id & (size - 1)];
        acquire(&slot->lock);
        if (ns->tabsz == size)
            return slot;
        release(&slot->lock);
    }
}

/* Find the object with this id.
 * Returns: it with its id lock held, or 0 (no such object). */
static inline struct kipc_perm *
ipc_lookup(struct ipc_ns *ns, int id)
{
    struct ipc_slot *slot;
    struct kipc_perm *perm;

    if (id < 0)
        return 0;
    slot = ipc_slot_lock(ns, id);
    perm = slot->obj;
    if (perm == 0 || perm->id != id) {
        release(&slot->lock);
        return 0;
    }
    return perm;
}

/* Drop perm's id lock.  Caller holds: it. */
static inline void
ipc_unlock(struct ipc_ns *ns, struct kipc_perm *perm)
{
    release(&ns->table[IPC_INDEX(perm->id)].lock); /* release checks */
}

/* Does process p have every bit of want (IPC_R, IPC_W, in owner
 * position) on perm?  Owner or creator uid uses the owner bits, then
 * owner or creator gid the group bits, else the other bits.
 * Caller holds: the id lock.
 * Returns: 0, or -EACCES. */
static inline int
ipcperm_check(struct proc *p, struct kipc_perm *perm, int want)
{
    uint granted;

    if (p->uid == 0)
        return 0;
    if (p->uid == perm->uid || p->uid == perm->cuid)
        granted = perm->mode & 0700;
    else if (p->gid == perm->gid || p->gid == perm->cgid)
        granted = (perm->mode & 0070) << 3;
    else
        granted = (perm->mode & 0007) << 6;
    return (want & 0700 & ~granted) ? -EACCES : 0;
}

/* ipcperm_check for the calling process. */
static inline int
ipcperm_access(struct kipc_perm *perm, int want)
{
    return ipcperm_check(myproc(), perm, want);
}

/* The id lock of perm, which the caller holds (so the table cannot
 * change under us): the lock ipc_wait hands to sleep(). */
static inline struct spinlock *
ipc_idlock(struct ipc_ns *ns, struct kipc_perm *perm)
{
    return &ns->table[IPC_INDEX(perm->id)].lock;
}

/* Assert that the caller holds perm's id lock.  A LOCKDEBUG check
 * (make test runs the IPC suites on a LOCKDEBUG kernel): the operation
 * paths call it several times per system call. */
static inline void
ipc_assert_held(struct ipc_ns *ns, struct kipc_perm *perm)
{
#ifdef LOCKDEBUG
    KASSERT(holding(ipc_idlock(ns, perm)));
#else
    (void)ns;
    (void)perm;
#endif
}

#endif
