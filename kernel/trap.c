/*
 * Traps: system calls, exceptions and interrupts.
 *
 * Overview    From user mode, uservec (trampoline.S) saves the user
 *             registers and calls usertrap(); from the kernel, kernelvec
 *             calls kerneltrap().  Both dispatch on scause: a system
 *             call, a device interrupt (PLIC), the timer, or a fault.
 *             A user fault kills the process (the kernel survives); a
 *             kernel fault is a kernel bug and panics.  The first
 *             floating-point instruction of a process traps as illegal
 *             and turns floating point on for it (kernel/fpu.S).
 * Objects     ticks: timer ticks since boot (HZ per second).
 * Operations  usertrap, usertrapret, kerneltrap, trap_init_hart.
 * Design      The timer comes from SBI TIME: each tick re-arms the next
 *             one timebase/HZ ahead and yields the hart (round robin).
 *             Only the boot hart advances `ticks`.
 * Locking     tickslock protects ticks; sleep(&ticks) waits for a tick.
 * Origins     Written for Kite.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"
#include "wait.h"

struct spinlock tickslock;
uint64 ticks;
int boot_hartid;

extern char trampoline[], uservec[], userret[];
extern pagetable_t kernel_pagetable;
void kernelvec(void);

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

static void
clock_tick(void)
{
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

/* A user store to a copy-on-write page: copy it.  Failure injection
 * (kalloc.c) spares this allocation: failing it can only kill the
 * process, and the test runners tests/faults.sh starts must live on to
 * see their system calls fail.  Real exhaustion still kills here.
 * Returns: 0, or what cow_fault returns. */
static int
store_fault(struct proc *p, uint64 va)
{
    p->failinj_off = 1;
    int r = cow_fault(p->pagetable, va);
    p->failinj_off = 0;
    return r;
}

/* A trap from user mode.  Called from uservec on the kernel stack. */
void
usertrap(void)
{
    if (CSR_READ(sstatus) & SSTATUS_SPP)
        panic("usertrap: not from user mode");
    CSR_WRITE(stvec, (uint64)kernelvec);
    struct proc *p = myproc();
    p->trapframe->epc = CSR_READ(sepc);
    uint64 scause = CSR_READ(scause);
    int which = 0;

    if (scause == EXC_ECALL_U) {
        p->trapframe->epc += 4;
        intr_on();
        syscall();
    } else if (scause == EXC_STORE_PAGE &&
               store_fault(p, CSR_READ(stval)) == 0) {
        /* a write to a copy-on-write page: now it has its own copy */
    } else if (scause == EXC_ILLEGAL_INSN && !p->fp_on) {
        fp_first_use(p); /* and run the instruction again */
    } else if ((which = dev_intr(scause)) == 0) {
        /* A fault: bad address, illegal instruction, write to a
         * read-only page.  The process dies as if killed. */
        setkilled(p);
    }
    if (killed(p))
        exit(W_EXITCODE(0, SIGKILL));
    if (which == 2)
        yield();
    usertrapret();
}

/* Return to user space through the trampoline. */
void
usertrapret(void)
{
    struct proc *p = myproc();
    intr_off();
    uint64 uservec_va = TRAMPOLINE + (uservec - trampoline);
    CSR_WRITE(stvec, uservec_va);

    p->trapframe->kernel_satp = CSR_READ(satp);
    p->trapframe->kernel_sp = p->kstack + PGSIZE;
    p->trapframe->kernel_trap = (uint64)usertrap;
    p->trapframe->kernel_hartid = r_tp();

    uint64 s = CSR_READ(sstatus);
    s &= ~SSTATUS_SPP; /* to user mode */
    s |= SSTATUS_SPIE; /* interrupts on there */
    s &= ~SSTATUS_FS;  /* floating point only for processes using it */
    if (p->fp_on)
        s |= SSTATUS_FS_INITIAL;
    CSR_WRITE(sstatus, s);
    CSR_WRITE(sepc, p->trapframe->epc);
    CSR_WRITE(sscratch, TRAPFRAME);

    uint64 satp = MAKE_SATP(p->pagetable);
    uint64 userret_va = TRAMPOLINE + (userret - trampoline);
    ((void (*)(uint64))userret_va)(satp);
    for (;;)
        ;
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
    if (which == 0) {
        printf("scause %lx sepc %lx stval %lx hart %d\n", scause, sepc,
               CSR_READ(stval), cpuid());
        panic("kerneltrap");
    }
    if (which == 2 && myproc() != 0 && myproc()->state == RUNNING)
        yield();
    /* yield() may have run other code that changed these. */
    CSR_WRITE(sepc, sepc);
    CSR_WRITE(sstatus, sstatus);
}
