#!/usr/bin/env bash
# Check the lab machinery end to end.
#
#   tests/labtree-test.sh            the refusal checks and one lab, in
#                                    rotation by the day of the year
#                                    (make test)
#   tests/labtree-test.sh --all      the refusal checks and every lab
#                                    (make labcheck)
#   tests/labtree-test.sh LAB...     the refusal checks and those labs
#
# Refusals (no build): make lab-tree refuses the source tree, a DEST
# inside it or reached through a symlink, a non-empty DEST, and deletes
# nothing; SOLVED keeps a lab's solution and only that one.
# For each lab, in a fresh directory outside the tree: the generated
# tree is a git repository with one clean commit, holds only that
# lab's handout, no region marker and no line of any lab's solution;
# it builds, boots and scores its documented starting score ("# start:
# N" in labs/LAB.grade, default 0); and with the lab's own solution put
# back (SOLVED=LAB, the other labs still stubbed) it scores full marks,
# so the lab can be solved in the tree a student gets.
# Prints "test labtree_...: OK" or "... FAILED why" per check and ends
# with "labtree: N passed, N failed".  Logs in build/labtree-*.log.
set -u
cd "$(dirname "$0")/.." || exit 2
src=$(pwd -P)
mkdir -p build
passed=0
failed=0
TMPROOT=$(mktemp -d "${TMPDIR:-/tmp}/kite-labtree.XXXXXX")
keep_tmp=0
trap '[ "$keep_tmp" -eq 1 ] || rm -rf "$TMPROOT"' EXIT

ok() {
  echo "test labtree_$1: OK${2:+ ($2)}"
  passed=$((passed + 1))
}
bad() {
  echo "test labtree_$1: FAILED $2"
  failed=$((failed + 1))
}

all_labs() {
  for f in labs/*.grade; do basename "$f" .grade; done
}

# The labs whose solutions LAB's tree keeps ("# needs:" in its file).
needs_of() {
  sed -n 's/^# needs: *//p' "labs/$1.grade" | head -n 1
}

# --- solution text ----------------------------------------------------
# distinctive LAB: the (trimmed) lines of LAB's solutions that appear
# nowhere else in the sources, stubs included: the text that must not
# ship in a tree where LAB is stubbed.
distinctive() {
  git ls-files -z -- kernel user tests mkfs | xargs -0 awk -v lab="$1" '
    /^[ \t]*\/\* LAB [a-z0-9_]+: BEGIN \*\/[ \t]*$/ {
      n = $0; sub(/^[ \t]*\/\* LAB /, "", n); sub(/: BEGIN.*/, "", n)
      st = 1; next
    }
    st == 1 && /^[ \t]*\/\* LAB [a-z0-9_]+: STUB[ \t]*$/ { st = 2; next }
    st == 2 && /^[ \t]*LAB [a-z0-9_]+: END \*\/[ \t]*$/ { st = 0; next }
    { t = $0; gsub(/^[ \t]+|[ \t]+$/, "", t) }
    st == 1 { if (n == lab && length(t) >= 10 && t ~ /[a-z]/) sol[t] = 1; next }
    { out[t] = 1 }
    END { for (t in sol) if (!(t in out)) print t }'
}

# found LINES DIR: the files of DIR (not .git, not doc/) holding a
# line of LINES, as "file: line".
found() {
  (cd "$2" && find . -path ./.git -prune -o -path ./doc -prune -o -type f -print0 |
    xargs -0 awk -v list="$1" '
      BEGIN { while ((getline l < list) > 0) want[l] = 1 }
      { t = $0; gsub(/^[ \t]+|[ \t]+$/, "", t) }
      t in want { print FILENAME ": " t }')
}

for l in $(all_labs); do
  distinctive "$l" > "$TMPROOT/sol-$l"
done

# --- refusals ---------------------------------------------------------
# state: what must not change when lab-tree refuses.
state() {
  (git rev-parse HEAD; git status --porcelain; ls -A) 2> /dev/null | cksum
}

# refused NAME DEST: lab-tree must fail, say "make lab-tree", and
# leave the source tree as it was.
refused() {
  local name=$1 before out
  shift
  before=$(state)
  if out=$(bash scripts/lab-tree.sh "$@" 2>&1); then
    bad "$name" "lab-tree accepted: $*"
  elif ! echo "$out" | grep -q 'make lab-tree'; then
    bad "$name" "the message does not name make lab-tree: $out"
  elif [ "$(state)" != "$before" ] || [ ! -e .git ]; then
    bad "$name" "the source tree changed"
  else
    ok "$name" "$(echo "$out" | head -n 1)"
  fi
}

refusals() {
  local lab=$1 t=$TMPROOT/refuse
  mkdir -p "$t/full"
  echo keep > "$t/full/precious"
  ln -s "$src" "$t/link"
  refused refuses_no_args
  refused refuses_unknown_lab no_such_lab "$t/new"
  refused refuses_source_tree "$lab" "$src"
  refused refuses_source_tree_via_symlink "$lab" "$t/link"
  refused refuses_dest_inside_tree "$lab" "$src/build/labtree-inside"
  if [ -e "$src/build/labtree-inside" ]; then
    bad refuses_dest_inside_tree "it created $src/build/labtree-inside"
  fi
  refused refuses_nonempty_dest "$lab" "$t/full"
  if [ "$(ls -A "$t/full")" != precious ] ||
    [ "$(cat "$t/full/precious")" != keep ]; then
    bad refuses_nonempty_dest "the non-empty DEST was changed"
  fi
}

# solved_keeps LAB OTHER: SOLVED=OTHER keeps OTHER's solution text,
# stubs LAB's (no build).
solved_keeps() {
  local lab=$1 other=$2 d=$TMPROOT/solved
  if ! SOLVED=$other bash scripts/lab-tree.sh "$lab" "$d" > /dev/null 2>&1; then
    bad solved_keeps "lab-tree LAB=$lab SOLVED=$other failed"
    return
  fi
  local want have leaks
  want=$(wc -l < "$TMPROOT/sol-$other")
  have=$(found "$TMPROOT/sol-$other" "$d" | sed 's/^[^:]*: //' | sort -u | wc -l)
  leaks=$(found "$TMPROOT/sol-$lab" "$d" | head -n 3)
  if [ "$want" -eq 0 ] || [ "$have" -ne "$want" ]; then
    bad solved_keeps "SOLVED=$other: $have of $want of its solution lines kept"
  elif [ -n "$leaks" ]; then
    bad solved_keeps "SOLVED=$other: lab $lab's solution shipped: $leaks"
  else
    ok solved_keeps "LAB=$lab SOLVED=$other: $want lines of $other kept, none of $lab"
  fi
  rm -rf "$d"
}

# --- one lab ----------------------------------------------------------
# static_checks LAB DIR: the generated tree's shape; prints why not.
static_checks() {
  local lab=$1 d=$2 l hits
  [ "$(git -C "$d" rev-list --count HEAD 2> /dev/null)" = 1 ] ||
    { echo "not a git repository with one commit"; return; }
  [ -z "$(git -C "$d" status --porcelain)" ] ||
    { echo "uncommitted files in the new tree"; return; }
  git -C "$d" rev-parse -q --verify refs/tags/handout > /dev/null ||
    { echo "no tag 'handout'"; return; }
  [ "$(cd "$d/labs" && ls | tr '\n' ' ')" = "README.md $lab.grade $lab.md " ] ||
    { echo "labs/ holds $(cd "$d/labs" && ls | tr '\n' ' ')"; return; }
  hits=$(cd "$d" && grep -rnE '^[[:space:]]*(/\* |<!-- )?LAB [a-z0-9_]+: (BEGIN|STUB|END)' \
    kernel user tests mkfs doc | head -n 3)
  [ -z "$hits" ] || { echo "markers left: $hits"; return; }
  for l in $(all_labs); do
    case " $(needs_of "$lab") " in *" $l "*) continue ;; esac
    [ -s "$TMPROOT/sol-$l" ] ||
      { echo "lab $l has no solution line to look for"; return; }
    hits=$(found "$TMPROOT/sol-$l" "$d" | head -n 3)
    [ -z "$hits" ] || { echo "lab $l's solution ships: $hits"; return; }
  done
}

# grade_in DIR LAB: build DIR and grade LAB there; prints "got/max".
grade_in() {
  make -C "$1" -j2 -s all >> "$log" 2>&1 || { echo "build-failed"; return; }
  (cd "$1" && bash tests/grade.sh "$2") >> "$log" 2>&1
  if ! grep -a -q '^usertests: [0-9]* passed' "$1/build/grade.log"; then
    echo "no-run"
    return
  fi
  sed -n "s/^lab $2: //p" "$log" | tail -n 1
}

check_lab() {
  local lab=$1 d=$TMPROOT/$1 why score max start t0=$SECONDS
  log=build/labtree-$lab.log
  : > "$log"
  if ! bash scripts/lab-tree.sh "$lab" "$d" >> "$log" 2>&1; then
    bad "$lab" "make lab-tree failed (see $log)"
    return
  fi
  why=$(static_checks "$lab" "$d")
  if [ -n "$why" ]; then
    bad "$lab" "$why"
    return
  fi
  start=$(sed -n 's/^# start: *//p' "labs/$lab.grade" | head -n 1)
  start=${start:-0}
  score=$(grade_in "$d" "$lab")
  case "$score" in
    build-failed) bad "$lab" "the stubbed tree does not build (see $log)"; return ;;
    no-run) bad "$lab" "the stubbed tree did not run its tests (see $log)"; return ;;
  esac
  if [ "${score%/*}" != "$start" ]; then
    bad "$lab" "the stubbed tree scores $score, not its starting score $start (see $log)"
    return
  fi
  # Put the lab's own solution back, the other labs still stubbed.
  local s=$TMPROOT/$lab-solved f
  SOLVED=$lab bash scripts/lab-tree.sh "$lab" "$s" >> "$log" 2>&1
  for f in $(diff -rq -x .git -x build "$d" "$s" |
    sed -n "s|^Files $d/\(.*\) and .* differ\$|\1|p"); do
    cp "$s/$f" "$d/$f"
  done
  max=$(awk '!/^[[:space:]]*(#|$)/ { s += $2 } END { print s + 0 }' "labs/$lab.grade")
  score=$(grade_in "$d" "$lab")
  if [ "$score" != "$max/$max" ]; then
    bad "$lab" "solved in its own tree it scores $score, not $max/$max (see $log)"
    return
  fi
  ok "$lab" "stubbed $start/$max, solved $max/$max, in $((SECONDS - t0)) s"
  rm -rf "$d" "$s"
}

labs=()
case "${1:-}" in
  --all) mapfile -t labs < <(all_labs) ;;
  "")
    mapfile -t list < <(all_labs)
    day=$(date +%j)
    labs=("${list[$((10#$day % ${#list[@]}))]}")
    ;;
  *) labs=("$@") ;;
esac

refusals "${labs[0]}"
mapfile -t others < <(all_labs | grep -v -x "${labs[0]}")
solved_keeps "${labs[0]}" "${others[0]}"
for lab in "${labs[@]}"; do
  check_lab "$lab"
done
echo "labtree: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
