/*
 * xargs: run a command once for each line of standard input.
 *
 *   xargs COMMAND [ARG...]
 *
 * For each line read from standard input, xargs runs COMMAND with the
 * ARGs and then the line's words (split at blanks and tabs) as more
 * arguments, and waits for it before reading on, so the commands run
 * one at a time, in input order.  A blank line runs nothing; a last
 * line without a newline still counts.  COMMAND without a '/' is looked
 * up at the root, as the shell does.  xargs exits 0 when every command
 * exited 0, 123 when one did not, and 1 (at once) for a line too long
 * (more than 511 bytes) or with too many words (MAXARG in all).  The util lab
 * (labs/util.md) has students write this program.
 */
#include "user/user.h"

/* LAB util: BEGIN */
#define LINE_MAX 512 /* bytes in one input line, newline included */

static char line[LINE_MAX];
static char cmd[MAXPATH];

/* Read one line (without its newline) into line.
 * Returns: 1, 0 at the end of the input, -1 when the line is too long. */
static int
read_line(void)
{
    int n = 0;
    char c;

    while (read(0, &c, 1) == 1) {
        if (c == '\n') {
            line[n] = 0;
            return 1;
        }
        if (n == LINE_MAX - 1)
            return -1;
        line[n++] = c;
    }
    line[n] = 0;
    return n > 0;
}

/* Split line into words appended to argv from argv[argc].
 * Returns: the new argc, or -1 when they would not fit in MAXARG. */
static int
split(char *argv[], int argc)
{
    char *p = line;

    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == 0)
            return argc;
        if (argc == MAXARG)
            return -1;
        argv[argc++] = p;
        while (*p != 0 && *p != ' ' && *p != '\t')
            p++;
        if (*p != 0)
            *p++ = 0;
    }
}

/* Run argv (NULL-terminated) and wait for it.  Returns: 1 if it
 * failed, 0 if it exited 0. */
static int
run(char *argv[])
{
    int status;
    int pid = fork();

    if (pid < 0) {
        perror("xargs: fork");
        return 1;
    }
    if (pid == 0) {
        exec(cmd, argv);
        fprintf(2, "xargs: %s: %s\n", argv[0], strerror(errno));
        exit(127);
    }
    if (waitpid(pid, &status, 0) < 0)
        return 1;
    return !WIFEXITED(status) || WEXITSTATUS(status) != 0;
}
/* LAB util: STUB
   LAB util: END */

int
main(int argc, char *argv[])
{
    /* LAB util: BEGIN */
    char *args[MAXARG + 1];
    int r, failed = 0;

    if (argc < 2 || argc - 1 > MAXARG) {
        fprintf(2, "usage: xargs COMMAND [ARG...]\n");
        exit(1);
    }
    if (strchr(argv[1], '/') == 0 && strlen(argv[1]) + 2 <= MAXPATH) {
        cmd[0] = '/';
        strcpy(cmd + 1, argv[1]);
    } else {
        strncpy(cmd, argv[1], MAXPATH - 1);
    }
    for (int i = 1; i < argc; i++)
        args[i - 1] = argv[i];
    while ((r = read_line()) != 0) {
        int n = r < 0 ? -1 : split(args, argc - 1);
        if (n < 0) {
            fprintf(2, "xargs: %s\n",
                    r < 0 ? "line too long"
                          : "too many "
                            "arguments");
            exit(1);
        }
        if (n == argc - 1)
            continue; /* a blank line */
        args[n] = 0;
        failed |= run(args);
    }
    exit(failed ? 123 : 0);
    /* LAB util: STUB
    fprintf(2, "xargs: not written yet (see labs/util.md)\n");
    exit(1);
       LAB util: END */
}
