/* The SIMD instructions on frame slots: one small function per instruction, wrapping its lane
 * operation (exec/simd.h), in tables indexed by the instruction's 0xFD sub-opcode for the
 * interpreter's generic SIMD handlers (handlers_simd.inc). */
#include "util/cpu.h"
#include "exec/simd.h"

/* clang-format off */
#define WS_UNARY_OPS(X) \
    X(77, ws_v128_not) \
    X(94, ws_f32x4_demote_f64x2_zero) X(95, ws_f64x2_promote_low_f32x4) \
    X(96, ws_i8x16_abs) X(97, ws_i8x16_neg) X(98, ws_i8x16_popcnt) \
    X(103, ws_f32x4_ceil) X(104, ws_f32x4_floor) X(105, ws_f32x4_trunc) X(106, ws_f32x4_nearest) \
    X(116, ws_f64x2_ceil) X(117, ws_f64x2_floor) X(122, ws_f64x2_trunc) \
    X(124, ws_i16x8_extadd_pairwise_i8x16_s) X(125, ws_i16x8_extadd_pairwise_i8x16_u) \
    X(126, ws_i32x4_extadd_pairwise_i16x8_s) X(127, ws_i32x4_extadd_pairwise_i16x8_u) \
    X(128, ws_i16x8_abs) X(129, ws_i16x8_neg) \
    X(135, ws_i16x8_extend_low_i8x16_s) X(136, ws_i16x8_extend_high_i8x16_s) \
    X(137, ws_i16x8_extend_low_i8x16_u) X(138, ws_i16x8_extend_high_i8x16_u) \
    X(148, ws_f64x2_nearest) X(160, ws_i32x4_abs) X(161, ws_i32x4_neg) \
    X(167, ws_i32x4_extend_low_i16x8_s) X(168, ws_i32x4_extend_high_i16x8_s) \
    X(169, ws_i32x4_extend_low_i16x8_u) X(170, ws_i32x4_extend_high_i16x8_u) \
    X(192, ws_i64x2_abs) X(193, ws_i64x2_neg) \
    X(199, ws_i64x2_extend_low_i32x4_s) X(200, ws_i64x2_extend_high_i32x4_s) \
    X(201, ws_i64x2_extend_low_i32x4_u) X(202, ws_i64x2_extend_high_i32x4_u) \
    X(224, ws_f32x4_abs) X(225, ws_f32x4_neg) X(227, ws_f32x4_sqrt) \
    X(236, ws_f64x2_abs) X(237, ws_f64x2_neg) X(239, ws_f64x2_sqrt) \
    X(248, ws_i32x4_trunc_sat_f32x4_s) X(249, ws_i32x4_trunc_sat_f32x4_u) \
    X(250, ws_f32x4_convert_i32x4_s) X(251, ws_f32x4_convert_i32x4_u) \
    X(252, ws_i32x4_trunc_sat_f64x2_s_zero) X(253, ws_i32x4_trunc_sat_f64x2_u_zero) \
    X(254, ws_f64x2_convert_low_i32x4_s) X(255, ws_f64x2_convert_low_i32x4_u)

#define WS_BINARY_OPS(X) \
    X(14, ws_i8x16_swizzle) \
    X(35, ws_i8x16_eq) X(36, ws_i8x16_ne) X(37, ws_i8x16_lt_s) X(38, ws_i8x16_lt_u) \
    X(39, ws_i8x16_gt_s) X(40, ws_i8x16_gt_u) X(41, ws_i8x16_le_s) X(42, ws_i8x16_le_u) \
    X(43, ws_i8x16_ge_s) X(44, ws_i8x16_ge_u) \
    X(45, ws_i16x8_eq) X(46, ws_i16x8_ne) X(47, ws_i16x8_lt_s) X(48, ws_i16x8_lt_u) \
    X(49, ws_i16x8_gt_s) X(50, ws_i16x8_gt_u) X(51, ws_i16x8_le_s) X(52, ws_i16x8_le_u) \
    X(53, ws_i16x8_ge_s) X(54, ws_i16x8_ge_u) \
    X(55, ws_i32x4_eq) X(56, ws_i32x4_ne) X(57, ws_i32x4_lt_s) X(58, ws_i32x4_lt_u) \
    X(59, ws_i32x4_gt_s) X(60, ws_i32x4_gt_u) X(61, ws_i32x4_le_s) X(62, ws_i32x4_le_u) \
    X(63, ws_i32x4_ge_s) X(64, ws_i32x4_ge_u) \
    X(65, ws_f32x4_eq) X(66, ws_f32x4_ne) X(67, ws_f32x4_lt) X(68, ws_f32x4_gt) \
    X(69, ws_f32x4_le) X(70, ws_f32x4_ge) \
    X(71, ws_f64x2_eq) X(72, ws_f64x2_ne) X(73, ws_f64x2_lt) X(74, ws_f64x2_gt) \
    X(75, ws_f64x2_le) X(76, ws_f64x2_ge) \
    X(78, ws_v128_and) X(79, ws_v128_andnot) X(80, ws_v128_or) X(81, ws_v128_xor) \
    X(101, ws_i8x16_narrow_i16x8_s) X(102, ws_i8x16_narrow_i16x8_u) \
    X(110, ws_i8x16_add) X(111, ws_i8x16_add_sat_s) X(112, ws_i8x16_add_sat_u) \
    X(113, ws_i8x16_sub) X(114, ws_i8x16_sub_sat_s) X(115, ws_i8x16_sub_sat_u) \
    X(118, ws_i8x16_min_s) X(119, ws_i8x16_min_u) X(120, ws_i8x16_max_s) \
    X(121, ws_i8x16_max_u) X(123, ws_i8x16_avgr_u) \
    X(130, ws_i16x8_q15mulr_sat_s) \
    X(133, ws_i16x8_narrow_i32x4_s) X(134, ws_i16x8_narrow_i32x4_u) \
    X(142, ws_i16x8_add) X(143, ws_i16x8_add_sat_s) X(144, ws_i16x8_add_sat_u) \
    X(145, ws_i16x8_sub) X(146, ws_i16x8_sub_sat_s) X(147, ws_i16x8_sub_sat_u) \
    X(149, ws_i16x8_mul) X(150, ws_i16x8_min_s) X(151, ws_i16x8_min_u) \
    X(152, ws_i16x8_max_s) X(153, ws_i16x8_max_u) X(155, ws_i16x8_avgr_u) \
    X(156, ws_i16x8_extmul_low_i8x16_s) X(157, ws_i16x8_extmul_high_i8x16_s) \
    X(158, ws_i16x8_extmul_low_i8x16_u) X(159, ws_i16x8_extmul_high_i8x16_u) \
    X(174, ws_i32x4_add) X(177, ws_i32x4_sub) X(181, ws_i32x4_mul) \
    X(182, ws_i32x4_min_s) X(183, ws_i32x4_min_u) X(184, ws_i32x4_max_s) \
    X(185, ws_i32x4_max_u) X(186, ws_i32x4_dot_i16x8_s) \
    X(188, ws_i32x4_extmul_low_i16x8_s) X(189, ws_i32x4_extmul_high_i16x8_s) \
    X(190, ws_i32x4_extmul_low_i16x8_u) X(191, ws_i32x4_extmul_high_i16x8_u) \
    X(206, ws_i64x2_add) X(209, ws_i64x2_sub) X(213, ws_i64x2_mul) \
    X(214, ws_i64x2_eq) X(215, ws_i64x2_ne) X(216, ws_i64x2_lt_s) X(217, ws_i64x2_gt_s) \
    X(218, ws_i64x2_le_s) X(219, ws_i64x2_ge_s) \
    X(220, ws_i64x2_extmul_low_i32x4_s) X(221, ws_i64x2_extmul_high_i32x4_s) \
    X(222, ws_i64x2_extmul_low_i32x4_u) X(223, ws_i64x2_extmul_high_i32x4_u) \
    X(228, ws_f32x4_add) X(229, ws_f32x4_sub) X(230, ws_f32x4_mul) X(231, ws_f32x4_div) \
    X(232, ws_f32x4_min) X(233, ws_f32x4_max) X(234, ws_f32x4_pmin) X(235, ws_f32x4_pmax) \
    X(240, ws_f64x2_add) X(241, ws_f64x2_sub) X(242, ws_f64x2_mul) X(243, ws_f64x2_div) \
    X(244, ws_f64x2_min) X(245, ws_f64x2_max) X(246, ws_f64x2_pmin) X(247, ws_f64x2_pmax)

#define WS_TEST_OPS(X) \
    X(83, ws_v128_any_true) X(99, ws_i8x16_all_true) X(100, ws_i8x16_bitmask) \
    X(131, ws_i16x8_all_true) X(132, ws_i16x8_bitmask) X(163, ws_i32x4_all_true) \
    X(164, ws_i32x4_bitmask) X(195, ws_i64x2_all_true) X(196, ws_i64x2_bitmask)

#define WS_SHIFT_OPS(X) \
    X(107, ws_i8x16_shl) X(108, ws_i8x16_shr_s) X(109, ws_i8x16_shr_u) \
    X(139, ws_i16x8_shl) X(140, ws_i16x8_shr_s) X(141, ws_i16x8_shr_u) \
    X(171, ws_i32x4_shl) X(172, ws_i32x4_shr_s) X(173, ws_i32x4_shr_u) \
    X(203, ws_i64x2_shl) X(204, ws_i64x2_shr_s) X(205, ws_i64x2_shr_u)

/* f32x4/f64x2 splat, extract_lane and replace_lane move bits like their integer twins. */
#define WS_SPLAT_OPS(X) \
    X(15, ws_i8x16_splat) X(16, ws_i16x8_splat) X(17, ws_i32x4_splat) X(18, ws_i64x2_splat) \
    X(19, ws_i32x4_splat) X(20, ws_i64x2_splat)
/* clang-format on */

#define WS_WRAP_UNARY(sub, fn)                                                                     \
    static void ws_unary_##sub(uint64_t *dst, const uint64_t *a)                                   \
    {                                                                                              \
        ws_put(dst, fn(ws_get(a)));                                                                \
    }
#define WS_WRAP_BINARY(sub, fn)                                                                    \
    static void ws_binary_##sub(uint64_t *dst, const uint64_t *a, const uint64_t *b)               \
    {                                                                                              \
        ws_put(dst, fn(ws_get(a), ws_get(b)));                                                     \
    }
#define WS_WRAP_TEST(sub, fn)                                                                      \
    static uint32_t ws_test_##sub(const uint64_t *a)                                               \
    {                                                                                              \
        return fn(ws_get(a));                                                                      \
    }
#define WS_WRAP_SHIFT(sub, fn)                                                                     \
    static void ws_shift_##sub(uint64_t *dst, const uint64_t *a, uint32_t n)                       \
    {                                                                                              \
        ws_put(dst, fn(ws_get(a), n));                                                             \
    }
#define WS_WRAP_SPLAT(sub, fn)                                                                     \
    static void ws_splat_##sub(uint64_t *dst, uint64_t x)                                          \
    {                                                                                              \
        ws_put(dst, fn(x));                                                                        \
    }

WS_UNARY_OPS(WS_WRAP_UNARY)
WS_BINARY_OPS(WS_WRAP_BINARY)
WS_TEST_OPS(WS_WRAP_TEST)
WS_SHIFT_OPS(WS_WRAP_SHIFT)
WS_SPLAT_OPS(WS_WRAP_SPLAT)

#define WS_ENTRY(prefix, sub) [sub] = prefix##sub,
#define WS_ENTRY_UNARY(sub, fn) WS_ENTRY(ws_unary_, sub)
#define WS_ENTRY_BINARY(sub, fn) WS_ENTRY(ws_binary_, sub)
#define WS_ENTRY_TEST(sub, fn) WS_ENTRY(ws_test_, sub)
#define WS_ENTRY_SHIFT(sub, fn) WS_ENTRY(ws_shift_, sub)
#define WS_ENTRY_SPLAT(sub, fn) WS_ENTRY(ws_splat_, sub)

const ws_unary_fn ws_unary_fns[256] = {WS_UNARY_OPS(WS_ENTRY_UNARY)};
const ws_binary_fn ws_binary_fns[256] = {WS_BINARY_OPS(WS_ENTRY_BINARY)};
const ws_test_fn ws_test_fns[256] = {WS_TEST_OPS(WS_ENTRY_TEST)};
const ws_shift_fn ws_shift_fns[256] = {WS_SHIFT_OPS(WS_ENTRY_SHIFT)};
const ws_splat_fn ws_splat_fns[256] = {WS_SPLAT_OPS(WS_ENTRY_SPLAT)};

/* extract_lane: the lane zero-extended to its slot, or sign-extended to 32 bits for _s. */
static uint64_t ws_extract_21(const uint64_t *a, uint32_t lane)
{
    return wn_i32_extend8_s(ws_get(a).u8[lane]);
}
static uint64_t ws_extract_22(const uint64_t *a, uint32_t lane)
{
    return ws_get(a).u8[lane];
}
static uint64_t ws_extract_24(const uint64_t *a, uint32_t lane)
{
    return wn_i32_extend16_s(ws_get(a).u16[lane]);
}
static uint64_t ws_extract_25(const uint64_t *a, uint32_t lane)
{
    return ws_get(a).u16[lane];
}
static uint64_t ws_extract_27(const uint64_t *a, uint32_t lane)
{
    return ws_get(a).u32[lane];
}
static uint64_t ws_extract_29(const uint64_t *a, uint32_t lane)
{
    return ws_get(a).u64[lane];
}

const ws_extract_fn ws_extract_fns[256] = {
    [21] = ws_extract_21, [22] = ws_extract_22, [24] = ws_extract_24, [25] = ws_extract_25,
    [27] = ws_extract_27, [29] = ws_extract_29, [31] = ws_extract_27, [33] = ws_extract_29,
};

#define WS_REPLACE(sub, f, T)                                                                      \
    static void ws_replace_##sub(uint64_t *dst, const uint64_t *a, uint64_t x, uint32_t lane)      \
    {                                                                                              \
        ws_v128 v = ws_get(a);                                                                     \
        v.f[lane] = (T)x;                                                                          \
        ws_put(dst, v);                                                                            \
    }
WS_REPLACE(23, u8, uint8_t)
WS_REPLACE(26, u16, uint16_t)
WS_REPLACE(28, u32, uint32_t)
WS_REPLACE(30, u64, uint64_t)

const ws_replace_fn ws_replace_fns[256] = {
    [23] = ws_replace_23, [26] = ws_replace_26, [28] = ws_replace_28,
    [30] = ws_replace_30, [32] = ws_replace_28, [34] = ws_replace_30,
};

/* v128.loadN_*: the loaded bytes sit in the low bytes of a, the rest are zero. */
static void ws_load_zero(uint64_t *dst, const uint64_t *a)
{
    ws_put(dst, ws_get(a));
}
static void ws_load_splat8(uint64_t *dst, const uint64_t *a)
{
    ws_put(dst, ws_i8x16_splat(a[0]));
}
static void ws_load_splat16(uint64_t *dst, const uint64_t *a)
{
    ws_put(dst, ws_i16x8_splat(a[0]));
}
static void ws_load_splat32(uint64_t *dst, const uint64_t *a)
{
    ws_put(dst, ws_i32x4_splat(a[0]));
}
static void ws_load_splat64(uint64_t *dst, const uint64_t *a)
{
    ws_put(dst, ws_i64x2_splat(a[0]));
}

const ws_unary_fn ws_load_fns[256] = {
    [1] = ws_unary_135,    [2] = ws_unary_137,     [3] = ws_unary_167,   [4] = ws_unary_169,
    [5] = ws_unary_199,    [6] = ws_unary_201,     [7] = ws_load_splat8, [8] = ws_load_splat16,
    [9] = ws_load_splat32, [10] = ws_load_splat64, [92] = ws_load_zero,  [93] = ws_load_zero,
};

#ifdef WD_SSSE3_AT_RUN_TIME
#include <tmmintrin.h>

__attribute__((target("ssse3"))) void ws_shuffle_ssse3(uint64_t *dst, const uint64_t *a,
                                                       const uint64_t *b, const uint64_t *lanes)
{
    __m128i va = _mm_loadu_si128((const __m128i *)(const void *)a);
    __m128i vb = _mm_loadu_si128((const __m128i *)(const void *)b);
    __m128i i =
        _mm_and_si128(_mm_loadu_si128((const __m128i *)(const void *)lanes), _mm_set1_epi8(31));
    /* Each source picks its lanes; an index of the other source gets the top bit and picks 0. */
    __m128i from_a = _mm_or_si128(i, _mm_cmpgt_epi8(i, _mm_set1_epi8(15)));
    __m128i from_b =
        _mm_or_si128(_mm_sub_epi8(i, _mm_set1_epi8(16)), _mm_cmplt_epi8(i, _mm_set1_epi8(16)));
    __m128i r = _mm_or_si128(_mm_shuffle_epi8(va, from_a), _mm_shuffle_epi8(vb, from_b));
    _mm_storeu_si128((__m128i *)(void *)dst, r);
}
#else
/* Either the build targets SSSE3 already, or the CPU is not x86: never chosen (util/cpu.h). */

void ws_shuffle_ssse3(uint64_t *dst, const uint64_t *a, const uint64_t *b, const uint64_t *lanes)
{
    ws_put(dst, ws_i8x16_shuffle(ws_get(a), ws_get(b), ws_get(lanes)));
}
#endif
