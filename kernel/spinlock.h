/*
 * Spinlocks.
 *
 * Global lock order, outermost first.  A thread holding a lock may take
 * only locks that come later in this list:
 *
 *   1. sleeplocks (inode, buffer)          -- never held under a spinlock
 *   2. ipc namespace lock (ipc_ns.lock)    -- one per IPC facility
 *   3. ipc slot locks (table order)        -- the "id lock" of an object
 *   4. ksem_table.lock                     -- POSIX semaphore names
 *   5. ks->lock                            -- one POSIX semaphore
 *   6. wait_lock                           -- parent/child links
 *   7. p->lock                             -- one process
 *   8. pipe, file table, log, bcache, icache, kmem, tickslock,
 *      cons.lock, uart lock, disk lock     -- leaves
 *   9. run_lock (scheduler queue)          -- innermost
 *
 * A lock is held with interrupts off on this hart (push_off), so an
 * interrupt handler can never spin on a lock its own hart holds.
 */
#ifndef KITE_SPINLOCK_H
#define KITE_SPINLOCK_H

#include "types.h"

struct cpu;

struct spinlock {
    uint locked;      /* 1 while held */
    char *name;       /* for panics and lockstat */
    struct cpu *cpu;  /* holder, for holding() */
    uint64 nacquire;  /* times acquired */
    uint64 ncontend;  /* times the first try failed */
};

#define KASSERT(cond)                                                          \
    do {                                                                       \
        if (!(cond))                                                           \
            panic_assert(#cond, __FILE__, __LINE__);                           \
    } while (0)

void panic_assert(const char *expr, const char *file, int line)
    __attribute__((noreturn));

#endif
