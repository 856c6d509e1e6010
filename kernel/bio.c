/*
 * The buffer cache: disk blocks kept in memory.
 *
 * Overview    Every disk block the file system reads or writes passes
 *             through a struct buf here.  The cache keeps recently used
 *             blocks so that repeated reads skip the disk, and it makes
 *             sure one block has at most one buffer, so that two threads
 *             using the same block see the same bytes.
 * Objects     bcache.buf[NBUF]; a doubly linked list through them,
 *             ordered by last release, most recent at bcache.head.next.
 *             A buffer with refcnt 0 may be handed to another block.
 * Operations  bread: the block, locked, with its contents; never fails
 *               (waits while every buffer is in use).
 *             bwrite: write a locked buffer to disk now.
 *             brelse: unlock and let go.
 *             bpin/bunpin: an extra reference so that the log keeps a
 *               modified block cached until it is installed.
 * Design      A buffer is "in use" while refcnt > 0; the thread that
 *             owns its data also holds b->lock.  When no buffer is free
 *             bget sleeps until brelse or bunpin frees one instead of
 *             panicking: a burst of readers is something user programs
 *             can cause.  Writes are not delayed here: the log (log.c)
 *             decides when a block reaches its home location.  Victims
 *             are chosen from the least recently released end.
 * Locking     bcache.lock (rank 50 in spinlock.h: no other spinlock
 *             is held when it is taken) protects dev, blockno, refcnt
 *             and the list of every buffer, and bcache.nwait.
 *             b->lock (a sleep lock) protects valid and data.  Order:
 *             b->lock is taken after bcache.lock is released, never
 *             under it; virtio_disk_rw takes the disk lock with b->lock
 *             held and no spinlock of ours.
 * Interfaces  virtio_disk_rw(b, write) does the I/O and sleeps until the
 *             driver clears b->disk.  Callers: fs.c and log.c.
 * Origins     The xv6 buffer cache design (LRU list, sleep-locked
 *             buffers, pinning for the log), written anew for Kite.
 *             Changed: running out of buffers waits instead of panics.
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

static struct {
    struct spinlock lock; /* list, identities, refcnts, nwait */
    struct buf buf[NBUF];
    struct buf head; /* list anchor: next = most recently released */
    int nwait;       /* threads sleeping in bget for a free buffer */
} bcache;

/* Unlink b from the list and put it right after the head.
 * Caller holds: bcache.lock. */
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

/* Set up the cache: every buffer free, invalid, on the list. */
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

/* Drop one reference; a buffer that becomes free may wake a waiter.
 * Caller holds: bcache.lock. */
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

/*
 * Find the buffer for (dev, blockno), or recycle the least recently
 * released free one for it, and lock it.
 * Returns: the locked buffer; valid tells whether data is current.
 * Sleeps: on the buffer's lock, and while no buffer is free.
 */
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
                b->valid = 0; /* b->lock is free: nobody reads valid */
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

/* Unlock b and drop the reference bread gave.
 * Caller holds: b->lock. */
void
brelse(struct buf *b)
{
    KASSERT(holdingsleep(&b->lock));
    releasesleep(&b->lock);
    acquire(&bcache.lock);
    drop_ref(b);
    release(&bcache.lock);
}

/* Keep b cached (not recycled) until bunpin: used by the log. */
void
bpin(struct buf *b)
{
    acquire(&bcache.lock);
    b->refcnt++;
    release(&bcache.lock);
}

/* Undo one bpin. */
void
bunpin(struct buf *b)
{
    acquire(&bcache.lock);
    drop_ref(b);
    release(&bcache.lock);
}
