/*
 * The console: a line discipline over the UART.
 *
 * Overview    Reads deliver whole lines: the user edits a line with
 *             backspace (or DEL) and Ctrl-U (erase the line) before
 *             Enter; Ctrl-D ends input (a read returns what the line
 *             holds, or 0 at the start of a line); Ctrl-P prints the
 *             process list; Ctrl-C prints ^C, throws away the input not
 *             yet read and ends the foreground process group (pgrp.c).
 *             Writes go to the UART.
 * Objects     cons.buf: a ring of typed characters.  Indices only grow:
 *             [r, w) is committed input ready to read, [w, e) the line
 *             still being edited.
 * Operations  console_read/console_write: devsw[CONSOLE] entries.
 *               console_read: bytes, 0 (Ctrl-D), -EINTR (killed, or a
 *               Ctrl-C during the read), -EIO (a reader outside the
 *               foreground group of the console's session), -EFAULT.
 *             console_intr: one received character.
 *             console_putc: kernel output (printf), synchronous.
 *             console_print: kernel text queued with the processes'.
 * Locking     cons.lock protects buf, the indices and intrs; taken
 *             before the uart lock when echoing, and before wait_lock
 *             when a read asks pgrp.c whether it is in the foreground.
 *             Ctrl-C lets go of cons.lock before it ends the group.
 *             write_lock (a sleep lock) keeps one write() together on
 *             the screen.
 * Origins     Written for Kite.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "proc.h"
#include "fs.h"
#include "file.h"
#include "defs.h"

#define INPUT_SIZE 128
#define CTRL(x) ((x) - '@')
#define BACKSPACE 0x100

static struct {
    struct spinlock lock;
    char buf[INPUT_SIZE];
    uint64 r;     /* next byte to read */
    uint64 w;     /* end of committed input */
    uint64 e;     /* end of the line being edited */
    uint64 intrs; /* Ctrl-Cs typed so far */
} cons;

/* Print one character, turning BACKSPACE into "erase on screen". */
void
console_putc(int c)
{
    if (c == BACKSPACE) {
        uart_putc_sync('\b');
        uart_putc_sync(' ');
        uart_putc_sync('\b');
    } else {
        uart_putc_sync(c);
    }
}

/* One write() reaches the screen whole: processes writing at the same
 * time on several harts take turns instead of mixing characters. */
static struct sleeplock write_lock;

static int
console_write(int user_src, uint64 src, int n)
{
    int i, err = 0;
    acquiresleep(&write_lock);
    for (i = 0; i < n; i++) {
        char c;
        if (killed(myproc())) {
            err = -EINTR; /* a killed writer stops, not its queue */
            break;
        }
        if (either_copyin(&c, user_src, src + i, 1) < 0) {
            err = -EFAULT;
            break;
        }
        uart_putc(c);
    }
    releasesleep(&write_lock);
    return i > 0 ? i : err;
}

/* Wait until there is input to read.  Returns: 0, -EINTR (killed, or
 * a Ctrl-C since the read began: the shell at its prompt, which Ctrl-C
 * does not kill, then shows the prompt again), -EIO (a background
 * reader, pgrp.c).  Caller holds: cons.lock. */
static int
wait_input(uint64 intrs)
{
    KASSERT(holding(&cons.lock));
    for (;;) {
        int err = pgrp_console_read_ok(myproc());
        if (err < 0)
            return err;
        if (killed(myproc()) || cons.intrs != intrs)
            return -EINTR;
        if (cons.r != cons.w)
            return 0;
        sleep_killable(&cons.r, &cons.lock);
    }
}

/* Kernel text that belongs among the processes' output (the report of
 * a killed process): it waits its turn like a write(), so it neither
 * splits a line nor overtakes what the process wrote before.
 * Sleeps: for the turn.  Called from a process, not holding locks. */
void
console_print(const char *s)
{
    acquiresleep(&write_lock);
    for (; *s; s++)
        uart_putc(*s);
    releasesleep(&write_lock);
}

/* Sleeps: until a line (or Ctrl-D) is committed.
 * Returns: bytes read, 0 at end of input, -EINTR, -EIO, -EFAULT, -ENOMEM
 * (copyout: a copy-on-write buffer with memory out). */
static int
console_read(int user_dst, uint64 dst, int n)
{
    int got = 0;
    acquire(&cons.lock);
    uint64 intrs = cons.intrs;
    while (got < n) {
        int err = wait_input(intrs);
        if (err < 0) {
            release(&cons.lock);
            return err;
        }
        char c = cons.buf[cons.r++ % INPUT_SIZE];
        if (c == CTRL('D')) {
            if (got > 0)
                cons.r--; /* leave it: the next read returns 0 */
            break;
        }
        err = either_copyout(user_dst, dst + got, &c, 1);
        if (err < 0) {
            cons.r--; /* not delivered: leave it for the next read */
            got = got > 0 ? got : err;
            break;
        }
        got++;
        if (c == '\n')
            break;
    }
    release(&cons.lock);
    return got;
}

/* Erase the last character of the line being edited, if any.
 * Caller holds: cons.lock. */
static void
erase_one(void)
{
    KASSERT(holding(&cons.lock));
    if (cons.e != cons.w && cons.buf[(cons.e - 1) % INPUT_SIZE] != '\n') {
        cons.e--;
        console_putc(BACKSPACE);
    }
}

/* Ctrl-C: show ^C, throw away the input not yet read (the line being
 * edited and any typed ahead), wake readers so that the shell's read
 * ends, and end the foreground group (pgrp.c). */
static void
interrupt(void)
{
    acquire(&cons.lock);
    console_putc('^');
    console_putc('C');
    console_putc('\n');
    cons.w = cons.e = cons.r;
    cons.intrs++;
    wakeup(&cons.r);
    release(&cons.lock);
    pgrp_interrupt();
}

/* One character from the UART (interrupt context). */
void
console_intr(int c)
{
    if (c == CTRL('P')) {
        procdump(); /* lock-free, so it works even when the kernel is stuck */
        return;
    }
    if (c == CTRL('C')) {
        interrupt();
        return;
    }
    acquire(&cons.lock);
    if (c == CTRL('U')) {
        while (cons.e != cons.w && cons.buf[(cons.e - 1) % INPUT_SIZE] != '\n')
            erase_one();
    } else if (c == CTRL('H') || c == 0x7f) {
        erase_one();
    } else if (c != 0 && cons.e - cons.r < INPUT_SIZE) {
        c = (c == '\r') ? '\n' : c;
        if (c != CTRL('D'))
            console_putc(c);
        cons.buf[cons.e++ % INPUT_SIZE] = c;
        if (c == '\n' || c == CTRL('D') || cons.e - cons.r == INPUT_SIZE) {
            cons.w = cons.e;
            wakeup(&cons.r);
        }
    }
    release(&cons.lock);
}

void
console_init(void)
{
    initlock(&cons.lock, "cons");
    initsleeplock(&write_lock, "console write");
    uart_init();
    devsw[CONSOLE].read = console_read;
    devsw[CONSOLE].write = console_write;
}
