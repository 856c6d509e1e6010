/*
 * Formatted output for user programs: the printf family, putchar, puts.
 *
 * Overview    One formatter, format(), writes characters into a sink.
 *             printf, fprintf and their v- forms use a sink that buffers
 *             on the stack and writes to a file descriptor; snprintf,
 *             sprintf and vsnprintf use a sink over the caller's array.
 * Objects     struct sink: where characters go, how many fit, how many
 *             have been produced in all.  struct spec: one conversion's
 *             flags, width, precision and argument size.
 * Operations  Conversions %d %i %u %x %X %o %p %s %c %%.  Flags '-'
 *             (left-align), '0' (pad with zeros), '+' and ' ' (sign of
 *             a non-negative %d); a width and a '.' precision, each a
 *             number or '*'; sizes hh h (char, short) and l ll z j t
 *             (all 64 bits here).  %s of a null pointer prints "(null)".
 *             Unknown conversions are printed as written, so a typo
 *             shows up in the output.
 *             printf/fprintf return the bytes produced, or -1 when a
 *             write fails.  snprintf returns the length the whole result
 *             would have, and stores at most n-1 bytes plus a NUL.
 * Design      A call formats into a 256-byte buffer and writes it out
 *             when full and at the end, so a short printf is exactly one
 *             write: lines from processes running at the same time do
 *             not interleave character by character on the console.
 *             Standard output is file descriptor 1, not a FILE, so
 *             nothing is buffered between calls.
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

/* A conversion's flags, width, precision and argument size. */
struct spec {
    int left;  /* '-': pad on the right */
    int zero;  /* '0': pad numbers with zeros */
    char sign; /* '+' or ' ': put before a non-negative number; or 0 */
    int width; /* at least this many characters */
    int prec;  /* most bytes of a string, least digits of a number; -1 */
    int size;  /* 'H' (hh), 'h', 0 (int) or 'l' (l, ll, z, j, t) */
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
 * Emit an unsigned number in base 8, 10 or 16 with sign (if not 0) in
 * front; zeros from the precision or the '0' flag go between the sign
 * and the digits.
 */
static void
put_number(struct sink *s, unsigned long v, int base, char sign,
           struct spec *sp, const char *digitset)
{
    char digits[24];
    int n = 0, zeros, pad;

    while (v != 0 || (n == 0 && sp->prec != 0)) { /* %.0d of 0 is "" */
        digits[n++] = digitset[v % base];
        v /= base;
    }
    zeros = sp->prec > n ? sp->prec - n : 0;
    pad = sp->width - n - zeros - (sign != 0);
    if (pad < 0)
        pad = 0;
    if (!sp->left && sp->zero && sp->prec < 0) {
        zeros += pad;
        pad = 0;
    }
    if (!sp->left)
        put_repeat(s, ' ', pad);
    if (sign != 0)
        put(s, sign);
    put_repeat(s, '0', zeros);
    while (n > 0)
        put(s, digits[--n]);
    if (sp->left)
        put_repeat(s, ' ', pad);
}

/* Emit a signed value: the magnitude of the most negative long fits. */
static void
put_signed(struct sink *s, long v, struct spec *sp)
{
    const char *dec = "0123456789";

    if (v < 0)
        put_number(s, 0 - (unsigned long)v, 10, '-', sp, dec);
    else
        put_number(s, v, 10, sp->sign, sp, dec);
}

/* The next argument as a signed number of the size in sp. */
static long
arg_signed(va_list *ap, struct spec *sp)
{
    int v;

    if (sp->size == 'l')
        return va_arg(*ap, long);
    v = va_arg(*ap, int); /* char and short arrive promoted to int */
    return sp->size == 'H' ? (signed char)v : sp->size == 'h' ? (short)v : v;
}

/* The next argument as an unsigned number of the size in sp. */
static unsigned long
arg_unsigned(va_list *ap, struct spec *sp)
{
    unsigned int v;

    if (sp->size == 'l')
        return va_arg(*ap, unsigned long);
    v = va_arg(*ap, unsigned int);
    return sp->size == 'H'   ? (unsigned char)v
           : sp->size == 'h' ? (unsigned short)v
                             : v;
}

/* A decimal number at *f, or the next int argument for a '*'. */
static int
parse_count(const char **f, va_list *ap)
{
    int n = 0;

    if (**f == '*') {
        (*f)++;
        return va_arg(*ap, int);
    }
    while (**f >= '0' && **f <= '9')
        n = n * 10 + (*(*f)++ - '0');
    return n;
}

/* Read flags, width, precision and size at *fmt; leave *fmt after them. */
static void
parse_spec(const char **fmt, struct spec *sp, va_list *ap)
{
    const char *f = *fmt;

    sp->left = sp->zero = sp->sign = sp->size = 0;
    sp->prec = -1;
    for (;; f++) {
        if (*f == '-')
            sp->left = 1;
        else if (*f == '0')
            sp->zero = 1;
        else if (*f == '+' || (*f == ' ' && sp->sign == 0))
            sp->sign = *f;
        else
            break;
    }
    sp->width = parse_count(&f, ap);
    if (sp->width < 0) { /* a negative '*' width means '-' */
        sp->left = 1;
        sp->width = -sp->width;
    }
    if (*f == '.') {
        f++;
        sp->prec = parse_count(&f, ap);
        if (sp->prec < 0) /* a negative '*' precision means none */
            sp->prec = -1;
    }
    if (f[0] == 'h') {
        sp->size = f[1] == 'h' ? 'H' : 'h';
        f += f[1] == 'h' ? 2 : 1;
    } else if (*f == 'l' || *f == 'z' || *f == 'j' || *f == 't') {
        sp->size = 'l'; /* all 64 bits on Kite */
        f += f[0] == 'l' && f[1] == 'l' ? 2 : 1;
    }
    *fmt = f;
}

/* Emit a string, at most sp->prec bytes of it. */
static void
put_string(struct sink *s, const char *str, struct spec *sp)
{
    int n = 0;

    if (str == 0)
        str = "(null)";
    while (str[n] != 0 && (sp->prec < 0 || n < sp->prec))
        n++;
    put_padded(s, str, n, sp);
}

/* Emit one conversion; *fmt points just past the '%'. */
static void
convert(struct sink *s, const char **fmt, va_list *ap)
{
    const char *start = *fmt - 1, *f;
    struct spec sp;
    int base;
    char c;

    parse_spec(fmt, &sp, ap);
    f = *fmt;
    c = *f;
    if (c != 0)
        f++;
    *fmt = f;
    switch (c) {
    case 'd':
    case 'i':
        put_signed(s, arg_signed(ap, &sp), &sp);
        break;
    case 'u':
    case 'x':
    case 'X':
    case 'o':
        base = c == 'u' ? 10 : c == 'o' ? 8 : 16;
        put_number(s, arg_unsigned(ap, &sp), base, 0, &sp,
                   c == 'X' ? "0123456789ABCDEF" : "0123456789abcdef");
        break;
    case 'p':
        put(s, '0');
        put(s, 'x');
        put_number(s, (unsigned long)va_arg(*ap, void *), 16, 0, &sp,
                   "0123456789abcdef");
        break;
    case 's':
        put_string(s, va_arg(*ap, const char *), &sp);
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

/*
 * Print to file descriptor fd, the arguments in a va_list.
 * Returns: bytes printed, or -1 when a write failed.
 */
int
vfprintf(int fd, const char *fmt, va_list ap)
{
    char buf[OUTBUF];
    struct sink s = {buf, OUTBUF, 0, fd, 0, 0};

    format(&s, fmt, ap);
    flush(&s);
    return s.failed ? -1 : s.total;
}

/* Print to standard output, the arguments in a va_list. */
int
vprintf(const char *fmt, va_list ap)
{
    return vfprintf(1, fmt, ap);
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
    n = vfprintf(1, fmt, ap);
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
    n = vfprintf(fd, fmt, ap);
    va_end(ap);
    return n;
}

/*
 * Format into buf, storing at most n-1 characters and a NUL (nothing at
 * all when n is 0 or negative).  n is an int, not POSIX's size_t, so
 * that a length computed as "room - used" that went negative stores
 * nothing instead of overrunning buf.
 * Returns: the length of the whole result, even the part cut off.
 */
int
vsnprintf(char *buf, int n, const char *fmt, va_list ap)
{
    struct sink s = {buf, n > 0 ? n - 1 : 0, 0, -1, 0, 0};

    format(&s, fmt, ap);
    if (n > 0)
        buf[s.len] = 0;
    return s.total;
}

int
snprintf(char *buf, int n, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return r;
}

/* Format into buf, which the caller promises is big enough. */
int
sprintf(char *buf, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = vsnprintf(buf, INT_MAX, fmt, ap);
    va_end(ap);
    return r;
}

/* Write the character c to fd.  Returns: c, or -1. */
int
fputc(int c, int fd)
{
    char ch = (char)c;

    return write(fd, &ch, 1) == 1 ? (uchar)ch : -1;
}

int
putchar(int c)
{
    return fputc(c, 1);
}

/* Write s (no newline) to fd.  Returns: 0, or -1. */
int
fputs(const char *s, int fd)
{
    int n = strlen(s);

    return write(fd, s, n) == n ? 0 : -1;
}

/* Output is not buffered: every printf is one write().  Returns: 0. */
int
fflush(int fd)
{
    (void)fd;
    return 0;
}

/* Read one character from standard input.  Returns: it, or -1 at the
 * end of input. */
int
getchar(void)
{
    uchar c;

    return read(0, &c, 1) == 1 ? c : -1;
}

/* Write s and a newline to standard output.  Returns: 0, or -1. */
int
puts(const char *s)
{
    return printf("%s\n", s) < 0 ? -1 : 0;
}
