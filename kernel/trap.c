/*
 * Traps: system calls, exceptions and interrupts.
 *
 * Overview    From user mode, uservec (uservec.S) saves the user
 *             registers and jumps to usertrap(); from the kernel,
 *             kernelvec calls kerneltrap().  Both dispatch on scause:
 *             a system call, a device interrupt (PLIC), the timer, or
 *             a fault.
 *             A user page fault is first offered to cow_fault (a store
 *             to a copy-on-write page, vm.c) and then to mmap_fault (a
 *             page of a mapped file not loaded yet, or a first store to
 *             a clean shared one, mmap.c); what neither resolves is a
 *             fault.  A user fault kills the process (the kernel
 *             survives) and prints one console line saying why; a
 *             kernel fault is a kernel bug and panics (panic_trap, with
 *             a backtrace).  The first floating-point instruction of a
 *             process traps as illegal and turns floating point on for
 *             it (kernel/fpu.S).
 *             Alarms: a process may ask for a user handler to be called
 *             every N ticks of its CPU time (sigalarm); the handler
 *             ends with sigreturn, which resumes the interrupted code.
 * Objects     ticks: timer ticks since boot (HZ per second).  Every
 *             hart's tick also counts one for the process it runs
 *             (sched_tick, kernel/sched.c).
 * Operations  usertrap, usertrapret, kerneltrap, trap_init_hart.
 *             sigalarm(ticks, handler): 0; -EINVAL ticks < 0.  ticks 0
 *               stops the alarm.  sigreturn(): the interrupted a0;
 *               -EINVAL when no handler runs.  alarm_reset: fork's
 *               child (freeproc) and exec start without an alarm.
 * Design      The kernel is mapped in every process page table
 *             (vm.c), so entering and leaving user mode touch neither
 *             satp nor the TLB: stvec, sscratch (the trapframe),
 *             sepc and sstatus are all that change.
 *             The timer comes from SBI TIME: each tick re-arms the next
 *             one timebase/HZ ahead and yields the hart (the policy in
 *             sched.c picks who runs next).
 *             Only the boot hart advances `ticks`.
 *             Alarms: every hart's tick counts one toward the alarm of
 *             the process it runs (alarm_tick); the return to user mode
 *             at the end of usertrap, after any trap, delivers a due
 *             alarm (alarm_deliver): it saves the trapframe (and the
 *             f registers if in use) and sets epc to the handler; no
 *             alarm while the handler runs.  sigreturn copies them
 *             back; it returns the saved a0, since syscall() stores
 *             the result in a0.
 * Locking     tickslock protects ticks; sleep(&ticks) waits for a tick.
 *             The alarm fields of a process are touched only by the
 *             process itself and by the tick on the hart running it:
 *             no lock.
 * Origins     Written for Kite.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"
#include "sysinfo.h"
#include "wait.h"
#include "errno.h"

struct spinlock tickslock;
uint64 ticks;
int boot_hartid;

void kernelvec(void);
void uservec(void);
void userret(struct trapframe *tf) __attribute__((noreturn));

void
trap_init(void)
{
    initlock(&tickslock, "time");
}

static void
timer_arm(void)
{
    sbi_set_timer(r_time() + fdt.timebase / HZ);
}

/* This hart takes traps in kernelvec; timer and device interrupts on. */
void
trap_init_hart(void)
{
    CSR_WRITE(stvec, (uint64)kernelvec);
    CSR_WRITE(scounteren, 0x7); /* user may read cycle, time, instret */
    CSR_SET(sie, SIE_SEIE | SIE_STIE);
    timer_arm();
}

/* The timer found p running on this hart: one more tick of CPU
 * toward its alarm. */
static void
alarm_tick(struct proc *p)
{
    /* LAB traps: BEGIN */
    if (p->alarm_ticks > 0)
        p->alarm_elapsed++;
    /* LAB traps: STUB
    // Lab: count p's CPU time toward its alarm (labs/traps.md, part 2).
    (void)p;
       LAB traps: END */
}

/* p goes back to user mode: if its alarm is due and its handler is not
 * already running, make the return land in the handler instead, keeping
 * what sigreturn needs to resume where p was. */
static void
alarm_deliver(struct proc *p)
{
    /* LAB traps: BEGIN */
    if (p->alarm_ticks == 0 || p->alarm_running ||
        p->alarm_elapsed < p->alarm_ticks)
        return;
    p->alarm_elapsed = 0;
    p->alarm_running = 1;
    p->alarm_tf = *p->trapframe;
    p->alarm_fp_on = p->fp_on;
    if (p->fp_on)
        fpu_save(&p->alarm_fp); /* this hart's f registers are p's */
    p->trapframe->epc = p->alarm_handler;
    /* LAB traps: STUB
    // Lab: call the handler when the alarm is due (labs/traps.md,
    // part 2).
    (void)p;
       LAB traps: END */
}

/* p stops its alarms (exec, a new process). */
void
alarm_reset(struct proc *p)
{
    /* LAB traps: BEGIN */
    p->alarm_ticks = 0;
    p->alarm_elapsed = 0;
    p->alarm_running = 0;
    p->alarm_handler = 0;
    /* LAB traps: STUB
    // Lab: no alarm after exec, none in a new process (labs/traps.md,
    // part 2).
    (void)p;
       LAB traps: END */
}

/* sigalarm(ticks, handler): call handler every `ticks` ticks of the
 * caller's CPU time; ticks 0 stops.  Returns: 0, or -EINVAL for
 * ticks < 0. */
long
sys_sigalarm(void)
{
    int n = argint(0);
    uint64 handler = argaddr(1);
    /* LAB traps: BEGIN */
    struct proc *p = myproc();
    if (n < 0)
        return -EINVAL;
    p->alarm_ticks = n;
    p->alarm_handler = n ? handler : 0;
    p->alarm_elapsed = 0;
    return 0;
    /* LAB traps: STUB
    // Lab: set the caller's alarm (labs/traps.md, part 2).
    (void)n, (void)handler;
    return -EINVAL;
       LAB traps: END */
}

/* sigreturn(): the handler is done; resume where the alarm came.
 * Returns: the interrupted a0 (syscall() stores it back in a0), or
 * -EINVAL when no handler runs. */
long
sys_sigreturn(void)
{
    /* LAB traps: BEGIN */
    struct proc *p = myproc();
    if (!p->alarm_running)
        return -EINVAL;
    *p->trapframe = p->alarm_tf;
    if (p->alarm_fp_on)
        fpu_load(&p->alarm_fp);
    p->fp_on = p->alarm_fp_on;
    p->alarm_running = 0;
    return p->trapframe->a0;
    /* LAB traps: STUB
    // Lab: put back what the alarm interrupted (labs/traps.md, part 2).
    return -EINVAL;
       LAB traps: END */
}

/* A timer interrupt on this hart: count a tick of CPU for the process
 * it runs (every hart), advance `ticks` (the boot hart only). */
static void
clock_tick(void)
{
    struct proc *p = myproc(); /* 0 in the scheduler's loop */
    if (p) {
        sched_tick(p);
        alarm_tick(p);
    }
    if (cpuid() == boot_hartid) {
        acquire(&tickslock);
        ticks++;
        wakeup(&ticks);
        release(&tickslock);
    }
    timer_arm();
}

/* Handle an interrupt, if scause is one.
 * Returns: 2 for the timer, 1 for a device, 0 if not an interrupt. */
static int
dev_intr(uint64 scause)
{
    if (scause == (SCAUSE_INTR | IRQ_S_EXT)) {
        int irq = plic_claim();
        if (irq == UART0_IRQ)
            uart_intr();
        else if (irq == VIRTIO0_IRQ)
            virtio_disk_intr();
        if (irq)
            plic_complete(irq);
        return 1;
    }
    if (scause == (SCAUSE_INTR | IRQ_S_TIMER)) {
        clock_tick();
        return 2;
    }
    return 0;
}

/* p's first floating-point instruction trapped (FS was off): turn
 * floating point on for p, all registers zero.  If the instruction was
 * illegal for another reason, it traps again, now as a fault. */
static void
fp_first_use(struct proc *p)
{
    memset(&p->fp, 0, sizeof(p->fp));
    fpu_load(&p->fp);
    p->fp_on = 1;
}

/* p dies of a fault: say why on the console, in one line that leads
 * back to the source line (doc/traps.md).  A fetch from a bad address
 * (a call through a bad pointer) has sepc there: then ra says where the
 * call came from.  Sleeps: for the console.  Not inlined: its line
 * buffer would make usertrap's frame, on every system call, 270 bytes
 * bigger and save two more registers (make bench sees it). */
static void __attribute__((noinline))
report_fault(struct proc *p, uint64 scause, uint64 stval)
{
    char line[224];
    uint64 pc = p->trapframe->epc;
    int fetch = scause == EXC_INST_PAGE || scause == EXC_INST_ACCESS ||
                scause == EXC_INST_MISALIGNED;
    snprintf(line, sizeof(line),
             "kite: pid %d (%s) killed: %s at sepc %p, stval %p "
             "(%saddr2line -e user/_%s %p)\n",
             p->pid, p->name, scause_name(scause), pc, stval,
             fetch ? "called from ra: " : "", p->name,
             fetch ? p->trapframe->ra : pc);
    console_print(line);
}

/* The poison kernel: fill the free part of p's kernel stack with
 * POISON_BYTE, so a struct built on the stack and copied out with bytes
 * never written shows poison, not what an earlier call left there.
 * Interrupts are off, so nothing else uses the stack below us. */
static void
kstack_poison(struct proc *p)
{
    uint64 stop = r_sp() & ~7UL; /* a leaf: nothing of ours lies below */
    for (uint64 a = p->kstack; a < stop; a += 8)
        *(volatile uint64 *)a = POISON_BYTE * 0x0101010101010101UL;
}

/* A user store to a copy-on-write page: copy it.  Failure injection
 * (kalloc.c) spares this allocation: failing it can only kill the
 * process, and the test runners tests/faults.sh starts must live on to
 * see their system calls fail.  Real exhaustion still kills here.
 * Returns: 0, or what cow_fault returns. */
static int
store_fault(struct proc *p, uint64 va)
{
    p->failinj_off = 1;
    /* Threads: one at a time, and every hart forgets the old page. */
    int locked = vm_lock(p->pagetable);
    int r = 0;
    uint64 a = PGROUNDDOWN(va);
    if (!locked || walkaddr_writable(p->pagetable, a) == 0)
        r = cow_fault(p->pagetable, va);
    /* (else another thread copied it first; this hart had the old
     * read-only translation) */
    if (locked)
        tlb_flush(p->pagetable);
    vm_unlock(locked);
    p->failinj_off = 0;
    return r;
}

/* A trap from user mode.  Jumped to by uservec on the kernel stack. */
void
usertrap(void)
{
    /* Tell debuggers this is the outermost frame: uservec jumped here,
     * there is no caller.  GDB's bt ends here cleanly. */
    asm volatile(".cfi_undefined ra");
    if (CSR_READ(sstatus) & SSTATUS_SPP)
        panic("usertrap: not from user mode");
    if (POISONING)
        kstack_poison(myproc());
    CSR_WRITE(stvec, (uint64)kernelvec);
    struct proc *p = myproc();
    p->trapframe->epc = CSR_READ(sepc);
    uint64 scause = CSR_READ(scause);
    int which = 0;

    if (scause == EXC_ECALL_U) {
        p->trapframe->epc += 4;
        intr_on();
        syscall(p);
    } else if (scause == EXC_STORE_PAGE &&
               store_fault(p, CSR_READ(stval)) == 0) {
        /* a write to a copy-on-write page: now it has its own copy */
    } else if ((scause == EXC_LOAD_PAGE || scause == EXC_STORE_PAGE) &&
               mmap_fault(p, CSR_READ(stval), scause == EXC_STORE_PAGE) == 0) {
        /* a page of a mapped file loaded, or a shared one made dirty */
    } else if (scause == EXC_ILLEGAL_INSN && !p->fp_on) {
        fp_first_use(p); /* and run the instruction again */
    } else if ((which = dev_intr(scause)) == 0) {
        /* A fault: bad address, illegal instruction, write to a
         * read-only page.  The process dies as if killed. */
        report_fault(p, scause, CSR_READ(stval));
        setkilled(p);
    }
    if (killed(p))
        exit(W_EXITCODE(0, killed(p))); /* the signal that killed it */
    if (which == 2)
        yield();
    alarm_deliver(p);
    usertrapret(p);
}

/* Return to user space as p (the caller): set the CSRs the next trap
 * and sret use, then let userret restore the registers. */
void
usertrapret(struct proc *p)
{
    /* One write of sstatus (each CSR write costs QEMU a trip through its
     * main loop): interrupts off until sret, since a trap now would find
     * stvec = uservec; and what sret restores: user mode (SPP 0),
     * interrupts on there (SPIE), floating point only for a process
     * that uses it. */
    uint64 s = CSR_READ(sstatus);
    s &= ~(SSTATUS_SIE | SSTATUS_SPP | SSTATUS_FS);
    s |= SSTATUS_SPIE;
    if (p->fp_on)
        s |= SSTATUS_FS_INITIAL;
    CSR_WRITE(sstatus, s);
    CSR_WRITE(stvec, (uint64)uservec);

    /* LAB pgtbl: BEGIN */
    if (p->usys)
        p->usys->ticks = ticks; /* the shared page (pgtbl.c) */
    /* LAB pgtbl: STUB
       LAB pgtbl: END */
    p->trapframe->kernel_sp = KSTACK_SP(p->kstack);
    p->trapframe->kernel_hartid = r_tp();
    CSR_WRITE(sepc, p->trapframe->epc);
    CSR_WRITE(sscratch, (uint64)p->trapframe);
    userret(p->trapframe);
}

/* A trap from kernel mode, on the current kernel stack. */
void
kerneltrap(void)
{
    uint64 sepc = CSR_READ(sepc);
    uint64 sstatus = CSR_READ(sstatus);
    uint64 scause = CSR_READ(scause);

    if ((sstatus & SSTATUS_SPP) == 0)
        panic("kerneltrap: not from supervisor mode");
    if (intr_get())
        panic("kerneltrap: interrupts enabled");
    int which = dev_intr(scause);
    if (which == 0)
        panic_trap("kerneltrap: a fault in the kernel", scause, sepc,
                   CSR_READ(stval));
    if (which == 2 && myproc() != 0 && myproc()->state == RUNNING)
        yield();
    /* yield() may have run other code that changed these. */
    CSR_WRITE(sepc, sepc);
    CSR_WRITE(sstatus, sstatus);
}
