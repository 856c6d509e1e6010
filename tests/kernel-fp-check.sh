#!/usr/bin/env bash
# The kernel never computes with floating point: the f registers of a
# hart belong to the user program that last ran there, and only
# kernel/fpu.S may touch them (doc/traps.md, section 6).  Check the
# built kernel: no floating-point instruction outside fpu_save/fpu_load.
set -u
cd "$(dirname "$0")/.."
kernel=${1:-kernel/kernel}
found=$(riscv64-unknown-elf-objdump -d --no-show-raw-insn "$kernel" | awk '
  /^[0-9a-f]+ <.*>:$/ { fn = $2; next }
  fn !~ /^<fpu_(save|load)>:$/ &&
  $2 ~ /^(fl[hwdq]|fs[hwdq]|fmv|fcvt|fadd|fsub|fmul|fdiv|fsqrt|fmin|fmax|fmadd|fmsub|fnmadd|fnmsub|fsgnj|feq|flt|fle|fclass|frcsr|fscsr|frrm|fsrm|frflags|fsflags)/ {
    print fn " " $0
  }')
if [ -n "$found" ]; then
  echo "kernel-fp: floating-point instructions outside kernel/fpu.S:"
  echo "$found" | head -n 20
  exit 1
fi
echo "kernel-fp: no floating point in $kernel outside fpu_save/fpu_load: ok"
