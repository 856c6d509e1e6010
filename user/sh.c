/*
 * sh: the Kite shell.  It reads a line, splits it into tokens, parses
 * the tokens into a tree and runs the tree.  The language:
 *
 *   line     = list
 *   list     = pipeline { (";" | "&") [pipeline] }
 *   pipeline = command [ "|" pipeline ]
 *   command  = { word | "<" word | ">" word }
 *
 * A word is a run of characters other than blanks and |<>;& , or text
 * in single or double quotes.  A name without '/' runs from the root
 * directory (programs live there), so `ls` works after `cd`.  "&" runs
 * what precedes it in the background and prints its pid; finished
 * background jobs are reported before the next prompt.  `cd [dir]`,
 * `exit [status]` and `wait [pid]` (a background job, or all of them)
 * are built in.  The prompt "$ " goes to stderr and only when standard
 * input is a device, so `sh script` and `sh < file` run quietly;
 * `sh FILE` reads commands from FILE.  End of input exits.
 *
 * Jobs (kernel/pgrp.c): on the console, every pipeline of a line, and
 * every command run with "&" (anywhere), is a job with a process group
 * of its own, whose id is the pid of its first process (the pid "&"
 * prints, which `kill -PGID` ends).  There the shell leads its own
 * session and hands the console to each foreground job while it runs
 * (tcsetpgrp), so that Ctrl-C ends that job and nothing else; it takes
 * the console back when the job is over.  Background jobs never get
 * the console: Ctrl-C does not touch them, and if they read it they get
 * EIO.  Ctrl-C at the prompt discards the line and shows a new prompt
 * (the kernel spares the session leader; a shell run from the shell
 * leads no session, and Ctrl-C at its prompt ends it).
 */
#include "user/user.h"

#define MAXLINE 256
#define MAXTOKENS 64
#define MAXNODES 32

/* Tokens. */
enum tokkind { TK_WORD, TK_PIPE, TK_IN, TK_OUT, TK_SEMI, TK_BACK, TK_END };

struct token {
    enum tokkind kind;
    char *word; /* TK_WORD: the text, in words[] */
};

/* The parse tree. */
enum nodekind { N_CMD, N_PIPE, N_SEQ, N_BACK };

struct node {
    enum nodekind kind;
    struct node *left, *right; /* N_PIPE, N_SEQ: both; N_BACK: left */
    char *argv[MAXARG + 1];    /* N_CMD: arguments, 0-terminated */
    int argc;
    char *in, *out; /* N_CMD: redirections, or 0 */
};

static char line[MAXLINE];
static char words[2 * MAXLINE];
static struct token tokens[MAXTOKENS + 1];
static struct node nodes[MAXNODES];
static int ntokens, pos, nnodes;
static const char *syntax_error;
static int last_status;

/* Jobs */
static int job_control; /* the shell hands the console to its jobs */
static int shell_pgid;  /* the shell's group: has the console between jobs */
static int job_pgid;    /* the job being started: 0 before its first fork */
static int job_background;
static int in_child; /* this process is part of a job, not the shell */

/* Lexer */

static int
is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
special_kind(char c)
{
    switch (c) {
    case '|':
        return TK_PIPE;
    case '<':
        return TK_IN;
    case '>':
        return TK_OUT;
    case ';':
        return TK_SEMI;
    case '&':
        return TK_BACK;
    }
    return -1;
}

/*
 * Copy one word starting at s into words[] at *w (quotes removed).
 * Returns: the first character after the word, or 0 on an open quote.
 */
static char *
lex_word(char *s, char **w)
{
    char quote;

    while (*s != 0 && !is_blank(*s) && special_kind(*s) < 0) {
        if (*s != '\'' && *s != '"') {
            *(*w)++ = *s++;
            continue;
        }
        quote = *s++;
        while (*s != quote) {
            if (*s == 0)
                return 0;
            *(*w)++ = *s++;
        }
        s++;
    }
    *(*w)++ = 0;
    return s;
}

/* Split line into tokens[].  Returns: 0, or -1 with syntax_error set. */
static int
lex(char *s)
{
    char *w = words;
    int k;

    ntokens = 0;
    for (;;) {
        while (is_blank(*s))
            s++;
        if (*s == 0)
            break;
        if (ntokens == MAXTOKENS) {
            syntax_error = "too many words";
            return -1;
        }
        k = special_kind(*s);
        if (k >= 0) {
            tokens[ntokens].kind = k;
            s++;
        } else {
            tokens[ntokens].kind = TK_WORD;
            tokens[ntokens].word = w;
            if ((s = lex_word(s, &w)) == 0) {
                syntax_error = "unmatched quote";
                return -1;
            }
        }
        ntokens++;
    }
    tokens[ntokens].kind = TK_END;
    return 0;
}

/* Parser: one function per rule, reading tokens[pos]. */

static enum tokkind
peek(void)
{
    return tokens[pos].kind;
}

static struct node *
new_node(enum nodekind kind, struct node *left, struct node *right)
{
    struct node *n;

    if (nnodes == MAXNODES) {
        syntax_error = "line too complex";
        return 0;
    }
    n = &nodes[nnodes++];
    memset(n, 0, sizeof(*n));
    n->kind = kind;
    n->left = left;
    n->right = right;
    return n;
}

/* command = { word | "<" word | ">" word }, at least one of them. */
static struct node *
parse_command(void)
{
    struct node *n = new_node(N_CMD, 0, 0);
    enum tokkind k;

    if (n == 0)
        return 0;
    while ((k = peek()) == TK_WORD || k == TK_IN || k == TK_OUT) {
        pos++;
        if (k == TK_WORD) {
            if (n->argc == MAXARG) {
                syntax_error = "too many arguments";
                return 0;
            }
            n->argv[n->argc++] = tokens[pos - 1].word;
            continue;
        }
        if (peek() != TK_WORD) {
            syntax_error = "missing file name after < or >";
            return 0;
        }
        if (k == TK_IN)
            n->in = tokens[pos++].word;
        else
            n->out = tokens[pos++].word;
    }
    if (n->argc == 0 && n->in == 0 && n->out == 0) {
        syntax_error = "missing command";
        return 0;
    }
    return n;
}

/* pipeline = command [ "|" pipeline ] */
static struct node *
parse_pipeline(void)
{
    struct node *left, *right;

    left = parse_command();
    if (left == 0 || peek() != TK_PIPE)
        return left;
    pos++;
    right = parse_pipeline();
    if (right == 0)
        return 0;
    return new_node(N_PIPE, left, right);
}

/* list = pipeline { (";" | "&") [pipeline] }.  An empty list is 0. */
static struct node *
parse_list(void)
{
    struct node *list = 0, *p;

    while (peek() != TK_END) {
        p = parse_pipeline();
        if (p == 0)
            return 0;
        if (peek() == TK_BACK) {
            pos++;
            if ((p = new_node(N_BACK, p, 0)) == 0)
                return 0;
        } else if (peek() == TK_SEMI) {
            pos++;
        } else if (peek() != TK_END) {
            syntax_error = "unexpected token";
            return 0;
        }
        if (list != 0 && (p = new_node(N_SEQ, list, p)) == 0)
            return 0;
        list = p;
    }
    return list;
}

/* Parse a whole line.  Returns: the tree, or 0 (empty or error). */
static struct node *
parse(char *s)
{
    syntax_error = 0;
    pos = nnodes = 0;
    if (lex(s) < 0)
        return 0;
    return parse_list();
}

/* Execution */

static int run(struct node *n);

static void report_job(int pid, int status);

/* wait [pid]: wait for one background job, or for all of them.
 * Returns: the wait status of the last one (0 if there was none). */
static int
wait_builtin(struct node *n)
{
    int pid, status = 0, last = 0;

    if (n->argc > 1) {
        pid = atoi(n->argv[1]);
        if (pid <= 0 || waitpid(pid, &status, 0) < 0) {
            fprintf(2, "sh: wait: %s: %s\n", n->argv[1],
                    pid <= 0 ? "not a process id" : strerror(errno));
            return W_EXITCODE(127, 0);
        }
        report_job(pid, status);
        return status;
    }
    while ((pid = waitpid(-1, &status, 0)) > 0) {
        report_job(pid, status);
        last = status;
    }
    return last;
}

/*
 * cd, exit and wait.  Returns: 1 if argv named a builtin (its status in
 * *status), 0 if not.
 */
static int
builtin(struct node *n, int *status)
{
    char **argv = n->argv;

    if (n->argc == 0)
        return 0;
    if (strcmp(argv[0], "exit") == 0)
        exit(n->argc > 1 ? atoi(argv[1]) : WEXITSTATUS(last_status));
    if (strcmp(argv[0], "wait") == 0) {
        *status = in_child ? 0 : wait_builtin(n);
        return 1;
    }
    if (strcmp(argv[0], "cd") != 0)
        return 0;
    *status = 0;
    if (chdir(n->argc > 1 ? argv[1] : "/") < 0) {
        fprintf(2, "sh: cd: %s: %s\n", n->argc > 1 ? argv[1] : "/",
                strerror(errno));
        *status = W_EXITCODE(1, 0);
    }
    return 1;
}

/* Make fd `target` refer to file path opened with flags, or exit. */
static void
redirect(const char *path, int flags, int target)
{
    int fd = open(path, flags);

    if (fd < 0) {
        fprintf(2, "sh: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    if (fd == target)
        return;
    close(target);
    if (dup(fd) != target) {
        fprintf(2, "sh: %s: cannot redirect\n", path);
        exit(1);
    }
    close(fd);
}

/* In a child: apply redirections and exec the command.  Never returns. */
static void
exec_command(struct node *n)
{
    static char path[MAXPATH];
    int status;

    if (n->in != 0)
        redirect(n->in, O_RDONLY, 0);
    if (n->out != 0)
        redirect(n->out, O_WRONLY | O_CREAT | O_TRUNC, 1);
    if (n->argc == 0)
        exit(0); /* only redirections: files opened, nothing to run */
    if (builtin(n, &status))
        exit(WEXITSTATUS(status));
    if (strchr(n->argv[0], '/') == 0 && strlen(n->argv[0]) + 2 <= MAXPATH) {
        path[0] = '/';
        strcpy(path + 1, n->argv[0]);
    } else {
        strncpy(path, n->argv[0], MAXPATH - 1);
    }
    exec(path, n->argv);
    fprintf(2, "sh: %s: %s\n", n->argv[0], strerror(errno));
    exit(127);
}

/* In a child: run n and exit with its status.  Never returns. */
static void
run_in_child(struct node *n)
{
    int status;

    if (n->kind == N_CMD)
        exec_command(n);
    status = run(n);
    exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

/* Begin a job: its first fork makes its process group. */
static void
start_job(int background)
{
    job_pgid = 0;
    job_background = background;
}

/*
 * Fork a process of the current job.  The shell puts the child in the
 * job's group, and so does the child itself (whichever runs first, the
 * group is right before the child execs or reads); a foreground job
 * gets the console the same way.  A child's own children are already
 * in the job's group.  Without job control (a script) foreground
 * commands stay in the shell's group, so that a Ctrl-C that ends the
 * script ends what it runs too; "&" jobs still get groups of their own.
 * Returns: as fork, after reporting a failure.
 */
static int
fork_job(void)
{
    int pid = fork();

    if (pid < 0) {
        fprintf(2, "sh: fork: %s\n", strerror(errno));
        return -1;
    }
    if (in_child || (!job_control && !job_background))
        return pid;
    if (pid == 0) {
        in_child = 1;
        setpgid(0, job_pgid);
        if (job_control && !job_background)
            tcsetpgrp(0, getpgrp());
        return 0;
    }
    if (job_pgid == 0)
        job_pgid = pid;
    setpgid(pid, job_pgid); /* EACCES if it has exec'd: it did this itself */
    if (job_control && !job_background)
        tcsetpgrp(0, job_pgid);
    return pid;
}

/* A foreground job is over: the shell takes the console back. */
static void
end_job(void)
{
    if (!in_child && job_control)
        tcsetpgrp(0, shell_pgid);
}

/* Fork a child that runs n.  Returns: its pid, or -1 (reported). */
static int
fork_child(struct node *n)
{
    int pid = fork_job();

    if (pid == 0)
        run_in_child(n);
    return pid;
}

/* Wait for pid.  Returns: its wait status (failure if pid < 0). */
static int
wait_for(int pid)
{
    int status;

    if (pid < 0 || waitpid(pid, &status, 0) < 0)
        return W_EXITCODE(1, 0);
    return status;
}

/*
 * Run left | right: each side in its own child, left's stdout and
 * right's stdin joined by a pipe.  Returns: the right side's status.
 */
static int
run_pipe(struct node *n)
{
    int fds[2], left = -1, right = -1, pid;

    if (pipe(fds) < 0) {
        fprintf(2, "sh: pipe: %s\n", strerror(errno));
        return W_EXITCODE(1, 0);
    }
    for (int side = 0; side < 2; side++) {
        pid = fork_job();
        if (pid == 0) {
            close(side == 0 ? 1 : 0);
            dup(fds[side == 0 ? 1 : 0]);
            close(fds[0]);
            close(fds[1]);
            run_in_child(side == 0 ? n->left : n->right);
        }
        if (side == 0)
            left = pid;
        else
            right = pid;
    }
    close(fds[0]);
    close(fds[1]);
    wait_for(left);
    return wait_for(right);
}

/* Run the tree n in the shell.  Returns: the wait status of its end. */
static int
run(struct node *n)
{
    int status, pid;

    switch (n->kind) {
    case N_SEQ:
        run(n->left);
        return run(n->right);
    case N_BACK:
        start_job(1);
        pid = fork_child(n->left);
        if (pid > 0)
            fprintf(2, "[%d]\n", pid);
        return pid < 0 ? W_EXITCODE(1, 0) : 0;
    case N_PIPE:
        start_job(0);
        status = run_pipe(n);
        end_job();
        return status;
    case N_CMD:
        if (n->in == 0 && n->out == 0 && builtin(n, &status))
            return status;
        start_job(0);
        status = wait_for(fork_child(n));
        end_job();
        return status;
    }
    return 0;
}

/* Main loop */

/* Report the end of background job pid. */
static void
report_job(int pid, int status)
{
    if (WIFEXITED(status))
        fprintf(2, "[%d] done, status %d\n", pid, WEXITSTATUS(status));
    else
        fprintf(2, "[%d] killed (signal %d)\n", pid, WTERMSIG(status));
}

/* Report background jobs that have finished. */
static void
reap_jobs(void)
{
    int pid, status;

    while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
        report_job(pid, status);
}

/*
 * On the console, lead a session of our own and take the console, so
 * that jobs can be handed it in turn.  Anywhere else (a script, a
 * pipe, a session that will not give up the console) jobs still get
 * their own groups, and the console is left alone.
 */
static void
setup_job_control(int interactive)
{
    if (!interactive)
        return;
    setsid(); /* EPERM if we lead a group already: keep our session */
    shell_pgid = getpgrp();
    job_control = tcsetpgrp(0, shell_pgid) == 0;
}

/*
 * Read one line into buf, like gets.  Returns: 1 when a Ctrl-C ended
 * the read (the line is thrown away), else 0 (an empty buf at the end
 * of input).
 */
static int
read_raw_line(char *buf, int max)
{
    int i = 0, r;
    char c;

    while (i + 1 < max) {
        r = read(0, &c, 1);
        if (r < 0 && errno == EINTR && job_control) {
            buf[0] = 0;
            return 1;
        }
        if (r < 0 && errno == EIO && job_control &&
            tcsetpgrp(0, shell_pgid) == 0)
            continue; /* someone took the console: take it back */
        if (r != 1)
            break;
        buf[i++] = c;
        if (c == '\n')
            break;
    }
    buf[i] = 0;
    return 0;
}

/*
 * Read one command line into line[].  A line too long for the buffer is
 * thrown away with a message.  Returns: 0, or -1 at end of input.
 */
static int
read_line(int prompt)
{
    int n;

    for (;;) {
        if (prompt)
            fprintf(2, "$ ");
        if (read_raw_line(line, sizeof(line)))
            continue; /* Ctrl-C: the console has printed ^C */
        n = strlen(line);
        if (n == 0)
            return -1;
        if (line[n - 1] == '\n' || n < (int)sizeof(line) - 1)
            return 0;
        while (n > 0 && line[n - 1] != '\n')
            n = read_raw_line(line, sizeof(line)) ? 0 : strlen(line);
        fprintf(2, "sh: line too long\n");
    }
}

int
main(int argc, char *argv[])
{
    struct node *tree;
    struct stat st;
    int prompt;

    if (argc > 2) {
        fprintf(2, "usage: sh [file]\n");
        exit(2);
    }
    if (argc == 2)
        redirect(argv[1], O_RDONLY, 0);
    prompt = fstat(0, &st) == 0 && st.type == T_DEVICE;
    setup_job_control(prompt);
    for (;;) {
        reap_jobs();
        if (read_line(prompt) < 0) {
            if (prompt)
                fprintf(2, "\n"); /* end the prompt line after Ctrl-D */
            break;
        }
        tree = parse(line);
        if (syntax_error != 0)
            fprintf(2, "sh: syntax error: %s\n", syntax_error);
        else if (tree != 0)
            last_status = run(tree);
    }
    exit(WEXITSTATUS(last_status));
}
