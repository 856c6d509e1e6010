/*
 * primes: the primes up to N (default 35), found by a pipeline of
 * processes, one per prime.
 *
 *   primes [N]
 *
 * The first process feeds 2..N into a pipe.  Each stage of the
 * pipeline reads numbers from its left neighbour; the first number it
 * gets is its prime p, which it prints as "prime p"; every later
 * number not divisible by p goes on, through a new pipe, to a stage it
 * forks when the first such number arrives.  A stage closes every pipe
 * end it does not use (so each reader sees end-of-file when its writer
 * is done, and no process runs out of descriptors), and waits for its
 * right neighbour before it exits, so when primes exits the whole
 * pipeline has.  The util lab (labs/util.md) has students write it.
 */
#include "user/user.h"

/* LAB util: BEGIN */
/*
 * Be the stage reading numbers from fd left, and exit when they end.
 * Returns only in the child forked for the next stage, which then is
 * that stage: the result is the fd it reads from.
 */
static int
stage(int left)
{
    int p, n, right = -1, pid = -1, status = 0, bad = 0;

    if (read(left, &p, sizeof(p)) != sizeof(p))
        exit(0); /* no numbers: the last stage */
    printf("prime %d\n", p);
    while (read(left, &n, sizeof(n)) == sizeof(n)) {
        if (n % p == 0)
            continue;
        if (right < 0) {
            int fds[2];
            if (pipe(fds) < 0 || (pid = fork()) < 0) {
                perror("primes");
                exit(1);
            }
            if (pid == 0) {
                close(left);
                close(fds[1]);
                return fds[0];
            }
            close(fds[0]);
            right = fds[1];
        }
        if (write(right, &n, sizeof(n)) != sizeof(n))
            bad = 1;
    }
    close(left);
    if (right >= 0) {
        close(right); /* the next stage sees the end */
        waitpid(pid, &status, 0);
    }
    exit(bad || !WIFEXITED(status) || WEXITSTATUS(status) != 0);
}
/* LAB util: STUB
   LAB util: END */

int
main(int argc, char *argv[])
{
    /* LAB util: BEGIN */
    int limit = argc > 1 ? atoi(argv[1]) : 35, fds[2], status;

    if (argc > 2 || limit < 2) {
        fprintf(2, "usage: primes [N >= 2]\n");
        exit(1);
    }
    if (pipe(fds) < 0) {
        perror("primes");
        exit(1);
    }
    int pid = fork();
    if (pid < 0) {
        perror("primes");
        exit(1);
    }
    if (pid == 0) {
        close(fds[1]);
        for (int left = fds[0];;)
            left = stage(left);
    }
    close(fds[0]);
    for (int n = 2; n <= limit; n++)
        if (write(fds[1], &n, sizeof(n)) != sizeof(n))
            break;
    close(fds[1]);
    waitpid(pid, &status, 0);
    exit(!WIFEXITED(status) || WEXITSTATUS(status) != 0);
    /* LAB util: STUB
    fprintf(2, "primes: not written yet (see labs/util.md)\n");
    exit(1);
       LAB util: END */
}
