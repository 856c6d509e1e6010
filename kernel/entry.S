# Kernel entry.  OpenSBI jumps to _entry in S-mode at 0x80200000 with
# a0 = this hart's id and a1 = the physical address of the device tree.
# Harts started later through SBI HSM enter at _entry_hart with a0 = id.
# Each hart gets its own boot stack, indexed by hart id, then calls C.
#
# Only one hart may run main().  Now and then OpenSBI lets a second hart
# in at _entry (with no device tree in a1) instead of _entry_hart, so
# the first hart to arrive claims the boot and any later one joins the
# others in main_hart.

#include "param.h"

.section .text.entry
.globl _entry
_entry:
        la      t0, boot_claimed
        li      t1, 1
        amoswap.w t1, t1, (t0)
        bnez    t1, _entry_hart # another hart is already booting
        call    set_stack
        call    main            # main(hartid, fdt_pa)
spin:
        wfi
        j       spin

.globl _entry_hart
_entry_hart:
        call    set_stack
        call    main_hart       # main_hart(hartid)
        j       spin

# sp = boot_stack + (hartid + 1) * BOOT_STACK_SIZE; tp = hartid.
set_stack:
        li      t0, 16384
        addi    t1, a0, 1
        mul     t0, t0, t1
        la      sp, boot_stack
        add     sp, sp, t0
        mv      tp, a0
        ret

.section .data
.align 3
boot_claimed:
        .word   0

.section .bss
.align 12
.globl boot_stack
boot_stack:
        .space  16384 * NCPU
