/*
 * Open files: the objects file descriptors point at.
 *
 * Overview    A struct file is one open of an inode, a device or one end
 *             of a pipe, with its access mode and (for inodes) offset.
 *             read/write/fstat on a descriptor land here and are passed
 *             to fs.c, pipe.c or the device's devsw entry.
 * Objects     ftable.file[NFILE]: a slot is in use while ref > 0.
 *             devsw[NDEV]: device entry points, filled by drivers
 *             (console.c fills devsw[CONSOLE]).
 * Operations  filealloc: a file with ref 1, or 0 when the table is full
 *               (the caller reports -ENFILE).
 *             filedup/fileclose: references; the last close releases
 *               the pipe end or the inode.
 *             fileread/filewrite: bytes moved, or -EBADF (wrong
 *               direction), -ENODEV (no driver), -EFAULT, -EPIPE,
 *               -EINTR, -ENOSPC, -EFBIG as the layer below says.
 *             file_write_kernel: filewrite from a kernel buffer, for
 *               the kernel's own short writes (trace.c's lines).
 *             filestat: 0, -EFAULT, -EINVAL (a pipe has no inode).
 *             fileseek: the new offset, -ESPIPE (not an inode), -EINVAL,
 *               -EOVERFLOW (see the function).
 * Design      A write to an inode is cut into pieces small enough for
 *             one log operation each (MAXOPBLOCKS), so a large write is
 *             not atomic but never overflows the log.  A write that
 *             stops early (disk full, bad buffer) returns the bytes
 *             written so far.  Writes are clamped at MAXFILE blocks: the
 *             part that fits is written, the rest gets -EFBIG next time.
 * Locking     ftable.lock (rank 50, taken alone): ref and type.
 *             The other fields are set before the file is shared and
 *             then constant, except off, which ip->lock protects.
 *             fileclose releases ftable.lock before closing the pipe or
 *             putting the inode (pipe lock, sleep locks, the log).
 * Interfaces  fs.c (readi, writei, stati, iput), pipe.c, log.c.
 *             Callers: sysfile.c, proc.c (fork: filedup), exec.c,
 *             trace.c.
 * Origins     The xv6 file table, written anew for Kite.  Changed:
 *             errno results, offsets kept consistent on errors.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "proc.h"
#include "fs.h"
#include "file.h"
#include "stat.h"
#include "errno.h"
#include "fcntl.h"
#include "defs.h"

struct devsw devsw[NDEV];

static struct {
    struct spinlock lock; /* ref and type of every file */
    struct file file[NFILE];
} ftable;

/* Largest piece of a write that one log operation carries: 3 blocks,
 * 4 data blocks when unaligned, plus the inode, at most three block
 * tables (the indirect block, the doubly-indirect block and one of its
 * indirect blocks; or two of those when the piece crosses from one to
 * the next), and the bitmap blocks holding the bits of every block it
 * allocates, data and tables: at most 7 of them, and never more than
 * the disk has.  4 + 1 + 3 + 4 = MAXOPBLOCKS: it fits any disk with up
 * to four bitmap blocks (32,768 blocks); Kite's disk has two. */
#define WRITE_CHUNK ((((MAXOPBLOCKS - 4) / 2) - 1) * BSIZE)

/* Set up the file table. */
void
fileinit(void)
{
    initlock(&ftable.lock, "ftable");
}

/* Claim a free file.
 * Returns: the file (ref 1, type FD_NONE), or 0 when all are in use. */
struct file *
filealloc(void)
{
    acquire(&ftable.lock);
    for (struct file *f = ftable.file; f < ftable.file + NFILE; f++) {
        if (f->ref == 0) {
            f->ref = 1;
            f->type = FD_NONE;
            f->readable = f->writable = 0;
            f->pipe = 0;
            f->ip = 0;
            f->off = 0;
            f->major = 0;
            release(&ftable.lock);
            return f;
        }
    }
    release(&ftable.lock);
    return 0;
}

/* Take another reference to f.
 * Returns: f. */
struct file *
filedup(struct file *f)
{
    acquire(&ftable.lock);
    if (f->ref < 1)
        panic("filedup: file not open");
    f->ref++;
    release(&ftable.lock);
    return f;
}

/* Drop a reference to f; the last one releases what f refers to.
 * Sleeps: for the log when it puts an inode. */
void
fileclose(struct file *f)
{
    struct file copy;

    acquire(&ftable.lock);
    if (f->ref < 1)
        panic("fileclose: file not open");
    if (--f->ref > 0) {
        release(&ftable.lock);
        return;
    }
    copy = *f;
    f->type = FD_NONE;
    release(&ftable.lock);

    if (copy.type == FD_PIPE) {
        pipeclose(copy.pipe, copy.writable);
    } else if (copy.type == FD_INODE || copy.type == FD_DEVICE) {
        begin_op();
        iput(copy.ip);
        end_op();
    }
}

/* Copy the status of f's inode to the user address addr.
 * Returns: 0, -EFAULT, -ENOMEM (see copyout), -EINVAL (a pipe). */
int
filestat(struct file *f, uint64 addr)
{
    struct stat st;

    if (f->type != FD_INODE && f->type != FD_DEVICE)
        return -EINVAL;
    memset(&st, 0, sizeof(st)); /* the padding after nlink goes out too */
    ilock(f->ip);
    stati(f->ip, &st);
    iunlock(f->ip);
    return copyout(myproc()->pagetable, addr, &st, sizeof(st));
}

/*
 * Move the offset of inode file f: to off (SEEK_SET), by off (SEEK_CUR)
 * or to the end of the file plus off (SEEK_END).  Past the end is
 * allowed: a write there leaves a hole.
 * Returns: the new offset, -ESPIPE (a pipe or device), -EINVAL (bad
 * whence, or a negative result), -EOVERFLOW (past what an offset holds).
 */
long
fileseek(struct file *f, long off, int whence)
{
    long base;

    if (f->type != FD_INODE)
        return -ESPIPE;
    ilock(f->ip);
    if (whence == SEEK_SET)
        base = 0;
    else if (whence == SEEK_CUR)
        base = f->off;
    else if (whence == SEEK_END)
        base = f->ip->size;
    else
        base = -1;
    long to = base + off;
    if (base >= 0 && to >= 0 && to <= 0xffffffffL)
        f->off = to;
    iunlock(f->ip);
    if (base < 0 || to < 0)
        return -EINVAL;
    return to > 0xffffffffL ? -EOVERFLOW : to;
}

/* The device switch entry of f, if its major number has a driver. */
static struct devsw *
file_dev(struct file *f)
{
    if (f->major < 0 || f->major >= NDEV)
        return 0;
    return &devsw[f->major];
}

/* Read up to n bytes from f to the user address addr.
 * Returns: bytes read (0 at end of file), or -errno.
 * Sleeps: for data (pipes, devices) and for the disk. */
int
fileread(struct file *f, uint64 addr, int n)
{
    struct devsw *d;
    int r;

    if (!f->readable)
        return -EBADF;
    switch (f->type) {
    case FD_PIPE:
        return piperead(f->pipe, addr, n);
    case FD_DEVICE:
        d = file_dev(f);
        if (d == 0 || d->read == 0)
            return -ENODEV;
        return d->read(1, addr, n);
    case FD_INODE:
        ilock(f->ip);
        r = readi(f->ip, 1, addr, f->off, n);
        if (r > 0)
            f->off += r;
        iunlock(f->ip);
        return r;
    default:
        panic("fileread: bad file type");
    }
}

/* Write n bytes from the user address addr to inode file f, a piece per
 * log operation.  Returns: bytes written, or -errno if none. */
static int
write_inode(struct file *f, uint64 addr, int n)
{
    int done = 0;

    while (done < n) {
        int m = n - done;
        if (m > WRITE_CHUNK)
            m = WRITE_CHUNK;
        begin_op();
        ilock(f->ip);
        int r = writei(f->ip, 1, addr + done, f->off, m);
        if (r > 0)
            f->off += r;
        iunlock(f->ip);
        end_op();
        if (r < 0)
            return done > 0 ? done : r;
        done += r;
        if (r < m)
            break; /* disk full or bad buffer part way */
    }
    return done;
}

/* Write n bytes from the kernel buffer buf to f: how the kernel writes
 * a trace line on a process's fd 2 (trace.c).  n is small (a line).
 * Returns: bytes written, or -errno.  Sleeps: as filewrite. */
int
file_write_kernel(struct file *f, const char *buf, int n)
{
    struct devsw *d;
    int r;

    if (!f->writable)
        return -EBADF;
    switch (f->type) {
    case FD_PIPE:
        return pipe_write_kernel(f->pipe, buf, n);
    case FD_DEVICE:
        d = file_dev(f);
        if (d == 0 || d->write == 0)
            return -ENODEV;
        return d->write(0, (uint64)buf, n);
    case FD_INODE:
        begin_op();
        ilock(f->ip);
        r = writei(f->ip, 0, (uint64)buf, f->off, n);
        if (r > 0)
            f->off += r;
        iunlock(f->ip);
        end_op();
        return r;
    default:
        panic("file_write_kernel: bad file type");
    }
}

/* Write n bytes from the user address addr to f.
 * Returns: bytes written (possibly fewer than n), or -errno.
 * Sleeps: for pipe space, devices, the log and the disk. */
int
filewrite(struct file *f, uint64 addr, int n)
{
    struct devsw *d;

    if (!f->writable)
        return -EBADF;
    switch (f->type) {
    case FD_PIPE:
        return pipewrite(f->pipe, addr, n);
    case FD_DEVICE:
        d = file_dev(f);
        if (d == 0 || d->write == 0)
            return -ENODEV;
        return d->write(1, addr, n);
    case FD_INODE:
        /* The offset is read without ip->lock: only a shared file's
         * concurrent writer could move it, and then either value is a
         * valid place to clamp at. */
        if (f->off >= (uint)MAXFILE * BSIZE)
            return n > 0 ? -EFBIG : 0;
        if ((uint64)f->off + n > (uint64)MAXFILE * BSIZE)
            n = MAXFILE * BSIZE - f->off;
        return write_inode(f, addr, n);
    default:
        panic("filewrite: bad file type");
    }
}
