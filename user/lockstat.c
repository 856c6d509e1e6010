/*
 * lockstat: show the kernel's busiest spinlocks.  lockstat() copies one
 * row per lock: its name, how many times it was acquired, and how many
 * of those acquisitions found it held and had to spin.  The fifteen
 * locks with the most contended acquisitions are printed, ties broken
 * by the number of acquisitions, so the locks worth a look come first.
 */
#include "user/user.h"

#define MAXLOCKS 256
#define TOP 15

static struct lockinfo locks[MAXLOCKS];

/* Should a be listed before b? */
static int
busier(struct lockinfo *a, struct lockinfo *b)
{
    if (a->ncontend != b->ncontend)
        return a->ncontend > b->ncontend;
    return a->nacquire > b->nacquire;
}

/* Insertion sort, busiest first: a few hundred rows at most. */
static void
sort(struct lockinfo *v, int n)
{
    struct lockinfo t;
    int j;

    for (int i = 1; i < n; i++) {
        t = v[i];
        for (j = i; j > 0 && busier(&t, &v[j - 1]); j--)
            v[j] = v[j - 1];
        v[j] = t;
    }
}

int
main(int argc, char *argv[])
{
    int n;

    if (argc != 1) {
        fprintf(2, "usage: %s\n", argv[0]);
        exit(2);
    }
    n = lockstat(locks, MAXLOCKS);
    if (n < 0) {
        fprintf(2, "lockstat: %s\n", strerror(errno));
        exit(1);
    }
    sort(locks, n);
    printf("%-24s %12s %12s\n", "NAME", "ACQUIRED", "CONTENDED");
    for (int i = 0; i < n && i < TOP; i++) {
        locks[i].name[sizeof(locks[i].name) - 1] = 0;
        printf("%-24s %12lu %12lu\n", locks[i].name, locks[i].nacquire,
               locks[i].ncontend);
    }
    exit(0);
}
