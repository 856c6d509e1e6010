/*
 * usertests: run Kite's guest test suites.
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
 */
#include "tests/testlib.h"

extern struct suite base_suite;
extern struct suite fs_suite;
extern struct suite exit_suite;
extern struct suite ksem_suite;
extern struct suite ipc_suite;
extern struct suite limits_suite;
extern struct suite pgrp_suite;
extern struct suite leak_suite;
extern struct suite fslab_suite;
extern struct suite util_suite;
extern struct suite sched_suite;
extern struct suite lock_suite;
extern struct suite cow_suite;
extern struct suite traps_suite;
extern struct suite pgtbl_suite;
extern struct suite mmap_suite;
extern struct suite thread_suite;

static struct suite *suites[] = {
    &base_suite,   &fs_suite,     &exit_suite, &ksem_suite,  &ipc_suite,
    &limits_suite, &pgrp_suite,   &leak_suite, &fslab_suite, &util_suite,
    &sched_suite,  &lock_suite,   &cow_suite,  &traps_suite, &pgtbl_suite,
    &mmap_suite,   &thread_suite,
};

#define NSUITES ((int)(sizeof(suites) / sizeof(suites[0])))

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

/* Is argv[i] an option (-q, or -t and its value)?  Sets *limit for -t;
 * returns how many arguments the option takes, 0 if none, -1 if bad. */
static int
option(int argc, char *argv[], int i, int *limit)
{
    if (strcmp(argv[i], "-q") == 0)
        return 1;
    if (strcmp(argv[i], "-t") != 0)
        return 0;
    if (i + 1 >= argc || argv[i + 1][0] < '0' || argv[i + 1][0] > '9')
        return -1;
    *limit = atoi(argv[i + 1]);
    return 2;
}

/* Check every argument before running anything; 0 if all are good. */
static int
check_args(int argc, char *argv[], int *limit)
{
    int i, n, bad = 0;

    for (i = 1; i < argc; i += n ? n : 1) {
        n = option(argc, argv, i, limit);
        if (n < 0) {
            fprintf(2, "usertests: -t needs a number of seconds\n");
            bad = 1;
            break;
        }
        if (n == 0 && find_suite(argv[i]) == 0 && find_test(argv[i]) == 0) {
            fprintf(2, "usertests: no suite or test named %s\n", argv[i]);
            bad = 1;
        }
    }
    if (bad)
        fprintf(2, "usertests: usage: usertests [-q] [-t seconds] "
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

/* How many tests the arguments select (the leak checks not counted). */
static int
count_selected(int argc, char *argv[], int quick, int named)
{
    int i, n = 0, skip, limit;
    struct suite *s;

    for (i = 0; !named && i < NSUITES; i++)
        n += count_tests(suites[i], quick);
    for (i = 1; named && i < argc; i += skip ? skip : 1) {
        if ((skip = option(argc, argv, i, &limit)) != 0)
            continue;
        if ((s = find_suite(argv[i])) != 0)
            n += count_tests(s, quick);
        else
            n++;
    }
    return n;
}

int
main(int argc, char *argv[])
{
    int i, n, quick = 0, named = 0, limit = 0, passed = 0, failed = 0;
    struct suite *s;

    if (check_args(argc, argv, &limit) != 0)
        exit(2);
    for (i = 1; i < argc; i += n ? n : 1) {
        n = option(argc, argv, i, &limit);
        quick |= strcmp(argv[i], "-q") == 0;
        named += n == 0;
    }
    test_set_limit(limit);
    if (limit > 0)
        printf("usertests: %d tests, time limit %d s each\n",
               count_selected(argc, argv, quick, named), limit);
    if (named == 0) {
        for (i = 0; i < NSUITES; i++)
            run_suite(suites[i], 0, quick, &passed, &failed);
    }
    for (i = 1; named != 0 && i < argc; i += n ? n : 1) {
        if ((n = option(argc, argv, i, &limit)) != 0)
            continue;
        if ((s = find_suite(argv[i])) != 0)
            run_suite(s, 0, quick, &passed, &failed);
        else
            run_suite(find_test(argv[i]), argv[i], 0, &passed, &failed);
    }
    printf("usertests: %d passed, %d failed\n", passed, failed);
    exit(failed != 0);
}
