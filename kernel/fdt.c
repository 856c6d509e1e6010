/*
 * Flattened device tree (FDT) reader.
 *
 * Overview    OpenSBI hands the kernel a device tree blob describing the
 *             machine.  We read it once, at boot, before any page is
 *             allocated (the blob lives in RAM we later reuse).
 * Objects     struct fdt_info fdt: memory base and size, hart ids,
 *             timebase-frequency, /chosen/bootargs.
 * Operations  fdt_parse(pa): walk the structure block and fill fdt.
 * Design      The blob is a stream of big-endian tokens: BEGIN_NODE
 *             name, PROP (len, name offset, value), END_NODE, END.  We
 *             keep a small stack of node names so a property is judged
 *             by the path it sits under (/memory@..., /cpus/cpu@...).
 * Locking     None: runs on the boot hart before the others start.
 * Origins     The Devicetree Specification v0.4, chapter 5.
 */
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "spinlock.h"
#include "defs.h"

#define FDT_MAGIC 0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9
#define MAX_DEPTH 8

struct fdt_info fdt;

struct fdt_header {
    uint32 magic, totalsize, off_dt_struct, off_dt_strings;
    uint32 off_mem_rsvmap, version, last_comp_version, boot_cpuid_phys;
    uint32 size_dt_strings, size_dt_struct;
};

static uint32
be32(const void *p)
{
    const uchar *b = p;
    return ((uint32)b[0] << 24) | ((uint32)b[1] << 16) | ((uint32)b[2] << 8) |
           b[3];
}

/* Read a value of `cells` 32-bit cells (1 or 2). */
static uint64
read_cells(const uchar *p, int cells)
{
    uint64 v = 0;
    for (int i = 0; i < cells; i++)
        v = (v << 32) | be32(p + 4 * i);
    return v;
}

static int
starts_with(const char *s, const char *prefix)
{
    while (*prefix)
        if (*s++ != *prefix++)
            return 0;
    return 1;
}

/* One property of the node at depth `depth` with the path in names[]. */
static void
fdt_property(const char **names, int depth, const char *prop, const uchar *val,
             uint32 len)
{
    const char *node = names[depth];
    if (depth == 1 && starts_with(node, "memory") && starts_with(prop, "reg") &&
        len >= 16 && fdt.mem_size == 0) {
        fdt.mem_base = read_cells(val, 2);
        fdt.mem_size = read_cells(val + 8, 2);
    } else if (depth == 1 && starts_with(node, "cpus") &&
               starts_with(prop, "timebase-frequency")) {
        fdt.timebase = read_cells(val, len >= 8 ? 2 : 1);
    } else if (depth == 2 && starts_with(names[1], "cpus") &&
               starts_with(node, "cpu@") && starts_with(prop, "reg")) {
        if (fdt.nharts < NCPU)
            fdt.hartids[fdt.nharts++] = (int)read_cells(val, len >= 8 ? 2 : 1);
        fdt.harts_listed++; /* main says so if some are left out */
    } else if (depth == 1 && starts_with(node, "chosen") &&
               starts_with(prop, "bootargs")) {
        safestrcpy(fdt.bootargs, (const char *)val, sizeof(fdt.bootargs));
    }
}

void
fdt_parse(uint64 fdt_pa)
{
    const struct fdt_header *h = (const struct fdt_header *)fdt_pa;
    if (be32(&h->magic) != FDT_MAGIC)
        panic("fdt: bad magic");
    const uchar *p = (const uchar *)fdt_pa + be32(&h->off_dt_struct);
    const char *strings = (const char *)fdt_pa + be32(&h->off_dt_strings);
    const char *names[MAX_DEPTH];
    int depth = -1;

    for (;;) {
        uint32 token = be32(p);
        p += 4;
        if (token == FDT_BEGIN_NODE) {
            const char *name = (const char *)p;
            depth++;
            if (depth < MAX_DEPTH)
                names[depth] = name;
            p += (strlen(name) + 1 + 3) & ~3;
        } else if (token == FDT_END_NODE) {
            depth--;
        } else if (token == FDT_PROP) {
            uint32 len = be32(p);
            const char *prop = strings + be32(p + 4);
            if (depth >= 0 && depth < MAX_DEPTH)
                fdt_property(names, depth, prop, p + 8, len);
            p += 8 + ((len + 3) & ~3);
        } else if (token == FDT_NOP) {
            continue;
        } else {
            break; /* FDT_END or garbage */
        }
    }
    if (fdt.timebase == 0)
        fdt.timebase = 10000000; /* QEMU virt's value */
}
