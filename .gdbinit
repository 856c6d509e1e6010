# Kite's GDB setup.  `make gdb` runs: gdb-multiarch -nx -x .gdbinit
# with GDBPORT set to the port `make qemu-gdb` listens on.
set confirm off
set pagination off
set architecture riscv:rv64
file kernel/kernel
# kite-connect, kite-ps, kite-bt, kite-locks, kite-ipcs, kite-pt, kite-user
source scripts/kite-gdb.py
# target remote localhost:$GDBPORT, then set scheduler-locking step
kite-connect
echo Kite: connected. Try: break sys_getpid, continue, bt; kite-ps (doc/debugging.md)\n
