/*
 * The small C library every Kite program links with.
 *
 * Overview    Program entry (start), errno, the string and memory
 *             functions of user.h, number parsing, line input, error
 *             messages, and the calls built from other calls: wait()
 *             over waitpid() and stat() over open/fstat/close.
 * Objects     errno, set by the system call stubs in usys.S; the table
 *             of messages behind strerror().
 * Operations  start: run main and exit with what it returns.
 *             strtol: parse a number in base 2..36 or 0 (auto); ERANGE
 *             when it does not fit.  gets: one line from fd 0.
 *             stat: 0 or -1 with errno from open or fstat.
 * Design      Everything is written plainly, byte at a time: these are
 *             the functions a student single-steps first, and no Kite
 *             program moves enough data for speed to matter.  The loops
 *             in memset/memmove carry an attribute that stops GCC from
 *             recognising them as memset/memcpy and calling themselves.
 * Locking     None: a process has one thread.
 * Interfaces  The exec system call puts argc in a0 and argv in a1 and
 *             jumps to the ELF entry, which user/user.ld sets to start,
 *             so start() receives them as its arguments.
 * Origins     Same set of functions as xv6's ulib.c, plus strtol,
 *             strerror and errno for Kite's errno-returning calls.
 */
#include "user/user.h"

int errno;

int main(int argc, char **argv);

/*
 * Program entry: call main, and exit with its result so that returning
 * from main ends the process like exit() does.
 */
void
start(int argc, char **argv)
{
    exit(main(argc, argv));
}

#define NO_LIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))

/* String and memory functions: the usual C contracts. */

char *
strcpy(char *dst, const char *src)
{
    char *d = dst;

    while ((*d++ = *src++) != 0)
        ;
    return dst;
}

/* Copy at most n bytes and pad with NULs; no NUL if src is too long. */
char *
strncpy(char *dst, const char *src, size_t n)
{
    size_t i = 0;

    for (; i < n && src[i] != 0; i++)
        dst[i] = src[i];
    for (; i < n; i++)
        dst[i] = 0;
    return dst;
}

char *
strcat(char *dst, const char *src)
{
    strcpy(dst + strlen(dst), src);
    return dst;
}

int
strcmp(const char *a, const char *b)
{
    while (*a != 0 && *a == *b) {
        a++;
        b++;
    }
    return (uchar)*a - (uchar)*b;
}

int
strncmp(const char *a, const char *b, size_t n)
{
    for (; n > 0; n--, a++, b++) {
        if (*a != *b || *a == 0)
            return (uchar)*a - (uchar)*b;
    }
    return 0;
}

size_t
strlen(const char *s)
{
    size_t n = 0;

    while (s[n] != 0)
        n++;
    return n;
}

/* The first c in s (the terminating NUL counts when c is 0), or 0. */
char *
strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (*s == 0)
            return 0;
    }
}

NO_LIBCALL void *
memset(void *dst, int c, size_t n)
{
    uchar *d = dst;

    while (n-- > 0)
        *d++ = (uchar)c;
    return dst;
}

/* Copy n bytes; the regions may overlap. */
NO_LIBCALL void *
memmove(void *dst, const void *src, size_t n)
{
    uchar *d = dst;
    const uchar *s = src;

    if (d < s) {
        while (n-- > 0)
            *d++ = *s++;
    } else if (d > s) {
        d += n;
        s += n;
        while (n-- > 0)
            *--d = *--s;
    }
    return dst;
}

/* GCC may emit calls to memcpy for structure copies, so it must exist. */
void *
memcpy(void *dst, const void *src, size_t n)
{
    return memmove(dst, src, n);
}

int
memcmp(const void *a, const void *b, size_t n)
{
    const uchar *x = a, *y = b;

    for (; n > 0; n--, x++, y++) {
        if (*x != *y)
            return *x - *y;
    }
    return 0;
}

/* Number parsing. */

static int
digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/*
 * Parse an optionally signed number after leading blanks.  Base 0 means
 * "as C writes it": 0x.. hex, 0.. octal, otherwise decimal; base 16
 * also accepts a 0x prefix.  *end (if end is not 0) gets the first byte
 * not used, or s itself when there was no number.
 * Returns: the value; on overflow LONG_MAX or LONG_MIN and errno ERANGE.
 */
long
strtol(const char *s, char **end, int base)
{
    const char *p = s;
    unsigned long v = 0, limit;
    int neg = 0, any = 0, over = 0, d;

    while (*p == ' ' || *p == '\t' || *p == '\n')
        p++;
    if (*p == '-' || *p == '+')
        neg = *p++ == '-';
    if ((base == 0 || base == 16) && p[0] == '0' &&
        (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) < 16) {
        p += 2;
        base = 16;
    } else if (base == 0) {
        base = p[0] == '0' ? 8 : 10;
    }
    limit = neg ? 1UL << 63 : (1UL << 63) - 1;
    for (; base >= 2 && base <= 36 && (d = digit_value(*p)) < base; p++) {
        any = 1;
        if (v > (limit - d) / base)
            over = 1;
        else
            v = v * base + d;
    }
    if (end != 0)
        *end = (char *)(any ? p : s);
    if (over) {
        errno = ERANGE;
        v = limit;
    }
    return neg ? (long)(0 - v) : (long)v;
}

/* A decimal number, or 0 when s does not start with one. */
int
atoi(const char *s)
{
    return (int)strtol(s, 0, 10);
}

/*
 * Read one line from fd 0 into buf: up to and including the newline, at
 * most max-1 bytes, always NUL-terminated.
 * Returns: buf; buf[0] == 0 means end of input (or a read error).
 */
char *
gets(char *buf, int max)
{
    int i = 0;
    char c;

    while (i + 1 < max) {
        if (read(0, &c, 1) != 1)
            break;
        buf[i++] = c;
        if (c == '\n')
            break;
    }
    if (max > 0)
        buf[i] = 0;
    return buf;
}

/* Error messages, indexed by errno value. */
static const char *const messages[] = {
    [0] = "success",
    [EPERM] = "operation not permitted",
    [ENOENT] = "no such file or directory",
    [ESRCH] = "no such process",
    [EINTR] = "interrupted system call",
    [EIO] = "input/output error",
    [E2BIG] = "argument list too long",
    [ENOEXEC] = "exec format error",
    [EBADF] = "bad file descriptor",
    [ECHILD] = "no child processes",
    [EAGAIN] = "resource temporarily unavailable",
    [ENOMEM] = "out of memory",
    [EACCES] = "permission denied",
    [EFAULT] = "bad address",
    [EBUSY] = "device or resource busy",
    [EEXIST] = "file exists",
    [EXDEV] = "cross-device link",
    [ENODEV] = "no such device",
    [ENOTDIR] = "not a directory",
    [EISDIR] = "is a directory",
    [EINVAL] = "invalid argument",
    [ENFILE] = "too many open files in system",
    [EMFILE] = "too many open files",
    [EFBIG] = "file too large",
    [ENOSPC] = "no space left on device",
    [ESPIPE] = "illegal seek",
    [EMLINK] = "too many links",
    [EPIPE] = "broken pipe",
    [ERANGE] = "result out of range",
    [ENAMETOOLONG] = "file name too long",
    [ENOSYS] = "function not implemented",
    [ENOTEMPTY] = "directory not empty",
    [ENOMSG] = "no message of desired type",
    [EIDRM] = "identifier removed",
    [EOVERFLOW] = "value too large for defined data type",
};

/* A message describing error number err. */
char *
strerror(int err)
{
    int n = sizeof(messages) / sizeof(messages[0]);

    if (err < 0 || err >= n || messages[err] == 0)
        return "unknown error";
    return (char *)messages[err];
}

/* Wait for any child: waitpid(-1, status, 0). */
int
wait(int *status)
{
    return waitpid(-1, status, 0);
}

/*
 * Fill *st for the file named path.
 * Returns: 0, or -1 with errno from open or fstat.
 */
int
stat(const char *path, struct stat *st)
{
    int fd, r, err;

    fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    r = fstat(fd, st);
    err = errno;
    close(fd);
    errno = err;
    return r;
}
