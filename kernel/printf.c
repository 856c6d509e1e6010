/*
 * Kernel printf and panic.
 *
 * Overview    Formatted output to the console for boot messages,
 *             debugging and panics: %d %u %x %lx %ld %lu %p %s %c %%.
 * Locking     pr.lock keeps one printf's characters together across
 *             harts; a panic stops taking it so the message gets out.
 * Origins     Written for Kite.
 */
#include <stdarg.h>

#include "types.h"
#include "param.h"
#include "riscv.h"
#include "spinlock.h"
#include "defs.h"

volatile int panicked;

static struct {
    struct spinlock lock;
    int locking; /* 0 during panic */
} pr;

static const char digits[] = "0123456789abcdef";

static void
print_number(uint64 x, int base, int is_signed)
{
    char buf[24];
    int i = 0, negative = 0;
    if (is_signed && (int64)x < 0) {
        negative = 1;
        x = -(int64)x;
    }
    do {
        buf[i++] = digits[x % base];
        x /= base;
    } while (x);
    if (negative)
        buf[i++] = '-';
    while (--i >= 0)
        console_putc(buf[i]);
}

static void
print_string(const char *s)
{
    if (s == 0)
        s = "(null)";
    while (*s)
        console_putc(*s++);
}

/* One conversion after '%' (with an 'l' already consumed if is_long). */
static void
print_conversion(char c, int is_long, va_list *ap)
{
    switch (c) {
    case 'd':
        print_number(is_long ? va_arg(*ap, long) : va_arg(*ap, int), 10, 1);
        break;
    case 'u':
        print_number(is_long ? va_arg(*ap, uint64) : va_arg(*ap, uint), 10, 0);
        break;
    case 'x':
        print_number(is_long ? va_arg(*ap, uint64) : va_arg(*ap, uint), 16, 0);
        break;
    case 'p':
        print_string("0x");
        print_number(va_arg(*ap, uint64), 16, 0);
        break;
    case 's':
        print_string(va_arg(*ap, const char *));
        break;
    case 'c':
        console_putc(va_arg(*ap, int));
        break;
    case '%':
        console_putc('%');
        break;
    default:
        console_putc('%');
        console_putc(c);
    }
}

int
printf(const char *fmt, ...)
{
    va_list ap;
    int locking = pr.locking;
    if (locking)
        acquire(&pr.lock);
    va_start(ap, fmt);
    for (int i = 0; fmt[i]; i++) {
        if (fmt[i] != '%') {
            console_putc(fmt[i]);
            continue;
        }
        int is_long = 0;
        while (fmt[i + 1] == 'l') {
            is_long = 1;
            i++;
        }
        if (fmt[i + 1] == 0)
            break;
        print_conversion(fmt[++i], is_long, &ap);
    }
    va_end(ap);
    if (locking)
        release(&pr.lock);
    return 0;
}

void
panic(const char *s)
{
    pr.locking = 0;
    printf("panic: %s\n", s);
    panicked = 1; /* freezes console output on other harts */
    for (;;)
        ;
}

void
printf_init(void)
{
    initlock(&pr.lock, "pr");
    pr.locking = 1;
}
