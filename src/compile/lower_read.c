/* Reading the immediates of instructions inside a function body, through the shared byte reader
 * (src/util/reader.h); a failed read marks the lowering failed with the reader's message, and the
 * error malformed. */
#include <string.h>

#include "compile/lower_ctx.h"

static bool ok(wl_ctx *L, bool read)
{
    if (!read) L->failed = true;
    return read;
}

bool wl_malformed_at(wl_ctx *L, size_t offset, const char *msg)
{
    if (!L->failed) L->err->malformed = true;
    return wl_fail_at(L, offset, msg);
}

bool wl_malformed(wl_ctx *L, const char *msg)
{
    return wl_malformed_at(L, L->instr_offset, msg);
}

bool wl_read_u8(wl_ctx *L, uint8_t *v)
{
    return ok(L, wd_read_u8(&L->r, v));
}
bool wl_read_u32_leb(wl_ctx *L, uint32_t *v)
{
    return ok(L, wd_read_u32(&L->r, v));
}
bool wl_read_s32_leb(wl_ctx *L, int32_t *v)
{
    return ok(L, wd_read_s32(&L->r, v));
}
bool wl_read_s33(wl_ctx *L, int64_t *v)
{
    return ok(L, wd_read_s33(&L->r, v));
}
bool wl_read_s64_leb(wl_ctx *L, int64_t *v)
{
    return ok(L, wd_read_s64(&L->r, v));
}

bool wl_read_fixed(wl_ctx *L, void *out, size_t n)
{
    const uint8_t *p;
    if (!ok(L, wd_read_raw(&L->r, n, &p))) return false;
    memcpy(out, p, n);
    return true;
}

bool wl_read_zero_byte(wl_ctx *L)
{
    uint8_t b;
    if (!wl_read_u8(L, &b)) return false;
    if (b != 0) return wl_malformed_at(L, L->r.pos - 1, "zero byte expected");
    return true;
}

static const uint8_t k_valtypes[] = {WD_I32,  WD_I64,     WD_F32,      WD_F64,
                                     WD_V128, WD_FUNCREF, WD_EXTERNREF};

bool wl_is_valtype(uint8_t b)
{
    return memchr(k_valtypes, b, sizeof k_valtypes) != NULL;
}

bool wl_is_reftype(uint8_t b)
{
    return b == WD_FUNCREF || b == WD_EXTERNREF;
}

const uint8_t *wl_single_type(uint8_t valtype)
{
    return memchr(k_valtypes, valtype, sizeof k_valtypes);
}
