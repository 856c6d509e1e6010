/*
 * locktest: the lock suite: a page allocator and a buffer cache that
 * scale (kernel/kalloc.c, kernel/bio.c; labs/lock.md).
 *
 * Overview    Two tests measure lock contention with lockstat() while
 *             processes on every hart allocate and free pages
 *             (sbrk, fork) or read files; the others check that the
 *             allocator and the cache stay correct under the same load:
 *             the free-page count is exact afterwards, one process can
 *             still get nearly all of memory (pages on other harts'
 *             free lists are stolen), and concurrent readers and
 *             writers of many more blocks than there are buffers read
 *             back what was written.
 * Design      Contention is judged as a ratio: the contended
 *             acquisitions of the allocator's locks ("kmem") or of the
 *             buffer cache's locks (every name starting "bcache") over
 *             their acquisitions during the test, summed over the locks
 *             of that name.  One lock that every hart takes is
 *             contended on several percent of its acquisitions (more on
 *             a loaded host, where a hart is descheduled while it holds
 *             the lock); per-hart lists and hashed buckets stay far
 *             below MAX_CONTENDED_PCT.  The stress children start
 *             together (they wait on a pipe) so that they overlap.  On
 *             one hart nothing is ever contended and the ratio tests
 *             pass trivially.
 * Interfaces  lock_suite, run by tests/usertests.c.
 */
#include "tests/testlib.h"

#define PGSIZE 4096        /* kernel/riscv.h */
#define BSIZE 1024         /* kernel/fs.h */
#define NCHILD 4           /* stress processes: one per hart at CPUS=3 */
#define MAXROWS 128        /* lockstat rows asked for */
#define MAX_CONTENDED 5    /* per 10000 acquisitions: a scalable lock */
#define HEAP_PAGES 32      /* pages each sbrk round grows and shrinks */
#define KALLOC_ROUNDS 1000 /* sbrk rounds per child */
#define FORK_EVERY 8       /* a fork and exit every that many rounds */
#define READ_BLOCKS 3      /* blocks in each reader's file */
#define READ_PASSES 120    /* times each reader reads its file */
#define CHUNK 16           /* bytes per read(): many block lookups */
#define RW_BLOCKS 24       /* blocks in each writer's file */
#define RW_ROUNDS 3        /* rewrite-and-check rounds per writer */
#define STEAL_CHUNK 16     /* pages per sbrk when eating memory */
#define STEAL_MIN_PCT 90   /* share of free pages one process must get */

static struct lockinfo rows[MAXROWS];
static char buf[BSIZE];

struct counts {
    unsigned long nacquire;
    unsigned long ncontend;
};

/* Sum the lockstat rows of locks named name (or, if prefix, starting
 * with name). */
static struct counts
lock_counts(const char *name, int prefix)
{
    struct counts c = {0, 0};
    int n = lockstat(rows, MAXROWS);

    CHECK(n > 0);
    for (int i = 0; i < n; i++) {
        rows[i].name[sizeof(rows[i].name) - 1] = 0;
        if (prefix ? strncmp(rows[i].name, name, strlen(name)) != 0
                   : strcmp(rows[i].name, name) != 0)
            continue;
        c.nacquire += rows[i].nacquire;
        c.ncontend += rows[i].ncontend;
    }
    return c;
}

/* Fail unless the locks were taken at least min_acq times between
 * before and after (so these are the locks that do the work) and were
 * contended on at most MAX_CONTENDED of every 10000 acquisitions. */
static void
check_contention(const char *what, struct counts before, struct counts after,
                 unsigned long min_acq)
{
    unsigned long acq = after.nacquire - before.nacquire;
    unsigned long con = after.ncontend - before.ncontend;

    printf("%s: %lu acquisitions, %lu contended\n", what, acq, con);
    CHECK(acq >= min_acq);
    CHECK(con * 10000 <= acq * MAX_CONTENDED);
}

/* Run fn(i) in NCHILD children that start together; wait for all and
 * fail unless each exits 0. */
static void
run_children(void (*fn)(int))
{
    int gate[2], pids[NCHILD];
    char c;

    CHECK(pipe(gate) == 0);
    for (int i = 0; i < NCHILD; i++) {
        pids[i] = fork();
        CHECK(pids[i] >= 0);
        if (pids[i] == 0) {
            close(gate[1]);
            CHECK(read(gate[0], &c, 1) == 0); /* the gate opens */
            fn(i);
            exit(0);
        }
    }
    close(gate[0]);
    close(gate[1]);
    for (int i = 0; i < NCHILD; i++)
        CHECK(test_wait_status(pids[i]) == 0);
}

/* Grow and shrink the heap, touching each page, and fork now and then:
 * every page comes from kalloc and goes back through kfree. */
static void
kalloc_churn(int i)
{
    for (int r = 0; r < KALLOC_ROUNDS; r++) {
        char *p = sbrk(HEAP_PAGES * PGSIZE);
        CHECK(p != (char *)-1);
        for (int k = 0; k < HEAP_PAGES; k++)
            p[k * PGSIZE] = (char)(i + r);
        CHECK(sbrk(-HEAP_PAGES * PGSIZE) != (char *)-1);
        if (r % FORK_EVERY == 0) {
            int pid = fork();
            CHECK(pid >= 0);
            if (pid == 0)
                exit(0);
            CHECK(test_wait_status(pid) == 0);
        }
    }
}

static void
lock_kalloc_scales(void)
{
    struct counts before = lock_counts("kmem", 0);
    run_children(kalloc_churn);
    check_contention("kmem", before, lock_counts("kmem", 0),
                     (unsigned long)NCHILD * KALLOC_ROUNDS * HEAP_PAGES);
}

/* The byte at offset off of file number f, written in round r. */
static char
pattern(int f, int r, int off)
{
    return (char)('a' + (f * 7 + r * 13 + off / BSIZE * 5 + off) % 26);
}

static void
file_name(char *name, const char *prefix, int f)
{
    snprintf(name, 16, "%s%d", prefix, f);
}

/* Write blocks blocks of file number f's round-r pattern to path. */
static void
write_file(const char *path, int f, int r, int blocks)
{
    int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY);

    CHECK(fd >= 0);
    for (int b = 0; b < blocks; b++) {
        for (int k = 0; k < BSIZE; k++)
            buf[k] = pattern(f, r, b * BSIZE + k);
        CHECK(write(fd, buf, BSIZE) == BSIZE);
    }
    CHECK(close(fd) == 0);
}

/* Read path in chunk-byte pieces and check it holds blocks blocks of
 * file number f's round-r pattern. */
static void
check_file(const char *path, int f, int r, int blocks, int chunk)
{
    int fd = open(path, O_RDONLY), n, off = 0;

    CHECK(fd >= 0);
    while ((n = read(fd, buf, chunk)) > 0) {
        for (int k = 0; k < n; k += 16)
            CHECK(buf[k] == pattern(f, r, off + k));
        CHECK(buf[n - 1] == pattern(f, r, off + n - 1));
        off += n;
    }
    CHECK(n == 0);
    CHECK(off == blocks * BSIZE);
    CHECK(close(fd) == 0);
}

/* Read one's own file over and over in small pieces. */
static void
bcache_reader(int i)
{
    char name[16];

    file_name(name, "lkr", i);
    for (int pass = 0; pass < READ_PASSES; pass++)
        check_file(name, i, 0, READ_BLOCKS, CHUNK);
}

static void
lock_bcache_scales(void)
{
    char name[16];

    for (int i = 0; i < NCHILD; i++) {
        file_name(name, "lkr", i);
        write_file(name, i, 0, READ_BLOCKS);
        check_file(name, i, 0, READ_BLOCKS, BSIZE); /* now cached */
    }
    struct counts before = lock_counts("bcache", 1);
    run_children(bcache_reader);
    struct counts after = lock_counts("bcache", 1);
    for (int i = 0; i < NCHILD; i++) {
        file_name(name, "lkr", i);
        CHECK(unlink(name) == 0);
    }
    check_contention("bcache", before, after,
                     (unsigned long)NCHILD * READ_PASSES * READ_BLOCKS *
                         (BSIZE / CHUNK));
}

/* After heavy allocation on every hart the free-page count is what it
 * was: no page lost on a list, none counted twice. */
static void
lock_kalloc_count_exact(void)
{
    struct sysinfo before, after;

    test_snapshot(&before);
    run_children(kalloc_churn);
    test_snapshot(&after);
    CHECK(after.freepages == before.freepages);
}

/* Take pages STEAL_CHUNK at a time until sbrk fails; write the count
 * to fd. */
static void
eat_memory(int fd)
{
    long got = 0;

    while (sbrk(STEAL_CHUNK * PGSIZE) != (char *)-1)
        got += STEAL_CHUNK;
    CHECK(write(fd, &got, sizeof(got)) == sizeof(got));
}

/* With free pages spread over every hart's list, one process can still
 * get nearly all of them, and they all come back. */
static void
lock_kalloc_steal(void)
{
    struct sysinfo before, after;
    int fds[2], pid;
    long got = 0;

    run_children(kalloc_churn); /* frees land on every hart's list */
    test_snapshot(&before);
    CHECK(pipe(fds) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        eat_memory(fds[1]);
        exit(0);
    }
    close(fds[1]);
    CHECK(read(fds[0], &got, sizeof(got)) == sizeof(got));
    close(fds[0]);
    CHECK(test_wait_status(pid) == 0);
    test_snapshot(&after);
    printf("lock_kalloc_steal: %ld of %lu free pages\n", got, before.freepages);
    CHECK(got * 100 >= (long)before.freepages * STEAL_MIN_PCT);
    CHECK(after.freepages == before.freepages);
}

/* Rewrite one's own file (more blocks than the cache holds, with the
 * others) and read it back each round; also read the shared file. */
static void
bcache_writer(int i)
{
    char name[16];

    file_name(name, "lkw", i);
    for (int r = 1; r <= RW_ROUNDS; r++) {
        write_file(name, i, r, RW_BLOCKS);
        check_file("lkshared", NCHILD, 0, READ_BLOCKS, BSIZE);
        check_file(name, i, r, RW_BLOCKS, BSIZE);
        check_file(name, i, r, RW_BLOCKS, CHUNK * 3);
    }
    CHECK(unlink(name) == 0);
}

/* Concurrent writers and readers of about a hundred blocks through a
 * cache of NBUF buffers each read back exactly what was written. */
static void
lock_bcache_rw_many(void)
{
    write_file("lkshared", NCHILD, 0, READ_BLOCKS);
    run_children(bcache_writer);
    check_file("lkshared", NCHILD, 0, READ_BLOCKS, BSIZE);
    CHECK(unlink("lkshared") == 0);
}

/* The stamp of child i's blocks in round r of the shared-file test. */
static char
stamp(int i, int r)
{
    return (char)('A' + (i * RW_ROUNDS + r) % 50);
}

/* Read one block from fd; fail unless it is one byte repeated (a block
 * is always written whole).  Returns: that byte. */
static char
read_uniform_block(int fd)
{
    CHECK(read(fd, buf, BSIZE) == BSIZE);
    for (int k = 0; k < BSIZE; k += 8)
        CHECK(buf[k] == buf[0]);
    return buf[0];
}

/* Child i owns blocks [i * RW_BLOCKS, (i + 1) * RW_BLOCKS) of the one
 * file "lkone": each round it reads past the others' blocks (while they
 * write them), rewrites its own, and reads them back. */
static void
bcache_one_file(int i)
{
    for (int r = 1; r <= RW_ROUNDS; r++) {
        int fd = open("lkone", O_RDWR);
        CHECK(fd >= 0);
        for (int b = 0; b < i * RW_BLOCKS; b++)
            read_uniform_block(fd);
        memset(buf, stamp(i, r), BSIZE);
        for (int b = 0; b < RW_BLOCKS; b++)
            CHECK(write(fd, buf, BSIZE) == BSIZE);
        CHECK(close(fd) == 0);
        fd = open("lkone", O_RDONLY);
        CHECK(fd >= 0);
        for (int b = 0; b < NCHILD * RW_BLOCKS; b++) {
            char c = read_uniform_block(fd);
            if (b / RW_BLOCKS == i)
                CHECK(c == stamp(i, r));
        }
        CHECK(close(fd) == 0);
    }
}

/* Processes sharing one file, each writing its own part while the
 * others read it, always read the latest data: the cache never holds
 * two buffers for one block, and never recycles one in use. */
static void
lock_bcache_one_file(void)
{
    int fd = open("lkone", O_CREAT | O_TRUNC | O_WRONLY);

    CHECK(fd >= 0);
    for (int i = 0; i < NCHILD; i++) {
        memset(buf, stamp(i, 0), BSIZE);
        for (int b = 0; b < RW_BLOCKS; b++)
            CHECK(write(fd, buf, BSIZE) == BSIZE);
    }
    CHECK(close(fd) == 0);
    run_children(bcache_one_file);
    fd = open("lkone", O_RDONLY);
    CHECK(fd >= 0);
    for (int b = 0; b < NCHILD * RW_BLOCKS; b++)
        CHECK(read_uniform_block(fd) == stamp(b / RW_BLOCKS, RW_ROUNDS));
    CHECK(close(fd) == 0);
    CHECK(unlink("lkone") == 0);
}

static struct test lock_tests[] = {
    {"lock_kalloc_scales", lock_kalloc_scales, SLOW},
    {"lock_bcache_scales", lock_bcache_scales, SLOW},
    {"lock_kalloc_count_exact", lock_kalloc_count_exact, QUICK},
    {"lock_kalloc_steal", lock_kalloc_steal, SLOW},
    {"lock_bcache_rw_many", lock_bcache_rw_many, QUICK},
    {"lock_bcache_one_file", lock_bcache_one_file, QUICK},
};

struct suite lock_suite = SUITE("lock", lock_tests);
