# The floating-point registers of user programs.
#
# Overview    The kernel itself never computes with floating point, so
#             the f registers and fcsr of a hart always hold the state of
#             the user program that last ran there.  A program starts with
#             floating point off (sstatus.FS = Off); its first
#             floating-point instruction traps, and usertrap turns it on
#             for that process with all registers zero (trap.c).  From
#             then on sched() saves the state when the process leaves a
#             hart and loads it when the process comes back (proc.c),
#             fork copies it and exec turns it off again.
# Objects     struct fpstate (proc.h): f0..f31, then fcsr.
# Operations  fpu_save(struct fpstate *), fpu_load(struct fpstate *).
#             Both turn sstatus.FS on first: with FS off, the f
#             instructions here would trap too.
# Locking     Only the process itself, or fork on its parent's hart.
# Origins     Written for Kite from the RISC-V privileged specification
#             (sstatus.FS) and the F and D extensions.

#define FS_INITIAL (1 << 13)

.globl fpu_save
fpu_save:
        li      t0, FS_INITIAL
        csrs    sstatus, t0
        fsd     f0, 0(a0)
        fsd     f1, 8(a0)
        fsd     f2, 16(a0)
        fsd     f3, 24(a0)
        fsd     f4, 32(a0)
        fsd     f5, 40(a0)
        fsd     f6, 48(a0)
        fsd     f7, 56(a0)
        fsd     f8, 64(a0)
        fsd     f9, 72(a0)
        fsd     f10, 80(a0)
        fsd     f11, 88(a0)
        fsd     f12, 96(a0)
        fsd     f13, 104(a0)
        fsd     f14, 112(a0)
        fsd     f15, 120(a0)
        fsd     f16, 128(a0)
        fsd     f17, 136(a0)
        fsd     f18, 144(a0)
        fsd     f19, 152(a0)
        fsd     f20, 160(a0)
        fsd     f21, 168(a0)
        fsd     f22, 176(a0)
        fsd     f23, 184(a0)
        fsd     f24, 192(a0)
        fsd     f25, 200(a0)
        fsd     f26, 208(a0)
        fsd     f27, 216(a0)
        fsd     f28, 224(a0)
        fsd     f29, 232(a0)
        fsd     f30, 240(a0)
        fsd     f31, 248(a0)
        frcsr   t0
        sd      t0, 256(a0)
        ret

.globl fpu_load
fpu_load:
        li      t0, FS_INITIAL
        csrs    sstatus, t0
        fld     f0, 0(a0)
        fld     f1, 8(a0)
        fld     f2, 16(a0)
        fld     f3, 24(a0)
        fld     f4, 32(a0)
        fld     f5, 40(a0)
        fld     f6, 48(a0)
        fld     f7, 56(a0)
        fld     f8, 64(a0)
        fld     f9, 72(a0)
        fld     f10, 80(a0)
        fld     f11, 88(a0)
        fld     f12, 96(a0)
        fld     f13, 104(a0)
        fld     f14, 112(a0)
        fld     f15, 120(a0)
        fld     f16, 128(a0)
        fld     f17, 136(a0)
        fld     f18, 144(a0)
        fld     f19, 152(a0)
        fld     f20, 160(a0)
        fld     f21, 168(a0)
        fld     f22, 176(a0)
        fld     f23, 184(a0)
        fld     f24, 192(a0)
        fld     f25, 200(a0)
        fld     f26, 208(a0)
        fld     f27, 216(a0)
        fld     f28, 224(a0)
        fld     f29, 232(a0)
        fld     f30, 240(a0)
        fld     f31, 248(a0)
        ld      t0, 256(a0)
        fscsr   t0
        ret
