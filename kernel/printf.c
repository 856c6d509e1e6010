/*
 * Kernel printf.
 *
 * Overview    Formatted output to the console for boot messages,
 *             debugging and panics: %d %u %x %lx %ld %lu %p %s %c %%;
 *             snprintf formats into a buffer instead (the user-fault
 *             report goes out through the console's write path).
 * Locking     pr.lock keeps one printf's characters together across
 *             harts; a panic stops taking it (printf_unlocked) so the
 *             message gets out.  panic() itself is in panic.c.
 * Origins     Written for Kite.
 */
#include <stdarg.h>

#include "types.h"
#include "param.h"
#include "riscv.h"
#include "spinlock.h"
#include "defs.h"

static struct {
    struct spinlock lock;
    int locking; /* 0 during panic */
} pr;

static const char digits[] = "0123456789abcdef";

/* Where formatted characters go: the console (buf == 0) or a buffer
 * of max bytes that always stays NUL-terminated. */
struct sink {
    char *buf;
    int n, max;
};

static void
put(struct sink *s, char c)
{
    if (s->buf == 0)
        console_putc(c);
    else if (s->n < s->max - 1)
        s->buf[s->n++] = c;
}

static void
print_number(struct sink *s, uint64 x, int base, int is_signed)
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
        put(s, buf[i]);
}

static void
print_string(struct sink *s, const char *str)
{
    if (str == 0)
        str = "(null)";
    while (*str)
        put(s, *str++);
}

/* One conversion after '%' (with an 'l' already consumed if is_long). */
static void
print_conversion(struct sink *s, char c, int is_long, va_list *ap)
{
    switch (c) {
    case 'd':
        print_number(s, is_long ? va_arg(*ap, long) : va_arg(*ap, int), 10, 1);
        break;
    case 'u':
        print_number(s, is_long ? va_arg(*ap, uint64) : va_arg(*ap, uint), 10,
                     0);
        break;
    case 'x':
        print_number(s, is_long ? va_arg(*ap, uint64) : va_arg(*ap, uint), 16,
                     0);
        break;
    case 'p':
        print_string(s, "0x");
        print_number(s, va_arg(*ap, uint64), 16, 0);
        break;
    case 's':
        print_string(s, va_arg(*ap, const char *));
        break;
    case 'c':
        put(s, va_arg(*ap, int));
        break;
    case '%':
        put(s, '%');
        break;
    default:
        put(s, '%');
        put(s, c);
    }
}

static void
format(struct sink *s, const char *fmt, va_list ap)
{
    for (int i = 0; fmt[i]; i++) {
        if (fmt[i] != '%') {
            put(s, fmt[i]);
            continue;
        }
        int is_long = 0;
        while (fmt[i + 1] == 'l') {
            is_long = 1;
            i++;
        }
        if (fmt[i + 1] == 0)
            break;
        print_conversion(s, fmt[++i], is_long, &ap);
    }
}

/* printf with its arguments in a va_list (for panic). */
void
vprintf(const char *fmt, va_list ap)
{
    struct sink console = {0, 0, 0};
    int locking = pr.locking;
    if (locking)
        acquire(&pr.lock);
    format(&console, fmt, ap);
    if (locking)
        release(&pr.lock);
}

int
printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    return 0;
}

/* Format into buf (n bytes, NUL-terminated, cut short if need be).
 * Returns: the length of the string in buf. */
int
snprintf(char *buf, int n, const char *fmt, ...)
{
    struct sink s = {buf, 0, n};
    va_list ap;
    if (n <= 0)
        return 0;
    va_start(ap, fmt);
    format(&s, fmt, ap);
    va_end(ap);
    buf[s.n] = 0;
    return s.n;
}

/* A panic prints without the lock: the hart holding it may be the one
 * that broke. */
void
printf_unlocked(void)
{
    pr.locking = 0;
}

void
printf_init(void)
{
    initlock(&pr.lock, "pr");
    pr.locking = 1;
}
