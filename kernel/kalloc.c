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
 *             kref_get: share a page, read its count.  failinj_init,
 *             failinj_now: set up and consult failure injection.
 * Design      Pages are not cleared or poisoned here: callers that need
 *             zeros clear them (most pages are overwritten at once).
 *             Failure injection (doc/reliability.md): the boot argument
 *             failalloc=SEED[:RATE] makes about one in RATE (default
 *             32) allocations fail, kalloc's and kmalloc's alike, in an
 *             order drawn from SEED, so every "out of memory" path
 *             runs.  Only allocations made for a user process other
 *             than init fail: boot, the scheduler and init itself are
 *             spared, since nothing could report the failure to them,
 *             and so is a user store fault (trap.c), which could only
 *             kill the process.
 * Locking     kmem.lock protects the list and nfree; a leaf.  refcount[]
 *             entries change with atomic adds, so sharing a page (fork)
 *             or dropping one share costs no lock.  The injection's
 *             random state changes with an atomic compare-and-swap.
 * Origins     Written for Kite.
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
    acquire(&kmem.lock);
    struct free_page *r = kmem.free;
    if (r) {
        kmem.free = r->next;
        kmem.nfree--;
        *refp(r) = 1;
    }
    release(&kmem.lock);
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
