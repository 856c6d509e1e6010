/*
 * 16550 UART driver.
 *
 * Overview    The console's serial line.  Input arrives by interrupt and
 *             goes to the console line discipline; output goes through
 *             a ring buffer drained by the transmit-ready interrupt.
 * Objects     tx ring of UART_TX_SIZE bytes (head/tail counters).
 * Operations  uart_putc: queue a byte, sleeping while the ring is full.
 *             uart_putc_sync: spin until the line is free (printf, echo);
 *             before uart_init, the SBI console (the UART is mapped
 *             at KDEV only once paging is on).
 *             uart_intr: receive bytes, push queued bytes out.
 * Locking     uart.lock protects the ring and the transmit register; a
 *             leaf lock.  After a panic, every hart but the panicking
 *             one stops before touching the transmit register
 *             (panic_stop_others), so the panic message stays whole.
 * Origins     Written for Kite from the 16550 data sheet.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"

#define REG(r) ((volatile uchar *)(UART0 + (r)))
#define RHR 0 /* receive holding */
#define THR 0 /* transmit holding */
#define IER 1 /* interrupt enable */
#define FCR 2 /* FIFO control */
#define LCR 3 /* line control */
#define LSR 5 /* line status */
#define IER_RX 0x01
#define IER_TX 0x02
#define LSR_RX_READY 0x01
#define LSR_TX_IDLE 0x20

#define UART_TX_SIZE 64

static int uart_ready; /* uart_init has run: its registers are mapped */

static struct {
    struct spinlock lock;
    char buf[UART_TX_SIZE];
    uint64 head; /* next byte to send */
    uint64 tail; /* next free place */
} tx;

void
uart_init(void)
{
    *REG(IER) = 0;
    *REG(LCR) = 0x80; /* divisor latch on */
    *REG(0) = 0x03;   /* 38.4K baud, low byte */
    *REG(1) = 0x00;
    *REG(LCR) = 0x03; /* 8 bits, no parity; latch off */
    *REG(FCR) = 0x07; /* FIFOs on and cleared */
    *REG(IER) = IER_RX | IER_TX;
    initlock(&tx.lock, "uart");
    uart_ready = 1;
}

/* Move queued bytes to the hardware while it can take them.
 * Caller holds: tx.lock. */
static void
uart_start(void)
{
    KASSERT(holding(&tx.lock));
    panic_stop_others();
    while (tx.head != tx.tail && (*REG(LSR) & LSR_TX_IDLE)) {
        *REG(THR) = tx.buf[tx.head % UART_TX_SIZE];
        tx.head++;
        wakeup(&tx.head);
    }
}

/* Sleeps: while the ring is full. */
void
uart_putc(int c)
{
    acquire(&tx.lock);
    while (tx.tail - tx.head == UART_TX_SIZE)
        sleep(&tx.head, &tx.lock);
    tx.buf[tx.tail % UART_TX_SIZE] = c;
    tx.tail++;
    uart_start();
    release(&tx.lock);
}

/* Output for printf: spins until the line is free.  Before uart_init
 * (before paging, which maps the UART at KDEV), the SBI console. */
void
uart_putc_sync(int c)
{
    panic_stop_others(); /* after a panic, only its hart speaks */
    if (!uart_ready) {
        sbi_console_putchar(c);
        return;
    }
    push_off();
    while ((*REG(LSR) & LSR_TX_IDLE) == 0)
        ;
    *REG(THR) = c;
    pop_off();
}

void
uart_intr(void)
{
    while (*REG(LSR) & LSR_RX_READY)
        console_intr(*REG(RHR));
    acquire(&tx.lock);
    uart_start();
    release(&tx.lock);
}
