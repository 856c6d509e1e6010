/*
 * vmmap: print a process's page table, one line per run of pages with
 * the same permissions (the vmprint system call, kernel/pgtbl.c).
 *
 *   vmmap          this process (vmmap itself)
 *   vmmap PID      process PID (root: any; others: only themselves)
 *   vmmap -k ...   the kernel half too
 *
 * Each line: START-END PERMS PAGES, PERMS being r w x u (user), g
 * (global: the kernel half) and c (copy-on-write), or '-'.
 */
#include "user/user.h"

int
main(int argc, char *argv[])
{
    static char buf[VMPRINT_MAX + 1];
    int flags = 0, pid = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-k") == 0)
            flags |= VMPRINT_KERNEL;
        else
            pid = atoi(argv[i]);
    }
    int n = vmprint(pid, buf, sizeof(buf), flags);
    if (n < 0) {
        fprintf(2, "vmmap: %s\n", strerror(errno));
        exit(1);
    }
    printf("%s", buf);
    if (n > VMPRINT_MAX)
        fprintf(2, "vmmap: %d more bytes not shown\n", n - VMPRINT_MAX);
    exit(0);
}
