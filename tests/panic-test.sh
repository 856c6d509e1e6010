#!/usr/bin/env bash
# Host side of the panic report (kernel/panic.c): boot kernels that
# panic on purpose (boot argument testpanic) and check what a student
# would see.  A headless run (run= or panic=poweroff) must end QEMU
# within seconds with status 99 and a backtrace naming the functions;
# at the console the kernel must stay stopped and say how to leave.
# Prints "ok ..." or "FAILED ..." per check; exits non-zero on any
# failure.  Logs in build/panic-*.log.
set -u
cd "$(dirname "$0")/.."
KERNEL=${KERNEL:-kernel/kernel}
CPUS=${CPUS:-3}
LIMIT=20 # seconds a headless panic may take, boot included
source tests/qemu-lib.sh
# addr2line from the toolchain the Makefile would pick (same order)
if [ -z "${TOOLPREFIX:-}" ]; then
  for TOOLPREFIX in riscv64-unknown-elf- riscv64-elf- riscv64-none-elf- \
    riscv64-linux-gnu-; do
    command -v "${TOOLPREFIX}addr2line" > /dev/null && break
  done
fi
pass=0
fail=0

ok() { echo "ok      $*"; pass=$((pass + 1)); }
bad() { echo "FAILED  $*"; fail=$((fail + 1)); }

# expect LOG REGEX WHAT: the log has a line matching REGEX
expect() {
  if grep -a -q -E "$2" "$1"; then ok "$3"; else bad "$3 (no line /$2/ in $1)"; fi
}

# headless NAME BOOTARGS: boot, wait for QEMU to exit; sets STATUS, SECS
headless() {
  local img=build/panic-$1.img log=build/panic-$1.log QARGS start
  cp fs.img "$img"
  qemu_args "$img" "$2"
  QARGS[5]=$KERNEL # -kernel's value
  start=$(date +%s)
  timeout -k 5 "$LIMIT" qemu-system-riscv64 "${QARGS[@]}" < /dev/null > "$log" 2>&1
  STATUS=$?
  SECS=$(($(date +%s) - start))
  rm -f "$img"
  if [ "$STATUS" -eq 99 ]; then
    ok "$1: QEMU exited with status 99 after ${SECS}s ($2)"
  else
    bad "$1: QEMU status $STATUS, not 99 (124: still running after ${LIMIT}s)"
  fi
}

# 1. A kernel fault on a headless run: trap named, backtrace named.
headless fault "testpanic panic=poweroff"
log=build/panic-fault.log
expect $log '^panic: kerneltrap: a fault in the kernel$' "fault: the message"
expect $log '^  hart [0-9]+, process 1 \(init\)$' "fault: hart and process"
expect $log '^  trap: scause 0xf \(store page fault\), sepc 0x8020[0-9a-f]+, stval 0x0$' \
  "fault: scause by name, sepc and stval in hex"
for fn in kerneltrap kernelvec selftest_store selftest_call panic_selftest forkret; do
  expect $log "^    #[0-9]+ 0x[0-9a-f]+ $fn\+0x[0-9a-f]+" "fault: backtrace names $fn"
done
expect $log 'powering off with status 99' "fault: says it powers off"
# The sepc printed leads to the faulting source line.
sepc=$(grep -a -o -E 'sepc 0x[0-9a-f]+' $log | head -n 1 | cut -c6-)
where=$("${TOOLPREFIX}addr2line" -e "$KERNEL" "$sepc" 2> /dev/null)
if grep -q 'fault: here' "${where%:*}" 2> /dev/null &&
  sed -n "${where##*:}p" "${where%:*}" | grep -q 'fault: here'; then
  ok "fault: addr2line $sepc -> $where, the faulting line"
else
  bad "fault: addr2line $sepc -> '$where', not the line marked 'fault: here'"
fi

# 2. run= alone makes a run headless too (make qemu BOOTARGS="run=...").
headless run "testpanic run=/usertests"
expect build/panic-run.log '^    #[0-9]+ 0x[0-9a-f]+ panic_selftest\+' "run: backtrace"

# 3. A failed KASSERT: panic() itself, no trap.
headless assert "testpanic=assert panic=poweroff"
log=build/panic-assert.log
expect $log '^panic: KASSERT\(.*\) failed at kernel/panic\.c:[0-9]+$' "assert: the message"
expect $log '^    #0 0x[0-9a-f]+ panic_assert\+0x[0-9a-f]+$' "assert: frame 0 is panic_assert"
expect $log '^    #1 0x[0-9a-f]+ panic_selftest\+0x[0-9a-f]+$' "assert: frame 1 is panic_selftest"
if grep -a -q '^  trap:' $log; then bad "assert: no trap line"; else ok "assert: no trap line"; fi

# 4. At the console (no run=, no panic=poweroff): the kernel stays
# stopped and says how to leave or debug.
img=build/panic-console.img log=build/panic-console.log
cp fs.img "$img"
qemu_args "$img" "testpanic"
QARGS[5]=$KERNEL
qemu-system-riscv64 "${QARGS[@]}" < /dev/null > "$log" 2>&1 &
pid=$!
for ((t = 0; t < LIMIT * 4; t++)); do
  grep -a -q 'Ctrl-a x' "$log" && break
  sleep 0.25
done
sleep 2 # it must not power off after all
if kill -0 $pid 2> /dev/null; then
  ok "console: QEMU still running after the panic"
else
  bad "console: QEMU exited after a panic at the console"
fi
{ kill -9 $pid && wait $pid; } 2> /dev/null # no "Killed" notice
rm -f "$img"
expect $log 'Leave QEMU with Ctrl-a x' "console: says how to leave QEMU"
expect $log 'make qemu-gdb, then make gdb' "console: says how to attach GDB"
if grep -a -q 'powering off' $log; then bad "console: no power off"; else ok "console: no power off"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
