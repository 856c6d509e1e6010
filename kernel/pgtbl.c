/*
 * Page tables seen from user space: vmprint, the shared page, pgaccess.
 *
 * Overview    Three small windows on a process's page table.
 *             vmprint(pid, buf, len, flags) describes a page table as
 *             text, one line per run of contiguous mappings with the
 *             same permissions.  The shared page (USYSPAGE,
 *             memlayout.h) is one read-only page per process holding
 *             its pid and the tick count, so the library's getpid()
 *             and uptime() are a load, not a trap.  pgaccess(addr,
 *             npages, mask) reports which pages were accessed since the
 *             last call, from the PTE's A bit, and clears those bits.
 * Objects     struct usyspage (sysinfo.h): pid, ticks.  p->usys: the
 *             kernel's view of the page (at its physical address).
 * Operations  usys_map: give a new page table its shared page
 *             (proc_pagetable: allocproc and exec).  usys_page: find it.
 *             sys_vmprint, sys_pgaccess.
 * Design      See the comment after this one.
 * Interfaces  proc.c (proc_pagetable), exec.c, trap.c (usertrapret),
 *             syscall.c.  User side: user/ulib.c getpid(), uptime().
 * Origins     Written for Kite (the pgtbl lab) from the RISC-V
 *             privileged spec (Sv39 PTE bits).
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"
#include "sysinfo.h"

_Static_assert(USYSPAGE == USYSPAGE_ADDR, "sysinfo.h and memlayout.h agree");

/* LAB pgtbl: BEGIN */
/*
 * Objects     struct vmtext: the line being built by vmprint.
 * Design      vmprint walks the three levels itself (walk() refuses the
 *             kernel half of a process page table) and merges a mapping
 *             into the current line when it starts where the line ends
 *             and has the same R W X U G and COW bits; A and D are left
 *             out, or every touched page would break a line.  By default
 *             only the user half [0, USERTOP) is shown: the kernel half
 *             is the same in every process (VMPRINT_KERNEL shows it).
 *             The text is built in a kernel page, so the target's lock
 *             is not held across copyout; at most VMPRINT_MAX bytes of
 *             it reach the user; the return value is its full length.
 *             The shared page: pid never changes (exec keeps it), ticks
 *             does.  Each return to user mode (usertrapret) stores the
 *             current ticks in the page; a process in user mode takes a
 *             timer interrupt every tick, so the value is never more
 *             than a tick behind.  The page belongs to one process: it
 *             lies alone in the top 2 MiB of user space, which fork's
 *             uvm_copy never shares (it copies [0, sz)), so COW never
 *             applies to it; fork gives the child its own page
 *             (allocproc), exec a new one in the new page table, and
 *             uvm_free frees it with the rest of the user half.
 *             pgaccess: mappages creates every PTE with A and D set (the
 *             hardware need not set them), and QEMU 7.2 sets A itself on
 *             an access when it is clear; a cleared A bit is seen only
 *             after sfence.vma, since a cached translation sets nothing.
 *             The mask is computed and copied out before any bit is
 *             cleared, so an EFAULT changes nothing.  Accesses the
 *             kernel makes for a system call (copyin/copyout use the
 *             physical address) do not count.
 * Locking     vmprint of another process holds its lock while walking:
 *             a process changes its page table only while it runs (or
 *             while fork still builds it: state USED, which vm_target
 *             does not look at), and it cannot be switched in while we
 *             hold its lock; if it is running on another hart right
 *             now, we yield and retry.
 *             pgaccess changes only the caller's own table (no lock).
 */
/* LAB pgtbl: STUB
// Design: yours to write (labs/pgtbl.md).  Say here how vmprint walks
// a page table and merges runs, where the shared page's ticks come
// from and how stale they can get, what happens to the page at fork,
// exec and exit, what pgaccess must do about the TLB, and (Locking)
// how vmprint of another process keeps it from changing its table
// meanwhile.
   LAB pgtbl: END */

/* The shared page of page table pt (0 when it has none). */
struct usyspage *
usys_page(pagetable_t pt)
{
    return (struct usyspage *)walkaddr(pt, USYSPAGE);
}

/* LAB pgtbl: BEGIN */
/* Give page table pt a shared page for process pid: readable from user
 * mode, never writable there.  Returns: 0 or -ENOMEM. */
int
usys_map(pagetable_t pt, int pid)
{
    struct usyspage *u = kalloc();
    if (u == 0)
        return -ENOMEM;
    memset(u, 0, PGSIZE);
    u->pid = pid;
    u->ticks = ticks;
    if (mappages(pt, USYSPAGE, PGSIZE, (uint64)u, PTE_R | PTE_U) < 0) {
        kfree(u);
        return -ENOMEM;
    }
    return 0;
}
/* LAB pgtbl: STUB
// Lab: map a page holding pid (and the ticks) read-only for the user
// at USYSPAGE in pt.  See labs/pgtbl.md.
int
usys_map(pagetable_t pt, int pid)
{
    (void)pt;
    (void)pid;
    return 0;
}
   LAB pgtbl: END */

/* LAB pgtbl: BEGIN */
/* The description vmprint is building: the open line [start, end) with
 * flags, and the text so far in buf (a kernel page). */
struct vmtext {
    char *buf;
    int len;  /* bytes the text has, even past what buf holds */
    int open; /* a line is open */
    uint64 start, end, flags;
};

#define VM_SHOWN (PTE_R | PTE_W | PTE_X | PTE_U | PTE_G | PTE_COW)

/* Write the open line, if any: "0xSTART-0xEND rwxugc NPAGES". */
static void
vm_emit(struct vmtext *t)
{
    if (!t->open)
        return;
    char perm[7] = "rwxugc";
    uint64 bit[6] = {PTE_R, PTE_W, PTE_X, PTE_U, PTE_G, PTE_COW};
    for (int i = 0; i < 6; i++)
        if ((t->flags & bit[i]) == 0)
            perm[i] = '-';
    char line[80];
    int n = snprintf(line, sizeof(line), "%p-%p %s %d\n", t->start, t->end,
                     perm, (int)((t->end - t->start) / PGSIZE));
    for (int i = 0; i < n; i++, t->len++)
        if (t->len < VMPRINT_MAX)
            t->buf[t->len] = line[i];
    t->open = 0;
}

/* Add a mapping of size bytes at va: it extends the open line or
 * starts a new one. */
static void
vm_add(struct vmtext *t, uint64 va, uint64 size, uint64 pte)
{
    uint64 flags = pte & VM_SHOWN;
    if (t->open && t->end == va && t->flags == flags) {
        t->end += size;
        return;
    }
    vm_emit(t);
    t->open = 1;
    t->start = va;
    t->end = va + size;
    t->flags = flags;
}

/* Describe entries [from, to) of the table pt at level (2 top, 0 leaf)
 * that maps from virtual address base. */
static void
vm_walk(struct vmtext *t, pagetable_t pt, int level, uint64 base, int from,
        int to)
{
    for (int i = from; i < to; i++) {
        pte_t pte = pt[i];
        uint64 va = base + ((uint64)i << PXSHIFT(level));
        if ((pte & PTE_V) == 0)
            continue;
        if ((pte & (PTE_R | PTE_W | PTE_X)) || level == 0)
            vm_add(t, va, 1UL << PXSHIFT(level), pte); /* a leaf */
        else
            vm_walk(t, (pagetable_t)PTE2PA(pte), level - 1, va, 0, 512);
    }
}

/* Describe p's page table into buf (VMPRINT_MAX bytes); the user half,
 * and the kernel half too with VMPRINT_KERNEL.  Returns: the length. */
static int
vm_describe(struct proc *p, char *buf, int flags)
{
    struct vmtext t = {.buf = buf};
    int top = flags & VMPRINT_KERNEL ? 512 : PX(2, USERTOP);
    vm_walk(&t, p->pagetable, 2, 0, 0, top);
    vm_emit(&t);
    return t.len;
}

/* Process pid (0: the caller), locked and not running on another hart,
 * if the caller may look at it.  Returns: it, or 0 with *err set. */
static struct proc *
vm_target(int pid, int *err)
{
    struct proc *me = myproc();
    if (pid == 0 || pid == me->pid) {
        acquire(&me->lock);
        return me;
    }
    for (;;) {
        struct proc *found = 0;
        for (struct proc *p = proc; p < &proc[NPROC]; p++) {
            acquire(&p->lock);
            if (p->pid == pid && p->state != UNUSED && p->state != USED &&
                p->pagetable) {
                found = p;
                break;
            }
            release(&p->lock);
        }
        if (found == 0) {
            *err = -ESRCH;
            return 0;
        }
        if (me->uid != 0) {
            release(&found->lock);
            *err = -EPERM;
            return 0;
        }
        if (found->state != RUNNING)
            return found;
        release(&found->lock); /* it may be changing its page table */
        yield();
    }
}

/* vmprint(pid, buf, len, flags): describe the page table of process
 * pid (0: the caller) into buf, at most len - 1 bytes and a NUL.
 * Root may look at any process, others only at themselves.
 * Returns: the description's full length, -ESRCH, -EPERM, -EINVAL
 * (unknown flags, len < 0), -EFAULT, -ENOMEM. */
long
sys_vmprint(void)
{
    int pid = argint(0);
    uint64 ubuf = argaddr(1);
    int len = argint(2);
    int flags = argint(3);
    int err = 0;
    if (len < 0 || (flags & ~VMPRINT_KERNEL) || pid < 0)
        return -EINVAL;
    char *kbuf = kalloc();
    if (kbuf == 0)
        return -ENOMEM;
    struct proc *p = vm_target(pid, &err);
    if (p == 0) {
        kfree(kbuf);
        return err;
    }
    int n = vm_describe(p, kbuf, flags);
    release(&p->lock);
    if (len > 0) {
        int copy = n < len - 1 ? n : len - 1;
        copy = copy < VMPRINT_MAX ? copy : VMPRINT_MAX;
        kbuf[copy] = 0;
        err = copyout(myproc()->pagetable, ubuf, kbuf, copy + 1);
    }
    kfree(kbuf);
    return err < 0 ? err : n;
}

/* pgaccess(addr, npages, mask): bit i of *mask tells whether page
 * addr + i * PGSIZE was accessed since the last call (or since it was
 * mapped); the A bits of those pages are cleared.
 * Returns: 0, -EINVAL (addr not page aligned, npages not in
 * 1..PGACCESS_MAX), -EFAULT (a page not mapped for user access, or a
 * bad mask pointer: nothing cleared), -ENOMEM (a leaf table shared
 * after fork could not be copied). */
long
sys_pgaccess(void)
{
    uint64 va = argaddr(0);
    int npages = argint(1);
    uint64 umask = argaddr(2);
    pagetable_t pt = myproc()->pagetable;
    if (va % PGSIZE || npages < 1 || npages > PGACCESS_MAX)
        return -EINVAL;
    uint64 mask = 0;
    for (int i = 0; i < npages; i++) {
        pte_t *pte = walk(pt, va + (uint64)i * PGSIZE, 0);
        if (pte == 0 || (*pte & (PTE_V | PTE_U)) != (PTE_V | PTE_U))
            return -EFAULT;
        if (*pte & PTE_A)
            mask |= 1UL << i;
    }
    int err = copyout(pt, umask, &mask, sizeof(mask));
    if (err < 0)
        return err;
    for (int i = 0; i < npages; i++) {
        if ((mask & (1UL << i)) == 0)
            continue;
        pte_t *pte = walk(pt, va + (uint64)i * PGSIZE, 1); /* our own leaf */
        if (pte == 0) {
            err = -ENOMEM;
            break;
        }
        *pte &= ~PTE_A;
    }
    sfence_vma(); /* a cached translation would not set A again */
    return err;
}
/* LAB pgtbl: STUB
// Lab: vmprint(pid, buf, len, flags) describes a page table, one line
// per run of mappings with the same permissions; pgaccess(addr,
// npages, mask) reports and clears the PTE A bits.  See labs/pgtbl.md.
long
sys_vmprint(void)
{
    return -EINVAL;
}

long
sys_pgaccess(void)
{
    return -EINVAL;
}
   LAB pgtbl: END */
