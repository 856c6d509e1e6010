/*
 * Small-object allocator.
 *
 * Overview    kmalloc(n) for kernel objects of 16..2048 bytes (IPC
 *             objects, messages, undo records) carved from whole pages.
 * Objects     One size class per power of two.  A page serves one class:
 *             its first bytes are a struct slab_page header (class,
 *             objects in use, free list), the rest are objects.
 * Operations  kmalloc: an object or 0.  kmfree: return it; a page whose
 *             objects are all free goes back to kalloc at once, so the
 *             free-page count that leak checks compare comes back too.
 * Locking     kheap.lock protects every class list and page header; a
 *             leaf lock (it takes kmem.lock inside kalloc/kfree).
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
    struct free_obj *free;
    int cls;
    int inuse;
};

static struct {
    struct spinlock lock;
    struct slab_page *partial[NCLASS];
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

/* A fresh page cut into objects of class cls.  Caller holds kheap.lock. */
static struct slab_page *
new_page(int cls)
{
    struct slab_page *sp = kalloc();
    if (sp == 0)
        return 0;
    uint64 size = (uint64)1 << (cls + MIN_SHIFT);
    uint64 first = (sizeof(*sp) + size - 1) & ~(size - 1);
    sp->cls = cls;
    sp->inuse = 0;
    sp->free = 0;
    for (uint64 off = PGSIZE - size; off >= first; off -= size) {
        struct free_obj *o = (struct free_obj *)((char *)sp + off);
        o->next = sp->free;
        sp->free = o;
    }
    push_page(sp);
    return sp;
}

/* Returns: zeroed memory of at least n bytes (n <= 2048), or 0. */
void *
kmalloc(uint64 n)
{
    if (n == 0 || n > ((uint64)1 << MAX_SHIFT))
        return 0;
    int cls = size_class(n);
    acquire(&kheap.lock);
    struct slab_page *sp = kheap.partial[cls];
    if (sp == 0 && (sp = new_page(cls)) == 0) {
        release(&kheap.lock);
        return 0;
    }
    struct free_obj *o = sp->free;
    sp->free = o->next;
    sp->inuse++;
    if (sp->free == 0)
        unlink_page(sp);
    release(&kheap.lock);
    memset(o, 0, (uint64)1 << (cls + MIN_SHIFT));
    return o;
}

void
kmfree(void *p)
{
    if (p == 0)
        return;
    struct slab_page *sp = (struct slab_page *)PGROUNDDOWN((uint64)p);
    struct free_obj *o = p;
    acquire(&kheap.lock);
    if (sp->free == 0)
        push_page(sp); /* was full: back on the partial list */
    o->next = sp->free;
    sp->free = o;
    if (--sp->inuse == 0) {
        unlink_page(sp);
        release(&kheap.lock);
        kfree(sp);
        return;
    }
    release(&kheap.lock);
}

void
kmalloc_init(void)
{
    initlock(&kheap.lock, "kheap");
}
