/*
 * Copy-on-write fork suite (kernel/vm.c: uvm_copy, cow_fault, copyout).
 *
 * Design      Two kinds of test.  The functional ones check what any
 *             fork must give: each process sees its own data after
 *             writes on both sides (several pages, several harts,
 *             several generations), text stays read-only, a copyout
 *             into a shared page changes only the caller's copy, and
 *             every page comes back when all have exited.  An eager
 *             fork that copies everything passes them.  The memory
 *             ones count free pages with sysinfo and pass only when
 *             pages are shared: a fork of a large touched heap takes
 *             almost none, a write takes about one, the last holder of
 *             a page writes it without a copy, and a process holding
 *             most of memory can still fork.
 *             Counting: while one process measures, every other
 *             process of the test is blocked (in read or waitpid), so
 *             the free count moves only by what the measured steps
 *             cost.  The slack in each bound allows for page tables
 *             (a fork may share whole leaf tables, or copy them) and
 *             for the measuring process's own stack page.
 *             Descendants report by exit status (0 good, else the
 *             number of the check that failed); the test's process
 *             checks it.
 * Origins     Written for Kite.
 */
#include "tests/testlib.h"

#define PGSZ 4096L
#define WORDS (PGSZ / (long)sizeof(long))

/* Free pages now. */
static long
free_pages(void)
{
    struct sysinfo si;

    test_snapshot(&si);
    return (long)si.freepages;
}

/* A heap of n pages, each written: word w of page i holds
 * tag + i * WORDS + w at a few spots.  Returns: its address. */
static long *
heap_make(long n, long tag)
{
    char *p = sbrk(n * PGSZ);

    CHECK(p != (char *)-1);
    for (long i = 0; i < n; i++) {
        long *pg = (long *)(p + i * PGSZ);
        pg[0] = tag + i * WORDS;
        pg[WORDS / 2] = tag + i * WORDS + WORDS / 2;
        pg[WORDS - 1] = tag + i * WORDS + WORDS - 1;
    }
    return (long *)p;
}

/* Does every page of the heap hold tag's pattern? */
static int
heap_holds(long *h, long n, long tag)
{
    for (long i = 0; i < n; i++) {
        long *pg = h + i * WORDS;
        if (pg[0] != tag + i * WORDS ||
            pg[WORDS / 2] != tag + i * WORDS + WORDS / 2 ||
            pg[WORDS - 1] != tag + i * WORDS + WORDS - 1)
            return 0;
    }
    return 1;
}

static void
heap_drop(long n)
{
    CHECK(sbrk(-n * (long)PGSZ) != (char *)-1);
}

/* Wait for pid; it must have exited 0 (else fail, naming its code). */
static void
reap_ok(int pid)
{
    int st = test_wait_status(pid);

    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        printf("cow: child %d ended with status 0x%x\n", pid, st);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* Block until the other end writes a byte or closes. */
static void
await(int fd)
{
    char c;

    read(fd, &c, 1);
}

#define BIG 1024 /* pages: 4 MiB, two leaf tables' worth */

/* A fork of a process with a large touched heap takes almost no pages:
 * the child reports the free count before it touches anything else. */
static void
cow_fork_allocates_little(void)
{
    int p[2], pid;
    long before, after = 0;
    long *h = heap_make(BIG, 1);

    CHECK(pipe(p) == 0);
    before = free_pages();
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        struct sysinfo si;
        long n;
        sysinfo(&si);
        n = (long)si.freepages;
        write(p[1], &n, sizeof(n));
        exit(heap_holds(h, BIG, 1) ? 0 : 1);
    }
    CHECK(read(p[0], &after, sizeof(after)) == sizeof(after));
    reap_ok(pid);
    if (before - after >= 32)
        printf("cow: a fork of %d touched pages took %ld pages\n", BIG,
               before - after);
    CHECK(before - after < 32);
    close(p[0]);
    close(p[1]);
    heap_drop(BIG);
}

#define MID 256 /* pages */

/* In a child: a first write to a shared page costs about one page, ten
 * more writes to pages of the same 2 MiB about ten.  Exit code: 0, or
 * which check failed. */
static void
write_cost_child(long *h)
{
    struct sysinfo si;
    long f0, f1, f2;

    sysinfo(&si); /* our stack page is now our own */
    f0 = (long)si.freepages;
    h[100 * WORDS] = -1;
    sysinfo(&si);
    f1 = (long)si.freepages;
    for (int i = 101; i <= 110; i++)
        h[i * WORDS + 1] = -i;
    sysinfo(&si);
    f2 = (long)si.freepages;
    printf("cow: first write took %ld pages, ten more took %ld\n", f0 - f1,
           f1 - f2);
    if (f0 - f1 < 1 || f0 - f1 > 3)
        exit(2); /* no copy (an eager fork), or more than the page */
    if (f1 - f2 < 10 || f1 - f2 > 11)
        exit(3);
    if (h[100 * WORDS] != -1 || h[105 * WORDS + 1] != -105)
        exit(4);
    exit(0);
}

/* A write after fork copies only the page written. */
static void
cow_write_copies_one_page(void)
{
    long *h = heap_make(MID, 7);
    int pid = fork();

    CHECK(pid >= 0);
    if (pid == 0)
        write_cost_child(h);
    reap_ok(pid);
    CHECK(heap_holds(h, MID, 7)); /* the child's writes were its own */
    for (int i = 101; i <= 110; i++)
        CHECK(h[i * WORDS + 1] == 0);
    heap_drop(MID);
}

#define SMALL 48 /* pages */
#define KIDS 6
#define DEPTH 3

/* Generation d of a chain: write our tag over the heap, fork the next
 * generation (which must see our tag, then writes its own), and check
 * its writes did not reach us.  Returns: 0 or a failed check. */
static int
generation(long *h, long tag, int d)
{
    int pid, st;

    for (long i = 0; i < SMALL; i++) {
        long *pg = h + i * WORDS;
        pg[0] = tag + i * WORDS;
        pg[WORDS / 2] = tag + i * WORDS + WORDS / 2;
        pg[WORDS - 1] = tag + i * WORDS + WORDS - 1;
    }
    if (d == 0)
        return heap_holds(h, SMALL, tag) ? 0 : 10;
    if ((pid = fork()) < 0)
        return 11;
    if (pid == 0) {
        if (!heap_holds(h, SMALL, tag))
            exit(12);
        exit(generation(h, tag + 1000000, d - 1));
    }
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
        return 13;
    if (WEXITSTATUS(st) != 0)
        return WEXITSTATUS(st);
    return heap_holds(h, SMALL, tag) ? 0 : 14;
}

/* Parent and children each see their own data after writes on both
 * sides: KIDS children at once (on every hart), each the head of a
 * chain DEPTH forks long, while the parent overwrites the heap. */
static void
cow_private_after_writes(void)
{
    int gate[2], pids[KIDS];
    long *h = heap_make(SMALL, 100);

    CHECK(pipe(gate) == 0);
    for (int k = 0; k < KIDS; k++) {
        pids[k] = fork();
        CHECK(pids[k] >= 0);
        if (pids[k] == 0) {
            close(gate[1]);
            await(gate[0]); /* the parent has overwritten its heap */
            if (!heap_holds(h, SMALL, 100))
                exit(20);
            exit(generation(h, 10000000L * (k + 1), DEPTH));
        }
    }
    for (long i = 0; i < SMALL; i++) /* the parent writes after the fork */
        h[i * WORDS] = -i;
    close(gate[1]);
    close(gate[0]);
    for (int k = 0; k < KIDS; k++)
        reap_ok(pids[k]);
    for (long i = 0; i < SMALL; i++) {
        long *pg = h + i * WORDS;
        CHECK(pg[0] == -i && pg[WORDS - 1] == 100 + i * WORDS + WORDS - 1);
    }
    heap_drop(SMALL);
}

/* A function whose first bytes the tests try to change. */
__attribute__((noinline)) static int
text_victim(int x)
{
    return x * 3 + 1;
}

/* Write to our own text: must kill us. */
static void
write_text(void)
{
    volatile char *t = (volatile char *)(uint64)text_victim;
    t[0] = 0;
    exit(0); /* the write went through */
}

/* A read-only page (text) is never made writable by a fork: in a child
 * that has itself forked a child (since exited), read() into its text
 * is EFAULT and a store to it kills it; the parent's text is
 * unchanged. */
static void
cow_text_stays_readonly(void)
{
    int pid, p[2], st;
    char before = *(volatile char *)(uint64)text_victim;

    CHECK(pipe(p) == 0);
    CHECK(write(p[1], "xyzw", 4) == 4);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        /* a process with a child, then with none: still read-only */
        int c = fork();
        if (c < 0)
            exit(30);
        if (c == 0)
            exit(0);
        if (waitpid(c, 0, 0) != c)
            exit(31);
        if (read(p[0], (void *)(uint64)text_victim, 4) != -1 || errno != EFAULT)
            exit(32);
        write_text();
    }
    st = test_wait_status(pid);
    CHECK(WIFSIGNALED(st));
    CHECK(*(volatile char *)(uint64)text_victim == before);
    CHECK(text_victim(2) == 7);
    close(p[0]);
    close(p[1]);
}

#define BUF 4 /* pages */

/* The child's copyouts: read() from a pipe, waitpid's status and
 * sysinfo into shared pages.  Each must land in the child's own copy,
 * keeping the rest of the page.  Exit: 0 or a failed check. */
static void
copyout_child(char *b, int *p)
{
    int c, st;
    struct sysinfo *si = (struct sysinfo *)(b + 2 * PGSZ + 64);

    if (read(p[0], b + PGSZ + 10, 5) != 5)
        exit(40);
    if (memcmp(b + PGSZ + 10, "child", 5) != 0 || b[PGSZ + 9] != 'p' ||
        b[PGSZ + 15] != 'p' || b[2 * PGSZ - 1] != 'p')
        exit(41);
    if ((c = fork()) < 0)
        exit(42);
    if (c == 0)
        exit(9);
    if (waitpid(c, (int *)(b + 3 * PGSZ + 8), 0) != c)
        exit(43);
    memmove(&st, b + 3 * PGSZ + 8, sizeof(st));
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 9 || b[3 * PGSZ] != 'p')
        exit(44);
    if (sysinfo(si) != 0 || si->freepages == 0 || b[2 * PGSZ] != 'p')
        exit(45);
    exit(0);
}

/* copyout into a copy-on-write page (read, waitpid's status, sysinfo)
 * gives the caller its own copy and leaves the other process's page as
 * it was, in both directions. */
static void
cow_copyout_private(void)
{
    int p[2], q[2], pid;
    char *b = sbrk(BUF * PGSZ);

    CHECK(b != (char *)-1);
    memset(b, 'p', BUF * PGSZ);
    CHECK(pipe(p) == 0);
    CHECK(pipe(q) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(q[1]);
        await(q[0]); /* the parent has read into its copy */
        for (int i = 0; i < BUF * PGSZ; i++)
            if (b[i] != 'p')
                exit(46);
        copyout_child(b, p);
    }
    /* parent first: read into the shared buffer, child must not see it */
    CHECK(write(p[1], "paren", 5) == 5);
    CHECK(read(p[0], b + 5, 5) == 5);
    CHECK(memcmp(b + 5, "paren", 5) == 0 && b[4] == 'p' && b[10] == 'p');
    CHECK(write(p[1], "child", 5) == 5);
    close(q[1]);
    reap_ok(pid);
    memset(b + 5, 'p', 5);
    for (int i = 0; i < BUF * PGSZ; i++)
        CHECK(b[i] == 'p');
    close(p[0]);
    close(p[1]);
    close(q[0]);
    heap_drop(BUF);
}

/* Writes to every page of the heap; returns the free pages it took. */
static long
write_all_cost(long *h, long n)
{
    long f0 = free_pages();

    for (long i = 0; i < n; i++)
        h[i * WORDS + 3] = i;
    return f0 - free_pages();
}

/* Write the stack pages the calls below may use, so that they are this
 * process's own before memory runs out. */
__attribute__((noinline)) static void
own_stack(void)
{
    volatile char pad[3000];

    for (int i = 0; i < (int)sizeof(pad); i += 256)
        pad[i] = 1;
}

/* Take every free page with sbrk.  Returns: the pages taken. */
static long
take_all_memory(void)
{
    long pages = 0, step = 64;

    while (step > 0) {
        if (sbrk(step * PGSZ) == (char *)-1)
            step /= 2;
        else
            pages += step;
    }
    return pages;
}

/* In a child: make a heap, share it with a chain of forks (child and
 * grandchild) that exit, then write every page of it with no page
 * free.  Only a process that takes the pages it alone holds, without a
 * copy, survives.  Exit: 0, a failed check, or killed. */
static void
last_holder_child(void)
{
    int c, st;
    long taken, *h = heap_make(SMALL, 5);

    if ((c = fork()) < 0)
        exit(50);
    if (c == 0) {
        int g = fork();
        if (g == 0)
            exit(heap_holds(h, SMALL, 5) ? 0 : 51);
        if (g < 0 || waitpid(g, &st, 0) != g || st != 0)
            exit(52);
        exit(0);
    }
    if (waitpid(c, &st, 0) != c || st != 0)
        exit(53);
    errno = 0; /* the pages written below are our own before... */
    own_stack();
    taken = take_all_memory(); /* ...memory runs out */
    for (long i = 0; i < SMALL; i++)
        h[i * WORDS + 3] = i;
    sbrk(-taken * PGSZ);
    exit(heap_holds(h, SMALL, 5) ? 0 : 54);
}

/* A page whose other holders are gone is the writer's: no copy.  Once
 * after a chain of forks has exited (with memory full, so that a copy
 * would fail), once in a child whose parent has written (so copied:
 * that is checked too) every page. */
static void
cow_last_holder_no_copy(void)
{
    int pid, p[2], q[2], st;
    long cost, *h;

    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        last_holder_child();
    st = test_wait_status(pid);
    if (WIFSIGNALED(st))
        printf("cow: the last holder of its pages was killed writing them "
               "with memory full: it copied them\n");
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);

    h = heap_make(SMALL, 5);
    /* the parent copies every page; the child then holds the originals
     * alone */
    CHECK(pipe(p) == 0);
    CHECK(pipe(q) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(p[1]);
        await(p[0]);
        long c = write_all_cost(h, SMALL);
        write(q[1], &c, sizeof(c));
        exit(0);
    }
    long copied = write_all_cost(h, SMALL); /* shared: each is copied */
    close(p[1]);
    CHECK(read(q[0], &cost, sizeof(cost)) == sizeof(cost));
    reap_ok(pid);
    if (copied < SMALL)
        printf("cow: writes to %d shared pages took %ld\n", SMALL, copied);
    CHECK(copied >= SMALL);
    if (cost > 4)
        printf("cow: the sole holder's writes to %d pages took %ld\n", SMALL,
               cost);
    CHECK(cost <= 4);
    close(p[0]);
    close(q[0]);
    close(q[1]);
    heap_drop(SMALL);
}

/* Memory is fully returned after all exit: forks, writes on every side,
 * grandchildren, and the free count ends where it began. */
static void
cow_no_leak_after_exit(void)
{
    struct sysinfo a, b;
    int pids[KIDS];

    long *h = heap_make(SMALL, 3);
    test_snapshot(&a); /* our page tables for the heap are made */
    for (int k = 0; k < KIDS; k++) {
        pids[k] = fork();
        CHECK(pids[k] >= 0);
        if (pids[k] == 0) {
            for (long i = k; i < SMALL; i += 2)
                h[i * WORDS] = k;
            int c = fork();
            if (c == 0) {
                for (long i = 0; i < SMALL; i += 3)
                    h[i * WORDS + 1] = k;
                exit(0);
            }
            if (c < 0 || waitpid(c, 0, 0) != c)
                exit(60);
            exit(0);
        }
    }
    for (long i = 0; i < SMALL; i += 5)
        h[i * WORDS + 2] = -1;
    for (int k = 0; k < KIDS; k++)
        reap_ok(pids[k]);
    test_snapshot(&b); /* each page we copied replaced one now freed */
    if (b.freepages != a.freepages)
        printf("cow: %ld pages missing\n",
               (long)a.freepages - (long)b.freepages);
    CHECK(b.freepages == a.freepages);
    heap_drop(SMALL);
}

/* Fork under memory pressure: a process that has written more pages
 * than are left free can still fork (an eager fork cannot), and its
 * child can read them and write a few. */
static void
cow_fork_under_pressure(void)
{
    long n = free_pages() * 3 / 5, *h = heap_make(n, 11);
    int pid;

    CHECK(free_pages() < n);
    pid = fork();
    if (pid < 0)
        printf("cow: fork with %ld touched pages and %ld free failed\n", n,
               free_pages());
    CHECK(pid >= 0);
    if (pid == 0) {
        if (!heap_holds(h, n, 11))
            exit(70);
        for (long i = 0; i < 8; i++)
            h[i * WORDS * 97 % (n * WORDS)] = 0;
        exit(0);
    }
    reap_ok(pid);
    CHECK(heap_holds(h, n, 11));
    heap_drop(n);
}

static struct test cow_tests[] = {
    {"cow_fork_allocates_little", cow_fork_allocates_little, QUICK},
    {"cow_write_copies_one_page", cow_write_copies_one_page, QUICK},
    {"cow_private_after_writes", cow_private_after_writes, QUICK},
    {"cow_text_stays_readonly", cow_text_stays_readonly, QUICK},
    {"cow_copyout_private", cow_copyout_private, QUICK},
    {"cow_last_holder_no_copy", cow_last_holder_no_copy, QUICK},
    {"cow_no_leak_after_exit", cow_no_leak_after_exit, QUICK},
    {"cow_fork_under_pressure", cow_fork_under_pressure, SLOW},
};

struct suite cow_suite = SUITE("cow", cow_tests);
