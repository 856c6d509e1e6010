/*
 * lockstat: show the kernel's busiest spinlocks.  lockstat() copies one
 * row per lock: its name, how many times it was acquired, and how many
 * of those acquisitions found it held and had to spin.  Locks that
 * share a name (one per process, one per buffer, ...) are summed into
 * one row, with their number in the LOCKS column, so a class of locks
 * is seen as a whole.  The fifteen rows with the most contended
 * acquisitions are printed, ties broken by the number of acquisitions,
 * so the locks worth a look come first.
 */
#include "user/user.h"

#define MAXLOCKS 256
#define TOP 15

struct row {
    struct lockinfo info; /* name and summed counts */
    int nlocks;           /* locks with this name */
};

static struct lockinfo locks[MAXLOCKS];
static struct row rows[MAXLOCKS];

/* Sum locks[0..n) by name into rows[].  Returns: rows used. */
static int
merge(int n)
{
    int nrows = 0, j;

    for (int i = 0; i < n; i++) {
        locks[i].name[sizeof(locks[i].name) - 1] = 0;
        for (j = 0; j < nrows; j++) {
            if (strcmp(rows[j].info.name, locks[i].name) == 0)
                break;
        }
        if (j == nrows) {
            rows[nrows].info = locks[i];
            rows[nrows++].nlocks = 1;
            continue;
        }
        rows[j].info.nacquire += locks[i].nacquire;
        rows[j].info.ncontend += locks[i].ncontend;
        rows[j].nlocks++;
    }
    return nrows;
}

/* Should a be listed before b? */
static int
busier(struct row *a, struct row *b)
{
    if (a->info.ncontend != b->info.ncontend)
        return a->info.ncontend > b->info.ncontend;
    return a->info.nacquire > b->info.nacquire;
}

/* Insertion sort, busiest first: a few hundred rows at most. */
static void
sort(struct row *v, int n)
{
    struct row t;
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
    n = merge(n);
    sort(rows, n);
    printf("%-24s %5s %12s %12s\n", "NAME", "LOCKS", "ACQUIRED", "CONTENDED");
    for (int i = 0; i < n && i < TOP; i++) {
        printf("%-24s %5d %12lu %12lu\n", rows[i].info.name, rows[i].nlocks,
               rows[i].info.nacquire, rows[i].info.ncontend);
    }
    exit(0);
}
