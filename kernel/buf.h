/*
 * A block buffer: one disk block's copy in memory (kernel/bio.c).
 *
 * Legend:  c: the lock of the buffer's hash bucket (bcache.lock in the
 *             lock lab's stub)   s: b->lock (the sleep lock)
 *          d: the disk driver while the request is in flight
 */
#ifndef KITE_BUF_H
#define KITE_BUF_H

#include "types.h"
#include "sleeplock.h"
#include "fs.h"

struct buf {
    int valid;             /* s: data holds the block's contents */
    int disk;              /* d: 1 while the driver owns the buffer; the
                            * driver clears it and calls wakeup(b) */
    uint dev;              /* c: which block this buffer caches */
    uint blockno;          /* c */
    struct sleeplock lock; /* held by the one thread using data */
    uint refcnt;           /* c: holders plus log pins; 0 = reusable */
    /* LAB lock: BEGIN */
    uint64 lastuse;   /* c: when refcnt last fell to 0 (bio.c's clock) */
    struct buf *next; /* c: the rest of its hash bucket's chain */
    /* LAB lock: STUB
    struct buf *prev;
    struct buf *next;
       LAB lock: END */
    uchar data[BSIZE]; /* s */
};

#endif
