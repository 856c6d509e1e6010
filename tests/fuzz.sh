#!/usr/bin/env bash
# Host side of the system-call fuzzer (user/fuzz.c).
#
#   tests/fuzz.sh SEED ITER [NPROC]   one run: boot Kite headless with
#                                     BOOTARGS="run=/fuzz SEED ITER NPROC"
#   tests/fuzz.sh --bounded           the fixed seed list make test runs
#
# A run passes when the guest prints "fuzz: seed S ok", QEMU exits with
# status 0 (poweroff hands it fuzz's status), and the console shows no
# panic.  Logs: build/fuzz-SEED.log.  A failing seed is printed so it can
# be replayed with the first form.  Ends with "fuzz: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
mkdir -p build
CPUS=${CPUS:-3}
LIMIT=${FUZZ_TIMEOUT:-600}
passed=0
failed=0

run_seed() { # seed iter nproc
  local seed=$1 iter=$2 nproc=$3
  local img=build/fuzz-$seed.img log=build/fuzz-$seed.log
  cp fs.img "$img"
  timeout -k 10 "$LIMIT" qemu-system-riscv64 -machine virt -bios default \
    -kernel kernel/kernel -m 128M -smp "$CPUS" \
    -global virtio-mmio.force-legacy=false \
    -drive file="$img",if=none,format=raw,id=x0 \
    -device virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0 \
    -display none -monitor none -serial stdio \
    -append "run=/fuzz $seed $iter $nproc" < /dev/null > "$log" 2>&1
  local status=$?
  if [ "$status" -eq 0 ] && grep -a -q "^fuzz: seed $seed ok" "$log" &&
     ! grep -a -q "^panic" "$log"; then
    echo "test fuzz_seed_$seed: OK ($nproc processes x $iter calls)"
    passed=$((passed + 1))
  else
    local why
    why=$(grep -a -E "^panic|FAILED" "$log" | head -n 1)
    echo "test fuzz_seed_$seed: FAILED QEMU status $status ${why:-(see $log)}"
    echo "   replay: tests/fuzz.sh $seed $iter $nproc"
    failed=$((failed + 1))
  fi
}

if [ "${1:-}" = "--bounded" ]; then
  for seed in 1 2 3; do
    run_seed "$seed" 1500 4
  done
elif [ $# -ge 2 ]; then
  run_seed "$1" "$2" "${3:-4}"
else
  echo "usage: tests/fuzz.sh SEED ITER [NPROC] | --bounded"
  exit 2
fi
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
