/*
 * The mmap suite: memory-mapped files (kernel/mmap.c).
 *
 * Each test makes its own file under /, maps it, checks what memory and
 * the file say, and removes it.  Contents are a pattern that tells each
 * byte's offset, so a page loaded from the wrong place shows.  Pages
 * and blocks are counted with sysinfo: a mapping must cost nothing
 * until touched, and give everything back when unmapped.
 */
#include "tests/testlib.h"

#define PG 4096

/* The byte at file offset i of a pattern file. */
static char
pat(int i)
{
    return 'a' + (i / PG + i % 251) % 26;
}

/* Make path holding n pattern bytes; returns nothing, fails the test. */
static void
make_pattern(const char *path, int n)
{
    static char chunk[PG];
    int fd = open(path, O_CREAT | O_TRUNC | O_RDWR);
    CHECK(fd >= 0);
    for (int off = 0; off < n; off += PG) {
        int m = n - off < PG ? n - off : PG;
        for (int i = 0; i < m; i++)
            chunk[i] = pat(off + i);
        CHECK(write(fd, chunk, m) == m);
    }
    CHECK(close(fd) == 0);
}

/* Read n bytes at off of path into buf (the file system's view). */
static void
read_at(const char *path, int off, char *buf, int n)
{
    int fd = open(path, O_RDONLY);
    CHECK(fd >= 0);
    CHECK(lseek(fd, off, SEEK_SET) == off);
    CHECK(read(fd, buf, n) == n);
    close(fd);
}

static long
file_size(const char *path)
{
    struct stat st;
    CHECK(stat(path, &st) == 0);
    return st.size;
}

static int
check_pattern(const char *p, int off, int n)
{
    for (int i = 0; i < n; i++)
        if (p[i] != pat(off + i))
            return 0;
    return 1;
}

/* Run fn in a child and return its wait status. */
static int
in_child(void (*fn)(char *), char *arg)
{
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        fn(arg);
        exit(0);
    }
    return test_wait_status(pid);
}

/* A private read-only mapping of 2.5 pages: the contents, zeros after
 * the end of the file, and nothing written. */
static void
mmap_private_read(void)
{
    int n = 2 * PG + PG / 2;
    make_pattern("/mmr", n);
    int fd = open("/mmr", O_RDONLY);
    CHECK(fd >= 0);
    char *p = mmap(0, n, PROT_READ, MAP_PRIVATE, fd, 0);
    CHECK(p != MAP_FAILED);
    CHECK((unsigned long)p % PG == 0);
    CHECK(check_pattern(p, 0, n));
    for (int i = n; i < 3 * PG; i++)
        CHECK(p[i] == 0);
    /* a second mapping from an offset */
    char *q = mmap(0, PG, PROT_READ, MAP_PRIVATE, fd, PG);
    CHECK(q != MAP_FAILED && q != p);
    CHECK(check_pattern(q, PG, PG));
    CHECK(munmap(p, n) == 0 && munmap(q, PG) == 0);
    close(fd);
    CHECK(file_size("/mmr") == n);
    CHECK(unlink("/mmr") == 0);
}

/* MAP_SHARED writes reach the file at munmap; the file does not grow
 * although the last page is written past its end. */
static void
mmap_shared_write(void)
{
    int n = 2 * PG + 100;
    make_pattern("/mms", n);
    int fd = open("/mms", O_RDWR);
    CHECK(fd >= 0);
    char *p = mmap(0, n, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(p != MAP_FAILED);
    CHECK(close(fd) == 0);             /* the mapping keeps the file */
    CHECK(p[PG + 21] == pat(PG + 21)); /* loaded by a read, then written */
    p[10] = 'X';
    p[PG + 20] = 'Y';
    p[2 * PG + 99] = 'Z';
    p[2 * PG + 100] = 'W'; /* past the end: never written back */
    CHECK(check_pattern(p, 0, 10));
    CHECK(munmap(p, n) == 0);
    char buf[3];
    read_at("/mms", 10, buf, 1);
    read_at("/mms", PG + 20, buf + 1, 1);
    read_at("/mms", 2 * PG + 99, buf + 2, 1);
    CHECK(buf[0] == 'X' && buf[1] == 'Y' && buf[2] == 'Z');
    CHECK(file_size("/mms") == n);
    CHECK(unlink("/mms") == 0);
}

static void
write_shared_and_exit(char *path)
{
    int fd = open(path, O_RDWR);
    char *p = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED)
        exit(1);
    close(fd);
    p[5] = '!';
    p[PG + 5] = '?';
    exit(0); /* no munmap: exit writes back */
}

static void
write_shared_and_exec(char *path)
{
    int fd = open(path, O_RDWR);
    char *p = mmap(0, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED)
        exit(1);
    close(fd);
    p[9] = '#';
    char *argv[] = {"echo", "mmap_shared_exit: exec", 0};
    exec("/echo", argv); /* the new image has no mapping: written back */
    exit(1);
}

/* A process that ends (or execs) without munmap still writes its shared
 * pages. */
static void
mmap_shared_exit(void)
{
    make_pattern("/mme", 2 * PG);
    CHECK(in_child(write_shared_and_exit, "/mme") == 0);
    char buf[3];
    read_at("/mme", 5, buf, 1);
    read_at("/mme", PG + 5, buf + 1, 1);
    CHECK(buf[0] == '!' && buf[1] == '?');
    CHECK(in_child(write_shared_and_exec, "/mme") == 0);
    read_at("/mme", 9, buf + 2, 1);
    CHECK(buf[2] == '#');
    CHECK(unlink("/mme") == 0);
}

/* MAP_PRIVATE writes stay in the process, even on a read-only file. */
static void
mmap_private_write(void)
{
    make_pattern("/mmp", PG);
    int fd = open("/mmp", O_RDONLY);
    CHECK(fd >= 0);
    char *p = mmap(0, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK(p != MAP_FAILED);
    for (int i = 0; i < PG; i++)
        p[i] = 'P';
    char *q = mmap(0, PG, PROT_READ, MAP_SHARED, fd, 0);
    CHECK(q != MAP_FAILED);
    CHECK(check_pattern(q, 0, PG)); /* another mapping: the file's bytes */
    CHECK(p[PG - 1] == 'P');
    CHECK(munmap(p, PG) == 0 && munmap(q, PG) == 0);
    close(fd);
    char buf[PG];
    read_at("/mmp", 0, buf, PG);
    CHECK(check_pattern(buf, 0, PG));
    CHECK(unlink("/mmp") == 0);
}

/* Mapping 48 pages costs no page; touching two costs about two; munmap
 * gives them back. */
static void
mmap_lazy(void)
{
    int n = 48 * PG;
    make_pattern("/mml", n);
    int fd = open("/mml", O_RDONLY);
    CHECK(fd >= 0);
    struct sysinfo a, b, c, d;
    test_snapshot(&a);
    char *p = mmap(0, n, PROT_READ, MAP_PRIVATE, fd, 0);
    CHECK(p != MAP_FAILED);
    test_snapshot(&b);
    CHECK(a.freepages - b.freepages <= 1);
    CHECK(p[0] == pat(0) && p[30 * PG + 7] == pat(30 * PG + 7));
    test_snapshot(&c);
    CHECK(b.freepages - c.freepages >= 2); /* the pages were loaded now */
    CHECK(b.freepages - c.freepages <= 5); /* two pages and their tables */
    CHECK(munmap(p, n) == 0);
    test_snapshot(&d);
    CHECK(d.freepages + 3 >= a.freepages); /* tables may stay */
    close(fd);
    CHECK(unlink("/mml") == 0);
}

static char *fork_sh, *fork_pv;

static void
fork_child(char *unused)
{
    /* the parent's writes, through both kinds of mapping */
    if (fork_sh[1] != 'S' || fork_pv[1] != 'V' || fork_sh[PG] != pat(PG))
        exit(2);
    fork_pv[2] = 'c'; /* private: the parent must not see it */
    fork_sh[2] = 'C'; /* shared: reaches the file at exit */
    exit(0);
}

/* fork: the child sees the parent's writes to both kinds of mapping;
 * its private writes stay its own, its shared ones reach the file. */
static void
mmap_fork(void)
{
    make_pattern("/mmf", 2 * PG);
    int fd = open("/mmf", O_RDWR);
    CHECK(fd >= 0);
    fork_sh = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    fork_pv = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK(fork_sh != MAP_FAILED && fork_pv != MAP_FAILED);
    close(fd);
    fork_sh[1] = 'S';
    fork_pv[1] = 'V';
    CHECK(in_child(fork_child, 0) == 0);
    CHECK(fork_pv[2] == pat(2)); /* the child's private write */
    char buf[3];
    read_at("/mmf", 0, buf, 3);
    CHECK(buf[1] == 'S' && buf[2] == 'C');
    CHECK(munmap(fork_pv, 2 * PG) == 0);
    CHECK(munmap(fork_sh, 2 * PG) == 0);
    read_at("/mmf", 0, buf, 3); /* the parent's clean page: not written */
    CHECK(buf[1] == 'S' && buf[2] == 'C');
    CHECK(unlink("/mmf") == 0);
}

static void
store_to(char *p)
{
    *(volatile char *)p = 1;
}

static void
load_from(char *p)
{
    if (*(volatile char *)p == 0x7f)
        exit(3);
}

/* The error codes, and a store to a read-only mapping kills. */
static void
mmap_errors(void)
{
    make_pattern("/mmx", PG);
    int ro = open("/mmx", O_RDONLY), rw = open("/mmx", O_RDWR);
    int wo = open("/mmx", O_WRONLY);
    CHECK(ro >= 0 && rw >= 0 && wo >= 0);
    CHECK_ERR(mmap(0, 0, PROT_READ, MAP_SHARED, ro, 0) == MAP_FAILED, EINVAL);
    CHECK_ERR(mmap(0, PG, PROT_READ, MAP_SHARED, ro, 100) == MAP_FAILED,
              EINVAL);
    CHECK_ERR(mmap(0, PG, PROT_READ, 0, ro, 0) == MAP_FAILED, EINVAL);
    CHECK_ERR(mmap(0, PG, PROT_READ, MAP_SHARED | MAP_PRIVATE, ro, 0) ==
                  MAP_FAILED,
              EINVAL);
    CHECK_ERR(mmap((void *)0x30000010, PG, PROT_READ, MAP_SHARED | MAP_FIXED,
                   ro, 0) == MAP_FAILED,
              EINVAL);
    CHECK_ERR(mmap(0, PG, PROT_READ, MAP_SHARED, 99, 0) == MAP_FAILED, EBADF);
    CHECK_ERR(mmap(0, PG, PROT_READ, MAP_SHARED, NOFILE - 1, 0) == MAP_FAILED,
              EBADF);
    CHECK_ERR(mmap(0, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) ==
                  MAP_FAILED,
              EACCES);
    CHECK_ERR(mmap(0, PG, PROT_READ, MAP_SHARED, wo, 0) == MAP_FAILED, EACCES);
    int fds[2];
    CHECK(pipe(fds) == 0);
    CHECK_ERR(mmap(0, PG, PROT_READ, MAP_PRIVATE, fds[0], 0) == MAP_FAILED,
              ENODEV);
    close(fds[0]);
    close(fds[1]);
    /* a hint is a hint; MAP_FIXED is the address */
    char *h =
        mmap((void *)0x30400000, PG, PROT_READ, MAP_SHARED | MAP_FIXED, ro, 0);
    CHECK(h == (char *)0x30400000);
    CHECK_ERR(mmap(h, PG, PROT_READ, MAP_SHARED | MAP_FIXED, ro, 0) ==
                  MAP_FAILED,
              EINVAL); /* over another mapping */
    char *h2 = mmap(h, PG, PROT_READ, MAP_SHARED, ro, 0);
    CHECK(h2 != MAP_FAILED && h2 != h);
    CHECK(h[0] == pat(0) && h2[1] == pat(1));
    CHECK(in_child(store_to, h) != 0); /* PROT_READ: the store kills */
    CHECK(munmap(h2, PG) == 0 && munmap(h, PG) == 0);
    CHECK(in_child(load_from, h) != 0); /* unmapped: the load kills */
    /* NMMAP mappings, then ENOMEM */
    char *m[NMMAP];
    for (int i = 0; i < NMMAP; i++) {
        m[i] = mmap(0, PG, PROT_READ, MAP_PRIVATE, rw, 0);
        CHECK(m[i] != MAP_FAILED);
    }
    CHECK_ERR(mmap(0, PG, PROT_READ, MAP_PRIVATE, rw, 0) == MAP_FAILED, ENOMEM);
    CHECK(m[NMMAP - 1][0] == pat(0));
    for (int i = 0; i < NMMAP; i++)
        CHECK(munmap(m[i], PG) == 0);
    CHECK_ERR(munmap(m[0], PG) == -1, EINVAL); /* no mapping there */
    close(ro);
    close(rw);
    close(wo);
    CHECK(unlink("/mmx") == 0);
}

/* munmap of the first or last pages of a mapping keeps the rest (and
 * writes back what goes); a hole in the middle is EINVAL. */
static void
mmap_munmap_partial(void)
{
    make_pattern("/mmu", 4 * PG);
    int fd = open("/mmu", O_RDWR);
    CHECK(fd >= 0);
    char *p = mmap(0, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(p != MAP_FAILED);
    close(fd);
    for (int i = 0; i < 4; i++)
        p[i * PG] = '0' + i;
    CHECK_ERR(munmap(p + PG, PG) == -1, EINVAL); /* the middle */
    CHECK_ERR(munmap(p + 1, PG) == -1, EINVAL);  /* not aligned */
    CHECK_ERR(munmap(p, 0) == -1, EINVAL);
    CHECK_ERR(munmap(p, 5 * PG) == -1, EINVAL); /* past the end */
    CHECK(munmap(p, PG) == 0);                  /* the start */
    char c;
    read_at("/mmu", 0, &c, 1);
    CHECK(c == '0');
    read_at("/mmu", PG, &c, 1);
    CHECK(c == pat(PG)); /* not unmapped yet: not written back yet */
    CHECK(in_child(load_from, p) != 0);
    CHECK(p[PG] == '1' && p[PG + 1] == pat(PG + 1));
    CHECK(munmap(p + 3 * PG, PG) == 0); /* the end */
    read_at("/mmu", 3 * PG, &c, 1);
    CHECK(c == '3');
    CHECK(in_child(load_from, p + 3 * PG) != 0);
    p[2 * PG + 1] = '+';
    CHECK(munmap(p + PG, 2 * PG) == 0); /* the rest */
    read_at("/mmu", 2 * PG, &c, 1);
    CHECK(c == '2');
    read_at("/mmu", 2 * PG + 1, &c, 1);
    CHECK(c == '+');
    /* the rest of a mapping whose start went maps the same file bytes */
    fd = open("/mmu", O_RDONLY);
    CHECK(fd >= 0);
    p = mmap(0, 4 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
    CHECK(p != MAP_FAILED);
    close(fd);
    CHECK(munmap(p, 2 * PG) == 0);
    CHECK(p[2 * PG] == '2' && p[2 * PG + 1] == '+');
    CHECK(p[3 * PG] == '3' && check_pattern(p + 3 * PG + 1, 3 * PG + 1, 99));
    CHECK(munmap(p + 2 * PG, 2 * PG) == 0);
    CHECK(unlink("/mmu") == 0);
}

/* read() into and write() from mapped pages never touched yet. */
static void
mmap_syscall_buffers(void)
{
    make_pattern("/mmb", 2 * PG);
    make_pattern("/mmb2", 2 * PG);
    int fd = open("/mmb", O_RDWR), fd2 = open("/mmb2", O_RDWR);
    CHECK(fd >= 0 && fd2 >= 0);
    char *p = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(p != MAP_FAILED);
    static char buf[2 * PG];
    memset(buf, 'q', sizeof(buf));
    CHECK(write(fd2, p, 2 * PG) == 2 * PG); /* from untouched pages */
    CHECK(lseek(fd2, 0, SEEK_SET) == 0);
    CHECK(read(fd2, buf, 2 * PG) == 2 * PG);
    CHECK(check_pattern(buf, 0, 2 * PG));
    int in = open("/mmb2", O_RDONLY);
    memset(buf, 'r', PG);
    int w = open("/mmb2", O_WRONLY);
    CHECK(write(w, buf, PG) == PG);
    close(w);
    CHECK(read(in, p + PG, PG) == PG); /* into a shared page: dirty */
    close(in);
    CHECK(munmap(p, 2 * PG) == 0);
    char c;
    read_at("/mmb", PG + 17, &c, 1);
    CHECK(c == 'r');
    close(fd);
    close(fd2);
    CHECK(unlink("/mmb") == 0 && unlink("/mmb2") == 0);
}

/* A mapped file outlives its descriptor and its name: its blocks come
 * back only at munmap (the mapping holds the file, and so the inode),
 * and so do the pages. */
static void
mmap_file_refs(void)
{
    struct sysinfo a, b, c;
    test_snapshot(&a);
    make_pattern("/mmk", 20 * PG);
    int fd = open("/mmk", O_RDWR);
    CHECK(fd >= 0);
    char *p = mmap(0, 20 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(p != MAP_FAILED);
    CHECK(close(fd) == 0 && unlink("/mmk") == 0);
    test_snapshot(&b);
    CHECK(b.freeblocks + 20 <= a.freeblocks); /* still held */
    for (int i = 0; i < 20; i++)
        p[i * PG] = 'k';
    CHECK(check_pattern(p + 1, 1, 10) && p[19 * PG] == 'k');
    CHECK(munmap(p, 20 * PG) == 0);
    test_snapshot(&c);
    CHECK(c.freeblocks == a.freeblocks); /* the last reference went */
    CHECK(c.freepages + 3 >= a.freepages);
}

static struct test mmap_tests[] = {
    {"mmap_private_read", mmap_private_read, QUICK},
    {"mmap_shared_write", mmap_shared_write, QUICK},
    {"mmap_shared_exit", mmap_shared_exit, QUICK},
    {"mmap_private_write", mmap_private_write, QUICK},
    {"mmap_lazy", mmap_lazy, QUICK},
    {"mmap_fork", mmap_fork, QUICK},
    {"mmap_errors", mmap_errors, QUICK},
    {"mmap_munmap_partial", mmap_munmap_partial, QUICK},
    {"mmap_syscall_buffers", mmap_syscall_buffers, QUICK},
    {"mmap_file_refs", mmap_file_refs, QUICK},
};
struct suite mmap_suite = SUITE("mmap", mmap_tests);
