/*
 * Physical page allocator.
 *
 * Overview    Hands out 4096-byte pages of RAM between the end of the
 *             kernel image and the end of memory (from the device tree).
 * Objects     kmem.list[NCPU]: one free list per hart, threaded through
 *             the free pages, each with its own lock and length;
 *             kmem.nfree: the free pages on every list (sysinfo, leak
 *             checks); refcount[]: one count per page, for pages shared
 *             by several page tables (copy-on-write fork).
 * Operations  kalloc: a page or 0.  kfree: drop one reference; the page
 *             returns to a free list when the last one goes.  kref_inc,
 *             kref_get: share a page, read its count.
 * Design      A hart takes pages from, and frees pages to, its own list,
 *             so harts allocating at once do not meet on one lock.  A
 *             hart whose list is empty steals a batch (STEAL_BATCH) from
 *             the first other list that has pages: memory is out only
 *             when every list is empty.  A page freed on another hart
 *             than the one that allocated it simply joins the freeing
 *             hart's list.  nfree is one atomic counter changed only
 *             when a page is handed out or freed (never when a batch
 *             moves between lists), so it is exact at every instant.
 *             Pages are not cleared here: callers that need zeros clear
 *             them (most pages are overwritten at once), and anything
 *             copied to user space starts zeroed (doc/reliability.md).
 *             The poison kernel (POISONING, param.h) fills a page with
 *             POISON_BYTE when it is freed and again when it is handed
 *             out, so a caller that forgets to clear shows poison.
 * Locking     kmem.list[i].lock ("kmem", rank 91) protects that list and
 *             its length; a leaf, and a hart holds at most one of them
 *             (a thief takes the victim's lock, then its own, never
 *             both at once).  nfree and refcount[] entries change with
 *             atomic adds, so sharing a page (fork) or dropping one
 *             share costs no lock.
 * Origins     Written for Kite.  Per-hart free lists with stealing are
 *             the lock lab (labs/lock.md); the stub is one list under
 *             one lock.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"

extern char end[]; /* first byte after the kernel; kernel.ld */

struct free_page {
    struct free_page *next;
};

/* LAB lock: BEGIN */
#define STEAL_BATCH 64 /* pages a hart takes from another's list */

/* One hart's free pages.  Aligned so two harts' lists never share a
 * cache line. */
struct free_list {
    struct spinlock lock;
    struct free_page *head; /* lock */
    uint64 n;               /* lock: pages on this list */
} __attribute__((aligned(64)));

static struct {
    struct free_list list[NCPU];
    uint64 nfree;     /* atomic: free pages on all lists */
    uint64 base, top; /* constant: managed physical range */
    uint32 *refcount; /* atomic; index (pa - base) / PGSIZE */
} kmem;

static void
free_lists_init(void)
{
    for (int i = 0; i < NCPU; i++)
        initlock(&kmem.list[i].lock, "kmem");
}

/* Take up to max pages off list l as a chain.  Returns: the chain's
 * first page (0 if l is empty); *got is set to its length. */
static struct free_page *
take_chain(struct free_list *l, int max, int *got)
{
    acquire(&l->lock);
    struct free_page *first = l->head, *last = 0;
    int n = 0;
    for (struct free_page *r = first; r && n < max; r = r->next) {
        last = r;
        n++;
    }
    if (last) {
        l->head = last->next;
        last->next = 0;
        l->n -= n;
    }
    release(&l->lock);
    *got = n;
    return first;
}

/* Push a chain of n pages onto list l. */
static void
put_chain(struct free_list *l, struct free_page *first, int n)
{
    struct free_page *last = first;
    while (last->next)
        last = last->next;
    acquire(&l->lock);
    last->next = l->head;
    l->head = first;
    l->n += n;
    release(&l->lock);
}

/* This hart's list is empty: take a batch from the next hart's list
 * that has pages, keep one, put the rest on ours.  Returns: a page or
 * 0 when every list is empty.  Caller has interrupts off. */
static struct free_page *
steal_page(int me)
{
    for (int i = 1; i < NCPU; i++) {
        int got;
        struct free_page *r =
            take_chain(&kmem.list[(me + i) % NCPU], STEAL_BATCH, &got);
        if (r == 0)
            continue;
        if (got > 1)
            put_chain(&kmem.list[me], r->next, got - 1);
        return r;
    }
    return 0;
}

/* Take one free page, from this hart's list or stolen.  Returns: the
 * page or 0. */
static struct free_page *
take_page(void)
{
    push_off(); /* stay on this hart while we use its list */
    int me = cpuid();
    int got;
    struct free_page *r = take_chain(&kmem.list[me], 1, &got);
    if (r == 0)
        r = steal_page(me);
    pop_off();
    return r;
}

/* Put a free page on this hart's list. */
static void
put_page(struct free_page *r)
{
    r->next = 0;
    push_off();
    put_chain(&kmem.list[cpuid()], r, 1);
    pop_off();
}
/* LAB lock: STUB
// One list under one lock: the lab is to split it (labs/lock.md).
static struct {
    struct spinlock lock;
    struct free_page *free;
    uint64 nfree;
    uint64 base, top;
    uint32 *refcount;
} kmem;

static void
free_lists_init(void)
{
    initlock(&kmem.lock, "kmem");
}

static struct free_page *
take_page(void)
{
    acquire(&kmem.lock);
    struct free_page *r = kmem.free;
    if (r)
        kmem.free = r->next;
    release(&kmem.lock);
    return r;
}

static void
put_page(struct free_page *r)
{
    acquire(&kmem.lock);
    r->next = kmem.free;
    kmem.free = r;
    release(&kmem.lock);
}
   LAB lock: END */

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
    free_lists_init();
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
    struct free_page *r = take_page();
    if (r == 0)
        return 0;
    __sync_fetch_and_sub(&kmem.nfree, 1);
    *refp(r) = 1;
    if (POISONING)
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
    if (POISONING)
        memset(pa, POISON_BYTE, PGSIZE);
    put_page(pa);
    __sync_fetch_and_add(&kmem.nfree, 1);
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
    return __atomic_load_n(&kmem.nfree, __ATOMIC_SEQ_CST);
}
