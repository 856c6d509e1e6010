/*
 * The scheduling policy interface, shared with user space:
 * schedctl(op, arg) (kernel/sched.c, doc/processes.md section 4).
 */
#ifndef KITE_SCHED_H
#define KITE_SCHED_H

/* Policies: which runnable process a hart takes next. */
#define SCHED_RR 0     /* round robin: the oldest in the queue */
#define SCHED_STRIDE 1 /* stride scheduling: shares set by tickets */

/* Operations of schedctl(op, arg). */
#define SCHED_GETPOLICY 0  /* the policy in force */
#define SCHED_SETPOLICY 1  /* arg: a policy; root only; the old one */
#define SCHED_SETTICKETS 2 /* arg: the caller's tickets; 0 */
#define SCHED_GETTICKETS 3 /* arg: a pid (0: the caller); its tickets */
#define SCHED_CPUTICKS 4   /* arg: a pid (0: the caller); its CPU ticks */

#endif
