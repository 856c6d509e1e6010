/*
 * limitstest: resource exhaustion.  Each test fills one table or pool
 * to its limit, checks that the caller gets the documented error, lets
 * the holders go, and checks that everything comes back.
 *
 * Overview    process table (EAGAIN, also with the holders orphaned to
 *             init), memory (ENOMEM for one process and for several at
 *             once), descriptors (EMFILE at NOFILE), the open-file table
 *             (ENFILE across processes), POSIX semaphores (ENFILE at
 *             KSEM_MAX, across processes), the three System V tables
 *             (ENOSPC at IPC_TABLE_MAX), disk blocks and disk inodes
 *             (ENOSPC), each followed by a check that the resource is
 *             usable again.  The suite's leak check (tests/testlib.c)
 *             makes the final comparison of pages, slots and objects.
 * Objects     Holders are children that take what they can, report on a
 *             pipe (struct report) and then block reading a second pipe
 *             until the test closes it, so they hold everything at the
 *             same moment and let go together, even if the test fails.
 * Design      Tests that leave things no exit frees (IPC objects, files)
 *             record their results first, clean up, and only then
 *             CHECK, so a failing test cannot fill the system for the
 *             suites after it.  Counts are exact where the kernel's
 *             limit is exact: the process table holds NPROC, and the
 *             IPC tables IPC_TABLE_MAX, whatever else is in use (taken
 *             from sysinfo before filling).
 * Interfaces  limits_suite, run by tests/usertests.c.
 */
#include "tests/testlib.h"
#include "kernel/fs.h"

#define PGSZ 4096
#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define SETTLE_TRIES 100 /* sysinfo polls, SETTLE_TICKS apart */
#define SETTLE_TICKS 5
#define MEM_CHILDREN 4
#define MAX_HOLDERS 16
#define DISK_DIR "/limd"
#define INODE_DIR "/limi"
#define MAX_DISK_FILES 64
#define MAX_INODE_FILES 1100
#define INODES_PER_DIR 64

/* What a holder tells the test before it blocks. */
struct report {
    int count; /* things obtained */
    int err;   /* errno of the failure that stopped it, 0 if none */
};

/* The two pipes between a test and its holders. */
struct gate {
    int res[2]; /* holder -> test: struct report */
    int go[2];  /* test -> holders: closed to let them go */
};

static int ids[IPC_TABLE_MAX + 8];
static sem_t sems[KSEM_MAX + 4];
static char chunk[16 * 1024];

static void
gate_open(struct gate *g)
{
    CHECK(pipe(g->res) == 0);
    CHECK(pipe(g->go) == 0);
}

/* In a holder: send the report, then wait until the test lets go. */
static void
hold(struct gate *g, int count, int err)
{
    struct report r = {count, err};
    char c;

    close(g->go[1]);
    write(g->res[1], &r, sizeof(r));
    close(g->res[1]); /* the test sees end of file once all reported */
    close(g->res[0]);
    while (read(g->go[0], &c, 1) > 0)
        ;
    exit(0);
}

/* In the test: the next holder's report (count -1: it died first). */
static struct report
gate_report(struct gate *g)
{
    struct report r = {-1, 0};

    if (read(g->res[0], &r, sizeof(r)) != sizeof(r))
        r.count = -1;
    return r;
}

/* In the test: let every holder go and reap n children. */
static void
gate_release(struct gate *g, int n)
{
    close(g->go[1]);
    close(g->go[0]);
    close(g->res[0]);
    close(g->res[1]);
    while (n-- > 0)
        CHECK(wait(0) > 0);
}

/* Wait (a few seconds at most) until field of sysinfo equals want;
 * init reaps orphans and exits free memory on other harts meanwhile.
 * Returns: the last value seen. */
static long
settle(long (*field)(struct sysinfo *), long want)
{
    struct sysinfo si;
    long v = -1;

    for (int i = 0; i < SETTLE_TRIES; i++) {
        test_snapshot(&si);
        if ((v = field(&si)) == want)
            break;
        sleep(SETTLE_TICKS);
    }
    return v;
}

static long
f_nproc(struct sysinfo *si)
{
    return si->nproc;
}

static long
f_freepages(struct sysinfo *si)
{
    return si->freepages;
}

static long
f_nksem(struct sysinfo *si)
{
    return si->nksem;
}

/* Fork a child that exits with status 7; 1 if that worked. */
static int
fork_works(void)
{
    int pid = fork(), status = 0;

    if (pid < 0)
        return 0;
    if (pid == 0)
        exit(7);
    return waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
           WEXITSTATUS(status) == 7;
}

/* ---------------------------------------------------------------- */
/* The process table                                                 */
/* ---------------------------------------------------------------- */

/* Try a fork that should fail.  Returns: its errno, or 0 if it worked
 * (the child exits at once and is reaped). */
static int
fork_fails(void)
{
    int pid = fork();

    if (pid == 0)
        exit(0);
    if (pid > 0) {
        waitpid(pid, 0, 0);
        return 0;
    }
    return errno;
}

/* Fork holders until fork fails.  Returns how many; errno is fork's. */
static int
fork_holders(struct gate *g)
{
    int n = 0, pid;

    while (n <= NPROC && (pid = fork()) >= 0) {
        if (pid == 0)
            hold(g, 0, 0);
        n++;
    }
    return n;
}

/* Fill the table with holders, check fork's error, let them go.
 * Returns: how many holders fit. */
static int
fill_proc_table(void)
{
    struct gate g;
    int n, err, again;

    gate_open(&g);
    n = fork_holders(&g);
    err = errno;
    again = fork_fails() == EAGAIN; /* a failed fork loses no slot */
    gate_release(&g, n);
    CHECK(err == EAGAIN);
    CHECK(again);
    return n;
}

static void
limits_proc_table_full(void)
{
    struct sysinfo s0;
    int n;

    test_snapshot(&s0);
    n = fill_proc_table();
    CHECK(n == NPROC - s0.nproc);
    CHECK(settle(f_nproc, s0.nproc) == s0.nproc);
    CHECK(fork_works());
    CHECK(fill_proc_table() == n); /* every slot came back */
    CHECK(settle(f_nproc, s0.nproc) == s0.nproc);
}

/* A middle process fills the table with its children and exits, so
 * every holder is an orphan that init must reap. */
static void
limits_proc_table_orphans(void)
{
    struct sysinfo s0;
    struct gate g;
    int mid, extra, n = 0, status = 0, err;

    test_snapshot(&s0);
    gate_open(&g);
    mid = fork();
    CHECK(mid >= 0);
    if (mid == 0) {
        int k = fork_holders(&g);
        exit(errno == EAGAIN && k == NPROC - s0.nproc - 1 ? 0 : 1);
    }
    CHECK(waitpid(mid, &status, 0) == mid);
    close(g.res[1]);
    while (gate_report(&g).count == 0)
        n++;
    /* mid's slot is free again: one more fork fits, then none. */
    extra = fork();
    if (extra == 0)
        hold(&g, 0, 0);
    err = fork_fails();
    gate_release(&g, extra > 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK(n == NPROC - s0.nproc - 1);
    CHECK(extra > 0);
    CHECK(err == EAGAIN);
    CHECK(settle(f_nproc, s0.nproc) == s0.nproc);
    CHECK(fork_works());
}

/* ---------------------------------------------------------------- */
/* Memory                                                            */
/* ---------------------------------------------------------------- */

/* Grow the heap until sbrk fails, touching each page.  Returns the
 * pages obtained; errno is sbrk's. */
static long
sbrk_all(void)
{
    long pages = 0, step = 64;
    char *p;

    for (;;) {
        p = sbrk(step * PGSZ);
        if (p == (char *)-1) {
            if (step == 1 || errno != ENOMEM)
                return pages;
            step = 1;
            continue;
        }
        for (long i = 0; i < step; i++)
            p[i * PGSZ] = (char)i;
        pages += step;
    }
}

static void
sbrk_child(void)
{
    struct sysinfo a, b;
    char *top;
    long pages;

    errno = 0; /* own errno's page before memory runs out (copy-on-write) */
    test_snapshot(&a);
    top = sbrk(0);
    pages = sbrk_all();
    CHECK(errno == ENOMEM);
    CHECK(sbrk(0) == top + pages * PGSZ); /* the failure changed nothing */
    CHECK(pages > (long)a.freepages / 2);
    /* With memory gone, fork fails with one of its documented errors. */
    int err = fork_fails();
    CHECK(err == EAGAIN || err == ENOMEM);
    CHECK(sbrk(-pages * PGSZ) == top + pages * PGSZ);
    test_snapshot(&b);
    /* Page-table pages may stay until exit: one per 512 pages. */
    CHECK(b.freepages + pages / 256 + 8 >= a.freepages);
    CHECK(sbrk(16 * PGSZ) == top);
    top[16 * PGSZ - 1] = 1;
    exit(0);
}

static void
limits_sbrk_enomem(void)
{
    struct sysinfo s0;
    int pid;

    test_snapshot(&s0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        sbrk_child();
    CHECK(test_wait_status(pid) == 0);
    CHECK(settle(f_freepages, s0.freepages) == (long)s0.freepages);
    CHECK(fork_works());
}

/*
 * A child of the memory test.  Before memory runs out it must own its
 * stack and data pages: a copy-on-write fault with no memory left
 * would kill it.  So it writes them, says it is ready, and waits for
 * the start.
 */
static void
memory_child(struct gate *g, int ready, int start)
{
    char c, touch[256];

    memset(touch, 1, sizeof(touch));
    errno = touch[0] - 1;
    write(ready, touch, 1);
    read(start, &c, 1);
    long pages = sbrk_all();
    hold(g, (int)pages, errno);
}

/* Several children take memory at once until each fails. */
static void
limits_memory_many_children(void)
{
    struct sysinfo s0;
    struct gate g;
    struct report r[MEM_CHILDREN];
    long total = 0;
    int i, pid, ready[2], start[2];
    char go[MEM_CHILDREN];

    test_snapshot(&s0);
    gate_open(&g);
    CHECK(pipe(ready) == 0 && pipe(start) == 0);
    for (i = 0; i < MEM_CHILDREN; i++) {
        pid = fork();
        CHECK(pid >= 0);
        if (pid == 0)
            memory_child(&g, ready[1], start[0]);
    }
    close(g.res[1]);
    for (i = 0; i < MEM_CHILDREN; i++)
        CHECK(read(ready[0], go, 1) == 1);
    memset(go, 0, sizeof(go));
    CHECK(write(start[1], go, sizeof(go)) == sizeof(go));
    for (i = 0; i < MEM_CHILDREN; i++)
        r[i] = gate_report(&g);
    gate_release(&g, MEM_CHILDREN);
    close(ready[0]);
    close(ready[1]);
    close(start[0]);
    close(start[1]);
    for (i = 0; i < MEM_CHILDREN; i++) {
        CHECK(r[i].count >= 0); /* not killed */
        CHECK(r[i].err == ENOMEM);
        total += r[i].count;
    }
    CHECK(total > (long)s0.freepages / 2);
    CHECK(settle(f_freepages, s0.freepages) == (long)s0.freepages);
    CHECK(fork_works());
}

/* ---------------------------------------------------------------- */
/* Descriptors and the open-file table                               */
/* ---------------------------------------------------------------- */

/* Open "/" until open fails.  Returns how many; errno is open's. */
static int
open_all(int *fds, int max)
{
    int n = 0, fd;

    while (n < max && (fd = open("/", O_RDONLY)) >= 0)
        fds[n++] = fd;
    return n;
}

static void
limits_fd_emfile(void)
{
    int fds[NOFILE + 1], pfd[2], n, free_fds = 0, i;

    for (i = 0; i < NOFILE; i++) {
        struct stat st;
        free_fds += fstat(i, &st) < 0 && errno == EBADF;
    }
    n = open_all(fds, NOFILE + 1);
    CHECK(errno == EMFILE);
    CHECK(n == free_fds);
    CHECK_ERR(dup(0) == -1, EMFILE);
    CHECK_ERR(pipe(pfd) == -1, EMFILE);
    CHECK(close(fds[0]) == 0);
    fds[0] = open("/", O_RDONLY);
    CHECK(fds[0] >= 0);
    for (i = 0; i < n; i++)
        CHECK(close(fds[i]) == 0);
    CHECK(open_all(fds, NOFILE + 1) == free_fds);
    for (i = 0; i < free_fds; i++)
        CHECK(close(fds[i]) == 0);
}

/* Holders each open as many files as they can, until one of them finds
 * the system-wide table full. */
static void
limits_file_table_enfile(void)
{
    struct gate g;
    struct report r;
    int fds[NOFILE + 1], n = 0, full = 0, pfd[2], fd, emfile = 0;

    gate_open(&g);
    while (!full && n < MAX_HOLDERS) {
        int pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            int k = open_all(fds, NOFILE + 1);
            hold(&g, k, errno);
        }
        n++;
        r = gate_report(&g);
        CHECK(r.count >= 0);
        full = r.err == ENFILE;
        emfile += r.err == EMFILE;
    }
    /* The table is full: nobody can open, and a pipe needs two files. */
    errno = 0;
    fd = open("/", O_RDONLY);
    int open_err = errno, pipe_ok = pipe(pfd) == 0, pipe_err = errno;
    gate_release(&g, n);
    CHECK(full);
    CHECK(emfile == n - 1); /* the others stopped at their own limit */
    CHECK(fd == -1 && open_err == ENFILE);
    CHECK(!pipe_ok && pipe_err == ENFILE);
    fd = open("/", O_RDONLY);
    CHECK(fd >= 0);
    CHECK(close(fd) == 0);
}

/* ---------------------------------------------------------------- */
/* POSIX semaphores                                                  */
/* ---------------------------------------------------------------- */

static void
limits_ksem_enfile(void)
{
    struct sysinfo s0;
    int n = 0, err, i;

    test_snapshot(&s0);
    while (n < NELEM(sems) && sem_init(&sems[n], 1, 1) == 0)
        n++;
    err = errno;
    errno = 0;
    sem_t *named = sem_open("/lim_full", O_CREAT, 0600, 1);
    int named_err = errno;
    CHECK(n > 0 && sem_destroy(&sems[--n]) == 0);
    CHECK(sem_init(&sems[n], 1, 1) == 0); /* the freed slot is usable */
    n++;
    for (i = 0; i < n; i++)
        CHECK(sem_destroy(&sems[i]) == 0);
    if (named != SEM_FAILED) {
        sem_close(named);
        sem_unlink("/lim_full");
    }
    CHECK(err == ENFILE);
    CHECK(n == KSEM_MAX - s0.nksem);
    CHECK(named == SEM_FAILED && named_err == ENFILE);
    CHECK(settle(f_nksem, s0.nksem) == s0.nksem);
}

/* Holders fill the table together; their exit frees every slot. */
static void
limits_ksem_holders_exit(void)
{
    struct sysinfo s0;
    struct gate g;
    struct report r;
    int n = 0, total = 0, full = 0, err;
    sem_t s;

    test_snapshot(&s0);
    gate_open(&g);
    while (!full && n < MAX_HOLDERS) {
        int pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            int k = 0;
            while (k < 8 && sem_init(&sems[k], 1, 0) == 0)
                k++;
            hold(&g, k, k < 8 ? errno : 0);
        }
        n++;
        r = gate_report(&g);
        CHECK(r.count >= 0);
        total += r.count;
        full = r.err == ENFILE;
    }
    errno = 0;
    int ok = sem_init(&s, 1, 0) == 0;
    err = errno;
    gate_release(&g, n);
    if (ok)
        sem_destroy(&s);
    CHECK(full);
    CHECK(total == KSEM_MAX - s0.nksem);
    CHECK(!ok && err == ENFILE);
    CHECK(settle(f_nksem, s0.nksem) == s0.nksem);
    CHECK(sem_init(&s, 1, 0) == 0);
    CHECK(sem_destroy(&s) == 0);
}

/* ---------------------------------------------------------------- */
/* System V IPC tables                                               */
/* ---------------------------------------------------------------- */

#define KEY_FULL 0x4c494d00 /* "LIM": a key made while a table is full */

enum facility { F_MSG, F_SEM, F_SHM };

static int
ipc_make(enum facility f, key_t key, int flag)
{
    if (f == F_MSG)
        return msgget(key, flag | 0600);
    if (f == F_SEM)
        return semget(key, 1, flag | 0600);
    return shmget(key, 1, flag | 0600);
}

static int
ipc_remove(enum facility f, int id)
{
    if (f == F_MSG)
        return msgctl(id, IPC_RMID, 0);
    if (f == F_SEM)
        return semctl(id, 0, IPC_RMID);
    return shmctl(id, IPC_RMID, 0);
}

static int
ipc_used(enum facility f, struct sysinfo *si)
{
    return f == F_MSG ? si->nmsq : f == F_SEM ? si->nsem : si->nshm;
}

/*
 * Fill facility f's table with private objects and one keyed object;
 * check ENOSPC, that the keyed object can still be found, and that
 * removing everything gives every slot back.
 */
static void
fill_ipc_table(enum facility f)
{
    struct sysinfo s0, s1;
    int n = 0, err, keyed, found, again_err, removed = 0;

    test_snapshot(&s0);
    keyed = ipc_make(f, KEY_FULL + f, IPC_CREAT | IPC_EXCL);
    while (n < NELEM(ids) &&
           (ids[n] = ipc_make(f, IPC_PRIVATE, IPC_CREAT)) >= 0)
        n++;
    err = errno;
    errno = 0;
    found = ipc_make(f, KEY_FULL + f, 0);
    ipc_make(f, KEY_FULL + f + 8, IPC_CREAT);
    again_err = errno;
    for (int i = 0; i < n; i++)
        removed += ipc_remove(f, ids[i]) == 0;
    if (keyed >= 0)
        ipc_remove(f, keyed);
    CHECK(keyed >= 0);
    CHECK(err == ENOSPC);
    CHECK(n == IPC_TABLE_MAX - ipc_used(f, &s0) - 1);
    CHECK(found == keyed);
    CHECK(again_err == ENOSPC);
    CHECK(removed == n);
    test_snapshot(&s1);
    CHECK(ipc_used(f, &s1) == ipc_used(f, &s0));
    /* Every slot is free again: the table fills to the same count. */
    n = 0;
    while (n < NELEM(ids) &&
           (ids[n] = ipc_make(f, IPC_PRIVATE, IPC_CREAT)) >= 0)
        n++;
    for (int i = 0; i < n; i++)
        ipc_remove(f, ids[i]);
    CHECK(n == IPC_TABLE_MAX - ipc_used(f, &s0));
}

static void
limits_msg_table_enospc(void)
{
    fill_ipc_table(F_MSG);
}

static void
limits_sem_table_enospc(void)
{
    fill_ipc_table(F_SEM);
}

static void
limits_shm_table_enospc(void)
{
    fill_ipc_table(F_SHM);
}

/* ---------------------------------------------------------------- */
/* The disk                                                          */
/* ---------------------------------------------------------------- */

/* Remove dir/f0 .. dir/f(max-1), then dir. */
static void
remove_files(const char *dir, int max)
{
    char path[MAXPATH];

    for (int i = 0; i < max; i++) {
        snprintf(path, sizeof(path), "%s/f%d", dir, i);
        unlink(path);
    }
    unlink(dir);
}

/* Write data to path until write fails.  Returns the bytes written and
 * the error in *err (EFBIG: the file reached MAXFILE blocks). */
static long
write_until_error(const char *path, int *err)
{
    long total = 0;
    int fd, w;

    if ((fd = open(path, O_CREAT | O_WRONLY)) < 0) {
        *err = errno;
        return 0;
    }
    while ((w = write(fd, chunk, sizeof(chunk))) > 0)
        total += w;
    *err = errno;
    close(fd);
    return total;
}

/* Write files DISK_DIR/f0, f1, ... until the disk is full.  Returns the
 * files made; *err is the error that stopped it (ENOSPC). */
static int
fill_disk(long *sizes, int *err)
{
    char path[MAXPATH];
    int n = 0;

    *err = EFBIG;
    while (n < MAX_DISK_FILES && *err == EFBIG) {
        snprintf(path, sizeof(path), "%s/f%d", DISK_DIR, n);
        sizes[n++] = write_until_error(path, err);
    }
    return n;
}

/*
 * Fill the disk; check what fails with ENOSPC when it is full; remove
 * one file and check that exactly its bytes can be written again;
 * remove everything and check that a big file fits.
 */
static void
limits_disk_enospc(void)
{
    static long sizes[MAX_DISK_FILES];
    long total = 0, again, big;
    int n, err, again_err, big_err, mkdir_err, fd, create_err = 0;
    int write_err = 0;

    remove_files(DISK_DIR, MAX_DISK_FILES);
    CHECK(mkdir(DISK_DIR) == 0);
    memset(chunk, 0x5a, sizeof(chunk));
    n = fill_disk(sizes, &err);
    for (int i = 0; i < n; i++)
        total += sizes[i];
    /* A directory needs a block; a new file can be made, not written. */
    errno = 0;
    mkdir(DISK_DIR "/sub");
    mkdir_err = errno;
    if ((fd = open(DISK_DIR "/x", O_CREAT | O_WRONLY)) >= 0) {
        errno = 0;
        write(fd, chunk, 1);
        write_err = errno;
        close(fd);
        unlink(DISK_DIR "/x");
    } else {
        create_err = errno;
    }
    /* f0's blocks come back. */
    unlink(DISK_DIR "/f0");
    again = write_until_error(DISK_DIR "/f0", &again_err);
    remove_files(DISK_DIR, n);
    big = write_until_error("/limbig", &big_err);
    unlink("/limbig");
    CHECK(err == ENOSPC);
    CHECK(n >= 1 && total > 1024 * 1024);
    CHECK(mkdir_err == ENOSPC);
    CHECK(create_err == 0 && write_err == ENOSPC);
    /* f0 stopped at the largest file (EFBIG) or, when one file can
     * hold more than the disk, at the full disk; so does its copy. */
    CHECK(again == sizes[0] && again_err == (n > 1 ? EFBIG : ENOSPC));
    /* A file as big as the empty disk, or as big as a file can be. */
    CHECK(big_err == ENOSPC || big_err == EFBIG);
    CHECK(big_err == EFBIG || big + 64 * BSIZE >= total);
}

/* Path of the i-th file of the inode test: INODE_DIR/dD/fF. */
static void
inode_path(char *path, int i)
{
    snprintf(path, MAXPATH, "%s/d%d/f%d", INODE_DIR, i / INODES_PER_DIR,
             i % INODES_PER_DIR);
}

/* Create empty files until that fails; *err is the error.  Returns how
 * many were made.  Directories are made as needed. */
static int
fill_inodes(int *err)
{
    char path[MAXPATH];
    int n, fd;

    for (n = 0; n < MAX_INODE_FILES; n++) {
        if (n % INODES_PER_DIR == 0) {
            snprintf(path, MAXPATH, "%s/d%d", INODE_DIR, n / INODES_PER_DIR);
            if (mkdir(path) < 0)
                break;
        }
        inode_path(path, n);
        if ((fd = open(path, O_CREAT)) < 0)
            break;
        close(fd);
    }
    *err = errno;
    return n;
}

/* Remove what fill_inodes made (n files), ignoring errors. */
static void
remove_inodes(int n)
{
    char path[MAXPATH];

    for (int i = 0; i < n; i++) {
        inode_path(path, i);
        unlink(path);
    }
    for (int d = 0; d <= n / INODES_PER_DIR; d++) {
        snprintf(path, MAXPATH, "%s/d%d", INODE_DIR, d);
        unlink(path);
    }
    unlink(INODE_DIR);
}

/* Use up the disk's inodes: ENOSPC for files and directories; a freed
 * inode is found again. */
static void
limits_disk_inodes_enospc(void)
{
    char path[MAXPATH];
    int n, err, mkdir_err, fd, again, again_err, after;

    remove_inodes(MAX_INODE_FILES);
    CHECK(mkdir(INODE_DIR) == 0);
    n = fill_inodes(&err);
    errno = 0;
    mkdir(INODE_DIR "/sub");
    mkdir_err = errno;
    inode_path(path, 0);
    unlink(path);
    again = (fd = open(path, O_CREAT)) >= 0;
    close(fd);
    errno = 0;
    after = open(INODE_DIR "/d0/extra", O_CREAT);
    again_err = errno;
    if (after >= 0) {
        close(after);
        unlink(INODE_DIR "/d0/extra");
    }
    remove_inodes(n);
    CHECK(err == ENOSPC);
    CHECK(n > 0 && n < MAX_INODE_FILES);
    CHECK(mkdir_err == ENOSPC);
    CHECK(again);
    CHECK(after == -1 && again_err == ENOSPC);
    CHECK(mkdir(INODE_DIR) == 0); /* an inode is free again */
    CHECK(unlink(INODE_DIR) == 0);
}

static struct test limits_tests[] = {
    {"limits_proc_table_full", limits_proc_table_full, QUICK},
    {"limits_proc_table_orphans", limits_proc_table_orphans, SLOW},
    {"limits_sbrk_enomem", limits_sbrk_enomem, QUICK},
    {"limits_memory_many_children", limits_memory_many_children, SLOW},
    {"limits_fd_emfile", limits_fd_emfile, QUICK},
    {"limits_file_table_enfile", limits_file_table_enfile, QUICK},
    {"limits_ksem_enfile", limits_ksem_enfile, QUICK},
    {"limits_ksem_holders_exit", limits_ksem_holders_exit, SLOW},
    {"limits_msg_table_enospc", limits_msg_table_enospc, SLOW},
    {"limits_sem_table_enospc", limits_sem_table_enospc, SLOW},
    {"limits_shm_table_enospc", limits_shm_table_enospc, SLOW},
    {"limits_disk_enospc", limits_disk_enospc, SLOW},
    {"limits_disk_inodes_enospc", limits_disk_inodes_enospc, SLOW},
};

struct suite limits_suite = SUITE("limits", limits_tests);
