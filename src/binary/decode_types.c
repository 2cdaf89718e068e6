/* Types in the binary format (binary/types.rst). */
#include <string.h>

#include "binary/decode_internal.h"

bool wd_decode_valtype(wd_reader *r, uint8_t *out)
{
    size_t at = r->pos;
    uint8_t b = 0;
    if (!wd_read_u8(r, &b)) return false;
    switch (b) {
    case WD_I32:
    case WD_I64:
    case WD_F32:
    case WD_F64:
    case WD_V128:
    case WD_FUNCREF:
    case WD_EXTERNREF: *out = b; return true;
    default: return wd_reader_fail(r, at, "malformed value type");
    }
}

bool wd_decode_reftype(wd_reader *r, uint8_t *out)
{
    size_t at = r->pos;
    uint8_t b = 0;
    if (!wd_read_u8(r, &b)) return false;
    if (b != WD_FUNCREF && b != WD_EXTERNREF)
        return wd_reader_fail(r, at, "malformed reference type");
    *out = b;
    return true;
}

/* The flag is 0x00 (no maximum) or 0x01. The spec tests read it as a one-bit LEB128, hence their
 * messages for the other values. */
bool wd_decode_limits(wd_reader *r, wd_limits *out)
{
    size_t at = r->pos;
    uint8_t flag = 0;
    if (!wd_read_u8(r, &flag)) return false;
    if (flag & 0x80) return wd_reader_fail(r, at, "integer representation too long");
    if (flag > 1) return wd_reader_fail(r, at, "integer too large");
    uint32_t min, max = 0;
    if (!wd_read_u32(r, &min)) return false;
    if (flag == 1 && !wd_read_u32(r, &max)) return false;
    out->min = min;
    out->max = max;
    out->has_max = flag == 1;
    return true;
}

bool wd_decode_tabletype(wd_reader *r, wd_tabletype *out)
{
    return wd_decode_reftype(r, &out->elem) && wd_decode_limits(r, &out->lim);
}

bool wd_decode_globaltype(wd_reader *r, wd_globaltype *out)
{
    if (!wd_decode_valtype(r, &out->type)) return false;
    size_t at = r->pos;
    uint8_t mut = 0;
    if (!wd_read_u8(r, &mut)) return false;
    if (mut > 1) return wd_reader_fail(r, at, "malformed mutability");
    out->mut = mut == 1;
    return true;
}

/* 0x60, the parameter types, the result types. A value type is one byte that is its own
 * encoding, so both vectors are validated in place and then copied. */
static bool valtype_vec(wd_reader *r, const uint8_t **start, uint32_t *n)
{
    if (!wd_read_count(r, n)) return false;
    *start = r->base + r->pos;
    for (uint32_t i = 0; i < *n; i++) {
        uint8_t t = 0;
        if (!wd_decode_valtype(r, &t)) return false;
    }
    return true;
}

bool wd_decode_functype(wd_reader *r, wd_functype *out)
{
    size_t at = r->pos;
    uint8_t form = 0;
    out->nparams = out->nresults = 0;
    out->types = NULL;
    if (!wd_read_u8(r, &form)) return false;
    /* The form is the signed LEB128 -0x20: a continuation bit means a longer encoding. */
    if (form & 0x80) return wd_reader_fail(r, at, "integer representation too long");
    if (form != 0x60) return wd_reader_fail(r, at, "malformed function type");

    const uint8_t *params = NULL, *results = NULL;
    uint32_t np = 0, nr = 0;
    if (!valtype_vec(r, &params, &np) || !valtype_vec(r, &results, &nr)) return false;
    uint8_t *types = wd_decode_alloc((size_t)np + nr, 1);
    if (!types) return wd_decode_oom(r);
    memcpy(types, params, np);
    memcpy(types + np, results, nr);
    out->nparams = np;
    out->nresults = nr;
    out->types = types;
    return true;
}
