/* Sleep locks: long-held locks that put the waiter to sleep. */
#ifndef KITE_SLEEPLOCK_H
#define KITE_SLEEPLOCK_H

#include "spinlock.h"

struct sleeplock {
    uint locked;        /* 1 while held; lk */
    struct spinlock lk; /* protects this structure */
    char *name;
    int pid; /* holder */
};

#endif
