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
 * Locking     The global order, outermost first (also in spinlock.h):
 *               sleeplocks -> ipc namespace lock -> ipc slot locks ->
 *               ksem_table.lock -> ks->lock -> wait_lock -> p->lock ->
 *               leaf locks (pipe, ftable, log, bcache, icache, kmem,
 *               tickslock, cons, uart, disk) -> run_lock
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

/* Every initialised lock, for lockstat(); written only at init. */
static struct spinlock *all_locks[MAX_LOCKS_TRACKED];
static int nlocks;
static struct spinlock registry_lock = {0, "lockreg", 0, 0, 0};

void
initlock(struct spinlock *lk, char *name)
{
    lk->name = name;
    lk->locked = 0;
    lk->cpu = 0;
    lk->nacquire = 0;
    lk->ncontend = 0;
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
    if (__sync_lock_test_and_set(&lk->locked, 1) != 0) {
        lk->ncontend++; /* approximate: counted before we own it */
        while (__sync_lock_test_and_set(&lk->locked, 1) != 0)
            ;
    }
    __sync_synchronize();
    lk->cpu = mycpu();
    lk->nacquire++;
}

void
release(struct spinlock *lk)
{
    if (!holding(lk)) {
        printf("release: %s\n", lk->name ? lk->name : "?");
        panic("release: not held");
    }
    lk->cpu = 0;
    __sync_synchronize();
    __sync_lock_release(&lk->locked);
    pop_off();
}

/* Does this hart hold lk?  Caller has interrupts off. */
int
holding(struct spinlock *lk)
{
    return lk->locked && lk->cpu == mycpu();
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
            if (!taken[i] &&
                (best < 0 || all_locks[i]->nacquire > all_locks[best]->nacquire))
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
    printf("assertion failed: %s, %s:%d\n", expr, file, line);
    panic("KASSERT");
}
