/*
 * prodcons: the bounded-buffer problem, solved with three named POSIX
 * semaphores, by several processes at once.
 *
 *   prodcons [producers [consumers [items]]]     default 2 2 10
 *
 * Each producer puts `items` numbered items into a ring of NSLOTS slots
 * kept in the file /prodcons.buf; each consumer takes items out until it
 * takes a STOP marker.  Three semaphores make it safe:
 *
 *   /empty  counts free slots   (starts at NSLOTS)  producers wait on it
 *   /full   counts used slots   (starts at 0)       consumers wait on it
 *   /mutex  one process at a time touches the file (starts at 1)
 *
 *   producer:  wait(empty); wait(mutex); put;  post(mutex); post(full)
 *   consumer:  wait(full);  wait(mutex); take; post(mutex); post(empty)
 *
 * Try swapping the two waits of the producer: with a full ring, a
 * producer holding mutex sleeps on empty while every consumer sleeps
 * on mutex, and nothing moves again (deadlock).
 *
 * When every producer has exited, the parent puts one STOP per consumer
 * through the same protocol.  Each consumer writes the items it took to
 * a file of its own; the parent reads them all and checks that every
 * item was consumed exactly once.  Exit status 0 when it was.
 *
 * It first unlinks any semaphores a crashed run left behind, so only
 * one prodcons may run at a time.
 */
#include "user/user.h"

#define NSLOTS 4
#define STOP (-1)
#define BUFFILE "/prodcons.buf"
#define MAXPROCS 8

/* The shared ring, as stored in BUFFILE. */
struct ring {
    int in;  /* next slot to fill */
    int out; /* next slot to empty */
    int slot[NSLOTS];
};

static sem_t *empty, *full, *mutex;

static void
die(const char *what)
{
    fprintf(2, "prodcons: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* Read the ring from its file.  Caller holds mutex. */
static void
ring_load(struct ring *r)
{
    int fd = open(BUFFILE, O_RDONLY);

    if (fd < 0 || read(fd, r, sizeof(*r)) != sizeof(*r))
        die("read " BUFFILE);
    close(fd);
}

/* Write the ring back.  Caller holds mutex. */
static void
ring_store(struct ring *r)
{
    int fd = open(BUFFILE, O_WRONLY | O_CREAT);

    if (fd < 0 || write(fd, r, sizeof(*r)) != sizeof(*r))
        die("write " BUFFILE);
    close(fd);
}

/* Put one item into the ring, sleeping while it is full. */
static void
put(int item)
{
    struct ring r;

    sem_wait(empty); /* a free slot is ours... */
    sem_wait(mutex); /* ...and now the file is too */
    ring_load(&r);
    r.slot[r.in] = item;
    r.in = (r.in + 1) % NSLOTS;
    ring_store(&r);
    sem_post(mutex);
    sem_post(full); /* one more item for the consumers */
}

/* Take one item from the ring, sleeping while it is empty. */
static int
take(void)
{
    struct ring r;
    int item;

    sem_wait(full);
    sem_wait(mutex);
    ring_load(&r);
    item = r.slot[r.out];
    r.out = (r.out + 1) % NSLOTS;
    ring_store(&r);
    sem_post(mutex);
    sem_post(empty);
    return item;
}

static void
producer(int me, int items)
{
    int i;

    for (i = 0; i < items; i++) {
        put(me * items + i);
        printf("producer %d: put %d\n", me, me * items + i);
    }
    exit(0);
}

/* The file where consumer me leaves the items it took. */
static void
result_name(char *buf, int me)
{
    snprintf(buf, 32, "/prodcons.c%d", me);
}

static void
consumer(int me, int total)
{
    int *got = malloc((total + 1) * sizeof(int));
    int n = 0, item, fd;
    char name[32];

    if (got == 0)
        die("malloc");
    while ((item = take()) != STOP) {
        printf("consumer %d: took %d\n", me, item);
        got[1 + n++] = item;
    }
    got[0] = n;
    result_name(name, me);
    fd = open(name, O_CREAT | O_WRONLY | O_TRUNC);
    if (fd < 0 ||
        write(fd, got, (n + 1) * sizeof(int)) != (int)((n + 1) * sizeof(int)))
        die("write result");
    close(fd);
    exit(0);
}

/* Add consumer me's items to seen[]; returns how many it took. */
static int
collect(int me, int *seen, int total)
{
    char name[32];
    int fd, n, i, item;

    result_name(name, me);
    fd = open(name, O_RDONLY);
    if (fd < 0 || read(fd, &n, sizeof(n)) != sizeof(n))
        die("read result");
    for (i = 0; i < n; i++) {
        if (read(fd, &item, sizeof(item)) != sizeof(item))
            die("read result");
        if (item < 0 || item >= total)
            printf("prodcons: consumer %d took a bogus item %d\n", me, item);
        else
            seen[item]++;
    }
    close(fd);
    unlink(name);
    return n;
}

/* Make the file and the three semaphores. */
static void
setup(void)
{
    struct ring r;

    memset(&r, 0, sizeof(r));
    ring_store(&r);
    sem_unlink("/empty");
    sem_unlink("/full");
    sem_unlink("/mutex");
    empty = sem_open("/empty", O_CREAT | O_EXCL, 0600, NSLOTS);
    full = sem_open("/full", O_CREAT | O_EXCL, 0600, 0);
    mutex = sem_open("/mutex", O_CREAT | O_EXCL, 0600, 1);
    if (empty == SEM_FAILED || full == SEM_FAILED || mutex == SEM_FAILED)
        die("sem_open");
}

/* Start n processes running fn(i, arg); their pids go to pids[]. */
static void
spawn(int n, void (*fn)(int, int), int arg, int *pids)
{
    int i;

    for (i = 0; i < n; i++) {
        pids[i] = fork();
        if (pids[i] < 0)
            die("fork");
        if (pids[i] == 0)
            fn(i, arg);
    }
}

/* Wait for the n processes in pids[]; 1 if all exited 0. */
static int
reap(int n, int *pids)
{
    int i, status, ok = 1;

    for (i = 0; i < n; i++) {
        if (waitpid(pids[i], &status, 0) != pids[i] || status != 0)
            ok = 0;
    }
    return ok;
}

/* Did every item arrive exactly once?  Prints what went wrong. */
static int
verify(int *seen, int total)
{
    int i, ok = 1;

    for (i = 0; i < total; i++) {
        if (seen[i] != 1) {
            printf("prodcons: item %d consumed %d times\n", i, seen[i]);
            ok = 0;
        }
    }
    return ok;
}

int
main(int argc, char *argv[])
{
    int np = argc > 1 ? atoi(argv[1]) : 2;
    int nc = argc > 2 ? atoi(argv[2]) : 2;
    int items = argc > 3 ? atoi(argv[3]) : 10;
    int ppids[MAXPROCS], cpids[MAXPROCS];
    int total, *seen, i, ok, taken = 0;

    if (np < 1 || np > MAXPROCS || nc < 1 || nc > MAXPROCS || items < 1) {
        fprintf(2,
                "usage: prodcons [producers [consumers [items]]]"
                " (1..%d processes each)\n",
                MAXPROCS);
        exit(2);
    }
    total = np * items;
    if ((seen = malloc(total * sizeof(int))) == 0)
        die("malloc");
    memset(seen, 0, total * sizeof(int));
    setup();
    spawn(np, producer, items, ppids);
    spawn(nc, consumer, total, cpids);
    ok = reap(np, ppids);
    for (i = 0; i < nc; i++)
        put(STOP);
    ok &= reap(nc, cpids);
    for (i = 0; i < nc; i++)
        taken += collect(i, seen, total);
    ok &= verify(seen, total) && taken == total;
    sem_unlink("/empty");
    sem_unlink("/full");
    sem_unlink("/mutex");
    unlink(BUFFILE);
    printf("prodcons: %d producers, %d consumers, %d items: %s\n", np, nc,
           total, ok ? "every item consumed once" : "FAILED");
    exit(ok ? 0 : 1);
}
