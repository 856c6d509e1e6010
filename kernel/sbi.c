/*
 * SBI calls: the kernel's only way down to M-mode (OpenSBI).
 *
 * Overview    An ecall from S-mode with the extension id in a7 and the
 *             function id in a6; OpenSBI answers in a0 (error) and a1.
 * Operations  set_timer (TIME), hart_start (HSM), system_reset (SRST),
 *             and the legacy console putchar for the earliest output.
 * Locking     None: each call touches only this hart.
 * Origins     The SBI specification, version 1.0.
 */
#include "types.h"
#include "param.h"
#include "defs.h"

#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_TIME 0x54494D45
#define SBI_EXT_HSM 0x48534D
#define SBI_EXT_SRST 0x53525354
#define SBI_EXT_RFENCE 0x52464E43

struct sbiret {
    long error;
    long value;
};

static struct sbiret
sbi_call(uint64 ext, uint64 fid, uint64 a0, uint64 a1, uint64 a2)
{
    register uint64 r_a0 asm("a0") = a0;
    register uint64 r_a1 asm("a1") = a1;
    register uint64 r_a2 asm("a2") = a2;
    register uint64 r_a6 asm("a6") = fid;
    register uint64 r_a7 asm("a7") = ext;
    asm volatile("ecall"
                 : "+r"(r_a0), "+r"(r_a1)
                 : "r"(r_a2), "r"(r_a6), "r"(r_a7)
                 : "memory");
    struct sbiret ret = {(long)r_a0, (long)r_a1};
    return ret;
}

void
sbi_console_putchar(int c)
{
    sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, c, 0, 0);
}

/* Ask for a timer interrupt when the time CSR reaches stime. */
void
sbi_set_timer(uint64 stime)
{
    sbi_call(SBI_EXT_TIME, 0, stime, 0, 0);
}

/* Start a stopped hart at start_addr (S-mode, paging off, a1 = opaque).
 * Returns: 0 or the SBI error code. */
long
sbi_hart_start(uint64 hartid, uint64 start_addr, uint64 opaque)
{
    return sbi_call(SBI_EXT_HSM, 0, hartid, start_addr, opaque).error;
}

/* Reset or shut down the machine (type 0 = shutdown). */
void
sbi_system_reset(uint32 type, uint32 reason)
{
    sbi_call(SBI_EXT_SRST, 0, type, reason, 0);
}

/* Flush the whole TLB of every hart (all ASIDs), and wait until they
 * have: threads of one process on several harts (vm.c: tlb_flush).
 * hart_mask_base -1 names every hart; start 0, size -1 the whole
 * address space. */
void
sbi_remote_sfence_vma(void)
{
    register uint64 r_a0 asm("a0") = 0;
    register uint64 r_a1 asm("a1") = (uint64)-1;
    register uint64 r_a2 asm("a2") = 0;
    register uint64 r_a3 asm("a3") = (uint64)-1;
    register uint64 r_a6 asm("a6") = 1; /* remote_sfence_vma */
    register uint64 r_a7 asm("a7") = SBI_EXT_RFENCE;
    asm volatile("ecall"
                 : "+r"(r_a0), "+r"(r_a1)
                 : "r"(r_a2), "r"(r_a3), "r"(r_a6), "r"(r_a7)
                 : "memory");
    if (r_a0 != 0)
        panic("sbi_remote_sfence_vma");
}
