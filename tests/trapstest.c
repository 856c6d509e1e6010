/*
 * Traps suite: the kernel call chain a system call sees (kbacktrace)
 * and alarms (sigalarm, sigreturn; kernel/trap.c, doc/traps.md).
 *
 * Design      Alarms count ticks of the process's CPU time, so every
 *             test spins (never sleeps) while it waits for them, and
 *             bounds its wait by uptime() so that a kernel that never
 *             calls the handler fails in seconds.  Counts are checked
 *             against the ticks that passed with loose bounds: the
 *             process cannot run more ticks than pass, and on a busy
 *             host it may run fewer.
 *             The register tests are written in assembly: the main
 *             loop holds a known value in every register while the
 *             handler overwrites every register it can before it
 *             calls sigreturn, so a register the kernel does not put
 *             back, a0 included, shows.  They run in a child with a
 *             watchdog, since a loop whose alarm never comes never
 *             ends by itself.
 *             exec's reset runs tests/alarmexec, a program that spins
 *             for a while and exits 0: an alarm that survived exec
 *             would jump to an address of this program in that one.
 * Origins     Written for Kite.
 */
#include "tests/testlib.h"

#define WAIT_TICKS 300 /* 3 s: the longest any wait for alarms may take */

static volatile int calls; /* handler calls */

static void
count_handler(void)
{
    calls++;
    sigreturn();
}

/* Spin until cond_calls handler calls, or WAIT_TICKS pass.
 * Returns: 1 if they came. */
static int
spin_until_calls(int n)
{
    int end = uptime() + WAIT_TICKS;
    while (calls < n && uptime() < end)
        for (volatile int i = 0; i < 1000; i++)
            ;
    return calls >= n;
}

/* Spin for n ticks of uptime. */
static void
spin_ticks(int n)
{
    int end = uptime() + n;
    while (uptime() < end)
        for (volatile int i = 0; i < 1000; i++)
            ;
}

/* ---- kbacktrace ---------------------------------------------------- */

/* The chain of a system call: sys_kbacktrace, called by syscall, called
 * by usertrap, which uservec jumped to (the end of the chain). */
static void
traps_kbacktrace_names(void)
{
    char buf[512];
    const char *want[] = {"sys_kbacktrace", "syscall", "usertrap"};
    memset(buf, 'x', sizeof(buf));
    int n = kbacktrace(buf, sizeof(buf));
    if (n != 3)
        printf("kbacktrace: %d names:\n%s", n, n >= 0 ? buf : "");
    CHECK(n == 3);
    char *p = buf;
    for (int i = 0; i < 3; i++) {
        int len = strlen(want[i]);
        CHECK(strncmp(p, want[i], len) == 0 && p[len] == '\n');
        p += len + 1;
    }
    CHECK(*p == 0);
}

/* Whole names only, always NUL-terminated; bad arguments are errors. */
static void
traps_kbacktrace_bounds(void)
{
    char buf[64];
    memset(buf, 'x', sizeof(buf));
    CHECK(kbacktrace(buf, 16) == 1); /* "sys_kbacktrace\n" and 0 */
    CHECK(strcmp(buf, "sys_kbacktrace\n") == 0);
    memset(buf, 'x', sizeof(buf));
    CHECK(kbacktrace(buf, 15) == 0);
    CHECK(buf[0] == 0 && buf[1] == 'x');
    CHECK_ERR(kbacktrace(buf, 0) == -1, EINVAL);
    CHECK_ERR(kbacktrace((char *)0, 64) == -1, EFAULT);
    CHECK_ERR(kbacktrace((char *)0x80200000L, 64) == -1, EFAULT);
}

/* ---- sigalarm: counting ------------------------------------------- */

/* About one call per N ticks of CPU: at least a few, never more than
 * the ticks that passed allow. */
static void
traps_alarm_count(void)
{
    calls = 0;
    CHECK(sigalarm(3, count_handler) == 0);
    int t0 = uptime();
    spin_ticks(60);
    int got = calls, passed = uptime() - t0;
    CHECK(sigalarm(0, 0) == 0);
    if (got < 4 || got > passed / 3 + 1)
        printf("alarm every 3 ticks: %d calls in %d ticks\n", got, passed);
    CHECK(got >= 4);
    CHECK(got <= passed / 3 + 1);
}

/* Ticks spent asleep are no CPU time: an alarm every 20 ticks set
 * before a sleep of 40 is not due when the sleep ends, and comes only
 * after about 20 more ticks of running. */
static void
traps_alarm_cpu_time_only(void)
{
    calls = 0;
    CHECK(sigalarm(20, count_handler) == 0);
    sleep(40);
    int asleep = calls, t0 = uptime();
    CHECK(spin_until_calls(1));
    int ran = uptime() - t0;
    CHECK(sigalarm(0, 0) == 0);
    if (asleep != 0 || ran < 10)
        printf("alarm every 20 ticks: %d calls while asleep 40, the "
               "first after %d ticks of running\n",
               asleep, ran);
    CHECK(asleep == 0);
    CHECK(ran >= 10);
}

/* sigalarm(0, 0) stops the calls; bad tick counts are EINVAL. */
static void
traps_alarm_stop(void)
{
    calls = 0;
    CHECK_ERR(sigalarm(-1, count_handler) == -1, EINVAL);
    CHECK(sigalarm(1, count_handler) == 0);
    CHECK(spin_until_calls(3));
    CHECK(sigalarm(0, 0) == 0);
    int stopped = calls;
    spin_ticks(20);
    CHECK(calls == stopped);
    CHECK_ERR(sigreturn() == -1, EINVAL); /* no handler runs */
}

/* ---- sigalarm: the handler ---------------------------------------- */

static volatile int in_handler, reentered, slow_calls;

/* Runs longer than the alarm's period (1 tick) the first few times. */
static void
slow_handler(void)
{
    if (in_handler)
        reentered = 1;
    in_handler = 1;
    if (++slow_calls <= 3)
        spin_ticks(4);
    in_handler = 0;
    sigreturn();
}

static void
traps_alarm_not_reentered(void)
{
    CHECK(sigalarm(1, slow_handler) == 0);
    int end = uptime() + WAIT_TICKS;
    while (slow_calls < 5 && uptime() < end)
        ;
    CHECK(sigalarm(0, 0) == 0);
    CHECK(slow_calls >= 5);
    CHECK(!reentered);
}

/* The interrupted computation goes on as if nothing happened: the
 * handler's sigreturn resumes it, with its locals intact. */
static void
traps_alarm_resumes_computation(void)
{
    calls = 0;
    CHECK(sigalarm(1, count_handler) == 0);
    uint64 x = 1, sum = 0;
    long rounds = 0;
    int end = uptime() + WAIT_TICKS;
    while (calls < 10 && uptime() < end) {
        for (int i = 0; i < 1000; i++) {
            x = x * 6364136223846793005UL + 1442695040888963407UL;
            sum += x >> 33;
        }
        rounds++;
    }
    CHECK(sigalarm(0, 0) == 0);
    CHECK(calls >= 10);
    uint64 y = 1, want = 0;
    for (long r = 0; r < rounds * 1000; r++) {
        y = y * 6364136223846793005UL + 1442695040888963407UL;
        want += y >> 33;
    }
    CHECK(x == y && sum == want);
}

/* ---- sigalarm: every register ------------------------------------- */

/* Shared with the assembly below: offsets are fixed. */
struct regblock {
    long left;         /*   0: alarms still to come; the loop ends at 0 */
    long pad;          /*   8 */
    long saved[16];    /*  16: the caller's ra sp gp tp s0..s11 */
    long after[32];    /* 144: x0..x31 when the loop ended */
    long stacktop;     /* 400: sp during the loop (the handler's too) */
    long fafter[33];   /* 408: f0..f31 and fcsr when the loop ended */
    char stack[16384]; /* the loop's stack */
};

static struct regblock regs __attribute__((aligned(16), used));

void trap_regs_loop(struct regblock *b);
void trap_fregs_loop(struct regblock *b);
void trap_scramble_handler(void);

/* The value the loop keeps in register xN (a pattern no code makes). */
#define XVAL(n) (0x5eed000000000000L + ((long)(n) << 32) + (n)*0x1111L)
#define FVAL(n) (0x3ff0c0de00000000L + ((long)(n) << 20) + (n))
#define FCSR_VAL 0x41 /* rounding mode 2 (down), the NX flag */

/* x1 and x3..x29 get XVAL; sp the block's stack; t5 (x30) reads
 * b->left until it is 0; t6 (x31) holds b. */
asm(".text\n"
    ".globl trap_regs_loop\n"
    "trap_regs_loop:\n"
    "  mv t6, a0\n"
    "  sd ra, 16(t6)\n  sd sp, 24(t6)\n  sd gp, 32(t6)\n  sd tp, 40(t6)\n"
    "  sd s0, 48(t6)\n  sd s1, 56(t6)\n  sd s2, 64(t6)\n  sd s3, 72(t6)\n"
    "  sd s4, 80(t6)\n  sd s5, 88(t6)\n  sd s6, 96(t6)\n  sd s7, 104(t6)\n"
    "  sd s8, 112(t6)\n  sd s9, 120(t6)\n  sd s10, 128(t6)\n"
    "  sd s11, 136(t6)\n"
    "  ld sp, 400(t6)\n"
    ".irp n,1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,"
    "25,26,27,28,29\n"
    "  li x\\n, 0x5eed000000000000 + (\\n << 32) + \\n * 0x1111\n"
    ".endr\n"
    "1:ld t5, 0(t6)\n"
    "  bnez t5, 1b\n"
    ".irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,"
    "23,24,25,26,27,28,29,30,31\n"
    "  sd x\\n, 144 + 8 * \\n(t6)\n"
    ".endr\n"
    "  ld ra, 16(t6)\n  ld sp, 24(t6)\n  ld gp, 32(t6)\n  ld tp, 40(t6)\n"
    "  ld s0, 48(t6)\n  ld s1, 56(t6)\n  ld s2, 64(t6)\n  ld s3, 72(t6)\n"
    "  ld s4, 80(t6)\n  ld s5, 88(t6)\n  ld s6, 96(t6)\n  ld s7, 104(t6)\n"
    "  ld s8, 112(t6)\n  ld s9, 120(t6)\n  ld s10, 128(t6)\n"
    "  ld s11, 136(t6)\n"
    "  ret\n"
    /* The same with f0..f31 and fcsr (x registers as above). */
    ".globl trap_fregs_loop\n"
    "trap_fregs_loop:\n"
    "  mv t6, a0\n"
    ".irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,"
    "23,24,25,26,27,28,29,30,31\n"
    "  li t0, 0x3ff0c0de00000000 + (\\n << 20) + \\n\n"
    "  fmv.d.x f\\n, t0\n"
    ".endr\n"
    "  li t0, 0x41\n"
    "  fscsr t0\n"
    "  li t0, 0x7eed\n"
    "1:ld t5, 0(t6)\n"
    "  bnez t5, 1b\n"
    ".irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,"
    "23,24,25,26,27,28,29,30,31\n"
    "  fsd f\\n, 408 + 8 * \\n(t6)\n"
    ".endr\n"
    "  frcsr t1\n"
    "  sd t1, 408 + 8 * 32(t6)\n"
    "  sd t0, 144 + 8 * 5(t6)\n"
    "  ret\n"
    /* The handler: one alarm less, then every register but x0 another
     * value (sp too: lower, so the loop's stack is not overwritten), and
     * f0..f31 and fcsr zero, then sigreturn. */
    ".globl trap_scramble_handler\n"
    "trap_scramble_handler:\n"
    "  la t0, regs\n"
    "  ld t1, 0(t0)\n"
    "  addi t1, t1, -1\n"
    "  sd t1, 0(t0)\n"
    "  addi sp, sp, -256\n"
    ".irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,"
    "23,24,25,26,27,28,29,30,31\n"
    "  fmv.d.x f\\n, zero\n"
    ".endr\n"
    "  fscsr zero\n"
    ".irp n,1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,"
    "25,26,27,28,29,30,31\n"
    "  li x\\n, -\\n\n"
    ".endr\n"
    "  li a7, 69\n"
    "  ecall\n"
    "  ebreak\n");

/* Wait for pid, killing it if it runs WAIT_TICKS (a watchdog process:
 * waitpid's WNOHANG is the exit lab's).  Returns: its exit status, or
 * -1 if it did not exit by itself. */
static int
wait_watched(int pid)
{
    int dog = fork();
    CHECK(dog >= 0);
    if (dog == 0) {
        sleep(WAIT_TICKS);
        kill(pid);
        exit(0);
    }
    int status = test_wait_status(pid);
    kill(dog);
    test_wait_status(dog);
    if (!WIFEXITED(status)) {
        printf("the register loop: killed (status %p): no end after %d "
               "ticks?\n",
               status, WAIT_TICKS);
        return -1;
    }
    return WEXITSTATUS(status);
}

static void
traps_alarm_registers_exact(void)
{
    memset(&regs, 0, sizeof(regs));
    regs.left = 3;
    regs.stacktop = (long)(regs.stack + sizeof(regs.stack));
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        if (sigalarm(1, trap_scramble_handler) < 0)
            exit(3);
        trap_regs_loop(&regs);
        sigalarm(0, 0);
        int bad = 0;
        for (int n = 1; n < 32; n++) {
            long want = n == 2    ? regs.stacktop
                        : n == 30 ? 0
                        : n == 31 ? (long)&regs
                                  : XVAL(n);
            if (regs.after[n] != want) {
                printf("x%d is %p, not %p\n", n, regs.after[n], want);
                bad = 1;
            }
        }
        exit(bad);
    }
    CHECK(wait_watched(pid) == 0);
}

static void
traps_alarm_fp_exact(void)
{
    memset(&regs, 0, sizeof(regs));
    regs.left = 3;
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        if (sigalarm(1, trap_scramble_handler) < 0)
            exit(3);
        trap_fregs_loop(&regs);
        sigalarm(0, 0);
        int bad = 0;
        for (int n = 0; n < 32; n++)
            if (regs.fafter[n] != FVAL(n)) {
                printf("f%d is %p, not %p\n", n, regs.fafter[n], FVAL(n));
                bad = 1;
            }
        if (regs.fafter[32] != FCSR_VAL) {
            printf("fcsr is %p, not %p\n", regs.fafter[32], FCSR_VAL);
            bad = 1;
        }
        if (regs.after[5] != 0x7eed) {
            printf("t0 is %p, not 0x7eed\n", regs.after[5]);
            bad = 1;
        }
        exit(bad);
    }
    CHECK(wait_watched(pid) == 0);
}

/* ---- sigalarm: processes ------------------------------------------ */

/* A handler address the process cannot run kills it, not the kernel,
 * not its parent. */
static void
traps_alarm_bad_handler_kills(void)
{
    static const long bad[] = {0x80200000L, 0x3fffff0000L, 0x7fff000L};
    for (int i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++) {
        int pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            if (sigalarm(1, (void (*)(void))bad[i]) < 0)
                exit(3);
            spin_ticks(WAIT_TICKS);
            exit(0); /* the alarm never came */
        }
        int status = test_wait_status(pid);
        CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    }
}

/* fork: the child starts with no alarm; the parent keeps its own. */
static void
traps_alarm_not_inherited(void)
{
    calls = 0;
    CHECK(sigalarm(1, count_handler) == 0);
    CHECK(spin_until_calls(1));
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        int before = calls;
        spin_ticks(20);
        exit(calls != before);
    }
    int mine = calls;
    CHECK(spin_until_calls(mine + 2));
    CHECK(test_wait_status(pid) == 0);
    CHECK(sigalarm(0, 0) == 0);
}

/* exec: the new program has no alarm (alarmexec spins 20 ticks). */
static void
traps_alarm_exec_resets(void)
{
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        char *argv[] = {"alarmexec", 0};
        calls = 0;
        if (sigalarm(1, count_handler) < 0 || !spin_until_calls(2))
            exit(3); /* first, alarms must work here */
        exec("/alarmexec", argv);
        exit(4);
    }
    int status = test_wait_status(pid);
    if (status != 0)
        printf("alarmexec: wait status %p\n", status);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static struct test traps_tests[] = {
    {"traps_kbacktrace_names", traps_kbacktrace_names, QUICK},
    {"traps_kbacktrace_bounds", traps_kbacktrace_bounds, QUICK},
    {"traps_alarm_count", traps_alarm_count, QUICK},
    {"traps_alarm_cpu_time_only", traps_alarm_cpu_time_only, QUICK},
    {"traps_alarm_stop", traps_alarm_stop, QUICK},
    {"traps_alarm_not_reentered", traps_alarm_not_reentered, QUICK},
    {"traps_alarm_resumes_computation", traps_alarm_resumes_computation, QUICK},
    {"traps_alarm_registers_exact", traps_alarm_registers_exact, QUICK},
    {"traps_alarm_fp_exact", traps_alarm_fp_exact, QUICK},
    {"traps_alarm_bad_handler_kills", traps_alarm_bad_handler_kills, QUICK},
    {"traps_alarm_not_inherited", traps_alarm_not_inherited, QUICK},
    {"traps_alarm_exec_resets", traps_alarm_exec_resets, QUICK},
};

struct suite traps_suite = SUITE("traps", traps_tests);
