# The trampoline: one page mapped at TRAMPOLINE in every address space
# (kernel and user), so the code keeps running while satp switches.
#
# uservec:  stvec points here while in user mode.  Saves the user
#           registers in the trapframe (TRAPFRAME, found via sscratch),
#           switches to the kernel page table and stack, calls usertrap.
# userret:  userret(satp) switches to the user page table, restores the
#           registers from the trapframe and returns with sret.
#
# Trapframe offsets must match struct trapframe in proc.h.


.section trampsec
.globl trampoline
trampoline:
.align 4
.globl uservec
uservec:
        # sscratch holds TRAPFRAME; swap it with a0 to get a free register.
        csrrw   a0, sscratch, a0
        sd      ra, 40(a0)
        sd      sp, 48(a0)
        sd      gp, 56(a0)
        sd      tp, 64(a0)
        sd      t0, 72(a0)
        sd      t1, 80(a0)
        sd      t2, 88(a0)
        sd      s0, 96(a0)
        sd      s1, 104(a0)
        sd      a1, 120(a0)
        sd      a2, 128(a0)
        sd      a3, 136(a0)
        sd      a4, 144(a0)
        sd      a5, 152(a0)
        sd      a6, 160(a0)
        sd      a7, 168(a0)
        sd      s2, 176(a0)
        sd      s3, 184(a0)
        sd      s4, 192(a0)
        sd      s5, 200(a0)
        sd      s6, 208(a0)
        sd      s7, 216(a0)
        sd      s8, 224(a0)
        sd      s9, 232(a0)
        sd      s10, 240(a0)
        sd      s11, 248(a0)
        sd      t3, 256(a0)
        sd      t4, 264(a0)
        sd      t5, 272(a0)
        sd      t6, 280(a0)
        # t0 = the user's a0; sscratch = TRAPFRAME again, for the next trap
        csrrw   t0, sscratch, a0
        sd      t0, 112(a0)

        ld      sp, 8(a0)       # kernel_sp
        # usertrap starts a fresh call chain: with the frame pointer
        # (s0) 0, panic's backtrace ends at usertrap instead of running
        # on into the user's stack.  (For GDB, usertrap itself says it
        # has no caller: .cfi_undefined ra in trap.c.)
        li      s0, 0
        ld      tp, 32(a0)      # kernel_hartid
        ld      t0, 16(a0)      # kernel_trap (usertrap)
        ld      t1, 0(a0)       # kernel_satp
        sfence.vma zero, zero
        csrw    satp, t1
        sfence.vma zero, zero
        jr      t0

.globl userret
userret:
        # a0: user satp
        sfence.vma zero, zero
        csrw    satp, a0
        sfence.vma zero, zero
        csrr    a0, sscratch    # TRAPFRAME, set by usertrapret
        ld      ra, 40(a0)
        ld      sp, 48(a0)
        ld      gp, 56(a0)
        ld      tp, 64(a0)
        ld      t0, 72(a0)
        ld      t1, 80(a0)
        ld      t2, 88(a0)
        ld      s0, 96(a0)
        ld      s1, 104(a0)
        ld      a1, 120(a0)
        ld      a2, 128(a0)
        ld      a3, 136(a0)
        ld      a4, 144(a0)
        ld      a5, 152(a0)
        ld      a6, 160(a0)
        ld      a7, 168(a0)
        ld      s2, 176(a0)
        ld      s3, 184(a0)
        ld      s4, 192(a0)
        ld      s5, 200(a0)
        ld      s6, 208(a0)
        ld      s7, 216(a0)
        ld      s8, 224(a0)
        ld      s9, 232(a0)
        ld      s10, 240(a0)
        ld      s11, 248(a0)
        ld      t3, 256(a0)
        ld      t4, 264(a0)
        ld      t5, 272(a0)
        ld      t6, 280(a0)
        ld      a0, 112(a0)
        sret
