#!/usr/bin/env bash
# make profile CASE=name [OPS=n]: where the instructions of one `make
# bench` operation go, function by function.
#
# Boots the optimised kernel (build/kernel-bench, the one `make bench`
# measures) on one hart, halted, running `bench CASE`; GDB
# (scripts/kite-prof.py) lets the warm-up pass, then single-steps OPS
# operations (default 4) through kernel and user code and prints, per
# operation, the instructions of each function.  The total per
# operation is `make bench`'s figure for the case.  Output also goes to
# build/profile.txt.
#
# Cases, and the kernel function whose entries mark an operation:
#   null   sys_getpid   once a call
#   pipe   sys_write    twice a round trip (one write on each side)
#   psem   sys_ksem_post  twice
#   msg    sys_msgsnd   twice
#   semop  sys_semop    four times (each side waits, then posts)
#   sbrk   sys_sbrk     twice (grow, shrink)
#   shm    sys_shmat    once
#   fork   sys_fork     once
# Stepping costs GDB a round trip per instruction: a pipe round trip
# (about 4,700 instructions) takes a few seconds.
set -u
cd "$(dirname "$0")/.."
case_name=${1:-null}
ops=${2:-4}
case $case_name in
  null) func=sys_getpid per_op=1 ;;
  pipe) func=sys_write per_op=2 ;;
  psem) func=sys_ksem_post per_op=2 ;;
  msg) func=sys_msgsnd per_op=2 ;;
  semop) func=sys_semop per_op=4 ;;
  sbrk) func=sys_sbrk per_op=2 ;;
  shm) func=sys_shmat per_op=1 ;;
  fork) func=sys_fork per_op=1 ;;
  *)
    echo "profile: no case '$case_name' (null pipe psem msg semop sbrk shm fork)"
    exit 2
    ;;
esac
GDB=${GDB:-gdb-multiarch}
if [ -z "${NM:-}" ]; then # the first toolchain prefix found (Makefile)
  for p in riscv64-unknown-elf- riscv64-elf- riscv64-none-elf- \
    riscv64-linux-gnu-; do
    command -v ${p}nm > /dev/null && NM=${p}nm && break
  done
fi
port=${GDBPORT:-$((26000 + $(id -u) % 4000))}
kernel=build/kernel-bench
mkdir -p build
cp fs.img build/fs-profile.img
$NM -n $kernel > build/profile-kernel.syms
$NM -n user/_bench > build/profile-user.syms

qemu-system-riscv64 -machine virt -bios default -kernel $kernel -m 128M \
  -smp 1 -global virtio-mmio.force-legacy=false \
  -drive file=build/fs-profile.img,if=none,format=raw,id=x0 \
  -device virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0 \
  -display none -monitor none -serial file:build/profile-console.log \
  -append "run=/bench $case_name" -S -gdb tcp::"$port" \
  < /dev/null 2> build/profile-qemu.log &
qemu=$!
trap 'kill $qemu 2> /dev/null' EXIT

echo "profile: $case_name, $ops operations, kernel $kernel"
KITE_PROF_PORT=$port KITE_PROF_FUNC=$func KITE_PROF_PER_OP=$per_op \
  KITE_PROF_OPS=$ops KITE_PROF_SKIP=${SKIP:-100} \
  KITE_PROF_SYMS="build/profile-kernel.syms build/profile-user.syms" \
  timeout -k 5 "${PROFILE_LIMIT:-600}" \
  $GDB -batch -nx -x scripts/kite-prof.py $kernel > build/profile-gdb.log 2>&1
# GDB echoes each stop; the table starts at the summary line.
sed -n '/operations, .* instructions/,$p' build/profile-gdb.log |
  tee build/profile.txt
grep -q 'per operation' build/profile.txt || {
  tail -5 build/profile-gdb.log
  echo "profile: failed (GDB: build/profile-gdb.log, console:" \
    "build/profile-console.log)"
  exit 1
}
