/*
 * ksemtest: the POSIX semaphore suite (kernel/ksem.c, user/semaphore.c).
 *
 * Overview    One test per behaviour of the Operations section of
 *             kernel/ksem.c: every error code, value accounting, wake-ups
 *             across processes and harts, lifetime (close, unlink, fork,
 *             exec, exit, kill) and permissions.
 * Design      Each test uses names of its own ("/kt_<test>") so that one
 *             failure cannot spill into the next test, and cleans up so
 *             that the suite's leak check (nksem, pages, processes)
 *             passes.  Tests that wait for children do so with a time
 *             limit: a lost wake-up fails the test instead of hanging
 *             the suite.  A child that must be asleep in sem_wait before
 *             the parent acts is found with procs() in state SLEEPING.
 * Interfaces  ksem_suite, run by tests/usertests.c.
 */
#include "tests/testlib.h"

#define BADPTR ((void *)0x3000000000UL) /* above the heap, not mapped */
#define SLEEPING 2                      /* procinfo.state, enum procstate */
#define ZOMBIE 5
#define REAP_TICKS (30 * HZ) /* time limit for children */
#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

static struct procinfo ptable[NPROC];

/* Semaphores shared with the helper functions (fork copies them). */
static sem_t s_unnamed;
static sem_t *s_named;

/* POSIX semaphores in use now. */
static int
nksem(void)
{
    struct sysinfo si;

    test_snapshot(&si);
    return si.nksem;
}

/* Wait until pid is asleep (in the call the test expects); 1 if so. */
static int
wait_sleeping(int pid)
{
    int try, n, i;

    for (try = 0; try < 10 * HZ; try++) {
        n = procs(ptable, NPROC);
        for (i = 0; i < n; i++)
            if (ptable[i].pid == pid && ptable[i].state == SLEEPING)
                return 1;
        sleep(1);
    }
    return 0;
}

/* Fork a child that runs fn(arg) and exits 0 if fn returns. */
static int
spawn(void (*fn)(int), int arg)
{
    int pid = fork();

    CHECK(pid >= 0);
    if (pid == 0) {
        fn(arg);
        exit(0);
    }
    return pid;
}

/* Has child pid exited (a zombie, or gone)?  Asks procs() rather than
 * waitpid(WNOHANG), which the exit lab's tree stubs: this suite must
 * not depend on another lab. */
static int
has_exited(int pid)
{
    int n = procs(ptable, NPROC), i;

    CHECK(n > 0);
    for (i = 0; i < n; i++)
        if (ptable[i].pid == pid)
            return ptable[i].state == ZOMBIE;
    return 1;
}

/* How many of the caller's children have exited and wait to be reaped. */
static int
exited_children(void)
{
    int n = procs(ptable, NPROC), i, count = 0, me = getpid();

    CHECK(n > 0);
    for (i = 0; i < n; i++)
        count += ptable[i].ppid == me && ptable[i].state == ZOMBIE;
    return count;
}

/* Wait until one of the children in pids[] has exited, within
 * REAP_TICKS: a lost wake-up fails the test instead of hanging it. */
static void
await_exited_child(int *pids, int n)
{
    int start = uptime(), i, status;

    while (exited_children() == 0) {
        if (uptime() - start > REAP_TICKS) {
            for (i = 0; i < n; i++)
                kill(pids[i]);
            while (wait(&status) > 0)
                ;
            test_fail(__FILE__, __LINE__, "no waiter got through", 0);
        }
        sleep(1);
    }
}

/*
 * Wait for the n children in pids[] within REAP_TICKS; kill them all
 * and fail if they take longer.  Returns how many exited with status 0.
 */
static int
reap_all(int *pids, int n)
{
    int start = uptime(), done = 0, ok = 0, status, i;
    char reaped[NPROC] = {0};

    CHECK(n <= NPROC);
    while (done < n) {
        for (i = 0; i < n; i++) {
            if (reaped[i] || !has_exited(pids[i]))
                continue;
            CHECK(waitpid(pids[i], &status, 0) == pids[i]);
            reaped[i] = 1;
            done++;
            ok += WIFEXITED(status) && WEXITSTATUS(status) == 0;
        }
        if (done < n && uptime() - start > REAP_TICKS) {
            for (i = 0; i < n; i++)
                kill(pids[i]);
            while (wait(&status) > 0)
                ;
            test_fail(__FILE__, __LINE__, "children did not finish", 0);
        }
        if (done < n)
            sleep(1);
    }
    return ok;
}

/* Run a program with its output drained from a pipe; its wait status. */
static int
run_quiet(char **argv)
{
    int fds[2], pid;
    char buf[64];

    CHECK(pipe(fds) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(1);
        dup(fds[1]);
        close(2);
        dup(fds[1]);
        close(fds[0]);
        close(fds[1]);
        exec(argv[0], argv);
        exit(127);
    }
    close(fds[1]);
    while (read(fds[0], buf, sizeof(buf)) > 0)
        ;
    close(fds[0]);
    return test_wait_status(pid);
}

static int
value_of(sem_t *s)
{
    int v = -12345;

    CHECK(sem_getvalue(s, &v) == 0);
    return v;
}

/* ---- values ---------------------------------------------------------- */

static void
ksem_init_getvalue(void)
{
    sem_t s;

    CHECK(sem_init(&s, 1, 5) == 0);
    CHECK(value_of(&s) == 5);
    /* an id is a slot and a sequence number, not an address */
    CHECK(s.id > 0 && (s.id & 0xffff) < KSEM_MAX);
    CHECK(sem_destroy(&s) == 0);
}

static void
ksem_value_accounting(void)
{
    sem_t s;

    CHECK(sem_init(&s, 1, 0) == 0);
    CHECK(sem_post(&s) == 0);
    CHECK(sem_post(&s) == 0);
    CHECK(sem_post(&s) == 0);
    CHECK(value_of(&s) == 3);
    CHECK(sem_wait(&s) == 0);
    CHECK(value_of(&s) == 2);
    CHECK(sem_trywait(&s) == 0);
    CHECK(sem_wait(&s) == 0);
    CHECK(value_of(&s) == 0);
    CHECK(sem_destroy(&s) == 0);
}

static void
ksem_trywait_at_zero(void)
{
    sem_t s;

    CHECK(sem_init(&s, 1, 1) == 0);
    CHECK(sem_trywait(&s) == 0);
    CHECK_ERR(sem_trywait(&s) == -1, EAGAIN);
    CHECK_ERR(sem_trywait(&s) == -1, EAGAIN);
    CHECK(value_of(&s) == 0);
    CHECK(sem_post(&s) == 0);
    CHECK(sem_trywait(&s) == 0);
    CHECK(sem_destroy(&s) == 0);
}

static void
ksem_init_value_too_big(void)
{
    sem_t s;
    int before = nksem();

    CHECK_ERR(sem_init(&s, 1, (unsigned int)SEM_VALUE_MAX + 1) == -1, EINVAL);
    CHECK_ERR(sem_init(&s, 1, 0xffffffffu) == -1, EINVAL);
    CHECK(nksem() == before);
    CHECK(sem_init(&s, 1, SEM_VALUE_MAX) == 0);
    CHECK(value_of(&s) == SEM_VALUE_MAX);
    CHECK(sem_destroy(&s) == 0);
}

static void
ksem_open_value_too_big(void)
{
    CHECK_ERR(sem_open("/kt_big", O_CREAT, 0600,
                       (unsigned int)SEM_VALUE_MAX + 1) == SEM_FAILED,
              EINVAL);
    CHECK_ERR(sem_open("/kt_big", 0) == SEM_FAILED, ENOENT);
}

static void
ksem_post_overflow(void)
{
    sem_t s;

    CHECK(sem_init(&s, 1, SEM_VALUE_MAX) == 0);
    CHECK_ERR(sem_post(&s) == -1, EOVERFLOW);
    CHECK(value_of(&s) == SEM_VALUE_MAX);
    CHECK(sem_trywait(&s) == 0);
    CHECK(sem_post(&s) == 0);
    CHECK_ERR(sem_post(&s) == -1, EOVERFLOW);
    CHECK(sem_destroy(&s) == 0);
}

/* ---- names ----------------------------------------------------------- */

static void
ksem_name_malformed(void)
{
    static const char *bad[] = {"",      "/",    "noslash", "kt/",
                                "/kt/a", "/kt/", "//"};
    int i;

    for (i = 0; i < NELEM(bad); i++) {
        CHECK_ERR(sem_open(bad[i], O_CREAT, 0600, 0) == SEM_FAILED, EINVAL);
        CHECK_ERR(sem_unlink(bad[i]) == -1, EINVAL);
    }
}

static void
ksem_name_too_long(void)
{
    char name[SEM_NAME_MAX + 2];
    sem_t *s;

    memset(name, 'n', sizeof(name));
    name[0] = '/';
    name[SEM_NAME_MAX + 1] = '\0'; /* 33 bytes */
    CHECK_ERR(sem_open(name, O_CREAT, 0600, 0) == SEM_FAILED, ENAMETOOLONG);
    CHECK_ERR(sem_unlink(name) == -1, ENAMETOOLONG);
    name[SEM_NAME_MAX] = '\0'; /* 32 bytes: the longest allowed */
    s = sem_open(name, O_CREAT | O_EXCL, 0600, 3);
    CHECK(s != SEM_FAILED);
    CHECK(value_of(s) == 3);
    CHECK(sem_close(s) == 0);
    CHECK(sem_unlink(name) == 0);
}

static void
ksem_open_missing(void)
{
    CHECK_ERR(sem_open("/kt_missing", 0) == SEM_FAILED, ENOENT);
    CHECK_ERR(sem_open("/kt_missing", O_EXCL) == SEM_FAILED, ENOENT);
}

static void
ksem_open_excl_exists(void)
{
    sem_t *s = sem_open("/kt_excl", O_CREAT | O_EXCL, 0600, 1);

    CHECK(s != SEM_FAILED);
    CHECK_ERR(sem_open("/kt_excl", O_CREAT | O_EXCL, 0600, 1) == SEM_FAILED,
              EEXIST);
    CHECK(sem_close(s) == 0);
    CHECK_ERR(sem_open("/kt_excl", O_CREAT | O_EXCL, 0600, 1) == SEM_FAILED,
              EEXIST);
    CHECK(sem_unlink("/kt_excl") == 0);
}

static void
ksem_open_creat_existing(void)
{
    sem_t *a = sem_open("/kt_creat", O_CREAT, 0600, 3);
    sem_t *b;

    CHECK(a != SEM_FAILED);
    b = sem_open("/kt_creat", O_CREAT, 0600, 9); /* value ignored */
    CHECK(b == a);
    CHECK(value_of(b) == 3);
    CHECK(sem_close(a) == 0);
    CHECK(sem_close(b) == 0);
    CHECK(sem_unlink("/kt_creat") == 0);
}

static void
ksem_same_name_same_sem(void)
{
    sem_t *a = sem_open("/kt_same", O_CREAT, 0600, 0);
    sem_t *b = sem_open("/kt_same", 0);
    int id;

    CHECK(a != SEM_FAILED && b == a);
    CHECK(a->opens == 2);
    id = a->id;
    CHECK(sem_close(b) == 0);
    CHECK(sem_post(a) == 0); /* still open once */
    CHECK(value_of(a) == 1);
    CHECK(sem_close(a) == 0);
    CHECK_ERR(ksem_post(id) == -1, EINVAL); /* no longer held */
    CHECK_ERR(ksem_close(id) == -1, EINVAL);
    b = sem_open("/kt_same", 0); /* a named semaphore keeps its value */
    CHECK(b != SEM_FAILED && b->opens == 1);
    CHECK(value_of(b) == 1);
    CHECK(sem_close(b) == 0);
    CHECK(sem_unlink("/kt_same") == 0);
}

static void
ksem_same_name_same_id(void)
{
    int a, b;

    CHECK(ksem_open("/kt_sameid", O_CREAT, 0600, 0, &a) == 0);
    CHECK(ksem_open("/kt_sameid", 0, 0, 0, &b) == 0);
    CHECK(a == b);
    CHECK(ksem_close(a) == 0);
    CHECK(ksem_post(a) == 0); /* one reference left */
    CHECK(ksem_close(a) == 0);
    CHECK_ERR(ksem_close(a) == -1, EINVAL);
    CHECK(ksem_unlink("/kt_sameid") == 0);
}

static void
ksem_unlink_missing(void)
{
    sem_t *s = sem_open("/kt_unl", O_CREAT, 0600, 0);

    CHECK_ERR(sem_unlink("/kt_nothere") == -1, ENOENT);
    CHECK(s != SEM_FAILED);
    CHECK(sem_unlink("/kt_unl") == 0);
    CHECK_ERR(sem_unlink("/kt_unl") == -1, ENOENT);
    CHECK(sem_close(s) == 0);
}

static void
ksem_unlink_while_open(void)
{
    int before = nksem();
    sem_t *s = sem_open("/kt_uwo", O_CREAT | O_EXCL, 0600, 2);

    CHECK(s != SEM_FAILED);
    CHECK(sem_unlink("/kt_uwo") == 0);
    CHECK_ERR(sem_open("/kt_uwo", 0) == SEM_FAILED, ENOENT);
    CHECK(nksem() == before + 1); /* lives on while open */
    CHECK(sem_post(s) == 0);
    CHECK(sem_wait(s) == 0);
    CHECK(value_of(s) == 2);
    CHECK(sem_close(s) == 0);
    CHECK(nksem() == before); /* last reference gone */
}

static void
ksem_recreate_after_unlink(void)
{
    sem_t *a = sem_open("/kt_again", O_CREAT | O_EXCL, 0600, 5);
    sem_t *b;

    CHECK(a != SEM_FAILED);
    CHECK(sem_unlink("/kt_again") == 0);
    b = sem_open("/kt_again", O_CREAT | O_EXCL, 0600, 1);
    CHECK(b != SEM_FAILED);
    CHECK(b != a && b->id != a->id);
    CHECK(sem_post(a) == 0);
    CHECK(value_of(a) == 6);
    CHECK(value_of(b) == 1);
    CHECK(sem_close(a) == 0);
    CHECK(value_of(b) == 1);
    CHECK(sem_close(b) == 0);
    CHECK(sem_unlink("/kt_again") == 0);
}

static void
ksem_named_persists_after_close(void)
{
    int before = nksem();
    sem_t *s = sem_open("/kt_keep", O_CREAT | O_EXCL, 0600, 0);

    CHECK(s != SEM_FAILED);
    CHECK(sem_post(s) == 0);
    CHECK(sem_close(s) == 0);
    CHECK(nksem() == before + 1);
    s = sem_open("/kt_keep", 0);
    CHECK(s != SEM_FAILED);
    CHECK(value_of(s) == 1);
    CHECK(sem_close(s) == 0);
    CHECK(sem_unlink("/kt_keep") == 0);
    CHECK(nksem() == before);
}

/* ---- ids and misuse -------------------------------------------------- */

static void
ksem_destroy_named(void)
{
    sem_t *s = sem_open("/kt_dnamed", O_CREAT, 0600, 0);

    CHECK(s != SEM_FAILED);
    CHECK_ERR(sem_destroy(s) == -1, EINVAL);
    CHECK(sem_unlink("/kt_dnamed") == 0);
    CHECK_ERR(sem_destroy(s) == -1, EINVAL); /* unlinked is still named */
    CHECK(sem_post(s) == 0);
    CHECK(sem_close(s) == 0);
}

static void
ksem_close_unnamed(void)
{
    sem_t s;

    CHECK(sem_init(&s, 1, 0) == 0);
    CHECK_ERR(sem_close(&s) == -1, EINVAL);
    CHECK(sem_post(&s) == 0); /* still there */
    CHECK(sem_destroy(&s) == 0);
}

static void
ksem_bad_id(void)
{
    static const int bad[] = {
        -1, 0, 1, KSEM_MAX, 0x7fffffff, (5 << 16) | KSEM_MAX, (int)0x80000003};
    int i, v;

    for (i = 0; i < NELEM(bad); i++) {
        CHECK_ERR(ksem_post(bad[i]) == -1, EINVAL);
        CHECK_ERR(ksem_wait(bad[i]) == -1, EINVAL);
        CHECK_ERR(ksem_trywait(bad[i]) == -1, EINVAL);
        CHECK_ERR(ksem_getvalue(bad[i], &v) == -1, EINVAL);
        CHECK_ERR(ksem_close(bad[i]) == -1, EINVAL);
        CHECK_ERR(ksem_destroy(bad[i]) == -1, EINVAL);
    }
    CHECK_ERR(sem_post(0) == -1, EINVAL);
}

static void
ksem_destroy_then_use(void)
{
    sem_t s;
    int v;

    CHECK(sem_init(&s, 1, 1) == 0);
    CHECK(sem_destroy(&s) == 0);
    CHECK_ERR(sem_post(&s) == -1, EINVAL);
    CHECK_ERR(sem_wait(&s) == -1, EINVAL);
    CHECK_ERR(sem_getvalue(&s, &v) == -1, EINVAL);
    CHECK_ERR(sem_destroy(&s) == -1, EINVAL);
}

/* An old id must not name the semaphore that reuses its slot. */
static void
ksem_stale_id(void)
{
    sem_t a, b;
    int old, v;

    CHECK(sem_init(&a, 1, 0) == 0);
    old = a.id;
    CHECK(sem_destroy(&a) == 0);
    /* The lowest free slot is taken first, so this reuses old's slot. */
    CHECK(sem_init(&b, 1, 7) == 0);
    CHECK((b.id & 0xffff) == (old & 0xffff));
    CHECK(b.id != old);
    CHECK_ERR(ksem_post(old) == -1, EINVAL);
    CHECK_ERR(ksem_trywait(old) == -1, EINVAL);
    CHECK_ERR(ksem_getvalue(old, &v) == -1, EINVAL);
    CHECK_ERR(ksem_destroy(old) == -1, EINVAL);
    CHECK(value_of(&b) == 7);
    CHECK(sem_destroy(&b) == 0);
}

static void
ksem_bad_pointers(void)
{
    int before = nksem(), v;
    sem_t s;

    CHECK_ERR(ksem_init(1, BADPTR) == -1, EFAULT);
    CHECK_ERR(ksem_init(1, (int *)(uint64)ksem_bad_pointers) == -1,
              EFAULT); /* text is not writable */
    CHECK_ERR(ksem_open(BADPTR, O_CREAT, 0600, 0, &v) == -1, EFAULT);
    CHECK_ERR(ksem_open("/kt_fault", O_CREAT, 0600, 0, BADPTR) == -1, EFAULT);
    CHECK_ERR(ksem_unlink(BADPTR) == -1, EFAULT);
    CHECK(nksem() == before); /* nothing half-made */
    CHECK_ERR(sem_open("/kt_fault", 0) == SEM_FAILED, ENOENT);
    CHECK(sem_init(&s, 1, 4) == 0);
    CHECK_ERR(sem_getvalue(&s, BADPTR) == -1, EFAULT);
    CHECK(value_of(&s) == 4);
    CHECK(sem_destroy(&s) == 0);
}

/* A process may hold at most 65535 references to one semaphore. */
static void
ksem_ref_limit(void)
{
    int id, other, i;

    CHECK(ksem_open("/kt_refs", O_CREAT | O_EXCL, 0600, 0, &id) == 0);
    for (i = 1; i < 65535; i++)
        CHECK(ksem_open("/kt_refs", 0, 0, 0, &other) == 0 && other == id);
    CHECK_ERR(ksem_open("/kt_refs", 0, 0, 0, &other) == -1, EMFILE);
    for (i = 0; i < 65535; i++)
        CHECK(ksem_close(id) == 0);
    CHECK_ERR(ksem_close(id) == -1, EINVAL);
    CHECK(ksem_unlink("/kt_refs") == 0);
}

/* ---- the table limit ------------------------------------------------- */

static sem_t many[KSEM_MAX];

static void
ksem_enfile_and_recovery(void)
{
    int n = 0, i, expect = KSEM_MAX - nksem();

    while (n < KSEM_MAX && sem_init(&many[n], 1, n) == 0)
        n++;
    CHECK(n == expect);
    CHECK(nksem() == KSEM_MAX);
    CHECK_ERR(sem_init(&s_unnamed, 1, 0) == -1, ENFILE);
    CHECK_ERR(sem_open("/kt_full", O_CREAT, 0600, 0) == SEM_FAILED, ENFILE);
    CHECK(sem_destroy(&many[n / 2]) == 0);
    CHECK(sem_init(&many[n / 2], 1, 42) == 0);
    CHECK(value_of(&many[n / 2]) == 42);
    CHECK(sem_destroy(&many[0]) == 0);
    s_named = sem_open("/kt_full", O_CREAT | O_EXCL, 0600, 0);
    CHECK(s_named != SEM_FAILED);
    CHECK(sem_close(s_named) == 0);
    CHECK(sem_unlink("/kt_full") == 0);
    for (i = 1; i < n; i++)
        CHECK(sem_destroy(&many[i]) == 0);
}

/* ---- permissions ----------------------------------------------------- */

/* Open /kt_perm as the current user: 0 if allowed, else errno. */
static int
try_open(const char *name)
{
    sem_t *s = sem_open(name, 0);

    if (s == SEM_FAILED)
        return errno;
    CHECK(sem_post(s) == 0);
    CHECK(sem_close(s) == 0);
    return 0;
}

/* Fork; in the child take gid then uid and exit with try_open(name). */
static int
open_as(int uid, int gid, const char *name)
{
    int pid = fork(), status;

    CHECK(pid >= 0);
    if (pid == 0) {
        CHECK(setgid(gid) == 0);
        CHECK(setuid(uid) == 0);
        exit(try_open(name));
    }
    status = test_wait_status(pid);
    CHECK(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static void
ksem_open_eacces_owner_only(void)
{
    sem_t *s = sem_open("/kt_perm", O_CREAT | O_EXCL, 0600, 0);

    CHECK(s != SEM_FAILED);
    CHECK(open_as(1000, 1000, "/kt_perm") == EACCES);
    CHECK(open_as(1000, 0, "/kt_perm") == EACCES);
    CHECK(open_as(0, 0, "/kt_perm") == 0);
    CHECK(value_of(s) == 1);
    CHECK(sem_close(s) == 0);
    CHECK(sem_unlink("/kt_perm") == 0);
}

/* The caller's class (owner, else group, else other) decides alone. */
static void
ksem_open_permission_classes(void)
{
    sem_t *g = sem_open("/kt_grp", O_CREAT | O_EXCL, 0660, 0);
    sem_t *o = sem_open("/kt_oth", O_CREAT | O_EXCL, 0606, 0);
    sem_t *r = sem_open("/kt_ro", O_CREAT | O_EXCL, 0644, 0);
    sem_t *w = sem_open("/kt_wo", O_CREAT | O_EXCL, 0622, 0);

    CHECK(g != SEM_FAILED && o != SEM_FAILED && r != SEM_FAILED);
    CHECK(w != SEM_FAILED);
    CHECK(open_as(1000, 0, "/kt_grp") == 0); /* group rw */
    CHECK(open_as(1000, 1000, "/kt_grp") == EACCES);
    CHECK(open_as(1000, 0, "/kt_oth") == EACCES);   /* group has none */
    CHECK(open_as(1000, 1000, "/kt_oth") == 0);     /* other rw */
    CHECK(open_as(1000, 1000, "/kt_ro") == EACCES); /* read is not enough */
    CHECK(open_as(1000, 1000, "/kt_wo") == EACCES); /* nor write alone */
    CHECK(open_as(0, 1000, "/kt_ro") == 0);         /* root passes */
    CHECK(value_of(g) == 1 && value_of(o) == 1 && value_of(r) == 1);
    CHECK(sem_close(g) == 0 && sem_close(o) == 0 && sem_close(r) == 0);
    CHECK(sem_unlink("/kt_grp") == 0);
    CHECK(sem_unlink("/kt_oth") == 0);
    CHECK(sem_unlink("/kt_ro") == 0);
    CHECK(sem_close(w) == 0);
    CHECK(sem_unlink("/kt_wo") == 0);
}

/* As uid 1000: own semaphores obey their owner bits too. */
static void
owner_bits_child(void)
{
    sem_t *s = sem_open("/kt_own", O_CREAT | O_EXCL, 0066, 0);

    CHECK(s != SEM_FAILED); /* creating never checks the mode */
    CHECK_ERR(sem_open("/kt_own", 0) == SEM_FAILED, EACCES);
    CHECK(sem_close(s) == 0);
    CHECK(sem_unlink("/kt_own") == 0); /* the owner may unlink */
}

static void
ksem_open_owner_bits(void)
{
    CHECK(test_run_as(1000, owner_bits_child) == 0);
    CHECK_ERR(sem_open("/kt_own", 0) == SEM_FAILED, ENOENT);
}

static void
unlink_not_owner_child(void)
{
    CHECK_ERR(sem_unlink("/kt_unlperm") == -1, EACCES);
    s_named = sem_open("/kt_unlperm", 0); /* 0666: opening is allowed */
    CHECK(s_named != SEM_FAILED);
    CHECK(sem_close(s_named) == 0);
}

static void
ksem_unlink_not_owner(void)
{
    sem_t *s = sem_open("/kt_unlperm", O_CREAT | O_EXCL, 0666, 0);

    CHECK(s != SEM_FAILED);
    CHECK(test_run_as(1000, unlink_not_owner_child) == 0);
    CHECK(sem_close(s) == 0);
    s = sem_open("/kt_unlperm", 0); /* still there */
    CHECK(s != SEM_FAILED);
    CHECK(sem_close(s) == 0);
    CHECK(sem_unlink("/kt_unlperm") == 0);
}

static void
make_as_user_child(void)
{
    s_named = sem_open("/kt_userown", O_CREAT | O_EXCL, 0600, 0);
    CHECK(s_named != SEM_FAILED);
    CHECK(sem_close(s_named) == 0);
}

static void
ksem_root_unlinks_any(void)
{
    CHECK(test_run_as(1000, make_as_user_child) == 0);
    CHECK(sem_open("/kt_userown", 0) != SEM_FAILED); /* root passes */
    CHECK(sem_unlink("/kt_userown") == 0);
}

/* ---- waiting and waking ---------------------------------------------- */

static void
wait_named_child(int expect)
{
    sem_t *s = sem_open("/kt_wake", 0);

    CHECK(s != SEM_FAILED);
    CHECK(sem_wait(s) == 0);
    CHECK(value_of(s) == expect);
    CHECK(sem_close(s) == 0);
}

static void
ksem_post_wakes(void)
{
    sem_t *s = sem_open("/kt_wake", O_CREAT | O_EXCL, 0600, 0);
    int pid;

    CHECK(s != SEM_FAILED);
    pid = spawn(wait_named_child, 0);
    CHECK(wait_sleeping(pid));
    CHECK(sem_post(s) == 0);
    CHECK(reap_all(&pid, 1) == 1);
    CHECK(value_of(s) == 0);
    CHECK(sem_close(s) == 0);
    CHECK(sem_unlink("/kt_wake") == 0);
}

static void
wait_unnamed_child(int unused)
{
    (void)unused;
    CHECK(sem_wait(&s_unnamed) == 0);
}

/* Each post lets exactly one of many sleepers through. */
static void
ksem_many_waiters_each_once(void)
{
    enum { N = 6 };
    int pids[N], i, status, pid;

    CHECK(sem_init(&s_unnamed, 1, 0) == 0);
    for (i = 0; i < N; i++)
        pids[i] = spawn(wait_unnamed_child, 0);
    for (i = 0; i < N; i++)
        CHECK(wait_sleeping(pids[i]));
    for (i = 0; i < N; i++) {
        CHECK(sem_post(&s_unnamed) == 0);
        await_exited_child(pids, N);
        pid = wait(&status);
        CHECK(pid > 0 && status == 0);
        sleep(3);
        if (i < N - 1)
            CHECK(exited_children() == 0); /* no one else */
        CHECK(value_of(&s_unnamed) == 0);
    }
    CHECK(sem_destroy(&s_unnamed) == 0);
}

static void
ksem_destroy_busy(void)
{
    int pid;

    CHECK(sem_init(&s_unnamed, 1, 0) == 0);
    pid = spawn(wait_unnamed_child, 0);
    CHECK(wait_sleeping(pid));
    CHECK_ERR(sem_destroy(&s_unnamed) == -1, EBUSY);
    CHECK(sem_post(&s_unnamed) == 0);
    CHECK(reap_all(&pid, 1) == 1);
    CHECK(sem_destroy(&s_unnamed) == 0);
}

/* kill wakes a waiter, which dies; the counts stay right. */
static void
ksem_kill_waiter(void)
{
    int victim, other, status;

    CHECK(sem_init(&s_unnamed, 1, 0) == 0);
    victim = spawn(wait_unnamed_child, 0);
    other = spawn(wait_unnamed_child, 0);
    CHECK(wait_sleeping(victim) && wait_sleeping(other));
    CHECK(kill(victim) == 0);
    status = test_wait_status(victim);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    CHECK_ERR(sem_destroy(&s_unnamed) == -1, EBUSY); /* other waits */
    CHECK(sem_post(&s_unnamed) == 0);
    CHECK(reap_all(&other, 1) == 1);
    CHECK(value_of(&s_unnamed) == 0);
    CHECK(sem_post(&s_unnamed) == 0);
    CHECK(sem_trywait(&s_unnamed) == 0);
    CHECK(sem_destroy(&s_unnamed) == 0); /* no stale waiter: not EBUSY */
}

/* Spin for about n loop turns: a delay finer than a tick. */
static void
spin(int n)
{
    for (volatile int i = 0; i < n; i++)
        ;
}

/*
 * Kill a waiter at every moment of its way into sem_wait, many times
 * over: a kill that lands after the waiter's own killed() check and
 * before it sleeps must still end it (sleep_killable, not sleep).  The
 * child raises a flag in shared memory just before it calls sem_wait;
 * the parent spins on the flag, then a little longer each round, then
 * kills.  A lost kill leaves the child asleep forever: after KILL_TICKS
 * the test posts to free it and fails.  The window is a few dozen
 * instructions wide: a wrong solution is caught most runs, not all.
 */
#define KILL_ROUNDS 3000
#define KILL_SECONDS 25 /* stop early: a time budget, not a count */
#define KILL_TICKS 50
static volatile int *kill_flag;

static void
flag_then_wait_child(int unused)
{
    (void)unused;
    *kill_flag = 1;
    sem_wait(&s_unnamed);
}

static void
ksem_kill_race_waiters(void)
{
    int i, n, pid, status, start, lost = 0, shm;

    shm = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
    CHECK(shm >= 0);
    kill_flag = shmat(shm, 0, 0);
    CHECK(kill_flag != (void *)-1);
    CHECK(shmctl(shm, IPC_RMID, 0) == 0); /* gone when we detach */
    CHECK(sem_init(&s_unnamed, 1, 0) == 0);
    int t0 = uptime();
    for (i = 0; i < KILL_ROUNDS && uptime() - t0 < KILL_SECONDS * HZ; i++) {
        *kill_flag = 0;
        pid = spawn(flag_then_wait_child, 0);
        for (n = 0; !*kill_flag && n < 200000000; n++)
            ;
        spin(i % 1500); /* sweep the kill along the child's path */
        CHECK(kill(pid) == 0);
        start = uptime();
        while (!has_exited(pid)) {
            if (uptime() - start > KILL_TICKS) {
                lost++;
                CHECK(sem_post(&s_unnamed) == 0); /* let it go */
                break;
            }
            sleep(1);
        }
        CHECK(waitpid(pid, &status, 0) == pid);
        CHECK(lost == 0);
        CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    }
    CHECK(value_of(&s_unnamed) == 0);
    CHECK(sem_destroy(&s_unnamed) == 0); /* no waiter left counted */
    CHECK(shmdt((void *)kill_flag) == 0);
}

static void
wait_named_twice_child(int unused)
{
    sem_t *s = sem_open("/kt_life", 0); /* a reference of our own */

    (void)unused;
    CHECK(s != SEM_FAILED);
    CHECK(sem_wait(s) == 0);
}

/*
 * A named semaphore lives while anyone holds it, through unlink, the
 * creator's close, kills and exits of its holders, and dies with the
 * last reference: not before (the holders still use it), not after
 * (sysinfo counts it).
 */
static void
ksem_lifetime_unlink_close_exit(void)
{
    enum { N = 4 };
    int before = nksem(), pids[N], i, status;
    sem_t *s, *other;

    s = sem_open("/kt_life", O_CREAT | O_EXCL, 0600, 0);
    CHECK(s != SEM_FAILED);
    for (i = 0; i < N; i++)
        pids[i] = spawn(wait_named_twice_child, 0);
    for (i = 0; i < N; i++)
        CHECK(wait_sleeping(pids[i]));
    CHECK(sem_unlink("/kt_life") == 0);
    CHECK(nksem() == before + 1);
    CHECK_ERR(sem_open("/kt_life", 0) == SEM_FAILED, ENOENT);
    other = sem_open("/kt_life", O_CREAT | O_EXCL, 0600, 5); /* a new one */
    CHECK(other != SEM_FAILED && other != s);
    CHECK(nksem() == before + 2 && value_of(other) == 5);
    CHECK(sem_close(other) == 0 && sem_unlink("/kt_life") == 0);
    CHECK(nksem() == before + 1);
    for (i = 0; i < N / 2; i++) { /* killed holders drop their refs */
        CHECK(kill(pids[i]) == 0);
        status = test_wait_status(pids[i]);
        CHECK(WIFSIGNALED(status));
    }
    CHECK(nksem() == before + 1);
    for (i = N / 2; i < N; i++)
        CHECK(sem_post(s) == 0);
    CHECK(reap_all(pids + N / 2, N - N / 2) == N - N / 2);
    CHECK(nksem() == before + 1); /* we still hold it */
    CHECK(value_of(s) == 0);
    CHECK(sem_close(s) == 0);
    CHECK(nksem() == before);
}

/* Open and close, unlink, exit: nothing may stay behind, many times. */
static void
open_close_child(int i)
{
    char name[16];
    sem_t *s;

    snprintf(name, sizeof(name), "/kt_oc%d", i % 4);
    s = sem_open(name, O_CREAT, 0600, 1);
    CHECK(s != SEM_FAILED);
    CHECK(sem_wait(s) == 0);
    CHECK(sem_post(s) == 0);
    if (i % 3 == 0)
        CHECK(sem_close(s) == 0); /* else exit drops it */
    if (i % 2 == 0)
        sem_unlink(name); /* may race another child's: ENOENT is fine */
}

static void
ksem_no_leak_open_unlink_exit(void)
{
    enum { ROUNDS = 12, KIDS = 6 };
    int before = nksem(), pids[KIDS], r, i;
    char name[16];
    sem_t *s;

    /* The names the children share must be shared and must persist. */
    s = sem_open("/kt_oc0", O_CREAT | O_EXCL, 0600, 3);
    CHECK(s != SEM_FAILED && sem_close(s) == 0);
    s = sem_open("/kt_oc0", 0);
    CHECK(s != SEM_FAILED && value_of(s) == 3);
    CHECK(sem_close(s) == 0 && sem_unlink("/kt_oc0") == 0);
    CHECK(nksem() == before);

    for (r = 0; r < ROUNDS; r++) {
        for (i = 0; i < KIDS; i++)
            pids[i] = spawn(open_close_child, r * KIDS + i);
        CHECK(reap_all(pids, KIDS) == KIDS);
    }
    for (i = 0; i < 4; i++) { /* names the last children left linked */
        snprintf(name, sizeof(name), "/kt_oc%d", i);
        sem_unlink(name);
    }
    CHECK(nksem() == before);
}

/* ---- fork, exec, exit ------------------------------------------------ */

static void
post_twice_child(int unused)
{
    (void)unused;
    CHECK(sem_post(&s_unnamed) == 0);
    CHECK(sem_post(&s_unnamed) == 0);
}

static void
ksem_fork_inherits_unnamed(void)
{
    int pid;

    CHECK(sem_init(&s_unnamed, 0, 0) == 0); /* pshared 0: still shared */
    pid = spawn(post_twice_child, 0);
    CHECK(reap_all(&pid, 1) == 1);
    CHECK(value_of(&s_unnamed) == 2);
    CHECK(sem_wait(&s_unnamed) == 0);
    CHECK(sem_wait(&s_unnamed) == 0);
    CHECK(value_of(&s_unnamed) == 0);
    CHECK(sem_destroy(&s_unnamed) == 0);
}

static void
named_child(int unused)
{
    sem_t *again = sem_open("/kt_forkn", 0);

    (void)unused;
    CHECK(again == s_named); /* the inherited table */
    CHECK(s_named->opens == 2);
    CHECK(sem_post(s_named) == 0);
    CHECK(sem_close(again) == 0);
    CHECK(sem_close(s_named) == 0);
    CHECK_ERR(sem_post(s_named) == -1, EINVAL); /* child's refs gone */
}

static void
ksem_fork_inherits_named(void)
{
    int pid;

    s_named = sem_open("/kt_forkn", O_CREAT | O_EXCL, 0600, 0);
    CHECK(s_named != SEM_FAILED);
    pid = spawn(named_child, 0);
    CHECK(reap_all(&pid, 1) == 1);
    CHECK(s_named->opens == 1);
    CHECK(value_of(s_named) == 1); /* the child's close left ours */
    CHECK(sem_close(s_named) == 0);
    CHECK(sem_unlink("/kt_forkn") == 0);
}

static void
destroy_child(int unused)
{
    (void)unused;
    CHECK(sem_destroy(&s_unnamed) == 0);
    CHECK_ERR(sem_post(&s_unnamed) == -1, EINVAL);
}

/* destroy drops the caller's reference; the parent's stays good. */
static void
ksem_child_destroy_keeps_parent(void)
{
    int pid, before = nksem();

    CHECK(sem_init(&s_unnamed, 1, 1) == 0);
    pid = spawn(destroy_child, 0);
    CHECK(reap_all(&pid, 1) == 1);
    CHECK(sem_post(&s_unnamed) == 0);
    CHECK(value_of(&s_unnamed) == 2);
    CHECK(sem_destroy(&s_unnamed) == 0);
    CHECK(nksem() == before);
}

static void
leave_open_child(int i)
{
    sem_t u;

    CHECK(sem_init(&u, 1, i) == 0);
    s_named = sem_open("/kt_loop", O_CREAT | O_EXCL, 0600, 0);
    CHECK(s_named != SEM_FAILED);
    CHECK(sem_unlink("/kt_loop") == 0);
    /* exit with both still open */
}

static void
ksem_exit_releases(void)
{
    int before = nksem(), i, pid;

    for (i = 0; i < 3 * KSEM_MAX; i++) {
        pid = spawn(leave_open_child, i);
        CHECK(reap_all(&pid, 1) == 1);
    }
    CHECK(nksem() == before);
}

/* A named, linked semaphore stays after its creator exits. */
static void
make_and_exit_child(int unused)
{
    (void)unused;
    s_named = sem_open("/kt_orphan", O_CREAT | O_EXCL, 0600, 3);
    CHECK(s_named != SEM_FAILED);
}

static void
ksem_exit_keeps_linked(void)
{
    int before = nksem(), pid;

    pid = spawn(make_and_exit_child, 0);
    CHECK(reap_all(&pid, 1) == 1);
    CHECK(nksem() == before + 1);
    s_named = sem_open("/kt_orphan", 0);
    CHECK(s_named != SEM_FAILED);
    CHECK(value_of(s_named) == 3);
    CHECK(sem_close(s_named) == 0);
    CHECK(sem_unlink("/kt_orphan") == 0);
    CHECK(nksem() == before);
}

static void
exec_helper_child(int i)
{
    static char *argv[] = {"/exechelper", 0};
    int fds[2];
    sem_t u;

    CHECK(sem_init(&u, 1, i) == 0);
    s_named = sem_open("/kt_exloop", O_CREAT | O_EXCL, 0600, 0);
    CHECK(s_named != SEM_FAILED);
    CHECK(sem_unlink("/kt_exloop") == 0);
    CHECK(pipe(fds) == 0); /* exechelper's one line goes nowhere */
    close(1);
    dup(fds[1]);
    close(fds[0]);
    close(fds[1]);
    exec(argv[0], argv);
    exit(127);
}

static void
ksem_exec_loop(void)
{
    int before = nksem(), i, pid;

    for (i = 0; i < 3 * KSEM_MAX; i++) {
        pid = spawn(exec_helper_child, i);
        CHECK(reap_all(&pid, 1) == 1);
    }
    CHECK(nksem() == before);
}

static int exec_sync[2]; /* the child says "made it" through this pipe */

static void
exec_semtool_child(int unused)
{
    static char *argv[] = {"/semtool", "wait", "/kt_gate", 0};
    sem_t u;

    (void)unused;
    CHECK(sem_init(&u, 1, 0) == 0);
    CHECK(write(exec_sync[1], "x", 1) == 1);
    close(exec_sync[0]);
    close(exec_sync[1]);
    exec(argv[0], argv);
    exit(127);
}

/* exec itself drops references: seen while the new image still runs. */
static void
ksem_exec_releases(void)
{
    int before = nksem(), pid, start;
    sem_t *gate = sem_open("/kt_gate", O_CREAT | O_EXCL, 0600, 0);
    char c;

    CHECK(gate != SEM_FAILED);
    CHECK(pipe(exec_sync) == 0);
    pid = spawn(exec_semtool_child, 0);
    CHECK(read(exec_sync[0], &c, 1) == 1); /* the child holds u now */
    close(exec_sync[0]);
    close(exec_sync[1]);
    start = uptime();
    while (nksem() != before + 1 && uptime() - start < 10 * HZ)
        sleep(1);
    CHECK(nksem() == before + 1); /* only the gate */
    CHECK(!has_exited(pid));      /* semtool still waits */
    CHECK(sem_post(gate) == 0);
    CHECK(reap_all(&pid, 1) == 1);
    CHECK(value_of(gate) == 0);
    CHECK(sem_close(gate) == 0);
    CHECK(sem_unlink("/kt_gate") == 0);
}

/* ---- concurrency ----------------------------------------------------- */

static void
create_race_child(int excl)
{
    sem_t *s;

    CHECK(sem_wait(&s_unnamed) == 0); /* start together */
    if (excl) {
        s = sem_open("/kt_race", O_CREAT | O_EXCL, 0600, 0);
        if (s == SEM_FAILED)
            exit(errno == EEXIST ? 1 : 2);
        exit(0);
    }
    s = sem_open("/kt_race", O_CREAT, 0600, 0);
    CHECK(s != SEM_FAILED);
    CHECK(sem_post(s) == 0);
    CHECK(sem_close(s) == 0);
}

#define RACERS 8
#define RACE_ROUNDS 5

/* Start RACERS create_race_child(excl) together; their wait statuses. */
static void
race(int excl, int *status)
{
    int pids[RACERS], i, j, pid;

    CHECK(sem_init(&s_unnamed, 1, 0) == 0);
    for (i = 0; i < RACERS; i++)
        pids[i] = spawn(create_race_child, excl);
    for (i = 0; i < RACERS; i++)
        CHECK(wait_sleeping(pids[i]));
    for (i = 0; i < RACERS; i++)
        CHECK(sem_post(&s_unnamed) == 0);
    for (i = 0; i < RACERS; i++) {
        pid = wait(&status[i]);
        for (j = 0; j < RACERS && pids[j] != pid; j++)
            ;
        CHECK(j < RACERS);
    }
    CHECK(sem_destroy(&s_unnamed) == 0);
}

/* Racing O_CREATs of one name make one semaphore, which all of them use. */
static void
ksem_create_race_one_semaphore(void)
{
    int status[RACERS], i, round, before = nksem();

    for (round = 0; round < RACE_ROUNDS; round++) {
        race(0, status);
        for (i = 0; i < RACERS; i++)
            CHECK(status[i] == 0);
        CHECK(nksem() == before + 1);
        s_named = sem_open("/kt_race", 0);
        CHECK(s_named != SEM_FAILED);
        CHECK(value_of(s_named) == RACERS);
        CHECK(sem_close(s_named) == 0);
        CHECK(sem_unlink("/kt_race") == 0);
        CHECK(nksem() == before);
    }
}

/* Of racing O_CREAT|O_EXCLs of one name exactly one succeeds. */
static void
ksem_create_race_excl_one_wins(void)
{
    int status[RACERS], i, round, wins, losses;

    for (round = 0; round < RACE_ROUNDS; round++) {
        race(1, status);
        wins = losses = 0;
        for (i = 0; i < RACERS; i++) {
            CHECK(WIFEXITED(status[i]));
            wins += WEXITSTATUS(status[i]) == 0;
            losses += WEXITSTATUS(status[i]) == 1;
        }
        CHECK(wins == 1 && losses == RACERS - 1);
        CHECK(sem_unlink("/kt_race") == 0);
    }
}

#define STRESS_PAIRS 20000
#define STRESS_PROCS 8

static void
stress_poster(int n)
{
    int i;

    for (i = 0; i < n; i++)
        CHECK(sem_post(&s_unnamed) == 0);
}

static void
stress_waiter(int n)
{
    int i;

    for (i = 0; i < n; i++)
        CHECK(sem_wait(&s_unnamed) == 0);
}

static void
stress_mixed(int n)
{
    int i;

    for (i = 0; i < n; i++) {
        CHECK(sem_wait(s_named) == 0);
        CHECK(sem_post(s_named) == 0);
    }
}

/*
 * 8 processes on all harts: 4 post and 4 wait 20,000 times in all on one
 * semaphore, then 8 do 20,000 wait/post pairs on one starting at 2.
 * Nothing may be lost or made up.
 */
static void
ksem_stress_multihart(void)
{
    int pids[STRESS_PROCS], i, per = STRESS_PAIRS / (STRESS_PROCS / 2);

    CHECK(sem_init(&s_unnamed, 1, 0) == 0);
    for (i = 0; i < STRESS_PROCS; i++)
        pids[i] = spawn(i % 2 ? stress_poster : stress_waiter, per);
    CHECK(reap_all(pids, STRESS_PROCS) == STRESS_PROCS);
    CHECK(value_of(&s_unnamed) == 0);
    CHECK_ERR(sem_trywait(&s_unnamed) == -1, EAGAIN);
    CHECK(sem_destroy(&s_unnamed) == 0);

    s_named = sem_open("/kt_stress", O_CREAT | O_EXCL, 0600, 2);
    CHECK(s_named != SEM_FAILED);
    for (i = 0; i < STRESS_PROCS; i++)
        pids[i] = spawn(stress_mixed, STRESS_PAIRS / STRESS_PROCS);
    CHECK(reap_all(pids, STRESS_PROCS) == STRESS_PROCS);
    CHECK(value_of(s_named) == 2);
    CHECK(sem_close(s_named) == 0);
    CHECK(sem_unlink("/kt_stress") == 0);
}

/* ---- the programs ---------------------------------------------------- */

static void
ksem_prodcons_demo(void)
{
    char *argv[] = {"/prodcons", "3", "2", "8", 0};

    CHECK(run_quiet(argv) == 0);
    CHECK_ERR(sem_open("/mutex", 0) == SEM_FAILED, ENOENT); /* cleaned up */
}

static void
ksem_semtool(void)
{
    char *create[] = {"/semtool", "create", "/kt_tool", "2", 0};
    char *trywait[] = {"/semtool", "trywait", "/kt_tool", 0};
    char *post[] = {"/semtool", "post", "/kt_tool", 0};
    char *unlink[] = {"/semtool", "unlink", "/kt_tool", 0};
    sem_t *s;

    CHECK(run_quiet(create) == 0);
    CHECK(WEXITSTATUS(run_quiet(create)) == 1); /* exists */
    CHECK(run_quiet(trywait) == 0);
    CHECK(run_quiet(trywait) == 0);
    CHECK(WEXITSTATUS(run_quiet(trywait)) == 1); /* would block */
    CHECK(run_quiet(post) == 0);
    s = sem_open("/kt_tool", 0);
    CHECK(s != SEM_FAILED);
    CHECK(value_of(s) == 1);
    CHECK(sem_close(s) == 0);
    CHECK(run_quiet(unlink) == 0);
    CHECK_ERR(sem_open("/kt_tool", 0) == SEM_FAILED, ENOENT);
}

static struct test ksem_tests[] = {
    {"ksem_init_getvalue", ksem_init_getvalue, QUICK},
    {"ksem_value_accounting", ksem_value_accounting, QUICK},
    {"ksem_trywait_at_zero", ksem_trywait_at_zero, QUICK},
    {"ksem_init_value_too_big", ksem_init_value_too_big, QUICK},
    {"ksem_open_value_too_big", ksem_open_value_too_big, QUICK},
    {"ksem_post_overflow", ksem_post_overflow, QUICK},
    {"ksem_name_malformed", ksem_name_malformed, QUICK},
    {"ksem_name_too_long", ksem_name_too_long, QUICK},
    {"ksem_open_missing", ksem_open_missing, QUICK},
    {"ksem_open_excl_exists", ksem_open_excl_exists, QUICK},
    {"ksem_open_creat_existing", ksem_open_creat_existing, QUICK},
    {"ksem_same_name_same_sem", ksem_same_name_same_sem, QUICK},
    {"ksem_same_name_same_id", ksem_same_name_same_id, QUICK},
    {"ksem_unlink_missing", ksem_unlink_missing, QUICK},
    {"ksem_unlink_while_open", ksem_unlink_while_open, QUICK},
    {"ksem_recreate_after_unlink", ksem_recreate_after_unlink, QUICK},
    {"ksem_named_persists_after_close", ksem_named_persists_after_close, QUICK},
    {"ksem_destroy_named", ksem_destroy_named, QUICK},
    {"ksem_close_unnamed", ksem_close_unnamed, QUICK},
    {"ksem_bad_id", ksem_bad_id, QUICK},
    {"ksem_destroy_then_use", ksem_destroy_then_use, QUICK},
    {"ksem_stale_id", ksem_stale_id, QUICK},
    {"ksem_bad_pointers", ksem_bad_pointers, QUICK},
    {"ksem_ref_limit", ksem_ref_limit, SLOW},
    {"ksem_enfile_and_recovery", ksem_enfile_and_recovery, QUICK},
    {"ksem_open_eacces_owner_only", ksem_open_eacces_owner_only, QUICK},
    {"ksem_open_permission_classes", ksem_open_permission_classes, QUICK},
    {"ksem_open_owner_bits", ksem_open_owner_bits, QUICK},
    {"ksem_unlink_not_owner", ksem_unlink_not_owner, QUICK},
    {"ksem_root_unlinks_any", ksem_root_unlinks_any, QUICK},
    {"ksem_post_wakes", ksem_post_wakes, QUICK},
    {"ksem_many_waiters_each_once", ksem_many_waiters_each_once, QUICK},
    {"ksem_destroy_busy", ksem_destroy_busy, QUICK},
    {"ksem_kill_waiter", ksem_kill_waiter, QUICK},
    {"ksem_kill_race_waiters", ksem_kill_race_waiters, SLOW},
    {"ksem_lifetime_unlink_close_exit", ksem_lifetime_unlink_close_exit, QUICK},
    {"ksem_no_leak_open_unlink_exit", ksem_no_leak_open_unlink_exit, SLOW},
    {"ksem_fork_inherits_unnamed", ksem_fork_inherits_unnamed, QUICK},
    {"ksem_fork_inherits_named", ksem_fork_inherits_named, QUICK},
    {"ksem_child_destroy_keeps_parent", ksem_child_destroy_keeps_parent, QUICK},
    {"ksem_exit_releases", ksem_exit_releases, SLOW},
    {"ksem_exit_keeps_linked", ksem_exit_keeps_linked, QUICK},
    {"ksem_exec_loop", ksem_exec_loop, SLOW},
    {"ksem_exec_releases", ksem_exec_releases, QUICK},
    {"ksem_create_race_one_semaphore", ksem_create_race_one_semaphore, QUICK},
    {"ksem_create_race_excl_one_wins", ksem_create_race_excl_one_wins, QUICK},
    {"ksem_stress_multihart", ksem_stress_multihart, SLOW},
    {"ksem_prodcons_demo", ksem_prodcons_demo, SLOW},
    {"ksem_semtool", ksem_semtool, QUICK},
};

struct suite ksem_suite = SUITE("ksem", ksem_tests);
