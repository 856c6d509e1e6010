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
 * Kernel virtual: RAM and devices are mapped at their physical
 * addresses; the trampoline page sits at the top of the address space
 * and each process's kernel stack below it, between guard pages.
 *
 * User virtual, from 0 up:
 *   text and data, a guard page, the stack (USTACK_PAGES), the heap
 *   (grows up to SHM_BASE), shared-memory attachments from SHM_BASE,
 *   the trapframe at TRAPFRAME, the trampoline at TRAMPOLINE.
 */
#ifndef KITE_MEMLAYOUT_H
#define KITE_MEMLAYOUT_H

#define TEST_FINISHER 0x100000L
#define UART0 0x10000000L
#define UART0_IRQ 10
#define VIRTIO0 0x10001000L
#define VIRTIO0_IRQ 1
#define PLIC 0x0c000000L
#define PLIC_PRIORITY (PLIC + 0x0)
#define PLIC_PENDING (PLIC + 0x1000)
#define PLIC_SENABLE(hart) (PLIC + 0x2080 + (hart)*0x100)
#define PLIC_SPRIORITY(hart) (PLIC + 0x201000 + (hart)*0x2000)
#define PLIC_SCLAIM(hart) (PLIC + 0x201004 + (hart)*0x2000)

#define KERNBASE 0x80000000L /* start of RAM */
#define KERNLOAD 0x80200000L /* where OpenSBI jumps */

/* One past the highest Sv39 virtual address we use (bit 38 stays 0). */
#define MAXVA (1L << (9 + 9 + 9 + 12 - 1))

#define TRAMPOLINE (MAXVA - PGSIZE)
#define KSTACK(i) (TRAMPOLINE - ((i) + 1) * 2 * PGSIZE)
#define TRAPFRAME (TRAMPOLINE - PGSIZE)

/* Shared memory attachments: SHMSEG windows of SHMMAX bytes each. */
#define SHM_BASE 0x2000000000L
#define SHM_TOP (SHM_BASE + (uint64)SHMSEG * SHMMAX)

#endif
