/*
 * mkfs's question to the host: is the image in use?
 *
 * A running QEMU holds byte-range locks on its disk image (QEMU's image
 * locking).  Asking for a write lock over the whole file, without
 * taking it (F_GETLK), tells whether anyone holds one.  In a file of
 * its own: the host's <fcntl.h> brings a struct stat that clashes with
 * kernel/stat.h, which mkfs.c includes.
 */
#include <fcntl.h>
#include <unistd.h>

/* Returns: 1 if another process holds a lock on path, 0 if not (or if
 * there is no such file yet). */
int
image_in_use(const char *path)
{
    struct flock fl = {0};
    int fd = open(path, O_RDWR);
    if (fd < 0)
        return 0;
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    fl.l_start = 0;
    fl.l_len = 0; /* to the end of the file */
    int busy = fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
    close(fd);
    return busy;
}
