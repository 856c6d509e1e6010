/*
 * spin: loop forever without a system call, the runaway program a
 * student ends with Ctrl-C (or `kill`).  With input on a pipe it still
 * spins: `spin | spin` is a pipeline that never ends by itself.  Used
 * by tests/ctrlc-test.sh.
 */
#include "user/user.h"

int
main(void)
{
    volatile unsigned long n = 0;

    for (;;)
        n++;
}
