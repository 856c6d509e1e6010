#!/usr/bin/env bash
# Crash consistency of the file system: kill QEMU in the middle of a
# write-heavy workload, reboot on the same disk, and check that log
# recovery leaves a consistent file system holding everything the
# workload had finished.
#
#   tests/crash-test.sh [N]     N kill points (default 3); seeds
#                               CRASH_SEED (default 1) .. CRASH_SEED+N-1
#   CRASH_SEED=17 tests/crash-test.sh 1    replay one kill point
#
# For each kill point, on a fresh copy of fs.img:
#   1. boot with run=/crashwork SEED (tests/crashwork.c), which prints
#      "start OP NAME" and "done OP NAME ..." around every operation;
#   2. once it runs, wait a delay drawn from the seed and kill -9 QEMU;
#   3. mkfs/fsck on the image (it replays a committed log in memory, as
#      the next boot will);
#   4. boot with run=/crashwork --verify: recovery runs at boot, then the
#      program lists every file under /c with size and CRC, and checks
#      that the file system still takes new files;
#   5. compare that list with the "done" lines: every finished operation
#      must be visible; only the one that was running may go either way;
#   6. mkfs/fsck -s again: also no orphan left (the boot frees inodes
#      that were unlinked but open at the crash).
# Before the kill points, orphan_check makes an orphan on purpose
# (crashwork --orphan) and checks that fsck sees it and a boot frees it.
# Logs and (for failed points) images stay in build/crash-*.  Ends with
# one line "N passed, N failed"; exit status 0 only if all passed.
set -u
cd "$(dirname "$0")/.."
N=${1:-3}
SEED0=${CRASH_SEED:-1}
CPUS=${CPUS:-3}
mkdir -p build

if [ ! -f fs.img ] || [ ! -f kernel/kernel ]; then
  echo "crash-test: build first (make)"
  exit 1
fi
if [ ! -x mkfs/fsck ] || [ mkfs/fsck.c -nt mkfs/fsck ] ||
   [ kernel/fs.h -nt mkfs/fsck ]; then
  gcc -Wall -Werror -O2 -I. -o mkfs/fsck mkfs/fsck.c || exit 1
fi

# qemu_args and boot_wait
. tests/qemu-lib.sh

# fsck must reject a damaged image, or a clean verdict means nothing.
selfcheck() {
  local img=build/crash-damaged.img bmap
  cp fs.img "$img"
  bmap=$(od -An -t u4 -j $((1024 + 28)) -N 4 "$img" | tr -d ' ')
  dd if=/dev/zero of="$img" bs=1024 seek="$bmap" count=1 conv=notrunc \
    2> /dev/null
  if mkfs/fsck -q "$img" > /dev/null; then
    echo "crash-test: fsck accepts an image with a zeroed bitmap"
    return 1
  fi
  rm -f "$img"
  mkfs/fsck -q fs.img || { echo "crash-test: fs.img itself fails fsck"; return 1; }
}

# An orphan on purpose: crashwork --orphan powers off holding a file it
# has unlinked.  fsck must see the orphan (and -s count it a problem);
# the next boot must free it, leaving a strictly clean image.
orphan_check() {
  local img=build/crash-orphan.img run=build/crash-orphan-run.log
  local ver=build/crash-orphan-verify.log
  cp fs.img "$img"
  boot_wait "$img" "$run" "run=/crashwork --orphan"
  if ! grep -a -q "^crashwork: /orphan unlinked" "$run"; then
    echo "orphan: FAILED, crashwork --orphan did not run ($run)"
    return 1
  fi
  if ! mkfs/fsck "$img" | grep -q "orphan, the next boot frees it"; then
    echo "orphan: FAILED, fsck does not see the orphan"
    return 1
  fi
  if mkfs/fsck -q -s "$img" > /dev/null; then
    echo "orphan: FAILED, fsck -s accepts an orphan"
    return 1
  fi
  boot_wait "$img" "$ver" "run=/ls /"
  if ! grep -a -q "^kite: freeing orphan inode" "$ver"; then
    echo "orphan: FAILED, the boot did not free the orphan ($ver)"
    return 1
  fi
  if ! mkfs/fsck -s "$img" > build/crash-orphan-fsck.txt 2>&1; then
    echo "orphan: FAILED, fsck -s after the boot:"
    sed 's/^/   /' build/crash-orphan-fsck.txt
    return 1
  fi
  echo "orphan: $(grep -a '^kite: freeing orphan' "$ver" | head -n 1 |
    sed 's/^kite: //') at boot, fsck -s clean: ok"
  rm -f "$img"
}

# Compare the workload's log ($1) with the verify run's listing ($2).
compare() {
  awk '
    FNR == NR && $1 == "start" { inflight = $0; next }
    FNR == NR && $1 == "done" {
      if (($2 == "create" || $2 == "append") && NF == 7) {
        kind[$3] = "file"; size[$3] = $5; crc[$3] = $7
      } else if ($2 == "mkdir" && NF == 3) {
        kind[$3] = "dir"
      } else if ($2 == "unlink" && NF == 3) {
        delete kind[$3]
      } else if ($2 == "link" && NF == 4) {
        kind[$4] = kind[$3]; size[$4] = size[$3]; crc[$4] = crc[$3]
      } else {
        next
      }
      inflight = ""; ndone++
      next
    }
    FNR == NR { next }
    $1 == "file" && NF == 6 { vk[$2] = "file"; vs[$2] = $4; vc[$2] = $6 }
    $1 == "dir" && NF == 2 { vk[$2] = "dir" }
    END {
      n = split(inflight, w, " ")
      for (i = 3; i <= n; i++) open_[w[i]] = 1
      for (f in kind) {
        if (f in open_) continue
        if (!(f in vk)) {
          print "   lost: " f " (" kind[f] ")"; bad++
        } else if (vk[f] != kind[f] || (kind[f] == "file" &&
                   (vs[f] != size[f] || vc[f] != crc[f]))) {
          print "   changed: " f " want " kind[f] " " size[f] " " crc[f] \
                ", have " vk[f] " " vs[f] " " vc[f]; bad++
        }
      }
      for (f in vk)
        if (!(f in kind) && !(f in open_)) {
          print "   unexpected: " f; bad++
        }
      printf "%d operations done, running: %s\n", ndone,
             inflight == "" ? "none" : substr(inflight, 7)
      exit bad > 0
    }' "$1" "$2"
}

# crash_one INDEX SEED: one kill point.  Returns 0 when it passed.
crash_one() {
  local i=$1 seed=$2
  local img=build/crash-$i.img run=build/crash-$i-run.log
  local ver=build/crash-$i-verify.log cmp=build/crash-$i-compare.txt
  local pid t delay status QARGS replay="" orphans

  cp fs.img "$img"
  # milliseconds into the workload: a hash of the seed, 200..4199
  delay=$((200 + ((seed * 2654435761) % 4294967296 >> 8) % 4000))
  qemu_args "$img" "run=/crashwork $seed"
  qemu-system-riscv64 "${QARGS[@]}" < /dev/null > "$run" 2>&1 &
  pid=$!
  for t in $(seq 1 900); do
    grep -a -q "^crashwork: seed" "$run" && break
    kill -0 "$pid" 2> /dev/null || break
    sleep 0.1
  done
  if ! grep -a -q "^crashwork: seed" "$run"; then
    kill -9 "$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
    echo "crash $i: seed $seed: FAILED, the workload never started ($run)"
    return 1
  fi
  sleep "$((delay / 1000)).$(printf %03d $((delay % 1000)))"
  kill -9 "$pid" 2> /dev/null
  wait "$pid" 2> /dev/null
  # A line cut off by the kill says nothing: drop it.
  if [ -n "$(tail -c 1 "$run")" ]; then
    sed -i '$d' "$run"
  fi
  if grep -a -q "^panic\|FAILED" "$run"; then
    echo "crash $i: seed $seed: FAILED, the workload failed before the kill"
    grep -a "^panic\|FAILED" "$run" | sed 's/^/   /'
    return 1
  fi
  if ! mkfs/fsck "$img" > "$cmp" 2>&1; then
    echo "crash $i: seed $seed: FAILED, fsck after the crash:"
    sed 's/^/   /' "$cmp"
    return 1
  fi
  if grep -q "committed transaction" "$cmp"; then
    replay=", a committed log to replay"
  fi
  boot_wait "$img" "$ver" "run=/crashwork --verify"
  status=$?
  if [ "$status" -ne 0 ] || ! grep -a -q "^verify: ok" "$ver"; then
    echo "crash $i: seed $seed: FAILED, verify run (QEMU status $status," \
      "log $ver)"
    grep -a "^verify\|^panic" "$ver" | sed 's/^/   /'
    return 1
  fi
  if ! compare "$run" "$ver" > "$cmp"; then
    echo "crash $i: seed $seed: FAILED, files after recovery differ:"
    sed 's/^/   /' "$cmp"
    return 1
  fi
  if ! mkfs/fsck -s "$img" >> "$cmp" 2>&1; then
    echo "crash $i: seed $seed: FAILED, fsck -s after recovery:"
    sed 's/^/   /' "$cmp"
    return 1
  fi
  orphans=$(grep -a -c "^kite: freeing orphan" "$ver")
  echo "crash $i: seed $seed: killed ${delay}ms in," \
    "$(head -n 1 "$cmp")$replay, $orphans orphans freed at boot: ok"
  rm -f "$img"
  return 0
}

passed=0
failed=0
if ! selfcheck; then
  failed=$((failed + 1))
fi
if orphan_check; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi
for i in $(seq 1 "$N"); do
  if crash_one "$i" $((SEED0 + i - 1)); then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
