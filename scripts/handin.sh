#!/usr/bin/env bash
# make handin: pack a student's work on a lab tree into one file.
#
# Run at the top of a tree made by `make lab-tree` (one lab in labs/,
# a git repository whose first commit is the handed-out tree, tagged
# "handout").  Writes handin-LAB.tar.gz holding
#   LAB.bundle        a git bundle of the whole history: the handed-out
#                     commit and every commit of the student after it
#   answers-LAB.txt   the answers to the handout's questions
# Refuses when a change is not committed or answers-LAB.txt is missing
# or not committed: what is handed in is exactly what git holds.
set -eu
cd "$(dirname "$0")/.."

fail() {
  echo "make handin: $*" >&2
  exit 2
}

[ "$(git rev-parse --show-toplevel 2> /dev/null)" = "$(pwd -P)" ] ||
  fail "this tree is not a git repository; run make handin in a tree made by make lab-tree"
grades=(labs/*.grade)
[ ${#grades[@]} -eq 1 ] && [ -f "${grades[0]}" ] ||
  fail "this tree has ${#grades[@]} labs; run make handin in a tree made by make lab-tree"
lab=$(basename "${grades[0]}" .grade)
answers=answers-$lab.txt

if git rev-parse -q --verify refs/tags/handout > /dev/null; then
  base=handout
else
  base=$(git rev-list --max-parents=0 HEAD | tail -n 1)
fi

[ -s "$answers" ] ||
  fail "$answers is missing or empty: answer the questions of labs/$lab.md in it, then commit it"
git ls-files --error-unmatch "$answers" > /dev/null 2>&1 ||
  fail "$answers is not committed: git add $answers && git commit"
dirty=$(git status --porcelain)
if [ -n "$dirty" ]; then
  echo "make handin: these changes are not committed:" >&2
  echo "$dirty" | head -n 10 | sed 's/^/   /' >&2
  fail "commit them (git add -A && git commit) or undo them, then run make handin again"
fi

out=handin-$lab.tar.gz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git bundle create -q "$tmp/$lab.bundle" HEAD --branches --tags 2> /dev/null ||
  git bundle create "$tmp/$lab.bundle" HEAD --branches --tags
cp "$answers" "$tmp/$answers"
tar -czf "$out" -C "$tmp" "$lab.bundle" "$answers"

commits=$(git rev-list --count "$base..HEAD")
echo "make handin: wrote $out ($(wc -c < "$out") bytes)"
echo "  $commits commit(s) since the handed-out tree; changed:"
git diff --stat "$base" HEAD | sed 's/^/   /'
if git diff --name-only "$base" HEAD | grep -q -E '^(tests|labs|scripts)/|^Makefile$'; then
  echo "  note: you changed the tests, the labs or the build; your teacher"
  echo "  grades with the handed-out ones"
fi
echo "  hand in $out"
