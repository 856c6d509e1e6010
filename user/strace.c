/*
 * strace: run a program with some of its system calls traced.
 *
 *   strace MASK PROG [ARG...]
 *
 * MASK is a number (decimal, or hex with 0x: bit n traces call n) or a
 * comma-separated list of call names ("read,write"), or "all".  strace
 * sets the mask with trace() and execs PROG, which keeps it, as do the
 * children PROG forks.  The kernel writes one line per traced call on
 * the traced process's fd 2:  [pid name] call(args) = result
 */
#include "user/user.h"

/* LAB syscall: BEGIN */
static const char *names[] = {
#define SYSCALL(num, name) [num] = #name,
#include "kernel/syscalls.h"
#undef SYSCALL
};

#define NNAMES ((int)(sizeof(names) / sizeof(names[0])))

/* The number of the call called name, or -1. */
static int
call_number(const char *name, int len)
{
    for (int i = 0; i < NNAMES; i++)
        if (names[i] && (int)strlen(names[i]) == len &&
            strncmp(names[i], name, len) == 0)
            return i;
    return -1;
}

/* Parse MASK into *mask.  Returns: 0, or -1 with a message printed. */
static int
parse_mask(const char *s, long *mask)
{
    char *end;

    if (strcmp(s, "all") == 0) {
        /* The mask has 63 usable bits: calls numbered 63 and up (the
         * lab calls added later) cannot be traced. */
        *mask =
            NNAMES >= 63 ? 0x7fffffffffffffffL : (long)((1UL << NNAMES) - 1);
        return 0;
    }
    if (s[0] >= '0' && s[0] <= '9') {
        *mask = strtol(s, &end, 0);
        if (*end == '\0' && *mask >= 0)
            return 0;
        fprintf(2, "strace: bad mask %s\n", s);
        return -1;
    }
    *mask = 0;
    while (*s) {
        const char *comma = strchr(s, ',');
        int len = comma ? comma - s : (int)strlen(s);
        int n = call_number(s, len);
        if (n < 0) {
            fprintf(2, "strace: no system call named %.*s\n", len, s);
            return -1;
        }
        if (n >= 63) {
            fprintf(2, "strace: %.*s (%d) cannot be traced: calls 0-62 only\n",
                    len, s, n);
            return -1;
        }
        *mask |= 1L << n;
        s += comma ? len + 1 : len;
    }
    return 0;
}

int
main(int argc, char *argv[])
{
    long mask;

    if (argc < 3) {
        fprintf(2, "usage: strace MASK|all|call,call... PROG [ARG...]\n");
        exit(2);
    }
    if (parse_mask(argv[1], &mask) < 0)
        exit(2);
    char path[128];
    if (strchr(argv[2], '/'))
        snprintf(path, sizeof(path), "%s", argv[2]);
    else
        snprintf(path, sizeof(path), "/%s", argv[2]); /* as the shell */
    trace(mask);
    exec(path, argv + 2);
    trace(0);
    fprintf(2, "strace: exec %s: %s\n", path, strerror(errno));
    exit(1);
}
/* LAB syscall: STUB
// Lab: parse MASK (a number, "all", or call names separated by commas:
// kernel/syscalls.h has the names), set it with trace() and exec the
// program.  See labs/syscall.md.
int
main(int argc, char *argv[])
{
    (void)argc, (void)argv;
    fprintf(2, "strace: not written yet\n");
    exit(1);
}
   LAB syscall: END */
