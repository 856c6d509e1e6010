/*
 * Virtual memory: Sv39 page tables.
 *
 * Overview    One kernel page table shared by all harts (RAM and devices
 *             mapped at their physical addresses, the trampoline at the
 *             top, one kernel stack per process slot below it), and one
 *             page table per process for user space.
 * Objects     pagetable_t: a page of 512 PTEs; three levels.
 * Operations  walk/mappages/uvm_unmap: the primitives.  uvm_create,
 *             uvm_alloc, uvm_dealloc, uvm_copy, uvm_free: a process's
 *             memory.  copyin/copyout/copyinstr: the only way the kernel
 *             touches user memory; each returns -EFAULT for an address
 *             that is not mapped for user access (kernel memory, the
 *             trampoline, a guard page, past the heap) instead of
 *             faulting.
 * Design      The kernel never reads user memory through user virtual
 *             addresses: copyin/copyout translate by hand through the
 *             process's page table and touch the physical page, which
 *             the kernel maps at the same address.
 *             fork shares pages copy-on-write: uvm_copy marks writable
 *             pages read-only + PTE_COW in parent and child and counts
 *             the extra reference (kalloc.c); cow_fault, called on a
 *             store fault or by copyout, gives the writer its own copy
 *             (or the page itself when it is the last sharer).
 * Locking     A process's page table is changed only by that process
 *             (or by fork/exec before the new image runs), so no lock.
 *             The kernel page table is built once at boot.
 * Origins     Written for Kite from the RISC-V privileged spec (Sv39).
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"

pagetable_t kernel_pagetable;

extern char etext[];      /* kernel.ld: end of kernel text */
extern char _trampoline[]; /* trampoline.S */

static void
kvm_map(pagetable_t kpt, uint64 va, uint64 pa, uint64 size, int perm)
{
    if (mappages(kpt, va, size, pa, perm) != 0)
        panic("kvm_map");
}

/* Build the kernel page table and one kernel stack per process slot. */
void
kvm_init(void)
{
    pagetable_t kpt = kalloc();
    memset(kpt, 0, PGSIZE);
    kvm_map(kpt, TEST_FINISHER, TEST_FINISHER, PGSIZE, PTE_R | PTE_W);
    kvm_map(kpt, UART0, UART0, PGSIZE, PTE_R | PTE_W);
    kvm_map(kpt, VIRTIO0, VIRTIO0, PGSIZE, PTE_R | PTE_W);
    kvm_map(kpt, PLIC, PLIC, 0x400000, PTE_R | PTE_W);
    kvm_map(kpt, KERNBASE, KERNBASE, (uint64)etext - KERNBASE,
            PTE_R | PTE_X);
    uint64 top = fdt.mem_base + fdt.mem_size;
    kvm_map(kpt, (uint64)etext, (uint64)etext, top - (uint64)etext,
            PTE_R | PTE_W);
    kvm_map(kpt, TRAMPOLINE, (uint64)_trampoline, PGSIZE, PTE_R | PTE_X);
    for (int i = 0; i < NPROC; i++) {
        char *stack = kalloc();
        if (stack == 0)
            panic("kvm_init: kernel stacks");
        kvm_map(kpt, KSTACK(i), (uint64)stack, PGSIZE, PTE_R | PTE_W);
        proc[i].kstack = KSTACK(i);
    }
    kernel_pagetable = kpt;
}

/* Turn paging on for this hart. */
void
kvm_init_hart(void)
{
    sfence_vma();
    CSR_WRITE(satp, MAKE_SATP(kernel_pagetable));
    sfence_vma();
}

/* The PTE for va, creating middle levels when alloc is set.
 * Returns: the PTE's address, or 0 (va too high, or out of memory). */
pte_t *
walk(pagetable_t pt, uint64 va, int alloc)
{
    if (va >= MAXVA)
        return 0;
    for (int level = 2; level > 0; level--) {
        pte_t *pte = &pt[PX(level, va)];
        if (*pte & PTE_V) {
            pt = (pagetable_t)PTE2PA(*pte);
            continue;
        }
        if (!alloc || (pt = kalloc()) == 0)
            return 0;
        memset(pt, 0, PGSIZE);
        *pte = PA2PTE(pt) | PTE_V;
    }
    return &pt[PX(0, va)];
}

/* Physical address of user page va, or 0 if not mapped for users. */
uint64
walkaddr(pagetable_t pt, uint64 va)
{
    pte_t *pte = walk(pt, va, 0);
    if (pte == 0 || (*pte & (PTE_V | PTE_U)) != (PTE_V | PTE_U))
        return 0;
    return PTE2PA(*pte);
}

/* Map [va, va+size) to pa.  va and size need not be aligned.
 * Returns: 0 or -ENOMEM (mappings made so far stay). */
int
mappages(pagetable_t pt, uint64 va, uint64 size, uint64 pa, int perm)
{
    uint64 a = PGROUNDDOWN(va);
    uint64 last = PGROUNDDOWN(va + size - 1);
    for (;; a += PGSIZE, pa += PGSIZE) {
        pte_t *pte = walk(pt, a, 1);
        if (pte == 0)
            return -ENOMEM;
        if (*pte & PTE_V)
            panic("mappages: remap");
        *pte = PA2PTE(pa) | perm | PTE_V | PTE_A | PTE_D;
        if (a == last)
            break;
    }
    return 0;
}

/* First address of the next 2 MiB region: one leaf table's reach. */
static uint64
next_leaf_region(uint64 va)
{
    return (va | ((1UL << PXSHIFT(1)) - 1)) + 1;
}

/* Remove npages mappings from va (page aligned); missing ones are
 * skipped.  do_free: also drop the reference on each page.  Walks once
 * per leaf table, not once per page. */
void
uvm_unmap(pagetable_t pt, uint64 va, uint64 npages, int do_free)
{
    uint64 end = va + npages * PGSIZE;
    for (uint64 a = va; a < end;) {
        uint64 stop = next_leaf_region(a);
        stop = stop < end ? stop : end;
        pte_t *pte = walk(pt, a, 0);
        for (; pte && a < stop; a += PGSIZE, pte++) {
            if ((*pte & PTE_V) == 0)
                continue;
            if (do_free)
                kfree((void *)PTE2PA(*pte));
            *pte = 0;
        }
        a = stop;
    }
    sfence_vma();
}

/* An empty user page table.  Returns: it, or 0. */
pagetable_t
uvm_create(void)
{
    pagetable_t pt = kalloc();
    if (pt)
        memset(pt, 0, PGSIZE);
    return pt;
}

/* Grow user memory from oldsz to newsz with zeroed pages.
 * Returns: newsz, or 0 when out of memory (nothing kept). */
uint64
uvm_alloc(pagetable_t pt, uint64 oldsz, uint64 newsz, int xperm)
{
    if (newsz <= oldsz)
        return oldsz;
    for (uint64 a = PGROUNDUP(oldsz); a < newsz; a += PGSIZE) {
        char *mem = kalloc();
        if (mem == 0) {
            uvm_dealloc(pt, a, oldsz);
            return 0;
        }
        memset(mem, 0, PGSIZE);
        if (mappages(pt, a, PGSIZE, (uint64)mem, PTE_R | PTE_U | xperm) < 0) {
            kfree(mem);
            uvm_dealloc(pt, a, oldsz);
            return 0;
        }
    }
    return newsz;
}

/* Shrink user memory from oldsz to newsz.  Returns: newsz. */
uint64
uvm_dealloc(pagetable_t pt, uint64 oldsz, uint64 newsz)
{
    if (newsz >= oldsz)
        return oldsz;
    uint64 from = PGROUNDUP(newsz);
    if (from < PGROUNDUP(oldsz))
        uvm_unmap(pt, from, (PGROUNDUP(oldsz) - from) / PGSIZE, 1);
    return newsz;
}

/* Free the page-table pages; every leaf must be gone already. */
static void
free_tables(pagetable_t pt, int level)
{
    for (int i = 0; i < 512; i++) {
        pte_t pte = pt[i];
        if ((pte & PTE_V) == 0)
            continue;
        if (level == 0 || (pte & (PTE_R | PTE_W | PTE_X)))
            panic("free_tables: leaf left");
        free_tables((pagetable_t)PTE2PA(pte), level - 1);
    }
    kfree(pt);
}

/* Free a user page table whose user pages are already unmapped. */
void
uvm_free(pagetable_t pt)
{
    free_tables(pt, 2);
}

/* Share the user pages in [start, end) of old with new, copy-on-write:
 * writable pages become read-only with PTE_COW in both, and each page
 * gains a reference.  The first write to such a page (cow_fault) gives
 * the writer its own copy.
 * Returns: 0, or -ENOMEM with everything shared so far removed. */
int
uvm_copy(pagetable_t old, pagetable_t new, uint64 start, uint64 end)
{
    for (uint64 a = start; a < end;) {
        uint64 stop = next_leaf_region(a);
        stop = stop < end ? stop : end;
        pte_t *src = walk(old, a, 0);
        pte_t *dst = 0; /* new's PTE for a, once its leaf table exists */
        for (; src && a < stop; a += PGSIZE, src++, dst = dst ? dst + 1 : 0) {
            if ((*src & PTE_V) == 0)
                continue;
            if (dst == 0 && (dst = walk(new, a, 1)) == 0)
                goto fail;
            if (*src & PTE_W)
                *src = (*src & ~PTE_W) | PTE_COW;
            kref_inc((void *)PTE2PA(*src));
            *dst = *src;
        }
        a = stop;
    }
    sfence_vma(); /* our own writable mappings just became read-only */
    return 0;
fail:
    sfence_vma();
    uvm_unmap(new, start, (end - start) / PGSIZE, 1);
    return -ENOMEM;
}

/* Resolve a write to a copy-on-write page at va.
 * Returns: 0 (now writable), -EFAULT (not a COW page), -ENOMEM. */
int
cow_fault(pagetable_t pt, uint64 va)
{
    pte_t *pte = walk(pt, va, 0);
    if (pte == 0 || (*pte & (PTE_V | PTE_U | PTE_COW)) !=
                        (PTE_V | PTE_U | PTE_COW))
        return -EFAULT;
    void *pa = (void *)PTE2PA(*pte);
    uint64 flags = (PTE_FLAGS(*pte) & ~PTE_COW) | PTE_W;
    if (kref_get(pa) == 1) {
        *pte = PA2PTE(pa) | flags; /* last sharer: just take it */
    } else {
        char *mem = kalloc();
        if (mem == 0)
            return -ENOMEM;
        memmove(mem, pa, PGSIZE);
        *pte = PA2PTE(mem) | flags;
        kfree(pa);
    }
    sfence_vma();
    return 0;
}

/* Make a page inaccessible to user mode (the stack guard). */
void
uvm_clear_user(pagetable_t pt, uint64 va)
{
    pte_t *pte = walk(pt, va, 0);
    if (pte == 0)
        panic("uvm_clear_user");
    *pte &= ~PTE_U;
}

/* Physical address of user byte va if its page allows `need`
 * (PTE_R or PTE_W) from user mode; 0 otherwise. */
static uint64
user_pa(pagetable_t pt, uint64 va, int need)
{
    pte_t *pte = walk(pt, va, 0);
    if (pte == 0 || (*pte & (PTE_V | PTE_U | need)) != (PTE_V | PTE_U | need))
        return 0;
    return PTE2PA(*pte) + (va % PGSIZE);
}

int
copyout(pagetable_t pt, uint64 dstva, const void *src, uint64 len)
{
    const char *s = src;
    while (len > 0) {
        uint64 pa = user_pa(pt, dstva, PTE_W);
        if (pa == 0 && cow_fault(pt, dstva) == 0)
            pa = user_pa(pt, dstva, PTE_W);
        if (pa == 0)
            return -EFAULT;
        uint64 n = PGSIZE - dstva % PGSIZE;
        n = n > len ? len : n;
        memmove((void *)pa, s, n);
        len -= n;
        s += n;
        dstva += n;
    }
    return 0;
}

int
copyin(pagetable_t pt, void *dst, uint64 srcva, uint64 len)
{
    char *d = dst;
    while (len > 0) {
        uint64 pa = user_pa(pt, srcva, PTE_R);
        if (pa == 0)
            return -EFAULT;
        uint64 n = PGSIZE - srcva % PGSIZE;
        n = n > len ? len : n;
        memmove(d, (void *)pa, n);
        len -= n;
        d += n;
        srcva += n;
    }
    return 0;
}

/* Copy a NUL-terminated string of at most max bytes (with the NUL).
 * Returns: 0, -EFAULT, or -ENAMETOOLONG when no NUL within max. */
int
copyinstr(pagetable_t pt, char *dst, uint64 srcva, uint64 max)
{
    while (max > 0) {
        uint64 pa = user_pa(pt, srcva, PTE_R);
        if (pa == 0)
            return -EFAULT;
        uint64 n = PGSIZE - srcva % PGSIZE;
        n = n > max ? max : n;
        const char *p = (const char *)pa;
        for (uint64 i = 0; i < n; i++) {
            *dst = p[i];
            if (p[i] == 0)
                return 0;
            dst++;
        }
        max -= n;
        srcva += n;
    }
    return -ENAMETOOLONG;
}
