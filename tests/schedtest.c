/*
 * Scheduling suite: CPU ticks per process, tickets, and the shares
 * that stride scheduling gives (kernel/sched.c).
 *
 * Design      Shares are measured in the guest's own currency: the CPU
 *             ticks the kernel counts for each process
 *             (schedctl(SCHED_CPUTICKS, pid)) over a window of `ticks`
 *             read with uptime(), never wall time on the host.  A
 *             host that is slow or busy changes how much work a tick
 *             holds, not how ticks are divided.
 *             Spinners start together: each waits on a gate pipe until
 *             the parent closes it.  They run more of them than there
 *             are harts (NCPU at most), in groups, so that no
 *             process's share could exceed one hart: proportional
 *             shares are then possible on 1 hart as on 8.
 *             A test that needs stride switches to it (it runs as
 *             root) and restores the policy it found before checking,
 *             so the suite runs under either boot policy.  Spinners
 *             end when their parent does (they poll getppid), so a
 *             failed check leaves nothing spinning for the next test.
 * Origins     Written for Kite.
 */
#include "tests/testlib.h"

#define GROUP 4      /* spinners per ticket class: 12 > NCPU harts/2 */
#define WARMUP 10    /* ticks before a window opens */
#define WINDOW 200   /* ticks a share is measured over */
#define NSPIN_MAX 16 /* most spinners in one test */

static int gate[2]; /* spinners wait until the write end is closed */

/* Fork a process that takes n tickets (0: keeps its own), waits at the
 * gate, then spins until its parent is gone.  Returns: its pid. */
static int
spinner(int n)
{
    int parent = getpid();
    int pid = fork();
    char c;

    CHECK(pid >= 0);
    if (pid > 0)
        return pid;
    if (n > 0 && settickets(n) < 0)
        exit(1);
    close(gate[1]);
    read(gate[0], &c, 1); /* end of file when the gate opens */
    for (;;) {
        for (volatile int i = 0; i < 20000; i++)
            ;
        if (getppid() != parent)
            exit(0);
    }
}

static void
gate_make(void)
{
    CHECK(pipe(gate) == 0);
}

static void
gate_open(void)
{
    close(gate[1]);
    close(gate[0]);
}

/* Sleep until uptime() reaches t. */
static void
sleep_until(int t)
{
    int now = uptime();
    if (t > now)
        sleep(t - now);
}

/* CPU ticks of each of n processes now. */
static void
cputicks_of(int *pids, int n, long *t)
{
    for (int i = 0; i < n; i++)
        t[i] = schedctl(SCHED_CPUTICKS, pids[i]);
}

/* Kill and reap n processes. */
static void
reap(int *pids, int n)
{
    for (int i = 0; i < n; i++)
        kill(pids[i]);
    for (int i = 0; i < n; i++)
        waitpid(pids[i], 0, 0);
}

/* Switch to policy; returns the one in force before. */
static int
use_policy(int policy)
{
    long old = schedctl(SCHED_SETPOLICY, policy);
    CHECK(old == SCHED_RR || old == SCHED_STRIDE);
    return old;
}

/* The policy at boot follows sched= in the boot arguments.  First in
 * the table: every other test restores the policy it found. */
static void
sched_policy_from_bootargs(void)
{
    static char args[512];
    int stride = 0;

    CHECK(bootargs(args, sizeof(args)) >= 0);
    for (char *w = args; w && *w; w = strchr(w, ' ')) {
        while (*w == ' ')
            w++;
        if (strncmp(w, "run=", 4) == 0)
            break;
        if (strncmp(w, "sched=stride", 12) == 0 && (w[12] == ' ' || w[12] == 0))
            stride = 1;
    }
    CHECK(schedctl(SCHED_GETPOLICY, 0) == (stride ? SCHED_STRIDE : SCHED_RR));
}

static void
switch_policy_as_user(void)
{
    CHECK_ERR(schedctl(SCHED_SETPOLICY, SCHED_STRIDE) == -1, EPERM);
    CHECK_ERR(schedctl(SCHED_SETPOLICY, SCHED_RR) == -1, EPERM);
    CHECK(schedctl(SCHED_GETPOLICY, 0) >= 0);
}

/* Root switches the policy; others get EPERM; a bad policy or op is
 * EINVAL. */
static void
sched_policy_switch_root_only(void)
{
    int old = use_policy(SCHED_STRIDE);
    CHECK(schedctl(SCHED_GETPOLICY, 0) == SCHED_STRIDE);
    CHECK(schedctl(SCHED_SETPOLICY, SCHED_RR) == SCHED_STRIDE);
    CHECK(schedctl(SCHED_GETPOLICY, 0) == SCHED_RR);
    CHECK(schedctl(SCHED_SETPOLICY, old) == SCHED_RR);
    CHECK_ERR(schedctl(SCHED_SETPOLICY, 2) == -1, EINVAL);
    CHECK_ERR(schedctl(SCHED_SETPOLICY, -1) == -1, EINVAL);
    CHECK_ERR(schedctl(99, 0) == -1, EINVAL);
    CHECK_ERR(schedctl(-1, 0) == -1, EINVAL);
    CHECK(test_run_as(1, switch_policy_as_user) == 0);
    CHECK(schedctl(SCHED_GETPOLICY, 0) == old);
}

static void
tickets_as_user(void)
{
    CHECK(settickets(50) == 0);
    CHECK(schedctl(SCHED_GETTICKETS, 0) == 50);
    CHECK_ERR(settickets(51) == -1, EPERM); /* a raise needs root */
    CHECK_ERR(settickets(TICKETS_MAX) == -1, EPERM);
    CHECK(schedctl(SCHED_GETTICKETS, 0) == 50);
    CHECK(settickets(1) == 0); /* lowering is always allowed */
    CHECK_ERR(settickets(0) == -1, EINVAL);
}

/* settickets: 1..TICKETS_MAX, EINVAL outside; a raise is root's. */
static void
sched_tickets_range_and_eperm(void)
{
    CHECK(schedctl(SCHED_GETTICKETS, 0) == TICKETS_DEFAULT);
    CHECK_ERR(settickets(0) == -1, EINVAL);
    CHECK_ERR(settickets(-1) == -1, EINVAL);
    CHECK_ERR(settickets(TICKETS_MAX + 1) == -1, EINVAL);
    CHECK(schedctl(SCHED_GETTICKETS, 0) == TICKETS_DEFAULT);
    CHECK(settickets(TICKETS_MAX) == 0);
    CHECK(schedctl(SCHED_GETTICKETS, getpid()) == TICKETS_MAX);
    CHECK(settickets(1) == 0);
    CHECK(schedctl(SCHED_GETTICKETS, 0) == 1);
    CHECK(settickets(TICKETS_DEFAULT) == 0); /* root may raise */
    CHECK(test_run_as(1, tickets_as_user) == 0);
    CHECK_ERR(schedctl(SCHED_GETTICKETS, 0x7fffffff) == -1, ESRCH);
    CHECK_ERR(schedctl(SCHED_CPUTICKS, -5) == -1, ESRCH);
}

/* A child gets its parent's tickets, and so does its child. */
static void
sched_tickets_inherited_by_fork(void)
{
    CHECK(settickets(37) == 0);
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        if (schedctl(SCHED_GETTICKETS, 0) != 37)
            exit(1);
        int gc = fork();
        if (gc == 0)
            exit(schedctl(SCHED_GETTICKETS, 0) == 37 ? 0 : 2);
        exit(test_wait_status(gc) == 0 ? 0 : 3);
    }
    CHECK(schedctl(SCHED_GETTICKETS, pid) == 37);
    CHECK(WEXITSTATUS(test_wait_status(pid)) == 0);
}

/* A sleeper: sleeps a tick at a time until uptime() reaches `until`. */
static int
sleeper(int until)
{
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        while (uptime() < until)
            sleep(1);
        exit(0);
    }
    return pid;
}

/* Ticks are counted by the timer, for the process running when it
 * fires, on every hart: a spinner gets about one per tick of the
 * window, a process that sleeps a tick at a time (and so is scheduled
 * every tick) next to none, and so does its sleeping parent. */
static void
sched_cputicks_count_running_only(void)
{
    int pids[2];
    long t0[2], t1[2];
    long self0 = schedctl(SCHED_CPUTICKS, 0);

    CHECK(self0 >= 0);
    int start = uptime() + WARMUP;
    pids[1] = sleeper(start + 100); /* before the gate: holds no end */
    gate_make();
    pids[0] = spinner(0);
    gate_open();
    sleep_until(start);
    cputicks_of(pids, 2, t0);
    sleep_until(start + 100);
    cputicks_of(pids, 2, t1);
    long self = schedctl(SCHED_CPUTICKS, 0) - self0;
    reap(pids, 2);
    printf("sched: in 100 ticks a spinner ran %ld, a sleeper %ld, the "
           "parent %ld\n",
           t1[0] - t0[0], t1[1] - t0[1], self);
    CHECK(t1[0] - t0[0] >= 50 && t1[0] - t0[0] <= 110);
    CHECK(t1[1] - t0[1] <= 10);
    CHECK(self <= 10);
}

/* Spawn GROUP spinners for each of nclass ticket counts, run them for
 * WINDOW ticks under stride, and add up each class's CPU ticks. */
static void
run_classes(const int *tickets, int nclass, long *sum)
{
    int pids[NSPIN_MAX], n = nclass * GROUP;
    long t0[NSPIN_MAX], t1[NSPIN_MAX];

    int old = use_policy(SCHED_STRIDE);
    gate_make();
    for (int i = 0; i < n; i++)
        pids[i] = spinner(tickets[i % nclass]);
    gate_open();
    sleep(WARMUP);
    cputicks_of(pids, n, t0);
    sleep(WINDOW);
    cputicks_of(pids, n, t1);
    reap(pids, n);
    use_policy(old);
    for (int c = 0; c < nclass; c++)
        sum[c] = 0;
    for (int i = 0; i < n; i++)
        sum[i % nclass] += t1[i] - t0[i];
}

/* Tickets 3:2:1 get CPU ticks 3:2:1, within 20% of each share.  Round
 * robin gives 1:1:1; strides the wrong way round give 2:3:6. */
static void
sched_stride_shares_3_2_1(void)
{
    static const int tickets[3] = {300, 200, 100};
    long sum[3];

    run_classes(tickets, 3, sum);
    long total = sum[0] + sum[1] + sum[2];
    printf("sched: tickets 300:200:100 ran %ld:%ld:%ld ticks\n", sum[0], sum[1],
           sum[2]);
    CHECK(total >= WINDOW / 2);
    for (int c = 0; c < 3; c++) {
        long want = total * tickets[c] / 600;
        CHECK(sum[c] * 10 >= want * 8 && sum[c] * 10 <= want * 12);
    }
}

/* Processes with few tickets among many with more still run, close to
 * their share (1 in 11 here): stride starves no one.  A policy that always
 * runs the most tickets first gives it nothing. */
static void
sched_low_tickets_not_starved(void)
{
    static const int tickets[2] = {500, 50};
    long sum[2];

    run_classes(tickets, 2, sum);
    long total = sum[0] + sum[1];
    long want = total * 50 / 550;
    printf("sched: tickets 500:50 ran %ld:%ld ticks\n", sum[0], sum[1]);
    CHECK(total >= WINDOW / 2);
    CHECK(sum[1] > 0);
    CHECK(sum[1] * 2 >= want && sum[1] <= want * 2);
}

/* NSPIN spinners, half with 200 tickets and half with 100, have run
 * for a while when one more with 100 joins: woken from a long sleep
 * (forked == 0) or new (forked == 1).  In the next window it must get
 * about the share of the other 100s, not a hart to itself while its
 * pass catches up with theirs; and the 200s about twice as much (round
 * robin would give everyone the same). */
#define NSPIN 6
#define AWAY 150 /* ticks the latecomer is away */
#define LATE_WINDOW 60

static void
latecomer_gets_fair_share(int forked)
{
    int pids[NSPIN + 1];
    long t0[NSPIN + 1], t1[NSPIN + 1];
    int alarm[2];
    char c = 0;

    int old = use_policy(SCHED_STRIDE);
    CHECK(pipe(alarm) == 0);
    if (!forked) { /* before the gate: it holds no end of it */
        int pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            /* Asleep on the pipe for all of AWAY: sleep() would wake
             * it at every tick, and each wake-up costs it a stride. */
            int parent = getppid();
            read(alarm[0], &c, 1);
            for (;;) {
                for (volatile int i = 0; i < 20000; i++)
                    ;
                if (getppid() != parent)
                    exit(0);
            }
        }
        pids[NSPIN] = pid;
    }
    gate_make();
    for (int i = 0; i < NSPIN; i++)
        pids[i] = spinner(i % 2 ? 100 : 200);
    gate_open();
    sleep(AWAY);
    if (forked)
        pids[NSPIN] = spinner(0); /* the parent's 100 tickets */
    else
        CHECK(write(alarm[1], &c, 1) == 1);
    close(alarm[0]);
    close(alarm[1]);
    cputicks_of(pids, NSPIN + 1, t0);
    sleep(LATE_WINDOW);
    cputicks_of(pids, NSPIN + 1, t1);
    reap(pids, NSPIN + 1);
    use_policy(old);

    long ran200 = 0, ran100 = 0;
    for (int i = 0; i < NSPIN; i++)
        *(i % 2 ? &ran100 : &ran200) += t1[i] - t0[i];
    long late = t1[NSPIN] - t0[NSPIN];
    long each100 = ran100 / (NSPIN / 2);
    printf("sched: a %s spinner ran %ld ticks, the 100s %ld each, the 200s "
           "%ld each\n",
           forked ? "new" : "woken", late, each100, ran200 / (NSPIN / 2));
    CHECK(ran200 + ran100 >= LATE_WINDOW / 2);
    CHECK(ran200 * 2 >= ran100 * 3); /* tickets count: not round robin */
    CHECK(late <= each100 * 2 + 3);  /* no monopoly */
    CHECK(late * 2 + 2 >= each100);  /* nor starved */
}

/* The classic stride bug: a process back from a long sleep keeps its
 * old pass and holds a hart until it catches up. */
static void
sched_woken_sleeper_no_credit(void)
{
    latecomer_gets_fair_share(0);
}

/* The same bug for a new process whose pass starts at 0. */
static void
sched_new_process_no_monopoly(void)
{
    latecomer_gets_fair_share(1);
}

/* Churn on every hart under stride, with the policy switched back and
 * forth meanwhile: processes fork, spin briefly, sleep, change their
 * tickets and exit.  Everything finishes, and every worker is seen
 * running by the timer (it spins at the end until it is). */
#define NWORKER 6
#define ROUNDS 40

static void
churn(int seed)
{
    for (int r = 0; r < ROUNDS; r++) {
        if (settickets(TICKETS_DEFAULT - (seed * 7 + r) % 60) < 0)
            exit(1);
        int pid = fork();
        if (pid < 0)
            exit(2);
        if (pid == 0) {
            for (volatile int i = 0; i < 20000 * (r % 4); i++)
                ;
            exit(0);
        }
        if ((r + seed) % 3 == 0)
            sleep(1);
        for (volatile int i = 0; i < 50000; i++)
            ;
        if (waitpid(pid, 0, 0) != pid)
            exit(3);
    }
    int end = uptime() + 100; /* spin until a tick has been counted */
    while (schedctl(SCHED_CPUTICKS, 0) == 0 && uptime() < end)
        for (volatile int i = 0; i < 20000; i++)
            ;
    exit(schedctl(SCHED_CPUTICKS, 0) > 0 ? 0 : 4);
}

static void
sched_stress_all_harts(void)
{
    int pids[NWORKER];

    int old = use_policy(SCHED_STRIDE);
    for (int w = 0; w < NWORKER; w++) {
        pids[w] = fork();
        CHECK(pids[w] >= 0);
        if (pids[w] == 0)
            churn(w);
    }
    for (int i = 0; i < 20; i++) { /* switch while they run */
        schedctl(SCHED_SETPOLICY, i % 2 ? SCHED_STRIDE : SCHED_RR);
        sleep(2);
    }
    /* A plain waitpid (no WNOHANG: the exit lab's): a worker that never
     * ends keeps the test from ending, and its time limit fails it. */
    int bad = 0;
    for (int w = 0; w < NWORKER; w++) {
        int status = 0;
        if (waitpid(pids[w], &status, 0) != pids[w])
            bad = 98;
        else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            bad = WEXITSTATUS(status) ? WEXITSTATUS(status) : 99;
    }
    use_policy(old);
    if (bad)
        printf("sched: a churn worker ended with status %d\n", bad);
    CHECK(bad == 0);
}

static struct test sched_tests[] = {
    {"sched_policy_from_bootargs", sched_policy_from_bootargs, QUICK},
    {"sched_policy_switch_root_only", sched_policy_switch_root_only, QUICK},
    {"sched_tickets_range_and_eperm", sched_tickets_range_and_eperm, QUICK},
    {"sched_tickets_inherited_by_fork", sched_tickets_inherited_by_fork, QUICK},
    {"sched_cputicks_count_running_only", sched_cputicks_count_running_only,
     QUICK},
    {"sched_stride_shares_3_2_1", sched_stride_shares_3_2_1, SLOW},
    {"sched_low_tickets_not_starved", sched_low_tickets_not_starved, SLOW},
    {"sched_woken_sleeper_no_credit", sched_woken_sleeper_no_credit, SLOW},
    {"sched_new_process_no_monopoly", sched_new_process_no_monopoly, SLOW},
    {"sched_stress_all_harts", sched_stress_all_harts, SLOW},
};

struct suite sched_suite = SUITE("sched", sched_tests);
