/*
 * semtool: work a named POSIX semaphore from the shell.
 *
 *   semtool create /name [value [mode]]   make it (O_CREAT|O_EXCL);
 *                                         value 0, mode 0666 (octal)
 *                                         unless given
 *   semtool post /name                    add one
 *   semtool wait /name                    take one, sleeping at 0
 *   semtool trywait /name                 take one, or fail at 0
 *   semtool value /name                   print the value
 *   semtool unlink /name                  remove the name
 *
 * A named semaphore outlives the semtool that made it, so one shell
 * command can create it, another wait on it in the background (&), a
 * third post to it.  Exit status 0 on success; 1 with a message naming
 * the errno otherwise (trywait at 0 prints "would block").
 */
#include "user/user.h"

static void
usage(void)
{
    fprintf(2, "usage: semtool create /name [value [mode]]\n"
               "       semtool post|wait|trywait|value|unlink /name\n");
    exit(2);
}

/* Print why a call failed and exit 1. */
static void
die(const char *what, const char *name)
{
    fprintf(2, "semtool: %s %s: %s\n", what, name, strerror(errno));
    exit(1);
}

/* Open an existing semaphore or die. */
static sem_t *
open_existing(const char *name)
{
    sem_t *s = sem_open(name, 0);

    if (s == SEM_FAILED)
        die("open", name);
    return s;
}

static void
do_create(int argc, char *argv[])
{
    unsigned int value = 0;
    int mode = 0666;
    sem_t *s;

    if (argc > 3)
        value = (unsigned int)strtol(argv[3], 0, 0);
    if (argc > 4)
        mode = (int)strtol(argv[4], 0, 8);
    s = sem_open(argv[2], O_CREAT | O_EXCL, mode, value);
    if (s == SEM_FAILED)
        die("create", argv[2]);
    sem_close(s);
}

/* Is op one of the operations on an existing semaphore? */
static int
known_op(const char *op)
{
    return strcmp(op, "post") == 0 || strcmp(op, "wait") == 0 ||
           strcmp(op, "trywait") == 0 || strcmp(op, "value") == 0;
}

/* Run one operation (known_op) on an existing semaphore. */
static void
do_op(const char *op, const char *name)
{
    sem_t *s = open_existing(name);
    int v;

    if (strcmp(op, "post") == 0) {
        if (sem_post(s) < 0)
            die("post", name);
    } else if (strcmp(op, "wait") == 0) {
        if (sem_wait(s) < 0)
            die("wait", name);
    } else if (strcmp(op, "trywait") == 0) {
        if (sem_trywait(s) < 0) {
            if (errno == EAGAIN) {
                printf("%s: would block\n", name);
                exit(1);
            }
            die("trywait", name);
        }
    } else {
        if (sem_getvalue(s, &v) < 0)
            die("getvalue", name);
        printf("%d\n", v);
    }
    sem_close(s);
}

int
main(int argc, char *argv[])
{
    if (argc < 3 || argc > 5)
        usage();
    if (strcmp(argv[1], "create") == 0) {
        do_create(argc, argv);
    } else if (strcmp(argv[1], "unlink") == 0) {
        if (argc != 3)
            usage();
        if (sem_unlink(argv[2]) < 0)
            die("unlink", argv[2]);
    } else {
        if (argc != 3 || !known_op(argv[1]))
            usage();
        do_op(argv[1], argv[2]);
    }
    exit(0);
}
