/*
 * grep: print the lines that match a pattern.  The pattern language is
 * a small regular expression: an ordinary character matches itself, '.'
 * matches any character, a character or '.' followed by '*' matches
 * zero or more of it, '^' at the start anchors the match to the start
 * of the line and '$' at the end anchors it to the end.  Input is each
 * named file (lines prefixed "file:" when there are several) or
 * standard input.  Exit status: 0 some line matched, 1 none, 2 error.
 */
#include "user/user.h"

static char buf[1024];

static int match_here(const char *re, const char *text);

/* Does the single-character atom c match character t? */
static int
atom_matches(char c, char t)
{
    return t != 0 && (c == '.' || c == t);
}

/*
 * Match c* followed by the rest of the pattern.  Take as many c as
 * possible first, then give them back one at a time until the rest
 * matches.
 */
static int
match_star(char c, const char *rest, const char *text)
{
    int n = 0;

    while (atom_matches(c, text[n]))
        n++;
    for (; n >= 0; n--) {
        if (match_here(rest, text + n))
            return 1;
    }
    return 0;
}

/* Does the pattern re match a prefix of text? */
static int
match_here(const char *re, const char *text)
{
    for (;;) {
        if (re[0] == 0)
            return 1;
        if (re[1] == '*')
            return match_star(re[0], re + 2, text);
        if (re[0] == '$' && re[1] == 0)
            return *text == 0;
        if (!atom_matches(re[0], *text))
            return 0;
        re++;
        text++;
    }
}

/* Does re match anywhere in the line text? */
static int
match(const char *re, const char *text)
{
    if (re[0] == '^')
        return match_here(re + 1, text);
    do {
        if (match_here(re, text))
            return 1;
    } while (*text++ != 0);
    return 0;
}

/* Print line if it matches re.  Returns: 1 if it matched, else 0. */
static int
grep_line(const char *re, char *line, const char *prefix)
{
    if (!match(re, line))
        return 0;
    if (prefix != 0)
        printf("%s:%s\n", prefix, line);
    else
        printf("%s\n", line);
    return 1;
}

/*
 * Print the lines of fd that match re, with "prefix:" in front when
 * prefix is not 0.  A line longer than the buffer is taken in pieces.
 * Returns: lines matched, or -1 on a read error.
 */
static int
grep_fd(const char *re, int fd, const char *prefix)
{
    int len = 0, n, found = 0;
    char *line, *nl;

    while ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0) {
        len += n;
        buf[len] = 0;
        line = buf;
        while ((nl = strchr(line, '\n')) != 0) {
            *nl = 0;
            found += grep_line(re, line, prefix);
            line = nl + 1;
        }
        len -= line - buf;
        memmove(buf, line, len);
        if (len == sizeof(buf) - 1) {
            /* A full buffer and no newline: a piece of a long line. */
            buf[len] = 0;
            found += grep_line(re, buf, prefix);
            len = 0;
        }
    }
    if (n < 0)
        return -1;
    buf[len] = 0;
    if (len > 0)
        found += grep_line(re, buf, prefix);
    return found;
}

int
main(int argc, char *argv[])
{
    int fd, r, matched = 0, failed = 0;

    if (argc < 2) {
        fprintf(2, "usage: grep pattern [file...]\n");
        exit(2);
    }
    if (argc == 2)
        exit(grep_fd(argv[1], 0, 0) > 0 ? 0 : 1);
    for (int i = 2; i < argc; i++) {
        fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            fprintf(2, "grep: %s: %s\n", argv[i], strerror(errno));
            failed = 1;
            continue;
        }
        r = grep_fd(argv[1], fd, argc > 3 ? argv[i] : 0);
        if (r < 0) {
            fprintf(2, "grep: %s: %s\n", argv[i], strerror(errno));
            failed = 1;
        } else if (r > 0) {
            matched = 1;
        }
        close(fd);
    }
    exit(failed ? 2 : matched ? 0 : 1);
}
