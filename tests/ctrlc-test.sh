#!/usr/bin/env bash
# Ctrl-C end to end (issue 15): boot Kite with the shell on the console
# (no run=), type at it through QEMU's serial port, and check that
#   - Ctrl-C ends a spinning foreground program and the prompt returns;
#   - Ctrl-C ends every process of a pipeline (spin | spin), and a
#     script (sh FILE) with the command it runs;
#   - a background job ("spin &") is not touched by Ctrl-C, and
#     `kill -PGID` and `wait` end and collect it;
#   - Ctrl-C at the prompt throws the half-typed line away;
# each time checking with ps that no spin is left behind.  Runs once
# per hart count given (default: 1 and 3).  Prints one line per check
# and ends with "ctrlc: N passed, N failed"; exits non-zero on failure.
#
#   bash tests/ctrlc-test.sh [CPUS...]
#   KERNEL=build/kernel-lockdebug bash tests/ctrlc-test.sh 3
#
# The driver is Python: it keeps QEMU's stdin open (a pipe, so QEMU does
# not treat \x03 as its own interrupt key), reads the console on a
# thread, and waits for each expected text with a time limit.
set -u
cd "$(dirname "$0")/.."
mkdir -p build
[ -f fs.img ] && [ -f kernel/kernel ] || { echo "ctrlc: build first (make)"; exit 2; }
[ $# -gt 0 ] || set -- 1 3
status=0
total_pass=0
total_fail=0
for cpus in "$@"; do
  img=build/fs-ctrlc-$cpus.img
  log=build/test-ctrlc-$cpus.log
  cp fs.img "$img"
  out=$(python3 - "$cpus" "$img" "$log" "${KERNEL:-kernel/kernel}" << 'EOF'
import subprocess, sys, threading, time, re

cpus, img, logname, kernel = sys.argv[1:5]
LIMIT = 60  # seconds for any one expected text
qemu = subprocess.Popen(
    ["qemu-system-riscv64", "-machine", "virt", "-bios", "default",
     "-kernel", kernel, "-m", "128M", "-smp", cpus,
     "-global", "virtio-mmio.force-legacy=false",
     "-drive", "file=%s,if=none,format=raw,id=x0" % img,
     "-device", "virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0",
     "-display", "none", "-monitor", "none", "-serial", "stdio"],
    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
text = bytearray()
lock = threading.Lock()

def reader():
    while True:
        b = qemu.stdout.read1(4096)
        if not b:
            return
        with lock:
            text.extend(b)

threading.Thread(target=reader, daemon=True).start()
passed = failed = 0

def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
        print("ok   CPUS=%s %s" % (cpus, what))
    else:
        failed += 1
        print("FAIL CPUS=%s %s" % (cpus, what))
    return ok

def mark():
    with lock:
        return len(text)

def since(pos):
    with lock:
        return text[pos:].decode("latin-1")

def expect(pos, pattern, limit=LIMIT):
    """Wait for pattern (a regex) in the output after pos: the match."""
    end = time.time() + limit
    while time.time() < end:
        m = re.search(pattern, since(pos))
        if m:
            return m
        if "panic" in since(pos):
            return None
        time.sleep(0.1)
    return None

def send(s):
    qemu.stdin.write(s.encode("latin-1"))
    qemu.stdin.flush()

def command(line, limit=LIMIT):
    """Type line; wait for the next prompt.  Returns the output, or None."""
    pos = mark()
    send(line + "\n")
    m = expect(pos, r"\n\$ ", limit)
    return since(pos) if m else None

def spins(name="spin"):
    """ps rows of processes called name (None if ps failed)."""
    out = command("ps")
    if out is None:
        return None
    return [l.split() for l in out.splitlines() if l.strip().endswith(" " + name)]

def interrupt_case(line, what, survivors=(), name="spin"):
    pos = mark()
    send(line + "\n")
    time.sleep(1.5)  # let it start spinning
    check(expect(pos, r"\n\$ ", 0.1) is None, what + ": running (no prompt yet)")
    pos = mark()
    send("\x03")
    check(expect(pos, r"\^C") is not None, what + ": ^C echoed")
    check(expect(pos, r"\$ ") is not None, what + ": prompt is back")
    rows = spins(name)
    check(rows is not None and [r[0] for r in rows] == list(survivors),
          what + ": no spin of the job left in ps (%s)" % rows)

try:
    check(expect(0, r"\$ ", 120) is not None, "boot to the shell prompt")
    interrupt_case("spin", "spin")
    interrupt_case("spin | spin", "spin | spin")
    interrupt_case("spin | spin | spin", "spin | spin | spin")
    check(command("echo spin > /ctrlc.sh") is not None, "write a script")
    interrupt_case("sh /ctrlc.sh", "a script running spin")

    # A background job is in a group of its own: Ctrl-C spares it.
    pos = mark()
    send("spin &\n")
    m = expect(pos, r"\[(\d+)\]")
    check(m is not None, "spin &: job started")
    bg = m.group(1) if m else "0"
    expect(pos, r"\$ ")
    interrupt_case("spin", "spin with a job in the background", [bg])
    rows = spins()
    check(rows is not None and len(rows) == 1 and rows[0][0] == bg
          and rows[0][2] == bg, "background spin survives, pgid = its pid (%s)" % rows)
    out = command("kill -" + bg)
    check(out is not None and "kill:" not in out, "kill -PGID")
    out2 = command("wait")  # the shell may have reported it already
    check(out2 is not None and ("[%s] killed" % bg) in (out or "") + out2,
          "the job is reported killed")
    check(spins() == [], "no spin left after kill -PGID")

    # A reader of the console: in the background EIO, in the
    # foreground it sleeps until Ctrl-C ends it.
    out = command("cat &")
    time.sleep(1)
    out = (out or "") + (command("echo") or "")
    check("cat: stdin: input/output error" in out, "cat &: a background reader gets EIO")
    interrupt_case("cat", "cat reading the console", name="cat")

    # Ctrl-C at the prompt discards the line being typed.
    pos = mark()
    send("echo disc")
    time.sleep(0.5)
    send("\x03")
    check(expect(pos, r"\^C\s*\n\$ ") is not None, "Ctrl-C at the prompt: new prompt")
    out = command("echo kept")
    check(out is not None and "kept" in out and "disc" not in out,
          "the discarded line did not run")
finally:
    with open(logname, "wb") as f:
        with lock:
            f.write(text)
    qemu.kill()
    qemu.wait()
print("ctrlc-%s: %d passed, %d failed" % (cpus, passed, failed))
EOF
  )
  echo "$out" | grep -v '^ctrlc-'
  p=$(echo "$out" | sed -n -E 's/^ctrlc-[0-9]+: ([0-9]+) passed.*/\1/p')
  f=$(echo "$out" | sed -n -E 's/^ctrlc-[0-9]+: [0-9]+ passed, ([0-9]+) failed/\1/p')
  [ -n "$p" ] || { p=0; f=1; echo "FAIL CPUS=$cpus: the driver did not finish (log $log)"; }
  total_pass=$((total_pass + p))
  total_fail=$((total_fail + f))
  [ "$f" -eq 0 ] || status=1
done
echo "ctrlc: $total_pass passed, $total_fail failed"
exit $status
