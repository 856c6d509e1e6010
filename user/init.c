/*
 * init: the first user process (pid 1).  It opens the console as file
 * descriptors 0, 1 and 2, creating the device node on a fresh disk,
 * then reads the boot arguments.  With `run=PROG ARGS...` it runs that
 * one command, reaps every other child that comes its way, and powers
 * the machine off with the command's exit status: this is how headless
 * test runs report to the host.  Otherwise it keeps a shell on the
 * console, starting a new one whenever the last one ends.  Orphans are
 * given to init by the kernel, so both loops reap whatever child
 * exits.  Init must never exit: the kernel treats that as fatal.  When
 * memory is short, a fork or exec is tried again a little later (the
 * kernel never lets init itself fault for want of memory: doc/memory.md).
 */
#include "user/user.h"

#define CONSOLE_MAJOR 1
#define SPAWN_TRIES 500
#define SPAWN_WAIT 2 /* ticks */

static char args[256];
static char *run_argv[MAXARG + 1];
static char *sh_argv[] = {"/sh", 0};

static void
open_console(void)
{
    if (open("console", O_RDWR) < 0) {
        mknod("console", CONSOLE_MAJOR, 0);
        if (open("console", O_RDWR) < 0)
            return; /* nowhere to complain to */
    }
    dup(0); /* stdout */
    dup(0); /* stderr */
}

/*
 * Split the command after "run=" in the boot arguments into run_argv.
 * Returns: 1 if there is such a command, else 0.
 */
static int
parse_run(void)
{
    char *p = args;
    int n = 0;

    if (bootargs(args, sizeof(args) - 1) < 0)
        return 0;
    while (strncmp(p, "run=", 4) != 0) {
        p = strchr(p, ' ');
        if (p == 0)
            return 0;
        p++;
    }
    for (p += 4; *p != 0 && n < MAXARG;) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            *p++ = 0;
        if (*p == 0)
            break;
        run_argv[n++] = p;
        while (*p != 0 && *p != ' ' && *p != '\t' && *p != '\n')
            p++;
    }
    run_argv[n] = 0;
    return n > 0;
}

/* Out of memory or process slots: worth trying again in a moment. */
static int
transient(int err)
{
    return err == ENOMEM || err == EAGAIN;
}

/* Start argv[0] in a child; a fork or exec that fails for want of
 * memory is tried again, SPAWN_TRIES times, SPAWN_WAIT ticks apart.
 * Returns: its pid, or -1. */
static int
spawn(char **argv)
{
    int pid, tries = 0;

    while ((pid = fork()) < 0 && transient(errno) && ++tries < SPAWN_TRIES)
        sleep(SPAWN_WAIT);
    if (pid < 0) {
        fprintf(2, "init: fork: %s\n", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        while (exec(argv[0], argv) < 0 && transient(errno) &&
               ++tries < SPAWN_TRIES)
            sleep(SPAWN_WAIT);
        fprintf(2, "init: exec %s: %s\n", argv[0], strerror(errno));
        exit(127);
    }
    return pid;
}

/* Reap children until pid ends.  Returns: its wait status. */
static int
reap_until(int pid)
{
    int w, status;

    for (;;) {
        w = wait(&status);
        if (w == pid)
            return status;
        if (w < 0 && errno == ECHILD)
            return W_EXITCODE(127, 0); /* cannot happen: pid is ours */
    }
}

/* Run the boot-argument command and power off with its status. */
static void
run_and_poweroff(void)
{
    int pid, status, code;

    pid = spawn(run_argv);
    if (pid < 0) {
        code = 127;
    } else {
        status = reap_until(pid);
        if (WIFEXITED(status)) {
            code = WEXITSTATUS(status);
        } else {
            fprintf(2, "init: %s killed\n", run_argv[0]);
            code = 128 + WTERMSIG(status);
        }
    }
    poweroff(code);
    fprintf(2, "init: poweroff: %s\n", strerror(errno));
}

int
main(int argc, char *argv[])
{
    int pid, status, start;

    (void)argc; /* the kernel starts init with no arguments */
    (void)argv;
    open_console();
    if (parse_run())
        run_and_poweroff(); /* returns only if poweroff failed */
    for (;;) {
        start = uptime();
        pid = spawn(sh_argv);
        if (pid < 0) {
            sleep(HZ);
            continue;
        }
        status = reap_until(pid);
        /* A shell that fails at once would otherwise respawn in a loop. */
        if (status != 0 && uptime() - start < HZ)
            sleep(HZ);
    }
}
