/*
 * The on-disk format of the Kite file system, shared by the kernel and
 * the host tool mkfs/mkfs.c (so: only kernel/types.h types here).
 *
 * A disk is an array of BSIZE-byte blocks:
 *
 *   [ 0: boot | 1: superblock | log | inodes | free bitmap | data ... ]
 *
 * The superblock says where each region starts.  All numbers on disk
 * are little-endian, as on RISC-V and on the hosts that run mkfs.
 */
#ifndef KITE_FS_H
#define KITE_FS_H

#include "types.h"

#define BSIZE 1024         /* bytes per block */
#define FSMAGIC 0x4b495446 /* "FTIK" read as bytes: Kite file system */
#define ROOTINO 1          /* inode number of "/" */

/* Block 1: the layout of the disk.  Written by mkfs, read at boot. */
struct superblock {
    uint magic;      /* FSMAGIC */
    uint size;       /* blocks in the image */
    uint nblocks;    /* data blocks */
    uint ninodes;    /* inodes */
    uint nlog;       /* log blocks: one header, then the logged copies */
    uint logstart;   /* first log block (the header) */
    uint inodestart; /* first inode block */
    uint bmapstart;  /* first free-bitmap block */
};

/*
 * A file's blocks: NDIRECT numbers in the inode, then one indirect
 * block holding NINDIRECT more, then one doubly-indirect block holding
 * NINDIRECT numbers of indirect blocks (NDINDIRECT blocks in all).  A
 * zero entry is a hole (reads as zeros, allocated on the first write).
 * So a file holds up to 11 + 256 + 65536 blocks: 64 MiB and a bit.
 */
#define NDIRECT 11
#define NINDIRECT (BSIZE / sizeof(uint))
#define NDINDIRECT (NINDIRECT * NINDIRECT)
#define MAXFILE (NDIRECT + NINDIRECT + NDINDIRECT) /* blocks */
#define NADDRS (NDIRECT + 2) /* addrs[]: direct, indirect, doubly-indirect */

/* An inode on disk.  type 0 marks a free inode. */
struct dinode {
    short type;  /* T_DIR, T_FILE, T_DEVICE, T_SYMLINK (kernel/stat.h) */
    short major; /* device number (T_DEVICE) */
    short minor;
    short nlink;        /* directory entries naming this inode */
    uint size;          /* bytes */
    uint addrs[NADDRS]; /* direct, indirect, doubly-indirect */
};

#define IPB (BSIZE / sizeof(struct dinode))         /* inodes per block */
#define IBLOCK(i, sb) ((i) / IPB + (sb).inodestart) /* block of inode i */

#define BPB (BSIZE * 8)                            /* bitmap bits per block */
#define BBLOCK(b, sb) ((b) / BPB + (sb).bmapstart) /* bitmap block of b */

/* A directory is a file of these (32 bytes; inum 0 marks a free entry).
 * Names up to 30 characters: xv6's 14 is too short for program names
 * like sem_unlink_errors. */
#define DIRSIZ 30
struct dirent {
    ushort inum;
    char name[DIRSIZ]; /* NUL-padded; no NUL when exactly DIRSIZ long */
};

#endif
