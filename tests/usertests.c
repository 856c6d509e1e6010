/*
 * usertests and labtests: run Kite's guest test suites.
 *
 *   usertests              every test of every suite
 *   usertests -q           the quick subset of every suite
 *   usertests base ksem    the suites named
 *   usertests exit_wnohang_before_exit
 *                          one test (names may be mixed with suites)
 *   usertests -t 10 ksem   each test may run 10 seconds: one still
 *                          running then fails "time limit (10 s)"
 *                          and the next one runs (make grade uses it)
 *
 * Each suite prints its own lines and summary (tests/testlib.c); the
 * last line is "usertests: N passed, N failed" and the exit status is
 * 0 only when nothing failed, so `run=/usertests` at boot hands the
 * result to QEMU through poweroff.  An unknown name or a bad -t exits 2
 * before any test runs.  With -t the first line says how many tests
 * will run, so a host script can bound the whole run.
 *
 * Two programs.  All the suites together make a program bigger than a
 * lab tree's kernel can load (with the fs lab stubbed a file holds at
 * most 267 KiB), so this file is built twice:
 *   usertests   the core suites (CORE_SUITE_LIST below)
 *   labtests    the lab suites (LAB_SUITE_LIST; built with -DLABTESTS)
 * usertests is the one entry point.  A name it does not hold it hands
 * to /labtests, run as a child whose output it copies line by line;
 * with no names it runs its own suites and then all of labtests.  The
 * counts of labtests' last line "labtests: N passed, N failed" go into
 * usertests' own, so the output reads as if one program ran.  Two
 * options serve that:
 *   labtests -c ARGS       exit 0 if every name is known, else 2
 *                          (nothing printed)
 *   labtests -n ARGS       print "labtests: N tests" (the tests ARGS
 *                          would run) and exit
 * The time limit of -t is kept inside labtests, whose own timers kill
 * only the pids after them: never labtests itself.
 */
#include "tests/testlib.h"

/*
 * The suites of each program, in the order they run.  To add a suite:
 * one line X(name) in its list here (for the suite `struct suite
 * name_suite` in tests/nametest.c), and name in CORE_SUITES or
 * LAB_SUITES in the Makefile.
 */
#define CORE_SUITE_LIST(X)                                                     \
    X(base)                                                                    \
    X(fs)                                                                      \
    X(exit)                                                                    \
    X(ksem)                                                                    \
    X(ipc)                                                                     \
    X(limits)                                                                  \
    X(pgrp)                                                                    \
    X(leak)

/* The lab suites: the labs add theirs here, one line each. */
#define LAB_SUITE_LIST(X)                                                      \
    X(fslab)                                                                   \
    X(util)                                                                    \
    X(sched)                                                                   \
    X(lock)                                                                    \
    X(cow)                                                                     \
    X(traps)                                                                   \
    X(pgtbl)                                                                   \
    X(mmap)                                                                    \
    X(thread)

#ifdef LABTESTS
#define PROG "labtests"
#define SUITE_LIST LAB_SUITE_LIST
#define OTHER 0 /* labtests hands nothing on */
#else
#define PROG "usertests"
#define SUITE_LIST CORE_SUITE_LIST
#define OTHER "/labtests" /* the program holding the other suites */
#endif

#define DECLARE_SUITE(name) extern struct suite name##_suite;
#define SUITE_ENTRY(name) &name##_suite,

SUITE_LIST(DECLARE_SUITE)

static struct suite *suites[] = {SUITE_LIST(SUITE_ENTRY)};

#define NSUITES ((int)(sizeof(suites) / sizeof(suites[0])))
#define OTHER_PREFIX "labtests: " /* labtests' own lines */

static const char *other = OTHER;

/* The suite named name, or 0. */
static struct suite *
find_suite(const char *name)
{
    int i;

    for (i = 0; i < NSUITES; i++)
        if (strcmp(suites[i]->name, name) == 0)
            return suites[i];
    return 0;
}

/* The suite holding a test named name, or 0. */
static struct suite *
find_test(const char *name)
{
    int i, j;

    for (i = 0; i < NSUITES; i++)
        for (j = 0; j < suites[i]->ntests; j++)
            if (strcmp(suites[i]->tests[j].name, name) == 0)
                return suites[i];
    return 0;
}

/* Does this program hold a suite or a test named name? */
static int
holds(const char *name)
{
    return find_suite(name) != 0 || find_test(name) != 0;
}

/* Is argv[i] an option (-q, -n, or -t and its value)?  Sets *limit for
 * -t; returns how many arguments the option takes, 0 if none, -1 if
 * bad. */
static int
option(int argc, char *argv[], int i, int *limit)
{
    if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "-n") == 0)
        return 1;
    if (strcmp(argv[i], "-t") != 0)
        return 0;
    if (i + 1 >= argc || argv[i + 1][0] < '0' || argv[i + 1][0] > '9')
        return -1;
    *limit = atoi(argv[i + 1]);
    return 2;
}

/*
 * Run the other program (labtests) with the options "-q" (if quick),
 * "-n" (if count) and "-t limit" (if limit > 0) and the one name (0:
 * none, all its suites).  Its lines go to our stdout as they come but
 * for its own "labtests: " lines, whose counts are added: tests run to
 * *passed and *failed, or with count the tests it would run to
 * *ntests.  Returns 0, or -1 if it never printed the counts (it could
 * not start, does not know the name, or crashed).
 */
static int
run_other(const char *name, int quick, int count, int limit, int *passed,
          int *failed, int *ntests)
{
    char line[256], buf[64], secs[16], *args[8], *end;
    int fds[2], pid, got, i, n, len = 0, nargs = 0, done = 0;

    args[nargs++] = (char *)other;
    if (quick)
        args[nargs++] = "-q";
    if (count)
        args[nargs++] = "-n";
    if (limit > 0) {
        snprintf(secs, sizeof(secs), "%d", limit);
        args[nargs++] = "-t";
        args[nargs++] = secs;
    }
    if (name != 0)
        args[nargs++] = (char *)name;
    args[nargs] = 0;
    if (pipe(fds) < 0)
        return -1;
    if ((pid = fork()) < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) { /* the child: stdout into the pipe, then exec */
        close(fds[0]);
        close(1);
        dup(fds[1]);
        close(fds[1]);
        exec(args[0], args);
        fprintf(2, PROG ": cannot run %s (errno %d)\n", args[0], errno);
        exit(127);
    }
    close(fds[1]);
    /* Read up to its counts line, the last it prints: a process a test
     * left behind may keep the pipe open long after labtests ends. */
    while (!done && (got = read(fds[0], buf, sizeof(buf))) > 0) {
        for (i = 0; i < got && !done; i++) {
            if (buf[i] != '\n' && len < (int)sizeof(line) - 1) {
                line[len++] = buf[i];
                continue;
            }
            line[len] = '\0';
            len = 0;
            if (buf[i] != '\n') /* a long line: go on in a new one */
                line[len++] = buf[i];
            if (strncmp(line, OTHER_PREFIX, strlen(OTHER_PREFIX)) != 0) {
                printf("%s\n", line);
                continue;
            }
            n = strtol(line + strlen(OTHER_PREFIX), &end, 10);
            if (count && strcmp(end, " tests") == 0) {
                *ntests += n;
                done = 1;
            } else if (!count && strncmp(end, " passed, ", 9) == 0) {
                *passed += n;
                *failed += atoi(end + 9);
                done = 1;
            }
        }
    }
    close(fds[0]);
    waitpid(pid, 0, 0);
    return done ? 0 : -1;
}

/* Check every argument before running anything; 0 if all are good.
 * A name this program lacks must be one the other program holds. */
static int
check_args(int argc, char *argv[], int *limit, int quiet)
{
    int i, n, bad = 0, unused = 0;

    for (i = 1; i < argc; i += n ? n : 1) {
        n = option(argc, argv, i, limit);
        if (n < 0) {
            if (!quiet)
                fprintf(2, PROG ": -t needs a number of seconds\n");
            bad = 1;
            break;
        }
        if (n != 0 || holds(argv[i]))
            continue;
        if (other != 0 &&
            run_other(argv[i], 0, 1, 0, &unused, &unused, &unused) == 0)
            continue;
        if (!quiet)
            fprintf(2, PROG ": no suite or test named %s\n", argv[i]);
        bad = 1;
    }
    if (bad && !quiet)
        fprintf(2, PROG ": usage: " PROG " [-q] [-t seconds] "
                        "[suite|test ...]\n");
    return bad;
}

/* How many tests of s run: the quick ones, or all. */
static int
count_tests(struct suite *s, int quick)
{
    int i, n = 0;

    for (i = 0; i < s->ntests; i++)
        n += !quick || s->tests[i].quick;
    return n;
}

/* How many tests the arguments select (the leak checks not counted),
 * those the other program runs included. */
static int
count_selected(int argc, char *argv[], int quick, int named)
{
    int i, n = 0, skip, limit, unused = 0;
    struct suite *s;

    for (i = 0; !named && i < NSUITES; i++)
        n += count_tests(suites[i], quick);
    if (!named && other != 0)
        run_other(0, quick, 1, 0, &unused, &unused, &n);
    for (i = 1; named && i < argc; i += skip ? skip : 1) {
        if ((skip = option(argc, argv, i, &limit)) != 0)
            continue;
        if ((s = find_suite(argv[i])) != 0)
            n += count_tests(s, quick);
        else if (find_test(argv[i]) != 0)
            n++;
        else
            run_other(argv[i], quick, 1, 0, &unused, &unused, &n);
    }
    return n;
}

/* Run what name selects in the other program; a failure to run it at
 * all is a failed test. */
static void
delegate(const char *name, int quick, int limit, int *passed, int *failed)
{
    int unused = 0;

    if (run_other(name, quick, 0, limit, passed, failed, &unused) < 0) {
        printf("test %s: FAILED %s ended without its counts\n",
               name ? name : "labtests", other);
        (*failed)++;
    }
}

int
main(int argc, char *argv[])
{
    int i, n, quick = 0, count = 0, named = 0, limit = 0, passed = 0,
              failed = 0;
    struct suite *s;

    for (i = 1; i < argc; i++)
        count |= strcmp(argv[i], "-n") == 0;
    if (check_args(argc, argv, &limit, count) != 0)
        exit(2);
    for (i = 1; i < argc; i += n ? n : 1) {
        n = option(argc, argv, i, &limit);
        quick |= strcmp(argv[i], "-q") == 0;
        named += n == 0;
    }
    if (count) {
        printf(PROG ": %d tests\n", count_selected(argc, argv, quick, named));
        exit(0);
    }
    test_set_limit(limit);
    if (limit > 0)
        printf(PROG ": %d tests, time limit %d s each\n",
               count_selected(argc, argv, quick, named), limit);
    if (named == 0) {
        for (i = 0; i < NSUITES; i++)
            run_suite(suites[i], 0, quick, &passed, &failed);
        if (other != 0)
            delegate(0, quick, limit, &passed, &failed);
    }
    for (i = 1; named != 0 && i < argc; i += n ? n : 1) {
        if ((n = option(argc, argv, i, &limit)) != 0)
            continue;
        if ((s = find_suite(argv[i])) != 0)
            run_suite(s, 0, quick, &passed, &failed);
        else if (find_test(argv[i]) != 0)
            run_suite(find_test(argv[i]), argv[i], 0, &passed, &failed);
        else
            delegate(argv[i], quick, limit, &passed, &failed);
    }
    printf(PROG ": %d passed, %d failed\n", passed, failed);
    exit(failed != 0);
}
