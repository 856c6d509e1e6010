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
 *             kref_get: share a page, read its count.  failinj_init,
 *             failinj_now: set up and consult failure injection.
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
 *             Failure injection (doc/reliability.md): the boot argument
 *             failalloc=SEED[:RATE] makes about one in RATE (default
 *             32) allocations fail, kalloc's and kmalloc's alike, in an
 *             order drawn from SEED, so every "out of memory" path
 *             runs.  Only allocations made for a user process other
 *             than init fail: boot, the scheduler and init itself are
 *             spared, since nothing could report the failure to them,
 *             and so is a user store fault (trap.c), which could only
 *             kill the process.
 * Locking     kmem.list[i].lock ("kmem", rank 91) protects that list and
 *             its length; a leaf, and a hart holds at most one of them
 *             (a thief takes the victim's lock, then its own, never
 *             both at once).  nfree and refcount[] entries change with
 *             atomic adds, so sharing a page (fork) or dropping one
 *             share costs no lock.  The injection's random state
 *             changes with an atomic compare-and-swap.
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

/* Failure injection: on when rate is not 0; state is the xorshift
 * generator drawn from for every allocation a user process makes. */
static struct {
    uint64 state; /* atomic */
    uint64 rate;  /* constant after boot: fail one draw in rate */
    uint64 tries; /* atomic: allocations that could have failed */
    uint64 fails; /* atomic: allocations made to fail */
} failinj;

/* Read failalloc=SEED[:RATE] from the boot arguments. */
void
failinj_init(void)
{
    const char *a = fdt.bootargs;
    while (*a && strncmp(a, "failalloc=", 10) != 0) {
        while (*a && *a != ' ')
            a++;
        while (*a == ' ')
            a++;
    }
    if (*a == 0)
        return;
    uint64 seed = 0, rate = 0;
    for (a += 10; *a >= '0' && *a <= '9'; a++)
        seed = seed * 10 + (*a - '0');
    if (*a == ':')
        for (a++; *a >= '0' && *a <= '9'; a++)
            rate = rate * 10 + (*a - '0');
    failinj.state = seed * 0x9E3779B97F4A7C15UL + 1; /* never 0 */
    failinj.rate = rate ? rate : 32;
    printf("kite: failalloc: one allocation in %ld fails (seed %ld)\n",
           failinj.rate, seed);
}

/* Should this allocation fail?  Only when injection is on and the
 * allocation is made for a user process that is not init. */
int
failinj_now(void)
{
    if (failinj.rate == 0)
        return 0;
    struct proc *p = myproc();
    if (p == 0 || p == initproc || p->failinj_off)
        return 0;
    uint64 old = __atomic_load_n(&failinj.state, __ATOMIC_RELAXED), x;
    do {
        x = old;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    } while (!__atomic_compare_exchange_n(&failinj.state, &old, x, 0,
                                          __ATOMIC_RELAXED, __ATOMIC_RELAXED));
    __atomic_fetch_add(&failinj.tries, 1, __ATOMIC_RELAXED);
    if (x % failinj.rate != 0)
        return 0;
    __atomic_fetch_add(&failinj.fails, 1, __ATOMIC_RELAXED);
    return 1;
}

/* One console line on what injection did (at power off). */
void
failinj_report(void)
{
    if (failinj.rate)
        printf("kite: failalloc: %ld of %ld allocations failed\n",
               failinj.fails, failinj.tries);
}

/* Returns: a page with reference count 1, or 0 when memory is out. */
void *
kalloc(void)
{
    if (failinj_now())
        return 0;
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
