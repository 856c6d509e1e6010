/*
 * bench: micro-benchmarks of the operations students time.
 *
 * Each case runs an operation many times and prints one line,
 * "name iterations ns_per_op", timed with the time CSR (readable from
 * user mode because the kernel sets scounteren).  `make bench` boots
 * QEMU with -icount shift=0, so one guest nanosecond is one instruction
 * and ns_per_op is instructions per operation, the same every run.
 *
 *   bench            every case once
 *   bench CASE...    the named cases
 *   bench -wall N    the scaling case: 1..N process pairs, each pair
 *                    ping-ponging on its own semaphores and queue
 *   bench -ratio NULL PIPE PSEM
 *                    wall clock, one boot: the time of a null system
 *                    call, a pipe round trip and a POSIX-semaphore round
 *                    trip, each divided by the time the same hart takes
 *                    to run as many user-mode instructions as the
 *                    operation executes (NULL, PIPE, PSEM: instructions
 *                    per operation from the -icount run); the median of
 *                    five rounds, each between two reference runs
 */
#include "user/user.h"

static unsigned long timebase;

static unsigned long
now(void)
{
    unsigned long t;
    asm volatile("rdtime %0" : "=r"(t));
    return t;
}

static void
report(const char *name, long iters, unsigned long t0, unsigned long t1)
{
    unsigned long ns = (t1 - t0) * (1000000000UL / timebase);
    printf("%s %ld %lu\n", name, iters, ns / iters);
}

static void
die(const char *what)
{
    fprintf(2, "bench: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void
bench_null(long n)
{
    unsigned long t0 = now();
    for (long i = 0; i < n; i++)
        raw_getpid(); /* the system call: a real trap */
    report("null", n, t0, now());
}

/* getpid() as programs call it: a load from the shared page. */
static void
bench_getpid(long n)
{
    unsigned long t0 = now();
    for (long i = 0; i < n; i++)
        getpid();
    report("getpid", n, t0, now());
}

static void
fork_loop(const char *name, long n)
{
    unsigned long t0 = now();
    for (long i = 0; i < n; i++) {
        int pid = fork();
        if (pid < 0)
            die("fork");
        if (pid == 0)
            exit(0);
        if (waitpid(pid, 0, 0) != pid)
            die("waitpid");
    }
    report(name, n, t0, now());
}

static void
bench_forkbig(long n)
{
    long size = 4L * 1024 * 1024;
    char *heap = sbrk(size);
    if (heap == (char *)-1)
        die("sbrk");
    for (long i = 0; i < size; i += 4096)
        heap[i] = 1;
    fork_loop("forkbig", n);
    sbrk(-size);
}

static void
bench_forkexec(long n)
{
    char *argv[] = {"/bench", "-exit", 0};
    unsigned long t0 = now();
    for (long i = 0; i < n; i++) {
        int pid = fork();
        if (pid < 0)
            die("fork");
        if (pid == 0) {
            exec("/bench", argv);
            die("exec");
        }
        waitpid(pid, 0, 0);
    }
    report("forkexec", n, t0, now());
}

/* Ping-pong one byte over two pipes.  Returns: ticks for n round trips. */
static unsigned long
pipe_pingpong(long n)
{
    int ab[2], ba[2];
    char c = 'x';
    if (pipe(ab) < 0 || pipe(ba) < 0)
        die("pipe");
    int pid = fork();
    if (pid == 0) {
        for (long i = 0; i < n; i++) {
            read(ab[0], &c, 1);
            write(ba[1], &c, 1);
        }
        exit(0);
    }
    unsigned long t0 = now();
    for (long i = 0; i < n; i++) {
        write(ab[1], &c, 1);
        read(ba[0], &c, 1);
    }
    unsigned long t = now() - t0;
    waitpid(pid, 0, 0);
    close(ab[0]);
    close(ab[1]);
    close(ba[0]);
    close(ba[1]);
    return t;
}

static void
bench_sbrk(long n)
{
    unsigned long t0 = now();
    for (long i = 0; i < n; i++) {
        if (sbrk(4096) == (char *)-1)
            die("sbrk");
        sbrk(-4096);
    }
    report("sbrk", n, t0, now());
}

/* Ping-pong over two unnamed POSIX semaphores shared across fork. */
static unsigned long
psem_pingpong(long n)
{
    sem_t ping, pong;
    if (sem_init(&ping, 1, 0) < 0 || sem_init(&pong, 1, 0) < 0)
        die("sem_init");
    int pid = fork();
    if (pid == 0) {
        for (long i = 0; i < n; i++) {
            sem_wait(&ping);
            sem_post(&pong);
        }
        exit(0);
    }
    unsigned long t0 = now();
    for (long i = 0; i < n; i++) {
        sem_post(&ping);
        sem_wait(&pong);
    }
    unsigned long t = now() - t0;
    waitpid(pid, 0, 0);
    sem_destroy(&ping);
    sem_destroy(&pong);
    return t;
}

struct pingmsg {
    long mtype;
    char mtext[1];
};

static unsigned long
msg_pingpong(long n)
{
    int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    if (q < 0)
        die("msgget");
    struct pingmsg m = {1, {'x'}};
    int pid = fork();
    if (pid == 0) {
        for (long i = 0; i < n; i++) {
            msgrcv(q, &m, 1, 1, 0);
            m.mtype = 2;
            msgsnd(q, &m, 1, 0);
        }
        exit(0);
    }
    unsigned long t0 = now();
    for (long i = 0; i < n; i++) {
        m.mtype = 1;
        msgsnd(q, &m, 1, 0);
        msgrcv(q, &m, 1, 2, 0);
    }
    unsigned long t = now() - t0;
    waitpid(pid, 0, 0);
    msgctl(q, IPC_RMID, 0);
    return t;
}

static unsigned long
semop_pingpong(long n)
{
    int s = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
    if (s < 0)
        die("semget");
    struct sembuf post0 = {0, 1, 0}, wait0 = {0, -1, 0};
    struct sembuf post1 = {1, 1, 0}, wait1 = {1, -1, 0};
    int pid = fork();
    if (pid == 0) {
        for (long i = 0; i < n; i++) {
            semop(s, &wait0, 1);
            semop(s, &post1, 1);
        }
        exit(0);
    }
    unsigned long t0 = now();
    for (long i = 0; i < n; i++) {
        semop(s, &post0, 1);
        semop(s, &wait1, 1);
    }
    unsigned long t = now() - t0;
    waitpid(pid, 0, 0);
    semctl(s, 0, IPC_RMID);
    return t;
}

static void
bench_shm(long n)
{
    int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
    if (id < 0)
        die("shmget");
    unsigned long t0 = now();
    for (long i = 0; i < n; i++) {
        char *p = shmat(id, 0, 0);
        if (p == (char *)-1)
            die("shmat");
        p[0] = 1;
        shmdt(p);
    }
    report("shm", n, t0, now());
    shmctl(id, IPC_RMID, 0);
}

/* The reference: n iterations of a loop of LOOP_INSNS simple user-mode
 * instructions (eight adds, a decrement and a branch).  Returns: time
 * in timebase ticks. */
#define LOOP_INSNS 10
static unsigned long
user_loop(long n)
{
    unsigned long t0 = now();
    long a = 1, b = 2;
    asm volatile("1:\n"
                 "add %1, %1, %2\n"
                 "add %2, %2, %1\n"
                 "add %1, %1, %2\n"
                 "add %2, %2, %1\n"
                 "add %1, %1, %2\n"
                 "add %2, %2, %1\n"
                 "add %1, %1, %2\n"
                 "add %2, %2, %1\n"
                 "addi %0, %0, -1\n"
                 "bnez %0, 1b\n"
                 : "+r"(n), "+r"(a), "+r"(b));
    return now() - t0;
}

static unsigned long
null_loop(long n)
{
    unsigned long t0 = now();
    for (long i = 0; i < n; i++)
        raw_getpid();
    return now() - t0;
}

/* One round of ratio(): the operation n times, between two runs of the
 * reference loop.  Sets the picoseconds per operation and per insns
 * user-mode instructions (the faster reference run). */
static void
ratio_round(long insns, long n, unsigned long (*op)(long), unsigned long *op_ps,
            unsigned long *ref_ps)
{
    long iters = 5000000; /* 50 M instructions per reference run */
    unsigned long r0 = user_loop(iters);
    unsigned long t = op(n);
    unsigned long r1 = user_loop(iters);
    unsigned long r = r0 < r1 ? r0 : r1;
    unsigned long ps_tick = 1000000000000UL / timebase;
    *op_ps = t * ps_tick / n;
    *ref_ps = r * ps_tick / (iters * LOOP_INSNS) * insns;
}

/* Print "ratio NAME insns wall_ns_per_op ref_ns_per_op ratio", the
 * median of RATIO_ROUNDS rounds: ref is the time of insns user-mode
 * instructions, measured around the operation. */
#define RATIO_ROUNDS 5
static void
ratio(const char *name, long insns, long n, unsigned long (*op)(long))
{
    unsigned long op_ps[RATIO_ROUNDS], ref_ps[RATIO_ROUNDS];
    unsigned long x100[RATIO_ROUNDS];
    int order[RATIO_ROUNDS];
    for (int k = 0; k < RATIO_ROUNDS; k++) {
        ratio_round(insns, n, op, &op_ps[k], &ref_ps[k]);
        x100[k] = ref_ps[k] ? op_ps[k] * 100 / ref_ps[k] : 0;
        order[k] = k;
    }
    for (int i = 1; i < RATIO_ROUNDS; i++) /* insertion sort by ratio */
        for (int j = i; j > 0 && x100[order[j]] < x100[order[j - 1]]; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    int m = order[RATIO_ROUNDS / 2];
    printf("ratio %s %ld %lu %lu %lu.%02lu\n", name, insns, op_ps[m] / 1000,
           ref_ps[m] / 1000, x100[m] / 100, x100[m] % 100);
}

static void
run_case(const char *name)
{
    if (strcmp(name, "null") == 0)
        bench_null(100000);
    else if (strcmp(name, "getpid") == 0)
        bench_getpid(100000);
    else if (strcmp(name, "fork") == 0)
        fork_loop("fork", 1000);
    else if (strcmp(name, "forkbig") == 0)
        bench_forkbig(1000);
    else if (strcmp(name, "forkexec") == 0)
        bench_forkexec(200);
    else if (strcmp(name, "pipe") == 0)
        report("pipe", 10000, 0, pipe_pingpong(10000));
    else if (strcmp(name, "sbrk") == 0)
        bench_sbrk(10000);
    else if (strcmp(name, "psem") == 0)
        report("psem", 10000, 0, psem_pingpong(10000));
    else if (strcmp(name, "msg") == 0)
        report("msg", 10000, 0, msg_pingpong(10000));
    else if (strcmp(name, "semop") == 0)
        report("semop", 10000, 0, semop_pingpong(10000));
    else if (strcmp(name, "shm") == 0)
        bench_shm(2000);
    else
        fprintf(2, "bench: unknown case %s\n", name);
}

/* N pairs at once, each on its own objects; operations per second. */
static void
scaling(int maxpairs)
{
    long n = 2000;
    for (int pairs = 1; pairs <= maxpairs; pairs++) {
        unsigned long t0 = now();
        for (int i = 0; i < pairs; i++) {
            if (fork() == 0) {
                psem_pingpong(n);
                msg_pingpong(n);
                exit(0);
            }
        }
        for (int i = 0; i < pairs; i++)
            wait(0);
        unsigned long dt = now() - t0;
        unsigned long ops = 2 * n * pairs;
        printf("scale %d pairs %lu ops_per_sec\n", pairs,
               ops * timebase / (dt ? dt : 1));
    }
    struct lockinfo li[10];
    int rows = lockstat(li, 10);
    printf("lock acquisitions contended\n");
    for (int i = 0; i < rows; i++)
        printf("%s %lu %lu\n", li[i].name, li[i].nacquire, li[i].ncontend);
}

int
main(int argc, char *argv[])
{
    static const char *all[] = {"null",     "getpid", "fork", "forkbig",
                                "forkexec", "pipe",   "sbrk", "psem",
                                "msg",      "semop",  "shm"};
    if (argc > 1 && strcmp(argv[1], "-exit") == 0)
        exit(0);
    struct sysinfo si;
    if (sysinfo(&si) < 0 || si.timebase == 0)
        die("sysinfo");
    timebase = si.timebase;
    if (argc > 4 && strcmp(argv[1], "-ratio") == 0) {
        ratio("null", atoi(argv[2]), 20000, null_loop);
        ratio("pipe", atoi(argv[3]), 2000, pipe_pingpong);
        ratio("psem", atoi(argv[4]), 2000, psem_pingpong);
        exit(0);
    }
    if (argc > 2 && strcmp(argv[1], "-wall") == 0) {
        scaling(atoi(argv[2]));
        exit(0);
    }
    if (argc > 1) {
        for (int i = 1; i < argc; i++)
            run_case(argv[i]);
    } else {
        for (unsigned i = 0; i < sizeof(all) / sizeof(all[0]); i++)
            run_case(all[i]);
    }
    exit(0);
}
