/*
 * exec: replace the calling process's program.
 *
 * Overview    Load an ELF executable into a fresh page table, build the
 *             user stack with argv, and only then drop the old image, so
 *             a failed exec leaves the caller untouched.
 * Operations  exec(path, argv): argc, or -ENOENT (no file), -EACCES (a
 *             directory or device), -ENOEXEC (not a valid RISC-V ELF),
 *             -E2BIG (arguments do not fit the stack page), -ENOMEM.
 * Design      Layout from 0: page 0 without user access (so a null
 *             pointer faults, and is EFAULT in a system call), the loaded
 *             segments from 0x1000 (user/user.ld), one guard page (no
 *             user access), USTACK_PAGES of stack, then the heap; the
 *             new page table comes with its shared page at USYSPAGE
 *             (proc_pagetable, pgtbl.c).  On success exec calls the
 *             subsystems' *_exec by name: POSIX semaphores are closed
 *             and shared memory detached.  Threads: a main thread ends
 *             the others first (end_threads); another thread becomes a
 *             process of its own and, letting go of the shared page
 *             table, wakes a main thread waiting for it.
 * Locking     The inode's sleeplock while reading; inside a log op.
 *             wait_lock around that wake-up, as in exit (the main
 *             thread checks and sleeps under it).
 * Origins     Written for Kite.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "proc.h"
#include "defs.h"
#include "elf.h"
#include "stat.h"
#include "fs.h"
#include "file.h"

static int
flags2perm(int flags)
{
    int perm = 0;
    if (flags & ELF_PROG_FLAG_EXEC)
        perm |= PTE_X;
    if (flags & ELF_PROG_FLAG_WRITE)
        perm |= PTE_W;
    return perm;
}

/* Read [off, off+sz) of ip into the already-mapped user range at va. */
static int
load_segment(pagetable_t pt, uint64 va, struct inode *ip, uint off, uint sz)
{
    for (uint i = 0; i < sz; i += PGSIZE) {
        uint64 pa = walkaddr(pt, va + i);
        if (pa == 0)
            return -ENOEXEC;
        uint n = sz - i < PGSIZE ? sz - i : PGSIZE;
        if (readi(ip, 0, pa, off + i, n) != (int)n)
            return -ENOEXEC;
    }
    return 0;
}

/* Load every LOAD segment of ip into pt.  Returns: the new size or
 * -errno; *szp tracks what is mapped so the caller can free it. */
static int
load_program(pagetable_t pt, struct inode *ip, struct elfhdr *eh, uint64 *szp)
{
    struct proghdr ph;
    for (int i = 0; i < eh->phnum; i++) {
        uint off = eh->phoff + i * sizeof(ph);
        if (readi(ip, 0, (uint64)&ph, off, sizeof(ph)) != sizeof(ph))
            return -ENOEXEC;
        if (ph.type != ELF_PROG_LOAD)
            continue;
        if (ph.memsz < ph.filesz || ph.vaddr + ph.memsz < ph.vaddr ||
            ph.vaddr + ph.memsz > MMAP_BASE || ph.vaddr % PGSIZE != 0 ||
            ph.vaddr < *szp || ph.vaddr < PGSIZE)
            return -ENOEXEC;
        uint64 sz =
            uvm_alloc(pt, *szp, ph.vaddr + ph.memsz, flags2perm(ph.flags));
        if (sz == 0)
            return -ENOMEM;
        *szp = sz;
        int err = load_segment(pt, ph.vaddr, ip, ph.off, ph.filesz);
        if (err < 0)
            return err;
    }
    return 0;
}

/* Copy argv strings and the pointer array onto the stack ending at sp.
 * Returns: the new sp, or -E2BIG / -EFAULT; *argcp gets argc. */
static int64
push_args(pagetable_t pt, uint64 sp, uint64 stackbase, char **argv, int *argcp)
{
    uint64 ustack[MAXARG + 1];
    int argc;
    for (argc = 0; argv[argc]; argc++) {
        if (argc >= MAXARG)
            return -E2BIG;
        sp -= strlen(argv[argc]) + 1;
        sp -= sp % 16;
        if (sp < stackbase)
            return -E2BIG;
        if (copyout(pt, sp, argv[argc], strlen(argv[argc]) + 1) < 0)
            return -E2BIG;
        ustack[argc] = sp;
    }
    ustack[argc] = 0;
    sp -= (argc + 1) * sizeof(uint64);
    sp -= sp % 16;
    if (sp < stackbase ||
        copyout(pt, sp, ustack, (argc + 1) * sizeof(uint64)) < 0)
        return -E2BIG;
    *argcp = argc;
    return sp;
}

/* Take ip's name from path for ps and debugging.  The whole array is
 * cleared first, so no tail of the old name survives after the NUL:
 * GDB's `print p->name` then shows just the new name. */
static void
set_name(struct proc *p, char *path)
{
    char *last = path;
    for (char *s = path; *s; s++)
        if (*s == '/')
            last = s + 1;
    memset(p->name, 0, sizeof(p->name));
    safestrcpy(p->name, last, sizeof(p->name));
}

int
exec(char *path, char **argv)
{
    struct proc *p = myproc();
    struct elfhdr eh;
    pagetable_t pt = 0;
    uint64 sz = 0;
    int err;

    begin_op();
    struct inode *ip = namei(path);
    if (ip == 0) {
        end_op();
        return -ENOENT;
    }
    ilock(ip);
    err = -EACCES;
    if (ip->type != T_FILE)
        goto bad;
    err = -ENOEXEC;
    if (readi(ip, 0, (uint64)&eh, 0, sizeof(eh)) != sizeof(eh) ||
        eh.magic != ELF_MAGIC || eh.phentsize != sizeof(struct proghdr))
        goto bad;
    err = -ENOMEM;
    if ((pt = proc_pagetable(p)) == 0)
        goto bad;
    if ((err = load_program(pt, ip, &eh, &sz)) < 0)
        goto bad;
    err = -ENOEXEC;
    if (sz == 0)
        goto bad;          /* nothing to run */
    uvm_clear_user(pt, 0); /* page 0: null pointers fault */
    iunlockput(ip);
    end_op();
    ip = 0;

    /* A guard page, then the stack. */
    sz = PGROUNDUP(sz);
    uint64 top = uvm_alloc(pt, sz, sz + (USTACK_PAGES + 1) * PGSIZE, PTE_W);
    err = -ENOMEM;
    if (top == 0)
        goto bad;
    uvm_clear_user(pt, sz);
    uint64 stackbase = sz + PGSIZE;
    sz = top;
    int argc = 0;
    int64 sp = push_args(pt, top, stackbase, argv, &argc);
    if (sp < 0) {
        err = sp;
        goto bad;
    }

    /* Point of no return: drop the old image. */
    /* LAB thread: BEGIN */
    /* The main thread ends the others first, as exit does; another
     * thread leaves its process and becomes one of its own. */
    end_threads(p, p->pagetable);
    p->tgid = p->pid;
    /* LAB thread: STUB
    // Lab: the old image is about to go, and the process's other
    // threads run on it (labs/thread.md, part 3).
       LAB thread: END */
    shm_exec(p);
    mmap_exec(p);
    ksem_exec(p);
    pgrp_exec(p); /* its parent may no longer move it to another group */
    pagetable_t old = p->pagetable;
    uint64 oldsz = p->sz;
    p->pagetable = pt;
    p->usys = usys_page(pt); /* the new page table's shared page */
    p->last_hart = -1; /* the new image's translations are cached nowhere */
    vm_switch(p);      /* this hart leaves the old page table... */
    p->sz = sz;
    p->heap_start = sz;
    p->fp_on = 0;   /* a new program starts with floating point off */
    alarm_reset(p); /* and with no alarm (trap.c) */
    p->trapframe->epc = eh.entry;
    p->trapframe->sp = sp;
    p->trapframe->a1 = sp; /* argv */
    set_name(p, path);
    /* LAB thread: BEGIN */
    /* A thread leaving its process lets go of the page table its main
     * thread may be waiting for, in end_threads: wake it, under
     * wait_lock as exit does, so the wake-up cannot slip in between
     * that thread's check and its sleep. */
    int shared = vm_shared(old);
    proc_freepagetable(old, oldsz); /* ...before it is freed (or the
                                       threads' reference dropped) */
    if (shared) {
        acquire(&wait_lock);
        wakeup(old);
        release(&wait_lock);
    }
    /* LAB thread: STUB
    proc_freepagetable(old, oldsz); // ...before it is freed
    // Lab: a thread that is not the main one may get here, while its
    // main thread waits for the page table (labs/thread.md, part 3).
       LAB thread: END */
    return argc; /* lands in a0 */

bad:
    if (pt)
        proc_freepagetable(pt, sz);
    if (ip) {
        iunlockput(ip);
        end_op();
    }
    return err;
}
