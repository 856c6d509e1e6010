/*
 * System V IPC: the user-visible constants and structures, shared by
 * the kernel (ipc.c, msg.c, sem.c, shm.c) and user space.
 */
#ifndef KITE_IPC_H
#define KITE_IPC_H

typedef int key_t;

#define IPC_PRIVATE ((key_t)0)

/* get flags (low 9 bits are the mode) */
#define IPC_CREAT 01000
#define IPC_EXCL 02000
#define IPC_NOWAIT 04000

/* ctl commands */
#define IPC_RMID 0
#define IPC_SET 1
#define IPC_STAT 2

struct ipc_perm {
    key_t key;
    int uid, gid;   /* owner */
    int cuid, cgid; /* creator */
    unsigned int mode;
    unsigned int seq;
};

/* message queues */
#define MSG_NOERROR 010000

struct msqid_ds {
    struct ipc_perm msg_perm;
    unsigned long msg_qnum;               /* messages on the queue */
    unsigned long msg_qbytes;             /* most bytes the queue may hold */
    unsigned long msg_cbytes;             /* bytes on the queue now */
    int msg_lspid, msg_lrpid;             /* last sender, last receiver */
    long msg_stime, msg_rtime, msg_ctime; /* in ticks */
};

/* semaphore arrays */
#define SEM_UNDO 0x1000
#define GETPID 11
#define GETVAL 12
#define GETALL 13
#define GETNCNT 14
#define GETZCNT 15
#define SETVAL 16
#define SETALL 17

struct semid_ds {
    struct ipc_perm sem_perm;
    unsigned long sem_nsems;
    long sem_otime, sem_ctime; /* in ticks */
};

struct sembuf {
    unsigned short sem_num;
    short sem_op;
    short sem_flg;
};

/* shared memory */
#define SHM_RDONLY 010000
#define SHM_RND 020000 /* shmat rounds addr down to a multiple of SHMLBA */
#define SHMLBA 4096    /* shmat addresses are multiples of this (a page) */

struct shmid_ds {
    struct ipc_perm shm_perm;
    unsigned long shm_segsz; /* size asked for at shmget */
    int shm_lpid, shm_cpid;
    unsigned long shm_nattch;
    long shm_atime, shm_dtime, shm_ctime; /* in ticks */
};

#endif
