/* args_get, args_sizes_get, environ_get, environ_sizes_get. */
#include <string.h>

#include "wasi/wasi.h"

static uint32_t sizes(wz_call *c, char *const *strs, size_t n, uint32_t count_ptr,
                      uint32_t size_ptr)
{
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++) total += strlen(strs[i]) + 1;
    if (n > UINT32_MAX || total > UINT32_MAX) return WZ_OVERFLOW;
    if (!wz_ptr(c, count_ptr, 4) || !wz_ptr(c, size_ptr, 4)) return WZ_FAULT;
    wz_put_u32(c, count_ptr, (uint32_t)n);
    wz_put_u32(c, size_ptr, (uint32_t)total);
    return WZ_SUCCESS;
}

static uint32_t get(wz_call *c, char *const *strs, size_t n, uint32_t ptrs, uint32_t buf)
{
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++) total += strlen(strs[i]) + 1;
    uint8_t *pp = wz_ptr(c, ptrs, (uint64_t)n * 4);
    uint8_t *bp = wz_ptr(c, buf, total);
    if (!pp || !bp) return WZ_FAULT;
    uint32_t off = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(strs[i]) + 1;
        wz_store_u32(pp + 4 * i, buf + off);
        memmove(bp + off, strs[i], len);
        off += (uint32_t)len;
    }
    return WZ_SUCCESS;
}

static uint32_t args_sizes_get(wz_call *c, const warden_val_t *a)
{
    return sizes(c, c->w->args, c->w->nargs, A32(0), A32(1));
}

static uint32_t args_get(wz_call *c, const warden_val_t *a)
{
    return get(c, c->w->args, c->w->nargs, A32(0), A32(1));
}

static uint32_t environ_sizes_get(wz_call *c, const warden_val_t *a)
{
    return sizes(c, c->w->env, c->w->nenv, A32(0), A32(1));
}

static uint32_t environ_get(wz_call *c, const warden_val_t *a)
{
    return get(c, c->w->env, c->w->nenv, A32(0), A32(1));
}

const wz_def wz_defs_args[] = {
    {"args_get", "ii", true, args_get},
    {"args_sizes_get", "ii", true, args_sizes_get},
    {"environ_get", "ii", true, environ_get},
    {"environ_sizes_get", "ii", true, environ_sizes_get},
    {NULL, NULL, false, NULL},
};
