#!/usr/bin/env bash
# make grade [LAB=name]: score the labs from their tests.
#
#   tests/grade.sh [--log FILE] [LAB...]
#
# Each lab has labs/LAB.grade: a "# suites: ..." line naming the guest
# suites to run, then one "test_name points" line per graded test.
# Without --log the script boots Kite headless and runs those suites;
# with --log it scores an existing console log (make test's).  Prints a
# score per test, per lab and in total; exits 0 only at full marks.
set -u
cd "$(dirname "$0")/.."
log=""
if [ "${1:-}" = "--log" ]; then
  log=$2
  shift 2
fi
labs=("$@")
if [ ${#labs[@]} -eq 0 ]; then
  for f in labs/*.grade; do labs+=("$(basename "$f" .grade)"); done
fi
for lab in "${labs[@]}"; do
  [ -f "labs/$lab.grade" ] || { echo "grade: no lab '$lab'"; exit 2; }
done

if [ -z "$log" ]; then
  suites=$(for lab in "${labs[@]}"; do
    sed -n 's/^# suites: //p' "labs/$lab.grade"; done | tr ' ' '\n' |
    sort -u | tr '\n' ' ')
  mkdir -p build
  log=build/grade.log
  cp fs.img build/fs-grade.img
  echo "grade: running usertests $suites(log $log)"
  timeout -k 10 "${GRADE_TIMEOUT:-1200}" qemu-system-riscv64 \
    -machine virt -bios default -kernel kernel/kernel -m 128M \
    -smp "${CPUS:-3}" -global virtio-mmio.force-legacy=false \
    -drive file=build/fs-grade.img,if=none,format=raw,id=x0 \
    -device virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0 \
    -display none -monitor none -serial stdio \
    -append "run=/usertests $suites" < /dev/null > "$log" 2>&1
fi

got_all=0
max_all=0
for lab in "${labs[@]}"; do
  got=0
  max=0
  while read -r name points; do
    case "$name" in ''|'#'*) continue ;; esac
    max=$((max + points))
    if grep -a -q "^test $name: OK" "$log"; then
      got=$((got + points))
      echo "  $name: $points/$points"
    else
      echo "  $name: 0/$points"
    fi
  done < "labs/$lab.grade"
  echo "lab $lab: $got/$max"
  got_all=$((got_all + got))
  max_all=$((max_all + max))
done
echo "grade: $got_all/$max_all"
[ "$got_all" -eq "$max_all" ]
