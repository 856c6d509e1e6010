#!/usr/bin/env bash
# make grade [LAB=name] [TEST=test]: score the labs from their tests.
#
#   tests/grade.sh [--log FILE] [--test NAME] [LAB...]
#
# Each lab has labs/LAB.grade: a "# suites: ..." line naming the guest
# suites to run, then one "test_name points" line per graded test.
# Optional header lines:
#   # limit: SECONDS   the time limit of each test (default 15)
#   # start: POINTS    what the handed-out stub scores (default 0;
#                      tests/labtree-test.sh checks it)
#
# Without --log the script boots Kite headless once, runs usertests
# with a per-test time limit (usertests -t) on the suites of every lab
# asked for (or on the one test --test names), and watches the console:
# it stops at once on a kernel panic, when the guest prints nothing
# for longer than a test may run (the kernel is stuck), or past an
# overall limit worked out from the number of tests and their limit.
# With --log it scores an existing console log (make test's).
# Prints "name: points/max" per test and, for a failed test, its FAILED
# line and the console lines just before it; then a score per lab and
# in total.  Exits 0 only at full marks.
set -u
cd "$(dirname "$0")/.."

DEFAULT_LIMIT=15 # seconds per test when the grade file sets none
BOOT_LIMIT=60    # seconds until usertests says how many tests it runs
STALL_SLACK=20   # silence beyond a test's limit that means "stuck"
CONTEXT=6        # console lines shown before a FAILED line

usage() {
  echo "usage: make grade [LAB=name] [TEST=test_name]" >&2
  exit 2
}

log=""
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --log) [ $# -ge 2 ] || usage; log=$2; shift 2 ;;
    --test) [ $# -ge 2 ] || usage; only=$2; shift 2 ;;
    -*) usage ;;
    *) break ;;
  esac
done
labs=("$@")
if [ ${#labs[@]} -eq 0 ]; then
  for f in labs/*.grade; do
    [ -f "$f" ] && labs+=("$(basename "$f" .grade)")
  done
fi
for lab in "${labs[@]}"; do
  [ -f "labs/$lab.grade" ] || {
    echo "make grade: no lab '$lab' (labs/$lab.grade does not exist)" >&2
    exit 2
  }
done

# header LAB KEY DEFAULT: the value of "# KEY: value" in LAB's file.
header() {
  local v
  v=$(sed -n "s/^# $2: *//p" "labs/$1.grade" | head -n 1)
  echo "${v:-$3}"
}

# The test lines ("name points") of LAB.
tests_of() {
  grep -v -E '^[[:space:]]*(#|$)' "labs/$1.grade"
}

# With --test, grade only the labs that list that test.
if [ -n "$only" ]; then
  keep=()
  for lab in "${labs[@]}"; do
    tests_of "$lab" | awk -v t="$only" '$1 == t { f = 1 } END { exit !f }' &&
      keep+=("$lab")
  done
  [ ${#keep[@]} -gt 0 ] || {
    echo "make grade: no lab lists a test '$only' (see labs/*.grade)" >&2
    exit 2
  }
  labs=("${keep[@]}")
fi

limit=0
for lab in "${labs[@]}"; do
  l=$(header "$lab" limit "$DEFAULT_LIMIT")
  [ "$l" -gt "$limit" ] && limit=$l
done

# What usertests runs: the one test, or every suite the labs name.  A
# suite's leak check (SUITE_leaks) is not a test of its own: it runs
# after the suite.
if [ -n "$only" ]; then
  case "$only" in
    *_leaks) args=${only%_leaks} ;;
    *) args=$only ;;
  esac
else
  args=$(for lab in "${labs[@]}"; do header "$lab" suites ""; done |
    tr ' ' '\n' | sed '/^$/d' | sort -u | tr '\n' ' ')
fi

# has_panic FILE: did the kernel panic?  (A test's own line may
# mention the word; a kernel panic is on a line of its own.)
has_panic() {
  grep -a -v '^test ' "$1" | grep -a -q -E '(^|[^a-z_])panic([^a-z_]|$)'
}

# run_guest: boot, run usertests, stop early if needed; sets $stopped
# to why the run ended early ("" if it ran to its end).
run_guest() {
  local img=build/fs-grade.img pid t0 now size last_size last_change
  local deadline ntests
  mkdir -p build
  cp fs.img "$img"
  echo "grade: booting Kite (CPUS=${CPUS:-3}) to run usertests -t $limit $args"
  echo "grade: each test may run $limit s; console log in $log"
  : > "$log"
  qemu-system-riscv64 -machine virt -bios default -kernel kernel/kernel \
    -m 128M -smp "${CPUS:-3}" -global virtio-mmio.force-legacy=false \
    -drive file="$img",if=none,format=raw,id=x0 \
    -device virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0 \
    -display none -monitor none -serial stdio \
    -append "run=/usertests -t $limit $args" < /dev/null > "$log" 2>&1 &
  pid=$!
  t0=$SECONDS
  deadline=$((t0 + BOOT_LIMIT))
  last_size=0
  last_change=$t0
  stopped=""
  while kill -0 "$pid" 2> /dev/null; do
    sleep 0.25
    now=$SECONDS
    if has_panic "$log"; then
      sleep 1 # let the rest of the panic reach the log
      stopped="the kernel panicked after $((now - t0)) s"
      break
    fi
    ntests=$(sed -n 's/^usertests: \([0-9]*\) tests, time limit.*/\1/p' "$log" |
      head -n 1)
    if [ -n "$ntests" ] && [ "$deadline" -eq $((t0 + BOOT_LIMIT)) ]; then
      deadline=$((now + ntests * (limit + 1) + BOOT_LIMIT))
    fi
    size=$(wc -c < "$log")
    if [ "$size" -ne "$last_size" ]; then
      last_size=$size
      last_change=$now
    elif [ $((now - last_change)) -gt $((limit + STALL_SLACK)) ]; then
      stopped="the guest printed nothing for $((now - last_change)) s (a test may run $limit s): the kernel is stuck"
      break
    fi
    if [ "$now" -ge "$deadline" ]; then
      stopped="the run passed its overall limit of $((deadline - t0)) s"
      break
    fi
  done
  kill -9 "$pid" 2> /dev/null
  wait "$pid" 2> /dev/null
  if [ -z "$stopped" ] && has_panic "$log"; then
    stopped="the kernel panicked (QEMU powered off)"
  elif [ -z "$stopped" ] && ! grep -a -q '^usertests: [0-9]* passed' "$log"; then
    stopped="QEMU exited before usertests finished"
  fi
  echo "grade: the run took $((SECONDS - t0)) s"
}

# context LINE: the console lines just before line LINE of the log,
# back to the previous test's result (at most CONTEXT of them).
context() {
  awk -v n="$1" -v max="$CONTEXT" '
    NR < n { buf[NR] = $0 }
    NR == n {
      for (i = n - 1; i >= 1 && i > n - 1 - max; i--) {
        if (buf[i] ~ /^test [a-z0-9_]+: / || buf[i] ~ /^[a-z_]+: [0-9]+ passed/ ||
            buf[i] ~ /^usertests: /)
          break
      }
      for (j = i + 1; j < n; j++) print buf[j]
      exit
    }' "$log" | tr -d '\r' | sed 's/^/      | /'
}

# score_test NAME POINTS: print the test's line; add to got.
score_test() {
  local name=$1 points=$2 ok fail line
  ok=$(grep -a -c "^test $name: OK" "$log")
  fail=$(grep -a -n "^test $name: FAILED" "$log" | head -n 1)
  if [ "$ok" -gt 0 ] && [ -z "$fail" ]; then
    got=$((got + points))
    echo "  $name: $points/$points"
    return
  fi
  echo "  $name: 0/$points"
  if [ -n "$fail" ]; then
    line=${fail%%:*}
    context "$line"
    echo "      ${fail#*:}" | tr -d '\r'
  elif [ -n "$stopped" ]; then
    echo "      not run: $stopped (see the end of the log below)"
  else
    echo "      no result for this test in $log"
  fi
}

stopped=""
if [ -z "$log" ]; then
  log=build/grade.log
  run_guest
elif [ ! -f "$log" ]; then
  echo "make grade: no log $log" >&2
  exit 2
fi

got_all=0
max_all=0
for lab in "${labs[@]}"; do
  got=0
  max=0
  while read -r name points _; do
    [ -n "$only" ] && [ "$name" != "$only" ] && continue
    max=$((max + points))
    score_test "$name" "$points"
  done < <(tests_of "$lab")
  echo "lab $lab: $got/$max"
  got_all=$((got_all + got))
  max_all=$((max_all + max))
done
if [ -n "$stopped" ]; then
  echo "grade: the run stopped early: $stopped; the last console lines:"
  tail -n 15 "$log" | tr -d '\r' | sed 's/^/   | /'
fi
echo "grade: $got_all/$max_all"
[ "$got_all" -eq "$max_all" ]
