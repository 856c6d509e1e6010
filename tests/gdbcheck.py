# The GDB side of tests/gdb-test.sh (read its opening comment first).
#
# Runs inside gdb-multiarch -batch.  Three kinds of checks, each printing
# "GDBTEST PASS|FAIL name: detail":
#
#   doc_*     the transcripts of doc/debugging.md and README.md.  A
#             fenced block preceded by <!-- gdb-check SESSION [cpus=N]
#             [args=BOOTARGS] --> is replayed: every "(gdb) CMD" line is
#             run, and the lines under it must appear in GDB's output, in
#             order (other output lines may come between).  Lines are
#             compared after hex numbers become 0x?, "Thread 2" becomes
#             "Thread N", "CPU#1" "CPU#N", "hart 1" "hart N", and runs of
#             blanks one blank; "..." in a line matches any text, and a
#             line "..." stands for lines left out.  Text after two
#             blanks and "#" is a comment.  "$ TEXT   (in the guest)"
#             under a command types TEXT at the guest shell's next prompt
#             while the command runs; a line "^C ..." interrupts it once
#             the console shows the text quoted on that line (else a
#             prompt).  Blocks of one SESSION run in one boot, in
#             document order, after the tree's .gdbinit; each session
#             is a GDB of its own (gdb-test.sh), so breakpoint and value
#             numbers start at 1.  A block with "(gdb)" lines and no
#             marker fails doc_unchecked.
#   trap_*    the trap path in detail (breakpoint addresses, privilege,
#             scause), on CPUS harts with run=/ps.
#   helper_*  every kite-* command of scripts/kite-gdb.py, on a guest
#             running `gdbdemo &` at the shell.
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

try:
    import gdb
except ImportError:  # listing the sessions (main)
    gdb = None

TOP = os.environ["KITE_TOP"]  # the source tree
DIR = os.environ.get("KITE_GDB_DIR", ".")  # the snapshot: our cwd
CPUS = int(os.environ.get("GDBTEST_CPUS", "3"))
STEP = int(os.environ.get("GDBTEST_STEP", "120"))
UPDATE = os.environ.get("GDBTEST_UPDATE", "") == "1"
DOCS = [os.path.join(TOP, d) for d in
        os.environ.get("GDBTEST_DOCS", "doc/debugging.md README.md").split()]
KERNEL = "kernel/kernel"
if gdb is not None:
    os.chdir(DIR)
TRAMPOLINE = 0x3FFFFFF000


def report(name, ok, detail):
    print("GDBTEST %s %s: %s" % ("PASS" if ok else "FAIL", name, detail),
          flush=True)
    return ok


# ---- QEMU with its console on a socket we read and type into ---------

class Guest:
    """One QEMU, halted at reset, its GDB stub on a free port."""

    def __init__(self, name, cpus, args):
        self.name = name
        self.out = b""
        self.answered = 0  # console offset past the last prompt we typed at
        self.lock = threading.Lock()
        self.log = open("console-%s.log" % name, "wb")
        sock = "console-%s.sock" % name
        for attempt in range(10):
            if os.path.exists(sock):
                os.unlink(sock)
            self.port = 26100 + (os.getpid() * 7 + attempt * 131) % 3800
            cmd = ["qemu-system-riscv64", "-machine", "virt", "-bios",
                   "default", "-kernel", KERNEL, "-m", "128M", "-smp",
                   str(cpus), "-global", "virtio-mmio.force-legacy=false",
                   "-drive", "file=fs.img,if=none,format=raw,id=x0", "-device",
                   "virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0",
                   "-display", "none", "-monitor", "none",
                   "-chardev", "socket,id=con,path=%s,server=on,wait=off"
                   % sock, "-serial", "chardev:con",
                   "-S", "-gdb", "tcp::%d" % self.port]
            if args:
                cmd += ["-append", args]
            err = open("qemu-%s.err" % name, "wb")
            self.qemu = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                         stdout=err, stderr=err)
            with open("qemu.pids", "a") as f:
                f.write("%d\n" % self.qemu.pid)
            if self._listening(sock):
                break
            self.qemu.kill()
            self.qemu.wait()
        else:
            raise RuntimeError("QEMU did not start (see qemu-%s.err)" % name)
        self.conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.conn.connect(sock)
        threading.Thread(target=self._reader, daemon=True).start()

    def _listening(self, sock):
        for _ in range(40):
            time.sleep(0.25)
            if self.qemu.poll() is not None:
                return False  # the port was taken: QEMU exits
            if os.path.exists(sock) and self._port_open():
                return True
        return False

    def _port_open(self):
        s = socket.socket()
        try:
            s.settimeout(1)
            s.connect(("localhost", self.port))
            return True
        except OSError:
            return False
        finally:
            s.close()

    def _reader(self):
        while True:
            try:
                data = self.conn.recv(4096)
            except OSError:
                return
            if not data:
                return
            with self.lock:
                self.out += data
            self.log.write(data)
            self.log.flush()

    def text(self):
        with self.lock:
            return self.out.decode("latin-1")

    def wait_for(self, pattern, since=0, limit=None):
        """Wait until pattern (a regex) appears after offset since.
        Returns: the offset just past it, or None after limit seconds."""
        deadline = time.time() + (limit or STEP)
        while time.time() < deadline:
            m = re.search(pattern, self.text()[since:])
            if m:
                return since + m.end()
            time.sleep(0.2)
        return None

    def type(self, text):
        for ch in text:  # one at a time: the UART has a small FIFO
            self.conn.sendall(ch.encode())
            time.sleep(0.01)

    def stop(self):
        try:
            self.conn.close()
        except OSError:
            pass
        if self.qemu.poll() is None:
            self.qemu.kill()
        self.qemu.wait()


# ---- GDB -------------------------------------------------------------

def run(cmd):
    """Run a GDB command as if typed; echo it and its output into the
    transcript.  Returns: its output.  GDB prints where the machine
    stopped straight to its stdout, not into to_string's capture, so that
    part is read back from the transcript (our stdout is a file)."""
    print("(gdb) %s" % cmd, flush=True)
    start = os.lseek(1, 0, os.SEEK_CUR)
    try:
        out = gdb.execute(cmd, from_tty=True, to_string=True)
    except gdb.error as e:
        out = "%s\n" % e
    gdb.flush()
    with open("/proc/self/fd/1", "rb") as f:
        f.seek(start)
        direct = f.read().decode("latin-1")
    print(out, end="", flush=True)
    return out + direct


def interrupt():
    os.kill(os.getpid(), signal.SIGINT)


def resume(cmd, guest=None, typed=(), ctrl_c=False):
    """Run a command that lets the machine run.  While it runs, type each
    of typed at a fresh shell prompt; with ctrl_c, interrupt once the
    prompt is back (or a guest line `ctrl_c` names appears).  Whatever
    happens, interrupt after STEP seconds.  Returns: (output, timed_out)."""
    fired = []
    done = threading.Event()
    last_stop["event"] = None

    def limit():
        fired.append(1)
        interrupt()

    def actions():
        pos = len(guest.text())
        for text in typed:
            # A prompt not answered yet: the shell reads its next line.
            at = guest.wait_for(r"\$ ", guest.answered)
            if at is None or done.is_set():
                return
            guest.answered = at
            guest.type(text + "\n")
            pos = guest.wait_for(re.escape(text), at) or at
        if ctrl_c:
            want = ctrl_c if isinstance(ctrl_c, str) else r"\$ "
            if guest.wait_for(want, pos) is not None:
                time.sleep(0.5)  # let the machine settle at the prompt
                if not done.is_set():
                    interrupt()

    timer = threading.Timer(STEP, limit)
    timer.start()
    if guest is not None and (typed or ctrl_c):
        threading.Thread(target=actions, daemon=True).start()
    try:
        out = run(cmd)
    finally:
        done.set()
        timer.cancel()
    return out, bool(fired)


def u64(v):
    return int(v) & 0xFFFFFFFFFFFFFFFF


def pc():
    return u64(gdb.parse_and_eval("$pc"))


def reg(name):
    return u64(gdb.parse_and_eval("$" + name))


def frame_names(limit):
    names, f = [], gdb.newest_frame()
    while f is not None and len(names) < limit:
        names.append(f.name())
        f = f.older()
    return names


def nm(path, name):
    tool = os.environ.get("KITE_NM", "riscv64-unknown-elf-nm")
    out = subprocess.run([tool, path], check=True,
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[2] == name:
            return int(f[0], 16)
    raise RuntimeError("no %s in %s" % (name, path))


last_stop = {"event": None}
if gdb is not None:
    gdb.events.stop.connect(lambda ev: last_stop.update(event=ev))


def hit_breakpoint_at(addr):
    ev = last_stop["event"]
    return isinstance(ev, gdb.BreakpointEvent) and pc() == addr


def begin(name, cpus, args):
    """A fresh boot, and GDB attached by the tree's own .gdbinit (run from
    the snapshot, which has the same layout: kernel/kernel, scripts/)."""
    guest = Guest(name, cpus, args)
    os.environ["GDBPORT"] = str(guest.port)
    run("source .gdbinit")
    return guest


def end(guest):
    try:
        gdb.execute("kill", to_string=True)  # ends QEMU
    except gdb.error:
        pass
    guest.stop()


# ---- doc_*: the transcripts ------------------------------------------

MARK = re.compile(r"^\s*<!--\s*gdb-check\s+(\S+)(.*?)-->\s*$")


class Step:
    def __init__(self, cmd, where):
        self.cmd, self.where = cmd, where
        self.typed, self.ctrl_c, self.expect = [], False, []


def parse_doc(path):
    """[(session, options, [Step]), ...] and the unmarked blocks."""
    blocks, unmarked = [], []
    lines = open(path).read().split("\n")
    path = os.path.relpath(path, TOP)
    i, mark = 0, None
    while i < len(lines):
        m = MARK.search(lines[i])
        if m:
            mark = (m.group(1), dict(re.findall(r'(\w+)="?([^"\s]*)"?',
                                                m.group(2))))
        elif lines[i].strip() and not lines[i].startswith("```"):
            mark = None  # a marker belongs to the block right below it
        if lines[i].startswith("```"):
            start = i
            i += 1
            body = []
            while i < len(lines) and not lines[i].startswith("```"):
                body.append((i + 1, lines[i]))
                i += 1
            has_gdb = any(t.startswith("(gdb)") for _, t in body)
            if mark:
                blocks.append((mark[0], mark[1], to_steps(path, body)))
            elif has_gdb:
                unmarked.append("%s:%d" % (path, start + 1))
            mark = None
        i += 1
    return blocks, unmarked


def to_steps(path, body):
    steps = []
    for n, text in body:
        where = "%s:%d" % (path, n)
        guest = re.match(r"\s*\$ (.*?)\s+\(in the guest\)\s*$", text)
        if text.startswith("(gdb) "):
            cmd = re.sub(r"\s{2,}#.*$", "", text[6:]).strip()
            steps.append(Step(cmd, where))
        elif not steps:
            continue  # before the first command: not a transcript line
        elif guest:
            steps[-1].typed.append(guest.group(1))
        elif text.startswith("^C"):
            # Interrupt once the quoted text, if any, is on the console.
            quoted = re.search(r'"([^"]+)"', text)
            steps[-1].ctrl_c = re.escape(quoted.group(1)) if quoted \
                else True
        elif text.strip() and text.strip() != "...":  # "...": lines left out
            steps[-1].expect.append((where, text))
    return steps


def norm(line):
    line = re.sub(r"0x[0-9a-fA-F]+", "0x?", line)
    line = re.sub(r"Thread \d+(\.\d+)?", "Thread N", line)
    line = re.sub(r"CPU#\d+", "CPU#N", line)
    line = re.sub(r"\bhart \d+", "hart N", line)
    line = re.sub(r"^(\*?\s*)\d+(\s+Thread N)", r"\1N\2", line)
    return re.sub(r"\s+", " ", line).strip()


def matcher(expected):
    parts = [re.escape(p) for p in norm(expected).split("...")]
    return re.compile("^" + ".*".join(parts) + "$")


def compare(expect, out):
    """None if every expected line is found in order, else the first
    one that is not."""
    got = [norm(l) for l in out.split("\n")]
    k = 0
    for where, text in expect:
        rx = matcher(text)
        while k < len(got) and not rx.match(got[k]):
            k += 1
        if k == len(got):
            return where, text
        k += 1
    return None


RESUMING = re.compile(r"^(c|continue|s|step|n|next|si|stepi|ni|nexti|"
                      r"finish|until|advance)\b")


def propose(expect, out):
    """GDBTEST_UPDATE: for each expected line GDB no longer prints, the
    output line that differs from it only in numbers (a line number, an
    offset), appended to doc-updates.txt for gdb-test.sh to apply."""
    def loose(line):
        return re.sub(r"\d+", "N", norm(line))
    got = out.split("\n")
    k = 0
    with open("doc-updates.txt", "a") as f:
        for where, text in expect:
            rx = matcher(text)
            j = next((i for i in range(k, len(got)) if rx.match(norm(got[i]))),
                     None)
            if j is None:
                want = loose(text)
                j = next((i for i in range(k, len(got))
                          if loose(got[i]) == want), None)
                if j is None:
                    continue  # left for a human: it changed in words
                f.write("%s\t%s\n" % (where, got[j].rstrip()))
            k = j + 1


def apply_updates(path):
    """Rewrite the doc lines named in doc-updates.txt (host side)."""
    edits = {}
    for line in open(path):
        where, text = line.rstrip("\n").split("\t", 1)
        doc, n = where.rsplit(":", 1)
        edits.setdefault(doc, {})[int(n)] = text
    for doc, lines in edits.items():
        full = os.path.join(TOP, doc)
        old = open(full).read().split("\n")
        for n, text in lines.items():
            print("%s:%d: %s\n%s:%d: %s" % (doc, n, old[n - 1], doc, n, text))
            old[n - 1] = text
        open(full, "w").write("\n".join(old))


def doc_session(name, opts, steps):
    """Replay one session; stop at its first failing step (what follows
    depends on it), unless GDBTEST_UPDATE asks for every difference."""
    # The transcripts are of `make qemu-gdb`'s default, 3 harts (with one,
    # GDB does not say "Thread N hit"); GDBTEST_CPUS is for the others.
    cpus = int(opts.get("cpus", 3))
    guest = begin("doc-" + name, cpus, opts.get("args", ""))
    try:
        for n, st in enumerate(steps, 1):
            check = "doc_%s_%d" % (name, n)
            if RESUMING.match(st.cmd):
                out, late = resume(st.cmd, guest, st.typed, st.ctrl_c)
                if late:
                    report(check, False, "%s: `%s` did not stop within %d "
                           "seconds" % (st.where, st.cmd, STEP))
                    return
            else:
                out = run(st.cmd)
            miss = compare(st.expect, out)
            if miss is not None:
                report(check, False, "%s: `%s` did not show: %s"
                       % (miss[0], st.cmd, miss[1].strip()))
                if not UPDATE:
                    return
                propose(st.expect, out)
                continue
            report(check, True, "%s: (gdb) %s" % (st.where, st.cmd))
    finally:
        end(guest)


def doc_sessions():
    """{session: (options, [Step])} in document order, and the
    transcripts that have no marker."""
    sessions, unmarked = {}, []
    for path in DOCS:
        blocks, um = parse_doc(path)
        unmarked += um
        for name, opts, steps in blocks:
            sessions.setdefault(name, (opts, []))[1].extend(steps)
    return sessions, unmarked


def doc_check(name):
    if name == "unchecked":
        unmarked = doc_sessions()[1]
        report("doc_unchecked", not unmarked,
               "every GDB transcript is marked gdb-check" if not unmarked
               else "no <!-- gdb-check --> marker: " + ", ".join(unmarked))
        return
    opts, steps = doc_sessions()[0][name]
    try:
        doc_session(name, opts, steps)
    except BaseException as e:
        report("doc_%s" % name, False, "%s: %s" % (type(e).__name__, e))


# ---- trap_*: the system-call path, precisely -------------------------

def trap_checks():
    prog = "user/_ps"
    handler, usertrap = nm(KERNEL, "sys_procs"), nm(KERNEL, "usertrap")
    uservec = nm(KERNEL, "uservec")
    try:  # the trampoline page at the top of every address space
        uservec += TRAMPOLINE - nm(KERNEL, "trampoline")
    except RuntimeError:
        pass  # or none: the kernel mapped in every page table (uservec.S)
    write_stub = nm(prog, "write")
    syscalls = open(TOP + "/kernel/syscalls.h").read()
    sys_write = int(re.search(r"SYSCALL\((\d+), write\)",
                              syscalls).group(1))
    guest = begin("trap", CPUS, "run=/ps")
    failed = []

    def check(name, ok, detail):
        if not report("trap_" + name, ok, detail):
            failed.append(name)

    try:
        n = len(gdb.selected_inferior().threads())
        check("connect", n == CPUS, "port %d, %d threads at reset (want %d)"
              % (guest.port, n, CPUS))
        mode = gdb.parameter("scheduler-locking")
        check("scheduler_locking", mode == "step", "scheduler-locking is "
              + str(mode))
        run("break *0x%x" % handler)
        out, late = resume("continue")
        check("break_handler", not late and hit_breakpoint_at(handler),
              "pc 0x%x, sys_procs at 0x%x" % (pc(), handler))
        if failed:
            return
        run("bt")
        names = frame_names(4)
        caller = u64(gdb.newest_frame().older().pc())
        check("bt_trap_path", names[:3] == ["sys_procs", "syscall",
                                            "usertrap"],
              "frames %s" % names)
        before = pc()
        out, late = resume("stepi")
        name = gdb.newest_frame().name()
        check("stepi", not late and pc() != before and name == "sys_procs",
              "pc 0x%x -> 0x%x in %s" % (before, pc(), name))
        # Only this hart runs: a timer interrupt in sys_procs may yield,
        # and the process must come back here, where `finish` waits
        # (doc/debugging.md section 4).
        run("set scheduler-locking on")
        out, late = resume("finish")
        run("set scheduler-locking step")
        name = gdb.newest_frame().name()
        check("finish_to_dispatcher", not late and name == "syscall" and
              pc() == caller and "Value returned" in out,
              "now in %s at 0x%x (return address 0x%x)"
              % (name, pc(), caller))
        out = run("info threads")
        rows = re.findall(r"Thread \d+\.\d+ \(CPU#(\d+)", out)
        check("info_threads", len(rows) == CPUS and len(set(rows)) == CPUS,
              "%d threads for %d harts" % (len(rows), CPUS))
        run("delete")
        run("kite-user ps")
        run("break *0x%x" % write_stub)
        out, late = resume("continue")
        sym = run("info symbol $pc").strip()
        check("user_break", not late and hit_breakpoint_at(write_stub) and
              reg("priv") == 0 and sym.startswith("write "),
              "pc 0x%x (%s), privilege %d" % (pc(), sym, reg("priv")))
        if failed:
            return
        # In user mode the kernel's pages are out of reach (no PTE_U): the
        # kite-* commands read physical memory, and find the process from
        # the selected thread.
        out = run("kite-pt") + run("kite-user")
        check("helpers_in_user_mode", re.search(r"pid \d+ \(ps\) page "
                                                r"table", out) and
              "kite-user: user/_ps" in out, "kite-pt and kite-user find ps "
              "on the selected hart" if "(ps)" in out else
              out.strip().replace("\n", " | "))
        out, late = resume("stepi")
        check("user_stepi", not late and pc() > write_stub and
              reg("a7") == sys_write, "pc 0x%x, a7 = %d (write is %d)"
              % (pc(), reg("a7"), sys_write))
        insn = run("x/i $pc")
        ecall = pc()
        # A timer interrupt may reach uservec first: the condition lets
        # GDB resume past it (doc/debugging.md section 5).
        run("break *0x%x if $scause == 8" % uservec)
        out, late = resume("continue")
        # sscratch points at the trapframe, mapped in the user's page
        # table too (it is where uservec saves the registers).
        run("p/x ((struct trapframe *)$sscratch)->kernel_sp")
        ksp = u64(gdb.parse_and_eval(
            "((struct trapframe *)$sscratch)->kernel_sp"))
        check("ecall_to_uservec", not late and "ecall" in insn and
              hit_breakpoint_at(uservec) and reg("priv") == 1 and
              reg("scause") == 8 and reg("sepc") == ecall and ksp != 0,
              "pc 0x%x (uservec 0x%x), privilege %d, scause %d, sepc 0x%x "
              "(the ecall 0x%x), trapframe kernel_sp 0x%x"
              % (pc(), uservec, reg("priv"), reg("scause"), reg("sepc"),
                 ecall, ksp))
        if failed:
            return
        run("break *0x%x" % usertrap)
        out, late = resume("continue")
        a7 = int(gdb.parse_and_eval("cpus[$tp].proc->trapframe->a7"))
        who = run("print cpus[$tp].proc->name")
        check("uservec_to_usertrap", not late and hit_breakpoint_at(usertrap)
              and a7 == sys_write and
              re.search(r'= "ps", \'\\000\' <repeats 13 times>$', who.strip()),
              "process %s, trapframe a7 = %d"
              % (who.strip().split("= ", 1)[-1], a7))
    finally:
        end(guest)


# ---- helper_*: every kite-* command ----------------------------------

def helper_checks():
    guest = begin("helpers", CPUS, "")
    try:
        out, late = resume("continue", guest, ["gdbdemo &"],
                           ctrl_c="gdbdemo: ready")
        ready = "gdbdemo: ready" in guest.text()
        report("helper_setup", ready, "the guest ran gdbdemo in the "
               "background" if ready else "no 'gdbdemo: ready' on the console")
        if not ready:
            return
        time.sleep(0.1)
        out = run("kite-ps")
        procs = {}
        for line in out.split("\n")[1:]:
            f = line.split()
            if len(f) >= 4 and f[0].isdigit():
                name = [x for x in f if x in ("init", "sh", "gdbdemo")]
                procs[name[0] if name else f[-1]] = (int(f[0]), line)
        ok = all(n in procs for n in ("init", "sh", "gdbdemo")) and \
            procs["init"][0] == 1 and "sleeping" in procs["gdbdemo"][1]
        report("helper_ps", ok, "init, sh and a sleeping gdbdemo listed"
               if ok else "rows: %s" % out.strip().replace("\n", " | "))
        if not ok:
            return
        demo = procs["gdbdemo"][0]
        # -s: the stride scheduler's tickets and CPU ticks, as kept.
        out = run("kite-ps -s")
        tickets = int(gdb.parse_and_eval("proc[%d].tickets"
                                         % slot_of(demo)))
        ok = re.search(r"TICKETS +CPU ", out) and re.search(
            r"^ +%d +\d+ +\d+ +\d+ +%d +\d+ .*gdbdemo" % (demo, tickets),
            out, re.M)
        report("helper_ps_sched", bool(ok), "gdbdemo's %d tickets and its "
               "CPU ticks" % tickets if ok
               else out.strip().replace("\n", " | "))
        out = run("kite-bt %d" % demo)
        ok = all(w in out for w in ("sched+", "sleep", "ipc_wait",
                                    "sys_msgrcv", "usertrap"))
        report("helper_bt", ok, "gdbdemo's stack: sched, sleep, ipc_wait, "
               "sys_msgrcv, usertrap" if ok else out.strip()
               .replace("\n", " | "))
        out = run("kite-bt %d" % procs["sh"][0])
        ok = "console_read" in out and "sleep" in out and "usertrap" in out
        report("helper_bt_sh", ok, "sh sleeps in console_read" if ok
               else out.strip().replace("\n", " | "))
        out = run("kite-bt 1")
        ok = re.search(r"in (wait|kwait|waitpid)\w*\+", out) and \
            "usertrap" in out
        report("helper_bt_init", bool(ok), "init sleeps in wait" if ok
               else out.strip().replace("\n", " | "))
        out = run("kite-ipcs")
        ok = re.search(r"msg_ns: 1 objects.*\n.*\n.*0x00001234 .* qnum 1",
                       out) and re.search(r"0x00001235 .* nsems 2 values "
                                          r"\[3, 5\]", out) and \
            re.search(r"0x00001236 .* segsz 8192 pages 2 nattch 1", out) \
            and re.search(r"/gdbdemo\s+2\s", out)
        report("helper_ipcs", bool(ok), "gdbdemo's queue, set, segment and "
               "/gdbdemo" if ok else out.strip().replace("\n", " | "))
        out = run("kite-pt %d" % demo)
        ok = re.search(r"0x0000001000-0x[0-9a-f]+ +\d+ r-xu .* text", out) \
            and re.search(r"0x[0-9a-f]+-0x[0-9a-f]+ +2 rw-u .* shm", out) \
            and re.search(r"(r-x- .* trampoline|kernel, as in every page "
                          r"table .*)$", out, re.M)
        # -a: the kernel's part in full (kernel stacks, its text).
        out += run("kite-pt -a %d" % demo)
        ok = ok and ("trampoline" in out or
                     re.search(r"r-x- .* kernel text", out) and
                     "kernel stacks" in out)
        report("helper_pt", bool(ok), "text at 0x1000, shm, the kernel's "
               "part in one line, in full with -a" if ok
               else out.strip().replace("\n", " | "))
        epc = u64(gdb.parse_and_eval("proc[%d].trapframe->epc"
                                     % slot_of(demo)))
        out = run("kite-user gdbdemo") + run("info symbol 0x%x" % epc)
        ok = re.search(r"msgrcv \+ \d+ in section \.text", out)
        report("helper_user", bool(ok), "gdbdemo's sepc 0x%x is in msgrcv"
               % epc if ok else out.strip().replace("\n", " | "))
        # A hart inside sched() holds its process's lock.  Something
        # must run for a process to call it: a command at the shell.
        run("break sched")
        out, late = resume("continue", guest, ["echo hello"])
        if late or not hit_breakpoint_at(nm(KERNEL, "sched")) and \
                gdb.newest_frame().name() != "sched":
            report("helper_locks", False, "no hart reached sched()")
            return
        pid = int(gdb.parse_and_eval("cpus[$tp].proc->pid"))
        hart = int(gdb.parse_and_eval("$tp"))
        out = run("kite-locks")
        ok = re.search(r"hart %d \(pid %d .*\n(    .*\n)*    proc "
                       r"+0x[0-9a-f]+ proc\[\d+\]" % (hart, pid), out)
        report("helper_locks", bool(ok), "hart %d in sched holds pid %d's "
               "proc lock" % (hart, pid) if ok else out.strip()
               .replace("\n", " | "))
    finally:
        end(guest)


def slot_of(pid):
    for i in range(64):
        if int(gdb.parse_and_eval("proc[%d].pid" % i)) == pid and \
                int(gdb.parse_and_eval("proc[%d].state" % i)) != 0:
            return i
    raise RuntimeError("no pid %d" % pid)


def main():
    """gdb-test.sh runs one GDB per session, named by GDBTEST_SESSION:
    doc:NAME (doc:unchecked for the markers), trap or helpers.  Run by
    plain python3 instead, print the session names."""
    if gdb is None and len(sys.argv) > 2 and sys.argv[1] == "--apply":
        apply_updates(sys.argv[2])
        return
    if gdb is None:
        print("doc:unchecked")
        for name in doc_sessions()[0]:
            print("doc:" + name)
        print("trap\nhelpers")
        return
    session = os.environ["GDBTEST_SESSION"]
    try:
        if session.startswith("doc:"):
            doc_check(session[4:])
        elif session == "trap":
            trap_checks()
        else:
            helper_checks()
    except BaseException as e:
        report(session.replace("doc:", "doc_") + "_session", False,
               "%s: %s" % (type(e).__name__, e))


main()
