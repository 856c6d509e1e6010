/*
 * Sleep locks.
 *
 * Overview    Locks held for a long time (across disk I/O): a waiter
 *             sleeps instead of spinning.
 * Objects     struct sleeplock: locked flag and holder pid under lk.
 * Operations  acquiresleep, releasesleep, holdingsleep.
 * Locking     lk (a spinlock) guards the fields; never acquire a sleep
 *             lock while holding any spinlock.
 * Origins     Teaching-kernel classic.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "proc.h"
#include "defs.h"

void
initsleeplock(struct sleeplock *lk, char *name)
{
    initlock(&lk->lk, "sleeplock");
    lk->name = name;
    lk->locked = 0;
    lk->pid = 0;
}

/* Sleeps: until the lock is free. */
void
acquiresleep(struct sleeplock *lk)
{
    acquire(&lk->lk);
    while (lk->locked)
        sleep(lk, &lk->lk);
    lk->locked = 1;
    lk->pid = myproc() ? myproc()->pid : 0;
    release(&lk->lk);
}

void
releasesleep(struct sleeplock *lk)
{
    acquire(&lk->lk);
    lk->locked = 0;
    lk->pid = 0;
    wakeup(lk);
    release(&lk->lk);
}

int
holdingsleep(struct sleeplock *lk)
{
    acquire(&lk->lk);
    int r = lk->locked && lk->pid == (myproc() ? myproc()->pid : 0);
    release(&lk->lk);
    return r;
}
