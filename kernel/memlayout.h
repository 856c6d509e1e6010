/*
 * Physical and virtual memory layout.
 *
 * Physical (QEMU virt):
 *   0x00100000  sifive,test finisher (poweroff)
 *   0x0c000000  PLIC
 *   0x10000000  16550 UART
 *   0x10001000  virtio-mmio disk
 *   0x80000000  RAM; OpenSBI owns the first 2 MiB
 *   0x80200000  kernel text, then data, then free pages up to the end of
 *               RAM as the device tree reports it.
 *
 * Virtual: one address space per process, split at USERTOP (2 GiB).
 * Below it, the process's own memory, from 0 up: text and data, a guard
 * page, the stack (USTACK_PAGES), the heap (grows up to MMAP_BASE), the
 * mmap window [MMAP_BASE, MMAP_TOP = SHM_BASE) (kernel/mmap.c), the
 * shared-memory window [SHM_BASE, SHM_TOP); alone at the top, the
 * shared page USYSPAGE (read-only: pid and ticks).  From USERTOP up, the
 * kernel, the same in every page table and never user-accessible:
 *   RAM at its physical address (from KERNBASE = USERTOP),
 *   device registers at KDEV + their physical address,
 *   each process slot's kernel stack at KSTACK(i), below MAXVA,
 *   between unmapped guard pages.
 * A trap from user mode therefore needs no page-table switch: the trap
 * entry (uservec.S), the trapframe and the kernel stack are all mapped.
 */
#ifndef KITE_MEMLAYOUT_H
#define KITE_MEMLAYOUT_H

/* Device registers, by physical address. */
#define TEST_FINISHER_PA 0x100000L
#define PLIC_PA 0x0c000000L
#define UART0_PA 0x10000000L
#define VIRTIO0_PA 0x10001000L
#define UART0_IRQ 10
#define VIRTIO0_IRQ 1

/* The kernel sees a device register at physical address pa at virtual
 * address KDEV + pa: the low part of the address space is user space. */
#define KDEV 0x3f00000000L
#define TEST_FINISHER (KDEV + TEST_FINISHER_PA)
#define UART0 (KDEV + UART0_PA)
#define VIRTIO0 (KDEV + VIRTIO0_PA)
#define PLIC (KDEV + PLIC_PA)
#define PLIC_PRIORITY (PLIC + 0x0)
#define PLIC_PENDING (PLIC + 0x1000)
#define PLIC_SENABLE(hart) (PLIC + 0x2080 + (hart)*0x100)
#define PLIC_SPRIORITY(hart) (PLIC + 0x201000 + (hart)*0x2000)
#define PLIC_SCLAIM(hart) (PLIC + 0x201004 + (hart)*0x2000)

#define KERNBASE 0x80000000L /* start of RAM */
#define KERNLOAD 0x80200000L /* where OpenSBI jumps */

/* One past the highest Sv39 virtual address we use (bit 38 stays 0). */
#define MAXVA (1L << (9 + 9 + 9 + 12 - 1))

/* User space is [0, USERTOP); the kernel owns [USERTOP, MAXVA).  The
 * boundary is a multiple of 1 GiB, so the kernel's part of a page table
 * is whole top-level entries, shared by every process page table. */
#define USERTOP KERNBASE

/* Kernel stack of process slot i: one page; the stacks lie below
 * KSTACK_TOP with an unmapped guard page between neighbours, so an
 * overflow faults instead of running into the next stack. */
#define KSTACK_TOP (MAXVA - PGSIZE)
#define KSTACK(i) (KSTACK_TOP - ((i) + 1) * 2 * PGSIZE)

/* The top 16 bytes of each kernel stack page hold the address of its
 * process slot (written once, at boot: vm.c), so myproc() (proc.h) is
 * two instructions; the stack proper starts below them.  KSTACK_OWNER:
 * where the stack holding sp keeps that address.  KSTACK_SP: the
 * initial sp of the stack whose page starts at kstack. */
#define KSTACK_OWNER(sp) (((sp) | (PGSIZE - 1)) - 7)
#define KSTACK_SP(kstack) ((kstack) + PGSIZE - 16)

/* mmap'ed files: the 256 MiB below the shared-memory window, whole
 * 2 MiB leaf tables (fork shares the window copy-on-write). */
#define MMAP_TOP 0x40000000L  /* = SHM_BASE */
#define MMAP_BASE 0x30000000L /* 768 MiB: the heap's limit */

/* Shared memory attachments: SHMSEG windows of SHMMAX bytes each. */
#define SHM_BASE 0x40000000L /* 1 GiB */
#define SHM_TOP (SHM_BASE + (uint64)SHMSEG * SHMMAX)

/* The shared page (kernel/pgtbl.c): the last user page, read-only for
 * the user (PTE_R | PTE_U), one per process, holding its pid and the
 * tick count (struct usyspage, sysinfo.h).  It is alone in the top
 * 2 MiB of user space, far above the heap and shared memory, so fork's
 * uvm_copy never shares it copy-on-write. */
#define USYSPAGE (USERTOP - PGSIZE)

#endif
