/* The guest's descriptor table: numbers to host descriptors or in-memory streams, with rights. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/wasi.h"

wz_fd *wz_fd_get(warden_wasi_t *w, uint32_t fd)
{
    if (fd >= w->nfds || w->fds[fd].kind == WZ_FD_FREE) return NULL;
    return &w->fds[fd];
}

wz_fd *wz_fd_check(warden_wasi_t *w, uint32_t fd, uint64_t rights, uint32_t *err)
{
    wz_fd *e = wz_fd_get(w, fd);
    if (!e) {
        *err = WZ_BADF;
        return NULL;
    }
    if ((e->base & rights) != rights) {
        *err = WZ_NOTCAPABLE;
        return NULL;
    }
    *err = WZ_SUCCESS;
    return e;
}

bool wz_fd_grow(warden_wasi_t *w, uint32_t n)
{
    if (n <= w->nfds) return true;
    if (n > (1u << 20)) return false;
    uint32_t cap = w->nfds ? w->nfds : 8;
    while (cap < n) cap *= 2;
    wz_fd *f = realloc(w->fds, (size_t)cap * sizeof *f);
    if (!f) return false;
    memset(f + w->nfds, 0, (size_t)(cap - w->nfds) * sizeof *f);
    for (uint32_t i = w->nfds; i < cap; i++) f[i].host = -1;
    w->fds = f;
    w->nfds = cap;
    return true;
}

uint32_t wz_fd_alloc(warden_wasi_t *w)
{
    for (uint32_t i = 0; i < w->nfds; i++)
        if (w->fds[i].kind == WZ_FD_FREE) return i;
    uint32_t first = w->nfds;
    return wz_fd_grow(w, first + 1) ? first : UINT32_MAX;
}

void wz_fd_release(wz_fd *e)
{
    if (e->kind == WZ_FD_HOST && e->host >= 0 && e->shared) {
        const int mask = O_APPEND | O_NONBLOCK; /* what fd_fdstat_set_flags may change */
        int fl = fcntl(e->host, F_GETFL);
        if (fl >= 0 && (fl & mask) != (e->shared_fl & mask))
            fcntl(e->host, F_SETFL, (fl & ~mask) | (e->shared_fl & mask));
    }
    if (e->dir) closedir(e->dir);
    if (e->kind == WZ_FD_HOST && e->host >= 0) close(e->host);
    free(e->preopen);
    memset(e, 0, sizeof *e);
    e->host = -1;
}

uint8_t wz_mode_filetype(unsigned mode)
{
    switch (mode & S_IFMT) {
    case S_IFREG: return WZ_FT_REGULAR_FILE;
    case S_IFDIR: return WZ_FT_DIRECTORY;
    case S_IFCHR: return WZ_FT_CHARACTER_DEVICE;
    case S_IFBLK: return WZ_FT_BLOCK_DEVICE;
    case S_IFLNK: return WZ_FT_SYMBOLIC_LINK;
    case S_IFSOCK: return WZ_FT_SOCKET_STREAM;
    default: return WZ_FT_UNKNOWN;
    }
}

bool wz_host_filetype(int host, uint8_t *type)
{
    struct stat st;
    if (fstat(host, &st) != 0) return false;
    if (S_ISSOCK(st.st_mode)) {
        int so = 0;
        socklen_t len = sizeof so;
        if (getsockopt(host, SOL_SOCKET, SO_TYPE, &so, &len) != 0) return false;
        *type = so == SOCK_DGRAM ? WZ_FT_SOCKET_DGRAM : WZ_FT_SOCKET_STREAM;
        return true;
    }
    *type = wz_mode_filetype(st.st_mode);
    return true;
}
