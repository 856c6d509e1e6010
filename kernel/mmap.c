/*
 * Memory-mapped files: mmap and munmap.
 *
 * Overview    mmap makes a range of a file readable (and writable) as
 *             memory.  Nothing is read at mmap time: a page is loaded
 *             from the file by the page fault of its first access
 *             (mmap_fault, called by usertrap, and by read/write for
 *             their buffers).  A MAP_PRIVATE mapping's pages are the
 *             process's own copies: writes never reach the file.  A
 *             MAP_SHARED mapping's dirty pages are written back to the
 *             file when they are unmapped: munmap, exit, exec, and
 *             fork (so the child reads the parent's writes).  Bytes of
 *             a page past the end of the file read as zero and are
 *             never written back: a mapping does not grow its file.
 *
 * Objects     struct vma (proc.h): NMMAP per process in p->mmaps[]:
 *             va, len (0 when the slot is free; whole pages), prot,
 *             flags, the file (a reference, filedup'ed: closing the
 *             descriptor keeps the mapping usable) and the file offset
 *             of va.  Mappings live in the window [MMAP_BASE,
 *             MMAP_TOP) (memlayout.h), between the heap's limit and
 *             the shared-memory window.
 *
 * Operations  mmap(addr, len, prot, flags, fd, off): the address; addr
 *                 is a hint (used when page aligned and free), or the
 *                 address itself with MAP_FIXED.  -EINVAL len 0, off
 *                 not page aligned, not exactly one of MAP_SHARED and
 *                 MAP_PRIVATE, unknown flags or prot, PROT_NONE,
 *                 MAP_FIXED with addr unaligned, outside the window or
 *                 over another mapping (Kite does not replace one);
 *                 -EBADF fd; -ENODEV not a regular file; -EACCES fd
 *                 not readable, or MAP_SHARED with PROT_WRITE and fd
 *                 not writable; -ENOMEM NMMAP mappings already, or no
 *                 free range long enough.
 *             munmap(addr, len): 0; the range must be a whole mapping,
 *                 or its first or last pages; -EINVAL otherwise (addr
 *                 unaligned, len 0, no mapping there, a hole in the
 *                 middle).  Pages not yet loaded cost nothing to unmap.
 *             mmap_fault(p, va, write): load or enable the page at va.
 *             mmap_prefault(p, va, len, write): mmap_fault each page
 *                 of a system call's buffer (see Design).
 *             mmap_fork, mmap_exec, mmap_exit: the process hooks.
 *
 * Design      Dirty pages: a shared page is mapped without PTE_W while
 *             it is clean, even in a PROT_WRITE mapping.  The first
 *             store faults; mmap_fault then sets PTE_W and PTE_D.  So
 *             PTE_D (which no hart sets behind our back, since it sets
 *             it only along with a store we already allowed) says
 *             exactly which pages to write back.  A private page is
 *             mapped with PTE_W from the start when the mapping allows
 *             writes: nothing is written back.
 *             Shared means "shared through the file": two processes
 *             mapping one file each have their own copies of the
 *             pages, and see each other's writes after a write-back
 *             (munmap, exit) and a new load.  fork writes the parent's
 *             dirty pages back, then gives the child the parent's
 *             shared mappings empty (loaded again from the file) and
 *             its private pages copy-on-write, like the rest of
 *             memory (uvm_copy on the whole window).
 *             The kernel reads user memory by walking the page table
 *             (vm.c), so it cannot take a page fault: read and write
 *             load the pages of their buffer first (mmap_prefault),
 *             with no lock held, before fileread/filewrite take the
 *             inode's lock.  Other calls given an untouched mapped
 *             page fail with EFAULT.
 *
 * Locking     p->mmaps[] and the window's PTEs belong to the process
 *             (as all its page table does).  Loading a page takes the
 *             inode's sleep lock; writing one back is a log operation
 *             (begin_op, then the inode lock), one per block.
 *
 * Interfaces  usertrap (trap.c), sys_read/sys_write (sysfile.c), fork
 *             (proc.c), exec.c, exit.c; sys_mmap and sys_munmap are in
 *             the table of syscalls.h (71, 72).
 *
 * Origins     Written for Kite from the POSIX mmap/munmap interface.
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
#include "fcntl.h"
#include "stat.h"
#include "defs.h"
#include "errno.h"

/* The mapping holding user address va, or 0. */
static struct vma *
vma_find(struct proc *p, uint64 va)
{
    for (int i = 0; i < NMMAP; i++) {
        struct vma *v = &p->mmaps[i];
        if (v->len && va >= v->va && va < v->va + v->len)
            return v;
    }
    return 0;
}

/* Does [va, va+len) overlap no mapping of p? */
static int
range_free(struct proc *p, uint64 va, uint64 len)
{
    for (int i = 0; i < NMMAP; i++) {
        struct vma *v = &p->mmaps[i];
        if (v->len && va < v->va + v->len && v->va < va + len)
            return 0;
    }
    return 1;
}

/* Where a new mapping of len bytes goes: the hint if it is page aligned
 * and free, else the highest free range of the window.  0: none. */
static uint64
place(struct proc *p, uint64 hint, uint64 len)
{
    if (hint % PGSIZE == 0 && hint >= MMAP_BASE && hint <= MMAP_TOP - len &&
        range_free(p, hint, len))
        return hint;
    uint64 top = MMAP_TOP;
    while (top - MMAP_BASE >= len) {
        uint64 lowest = top; /* lowest start of a mapping ending above */
        for (int i = 0; i < NMMAP; i++) {
            struct vma *v = &p->mmaps[i];
            if (v->len && v->va < top && v->va + v->len > top - len &&
                v->va < lowest)
                lowest = v->va;
        }
        if (lowest == top)
            return top - len;
        top = lowest; /* try below that mapping */
    }
    return 0;
}

/* Check mmap's arguments against the file.  Returns: 0 or -errno. */
static int
mmap_check(uint64 addr, uint64 len, int prot, int flags, struct file *f,
           uint64 off)
{
    int kind = flags & (MAP_SHARED | MAP_PRIVATE);
    if (len == 0 || len > MMAP_TOP - MMAP_BASE || off % PGSIZE != 0 ||
        off + len > 0xffffffffUL ||
        (kind != MAP_SHARED && kind != MAP_PRIVATE) ||
        (flags & ~(MAP_SHARED | MAP_PRIVATE | MAP_FIXED)) ||
        (prot & ~(PROT_READ | PROT_WRITE)) || prot == PROT_NONE)
        return -EINVAL;
    if ((flags & MAP_FIXED) && addr % PGSIZE != 0)
        return -EINVAL;
    if (f == 0)
        return -EBADF;
    if (f->type != FD_INODE || f->ip->type != T_FILE)
        return -ENODEV;
    if (!f->readable ||
        (kind == MAP_SHARED && (prot & PROT_WRITE) && !f->writable))
        return -EACCES;
    return 0;
}

/* mmap(addr, len, prot, flags, fd, off): see the top of the file. */
long
sys_mmap(void)
{
    struct proc *p = myproc();
    uint64 addr = argaddr(0), off = argaddr(5);
    uint64 len = PGROUNDUP(argaddr(1));
    int prot = argint(2), flags = argint(3), fd = argint(4);
    struct file *f = fd >= 0 && fd < NOFILE ? p->ofile[fd] : 0;
    int err;

    if (argaddr(1) > MMAP_TOP)
        return -EINVAL; /* PGROUNDUP could wrap */
    if ((err = mmap_check(addr, len, prot, flags, f, off)) < 0)
        return err;
    uint64 va;
    if (flags & MAP_FIXED) {
        if (addr < MMAP_BASE || addr > MMAP_TOP - len ||
            !range_free(p, addr, len))
            return -EINVAL;
        va = addr;
    } else if ((va = place(p, addr, len)) == 0) {
        return -ENOMEM;
    }
    for (int i = 0; i < NMMAP; i++) {
        struct vma *v = &p->mmaps[i];
        if (v->len == 0) {
            v->va = va;
            v->len = len;
            v->prot = prot;
            v->flags = flags & (MAP_SHARED | MAP_PRIVATE);
            v->f = filedup(f);
            v->off = off;
            return va;
        }
    }
    return -ENOMEM;
}

/* Free mapping slot v: drop its file reference. */
static void
vma_free(struct vma *v)
{
    struct file *f = v->f;
    v->len = 0;
    v->f = 0;
    fileclose(f);
}

/* Write the page at va of shared mapping v back to the file from the
 * kernel address pa, but not past the file's end (a mapping never grows
 * its file).  One log operation per block.  Returns: 0 or -errno.
 * Marked unused: in the mmap lab's tree nothing calls it yet. */
static int __attribute__((unused))
writeback_page(struct vma *v, uint64 va, uint64 pa)
{
    struct inode *ip = v->f->ip;
    uint off = v->off + (va - v->va);
    for (uint done = 0; done < PGSIZE; done += BSIZE) {
        begin_op();
        ilock(ip);
        int r = 0;
        if (off + done < ip->size) {
            uint n = ip->size - (off + done);
            r = writei(ip, 0, pa + done, off + done, n < BSIZE ? n : BSIZE);
        }
        iunlock(ip);
        end_op();
        if (r < 0)
            return r;
    }
    return 0;
}

/* Load the page at va of mapping v from the file into a new page and
 * map it: writable at once when private and PROT_WRITE, or when shared
 * and the access is a write (then dirty).  Returns: 0 or -errno. */
static int
load_page(struct proc *p, struct vma *v, uint64 va, int write)
{
    /* LAB mmap: BEGIN */
    char *mem = kalloc();
    if (mem == 0)
        return -ENOMEM;
    memset(mem, 0, PGSIZE);
    struct inode *ip = v->f->ip;
    ilock(ip);
    int r = readi(ip, 0, (uint64)mem, v->off + (va - v->va), PGSIZE);
    iunlock(ip);
    pte_t *pte = r < 0 ? 0 : walk(p->pagetable, va, 1);
    if (pte == 0) {
        kfree(mem);
        return r < 0 ? r : -ENOMEM;
    }
    uint64 perm = PTE_V | PTE_U | PTE_R | PTE_A;
    if ((v->prot & PROT_WRITE) && (v->flags == MAP_PRIVATE || write))
        perm |= PTE_W | PTE_D;
    *pte = PA2PTE(mem) | perm;
    sfence_vma();
    return 0;
    /* LAB mmap: STUB
    return -EFAULT;
       LAB mmap: END */
}

/*
 * A user access to va faulted (write: a store).  If va is in a mapping
 * that allows the access, make it work: load the page, or, for a store
 * to a clean shared page, make it writable and dirty.  A copy-on-write
 * page (a private page after fork) is cow_fault's business.
 * Called from usertrap with interrupts off: a fault in a mapping turns
 * them on, as a system call does, because loading a page sleeps.
 * Returns: 0 (retry the access), -EFAULT (a real fault), -ENOMEM.
 */
int
mmap_fault(struct proc *p, uint64 va, int write)
{
    struct vma *v = vma_find(p, va);
    if (v == 0 || (write && !(v->prot & PROT_WRITE)))
        return -EFAULT;
    intr_on();
    va = PGROUNDDOWN(va);
    pte_t *pte = walk(p->pagetable, va, 0);
    if (pte == 0 || (*pte & PTE_V) == 0)
        return load_page(p, v, va, write);
    /* LAB mmap: BEGIN */
    if (!write || v->flags != MAP_SHARED || (*pte & PTE_W))
        return -EFAULT;
    if ((pte = walk(p->pagetable, va, 1)) == 0) /* own the leaf table */
        return -ENOMEM;
    *pte |= PTE_W | PTE_D;
    sfence_vma();
    return 0;
    /* LAB mmap: STUB
    return -EFAULT;
       LAB mmap: END */
}

/* Load the mapped pages among [va, va+len) that an access (a store if
 * write) would fault on, ahead of a system call that copies to or from
 * them.  Pages outside any mapping are left for copyin/copyout to
 * judge.  Returns: 0 or -errno (-ENOMEM, an I/O error). */
int
mmap_prefault(struct proc *p, uint64 va, uint64 len, int write)
{
    if (len == 0 || va >= MMAP_TOP || va + len <= MMAP_BASE || va + len < va)
        return 0;
    uint64 start = PGROUNDDOWN(va < MMAP_BASE ? MMAP_BASE : va);
    for (uint64 a = start; a < va + len && a < MMAP_TOP; a += PGSIZE) {
        struct vma *v = vma_find(p, a);
        if (v == 0 || (write && !(v->prot & PROT_WRITE)))
            continue;
        pte_t *pte = walk(p->pagetable, a, 0);
        if (pte && (*pte & PTE_V) && (!write || (*pte & (PTE_W | PTE_COW))))
            continue; /* usable as is (cow_fault handles a COW page) */
        int err = mmap_fault(p, a, write);
        if (err == -ENOMEM || err == -EIO)
            return err;
    }
    return 0;
}

/* Unmap [a, b) (page aligned, inside v), first writing its dirty pages
 * back to the file if v is shared.  Returns: 0 or -errno (the first
 * write-back error; every page is unmapped all the same). */
static int
vma_release(struct proc *p, struct vma *v, uint64 a, uint64 b)
{
    int err = 0;
    /* LAB mmap: BEGIN */
    for (uint64 va = a; va < b && v->flags == MAP_SHARED; va += PGSIZE) {
        pte_t *pte = walk(p->pagetable, va, 0);
        if (pte && (*pte & PTE_V) && (*pte & PTE_D)) {
            int r = writeback_page(v, va, PTE2PA(*pte));
            err = err ? err : r;
        }
    }
    uvm_unmap(p->pagetable, a, (b - a) / PGSIZE, 1);
    /* LAB mmap: STUB
       LAB mmap: END */
    return err;
}

/* munmap(addr, len): see the top of the file. */
long
sys_munmap(void)
{
    struct proc *p = myproc();
    uint64 addr = argaddr(0), len = argaddr(1);
    struct vma *v = vma_find(p, addr);

    if (len == 0 || addr % PGSIZE != 0 || v == 0 || len > MMAP_TOP)
        return -EINVAL;
    len = PGROUNDUP(len);
    uint64 end = addr + len;
    if (end > v->va + v->len)
        return -EINVAL; /* runs past the mapping */
    /* LAB mmap: BEGIN */
    if (addr != v->va && end != v->va + v->len)
        return -EINVAL; /* a hole in the middle */
    int err = vma_release(p, v, addr, end);
    if (addr == v->va) {
        v->off += len; /* the start goes (or all of it) */
        v->va = end;
    }
    v->len -= len;
    if (v->len == 0)
        vma_free(v);
    return err;
    /* LAB mmap: STUB
    return -EINVAL;
       LAB mmap: END */
}

/* Write back and unmap every mapping of p, and drop the files. */
static void
unmap_all(struct proc *p)
{
    for (int i = 0; i < NMMAP; i++) {
        struct vma *v = &p->mmaps[i];
        if (v->len) {
            vma_release(p, v, v->va, v->va + v->len);
            vma_free(v);
        }
    }
}

/* Give child parent's mappings (see Design).  Caller: fork, before the
 * child runs, child->mmaps[] empty.  Returns: 0 or -ENOMEM (the child's
 * mappings so far stay; fork's failure path runs mmap_exit). */
int
mmap_fork(struct proc *parent, struct proc *child)
{
    int any = 0;
    for (int i = 0; i < NMMAP; i++)
        any |= parent->mmaps[i].len != 0;
    if (!any)
        return 0; /* most forks: nothing mapped, nothing to copy */
    /* LAB mmap: BEGIN */
    for (int i = 0; i < NMMAP; i++) {
        struct vma *v = &parent->mmaps[i];
        if (v->len == 0 || v->flags != MAP_SHARED)
            continue;
        for (uint64 va = v->va; va < v->va + v->len; va += PGSIZE) {
            pte_t *pte = walk(parent->pagetable, va, 0);
            if (pte == 0 || (*pte & (PTE_V | PTE_D)) != (PTE_V | PTE_D))
                continue;
            writeback_page(v, va, PTE2PA(*pte));
            if ((pte = walk(parent->pagetable, va, 1)) == 0)
                return -ENOMEM;
            *pte &= ~(PTE_W | PTE_D); /* clean again */
        }
    }
    sfence_vma();
    if (uvm_copy(parent->pagetable, child->pagetable, MMAP_BASE, MMAP_TOP) < 0)
        return -ENOMEM;
    for (int i = 0; i < NMMAP; i++) {
        struct vma *v = &parent->mmaps[i];
        if (v->len == 0)
            continue;
        child->mmaps[i] = *v;
        filedup(v->f);
        if (v->flags == MAP_SHARED &&
            uvm_unmap(child->pagetable, v->va, v->len / PGSIZE, 1) < 0)
            return -ENOMEM;
    }
    /* LAB mmap: STUB
       LAB mmap: END */
    return 0;
}

/* Drop p's mappings at exec (before the old page table goes). */
void
mmap_exec(struct proc *p)
{
    unmap_all(p);
}

/* Drop p's mappings at exit (p->pagetable still there), or for a child
 * fork could not finish. */
void
mmap_exit(struct proc *p)
{
    unmap_all(p);
}
