/*
 * Small-object allocator.
 *
 * Overview    kmalloc(n) for kernel objects of 16..2048 bytes (IPC
 *             objects, messages, undo records) carved from whole pages.
 * Objects     One size class per power of two.  A page serves one class:
 *             its first bytes are a struct slab_page header (class,
 *             objects in use, free list, bump offset), the rest are
 *             objects.  Objects never handed out yet are not on the free
 *             list: they are taken from the bump offset upwards, so a
 *             fresh page costs nothing to set up (a message queue that
 *             allocates and frees one message at a time gets and drops
 *             a page per message).
 * Operations  kmalloc: an object or 0.  kmfree: return it; a page whose
 *             objects are all free goes back to kalloc at once, so the
 *             free-page count that leak checks compare comes back too.
 * Design      kmalloc's objects start zeroed (callers rely on it, and
 *             a structure copied out is then clean).  The poison kernel
 *             (POISONING, param.h) fills freed objects with POISON_BYTE.
 * Locking     kheap.lock protects every class list and page header; a
 *             leaf lock (it takes kmem.lock inside kalloc/kfree).
 *             A class keeps its last page when it empties (nspare
 *             counts them, at most one per class); sysinfo reports them
 *             as free.
 * Origins     Written for Kite; a much-simplified slab.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "defs.h"

#define MIN_SHIFT 4  /* 16 bytes */
#define MAX_SHIFT 11 /* 2048 bytes */
#define NCLASS (MAX_SHIFT - MIN_SHIFT + 1)

struct free_obj {
    struct free_obj *next;
};

struct slab_page {
    struct slab_page *next; /* pages of this class with a free object */
    struct slab_page *prev;
    struct free_obj *free; /* objects given back */
    int cls;
    int inuse;
    uint bump; /* offset of the first never-used object */
    int spare; /* empty, kept for reuse (counted in nspare) */
};

static struct {
    struct spinlock lock;
    struct slab_page *partial[NCLASS];
    uint64 nspare; /* empty pages kept, at most one per class */
    int initialised;
} kheap = {.initialised = 0};

static int
size_class(uint64 n)
{
    int c = 0;
    while (((uint64)1 << (c + MIN_SHIFT)) < n)
        c++;
    return c;
}

static void
unlink_page(struct slab_page *sp)
{
    if (sp->prev)
        sp->prev->next = sp->next;
    else
        kheap.partial[sp->cls] = sp->next;
    if (sp->next)
        sp->next->prev = sp->prev;
    sp->next = sp->prev = 0;
}

static void
push_page(struct slab_page *sp)
{
    sp->prev = 0;
    sp->next = kheap.partial[sp->cls];
    if (sp->next)
        sp->next->prev = sp;
    kheap.partial[sp->cls] = sp;
}

static uint64
class_size(int cls)
{
    return (uint64)1 << (cls + MIN_SHIFT);
}

/* Where the first object of class cls starts, past the page header. */
static uint
first_offset(int cls)
{
    uint64 size = class_size(cls);
    return (sizeof(struct slab_page) + size - 1) & ~(size - 1);
}

/* A fresh page for class cls, on the partial list.
 * Caller holds: kheap.lock. */
static struct slab_page *
new_page(int cls)
{
    struct slab_page *sp = kalloc();
    if (sp == 0)
        return 0;
    sp->cls = cls;
    sp->spare = 0;
    sp->inuse = 0;
    sp->free = 0;
    sp->bump = first_offset(cls);
    push_page(sp);
    return sp;
}

/* Take one object from sp.  Caller holds: kheap.lock. */
static void *
take_object(struct slab_page *sp)
{
    uint64 size = class_size(sp->cls);
    void *o;
    if (sp->free) {
        o = sp->free;
        sp->free = sp->free->next;
    } else {
        o = (char *)sp + sp->bump;
        sp->bump += size;
    }
    sp->inuse++;
    if (sp->spare) { /* a kept empty page is in use again */
        sp->spare = 0;
        kheap.nspare--;
    }
    if (sp->free == 0 && sp->bump + size > PGSIZE)
        unlink_page(sp); /* full */
    return o;
}

/* Returns: zeroed memory of at least n bytes (n <= 2048), or 0. */
void *
kmalloc(uint64 n)
{
    if (n == 0 || n > class_size(NCLASS - 1))
        return 0;
    int cls = size_class(n);
    acquire(&kheap.lock);
    struct slab_page *sp = kheap.partial[cls];
    if (sp == 0 && (sp = new_page(cls)) == 0) {
        release(&kheap.lock);
        return 0;
    }
    void *o = take_object(sp);
    release(&kheap.lock);
    memset(o, 0, class_size(cls));
    return o;
}

void
kmfree(void *p)
{
    if (p == 0)
        return;
    struct slab_page *sp = (struct slab_page *)PGROUNDDOWN((uint64)p);
    struct free_obj *o = p;
    if (POISONING) /* a use after free reads poison */
        memset(p, POISON_BYTE, class_size(sp->cls));
    acquire(&kheap.lock);
    if (sp->free == 0 && sp->bump + class_size(sp->cls) > PGSIZE)
        push_page(sp); /* was full: back on the partial list */
    o->next = sp->free;
    sp->free = o;
    if (--sp->inuse == 0) {
        if (kheap.partial[sp->cls] == sp && sp->next == 0) {
            /* The class's only page: keep it, empty, for the next
             * kmalloc (a queue that holds one message at a time would
             * otherwise get and free a page per message). */
            sp->free = 0;
            sp->bump = first_offset(sp->cls);
            sp->spare = 1;
            kheap.nspare++;
            release(&kheap.lock);
            return;
        }
        unlink_page(sp);
        release(&kheap.lock);
        kfree(sp);
        return;
    }
    release(&kheap.lock);
}

/* Empty pages kept for reuse: free memory, so sysinfo counts them. */
uint64
kmalloc_spare_pages(void)
{
    return __atomic_load_n(&kheap.nspare, __ATOMIC_RELAXED);
}

void
kmalloc_init(void)
{
    initlock(&kheap.lock, "kheap");
}
