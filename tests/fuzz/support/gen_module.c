#include "gen_module.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"

enum { I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c, V128 = 0x7b };
static const uint8_t k_types[] = {I32, I64, F32, F64, V128};

/* ---- operations ---------------------------------------------------------------------------------
 */

enum { IMM_NONE, IMM_LANE, IMM_SHUFFLE };

typedef struct op {
    uint8_t prefix; /* 0, 0xfc or 0xfd */
    uint8_t code;
    uint8_t result;
    uint8_t nargs;
    uint8_t args[3];
    uint8_t canon; /* its NaN bits are open: canonicalise the result */
    uint8_t imm;
    uint8_t lanes; /* IMM_LANE: the number of lanes */
} op_t;

#define U(c, t) {0, c, t, 1, {t}, 0, 0, 0}
#define UC(c, t) {0, c, t, 1, {t}, 1, 0, 0}
#define B(c, t) {0, c, t, 2, {t, t}, 0, 0, 0}
#define BC(c, t) {0, c, t, 2, {t, t}, 1, 0, 0}
#define CMP(c, t) {0, c, I32, 2, {t, t}, 0, 0, 0}
#define CV(c, from, to) {0, c, to, 1, {from}, 0, 0, 0}
#define CVC(c, from, to) {0, c, to, 1, {from}, 1, 0, 0}
#define SAT(c, from, to) {0xfc, c, to, 1, {from}, 0, 0, 0}
#define VU(c) {0xfd, c, V128, 1, {V128}, 0, 0, 0}
#define VUC(c) {0xfd, c, V128, 1, {V128}, 1, 0, 0}
#define VB(c) {0xfd, c, V128, 2, {V128, V128}, 0, 0, 0}
#define VBC(c) {0xfd, c, V128, 2, {V128, V128}, 1, 0, 0}
#define VSH(c) {0xfd, c, V128, 2, {V128, I32}, 0, 0, 0}
#define VTEST(c) {0xfd, c, I32, 1, {V128}, 0, 0, 0}
#define VSPLAT(c, t) {0xfd, c, V128, 1, {t}, 0, 0, 0}
#define VEXTRACT(c, t, n) {0xfd, c, t, 1, {V128}, 0, IMM_LANE, n}
#define VREPLACE(c, t, n) {0xfd, c, V128, 2, {V128, t}, 0, IMM_LANE, n}

/* clang-format off */
static const op_t k_ops[] = {
    /* i32 */
    U(0x67, I32), U(0x68, I32), U(0x69, I32), U(0xc0, I32), U(0xc1, I32),
    B(0x6a, I32), B(0x6b, I32), B(0x6c, I32), B(0x6d, I32), B(0x6e, I32), B(0x6f, I32),
    B(0x70, I32), B(0x71, I32), B(0x72, I32), B(0x73, I32), B(0x74, I32), B(0x75, I32),
    B(0x76, I32), B(0x77, I32), B(0x78, I32),
    CV(0x45, I32, I32),
    CMP(0x46, I32), CMP(0x47, I32), CMP(0x48, I32), CMP(0x49, I32), CMP(0x4a, I32),
    CMP(0x4b, I32), CMP(0x4c, I32), CMP(0x4d, I32), CMP(0x4e, I32), CMP(0x4f, I32),
    CV(0x50, I64, I32),
    CMP(0x51, I64), CMP(0x52, I64), CMP(0x53, I64), CMP(0x54, I64), CMP(0x55, I64),
    CMP(0x56, I64), CMP(0x57, I64), CMP(0x58, I64), CMP(0x59, I64), CMP(0x5a, I64),
    CMP(0x5b, F32), CMP(0x5c, F32), CMP(0x5d, F32), CMP(0x5e, F32), CMP(0x5f, F32),
    CMP(0x60, F32),
    CMP(0x61, F64), CMP(0x62, F64), CMP(0x63, F64), CMP(0x64, F64), CMP(0x65, F64),
    CMP(0x66, F64),
    CV(0xa7, I64, I32), CV(0xa8, F32, I32), CV(0xa9, F32, I32), CV(0xaa, F64, I32),
    CV(0xab, F64, I32), CV(0xbc, F32, I32),
    SAT(0, F32, I32), SAT(1, F32, I32), SAT(2, F64, I32), SAT(3, F64, I32),
    /* i64 */
    U(0x79, I64), U(0x7a, I64), U(0x7b, I64), U(0xc2, I64), U(0xc3, I64), U(0xc4, I64),
    B(0x7c, I64), B(0x7d, I64), B(0x7e, I64), B(0x7f, I64), B(0x80, I64), B(0x81, I64),
    B(0x82, I64), B(0x83, I64), B(0x84, I64), B(0x85, I64), B(0x86, I64), B(0x87, I64),
    B(0x88, I64), B(0x89, I64), B(0x8a, I64),
    CV(0xac, I32, I64), CV(0xad, I32, I64), CV(0xae, F32, I64), CV(0xaf, F32, I64),
    CV(0xb0, F64, I64), CV(0xb1, F64, I64), CV(0xbd, F64, I64),
    SAT(4, F32, I64), SAT(5, F32, I64), SAT(6, F64, I64), SAT(7, F64, I64),
    /* f32 */
    U(0x8b, F32), U(0x8c, F32), UC(0x8d, F32), UC(0x8e, F32), UC(0x8f, F32), UC(0x90, F32),
    UC(0x91, F32),
    BC(0x92, F32), BC(0x93, F32), BC(0x94, F32), BC(0x95, F32), BC(0x96, F32), BC(0x97, F32),
    B(0x98, F32),
    CV(0xb2, I32, F32), CV(0xb3, I32, F32), CV(0xb4, I64, F32), CV(0xb5, I64, F32),
    CVC(0xb6, F64, F32), CV(0xbe, I32, F32),
    /* f64 */
    U(0x99, F64), U(0x9a, F64), UC(0x9b, F64), UC(0x9c, F64), UC(0x9d, F64), UC(0x9e, F64),
    UC(0x9f, F64),
    BC(0xa0, F64), BC(0xa1, F64), BC(0xa2, F64), BC(0xa3, F64), BC(0xa4, F64), BC(0xa5, F64),
    B(0xa6, F64),
    CV(0xb7, I32, F64), CV(0xb8, I32, F64), CV(0xb9, I64, F64), CV(0xba, I64, F64),
    CVC(0xbb, F32, F64), CV(0xbf, I64, F64),
    /* v128 */
    VSPLAT(15, I32), VSPLAT(16, I32), VSPLAT(17, I32), VSPLAT(18, I64), VSPLAT(19, F32),
    VSPLAT(20, F64),
    VEXTRACT(21, I32, 16), VEXTRACT(22, I32, 16), VREPLACE(23, I32, 16),
    VEXTRACT(24, I32, 8), VEXTRACT(25, I32, 8), VREPLACE(26, I32, 8),
    VEXTRACT(27, I32, 4), VREPLACE(28, I32, 4), VEXTRACT(29, I64, 2), VREPLACE(30, I64, 2),
    VEXTRACT(31, F32, 4), VREPLACE(32, F32, 4), VEXTRACT(33, F64, 2), VREPLACE(34, F64, 2),
    {0xfd, 13, V128, 2, {V128, V128}, 0, IMM_SHUFFLE, 32},
    VB(14),
    VB(35), VB(36), VB(37), VB(38), VB(39), VB(40), VB(41), VB(42), VB(43), VB(44),
    VB(45), VB(46), VB(47), VB(48), VB(49), VB(50), VB(51), VB(52), VB(53), VB(54),
    VB(55), VB(56), VB(57), VB(58), VB(59), VB(60), VB(61), VB(62), VB(63), VB(64),
    VB(65), VB(66), VB(67), VB(68), VB(69), VB(70), VB(71), VB(72), VB(73), VB(74),
    VB(75), VB(76),
    VU(77), VB(78), VB(79), VB(80), VB(81),
    {0xfd, 82, V128, 3, {V128, V128, V128}, 0, 0, 0},
    VTEST(83),
    VUC(94), VUC(95),
    VU(96), VU(97), VU(98), VTEST(99), VTEST(100), VB(101), VB(102),
    VUC(103), VUC(104), VUC(105), VUC(106),
    VSH(107), VSH(108), VSH(109),
    VB(110), VB(111), VB(112), VB(113), VB(114), VB(115),
    VUC(116), VUC(117),
    VB(118), VB(119), VB(120), VB(121), VUC(122), VB(123),
    VU(124), VU(125), VU(126), VU(127),
    VU(128), VU(129), VB(130), VTEST(131), VTEST(132), VB(133), VB(134),
    VU(135), VU(136), VU(137), VU(138),
    VSH(139), VSH(140), VSH(141),
    VB(142), VB(143), VB(144), VB(145), VB(146), VB(147), VUC(148), VB(149),
    VB(150), VB(151), VB(152), VB(153), VB(155), VB(156), VB(157), VB(158), VB(159),
    VU(160), VU(161), VTEST(163), VTEST(164), VU(167), VU(168), VU(169), VU(170),
    VSH(171), VSH(172), VSH(173), VB(174), VB(177), VB(181), VB(182), VB(183), VB(184),
    VB(185), VB(186), VB(188), VB(189), VB(190), VB(191),
    VU(192), VU(193), VTEST(195), VTEST(196), VU(199), VU(200), VU(201), VU(202),
    VSH(203), VSH(204), VSH(205), VB(206), VB(209), VB(213),
    VB(214), VB(215), VB(216), VB(217), VB(218), VB(219), VB(220), VB(221), VB(222), VB(223),
    VU(224), VU(225), VUC(227), VBC(228), VBC(229), VBC(230), VBC(231), VBC(232), VBC(233),
    VB(234), VB(235),
    VU(236), VU(237), VUC(239), VBC(240), VBC(241), VBC(242), VBC(243), VBC(244), VBC(245),
    VB(246), VB(247),
    VU(248), VU(249), VU(250), VU(251), VU(252), VU(253), VU(254), VU(255),
};
/* clang-format on */
#define NOPS (sizeof k_ops / sizeof k_ops[0])

/* Loads and stores: opcode, value type, natural alignment (log2). */
typedef struct memop {
    uint8_t prefix, code, type, align;
    uint8_t lanes; /* load/store lane: the number of lanes */
} memop_t;

/* clang-format off */
static const memop_t k_loads[] = {
    {0, 0x28, I32, 2, 0}, {0, 0x29, I64, 3, 0}, {0, 0x2a, F32, 2, 0}, {0, 0x2b, F64, 3, 0},
    {0, 0x2c, I32, 0, 0}, {0, 0x2d, I32, 0, 0}, {0, 0x2e, I32, 1, 0}, {0, 0x2f, I32, 1, 0},
    {0, 0x30, I64, 0, 0}, {0, 0x31, I64, 0, 0}, {0, 0x32, I64, 1, 0}, {0, 0x33, I64, 1, 0},
    {0, 0x34, I64, 2, 0}, {0, 0x35, I64, 2, 0},
    {0xfd, 0, V128, 4, 0}, {0xfd, 1, V128, 3, 0}, {0xfd, 2, V128, 3, 0}, {0xfd, 3, V128, 3, 0},
    {0xfd, 4, V128, 3, 0}, {0xfd, 5, V128, 3, 0}, {0xfd, 6, V128, 3, 0}, {0xfd, 7, V128, 0, 0},
    {0xfd, 8, V128, 1, 0}, {0xfd, 9, V128, 2, 0}, {0xfd, 10, V128, 3, 0},
    {0xfd, 92, V128, 2, 0}, {0xfd, 93, V128, 3, 0},
};
static const memop_t k_load_lanes[] = {
    {0xfd, 84, V128, 0, 16}, {0xfd, 85, V128, 1, 8}, {0xfd, 86, V128, 2, 4}, {0xfd, 87, V128, 3, 2},
};
static const memop_t k_stores[] = {
    {0, 0x36, I32, 2, 0}, {0, 0x37, I64, 3, 0}, {0, 0x38, F32, 2, 0}, {0, 0x39, F64, 3, 0},
    {0, 0x3a, I32, 0, 0}, {0, 0x3b, I32, 1, 0}, {0, 0x3c, I64, 0, 0}, {0, 0x3d, I64, 1, 0},
    {0, 0x3e, I64, 2, 0}, {0xfd, 11, V128, 4, 0},
    {0xfd, 88, V128, 0, 16}, {0xfd, 89, V128, 1, 8}, {0xfd, 90, V128, 2, 4}, {0xfd, 91, V128, 3, 2},
};
/* clang-format on */

/* ---- the module being built
 * ---------------------------------------------------------------------- */

#define MAX_PARAMS 4
#define MAX_RESULTS 3
#define MAX_TYPES 64
#define MAX_FUNCS 5
#define MAX_GLOBALS 6
#define MAX_LOCALS 32
#define LOG_FUNCS 5
#define CANON_FUNCS 4
#define FIRST_GEN (LOG_FUNCS + CANON_FUNCS)
#define MEM_MASK 0x1ff0 /* addresses stay in the first 8 KiB, with room for offsets */

typedef struct functype {
    uint8_t np, nr;
    uint8_t p[MAX_PARAMS], r[MAX_RESULTS];
} functype_t;

typedef struct gen {
    fz_input_t in;
    functype_t types[MAX_TYPES];
    uint32_t ntypes;
    uint32_t nfuncs;               /* generated functions */
    uint32_t func_type[MAX_FUNCS]; /* their type indices */
    uint8_t global_type[MAX_GLOBALS];
    uint32_t nglobals;
    /* the function being generated */
    fz_buf_t *code;
    uint32_t self; /* its index among the generated functions */
    uint8_t local_type[MAX_LOCALS];
    uint32_t nlocals, nparams;
    uint32_t counters[4]; /* loop counter locals, never written by anything else */
    uint32_t ncounters;
    uint32_t scratch[5]; /* a local of each type for block parameters and results */
    int budget;          /* instructions left */
    bool block_params;   /* blocks and ifs may take parameters */
    int loop_depth;
} gen_t;

static void emit(gen_t *g, uint8_t b)
{
    fz_buf_append(g->code, &b, 1);
}

static void emit_u32(gen_t *g, uint64_t v)
{
    do {
        uint8_t b = v & 0x7f;
        v >>= 7;
        if (v) b |= 0x80;
        emit(g, b);
    } while (v);
}

static void emit_s64(gen_t *g, int64_t v)
{
    for (;;) {
        uint8_t b = v & 0x7f;
        v >>= 7; /* arithmetic shift: the sign is kept */
        bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
        if (!done) b |= 0x80;
        emit(g, b);
        if (done) return;
    }
}

static uint32_t pick(gen_t *g, uint32_t n)
{
    return n ? fz_below(&g->in, n) : 0;
}

static bool chance(gen_t *g, unsigned percent)
{
    return fz_below(&g->in, 100) < percent;
}

static uint8_t any_type(gen_t *g)
{
    return k_types[pick(g, 5)];
}

static uint32_t type_index(gen_t *g, const functype_t *t)
{
    for (uint32_t i = 0; i < g->ntypes; i++)
        if (memcmp(&g->types[i], t, sizeof *t) == 0) return i;
    if (g->ntypes == MAX_TYPES) return UINT32_MAX;
    g->types[g->ntypes] = *t;
    return g->ntypes++;
}

static uint32_t type_of(gen_t *g, const uint8_t *p, uint8_t np, const uint8_t *r, uint8_t nr)
{
    functype_t t;
    memset(&t, 0, sizeof t);
    t.np = np;
    t.nr = nr;
    if (np) memcpy(t.p, p, np);
    if (nr) memcpy(t.r, r, nr);
    return type_index(g, &t);
}

static uint32_t type_slot(uint8_t t)
{
    switch (t) {
    case I32: return 0;
    case I64: return 1;
    case F32: return 2;
    case F64: return 3;
    default: return 4;
    }
}

/* ---- expressions
 * ---------------------------------------------------------------------------------- */

static void gen_expr(gen_t *g, uint8_t t, int depth);
static void gen_stmts(gen_t *g, int depth, int n);

static void emit_canon(gen_t *g, uint8_t t, bool simd64)
{
    uint32_t f = t == F32   ? LOG_FUNCS
                 : t == F64 ? LOG_FUNCS + 1
                 : simd64   ? LOG_FUNCS + 3
                            : LOG_FUNCS + 2;
    emit(g, 0x10);
    emit_u32(g, f);
}

static void gen_const(gen_t *g, uint8_t t)
{
    static const uint32_t k_i32[] = {0,  1,  2,      0xffffffffu, 0x7fffffffu, 0x80000000u,
                                     31, 32, 0x1ff0, 0xff,        0x8000,      0x10000};
    static const uint64_t k_i64[] = {
        0,  1,  ~0ull,         0x7fffffffffffffffull, 0x8000000000000000ull,
        63, 64, 0xffffffffull, 0x100000000ull};
    static const uint32_t k_f32[] = {
        0,           0x80000000u, 0x3f800000u, 0xbf800000u, 0x7f800000u, 0xff800000u, 0x7fc00000u,
        0x7fa00001u, 0x00000001u, 0x7f7fffffu, 0x4f000000u, 0xcf000000u, 0x3f000000u, 0x4b000001u};
    static const uint64_t k_f64[] = {0,
                                     0x8000000000000000ull,
                                     0x3ff0000000000000ull,
                                     0x7ff0000000000000ull,
                                     0xfff0000000000000ull,
                                     0x7ff8000000000000ull,
                                     0x7ff4000000000001ull,
                                     1,
                                     0x41e0000000000000ull,
                                     0xc3e0000000000000ull,
                                     0x3fe0000000000000ull,
                                     0x4330000000000001ull};
    bool special = chance(g, 50);
    switch (t) {
    case I32: {
        uint32_t v = special ? k_i32[pick(g, sizeof k_i32 / 4)] : fz_u32(&g->in);
        if (!special && chance(g, 50)) v &= 0xff;
        emit(g, 0x41);
        emit_s64(g, (int32_t)v);
        break;
    }
    case I64: {
        uint64_t v = special ? k_i64[pick(g, sizeof k_i64 / 8)] : fz_u64(&g->in);
        emit(g, 0x42);
        emit_s64(g, (int64_t)v);
        break;
    }
    case F32: {
        uint32_t v = special ? k_f32[pick(g, sizeof k_f32 / 4)] : fz_u32(&g->in);
        emit(g, 0x43);
        for (int i = 0; i < 4; i++) emit(g, (uint8_t)(v >> (8 * i)));
        break;
    }
    case F64: {
        uint64_t v = special ? k_f64[pick(g, sizeof k_f64 / 8)] : fz_u64(&g->in);
        emit(g, 0x44);
        for (int i = 0; i < 8; i++) emit(g, (uint8_t)(v >> (8 * i)));
        break;
    }
    default:
        emit(g, 0xfd);
        emit_u32(g, 12);
        if (special) { /* lanes of one interesting value */
            uint32_t v = k_f32[pick(g, sizeof k_f32 / 4)];
            for (int i = 0; i < 16; i++) emit(g, (uint8_t)(v >> (8 * (i % 4))));
        } else {
            for (int i = 0; i < 16; i++) emit(g, fz_u8(&g->in));
        }
        break;
    }
}

/* A local of type t that generated code may write (not a loop counter), or UINT32_MAX. */
static uint32_t pick_local(gen_t *g, uint8_t t, bool writable)
{
    uint32_t cands[MAX_LOCALS], n = 0;
    for (uint32_t i = 0; i < g->nlocals; i++) {
        if (g->local_type[i] != t) continue;
        bool counter = false;
        for (uint32_t k = 0; k < g->ncounters; k++) counter |= g->counters[k] == i;
        if (counter && writable) continue;
        cands[n++] = i;
    }
    return n ? cands[pick(g, n)] : UINT32_MAX;
}

static uint32_t pick_global(gen_t *g, uint8_t t)
{
    uint32_t cands[MAX_GLOBALS], n = 0;
    for (uint32_t i = 0; i < g->nglobals; i++)
        if (g->global_type[i] == t) cands[n++] = i;
    return n ? cands[pick(g, n)] : UINT32_MAX;
}

static void gen_leaf(gen_t *g, uint8_t t)
{
    uint32_t w = pick(g, 10);
    if (w < 5) {
        uint32_t l = pick_local(g, t, false);
        if (l != UINT32_MAX) {
            emit(g, 0x20);
            emit_u32(g, l);
            return;
        }
    } else if (w < 7) {
        uint32_t gl = pick_global(g, t);
        if (gl != UINT32_MAX) {
            emit(g, 0x23);
            emit_u32(g, gl);
            return;
        }
    }
    gen_const(g, t);
}

/* An address: mostly masked into the first 8 KiB, sometimes a constant, now and then anything. */
static void gen_address(gen_t *g, int depth)
{
    uint32_t w = pick(g, 20);
    if (w < 8) {
        emit(g, 0x41);
        emit_s64(g, (int32_t)(pick(g, MEM_MASK / 4) * 4 + (chance(g, 20) ? pick(g, 4) : 0)));
    } else if (w < 19) {
        gen_expr(g, I32, depth + 1);
        emit(g, 0x41);
        emit_s64(g, MEM_MASK);
        emit(g, 0x71); /* i32.and */
    } else {
        gen_expr(g, I32, depth + 1);
    }
}

static void emit_memarg(gen_t *g, uint8_t natural)
{
    uint8_t align = chance(g, 70) ? natural : (uint8_t)pick(g, natural + 1u);
    emit_u32(g, align);
    emit_u32(g, chance(g, 50) ? 0 : pick(g, 24));
}

static void emit_op_code(gen_t *g, uint8_t prefix, uint8_t code)
{
    if (prefix) {
        emit(g, prefix);
        emit_u32(g, code);
    } else {
        emit(g, code);
    }
}

static bool gen_load(gen_t *g, uint8_t t, int depth)
{
    const memop_t *cands[32];
    uint32_t n = 0;
    for (size_t i = 0; i < sizeof k_loads / sizeof k_loads[0]; i++)
        if (k_loads[i].type == t) cands[n++] = &k_loads[i];
    if (t == V128 && chance(g, 25)) {
        const memop_t *m = &k_load_lanes[pick(g, 4)];
        gen_address(g, depth);
        /* binaryen 108 checks the address of a lane load or store before it evaluates the vector
         * operand: a side effect there would be lost when the address is out of bounds. */
        gen_leaf(g, V128);
        emit_op_code(g, m->prefix, m->code);
        emit_memarg(g, m->align);
        emit(g, (uint8_t)pick(g, m->lanes));
        return true;
    }
    if (!n) return false;
    const memop_t *m = cands[pick(g, n)];
    gen_address(g, depth);
    emit_op_code(g, m->prefix, m->code);
    emit_memarg(g, m->align);
    return true;
}

static bool gen_op(gen_t *g, uint8_t t, int depth)
{
    const op_t *cands[NOPS];
    uint32_t n = 0;
    for (size_t i = 0; i < NOPS; i++)
        if (k_ops[i].result == t) cands[n++] = &k_ops[i];
    if (!n) return false;
    const op_t *o = cands[pick(g, n)];
    /* The trapping float-to-integer conversions end the function too often: mostly, pick again. */
    if (o->prefix == 0 &&
        ((o->code >= 0xa8 && o->code <= 0xab) || (o->code >= 0xae && o->code <= 0xb1)) &&
        chance(g, 75))
        o = cands[pick(g, n)];
    for (uint8_t i = 0; i < o->nargs; i++) {
        gen_expr(g, o->args[i], depth + 1);
        /* Divisors and shift counts that are not zero now and then make fewer traps. */
        if (i == 1 && o->prefix == 0 && chance(g, 60) &&
            ((o->code >= 0x6d && o->code <= 0x70) || (o->code >= 0x7f && o->code <= 0x82))) {
            if (o->args[1] == I32) {
                emit(g, 0x41);
                emit_s64(g, 1);
                emit(g, 0x72); /* i32.or */
            } else {
                emit(g, 0x42);
                emit_s64(g, 1);
                emit(g, 0x84); /* i64.or */
            }
        }
    }
    emit_op_code(g, o->prefix, o->code);
    if (o->imm == IMM_LANE)
        emit(g, (uint8_t)pick(g, o->lanes));
    else if (o->imm == IMM_SHUFFLE)
        for (int i = 0; i < 16; i++) emit(g, (uint8_t)pick(g, 32));
    if (o->canon) {
        bool simd64 = o->prefix == 0xfd &&
                      (o->code == 95 || o->code == 116 || o->code == 117 || o->code == 122 ||
                       o->code == 148 || (o->code >= 239 && o->code <= 245));
        emit_canon(g, t, simd64);
    }
    return true;
}

/* A block type for [params] -> [t]: empty, one value type, or a type index. */
static void emit_blocktype(gen_t *g, const uint8_t *params, uint8_t np, const uint8_t *results,
                           uint8_t nr)
{
    if (np == 0 && nr == 0) {
        emit(g, 0x40);
    } else if (np == 0 && nr == 1 && chance(g, 80)) {
        emit(g, results[0]);
    } else {
        uint32_t idx = type_of(g, params, np, results, nr);
        if (idx == UINT32_MAX) {
            /* out of type slots: cannot happen for the empty and single forms */
            emit(g, np == 0 && nr == 1 ? results[0] : 0x40);
            return;
        }
        emit_s64(g, idx);
    }
}

/* Parameters of a block whose result is t: pushed before it, taken off inside into the scratch
 * locals (in reverse) or dropped. None when the type section is full. */
static uint8_t gen_block_params(gen_t *g, uint8_t *params, uint8_t t, int depth)
{
    /* binaryen's IR has no block parameters (wasm-opt 108 rejects them when it reads the module) */
    if (!g->block_params) return 0;
    uint8_t np = chance(g, 30) ? (uint8_t)(1 + pick(g, 2)) : 0;
    for (uint8_t i = 0; i < np; i++) params[i] = any_type(g);
    if (np && type_of(g, params, np, &t, 1) == UINT32_MAX) np = 0;
    for (uint8_t i = 0; i < np; i++) gen_expr(g, params[i], depth + 1);
    return np;
}

static void take_block_params(gen_t *g, const uint8_t *params, uint8_t np)
{
    for (int i = np - 1; i >= 0; i--) {
        if (chance(g, 70)) {
            emit(g, 0x21);
            emit_u32(g, g->scratch[type_slot(params[i])]);
        } else {
            emit(g, 0x1a); /* drop */
        }
    }
}

/* Results of a call other than the one wanted: into the scratch locals, or dropped. */
static void store_results(gen_t *g, const functype_t *ft, int keep)
{
    for (int i = ft->nr - 1; i >= 0; i--) {
        if (i == keep) break; /* values below stay: only the last results are taken off */
        if (chance(g, 50)) {
            emit(g, 0x21);
            emit_u32(g, g->scratch[type_slot(ft->r[i])]);
        } else {
            emit(g, 0x1a);
        }
    }
}

/* A call (direct or through this function's table) to an earlier function; its results are left
 * on the stack. Returns the callee's type, or NULL when there is none to call. */
static const functype_t *gen_call(gen_t *g, int depth, int want_first)
{
    if (g->self == 0) return NULL;
    uint32_t callee = pick(g, g->self);
    const functype_t *ft = &g->types[g->func_type[callee]];
    if (want_first >= 0 && (ft->nr == 0 || ft->r[0] != want_first)) return NULL;
    for (uint8_t i = 0; i < ft->np; i++) gen_expr(g, ft->p[i], depth + 1);
    if (chance(g, 70)) {
        emit(g, 0x10);
        emit_u32(g, FIRST_GEN + callee);
    } else {
        /* Table `self` holds f0..f(self-1) then a null; the index may miss, or name a function of
         * another type: those trap, as they must in both engines. */
        if (chance(g, 80)) {
            emit(g, 0x41);
            emit_s64(g, chance(g, 85) ? callee : pick(g, g->self + 2));
        } else {
            gen_expr(g, I32, depth + 1);
            emit(g, 0x41);
            emit_s64(g, 3);
            emit(g, 0x71);
        }
        emit(g, 0x11);
        emit_u32(g, g->func_type[callee]);
        emit_u32(g, g->self);
    }
    return ft;
}

/* A funcref for this function's table: null, or an earlier function (never itself or a later one,
 * so that calls through the table still only go backwards). */
static void gen_funcref(gen_t *g)
{
    if (g->self == 0 || chance(g, 30)) {
        emit(g, 0xd0);
        emit(g, 0x70);
    } else {
        emit(g, 0xd2);
        emit_u32(g, FIRST_GEN + pick(g, g->self));
    }
}

/* An index into this function's table (size self + 1 at first): mostly in range. */
static void gen_table_index(gen_t *g, int depth)
{
    if (chance(g, 80)) {
        emit(g, 0x41);
        emit_s64(g, pick(g, g->self + 3));
    } else {
        gen_expr(g, I32, depth + 1);
        emit(g, 0x41);
        emit_s64(g, 7);
        emit(g, 0x71);
    }
}

/* i32 values from the reference instructions: table.size, table.grow, ref.is_null of table.get,
 * ref.func or ref.null. */
static void gen_ref_i32(gen_t *g, int depth)
{
    switch (pick(g, 4)) {
    case 0:
        emit(g, 0xfc);
        emit_u32(g, 16); /* table.size */
        emit_u32(g, g->self);
        break;
    case 1:
        gen_funcref(g);
        emit(g, 0x41);
        emit_s64(g, pick(g, 3));
        emit(g, 0xfc);
        emit_u32(g, 15); /* table.grow */
        emit_u32(g, g->self);
        break;
    case 2:
        gen_table_index(g, depth);
        emit(g, 0x25); /* table.get */
        emit_u32(g, g->self);
        emit(g, 0xd1); /* ref.is_null */
        break;
    default:
        gen_funcref(g);
        emit(g, 0xd1);
        break;
    }
}

static void gen_expr(gen_t *g, uint8_t t, int depth)
{
    g->budget--;
    if (depth > 6 || g->budget <= 0) {
        gen_leaf(g, t);
        return;
    }
    uint32_t w = pick(g, 100);
    if (w < 15) {
        gen_leaf(g, t);
    } else if (w < 50) {
        if (!gen_op(g, t, depth)) gen_leaf(g, t);
    } else if (w < 58) {
        if (!gen_load(g, t, depth)) gen_leaf(g, t);
    } else if (w < 64) { /* local.tee */
        uint32_t l = pick_local(g, t, true);
        gen_expr(g, t, depth + 1);
        if (l != UINT32_MAX) {
            emit(g, 0x22);
            emit_u32(g, l);
        }
    } else if (w < 72) { /* block, maybe with parameters, leaving by br_if or falling through */
        uint8_t params[2];
        uint8_t np = gen_block_params(g, params, t, depth);
        emit(g, 0x02);
        emit_blocktype(g, params, np, &t, 1);
        take_block_params(g, params, np);
        gen_stmts(g, depth + 1, (int)pick(g, 3));
        gen_expr(g, t, depth + 1);
        if (chance(g, 50)) {
            gen_expr(g, I32, depth + 1);
            emit(g, 0x0d); /* br_if 0 */
            emit_u32(g, 0);
            gen_stmts(g, depth + 1, (int)pick(g, 2));
        }
        emit(g, 0x0b);
    } else if (w < 80) { /* if/else with a result */
        uint8_t params[2];
        uint8_t np = gen_block_params(g, params, t, depth);
        gen_expr(g, I32, depth + 1);
        emit(g, 0x04);
        emit_blocktype(g, params, np, &t, 1);
        take_block_params(g, params, np);
        gen_stmts(g, depth + 1, (int)pick(g, 3));
        gen_expr(g, t, depth + 1);
        emit(g, 0x05);
        take_block_params(g, params, np);
        gen_stmts(g, depth + 1, (int)pick(g, 3));
        gen_expr(g, t, depth + 1);
        emit(g, 0x0b);
    } else if (w < 84) { /* br_table out of one of two blocks */
        emit(g, 0x02);
        emit(g, t);
        emit(g, 0x02);
        emit(g, t);
        gen_stmts(g, depth + 1, (int)pick(g, 2));
        gen_expr(g, t, depth + 1);
        gen_expr(g, I32, depth + 1);
        emit(g, 0x0e);
        uint32_t n = pick(g, 4);
        emit_u32(g, n);
        for (uint32_t i = 0; i <= n; i++) emit_u32(g, pick(g, 2));
        emit(g, 0x0b);
        if (chance(g, 50)) { /* something between the two ends: the value waits below it */
            gen_stmts(g, depth + 1, 1);
        }
        emit(g, 0x0b);
    } else if (w < 88) { /* select */
        gen_expr(g, t, depth + 1);
        gen_expr(g, t, depth + 1);
        gen_expr(g, I32, depth + 1);
        if (chance(g, 50)) {
            emit(g, 0x1b);
        } else {
            emit(g, 0x1c);
            emit_u32(g, 1);
            emit(g, t);
        }
    } else if (w < 92 && g->loop_depth < 2 && g->ncounters < 4) { /* a counted loop */
        uint32_t cl = g->counters[g->ncounters++]; /* allocated up front, used innermost last */
        emit(g, 0x41);
        /* Mostly a few rounds; sometimes enough that the auto tier's run moves to compiled code
         * in the middle of the loop (on-stack replacement), after a log call inside it. */
        emit_s64(g, chance(g, 20) ? 8 + pick(g, 120) : 1 + pick(g, 3));
        emit(g, 0x21);
        emit_u32(g, cl);
        g->loop_depth++;
        emit(g, 0x03);
        emit(g, t);
        gen_stmts(g, depth + 1, (int)pick(g, 3));
        emit(g, 0x20);
        emit_u32(g, cl);
        emit(g, 0x41);
        emit_s64(g, 1);
        emit(g, 0x6b); /* i32.sub */
        emit(g, 0x22);
        emit_u32(g, cl);
        emit(g, 0x0d);
        emit_u32(g, 0);
        gen_expr(g, t, depth + 1);
        emit(g, 0x0b);
        g->loop_depth--;
        g->ncounters--;
    } else if (w < 96) { /* a call whose first result is t */
        const functype_t *ft = gen_call(g, depth, t);
        if (ft)
            store_results(g, ft, 0);
        else
            gen_leaf(g, t);
    } else if (t == I32 && w < 98) {
        gen_ref_i32(g, depth);
    } else if (t == I32 && w < 99) {
        if (chance(g, 50)) {
            emit(g, 0x3f); /* memory.size */
            emit(g, 0);
        } else {
            emit(g, 0x41);
            emit_s64(g, pick(g, 2));
            emit(g, 0x40); /* memory.grow */
            emit(g, 0);
        }
    } else {
        gen_leaf(g, t);
    }
}

/* ---- statements ---------------------------------------------------------------------------------
 */

static void gen_stmt(gen_t *g, int depth)
{
    g->budget--;
    if (g->budget <= 0) return;
    uint32_t w = pick(g, 100);
    uint8_t t = any_type(g);
    if (w < 25) { /* local.set */
        uint32_t l = pick_local(g, t, true);
        gen_expr(g, t, depth + 1);
        if (l != UINT32_MAX) {
            emit(g, 0x21);
            emit_u32(g, l);
        } else {
            emit(g, 0x1a);
        }
    } else if (w < 33) { /* global.set */
        uint32_t gl = pick_global(g, t);
        gen_expr(g, t, depth + 1);
        if (gl != UINT32_MAX) {
            emit(g, 0x24);
            emit_u32(g, gl);
        } else {
            emit(g, 0x1a);
        }
    } else if (w < 45) { /* store */
        const memop_t *m = &k_stores[pick(g, sizeof k_stores / sizeof k_stores[0])];
        gen_address(g, depth);
        if (m->lanes)
            gen_leaf(g, V128); /* see gen_load */
        else
            gen_expr(g, m->type, depth + 1);
        emit_op_code(g, m->prefix, m->code);
        emit_memarg(g, m->align);
        if (m->lanes) emit(g, (uint8_t)pick(g, m->lanes));
    } else if (w < 60) { /* log */
        gen_expr(g, t, depth + 1);
        emit(g, 0x10);
        emit_u32(g, type_slot(t));
    } else if (w < 66) {
        gen_expr(g, t, depth + 1);
        emit(g, 0x1a);
    } else if (w < 74 && depth < 5) { /* if without a result */
        gen_expr(g, I32, depth + 1);
        emit(g, 0x04);
        emit(g, 0x40);
        gen_stmts(g, depth + 1, 1 + (int)pick(g, 3));
        if (chance(g, 50)) {
            emit(g, 0x05);
            gen_stmts(g, depth + 1, 1 + (int)pick(g, 3));
        }
        emit(g, 0x0b);
    } else if (w < 80 && depth < 5) { /* block left by br_if or br */
        emit(g, 0x02);
        emit(g, 0x40);
        gen_stmts(g, depth + 1, (int)pick(g, 3));
        gen_expr(g, I32, depth + 1);
        emit(g, 0x0d);
        emit_u32(g, 0);
        gen_stmts(g, depth + 1, (int)pick(g, 3));
        if (chance(g, 20)) {
            emit(g, 0x0c); /* br 0: the rest is unreachable */
            emit_u32(g, 0);
            gen_stmts(g, depth + 1, 1);
        }
        emit(g, 0x0b);
    } else if (w < 86 && depth < 5) { /* a call, results into locals or dropped */
        const functype_t *ft = gen_call(g, depth, -1);
        if (ft) store_results(g, ft, -1);
    } else if (w < 90) { /* bulk memory, small */
        uint32_t k = pick(g, 2);
        gen_address(g, depth);
        if (k == 0) {
            gen_expr(g, I32, depth + 1);
        } else {
            gen_address(g, depth);
        }
        emit(g, 0x41);
        emit_s64(g, chance(g, 97) ? pick(g, 64) : 0x10000);
        emit(g, 0xfc);
        if (k == 0) {
            emit_u32(g, 11); /* memory.fill */
            emit(g, 0);
        } else {
            emit_u32(g, 10); /* memory.copy */
            emit(g, 0);
            emit(g, 0);
        }
    } else if (w < 92) { /* table.set */
        gen_table_index(g, depth);
        gen_funcref(g);
        emit(g, 0x26);
        emit_u32(g, g->self);
    } else if (w < 93) { /* memory.init from the passive segment, now and then data.drop */
        if (chance(g, 85)) {
            gen_address(g, depth);
            emit(g, 0x41);
            emit_s64(g, pick(g, 40));
            emit(g, 0x41);
            emit_s64(g, pick(g, 30));
            emit(g, 0xfc);
            emit_u32(g, 8);
            emit_u32(g, 1);
            emit(g, 0);
        } else {
            emit(g, 0xfc);
            emit_u32(g, 9);
            emit_u32(g, 1);
        }
    } else if (w < 94) {
        emit(g, 0x01); /* nop */
    } else {
        /* An expression whose value is set aside and used after statements that may assign the
         * local it was read from. */
        uint32_t l = pick_local(g, t, true);
        uint32_t l2 = pick_local(g, t, true);
        if (l == UINT32_MAX || l2 == UINT32_MAX) return;
        emit(g, 0x20);
        emit_u32(g, l);
        emit(g, 0x02);
        emit(g, 0x40);
        gen_expr(g, t, depth + 1);
        emit(g, 0x21);
        emit_u32(g, l);
        emit(g, 0x0b);
        emit(g, 0x21);
        emit_u32(g, l2);
    }
}

static void gen_stmts(gen_t *g, int depth, int n)
{
    for (int i = 0; i < n; i++) gen_stmt(g, depth);
}

/* ---- the module ---------------------------------------------------------------------------------
 */

static void put_section(fz_buf_t *mod, uint8_t id, const fz_buf_t *body)
{
    fz_buf_put_byte(mod, id);
    fz_buf_put_uleb(mod, body->len);
    fz_buf_append(mod, body->data, body->len);
}

static void put_name(fz_buf_t *b, const char *s)
{
    fz_buf_put_uleb(b, strlen(s));
    fz_buf_append(b, s, strlen(s));
}

/* The body of a generated function, with its locals declared one by one. */
static void gen_function(gen_t *g, uint32_t k, fz_buf_t *body)
{
    const functype_t *ft = &g->types[g->func_type[k]];
    g->self = k;
    g->nparams = ft->np;
    g->nlocals = 0;
    for (uint8_t i = 0; i < ft->np; i++) g->local_type[g->nlocals++] = ft->p[i];
    uint32_t extra = 2 + pick(g, 6);
    for (uint32_t i = 0; i < extra; i++) g->local_type[g->nlocals++] = any_type(g);
    for (uint32_t i = 0; i < 5; i++) {
        g->scratch[i] = g->nlocals;
        g->local_type[g->nlocals++] = k_types[i];
    }
    for (uint32_t i = 0; i < 4; i++) {
        g->counters[i] = g->nlocals;
        g->local_type[g->nlocals++] = I32;
    }
    g->ncounters = 0;
    g->loop_depth = 0;
    g->budget = 40 + (int)pick(g, 160);

    fz_buf_t code = {0};
    g->code = &code;
    gen_stmts(g, 0, 1 + (int)pick(g, 6));
    for (uint8_t i = 0; i < ft->nr; i++) gen_expr(g, ft->r[i], 1);
    emit(g, 0x0b);

    fz_buf_t fn = {0};
    uint32_t declared = g->nlocals - ft->np;
    fz_buf_put_uleb(&fn, declared);
    for (uint32_t i = ft->np; i < g->nlocals; i++) {
        fz_buf_put_uleb(&fn, 1);
        fz_buf_put_byte(&fn, g->local_type[i]);
    }
    fz_buf_append(&fn, code.data, code.len);
    fz_buf_put_uleb(body, fn.len);
    fz_buf_append(body, fn.data, fn.len);
    fz_buf_free(&fn);
    fz_buf_free(&code);
}

/* NaN to +0: (x == x) as a mask; for the scalars, a select. */
static void put_canon_bodies(fz_buf_t *code)
{
    static const uint8_t f32_body[] = {0x00, 0x20, 0x00, 0x43, 0,    0,    0,   0,
                                       0x20, 0x00, 0x20, 0x00, 0x5b, 0x1b, 0x0b};
    static const uint8_t f64_body[] = {0x00, 0x20, 0x00, 0x44, 0,    0,    0,    0,    0,   0,
                                       0,    0,    0x20, 0x00, 0x20, 0x00, 0x61, 0x1b, 0x0b};
    static const uint8_t v32_body[] = {0x00, 0x20, 0x00, 0x20, 0x00, 0x20,
                                       0x00, 0xfd, 0x41, 0xfd, 0x4e, 0x0b};
    static const uint8_t v64_body[] = {0x00, 0x20, 0x00, 0x20, 0x00, 0x20,
                                       0x00, 0xfd, 0x47, 0xfd, 0x4e, 0x0b};
    const struct {
        const uint8_t *b;
        size_t n;
    } bodies[] = {{f32_body, sizeof f32_body},
                  {f64_body, sizeof f64_body},
                  {v32_body, sizeof v32_body},
                  {v64_body, sizeof v64_body}};
    for (int i = 0; i < 4; i++) {
        fz_buf_put_uleb(code, bodies[i].n);
        fz_buf_append(code, bodies[i].b, bodies[i].n);
    }
}

/* "hash": logs every global, then hashes the first 8 KiB of memory (h = h * 33 ^ byte). */
static void put_hash_body(gen_t *g, fz_buf_t *code)
{
    fz_buf_t b = {0};
    fz_buf_put_uleb(&b, 1);
    fz_buf_put_uleb(&b, 2);
    fz_buf_put_byte(&b, I32); /* local 0: h, local 1: i */
    for (uint32_t i = 0; i < g->nglobals; i++) {
        fz_buf_put_byte(&b, 0x23);
        fz_buf_put_uleb(&b, i);
        fz_buf_put_byte(&b, 0x10);
        fz_buf_put_uleb(&b, type_slot(g->global_type[i]));
    }
    static const uint8_t loop[] = {
        0x41, 0x85, 0x2a, 0x21, 0x00,             /* h = 5381 */
        0x03, 0x40,                               /* loop */
        0x20, 0x00, 0x41, 0x21, 0x6c,             /*   h * 33 */
        0x20, 0x01, 0x2d, 0x00, 0x00, 0x73,       /*   ^ load8_u(i) */
        0x21, 0x00,                               /*   -> h */
        0x20, 0x01, 0x41, 0x01, 0x6a, 0x22, 0x01, /*   i = i + 1 */
        0x41, 0x80, 0xc0, 0x00, 0x49, 0x0d, 0x00, /*   br_if (i < 8192) */
        0x0b,                                     /* end */
        0x20, 0x00, 0x0b,                         /* h */
    };
    fz_buf_append(&b, loop, sizeof loop);
    fz_buf_put_uleb(code, b.len);
    fz_buf_append(code, b.data, b.len);
    fz_buf_free(&b);
}

uint8_t *gen_module(const uint8_t *data, size_t size, bool block_params, size_t *len)
{
    gen_t *g = calloc(1, sizeof *g);
    if (!g) fz_fail("out of memory");
    g->in = (fz_input_t){data, size, 0};
    g->block_params = block_params;

    /* Types: the log imports (0..4 by value type), the canonicalisers, then whatever is needed. */
    for (int i = 0; i < 5; i++) type_of(g, &k_types[i], 1, NULL, 0);
    for (int i = 0; i < 3; i++) /* f32->f32, f64->f64, v128->v128 */
        type_of(g, &k_types[2 + i], 1, &k_types[2 + i], 1);
    uint8_t i32 = I32;
    uint32_t hash_type = type_of(g, NULL, 0, &i32, 1);

    g->nfuncs = 1 + pick(g, MAX_FUNCS);
    for (uint32_t k = 0; k < g->nfuncs; k++) {
        functype_t ft;
        memset(&ft, 0, sizeof ft);
        ft.np = (uint8_t)pick(g, MAX_PARAMS + 1);
        ft.nr = (uint8_t)pick(g, MAX_RESULTS + 1);
        for (uint8_t i = 0; i < ft.np; i++) ft.p[i] = any_type(g);
        for (uint8_t i = 0; i < ft.nr; i++) ft.r[i] = any_type(g);
        g->func_type[k] = type_index(g, &ft);
    }
    g->nglobals = 1 + pick(g, MAX_GLOBALS);
    for (uint32_t i = 0; i < g->nglobals; i++) g->global_type[i] = any_type(g);

    /* Bodies first: they may add block types. */
    fz_buf_t code = {0};
    fz_buf_put_uleb(&code, CANON_FUNCS + g->nfuncs + 1);
    put_canon_bodies(&code);
    for (uint32_t k = 0; k < g->nfuncs; k++) gen_function(g, k, &code);
    put_hash_body(g, &code);

    fz_buf_t mod = {0}, sec = {0};
    fz_buf_append(&mod, "\0asm\1\0\0\0", 8);

    fz_buf_put_uleb(&sec, g->ntypes); /* type */
    for (uint32_t i = 0; i < g->ntypes; i++) {
        const functype_t *t = &g->types[i];
        fz_buf_put_byte(&sec, 0x60);
        fz_buf_put_uleb(&sec, t->np);
        fz_buf_append(&sec, t->p, t->np);
        fz_buf_put_uleb(&sec, t->nr);
        fz_buf_append(&sec, t->r, t->nr);
    }
    put_section(&mod, 1, &sec);

    fz_buf_clear(&sec); /* import */
    static const char *const log_names[] = {"log-i32", "log-i64", "log-f32", "log-f64", "log-v128"};
    fz_buf_put_uleb(&sec, LOG_FUNCS);
    for (uint32_t i = 0; i < LOG_FUNCS; i++) {
        put_name(&sec, "fuzzing-support");
        put_name(&sec, log_names[i]);
        fz_buf_put_byte(&sec, 0);
        fz_buf_put_uleb(&sec, i);
    }
    put_section(&mod, 2, &sec);

    fz_buf_clear(&sec); /* function */
    fz_buf_put_uleb(&sec, CANON_FUNCS + g->nfuncs + 1);
    fz_buf_put_uleb(&sec, 5); /* f32 */
    fz_buf_put_uleb(&sec, 6); /* f64 */
    fz_buf_put_uleb(&sec, 7); /* v128 (f32x4) */
    fz_buf_put_uleb(&sec, 7); /* v128 (f64x2) */
    for (uint32_t k = 0; k < g->nfuncs; k++) fz_buf_put_uleb(&sec, g->func_type[k]);
    fz_buf_put_uleb(&sec, hash_type);
    put_section(&mod, 3, &sec);

    fz_buf_clear(&sec); /* table: one per generated function, f0..f(k-1) and a null */
    fz_buf_put_uleb(&sec, g->nfuncs);
    for (uint32_t k = 0; k < g->nfuncs; k++) {
        fz_buf_put_byte(&sec, 0x70);
        fz_buf_put_byte(&sec, 0x00);
        fz_buf_put_uleb(&sec, k + 1);
    }
    put_section(&mod, 4, &sec);

    fz_buf_clear(&sec); /* memory */
    fz_buf_put_uleb(&sec, 1);
    fz_buf_put_byte(&sec, 0x01);
    fz_buf_put_uleb(&sec, 1);
    fz_buf_put_uleb(&sec, 2);
    put_section(&mod, 5, &sec);

    fz_buf_clear(&sec); /* global */
    fz_buf_put_uleb(&sec, g->nglobals);
    for (uint32_t i = 0; i < g->nglobals; i++) {
        fz_buf_put_byte(&sec, g->global_type[i]);
        fz_buf_put_byte(&sec, 0x01);
        fz_buf_t *saved = g->code;
        fz_buf_t init = {0};
        g->code = &init;
        gen_const(g, g->global_type[i]);
        emit(g, 0x0b);
        g->code = saved;
        fz_buf_append(&sec, init.data, init.len);
        fz_buf_free(&init);
    }
    put_section(&mod, 6, &sec);

    fz_buf_clear(&sec); /* export */
    fz_buf_put_uleb(&sec, g->nfuncs + 1);
    for (uint32_t k = 0; k < g->nfuncs; k++) {
        char name[8];
        name[0] = 'f';
        name[1] = (char)('0' + k);
        name[2] = '\0';
        put_name(&sec, name);
        fz_buf_put_byte(&sec, 0);
        fz_buf_put_uleb(&sec, FIRST_GEN + k);
    }
    put_name(&sec, "hash");
    fz_buf_put_byte(&sec, 0);
    fz_buf_put_uleb(&sec, FIRST_GEN + g->nfuncs);
    put_section(&mod, 7, &sec);

    fz_buf_clear(&sec); /* element: table k gets f0..f(k-1) at 0 */
    uint32_t nsegs = g->nfuncs > 1 ? g->nfuncs - 1 : 0;
    fz_buf_put_uleb(&sec, nsegs);
    for (uint32_t k = 1; k < g->nfuncs; k++) {
        fz_buf_put_byte(&sec, 0x02);
        fz_buf_put_uleb(&sec, k);
        fz_buf_put_byte(&sec, 0x41);
        fz_buf_put_byte(&sec, 0x00);
        fz_buf_put_byte(&sec, 0x0b);
        fz_buf_put_byte(&sec, 0x00); /* elemkind funcref */
        fz_buf_put_uleb(&sec, k);
        for (uint32_t j = 0; j < k; j++) fz_buf_put_uleb(&sec, FIRST_GEN + j);
    }
    if (nsegs) put_section(&mod, 9, &sec);

    fz_buf_clear(&sec); /* data count: memory.init and data.drop need it */
    fz_buf_put_uleb(&sec, 2);
    put_section(&mod, 12, &sec);

    put_section(&mod, 10, &code);

    fz_buf_clear(&sec); /* data: 64 bytes at 0, and 32 passive ones for memory.init */
    fz_buf_put_uleb(&sec, 2);
    fz_buf_put_byte(&sec, 0x00);
    fz_buf_put_byte(&sec, 0x41);
    fz_buf_put_byte(&sec, 0x00);
    fz_buf_put_byte(&sec, 0x0b);
    fz_buf_put_uleb(&sec, 64);
    for (int i = 0; i < 64; i++) fz_buf_put_byte(&sec, fz_u8(&g->in));
    fz_buf_put_byte(&sec, 0x01);
    fz_buf_put_uleb(&sec, 32);
    for (int i = 0; i < 32; i++) fz_buf_put_byte(&sec, (uint8_t)(0xa0 + i));
    put_section(&mod, 11, &sec);

    fz_buf_free(&sec);
    fz_buf_free(&code);
    free(g);
    *len = mod.len;
    return (uint8_t *)mod.data;
}
