/*
 * exechelper: a probe for tests/exittest.c.  Writes one line to fd 1,
 * "PID PPID UID GID", so a test can check what exec keeps: the pid,
 * the parent and the credentials.  With arguments it also writes them,
 * one per line after the first, to show argv arrived intact.
 */
#include "user/user.h"

int
main(int argc, char *argv[])
{
    int i;

    /* raw_getpid: the system call itself (getpid() only reads the
     * shared page), where doc/debugging.md's first session stops. */
    printf("%d %d %d %d\n", raw_getpid(), getppid(), getuid(), getgid());
    for (i = 1; i < argc; i++)
        printf("%s\n", argv[i]);
    exit(0);
}
