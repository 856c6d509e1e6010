#!/usr/bin/env bash
# Host side of `make test`: boot Kite headless once per configuration,
# run usertests inside the guest (BOOTARGS="run=/usertests ..."), and
# judge each run by the exit status that poweroff hands to QEMU and by
# usertests' own summary line.  Console logs are kept in build/.
# Ends with one line "N passed, N failed" summing every run.
set -u
cd "$(dirname "$0")/.."
mkdir -p build

# name  cpus  timeout(s)  kernel  [kernel boot words]  usertests arguments
# (boot words are the leading ones with '=', e.g. sched=stride: they go
# before run= on the kernel's command line)
RUNS=(
  "cpus3 3 1500 kernel/kernel"
  "cpus1 1 900 kernel/kernel exit ksem ipc pgrp sched lock traps pgtbl mmap"
  "stride1 1 600 kernel/kernel sched=stride sched exit ksem pgrp"
  "cpus4 4 900 kernel/kernel exit ksem ipc pgrp sched"
  "lockdebug 3 900 build/kernel-lockdebug exit ksem ipc pgrp fslab lock mmap thread cow"
  "poison 3 300 build/kernel-poison leak base exit ipc"
)
if [ -n "${KITE_TEST_RUNS:-}" ]; then
  IFS=';' read -r -a RUNS <<< "$KITE_TEST_RUNS"
fi

total_pass=0
total_fail=0
bad_runs=0
failures=() # one line per failed test or run, repeated at the end

run_one() {
  local name=$1 cpus=$2 limit=$3 kernel=$4
  shift 4
  local boot=""
  while [ $# -gt 0 ] && [[ $1 == *=* ]]; do
    boot="$boot$1 "
    shift
  done
  local args="$*"
  local img=build/fs-$name.img log=build/test-$name.log
  cp fs.img "$img"
  echo "== $name: CPUS=$cpus $kernel ${boot}usertests $args (limit ${limit}s, log $log)"
  timeout --foreground -k 10 "$limit" qemu-system-riscv64 \
    -machine virt -bios default -kernel "$kernel" -m 128M \
    -smp "$cpus" -global virtio-mmio.force-legacy=false \
    -drive file="$img",if=none,format=raw,id=x0 \
    -device virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0 \
    -display none -monitor none -serial stdio \
    -append "${boot}run=/usertests $args" < /dev/null > "$log" 2>&1
  local status=$?
  local summary
  summary=$(grep -a -E '^usertests: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  grep -a -E '^test .*: FAILED|^panic|^[a-z_]+: [0-9]+ passed' "$log" | sed 's/^/   /'
  local line
  while IFS= read -r line; do
    failures+=("$name: $line")
  done < <(grep -a -E '^test .*: FAILED' "$log"; grep -a -A3 '^panic' "$log")
  if [ -z "$summary" ]; then
    echo "   $name: no summary (QEMU status $status; 124 = time limit)"
    tail -n 5 "$log" | sed 's/^/   | /'
    failures+=("$name: no summary (QEMU status $status)")
    total_fail=$((total_fail + 1))
    bad_runs=$((bad_runs + 1))
    return
  fi
  local p f
  p=$(echo "$summary" | sed -E 's/^usertests: ([0-9]+) passed.*/\1/')
  f=$(echo "$summary" | sed -E 's/.* ([0-9]+) failed.*/\1/')
  total_pass=$((total_pass + p))
  total_fail=$((total_fail + f))
  echo "   $name: $p passed, $f failed, QEMU status $status"
  if [ "$f" -eq 0 ] && [ "$status" -ne 0 ]; then
    echo "   $name: usertests passed but QEMU exited with $status"
    failures+=("$name: QEMU exited with $status")
    total_fail=$((total_fail + 1))
    bad_runs=$((bad_runs + 1))
  fi
}

for run in "${RUNS[@]}"; do
  # shellcheck disable=SC2086
  run_one $run
done

# A host-side check that prints "NAME: N passed, N failed" at its end.
run_counted() { # label command...
  local label=$1
  shift
  echo "== $label: $*"
  local out status sum line
  out=$("$@" 2>&1)
  status=$?
  echo "$out" | sed 's/^/   /'
  sum=$(echo "$out" | grep -E '^([a-z]+: )?[0-9]+ passed, [0-9]+ failed$' | tail -n 1)
  if [ -n "$sum" ]; then
    total_pass=$((total_pass + $(echo "$sum" | sed -E 's/^([a-z]+: )?([0-9]+) passed.*/\2/')))
    total_fail=$((total_fail + $(echo "$sum" | sed -E 's/.* ([0-9]+) failed$/\1/')))
  else
    total_fail=$((total_fail + 1))
  fi
  while IFS= read -r line; do
    failures+=("$label: $line")
  done < <(echo "$out" | grep -E 'FAIL|BUG|HANG|panic')
  [ "$status" -eq 0 ] || bad_runs=$((bad_runs + 1))
}

# A host-side check that is one test: pass when it exits 0.
run_single() { # label command...
  local label=$1
  shift
  echo "== $label: $*"
  if "$@" 2>&1 | sed 's/^/   /'; [ "${PIPESTATUS[0]}" -eq 0 ]; then
    total_pass=$((total_pass + 1))
  else
    total_fail=$((total_fail + 1))
    bad_runs=$((bad_runs + 1))
    failures+=("$label: exited non-zero")
  fi
}

if [ -z "${KITE_TEST_RUNS:-}" ]; then
  run_single grade_full_marks bash tests/grade.sh --log build/test-cpus3.log
  # refusals, and one lab's tree in rotation (make labcheck: every lab)
  run_counted labtree bash tests/labtree-test.sh
  run_single kernel_fp bash tests/kernel-fp-check.sh
  run_single panic_report bash tests/panic-test.sh
  run_single fault_report bash tests/fault-test.sh
  run_single build_flags bash tests/build-test.sh
  if command -v clang-format > /dev/null; then
    run_single format make -s format-check
  else
    echo "== format: clang-format is not installed; not checked, not counted"
  fi
  run_counted gdb bash tests/gdb-test.sh
  run_counted profile bash tests/profile-test.sh
  run_counted console bash tests/console-test.sh
  run_counted fuzz bash tests/fuzz.sh --bounded
  run_counted crash bash tests/crash-test.sh 3
  run_counted ctrlc bash tests/ctrlc-test.sh 1 3
  run_single initoom bash tests/initoom-test.sh
  run_counted faults bash tests/faults.sh --bounded
fi

if [ ${#failures[@]} -gt 0 ]; then
  echo "== what failed (details above and in build/test-*.log)"
  printf '   %s\n' "${failures[@]}"
fi
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ] && [ "$bad_runs" -eq 0 ]
