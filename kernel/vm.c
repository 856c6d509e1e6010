/*
 * Virtual memory: Sv39 page tables.
 *
 * Overview    One kernel page table shared by all harts (RAM and devices
 *             mapped at their physical addresses, the trampoline at the
 *             top, one kernel stack per process slot below it), and one
 *             page table per process for user space.
 * Objects     pagetable_t: a page of 512 PTEs; three levels.
 * Operations  walk/mappages/uvm_unmap: the primitives.  uvm_create,
 *             uvm_alloc, uvm_dealloc, uvm_copy, uvm_copy_private (init's
 *             forks: no sharing), uvm_free: a process's
 *             memory.  copyin/copyout/copyinstr: the only way the kernel
 *             touches user memory; each returns -EFAULT for an address
 *             that is not mapped for user access (kernel memory, the
 *             trampoline, a guard page, past the heap) instead of
 *             faulting.
 * Design      The kernel never reads user memory through user virtual
 *             addresses: copyin/copyout translate by hand through the
 *             process's page table and touch the physical page, which
 *             the kernel maps at the same address.
 *             fork shares memory copy-on-write, a whole leaf table
 *             (2 MiB) at a time: uvm_copy points the child's level-1
 *             entries at the parent's leaf tables, whose page reference
 *             count (kalloc.c) says how many page tables use them, after
 *             turning writable PTEs into read-only + PTE_COW.  A shared
 *             leaf never allows a write; whoever must change a PTE first
 *             copies the leaf (leaf_own), and cow_fault, on a store
 *             fault or from copyout, then copies the page itself (or
 *             takes it when it is the last sharer).
 * Locking     A process's page table is changed only by that process
 *             (or by fork/exec before the new image runs), so no lock.
 *             A leaf table shared by several processes is never
 *             changed, only copied; its reference count is atomic, so
 *             two sharers copying or dropping it at once on two harts
 *             need no lock either (the last one frees it).
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

extern char etext[];       /* kernel.ld: end of kernel text */
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
    kvm_map(kpt, KERNBASE, KERNBASE, (uint64)etext - KERNBASE, PTE_R | PTE_X);
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
    kvm_switch_kernel();
}

/* Run this hart on the kernel page table (at boot, and in exit() before
 * a process's own page table is freed). */
void
kvm_switch_kernel(void)
{
    sfence_vma();
    CSR_WRITE(satp, MAKE_SATP(kernel_pagetable));
    sfence_vma();
}

#define LEAF_SPAN (1UL << PXSHIFT(1)) /* 2 MiB: what one leaf table maps */

/* The level-1 PTE that points at va's leaf table, creating the level-1
 * table when alloc is set.  Returns: its address, or 0. */
static pte_t *
l1_entry(pagetable_t pt, uint64 va, int alloc)
{
    pte_t *e = &pt[PX(2, va)];
    if ((*e & PTE_V) == 0) {
        pagetable_t t;
        if (!alloc || (t = kalloc()) == 0)
            return 0;
        memset(t, 0, PGSIZE);
        *e = PA2PTE(t) | PTE_V;
    }
    return &((pagetable_t)PTE2PA(*e))[PX(1, va)];
}

/* Drop one page table's hold on a leaf table; the last one also drops
 * the pages the leaf maps. */
static void
leaf_put(pagetable_t leaf)
{
    if (kref_dec(leaf) > 0)
        return;
    for (int i = 0; i < 512; i++)
        if (leaf[i] & PTE_V)
            kfree((void *)PTE2PA(leaf[i]));
    kfree_unreferenced(leaf);
}

/* Make the leaf table behind level-1 entry e ours alone, copying it if
 * another page table shares it.  Returns: 0 or -ENOMEM. */
static int
leaf_own(pte_t *e)
{
    pagetable_t leaf = (pagetable_t)PTE2PA(*e);
    if (kref_get(leaf) == 1)
        return 0;
    pagetable_t copy = kalloc();
    if (copy == 0)
        return -ENOMEM;
    for (int i = 0; i < 512; i++) {
        copy[i] = leaf[i];
        if (leaf[i] & PTE_V)
            kref_inc((void *)PTE2PA(leaf[i]));
    }
    *e = PA2PTE(copy) | PTE_V;
    leaf_put(leaf);
    return 0;
}

/* The PTE for va.  alloc: create missing tables and make the leaf table
 * ours alone (copying a shared one), because the caller will change the
 * PTE.  Without alloc the PTE may sit in a shared leaf: read it only.
 * Returns: the PTE's address, or 0 (va too high, or out of memory). */
pte_t *
walk(pagetable_t pt, uint64 va, int alloc)
{
    if (va >= MAXVA)
        return 0;
    pte_t *e = l1_entry(pt, va, alloc);
    if (e == 0)
        return 0;
    if ((*e & PTE_V) == 0) {
        pagetable_t leaf;
        if (!alloc || (leaf = kalloc()) == 0)
            return 0;
        memset(leaf, 0, PGSIZE);
        *e = PA2PTE(leaf) | PTE_V;
    } else if (alloc && leaf_own(e) < 0) {
        return 0;
    }
    return &((pagetable_t)PTE2PA(*e))[PX(0, va)];
}

/* The PTE for an existing mapping of va, in a leaf we own alone (the
 * caller will change it).  Returns: it, or 0 (no leaf, or no memory). */
static pte_t *
walk_own(pagetable_t pt, uint64 va)
{
    pte_t *e = l1_entry(pt, va, 0);
    if (e == 0 || (*e & PTE_V) == 0 || leaf_own(e) < 0)
        return 0;
    return &((pagetable_t)PTE2PA(*e))[PX(0, va)];
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

/* Will uvm_unmap just let go of the whole leaf behind e for the span
 * [a, stop), without copying it?  Only when the span is a whole leaf,
 * the pages go too, and another page table still shares the leaf. */
static int
span_let_go(pte_t *e, uint64 a, uint64 stop, int do_free)
{
    return a % LEAF_SPAN == 0 && stop - a == LEAF_SPAN && do_free &&
           kref_get((void *)PTE2PA(*e)) > 1;
}

/* The end of the leaf span that starts at a, clipped to end. */
static uint64
span_stop(uint64 a, uint64 end)
{
    uint64 stop = (a | (LEAF_SPAN - 1)) + 1;
    return stop < end ? stop : end;
}

/* First pass of uvm_unmap: make ours every leaf table whose PTEs it
 * will change, so the second pass cannot fail halfway.  A copy made
 * here before a later one fails maps the same pages: harmless.
 * Returns: 0 or -ENOMEM. */
static int
unmap_own_leaves(pagetable_t pt, uint64 va, uint64 end, int do_free)
{
    for (uint64 a = va; a < end; a = span_stop(a, end)) {
        pte_t *e = l1_entry(pt, a, 0);
        if (e == 0 || (*e & PTE_V) == 0 ||
            span_let_go(e, a, span_stop(a, end), do_free))
            continue;
        if (leaf_own(e) < 0)
            return -ENOMEM;
    }
    return 0;
}

/* Remove npages mappings from va (page aligned); missing ones are
 * skipped.  do_free: also drop the reference on each page.  A shared
 * leaf table whose whole span goes is just let go; a shared one that is
 * only partly unmapped is copied first.  All the copies are made before
 * anything is unmapped, so the call is all or nothing.
 * Returns: 0, or -ENOMEM (a copy failed; nothing was unmapped). */
int
uvm_unmap(pagetable_t pt, uint64 va, uint64 npages, int do_free)
{
    uint64 end = va + npages * PGSIZE;
    if (unmap_own_leaves(pt, va, end, do_free) < 0)
        return -ENOMEM;
    for (uint64 a = va; a < end; a = span_stop(a, end)) {
        uint64 stop = span_stop(a, end);
        pte_t *e = l1_entry(pt, a, 0);
        if (e == 0 || (*e & PTE_V) == 0)
            continue;
        if (span_let_go(e, a, stop, do_free)) {
            leaf_put((pagetable_t)PTE2PA(*e));
            *e = 0;
            continue;
        }
        if (leaf_own(e) < 0) /* owned by the first pass: cannot fail */
            panic("uvm_unmap: leaf shared again");
        pte_t *pte = &((pagetable_t)PTE2PA(*e))[PX(0, a)];
        for (uint64 x = a; x < stop; x += PGSIZE, pte++) {
            if ((*pte & PTE_V) && do_free)
                kfree((void *)PTE2PA(*pte));
            *pte = 0;
        }
    }
    sfence_vma();
    return 0;
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

/* Shrink user memory from oldsz to newsz.
 * Returns: newsz, or oldsz when out of memory (a shared leaf table
 * could not be copied; nothing was unmapped: the old heap is whole). */
uint64
uvm_dealloc(pagetable_t pt, uint64 oldsz, uint64 newsz)
{
    if (newsz >= oldsz)
        return oldsz;
    uint64 from = PGROUNDUP(newsz);
    if (from < PGROUNDUP(oldsz) &&
        uvm_unmap(pt, from, (PGROUNDUP(oldsz) - from) / PGSIZE, 1) < 0)
        return oldsz;
    return newsz;
}

/* Free a level-2 or level-1 table and everything below it; each leaf
 * table is let go with leaf_put (freeing its pages if it was the last
 * holder).  The trampoline and trapframe must be unmapped first. */
static void
free_tables(pagetable_t pt, int level)
{
    for (int i = 0; i < 512; i++) {
        pte_t pte = pt[i];
        if ((pte & PTE_V) == 0)
            continue;
        if (pte & (PTE_R | PTE_W | PTE_X))
            panic("free_tables: superpage");
        if (level == 1)
            leaf_put((pagetable_t)PTE2PA(pte));
        else
            free_tables((pagetable_t)PTE2PA(pte), level - 1);
    }
    kfree(pt);
}

/* Free a user page table and the user pages it maps (their last
 * reference).  Shared-memory attachments, the trampoline and the
 * trapframe must be unmapped first. */
void
uvm_free(pagetable_t pt)
{
    free_tables(pt, 2);
}

/* Share the user memory in [start, end) of old with new, copy-on-write.
 * Whole leaf tables are shared: new's level-1 entries point at old's
 * leaf tables, whose reference count says how many page tables use
 * them.  Writable pages become read-only + PTE_COW first, so a shared
 * leaf never allows a write; the first write (cow_fault) copies the
 * leaf table (leaf_own) and then the page.  The caller guarantees that
 * nothing else is mapped in the 2 MiB spans [start, end) touches.
 * Returns: 0 or -ENOMEM (what was shared stays; uvm_free undoes it). */
int
uvm_copy(pagetable_t old, pagetable_t new, uint64 start, uint64 end)
{
    for (uint64 a = start - start % LEAF_SPAN; a < end; a += LEAF_SPAN) {
        pte_t *src = l1_entry(old, a, 0);
        if (src == 0 || (*src & PTE_V) == 0)
            continue;
        pte_t *dst = l1_entry(new, a, 1);
        if (dst == 0)
            return -ENOMEM;
        pagetable_t leaf = (pagetable_t)PTE2PA(*src);
        for (int i = 0; i < 512; i++)
            if (leaf[i] & PTE_W)
                leaf[i] = (leaf[i] & ~PTE_W) | PTE_COW;
        kref_inc(leaf);
        *dst = *src;
    }
    sfence_vma(); /* our own writable mappings just became read-only */
    return 0;
}

/* Copy the user memory in [start, end) of old into new, page by page,
 * sharing nothing: old keeps every page writable and private, so it
 * never needs memory to take a fault later.  Used for init's forks
 * (doc/memory.md: init survives memory exhaustion).
 * Returns: 0 or -ENOMEM (what was copied stays; uvm_free undoes it). */
int
uvm_copy_private(pagetable_t old, pagetable_t new, uint64 start, uint64 end)
{
    for (uint64 a = PGROUNDDOWN(start); a < end; a += PGSIZE) {
        pte_t *pte = walk(old, a, 0);
        if (pte == 0 || (*pte & PTE_V) == 0)
            continue;
        char *mem = kalloc();
        if (mem == 0)
            return -ENOMEM;
        memmove(mem, (void *)PTE2PA(*pte), PGSIZE);
        int flags = PTE_FLAGS(*pte) & ~(PTE_V | PTE_A | PTE_D);
        if (mappages(new, a, PGSIZE, (uint64)mem, flags) < 0) {
            kfree(mem);
            return -ENOMEM;
        }
    }
    return 0;
}

/* Resolve a write to a copy-on-write page at va.
 * Returns: 0 (now writable), -EFAULT (not a COW page), -ENOMEM. */
int
cow_fault(pagetable_t pt, uint64 va)
{
    pte_t *pte = va < MAXVA ? walk(pt, va, 0) : 0;
    if (pte && (*pte & PTE_COW))
        pte = walk_own(pt, va); /* the leaf may be shared: copy it first */
    if (pte == 0 ||
        (*pte & (PTE_V | PTE_U | PTE_COW)) != (PTE_V | PTE_U | PTE_COW))
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
    pte_t *pte = walk_own(pt, va);
    if (pte == 0)
        panic("uvm_clear_user");
    *pte &= ~PTE_U;
}

/* memmove for the short copies system calls make (a byte, a struct
 * sembuf, a message type): a call to memmove costs more than the copy. */
static inline void
copy_bytes(char *dst, const char *src, uint64 n)
{
    if (n > 32) {
        memmove(dst, src, n);
        return;
    }
    for (uint64 i = 0; i < n; i++)
        dst[i] = src[i];
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
        copy_bytes((char *)pa, s, n);
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
        copy_bytes(d, (const char *)pa, n);
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
