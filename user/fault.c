/*
 * fault: die of a fault on purpose, to see how the kernel reports it
 * (doc/traps.md, "When a program dies of a fault").  The kernel kills
 * the process and prints one console line: the fault, sepc (the
 * instruction) and stval (the address), with the addr2line command that
 * finds the source line.  tests/fault-test.sh checks each kind.
 *
 *   fault store     write through a null pointer    (store page fault)
 *   fault load      read an unmapped address        (load page fault)
 *   fault jump      call a null function pointer    (instruction page fault)
 *   fault illegal   run an instruction that is not  (illegal instruction)
 */
#include "user/user.h"

#define UNMAPPED 0x3ead0000UL /* far above this program and its heap */

/* volatile: the compiler may not assume what these hold, so it makes
 * the faulting access instead of optimising it away. */
static int *volatile null_int;
static int *volatile unmapped = (int *)UNMAPPED;
static void (*volatile null_fn)(void);
static volatile int sink;

static void
fault_store(void)
{
    *null_int = 1; /* fault: store */
}

static void
fault_load(void)
{
    sink = *unmapped; /* fault: load */
}

static void
fault_jump(void)
{
    null_fn(); /* fault: jump (sepc is 0, ra the return address) */
}

static void
fault_illegal(void)
{
    asm volatile("unimp"); /* fault: illegal (unimp: never legal) */
}

int
main(int argc, char *argv[])
{
    char *kind = argc > 1 ? argv[1] : "";
    printf("fault: %s\n", kind);
    if (strcmp(kind, "store") == 0)
        fault_store();
    else if (strcmp(kind, "load") == 0)
        fault_load();
    else if (strcmp(kind, "jump") == 0)
        fault_jump();
    else if (strcmp(kind, "illegal") == 0)
        fault_illegal();
    else
        fprintf(2, "usage: fault store|load|jump|illegal\n");
    exit(1); /* reached only without a fault */
}
