/*
 * The guest test library: runs a suite's tests one by one, each in a
 * child of its own, and checks that the suite returned every resource.
 *
 * Overview    run_suite() forks one child per selected test, prints
 *             "test NAME: OK" or "test NAME: FAILED why", then the
 *             leak check "test SUITE_leaks: ..." and the summary line
 *             "SUITE: N passed, N failed".  With a time limit
 *             (usertests -t SECONDS) a test still running when it
 *             runs out fails "FAILED time limit (N s)" and the runner
 *             goes on with the next one.
 * Objects     One report pipe per test.  The test's own child, and any
 *             process it forks, hold the write end; the runner holds
 *             the read end.  Under a time limit the test's child has
 *             two more processes around it: a supervisor (its parent)
 *             and a timer (the supervisor's other child).
 * Operations  test_fail: writes "file:line expr (errno N)" to the
 *             report pipe and exits 1.  test_wait_status: waitpid or
 *             fail.  test_run_as: runs a function under another uid in
 *             a child.  test_snapshot: sysinfo or fail.
 *             test_set_limit: the time limit for the tests run next.
 * Design      The test's own child ends its report with a NUL byte
 *             (after a clean return as after a failure), so the runner
 *             stops reading at once even if grandchildren still hold
 *             the pipe.  A child that dies without the NUL is noticed
 *             by end of file.  The runner reads while the test runs, so
 *             many failing helpers can never fill the pipe and block.
 *             The leak check polls for a while because init may still
 *             be reaping the orphans a test left behind on purpose.
 *             Time limit: the runner is blocked in read(), so the clock
 *             must run in another process.  The supervisor forks the
 *             timer and the test and waits for the test; when the test
 *             ends it stops the timer and writes a NUL itself (the test
 *             may have died without one).  When the timer goes off
 *             first it writes TIME_UP to the report pipe, which ends
 *             the runner's read, and kills every process the test made:
 *             pids only grow and the test is forked right after the
 *             timer, so they are exactly the pids after the timer's up
 *             to one the timer takes by forking a probe.
 *             (A process started meanwhile by someone else would be in
 *             that range too: run timed tests on a quiet system, as the
 *             grader does.)  Only fork, waitpid on one pid, kill, sleep
 *             and pipes are used, so a lab tree whose lab breaks
 *             waitpid's options or reparenting still times tests.
 * Locking     None: the runner is one process.
 * Interfaces  tests/testlib.h; used by every suite and tests/usertests.c.
 * Origins     Written for Kite.  Unlike xv6's usertests the runner never
 *             stops at the first failure and always prints counts.
 */
#include "tests/testlib.h"

#define REASON_MAX 160      /* bytes of failure text kept per test */
#define LEAK_POLL_TRIES 100 /* leak check: tries, LEAK_POLL_TICKS apart */
#define LEAK_POLL_TICKS 10
#define TIME_UP '\001'           /* report byte: the timer went off */
#define PROBE_FAILED_SPAN 100000 /* pids to kill if the probe cannot fork */

static int report_fd = -1; /* write end of the report pipe, in a test */
static int test_pid;       /* pid of the test's own child */
static int test_limit;     /* seconds a test may run; 0: no limit */
static int timed_out;      /* a test of this suite ran out of time */

/* The time limit in seconds for the tests run from now on (0: none). */
void
test_set_limit(int seconds)
{
    test_limit = seconds > 0 ? seconds : 0;
}

/* Report a failed check to the runner and end this process. */
void
test_fail(const char *file, int line, const char *expr, int err)
{
    char msg[REASON_MAX + 2];
    int n;

    if (err < 0)
        err = errno;
    n = snprintf(msg, REASON_MAX, "%s:%d %s (errno %d)", file, line, expr, err);
    if (n < 0 || n >= REASON_MAX)
        n = REASON_MAX - 1;
    msg[n++] = '\n';
    if (report_fd < 0) {
        write(2, msg, n);
        exit(1);
    }
    /* Only the test's own child ends the report. */
    if (getpid() == test_pid)
        msg[n++] = '\0';
    write(report_fd, msg, n);
    exit(1);
}

/* Wait for child pid and return its wait status. */
int
test_wait_status(int pid)
{
    int status = 0;

    CHECK(waitpid(pid, &status, 0) == pid);
    return status;
}

/* Run fn in a child whose uid is uid; return the child's wait status. */
int
test_run_as(int uid, void (*fn)(void))
{
    int pid = fork();

    CHECK(pid >= 0);
    if (pid == 0) {
        CHECK(setuid(uid) == 0);
        CHECK(getuid() == uid);
        fn();
        exit(0);
    }
    return test_wait_status(pid);
}

/* Fill *si from sysinfo(), failing the test if the call fails. */
void
test_snapshot(struct sysinfo *si)
{
    CHECK(sysinfo(si) == 0);
}

/*
 * Read the report pipe until the test's child ends its report, the
 * timer goes off or every writer is gone; keep the first line in
 * reason.  Returns: 1 if the timer went off, else 0.
 */
static int
read_report(int fd, char *reason, int max)
{
    char buf[64];
    int len = 0, full = 0, n, i;

    reason[0] = '\0';
    while ((n = read(fd, buf, sizeof(buf))) > 0) {
        for (i = 0; i < n; i++) {
            if (buf[i] == '\0')
                return 0;
            if (buf[i] == TIME_UP)
                return 1;
            if (full)
                continue;
            if (buf[i] == '\n' || len == max - 1) {
                full = 1;
                continue;
            }
            reason[len++] = buf[i];
            reason[len] = '\0';
        }
    }
    return 0;
}

/* The body of a test's child: run fn, end the report, exit 0. */
static void
child_run(int fd, void (*fn)(void))
{
    report_fd = fd;
    test_pid = getpid();
    fn();
    write(report_fd, "", 1);
    exit(0);
}

/*
 * The timer of a timed test, forked just before the test: after the
 * limit, tell the runner, then kill the test and everything it forked
 * (the pids after ours up to a probe's).  The runner stops reading at
 * TIME_UP and takes no pid from this range afterwards, so no later
 * test is hit.
 */
static void
timer_run(int fd)
{
    int probe, pid, self = getpid();

    sleep(test_limit * HZ);
    probe = fork();
    if (probe == 0)
        exit(0);
    if (probe > 0)
        waitpid(probe, 0, 0);
    else
        probe = self + PROBE_FAILED_SPAN; /* table full: a wide net */
    write(fd, "\001", 1);                 /* TIME_UP */
    for (pid = self + 1; pid < probe; pid++)
        kill(pid);
    exit(0);
}

/*
 * The supervisor of a timed test: fork the timer, then the test (the
 * timer first, so a test that counts processes or pages sees it in
 * both counts); wait for the test, stop the timer, end the report,
 * and end the way the test ended so the runner reads its status.
 */
static void
supervise(int fd, void (*fn)(void))
{
    int test, timer, status = 0;

    report_fd = fd; /* a failed fork below is this test's failure */
    test_pid = getpid();
    timer = fork(); /* no timer: the test runs without a limit */
    if (timer == 0)
        timer_run(fd);
    test = fork();
    if (test == 0)
        child_run(fd, fn);
    if (test > 0)
        waitpid(test, &status, 0);
    if (timer > 0) { /* before it can go off and kill a later test */
        kill(timer);
        waitpid(timer, 0, 0);
    }
    CHECK(test > 0);
    write(fd, "", 1); /* the test may have died before ending its report */
    if (WIFSIGNALED(status))
        kill(getpid()); /* killed, like the test: the runner sees that */
    exit(WEXITSTATUS(status));
}

/* Print a test's time-limit failure, with what it reported before. */
static void
print_time_limit(struct test *t, const char *reason)
{
    printf("test %s: FAILED time limit (%d s)%s%s\n", t->name, test_limit,
           reason[0] ? " after " : "", reason);
}

/* Run one test in a child and print its line; 1 if it passed. */
static int
run_one(struct test *t)
{
    char reason[REASON_MAX];
    int fds[2], pid, status = 0, late;

    if (pipe(fds) < 0) {
        printf("test %s: FAILED cannot make report pipe (errno %d)\n", t->name,
               errno);
        return 0;
    }
    pid = fork();
    if (pid < 0) {
        printf("test %s: FAILED cannot fork (errno %d)\n", t->name, errno);
        close(fds[0]);
        close(fds[1]);
        return 0;
    }
    if (pid == 0) {
        close(fds[0]);
        if (test_limit > 0)
            supervise(fds[1], t->fn);
        child_run(fds[1], t->fn);
    }
    close(fds[1]);
    late = read_report(fds[0], reason, sizeof(reason));
    close(fds[0]);
    if (late)
        kill(pid); /* the supervisor may wait for a test that cannot die */
    if (waitpid(pid, &status, 0) != pid) {
        printf("test %s: FAILED lost the child (errno %d)\n", t->name, errno);
        return 0;
    }
    if (late) {
        print_time_limit(t, reason);
        timed_out = 1;
        return 0;
    }
    if (reason[0] != '\0') {
        printf("test %s: FAILED %s\n", t->name, reason);
        return 0;
    }
    if (WIFSIGNALED(status)) {
        printf("test %s: FAILED killed\n", t->name);
        return 0;
    }
    if (WEXITSTATUS(status) != 0) {
        printf("test %s: FAILED exit status %d\n", t->name,
               WEXITSTATUS(status));
        return 0;
    }
    printf("test %s: OK\n", t->name);
    return 1;
}

/* Do two snapshots agree on every counted resource? */
static int
same_counts(struct sysinfo *a, struct sysinfo *b)
{
    return a->freepages == b->freepages && a->nproc == b->nproc &&
           a->nksem == b->nksem && a->nmsq == b->nmsq && a->nsem == b->nsem &&
           a->nshm == b->nshm;
}

/* Append " name A -> B" to buf when the two counts differ. */
static void
note_diff(char *buf, int max, const char *name, long a, long b)
{
    int len = strlen(buf);

    if (a == b || len >= max - 1)
        return;
    snprintf(buf + len, max - len, "%s%s %d -> %d", len ? ", " : "", name,
             (int)a, (int)b);
}

/* Compare the system with the snapshot before the suite; 1 if equal. */
static int
leak_check(const char *suite, struct sysinfo *before)
{
    struct sysinfo now;
    char diff[200];
    int try;

    /* After a test was killed for time, its leftovers are its fault:
     * no waiting for them to go. */
    for (try = 0; try < (timed_out ? 1 : LEAK_POLL_TRIES); try++) {
        if (sysinfo(&now) < 0) {
            printf("test %s_leaks: FAILED sysinfo (errno %d)\n", suite, errno);
            return 0;
        }
        if (same_counts(before, &now)) {
            printf("test %s_leaks: OK\n", suite);
            return 1;
        }
        sleep(LEAK_POLL_TICKS);
    }
    diff[0] = '\0';
    note_diff(diff, sizeof(diff), "freepages", before->freepages,
              now.freepages);
    note_diff(diff, sizeof(diff), "nproc", before->nproc, now.nproc);
    note_diff(diff, sizeof(diff), "nksem", before->nksem, now.nksem);
    note_diff(diff, sizeof(diff), "nmsq", before->nmsq, now.nmsq);
    note_diff(diff, sizeof(diff), "nsem", before->nsem, now.nsem);
    note_diff(diff, sizeof(diff), "nshm", before->nshm, now.nshm);
    printf("test %s_leaks: FAILED %s%s\n", suite, diff,
           timed_out ? " (after a time limit)" : "");
    return 0;
}

/* Is test t selected by the name and the quick flag? */
static int
selected(struct test *t, const char *only, int quick)
{
    if (only != 0 && strcmp(t->name, only) != 0)
        return 0;
    return !quick || t->quick;
}

/*
 * Run the selected tests of suite s, then its leak check, and print
 * its summary; add the counts to *passed and *failed.
 */
void
run_suite(struct suite *s, const char *only, int quick, int *passed,
          int *failed)
{
    struct sysinfo before;
    int i, any = 0, ok = 0, bad = 0, counted;

    timed_out = 0;
    for (i = 0; i < s->ntests; i++)
        any |= selected(&s->tests[i], only, quick);
    if (!any)
        return;
    counted = sysinfo(&before) == 0;
    if (!counted) {
        printf("test %s_leaks: FAILED sysinfo (errno %d)\n", s->name, errno);
        bad++;
    }
    for (i = 0; i < s->ntests; i++) {
        if (!selected(&s->tests[i], only, quick))
            continue;
        if (run_one(&s->tests[i]))
            ok++;
        else
            bad++;
    }
    if (counted) {
        if (leak_check(s->name, &before))
            ok++;
        else
            bad++;
    }
    printf("%s: %d passed, %d failed\n", s->name, ok, bad);
    *passed += ok;
    *failed += bad;
}
