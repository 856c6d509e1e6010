/*
 * The write-ahead (redo) log: file system updates that survive a crash
 * whole or not at all.
 *
 * Overview    A system call that changes the file system brackets its
 *             changes with begin_op()/end_op() and calls log_write(b)
 *             instead of bwrite(b).  Nothing reaches its home block
 *             until the whole group of operations is on disk in the
 *             log; after a crash, boot replays a committed log and
 *             ignores an uncommitted one.
 * Objects     On disk, sb.nlog blocks from sb.logstart: a header block
 *             (count n and the home block numbers), then the copies.
 *             In memory, struct log: the header being built, the number
 *             of operations running, the committing flag.
 * Operations  begin_op: wait until the log has room for one more
 *               operation of up to MAXOPBLOCKS blocks, and no commit runs.
 *             log_write: note that b was modified; b stays pinned in
 *               the cache until installed.  Writing the same block twice
 *               in a transaction takes one log slot ("absorption").
 *             end_op: when the last running operation ends, commit.
 *             initlog: read the layout, replay a committed log.
 * Design      Group commit: operations that overlap in time share one
 *             commit, so the log is written once for all of them, and
 *             a commit never includes half an operation.  The commit
 *             point is the header write with n > 0: before it the home
 *             blocks are untouched, after it recovery redoes the copy,
 *             which is harmless to repeat.  begin_op reserves
 *             MAXOPBLOCKS slots per running operation, so log_write can
 *             never run out of slots unless an operation breaks that
 *             bound, which is a kernel bug (panic).  The log blocks are
 *             written through a private buffer, not the cache: a commit
 *             then needs no free cache buffer, whatever else is pinned.
 * Locking     log.lock (rank 50: taken alone) protects outstanding,
 *             committing and lh; begin_op/end_op sleep on &log with it.
 *             The committer works without it: committing = 1 keeps every
 *             other thread out of the log and out of logbuf.  log.lock
 *             is never held across bread/bpin (bcache locks) or disk I/O.
 * Interfaces  Uses bread/bwrite/brelse/bpin/bunpin (bio.c) and
 *             virtio_disk_rw for the log blocks.  Callers: fs.c,
 *             file.c, sysfile.c, exec.c.
 * Origins     The xv6 logging design, written anew for Kite.  Changed:
 *             log blocks go through a private buffer; the log size is
 *             checked against the superblock.
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

/* The header block, on disk and in memory. */
struct logheader {
    int n;              /* logged blocks; > 0 on disk = committed */
    int block[LOGSIZE]; /* home block number of each logged copy */
};

_Static_assert(sizeof(struct logheader) <= BSIZE, "log header too big");

static struct {
    struct spinlock lock;
    int dev;             /* constant after initlog */
    int start;           /* header block; copies follow it */
    int size;            /* usable copy slots (<= LOGSIZE) */
    int outstanding;     /* lock: operations between begin and end */
    int committing;      /* lock: a commit is running */
    struct logheader lh; /* lock: blocks logged by this transaction */
} log;

/* For log blocks only; used by the committer or by boot-time recovery. */
static struct buf logbuf;

/* Write data to or read it from log block number blockno. */
static void
log_io(uint blockno, int write)
{
    logbuf.dev = log.dev;
    logbuf.blockno = blockno;
    virtio_disk_rw(&logbuf, write);
}

/* Write the in-memory header to the header block: the commit point
 * when lh.n > 0, the end of the transaction when lh.n == 0. */
static void
write_head(void)
{
    acquiresleep(&logbuf.lock);
    memset(logbuf.data, 0, BSIZE);
    memmove(logbuf.data, &log.lh, sizeof(log.lh));
    log_io(log.start, 1);
    releasesleep(&logbuf.lock);
}

/* Copy every logged block from the cache into the log area. */
static void
write_log(void)
{
    acquiresleep(&logbuf.lock);
    for (int i = 0; i < log.lh.n; i++) {
        struct buf *home = bread(log.dev, log.lh.block[i]);
        memmove(logbuf.data, home->data, BSIZE);
        brelse(home);
        log_io(log.start + 1 + i, 1);
    }
    releasesleep(&logbuf.lock);
}

/* Write the logged blocks to their home locations.  At commit the
 * cache holds them pinned; at recovery they come from the log area. */
static void
install_trans(int recovering)
{
    if (recovering)
        acquiresleep(&logbuf.lock);
    for (int i = 0; i < log.lh.n; i++) {
        struct buf *home = bread(log.dev, log.lh.block[i]);
        if (recovering) {
            log_io(log.start + 1 + i, 0);
            memmove(home->data, logbuf.data, BSIZE);
        }
        bwrite(home);
        if (!recovering)
            bunpin(home);
        brelse(home);
    }
    if (recovering)
        releasesleep(&logbuf.lock);
}

/* Write out the current transaction and install it.
 * Caller: the thread that set log.committing. */
static void
commit(void)
{
    if (log.lh.n == 0)
        return;
    write_log();
    write_head(); /* committed from here on */
    install_trans(0);
    log.lh.n = 0;
    write_head(); /* the log is empty again */
}

/* Replay a committed log left by a crash, then empty the log. */
static void
recover(void)
{
    acquiresleep(&logbuf.lock);
    log_io(log.start, 0);
    memmove(&log.lh, logbuf.data, sizeof(log.lh));
    releasesleep(&logbuf.lock);
    if (log.lh.n < 0 || log.lh.n > log.size)
        panic("log: corrupt header");
    install_trans(1);
    log.lh.n = 0;
    write_head();
}

/* Set up the log of device dev as sb describes it and recover it.
 * Sleeps: for the disk.  Called once, by the first process. */
void
initlog(int dev, struct superblock *sb)
{
    initlock(&log.lock, "log");
    initsleeplock(&logbuf.lock, "logbuf");
    log.dev = dev;
    log.start = sb->logstart;
    log.size = sb->nlog - 1;
    if (log.size > LOGSIZE)
        log.size = LOGSIZE;
    if (log.size < MAXOPBLOCKS)
        panic("log: log area smaller than one operation");
    recover();
}

/* Start a file system operation.
 * Sleeps: while a commit runs or the log lacks room for one more
 * operation (not interruptible: the wait ends when others finish). */
void
begin_op(void)
{
    acquire(&log.lock);
    while (log.committing ||
           log.lh.n + (log.outstanding + 1) * MAXOPBLOCKS > log.size)
        sleep(&log, &log.lock);
    log.outstanding++;
    release(&log.lock);
}

/* End a file system operation; the last one out commits.
 * Sleeps: for the disk when it commits. */
void
end_op(void)
{
    int do_commit = 0;

    acquire(&log.lock);
    if (log.outstanding <= 0 || log.committing)
        panic("end_op: no operation running");
    log.outstanding--;
    if (log.outstanding == 0) {
        do_commit = 1;
        log.committing = 1;
    } else {
        wakeup(&log); /* our reservation is free for a waiter */
    }
    release(&log.lock);

    if (!do_commit)
        return;
    commit();
    acquire(&log.lock);
    log.committing = 0;
    wakeup(&log);
    release(&log.lock);
}

/*
 * Record that b (modified) belongs to the current transaction: it will
 * be written to the log at commit, then home.  Use it instead of bwrite.
 * Caller holds: b->lock, inside begin_op/end_op.
 */
void
log_write(struct buf *b)
{
    int i, added = 0;

    KASSERT(holdingsleep(&b->lock));
    acquire(&log.lock);
    if (log.outstanding < 1)
        panic("log_write: outside an operation");
    for (i = 0; i < log.lh.n; i++)
        if (log.lh.block[i] == (int)b->blockno)
            break;
    if (i == log.lh.n) {
        if (log.lh.n >= log.size)
            panic("log_write: transaction too big");
        log.lh.block[log.lh.n++] = b->blockno;
        added = 1;
    }
    release(&log.lock);
    /* Outside log.lock (rank-50 locks do not nest).  Safe: no commit can
     * start while our operation is outstanding. */
    if (added)
        bpin(b);
}
