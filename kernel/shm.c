/*
 * System V shared memory, on the namespace of kernel/ipc.c.
 *
 * Overview    A segment is a set of zeroed physical pages that several
 *             processes map into their address spaces (shmat) and then
 *             read and write directly, with no system call per access.
 *             shmdt unmaps it; fork copies a process's attachments,
 *             exec and exit drop them.  A segment removed with IPC_RMID
 *             while attached lives on until its last detach.
 *
 * Objects     struct shmseg: the kipc_perm header, the size asked for,
 *             the page count, a directory of physical page addresses
 *             (whole pages of 512 addresses each, enough for SHMMAX),
 *             and the struct shmid_ds counters.  Each process has
 *             SHMSEG struct shm_attach entries in p->shm[] (proc.h):
 *             va (0 when free), len, the shmid, and the segment, on
 *             which the entry holds a reference.
 *             Where attachments go: the window [SHM_BASE, SHM_TOP)
 *             above the heap's limit (memlayout.h), SHMSEG slices of
 *             SHMMAX bytes.  shmat with address 0 takes the first slice
 *             no attachment overlaps.
 *
 * Operations  shmget(key, size, flag): the id; -EINVAL size 0 or >
 *                 SHMMAX when creating, size larger than an existing
 *                 segment's; ipc_get's errors; -ENOMEM.
 *             shmat(id, addr, flag): the address attached; SHM_RND
 *                 rounds addr down to a multiple of SHMLBA (a page);
 *                 -EINVAL bad id, addr not page aligned (without
 *                 SHM_RND), outside [SHM_BASE, SHM_TOP)
 *                 or overlapping another attachment; -EACCES no read
 *                 permission, or no write permission without SHM_RDONLY;
 *                 -EMFILE SHMSEG attachments already; -ENOMEM no free
 *                 slice (user-placed attachments straddle them all) or
 *                 no memory for page tables.  SHM_RDONLY maps the pages
 *                 without PTE_W: a store kills the process (trap.c).
 *             shmdt(addr): 0; -EINVAL addr is not where an attachment
 *                 starts.
 *             shmctl(id, cmd, buf): IPC_STAT (read permission, else
 *                 -EACCES), IPC_SET (uid, gid, mode; owner, creator or
 *                 root, else -EPERM), IPC_RMID (-EPERM as IPC_SET);
 *                 -EINVAL bad id or command; -EFAULT bad buf.
 *             shmids(buf, n, &count): see ipc_ids.
 *
 * Design      Pages are allocated and zeroed at shmget, before the
 *             segment enters the namespace, so no lock is held while
 *             allocating 4 MiB; a racing creator that loses frees them
 *             again (ipc_commit).  shm_segsz reports the size asked for;
 *             whole pages are mapped.  The segment owns its pages:
 *             mappings are removed with uvm_unmap(..., do_free 0), and
 *             the destructor frees the pages when the last reference
 *             goes (the namespace's, dropped at IPC_RMID, and one per
 *             attachment in any process).  Mapping happens with no lock
 *             held: the caller's reference keeps the pages alive, and a
 *             page table is changed only by its own process (or by fork
 *             before the child runs).
 *
 * Locking     shm_ns.lock -> a segment's id lock (ipc.c's slot lock),
 *             which protects nattch, lpid and the times.  segsz, npages
 *             and the page directory are constant from shmget to the
 *             destructor.  p->shm[] belongs to p alone.
 *
 * Interfaces  sys_shmget, sys_shmat, sys_shmdt, sys_shmctl, sys_shmids
 *             (kernel/syscalls.h).  shm_init from main.c; shm_fork from
 *             proc.c's fork; shm_exec from exec.c (before the old page
 *             table goes); shm_exit from exit.c (and fork's failure
 *             path); shm_count_used for sysinfo.
 *
 * Origins     Written for Kite from the System V interface (POSIX
 *             shmat/shmdt/shmctl); the namespace part is the seed's
 *             (ipc.c).  Not offered: SHM_LOCK.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"
#include "errno.h"
#include "ipcns.h"

#define SHM_PER_DIR (PGSIZE / sizeof(uint64)) /* addresses per dir page */
#define SHM_MAXPAGES (SHMMAX / PGSIZE)
#define SHM_DIRPAGES ((SHM_MAXPAGES + SHM_PER_DIR - 1) / SHM_PER_DIR)

_Static_assert(SHMMAX % PGSIZE == 0, "SHMMAX must be whole pages");

/* Legend: i: the segment's id lock, c: constant. */
struct shmseg {
    struct kipc_perm perm;     /* first: ipc.c sees only this */
    uint64 segsz;              /* c: bytes asked for */
    int npages;                /* c */
    uint64 *dir[SHM_DIRPAGES]; /* c: physical page addresses */
    int cpid;                  /* c: creator */
    int lpid;                  /* i: last shmat/shmdt */
    uint64 nattch;             /* i: attachments in all processes */
    long atime, dtime, ctime;  /* i: ticks */
};

static struct ipc_ns shm_ns;

/* Physical address of page i of seg. */
static uint64
shm_page(struct shmseg *seg, int i)
{
    return seg->dir[i / SHM_PER_DIR][i % SHM_PER_DIR];
}

/* Free every page seg has, whether or not allocation finished. */
static void
shm_free_pages(struct shmseg *seg)
{
    uint d, i;

    for (d = 0; d < SHM_DIRPAGES; d++) {
        if (seg->dir[d] == 0)
            continue;
        for (i = 0; i < SHM_PER_DIR; i++)
            if (seg->dir[d][i])
                kfree((void *)seg->dir[d][i]);
        kfree(seg->dir[d]);
        seg->dir[d] = 0;
    }
}

/* Allocate seg's zeroed pages.  Returns: 0, or -ENOMEM (some pages may
 * be allocated: shm_free_pages cleans up). */
static int
shm_alloc_pages(struct shmseg *seg)
{
    uint ndir = (seg->npages + SHM_PER_DIR - 1) / SHM_PER_DIR;
    uint d;
    int i;
    void *pa;

    for (d = 0; d < ndir; d++) {
        if ((seg->dir[d] = kalloc()) == 0)
            return -ENOMEM;
        memset(seg->dir[d], 0, PGSIZE);
    }
    for (i = 0; i < seg->npages; i++) {
        if ((pa = kalloc()) == 0)
            return -ENOMEM;
        memset(pa, 0, PGSIZE);
        seg->dir[i / SHM_PER_DIR][i % SHM_PER_DIR] = (uint64)pa;
    }
    return 0;
}

/* The namespace's destructor: the last reference is gone. */
static void
shm_destroy(struct kipc_perm *perm)
{
    struct shmseg *seg = (struct shmseg *)perm;

    shm_free_pages(seg);
    kmfree(seg);
}

/* Set up the shared-memory namespace; called once at boot. */
void
shm_init(void)
{
    ipc_ns_init(&shm_ns, "shm_ns", shm_destroy);
}

/* Segments alive, removed ones still attached included. */
int
shm_count_used(void)
{
    return ipc_count(&shm_ns);
}

/* A new segment of size bytes, pages zeroed, not yet in the namespace.
 * Returns: it, or 0 when out of memory. */
static struct shmseg *
shm_new(uint64 size)
{
    struct shmseg *seg = kmalloc(sizeof(*seg));

    if (seg == 0)
        return 0;
    seg->segsz = size;
    seg->npages = PGROUNDUP(size) / PGSIZE;
    seg->cpid = myproc()->pid;
    seg->ctime = ticks;
    if (shm_alloc_pages(seg) < 0) {
        shm_destroy(&seg->perm);
        return 0;
    }
    return seg;
}

/* shmget(key, size, flag): find or make a segment. */
long
sys_shmget(void)
{
    key_t key = argint(0);
    uint64 size = argaddr(1);
    int flag = argint(2);
    struct kipc_perm *found;
    struct shmseg *seg;
    int r;

again:
    if ((r = ipc_get(&shm_ns, key, flag, &found)) < 0)
        return r;
    if (found) {
        seg = (struct shmseg *)found;
        r = size > seg->segsz ? -EINVAL : found->id;
        ipc_unlock(&shm_ns, found);
        return r;
    }
    if (size == 0 || size > SHMMAX)
        return -EINVAL;
    if ((seg = shm_new(size)) == 0)
        return -ENOMEM;
    r = ipc_commit(&shm_ns, &seg->perm, key, flag);
    if (r == -EAGAIN)
        goto again;
    return r;
}

/* Map seg's pages at va in pt with PTE flags perm.
 * Returns: 0, or -ENOMEM with nothing left mapped. */
static int
shm_map(pagetable_t pt, struct shmseg *seg, uint64 va, int perm)
{
    int i;

    for (i = 0; i < seg->npages; i++) {
        if (mappages(pt, va + (uint64)i * PGSIZE, PGSIZE, shm_page(seg, i),
                     perm) < 0) {
            uvm_unmap(pt, va, i, 0);
            return -ENOMEM;
        }
    }
    return 0;
}

/* Does [va, va+len) overlap one of p's attachments? */
static int
shm_overlaps(struct proc *p, uint64 va, uint64 len)
{
    struct shm_attach *a;

    for (a = p->shm; a < &p->shm[SHMSEG]; a++)
        if (a->va != 0 && va < a->va + a->len && a->va < va + len)
            return 1;
    return 0;
}

/* Where to attach len bytes: addr if given and acceptable, else the
 * first free slice.  Returns: 0 with *va set, -EINVAL, -ENOMEM. */
static int
shm_place(struct proc *p, uint64 addr, uint64 len, uint64 *va)
{
    uint64 w;
    int i;

    if (addr != 0) {
        if (addr < SHM_BASE || addr > SHM_TOP - len ||
            shm_overlaps(p, addr, len))
            return -EINVAL;
        *va = addr;
        return 0;
    }
    for (i = 0; i < SHMSEG; i++) {
        w = SHM_BASE + (uint64)i * SHMMAX;
        if (!shm_overlaps(p, w, len)) {
            *va = w;
            return 0;
        }
    }
    return -ENOMEM;
}

/* p's first free attachment entry, or 0. */
static struct shm_attach *
shm_free_entry(struct proc *p)
{
    struct shm_attach *a;

    for (a = p->shm; a < &p->shm[SHMSEG]; a++)
        if (a->va == 0)
            return a;
    return 0;
}

/* Look segment id up for shmat and take a reference on it.
 * Returns: 0 with *segp held (no lock), -EINVAL, -EACCES. */
static int
shm_grab(int id, int flag, struct shmseg **segp)
{
    struct kipc_perm *perm = ipc_lookup(&shm_ns, id);
    int want = (flag & SHM_RDONLY) ? IPC_R : IPC_R | IPC_W;
    int r;

    if (perm == 0)
        return -EINVAL;
    if ((r = ipcperm_access(perm, want)) == 0) {
        ipc_hold(&shm_ns, perm);
        *segp = (struct shmseg *)perm;
    }
    ipc_unlock(&shm_ns, perm);
    return r;
}

/* shmat(id, addr, flag): map a segment; returns its address. */
long
sys_shmat(void)
{
    struct proc *p = myproc();
    int id = argint(0);
    uint64 addr = argaddr(1);
    int flag = argint(2);
    int perm = PTE_R | PTE_U | ((flag & SHM_RDONLY) ? 0 : PTE_W);
    struct shmseg *seg = 0;
    struct shm_attach *a;
    uint64 va = 0, len;
    int r;

    if (flag & SHM_RND)
        addr -= addr % SHMLBA;
    if (addr % SHMLBA)
        return -EINVAL;
    if ((r = shm_grab(id, flag, &seg)) < 0)
        return r;
    len = (uint64)seg->npages * PGSIZE;
    if ((a = shm_free_entry(p)) == 0)
        r = -EMFILE;
    else if ((r = shm_place(p, addr, len, &va)) == 0)
        r = shm_map(p->pagetable, seg, va, perm);
    if (r < 0) {
        ipc_lock(&shm_ns, seg->perm.id);
        ipc_rele(&shm_ns, &seg->perm);
        return r;
    }
    sfence_vma(); /* the hart may remember the old, invalid entries */
    a->va = va;
    a->len = len;
    a->shmid = id;
    a->seg = seg;
    ipc_lock(&shm_ns, seg->perm.id);
    seg->nattch++;
    seg->lpid = p->pid;
    seg->atime = ticks;
    ipc_unlock(&shm_ns, &seg->perm);
    return va;
}

/* Unmap attachment a from p's page table and drop its reference. */
static void
shm_detach(struct proc *p, struct shm_attach *a)
{
    struct shmseg *seg = a->seg;

    uvm_unmap(p->pagetable, a->va, a->len / PGSIZE, 0);
    a->va = 0;
    a->len = 0;
    a->shmid = 0;
    a->seg = 0;
    ipc_lock(&shm_ns, seg->perm.id);
    seg->nattch--;
    seg->lpid = p->pid;
    seg->dtime = ticks;
    ipc_rele(&shm_ns, &seg->perm);
}

/* shmdt(addr): unmap the attachment that starts at addr. */
long
sys_shmdt(void)
{
    struct proc *p = myproc();
    uint64 addr = argaddr(0);
    struct shm_attach *a;

    for (a = p->shm; a < &p->shm[SHMSEG]; a++) {
        if (a->va != 0 && a->va == addr) {
            shm_detach(p, a);
            return 0;
        }
    }
    return -EINVAL;
}

/* Detach everything p has attached. */
static void
shm_detach_all(struct proc *p)
{
    struct shm_attach *a;

    for (a = p->shm; a < &p->shm[SHMSEG]; a++)
        if (a->va != 0)
            shm_detach(p, a);
}

/* Drop p's attachments before exec replaces its address space.
 * Caller: exec.c, while p->pagetable is still the old one. */
void
shm_exec(struct proc *p)
{
    shm_detach_all(p);
}

/* Drop p's attachments at exit.  Caller: exit.c (p->pagetable still
 * there), or fork's failure path for a child that never ran. */
void
shm_exit(struct proc *p)
{
    shm_detach_all(p);
}

/* Give child the attachment a of parent at the same address, with the
 * same permissions (read from the parent's PTE).  Returns: 0, -ENOMEM. */
static int
shm_fork_one(struct proc *parent, struct proc *child, struct shm_attach *a,
             struct shm_attach *ca)
{
    pte_t *pte = walk(parent->pagetable, a->va, 0);
    int perm = PTE_R | PTE_U;

    if (pte && (*pte & PTE_W))
        perm |= PTE_W;
    if (shm_map(child->pagetable, a->seg, a->va, perm) < 0)
        return -ENOMEM;
    ipc_lock(&shm_ns, a->seg->perm.id);
    ipc_hold(&shm_ns, &a->seg->perm);
    a->seg->nattch++;
    ipc_unlock(&shm_ns, &a->seg->perm);
    *ca = *a;
    return 0;
}

/* Attach in child every segment parent has attached, at the same
 * addresses.  Caller: fork, before the child runs.
 * Returns: 0, or -ENOMEM with the child left with no attachment. */
int
shm_fork(struct proc *parent, struct proc *child)
{
    int i;

    for (i = 0; i < SHMSEG; i++) {
        child->shm[i].va = 0;
        child->shm[i].len = 0;
        child->shm[i].shmid = 0;
        child->shm[i].seg = 0;
    }
    for (i = 0; i < SHMSEG; i++) {
        if (parent->shm[i].va == 0)
            continue;
        if (shm_fork_one(parent, child, &parent->shm[i], &child->shm[i]) < 0) {
            shm_detach_all(child);
            return -ENOMEM;
        }
    }
    return 0;
}

/* IPC_STAT into *ds.  Returns: 0, -EINVAL, -EACCES. */
static int
shm_stat(int id, struct shmid_ds *ds)
{
    struct shmseg *seg = (struct shmseg *)ipc_lookup(&shm_ns, id);
    int r;

    if (seg == 0)
        return -EINVAL;
    if ((r = ipcperm_access(&seg->perm, IPC_R)) == 0) {
        ipcperm_stat(&shm_ns, &seg->perm, &ds->shm_perm);
        ds->shm_segsz = seg->segsz;
        ds->shm_lpid = seg->lpid;
        ds->shm_cpid = seg->cpid;
        ds->shm_nattch = seg->nattch;
        ds->shm_atime = seg->atime;
        ds->shm_dtime = seg->dtime;
        ds->shm_ctime = seg->ctime;
    }
    ipc_unlock(&shm_ns, &seg->perm);
    return r;
}

/* IPC_SET from *ds.  Returns: 0, -EINVAL, -EPERM. */
static int
shm_set(int id, struct shmid_ds *ds)
{
    struct shmseg *seg = (struct shmseg *)ipc_lookup(&shm_ns, id);
    int r;

    if (seg == 0)
        return -EINVAL;
    if ((r = ipcperm_set(&shm_ns, &seg->perm, &ds->shm_perm)) == 0)
        seg->ctime = ticks;
    ipc_unlock(&shm_ns, &seg->perm);
    return r;
}

/* IPC_RMID: out of the namespace now, freed after the last detach.
 * Returns: 0, -EINVAL, -EPERM. */
static int
shm_rmid(int id)
{
    struct kipc_perm *perm;
    int r;

    if ((r = ipc_rmid(&shm_ns, id, &perm)) < 0)
        return r;
    ipc_rele(&shm_ns, perm);
    return 0;
}

/* shmctl(id, cmd, buf): IPC_STAT, IPC_SET, IPC_RMID. */
long
sys_shmctl(void)
{
    pagetable_t pt = myproc()->pagetable;
    int id = argint(0);
    int cmd = argint(1);
    uint64 ubuf = argaddr(2);
    struct shmid_ds ds;
    int r;

    switch (cmd) {
    case IPC_STAT:
        memset(&ds, 0, sizeof(ds));
        r = shm_stat(id, &ds);
        if (r == 0)
            r = copyout(pt, ubuf, &ds, sizeof(ds));
        return r;
    case IPC_SET:
        if (copyin(pt, &ds, ubuf, sizeof(ds)) < 0)
            return -EFAULT;
        return shm_set(id, &ds);
    case IPC_RMID:
        return shm_rmid(id);
    default:
        return -EINVAL;
    }
}

/* shmids(buf, n, &count): every segment id. */
long
sys_shmids(void)
{
    return ipc_ids(&shm_ns, argaddr(0), (uint)argint(1), argaddr(2));
}
