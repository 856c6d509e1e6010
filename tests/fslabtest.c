/*
 * The fs lab suite: files past the indirect block, and symbolic links.
 *
 * Big files are written with lseek at chosen blocks, each block stamped
 * with its own number, and read back whole, so a block mapped to the
 * wrong place, a hole that reads as something, or a table allocated
 * where none is needed shows up.  sysinfo's freeblocks counts the disk
 * blocks a file takes and gives back: an exact count catches a table
 * too many and a table never freed.
 */
#include "tests/testlib.h"
#include "kernel/fs.h"

#define NIND ((long)NINDIRECT)        /* entries in a table */
#define IND_FIRST ((long)NDIRECT)     /* first block via the indirect */
#define DIND_FIRST (IND_FIRST + NIND) /* first via the doubly-indirect */

static char buf[BSIZE];
static char buf2[8 * BSIZE];

/* Free disk blocks now. */
static long
free_blocks(void)
{
    struct sysinfo si;

    test_snapshot(&si);
    return (long)si.freeblocks;
}

/* Fill buf with the stamp of file block b: its number, then a pattern. */
static void
stamp(char *p, long b)
{
    for (int i = 0; i < BSIZE; i++)
        p[i] = (char)(b * 7 + i / 3);
    memmove(p, &b, sizeof(b));
}

/* Write the stamp of block b at block b of fd. */
static void
put_block(int fd, long b)
{
    stamp(buf, b);
    CHECK(lseek(fd, b * BSIZE, SEEK_SET) == b * BSIZE);
    CHECK(write(fd, buf, BSIZE) == BSIZE);
}

/* Is block b one of the n in list? */
static int
listed(const long *list, int n, long b)
{
    for (int i = 0; i < n; i++)
        if (list[i] == b)
            return 1;
    return 0;
}

/* Read fd from the start to its end, nblocks blocks: a block in list
 * holds its stamp, any other reads as zeros. */
static void
check_contents(int fd, long nblocks, const long *list, int n)
{
    long b = 0;
    int r;

    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    while ((r = read(fd, buf2, sizeof(buf2))) > 0) {
        CHECK(r % BSIZE == 0);
        for (int k = 0; k < r / BSIZE; k++, b++) {
            char *p = buf2 + k * BSIZE;
            if (listed(list, n, b)) {
                stamp(buf, b);
                CHECK(memcmp(p, buf, BSIZE) == 0);
            } else {
                for (int i = 0; i < BSIZE; i++)
                    CHECK(p[i] == 0);
            }
        }
    }
    CHECK(r == 0 && b == nblocks);
}

/* Blocks on both sides of each table boundary, and far into the
 * doubly-indirect range: past 16 MiB. */
static const long sparse_blocks[] = {
    0,
    10,
    IND_FIRST,
    DIND_FIRST - 1,
    DIND_FIRST,
    DIND_FIRST + 1,
    DIND_FIRST + NIND - 1,
    DIND_FIRST + NIND,
    DIND_FIRST + NIND + 1,
    8000,
    16384,
    16390,
    20000,
};
#define NSPARSE ((int)(sizeof(sparse_blocks) / sizeof(sparse_blocks[0])))

/* The tables the sparse file needs: the indirect block, the
 * doubly-indirect block, and one of its indirect blocks per group of
 * NINDIRECT blocks that holds data. */
static int
sparse_tables(void)
{
    long groups[NSPARSE];
    int n = 0, tables = 1 + 1;

    for (int i = 0; i < NSPARSE; i++) {
        long b = sparse_blocks[i];
        if (b < DIND_FIRST)
            continue;
        long g = (b - DIND_FIRST) / NIND;
        if (!listed(groups, n, g)) {
            groups[n++] = g;
            tables++;
        }
    }
    return tables;
}

/* A file of more than 16 MiB, mostly holes: written out of order, read
 * back whole, and truncated; every block comes back. */
static void
fslab_bigfile_sparse(void)
{
    struct stat st;
    long last = 20000;
    int fd;

    unlink("/tbigs");
    fd = open("/tbigs", O_CREAT | O_RDWR);
    CHECK(fd >= 0);
    long before = free_blocks();
    for (int i = NSPARSE - 1; i >= 0; i--) /* the far end first */
        put_block(fd, sparse_blocks[i]);
    CHECK(fstat(fd, &st) == 0 && (long)st.size == (last + 1) * BSIZE);
    CHECK(st.size >= 16 * 1024 * 1024);
    long used = before - free_blocks();
    if (used != NSPARSE + sparse_tables())
        printf("sparse file: %ld blocks used, want %d data + %d tables\n", used,
               NSPARSE, sparse_tables());
    CHECK(used == NSPARSE + sparse_tables());
    check_contents(fd, last + 1, sparse_blocks, NSPARSE);
    CHECK(before - free_blocks() == used); /* reading allocates nothing */
    close(fd);
    fd = open("/tbigs", O_RDWR | O_TRUNC);
    CHECK(fd >= 0);
    CHECK(fstat(fd, &st) == 0 && st.size == 0);
    CHECK(free_blocks() == before);
    CHECK(read(fd, buf, BSIZE) == 0);
    close(fd);
    CHECK(unlink("/tbigs") == 0);
}

/* More than 1 MiB written front to back, read back, freed by unlink. */
static void
fslab_bigfile_dense(void)
{
    long n = 1100, b;
    int fd, r;

    unlink("/tbigd");
    fd = open("/tbigd", O_CREAT | O_RDWR);
    CHECK(fd >= 0);
    long before = free_blocks();
    for (b = 0; b < n; b++) {
        stamp(buf, b);
        CHECK(write(fd, buf, BSIZE) == BSIZE);
    }
    long tables = 2 + (n - DIND_FIRST + NIND - 1) / NIND;
    CHECK(before - free_blocks() == n + tables);
    close(fd);
    fd = open("/tbigd", O_RDONLY);
    CHECK(fd >= 0);
    for (b = 0; b < n; b++) {
        stamp(buf, b);
        CHECK((r = read(fd, buf2, BSIZE)) == BSIZE);
        CHECK(memcmp(buf, buf2, BSIZE) == 0);
    }
    CHECK(read(fd, buf2, 1) == 0);
    close(fd);
    CHECK(unlink("/tbigd") == 0);
    CHECK(free_blocks() == before);
}

/* The last byte a file can hold, and EFBIG one past it. */
static void
fslab_bigfile_max_efbig(void)
{
    struct stat st;
    long max = (long)MAXFILE * BSIZE;
    int fd;

    unlink("/tbigm");
    fd = open("/tbigm", O_CREAT | O_RDWR);
    CHECK(fd >= 0);
    long before = free_blocks();
    CHECK(lseek(fd, max - 10, SEEK_SET) == max - 10);
    CHECK(write(fd, "0123456789abcdef", 16) == 10);
    CHECK_ERR(write(fd, "x", 1) == -1, EFBIG);
    CHECK(fstat(fd, &st) == 0 && st.size == (unsigned long)max);
    CHECK(lseek(fd, -10, SEEK_END) == max - 10);
    CHECK(read(fd, buf, 16) == 10 && memcmp(buf, "0123456789", 10) == 0);
    CHECK(before - free_blocks() == 1 + 2); /* data, top, its indirect */
    close(fd);
    CHECK(unlink("/tbigm") == 0);
    CHECK(free_blocks() == before);
}

/* Child k of fslab_bigfile_parallel: its own file through the
 * doubly-indirect range, every block stamped with k too.  Exit 0 if
 * all of it reads back. */
static void
parallel_writer(int k)
{
    static char mine[BSIZE], got[BSIZE];
    char name[16];
    int fd;

    snprintf(name, sizeof(name), "/tbigp%d", k);
    unlink(name);
    if ((fd = open(name, O_CREAT | O_RDWR)) < 0)
        exit(2);
    for (long b = 0; b < DIND_FIRST + 300; b++) {
        stamp(mine, b * 10 + k);
        if (write(fd, mine, BSIZE) != BSIZE)
            exit(3);
    }
    if (lseek(fd, 0, SEEK_SET) != 0)
        exit(4);
    for (long b = 0; b < DIND_FIRST + 300; b++) {
        stamp(mine, b * 10 + k);
        if (read(fd, got, BSIZE) != BSIZE || memcmp(mine, got, BSIZE) != 0)
            exit(5);
    }
    close(fd);
    exit(unlink(name) == 0 ? 0 : 6);
}

/* Three files grown past the indirect block at once, on every hart:
 * no block shared, none lost. */
static void
fslab_bigfile_parallel(void)
{
    int pids[3];
    long before = free_blocks();

    for (int k = 0; k < 3; k++) {
        pids[k] = fork();
        CHECK(pids[k] >= 0);
        if (pids[k] == 0)
            parallel_writer(k);
    }
    for (int k = 0; k < 3; k++)
        CHECK(test_wait_status(pids[k]) == 0);
    CHECK(free_blocks() == before);
}

/* ---------------------------------------------------------------- */
/* Symbolic links                                                    */
/* ---------------------------------------------------------------- */

/* Make path a file holding text. */
static void
make_file(const char *path, const char *text)
{
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC);
    CHECK(fd >= 0);
    CHECK(write(fd, text, strlen(text)) == (int)strlen(text));
    close(fd);
}

/* Read what path (followed) holds into buf2, NUL-terminated.  Returns
 * the length, or -1 with errno when the open fails. */
static int
slurp(const char *path)
{
    int fd = open(path, O_RDONLY), n;

    if (fd < 0)
        return -1;
    n = read(fd, buf2, sizeof(buf2) - 1);
    close(fd);
    CHECK(n >= 0);
    buf2[n] = 0;
    return n;
}

/* The link itself, without following: type, size and target. */
static void
fslab_symlink_nofollow(void)
{
    struct stat st;
    char target[64];
    int fd;

    unlink("/tsn");
    CHECK(symlink("/no/such/file", "/tsn") == 0);
    fd = open("/tsn", O_RDONLY | O_NOFOLLOW);
    CHECK(fd >= 0);
    CHECK(fstat(fd, &st) == 0 && st.type == T_SYMLINK);
    CHECK(st.size == strlen("/no/such/file") && st.nlink == 1);
    CHECK(read(fd, target, sizeof(target)) == (int)strlen("/no/such/file"));
    CHECK(memcmp(target, "/no/such/file", st.size) == 0);
    close(fd);
    CHECK(lstat("/tsn", &st) == 0 && st.type == T_SYMLINK);
    CHECK(readlink("/tsn", target, 5) == 5 && memcmp(target, "/no/s", 5) == 0);
    CHECK_ERR(open("/tsn", O_RDWR | O_NOFOLLOW) == -1, ELOOP);
    CHECK_ERR(open("/tsn", O_RDONLY | O_TRUNC | O_NOFOLLOW) == -1, ELOOP);
    CHECK_ERR(readlink("/README.md", target, 5) == -1, EINVAL);
    CHECK_ERR(symlink("/README.md", "/tsn") == -1, EEXIST);
    CHECK_ERR(symlink("", "/tsn2") == -1, ENOENT);
    CHECK_ERR(symlink("/README.md", "/nodir/x") == -1, ENOENT);
    CHECK_ERR(symlink((char *)0x3fffffff00UL, "/tsn2") == -1, EFAULT);
    CHECK_ERR(symlink("/README.md", (char *)0x3fffffff00UL) == -1, EFAULT);
    CHECK(unlink("/tsn") == 0);
    CHECK_ERR(lstat("/tsn", &st) == -1, ENOENT);
}

/* open follows a link to a file: reads, writes, fstat see the file. */
static void
fslab_symlink_follow(void)
{
    struct stat sf, sl;
    int fd;

    unlink("/tsf");
    unlink("/tsl");
    make_file("/tsf", "hello");
    CHECK(symlink("/tsf", "/tsl") == 0);
    CHECK(slurp("/tsl") == 5 && strcmp(buf2, "hello") == 0);
    CHECK(stat("/tsf", &sf) == 0 && stat("/tsl", &sl) == 0);
    CHECK(sl.type == T_FILE && sl.ino == sf.ino && sl.size == 5);
    fd = open("/tsl", O_RDWR | O_TRUNC);
    CHECK(fd >= 0);
    CHECK(write(fd, "bye", 3) == 3);
    close(fd);
    CHECK(slurp("/tsf") == 3 && strcmp(buf2, "bye") == 0);
    fd = open("/tsl", O_CREAT | O_RDWR); /* O_CREAT through a link */
    CHECK(fd >= 0 && fstat(fd, &sl) == 0 && sl.ino == sf.ino);
    close(fd);
    CHECK_ERR(open("/tsl", O_CREAT | O_EXCL | O_RDWR) == -1, EEXIST);
    /* A hard link to a link links the link. */
    CHECK(link("/tsl", "/tsl2") == 0);
    CHECK(lstat("/tsl2", &sl) == 0 && sl.type == T_SYMLINK && sl.nlink == 2);
    CHECK(unlink("/tsl2") == 0);
    /* Removing the link leaves the file; removing the file leaves the
     * link dangling. */
    CHECK(unlink("/tsl") == 0);
    CHECK(stat("/tsf", &sf) == 0 && sf.nlink == 1);
    CHECK(symlink("/tsf", "/tsl") == 0);
    CHECK(unlink("/tsf") == 0);
    CHECK_ERR(open("/tsl", O_RDONLY) == -1, ENOENT);
    CHECK(unlink("/tsl") == 0);
}

/* Links to links: a chain of MAXSYMLINKS is followed, one more is
 * ELOOP; so is a loop, and a link to itself. */
static void
fslab_symlink_chain(void)
{
    char name[16], target[16];
    int i;

    make_file("/tsc", "end");
    /* /tsc0 -> /tsc1 -> ... -> /tsc10 -> /tsc: eleven links */
    for (i = 0; i <= MAXSYMLINKS; i++) {
        snprintf(name, sizeof(name), "/tsc%d", i);
        if (i == MAXSYMLINKS)
            strcpy(target, "/tsc");
        else
            snprintf(target, sizeof(target), "tsc%d", i + 1); /* relative */
        unlink(name);
        CHECK(symlink(target, name) == 0);
    }
    CHECK(slurp("/tsc1") == 3 && strcmp(buf2, "end") == 0); /* ten */
    CHECK(slurp("/tsc10") == 3);                            /* one */
    CHECK_ERR(open("/tsc0", O_RDONLY) == -1, ELOOP);        /* eleven */
    CHECK_ERR(chdir("/tsc0") == -1, ELOOP);
    for (i = 0; i <= MAXSYMLINKS; i++) {
        snprintf(name, sizeof(name), "/tsc%d", i);
        CHECK(unlink(name) == 0);
    }
    CHECK(unlink("/tsc") == 0);
}

static void
fslab_symlink_loop(void)
{
    struct stat st;

    unlink("/tsa");
    unlink("/tsb");
    unlink("/tss");
    CHECK(symlink("/tsb", "/tsa") == 0);
    CHECK(symlink("tsa", "/tsb") == 0);
    CHECK(symlink("/tss", "/tss") == 0);
    CHECK_ERR(open("/tsa", O_RDONLY) == -1, ELOOP);
    CHECK_ERR(open("/tsb", O_CREAT | O_RDWR) == -1, ELOOP);
    CHECK_ERR(open("/tss", O_RDONLY) == -1, ELOOP);
    CHECK_ERR(open("/tss/x", O_RDONLY) == -1, ELOOP);
    CHECK_ERR(stat("/tsa", &st) == -1, ELOOP);
    CHECK(lstat("/tsa", &st) == 0 && st.type == T_SYMLINK);
    CHECK(unlink("/tsa") == 0 && unlink("/tsb") == 0 && unlink("/tss") == 0);
}

/* A link to nothing is ENOENT; it works once the target exists. */
static void
fslab_symlink_dangling(void)
{
    unlink("/tsd");
    unlink("/tsdt");
    CHECK(symlink("/tsdt", "/tsd") == 0);
    CHECK_ERR(open("/tsd", O_RDONLY) == -1, ENOENT);
    CHECK_ERR(open("/tsd", O_CREAT | O_RDWR) == -1, ENOENT);
    CHECK_ERR(open("/tsd", O_RDONLY) == -1, ENOENT);
    make_file("/tsdt", "now");
    CHECK(slurp("/tsd") == 3 && strcmp(buf2, "now") == 0);
    CHECK(unlink("/tsdt") == 0 && unlink("/tsd") == 0);
}

/* Links to directories inside a path, relative targets (from the
 * link's directory), chdir through a link, and ".." after a link. */
static void
fslab_symlink_dir(void)
{
    struct stat st;
    int fd;

    CHECK(mkdir("/tsdir") == 0);
    CHECK(mkdir("/tsdir/sub") == 0);
    make_file("/tsdir/sub/f", "deep");
    CHECK(symlink("/tsdir/sub", "/tsdl") == 0);     /* absolute */
    CHECK(symlink("sub/f", "/tsdir/rel") == 0);     /* relative to /tsdir */
    CHECK(symlink("../rel", "/tsdir/sub/up") == 0); /* via ".." */
    CHECK(slurp("/tsdl/f") == 4 && strcmp(buf2, "deep") == 0);
    CHECK(slurp("/tsdir/rel") == 4);
    CHECK(slurp("/tsdl/up") == 4); /* /tsdir/sub/../rel */
    CHECK(stat("/tsdl", &st) == 0 && st.type == T_DIR);
    CHECK_ERR(open("/tsdir/rel/x", O_RDONLY) == -1, ENOTDIR);
    fd = open("/tsdl/new", O_CREAT | O_RDWR); /* create via the link */
    CHECK(fd >= 0);
    close(fd);
    CHECK(stat("/tsdir/sub/new", &st) == 0 && st.type == T_FILE);
    CHECK(chdir("/tsdl") == 0);
    CHECK(slurp("f") == 4);
    CHECK(slurp("../rel") == 4); /* ".." of the directory, not the link */
    CHECK(chdir("/") == 0);
    CHECK(unlink("/tsdl/new") == 0);
    CHECK(unlink("/tsdir/sub/up") == 0 && unlink("/tsdir/sub/f") == 0);
    CHECK(unlink("/tsdir/rel") == 0 && unlink("/tsdir/sub") == 0);
    CHECK(unlink("/tsdir") == 0);
    CHECK_ERR(chdir("/tsdl") == -1, ENOENT);
    CHECK(unlink("/tsdl") == 0);
}

static struct test fslab_tests[] = {
    {"fslab_bigfile_sparse", fslab_bigfile_sparse, QUICK},
    {"fslab_bigfile_dense", fslab_bigfile_dense, SLOW},
    {"fslab_bigfile_max_efbig", fslab_bigfile_max_efbig, QUICK},
    {"fslab_bigfile_parallel", fslab_bigfile_parallel, SLOW},
    {"fslab_symlink_nofollow", fslab_symlink_nofollow, QUICK},
    {"fslab_symlink_follow", fslab_symlink_follow, QUICK},
    {"fslab_symlink_chain", fslab_symlink_chain, QUICK},
    {"fslab_symlink_loop", fslab_symlink_loop, QUICK},
    {"fslab_symlink_dangling", fslab_symlink_dangling, QUICK},
    {"fslab_symlink_dir", fslab_symlink_dir, QUICK},
};
struct suite fslab_suite = SUITE("fslab", fslab_tests);
