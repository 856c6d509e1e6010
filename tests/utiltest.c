/*
 * The util lab suite: run the user programs sleep, pingpong, primes,
 * find and xargs and check what they print.
 *
 * Each program runs in its own process group with its standard output
 * on a pipe that the test reads to the end, its standard input from a
 * file (or the test's own), and a watchdog that kills the group after
 * RUN_TICKS: a program that hangs (a pipe end left open, a lost
 * wake-up) fails its test instead of stopping the suite.
 */
#include "tests/testlib.h"

#define RUN_TICKS 600 /* 6 s: far more than any of them needs */
#define OUTMAX 4096

static char out[OUTMAX];
static char want[OUTMAX];
static int prog_pid; /* the pid of the last program run */

/*
 * Run argv with standard input from the file in (the test's own when
 * in is 0) and standard output into out (NUL-terminated; the rest is read and
 * dropped).  *status gets the wait status.  With reap_first the
 * program is waited for before its output is read, and nothing of its
 * process group may be left then.
 * Returns: the bytes of output kept.
 */
static int
run_full(char *argv[], const char *in, int *status, int reap_first)
{
    int p[2], pid, wd, n = 0, r, left = 0;
    char sink[128];

    CHECK(pipe(p) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        setpgid(0, 0);
        if (in != 0 && (close(0) < 0 || open(in, O_RDONLY) != 0))
            exit(126);
        close(1);
        if (dup(p[1]) != 1)
            exit(126);
        close(p[0]);
        close(p[1]);
        exec(argv[0], argv);
        exit(127);
    }
    prog_pid = pid;
    setpgid(pid, pid); /* whichever of us comes first */
    close(p[1]);
    wd = fork();
    CHECK(wd >= 0);
    if (wd == 0) {
        sleep(RUN_TICKS);
        kill(-pid);
        exit(0);
    }
    if (reap_first) {
        /* The program has exited: nothing of its process group may be
         * left, running or zombie.  (Only for output that fits in the
         * pipe: it is read afterwards.) */
        *status = test_wait_status(pid);
        errno = 0;
        left = kill(-pid) == 0 || errno != ESRCH;
    }
    for (;;) {
        int room = OUTMAX - 1 - n;
        r = read(p[0], room > 0 ? out + n : sink, room > 0 ? room : 128);
        if (r <= 0)
            break;
        if (room > 0)
            n += r;
    }
    out[n] = 0;
    close(p[0]);
    if (!reap_first)
        *status = test_wait_status(pid);
    kill(wd);
    test_wait_status(wd);
    if (left)
        printf("util: %s exited before its children\n", argv[0]);
    CHECK(!left);
    if (WIFSIGNALED(*status))
        printf("util: %s killed after %d ticks (hung?)\n", argv[0], RUN_TICKS);
    return n;
}

/* Run argv as run_full does, its output no more than a pipe holds:
 * the program is waited for first, and must leave no process behind. */
static int
run(char *argv[], const char *in, int *status)
{
    return run_full(argv, in, status, 1);
}

/* Did the program exit with status code? */
static int
exited(int status, int code)
{
    return WIFEXITED(status) && WEXITSTATUS(status) == code;
}

/* Make path a file holding text. */
static void
make_file(const char *path, const char *text)
{
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC);
    CHECK(fd >= 0);
    CHECK(write(fd, text, strlen(text)) == (int)strlen(text));
    close(fd);
}

/* Does out hold exactly the n lines of lines[], in any order? */
static int
same_lines(const char **lines, int n)
{
    int count = 0, len;
    char *p = out, *nl;

    while (*p) {
        if ((nl = strchr(p, '\n')) == 0)
            return 0; /* a line without its newline */
        len = nl - p;
        int found = 0;
        for (int i = 0; i < n && !found; i++)
            found =
                (int)strlen(lines[i]) == len && memcmp(lines[i], p, len) == 0;
        if (!found) {
            printf("util: unexpected line: %.*s\n", len, p);
            return 0;
        }
        count++;
        p = nl + 1;
    }
    return count == n;
}

/* ---------------------------------------------------------------- */

static void
util_sleep(void)
{
    char *ticks[] = {"/sleep", "30", 0};
    char *none[] = {"/sleep", 0};
    char *junk[] = {"/sleep", "soon", 0};
    int status;

    int t0 = uptime();
    CHECK(run(ticks, 0, &status) == 0);
    int t1 = uptime();
    CHECK(exited(status, 0));
    CHECK(t1 - t0 >= 30);
    CHECK(t1 - t0 < 30 + RUN_TICKS);
    CHECK(run(none, 0, &status) == 0); /* usage goes to stderr */
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) != 0);
    t0 = uptime();
    CHECK(run(junk, 0, &status) == 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) != 0);
    CHECK(uptime() - t0 < 30);
}

/*
 * Check pingpong's output for rounds rounds: "C: received ping i" then
 * "P: received pong i" for i = 1..rounds, P the program's pid and C
 * another process (its child).
 */
static void
check_pingpong(int pid, int rounds)
{
    int child = atoi(out), len = 0;

    CHECK(child > 0 && child != pid);
    for (int i = 1; i <= rounds; i++) {
        len += snprintf(want + len, sizeof(want) - len,
                        "%d: received ping %d\n%d: received pong %d\n", child,
                        i, pid, i);
    }
    if (strcmp(out, want) != 0)
        printf("util: pingpong printed:\n%s", out);
    CHECK(strcmp(out, want) == 0);
}

static void
util_pingpong_pipe(void)
{
    char *one[] = {"/pingpong", 0};
    char *five[] = {"/pingpong", "5", 0};
    struct sysinfo a, b;
    int status;

    test_snapshot(&a);
    run(one, 0, &status);
    CHECK(exited(status, 0));
    check_pingpong(prog_pid, 1);
    run(five, 0, &status);
    CHECK(exited(status, 0));
    check_pingpong(prog_pid, 5);
    test_snapshot(&b);
    CHECK(b.nproc == a.nproc); /* its child was waited for */
}

static void
util_pingpong_sem(void)
{
    char *six[] = {"/pingpong", "-s", "6", 0};
    struct sysinfo a, b;
    int status;

    test_snapshot(&a);
    run(six, 0, &status);
    CHECK(exited(status, 0));
    check_pingpong(prog_pid, 6);
    test_snapshot(&b);
    CHECK(b.nksem == a.nksem); /* its semaphores are gone */
    CHECK(b.nproc == a.nproc);
}

/* "prime p" for every prime up to n, in order. */
static void
primes_upto(int n)
{
    int len = 0;

    for (int p = 2; p <= n; p++) {
        int d = 2;
        while (d * d <= p && p % d != 0)
            d++;
        if (d * d > p)
            len += snprintf(want + len, sizeof(want) - len, "prime %d\n", p);
    }
}

static void
util_primes_35(void)
{
    char *argv[] = {"/primes", 0};
    int status;

    run(argv, 0, &status);
    CHECK(exited(status, 0));
    primes_upto(35);
    if (strcmp(out, want) != 0)
        printf("util: primes printed:\n%s", out);
    CHECK(strcmp(out, want) == 0);
}

/* 25 primes: 26 processes at once, each closing what it does not use
 * (or NOFILE runs out), each waiting for the next (or some are still
 * there when the first has exited). */
static void
util_primes_100(void)
{
    char *argv[] = {"/primes", "100", 0};
    struct sysinfo a, b;
    int status;

    test_snapshot(&a);
    run(argv, 0, &status);
    test_snapshot(&b);
    CHECK(exited(status, 0));
    primes_upto(100);
    if (strcmp(out, want) != 0)
        printf("util: primes 100 printed:\n%s", out);
    CHECK(strcmp(out, want) == 0);
    if (b.nproc != a.nproc)
        printf("util: %d processes left after primes exited\n",
               b.nproc - a.nproc);
    CHECK(b.nproc == a.nproc);
}

/* The tree find searches: names that match "a", names that only
 * contain it, a directory named "a", a deep one. */
static void
make_find_tree(void)
{
    CHECK(mkdir("/tfd") == 0);
    make_file("/tfd/a", "1");
    make_file("/tfd/ba", "2");
    make_file("/tfd/aa", "3");
    CHECK(mkdir("/tfd/b") == 0);
    make_file("/tfd/b/a", "4");
    make_file("/tfd/b/ab", "5");
    CHECK(mkdir("/tfd/b/c") == 0);
    CHECK(mkdir("/tfd/b/c/a") == 0);
    make_file("/tfd/b/c/a/x", "6");
    CHECK(mkdir("/tfd/d") == 0);
    CHECK(mkdir("/tfd/d/e") == 0);
    CHECK(mkdir("/tfd/d/e/f") == 0);
    make_file("/tfd/d/e/f/a", "7");
}

static void
remove_find_tree(void)
{
    static const char *paths[] = {
        "/tfd/a",       "/tfd/ba",    "/tfd/aa",  "/tfd/b/a", "/tfd/b/ab",
        "/tfd/b/c/a/x", "/tfd/b/c/a", "/tfd/b/c", "/tfd/b",   "/tfd/d/e/f/a",
        "/tfd/d/e/f",   "/tfd/d/e",   "/tfd/d",   "/tfd"};
    for (int i = 0; i < (int)(sizeof(paths) / sizeof(paths[0])); i++)
        CHECK(unlink(paths[i]) == 0);
}

static void
util_find(void)
{
    static const char *as[] = {"/tfd/a", "/tfd/b/a", "/tfd/b/c/a",
                               "/tfd/d/e/f/a"};
    static const char *xs[] = {"/tfd/b/c/a/x"};
    char *find_a[] = {"/find", "/tfd", "a", 0};
    char *find_x[] = {"/find", "/tfd", "x", 0};
    char *find_none[] = {"/find", "/tfd", "zz", 0};
    char *find_missing[] = {"/find", "/nonexistent", "a", 0};
    int status;

    make_find_tree();
    run(find_a, 0, &status);
    CHECK(exited(status, 0));
    if (!same_lines(as, 4))
        printf("util: find /tfd a printed:\n%s", out);
    CHECK(same_lines(as, 4));
    run(find_x, 0, &status);
    CHECK(exited(status, 0) && same_lines(xs, 1));
    CHECK(run(find_none, 0, &status) == 0 && exited(status, 0));
    CHECK(run(find_missing, 0, &status) == 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) != 0);
    remove_find_tree();
}

static void
util_xargs_lines(void)
{
    char *argv[] = {"/xargs", "/echo", "x", 0};
    char *bare[] = {"/xargs", "echo", "hi", 0};
    int status;

    /* an empty line, several words, a last line without a newline */
    make_file("/txin", "1\n2 3\n\n  last");
    run(argv, "/txin", &status);
    CHECK(exited(status, 0));
    CHECK(strcmp(out, "x 1\nx 2 3\nx last\n") == 0);
    make_file("/txin", "a\n");
    run(bare, "/txin", &status); /* a command without its "/" */
    CHECK(exited(status, 0) && strcmp(out, "hi a\n") == 0);
    make_file("/txin", "");
    CHECK(run(argv, "/txin", &status) == 0 && exited(status, 0));
    CHECK(unlink("/txin") == 0);
}

/* Many lines, more than one read's worth: each runs once, in order. */
static void
util_xargs_many(void)
{
    char *argv[] = {"/xargs", "/echo", "-", 0};
    int fd, len = 0;

    fd = open("/txin", O_CREAT | O_RDWR | O_TRUNC);
    CHECK(fd >= 0);
    for (int i = 0; i < 90; i++) {
        char line[32];
        int n = snprintf(line, sizeof(line), "line%d  w%d\n", i, i * 7);
        CHECK(write(fd, line, n) == n);
        len += snprintf(want + len, sizeof(want) - len, "- line%d w%d\n", i,
                        i * 7);
    }
    close(fd);
    int status;
    run_full(argv, "/txin", &status, 0); /* more than a pipe holds */
    CHECK(exited(status, 0));
    if (strcmp(out, want) != 0)
        printf("util: xargs printed:\n%s", out);
    CHECK(strcmp(out, want) == 0);
    CHECK(unlink("/txin") == 0);
}

/* A command that fails makes xargs fail (123), after running the rest. */
static void
util_xargs_status(void)
{
    char *argv[] = {"/xargs", "/ls", 0};
    int status;

    make_file("/txin", "/nonexistent\n/txin\n");
    run(argv, "/txin", &status);
    CHECK(exited(status, 123));
    CHECK(strncmp(out, "/txin", 5) == 0 && strchr(out, '\n') != 0 &&
          strchr(out, '\n')[1] == 0);
    CHECK(unlink("/txin") == 0);
}

static struct test util_tests[] = {
    {"util_sleep", util_sleep, QUICK},
    {"util_pingpong_pipe", util_pingpong_pipe, QUICK},
    {"util_pingpong_sem", util_pingpong_sem, QUICK},
    {"util_primes_35", util_primes_35, QUICK},
    {"util_primes_100", util_primes_100, QUICK},
    {"util_find", util_find, QUICK},
    {"util_xargs_lines", util_xargs_lines, QUICK},
    {"util_xargs_many", util_xargs_many, QUICK},
    {"util_xargs_status", util_xargs_status, QUICK},
};
struct suite util_suite = SUITE("util", util_tests);
