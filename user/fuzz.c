/*
 * fuzz: a system call fuzzer.  The kernel must survive whatever a
 * student's program can throw at it, and lose nothing.
 *
 * Overview    fuzz SEED ITER [NPROC [CALL,CALL...]]
 *             NPROC worker processes (default 4) make NPROC * ITER
 *             random system calls between them, with random and
 *             edge-case arguments, forking and exiting as they go (a
 *             worker that ends is replaced while calls are left).
 *             Every call of kernel/syscalls.h but poweroff is used; the
 *             optional list narrows the run to some of them, to corner
 *             a failure.  At the end every IPC object and named
 *             semaphore of the run is removed, the scratch directory
 *             /fz is deleted, and the sysinfo() counts (free pages,
 *             processes, semaphores, queues, sets, segments) must equal
 *             those at the start.  The last line is "fuzz: seed S ok"
 *             or "fuzz: seed S FAILED why"; the exit status is 0 only
 *             for ok.  A seed gives every process the same call sequence
 *             each time, so a failure can be replayed (the interleaving
 *             of processes on several harts still varies).
 *
 * Objects     main process: snapshots, cleanup and verdict.
 *             coordinator (main's child): makes the control objects,
 *               starts the launcher, runs the watchdog, reports.
 *             launcher (the coordinator's child): keeps NPROC workers
 *               running while calls are left.
 *             control objects, never touched by the random calls: a
 *               SysV semaphore used as the fork lock (SEM_UNDO: a holder
 *               that is killed gives it back), and a shared segment
 *               holding the registry: one slot per live process (pid,
 *               call in progress and its arguments, a progress count),
 *               the pool of calls left, totals, per-call coverage and
 *               failure messages.
 *             workers: the random callers.  Output buffers the kernel
 *               fills are in a heap scratch area, never in variables a
 *               worker relies on; inputs are static buffers.
 *
 * Operations  Arguments come from lists of edge cases: 0, -1, huge and
 *             off-by-one sizes, unaligned pointers, NULL (the read-only
 *             text), kernel addresses from 0x80000000, the kernel
 *             stacks, the device window, addresses past MAXVA, the
 *             stack guard page, addresses just past sbrk(0), the shared
 *             memory window; fresh, stale (other sequence number),
 *             foreign (listed by msgids & co.) and junk ids; semaphore
 *             names at and past SEM_NAME_MAX, path elements at and past
 *             DIRSIZ, paths past MAXPATH, strings that run off the end
 *             of mapped memory; random flags.  Now and then a worker
 *             takes every free page for a while (squeeze), so that all
 *             the others' allocations fail.
 *             Checked on every call: a failure sets an errno the kernel
 *             can produce, never ENOSYS.  Checked where the answer is
 *             certain: a call whose only output goes through a pointer
 *             that is surely not writable (sysinfo, pipe, fstat,
 *             bootargs, procs, lockstat, ksem_init, ksem_getvalue,
 *             waitpid's status) must fail.  Printed at the end: calls
 *             that never once succeeded (a fuzzer that only ever gets
 *             errors tests little).
 *
 * Design      Safety of the run itself, not of the kernel:
 *             - kill only targets pids the caller created, or itself;
 *             - files are created, written and removed only under /fz;
 *               other paths are opened read-only, never linked to;
 *               every working directory stays inside /fz, so relative
 *               paths stay there too; a path or name is never taken
 *               from heap junk, which could spell "/sh";
 *             - exec only of missing or unrunnable paths, with bad
 *               arguments, or of "/fuzz -x", which exits at once;
 *             - no more than NPROC/2 processes in the system: a fork
 *               happens under the fork lock once sysinfo() shows room;
 *             - a call may block for good (a read of an empty pipe the
 *               caller itself writes, ksem_wait at 0, ...): the
 *               coordinator kills a process whose progress count has
 *               not moved for STUCK_TICKS, which also exercises kill of
 *               sleeping processes.  A process that has not died
 *               HANG_TICKS after its kill is a kernel hang: the run
 *               fails, naming the call it is stuck in;
 *             - squeeze must not get the main process, the
 *               coordinator or the launcher killed by a copy-on-write
 *               fault with no free page: each copies every page it
 *               shares with its parent or child at once (own_pages), the
 *               coordinator never forks after starting the launcher,
 *               and the launcher forks only while no squeeze is on.
 *             Workers close descriptors 0-2, so random writes never
 *             reach the console; they report through the registry.
 *             Each worker starts a process group of its own (now and
 *             then a session), so that kill(0) and kill(-pgid) reach
 *             only itself and the children it made, and setpgid only
 *             ever names its own group, its children's, or none.
 * Locking     The fork lock serialises forks and the choice of a free
 *             registry slot.  Counters change by atomic adds; a slot's
 *             pid changes by compare-and-swap (its parent, the child and
 *             the coordinator all write it); the other fields of a slot
 *             are written by its process only.
 * Interfaces  Every system call.  tests/fuzz.sh boots it headless
 *             (BOOTARGS="run=/fuzz SEED ITER NPROC"); make fuzz.
 * Origins     Written for Kite, in the spirit of trinity and syzkaller
 *             (edge-case argument lists, a watchdog, leak accounting),
 *             reduced to one program.
 */
#include "user/user.h"
#include "kernel/fs.h"

#define PGSIZE 4096
#define PGROUNDUP(a) (((a) + PGSIZE - 1) & ~(uint64)(PGSIZE - 1))
#include "kernel/memlayout.h"

#define NWORKERS 4
#define NWORKERS_MAX 16
#define MAX_ALIVE (NPROC / 2) /* processes in the whole system */
#define REG_SLOTS 64
#define NFAIL 8
#define FAIL_LEN 160
#define STUCK_TICKS (3 * HZ) /* no progress for this long: killed */
#define HANG_TICKS (15 * HZ) /* killed and still there: a kernel hang */
#define RUN_LIMIT (30 * 60 * HZ)
#define POLL_TICKS 5
#define SETTLE_TICKS (5 * HZ) /* for init to reap the last orphans */
#define SCRATCH (64 * 1024)   /* heap area the kernel writes into */
#define HEAP_CAP (4 * 1024 * 1024)
#define KEY_BASE 0x465a0000 /* "FZ": keys 0x465a0000 .. +NKEYS-1 */
#define NKEYS 8
#define MAX_IDS 16
#define MAX_KIDS 64
#define MAX_ATTACH 16
#define NAMES 9          /* named semaphores the run may create */
#define LONGSTR 4200     /* longer than a page */
#define ZOMBIE 5         /* procinfo.state */
#define SQUEEZE_CALLS 20 /* calls made while memory is squeezed */
#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Call names, from the one list (user.h has the numbers, SYS_name). */
enum {
#define SYSCALL(num, name) NSYS_AFTER_##name = num,
#include "kernel/syscalls.h"
#undef SYSCALL
    NSYS_BOUND /* one past the last call's number */
};

static const char *call_name[NSYS_BOUND + 1] = {
#define SYSCALL(num, name) [num] = #name,
#include "kernel/syscalls.h"
#undef SYSCALL
};

struct slot {
    volatile int pid;     /* 0 free, -1 reserved by a forking parent */
    volatile int call;    /* system call in progress */
    volatile uint64 beat; /* calls started: the watchdog's progress */
    volatile long args[3];
    volatile int squeezing; /* it holds every free page now */
};

struct registry {
    struct slot slot[REG_SLOTS];
    long pool; /* calls left to make, by all processes together */
    int calls, forks, execs, kills, watchdog, processes;
    int tried[NSYS_BOUND], worked[NSYS_BOUND]; /* per call: coverage */
    int nfail;
    char fail[NFAIL][FAIL_LEN];
};

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

/* ---- state: inherited by fork, private to each process after ---- */

static struct registry *reg;
static int mutex_id = -1, reg_id = -1; /* the control objects */
static int my_slot = -1, child_slot = -1;
static int cur_call; /* the call last noted */
static uint64 rng;
static uint64 heap_lo, brk; /* our heap: [heap_lo, brk) */
static uint64 stack_guard;
static long squeezed;    /* bytes squeeze() holds */
static int squeeze_left; /* calls until they go back */
static int cwd_ok;       /* the working directory is inside /fz */
static int kids[MAX_KIDS], nkids;
static int msq_ids[MAX_IDS], sem_ids[MAX_IDS], shm_ids[MAX_IDS];
static int ksem_ids[MAX_IDS];
static int nmsq, nsemid, nshm, nksem;
static uint64 attach[MAX_ATTACH];
static int attach_ro[MAX_ATTACH], nattach;

/* Buffers the kernel only reads (inputs) or fills with known sizes. */
static char in_buf[2048] __attribute__((aligned(16)));
static char long_str[LONGSTR];
static struct sembuf sops[SEMOPM + 2];
static int out_fds[2], out_id, list[64];
static unsigned int list_n;
static char *exec_argv[MAXARG + 3];

/* The named semaphores: "/fzs0".."/fzs7" and one of exactly
 * SEM_NAME_MAX bytes; main unlinks them all at the end. */
static char names[NAMES][SEM_NAME_MAX + 1];
static char too_long_name[SEM_NAME_MAX + 2];

/* ---- random numbers and argument lists ---- */

static uint64
rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static uint
below(uint n)
{
    return n ? rnd() % n : 0;
}

static int
chance(int n)
{
    return below(n) == 0;
}

static uint64
pick64(const uint64 *v, int n)
{
    return v[below(n)];
}

/* An int: edge cases or random. */
static long
r_int(void)
{
    static const uint64 v[] = {
        0,          1,          2,          3,          7,      16,
        255,        256,        4095,       4096,       4097,   0x7fffffff,
        0x80000000, 0xffffffff, (uint64)-1, (uint64)-2, NOFILE, NPROC};
    if (chance(3))
        return (int)rnd();
    return pick64(v, NELEM(v));
}

/* A size: mostly small, with the boundaries of the kernel's limits. */
static uint64
r_size(void)
{
    static const uint64 v[] = {
        0,          1,          15,           16,        17,        511,
        512,        1023,       1024,         1025,      4095,      4096,
        4097,       MSGMAX + 1, 65536,        1UL << 31, 1UL << 32, 1UL << 40,
        (uint64)-1, 0x7fffffff, (uint64)-4096};
    if (chance(2))
        return below(300);
    return pick64(v, NELEM(v));
}

/* An address this process cannot use at all: kernel memory (RAM,
 * a kernel stack, the device window: no PTE_U), past MAXVA, just past
 * sbrk(0), the stack guard page. */
static uint64
bad_ptr(void)
{
    uint64 v[] = {KERNBASE,
                  KERNLOAD + below(0x400000),
                  KSTACK(below(NPROC)) + below(PGSIZE),
                  UART0 + below(PGSIZE),
                  MAXVA + below(PGSIZE),
                  (uint64)-1 - below(64),
                  0xffffffc000000000UL,
                  PGROUNDUP(brk) + below(PGSIZE),
                  stack_guard + below(PGSIZE)};
    return v[below(NELEM(v))];
}

/* A pointer for the kernel to write through; *bad set when it surely
 * cannot be written by this process.  Valid ones point into the heap
 * scratch area, unaligned as often as not. */
static uint64
r_out(int *bad)
{
    uint64 room = brk - heap_lo < SCRATCH ? brk - heap_lo : SCRATCH;

    *bad = 1;
    if (room == 0 || chance(4))
        return chance(8) ? 0 : bad_ptr(); /* 0: the read-only text */
    *bad = 0;
    if (chance(6)) /* maybe attached; never the registry's slice */
        return SHM_BASE + (1 + below(SHMSEG - 1)) * SHMMAX + below(64);
    if (chance(5)) /* the last bytes of the heap: straddles the end */
        return brk - 1 - below(room < 8 ? room : 8);
    return heap_lo + below(room);
}

/* A pointer for the kernel to read from. */
static uint64
r_in(void)
{
    int bad;

    switch (below(6)) {
    case 0:
        return (uint64)in_buf + below(64);
    case 1:
        return (uint64)in_buf;
    case 2:
        return below(PGSIZE); /* text */
    }
    return r_out(&bad);
}

/* A string that runs off the end of mapped memory with no NUL. */
static uint64
edge_string(void)
{
    uint64 end = PGROUNDUP(brk);

    if (brk - heap_lo < 64)
        return (uint64)long_str;
    memset((char *)(end - 48), 'a', 48);
    return end - 48 + below(48);
}

/* A path a call may create, change or remove: under /fz only. */
static uint64
r_path_mod(void)
{
    static const char *v[] = {"/fz/a",
                              "/fz/b",
                              "/fz/c",
                              "/fz/d0",
                              "/fz/d1",
                              "/fz/d0/a",
                              "/fz/d0/e",
                              "/fz/d0/e/b",
                              "/fz/d1/c",
                              "/fz/d0/../b",
                              "/fz/abcdefghijklmn",
                              "/fz/abcdefghijklmno",
                              "/fz/zz/x",
                              "/fz/a/x",
                              "/fz",
                              "/fz/",
                              "/fz//b",
                              "/fz/./c",
                              "/",
                              "",
                              "/fz/d1/abcdefghijklmn",
                              "/fz/."};
    static const char *rel[] = {"a", "d0", "d0/a", "e", "e/b", ".", "c/"};
    switch (below(12)) {
    case 0:
        return bad_ptr(); /* never heap junk: it could spell "/sh" */
    case 1:
        return edge_string();
    case 2:
        return (uint64)long_str + below(32); /* past MAXPATH */
    case 3:
        if (cwd_ok)
            return (uint64)rel[below(NELEM(rel))];
    }
    return (uint64)v[below(NELEM(v))];
}

/* A path only looked up or opened read-only: anywhere. */
static uint64
r_path_ro(void)
{
    static const char *v[] = {"/README.md", "/ls",          "/",
                              ".",          "..",           "/fz/..",
                              "/init",      "/nonexistent", "/fuzz"};
    if (chance(40))
        return (uint64) "/console";
    if (chance(2))
        return (uint64)v[below(NELEM(v))];
    return r_path_mod();
}

/* A working directory: inside /fz (or a failure). */
static uint64
r_cwd(void)
{
    static const char *v[] = {
        "/fz", "/fz/d0", "/fz/d1",       "/fz/d0/e", "d0",
        "e",   "/fz/a",  "/nonexistent", "",         "/fz/abcdefghijklmno"};

    if (chance(8))
        return bad_ptr(); /* never junk: it could spell "/" */
    return (uint64)v[below(NELEM(v))];
}

/* A semaphore name, valid or not. */
static uint64
r_name(void)
{
    static const char *v[] = {"fzs", "//x", "/", "", "/fz/s", "/fzs0/"};

    switch (below(10)) {
    case 0:
        return (uint64)v[below(NELEM(v))];
    case 1:
        return (uint64)too_long_name;
    case 2:
        return bad_ptr(); /* junk could name a semaphore we miss */
    case 3:
        return edge_string();
    case 4:
        return (uint64)long_str;
    }
    return (uint64)names[below(NAMES)];
}

/* ---- registry: progress, failures, protected objects ---- */

static struct slot *
me(void)
{
    return my_slot >= 0 ? &reg->slot[my_slot] : 0;
}

/* Record the call about to be made, for the watchdog and messages. */
static void
note(int call, long a0, long a1, long a2)
{
    struct slot *s = me();

    cur_call = call;
    if (s) {
        s->call = call;
        s->args[0] = a0;
        s->args[1] = a1;
        s->args[2] = a2;
        s->beat++;
    }
    __atomic_fetch_add(&reg->calls, 1, __ATOMIC_RELAXED);
}

/* Record a kernel misbehaviour seen by this process. */
static void
bug(const char *why)
{
    struct slot *s = me();
    int i = __atomic_fetch_add(&reg->nfail, 1, __ATOMIC_RELAXED);

    if (i >= NFAIL || s == 0)
        return;
    snprintf(reg->fail[i], FAIL_LEN, "pid %d: %s(%p, %p, %p): %s", getpid(),
             call_name[s->call], (void *)s->args[0], (void *)s->args[1],
             (void *)s->args[2], why);
}

/* Check the result of the noted call: -1 must come with a sane errno. */
static long
check(long r)
{
    if (cur_call > 0 && cur_call < NSYS_BOUND) {
        __atomic_fetch_add(&reg->tried[cur_call], 1, __ATOMIC_RELAXED);
        if (r != -1)
            __atomic_fetch_add(&reg->worked[cur_call], 1, __ATOMIC_RELAXED);
    }
    if (r == -1 && (errno <= 0 || errno > 133))
        bug("failed with an impossible errno");
    if (r == -1 && errno == ENOSYS)
        bug("ENOSYS for a listed call");
    return r;
}

/* A call whose only output went through a surely bad pointer. */
static void
must_fail(long r, int bad)
{
    if (bad && r >= 0)
        bug("succeeded with an unwritable output pointer");
}

static int
protect_sem(int id)
{
    return id == mutex_id ? id + (1 << 10) : id;
}

static int
protect_shm(int id)
{
    return id == reg_id ? id + (1 << 10) : id;
}

/* ---- ids ---- */

static void
remember(int *pool, int *n, int id)
{
    pool[*n % MAX_IDS] = id;
    (*n)++;
}

/* An id: one of ours (maybe stale), a foreign one listed by lister,
 * a changed sequence number, or junk. */
static int
r_id(int *pool, int n, int (*lister)(int *, unsigned, unsigned *), int seqshift)
{
    int id = n > 0 ? pool[below(n < MAX_IDS ? n : MAX_IDS)] : 0;

    switch (below(10)) {
    case 0:
        return -1;
    case 1:
        return 0;
    case 2:
        return (int)rnd();
    case 3:
        return id + (1 << seqshift); /* same slot, other sequence */
    case 4:
        return (int)below(64) | (int)below(8) << seqshift;
    case 5:
        if (lister == 0)
            break;
        note(lister == msgids   ? SYS_msgids
             : lister == semids ? SYS_semids
                                : SYS_shmids,
             (long)list, NELEM(list), (long)&list_n);
        if (check(lister(list, NELEM(list), &list_n)) == 0 && list_n > 0)
            return list[below(list_n < 64 ? list_n : 64)];
    }
    return id;
}

/* ---- the calls: one function each ---- */

static int spawn(int worker_id);
static int fork_lock(int op);
static void own_pages(void);

static void
fz_fork(void)
{
    spawn(-1);
}

static void
fz_exit(void)
{
    static const long v[] = {0, 1, 2, 255, 256, -1, 0x12345};

    if (!chance(4))
        return; /* most processes end when their calls run out */
    long status = v[below(NELEM(v))];

    note(SYS_exit, status, 0, 0);
    exit(status);
}

static void
fz_waitpid(void)
{
    static const long opts[] = {WNOHANG, WNOHANG, 0, 2, -1, WNOHANG | 4};
    int bad;
    long pid = nkids && chance(2) ? kids[below(nkids)] : r_int();
    uint64 st = chance(3) ? 0 : r_out(&bad);

    if (st == 0)
        bad = 0; /* NULL: do not store the status */
    long opt = opts[below(NELEM(opts))];

    if (chance(3))
        pid = -1;
    note(SYS_waitpid, pid, st, opt);
    long r = check(waitpid(pid, (int *)st, opt));
    if (st != 0)
        must_fail(r > 0 ? r : -1, bad);
}

static void
fz_pipe(void)
{
    int bad = 0;
    uint64 p = chance(4) ? r_out(&bad) : (uint64)out_fds;

    note(SYS_pipe, p, 0, 0);
    long r = check(pipe((int *)p));
    if (p != (uint64)out_fds)
        must_fail(r, bad);
}

static void
fz_read(void)
{
    int bad;
    long fd = chance(5) ? r_int() : below(NOFILE + 2);
    uint64 buf = r_out(&bad), n = r_size();

    note(SYS_read, fd, buf, n);
    check(read(fd, (void *)buf, n));
}

static void
fz_write(void)
{
    long fd = chance(5) ? r_int() : below(NOFILE + 2);
    uint64 buf = r_in(), n = r_size();

    note(SYS_write, fd, buf, n);
    check(write(fd, (void *)buf, n));
}

static void
fz_kill(void)
{
    long pid;

    switch (below(7)) {
    case 0:
        pid = chance(2) && chance(10) ? 0 : -1;
        break;
    case 1: /* nobody has these */
        pid = 0x7fffffff - below(100);
        break;
    case 2: /* ourselves, now and then */
        pid = chance(10) ? getpid() : -1;
        break;
    case 3: /* our group (only us and our children), or a kid's */
        pid = chance(10) ? -getpgrp() : nkids ? -kids[below(nkids)] : -1;
        break;
    default:
        if (nkids == 0)
            return;
        pid = kids[below(nkids)];
    }
    note(SYS_kill, pid, 0, 0);
    if (check(kill(pid)) == 0)
        __atomic_fetch_add(&reg->kills, 1, __ATOMIC_RELAXED);
}

/* exec: paths that cannot run, bad arguments, or "/fuzz -x", which
 * exits at once.  Never anything under /fz: a file there holds random
 * data, which may be a copy of a real program (init would power off). */
static void
fz_exec(void)
{
    static const char *paths[] = {"/nonexistent", "/", "/README.md", "",
                                  "/README.md/x"};
    uint64 path = chance(4) ? bad_ptr() : (uint64)paths[below(5)];
    uint64 argv = (uint64)exec_argv;
    int n = 0;

    exec_argv[n++] = "fuzz";
    exec_argv[n++] = "-x";
    switch (below(6)) {
    case 0: /* EFAULT: a bad string pointer */
        exec_argv[n++] = (char *)bad_ptr();
        break;
    case 1: /* E2BIG: too many arguments */
        while (n < MAXARG + 2)
            exec_argv[n++] = "x";
        break;
    case 2: /* E2BIG: an argument longer than a page */
        exec_argv[n++] = long_str;
        break;
    case 3: /* EFAULT: a bad argv */
        argv = bad_ptr();
        break;
    case 4: /* ENAMETOOLONG */
        path = (uint64)long_str;
        break;
    default:
        if (chance(3)) {
            path = (uint64) "/fuzz"; /* success */
            __atomic_fetch_add(&reg->execs, 1, __ATOMIC_RELAXED);
        }
    }
    exec_argv[n] = 0;
    note(SYS_exec, path, argv, n);
    check(exec((char *)path, (char **)argv));
}

static void
fz_fstat(void)
{
    int bad;
    long fd = chance(5) ? r_int() : below(NOFILE + 2);
    uint64 st = r_out(&bad);

    note(SYS_fstat, fd, st, 0);
    must_fail(check(fstat(fd, (struct stat *)st)), bad);
}

static void
fz_lseek(void)
{
    static const long offs[] = {
        0, 1, -1, 1024, 0x7fffffffL, 0xffffffffL, 0x100000000L, -0x100000000L};
    long fd = chance(5) ? r_int() : below(NOFILE + 2);
    long off = chance(4) ? r_int() : offs[below(NELEM(offs))];
    long whence = chance(6) ? r_int() : below(3);

    note(SYS_lseek, fd, off, whence);
    check(lseek(fd, off, whence));
}

/* mmap: each flag, prot and error path; the address a hint, in the
 * window or not, or MAP_FIXED.  A mapping made stays until fz_munmap
 * hits it or the process ends (exit writes shared ones back). */
static void
fz_mmap(void)
{
    static const long lens[] = {0, 1, 4096, 8192, 3 * 4096 + 5, -1};
    static const long offs[] = {0, 4096, 100, -4096, 0x100000000L};
    long addr = chance(3) ? 0x30000000L + below(64) * 4096 + below(2) : 0;
    long len = chance(5) ? r_int() : lens[below(NELEM(lens))];
    long prot = chance(6) ? r_int() : below(4);
    long flags = chance(6) ? r_int() : below(3) | (chance(4) ? 0x10 : 0);
    long fd = chance(5) ? r_int() : below(NOFILE + 2);
    long off = offs[below(NELEM(offs))];

    note(SYS_mmap, addr, len, prot);
    check((long)mmap((void *)addr, len, prot, flags, fd, off));
}

/* munmap: in the mmap window or anywhere, any length. */
static void
fz_munmap(void)
{
    long addr = chance(4) ? r_int() : 0x30000000L + below(64) * 4096;
    long len = chance(4) ? r_int() : (1 + below(4)) * 4096;

    note(SYS_munmap, addr, len, 0);
    check(munmap((void *)addr, len));
}

static void
fz_chdir(void)
{
    uint64 path = r_cwd();

    note(SYS_chdir, path, 0, 0);
    check(chdir((char *)path));
}

static void
fz_dup(void)
{
    long fd = chance(4) ? r_int() : below(NOFILE + 2);

    note(SYS_dup, fd, 0, 0);
    check(dup(fd));
}

static void
fz_getpid(void)
{
    note(SYS_getpid, 0, 0, 0);
    if (check(raw_getpid()) <= 1)
        bug("getpid returned init's pid or less");
    if (getpid() != raw_getpid())
        bug("the shared page's pid is not getpid's");
}

/* trace with a random mask, for one getpid only: a mask left on would
 * bury the run in trace lines.  The old mask must come back. */
static void
fz_trace(void)
{
    long mask = r_int() & ~(1L << SYS_trace);

    note(SYS_trace, mask, 0, 0);
    if (check(trace(mask)) != 0)
        bug("trace: a mask was left on");
    getpid();
    if (trace(0) != (mask & ~(1L << 63)))
        bug("trace did not return the mask it was given");
}

/*
 * Take every free page (sbrk until ENOMEM, in shrinking steps) and keep
 * them for SQUEEZE_CALLS of our calls: meanwhile every process's
 * allocations fail, which is what error paths are for.
 */
static void
squeeze(void)
{
    /* Flagged under the fork lock: the launcher does not fork while a
     * squeeze is on (see spawn). */
    if (me() == 0 || fork_lock(-1) < 0)
        return;
    me()->squeezing = 1;
    fork_lock(1);
    for (long step = 1 << 20; step >= PGSIZE;) {
        note(SYS_sbrk, step, 0, 0);
        if (check(sbrk(step) == (char *)-1 ? -1 : 0) < 0) {
            step /= 16;
            continue;
        }
        brk += step;
        squeezed += step;
    }
    squeeze_left = SQUEEZE_CALLS;
}

/* Give back what squeeze took (sbrk may have shrunk the heap since). */
static void
unsqueeze(void)
{
    long room = (long)(brk - heap_lo), give = squeezed < room ? squeezed : room;

    note(SYS_sbrk, -give, 0, 0);
    if (check(sbrk(-give) == (char *)-1 ? -1 : 0) == 0)
        brk -= give;
    squeezed = 0;
    me()->squeezing = 0;
}

static void
fz_sbrk(void)
{
    static const long v[] = {0,
                             1,
                             4095,
                             4096,
                             4097,
                             -1,
                             -4096,
                             1 << 20,
                             -(1 << 20),
                             1L << 40,
                             -(1L << 40),
                             (long)(1UL << 63),
                             0x7fffffffffffffffL};
    long n = v[below(NELEM(v))];

    if (squeezed == 0 && chance(20)) {
        squeeze();
        return;
    }
    if (n > 0 && n < (1L << 30) && brk - heap_lo + n > HEAP_CAP)
        n = -(long)((brk - heap_lo) / 2);
    note(SYS_sbrk, n, 0, 0);
    char *old = sbrk(n);
    if (check(old == (char *)-1 ? -1 : 0) < 0)
        return;
    if ((uint64)old != brk)
        bug("sbrk returned an old break we did not have");
    brk += n;
}

static void
fz_sleep(void)
{
    long n = chance(30) ? 10 * HZ : chance(4) ? -1 : (long)below(3);

    note(SYS_sleep, n, 0, 0);
    check(sleep(n));
}

static void
fz_uptime(void)
{
    note(SYS_uptime, 0, 0, 0);
    check(raw_uptime());
}

static void
fz_open(void)
{
    static const int acc[] = {O_RDONLY, O_WRONLY, O_RDWR, O_ACCMODE};
    uint64 path;
    int flags;

    if (chance(2)) {
        path = r_path_mod();
        flags = acc[below(4)] | (chance(2) ? O_CREAT : 0) |
                (chance(4) ? O_EXCL : 0) | (chance(4) ? O_TRUNC : 0);
    } else {
        path = r_path_ro();
        flags = chance(8) ? O_ACCMODE : O_RDONLY;
    }
    note(SYS_open, path, flags, 0);
    check(open((char *)path, flags));
}

static void
fz_mknod(void)
{
    static const long majors[] = {0, 2, 9, NDEV, -1, 32767, 0x10000};
    uint64 path = r_path_mod();
    long major = majors[below(NELEM(majors))], minor = r_int();

    note(SYS_mknod, path, major, minor);
    check(mknod((char *)path, major, minor));
}

static void
fz_unlink(void)
{
    uint64 path = r_path_mod();

    note(SYS_unlink, path, 0, 0);
    check(unlink((char *)path));
}

static void
fz_link(void)
{
    uint64 old = chance(6) ? (uint64) "/fz" : r_path_mod(), new = r_path_mod();

    note(SYS_link, old, new, 0);
    check(link((char *)old, (char *)new));
}

/* symlink: targets only under /fz (a link to "/" would let a later
 * O_CREAT or chdir through it reach outside), links to links and
 * loops among them, bad and too long targets. */
static void
fz_symlink(void)
{
    static const char *targets[] = {"/fz/a", "/fz/b",  "/fz/d0",  "/fz/d0/e",
                                    "/fz/c", "/fz/zz", "/fz/d1/c"};
    uint64 target = (uint64)targets[below(NELEM(targets))];
    uint64 path = r_path_mod();

    if (chance(8))
        target = chance(2) ? bad_ptr() : (uint64)long_str;
    note(SYS_symlink, target, path, 0);
    check(symlink((char *)target, (char *)path));
}

static void
fz_mkdir(void)
{
    uint64 path = r_path_mod();

    note(SYS_mkdir, path, 0, 0);
    check(mkdir((char *)path));
}

static void
fz_close(void)
{
    long fd = chance(4) ? r_int() : below(NOFILE + 2);

    note(SYS_close, fd, 0, 0);
    check(close(fd));
}

static void
fz_ids(void)
{
    note(SYS_getppid, 0, 0, 0);
    check(getppid());
    note(SYS_getuid, 0, 0, 0);
    check(getuid());
    note(SYS_getgid, 0, 0, 0);
    check(getgid());
}

static void
fz_setuid(void)
{
    static const long v[] = {0, 1, 7, 1000, 65535, -1, 0x7fffffff};
    long id = v[below(NELEM(v))];
    int gid = chance(2);

    if (!chance(8))
        id = gid ? getgid() : getuid(); /* mostly: keep who we are */
    note(gid ? SYS_setgid : SYS_setuid, id, 0, 0);
    check(gid ? setgid(id) : setuid(id));
}

static void
fz_bootargs(void)
{
    int bad;
    uint64 buf = r_out(&bad);
    long n = chance(3) ? r_int() : 1 + below(200);

    note(SYS_bootargs, buf, n, 0);
    long r = check(bootargs((char *)buf, n));
    if (n > 0)
        must_fail(r, bad);
}

static void
fz_sysinfo(void)
{
    int bad;
    uint64 buf = r_out(&bad);

    note(SYS_sysinfo, buf, 0, 0);
    must_fail(check(sysinfo((struct sysinfo *)buf)), bad);
}

static void
fz_procs(void)
{
    int bad, lock = chance(2);
    uint64 buf = r_out(&bad);
    long n = chance(3) ? r_int() : below(80);

    note(lock ? SYS_lockstat : SYS_procs, buf, n, 0);
    long r = check(lock ? lockstat((struct lockinfo *)buf, n)
                        : procs((struct procinfo *)buf, n));
    must_fail(r > 0 ? r : -1, bad);
}

static int
r_ksem(void)
{
    return r_id(ksem_ids, nksem, 0, 16);
}

static void
fz_ksem_init(void)
{
    static const uint64 v[] = {
        0, 1, 2, SEM_VALUE_MAX, SEM_VALUE_MAX + 1UL, 0xffffffff};
    int bad = 0;
    uint64 val = v[below(NELEM(v))];
    uint64 idp = chance(4) ? r_out(&bad) : (uint64)&out_id;

    note(SYS_ksem_init, val, idp, 0);
    long r = check(ksem_init(val, (int *)idp));
    if (idp == (uint64)&out_id && r == 0)
        remember(ksem_ids, &nksem, out_id);
    else if (idp != (uint64)&out_id)
        must_fail(r, bad);
}

static void
fz_ksem_open(void)
{
    static const int flags[] = {0,      O_CREAT,          O_CREAT | O_EXCL,
                                O_EXCL, O_CREAT | O_RDWR, 0x7fffffff};
    static const int modes[] = {0600, 0666, 0, 0400, 0777, -1};
    static const uint64 vals[] = {0, 1, SEM_VALUE_MAX, SEM_VALUE_MAX + 1UL};
    int bad = 0;
    uint64 name = r_name(), idp = chance(5) ? r_out(&bad) : (uint64)&out_id;
    int flag = flags[below(NELEM(flags))];

    note(SYS_ksem_open, name, flag, idp);
    long r = check(ksem_open((char *)name, flag, modes[below(NELEM(modes))],
                             vals[below(NELEM(vals))], (int *)idp));
    if (idp == (uint64)&out_id && r == 0)
        remember(ksem_ids, &nksem, out_id);
}

static void
fz_ksem_unlink(void)
{
    uint64 name = r_name();

    note(SYS_ksem_unlink, name, 0, 0);
    check(ksem_unlink((char *)name));
}

/* ksem_close, post, wait (rarely: it may block), trywait, destroy. */
static void
fz_ksem_op(void)
{
    int id = r_ksem(), op = below(6);

    switch (op) {
    case 0:
        note(SYS_ksem_close, id, 0, 0);
        check(ksem_close(id));
        break;
    case 1:
    case 2:
        note(SYS_ksem_post, id, 0, 0);
        check(ksem_post(id));
        break;
    case 3:
        if (chance(6)) {
            note(SYS_ksem_wait, id, 0, 0);
            check(ksem_wait(id));
            break;
        }
        note(SYS_ksem_trywait, id, 0, 0);
        check(ksem_trywait(id));
        break;
    case 4:
        note(SYS_ksem_trywait, id, 0, 0);
        check(ksem_trywait(id));
        break;
    default:
        note(SYS_ksem_destroy, id, 0, 0);
        check(ksem_destroy(id));
    }
}

static void
fz_ksem_getvalue(void)
{
    int bad, id = r_ksem();
    uint64 vp = r_out(&bad);

    note(SYS_ksem_getvalue, id, vp, 0);
    must_fail(check(ksem_getvalue(id, (int *)vp)), bad);
}

/* ---- System V IPC ---- */

static key_t
r_key(void)
{
    if (chance(3))
        return IPC_PRIVATE;
    if (chance(10))
        return (key_t)rnd();
    return KEY_BASE + below(NKEYS);
}

static int
r_ipcflag(void)
{
    static const int v[] = {0,
                            IPC_CREAT | 0666,
                            IPC_CREAT | IPC_EXCL | 0600,
                            IPC_CREAT,
                            IPC_EXCL,
                            0400,
                            IPC_CREAT | 0777 | 0x7000};
    return chance(2) ? IPC_CREAT | 0600 : v[below(NELEM(v))];
}

/* A command for the *ctl calls; RMID is common so tables do not fill. */
static int
r_cmd(void)
{
    static const int v[] = {IPC_RMID, IPC_RMID, IPC_STAT, IPC_STAT,
                            IPC_SET,  3,        -1,       99};
    return v[below(NELEM(v))];
}

static void
fz_msgget(void)
{
    key_t key = r_key();
    int flag = r_ipcflag();

    note(SYS_msgget, key, flag, 0);
    long r = check(msgget(key, flag));
    if (r >= 0)
        remember(msq_ids, &nmsq, r);
}

static void
fz_msgsnd(void)
{
    static const long types[] = {1, 2, 3, 0, -1, 0x7fffffffffffffffL};
    int id = r_id(msq_ids, nmsq, msgids, 10);
    uint64 buf = chance(4) ? r_in() : (uint64)in_buf;
    uint64 n = chance(2) ? below(MSGMAX + 2) : r_size();
    int flag = chance(8) ? 0 : IPC_NOWAIT;

    if (buf == (uint64)in_buf)
        *(long *)in_buf = types[below(NELEM(types))];
    note(SYS_msgsnd, id, buf, n);
    check(msgsnd(id, (void *)buf, n, flag));
}

static void
fz_msgrcv(void)
{
    static const long types[] = {0, 0, 0, 1, 2, -2, -0x7fffffffffffffffL, 77};
    int bad, id = r_id(msq_ids, nmsq, msgids, 10);
    uint64 buf = r_out(&bad), n = chance(4) ? r_size() : MSGMAX;
    int flag = (chance(8) ? 0 : IPC_NOWAIT) | (chance(2) ? MSG_NOERROR : 0);

    note(SYS_msgrcv, id, buf, n);
    check(msgrcv(id, (void *)buf, n, types[below(NELEM(types))], flag));
}

static void
fz_msgctl(void)
{
    int bad, id = r_id(msq_ids, nmsq, msgids, 10), cmd = r_cmd();
    uint64 buf = cmd == IPC_SET ? r_in() : r_out(&bad);

    note(SYS_msgctl, id, cmd, buf);
    check(msgctl(id, cmd, (struct msqid_ds *)buf));
}

static void
fz_semget(void)
{
    static const int v[] = {0, 1, 2, 5, SEMMSL, SEMMSL + 1, -1};
    key_t key = r_key();
    int n = v[below(NELEM(v))], flag = r_ipcflag();

    note(SYS_semget, key, n, flag);
    long r = check(semget(key, n, flag));
    if (r >= 0)
        remember(sem_ids, &nsemid, r);
}

static void
fz_semop(void)
{
    static const short ops[] = {-1, -1, 1, 1, 0, 2, -2, SEMVMX, -32768, 32767};
    static const uint64 counts[] = {1, 1,      2,          3,
                                    0, SEMOPM, SEMOPM + 1, (uint64)-1};
    int id = protect_sem(r_id(sem_ids, nsemid, semids, 10));
    uint64 n = counts[below(NELEM(counts))];
    uint64 buf = chance(6) ? r_in() : (uint64)sops;

    for (int i = 0; i < NELEM(sops); i++) {
        sops[i].sem_num = chance(6) ? (unsigned short)rnd() : below(4);
        sops[i].sem_op = ops[below(NELEM(ops))];
        sops[i].sem_flg =
            (chance(8) ? 0 : IPC_NOWAIT) | (chance(3) ? SEM_UNDO : 0);
    }
    note(SYS_semop, id, buf, n);
    check(semop(id, (struct sembuf *)buf, n));
}

static void
fz_semctl(void)
{
    static const int cmds[] = {IPC_RMID, IPC_STAT, IPC_SET, GETPID, GETVAL,
                               GETALL,   GETNCNT,  GETZCNT, SETVAL, SETALL,
                               IPC_RMID, 3,        -1,      100};
    int bad, id = protect_sem(r_id(sem_ids, nsemid, semids, 10));
    int cmd = cmds[below(NELEM(cmds))], num = chance(4) ? r_int() : below(4);
    long arg;

    if (cmd == SETVAL)
        arg = chance(4) ? r_int() : below(5);
    else if (cmd == IPC_SET || cmd == SETALL)
        arg = r_in();
    else
        arg = r_out(&bad);
    note(SYS_semctl, id, num, cmd);
    check(semctl(id, num, cmd, arg));
}

static void
fz_shmget(void)
{
    static const uint64 v[] = {1, 100,          4096,       4097,     10000,
                               0, SHMMAX + 1UL, (uint64)-1, 1UL << 32};
    key_t key = r_key();
    uint64 size = chance(200) ? SHMMAX
                  : chance(2) ? 1 + below(3 * PGSIZE)
                              : v[below(NELEM(v))];
    int flag = r_ipcflag();

    note(SYS_shmget, key, size, flag);
    long r = check(shmget(key, size, flag));
    if (r >= 0)
        remember(shm_ids, &nshm, r);
}

static void
fz_shmat(void)
{
    static const uint64 addrs[] = {0,
                                   0,
                                   0,
                                   SHM_BASE,
                                   SHM_BASE + SHMMAX,
                                   SHM_BASE + 1,
                                   SHM_BASE + PGSIZE,
                                   SHM_TOP,
                                   SHM_TOP - PGSIZE,
                                   PGSIZE,
                                   KERNBASE};
    int id = protect_shm(r_id(shm_ids, nshm, shmids, 10));
    uint64 addr = addrs[below(NELEM(addrs))];
    int flag = chance(3) ? SHM_RDONLY : chance(8) ? (int)rnd() : 0;

    note(SYS_shmat, id, addr, flag);
    char *p = shmat(id, (void *)addr, flag);
    if (check(p == (char *)-1 ? -1 : 0) < 0)
        return;
    if (nattach < MAX_ATTACH) {
        attach[nattach] = (uint64)p;
        attach_ro[nattach++] = (flag & SHM_RDONLY) != 0;
    }
    /* Use it: a store to a read-only attachment kills us, rarely. */
    volatile char *v = p;
    int off = below(PGSIZE);
    char c = v[off];
    if ((flag & SHM_RDONLY) == 0 || chance(50))
        v[off] = c + 1;
}

static void
fz_shmdt(void)
{
    int bad, i = nattach ? (int)below(nattach) : -1;
    uint64 addr = i >= 0 && chance(2) ? attach[i] : r_out(&bad);

    if (addr == (uint64)reg)
        return;
    note(SYS_shmdt, addr, 0, 0);
    if (check(shmdt((void *)addr)) == 0) {
        for (i = 0; i < nattach; i++) {
            if (attach[i] == addr) {
                attach[i] = attach[--nattach];
                attach_ro[i] = attach_ro[nattach];
                break;
            }
        }
    }
}

static void
fz_shmctl(void)
{
    int bad, id = protect_shm(r_id(shm_ids, nshm, shmids, 10)), cmd = r_cmd();
    uint64 buf = cmd == IPC_SET ? r_in() : r_out(&bad);

    note(SYS_shmctl, id, cmd, buf);
    check(shmctl(id, cmd, (struct shmid_ds *)buf));
}

/* msgids, semids, shmids with every kind of buffer and count. */
static void
fz_ids_list(void)
{
    static int (*listers[])(int *, unsigned, unsigned *) = {msgids, semids,
                                                            shmids};
    static const int calls[] = {SYS_msgids, SYS_semids, SYS_shmids};
    int bad, k = below(3);
    uint64 buf = chance(2) ? (uint64)list : r_out(&bad);
    uint64 n = buf == (uint64)list ? below(NELEM(list) + 1) : r_size();
    uint64 pn = chance(4) ? r_out(&bad) : (uint64)&list_n;

    note(calls[k], buf, n, pn);
    check(listers[k]((int *)buf, n, (unsigned *)pn));
}

/* A pid for the group calls: ours, a child's, nobody's, or junk. */
static long
r_pid(void)
{
    static const long v[] = {0, -1, 1, 0x7fffffff, -0x7fffffff};

    if (nkids && chance(2))
        return kids[below(nkids)];
    return chance(2) ? getpid() : v[below(NELEM(v))];
}

/* setpgid: only into a group of our own or our child's making (a
 * worker that joined another's group could end it with kill(0)). */
static void
fz_setpgid(void)
{
    long pid = r_pid(), pgid;

    switch (below(4)) {
    case 0:
        pgid = 0;
        break;
    case 1:
        pgid = getpgrp();
        break;
    case 2: /* invalid, or surely no group */
        pgid = chance(2) ? -1 : 0x7fffffffL - (long)below(100);
        break;
    default:
        pgid = pid > 0 && pid != getpid() ? pid : 0;
    }
    if (pid == 1 || pid < 0)
        pgid = chance(2) ? 0 : -1; /* init or junk: never a real group */
    note(SYS_setpgid, pid, pgid, 0);
    check(setpgid(pid, pgid));
}

static void
fz_pgids(void)
{
    long pid = r_pid();

    note(SYS_getpgid, pid, 0, 0);
    check(getpgid(pid));
    note(SYS_getsid, pid, 0, 0);
    check(getsid(pid));
    note(SYS_getpgrp, 0, 0, 0);
    check(getpgrp());
}

static void
fz_setsid(void)
{
    note(SYS_setsid, 0, 0, 0);
    check(setsid());
}

/* tcsetpgrp/tcgetpgrp on random descriptors (maybe the console, which
 * a session leader may take: its exit gives it back to init). */
static void
fz_tcpgrp(void)
{
    long fd = chance(5) ? r_int() : below(NOFILE + 2);
    long pgid = chance(2) ? getpgrp() : r_pid();

    if (chance(2)) {
        note(SYS_tcgetpgrp, fd, 0, 0);
        check(tcgetpgrp(fd));
        return;
    }
    note(SYS_tcsetpgrp, fd, pgid, 0);
    check(tcsetpgrp(fd, pgid));
}

/* schedctl: every op, junk ops and values.  Tickets stay within 50..
 * TICKETS_MAX when valid, so no worker's share falls so low that the
 * watchdog takes it for a hang; a policy switch is either policy. */
static void
fz_schedctl(void)
{
    static const long ops[] = {SCHED_GETPOLICY,
                               SCHED_SETPOLICY,
                               SCHED_SETTICKETS,
                               SCHED_GETTICKETS,
                               SCHED_CPUTICKS,
                               -1,
                               5,
                               0x7fffffff};
    static const long tickets[] = {
        0, -1, 50, TICKETS_DEFAULT, TICKETS_MAX, TICKETS_MAX + 1, 0x7fffffff};
    static const long policies[] = {SCHED_RR, SCHED_STRIDE, 2, -1};
    long op = ops[below(NELEM(ops))], arg = r_int();

    if (op == SCHED_SETTICKETS)
        arg = tickets[below(NELEM(tickets))];
    else if (op == SCHED_SETPOLICY)
        arg = policies[below(NELEM(policies))];
    else if (op == SCHED_GETTICKETS || op == SCHED_CPUTICKS)
        arg = r_pid();
    note(SYS_schedctl, op, arg, 0);
    check(schedctl(op, arg));
}

/* sigalarm with a handler that only counts and returns, stopping it,
 * and junk tick counts; sigreturn outside a handler (EINVAL);
 * kbacktrace into good and bad buffers. */
static volatile int fz_alarms;

static void
fz_alarm_handler(void)
{
    fz_alarms++;
    sigreturn();
}

/* clone with a stack never 16-byte aligned (always EINVAL: a thread
 * started at random would run loose in the fuzzer's memory); join of
 * any tid (the fuzzer has no threads: ECHILD), any stack_out. */
static void
fz_thread(void)
{
    int bad;

    if (chance(2)) {
        long fn = r_int(), stack = r_int() | 8;
        note(SYS_clone, fn, 0, stack);
        check(clone((void (*)(void *))fn, 0, (void *)stack));
        return;
    }
    long tid = r_int();
    uint64 out = r_out(&bad);
    note(SYS_join, tid, out, 0);
    check(join(tid, (void **)out));
}

static void
fz_alarm(void)
{
    static const long ticks[] = {0, 1, 2, 5, -1, 0x7fffffff};
    long n = chance(4) ? r_int() : ticks[below(NELEM(ticks))];
    int bad;

    switch (below(3)) {
    case 0:
        note(SYS_sigalarm, n, 0, 0);
        check(sigalarm(n, n ? fz_alarm_handler : 0));
        return;
    case 1:
        note(SYS_sigreturn, 0, 0, 0);
        check(sigreturn()); /* not in a handler: EINVAL */
        return;
    }
    uint64 buf = r_out(&bad);
    n = r_size();
    note(SYS_kbacktrace, buf, n, 0);
    check(kbacktrace((char *)buf, n));
}

/* vmprint: any pid, a buffer good or bad, any length and flags. */
static void
fz_vmprint(void)
{
    int bad;
    uint64 buf = r_out(&bad);
    long len = chance(3) ? r_int() : below(200);
    long flags = chance(4) ? r_int() : below(2);
    long pid = r_pid();

    note(SYS_vmprint, pid, buf, len);
    check(vmprint(pid, (char *)buf, len, flags));
}

/* pgaccess: our heap or a bad address, any count, a mask good or bad.
 * Clearing our own A bits harms nobody. */
static void
fz_pgaccess(void)
{
    int bad;
    uint64 mask = r_out(&bad);
    uint64 addr = chance(3) ? bad_ptr() : (heap_lo & ~(uint64)(PGSIZE - 1));
    long n = chance(3) ? r_int() : below(PGACCESS_MAX + 2);

    note(SYS_pgaccess, addr, n, mask);
    check(pgaccess((void *)addr, n, (unsigned long *)mask));
}

/* ---- the call table ---- */

struct op {
    int sys; /* the call it covers (coverage check) */
    void (*fn)(void);
    int weight;
};

static const struct op ops[] = {
    {SYS_fork, fz_fork, 3},
    {SYS_exit, fz_exit, 1},
    {SYS_waitpid, fz_waitpid, 3},
    {SYS_pipe, fz_pipe, 3},
    {SYS_read, fz_read, 6},
    {SYS_kill, fz_kill, 2},
    {SYS_exec, fz_exec, 2},
    {SYS_fstat, fz_fstat, 3},
    {SYS_chdir, fz_chdir, 2},
    {SYS_dup, fz_dup, 3},
    {SYS_getpid, fz_getpid, 1},
    {SYS_trace, fz_trace, 1},
    {SYS_sbrk, fz_sbrk, 3},
    {SYS_sleep, fz_sleep, 1},
    {SYS_uptime, fz_uptime, 1},
    {SYS_open, fz_open, 8},
    {SYS_write, fz_write, 6},
    {SYS_mknod, fz_mknod, 1},
    {SYS_unlink, fz_unlink, 4},
    {SYS_link, fz_link, 2},
    {SYS_mkdir, fz_mkdir, 3},
    {SYS_close, fz_close, 6},
    {SYS_getppid, fz_ids, 1},
    {SYS_getuid, fz_ids, 0},
    {SYS_getgid, fz_ids, 0},
    {SYS_setuid, fz_setuid, 1},
    {SYS_setgid, fz_setuid, 0},
    {SYS_bootargs, fz_bootargs, 1},
    {SYS_sysinfo, fz_sysinfo, 2},
    {SYS_procs, fz_procs, 1},
    {SYS_lockstat, fz_procs, 0},
    {SYS_ksem_init, fz_ksem_init, 3},
    {SYS_ksem_open, fz_ksem_open, 4},
    {SYS_ksem_unlink, fz_ksem_unlink, 2},
    {SYS_ksem_close, fz_ksem_op, 8},
    {SYS_ksem_post, fz_ksem_op, 0},
    {SYS_ksem_wait, fz_ksem_op, 0},
    {SYS_ksem_trywait, fz_ksem_op, 0},
    {SYS_ksem_destroy, fz_ksem_op, 0},
    {SYS_ksem_getvalue, fz_ksem_getvalue, 2},
    {SYS_msgget, fz_msgget, 3},
    {SYS_msgsnd, fz_msgsnd, 4},
    {SYS_msgrcv, fz_msgrcv, 4},
    {SYS_msgctl, fz_msgctl, 3},
    {SYS_msgids, fz_ids_list, 2},
    {SYS_semids, fz_ids_list, 0},
    {SYS_shmids, fz_ids_list, 0},
    {SYS_semget, fz_semget, 3},
    {SYS_semop, fz_semop, 5},
    {SYS_semctl, fz_semctl, 4},
    {SYS_shmget, fz_shmget, 3},
    {SYS_shmat, fz_shmat, 3},
    {SYS_shmdt, fz_shmdt, 3},
    {SYS_shmctl, fz_shmctl, 3},
    {SYS_setpgid, fz_setpgid, 2},
    {SYS_getpgid, fz_pgids, 1},
    {SYS_getpgrp, fz_pgids, 0},
    {SYS_getsid, fz_pgids, 0},
    {SYS_setsid, fz_setsid, 1},
    {SYS_tcsetpgrp, fz_tcpgrp, 2},
    {SYS_tcgetpgrp, fz_tcpgrp, 0},
    {SYS_symlink, fz_symlink, 2},
    {SYS_lseek, fz_lseek, 2},
    {SYS_schedctl, fz_schedctl, 1},
    {SYS_sigalarm, fz_alarm, 1},
    {SYS_sigreturn, fz_alarm, 0},
    {SYS_kbacktrace, fz_alarm, 0},
    {SYS_vmprint, fz_vmprint, 1},
    {SYS_pgaccess, fz_pgaccess, 1},
    {SYS_mmap, fz_mmap, 2},
    {SYS_munmap, fz_munmap, 2},
    {SYS_clone, fz_thread, 1},
    {SYS_join, fz_thread, 1},
};

/* Every call of kernel/syscalls.h but poweroff has an entry.  Returns:
 * the first call without one, or 0. */
static const char *
uncovered(void)
{
    for (int sys = 1; sys < NSYS_BOUND; sys++) {
        int found = sys == SYS_poweroff || call_name[sys] == 0;
        for (int i = 0; i < NELEM(ops) && !found; i++)
            found = ops[i].sys == sys;
        if (!found)
            return call_name[sys];
    }
    return 0;
}

static int weight[NELEM(ops)], total_weight;

/* Is name one of the comma-separated names in list? */
static int
named(const char *list, const char *name)
{
    int len = strlen(name);

    for (const char *p = list; p; p = strchr(p, ','), p = p ? p + 1 : 0)
        if (strncmp(p, name, len) == 0 && (p[len] == ',' || p[len] == 0))
            return 1;
    return 0;
}

/* Use only the ops for the calls named in the comma-separated list
 * only (every op when only is 0), to narrow a failure down.
 * Returns: 0, or -1 if nothing is left to call. */
static int
select_ops(const char *only)
{
    for (int i = 0; i < NELEM(ops); i++) {
        if (only != 0 && !named(only, call_name[ops[i].sys]))
            continue;
        for (int j = 0; j < NELEM(ops); j++) /* and its op's siblings */
            if (ops[j].fn == ops[i].fn)
                weight[j] = ops[j].weight;
    }
    for (int i = 0; i < NELEM(ops); i++)
        total_weight += weight[i];
    return total_weight > 0 ? 0 : -1;
}

static void
one_call(void)
{
    int r = below(total_weight);

    for (int i = 0; i < NELEM(ops); i++) {
        if (r < weight[i]) {
            ops[i].fn();
            return;
        }
        r -= weight[i];
    }
}

/* ---- workers ---- */

/* A worker's life: calls until the run's pool is used up, then exit,
 * waiting for its children or leaving them to init. */
static void
worker(void)
{
    for (int fd = 0; fd < 3; fd++)
        close(fd);
    cwd_ok = chdir("/fz") == 0;
    for (int try = 0; try < 3 && !cwd_ok; try++) {
        mkdir("/fz");
        cwd_ok = chdir("/fz") == 0;
    }
    if (sbrk(SCRATCH) != (char *)-1)
        brk += SCRATCH;
    while (__atomic_sub_fetch(&reg->pool, 1, __ATOMIC_RELAXED) >= 0) {
        one_call();
        if (squeeze_left > 0 && --squeeze_left == 0)
            unsqueeze();
    }
    if (chance(2)) {
        note(SYS_waitpid, -1, 0, 0);
        while (wait(0) > 0 || errno == EINTR)
            ;
    }
    note(SYS_exit, 0, 0, 0);
    exit(below(3));
}

/* Change slot i's pid from old to new, only if it is still old: a
 * slot's pid is written by the forking parent, the child and the
 * coordinator, in any order.  Returns: 1 if changed. */
static int
slot_set(int i, int old, int new)
{
    return __atomic_compare_exchange_n(&reg->slot[i].pid, &old, new, 0,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

/* Fork lock: semop on the control semaphore with SEM_UNDO. */
static int
fork_lock(int op)
{
    struct sembuf b = {0, op, SEM_UNDO};

    return semop(mutex_id, &b, 1);
}

/* Take a free registry slot for a child about to be forked; -1 if none.
 * Caller holds: the fork lock. */
static int
reserve_slot(void)
{
    for (int i = 0; i < REG_SLOTS; i++) {
        if (slot_set(i, 0, -1)) {
            reg->slot[i].beat = 0;
            reg->slot[i].squeezing = 0;
            reg->slot[i].call = SYS_fork;
            return i;
        }
    }
    return -1;
}

/* Is some live process squeezing memory now? */
static int
squeeze_on(void)
{
    for (int i = 0; i < REG_SLOTS; i++)
        if (reg->slot[i].pid > 0 && reg->slot[i].squeezing)
            return 1;
    return 0;
}

/*
 * Fork a process that makes random calls (worker_id >= 0: started by
 * the launcher).  The child is registered before it exists, so the
 * watchdog sees it from its first instant.  The launcher must outlive
 * squeezes: it forks only when none is on, and copies the pages it now
 * shares with the child before it lets go of the fork lock (which a
 * squeeze needs to start).  Returns: the child's pid, or -1.
 */
static int
spawn(int worker_id)
{
    struct sysinfo si;
    uint64 seed = rnd();
    int pid, slot;

    note(SYS_fork, worker_id, 0, 0);
    if (fork_lock(-1) < 0)
        return -1;
    if (sysinfo(&si) < 0 || si.nproc >= MAX_ALIVE ||
        (worker_id >= 0 && squeeze_on()) || (slot = reserve_slot()) < 0) {
        fork_lock(1);
        return -1;
    }
    child_slot = slot;
    pid = fork();
    if (pid == 0) {
        if (chance(4) || setsid() < 0)
            setpgid(0, 0); /* a group of its own: see Design */
        my_slot = child_slot;
        slot_set(my_slot, -1, getpid());
        nkids = 0;
        rng = seed ^ (uint64)(worker_id + 2) * 0x9e3779b97f4a7c15UL;
        if (rng == 0)
            rng = 1;
        __atomic_fetch_add(&reg->processes, 1, __ATOMIC_RELAXED);
        worker();
    }
    slot_set(slot, -1, pid > 0 ? pid : 0); /* unless the child did */
    if (pid > 0 && nkids < MAX_KIDS)
        kids[nkids++] = pid;
    if (pid > 0 && worker_id >= 0)
        own_pages();
    fork_lock(1);
    cur_call = SYS_fork;
    if (check(pid) < 0)
        return -1;
    __atomic_fetch_add(&reg->forks, 1, __ATOMIC_RELAXED);
    return pid;
}

/* ---- the coordinator: watchdog and report ---- */

static struct procinfo ptab[NPROC];
static uint64 seen_beat[REG_SLOTS];
static int seen_pid[REG_SLOTS], changed_at[REG_SLOTS], killed_at[REG_SLOTS];

/* State of pid in ptab (0: not there). */
static int
proc_state(int n, int pid)
{
    for (int i = 0; i < n; i++)
        if (ptab[i].pid == pid)
            return ptab[i].state;
    return 0;
}

/* Print what slot i's process is doing. */
static void
describe(const char *what, int i)
{
    struct slot *s = &reg->slot[i];
    int c = s->call > 0 && s->call < NSYS_BOUND ? s->call : 0;

    printf("fuzz: %s: pid %d in %s(%p, %p, %p)\n", what, s->pid,
           call_name[c] ? call_name[c] : "?", (void *)s->args[0],
           (void *)s->args[1], (void *)s->args[2]);
}

/*
 * One watchdog pass over the registry.  Returns: the processes still
 * alive, or -1 if one of them survived its kill for HANG_TICKS.
 */
static int
watch(int now)
{
    int n = procs(ptab, NPROC), alive = 0, hung = 0;

    for (int i = 0; i < REG_SLOTS; i++) {
        int pid = reg->slot[i].pid;
        if (pid == 0)
            continue;
        if (pid != seen_pid[i]) {
            /* New here: it may have been written after procs() took
             * its snapshot, so judge it next time. */
            seen_pid[i] = pid;
            seen_beat[i] = reg->slot[i].beat;
            changed_at[i] = now;
            killed_at[i] = 0;
            alive++;
            continue;
        }
        int st = pid > 0 ? proc_state(n, pid) : -1;
        if (st == 0 || st == ZOMBIE ||
            (pid < 0 && now - changed_at[i] > 10 * STUCK_TICKS)) {
            slot_set(i, pid, 0); /* gone (or a fork that never was) */
            continue;
        }
        alive++;
        if (reg->slot[i].beat != seen_beat[i]) {
            seen_beat[i] = reg->slot[i].beat;
            changed_at[i] = now;
        } else if (pid > 0 && killed_at[i] == 0 &&
                   now - changed_at[i] > STUCK_TICKS) {
            if (reg->watchdog < 3)
                describe("watchdog kills", i);
            reg->watchdog++;
            kill(pid);
            killed_at[i] = now;
        } else if (killed_at[i] && now - killed_at[i] > HANG_TICKS) {
            describe("HANG, killed but still there", i);
            hung = 1;
        }
    }
    return hung ? -1 : alive;
}

/* Print the calls that never ran or never succeeded: a fuzzer that
 * only ever gets errors tests little. */
static void
coverage(void)
{
    char line[400];
    int len = 0;

    for (int sys = 1; sys < NSYS_BOUND; sys++) {
        if (call_name[sys] == 0 || sys == SYS_poweroff || sys == SYS_exit ||
            reg->worked[sys] > 0 || (sys == SYS_exec && reg->execs > 0))
            continue;
        len += snprintf(line + len, sizeof(line) - len, " %s(%d tried)",
                        call_name[sys], reg->tried[sys]);
        if (len >= (int)sizeof(line))
            break;
    }
    if (len > 0)
        printf("fuzz: never succeeded:%s\n", line);
}

/* Make the control objects.  Returns: 0 or -1. */
static int
control_setup(void)
{
    static int mutex_set;

    if (mutex_id < 0 &&
        (mutex_id = semget(IPC_PRIVATE, 1, IPC_CREAT | 0666)) < 0)
        return mutex_id = -1;
    if (!mutex_set && semctl(mutex_id, 0, SETVAL, 1) < 0)
        return -1;
    mutex_set = 1;
    if (reg_id < 0 && (reg_id = shmget(IPC_PRIVATE, sizeof(struct registry),
                                       IPC_CREAT | 0666)) < 0)
        return reg_id = -1;
    reg = shmat(reg_id, (void *)SHM_BASE, 0); /* r_out avoids it */
    if (reg == (void *)-1)
        return -1;
    memset(reg, 0, sizeof(*reg));
    return 0;
}

/*
 * Take a private copy of every page this process shares copy-on-write
 * with its parent, by reading one byte of each page into a pipe and
 * back.  Afterwards neither side needs a free page to write its own
 * memory, so a worker squeezing memory dry cannot get the main process
 * or the coordinator killed by a failed copy-on-write fault.
 */
static void
own_pages(void)
{
    int fds[2];

    if (pipe(fds) < 0)
        return;
    for (uint64 a = 0; a < heap_lo; a += PGSIZE)
        if (write(fds[1], (char *)a, 1) == 1)
            read(fds[0], (char *)a, 1); /* text: EFAULT, byte dropped */
    close(fds[0]);
    close(fds[1]);
}

/* fork, tried again for a while when memory or slots are short (make
 * faults runs the fuzzer with allocations failing at random). */
static int
fork_patiently(void)
{
    int pid, tries = 0;

    while ((pid = fork()) < 0 && (errno == ENOMEM || errno == EAGAIN) &&
           ++tries < 100)
        sleep(1);
    return pid;
}

/* The launcher: keeps nworkers children of its own running while the
 * pool of calls lasts, then waits for them and exits. */
static void
launcher(int nworkers)
{
    int direct = 0, next = 0;

    own_pages();
    for (;;) {
        while (direct > 0 && waitpid(-1, 0, WNOHANG) > 0)
            direct--;
        if (reg->pool <= 0 && direct == 0)
            exit(0);
        while (direct < nworkers && reg->pool > 0 && spawn(next++) > 0)
            direct++;
        sleep(POLL_TICKS);
    }
}

/* Print the run's totals and every failure the workers recorded. */
static void
report(int start)
{
    printf("fuzz: %d calls, %d processes, %d forks, %d execs, %d kills, "
           "%d watchdog kills, %d ticks\n",
           reg->calls, reg->processes, reg->forks, reg->execs, reg->kills,
           reg->watchdog, uptime() - start);
    coverage();
    for (int i = 0; i < reg->nfail && i < NFAIL; i++)
        printf("fuzz: BUG %s\n", reg->fail[i]);
}

/*
 * The coordinator: make the control objects, start the launcher, watch
 * every process of the run until all are gone, report.  It never forks
 * after the launcher, so its pages stay its own (own_pages).  Exit
 * status: 0 clean, 1 a worker saw the kernel misbehave, 2 a hang or the
 * time limit, 3 no control objects.
 */
static void
coordinator(int nworkers, long calls)
{
    int start = uptime(), status = 0, alive, launcher_pid;

    own_pages();
    /* Tried again while an allocation fails (make faults); what one try
     * made is kept for the next. */
    for (int tries = 0; control_setup() < 0 && tries < 100; tries++)
        sleep(1);
    if (reg == 0 || reg == (void *)-1) {
        printf("fuzz: cannot make the control objects (errno %d)\n", errno);
        exit(3);
    }
    reg->pool = nworkers * calls;
    if ((launcher_pid = fork_patiently()) == 0)
        launcher(nworkers);
    for (;;) {
        if (launcher_pid > 0 && waitpid(launcher_pid, 0, WNOHANG) > 0)
            launcher_pid = 0;
        alive = watch(uptime());
        if (alive < 0 || uptime() - start > RUN_LIMIT) {
            printf("fuzz: %s; killing what is left\n",
                   alive < 0 ? "a process does not die" : "time limit");
            status = 2;
            for (int i = 0; i < REG_SLOTS; i++)
                if (reg->slot[i].pid > 0)
                    kill(reg->slot[i].pid);
            break;
        }
        if (launcher_pid <= 0 && alive == 0)
            break;
        sleep(POLL_TICKS);
    }
    report(start);
    if (reg->nfail > 0 && status == 0)
        status = 1;
    shmdt(reg);
    shmctl(reg_id, IPC_RMID, 0);
    semctl(mutex_id, 0, IPC_RMID);
    exit(status);
}

/* ---- main: snapshots, cleanup, verdict ---- */

static struct sysinfo before;
static int old_msq[IPC_TABLE_MAX], old_sem[IPC_TABLE_MAX];
static int old_shm[IPC_TABLE_MAX];
static unsigned int n_old_msq, n_old_sem, n_old_shm;
static int ids_now[IPC_TABLE_MAX];
static char verdict[200];

static void
complain(const char *what, long a, long b)
{
    int len = strlen(verdict);

    if (len < (int)sizeof(verdict) - 40)
        snprintf(verdict + len, sizeof(verdict) - len, "%s%s %d/%d",
                 len ? ", " : "", what, (int)a, (int)b);
}

static int
listed(int *v, unsigned int n, int id)
{
    for (unsigned int i = 0; i < n; i++)
        if (v[i] == id)
            return 1;
    return 0;
}

/* Remove every object of one facility that was not there at the start.
 * Returns: how many could not be removed. */
static int
remove_new(int (*lister)(int *, unsigned, unsigned *), int *old,
           unsigned int nold, int (*rm)(int))
{
    unsigned int n = 0;
    int bad = 0;

    if (lister(ids_now, IPC_TABLE_MAX, &n) < 0)
        return 1;
    for (unsigned int i = 0; i < n && i < IPC_TABLE_MAX; i++)
        if (!listed(old, nold, ids_now[i]) && rm(ids_now[i]) < 0)
            bad++;
    return bad;
}

static int
rm_msq(int id)
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

/* Remove path and, for a directory, everything under it.  Returns: the
 * number of names that could not be removed. */
static int
remove_tree(char *path, int depth)
{
    struct dirent de;
    struct stat st;
    int fd, bad = 0, len = strlen(path);

    /* Not stat(): it opens the path, which fails for a device node
     * without a driver; such a name must still go.  O_NOFOLLOW: a
     * symbolic link is removed, not what it names. */
    if ((fd = open(path, O_RDONLY | O_NOFOLLOW)) >= 0 && fstat(fd, &st) == 0 &&
        st.type == T_DIR && depth < 8) {
        while (read(fd, &de, sizeof(de)) == sizeof(de)) {
            if (de.inum == 0 || strncmp(de.name, ".", DIRSIZ) == 0 ||
                strncmp(de.name, "..", DIRSIZ) == 0 ||
                len + DIRSIZ + 2 > MAXPATH)
                continue;
            path[len] = '/';
            memmove(path + len + 1, de.name, DIRSIZ);
            path[len + 1 + DIRSIZ] = 0;
            bad += remove_tree(path, depth + 1);
            path[len] = 0;
        }
    }
    if (fd >= 0)
        close(fd);
    if (unlink(path) < 0 && errno != ENOENT) {
        printf("fuzz: cannot remove %s (errno %d)\n", path, errno);
        bad++;
    }
    return bad;
}

static int
same_counts(struct sysinfo *a, struct sysinfo *b)
{
    return a->freepages == b->freepages && a->nproc == b->nproc &&
           a->nksem == b->nksem && a->nmsq == b->nmsq && a->nsem == b->nsem &&
           a->nshm == b->nshm;
}

/* Clean up after the run and compare with the start; fills verdict. */
static void
cleanup_and_compare(void)
{
    char path[MAXPATH] = "/fz";
    struct sysinfo now;
    int bad, pid, status = 0;

    /* In a child: whatever the kernel caches per process (msg.c once
     * kept a destroyed queue's last message block in the remover) is
     * given back at exit and is not a leak. */
    if ((pid = fork()) == 0)
        exit(remove_new(msgids, old_msq, n_old_msq, rm_msq) +
             remove_new(semids, old_sem, n_old_sem, rm_sem) +
             remove_new(shmids, old_shm, n_old_shm, rm_shm));
    if (pid < 0 || waitpid(pid, &status, 0) != pid || status != 0)
        complain("IPC objects root cannot remove", WEXITSTATUS(status), 0);
    for (int i = 0; i < NAMES; i++)
        ksem_unlink(names[i]);
    if ((bad = remove_tree(path, 0)) != 0)
        complain("names under /fz root cannot remove", bad, 0);
    for (int t = 0; t < SETTLE_TICKS / POLL_TICKS; t++) {
        if (sysinfo(&now) == 0 && same_counts(&before, &now))
            return;
        sleep(POLL_TICKS);
    }
    if (now.freepages != before.freepages)
        complain("freepages", before.freepages, now.freepages);
    if (now.nproc != before.nproc)
        complain("nproc", before.nproc, now.nproc);
    if (now.nksem != before.nksem)
        complain("nksem", before.nksem, now.nksem);
    if (now.nmsq != before.nmsq)
        complain("nmsq", before.nmsq, now.nmsq);
    if (now.nsem != before.nsem)
        complain("nsem", before.nsem, now.nsem);
    if (now.nshm != before.nshm)
        complain("nshm", before.nshm, now.nshm);
}

static void
init_names(void)
{
    for (int i = 0; i < NAMES - 1; i++)
        snprintf(names[i], sizeof(names[i]), "/fzs%d", i);
    names[NAMES - 1][0] = '/';
    memset(names[NAMES - 1] + 1, 'n', SEM_NAME_MAX - 1); /* exactly max */
    too_long_name[0] = '/';
    memset(too_long_name + 1, 'm', SEM_NAME_MAX); /* one past */
    memset(long_str, 'q', sizeof(long_str) - 1);
    for (int i = 0; i < (int)sizeof(in_buf); i++)
        in_buf[i] = i * 7 + 1;
    heap_lo = brk = (uint64)sbrk(0);
    stack_guard = heap_lo - (USTACK_PAGES + 1) * PGSIZE;
}

/* Wait for the coordinator, at most RUN_LIMIT plus a margin.
 * Returns: its exit status, or -1. */
static int
wait_coordinator(int pid)
{
    int status, start = uptime();

    for (;;) {
        int r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
        if (r < 0 || uptime() - start > RUN_LIMIT + 60 * HZ) {
            kill(pid);
            return -1;
        }
        sleep(HZ / 2);
    }
}

int
main(int argc, char *argv[])
{
    char path[MAXPATH] = "/fz";
    long seed, calls, nworkers = NWORKERS;
    int pid, status;
    const char *missing;

    if (argc == 2 && strcmp(argv[1], "-x") == 0)
        exit(0); /* the program a successful exec runs */
    if (argc < 3 || argc > 5 || (calls = atoi(argv[2])) <= 0 ||
        (argc >= 4 &&
         ((nworkers = atoi(argv[3])) < 1 || nworkers > NWORKERS_MAX)) ||
        select_ops(argc == 5 ? argv[4] : 0) < 0) {
        fprintf(2,
                "usage: fuzz SEED ITER [NPROC [CALL,CALL...]]  "
                "(NPROC 1..%d)\n",
                NWORKERS_MAX);
        exit(2);
    }
    seed = strtol(argv[1], 0, 0);
    rng = (uint64)seed * 0x2545f4914f6cdd1dUL + 0x9e3779b97f4a7c15UL;
    init_names();
    printf("fuzz: seed %d: %d processes x %d calls\n", (int)seed, (int)nworkers,
           (int)calls);
    if ((missing = uncovered()) != 0) {
        printf("fuzz: seed %d FAILED: no fuzzing for system call %s\n",
               (int)seed, missing);
        exit(1);
    }
    msgids(old_msq, IPC_TABLE_MAX, &n_old_msq);
    semids(old_sem, IPC_TABLE_MAX, &n_old_sem);
    shmids(old_shm, IPC_TABLE_MAX, &n_old_shm);
    remove_tree(path, 0);
    if (sysinfo(&before) < 0 || mkdir("/fz") < 0) {
        printf("fuzz: seed %d FAILED: cannot start (errno %d)\n", (int)seed,
               errno);
        exit(1);
    }
    pid = fork_patiently();
    if (pid == 0)
        coordinator(nworkers, calls);
    status = pid < 0 ? -1 : wait_coordinator(pid);
    if (status != 0)
        complain(status == 1   ? "kernel misbehaved (BUG lines)"
                 : status == 2 ? "hang or time limit"
                               : "coordinator failed",
                 status, 0);
    cleanup_and_compare();
    if (verdict[0] == 0) {
        printf("fuzz: seed %d ok\n", (int)seed);
        exit(0);
    }
    printf("fuzz: seed %d FAILED %s\n", (int)seed, verdict);
    exit(1);
}
