#!/usr/bin/env bash
# The scripted GDB check of `make test`: does a first debugging session,
# the one doc/debugging.md walks through, still work?
#
# It boots Kite halted under a GDB stub, as `make qemu-gdb` does
# (-S -gdb tcp::PORT, CPUS harts), headless, with BOOTARGS="run=/ps":
# init runs /ps, whose procs() call is a system call, then powers off.
# gdb-multiarch then runs a Python command file that
#
#   kernel part   breaks at the handler sys_procs, checks where it
#                 stopped, that `bt` shows the trap path syscall <-
#                 usertrap, that `stepi` advances pc, that `finish`
#                 returns to the dispatcher syscall(), and that `info
#                 threads` shows one thread per hart;
#   user part     loads ps's symbols (add-symbol-file user/_ps 0x1000), breaks
#                 in ps's `write` stub, single-steps `li a7, N`, then the
#                 ecall, and checks that the hart is now in the kernel at
#                 uservec (at its kernel address: the kernel is mapped in
#                 every page table), that GDB can read the process's
#                 trapframe there, and that continuing reaches usertrap()
#                 with a7 in the trapframe.
#
# GDB single-steps RISC-V in software: `stepi` plants a breakpoint on the
# next instruction and resumes.  For an ecall the next instruction is the
# one after it, so a bare `stepi` runs the whole system call.  The check
# (like the handbook) first breaks at uservec, then steps.
#
# Every check prints "GDBTEST PASS|FAIL name: detail" from GDB; this
# script prints one line per check ("test gdb_NAME: OK" or "... FAILED
# why"), then "gdb: N passed, N failed", and exits non-zero on any
# failure.  Every resume has a time limit (GDBTEST_STEP seconds, then
# SIGINT stops the target) and GDB as a whole has GDBTEST_LIMIT.
#
# To be immune to rebuilds running at the same time, it works on copies:
# kernel/kernel, user/_init and user/_ps are copied to build/gdb-test/,
# and a small disk image holding just init and ps is made there with
# mkfs, so the symbols GDB loads are exactly those of the code that runs.
#
# Logs: build/gdb-console.log (the guest console), build/gdb-test.log
# (the GDB transcript).  Knobs: GDBTEST_CPUS (3), GDBTEST_STEP (120),
# GDBTEST_LIMIT (600).  Run it alone with `bash tests/gdb-test.sh`
# after `make`.
set -u
cd "$(dirname "$0")/.." || exit 1

CPUS=${GDBTEST_CPUS:-3}
STEP=${GDBTEST_STEP:-120}   # seconds one continue/stepi/finish may take
LIMIT=${GDBTEST_LIMIT:-600} # seconds for the whole GDB session

DIR=build/gdb-test
CONSOLE=build/gdb-console.log
GDBLOG=build/gdb-test.log
CHECKS="connect scheduler_locking break_handler bt_trap_path stepi
        finish_to_dispatcher info_threads user_break user_stepi
        ecall_to_uservec uservec_to_usertrap"

qemu_pid=
cleanup() {
    if [ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null; then
        kill "$qemu_pid" 2>/dev/null
        wait "$qemu_pid" 2>/dev/null
    fi
}
trap cleanup EXIT

# Report a failure that happened before GDB could run, and stop.
setup_failed() {
    echo "test gdb_setup: FAILED $*"
    echo "gdb: 0 passed, 1 failed"
    exit 1
}

mkdir -p "$DIR/root" || setup_failed "cannot create $DIR"
rm -f "$CONSOLE" "$GDBLOG"

for tool in qemu-system-riscv64 gdb-multiarch riscv64-unknown-elf-nm \
    riscv64-unknown-elf-strip; do
    command -v "$tool" >/dev/null 2>&1 || setup_failed "$tool not installed"
done
for f in kernel/kernel user/_init user/_ps mkfs/mkfs kernel/syscalls.h; do
    [ -e "$f" ] || setup_failed "$f missing (run make first)"
done

# ---- a consistent snapshot of what runs and what GDB reads ----------
if ! { cp kernel/kernel "$DIR/kernel" && cp user/_ps "$DIR/_ps" &&
    cp user/_init "$DIR/_init" &&
    riscv64-unknown-elf-strip -o "$DIR/root/init" "$DIR/_init" &&
    riscv64-unknown-elf-strip -o "$DIR/root/ps" "$DIR/_ps"; }; then
    setup_failed "cannot copy the binaries"
fi
mkfs/mkfs "$DIR/fs.img" "$DIR/root/init" "$DIR/root/ps" >/dev/null ||
    setup_failed "mkfs failed"

# Address of symbol $2 in ELF file $1 (0x...), or nothing.
sym() {
    riscv64-unknown-elf-nm "$1" | awk -v s="$2" '$3 == s { print "0x" $1 }'
}
HANDLER=$(sym "$DIR/kernel" sys_procs)
USERVEC=$(sym "$DIR/kernel" uservec)
USERTRAP=$(sym "$DIR/kernel" usertrap)
WRITE_STUB=$(sym "$DIR/_ps" write)
SYS_WRITE=$(sed -n 's/^SYSCALL(\([0-9]*\), write)$/\1/p' kernel/syscalls.h)
for v in HANDLER USERVEC USERTRAP WRITE_STUB SYS_WRITE; do
    [ -n "${!v}" ] || setup_failed "cannot find $v in the binaries"
done

# ---- QEMU, halted, with a GDB stub on a free port -------------------
port_busy() {
    ss -Htln 2>/dev/null | awk '{ print $4 }' | grep -q ":$1\$"
}

start_qemu() {
    local port=$1
    timeout -k 5 $((LIMIT + 60)) qemu-system-riscv64 \
        -machine virt -bios default -kernel "$DIR/kernel" -m 128M \
        -smp "$CPUS" -global virtio-mmio.force-legacy=false \
        -drive file="$DIR/fs.img",if=none,format=raw,id=x0 \
        -device virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0 \
        -append "run=/ps" \
        -display none -monitor none -serial file:"$CONSOLE" \
        -S -gdb tcp::"$port" </dev/null >"$DIR/qemu.err" 2>&1 &
    qemu_pid=$!
    # A port taken in the meantime makes QEMU exit at once.
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        sleep 0.5
        kill -0 "$qemu_pid" 2>/dev/null || return 1
        port_busy "$port" && return 0
    done
    kill -0 "$qemu_pid" 2>/dev/null
}

PORT=
base=$((26100 + $$ % 800))
for try in 0 1 2 3 4 5 6 7; do
    p=$((base + try * 7))
    port_busy "$p" && continue
    if start_qemu "$p"; then
        PORT=$p
        break
    fi
    wait "$qemu_pid" 2>/dev/null
    qemu_pid=
done
[ -n "$PORT" ] || setup_failed "QEMU did not start: $(tail -n 1 "$DIR/qemu.err")"

# ---- the GDB session --------------------------------------------------
cat >"$DIR/session.py" <<EOF
KERNEL = "$DIR/kernel"
USERPROG = "$DIR/_ps"
PORT = $PORT
CPUS = $CPUS
STEP = $STEP
HANDLER = $HANDLER
USERTRAP = $USERTRAP
WRITE_STUB = $WRITE_STUB
SYS_WRITE = $SYS_WRITE
USERVEC = $USERVEC
EOF
cat >>"$DIR/session.py" <<'EOF'
import os
import re
import signal
import threading

import gdb

failed_before = []  # names of checks that failed: later ones may depend


def report(name, ok, detail):
    word = "PASS" if ok else "FAIL"
    print("GDBTEST %s %s: %s" % (word, name, detail), flush=True)
    if not ok:
        failed_before.append(name)
    return ok


def run(cmd):
    """Run a GDB command, echo its output into the transcript."""
    print("(gdb) %s" % cmd, flush=True)
    out = gdb.execute(cmd, to_string=True)
    print(out, end="", flush=True)
    return out


last_stop = {"event": None}


def on_stop(event):
    last_stop["event"] = event


gdb.events.stop.connect(on_stop)


def resume(cmd):
    """Run a command that lets the target run; stop it after STEP
    seconds.  Returns: (output, timed_out)."""
    fired = []

    def interrupt():
        fired.append(1)
        os.kill(os.getpid(), signal.SIGINT)

    last_stop["event"] = None
    timer = threading.Timer(STEP, interrupt)
    timer.start()
    try:
        out = run(cmd)
    finally:
        timer.cancel()
    return out, bool(fired)


def pc():
    return int(gdb.parse_and_eval("$pc")) & 0xFFFFFFFFFFFFFFFF


def reg(name):
    return int(gdb.parse_and_eval("$" + name)) & 0xFFFFFFFFFFFFFFFF


def frame_names(limit):
    names = []
    f = gdb.newest_frame()
    while f is not None and len(names) < limit:
        names.append(f.name())
        f = f.older()
    return names


def hit_breakpoint_at(addr):
    ev = last_stop["event"]
    return isinstance(ev, gdb.BreakpointEvent) and pc() == addr


def step(name, fn):
    """Run one check; an exception (lost connection, no registers)
    is that check's failure."""
    try:
        fn()
    except BaseException as e:
        report(name, False, "%s: %s" % (type(e).__name__, e))


def check_connect():
    run("set confirm off")
    run("set pagination off")
    run("set architecture riscv:rv64")
    run("file " + KERNEL)
    run("target remote localhost:%d" % PORT)
    n = len(gdb.selected_inferior().threads())
    report("connect", n == CPUS,
           "attached on port %d, %d threads at reset (want %d)"
           % (PORT, n, CPUS))


def check_scheduler_locking():
    run("set scheduler-locking step")
    mode = gdb.parameter("scheduler-locking")
    report("scheduler_locking", mode == "step", "scheduler-locking is " +
           str(mode))


saved = {}


def check_break_handler():
    run("break *0x%x" % HANDLER)
    out, late = resume("continue")
    ok = not late and hit_breakpoint_at(HANDLER)
    report("break_handler", ok, "pc 0x%x, sys_procs at 0x%x%s"
           % (pc(), HANDLER, " (timed out)" if late else ""))


def check_bt():
    out = run("bt 6")
    names = frame_names(3)
    saved["caller_pc"] = int(gdb.newest_frame().older().pc())
    want = ["sys_procs", "syscall", "usertrap"]
    report("bt_trap_path", names == want, "frames %s" % names)


def check_stepi():
    before = pc()
    out, late = resume("stepi")
    after = pc()
    name = gdb.newest_frame().name()
    report("stepi", not late and after != before and name == "sys_procs",
           "pc 0x%x -> 0x%x in %s" % (before, after, name))


def check_finish():
    out, late = resume("finish")
    name = gdb.newest_frame().name()
    ok = not late and name == "syscall" and pc() == saved["caller_pc"]
    report("finish_to_dispatcher", ok, "now in %s at 0x%x (return address "
           "0x%x)" % (name, pc(), saved["caller_pc"]))


def check_threads():
    out = run("info threads")
    rows = re.findall(r"Thread \d+\.\d+ \(CPU#(\d+)", out)
    ok = len(rows) == CPUS and len(set(rows)) == CPUS
    report("info_threads", ok, "%d threads for %d harts: CPU# %s"
           % (len(rows), CPUS, ",".join(rows)))


def check_user_break():
    run("delete")
    run("add-symbol-file %s 0x1000" % USERPROG)
    run("break *0x%x" % WRITE_STUB)
    out, late = resume("continue")
    sym = run("info symbol $pc").strip()
    priv = reg("priv")
    ok = not late and hit_breakpoint_at(WRITE_STUB) and priv == 0 and \
        sym.startswith("write ")
    report("user_break", ok, "pc 0x%x (%s), privilege %d (0 = user)"
           % (pc(), sym, priv))


def check_user_stepi():
    out, late = resume("stepi")
    a7 = reg("a7")
    ok = not late and pc() > WRITE_STUB and a7 == SYS_WRITE
    report("user_stepi", ok, "pc 0x%x, a7 = %d (write is %d)"
           % (pc(), a7, SYS_WRITE))


def check_ecall():
    insn = run("x/i $pc")
    run("break *0x%x" % USERVEC)
    out, late = resume("stepi")
    priv, scause = reg("priv"), reg("scause")
    name = gdb.newest_frame().name()
    # No page-table switch: the kernel's memory is readable right here,
    # e.g. the trapframe that sscratch points at.
    run("p/x $sscratch")
    run("p/x ((struct trapframe *)$sscratch)->kernel_sp")
    tf_ok = int(gdb.parse_and_eval(
        "((struct trapframe *)$sscratch)->kernel_sp")) != 0
    ok = not late and "ecall" in insn and hit_breakpoint_at(USERVEC) \
        and priv == 1 and scause == 8 and name == "uservec" and tf_ok
    report("ecall_to_uservec", ok, "pc 0x%x in %s (uservec 0x%x), privilege"
           " %d, scause %d (8 = ecall from U), trapframe readable %s"
           % (pc(), name, USERVEC, priv, scause, tf_ok))


def check_usertrap():
    run("break *0x%x" % USERTRAP)
    out, late = resume("continue")
    name = gdb.newest_frame().name()
    a7 = int(gdb.parse_and_eval("cpus[$tp].proc->trapframe->a7"))
    who = gdb.parse_and_eval("cpus[$tp].proc->name").string()
    ok = not late and hit_breakpoint_at(USERTRAP) and a7 == SYS_WRITE \
        and who == "ps"
    report("uservec_to_usertrap", ok, "in %s for process %s, trapframe "
           "a7 = %d" % (name, who, a7))


steps = [
    ("connect", check_connect, []),
    ("scheduler_locking", check_scheduler_locking, ["connect"]),
    ("break_handler", check_break_handler, ["connect"]),
    ("bt_trap_path", check_bt, ["break_handler"]),
    ("stepi", check_stepi, ["break_handler"]),
    ("finish_to_dispatcher", check_finish, ["break_handler", "bt_trap_path"]),
    ("info_threads", check_threads, ["connect"]),
    ("user_break", check_user_break, ["break_handler"]),
    ("user_stepi", check_user_stepi, ["user_break"]),
    ("ecall_to_uservec", check_ecall, ["user_stepi"]),
    ("uservec_to_usertrap", check_usertrap, ["ecall_to_uservec"]),
]
for name, fn, needs in steps:
    missing = [n for n in needs if n in failed_before]
    if missing:
        report(name, False, "skipped: %s failed" % ", ".join(missing))
        continue
    step(name, fn)

try:
    gdb.execute("kill")  # ends QEMU
except BaseException:
    pass
EOF

timeout -k 10 "$LIMIT" gdb-multiarch -nx -batch -x "$DIR/session.py" \
    </dev/null >"$GDBLOG" 2>&1
gdb_status=$?

# ---- one line per check -----------------------------------------------
pass=0
fail=0
for c in $CHECKS; do
    line=$(grep -a -E "^GDBTEST (PASS|FAIL) $c: " "$GDBLOG" | head -n 1)
    detail=${line#*: }
    case "$line" in
    "GDBTEST PASS "*)
        echo "test gdb_$c: OK ($detail)"
        pass=$((pass + 1))
        ;;
    "GDBTEST FAIL "*)
        echo "test gdb_$c: FAILED $detail"
        fail=$((fail + 1))
        ;;
    *)
        echo "test gdb_$c: FAILED not reached (gdb status $gdb_status;" \
            "124 = time limit; see $GDBLOG)"
        fail=$((fail + 1))
        ;;
    esac
done
if [ "$fail" -ne 0 ]; then
    echo "   last lines of $GDBLOG:"
    tail -n 8 "$GDBLOG" | sed 's/^/   | /'
fi
echo "gdb: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
