/*
 * Kernel limits.  User programs see them through user/user.h.
 */
#ifndef KITE_PARAM_H
#define KITE_PARAM_H

#define NPROC 64                  /* process table slots */
#define NCPU 8                    /* most harts the kernel will start */
#define NOFILE 16                 /* open files per process */
#define NFILE 100                 /* open files system-wide */
#define NINODE 50                 /* in-memory inodes */
#define NDEV 10                   /* device numbers */
#define ROOTDEV 1                 /* device number of the root disk */
#define MAXARG 32                 /* exec arguments */
#define MAXOPBLOCKS 12            /* most blocks one FS operation writes */
#define LOGSIZE (MAXOPBLOCKS * 3) /* blocks in the on-disk log */
#define NBUF (MAXOPBLOCKS * 3)    /* buffer cache size */
#define FSSIZE 10000              /* file system size in blocks */
#define MAXPATH 128               /* longest path name */
#define MAXSYMLINKS 10            /* symbolic links one lookup follows */
#define USTACK_PAGES 8            /* user stack pages above the guard page */
#define HZ 100                    /* timer ticks per second */
#define TICKETS_DEFAULT 100       /* a new process's tickets (sched.c) */
#define TICKETS_MAX 1000          /* most tickets a process may hold */

/* POSIX semaphores (kernel/ksem.c). */
#define KSEM_MAX 64     /* semaphores system-wide */
#define SEM_NAME_MAX 32 /* name bytes with the '/', without NUL */
#define SEM_VALUE_MAX 2147483647

/* System V IPC (kernel/ipc.c, msg.c, sem.c, shm.c). */
#define IPC_TABLE_MIN 8          /* slots in a new id table */
#define IPC_TABLE_MAX 1024       /* slots the table may grow to */
#define MSGMAX 1024              /* bytes in one message */
#define MSGMNB 4096              /* bytes queued on one queue */
#define SEMMSL 64                /* semaphores per set */
#define SEMOPM 32                /* operations per semop */
#define SEMVMX 32767             /* largest semaphore value */
#define SHMMAX (4 * 1024 * 1024) /* bytes in one segment */
#define NMMAP 16                 /* mmap mappings per process */
#define SHMSEG 16                /* attachments per process */

/* The poison kernel (make POISON=1, build/kernel-poison): freed and
 * newly allocated pages, freed kmalloc objects and the free part of a
 * kernel stack at each trap are filled with POISON_BYTE, so memory
 * copied out without being written shows as poison, not lucky zeros
 * (doc/reliability.md). */
#ifdef POISON
#define POISONING 1
#else
#define POISONING 0
#endif
#define POISON_BYTE 0x5a

#endif
