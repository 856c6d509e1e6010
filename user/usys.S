/*
 * System call stubs, one per line of kernel/syscalls.h.
 *
 * The C preprocessor expands SYSCALL(num, name) into a global function
 * `name` that loads the call number into a7 and traps with ecall.  The
 * arguments are already in a0..a5 where the C calling convention put
 * them, and the kernel's result comes back in a0.
 *
 * The kernel reports failure as a negative errno.  Every stub then
 * branches to one shared path, __syscall_error, which stores the
 * positive number in `errno` and returns -1.  The same -1 is what POSIX
 * asks of the calls that return pointers: sbrk's (char *)-1 and shmat's
 * (void *)-1 are both the all-ones word.
 *
 * semctl is variadic in user.h (its fourth argument, a union semun, is
 * there only for some commands).  On RISC-V LP64 a variadic integer or
 * pointer argument travels in the next free a-register exactly as a
 * fixed one would, so the plain stub serves it unchanged, as it does
 * waitpid's three fixed arguments.
 *
 * Each stub has two names: raw_<name>, always the system call itself,
 * and <name>, a weak symbol, so that the C library may define a
 * <name> of its own that does the work without a trap: user/ulib.c's
 * getpid() and uptime() read the shared page (kernel/pgtbl.c).  A weak
 * symbol gives way to an ordinary definition at link time; where there
 * is none, <name> is the stub.  raw_getpid() is what `bench null`
 * times: a real trap.
 *
 * A macro expands to a single line, so the instructions of one stub are
 * separated by ';', which the RISC-V assembler accepts as a statement
 * separator.
 */

#define SYSCALL(num, name)                                                     \
    .global raw_##name;                                                        \
    .weak name;                                                                \
    .type raw_##name, @function;                                               \
    .type name, @function;                                                     \
    raw_##name:                                                                \
    name:                                                                      \
    li a7, num;                                                                \
    ecall;                                                                     \
    bltz a0, __syscall_error;                                                  \
    ret;                                                                       \
    .size raw_##name, .- raw_##name;                                           \
    .size name, .- name;

    .text
#include "kernel/syscalls.h"

/*
 * Shared failure path: a0 holds -errno.  Store errno and return -1.
 */
    .type __syscall_error, @function
__syscall_error:
    neg a0, a0
    lla t0, errno
    sw a0, 0(t0)
    li a0, -1
    ret
    .size __syscall_error, . - __syscall_error
