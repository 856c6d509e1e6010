#!/usr/bin/env bash
# make grade [LAB=name] [TEST=test]: score the labs from their tests.
#
#   tests/grade.sh [--log FILE] [--test NAME] [LAB...]
#
# Each lab has labs/LAB.grade: a "# suites: ..." line naming the guest
# suites its tests come from, then one "test_name points" line per
# graded test.
# Optional header lines:
#   # limit: SECONDS   the time limit of each test (default 15)
#   # start: POINTS    what the handed-out stub scores (default 0;
#                      tests/labtree-test.sh checks it)
#   # needs: LAB...    labs whose solutions this lab's tree keeps
#                      (scripts/lab-tree.sh; a last resort)
#
# Without --log the script boots Kite headless and runs usertests with
# a per-test time limit (usertests -t) on the graded tests of every lab
# asked for (or on the one --test names), as many per boot as init's
# boot arguments hold.  It watches the console and stops a boot at
# once on a kernel panic, when the guest prints nothing for longer than
# a test may run (the kernel is stuck), or past an overall limit worked
# out from the number of tests and their limit; the test that was
# running is charged with the reason, and the tests after it run in a
# fresh boot.  With --log it scores an existing console log (make
# test's).  Prints "name: points/max" per test and, for a failed test,
# its FAILED line and the console lines just before it; then a score
# per lab and in total.  Exits 0 only at full marks.
set -u
cd "$(dirname "$0")/.." || exit 2

DEFAULT_LIMIT=15 # seconds per test when the grade file sets none
BOOT_LIMIT=60    # seconds until usertests says how many tests it runs
STALL_SLACK=20   # silence beyond a test's limit that means "stuck"
LEAK_POLL=10     # seconds a failing leak check polls (tests/testlib.c)
MAX_NAMES=24     # names per boot: init passes at most MAXARG (32) words
INIT_ARGS=255    # characters of boot arguments init reads (user/init.c)
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

# What usertests runs: the graded tests, each followed by its suite's
# leak check (usertests runs a named test that way), so a leak is
# charged right after the test that made it.  A graded SUITE_leaks is
# that check: it needs no run of its own unless no graded test of the
# suite runs, and then the whole suite runs.
names=()
for lab in "${labs[@]}"; do
  while read -r name _; do
    [ -n "$only" ] && [ "$name" != "$only" ] && continue
    names+=("$name")
  done < <(tests_of "$lab")
done
args=""
for name in "${names[@]}"; do
  case "$name" in *_leaks) continue ;; esac
  case " $args " in *" $name "*) ;; *) args="$args $name" ;; esac
done
for name in "${names[@]}"; do
  case "$name" in *_leaks) ;; *) continue ;; esac
  suite=${name%_leaks}
  case " $args " in *" ${suite}_"*) ;; *) args="$args $suite" ;; esac
done
args=${args# }

# has_panic FILE: did the kernel panic?  (A test's own line may
# mention the word; a kernel panic is on a line of its own.)
has_panic() {
  grep -a -v '^test ' "$1" | grep -a -q -E '(^|[^a-z_])panic([^a-z_]|$)'
}

# run_guest BOOTLOG NAME...: boot, run usertests on the names, stop
# early if needed; sets $stopped to why the boot ended early ("" if
# usertests ran to its end).
run_guest() {
  local blog=$1 img=build/fs-grade.img pid t0 now size last_size
  local last_change deadline ntests
  shift
  cp fs.img "$img"
  echo "grade: boot $boot: usertests -t $limit $*"
  : > "$blog"
  qemu-system-riscv64 -machine virt -bios default -kernel kernel/kernel \
    -m 128M -smp "${CPUS:-3}" -global virtio-mmio.force-legacy=false \
    -drive file="$img",if=none,format=raw,id=x0 \
    -device virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0 \
    -display none -monitor none -serial stdio \
    -append "run=/usertests -t $limit $*" < /dev/null > "$blog" 2>&1 &
  pid=$!
  t0=$SECONDS
  deadline=$((t0 + BOOT_LIMIT))
  last_size=0
  last_change=$t0
  stopped=""
  while kill -0 "$pid" 2> /dev/null; do
    sleep 0.25
    now=$SECONDS
    if has_panic "$blog"; then
      sleep 1 # let the rest of the panic reach the log
      stopped="the kernel panicked"
      break
    fi
    ntests=$(sed -n 's/^usertests: \([0-9]*\) tests, time limit.*/\1/p' "$blog" |
      head -n 1)
    if [ -n "$ntests" ] && [ "$deadline" -eq $((t0 + BOOT_LIMIT)) ]; then
      deadline=$((now + ntests * (limit + LEAK_POLL + 1) + BOOT_LIMIT))
    fi
    size=$(wc -c < "$blog")
    if [ "$size" -ne "$last_size" ]; then
      last_size=$size
      last_change=$now
    elif [ $((now - last_change)) -gt $((limit + STALL_SLACK)) ]; then
      stopped="the guest printed nothing for $((now - last_change)) s (a test may run $limit s): the kernel is stuck, or the test runner never gets the CPU (a scheduler that starves it)"
      break
    fi
    if [ "$now" -ge "$deadline" ]; then
      stopped="the run passed its overall limit of $((deadline - t0)) s"
      break
    fi
  done
  kill -9 "$pid" 2> /dev/null
  wait "$pid" 2> /dev/null
  if [ -z "$stopped" ] && has_panic "$blog"; then
    stopped="the kernel panicked (and powered off)"
  elif [ -z "$stopped" ] && ! grep -a -q '^usertests: [0-9]* passed' "$blog"; then
    stopped="QEMU exited before usertests finished"
  fi
  echo "grade: boot $boot took $((SECONDS - t0)) s${stopped:+: $stopped}"
}

# has_result BOOTLOG NAME: did the boot print NAME's result (a test's
# line, or a whole suite's summary)?
has_result() {
  grep -a -q -E "^test $2: |^$2: [0-9]+ passed" "$1"
}

# last_lines BOOTLOG: the console after the last result line (the
# running test's output, a panic and its backtrace), at most 20 lines.
last_lines() {
  tr -d '\r' < "$1" | awk '
    /^test [a-z0-9_]+: |^usertests: |^[a-z_]+: [0-9]+ passed/ { n = 0; next }
    { line[++n] = $0 }
    END { for (i = (n > 20 ? n - 19 : 1); i <= n; i++) print line[i] }'
}

# run_all: run every name of $args, as many per boot as init's boot
# arguments hold.  When a boot
# stops early, the test it was running is charged with why, and the
# tests after it run again in a fresh boot.
run_all() {
  local pending rest batch chars n culprit blog
  local max_chars=$((INIT_ARGS - ${#limit} - 20)) # "run=/usertests -t N "
  read -r -a pending <<< "$args"
  : > "$log"
  rm -f build/grade-stop-*.txt
  boot=0
  while [ ${#pending[@]} -gt 0 ]; do
    batch=()
    chars=0
    while [ ${#pending[@]} -gt 0 ] && [ ${#batch[@]} -lt $MAX_NAMES ] &&
      { [ ${#batch[@]} -eq 0 ] || [ $((chars + ${#pending[0]} + 1)) -le $max_chars ]; }; do
      batch+=("${pending[0]}")
      chars=$((chars + ${#pending[0]} + 1))
      pending=("${pending[@]:1}")
    done
    boot=$((boot + 1))
    blog=build/grade-boot$boot.log
    run_guest "$blog" "${batch[@]}"
    cat "$blog" >> "$log"
    if grep -a -q '^usertests: no suite or test named' "$blog"; then
      grep -a '^usertests: no suite' "$blog" | tr -d '\r' | sed 's/^/grade: /'
      echo "make grade: labs/*.grade names a test this tree does not have" >&2
      exit 2
    fi
    [ -n "$stopped" ] || continue
    culprit=""
    rest=()
    for n in "${batch[@]}"; do
      if [ -n "$culprit" ]; then
        rest+=("$n")
      elif ! has_result "$blog" "$n"; then
        culprit=$n
        echo "$stopped" > "build/grade-stop-$n.txt"
        last_lines "$blog" >> "build/grade-stop-$n.txt"
      fi
    done
    if [ -z "$culprit" ]; then
      echo "$stopped" > build/grade-stop-.txt
      last_lines "$blog" >> build/grade-stop-.txt
    fi
    pending=("${rest[@]}" "${pending[@]}")
  done
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

# leak_after NAME: the FAILED line ("N:test SUITE_leaks: FAILED ...")
# of the leak check that ran right after test NAME passed, if it failed.
leak_after() {
  awk -v t="test $1: OK" '
    index($0, t) == 1 { seen = 1; next }
    seen && /^test [a-z0-9_]+_leaks: / {
      if ($0 ~ /: FAILED/) print NR ":" $0
      exit
    }
    seen && /^test / { exit }' "$log" | tr -d '\r'
}

# score_test NAME POINTS: print the test's line; add to got.  A test
# whose leak check failed scores 0: the leak is charged to it.
score_test() {
  local name=$1 points=$2 ok fail line f
  ok=$(grep -a -c "^test $name: OK" "$log")
  fail=$(grep -a -n "^test $name: FAILED" "$log" | head -n 1)
  case "$name" in *_leaks) ;; *) [ -z "$fail" ] && fail=$(leak_after "$name") ;; esac
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
  elif [ -f "build/grade-stop-$name.txt" ] ||
    [ -f "build/grade-stop-${name%_leaks}.txt" ]; then
    f=build/grade-stop-$name.txt
    [ -f "$f" ] || f=build/grade-stop-${name%_leaks}.txt
    echo "      the run stopped during this test: $(head -n 1 "$f"); the last console lines:"
    tail -n +2 "$f" | sed 's/^/      | /'
  else
    echo "      no result for this test in $log"
  fi
}

if [ -z "$log" ]; then
  log=build/grade.log
  mkdir -p build
  t_all=$SECONDS
  echo "grade: each test may run $limit s; console in $log"
  run_all
  echo "grade: ran in $((SECONDS - t_all)) s"
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
if [ -f build/grade-stop-.txt ] && [ "$log" = build/grade.log ]; then
  echo "grade: a run stopped early: $(head -n 1 build/grade-stop-.txt); the last console lines:"
  tail -n +2 build/grade-stop-.txt | sed 's/^/   | /'
fi
echo "grade: $got_all/$max_all"
[ "$got_all" -eq "$max_all" ]
