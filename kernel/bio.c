/*
 * The buffer cache: disk blocks kept in memory.
 *
 * Overview    Every disk block the file system reads or writes passes
 *             through a struct buf here.  The cache keeps recently used
 *             blocks so that repeated reads skip the disk, and it makes
 *             sure one block has at most one buffer, so that two threads
 *             using the same block see the same bytes.
 * Objects     bcache.buf[NBUF], each on the chain of one of NBUCKET hash
 *             buckets: the bucket of its (dev, blockno).  A buffer with
 *             refcnt 0 may be handed to another block; its lastuse says
 *             when it was released, from a clock (nreleased) that ticks
 *             once per release.
 * Operations  bread: the block, locked, with its contents; never fails
 *               (waits while every buffer is in use).
 *             bwrite: write a locked buffer to disk now.
 *             brelse: unlock and let go.
 *             bpin/bunpin: an extra reference so that the log keeps a
 *               modified block cached until it is installed.
 * Design      A buffer is "in use" while refcnt > 0; the thread that
 *             owns its data also holds b->lock.  A hit touches one
 *             bucket, so harts using different blocks do not meet on a
 *             lock.  A miss recycles the free buffer released longest
 *             ago (the smallest lastuse, over every bucket: true LRU)
 *             and moves it to the new block's bucket.  Misses take
 *             bcache.evict_lock, one at a time: only a thread holding it
 *             adds a block to a bucket, so after re-checking the bucket
 *             under it, no other buffer for the block can appear, and a
 *             recycler never holds two bucket locks.  A buffer is
 *             recycled only at refcnt 0, checked under its bucket's lock
 *             as it is taken off the chain.  When no buffer is free bget
 *             sleeps until a release instead of panicking: a burst of
 *             readers is something user programs can cause.  Writes are
 *             not delayed here: the log (log.c) decides when a block
 *             reaches its home location.
 * Locking     bcache.evict_lock ("bcache_evict", rank 51) ->
 *             bucket locks ("bcache", rank 52), one at a time; each
 *             protects its chain and its buffers' refcnt and lastuse.
 *             dev and blockno change only with evict_lock and the
 *             bucket lock held, on a buffer with refcnt 0, so a holder
 *             of a reference reads them freely.  bcache.wait_lock
 *             ("bcache_wait", rank 50) is the condition lock of the
 *             wait for a free buffer, taken with no other bcache lock.
 *             b->lock (a sleep lock) protects valid and data; it is
 *             taken with no spinlock held.  virtio_disk_rw takes the
 *             disk lock with b->lock held and no spinlock of ours.
 * Interfaces  virtio_disk_rw(b, write) does the I/O and sleeps until the
 *             driver clears b->disk.  Callers: fs.c and log.c.
 * Origins     The xv6 buffer cache interface (sleep-locked buffers,
 *             pinning for the log), written anew for Kite.  Changed:
 *             running out of buffers waits instead of panics.  The hash
 *             buckets are the lock lab (labs/lock.md); its stub is one
 *             LRU list under one lock, bcache.lock.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "proc.h"
#include "fs.h"
#include "buf.h"
#include "defs.h"

/* LAB lock: BEGIN */
#define NBUCKET 13 /* hash buckets; prime, so block numbers spread */

struct bucket {
    struct spinlock lock; /* "bcache" */
    struct buf *head;     /* lock: the buffers of this bucket's blocks */
} __attribute__((aligned(64)));

static struct {
    struct spinlock evict_lock; /* one recycler at a time */
    struct spinlock wait_lock;  /* sleeping for a free buffer */
    struct bucket bucket[NBUCKET];
    struct buf buf[NBUF];
    uint64 nreleased; /* atomic: releases to refcnt 0 (the LRU clock) */
    int nwait;        /* atomic: threads waiting for a free buffer */
} bcache;

static struct bucket *
bucket_of(uint dev, uint blockno)
{
    return &bcache.bucket[(dev * 1031 + blockno) % NBUCKET];
}

/* Set up the cache: every buffer free, invalid, in the bucket of its
 * (dev 0, block 0) identity. */
void
binit(void)
{
    initlock(&bcache.evict_lock, "bcache_evict");
    initlock(&bcache.wait_lock, "bcache_wait");
    for (int i = 0; i < NBUCKET; i++)
        initlock(&bcache.bucket[i].lock, "bcache");
    struct bucket *bk = bucket_of(0, 0);
    for (struct buf *b = bcache.buf; b < bcache.buf + NBUF; b++) {
        initsleeplock(&b->lock, "buffer");
        b->next = bk->head;
        bk->head = b;
    }
}

/* The buffer of (dev, blockno) in bk with one more reference, or 0.
 * Caller holds: bk->lock. */
static struct buf *
cached(struct bucket *bk, uint dev, uint blockno)
{
    KASSERT(holding(&bk->lock));
    for (struct buf *b = bk->head; b; b = b->next) {
        if (b->dev == dev && b->blockno == blockno) {
            b->refcnt++;
            return b;
        }
    }
    return 0;
}

/* The free buffer released longest ago, or 0 if none is free; *stamp
 * is set to its lastuse as seen under its bucket's lock. */
static struct buf *
find_lru(uint64 *stamp)
{
    struct buf *lru = 0;
    for (struct bucket *bk = bcache.bucket; bk < bcache.bucket + NBUCKET;
         bk++) {
        acquire(&bk->lock);
        for (struct buf *b = bk->head; b; b = b->next) {
            if (b->refcnt == 0 && (lru == 0 || b->lastuse < *stamp)) {
                lru = b;
                *stamp = b->lastuse;
            }
        }
        release(&bk->lock);
    }
    return lru;
}

/* Take the least recently released free buffer off its bucket's chain
 * with refcnt 1.  Returns: it, or 0 if every buffer is in use.
 * Caller holds: bcache.evict_lock. */
static struct buf *
claim_lru(void)
{
    KASSERT(holding(&bcache.evict_lock));
    for (;;) {
        uint64 seen;
        struct buf *b = find_lru(&seen);
        if (b == 0)
            return 0;
        /* Only evict_lock holders change dev and blockno: stable. */
        struct bucket *bk = bucket_of(b->dev, b->blockno);
        acquire(&bk->lock);
        if (b->refcnt == 0 && b->lastuse == seen) {
            struct buf **pp = &bk->head;
            while (*pp != b)
                pp = &(*pp)->next;
            *pp = b->next;
            b->refcnt = 1;
            release(&bk->lock);
            return b;
        }
        release(&bk->lock); /* used again meanwhile: look again */
    }
}

/* Sleep until some buffer is released after the clock read `seen`. */
static void
wait_for_free(uint64 seen)
{
    acquire(&bcache.wait_lock);
    __atomic_add_fetch(&bcache.nwait, 1, __ATOMIC_SEQ_CST);
    while (__atomic_load_n(&bcache.nreleased, __ATOMIC_SEQ_CST) == seen)
        sleep(&bcache, &bcache.wait_lock);
    __atomic_sub_fetch(&bcache.nwait, 1, __ATOMIC_SEQ_CST);
    release(&bcache.wait_lock);
}

/* A miss: give (dev, blockno) a buffer, unless another thread cached
 * the block first.  Returns: the buffer with one reference for us.
 * Sleeps: while no buffer is free. */
static struct buf *
recycle(uint dev, uint blockno)
{
    struct bucket *bk = bucket_of(dev, blockno);
    for (;;) {
        acquire(&bcache.evict_lock);
        acquire(&bk->lock);
        struct buf *b = cached(bk, dev, blockno);
        release(&bk->lock);
        uint64 seen = __atomic_load_n(&bcache.nreleased, __ATOMIC_SEQ_CST);
        if (b == 0 && (b = claim_lru()) != 0) {
            b->dev = dev; /* off every chain: nobody else sees it */
            b->blockno = blockno;
            b->valid = 0; /* b->lock is free: nobody reads valid */
            acquire(&bk->lock);
            b->next = bk->head;
            bk->head = b;
            release(&bk->lock);
        }
        release(&bcache.evict_lock);
        if (b)
            return b;
        wait_for_free(seen);
    }
}

/*
 * Find the buffer for (dev, blockno), or recycle a free one for it, and
 * lock it.
 * Returns: the locked buffer; valid tells whether data is current.
 * Sleeps: on the buffer's lock, and while no buffer is free.
 */
static struct buf *
bget(uint dev, uint blockno)
{
    struct bucket *bk = bucket_of(dev, blockno);
    acquire(&bk->lock);
    struct buf *b = cached(bk, dev, blockno);
    release(&bk->lock);
    if (b == 0)
        b = recycle(dev, blockno);
    acquiresleep(&b->lock);
    return b;
}

/* Drop one reference; a buffer that becomes free is stamped with the
 * clock and may wake a thread waiting for one. */
static void
drop_ref(struct buf *b)
{
    struct bucket *bk = bucket_of(b->dev, b->blockno); /* ours: stable */
    acquire(&bk->lock);
    if (b->refcnt == 0)
        panic("bio: refcnt underflow");
    int freed = --b->refcnt == 0;
    if (freed)
        b->lastuse = __atomic_add_fetch(&bcache.nreleased, 1, __ATOMIC_SEQ_CST);
    release(&bk->lock);
    if (freed && __atomic_load_n(&bcache.nwait, __ATOMIC_SEQ_CST) > 0) {
        acquire(&bcache.wait_lock);
        wakeup(&bcache);
        release(&bcache.wait_lock);
    }
}

/* Unlock b and drop the reference bread gave.
 * Caller holds: b->lock. */
void
brelse(struct buf *b)
{
    KASSERT(holdingsleep(&b->lock));
    releasesleep(&b->lock);
    drop_ref(b);
}

/* Keep b cached (not recycled) until bunpin: used by the log.
 * Caller holds: a reference to b. */
void
bpin(struct buf *b)
{
    struct bucket *bk = bucket_of(b->dev, b->blockno);
    acquire(&bk->lock);
    b->refcnt++;
    release(&bk->lock);
}

/* Undo one bpin. */
void
bunpin(struct buf *b)
{
    drop_ref(b);
}
/* LAB lock: STUB
// One lock for the whole cache: the lab is to split it (labs/lock.md).
static struct {
    struct spinlock lock;
    struct buf buf[NBUF];
    struct buf head;
    int nwait;
} bcache;

static void
move_to_front(struct buf *b)
{
    KASSERT(holding(&bcache.lock));
    b->prev->next = b->next;
    b->next->prev = b->prev;
    b->next = bcache.head.next;
    b->prev = &bcache.head;
    bcache.head.next->prev = b;
    bcache.head.next = b;
}

void
binit(void)
{
    initlock(&bcache.lock, "bcache");
    bcache.head.next = &bcache.head;
    bcache.head.prev = &bcache.head;
    for (struct buf *b = bcache.buf; b < bcache.buf + NBUF; b++) {
        initsleeplock(&b->lock, "buffer");
        b->next = bcache.head.next;
        b->prev = &bcache.head;
        bcache.head.next->prev = b;
        bcache.head.next = b;
    }
}

static void
drop_ref(struct buf *b)
{
    KASSERT(holding(&bcache.lock));
    if (b->refcnt == 0)
        panic("bio: refcnt underflow");
    b->refcnt--;
    if (b->refcnt == 0) {
        move_to_front(b);
        if (bcache.nwait > 0)
            wakeup(&bcache);
    }
}

static struct buf *
bget(uint dev, uint blockno)
{
    struct buf *b;

    acquire(&bcache.lock);
    for (;;) {
        for (b = bcache.head.next; b != &bcache.head; b = b->next) {
            if (b->dev == dev && b->blockno == blockno) {
                b->refcnt++;
                goto found;
            }
        }
        for (b = bcache.head.prev; b != &bcache.head; b = b->prev) {
            if (b->refcnt == 0) {
                b->dev = dev;
                b->blockno = blockno;
                b->valid = 0;
                b->refcnt = 1;
                goto found;
            }
        }
        bcache.nwait++;
        sleep(&bcache, &bcache.lock);
        bcache.nwait--;
    }
found:
    release(&bcache.lock);
    acquiresleep(&b->lock);
    return b;
}

void
brelse(struct buf *b)
{
    KASSERT(holdingsleep(&b->lock));
    releasesleep(&b->lock);
    acquire(&bcache.lock);
    drop_ref(b);
    release(&bcache.lock);
}

void
bpin(struct buf *b)
{
    acquire(&bcache.lock);
    b->refcnt++;
    release(&bcache.lock);
}

void
bunpin(struct buf *b)
{
    acquire(&bcache.lock);
    drop_ref(b);
    release(&bcache.lock);
}
   LAB lock: END */

/* Return a locked buffer holding the contents of block blockno.
 * Sleeps: for a buffer and for the disk. */
struct buf *
bread(uint dev, uint blockno)
{
    struct buf *b = bget(dev, blockno);
    if (!b->valid) {
        virtio_disk_rw(b, 0);
        b->valid = 1;
    }
    return b;
}

/* Write b's data to its disk block now.
 * Caller holds: b->lock.  Sleeps: for the disk. */
void
bwrite(struct buf *b)
{
    KASSERT(holdingsleep(&b->lock));
    virtio_disk_rw(b, 1);
}
