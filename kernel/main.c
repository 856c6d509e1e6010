/*
 * Boot.
 *
 * Overview    OpenSBI enters main() on one hart (any id) with the device
 *             tree; main() brings up every subsystem in dependency
 *             order, starts the other harts through SBI HSM, creates
 *             the first process and joins the scheduler.  The other
 *             harts enter main_hart(), wait for boot_done, turn on
 *             paging and interrupts, and join too.
 * Locking     boot_done is written once by the boot hart after all
 *             initialisation (with a fence); the others spin on it.
 * Origins     Written for Kite.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"

volatile int boot_done;
extern int boot_hartid;
extern char _entry_hart[];

/* Start every hart the device tree lists except ours.
 * Returns: how many started. */
static int
start_other_harts(int self)
{
    int started = 0;
    for (int i = 0; i < fdt.nharts; i++) {
        int id = fdt.hartids[i];
        if (id == self || id >= NCPU)
            continue;
        if (sbi_hart_start(id, (uint64)_entry_hart, 0) == 0)
            started++;
        else
            printf("kite: hart %d did not start\n", id);
    }
    return started;
}

void
main(uint64 hartid, uint64 fdt_pa)
{
    boot_hartid = hartid; /* entry.S sized boot stacks for ids < NCPU */
    fdt_parse(fdt_pa);
    kinit();
    kvm_init();
    kvm_init_hart(); /* paging on: devices are at KDEV from here on */
    console_init();
    printf_init();
    /* The first line after OpenSBI's banner: easy to find */
    printf("\n=== kite: kernel on hart %d "
           "========================================\n",
           (int)hartid);
    kmalloc_init();
    proc_init();
    sched_init();
    trap_init();
    trap_init_hart();
    plic_init();
    plic_init_hart();
    binit();
    iinit();
    fileinit();
    virtio_disk_init();
    ksem_init_table();
    msg_init();
    sem_init_ns();
    shm_init();
    userinit();

    int others = start_other_harts(hartid);
    printf("kite: %d hart%s started (boot hart %d), %ld MiB of RAM at %p\n",
           others + 1, others ? "s" : "", (int)hartid, fdt.mem_size >> 20,
           fdt.mem_base);
    if (fdt.harts_listed > NCPU)
        printf("kite: the machine has %d harts; this kernel starts at most "
               "NCPU = %d (kernel/param.h)\n",
               fdt.harts_listed, NCPU);
    if (fdt.bootargs[0])
        printf("kite: bootargs \"%s\"\n", fdt.bootargs);
    __sync_synchronize();
    boot_done = 1;
    scheduler();
}

void
main_hart(uint64 hartid)
{
    (void)hartid;
    while (boot_done == 0)
        ;
    __sync_synchronize();
    kvm_init_hart();
    trap_init_hart();
    plic_init_hart();
    scheduler();
}
