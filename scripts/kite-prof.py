# Where the instructions of one benchmark operation go: GDB single-steps
# the kernel and the benchmark through a few operations and charges each
# instruction to the function that holds its address.
#
# Run by scripts/profile.sh (make profile CASE=pipe), which boots QEMU
# halted with the optimised kernel and passes, in the environment:
#   KITE_PROF_PORT    QEMU's GDB port
#   KITE_PROF_FUNC    the kernel function that starts each operation
#                     (sys_write for a pipe round trip)
#   KITE_PROF_PER_OP  how many times one operation enters it (2: each
#                     side of the ping-pong writes once)
#   KITE_PROF_OPS     operations to step through
#   KITE_PROF_SKIP    entries to let pass first (the warm-up)
#   KITE_PROF_SYMS    files of `nm -n` output: kernel, then user program
#
# How: a breakpoint in KITE_PROF_FUNC, then `stepi` until the function
# has been entered PER_OP * OPS more times.  GDB steps RISC-V by
# planting a breakpoint on the next instruction, which is not where
# `ecall` and `sret` go: for those two the script plants its own where
# the hart lands (stvec's uservec, or sepc) and continues.  The timer is
# masked while stepping (sie.STIE), so every instruction counted is the
# operation's own; a device interrupt (none in the ping-pongs) would be
# run but not counted.  The total per operation matches `make bench`.
import bisect
import collections
import os
import time

import gdb

SRET = 0x10200073
ECALL = 0x00000073
SIE_STIE = 1 << 5


def load_symbols(paths):
    """Sorted (address, name) of every function in the nm listings."""
    syms = []
    for i, path in enumerate(paths):
        prefix = "" if i == 0 else "user:"
        with open(path) as f:
            for line in f:
                fields = line.split()
                if len(fields) == 3 and fields[1] in "tTwW":
                    syms.append((int(fields[0], 16), prefix + fields[2]))
    syms.sort()
    return [a for a, _ in syms], [n for _, n in syms]


def reg(name):
    return int(gdb.parse_and_eval("$" + name)) & 0xFFFFFFFFFFFFFFFF


def step_one(uservec):
    """One instruction, including the two GDB cannot step by itself."""
    insn = int(gdb.parse_and_eval("*(unsigned int *)$pc")) & 0xFFFFFFFF
    if insn not in (SRET, ECALL):
        gdb.execute("stepi", to_string=True)
        return
    targets = [uservec]  # an ecall, or an interrupt right after sret
    if insn == SRET:
        targets.append(reg("sepc"))
    for t in targets:
        gdb.execute("tbreak *%d" % t, to_string=True)
    gdb.execute("continue", to_string=True)
    gdb.execute("delete", to_string=True)


def connect(port):
    """Attach to QEMU, which may still be starting (a loaded host)."""
    for _ in range(60):
        try:
            gdb.execute("target remote :" + port, to_string=True)
            return
        except gdb.error:
            time.sleep(0.5)
    raise gdb.GdbError("no QEMU on port " + port)


def profile():
    env = os.environ
    func = env["KITE_PROF_FUNC"]
    ops = int(env["KITE_PROF_OPS"])
    entries_wanted = int(env["KITE_PROF_PER_OP"]) * ops
    addrs, names = load_symbols(env["KITE_PROF_SYMS"].split())

    gdb.execute("set pagination off")
    gdb.execute("set confirm off")
    connect(env["KITE_PROF_PORT"])
    gdb.execute("break " + func, to_string=True)
    gdb.execute("ignore 1 " + env["KITE_PROF_SKIP"], to_string=True)
    gdb.execute("continue", to_string=True)
    gdb.execute("delete", to_string=True)
    start = reg("pc")
    uservec = int(gdb.parse_and_eval("(long)&uservec"))
    sie = reg("sie")
    gdb.execute("set $sie = %d" % (sie & ~SIE_STIE))

    counts = collections.Counter()
    entries = 0
    total = 0
    while True:
        pc = reg("pc")
        if pc == start and total > 0:
            entries += 1
            if entries == entries_wanted:
                break
        i = bisect.bisect_right(addrs, pc) - 1
        counts[names[i] if i >= 0 else "?"] += 1
        total += 1
        step_one(uservec)
    gdb.execute("set $sie = %d" % sie)

    print("%d operations, %d instructions: %.0f per operation" %
          (ops, total, total / ops))
    print("%9s %6s  %s" % ("per op", "share", "function"))
    for name, n in counts.most_common():
        print("%9.1f %5.1f%%  %s" % (n / ops, 100.0 * n / total, name))


try:
    profile()
finally:
    gdb.execute("kill", to_string=True)
