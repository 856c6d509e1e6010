/*
 * ipcrm: remove System V IPC objects, named by id or by key.
 *
 *   ipcrm -q id | -Q key | -s id | -S key | -m id | -M key ...
 *
 * Lower-case options take an id as ipcs prints it, upper-case ones a
 * key (decimal, 0x hex or 0 octal), which is looked up with the
 * facility's get call.  Removal takes the object out of the namespace
 * at once; a shared-memory segment still attached lives on until its
 * last detach.  Each failure is reported; the exit status is 1 if any.
 */
#include "user/user.h"

static void __attribute__((noreturn)) usage(void)
{
    fprintf(2, "usage: ipcrm -q id | -Q key | -s id | -S key | -m id | "
               "-M key ...\n");
    exit(2);
}

/* Parse a whole number; usage() if s is not one. */
static int
number(const char *s)
{
    char *end;
    long v = strtol(s, &end, 0);

    if (end == s || *end != 0)
        usage();
    return (int)v;
}

/* Turn a key into an id: facility is 'q', 's' or 'm'.  -1 on error. */
static int
key_to_id(char facility, key_t key)
{
    if (key == IPC_PRIVATE) {
        errno = EINVAL; /* every private object has this key */
        return -1;
    }
    if (facility == 'q')
        return msgget(key, 0);
    if (facility == 's')
        return semget(key, 0, 0);
    return shmget(key, 0, 0);
}

/* Remove one object.  Returns: 0, or -1 with errno. */
static int
rmid(char facility, int id)
{
    if (facility == 'q')
        return msgctl(id, IPC_RMID, 0);
    if (facility == 's')
        return semctl(id, 0, IPC_RMID);
    return shmctl(id, IPC_RMID, 0);
}

int
main(int argc, char *argv[])
{
    int status = 0, id;
    char opt, facility;

    if (argc < 3 || argc % 2 == 0)
        usage();
    for (int i = 1; i + 1 < argc; i += 2) {
        if (argv[i][0] != '-' || argv[i][1] == 0 || argv[i][2] != 0)
            usage();
        opt = argv[i][1];
        facility = opt | 0x20; /* lower case */
        if (facility != 'q' && facility != 's' && facility != 'm')
            usage();
        id = number(argv[i + 1]);
        if ((opt != facility && (id = key_to_id(facility, id)) < 0) ||
            rmid(facility, id) < 0) {
            fprintf(2, "ipcrm: %s %s: %s\n", argv[i], argv[i + 1],
                    strerror(errno));
            status = 1;
        }
    }
    exit(status);
}
