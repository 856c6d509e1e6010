/*
 * The guest test library.
 *
 * A suite is a table of tests; each test is a function run in a forked
 * child, so a crash or a kill fails that test alone.  A test fails by
 * CHECK or CHECK_ERR: the child reports file, line and expression to
 * the runner through a pipe and exits.  A test passes when its child
 * exits 0 without reporting.
 *
 *   static void
 *   ksem_trywait_at_zero(void)
 *   {
 *       sem_t s;
 *       CHECK(sem_init(&s, 1, 0) == 0);
 *       CHECK_ERR(sem_trywait(&s) == -1, EAGAIN);
 *       CHECK(sem_destroy(&s) == 0);
 *   }
 *
 *   static struct test ksem_tests[] = {
 *       {"ksem_trywait_at_zero", ksem_trywait_at_zero, QUICK},
 *       ...
 *   };
 *   struct suite ksem_suite = SUITE("ksem", ksem_tests);
 */
#ifndef KITE_TESTLIB_H
#define KITE_TESTLIB_H

#include "user/user.h"

#define QUICK 1 /* part of usertests -q */
#define SLOW 0

struct test {
    const char *name;
    void (*fn)(void);
    int quick;
};

struct suite {
    const char *name;
    struct test *tests;
    int ntests;
};

#define SUITE(name, table)                                                     \
    {                                                                          \
        name, table, sizeof(table) / sizeof(table[0])                          \
    }

/* Fail the running test: report and exit the test's child. */
void test_fail(const char *file, int line, const char *expr, int err)
    __attribute__((noreturn));

#define CHECK(expr)                                                            \
    do {                                                                       \
        if (!(expr))                                                           \
            test_fail(__FILE__, __LINE__, #expr, -1);                          \
    } while (0)

/* expr must hold and errno must be ERR afterwards. */
#define CHECK_ERR(expr, ERR)                                                   \
    do {                                                                       \
        errno = 0;                                                             \
        if (!(expr) || errno != (ERR))                                         \
            test_fail(__FILE__, __LINE__, #expr " with errno " #ERR, errno);   \
    } while (0)

/* Helpers for tests. */
int test_wait_status(int pid);              /* waitpid(pid) and return status */
int test_run_as(int uid, void (*fn)(void)); /* fork, setuid, fn; status */
void test_snapshot(struct sysinfo *si);     /* sysinfo() or fail */

/* The time limit in seconds of each test run from now on; 0: none. */
void test_set_limit(int seconds);

/* Run one suite; `only` selects a test by name (0 for all), quick the
 * quick subset.  Adds its counts to *passed and *failed. */
void run_suite(struct suite *s, const char *only, int quick, int *passed,
               int *failed);

#endif
