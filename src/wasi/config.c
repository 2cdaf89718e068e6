/* The embedder's configuration: arguments, environment, preopens, standard streams. */
#include <stdlib.h>
#include <string.h>

#include "wasi/config.h"

extern char **environ;

bool wz_grow(void **arr, size_t *cap, size_t n, size_t size)
{
    if (n < *cap) return true;
    size_t c = *cap ? *cap * 2 : 8;
    if (c > SIZE_MAX / size) return false;
    void *p = realloc(*arr, c * size);
    if (!p) return false;
    *arr = p;
    *cap = c;
    return true;
}

char *wz_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

warden_error_t *wz_oom(void)
{
    return warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
}

static warden_error_t *bad(const char *what)
{
    return warden_error_new(WARDEN_ERROR_ARGUMENT, "wasi config: %s", what);
}

warden_error_t *warden_wasi_config_new(warden_wasi_config_t **out)
{
    if (!out) return bad("NULL argument");
    *out = calloc(1, sizeof **out);
    if (!*out) return wz_oom();
    for (int i = 0; i < 3; i++) (*out)->stdio[i].fd = -1;
    return NULL;
}

void warden_wasi_config_delete(warden_wasi_config_t *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->nargs; i++) free(c->args[i]);
    for (size_t i = 0; i < c->nenv; i++) free(c->env[i]);
    for (size_t i = 0; i < c->ndirs; i++) {
        free(c->dirs[i].host);
        free(c->dirs[i].guest);
    }
    free(c->args);
    free(c->env);
    free(c->dirs);
    free(c->socks);
    free(c->in_bytes);
    free(c);
}

warden_error_t *warden_wasi_config_push_arg(warden_wasi_config_t *c, const char *arg)
{
    if (!c || !arg) return bad("NULL argument");
    if (!wz_grow((void **)&c->args, &c->args_cap, c->nargs, sizeof *c->args)) return wz_oom();
    char *d = wz_strdup(arg);
    if (!d) return wz_oom();
    c->args[c->nargs++] = d;
    return NULL;
}

warden_error_t *warden_wasi_config_push_env(warden_wasi_config_t *c, const char *name,
                                            const char *value)
{
    if (!c || !name || !value) return bad("NULL argument");
    size_t nl = strlen(name), vl = strlen(value);
    if (nl == 0 || memchr(name, '=', nl))
        return bad("an environment variable's name is empty or holds '='");
    char *d = malloc(nl + vl + 2);
    if (!d) return wz_oom();
    memcpy(d, name, nl);
    d[nl] = '=';
    memcpy(d + nl + 1, value, vl + 1);
    for (size_t i = 0; i < c->nenv; i++) {
        if (strncmp(c->env[i], d, nl + 1) == 0) {
            free(c->env[i]);
            c->env[i] = d;
            return NULL;
        }
    }
    if (!wz_grow((void **)&c->env, &c->env_cap, c->nenv, sizeof *c->env)) {
        free(d);
        return wz_oom();
    }
    c->env[c->nenv++] = d;
    return NULL;
}

warden_error_t *warden_wasi_config_inherit_env(warden_wasi_config_t *c)
{
    if (!c) return bad("NULL argument");
    for (char **e = environ; e && *e; e++) {
        const char *eq = strchr(*e, '=');
        if (!eq || eq == *e) continue;
        size_t nl = (size_t)(eq - *e);
        char *name = malloc(nl + 1);
        if (!name) return wz_oom();
        memcpy(name, *e, nl);
        name[nl] = 0;
        warden_error_t *err = warden_wasi_config_push_env(c, name, eq + 1);
        free(name);
        if (err) return err;
    }
    return NULL;
}

warden_error_t *warden_wasi_config_preopen_dir(warden_wasi_config_t *c, const char *host_path,
                                               const char *guest_path, uint32_t flags)
{
    if (!c || !host_path || !guest_path) return bad("NULL argument");
    if (flags & ~WARDEN_WASI_DIR_READONLY) return bad("unknown preopen flags");
    if (!wz_grow((void **)&c->dirs, &c->dirs_cap, c->ndirs, sizeof *c->dirs)) return wz_oom();
    wz_preopen p = {wz_strdup(host_path), wz_strdup(guest_path), flags};
    if (!p.host || !p.guest) {
        free(p.host);
        free(p.guest);
        return wz_oom();
    }
    c->dirs[c->ndirs++] = p;
    return NULL;
}

warden_error_t *warden_wasi_config_preopen_socket(warden_wasi_config_t *c, int host_fd)
{
    if (!c || host_fd < 0) return bad("bad argument");
    if (!wz_grow((void **)&c->socks, &c->socks_cap, c->nsocks, sizeof *c->socks)) return wz_oom();
    c->socks[c->nsocks++] = host_fd;
    return NULL;
}

warden_error_t *warden_wasi_config_stdio_fd(warden_wasi_config_t *c, warden_wasi_stdio_t which,
                                            int host_fd)
{
    if (!c || (unsigned)which > 2 || host_fd < 0) return bad("bad argument");
    c->stdio[which].mode = WZ_STDIO_FD;
    c->stdio[which].fd = host_fd;
    return NULL;
}

warden_error_t *warden_wasi_config_stdin_bytes(warden_wasi_config_t *c, const void *bytes,
                                               size_t len)
{
    if (!c || (len && !bytes)) return bad("bad argument");
    uint8_t *d = malloc(len ? len : 1);
    if (!d) return wz_oom();
    if (len) memcpy(d, bytes, len);
    free(c->in_bytes);
    c->in_bytes = d;
    c->in_len = len;
    c->stdio[0].mode = WZ_STDIO_MEM;
    return NULL;
}

warden_error_t *warden_wasi_config_stdio_buffer(warden_wasi_config_t *c, warden_wasi_stdio_t which,
                                                size_t max_bytes)
{
    if (!c || (which != WARDEN_WASI_STDOUT && which != WARDEN_WASI_STDERR))
        return bad("bad argument");
    c->stdio[which].mode = WZ_STDIO_MEM;
    c->stdio[which].max = max_bytes;
    return NULL;
}

void warden_wasi_config_portable_paths(warden_wasi_config_t *c, bool portable)
{
    if (c) c->portable = portable;
}
