/* The 0xFD-prefixed instructions: the fixed-width SIMD chapter (v128). Validation and emission.
 *
 * Every instruction is described by one row of a table indexed by its sub-opcode: the shape of
 * its operands and immediates, which selects the internal instruction. Operand layouts are in
 * exec/ops_simd.h. */

#include "compile/emit.h"
#include "compile/lower_ctx.h"
#include "isa/ops.h"
#include "util/cpu.h"

enum simd_kind {
    K_NONE = 0,   /* not an instruction */
    K_UNARY,      /* v128 -> v128 */
    K_BINARY,     /* v128 v128 -> v128 */
    K_TERNARY,    /* v128 v128 v128 -> v128 */
    K_TEST,       /* v128 -> i32 */
    K_SHIFT,      /* v128 i32 -> v128 */
    K_SPLAT,      /* t -> v128 */
    K_EXTRACT,    /* v128 -> t, lane immediate */
    K_REPLACE,    /* v128 t -> v128, lane immediate */
    K_LOAD,       /* memarg; i32 -> v128 */
    K_STORE,      /* memarg; i32 v128 -> */
    K_LOAD_LANE,  /* memarg lane; i32 v128 -> v128 */
    K_STORE_LANE, /* memarg lane; i32 v128 -> */
    K_CONST,      /* 16 bytes -> v128 */
    K_SHUFFLE,    /* 16 lane indices; v128 v128 -> v128 */
};

typedef struct simd_sig {
    uint8_t kind;
    uint8_t type;  /* the scalar of splat, extract_lane and replace_lane */
    uint8_t width; /* memory accesses: bytes of the natural alignment; lanes: the lane count */
} simd_sig;

#define U {K_UNARY, 0, 0}
#define B {K_BINARY, 0, 0}
#define T {K_TEST, 0, 0}
#define SH {K_SHIFT, 0, 0}
#define SPLAT(t) {K_SPLAT, t, 0}
#define EXTRACT(t, n) {K_EXTRACT, t, n}
#define REPLACE(t, n) {K_REPLACE, t, n}
#define LD(w) {K_LOAD, 0, w}
#define LDL(w) {K_LOAD_LANE, 0, w}
#define STL(w) {K_STORE_LANE, 0, w}

/* Indexed by sub-opcode; the kind selects the internal instruction (exec/ops_simd.h), and the
 * generic ones find the instruction's function by the same sub-opcode. */
/* clang-format off */
static const simd_sig k_simd[256] = {
    /* v128.load, the extending and splatting loads, v128.store, v128.const, i8x16.shuffle */
    [0] = LD(16), [1] = LD(8), [2] = LD(8), [3] = LD(8), [4] = LD(8), [5] = LD(8), [6] = LD(8),
    [7] = LD(1), [8] = LD(2), [9] = LD(4), [10] = LD(8), [11] = {K_STORE, 0, 16},
    [12] = {K_CONST, 0, 0}, [13] = {K_SHUFFLE, 0, 0},
    /* swizzle, splat */
    [14] = B, [15] = SPLAT(WD_I32), [16] = SPLAT(WD_I32), [17] = SPLAT(WD_I32),
    [18] = SPLAT(WD_I64), [19] = SPLAT(WD_F32), [20] = SPLAT(WD_F64),
    /* extract_lane, replace_lane */
    [21] = EXTRACT(WD_I32, 16), [22] = EXTRACT(WD_I32, 16), [23] = REPLACE(WD_I32, 16),
    [24] = EXTRACT(WD_I32, 8), [25] = EXTRACT(WD_I32, 8), [26] = REPLACE(WD_I32, 8),
    [27] = EXTRACT(WD_I32, 4), [28] = REPLACE(WD_I32, 4), [29] = EXTRACT(WD_I64, 2),
    [30] = REPLACE(WD_I64, 2), [31] = EXTRACT(WD_F32, 4), [32] = REPLACE(WD_F32, 4),
    [33] = EXTRACT(WD_F64, 2), [34] = REPLACE(WD_F64, 2),
    /* comparisons */
    [35] = B, [36] = B, [37] = B, [38] = B, [39] = B, [40] = B, [41] = B, [42] = B, [43] = B,
    [44] = B, [45] = B, [46] = B, [47] = B, [48] = B, [49] = B, [50] = B, [51] = B, [52] = B,
    [53] = B, [54] = B, [55] = B, [56] = B, [57] = B, [58] = B, [59] = B, [60] = B, [61] = B,
    [62] = B, [63] = B, [64] = B, [65] = B, [66] = B, [67] = B, [68] = B, [69] = B, [70] = B,
    [71] = B, [72] = B, [73] = B, [74] = B, [75] = B, [76] = B,
    /* bitwise, any_true */
    [77] = U, [78] = B, [79] = B, [80] = B, [81] = B, [82] = {K_TERNARY, 0, 0}, [83] = T,
    /* lane loads and stores, zero-extending loads */
    [84] = LDL(1), [85] = LDL(2), [86] = LDL(4), [87] = LDL(8), [88] = STL(1), [89] = STL(2),
    [90] = STL(4), [91] = STL(8), [92] = LD(4), [93] = LD(8),
    /* the rest, in opcode order */
    [94] = U, [95] = U, [96] = U, [97] = U, [98] = U, [99] = T, [100] = T, [101] = B, [102] = B,
    [103] = U, [104] = U, [105] = U, [106] = U, [107] = SH, [108] = SH, [109] = SH, [110] = B,
    [111] = B, [112] = B, [113] = B, [114] = B, [115] = B, [116] = U, [117] = U, [118] = B,
    [119] = B, [120] = B, [121] = B, [122] = U, [123] = B, [124] = U, [125] = U, [126] = U,
    [127] = U, [128] = U, [129] = U, [130] = B, [131] = T, [132] = T, [133] = B, [134] = B,
    [135] = U, [136] = U, [137] = U, [138] = U, [139] = SH, [140] = SH, [141] = SH, [142] = B,
    [143] = B, [144] = B, [145] = B, [146] = B, [147] = B, [148] = U, [149] = B, [150] = B,
    [151] = B, [152] = B, [153] = B, [155] = B, [156] = B, [157] = B, [158] = B, [159] = B,
    [160] = U, [161] = U, [163] = T, [164] = T, [167] = U, [168] = U, [169] = U, [170] = U,
    [171] = SH, [172] = SH, [173] = SH, [174] = B, [177] = B, [181] = B, [182] = B, [183] = B,
    [184] = B, [185] = B, [186] = B, [188] = B, [189] = B, [190] = B, [191] = B, [192] = U,
    [193] = U, [195] = T, [196] = T, [199] = U, [200] = U, [201] = U, [202] = U, [203] = SH,
    [204] = SH, [205] = SH, [206] = B, [209] = B, [213] = B, [214] = B, [215] = B, [216] = B,
    [217] = B, [218] = B, [219] = B, [220] = B, [221] = B, [222] = B, [223] = B, [224] = U,
    [225] = U, [227] = U, [228] = B, [229] = B, [230] = B, [231] = B, [232] = B, [233] = B,
    [234] = B, [235] = B, [236] = U, [237] = U, [239] = U, [240] = B, [241] = B, [242] = B,
    [243] = B, [244] = B, [245] = B, [246] = B, [247] = B, [248] = U, [249] = U, [250] = U,
    [251] = U, [252] = U, [253] = U, [254] = U, [255] = U,
};
/* clang-format on */

#undef U
#undef B
#undef T
#undef SH
#undef SPLAT
#undef EXTRACT
#undef REPLACE
#undef LD
#undef LDL
#undef STL

/* The internal instruction of a sub-opcode that has an inline handler (exec/ops_simd.h), or 0
 * when it goes through the generic one of its shape. */
#define INLINE_OP(X, name, sub, fn) [sub] = WI_##name,
/* clang-format off */
static const wi_op k_inline_op[256] = {
    WI_SIMD_INLINE_BINARY(~, INLINE_OP) WI_SIMD_INLINE_UNARY(~, INLINE_OP)
    WI_SIMD_INLINE_SHIFT(~, INLINE_OP)
    [27] = WI_I32X4_EXTRACT_LANE,
};
/* clang-format on */
#undef INLINE_OP

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
        if (k_inline_op[sub]) {
            wl_emit_V_DA(L, k_inline_op[sub], dst, a);
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
        if (k_inline_op[sub] && s->kind == K_SHIFT)
            wl_emit_V_SHIFT(L, k_inline_op[sub], dst, a, b);
        else if (k_inline_op[sub])
            wl_emit_V_DAB(L, k_inline_op[sub], dst, a, b);
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
        if (k_inline_op[sub])
            at = wl_emit_V_LANE(L, k_inline_op[sub], dst, a, lane);
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
