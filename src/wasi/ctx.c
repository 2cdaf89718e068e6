/* The context: made from a configuration, it owns the arguments, the environment and the
 * descriptor table. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wasi/config.h"
#include "wasi/wait.h"

static uint64_t rights_for(uint8_t type)
{
    switch (type) {
    case WZ_FT_REGULAR_FILE: return WZ_RIGHTS_FILE;
    case WZ_FT_DIRECTORY: return WZ_RIGHTS_DIR;
    case WZ_FT_SOCKET_STREAM:
    case WZ_FT_SOCKET_DGRAM: return WZ_RIGHTS_SOCKET;
    default: return WZ_RIGHTS_STREAM;
    }
}

static char **copy_strings(char *const *src, size_t n, bool *ok)
{
    *ok = true;
    char **d = calloc(n ? n : 1, sizeof *d);
    if (!d) {
        *ok = false;
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        d[i] = wz_strdup(src[i]);
        if (!d[i]) *ok = false;
    }
    return d;
}

/* Installs a host descriptor (already owned by the context) at guest number `fd`; `shared` when
 * it duplicates one of the embedder's. NULL (errno set) when its type or flags cannot be read or
 * the table cannot grow. */
static wz_fd *install(warden_wasi_t *w, uint32_t fd, int host, bool shared)
{
    uint8_t type;
    int fl = fcntl(host, F_GETFL);
    if (fl < 0 || !wz_host_filetype(host, &type)) return NULL;
    if (!wz_fd_grow(w, fd + 1)) {
        errno = ENOMEM;
        return NULL;
    }
    wz_fd *e = &w->fds[fd];
    e->kind = WZ_FD_HOST;
    e->host = host;
    e->type = type;
    e->base = rights_for(e->type);
    e->inh = e->type == WZ_FT_DIRECTORY ? WZ_RIGHTS_DIR | WZ_RIGHTS_FILE : 0;
    if (fl & O_APPEND) e->flags |= WZ_FDFLAG_APPEND;
    if (fl & O_NONBLOCK) e->flags |= WZ_FDFLAG_NONBLOCK;
    e->shared = shared;
    e->shared_fl = fl;
    return e;
}

/* The error of a failed install(); closes the descriptor it was given. */
static warden_error_t *install_error(int host)
{
    int saved = errno;
    close(host);
    if (saved == ENOMEM) return wz_oom();
    return warden_error_new(WARDEN_ERROR_IO, "wasi: cannot take a descriptor: %s", strerror(saved));
}

static warden_error_t *setup(warden_wasi_t *w, const warden_wasi_config_t *c)
{
    bool ok1, ok2;
    w->args = copy_strings(c->args, c->nargs, &ok1);
    w->nargs = w->args ? c->nargs : 0;
    w->env = copy_strings(c->env, c->nenv, &ok2);
    w->nenv = w->env ? c->nenv : 0;
    if (!ok1 || !ok2) return wz_oom();
    w->portable_paths = c->portable;
    if (!wz_fd_grow(w, 3)) return wz_oom();

    for (int i = 0; i < 3; i++) {
        wz_fd *e = &w->fds[i];
        if (c->stdio[i].mode == WZ_STDIO_FD) {
            int h = fcntl(c->stdio[i].fd, F_DUPFD_CLOEXEC, 3);
            if (h < 0)
                return warden_error_new(WARDEN_ERROR_IO, "wasi: standard stream %d: %s", i,
                                        strerror(errno));
            if (!install(w, (uint32_t)i, h, true)) return install_error(h);
            if (e->type == WZ_FT_REGULAR_FILE)
                e->base &= ~(uint64_t)(i == 0 ? WZ_R_FD_WRITE : WZ_R_FD_READ);
        } else if (c->stdio[i].mode == WZ_STDIO_MEM) {
            e->kind = i == 0 ? WZ_FD_MEM_IN : WZ_FD_MEM_OUT;
            e->stream = i;
            e->type = WZ_FT_UNKNOWN;
            e->base = (i == 0 ? WZ_R_FD_READ : WZ_R_FD_WRITE) | WZ_R_FD_FILESTAT_GET |
                      WZ_R_FD_FDSTAT_SET_FLAGS | WZ_R_POLL_FD_READWRITE;
            if (i > 0) w->out[i].max = c->stdio[i].max;
            w->buffered[i] = true;
        }
    }
    if (c->stdio[0].mode == WZ_STDIO_MEM && c->in_len) {
        w->in_bytes = malloc(c->in_len);
        if (!w->in_bytes) return wz_oom();
        memcpy(w->in_bytes, c->in_bytes, c->in_len);
        w->in_len = c->in_len;
    }

    uint32_t next = 3;
    for (size_t i = 0; i < c->ndirs; i++, next++) {
        const wz_preopen *p = &c->dirs[i];
        int h = open(p->host, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (h < 0)
            return warden_error_new(WARDEN_ERROR_IO, "wasi: cannot open directory %s: %s", p->host,
                                    strerror(errno));
        wz_fd *e = install(w, next, h, false);
        if (!e) return install_error(h);
        e->preopen = wz_strdup(p->guest);
        if (!e->preopen) return wz_oom();
        if (p->flags & WARDEN_WASI_DIR_READONLY) {
            e->readonly = true;
            e->base &= ~WZ_RIGHTS_WRITING;
            e->inh &= ~WZ_RIGHTS_WRITING;
        }
    }
    for (size_t i = 0; i < c->nsocks; i++, next++) {
        int h = fcntl(c->socks[i], F_DUPFD_CLOEXEC, 3);
        if (h < 0) return warden_error_new(WARDEN_ERROR_IO, "wasi: socket: %s", strerror(errno));
        if (!install(w, next, h, true)) return install_error(h);
    }
    return NULL;
}

warden_error_t *warden_wasi_new(const warden_wasi_config_t *c, warden_wasi_t **out)
{
    if (!c || !out) return warden_error_new(WARDEN_ERROR_ARGUMENT, "wasi: NULL argument");
    *out = NULL;
    warden_wasi_t *w = calloc(1, sizeof *w);
    if (!w) return wz_oom();
    warden_error_t *e = setup(w, c);
    if (e) {
        warden_wasi_delete(w);
        return e;
    }
    *out = w;
    return NULL;
}

void warden_wasi_delete(warden_wasi_t *w)
{
    if (!w) return;
    wz_wait_release(w->last_wait);
    for (size_t i = 0; w->args && i < w->nargs; i++) free(w->args[i]);
    for (size_t i = 0; w->env && i < w->nenv; i++) free(w->env[i]);
    free(w->args);
    free(w->env);
    for (uint32_t i = 0; i < w->nfds; i++) wz_fd_release(&w->fds[i]);
    free(w->fds);
    free(w->in_bytes);
    for (int i = 0; i < 3; i++) wz_buf_free(&w->out[i]);
    free(w);
}

bool warden_wasi_exit_code(const warden_wasi_t *w, int *code)
{
    if (!w || !w->exited) return false;
    if (code) *code = w->exit_code;
    return true;
}

const uint8_t *warden_wasi_output(const warden_wasi_t *w, warden_wasi_stdio_t which, size_t *len)
{
    if (len) *len = 0;
    if (!w || (which != WARDEN_WASI_STDOUT && which != WARDEN_WASI_STDERR)) return NULL;
    if (!w->buffered[which]) return NULL;
    if (len) *len = w->out[which].len;
    return w->out[which].data ? w->out[which].data : (const uint8_t *)"";
}
