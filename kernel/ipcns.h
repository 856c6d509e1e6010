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
int ipcperm_access(struct kipc_perm *perm, int want);
int ipcperm_owner(struct kipc_perm *perm);
int ipcperm_set(struct ipc_ns *ns, struct kipc_perm *perm, struct ipc_perm *in);
void ipcperm_stat(struct ipc_ns *ns, struct kipc_perm *perm,
                  struct ipc_perm *out);
struct spinlock *ipc_lock(struct ipc_ns *ns, int id);
void ipc_unlock(struct ipc_ns *ns, struct kipc_perm *perm);
struct kipc_perm *ipc_lookup(struct ipc_ns *ns, int id);
int ipc_get(struct ipc_ns *ns, key_t key, int flag, struct kipc_perm **found);
int ipc_commit(struct ipc_ns *ns, struct kipc_perm *perm, key_t key, int flag);
int ipc_rmid(struct ipc_ns *ns, int id, struct kipc_perm **removed);
int ipc_ids(struct ipc_ns *ns, uint64 ubuf, uint n, uint64 upn);
void ipc_hold(struct ipc_ns *ns, struct kipc_perm *perm);
void ipc_rele(struct ipc_ns *ns, struct kipc_perm *perm);
void ipc_rele_locked(struct ipc_ns *ns, struct kipc_perm *perm);
int ipc_wait(struct ipc_ns *ns, struct kipc_perm *perm, void *chan);
int ipc_count(struct ipc_ns *ns);

/* The id lock of perm, which the caller holds (so the table cannot
 * change under us).  Used to assert and to hand the lock to sleep().
 * Inline: every "caller holds the id lock" function asserts with it. */
static inline struct spinlock *
ipc_idlock(struct ipc_ns *ns, struct kipc_perm *perm)
{
    struct spinlock *lk = &ns->table[IPC_INDEX(perm->id)].lock;

    KASSERT(holding(lk));
    return lk;
}

/* Assert that the caller holds perm's id lock (ipc_idlock checks). */
static inline void
ipc_assert_held(struct ipc_ns *ns, struct kipc_perm *perm)
{
    (void)ipc_idlock(ns, perm);
}

#endif
