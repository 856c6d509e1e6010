/* Fixed-width integer names used throughout the kernel and user space. */
#ifndef KITE_TYPES_H
#define KITE_TYPES_H

typedef unsigned char uchar;
typedef unsigned short ushort;
typedef unsigned int uint;
typedef unsigned char uint8;
typedef unsigned short uint16;
typedef unsigned int uint32;
typedef unsigned long uint64;
typedef long int64;
typedef uint64 pte_t;
typedef uint64 *pagetable_t; /* 512 PTEs */

#ifndef NULL
#define NULL ((void *)0)
#endif

/*
 * The C99 and POSIX names, for programs written against the standards.
 * The host tools (mkfs, fsck) include this file next to the host's own
 * C library, which defines these itself, so they see only the names
 * above.
 */
#if !__STDC_HOSTED__
typedef signed char int8_t;
typedef short int16_t;
typedef int int32_t;
typedef long int64_t;
typedef unsigned char uint8_t;
typedef unsigned short uint16_t;
typedef unsigned int uint32_t;
typedef unsigned long uint64_t;
typedef long intptr_t;
typedef unsigned long uintptr_t;

typedef int pid_t;           /* process id */
typedef int uid_t;           /* user id */
typedef int gid_t;           /* group id */
typedef unsigned int mode_t; /* permission bits */
typedef long off_t;          /* file offset */
typedef long time_t;         /* Kite counts time in clock ticks */
#endif

#endif
