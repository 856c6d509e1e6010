/* Private FS checks of the fs helper (scratch tree only). */
#include "tests/testlib.h"
#include "kernel/fs.h"

static char buf[8192];
static char buf2[8192];

static void
fs_enospc_and_recover(void)
{
    int fd, n, total = 0, r;
    struct stat st;

    unlink("tfill0");
    unlink("tfill1");
    unlink("tfill2");
    unlink("tfill3");
    unlink("tfill4");
    unlink("tfill5");
    memset(buf, 'x', sizeof(buf));
    /* 10000-block disk, files max 268 blocks: use many files */
    int i;
    char name[16];
    for (i = 0; i < 60; i++) {
        snprintf(name, sizeof(name), "tfill%d", i);
        fd = open(name, O_CREAT | O_RDWR);
        if (fd < 0) {
            CHECK(errno == ENOSPC);
            break;
        }
        for (;;) {
            r = write(fd, buf, 4096);
            if (r < 0) {
                CHECK(errno == ENOSPC || errno == EFBIG);
                break;
            }
            total += r;
            if (r < 4096)
                break;
        }
        CHECK(fstat(fd, &st) == 0);
        close(fd);
        if (errno == ENOSPC && r != 4096)
            break;
    }
    printf("filled %d bytes in %d files\n", total, i + 1);
    CHECK(mkdir("tfilld") == -1 && (errno == ENOSPC));
    int last = i;
    for (i = 0; i <= last && i < 60; i++) {
        snprintf(name, sizeof(name), "tfill%d", i);
        unlink(name);
    }
    /* all space back: do it again and get the same amount */
    fd = open("tfill0", O_CREAT | O_RDWR);
    CHECK(fd >= 0);
    n = write(fd, buf, 4096);
    CHECK(n == 4096);
    close(fd);
    CHECK(unlink("tfill0") == 0);
}

static void
fs_holes(void)
{
    int fd;
    unlink("thole");
    fd = open("thole", O_CREAT | O_RDWR);
    CHECK(fd >= 0);
    CHECK(write(fd, "ab", 2) == 2);
    int fd2 = open("thole", O_RDWR | O_TRUNC);
    CHECK(fd2 >= 0);
    /* fd's offset is 2, past the end now */
    CHECK(write(fd, "cd", 2) == 2);
    close(fd2);
    close(fd);
    fd = open("thole", O_RDONLY);
    CHECK(read(fd, buf, 100) == 4);
    CHECK(buf[0] == 0 && buf[1] == 0 && buf[2] == 'c' && buf[3] == 'd');
    close(fd);
    CHECK(unlink("thole") == 0);
}

static void
fs_name_errors(void)
{
    int fd;
    CHECK_ERR(open("abcdefghijklmnopqrstuvwxyz01234", O_CREAT | O_RDWR) == -1,
              ENAMETOOLONG);                                       /* 31 */
    fd = open("abcdefghijklmnopqrstuvwxyz0123", O_CREAT | O_RDWR); /* 30 */
    CHECK(fd >= 0);
    close(fd);
    CHECK(open("abcdefghijklmnopqrstuvwxyz0123", O_RDONLY) >= 0);
    CHECK(unlink("abcdefghijklmnopqrstuvwxyz0123") == 0);
    fd = open("tf", O_CREAT | O_RDWR);
    close(fd);
    CHECK_ERR(open("tf/x", O_RDONLY) == -1, ENOTDIR);
    CHECK_ERR(open("tf/x", O_CREAT | O_RDWR) == -1, ENOTDIR);
    CHECK_ERR(mkdir("tf/x") == -1, ENOTDIR);
    CHECK_ERR(chdir("tf") == -1, ENOTDIR);
    CHECK_ERR(unlink(".") == -1, EINVAL);
    CHECK_ERR(unlink("..") == -1, EINVAL);
    CHECK_ERR(open(".", O_CREAT | O_RDWR) == -1, EISDIR);
    CHECK_ERR(open("", O_RDONLY) == -1, ENOENT);
    CHECK_ERR(mkdir("/") == -1, EEXIST);
    CHECK_ERR(link(".", "tdl") == -1, EPERM);
    CHECK_ERR(link("tf", "tf") == -1, EEXIST);
    CHECK_ERR(open("tf", 3) == -1, EINVAL);
    CHECK(unlink("tf") == 0);
    static char longp[200];
    memset(longp, 'a', 199);
    CHECK_ERR(open(longp, O_RDONLY) == -1, ENAMETOOLONG);
}

/*
 * Fork n children that each run opens(k) and hold what they opened
 * until every child has reported; returns how many children met ENFILE.
 * A child reports on the ready pipe (1: met ENFILE, 0: did not, 2: some
 * other error) and then blocks on the hold pipe, so the parent knows
 * every open was tried before it lets them go.
 */
static int
children_meeting_enfile(int n, int (*opens)(int k))
{
    int hold[2], ready[2], pids[10], k, enfile = 0;
    char c;

    CHECK(n <= 10);
    CHECK(pipe(hold) == 0 && pipe(ready) == 0);
    for (k = 0; k < n; k++) {
        pids[k] = fork();
        CHECK(pids[k] >= 0);
        if (pids[k] == 0) {
            close(hold[1]);
            close(ready[0]);
            c = (char)opens(k);
            write(ready[1], &c, 1);
            read(hold[0], &c, 1); /* hold until the parent closes */
            exit(0);
        }
    }
    close(hold[0]);
    close(ready[1]);
    for (k = 0; k < n; k++) {
        CHECK(read(ready[0], &c, 1) == 1);
        CHECK(c == 0 || c == 1);
        enfile += c;
    }
    close(hold[1]);
    close(ready[0]);
    for (k = 0; k < n; k++)
        CHECK(test_wait_status(pids[k]) == 0);
    return enfile;
}

/* Open files ti<10k> .. ti<10k+9>; 1 if one failed with ENFILE. */
static int
open_ten_distinct(int k)
{
    char name[16];
    int i, bad = 0;

    for (i = 0; i < 10; i++) {
        snprintf(name, sizeof(name), "ti%d", k * 10 + i);
        if (open(name, O_RDONLY) < 0) {
            if (errno != ENFILE)
                return 2;
            bad = 1;
        }
    }
    return bad;
}

static void
fs_itable_full(void)
{
    /* 6 children each open 10 distinct files: 60 > NINODE (50) */
    char name[16];
    int i, fd;

    for (i = 0; i < 60; i++) {
        snprintf(name, sizeof(name), "ti%d", i);
        fd = open(name, O_CREAT | O_RDWR);
        CHECK(fd >= 0);
        close(fd);
    }
    CHECK(children_meeting_enfile(6, open_ten_distinct) > 0);
    for (i = 0; i < 60; i++) {
        snprintf(name, sizeof(name), "ti%d", i);
        CHECK(unlink(name) == 0);
    }
}

/* Open README.md ten times; 1 if one open failed with ENFILE. */
static int
open_readme_ten_times(int k)
{
    int i, bad = 0;

    for (i = 0; i < 10; i++) {
        if (open("README.md", O_RDONLY) < 0) {
            if (errno != ENFILE)
                return 2;
            bad = 1;
        }
    }
    return bad;
}

static void
fs_ftable_full(void)
{
    /* 10 children open 10 files each: 100 plus the pipes > NFILE (100) */
    CHECK(children_meeting_enfile(10, open_readme_ten_times) > 0);
}

static void
worker(int k)
{
    char name[16];
    int fd, round, i;
    for (round = 0; round < 20; round++) {
        snprintf(name, sizeof(name), "tw%d_%d", k, round % 3);
        fd = open(name, O_CREAT | O_RDWR | O_TRUNC);
        if (fd < 0)
            exit(3);
        for (i = 0; i < 8; i++) {
            memset(buf, 'a' + (k + i) % 26, 3000);
            if (write(fd, buf, 3000) != 3000)
                exit(4);
        }
        close(fd);
        fd = open(name, O_RDONLY);
        for (i = 0; i < 8; i++) {
            int got = 0, r;
            while (got < 3000 && (r = read(fd, buf2 + got, 3000 - got)) > 0)
                got += r;
            if (got != 3000)
                exit(5);
            for (int j = 0; j < 3000; j++)
                if (buf2[j] != 'a' + (k + i) % 26)
                    exit(6);
        }
        close(fd);
        if (round % 2)
            unlink(name);
        snprintf(name, sizeof(name), "twd%d", k);
        if (mkdir(name) < 0)
            exit(7);
        if (chdir(name) < 0 || chdir("..") < 0)
            exit(8);
        if (unlink(name) < 0)
            exit(9);
    }
    for (i = 0; i < 3; i++) {
        snprintf(name, sizeof(name), "tw%d_%d", k, i);
        unlink(name);
    }
    exit(0);
}

static void
fs_parallel_workers(void)
{
    int k, pids[6];
    for (k = 0; k < 6; k++) {
        pids[k] = fork();
        if (pids[k] == 0)
            worker(k);
    }
    for (k = 0; k < 6; k++) {
        int st = test_wait_status(pids[k]);
        if (WEXITSTATUS(st) != 0)
            printf("worker %d status %d\n", k, WEXITSTATUS(st));
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
}

static void
fs_big_directory(void)
{
    char name[16];
    int i, fd;
    CHECK(mkdir("tbd") == 0);
    CHECK(chdir("tbd") == 0);
    for (i = 0; i < 300; i++) {
        snprintf(name, sizeof(name), "f%d", i);
        fd = open(name, O_CREAT | O_RDWR);
        CHECK(fd >= 0);
        close(fd);
    }
    CHECK(chdir("..") == 0);
    CHECK_ERR(unlink("tbd") == -1, ENOTEMPTY);
    CHECK(chdir("tbd") == 0);
    for (i = 0; i < 300; i++) {
        snprintf(name, sizeof(name), "f%d", i);
        CHECK(unlink(name) == 0);
    }
    CHECK(chdir("..") == 0);
    CHECK(unlink("tbd") == 0);
}

static void
fs_removed_cwd(void)
{
    CHECK(mkdir("trc") == 0);
    CHECK(chdir("trc") == 0);
    CHECK(unlink("../trc") == 0);
    CHECK(open("x", O_CREAT | O_RDWR) < 0); /* whatever error */
    CHECK(chdir("..") == 0);
    CHECK_ERR(open("trc", O_RDONLY) == -1, ENOENT);
}

static void
fs_nlink_counts(void)
{
    struct stat st;
    int fd;
    CHECK(mkdir("tnl") == 0);
    CHECK(mkdir("tnl/a") == 0);
    CHECK(mkdir("tnl/b") == 0);
    fd = open("tnl", O_RDONLY);
    CHECK(fstat(fd, &st) == 0);
    CHECK(st.nlink == 3);
    close(fd);
    CHECK(unlink("tnl/a") == 0);
    fd = open("tnl", O_RDONLY);
    CHECK(fstat(fd, &st) == 0 && st.nlink == 2);
    close(fd);
    CHECK(unlink("tnl/b") == 0);
    CHECK(unlink("tnl") == 0);
    fd = open("tnf", O_CREAT | O_RDWR);
    CHECK(link("tnf", "tnf2") == 0);
    CHECK(fstat(fd, &st) == 0 && st.nlink == 2 && st.type == T_FILE);
    CHECK(unlink("tnf") == 0 && unlink("tnf2") == 0);
    CHECK(fstat(fd, &st) == 0 && st.nlink == 0);
    close(fd);
    int p[2];
    CHECK(pipe(p) == 0);
    CHECK_ERR(fstat(p[0], &st) == -1, EINVAL);
    close(p[0]);
    close(p[1]);
}

static void
fs_exec_args(void)
{
    static char *argv[40];
    for (int i = 0; i < 33; i++)
        argv[i] = "x";
    argv[33] = 0;
    CHECK_ERR(exec("/echo", argv) == -1, E2BIG);
    argv[0] = (char *)0x1010; /* user text: a readable pointer at least */
    argv[1] = (char *)0x3fffffff00UL;
    argv[2] = 0;
    CHECK_ERR(exec("/echo", argv) == -1, EFAULT);
    CHECK_ERR(exec("/nonexist", (char **)0x3fffffff00UL) == -1, EFAULT);
}

static void
fs_partial_bad_buffer(void)
{
    struct stat st;
    char *top = sbrk(0);
    unsigned long end = ((unsigned long)top + 4095) & ~4095UL;
    if (end - (unsigned long)top < 1000)
        end += 4096;
    CHECK(sbrk(end - (unsigned long)top) == top);
    char *src = (char *)(end - 1000);
    memset(src, 'q', 1000);
    unlink("tpb");
    int fd = open("tpb", O_CREAT | O_RDWR);
    CHECK(fd >= 0);
    int r = write(fd, src, 3000);
    printf("partial write %d\n", r);
    CHECK(r > 0 && r <= 1000);
    CHECK(fstat(fd, &st) == 0 && st.size == (unsigned)r);
    CHECK_ERR(write(fd, (char *)end, 10) == -1, EFAULT);
    CHECK(fstat(fd, &st) == 0 && st.size == (unsigned)r);
    close(fd);
    CHECK(unlink("tpb") == 0);
}

static struct test fs_tests[] = {
    {"fs_partial_bad_buffer", fs_partial_bad_buffer, QUICK},
    {"fs_name_errors", fs_name_errors, QUICK},
    {"fs_holes", fs_holes, QUICK},
    {"fs_nlink_counts", fs_nlink_counts, QUICK},
    {"fs_removed_cwd", fs_removed_cwd, QUICK},
    {"fs_exec_args", fs_exec_args, QUICK},
    {"fs_itable_full", fs_itable_full, QUICK},
    {"fs_ftable_full", fs_ftable_full, QUICK},
    {"fs_big_directory", fs_big_directory, QUICK},
    {"fs_parallel_workers", fs_parallel_workers, QUICK},
    {"fs_enospc_and_recover", fs_enospc_and_recover, QUICK},
};
struct suite fs_suite = SUITE("fs", fs_tests);
