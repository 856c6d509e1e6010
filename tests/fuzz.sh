#!/usr/bin/env bash
# Host side of the system-call fuzzer (user/fuzz.c).
#
#   tests/fuzz.sh SEED ITER [NPROC [CALLS]]
#                          one run: boot Kite headless with
#                          BOOTARGS="run=/fuzz SEED ITER NPROC CALLS"
#                          (CALLS: a comma list of system calls, to narrow
#                          a failure down, e.g. msgget,msgsnd,fork)
#   tests/fuzz.sh --bounded
#                          the fixed seed list make test runs
#
# A run passes when the guest prints "fuzz: seed S ok", QEMU exits with
# status 0 (poweroff hands it fuzz's status), the console shows no panic,
# and mkfs/fsck finds the disk image consistent afterwards.  A panic ends
# the run at once (the kernel spins after printing it).  Logs:
# build/fuzz-SEED.log; the image build/fuzz-SEED.img is kept when the run
# fails.  A failing seed is printed with the command that replays it.
# Ends with "fuzz: N passed, N failed".  CPUS (default 3), FUZZ_TIMEOUT
# (seconds per run, default 600).
set -u
cd "$(dirname "$0")/.."
mkdir -p build
CPUS=${CPUS:-3}
LIMIT=${FUZZ_TIMEOUT:-600}
passed=0
failed=0

# seed, calls per process, processes: 10-20 s each on an idle machine.
BOUNDED=(
  "1 2000 4"
  "2 1500 8"
  "3 2000 6"
  "4 1000 12"
)

if [ ! -x mkfs/fsck ] || [ mkfs/fsck.c -nt mkfs/fsck ]; then
  gcc -Wall -Werror -O2 -I. -o mkfs/fsck mkfs/fsck.c || exit 1
fi

# boot_wait IMAGE LOG BOOTARGS, with the time limit LIMIT
. tests/qemu-lib.sh
BOOT_LIMIT=$LIMIT

run_seed() { # seed iter nproc [calls]
  local seed=$1 iter=$2 nproc=$3 calls=${4:-}
  local img=build/fuzz-$seed.img log=build/fuzz-$seed.log
  local start=$SECONDS status why="" stats
  cp fs.img "$img"
  boot_wait "$img" "$log" "run=/fuzz $seed $iter $nproc $calls"
  status=$?
  if grep -a -q "^panic" "$log"; then
    why=$(grep -a -m 1 "^panic" "$log")
  elif [ "$status" -eq 124 ]; then
    why="no end within ${LIMIT}s: the machine hangs"
  elif ! grep -a -q "^fuzz: seed $seed ok" "$log"; then
    why=$(grep -a -m 1 "^fuzz: seed $seed FAILED" "$log")
    why=${why:-"no verdict (QEMU status $status)"}
  elif [ "$status" -ne 0 ]; then
    why="QEMU status $status"
  elif ! mkfs/fsck -q "$img" > "build/fuzz-$seed.fsck" 2>&1; then
    why="fsck: $(head -n 1 "build/fuzz-$seed.fsck")"
  fi
  stats=$(grep -a -m 1 "^fuzz: [0-9]* calls" "$log" | sed 's/^fuzz: //')
  if [ -z "$why" ]; then
    echo "test fuzz_seed_$seed: OK (${stats%%,*}," \
      "$((SECONDS - start))s)"
    rm -f "$img"
    passed=$((passed + 1))
  else
    echo "test fuzz_seed_$seed: FAILED $why"
    grep -a "^fuzz: \(BUG\|HANG\|cannot\|a process\|time\)" "$log" |
      head -n 8 | sed 's/^/   /'
    echo "   log $log; replay: tests/fuzz.sh $seed $iter $nproc $calls"
    failed=$((failed + 1))
  fi
}

if [ "${1:-}" = "--bounded" ]; then
  for run in "${BOUNDED[@]}"; do
    # shellcheck disable=SC2086
    run_seed $run
  done
elif [ $# -ge 2 ] && [ $# -le 4 ]; then
  run_seed "$1" "$2" "${3:-4}" "${4:-}"
else
  echo "usage: tests/fuzz.sh SEED ITER [NPROC [CALLS]] | --bounded"
  exit 2
fi
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
