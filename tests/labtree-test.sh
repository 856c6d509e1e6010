#!/usr/bin/env bash
# Check the lab machinery end to end: generate a lab tree for LAB
# (default exit) in build/labtree-LAB, build it, boot it, and grade it.
# The stubbed tree must build and boot and score below full marks.
# Prints "test labtree_LAB: OK" or "... FAILED why".
set -u
cd "$(dirname "$0")/.."
lab=${1:-exit}
dest=build/labtree-$lab
log=build/labtree-$lab.log
bash scripts/lab-tree.sh "$lab" "$dest" > "$log" 2>&1 || {
  echo "test labtree_$lab: FAILED lab-tree.sh (see $log)"; exit 1; }
make -C "$dest" all >> "$log" 2>&1 || {
  echo "test labtree_$lab: FAILED the lab tree does not build (see $log)"; exit 1; }
out=$(GRADE_TIMEOUT=600 bash "$dest/tests/grade.sh" "$lab" 2>&1)
status=$?
echo "$out" >> "$log"
score=$(echo "$out" | sed -n "s/^lab $lab: //p")
if ! grep -a -q "^kite: [0-9]* harts\? started" "$dest/build/grade.log"; then
  echo "test labtree_$lab: FAILED the lab tree did not boot (see $log)"
  exit 1
fi
if [ "$status" -eq 0 ] || [ -z "$score" ]; then
  echo "test labtree_$lab: FAILED expected less than full marks, got '$score'"
  exit 1
fi
echo "test labtree_$lab: OK (stubbed tree builds, boots, scores $score)"
