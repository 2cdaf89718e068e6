/* Reading the immediates of instructions inside a function body. */
#include <string.h>

#include "compile/lower_ctx.h"

bool wl_read_u8(wl_ctx *L, uint8_t *v)
{
    if (L->r.pos >= L->r.end) return wl_fail_at(L, L->r.pos, "unexpected end");
    *v = L->r.base[L->r.pos++];
    return true;
}

/* LEB128 of at most `bits` bits, unsigned or signed (the spec's uN / sN). */
static bool read_leb(wl_ctx *L, unsigned bits, bool is_signed, uint64_t *out)
{
    uint64_t result = 0;
    unsigned shift = 0;
    unsigned max_bytes = (bits + 6) / 7;
    size_t start = L->r.pos;
    for (unsigned i = 0;; i++) {
        if (L->r.pos >= L->r.end) return wl_fail_at(L, L->r.pos, "unexpected end");
        if (i >= max_bytes) return wl_fail_at(L, start, "integer representation too long");
        uint8_t b = L->r.base[L->r.pos++];
        if (i == max_bytes - 1) {
            /* The last byte may only use the bits that remain, the rest must be a sign or zero
             * extension. */
            unsigned used = bits - shift; /* 1..7 */
            if (b & 0x80) return wl_fail_at(L, start, "integer representation too long");
            uint8_t rest = (uint8_t)(b & 0x7F) >> used;
            if (is_signed) {
                bool neg = (b >> (used - 1)) & 1;
                uint8_t want = neg ? (uint8_t)(0x7F >> used) : 0;
                if (rest != want) return wl_fail_at(L, start, "integer too large");
            } else if (rest) {
                return wl_fail_at(L, start, "integer too large");
            }
        }
        result |= (uint64_t)(b & 0x7F) << shift;
        shift += 7;
        if (!(b & 0x80)) {
            if (is_signed && shift < 64 && (b & 0x40)) result |= ~(uint64_t)0 << shift;
            break;
        }
    }
    *out = result;
    return true;
}

bool wl_read_u32(wl_ctx *L, uint32_t *v)
{
    uint64_t x;
    if (!read_leb(L, 32, false, &x)) return false;
    *v = (uint32_t)x;
    return true;
}

bool wl_read_s32(wl_ctx *L, int32_t *v)
{
    uint64_t x;
    if (!read_leb(L, 32, true, &x)) return false;
    *v = (int32_t)(uint32_t)x;
    return true;
}

bool wl_read_s33(wl_ctx *L, int64_t *v)
{
    uint64_t x;
    if (!read_leb(L, 33, true, &x)) return false;
    *v = (int64_t)x;
    return true;
}

bool wl_read_s64(wl_ctx *L, int64_t *v)
{
    uint64_t x;
    if (!read_leb(L, 64, true, &x)) return false;
    *v = (int64_t)x;
    return true;
}

bool wl_read_fixed(wl_ctx *L, void *out, size_t n)
{
    if (L->r.end - L->r.pos < n) return wl_fail_at(L, L->r.pos, "unexpected end");
    memcpy(out, L->r.base + L->r.pos, n);
    L->r.pos += n;
    return true;
}

bool wl_read_zero_byte(wl_ctx *L)
{
    uint8_t b;
    if (!wl_read_u8(L, &b)) return false;
    if (b != 0) return wl_fail_at(L, L->r.pos - 1, "zero byte expected");
    return true;
}

static const uint8_t k_valtypes[] = {WD_I32, WD_I64, WD_F32, WD_F64, WD_V128, WD_FUNCREF,
                                     WD_EXTERNREF};

bool wl_is_valtype(uint8_t b) { return memchr(k_valtypes, b, sizeof k_valtypes) != NULL; }

bool wl_is_reftype(uint8_t b) { return b == WD_FUNCREF || b == WD_EXTERNREF; }

const uint8_t *wl_single_type(uint8_t valtype)
{
    return memchr(k_valtypes, valtype, sizeof k_valtypes);
}
