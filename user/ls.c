/*
 * ls: list files.  For each path (or "." when none is given) ls prints
 * one line per file: for a directory, one per entry; for anything
 * else, the path itself.  A line shows the name, the type (d directory,
 * f file, c device, l symbolic link), the inode number and the size in
 * bytes, and for a link "-> target".  A directory is read as a file of
 * struct dirent, the on-disk format in kernel/fs.h.  Entries are looked
 * at with lstat, so a link is shown as itself; a path given on the
 * command line is followed (ls of a link to a directory lists it).
 */
#include "user/user.h"
#include "kernel/fs.h"

static char path[MAXPATH + DIRSIZ + 2];

static char
type_letter(short type)
{
    if (type == T_DIR)
        return 'd';
    if (type == T_FILE)
        return 'f';
    if (type == T_DEVICE)
        return 'c';
    if (type == T_SYMLINK)
        return 'l';
    return '?';
}

/* Print the line for name; path is where to read a link's target. */
static void
print_entry(const char *name, const char *path, struct stat *st)
{
    char target[MAXPATH];
    int n;

    printf("%-14s %c %5u %8lu", name, type_letter(st->type), st->ino, st->size);
    if (st->type == T_SYMLINK &&
        (n = readlink(path, target, sizeof(target) - 1)) >= 0) {
        target[n] = 0;
        printf(" -> %s", target);
    }
    printf("\n");
}

/* List the entries of the open directory fd, named dir.  Returns: 0/1. */
static int
list_dir(int fd, const char *dir)
{
    struct dirent de;
    struct stat st;
    char name[DIRSIZ + 1];
    int len = strlen(dir);

    if (len + 1 + DIRSIZ + 1 > (int)sizeof(path)) {
        fprintf(2, "ls: %s: %s\n", dir, strerror(ENAMETOOLONG));
        return 1;
    }
    strcpy(path, dir);
    path[len++] = '/';
    while (read(fd, &de, sizeof(de)) == sizeof(de)) {
        if (de.inum == 0)
            continue;
        memmove(name, de.name, DIRSIZ);
        name[DIRSIZ] = 0;
        strcpy(path + len, name);
        if (lstat(path, &st) < 0) {
            fprintf(2, "ls: %s: %s\n", path, strerror(errno));
            continue;
        }
        print_entry(name, path, &st);
    }
    return 0;
}

/* List one path.  Returns: 0, or 1 when it could not be listed. */
static int
ls(const char *p)
{
    struct stat st;
    int fd, r = 0;

    fd = open(p, O_RDONLY);
    if (fd < 0 && errno != ENOENT && errno != ELOOP) {
        fprintf(2, "ls: %s: %s\n", p, strerror(errno));
        return 1;
    }
    if (fd < 0) /* perhaps a dangling link or a loop: show the link */
        fd = open(p, O_RDONLY | O_NOFOLLOW);
    if (fd < 0 || fstat(fd, &st) < 0) {
        fprintf(2, "ls: %s: %s\n", p, strerror(errno));
        if (fd >= 0)
            close(fd);
        return 1;
    }
    if (st.type == T_DIR)
        r = list_dir(fd, p);
    else
        print_entry(p, p, &st);
    close(fd);
    return r;
}

int
main(int argc, char *argv[])
{
    int status = 0;

    if (argc < 2)
        exit(ls("."));
    for (int i = 1; i < argc; i++)
        status |= ls(argv[i]);
    exit(status);
}
