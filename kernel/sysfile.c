/*
 * File system calls: descriptors, names and exec's argument copying.
 *
 * Overview    The system call layer of the file system: fetch and check
 *             arguments, run the operation inside one log operation
 *             when it may write, and turn every failure into -errno.
 * Objects     p->ofile[NOFILE]: a process's descriptors, each a counted
 *             reference to a struct file (file.c).  p->cwd: a counted
 *             reference to the working directory's inode.
 * Operations  open: fd, or -ENOENT, -ENOTDIR, -EEXIST (O_CREAT|O_EXCL
 *               and the name exists), -EISDIR (a directory with write
 *               access or O_TRUNC, or O_CREAT on a directory), -EINVAL
 *               (bad access mode), -ENODEV (device without a driver),
 *               -EMFILE, -ENFILE, -ENOSPC, -ENAMETOOLONG, -EFAULT.
 *             read/write: bytes, or -EBADF (bad fd, wrong direction),
 *               -EINVAL (n < 0), or what file.c returns.
 *             close/dup/fstat: -EBADF; dup -EMFILE; fstat -EFAULT.
 *             lseek: the new offset, or -EBADF, -ESPIPE, -EINVAL,
 *               -EOVERFLOW (file.c fileseek).
 *             pipe: 0, -EMFILE, -ENFILE, -ENOMEM, -EFAULT.
 *             mkdir/mknod: 0, -EEXIST, -ENOENT (also when the parent
 *               directory has been removed), -ENOTDIR, -ENOSPC.
 *             link: 0, -EEXIST, -ENOENT, -EPERM (a directory), -EMLINK.
 *             unlink: 0, -ENOENT, -ENOTEMPTY, -EINVAL ("." or "..").
 *             chdir: 0, -ENOENT, -ENOTDIR.
 *             symlink: 0, -EEXIST, -ENOENT (empty target, or the
 *               directory is missing or removed), -ENOTDIR, -ENOSPC.
 *             open follows a symbolic link in the last element unless
 *               O_NOFOLLOW, which opens the link itself, read-only
 *               (-ELOOP for write access or O_TRUNC); every lookup
 *               gives -ELOOP past MAXSYMLINKS links.  link does not
 *               follow a link in old (it links the link).
 *             exec: what exec() returns, or -E2BIG (more than MAXARG
 *               arguments or one longer than a page), -EFAULT, -ENOMEM.
 *             Every path argument also gives -ENAMETOOLONG (longer than
 *             MAXPATH, or a component longer than DIRSIZ) or -EFAULT.
 * Design      A file is created by create(): the inode is allocated
 *             and linked in the same log operation, and undone (nlink 0,
 *             so the final iput frees it) if linking fails.  A directory
 *             is born with "." and ".." and counts one link for its
 *             parent's entry; its ".." adds one to the parent.  Unlinking
 *             "." or ".." is refused, and so is a hard link to a
 *             directory, so the directory graph stays a tree.  Nothing
 *             may be created in a removed directory (nlink 0, kept alive
 *             only as someone's cwd): its entries would be lost.
 * Locking     No spinlock of its own; p->ofile and p->cwd are touched
 *             only by their process.  Sleep locks: a parent directory's
 *             inode before its child's; a directory is unlocked before
 *             an existing entry found in it is locked.  begin_op comes
 *             before every inode lock (an inode lock is never held while
 *             waiting in begin_op).
 * Interfaces  fs.c (fs_namei, fs_nameiparent, fs_dirlookup, fs_ialloc,
 *             dirlink, readi, writei), file.c, pipe.c, log.c, exec.c.
 *             file_exit() is called by exit (exit.c) and by fork's undo.
 * Origins     The xv6 system call layer for files, written anew for
 *             Kite.  Changed: errno results, O_EXCL and O_TRUNC checks,
 *             argument strings copied into kalloc'd pages for exec.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "proc.h"
#include "fs.h"
#include "file.h"
#include "stat.h"
#include "fcntl.h"
#include "errno.h"
#include "defs.h"

#define LINK_MAX 32767 /* nlink is a short */

/* Fetch argument n as a descriptor of the current process.
 * Returns: 0 with the file in *pf (and the number in *pfd), or -EBADF. */
static int
argfd(int n, int *pfd, struct file **pf)
{
    int fd = argint(n);
    struct file *f;

    if (fd < 0 || fd >= NOFILE || (f = myproc()->ofile[fd]) == 0)
        return -EBADF;
    if (pfd)
        *pfd = fd;
    *pf = f;
    return 0;
}

/* Give f the lowest free descriptor of the current process.
 * Returns: the descriptor, or -EMFILE. */
static int
fdalloc(struct file *f)
{
    struct proc *p = myproc();

    for (int fd = 0; fd < NOFILE; fd++) {
        if (p->ofile[fd] == 0) {
            p->ofile[fd] = f;
            return fd;
        }
    }
    return -EMFILE;
}

/* dup(fd): a second descriptor for the same open file. */
long
sys_dup(void)
{
    struct file *f;
    int err, fd;

    if ((err = argfd(0, 0, &f)) < 0)
        return err;
    if ((fd = fdalloc(f)) < 0)
        return fd;
    filedup(f);
    return fd;
}

/* Might [va, va+n) touch the mmap window?  Checked here, inline, so a
 * read or write of ordinary memory pays no call (make bench: pipe). */
static inline int
in_mmap_window(uint64 va, int n)
{
    return n > 0 && va < MMAP_TOP && va + n > MMAP_BASE;
}

/* read(fd, buf, n): bytes read into buf. */
long
sys_read(void)
{
    struct file *f;
    int err;

    if ((err = argfd(0, 0, &f)) < 0)
        return err;
    int n = argint(2);
    if (n < 0)
        return -EINVAL;
    uint64 buf = argaddr(1);
    if (in_mmap_window(buf, n) &&
        (err = mmap_prefault(myproc(), buf, n, 1)) < 0)
        return err;
    return fileread(f, buf, n);
}

/* write(fd, buf, n): bytes written from buf. */
long
sys_write(void)
{
    struct file *f;
    int err;

    if ((err = argfd(0, 0, &f)) < 0)
        return err;
    int n = argint(2);
    if (n < 0)
        return -EINVAL;
    uint64 buf = argaddr(1);
    if (in_mmap_window(buf, n) &&
        (err = mmap_prefault(myproc(), buf, n, 0)) < 0)
        return err;
    return filewrite(f, buf, n);
}

/* lseek(fd, off, whence): move fd's offset; the new offset. */
long
sys_lseek(void)
{
    struct file *f;
    int err;

    if ((err = argfd(0, 0, &f)) < 0)
        return err;
    return fileseek(f, (long)argaddr(1), argint(2));
}

/* close(fd): free the descriptor, drop its file reference. */
long
sys_close(void)
{
    struct file *f;
    int err, fd;

    if ((err = argfd(0, &fd, &f)) < 0)
        return err;
    myproc()->ofile[fd] = 0;
    fileclose(f);
    return 0;
}

/* fstat(fd, st): the status of an open file. */
long
sys_fstat(void)
{
    struct file *f;
    int err;

    if ((err = argfd(0, 0, &f)) < 0)
        return err;
    return filestat(f, argaddr(1));
}

/* pipe(fds): fds[0] reads what fds[1] writes. */
long
sys_pipe(void)
{
    struct proc *p = myproc();
    uint64 fdarray = argaddr(0);
    struct file *rf, *wf;
    int fds[2] = {-1, -1};
    int err;

    if ((err = pipealloc(&rf, &wf)) < 0)
        return err;
    if ((err = fds[0] = fdalloc(rf)) < 0 || (err = fds[1] = fdalloc(wf)) < 0)
        goto out;
    err = copyout(p->pagetable, fdarray, fds, sizeof(fds));
    if (err == 0)
        return 0;
out:
    if (fds[0] >= 0)
        p->ofile[fds[0]] = 0;
    if (fds[1] >= 0)
        p->ofile[fds[1]] = 0;
    fileclose(rf);
    fileclose(wf);
    return err;
}

/*
 * Decide whether create() may hand back the existing inode ip instead of
 * making type: only open(O_CREAT) of a file or device without O_EXCL.
 * Returns: 0 (reuse it), -EEXIST, -EISDIR.  Caller holds: ip->lock.
 */
static int
reuse_existing(struct inode *ip, short type, int excl)
{
    if (excl || type != T_FILE)
        return -EEXIST;
    if (ip->type == T_DIR)
        return -EISDIR;
    return 0;
}

/*
 * Enter the new inode ip under name in dp; a directory also gets "."
 * and "..", and its parent one more link.
 * Returns: 0, -EEXIST, -ENOSPC, -EFBIG.
 * Caller holds: dp->lock, ip->lock; inside an op.
 */
static int
link_new(struct inode *dp, struct inode *ip, char *name)
{
    int err;

    if (ip->type == T_DIR) {
        if ((err = dirlink(ip, ".", ip->inum)) < 0 ||
            (err = dirlink(ip, "..", dp->inum)) < 0)
            return err;
    }
    if ((err = dirlink(dp, name, ip->inum)) < 0)
        return err;
    if (ip->type == T_DIR) {
        dp->nlink++;
        iupdate(dp);
    }
    return 0;
}

/* Write the string contents (if any) into the new inode ip, before it
 * has a name: a symbolic link's target.
 * Returns: 0, -ENOSPC.  Caller holds: ip->lock; inside an op. */
static int
write_contents(struct inode *ip, char *contents)
{
    if (contents == 0)
        return 0;
    int n = strlen(contents);
    int r = writei(ip, 0, (uint64)contents, 0, n);
    return r == n ? 0 : (r < 0 ? r : -ENOSPC);
}

/*
 * Make path an inode of the given type (with contents, if not 0), or
 * (see reuse_existing) find the existing one.
 * Returns: 0 with the inode locked in *ipp, or -errno (see the top).
 * Inside an op.
 */
static int
create(char *path, short type, short major, short minor, int excl,
       char *contents, struct inode **ipp)
{
    char name[DIRSIZ];
    struct inode *dp, *ip;
    int err;

    if ((err = fs_nameiparent(path, name, &dp)) < 0)
        return err == -EINVAL ? -EEXIST : err; /* the path is "/" */
    ilock(dp);
    err = fs_dirlookup(dp, name, 0, &ip);
    if (err == -ENOENT && dp->nlink == 0)
        goto out; /* dp was removed: nothing may be created in it */
    if (err == 0) {
        iunlockput(dp);
        ilock(ip);
        if ((err = reuse_existing(ip, type, excl)) < 0) {
            iunlockput(ip);
            return err;
        }
        *ipp = ip;
        return 0;
    }
    if (err != -ENOENT || (err = fs_ialloc(dp->dev, type, &ip)) < 0)
        goto out;
    ilock(ip);
    ip->major = major;
    ip->minor = minor;
    ip->nlink = 1;
    iupdate(ip);
    if ((err = write_contents(ip, contents)) < 0 ||
        (err = link_new(dp, ip, name)) < 0) {
        ip->nlink = 0; /* iput frees the inode and any block it got */
        iupdate(ip);
        iunlockput(ip);
        goto out;
    }
    *ipp = ip;
out:
    iunlockput(dp);
    return err;
}

/* Check that the locked inode ip may be opened with flags.  A
 * symbolic link (opened with O_NOFOLLOW) is read-only: reading it
 * gives its target.
 * Returns: 0, -EISDIR, -ENODEV, -ELOOP (writing a link). */
static int
open_check(struct inode *ip, int flags)
{
    int acc = flags & O_ACCMODE;

    if (ip->type == T_DIR && (acc != O_RDONLY || (flags & O_TRUNC)))
        return -EISDIR;
    if (ip->type == T_SYMLINK && (acc != O_RDONLY || (flags & O_TRUNC)))
        return -ELOOP;
    if (ip->type == T_DEVICE && (ip->major < 0 || ip->major >= NDEV))
        return -ENODEV;
    return 0;
}

/*
 * Find, or with O_CREAT make, path for open.  A symbolic link in the
 * last element is followed unless O_NOFOLLOW; O_CREAT through a link
 * opens what the link names, and makes nothing when the link dangles
 * (-ENOENT).
 * Returns: 0 with the inode locked in *ipp, or -errno.  Inside an op.
 */
static int
open_inode(char *path, int flags, struct inode **ipp)
{
    int follow = (flags & O_NOFOLLOW) == 0;
    int err;

    if (flags & O_CREAT) {
        err = create(path, T_FILE, 0, 0, flags & O_EXCL, 0, ipp);
        if (err < 0 || (*ipp)->type != T_SYMLINK || !follow)
            return err;
        iunlockput(*ipp); /* a link: look again, following it */
    }
    if ((err = fs_lookup(path, follow, ipp)) < 0)
        return err;
    ilock(*ipp);
    return 0;
}

/* open(path, flags): a new descriptor for path. */
long
sys_open(void)
{
    char path[MAXPATH];
    struct inode *ip;
    struct file *f;
    int fd, err;

    if ((err = argstr(0, path, MAXPATH)) < 0)
        return err;
    int flags = argint(1);
    int acc = flags & O_ACCMODE;
    if (acc == O_ACCMODE)
        return -EINVAL;
    begin_op();
    if ((err = open_inode(path, flags, &ip)) < 0)
        goto out_op;
    if ((err = open_check(ip, flags)) < 0)
        goto out_ip;
    if ((f = filealloc()) == 0) {
        err = -ENFILE;
        goto out_ip;
    }
    if ((fd = fdalloc(f)) < 0) {
        err = fd;
        fileclose(f); /* still FD_NONE: frees the slot only */
        goto out_ip;
    }
    f->type = ip->type == T_DEVICE ? FD_DEVICE : FD_INODE;
    f->major = ip->major;
    f->ip = ip;
    f->readable = acc == O_RDONLY || acc == O_RDWR;
    f->writable = acc == O_WRONLY || acc == O_RDWR;
    if ((flags & O_TRUNC) && ip->type == T_FILE)
        itrunc(ip);
    iunlock(ip);
    end_op();
    return fd;
out_ip:
    iunlockput(ip);
out_op:
    end_op();
    return err;
}

/* Create path as type (mkdir, mknod): the name must be new. */
static long
make_node(short type, short major, short minor)
{
    char path[MAXPATH];
    struct inode *ip;
    int err;

    if ((err = argstr(0, path, MAXPATH)) < 0)
        return err;
    begin_op();
    if ((err = create(path, type, major, minor, 1, 0, &ip)) == 0)
        iunlockput(ip);
    end_op();
    return err;
}

/* mkdir(path): a new, empty directory. */
long
sys_mkdir(void)
{
    return make_node(T_DIR, 0, 0);
}

/* mknod(path, major, minor): a new device node. */
long
sys_mknod(void)
{
    return make_node(T_DEVICE, (short)argint(1), (short)argint(2));
}

/* chdir(path): make path the working directory. */
long
sys_chdir(void)
{
    char path[MAXPATH];
    struct proc *p = myproc();
    struct inode *ip;
    int err;

    if ((err = argstr(0, path, MAXPATH)) < 0)
        return err;
    begin_op();
    if ((err = fs_namei(path, &ip)) < 0)
        goto out;
    ilock(ip);
    if (ip->type != T_DIR) {
        iunlockput(ip);
        err = -ENOTDIR;
        goto out;
    }
    iunlock(ip);
    iput(p->cwd);
    p->cwd = ip;
out:
    end_op();
    return err;
}

/* Add the name newpath for the inode ip (its link count already
 * raised by the caller).
 * Returns: 0, -EEXIST, -ENOENT (also: the directory was removed),
 * -ENOTDIR, -EXDEV, -ENOSPC.  Inside an op. */
static int
link_name(struct inode *ip, char *newpath)
{
    char name[DIRSIZ];
    struct inode *dp;
    int err;

    if ((err = fs_nameiparent(newpath, name, &dp)) < 0)
        return err == -EINVAL ? -EEXIST : err; /* newpath is "/" */
    ilock(dp);
    if (dp->nlink == 0)
        err = -ENOENT; /* dp was removed */
    else if (dp->dev != ip->dev)
        err = -EXDEV;
    else
        err = dirlink(dp, name, ip->inum);
    iunlockput(dp);
    return err;
}

/* link(old, new): a second name for the file old. */
long
sys_link(void)
{
    char old[MAXPATH], new[MAXPATH];
    struct inode *ip;
    int err;

    if ((err = argstr(0, old, MAXPATH)) < 0 ||
        (err = argstr(1, new, MAXPATH)) < 0)
        return err;
    begin_op();
    if ((err = fs_lookup(old, 0, &ip)) < 0) /* a link to a link itself */
        goto out;
    ilock(ip);
    if (ip->type == T_DIR || ip->nlink >= LINK_MAX) {
        err = ip->type == T_DIR ? -EPERM : -EMLINK;
        iunlockput(ip);
        goto out;
    }
    ip->nlink++; /* first, so a crash never leaves a name uncounted */
    iupdate(ip);
    iunlock(ip);
    if ((err = link_name(ip, new)) < 0) {
        ilock(ip);
        ip->nlink--;
        iupdate(ip);
        iunlock(ip);
    }
    iput(ip);
out:
    end_op();
    return err;
}

/* Returns: 1 when directory dp holds nothing but "." and "..".
 * Caller holds: dp->lock. */
static int
dir_is_empty(struct inode *dp)
{
    struct dirent de;

    for (uint off = 2 * sizeof(de); off < dp->size; off += sizeof(de)) {
        if (readi(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
            panic("dir_is_empty: short read");
        if (de.inum != 0)
            return 0;
    }
    return 1;
}

/* Remove the entry at offset off of dp, which names ip.
 * Returns: 0 or -ENOTEMPTY.  Caller holds: dp->lock, ip->lock. */
static int
remove_entry(struct inode *dp, struct inode *ip, uint off)
{
    struct dirent de;

    if (ip->nlink < 1)
        panic("unlink: inode without links");
    if (ip->type == T_DIR && !dir_is_empty(ip))
        return -ENOTEMPTY;
    memset(&de, 0, sizeof(de));
    if (writei(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
        panic("unlink: cannot clear entry");
    if (ip->type == T_DIR) {
        dp->nlink--; /* the child's ".." is gone */
        iupdate(dp);
    }
    ip->nlink--;
    iupdate(ip);
    return 0;
}

/* unlink(path): remove a name; the last one frees the file once
 * it is no longer open. */
long
sys_unlink(void)
{
    char path[MAXPATH], name[DIRSIZ];
    struct inode *dp, *ip;
    uint off;
    int err;

    if ((err = argstr(0, path, MAXPATH)) < 0)
        return err;
    begin_op();
    if ((err = fs_nameiparent(path, name, &dp)) < 0)
        goto out;
    ilock(dp);
    if (namecmp(name, ".") == 0 || namecmp(name, "..") == 0)
        err = -EINVAL;
    else
        err = fs_dirlookup(dp, name, &off, &ip);
    if (err == 0) {
        ilock(ip);
        err = remove_entry(dp, ip, off);
        iunlockput(ip); /* after dp's update: may free ip */
    }
    iunlockput(dp);
out:
    end_op();
    return err;
}

/* symlink(target, path): a new symbolic link path naming target. */
long
sys_symlink(void)
{
    char target[MAXPATH], path[MAXPATH];
    int err;

    if ((err = argstr(0, target, MAXPATH)) < 0 ||
        (err = argstr(1, path, MAXPATH)) < 0)
        return err;
    /* LAB fs: BEGIN */
    struct inode *ip;

    if (target[0] == 0)
        return -ENOENT; /* as on Linux: an empty target names nothing */
    begin_op();
    if ((err = create(path, T_SYMLINK, 0, 0, 1, target, &ip)) == 0)
        iunlockput(ip);
    end_op();
    return err;
    /* LAB fs: STUB
    // Lab (part 2): make path a new inode of type T_SYMLINK whose
    // contents are target.  See labs/fs.md.  Until then: no symbolic
    // links on this file system (Linux's answer for such a one).
    return -EPERM;
       LAB fs: END */
}

/* Copy exec's argument strings from the user array uargv into kalloc'd
 * pages, argv[i] for each, then a 0.
 * Returns: 0 or -E2BIG, -EFAULT, -ENOMEM; the caller frees argv[]. */
static int
fetch_args(uint64 uargv, char **argv)
{
    uint64 uarg;
    int err;

    for (int i = 0;; i++) {
        if ((err = fetchaddr(uargv + i * sizeof(uint64), &uarg)) < 0)
            return err;
        if (uarg == 0)
            return 0;
        if (i == MAXARG)
            return -E2BIG;
        if ((argv[i] = kalloc()) == 0)
            return -ENOMEM;
        if ((err = fetchstr(uarg, argv[i], PGSIZE)) < 0)
            return err == -ENAMETOOLONG ? -E2BIG : err;
    }
}

/* exec(path, argv): replace the program; argc on success. */
long
sys_exec(void)
{
    char path[MAXPATH];
    char *argv[MAXARG + 1];
    int err;

    if ((err = argstr(0, path, MAXPATH)) < 0)
        return err;
    memset(argv, 0, sizeof(argv));
    uint64 uargv = argaddr(1);
    /* A null argv is an empty one, as on Linux: exec("/missing", 0) is
     * still ENOENT. */
    if (uargv == 0 || (err = fetch_args(uargv, argv)) == 0)
        err = exec(path, argv);
    for (int i = 0; i < MAXARG && argv[i]; i++)
        kfree(argv[i]);
    return err;
}

/* Close every descriptor of p and drop its working directory.
 * Called by exit (and by fork to undo a half-made child).
 * Sleeps: for the log. */
void
file_exit(struct proc *p)
{
    for (int fd = 0; fd < NOFILE; fd++) {
        if (p->ofile[fd]) {
            fileclose(p->ofile[fd]);
            p->ofile[fd] = 0;
        }
    }
    if (p->cwd) {
        begin_op();
        iput(p->cwd);
        end_op();
        p->cwd = 0;
    }
}
