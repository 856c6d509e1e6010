/*
 * Page-table suite: vmprint, the shared page behind getpid() and
 * uptime(), and pgaccess (kernel/pgtbl.c, the pgtbl lab).
 *
 * Design      vmprint's text is parsed back into ranges and checked
 *             for what a description must be (sorted, each line's page
 *             count its size, no two neighbours that should have been
 *             one line) and for the layout exec builds, on a process
 *             whose layout is known: `cat` exec'd with a pipe on stdin,
 *             blocked in read.  pgaccess is checked on heap pages this
 *             process has written first (so they are its own, not
 *             shared copy-on-write with the runner).
 * Origins     Written for Kite.
 */
#include "tests/testlib.h"

#define PGSIZE 4096

#define MAXLINES 160
#define TEXTMAX 4096

struct range {
    unsigned long start, end;
    char perm[8];
    long npages;
};

static char text[TEXTMAX];
static struct range r[MAXLINES];

static unsigned long
hex(const char **sp)
{
    const char *s = *sp;
    unsigned long v = 0;
    CHECK(s[0] == '0' && s[1] == 'x');
    for (s += 2;; s++) {
        int d = *s >= '0' && *s <= '9'   ? *s - '0'
                : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10
                                         : -1;
        if (d < 0)
            break;
        v = v * 16 + d;
    }
    *sp = s;
    return v;
}

/* Describe pid with vmprint and parse it into r[].  Checks what every
 * description must be.  Returns: the number of lines. */
static int
describe(int pid, int flags)
{
    int len = vmprint(pid, text, sizeof(text), flags);
    CHECK(len > 0 && len < TEXTMAX);
    CHECK((int)strlen(text) == len && text[len - 1] == '\n');
    int n = 0;
    for (const char *s = text; *s; n++) {
        CHECK(n < MAXLINES);
        r[n].start = hex(&s);
        CHECK(*s++ == '-');
        r[n].end = hex(&s);
        CHECK(*s++ == ' ');
        for (int i = 0; i < 6; i++)
            r[n].perm[i] = *s++;
        r[n].perm[6] = 0;
        CHECK(*s++ == ' ');
        r[n].npages = strtol(s, (char **)&s, 10);
        CHECK(*s++ == '\n');
        CHECK(r[n].start % PGSIZE == 0 && r[n].end > r[n].start);
        CHECK(r[n].npages == (long)((r[n].end - r[n].start) / PGSIZE));
        if (n > 0) {
            CHECK(r[n].start >= r[n - 1].end); /* sorted */
            /* collapsed: a neighbour with the same bits joins the line */
            CHECK(r[n].start != r[n - 1].end ||
                  strcmp(r[n].perm, r[n - 1].perm) != 0);
        }
    }
    return n;
}

/* Start `cat` with a pipe on its stdin and one on its stdout, and wait
 * until it has echoed a byte: it has exec'd and sits in read. */
static int
start_cat(int *in, int *out)
{
    int a[2], b[2];
    CHECK(pipe(a) == 0 && pipe(b) == 0);
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(0);
        dup(a[0]);
        close(1);
        dup(b[1]);
        close(a[0]), close(a[1]), close(b[0]), close(b[1]);
        char *argv[] = {"cat", 0};
        exec("/cat", argv);
        exit(1);
    }
    close(a[0]);
    close(b[1]);
    char c = 'x';
    CHECK(write(a[1], &c, 1) == 1);
    CHECK(read(b[0], &c, 1) == 1 && c == 'x');
    *in = a[1];
    *out = b[0];
    return pid;
}

static void
stop_cat(int pid, int in, int out)
{
    close(in);
    close(out);
    CHECK(test_wait_status(pid) == 0);
}

/* Index of the line that starts at va, or -1. */
static int
line_at(int n, unsigned long va)
{
    for (int i = 0; i < n; i++)
        if (r[i].start == va)
            return i;
    return -1;
}

static void
pgtbl_vmprint_layout(void)
{
    int in, out;
    int pid = start_cat(&in, &out);
    int n = describe(pid, 0);
    /* page 0: no user access; text from 0x1000 */
    CHECK(r[0].start == 0 && r[0].end == 0x1000 && r[0].perm[3] == '-');
    int t = line_at(n, 0x1000);
    CHECK(t == 1 && strcmp(r[t].perm, "r-xu--") == 0);
    /* data: writable, after the text */
    CHECK(strcmp(r[2].perm, "rw-u--") == 0 && r[2].start == r[1].end);
    /* the guard page, then stack and heap as one line */
    CHECK(strcmp(r[3].perm, "rw----") == 0 && r[3].npages == 1);
    CHECK(r[4].start == r[3].end && strcmp(r[4].perm, "rw-u--") == 0);
    CHECK(r[4].npages >= USTACK_PAGES);
    /* the shared page, last; nothing of the kernel half */
    CHECK(n == 6);
    CHECK(r[5].start == USYSPAGE_ADDR && r[5].end == USYSPAGE_ADDR + PGSIZE);
    CHECK(strcmp(r[5].perm, "r--u--") == 0);
    /* the kernel half, on request: global, never user */
    int k = describe(pid, VMPRINT_KERNEL);
    CHECK(k > n && r[n].start >= 0x80000000UL);
    for (int i = n; i < k; i++)
        CHECK(r[i].perm[3] == '-' && r[i].perm[4] == 'g');
    stop_cat(pid, in, out);
}

/* The heap grows the stack's line; pid 0 is the caller; a short
 * buffer gets a NUL-terminated prefix and the full length. */
static void
pgtbl_vmprint_self_and_truncation(void)
{
    char *p = sbrk(5 * PGSIZE);
    CHECK(p != (char *)-1);
    for (int i = 0; i < 5; i++)
        p[i * PGSIZE] = 1; /* our own pages now, not copy-on-write */
    int n = describe(0, 0), found = 0;
    for (int i = 0; i < n; i++)
        if (r[i].start <= (unsigned long)p &&
            r[i].end >= (unsigned long)p + 5 * PGSIZE)
            found = strcmp(r[i].perm, "rw-u--") == 0;
    CHECK(found);
    static char full[TEXTMAX];
    char small[16];
    /* Once to make the pages both writes touch our own (after fork they
     * are copy-on-write, shown without w), then compare. */
    vmprint(getpid(), full, sizeof(full), 0);
    describe(0, 0);
    int len = vmprint(getpid(), full, sizeof(full), 0);
    CHECK(len == (int)strlen(text) && strcmp(full, text) == 0);
    memset(small, 'z', sizeof(small));
    CHECK(vmprint(0, small, 10, 0) == len);
    CHECK(small[9] == 0 && strncmp(small, full, 9) == 0 && small[10] == 'z');
    CHECK(vmprint(0, small, 0, 0) == len && small[0] == full[0]);
}

static void
vmprint_as_user(void)
{
    char buf[64];
    if (vmprint(1, buf, sizeof(buf), 0) != -1 || errno != EPERM)
        exit(2);
    if (vmprint(getppid(), buf, sizeof(buf), 0) != -1 || errno != EPERM)
        exit(3);
    if (vmprint(0, buf, sizeof(buf), 0) <= 0)
        exit(4);
    if (vmprint(getpid(), buf, sizeof(buf), 0) <= 0)
        exit(5);
    exit(0);
}

static void
pgtbl_vmprint_errors(void)
{
    char buf[64];
    CHECK(test_run_as(1, vmprint_as_user) == 0);
    CHECK(vmprint(1, buf, sizeof(buf), 0) > 0); /* root: any process */
    CHECK_ERR(vmprint(0x7fffffff, buf, sizeof(buf), 0) == -1, ESRCH);
    CHECK_ERR(vmprint(0, buf, sizeof(buf), 2) == -1, EINVAL);
    CHECK_ERR(vmprint(0, buf, -1, 0) == -1, EINVAL);
    CHECK_ERR(vmprint(0, (char *)0x80000000UL, 64, 0) == -1, EFAULT);
    CHECK_ERR(vmprint(0, 0, 64, 0) == -1, EFAULT);
}

/* Instructions are not countable from user mode under QEMU, so time
 * both loops and keep the best of a few rounds. */
static unsigned long
time_loop(int (*f)(void), int n)
{
    unsigned long best = ~0UL;
    for (int round = 0; round < 5; round++) {
        unsigned long t0, t1;
        asm volatile("rdtime %0" : "=r"(t0));
        for (int i = 0; i < n; i++)
            f();
        asm volatile("rdtime %0" : "=r"(t1));
        best = t1 - t0 < best ? t1 - t0 : best;
    }
    return best;
}

static void
pgtbl_getpid_without_trap(void)
{
    CHECK(getpid() == raw_getpid());
    CHECK(USYS->pid == raw_getpid());
    /* the library's getpid is its own code, not the system-call stub */
    CHECK((void *)getpid != (void *)raw_getpid);
    CHECK((void *)uptime != (void *)raw_uptime);
    unsigned long fast = time_loop(getpid, 2000);
    unsigned long slow = time_loop(raw_getpid, 2000);
    CHECK(fast * 4 < slow);
}

static void
pgtbl_uptime_from_page(void)
{
    int a = raw_uptime();
    int b = uptime();
    int c = raw_uptime();
    CHECK(a <= b && b <= c);
    CHECK(sleep(3) == 0);
    CHECK(uptime() >= a + 3);
    /* It moves while the process computes, with no system call: a tick
     * interrupts it and the return to user mode stores the count. */
    unsigned long t0 = USYS->ticks, now, start;
    asm volatile("rdtime %0" : "=r"(start));
    do {
        asm volatile("rdtime %0" : "=r"(now));
    } while (USYS->ticks < t0 + 3 && now - start < 100000000UL);
    CHECK(USYS->ticks >= t0 + 3);
    CHECK((int)USYS->ticks <= raw_uptime());
}

static void
store_to_page(void)
{
    *(volatile int *)USYSPAGE_ADDR = 12345;
    exit(0);
}

static void
pgtbl_shared_page_read_only(void)
{
    CHECK(USYS->pid == raw_getpid()); /* readable */
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        store_to_page();
    int st = test_wait_status(pid);
    CHECK(WIFSIGNALED(st));
    CHECK(getpid() == raw_getpid()); /* and ours is intact */
}

static void
pgtbl_shared_page_fork_exec(void)
{
    int parent = getpid();
    int p[2];
    CHECK(pipe(p) == 0);
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        /* the child's own page (not the parent's, not copy-on-write) */
        if (getpid() == parent || getpid() != raw_getpid())
            exit(2);
        int n = describe(0, 0);
        if (r[n - 1].start != USYSPAGE_ADDR ||
            strcmp(r[n - 1].perm, "r--u--") != 0)
            exit(3);
        close(1);
        dup(p[1]);
        close(p[0]), close(p[1]);
        char *argv[] = {"exechelper", 0};
        exec("/exechelper", argv); /* prints getpid() of the new image */
        exit(4);
    }
    close(p[1]);
    char buf[64];
    int n = 0, k;
    while (n < (int)sizeof(buf) - 1 && (k = read(p[0], buf + n, 1)) == 1 &&
           buf[n] != ' ')
        n++;
    buf[n] = 0;
    close(p[0]);
    CHECK(test_wait_status(pid) == 0);
    CHECK(atoi(buf) == pid);
    CHECK(getpid() == parent && USYS->pid == parent);
}

#define NP 32

/* NP heap pages, each written once (our own, A set). */
static char *
heap_pages(void)
{
    char *p = sbrk(NP * PGSIZE);
    CHECK(p != (char *)-1);
    for (int i = 0; i < NP; i++)
        p[i * PGSIZE] = i;
    return p;
}

static void
pgtbl_pgaccess_marks_touched(void)
{
    unsigned long mask = 0;
    char *p = heap_pages();
    CHECK(pgaccess(p, NP, &mask) == 0);
    CHECK(mask == (1UL << NP) - 1); /* all written just now */
    CHECK(pgaccess(p, NP, &mask) == 0);
    CHECK(mask == 0); /* cleared, nothing touched since */
    p[1 * PGSIZE] += 1;
    volatile char c = p[5 * PGSIZE + 100]; /* a read counts too */
    (void)c;
    p[17 * PGSIZE + 4095] = 7;
    p[31 * PGSIZE] = 1;
    CHECK(pgaccess(p, NP, &mask) == 0);
    CHECK(mask == ((1UL << 1) | (1UL << 5) | (1UL << 17) | (1UL << 31)));
    CHECK(pgaccess(p + 17 * PGSIZE, 1, &mask) == 0 && mask == 0);
    /* a window: bit i is page addr + i pages */
    p[20 * PGSIZE] = 1;
    CHECK(pgaccess(p + 16 * PGSIZE, 8, &mask) == 0 && mask == (1UL << 4));
}

static void
pgtbl_pgaccess_errors(void)
{
    unsigned long mask = 0;
    char *p = heap_pages();
    CHECK_ERR(pgaccess(p + 1, 1, &mask) == -1, EINVAL);
    CHECK_ERR(pgaccess(p, 0, &mask) == -1, EINVAL);
    CHECK_ERR(pgaccess(p, PGACCESS_MAX + 1, &mask) == -1, EINVAL);
    CHECK_ERR(pgaccess(p, -1, &mask) == -1, EINVAL);
    char *brk = sbrk(0);
    CHECK_ERR(pgaccess(brk, 1, &mask) == -1, EFAULT);
    CHECK_ERR(pgaccess(brk - PGSIZE, 2, &mask) == -1, EFAULT);
    CHECK_ERR(pgaccess((void *)0x80000000UL, 1, &mask) == -1, EFAULT);
    CHECK_ERR(pgaccess(0, 1, &mask) == -1, EFAULT); /* page 0: no U */
    /* a bad mask pointer: EFAULT, and nothing is cleared */
    CHECK(pgaccess(p, NP, &mask) == 0);
    p[3 * PGSIZE] = 1;
    CHECK_ERR(pgaccess(p, NP, (unsigned long *)0x80000000UL) == -1, EFAULT);
    CHECK(pgaccess(p, NP, &mask) == 0 && mask == (1UL << 3));
    /* the shared page may be asked about: it is the process's own */
    CHECK(pgaccess((void *)USYSPAGE_ADDR, 1, &mask) == 0);
}

/* After fork the leaf tables are shared: the child clearing its bits
 * must not clear the parent's.  The pages lie in a 2 MiB span (one leaf
 * table) of their own, which nothing else writes: a write to the stack
 * (the mask) copies only the stack's leaf table. */
static void
pgtbl_pgaccess_after_fork(void)
{
    unsigned long mask = 0, span = 2UL << 20;
    unsigned long brk = (unsigned long)sbrk(0);
    CHECK(sbrk((brk + span - 1) / span * span - brk) != (char *)-1);
    char *p = heap_pages();
    CHECK((unsigned long)p % span == 0);
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        if (pgaccess(p, NP, &mask) != 0 || mask != (1UL << NP) - 1)
            exit(2);
        if (pgaccess(p, NP, &mask) != 0 || mask != 0)
            exit(3);
        exit(0);
    }
    CHECK(test_wait_status(pid) == 0);
    CHECK(pgaccess(p, NP, &mask) == 0 && mask == (1UL << NP) - 1);
    CHECK(pgaccess(p, NP, &mask) == 0 && mask == 0);
}

static struct test pgtbl_tests[] = {
    {"pgtbl_vmprint_layout", pgtbl_vmprint_layout, QUICK},
    {"pgtbl_vmprint_self_and_truncation", pgtbl_vmprint_self_and_truncation,
     QUICK},
    {"pgtbl_vmprint_errors", pgtbl_vmprint_errors, QUICK},
    {"pgtbl_getpid_without_trap", pgtbl_getpid_without_trap, QUICK},
    {"pgtbl_uptime_from_page", pgtbl_uptime_from_page, QUICK},
    {"pgtbl_shared_page_read_only", pgtbl_shared_page_read_only, QUICK},
    {"pgtbl_shared_page_fork_exec", pgtbl_shared_page_fork_exec, QUICK},
    {"pgtbl_pgaccess_marks_touched", pgtbl_pgaccess_marks_touched, QUICK},
    {"pgtbl_pgaccess_errors", pgtbl_pgaccess_errors, QUICK},
    {"pgtbl_pgaccess_after_fork", pgtbl_pgaccess_after_fork, QUICK},
};

struct suite pgtbl_suite = SUITE("pgtbl", pgtbl_tests);
