/* Parametric, variable, constant, reference and numeric instructions. */
#include <string.h>

#include "compile/emit.h"
#include "compile/lower_ctx.h"
#include "compile/numeric_sig.h"
#include "isa/ops.h"

static bool is_num_or_vec(uint8_t t)
{
    return t != WD_FUNCREF && t != WD_EXTERNREF;
}

void wl_op_select(wl_ctx *L, uint8_t opcode)
{
    uint32_t c, s1, s2;
    uint8_t t;
    if (opcode == 0x1C) {
        /* The whole vector of value types is read before its length is checked: a malformed
         * type in it makes the module malformed, not invalid. */
        uint32_t n;
        if (!wl_read_u32(L, &n)) return;
        for (uint32_t i = 0; i < n; i++) {
            uint8_t ti;
            if (!wl_read_u8(L, &ti)) return;
            if (!wl_is_valtype(ti)) {
                wl_malformed_at(L, L->r.pos - 1, "malformed value type");
                return;
            }
            if (i == 0) t = ti;
        }
        if (n != 1) {
            wl_fail(L, "invalid result arity");
            return;
        }
        wl_pop(L, WD_I32, &c);
        wl_pop(L, t, &s1);
        wl_pop(L, t, &s2);
    } else {
        wl_pop(L, WD_I32, &c);
        uint8_t t1 = wl_pop(L, WL_ANY, &s1);
        uint8_t t2 = wl_pop(L, WL_ANY, &s2);
        if (!is_num_or_vec(t1) || !is_num_or_vec(t2) ||
            (t1 != t2 && t1 != WL_UNKNOWN && t2 != WL_UNKNOWN)) {
            wl_fail(L, "type mismatch");
            return;
        }
        t = t1 == WL_UNKNOWN ? t2 : t1;
    }
    uint32_t dst = wl_push(L, t);
    if (wl_live(L)) {
        uint32_t at = wl_emit_SELECT(L, wd_slots(t) == 2 ? WI_SELECT2 : WI_SELECT, dst, s2, s1, c);
        wl_note_producer(L, at);
    }
}

void wl_op_global(wl_ctx *L, uint8_t opcode)
{
    uint32_t x, slot;
    if (!wl_read_u32(L, &x)) return;
    if (x >= L->m->nglobals) {
        wl_fail(L, "unknown global");
        return;
    }
    const wd_globaltype *g = &L->m->globals[x].type;
    bool wide = wd_slots(g->type) == 2;
    if (opcode == 0x23) {
        uint32_t dst = wl_push(L, g->type);
        if (wl_live(L)) {
            uint32_t at = wl_emit_GLOBAL_GET(L, wide ? WI_GLOBAL_GET2 : WI_GLOBAL_GET, dst, x);
            wl_note_producer(L, at);
        }
        return;
    }
    if (!g->mut) {
        wl_fail(L, "global is immutable");
        return;
    }
    wl_pop(L, g->type, &slot);
    if (wl_live(L)) {
        wl_emit_GLOBAL_SET(L, wide ? WI_GLOBAL_SET2 : WI_GLOBAL_SET, x, slot);
    }
}

static void emit_const(wl_ctx *L, uint8_t type, uint64_t bits)
{
    wl_push_const(L, type, bits);
}

void wl_op_const(wl_ctx *L, uint8_t opcode)
{
    switch (opcode) {
    case 0x41: {
        int32_t v;
        if (wl_read_s32(L, &v)) emit_const(L, WD_I32, (uint32_t)v);
        break;
    }
    case 0x42: {
        int64_t v;
        if (wl_read_s64(L, &v)) emit_const(L, WD_I64, (uint64_t)v);
        break;
    }
    case 0x43: {
        uint8_t b[4];
        if (wl_read_fixed(L, b, 4)) {
            uint32_t v =
                (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
            emit_const(L, WD_F32, v);
        }
        break;
    }
    default: {
        uint8_t b[8];
        if (wl_read_fixed(L, b, 8)) {
            uint64_t v = 0;
            for (int i = 7; i >= 0; i--) v = v << 8 | b[i];
            emit_const(L, WD_F64, v);
        }
        break;
    }
    }
}

void wl_op_ref(wl_ctx *L, uint8_t opcode)
{
    if (opcode == 0xD0) { /* ref.null t */
        uint8_t t;
        if (!wl_read_u8(L, &t)) return;
        if (!wl_is_reftype(t)) {
            wl_malformed_at(L, L->r.pos - 1, "malformed reference type");
            return;
        }
        emit_const(L, t, 0);
        return;
    }
    if (opcode == 0xD1) { /* ref.is_null */
        uint32_t src;
        uint8_t t = wl_pop(L, WL_ANY, &src);
        if (t != WL_UNKNOWN && !wl_is_reftype(t)) {
            wl_fail(L, "type mismatch");
            return;
        }
        uint32_t dst = wl_push(L, WD_I32);
        if (wl_live(L)) {
            wl_emit_DA(L, WI_REF_IS_NULL, dst, src);
        }
        return;
    }
    uint32_t x; /* ref.func x */
    if (!wl_read_u32(L, &x)) return;
    if (x >= L->m->nfuncs) {
        wl_fail(L, "unknown function");
        return;
    }
    if (!L->m->func_declared || !L->m->func_declared[x]) {
        wl_fail(L, "undeclared function reference");
        return;
    }
    uint32_t dst = wl_push(L, WD_FUNCREF);
    if (wl_live(L)) {
        wl_emit_REF_FUNC(L, WI_REF_FUNC, dst, x);
    }
}

/* `a + b * c` and `a - b * c` are the inner loops of matrix, vector and physics code. When the
 * second operand (slot b, at its home `home`) is the product just emitted, a value nothing else
 * reads, the product is taken back into one instruction: its operands are returned. (The product
 * is a fresh producer: lower_stack.c.) */
static bool take_product(wl_ctx *L, uint16_t mul, uint32_t b, uint32_t home, uint32_t *m1,
                         uint32_t *m2)
{
    uint32_t at;
    uint16_t op;
    if (b != home || !wl_fresh_producer(L, b, &at, &op) || op != mul) return false;
    *m1 = L->code[at + WI_AT_DAB_a].s.b;
    *m2 = L->code[at + WI_AT_DAB_b].s.a;
    wl_take_back(L, at);
    return true;
}

void wl_lower_numeric(wl_ctx *L, const wc_numeric *n)
{
    uint32_t a, b = 0;
    const wl_val *top = wl_peek(L);
    wi_op imm_op = n->in2 && top && top->is_const && top->type == n->in2 ? wi_imm_form((wi_op)n->op)
                                                                         : WI_OP_COUNT;
    if (imm_op != WI_OP_COUNT) {
        uint64_t imm = top->value;
        wl_pop_const(L);
        wl_pop(L, n->in1, &a);
        uint32_t dst = wl_push(L, n->result);
        if (!wl_live(L)) return;
        uint32_t at = wl_emit_DAI(L, imm_op, dst, a, imm);
        wl_note_producer(L, at);
        return;
    }
    uint32_t home_b = n->in2 ? wl_top_home(L) : 0;
    if (n->in2) wl_pop(L, n->in2, &b);
    wl_pop(L, n->in1, &a);
    uint32_t dst = wl_push(L, n->result);
    if (!wl_live(L)) return;
    /* The fused form takes back the multiplication of its own type. */
    wi_op fused = wi_mul_fused_form((wi_op)n->op);
    uint16_t mul = n->result == WD_F32 ? WI_F32_MUL : WI_F64_MUL;
    uint32_t m1, m2;
    if (fused != WI_OP_COUNT && take_product(L, mul, b, home_b, &m1, &m2)) {
        uint32_t at = wl_emit_DABC(L, fused, dst, a, m1, m2);
        wl_note_producer(L, at);
        return;
    }
    if (n->op == WC_NUMERIC_NOP) {
        /* A reinterpretation keeps the bits: it only has to be at home if it was a local. */
        if (a != dst) {
            uint32_t at = wl_emit_DA(L, WI_COPY, dst, a);
            wl_note_producer(L, at);
        }
        return;
    }
    uint32_t at =
        n->in2 ? wl_emit_DAB(L, (wi_op)n->op, dst, a, b) : wl_emit_DA(L, (wi_op)n->op, dst, a);
    wl_note_producer(L, at);
}

void wl_op_numeric(wl_ctx *L, uint8_t opcode)
{
    wc_numeric n;
    if (!wc_numeric_sig(opcode, &n)) {
        wl_malformed(L, "illegal opcode");
        return;
    }
    wl_lower_numeric(L, &n);
}
