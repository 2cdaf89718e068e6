/* Constant expressions (valid/instructions.rst, "Constant Expressions"): in WebAssembly 2.0 a
 * valid one is a single constant instruction followed by `end`. */
#include <string.h>

#include "binary/decode_internal.h"

enum {
    OP_END = 0x0B,
    OP_GLOBAL_GET = 0x23,
    OP_I32_CONST = 0x41,
    OP_I64_CONST = 0x42,
    OP_F32_CONST = 0x43,
    OP_F64_CONST = 0x44,
    OP_REF_NULL = 0xD0,
    OP_REF_FUNC = 0xD2,
    OP_PREFIX_FC = 0xFC,
    OP_PREFIX_FD = 0xFD,
    SIMD_V128_CONST = 12,
};

/* Whether a one-byte opcode exists in WebAssembly 2.0 (binary/instructions.rst). */
static bool known_opcode(uint8_t op)
{
    return op <= 0x05 || (op >= 0x0B && op <= 0x11) || (op >= 0x1A && op <= 0x1C) ||
           (op >= 0x20 && op <= 0x26) || (op >= 0x28 && op <= 0xC4) || (op >= 0xD0 && op <= 0xD2) ||
           op == OP_PREFIX_FC || op == OP_PREFIX_FD;
}

static bool const_opcode(uint8_t op)
{
    return op == OP_GLOBAL_GET || (op >= OP_I32_CONST && op <= OP_F64_CONST) || op == OP_REF_NULL ||
           op == OP_REF_FUNC;
}

/* The instruction at `at` (opcode `op`, already read) is not a constant instruction: invalid, or
 * malformed when no instruction has that opcode. */
static bool not_constant(wd_reader *r, size_t at, uint8_t op)
{
    if (known_opcode(op)) return wd_reader_fail_invalid(r, at, "constant expression required");
    return wd_reader_fail(r, at, "illegal opcode");
}

/* Reads one constant instruction whose opcode `op` has been read. */
static bool instr(wd_reader *r, size_t at, uint8_t op, wd_constexpr *out)
{
    switch (op) {
    case OP_I32_CONST: {
        int32_t v = 0;
        if (!wd_read_s32(r, &v)) return false;
        out->kind = WD_CONST_I32;
        out->bits[0] = (uint32_t)v;
        return true;
    }
    case OP_I64_CONST: {
        int64_t v = 0;
        if (!wd_read_s64(r, &v)) return false;
        out->kind = WD_CONST_I64;
        out->bits[0] = (uint64_t)v;
        return true;
    }
    case OP_F32_CONST: {
        uint32_t v = 0;
        if (!wd_read_f32(r, &v)) return false;
        out->kind = WD_CONST_F32;
        out->bits[0] = v;
        return true;
    }
    case OP_F64_CONST: out->kind = WD_CONST_F64; return wd_read_f64(r, &out->bits[0]);
    case OP_REF_NULL: out->kind = WD_CONST_REF_NULL; return wd_decode_reftype(r, &out->reftype);
    case OP_REF_FUNC: out->kind = WD_CONST_REF_FUNC; return wd_read_u32(r, &out->index);
    case OP_GLOBAL_GET: out->kind = WD_CONST_GLOBAL_GET; return wd_read_u32(r, &out->index);
    case OP_PREFIX_FD: {
        uint32_t sub = 0;
        const uint8_t *p = NULL;
        if (!wd_read_u32(r, &sub)) return false;
        if (sub != SIMD_V128_CONST) return not_constant(r, at, op);
        if (!wd_read_raw(r, 16, &p)) return false;
        out->kind = WD_CONST_V128;
        for (int i = 7; i >= 0; i--) {
            out->bits[0] = out->bits[0] << 8 | p[i];
            out->bits[1] = out->bits[1] << 8 | p[8 + i];
        }
        return true;
    }
    case OP_END:
        /* No value where one is expected. */
        return wd_reader_fail_invalid(r, at, "type mismatch");
    default: return not_constant(r, at, op);
    }
}

bool wd_decode_constexpr(wd_reader *r, wd_constexpr *out)
{
    memset(out, 0, sizeof *out);
    size_t at = r->pos;
    uint8_t op = 0;
    out->offset = (uint32_t)at;
    if (!wd_read_u8(r, &op) || !instr(r, at, op, out)) return false;

    size_t next_at = r->pos;
    if (!wd_read_u8(r, &op)) return false;
    if (op == OP_END) return true;
    /* A second instruction: a second constant leaves two values ("type mismatch"); anything else
     * is not constant. */
    if (op == OP_PREFIX_FD) {
        uint32_t sub = 0;
        if (!wd_read_u32(r, &sub)) return false;
        if (sub == SIMD_V128_CONST) return wd_reader_fail_invalid(r, next_at, "type mismatch");
        return not_constant(r, next_at, op);
    }
    if (const_opcode(op)) return wd_reader_fail_invalid(r, next_at, "type mismatch");
    return not_constant(r, next_at, op);
}
