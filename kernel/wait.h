/* Wait status encoding, shared with user space (the BSD layout). */
#ifndef KITE_WAIT_H
#define KITE_WAIT_H

#define WNOHANG 1

/* How a killed process ended (WTERMSIG).  Kite has no signal handlers:
 * each of these ends the process, and only the number differs. */
#define SIGHUP 1  /* its session leader left the console (pgrp.c) */
#define SIGINT 2  /* Ctrl-C on the console (console.c) */
#define SIGKILL 9 /* kill(), or a fault */

#define W_EXITCODE(ret, sig) ((((ret)&0xff) << 8) | (sig))
#define WIFEXITED(s) (((s)&0x7f) == 0)
#define WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define WIFSIGNALED(s) (((s)&0x7f) != 0)
#define WTERMSIG(s) ((s)&0x7f)

#endif
