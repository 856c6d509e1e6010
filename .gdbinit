# Kite's GDB setup.  `make gdb` runs: gdb-multiarch -nx -x .gdbinit
# after `make qemu-gdb` has started QEMU halted on port 26000.
set confirm off
set pagination off
set architecture riscv:rv64
file kernel/kernel
target remote localhost:26000
# With several harts, `next` must not wander to another hart.
set scheduler-locking step
echo Kite: connected. Try: break sys_procs, continue, run ps in the guest, bt, stepi\n
