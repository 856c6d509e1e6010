/*
 * mkfs: build a Kite file system image on the host.
 *
 * Overview    mkfs fs.img file...  writes an image of FSSIZE blocks
 *             holding a root directory with each file in it.  A file's
 *             name in the image is its last path component without a
 *             leading '_' (user/_ls becomes /ls, README.md stays
 *             README.md).
 * Objects     The layout of kernel/fs.h: boot block, superblock, log
 *             (a header and LOGSIZE blocks), NINODES inodes, the free
 *             bitmap, then data blocks handed out in order.
 * Design      The image is built in PATH.tmp and renamed to PATH at the
 *             end, so a QEMU that has the old image open keeps its own
 *             file; and mkfs refuses to start while a process (a
 *             running QEMU) holds a lock on PATH (mkfs/inuse.c).
 *             Everything is written straight to the new file; blocks
 *             and inodes are allocated by bumping a counter, and the
 *             bitmap is written last, marking every block used so far.
 *             Numbers are stored little-endian whatever the host.
 *             Only stdio is used for files: the host's <fcntl.h> and
 *             <sys/stat.h> define a struct stat that clashes with
 *             kernel/stat.h, which gives us T_DIR and T_FILE.
 *             A name longer than DIRSIZ, a duplicate name, a file over
 *             MAXFILE blocks or an image too small is an error (exit 1)
 *             rather than a quietly broken image.
 * Origins     The xv6 mkfs approach, written anew for Kite.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/fs.h"
#include "kernel/stat.h"

#define NINODES 1024 /* inodes in the image */

_Static_assert(BSIZE % sizeof(struct dinode) == 0, "dinodes span blocks");
_Static_assert(BSIZE % sizeof(struct dirent) == 0, "dirents span blocks");

static FILE *img;
static const char *img_path; /* the temporary file, removed if mkfs fails */
static const char *cur_path; /* file being copied, for messages */
static struct superblock sb; /* host byte order */
static uint next_inum = 1;   /* next free inode */
static uint next_block;      /* next free data block */

int image_in_use(const char *path); /* mkfs/inuse.c */

static void
die(const char *msg, const char *arg)
{
    fprintf(stderr, "mkfs: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
    if (img_path) {
        if (img)
            fclose(img);
        remove(img_path); /* no half-built image for make to keep */
    }
    exit(1);
}

/* Little-endian conversions (the same function both ways). */
static ushort
le16(ushort x)
{
    uchar b[2] = {x & 0xff, x >> 8};
    ushort y;
    memcpy(&y, b, sizeof(y));
    return y;
}

static uint
le32(uint x)
{
    uchar b[4] = {x & 0xff, (x >> 8) & 0xff, (x >> 16) & 0xff, x >> 24};
    uint y;
    memcpy(&y, b, sizeof(y));
    return y;
}

static void
write_block(uint bno, const void *buf)
{
    if (fseek(img, (long)bno * BSIZE, SEEK_SET) != 0 ||
        fwrite(buf, BSIZE, 1, img) != 1)
        die("cannot write the image", 0);
}

static void
read_block(uint bno, void *buf)
{
    if (fseek(img, (long)bno * BSIZE, SEEK_SET) != 0 ||
        fread(buf, BSIZE, 1, img) != 1)
        die("cannot read the image", 0);
}

/* Copy inode inum (disk byte order) in or out of its block. */
static void
inode_io(uint inum, struct dinode *dip, int write)
{
    uchar buf[BSIZE];
    uint bno = IBLOCK(inum, sb);
    struct dinode *slot = (struct dinode *)buf + inum % IPB;

    read_block(bno, buf);
    if (write) {
        *slot = *dip;
        write_block(bno, buf);
    } else {
        *dip = *slot;
    }
}

/* A new inode of the given type with one link.  Returns its number. */
static uint
inode_alloc(short type)
{
    struct dinode din;

    if (next_inum >= sb.ninodes)
        die("out of inodes", 0);
    memset(&din, 0, sizeof(din));
    din.type = le16(type);
    din.nlink = le16(1);
    inode_io(next_inum, &din, 1);
    return next_inum++;
}

static uint
block_alloc(void)
{
    if (next_block >= sb.size)
        die("image full: raise FSSIZE", 0);
    return next_block++;
}

/* The block at index idx of the tree of block tables hanging from
 * *slot (disk byte order), depth levels deep; allocated if new. */
static uint
tree_block(uint *slot, uint idx, int depth)
{
    uint table[NINDIRECT], span = 1;

    if (*slot == 0)
        *slot = le32(block_alloc());
    if (depth == 0)
        return le32(*slot);
    for (int d = 1; d < depth; d++)
        span *= NINDIRECT;
    read_block(le32(*slot), table);
    uint entry = table[idx / span];
    uint bno = tree_block(&entry, idx % span, depth - 1);
    if (entry != table[idx / span]) {
        table[idx / span] = entry;
        write_block(le32(*slot), table);
    }
    return bno;
}

/* The disk block holding file block fbn of din, allocated if new. */
static uint
file_block(struct dinode *din, uint fbn)
{
    if (fbn < NDIRECT)
        return tree_block(&din->addrs[fbn], 0, 0);
    fbn -= NDIRECT;
    if (fbn < NINDIRECT)
        return tree_block(&din->addrs[NDIRECT], fbn, 1);
    fbn -= NINDIRECT;
    if (fbn < NDINDIRECT)
        return tree_block(&din->addrs[NDIRECT + 1], fbn, 2);
    die("file too big (more than MAXFILE blocks)", cur_path);
    return 0;
}

/* Append n bytes of data to inode inum. */
static void
inode_append(uint inum, const void *data, uint n)
{
    struct dinode din;
    uchar buf[BSIZE];
    const uchar *src = data;

    inode_io(inum, &din, 0);
    uint off = le32(din.size);
    while (n > 0) {
        uint bno = file_block(&din, off / BSIZE);
        uint m = BSIZE - off % BSIZE;
        if (m > n)
            m = n;
        read_block(bno, buf);
        memcpy(buf + off % BSIZE, src, m);
        write_block(bno, buf);
        off += m;
        src += m;
        n -= m;
    }
    din.size = le32(off);
    inode_io(inum, &din, 1);
}

/* Add the entry (name, inum) to directory dir. */
static void
dir_add(uint dir, const char *name, uint inum)
{
    struct dirent de;

    memset(&de, 0, sizeof(de));
    de.inum = le16(inum);
    memcpy(de.name, name, strlen(name)); /* <= DIRSIZ: image_name */
    inode_append(dir, &de, sizeof(de));
}

/* The name a path gets in the image: last component, no leading '_'. */
static const char *
image_name(const char *path)
{
    const char *name = strrchr(path, '/');
    name = name ? name + 1 : path;
    if (name[0] == '_')
        name++;
    if (name[0] == 0)
        die("empty file name", path);
    if (strlen(name) > DIRSIZ)
        die("name longer than DIRSIZ (30)", path);
    return name;
}

/* Copy the host file path into the root directory as name. */
static void
add_file(uint root, const char *path, const char *name)
{
    char buf[BSIZE];
    size_t n;
    FILE *in = fopen(path, "rb");

    if (in == 0)
        die("cannot open", path);
    cur_path = path;
    uint inum = inode_alloc(T_FILE);
    dir_add(root, name, inum);
    while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
        inode_append(inum, buf, n);
    if (ferror(in))
        die("cannot read", path);
    fclose(in);
}

/* Lay out the regions and write the superblock and empty blocks. */
static void
format(void)
{
    uchar buf[BSIZE];
    uint nbitmap = FSSIZE / BPB + 1;
    uint ninodeblocks = NINODES / IPB + 1;
    uint nlog = LOGSIZE + 1;
    uint nmeta = 2 + nlog + ninodeblocks + nbitmap;

    sb.magic = FSMAGIC;
    sb.size = FSSIZE;
    sb.nblocks = FSSIZE - nmeta;
    sb.ninodes = NINODES;
    sb.nlog = nlog;
    sb.logstart = 2;
    sb.inodestart = 2 + nlog;
    sb.bmapstart = 2 + nlog + ninodeblocks;
    next_block = nmeta;

    memset(buf, 0, sizeof(buf));
    for (uint i = 0; i < FSSIZE; i++)
        write_block(i, buf);
    uint *disk = (uint *)buf; /* the superblock's fields, in order */
    uint fields[] = {sb.magic, sb.size,     sb.nblocks,    sb.ninodes,
                     sb.nlog,  sb.logstart, sb.inodestart, sb.bmapstart};
    for (uint i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        disk[i] = le32(fields[i]);
    write_block(1, buf);
    printf("mkfs: %u blocks: %u meta (log %u, inodes %u, bitmap %u), "
           "%u data\n",
           FSSIZE, nmeta, nlog, ninodeblocks, nbitmap, sb.nblocks);
}

/* Mark blocks [0, next_block) used in the bitmap. */
static void
write_bitmap(void)
{
    uchar buf[BSIZE];

    for (uint base = 0; base < sb.size; base += BPB) {
        memset(buf, 0, sizeof(buf));
        for (uint b = base; b < next_block && b < base + BPB; b++)
            buf[(b - base) / 8] |= 1 << ((b - base) % 8);
        write_block(BBLOCK(base, sb), buf);
    }
}

int
main(int argc, char *argv[])
{
    _Static_assert(sizeof(struct superblock) == 8 * sizeof(uint),
                   "superblock layout");
    if (argc < 2) {
        fprintf(stderr, "usage: mkfs fs.img file...\n");
        return 1;
    }
    for (int i = 2; i < argc; i++)
        for (int j = 2; j < i; j++)
            if (strcmp(image_name(argv[i]), image_name(argv[j])) == 0)
                die("two files with the same name", argv[i]);

    if (image_in_use(argv[1])) {
        fprintf(stderr,
                "mkfs: %s is in use (a QEMU running Kite?): not rebuilt.\n"
                "mkfs: rewriting it under that QEMU would corrupt its "
                "file system; leave it (Ctrl-a x) and build again.\n",
                argv[1]);
        return 1;
    }
    static char tmp[4096];
    if (snprintf(tmp, sizeof(tmp), "%s.tmp", argv[1]) >= (int)sizeof(tmp))
        die("path too long", argv[1]);
    img = fopen(tmp, "w+b");
    if (img == 0)
        die("cannot create", tmp);
    img_path = tmp;
    format();

    uint root = inode_alloc(T_DIR);
    if (root != ROOTINO)
        die("root inode is not ROOTINO", 0);
    dir_add(root, ".", root);
    dir_add(root, "..", root);
    for (int i = 2; i < argc; i++)
        add_file(root, argv[i], image_name(argv[i]));

    write_bitmap();
    printf("mkfs: %d files, %u inodes and %u blocks used\n", argc - 2,
           next_inum - 1, next_block);
    if (fflush(img) != 0)
        die("cannot write the image", tmp);
    fclose(img);
    img = 0;
    if (rename(tmp, argv[1]) != 0) {
        remove(tmp);
        fprintf(stderr, "mkfs: cannot rename %s to %s\n", tmp, argv[1]);
        return 1;
    }
    return 0;
}
