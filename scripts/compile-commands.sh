#!/bin/sh
# Write compile_commands.json (for clangd and editors) on stdout: one
# entry per C and assembly file, with the command the Makefile runs.
#   scripts/compile-commands.sh "CC" "KERNEL-CFLAGS" "USER-CFLAGS"
cc=$1
kflags=$2
uflags=$3
dir=$(pwd)
sep=""
echo "["
for f in kernel/*.c kernel/*.S user/*.c user/*.S tests/*.c; do
    [ -e "$f" ] || continue
    case $f in
    user/*) flags=$uflags ;;
    *) flags=$kflags ;;
    esac
    printf '%s  {"directory": "%s", "file": "%s",\n' "$sep" "$dir" "$f"
    printf '   "command": "%s %s -c -o %s %s"}' "$cc" "$flags" "${f%.*}.o" "$f"
    sep=",
"
done
echo
echo "]"
