/* Wait status encoding, shared with user space (the BSD layout). */
#ifndef KITE_WAIT_H
#define KITE_WAIT_H

#define WNOHANG 1
#define SIGKILL 9

#define W_EXITCODE(ret, sig) ((((ret)&0xff) << 8) | (sig))
#define WIFEXITED(s) (((s)&0x7f) == 0)
#define WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define WIFSIGNALED(s) (((s)&0x7f) != 0)
#define WTERMSIG(s) ((s)&0x7f)

#endif
