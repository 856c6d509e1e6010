# Kite's GDB helpers: commands that read the kernel's tables for you.
#
# Overview    GDB Python, loaded by .gdbinit (`source scripts/kite-gdb.py`),
#             in the manner of Linux's lx-ps family.  Each command reads
#             kernel memory of the halted machine and prints a table:
#               kite-connect [PORT]  attach to `make qemu-gdb`
#               kite-ps              the process table
#               kite-bt PID          a sleeping process's kernel stack
#               kite-locks           spinlocks held, per hart
#               kite-ipcs            System V namespaces, POSIX semaphores
#               kite-pt [PID]        a page table as collapsed ranges
#               kite-user [PROG]     load a user program's symbols
#             doc/debugging.md section 6 shows each one.
# Objects     Only the kernel's own: proc[], cpus[], the lock registry
#             of spinlock.c, msg_ns/sem_ns/shm_ns, ksem_table, page
#             tables.  Types and field names come from the kernel's debug
#             information, so a field added to struct proc needs no change
#             here; fields that may not exist (pgid, sid) are looked up.
# Design      Reads go to physical memory (QEMU's gdbstub packet
#             Qqemu.PhyMemMode:1) while a command runs, so they work
#             whichever hart is selected and whatever page table it has
#             loaded: the kernel's data is mapped at its physical address,
#             and kernel stacks (mapped high, memlayout.h) are translated
#             through kernel_pagetable by hand.  kite-bt does not use GDB's
#             unwinder (it needs registers, and a sleeping process has
#             none on a hart): it starts from p->context as swtch() saved
#             it and follows the frame-pointer chain the kernel is built
#             with (-fno-omit-frame-pointer): the return address is at
#             fp-8, the caller's fp at fp-16.
# Locking     None: the machine is stopped.  What a command shows may be
#             in the middle of an update on some hart (a lock being taken,
#             a list being linked); the tables say what memory holds.
# Interfaces  GDB commands; GDBPORT in the environment (make gdb sets
#             it); the parameter kite-user-path (directories searched by
#             kite-user, default "user:tests").
# Origins     Linux's scripts/gdb (lx-ps, lx-dmesg) for the idea; the
#             code is Kite's own.
import os
import re
import struct

import gdb

PGSIZE = 4096
PTE_V, PTE_R, PTE_W, PTE_X, PTE_U = 1, 2, 4, 8, 16
PTE_COW = 1 << 8
MAXVA = 1 << (9 + 9 + 9 + 12 - 1)
KERNBASE = 0x80000000  # RAM, mapped at its physical address
KSTACK_TOP = MAXVA - PGSIZE  # kernel stacks lie below (memlayout.h)
DIRECT_MAP_TOP = 1 << 32  # below: kernel addresses are physical ones
DEVICES = {  # device registers by physical address (memlayout.h)
    0x100000: "test finisher (poweroff)",
    0x0C000000: "PLIC",
    0x10000000: "UART, virtio disk",
}


def default_port():
    """make qemu-gdb's port: GDBPORT, else 26000 + uid % 4000 (the
    Makefile computes the same)."""
    env = os.environ.get("GDBPORT", "").strip()
    if env:
        return int(env)
    return 26000 + os.getuid() % 4000


# ---- memory ----------------------------------------------------------

class Physical:
    """While in effect, GDB's memory reads are physical addresses."""

    depth = 0
    works = None

    def __enter__(self):
        if Physical.depth == 0 and Physical.works is not False:
            Physical.works = self._mode(1)
        Physical.depth += 1
        return self

    def __exit__(self, *exc):
        Physical.depth -= 1
        if Physical.depth == 0 and Physical.works:
            self._mode(0)
        return False

    @staticmethod
    def _mode(on):
        try:
            out = gdb.execute("maint packet Qqemu.PhyMemMode:%d" % on,
                              to_string=True)
            gdb.execute("maint flush dcache", to_string=True)
        except gdb.error:
            return False
        return "OK" in out


def read(addr, n):
    return bytes(gdb.selected_inferior().read_memory(addr, n))


def read64(addr):
    return struct.unpack("<Q", read(addr, 8))[0]


def u64(value):
    return int(value) & 0xFFFFFFFFFFFFFFFF


def walk(root, va):
    """Physical address va maps to in page table root, or None."""
    a = root
    for level in (2, 1, 0):
        pte = read64(a + 8 * ((va >> (12 + 9 * level)) & 0x1FF))
        if not pte & PTE_V:
            return None
        pa = (pte >> 10) << 12
        if pte & (PTE_R | PTE_W | PTE_X):
            return pa + (va & ((1 << (12 + 9 * level)) - 1))
        a = pa
    return None


def kernel_read64(va):
    """A 64-bit word at kernel virtual address va."""
    if va >= DIRECT_MAP_TOP:
        root = u64(gdb.parse_and_eval("kernel_pagetable"))
        pa = walk(root, va)
        if pa is None:
            raise gdb.error("kernel address 0x%x is not mapped" % va)
        va = pa
    return read64(va)


# ---- the kernel's objects --------------------------------------------

def ev(expr):
    return gdb.parse_and_eval(expr)


def nproc():
    return ev("proc").type.range()[1] + 1


def ncpu():
    return ev("cpus").type.range()[1] + 1


def cstr(value):
    """A char array or char * as a Python string."""
    try:
        if value.type.code == gdb.TYPE_CODE_PTR and u64(value) == 0:
            return ""
        return value.string(errors="replace").split("\0")[0]
    except gdb.error:
        return "?"


def has_field(value, name):
    return any(f.name == name for f in value.type.strip_typedefs().fields())


def state_name(p):
    return str(p["state"]).lower()


def proc_by_pid(pid):
    for i in range(nproc()):
        p = ev("proc[%d]" % i)
        if int(p["state"]) != 0 and int(p["pid"]) == pid:
            return p
    raise gdb.GdbError("no process with pid %d" % pid)


def selected_hart():
    """The hart of GDB's selected thread.  QEMU numbers its threads from
    1 in hart order (Thread 1.1 is hart 0).  Not $tp: in user mode tp is
    the program's register, not the hart id."""
    ptid = gdb.selected_thread().ptid
    return (ptid[1] or ptid[2]) - 1


def current_proc():
    """The struct proc running on the selected hart, or None."""
    h = selected_hart()
    if not 0 <= h < ncpu() or u64(ev("cpus[%d].proc" % h)) == 0:
        return None
    return ev("cpus[%d].proc" % h).dereference()


def running_on():
    """{address of struct proc: hart} for the processes on a hart."""
    harts = {}
    for h in range(ncpu()):
        p = u64(ev("cpus[%d].proc" % h))
        if p:
            harts[p] = h
    return harts


def describe(addr):
    """What a kernel address points into: 'proc[3]', 'ticks', 'cons.r',
    or '' when it is not in a variable (kmalloc'd memory)."""
    if addr == 0:
        return ""
    try:
        out = gdb.execute("info symbol 0x%x" % addr, to_string=True)
    except gdb.error:
        return ""
    m = re.match(r"(\S+)(?: \+ (\d+))? in section", out)
    if not m:
        return ""
    name, off = m.group(1), int(m.group(2) or 0)
    try:
        t = ev("&" + name).type.target().strip_typedefs()
    except gdb.error:
        return name + ("+0x%x" % off if off else "")
    if t.code == gdb.TYPE_CODE_ARRAY and t.target().sizeof > 1:
        idx, off = divmod(off, t.target().sizeof)
        name += "[%d]" % idx
        t = t.target().strip_typedefs()
    if t.code == gdb.TYPE_CODE_STRUCT and off != 0:
        for f in t.fields():
            start = f.bitpos // 8 if hasattr(f, "bitpos") else 0
            if start <= off < start + f.type.sizeof:
                name, off = name + "." + f.name, off - start
                break
    return name + ("+0x%x" % off if off else "")


def fn_at(pc):
    """'sched+0x2a', and 'kernel/proc.c:366' for a return address pc."""
    block = gdb.block_for_pc(pc)
    while block is not None and block.function is None:
        block = block.superblock
    if block is None:
        where = "??"
    else:
        where = "%s+0x%x" % (block.function.name, pc - block.start)
    # The line of the call, not of the instruction after it; and the
    # function's own line, not one of a function inlined into it.
    own = block.function.symtab.filename if block is not None else None
    line = ""
    for back in range(1, 64, 2):
        sal = gdb.find_pc_line(pc - back)
        if sal.symtab is None:
            break
        if own is None or sal.symtab.filename == own:
            line = "%s:%d" % (sal.symtab.filename, sal.line)
            break
    return where, line


class KiteCommand(gdb.Command):
    """Base: runs invoke_kite with physical reads; errors as messages."""

    def invoke(self, arg, from_tty):
        if not gdb.selected_inferior().pid:
            raise gdb.GdbError("not attached: kite-connect first")
        with Physical():
            self.invoke_kite(arg.strip())


# ---- kite-connect ----------------------------------------------------

class KiteConnect(gdb.Command):
    """Attach to QEMU's GDB stub: kite-connect [PORT].
The port is GDBPORT from the environment (make gdb sets it), else
26000 + uid % 4000, the port make qemu-gdb listens on."""

    def __init__(self):
        super().__init__("kite-connect", gdb.COMMAND_RUNNING)

    def invoke(self, arg, from_tty):
        port = int(arg) if arg.strip() else default_port()
        gdb.execute("target remote localhost:%d" % port)
        # After target remote: before it GDB has no target to lock.
        # With several harts, `next` must not wander to another one.
        gdb.execute("set scheduler-locking step")


# ---- kite-ps ---------------------------------------------------------

class KitePs(KiteCommand):
    """The process table: kite-ps [-s].
One row per used slot: pid, parent's pid, process group and session when
struct proc has them, state, name, and where it is: the hart a running
process is on, or the channel a sleeper waits on and the variable that
address is in.  -s adds the scheduler's view when struct proc has it:
tickets (the share under stride scheduling) and CPU, the timer ticks the
process has run."""

    def __init__(self):
        super().__init__("kite-ps", gdb.COMMAND_DATA)

    def invoke_kite(self, arg):
        if arg.strip() not in ("", "-s"):
            raise gdb.GdbError("usage: kite-ps [-s]")
        harts = running_on()
        p0 = ev("proc[0]")
        # Process groups and sessions, if this kernel has them (an int
        # field under one of the usual names); with -s the scheduler's.
        cols = [("PGID", ("pgid", "pgrp")), ("SID", ("sid", "session"))]
        if arg.strip() == "-s":
            cols += [("TICKETS", ("tickets",)), ("CPU", ("cputicks",))]
        extra = []
        for col, names in cols:
            found = [n for n in names if has_field(p0, n) and
                     p0[n].type.strip_typedefs().code == gdb.TYPE_CODE_INT]
            if found:
                extra.append((col, found[0]))
        head = "%4s %4s " % ("PID", "PPID")
        head += "".join("%*s " % (max(4, len(col)), col)
                        for col, _ in extra)
        print(head + "%-10s %-15s %s" % ("STATE", "NAME", "WHERE"))
        for i in range(nproc()):
            p = ev("proc[%d]" % i)
            if int(p["state"]) == 0:
                continue
            parent = u64(p["parent"])
            ppid = int(p["parent"]["pid"]) if parent else 0
            row = "%4d %4d " % (int(p["pid"]), ppid)
            row += "".join("%*d " % (max(4, len(col)), int(p[f]))
                           for col, f in extra)
            state = state_name(p)
            addr = u64(p.address)
            chan = u64(p["chan"])
            where = ""
            if addr in harts:
                where = "hart %d" % harts[addr]
            elif state == "sleeping" and chan:
                where = "0x%x %s" % (chan, describe(chan))
            print(row + "%-10s %-15s %s" % (state, cstr(p["name"]),
                                             where.rstrip()))


# ---- kite-bt ---------------------------------------------------------

class KiteBt(KiteCommand):
    """Kernel backtrace of a process that is off its hart: kite-bt PID.
Starts at the registers swtch() saved in p->context (ra: the return into
sched(), s0: sched's frame pointer) and follows the frame pointers down
the process's kernel stack.  For a running process, select its hart
(`thread N`) and use `bt`."""

    def __init__(self):
        super().__init__("kite-bt", gdb.COMMAND_STACK)

    def invoke_kite(self, arg):
        if not arg:
            raise gdb.GdbError("usage: kite-bt PID")
        p = proc_by_pid(int(arg, 0))
        state = state_name(p)
        harts = running_on()
        if u64(p.address) in harts:
            raise gdb.GdbError(
                "pid %s is running on hart %d: `thread %d`, then `bt`"
                % (arg, harts[u64(p.address)], harts[u64(p.address)] + 1))
        print("pid %d (%s), %s, kernel stack 0x%x:"
              % (int(p["pid"]), cstr(p["name"]), state, u64(p["kstack"])))
        lo = u64(p["kstack"])
        hi = lo + PGSIZE
        pc = u64(p["context"]["ra"])
        fp = u64(p["context"]["s0"])
        for n in range(64):
            where, line = fn_at(pc)
            print("#%-2d 0x%016x in %s%s" % (n, pc, where,
                                             " at " + line if line else ""))
            # A frame pointer outside the stack ends the walk: the frame
            # of the trap handler, whose caller is not a call.
            if not lo < fp <= hi:
                break
            pc = kernel_read64(fp - 8)
            fp = kernel_read64(fp - 16)
            if pc == 0 or gdb.block_for_pc(pc) is None:
                break


# ---- kite-locks ------------------------------------------------------

def all_spinlocks():
    """(address, description) of every spinlock the kernel can name."""
    seen = {}

    def add(lk, what=""):
        a = u64(lk.address)
        if a not in seen:
            seen[a] = what
    reg = ev("all_locks")
    for i in range(int(ev("nlocks"))):
        lk = reg[i].dereference()
        add(lk, describe(u64(reg[i])))
    for i in range(nproc()):  # registered too, but name the process
        seen[u64(ev("&proc[%d].lock" % i))] = "proc[%d]" % i
    for ns in ("msg_ns", "sem_ns", "shm_ns"):
        tab = ev(ns)["table"]
        for i in range(int(ev(ns)["tabsz"])):
            add(tab[i]["lock"], "%s slot %d" % (ns, i))
    return seen


class KiteLocks(KiteCommand):
    """Spinlocks held, per hart: kite-locks.
Looks at every lock the kernel can name: the boot-time registry of
spinlock.c (all_locks; it includes every proc, ksem and sleep-queue
lock) and the slots of the three IPC tables; a LOCKDEBUG kernel also
lists each hart's held locks (cpu.held), which adds the ones made after
boot (pipes).  Also shows each hart's push_off depth (noff):
a hart holding n locks has noff >= n."""

    def __init__(self):
        super().__init__("kite-locks", gdb.COMMAND_DATA)

    def invoke_kite(self, arg):
        held = {h: [] for h in range(ncpu())}
        for addr, what in sorted(all_spinlocks().items()):
            lk = ev("*(struct spinlock *)0x%x" % addr)
            if int(lk["locked"]) == 0:
                continue
            h = int(lk["hart"])
            held.setdefault(h, []).append((cstr(lk["name"]), addr, what))
        # A LOCKDEBUG kernel lists what each hart holds (cpu.held[]): that
        # adds the locks no table names (a pipe's).
        for h in range(ncpu()):
            c = ev("cpus[%d]" % h)
            for i in range(int(c["nheld"])):
                lk = c["held"][i]
                if all(u64(lk) != a for _, a, _ in held.get(h, [])):
                    held.setdefault(h, []).append(
                        (cstr(lk["name"]), u64(lk), describe(u64(lk))))
        started = min(int(ev("fdt.nharts")), ncpu())
        for h in sorted(held):
            if h >= started and not held[h]:
                continue
            c = ev("cpus[%d]" % h) if 0 <= h < ncpu() else None
            head = "hart %d" % h if h >= 0 else "no holder"
            if c is not None:
                p = u64(c["proc"])
                who = ("pid %d %s" % (int(c["proc"]["pid"]),
                                      cstr(c["proc"]["name"])) if p
                       else "scheduler")
                head += " (%s, noff %d)" % (who, int(c["noff"]))
            print(head + ":" + ("" if held[h] else " none"))
            for name, addr, what in held[h]:
                print("    %-12s 0x%x %s" % (name, addr, what))


# ---- kite-ipcs -------------------------------------------------------

def ns_objects(ns):
    perm = ev(ns)["all"]
    while u64(perm):
        yield perm
        perm = perm["lnext"]


def perm_row(perm):
    return "%-10d 0x%08x %3d %3d %04o %3d%s" % (
        int(perm["id"]), u64(perm["key"]) & 0xFFFFFFFF, int(perm["uid"]),
        int(perm["gid"]), int(perm["mode"]), int(perm["ref"]),
        " removed" if int(perm["removed"]) else "")


class KiteIpcs(KiteCommand):
    """The System V IPC namespaces and the POSIX semaphore table:
kite-ipcs.  For each namespace (msg_ns, sem_ns, shm_ns) its table size
and every object on its list, with id, key, owner, mode, references and
what the facility keeps (queued messages, semaphore values, segment size
and attachments); then every used slot of ksem_table."""

    def __init__(self):
        super().__init__("kite-ipcs", gdb.COMMAND_DATA)

    def invoke_kite(self, arg):
        head = "%-10s %-10s %3s %3s %4s %3s" % ("ID", "KEY", "UID", "GID",
                                                "MODE", "REF")
        kinds = (("msg_ns", "struct msqueue", self.msq),
                 ("sem_ns", "struct semset", self.semset),
                 ("shm_ns", "struct shmseg", self.shmseg))
        for ns, tname, detail in kinds:
            n = ev(ns)
            print("%s: %d objects, table %d slots, %d used"
                  % (ns, int(n["alive"]), int(n["tabsz"]), int(n["used"])))
            objs = list(ns_objects(ns))
            if objs:
                print("  " + head)
            ptr = gdb.lookup_type(tname).pointer()
            for perm in objs:
                obj = perm.cast(ptr).dereference()
                print("  " + perm_row(perm) + "  " + detail(obj))
        self.ksems()

    @staticmethod
    def msq(q):
        return "qnum %d cbytes %d qbytes %d" % (
            int(q["qnum"]), int(q["cbytes"]), int(q["qbytes"]))

    @staticmethod
    def semset(s):
        vals = [int(s["sems"][i]["val"]) for i in range(int(s["nsems"]))]
        return "nsems %d values %s" % (len(vals), vals)

    @staticmethod
    def shmseg(s):
        return "segsz %d pages %d nattch %d cpid %d" % (
            int(s["segsz"]), int(s["npages"]), int(s["nattch"]),
            int(s["cpid"]))

    @staticmethod
    def ksems():
        t = ev("ksem_table")
        sems = t["sems"]
        n = sems.type.range()[1] + 1
        print("ksem_table: %d of %d slots used" % (int(t["nused"]), n))
        rows = []
        for i in range(n):
            k = sems[i]
            if not int(k["used"]):
                continue
            ident = (int(k["seq"]) << 16) | i
            name = cstr(k["name"]) or "(unnamed)"
            if int(k["unlinked"]):
                name += " (unlinked)"
            rows.append("  %4d %-10d %-20s %5d %7d %4d %04o" % (
                i, ident, name, int(k["value"]), int(k["waiters"]),
                int(k["refs"]), int(k["mode"])))
        if rows:
            print("  %4s %-10s %-20s %5s %7s %4s %4s" % (
                "SLOT", "ID", "NAME", "VALUE", "WAITERS", "REFS", "MODE"))
            print("\n".join(rows))


# ---- kite-pt ---------------------------------------------------------

def leaves(root):
    """(va, pa, size, flags) of every leaf mapping of a Sv39 table."""
    def level(table, lvl, base):
        data = read(table, PGSIZE)
        for i in range(512):
            pte = struct.unpack_from("<Q", data, 8 * i)[0]
            if not pte & PTE_V:
                continue
            va = base | (i << (12 + 9 * lvl))
            if lvl == 2 and i >= 256:  # sign-extend bit 38 (unused here)
                va |= ~((1 << 39) - 1) & 0xFFFFFFFFFFFFFFFF
            pa = (pte >> 10) << 12
            if pte & (PTE_R | PTE_W | PTE_X) or lvl == 0:
                yield va, pa, 1 << (12 + 9 * lvl), pte & 0x3FF
            else:
                yield from level(pa, lvl - 1, va)
    yield from level(root, 2, 0)


def flag_str(f):
    if f is None:
        return "(mixed)"
    s = "".join(c if f & b else "-" for c, b in
                (("r", PTE_R), ("w", PTE_W), ("x", PTE_X), ("u", PTE_U)))
    return s + (" cow" if f & PTE_COW else "")


def collapse(maps, cuts=()):
    """Join neighbours with the same permissions, unless an address of
    cuts separates them: [va, end, flags, pages, first pa]."""
    ranges = []
    for va, pa, size, f in maps:
        f &= PTE_R | PTE_W | PTE_X | PTE_U | PTE_COW
        last = ranges[-1] if ranges else None
        if last and last[1] == va and last[2] == f and va not in cuts:
            last[1] += size
            last[3] += size // PGSIZE
        else:
            ranges.append([va, va + size, f, size // PGSIZE, pa])
    return ranges


class KitePt(KiteCommand):
    """A page table as ranges: kite-pt [-a] [PID].
Neighbouring pages with the same permissions are one line: start, end,
pages, r/w/x/u (and cow for a shared copy-on-write page), the first
physical page, and what the range is.  Without PID: the process on the
selected hart, or the kernel's page table in the scheduler.  A process's
table maps the kernel too, the same in every process: it is one summary
line unless -a asks for all of it."""

    def __init__(self):
        super().__init__("kite-pt", gdb.COMMAND_DATA)

    def invoke_kite(self, arg):
        words = arg.split()
        every = "-a" in words
        words = [w for w in words if w != "-a"]
        if len(words) > 1:
            raise gdb.GdbError("usage: kite-pt [-a] [PID]")
        p = proc_by_pid(int(words[0], 0)) if words else current_proc()
        if p is None:
            root = u64(ev("kernel_pagetable"))
            print("kernel page table at 0x%x:" % root)
        else:
            root = u64(p["pagetable"])
            print("pid %d (%s) page table at 0x%x, sz 0x%x:" % (
                int(p["pid"]), cstr(p["name"]), root, u64(p["sz"])))
        shm = shm_windows(p)
        cuts = set(a for w in shm for a in w)
        if p is not None:
            cuts.add(u64(p["heap_start"]))
        ranges = [r + [self.what(p, shm, *r[:3], pa=r[4], every=every)]
                  for r in collapse(leaves(root), cuts)]
        ranges = self.join(ranges, "kernel stacks, a guard page below each")
        if p is not None:  # a kernel mapped in every page table: one line
            ranges = self.join(ranges, KERNEL_HALF)
        for va, end, f, n, pa, what in ranges:
            print("  0x%010x-0x%010x %6d %-8s pa 0x%x%s" % (
                va, end, n, flag_str(f), pa, "  " + what if what else ""))

    @staticmethod
    def join(ranges, what):
        """The ranges labelled what as one line (the kernel stacks: one
        page each, an unmapped guard page between two)."""
        some = [r for r in ranges if r[5] == what]
        if len(some) < 2:
            return ranges
        rest = [r for r in ranges if r[5] != what]
        first, last = some[0], some[-1]
        flags = first[2] if all(r[2] == first[2] for r in some) else None
        return sorted(rest + [[first[0], last[1], flags,
                               sum(r[3] for r in some), first[4], what]])

    @staticmethod
    def what(p, shm, va, end, f, pa, every=False):
        trampoline = old_trampoline()
        if trampoline and va == KSTACK_TOP:
            return "trampoline"
        if trampoline and va == KSTACK_TOP - PGSIZE and p is not None:
            return "trapframe"
        if p is None or (va >= KERNBASE and not trampoline):
            # The kernel's part (in every process's table since uservec.S).
            if p is not None and not every:
                return KERNEL_HALF
            if KSTACK_TOP - 2 * PGSIZE * nproc() <= va < KSTACK_TOP:
                return "kernel stacks, a guard page below each"
            if pa in DEVICES:
                return DEVICES[pa]
            if pa == KERNBASE and f & PTE_X:
                return "OpenSBI, kernel text"
            return "kernel data, free RAM" if pa > KERNBASE else ""
        heap = u64(p["heap_start"])
        if any(lo <= va < hi for lo, hi in shm):
            return "shm"
        if f & PTE_X and f & PTE_U:
            return "text"
        if va >= heap and end <= u64(p["sz"]):
            return "heap"
        if end == heap and f & PTE_U:
            return "stack"
        if not f & PTE_U:
            return "guard"
        return "data"


KERNEL_HALF = "kernel, as in every page table (kite-pt -a: all of it)"


def old_trampoline():
    """Has this kernel a trampoline page at the top (the layout before
    uservec.S mapped the kernel into every page table)?"""
    try:
        ev("(long)&trampoline")
        return True
    except gdb.error:
        return False


def shm_windows(p):
    """[(start, end)] of p's shared-memory attachments (p->shm)."""
    if p is None or not has_field(p, "shm"):
        return []
    out = []
    for i in range(p["shm"].type.range()[1] + 1):
        a = p["shm"][i]
        if u64(a["va"]):
            out.append((u64(a["va"]), u64(a["va"]) + u64(a["len"])))
    return out


# ---- kite-user -------------------------------------------------------

def elf_text_addr(path):
    """Address of the .text section of a 64-bit little-endian ELF."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] != 2:
        raise gdb.GdbError("%s: not a 64-bit ELF file" % path)
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    names_off = struct.unpack_from("<Q", data,
                                   shoff + shstrndx * shentsize + 0x18)[0]
    for i in range(shnum):
        sh = shoff + i * shentsize
        name_off, = struct.unpack_from("<I", data, sh)
        end = data.index(b"\0", names_off + name_off)
        if data[names_off + name_off:end] == b".text":
            return struct.unpack_from("<Q", data, sh + 0x10)[0]
    raise gdb.GdbError("%s: no .text section" % path)


class KiteUserPath(gdb.Parameter):
    """Directories kite-user searches for _PROG, separated by ':'."""

    set_doc = "Set the directories kite-user searches."
    show_doc = "Show the directories kite-user searches."

    def __init__(self):
        super().__init__("kite-user-path", gdb.COMMAND_FILES,
                         gdb.PARAM_STRING)
        self.value = "user:tests"

    def get_show_string(self, svalue):
        return svalue


class KiteUser(gdb.Command):
    """Load a user program's symbols: kite-user [PROG].
Finds _PROG in the directories of `show kite-user-path` (user, tests),
reads the address of its .text from the file (0x1000: user/user.ld),
drops the symbols kite-user loaded before (every program uses the same
addresses, so two at once would clash), and runs add-symbol-file.
Without PROG: the program of the process on the selected hart."""

    loaded = None

    def __init__(self):
        super().__init__("kite-user", gdb.COMMAND_FILES, gdb.COMPLETE_FILENAME)

    def invoke(self, arg, from_tty):
        prog = arg.strip()
        if not prog:
            with Physical():
                p = current_proc()
                if p is None:
                    raise gdb.GdbError("usage: kite-user PROG (no process "
                                       "on this hart)")
                prog = cstr(p["name"])
        path = self.find(prog)
        text = elf_text_addr(path)
        if KiteUser.loaded:
            try:
                gdb.execute("remove-symbol-file %s" % KiteUser.loaded,
                            to_string=True)
            except gdb.error:
                pass
        gdb.execute("add-symbol-file %s 0x%x" % (path, text), to_string=True)
        KiteUser.loaded = path
        print("kite-user: %s, .text at 0x%x" % (path, text))

    @staticmethod
    def find(prog):
        if os.path.sep in prog and os.path.exists(prog):
            return prog
        base = prog.lstrip("/").lstrip("_")
        for d in gdb.parameter("kite-user-path").split(":"):
            path = os.path.join(d, "_" + base)
            if os.path.exists(path):
                return path
        raise gdb.GdbError("no _%s in %s" % (base,
                           gdb.parameter("kite-user-path")))


KiteConnect()
KitePs()
KiteBt()
KiteLocks()
KiteIpcs()
KitePt()
KiteUserPath()
KiteUser()
