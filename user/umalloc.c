/*
 * malloc and free over sbrk.
 *
 * Overview    A first-fit allocator with one free list.  Memory comes
 *             from sbrk and is never given back to the kernel; freed
 *             blocks go on the list and are merged with free neighbours.
 * Objects     struct block: a 16-byte header in front of every block,
 *             free or in use, holding the block's size.  Free blocks use
 *             the header's second word to link the free list, which is
 *             kept sorted by address and ends with 0.
 * Operations  malloc: a pointer aligned to 16 bytes, or 0 (errno ENOMEM
 *             from sbrk) when the heap cannot grow.  free: 0 is allowed.
 * Design      Keeping the list in address order makes merging cheap:
 *             a freed block's neighbours in memory are its neighbours
 *             in the list, so free() looks at most one block each side.
 *             A split hands out the tail of a free block, so the free
 *             part keeps its place in the list.  sbrk is asked for at
 *             least GROW bytes at a time, and the new memory enters the
 *             list through free(), which merges it with a free block
 *             that ended at the old break.
 * Locking     None: a process has one thread.
 * Interfaces  sbrk().
 * Origins     The classic K&R idea of an address-ordered free list,
 *             written here with byte sizes and a null-terminated list.
 */
#include "user/user.h"

#define ALIGN 16
#define GROW 4096 /* least bytes asked of sbrk at once */

struct block {
    size_t size;        /* bytes in the block, header included */
    struct block *next; /* next free block (higher address); free only */
};

#define HDR sizeof(struct block) /* 16: keeps payloads 16-aligned */
#define MINBLOCK (2 * HDR)       /* smallest piece worth splitting off */

static struct block *freelist;

static char *
block_end(struct block *b)
{
    return (char *)b + b->size;
}

/* Put b on the free list in address order and merge its neighbours. */
static void
release(struct block *b)
{
    struct block *prev = 0, *cur = freelist;

    while (cur != 0 && cur < b) {
        prev = cur;
        cur = cur->next;
    }
    if (cur == b || (prev != 0 && block_end(prev) > (char *)b)) {
        fprintf(2, "free: %p is already free\n", (void *)(b + 1));
        return;
    }
    b->next = cur;
    if (cur != 0 && block_end(b) == (char *)cur) {
        b->size += cur->size;
        b->next = cur->next;
    }
    if (prev == 0) {
        freelist = b;
    } else if (block_end(prev) == (char *)b) {
        prev->size += b->size;
        prev->next = b->next;
    } else {
        prev->next = b;
    }
}

/*
 * Get at least need more bytes from the kernel and put them on the
 * free list.  Returns: 0, or -1 when sbrk fails.
 */
static int
grow(size_t need)
{
    size_t n = need < GROW ? GROW : need;
    unsigned long skip;
    char *p;

    /* A break that is not 16-aligned costs its first few bytes. */
    p = sbrk(0);
    if (p == (char *)-1)
        return -1;
    skip = (ALIGN - (unsigned long)p % ALIGN) % ALIGN;
    p = sbrk((long)(n + skip));
    if (p == (char *)-1)
        return -1;
    ((struct block *)(p + skip))->size = n;
    release((struct block *)(p + skip));
    return 0;
}

/* Take a block of exactly need bytes out of the free list, or 0. */
static struct block *
take(size_t need)
{
    struct block *prev = 0, *b, *tail;

    for (b = freelist; b != 0; prev = b, b = b->next) {
        if (b->size < need)
            continue;
        if (b->size - need >= MINBLOCK) {
            b->size -= need;
            tail = (struct block *)block_end(b);
            tail->size = need;
            return tail;
        }
        if (prev == 0)
            freelist = b->next;
        else
            prev->next = b->next;
        return b;
    }
    return 0;
}

/*
 * Allocate n bytes aligned to 16.
 * Returns: the memory, or 0 with errno ENOMEM when the heap is full.
 */
void *
malloc(size_t n)
{
    struct block *b;
    size_t need;

    if (n > (1UL << 38)) { /* more than Sv39 can map */
        errno = ENOMEM;
        return 0;
    }
    need = (n + HDR + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (need < MINBLOCK)
        need = MINBLOCK;
    b = take(need);
    if (b == 0) {
        if (grow(need) < 0)
            return 0;
        b = take(need);
    }
    return b == 0 ? 0 : (void *)(b + 1);
}

/* Give back memory from malloc; free(0) does nothing. */
void
free(void *p)
{
    if (p != 0)
        release((struct block *)p - 1);
}
