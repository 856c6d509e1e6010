/*
 * System V message queues, on the namespace of kernel/ipc.c.
 *
 * Overview    A queue carries typed messages between processes in FIFO
 *             order.  msgsnd appends one (blocking while the queue is
 *             full), msgrcv takes the first one of a chosen type
 *             (blocking while there is none), msgctl reads or changes
 *             the queue's settings or removes it.
 *
 * Objects     struct msqueue: the kipc_perm header, a singly linked
 *             FIFO of struct kmsg (type, length, text), the counters of
 *             struct msqid_ds and two wait channels, one for receivers
 *             and one for senders.  A message lives in one kmalloc'd
 *             block (header + text; a whole page if it ever outgrows
 *             kmalloc's 2048 bytes).  User memory holds a message as
 *             struct { long mtype; char mtext[]; }, and a size always
 *             counts mtext bytes only.
 *
 * Operations  msgget(key, flag): the id; ipc_get's errors, -ENOMEM.
 *             msgsnd(id, msgp, size, flag): 0; -EINVAL size < 0 or >
 *                 MSGMAX, mtype <= 0, bad id; -EFAULT; -EACCES no write
 *                 permission; -EAGAIN full and IPC_NOWAIT; -EIDRM queue
 *                 removed while asleep; -EINTR killed while asleep.
 *                 "Full": the queue would hold more than msg_qbytes
 *                 bytes, or more than msg_qbytes messages (so that empty
 *                 messages cannot queue without bound; Linux's rule).
 *             msgrcv(id, msgp, size, type, flag): bytes of mtext copied.
 *                 type 0: the first message; type > 0: the first of
 *                 that type; type < 0: the first of the lowest type
 *                 <= -type.  -EINVAL size < 0 or bad id; -EACCES no read
 *                 permission; -ENOMSG none and IPC_NOWAIT; -E2BIG the
 *                 message is longer than size and no MSG_NOERROR (it
 *                 stays queued; with MSG_NOERROR it is cut to size);
 *                 -EFAULT (the message is then lost, as in Linux);
 *                 -ENOMEM the buffer is a copy-on-write page and no
 *                 page is free to copy it (checked before a message is
 *                 taken: it stays queued); -EIDRM, -EINTR as msgsnd.
 *             msgctl(id, cmd, buf): IPC_STAT (read permission, else
 *                 -EACCES), IPC_SET (owner, creator or root, else -EPERM;
 *                 uid, gid, mode and msg_qbytes; raising msg_qbytes at
 *                 all needs root, as POSIX says, else -EPERM), IPC_RMID
 *                 (-EPERM as IPC_SET; sleepers wake with -EIDRM);
 *                 -EINVAL bad id or command; -EFAULT bad buf (-ENOMEM
 *                 for a copy-on-write one with memory out, see copyout).
 *             msgids(buf, n, &count): see ipc_ids.
 *
 * Design      User data is copied into a kernel message before any lock
 *             is taken, and out of it after every lock is dropped, since
 *             copyin and copyout may sleep.  A receiver that finds its
 *             message unlinks it under the id lock, so two receivers
 *             can never get the same one.  Senders and receivers sleep
 *             on separate channels so that a receive wakes only senders
 *             and a send only receivers; every sleeper rechecks its
 *             condition, because any of them may win.  Both sides sleep
 *             through one helper, msq_block, and change the queue only
 *             through msq_append and msq_unlink, which keep msg_qnum
 *             and msg_cbytes and wake the other side: the accounting
 *             and the wake-ups live in one place each.  A sleeper is
 *             counted (nsend_sleeping, nrecv_sleeping) so a send or a
 *             receive with nobody waiting calls no wakeup.  IPC_RMID
 *             wakes both channels; ipc_wait then answers -EIDRM.
 *             Times are ticks.
 *
 * Locking     msg_ns.lock -> a queue's id lock (the slot lock in ipc.c)
 *             -> p->lock (in sleep/wakeup).  The id lock protects every
 *             field of the queue and its messages; a message off the
 *             queue belongs to the one process holding it.
 *
 * Interfaces  sys_msgget, sys_msgsnd, sys_msgrcv, sys_msgctl,
 *             sys_msgids (kernel/syscalls.h).  msg_init from main.c,
 *             msg_count_used for sysinfo.
 *
 * Origins     Written for Kite from the System V interface (POSIX
 *             msgsnd/msgrcv/msgctl); the namespace part is the seed's
 *             (see ipc.c).
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"
#include "errno.h"
#include "ipcns.h"

#define KMALLOC_MAX 2048 /* largest block kmalloc serves */

/* One queued message.  Owned by its queue (id lock) while queued. */
struct kmsg {
    struct kmsg *next;
    int len;     /* bytes of text */
    short paged; /* 1: the block is a kalloc page, not kmalloc */
    short small; /* 1: capacity SMALL_MSG: may become a process's spare */
    long type;   /* > 0; text follows at once, as in the user's buffer, */
    char text[]; /* so one copyin/copyout moves type and text together */
};

_Static_assert(sizeof(struct kmsg) + MSGMAX <= PGSIZE &&
                   __builtin_offsetof(struct kmsg, text) ==
                       __builtin_offsetof(struct kmsg, type) + sizeof(long),
               "a message must fit in one page");

/* Legend: i: the queue's id lock. */
struct msqueue {
    struct kipc_perm perm;    /* first: ipc.c sees only this */
    struct kmsg *head;        /* i: oldest message */
    struct kmsg **tailp;      /* i: the last next field (&head if empty) */
    uint64 qnum;              /* i: messages queued */
    uint64 qbytes;            /* i: most bytes (and messages) queued */
    uint64 cbytes;            /* i: bytes queued */
    int lspid, lrpid;         /* i: last sender, last receiver */
    long stime, rtime, ctime; /* i: ticks of last send, receive, change */
    char recv_chan;           /* receivers sleep on its address */
    char send_chan;           /* senders sleep on its address */
    int nrecv_sleeping;       /* receivers asleep on recv_chan */
    int nsend_sleeping;       /* senders asleep on send_chan */
};

static struct ipc_ns msg_ns;

/* Messages of up to SMALL_MSG bytes get a block of that capacity, so a
 * process can keep the last one it received and send with it next (see
 * kmsg_alloc): ping-pong traffic then never touches the allocator. */
#define SMALL_MSG 64

static struct kmsg *
kmsg_alloc(long len)
{
    struct proc *p = myproc();
    struct kmsg *m;
    int paged = sizeof(*m) + len > KMALLOC_MAX;
    long cap = len <= SMALL_MSG ? SMALL_MSG : len;

    if (len <= SMALL_MSG && p->msg_spare) {
        m = p->msg_spare; /* only this process touches its spare */
        p->msg_spare = 0;
    } else {
        m = paged ? kalloc() : kmalloc(sizeof(*m) + cap);
        if (m == 0)
            return 0;
    }
    m->next = 0;
    m->len = len;
    m->paged = paged;
    m->small = len <= SMALL_MSG;
    return m;
}

static void
kmsg_free(struct kmsg *m)
{
    if (m->paged)
        kfree(m);
    else
        kmfree(m);
}

/* Done with a received message: keep its block as the calling process's
 * spare if it has none, else free it.  Only msgrcv recycles: a queue's
 * destructor may run in any process and must really free. */
static void
kmsg_recycle(struct kmsg *m)
{
    struct proc *p = myproc();
    if (m->small && p->msg_spare == 0)
        p->msg_spare = m;
    else
        kmsg_free(m);
}

/* Free p's spare message block; called by exit. */
void
msg_exit(struct proc *p)
{
    if (p->msg_spare)
        kmfree(p->msg_spare);
    p->msg_spare = 0;
}

/* The namespace's destructor: free a removed queue and its messages.
 * Called with no lock held, when nobody refers to the queue any more. */
static void
msq_destroy(struct kipc_perm *perm)
{
    struct msqueue *mq = (struct msqueue *)perm;
    struct kmsg *m;

    while ((m = mq->head) != 0) {
        mq->head = m->next;
        kmsg_free(m);
    }
    kmfree(mq);
}

/* Set up the message queue namespace; called once at boot. */
void
msg_init(void)
{
    ipc_ns_init(&msg_ns, "msg_ns", msq_destroy);
}

/* Message queues alive, removed ones still referenced included. */
int
msg_count_used(void)
{
    return ipc_count(&msg_ns);
}

/* msgget(key, flag): find or make a queue. */
long
sys_msgget(void)
{
    key_t key = argint(0);
    int flag = argint(1);
    struct kipc_perm *found;
    struct msqueue *mq;
    int r;

again:
    if ((r = ipc_get(&msg_ns, key, flag, &found)) < 0)
        return r;
    if (found) {
        r = found->id;
        ipc_unlock(&msg_ns, found);
        return r;
    }
    if ((mq = kmalloc(sizeof(*mq))) == 0)
        return -ENOMEM;
    mq->head = 0;
    mq->tailp = &mq->head;
    mq->qbytes = MSGMNB;
    mq->ctime = ticks;
    r = ipc_commit(&msg_ns, &mq->perm, key, flag);
    if (r == -EAGAIN)
        goto again;
    return r;
}

/* Is there room for one more message of len bytes?
 * Caller holds: the id lock. */
static int
msq_fits(struct msqueue *mq, int len)
{
    ipc_assert_held(&msg_ns, &mq->perm);
    /* LAB msg: BEGIN */
    return mq->cbytes + len <= mq->qbytes && mq->qnum + 1 <= mq->qbytes;
    /* LAB msg: STUB
    // Lab: when is a queue full?  See the top comment and labs/msg.md.
    (void)len;
    return 1;
       LAB msg: END */
}

/*
 * Sleep on chan (one of mq's two) for msgsnd or msgrcv, counted in
 * *nsleeping so that the other side wakes us only when someone sleeps.
 * The caller loops, rechecking its condition.
 * Caller holds: the id lock.
 * Returns: 0 (woken: recheck) or -EINTR with the id lock held;
 * nowait_err under IPC_NOWAIT, lock held; -EIDRM with no lock held
 * (the queue is gone: do not touch it).
 */
static int
msq_block(struct msqueue *mq, int flag, int nowait_err, void *chan,
          int *nsleeping)
{
    int r;

    ipc_assert_held(&msg_ns, &mq->perm);
    /* LAB msg: BEGIN */
    if (flag & IPC_NOWAIT)
        return nowait_err;
    (*nsleeping)++;
    r = ipc_wait(&msg_ns, &mq->perm, chan);
    if (r != -EIDRM)
        (*nsleeping)--;
    return r;
    /* LAB msg: STUB
    // Lab: sleep (ipc_wait) unless IPC_NOWAIT.  See labs/msg.md.
    (void)chan, (void)nsleeping, (void)r;
    return nowait_err;
       LAB msg: END */
}

/* Append m to mq and wake a receiver.  Caller holds: the id lock. */
static void
msq_append(struct msqueue *mq, struct kmsg *m)
{
    ipc_assert_held(&msg_ns, &mq->perm);
    *mq->tailp = m;
    mq->tailp = &m->next;
    /* LAB msg: BEGIN */
    mq->qnum++;
    mq->cbytes += m->len;
    /* LAB msg: STUB
    // Lab: the queue's counts (labs/msg.md, part 3).
       LAB msg: END */
    mq->lspid = myproc()->pid;
    mq->stime = ticks;
    /* LAB msg: BEGIN */
    if (mq->nrecv_sleeping > 0)
        wakeup(&mq->recv_chan);
    /* LAB msg: STUB
    // Lab: who is waiting for this message?
       LAB msg: END */
}

/* Unlink the message *link points to from mq and wake a sender.
 * Caller holds: the id lock.  Returns: the message, now the caller's. */
static struct kmsg *
msq_unlink(struct msqueue *mq, struct kmsg **link)
{
    struct kmsg *m = *link;

    ipc_assert_held(&msg_ns, &mq->perm);
    *link = m->next;
    if (mq->tailp == &m->next)
        mq->tailp = link;
    m->next = 0;
    /* LAB msg: BEGIN */
    mq->qnum--;
    mq->cbytes -= m->len;
    if (mq->nsend_sleeping > 0)
        wakeup(&mq->send_chan);
    /* LAB msg: STUB
    // Lab: the space this message held, and who waits for it.
       LAB msg: END */
    mq->lrpid = myproc()->pid;
    mq->rtime = ticks;
    return m;
}

/* Queue m on queue id, sleeping for room unless IPC_NOWAIT.
 * Returns: 0 (m now belongs to the queue) or -errno (m is still ours). */
static int
msq_send(int id, struct kmsg *m, int flag)
{
    struct msqueue *mq = (struct msqueue *)ipc_lookup(&msg_ns, id);
    int r;

    if (mq == 0)
        return -EINVAL;
    if ((r = ipcperm_access(&mq->perm, IPC_W)) < 0)
        goto out;
    while (!msq_fits(mq, m->len)) {
        r = msq_block(mq, flag, -EAGAIN, &mq->send_chan, &mq->nsend_sleeping);
        if (r == -EIDRM)
            return r;
        if (r < 0)
            goto out;
    }
    msq_append(mq, m);
out:
    ipc_unlock(&msg_ns, &mq->perm);
    return r;
}

/* msgsnd(id, msgp, size, flag): queue one message. */
long
sys_msgsnd(void)
{
    pagetable_t pt = myproc()->pagetable;
    int id = argint(0);
    uint64 umsg = argaddr(1);
    long len = (long)argaddr(2);
    int flag = argint(3);
    struct kmsg *m;
    int r;

    if (len < 0 || len > MSGMAX)
        return -EINVAL;
    if ((m = kmsg_alloc(len)) == 0)
        return -ENOMEM;
    if (copyin(pt, &m->type, umsg, sizeof(long) + len) < 0)
        r = -EFAULT;
    else if (m->type <= 0)
        r = -EINVAL;
    else
        r = msq_send(id, m, flag);
    if (r < 0)
        kmsg_free(m);
    return r;
}

/* The link (head or a next field) to the message msgrcv's type picks,
 * or 0 when none is queued.  -t >= type reads "t <= |type|" without
 * negating type, which could overflow.
 * Caller holds: the id lock. */
static struct kmsg **
msq_find(struct msqueue *mq, long type)
{
    struct kmsg **link, **best = 0;
    long t;

    ipc_assert_held(&msg_ns, &mq->perm);
    /* LAB msg: BEGIN */
    for (link = &mq->head; *link; link = &(*link)->next) {
        t = (*link)->type;
        if (type == 0 || t == type)
            return link;
        if (type < 0 && -t >= type && (best == 0 || t < (*best)->type))
            best = link;
    }
    return best;
    /* LAB msg: STUB
    // Lab: type 0 takes the first message, type > 0 the first of that
    // type, type < 0 the first of the lowest type <= |type|.
    (void)link, (void)best, (void)t, (void)type;
    return mq->head ? &mq->head : 0;
       LAB msg: END */
}

/* Take the message msgrcv wants off queue id, sleeping for one unless
 * IPC_NOWAIT.  Returns: 0 with *mp ours to copy out and free, or
 * -errno. */
static int
msq_receive(int id, long size, long type, int flag, struct kmsg **mp)
{
    struct msqueue *mq = (struct msqueue *)ipc_lookup(&msg_ns, id);
    struct kmsg **link;
    int r;

    if (mq == 0)
        return -EINVAL;
    if ((r = ipcperm_access(&mq->perm, IPC_R)) < 0)
        goto out;
    while ((link = msq_find(mq, type)) == 0) {
        r = msq_block(mq, flag, -ENOMSG, &mq->recv_chan, &mq->nrecv_sleeping);
        if (r == -EIDRM)
            return r;
        if (r < 0)
            goto out;
    }
    r = -E2BIG;
    if ((*link)->len > size && !(flag & MSG_NOERROR))
        goto out;
    *mp = msq_unlink(mq, link);
    r = 0;
out:
    ipc_unlock(&msg_ns, &mq->perm);
    return r;
}

/* msgrcv(id, msgp, size, type, flag): take one message. */
long
sys_msgrcv(void)
{
    pagetable_t pt = myproc()->pagetable;
    int id = argint(0);
    uint64 umsg = argaddr(1);
    long size = (long)argaddr(2);
    long type = (long)argaddr(3);
    int flag = argint(4);
    struct kmsg *m = 0;
    long n;
    uint64 pa;
    int r;

    if (size < 0)
        return -EINVAL;
    /* Out of memory must not cost the message: make the buffer's
     * copy-on-write pages ours before taking one. */
    n = size < MSGMAX ? size : MSGMAX;
    if ((r = copyout_prepare(pt, umsg, sizeof(long) + n, &pa)) < 0)
        return r;
    if ((r = msq_receive(id, size, type, flag, &m)) < 0)
        return r;
    n = m->len < size ? m->len : size;
    /* pa is good only if no other thread changed the memory meanwhile
     * (vm.c, copyout_prepare): with threads, copyout walks again. */
    if (pa && !vm_shared(pt))
        copyout_direct(pa, &m->type, sizeof(long) + n);
    else if ((r = copyout(pt, umsg, &m->type, sizeof(long) + n)) < 0)
        n = r;
    kmsg_recycle(m);
    return n;
}

/* IPC_STAT into *ds.  Returns: 0, -EINVAL, -EACCES. */
static int
msq_stat(int id, struct msqid_ds *ds)
{
    struct msqueue *mq = (struct msqueue *)ipc_lookup(&msg_ns, id);
    int r;

    if (mq == 0)
        return -EINVAL;
    if ((r = ipcperm_access(&mq->perm, IPC_R)) == 0) {
        ipcperm_stat(&msg_ns, &mq->perm, &ds->msg_perm);
        ds->msg_qnum = mq->qnum;
        ds->msg_qbytes = mq->qbytes;
        ds->msg_cbytes = mq->cbytes;
        ds->msg_lspid = mq->lspid;
        ds->msg_lrpid = mq->lrpid;
        ds->msg_stime = mq->stime;
        ds->msg_rtime = mq->rtime;
        ds->msg_ctime = mq->ctime;
    }
    ipc_unlock(&msg_ns, &mq->perm);
    return r;
}

/* IPC_SET from *ds.  Returns: 0, -EINVAL, -EPERM. */
static int
msq_set(int id, struct msqid_ds *ds)
{
    struct msqueue *mq = (struct msqueue *)ipc_lookup(&msg_ns, id);
    int r;

    if (mq == 0)
        return -EINVAL;
    r = -EPERM; /* only root may raise the limit (POSIX) */
    if (ds->msg_qbytes > mq->qbytes && myproc()->uid != 0)
        goto out;
    if ((r = ipcperm_set(&msg_ns, &mq->perm, &ds->msg_perm)) < 0)
        goto out;
    mq->qbytes = ds->msg_qbytes;
    mq->ctime = ticks;
    /* LAB msg: BEGIN */
    if (mq->nsend_sleeping > 0)
        wakeup(&mq->send_chan); /* there may be room now */
    /* LAB msg: STUB
    // Lab: a larger msg_qbytes may make room (labs/msg.md, part 3).
       LAB msg: END */
out:
    ipc_unlock(&msg_ns, &mq->perm);
    return r;
}

/* IPC_RMID.  Returns: 0, -EINVAL, -EPERM. */
static int
msq_rmid(int id)
{
    struct kipc_perm *perm;
    struct msqueue *mq;
    int r;

    if ((r = ipc_rmid(&msg_ns, id, &perm)) < 0)
        return r;
    mq = (struct msqueue *)perm;
    /* LAB msg: BEGIN */
    wakeup(&mq->recv_chan);
    wakeup(&mq->send_chan);
    /* LAB msg: STUB
    // Lab: the queue is gone from the namespace.  Who must hear of it?
    (void)mq;
       LAB msg: END */
    ipc_rele(&msg_ns, perm);
    return 0;
}

/* msgctl(id, cmd, buf): IPC_STAT, IPC_SET, IPC_RMID. */
long
sys_msgctl(void)
{
    pagetable_t pt = myproc()->pagetable;
    int id = argint(0);
    int cmd = argint(1);
    uint64 ubuf = argaddr(2);
    struct msqid_ds ds;
    int r;

    switch (cmd) {
    case IPC_STAT:
        memset(&ds, 0, sizeof(ds));
        r = msq_stat(id, &ds);
        if (r == 0)
            r = copyout(pt, ubuf, &ds, sizeof(ds));
        return r;
    case IPC_SET:
        if (copyin(pt, &ds, ubuf, sizeof(ds)) < 0)
            return -EFAULT;
        return msq_set(id, &ds);
    case IPC_RMID:
        return msq_rmid(id);
    default:
        return -EINVAL;
    }
}

/* msgids(buf, n, &count): every queue id. */
long
sys_msgids(void)
{
    return ipc_ids(&msg_ns, argaddr(0), (uint)argint(1), argaddr(2));
}
