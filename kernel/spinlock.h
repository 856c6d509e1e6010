/*
 * Spinlocks.
 *
 * Global lock order, outermost first.  A thread holding a lock may take
 * only locks that come later in this list (the rank, used by LOCKDEBUG
 * builds to check every acquire, is in brackets):
 *
 *   sleeplocks (inode, buffer, log)     -- never held under a spinlock
 *   [10] ipc namespace lock (msg_ns, sem_ns, shm_ns)
 *   [20] ipc slot locks ("ipc slot"), several only in table order
 *   [30] ksem_table.lock
 *   [40] ks->lock ("ksem")
 *   [50] condition locks that sleepers pass to sleep(): pipe, log,
 *        bcache_wait, itable, ftable, time, cons, uart, disk,
 *        sleeplock
 *   [51] bcache_evict                    -- one buffer recycler at a time
 *   [52] bcache                          -- buffer cache hash buckets,
 *                                           one at a time (in the lock
 *                                           lab's stub: the one cache
 *                                           lock, passed to sleep())
 *   [60] wait_lock                       -- parent/child links, process
 *                                           groups, sessions, the
 *                                           console's foreground group
 *   [70] sleepq                          -- wait queues (proc.c)
 *   [80] p->lock ("proc")
 *   [85] nextpid
 *   [88] run_lock                        -- the run queue
 *   [89] shared_vm                       -- a page table threads share
 *                                           (vm_lock, vm.c): held
 *                                           across kalloc and kfree
 *   [90] kheap, [91] kmem                -- allocators; kmem is one
 *                                           lock per hart's free list,
 *                                           one held at a time
 *   [95] pr (printf), [99] lockreg
 *
 * A lock is held with interrupts off on this hart (push_off), so an
 * interrupt handler can never spin on a lock its own hart holds.
 */
#ifndef KITE_SPINLOCK_H
#define KITE_SPINLOCK_H

#include "types.h"

struct spinlock {
    uint locked;     /* 1 while held */
    char *name;      /* for panics and lockstat */
    int hart;        /* holder's hart id, for holding(); -1 when free */
    int rank;        /* place in the lock order (above); LOCKDEBUG */
    uint64 nacquire; /* times acquired */
    uint64 ncontend; /* times the first try failed */
};

#define NHELD 16 /* most spinlocks one hart holds at once (LOCKDEBUG) */

/* Does this hart hold lk?  Inline because every "caller holds" function
 * asserts it.  (The hart id is in tp: entry.S, uservec.S.) */
static inline int
holding(struct spinlock *lk)
{
    int hart;
    asm volatile("mv %0, tp" : "=r"(hart));
    return lk->locked && lk->hart == hart;
}

#define KASSERT(cond)                                                          \
    do {                                                                       \
        if (!(cond))                                                           \
            panic_assert(#cond, __FILE__, __LINE__);                           \
    } while (0)

void panic_assert(const char *expr, const char *file, int line)
    __attribute__((noreturn));

#endif
