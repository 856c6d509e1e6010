/*
 * Spinlocks.
 *
 * Overview    Mutual exclusion between harts for short critical sections.
 * Objects     struct spinlock: a word swapped atomically, the holder,
 *             and two counters for lockstat (acquisitions, contended).
 * Operations  acquire, release, holding; push_off/pop_off nest
 *             "interrupts off" so a hart never takes an interrupt while
 *             holding a lock an interrupt handler might want.
 * Design      amoswap with acquire ordering, a store with release ordering
 *             (__atomic builtins).
 *             holding() is always compiled in: functions that require a
 *             lock assert it with KASSERT(holding(&lk)).
 *             LOCKDEBUG builds (make LOCKDEBUG=1) also check the order:
 *             each lock gets a rank from its name (lock_ranks[], the
 *             list in spinlock.h); each hart keeps the set of locks it
 *             holds; acquiring a lock whose rank is not above every
 *             held one panics naming both, as does sleeping with a
 *             spinlock other than the one passed to sleep().
 * Locking     The global order, outermost first, with ranks (the list
 *             with comments is in spinlock.h):
 *               sleeplocks -> ipc namespace [10] -> ipc slots [20] ->
 *               ksem_table [30] -> ksem [40] -> condition locks passed
 *               to sleep(): pipe, log, bcache_wait, itable, ftable,
 *               time, cons, uart, disk, sleeplock [50] ->
 *               bcache_evict [51] -> bcache buckets [52] ->
 *               wait_lock [60] ->
 *               sleepq [70] -> proc [80] -> nextpid [85] ->
 *               run_lock [88] -> shared_vm [89] -> kheap [90] ->
 *               kmem [91] -> pr [95]
 * Interfaces  Every other file.
 * Origins     The usual test-and-set lock of teaching kernels.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"
#include "sysinfo.h"

#define MAX_LOCKS_TRACKED 256

/* Every lock initialised during boot, for lockstat().  Locks made later
 * (pipes, grown IPC tables) may be freed, so they are not listed. */
static struct spinlock *all_locks[MAX_LOCKS_TRACKED];
static int nlocks;
static struct spinlock registry_lock = {0, "lockreg", -1, 99, 0, 0};

/* Ranks by lock name: the order of kernel/spinlock.h. */
static const struct {
    const char *name;
    int rank;
} lock_ranks[] = {
    {"msg_ns", 10},       {"sem_ns", 10},     {"shm_ns", 10},
    {"ipc slot", 20},     {"ksem_table", 30}, {"ksem", 40},
    {"pipe", 50},         {"log", 50},        {"bcache_wait", 50},
    {"bcache_evict", 51}, {"bcache", 52},     {"itable", 50},
    {"ftable", 50},       {"time", 50},       {"cons", 50},
    {"uart", 50},         {"disk", 50},       {"sleeplock", 50},
    {"wait_lock", 60},    {"sleepq", 70},     {"proc", 80},
    {"nextpid", 85},      {"run_lock", 88},   {"shared_vm", 89},
    {"kheap", 90},        {"kmem", 91},       {"pr", 95},
    {"lockreg", 99},
};

static int
rank_of(const char *name)
{
    for (uint i = 0; i < NELEM(lock_ranks); i++)
        if (strncmp(lock_ranks[i].name, name, 32) == 0)
            return lock_ranks[i].rank;
    return 100; /* unlisted: a leaf */
}

#ifdef LOCKDEBUG
#define SLOT_RANK 20 /* IPC slot locks: a resize holds hundreds of them */

/* One panic call, no printf first: printf takes the lock "pr", whose
 * own order check would fail again, and again. */
static void
order_panic(struct spinlock *lk, const char *held, int rank)
{
    panic("lock order violation: acquiring %s (rank %d) while holding %s "
          "(rank %d)",
          lk->name, lk->rank, held, rank);
}

/* Panic unless lk may be taken now.  Interrupts are off.  Slot locks
 * are counted, not listed, and may nest among themselves. */
static void
check_order(struct spinlock *lk)
{
    struct cpu *c = mycpu();
    for (int i = 0; i < c->nheld; i++)
        if (c->held[i]->rank >= lk->rank)
            order_panic(lk, c->held[i]->name, c->held[i]->rank);
    if (c->nslots > 0 && lk->rank < SLOT_RANK)
        order_panic(lk, "ipc slot", SLOT_RANK);
    if (c->nheld == NHELD)
        panic("too many spinlocks held");
}

static void
note_acquired(struct spinlock *lk)
{
    struct cpu *c = mycpu();
    if (lk->rank == SLOT_RANK)
        c->nslots++;
    else
        c->held[c->nheld++] = lk;
}

static void
note_released(struct spinlock *lk)
{
    struct cpu *c = mycpu();
    if (lk->rank == SLOT_RANK) {
        c->nslots--;
        return;
    }
    for (int i = 0; i < c->nheld; i++) {
        if (c->held[i] == lk) {
            c->held[i] = c->held[--c->nheld];
            return;
        }
    }
    panic("lock bookkeeping: release of %s, not recorded as held", lk->name);
}

/* sleep(chan, lk) may hold lk and nothing else. */
void
lockdebug_sleep_check(struct spinlock *lk)
{
    struct cpu *c = mycpu();
    int slots = c->nslots - (lk->rank == SLOT_RANK);
    if (slots > 0)
        panic("sleep with a spinlock held: sleep on %s while holding an "
              "ipc slot lock",
              lk->name);
    for (int i = 0; i < c->nheld; i++)
        if (c->held[i] != lk)
            panic("sleep with a spinlock held: sleep on %s while holding %s",
                  lk->name, c->held[i]->name);
}
#else
static void
check_order(struct spinlock *lk)
{
    (void)lk;
}
static void
note_acquired(struct spinlock *lk)
{
    (void)lk;
}
static void
note_released(struct spinlock *lk)
{
    (void)lk;
}
void
lockdebug_sleep_check(struct spinlock *lk)
{
    (void)lk;
}
#endif

void
initlock(struct spinlock *lk, char *name)
{
    lk->name = name;
    lk->locked = 0;
    lk->hart = -1;
    lk->nacquire = 0;
    lk->ncontend = 0;
    lk->rank = rank_of(name);
    if (boot_done)
        return; /* only boot-time locks live forever: lockstat lists them */
    acquire(&registry_lock);
    if (nlocks < MAX_LOCKS_TRACKED)
        all_locks[nlocks++] = lk;
    release(&registry_lock);
}

/* A misuse of a lock (lk, or 0 for push_off/pop_off): a kernel bug.
 * Out of line and cold, to keep it off the fast paths.  One panic call
 * with the lock's name: a printf first would take "pr", which may be
 * the lock misused. */
static void __attribute__((noinline, noreturn, cold))
lock_panic(struct spinlock *lk, const char *what)
{
    panic("%s: %s", what, lk && lk->name ? lk->name : "-");
}

/* push_off and pop_off, inline in acquire and release: every lock
 * operation runs them. */
static inline void
intr_push(void)
{
    uint64 s;
    asm volatile("csrrci %0, sstatus, 2" : "=r"(s)); /* clear SIE: read old */
    struct cpu *c = mycpu();
    if (c->noff++ == 0)
        c->intena = (s & SSTATUS_SIE) != 0;
}

static inline void
intr_pop(void)
{
    struct cpu *c = mycpu();
    if (intr_get() || c->noff < 1)
        lock_panic(0, intr_get() ? "pop_off: interruptible"
                                 : "pop_off: not pushed");
    if (--c->noff == 0 && c->intena)
        intr_on();
}

/* Spin until the lock is ours.  Interrupts stay off until release.
 * The swap has acquire ordering: nothing the critical section does
 * moves before it. */
void
acquire(struct spinlock *lk)
{
    intr_push();
    if (holding(lk))
        lock_panic(lk, "acquire: already held");
    check_order(lk);
    if (__atomic_exchange_n(&lk->locked, 1, __ATOMIC_ACQUIRE) != 0) {
        lk->ncontend++; /* approximate: counted before we own it */
        while (__atomic_exchange_n(&lk->locked, 1, __ATOMIC_ACQUIRE) != 0)
            ;
    }
    lk->hart = cpuid();
    lk->nacquire++;
    note_acquired(lk);
}

/* The store that frees the lock has release ordering: everything the
 * critical section did is visible before it. */
void
release(struct spinlock *lk)
{
    if (!holding(lk))
        lock_panic(lk, "release: not held");
    note_released(lk);
    lk->hart = -1;
    __atomic_store_n(&lk->locked, 0, __ATOMIC_RELEASE);
    intr_pop();
}

/* Interrupts off on this hart, nested: as many pop_offs as push_offs
 * turn them back on, if they were on at the first push_off. */
void
push_off(void)
{
    intr_push();
}

void
pop_off(void)
{
    intr_pop();
}

/* Copy up to n lock statistics into out, busiest first.
 * Returns: rows filled. */
int
lockstat_collect(struct lockinfo *out, int n)
{
    int filled = 0;
    char taken[MAX_LOCKS_TRACKED] = {0};
    while (filled < n) {
        int best = -1;
        for (int i = 0; i < nlocks; i++)
            if (!taken[i] && (best < 0 || all_locks[i]->nacquire >
                                              all_locks[best]->nacquire))
                best = i;
        if (best < 0)
            break;
        taken[best] = 1;
        safestrcpy(out[filled].name, all_locks[best]->name,
                   sizeof(out[filled].name));
        out[filled].nacquire = all_locks[best]->nacquire;
        out[filled].ncontend = all_locks[best]->ncontend;
        filled++;
    }
    return filled;
}

void
panic_assert(const char *expr, const char *file, int line)
{
    panic("KASSERT(%s) failed at %s:%d", expr, file, line);
}
