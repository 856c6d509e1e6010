/*
 * The file system proper: blocks, inodes, directories and path names.
 *
 * Overview    Five layers, lowest first: free-block bitmap (balloc,
 *             bfree); inodes (ialloc, iget, ilock, iput, itrunc); file
 *             contents (bmap, readi, writei); directories (dirlookup,
 *             dirlink); path names and symbolic links (namei,
 *             nameiparent, fs_lookup).  Below them the
 *             log (log.c) and the buffer cache (bio.c); above them
 *             file.c and sysfile.c.
 * Objects     sb: the superblock, read once at boot.
 *             itable.inode[NINODE]: in-memory inodes.  A slot is in use
 *             while ref > 0; its copy of the disk inode is loaded by
 *             ilock on first use (valid).
 * Operations  ialloc: a fresh inode or -ENOSPC (no free disk inode) or
 *               -ENFILE (inode table full) through fs_ialloc.
 *             ilock: lock and load; iunlock; iput: drop a reference and,
 *               for the last reference to an unlinked inode, free its
 *               blocks and the inode (so iput must run inside an op).
 *             readi: bytes read, 0 at or past the end, -EFAULT when no
 *               byte could be copied.  writei: bytes written, or -ENOSPC,
 *               -EFAULT, -EFBIG (past MAXFILE blocks) when none was.
 *             dirlink: 0, -EEXIST, -ENOSPC/-EFBIG (directory cannot grow).
 *             namei & co.: see fs_namei in file.h for the error codes;
 *               every lookup also gives -ELOOP past MAXSYMLINKS links.
 *             bmap: a block, 0 (hole), -ENOSPC, -EFBIG (past MAXFILE).
 *             fs_freeblocks: the free blocks of a disk, for sysinfo.
 * Design      Every change to disk goes through log_write, so each
 *             caller of a writing function is inside begin_op/end_op.
 *             Resources a user can exhaust (data blocks, disk inodes,
 *             inode-table slots) give errors, never panics.  Files may
 *             have holes: reads of an unallocated block give zeros and
 *             only writes allocate.  writei stages user bytes through a
 *             small stack buffer and allocates a block only once bytes
 *             for it are in hand, so a write cut short (bad address,
 *             full disk) leaves no block past the end of the file and
 *             no uncounted bytes in one.  A path component longer than DIRSIZ
 *             is an error (-ENAMETOOLONG), not silently cut.  A file's
 *             block numbers form a tree under each slot of addrs[]:
 *             direct (depth 0), indirect (1), doubly-indirect (2); one
 *             walk (bmap_tree) and one free (free_tree) serve all, and
 *             neither holds a buffer across the descent.  A symbolic
 *             link is followed by splicing its target into the path
 *             still to walk (follow_link): a loop, not a recursion, so
 *             the kernel stack does not grow with the links.  Lookups
 *             lock one directory at a time (a child is locked only after
 *             its parent is unlocked), so "." and ".." cannot deadlock.
 * Locking     itable.lock (rank 50, taken alone): dev, inum, ref.
 *             ip->lock (sleep lock): the rest of the inode and the
 *             file's contents.  Order: ip->lock, then buffer locks (via
 *             bread), then bcache.lock/log.lock; a parent directory's
 *             lock before its child's (sysfile.c create and unlink).
 *             No sleep lock is taken while itable.lock is held.
 * Interfaces  bread/brelse (bio.c), log_write (log.c).  fsinit runs in
 *             the first process (it sleeps for the disk); it also frees
 *             orphans, inodes left unlinked but open by a crash.
 * Origins     The xv6 file system layout and layering, written anew for
 *             Kite.  Changed: errno results instead of panics or -1,
 *             holes, ENAMETOOLONG, the error-returning fs_* lookups,
 *             the doubly-indirect block (11 direct blocks, not 12, to
 *             keep the inode 64 bytes) and symbolic links.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "proc.h"
#include "fs.h"
#include "buf.h"
#include "file.h"
#include "stat.h"
#include "errno.h"
#include "defs.h"

static struct superblock sb; /* constant after fsinit */

static struct {
    struct spinlock lock; /* dev, inum, ref of every slot */
    struct inode inode[NINODE];
} itable;

static const uchar zeros[BSIZE]; /* what a hole reads as */

static void reclaim_orphans(uint dev);

/* Read the superblock of dev, mount its log and replay it, then free
 * the inodes that were open but unlinked when the system stopped.
 * Sleeps: for the disk. */
void
fsinit(int dev)
{
    struct buf *b = bread(dev, 1);
    memmove(&sb, b->data, sizeof(sb));
    brelse(b);
    if (sb.magic != FSMAGIC)
        panic("fsinit: not a Kite file system");
    initlog(dev, &sb);
    reclaim_orphans(dev);
}

/* Fill block bno of dev with zeros (in the log). */
static void
bzero(uint dev, uint bno)
{
    struct buf *b = bread(dev, bno);
    memset(b->data, 0, BSIZE);
    log_write(b);
    brelse(b);
}

/* Allocate a zeroed data block.
 * Returns: its number, or 0 when the disk is full.  Inside an op. */
static uint
balloc(uint dev)
{
    for (uint base = 0; base < sb.size; base += BPB) {
        struct buf *b = bread(dev, BBLOCK(base, sb));
        for (uint bi = 0; bi < BPB && base + bi < sb.size; bi++) {
            uchar mask = 1 << (bi % 8);
            if (b->data[bi / 8] & mask)
                continue;
            b->data[bi / 8] |= mask;
            log_write(b);
            brelse(b);
            bzero(dev, base + bi);
            return base + bi;
        }
        brelse(b);
    }
    return 0;
}

/* Mark block bno free.  Inside an op. */
static void
bfree(uint dev, uint bno)
{
    struct buf *b = bread(dev, BBLOCK(bno, sb));
    uint bi = bno % BPB;
    uchar mask = 1 << (bi % 8);
    if ((b->data[bi / 8] & mask) == 0)
        panic("bfree: block already free");
    b->data[bi / 8] &= ~mask;
    log_write(b);
    brelse(b);
}

/* Set up the inode table. */
void
iinit(void)
{
    initlock(&itable.lock, "itable");
    for (int i = 0; i < NINODE; i++)
        initsleeplock(&itable.inode[i].lock, "inode");
}

/*
 * Find the in-memory inode for (dev, inum), or claim a free slot for
 * it without reading the disk (ilock does that).
 * Returns: a referenced, unlocked inode, or 0 when the table is full.
 */
static struct inode *
iget(uint dev, uint inum)
{
    struct inode *ip, *empty = 0;

    acquire(&itable.lock);
    for (ip = itable.inode; ip < itable.inode + NINODE; ip++) {
        if (ip->ref > 0 && ip->dev == dev && ip->inum == inum) {
            ip->ref++;
            release(&itable.lock);
            return ip;
        }
        if (empty == 0 && ip->ref == 0)
            empty = ip;
    }
    if (empty) {
        empty->dev = dev;
        empty->inum = inum;
        empty->ref = 1;
        empty->valid = 0;
    }
    release(&itable.lock);
    return empty;
}

/*
 * Allocate a disk inode of the given type (nlink 0: the caller links
 * it) and return it, referenced and unlocked, in *ipp.
 * Returns: 0, -ENOSPC (no free inode), -ENFILE (inode table full).
 * Inside an op.  Sleeps: for the disk.
 */
int
fs_ialloc(uint dev, short type, struct inode **ipp)
{
    for (uint inum = 1; inum < sb.ninodes; inum++) {
        struct buf *b = bread(dev, IBLOCK(inum, sb));
        struct dinode *dip = (struct dinode *)b->data + inum % IPB;
        if (dip->type != 0) {
            brelse(b);
            continue;
        }
        struct inode *ip = iget(dev, inum);
        if (ip == 0) {
            brelse(b);
            return -ENFILE;
        }
        memset(dip, 0, sizeof(*dip));
        dip->type = type;
        log_write(b);
        brelse(b);
        *ipp = ip;
        return 0;
    }
    return -ENOSPC;
}

/* Allocate an inode as fs_ialloc does.
 * Returns: the inode, referenced and unlocked, or 0 on any failure. */
struct inode *
ialloc(uint dev, short type)
{
    struct inode *ip;
    return fs_ialloc(dev, type, &ip) < 0 ? 0 : ip;
}

/* Copy ip's fields to its disk inode (in the log).
 * Caller holds: ip->lock, inside an op. */
void
iupdate(struct inode *ip)
{
    KASSERT(holdingsleep(&ip->lock));
    struct buf *b = bread(ip->dev, IBLOCK(ip->inum, sb));
    struct dinode *dip = (struct dinode *)b->data + ip->inum % IPB;
    dip->type = ip->type;
    dip->major = ip->major;
    dip->minor = ip->minor;
    dip->nlink = ip->nlink;
    dip->size = ip->size;
    memmove(dip->addrs, ip->addrs, sizeof(ip->addrs));
    log_write(b);
    brelse(b);
}

/* Take another reference to ip.
 * Returns: ip. */
struct inode *
idup(struct inode *ip)
{
    acquire(&itable.lock);
    ip->ref++;
    release(&itable.lock);
    return ip;
}

/* Lock ip, reading it from disk the first time.
 * Sleeps: on the lock and for the disk. */
void
ilock(struct inode *ip)
{
    if (ip == 0 || ip->ref < 1)
        panic("ilock: no reference");
    acquiresleep(&ip->lock);
    if (ip->valid)
        return;
    struct buf *b = bread(ip->dev, IBLOCK(ip->inum, sb));
    struct dinode *dip = (struct dinode *)b->data + ip->inum % IPB;
    ip->type = dip->type;
    ip->major = dip->major;
    ip->minor = dip->minor;
    ip->nlink = dip->nlink;
    ip->size = dip->size;
    memmove(ip->addrs, dip->addrs, sizeof(ip->addrs));
    brelse(b);
    ip->valid = 1;
    if (ip->type == 0)
        panic("ilock: free inode in use");
}

/* Unlock ip.
 * Caller holds: ip->lock. */
void
iunlock(struct inode *ip)
{
    if (ip == 0 || ip->ref < 1)
        panic("iunlock: no reference");
    KASSERT(holdingsleep(&ip->lock));
    releasesleep(&ip->lock);
}

/*
 * Drop a reference.  The last reference to an inode no directory names
 * frees it: contents, then the disk inode.
 * Caller holds: no lock on ip; inside an op (it may write).
 * Sleeps: for the disk when it frees.
 */
void
iput(struct inode *ip)
{
    acquire(&itable.lock);
    if (ip->ref == 1 && ip->valid && ip->nlink == 0) {
        /* Ours alone: nobody else can hold or wait for ip->lock, and
         * no lookup can find it (no directory names it). */
        release(&itable.lock);
        acquiresleep(&ip->lock);
        itrunc(ip);
        ip->type = 0;
        iupdate(ip);
        ip->valid = 0;
        releasesleep(&ip->lock);
        acquire(&itable.lock);
    }
    ip->ref--;
    release(&itable.lock);
}

/*
 * Free every orphan of dev: an allocated inode with no links.  A file
 * unlinked while still open lives on until its last close (iput); if
 * the system stops first, nothing will ever close it, and its blocks
 * would be lost.  At boot no file is open, so each such inode is an
 * orphan: taking a reference and dropping it lets iput free it, one
 * operation (transaction) per inode.  The scan reads the inode blocks
 * once, at boot; nothing else runs yet.
 * Sleeps: for the disk.
 */
static void
reclaim_orphans(uint dev)
{
    for (uint inum = 1; inum < sb.ninodes; inum++) {
        struct buf *b = bread(dev, IBLOCK(inum, sb));
        struct dinode *dip = (struct dinode *)b->data + inum % IPB;
        int orphan = dip->type != 0 && dip->nlink == 0;
        brelse(b);
        if (!orphan)
            continue;
        begin_op();
        struct inode *ip = iget(dev, inum);
        KASSERT(ip != 0); /* the table is empty at boot */
        ilock(ip);
        printf("kite: freeing orphan inode %u (%u bytes)\n", inum, ip->size);
        iunlockput(ip); /* the last reference to an unlinked inode */
        end_op();
    }
}

/* iunlock then iput.
 * Caller holds: ip->lock; inside an op. */
void
iunlockput(struct inode *ip)
{
    iunlock(ip);
    iput(ip);
}

/* LAB fs: BEGIN */
/*
 * The block at index idx of the tree of block tables hanging from
 * *slot, depth levels deep (depth 0: *slot is the data block itself,
 * 1: an indirect block, 2: a doubly-indirect block).  With alloc, a
 * missing block or table is allocated; a table made here is freed
 * again when the disk fills up below it, so a failed write leaves no
 * empty table behind.  No buffer is held across the descent.
 * Returns: the data block, 0 for a hole (alloc == 0), -ENOSPC.
 * Caller holds: ip->lock; inside an op when alloc.
 */
static int
bmap_tree(struct inode *ip, uint *slot, uint idx, int depth, int alloc)
{
    int fresh = 0;

    if (*slot == 0) {
        if (!alloc)
            return 0;
        if ((*slot = balloc(ip->dev)) == 0)
            return -ENOSPC;
        fresh = 1;
    }
    if (depth == 0)
        return *slot;
    uint span = 1; /* data blocks under one entry of this table */
    for (int d = 1; d < depth; d++)
        span *= NINDIRECT;
    struct buf *b = bread(ip->dev, *slot);
    uint entry = ((uint *)b->data)[idx / span];
    brelse(b);
    uint was = entry;
    int r = bmap_tree(ip, &entry, idx % span, depth - 1, alloc);
    if (entry != was) {
        b = bread(ip->dev, *slot);
        ((uint *)b->data)[idx / span] = entry;
        log_write(b);
        brelse(b);
    }
    if (r <= 0 && fresh) {
        bfree(ip->dev, *slot);
        *slot = 0;
    }
    return r;
}

/*
 * The disk block holding block bn of ip's contents.  With alloc, a
 * missing block (and any table on the way to it) is allocated.
 * Returns: the block number, 0 for a hole (alloc == 0), -ENOSPC (disk
 * full), -EFBIG (bn past MAXFILE).
 * Caller holds: ip->lock; inside an op when alloc.
 */
static int
bmap(struct inode *ip, uint bn, int alloc)
{
    if (bn < NDIRECT)
        return bmap_tree(ip, &ip->addrs[bn], 0, 0, alloc);
    bn -= NDIRECT;
    if (bn < NINDIRECT)
        return bmap_tree(ip, &ip->addrs[NDIRECT], bn, 1, alloc);
    bn -= NINDIRECT;
    if (bn < NDINDIRECT)
        return bmap_tree(ip, &ip->addrs[NDIRECT + 1], bn, 2, alloc);
    return -EFBIG;
}

/* Free block bno and, when it is a table depth levels deep, every
 * block under it.  One entry is read at a time, so no buffer is held
 * across the descent.  Inside an op. */
static void
free_tree(uint dev, uint bno, int depth)
{
    for (uint i = 0; depth > 0 && i < NINDIRECT; i++) {
        struct buf *b = bread(dev, bno);
        uint entry = ((uint *)b->data)[i];
        brelse(b);
        if (entry)
            free_tree(dev, entry, depth - 1);
    }
    bfree(dev, bno);
}

/* Free all of ip's blocks and make it empty.
 * Caller holds: ip->lock; inside an op. */
void
itrunc(struct inode *ip)
{
    KASSERT(holdingsleep(&ip->lock));
    for (int i = 0; i < NADDRS; i++) {
        if (ip->addrs[i]) {
            /* addrs[NDIRECT] is a table one level deep, the next two */
            free_tree(ip->dev, ip->addrs[i], i < NDIRECT ? 0 : i - NDIRECT + 1);
            ip->addrs[i] = 0;
        }
    }
    ip->size = 0;
    iupdate(ip);
}
/* LAB fs: STUB
// Lab (part 1): map the doubly-indirect block, addrs[NDIRECT + 1], in
// bmap and free it in itrunc.  See labs/fs.md.
//
// The disk block holding block bn of ip's contents.  With alloc, a
// missing block (and the indirect block) is allocated.  Only the
// direct blocks and the indirect block are mapped.
// Returns: the block number, 0 for a hole (alloc == 0), -ENOSPC (disk
// full), -EFBIG (bn past what the direct and indirect blocks map).
// Caller holds: ip->lock; inside an op when alloc.
static int
bmap(struct inode *ip, uint bn, int alloc)
{
    uint addr;

    if (bn < NDIRECT) {
        if (ip->addrs[bn] == 0 && alloc)
            ip->addrs[bn] = balloc(ip->dev);
        if (ip->addrs[bn] == 0 && alloc)
            return -ENOSPC;
        return ip->addrs[bn];
    }
    bn -= NDIRECT;
    if (bn >= NINDIRECT)
        return -EFBIG;
    int fresh = 0;
    if (ip->addrs[NDIRECT] == 0) {
        if (!alloc)
            return 0;
        if ((ip->addrs[NDIRECT] = balloc(ip->dev)) == 0)
            return -ENOSPC;
        fresh = 1;
    }
    struct buf *b = bread(ip->dev, ip->addrs[NDIRECT]);
    uint *table = (uint *)b->data;
    addr = table[bn];
    if (addr == 0 && alloc) {
        addr = balloc(ip->dev);
        if (addr) {
            table[bn] = addr;
            log_write(b);
        }
    }
    brelse(b);
    if (addr == 0 && fresh) {
        bfree(ip->dev, ip->addrs[NDIRECT]);
        ip->addrs[NDIRECT] = 0;
    }
    if (addr == 0 && alloc)
        return -ENOSPC;
    return addr;
}

// Free all of ip's blocks and make it empty.
// Caller holds: ip->lock; inside an op.
void
itrunc(struct inode *ip)
{
    KASSERT(holdingsleep(&ip->lock));
    for (int i = 0; i < NDIRECT; i++) {
        if (ip->addrs[i]) {
            bfree(ip->dev, ip->addrs[i]);
            ip->addrs[i] = 0;
        }
    }
    if (ip->addrs[NDIRECT]) {
        struct buf *b = bread(ip->dev, ip->addrs[NDIRECT]);
        uint *table = (uint *)b->data;
        for (uint j = 0; j < NINDIRECT; j++)
            if (table[j])
                bfree(ip->dev, table[j]);
        brelse(b);
        bfree(ip->dev, ip->addrs[NDIRECT]);
        ip->addrs[NDIRECT] = 0;
    }
    ip->size = 0;
    iupdate(ip);
}
   LAB fs: END */

/* Fill st from ip.
 * Caller holds: ip->lock. */
void
stati(struct inode *ip, struct stat *st)
{
    KASSERT(holdingsleep(&ip->lock));
    st->dev = ip->dev;
    st->ino = ip->inum;
    st->type = ip->type;
    st->nlink = ip->nlink;
    st->size = ip->size;
}

/*
 * Copy n bytes of ip's contents from offset off to dst, a user address
 * when user_dst, else a kernel one.  Stops at the end of the file.
 * Returns: bytes copied (0 at or past the end), or copyout's -EFAULT or
 * -ENOMEM if the first copy failed.  Caller holds: ip->lock.
 * Sleeps: for the disk.
 */
int
readi(struct inode *ip, int user_dst, uint64 dst, uint off, uint n)
{
    uint done, m;

    KASSERT(holdingsleep(&ip->lock));
    if (off >= ip->size)
        return 0;
    if (n > ip->size - off)
        n = ip->size - off;
    for (done = 0; done < n; done += m, off += m, dst += m) {
        m = BSIZE - off % BSIZE;
        if (m > n - done)
            m = n - done;
        int bno = bmap(ip, off / BSIZE, 0);
        int r;
        if (bno <= 0) {
            r = either_copyout(user_dst, dst, (void *)(zeros + off % BSIZE), m);
        } else {
            struct buf *b = bread(ip->dev, bno);
            r = either_copyout(user_dst, dst, b->data + off % BSIZE, m);
            brelse(b);
        }
        if (r < 0)
            return done > 0 ? (int)done : r;
    }
    return n;
}

#define WRITE_STAGE 256 /* bytes staged on the kernel stack per copy */

/*
 * Copy up to m bytes from src into ip at off, all within one block.
 * The block is allocated only once a first piece has been copied in,
 * so a bad source address allocates nothing, and every byte put in the
 * block is counted (the file's size then covers it).
 * Returns: bytes copied; *err gets -EFAULT, -ENOSPC or -EFBIG (past
 * what bmap can map) when short.
 * Caller holds: ip->lock; inside an op.
 */
static uint
write_block(struct inode *ip, int user_src, uint64 src, uint off, uint m,
            int *err)
{
    char stage[WRITE_STAGE];
    struct buf *b = 0;
    uint k, piece;

    for (k = 0; k < m; k += piece) {
        piece = m - k < WRITE_STAGE ? m - k : WRITE_STAGE;
        if (either_copyin(stage, user_src, src + k, piece) < 0) {
            *err = -EFAULT;
            break;
        }
        if (b == 0) {
            int bno = bmap(ip, off / BSIZE, 1);
            if (bno <= 0) {
                *err = bno < 0 ? bno : -ENOSPC;
                break;
            }
            b = bread(ip->dev, bno);
        }
        memmove(b->data + off % BSIZE + k, stage, piece);
    }
    if (b) {
        log_write(b);
        brelse(b);
    }
    return k;
}

/*
 * Copy n bytes from src (a user address when user_src) into ip at
 * offset off, growing the file (an offset past the end leaves a hole).
 * Returns: bytes written; if none, -ENOSPC (disk full), -EFAULT, or
 * -EFBIG (off + n past MAXFILE blocks: nothing is written).
 * Caller holds: ip->lock; inside an op.  Sleeps: for the disk.
 */
int
writei(struct inode *ip, int user_src, uint64 src, uint off, uint n)
{
    uint done, m, r;
    int err = 0;

    KASSERT(holdingsleep(&ip->lock));
    if (off + n < off || (uint64)off + n > (uint64)MAXFILE * BSIZE)
        return -EFBIG;
    for (done = 0; done < n; done += r, off += r, src += r) {
        m = BSIZE - off % BSIZE;
        if (m > n - done)
            m = n - done;
        r = write_block(ip, user_src, src, off, m, &err);
        if (r < m) {
            done += r;
            off += r;
            break;
        }
    }
    if (done > 0 && off > ip->size)
        ip->size = off;
    iupdate(ip); /* size, and addrs that bmap may have filled */
    return done > 0 ? (int)done : err;
}

/* Compare two directory entry names (at most DIRSIZ characters).
 * Returns: 0 when equal. */
int
namecmp(const char *s, const char *t)
{
    return strncmp(s, t, DIRSIZ);
}

/* Find name in directory dp.
 * Returns: the entry's inode number and offset (*poff), or 0.
 * Caller holds: dp->lock. */
static uint
dir_scan(struct inode *dp, char *name, uint *poff)
{
    struct dirent de;

    KASSERT(holdingsleep(&dp->lock));
    if (dp->type != T_DIR)
        panic("dir_scan: not a directory");
    for (uint off = 0; off < dp->size; off += sizeof(de)) {
        if (readi(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
            panic("dir_scan: short read");
        if (de.inum != 0 && namecmp(name, de.name) == 0) {
            if (poff)
                *poff = off;
            return de.inum;
        }
    }
    return 0;
}

/* Look name up in directory dp; the inode goes to *ipp, the entry's
 * offset to *poff (if poff).
 * Returns: 0, -ENOENT, -ENFILE.  Caller holds: dp->lock. */
int
fs_dirlookup(struct inode *dp, char *name, uint *poff, struct inode **ipp)
{
    uint inum = dir_scan(dp, name, poff);
    if (inum == 0)
        return -ENOENT;
    *ipp = iget(dp->dev, inum);
    return *ipp ? 0 : -ENFILE;
}

/* Look name up in directory dp as fs_dirlookup does.
 * Returns: the inode, referenced and unlocked, or 0. */
struct inode *
dirlookup(struct inode *dp, char *name, uint *poff)
{
    struct inode *ip;
    return fs_dirlookup(dp, name, poff, &ip) < 0 ? 0 : ip;
}

/*
 * Add the entry (name, inum) to directory dp, reusing a free slot.
 * Returns: 0, -EEXIST (name present), -ENOSPC or -EFBIG (no room).
 * Caller holds: dp->lock; inside an op.
 */
int
dirlink(struct inode *dp, char *name, uint inum)
{
    struct dirent de;
    uint off;

    if (dir_scan(dp, name, 0) != 0)
        return -EEXIST;
    for (off = 0; off < dp->size; off += sizeof(de)) {
        if (readi(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
            panic("dirlink: short read");
        if (de.inum == 0)
            break;
    }
    memset(&de, 0, sizeof(de));
    strncpy(de.name, name, DIRSIZ);
    de.inum = inum;
    int r = writei(dp, 0, (uint64)&de, off, sizeof(de));
    if (r == sizeof(de))
        return 0;
    return r < 0 ? r : -ENOSPC;
}

/*
 * Split off the first element of path into name.  "a/bb/c" gives "a"
 * and returns "bb/c"; slashes are skipped on both sides.
 * Returns: the rest of the path, 0 when there is no element, or
 * (char *)-1 when the element is longer than DIRSIZ.
 */
static char *
next_elem(char *path, char *name)
{
    while (*path == '/')
        path++;
    if (*path == 0)
        return 0;
    char *s = path;
    while (*path != '/' && *path != 0)
        path++;
    int len = path - s;
    if (len > DIRSIZ)
        return (char *)-1;
    memmove(name, s, len);
    if (len < DIRSIZ)
        name[len] = 0;
    while (*path == '/')
        path++;
    return path;
}

/* Step from directory ip to its entry name; the caller keeps its
 * reference to ip.
 * Returns: 0 with the entry's inode in *next, or -errno. */
static int
step(struct inode *ip, char *name, struct inode **next)
{
    int err;

    ilock(ip);
    if (ip->type != T_DIR)
        err = -ENOTDIR;
    else
        err = fs_dirlookup(ip, name, 0, next);
    iunlock(ip);
    return err;
}

/* LAB fs: BEGIN */
/*
 * If ip is a symbolic link, make walk (the path still to walk, which
 * rest, the part after ip's name, points into) the link's target
 * followed by "/" and rest.  *nlinks counts the links this lookup has
 * followed.
 * Returns: 1 (walk now holds the new path), 0 (ip is not a link),
 * -ELOOP (more than MAXSYMLINKS links), -ENOENT (empty target),
 * -ENAMETOOLONG (the new path would not fit in MAXPATH).
 * Caller holds: no lock on ip.
 */
static int
follow_link(struct inode *ip, char *walk, char *rest, int *nlinks)
{
    char target[MAXPATH];
    int n, len;

    ilock(ip);
    if (ip->type != T_SYMLINK) {
        iunlock(ip);
        return 0;
    }
    n = readi(ip, 0, (uint64)target, 0, sizeof(target) - 1);
    iunlock(ip);
    if (++*nlinks > MAXSYMLINKS)
        return -ELOOP;
    if (n <= 0)
        return -ENOENT;
    len = strlen(rest);
    if (n + 1 + len + 1 > MAXPATH)
        return -ENAMETOOLONG;
    memmove(walk + n + 1, rest, len + 1); /* rest first: it is in walk */
    memmove(walk, target, n);
    walk[n] = '/';
    return 1;
}
/* LAB fs: STUB
   LAB fs: END */

/*
 * Walk path from "/" or the current directory.  With parent, stop one
 * element early and copy the last element to name (DIRSIZ bytes).
 * Symbolic links met on the way are followed, and so is the last
 * element when follow is set (never with parent).
 * Returns: 0 with the inode (referenced, unlocked) in *ipp, or -errno.
 * Inside an op: dropping a reference may free an inode.
 */
static int
namex(char *path, int parent, int follow, char *name, struct inode **ipp)
{
    char walk[MAXPATH]; /* the path still to walk: links are spliced in */
    struct inode *ip, *next;
    char *rest;
    int err;
    /* LAB fs: BEGIN */
    int nlinks = 0; /* links this lookup has followed */
    /* LAB fs: STUB
       LAB fs: END */

    if (*path == 0)
        return -ENOENT;
    safestrcpy(walk, path, sizeof(walk));
    path = walk;
    if (*path == '/')
        ip = iget(ROOTDEV, ROOTINO);
    else
        ip = idup(myproc()->cwd);
    if (ip == 0)
        return -ENFILE;
    while ((rest = next_elem(path, name)) != 0) {
        if (rest == (char *)-1) {
            err = -ENAMETOOLONG;
            goto out;
        }
        if (parent && *rest == 0) {
            ilock(ip);
            err = ip->type == T_DIR ? 0 : -ENOTDIR;
            iunlock(ip);
            if (err)
                goto out;
            *ipp = ip;
            return 0;
        }
        if ((err = step(ip, name, &next)) < 0)
            goto out;
        /* LAB fs: BEGIN */
        if (*rest != 0 || follow) {
            err = follow_link(next, walk, rest, &nlinks);
            if (err != 0) {
                iput(next);
                if (err < 0)
                    goto out;
                path = walk; /* a relative target starts from ip */
                if (*path == '/') {
                    iput(ip);
                    if ((ip = iget(ROOTDEV, ROOTINO)) == 0)
                        return -ENFILE;
                }
                continue;
            }
        }
        /* LAB fs: STUB
        // Lab (part 3): follow a symbolic link here.  See labs/fs.md.
           LAB fs: END */
        iput(ip);
        ip = next;
        path = rest;
    }
    if (!parent) {
        *ipp = ip;
        return 0;
    }
    err = -EINVAL; /* no last element: the path names "/" */
out:
    iput(ip);
    return err;
}

/* Look up path, following a symbolic link in the last element when
 * follow is set (links before it are always followed).
 * Returns: 0 with the inode (referenced, unlocked) in *ipp, -ENOENT,
 * -ENOTDIR, -ENAMETOOLONG, -ENFILE, -ELOOP.  Inside an op. */
int
fs_lookup(char *path, int follow, struct inode **ipp)
{
    char name[DIRSIZ];
    return namex(path, 0, follow, name, ipp);
}

/* Look up path.
 * Returns: 0 with the inode (referenced, unlocked) in *ipp, -ENOENT,
 * -ENOTDIR, -ENAMETOOLONG, -ENFILE, -ELOOP.  Inside an op (it may
 * iput). */
int
fs_namei(char *path, struct inode **ipp)
{
    return fs_lookup(path, 1, ipp);
}

/* Look up the directory holding path's last element, copied to name
 * (DIRSIZ bytes, NUL-padded unless exactly DIRSIZ long).
 * Returns: as fs_namei, or -EINVAL when path has no last element.
 * Inside an op. */
int
fs_nameiparent(char *path, char *name, struct inode **ipp)
{
    return namex(path, 1, 0, name, ipp);
}

/* Look up path.
 * Returns: the inode (referenced, unlocked), or 0.  Inside an op. */
struct inode *
namei(char *path)
{
    struct inode *ip;
    return fs_namei(path, &ip) < 0 ? 0 : ip;
}

/* Look up the parent directory of path as fs_nameiparent does.
 * Returns: the directory (referenced, unlocked), or 0.  Inside an op. */
struct inode *
nameiparent(char *path, char *name)
{
    struct inode *ip;
    return fs_nameiparent(path, name, &ip) < 0 ? 0 : ip;
}

/* Count the free blocks of dev (clear bits of the free bitmap), for
 * sysinfo.  Sleeps: for the disk. */
uint
fs_freeblocks(uint dev)
{
    uint nfree = 0;

    for (uint base = 0; base < sb.size; base += BPB) {
        struct buf *b = bread(dev, BBLOCK(base, sb));
        for (uint bi = 0; bi < BPB && base + bi < sb.size; bi++)
            if ((b->data[bi / 8] & (1 << (bi % 8))) == 0)
                nfree++;
        brelse(b);
    }
    return nfree;
}
