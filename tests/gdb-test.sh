#!/usr/bin/env bash
# The scripted GDB check of `make test`: the handbook's GDB sessions, the
# trap path, and the kite-* helpers, against the code as built.
#
# $GDB (gdb-multiarch) -batch runs tests/gdbcheck.py (its opening comment
# has the details), which boots Kite halted under QEMU's GDB stub several
# times, headless, with the guest console on a socket it reads and types
# into, and checks:
#
#   doc_*      every GDB transcript of doc/debugging.md and README.md,
#              replayed command by command: the lines shown under each
#              "(gdb)" command must appear in GDB's output.  Blocks are
#              marked <!-- gdb-check SESSION -->; an unmarked block with
#              "(gdb)" lines fails doc_unchecked, so the handbook cannot
#              drift from the code unnoticed.
#   trap_*     the system-call path exactly: a breakpoint at sys_procs,
#              `bt` through syscall and usertrap, `stepi`, `finish` back
#              to syscall(), one thread per hart, then in ps's `write`
#              stub `stepi` to the ecall, `continue` to uservec (privilege
#              1, scause 8, the trapframe readable) and to usertrap.
#   helper_*   every kite-* command (scripts/kite-gdb.py) on a guest
#              running `gdbdemo &`: kite-ps lists init, sh and gdbdemo
#              asleep, kite-ps -s its tickets; kite-bt of gdbdemo names
#              sched, sleep, ipc_wait, sys_msgrcv and usertrap; kite-ipcs
#              shows its queue, set, segment and named semaphore; kite-pt
#              its text, shm and the kernel's part (one line; all of it
#              with -a); kite-user loads its symbols, so `info symbol`
#              names msgrcv at its saved pc; kite-locks, stopped in
#              sched(), shows the process's lock held on that hart.
#
# Each session (a doc session, trap, helpers) is one GDB and one boot of
# its own.  It prints one line per check ("test gdb_NAME: OK" or "...
# FAILED why"), then "gdb: N passed, N failed", and exits non-zero on
# any failure.  Every resume has a time limit (GDBTEST_STEP seconds,
# then SIGINT stops the target) and each GDB has GDBTEST_LIMIT.
#
# To be immune to rebuilds running at the same time, it works on copies
# in build/gdb-test/, laid out like the tree (kernel/kernel, user/_sh,
# tests/_gdbdemo...) with a disk image holding just the programs it
# runs; GDB runs there, so the paths it prints are the handbook's, and
# each session starts with the tree's .gdbinit, as `make gdb` does.
#
# Logs in build/gdb-test/: gdb-SESSION.log (the GDB transcript of one
# session; gdb.log all of them), console-SESSION.log (its console).
# Knobs: GDBTEST_CPUS (3; trap and helpers: the handbook is of 3 harts),
# GDBTEST_STEP (120), GDBTEST_LIMIT (900),
# GDBTEST_PARTS ("doc trap helpers"), GDBTEST_ONLY (doc sessions to run),
# GDBTEST_KERNEL (kernel/kernel), GDBTEST_UPDATE (1: after a code change
# moved lines, rewrite each transcript line that differs from GDB's
# output only in its numbers; review with git diff, then run again).
# Run it alone with `bash tests/gdb-test.sh` after `make`.
set -u
cd "$(dirname "$0")/.." || exit 1
TOP=$(pwd)

LIMIT=${GDBTEST_LIMIT:-900}
KERNEL=${GDBTEST_KERNEL:-kernel/kernel} # e.g. build/kernel-lockdebug
DIR=build/gdb-test
GDBLOG=$DIR/gdb.log # all sessions; gdb-SESSION.log each
PROGS="user/_init user/_sh user/_ps tests/_exechelper tests/_gdbdemo"

# Report a failure that happened before GDB could run, and stop.
setup_failed() {
    echo "test gdb_setup: FAILED $*"
    echo "gdb: 0 passed, 1 failed"
    exit 1
}

# The Makefile may pass GDB and TOOLPREFIX (another toolchain's names).
GDB=${GDB:-gdb-multiarch}
TOOLPREFIX=${TOOLPREFIX:-riscv64-unknown-elf-}
export KITE_NM=${TOOLPREFIX}nm
for tool in qemu-system-riscv64 "$GDB" "${TOOLPREFIX}nm" \
    "${TOOLPREFIX}strip"; do
    command -v "$tool" >/dev/null 2>&1 || setup_failed "$tool not installed"
done
for f in "$KERNEL" mkfs/mkfs $PROGS; do
    [ -e "$f" ] || setup_failed "$f missing (run make first)"
done

# ---- a consistent snapshot of what runs and what GDB reads ----------
rm -rf "$DIR"
mkdir -p "$DIR/kernel" "$DIR/user" "$DIR/tests" "$DIR/scripts" "$DIR/root" ||
    setup_failed "cannot create $DIR"
{ cp "$KERNEL" "$DIR/kernel/kernel" && cp .gdbinit "$DIR/.gdbinit" &&
    cp scripts/kite-gdb.py "$DIR/scripts/"; } ||
    setup_failed "cannot copy the kernel, .gdbinit and scripts/kite-gdb.py"
for f in $PROGS; do
    name=${f##*/_}
    { cp "$f" "$DIR/$f" &&
        "${TOOLPREFIX}strip" -o "$DIR/root/$name" "$DIR/$f"; } ||
        setup_failed "cannot copy $f"
done
mkfs/mkfs "$DIR/fs.img" "$DIR"/root/* >/dev/null || setup_failed "mkfs failed"

# ---- one GDB per session ---------------------------------------------
export KITE_TOP=$TOP KITE_GDB_DIR=$TOP/$DIR
SESSIONS=$(python3 tests/gdbcheck.py) || setup_failed "cannot read the docs"
for want in doc:unchecked doc:first trap helpers; do
    case " $(echo $SESSIONS) " in
    *" $want "*) ;;
    *) setup_failed "session $want missing from: $(echo $SESSIONS)" ;;
    esac
done
pass=0
fail=0
for session in $SESSIONS; do
    log=$DIR/gdb-${session/:/-}.log
    case "$session" in doc:*) part=doc ;; *) part=$session ;; esac
    case " ${GDBTEST_PARTS:-doc trap helpers} " in
    *" $part "*) ;;
    *) continue ;;
    esac
    if [ -n "${GDBTEST_ONLY:-}" ] && [ "$part" = doc ]; then
        case " $GDBTEST_ONLY " in
        *" ${session#doc:} "*) ;;
        *) continue ;;
        esac
    fi
    GDBTEST_SESSION=$session timeout -k 10 "$LIMIT" \
        "$GDB" -nx -batch -x tests/gdbcheck.py </dev/null >"$log" 2>&1
    gdb_status=$?
    cat "$log" >>"$GDBLOG"
    # A QEMU left behind by a GDB that hit the time limit (gdbcheck.py
    # notes the pid of each one it starts; one still running there is
    # ours).
    for pid in $(cat "$DIR/qemu.pids" 2>/dev/null); do
        [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$TOP/$DIR" ] &&
            kill "$pid" 2>/dev/null
    done
    # ---- one line per check ------------------------------------------
    while read -r word name detail; do
        name=${name%:}
        if [ "$word" = PASS ]; then
            echo "test gdb_$name: OK ($detail)"
            pass=$((pass + 1))
        else
            echo "test gdb_$name: FAILED $detail"
            fail=$((fail + 1))
            failed_log=$log
        fi
    done < <(grep -a -E '^GDBTEST (PASS|FAIL) ' "$log" | cut -d' ' -f2-)
    if ! grep -a -q -E '^GDBTEST (PASS|FAIL) ' "$log"; then
        echo "test gdb_${session/:/_}: FAILED not reached (gdb status" \
            "$gdb_status; 124 = time limit; see $log)"
        fail=$((fail + 1))
        failed_log=$log
    fi
done
if [ "${GDBTEST_UPDATE:-}" = 1 ] && [ -s "$DIR/doc-updates.txt" ]; then
    echo "GDBTEST_UPDATE: rewriting these transcript lines (old, new):"
    python3 tests/gdbcheck.py --apply "$DIR/doc-updates.txt" | sed 's/^/   /'
fi
if [ "$fail" -ne 0 ]; then
    echo "   last lines of $failed_log:"
    tail -n 8 "$failed_log" | sed 's/^/   | /'
fi
echo "gdb: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
