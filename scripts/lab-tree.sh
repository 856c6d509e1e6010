#!/usr/bin/env bash
# make lab-tree LAB=name DEST=dir
# Copy the Kite tree to DEST with the solution regions of lab NAME
# replaced by their stubs.  In the sources a region reads:
#
#     /* LAB name: BEGIN */
#     ...the solution...
#     /* LAB name: STUB
#     ...the stub, put in place of the solution...
#        LAB name: END */
#
# so the normal build compiles the solution and sees the stub as a
# comment: the markers cost nothing at run time.
set -eu
lab=${1:?usage: lab-tree.sh LAB DEST}
dest=${2:?usage: lab-tree.sh LAB DEST}
cd "$(dirname "$0")/.."
[ -f "labs/$lab.md" ] || { echo "lab-tree: no lab '$lab' (see labs/)"; exit 2; }
rm -rf "$dest"
mkdir -p "$dest"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -co --exclude-standard | tar -cf - -T - | tar -xf - -C "$dest"
else
  tar --exclude=./build --exclude=./.git -cf - . | tar -xf - -C "$dest"
fi
count=0
for f in $(grep -rl "LAB $lab: BEGIN" kernel user 2>/dev/null); do
  awk -v lab="$lab" '
    index($0, "/* LAB " lab ": BEGIN */") { state = 1; next }
    state == 1 && index($0, "/* LAB " lab ": STUB") { state = 2; next }
    state == 1 { next }
    state == 2 && index($0, "LAB " lab ": END */") { state = 0; next }
    { print }
  ' "$f" > "$dest/$f"
  count=$((count + 1))
done
echo "lab-tree: $dest has lab '$lab' stubbed out in $count file(s)"
