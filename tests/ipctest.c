/*
 * System V IPC tests: the namespace (kernel/ipc.c) and the message
 * queues, semaphore arrays and shared memory built on it, driven
 * through the user API only, as POSIX and DESIGN.md describe it.
 *
 * Conventions.  Each test names its objects by its own keys,
 * KEY(test, i), or by IPC_PRIVATE, and removes what it creates on the
 * success path; most compare the sysinfo() object counts before and
 * after.  Whatever blocks runs in a child, which tells the parent it is
 * about to block (ready()); the parent waits until the child is asleep
 * (await_asleep() or a semaphore's GETNCNT/GETZCNT) before it acts, and
 * reaps children against a deadline, so a lost wake-up fails the test
 * instead of hanging the suite.  Large buffers are static because a
 * user stack is a single page.
 */
#include "tests/testlib.h"

#define KEY(t, i) ((key_t)(0x4b1000 + (t)*64 + (i)))
#define PAGE 4096
#define SHMAT_FAILED ((void *)-1)
#define BADADDR ((void *)0x3000000000UL) /* above the shm windows */
#define PROC_SLEEPING 2                  /* enum procstate, kernel/proc.h */
#define PROC_ZOMBIE 5
#define DEADLINE 500         /* ticks a child gets for its part */
#define STRESS_DEADLINE 6000 /* ticks for a stress run, even on 1 hart */
#define NFAC 3               /* facilities: 0 msg, 1 sem, 2 shm */

/* The caller defines semctl's fourth argument, as POSIX says. */
union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

/* A message carrying one int. */
struct imsg {
    long mtype;
    int val;
};

/* A message as large as MSGMAX, with room for one byte too many. */
struct bigmsg {
    long mtype;
    char mtext[MSGMAX + 8];
};

/* ---------------------------------------------------------------- */
/* Children: start, block, finish.                                  */
/* ---------------------------------------------------------------- */

static int sync_fds[2]; /* child -> parent: "about to block" */

/* Fork with a sync pipe between parent and child; 0 in the child. */
static int
fork_sync(void)
{
    int pid;

    CHECK(pipe(sync_fds) == 0);
    pid = fork();
    CHECK(pid >= 0);
    close(pid == 0 ? sync_fds[0] : sync_fds[1]);
    return pid;
}

/* In the child of fork_sync: the next thing it does is block. */
static void
ready(void)
{
    char c = 'r';

    CHECK(write(sync_fds[1], &c, 1) == 1);
    close(sync_fds[1]);
}

/* The scheduler state of process pid, or -1 when there is none. */
static int
proc_state(int pid)
{
    static struct procinfo tab[NPROC];
    int i, n;

    n = procs(tab, NPROC);
    CHECK(n > 0);
    for (i = 0; i < n; i++)
        if (tab[i].pid == pid)
            return tab[i].state;
    return -1;
}

/* In the parent: wait for the child's ready() and then for its sleep. */
static void
await_asleep(int pid)
{
    char c;
    int t0, st;

    CHECK(read(sync_fds[0], &c, 1) == 1);
    close(sync_fds[0]);
    t0 = uptime();
    while ((st = proc_state(pid)) != PROC_SLEEPING) {
        CHECK(st > 0 && st != PROC_ZOMBIE);
        CHECK(uptime() - t0 < DEADLINE);
        sleep(1);
    }
}

/* Has child pid exited (a zombie, or gone)?  Polls procs() rather
 * than waitpid(WNOHANG): the exit lab's tree stubs the options, and
 * this suite must not depend on another lab. */
static int
has_exited(int pid)
{
    int st = proc_state(pid);

    return st == PROC_ZOMBIE || st < 0;
}

/* Wait up to ticks for child pid; kill it and fail past that. */
static int
reap_within(int pid, int ticks)
{
    int status = 0, t0 = uptime();

    while (!has_exited(pid)) {
        if (uptime() - t0 > ticks) {
            kill(pid);
            waitpid(pid, &status, 0);
            test_fail(__FILE__, __LINE__, "child still running at deadline", 0);
        }
        sleep(1);
    }
    CHECK(waitpid(pid, &status, 0) == pid);
    return status;
}

static int
reap(int pid)
{
    return reap_within(pid, DEADLINE);
}

/* Did a child with wait status st exit with status 0? */
static int
exited_ok(int st)
{
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* Child pid has not finished a few ticks from now. */
static void
check_still_blocked(int pid)
{
    sleep(5);
    CHECK(!has_exited(pid));
}

/* Fork a child with the given gid and uid that runs fn; its status. */
static int
run_with_ids(int uid, int gid, void (*fn)(void))
{
    int pid = fork();

    CHECK(pid >= 0);
    if (pid == 0) {
        CHECK(setgid(gid) == 0);
        CHECK(setuid(uid) == 0);
        fn();
        exit(0);
    }
    return reap(pid);
}

/* Read exactly n bytes unless end of file comes first; bytes read. */
static int
read_full(int fd, void *buf, int n)
{
    char *p = buf;
    int got = 0, r;

    while (got < n && (r = read(fd, p + got, n - got)) > 0)
        got += r;
    return got;
}

/* ---------------------------------------------------------------- */
/* The three facilities behind one shape, for the namespace tests.  */
/* ---------------------------------------------------------------- */

static struct msqid_ds mq_ds; /* scratch for IPC_STAT/IPC_SET */
static struct semid_ds sem_ds;
static struct shmid_ds shm_ds;

static int
mq_get(key_t key, int flags)
{
    return msgget(key, flags);
}

static int
sem_get2(key_t key, int flags)
{
    return semget(key, 2, flags);
}

static int
shm_get1(key_t key, int flags)
{
    return shmget(key, PAGE, flags);
}

static int
mq_rm(int id)
{
    return msgctl(id, IPC_RMID, 0);
}

static int
sem_rm(int id)
{
    return semctl(id, 0, IPC_RMID);
}

static int
shm_rm(int id)
{
    return shmctl(id, IPC_RMID, 0);
}

static int
mq_stat(int id)
{
    return msgctl(id, IPC_STAT, &mq_ds);
}

static int
sem_stat(int id)
{
    union semun arg;

    arg.buf = &sem_ds;
    return semctl(id, 0, IPC_STAT, arg);
}

static int
shm_stat(int id)
{
    return shmctl(id, IPC_STAT, &shm_ds);
}

/* IPC_SET from the scratch structure that the last stat filled. */
static int
mq_set(int id)
{
    return msgctl(id, IPC_SET, &mq_ds);
}

static int
sem_set(int id)
{
    union semun arg;

    arg.buf = &sem_ds;
    return semctl(id, 0, IPC_SET, arg);
}

static int
shm_set(int id)
{
    return shmctl(id, IPC_SET, &shm_ds);
}

struct facility {
    int (*get)(key_t key, int flags);
    int (*rm)(int id);
    int (*stat)(int id); /* into the scratch structure */
    int (*set)(int id);  /* from the scratch structure */
    int (*ids)(int *buf, unsigned int n, unsigned int *pn);
    struct ipc_perm *perm; /* in the scratch structure */
};

static const struct facility fac[NFAC] = {
    {mq_get, mq_rm, mq_stat, mq_set, msgids, &mq_ds.msg_perm},
    {sem_get2, sem_rm, sem_stat, sem_set, semids, &sem_ds.sem_perm},
    {shm_get1, shm_rm, shm_stat, shm_set, shmids, &shm_ds.shm_perm},
};

/* Objects of facility f in use, as sysinfo() counts them. */
static int
in_use(int f)
{
    struct sysinfo si;

    test_snapshot(&si);
    return f == 0 ? si.nmsq : f == 1 ? si.nsem : si.nshm;
}

/* The IPC counts are back to those of the snapshot s0. */
static void
check_counts(const struct sysinfo *s0)
{
    struct sysinfo now;

    test_snapshot(&now);
    CHECK(now.nmsq == s0->nmsq);
    CHECK(now.nsem == s0->nsem);
    CHECK(now.nshm == s0->nshm);
}

/* Create one object of each facility under key with mode into id[]. */
static void
make_three(key_t key, int mode, int *id)
{
    int f;

    for (f = 0; f < NFAC; f++) {
        id[f] = fac[f].get(key, IPC_CREAT | IPC_EXCL | mode);
        CHECK(id[f] >= 0);
    }
}

static void
remove_three(const int *id)
{
    int f;

    for (f = 0; f < NFAC; f++)
        CHECK(fac[f].rm(id[f]) == 0);
}

/* Is id among the n ids of buf? */
static int
has_id(const int *buf, unsigned int n, int id)
{
    unsigned int i;

    for (i = 0; i < n; i++)
        if (buf[i] == id)
            return 1;
    return 0;
}

/* Message and semaphore shorthands. */
static int
send_val(int q, long type, int val, int flags)
{
    struct imsg m;

    m.mtype = type;
    m.val = val;
    return msgsnd(q, &m, sizeof(m.val), flags);
}

/* Receive an int message: its value (>= 0 in these tests) or -1. */
static int
recv_val(int q, long type, int flags, long *got_type)
{
    struct imsg m;
    long n;

    n = msgrcv(q, &m, sizeof(m.val), type, flags);
    if (n < 0)
        return -1;
    CHECK(n == sizeof(m.val));
    if (got_type)
        *got_type = m.mtype;
    return m.val;
}

static int
setval(int s, int num, int val)
{
    union semun arg;

    arg.val = val;
    return semctl(s, num, SETVAL, arg);
}

static int
getval(int s, int num)
{
    return semctl(s, num, GETVAL);
}

static int
sem_add(int s, int num, int op, int flg)
{
    struct sembuf sb;

    sb.sem_num = num;
    sb.sem_op = op;
    sb.sem_flg = flg;
    return semop(s, &sb, 1);
}

/* Wait until semctl(s, num, cmd) (GETNCNT or GETZCNT) reports want. */
static void
await_count(int s, int num, int cmd, int want)
{
    int n, t0 = uptime();

    while ((n = semctl(s, num, cmd)) != want) {
        CHECK(n >= 0);
        CHECK(uptime() - t0 < DEADLINE);
        sleep(1);
    }
}

static int g_id[NFAC]; /* objects a run_as child works on */
static int g_id2[NFAC];
static int idbuf[256];

/* ---------------------------------------------------------------- */
/* The namespace                                                    */
/* ---------------------------------------------------------------- */

static void
ipc_get_excl_eexist(void)
{
    struct sysinfo s0;
    int f, id;

    test_snapshot(&s0);
    /* One key in all three facilities: three separate namespaces. */
    for (f = 0; f < NFAC; f++) {
        id = fac[f].get(KEY(1, 0), IPC_CREAT | IPC_EXCL | 0600);
        CHECK(id >= 0);
        CHECK_ERR(fac[f].get(KEY(1, 0), IPC_CREAT | IPC_EXCL | 0600) == -1,
                  EEXIST);
        CHECK(fac[f].get(KEY(1, 0), IPC_CREAT | 0600) == id);
        CHECK(fac[f].get(KEY(1, 0), IPC_EXCL | 0600) == id);
        CHECK(fac[f].get(KEY(1, 0), 0) == id);
        CHECK(in_use(f) == (f == 0 ? s0.nmsq : f == 1 ? s0.nsem : s0.nshm) + 1);
    }
    for (f = 0; f < NFAC; f++)
        CHECK(fac[f].rm(fac[f].get(KEY(1, 0), 0)) == 0);
    check_counts(&s0);
}

static void
ipc_get_missing_enoent(void)
{
    struct sysinfo s0;
    int f;

    test_snapshot(&s0);
    for (f = 0; f < NFAC; f++) {
        CHECK_ERR(fac[f].get(KEY(2, 0), 0600) == -1, ENOENT);
        CHECK_ERR(fac[f].get(KEY(2, 0), 0) == -1, ENOENT);
        CHECK_ERR(fac[f].get(KEY(2, 0), IPC_EXCL | 0600) == -1, ENOENT);
    }
    check_counts(&s0);
}

static void
get_beyond_mode_child(void)
{
    int f;

    for (f = 0; f < NFAC; f++) {
        CHECK_ERR(fac[f].get(KEY(3, 0), 0666) == -1, EACCES);
        CHECK_ERR(fac[f].get(KEY(3, 0), IPC_CREAT | 0606) == -1, EACCES);
        CHECK(fac[f].get(KEY(3, 0), 0) == g_id[f]);
    }
}

static void
ipc_get_mode_exceeds_eacces(void)
{
    struct sysinfo s0;

    test_snapshot(&s0);
    make_three(KEY(3, 0), 0600, g_id);
    CHECK(test_run_as(1000, get_beyond_mode_child) == 0);
    remove_three(g_id);
    check_counts(&s0);
}

static int many_ids[IPC_TABLE_MAX + 8];

static void
ipc_get_table_full_enospc(void)
{
    struct sysinfo s0;
    int n = 0, i, id, err = 0;

    test_snapshot(&s0);
    while (n < IPC_TABLE_MAX + 8) {
        errno = 0;
        id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
        if (id < 0) {
            err = errno;
            break;
        }
        many_ids[n++] = id;
    }
    /* Every queue must still work after the table has grown to full. */
    for (i = 0; i < n; i += 97) {
        CHECK(send_val(many_ids[i], 1, i, IPC_NOWAIT) == 0);
        CHECK(recv_val(many_ids[i], 0, IPC_NOWAIT, 0) == i);
    }
    for (i = 0; i < n; i++)
        CHECK(msgctl(many_ids[i], IPC_RMID, 0) == 0);
    CHECK(err == ENOSPC);
    CHECK(n == IPC_TABLE_MAX - s0.nmsq);
    id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    CHECK(id >= 0);
    CHECK(msgctl(id, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

static void
set_rmid_child(void)
{
    int f;

    for (f = 0; f < NFAC; f++) {
        CHECK(fac[f].stat(g_id[f]) == 0); /* 0666: anyone may read */
        fac[f].perm->mode = 0600;
        CHECK_ERR(fac[f].set(g_id[f]) == -1, EPERM);
        CHECK_ERR(fac[f].rm(g_id[f]) == -1, EPERM);
    }
}

static void
ipc_set_rmid_non_owner_eperm(void)
{
    struct sysinfo s0;
    int f;

    test_snapshot(&s0);
    make_three(KEY(5, 0), 0666, g_id);
    CHECK(test_run_as(1000, set_rmid_child) == 0);
    for (f = 0; f < NFAC; f++) {
        CHECK(fac[f].stat(g_id[f]) == 0);
        CHECK((fac[f].perm->mode & 0777) == 0666);
    }
    remove_three(g_id);
    check_counts(&s0);
}

static void
stat_unreadable_child(void)
{
    int f;

    for (f = 0; f < NFAC; f++)
        CHECK_ERR(fac[f].stat(g_id[f]) == -1, EACCES);
    CHECK_ERR(getval(g_id[1], 0) == -1, EACCES);
}

static void
ipc_stat_without_read_eacces(void)
{
    struct sysinfo s0;
    int f;

    test_snapshot(&s0);
    make_three(KEY(6, 0), 0600, g_id);
    CHECK(test_run_as(1000, stat_unreadable_child) == 0);
    for (f = 0; f < NFAC; f++)
        CHECK(fac[f].stat(g_id[f]) == 0);
    remove_three(g_id);
    check_counts(&s0);
}

/* Bad commands are EINVAL, and so is any use of a removed id. */
static void
ipc_stale_id_einval(void)
{
    struct sysinfo s0;
    int f, again;

    test_snapshot(&s0);
    make_three(KEY(7, 0), 0600, g_id);
    CHECK_ERR(msgctl(g_id[0], 99, &mq_ds) == -1, EINVAL);
    CHECK_ERR(semctl(g_id[1], 0, 99) == -1, EINVAL);
    CHECK_ERR(shmctl(g_id[2], 99, &shm_ds) == -1, EINVAL);
    remove_three(g_id);
    for (f = 0; f < NFAC; f++) {
        CHECK_ERR(fac[f].stat(g_id[f]) == -1, EINVAL);
        CHECK_ERR(fac[f].rm(g_id[f]) == -1, EINVAL);
        CHECK_ERR(fac[f].stat(-1) == -1, EINVAL);
        CHECK_ERR(fac[f].stat(0x7fffff00) == -1, EINVAL);
        /* A new object under the same key does not answer the old id. */
        again = fac[f].get(KEY(7, 0), IPC_CREAT | IPC_EXCL | 0600);
        CHECK(again >= 0 && again != g_id[f]);
        CHECK_ERR(fac[f].stat(g_id[f]) == -1, EINVAL);
        CHECK(fac[f].rm(again) == 0);
    }
    CHECK_ERR(send_val(g_id[0], 1, 1, IPC_NOWAIT) == -1, EINVAL);
    CHECK_ERR(recv_val(g_id[0], 0, IPC_NOWAIT, 0) == -1, EINVAL);
    CHECK_ERR(getval(g_id[1], 0) == -1, EINVAL);
    CHECK_ERR(sem_add(g_id[1], 0, 1, IPC_NOWAIT) == -1, EINVAL);
    CHECK_ERR(shmat(g_id[2], 0, 0) == SHMAT_FAILED, EINVAL);
    CHECK_ERR(msgsnd(12345678, &mq_ds, 4, IPC_NOWAIT) == -1, EINVAL);
    CHECK_ERR(semop(-5, 0, 0) == -1, EINVAL);
    CHECK_ERR(shmat(-1, 0, 0) == SHMAT_FAILED, EINVAL);
    check_counts(&s0);
}

static void
ipc_ids_unique_over_cycles(void)
{
    static int ids[100];
    struct sysinfo s0;
    int f, i, j, id;

    test_snapshot(&s0);
    for (f = 0; f < NFAC; f++) {
        for (i = 0; i < 100; i++) {
            id = fac[f].get(KEY(8, 0), IPC_CREAT | IPC_EXCL | 0600);
            CHECK(id >= 0);
            CHECK(fac[f].get(KEY(8, 0), 0) == id);
            CHECK(fac[f].rm(id) == 0);
            CHECK_ERR(fac[f].stat(id) == -1, EINVAL);
            for (j = 0; j < i; j++)
                CHECK(ids[j] != id);
            ids[i] = id;
        }
    }
    check_counts(&s0);
}

static void
ipc_table_grows_past_min(void)
{
    enum { N = 3 * IPC_TABLE_MIN };
    static int q[N], s[N], m[N];
    struct sysinfo s0, s1;
    char *p;
    int i;

    test_snapshot(&s0);
    for (i = 0; i < N; i++) {
        q[i] = msgget(KEY(9, i), IPC_CREAT | IPC_EXCL | 0600);
        s[i] = semget(KEY(9, i), 1, IPC_CREAT | IPC_EXCL | 0600);
        m[i] = shmget(KEY(9, i), PAGE, IPC_CREAT | IPC_EXCL | 0600);
        CHECK(q[i] >= 0 && s[i] >= 0 && m[i] >= 0);
        CHECK(send_val(q[i], i + 1, 100 + i, IPC_NOWAIT) == 0);
        CHECK(setval(s[i], 0, i) == 0);
        CHECK((p = shmat(m[i], 0, 0)) != SHMAT_FAILED);
        p[0] = (char)i;
        CHECK(shmdt(p) == 0);
    }
    test_snapshot(&s1);
    CHECK(s1.nmsq == s0.nmsq + N && s1.nsem == s0.nsem + N);
    CHECK(s1.nshm == s0.nshm + N);
    /* Everything made before and after the growth is still there. */
    for (i = 0; i < N; i++) {
        long t = 0;
        CHECK(msgget(KEY(9, i), 0) == q[i]);
        CHECK(semget(KEY(9, i), 1, 0) == s[i]);
        CHECK(shmget(KEY(9, i), PAGE, 0) == m[i]);
        CHECK(recv_val(q[i], 0, IPC_NOWAIT, &t) == 100 + i && t == i + 1);
        CHECK(getval(s[i], 0) == i);
        CHECK((p = shmat(m[i], 0, 0)) != SHMAT_FAILED);
        CHECK(p[0] == (char)i);
        CHECK(shmdt(p) == 0);
    }
    for (i = 0; i < N; i++)
        remove_three((int[]){q[i], s[i], m[i]});
    check_counts(&s0);
}

/* IDS lists exactly the live ids of facility f, before and after RMID. */
static void
ids_exact(int f)
{
    const struct facility *fc = &fac[f];
    unsigned int n0, n, i;
    int id[5], k;

    CHECK(fc->ids(idbuf, 256, &n0) == 0);
    CHECK(n0 < 200);
    for (k = 0; k < 5; k++)
        CHECK((id[k] = fc->get(KEY(10, k), IPC_CREAT | IPC_EXCL | 0600)) >= 0);
    CHECK(fc->ids(idbuf, 256, &n) == 0);
    CHECK(n == n0 + 5);
    for (k = 0; k < 5; k++)
        CHECK(has_id(idbuf, n, id[k]));
    for (i = 0; i < n; i++) {
        CHECK(fc->stat(idbuf[i]) == 0);
        CHECK(!has_id(idbuf + i + 1, n - i - 1, idbuf[i]));
    }
    CHECK(fc->rm(id[1]) == 0 && fc->rm(id[3]) == 0);
    CHECK(fc->ids(idbuf, 256, &n) == 0);
    CHECK(n == n0 + 3);
    CHECK(!has_id(idbuf, n, id[1]) && !has_id(idbuf, n, id[3]));
    CHECK(has_id(idbuf, n, id[0]) && has_id(idbuf, n, id[2]));
    CHECK(has_id(idbuf, n, id[4]));
    CHECK(fc->rm(id[0]) == 0 && fc->rm(id[2]) == 0 && fc->rm(id[4]) == 0);
    CHECK(fc->ids(idbuf, 256, &n) == 0);
    CHECK(n == n0);
    for (k = 0; k < 5; k++)
        CHECK(!has_id(idbuf, n, id[k]));
}

static void
ipc_ids_lists_live(void)
{
    struct sysinfo s0;
    int f;

    test_snapshot(&s0);
    for (f = 0; f < NFAC; f++)
        ids_exact(f);
    check_counts(&s0);
}

static void
ipc_ids_small_buffer_counts(void)
{
    struct sysinfo s0;
    unsigned int n0, n, i;
    int f, k, id[3];

    test_snapshot(&s0);
    for (f = 0; f < NFAC; f++) {
        const struct facility *fc = &fac[f];
        for (k = 0; k < 3; k++)
            CHECK((id[k] = fc->get(KEY(11, k), IPC_CREAT | 0600)) >= 0);
        n0 = 12345;
        CHECK(fc->ids(0, 0, &n0) == 0);
        CHECK(n0 >= 3 && n0 < 200);
        for (i = 0; i < 256; i++)
            idbuf[i] = -7;
        n = 0;
        CHECK(fc->ids(idbuf, n0 - 1, &n) == 0);
        CHECK(n == n0);
        for (i = 0; i < 256; i++)
            CHECK(idbuf[i] == -7);
        n = 0;
        CHECK(fc->ids(0, 64, &n) == 0);
        CHECK(n == n0);
        CHECK(fc->ids(idbuf, n0, &n) == 0);
        CHECK(n == n0 && idbuf[n0] == -7);
        for (k = 0; k < 3; k++)
            CHECK(has_id(idbuf, n, id[k]));
        for (k = 0; k < 3; k++)
            CHECK(fc->rm(id[k]) == 0);
    }
    check_counts(&s0);
}

static void
ipc_bad_pointer_efault(void)
{
    struct sysinfo s0;
    union semun arg;
    unsigned int n;
    int f, q, s, m;

    test_snapshot(&s0);
    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    CHECK((s = semget(IPC_PRIVATE, 2, 0600)) >= 0);
    CHECK((m = shmget(IPC_PRIVATE, PAGE, 0600)) >= 0);
    for (f = 0; f < NFAC; f++) {
        CHECK_ERR(fac[f].ids(BADADDR, 64, &n) == -1, EFAULT);
        CHECK_ERR(fac[f].ids(idbuf, 64, BADADDR) == -1, EFAULT);
    }
    CHECK_ERR(msgctl(q, IPC_STAT, BADADDR) == -1, EFAULT);
    CHECK_ERR(msgctl(q, IPC_SET, BADADDR) == -1, EFAULT);
    CHECK_ERR(msgsnd(q, BADADDR, 4, IPC_NOWAIT) == -1, EFAULT);
    CHECK(mq_stat(q) == 0 && mq_ds.msg_qnum == 0);
    CHECK(send_val(q, 1, 5, IPC_NOWAIT) == 0);
    CHECK_ERR(msgrcv(q, BADADDR, 4, 0, IPC_NOWAIT) == -1, EFAULT);
    CHECK_ERR(semop(s, BADADDR, 1) == -1, EFAULT);
    arg.array = BADADDR;
    CHECK_ERR(semctl(s, 0, GETALL, arg) == -1, EFAULT);
    CHECK_ERR(semctl(s, 0, SETALL, arg) == -1, EFAULT);
    arg.buf = BADADDR;
    CHECK_ERR(semctl(s, 0, IPC_STAT, arg) == -1, EFAULT);
    CHECK_ERR(shmctl(m, IPC_STAT, BADADDR) == -1, EFAULT);
    remove_three((int[]){q, s, m});
    check_counts(&s0);
}

static void
ipc_rmid_removes_at_once(void)
{
    struct sysinfo s0;
    unsigned int n;
    int f, id, again;

    test_snapshot(&s0);
    for (f = 0; f < NFAC; f++) {
        CHECK((id = fac[f].get(KEY(13, 0), IPC_CREAT | IPC_EXCL | 0600)) >= 0);
        CHECK(fac[f].rm(id) == 0);
        CHECK(in_use(f) == (f == 0 ? s0.nmsq : f == 1 ? s0.nsem : s0.nshm));
        CHECK_ERR(fac[f].get(KEY(13, 0), 0) == -1, ENOENT);
        CHECK_ERR(fac[f].stat(id) == -1, EINVAL);
        CHECK_ERR(fac[f].rm(id) == -1, EINVAL);
        CHECK(fac[f].ids(idbuf, 256, &n) == 0);
        CHECK(!has_id(idbuf, n, id));
        again = fac[f].get(KEY(13, 0), IPC_CREAT | IPC_EXCL | 0600);
        CHECK(again >= 0 && again != id);
        CHECK(fac[f].rm(again) == 0);
    }
    check_counts(&s0);
}

#define GET_PROCS 4
#define GET_KEYS 8

/* A racer of ipc_get_concurrent_one_id: GET every key, report ids. */
static void
get_racer(int fd, int start)
{
    static int ids[GET_KEYS * NFAC];
    int k, f;

    while (uptime() < start)
        ;
    for (k = 0; k < GET_KEYS; k++)
        for (f = 0; f < NFAC; f++)
            ids[k * NFAC + f] = fac[f].get(KEY(14, k), IPC_CREAT | 0600);
    CHECK(write(fd, ids, sizeof(ids)) == sizeof(ids));
    exit(0);
}

static void
ipc_get_concurrent_one_id(void)
{
    static int ids[GET_PROCS][GET_KEYS * NFAC];
    struct sysinfo s0, s1;
    int fds[2], pid[GET_PROCS], rfd[GET_PROCS], p, i, start;

    test_snapshot(&s0);
    start = uptime() + 5;
    for (p = 0; p < GET_PROCS; p++) {
        CHECK(pipe(fds) == 0);
        CHECK((pid[p] = fork()) >= 0);
        if (pid[p] == 0) {
            close(fds[0]);
            get_racer(fds[1], start);
        }
        close(fds[1]);
        rfd[p] = fds[0];
    }
    for (p = 0; p < GET_PROCS; p++) {
        CHECK(read_full(rfd[p], ids[p], sizeof(ids[p])) == sizeof(ids[p]));
        close(rfd[p]);
        CHECK(exited_ok(reap(pid[p])));
    }
    for (i = 0; i < GET_KEYS * NFAC; i++) {
        CHECK(ids[0][i] >= 0);
        for (p = 1; p < GET_PROCS; p++)
            CHECK(ids[p][i] == ids[0][i]);
        CHECK(fac[i % NFAC].get(KEY(14, i / NFAC), 0) == ids[0][i]);
    }
    test_snapshot(&s1);
    CHECK(s1.nmsq == s0.nmsq + GET_KEYS && s1.nsem == s0.nsem + GET_KEYS);
    CHECK(s1.nshm == s0.nshm + GET_KEYS);
    for (i = 0; i < GET_KEYS * NFAC; i++)
        CHECK(fac[i % NFAC].rm(ids[0][i]) == 0);
    check_counts(&s0);
}

static void
ipc_private_always_new(void)
{
    struct sysinfo s0;
    int f, a, b, c, before;

    test_snapshot(&s0);
    for (f = 0; f < NFAC; f++) {
        before = in_use(f);
        a = fac[f].get(IPC_PRIVATE, IPC_CREAT | 0600);
        b = fac[f].get(IPC_PRIVATE, IPC_CREAT | IPC_EXCL | 0600);
        c = fac[f].get(IPC_PRIVATE, 0600); /* no IPC_CREAT: still new */
        CHECK(a >= 0 && b >= 0 && c >= 0);
        CHECK(a != b && b != c && a != c);
        CHECK(in_use(f) == before + 3);
        CHECK(fac[f].stat(a) == 0 && fac[f].perm->key == IPC_PRIVATE);
        CHECK(fac[f].rm(a) == 0 && fac[f].rm(b) == 0 && fac[f].rm(c) == 0);
    }
    check_counts(&s0);
}

static void
create_as_child(void)
{
    int f;

    for (f = 0; f < NFAC; f++)
        CHECK(fac[f].get(KEY(16, 1), IPC_CREAT | IPC_EXCL | 0600) >= 0);
}

static void
ipc_root_passes_mode_checks(void)
{
    struct sysinfo s0;
    int id[NFAC], f;
    char *p;

    test_snapshot(&s0);
    /* Mode 0: nobody has a bit, root still does everything. */
    make_three(KEY(16, 0), 0, id);
    for (f = 0; f < NFAC; f++) {
        CHECK(fac[f].get(KEY(16, 0), 0) == id[f]);
        CHECK(fac[f].stat(id[f]) == 0 && (fac[f].perm->mode & 0777) == 0);
    }
    CHECK(send_val(id[0], 1, 42, IPC_NOWAIT) == 0);
    CHECK(recv_val(id[0], 0, IPC_NOWAIT, 0) == 42);
    CHECK(setval(id[1], 0, 3) == 0 && getval(id[1], 0) == 3);
    CHECK(sem_add(id[1], 0, -1, IPC_NOWAIT) == 0 && getval(id[1], 0) == 2);
    CHECK((p = shmat(id[2], 0, 0)) != SHMAT_FAILED);
    p[0] = 'r';
    CHECK(p[0] == 'r' && shmdt(p) == 0);
    remove_three(id);
    /* Objects of another user: root may SET and RMID them. */
    CHECK(test_run_as(1000, create_as_child) == 0);
    for (f = 0; f < NFAC; f++) {
        CHECK((id[f] = fac[f].get(KEY(16, 1), 0)) >= 0);
        CHECK(fac[f].stat(id[f]) == 0);
        CHECK(fac[f].perm->uid == 1000 && fac[f].perm->cuid == 1000);
        fac[f].perm->mode = 0640;
        CHECK(fac[f].set(id[f]) == 0);
        CHECK(fac[f].stat(id[f]) == 0 && (fac[f].perm->mode & 0777) == 0640);
    }
    remove_three(id);
    check_counts(&s0);
}

static void
give_away_child(void)
{
    int f;

    CHECK(send_val(g_id[0], 1, 7, IPC_NOWAIT) == 0); /* owner: may write */
    for (f = 0; f < NFAC; f++) {
        CHECK(fac[f].stat(g_id[f]) == 0);
        CHECK(fac[f].perm->uid == 1000 && fac[f].perm->cuid == 0);
        fac[f].perm->uid = 2000;
        CHECK(fac[f].set(g_id[f]) == 0);
        /* No longer owner nor creator; mode 0600 leaves nothing. */
        CHECK_ERR(fac[f].stat(g_id[f]) == -1, EACCES);
        CHECK_ERR(fac[f].set(g_id[f]) == -1, EPERM);
        CHECK_ERR(fac[f].rm(g_id[f]) == -1, EPERM);
    }
    CHECK_ERR(send_val(g_id[0], 1, 7, IPC_NOWAIT) == -1, EACCES);
    CHECK_ERR(setval(g_id[1], 0, 1) == -1, EACCES);
    CHECK_ERR(shmat(g_id[2], 0, 0) == SHMAT_FAILED, EACCES);
}

static void
ipc_set_owner_old_owner_loses(void)
{
    struct sysinfo s0;
    int f;

    test_snapshot(&s0);
    make_three(KEY(17, 0), 0600, g_id);
    for (f = 0; f < NFAC; f++) {
        CHECK(fac[f].stat(g_id[f]) == 0);
        fac[f].perm->uid = 1000;
        CHECK(fac[f].set(g_id[f]) == 0);
    }
    CHECK(test_run_as(1000, give_away_child) == 0);
    for (f = 0; f < NFAC; f++) {
        CHECK(fac[f].stat(g_id[f]) == 0);
        CHECK(fac[f].perm->uid == 2000 && fac[f].perm->cuid == 0);
        CHECK((fac[f].perm->mode & 0777) == 0600);
    }
    CHECK(mq_stat(g_id[0]) == 0 && mq_ds.msg_qnum == 1);
    remove_three(g_id);
    check_counts(&s0);
}

/* g_id: objects this child may read only; g_id2: none of its bits. */
static void
class_bits_child(void)
{
    char *p;
    int f;

    for (f = 0; f < NFAC; f++) {
        CHECK(fac[f].stat(g_id[f]) == 0);
        CHECK_ERR(fac[f].stat(g_id2[f]) == -1, EACCES);
    }
    CHECK_ERR(send_val(g_id[0], 1, 1, IPC_NOWAIT) == -1, EACCES);
    CHECK_ERR(recv_val(g_id[0], 0, IPC_NOWAIT, 0) == -1, ENOMSG);
    CHECK_ERR(recv_val(g_id2[0], 0, IPC_NOWAIT, 0) == -1, EACCES);
    CHECK(getval(g_id[1], 0) == 0);
    CHECK_ERR(setval(g_id[1], 0, 1) == -1, EACCES);
    CHECK_ERR(sem_add(g_id[1], 0, 1, IPC_NOWAIT) == -1, EACCES);
    CHECK_ERR(getval(g_id2[1], 0) == -1, EACCES);
    CHECK((p = shmat(g_id[2], 0, SHM_RDONLY)) != SHMAT_FAILED);
    CHECK(shmdt(p) == 0);
    CHECK_ERR(shmat(g_id[2], 0, 0) == SHMAT_FAILED, EACCES);
    CHECK_ERR(shmat(g_id2[2], 0, SHM_RDONLY) == SHMAT_FAILED, EACCES);
}

/* Owner, group and other bits: the first class that matches decides. */
static void
ipc_perm_group_other_bits(void)
{
    struct sysinfo s0;
    int a[NFAC], b[NFAC], f;

    test_snapshot(&s0);
    make_three(KEY(18, 0), 0640, a);
    make_three(KEY(18, 1), 0604, b);
    CHECK(setval(a[1], 0, 0) == 0 && setval(b[1], 0, 0) == 0);
    for (f = 0; f < NFAC; f++) {
        g_id[f] = a[f]; /* the objects' group: the group bits */
        g_id2[f] = b[f];
    }
    CHECK(exited_ok(run_with_ids(1000, getgid(), class_bits_child)));
    for (f = 0; f < NFAC; f++) {
        g_id[f] = b[f]; /* another group: the other bits */
        g_id2[f] = a[f];
    }
    CHECK(exited_ok(run_with_ids(1000, getgid() + 1000, class_bits_child)));
    remove_three(a);
    remove_three(b);
    check_counts(&s0);
}

#define LOAD_PROCS 4

/* Use q, s and m until they go away; only EIDRM or EINVAL may end it. */
static void
load_worker(int q, int s, int m)
{
    volatile char *p;

    for (;;) {
        if (send_val(q, 1, 1, 0) < 0 || recv_val(q, 0, 0, 0) < 0)
            break;
        if (sem_add(s, 0, -1, SEM_UNDO) < 0 || sem_add(s, 0, 1, SEM_UNDO) < 0)
            break;
        if ((p = shmat(m, 0, 0)) == SHMAT_FAILED)
            break;
        p[0]++;
        CHECK(shmdt((void *)p) == 0); /* even after RMID */
    }
    CHECK(errno == EIDRM || errno == EINVAL);
    exit(0);
}

/* RMID of objects that several harts are using, some asleep on them. */
static void
ipc_rmid_under_load(void)
{
    struct sysinfo s0;
    int q, s, m, i, pid[LOAD_PROCS];

    test_snapshot(&s0);
    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    CHECK((s = semget(IPC_PRIVATE, 1, 0600)) >= 0);
    CHECK((m = shmget(IPC_PRIVATE, PAGE, 0600)) >= 0);
    CHECK(setval(s, 0, 2) == 0);
    for (i = 0; i < LOAD_PROCS; i++) {
        CHECK((pid[i] = fork()) >= 0);
        if (pid[i] == 0)
            load_worker(q, s, m);
    }
    sleep(20);
    for (i = 0; i < LOAD_PROCS; i++)
        CHECK(!has_exited(pid[i])); /* all still at work */
    remove_three((int[]){q, s, m});
    for (i = 0; i < LOAD_PROCS; i++)
        CHECK(exited_ok(reap(pid[i])));
    check_counts(&s0);
}

#define GROW_USERS 3
#define GROW_OBJECTS (8 * IPC_TABLE_MIN)

/* A user of ipc_grow_while_in_use: old ids work until *done and after. */
static void
grow_user(int q, int s, int w, volatile int *done)
{
    int i;

    for (i = 0; !*done || i < 100; i++) {
        CHECK(send_val(q, w + 1, i, IPC_NOWAIT) == 0);
        CHECK(recv_val(q, w + 1, IPC_NOWAIT, 0) == i);
        CHECK(sem_add(s, w, 1, 0) == 0);
        CHECK(sem_add(s, w, -1, IPC_NOWAIT) == 0);
    }
    exit(0);
}

/*
 * The id tables grow while other harts look ids up.  The tables keep
 * their largest size, so the growth happens here only when this test
 * runs early (it is first in the table for that reason); the lookups
 * are checked whatever the size.
 */
static void
ipc_grow_while_in_use(void)
{
    static int made[NFAC][GROW_OBJECTS];
    struct sysinfo s0;
    volatile int *done;
    int q, s, m, f, i, pid[GROW_USERS];

    test_snapshot(&s0);
    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    CHECK((s = semget(IPC_PRIVATE, GROW_USERS, 0600)) >= 0);
    CHECK((m = shmget(IPC_PRIVATE, PAGE, 0600)) >= 0);
    CHECK((done = shmat(m, 0, 0)) != SHMAT_FAILED);
    for (i = 0; i < GROW_USERS; i++) {
        CHECK(setval(s, i, 0) == 0);
        CHECK((pid[i] = fork()) >= 0);
        if (pid[i] == 0)
            grow_user(q, s, i, done);
    }
    for (i = 0; i < GROW_OBJECTS; i++)
        for (f = 0; f < NFAC; f++)
            CHECK((made[f][i] = fac[f].get(IPC_PRIVATE, 0600)) >= 0);
    *done = 1;
    for (i = 0; i < GROW_USERS; i++)
        CHECK(exited_ok(reap_within(pid[i], STRESS_DEADLINE)));
    for (i = 0; i < GROW_OBJECTS; i++)
        for (f = 0; f < NFAC; f++)
            CHECK(fac[f].stat(made[f][i]) == 0 && fac[f].rm(made[f][i]) == 0);
    CHECK(shmdt((void *)done) == 0);
    remove_three((int[]){q, s, m});
    check_counts(&s0);
}

/* ---------------------------------------------------------------- */
/* Message queues                                                   */
/* ---------------------------------------------------------------- */

static void
ipc_msg_fifo_order(void)
{
    struct sysinfo s0;
    int q, i;

    test_snapshot(&s0);
    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    for (i = 0; i < 20; i++)
        CHECK(send_val(q, 1 + i % 2, i, IPC_NOWAIT) == 0);
    CHECK(mq_stat(q) == 0 && mq_ds.msg_qnum == 20);
    for (i = 0; i < 20; i++)
        CHECK(recv_val(q, 0, IPC_NOWAIT, 0) == i);
    CHECK_ERR(recv_val(q, 0, IPC_NOWAIT, 0) == -1, ENOMSG);
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

static void
ipc_msg_type_selection(void)
{
    static const long types[5] = {3, 1, 2, 1, 5};
    struct sysinfo s0;
    long t = 0;
    int q, i;

    test_snapshot(&s0);
    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    for (i = 0; i < 5; i++)
        CHECK(send_val(q, types[i], 10 + i, IPC_NOWAIT) == 0);
    /* < 0: the lowest type <= |t|, oldest first among equals. */
    CHECK(recv_val(q, -2, IPC_NOWAIT, &t) == 11 && t == 1);
    /* > 0: the oldest of exactly that type. */
    CHECK(recv_val(q, 2, IPC_NOWAIT, &t) == 12 && t == 2);
    /* 0: the oldest of any type. */
    CHECK(recv_val(q, 0, IPC_NOWAIT, &t) == 10 && t == 3);
    CHECK_ERR(recv_val(q, 4, IPC_NOWAIT, 0) == -1, ENOMSG);
    CHECK(recv_val(q, -10, IPC_NOWAIT, &t) == 13 && t == 1);
    CHECK_ERR(recv_val(q, -4, IPC_NOWAIT, 0) == -1, ENOMSG);
    CHECK(recv_val(q, 5, IPC_NOWAIT, &t) == 14 && t == 5);
    CHECK(mq_stat(q) == 0 && mq_ds.msg_qnum == 0);
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

static struct bigmsg big, big2;

/* Fill queue q to MSGMNB bytes with MSGMAX-byte messages of type 1. */
static void
fill_queue(int q)
{
    int i;

    big.mtype = 1;
    memset(big.mtext, 'f', MSGMAX);
    for (i = 0; i < MSGMNB / MSGMAX; i++)
        CHECK(msgsnd(q, &big, MSGMAX, IPC_NOWAIT) == 0);
}

static void
ipc_msg_nowait_full_eagain(void)
{
    struct sysinfo s0;
    int q;

    test_snapshot(&s0);
    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    fill_queue(q);
    CHECK_ERR(msgsnd(q, &big, 1, IPC_NOWAIT) == -1, EAGAIN);
    CHECK(mq_stat(q) == 0);
    CHECK(mq_ds.msg_qnum == MSGMNB / MSGMAX && mq_ds.msg_cbytes == MSGMNB);
    CHECK(msgrcv(q, &big2, MSGMAX, 0, IPC_NOWAIT) == MSGMAX);
    CHECK(msgsnd(q, &big, 1, IPC_NOWAIT) == 0);
    CHECK_ERR(msgsnd(q, &big, MSGMAX, IPC_NOWAIT) == -1, EAGAIN);
    CHECK(mq_stat(q) == 0 && mq_ds.msg_cbytes == MSGMNB - MSGMAX + 1);
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

static void
ipc_msg_nowait_empty_enomsg(void)
{
    struct sysinfo s0;
    int q;

    test_snapshot(&s0);
    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    CHECK_ERR(recv_val(q, 0, IPC_NOWAIT, 0) == -1, ENOMSG);
    CHECK_ERR(recv_val(q, 5, IPC_NOWAIT, 0) == -1, ENOMSG);
    CHECK_ERR(recv_val(q, -5, IPC_NOWAIT, 0) == -1, ENOMSG);
    CHECK(send_val(q, 2, 9, IPC_NOWAIT) == 0);
    CHECK_ERR(recv_val(q, 3, IPC_NOWAIT, 0) == -1, ENOMSG);
    CHECK_ERR(recv_val(q, -1, IPC_NOWAIT, 0) == -1, ENOMSG);
    CHECK(recv_val(q, -2, IPC_NOWAIT, 0) == 9);
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

static void
ipc_msg_too_big_e2big_noerror(void)
{
    struct sysinfo s0;
    int q, i;

    test_snapshot(&s0);
    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    big.mtype = 4;
    for (i = 0; i < 100; i++)
        big.mtext[i] = (char)(i + 1);
    CHECK(msgsnd(q, &big, 100, IPC_NOWAIT) == 0);
    memset(&big2, 0x55, sizeof(big2));
    CHECK_ERR(msgrcv(q, &big2, 50, 0, IPC_NOWAIT) == -1, E2BIG);
    CHECK(big2.mtext[0] == 0x55);
    CHECK(mq_stat(q) == 0 && mq_ds.msg_qnum == 1); /* still queued */
    CHECK(msgrcv(q, &big2, 50, 0, IPC_NOWAIT | MSG_NOERROR) == 50);
    CHECK(big2.mtype == 4 && memcmp(big2.mtext, big.mtext, 50) == 0);
    CHECK(big2.mtext[50] == 0x55);
    CHECK(mq_stat(q) == 0 && mq_ds.msg_qnum == 0 && mq_ds.msg_cbytes == 0);
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

static void
ipc_msg_bad_type_einval(void)
{
    struct sysinfo s0;
    int q;

    test_snapshot(&s0);
    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    CHECK_ERR(send_val(q, 0, 1, IPC_NOWAIT) == -1, EINVAL);
    CHECK_ERR(send_val(q, -3, 1, IPC_NOWAIT) == -1, EINVAL);
    CHECK_ERR(send_val(q, 0, 1, 0) == -1, EINVAL);
    CHECK(mq_stat(q) == 0 && mq_ds.msg_qnum == 0);
    CHECK(send_val(q, 1, 1, IPC_NOWAIT) == 0);
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

static void
ipc_msg_size_over_msgmax_einval(void)
{
    struct sysinfo s0;
    int q;

    test_snapshot(&s0);
    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    big.mtype = 1;
    memset(big.mtext, 'm', sizeof(big.mtext));
    CHECK_ERR(msgsnd(q, &big, MSGMAX + 1, IPC_NOWAIT) == -1, EINVAL);
    CHECK_ERR(msgsnd(q, &big, MSGMAX + 1, 0) == -1, EINVAL);
    CHECK(mq_stat(q) == 0 && mq_ds.msg_qnum == 0);
    CHECK(msgsnd(q, &big, MSGMAX, IPC_NOWAIT) == 0);
    CHECK(msgsnd(q, &big, 0, IPC_NOWAIT) == 0); /* empty text is fine */
    memset(&big2, 0, sizeof(big2));
    CHECK(msgrcv(q, &big2, MSGMAX, 0, IPC_NOWAIT) == MSGMAX);
    CHECK(memcmp(big2.mtext, big.mtext, MSGMAX) == 0);
    CHECK(msgrcv(q, &big2, MSGMAX, 0, IPC_NOWAIT) == 0);
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

static void
ipc_msg_recv_blocks_until_send(void)
{
    struct sysinfo s0;
    long t = 0;
    int q, pid;

    test_snapshot(&s0);
    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    if ((pid = fork_sync()) == 0) {
        ready();
        CHECK(recv_val(q, 7, 0, &t) == 77 && t == 7);
        exit(0);
    }
    await_asleep(pid);
    /* A message of another type must not satisfy it. */
    CHECK(send_val(q, 3, 33, 0) == 0);
    check_still_blocked(pid);
    CHECK(send_val(q, 7, 77, 0) == 0);
    CHECK(exited_ok(reap(pid)));
    CHECK(mq_stat(q) == 0);
    CHECK(mq_ds.msg_qnum == 1 && mq_ds.msg_lrpid == pid);
    CHECK(mq_ds.msg_lspid == getpid());
    CHECK(recv_val(q, 0, IPC_NOWAIT, &t) == 33 && t == 3);
    /* A negative type waits for any type up to its bound. */
    if ((pid = fork_sync()) == 0) {
        ready();
        CHECK(recv_val(q, -3, 0, &t) == 22 && t == 2);
        exit(0);
    }
    await_asleep(pid);
    CHECK(send_val(q, 5, 55, 0) == 0);
    check_still_blocked(pid);
    CHECK(send_val(q, 2, 22, 0) == 0);
    CHECK(exited_ok(reap(pid)));
    CHECK(recv_val(q, 0, IPC_NOWAIT, &t) == 55 && t == 5);
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

/* Three receivers asleep on one queue, three messages: one each. */
static void
ipc_msg_each_receiver_gets_one(void)
{
    struct sysinfo s0;
    int q, i, st, seen = 0, pid[3];

    test_snapshot(&s0);
    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    for (i = 0; i < 3; i++) {
        if ((pid[i] = fork_sync()) == 0) {
            ready();
            exit(recv_val(q, 0, 0, 0)); /* the value is the status */
        }
        await_asleep(pid[i]);
    }
    for (i = 0; i < 3; i++)
        CHECK(send_val(q, 1, 1 << i, 0) == 0);
    for (i = 0; i < 3; i++) {
        st = reap(pid[i]);
        CHECK(WIFEXITED(st));
        CHECK((WEXITSTATUS(st) & seen) == 0); /* nobody got one twice */
        seen |= WEXITSTATUS(st);
    }
    CHECK(seen == 7);
    CHECK(mq_stat(q) == 0 && mq_ds.msg_qnum == 0);
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

static void
ipc_msg_send_blocks_until_drain(void)
{
    struct sysinfo s0;
    int q, pid;

    test_snapshot(&s0);
    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    fill_queue(q);
    if ((pid = fork_sync()) == 0) {
        big.mtype = 9;
        ready();
        CHECK(msgsnd(q, &big, MSGMAX, 0) == 0);
        exit(0);
    }
    await_asleep(pid);
    CHECK(mq_stat(q) == 0 && mq_ds.msg_qnum == MSGMNB / MSGMAX);
    check_still_blocked(pid);
    CHECK(msgrcv(q, &big2, MSGMAX, 1, IPC_NOWAIT) == MSGMAX);
    CHECK(exited_ok(reap(pid)));
    CHECK(mq_stat(q) == 0 && mq_ds.msg_qnum == MSGMNB / MSGMAX);
    CHECK(mq_ds.msg_lspid == pid);
    CHECK(msgrcv(q, &big2, MSGMAX, 9, IPC_NOWAIT) == MSGMAX);
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

/* A sender that does not fit a queue that is not full (4,072 of 4,096
 * bytes) sleeps; a receive that makes room must wake it, although the
 * queue was never full: waking senders only when a full queue drains
 * loses this wake-up. */
static void
ipc_msg_partial_room_wakes_sender(void)
{
    struct sysinfo s0;
    int q, pid;

    test_snapshot(&s0);
    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    big.mtype = 1;
    for (int i = 0; i < 3; i++)
        CHECK(msgsnd(q, &big, MSGMAX, IPC_NOWAIT) == 0);
    CHECK(msgsnd(q, &big, MSGMNB - 3 * MSGMAX - 24, IPC_NOWAIT) == 0);
    if ((pid = fork_sync()) == 0) {
        big.mtype = 9;
        ready();
        CHECK(msgsnd(q, &big, MSGMAX, 0) == 0);
        exit(0);
    }
    await_asleep(pid);
    check_still_blocked(pid);
    CHECK(msgrcv(q, &big2, MSGMAX, 1, IPC_NOWAIT) == MSGMAX);
    CHECK(exited_ok(reap(pid))); /* woken: 1,024 bytes fit now */
    CHECK(mq_stat(q) == 0 && mq_ds.msg_qnum == 4);
    CHECK(mq_ds.msg_cbytes == MSGMNB - 24);
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

static void
ipc_msg_rmid_wakes_receiver_eidrm(void)
{
    struct sysinfo s0;
    int q, pid;

    test_snapshot(&s0);
    CHECK((q = msgget(KEY(29, 0), IPC_CREAT | IPC_EXCL | 0600)) >= 0);
    if ((pid = fork_sync()) == 0) {
        ready();
        CHECK_ERR(recv_val(q, 0, 0, 0) == -1, EIDRM);
        exit(0);
    }
    await_asleep(pid);
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    CHECK_ERR(msgget(KEY(29, 0), 0) == -1, ENOENT);
    CHECK(exited_ok(reap(pid)));
    check_counts(&s0);
}

static void
ipc_msg_rmid_wakes_sender_eidrm(void)
{
    struct sysinfo s0;
    int q, pid;

    test_snapshot(&s0);
    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    fill_queue(q);
    if ((pid = fork_sync()) == 0) {
        ready();
        CHECK_ERR(msgsnd(q, &big, MSGMAX, 0) == -1, EIDRM);
        exit(0);
    }
    await_asleep(pid);
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    CHECK(exited_ok(reap(pid)));
    check_counts(&s0);
}

/* Set q's msg_qbytes (the caller is root or lowers it). */
static int
mq_set_qbytes(int q, unsigned long qbytes)
{
    CHECK(mq_stat(q) == 0);
    mq_ds.msg_qbytes = qbytes;
    return msgctl(q, IPC_SET, &mq_ds);
}

/* msg_qnum and msg_cbytes follow every send and receive; a queue is
 * full at msg_qbytes bytes, or at msg_qbytes messages. */
static void
ipc_msg_space_accounting(void)
{
    struct sysinfo s0;
    int q, i, sizes[] = {10, 20, 30};

    test_snapshot(&s0);
    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    CHECK(mq_stat(q) == 0 && mq_ds.msg_qnum == 0 && mq_ds.msg_cbytes == 0);
    CHECK(mq_ds.msg_qbytes == MSGMNB);
    for (i = 0; i < 3; i++) {
        big.mtype = i + 1;
        CHECK(msgsnd(q, &big, sizes[i], IPC_NOWAIT) == 0);
    }
    CHECK(mq_stat(q) == 0 && mq_ds.msg_qnum == 3 && mq_ds.msg_cbytes == 60);
    CHECK(msgrcv(q, &big2, MSGMAX, 2, IPC_NOWAIT) == 20);
    CHECK(mq_stat(q) == 0 && mq_ds.msg_qnum == 2 && mq_ds.msg_cbytes == 40);
    big.mtype = 4; /* fill to exactly MSGMNB bytes */
    for (i = 40; i + MSGMAX <= MSGMNB; i += MSGMAX)
        CHECK(msgsnd(q, &big, MSGMAX, IPC_NOWAIT) == 0);
    CHECK(msgsnd(q, &big, MSGMNB - i, IPC_NOWAIT) == 0);
    CHECK(mq_stat(q) == 0 && mq_ds.msg_cbytes == MSGMNB);
    CHECK_ERR(msgsnd(q, &big, 1, IPC_NOWAIT) == -1, EAGAIN);
    CHECK(msgsnd(q, &big, 0, IPC_NOWAIT) == 0); /* 0 bytes still fit */
    while (msgrcv(q, &big2, MSGMAX, 0, IPC_NOWAIT) >= 0)
        ;
    CHECK(mq_stat(q) == 0 && mq_ds.msg_qnum == 0 && mq_ds.msg_cbytes == 0);
    CHECK(mq_set_qbytes(q, 3) == 0); /* three messages at most */
    for (i = 0; i < 3; i++)
        CHECK(msgsnd(q, &big, 0, IPC_NOWAIT) == 0);
    CHECK_ERR(msgsnd(q, &big, 0, IPC_NOWAIT) == -1, EAGAIN);
    CHECK(msgrcv(q, &big2, MSGMAX, 0, IPC_NOWAIT) == 0);
    CHECK(msgsnd(q, &big, 0, IPC_NOWAIT) == 0);
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

/* Senders blocked on a full queue, on several harts, each woken in
 * turn as the receiver makes room: a receive that wakes nobody leaves
 * them asleep for good. */
#define FLOW_SENDERS 4
#define FLOW_MSGS 40
static void
ipc_msg_blocked_senders_all_woken(void)
{
    struct sysinfo s0;
    int q, i, k, pid[FLOW_SENDERS], sum = 0, want = 0, t0;
    struct imsg m;

    test_snapshot(&s0);
    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    CHECK(mq_set_qbytes(q, 2 * sizeof(int)) == 0); /* two messages fit */
    for (k = 0; k < FLOW_SENDERS; k++) {
        CHECK((pid[k] = fork()) >= 0);
        if (pid[k] == 0) {
            for (i = 0; i < FLOW_MSGS; i++)
                CHECK(send_val(q, k + 1, i, 0) == 0);
            exit(0);
        }
    }
    sleep(5);
    for (k = 0; k < FLOW_SENDERS; k++)
        CHECK(!has_exited(pid[k])); /* the queue holds two: they wait */
    CHECK(mq_stat(q) == 0 && mq_ds.msg_qnum == 2);
    t0 = uptime();
    for (i = 0; i < FLOW_SENDERS * FLOW_MSGS; i++) {
        if (i % 16 == 0)
            sleep(1); /* let every sender fall asleep on the full queue */
        while (msgrcv(q, &m, sizeof(m.val), 0, IPC_NOWAIT) < 0) {
            CHECK(errno == ENOMSG); /* the senders have yet to refill */
            if (uptime() - t0 > DEADLINE) {
                for (k = 0; k < FLOW_SENDERS; k++)
                    kill(pid[k]);
                test_fail(__FILE__, __LINE__, "senders never woke", 0);
            }
            sleep(1);
        }
        sum += m.val;
        t0 = uptime(); /* the deadline counts from the last message */
    }
    for (i = 0; i < FLOW_MSGS; i++)
        want += FLOW_SENDERS * i;
    CHECK(sum == want);
    for (k = 0; k < FLOW_SENDERS; k++)
        CHECK(exited_ok(reap(pid[k])));
    CHECK(mq_stat(q) == 0 && mq_ds.msg_qnum == 0 && mq_ds.msg_cbytes == 0);
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

/* Raising msg_qbytes makes room: a blocked sender must hear of it. */
static void
ipc_msg_raise_qbytes_wakes_sender(void)
{
    struct sysinfo s0;
    int q, pid;

    test_snapshot(&s0);
    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    CHECK(mq_set_qbytes(q, sizeof(int)) == 0);
    CHECK(send_val(q, 1, 1, IPC_NOWAIT) == 0);
    if ((pid = fork_sync()) == 0) {
        ready();
        CHECK(send_val(q, 1, 2, 0) == 0);
        exit(0);
    }
    await_asleep(pid);
    check_still_blocked(pid);
    CHECK(mq_set_qbytes(q, MSGMNB) == 0); /* we are root */
    CHECK(exited_ok(reap(pid)));
    CHECK(mq_stat(q) == 0 && mq_ds.msg_qnum == 2);
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

/* IPC_RMID wakes every sleeper, senders and receivers alike, each with
 * EIDRM; the queue is freed when the last of them has left it. */
static void
ipc_msg_rmid_wakes_every_sleeper(void)
{
    enum { EACH = 3 };
    struct sysinfo s0;
    int q, i, pid[2 * EACH];

    test_snapshot(&s0);
    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    fill_queue(q); /* full, and holding no message of type 7 */
    for (i = 0; i < 2 * EACH; i++) {
        if ((pid[i] = fork_sync()) == 0) {
            ready();
            if (i % 2)
                CHECK_ERR(msgsnd(q, &big, MSGMAX, 0) == -1, EIDRM);
            else
                CHECK_ERR(recv_val(q, 7, 0, 0) == -1, EIDRM);
            exit(0);
        }
        await_asleep(pid[i]);
    }
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    for (i = 0; i < 2 * EACH; i++)
        CHECK(exited_ok(reap(pid[i])));
    check_counts(&s0);
}

/* A killed sender leaves a queue that still works, and frees it. */
static void
ipc_msg_kill_blocked_sender(void)
{
    struct sysinfo s0;
    int q, pid, st;

    test_snapshot(&s0);
    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    fill_queue(q);
    if ((pid = fork_sync()) == 0) {
        ready();
        msgsnd(q, &big, MSGMAX, 0);
        exit(0);
    }
    await_asleep(pid);
    CHECK(kill(pid) == 0);
    st = reap(pid);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
    CHECK(mq_stat(q) == 0 && mq_ds.msg_qnum == MSGMNB / MSGMAX);
    CHECK(msgrcv(q, &big2, MSGMAX, 0, IPC_NOWAIT) == MSGMAX);
    CHECK(msgsnd(q, &big, MSGMAX, IPC_NOWAIT) == 0);
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

static void
ipc_msg_kill_blocked_receiver(void)
{
    struct sysinfo s0;
    int q, pid, st;

    test_snapshot(&s0);
    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    if ((pid = fork_sync()) == 0) {
        ready();
        recv_val(q, 0, 0, 0);
        exit(0);
    }
    await_asleep(pid);
    CHECK(kill(pid) == 0);
    st = reap(pid);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
    /* The queue is intact and took nothing from the killed receiver. */
    CHECK(mq_stat(q) == 0 && mq_ds.msg_lrpid == 0 && mq_ds.msg_qnum == 0);
    CHECK(send_val(q, 1, 8, IPC_NOWAIT) == 0);
    CHECK(recv_val(q, 0, IPC_NOWAIT, 0) == 8);
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

static void
ipc_msg_stat_fields(void)
{
    struct sysinfo s0;
    int q, pid;

    test_snapshot(&s0);
    CHECK((q = msgget(KEY(32, 0), IPC_CREAT | IPC_EXCL | 0640)) >= 0);
    CHECK(mq_stat(q) == 0);
    CHECK(mq_ds.msg_perm.key == KEY(32, 0));
    CHECK((mq_ds.msg_perm.mode & 0777) == 0640);
    CHECK(mq_ds.msg_perm.uid == getuid() && mq_ds.msg_perm.cuid == getuid());
    CHECK(mq_ds.msg_perm.gid == getgid() && mq_ds.msg_perm.cgid == getgid());
    CHECK(mq_ds.msg_qnum == 0 && mq_ds.msg_cbytes == 0);
    CHECK(mq_ds.msg_qbytes == MSGMNB);
    CHECK(mq_ds.msg_lspid == 0 && mq_ds.msg_lrpid == 0);
    CHECK(mq_ds.msg_stime == 0 && mq_ds.msg_rtime == 0);
    CHECK(mq_ds.msg_ctime > 0 && mq_ds.msg_ctime <= uptime());
    if ((pid = fork()) == 0) {
        big.mtype = 1;
        CHECK(msgsnd(q, &big, 10, IPC_NOWAIT) == 0);
        CHECK(msgsnd(q, &big, 20, IPC_NOWAIT) == 0);
        exit(0);
    }
    CHECK(pid > 0 && exited_ok(reap(pid)));
    CHECK(mq_stat(q) == 0);
    CHECK(mq_ds.msg_qnum == 2 && mq_ds.msg_cbytes == 30);
    CHECK(mq_ds.msg_lspid == pid && mq_ds.msg_lrpid == 0);
    CHECK(mq_ds.msg_stime >= mq_ds.msg_ctime && mq_ds.msg_stime > 0);
    CHECK(msgrcv(q, &big2, MSGMAX, 0, IPC_NOWAIT) == 10);
    CHECK(mq_stat(q) == 0);
    CHECK(mq_ds.msg_qnum == 1 && mq_ds.msg_cbytes == 20);
    CHECK(mq_ds.msg_lrpid == getpid() && mq_ds.msg_lspid == pid);
    CHECK(mq_ds.msg_rtime >= mq_ds.msg_stime);
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

static void
ipc_msg_set_lowers_qbytes(void)
{
    struct sysinfo s0;
    int q;

    test_snapshot(&s0);
    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    CHECK(mq_stat(q) == 0);
    mq_ds.msg_qbytes = 100;
    mq_ds.msg_perm.mode = 0640;
    CHECK(msgctl(q, IPC_SET, &mq_ds) == 0);
    memset(&mq_ds, 0, sizeof(mq_ds));
    CHECK(mq_stat(q) == 0);
    CHECK(mq_ds.msg_qbytes == 100 && (mq_ds.msg_perm.mode & 0777) == 0640);
    big.mtype = 1;
    CHECK(msgsnd(q, &big, 60, IPC_NOWAIT) == 0);
    CHECK_ERR(msgsnd(q, &big, 60, IPC_NOWAIT) == -1, EAGAIN);
    CHECK(msgsnd(q, &big, 40, IPC_NOWAIT) == 0);
    CHECK_ERR(msgsnd(q, &big, 1, IPC_NOWAIT) == -1, EAGAIN);
    CHECK(mq_stat(q) == 0 && mq_ds.msg_cbytes == 100);
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

/* As the non-root owner: lower msg_qbytes, then fail to raise it. */
static void
qbytes_owner_child(void)
{
    int q;

    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    CHECK(mq_stat(q) == 0 && mq_ds.msg_perm.uid == getuid());
    mq_ds.msg_qbytes = 100;
    CHECK(msgctl(q, IPC_SET, &mq_ds) == 0);
    mq_ds.msg_qbytes = 101;
    CHECK_ERR(msgctl(q, IPC_SET, &mq_ds) == -1, EPERM);
    mq_ds.msg_qbytes = MSGMNB + 1;
    CHECK_ERR(msgctl(q, IPC_SET, &mq_ds) == -1, EPERM);
    mq_ds.msg_qbytes = 100; /* the same value is no raise */
    CHECK(msgctl(q, IPC_SET, &mq_ds) == 0);
    CHECK(mq_stat(q) == 0 && mq_ds.msg_qbytes == 100);
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    exit(0);
}

/* Only root may raise msg_qbytes (POSIX); root may go past MSGMNB. */
static void
ipc_msg_raise_qbytes_needs_root(void)
{
    struct sysinfo s0;
    int q;

    test_snapshot(&s0);
    CHECK(exited_ok(run_with_ids(1000, 1000, qbytes_owner_child)));
    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    CHECK(mq_stat(q) == 0);
    mq_ds.msg_qbytes = MSGMNB * 2;
    CHECK(msgctl(q, IPC_SET, &mq_ds) == 0);
    CHECK(mq_stat(q) == 0 && mq_ds.msg_qbytes == MSGMNB * 2);
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

#define MSG_PAIRS 4 /* senders, and as many receivers */
#define MSG_PER_SENDER 200

struct stress_msg {
    long mtype;
    int seq;
    int from;
    char pad[24];
};

/* Sender i sends its sequence as type i + 1; receiver i takes it all. */
static void
msg_stress_worker(int q, int i, int sender)
{
    struct stress_msg m;
    int seq, size = sizeof(m) - sizeof(long);

    for (seq = 0; seq < MSG_PER_SENDER; seq++) {
        if (sender) {
            m.mtype = i + 1;
            m.seq = seq;
            m.from = i;
            CHECK(msgsnd(q, &m, size, 0) == 0);
        } else {
            CHECK(msgrcv(q, &m, size, i + 1, 0) == size);
            CHECK(m.mtype == i + 1 && m.from == i && m.seq == seq);
        }
    }
    exit(0);
}

static void
ipc_msg_stress(void)
{
    struct sysinfo s0;
    int q, i, pid[2 * MSG_PAIRS];

    struct stress_msg odd = {.mtype = 999, .seq = -1, .from = -1};
    int size = sizeof(odd) - sizeof(long);

    test_snapshot(&s0);
    CHECK((q = msgget(IPC_PRIVATE, 0600)) >= 0);
    /* A message of a type nobody asks for waits at the head of the
     * queue all along: only type selection leaves it there. */
    CHECK(msgsnd(q, &odd, size, 0) == 0);
    for (i = 0; i < 2 * MSG_PAIRS; i++) {
        CHECK((pid[i] = fork()) >= 0);
        if (pid[i] == 0)
            msg_stress_worker(q, i % MSG_PAIRS, i < MSG_PAIRS);
    }
    for (i = 0; i < 2 * MSG_PAIRS; i++)
        CHECK(exited_ok(reap_within(pid[i], STRESS_DEADLINE)));
    CHECK(mq_stat(q) == 0 && mq_ds.msg_qnum == 1);
    CHECK(msgrcv(q, &odd, size, 999, IPC_NOWAIT) == size && odd.seq == -1);
    CHECK(mq_stat(q) == 0);
    CHECK(mq_ds.msg_qnum == 0 && mq_ds.msg_cbytes == 0);
    CHECK(msgctl(q, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

/* ---------------------------------------------------------------- */
/* Semaphore arrays                                                 */
/* ---------------------------------------------------------------- */

static void
ipc_sem_nsems_einval(void)
{
    struct sysinfo s0;
    int s, s2;

    test_snapshot(&s0);
    CHECK_ERR(semget(IPC_PRIVATE, 0, 0600) == -1, EINVAL);
    CHECK_ERR(semget(KEY(40, 0), 0, IPC_CREAT | 0600) == -1, EINVAL);
    CHECK_ERR(semget(IPC_PRIVATE, SEMMSL + 1, 0600) == -1, EINVAL);
    CHECK_ERR(semget(IPC_PRIVATE, -1, 0600) == -1, EINVAL);
    check_counts(&s0);
    CHECK((s = semget(KEY(40, 0), SEMMSL, IPC_CREAT | IPC_EXCL | 0600)) >= 0);
    CHECK(sem_stat(s) == 0 && sem_ds.sem_nsems == SEMMSL);
    CHECK(semget(KEY(40, 0), 0, 0) == s); /* 0: any size will do */
    CHECK(semget(KEY(40, 0), 3, 0) == s);
    CHECK_ERR(semget(KEY(40, 0), SEMMSL + 1, 0) == -1, EINVAL);
    CHECK((s2 = semget(KEY(40, 1), 2, IPC_CREAT | IPC_EXCL | 0600)) >= 0);
    CHECK_ERR(semget(KEY(40, 1), 3, 0) == -1, EINVAL);
    CHECK(semctl(s, 0, IPC_RMID) == 0 && semctl(s2, 0, IPC_RMID) == 0);
    check_counts(&s0);
}

static void
ipc_sem_setval_getval(void)
{
    struct sysinfo s0;
    int s;

    test_snapshot(&s0);
    CHECK((s = semget(IPC_PRIVATE, 3, 0600)) >= 0);
    CHECK(setval(s, 0, 5) == 0 && setval(s, 1, 42) == 0);
    CHECK(setval(s, 2, 0) == 0);
    CHECK(getval(s, 0) == 5 && getval(s, 1) == 42 && getval(s, 2) == 0);
    CHECK(setval(s, 1, SEMVMX) == 0 && getval(s, 1) == SEMVMX);
    CHECK(getval(s, 0) == 5);
    CHECK_ERR(getval(s, 3) == -1, EINVAL);
    CHECK_ERR(getval(s, -1) == -1, EINVAL);
    CHECK_ERR(setval(s, 3, 1) == -1, EINVAL);
    CHECK(semctl(s, 0, IPC_RMID) == 0);
    check_counts(&s0);
}

static void
ipc_sem_setall_getall(void)
{
    struct sysinfo s0;
    unsigned short in[5] = {1, 2, 3, 4, 5}, out[6];
    union semun arg;
    int s, i;

    test_snapshot(&s0);
    CHECK((s = semget(IPC_PRIVATE, 5, 0600)) >= 0);
    arg.array = in;
    CHECK(semctl(s, 0, SETALL, arg) == 0);
    for (i = 0; i < 6; i++)
        out[i] = 0xbeef;
    arg.array = out;
    CHECK(semctl(s, 0, GETALL, arg) == 0);
    for (i = 0; i < 5; i++) {
        CHECK(out[i] == in[i]);
        CHECK(getval(s, i) == in[i]);
    }
    CHECK(out[5] == 0xbeef);
    CHECK(setval(s, 3, 40) == 0);
    CHECK(semctl(s, 0, GETALL, arg) == 0 && out[3] == 40 && out[4] == 5);
    CHECK(semctl(s, 0, IPC_RMID) == 0);
    check_counts(&s0);
}

static void
ipc_sem_getpid_last_op(void)
{
    struct sysinfo s0;
    int s, pid;

    test_snapshot(&s0);
    CHECK((s = semget(IPC_PRIVATE, 2, 0600)) >= 0);
    CHECK(setval(s, 0, 1) == 0);
    if ((pid = fork()) == 0) {
        CHECK(sem_add(s, 0, -1, 0) == 0);
        CHECK(sem_add(s, 0, 1, 0) == 0);
        exit(0);
    }
    CHECK(pid > 0 && exited_ok(reap(pid)));
    CHECK(semctl(s, 0, GETPID) == pid);
    CHECK(sem_add(s, 0, -1, IPC_NOWAIT) == 0);
    CHECK(semctl(s, 0, GETPID) == getpid());
    CHECK_ERR(semctl(s, 2, GETPID) == -1, EINVAL);
    CHECK(semctl(s, 0, IPC_RMID) == 0);
    check_counts(&s0);
}

static void
ipc_sem_ncnt_zcnt_waiters(void)
{
    struct sysinfo s0;
    int s, a, b;

    test_snapshot(&s0);
    CHECK((s = semget(IPC_PRIVATE, 2, 0600)) >= 0);
    CHECK(setval(s, 0, 0) == 0 && setval(s, 1, 1) == 0);
    CHECK(semctl(s, 0, GETNCNT) == 0 && semctl(s, 1, GETZCNT) == 0);
    if ((a = fork()) == 0) {
        CHECK(sem_add(s, 0, -1, 0) == 0); /* waits for an increase */
        exit(0);
    }
    if ((b = fork()) == 0) {
        CHECK(sem_add(s, 1, 0, 0) == 0); /* waits for zero */
        exit(0);
    }
    CHECK(a > 0 && b > 0);
    await_count(s, 0, GETNCNT, 1);
    await_count(s, 1, GETZCNT, 1);
    CHECK(semctl(s, 0, GETZCNT) == 0 && semctl(s, 1, GETNCNT) == 0);
    CHECK(setval(s, 0, 1) == 0);
    CHECK(exited_ok(reap(a)));
    CHECK(sem_add(s, 1, -1, 0) == 0);
    CHECK(exited_ok(reap(b)));
    CHECK(semctl(s, 0, GETNCNT) == 0 && semctl(s, 1, GETZCNT) == 0);
    CHECK(getval(s, 0) == 0 && getval(s, 1) == 0);
    CHECK(semctl(s, 0, IPC_RMID) == 0);
    check_counts(&s0);
}

static void
ipc_sem_semop_atomic_nowait(void)
{
    struct sysinfo s0;
    struct sembuf ops[2];
    int s;

    test_snapshot(&s0);
    CHECK((s = semget(IPC_PRIVATE, 2, 0600)) >= 0);
    CHECK(setval(s, 0, 1) == 0 && setval(s, 1, 0) == 0);
    ops[0] = (struct sembuf){.sem_num = 0, .sem_op = -1, .sem_flg = IPC_NOWAIT};
    ops[1] = (struct sembuf){.sem_num = 1, .sem_op = -1, .sem_flg = IPC_NOWAIT};
    CHECK_ERR(semop(s, ops, 2) == -1, EAGAIN);
    CHECK(getval(s, 0) == 1 && getval(s, 1) == 0);
    /* An increase ahead of the failing operation is not applied. */
    ops[0].sem_op = 5;
    CHECK_ERR(semop(s, ops, 2) == -1, EAGAIN);
    CHECK(getval(s, 0) == 1 && getval(s, 1) == 0);
    /* Nor a decrease after it. */
    ops[0] = ops[1];
    ops[1] = (struct sembuf){.sem_num = 0, .sem_op = -1, .sem_flg = IPC_NOWAIT};
    CHECK_ERR(semop(s, ops, 2) == -1, EAGAIN);
    CHECK(getval(s, 0) == 1 && getval(s, 1) == 0);
    CHECK(setval(s, 1, 1) == 0);
    CHECK(semop(s, ops, 2) == 0);
    CHECK(getval(s, 0) == 0 && getval(s, 1) == 0);
    CHECK(semctl(s, 0, IPC_RMID) == 0);
    check_counts(&s0);
}

static void
ipc_sem_semop_atomic_blocking(void)
{
    struct sysinfo s0;
    struct sembuf ops[2];
    int s, pid;

    test_snapshot(&s0);
    CHECK((s = semget(IPC_PRIVATE, 2, 0600)) >= 0);
    CHECK(setval(s, 0, 1) == 0 && setval(s, 1, 0) == 0);
    if ((pid = fork()) == 0) {
        ops[0] = (struct sembuf){.sem_num = 0, .sem_op = -1, .sem_flg = 0};
        ops[1] = (struct sembuf){.sem_num = 1, .sem_op = -1, .sem_flg = 0};
        CHECK(semop(s, ops, 2) == 0);
        exit(0);
    }
    CHECK(pid > 0);
    await_count(s, 1, GETNCNT, 1);
    /* Asleep on sem 1 without having taken sem 0. */
    CHECK(getval(s, 0) == 1);
    CHECK(sem_add(s, 0, -1, IPC_NOWAIT) == 0);
    CHECK(sem_add(s, 1, 1, 0) == 0);
    check_still_blocked(pid); /* sem 0 is gone now: still waiting */
    CHECK(getval(s, 1) == 1);
    CHECK(sem_add(s, 0, 1, 0) == 0);
    CHECK(exited_ok(reap(pid)));
    CHECK(getval(s, 0) == 0 && getval(s, 1) == 0);
    CHECK(semctl(s, 0, IPC_RMID) == 0);
    check_counts(&s0);
}

static void
ipc_sem_semop_blocks_until_post(void)
{
    struct sysinfo s0;
    int s, pid;

    test_snapshot(&s0);
    CHECK((s = semget(IPC_PRIVATE, 1, 0600)) >= 0);
    CHECK(setval(s, 0, 1) == 0);
    if ((pid = fork()) == 0) {
        CHECK(sem_add(s, 0, -3, 0) == 0);
        exit(0);
    }
    CHECK(pid > 0);
    await_count(s, 0, GETNCNT, 1);
    CHECK(sem_add(s, 0, 1, 0) == 0); /* 2: not enough yet */
    check_still_blocked(pid);
    CHECK(getval(s, 0) == 2);
    CHECK(sem_add(s, 0, 2, 0) == 0);
    CHECK(exited_ok(reap(pid)));
    CHECK(getval(s, 0) == 1 && semctl(s, 0, GETPID) == pid);
    CHECK(semctl(s, 0, IPC_RMID) == 0);
    check_counts(&s0);
}

/* Every waiter that can proceed does; the rest sleep on. */
static void
ipc_sem_post_wakes_each_waiter(void)
{
    struct sysinfo s0;
    int s, i, done, t0, pid[3], reaped[3], st;

    test_snapshot(&s0);
    CHECK((s = semget(IPC_PRIVATE, 1, 0600)) >= 0);
    CHECK(setval(s, 0, 0) == 0);
    for (i = 0; i < 3; i++) {
        if ((pid[i] = fork()) == 0) {
            CHECK(sem_add(s, 0, -1, 0) == 0);
            exit(0);
        }
        CHECK(pid[i] > 0);
    }
    await_count(s, 0, GETNCNT, 3);
    CHECK(sem_add(s, 0, 2, 0) == 0);
    await_count(s, 0, GETNCNT, 1);
    CHECK(getval(s, 0) == 0);
    for (i = 0; i < 3; i++)
        reaped[i] = 0;
    for (done = 0, t0 = uptime(); done < 2; sleep(1)) {
        CHECK(uptime() - t0 < DEADLINE);
        for (i = 0; i < 3; i++) {
            if (!reaped[i] && has_exited(pid[i])) {
                CHECK(waitpid(pid[i], &st, 0) == pid[i] && exited_ok(st));
                reaped[i] = 1;
                done++;
            }
        }
    }
    sleep(5);
    for (i = 0; i < 3; i++)
        CHECK(reaped[i] || !has_exited(pid[i]));
    CHECK(semctl(s, 0, GETNCNT) == 1);
    CHECK(sem_add(s, 0, 1, 0) == 0);
    for (i = 0; i < 3; i++)
        if (!reaped[i])
            CHECK(exited_ok(reap(pid[i])));
    CHECK(getval(s, 0) == 0 && semctl(s, 0, GETNCNT) == 0);
    CHECK(semctl(s, 0, IPC_RMID) == 0);
    check_counts(&s0);
}

/* The SEM_UNDO steps of ipc_sem_undo_range, in a child.  An adjustment
 * stays within -SEMVMX..SEMVMX: the op that would pass that is ERANGE
 * and changes nothing (POSIX semop: "would cause a semadj value to
 * overflow the system-imposed limit").  Before the bound, the loop of
 * +SEMVMX with SEM_UNDO and -SEMVMX without it wrapped the int. */
static void
undo_range_child(int s)
{
    struct sembuf two[2] = {{1, 1, 0}, {0, SEMVMX, SEM_UNDO}};

    CHECK(sem_add(s, 0, SEMVMX, SEM_UNDO) == 0); /* adjustment -SEMVMX */
    CHECK(sem_add(s, 0, -SEMVMX, 0) == 0);
    CHECK_ERR(sem_add(s, 0, SEMVMX, SEM_UNDO) < 0, ERANGE);
    CHECK_ERR(sem_add(s, 0, 1, SEM_UNDO) < 0, ERANGE);
    CHECK(getval(s, 0) == 0);
    /* all or nothing: the first op of the pair is not applied either */
    CHECK_ERR(semop(s, two, 2) < 0, ERANGE);
    CHECK(getval(s, 0) == 0 && getval(s, 1) == 0);
    /* the other way: +SEMVMX is the most an adjustment can hold */
    CHECK(sem_add(s, 1, SEMVMX, 0) == 0);
    CHECK(sem_add(s, 1, -SEMVMX, SEM_UNDO) == 0); /* adjustment +SEMVMX */
    CHECK(sem_add(s, 1, SEMVMX, 0) == 0);
    CHECK_ERR(sem_add(s, 1, -1, SEM_UNDO) < 0, ERANGE);
    CHECK(getval(s, 1) == SEMVMX);
    /* an op that brings the adjustment back towards 0 is fine */
    CHECK(sem_add(s, 0, 1, 0) == 0);
    CHECK(sem_add(s, 0, -1, SEM_UNDO) == 0); /* adjustment -SEMVMX + 1 */
    exit(0);
}

static void
ipc_sem_undo_range(void)
{
    struct sysinfo s0;
    int s, pid;

    test_snapshot(&s0);
    CHECK((s = semget(IPC_PRIVATE, 2, 0600)) >= 0);
    if ((pid = fork()) == 0)
        undo_range_child(s);
    CHECK(pid > 0 && exited_ok(reap(pid)));
    /* At exit: 0 - SEMVMX + 1 is clamped to 0 (a wrapped adjustment
     * would have set SEMVMX here), SEMVMX + SEMVMX to SEMVMX. */
    CHECK(getval(s, 0) == 0);
    CHECK(getval(s, 1) == SEMVMX);
    /* SETVAL cancels the adjustments: the full range is free again */
    if ((pid = fork()) == 0) {
        CHECK(sem_add(s, 0, SEMVMX, SEM_UNDO) == 0);
        CHECK(setval(s, 0, 0) == 0);
        CHECK(sem_add(s, 0, SEMVMX, SEM_UNDO) == 0);
        exit(0);
    }
    CHECK(pid > 0 && exited_ok(reap(pid)));
    CHECK(getval(s, 0) == 0);
    CHECK(semctl(s, 0, IPC_RMID) == 0);
    check_counts(&s0);
}

/* A child does not inherit its parent's SEM_UNDO adjustments. */
static void
ipc_sem_undo_not_inherited(void)
{
    struct sysinfo s0;
    int s, pid;

    test_snapshot(&s0);
    CHECK((s = semget(IPC_PRIVATE, 1, 0600)) >= 0);
    CHECK(setval(s, 0, 5) == 0);
    CHECK(sem_add(s, 0, -2, SEM_UNDO) == 0);
    if ((pid = fork()) == 0)
        exit(0);
    CHECK(pid > 0 && exited_ok(reap(pid)));
    CHECK(getval(s, 0) == 3);
    if ((pid = fork()) == 0) {
        CHECK(sem_add(s, 0, 1, SEM_UNDO) == 0);
        exit(0);
    }
    CHECK(pid > 0 && exited_ok(reap(pid)));
    CHECK(getval(s, 0) == 3);
    CHECK(sem_add(s, 0, 2, SEM_UNDO) == 0); /* our own net adjustment: 0 */
    CHECK(semctl(s, 0, IPC_RMID) == 0);
    check_counts(&s0);
}

static void
ipc_sem_wait_for_zero(void)
{
    struct sysinfo s0;
    int s, pid;

    test_snapshot(&s0);
    CHECK((s = semget(IPC_PRIVATE, 1, 0600)) >= 0);
    CHECK(setval(s, 0, 2) == 0);
    CHECK_ERR(sem_add(s, 0, 0, IPC_NOWAIT) == -1, EAGAIN);
    if ((pid = fork()) == 0) {
        CHECK(sem_add(s, 0, 0, 0) == 0);
        exit(0);
    }
    CHECK(pid > 0);
    await_count(s, 0, GETZCNT, 1);
    CHECK(sem_add(s, 0, -1, 0) == 0);
    check_still_blocked(pid);
    CHECK(semctl(s, 0, GETZCNT) == 1);
    CHECK(sem_add(s, 0, -1, 0) == 0);
    CHECK(exited_ok(reap(pid)));
    CHECK(semctl(s, 0, GETZCNT) == 0 && getval(s, 0) == 0);
    CHECK(sem_add(s, 0, 0, IPC_NOWAIT) == 0);
    CHECK(semctl(s, 0, IPC_RMID) == 0);
    check_counts(&s0);
}

/* A semop of several operations wakes a sleeper it may let through:
 * a taker when it adds, a zero-waiter when it takes a value to 0. */
static void
ipc_sem_multi_op_wakes_waiters(void)
{
    struct sysinfo s0;
    struct sembuf ops[2];
    int s, taker, zwait;

    test_snapshot(&s0);
    CHECK((s = semget(IPC_PRIVATE, 3, 0600)) >= 0);
    CHECK(setval(s, 1, 1) == 0);
    if ((taker = fork()) == 0) {
        CHECK(sem_add(s, 0, -1, 0) == 0);
        exit(0);
    }
    CHECK(taker > 0);
    if ((zwait = fork()) == 0) {
        CHECK(sem_add(s, 1, 0, 0) == 0);
        exit(0);
    }
    CHECK(zwait > 0);
    await_count(s, 0, GETNCNT, 1);
    await_count(s, 1, GETZCNT, 1);
    /* Neither op helps: sem 2 is nobody's. */
    ops[0] = (struct sembuf){.sem_num = 2, .sem_op = 1, .sem_flg = 0};
    ops[1] = (struct sembuf){.sem_num = 2, .sem_op = -1, .sem_flg = 0};
    CHECK(semop(s, ops, 2) == 0);
    check_still_blocked(taker);
    check_still_blocked(zwait);
    /* Take sem 1 to 0 and add to sem 2: the zero-waiter goes. */
    ops[0] = (struct sembuf){.sem_num = 2, .sem_op = 1, .sem_flg = 0};
    ops[1] = (struct sembuf){.sem_num = 1, .sem_op = -1, .sem_flg = 0};
    CHECK(semop(s, ops, 2) == 0);
    CHECK(exited_ok(reap(zwait)));
    check_still_blocked(taker);
    /* Take sem 2 and add to sem 0: the taker goes. */
    ops[0] = (struct sembuf){.sem_num = 2, .sem_op = -1, .sem_flg = 0};
    ops[1] = (struct sembuf){.sem_num = 0, .sem_op = 1, .sem_flg = 0};
    CHECK(semop(s, ops, 2) == 0);
    CHECK(exited_ok(reap(taker)));
    CHECK(getval(s, 0) == 0 && getval(s, 1) == 0 && getval(s, 2) == 0);
    CHECK(semctl(s, 0, IPC_RMID) == 0);
    check_counts(&s0);
}

/* semop({0,-1},{0,0}) waits for the value to be exactly 1: a take that
 * leaves 1, not 0, must wake it. */
static void
ipc_sem_take_then_zero_wakes(void)
{
    struct sysinfo s0;
    struct sembuf ops[2];
    int s, pid;

    test_snapshot(&s0);
    CHECK((s = semget(IPC_PRIVATE, 1, 0600)) >= 0);
    CHECK(setval(s, 0, 2) == 0);
    if ((pid = fork()) == 0) {
        ops[0] = (struct sembuf){.sem_num = 0, .sem_op = -1, .sem_flg = 0};
        ops[1] = (struct sembuf){.sem_num = 0, .sem_op = 0, .sem_flg = 0};
        CHECK(semop(s, ops, 2) == 0);
        exit(0);
    }
    CHECK(pid > 0);
    await_count(s, 0, GETZCNT, 1);
    CHECK(sem_add(s, 0, -1, 0) == 0); /* 2 -> 1 */
    CHECK(exited_ok(reap(pid)));
    CHECK(getval(s, 0) == 0);
    CHECK(semctl(s, 0, IPC_RMID) == 0);
    check_counts(&s0);
}

static void
ipc_sem_semvmx_erange(void)
{
    struct sysinfo s0;
    unsigned short vals[2] = {1, SEMVMX + 1};
    struct sembuf ops[2];
    union semun arg;
    int s, pid;

    test_snapshot(&s0);
    CHECK((s = semget(IPC_PRIVATE, 2, 0600)) >= 0);
    CHECK(setval(s, 0, 5) == 0 && setval(s, 1, 0) == 0);
    CHECK_ERR(setval(s, 0, SEMVMX + 1) == -1, ERANGE);
    CHECK(getval(s, 0) == 5);
    CHECK(setval(s, 0, SEMVMX) == 0);
    CHECK_ERR(sem_add(s, 0, 1, IPC_NOWAIT) == -1, ERANGE);
    if ((pid = fork()) == 0) {
        /* Without IPC_NOWAIT too: an error at once, not a wait. */
        CHECK_ERR(sem_add(s, 0, 1, 0) == -1, ERANGE);
        exit(0);
    }
    CHECK(pid > 0 && exited_ok(reap(pid)));
    CHECK(getval(s, 0) == SEMVMX);
    ops[0] = (struct sembuf){.sem_num = 1, .sem_op = 1, .sem_flg = 0};
    ops[1] = (struct sembuf){.sem_num = 0, .sem_op = 1, .sem_flg = 0};
    CHECK_ERR(semop(s, ops, 2) == -1, ERANGE);
    CHECK(getval(s, 1) == 0);
    arg.array = vals;
    CHECK_ERR(semctl(s, 0, SETALL, arg) == -1, ERANGE);
    CHECK(getval(s, 0) == SEMVMX && getval(s, 1) == 0);
    CHECK(semctl(s, 0, IPC_RMID) == 0);
    check_counts(&s0);
}

static void
ipc_sem_num_out_of_range_efbig(void)
{
    struct sysinfo s0;
    struct sembuf ops[2];
    int s;

    test_snapshot(&s0);
    CHECK((s = semget(IPC_PRIVATE, 2, 0600)) >= 0);
    CHECK(setval(s, 0, 1) == 0);
    CHECK_ERR(sem_add(s, 2, 1, IPC_NOWAIT) == -1, EFBIG);
    CHECK_ERR(sem_add(s, 65535, 1, 0) == -1, EFBIG);
    ops[0] = (struct sembuf){.sem_num = 0, .sem_op = 1, .sem_flg = 0};
    ops[1] = (struct sembuf){.sem_num = 2, .sem_op = 1, .sem_flg = 0};
    CHECK_ERR(semop(s, ops, 2) == -1, EFBIG);
    CHECK(getval(s, 0) == 1);
    CHECK_ERR(semctl(s, 2, GETNCNT) == -1, EINVAL);
    CHECK_ERR(semctl(s, 2, GETZCNT) == -1, EINVAL);
    CHECK(semctl(s, 0, IPC_RMID) == 0);
    check_counts(&s0);
}

static void
ipc_sem_too_many_ops_e2big(void)
{
    static struct sembuf ops[SEMOPM + 1];
    struct sysinfo s0;
    int s, i;

    test_snapshot(&s0);
    CHECK((s = semget(IPC_PRIVATE, 1, 0600)) >= 0);
    CHECK(setval(s, 0, 0) == 0);
    for (i = 0; i <= SEMOPM; i++)
        ops[i] = (struct sembuf){.sem_num = 0, .sem_op = 1, .sem_flg = 0};
    CHECK_ERR(semop(s, ops, SEMOPM + 1) == -1, E2BIG);
    CHECK(getval(s, 0) == 0);
    CHECK(semop(s, ops, SEMOPM) == 0);
    CHECK(getval(s, 0) == SEMOPM);
    CHECK(semctl(s, 0, IPC_RMID) == 0);
    check_counts(&s0);
}

static void
ipc_sem_undo_at_exit(void)
{
    struct sysinfo s0;
    char c = 'g';
    int s, pid, go[2];

    test_snapshot(&s0);
    CHECK((s = semget(IPC_PRIVATE, 2, 0600)) >= 0);
    CHECK(setval(s, 0, 5) == 0 && setval(s, 1, 0) == 0);
    if ((pid = fork()) == 0) {
        CHECK(sem_add(s, 0, -2, SEM_UNDO) == 0);
        CHECK(sem_add(s, 0, 1, 0) == 0);
        CHECK(sem_add(s, 1, 3, SEM_UNDO) == 0);
        CHECK(sem_add(s, 1, 1, SEM_UNDO) == 0);
        CHECK(sem_add(s, 1, -2, SEM_UNDO) == 0);
        CHECK(getval(s, 0) == 4 && getval(s, 1) == 2);
        exit(0);
    }
    CHECK(pid > 0 && exited_ok(reap(pid)));
    /* Only the SEM_UNDO parts are reversed: 4 + 2 and 2 - 2. */
    CHECK(getval(s, 0) == 6 && getval(s, 1) == 0);
    /* A set removed before the exit leaves nothing to undo. */
    CHECK(pipe(go) == 0);
    if ((pid = fork_sync()) == 0) {
        close(go[1]);
        CHECK(sem_add(s, 0, -1, SEM_UNDO) == 0);
        ready();
        CHECK(read(go[0], &c, 1) == 1);
        exit(0);
    }
    close(go[0]);
    await_asleep(pid);
    CHECK(getval(s, 0) == 5);
    CHECK(semctl(s, 0, IPC_RMID) == 0);
    CHECK(write(go[1], &c, 1) == 1);
    close(go[1]);
    CHECK(exited_ok(reap(pid)));
    check_counts(&s0);
}

static void
ipc_sem_undo_at_kill(void)
{
    struct sysinfo s0;
    int s, pid, st;

    test_snapshot(&s0);
    CHECK((s = semget(IPC_PRIVATE, 2, 0600)) >= 0);
    CHECK(setval(s, 0, 5) == 0 && setval(s, 1, 0) == 0);
    if ((pid = fork()) == 0) {
        CHECK(sem_add(s, 0, -1, SEM_UNDO) == 0);
        sem_add(s, 1, -1, 0); /* sleeps until killed */
        exit(0);
    }
    CHECK(pid > 0);
    await_count(s, 1, GETNCNT, 1);
    CHECK(getval(s, 0) == 4);
    CHECK(kill(pid) == 0);
    st = reap(pid);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
    CHECK(getval(s, 0) == 5);
    CHECK(semctl(s, 1, GETNCNT) == 0 && getval(s, 1) == 0);
    CHECK(semctl(s, 0, IPC_RMID) == 0);
    check_counts(&s0);
}

static void
ipc_sem_rmid_wakes_eidrm(void)
{
    struct sysinfo s0;
    int s, a, b;

    test_snapshot(&s0);
    CHECK((s = semget(KEY(54, 0), 2, IPC_CREAT | IPC_EXCL | 0600)) >= 0);
    CHECK(setval(s, 0, 0) == 0 && setval(s, 1, 1) == 0);
    if ((a = fork()) == 0) {
        CHECK_ERR(sem_add(s, 0, -1, 0) == -1, EIDRM);
        exit(0);
    }
    if ((b = fork()) == 0) {
        CHECK_ERR(sem_add(s, 1, 0, SEM_UNDO) == -1, EIDRM);
        exit(0);
    }
    CHECK(a > 0 && b > 0);
    await_count(s, 0, GETNCNT, 1);
    await_count(s, 1, GETZCNT, 1);
    CHECK(semctl(s, 0, IPC_RMID) == 0);
    CHECK_ERR(semget(KEY(54, 0), 2, 0) == -1, ENOENT);
    CHECK(exited_ok(reap(a)));
    CHECK(exited_ok(reap(b)));
    check_counts(&s0);
}

static void
ipc_sem_semun_stat_set(void)
{
    static struct semid_ds ds;
    unsigned short in[3] = {7, 8, 9}, out[4] = {0, 0, 0, 0xbeef};
    struct sysinfo s0;
    union semun arg;
    int s;

    test_snapshot(&s0);
    CHECK((s = semget(KEY(55, 0), 3, IPC_CREAT | IPC_EXCL | 0640)) >= 0);
    arg.buf = &ds;
    CHECK(semctl(s, 0, IPC_STAT, arg) == 0);
    CHECK(ds.sem_nsems == 3 && ds.sem_perm.key == KEY(55, 0));
    CHECK((ds.sem_perm.mode & 0777) == 0640 && ds.sem_perm.uid == getuid());
    CHECK(ds.sem_otime == 0 && ds.sem_ctime > 0);
    ds.sem_perm.mode = 0600;
    CHECK(semctl(s, 0, IPC_SET, arg) == 0);
    memset(&ds, 0, sizeof(ds));
    CHECK(semctl(s, 0, IPC_STAT, arg) == 0);
    CHECK((ds.sem_perm.mode & 0777) == 0600 && ds.sem_nsems == 3);
    arg.array = in;
    CHECK(semctl(s, 0, SETALL, arg) == 0);
    arg.val = 11;
    CHECK(semctl(s, 2, SETVAL, arg) == 0);
    arg.array = out;
    CHECK(semctl(s, 0, GETALL, arg) == 0);
    CHECK(out[0] == 7 && out[1] == 8 && out[2] == 11 && out[3] == 0xbeef);
    CHECK(sem_add(s, 0, -1, 0) == 0);
    arg.buf = &ds;
    CHECK(semctl(s, 0, IPC_STAT, arg) == 0 && ds.sem_otime > 0);
    CHECK(semctl(s, 0, IPC_RMID) == 0);
    check_counts(&s0);
}

#define STRESS_PROCS 6
#define MUTEX_ROUNDS 300

/* Shared by the workers of ipc_sem_mutex_stress, in the segment. */
struct shared_counter {
    volatile int value;
    volatile int inside;  /* workers in the critical section */
    volatile int overlap; /* times one found another inside */
};

static void
mutex_worker(int s, struct shared_counter *c)
{
    volatile int spin;
    int i, v;

    for (i = 0; i < MUTEX_ROUNDS; i++) {
        CHECK(sem_add(s, 0, -1, SEM_UNDO) == 0);
        if (c->inside++ != 0)
            c->overlap++;
        v = c->value;
        for (spin = 0; spin < 200; spin++)
            ;
        c->value = v + 1;
        c->inside--;
        CHECK(sem_add(s, 0, 1, SEM_UNDO) == 0);
    }
    exit(0);
}

static void
ipc_sem_mutex_stress(void)
{
    struct sysinfo s0;
    struct shared_counter *c;
    int s, m, i, pid[STRESS_PROCS];

    test_snapshot(&s0);
    CHECK((s = semget(IPC_PRIVATE, 1, 0600)) >= 0);
    CHECK((m = shmget(IPC_PRIVATE, PAGE, 0600)) >= 0);
    CHECK((c = shmat(m, 0, 0)) != SHMAT_FAILED);
    CHECK(c->value == 0 && c->inside == 0 && c->overlap == 0);
    CHECK(setval(s, 0, 1) == 0);
    for (i = 0; i < STRESS_PROCS; i++) {
        CHECK((pid[i] = fork()) >= 0);
        if (pid[i] == 0)
            mutex_worker(s, c);
    }
    for (i = 0; i < STRESS_PROCS; i++)
        CHECK(exited_ok(reap_within(pid[i], STRESS_DEADLINE)));
    CHECK(c->overlap == 0 && c->inside == 0);
    CHECK(c->value == STRESS_PROCS * MUTEX_ROUNDS);
    CHECK(getval(s, 0) == 1 && semctl(s, 0, GETNCNT) == 0);
    CHECK(shm_stat(m) == 0 && shm_ds.shm_nattch == 1);
    CHECK(shmdt(c) == 0);
    CHECK(semctl(s, 0, IPC_RMID) == 0 && shmctl(m, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

/* ---------------------------------------------------------------- */
/* Shared memory                                                    */
/* ---------------------------------------------------------------- */

static void
ipc_shm_size_einval(void)
{
    struct sysinfo s0;
    int m;

    test_snapshot(&s0);
    CHECK_ERR(shmget(IPC_PRIVATE, 0, 0600) == -1, EINVAL);
    CHECK_ERR(shmget(KEY(60, 0), 0, IPC_CREAT | 0600) == -1, EINVAL);
    CHECK_ERR(shmget(IPC_PRIVATE, SHMMAX + 1, 0600) == -1, EINVAL);
    CHECK_ERR(shmget(IPC_PRIVATE, (size_t)-1, 0600) == -1, EINVAL);
    check_counts(&s0);
    CHECK((m = shmget(IPC_PRIVATE, SHMMAX, 0600)) >= 0);
    CHECK(shmctl(m, IPC_RMID, 0) == 0);
    CHECK((m = shmget(KEY(60, 0), 2 * PAGE, IPC_CREAT | IPC_EXCL | 0600)) >= 0);
    /* An existing segment: asking for more than it has is EINVAL. */
    CHECK_ERR(shmget(KEY(60, 0), 3 * PAGE, 0) == -1, EINVAL);
    CHECK_ERR(shmget(KEY(60, 0), 3 * PAGE, IPC_CREAT | 0600) == -1, EINVAL);
    CHECK(shmget(KEY(60, 0), PAGE, 0) == m);
    CHECK(shmget(KEY(60, 0), 0, 0) == m);
    CHECK(shmctl(m, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

/* Index of the first byte of p[0..n) that is not zero, or n. */
static int
first_nonzero(const volatile char *p, int n)
{
    int i;

    for (i = 0; i < n && p[i] == 0; i++)
        ;
    return i;
}

static void
ipc_shm_attach_aligned_zeroed(void)
{
    enum { SIZE = 3 * PAGE + 100 };
    struct sysinfo s0;
    char *p, *p2, *h;
    int m;

    test_snapshot(&s0);
    CHECK((m = shmget(IPC_PRIVATE, SIZE, 0600)) >= 0);
    CHECK((p = shmat(m, 0, 0)) != SHMAT_FAILED);
    CHECK((unsigned long)p % PAGE == 0);
    CHECK(first_nonzero(p, SIZE) == SIZE);
    memset(p, 0xa5, SIZE);
    /* A second attachment elsewhere maps the same pages. */
    CHECK((p2 = shmat(m, 0, 0)) != SHMAT_FAILED);
    CHECK(p2 != p && (unsigned long)p2 % PAGE == 0);
    CHECK((unsigned char)p2[SIZE - 1] == 0xa5);
    p2[0] = 1;
    CHECK(p[0] == 1);
    /* Growing the heap does not run into the attachments. */
    CHECK((h = sbrk(2 * PAGE)) != (char *)-1);
    memset(h, 0x11, 2 * PAGE);
    CHECK(p[1] == (char)0xa5 && (unsigned char)p[SIZE - 1] == 0xa5);
    CHECK(shmdt(p) == 0 && shmdt(p2) == 0);
    CHECK(shmctl(m, IPC_RMID, 0) == 0);
    /* New segments are zeroed again, whatever the last one held. */
    CHECK((m = shmget(IPC_PRIVATE, SIZE, 0600)) >= 0);
    CHECK((p = shmat(m, 0, 0)) != SHMAT_FAILED);
    CHECK(first_nonzero(p, SIZE) == SIZE);
    CHECK(shmdt(p) == 0 && shmctl(m, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

static void
ipc_shm_fork_shares(void)
{
    struct sysinfo s0;
    char *p;
    int m, pid;

    test_snapshot(&s0);
    CHECK((m = shmget(IPC_PRIVATE, 2 * PAGE, 0600)) >= 0);
    CHECK((p = shmat(m, 0, 0)) != SHMAT_FAILED);
    strcpy(p, "parent");
    if ((pid = fork()) == 0) {
        CHECK(strcmp(p, "parent") == 0);
        CHECK(shm_stat(m) == 0 && shm_ds.shm_nattch == 2);
        strcpy(p + PAGE + 100, "child");
        exit(0);
    }
    CHECK(pid > 0 && exited_ok(reap(pid)));
    CHECK(strcmp(p + PAGE + 100, "child") == 0);
    CHECK(shm_stat(m) == 0 && shm_ds.shm_nattch == 1);
    CHECK(shmdt(p) == 0);
    CHECK(shmctl(m, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

/* A child of ipc_shm_unrelated_share: attach by key, talk through it. */
static void
shm_peer(int first)
{
    volatile int *p;
    int m, t0 = uptime();

    CHECK((m = shmget(KEY(63, 0), PAGE, 0)) >= 0);
    CHECK((p = shmat(m, 0, 0)) != SHMAT_FAILED);
    if (first)
        p[0] = 0x1234;
    while (p[first ? 1 : 0] != (first ? 0x5678 : 0x1234)) {
        CHECK(uptime() - t0 < DEADLINE);
        sleep(1);
    }
    if (!first)
        p[1] = 0x5678;
    CHECK(shmdt((void *)p) == 0);
    exit(0);
}

static void
ipc_shm_unrelated_share(void)
{
    struct sysinfo s0;
    int m, a, b;

    test_snapshot(&s0);
    CHECK((m = shmget(KEY(63, 0), PAGE, IPC_CREAT | IPC_EXCL | 0600)) >= 0);
    if ((b = fork()) == 0)
        shm_peer(0);
    if ((a = fork()) == 0)
        shm_peer(1);
    CHECK(a > 0 && b > 0);
    CHECK(exited_ok(reap(a)));
    CHECK(exited_ok(reap(b)));
    CHECK(shm_stat(m) == 0 && shm_ds.shm_nattch == 0);
    CHECK(shmctl(m, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

static void
ipc_shm_rmid_while_attached(void)
{
    struct sysinfo s0, s1;
    unsigned int n;
    volatile char *p, *q;
    int m, m2, pid, go[2];
    char c = 'g';

    test_snapshot(&s0);
    CHECK((m = shmget(KEY(64, 0), 2 * PAGE, IPC_CREAT | IPC_EXCL | 0600)) >= 0);
    CHECK((p = shmat(m, 0, 0)) != SHMAT_FAILED);
    p[0] = 'a';
    CHECK(pipe(go) == 0);
    if ((pid = fork()) == 0) {
        CHECK(read(go[0], &c, 1) == 1);
        CHECK(p[0] == 'a' && p[PAGE] == 'b');
        p[PAGE + 1] = 'c';
        CHECK(shmdt((void *)p) == 0);
        exit(0);
    }
    CHECK(pid > 0);
    CHECK(shm_stat(m) == 0 && shm_ds.shm_nattch == 2);
    CHECK(shmctl(m, IPC_RMID, 0) == 0);
    /* Out of the namespace at once, alive while attached. */
    CHECK_ERR(shmget(KEY(64, 0), PAGE, 0) == -1, ENOENT);
    CHECK_ERR(shm_stat(m) == -1, EINVAL);
    CHECK(shmids(idbuf, 256, &n) == 0 && !has_id(idbuf, n, m));
    test_snapshot(&s1);
    CHECK(s1.nshm == s0.nshm + 1);
    p[PAGE] = 'b';
    CHECK(write(go[1], &c, 1) == 1);
    CHECK(exited_ok(reap(pid)));
    CHECK(p[PAGE + 1] == 'c');
    test_snapshot(&s1);
    CHECK(s1.nshm == s0.nshm + 1);
    /* The key is free for a new, different segment. */
    CHECK((m2 = shmget(KEY(64, 0), PAGE, IPC_CREAT | IPC_EXCL | 0600)) >= 0);
    CHECK((q = shmat(m2, 0, 0)) != SHMAT_FAILED);
    CHECK(q[0] == 0 && p[0] == 'a');
    CHECK(shmdt((void *)q) == 0 && shmctl(m2, IPC_RMID, 0) == 0);
    CHECK(shmdt((void *)p) == 0);
    close(go[0]);
    close(go[1]);
    check_counts(&s0);
}

static void
ipc_shm_rdonly_write_kills(void)
{
    struct sysinfo s0;
    volatile char *p, *r;
    int m, pid, st;

    test_snapshot(&s0);
    CHECK((m = shmget(IPC_PRIVATE, PAGE, 0600)) >= 0);
    CHECK((p = shmat(m, 0, 0)) != SHMAT_FAILED);
    p[0] = 'z';
    p[1] = 'y';
    if ((pid = fork()) == 0) {
        CHECK((r = shmat(m, 0, SHM_RDONLY)) != SHMAT_FAILED);
        CHECK(r != p && r[0] == 'z' && r[1] == 'y');
        CHECK(shm_stat(m) == 0 && shm_ds.shm_nattch == 3);
        r[0] = 'w'; /* must kill this process */
        exit(0);
    }
    CHECK(pid > 0);
    st = reap(pid);
    CHECK(WIFSIGNALED(st));
    CHECK(p[0] == 'z');
    CHECK(shm_stat(m) == 0 && shm_ds.shm_nattch == 1);
    CHECK(shmdt((void *)p) == 0 && shmctl(m, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

static void
ipc_shm_shmdt_not_attached_einval(void)
{
    struct sysinfo s0;
    char *p;
    int m;

    test_snapshot(&s0);
    CHECK_ERR(shmdt((void *)0x12345000) == -1, EINVAL);
    CHECK((m = shmget(IPC_PRIVATE, 2 * PAGE, 0600)) >= 0);
    CHECK((p = shmat(m, 0, 0)) != SHMAT_FAILED);
    CHECK_ERR(shmdt(p + PAGE) == -1, EINVAL);
    CHECK_ERR(shmdt(p + 1) == -1, EINVAL);
    CHECK(shm_stat(m) == 0 && shm_ds.shm_nattch == 1);
    CHECK(shmdt(p) == 0);
    CHECK_ERR(shmdt(p) == -1, EINVAL);
    CHECK(shm_stat(m) == 0 && shm_ds.shm_nattch == 0);
    CHECK(shmctl(m, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

static void
ipc_shm_shmseg_emfile(void)
{
    static char *at[SHMSEG];
    struct sysinfo s0;
    int m, m2, i, j;

    test_snapshot(&s0);
    CHECK((m = shmget(IPC_PRIVATE, PAGE, 0600)) >= 0);
    CHECK((m2 = shmget(IPC_PRIVATE, PAGE, 0600)) >= 0);
    for (i = 0; i < SHMSEG; i++) {
        CHECK((at[i] = shmat(m, 0, 0)) != SHMAT_FAILED);
        for (j = 0; j < i; j++)
            CHECK(at[j] != at[i]);
    }
    CHECK_ERR(shmat(m, 0, 0) == SHMAT_FAILED, EMFILE);
    CHECK_ERR(shmat(m2, 0, 0) == SHMAT_FAILED, EMFILE);
    CHECK(shm_stat(m) == 0 && shm_ds.shm_nattch == SHMSEG);
    at[0][0] = 'q';
    CHECK(at[SHMSEG - 1][0] == 'q');
    CHECK(shmdt(at[3]) == 0);
    CHECK((at[3] = shmat(m2, 0, 0)) != SHMAT_FAILED);
    for (i = 0; i < SHMSEG; i++)
        CHECK(shmdt(at[i]) == 0);
    CHECK(shm_stat(m) == 0 && shm_ds.shm_nattch == 0);
    CHECK(shmctl(m, IPC_RMID, 0) == 0 && shmctl(m2, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

static void
ipc_shm_stat_fields(void)
{
    struct sysinfo s0;
    char *p;
    int m;

    test_snapshot(&s0);
    CHECK((m = shmget(KEY(68, 0), 5000, IPC_CREAT | IPC_EXCL | 0640)) >= 0);
    CHECK(shm_stat(m) == 0);
    CHECK(shm_ds.shm_segsz == 5000 && shm_ds.shm_perm.key == KEY(68, 0));
    CHECK((shm_ds.shm_perm.mode & 0777) == 0640);
    CHECK(shm_ds.shm_perm.uid == getuid() && shm_ds.shm_perm.cuid == getuid());
    CHECK(shm_ds.shm_cpid == getpid() && shm_ds.shm_lpid == 0);
    CHECK(shm_ds.shm_nattch == 0 && shm_ds.shm_atime == 0);
    CHECK(shm_ds.shm_dtime == 0 && shm_ds.shm_ctime > 0);
    CHECK((p = shmat(m, 0, 0)) != SHMAT_FAILED);
    p[0] = 1;
    p[4999] = 2; /* the whole size asked for is there */
    CHECK(shm_stat(m) == 0 && shm_ds.shm_segsz == 5000);
    CHECK(shm_ds.shm_nattch == 1 && shm_ds.shm_lpid == getpid());
    CHECK(shm_ds.shm_atime > 0);
    CHECK(shmdt(p) == 0);
    CHECK(shm_stat(m) == 0 && shm_ds.shm_nattch == 0);
    CHECK(shm_ds.shm_dtime >= shm_ds.shm_atime && shm_ds.shm_dtime > 0);
    CHECK(shmctl(m, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

static void
ipc_shm_exit_detaches(void)
{
    struct sysinfo s0, s1;
    char *p;
    int m, pid, i;

    test_snapshot(&s0);
    CHECK((m = shmget(IPC_PRIVATE, PAGE, 0600)) >= 0);
    if ((pid = fork()) == 0) {
        for (i = 0; i < 3; i++)
            CHECK((p = shmat(m, 0, 0)) != SHMAT_FAILED);
        CHECK(shm_stat(m) == 0 && shm_ds.shm_nattch == 3);
        p[0] = 'e';
        exit(0); /* no shmdt */
    }
    CHECK(pid > 0 && exited_ok(reap(pid)));
    CHECK(shm_stat(m) == 0 && shm_ds.shm_nattch == 0);
    CHECK(shm_ds.shm_lpid == pid);
    test_snapshot(&s1);
    CHECK(s1.nshm == s0.nshm + 1); /* detached, not removed */
    CHECK((p = shmat(m, 0, 0)) != SHMAT_FAILED && p[0] == 'e');
    CHECK(shmdt(p) == 0 && shmctl(m, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

/* Read "PID PPID ..." that /exechelper printed; 0 if malformed. */
static int
parse_pids(const char *s, int *pid, int *ppid)
{
    char *end;

    *pid = strtol(s, &end, 10);
    if (end == s || *end != ' ')
        return 0;
    s = end + 1;
    *ppid = strtol(s, &end, 10);
    return end != s;
}

static void
ipc_shm_exec_detaches(void)
{
    static char line[128];
    char *argv[] = {"exechelper", 0};
    struct sysinfo s0;
    int m, pid, hpid = 0, hppid = 0, fds[2];
    char *p;

    test_snapshot(&s0);
    CHECK((m = shmget(IPC_PRIVATE, PAGE, 0600)) >= 0);
    CHECK((p = shmat(m, 0, 0)) != SHMAT_FAILED);
    p[0] = 'x';
    /* A failed exec keeps the old image and its attachments. */
    if ((pid = fork()) == 0) {
        CHECK_ERR(exec("/no-such-program", argv) == -1, ENOENT);
        CHECK(p[0] == 'x');
        CHECK(shm_stat(m) == 0 && shm_ds.shm_nattch == 2);
        exit(0);
    }
    CHECK(pid > 0 && exited_ok(reap(pid)));
    CHECK(shm_stat(m) == 0 && shm_ds.shm_nattch == 1);
    CHECK(pipe(fds) == 0);
    if ((pid = fork()) == 0) {
        close(1);
        CHECK(dup(fds[1]) == 1);
        close(fds[0]);
        close(fds[1]);
        exec("/exechelper", argv);
        exit(99);
    }
    close(fds[1]);
    CHECK(pid > 0);
    CHECK(read_full(fds[0], line, sizeof(line) - 1) > 0);
    close(fds[0]);
    CHECK(exited_ok(reap(pid)));
    CHECK(parse_pids(line, &hpid, &hppid));
    CHECK(hpid == pid && hppid == getpid());
    CHECK(shm_stat(m) == 0 && shm_ds.shm_nattch == 1 && p[0] == 'x');
    CHECK(shmdt(p) == 0 && shmctl(m, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

static void
ipc_shm_attach_at_address(void)
{
    struct sysinfo s0;
    char *p, *q;
    int m;

    test_snapshot(&s0);
    CHECK((m = shmget(IPC_PRIVATE, 2 * PAGE, 0600)) >= 0);
    CHECK((p = shmat(m, 0, 0)) != SHMAT_FAILED);
    p[PAGE] = 3;
    CHECK(shmdt(p) == 0);
    CHECK((q = shmat(m, p, 0)) == p);
    CHECK(q[PAGE] == 3);
    CHECK(shmdt(q) == 0);
    CHECK_ERR(shmat(m, p + 1, 0) == SHMAT_FAILED, EINVAL);
    CHECK((q = shmat(m, p + 100, SHM_RND)) == p); /* rounded down */
    CHECK(q[PAGE] == 3);
    CHECK(shmdt(q) == 0);
    CHECK(shm_stat(m) == 0 && shm_ds.shm_nattch == 0);
    CHECK(shmctl(m, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

#define SHM_ROUNDS 40
#define STRIPE (PAGE / sizeof(int)) /* ints per worker */

/* Each round: attach, fill own stripe, bump the shared count, detach. */
static void
shm_stress_worker(int m, int w)
{
    volatile int *p;
    unsigned int j;
    int r;

    for (r = 0; r < SHM_ROUNDS; r++) {
        CHECK((p = shmat(m, 0, 0)) != SHMAT_FAILED);
        for (j = 0; j < STRIPE; j++)
            p[w * STRIPE + j] = (w << 20) | (r << 12) | j;
        for (j = 0; j < STRIPE; j++)
            CHECK(p[w * STRIPE + j] == ((w << 20) | (r << 12) | (int)j));
        __atomic_fetch_add(&p[STRESS_PROCS * STRIPE], 1, __ATOMIC_SEQ_CST);
        CHECK(shmdt((void *)p) == 0);
    }
    exit(0);
}

static void
ipc_shm_stress(void)
{
    struct sysinfo s0;
    volatile int *p;
    unsigned int j;
    int m, w, pid[STRESS_PROCS];

    test_snapshot(&s0);
    CHECK((m = shmget(IPC_PRIVATE, (STRESS_PROCS + 1) * PAGE, 0600)) >= 0);
    for (w = 0; w < STRESS_PROCS; w++) {
        CHECK((pid[w] = fork()) >= 0);
        if (pid[w] == 0)
            shm_stress_worker(m, w);
    }
    for (w = 0; w < STRESS_PROCS; w++)
        CHECK(exited_ok(reap_within(pid[w], STRESS_DEADLINE)));
    CHECK(shm_stat(m) == 0 && shm_ds.shm_nattch == 0);
    CHECK((p = shmat(m, 0, 0)) != SHMAT_FAILED);
    CHECK(p[STRESS_PROCS * STRIPE] == STRESS_PROCS * SHM_ROUNDS);
    for (w = 0; w < STRESS_PROCS; w++)
        for (j = 0; j < STRIPE; j++)
            CHECK(p[w * STRIPE + j] ==
                  ((w << 20) | ((SHM_ROUNDS - 1) << 12) | (int)j));
    CHECK(shm_stat(m) == 0 && shm_ds.shm_nattch == 1);
    CHECK(shmdt((void *)p) == 0 && shmctl(m, IPC_RMID, 0) == 0);
    check_counts(&s0);
}

static struct test ipc_tests[] = {
    /* the namespace */
    {"ipc_grow_while_in_use", ipc_grow_while_in_use, SLOW},
    {"ipc_get_excl_eexist", ipc_get_excl_eexist, QUICK},
    {"ipc_get_missing_enoent", ipc_get_missing_enoent, QUICK},
    {"ipc_get_mode_exceeds_eacces", ipc_get_mode_exceeds_eacces, QUICK},
    {"ipc_get_table_full_enospc", ipc_get_table_full_enospc, SLOW},
    {"ipc_set_rmid_non_owner_eperm", ipc_set_rmid_non_owner_eperm, QUICK},
    {"ipc_stat_without_read_eacces", ipc_stat_without_read_eacces, QUICK},
    {"ipc_stale_id_einval", ipc_stale_id_einval, QUICK},
    {"ipc_ids_unique_over_cycles", ipc_ids_unique_over_cycles, QUICK},
    {"ipc_table_grows_past_min", ipc_table_grows_past_min, QUICK},
    {"ipc_ids_lists_live", ipc_ids_lists_live, QUICK},
    {"ipc_ids_small_buffer_counts", ipc_ids_small_buffer_counts, QUICK},
    {"ipc_bad_pointer_efault", ipc_bad_pointer_efault, QUICK},
    {"ipc_rmid_removes_at_once", ipc_rmid_removes_at_once, QUICK},
    {"ipc_get_concurrent_one_id", ipc_get_concurrent_one_id, SLOW},
    {"ipc_private_always_new", ipc_private_always_new, QUICK},
    {"ipc_root_passes_mode_checks", ipc_root_passes_mode_checks, QUICK},
    {"ipc_set_owner_old_owner_loses", ipc_set_owner_old_owner_loses, QUICK},
    {"ipc_perm_group_other_bits", ipc_perm_group_other_bits, QUICK},
    {"ipc_rmid_under_load", ipc_rmid_under_load, SLOW},
    /* message queues */
    {"ipc_msg_fifo_order", ipc_msg_fifo_order, QUICK},
    {"ipc_msg_type_selection", ipc_msg_type_selection, QUICK},
    {"ipc_msg_nowait_full_eagain", ipc_msg_nowait_full_eagain, QUICK},
    {"ipc_msg_nowait_empty_enomsg", ipc_msg_nowait_empty_enomsg, QUICK},
    {"ipc_msg_too_big_e2big_noerror", ipc_msg_too_big_e2big_noerror, QUICK},
    {"ipc_msg_bad_type_einval", ipc_msg_bad_type_einval, QUICK},
    {"ipc_msg_size_over_msgmax_einval", ipc_msg_size_over_msgmax_einval, QUICK},
    {"ipc_msg_recv_blocks_until_send", ipc_msg_recv_blocks_until_send, SLOW},
    {"ipc_msg_each_receiver_gets_one", ipc_msg_each_receiver_gets_one, SLOW},
    {"ipc_msg_send_blocks_until_drain", ipc_msg_send_blocks_until_drain, SLOW},
    {"ipc_msg_rmid_wakes_receiver_eidrm", ipc_msg_rmid_wakes_receiver_eidrm,
     SLOW},
    {"ipc_msg_rmid_wakes_sender_eidrm", ipc_msg_rmid_wakes_sender_eidrm, SLOW},
    {"ipc_msg_kill_blocked_receiver", ipc_msg_kill_blocked_receiver, SLOW},
    {"ipc_msg_space_accounting", ipc_msg_space_accounting, QUICK},
    {"ipc_msg_partial_room_wakes_sender", ipc_msg_partial_room_wakes_sender,
     QUICK},
    {"ipc_msg_blocked_senders_all_woken", ipc_msg_blocked_senders_all_woken,
     SLOW},
    {"ipc_msg_raise_qbytes_wakes_sender", ipc_msg_raise_qbytes_wakes_sender,
     SLOW},
    {"ipc_msg_rmid_wakes_every_sleeper", ipc_msg_rmid_wakes_every_sleeper,
     SLOW},
    {"ipc_msg_kill_blocked_sender", ipc_msg_kill_blocked_sender, SLOW},
    {"ipc_msg_stat_fields", ipc_msg_stat_fields, QUICK},
    {"ipc_msg_set_lowers_qbytes", ipc_msg_set_lowers_qbytes, QUICK},
    {"ipc_msg_raise_qbytes_needs_root", ipc_msg_raise_qbytes_needs_root, QUICK},
    {"ipc_msg_stress", ipc_msg_stress, SLOW},
    /* semaphore arrays */
    {"ipc_sem_nsems_einval", ipc_sem_nsems_einval, QUICK},
    {"ipc_sem_setval_getval", ipc_sem_setval_getval, QUICK},
    {"ipc_sem_setall_getall", ipc_sem_setall_getall, QUICK},
    {"ipc_sem_getpid_last_op", ipc_sem_getpid_last_op, QUICK},
    {"ipc_sem_ncnt_zcnt_waiters", ipc_sem_ncnt_zcnt_waiters, SLOW},
    {"ipc_sem_semop_atomic_nowait", ipc_sem_semop_atomic_nowait, QUICK},
    {"ipc_sem_semop_atomic_blocking", ipc_sem_semop_atomic_blocking, SLOW},
    {"ipc_sem_semop_blocks_until_post", ipc_sem_semop_blocks_until_post, SLOW},
    {"ipc_sem_post_wakes_each_waiter", ipc_sem_post_wakes_each_waiter, SLOW},
    {"ipc_sem_undo_not_inherited", ipc_sem_undo_not_inherited, QUICK},
    {"ipc_sem_wait_for_zero", ipc_sem_wait_for_zero, SLOW},
    {"ipc_sem_multi_op_wakes_waiters", ipc_sem_multi_op_wakes_waiters, SLOW},
    {"ipc_sem_take_then_zero_wakes", ipc_sem_take_then_zero_wakes, QUICK},
    {"ipc_sem_semvmx_erange", ipc_sem_semvmx_erange, QUICK},
    {"ipc_sem_num_out_of_range_efbig", ipc_sem_num_out_of_range_efbig, QUICK},
    {"ipc_sem_too_many_ops_e2big", ipc_sem_too_many_ops_e2big, QUICK},
    {"ipc_sem_undo_at_exit", ipc_sem_undo_at_exit, QUICK},
    {"ipc_sem_undo_range", ipc_sem_undo_range, QUICK},
    {"ipc_sem_undo_at_kill", ipc_sem_undo_at_kill, SLOW},
    {"ipc_sem_rmid_wakes_eidrm", ipc_sem_rmid_wakes_eidrm, SLOW},
    {"ipc_sem_semun_stat_set", ipc_sem_semun_stat_set, QUICK},
    {"ipc_sem_mutex_stress", ipc_sem_mutex_stress, SLOW},
    /* shared memory */
    {"ipc_shm_size_einval", ipc_shm_size_einval, QUICK},
    {"ipc_shm_attach_aligned_zeroed", ipc_shm_attach_aligned_zeroed, QUICK},
    {"ipc_shm_fork_shares", ipc_shm_fork_shares, QUICK},
    {"ipc_shm_unrelated_share", ipc_shm_unrelated_share, SLOW},
    {"ipc_shm_rmid_while_attached", ipc_shm_rmid_while_attached, QUICK},
    {"ipc_shm_rdonly_write_kills", ipc_shm_rdonly_write_kills, QUICK},
    {"ipc_shm_shmdt_not_attached_einval", ipc_shm_shmdt_not_attached_einval,
     QUICK},
    {"ipc_shm_shmseg_emfile", ipc_shm_shmseg_emfile, QUICK},
    {"ipc_shm_stat_fields", ipc_shm_stat_fields, QUICK},
    {"ipc_shm_exit_detaches", ipc_shm_exit_detaches, QUICK},
    {"ipc_shm_exec_detaches", ipc_shm_exec_detaches, QUICK},
    {"ipc_shm_attach_at_address", ipc_shm_attach_at_address, QUICK},
    {"ipc_shm_stress", ipc_shm_stress, SLOW},
};

struct suite ipc_suite = SUITE("ipc", ipc_tests);
