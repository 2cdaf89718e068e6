/* path_open: opening a file or directory below a directory descriptor, with rights derived from
 * the directory's inheriting rights. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/wasi.h"

static uint32_t path_open(wz_call *c, const warden_val_t *a)
{
    uint32_t dirflags = A32(1), oflags = A32(4), fdflags = A32(7), out = A32(8), err;
    uint64_t base = A64(5), inh = A64(6);
    wz_fd *dir = wz_fd_get(c->w, A32(0));
    if (!dir) return WZ_BADF;
    char path[WZ_PATH_MAX];
    if ((err = wz_path_arg(c, A32(2), A32(3), path))) return err;
    if (!wz_ptr(c, out, 4)) return WZ_FAULT;
    if (oflags & ~(uint32_t)15 || fdflags & ~WZ_FDFLAG_ALL) return WZ_INVAL;

    uint64_t need = WZ_R_PATH_OPEN;
    if (oflags & WZ_O_CREAT) need |= WZ_R_PATH_CREATE_FILE;
    if (oflags & WZ_O_TRUNC) need |= WZ_R_PATH_FILESTAT_SET_SIZE;
    if ((dir->base & need) != need) return WZ_NOTCAPABLE;
    uint64_t need_inh = 0;
    if (fdflags & WZ_FDFLAG_DSYNC) need_inh |= WZ_R_FD_DATASYNC;
    if (fdflags & (WZ_FDFLAG_RSYNC | WZ_FDFLAG_SYNC)) need_inh |= WZ_R_FD_SYNC;
    if ((dir->inh & need_inh) != need_inh) return WZ_NOTCAPABLE;
    if (dir->readonly && (oflags & (WZ_O_CREAT | WZ_O_TRUNC))) return WZ_NOTCAPABLE;

    /* What the new descriptor may do: what was asked, within what the directory hands down. */
    base &= dir->inh;
    inh &= dir->inh;
    bool want_write = (base & (WZ_R_FD_WRITE | WZ_R_FD_ALLOCATE | WZ_R_FD_FILESTAT_SET_SIZE)) != 0;
    bool want_read = (base & (WZ_R_FD_READ | WZ_R_FD_READDIR)) != 0;
    if (dir->readonly) want_write = false;

    /* The guest's descriptor before the file is opened, which may create or truncate it: that
     * must not be followed by a failure for want of memory. */
    uint32_t fd = wz_fd_alloc(c->w);
    if (fd == UINT32_MAX) return WZ_NOMEM;
    dir = &c->w->fds[A32(0)]; /* the table may have moved */

    wz_target t;
    if ((err = wz_resolve(c->w, dir, path, (dirflags & WZ_LOOKUP_SYMLINK_FOLLOW) != 0, &t)))
        return err;
    int flags = O_CLOEXEC | O_NOCTTY | O_NOFOLLOW;
    if (oflags & WZ_O_DIRECTORY || t.slash) {
        if (want_write) {
            wz_target_close(&t);
            return WZ_ISDIR;
        }
        flags |= O_DIRECTORY;
    }
    if ((oflags & WZ_O_CREAT) && t.slash) {
        wz_target_close(&t);
        return WZ_ISDIR;
    }
    if (oflags & WZ_O_CREAT) flags |= O_CREAT;
    if (oflags & WZ_O_EXCL) flags |= O_EXCL;
    if (oflags & WZ_O_TRUNC) flags |= O_TRUNC;
    if (fdflags & WZ_FDFLAG_APPEND) flags |= O_APPEND;
    if (fdflags & WZ_FDFLAG_NONBLOCK) flags |= O_NONBLOCK;
    if (fdflags & WZ_FDFLAG_DSYNC) flags |= O_DSYNC;
    if (fdflags & WZ_FDFLAG_SYNC) flags |= O_SYNC;
    if (fdflags & WZ_FDFLAG_RSYNC) flags |= O_RSYNC;
    flags |= want_write ? (want_read ? O_RDWR : O_WRONLY) : O_RDONLY;
    int h;
    do h = openat(t.parent, t.name, flags, 0666);
    while (h < 0 && errno == EINTR);
    int saved = errno;
    wz_target_close(&t);
    bool readonly = dir->readonly;
    if (h < 0) return wz_errno(saved);
    /* A file this call created is a regular file: nothing to find out that could fail after it
     * was created (a retry would find it there). */
    uint8_t type = WZ_FT_REGULAR_FILE;
    if ((flags & (O_CREAT | O_EXCL)) != (O_CREAT | O_EXCL) && !wz_host_filetype(h, &type)) {
        saved = errno;
        close(h);
        return wz_errno(saved);
    }
    wz_fd *e = &c->w->fds[fd];
    e->kind = WZ_FD_HOST;
    e->host = h;
    e->type = type;
    e->readonly = readonly;
    e->flags = (uint16_t)fdflags;
    switch (e->type) {
    case WZ_FT_DIRECTORY:
        e->base = base & WZ_RIGHTS_DIR;
        e->inh = inh;
        break;
    case WZ_FT_REGULAR_FILE:
        e->base = base & WZ_RIGHTS_FILE;
        e->inh = 0;
        break;
    default:
        e->base = base & WZ_RIGHTS_STREAM;
        e->inh = 0;
        break;
    }
    if (!want_write || (flags & O_ACCMODE) == O_RDONLY)
        e->base &= ~(WZ_R_FD_WRITE | WZ_R_FD_ALLOCATE | WZ_R_FD_FILESTAT_SET_SIZE);
    if ((flags & O_ACCMODE) == O_WRONLY) e->base &= ~(WZ_R_FD_READ | WZ_R_FD_READDIR);
    if (e->readonly) {
        e->base &= ~WZ_RIGHTS_WRITING;
        e->inh &= ~WZ_RIGHTS_WRITING;
    }
    wz_put_u32(c, out, fd);
    return WZ_SUCCESS;
}

const wz_def wz_defs_path_open[] = {
    {"path_open", "iiiiiIIii", true, path_open},
    {NULL, NULL, false, NULL},
};
