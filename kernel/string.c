/*
 * Memory and string helpers for the kernel.
 *
 * Overview    memset/memmove work a word at a time when both ends are
 *             8-byte aligned: page clears and copies dominate fork and
 *             exec, and a byte loop would cost eight times as much.
 * Locking     None.
 * Origins     Written for Kite.
 */
#include "types.h"

void *
memset(void *dst, int c, uint n)
{
    uchar *d = dst;
    if ((((uint64)d | n) & 7) == 0) {
        uint64 w = (uchar)c;
        w |= w << 8;
        w |= w << 16;
        w |= w << 32;
        uint64 *q = (uint64 *)d, *end = (uint64 *)(d + n);
        for (; q + 8 <= end; q += 8) { /* a page is 64 rounds of 8 */
            q[0] = w, q[1] = w, q[2] = w, q[3] = w;
            q[4] = w, q[5] = w, q[6] = w, q[7] = w;
        }
        for (; q < end; q++)
            *q = w;
        return dst;
    }
    for (uint i = 0; i < n; i++)
        d[i] = c;
    return dst;
}

int
memcmp(const void *a, const void *b, uint n)
{
    const uchar *x = a, *y = b;
    for (uint i = 0; i < n; i++)
        if (x[i] != y[i])
            return x[i] - y[i];
    return 0;
}

void *
memmove(void *dst, const void *src, uint n)
{
    uchar *d = dst;
    const uchar *s = src;
    if (n == 0 || d == s)
        return dst;
    int aligned = (((uint64)d | (uint64)s | n) & 7) == 0;
    if (d < s || d >= s + n) {
        if (aligned) {
            uint64 *dq = (uint64 *)d;
            const uint64 *sq = (const uint64 *)s;
            uint i = 0, words = n / 8;
            for (; i + 4 <= words; i += 4) { /* pages: 4 words a round */
                uint64 a = sq[i], b = sq[i + 1], c = sq[i + 2], e = sq[i + 3];
                dq[i] = a, dq[i + 1] = b, dq[i + 2] = c, dq[i + 3] = e;
            }
            for (; i < words; i++)
                dq[i] = sq[i];
        } else {
            for (uint i = 0; i < n; i++)
                d[i] = s[i];
        }
    } else {
        while (n-- > 0)
            d[n] = s[n];
    }
    return dst;
}

void *
memcpy(void *dst, const void *src, uint n)
{
    return memmove(dst, src, n);
}

int
strncmp(const char *a, const char *b, uint n)
{
    while (n > 0 && *a && *a == *b) {
        n--;
        a++;
        b++;
    }
    if (n == 0)
        return 0;
    return (uchar)*a - (uchar)*b;
}

char *
strncpy(char *dst, const char *src, int n)
{
    char *d = dst;
    while (n > 0 && *src) {
        *d++ = *src++;
        n--;
    }
    while (n-- > 0)
        *d++ = 0;
    return dst;
}

/* Copy at most n-1 characters and always terminate. */
char *
safestrcpy(char *dst, const char *src, int n)
{
    char *d = dst;
    if (n <= 0)
        return dst;
    while (--n > 0 && *src)
        *d++ = *src++;
    *d = 0;
    return dst;
}

int
strlen(const char *s)
{
    int n = 0;
    while (s[n])
        n++;
    return n;
}
