#!/usr/bin/env bash
# Init survives memory exhaustion (issue 11, defect 1; doc/memory.md).
#
#   tests/initoom-test.sh        CPUS (default 3), INITOOM_LIMIT (s, 180)
#
# Boots Kite to the shell (no run=) and types two commands on the
# console: "initoom" takes every free page while init forks a new shell
# and runs on, then lets go; "initoom check", typed into the new shell,
# checks that the free pages came back and powers off with status 0.
# Passes when QEMU exits with 0, the guest printed "initoom: ok" and no
# panic.  Log: build/initoom.log.
set -u
cd "$(dirname "$0")/.."
CPUS=${CPUS:-3}
LIMIT=${INITOOM_LIMIT:-180}
mkdir -p build
img=build/fs-initoom.img
log=build/initoom.log
cp fs.img "$img"
. tests/qemu-lib.sh
qemu_args "$img" ""
# The empty -append leaves init in its shell loop.
QARGS=("${QARGS[@]:0:${#QARGS[@]}-2}")
fifo=build/initoom.fifo
rm -f "$fifo"
mkfifo "$fifo"
timeout --foreground -k 10 "$LIMIT" qemu-system-riscv64 "${QARGS[@]}" \
  < "$fifo" > "$log" 2>&1 &
qpid=$!
exec 3> "$fifo" # QEMU's stdin stays open until we are done

# wait_for N PATTERN: until the log has N lines matching PATTERN, QEMU
# ends, or the time limit.  Returns 0 if the count was reached.
wait_for() {
  local t
  for ((t = 0; t < LIMIT * 4; t++)); do
    [ "$(grep -a -c -e "$2" "$log")" -ge "$1" ] && return 0
    kill -0 "$qpid" 2> /dev/null || return 1
    sleep 0.25
  done
  return 1
}
# Type a command only when a shell is reading: bytes that arrive while
# the kernel boots are lost.  The second prompt is the new shell's.
if wait_for 1 '^\$ '; then
  printf 'initoom\n' >&3
  wait_for 1 'initoom: the hog is done' && wait_for 2 '\$ ' &&
    printf 'initoom check\n' >&3
fi
wait "$qpid"
status=$?
exec 3>&-
rm -f "$fifo"
grep -a "initoom:\|^init\|^panic" "$log" | sed 's/^/   /'
if grep -a -q "^panic" "$log"; then
  echo "initoom: FAILED panic (log $log)"
  exit 1
fi
if [ "$status" -ne 0 ] || ! grep -a -q "initoom: ok" "$log"; then
  echo "initoom: FAILED (QEMU status $status; 124 = time limit; log $log)"
  exit 1
fi
echo "initoom: passed"
