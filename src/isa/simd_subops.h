/* The 0xFD sub-opcodes of WebAssembly's fixed-width SIMD chapter (v128): the one definition of
 * every SIMD instruction the lowering accepts and the interpreter runs.
 *
 * WI_SIMD_SUBOPS(S, I, O, P) has one row per sub-opcode, in opcode order:
 *     R(P, SUB, NAME, KIND, TYPE, WIDTH, FN)
 * where the row's macro R says how the interpreter runs the instruction:
 *   S  through the generic handler of its KIND (isa/ops_simd.h: SIMD_UNARY, SIMD_BINARY, ...;
 *      V128_LOAD_PART for LOAD), which calls the instruction's function from the table of that kind
 *      indexed by SUB (exec/simd.c): a handful of handlers keep the interpreter loop small;
 *   I  the same, and also an instruction of its own, WI_NAME, whose handler applies FN inline in
 *      the loop (exec/handlers_simd.inc) and which the lowering always picks: the operations
 *      compiled code uses most, for which the call through a table costs more than the operation;
 *   O  an instruction and a handler of its own, written out in isa/ops_simd.h and
 *      exec/handlers_simd.inc (memory accesses, constants, shuffles, bitselect); FN is `_`.
 * The columns:
 *   P      passed through unchanged: the consumer's own argument (isa/ops_simd.h passes its X)
 *   SUB    the sub-opcode
 *   NAME   the instruction, i8x16.add as I8X16_ADD
 *   KIND   the shape of its immediates and operands, which selects its lowering rule
 *          (compile/lower_simd.c) and, for S and I rows, its generic handler and function table:
 *            UNARY    v128 -> v128               BINARY   v128 v128 -> v128
 *            TERNARY  v128 v128 v128 -> v128     TEST     v128 -> i32
 *            SHIFT    v128 i32 -> v128           SPLAT    t -> v128
 *            EXTRACT  lane; v128 -> t            REPLACE  lane; v128 t -> v128
 *            LOAD     memarg; i32 -> v128        STORE    memarg; i32 v128 ->
 *            LOAD_LANE   memarg lane; i32 v128 -> v128
 *            STORE_LANE  memarg lane; i32 v128 ->
 *            CONST    16 bytes -> v128           SHUFFLE  16 lane indices; v128 v128 -> v128
 *          An I row is UNARY, BINARY, SHIFT or EXTRACT (the shapes of inline handlers).
 *   TYPE   t of SPLAT, EXTRACT and REPLACE: I32, I64, F32 or F64; otherwise _
 *   WIDTH  LOAD, STORE, LOAD_LANE, STORE_LANE: the bytes accessed, which is the natural alignment;
 *          EXTRACT, REPLACE: the lane count; otherwise 0
 *   FN     the lane operation that implements it (exec/simd_*.h), without its ws_ prefix: for
 *          i8x16.add, i8x16_add names ws_i8x16_add(ws_v128, ws_v128). A LOAD's takes the bytes
 *          the load read, zero-extended to 16, to its result. f32x4 and f64x2 splat, extract_lane
 *          and replace_lane move bits like their integer twins and share their functions.
 *
 * Made from it: the lowering's table of sub-opcodes (compile/lower_simd.c), the function tables of
 * the generic handlers (exec/simd.c), and the inline instructions (isa/ops_simd.h) with their
 * handlers (exec/handlers_simd.inc). An S or I row of a kind without a function table, or an I row
 * of a kind without an inline handler, does not compile; tests/unit/test_simd_subops.c checks every
 * sub-opcode against the tables the build made.
 *
 * A header of isa/: FN names functions of exec/ as tokens, which only exec/ pastes into calls;
 * nothing is included. */
#ifndef WARDEN_ISA_SIMD_SUBOPS_H
#define WARDEN_ISA_SIMD_SUBOPS_H

/* clang-format off */
#define WI_SIMD_SUBOPS(S, I, O, P)                                                                 \
    O(P,   0, V128_LOAD,                     LOAD,       _,   16, _)                               \
    S(P,   1, V128_LOAD8X8_S,                LOAD,       _,   8,  i16x8_extend_low_i8x16_s)        \
    S(P,   2, V128_LOAD8X8_U,                LOAD,       _,   8,  i16x8_extend_low_i8x16_u)        \
    S(P,   3, V128_LOAD16X4_S,               LOAD,       _,   8,  i32x4_extend_low_i16x8_s)        \
    S(P,   4, V128_LOAD16X4_U,               LOAD,       _,   8,  i32x4_extend_low_i16x8_u)        \
    S(P,   5, V128_LOAD32X2_S,               LOAD,       _,   8,  i64x2_extend_low_i32x4_s)        \
    S(P,   6, V128_LOAD32X2_U,               LOAD,       _,   8,  i64x2_extend_low_i32x4_u)        \
    S(P,   7, V128_LOAD8_SPLAT,              LOAD,       _,   1,  v128_load8_splat)                \
    S(P,   8, V128_LOAD16_SPLAT,             LOAD,       _,   2,  v128_load16_splat)               \
    S(P,   9, V128_LOAD32_SPLAT,             LOAD,       _,   4,  v128_load32_splat)               \
    S(P,  10, V128_LOAD64_SPLAT,             LOAD,       _,   8,  v128_load64_splat)               \
    O(P,  11, V128_STORE,                    STORE,      _,   16, _)                               \
    O(P,  12, V128_CONST,                    CONST,      _,   0,  _)                               \
    O(P,  13, I8X16_SHUFFLE,                 SHUFFLE,    _,   0,  _)                               \
    S(P,  14, I8X16_SWIZZLE,                 BINARY,     _,   0,  i8x16_swizzle)                   \
    S(P,  15, I8X16_SPLAT,                   SPLAT,      I32, 0,  i8x16_splat)                     \
    S(P,  16, I16X8_SPLAT,                   SPLAT,      I32, 0,  i16x8_splat)                     \
    S(P,  17, I32X4_SPLAT,                   SPLAT,      I32, 0,  i32x4_splat)                     \
    S(P,  18, I64X2_SPLAT,                   SPLAT,      I64, 0,  i64x2_splat)                     \
    S(P,  19, F32X4_SPLAT,                   SPLAT,      F32, 0,  i32x4_splat)                     \
    S(P,  20, F64X2_SPLAT,                   SPLAT,      F64, 0,  i64x2_splat)                     \
    S(P,  21, I8X16_EXTRACT_LANE_S,          EXTRACT,    I32, 16, i8x16_extract_lane_s)            \
    S(P,  22, I8X16_EXTRACT_LANE_U,          EXTRACT,    I32, 16, i8x16_extract_lane_u)            \
    S(P,  23, I8X16_REPLACE_LANE,            REPLACE,    I32, 16, i8x16_replace_lane)              \
    S(P,  24, I16X8_EXTRACT_LANE_S,          EXTRACT,    I32, 8,  i16x8_extract_lane_s)            \
    S(P,  25, I16X8_EXTRACT_LANE_U,          EXTRACT,    I32, 8,  i16x8_extract_lane_u)            \
    S(P,  26, I16X8_REPLACE_LANE,            REPLACE,    I32, 8,  i16x8_replace_lane)              \
    I(P,  27, I32X4_EXTRACT_LANE,            EXTRACT,    I32, 4,  i32x4_extract_lane)              \
    S(P,  28, I32X4_REPLACE_LANE,            REPLACE,    I32, 4,  i32x4_replace_lane)              \
    S(P,  29, I64X2_EXTRACT_LANE,            EXTRACT,    I64, 2,  i64x2_extract_lane)              \
    S(P,  30, I64X2_REPLACE_LANE,            REPLACE,    I64, 2,  i64x2_replace_lane)              \
    S(P,  31, F32X4_EXTRACT_LANE,            EXTRACT,    F32, 4,  i32x4_extract_lane)              \
    S(P,  32, F32X4_REPLACE_LANE,            REPLACE,    F32, 4,  i32x4_replace_lane)              \
    S(P,  33, F64X2_EXTRACT_LANE,            EXTRACT,    F64, 2,  i64x2_extract_lane)              \
    S(P,  34, F64X2_REPLACE_LANE,            REPLACE,    F64, 2,  i64x2_replace_lane)              \
    S(P,  35, I8X16_EQ,                      BINARY,     _,   0,  i8x16_eq)                        \
    S(P,  36, I8X16_NE,                      BINARY,     _,   0,  i8x16_ne)                        \
    S(P,  37, I8X16_LT_S,                    BINARY,     _,   0,  i8x16_lt_s)                      \
    S(P,  38, I8X16_LT_U,                    BINARY,     _,   0,  i8x16_lt_u)                      \
    S(P,  39, I8X16_GT_S,                    BINARY,     _,   0,  i8x16_gt_s)                      \
    S(P,  40, I8X16_GT_U,                    BINARY,     _,   0,  i8x16_gt_u)                      \
    S(P,  41, I8X16_LE_S,                    BINARY,     _,   0,  i8x16_le_s)                      \
    S(P,  42, I8X16_LE_U,                    BINARY,     _,   0,  i8x16_le_u)                      \
    S(P,  43, I8X16_GE_S,                    BINARY,     _,   0,  i8x16_ge_s)                      \
    S(P,  44, I8X16_GE_U,                    BINARY,     _,   0,  i8x16_ge_u)                      \
    S(P,  45, I16X8_EQ,                      BINARY,     _,   0,  i16x8_eq)                        \
    S(P,  46, I16X8_NE,                      BINARY,     _,   0,  i16x8_ne)                        \
    S(P,  47, I16X8_LT_S,                    BINARY,     _,   0,  i16x8_lt_s)                      \
    S(P,  48, I16X8_LT_U,                    BINARY,     _,   0,  i16x8_lt_u)                      \
    S(P,  49, I16X8_GT_S,                    BINARY,     _,   0,  i16x8_gt_s)                      \
    S(P,  50, I16X8_GT_U,                    BINARY,     _,   0,  i16x8_gt_u)                      \
    S(P,  51, I16X8_LE_S,                    BINARY,     _,   0,  i16x8_le_s)                      \
    S(P,  52, I16X8_LE_U,                    BINARY,     _,   0,  i16x8_le_u)                      \
    S(P,  53, I16X8_GE_S,                    BINARY,     _,   0,  i16x8_ge_s)                      \
    S(P,  54, I16X8_GE_U,                    BINARY,     _,   0,  i16x8_ge_u)                      \
    S(P,  55, I32X4_EQ,                      BINARY,     _,   0,  i32x4_eq)                        \
    S(P,  56, I32X4_NE,                      BINARY,     _,   0,  i32x4_ne)                        \
    S(P,  57, I32X4_LT_S,                    BINARY,     _,   0,  i32x4_lt_s)                      \
    S(P,  58, I32X4_LT_U,                    BINARY,     _,   0,  i32x4_lt_u)                      \
    S(P,  59, I32X4_GT_S,                    BINARY,     _,   0,  i32x4_gt_s)                      \
    S(P,  60, I32X4_GT_U,                    BINARY,     _,   0,  i32x4_gt_u)                      \
    S(P,  61, I32X4_LE_S,                    BINARY,     _,   0,  i32x4_le_s)                      \
    S(P,  62, I32X4_LE_U,                    BINARY,     _,   0,  i32x4_le_u)                      \
    S(P,  63, I32X4_GE_S,                    BINARY,     _,   0,  i32x4_ge_s)                      \
    S(P,  64, I32X4_GE_U,                    BINARY,     _,   0,  i32x4_ge_u)                      \
    S(P,  65, F32X4_EQ,                      BINARY,     _,   0,  f32x4_eq)                        \
    S(P,  66, F32X4_NE,                      BINARY,     _,   0,  f32x4_ne)                        \
    S(P,  67, F32X4_LT,                      BINARY,     _,   0,  f32x4_lt)                        \
    S(P,  68, F32X4_GT,                      BINARY,     _,   0,  f32x4_gt)                        \
    S(P,  69, F32X4_LE,                      BINARY,     _,   0,  f32x4_le)                        \
    S(P,  70, F32X4_GE,                      BINARY,     _,   0,  f32x4_ge)                        \
    S(P,  71, F64X2_EQ,                      BINARY,     _,   0,  f64x2_eq)                        \
    S(P,  72, F64X2_NE,                      BINARY,     _,   0,  f64x2_ne)                        \
    S(P,  73, F64X2_LT,                      BINARY,     _,   0,  f64x2_lt)                        \
    S(P,  74, F64X2_GT,                      BINARY,     _,   0,  f64x2_gt)                        \
    S(P,  75, F64X2_LE,                      BINARY,     _,   0,  f64x2_le)                        \
    S(P,  76, F64X2_GE,                      BINARY,     _,   0,  f64x2_ge)                        \
    S(P,  77, V128_NOT,                      UNARY,      _,   0,  v128_not)                        \
    I(P,  78, V128_AND,                      BINARY,     _,   0,  v128_and)                        \
    I(P,  79, V128_ANDNOT,                   BINARY,     _,   0,  v128_andnot)                     \
    I(P,  80, V128_OR,                       BINARY,     _,   0,  v128_or)                         \
    I(P,  81, V128_XOR,                      BINARY,     _,   0,  v128_xor)                        \
    O(P,  82, V128_BITSELECT,                TERNARY,    _,   0,  _)                               \
    S(P,  83, V128_ANY_TRUE,                 TEST,       _,   0,  v128_any_true)                   \
    O(P,  84, V128_LOAD8_LANE,               LOAD_LANE,  _,   1,  _)                               \
    O(P,  85, V128_LOAD16_LANE,              LOAD_LANE,  _,   2,  _)                               \
    O(P,  86, V128_LOAD32_LANE,              LOAD_LANE,  _,   4,  _)                               \
    O(P,  87, V128_LOAD64_LANE,              LOAD_LANE,  _,   8,  _)                               \
    O(P,  88, V128_STORE8_LANE,              STORE_LANE, _,   1,  _)                               \
    O(P,  89, V128_STORE16_LANE,             STORE_LANE, _,   2,  _)                               \
    O(P,  90, V128_STORE32_LANE,             STORE_LANE, _,   4,  _)                               \
    O(P,  91, V128_STORE64_LANE,             STORE_LANE, _,   8,  _)                               \
    S(P,  92, V128_LOAD32_ZERO,              LOAD,       _,   4,  v128_load32_zero)                \
    S(P,  93, V128_LOAD64_ZERO,              LOAD,       _,   8,  v128_load64_zero)                \
    S(P,  94, F32X4_DEMOTE_F64X2_ZERO,       UNARY,      _,   0,  f32x4_demote_f64x2_zero)         \
    S(P,  95, F64X2_PROMOTE_LOW_F32X4,       UNARY,      _,   0,  f64x2_promote_low_f32x4)         \
    S(P,  96, I8X16_ABS,                     UNARY,      _,   0,  i8x16_abs)                       \
    S(P,  97, I8X16_NEG,                     UNARY,      _,   0,  i8x16_neg)                       \
    S(P,  98, I8X16_POPCNT,                  UNARY,      _,   0,  i8x16_popcnt)                    \
    S(P,  99, I8X16_ALL_TRUE,                TEST,       _,   0,  i8x16_all_true)                  \
    S(P, 100, I8X16_BITMASK,                 TEST,       _,   0,  i8x16_bitmask)                   \
    S(P, 101, I8X16_NARROW_I16X8_S,          BINARY,     _,   0,  i8x16_narrow_i16x8_s)            \
    S(P, 102, I8X16_NARROW_I16X8_U,          BINARY,     _,   0,  i8x16_narrow_i16x8_u)            \
    S(P, 103, F32X4_CEIL,                    UNARY,      _,   0,  f32x4_ceil)                      \
    S(P, 104, F32X4_FLOOR,                   UNARY,      _,   0,  f32x4_floor)                     \
    S(P, 105, F32X4_TRUNC,                   UNARY,      _,   0,  f32x4_trunc)                     \
    S(P, 106, F32X4_NEAREST,                 UNARY,      _,   0,  f32x4_nearest)                   \
    S(P, 107, I8X16_SHL,                     SHIFT,      _,   0,  i8x16_shl)                       \
    S(P, 108, I8X16_SHR_S,                   SHIFT,      _,   0,  i8x16_shr_s)                     \
    S(P, 109, I8X16_SHR_U,                   SHIFT,      _,   0,  i8x16_shr_u)                     \
    I(P, 110, I8X16_ADD,                     BINARY,     _,   0,  i8x16_add)                       \
    S(P, 111, I8X16_ADD_SAT_S,               BINARY,     _,   0,  i8x16_add_sat_s)                 \
    S(P, 112, I8X16_ADD_SAT_U,               BINARY,     _,   0,  i8x16_add_sat_u)                 \
    I(P, 113, I8X16_SUB,                     BINARY,     _,   0,  i8x16_sub)                       \
    S(P, 114, I8X16_SUB_SAT_S,               BINARY,     _,   0,  i8x16_sub_sat_s)                 \
    S(P, 115, I8X16_SUB_SAT_U,               BINARY,     _,   0,  i8x16_sub_sat_u)                 \
    S(P, 116, F64X2_CEIL,                    UNARY,      _,   0,  f64x2_ceil)                      \
    S(P, 117, F64X2_FLOOR,                   UNARY,      _,   0,  f64x2_floor)                     \
    S(P, 118, I8X16_MIN_S,                   BINARY,     _,   0,  i8x16_min_s)                     \
    S(P, 119, I8X16_MIN_U,                   BINARY,     _,   0,  i8x16_min_u)                     \
    S(P, 120, I8X16_MAX_S,                   BINARY,     _,   0,  i8x16_max_s)                     \
    S(P, 121, I8X16_MAX_U,                   BINARY,     _,   0,  i8x16_max_u)                     \
    S(P, 122, F64X2_TRUNC,                   UNARY,      _,   0,  f64x2_trunc)                     \
    S(P, 123, I8X16_AVGR_U,                  BINARY,     _,   0,  i8x16_avgr_u)                    \
    S(P, 124, I16X8_EXTADD_PAIRWISE_I8X16_S, UNARY,      _,   0,  i16x8_extadd_pairwise_i8x16_s)   \
    S(P, 125, I16X8_EXTADD_PAIRWISE_I8X16_U, UNARY,      _,   0,  i16x8_extadd_pairwise_i8x16_u)   \
    S(P, 126, I32X4_EXTADD_PAIRWISE_I16X8_S, UNARY,      _,   0,  i32x4_extadd_pairwise_i16x8_s)   \
    S(P, 127, I32X4_EXTADD_PAIRWISE_I16X8_U, UNARY,      _,   0,  i32x4_extadd_pairwise_i16x8_u)   \
    S(P, 128, I16X8_ABS,                     UNARY,      _,   0,  i16x8_abs)                       \
    S(P, 129, I16X8_NEG,                     UNARY,      _,   0,  i16x8_neg)                       \
    S(P, 130, I16X8_Q15MULR_SAT_S,           BINARY,     _,   0,  i16x8_q15mulr_sat_s)             \
    S(P, 131, I16X8_ALL_TRUE,                TEST,       _,   0,  i16x8_all_true)                  \
    S(P, 132, I16X8_BITMASK,                 TEST,       _,   0,  i16x8_bitmask)                   \
    S(P, 133, I16X8_NARROW_I32X4_S,          BINARY,     _,   0,  i16x8_narrow_i32x4_s)            \
    S(P, 134, I16X8_NARROW_I32X4_U,          BINARY,     _,   0,  i16x8_narrow_i32x4_u)            \
    S(P, 135, I16X8_EXTEND_LOW_I8X16_S,      UNARY,      _,   0,  i16x8_extend_low_i8x16_s)        \
    S(P, 136, I16X8_EXTEND_HIGH_I8X16_S,     UNARY,      _,   0,  i16x8_extend_high_i8x16_s)       \
    I(P, 137, I16X8_EXTEND_LOW_I8X16_U,      UNARY,      _,   0,  i16x8_extend_low_i8x16_u)        \
    S(P, 138, I16X8_EXTEND_HIGH_I8X16_U,     UNARY,      _,   0,  i16x8_extend_high_i8x16_u)       \
    S(P, 139, I16X8_SHL,                     SHIFT,      _,   0,  i16x8_shl)                       \
    S(P, 140, I16X8_SHR_S,                   SHIFT,      _,   0,  i16x8_shr_s)                     \
    S(P, 141, I16X8_SHR_U,                   SHIFT,      _,   0,  i16x8_shr_u)                     \
    I(P, 142, I16X8_ADD,                     BINARY,     _,   0,  i16x8_add)                       \
    S(P, 143, I16X8_ADD_SAT_S,               BINARY,     _,   0,  i16x8_add_sat_s)                 \
    S(P, 144, I16X8_ADD_SAT_U,               BINARY,     _,   0,  i16x8_add_sat_u)                 \
    I(P, 145, I16X8_SUB,                     BINARY,     _,   0,  i16x8_sub)                       \
    S(P, 146, I16X8_SUB_SAT_S,               BINARY,     _,   0,  i16x8_sub_sat_s)                 \
    S(P, 147, I16X8_SUB_SAT_U,               BINARY,     _,   0,  i16x8_sub_sat_u)                 \
    S(P, 148, F64X2_NEAREST,                 UNARY,      _,   0,  f64x2_nearest)                   \
    I(P, 149, I16X8_MUL,                     BINARY,     _,   0,  i16x8_mul)                       \
    S(P, 150, I16X8_MIN_S,                   BINARY,     _,   0,  i16x8_min_s)                     \
    S(P, 151, I16X8_MIN_U,                   BINARY,     _,   0,  i16x8_min_u)                     \
    S(P, 152, I16X8_MAX_S,                   BINARY,     _,   0,  i16x8_max_s)                     \
    S(P, 153, I16X8_MAX_U,                   BINARY,     _,   0,  i16x8_max_u)                     \
    S(P, 155, I16X8_AVGR_U,                  BINARY,     _,   0,  i16x8_avgr_u)                    \
    S(P, 156, I16X8_EXTMUL_LOW_I8X16_S,      BINARY,     _,   0,  i16x8_extmul_low_i8x16_s)        \
    S(P, 157, I16X8_EXTMUL_HIGH_I8X16_S,     BINARY,     _,   0,  i16x8_extmul_high_i8x16_s)       \
    S(P, 158, I16X8_EXTMUL_LOW_I8X16_U,      BINARY,     _,   0,  i16x8_extmul_low_i8x16_u)        \
    S(P, 159, I16X8_EXTMUL_HIGH_I8X16_U,     BINARY,     _,   0,  i16x8_extmul_high_i8x16_u)       \
    S(P, 160, I32X4_ABS,                     UNARY,      _,   0,  i32x4_abs)                       \
    S(P, 161, I32X4_NEG,                     UNARY,      _,   0,  i32x4_neg)                       \
    S(P, 163, I32X4_ALL_TRUE,                TEST,       _,   0,  i32x4_all_true)                  \
    S(P, 164, I32X4_BITMASK,                 TEST,       _,   0,  i32x4_bitmask)                   \
    S(P, 167, I32X4_EXTEND_LOW_I16X8_S,      UNARY,      _,   0,  i32x4_extend_low_i16x8_s)        \
    S(P, 168, I32X4_EXTEND_HIGH_I16X8_S,     UNARY,      _,   0,  i32x4_extend_high_i16x8_s)       \
    I(P, 169, I32X4_EXTEND_LOW_I16X8_U,      UNARY,      _,   0,  i32x4_extend_low_i16x8_u)        \
    S(P, 170, I32X4_EXTEND_HIGH_I16X8_U,     UNARY,      _,   0,  i32x4_extend_high_i16x8_u)       \
    I(P, 171, I32X4_SHL,                     SHIFT,      _,   0,  i32x4_shl)                       \
    I(P, 172, I32X4_SHR_S,                   SHIFT,      _,   0,  i32x4_shr_s)                     \
    I(P, 173, I32X4_SHR_U,                   SHIFT,      _,   0,  i32x4_shr_u)                     \
    I(P, 174, I32X4_ADD,                     BINARY,     _,   0,  i32x4_add)                       \
    I(P, 177, I32X4_SUB,                     BINARY,     _,   0,  i32x4_sub)                       \
    I(P, 181, I32X4_MUL,                     BINARY,     _,   0,  i32x4_mul)                       \
    S(P, 182, I32X4_MIN_S,                   BINARY,     _,   0,  i32x4_min_s)                     \
    S(P, 183, I32X4_MIN_U,                   BINARY,     _,   0,  i32x4_min_u)                     \
    S(P, 184, I32X4_MAX_S,                   BINARY,     _,   0,  i32x4_max_s)                     \
    S(P, 185, I32X4_MAX_U,                   BINARY,     _,   0,  i32x4_max_u)                     \
    S(P, 186, I32X4_DOT_I16X8_S,             BINARY,     _,   0,  i32x4_dot_i16x8_s)               \
    S(P, 188, I32X4_EXTMUL_LOW_I16X8_S,      BINARY,     _,   0,  i32x4_extmul_low_i16x8_s)        \
    S(P, 189, I32X4_EXTMUL_HIGH_I16X8_S,     BINARY,     _,   0,  i32x4_extmul_high_i16x8_s)       \
    S(P, 190, I32X4_EXTMUL_LOW_I16X8_U,      BINARY,     _,   0,  i32x4_extmul_low_i16x8_u)        \
    S(P, 191, I32X4_EXTMUL_HIGH_I16X8_U,     BINARY,     _,   0,  i32x4_extmul_high_i16x8_u)       \
    S(P, 192, I64X2_ABS,                     UNARY,      _,   0,  i64x2_abs)                       \
    S(P, 193, I64X2_NEG,                     UNARY,      _,   0,  i64x2_neg)                       \
    S(P, 195, I64X2_ALL_TRUE,                TEST,       _,   0,  i64x2_all_true)                  \
    S(P, 196, I64X2_BITMASK,                 TEST,       _,   0,  i64x2_bitmask)                   \
    S(P, 199, I64X2_EXTEND_LOW_I32X4_S,      UNARY,      _,   0,  i64x2_extend_low_i32x4_s)        \
    S(P, 200, I64X2_EXTEND_HIGH_I32X4_S,     UNARY,      _,   0,  i64x2_extend_high_i32x4_s)       \
    S(P, 201, I64X2_EXTEND_LOW_I32X4_U,      UNARY,      _,   0,  i64x2_extend_low_i32x4_u)        \
    S(P, 202, I64X2_EXTEND_HIGH_I32X4_U,     UNARY,      _,   0,  i64x2_extend_high_i32x4_u)       \
    I(P, 203, I64X2_SHL,                     SHIFT,      _,   0,  i64x2_shl)                       \
    S(P, 204, I64X2_SHR_S,                   SHIFT,      _,   0,  i64x2_shr_s)                     \
    I(P, 205, I64X2_SHR_U,                   SHIFT,      _,   0,  i64x2_shr_u)                     \
    I(P, 206, I64X2_ADD,                     BINARY,     _,   0,  i64x2_add)                       \
    I(P, 209, I64X2_SUB,                     BINARY,     _,   0,  i64x2_sub)                       \
    S(P, 213, I64X2_MUL,                     BINARY,     _,   0,  i64x2_mul)                       \
    S(P, 214, I64X2_EQ,                      BINARY,     _,   0,  i64x2_eq)                        \
    S(P, 215, I64X2_NE,                      BINARY,     _,   0,  i64x2_ne)                        \
    S(P, 216, I64X2_LT_S,                    BINARY,     _,   0,  i64x2_lt_s)                      \
    S(P, 217, I64X2_GT_S,                    BINARY,     _,   0,  i64x2_gt_s)                      \
    S(P, 218, I64X2_LE_S,                    BINARY,     _,   0,  i64x2_le_s)                      \
    S(P, 219, I64X2_GE_S,                    BINARY,     _,   0,  i64x2_ge_s)                      \
    S(P, 220, I64X2_EXTMUL_LOW_I32X4_S,      BINARY,     _,   0,  i64x2_extmul_low_i32x4_s)        \
    S(P, 221, I64X2_EXTMUL_HIGH_I32X4_S,     BINARY,     _,   0,  i64x2_extmul_high_i32x4_s)       \
    S(P, 222, I64X2_EXTMUL_LOW_I32X4_U,      BINARY,     _,   0,  i64x2_extmul_low_i32x4_u)        \
    S(P, 223, I64X2_EXTMUL_HIGH_I32X4_U,     BINARY,     _,   0,  i64x2_extmul_high_i32x4_u)       \
    S(P, 224, F32X4_ABS,                     UNARY,      _,   0,  f32x4_abs)                       \
    S(P, 225, F32X4_NEG,                     UNARY,      _,   0,  f32x4_neg)                       \
    S(P, 227, F32X4_SQRT,                    UNARY,      _,   0,  f32x4_sqrt)                      \
    I(P, 228, F32X4_ADD,                     BINARY,     _,   0,  f32x4_add)                       \
    I(P, 229, F32X4_SUB,                     BINARY,     _,   0,  f32x4_sub)                       \
    I(P, 230, F32X4_MUL,                     BINARY,     _,   0,  f32x4_mul)                       \
    I(P, 231, F32X4_DIV,                     BINARY,     _,   0,  f32x4_div)                       \
    S(P, 232, F32X4_MIN,                     BINARY,     _,   0,  f32x4_min)                       \
    S(P, 233, F32X4_MAX,                     BINARY,     _,   0,  f32x4_max)                       \
    S(P, 234, F32X4_PMIN,                    BINARY,     _,   0,  f32x4_pmin)                      \
    S(P, 235, F32X4_PMAX,                    BINARY,     _,   0,  f32x4_pmax)                      \
    S(P, 236, F64X2_ABS,                     UNARY,      _,   0,  f64x2_abs)                       \
    S(P, 237, F64X2_NEG,                     UNARY,      _,   0,  f64x2_neg)                       \
    S(P, 239, F64X2_SQRT,                    UNARY,      _,   0,  f64x2_sqrt)                      \
    I(P, 240, F64X2_ADD,                     BINARY,     _,   0,  f64x2_add)                       \
    I(P, 241, F64X2_SUB,                     BINARY,     _,   0,  f64x2_sub)                       \
    I(P, 242, F64X2_MUL,                     BINARY,     _,   0,  f64x2_mul)                       \
    I(P, 243, F64X2_DIV,                     BINARY,     _,   0,  f64x2_div)                       \
    S(P, 244, F64X2_MIN,                     BINARY,     _,   0,  f64x2_min)                       \
    S(P, 245, F64X2_MAX,                     BINARY,     _,   0,  f64x2_max)                       \
    S(P, 246, F64X2_PMIN,                    BINARY,     _,   0,  f64x2_pmin)                      \
    S(P, 247, F64X2_PMAX,                    BINARY,     _,   0,  f64x2_pmax)                      \
    S(P, 248, I32X4_TRUNC_SAT_F32X4_S,       UNARY,      _,   0,  i32x4_trunc_sat_f32x4_s)         \
    S(P, 249, I32X4_TRUNC_SAT_F32X4_U,       UNARY,      _,   0,  i32x4_trunc_sat_f32x4_u)         \
    S(P, 250, F32X4_CONVERT_I32X4_S,         UNARY,      _,   0,  f32x4_convert_i32x4_s)           \
    S(P, 251, F32X4_CONVERT_I32X4_U,         UNARY,      _,   0,  f32x4_convert_i32x4_u)           \
    S(P, 252, I32X4_TRUNC_SAT_F64X2_S_ZERO,  UNARY,      _,   0,  i32x4_trunc_sat_f64x2_s_zero)    \
    S(P, 253, I32X4_TRUNC_SAT_F64X2_U_ZERO,  UNARY,      _,   0,  i32x4_trunc_sat_f64x2_u_zero)    \
    S(P, 254, F64X2_CONVERT_LOW_I32X4_S,     UNARY,      _,   0,  f64x2_convert_low_i32x4_s)       \
    S(P, 255, F64X2_CONVERT_LOW_I32X4_U,     UNARY,      _,   0,  f64x2_convert_low_i32x4_u)

/* clang-format on */

#endif
