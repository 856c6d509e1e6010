#!/usr/bin/env bash
# `make profile`, checked (part of make test): the single-step profile of
# the null system call (scripts/profile.sh, scripts/kite-prof.py) must
#   total    agree with make bench's -icount figure for null (within 2%:
#            the benchmark also counts its share of timer ticks);
#   path     charge instructions to every stage of the trap path:
#            uservec, usertrap, syscall, sys_getpid, usertrapret,
#            userret, and the user stub raw_getpid;
#   sum      have rows that add up to the total;
#   doc      print exactly the table doc/performance.md shows under
#            <!-- profile-check --> (the same command; after a change to
#            the trap path, copy build/profile-test.log's table there);
#   badcase  refuse a case it does not know, with status 2;
#   benchdoc the "Kite now" column of doc/performance.md's table is what
#            make bench prints today, each case within 1% (after a
#            change that moves one more, copy build/bench.txt there).
# Prints "test profile_NAME: OK|FAILED ..." per check, then
# "profile: N passed, N failed"; exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.."
pass=0
fail=0
check() { # name condition why
  if eval "$2"; then
    echo "test profile_$1: OK"
    pass=$((pass + 1))
  else
    echo "test profile_$1: FAILED $3"
    fail=$((fail + 1))
  fi
}

# make bench's figures (one -icount boot of the same kernel)
bash tests/run-bench.sh > build/profile-test-bench.log 2>&1
bench=$(awk '$1 == "null" && $2 == 100000 { print $3 }' \
  build/profile-test-bench.log)

PROFILE_LIMIT=300 bash scripts/profile.sh null 10 > build/profile-test.log 2>&1
total=$(sed -nE 's/.* instructions: ([0-9]+) per operation/\1/p' \
  build/profile-test.log)
echo "   make bench: null ${bench:-?}; make profile: ${total:-?} per operation"
check total "[ -n '$bench' ] && [ -n '$total' ] &&
  [ \$(( (total - bench) * 100 / bench )) -le 2 ] &&
  [ \$(( (bench - total) * 100 / bench )) -le 2 ]" \
  "(bench ${bench:-none}, profile ${total:-none}; build/profile-test.log)"

missing=""
for f in uservec usertrap syscall sys_getpid usertrapret userret \
  user:raw_getpid; do
  grep -qE "%  $f\$" build/profile-test.log || missing="$missing $f"
done
check path "[ -z '$missing' ]" "(no row for:$missing)"

sum=$(awk '/%  / { s += $1 } END { printf "%d", s + 0.5 }' \
  build/profile-test.log)
check sum "[ -n '$total' ] && [ '$sum' -ge \$((total - 1)) ] &&
  [ '$sum' -le \$((total + 1)) ]" "(rows add up to $sum, total ${total:-none})"

# the handbook's block: the lines after its "$ make profile" line
doc=$(awk '/<!-- profile-check -->/ { on = 1; next }
  on && /^\$ make profile/ { body = 1; next }
  body && /^```/ { exit }
  body && !/^profile: / { print }' doc/performance.md)
got=$(grep -v '^profile: ' build/profile-test.log)
check doc "[ -n \"\$doc\" ] && [ \"\$doc\" = \"\$got\" ]" \
  "(doc/performance.md's make profile block differs from build/profile-test.log)"

# the handbook's table: "case" rows, the last column (bold, commas)
doc_table=$(awk '/^\| case \| what one operation is/ { on = 1; next }
  on && /^\|---/ { next }
  on && /^\|/ { n = split($0, c, "|"); v = c[n - 1]; k = c[2]
    gsub(/[ *,]/, "", v); gsub(/ /, "", k); print k, v; next }
  on { exit }' doc/performance.md)
measured=$(awk 'NF == 3 && $2 ~ /^[0-9]+$/ { print $1, $3 }' \
  build/profile-test-bench.log)
# every case of the table measured, each within 1%
benchdoc_ok() {
  [ -n "$doc_table" ] && awk -v m="$measured" '
    BEGIN { n = split(m, l, "\n"); for (i = 1; i <= n; i++) {
              split(l[i], f, " "); got[f[1]] = f[2] } }
    { if (!($1 in got)) bad = bad " " $1 "(not measured)"
      else if ((got[$1] - $2) * 100 > $2 || ($2 - got[$1]) * 100 > $2)
        bad = bad " " $1 "(doc " $2 ", now " got[$1] ")" }
    END { if (bad != "") { print bad; exit 1 } }' <<< "$doc_table"
}
why=$(benchdoc_ok)
check benchdoc "[ \$? -eq 0 ] && benchdoc_ok > /dev/null" \
  "(doc/performance.md's table is off by more than 1%:$why)"

bash scripts/profile.sh nosuchcase > /dev/null 2>&1
status=$?
check badcase "[ $status -eq 2 ]" "(status $status)"

echo "profile: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
