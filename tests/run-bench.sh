#!/usr/bin/env bash
# Host side of `make bench`.
#   (default)  CPUS=1 with -icount shift=0,align=off,sleep=off: guest time
#              counts instructions, so ns_per_op = instructions per op and
#              figures repeat exactly.  Compared against the targets.
#              CASES="null getpid": only those cases, and their targets.
#   wall       `make bench MODE=wall [CPUS=N]`: real time.  First an
#              -icount boot gives the instructions per operation of null,
#              pipe and psem; then WALL_RUNS boots (default 5, CPUS=1)
#              each measure, within the one boot, the wall time of those
#              operations divided by the wall time of as many user-mode
#              instructions (user/bench.c -ratio); the medians and spread
#              are printed.  Then UT_RUNS (default 3) timed boots of
#              `usertests -q` on kernel/kernel (UT_KERNEL), and with
#              CPUS > 1 the scaling case with 1..N process pairs and the
#              lock statistics.
# Output is also written to build/bench.txt (icount) and
# build/bench-wall.txt (the raw ratio lines).  BENCH_KERNEL and BENCH_FS
# name another kernel and disk image (to compare two builds).
set -u
cd "$(dirname "$0")/.."
mkdir -p build
mode=${1:-icount}
cpus=${CPUS:-1}
runs=${WALL_RUNS:-5}
kernel=${BENCH_KERNEL:-build/kernel-bench}
img=${BENCH_IMG:-build/fs-bench.img}
out=build/bench.txt
cp "${BENCH_FS:-fs.img}" "$img"
ICOUNT=(-icount shift=0,align=off,sleep=off)

# boot BOOTARGS CPUS [QEMU args...]: boot $kernel headless,
# console to build/bench.log.  Returns QEMU's status.
boot() {
  local args=$1 n=$2
  shift 2
  timeout -k 10 1800 qemu-system-riscv64 -machine virt -bios default \
    -kernel "$kernel" -m 128M -smp "$n" "$@" \
    -global virtio-mmio.force-legacy=false \
    -drive file="$img",if=none,format=raw,id=x0 \
    -device virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0 \
    -display none -monitor none -serial stdio -append "$args" \
    < /dev/null > build/bench.log 2>&1
}

# The guest's output after the boot banner.
guest_output() {
  sed -n '/^kite: [0-9]* harts\? started/,$p' build/bench.log | grep -v '^kite:'
}

# Median and spread of the numbers on stdin: "median (min-max, N runs)".
stats() {
  sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "-"; exit }
    m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.4g (%.4g-%.4g, %d runs)", m, v[1], v[NR], NR }'
}

wall_mode() {
  boot "run=/bench null pipe psem" 1 "${ICOUNT[@]}" || {
    echo "bench: the -icount boot failed (log: build/bench.log)"
    return 1
  }
  local counts n p s r
  counts=$(guest_output)
  n=$(echo "$counts" | awk '$1 == "null" { print $3 }')
  p=$(echo "$counts" | awk '$1 == "pipe" { print $3 }')
  s=$(echo "$counts" | awk '$1 == "psem" { print $3 }')
  echo "instructions per operation (-icount): null $n, pipe $p, psem $s"
  echo "ratio NAME insns wall_ns_per_op wall_ns_of_as_many_user_insns ratio"
  : > build/bench-wall.txt
  for ((r = 1; r <= runs; r++)); do
    boot "run=/bench -ratio $n $p $s" 1 || {
      echo "bench: wall boot $r failed (log: build/bench.log)"
      return 1
    }
    guest_output | grep '^ratio' | tee -a build/bench-wall.txt
  done
  echo "median (min-max) over $runs boots, CPUS=1:"
  for c in null pipe psem; do
    printf "  %-5s ratio %s; ns/op %s\n" "$c" \
      "$(awk -v c=$c '$2 == c { print $6 }' build/bench-wall.txt | stats)" \
      "$(awk -v c=$c '$2 == c { print $4 }' build/bench-wall.txt | stats)"
  done
  # usertests -q on the kernel students run: the -O2 kernel has no
  # frame pointers, which the traps suite's backtrace tests need.
  local t0 t1 times=() bench_kernel=$kernel
  kernel=${UT_KERNEL:-kernel/kernel}
  for ((r = 1; r <= ${UT_RUNS:-3}; r++)); do
    t0=$(date +%s.%N)
    boot "run=/usertests -q" "$cpus" || {
      echo "bench: usertests -q failed (log: build/bench.log)"
      return 1
    }
    t1=$(date +%s.%N)
    times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')")
  done
  kernel=$bench_kernel
  printf "  usertests -q, CPUS=%s, %s, boot to poweroff, seconds: %s\n" \
    "$cpus" "${UT_KERNEL:-kernel/kernel}" \
    "$(printf '%s\n' "${times[@]}" | stats)"
  if [ "$cpus" -gt 1 ]; then
    boot "run=/bench -wall $cpus" "$cpus" || return 1
    guest_output
  fi
  return 0
}

if [ "$mode" = "wall" ]; then
  wall_mode
  exit $?
fi

cases=${CASES:-}
# shellcheck disable=SC2086
boot "run=/bench $cases" 1 "${ICOUNT[@]}"
status=$?
guest_output > "$out"
cat "$out"
if [ "$status" -ne 0 ]; then
  echo "bench: QEMU exited with status $status (log: build/bench.log)"
  exit 1
fi

# Targets: instructions per operation (issue "Performance").
val() { awk -v n="$1" '$1 == n { print $3 }' "$out"; }
fail=0
# With CASES, only the cases asked for are checked.
wanted() { [ -z "$cases" ] || [[ " $cases " == *" $1 "* ]]; }
check() { # name limit
  wanted "$1" || return 0
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
check getpid 20
check fork 130000
check forkexec 630000
check pipe 24000
check sbrk 20000
f=$(val fork); p=$(val pipe)
[ -n "$f" ] && check forkbig $((2 * f))
[ -n "$p" ] && check psem "$p" && check semop "$p" && check msg $((p * 12 / 10))
exit $fail
