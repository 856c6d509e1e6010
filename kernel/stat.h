/* File status, as fstat() fills it. */
#ifndef KITE_STAT_H
#define KITE_STAT_H

#define T_DIR 1     /* directory */
#define T_FILE 2    /* regular file */
#define T_DEVICE 3  /* device */
#define T_SYMLINK 4 /* symbolic link: its contents are the target path */

struct stat {
    int dev;            /* disk device */
    unsigned int ino;   /* inode number */
    short type;         /* T_DIR, T_FILE, T_DEVICE or T_SYMLINK */
    short nlink;        /* links to the inode */
    unsigned long size; /* bytes */
};

#endif
