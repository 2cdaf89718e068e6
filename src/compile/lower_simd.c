/* The 0xFD-prefixed instructions: the fixed-width SIMD chapter (v128). Validation and emission.
 *
 * Every instruction is described by its row of isa/simd_subops.h, made here into a table indexed
 * by sub-opcode: the shape of its operands and immediates, which selects the internal instruction.
 * Operand layouts are in isa/ops_simd.h. */

#include "compile/emit.h"
#include "compile/lower_ctx.h"
#include "isa/ops.h"
#include "isa/simd_subops.h"
#include "util/cpu.h"

/* The KIND column of isa/simd_subops.h, which says what each one is. */
enum simd_kind {
    K_NONE = 0, /* not an instruction */
    K_UNARY,
    K_BINARY,
    K_TERNARY,
    K_TEST,
    K_SHIFT,
    K_SPLAT,
    K_EXTRACT,
    K_REPLACE,
    K_LOAD,
    K_STORE,
    K_LOAD_LANE,
    K_STORE_LANE,
    K_CONST,
    K_SHUFFLE,
};

typedef struct simd_sig {
    uint8_t kind;
    uint8_t type;    /* the scalar of splat, extract_lane and replace_lane */
    uint8_t width;   /* memory accesses: bytes of the natural alignment; lanes: the lane count */
    wi_op inline_op; /* the instruction with an inline handler (an I row), or 0 */
} simd_sig;

#define SIMD_TYPE(t) SIMD_TYPE_##t
#define SIMD_TYPE__ 0
#define SIMD_TYPE_I32 WD_I32
#define SIMD_TYPE_I64 WD_I64
#define SIMD_TYPE_F32 WD_F32
#define SIMD_TYPE_F64 WD_F64
#define SIG(P, sub, name, kind, type, width, fn) [sub] = {K_##kind, SIMD_TYPE(type), width, 0},
#define SIG_INLINE(P, sub, name, kind, type, width, fn)                                            \
    [sub] = {K_##kind, SIMD_TYPE(type), width, WI_##name},

/* Indexed by sub-opcode; the kind selects the internal instruction (isa/ops_simd.h), and the
 * generic ones find the instruction's function by the same sub-opcode. */
static const simd_sig k_simd[256] = {WI_SIMD_SUBOPS(SIG, SIG_INLINE, SIG, ~)};

/* An O row's instruction has a handler of its own, which the lowering picks by kind; an O row of a
 * kind it lowers to a generic handler would call a function that is not in its table. Of the
 * loads, only v128.load (sub-opcode 0) has its own. */
#define OWN_KIND_TERNARY(sub) 1
#define OWN_KIND_STORE(sub) 1
#define OWN_KIND_LOAD_LANE(sub) 1
#define OWN_KIND_STORE_LANE(sub) 1
#define OWN_KIND_CONST(sub) 1
#define OWN_KIND_SHUFFLE(sub) 1
#define OWN_KIND_LOAD(sub) ((sub) == 0)
#define CHECK_OWN(P, sub, name, kind, type, width, fn)                                             \
    _Static_assert(OWN_KIND_##kind(sub), #name ": a kind with a handler of its own");
#define NO_CHECK(P, sub, name, kind, type, width, fn)
WI_SIMD_SUBOPS(NO_CHECK, NO_CHECK, CHECK_OWN, ~)

#undef CHECK_OWN
#undef NO_CHECK
#undef OWN_KIND_TERNARY
#undef OWN_KIND_STORE
#undef OWN_KIND_LOAD_LANE
#undef OWN_KIND_STORE_LANE
#undef OWN_KIND_CONST
#undef OWN_KIND_SHUFFLE
#undef OWN_KIND_LOAD
#undef SIG
#undef SIG_INLINE
#undef SIMD_TYPE
#undef SIMD_TYPE__
#undef SIMD_TYPE_I32
#undef SIMD_TYPE_I64
#undef SIMD_TYPE_F32
#undef SIMD_TYPE_F64

static uint64_t le64(const uint8_t *b)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = v << 8 | b[i];
    return v;
}

/* A lane index immediate below `lanes`. */
static bool read_lane(wl_ctx *L, uint32_t lanes, uint32_t *lane)
{
    uint8_t b;
    if (!wl_read_u8(L, &b)) return false;
    if (b >= lanes) return wl_fail(L, "invalid lane index");
    *lane = b;
    return true;
}

static void lower_memory(wl_ctx *L, uint32_t sub, const simd_sig *s)
{
    uint32_t align, offset, lane = 0, addr, vec = 0;
    bool has_lane = s->kind == K_LOAD_LANE || s->kind == K_STORE_LANE;
    /* The immediates (a memarg, then a lane index) are all read before they are checked. */
    uint8_t lane_byte = 0;
    if (!wl_read_u32(L, &align) || !wl_read_u32(L, &offset)) return;
    if (!wl_memarg_flags(L, align)) return;
    if (has_lane && !wl_read_u8(L, &lane_byte)) return;
    if (!wl_need_memory(L)) return;
    if ((1u << align) > s->width) {
        wl_fail(L, "alignment must not be larger than natural");
        return;
    }
    if (has_lane) {
        if (lane_byte >= 16u / s->width) {
            wl_fail(L, "invalid lane index");
            return;
        }
        lane = lane_byte;
    }
    if (s->kind != K_LOAD) wl_pop(L, WD_V128, &vec);
    wl_pop(L, WD_I32, &addr);
    uint32_t dst = 0;
    if (s->kind == K_LOAD || s->kind == K_LOAD_LANE) dst = wl_push(L, WD_V128);
    if (!wl_live(L)) return;
    switch (s->kind) {
    case K_LOAD:
        if (sub == 0)
            wl_emit_V_LOAD(L, WI_V128_LOAD, dst, addr, offset);
        else
            wl_emit_V_LOAD_PART(L, WI_V128_LOAD_PART, dst, addr, offset, s->width, sub);
        break;
    case K_STORE: wl_emit_V_STORE(L, WI_V128_STORE, addr, vec, offset); break;
    case K_LOAD_LANE:
        wl_emit_V_LOAD_LANE(L, WI_V128_LOAD_LANE, dst, addr, offset, vec, lane, s->width);
        break;
    default: /* K_STORE_LANE */
        wl_emit_V_STORE_LANE(L, WI_V128_STORE_LANE, addr, vec, offset, lane, s->width);
        break;
    }
}

void wl_op_simd(wl_ctx *L)
{
    uint32_t sub, a = 0, b = 0, c = 0, lane = 0, dst;
    if (!wl_read_u32(L, &sub)) return;
    const simd_sig *s = sub < 256 ? &k_simd[sub] : NULL;
    if (!s || s->kind == K_NONE) {
        wl_malformed(L, "illegal opcode");
        return;
    }
    uint32_t at;
    switch (s->kind) {
    case K_LOAD:
    case K_STORE:
    case K_LOAD_LANE:
    case K_STORE_LANE: lower_memory(L, sub, s); return;
    case K_CONST: {
        uint8_t bytes[16];
        if (!wl_read_fixed(L, bytes, sizeof bytes)) return;
        dst = wl_push(L, WD_V128);
        if (wl_live(L)) {
            wl_emit_V128_CONST(L, WI_V128_CONST, dst, le64(bytes), le64(bytes + 8));
        }
        return;
    }
    case K_SHUFFLE: {
        uint8_t lanes[16];
        if (!wl_read_fixed(L, lanes, sizeof lanes)) return;
        for (int i = 0; i < 16; i++) {
            if (lanes[i] >= 32) {
                wl_fail(L, "invalid lane index");
                return;
            }
        }
        wl_pop(L, WD_V128, &b);
        wl_pop(L, WD_V128, &a);
        dst = wl_push(L, WD_V128);
        if (wl_live(L)) {
            wl_emit_SHUFFLE(L, wd_cpu_has_ssse3() ? WI_I8X16_SHUFFLE_SSSE3 : WI_I8X16_SHUFFLE, dst,
                            a, b, le64(lanes), le64(lanes + 8));
        }
        return;
    }
    case K_UNARY:
    case K_TEST:
        wl_pop(L, WD_V128, &a);
        dst = wl_push(L, s->kind == K_TEST ? WD_I32 : WD_V128);
        if (!wl_live(L)) return;
        if (s->inline_op) {
            wl_emit_V_DA(L, s->inline_op, dst, a);
            return;
        }
        if (s->kind == K_TEST)
            at = wl_emit_V_TEST(L, WI_SIMD_TEST, dst, a, sub);
        else
            at = wl_emit_V_UNARY(L, WI_SIMD_UNARY, dst, a, sub);
        /* A scalar result may be retargeted into a local by a following local.set (a fresh
         * producer: lower_stack.c). */
        if (s->kind == K_TEST) wl_note_producer(L, at);
        return;
    case K_BINARY:
    case K_SHIFT:
        wl_pop(L, s->kind == K_SHIFT ? WD_I32 : WD_V128, &b);
        wl_pop(L, WD_V128, &a);
        dst = wl_push(L, WD_V128);
        if (!wl_live(L)) return;
        if (s->inline_op && s->kind == K_SHIFT)
            wl_emit_V_SHIFT(L, s->inline_op, dst, a, b);
        else if (s->inline_op)
            wl_emit_V_DAB(L, s->inline_op, dst, a, b);
        else if (s->kind == K_SHIFT)
            wl_emit_V_SHIFT_OP(L, WI_SIMD_SHIFT, dst, a, b, sub);
        else
            wl_emit_V_BINARY(L, WI_SIMD_BINARY, dst, a, b, sub);
        return;
    case K_TERNARY:
        wl_pop(L, WD_V128, &c);
        wl_pop(L, WD_V128, &b);
        wl_pop(L, WD_V128, &a);
        dst = wl_push(L, WD_V128);
        if (!wl_live(L)) return;
        wl_emit_V_DABC(L, WI_V128_BITSELECT, dst, a, b, c);
        return;
    case K_SPLAT:
        wl_pop(L, s->type, &a);
        dst = wl_push(L, WD_V128);
        if (!wl_live(L)) return;
        wl_emit_V_SPLAT(L, WI_SIMD_SPLAT, dst, a, sub);
        return;
    case K_EXTRACT:
        if (!read_lane(L, s->width, &lane)) return;
        wl_pop(L, WD_V128, &a);
        dst = wl_push(L, s->type);
        if (!wl_live(L)) return;
        if (s->inline_op)
            at = wl_emit_V_LANE(L, s->inline_op, dst, a, lane);
        else
            at = wl_emit_V_EXTRACT(L, WI_SIMD_EXTRACT, dst, a, lane, sub);
        wl_note_producer(L, at);
        return;
    case K_REPLACE:
        if (!read_lane(L, s->width, &lane)) return;
        wl_pop(L, s->type, &b);
        wl_pop(L, WD_V128, &a);
        dst = wl_push(L, WD_V128);
        if (!wl_live(L)) return;
        wl_emit_V_REPLACE(L, WI_SIMD_REPLACE, dst, a, b, lane, sub);
        return;
    default: wl_malformed(L, "illegal opcode"); return;
    }
}
