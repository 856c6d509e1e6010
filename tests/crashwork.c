/*
 * crashwork: the guest half of the crash-consistency test
 * (tests/crash-test.sh).
 *
 * Overview    crashwork SEED [OPS]  does write-heavy file system work
 *             under /c until OPS operations are done (default: until
 *             the host kills the machine): create files of random size,
 *             append to them, rename them (link, then unlink), replace
 *             them through a temporary file, remove them, make and
 *             remove directories.  Around each operation it prints
 *               start OP NAME...        before the first system call
 *               done OP NAME... [size S crc C]   after the last one
 *             The file system commits at the end of every system call,
 *             so a "done" line means the operation is on disk.
 *             crashwork --verify  walks /c after the reboot, prints
 *               dir NAME  and  file NAME size S crc C
 *             for everything there, checks that each file reads back
 *             whole (read size = fstat size), then checks the file
 *             system still works (create, write, read back, unlink).
 *             The host replays the "done" lines and compares.  Some
 *             removals keep the file open (up to MAX_HELD at a time),
 *             so a crash leaves orphan inodes for the next boot to free.
 *             crashwork --orphan  makes one such orphan on purpose and
 *             powers off with it open (see make_orphan).
 * Objects     The workload's own picture of /c: files (name, size,
 *             running CRC) and directories (name, file count).
 * Design      Names are never reused (a counter), so every line names
 *             one object unambiguously.  File contents come from the
 *             seeded generator; the CRC-32 of a file is kept running,
 *             so an append reports the whole file's CRC without reading
 *             it back.  The disk is kept far from full: with more than
 *             MAX_BYTES in files the workload only removes.  A console
 *             line is written with one write() (printf), which QEMU's
 *             UART hands to the host before write() returns, so the
 *             host log is never behind the disk by more than the one
 *             operation that was running.
 * Origins     Written for Kite.
 */
#include "user/user.h"
#include "kernel/fs.h"

#define MAX_FILES 64
#define MAX_DIRS 6
#define MAX_BYTES (1500 * 1024)
#define NAMELEN 32
#define CHUNK 4096

struct wfile {
    char name[NAMELEN];
    int dir; /* index in dirs[], or -1 for /c itself */
    uint size;
    uint crc; /* running CRC-32 state (not yet inverted) */
};

struct wdir {
    char name[NAMELEN];
    int nfiles;
};

static struct wfile files[MAX_FILES];
static int nfiles;
static struct wdir dirs[MAX_DIRS];
static int ndirs;
static uint64 rng;
#define MAX_HELD 4
static int held[MAX_HELD]; /* files unlinked while open, still open */
static int nheld;
static int counter; /* makes every name new */
static uint total_bytes;
static char buf[CHUNK];

static uint64
rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static uint
below(uint n)
{
    return n ? rnd() % n : 0;
}

/* Continue a CRC-32 (reflected, polynomial 0xEDB88320) over n bytes. */
static uint
crc_add(uint crc, const char *p, int n)
{
    for (int i = 0; i < n; i++) {
        crc ^= (uchar)p[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320 & -(crc & 1));
    }
    return crc;
}

#define CRC_START 0xffffffffu
#define CRC_END(c) ((c) ^ 0xffffffffu)

static void
fail(const char *what, const char *name)
{
    printf("crashwork: FAILED %s %s (errno %d)\n", what, name, errno);
    exit(1);
}

/* Write size bytes of fresh random data to fd in random-sized pieces;
 * return the running CRC. */
static uint
write_data(int fd, uint size, uint crc, const char *name)
{
    while (size > 0) {
        uint n = 1 + below(CHUNK);
        if (n > size)
            n = size;
        for (uint i = 0; i < n; i++)
            buf[i] = rnd() >> 24;
        if (write(fd, buf, n) != (int)n)
            fail("write", name);
        crc = crc_add(crc, buf, n);
        size -= n;
    }
    return crc;
}

/* A file size: mostly small, sometimes past the direct blocks, now
 * and then past the indirect block too. */
static uint
pick_size(void)
{
    uint r = below(48);

    if (r < 6)
        return 0;
    if (r < 12)
        return 12 * 1024 + below(30 * 1024); /* uses the indirect block */
    if (r == 12)
        return (NDIRECT + NINDIRECT) * BSIZE + below(20 * 1024); /* doubly */
    return below(6000);
}

/* Make a new name in /c or one of its directories. */
static int
new_name(char *name, char prefix)
{
    int d = ndirs > 0 && below(2) ? (int)below(ndirs) : -1;

    counter++;
    if (d < 0)
        snprintf(name, NAMELEN, "/c/%c%d", prefix, counter);
    else
        snprintf(name, NAMELEN, "%s/%c%d", dirs[d].name, prefix, counter);
    return d;
}

static void
op_create(void)
{
    struct wfile *f = &files[nfiles];
    uint size = pick_size();
    int fd;

    f->dir = new_name(f->name, 'f');
    printf("start create %s\n", f->name);
    if ((fd = open(f->name, O_CREAT | O_EXCL | O_WRONLY)) < 0)
        fail("open", f->name);
    f->crc = write_data(fd, size, CRC_START, f->name);
    f->size = size;
    if (close(fd) < 0)
        fail("close", f->name);
    if (f->dir >= 0)
        dirs[f->dir].nfiles++;
    nfiles++;
    total_bytes += size;
    printf("done create %s size %d crc %x\n", f->name, f->size,
           CRC_END(f->crc));
}

/* Append to file f: read to the end (which also reads it back), then
 * write. */
static void
op_append(struct wfile *f)
{
    uint size = below(5000);
    int fd, n;

    printf("start append %s\n", f->name);
    if ((fd = open(f->name, O_RDWR)) < 0)
        fail("open", f->name);
    while ((n = read(fd, buf, sizeof(buf))) > 0)
        ;
    if (n < 0)
        fail("read", f->name);
    f->crc = write_data(fd, size, f->crc, f->name);
    f->size += size;
    total_bytes += size;
    if (close(fd) < 0)
        fail("close", f->name);
    printf("done append %s size %d crc %x\n", f->name, f->size,
           CRC_END(f->crc));
}

/* Remove file i from the picture and the disk. */
static void
op_unlink(int i)
{
    struct wfile *f = &files[i];

    printf("start unlink %s\n", f->name);
    if (unlink(f->name) < 0)
        fail("unlink", f->name);
    printf("done unlink %s\n", f->name);
    if (f->dir >= 0)
        dirs[f->dir].nfiles--;
    total_bytes -= f->size;
    files[i] = files[--nfiles];
}

/* Remove file i while holding it open: its inode lives on, unnamed,
 * until the last close.  Up to MAX_HELD such files stay open, so a
 * crash leaves orphans for the next boot to free. */
static void
op_unlink_open(int i)
{
    int fd = open(files[i].name, O_RDONLY);

    if (fd < 0)
        fail("open", files[i].name);
    if (nheld == MAX_HELD) {
        close(held[0]); /* frees that orphan now */
        memmove(held, held + 1, sizeof(held) - sizeof(held[0]));
        nheld--;
    }
    held[nheld++] = fd;
    op_unlink(i);
}

/* Rename file f to a new name: link, then unlink the old name. */
static void
op_rename(struct wfile *f)
{
    char old[NAMELEN];
    int d;

    strcpy(old, f->name);
    d = new_name(f->name, 'r');
    printf("start link %s %s\n", old, f->name);
    if (link(old, f->name) < 0)
        fail("link", f->name);
    printf("done link %s %s\n", old, f->name);
    if (d >= 0)
        dirs[d].nfiles++;
    printf("start unlink %s\n", old);
    if (unlink(old) < 0)
        fail("unlink", old);
    printf("done unlink %s\n", old);
    if (f->dir >= 0)
        dirs[f->dir].nfiles--;
    f->dir = d;
}

/* Replace file i's contents: write a temporary file, remove the old
 * name, link the temporary under it, remove the temporary. */
static void
op_replace(int i)
{
    char name[NAMELEN];
    int dir = files[i].dir;
    struct wfile *t;

    op_create();
    strcpy(name, files[i].name);
    op_unlink(i); /* the temporary, last in files[], moves to slot i */
    t = &files[i];
    printf("start link %s %s\n", t->name, name);
    if (link(t->name, name) < 0)
        fail("link", name);
    printf("done link %s %s\n", t->name, name);
    printf("start unlink %s\n", t->name);
    if (unlink(t->name) < 0)
        fail("unlink", t->name);
    printf("done unlink %s\n", t->name);
    if (t->dir >= 0)
        dirs[t->dir].nfiles--;
    if (dir >= 0)
        dirs[dir].nfiles++;
    strcpy(t->name, name);
    t->dir = dir;
}

static void
op_mkdir(void)
{
    struct wdir *d = &dirs[ndirs];

    snprintf(d->name, NAMELEN, "/c/d%d", ++counter);
    printf("start mkdir %s\n", d->name);
    if (mkdir(d->name) < 0)
        fail("mkdir", d->name);
    printf("done mkdir %s\n", d->name);
    d->nfiles = 0;
    ndirs++;
}

/* Remove an empty directory, if there is one. */
static void
op_rmdir(void)
{
    for (int i = 0; i < ndirs; i++) {
        if (dirs[i].nfiles != 0)
            continue;
        printf("start unlink %s\n", dirs[i].name);
        if (unlink(dirs[i].name) < 0)
            fail("unlink", dirs[i].name);
        printf("done unlink %s\n", dirs[i].name);
        /* Keep file->dir indexes valid: move the last directory. */
        dirs[i] = dirs[--ndirs];
        for (int j = 0; j < nfiles; j++)
            if (files[j].dir == ndirs)
                files[j].dir = i;
        return;
    }
}

/* One random operation. */
static void
step(void)
{
    uint r = below(100);

    if (nfiles < 4 ||
        (r < 30 && nfiles < MAX_FILES - 1 && total_bytes < MAX_BYTES)) {
        op_create();
        return;
    }
    int i = below(nfiles);
    if (total_bytes >= MAX_BYTES || nfiles >= MAX_FILES - 1 || r < 45) {
        if (below(3) == 0)
            op_unlink_open(i);
        else
            op_unlink(i);
    } else if (r < 60)
        op_append(&files[i]);
    else if (r < 75)
        op_rename(&files[i]);
    else if (r < 85)
        op_replace(i);
    else if (r < 93 && ndirs < MAX_DIRS)
        op_mkdir();
    else
        op_rmdir();
}

/* Read file path whole; print its line.  Returns: 0, or -1 on damage. */
static int
verify_file(const char *path)
{
    struct stat st;
    uint crc = CRC_START, size = 0;
    int fd, n, bad = 0;

    if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &st) < 0) {
        printf("verify: cannot open %s (errno %d)\n", path, errno);
        return -1;
    }
    while ((n = read(fd, buf, sizeof(buf))) > 0) {
        crc = crc_add(crc, buf, n);
        size += n;
    }
    if (n < 0 || size != st.size) {
        printf("verify: %s: read %d of %d bytes (errno %d)\n", path, size,
               (int)st.size, n < 0 ? errno : 0);
        bad = -1;
    }
    close(fd);
    printf("file %s size %d crc %x\n", path, size, CRC_END(crc));
    return bad;
}

/* Print and check everything under directory path, depth first.
 * Returns: the number of problems found. */
static int
verify_dir(const char *path, int depth)
{
    char sub[MAXPATH], name[DIRSIZ + 1];
    struct dirent de;
    struct stat st;
    int fd, bad = 0;

    printf("dir %s\n", path);
    if ((fd = open(path, O_RDONLY)) < 0) {
        printf("verify: cannot open %s (errno %d)\n", path, errno);
        return 1;
    }
    while (read(fd, &de, sizeof(de)) == sizeof(de)) {
        memmove(name, de.name, DIRSIZ);
        name[DIRSIZ] = 0;
        if (de.inum == 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            continue;
        snprintf(sub, sizeof(sub), "%s/%s", path, name);
        if (stat(sub, &st) < 0) {
            printf("verify: cannot stat %s (errno %d)\n", sub, errno);
            bad++;
        } else if (st.type == T_DIR && depth < 4) {
            bad += verify_dir(sub, depth + 1);
        } else if (st.type == T_FILE) {
            bad += verify_file(sub) < 0;
        }
    }
    close(fd);
    return bad;
}

/* After recovery the file system must still take new work. */
static int
verify_usable(void)
{
    const char *probe = "/c/probe";
    uint crc;
    int fd;

    if ((fd = open(probe, O_CREAT | O_EXCL | O_WRONLY)) < 0)
        return -1;
    crc = write_data(fd, 20000, CRC_START, probe);
    close(fd);
    if ((fd = open(probe, O_RDONLY)) < 0)
        return -1;
    uint got = CRC_START;
    int n, size = 0;
    while ((n = read(fd, buf, sizeof(buf))) > 0) {
        got = crc_add(got, buf, n);
        size += n;
    }
    close(fd);
    if (size != 20000 || got != crc)
        return -1;
    return unlink(probe);
}

static int
verify(void)
{
    struct stat st;
    int bad;

    if (stat("/c", &st) < 0) {
        printf("verify: no /c (errno %d)\n", errno);
        return 1;
    }
    bad = verify_dir("/c", 0);
    if (verify_usable() < 0) {
        printf("verify: file system unusable after recovery (errno %d)\n",
               errno);
        bad++;
    }
    printf("verify: %s\n", bad ? "FAILED" : "ok");
    return bad != 0;
}

/* crashwork --orphan: write a file, unlink it while open and power
 * off with it still open, as a crash would: the disk keeps an inode
 * no directory names, which the next boot must free. */
static void
make_orphan(void)
{
    int fd = open("/orphan", O_CREAT | O_EXCL | O_RDWR);

    if (fd < 0)
        fail("open", "/orphan");
    write_data(fd, 20000, CRC_START, "/orphan"); /* direct + indirect */
    if (unlink("/orphan") < 0)
        fail("unlink", "/orphan");
    printf("crashwork: /orphan unlinked, still open; powering off\n");
    poweroff(0);
    fail("poweroff", "");
}

int
main(int argc, char *argv[])
{
    long ops = 1000000000;

    rng = 0x9e3779b97f4a7c15ull;
    if (argc == 2 && strcmp(argv[1], "--verify") == 0)
        exit(verify());
    if (argc == 2 && strcmp(argv[1], "--orphan") == 0)
        make_orphan();
    if (argc < 2 || argc > 3) {
        fprintf(2, "usage: crashwork SEED [OPS] | crashwork --verify | "
                   "crashwork --orphan\n");
        exit(2);
    }
    rng ^= (uint64)atoi(argv[1]);
    if (rng == 0)
        rng = 1;
    if (argc == 3)
        ops = atoi(argv[2]);
    printf("start mkdir /c\n");
    if (mkdir("/c") < 0)
        fail("mkdir", "/c");
    printf("done mkdir /c\n");
    printf("crashwork: seed %s running\n", argv[1]);
    for (long i = 0; i < ops; i++)
        step();
    printf("crashwork: %d operations done\n", (int)ops);
    exit(0);
}
