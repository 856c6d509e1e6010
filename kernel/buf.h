/*
 * A block buffer: one disk block's copy in memory (kernel/bio.c).
 *
 * Legend:  c: bcache.lock   s: b->lock (the sleep lock)
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
    struct buf *prev;      /* c: LRU list, most recently released first */
    struct buf *next;      /* c */
    uchar data[BSIZE];     /* s */
};

#endif
