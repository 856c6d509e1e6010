/*
 * The pgrp suite: process groups, sessions, waitpid and kill by group,
 * the console's foreground group and the hang-up of a session leader
 * (issue 15, kernel/pgrp.c; after NetBSD kern_exit.c and POSIX).
 *
 * A test that changes groups does so in a child of its own: the test's
 * process is in the runner's group, and kill(0) there would end the
 * runner.  Helpers block on a pipe whose writers go away when the test
 * ends, so a broken kernel fails a test instead of hanging the run.
 * Ctrl-C is tested from the host (tests/ctrlc-test.sh).
 */
#include "tests/testlib.h"

#define ST_GONE 0 /* procinfo.state values */
#define ST_ZOMBIE 5
#define POLL_TRIES 1000 /* a tick apart: about ten seconds */
#define NOGROUP 0x7ffffff0
#define NMEMBERS 4

static struct procinfo rows[NPROC];

/* pid's row of procs(), or 0 if it is not in the table. */
static struct procinfo *
row_of(int pid)
{
    int n = procs(rows, NPROC), i;

    CHECK(n > 0);
    for (i = 0; i < n; i++)
        if (rows[i].pid == pid)
            return &rows[i];
    return 0;
}

/* Poll until pid is gone from the table; 1 if it went. */
static int
wait_gone(int pid)
{
    for (int i = 0; i < POLL_TRIES; i++) {
        if (row_of(pid) == 0)
            return 1;
        sleep(1);
    }
    return 0;
}

/* Poll until pid is a zombie; 1 if it became one. */
static int
wait_zombie(int pid)
{
    for (int i = 0; i < POLL_TRIES; i++) {
        struct procinfo *r = row_of(pid);
        if (r && r->state == ST_ZOMBIE)
            return 1;
        sleep(1);
    }
    return 0;
}

/* Fork a child that blocks reading fds[0] until every writer is gone,
 * then exits 0.  It first joins group pgid (if not -1) itself. */
static int
fork_blocked(int fds[2], int pgid)
{
    int pid = fork();
    char c;

    CHECK(pid >= 0);
    if (pid == 0) {
        if (pgid != -1 && setpgid(0, pgid) < 0)
            exit(3);
        close(fds[1]);
        read(fds[0], &c, 1);
        exit(0);
    }
    if (pgid != -1)
        setpgid(pid, pgid == 0 ? pid : pgid); /* either may run first */
    return pid;
}

static int
killed_by(int st, int sig)
{
    return WIFSIGNALED(st) && WTERMSIG(st) == sig;
}

/* Run fn in a child of the test and check that it exited 0. */
static void
in_child(void (*fn)(void))
{
    int pid = fork();

    CHECK(pid >= 0);
    if (pid == 0) {
        fn();
        exit(0);
    }
    CHECK(test_wait_status(pid) == 0);
}

/* ---------------------------------------------------------------- */
/* Ids                                                               */
/* ---------------------------------------------------------------- */

static void
pgrp_fork_inherits_group_and_session(void)
{
    int fds[2], pid;

    CHECK(pipe(fds) == 0);
    pid = fork_blocked(fds, -1);
    CHECK(getpgid(pid) == getpgrp());
    CHECK(getsid(pid) == getsid(0));
    CHECK(getpgid(0) == getpgrp());
    close(fds[1]);
    CHECK(test_wait_status(pid) == 0);
}

static void
pgrp_init_leads_group_and_session_1(void)
{
    CHECK(getpgid(1) == 1);
    CHECK(getsid(1) == 1);
}

static void
own_group(void)
{
    CHECK(setpgid(0, 0) == 0);
    CHECK(getpgrp() == getpid());
    CHECK(getpgid(0) == getpid());
    CHECK(getpgid(getpid()) == getpid());
    CHECK(setpgid(getpid(), getpid()) == 0); /* already: no change */
    CHECK(getpgrp() == getpid());
}

static void
pgrp_setpgid_own_group(void)
{
    int ppgid = getpgrp();
    in_child(own_group);
    CHECK(getpgrp() == ppgid); /* the parent is not moved */
}

static void
move_child(void)
{
    int fds[2], pid;

    CHECK(pipe(fds) == 0);
    pid = fork_blocked(fds, -1);
    CHECK(setpgid(pid, 0) == 0); /* its own group */
    CHECK(getpgid(pid) == pid);
    CHECK(setpgid(pid, getpgrp()) == 0); /* back into ours */
    CHECK(getpgid(pid) == getpgrp());
    CHECK(setpgid(pid, pid) == 0);
    CHECK(setpgid(0, pid) == 0); /* we join the child's group */
    CHECK(getpgrp() == pid);
    close(fds[1]);
    CHECK(test_wait_status(pid) == 0);
}

static void
pgrp_setpgid_moves_child(void)
{
    in_child(move_child);
}

static void
pgrp_setpgid_errors(void)
{
    CHECK_ERR(setpgid(0, -1) == -1, EINVAL);
    CHECK_ERR(setpgid(1, 0) == -1, ESRCH);          /* init: not our child */
    CHECK_ERR(setpgid(getppid(), 0) == -1, ESRCH);  /* our parent */
    CHECK_ERR(setpgid(0x7fffffff, 0) == -1, ESRCH); /* nobody */
    CHECK_ERR(setpgid(-5, 0) == -1, ESRCH);         /* nobody */
    CHECK_ERR(setpgid(0, NOGROUP) == -1, EPERM);    /* no such group */
    CHECK_ERR(setpgid(0, getppid() + 0x100000) == -1, EPERM);
}

static void
leader_setpgid(void)
{
    CHECK(setsid() == getpid());
    CHECK_ERR(setpgid(0, 0) == -1, EPERM); /* a session leader */
    CHECK_ERR(setpgid(0, getpid()) == -1, EPERM);
}

static void
pgrp_setpgid_session_leader_eperm(void)
{
    in_child(leader_setpgid);
}

static void
pgrp_setpgid_other_session_eperm(void)
{
    int fds[2], ready[2], pid, st;
    char c;

    CHECK(pipe(fds) == 0 && pipe(ready) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(fds[1]);
        if (setsid() != getpid())
            exit(1);
        write(ready[1], "x", 1);
        read(fds[0], &c, 1);
        exit(0);
    }
    CHECK(read(ready[0], &c, 1) == 1);
    CHECK(getsid(pid) == pid && getpgid(pid) == pid);
    CHECK_ERR(setpgid(pid, 0) == -1, EPERM); /* child of another session */
    CHECK_ERR(setpgid(0, pid) == -1, EPERM); /* group of another session */
    close(fds[1]);
    st = test_wait_status(pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static void
pgrp_setpgid_after_exec_eacces(void)
{
    int fds[2], pid, i;
    struct procinfo *r = 0;
    char *argv[] = {"cat", 0};

    CHECK(pipe(fds) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(0);
        dup(fds[0]);
        close(fds[0]);
        close(fds[1]);
        exec("/cat", argv);
        exit(127);
    }
    close(fds[0]);
    for (i = 0; i < POLL_TRIES; i++) { /* until the exec is done */
        r = row_of(pid);
        if (r && strcmp(r->name, "cat") == 0)
            break;
        sleep(1);
    }
    CHECK(r && strcmp(r->name, "cat") == 0);
    CHECK_ERR(setpgid(pid, pid) == -1, EACCES);
    CHECK_ERR(setpgid(pid, getpgrp()) == -1, EACCES);
    CHECK(getpgid(pid) == getpgrp()); /* exec kept the group */
    CHECK(getsid(pid) == getsid(0));
    close(fds[1]); /* cat sees end of file */
    CHECK(test_wait_status(pid) == 0);
}

static void
pgrp_getpgid_getsid_esrch(void)
{
    int pid = fork();

    CHECK(pid >= 0);
    if (pid == 0)
        exit(0);
    CHECK(test_wait_status(pid) == 0);
    CHECK_ERR(getpgid(pid) == -1, ESRCH); /* reaped: gone */
    CHECK_ERR(getsid(pid) == -1, ESRCH);
    CHECK_ERR(getpgid(0x7fffffff) == -1, ESRCH);
    CHECK_ERR(getsid(-3) == -1, ESRCH);
    CHECK(getpgrp() == getpgid(0));
}

static void
new_session(void)
{
    int cfd = open("/console", O_RDWR);

    CHECK(cfd >= 0);
    CHECK(setsid() == getpid());
    CHECK(getsid(0) == getpid());
    CHECK(getpgrp() == getpid());
    CHECK_ERR(setsid() == -1, EPERM);        /* it leads a group now */
    CHECK_ERR(tcgetpgrp(cfd) == -1, ENOTTY); /* no console yet */
}

static void
pgrp_setsid_new_session(void)
{
    in_child(new_session);
}

static void
group_leader_setsid(void)
{
    CHECK(setpgid(0, 0) == 0);
    CHECK_ERR(setsid() == -1, EPERM);
    CHECK(getsid(0) != getpid());
}

static void
pgrp_setsid_group_leader_eperm(void)
{
    in_child(group_leader_setsid);
}

static void
pgrp_procs_shows_pgid_and_sid(void)
{
    struct procinfo *r = row_of(getpid());

    CHECK(r != 0);
    CHECK(r->pgid == getpgrp());
    CHECK(r->sid == getsid(0));
    r = row_of(1);
    CHECK(r != 0 && r->pgid == 1 && r->sid == 1);
}

/* ---------------------------------------------------------------- */
/* waitpid by group                                                  */
/* ---------------------------------------------------------------- */

static void
wait0_own_group(void)
{
    int fds[2], same, other, st;

    CHECK(setpgid(0, 0) == 0);
    CHECK(pipe(fds) == 0);
    same = fork_blocked(fds, -1);
    other = fork();
    CHECK(other >= 0);
    if (other == 0) {
        setpgid(0, 0);
        exit(7);
    }
    setpgid(other, other);
    CHECK(wait_zombie(other));
    /* The zombie is in another group: waitpid(0) does not see it. */
    CHECK(waitpid(0, &st, WNOHANG) == 0);
    close(fds[1]);
    CHECK(waitpid(0, &st, 0) == same);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    CHECK_ERR(waitpid(0, &st, 0) == -1, ECHILD);
    CHECK_ERR(waitpid(0, &st, WNOHANG) == -1, ECHILD);
    CHECK(waitpid(-other, &st, 0) == other);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7);
}

static void
pgrp_waitpid_0_ignores_other_groups(void)
{
    in_child(wait0_own_group);
}

static void
wait_group(void)
{
    int fds[2], a, b, st, got[2];

    CHECK(pipe(fds) == 0);
    a = fork_blocked(fds, 0); /* group a */
    b = fork_blocked(fds, a); /* joins group a */
    CHECK(getpgid(a) == a && getpgid(b) == a);
    CHECK(waitpid(-a, &st, WNOHANG) == 0); /* members, none exited */
    CHECK_ERR(waitpid(-NOGROUP, &st, WNOHANG) == -1, ECHILD);
    CHECK_ERR(waitpid(-NOGROUP, &st, 0) == -1, ECHILD);
    CHECK_ERR(waitpid(0, &st, WNOHANG) == -1, ECHILD); /* none in ours */
    close(fds[1]);
    got[0] = waitpid(-a, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    got[1] = waitpid(-a, &st, 0);
    CHECK((got[0] == a && got[1] == b) || (got[0] == b && got[1] == a));
    CHECK_ERR(waitpid(-a, &st, 0) == -1, ECHILD);
}

static void
pgrp_waitpid_neg_pgid(void)
{
    in_child(wait_group);
}

static void
wait_group_wnohang_zombie(void)
{
    int a, st;

    CHECK(setpgid(0, 0) == 0);
    a = fork();
    CHECK(a >= 0);
    if (a == 0) {
        setpgid(0, 0);
        exit(9);
    }
    setpgid(a, a);
    CHECK(wait_zombie(a));
    CHECK(waitpid(-a, &st, WNOHANG) == a);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 9);
    CHECK_ERR(waitpid(-a, &st, WNOHANG) == -1, ECHILD);
}

static void
pgrp_waitpid_neg_pgid_wnohang_reaps_zombie(void)
{
    in_child(wait_group_wnohang_zombie);
}

/* ---------------------------------------------------------------- */
/* kill by group                                                     */
/* ---------------------------------------------------------------- */

static void
kill_group(void)
{
    int fds[2], pids[NMEMBERS], i, g;

    CHECK(pipe(fds) == 0);
    for (i = 0; i < NMEMBERS; i++)
        pids[i] = fork_blocked(fds, i == 0 ? 0 : pids[0]);
    g = pids[0];
    for (i = 0; i < NMEMBERS; i++)
        CHECK(getpgid(pids[i]) == g);
    CHECK(kill(-g) == 0);
    for (i = 0; i < NMEMBERS; i++)
        CHECK(killed_by(test_wait_status(pids[i]), SIGKILL));
    CHECK_ERR(kill(-g) == -1, ESRCH); /* every member reaped */
}

static void
pgrp_kill_neg_pgid_kills_every_member(void)
{
    in_child(kill_group);
}

static void
kill_own_group(void)
{
    int fds[2], info[2], v[2], pid, i;

    CHECK(pipe(fds) == 0 && pipe(info) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        setpgid(0, 0);
        for (i = 0; i < 2; i++)
            v[i] = fork_blocked(fds, -1);
        write(info[1], v, sizeof(v));
        kill(0); /* us and our children */
        for (;;)
            sleep(1); /* dies on the way back to user mode */
    }
    close(info[1]);
    CHECK(read(info[0], v, sizeof(v)) == sizeof(v));
    CHECK(killed_by(test_wait_status(pid), SIGKILL));
    for (i = 0; i < 2; i++)
        CHECK(wait_gone(v[i])); /* killed, then reaped by init */
    close(fds[1]);
}

static void
pgrp_kill_0_kills_own_group(void)
{
    in_child(kill_own_group);
}

static int victims; /* the group of pgrp_kill_group_mixed_owners */
static int victim_uid[NMEMBERS];

static void
kill_victims_as_7(void)
{
    CHECK(kill(-victims) == 0); /* permitted for the uid-7 members */
}

static void
kill_victims_as_9(void)
{
    CHECK_ERR(kill(-victims) == -1, EPERM); /* members, none its own */
    CHECK_ERR(kill(-NOGROUP) == -1, ESRCH);
}

static void
mixed_owners(void)
{
    int fds[2], ready[2], pids[NMEMBERS], i, st;
    char c;

    CHECK(pipe(fds) == 0 && pipe(ready) == 0);
    for (i = 0; i < NMEMBERS; i++) {
        victim_uid[i] = i % 2 ? 8 : 7;
        pids[i] = fork();
        CHECK(pids[i] >= 0);
        if (pids[i] == 0) {
            if (setpgid(0, i == 0 ? 0 : pids[0]) < 0 ||
                setuid(victim_uid[i]) < 0)
                exit(3);
            close(fds[1]);
            write(ready[1], "x", 1);
            read(fds[0], &c, 1);
            exit(0);
        }
        setpgid(pids[i], pids[0]);
    }
    for (i = 0; i < NMEMBERS; i++)
        CHECK(read(ready[0], &c, 1) == 1);
    victims = pids[0];
    CHECK(test_run_as(9, kill_victims_as_9) == 0);
    CHECK(test_run_as(7, kill_victims_as_7) == 0);
    close(fds[1]);
    for (i = 0; i < NMEMBERS; i++) {
        st = test_wait_status(pids[i]);
        if (victim_uid[i] == 7)
            CHECK(killed_by(st, SIGKILL));
        else
            CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
}

static void
pgrp_kill_group_mixed_owners(void)
{
    in_child(mixed_owners);
}

/* ---------------------------------------------------------------- */
/* Exit: orphans and the hang-up                                     */
/* ---------------------------------------------------------------- */

static void
pgrp_orphans_keep_group_and_are_reaped(void)
{
    int fds[2], info[2], v[2], mid, i;
    struct procinfo *r = 0;

    CHECK(pipe(fds) == 0 && pipe(info) == 0);
    mid = fork();
    CHECK(mid >= 0);
    if (mid == 0) {
        setpgid(0, 0);
        for (i = 0; i < 2; i++)
            v[i] = fork_blocked(fds, -1);
        write(info[1], v, sizeof(v));
        exit(0);
    }
    close(info[1]);
    CHECK(read(info[0], v, sizeof(v)) == sizeof(v));
    CHECK(test_wait_status(mid) == 0); /* the group's leader is gone */
    for (i = 0; i < 2; i++) {
        for (int t = 0; t < POLL_TRIES; t++) {
            r = row_of(v[i]);
            if (r == 0 || r->ppid == 1)
                break;
            sleep(1);
        }
        CHECK(r != 0 && r->ppid == 1); /* init's now */
        CHECK(getpgid(v[i]) == mid);   /* still in their group */
        CHECK(getsid(v[i]) == getsid(0));
    }
    CHECK(kill(-mid) == 0); /* the group lives on without its leader */
    for (i = 0; i < 2; i++)
        CHECK(wait_gone(v[i])); /* init reaps them */
    CHECK_ERR(kill(-mid) == -1, ESRCH);
    close(fds[1]);
}

/*
 * The session leader of pgrp_session_leader_exit_hangs_up: takes the
 * console for a new session, with a foreground group (fg) and a
 * background one (bg, the parent of fg, which reports fg's status).
 */
static void
hangup_leader(int cfd, int fds[2], int report)
{
    int link[2], bg, fg = 0, st;

    if (setsid() != getpid() || pipe(link) < 0)
        exit(1);
    bg = fork();
    if (bg == 0) {
        setpgid(0, 0);
        fg = fork_blocked(fds, 0);
        write(link[1], &fg, sizeof(fg));
        close(fds[0]);
        close(fds[1]);
        st = test_wait_status(fg);
        write(report, &st, sizeof(st));
        exit(0);
    }
    setpgid(bg, bg);
    if (read(link[0], &fg, sizeof(fg)) != sizeof(fg))
        exit(2);
    if (tcsetpgrp(cfd, fg) != 0 || tcgetpgrp(cfd) != fg)
        exit(3);
    exit(0); /* hangs up the console: fg ends with SIGHUP, bg lives */
}

static void
pgrp_session_leader_exit_hangs_up(void)
{
    int fds[2], report[2], cfd, leader, st = 0;

    cfd = open("/console", O_RDWR);
    CHECK(cfd >= 0);
    CHECK(pipe(fds) == 0 && pipe(report) == 0);
    leader = fork();
    CHECK(leader >= 0);
    if (leader == 0) {
        close(report[0]);
        hangup_leader(cfd, fds, report[1]);
    }
    close(report[1]);
    CHECK(test_wait_status(leader) == 0);
    /* The hang-up is done when the leader is a zombie: closing the pipe
     * now cannot save fg, and a kernel that forgot it fails, not hangs. */
    close(fds[1]);
    CHECK(read(report[0], &st, sizeof(st)) == sizeof(st));
    CHECK(killed_by(st, SIGHUP));
    /* The console is back with init's session. */
    if (getsid(0) == 1)
        CHECK(tcgetpgrp(cfd) == 1);
}

/* ---------------------------------------------------------------- */
/* The console's foreground group                                    */
/* ---------------------------------------------------------------- */

static void
pgrp_tcsetpgrp_errors(void)
{
    int fds[2], ready[2], cfd, pid;
    char c;

    cfd = open("/console", O_RDWR);
    CHECK(cfd >= 0 && pipe(fds) == 0 && pipe(ready) == 0);
    CHECK_ERR(tcsetpgrp(fds[0], getpgrp()) == -1, ENOTTY);
    CHECK_ERR(tcgetpgrp(fds[1]) == -1, ENOTTY);
    CHECK_ERR(tcsetpgrp(NOFILE + 3, getpgrp()) == -1, EBADF);
    CHECK_ERR(tcgetpgrp(-1) == -1, EBADF);
    CHECK_ERR(tcsetpgrp(cfd, -1) == -1, EINVAL);
    CHECK_ERR(tcsetpgrp(cfd, NOGROUP) == -1, EPERM); /* no such group */
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(fds[1]);
        setsid();
        write(ready[1], "x", 1);
        read(fds[0], &c, 1);
        exit(0);
    }
    CHECK(read(ready[0], &c, 1) == 1);
    CHECK_ERR(tcsetpgrp(cfd, pid) == -1, EPERM); /* another session's */
    close(fds[1]);
    CHECK(test_wait_status(pid) == 0);
}

static void
foreground_switch(void)
{
    int cfd = open("/console", O_RDWR), old;

    CHECK(cfd >= 0);
    old = tcgetpgrp(cfd);
    CHECK(old > 0);
    CHECK(setpgid(0, 0) == 0);
    CHECK(tcsetpgrp(cfd, getpgrp()) == 0);
    CHECK(tcgetpgrp(cfd) == getpgrp());
    CHECK(tcsetpgrp(cfd, old) == 0); /* give it back */
    CHECK(tcgetpgrp(cfd) == old);
}

static void
pgrp_tcsetpgrp_same_session(void)
{
    in_child(foreground_switch);
}

static void
background_read(void)
{
    int cfd = open("/console", O_RDWR);
    char c;

    CHECK(cfd >= 0);
    CHECK(tcgetpgrp(cfd) != getpid());
    CHECK(setpgid(0, 0) == 0); /* out of the foreground group */
    CHECK_ERR(read(cfd, &c, 1) == -1, EIO);
    CHECK(write(cfd, "", 0) == 0); /* writing is allowed */
}

static void
pgrp_background_console_read_eio(void)
{
    in_child(background_read);
}

static struct test pgrp_tests[] = {
    {"pgrp_fork_inherits_group_and_session",
     pgrp_fork_inherits_group_and_session, QUICK},
    {"pgrp_init_leads_group_and_session_1", pgrp_init_leads_group_and_session_1,
     QUICK},
    {"pgrp_setpgid_own_group", pgrp_setpgid_own_group, QUICK},
    {"pgrp_setpgid_moves_child", pgrp_setpgid_moves_child, QUICK},
    {"pgrp_setpgid_errors", pgrp_setpgid_errors, QUICK},
    {"pgrp_setpgid_session_leader_eperm", pgrp_setpgid_session_leader_eperm,
     QUICK},
    {"pgrp_setpgid_other_session_eperm", pgrp_setpgid_other_session_eperm,
     QUICK},
    {"pgrp_setpgid_after_exec_eacces", pgrp_setpgid_after_exec_eacces, QUICK},
    {"pgrp_getpgid_getsid_esrch", pgrp_getpgid_getsid_esrch, QUICK},
    {"pgrp_setsid_new_session", pgrp_setsid_new_session, QUICK},
    {"pgrp_setsid_group_leader_eperm", pgrp_setsid_group_leader_eperm, QUICK},
    {"pgrp_procs_shows_pgid_and_sid", pgrp_procs_shows_pgid_and_sid, QUICK},
    {"pgrp_waitpid_0_ignores_other_groups", pgrp_waitpid_0_ignores_other_groups,
     QUICK},
    {"pgrp_waitpid_neg_pgid", pgrp_waitpid_neg_pgid, QUICK},
    {"pgrp_waitpid_neg_pgid_wnohang_reaps_zombie",
     pgrp_waitpid_neg_pgid_wnohang_reaps_zombie, QUICK},
    {"pgrp_kill_neg_pgid_kills_every_member",
     pgrp_kill_neg_pgid_kills_every_member, QUICK},
    {"pgrp_kill_0_kills_own_group", pgrp_kill_0_kills_own_group, QUICK},
    {"pgrp_kill_group_mixed_owners", pgrp_kill_group_mixed_owners, QUICK},
    {"pgrp_orphans_keep_group_and_are_reaped",
     pgrp_orphans_keep_group_and_are_reaped, QUICK},
    {"pgrp_session_leader_exit_hangs_up", pgrp_session_leader_exit_hangs_up,
     QUICK},
    {"pgrp_tcsetpgrp_errors", pgrp_tcsetpgrp_errors, QUICK},
    {"pgrp_tcsetpgrp_same_session", pgrp_tcsetpgrp_same_session, QUICK},
    {"pgrp_background_console_read_eio", pgrp_background_console_read_eio,
     QUICK},
};

struct suite pgrp_suite = SUITE("pgrp", pgrp_tests);
