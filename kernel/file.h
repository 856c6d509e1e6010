/*
 * Open files, in-memory inodes and the device switch (kernel/file.c,
 * kernel/fs.c, kernel/pipe.c).
 */
#ifndef KITE_FILE_H
#define KITE_FILE_H

#include "types.h"
#include "sleeplock.h"
#include "fs.h"

/*
 * An open file: what a file descriptor points at.  fork and dup share
 * one struct file, and so its offset.
 * Legend:  t: ftable.lock   c: constant while ref > 0   l: ip->lock
 */
struct file {
    enum { FD_NONE, FD_PIPE, FD_INODE, FD_DEVICE } type; /* t */
    int ref;           /* t: descriptors (and in-flight calls) using it */
    char readable;     /* c */
    char writable;     /* c */
    struct pipe *pipe; /* c: FD_PIPE */
    struct inode *ip;  /* c: FD_INODE and FD_DEVICE */
    uint off;          /* l: FD_INODE read/write position */
    short major;       /* c: FD_DEVICE */
};

/*
 * The in-memory copy of an inode.  A slot with ref > 0 is pinned to
 * (dev, inum); the copy of the disk inode below is valid only while
 * valid is set, and only ip->lock's holder may use it.
 * Legend:  i: itable.lock   l: ip->lock
 */
struct inode {
    uint dev;              /* i */
    uint inum;             /* i */
    int ref;               /* i: pointers held in the kernel */
    struct sleeplock lock; /* protects everything below */
    int valid;             /* l: fields below were read from disk */

    short type;         /* l: copy of struct dinode */
    short major;        /* l */
    short minor;        /* l */
    short nlink;        /* l */
    uint size;          /* l */
    uint addrs[NADDRS]; /* l */
};

/* Device switch: read/write entry points by major number. */
struct devsw {
    int (*read)(int user_dst, uint64 dst, int n);
    int (*write)(int user_src, uint64 src, int n);
};

extern struct devsw devsw[]; /* NDEV entries, defined in file.c */

#define CONSOLE 1 /* major number of the console */

/*
 * fs.c: the lookups of defs.h with the reason for a failure.  Each
 * returns 0 and stores a referenced inode in *ipp, or returns -errno:
 * -ENOENT, -ENOTDIR, -ENAMETOOLONG (a component over DIRSIZ), -ENFILE
 * (inode table full), -ENOSPC (no free inode, fs_ialloc), -EINVAL
 * (fs_nameiparent of a path with no last component, such as "/"),
 * -ELOOP (more than MAXSYMLINKS symbolic links on the way).  fs_namei
 * follows a symbolic link in the last element; fs_lookup only when
 * follow is set.
 */
int fs_namei(char *path, struct inode **ipp);
int fs_lookup(char *path, int follow, struct inode **ipp);
int fs_nameiparent(char *path, char *name, struct inode **ipp);
int fs_dirlookup(struct inode *dp, char *name, uint *poff, struct inode **ipp);
int fs_ialloc(uint dev, short type, struct inode **ipp);

#endif
