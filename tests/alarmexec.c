/*
 * alarmexec: spin for 20 ticks of uptime, then exit 0.  The traps suite
 * execs it from a process with an alarm set: exec must clear the alarm,
 * or the kernel would jump to the old program's handler address here
 * and the process would die of a fault (tests/trapstest.c).
 */
#include "user/user.h"

int
main(void)
{
    int end = uptime() + 20;
    while (uptime() < end)
        for (volatile int i = 0; i < 1000; i++)
            ;
    exit(0);
}
