#!/usr/bin/env bash
# make lab-tree LAB=name DEST=dir [SOLVED="lab ..."]
#
# Write the tree a teacher hands out for lab NAME to DEST: a copy of
# Kite with the solution of EVERY lab replaced by its stub (so no
# answer ships), except the labs listed in SOLVED, whose solutions are
# kept (for a course where one lab builds on another; SOLVED=NAME itself
# gives the teacher a reference tree of the lab as solved).  In the sources
# a region reads:
#
#     /* LAB name: BEGIN */
#     ...the solution...
#     /* LAB name: STUB
#     ...the stub, put in place of the solution...
#        LAB name: END */
#
# so the normal build compiles the solution and sees the stub as a
# comment: the markers cost nothing at run time.  The tree keeps no
# marker, only labs/README.md and lab NAME's handout and grade file,
# and is a git repository with one commit (tagged "handout"), so the
# student's work is the diff from it.
#
# DEST must be a new or empty directory outside this tree: anything
# else is refused, and nothing is ever deleted.
set -eu
lab=${1:-}
dest=${2:-}
solved=${SOLVED:-}
real=""
[ -z "$dest" ] || real=$(realpath -m -- "$dest") # relative to the caller
cd "$(dirname "$0")/.." || exit 2
src=$(pwd -P)

fail() {
  echo "make lab-tree: $*" >&2
  exit 2
}

all_labs() {
  for f in labs/*.md; do
    [ "$f" = labs/README.md ] || basename "$f" .md
  done
}

if [ -z "$lab" ] || [ -z "$dest" ]; then
  echo "usage: make lab-tree LAB=name DEST=dir [SOLVED=\"lab ...\"]" >&2
  echo "labs: $(all_labs | tr '\n' ' ')" >&2
  exit 2
fi
[ -f "labs/$lab.md" ] && [ -f "labs/$lab.grade" ] ||
  fail "no lab '$lab' (labs: $(all_labs | tr '\n' ' '))"
for s in $solved; do
  [ -f "labs/$s.md" ] || fail "SOLVED names no lab '$s'"
done
# A lab whose tests cannot pass without another lab's code says so in
# its grade file ("# needs: exit"): those solutions ship with it.
needs=$(sed -n 's/^# needs: *//p' "labs/$lab.grade" | head -n 1)
for s in $needs; do
  [ -f "labs/$s.md" ] || fail "labs/$lab.grade needs no lab '$s'"
  case " $solved " in *" $s "*) ;; *) solved="$solved $s" ;; esac
done
solved=$(echo $solved)

# --- where the tree goes: never here, never over anything ---------------
case "$real/" in
  "$src"/*) fail "DEST=$dest is this Kite tree or inside it ($real);" \
    "choose a directory outside $src" ;;
esac
if [ -e "$real" ] || [ -L "$dest" ]; then
  [ -d "$real" ] || fail "DEST=$dest exists and is not a directory"
  [ -z "$(ls -A -- "$real")" ] ||
    fail "DEST=$dest exists and is not empty; give a new or empty directory"
fi

# --- the regions ----------------------------------------------------------
# Regions may be in any file under kernel/, user/, tests/ or mkfs/.
# The files of the tree (NUL-separated): what git tracks or would
# track, or, outside git, all but build/, .git and what .gitignore names.
tree_files() {
  if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    git ls-files -z -co --exclude-standard |
      while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done
  else
    tar --exclude=./build --exclude=./.git --exclude-vcs-ignores -cf - . |
      tar -tf - | grep -v '/$' | sed 's|^\./||' | tr '\n' '\0'
  fi
}
mapfile -d '' FILES < <(tree_files)

# A BEGIN marker: in C a comment line, in the handbook (doc/*.md) an
# HTML comment, which Markdown does not show:
#     <!-- LAB name: BEGIN -->
#     ...the passage that gives the solution away...
#     <!-- LAB name: STUB
#     ...what a lab tree's handbook says instead...
#          LAB name: END -->
BEGIN_RE='^[[:space:]]*(/\*|<!--) LAB [a-z0-9_]+: BEGIN (\*/|-->)[[:space:]]*$'

# The files of the tree with at least one BEGIN marker.
region_files() {
  local f
  for f in "${FILES[@]}"; do
    case "$f" in kernel/* | user/* | tests/* | mkfs/* | doc/*) ;; *) continue ;; esac
    grep -qE "$BEGIN_RE" "$f" && echo "$f"
  done
  return 0
}

# strip_regions SOLVED < file > file: the awk that does the work.  Every
# region becomes its stub, or its solution when its lab is in SOLVED;
# markers go.  Malformed regions: message on stderr, exit 1.
strip_regions() {
  awk -v solved=" $1 " -v file="$2" '
    function bad(why) { printf "%s:%d: %s\n", file, NR, why > "/dev/stderr"; err = 1; exit 1 }
    match($0, /^[ \t]*(\/\*|<!--) LAB [a-z0-9_]+: BEGIN (\*\/|-->)[ \t]*$/) {
      if (state) bad("BEGIN inside the region of lab " name)
      name = $0; sub(/^[ \t]*(\/\*|<!--) LAB /, "", name); sub(/: BEGIN.*/, "", name)
      keep = index(solved, " " name " ") > 0
      state = 1; next
    }
    state == 1 && $0 ~ ("^[ \t]*(/\\*|<!--) LAB " name ": STUB[ \t]*$") { state = 2; next }
    state == 2 && $0 ~ ("^[ \t]*LAB " name ": END (\\*/|-->)[ \t]*$") { state = 0; next }
    /LAB [a-z0-9_]+: (BEGIN|STUB|END)/ && $0 ~ /^[ \t]*(\/\* |<!-- )?LAB / {
      bad("unexpected marker (inside lab " (state ? name : "none") ")")
    }
    state == 1 { if (keep) print; next }
    state == 2 { if (!keep) print; next }
    { print }
    END {
      if (!err && state) {
        printf "%s: the region of lab %s is not closed\n", file, name > "/dev/stderr"
        exit 1
      }
    }
  '
}

# Check every region before writing anything.
REGION_FILES=$(region_files)
for f in $REGION_FILES; do
  strip_regions "" "$f" < "$f" > /dev/null ||
    fail "$f: malformed LAB region (see above); nothing written"
done

# --- copy -----------------------------------------------------------------
mkdir -p -- "$real"
printf '%s\0' "${FILES[@]}" | tar --null -cf - -T - | tar -xf - -C "$real"
cd "$real"

# Handouts: this lab's and the general README only.
for other in $(cd "$src" && all_labs); do
  [ "$other" = "$lab" ] || rm -f "labs/$other.md" "labs/$other.grade"
done

stubbed=0
kept=0
files=0
for f in $REGION_FILES; do
  strip_regions "$solved" "$f" < "$src/$f" > "$f"
  n=$(grep -cE "$BEGIN_RE" "$src/$f")
  k=0
  for s in $solved; do
    k=$((k + $(grep -cE "^[[:space:]]*(/\\*|<!--) LAB $s: BEGIN (\\*/|-->)" "$src/$f" || true)))
  done
  stubbed=$((stubbed + n - k))
  kept=$((kept + k))
  files=$((files + 1))
done

# --- one commit -----------------------------------------------------------
git init -q .
git config user.name > /dev/null || git config user.name "Kite lab-tree"
git config user.email > /dev/null || git config user.email "lab-tree@kite.invalid"
git add -A
git commit -q -m "Kite lab $lab: the handed-out tree${solved:+ (solved: $solved)}"
git tag handout

echo "make lab-tree: wrote lab '$lab' to $real"
echo "  $stubbed region(s) stubbed and $kept kept (SOLVED=\"$solved\") in $files file(s)"
[ -z "$needs" ] ||
  echo "  note: labs/$lab.grade needs lab(s) $needs, so their solutions ship in this tree"
echo "  handout labs/$lab.md; a git repository with one commit, tagged 'handout'"
echo "  student: cd $real && make && make grade; then make handin"
