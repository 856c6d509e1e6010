/*
 * Formatted output for user programs: printf, fprintf, snprintf.
 *
 * Overview    One formatter, format(), writes characters into a sink.
 *             printf and fprintf use a sink that buffers on the stack
 *             and writes to a file descriptor; snprintf uses a sink
 *             over the caller's array.
 * Objects     struct sink: where characters go, how many fit, how many
 *             have been produced in all.
 * Operations  Conversions %d %i %u %x %o %p %s %c %%, with an l on
 *             d/i/u/x/o for long; flags '-' (left-align) and '0' (pad with
 *             zeros); a decimal width.  Unknown conversions are printed
 *             as written, so a typo shows up in the output.
 *             printf/fprintf return the bytes produced, or -1 when a
 *             write fails.  snprintf returns the length the whole result
 *             would have, and stores at most n-1 bytes plus a NUL.
 * Design      A call formats into a 256-byte buffer and writes it out
 *             when full and at the end, so a short printf is exactly one
 *             write: lines from processes running at the same time do
 *             not interleave character by character on the console.
 * Locking     None.
 * Interfaces  write() only.
 * Origins     The usual printf subset; the sink with a single formatter
 *             is Kite's own.
 */
#include <stdarg.h>

#include "user/user.h"

#define OUTBUF 256

struct sink {
    char *buf;  /* where characters go */
    int cap;    /* bytes buf holds (snprintf: room left for the NUL) */
    int len;    /* bytes in buf now */
    int fd;     /* file to flush to, or -1 for a string */
    int total;  /* characters produced by this call */
    int failed; /* a write failed */
};

static void
flush(struct sink *s)
{
    if (s->fd >= 0 && s->len > 0) {
        if (write(s->fd, s->buf, s->len) != s->len)
            s->failed = 1;
        s->len = 0;
    }
}

static void
put(struct sink *s, char c)
{
    if (s->len == s->cap)
        flush(s);
    if (s->len < s->cap)
        s->buf[s->len++] = c;
    s->total++;
}

static void
put_repeat(struct sink *s, char c, int n)
{
    for (; n > 0; n--)
        put(s, c);
}

/* A conversion's flags and width. */
struct spec {
    int left;  /* '-': pad on the right */
    int zero;  /* '0': pad numbers with zeros */
    int width; /* at least this many characters */
};

/* Emit a string padded to the width in sp. */
static void
put_padded(struct sink *s, const char *str, int n, struct spec *sp)
{
    int pad = sp->width > n ? sp->width - n : 0;

    if (!sp->left)
        put_repeat(s, ' ', pad);
    for (int i = 0; i < n; i++)
        put(s, str[i]);
    if (sp->left)
        put_repeat(s, ' ', pad);
}

/*
 * Emit an unsigned number in base 8, 10 or 16, with a '-' in front when
 * neg; zero padding goes between the sign and the digits.
 */
static void
put_number(struct sink *s, unsigned long v, int base, int neg, struct spec *sp)
{
    char digits[24];
    int n = 0, pad;

    do {
        digits[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v != 0);
    pad = sp->width - n - neg;
    if (pad < 0)
        pad = 0;
    if (!sp->left && !sp->zero)
        put_repeat(s, ' ', pad);
    if (neg)
        put(s, '-');
    if (!sp->left && sp->zero)
        put_repeat(s, '0', pad);
    while (n > 0)
        put(s, digits[--n]);
    if (sp->left)
        put_repeat(s, ' ', pad);
}

/* Emit a signed value: the magnitude of the most negative long fits. */
static void
put_signed(struct sink *s, long v, struct spec *sp)
{
    if (v < 0)
        put_number(s, 0 - (unsigned long)v, 10, 1, sp);
    else
        put_number(s, v, 10, 0, sp);
}

/* Read flags and width at *fmt; leave *fmt after them. */
static void
parse_spec(const char **fmt, struct spec *sp)
{
    const char *f = *fmt;

    sp->left = sp->zero = sp->width = 0;
    for (;; f++) {
        if (*f == '-')
            sp->left = 1;
        else if (*f == '0')
            sp->zero = 1;
        else
            break;
    }
    while (*f >= '0' && *f <= '9')
        sp->width = sp->width * 10 + (*f++ - '0');
    *fmt = f;
}

/* Emit one conversion; *fmt points just past the '%'. */
static void
convert(struct sink *s, const char **fmt, va_list *ap)
{
    const char *start = *fmt - 1, *f, *str;
    struct spec sp;
    int islong = 0, base;
    char c;

    parse_spec(fmt, &sp);
    f = *fmt;
    if (*f == 'l') {
        islong = 1;
        f++;
    }
    c = *f;
    if (c != 0)
        f++;
    *fmt = f;
    switch (c) {
    case 'd':
    case 'i':
        put_signed(s, islong ? va_arg(*ap, long) : va_arg(*ap, int), &sp);
        break;
    case 'u':
    case 'x':
    case 'o':
        base = c == 'u' ? 10 : c == 'x' ? 16 : 8;
        if (islong)
            put_number(s, va_arg(*ap, unsigned long), base, 0, &sp);
        else
            put_number(s, va_arg(*ap, unsigned int), base, 0, &sp);
        break;
    case 'p':
        put(s, '0');
        put(s, 'x');
        put_number(s, (unsigned long)va_arg(*ap, void *), 16, 0, &sp);
        break;
    case 's':
        str = va_arg(*ap, const char *);
        if (str == 0)
            str = "(null)";
        put_padded(s, str, strlen(str), &sp);
        break;
    case 'c':
        c = (char)va_arg(*ap, int);
        put_padded(s, &c, 1, &sp);
        break;
    case '%':
        put(s, '%');
        break;
    default:
        /* Not a conversion we know: show it as written. */
        while (start < f)
            put(s, *start++);
        break;
    }
}

static void
format(struct sink *s, const char *fmt, va_list ap)
{
    va_list args;

    va_copy(args, ap);
    while (*fmt != 0) {
        if (*fmt != '%') {
            put(s, *fmt++);
            continue;
        }
        fmt++;
        convert(s, &fmt, &args);
    }
    va_end(args);
}

static int
vfprintf_fd(int fd, const char *fmt, va_list ap)
{
    char buf[OUTBUF];
    struct sink s = {buf, OUTBUF, 0, fd, 0, 0};

    format(&s, fmt, ap);
    flush(&s);
    return s.failed ? -1 : s.total;
}

/*
 * Print to standard output.
 * Returns: bytes printed, or -1 when a write failed.
 */
int
printf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vfprintf_fd(1, fmt, ap);
    va_end(ap);
    return n;
}

/*
 * Print to file descriptor fd.
 * Returns: bytes printed, or -1 when a write failed.
 */
int
fprintf(int fd, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vfprintf_fd(fd, fmt, ap);
    va_end(ap);
    return n;
}

/*
 * Format into buf, storing at most n-1 characters and a NUL (nothing at
 * all when n is 0).
 * Returns: the length of the whole result, even the part cut off.
 */
int
snprintf(char *buf, int n, const char *fmt, ...)
{
    struct sink s = {buf, n > 0 ? n - 1 : 0, 0, -1, 0, 0};
    va_list ap;

    va_start(ap, fmt);
    format(&s, fmt, ap);
    va_end(ap);
    if (n > 0)
        buf[s.len] = 0;
    return s.total;
}
