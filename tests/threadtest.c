/*
 * Thread suite: clone and join (kernel/proc.c, kernel/exit.c), the
 * shared address space (kernel/vm.c), user/uthread.c; the thread lab.
 *
 * Design      Each test runs in the test's own process, which becomes
 *             multi-threaded.  A thread never calls CHECK (test_fail
 *             would end that thread only): it records what it saw in
 *             globals, and the main thread checks them after join.
 *             The hash-table test makes the window between reading a
 *             bucket's head and writing it wide (a delay loop), so
 *             threads on several harts without a working mutex, or
 *             without shared memory, lose keys.  Leaks: join must give
 *             back the thread's slot and every page (sysinfo after a
 *             warm-up round that grows malloc's arena).  sbrk: one
 *             thread's growth is every thread's, and concurrent calls
 *             each get a page of their own.  Process
 *             ends: the main thread's exit and a kill of the process
 *             end every thread, which the slot count shows once init
 *             has reaped them (polled); exec in the main thread ends
 *             them too, and exec in another thread while the main one
 *             exits must not leave it waiting forever.  fork in a thread, while
 *             another thread keeps writing: the child's copy must not
 *             change (every hart forgot the writable translations).
 * Origins     Written for Kite.
 */
#include "tests/testlib.h"

#define PGSZ 4096L
#define NT 4             /* threads in the hash-table test */
#define KEYS 300         /* keys each inserts */
#define NBUCKET 7        /* few buckets: many collisions */
#define STACK (4 * PGSZ) /* raw clone stacks */
#define POLL 200         /* ticks to wait for init to reap */

static char stacks[NT][STACK] __attribute__((aligned(16)));

/* Top of raw stack i. */
static void *
stack_top(int i)
{
    return stacks[i] + STACK;
}

/* Wait (sleeping) until *flag is set; 0 if it never is. */
static int
wait_flag(volatile int *flag)
{
    for (int i = 0; i < POLL && !*flag; i++)
        sleep(1);
    return *flag;
}

/* Wait until init has reaped everything: slots back to nproc. */
static int
wait_nproc(int nproc)
{
    struct sysinfo si;

    for (int i = 0; i < POLL; i++) {
        test_snapshot(&si);
        if (si.nproc == nproc)
            return 1;
        sleep(1);
    }
    return 0;
}

/* ---- threads see each other's writes ---- */

static volatile int ping, pong;

static void
ponger(void *arg)
{
    while (ping != 1)
        ;
    pong = (int)(long)arg; /* main waits for this */
    while (ping != 2)
        ;
    pong = 3;
    exit(0);
}

static void
test_thread_shared_writes(void)
{
    ping = pong = 0;
    int tid = clone(ponger, (void *)7L, stack_top(0));
    CHECK(tid > 0);
    ping = 1;
    CHECK(wait_flag(&pong));
    CHECK(pong == 7);
    ping = 2;
    void *stack = 0;
    CHECK(join(tid, &stack) == tid);
    CHECK(stack == stack_top(0));
    CHECK(pong == 3);
}

/* ---- parallel hash table with per-bucket mutexes ---- */

struct node {
    int key;
    struct node *next;
};

static struct node pool[NT * KEYS];
static struct node *table[NBUCKET];
static mutex_t bucket_lock[NBUCKET];
static volatile int go;

static void
insert(int key)
{
    int b = key % NBUCKET;
    mutex_lock(&bucket_lock[b]);
    struct node *n = &pool[key], *head = table[b];
    for (volatile int d = 0; d < 200; d++)
        ; /* widen the window a broken lock leaves open */
    n->key = key;
    n->next = head;
    table[b] = n;
    mutex_unlock(&bucket_lock[b]);
}

static void
inserter(void *arg)
{
    int t = (int)(long)arg;
    while (!go)
        ;
    for (int i = 0; i < KEYS; i++)
        insert(i * NT + t); /* interleaved: all threads, all buckets */
}

static void
test_thread_hash_table(void)
{
    int tids[NT];
    static char seen[NT * KEYS];

    go = 0;
    for (int b = 0; b < NBUCKET; b++) {
        table[b] = 0;
        mutex_init(&bucket_lock[b]);
    }
    for (int t = 0; t < NT; t++)
        CHECK((tids[t] = thread_create(inserter, (void *)(long)t)) > 0);
    go = 1;
    for (int t = 0; t < NT; t++)
        CHECK(thread_join(tids[t]) == 0);
    int count = 0;
    memset(seen, 0, sizeof(seen));
    for (int b = 0; b < NBUCKET; b++)
        for (struct node *n = table[b]; n && count <= NT * KEYS; n = n->next) {
            CHECK(n->key >= 0 && n->key < NT * KEYS && n->key % NBUCKET == b);
            seen[n->key]++;
            count++;
        }
    int lost = 0;
    for (int k = 0; k < NT * KEYS; k++)
        lost += seen[k] != 1;
    if (lost)
        printf("thread_hash_table: %d of %d keys lost\n", lost, NT * KEYS);
    CHECK(lost == 0 && count == NT * KEYS);
}

/* ---- join: in order, and nothing left behind ---- */

static volatile int done_count;

static void
quick(void *arg)
{
    __atomic_fetch_add(&done_count, 1, __ATOMIC_SEQ_CST);
    exit(0);
}

/* Start NT threads and join them in creation order. */
static void
round_of_threads(void)
{
    int tids[NT];

    done_count = 0;
    for (int i = 0; i < NT; i++)
        CHECK((tids[i] = clone(quick, 0, stack_top(i))) > 0);
    for (int i = 0; i < NT; i++) {
        void *stack = 0;
        CHECK(join(tids[i], &stack) == tids[i]);
        CHECK(stack == stack_top(i));
        CHECK(join(tids[i], 0) < 0); /* collected: gone */
    }
    CHECK(done_count == NT);
}

static void
test_thread_join_frees(void)
{
    struct sysinfo before, after;

    round_of_threads(); /* warm-up: stacks touched */
    test_snapshot(&before);
    for (int r = 0; r < 5; r++)
        round_of_threads();
    test_snapshot(&after);
    if (after.freepages != before.freepages || after.nproc != before.nproc)
        printf("thread_join_frees: pages %ld -> %ld, slots %d -> %d\n",
               (long)before.freepages, (long)after.freepages, before.nproc,
               after.nproc);
    CHECK(after.freepages == before.freepages);
    CHECK(after.nproc == before.nproc);
    /* And with the library's malloc'd stacks: */
    int tid = thread_create(quick, 0);
    CHECK(tid > 0 && thread_join(tid) == 0);
    test_snapshot(&before);
    for (int r = 0; r < 5; r++) {
        CHECK((tid = thread_create(quick, 0)) > 0);
        CHECK(thread_join(tid) == 0);
    }
    test_snapshot(&after);
    CHECK(after.freepages == before.freepages);
    CHECK(after.nproc == before.nproc);
}

/* ---- sbrk in one thread is seen by the others ---- */

static char *volatile grown;
static volatile int sbrk_ok;

static void
grower(void *arg)
{
    char *p = sbrk(3 * PGSZ);
    if (p == (char *)-1)
        exit(1);
    for (long i = 0; i < 3 * PGSZ; i += 512)
        p[i] = (char)(i / 512 + 1);
    grown = p;
    exit(0);
}

static void
reader(void *arg)
{
    char *p = arg;
    int ok = 1;
    for (long i = 0; i < 2 * PGSZ; i += 512)
        ok &= p[i] == (char)(i / 512 + 5);
    sbrk_ok = ok && sbrk(0) == p + 2 * PGSZ;
    exit(0);
}

#define GROWS 16
static char *breaks[NT][GROWS];

/* Grow the heap a page at a time at the same time as the others. */
static void
racing_grower(void *arg)
{
    int t = (int)(long)arg;
    while (!go)
        ;
    for (int i = 0; i < GROWS; i++) {
        breaks[t][i] = sbrk(PGSZ);
        if (breaks[t][i] != (char *)-1)
            breaks[t][i][0] = (char)t; /* the page is there, ours */
    }
    exit(0);
}

/* Concurrent sbrk: each call gets its own page, none lost. */
static void
sbrk_race(char *start)
{
    int tids[NT];

    go = 0;
    for (int t = 0; t < NT; t++)
        CHECK((tids[t] = clone(racing_grower, (void *)(long)t, stack_top(t))) >
              0);
    go = 1;
    for (int t = 0; t < NT; t++)
        CHECK(join(tids[t], 0) == tids[t]);
    CHECK(sbrk(0) == start + NT * GROWS * PGSZ);
    static char used[NT * GROWS];
    memset(used, 0, sizeof(used));
    for (int t = 0; t < NT; t++)
        for (int i = 0; i < GROWS; i++) {
            long page = (breaks[t][i] - start) / PGSZ;
            CHECK(page >= 0 && page < NT * GROWS && !used[page]);
            used[page] = 1;
            CHECK(breaks[t][i][0] == (char)t);
        }
    CHECK(sbrk(-NT * GROWS * PGSZ) == start + NT * GROWS * PGSZ);
}

static void
test_thread_sbrk_shared(void)
{
    char *start = sbrk(0);

    grown = 0;
    int tid = clone(grower, 0, stack_top(0));
    CHECK(tid > 0);
    CHECK(join(tid, 0) == tid);
    CHECK(grown == start);
    CHECK(sbrk(0) == start + 3 * PGSZ); /* our size too */
    for (long i = 0; i < 3 * PGSZ; i += 512)
        CHECK(grown[i] == (char)(i / 512 + 1));
    CHECK(sbrk(-3 * PGSZ) == start + 3 * PGSZ);

    /* The other way: the main thread grows, a new thread reads. */
    char *p = sbrk(2 * PGSZ);
    CHECK(p == start);
    for (long i = 0; i < 2 * PGSZ; i += 512)
        p[i] = (char)(i / 512 + 5);
    sbrk_ok = 0;
    CHECK((tid = clone(reader, p, stack_top(1))) > 0);
    CHECK(join(tid, 0) == tid);
    CHECK(sbrk_ok);
    CHECK(sbrk(-2 * PGSZ) == start + 2 * PGSZ);

    sbrk_race(start);
}

/* ---- process ends: main thread's exit, kill ---- */

static volatile int spinning[NT];

static void
spinner(void *arg)
{
    int i = (int)(long)arg;
    for (;;)
        spinning[i]++;
}

/* In a child: start NT - 1 spinning threads and wait until all run. */
static int
start_spinners(void)
{
    for (int i = 0; i < NT - 1; i++) {
        spinning[i] = 0;
        if (thread_create(spinner, (void *)(long)i) < 0)
            return 0;
    }
    for (int i = 0; i < NT - 1; i++)
        if (!wait_flag(&spinning[i]))
            return 0;
    return 1;
}

static void
test_thread_main_exit_ends_all(void)
{
    struct sysinfo si;

    test_snapshot(&si);
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        exit(start_spinners() ? 7 : 1); /* POSIX: ends every thread */
    int status = test_wait_status(pid);
    CHECK(!WIFSIGNALED(status) && WEXITSTATUS(status) == 7);
    CHECK(wait_nproc(si.nproc)); /* the spinners are gone too */
}

static void
test_thread_kill_all(void)
{
    struct sysinfo si;
    int fds[2];
    char c = 0;

    test_snapshot(&si);
    CHECK(pipe(fds) == 0);
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        c = start_spinners() ? 'y' : 'n';
        write(fds[1], &c, 1);
        for (;;)
            sleep(100);
    }
    close(fds[1]);
    int started = read(fds[0], &c, 1) == 1 && c == 'y';
    close(fds[0]);
    CHECK(kill(pid) == 0); /* (also when it failed: leave nothing) */
    int status = test_wait_status(pid);
    CHECK(started);
    CHECK(WIFSIGNALED(status));
    CHECK(wait_nproc(si.nproc)); /* every thread ended */
}

/* exec in the main thread ends the other threads, as exit does; the
 * new program runs (and exits) alone. */
static void
test_thread_exec_ends_all(void)
{
    struct sysinfo si;
    int fds[2];
    char line[64];

    test_snapshot(&si);
    CHECK(pipe(fds) == 0);
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        if (!start_spinners())
            exit(1);
        close(1);
        dup(fds[1]); /* exechelper's line comes to us */
        close(fds[1]);
        char *argv[] = {"exechelper", 0};
        exec("/exechelper", argv);
        exit(2);
    }
    close(fds[1]);
    int n = 0, r;
    while (n < (int)sizeof(line) - 1 &&
           (r = read(fds[0], line + n, sizeof(line) - 1 - n)) > 0)
        n += r;
    close(fds[0]);
    line[n] = 0;
    int status = test_wait_status(pid);
    CHECK(!WIFSIGNALED(status) && WEXITSTATUS(status) == 0);
    CHECK(atoi(line) == pid);    /* the exec ran, in the same process */
    CHECK(wait_nproc(si.nproc)); /* and the spinners are gone */
}

/* exec in a thread that is not the main one, while the main thread
 * exits: the main thread waits in end_threads until that thread has let
 * go of the page table, and exec letting go must wake it, or the
 * process never ends.  Several rounds: the exec may be done before the
 * main thread starts to wait. */
static volatile int execing;

static void
exec_thread(void *arg)
{
    char *argv[] = {"exechelper", 0};
    execing = 1;
    exec("/exechelper", argv);
    exit(3);
}

static void
test_thread_exec_in_thread(void)
{
    for (int round = 0; round < 8; round++) {
        int pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            int fds[2];
            if (pipe(fds) < 0)
                exit(1);
            close(1);
            dup(fds[1]); /* exechelper's line goes nowhere */
            execing = 0;
            if (clone(exec_thread, 0, stack_top(0)) < 0)
                exit(1);
            while (!execing)
                ;
            exit(7); /* while the thread is in exec */
        }
        int status = test_wait_status(pid);
        CHECK(!WIFSIGNALED(status) && WEXITSTATUS(status) == 7);
    }
}

/* ---- fork in a thread, while another thread writes ---- */

static volatile long counter;
static volatile int stop_counting, fork_status;
static volatile int fork_value = 5;

static void
counting(void *arg)
{
    while (!stop_counting)
        counter++;
    exit(0);
}

/* The child checks that its copy of counter stays still while the
 * parent's counting thread goes on in the parent's copy. */
static void
forker(void *arg)
{
    int pid = fork();
    if (pid == 0) {
        long c0 = counter;
        sleep(3);
        int ok = counter == c0 && fork_value == 5;
        fork_value = 99; /* ours only */
        exit(ok ? 42 : 1);
    }
    int status = -1;
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        status = -1;
    fork_status = status;
    exit(0);
}

static void
test_thread_fork(void)
{
    counter = 0;
    stop_counting = 0;
    fork_status = -2;
    int c = clone(counting, 0, stack_top(0));
    CHECK(c > 0);
    while (counter == 0)
        ;
    int f = clone(forker, 0, stack_top(1));
    CHECK(f > 0);
    CHECK(join(f, 0) == f);
    long c1 = counter;
    sleep(2);
    CHECK(counter != c1); /* our copy: the count goes on */
    stop_counting = 1;
    CHECK(join(c, 0) == c);
    CHECK(WEXITSTATUS(fork_status) == 42 && !WIFSIGNALED(fork_status));
    CHECK(fork_value == 5);
}

/* ---- errors ---- */

static void
test_thread_errors(void)
{
    char *sp = stack_top(0);
    CHECK_ERR(clone(quick, 0, sp - 8) < 0, EINVAL); /* not aligned */
    CHECK_ERR(clone(quick, 0, (void *)0x7ffff0000L) < 0, EINVAL);
    CHECK_ERR(join(getpid(), 0) < 0, ECHILD);
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        exit(0);
    CHECK_ERR(join(pid, 0) < 0, ECHILD); /* a child, not a thread */
    test_wait_status(pid);
    int tid = clone(quick, 0, sp);
    CHECK(tid > 0);
    CHECK_ERR(join(tid, (void **)1) < 0, EFAULT);
    CHECK(join(tid, 0) == tid); /* still there after EFAULT */
}

static struct test tests[] = {
    {"thread_shared_writes", test_thread_shared_writes, QUICK},
    {"thread_hash_table", test_thread_hash_table, QUICK},
    {"thread_join_frees", test_thread_join_frees, QUICK},
    {"thread_sbrk_shared", test_thread_sbrk_shared, QUICK},
    {"thread_main_exit_ends_all", test_thread_main_exit_ends_all, QUICK},
    {"thread_kill_all", test_thread_kill_all, QUICK},
    {"thread_exec_ends_all", test_thread_exec_ends_all, QUICK},
    {"thread_exec_in_thread", test_thread_exec_in_thread, QUICK},
    {"thread_fork", test_thread_fork, QUICK},
    {"thread_errors", test_thread_errors, QUICK},
};

struct suite thread_suite = SUITE("thread", tests);
