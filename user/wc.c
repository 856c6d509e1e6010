/*
 * wc: count lines, words and bytes in each named file, or in standard
 * input when none is named, and print them with the name.  A word is a
 * run of characters other than space, tab, newline and carriage return.
 * With several files a total line follows.
 */
#include "user/user.h"

static char buf[1024];

struct counts {
    unsigned long lines, words, bytes;
};

static int
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Count fd into *c.  Returns: 0, or -1 on a read error. */
static int
count(int fd, struct counts *c)
{
    int n, inword = 0;

    while ((n = read(fd, buf, sizeof(buf))) > 0) {
        c->bytes += n;
        for (int i = 0; i < n; i++) {
            if (buf[i] == '\n')
                c->lines++;
            if (is_space(buf[i])) {
                inword = 0;
            } else if (!inword) {
                inword = 1;
                c->words++;
            }
        }
    }
    return n < 0 ? -1 : 0;
}

static void
report(struct counts *c, const char *name)
{
    printf("%7lu %7lu %7lu %s\n", c->lines, c->words, c->bytes, name);
}

/*
 * Count one file (fd 0 when name is 0), print its line and add it to
 * *total.  Returns: 0, or 1 when the file could not be read.
 */
static int
wc_file(const char *name, struct counts *total)
{
    struct counts c = {0, 0, 0};
    int fd = 0, r;

    if (name != 0 && (fd = open(name, O_RDONLY)) < 0) {
        fprintf(2, "wc: %s: %s\n", name, strerror(errno));
        return 1;
    }
    r = count(fd, &c);
    if (r < 0)
        fprintf(2, "wc: %s: %s\n", name ? name : "stdin", strerror(errno));
    else
        report(&c, name ? name : "");
    if (fd > 0)
        close(fd);
    total->lines += c.lines;
    total->words += c.words;
    total->bytes += c.bytes;
    return r < 0;
}

int
main(int argc, char *argv[])
{
    struct counts total = {0, 0, 0};
    int status = 0;

    if (argc < 2)
        exit(wc_file(0, &total));
    for (int i = 1; i < argc; i++)
        status |= wc_file(argv[i], &total);
    if (argc > 2)
        report(&total, "total");
    exit(status);
}
