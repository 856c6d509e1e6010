/*
 * System call dispatch.
 *
 * Overview    ecall from user mode lands in usertrap(), which calls
 *             syscall(): the number is in a7, arguments in a0..a5, and
 *             the handler's result (>= 0, or -errno) goes back in a0.
 * Objects     syscalls[]: the one table, built from syscalls.h.
 * Operations  syscall; argstr fetches a string argument (argint and
 *             argaddr, inline in proc.h, read the others);
 *             fetchaddr/fetchstr read user memory for handlers.
 * Design      An unknown number is -ENOSYS (the only place ENOSYS is
 *             produced: every listed call is implemented).
 * Locking     None of its own.
 * Origins     Written for Kite; X-macro table as in STYLE.md.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"

#define SYSCALL(num, name) long sys_##name(void);
#include "syscalls.h"
#undef SYSCALL

static long (*syscalls[])(void) = {
#define SYSCALL(num, name) [num] = sys_##name,
#include "syscalls.h"
#undef SYSCALL
};

/* Read the uint64 at user address addr.  Returns: 0 or -EFAULT. */
int
fetchaddr(uint64 addr, uint64 *ip)
{
    return copyin(myproc()->pagetable, ip, addr, sizeof(*ip));
}

/* Copy the user string at addr.  Returns: its length or -errno. */
int
fetchstr(uint64 addr, char *buf, int max)
{
    int err = copyinstr(myproc()->pagetable, buf, addr, max);
    return err < 0 ? err : strlen(buf);
}

/* Fetch argument n as a string.  Returns: its length or -errno. */
int
argstr(int n, char *buf, int max)
{
    return fetchstr(argaddr(n), buf, max);
}

/* Run the system call p asked for (p: the caller, from usertrap). */
void
syscall(struct proc *p)
{
    uint64 num = p->trapframe->a7;
    /* LAB syscall: BEGIN */
    uint64 args[6];
    int traced = trace_on(p, num);
    if (traced) {
        memmove(args, &p->trapframe->a0, sizeof(args)); /* a0..a5 */
        if (num < NELEM(syscalls) && syscalls[num] == sys_exit)
            trace_exit(p, num, args); /* exit does not come back */
    }
    /* LAB syscall: STUB
       LAB syscall: END */
    if (num < NELEM(syscalls) && syscalls[num])
        p->trapframe->a0 = syscalls[num]();
    else
        p->trapframe->a0 = -ENOSYS;
    /* LAB syscall: BEGIN */
    if (traced)
        trace_syscall(p, num, args, (long)p->trapframe->a0);
    /* LAB syscall: STUB
    // Lab: report a call traced by p->tracemask (trace_on) with
    // trace_syscall, and exit, which never returns, with trace_exit
    // before it runs.  See labs/syscall.md.
       LAB syscall: END */
}
