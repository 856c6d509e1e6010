#!/usr/bin/env bash
# Host side of the system call fuzzer (user/fuzz.c): boot Kite headless
# with BOOTARGS="run=/fuzz SEED ITER NPROC" on a copy of fs.img and judge
# the run by the exit status that poweroff hands to QEMU, by the
# fuzzer's verdict line, by the absence of "panic" in the console log,
# and by mkfs/fsck on the image afterwards.
#
#   tests/fuzz.sh SEED ITER [NPROC [CALLS]]   one run (CALLS: a comma
#                                             list to narrow a failure)
#   tests/fuzz.sh --bounded                   the fixed seeds of make test
#
# CPUS (default 3) sets the harts.  Logs and images: build/fuzz-SEED.*
# (the image is removed when the run passes).  One line per seed, then
# "N passed, N failed"; exit status 0 only if every run passed.
set -u
cd "$(dirname "$0")/.."
CPUS=${CPUS:-3}
mkdir -p build

# The bounded list: seed iterations processes.  About 20 s each.
BOUNDED=(
  "1 1500 4"
  "2 1500 6"
  "3 1000 8"
)

if [ ! -f fs.img ] || [ ! -f kernel/kernel ]; then
  echo "fuzz: build first (make)"
  exit 1
fi
if [ ! -x mkfs/fsck ] || [ mkfs/fsck.c -nt mkfs/fsck ] ||
   [ kernel/fs.h -nt mkfs/fsck ]; then
  gcc -Wall -Werror -O2 -I. -o mkfs/fsck mkfs/fsck.c || exit 1
fi

passed=0
failed=0

# fuzz_one SEED ITER NPROC [CALLS]: one boot; prints its line.
fuzz_one() {
  local seed=$1 iter=$2 nproc=$3 calls=${4:-}
  local img=build/fuzz-$seed.img log=build/fuzz-$seed.log
  local limit=$((120 + iter * nproc / 50)) start status why=""
  cp fs.img "$img"
  start=$(date +%s)
  timeout --foreground -k 10 "$limit" qemu-system-riscv64 \
    -machine virt -bios default -kernel kernel/kernel -m 128M \
    -smp "$CPUS" -global virtio-mmio.force-legacy=false \
    -drive file="$img",if=none,format=raw,id=x0 \
    -device virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0 \
    -display none -monitor none -serial stdio \
    -append "run=/fuzz $seed $iter $nproc $calls" < /dev/null > "$log" 2>&1
  status=$?
  if grep -a -q "panic" "$log"; then
    why="kernel panic: $(grep -a -m 1 "panic" "$log")"
  elif [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    why="time limit (${limit}s): the machine hung"
  elif ! grep -a -q "^fuzz: seed $seed ok" "$log"; then
    why=$(grep -a "^fuzz: seed $seed FAILED" "$log" | sed 's/^fuzz: //')
    [ -n "$why" ] || why="no verdict (QEMU status $status)"
  elif [ "$status" -ne 0 ]; then
    why="QEMU exited with status $status"
  elif ! mkfs/fsck -q "$img" > "build/fuzz-$seed.fsck" 2>&1; then
    why="fsck: $(head -n 1 "build/fuzz-$seed.fsck")"
  fi
  local took=$(($(date +%s) - start))
  local stats
  stats=$(grep -a -m 1 "^fuzz: [0-9]* calls" "$log" | sed 's/^fuzz: //;s/,.*//')
  if [ -z "$why" ]; then
    echo "fuzz seed $seed: ok (${stats:-?}, ${took}s)"
    rm -f "$img"
    passed=$((passed + 1))
  else
    echo "fuzz seed $seed: FAILED $why (log $log)"
    grep -a "^fuzz: \(BUG\|HANG\|watchdog\|cannot\)" "$log" | head -n 8 |
      sed 's/^/   /'
    echo "   replay: tests/fuzz.sh $seed $iter $nproc $calls"
    failed=$((failed + 1))
  fi
}

if [ "${1:-}" = "--bounded" ]; then
  for run in "${BOUNDED[@]}"; do
    # shellcheck disable=SC2086
    fuzz_one $run
  done
elif [ $# -ge 2 ] && [ $# -le 4 ]; then
  fuzz_one "$1" "$2" "${3:-4}" "${4:-}"
else
  echo "usage: tests/fuzz.sh SEED ITER [NPROC [CALLS]] | tests/fuzz.sh --bounded"
  exit 2
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
