#!/usr/bin/env bash
# Host side of `make bench`.
#   (default)  CPUS=1 with -icount shift=0,align=off,sleep=off: guest time
#              counts instructions, so ns_per_op = instructions per op and
#              figures repeat exactly.  Compared against the targets.
#   wall       `make bench MODE=wall CPUS=N`: real time, and the scaling
#              case with 1..N process pairs, then lock statistics.
# Output is also written to build/bench.txt.
set -u
cd "$(dirname "$0")/.."
mkdir -p build
mode=${1:-icount}
cpus=${CPUS:-1}
img=build/fs-bench.img
out=build/bench.txt
cp fs.img "$img"

if [ "$mode" = "wall" ]; then
  args="run=/bench -wall $cpus"
  extra=()
else
  cpus=1
  args="run=/bench"
  extra=(-icount shift=0,align=off,sleep=off)
fi

timeout -k 10 1800 qemu-system-riscv64 -machine virt -bios default \
  -kernel build/kernel-bench -m 128M -smp "$cpus" "${extra[@]}" \
  -global virtio-mmio.force-legacy=false \
  -drive file="$img",if=none,format=raw,id=x0 \
  -device virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0 \
  -display none -monitor none -serial stdio -append "$args" \
  < /dev/null > build/bench.log 2>&1
status=$?
sed -n '/^kite: [0-9]* harts\? started/,$p' build/bench.log | grep -v '^kite:' > "$out"
cat "$out"
if [ "$status" -ne 0 ]; then
  echo "bench: QEMU exited with status $status (log: build/bench.log)"
  exit 1
fi
[ "$mode" = "wall" ] && exit 0

# Targets: instructions per operation (issue "Performance").
val() { awk -v n="$1" '$1 == n { print $3 }' "$out"; }
fail=0
check() { # name limit
  local v
  v=$(val "$1")
  if [ -z "$v" ]; then
    echo "target $1: no result"; fail=1; return
  fi
  if [ "$v" -le "$2" ]; then
    echo "target $1: $v <= $2 ok"
  else
    echo "target $1: $v > $2 MISSED"; fail=1
  fi
}
check null 565
check fork 130000
check forkexec 630000
check pipe 24000
check sbrk 20000
f=$(val fork); p=$(val pipe)
[ -n "$f" ] && check forkbig $((2 * f))
[ -n "$p" ] && check psem "$p" && check semop "$p" && check msg $((p * 12 / 10))
exit $fail
