/* The interpreter's handlers as functions, for the compiled tier. This file is not part of the
 * library: the build compiles it with clang to LLVM bitcode (cmake/WardenLLVM.cmake), which the
 * library embeds; compiled code calls these functions and LLVM inlines them, with the
 * instruction's cells as constants. So an instruction means the same in both tiers by
 * construction: same NaN handling, same trapping conversions, same bounds checks.
 *
 * Every handler of a numeric, constant-operand, fused, compare-and-branch, load, store or SIMD
 * instruction becomes
 *     uint32_t wjh_NAME(uint64_t *fp, const wi_cell *pc, uint8_t *mem, uint64_t msize)
 * which returns 0, or the kind of the trap it raised; a compare-and-branch returns whether it
 * branches. Control, calls, globals, tables and bulk operations are built by src/llvm/ itself. */
#include <string.h>

/* Constants the compiled code holds must not let LLVM fold x * 1.0 into x: the operands of the
 * arithmetic operators go through an empty asm, which no optimisation sees through. */
static inline float wj_opaque_f32(float x)
{
#if defined(__x86_64__) || defined(__i386__)
    __asm__("" : "+x"(x));
#elif defined(__aarch64__)
    __asm__("" : "+w"(x));
#else
#error "the compiled tier's float barrier needs this CPU's register class"
#endif
    return x;
}
static inline double wj_opaque_f64(double x)
{
#if defined(__x86_64__) || defined(__i386__)
    __asm__("" : "+x"(x));
#elif defined(__aarch64__)
    __asm__("" : "+w"(x));
#endif
    return x;
}
#define WN_OPAQUE_F32(x) wj_opaque_f32(x)
#define WN_OPAQUE_F64(x) wj_opaque_f64(x)
/* The same for the lanes of a v128 (exec/simd_float.h). */
#if defined(__x86_64__) || defined(__i386__)
#define WS_OPAQUE_V128(v)                                                                          \
    __extension__({                                                                                \
        ws_v128 v_ = (v);                                                                          \
        __asm__("" : "+x"(v_.m));                                                                  \
        v_;                                                                                        \
    })
#endif

#define WS_SLOTS_BY_HALVES 1
#include "exec/numerics.h"
#include "exec/simd.h"
#include "isa/cell.h"
#include "isa/ops.h"
#include "warden.h"

#include "exec/dispatch.h"

#undef CASE
#undef NEXT
#undef TRAP
#undef JUMP
#define WJH_SIGNATURE(name)                                                                        \
    uint32_t wjh_##name(uint64_t *fp, const wi_cell *pc, uint8_t *mem, uint64_t msize)
#define CASE(name)                                                                                 \
    WJH_SIGNATURE(name);                                                                           \
    WJH_SIGNATURE(name)
#define NEXT() return 0
#define TRAP(k) return (uint32_t)(k)
#define JUMP(off) return 1

/* The SIMD handlers' tables and lane operations. */
#include "exec/simd.c"

#include "exec/handlers_numeric.inc"
#include "exec/handlers_simd.inc"
ACCESSES(LOAD, STORE, )
ACCESSES(LOAD_ADDK, STORE_ADDK, _ADDK)
UNARY(REF_IS_NULL, x == 0)
