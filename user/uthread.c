/*
 * Threads for Kite programs, over the kernel's clone and join.
 *
 * Overview    thread_create(fn, arg): start fn(arg) in a new thread of
 *             the calling process, on a stack of THREAD_STACK bytes
 *             from malloc; the thread ends when fn returns (or calls
 *             exit).  Returns its thread id, or -1 with errno set.
 *             thread_join(tid): wait for thread tid, a thread this one
 *             created, and free its stack.  Returns 0, or -1 with
 *             errno (ECHILD, EINTR).  mutex_init, mutex_lock,
 *             mutex_unlock: a lock for the threads of one process.
 * Objects     mutex_t {locked}: 0 free, 1 held.  A thread's stack: its
 *             top 32 bytes hold fn, arg and the malloc'd base, where
 *             thread_start finds them and thread_join the base.
 * Design      The mutex is an atomic exchange (amoswap, acquire on the
 *             way in, release on the way out) that spins a while and
 *             then sleeps a tick between tries, so a holder that was
 *             descheduled gets the hart back; it needs nothing from the
 *             kernel but sleep.  Threads share the whole address space,
 *             and so errno and malloc, which are not thread-safe: the
 *             library takes its own lock around malloc and free, and a
 *             program whose threads call malloc must do the same.
 *             Returning from fn: the kernel starts a thread at fn with
 *             ra 0, so the library starts it at thread_start, which
 *             calls fn and then exit(0), ending this thread only
 *             (kernel/exit.c: exit ends the whole process only in the
 *             main thread).
 * Origins     Written for Kite.
 */
#include "user/user.h"

#define THREAD_STACK (4 * 4096) /* bytes of each thread's stack */
#define SPINS 100               /* tries before the first sleep */

static mutex_t heap_lock; /* malloc and free are not thread-safe */

/* Where a new thread begins: the words at its stack's top say what to
 * run. */
static void
thread_start(void *top)
{
    void **w = top;
    void (*fn)(void *) = (void (*)(void *))w[0];

    fn(w[1]);
    exit(0);
}

int
thread_create(void (*fn)(void *), void *arg)
{
    mutex_lock(&heap_lock);
    char *base = malloc(THREAD_STACK);
    mutex_unlock(&heap_lock);
    if (base == 0) {
        errno = ENOMEM;
        return -1;
    }
    /* The top, 16-byte aligned (the RISC-V calling convention), less
     * the words thread_start reads; the thread's frames go below. */
    void **top = (void **)(((uint64)base + THREAD_STACK - 32) & ~15UL);
    top[0] = (void *)fn;
    top[1] = arg;
    top[2] = base;
    int tid = clone(thread_start, top, top);
    if (tid < 0) {
        mutex_lock(&heap_lock);
        free(base);
        mutex_unlock(&heap_lock);
    }
    return tid;
}

int
thread_join(int tid)
{
    void *stack;

    if (join(tid, &stack) < 0)
        return -1;
    mutex_lock(&heap_lock);
    free(((void **)stack)[2]);
    mutex_unlock(&heap_lock);
    return 0;
}

void
mutex_init(mutex_t *m)
{
    m->locked = 0;
}

void
mutex_lock(mutex_t *m)
{
    for (int tries = 0; __atomic_exchange_n(&m->locked, 1, __ATOMIC_ACQUIRE);
         tries++)
        if (tries >= SPINS)
            sleep(1);
}

void
mutex_unlock(mutex_t *m)
{
    __atomic_store_n(&m->locked, 0, __ATOMIC_RELEASE);
}
