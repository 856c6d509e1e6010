/*
 * The console: a line discipline over the UART.
 *
 * Overview    Reads deliver whole lines: the user edits a line with
 *             backspace (or DEL) and Ctrl-U (erase the line) before
 *             Enter; Ctrl-D ends input (a read returns what the line
 *             holds, or 0 at the start of a line); Ctrl-P prints the
 *             process list.  Writes go to the UART.
 * Objects     cons.buf: a ring of typed characters.  Indices only grow:
 *             [r, w) is committed input ready to read, [w, e) the line
 *             still being edited.
 * Operations  console_read/console_write: devsw[CONSOLE] entries.
 *             console_intr: one received character.
 *             console_putc: kernel output (printf), synchronous.
 * Locking     cons.lock protects buf and the indices; a leaf lock,
 *             taken before the uart lock when echoing.  write_lock (a
 *             sleep lock) keeps one write() together on the screen.
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
    uint64 r; /* next byte to read */
    uint64 w; /* end of committed input */
    uint64 e; /* end of the line being edited */
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

/* Sleeps: until a line (or Ctrl-D) is committed.
 * Returns: bytes read, 0 at end of input, -EINTR, -EFAULT, -ENOMEM
 * (copyout: a copy-on-write buffer with memory out). */
static int
console_read(int user_dst, uint64 dst, int n)
{
    int got = 0;
    acquire(&cons.lock);
    while (got < n) {
        while (cons.r == cons.w) {
            if (killed(myproc())) {
                release(&cons.lock);
                return -EINTR;
            }
            sleep_killable(&cons.r, &cons.lock);
        }
        char c = cons.buf[cons.r++ % INPUT_SIZE];
        if (c == CTRL('D')) {
            if (got > 0)
                cons.r--; /* leave it: the next read returns 0 */
            break;
        }
        int err = either_copyout(user_dst, dst + got, &c, 1);
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

/* One character from the UART (interrupt context). */
void
console_intr(int c)
{
    if (c == CTRL('P')) {
        procdump(); /* lock-free, so it works even when the kernel is stuck */
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
