#!/usr/bin/env bash
# Host side of "the build follows its flags" and friends, in a scratch
# copy of the tree (so the real build is not disturbed):
#  - after a plain build, make LOCKDEBUG=1 rebuilds the kernel with the
#    lock-order checker; a plain make then rebuilds it without;
#  - a build with nothing changed compiles nothing;
#  - mkfs refuses an image a running QEMU holds, and replaces an image
#    by rename (a new file, not rewritten in place);
#  - make refuses CPUS above the kernel's NCPU;
#  - the kernel links without the RWX-segment warning, with a symbol
#    table; compile_commands.json lists the kernel's files.
# Prints "ok ..." or "FAILED ..." per check; exits non-zero on failure.
set -u
cd "$(dirname "$0")/.."
top=$PWD
pass=0
fail=0
ok() { echo "ok      $*"; pass=$((pass + 1)); }
bad() { echo "FAILED  $*"; fail=$((fail + 1)); }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kite-build-test.XXXXXX")
qpid=""
cleanup() {
  [ -n "$qpid" ] && kill -9 "$qpid" 2> /dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
# the tracked files and any new ones not yet committed
git ls-files -z --cached --others --exclude-standard |
  (cd "$top" && xargs -0 cp --parents -t "$tmp")
cd "$tmp" || exit 1

make -s -j2 kernel/kernel > build.log 2>&1 || { bad "plain build (see $tmp/build.log)"; cat build.log; exit 1; }
if grep -q 'RWX' build.log; then bad "link warns about RWX segments"; else ok "no RWX warning"; fi
nm_count() { "${TOOLPREFIX:-riscv64-unknown-elf-}nm" "$1" 2> /dev/null | grep -c "$2"; }
TOOLPREFIX=$(make -s -p -n kernel/kernel 2> /dev/null | sed -n 's/^TOOLPREFIX := //p' | head -n 1)
if [ "$(nm_count kernel/kernel ' ksyms$')" -eq 1 ]; then ok "kernel carries ksyms"; else bad "no ksyms in kernel"; fi

out=$(make -j2 kernel/kernel 2>&1)
if echo "$out" | grep -q -- '-c -o kernel/'; then bad "a second plain build compiled again"; else ok "nothing to compile when nothing changed"; fi

out=$(make -j2 LOCKDEBUG=1 kernel/kernel 2>&1)
if echo "$out" | grep -q -- '-DLOCKDEBUG.*-c -o kernel/spinlock.o'; then
  ok "make LOCKDEBUG=1 after a plain build recompiles with -DLOCKDEBUG"
else
  bad "make LOCKDEBUG=1 did not recompile kernel/spinlock.o"
fi
out=$(make -j2 kernel/kernel 2>&1)
if echo "$out" | grep -q -- '-c -o kernel/spinlock.o' && ! echo "$out" | grep -q -- '-DLOCKDEBUG'; then
  ok "a plain make after LOCKDEBUG=1 recompiles without it"
else
  bad "a plain make after LOCKDEBUG=1 did not go back"
fi

if make -n CPUS=64 qemu > cpus.log 2>&1; then
  bad "make CPUS=64 qemu was accepted"
elif grep -q 'NCPU' cpus.log; then
  ok "make CPUS=64 refused: $(grep -o 'CPUS=64.*' cpus.log | head -n 1)"
else
  bad "make CPUS=64 failed without naming NCPU"
fi

make -s compile_commands.json > /dev/null 2>&1
if grep -q '"file": "kernel/panic.c"' compile_commands.json 2> /dev/null; then
  ok "compile_commands.json lists kernel/panic.c"
else
  bad "compile_commands.json missing or incomplete"
fi

# mkfs: replaced by rename; refused while QEMU holds the image.
make -s mkfs/mkfs > /dev/null 2>&1
mkfs/mkfs img README.md > /dev/null && before=$(ls -i img | cut -d' ' -f1)
mkfs/mkfs img README.md > /dev/null && after=$(ls -i img | cut -d' ' -f1)
if [ -n "${before:-}" ] && [ "$before" != "${after:-}" ] && [ ! -e img.tmp ]; then
  ok "mkfs writes a new file and renames it"
else
  bad "mkfs rewrote the image in place (inode ${before:-?} -> ${after:-?})"
fi
qemu-system-riscv64 -machine virt -bios default -kernel kernel/kernel -m 128M \
  -smp 1 -global virtio-mmio.force-legacy=false \
  -drive file=img,if=none,format=raw,id=x0 \
  -device virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0 \
  -display none -monitor none -serial null < /dev/null > /dev/null 2>&1 &
qpid=$!
sleep 2
sum=$(cksum < img)
if mkfs/mkfs img README.md > mkfs.log 2>&1; then
  bad "mkfs rebuilt an image a running QEMU holds"
elif grep -q 'in use' mkfs.log && [ "$(cksum < img)" = "$sum" ]; then
  ok "mkfs refuses an image in use: $(head -n 1 mkfs.log)"
else
  bad "mkfs failed without saying the image is in use, or changed it"
fi
{ kill -9 "$qpid" && wait "$qpid"; } 2> /dev/null # no "Killed" notice
qpid=""

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
