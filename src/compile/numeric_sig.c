/* Operand and result types of the numeric instructions (opcodes 0x45..0xC4), and the internal
 * operator each lowers to. A table by opcode range keeps the validator's main switch short. */
#include "compile/numeric_sig.h"

#include "isa/ops.h"

bool wc_numeric_sig(uint8_t opcode, wc_numeric *out)
/* clang-format off */
{
    uint8_t i32 = WD_I32, i64 = WD_I64, f32 = WD_F32, f64 = WD_F64;
    uint8_t in = 0, in2 = 0, res = 0;

    if (opcode < 0x45 || opcode > 0xC4) return false;
    if (opcode == 0x45) { in = i32; res = i32; }
    else if (opcode <= 0x4F) { in = in2 = i32; res = i32; }
    else if (opcode == 0x50) { in = i64; res = i32; }
    else if (opcode <= 0x5A) { in = in2 = i64; res = i32; }
    else if (opcode <= 0x60) { in = in2 = f32; res = i32; }
    else if (opcode <= 0x66) { in = in2 = f64; res = i32; }
    else if (opcode <= 0x69) { in = i32; res = i32; }
    else if (opcode <= 0x78) { in = in2 = i32; res = i32; }
    else if (opcode <= 0x7B) { in = i64; res = i64; }
    else if (opcode <= 0x8A) { in = in2 = i64; res = i64; }
    else if (opcode <= 0x91) { in = f32; res = f32; }
    else if (opcode <= 0x98) { in = in2 = f32; res = f32; }
    else if (opcode <= 0x9F) { in = f64; res = f64; }
    else if (opcode <= 0xA6) { in = in2 = f64; res = f64; }
    else {
        /* Conversions: one operand each. */
        static const uint8_t conv[][2] = {
            /* 0xA7 */ {WD_I64, WD_I32}, {WD_F32, WD_I32}, {WD_F32, WD_I32}, {WD_F64, WD_I32},
            /* 0xAB */ {WD_F64, WD_I32}, {WD_I32, WD_I64}, {WD_I32, WD_I64}, {WD_F32, WD_I64},
            /* 0xAF */ {WD_F32, WD_I64}, {WD_F64, WD_I64}, {WD_F64, WD_I64}, {WD_I32, WD_F32},
            /* 0xB3 */ {WD_I32, WD_F32}, {WD_I64, WD_F32}, {WD_I64, WD_F32}, {WD_F64, WD_F32},
            /* 0xB7 */ {WD_I32, WD_F64}, {WD_I32, WD_F64}, {WD_I64, WD_F64}, {WD_I64, WD_F64},
            /* 0xBB */ {WD_F32, WD_F64}, {WD_F32, WD_I32}, {WD_F64, WD_I64}, {WD_I32, WD_F32},
            /* 0xBF */ {WD_I64, WD_F64}, {WD_I32, WD_I32}, {WD_I32, WD_I32}, {WD_I64, WD_I64},
            /* 0xC3 */ {WD_I64, WD_I64}, {WD_I64, WD_I64},
        };
        in = conv[opcode - 0xA7][0];
        res = conv[opcode - 0xA7][1];
    }
    out->in1 = in;
    out->in2 = in2;
    out->result = res;
    /* clang-format on */
    /* The reinterpretations (0xBC..0xBF) have no instruction: they keep the bits. */
    wi_op op = wi_numeric_op(opcode);
    out->op = op == WI_OP_COUNT ? WC_NUMERIC_NOP : (uint16_t)op;
    return true;
}

bool wc_trunc_sat_sig(uint32_t subop, wc_numeric *out)
{
    static const uint8_t sig[8][2] = {
        {WD_F32, WD_I32}, {WD_F32, WD_I32}, {WD_F64, WD_I32}, {WD_F64, WD_I32},
        {WD_F32, WD_I64}, {WD_F32, WD_I64}, {WD_F64, WD_I64}, {WD_F64, WD_I64},
    };
    if (subop > 7) return false;
    out->in1 = sig[subop][0];
    out->in2 = 0;
    out->result = sig[subop][1];
    out->op = (uint16_t)wi_numeric_op(0xFC00 + subop);
    return true;
}
