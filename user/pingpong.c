/*
 * pingpong: two processes take turns.
 *
 *   pingpong [-s] [ROUNDS]
 *
 * The process forks a child; for each round i (1..ROUNDS, default 1)
 * the parent hands the turn to the child, the child prints
 * "PID: received ping i" and hands it back, and the parent prints
 * "PID: received pong i".  Each prints before it hands the turn on, so
 * the lines alternate.  Without -s the turn is a byte, i, sent over one
 * pipe each way and sent back unchanged; with -s it is a post on one of
 * two POSIX semaphores shared across fork (no data moves: each side
 * counts the rounds).  The parent waits for the child and exits 0 if
 * every byte came back right.  The util lab (labs/util.md) has
 * students write this program.
 */
#include "user/user.h"

/* LAB util: BEGIN */
/* Take the turns over pipes.  Returns: the exit status. */
static int
over_pipes(int rounds)
{
    int down[2], up[2], status;
    unsigned char c;

    if (pipe(down) < 0 || pipe(up) < 0) {
        perror("pingpong: pipe");
        return 1;
    }
    int pid = fork();
    if (pid < 0) {
        perror("pingpong: fork");
        return 1;
    }
    if (pid == 0) {
        close(down[1]);
        close(up[0]);
        for (int i = 1; i <= rounds; i++) {
            if (read(down[0], &c, 1) != 1)
                exit(1);
            printf("%d: received ping %d\n", getpid(), c);
            if (write(up[1], &c, 1) != 1)
                exit(1);
        }
        exit(0);
    }
    close(down[0]);
    close(up[1]);
    int bad = 0;
    for (int i = 1; i <= rounds && !bad; i++) {
        c = (unsigned char)i;
        if (write(down[1], &c, 1) != 1 || read(up[0], &c, 1) != 1 ||
            c != (unsigned char)i)
            bad = 1;
        else
            printf("%d: received pong %d\n", getpid(), c);
    }
    close(down[1]); /* a child still reading sees the end */
    close(up[0]);
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
        return 1;
    return bad || WEXITSTATUS(status) != 0;
}

/* Take the turns over two semaphores.  Returns: the exit status. */
static int
over_semaphores(int rounds)
{
    sem_t ping, pong;
    int status;

    if (sem_init(&ping, 1, 0) < 0) {
        perror("pingpong: sem_init");
        return 1;
    }
    if (sem_init(&pong, 1, 0) < 0) {
        perror("pingpong: sem_init");
        sem_destroy(&ping);
        return 1;
    }
    int pid = fork();
    if (pid == 0) {
        for (int i = 1; i <= rounds; i++) {
            if (sem_wait(&ping) < 0)
                exit(1);
            printf("%d: received ping %d\n", getpid(), i);
            sem_post(&pong);
        }
        exit(0);
    }
    int bad = pid < 0;
    for (int i = 1; i <= rounds && !bad; i++) {
        sem_post(&ping);
        if (sem_wait(&pong) < 0)
            bad = 1;
        else
            printf("%d: received pong %d\n", getpid(), i);
    }
    if (pid > 0 && (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
                    WEXITSTATUS(status) != 0))
        bad = 1;
    sem_destroy(&ping); /* after the wait: nobody waits on them */
    sem_destroy(&pong);
    return bad;
}
/* LAB util: STUB
   LAB util: END */

int
main(int argc, char *argv[])
{
    /* LAB util: BEGIN */
    int sems = 0, rounds = 1, a = 1;

    if (a < argc && strcmp(argv[a], "-s") == 0) {
        sems = 1;
        a++;
    }
    if (a < argc)
        rounds = atoi(argv[a++]);
    if (a != argc || rounds < 1 || rounds > 255) {
        fprintf(2, "usage: pingpong [-s] [ROUNDS (1-255)]\n");
        exit(1);
    }
    exit(sems ? over_semaphores(rounds) : over_pipes(rounds));
    /* LAB util: STUB
    fprintf(2, "pingpong: not written yet (see labs/util.md)\n");
    exit(1);
       LAB util: END */
}
