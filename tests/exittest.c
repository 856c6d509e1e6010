/*
 * The exit suite: exit status, wait and waitpid, zombies, reparenting
 * to init, kill, exec's identity and credentials (issue 3, after
 * NetBSD kern_exit.c).
 *
 * Tests watch other processes through procs(): a zombie shows state 5,
 * a reaped process is gone from the list.  Polls are bounded (about
 * three seconds), and every helper child that blocks does so on a pipe
 * whose writers go away when the test ends, so a broken kernel fails a
 * test instead of hanging the run.  The test's own child has a single
 * page of stack: tables are static.
 */
#include "tests/testlib.h"

#define ST_GONE 0     /* not in the process table */
#define ST_SLEEPING 2 /* procinfo.state values */
#define ST_ZOMBIE 5
#define POLL_TRIES 1000 /* a tick apart: about ten seconds */
#define NKIDS 20        /* live and zombie children in the reparent test */
#define NWORKERS 4

static struct procinfo rows[NPROC];
static char buf[512];

/* ---------------------------------------------------------------- */
/* Helpers                                                           */
/* ---------------------------------------------------------------- */

/* pid's state in the process table, or ST_GONE; *ppid gets its parent. */
static int
proc_state(int pid, int *ppid)
{
    int n = procs(rows, NPROC), i;

    CHECK(n > 0);
    for (i = 0; i < n; i++) {
        if (rows[i].pid != pid)
            continue;
        if (ppid)
            *ppid = rows[i].ppid;
        return rows[i].state;
    }
    return ST_GONE;
}

/* Poll until pid is in state (ST_GONE: reaped); 1 if it got there. */
static int
wait_for_state(int pid, int state)
{
    int i;

    for (i = 0; i < POLL_TRIES; i++) {
        if (proc_state(pid, 0) == state)
            return 1;
        sleep(1);
    }
    return 0;
}

/* Block reading fd until every writer is gone. */
static void
block_on(int fd)
{
    char c;

    read(fd, &c, 1);
}

/* Fork a child that blocks on the pipe fds until its writers close. */
static int
fork_blocked(int fds[2])
{
    int pid = fork();

    CHECK(pid >= 0);
    if (pid == 0) {
        close(fds[1]);
        block_on(fds[0]);
        exit(0);
    }
    return pid;
}

/* Fork a child that exits with code; return its wait status. */
static int
exit_with(int code)
{
    int pid = fork();

    CHECK(pid >= 0);
    if (pid == 0)
        exit(code);
    return test_wait_status(pid);
}

static int
killed_by_sigkill(int st)
{
    return WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
}

/* Read up to n bytes, looping over short reads; return the count. */
static int
read_full(int fd, void *p, int n)
{
    int got = 0, r;

    while (got < n && (r = read(fd, (char *)p + got, n - got)) > 0)
        got += r;
    return got;
}

/* Parse up to max decimal numbers from s into v; return how many. */
static int
parse_ints(const char *s, int *v, int max)
{
    int n = 0;

    while (n < max && *s) {
        while (*s == ' ' || *s == '\n')
            s++;
        if (*s < '0' || *s > '9')
            break;
        v[n++] = atoi(s);
        while (*s >= '0' && *s <= '9')
            s++;
    }
    return n;
}

/* Poll until nproc and freepages equal the snapshot; 1 if they did. */
static int
settles_to(struct sysinfo *before)
{
    struct sysinfo now;
    int i;

    for (i = 0; i < POLL_TRIES; i++) {
        test_snapshot(&now);
        if (now.nproc == before->nproc && now.freepages == before->freepages)
            return 1;
        sleep(1);
    }
    return 0;
}

/*
 * Run fn in a child, then check that process slots and free pages come
 * back to what they were.  fn runs in a child because fork shares pages
 * copy-on-write: a page this process wrote for the first time during
 * the test would be counted as lost until it exits.
 */
static void
check_settles(void (*fn)(void))
{
    struct sysinfo before;
    int pid;

    test_snapshot(&before);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        fn();
        exit(0);
    }
    CHECK(test_wait_status(pid) == 0);
    CHECK(settles_to(&before));
}

/* ---------------------------------------------------------------- */
/* Exit status                                                       */
/* ---------------------------------------------------------------- */

static void
exit_status_0(void)
{
    int st = exit_with(0);

    CHECK(WIFEXITED(st) && !WIFSIGNALED(st) && WEXITSTATUS(st) == 0);
    CHECK(st == W_EXITCODE(0, 0));
}

static void
exit_status_1(void)
{
    int st = exit_with(1);

    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 1);
}

static void
exit_status_42(void)
{
    int st = exit_with(42);

    CHECK(WIFEXITED(st) && !WIFSIGNALED(st) && WEXITSTATUS(st) == 42);
    CHECK(st == W_EXITCODE(42, 0));
}

static void
exit_status_255(void)
{
    int st = exit_with(255);

    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 255);
}

static void
exit_status_minus_one_is_255(void)
{
    int st = exit_with(-1);

    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 255);
}

static void
exit_status_keeps_low_8_bits(void)
{
    int st = exit_with(256);

    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    st = exit_with(256 + 42);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42);
}

/* ---------------------------------------------------------------- */
/* wait and waitpid                                                  */
/* ---------------------------------------------------------------- */

static void
exit_wait_echild_no_children(void)
{
    int st;

    CHECK_ERR(wait(&st) == -1, ECHILD);
    CHECK_ERR(waitpid(-1, &st, 0) == -1, ECHILD);
    CHECK_ERR(waitpid(-1, &st, WNOHANG) == -1, ECHILD);
    CHECK_ERR(wait(0) == -1, ECHILD);
}

static void
exit_waitpid_non_child_echild(void)
{
    int fds[2], sibling, pid, st;

    CHECK(pipe(fds) == 0);
    sibling = fork_blocked(fds);
    CHECK_ERR(waitpid(1, &st, 0) == -1, ECHILD);
    CHECK_ERR(waitpid(getppid(), &st, 0) == -1, ECHILD);
    CHECK_ERR(waitpid(getpid(), &st, 0) == -1, ECHILD);
    CHECK_ERR(waitpid(99999, &st, WNOHANG) == -1, ECHILD);
    /* A sibling's process is not ours either. */
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        CHECK_ERR(waitpid(sibling, &st, 0) == -1, ECHILD);
        exit(0);
    }
    CHECK(test_wait_status(pid) == 0);
    close(fds[1]);
    CHECK(test_wait_status(sibling) == 0);
}

static void
exit_waitpid_specific_child_other_zombie(void)
{
    int fds[2], zombie, live, st;

    CHECK(pipe(fds) == 0);
    zombie = fork();
    CHECK(zombie >= 0);
    if (zombie == 0)
        exit(1);
    live = fork_blocked(fds);
    CHECK(wait_for_state(zombie, ST_ZOMBIE));
    close(fds[1]);
    CHECK(waitpid(live, &st, 0) == live);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    CHECK(proc_state(zombie, 0) == ST_ZOMBIE);
    CHECK(waitpid(zombie, &st, 0) == zombie);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 1);
}

static void
exit_wnohang_before_exit(void)
{
    int fds[2], pid, st = 12345;

    CHECK(pipe(fds) == 0);
    pid = fork_blocked(fds);
    CHECK(waitpid(pid, &st, WNOHANG) == 0);
    CHECK(waitpid(-1, &st, WNOHANG) == 0);
    CHECK(proc_state(pid, 0) != ST_GONE);
    close(fds[1]);
    CHECK(waitpid(pid, &st, 0) == pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static void
exit_wnohang_after_exit(void)
{
    int pid, st = 0, r = 0, i;

    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        exit(9);
    for (i = 0; i < POLL_TRIES; i++) {
        r = waitpid(pid, &st, WNOHANG);
        if (r != 0)
            break;
        sleep(1);
    }
    CHECK(r == pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 9);
    CHECK_ERR(waitpid(pid, &st, WNOHANG) == -1, ECHILD);
}

static void
exit_waitpid_bad_options_einval(void)
{
    int pid, st;

    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        exit(4);
    CHECK_ERR(waitpid(pid, &st, 0x100) == -1, EINVAL);
    CHECK_ERR(waitpid(-1, &st, WNOHANG | 0x80) == -1, EINVAL);
    CHECK_ERR(waitpid(pid, &st, -1) == -1, EINVAL);
    sleep(10); /* a zombie by now: a bad option still reaps nothing */
    CHECK_ERR(waitpid(pid, &st, 0x100) == -1, EINVAL);
    CHECK(waitpid(pid, &st, 0) == pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 4);
    /* no child left: still EINVAL, the options come first */
    CHECK_ERR(waitpid(-1, &st, 0x100) == -1, EINVAL);
}

static void
exit_wait_null_status(void)
{
    int pid;

    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        exit(3);
    CHECK(waitpid(pid, 0, 0) == pid);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        exit(3);
    CHECK(wait(0) == pid);
    CHECK_ERR(wait(0) == -1, ECHILD);
}

static void
exit_bad_status_efault_child_kept(void)
{
    int pid, st;

    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        exit(77);
    CHECK(wait_for_state(pid, ST_ZOMBIE));
    CHECK_ERR(waitpid(pid, (int *)0x80000000UL, 0) == -1, EFAULT);
    CHECK_ERR(wait((int *)0x3fffffe000UL) == -1, EFAULT);
    CHECK_ERR(waitpid(-1, (int *)0xffffffffffffffffUL, WNOHANG) == -1, EFAULT);
    CHECK(proc_state(pid, 0) == ST_ZOMBIE);
    CHECK(waitpid(pid, &st, 0) == pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 77);
}

static void
exit_wait_reaps_each_once(void)
{
    int pids[3], got[3], i, j, st;

    for (i = 0; i < 3; i++) {
        pids[i] = fork();
        CHECK(pids[i] >= 0);
        if (pids[i] == 0)
            exit(i);
    }
    for (i = 0; i < 3; i++) {
        got[i] = wait(&st);
        CHECK(got[i] > 0);
        for (j = 0; j < i; j++)
            CHECK(got[j] != got[i]);
    }
    CHECK_ERR(wait(&st) == -1, ECHILD);
    CHECK_ERR(waitpid(pids[0], &st, 0) == -1, ECHILD);
}

static void
exit_wait_any_returns_exited_child(void)
{
    int fds[2], live, zombie, st;

    CHECK(pipe(fds) == 0);
    live = fork_blocked(fds);
    zombie = fork();
    CHECK(zombie >= 0);
    if (zombie == 0)
        exit(3);
    CHECK(wait(&st) == zombie);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3);
    CHECK(waitpid(live, &st, WNOHANG) == 0);
    close(fds[1]);
    CHECK(wait(&st) == live);
}

/* ---------------------------------------------------------------- */
/* Zombies, orphans and init                                         */
/* ---------------------------------------------------------------- */

static void
exit_procs_shows_zombie(void)
{
    int pid, ppid = 0, st;

    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        exit(3);
    CHECK(wait_for_state(pid, ST_ZOMBIE));
    CHECK(proc_state(pid, &ppid) == ST_ZOMBIE && ppid == getpid());
    CHECK(waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 3);
    CHECK(proc_state(pid, 0) == ST_GONE);
}

#define ZKIDS 3
#define ZKID_BYTES (4L * 1024 * 1024)

/* A child for exit_zombie_holds_no_memory: take and touch ZKID_BYTES
 * of fresh heap, then exit (status 2 if sbrk failed). */
static void
touch_heap_and_exit(void)
{
    char *p = sbrk(ZKID_BYTES);

    if (p == (char *)-1)
        exit(2);
    for (long i = 0; i < ZKID_BYTES; i += 4096)
        p[i] = 1;
    exit(0);
}

/* A zombie keeps its slot and status, not its memory: before the
 * parent reaps them, the children's pages are free again. */
static void
exit_zombie_holds_no_memory(void)
{
    struct sysinfo before, now;
    int pids[ZKIDS], i, st;

    test_snapshot(&before);
    for (i = 0; i < ZKIDS; i++) {
        pids[i] = fork();
        CHECK(pids[i] >= 0);
        if (pids[i] == 0)
            touch_heap_and_exit();
    }
    for (i = 0; i < ZKIDS; i++)
        CHECK(wait_for_state(pids[i], ST_ZOMBIE));
    test_snapshot(&now);
    /* Our own copy-on-write faults since the snapshot cost a few pages;
     * a zombie holding its heap would cost 1024. */
    CHECK(now.freepages + 32 >= before.freepages);
    for (i = 0; i < ZKIDS; i++) {
        CHECK(waitpid(pids[i], &st, 0) == pids[i]);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
}

static void
exit_orphan_getppid_becomes_init(void)
{
    int fds[2], v[2] = {0, 0}, pid, i;

    CHECK(pipe(fds) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        if (fork() == 0) {
            close(fds[0]);
            for (i = 0; i < POLL_TRIES && getppid() != 1; i++)
                sleep(1);
            v[0] = getpid();
            v[1] = getppid();
            write(fds[1], v, sizeof(v));
            exit(0);
        }
        exit(0);
    }
    close(fds[1]);
    CHECK(test_wait_status(pid) == 0);
    CHECK(read_full(fds[0], v, sizeof(v)) == sizeof(v));
    CHECK(v[1] == 1);
    CHECK(wait_for_state(v[0], ST_GONE));
}

static void
exit_orphan_zombie_reaped_by_init(void)
{
    int fds[2], pid, g = 0;

    CHECK(pipe(fds) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        g = fork();
        CHECK(g >= 0);
        if (g == 0)
            exit(5);
        CHECK(wait_for_state(g, ST_ZOMBIE));
        write(fds[1], &g, sizeof(g));
        exit(0);
    }
    close(fds[1]);
    CHECK(read_full(fds[0], &g, sizeof(g)) == sizeof(g));
    CHECK(test_wait_status(pid) == 0);
    CHECK(wait_for_state(g, ST_GONE));
}

/*
 * The middle process of exit_parent_with_live_and_zombie_children:
 * makes NKIDS zombies and NKIDS blocked children, reports their pids
 * on info, and exits once the zombies are zombies.
 */
static void
many_kids_parent(int info, int release[2])
{
    int zombies[NKIDS], i, pid;

    for (i = 0; i < NKIDS; i++) {
        zombies[i] = pid = fork();
        CHECK(pid >= 0);
        if (pid == 0)
            exit(i);
        CHECK(write(info, &pid, sizeof(pid)) == sizeof(pid));
    }
    for (i = 0; i < NKIDS; i++) {
        pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            close(info);
            close(release[1]);
            block_on(release[0]);
            exit(0);
        }
        CHECK(write(info, &pid, sizeof(pid)) == sizeof(pid));
    }
    for (i = 0; i < NKIDS; i++)
        CHECK(wait_for_state(zombies[i], ST_ZOMBIE));
    exit(0);
}

static int kid_pids[2 * NKIDS];

static void
live_and_zombie_children(void)
{
    int info[2], release[2], pid, i, ppid;

    CHECK(pipe(info) == 0 && pipe(release) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(info[0]);
        many_kids_parent(info[1], release);
    }
    close(info[1]);
    close(release[0]);
    CHECK(read_full(info[0], kid_pids, sizeof(kid_pids)) == sizeof(kid_pids));
    CHECK(test_wait_status(pid) == 0);
    /* The live children now belong to init; the zombies get reaped. */
    for (i = NKIDS; i < 2 * NKIDS; i++) {
        ppid = 0;
        CHECK(proc_state(kid_pids[i], &ppid) != ST_GONE && ppid == 1);
    }
    for (i = 0; i < NKIDS; i++)
        CHECK(wait_for_state(kid_pids[i], ST_GONE));
    close(release[1]);
    for (i = NKIDS; i < 2 * NKIDS; i++)
        CHECK(wait_for_state(kid_pids[i], ST_GONE));
}

static void
exit_parent_with_live_and_zombie_children(void)
{
    check_settles(live_and_zombie_children);
}

/* ---------------------------------------------------------------- */
/* Zombie accounting: p->nzombies, as procs() reports it             */
/* ---------------------------------------------------------------- */

/* pid's count of exited, unreaped children as procs() shows it. */
static int
nzombies_of(int pid)
{
    int n = procs(rows, NPROC), i;

    for (i = 0; i < n; i++)
        if (rows[i].pid == pid)
            return rows[i].nzombies;
    return -1;
}

/* The count follows exits and reaps, by pid and by "any child". */
static void
exit_nzombies_counts_exits_and_reaps(void)
{
    enum { N = 4 };
    int pids[N], fds[2], live, i, st;

    CHECK(pipe(fds) == 0);
    live = fork_blocked(fds);
    CHECK(nzombies_of(getpid()) == 0);
    for (i = 0; i < N; i++) {
        pids[i] = fork();
        CHECK(pids[i] >= 0);
        if (pids[i] == 0)
            exit(i);
    }
    for (i = 0; i < N; i++)
        CHECK(wait_for_state(pids[i], ST_ZOMBIE));
    CHECK(nzombies_of(getpid()) == N);
    CHECK(waitpid(pids[2], &st, 0) == pids[2] && WEXITSTATUS(st) == 2);
    CHECK(nzombies_of(getpid()) == N - 1);
    for (i = 0; i < N - 1; i++) {
        int r = wait(&st);
        CHECK(r > 0 && r != live);
    }
    CHECK(nzombies_of(getpid()) == 0);
    CHECK(waitpid(live, &st, WNOHANG) == 0); /* live is still live */
    CHECK(waitpid(-1, &st, WNOHANG) == 0);
    close(fds[1]);
    CHECK(wait(&st) == live);
    CHECK(nzombies_of(getpid()) == 0);
    CHECK_ERR(wait(&st) == -1, ECHILD);
}

/* A zombie whose reap fails (bad status pointer) stays counted. */
static void
exit_nzombies_kept_on_efault(void)
{
    int pid = fork(), st;

    CHECK(pid >= 0);
    if (pid == 0)
        exit(3);
    CHECK(wait_for_state(pid, ST_ZOMBIE));
    CHECK_ERR(waitpid(-1, (int *)0x10, 0) == -1, EFAULT);
    CHECK(nzombies_of(getpid()) == 1);
    CHECK(wait(&st) == pid && WEXITSTATUS(st) == 3);
    CHECK(nzombies_of(getpid()) == 0);
}

/*
 * Many parents at once, on several harts, each exiting with zombie and
 * live children: init must take every one, be told about the zombies
 * (or it sleeps on with zombies to reap: a lost wake-up), and reap them
 * all, the live ones too once they end.  Nothing may stay behind.
 */
#define ORPHAN_PARENTS 4
#define ORPHAN_KIDS 3
static void
orphan_parent(int release[2])
{
    int i, pids[ORPHAN_KIDS];

    for (i = 0; i < 2 * ORPHAN_KIDS; i++) {
        int pid = fork();
        if (pid < 0)
            exit(1);
        if (pid == 0) {
            if (i % 2 == 0)
                exit(0); /* a zombie when its parent exits */
            close(release[1]);
            block_on(release[0]);
            exit(0);
        }
        if (i % 2 == 0)
            pids[i / 2] = pid;
    }
    for (i = 0; i < ORPHAN_KIDS; i++)
        if (!wait_for_state(pids[i], ST_ZOMBIE))
            exit(1);
    exit(0);
}

/* Poll until n processes are in use; 1 if that happened. */
static int
nproc_reaches(int n)
{
    struct sysinfo now;
    int i;

    for (i = 0; i < POLL_TRIES; i++) {
        test_snapshot(&now);
        if (now.nproc == n)
            return 1;
        sleep(1);
    }
    return 0;
}

static void
orphans_of_many_parents(void)
{
    int release[2], pids[ORPHAN_PARENTS], i;
    struct sysinfo start;

    test_snapshot(&start);
    CHECK(pipe(release) == 0);
    for (i = 0; i < ORPHAN_PARENTS; i++) {
        pids[i] = fork();
        CHECK(pids[i] >= 0);
        if (pids[i] == 0)
            orphan_parent(release);
    }
    close(release[0]);
    for (i = 0; i < ORPHAN_PARENTS; i++)
        CHECK(test_wait_status(pids[i]) == 0);
    /* Only the live orphans are left: init reaped the zombies. */
    CHECK(nproc_reaches(start.nproc + ORPHAN_PARENTS * ORPHAN_KIDS));
    close(release[1]); /* the live orphans end now, as init's children */
}

static void
exit_orphans_of_many_parents_reaped(void)
{
    int round;

    for (round = 0; round < 5; round++)
        check_settles(orphans_of_many_parents);
}

/* ---------------------------------------------------------------- */
/* kill                                                              */
/* ---------------------------------------------------------------- */

static void
exit_kill_child_in_pipe_read(void)
{
    int fds[2], pid, st;

    CHECK(pipe(fds) == 0);
    pid = fork_blocked(fds);
    CHECK(wait_for_state(pid, ST_SLEEPING));
    CHECK(kill(pid) == 0);
    close(fds[1]);
    st = test_wait_status(pid);
    CHECK(killed_by_sigkill(st));
}

/*
 * Fork a child that forks a blocked grandchild, reports the
 * grandchild's pid on info and then waits for it (any child when
 * specific is 0).  Returns the child's pid; *g gets the grandchild's.
 */
static int
fork_waiter(int fds[2], int specific, int *g)
{
    int info[2], pid, st;

    CHECK(pipe(info) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        int gc = fork_blocked(fds);
        close(fds[1]);
        write(info[1], &gc, sizeof(gc));
        if (specific)
            waitpid(gc, &st, 0);
        else
            wait(&st);
        exit(0);
    }
    close(info[1]);
    CHECK(read_full(info[0], g, sizeof(*g)) == sizeof(*g));
    close(info[0]);
    return pid;
}

static void
exit_kill_child_in_wait(void)
{
    int fds[2], pid, g, st;

    CHECK(pipe(fds) == 0);
    pid = fork_waiter(fds, 0, &g);
    CHECK(wait_for_state(pid, ST_SLEEPING));
    CHECK(kill(pid) == 0);
    st = test_wait_status(pid);
    CHECK(killed_by_sigkill(st));
    close(fds[1]);
    CHECK(wait_for_state(g, ST_GONE));
}

static void
exit_killed_waiter_stops_waiting(void)
{
    int fds[2], pid, g, st, t0, i, ppid = 0;

    CHECK(pipe(fds) == 0);
    pid = fork_waiter(fds, 1, &g);
    CHECK(wait_for_state(pid, ST_SLEEPING));
    t0 = uptime();
    CHECK(kill(pid) == 0);
    st = test_wait_status(pid);
    CHECK(killed_by_sigkill(st));
    CHECK(uptime() - t0 < POLL_TRIES);
    /* The grandchild it waited for lives on, now init's: it may not
     * have reached its read yet, so poll for that. */
    for (i = 0; i < POLL_TRIES; i++) {
        if (proc_state(g, &ppid) == ST_SLEEPING && ppid == 1)
            break;
        sleep(1);
    }
    CHECK(proc_state(g, &ppid) == ST_SLEEPING && ppid == 1);
    close(fds[1]);
    CHECK(wait_for_state(g, ST_GONE));
}

/*
 * Kill each child at once, while it may be on its way into a blocking
 * pipe read: a kill that lands just before the child goes to sleep must
 * still end it.  A lost kill leaves the child asleep past the deadline.
 */
static void
exit_kill_as_child_blocks(void)
{
    int fds[2], i, j, pid, st = 0, r = 0;

    CHECK(pipe(fds) == 0);
    for (i = 0; i < 50; i++) {
        pid = fork_blocked(fds);
        CHECK(kill(pid) == 0);
        for (j = 0; j < POLL_TRIES; j++) {
            if ((r = waitpid(pid, &st, WNOHANG)) != 0)
                break;
            sleep(1);
        }
        if (r == 0) { /* lost: let it go, then fail */
            close(fds[1]);
            waitpid(pid, &st, 0);
        }
        CHECK(r == pid);
        CHECK(killed_by_sigkill(st));
    }
}

static void
exit_kill_reaped_esrch(void)
{
    int pid = fork();

    CHECK(pid >= 0);
    if (pid == 0)
        exit(0);
    CHECK(test_wait_status(pid) == 0);
    CHECK_ERR(kill(pid) == -1, ESRCH);
    CHECK_ERR(kill(0x7fffffff) == -1, ESRCH);
}

static int victim;

static void
kill_victim_eperm(void)
{
    CHECK_ERR(kill(victim) == -1, EPERM);
}

static void
exit_kill_root_by_nonroot_eperm(void)
{
    int fds[2], st;

    CHECK(pipe(fds) == 0);
    victim = fork_blocked(fds);
    CHECK(test_run_as(7, kill_victim_eperm) == 0);
    close(fds[1]);
    st = test_wait_status(victim);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static void
exit_kill_other_uid_eperm(void)
{
    int fds[2], st;

    CHECK(pipe(fds) == 0);
    victim = fork();
    CHECK(victim >= 0);
    if (victim == 0) {
        CHECK(setuid(8) == 0);
        close(fds[1]);
        block_on(fds[0]);
        exit(0);
    }
    CHECK(test_run_as(7, kill_victim_eperm) == 0);
    close(fds[1]);
    st = test_wait_status(victim);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static void
kill_own_child(void)
{
    int fds[2], pid;

    CHECK(pipe(fds) == 0);
    pid = fork_blocked(fds);
    CHECK(kill(pid) == 0);
    close(fds[1]);
    CHECK(killed_by_sigkill(test_wait_status(pid)));
}

static void
exit_kill_same_uid_ok(void)
{
    int fds[2], pid;

    CHECK(test_run_as(7, kill_own_child) == 0);
    /* Root may kill anyone. */
    CHECK(pipe(fds) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        CHECK(setuid(9) == 0);
        close(fds[1]);
        block_on(fds[0]);
        exit(0);
    }
    CHECK(kill(pid) == 0);
    close(fds[1]);
    CHECK(killed_by_sigkill(test_wait_status(pid)));
}

/* ---------------------------------------------------------------- */
/* Identity: pids, exec, credentials                                 */
/* ---------------------------------------------------------------- */

static void
exit_child_pid_differs(void)
{
    int fds[2], pid[2], v[2], i;

    CHECK(pipe(fds) == 0);
    for (i = 0; i < 2; i++) {
        pid[i] = fork();
        CHECK(pid[i] >= 0);
        if (pid[i] == 0) {
            v[0] = getpid();
            v[1] = getppid();
            write(fds[1], v, sizeof(v));
            exit(0);
        }
        CHECK(read_full(fds[0], v, sizeof(v)) == sizeof(v));
        CHECK(v[0] == pid[i] && v[0] != getpid() && v[1] == getpid());
        CHECK(test_wait_status(pid[i]) == 0);
    }
    CHECK(pid[0] != pid[1]);
}

/*
 * Run /exechelper with argv in a child (as uid/gid when uid >= 0) and
 * parse its "PID PPID UID GID" line into v; return the child's pid.
 */
static int
run_helper(char **argv, int uid, int *v)
{
    int fds[2], pid, n;

    CHECK(pipe(fds) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        if (uid >= 0)
            CHECK(setgid(uid + 1) == 0 && setuid(uid) == 0);
        close(1);
        CHECK(dup(fds[1]) == 1);
        close(fds[0]);
        close(fds[1]);
        exec("/exechelper", argv);
        exit(100 + errno);
    }
    close(fds[1]);
    memset(buf, 0, sizeof(buf));
    n = read_full(fds[0], buf, sizeof(buf) - 1);
    close(fds[0]);
    CHECK(test_wait_status(pid) == 0);
    CHECK(n > 0);
    CHECK(parse_ints(buf, v, 4) == 4);
    return pid;
}

static void
exit_exec_keeps_pid_and_parent(void)
{
    char *argv[] = {"exechelper", "first", "second arg", 0};
    int v[4], pid;

    pid = run_helper(argv, -1, v);
    CHECK(v[0] == pid);
    CHECK(v[1] == getpid());
    CHECK(v[2] == getuid() && v[3] == getgid());
    CHECK(strchr(buf, '\n') != 0);
    CHECK(strcmp(strchr(buf, '\n') + 1, "first\nsecond arg\n") == 0);
}

static void
exit_exec_keeps_credentials(void)
{
    char *argv[] = {"exechelper", 0};
    int v[4], pid;

    pid = run_helper(argv, 5, v);
    CHECK(v[0] == pid && v[1] == getpid());
    CHECK(v[2] == 5 && v[3] == 6);
}

static void
exit_setuid_root_any(void)
{
    CHECK(getuid() == 0);
    CHECK(setuid(0) == 0);
    CHECK(setuid(5) == 0);
    CHECK(getuid() == 5);
    /* Having given up root, there is no way back. */
    CHECK_ERR(setuid(0) == -1, EPERM);
    CHECK(getuid() == 5);
}

static void
nonroot_setuid(void)
{
    CHECK(getuid() == 7);
    CHECK_ERR(setuid(8) == -1, EPERM);
    CHECK_ERR(setuid(0) == -1, EPERM);
    CHECK(getuid() == 7);
    CHECK(setuid(7) == 0);
    CHECK(getuid() == 7);
}

static void
exit_setuid_nonroot_eperm(void)
{
    CHECK(test_run_as(7, nonroot_setuid) == 0);
}

static void
exit_setgid_rules(void)
{
    CHECK(setgid(3) == 0 && getgid() == 3);
    CHECK(setgid(4) == 0 && getgid() == 4);
    CHECK(setuid(7) == 0);
    CHECK_ERR(setgid(5) == -1, EPERM);
    CHECK_ERR(setgid(0) == -1, EPERM);
    CHECK(getgid() == 4);
    CHECK(setgid(4) == 0 && getgid() == 4);
}

static void
nonroot_poweroff(void)
{
    /* Were this allowed, the machine would stop here with status 99. */
    CHECK_ERR(poweroff(99) == -1, EPERM);
}

static void
exit_poweroff_nonroot_eperm(void)
{
    CHECK(test_run_as(7, nonroot_poweroff) == 0);
}

static void
exit_ids_inherited_by_child(void)
{
    int pid;

    CHECK(setgid(11) == 0 && setuid(10) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        CHECK(getuid() == 10 && getgid() == 11);
        pid = fork();
        CHECK(pid >= 0);
        if (pid == 0)
            exit(getuid() == 10 && getgid() == 11 ? 0 : 1);
        exit(test_wait_status(pid) == 0 ? 0 : 2);
    }
    CHECK(test_wait_status(pid) == 0);
}

/* ---------------------------------------------------------------- */
/* Many processes                                                    */
/* ---------------------------------------------------------------- */

/* fork/exit/wait n times, checking each status. */
static void
fork_exit_wait(int n)
{
    int i, pid, st;

    for (i = 0; i < n; i++) {
        pid = fork();
        CHECK(pid >= 0);
        if (pid == 0)
            exit(i & 0xff);
        CHECK(waitpid(pid, &st, 0) == pid);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == (i & 0xff));
    }
}

static void
fork_exit_wait_1000(void)
{
    fork_exit_wait(1000);
}

static void
exit_fork_exit_wait_1000(void)
{
    check_settles(fork_exit_wait_1000);
}

/* NWORKERS processes, each running 250 fork/exit/wait rounds at once. */
static void
fork_exit_wait_concurrent(void)
{
    int pids[NWORKERS], k;

    for (k = 0; k < NWORKERS; k++) {
        pids[k] = fork();
        CHECK(pids[k] >= 0);
        if (pids[k] == 0) {
            fork_exit_wait(250);
            exit(0);
        }
    }
    for (k = 0; k < NWORKERS; k++)
        CHECK(test_wait_status(pids[k]) == 0);
}

static void
exit_fork_exit_wait_concurrent(void)
{
    check_settles(fork_exit_wait_concurrent);
}

static struct test exit_tests[] = {
    {"exit_status_0", exit_status_0, QUICK},
    {"exit_status_1", exit_status_1, QUICK},
    {"exit_status_42", exit_status_42, QUICK},
    {"exit_status_255", exit_status_255, QUICK},
    {"exit_status_minus_one_is_255", exit_status_minus_one_is_255, QUICK},
    {"exit_status_keeps_low_8_bits", exit_status_keeps_low_8_bits, QUICK},
    {"exit_wait_echild_no_children", exit_wait_echild_no_children, QUICK},
    {"exit_waitpid_non_child_echild", exit_waitpid_non_child_echild, QUICK},
    {"exit_waitpid_specific_child_other_zombie",
     exit_waitpid_specific_child_other_zombie, QUICK},
    {"exit_wnohang_before_exit", exit_wnohang_before_exit, QUICK},
    {"exit_wnohang_after_exit", exit_wnohang_after_exit, QUICK},
    {"exit_waitpid_bad_options_einval", exit_waitpid_bad_options_einval, QUICK},
    {"exit_wait_null_status", exit_wait_null_status, QUICK},
    {"exit_bad_status_efault_child_kept", exit_bad_status_efault_child_kept,
     QUICK},
    {"exit_wait_reaps_each_once", exit_wait_reaps_each_once, QUICK},
    {"exit_wait_any_returns_exited_child", exit_wait_any_returns_exited_child,
     QUICK},
    {"exit_procs_shows_zombie", exit_procs_shows_zombie, QUICK},
    {"exit_zombie_holds_no_memory", exit_zombie_holds_no_memory, QUICK},
    {"exit_orphan_getppid_becomes_init", exit_orphan_getppid_becomes_init,
     QUICK},
    {"exit_orphan_zombie_reaped_by_init", exit_orphan_zombie_reaped_by_init,
     QUICK},
    {"exit_nzombies_counts_exits_and_reaps",
     exit_nzombies_counts_exits_and_reaps, QUICK},
    {"exit_nzombies_kept_on_efault", exit_nzombies_kept_on_efault, QUICK},
    {"exit_orphans_of_many_parents_reaped", exit_orphans_of_many_parents_reaped,
     SLOW},
    {"exit_parent_with_live_and_zombie_children",
     exit_parent_with_live_and_zombie_children, SLOW},
    {"exit_kill_child_in_pipe_read", exit_kill_child_in_pipe_read, QUICK},
    {"exit_kill_child_in_wait", exit_kill_child_in_wait, QUICK},
    {"exit_killed_waiter_stops_waiting", exit_killed_waiter_stops_waiting,
     QUICK},
    {"exit_kill_as_child_blocks", exit_kill_as_child_blocks, QUICK},
    {"exit_kill_reaped_esrch", exit_kill_reaped_esrch, QUICK},
    {"exit_kill_root_by_nonroot_eperm", exit_kill_root_by_nonroot_eperm, QUICK},
    {"exit_kill_other_uid_eperm", exit_kill_other_uid_eperm, QUICK},
    {"exit_kill_same_uid_ok", exit_kill_same_uid_ok, QUICK},
    {"exit_child_pid_differs", exit_child_pid_differs, QUICK},
    {"exit_exec_keeps_pid_and_parent", exit_exec_keeps_pid_and_parent, QUICK},
    {"exit_exec_keeps_credentials", exit_exec_keeps_credentials, QUICK},
    {"exit_setuid_root_any", exit_setuid_root_any, QUICK},
    {"exit_setuid_nonroot_eperm", exit_setuid_nonroot_eperm, QUICK},
    {"exit_setgid_rules", exit_setgid_rules, QUICK},
    {"exit_poweroff_nonroot_eperm", exit_poweroff_nonroot_eperm, QUICK},
    {"exit_ids_inherited_by_child", exit_ids_inherited_by_child, QUICK},
    {"exit_fork_exit_wait_1000", exit_fork_exit_wait_1000, SLOW},
    {"exit_fork_exit_wait_concurrent", exit_fork_exit_wait_concurrent, SLOW},
};

struct suite exit_suite = SUITE("exit", exit_tests);
