/*
 * ipcs: list the System V IPC objects in the namespace.  For each
 * facility, msgids/semids/shmids give the ids in use and IPC_STAT gives
 * each object's key, owner, permission bits and facility details:
 * messages and byte limit for a queue, number of semaphores for a set,
 * size and attach count for a shared-memory segment.  An object removed
 * between the two calls is skipped; one the caller may not read is
 * listed with its id only.
 */
#include "user/user.h"

/* The caller defines union semun, as POSIX says. */
union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

static int ids[IPC_TABLE_MAX];

/*
 * Fill ids using one of msgids/semids/shmids.
 * Returns: how many, or -1 after printing an error.
 */
static int
list_ids(int (*fn)(int *, unsigned int, unsigned int *), const char *what)
{
    unsigned int n = 0;

    if (fn(ids, IPC_TABLE_MAX, &n) < 0) {
        fprintf(2, "ipcs: %s: %s\n", what, strerror(errno));
        return -1;
    }
    return n > IPC_TABLE_MAX ? IPC_TABLE_MAX : (int)n;
}

/* Print the columns every facility shares. */
static void
print_perm(int id, struct ipc_perm *perm)
{
    printf("%-8d 0x%08x %5d %04o ", id, (unsigned int)perm->key, perm->uid,
           perm->mode & 0777);
}

/* Print a line for an object IPC_STAT refused; 0 if it is just gone. */
static void
print_unreadable(int id)
{
    if (errno != EINVAL && errno != EIDRM)
        printf("%-8d (%s)\n", id, strerror(errno));
}

static void
show_queues(void)
{
    struct msqid_ds ds;
    int n = list_ids(msgids, "message queues");

    printf("Message queues:\n%-8s %-10s %5s %4s %8s %8s\n", "ID", "KEY",
           "OWNER", "MODE", "QNUM", "QBYTES");
    for (int i = 0; i < n; i++) {
        if (msgctl(ids[i], IPC_STAT, &ds) < 0) {
            print_unreadable(ids[i]);
            continue;
        }
        print_perm(ids[i], &ds.msg_perm);
        printf("%8lu %8lu\n", ds.msg_qnum, ds.msg_qbytes);
    }
}

static void
show_semaphores(void)
{
    struct semid_ds ds;
    union semun arg;
    int n = list_ids(semids, "semaphore sets");

    arg.buf = &ds;
    printf("\nSemaphore sets:\n%-8s %-10s %5s %4s %8s\n", "ID", "KEY", "OWNER",
           "MODE", "NSEMS");
    for (int i = 0; i < n; i++) {
        if (semctl(ids[i], 0, IPC_STAT, arg) < 0) {
            print_unreadable(ids[i]);
            continue;
        }
        print_perm(ids[i], &ds.sem_perm);
        printf("%8lu\n", ds.sem_nsems);
    }
}

static void
show_segments(void)
{
    struct shmid_ds ds;
    int n = list_ids(shmids, "shared memory");

    printf("\nShared memory segments:\n%-8s %-10s %5s %4s %8s %8s\n", "ID",
           "KEY", "OWNER", "MODE", "SEGSZ", "NATTCH");
    for (int i = 0; i < n; i++) {
        if (shmctl(ids[i], IPC_STAT, &ds) < 0) {
            print_unreadable(ids[i]);
            continue;
        }
        print_perm(ids[i], &ds.shm_perm);
        printf("%8lu %8lu\n", ds.shm_segsz, ds.shm_nattch);
    }
}

int
main(int argc, char *argv[])
{
    if (argc != 1) {
        fprintf(2, "usage: %s\n", argv[0]);
        exit(2);
    }
    show_queues();
    show_semaphores();
    show_segments();
    exit(0);
}
