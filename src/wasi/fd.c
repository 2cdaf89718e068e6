/* Descriptor operations: read, write, pread, pwrite, seek, tell, close, renumber, fdstat, prestat,
 * sync. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "wasi/wasi.h"

static bool is_stream(const wz_fd *e)
{
    return e->kind != WZ_FD_HOST;
}

static uint32_t fd_read(wz_call *c, const warden_val_t *a)
{
    uint32_t err;
    wz_fd *e = wz_fd_check(c->w, A32(0), WZ_R_FD_READ, &err);
    if (!e) return err;
    struct iovec iov[WZ_IOV_MAX];
    size_t n, done;
    if ((err = wz_iovecs(c, A32(1), A32(2), iov, &n))) return err;
    if (!wz_ptr(c, A32(3), 4)) return WZ_FAULT;
    if (n && wz_read_would_wait(c, e)) return WZ_WAIT;
    if ((err = wz_read_iov(c->w, e, iov, n, &done))) return err;
    wz_put_u32(c, A32(3), (uint32_t)done);
    return WZ_SUCCESS;
}

static uint32_t fd_write(wz_call *c, const warden_val_t *a)
{
    uint32_t err;
    wz_fd *e = wz_fd_check(c->w, A32(0), WZ_R_FD_WRITE, &err);
    if (!e) return err;
    struct iovec iov[WZ_IOV_MAX];
    size_t n, done;
    if ((err = wz_iovecs(c, A32(1), A32(2), iov, &n))) return err;
    if (!wz_ptr(c, A32(3), 4)) return WZ_FAULT;
    if ((err = wz_write_iov(c->w, e, iov, n, &done))) return err;
    wz_put_u32(c, A32(3), (uint32_t)done);
    return WZ_SUCCESS;
}

static uint32_t positioned(wz_call *c, const warden_val_t *a, bool write)
{
    uint32_t err;
    wz_fd *e =
        wz_fd_check(c->w, A32(0), (write ? WZ_R_FD_WRITE : WZ_R_FD_READ) | WZ_R_FD_SEEK, &err);
    if (!e) return err;
    struct iovec iov[WZ_IOV_MAX];
    size_t n;
    if ((err = wz_iovecs(c, A32(1), A32(2), iov, &n))) return err;
    if (!wz_ptr(c, A32(4), 4)) return WZ_FAULT;
    if (is_stream(e)) return WZ_SPIPE;
    if (e->type == WZ_FT_DIRECTORY) return WZ_ISDIR;
    if (A64(3) > INT64_MAX) return WZ_INVAL;
    ssize_t r = 0;
    if (n) {
        do
            r = write ? pwritev(e->host, iov, (int)n, (off_t)A64(3))
                      : preadv(e->host, iov, (int)n, (off_t)A64(3));
        while (r < 0 && errno == EINTR);
    }
    if (r < 0) return wz_errno(errno);
    wz_put_u32(c, A32(4), (uint32_t)r);
    return WZ_SUCCESS;
}

static uint32_t fd_pread(wz_call *c, const warden_val_t *a)
{
    return positioned(c, a, false);
}
static uint32_t fd_pwrite(wz_call *c, const warden_val_t *a)
{
    return positioned(c, a, true);
}

static uint32_t fd_seek(wz_call *c, const warden_val_t *a)
{
    int64_t off = (int64_t)A64(1);
    uint32_t whence = A32(2), err;
    wz_fd *e = wz_fd_get(c->w, A32(0));
    if (!e) return WZ_BADF;
    if (e->type == WZ_FT_DIRECTORY) return WZ_BADF;
    uint64_t need = whence == 1 && off == 0 ? WZ_R_FD_TELL : WZ_R_FD_SEEK;
    if (need == WZ_R_FD_TELL && (e->base & WZ_R_FD_SEEK)) need = WZ_R_FD_SEEK;
    if (!wz_fd_check(c->w, A32(0), need, &err)) return err;
    if (whence > 2) return WZ_INVAL;
    if (!wz_ptr(c, A32(3), 8)) return WZ_FAULT;
    if (is_stream(e)) return WZ_SPIPE;
    off_t r = lseek(e->host, (off_t)off,
                    whence == 0   ? SEEK_SET
                    : whence == 1 ? SEEK_CUR
                                  : SEEK_END);
    if (r < 0) return wz_errno(errno);
    wz_put_u64(c, A32(3), (uint64_t)r);
    return WZ_SUCCESS;
}

static uint32_t fd_tell(wz_call *c, const warden_val_t *a)
{
    uint32_t err;
    wz_fd *e = wz_fd_check(c->w, A32(0), WZ_R_FD_TELL, &err);
    if (!e) return err;
    if (!wz_ptr(c, A32(1), 8)) return WZ_FAULT;
    if (is_stream(e)) return WZ_SPIPE;
    off_t r = lseek(e->host, 0, SEEK_CUR);
    if (r < 0) return wz_errno(errno);
    wz_put_u64(c, A32(1), (uint64_t)r);
    return WZ_SUCCESS;
}

static uint32_t fd_close(wz_call *c, const warden_val_t *a)
{
    wz_fd *e = wz_fd_get(c->w, A32(0));
    if (!e) return WZ_BADF;
    wz_fd_release(e);
    return WZ_SUCCESS;
}

static uint32_t fd_renumber(wz_call *c, const warden_val_t *a)
{
    wz_fd *from = wz_fd_get(c->w, A32(0)), *to = wz_fd_get(c->w, A32(1));
    if (!from || !to) return WZ_BADF;
    if (from == to) return WZ_SUCCESS;
    wz_fd_release(to);
    *to = *from;
    memset(from, 0, sizeof *from);
    from->host = -1;
    return WZ_SUCCESS;
}

static uint32_t fd_fdstat_get(wz_call *c, const warden_val_t *a)
{
    wz_fd *e = wz_fd_get(c->w, A32(0));
    if (!e) return WZ_BADF;
    uint8_t *p = wz_ptr(c, A32(1), 24);
    if (!p) return WZ_FAULT;
    memset(p, 0, 24);
    p[0] = e->type;
    wz_store_u16(p + 2, e->flags);
    wz_store_u64(p + 8, e->base);
    wz_store_u64(p + 16, e->inh);
    return WZ_SUCCESS;
}

static uint32_t fd_fdstat_set_flags(wz_call *c, const warden_val_t *a)
{
    uint32_t err, flags = A32(1);
    wz_fd *e = wz_fd_check(c->w, A32(0), WZ_R_FD_FDSTAT_SET_FLAGS, &err);
    if (!e) return err;
    if (flags & ~WZ_FDFLAG_ALL) return WZ_INVAL;
    const uint32_t sync = WZ_FDFLAG_DSYNC | WZ_FDFLAG_RSYNC | WZ_FDFLAG_SYNC;
    if ((flags & sync) != (e->flags & sync)) return WZ_INVAL;
    if (e->kind == WZ_FD_HOST) {
        int fl = fcntl(e->host, F_GETFL);
        if (fl < 0) return wz_errno(errno);
        fl &= ~(O_APPEND | O_NONBLOCK);
        if (flags & WZ_FDFLAG_APPEND) fl |= O_APPEND;
        if (flags & WZ_FDFLAG_NONBLOCK) fl |= O_NONBLOCK;
        if (fcntl(e->host, F_SETFL, fl) != 0) return wz_errno(errno);
    }
    e->flags = (uint16_t)flags;
    return WZ_SUCCESS;
}

static uint32_t fd_fdstat_set_rights(wz_call *c, const warden_val_t *a)
{
    wz_fd *e = wz_fd_get(c->w, A32(0));
    if (!e) return WZ_BADF;
    uint64_t base = A64(1), inh = A64(2);
    if ((base & ~e->base) || (inh & ~e->inh)) return WZ_NOTCAPABLE;
    e->base = base;
    e->inh = inh;
    return WZ_SUCCESS;
}

static uint32_t fd_prestat_get(wz_call *c, const warden_val_t *a)
{
    wz_fd *e = wz_fd_get(c->w, A32(0));
    if (!e || !e->preopen) return WZ_BADF;
    uint8_t *p = wz_ptr(c, A32(1), 8);
    if (!p) return WZ_FAULT;
    memset(p, 0, 8);
    wz_store_u32(p + 4, (uint32_t)strlen(e->preopen));
    return WZ_SUCCESS;
}

static uint32_t fd_prestat_dir_name(wz_call *c, const warden_val_t *a)
{
    wz_fd *e = wz_fd_get(c->w, A32(0));
    if (!e || !e->preopen) return WZ_BADF;
    size_t n = strlen(e->preopen);
    uint8_t *p = wz_ptr(c, A32(1), A32(2));
    if (!p) return WZ_FAULT;
    if (A32(2) < n) return WZ_NAMETOOLONG;
    memcpy(p, e->preopen, n);
    return WZ_SUCCESS;
}

static uint32_t syncing(wz_call *c, const warden_val_t *a, bool data)
{
    uint32_t err;
    wz_fd *e = wz_fd_check(c->w, A32(0), data ? WZ_R_FD_DATASYNC : WZ_R_FD_SYNC, &err);
    if (!e) return err;
    if (is_stream(e)) return WZ_SUCCESS;
    if ((data ? fdatasync(e->host) : fsync(e->host)) != 0) return wz_errno(errno);
    return WZ_SUCCESS;
}

static uint32_t fd_sync(wz_call *c, const warden_val_t *a)
{
    return syncing(c, a, false);
}
static uint32_t fd_datasync(wz_call *c, const warden_val_t *a)
{
    return syncing(c, a, true);
}

const wz_def wz_defs_fd[] = {
    {"fd_close", "i", true, fd_close},
    {"fd_datasync", "i", true, fd_datasync},
    {"fd_fdstat_get", "ii", true, fd_fdstat_get},
    {"fd_fdstat_set_flags", "ii", true, fd_fdstat_set_flags},
    {"fd_fdstat_set_rights", "iII", true, fd_fdstat_set_rights},
    {"fd_pread", "iiiIi", true, fd_pread},
    {"fd_prestat_get", "ii", true, fd_prestat_get},
    {"fd_prestat_dir_name", "iii", true, fd_prestat_dir_name},
    {"fd_pwrite", "iiiIi", true, fd_pwrite},
    {"fd_read", "iiii", true, fd_read},
    {"fd_renumber", "ii", true, fd_renumber},
    {"fd_seek", "iIii", true, fd_seek},
    {"fd_sync", "i", true, fd_sync},
    {"fd_tell", "ii", true, fd_tell},
    {"fd_write", "iiii", true, fd_write},
    {NULL, NULL, false, NULL},
};
