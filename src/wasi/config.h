/* The configuration a context is made from (config.c), read by ctx.c. */
#ifndef WARDEN_WASI_CONFIG_H
#define WARDEN_WASI_CONFIG_H

#include "wasi/wasi.h"

typedef struct wz_preopen {
    char *host, *guest;
    uint32_t flags;
} wz_preopen;

enum { WZ_STDIO_CLOSED = 0, WZ_STDIO_FD, WZ_STDIO_MEM };

struct warden_wasi_config {
    char **args;
    size_t nargs, args_cap;
    char **env; /* "NAME=VALUE" */
    size_t nenv, env_cap;
    wz_preopen *dirs;
    size_t ndirs, dirs_cap;
    int *socks;
    size_t nsocks, socks_cap;
    struct {
        int mode;
        int fd;
        size_t max;
    } stdio[3];
    uint8_t *in_bytes;
    size_t in_len;
    bool portable;
};

/* Makes room for one more element of `size` bytes in *arr. */
bool wz_grow(void **arr, size_t *cap, size_t n, size_t size);
char *wz_strdup(const char *s);
/* The error for a failed allocation: kind WARDEN_ERROR_NO_MEMORY, message "out of memory". */
warden_error_t *wz_oom(void);

#endif
