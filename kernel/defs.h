/*
 * The table of contents: every function one kernel file offers another,
 * grouped by the file that defines it.
 */
#ifndef KITE_DEFS_H
#define KITE_DEFS_H

#include "types.h"
#include "errno.h"

struct buf;
struct context;
struct file;
struct inode;
struct pipe;
struct proc;
struct spinlock;
struct sleeplock;
struct stat;
struct superblock;
struct sysinfo;

/* main.c */
extern volatile int boot_done;

/* sbi.c */
void sbi_console_putchar(int c);
void sbi_set_timer(uint64 stime);
long sbi_hart_start(uint64 hartid, uint64 start_addr, uint64 opaque);
void sbi_system_reset(uint32 type, uint32 reason);
void sbi_remote_sfence_vma(void);

/* fdt.c */
struct fdt_info {
    uint64 mem_base, mem_size;
    uint64 timebase;  /* timer ticks per second */
    int nharts;       /* harts the kernel may start: at most NCPU */
    int harts_listed; /* harts in the device tree */
    int hartids[8];
    char bootargs[512];
};
extern struct fdt_info fdt;
void fdt_parse(uint64 fdt_pa);

/* uart.c */
void uart_init(void);
void uart_putc(int c);      /* interrupt-driven, may sleep */
void uart_putc_sync(int c); /* spins; for printf and echo */
void uart_intr(void);

/* console.c */
void console_init(void);
void console_intr(int c);
void console_putc(int c);
void console_print(const char *s); /* in turn with write()s; may sleep */

/* printf.c */
int printf(const char *fmt, ...);
void vprintf(const char *fmt, __builtin_va_list ap);
int snprintf(char *buf, int n, const char *fmt, ...);
void printf_unlocked(void);
void printf_init(void);

/* panic.c */
#define PANIC_STATUS 99 /* QEMU's exit status after a headless panic */
void panic(const char *fmt, ...) __attribute__((noreturn));
void panic_trap(const char *msg, uint64 scause, uint64 sepc, uint64 stval)
    __attribute__((noreturn));
void panic_stop_others(void);
void panic_selftest(void);
int bootarg(const char *word);
const char *ksym_name(uint64 pc, uint64 *off);
const char *scause_name(uint64 scause);
extern volatile int panicked;

/* plic.c */
void plic_init(void);
void plic_init_hart(void);
int plic_claim(void);
void plic_complete(int irq);

/* virtio_disk.c */
void virtio_disk_init(void);
void virtio_disk_rw(struct buf *b, int write);
void virtio_disk_intr(void);

/* kalloc.c */
void kinit(void);
void kmalloc_init(void);
void *kalloc(void);
void kfree(void *pa);
uint64 kalloc_free_pages(void);
void kref_inc(void *pa); /* another mapping shares this page */
int kref_get(void *pa);
uint32 kref_dec(void *pa);         /* drop a share; never frees */
void kfree_unreferenced(void *pa); /* free a page whose count is 0 */
void failinj_init(void);
int failinj_now(void);
void failinj_report(void);

/* kmalloc.c -- small objects carved from pages */
void *kmalloc(uint64 size);
void kmfree(void *p);
uint64 kmalloc_spare_pages(void);

/* vm.c */
void kvm_init(void);
void kvm_init_hart(void);
void vm_switch(struct proc *p);
pagetable_t uvm_create(void);
int mappages(pagetable_t pt, uint64 va, uint64 size, uint64 pa, int perm);
int uvm_unmap(pagetable_t pt, uint64 va, uint64 npages, int do_free);
uint64 uvm_alloc(pagetable_t pt, uint64 oldsz, uint64 newsz, int xperm);
uint64 uvm_dealloc(pagetable_t pt, uint64 oldsz, uint64 newsz);
int uvm_copy(pagetable_t old, pagetable_t new, uint64 start, uint64 end);
int uvm_copy_private(pagetable_t old, pagetable_t new, uint64 start,
                     uint64 end);
int cow_fault(pagetable_t pt, uint64 va);
void uvm_free(pagetable_t pt);
void uvm_clear_user(pagetable_t pt, uint64 va);
pte_t *walk(pagetable_t pt, uint64 va, int alloc);
uint64 walkaddr(pagetable_t pt, uint64 va);

/* pgtbl.c */
struct usyspage;
int usys_map(pagetable_t pt, int pid);
struct usyspage *usys_page(pagetable_t pt);
int copyout(pagetable_t pt, uint64 dstva, const void *src, uint64 len);
int copyout_prepare(pagetable_t pt, uint64 va, uint64 len, uint64 *pa);
void copyout_direct(uint64 pa, const void *src, uint64 n);
int vm_lock(pagetable_t pt);
void vm_unlock(int locked);
void tlb_flush(pagetable_t pt);
int vm_shared(pagetable_t pt);
uint64 walkaddr_writable(pagetable_t pt, uint64 va);
int copyin(pagetable_t pt, void *dst, uint64 srcva, uint64 len);
int copyinstr(pagetable_t pt, char *dst, uint64 srcva, uint64 max);

/* trap.c */
extern uint64 ticks;
extern struct spinlock tickslock;
void trap_init(void);
void trap_init_hart(void);
void usertrapret(struct proc *p) __attribute__((noreturn));
void alarm_reset(struct proc *p);

/* spinlock.c */
struct lockinfo;
int lockstat_collect(struct lockinfo *out, int n);
void initlock(struct spinlock *lk, char *name);
void acquire(struct spinlock *lk);
void release(struct spinlock *lk);
void lockdebug_sleep_check(struct spinlock *lk);
void push_off(void);
void pop_off(void);

/* sleeplock.c */
void initsleeplock(struct sleeplock *lk, char *name);
void acquiresleep(struct sleeplock *lk);
void releasesleep(struct sleeplock *lk);
int holdingsleep(struct sleeplock *lk);

/* swtch.S */
void swtch(struct context *old, struct context *new);

/* fpu.S */
struct fpstate;
void fpu_save(struct fpstate *fp);
void fpu_load(struct fpstate *fp);

/* sched.c */
void sched_init(void);
void sched_proc_init(struct proc *p);
void sched_fork(struct proc *p, struct proc *np);
void sched_tick(struct proc *p);
uint64 sched_cputicks(struct proc *p);
int sched_tickets(struct proc *p);
void make_runnable(struct proc *p);
struct proc *runq_pop(void);

/* proc.c */
extern struct proc *initproc;
extern struct spinlock wait_lock;
void proc_init(void);
void userinit(void);
int fork(void);
int growproc(long n, uint64 *oldsz);
int clone(uint64 fn, uint64 arg, uint64 stack);
int join(int tid, uint64 stack_out);
void end_threads(struct proc *p, pagetable_t pt);
void scheduler(void) __attribute__((noreturn));
void sched(void);
void yield(void);
void sleep(void *chan, struct spinlock *lk);
int sleep_killable(void *chan, struct spinlock *lk);
void wakeup(void *chan);
int killed(struct proc *p);
void setkilled(struct proc *p);
void signal_proc(struct proc *p, int sig);
int may_signal(struct proc *me, struct proc *p);
int kill(int pid, int sig);
int either_copyout(int user_dst, uint64 dst, void *src, uint64 len);
int either_copyin(void *dst, int user_src, uint64 src, uint64 len);
void procdump(void);
pagetable_t proc_pagetable(struct proc *p);
void proc_freepagetable(pagetable_t pt, uint64 sz);
void freeproc(struct proc *p);
int nproc_used(void);

/* exit.c */
void exit(int status) __attribute__((noreturn));
int waitpid(int pid, uint64 status_addr, int options);
void reparent(struct proc *p);

/* pgrp.c */
void pgrp_userinit(struct proc *p);
void pgrp_fork(struct proc *p, struct proc *np);
void pgrp_exec(struct proc *p);
void pgrp_exit(struct proc *p);
int pgrp_kill(struct proc *me, int pid, int sig);
void pgrp_interrupt(void);
int pgrp_console_read_ok(struct proc *p);

/* exec.c */
int exec(char *path, char **argv);

/* syscall.c */
void syscall(struct proc *p);

/* trace.c */
void trace_syscall(struct proc *p, uint64 num, uint64 *args, long result);
void trace_exit(struct proc *p, uint64 num, uint64 *args);
int argstr(int n, char *buf, int max);
int fetchaddr(uint64 addr, uint64 *ip);
int fetchstr(uint64 addr, char *buf, int max);

/* sysproc.c */
void poweroff(int status) __attribute__((noreturn));

/* bio.c */
void binit(void);
struct buf *bread(uint dev, uint blockno);
void brelse(struct buf *b);
void bwrite(struct buf *b);
void bpin(struct buf *b);
void bunpin(struct buf *b);

/* log.c */
void initlog(int dev, struct superblock *sb);
void log_write(struct buf *b);
void begin_op(void);
void end_op(void);

/* fs.c */
void fsinit(int dev);
int dirlink(struct inode *dp, char *name, uint inum);
struct inode *dirlookup(struct inode *dp, char *name, uint *poff);
struct inode *ialloc(uint dev, short type);
struct inode *idup(struct inode *ip);
void iinit(void);
void ilock(struct inode *ip);
void iput(struct inode *ip);
void iunlock(struct inode *ip);
void iunlockput(struct inode *ip);
void iupdate(struct inode *ip);
int namecmp(const char *s, const char *t);
struct inode *namei(char *path);
struct inode *nameiparent(char *path, char *name);
int readi(struct inode *ip, int user_dst, uint64 dst, uint off, uint n);
void stati(struct inode *ip, struct stat *st);
int writei(struct inode *ip, int user_src, uint64 src, uint off, uint n);
void itrunc(struct inode *ip);
uint fs_freeblocks(uint dev);

/* file.c */
struct file *filealloc(void);
void fileclose(struct file *f);
struct file *filedup(struct file *f);
void fileinit(void);
int fileread(struct file *f, uint64 addr, int n);
int filestat(struct file *f, uint64 addr);
long fileseek(struct file *f, long off, int whence);
int filewrite(struct file *f, uint64 addr, int n);
int file_write_kernel(struct file *f, const char *buf, int n);

/* pipe.c */
int pipealloc(struct file **f0, struct file **f1);
void pipeclose(struct pipe *pi, int writable);
int piperead(struct pipe *pi, uint64 addr, int n);
int pipewrite(struct pipe *pi, uint64 addr, int n);
int pipe_write_kernel(struct pipe *pi, const char *buf, int n);

/* sysfile.c */
void file_exit(struct proc *p);

/* ksem.c */
void ksem_init_table(void);
void ksem_fork(struct proc *parent, struct proc *child);
void ksem_exec(struct proc *p);
void ksem_exit(struct proc *p);
int ksem_count_used(void);

/* ipc.c, msg.c, sem.c, shm.c */
void msg_init(void);
void sem_init_ns(void);
void shm_init(void);
int msg_count_used(void);
int sem_count_used(void);
int shm_count_used(void);
int shm_fork(struct proc *parent, struct proc *child);
void shm_exec(struct proc *p);
void shm_exit(struct proc *p);

/* mmap.c */
int mmap_fault(struct proc *p, uint64 va, int write);
int mmap_prefault(struct proc *p, uint64 va, uint64 len, int write);
int mmap_fork(struct proc *parent, struct proc *child);
void mmap_exec(struct proc *p);
void mmap_exit(struct proc *p);
void semundo_exit(struct proc *p);
void msg_exit(struct proc *p);

/* string.c */
int memcmp(const void *a, const void *b, uint n);
void *memmove(void *dst, const void *src, uint n);
void *memset(void *dst, int c, uint n);
void *memcpy(void *dst, const void *src, uint n);
char *safestrcpy(char *dst, const char *src, int n);
int strlen(const char *s);
int strncmp(const char *a, const char *b, uint n);
char *strncpy(char *dst, const char *src, int n);

#define NELEM(x) (sizeof(x) / sizeof((x)[0]))

#endif
