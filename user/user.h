/*
 * The one header a Kite program needs: system calls, the C library,
 * POSIX semaphores and System V IPC.
 */
#ifndef KITE_USER_H
#define KITE_USER_H

#include <stdarg.h> /* the compiler's own: va_list for vprintf */

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/errno.h"
#include "kernel/fcntl.h"
#include "kernel/stat.h"
#include "kernel/wait.h"
#include "kernel/ipc.h"
#include "kernel/sysinfo.h"
#include "kernel/sched.h"

#define stdin 0
#define stdout 1
#define stderr 2

typedef unsigned long size_t;
typedef long ssize_t;

extern int errno;

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

/* limits of the integer types (<limits.h> may define them first) */
#ifndef INT_MAX
#define INT_MAX 0x7fffffff
#define INT_MIN (-INT_MAX - 1)
#define UINT_MAX 0xffffffffU
#define LONG_MAX 0x7fffffffffffffffL
#define LONG_MIN (-LONG_MAX - 1)
#define ULONG_MAX 0xffffffffffffffffUL
#endif

/* permission bits, for open's callers and the mode of IPC objects */
#define S_IRWXU 0700 /* owner: read, write, execute */
#define S_IRUSR 0400
#define S_IWUSR 0200
#define S_IXUSR 0100
#define S_IRWXG 0070 /* group */
#define S_IRGRP 0040
#define S_IWGRP 0020
#define S_IXGRP 0010
#define S_IRWXO 0007 /* others */
#define S_IROTH 0004
#define S_IWOTH 0002
#define S_IXOTH 0001

/* processes */
int fork(void);
void exit(int status) __attribute__((noreturn));
int wait(int *status);
int waitpid(int pid, int *status, int options);
int exec(const char *path, char **argv);
int kill(int pid);
int getpid(void);
int getppid(void);
char *sbrk(long n);
int sleep(int ticks);
int uptime(void);
/* getpid() and uptime() read the shared page at USYSPAGE_ADDR (struct
 * usyspage, kernel/sysinfo.h; kernel/memlayout.h USYSPAGE), read-only
 * for the process (USYS): no trap.  raw_getpid() and raw_uptime() are the
 * system calls (every call has a raw_ name: user/usys.S). */
#define USYS ((const volatile struct usyspage *)USYSPAGE_ADDR)
int raw_getpid(void);
int raw_uptime(void);
int vmprint(int pid, char *buf, int len, int flags); /* kernel/pgtbl.c */
int pgaccess(void *addr, int npages, unsigned long *mask);
int bootargs(char *buf, int n);
int poweroff(int status);
int sysinfo(struct sysinfo *info);
int procs(struct procinfo *buf, int n); /* rows copied, at most n */
int lockstat(struct lockinfo *buf, int n);
long trace(long mask); /* bit n traces call n; returns the old mask */

/* System call numbers, SYS_name: the bits of a trace() mask. */
enum {
#define SYSCALL(num, name) SYS_##name = num,
#include "kernel/syscalls.h"
#undef SYSCALL
};

/* scheduling (kernel/sched.c, kernel/sched.h) */
long schedctl(int op, int arg);
int settickets(int n); /* schedctl(SCHED_SETTICKETS, n) */
int sigalarm(int ticks, void (*handler)(void)); /* every ticks of CPU */
int sigreturn(void);              /* the end of an alarm handler */
int kbacktrace(char *buf, int n); /* the kernel call chain, by name */

/* process groups and sessions (kernel/pgrp.c) */
int setpgid(int pid, int pgid);
int getpgid(int pid);
int getpgrp(void);
int setsid(void);
int getsid(int pid);
int tcsetpgrp(int fd, int pgid);
int tcgetpgrp(int fd);

/* credentials */
int getuid(void);
int getgid(void);
int setuid(int uid);
int setgid(int gid);

/* files */
int open(const char *path, int flags);
int read(int fd, void *buf, int n);
int write(int fd, const void *buf, int n);
int close(int fd);
int dup(int fd);
int pipe(int fds[2]);
int fstat(int fd, struct stat *st);
long lseek(int fd, long off, int whence);
int link(const char *old, const char *new);
int unlink(const char *path);
int mkdir(const char *path);
int mknod(const char *path, short major, short minor);
int chdir(const char *path);
int stat(const char *path, struct stat *st);
int symlink(const char *target, const char *path);
int lstat(const char *path, struct stat *st);
int readlink(const char *path, char *buf, int n);

/* Memory-mapped files (kernel/mmap.c; PROT_* and MAP_* in fcntl.h) */
#define MAP_FAILED ((void *)-1)
void *mmap(void *addr, size_t len, int prot, int flags, int fd, long off);
int munmap(void *addr, size_t len);

/* Threads (kernel/proc.c: clone; kernel/exit.c: join; user/uthread.c) */
int clone(void (*fn)(void *), void *arg, void *stack); /* tid */
int join(int tid, void **stack_out);                   /* tid */
typedef struct {
    int locked; /* 0 free, 1 held */
} mutex_t;
int thread_create(void (*fn)(void *), void *arg); /* tid */
int thread_join(int tid);                         /* frees its stack */
void mutex_init(mutex_t *m);
void mutex_lock(mutex_t *m);
void mutex_unlock(mutex_t *m);

/* POSIX semaphores (user/semaphore.c over the ksem_* calls) */
typedef struct {
    int id;    /* kernel semaphore id */
    int opens; /* sem_open calls not yet closed (named only) */
} sem_t;
#define SEM_FAILED ((sem_t *)0)
sem_t *sem_open(const char *name, int oflag, ...);
int sem_close(sem_t *sem);
int sem_unlink(const char *name);
int sem_init(sem_t *sem, int pshared, unsigned int value);
int sem_destroy(sem_t *sem);
int sem_post(sem_t *sem);
int sem_wait(sem_t *sem);
int sem_trywait(sem_t *sem);
int sem_getvalue(sem_t *sem, int *value);

/* the raw kernel calls under them */
int ksem_init(unsigned int value, int *id);
int ksem_open(const char *name, int oflag, int mode, unsigned int value,
              int *id);
int ksem_unlink(const char *name);
int ksem_close(int id);
int ksem_post(int id);
int ksem_wait(int id);
int ksem_trywait(int id);
int ksem_getvalue(int id, int *value);
int ksem_destroy(int id);

/* System V IPC */
int msgget(key_t key, int msgflg);
int msgsnd(int msqid, const void *msgp, size_t msgsz, int msgflg);
ssize_t msgrcv(int msqid, void *msgp, size_t msgsz, long msgtyp, int msgflg);
int msgctl(int msqid, int cmd, struct msqid_ds *buf);
int msgids(int *buf, unsigned int n, unsigned int *pn);
int semget(key_t key, int nsems, int semflg);
int semop(int semid, struct sembuf *sops, size_t nsops);
int semctl(int semid, int semnum, int cmd, ...);
int semids(int *buf, unsigned int n, unsigned int *pn);
int shmget(key_t key, size_t size, int shmflg);
void *shmat(int shmid, const void *shmaddr, int shmflg);
int shmdt(const void *shmaddr);
int shmctl(int shmid, int cmd, struct shmid_ds *buf);
int shmids(int *buf, unsigned int n, unsigned int *pn);
key_t ftok(const char *path, int id); /* ulib.c */

/* ulib.c */
char *strcpy(char *dst, const char *src);
char *strncpy(char *dst, const char *src, size_t n);
char *strcat(char *dst, const char *src);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
size_t strlen(const char *s);
char *strchr(const char *s, int c);
void *memset(void *dst, int c, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
char *strncat(char *dst, const char *src, size_t n);
char *strrchr(const char *s, int c);
char *strstr(const char *s, const char *find);
char *strdup(const char *s);
char *strndup(const char *s, size_t n);
void *memchr(const void *s, int c, size_t n);
int isdigit(int c);
int isxdigit(int c);
int isspace(int c);
int isalpha(int c);
int isalnum(int c);
int isupper(int c);
int islower(int c);
int isprint(int c);
int toupper(int c);
int tolower(int c);
int atoi(const char *s);
long atol(const char *s);
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
int abs(int n);
long labs(long n);
char *gets(char *buf, int max);
char *strerror(int err);
void perror(const char *s);
void abort(void) __attribute__((noreturn));
void *calloc(size_t count, size_t size);
void *realloc(void *p, size_t n);
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);
char *strpbrk(const char *s, const char *set);
size_t strnlen(const char *s, size_t max);
char *strtok(char *s, const char *sep);
int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);
time_t time(time_t *t); /* seconds since boot */
#define RAND_MAX 2147483647
int rand(void);
void srand(unsigned int seed);
void qsort(void *base, size_t n, size_t size,
           int (*cmp)(const void *, const void *));
void *bsearch(const void *key, const void *base, size_t n, size_t size,
              int (*cmp)(const void *, const void *));

/* assert(e): if e is false, report it on fd 2 and abort() */
void assert_failed(const char *expr, const char *file, int line)
    __attribute__((noreturn));
#ifndef assert
#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e) ((e) ? (void)0 : assert_failed(#e, __FILE__, __LINE__))
#endif
#endif

/* printf.c */
int printf(const char *fmt, ...);
int fprintf(int fd, const char *fmt, ...);
int snprintf(char *buf, int n, const char *fmt, ...);
int sprintf(char *buf, const char *fmt, ...);
int vprintf(const char *fmt, va_list ap);
int vfprintf(int fd, const char *fmt, va_list ap);
int vsnprintf(char *buf, int n, const char *fmt, va_list ap);
int putchar(int c);
int puts(const char *s);
int fputc(int c, int fd);
int fputs(const char *s, int fd);
int fflush(int fd); /* output is unbuffered: nothing to do */
int getchar(void);
#define EOF (-1)

/* umalloc.c */
void *malloc(size_t n);
void free(void *p);

#endif
