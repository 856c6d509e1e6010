#!/usr/bin/env bash
# Allocation-failure injection (doc/reliability.md): boot Kite with
# BOOTARGS="failalloc=SEED:RATE run=/faultcheck ..." so that about one
# kalloc/kmalloc in RATE made for a user process fails, and run the
# guest suites and the fuzzer under it.
#
#   tests/faults.sh SEED [RATE]   one seed (make faults SEED=n RATE=r):
#                                 the suites, then the fuzzer
#   tests/faults.sh --bounded     the short list make test runs
#
# A run passes when the console shows no panic (init was never killed,
# the kernel survived every failure), /faultcheck reports "ok" (after
# the program and its orphans are gone, the free pages and process
# slots are what they were: nothing leaked) and powers off with status
# 0 (the system still answers), and the fuzzer printed no "BUG" line (a
# call failing with an errno it cannot produce, or succeeding where it
# must fail).  The suites' own verdicts do not count: under injection
# their tests fail wherever they meet ENOMEM.  How the failed tests
# failed is summed up by errno, for a reader looking for an error that
# should have been ENOMEM or EAGAIN.  Logs: build/faults-*.log.
# Ends with "faults: N passed, N failed".  CPUS (default 3),
# FAULTS_TIMEOUT (seconds per run, default 900), FAULTS_SUITES (default
# "base exit limits ipc ksem").
set -u
cd "$(dirname "$0")/.."
mkdir -p build
CPUS=${CPUS:-3}
SUITES=${FAULTS_SUITES:-base exit limits ipc ksem}
passed=0
failed=0

# seed rate usertests-arguments fuzz-iterations
BOUNDED=(
  "1 32 -q 300"
  "2 96 -q 300"
)

. tests/qemu-lib.sh
BOOT_LIMIT=${FAULTS_TIMEOUT:-900}

# judge NAME LOG STATUS: print the verdict of one boot, count it.
judge() {
  local name=$1 log=$2 status=$3 why=""
  if grep -a -q "^panic" "$log"; then
    why=$(grep -a -m 1 "^panic" "$log")
  elif [ "$status" -eq 124 ]; then
    why="no end within ${BOOT_LIMIT}s: the machine hangs"
  elif ! grep -a -q "^faultcheck: ok" "$log"; then
    why=$(grep -a -m 1 "^faultcheck: FAILED" "$log")
    why=${why:-"no verdict (QEMU status $status)"}
  elif [ "$status" -ne 0 ]; then
    why="QEMU status $status"
  elif grep -a -q "^fuzz: BUG" "$log"; then
    why=$(grep -a -m 1 "^fuzz: BUG" "$log")
  fi
  grep -a "^kite: failalloc: [0-9]" "$log" | sed 's/^/   /'
  local errs
  errs=$(grep -a -o "^test .*: FAILED.*(errno [0-9]*)" "$log" |
    sed -E 's/.*\(errno ([0-9]+)\)$/\1/' | sort -n | uniq -c |
    awk '{printf "%s errno %s; ", $1, $2}')
  [ -n "$errs" ] && echo "   failed tests by errno: $errs"
  if [ -z "$why" ]; then
    echo "test $name: OK"
    passed=$((passed + 1))
  else
    echo "test $name: FAILED $why"
    echo "   log $log"
    failed=$((failed + 1))
  fi
}

run_seed() { # seed rate usertests-args fuzz-iterations
  local seed=$1 rate=$2 uargs=$3 iter=$4
  local img=build/faults-$seed.img log status
  cp fs.img "$img"
  log=build/faults-$seed-suites.log
  boot_wait "$img" "$log" \
    "failalloc=$seed:$rate run=/faultcheck -each /usertests $uargs"
  status=$?
  judge "faults_suites_seed_$seed" "$log" "$status"
  cp fs.img "$img"
  log=build/faults-$seed-fuzz.log
  boot_wait "$img" "$log" \
    "failalloc=$seed:$rate run=/faultcheck /fuzz $seed $iter 4"
  status=$?
  judge "faults_fuzz_seed_$seed" "$log" "$status"
  rm -f "$img"
}

if [ "${1:-}" = "--bounded" ]; then
  for run in "${BOUNDED[@]}"; do
    # shellcheck disable=SC2086
    set -- $run
    run_seed "$1" "$2" "$3 $SUITES" "$4"
  done
else
  run_seed "${1:-1}" "${2:-32}" "$SUITES" "${FAULTS_FUZZ_ITER:-1000}"
fi
echo "faults: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
