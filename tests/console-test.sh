#!/usr/bin/env bash
# The handbook's console transcripts, replayed (part of make test).
#
# A block of doc/*.md or README.md marked <!-- console-check --> on the
# line before its ``` is one command and its output:
#
#     <!-- console-check -->
#     ```
#     $ strace write,exit echo hi
#     hi
#     [4 echo] write(1, 0x4030, 3) = 3
#     ```
#
# Each is run in a boot of its own (run=/COMMAND, one hart, the default
# kernel) and what the guest prints must be the block's lines, in
# order.  Process ids inside [PID name] are not compared (a command run
# from the shell has another pid than one run by init).
# Prints "test console_FILE_LINE: OK|FAILED ..." per block, then
# "console: N passed, N failed"; exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.."
pass=0
fail=0
mkdir -p build

# blocks: "FILE LINE" of each marked block's command line.
blocks() {
  awk 'FNR == 1 { mark = 0 }
    /^<!-- console-check -->$/ { mark = FNR; next }
    mark && FNR == mark + 1 && /^```/ { next }
    mark && FNR == mark + 2 { print FILENAME, FNR; mark = 0 }' \
    doc/*.md README.md
}

# expected FILE LINE: the block's output lines after its command.
expected() {
  awk -v from="$2" 'FNR > from && /^```/ { exit } FNR > from' "$1"
}

# The guest's output for boot arguments $1: after the bootargs line, up
# to the power-off line; pids in [PID name] masked.
guest() {
  cp fs.img build/fs-console.img
  timeout -k 5 120 qemu-system-riscv64 -machine virt -bios default \
    -kernel kernel/kernel -m 128M -smp 1 \
    -global virtio-mmio.force-legacy=false \
    -drive file=build/fs-console.img,if=none,format=raw,id=x0 \
    -device virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0 \
    -display none -monitor none -serial stdio -append "$1" \
    < /dev/null 2>&1 | tr -d '\r' |
    sed -n '/^kite: bootargs/,/^kite: power off/p' | sed '1d;$d'
}

mask() { sed -E 's/^\[[0-9]+ /[PID /'; }

while read -r file line; do
  cmd=$(sed -n "${line}p" "$file" | sed 's/^\$ //')
  name="console_$(basename "$file" .md)_$line"
  want=$(expected "$file" "$line" | mask)
  got=$(guest "run=/$cmd" | mask)
  if [ -n "$want" ] && [ "$want" = "$got" ]; then
    echo "test $name: OK ($cmd)"
    pass=$((pass + 1))
  else
    echo "test $name: FAILED $file:$line: \`$cmd\` printed:"
    echo "$got" | sed 's/^/      | /'
    fail=$((fail + 1))
  fi
done < <(blocks)

echo "console: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
