/* Guest memory: every pointer and length is checked against the memory's size before any use. */
#include <string.h>

#include "wasi/wasi.h"

uint8_t *wz_ptr(const wz_call *c, uint32_t ptr, uint64_t len)
{
    if (!c->mem || (uint64_t)ptr > c->size || len > c->size - ptr) return NULL;
    return c->mem + ptr;
}

void wz_store_u16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

void wz_store_u32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

void wz_store_u64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}

uint16_t wz_load_u16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

uint32_t wz_load_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint64_t wz_load_u64(const uint8_t *p)
{
    return wz_load_u32(p) | (uint64_t)wz_load_u32(p + 4) << 32;
}

bool wz_put_u8(wz_call *c, uint32_t ptr, uint8_t v)
{
    uint8_t *p = wz_ptr(c, ptr, 1);
    if (p) *p = v;
    return p != NULL;
}

bool wz_put_u16(wz_call *c, uint32_t ptr, uint16_t v)
{
    uint8_t *p = wz_ptr(c, ptr, 2);
    if (p) wz_store_u16(p, v);
    return p != NULL;
}

bool wz_put_u32(wz_call *c, uint32_t ptr, uint32_t v)
{
    uint8_t *p = wz_ptr(c, ptr, 4);
    if (p) wz_store_u32(p, v);
    return p != NULL;
}

bool wz_put_u64(wz_call *c, uint32_t ptr, uint64_t v)
{
    uint8_t *p = wz_ptr(c, ptr, 8);
    if (p) wz_store_u64(p, v);
    return p != NULL;
}

bool wz_get_u32(const wz_call *c, uint32_t ptr, uint32_t *v)
{
    const uint8_t *p = wz_ptr(c, ptr, 4);
    if (p) *v = wz_load_u32(p);
    return p != NULL;
}

uint32_t wz_iovecs(const wz_call *c, uint32_t iovs, uint32_t n, struct iovec *out, size_t *count)
{
    if (n > WZ_IOV_MAX) return WZ_INVAL;
    const uint8_t *arr = wz_ptr(c, iovs, (uint64_t)n * 8);
    if (!arr) return WZ_FAULT;
    uint64_t total = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t buf = wz_load_u32(arr + 8 * i), len = wz_load_u32(arr + 8 * i + 4);
        uint8_t *p = wz_ptr(c, buf, len);
        if (!p) return WZ_FAULT;
        total += len;
        out[i].iov_base = p;
        out[i].iov_len = len;
    }
    /* The result is a u32 count of bytes. */
    if (total > UINT32_MAX) return WZ_INVAL;
    *count = n;
    return WZ_SUCCESS;
}

uint32_t wz_path_arg(const wz_call *c, uint32_t ptr, uint32_t len, char *out)
{
    const uint8_t *p = wz_ptr(c, ptr, len);
    if (!p) return WZ_FAULT;
    if (len >= WZ_PATH_MAX) return WZ_NAMETOOLONG;
    if (memchr(p, 0, len)) return WZ_INVAL;
    memcpy(out, p, len);
    out[len] = 0;
    return WZ_SUCCESS;
}
