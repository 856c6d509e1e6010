/*
 * Virtual memory: Sv39 page tables.
 *
 * Overview    Every page table has two halves.  The user half,
 *             [0, USERTOP), is the process's own.  The kernel half,
 *             [USERTOP, MAXVA): RAM at its physical address, devices
 *             in the KDEV window, one kernel stack per process slot;
 *             built once at boot in kernel_pagetable, never user
 *             accessible (no PTE_U), global (PTE_G), and shared by
 *             every process page table, whose top-level entries for
 *             it are copies of the kernel's (uvm_create).  So a trap
 *             from user mode and the return change no page table;
 *             satp changes only when a hart changes processes
 *             (vm_switch).
 * Objects     pagetable_t: a page of 512 PTEs; three levels.
 * Operations  walk/mappages/uvm_unmap: the primitives.  uvm_create,
 *             uvm_alloc, uvm_dealloc, uvm_copy, uvm_copy_private (init's
 *             forks: no sharing), uvm_free: a process's memory (uvm_free
 *             frees the user half only).  vm_switch:
 *             load a process's page table (or the kernel's) into this
 *             hart's satp.  copyin/copyout/copyinstr: the only way the
 *             kernel touches user memory; each returns -EFAULT for an
 *             address that is not mapped for user access (the kernel
 *             half, a guard page, past the heap) instead of faulting.
 *             copyout into a valid copy-on-write page when no page is
 *             free for the copy is -ENOMEM, not -EFAULT: the pointer is
 *             good, the call may be retried.  copyout_prepare: resolve
 *             those pages ahead of a call that must not lose data when
 *             the copyout fails.
 * Design      The kernel never reads user memory through user virtual
 *             addresses, although they are mapped while it runs:
 *             copyin/copyout translate by hand through the process's
 *             page table and touch the physical page, which the kernel
 *             maps at the same address.  (sstatus.SUM with a fault
 *             fixup would be the other way: QEMU 7.2 flushes its whole
 *             TLB each time SUM changes, and a walk needs no fixup.)
 *             ASIDs: when the harts have them (kvm_init_hart probes
 *             satp), a process's translations carry ASID slot + 1, so
 *             a hart that comes back to a process flushes nothing; it
 *             flushes that ASID only when the process ran on another
 *             hart meanwhile or is new there (p->last_hart).
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
 *             (or by fork/exec before the new image runs), so no lock;
 *             except that the threads of a process (proc.c: clone)
 *             share one, whose root page's reference count is then
 *             above 1: changes to it (sbrk, copy-on-write copies in a
 *             fault or copyout, fork) and copyin/copyout's walks take
 *             shared_vm_lock (vm_lock), and tlb_flush makes every hart
 *             forget the old translations (an SBI remote fence), since
 *             another thread may run elsewhere under its own ASID.
 *             A leaf table shared by several processes is never
 *             changed, only copied; its reference count is atomic, so
 *             two sharers copying or dropping it at once on two harts
 *             need no lock either (the last one frees it).
 *             The kernel half is built once at boot and never changes.
 *             A process's page table is in a hart's satp only while
 *             that hart runs the process, or in the scheduler while it
 *             holds the process's lock (proc.c): so when the process
 *             frees it, no other hart is using it.
 * Interfaces  proc.c (scheduler: vm_switch), exec.c, exit.c, shm.c,
 *             pgtbl.c (vmprint, pgaccess, the shared page).
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
static uint64 kernel_satp; /* satp for kernel_pagetable, ASID 0 */
/* Changes to a page table that threads share (proc.c: clone), one
 * at a time; see vm_lock. */
static struct spinlock shared_vm_lock;
static int use_asids; /* satp keeps ASIDs up to NPROC at least */

extern char etext[];    /* kernel.ld: end of kernel text */
extern int boot_hartid; /* trap.c */

/* Top-level entries [0, USER_L2) map user space; the rest the kernel. */
#define USER_L2 PX(2, USERTOP)

static void
kvm_map(pagetable_t kpt, uint64 va, uint64 pa, uint64 size, int perm)
{
    if (va < USERTOP || mappages(kpt, va, size, pa, perm | PTE_G) != 0)
        panic("kvm_map");
}

/* Build the kernel page table, the kernel half of every page table,
 * and one kernel stack per process slot. */
void
kvm_init(void)
{
    initlock(&shared_vm_lock, "shared_vm");
    pagetable_t kpt = kalloc();
    memset(kpt, 0, PGSIZE);
    kernel_pagetable = kpt;
    kvm_map(kpt, TEST_FINISHER, TEST_FINISHER_PA, PGSIZE, PTE_R | PTE_W);
    kvm_map(kpt, UART0, UART0_PA, PGSIZE, PTE_R | PTE_W);
    kvm_map(kpt, VIRTIO0, VIRTIO0_PA, PGSIZE, PTE_R | PTE_W);
    kvm_map(kpt, PLIC, PLIC_PA, 0x400000, PTE_R | PTE_W);
    kvm_map(kpt, KERNBASE, KERNBASE, (uint64)etext - KERNBASE, PTE_R | PTE_X);
    uint64 top = fdt.mem_base + fdt.mem_size;
    if (top > KDEV)
        panic("kvm_init: RAM runs into the device window");
    kvm_map(kpt, (uint64)etext, (uint64)etext, top - (uint64)etext,
            PTE_R | PTE_W);
    for (int i = 0; i < NPROC; i++) {
        char *stack = kalloc();
        if (stack == 0)
            panic("kvm_init: kernel stacks");
        kvm_map(kpt, KSTACK(i), (uint64)stack, PGSIZE, PTE_R | PTE_W);
        proc[i].kstack = KSTACK(i);
        /* the stack's owner, for myproc() (memlayout.h) */
        *(struct proc **)KSTACK_OWNER((uint64)stack) = &proc[i];
    }
    kernel_satp = MAKE_SATP(kpt);
}

/* Turn paging on for this hart, with the kernel page table.  The boot
 * hart first finds out whether satp keeps ASIDs: it writes all ones to
 * the ASID field and reads back the bits that stuck. */
void
kvm_init_hart(void)
{
    sfence_vma();
    if (cpuid() == boot_hartid) {
        CSR_WRITE(satp, kernel_satp | SATP_ASID_MASK);
        uint64 max_asid = (CSR_READ(satp) & SATP_ASID_MASK) >> SATP_ASID_SHIFT;
        use_asids = max_asid >= NPROC; /* slot i uses ASID i + 1 */
    }
    CSR_WRITE(satp, kernel_satp);
    sfence_vma();
}

/*
 * Make this hart run on p's page table, or on the kernel's when p is 0
 * (an idle hart) or has no memory any more (exit frees it before the
 * process is done running).  Writes satp only if the table changes, and
 * flushes p's old translations only if this hart may hold stale ones:
 * p ran on another hart since it last ran here (its page table may
 * have changed there), p is new here (last_hart -1: a new process, or
 * exec's new image), or the harts have no ASIDs and another process's
 * translations are in the TLB.
 * Caller: the scheduler (holding p's lock, or having taken p off the
 * run queue), or p itself.
 */
void
vm_switch(struct proc *p)
{
    if (p && p->pagetable == 0)
        p = 0;
    push_off();
    uint64 asid = use_asids && p ? p - proc + 1 : 0;
    uint64 satp =
        p ? MAKE_SATP(p->pagetable) | asid << SATP_ASID_SHIFT : kernel_satp;
    int flush = 0;
    if (CSR_READ(satp) != satp) {
        CSR_WRITE(satp, satp);
        flush = !use_asids;
    }
    if (p && p->last_hart != cpuid()) {
        p->last_hart = cpuid();
        flush = 1;
    }
    if (p && flush)
        sfence_vma_asid(asid);
    pop_off();
}

/*
 * Threads: several processes (one per thread) may run on one page
 * table, counted by the reference count of its root page (kalloc.c):
 * 1 for a process without threads.  Whoever changes a shared table
 * holds shared_vm_lock (vm_lock), and each hart running one of the
 * threads may hold the old translations under its own ASID: tlb_flush
 * then flushes every hart (SBI remote fence), not just this one.
 */

/* Take the lock for changing pt if threads share it.  Returns: whether
 * it was taken, for vm_unlock.  One thread alone needs no lock: nobody
 * else can share its table meanwhile (only a thread of it could). */
int
vm_lock(pagetable_t pt)
{
    if (pt == 0 || kref_get(pt) == 1)
        return 0;
    acquire(&shared_vm_lock);
    return 1;
}

void
vm_unlock(int locked)
{
    if (locked)
        release(&shared_vm_lock);
}

/* Do threads share pt?  (Its root page's reference count.) */
int
vm_shared(pagetable_t pt)
{
    return pt && kref_get(pt) > 1;
}

/* Forget cached translations after PTEs of pt changed: on this hart,
 * and on every hart when threads share pt (one may run on another
 * hart, under another ASID). */
void
tlb_flush(pagetable_t pt)
{
    sfence_vma();
    if (kref_get(pt) > 1)
        sbi_remote_sfence_vma();
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
    /* This hart may still walk the old leaf, which another sharer may
     * change once it has it alone. */
    sfence_vma();
    return 0;
}

/* The PTE for va.  alloc: create missing tables and make the leaf table
 * ours alone (copying a shared one), because the caller will change the
 * PTE.  Without alloc the PTE may sit in a shared leaf: read it only.
 * In a process page table only the user half is reachable.
 * Returns: the PTE's address, or 0 (va too high, or out of memory). */
pte_t *
walk(pagetable_t pt, uint64 va, int alloc)
{
    if (va >= (pt == kernel_pagetable ? MAXVA : USERTOP))
        return 0; /* a process page table's kernel half is not its own */
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
    if (end > USERTOP || end < va)
        panic("uvm_unmap: not user space");
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
    tlb_flush(pt); /* threads on other harts too */
    return 0;
}

/* A page table with an empty user half and the shared kernel half: a
 * copy of the kernel's top-level table, whose user half is empty.
 * Returns: it, or 0. */
pagetable_t
uvm_create(void)
{
    pagetable_t pt = kalloc();
    if (pt)
        memmove(pt, kernel_pagetable, PGSIZE);
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

/* Free a level-1 table of the user half: each leaf table below it is
 * let go with leaf_put (freeing its pages if it was the last holder). */
static void
free_l1(pagetable_t l1)
{
    for (int i = 0; i < 512; i++) {
        pte_t pte = l1[i];
        if ((pte & PTE_V) == 0)
            continue;
        if (pte & (PTE_R | PTE_W | PTE_X))
            panic("free_l1: superpage");
        leaf_put((pagetable_t)PTE2PA(pte));
    }
    kfree(l1);
}

/*
 * Free a process page table: its user half, with the user pages nobody
 * else maps (their last reference), and its top-level page.  The kernel
 * half is shared by every page table and is never freed.
 * Shared-memory attachments must be unmapped first.
 * A page table must not be freed while a hart runs on it: if this hart
 * does (exit freeing its own memory), it moves to the kernel page table
 * first.  No other hart can be on it: a process's page table is in
 * satp only on the hart running the process, or in the scheduler while
 * it holds the process's lock (proc.c).
 */
void
uvm_free(pagetable_t pt)
{
    if (SATP_PAGETABLE(CSR_READ(satp)) == (uint64)pt)
        vm_switch(0);
    for (uint64 i = 0; i < USER_L2; i++)
        if (pt[i] & PTE_V)
            free_l1((pagetable_t)PTE2PA(pt[i]));
    kfree(pt);
}

/* Give new the user memory in [start, end) of old, copy-on-write:
 * each writable page of old becomes read-only + PTE_COW in both, and
 * stays shared until one of them writes it (cow_fault); read-only
 * pages (text) are shared as they are.  The page reference counts
 * (kalloc.c) say how many page tables map each page.  The caller
 * guarantees that nothing else is mapped in the 2 MiB spans
 * [start, end) touches.
 * Returns: 0 or -ENOMEM (what was shared stays; uvm_free undoes it). */
int
uvm_copy(pagetable_t old, pagetable_t new, uint64 start, uint64 end)
{
    /* LAB cow: BEGIN */
    /* Whole leaf tables are shared: new's level-1 entries point at
     * old's leaf tables, whose reference count says how many page
     * tables use them.  Writable pages become read-only + PTE_COW
     * first, so a shared leaf never allows a write; the first write
     * copies the leaf table (leaf_own) and then the page. */
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
    /* LAB cow: STUB
    // Lab: this copies every page now (an eager fork).  Share the pages
    // instead; see labs/cow.md.
    return uvm_copy_private(old, new, start, end);
       LAB cow: END */
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
        /* mappages sets V, A and D: the copy counts as touched and
         * dirty (mmap_fork decides what that means for a file's page) */
        int flags = PTE_FLAGS(*pte) & ~(PTE_V | PTE_A | PTE_D);
        if (mappages(new, a, PGSIZE, (uint64)mem, flags) < 0) {
            kfree(mem);
            return -ENOMEM;
        }
    }
    return 0;
}

/* Resolve a write to a copy-on-write page at va.
 * Returns: 0 (now writable), -EFAULT (not a COW page), -ENOMEM (a
 * copy of the page or of its leaf table could not be made). */
int
cow_fault(pagetable_t pt, uint64 va)
{
    /* LAB cow: BEGIN */
    pte_t *pte = va < MAXVA ? walk(pt, va, 0) : 0;
    if (pte == 0 ||
        (*pte & (PTE_V | PTE_U | PTE_COW)) != (PTE_V | PTE_U | PTE_COW))
        return -EFAULT;
    /* The leaf may be shared: copy it first.  The PTE is a valid COW
     * mapping, so failing here can only mean memory is out. */
    if ((pte = walk_own(pt, va)) == 0)
        return -ENOMEM;
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
    /* LAB cow: STUB
    // Lab: an eager fork makes no COW pages, so every write fault is a
    // real fault.  Copy (or take) the page here.
    return -EFAULT;
       LAB cow: END */
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

/* Physical address of user byte va if it is writable now (no
 * copy-on-write), or 0. */
uint64
walkaddr_writable(pagetable_t pt, uint64 va)
{
    return user_pa(pt, va, PTE_W);
}

/* Physical address of user byte va for a write, resolving a
 * copy-on-write page first.  Returns: 0 and *pa, -EFAULT or -ENOMEM. */
static int
user_pa_write(pagetable_t pt, uint64 va, uint64 *pa)
{
    if ((*pa = user_pa(pt, va, PTE_W)) != 0)
        return 0;
    /* LAB cow: BEGIN */
    int err = cow_fault(pt, va);
    if (err < 0)
        return err;
    *pa = user_pa(pt, va, PTE_W);
    return *pa ? 0 : -EFAULT;
    /* LAB cow: STUB
    // Lab: a page that is read-only only because it is shared
    // copy-on-write is a good destination.
    return -EFAULT;
       LAB cow: END */
}

/* Copy len bytes from the kernel to user address dstva.
 * Returns: 0, -EFAULT (not mapped writable for the user), or -ENOMEM
 * (a valid copy-on-write page could not be copied: memory is out; the
 * caller fails cleanly and the program may retry).  Bytes before the
 * failing page have been written. */
static int
copyout_locked(pagetable_t pt, uint64 dstva, const void *src, uint64 len)
{
    const char *s = src;
    while (len > 0) {
        uint64 pa;
        int err = user_pa_write(pt, dstva, &pa);
        if (err < 0)
            return err;
        uint64 n = PGSIZE - dstva % PGSIZE;
        n = n > len ? len : n;
        copy_bytes((char *)pa, s, n);
        len -= n;
        s += n;
        dstva += n;
    }
    return 0;
}

/* With threads, another thread's sbrk must not free a page between its
 * walk and the copy, nor two copy-on-write copies race: vm_lock. */
int
copyout(pagetable_t pt, uint64 dstva, const void *src, uint64 len)
{
    int locked = vm_lock(pt);
    int err = copyout_locked(pt, dstva, src, len);
    if (locked)
        tlb_flush(pt); /* a copy-on-write copy changed a shared PTE */
    vm_unlock(locked);
    return err;
}

/* Make the copy-on-write pages among [va, va+len) the process's own,
 * so that a later copyout there cannot fail for want of memory.  A call
 * that takes something away (a message, pipe bytes) runs this first:
 * then an out-of-memory failure leaves what it would have taken in
 * place.  Unmapped or read-only pages are left for copyout to report.
 * When the range lies in one page that is now writable, *pa is its
 * physical address, so the caller can copy there without a second walk
 * (copyout_direct); otherwise *pa is 0.  The address stays good until
 * the process itself changes its memory (sbrk, exec, fork, shmdt):
 * not while it sleeps in between, unless it has threads (vm_shared),
 * one of which may: then the caller uses copyout instead.
 * Returns: 0 or -ENOMEM. */
int
copyout_prepare(pagetable_t pt, uint64 va, uint64 len, uint64 *pa)
{
    *pa = 0;
    if (len == 0)
        return 0;
    uint64 first = PGROUNDDOWN(va), last = PGROUNDDOWN(va + len - 1);
    for (uint64 a = first; a <= last && a < MAXVA; a += PGSIZE) {
        uint64 p;
        int err = user_pa_write(pt, a, &p);
        if (err == -ENOMEM)
            return -ENOMEM;
        if (first == last && err == 0)
            *pa = p + va % PGSIZE;
    }
    return 0;
}

/* Copy n bytes to a user address that copyout_prepare resolved to the
 * physical address pa. */
void
copyout_direct(uint64 pa, const void *src, uint64 n)
{
    copy_bytes((char *)pa, src, n);
}

static int
copyin_locked(pagetable_t pt, void *dst, uint64 srcva, uint64 len)
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

/* Copy len bytes from user address srcva; vm_lock as in copyout. */
int
copyin(pagetable_t pt, void *dst, uint64 srcva, uint64 len)
{
    int locked = vm_lock(pt);
    int err = copyin_locked(pt, dst, srcva, len);
    vm_unlock(locked);
    return err;
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
