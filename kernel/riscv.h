/*
 * RISC-V supervisor-mode registers and Sv39 page-table bits.
 * Each accessor is one instruction; see the RISC-V privileged spec.
 */
#ifndef KITE_RISCV_H
#define KITE_RISCV_H

#ifndef __ASSEMBLER__
#include "types.h"

#define CSR_READ(name)                                                         \
    ({                                                                         \
        uint64 v__;                                                            \
        asm volatile("csrr %0, " #name : "=r"(v__));                           \
        v__;                                                                   \
    })
#define CSR_WRITE(name, v) asm volatile("csrw " #name ", %0" ::"r"((uint64)(v)))
#define CSR_SET(name, v) asm volatile("csrs " #name ", %0" ::"r"((uint64)(v)))
#define CSR_CLEAR(name, v) asm volatile("csrc " #name ", %0" ::"r"((uint64)(v)))

/* sstatus */
#define SSTATUS_SPP (1UL << 8)  /* previous mode: 1 = supervisor */
#define SSTATUS_SPIE (1UL << 5) /* previous interrupt enable */
#define SSTATUS_SIE (1UL << 1)  /* supervisor interrupt enable */
#define SSTATUS_SUM (1UL << 18) /* supervisor may touch user pages */
#define SSTATUS_FS (3UL << 13)  /* floating-point state: 0 = off */
#define SSTATUS_FS_INITIAL (1UL << 13)

/* sie / sip */
#define SIE_SSIE (1UL << 1)
#define SIE_STIE (1UL << 5)
#define SIE_SEIE (1UL << 9)

/* scause values we handle */
#define SCAUSE_INTR (1UL << 63)
#define IRQ_S_SOFT 1
#define IRQ_S_TIMER 5
#define IRQ_S_EXT 9
#define EXC_INST_MISALIGNED 0
#define EXC_INST_ACCESS 1
#define EXC_ILLEGAL_INSN 2
#define EXC_ECALL_U 8
#define EXC_INST_PAGE 12
#define EXC_LOAD_PAGE 13
#define EXC_STORE_PAGE 15

static inline uint64
r_tp(void)
{
    uint64 x;
    asm volatile("mv %0, tp" : "=r"(x));
    return x;
}

static inline void
w_tp(uint64 x)
{
    asm volatile("mv tp, %0" ::"r"(x));
}

/* The frame pointer (s0): the stack pointer at this function's entry. */
static inline uint64
r_fp(void)
{
    uint64 x;
    asm volatile("mv %0, s0" : "=r"(x));
    return x;
}

static inline uint64
r_sp(void)
{
    uint64 x;
    asm volatile("mv %0, sp" : "=r"(x));
    return x;
}

static inline uint64
r_time(void)
{
    uint64 x;
    asm volatile("rdtime %0" : "=r"(x));
    return x;
}

static inline void
intr_on(void)
{
    CSR_SET(sstatus, SSTATUS_SIE);
}

static inline void
intr_off(void)
{
    CSR_CLEAR(sstatus, SSTATUS_SIE);
}

static inline int
intr_get(void)
{
    return (CSR_READ(sstatus) & SSTATUS_SIE) != 0;
}

/* Forget every cached translation (global ones too). */
static inline void
sfence_vma(void)
{
    asm volatile("sfence.vma zero, zero");
}

/* Forget the cached translations of one address space (ASID); global
 * translations (the kernel's) stay. */
static inline void
sfence_vma_asid(uint64 asid)
{
    asm volatile("sfence.vma zero, %0" : : "r"(asid));
}

/* Sv39 */
#define PGSIZE 4096
#define PGSHIFT 12
#define PGROUNDUP(a) (((a) + PGSIZE - 1) & ~(uint64)(PGSIZE - 1))
#define PGROUNDDOWN(a) ((a) & ~(uint64)(PGSIZE - 1))

#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_G (1UL << 5) /* global: the same in every address space */
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define PTE_COW (1UL << 8) /* RSW bit: shared copy-on-write page */

#define PA2PTE(pa) ((((uint64)(pa)) >> 12) << 10)
#define PTE2PA(pte) (((pte) >> 10) << 12)
#define PTE_FLAGS(pte) ((pte)&0x3FF)

#define PXSHIFT(level) (PGSHIFT + (9 * (level)))
#define PX(level, va) ((((uint64)(va)) >> PXSHIFT(level)) & 0x1FF)

#define SATP_SV39 (8L << 60)
#define SATP_ASID_SHIFT 44
#define SATP_ASID_MASK (0xFFFFUL << SATP_ASID_SHIFT)
#define MAKE_SATP(pt) (SATP_SV39 | (((uint64)(pt)) >> 12))
#define SATP_PAGETABLE(satp) (((satp) & ((1UL << 44) - 1)) << 12)

#endif /* __ASSEMBLER__ */
#endif
