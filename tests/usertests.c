/*
 * usertests: run Kite's guest test suites.
 *
 *   usertests              every test of every suite
 *   usertests -q           the quick subset of every suite
 *   usertests base ksem    the suites named
 *   usertests exit_wnohang_before_exit
 *                          one test (names may be mixed with suites)
 *
 * Each suite prints its own lines and summary (tests/testlib.c); the
 * last line is "usertests: N passed, N failed" and the exit status is
 * 0 only when nothing failed, so `run=/usertests` at boot hands the
 * result to QEMU through poweroff.  An unknown name exits 2 before any
 * test runs.
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
extern struct suite lock_suite;

static struct suite *suites[] = {
    &base_suite,   &fs_suite,   &exit_suite, &ksem_suite, &ipc_suite,
    &limits_suite, &pgrp_suite, &leak_suite, &lock_suite,
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

/* Check every name before running anything; 0 if all are known. */
static int
check_names(int argc, char *argv[])
{
    int i, bad = 0;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-q") == 0)
            continue;
        if (find_suite(argv[i]) == 0 && find_test(argv[i]) == 0) {
            fprintf(2, "usertests: no suite or test named %s\n", argv[i]);
            bad = 1;
        }
    }
    if (bad)
        fprintf(2, "usertests: usage: usertests [-q] [suite|test ...]\n");
    return bad;
}

int
main(int argc, char *argv[])
{
    int i, quick = 0, named = 0, passed = 0, failed = 0;
    struct suite *s;

    if (check_names(argc, argv) != 0)
        exit(2);
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-q") == 0)
            quick = 1;
        else
            named++;
    }
    if (named == 0) {
        for (i = 0; i < NSUITES; i++)
            run_suite(suites[i], 0, quick, &passed, &failed);
    }
    for (i = 1; named != 0 && i < argc; i++) {
        if (strcmp(argv[i], "-q") == 0)
            continue;
        if ((s = find_suite(argv[i])) != 0)
            run_suite(s, 0, quick, &passed, &failed);
        else
            run_suite(find_test(argv[i]), argv[i], 0, &passed, &failed);
    }
    printf("usertests: %d passed, %d failed\n", passed, failed);
    exit(failed != 0);
}
