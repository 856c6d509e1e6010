/*
 * gdbdemo: something for the GDB helpers to look at (doc/debugging.md,
 * section 6; tests/gdb-test.sh).  It makes one object of each kind:
 *
 *   a message queue, key 4660 (0x1234), holding one message of type 1;
 *   a set of 2 semaphores, key 4661, with values 3 and 5;
 *   a shared-memory segment, key 4662, 8192 bytes, attached;
 *   a named POSIX semaphore /gdbdemo with value 2;
 *
 * prints "gdbdemo: ready" and then sleeps in msgrcv for a message of
 * type 99 that never comes, until it is killed.  The SysV objects and
 * the named semaphore outlive it: `ipcrm` and `semtool unlink` clean up.
 * Run it in the background (`gdbdemo &`) and interrupt GDB.
 */
#include "user/user.h"

#define KEY 0x1234

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

static void
die(const char *what)
{
    fprintf(2, "gdbdemo: %s: %s\n", what, strerror(errno));
    exit(1);
}

int
main(void)
{
    struct {
        long mtype;
        char mtext[16];
    } msg = {1, "hello"};
    unsigned short vals[2] = {3, 5};
    union semun arg;

    int q = msgget(KEY, IPC_CREAT | 0644);
    if (q < 0 || msgsnd(q, &msg, 6, 0) < 0)
        die("message queue");
    int s = semget(KEY + 1, 2, IPC_CREAT | 0600);
    arg.array = vals;
    if (s < 0 || semctl(s, 0, SETALL, arg) < 0)
        die("semaphore set");
    int m = shmget(KEY + 2, 8192, IPC_CREAT | 0600);
    if (m < 0 || shmat(m, 0, 0) == (void *)-1)
        die("shared memory");
    if (sem_open("/gdbdemo", O_CREAT, 0644, 2) == SEM_FAILED)
        die("sem_open /gdbdemo");
    printf("gdbdemo: ready\n");
    msgrcv(q, &msg, sizeof(msg.mtext), 99, 0);
    die("msgrcv returned");
    return 1;
}
