/*
 * fsck: check a Kite file system image on the host.
 *
 * Overview    fsck [-q] [-s] fs.img  reads the whole image and checks that
 *             it is a consistent Kite file system (kernel/fs.h).  It
 *             never writes the image.  Exit status 0: clean; 1: the
 *             image is inconsistent (one line per problem on stdout);
 *             2: the image cannot be read or is not a Kite image at all.
 *             -q prints nothing when the image is clean.  -s (strict)
 *             counts an orphan as a problem too (see 5).
 * Objects     The image in memory; per block, the number of inodes that
 *             point at it; per inode, the number of directory entries
 *             naming it and the directory that names it (for ".." and
 *             for directories named twice).
 * Operations  In order:
 *             1. superblock: magic, region order, sizes against the
 *                image file and against each other;
 *             2. log: a committed header (n > 0) is replayed in memory,
 *                as the kernel's recovery would at the next boot, so the
 *                rest checks the state the kernel will see; a header
 *                with a bad count or block number is an error;
 *             3. inodes: known type; every block number (direct,
 *                indirect and doubly-indirect tables, their entries)
 *                inside the data region; no block claimed twice; no
 *                block or table at or past the end of the file (size
 *                rounded up to blocks);
 *             4. directories, walked from the root: size a multiple of
 *                the entry size; "." names the directory itself and
 *                ".." its parent (the root's ".." is the root), each
 *                exactly once; no entry names a free or out-of-range
 *                inode; a directory has exactly one name;
 *             5. link counts: each inode's nlink equals the entries
 *                naming it, not counting "." (so a directory counts its
 *                parent's entry plus each subdirectory's ".."); an
 *                allocated inode nothing names is an error (lost
 *                inode), as is one reachable only from lost directories,
 *                except an orphan: nlink 0, a file unlinked while open
 *                when the system stopped, which the next boot frees
 *                (kernel/fs.c, reclaim_orphans): reported, but a
 *                problem only with -s;
 *             6. bitmap: a bit is set exactly for the metadata blocks
 *                (boot, superblock, log, inodes, bitmap) and the blocks
 *                some allocated inode uses.
 * Design      Every check reports and goes on, so one run lists all the
 *             damage; reports of one kind stop after MAXREPORT lines
 *             and a count of the rest follows.  Numbers on disk are
 *             little-endian and are converted field by field, as in
 *             mkfs.c.  Only stdio is used: the host's <sys/stat.h>
 *             would clash with kernel/stat.h.
 * Origins     Written for Kite; the classic fsck passes (blocks, names,
 *             link counts, free map) reduced to the Kite layout.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/fs.h"
#include "kernel/stat.h"

#define MAXREPORT 20 /* lines printed per kind of problem */

enum kind { K_SUPER, K_LOG, K_INODE, K_BLOCK, K_DIR, K_LINK, K_BITMAP, NKIND };

static uchar *img;           /* the whole image */
static uint img_blocks;      /* blocks in the image file */
static struct superblock sb; /* host byte order */
static uint nmeta;           /* blocks before the data region */
static int nreports[NKIND];  /* problems found, by kind */
static int quiet;            /* -q: print nothing when clean */
static int strict;           /* -s: an orphan inode is a problem too */
static int norphans;         /* allocated, nlink 0, named nowhere */

/* Per inode: entries naming it (not "."), and the directory of the
 * first entry (not "." or ".."): its parent if it is a directory. */
static ushort *names;
static uint *parent;
static uchar *reached; /* directory visited by the walk from the root */
static uchar *claims;  /* per block: inodes using it (saturating) */
static uint *owner;    /* per block: the first inode using it */

static void report(enum kind k, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
report(enum kind k, const char *fmt, ...)
{
    va_list ap;

    if (nreports[k]++ >= MAXREPORT)
        return;
    va_start(ap, fmt);
    printf("fsck: ");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
}

static uint
get32(const uchar *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint)p[3] << 24;
}

static short
get16(const uchar *p)
{
    return (short)(p[0] | p[1] << 8);
}

static uchar *
block(uint bno)
{
    return img + (size_t)bno * BSIZE;
}

/* A decoded on-disk inode. */
struct ino {
    short type, major, minor, nlink;
    uint size;
    uint addrs[NADDRS];
};

static void
read_inode(uint inum, struct ino *ip)
{
    const uchar *p =
        block(IBLOCK(inum, sb)) + (inum % IPB) * sizeof(struct dinode);

    ip->type = get16(p + offsetof(struct dinode, type));
    ip->major = get16(p + offsetof(struct dinode, major));
    ip->minor = get16(p + offsetof(struct dinode, minor));
    ip->nlink = get16(p + offsetof(struct dinode, nlink));
    ip->size = get32(p + offsetof(struct dinode, size));
    for (int i = 0; i < NADDRS; i++)
        ip->addrs[i] = get32(p + offsetof(struct dinode, addrs) + 4 * i);
}

/* Read the whole image file into memory.  Returns: 0 or -1. */
static int
load(const char *path)
{
    FILE *f = fopen(path, "rb");
    long len;

    if (f == 0 || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0) {
        fprintf(stderr, "fsck: cannot read %s\n", path);
        return -1;
    }
    img_blocks = len / BSIZE;
    if (img_blocks < 2) {
        fprintf(stderr, "fsck: %s: too small for a file system\n", path);
        return -1;
    }
    img = malloc((size_t)img_blocks * BSIZE);
    rewind(f);
    if (img == 0 || fread(img, BSIZE, img_blocks, f) != img_blocks) {
        fprintf(stderr, "fsck: cannot read %s\n", path);
        return -1;
    }
    fclose(f);
    return 0;
}

/* Check the superblock.  Returns: 0 if the rest can be checked. */
static int
check_super(void)
{
    const uchar *p = block(1);
    uint *field[] = {&sb.magic, &sb.size,     &sb.nblocks,    &sb.ninodes,
                     &sb.nlog,  &sb.logstart, &sb.inodestart, &sb.bmapstart};

    for (uint i = 0; i < sizeof(field) / sizeof(field[0]); i++)
        *field[i] = get32(p + 4 * i);
    if (sb.magic != FSMAGIC) {
        printf("fsck: bad magic %#x (not a Kite file system)\n", sb.magic);
        return -1;
    }
    uint ninodeblocks = (sb.ninodes + IPB - 1) / IPB;
    uint nbitmap = (sb.size + BPB - 1) / BPB;
    if (sb.size > img_blocks || sb.size < 4 || sb.nblocks >= sb.size ||
        sb.ninodes < 2 || sb.nlog < 2 || sb.logstart < 2 ||
        sb.inodestart < sb.logstart + sb.nlog ||
        sb.bmapstart < sb.inodestart + ninodeblocks ||
        sb.size - sb.nblocks < sb.bmapstart + nbitmap) {
        printf("fsck: superblock inconsistent: size %u (image %u) "
               "nblocks %u ninodes %u nlog %u logstart %u inodestart %u "
               "bmapstart %u\n",
               sb.size, img_blocks, sb.nblocks, sb.ninodes, sb.nlog,
               sb.logstart, sb.inodestart, sb.bmapstart);
        return -1;
    }
    nmeta = sb.size - sb.nblocks;
    return 0;
}

/* Replay a committed log in memory, as recovery at boot would. */
static void
replay_log(void)
{
    const uchar *head = block(sb.logstart);
    int n = (int)get32(head);

    if (n == 0)
        return;
    if (n < 0 || (uint)n > sb.nlog - 1 || n > LOGSIZE) {
        report(K_LOG, "log header: bad block count %d", n);
        return;
    }
    for (int i = 0; i < n; i++) {
        uint home = get32(head + 4 + 4 * i);
        if (home < sb.logstart + sb.nlog || home >= sb.size) {
            report(K_LOG,
                   "log entry %d: home block %u outside the "
                   "image's inode, bitmap and data regions",
                   i, home);
            continue;
        }
        memcpy(block(home), block(sb.logstart + 1 + i), BSIZE);
    }
    if (!quiet)
        printf("fsck: log holds a committed transaction of %d blocks: "
               "checked as replayed\n",
               n);
}

/* Record that inode inum uses block bno (what says so: what). */
static void
claim(uint inum, uint bno, const char *what)
{
    if (bno < nmeta || bno >= sb.size) {
        report(K_BLOCK,
               "inode %u: %s block %u outside the data region "
               "[%u, %u)",
               inum, what, bno, nmeta, sb.size);
        return;
    }
    if (claims[bno] > 0)
        report(K_BLOCK,
               "block %u used twice: by inode %u and inode %u "
               "(%s)",
               bno, owner[bno], inum, what);
    else
        owner[bno] = inum;
    if (claims[bno] < 255)
        claims[bno]++;
}

/*
 * Claim block bno of inode inum, which maps the file blocks from first
 * on: a data block (depth 0) or a table depth levels deep, each entry
 * of which maps span file blocks.  Checks that it lies within the
 * file's nb blocks (a table is past the end when its first is).
 */
static void
claim_tree(uint inum, struct ino *ip, uint bno, int depth, uint first, uint nb)
{
    static const char *what[] = {"data", "indirect", "doubly-indirect"};
    uint span = 1;

    claim(inum, bno, what[depth]);
    if (first >= nb)
        report(K_INODE,
               "inode %u: %s block %u (file block %u) past the end of "
               "the file (size %u)",
               inum, what[depth], bno, first, ip->size);
    if (depth == 0 || bno < nmeta || bno >= sb.size)
        return; /* a data block, or reported: its contents mean nothing */
    for (int d = 1; d < depth; d++)
        span *= NINDIRECT;
    for (uint j = 0; j < NINDIRECT; j++) {
        uint entry = get32(block(bno) + 4 * j);
        if (entry != 0)
            claim_tree(inum, ip, entry, depth - 1, first + j * span, nb);
    }
}

/* Claim inode inum's blocks and check them against its size. */
static void
check_blocks(uint inum, struct ino *ip)
{
    uint nb = (ip->size + BSIZE - 1) / BSIZE; /* blocks the size covers */

    if (ip->size > (uint64)MAXFILE * BSIZE)
        report(K_INODE, "inode %u: size %u past the largest file (%u)", inum,
               ip->size, (uint)(MAXFILE * BSIZE));
    for (uint i = 0; i < NDIRECT; i++)
        if (ip->addrs[i] != 0)
            claim_tree(inum, ip, ip->addrs[i], 0, i, nb);
    if (ip->addrs[NDIRECT] != 0)
        claim_tree(inum, ip, ip->addrs[NDIRECT], 1, NDIRECT, nb);
    if (ip->addrs[NDIRECT + 1] != 0)
        claim_tree(inum, ip, ip->addrs[NDIRECT + 1], 2, NDIRECT + NINDIRECT,
                   nb);
}

/* Pass over all inodes: types and blocks. */
static void
check_inodes(void)
{
    struct ino in;

    for (uint inum = 1; inum < sb.ninodes; inum++) {
        read_inode(inum, &in);
        if (in.type == 0)
            continue;
        if (in.type != T_DIR && in.type != T_FILE && in.type != T_DEVICE &&
            in.type != T_SYMLINK) {
            report(K_INODE, "inode %u: unknown type %d", inum, in.type);
            continue;
        }
        check_blocks(inum, &in);
    }
    read_inode(ROOTINO, &in);
    if (in.type != T_DIR)
        report(K_DIR, "root inode %u is not a directory (type %d)", ROOTINO,
               in.type);
}

/* Entry idx of table block bno, 0 when bno is no block of the data
 * region (reported elsewhere). */
static uint
table_entry(uint bno, uint idx)
{
    if (bno < nmeta || bno >= sb.size)
        return 0;
    return get32(block(bno) + 4 * idx);
}

/* The disk block holding file block fbn of ip, 0 for a hole. */
static uint
file_block(struct ino *ip, uint fbn)
{
    if (fbn < NDIRECT)
        return ip->addrs[fbn];
    fbn -= NDIRECT;
    if (fbn < NINDIRECT)
        return table_entry(ip->addrs[NDIRECT], fbn);
    fbn -= NINDIRECT;
    if (fbn >= NDINDIRECT)
        return 0;
    uint mid = table_entry(ip->addrs[NDIRECT + 1], fbn / NINDIRECT);
    return table_entry(mid, fbn % NINDIRECT);
}

/* Entry number i of directory ip into de; a hole reads as zeros. */
static void
dir_entry(struct ino *ip, uint i, struct dirent *de)
{
    uint off = i * sizeof(*de);
    uint bno = file_block(ip, off / BSIZE);
    const uchar *p;

    memset(de, 0, sizeof(*de));
    if (bno < nmeta || bno >= sb.size)
        return;
    p = block(bno) + off % BSIZE;
    de->inum = (ushort)get16(p);
    memcpy(de->name, p + 2, DIRSIZ);
}

/* A printable copy of an entry's name. */
static const char *
entry_name(struct dirent *de)
{
    static char buf[DIRSIZ + 1];

    memcpy(buf, de->name, DIRSIZ);
    buf[DIRSIZ] = 0;
    return buf;
}

/* Check one entry of directory dir; push a subdirectory on the stack. */
static void
check_entry(uint dir, struct dirent *de, int *ndot, int *ndotdot, uint *stack,
            uint *top)
{
    struct ino child;
    const char *name = entry_name(de);
    int dot = strcmp(name, ".") == 0, dotdot = strcmp(name, "..") == 0;

    if (de->inum >= sb.ninodes) {
        report(K_DIR,
               "directory %u: entry \"%s\" names inode %u, out of "
               "range",
               dir, name, de->inum);
        return;
    }
    read_inode(de->inum, &child);
    if (child.type == 0) {
        report(K_DIR, "directory %u: entry \"%s\" names free inode %u", dir,
               name, de->inum);
        return;
    }
    if (name[0] == 0)
        report(K_DIR, "directory %u: entry for inode %u has an empty name", dir,
               de->inum);
    if (dot) {
        (*ndot)++;
        if (de->inum != dir)
            report(K_DIR, "directory %u: \".\" names inode %u", dir, de->inum);
        return; /* "." is not counted in nlink */
    }
    names[de->inum]++;
    if (dotdot) {
        (*ndotdot)++;
        if (de->inum != parent[dir])
            report(K_DIR,
                   "directory %u: \"..\" names inode %u, but its "
                   "parent is %u",
                   dir, de->inum, parent[dir]);
        return;
    }
    if (child.type != T_DIR)
        return;
    if (parent[de->inum] != 0 || de->inum == ROOTINO) {
        report(K_DIR, "directory %u named twice: \"%s\" in %u, also in %u",
               de->inum, name, dir,
               de->inum == ROOTINO ? ROOTINO : parent[de->inum]);
        return;
    }
    parent[de->inum] = dir;
    stack[(*top)++] = de->inum;
}

/* Walk the tree from the root, checking each directory's entries. */
static void
check_tree(void)
{
    uint *stack = calloc(sb.ninodes, sizeof(uint));
    uint top = 0;
    struct ino dp;
    struct dirent de;

    parent[ROOTINO] = ROOTINO;
    stack[top++] = ROOTINO;
    while (top > 0) {
        uint dir = stack[--top];
        int ndot = 0, ndotdot = 0;
        reached[dir] = 1;
        read_inode(dir, &dp);
        if (dp.type != T_DIR)
            continue;
        if (dp.size % sizeof(de) != 0)
            report(K_DIR, "directory %u: size %u is not a multiple of %u", dir,
                   dp.size, (uint)sizeof(de));
        for (uint i = 0; i < dp.size / sizeof(de); i++) {
            dir_entry(&dp, i, &de);
            if (de.inum != 0)
                check_entry(dir, &de, &ndot, &ndotdot, stack, &top);
        }
        if (ndot != 1 || ndotdot != 1)
            report(K_DIR,
                   "directory %u: %d \".\" and %d \"..\" entries "
                   "(want one each)",
                   dir, ndot, ndotdot);
    }
    free(stack);
}

/* Compare every inode's nlink with the entries naming it. */
static void
check_links(void)
{
    struct ino in;

    for (uint inum = 1; inum < sb.ninodes; inum++) {
        read_inode(inum, &in);
        if (in.type == 0)
            continue;
        if (names[inum] == 0 && in.nlink == 0) {
            /* Unlinked while open when the system stopped. */
            norphans++;
            if (strict)
                report(K_LINK, "inode %u (type %d, size %u): orphan", inum,
                       in.type, in.size);
            else if (!quiet)
                printf("fsck: inode %u (type %d, size %u): orphan, the next "
                       "boot frees it\n",
                       inum, in.type, in.size);
        } else if (names[inum] == 0)
            report(K_LINK,
                   "inode %u (type %d, nlink %d, size %u): "
                   "allocated but no directory names it",
                   inum, in.type, in.nlink, in.size);
        else if (in.nlink != names[inum])
            report(K_LINK,
                   "inode %u (type %d): nlink %d but %u entries "
                   "name it",
                   inum, in.type, in.nlink, names[inum]);
        else if (in.type == T_DIR && !reached[inum])
            report(K_LINK, "directory %u: not reachable from the root", inum);
    }
}

/* Compare the free bitmap with the blocks in use. */
static void
check_bitmap(void)
{
    for (uint b = 0; b < sb.size; b++) {
        uchar byte = block(BBLOCK(b, sb))[(b % BPB) / 8];
        int set = (byte >> (b % 8)) & 1;
        int used = b < nmeta || claims[b] > 0;
        if (set && !used)
            report(K_BITMAP, "block %u marked in use but no inode uses it", b);
        else if (!set && used)
            report(K_BITMAP, "block %u used by %s but marked free", b,
                   b < nmeta ? "the metadata" : "an inode");
    }
}

int
main(int argc, char *argv[])
{
    static const char *kinds[NKIND] = {"superblock", "log",       "inode",
                                       "block",      "directory", "link count",
                                       "bitmap"};
    int total = 0;
    const char *path;

    int a = 1;
    for (; a < argc && argv[a][0] == '-'; a++) {
        if (strcmp(argv[a], "-q") == 0)
            quiet = 1;
        else if (strcmp(argv[a], "-s") == 0)
            strict = 1;
        else
            break;
    }
    if (a != argc - 1) {
        fprintf(stderr, "usage: fsck [-q] [-s] fs.img\n");
        return 2;
    }
    path = argv[a];
    if (load(path) < 0)
        return 2;
    if (check_super() < 0)
        return 2;
    names = calloc(sb.ninodes, sizeof(*names));
    parent = calloc(sb.ninodes, sizeof(*parent));
    reached = calloc(sb.ninodes, 1);
    claims = calloc(sb.size, 1);
    owner = calloc(sb.size, sizeof(*owner));
    if (!names || !parent || !reached || !claims || !owner) {
        fprintf(stderr, "fsck: out of memory\n");
        return 2;
    }
    replay_log();
    check_inodes();
    check_tree();
    check_links();
    check_bitmap();
    for (int k = 0; k < NKIND; k++) {
        if (nreports[k] > MAXREPORT)
            printf("fsck: ... and %d more %s problems\n",
                   nreports[k] - MAXREPORT, kinds[k]);
        total += nreports[k];
    }
    if (total > 0) {
        printf("fsck: %s: %d problems\n", path, total);
        return 1;
    }
    if (!quiet)
        printf("fsck: %s: clean\n", path);
    return 0;
}
