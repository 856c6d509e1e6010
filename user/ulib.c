/*
 * The small C library every Kite program links with.
 *
 * Overview    Program entry (start), errno, the string, memory and
 *             character-class functions of user.h, number parsing, line
 *             input, error messages and abort, calloc and realloc over
 *             umalloc.c, and the calls built from other calls: wait()
 *             over waitpid(), getpid() and uptime() from the shared
 *             page (kernel/pgtbl.c), stat() over open/fstat/close
 *             (lstat and readlink with O_NOFOLLOW), ftok() over stat().
 * Objects     errno, set by the system call stubs in usys.S; the table
 *             of messages behind strerror() and perror().
 * Operations  start: run main and exit with what it returns.
 *             strtol, strtoul: parse a number in base 2..36 or 0
 *             (auto); ERANGE when it does not fit.  gets: one line from
 *             fd 0.  stat: 0 or -1 with errno from open or fstat.
 *             ftok: a key, or -1 with errno from stat.  strdup, strndup,
 *             calloc, realloc: 0 with errno ENOMEM when memory runs out.
 *             abort: never returns; the process dies as if killed.
 * Design      Everything is written plainly, byte at a time: these are
 *             the functions a student single-steps first, and no Kite
 *             program moves enough data for speed to matter.  The loops
 *             in memset/memmove carry an attribute that stops GCC from
 *             recognising them as memset/memcpy and calling themselves.
 *             realloc reads the block size from umalloc.c's header, so
 *             the two files must agree on that header's layout.
 * Locking     None: a process has one thread.
 * Interfaces  The exec system call puts argc in a0 and argv in a1 and
 *             jumps to the ELF entry, which user/user.ld sets to start,
 *             so start() receives them as its arguments.
 * Origins     Same set of functions as xv6's ulib.c, plus strtol,
 *             strerror and errno for Kite's errno-returning calls, and
 *             the POSIX names (perror, ftok, strtoul, the ctype and
 *             string functions) that programs written for other
 *             systems expect.
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

/* Append at most n bytes of src, and a NUL, to dst. */
char *
strncat(char *dst, const char *src, size_t n)
{
    char *d = dst + strlen(dst);

    for (; n > 0 && *src != 0; n--)
        *d++ = *src++;
    *d = 0;
    return dst;
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

/* The last c in s (the terminating NUL counts when c is 0), or 0. */
char *
strrchr(const char *s, int c)
{
    const char *last = 0;

    for (;; s++) {
        if (*s == (char)c)
            last = s;
        if (*s == 0)
            return (char *)last;
    }
}

/* The first place find occurs in s (s itself if find is ""), or 0. */
char *
strstr(const char *s, const char *find)
{
    size_t n = strlen(find);

    for (; *s != 0 || n == 0; s++) {
        if (strncmp(s, find, n) == 0)
            return (char *)s;
    }
    return 0;
}

/* A copy of at most n bytes of s, NUL-terminated, in malloc'd memory.
 * Returns: the copy, or 0 with errno ENOMEM. */
char *
strndup(const char *s, size_t n)
{
    size_t len = 0;
    char *d;

    while (len < n && s[len] != 0)
        len++;
    if ((d = malloc(len + 1)) == 0)
        return 0;
    memcpy(d, s, len);
    d[len] = 0;
    return d;
}

/* A copy of s in malloc'd memory, or 0 with errno ENOMEM. */
char *
strdup(const char *s)
{
    return strndup(s, strlen(s));
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

/* The first byte c in the n bytes at s, or 0. */
void *
memchr(const void *s, int c, size_t n)
{
    const uchar *p = s;

    for (; n > 0; n--, p++) {
        if (*p == (uchar)c)
            return (void *)p;
    }
    return 0;
}

/* Character classes, for the ASCII a Kite program sees. */

int
isdigit(int c)
{
    return c >= '0' && c <= '9';
}

int
isxdigit(int c)
{
    return isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int
isspace(int c)
{
    return c == ' ' || (c >= '\t' && c <= '\r'); /* \t \n \v \f \r */
}

int
isupper(int c)
{
    return c >= 'A' && c <= 'Z';
}

int
islower(int c)
{
    return c >= 'a' && c <= 'z';
}

int
isalpha(int c)
{
    return isupper(c) || islower(c);
}

int
isalnum(int c)
{
    return isalpha(c) || isdigit(c);
}

int
isprint(int c)
{
    return c >= ' ' && c <= '~';
}

int
toupper(int c)
{
    return islower(c) ? c - 'a' + 'A' : c;
}

int
tolower(int c)
{
    return isupper(c) ? c - 'A' + 'a' : c;
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
 * Parse an optionally signed number after leading blanks, for strtol
 * and strtoul.  Base 0 means "as C writes it": 0x.. hex, 0.. octal,
 * otherwise decimal; base 16 also accepts a 0x prefix.  *end (if end is
 * not 0) gets the first byte not used, or s itself when there was no
 * number.  *neg says whether there was a '-'; *value is the magnitude.
 * Returns: 1 when the magnitude is above limit (then *value is limit),
 * else 0.
 */
static int
scan_number(const char *s, char **end, int base, unsigned long limit, int *neg,
            unsigned long *value)
{
    const char *p = s;
    unsigned long v = 0;
    int any = 0, over = 0, d;

    while (isspace(*p))
        p++;
    *neg = 0;
    if (*p == '-' || *p == '+')
        *neg = *p++ == '-';
    if ((base == 0 || base == 16) && p[0] == '0' &&
        (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) < 16) {
        p += 2;
        base = 16;
    } else if (base == 0) {
        base = p[0] == '0' ? 8 : 10;
    }
    for (; base >= 2 && base <= 36 && (d = digit_value(*p)) < base; p++) {
        any = 1;
        if (v > (limit - d) / base)
            over = 1;
        else
            v = v * base + d;
    }
    if (end != 0)
        *end = (char *)(any ? p : s);
    *value = over ? limit : v;
    return over;
}

/*
 * Parse a signed number as scan_number describes.
 * Returns: the value; on overflow LONG_MAX or LONG_MIN and errno ERANGE.
 */
long
strtol(const char *s, char **end, int base)
{
    unsigned long v;
    int neg;

    /* Try the larger limit first; only a '-' may use it. */
    if (scan_number(s, end, base, (unsigned long)LONG_MAX + 1, &neg, &v) ||
        (!neg && v > LONG_MAX)) {
        errno = ERANGE;
        return neg ? LONG_MIN : LONG_MAX;
    }
    return neg ? (long)(0 - v) : (long)v;
}

/*
 * Parse an unsigned number as scan_number describes; a '-' negates the
 * result as an unsigned long, as C says.
 * Returns: the value; on overflow ULONG_MAX and errno ERANGE.
 */
unsigned long
strtoul(const char *s, char **end, int base)
{
    unsigned long v;
    int neg;

    if (scan_number(s, end, base, ULONG_MAX, &neg, &v)) {
        errno = ERANGE;
        return ULONG_MAX;
    }
    return neg ? 0 - v : v;
}

/* A decimal number, or 0 when s does not start with one. */
int
atoi(const char *s)
{
    return (int)strtol(s, 0, 10);
}

long
atol(const char *s)
{
    return strtol(s, 0, 10);
}

int
abs(int n)
{
    return n < 0 ? -n : n;
}

long
labs(long n)
{
    return n < 0 ? -n : n;
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
    [ENOTTY] = "not a terminal",
    [EFBIG] = "file too large",
    [ENOSPC] = "no space left on device",
    [ESPIPE] = "illegal seek",
    [EMLINK] = "too many links",
    [EPIPE] = "broken pipe",
    [ERANGE] = "result out of range",
    [ENAMETOOLONG] = "file name too long",
    [ENOSYS] = "function not implemented",
    [ENOTEMPTY] = "directory not empty",
    [ELOOP] = "too many levels of symbolic links",
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

/* Print "s: message for errno" on fd 2; just the message if s is 0 or "". */
void
perror(const char *s)
{
    const char *msg = strerror(errno);

    if (s != 0 && *s != 0)
        fprintf(2, "%s: %s\n", s, msg);
    else
        fprintf(2, "%s\n", msg);
}

/*
 * End the process abnormally.  Kite has no SIGABRT: the process kills
 * itself and dies at the kernel's next return to user space, so its
 * parent sees WIFSIGNALED with WTERMSIG SIGKILL.
 */
void
abort(void)
{
    kill(getpid());
    exit(134); /* not reached: 128 + SIGABRT, as a shell would report */
}

/* assert()'s failure path: say what failed and where, then abort. */
void
assert_failed(const char *expr, const char *file, int line)
{
    fprintf(2, "assertion failed: %s, file %s, line %d\n", expr, file, line);
    abort();
}

/* Wait for any child: waitpid(-1, status, 0). */
int
wait(int *status)
{
    return waitpid(-1, status, 0);
}

/* stat and lstat: open path with flags, fstat it, close it, keeping
 * fstat's errno.  Returns: 0, or -1 with errno from open or fstat. */
static int
open_fstat(const char *path, int flags, struct stat *st)
{
    int fd, r, err;

    fd = open(path, flags);
    if (fd < 0)
        return -1;
    r = fstat(fd, st);
    err = errno;
    close(fd);
    errno = err;
    return r;
}

/*
 * Fill *st for the file named path.
 * Returns: 0, or -1 with errno from open or fstat.
 */
int
stat(const char *path, struct stat *st)
{
    return open_fstat(path, O_RDONLY, st);
}

/*
 * Fill *st for path itself: a symbolic link is not followed (its type
 * is T_SYMLINK and its size the length of its target).
 * Returns: 0, or -1 with errno from open or fstat.
 */
int
lstat(const char *path, struct stat *st)
{
    return open_fstat(path, O_RDONLY | O_NOFOLLOW, st);
}

/*
 * Copy the target of the symbolic link path into buf, at most n bytes,
 * without a terminating NUL (as POSIX readlink).
 * Returns: the bytes copied, or -1 with errno: EINVAL (path is not a
 * link), or what open, fstat and read set.
 */
int
readlink(const char *path, char *buf, int n)
{
    struct stat st;
    int fd, r, err;

    fd = open(path, O_RDONLY | O_NOFOLLOW);
    if (fd < 0)
        return -1;
    r = fstat(fd, &st);
    if (r == 0 && st.type != T_SYMLINK) {
        errno = EINVAL;
        r = -1;
    } else if (r == 0) {
        r = read(fd, buf, n);
    }
    err = errno;
    close(fd);
    errno = err;
    return r;
}

/*
 * A System V IPC key for the file path and the project number id, made
 * as other systems make it: id's low 8 bits, the device's low 8 bits,
 * the inode number's low 16 bits.
 * Returns: the key, or (key_t)-1 with errno from stat.
 */
key_t
ftok(const char *path, int id)
{
    struct stat st;

    if (stat(path, &st) < 0)
        return (key_t)-1;
    return (key_t)(((uint)id & 0xff) << 24 | ((uint)st.dev & 0xff) << 16 |
                   (st.ino & 0xffff));
}

/* Give the caller n tickets (stride scheduling).  Returns: 0, or -1
 * with errno EINVAL (n outside 1..TICKETS_MAX) or EPERM (a raise, not
 * root). */
int
settickets(int n)
{
    return (int)schedctl(SCHED_SETTICKETS, n);
}

/* calloc and realloc, over umalloc.c's malloc and free. */

/* umalloc.c's header in front of every block (its struct block): the
 * block's size in bytes, header included, then a free-list link. */
struct block_header {
    size_t size;
    void *next;
};

/*
 * Allocate count objects of size bytes, zeroed.
 * Returns: the memory, or 0 with errno ENOMEM.
 */
void *
calloc(size_t count, size_t size)
{
    void *p;

    if (size != 0 && count > ULONG_MAX / size) {
        errno = ENOMEM;
        return 0;
    }
    if ((p = malloc(count * size)) != 0)
        memset(p, 0, count * size);
    return p;
}

/*
 * Resize the block p to n bytes, keeping its contents up to the smaller
 * size.  realloc(0, n) is malloc(n); realloc(p, 0) frees p.  A block
 * that already holds n bytes is returned as it is.
 * Returns: the block, or 0 with errno ENOMEM and p untouched.
 */
void *
realloc(void *p, size_t n)
{
    size_t have;
    void *q;

    if (p == 0)
        return malloc(n);
    if (n == 0) {
        free(p);
        return 0;
    }
    have = ((struct block_header *)p - 1)->size - sizeof(struct block_header);
    if (n <= have)
        return p;
    if ((q = malloc(n)) == 0)
        return 0;
    memcpy(q, p, have);
    free(p);
    return q;
}

/* Bytes at the start of s that are all in (strspn) or all not in
 * (strcspn) the set accept. */
size_t
strspn(const char *s, const char *accept)
{
    size_t n = 0;

    while (s[n] && strchr(accept, s[n]))
        n++;
    return n;
}

size_t
strcspn(const char *s, const char *reject)
{
    size_t n = 0;

    while (s[n] && !strchr(reject, s[n]))
        n++;
    return n;
}

/* The first byte of s that is in set, or 0. */
char *
strpbrk(const char *s, const char *set)
{
    s += strcspn(s, set);
    return *s ? (char *)s : 0;
}

/* strlen, looking at no more than max bytes. */
size_t
strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n])
        n++;
    return n;
}

/*
 * Split a string into tokens separated by bytes of sep: the first call
 * passes the string, later ones 0.  The string is changed (each token
 * ends with a NUL).  Returns: the next token, or 0 when none is left.
 */
char *
strtok(char *s, const char *sep)
{
    static char *rest;
    char *tok;

    if (s == 0)
        s = rest;
    if (s == 0)
        return 0;
    s += strspn(s, sep);
    if (*s == 0) {
        rest = 0;
        return 0;
    }
    tok = s;
    s += strcspn(s, sep);
    if (*s) {
        *s = 0;
        rest = s + 1;
    } else {
        rest = 0;
    }
    return tok;
}

/* rand: a linear congruential generator (the constants of C's example
 * implementation), 0..RAND_MAX; srand sets its seed. */
static unsigned long rand_next = 1;

int
rand(void)
{
    rand_next = rand_next * 1103515245 + 12345;
    return (int)((rand_next / 65536) % ((unsigned long)RAND_MAX + 1));
}

void
srand(unsigned int seed)
{
    rand_next = seed;
}

/* Swap n bytes at a and b. */
static void
swap_bytes(char *a, char *b, size_t n)
{
    while (n-- > 0) {
        char t = *a;
        *a++ = *b;
        *b++ = t;
    }
}

/* Sort n elements of size bytes at base with cmp: a heap sort, which
 * needs no memory and takes n log n steps whatever the input. */
static void
sift_down(char *base, size_t root, size_t n, size_t size,
          int (*cmp)(const void *, const void *))
{
    size_t child;

    while ((child = 2 * root + 1) < n) {
        if (child + 1 < n &&
            cmp(base + child * size, base + (child + 1) * size) < 0)
            child++;
        if (cmp(base + root * size, base + child * size) >= 0)
            return;
        swap_bytes(base + root * size, base + child * size, size);
        root = child;
    }
}

void
qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    char *b = base;
    size_t i;

    for (i = n / 2; i-- > 0;)
        sift_down(b, i, n, size, cmp);
    for (i = n; i-- > 1;) {
        swap_bytes(b, b + i * size, size);
        sift_down(b, 0, i, size, cmp);
    }
}

/* Find key among n sorted elements.  Returns: a matching element or 0. */
void *
bsearch(const void *key, const void *base, size_t n, size_t size,
        int (*cmp)(const void *, const void *))
{
    const char *b = base;
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp(key, b + mid * size);
        if (c == 0)
            return (void *)(b + mid * size);
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

/* strcmp and strncmp ignoring the case of ASCII letters. */
int
strcasecmp(const char *a, const char *b)
{
    while (*a && tolower((uchar)*a) == tolower((uchar)*b))
        a++, b++;
    return tolower((uchar)*a) - tolower((uchar)*b);
}

int
strncasecmp(const char *a, const char *b, size_t n)
{
    for (; n > 0; n--, a++, b++) {
        int d = tolower((uchar)*a) - tolower((uchar)*b);
        if (d != 0 || *a == 0)
            return d;
    }
    return 0;
}

/* Seconds since boot (Kite has no clock of the date); also in *t. */
time_t
time(time_t *t)
{
    time_t now = uptime() / HZ;

    if (t)
        *t = now;
    return now;
}

/* LAB pgtbl: BEGIN */
/* The pid and the tick count from the shared page the kernel maps
 * read-only into every process (kernel/pgtbl.c): a load, not a trap.
 * The system calls themselves are raw_getpid() and raw_uptime(). */
int
getpid(void)
{
    return USYS->pid;
}

int
uptime(void)
{
    return (int)USYS->ticks;
}
/* LAB pgtbl: STUB
   LAB pgtbl: END */
