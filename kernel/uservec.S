# The way into the kernel from user mode, and back.
#
# The kernel is mapped (without user access) in every process's page
# table, so neither direction switches page tables: these are ordinary
# kernel functions at their kernel addresses.
#
# uservec:  stvec points here while the hart runs user code.  sscratch
#           holds the process's trapframe (usertrapret put it there).
#           Saves the 31 user registers in it, loads the kernel stack
#           pointer and tp from it, and jumps to usertrap() with ra and
#           s0 (the frame pointer) zero, so a kernel backtrace ends at
#           usertrap.
# userret:  userret(trapframe) restores the user registers and returns
#           to user mode with sret (usertrapret has set sepc, sstatus
#           and sscratch).
#
# Register xN is saved at 16 + 8 * N in struct trapframe (proc.h).

.section .text
.globl usertrap
.globl uservec
.align 4
uservec:
        # Swap a0 with sscratch: a0 = trapframe, sscratch = user a0.
        csrrw   a0, sscratch, a0
        sd      ra, 24(a0)
        sd      sp, 32(a0)
        sd      gp, 40(a0)
        sd      tp, 48(a0)
        sd      t0, 56(a0)
        sd      t1, 64(a0)
        sd      t2, 72(a0)
        sd      s0, 80(a0)
        sd      s1, 88(a0)
        sd      a1, 104(a0)
        sd      a2, 112(a0)
        sd      a3, 120(a0)
        sd      a4, 128(a0)
        sd      a5, 136(a0)
        sd      a6, 144(a0)
        sd      a7, 152(a0)
        sd      s2, 160(a0)
        sd      s3, 168(a0)
        sd      s4, 176(a0)
        sd      s5, 184(a0)
        sd      s6, 192(a0)
        sd      s7, 200(a0)
        sd      s8, 208(a0)
        sd      s9, 216(a0)
        sd      s10, 224(a0)
        sd      s11, 232(a0)
        sd      t3, 240(a0)
        sd      t4, 248(a0)
        sd      t5, 256(a0)
        sd      t6, 264(a0)
        csrr    t0, sscratch    # the user's a0
        sd      t0, 96(a0)

        ld      sp, 0(a0)       # kernel_sp
        ld      tp, 8(a0)       # kernel_hartid
        li      s0, 0           # no caller frame: backtraces stop at usertrap
        li      ra, 0
        tail    usertrap        # never returns

.globl userret
.align 4
userret:
        # a0: the trapframe.
        ld      ra, 24(a0)
        ld      sp, 32(a0)
        ld      gp, 40(a0)
        ld      tp, 48(a0)
        ld      t0, 56(a0)
        ld      t1, 64(a0)
        ld      t2, 72(a0)
        ld      s0, 80(a0)
        ld      s1, 88(a0)
        ld      a1, 104(a0)
        ld      a2, 112(a0)
        ld      a3, 120(a0)
        ld      a4, 128(a0)
        ld      a5, 136(a0)
        ld      a6, 144(a0)
        ld      a7, 152(a0)
        ld      s2, 160(a0)
        ld      s3, 168(a0)
        ld      s4, 176(a0)
        ld      s5, 184(a0)
        ld      s6, 192(a0)
        ld      s7, 200(a0)
        ld      s8, 208(a0)
        ld      s9, 216(a0)
        ld      s10, 224(a0)
        ld      s11, 232(a0)
        ld      t3, 240(a0)
        ld      t4, 248(a0)
        ld      t5, 256(a0)
        ld      t6, 264(a0)
        ld      a0, 96(a0)      # last: it held the trapframe
        sret
