/* File attributes and contents through a descriptor: filestat, size, times, advise, allocate and
 * readdir with cookies. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/wasi.h"

static uint64_t ts_ns(const struct timespec *t)
{
    return (uint64_t)t->tv_sec * 1000000000u + (uint64_t)t->tv_nsec;
}

void wz_stat_to_filestat(const void *host_stat, uint8_t out[64])
{
    const struct stat *st = host_stat;
    memset(out, 0, 64);
    wz_store_u64(out, (uint64_t)st->st_dev);
    wz_store_u64(out + 8, (uint64_t)st->st_ino);
    out[16] = wz_mode_filetype(st->st_mode);
    wz_store_u64(out + 24, (uint64_t)st->st_nlink);
    wz_store_u64(out + 32, (uint64_t)st->st_size);
    wz_store_u64(out + 40, ts_ns(&st->st_atim));
    wz_store_u64(out + 48, ts_ns(&st->st_mtim));
    wz_store_u64(out + 56, ts_ns(&st->st_ctim));
}

uint32_t wz_times(uint64_t atim, uint64_t mtim, uint32_t fst, void *timespec2)
{
    struct timespec *ts = timespec2;
    if (fst & ~(uint32_t)15) return WZ_INVAL;
    if ((fst & WZ_FST_ATIM) && (fst & WZ_FST_ATIM_NOW)) return WZ_INVAL;
    if ((fst & WZ_FST_MTIM) && (fst & WZ_FST_MTIM_NOW)) return WZ_INVAL;
    ts[0].tv_sec = 0;
    ts[1].tv_sec = 0;
    ts[0].tv_nsec = UTIME_OMIT;
    ts[1].tv_nsec = UTIME_OMIT;
    if (fst & WZ_FST_ATIM_NOW) ts[0].tv_nsec = UTIME_NOW;
    if (fst & WZ_FST_MTIM_NOW) ts[1].tv_nsec = UTIME_NOW;
    if (fst & WZ_FST_ATIM) {
        ts[0].tv_sec = (time_t)(atim / 1000000000u);
        ts[0].tv_nsec = (long)(atim % 1000000000u);
    }
    if (fst & WZ_FST_MTIM) {
        ts[1].tv_sec = (time_t)(mtim / 1000000000u);
        ts[1].tv_nsec = (long)(mtim % 1000000000u);
    }
    return WZ_SUCCESS;
}

static uint32_t fd_filestat_get(wz_call *c, const warden_val_t *a)
{
    uint32_t err;
    wz_fd *e = wz_fd_check(c->w, A32(0), WZ_R_FD_FILESTAT_GET, &err);
    if (!e) return err;
    uint8_t *p = wz_ptr(c, A32(1), 64);
    if (!p) return WZ_FAULT;
    if (e->kind != WZ_FD_HOST) {
        memset(p, 0, 64);
        p[16] = e->type;
        return WZ_SUCCESS;
    }
    struct stat st;
    if (fstat(e->host, &st) != 0) return wz_errno(errno);
    wz_stat_to_filestat(&st, p);
    return WZ_SUCCESS;
}

static uint32_t fd_filestat_set_size(wz_call *c, const warden_val_t *a)
{
    uint32_t err;
    wz_fd *e = wz_fd_check(c->w, A32(0), WZ_R_FD_FILESTAT_SET_SIZE, &err);
    if (!e) return err;
    if (e->kind != WZ_FD_HOST) return WZ_INVAL;
    if (A64(1) > INT64_MAX) return WZ_FBIG;
    if (ftruncate(e->host, (off_t)A64(1)) != 0) return wz_errno(errno);
    return WZ_SUCCESS;
}

static uint32_t fd_filestat_set_times(wz_call *c, const warden_val_t *a)
{
    uint32_t err;
    wz_fd *e = wz_fd_check(c->w, A32(0), WZ_R_FD_FILESTAT_SET_TIMES, &err);
    if (!e) return err;
    struct timespec ts[2];
    if ((err = wz_times(A64(1), A64(2), A32(3), ts))) return err;
    if (e->kind != WZ_FD_HOST) return WZ_SUCCESS;
    if (futimens(e->host, ts) != 0) return wz_errno(errno);
    return WZ_SUCCESS;
}

static uint32_t fd_advise(wz_call *c, const warden_val_t *a)
{
    uint32_t err;
    wz_fd *e = wz_fd_check(c->w, A32(0), WZ_R_FD_ADVISE, &err);
    if (!e) return err;
    static const int advice[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                 POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,   POSIX_FADV_NOREUSE};
    if (A32(3) > 5) return WZ_INVAL;
    if (A64(1) > INT64_MAX || A64(2) > INT64_MAX) return WZ_INVAL;
    if (e->kind != WZ_FD_HOST) return WZ_SPIPE;
    if (e->type == WZ_FT_DIRECTORY) return WZ_BADF;
    int r = posix_fadvise(e->host, (off_t)A64(1), (off_t)A64(2), advice[A32(3)]);
    return r ? wz_errno(r) : WZ_SUCCESS;
}

static uint32_t fd_allocate(wz_call *c, const warden_val_t *a)
{
    uint32_t err;
    wz_fd *e = wz_fd_check(c->w, A32(0), WZ_R_FD_ALLOCATE, &err);
    if (!e) return err;
    uint64_t off = A64(1), len = A64(2);
    if (off > INT64_MAX || len > INT64_MAX || off + len > INT64_MAX) return WZ_FBIG;
    if (e->kind != WZ_FD_HOST) return WZ_SPIPE;
    if (e->type == WZ_FT_DIRECTORY) return WZ_BADF;
    if (len == 0) return WZ_INVAL;
    int r = posix_fallocate(e->host, (off_t)off, (off_t)len);
    if (r == EOPNOTSUPP || r == ENOSYS) {
        /* File systems without fallocate: extend the size, which is all the guest can observe. */
        struct stat st;
        if (fstat(e->host, &st) != 0) return wz_errno(errno);
        if ((uint64_t)st.st_size < off + len && ftruncate(e->host, (off_t)(off + len)) != 0)
            return wz_errno(errno);
        return WZ_SUCCESS;
    }
    return r ? wz_errno(r) : WZ_SUCCESS;
}

/* fd_readdir: entries come from a stream kept per descriptor; a cookie is the position after an
 * entry (telldir), 0 the start. */
static uint32_t fd_readdir(wz_call *c, const warden_val_t *a)
{
    uint32_t err, buf = A32(1), buf_len = A32(2);
    uint64_t cookie = A64(3);
    wz_fd *e = wz_fd_check(c->w, A32(0), WZ_R_FD_READDIR, &err);
    if (!e) return err;
    uint8_t *out = wz_ptr(c, buf, buf_len);
    if (!out || !wz_ptr(c, A32(4), 4)) return WZ_FAULT;
    if (e->kind != WZ_FD_HOST || e->type != WZ_FT_DIRECTORY) return WZ_NOTDIR;
    if (cookie > (uint64_t)INT64_MAX) return WZ_INVAL;
    if (!e->dir) {
        int d = openat(e->host, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (d < 0) return wz_errno(errno);
        e->dir = fdopendir(d);
        if (!e->dir) {
            int saved = errno;
            close(d);
            return wz_errno(saved);
        }
        e->dir_pos = 0;
    }
    if (cookie == 0) {
        rewinddir(e->dir);
        e->dir_pos = 0;
    } else if (cookie != e->dir_pos) {
        seekdir(e->dir, (long)cookie);
        e->dir_pos = cookie;
    }
    uint32_t used = 0;
    while (used < buf_len) {
        errno = 0;
        struct dirent *de = readdir(e->dir);
        if (!de) {
            if (errno) return wz_errno(errno);
            break;
        }
        long next = telldir(e->dir);
        e->dir_pos = (uint64_t)next;
        size_t namlen = strlen(de->d_name);
        uint8_t type;
        switch (de->d_type) {
        case DT_REG: type = WZ_FT_REGULAR_FILE; break;
        case DT_DIR: type = WZ_FT_DIRECTORY; break;
        case DT_LNK: type = WZ_FT_SYMBOLIC_LINK; break;
        case DT_CHR: type = WZ_FT_CHARACTER_DEVICE; break;
        case DT_BLK: type = WZ_FT_BLOCK_DEVICE; break;
        case DT_SOCK: type = WZ_FT_SOCKET_STREAM; break;
        case DT_UNKNOWN: {
            struct stat st;
            type = fstatat(dirfd(e->dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0
                       ? wz_mode_filetype(st.st_mode)
                       : WZ_FT_UNKNOWN;
            break;
        }
        default: type = WZ_FT_UNKNOWN; break;
        }
        uint8_t head[24];
        wz_store_u64(head, (uint64_t)next);
        wz_store_u64(head + 8, (uint64_t)de->d_ino);
        wz_store_u32(head + 16, (uint32_t)namlen);
        head[20] = type;
        head[21] = head[22] = head[23] = 0;
        uint32_t k = buf_len - used < 24 ? buf_len - used : 24;
        memcpy(out + used, head, k);
        used += k;
        k = buf_len - used < namlen ? buf_len - used : (uint32_t)namlen;
        memcpy(out + used, de->d_name, k);
        used += k;
    }
    wz_put_u32(c, A32(4), used);
    return WZ_SUCCESS;
}

const wz_def wz_defs_fd_file[] = {
    {"fd_advise", "iIIi", true, fd_advise},
    {"fd_allocate", "iII", true, fd_allocate},
    {"fd_filestat_get", "ii", true, fd_filestat_get},
    {"fd_filestat_set_size", "iI", true, fd_filestat_set_size},
    {"fd_filestat_set_times", "iIIi", true, fd_filestat_set_times},
    {"fd_readdir", "iiiIi", true, fd_readdir},
    {NULL, NULL, false, NULL},
};
