/*
 * The base suite: processes, pipes, files and directories, memory,
 * bad pointers, faults, kill, time and several harts at once.
 *
 * Each test runs in a child of the runner (tests/testlib.c) whose
 * stack is a single page: big buffers are static, never local.  Files
 * are made in the current directory with names starting with "t", and
 * each test removes what it made; a test first removes leftovers of an
 * earlier failed run.  Helper children that wait for something are
 * bounded (a pipe whose writers go away, a sleep, a counted loop), so a
 * broken kernel fails a test instead of hanging the run.
 */
#include "tests/testlib.h"

#define PGSZ 4096UL
#define PGUP(a) (((a) + PGSZ - 1) & ~(PGSZ - 1))
#define FS_BSIZE 1024            /* file system block */
#define INDIRECT_END (11 + 256)  /* file blocks the direct and indirect map */
#define KSTACK_VA 0x3fffffd000UL /* kernel stack of slot 0, KSTACK(0) */
#define KDEV_VA 0x3f10000000UL   /* the UART in the kernel's device window */
#define KERNEL_VA 0x80200000UL
#define NWORKERS 4   /* parallel children in hart tests */
#define ST_RUNNING 4 /* procinfo.state values */

static char buf[8192];
static char buf2[8192];
static struct procinfo rows[NPROC];

/* ---------------------------------------------------------------- */
/* Helpers                                                           */
/* ---------------------------------------------------------------- */

/* Fork a child that runs fn and exits 0; return its pid. */
static int
spawn(void (*fn)(void))
{
    int pid = fork();

    CHECK(pid >= 0);
    if (pid == 0) {
        fn();
        exit(0);
    }
    return pid;
}

/* Run fn in a child and return its wait status. */
static int
status_of(void (*fn)(void))
{
    return test_wait_status(spawn(fn));
}

/* fn must get its process killed. */
static void
check_killed(void (*fn)(void))
{
    int st = status_of(fn);

    CHECK(WIFSIGNALED(st));
}

/* Create (or truncate) name holding n bytes of data. */
static void
make_file(const char *name, const char *data, int n)
{
    int fd = open(name, O_CREAT | O_TRUNC | O_RDWR);

    CHECK(fd >= 0);
    CHECK(write(fd, data, n) == n);
    CHECK(close(fd) == 0);
}

/* Read up to n bytes, looping over short reads; return the count. */
static int
read_full(int fd, char *p, int n)
{
    int got = 0, r;

    while (got < n && (r = read(fd, p + got, n - got)) > 0)
        got += r;
    return got;
}

/* The i-th address a user pointer must never reach (NBAD of them). */
#define NBAD 8
static uint64
bad_addr(int i)
{
    switch (i) {
    case 6:
        return 0; /* NULL: page 0 has no user access */
    case 7:
        return 0x800; /* still page 0 */
    case 0:
        return 0xffffffffffffffffUL;
    case 1:
        return KSTACK_VA;
    case 2:
        return KDEV_VA;
    case 3:
        return 0x80000000UL;
    case 4:
        return KERNEL_VA;
    default:
        return PGUP((uint64)sbrk(0));
    }
}

/*
 * exec path with argv in a child; return the errno exec failed with,
 * or a negative number if the exec went through.
 */
static int
exec_errno(const char *path, char **argv)
{
    int pid = fork(), st;

    CHECK(pid >= 0);
    if (pid == 0) {
        close(1);
        exec(path, argv);
        exit(100 + errno);
    }
    st = test_wait_status(pid);
    CHECK(WIFEXITED(st));
    return WEXITSTATUS(st) - 100;
}

/* ---------------------------------------------------------------- */
/* fork, exec, exit, wait                                            */
/* ---------------------------------------------------------------- */

static void
base_fork_returns_pid_and_status(void)
{
    int fds[2], pid, child_pid = 0;

    CHECK(pipe(fds) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        child_pid = getpid();
        write(fds[1], &child_pid, sizeof(child_pid));
        exit(7);
    }
    CHECK(read(fds[0], &child_pid, sizeof(child_pid)) == sizeof(child_pid));
    CHECK(child_pid == pid);
    CHECK(pid != getpid());
    int st = test_wait_status(pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7);
}

static int shared_value;

static void
base_fork_memory_isolated(void)
{
    int fds[2], pid;
    char c;

    shared_value = 1234;
    CHECK(pipe(fds) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        CHECK(shared_value == 1234);
        shared_value = 99;
        write(fds[1], "x", 1);
        exit(shared_value == 99 ? 0 : 1);
    }
    CHECK(read(fds[0], &c, 1) == 1);
    CHECK(shared_value == 1234);
    CHECK(test_wait_status(pid) == 0);
    CHECK(shared_value == 1234);
}

static void
base_fork_inherits_fds(void)
{
    int fds[2], pid;

    CHECK(pipe(fds) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        CHECK(write(fds[1], "inherited", 9) == 9);
        exit(0);
    }
    close(fds[1]);
    memset(buf, 0, 16);
    CHECK(read_full(fds[0], buf, 16) == 9);
    CHECK(memcmp(buf, "inherited", 9) == 0);
    CHECK(test_wait_status(pid) == 0);
}

static void
base_exec_echo_args(void)
{
    char *argv[] = {"echo", "hello", "kite", "world", 0};
    int fds[2], pid;

    CHECK(pipe(fds) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(1);
        CHECK(dup(fds[1]) == 1);
        close(fds[0]);
        close(fds[1]);
        exec("/echo", argv);
        exit(100 + errno);
    }
    close(fds[1]);
    memset(buf, 0, 64);
    CHECK(read_full(fds[0], buf, 63) == 17);
    CHECK(strcmp(buf, "hello kite world\n") == 0);
    CHECK(test_wait_status(pid) == 0);
}

static void
base_exec_missing_enoent(void)
{
    char *argv[] = {"tnothere", 0};

    CHECK(exec_errno("/tnothere", argv) == ENOENT);
    CHECK(exec_errno("/tnodir/x", argv) == ENOENT);
    CHECK(exec_errno("/tnothere", 0) == ENOENT); /* null argv: empty */
}

static void
base_exec_garbage_enoexec(void)
{
    char *argv[] = {"tgarbage", 0};
    int i;

    for (i = 0; i < 2000; i++)
        buf[i] = (char)(i * 37 + 11);
    make_file("tgarbage", buf, 2000);
    CHECK(exec_errno("tgarbage", argv) == ENOEXEC);
    CHECK(unlink("tgarbage") == 0);
}

static void
base_exec_empty_enoexec(void)
{
    char *argv[] = {"tempty", 0};

    make_file("tempty", "", 0);
    CHECK(exec_errno("tempty", argv) == ENOEXEC);
    CHECK(unlink("tempty") == 0);
}

/* Load /echo into a malloc'd buffer; return it and its size in *n. */
static char *
load_echo(int *n)
{
    struct stat st;
    char *img;
    int fd = open("/echo", O_RDONLY);

    CHECK(fd >= 0);
    CHECK(fstat(fd, &st) == 0);
    CHECK(st.size > 64 && st.size < 1024 * 1024);
    img = malloc(st.size);
    CHECK(img != 0);
    CHECK(read_full(fd, img, st.size) == (int)st.size);
    close(fd);
    CHECK(img[0] == 0x7f && img[1] == 'E' && img[2] == 'L' && img[3] == 'F');
    *n = st.size;
    return img;
}

static void
base_exec_truncated_elf_enoexec(void)
{
    char *argv[] = {"ttrunc", 0};
    int n;
    char *img = load_echo(&n);

    /* The ELF header alone: the program headers lie past the end. */
    make_file("ttrunc", img, 64);
    CHECK(exec_errno("ttrunc", argv) == ENOEXEC);
    CHECK(unlink("ttrunc") == 0);
}

/* Offset of the first PT_LOAD program header in an ELF64 image. */
static int
first_load(char *img, int n)
{
    uint64 phoff;
    ushort phnum, i;
    uint32 type;

    memcpy(&phoff, img + 32, 8);
    memcpy(&phnum, img + 56, 2);
    for (i = 0; i < phnum; i++) {
        int off = phoff + i * 56;
        CHECK(off + 56 <= n);
        memcpy(&type, img + off, 4);
        if (type == 1)
            return off;
    }
    CHECK(0);
    return 0;
}

/* Write img with the 8-byte field at off set to v, then exec it. */
static int
exec_patched(char *img, int n, int off, uint64 v)
{
    char *argv[] = {"tpatched", 0};
    uint64 old;
    int err;

    memcpy(&old, img + off, 8);
    memcpy(img + off, &v, 8);
    make_file("tpatched", img, n);
    memcpy(img + off, &old, 8);
    err = exec_errno("tpatched", argv);
    CHECK(unlink("tpatched") == 0);
    return err;
}

static void
base_exec_bad_phdr_enoexec(void)
{
    int n, ph;
    uint64 filesz;
    char *img = load_echo(&n);

    ph = first_load(img, n);
    memcpy(&filesz, img + ph + 32, 8);
    /* Program headers past the end of the file. */
    CHECK(exec_patched(img, n, 32, 0x7fffff00UL) == ENOEXEC);
    /* A segment smaller in memory than in the file. */
    if (filesz > 0)
        CHECK(exec_patched(img, n, ph + 40, filesz - 1) == ENOEXEC);
    /* A segment whose end wraps around the address space. */
    CHECK(exec_patched(img, n, ph + 16, 0xfffffffffffff000UL) == ENOEXEC);
    /* A segment in the kernel's half of the address space. */
    CHECK(exec_patched(img, n, ph + 16, 0x80000000UL) == ENOEXEC);
    CHECK(exec_patched(img, n, ph + 16, KSTACK_VA) == ENOEXEC);
    /* File contents past the end of the file. */
    CHECK(exec_patched(img, n, ph + 8, 0x7fff0000UL) == ENOEXEC);
}

static void
base_exec_too_many_args_e2big(void)
{
    static char *argv[MAXARG + 8];
    int i;

    for (i = 0; i < MAXARG + 7; i++)
        argv[i] = "x";
    argv[MAXARG + 7] = 0;
    CHECK(exec_errno("/echo", argv) == E2BIG);
}

static void
base_wait_no_children_echild(void)
{
    int st;

    CHECK_ERR(wait(&st) == -1, ECHILD);
    CHECK_ERR(wait(0) == -1, ECHILD);
}

static void
base_wait_collects_all(void)
{
    int pids[5], seen = 0, i, j, pid, st;

    for (i = 0; i < 5; i++) {
        pids[i] = fork();
        CHECK(pids[i] >= 0);
        if (pids[i] == 0)
            exit(10 + i);
    }
    for (i = 0; i < 5; i++) {
        pid = wait(&st);
        for (j = 0; j < 5 && pids[j] != pid; j++)
            ;
        CHECK(j < 5);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 10 + j);
        CHECK((seen & (1 << j)) == 0);
        seen |= 1 << j;
    }
    CHECK(seen == 0x1f);
    CHECK_ERR(wait(&st) == -1, ECHILD);
}

static void
base_getppid_is_parent(void)
{
    int parent = getpid(), pid = fork();

    CHECK(pid >= 0);
    if (pid == 0)
        exit(getppid() == parent ? 0 : 1);
    CHECK(test_wait_status(pid) == 0);
    CHECK(getppid() > 0 && getppid() != getpid());
}

/* A child that blocks reading fd until every writer is gone. */
static void
block_on(int fd)
{
    char c;

    read(fd, &c, 1);
}

static void
base_many_children(void)
{
    int fds[2], pids[30], i, pid;

    CHECK(pipe(fds) == 0);
    for (i = 0; i < 30; i++) {
        pids[i] = pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            close(fds[1]);
            block_on(fds[0]);
            exit(i);
        }
    }
    close(fds[1]);
    for (i = 0; i < 30; i++) {
        int st = test_wait_status(pids[i]);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == i);
    }
}

/* ---------------------------------------------------------------- */
/* Pipes                                                             */
/* ---------------------------------------------------------------- */

static void
base_pipe_data(void)
{
    int fds[2];

    CHECK(pipe(fds) == 0);
    CHECK(fds[0] >= 0 && fds[1] >= 0 && fds[0] != fds[1]);
    CHECK(write(fds[1], "pipe data", 9) == 9);
    memset(buf, 0, 16);
    CHECK(read(fds[0], buf, 9) == 9);
    CHECK(memcmp(buf, "pipe data", 9) == 0);
    CHECK(close(fds[0]) == 0 && close(fds[1]) == 0);
}

static void
base_pipe_short_read(void)
{
    int fds[2];

    CHECK(pipe(fds) == 0);
    CHECK(write(fds[1], "abcde", 5) == 5);
    CHECK(read(fds[0], buf, 100) == 5);
    CHECK(memcmp(buf, "abcde", 5) == 0);
}

static void
base_pipe_eof_when_writers_close(void)
{
    int fds[2], extra, pid;

    CHECK(pipe(fds) == 0);
    extra = dup(fds[1]);
    CHECK(extra >= 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        CHECK(write(extra, "xy", 2) == 2);
        exit(0);
    }
    close(extra);
    CHECK(write(fds[1], "z", 1) == 1);
    close(fds[1]);
    CHECK(read_full(fds[0], buf, 10) == 3);
    CHECK(read(fds[0], buf, 10) == 0);
    CHECK(test_wait_status(pid) == 0);
}

static void
base_pipe_no_reader_epipe(void)
{
    int fds[2];

    CHECK(pipe(fds) == 0);
    CHECK(close(fds[0]) == 0);
    CHECK_ERR(write(fds[1], "x", 1) == -1, EPIPE);
    CHECK(close(fds[1]) == 0);
}

static void
base_pipe_reader_gone_wakes_writer(void)
{
    int fds[2], pid, n, st;

    /* The child fills the pipe and blocks; our close must end that. */
    CHECK(pipe(fds) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        for (n = 0; n < 1000; n++)
            if (write(fds[1], buf, 1024) < 0)
                exit(errno == EPIPE ? 0 : 2);
        exit(3);
    }
    close(fds[1]);
    sleep(10);
    close(fds[0]);
    st = test_wait_status(pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

#define BIG_PIPE 20000

static void
base_pipe_big_transfer(void)
{
    int fds[2], pid, i, got = 0, n;

    CHECK(pipe(fds) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        for (i = 0; i < 1000; i++)
            buf[i] = (char)(i % 251);
        for (i = 0; i < BIG_PIPE; i += 1000)
            CHECK(write(fds[1], buf, 1000) == 1000);
        exit(0);
    }
    close(fds[1]);
    while ((n = read(fds[0], buf2, 777)) > 0) {
        for (i = 0; i < n; i++)
            CHECK(buf2[i] == (char)((got + i) % 1000 % 251));
        got += n;
    }
    CHECK(n == 0);
    CHECK(got == BIG_PIPE);
    CHECK(test_wait_status(pid) == 0);
}

static void
base_pipe_read_waits_for_writer(void)
{
    int fds[2], pid, t0;

    CHECK(pipe(fds) == 0);
    t0 = uptime();
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        sleep(20);
        write(fds[1], "late", 4);
        exit(0);
    }
    close(fds[1]);
    CHECK(read_full(fds[0], buf, 4) == 4);
    CHECK(memcmp(buf, "late", 4) == 0);
    CHECK(uptime() - t0 >= 20);
    CHECK(test_wait_status(pid) == 0);
}

/* ---------------------------------------------------------------- */
/* Files                                                             */
/* ---------------------------------------------------------------- */

static void
base_file_create_read_back(void)
{
    int fd, i;

    unlink("tcreate");
    for (i = 0; i < 3000; i++)
        buf[i] = (char)(i * 7);
    fd = open("tcreate", O_CREAT | O_RDWR);
    CHECK(fd >= 0);
    CHECK(write(fd, buf, 3000) == 3000);
    CHECK(close(fd) == 0);
    fd = open("tcreate", O_RDONLY);
    CHECK(fd >= 0);
    CHECK(read_full(fd, buf2, 4000) == 3000);
    CHECK(memcmp(buf, buf2, 3000) == 0);
    CHECK(read(fd, buf2, 10) == 0);
    CHECK(close(fd) == 0);
    CHECK(unlink("tcreate") == 0);
}

static void
base_file_sequential_writes(void)
{
    int fd;

    unlink("tseq");
    fd = open("tseq", O_CREAT | O_RDWR);
    CHECK(fd >= 0);
    CHECK(write(fd, "first,", 6) == 6);
    CHECK(write(fd, "second", 6) == 6);
    CHECK(close(fd) == 0);
    fd = open("tseq", O_RDONLY);
    memset(buf, 0, 32);
    CHECK(read_full(fd, buf, 31) == 12);
    CHECK(strcmp(buf, "first,second") == 0);
    close(fd);
    CHECK(unlink("tseq") == 0);
}

static void
base_file_creat_keeps_data(void)
{
    int fd;

    make_file("tkeep", "keepme", 6);
    fd = open("tkeep", O_CREAT | O_RDWR);
    CHECK(fd >= 0);
    CHECK(read_full(fd, buf, 10) == 6);
    CHECK(memcmp(buf, "keepme", 6) == 0);
    close(fd);
    CHECK(unlink("tkeep") == 0);
}

static void
base_file_trunc(void)
{
    struct stat st;
    int fd;

    make_file("ttrunc", buf2, 2500);
    fd = open("ttrunc", O_TRUNC | O_RDWR);
    CHECK(fd >= 0);
    CHECK(fstat(fd, &st) == 0 && st.size == 0);
    CHECK(write(fd, "abc", 3) == 3);
    close(fd);
    fd = open("ttrunc", O_RDONLY);
    CHECK(read_full(fd, buf, 100) == 3);
    CHECK(memcmp(buf, "abc", 3) == 0);
    close(fd);
    CHECK(unlink("ttrunc") == 0);
}

static void
base_file_excl_eexist(void)
{
    int fd;

    unlink("texcl");
    fd = open("texcl", O_CREAT | O_EXCL | O_RDWR);
    CHECK(fd >= 0);
    close(fd);
    CHECK_ERR(open("texcl", O_CREAT | O_EXCL | O_RDWR) == -1, EEXIST);
    CHECK(unlink("texcl") == 0);
}

static void
base_file_unlink_while_open(void)
{
    struct stat st;
    int fd;

    make_file("tunl", "still here", 10);
    fd = open("tunl", O_RDONLY);
    CHECK(fd >= 0);
    CHECK(unlink("tunl") == 0);
    CHECK_ERR(open("tunl", O_RDONLY) == -1, ENOENT);
    CHECK(fstat(fd, &st) == 0 && st.nlink == 0 && st.size == 10);
    memset(buf, 0, 16);
    CHECK(read_full(fd, buf, 16) == 10);
    CHECK(strcmp(buf, "still here") == 0);
    CHECK(close(fd) == 0);
}

/* Fill buf with the pattern of file block b. */
static void
block_pattern(char *p, int b)
{
    int i;

    for (i = 0; i < FS_BSIZE; i++)
        p[i] = (char)(b * 13 + i);
}

/* The direct blocks and the whole indirect block, written in order
 * and read back (files past them: tests/fslabtest.c). */
static void
base_file_indirect_blocks(void)
{
    struct stat st;
    int fd, b;

    unlink("tbig");
    fd = open("tbig", O_CREAT | O_RDWR);
    CHECK(fd >= 0);
    for (b = 0; b < INDIRECT_END; b++) {
        block_pattern(buf, b);
        CHECK(write(fd, buf, FS_BSIZE) == FS_BSIZE);
    }
    CHECK(fstat(fd, &st) == 0 && st.size == INDIRECT_END * FS_BSIZE);
    close(fd);
    fd = open("tbig", O_RDONLY);
    CHECK(fd >= 0);
    for (b = 0; b < INDIRECT_END; b++) {
        block_pattern(buf, b);
        CHECK(read_full(fd, buf2, FS_BSIZE) == FS_BSIZE);
        CHECK(memcmp(buf, buf2, FS_BSIZE) == 0);
    }
    CHECK(read(fd, buf2, 1) == 0);
    close(fd);
    CHECK(unlink("tbig") == 0);
}

#define MANY_FILES 64

static void
base_file_many_files(void)
{
    char name[16];
    int i, fd;

    for (i = 0; i < MANY_FILES; i++) {
        snprintf(name, sizeof(name), "tm%d", i);
        snprintf(buf, 32, "content of file %d", i);
        make_file(name, buf, strlen(buf));
    }
    for (i = 0; i < MANY_FILES; i++) {
        snprintf(name, sizeof(name), "tm%d", i);
        snprintf(buf, 32, "content of file %d", i);
        fd = open(name, O_RDONLY);
        CHECK(fd >= 0);
        memset(buf2, 0, 40);
        CHECK(read_full(fd, buf2, 40) == (int)strlen(buf));
        CHECK(strcmp(buf, buf2) == 0);
        close(fd);
        CHECK(unlink(name) == 0);
    }
}

/* Create and remove files in tconc: some private, some shared names. */
static void
conc_worker(int k)
{
    char name[24];
    int i, fd, r;

    for (i = 0; i < 40; i++) {
        snprintf(name, sizeof(name), "tconc/w%d_%d", k, i % 4);
        fd = open(name, O_CREAT | O_RDWR);
        CHECK(fd >= 0);
        CHECK(write(fd, name, 8) == 8);
        CHECK(close(fd) == 0);
        if (i % 2)
            CHECK(unlink(name) == 0);
        snprintf(name, sizeof(name), "tconc/s%d", i % 3);
        if ((i + k) % 2) {
            fd = open(name, O_CREAT | O_RDWR);
            CHECK(fd >= 0);
            CHECK(close(fd) == 0);
        } else {
            r = unlink(name);
            CHECK(r == 0 || errno == ENOENT);
        }
    }
    for (i = 0; i < 4; i++) {
        snprintf(name, sizeof(name), "tconc/w%d_%d", k, i);
        r = unlink(name);
        CHECK(r == 0 || errno == ENOENT);
    }
    exit(0);
}

static void
base_file_concurrent_create_unlink(void)
{
    char name[16];
    int pids[NWORKERS], k, r;

    CHECK(mkdir("tconc") == 0 || errno == EEXIST);
    for (k = 0; k < NWORKERS; k++) {
        pids[k] = fork();
        CHECK(pids[k] >= 0);
        if (pids[k] == 0)
            conc_worker(k);
    }
    for (k = 0; k < NWORKERS; k++)
        CHECK(test_wait_status(pids[k]) == 0);
    for (k = 0; k < 3; k++) {
        snprintf(name, sizeof(name), "tconc/s%d", k);
        r = unlink(name);
        CHECK(r == 0 || errno == ENOENT);
    }
    CHECK_ERR(open("tconc/w0_1", O_RDONLY) == -1, ENOENT);
    CHECK(unlink("tconc") == 0);
}

static void
base_file_read_only_write_ebadf(void)
{
    int fd;

    make_file("trdonly", "abc", 3);
    fd = open("trdonly", O_RDONLY);
    CHECK(fd >= 0);
    CHECK_ERR(write(fd, "x", 1) == -1, EBADF);
    close(fd);
    fd = open("trdonly", O_WRONLY);
    CHECK(fd >= 0);
    CHECK_ERR(read(fd, buf, 1) == -1, EBADF);
    close(fd);
    CHECK(unlink("trdonly") == 0);
}

static void
base_open_dir_for_write_eisdir(void)
{
    int fd;

    CHECK_ERR(open(".", O_RDWR) == -1, EISDIR);
    CHECK_ERR(open(".", O_WRONLY) == -1, EISDIR);
    fd = open(".", O_RDONLY);
    CHECK(fd >= 0);
    close(fd);
}

static void
base_dup_shares_offset(void)
{
    int fd, fd2, pid;

    unlink("tdup");
    fd = open("tdup", O_CREAT | O_RDWR);
    CHECK(fd >= 0);
    fd2 = dup(fd);
    CHECK(fd2 >= 0 && fd2 != fd);
    CHECK(write(fd, "ab", 2) == 2);
    CHECK(write(fd2, "cd", 2) == 2);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        CHECK(write(fd, "ef", 2) == 2);
        exit(0);
    }
    CHECK(test_wait_status(pid) == 0);
    CHECK(write(fd2, "gh", 2) == 2);
    close(fd);
    close(fd2);
    fd = open("tdup", O_RDONLY);
    memset(buf, 0, 16);
    CHECK(read_full(fd, buf, 15) == 8);
    CHECK(strcmp(buf, "abcdefgh") == 0);
    close(fd);
    CHECK(unlink("tdup") == 0);
}

static void
base_fstat_sizes(void)
{
    struct stat st, st2;
    int fd;

    make_file("tfstat", buf, 1234);
    fd = open("tfstat", O_RDONLY);
    CHECK(fd >= 0);
    CHECK(fstat(fd, &st) == 0);
    CHECK(st.type == T_FILE && st.size == 1234 && st.nlink == 1);
    CHECK(stat("tfstat", &st2) == 0 && st2.ino == st.ino);
    close(fd);
    fd = open("tfstat", O_RDWR | O_TRUNC);
    CHECK(fstat(fd, &st) == 0 && st.size == 0);
    CHECK(write(fd, buf, 5000) == 5000);
    CHECK(fstat(fd, &st) == 0 && st.size == 5000);
    close(fd);
    fd = open(".", O_RDONLY);
    CHECK(fstat(fd, &st) == 0);
    CHECK(st.type == T_DIR && st.size > 0);
    close(fd);
    CHECK(unlink("tfstat") == 0);
}

static void
base_console_write(void)
{
    /* A carriage return: written, but leaves the log unchanged. */
    CHECK(write(1, "\r", 1) == 1);
    CHECK(write(2, "\r", 1) == 1);
    CHECK(write(1, "", 0) == 0);
}

static void
base_mknod_device(void)
{
    struct stat st;

    unlink("tnode");
    CHECK(mknod("tnode", 1, 0) == 0);
    CHECK_ERR(mknod("tnode", 1, 0) == -1, EEXIST);
    CHECK(stat("tnode", &st) == 0 && st.type == T_DEVICE);
    CHECK(unlink("tnode") == 0);
}

/* ---------------------------------------------------------------- */
/* Directories and names                                             */
/* ---------------------------------------------------------------- */

static void
base_dir_mkdir_chdir(void)
{
    struct stat st;
    int fd;

    unlink("tdir/f");
    unlink("tdir");
    CHECK(mkdir("tdir") == 0);
    CHECK(chdir("tdir") == 0);
    make_file("f", "inside", 6);
    CHECK(chdir("..") == 0);
    fd = open("tdir/f", O_RDONLY);
    CHECK(fd >= 0);
    CHECK(read_full(fd, buf, 10) == 6 && memcmp(buf, "inside", 6) == 0);
    close(fd);
    fd = open("tdir", O_RDONLY);
    CHECK(fd >= 0 && fstat(fd, &st) == 0 && st.type == T_DIR);
    close(fd);
    CHECK(chdir("tdir/.././tdir") == 0);
    CHECK(open("f", O_RDONLY) >= 0);
    CHECK(chdir("..") == 0);
    CHECK(unlink("tdir/f") == 0);
    CHECK(unlink("tdir") == 0);
}

static void
base_dir_enotdir(void)
{
    make_file("tnd", "x", 1);
    CHECK_ERR(open("tnd/x", O_CREAT | O_RDWR) == -1, ENOTDIR);
    CHECK_ERR(open("tnd/x", O_RDONLY) == -1, ENOTDIR);
    CHECK_ERR(mkdir("tnd/x") == -1, ENOTDIR);
    CHECK_ERR(chdir("tnd") == -1, ENOTDIR);
    CHECK_ERR(unlink("tnd/x") == -1, ENOTDIR);
    CHECK(unlink("tnd") == 0);
}

static void
base_dir_enotempty(void)
{
    unlink("tne/f");
    unlink("tne");
    CHECK(mkdir("tne") == 0);
    make_file("tne/f", "x", 1);
    CHECK_ERR(unlink("tne") == -1, ENOTEMPTY);
    CHECK(unlink("tne/f") == 0);
    CHECK(unlink("tne") == 0);
    CHECK_ERR(chdir("tne") == -1, ENOENT);
}

static void
base_dir_mkdir_eexist(void)
{
    unlink("tex");
    CHECK(mkdir("tex") == 0);
    CHECK_ERR(mkdir("tex") == -1, EEXIST);
    make_file("texf", "x", 1);
    CHECK_ERR(mkdir("texf") == -1, EEXIST);
    CHECK_ERR(open("tex", O_CREAT | O_EXCL | O_RDWR) == -1, EEXIST);
    CHECK(unlink("texf") == 0);
    CHECK(unlink("tex") == 0);
}

static void
base_link_and_eexist(void)
{
    struct stat st;
    int fd;

    unlink("tlb");
    make_file("tla", "linked", 6);
    CHECK(link("tla", "tlb") == 0);
    CHECK(stat("tla", &st) == 0 && st.nlink == 2);
    CHECK_ERR(link("tla", "tlb") == -1, EEXIST);
    CHECK(unlink("tla") == 0);
    fd = open("tlb", O_RDONLY);
    CHECK(fd >= 0);
    CHECK(fstat(fd, &st) == 0 && st.nlink == 1);
    CHECK(read_full(fd, buf, 10) == 6 && memcmp(buf, "linked", 6) == 0);
    close(fd);
    CHECK(unlink("tlb") == 0);
}

static void
base_enoent_cases(void)
{
    make_file("tlsrc", "x", 1);
    CHECK_ERR(open("tnothere", O_RDONLY) == -1, ENOENT);
    CHECK_ERR(open("tnodir/x", O_CREAT | O_RDWR) == -1, ENOENT);
    CHECK_ERR(unlink("tnothere") == -1, ENOENT);
    CHECK_ERR(chdir("tnothere") == -1, ENOENT);
    CHECK_ERR(mkdir("tnodir/x") == -1, ENOENT);
    CHECK_ERR(link("tnothere", "tlnew") == -1, ENOENT);
    CHECK_ERR(link("tlsrc", "tnodir/x") == -1, ENOENT);
    CHECK(unlink("tlsrc") == 0);
}

static void
base_ebadf_cases(void)
{
    struct stat st;
    int fd;

    CHECK_ERR(read(-1, buf, 1) == -1, EBADF);
    CHECK_ERR(write(NOFILE, buf, 1) == -1, EBADF);
    CHECK_ERR(read(1000, buf, 1) == -1, EBADF);
    CHECK_ERR(fstat(NOFILE - 1, &st) == -1, EBADF);
    CHECK_ERR(dup(-1) == -1, EBADF);
    CHECK_ERR(close(NOFILE + 5) == -1, EBADF);
    fd = dup(0);
    CHECK(fd >= 0);
    CHECK(close(fd) == 0);
    CHECK_ERR(close(fd) == -1, EBADF);
    CHECK_ERR(read(fd, buf, 1) == -1, EBADF);
}

static void
base_emfile_at_nofile(void)
{
    int fd, top = -1, fds[2], used = 0;

    while ((fd = dup(0)) >= 0) {
        CHECK(fd < NOFILE);
        if (fd > top)
            top = fd;
        CHECK(++used <= NOFILE);
    }
    CHECK(errno == EMFILE);
    CHECK(top == NOFILE - 1);
    CHECK_ERR(open(".", O_RDONLY) == -1, EMFILE);
    CHECK_ERR(pipe(fds) == -1, EMFILE);
    /* One free slot is not enough for a pipe, and is not lost. */
    CHECK(close(top) == 0);
    CHECK_ERR(pipe(fds) == -1, EMFILE);
    CHECK(dup(0) == top);
}

/* ---------------------------------------------------------------- */
/* Memory: sbrk and out-of-memory                                    */
/* ---------------------------------------------------------------- */

static void
base_sbrk_grow(void)
{
    char *old = sbrk(0), *p;
    long i, n = 10 * PGSZ;

    p = sbrk(n);
    CHECK(p == old);
    CHECK(sbrk(0) == old + n);
    for (i = 0; i < n; i += 512)
        p[i] = (char)(i / 512);
    for (i = 0; i < n; i += 512)
        CHECK(p[i] == (char)(i / 512));
    CHECK(p[n - 1] == 0);
}

static void
base_sbrk_unaligned(void)
{
    char *a = sbrk(0), *b;

    CHECK(sbrk(1) == a);
    b = sbrk(PGSZ + 3);
    CHECK(b == a + 1);
    CHECK(sbrk(0) == a + PGSZ + 4);
    a[0] = 1;
    b[PGSZ + 2] = 2;
    CHECK(a[0] == 1 && b[PGSZ + 2] == 2);
    CHECK(sbrk(-(long)(PGSZ + 4)) == a + PGSZ + 4);
    CHECK(sbrk(0) == a);
}

static char *shrunk_at;

static void
touch_shrunk(void)
{
    *(volatile char *)shrunk_at = 1;
}

static void
base_sbrk_shrink(void)
{
    char *old = sbrk(0), *p;
    long n = 8 * PGSZ;

    p = sbrk(n);
    CHECK(p == old);
    p[n - 1] = 5;
    CHECK(sbrk(-n) == old + n);
    CHECK(sbrk(0) == old);
    shrunk_at = (char *)PGUP((uint64)old) + 2 * PGSZ;
    check_killed(touch_shrunk);
    /* Growing again gives zeroed memory. */
    p = sbrk(n);
    CHECK(p == old);
    CHECK(p[n - 1] == 0);
}

static void
base_sbrk_returns_pages(void)
{
    struct sysinfo a, b, c;
    char *p;
    long i, n = 64 * PGSZ;

    test_snapshot(&a);
    p = sbrk(n);
    CHECK(p != (char *)-1);
    for (i = 0; i < n; i += PGSZ)
        p[i] = 1;
    test_snapshot(&b);
    CHECK(b.freepages + 64 <= a.freepages);
    CHECK(sbrk(-n) != (char *)-1);
    test_snapshot(&c);
    CHECK(c.freepages + 4 >= a.freepages);
}

static void
base_sbrk_huge_enomem(void)
{
    char *old = sbrk(0), *p;

    CHECK_ERR(sbrk(1L << 40) == (char *)-1, ENOMEM);
    CHECK(sbrk(0) == old);
    CHECK_ERR(sbrk(0x7fffffffffff0000L) == (char *)-1, ENOMEM);
    CHECK(sbrk(0) == old);
    p = sbrk(PGSZ);
    CHECK(p == old);
    p[0] = 1;
    p[PGSZ - 1] = 2;
    CHECK(p[0] + p[PGSZ - 1] == 3);
}

static void
base_sbrk_fork_copies_heap(void)
{
    char *p = sbrk(4 * PGSZ);
    int pid, i;

    CHECK(p != (char *)-1);
    for (i = 0; i < 4; i++)
        p[i * PGSZ] = (char)(40 + i);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        for (i = 0; i < 4; i++)
            CHECK(p[i * PGSZ] == (char)(40 + i));
        for (i = 0; i < 4; i++)
            p[i * PGSZ] = 0;
        CHECK(sbrk(PGSZ) != (char *)-1);
        exit(0);
    }
    CHECK(test_wait_status(pid) == 0);
    for (i = 0; i < 4; i++)
        CHECK(p[i * PGSZ] == (char)(40 + i));
}

/* Fork blocked children until fork fails; return how many.  Each
 * child writes a byte on fd_ready once it runs, so its stack page is
 * its own before the caller takes all memory. */
static int
fork_until_failure(int fd_read, int fd_write, int fd_ready)
{
    int n = 0, pid;

    for (;;) {
        pid = fork();
        if (pid < 0)
            break;
        if (pid == 0) {
            close(fd_write);
            write(fd_ready, "r", 1);
            block_on(fd_read);
            exit(0);
        }
        n++;
        CHECK(n <= NPROC);
    }
    CHECK(errno == EAGAIN || errno == ENOMEM);
    return n;
}

/* Grow the heap, touching every page, until sbrk fails; return pages. */
static long
sbrk_until_failure(void)
{
    long pages = 0, step = 16, i;
    char *p;

    for (;;) {
        p = sbrk(step * PGSZ);
        if (p == (char *)-1) {
            CHECK(errno == ENOMEM);
            if (step == 1)
                break;
            step = 1;
            continue;
        }
        for (i = 0; i < step; i++)
            p[i * PGSZ] = 1;
        pages += step;
    }
    return pages;
}

/*
 * Fill the process table, then memory; give the memory back, release
 * the children and reap them all.  Fork shares pages copy-on-write, so
 * while memory is gone this process writes only pages it already owns:
 * errno is written once before, and the heap goes back before the
 * blocked children wake and touch their shared stacks.
 */
static void
oom_child(void)
{
    int fds[2], ready[2], n, m = 0, st;
    long pages;
    char c;

    CHECK(pipe(fds) == 0);
    CHECK(pipe(ready) == 0);
    n = fork_until_failure(fds[0], fds[1], ready[1]);
    CHECK(n > 0);
    for (m = 0; m < n; m++)
        CHECK(read(ready[0], &c, 1) == 1);
    m = 0;
    errno = 0;
    pages = sbrk_until_failure();
    CHECK(pages > 100);
    CHECK(fork() == -1);
    CHECK(sbrk(-pages * (long)PGSZ) != (char *)-1);
    close(fds[1]);
    while (wait(&st) > 0) {
        CHECK(st == 0);
        m++;
    }
    CHECK(errno == ECHILD);
    CHECK(m == n);
}

/* Poll until free pages and process slots equal *a; fail if they don't. */
static void
check_recovered(struct sysinfo *a)
{
    struct sysinfo b;
    int i;

    for (i = 0; i < 50; i++) {
        test_snapshot(&b);
        if (b.freepages == a->freepages && b.nproc == a->nproc)
            break;
        sleep(5);
    }
    if (b.freepages != a->freepages)
        printf("check_recovered: %ld -> %ld\n", a->freepages, b.freepages);
    CHECK(b.freepages == a->freepages);
    CHECK(b.nproc == a->nproc);
    /* The system works again: a fresh child can use memory. */
    CHECK(status_of(base_sbrk_grow) == 0);
}

static void
base_oom_recovery(void)
{
    struct sysinfo a;

    test_snapshot(&a);
    CHECK(status_of(oom_child) == 0);
    check_recovered(&a);
}

#define COW_PAGES 8
static volatile char cow_pages[COW_PAGES * PGSZ] __attribute__((aligned(4096)));

/*
 * With memory gone, write pages still shared copy-on-write with a
 * child: the copies cannot be made, so this process must be killed.
 */
static void
cow_oom_child(void)
{
    int fds[2], ready[2], pid, i;
    char c;

    CHECK(pipe(fds) == 0);
    CHECK(pipe(ready) == 0);
    errno = 0;
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(fds[1]);
        write(ready[1], "r", 1); /* its stack is its own from here */
        block_on(fds[0]);
        exit(0);
    }
    CHECK(read(ready[0], &c, 1) == 1);
    errno = 0;
    sbrk_until_failure();
    for (i = 0; i < COW_PAGES; i++)
        cow_pages[i * PGSZ] = 1;
    exit(0);
}

static void
base_oom_cow_fault_killed(void)
{
    struct sysinfo a;

    test_snapshot(&a);
    CHECK(WIFSIGNALED(status_of(cow_oom_child)));
    check_recovered(&a);
}

/*
 * Copyout into a good but copy-on-write page when memory is out: the
 * call fails with ENOMEM (not EFAULT, the pointer is fine), takes
 * nothing away, and works once memory is back.
 */
#define OUT_PAGES 24
static char out_pages[OUT_PAGES * PGSZ] __attribute__((aligned(4096)));
static int out_next; /* next unused page of out_pages */

/* A page of out_pages this process has not written since the fork in
 * cow_pressure_begin: still shared, so a copy to it needs a new page. */
static void *
out_page(void)
{
    CHECK(out_next < OUT_PAGES);
    return out_pages + PGSZ * out_next++;
}

/* Write the stack pages the calls below may use, so they are this
 * process's own before memory runs out. */
static void
own_stack(void)
{
    volatile char pad[3000];

    for (int i = 0; i < (int)sizeof(pad); i += 256)
        pad[i] = 1;
}

static int pressure_fds[2];
static int pressure_pid; /* the child sharing out_pages */

/* Share out_pages with a blocked child (copy-on-write), then take all
 * free memory.  Returns: the pages taken (cow_pressure_end gives them
 * back).  Afterwards this process may write only pages it owns: the
 * globals it writes (out_next, errno) are written once after the fork
 * to make their pages its own, and so is the stack. */
static long
cow_pressure_begin(void)
{
    char c;
    int ready[2], r;
    long pages;

    CHECK(pipe(pressure_fds) == 0);
    CHECK(pipe(ready) == 0);
    CHECK((pressure_pid = fork()) >= 0);
    if (pressure_pid == 0) {
        close(pressure_fds[1]);
        write(ready[1], "r", 1);
        block_on(pressure_fds[0]);
        exit(0);
    }
    CHECK(read(ready[0], &c, 1) == 1);
    close(ready[0]);
    close(ready[1]);
    own_stack();
    out_next = 0;
    errno = 0;
    pages = sbrk_until_failure();
    CHECK(pages > 100);
    /* A failed sbrk may leave one page (it needed a leaf table too):
     * the first copy takes it, the next must fail. */
    while ((r = sysinfo(out_page())) == 0)
        ;
    CHECK(r == -1 && errno == ENOMEM && out_next <= 2);
    return pages;
}

static void
cow_pressure_end(long pages)
{
    CHECK(sbrk(-pages * (long)PGSZ) != (char *)-1);
    close(pressure_fds[1]);
    CHECK(waitpid(pressure_pid, 0, 0) == pressure_pid);
    close(pressure_fds[0]);
}

/* Reading calls: each fails with ENOMEM and nothing is lost. */
static void
cow_enomem_child(void)
{
    struct {
        long type;
        char text[8];
    } m = {7, "msg"};
    int fd, p[2], q, s, id, id2, v, lowest;
    long pages;

    unlink("tcow");
    CHECK((fd = open("tcow", O_CREAT | O_RDWR)) >= 0);
    CHECK(write(fd, "file", 4) == 4);
    close(fd);
    CHECK((fd = open("tcow", O_RDONLY)) >= 0);
    CHECK(pipe(p) == 0 && write(p[1], "pipe", 4) == 4);
    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    CHECK(msgsnd(q, &m, 4, 0) == 0);
    CHECK((s = semget(IPC_PRIVATE, 2, 0600)) >= 0);
    CHECK(ksem_init(3, &id) == 0);
    CHECK((lowest = dup(fd)) >= 0);
    close(lowest);

    pages = cow_pressure_begin();
    CHECK_ERR(read(fd, out_page(), 4) == -1, ENOMEM);
    CHECK_ERR(read(p[0], out_page(), 4) == -1, ENOMEM);
    CHECK_ERR(msgrcv(q, out_page(), 8, 0, IPC_NOWAIT) == -1, ENOMEM);
    CHECK_ERR(fstat(fd, out_page()) == -1, ENOMEM);
    CHECK_ERR(msgctl(q, IPC_STAT, out_page()) == -1, ENOMEM);
    CHECK_ERR(semctl(s, 0, GETALL, out_page()) == -1, ENOMEM);
    CHECK_ERR(msgids(out_page(), 1024, out_page()) == -1, ENOMEM);
    CHECK_ERR(ksem_getvalue(id, out_page()) == -1, ENOMEM);
    CHECK_ERR(ksem_init(1, out_page()) == -1, ENOMEM);
    CHECK_ERR(ksem_open("/tcow", O_CREAT, 0600, 1, out_page()) == -1, ENOMEM);
    CHECK_ERR(procs(out_page(), NPROC) == -1, ENOMEM);
    CHECK_ERR(bootargs(out_page(), 64) == -1, ENOMEM);
    CHECK_ERR(pipe(out_page()) == -1, ENOMEM);
    cow_pressure_end(pages);

    /* nothing was consumed */
    CHECK(read(fd, buf, 4) == 4 && memcmp(buf, "file", 4) == 0);
    CHECK(read(p[0], buf, 4) == 4 && memcmp(buf, "pipe", 4) == 0);
    CHECK(msgrcv(q, buf, 8, 0, IPC_NOWAIT) == 4);
    CHECK(memcmp(buf + sizeof(long), "msg", 4) == 0);
    /* the failed sem_open made no semaphore */
    CHECK_ERR(ksem_open("/tcow", 0, 0, 0, &id2) == -1, ENOENT);
    CHECK(ksem_getvalue(id, &v) == 0 && v == 3);
    /* the failed pipe left no descriptor behind */
    CHECK(dup(fd) == lowest);
    close(lowest);
    CHECK(ksem_destroy(id) == 0);
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    CHECK(semctl(s, 0, IPC_RMID) == 0);
    close(fd);
    close(p[0]);
    close(p[1]);
    CHECK(unlink("tcow") == 0);
    exit(0);
}

static void
base_copyout_cow_enomem(void)
{
    struct sysinfo a, b;

    test_snapshot(&a);
    CHECK(status_of(cow_enomem_child) == 0);
    test_snapshot(&b);
    CHECK(b.nksem == a.nksem && b.nmsq == a.nmsq && b.nsem == a.nsem);
    check_recovered(&a);
}

/* waitpid whose status copy fails for want of memory leaves the child
 * a zombie: a later waitpid still reaps it, with its status. */
static void
waitpid_enomem_child(void)
{
    int pid, st = 0, i, n, zombie = 0;
    long pages;

    CHECK((pid = fork()) >= 0);
    if (pid == 0)
        exit(7);
    for (i = 0; i < 500 && !zombie; i++) {
        n = procs(rows, NPROC);
        while (n-- > 0)
            if (rows[n].pid == pid && rows[n].state == 5) /* ZOMBIE */
                zombie = 1;
        if (!zombie)
            sleep(1);
    }
    CHECK(zombie);
    pages = cow_pressure_begin();
    CHECK_ERR(waitpid(pid, out_page(), 0) == -1, ENOMEM);
    cow_pressure_end(pages);
    CHECK(waitpid(pid, &st, 0) == pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7);
    exit(0);
}

static void
base_waitpid_enomem_keeps_zombie(void)
{
    struct sysinfo a;

    test_snapshot(&a);
    CHECK(status_of(waitpid_enomem_child) == 0);
    check_recovered(&a);
}

/* ---------------------------------------------------------------- */
/* Bad pointers: EFAULT from every pointer-taking call               */
/* ---------------------------------------------------------------- */

static void
base_efault_read(void)
{
    int fd, fds[2], i;

    make_file("tefr", buf2, 100);
    fd = open("tefr", O_RDONLY);
    CHECK(fd >= 0);
    CHECK(pipe(fds) == 0);
    for (i = 0; i < NBAD; i++) {
        CHECK_ERR(read(fd, (void *)bad_addr(i), 10) == -1, EFAULT);
        CHECK(write(fds[1], "0123456789", 10) == 10);
        CHECK_ERR(read(fds[0], (void *)bad_addr(i), 10) == -1, EFAULT);
    }
    close(fd);
    CHECK(unlink("tefr") == 0);
}

static void
base_efault_write(void)
{
    int fd, fds[2], i;

    fd = open("tefw", O_CREAT | O_RDWR);
    CHECK(fd >= 0);
    CHECK(pipe(fds) == 0);
    for (i = 0; i < NBAD; i++) {
        CHECK_ERR(write(fd, (void *)bad_addr(i), 10) == -1, EFAULT);
        CHECK_ERR(write(fds[1], (void *)bad_addr(i), 10) == -1, EFAULT);
    }
    close(fd);
    CHECK(unlink("tefw") == 0);
}

static void
base_efault_console_write(void)
{
    int i;

    for (i = 0; i < NBAD; i++)
        CHECK_ERR(write(1, (void *)bad_addr(i), 10) == -1, EFAULT);
}

static void
base_efault_fstat(void)
{
    int i;

    for (i = 0; i < NBAD; i++)
        CHECK_ERR(fstat(0, (struct stat *)bad_addr(i)) == -1, EFAULT);
}

static void
base_efault_pipe(void)
{
    int i, fd = dup(0);

    CHECK(fd >= 0);
    close(fd);
    for (i = 0; i < NBAD; i++)
        CHECK_ERR(pipe((int *)bad_addr(i)) == -1, EFAULT);
    /* The failed calls left no descriptors behind. */
    CHECK(dup(0) == fd);
}

static void
base_efault_open(void)
{
    int i;

    for (i = 0; i < NBAD; i++) {
        CHECK_ERR(open((char *)bad_addr(i), O_RDONLY) == -1, EFAULT);
        CHECK_ERR(open((char *)bad_addr(i), O_CREAT | O_RDWR) == -1, EFAULT);
    }
}

static void
base_efault_exec(void)
{
    char *argv[] = {"echo", "x", 0};
    char *badarg[] = {"echo", 0, 0};
    int i;

    for (i = 0; i < NBAD; i++) {
        CHECK(exec_errno((char *)bad_addr(i), argv) == EFAULT);
        if (bad_addr(i) == 0)
            continue; /* a null argv is an empty one, and ends a list */
        CHECK(exec_errno("/echo", (char **)bad_addr(i)) == EFAULT);
        badarg[1] = (char *)bad_addr(i);
        CHECK(exec_errno("/echo", badarg) == EFAULT);
    }
}

static void
base_efault_unlink_mkdir_chdir(void)
{
    int i;

    for (i = 0; i < NBAD; i++) {
        CHECK_ERR(unlink((char *)bad_addr(i)) == -1, EFAULT);
        CHECK_ERR(mkdir((char *)bad_addr(i)) == -1, EFAULT);
        CHECK_ERR(chdir((char *)bad_addr(i)) == -1, EFAULT);
        CHECK_ERR(mknod((char *)bad_addr(i), 1, 0) == -1, EFAULT);
    }
}

static void
base_efault_link(void)
{
    int i;

    make_file("tefl", "x", 1);
    for (i = 0; i < NBAD; i++) {
        CHECK_ERR(link((char *)bad_addr(i), "tefl2") == -1, EFAULT);
        CHECK_ERR(link("tefl", (char *)bad_addr(i)) == -1, EFAULT);
    }
    CHECK_ERR(unlink("tefl2") == -1, ENOENT);
    CHECK(unlink("tefl") == 0);
}

static void
base_efault_waitpid(void)
{
    int i, pid, st;

    for (i = 0; i < NBAD; i++) {
        pid = fork();
        CHECK(pid >= 0);
        if (pid == 0)
            exit(i + 1);
        if (bad_addr(i) != 0) { /* a null status is allowed */
            CHECK_ERR(waitpid(pid, (int *)bad_addr(i), 0) == -1, EFAULT);
        }
        CHECK(waitpid(pid, &st, 0) == pid);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == i + 1);
    }
}

/* Sum (k + 0.25) * i for i = 1..n, with system calls in between: the
 * running sum stays in an f register across them (and preemption). */
static double
fp_work(int k, int n)
{
    double acc = 0, step = k + 0.25;

    for (int i = 1; i <= n; i++) {
        acc += step * i;
        if (i % 64 == 0)
            getpid();
        if (i % 1024 == 0)
            sleep(1);
    }
    return acc;
}

#define FP_N 3000
#define FP_SUM(k) (((k) + 0.25) * FP_N * (FP_N + 1) / 2) /* exact */

/* Floating point works in user programs: each process has its own f
 * registers, kept across system calls, sleeps and moves between harts,
 * and a child starts with its parent's. */
static void
base_float_per_process(void)
{
    volatile double seed = 3.5;
    double live = seed * 2; /* in use across fork() */
    int pids[4], k;

    for (k = 0; k < 4; k++) {
        pids[k] = fork();
        CHECK(pids[k] >= 0);
        if (pids[k] == 0)
            exit(fp_work(k, FP_N) == FP_SUM(k) && live == 7.0 ? 0 : 1);
    }
    CHECK(fp_work(9, FP_N) == FP_SUM(9));
    for (k = 0; k < 4; k++)
        CHECK(test_wait_status(pids[k]) == 0);
    CHECK(live == 7.0);
}

static void
illegal_insn(void)
{
    asm volatile(".word 0"); /* all zero bits: never a valid instruction */
    exit(0);
}

/* An illegal instruction still ends the process, floating point on or
 * off (the first trap of a process turns floating point on). */
static void
base_illegal_instruction_kills(void)
{
    int st = status_of(illegal_insn);

    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
}

static int
cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;

    return x < y ? -1 : x > y;
}

/* The C library's sorting, searching, tokens and random numbers. */
static void
base_libc_sort_search_tokens(void)
{
    static int v[500];
    char line[] = "  semop, msgsnd;;shmat ";
    int i, key;

    srand(7);
    for (i = 0; i < 500; i++)
        v[i] = rand() % 1000;
    qsort(v, 500, sizeof(int), cmp_int);
    for (i = 1; i < 500; i++)
        CHECK(v[i - 1] <= v[i]);
    key = v[123];
    CHECK(*(int *)bsearch(&key, v, 500, sizeof(int), cmp_int) == key);
    key = 1000;
    CHECK(bsearch(&key, v, 500, sizeof(int), cmp_int) == 0);
    srand(7);
    key = rand();
    srand(7);
    CHECK(rand() == key); /* the same seed, the same numbers */
    CHECK(strcmp(strtok(line, " ,;"), "semop") == 0);
    CHECK(strcmp(strtok(0, " ,;"), "msgsnd") == 0);
    CHECK(strcmp(strtok(0, " ,;"), "shmat") == 0);
    CHECK(strtok(0, " ,;") == 0);
    CHECK(strspn("aab", "a") == 2 && strcspn("aab", "b") == 2);
    CHECK(strnlen("abc", 2) == 2 && strpbrk("abc", "xc")[0] == 'c');
    CHECK(strcasecmp("SemOp", "semop") == 0 && strcasecmp("a", "B") < 0);
    CHECK(strncasecmp("MSGget", "msgsnd", 3) == 0);
    CHECK(time(0) == uptime() / HZ || time(0) == uptime() / HZ - 1);
    CHECK(fflush(1) == 0 && fputs("", 1) == 0);
}

/* Page 0 has no user access: reading or writing through a null
 * pointer ends the process (as a kill does), and nothing else. */
static void
null_read(void)
{
    volatile int *p = 0;

    exit(*p == 12345 ? 1 : 2);
}

static void
null_write(void)
{
    volatile int *p = 0;

    *p = 1;
    exit(3);
}

static void
base_null_pointer_kills(void)
{
    int st;

    st = status_of(null_read);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
    st = status_of(null_write);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
}

static void
base_efault_sysinfo_bootargs_procs(void)
{
    int i;

    for (i = 0; i < NBAD; i++) {
        CHECK_ERR(sysinfo((struct sysinfo *)bad_addr(i)) == -1, EFAULT);
        CHECK_ERR(bootargs((char *)bad_addr(i), 64) == -1, EFAULT);
        CHECK_ERR(procs((struct procinfo *)bad_addr(i), NPROC) == -1, EFAULT);
    }
}

/* ---------------------------------------------------------------- */
/* Faults: touching what user mode may not                           */
/* ---------------------------------------------------------------- */

static volatile uint64 fault_addr;

static void
read_fault_addr(void)
{
    volatile char c = *(volatile char *)fault_addr;

    (void)c;
}

static void
write_fault_addr(void)
{
    *(volatile char *)fault_addr = 1;
}

static void
base_user_read_kernel_killed(void)
{
    fault_addr = KERNEL_VA;
    check_killed(read_fault_addr);
    fault_addr = 0x80000000UL;
    check_killed(read_fault_addr);
}

static void
base_user_write_kernel_killed(void)
{
    fault_addr = KERNEL_VA;
    check_killed(write_fault_addr);
    fault_addr = KERNEL_VA + 0x10000;
    check_killed(write_fault_addr);
}

/* Kernel stacks and device registers are mapped in every process's
 * page table, without user access. */
static void
base_user_read_kernel_stack_killed(void)
{
    fault_addr = KSTACK_VA;
    check_killed(read_fault_addr);
    fault_addr = KDEV_VA;
    check_killed(read_fault_addr);
}

static void
base_user_write_kernel_stack_killed(void)
{
    fault_addr = KSTACK_VA + 8;
    check_killed(write_fault_addr);
    fault_addr = KDEV_VA;
    check_killed(write_fault_addr);
}

static void
jump_kernel(void)
{
    void (*fn)(void) = (void (*)(void))fault_addr;

    fn();
}

static void
base_user_jump_kernel_killed(void)
{
    fault_addr = KERNEL_VA;
    check_killed(jump_kernel);
    fault_addr = KSTACK_VA;
    check_killed(jump_kernel);
}

static void
base_user_past_heap_killed(void)
{
    fault_addr = PGUP((uint64)sbrk(0));
    check_killed(read_fault_addr);
    check_killed(write_fault_addr);
    fault_addr = 0x3000000000UL;
    check_killed(read_fault_addr);
}

static void
touch_guard(void)
{
    char here = 0;
    uint64 bottom = PGUP((uint64)&here + 1) - USTACK_PAGES * PGSZ;

    *(volatile char *)(bottom - 16) = here;
}

static void
base_stack_guard_touch_killed(void)
{
    check_killed(touch_guard);
}

/* Frames that each keep a pointer to their parent's, so no tail call. */
static int
recurse(int n, volatile char *up)
{
    volatile char pad[600];

    pad[0] = up[0] + 1;
    pad[599] = pad[0];
    if (n == 0)
        return pad[0];
    return recurse(n - 1, pad) + pad[599];
}

static void
deep_recursion(void)
{
    char start = 0;

    recurse(100, &start);
}

static void
base_stack_overflow_killed(void)
{
    check_killed(deep_recursion);
    /* Modest recursion still works. */
    char start = 0;
    CHECK(recurse(2, &start) > 0);
}

/* ---------------------------------------------------------------- */
/* kill                                                              */
/* ---------------------------------------------------------------- */

static void
sleep_long(void)
{
    sleep(500);
}

static void
base_kill_sleeping_child(void)
{
    int pid = spawn(sleep_long), st, t0;

    sleep(5);
    t0 = uptime();
    CHECK(kill(pid) == 0);
    st = test_wait_status(pid);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
    CHECK(uptime() - t0 < 300);
}

static void
base_kill_pipe_reader(void)
{
    int fds[2], pid, st;

    CHECK(pipe(fds) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(fds[1]);
        block_on(fds[0]);
        exit(0);
    }
    sleep(5);
    CHECK(kill(pid) == 0);
    close(fds[1]);
    st = test_wait_status(pid);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
}

static void
spin(void)
{
    volatile unsigned long n;

    for (n = 0; n < 2000000000UL; n++)
        ;
}

static void
base_kill_spinning_child(void)
{
    int pid = spawn(spin), st;

    sleep(5);
    CHECK(kill(pid) == 0);
    st = test_wait_status(pid);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
}

static void
base_kill_esrch(void)
{
    int pid = fork();

    CHECK(pid >= 0);
    if (pid == 0)
        exit(0);
    CHECK(test_wait_status(pid) == 0);
    CHECK_ERR(kill(pid) == -1, ESRCH);
    CHECK_ERR(kill(99999) == -1, ESRCH);
}

/* ---------------------------------------------------------------- */
/* Several harts at once                                             */
/* ---------------------------------------------------------------- */

/* Run fn(k) in NWORKERS children at once; all must exit 0. */
static void
run_workers(void (*fn)(int))
{
    int pids[NWORKERS], k;

    for (k = 0; k < NWORKERS; k++) {
        pids[k] = fork();
        CHECK(pids[k] >= 0);
        if (pids[k] == 0) {
            fn(k);
            exit(0);
        }
    }
    for (k = 0; k < NWORKERS; k++)
        CHECK(test_wait_status(pids[k]) == 0);
}

static void
getpid_worker(int k)
{
    int me = getpid(), i;

    for (i = 0; i < 1000; i++)
        CHECK(getpid() == me);
}

static void
base_harts_getpid_parallel(void)
{
    run_workers(getpid_worker);
}

static void
pipe_worker(int k)
{
    int fds[2], i;
    char c;

    CHECK(pipe(fds) == 0);
    for (i = 0; i < 1000; i++) {
        c = (char)(i + k);
        CHECK(write(fds[1], &c, 1) == 1);
        c = 0;
        CHECK(read(fds[0], &c, 1) == 1);
        CHECK(c == (char)(i + k));
    }
}

static void
base_harts_pipe_parallel(void)
{
    run_workers(pipe_worker);
}

static int shared_fds[2];

static void
writer_worker(int k)
{
    char c = (char)('a' + k);
    int i;

    for (i = 0; i < 1000; i++)
        CHECK(write(shared_fds[1], &c, 1) == 1);
}

static void
base_harts_pipe_many_writers(void)
{
    int counts[NWORKERS] = {0}, pid, n, i, k;

    CHECK(pipe(shared_fds) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(shared_fds[0]);
        run_workers(writer_worker);
        exit(0);
    }
    close(shared_fds[1]);
    while ((n = read(shared_fds[0], buf, sizeof(buf))) > 0) {
        for (i = 0; i < n; i++) {
            k = buf[i] - 'a';
            CHECK(k >= 0 && k < NWORKERS);
            counts[k]++;
        }
    }
    CHECK(test_wait_status(pid) == 0);
    for (k = 0; k < NWORKERS; k++)
        CHECK(counts[k] == 1000);
}

static void
sbrk_worker(int k)
{
    int i;
    char *p;

    for (i = 0; i < 100; i++) {
        p = sbrk(3 * PGSZ);
        CHECK(p != (char *)-1);
        p[0] = p[2 * PGSZ] = (char)k;
        CHECK(p[0] == (char)k);
        CHECK(sbrk(-3 * (long)PGSZ) == p + 3 * PGSZ);
    }
}

static void
base_harts_sbrk_parallel(void)
{
    run_workers(sbrk_worker);
}

static void
fork_worker(int k)
{
    int i, pid;

    for (i = 0; i < 50; i++) {
        pid = fork();
        CHECK(pid >= 0);
        if (pid == 0)
            exit(k + i);
        int st = test_wait_status(pid);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == k + i);
    }
}

static void
base_harts_fork_parallel(void)
{
    run_workers(fork_worker);
}

/* ---------------------------------------------------------------- */
/* Time, sysinfo, procs                                              */
/* ---------------------------------------------------------------- */

static void
base_uptime_increases(void)
{
    int t0 = uptime(), i;

    CHECK(t0 >= 0);
    for (i = 0; i < 100 && uptime() == t0; i++)
        sleep(1);
    CHECK(uptime() > t0);
}

static void
base_sleep_at_least_ticks(void)
{
    int t0 = uptime();

    CHECK(sleep(10) == 0);
    CHECK(uptime() - t0 >= 10);
    t0 = uptime();
    CHECK(sleep(0) == 0);
    CHECK(uptime() - t0 < 50);
}

static void
base_sysinfo_reports(void)
{
    struct sysinfo si;

    test_snapshot(&si);
    CHECK(si.nproc_max == NPROC);
    CHECK(si.nproc >= 2 && si.nproc <= NPROC);
    CHECK(si.freepages > 100);
    CHECK(si.nksem >= 0 && si.nmsq >= 0 && si.nsem >= 0 && si.nshm >= 0);
}

static void
base_procs_lists_self(void)
{
    int n, i, found = 0;

    n = procs(rows, NPROC);
    CHECK(n >= 2 && n <= NPROC);
    for (i = 0; i < n; i++) {
        CHECK(rows[i].pid > 0);
        if (rows[i].pid != getpid())
            continue;
        found++;
        CHECK(rows[i].ppid == getppid());
        CHECK(rows[i].uid == getuid());
        CHECK(rows[i].state == ST_RUNNING);
        CHECK(rows[i].size > 0);
        CHECK(rows[i].name[0] != '\0');
    }
    CHECK(found == 1);
    CHECK(procs(rows, 1) == 1);
    CHECK(procs(rows, 0) == 0);
}

/* procs() reports CPU ticks and tickets, as schedctl() does (ps shows
 * them). */
static void
base_procs_shows_cputicks_and_tickets(void)
{
    int n, i, end = uptime() + 200;

    CHECK(settickets(42) == 0);
    while (schedctl(SCHED_CPUTICKS, 0) < 2 && uptime() < end)
        for (volatile int j = 0; j < 20000; j++)
            ;
    long before = schedctl(SCHED_CPUTICKS, 0);
    n = procs(rows, NPROC);
    long after = schedctl(SCHED_CPUTICKS, 0);
    CHECK(before >= 2);
    for (i = 0; i < n && rows[i].pid != getpid(); i++)
        ;
    CHECK(i < n);
    CHECK(rows[i].tickets == 42);
    CHECK((long)rows[i].cputicks >= before && (long)rows[i].cputicks <= after);
}

/* ---------------------------------------------------------------- */
/* System-call tracing: trace(mask), strace                         */
/* ---------------------------------------------------------------- */

/* Start capturing fd 2 in a pipe; returns the read end.  The old fd 2
 * is kept in *saved for trace_capture_end. */
static int
trace_capture_begin(int *saved)
{
    int fds[2];

    CHECK(pipe(fds) == 0);
    *saved = dup(2);
    CHECK(*saved >= 0);
    CHECK(close(2) == 0);
    CHECK(dup(fds[1]) == 2);
    CHECK(close(fds[1]) == 0);
    return fds[0];
}

/* Put fd 2 back and read everything written to the pipe into out
 * (NUL-terminated), until every writer (children too) has let go of
 * it: call before waiting for children, which may be blocked writing. */
static int
trace_capture_end(int rfd, int saved, char *out, int max)
{
    int n;

    CHECK(close(2) == 0);
    CHECK(dup(saved) == 2);
    CHECK(close(saved) == 0);
    n = read_full(rfd, out, max - 1);
    CHECK(n >= 0);
    out[n] = '\0';
    CHECK(close(rfd) == 0);
    return n;
}

static void
base_trace_returns_old_mask(void)
{
    long m = (1L << SYS_getpid) | (1L << SYS_close);

    CHECK(trace(0) == 0);
    CHECK(trace(m) == 0);
    CHECK(trace(1L << SYS_uptime) == m); /* bit 63 is dropped: */
    CHECK(trace(-1L & ~(1L << SYS_trace)) == 1L << SYS_uptime);
    CHECK(trace(0) == (0x7fffffffffffffffL & ~(1L << SYS_trace)));
    CHECK(trace(0) == 0);
}

static void
base_trace_line_format(void)
{
    char want[160];
    int rfd, saved, pid = getpid();

    rfd = trace_capture_begin(&saved);
    CHECK(trace((1L << SYS_getpid) | (1L << SYS_close) | (1L << SYS_dup)) == 0);
    CHECK(raw_getpid() == pid); /* getpid() reads a page: no call */
    CHECK_ERR(close(-1) < 0, EBADF);
    getppid(); /* not in the mask: no line */
    CHECK(trace(0) != 0);
    trace_capture_end(rfd, saved, buf, sizeof(buf));
    snprintf(want, sizeof(want),
             "[%d usertests] getpid() = %d\n"
             "[%d usertests] close(-1) = -%d\n",
             pid, pid, pid, EBADF);
    CHECK(strcmp(buf, want) == 0);
}

static void
base_trace_args_and_pointers(void)
{
    char want[160];
    int rfd, saved, pid = getpid();
    int fds[2];

    CHECK(pipe(fds) == 0);
    rfd = trace_capture_begin(&saved);
    trace(1L << SYS_write);
    CHECK(write(fds[1], "abc", 3) == 3);
    trace(0);
    trace_capture_end(rfd, saved, buf, sizeof(buf));
    snprintf(want, sizeof(want), "[%d usertests] write(%d, %p, 3) = 3\n", pid,
             fds[1], "abc");
    CHECK(strcmp(buf, want) == 0);
    close(fds[0]);
    close(fds[1]);
}

static void
base_trace_child_exit(void)
{
    exit(7);
}

/* A traced child reports with its own pid, inherits the mask, and its
 * exit is reported before it happens. */
static void
base_trace_fork_inherits(void)
{
    char want[200];
    int rfd, saved, pid, st;
    long m = (1L << SYS_exit) | (1L << SYS_getppid);

    rfd = trace_capture_begin(&saved);
    trace(m);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        if (trace(m) != m) /* the old mask: what fork gave us */
            exit(1);
        getppid();
        base_trace_child_exit();
    }
    trace(0);
    trace_capture_end(rfd, saved, buf, sizeof(buf));
    st = test_wait_status(pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7);
    snprintf(want, sizeof(want),
             "[%d usertests] getppid() = %d\n"
             "[%d usertests] exit(7) = ?\n",
             pid, getpid(), pid);
    CHECK(strcmp(buf, want) == 0);
}

/* Many traced children at once on several harts: every line arrives
 * whole (a line is one write) and each child's are all there. */
static void
base_trace_parallel_children(void)
{
    enum { KIDS = 6, CALLS = 20 };
    int rfd, saved, i, k, pids[KIDS];
    char want[48], *line;

    rfd = trace_capture_begin(&saved);
    for (k = 0; k < KIDS; k++) {
        pids[k] = fork();
        CHECK(pids[k] >= 0);
        if (pids[k] == 0) {
            trace(1L << SYS_getpid);
            for (i = 0; i < CALLS; i++)
                raw_getpid(); /* the system call, not the page */
            exit(0);
        }
    }
    trace_capture_end(rfd, saved, buf, sizeof(buf));
    for (k = 0; k < KIDS; k++)
        CHECK(test_wait_status(pids[k]) == 0);
    for (k = 0; k < KIDS; k++) {
        snprintf(want, sizeof(want), "[%d usertests] getpid() = %d\n", pids[k],
                 pids[k]);
        for (i = 0, line = buf; (line = strstr(line, want)) != 0; i++)
            line++;
        CHECK(i == CALLS);
    }
}

/* strace NAMES prog: exec keeps the mask; echo's write is traced. */
static void
base_strace_runs_program(void)
{
    char want[200];
    char *argv[] = {"strace", "write,exit", "echo", "hi", 0};
    int rfd, saved, pid, out[2];

    CHECK(pipe(out) == 0);
    rfd = trace_capture_begin(&saved);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(1);
        dup(out[1]);
        exec("/strace", argv);
        exit(99);
    }
    CHECK(close(out[1]) == 0);
    trace_capture_end(rfd, saved, buf, sizeof(buf));
    CHECK(test_wait_status(pid) == 0);
    CHECK(read_full(out[0], buf2, 10) == 3 && memcmp(buf2, "hi\n", 3) == 0);
    close(out[0]);
    snprintf(want, sizeof(want), "[%d echo] write(1, ", pid);
    CHECK(strstr(buf, want) == buf); /* the first traced call */
    CHECK(strstr(buf, ", 3) = 3\n") != 0 ||
          strstr(buf, ", 1) = 1\n") != 0); /* however echo writes */
    snprintf(want, sizeof(want), "[%d echo] exit(0) = ?\n", pid);
    CHECK(strstr(buf, want) != 0);
    CHECK(strstr(buf, "exec(") == 0); /* not asked for */
}

/* strace with a numeric mask, and its errors. */
static void
base_strace_mask_and_errors(void)
{
    char want[80];
    char mask[24];
    char *bad[] = {"strace", "nosuchcall", "echo", 0};
    char *missing[] = {"strace", "getpid", "/no-such-program", 0};
    char *num[] = {"strace", mask, "exechelper", 0};
    int rfd, saved, pid, st;

    pid = fork();
    if (pid == 0) {
        exec("/strace", bad);
        exit(99);
    }
    st = test_wait_status(pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 2);
    pid = fork();
    if (pid == 0) {
        close(2); /* strace's complaint goes nowhere */
        exec("/strace", missing);
        exit(99);
    }
    st = test_wait_status(pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 1);
    snprintf(mask, sizeof(mask), "0x%lx", 1L << SYS_getuid);
    rfd = trace_capture_begin(&saved);
    pid = fork();
    if (pid == 0) {
        close(1); /* exechelper's own line is not wanted */
        exec("/strace", num);
        exit(99);
    }
    trace_capture_end(rfd, saved, buf, sizeof(buf));
    st = test_wait_status(pid);
    CHECK(st == 0);
    snprintf(want, sizeof(want), "[%d exechelper] getuid() = %d\n", pid,
             getuid());
    CHECK(strcmp(buf, want) == 0);
}

static struct test base_tests[] = {
    {"base_fork_returns_pid_and_status", base_fork_returns_pid_and_status,
     QUICK},
    {"base_fork_memory_isolated", base_fork_memory_isolated, QUICK},
    {"base_fork_inherits_fds", base_fork_inherits_fds, QUICK},
    {"base_exec_echo_args", base_exec_echo_args, QUICK},
    {"base_exec_missing_enoent", base_exec_missing_enoent, QUICK},
    {"base_exec_garbage_enoexec", base_exec_garbage_enoexec, QUICK},
    {"base_exec_empty_enoexec", base_exec_empty_enoexec, QUICK},
    {"base_exec_truncated_elf_enoexec", base_exec_truncated_elf_enoexec, QUICK},
    {"base_exec_bad_phdr_enoexec", base_exec_bad_phdr_enoexec, SLOW},
    {"base_exec_too_many_args_e2big", base_exec_too_many_args_e2big, QUICK},
    {"base_wait_no_children_echild", base_wait_no_children_echild, QUICK},
    {"base_wait_collects_all", base_wait_collects_all, QUICK},
    {"base_getppid_is_parent", base_getppid_is_parent, QUICK},
    {"base_many_children", base_many_children, SLOW},
    {"base_pipe_data", base_pipe_data, QUICK},
    {"base_pipe_short_read", base_pipe_short_read, QUICK},
    {"base_pipe_eof_when_writers_close", base_pipe_eof_when_writers_close,
     QUICK},
    {"base_pipe_no_reader_epipe", base_pipe_no_reader_epipe, QUICK},
    {"base_pipe_reader_gone_wakes_writer", base_pipe_reader_gone_wakes_writer,
     QUICK},
    {"base_pipe_big_transfer", base_pipe_big_transfer, QUICK},
    {"base_pipe_read_waits_for_writer", base_pipe_read_waits_for_writer, QUICK},
    {"base_file_create_read_back", base_file_create_read_back, QUICK},
    {"base_file_sequential_writes", base_file_sequential_writes, QUICK},
    {"base_file_creat_keeps_data", base_file_creat_keeps_data, QUICK},
    {"base_file_trunc", base_file_trunc, QUICK},
    {"base_file_excl_eexist", base_file_excl_eexist, QUICK},
    {"base_file_unlink_while_open", base_file_unlink_while_open, QUICK},
    {"base_file_indirect_blocks", base_file_indirect_blocks, SLOW},
    {"base_file_many_files", base_file_many_files, SLOW},
    {"base_file_concurrent_create_unlink", base_file_concurrent_create_unlink,
     SLOW},
    {"base_file_read_only_write_ebadf", base_file_read_only_write_ebadf, QUICK},
    {"base_open_dir_for_write_eisdir", base_open_dir_for_write_eisdir, QUICK},
    {"base_dup_shares_offset", base_dup_shares_offset, QUICK},
    {"base_fstat_sizes", base_fstat_sizes, QUICK},
    {"base_console_write", base_console_write, QUICK},
    {"base_mknod_device", base_mknod_device, QUICK},
    {"base_dir_mkdir_chdir", base_dir_mkdir_chdir, QUICK},
    {"base_dir_enotdir", base_dir_enotdir, QUICK},
    {"base_dir_enotempty", base_dir_enotempty, QUICK},
    {"base_dir_mkdir_eexist", base_dir_mkdir_eexist, QUICK},
    {"base_link_and_eexist", base_link_and_eexist, QUICK},
    {"base_enoent_cases", base_enoent_cases, QUICK},
    {"base_ebadf_cases", base_ebadf_cases, QUICK},
    {"base_emfile_at_nofile", base_emfile_at_nofile, QUICK},
    {"base_sbrk_grow", base_sbrk_grow, QUICK},
    {"base_sbrk_unaligned", base_sbrk_unaligned, QUICK},
    {"base_sbrk_shrink", base_sbrk_shrink, QUICK},
    {"base_sbrk_returns_pages", base_sbrk_returns_pages, QUICK},
    {"base_sbrk_huge_enomem", base_sbrk_huge_enomem, QUICK},
    {"base_sbrk_fork_copies_heap", base_sbrk_fork_copies_heap, QUICK},
    {"base_oom_recovery", base_oom_recovery, SLOW},
    {"base_oom_cow_fault_killed", base_oom_cow_fault_killed, SLOW},
    {"base_copyout_cow_enomem", base_copyout_cow_enomem, SLOW},
    {"base_waitpid_enomem_keeps_zombie", base_waitpid_enomem_keeps_zombie,
     SLOW},
    {"base_efault_read", base_efault_read, QUICK},
    {"base_efault_write", base_efault_write, QUICK},
    {"base_efault_console_write", base_efault_console_write, QUICK},
    {"base_efault_fstat", base_efault_fstat, QUICK},
    {"base_efault_pipe", base_efault_pipe, QUICK},
    {"base_efault_open", base_efault_open, QUICK},
    {"base_efault_exec", base_efault_exec, QUICK},
    {"base_efault_unlink_mkdir_chdir", base_efault_unlink_mkdir_chdir, QUICK},
    {"base_efault_link", base_efault_link, QUICK},
    {"base_efault_waitpid", base_efault_waitpid, QUICK},
    {"base_null_pointer_kills", base_null_pointer_kills, QUICK},
    {"base_float_per_process", base_float_per_process, QUICK},
    {"base_libc_sort_search_tokens", base_libc_sort_search_tokens, QUICK},
    {"base_illegal_instruction_kills", base_illegal_instruction_kills, QUICK},
    {"base_efault_sysinfo_bootargs_procs", base_efault_sysinfo_bootargs_procs,
     QUICK},
    {"base_user_read_kernel_killed", base_user_read_kernel_killed, QUICK},
    {"base_user_write_kernel_killed", base_user_write_kernel_killed, QUICK},
    {"base_user_read_kernel_stack_killed", base_user_read_kernel_stack_killed,
     QUICK},
    {"base_user_write_kernel_stack_killed", base_user_write_kernel_stack_killed,
     QUICK},
    {"base_user_jump_kernel_killed", base_user_jump_kernel_killed, QUICK},
    {"base_user_past_heap_killed", base_user_past_heap_killed, QUICK},
    {"base_stack_guard_touch_killed", base_stack_guard_touch_killed, QUICK},
    {"base_stack_overflow_killed", base_stack_overflow_killed, QUICK},
    {"base_kill_sleeping_child", base_kill_sleeping_child, QUICK},
    {"base_kill_pipe_reader", base_kill_pipe_reader, QUICK},
    {"base_kill_spinning_child", base_kill_spinning_child, QUICK},
    {"base_kill_esrch", base_kill_esrch, QUICK},
    {"base_harts_getpid_parallel", base_harts_getpid_parallel, QUICK},
    {"base_harts_pipe_parallel", base_harts_pipe_parallel, QUICK},
    {"base_harts_pipe_many_writers", base_harts_pipe_many_writers, QUICK},
    {"base_harts_sbrk_parallel", base_harts_sbrk_parallel, QUICK},
    {"base_harts_fork_parallel", base_harts_fork_parallel, SLOW},
    {"base_uptime_increases", base_uptime_increases, QUICK},
    {"base_sleep_at_least_ticks", base_sleep_at_least_ticks, QUICK},
    {"base_sysinfo_reports", base_sysinfo_reports, QUICK},
    {"base_procs_lists_self", base_procs_lists_self, QUICK},
    {"base_procs_shows_cputicks_and_tickets",
     base_procs_shows_cputicks_and_tickets, QUICK},
    {"base_trace_returns_old_mask", base_trace_returns_old_mask, QUICK},
    {"base_trace_line_format", base_trace_line_format, QUICK},
    {"base_trace_args_and_pointers", base_trace_args_and_pointers, QUICK},
    {"base_trace_fork_inherits", base_trace_fork_inherits, QUICK},
    {"base_trace_parallel_children", base_trace_parallel_children, QUICK},
    {"base_strace_runs_program", base_strace_runs_program, QUICK},
    {"base_strace_mask_and_errors", base_strace_mask_and_errors, QUICK},
};

struct suite base_suite = SUITE("base", base_tests);
