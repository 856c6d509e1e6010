/*
 * POSIX semaphores for Kite programs, over the kernel's ksem_* calls.
 *
 * Overview    sem_open/sem_close/sem_unlink for named semaphores,
 *             sem_init/sem_destroy for unnamed ones, and sem_post,
 *             sem_wait, sem_trywait, sem_getvalue for both.  Each
 *             returns 0 (sem_open: a sem_t *) or -1 (SEM_FAILED) with
 *             errno set, as POSIX says.
 * Objects     sem_t {id, opens}: id is the kernel's semaphore id; opens
 *             counts sem_open calls not yet matched by sem_close.  The
 *             table named[] lists this process's open named sem_t.
 * Operations  sem_open: the kernel's errors (EINVAL, ENAMETOOLONG,
 *             EEXIST, ENOENT, EACCES, ENFILE, EFAULT), or ENOMEM when
 *             no sem_t can be allocated.  sem_close: EINVAL for a
 *             semaphore that is not open by name.  sem_init: EINVAL,
 *             ENFILE.  sem_destroy: EINVAL (named), EBUSY (waiters).
 *             sem_post: EOVERFLOW.  sem_trywait: EAGAIN.  Any call on
 *             a null sem_t or an id this process does not hold: EINVAL.
 * Design      POSIX requires that opening a name a process already has
 *             open returns the same sem_t *.  The kernel gives the same
 *             id to every open of one semaphore by one process, so the
 *             library finds the sem_t by id: it needs no copy of the
 *             name, and a name unlinked and re-created (a new semaphore,
 *             a new id) correctly gets a new sem_t.  A sem_t is freed
 *             when it has been closed as often as it was opened; every
 *             sem_close also drops one kernel reference, so the kernel's
 *             count and opens move together.
 *             The table sits in ordinary memory, so fork copies it along
 *             with the kernel's references (same counts) and exec
 *             discards it along with them: the two always agree.
 *             pshared of sem_init is accepted and ignored: an unnamed
 *             semaphore is a kernel object that every child inherits.
 *             Being a kernel object, it also cannot be copied: a copy of
 *             a sem_t names the same semaphore.
 * Locking     None in user space: a process has one thread.  The kernel
 *             serialises the semaphore operations (kernel/ksem.c).
 * Interfaces  user/user.h declares sem_t, SEM_FAILED and the calls.
 * Origins     Written for Kite; the kernel side follows NetBSD's
 *             uipc_sem.c and its libc wrappers in spirit.
 */
#include "user/user.h"

static sem_t *named[KSEM_MAX]; /* open named semaphores, by no order */

/* Fail a call with err, the way the system call stubs do. */
static int
fail(int err)
{
    errno = err;
    return -1;
}

/* The open named sem_t with kernel id id, or 0. */
static sem_t *
named_find(int id)
{
    int i;

    for (i = 0; i < KSEM_MAX; i++)
        if (named[i] != 0 && named[i]->id == id)
            return named[i];
    return 0;
}

/* Record a first open of kernel id id; 0 when out of memory. */
static sem_t *
named_add(int id)
{
    sem_t *s;
    int i;

    for (i = 0; i < KSEM_MAX && named[i] != 0; i++)
        ;
    if (i == KSEM_MAX)
        return 0; /* cannot happen: the kernel has KSEM_MAX in all */
    s = malloc(sizeof(*s));
    if (s == 0)
        return 0;
    s->id = id;
    s->opens = 1;
    named[i] = s;
    return s;
}

/* Forget s after its last close. */
static void
named_remove(sem_t *s)
{
    int i;

    for (i = 0; i < KSEM_MAX; i++) {
        if (named[i] == s) {
            named[i] = 0;
            free(s);
            return;
        }
    }
}

/* Is s one of this process's open named semaphores? */
static int
named_has(sem_t *s)
{
    int i;

    for (i = 0; i < KSEM_MAX; i++)
        if (named[i] == s)
            return 1;
    return 0;
}

/*
 * Open the semaphore called name; with O_CREAT make it if needed, from
 * the two extra arguments: int mode and unsigned int value.
 */
sem_t *
sem_open(const char *name, int oflag, ...)
{
    __builtin_va_list ap;
    int mode = 0, id;
    unsigned int value = 0;
    sem_t *s;

    if (oflag & O_CREAT) {
        __builtin_va_start(ap, oflag);
        mode = __builtin_va_arg(ap, int);
        value = __builtin_va_arg(ap, unsigned int);
        __builtin_va_end(ap);
    }
    if (ksem_open(name, oflag, mode, value, &id) < 0)
        return SEM_FAILED;
    s = named_find(id);
    if (s != 0) {
        s->opens++;
        return s;
    }
    s = named_add(id);
    if (s == 0) {
        ksem_close(id);
        errno = ENOMEM;
        return SEM_FAILED;
    }
    return s;
}

/* Undo one sem_open of sem. */
int
sem_close(sem_t *sem)
{
    if (sem == 0)
        return fail(EINVAL);
    if (ksem_close(sem->id) < 0)
        return -1;
    if (named_has(sem) && --sem->opens == 0)
        named_remove(sem);
    return 0;
}

/* Remove name; processes that have it open keep using it. */
int
sem_unlink(const char *name)
{
    return ksem_unlink(name);
}

/* Make an unnamed semaphore with the given value in *sem. */
int
sem_init(sem_t *sem, int pshared, unsigned int value)
{
    int id;

    (void)pshared; /* always shared with children: see Design */
    if (sem == 0)
        return fail(EINVAL);
    if (ksem_init(value, &id) < 0)
        return -1;
    sem->id = id;
    sem->opens = 0;
    return 0;
}

/* Give up an unnamed semaphore made by sem_init. */
int
sem_destroy(sem_t *sem)
{
    if (sem == 0)
        return fail(EINVAL);
    return ksem_destroy(sem->id);
}

/* Add one to the value, waking a waiter if there is one. */
int
sem_post(sem_t *sem)
{
    if (sem == 0)
        return fail(EINVAL);
    return ksem_post(sem->id);
}

/* Take one from the value, sleeping while it is 0. */
int
sem_wait(sem_t *sem)
{
    if (sem == 0)
        return fail(EINVAL);
    return ksem_wait(sem->id);
}

/* Take one from the value if it is above 0; EAGAIN otherwise. */
int
sem_trywait(sem_t *sem)
{
    if (sem == 0)
        return fail(EINVAL);
    return ksem_trywait(sem->id);
}

/* Store the current value in *value. */
int
sem_getvalue(sem_t *sem, int *value)
{
    if (sem == 0)
        return fail(EINVAL);
    return ksem_getvalue(sem->id, value);
}
