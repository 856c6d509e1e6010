/*
 * faultcheck: run a program under allocation-failure injection and
 * check that the kernel lost nothing (doc/reliability.md).
 *
 *   faultcheck PROG ARGS...     run by tests/faults.sh with
 *                               BOOTARGS="failalloc=SEED:RATE run=..."
 *   faultcheck -each PROG -OPT A B   run PROG -OPT A, then PROG -OPT B
 *
 * Takes a sysinfo snapshot, runs PROG in a child (retrying a fork or an
 * exec that fails for want of memory), waits for it (at most RUN_LIMIT:
 * a test can wait for ever for a helper an injected failure stopped),
 * kills the processes and removes the System V objects a failed test
 * left behind, waits until init has reaped
 * every orphan, and compares the free pages and process slots with the
 * snapshot.  PROG's own verdict does not count: under injection its
 * tests fail as they meet ENOMEM.  Prints "faultcheck: ok" or
 * "faultcheck: FAILED why" and powers off with status 0 or 1; reaching
 * the power-off at all shows the system still answers.
 *
 * faultcheck itself runs under injection too, so every call it makes
 * is retried until it works.
 */
#include "user/user.h"

#define SETTLE_TRIES 1000 /* a tick apart: ten seconds */
#define MAX_TRIES 1000
#define MAXIDS 1024
#define EXEC_RETRY 126  /* a child's exec failed for want of memory */
#define RUN_LIMIT 30000 /* ticks one program may run: five minutes */
#define ZOMBIE 5        /* procinfo.state */

static struct procinfo rows[NPROC];

static int ids[MAXIDS];

static void
snapshot(struct sysinfo *si)
{
    while (sysinfo(si) < 0)
        sleep(1);
}

/* Kill every process but init and this one (leftovers of a program
 * whose helpers lost their partner to an injected failure and wait for
 * ever).  Returns: how many were killed. */
static int
kill_others(void)
{
    int n, killed = 0;

    for (int round = 0; round < 10; round++) {
        while ((n = procs(rows, NPROC)) < 0)
            sleep(1);
        int seen = 0;
        for (int i = 0; i < n; i++) {
            if (rows[i].pid == 1 || rows[i].pid == getpid() ||
                rows[i].state == ZOMBIE)
                continue;
            seen++;
            if (kill(rows[i].pid) == 0)
                killed++;
        }
        if (seen == 0)
            break;
        sleep(10);
    }
    return killed;
}

/* Wait for child pid, at most RUN_LIMIT ticks; past that, kill every
 * other process (a test waiting for a helper that died) and reap it.
 * Returns: its wait status. */
static int
wait_limited(int pid)
{
    int status = 0, t0 = uptime();

    while (waitpid(pid, &status, WNOHANG) != pid) {
        if (uptime() - t0 > RUN_LIMIT) {
            printf("faultcheck: no end after %d ticks; killed %d processes\n",
                   RUN_LIMIT, kill_others());
            while (waitpid(pid, &status, 0) != pid)
                ;
            break;
        }
        sleep(5);
    }
    return status;
}

/* Fork and exec argv and wait for it; retry while memory or slots are
 * short (a child whose exec fails for want of memory exits EXEC_RETRY).
 * Returns: its wait status, or -1 if it never started. */
static int
run(char **argv)
{
    for (int try = 0; try < MAX_TRIES; try++) {
        int status = 0, pid = fork();
        if (pid == 0) {
            exec(argv[0], argv);
            exit(errno == ENOMEM || errno == EAGAIN ? EXEC_RETRY : 127);
        }
        if (pid < 0) {
            sleep(1);
            continue;
        }
        status = wait_limited(pid);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != EXEC_RETRY)
            return status;
    }
    return -1;
}

/* Run argv, or with -each one run per argument after the program and
 * its options (faultcheck -each /usertests -q base exit runs
 * "/usertests -q base", then "/usertests -q exit": a suite whose runner
 * is killed does not take the others with it).
 * Returns: 0, or -1 if a program never started. */
static int
run_all(int argc, char **argv)
{
    char *one[MAXARG + 1];
    int each = strcmp(argv[0], "-each") == 0, nopt = 1, status;

    if (each) {
        argv++;
        argc--;
    }
    while (each && nopt < argc - 1 && nopt < MAXARG - 1 && argv[nopt][0] == '-')
        nopt++;
    for (int i = 0; i < nopt; i++)
        one[i] = argv[i];
    for (int i = nopt; i < (each ? argc : nopt + 1); i++) {
        one[nopt] = argv[i];
        one[nopt + 1] = 0;
        status = run(each ? one : argv);
        if (status == -1) {
            printf("faultcheck: FAILED cannot start %s\n", argv[0]);
            return -1;
        }
        printf("faultcheck: %s %s %s %d\n", argv[0], each ? argv[i] : "",
               WIFSIGNALED(status) ? "killed by signal" : "exited",
               WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
        int n = kill_others(); /* the next run needs the slots */
        if (n)
            printf("faultcheck: killed %d processes left behind\n", n);
    }
    return 0;
}

/* Remove every object listed by list(); rm removes one id. */
static int
remove_all(int (*list)(int *, unsigned, unsigned *), int (*rm)(int))
{
    unsigned n = 0;
    int removed = 0;

    for (int try = 0; try < MAX_TRIES; try++)
        if (list(ids, MAXIDS, &n) == 0)
            break;
    for (unsigned i = 0; i < n && i < MAXIDS; i++)
        for (int try = 0; try < MAX_TRIES; try++)
            if (rm(ids[i]) == 0 || errno == EINVAL || errno == EIDRM) {
                removed++;
                break;
            }
    return removed;
}

static int
rm_msg(int id)
{
    return msgctl(id, IPC_RMID, 0);
}

static int
rm_sem(int id)
{
    return semctl(id, 0, IPC_RMID);
}

static int
rm_shm(int id)
{
    return shmctl(id, IPC_RMID, 0);
}

/* Wait until the process slots and free pages are back to before.
 * Returns: 1 if they came back. */
static int
settles(struct sysinfo *before, struct sysinfo *now)
{
    for (int i = 0; i < SETTLE_TRIES; i++) {
        snapshot(now);
        if (now->nproc == before->nproc && now->freepages == before->freepages)
            return 1;
        sleep(1);
    }
    return 0;
}

int
main(int argc, char *argv[])
{
    struct sysinfo before, now;
    int left;

    if (argc < 2) {
        fprintf(2, "usage: faultcheck [-each] PROG ARGS...\n");
        exit(1);
    }
    snapshot(&before);
    if (run_all(argc - 1, argv + 1) < 0)
        poweroff(1);
    left = kill_others();
    if (left)
        printf("faultcheck: killed %d processes left behind\n", left);
    left = remove_all(msgids, rm_msg) + remove_all(semids, rm_sem) +
           remove_all(shmids, rm_shm);
    if (left)
        printf("faultcheck: removed %d System V objects left behind\n", left);
    if (!settles(&before, &now)) {
        printf("faultcheck: FAILED free pages %d -> %d, processes %d -> %d\n",
               (int)before.freepages, (int)now.freepages, before.nproc,
               now.nproc);
        poweroff(1);
    }
    printf("faultcheck: ok (%d free pages, %d processes)\n", (int)now.freepages,
           now.nproc);
    poweroff(0);
    return 0;
}
