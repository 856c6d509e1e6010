/*
 * Physical page allocator.
 *
 * Overview    Hands out 4096-byte pages of RAM between the end of the
 *             kernel image and the end of memory (from the device tree).
 * Objects     kmem.free: a list threaded through the free pages;
 *             kmem.nfree: their number (sysinfo, leak checks);
 *             refcount[]: one count per page, for pages shared by
 *             several page tables (copy-on-write fork).
 * Operations  kalloc: a page or 0.  kfree: drop one reference; the page
 *             returns to the list when the last one goes.  kref_inc,
 *             kref_get: share a page, read its count.
 * Design      Pages are not cleared here: callers that need zeros clear
 *             them (most pages are overwritten at once), and anything
 *             copied to user space starts zeroed (doc/reliability.md).
 *             The poison kernel (POISONING, param.h) fills a page with
 *             POISON_BYTE when it is freed and again when it is handed
 *             out, so a caller that forgets to clear shows poison.
 * Locking     kmem.lock protects the list and nfree; a leaf.  refcount[]
 *             entries change with atomic adds, so sharing a page (fork)
 *             or dropping one share costs no lock.
 * Origins     Written for Kite.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "defs.h"

extern char end[]; /* first byte after the kernel; kernel.ld */

struct free_page {
    struct free_page *next;
};

static struct {
    struct spinlock lock;
    struct free_page *free; /* kmem.lock */
    uint64 nfree;           /* kmem.lock */
    uint64 base, top;       /* constant: managed physical range */
    uint32 *refcount;       /* atomic; index (pa - base) / PGSIZE */
} kmem;

static uint32 *
refp(void *pa)
{
    uint64 a = (uint64)pa;
    if (a % PGSIZE || a < kmem.base || a >= kmem.top)
        panic("kalloc: bad page address");
    return &kmem.refcount[(a - kmem.base) / PGSIZE];
}

void
kinit(void)
{
    initlock(&kmem.lock, "kmem");
    kmem.top = fdt.mem_base + fdt.mem_size;
    uint64 npages = (kmem.top - KERNBASE) / PGSIZE;
    kmem.refcount = (uint32 *)PGROUNDUP((uint64)end);
    uint64 first = PGROUNDUP((uint64)kmem.refcount + npages * sizeof(uint32));
    kmem.base = KERNBASE;
    for (uint64 pa = first; pa + PGSIZE <= kmem.top; pa += PGSIZE) {
        *refp((void *)pa) = 1;
        kfree((void *)pa);
    }
}

/* Returns: a page with reference count 1, or 0 when memory is out. */
void *
kalloc(void)
{
    acquire(&kmem.lock);
    struct free_page *r = kmem.free;
    if (r) {
        kmem.free = r->next;
        kmem.nfree--;
        *refp(r) = 1;
    }
    release(&kmem.lock);
    if (POISONING && r)
        memset(r, POISON_BYTE, PGSIZE);
    return r;
}

/* Drop one reference without freeing; returns what is left.  A caller
 * that sees 0 cleans the page up and hands it to kfree_unreferenced. */
uint32
kref_dec(void *pa)
{
    uint32 left = __sync_sub_and_fetch(refp(pa), 1);
    if (left == (uint32)-1)
        panic("kfree: page already free");
    return left;
}

/* Drop one reference; free the page when none remain. */
void
kfree(void *pa)
{
    if (kref_dec(pa) == 0)
        kfree_unreferenced(pa);
}

/* Put a page whose reference count reached 0 on the free list. */
void
kfree_unreferenced(void *pa)
{
    struct free_page *r = pa;
    if (POISONING)
        memset(pa, POISON_BYTE, PGSIZE);
    acquire(&kmem.lock);
    r->next = kmem.free;
    kmem.free = r;
    kmem.nfree++;
    release(&kmem.lock);
}

/* One more page table maps pa (copy-on-write sharing). */
void
kref_inc(void *pa)
{
    __sync_fetch_and_add(refp(pa), 1);
}

int
kref_get(void *pa)
{
    return __atomic_load_n(refp(pa), __ATOMIC_SEQ_CST);
}

uint64
kalloc_free_pages(void)
{
    return kmem.nfree; /* a single aligned load: no lock needed */
}
