#!/usr/bin/env bash
# Host side of the user-fault report (kernel/trap.c, report_fault): boot
# with run=/fault KIND (user/fault.c) for each kind of fault and check
# the one console line the kernel prints, and that its addr2line hint
# leads to the faulting source line.  Prints "ok ..." or "FAILED ..." per
# check; exits non-zero on any failure.  Logs in build/fault-*.log.
set -u
cd "$(dirname "$0")/.."
CPUS=${CPUS:-3}
LIMIT=30
source tests/qemu-lib.sh
if [ -z "${TOOLPREFIX:-}" ]; then # as the Makefile picks it
  for TOOLPREFIX in riscv64-unknown-elf- riscv64-elf- riscv64-none-elf- \
    riscv64-linux-gnu-; do
    command -v "${TOOLPREFIX}addr2line" > /dev/null && break
  done
fi
pass=0
fail=0
ok() { echo "ok      $*"; pass=$((pass + 1)); }
bad() { echo "FAILED  $*"; fail=$((fail + 1)); }

# check KIND FAULT-WORDS STVAL-REGEX
check() {
  local kind=$1 words=$2 stval=$3 img=build/fault-$1.img log=build/fault-$1.log
  local QARGS status line n hint where
  cp fs.img "$img"
  qemu_args "$img" "run=/fault $kind"
  timeout -k 5 "$LIMIT" qemu-system-riscv64 "${QARGS[@]}" < /dev/null > "$log" 2>&1
  status=$?
  rm -f "$img"
  # init powers off with 128 + 9 for a program killed by SIGKILL
  if [ "$status" -eq 137 ]; then
    ok "$kind: killed (QEMU status 137)"
  else
    bad "$kind: QEMU status $status, not 137"
  fi
  n=$(grep -a -c -E '^kite: pid [0-9]+ \(fault\) killed: ' "$log")
  line=$(grep -a -E '^kite: pid [0-9]+ \(fault\) killed: ' "$log" | head -n 1)
  if [ "$n" -eq 1 ]; then ok "$kind: one line: $line"; else bad "$kind: $n report lines"; fi
  if echo "$line" | grep -q -E "killed: $words at sepc 0x[0-9a-f]+, stval $stval \("; then
    ok "$kind: says '$words', sepc, stval $stval"
  else
    bad "$kind: not '$words ... stval $stval'"
  fi
  # The hint is a command: run it (with -f for the function), it must
  # lead into fault_KIND in user/fault.c, to the line marked
  # "fault: KIND" (for a jump, ra: the line of the call or the next).
  hint=$(echo "$line" | sed -n -E 's/.*(addr2line -e [^ ]+ 0x[0-9a-f]+)\)$/\1/p')
  where=$(${hint/addr2line/${TOOLPREFIX}addr2line -f} 2> /dev/null | tr '\n' ' ')
  local src=${where#* } num
  src=${src%:* } num=${where##*:}
  num=${num% }
  if [ -n "$hint" ] && echo "$where" | grep -q -E "^fault_$kind .*user/fault\.c:[0-9]+ $" &&
    { [ "$kind" = jump ] || sed -n "${num}p" "$src" | grep -q "fault: $kind"; }; then
    ok "$kind: '$hint' -> ${where//$PWD\//}"
  else
    bad "$kind: '$hint' -> '$where', not fault_$kind in user/fault.c"
  fi
}

check store "store page fault" 0x0
check load "load page fault" 0x3ead0000
check jump "instruction page fault" 0x0
check illegal "illegal instruction" '0x[0-9a-f]+'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
