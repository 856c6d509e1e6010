/*
 * Pipes: a byte stream from writers to readers, in kernel memory.
 *
 * Overview    pipe() makes two files sharing one struct pipe: a read end
 *             and a write end.  Bytes come out in the order they went in.
 * Objects     struct pipe (kmalloc'd): a ring of PIPESIZE bytes, with
 *             free-running counters nread and nwrite (the ring holds
 *             nwrite - nread bytes), and one flag per open end.
 * Operations  pipealloc: 0, -ENFILE (file table full), -ENOMEM.
 *             piperead: blocks while the pipe is empty and a writer
 *               remains; returns bytes read, 0 once every writer closed
 *               and the ring is drained, -EINTR (killed while waiting),
 *               -EFAULT (nothing copied out), -ENOMEM (the buffer is
 *               copy-on-write and memory is out; no byte was taken).
 *             pipewrite: blocks while the ring is full; returns bytes
 *               written, or -EPIPE (no reader left), -EINTR, -EFAULT
 *               when no byte was written.
 *             pipe_write_kernel: a kernel buffer of at most PIPESIZE
 *               bytes (a trace line, trace.c), written whole: blocks
 *               until all of it fits; n, -EPIPE, -EINTR.
 *             pipeclose: close one end; the second close frees the pipe.
 * Design      User memory is never touched under pi->lock (copyin and
 *             copyout may fault and sleep): bytes go through a small
 *             buffer on the kernel stack, copied from the user before
 *             the lock is taken and to the user after it is released.
 *             A read returns whatever is available once at least one
 *             byte is; a write of more than PIPESIZE bytes may be
 *             interleaved with other writers' bytes.
 * Locking     pi->lock (rank 50) protects the ring, counters and
 *             flags.  Readers sleep on &pi->nread, writers on
 *             &pi->nwrite, always with pi->lock held from the test to
 *             the sleep, so a wake-up from another hart cannot be lost.
 * Interfaces  filealloc/fileclose (file.c); kmalloc/kmfree.
 * Origins     The xv6 pipe, written anew for Kite.  Changed: errno
 *             results, user copies outside the spinlock, frees with
 *             kmfree.
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
#include "errno.h"
#include "defs.h"

#define PIPESIZE 512
#define PIPE_CHUNK 128 /* bytes staged on the kernel stack per step */

struct pipe {
    struct spinlock lock;
    char data[PIPESIZE]; /* lock: the ring */
    uint nread;          /* lock: bytes ever read */
    uint nwrite;         /* lock: bytes ever written */
    int readopen;        /* lock: the read end is open */
    int writeopen;       /* lock: the write end is open */
};

/*
 * Make a pipe and its two files: *f0 to read, *f1 to write.
 * Returns: 0, -ENFILE, -ENOMEM; on failure nothing stays allocated.
 */
int
pipealloc(struct file **f0, struct file **f1)
{
    struct pipe *pi = 0;
    int err = -ENFILE;

    *f0 = *f1 = 0;
    if ((*f0 = filealloc()) == 0 || (*f1 = filealloc()) == 0)
        goto out;
    err = -ENOMEM;
    if ((pi = kmalloc(sizeof(*pi))) == 0)
        goto out;
    initlock(&pi->lock, "pipe");
    pi->nread = pi->nwrite = 0;
    pi->readopen = pi->writeopen = 1;
    (*f0)->type = FD_PIPE;
    (*f0)->readable = 1;
    (*f0)->pipe = pi;
    (*f1)->type = FD_PIPE;
    (*f1)->writable = 1;
    (*f1)->pipe = pi;
    return 0;
out:
    if (*f1)
        fileclose(*f1); /* type FD_NONE: only the slot is released */
    if (*f0)
        fileclose(*f0);
    *f0 = *f1 = 0;
    return err;
}

/* Close the write end (writable) or the read end of pi, waking the
 * other side; the second close frees pi. */
void
pipeclose(struct pipe *pi, int writable)
{
    acquire(&pi->lock);
    if (writable) {
        pi->writeopen = 0;
        wakeup(&pi->nread); /* readers now see end of file */
    } else {
        pi->readopen = 0;
        wakeup(&pi->nwrite); /* writers now get EPIPE */
    }
    int last = !pi->readopen && !pi->writeopen;
    release(&pi->lock);
    if (last)
        kmfree(pi);
}

/*
 * Put up to n bytes from buf into the ring, waiting for room.
 * Returns: bytes put (> 0), -EPIPE or -EINTR.
 * Sleeps: while the ring is full.
 */
static int
put_bytes(struct pipe *pi, const char *buf, int n)
{
    int i = 0;

    acquire(&pi->lock);
    while (i == 0) {
        if (!pi->readopen || killed(myproc())) {
            i = !pi->readopen ? -EPIPE : -EINTR;
            break;
        }
        if (pi->nwrite - pi->nread == PIPESIZE) {
            sleep_killable(&pi->nwrite, &pi->lock);
            continue;
        }
        while (i < n && pi->nwrite - pi->nread < PIPESIZE)
            pi->data[pi->nwrite++ % PIPESIZE] = buf[i++];
        wakeup(&pi->nread);
    }
    release(&pi->lock);
    return i;
}

/* Write n bytes from the user address addr into pi.
 * Returns: bytes written, or -EPIPE, -EINTR, -EFAULT if none.
 * Sleeps: while the pipe is full. */
int
pipewrite(struct pipe *pi, uint64 addr, int n)
{
    char buf[PIPE_CHUNK];
    int done = 0;

    while (done < n) {
        int m = n - done;
        if (m > PIPE_CHUNK)
            m = PIPE_CHUNK;
        if (copyin(myproc()->pagetable, buf, addr + done, m) < 0)
            return done > 0 ? done : -EFAULT;
        for (int k = 0; k < m;) {
            int r = put_bytes(pi, buf + k, m - k);
            if (r < 0)
                return done + k > 0 ? done + k : r;
            k += r;
        }
        done += m;
    }
    return done;
}

/* Write the n bytes (a trace line, trace.c) at the kernel address buf
 * into pi in one piece, as write() does not promise: lines that traced
 * processes write at once never mix.  n is cut to PIPESIZE.
 * Returns: n, or -EPIPE, -EINTR.  Sleeps: until all n bytes fit. */
int
pipe_write_kernel(struct pipe *pi, const char *buf, int n)
{
    int r = n < PIPESIZE ? n : PIPESIZE;

    acquire(&pi->lock);
    while (pi->readopen && !killed(myproc()) &&
           PIPESIZE - (pi->nwrite - pi->nread) < (uint)r)
        sleep_killable(&pi->nwrite, &pi->lock);
    if (!pi->readopen)
        r = -EPIPE;
    else if (killed(myproc()))
        r = -EINTR;
    for (int i = 0; i < r; i++)
        pi->data[pi->nwrite++ % PIPESIZE] = buf[i];
    if (r > 0)
        wakeup(&pi->nread);
    release(&pi->lock);
    return r;
}

/*
 * Take up to n bytes (at most PIPE_CHUNK) from the ring into buf.  With
 * wait, sleep until there is a byte or no writer.
 * Returns: bytes taken, 0 (empty: end of file, or !wait), -EINTR.
 */
static int
take_bytes(struct pipe *pi, char *buf, int n, int wait)
{
    int i = 0;

    acquire(&pi->lock);
    while (wait && pi->nread == pi->nwrite && pi->writeopen) {
        if (killed(myproc())) {
            release(&pi->lock);
            return -EINTR;
        }
        sleep_killable(&pi->nread, &pi->lock);
    }
    while (i < n && i < PIPE_CHUNK && pi->nread != pi->nwrite)
        buf[i++] = pi->data[pi->nread++ % PIPESIZE];
    if (i > 0)
        wakeup(&pi->nwrite);
    release(&pi->lock);
    return i;
}

/* Read up to n bytes from pi to the user address addr.  The chunk's
 * copy-on-write pages are made ours before bytes leave the ring, so
 * running out of memory loses none of them.
 * Returns: bytes read, 0 at end of file, -EINTR, -EFAULT, -ENOMEM.
 * Sleeps: while the pipe is empty and has a writer. */
int
piperead(struct pipe *pi, uint64 addr, int n)
{
    pagetable_t pt = myproc()->pagetable;
    char buf[PIPE_CHUNK];
    int done = 0;

    while (done < n) {
        int m = n - done < PIPE_CHUNK ? n - done : PIPE_CHUNK;
        uint64 pa;
        int err = copyout_prepare(pt, addr + done, m, &pa);
        if (err < 0)
            return done > 0 ? done : err;
        int r = take_bytes(pi, buf, m, done == 0);
        if (r < 0)
            return r;
        if (r == 0)
            break;
        /* Another thread may have freed the page while we slept
         * (copyout_prepare): with threads, copyout walks again. */
        if (pa && !vm_shared(pt))
            copyout_direct(pa, buf, r);
        else if ((err = copyout(pt, addr + done, buf, r)) < 0)
            return done > 0 ? done : err;
        done += r;
    }
    return done;
}
