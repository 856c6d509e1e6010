/*
 * Spinlocks.
 *
 * Overview    Mutual exclusion between harts for short critical sections.
 * Objects     struct spinlock: a word swapped atomically, the holder,
 *             and two counters for lockstat (acquisitions, contended).
 * Operations  acquire, release, holding; push_off/pop_off nest
 *             "interrupts off" so a hart never takes an interrupt while
 *             holding a lock an interrupt handler might want.
 * Design      amoswap with acquire/release ordering (__sync builtins).
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
 *               to sleep(): pipe, log, bcache, itable, ftable, time,
 *               cons, uart, disk, sleeplock [50] -> wait_lock [60] ->
 *               sleepq [70] -> proc [80] -> nextpid [85] ->
 *               run_lock [88] -> kheap [90] -> kmem [91] -> pr [95]
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
    {"msg_ns", 10},     {"sem_ns", 10}, {"shm_ns", 10}, {"ipc slot", 20},
    {"ksem_table", 30}, {"ksem", 40},   {"pipe", 50},   {"log", 50},
    {"bcache", 50},     {"itable", 50}, {"ftable", 50}, {"time", 50},
    {"cons", 50},       {"uart", 50},   {"disk", 50},   {"sleeplock", 50},
    {"wait_lock", 60},  {"sleepq", 70}, {"proc", 80},   {"nextpid", 85},
    {"run_lock", 88},   {"kheap", 90},  {"kmem", 91},   {"pr", 95},
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

static void
order_panic(struct spinlock *lk, const char *held, int rank)
{
    printf("lock order: acquiring %s (rank %d) while holding %s "
           "(rank %d)\n",
           lk->name, lk->rank, held, rank);
    panic("lock order violation");
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
    printf("release of %s, not recorded as held\n", lk->name);
    panic("lock bookkeeping");
}

/* sleep(chan, lk) may hold lk and nothing else. */
void
lockdebug_sleep_check(struct spinlock *lk)
{
    struct cpu *c = mycpu();
    int slots = c->nslots - (lk->rank == SLOT_RANK);
    if (slots > 0) {
        printf("sleep on %s while holding an ipc slot lock\n", lk->name);
        panic("sleep with a spinlock held");
    }
    for (int i = 0; i < c->nheld; i++) {
        if (c->held[i] != lk) {
            printf("sleep on %s while holding %s\n", lk->name,
                   c->held[i]->name);
            panic("sleep with a spinlock held");
        }
    }
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

/* Spin until the lock is ours.  Interrupts stay off until release. */
void
acquire(struct spinlock *lk)
{
    push_off();
    if (holding(lk)) {
        printf("acquire: %s\n", lk->name);
        panic("acquire: already held");
    }
    check_order(lk);
    if (__sync_lock_test_and_set(&lk->locked, 1) != 0) {
        lk->ncontend++; /* approximate: counted before we own it */
        while (__sync_lock_test_and_set(&lk->locked, 1) != 0)
            ;
    }
    __sync_synchronize();
    lk->hart = cpuid();
    lk->nacquire++;
    note_acquired(lk);
}

void
release(struct spinlock *lk)
{
    if (!holding(lk)) {
        printf("release: %s\n", lk->name ? lk->name : "?");
        panic("release: not held");
    }
    note_released(lk);
    lk->hart = -1;
    __sync_synchronize();
    __sync_lock_release(&lk->locked);
    pop_off();
}

void
push_off(void)
{
    int old = intr_get();
    intr_off();
    struct cpu *c = mycpu();
    if (c->noff == 0)
        c->intena = old;
    c->noff++;
}

void
pop_off(void)
{
    struct cpu *c = mycpu();
    if (intr_get())
        panic("pop_off: interruptible");
    if (c->noff < 1)
        panic("pop_off: not pushed");
    c->noff--;
    if (c->noff == 0 && c->intena)
        intr_on();
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
