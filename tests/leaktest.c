/*
 * Leak tests: no kernel memory reaches user space.
 *
 * Every system call that copies data out is called here with a user
 * buffer filled with a non-zero pattern first, and the result is
 * checked three ways: padding and the bytes after each string's NUL
 * must be zero; bytes past what the call reports must still hold the
 * pattern (the kernel wrote nothing there); and calling again over a
 * second pattern must give the same bytes (a byte the kernel never
 * wrote would show the pattern, which differs).
 *
 * Run on the poison kernel (build/kernel-poison, make POISON=1), where
 * freed and new pages, freed kmalloc objects and the free part of each
 * kernel stack hold POISON_BYTE, a leak shows as poison instead of as
 * lucky zeros.  On the ordinary kernel the tests first leave stale
 * data where a careless call would pick it up: a long path on the
 * kernel stack (open), a freed page full of bytes (sbrk down).
 */
#include "tests/testlib.h"
#include "kernel/fs.h"

#define FILL_A 0xa5
#define FILL_B 0x3c
#define BUFSZ 4096
#define KEYBASE ((key_t)0x4c4b00)

/* The caller defines semctl's fourth argument, as POSIX says. */
union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

/* Large buffers are static: the user stack is small. */
static char buf_a[BUFSZ], buf_b[BUFSZ];

/* Index of the first byte in [from, to) of p that is not zero, or -1. */
static int
nonzero_at(const void *p, int from, int to)
{
    const unsigned char *c = p;

    for (int i = from; i < to; i++)
        if (c[i] != 0)
            return i;
    return -1;
}

/* Do the bytes [from, to) of p all still hold fill? */
static int
untouched(const void *p, int from, int to, int fill)
{
    const unsigned char *c = p;

    for (int i = from; i < to; i++)
        if (c[i] != (unsigned char)fill)
            return 0;
    return 1;
}

/* Is everything after the NUL of the string in field[size] zero? */
static int
tail_clean(const char *field, int size)
{
    int i = 0;

    while (i < size && field[i] != 0)
        i++;
    return nonzero_at(field, i, size) < 0;
}

/* Leave a long path on this process's kernel stack: a call that copies
 * out a stack structure it did not clear would show these bytes. */
static void
dirty_kernel_stack(void)
{
    char path[120];

    memset(path, 'Q', sizeof(path) - 1);
    path[0] = '/';
    path[sizeof(path) - 1] = 0;
    open(path, O_RDONLY); /* fails: no such file */
}

/* Put a few pages full of bytes on top of the free list, where the
 * next kalloc finds them. */
static void
dirty_free_pages(void)
{
    long n = 4 * 4096;
    char *p = sbrk(n);

    CHECK(p != (char *)-1);
    memset(p, 'L', n);
    CHECK(sbrk(-n) != (char *)-1);
}

/* fn(buf) over FILL_A, then over FILL_B: the first n bytes must come
 * out the same, the rest up to BUFSZ must keep their fill. */
static void
same_over_two_fills(int (*fn)(void *), int n)
{
    memset(buf_a, FILL_A, BUFSZ);
    memset(buf_b, FILL_B, BUFSZ);
    CHECK(fn(buf_a) >= 0);
    CHECK(fn(buf_b) >= 0);
    CHECK(memcmp(buf_a, buf_b, n) == 0);
    CHECK(untouched(buf_a, n, BUFSZ, FILL_A));
    CHECK(untouched(buf_b, n, BUFSZ, FILL_B));
}

/* ---------------------------------------------------------------- */
/* Process and system information                                   */
/* ---------------------------------------------------------------- */

static void
leak_procs_name_tails(void)
{
    struct procinfo *rows = (struct procinfo *)buf_a;
    int n, i;

    memset(buf_a, FILL_A, BUFSZ);
    dirty_kernel_stack();
    n = procs(rows, NPROC);
    CHECK(n >= 2); /* init and us at least */
    for (i = 0; i < n; i++) {
        CHECK(rows[i].pid > 0);
        CHECK(tail_clean(rows[i].name, sizeof(rows[i].name)));
    }
    CHECK(untouched(buf_a, n * sizeof(rows[0]), BUFSZ, FILL_A));
}

static void
leak_lockstat_name_tails(void)
{
    struct lockinfo *rows = (struct lockinfo *)buf_a;
    int max = BUFSZ / sizeof(rows[0]) - 1, n, i;

    memset(buf_a, FILL_A, BUFSZ);
    dirty_free_pages(); /* lockstat builds its rows in a fresh page */
    n = lockstat(rows, max);
    CHECK(n > 0 && n <= max);
    for (i = 0; i < n; i++) {
        CHECK(rows[i].name[0] != 0);
        CHECK(tail_clean(rows[i].name, sizeof(rows[i].name)));
    }
    CHECK(untouched(buf_a, n * sizeof(rows[0]), BUFSZ, FILL_A));
}

static void
leak_sysinfo_every_byte(void)
{
    struct sysinfo *a = (struct sysinfo *)buf_a, *b = (struct sysinfo *)buf_b;
    int from = __builtin_offsetof(struct sysinfo, nproc_max);
    int n = sizeof(struct sysinfo);

    memset(buf_a, FILL_A, BUFSZ);
    memset(buf_b, FILL_B, BUFSZ);
    CHECK(sysinfo(a) == 0 && sysinfo(b) == 0);
    /* init may reap an orphan in between: free pages and processes may
     * move, the rest may not */
    CHECK(memcmp(buf_a + from, buf_b + from, n - from) == 0);
    /* written: either fill pattern is far above any page count */
    CHECK(a->freepages < (1UL << 32) && b->freepages < (1UL << 32));
    CHECK(a->nproc >= 2 && a->nproc <= NPROC && b->nproc >= 2);
    CHECK(a->nproc_max == NPROC);
    CHECK(untouched(buf_a, n, BUFSZ, FILL_A));
    CHECK(untouched(buf_b, n, BUFSZ, FILL_B));
}

static void
leak_bootargs_tail(void)
{
    int len;

    memset(buf_a, FILL_A, BUFSZ);
    memset(buf_b, FILL_B, BUFSZ);
    len = bootargs(buf_a, 256);
    CHECK(len >= 0 && len < 255);
    CHECK(bootargs(buf_b, 256) == len);
    CHECK(buf_a[len] == 0 && (int)strlen(buf_a) == len);
    CHECK(memcmp(buf_a, buf_b, len + 1) == 0);
    CHECK(untouched(buf_a, len + 1, BUFSZ, FILL_A));
    /* cut short: n - 1 bytes and a NUL, nothing after */
    memset(buf_a, FILL_A, BUFSZ);
    if (len >= 4) {
        CHECK(bootargs(buf_a, 4) == len);
        CHECK(buf_a[3] == 0 && untouched(buf_a, 4, BUFSZ, FILL_A));
    }
}

/* ---------------------------------------------------------------- */
/* Files, pipes, directories                                         */
/* ---------------------------------------------------------------- */

static int leak_fd = -1;

static int
call_fstat(void *buf)
{
    dirty_kernel_stack();
    return fstat(leak_fd, buf);
}

static void
leak_fstat_padding(void)
{
    struct stat *st = (struct stat *)buf_a;
    int pad = __builtin_offsetof(struct stat, nlink) + sizeof(short);

    CHECK((leak_fd = open("/README.md", O_RDONLY)) >= 0);
    same_over_two_fills(call_fstat, sizeof(struct stat));
    CHECK(st->type == T_FILE && st->size > 0);
    CHECK(nonzero_at(buf_a, pad, __builtin_offsetof(struct stat, size)) < 0);
    close(leak_fd);
}

static void
leak_read_file_and_pipe(void)
{
    int fd, fds[2];

    unlink("/leakfile");
    CHECK((fd = open("/leakfile", O_CREAT | O_RDWR)) >= 0);
    CHECK(write(fd, "0123456789", 10) == 10);
    close(fd);
    CHECK((fd = open("/leakfile", O_RDONLY)) >= 0);
    memset(buf_a, FILL_A, BUFSZ);
    CHECK(read(fd, buf_a, 64) == 10);
    CHECK(memcmp(buf_a, "0123456789", 10) == 0);
    CHECK(untouched(buf_a, 10, BUFSZ, FILL_A));
    close(fd);
    CHECK(unlink("/leakfile") == 0);

    CHECK(pipe(fds) == 0);
    CHECK(write(fds[1], "abc", 3) == 3);
    memset(buf_a, FILL_A, BUFSZ);
    CHECK(read(fds[0], buf_a, 64) == 3);
    CHECK(memcmp(buf_a, "abc", 3) == 0);
    CHECK(untouched(buf_a, 3, BUFSZ, FILL_A));
    close(fds[0]);
    close(fds[1]);
}

/* Every entry of directory path: a free one all zeros, a used one
 * with zeros after its name.  Returns: entries in use. */
static int
check_dir(const char *path)
{
    struct dirent de;
    int fd, n, used = 0;

    CHECK((fd = open(path, O_RDONLY)) >= 0);
    for (;;) {
        memset(&de, FILL_A, sizeof(de));
        if ((n = read(fd, &de, sizeof(de))) == 0)
            break;
        CHECK(n == sizeof(de));
        if (de.inum == 0) {
            CHECK(nonzero_at(&de, 0, sizeof(de)) < 0);
            continue;
        }
        CHECK(tail_clean(de.name, DIRSIZ));
        used++;
    }
    close(fd);
    return used;
}

static void
leak_dir_entries_clean(void)
{
    int fd;

    CHECK(check_dir("/") > 2);
    unlink("/leakdir/b");
    unlink("/leakdir");
    CHECK(mkdir("/leakdir") == 0);
    /* a long name, removed, then a short one in its place */
    CHECK((fd = open("/leakdir/a-rather-long-file-name-xx", O_CREAT)) >= 0);
    close(fd);
    CHECK(unlink("/leakdir/a-rather-long-file-name-xx") == 0);
    CHECK((fd = open("/leakdir/b", O_CREAT)) >= 0);
    close(fd);
    CHECK(check_dir("/leakdir") == 3); /* ".", "..", "b" */
    CHECK(unlink("/leakdir/b") == 0);
    CHECK(unlink("/leakdir") == 0);
}

/* ---------------------------------------------------------------- */
/* System V IPC                                                      */
/* ---------------------------------------------------------------- */

static int ipc_id;

static int
call_msg_stat(void *buf)
{
    dirty_kernel_stack();
    return msgctl(ipc_id, IPC_STAT, buf);
}

static int
call_sem_stat(void *buf)
{
    union semun arg;

    dirty_kernel_stack();
    arg.buf = buf;
    return semctl(ipc_id, 0, IPC_STAT, arg);
}

static int
call_shm_stat(void *buf)
{
    dirty_kernel_stack();
    return shmctl(ipc_id, IPC_STAT, buf);
}

/* The 4 bytes between struct ipc_perm and the next field. */
#define PERM_PAD_FROM ((int)sizeof(struct ipc_perm))
#define PERM_PAD_TO 32

static void
leak_ipc_stat_padding(void)
{
    struct sysinfo s0, s1;

    test_snapshot(&s0);
    CHECK((ipc_id = msgget(IPC_PRIVATE, 0600)) >= 0);
    same_over_two_fills(call_msg_stat, sizeof(struct msqid_ds));
    CHECK(nonzero_at(buf_a, PERM_PAD_FROM, PERM_PAD_TO) < 0);
    CHECK(msgctl(ipc_id, IPC_RMID, 0) == 0);

    CHECK((ipc_id = semget(IPC_PRIVATE, 3, 0600)) >= 0);
    same_over_two_fills(call_sem_stat, sizeof(struct semid_ds));
    CHECK(nonzero_at(buf_a, PERM_PAD_FROM, PERM_PAD_TO) < 0);
    CHECK(semctl(ipc_id, 0, IPC_RMID) == 0);

    CHECK((ipc_id = shmget(IPC_PRIVATE, 5000, 0600)) >= 0);
    same_over_two_fills(call_shm_stat, sizeof(struct shmid_ds));
    CHECK(nonzero_at(buf_a, PERM_PAD_FROM, PERM_PAD_TO) < 0);
    CHECK(shmctl(ipc_id, IPC_RMID, 0) == 0);
    test_snapshot(&s1);
    CHECK(s1.nmsq == s0.nmsq && s1.nsem == s0.nsem && s1.nshm == s0.nshm);
}

static unsigned int ids_count;

static int
call_msgids(void *buf)
{
    dirty_free_pages(); /* ids are gathered in a fresh page */
    return msgids(buf, 64, &ids_count);
}

static int
call_semids(void *buf)
{
    dirty_free_pages();
    return semids(buf, 64, &ids_count);
}

static int
call_shmids(void *buf)
{
    dirty_free_pages();
    return shmids(buf, 64, &ids_count);
}

static void
leak_ipc_ids(void)
{
    int q, s, m;

    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    CHECK((s = semget(IPC_PRIVATE, 1, 0600)) >= 0);
    CHECK((m = shmget(IPC_PRIVATE, 100, 0600)) >= 0);
    CHECK(msgids(0, 0, &ids_count) == 0 && ids_count >= 1);
    same_over_two_fills(call_msgids, ids_count * sizeof(int));
    CHECK(semids(0, 0, &ids_count) == 0 && ids_count >= 1);
    same_over_two_fills(call_semids, ids_count * sizeof(int));
    CHECK(shmids(0, 0, &ids_count) == 0 && ids_count >= 1);
    same_over_two_fills(call_shmids, ids_count * sizeof(int));
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    CHECK(semctl(s, 0, IPC_RMID) == 0);
    CHECK(shmctl(m, IPC_RMID, 0) == 0);
}

static int
call_getall(void *buf)
{
    union semun arg;

    dirty_kernel_stack();
    arg.array = buf;
    return semctl(ipc_id, 0, GETALL, arg);
}

static void
leak_semctl_getall(void)
{
    unsigned short vals[5] = {1, 2, 3, 4, 5};
    union semun arg;

    CHECK((ipc_id = semget(IPC_PRIVATE, 5, 0600)) >= 0);
    arg.array = vals;
    CHECK(semctl(ipc_id, 0, SETALL, arg) == 0);
    same_over_two_fills(call_getall, sizeof(vals));
    CHECK(memcmp(buf_a, vals, sizeof(vals)) == 0);
    CHECK(semctl(ipc_id, 0, IPC_RMID) == 0);
}

/* A message as user memory holds it. */
struct lmsg {
    long mtype;
    char mtext[128];
};

static void
leak_msgrcv_tail(void)
{
    struct lmsg *in = (struct lmsg *)buf_a;
    struct lmsg out;
    int q;

    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    /* a long message first: its kernel block may be used again */
    out.mtype = 1;
    memset(out.mtext, 'M', sizeof(out.mtext));
    CHECK(msgsnd(q, &out, 60, 0) == 0);
    CHECK(msgrcv(q, buf_a, sizeof(out.mtext), 0, 0) == 60);
    memmove(out.mtext, "hello", 5);
    CHECK(msgsnd(q, &out, 5, 0) == 0);
    memset(buf_a, FILL_A, BUFSZ);
    CHECK(msgrcv(q, buf_a, sizeof(out.mtext), 0, 0) == 5);
    CHECK(in->mtype == 1 && memcmp(in->mtext, "hello", 5) == 0);
    CHECK(untouched(buf_a, sizeof(long) + 5, BUFSZ, FILL_A));
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
}

/* ---------------------------------------------------------------- */
/* New memory                                                        */
/* ---------------------------------------------------------------- */

/* Heap pages and shared-memory segments come zeroed, to the end of
 * their last page, even when the pages were just freed full of bytes. */
static void
leak_new_memory_zeroed(void)
{
    long n = 8 * 4096;
    char *p, *base;
    int m;

    dirty_free_pages();
    base = sbrk(0);
    CHECK((p = sbrk(n)) != (char *)-1);
    CHECK(nonzero_at(p, 0, n) < 0);
    CHECK(sbrk(-n) == base + n);
    dirty_free_pages();
    CHECK((m = shmget(IPC_PRIVATE, 5000, 0600)) >= 0);
    CHECK((p = shmat(m, 0, 0)) != (char *)-1);
    CHECK(nonzero_at(p, 0, 2 * 4096) < 0);
    CHECK(shmdt(p) == 0);
    CHECK(shmctl(m, IPC_RMID, 0) == 0);
}

static struct test leak_tests[] = {
    {"leak_procs_name_tails", leak_procs_name_tails, QUICK},
    {"leak_lockstat_name_tails", leak_lockstat_name_tails, QUICK},
    {"leak_sysinfo_every_byte", leak_sysinfo_every_byte, QUICK},
    {"leak_bootargs_tail", leak_bootargs_tail, QUICK},
    {"leak_fstat_padding", leak_fstat_padding, QUICK},
    {"leak_read_file_and_pipe", leak_read_file_and_pipe, QUICK},
    {"leak_dir_entries_clean", leak_dir_entries_clean, QUICK},
    {"leak_ipc_stat_padding", leak_ipc_stat_padding, QUICK},
    {"leak_ipc_ids", leak_ipc_ids, QUICK},
    {"leak_semctl_getall", leak_semctl_getall, QUICK},
    {"leak_msgrcv_tail", leak_msgrcv_tail, QUICK},
    {"leak_new_memory_zeroed", leak_new_memory_zeroed, QUICK},
};

struct suite leak_suite = SUITE("leak", leak_tests);
