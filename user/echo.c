/*
 * echo: print the arguments, separated by single spaces and followed by
 * a newline.  The whole line is built first and written with one
 * write() when it fits in the buffer, so an echo into a pipe or file
 * arrives in one piece.
 */
#include "user/user.h"

static char line[512];

int
main(int argc, char *argv[])
{
    int n = 0;

    for (int i = 1; i < argc; i++) {
        for (char *s = argv[i]; *s != 0; s++) {
            if (n == sizeof(line)) {
                write(1, line, n);
                n = 0;
            }
            line[n++] = *s;
        }
        if (n == sizeof(line)) {
            write(1, line, n);
            n = 0;
        }
        line[n++] = i + 1 < argc ? ' ' : '\n';
    }
    if (argc < 2)
        line[n++] = '\n';
    if (write(1, line, n) != n)
        exit(1);
    exit(0);
}
