/*
 * initoom: init must survive memory exhaustion (issue 11, defect 1).
 * Run from the shell by tests/initoom-test.sh, in two steps:
 *
 *   initoom         note the free pages in /initoom.base, start a hog
 *                   that leaves exactly a few pages free, one level
 *                   after the other, and kill the shell.
 *                   Init then forks a new shell while memory is gone:
 *                   its forks fail or succeed with almost nothing left,
 *                   and its next stores must not need a page it cannot
 *                   get (a kernel that shares init's pages copy-on-write
 *                   kills init there, and panics).  The hog then exits.
 *   initoom check   run by the new shell: wait until only init, the
 *                   shell and this program are left, compare the free
 *                   pages with /initoom.base (both taken by a fresh
 *                   initoom under a fresh shell: nothing may be lost),
 *                   and power off with status 0 (ok) or 1.
 *
 * The hog and the first step own their stack and data pages before
 * memory runs out, so they are not the ones a copy-on-write fault kills.
 */
#include "user/user.h"

#define BASE_FILE "/initoom.base"
#define STEP_TICKS 110 /* how long each level of free pages is kept */
#define MIN_FREE 2
#define MAX_FREE 9
#define SWEEPS 2
#define RETAKE_TICKS 7
#define SETTLE_TRIES 3000 /* a tick apart: check waits up to 30 s */
#define PGSZ 4096

static long
free_pages(void)
{
    struct sysinfo si;

    while (sysinfo(&si) < 0)
        ; /* only a copy-on-write fault with no memory: retry */
    return (long)si.freepages;
}

static int
nproc_used(void)
{
    struct sysinfo si;

    while (sysinfo(&si) < 0)
        ;
    return si.nproc;
}

/* Take every free page: sbrk in shrinking steps until it fails.
 * Returns: the pages now held. */
static long
take_all(long held)
{
    char *p;

    for (long step = 256; step > 0; step /= 4) {
        while ((p = sbrk(step * PGSZ)) != (char *)-1) {
            for (long i = 0; i < step; i++)
                p[i * PGSZ] = 1;
            held += step;
        }
    }
    return held;
}

/*
 * For each target from MIN_FREE to MAX_FREE, SWEEPS times, for
 * STEP_TICKS: every few ticks take every free page, then give back
 * exactly target of them.  Init retries a failed fork every few ticks;
 * a fork needs about five pages, init's next store two more, so one of
 * the levels leaves a fork just enough and init's store nothing.
 */
static void
hog(int start)
{
    char c, touch[64];
    long held = 0;

    memset(touch, 1, sizeof(touch));
    errno = touch[0] - 1; /* own the stack and errno's page first */
    read(start, &c, 1);
    for (long step = 0; step < SWEEPS * (MAX_FREE - MIN_FREE + 1); step++) {
        long target = MIN_FREE + step % (MAX_FREE - MIN_FREE + 1);
        int t0 = uptime();
        while (uptime() - t0 < STEP_TICKS) {
            held = take_all(held);
            if (held >= target && sbrk(-target * PGSZ) != (char *)-1)
                held -= target;
            sleep(RETAKE_TICKS);
        }
    }
    exit(0);
}

/* Step one: note the free pages, start the hog, kill the shell.  The
 * work runs in a new session: the shell leads the console's session,
 * and its death hangs up its foreground group (SIGHUP), which is where
 * the shell started us. */
static int
squeeze(void)
{
    char line[32];
    int fd, pid, start[2], status;
    int shell = getppid();
    long base = free_pages(); /* with the same processes as at the check */

    if ((pid = fork()) != 0) {
        if (pid < 0)
            return 1;
        waitpid(pid, &status, 0); /* or the hang-up ends us first */
        return 0;
    }
    setsid();

    fd = open(BASE_FILE, O_CREAT | O_WRONLY | O_TRUNC);
    if (fd < 0 || pipe(start) < 0) {
        printf("initoom: FAILED cannot set up\n");
        return 1;
    }
    snprintf(line, sizeof(line), "%ld\n", base);
    write(fd, line, strlen(line));
    close(fd);
    pid = fork();
    if (pid < 0) {
        printf("initoom: FAILED fork\n");
        return 1;
    }
    if (pid == 0)
        hog(start[0]);
    errno = 0; /* own the stack and errno's page first */
    printf("initoom: %ld free pages; the hog takes them\n", base);
    write(start[1], "x", 1);
    sleep(20);
    kill(shell); /* init forks a new shell while memory is gone */
    waitpid(pid, &status, 0);
    printf("initoom: the hog is done\n");
    exit(0);
}

/* Step two, under the new shell: nothing lost.  Returns: 0 if so. */
static int
check(void)
{
    char line[32];
    int fd, n, i;
    long base, now;

    for (i = 0; i < SETTLE_TRIES && nproc_used() != 3; i++)
        sleep(1);
    now = free_pages();
    fd = open(BASE_FILE, O_RDONLY);
    n = fd < 0 ? -1 : read(fd, line, sizeof(line) - 1);
    if (n <= 0) {
        printf("initoom: FAILED no %s\n", BASE_FILE);
        return 1;
    }
    close(fd);
    line[n] = 0;
    base = atoi(line);
    unlink(BASE_FILE);
    printf("initoom: free pages %ld before, %ld after; %d processes\n", base,
           now, nproc_used());
    if (now != base || i == SETTLE_TRIES) {
        printf("initoom: FAILED\n");
        return 1;
    }
    printf("initoom: ok\n");
    return 0;
}

int
main(int argc, char *argv[])
{
    if (argc > 1 && strcmp(argv[1], "check") == 0)
        poweroff(check());
    return squeeze();
}
