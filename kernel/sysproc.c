/*
 * Process system calls: the thin handlers over proc.c and exit.c.
 *
 * Overview    Each sys_* fetches its arguments, checks them, and calls
 *             the function that does the work.
 * Operations  fork exit waitpid kill getpid getppid sbrk sleep uptime
 *             getuid getgid setuid setgid bootargs poweroff sysinfo
 *             procs lockstat.
 *             setuid/setgid: 0, or -EPERM when a non-root process asks
 *             for an id other than its own.  poweroff: root only (EPERM).
 *             kill: -ESRCH, -EPERM (another user's process, or init);
 *             kill(0) and kill(-pgid) signal a process group (pgrp.c).
 *             The process-group calls are in pgrp.c.
 *             Every call that copies out returns copyout's -EFAULT or
 *             -ENOMEM (a copy-on-write page with no memory to copy it).
 * Design      What goes out starts zeroed (a row, the lockstat page,
 *             the bootargs copy), so a name's tail after its NUL and
 *             any padding are zeros, never old kernel memory.
 * Locking     wait_lock for getppid and procs (parent links); p->lock
 *             for a process's state.
 * Origins     Written for Kite.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"
#include "sysinfo.h"
#include "wait.h"

long
sys_fork(void)
{
    return fork();
}

long
sys_exit(void)
{
    exit(W_EXITCODE(argint(0), 0));
}

long
sys_waitpid(void)
{
    return waitpid(argint(0), argaddr(1), argint(2));
}

long
sys_kill(void)
{
    return kill(argint(0), SIGKILL);
}

long
sys_getpid(void)
{
    return myproc()->pid;
}

long
sys_getppid(void)
{
    acquire(&wait_lock);
    struct proc *parent = myproc()->parent;
    int pid = parent ? parent->pid : 0;
    release(&wait_lock);
    return pid;
}

/* Returns: the old break, or -ENOMEM / -EINVAL. */
long
sys_sbrk(void)
{
    long n = (long)argaddr(0);
    uint64 old;
    int err = growproc(n, &old);
    return err < 0 ? err : (long)old;
}

/* Sleeps: for n ticks, or until killed (-EINTR). */
long
sys_sleep(void)
{
    int n = argint(0);
    if (n < 0)
        return -EINVAL;
    acquire(&tickslock);
    uint64 start = ticks;
    while (ticks - start < (uint64)n) {
        if (killed(myproc())) {
            release(&tickslock);
            return -EINTR;
        }
        sleep_killable(&ticks, &tickslock);
    }
    release(&tickslock);
    return 0;
}

long
sys_uptime(void)
{
    acquire(&tickslock);
    uint64 t = ticks;
    release(&tickslock);
    return t;
}

long
sys_getuid(void)
{
    return myproc()->uid;
}

long
sys_getgid(void)
{
    return myproc()->gid;
}

long
sys_setuid(void)
{
    struct proc *p = myproc();
    int uid = argint(0);
    if (uid < 0)
        return -EINVAL;
    if (p->uid != 0 && uid != p->uid)
        return -EPERM;
    acquire(&p->lock); /* kill() reads uid under p->lock */
    p->uid = uid;
    release(&p->lock);
    return 0;
}

long
sys_setgid(void)
{
    struct proc *p = myproc();
    int gid = argint(0);
    if (gid < 0)
        return -EINVAL;
    if (p->uid != 0 && gid != p->gid)
        return -EPERM;
    p->gid = gid;
    return 0;
}

/* bootargs(buf, n): copy /chosen/bootargs, truncated to n-1 bytes plus
 * NUL.  Returns: the full length. */
long
sys_bootargs(void)
{
    uint64 buf = argaddr(0);
    int n = argint(1);
    int len = strlen(fdt.bootargs);
    if (n <= 0)
        return -EINVAL;
    int copy = len < n ? len + 1 : n;
    char tmp[sizeof(fdt.bootargs)];
    memset(tmp, 0, sizeof(tmp));
    safestrcpy(tmp, fdt.bootargs, copy);
    int err = copyout(myproc()->pagetable, buf, tmp, copy);
    return err < 0 ? err : len;
}

/* End the machine with status: the sifive,test finisher makes QEMU
 * exit with it; SBI SRST is the fallback on other machines.  Also
 * called by panic(). */
void
poweroff(int status)
{
    /* A panic before paging is on reaches the device at its physical
     * address; afterwards only the kernel's window maps it. */
    uint64 at = CSR_READ(satp) ? TEST_FINISHER : TEST_FINISHER_PA;
    volatile uint32 *finisher = (volatile uint32 *)at;
    if (status == 0)
        *finisher = 0x5555;
    else
        *finisher = ((uint32)status << 16) | 0x3333;
    sbi_system_reset(0, status == 0 ? 0 : 1); /* reason 1: failure */
    for (;;)
        ;
}

long
sys_poweroff(void)
{
    if (myproc()->uid != 0)
        return -EPERM;
    int status = argint(0);
    failinj_report();
    printf("kite: power off, status %d\n", status);
    poweroff(status);
}

long
sys_sysinfo(void)
{
    struct sysinfo si;
    memset(&si, 0, sizeof(si));
    si.freepages = kalloc_free_pages() + kmalloc_spare_pages();
    si.nproc = nproc_used();
    si.nproc_max = NPROC;
    si.nksem = ksem_count_used();
    si.nmsq = msg_count_used();
    si.nsem = sem_count_used();
    si.nshm = shm_count_used();
    si.timebase = fdt.timebase;
    si.freeblocks = fs_freeblocks(ROOTDEV);
    return copyout(myproc()->pagetable, argaddr(0), &si, sizeof(si));
}

/* Fill one row for p.  Caller holds: wait_lock. */
static int
proc_row(struct proc *p, struct procinfo *row)
{
    KASSERT(holding(&wait_lock));
    acquire(&p->lock);
    int used = p->state != UNUSED;
    if (used) {
        row->pid = p->pid;
        row->ppid = p->parent ? p->parent->pid : 0;
        row->uid = p->uid;
        row->state = p->state;
        row->size = p->sz;
        row->nzombies = p->nzombies;
        safestrcpy(row->name, p->name, sizeof(row->name));
        row->pgid = p->pgid; /* under wait_lock, like ppid */
        row->sid = p->sid;
        row->cputicks = sched_cputicks(p);
        row->tickets = sched_tickets(p);
    }
    release(&p->lock);
    return used;
}

/* procs(buf, n): a snapshot of up to n used slots.  Returns: rows. */
long
sys_procs(void)
{
    uint64 buf = argaddr(0);
    int n = argint(1);
    int rows = 0;
    if (n < 0)
        return -EINVAL;
    for (struct proc *p = proc; p < &proc[NPROC] && rows < n; p++) {
        struct procinfo row;
        memset(&row, 0, sizeof(row)); /* name's tail goes out too */
        acquire(&wait_lock);
        int used = proc_row(p, &row);
        release(&wait_lock);
        if (!used)
            continue;
        int err = copyout(myproc()->pagetable, buf + rows * sizeof(row), &row,
                          sizeof(row));
        if (err < 0)
            return err;
        rows++;
    }
    return rows;
}
/* lockstat(buf, n): the n busiest spinlocks (at most a page of rows).
 * Returns: rows. */
long
sys_lockstat(void)
{
    uint64 buf = argaddr(0);
    int n = argint(1);
    int max = PGSIZE / sizeof(struct lockinfo);
    if (n < 0)
        return -EINVAL;
    n = n < max ? n : max;
    struct lockinfo *rows = kalloc();
    if (rows == 0)
        return -ENOMEM;
    memset(rows, 0, PGSIZE); /* names' tails go out too */
    int got = lockstat_collect(rows, n);
    int err = copyout(myproc()->pagetable, buf, rows, got * sizeof(rows[0]));
    kfree(rows);
    return err < 0 ? err : got;
}

/* clone(fn, arg, stack): a thread (proc.c). */
long
sys_clone(void)
{
    return clone(argaddr(0), argaddr(1), argaddr(2));
}

/* join(tid, stack_out): wait for a thread (exit.c). */
long
sys_join(void)
{
    return join(argint(0), argaddr(1));
}
