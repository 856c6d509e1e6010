/* open() flags, shared with user space (Linux values). */
#ifndef KITE_FCNTL_H
#define KITE_FCNTL_H

#define O_RDONLY 00
#define O_WRONLY 01
#define O_RDWR 02
#define O_ACCMODE 03
#define O_CREAT 0100
#define O_EXCL 0200
#define O_TRUNC 01000
#define O_NOFOLLOW 0400000 /* open a symbolic link itself (read-only) */

/* lseek() whence */
#define SEEK_SET 0 /* offset from the start */
#define SEEK_CUR 1 /* from the current offset */
#define SEEK_END 2 /* from the end of the file */

/* mmap() protections and flags (Linux values) */
#define PROT_NONE 0
#define PROT_READ 1
#define PROT_WRITE 2
#define MAP_SHARED 0x01  /* writes go back to the file */
#define MAP_PRIVATE 0x02 /* writes stay in this process */
#define MAP_FIXED 0x10   /* addr is the address, not a hint */

#endif
