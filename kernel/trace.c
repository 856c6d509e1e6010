/*
 * System-call tracing: trace(mask) and the lines it makes the kernel
 * write.
 *
 * Overview    A process that calls trace(mask) has every later system
 *             call whose number n has bit n set in mask reported, one
 *             line per call, on its standard error (fd 2), or on the
 *             console when fd 2 is not open:
 *                 [pid name] call(arg, ...) = result
 *             exit, which never returns, is reported before it runs
 *             with "= ?".  user/strace.c builds strace on it.
 *
 * Objects     p->tracemask: one bit per call number (numbers are below
 *             64).  syscall_names[] and syscall_args[]: each call's name
 *             (from kernel/syscalls.h) and the kinds of its arguments.
 *
 * Operations  trace(mask): the previous mask; never fails.  Bits of
 *             numbers no call has are kept and ignored; bit 63 is
 *             dropped, so the old mask never reads as an error.
 *             trace_syscall(p, num, args, result): called by syscall()
 *             after a traced call, writes its line.
 *             trace_exit(p, num, args): the same before a call that
 *             does not return.
 *
 * Design      The mask belongs to the process: fork copies it, exec
 *             keeps it, so `strace MASK prog` sets it and execs prog.
 *             The line goes to fd 2 through file_write_kernel, not to
 *             the kernel's printf, so a program can capture it in a
 *             pipe or a file as it does its own output (strace -o on a
 *             real system; the tests read it back).  Arguments are the
 *             registers a0.. as the call received them, saved before
 *             the handler ran (the result overwrites a0).  An int prints
 *             in decimal as the call sees it (fd -1 is -1), a pointer or
 *             a set of flags in hex; strings are not followed, so a
 *             trace line never reads user memory.  The result prints in
 *             decimal (-errno on failure), or hex when it does not fit
 *             in an int (sbrk's and shmat's addresses).  The kernel's own writes
 *             of trace lines are not system calls and are not traced.
 *
 * Locking     None: the mask is read and written only by its process
 *             (and by fork before the child runs).  Writing the line
 *             may sleep (a full pipe, the disk), as a write() would.
 *
 * Interfaces  sys_trace (kernel/syscalls.h); syscall.c calls
 *             trace_syscall and trace_exit; fork copies the mask.
 *
 * Origins     Written for Kite; the output resembles strace(1)'s.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"
#include "file.h"

#define TRACE_LINE 192 /* longest line: name, six hex args, result */

static const char *syscall_names[] = {
#define SYSCALL(num, name) [num] = #name,
#include "syscalls.h"
#undef SYSCALL
};

/*
 * Each call's arguments, one letter per argument, by number: d an int
 * (decimal), l a long (decimal), x a pointer, flags or a mask (hex).
 * A call added to syscalls.h gets a line here too, or its trace line
 * shows no arguments.
 */
static const char *syscall_args[] = {
    [1] = "",       /* fork */
    [2] = "d",      /* exit */
    [3] = "dxx",    /* waitpid */
    [4] = "x",      /* pipe */
    [5] = "dxd",    /* read */
    [6] = "d",      /* kill */
    [7] = "xx",     /* exec */
    [8] = "dx",     /* fstat */
    [9] = "x",      /* chdir */
    [10] = "d",     /* dup */
    [11] = "",      /* getpid */
    [12] = "l",     /* sbrk */
    [13] = "d",     /* sleep */
    [14] = "",      /* uptime */
    [15] = "xx",    /* open */
    [16] = "dxd",   /* write */
    [17] = "xdd",   /* mknod */
    [18] = "x",     /* unlink */
    [19] = "xx",    /* link */
    [20] = "x",     /* mkdir */
    [21] = "d",     /* close */
    [22] = "",      /* getppid */
    [23] = "",      /* getuid */
    [24] = "",      /* getgid */
    [25] = "d",     /* setuid */
    [26] = "d",     /* setgid */
    [27] = "xd",    /* bootargs */
    [28] = "d",     /* poweroff */
    [29] = "x",     /* sysinfo */
    [30] = "xd",    /* procs */
    [31] = "dx",    /* ksem_init */
    [32] = "xxxdx", /* ksem_open */
    [33] = "x",     /* ksem_unlink */
    [34] = "d",     /* ksem_close */
    [35] = "d",     /* ksem_post */
    [36] = "d",     /* ksem_wait */
    [37] = "d",     /* ksem_trywait */
    [38] = "dx",    /* ksem_getvalue */
    [39] = "d",     /* ksem_destroy */
    [40] = "dx",    /* msgget */
    [41] = "dxlx",  /* msgsnd */
    [42] = "dxllx", /* msgrcv */
    [43] = "ddx",   /* msgctl */
    [44] = "xdx",   /* msgids */
    [45] = "ddx",   /* semget */
    [46] = "dxd",   /* semop */
    [47] = "dddx",  /* semctl */
    [48] = "xdx",   /* semids */
    [49] = "dlx",   /* shmget */
    [50] = "dxx",   /* shmat */
    [51] = "x",     /* shmdt */
    [52] = "ddx",   /* shmctl */
    [53] = "xdx",   /* shmids */
    [54] = "xd",    /* lockstat */
    [55] = "dd",    /* setpgid */
    [56] = "d",     /* getpgid */
    [57] = "",      /* getpgrp */
    [58] = "",      /* setsid */
    [59] = "d",     /* getsid */
    [60] = "dd",    /* tcsetpgrp */
    [61] = "d",     /* tcgetpgrp */
    [62] = "x",     /* trace */
    [73] = "xxx",   /* clone */
    [74] = "dx",    /* join */
};

/* A line being built; overlong text is cut, never overrun. */
struct line {
    char buf[TRACE_LINE];
    int len;
};

static void
put_str(struct line *l, const char *s)
{
    while (*s && l->len < TRACE_LINE - 1)
        l->buf[l->len++] = *s++;
}

/* v in base 10 (signed) or 16 (with 0x). */
static void
put_num(struct line *l, long v, int base)
{
    char digits[24];
    uint64 u = (base == 10 && v < 0) ? -(uint64)v : (uint64)v;
    int i = 0;

    do {
        digits[i++] = "0123456789abcdef"[u % base];
        u /= base;
    } while (u);
    if (base == 10 && v < 0)
        put_str(l, "-");
    if (base == 16)
        put_str(l, "0x");
    while (i > 0 && l->len < TRACE_LINE - 1)
        l->buf[l->len++] = digits[--i];
}

/* An argument or result: decimal if it fits in an int, else hex. */
static void
put_value(struct line *l, long v)
{
    put_num(l, v, (v >= -2147483648L && v <= 2147483647L) ? 10 : 16);
}

/* Argument v of kind k (a letter of syscall_args). */
static void
put_arg(struct line *l, char k, uint64 v)
{
    if (k == 'd')
        put_num(l, (int)v, 10);
    else if (k == 'l')
        put_num(l, (long)v, 10);
    else
        put_num(l, (long)v, 16);
}

/* Write l to p's fd 2, or to the console if fd 2 is not open.  A
 * failed write (a pipe nobody reads any more, a killed process) loses
 * the line, as it would lose the process's own output. */
static void
trace_emit(struct proc *p, struct line *l)
{
    struct file *f = p->ofile[2];

    l->buf[l->len] = '\0';
    if (f == 0)
        printf("%s", l->buf);
    else
        (void)file_write_kernel(f, l->buf, l->len);
}

/* LAB syscall: BEGIN */
/* "[pid name] call(a0, a1, ...) = " into l. */
static void
trace_start(struct line *l, struct proc *p, uint64 num, uint64 *args)
{
    const char *kinds = 0, *name = 0;

    if (num < NELEM(syscall_names))
        name = syscall_names[num];
    if (num < NELEM(syscall_args))
        kinds = syscall_args[num];
    put_str(l, "[");
    put_num(l, p->pid, 10);
    put_str(l, " ");
    put_str(l, p->name);
    put_str(l, "] ");
    put_str(l, name ? name : "?");
    put_str(l, "(");
    for (int i = 0; kinds && kinds[i] && i < 6; i++) {
        if (i > 0)
            put_str(l, ", ");
        put_arg(l, kinds[i], args[i]);
    }
    put_str(l, ") = ");
}

/* Report call num of p, which returned result.
 * Sleeps: may, writing the line. */
void
trace_syscall(struct proc *p, uint64 num, uint64 *args, long result)
{
    struct line l = {.len = 0};

    trace_start(&l, p, num, args);
    put_value(&l, result);
    put_str(&l, "\n");
    trace_emit(p, &l);
}

/* Report call num of p before it runs: it will not return. */
void
trace_exit(struct proc *p, uint64 num, uint64 *args)
{
    struct line l = {.len = 0};

    trace_start(&l, p, num, args);
    put_str(&l, "?\n");
    trace_emit(p, &l);
}

/* trace(mask): trace the calls in mask from now on.
 * Returns: the previous mask. */
long
sys_trace(void)
{
    struct proc *p = myproc();
    uint64 old = p->tracemask;

    p->tracemask = argaddr(0) & ~(1UL << 63); /* results stay >= 0 */
    return old;
}
/* LAB syscall: STUB
// Lab: trace_syscall writes "[pid name] call(args) = result\n" for a
// call that returned; trace_exit the same line ending "= ?" before a
// call that never returns; sys_trace sets the calling process's mask
// and returns the old one.  See labs/syscall.md.  The tables and
// put_str, put_num, put_arg, put_value and trace_emit are yours to use.
void
trace_syscall(struct proc *p, uint64 num, uint64 *args, long result)
{
    (void)p, (void)num, (void)args, (void)result;
    (void)syscall_names, (void)syscall_args, (void)put_value;
    (void)put_arg;
    (void)trace_emit;
}

void
trace_exit(struct proc *p, uint64 num, uint64 *args)
{
    (void)p, (void)num, (void)args;
}

long
sys_trace(void)
{
    return 0;
}
   LAB syscall: END */
