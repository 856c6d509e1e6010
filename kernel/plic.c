/*
 * Platform-level interrupt controller (PLIC).
 *
 * Overview    Routes device interrupts (UART, virtio disk) to the
 *             S-mode context of each hart.
 * Operations  plic_init: device priorities; plic_init_hart: enable the
 *             devices for this hart; plic_claim/plic_complete around a
 *             handler.
 * Locking     None: per-hart registers, or written once at boot.
 * Origins     The RISC-V PLIC specification; QEMU virt's layout.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"

#define REG32(a) (*(volatile uint32 *)(a))

void
plic_init(void)
{
    REG32(PLIC_PRIORITY + UART0_IRQ * 4) = 1;
    REG32(PLIC_PRIORITY + VIRTIO0_IRQ * 4) = 1;
}

void
plic_init_hart(void)
{
    int hart = cpuid();
    REG32(PLIC_SENABLE(hart)) = (1 << UART0_IRQ) | (1 << VIRTIO0_IRQ);
    REG32(PLIC_SPRIORITY(hart)) = 0;
}

/* Returns: the interrupt to handle, or 0. */
int
plic_claim(void)
{
    return REG32(PLIC_SCLAIM(cpuid()));
}

void
plic_complete(int irq)
{
    REG32(PLIC_SCLAIM(cpuid())) = irq;
}
