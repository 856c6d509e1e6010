/*
 * locktest: the lock suite: a page allocator and a buffer cache that
 * scale (kernel/kalloc.c, kernel/bio.c; labs/lock.md).
 *
 * Overview    Two tests measure lock contention with lockstat() while
 *             processes on every hart allocate and free pages (sbrk,
 *             fork) or look names up in directories of their own; the
 *             others check that the allocator and the cache stay
 *             correct under load: the free-page count is exact
 *             afterwards, one process can still get nearly all of
 *             memory (pages on other harts' free lists are stolen), and
 *             concurrent readers and writers of many more blocks than
 *             there are buffers read back what was written.
 * Design      Contention is judged as a ratio: the contended
 *             acquisitions of the allocator's locks ("kmem") or of the
 *             buffer cache's locks (every name starting "bcache") over
 *             their acquisitions in the median of TRIES runs of the
 *             stress (one run in which a hart of the host stalled at the
 *             wrong moment cannot fail a solution).
 *             A lookup of a missing name reads the directory's block
 *             once per entry, so the scanners use the cache densely;
 *             their directories are made one after the other, so their
 *             blocks are adjacent and fall in different buckets of any
 *             modulo hash.  One lock for all harts is contended on tens
 *             to hundreds of every 100000 acquisitions (fewer on a
 *             loaded host, where the harts often take turns: hence
 *             several runs); per-hart lists and buckets on 0 to 3.  The
 *             stress children start together (they wait on a pipe).  On
 *             one hart nothing is ever contended and these tests pass
 *             trivially.
 * Interfaces  lock_suite, run by tests/usertests.c.
 */
#include "tests/testlib.h"

#define PGSIZE 4096       /* kernel/riscv.h */
#define BSIZE 1024        /* kernel/fs.h */
#define NCHILD 4          /* stress processes: all harts at CPUS=3 */
#define MAXROWS 128       /* lockstat rows asked for */
#define TRIES 8           /* stress runs per contention test */
#define KMEM_MAX_CON 50   /* contended per 100000 kmem acquisitions */
#define BCACHE_MAX_CON 50 /* contended per 100000 bcache acquisitions */
#define HEAP_PAGES 32     /* pages each sbrk round grows and shrinks */
#define KALLOC_ROUNDS 500 /* sbrk rounds per child */
#define FORK_EVERY 8      /* a fork and exit every that many rounds */
#define READ_BLOCKS 3     /* blocks of the shared file the writers read */
#define CHUNK 16          /* bytes per read() in some read-backs */
#define ENTRIES 60        /* entries in each scanner's directory */
#define LOOKUPS 200       /* lookups of a missing name per scanner */
#define RW_BLOCKS 24      /* blocks in each writer's file */
#define RW_ROUNDS 3       /* rewrite-and-check rounds per writer */
#define CREATE_FILES 40   /* files each creator makes per round */
#define CREATE_ROUNDS 3   /* rounds of the creators */
#define STEAL_CHUNK 16    /* pages per sbrk when eating memory */
#define STEAL_MIN_PCT 90  /* share of free pages one process must get */

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

/* Run fn in the stress children TRIES times and judge the locks named
 * what (or starting with what, if prefix): in every run they must have
 * been taken at least min_acq times (so these are the locks that do the
 * work), and in the median run contended on at most max_con of every
 * 100000 acquisitions.  On a loaded host the harts sometimes take turns
 * instead of running at once (then even one lock for all is seldom
 * contended), and sometimes one stalls holding a lock (then even a
 * bucket lock is): the median of several runs is neither. */
static void
measure(const char *what, int prefix, void (*fn)(int), unsigned long min_acq,
        unsigned long max_con)
{
    unsigned long acq[TRIES], con[TRIES];

    for (int try = 0; try < TRIES; try++) {
        struct counts t0 = lock_counts(what, prefix);
        run_children(fn);
        struct counts t1 = lock_counts(what, prefix);
        acq[try] = t1.nacquire - t0.nacquire;
        con[try] = t1.ncontend - t0.ncontend;
        printf("%s: %lu acquisitions, %lu contended\n", what, acq[try],
               con[try]);
        CHECK(acq[try] >= min_acq);
    }
    /* Sort the runs by contended share (insertion sort, cross-multiplied
     * so no division rounds), then judge the middle one. */
    for (int i = 1; i < TRIES; i++)
        for (int j = i; j > 0 && con[j] * acq[j - 1] < con[j - 1] * acq[j];
             j--) {
            unsigned long a = acq[j], c = con[j];
            acq[j] = acq[j - 1], con[j] = con[j - 1];
            acq[j - 1] = a, con[j - 1] = c;
        }
    int m = TRIES / 2;
    printf("%s: median run %lu acquisitions, %lu contended (at most %lu "
           "allowed)\n",
           what, acq[m], con[m], acq[m] * max_con / 100000);
    CHECK(con[m] * 100000 <= acq[m] * max_con);
}

/* Grow and shrink the heap, touching each page, and fork now and then:
 * every page comes from kalloc and goes back through kfree. */
static void
kalloc_churn(int i)
{
    for (int r = 0; r < KALLOC_ROUNDS; r++) {
        char *p = sbrk(HEAP_PAGES * PGSIZE);
        CHECK(p != (char *)-1);
        for (int k = 0; k < HEAP_PAGES; k++) {
            p[k * PGSIZE] = (char)(i + r);
        }
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
    measure("kmem", 0, kalloc_churn,
            (unsigned long)NCHILD * KALLOC_ROUNDS * HEAP_PAGES, KMEM_MAX_CON);
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

/* The path of entry k of child i's directory. */
static void
entry_name(char *name, int i, int k)
{
    snprintf(name, 24, "lkd%d/e%d", i, k);
}

/* Look a missing name up in one's own directory over and over: each
 * lookup reads the directory's one block once per entry. */
static void
bcache_scanner(int i)
{
    char dir[16];
    struct stat st;

    file_name(dir, "lkd", i);
    CHECK(chdir(dir) == 0);
    for (int n = 0; n < LOOKUPS; n++) {
        CHECK_ERR(stat("nosuch", &st) == -1, ENOENT);
    }
}

/* Make (or, if undo, remove) a directory per child holding ENTRIES
 * links to one file. */
static void
scan_dirs(int undo)
{
    char name[24];

    if (!undo) {
        write_file("lkfile", 0, 0, 1);
        for (int i = 0; i < NCHILD; i++) { /* their blocks adjacent */
            file_name(name, "lkd", i);
            CHECK(mkdir(name) == 0);
        }
    }
    for (int i = 0; i < NCHILD; i++) {
        for (int k = 0; k < ENTRIES; k++) {
            entry_name(name, i, k);
            CHECK(undo ? unlink(name) == 0 : link("lkfile", name) == 0);
        }
        file_name(name, "lkd", i);
        CHECK(!undo || unlink(name) == 0);
    }
    CHECK(!undo || unlink("lkfile") == 0);
}

static void
lock_bcache_scales(void)
{
    scan_dirs(0);
    measure("bcache", 1, bcache_scanner,
            (unsigned long)NCHILD * LOOKUPS * ENTRIES, BCACHE_MAX_CON);
    scan_dirs(1);
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
 * to fd.  The pages this child writes are made its own first (errno,
 * which the failing sbrk sets, may share a page with the parent
 * copy-on-write): with no page left, that copy would kill it. */
static void
eat_memory(int fd)
{
    long got = 0;

    errno = 0;
    while (sbrk(STEAL_CHUNK * PGSIZE) != (char *)-1)
        got += STEAL_CHUNK;
    if (got > 0)
        sbrk(-STEAL_CHUNK * PGSIZE); /* room for what is left to do */
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

/* Create CREATE_FILES files of one block each, check each one's
 * contents and size, remove them. */
static void
bcache_creator(int i)
{
    char name[16];
    struct stat st;

    for (int k = 0; k < CREATE_FILES; k++) {
        snprintf(name, sizeof(name), "lkc%d_%d", i, k);
        write_file(name, i * CREATE_FILES + k, 0, 1);
    }
    for (int k = 0; k < CREATE_FILES; k++) {
        snprintf(name, sizeof(name), "lkc%d_%d", i, k);
        CHECK(stat(name, &st) == 0);
        CHECK(st.type == T_FILE && st.size == BSIZE && st.nlink == 1);
        check_file(name, i * CREATE_FILES + k, 0, 1, BSIZE);
        CHECK(unlink(name) == 0);
    }
}

/* Processes creating files at once share inode and bitmap blocks (each
 * holds many inodes or block bits) while their data pushes those
 * blocks out of the cache: two buffers for one such block would give
 * two files one inode or one data block. */
static void
lock_bcache_create_many(void)
{
    for (int round = 0; round < CREATE_ROUNDS; round++)
        run_children(bcache_creator);
}

static struct test lock_tests[] = {
    {"lock_kalloc_scales", lock_kalloc_scales, SLOW},
    {"lock_bcache_scales", lock_bcache_scales, SLOW},
    {"lock_kalloc_count_exact", lock_kalloc_count_exact, QUICK},
    {"lock_kalloc_steal", lock_kalloc_steal, SLOW},
    {"lock_bcache_rw_many", lock_bcache_rw_many, QUICK},
    {"lock_bcache_one_file", lock_bcache_one_file, QUICK},
    {"lock_bcache_create_many", lock_bcache_create_many, QUICK},
};

struct suite lock_suite = SUITE("lock", lock_tests);
