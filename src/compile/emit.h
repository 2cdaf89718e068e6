/* The typed emitters: one function per layout of isa/layouts.h, made from its rows, so an
 * instruction is always emitted whole and with its fields where the handlers read them:
 *   uint32_t wl_emit_DAB(wl_ctx *L, wi_op op, uint32_t dst, uint32_t a, uint32_t b);
 * Each takes the instruction and its fields in layout order (32-bit fields as uint32_t, 64-bit
 * cells as uint64_t) and returns the index of the instruction's first cell (0 after a failure,
 * which is recorded in L). A TARGET field is usually given as 0 and linked afterwards
 * (lower_control.c). An instruction of another layout is refused, as a failure of the lowering. */
#ifndef WARDEN_COMPILE_EMIT_H
#define WARDEN_COMPILE_EMIT_H

#include "compile/lower_ctx.h"
#include "isa/ops.h"

/* Appends an instruction of `cells` zeroed cells with op's handler in the first; NULL when the
 * code cannot grow, or when op's layout is not `layout` (emit.c). */
wi_cell *wl_emit_cells(wl_ctx *L, wi_op op, wi_layout layout, uint32_t cells);

#define WL_PTYPE_A1 uint32_t
#define WL_PTYPE_B1 uint32_t
#define WL_PTYPE_A2 uint32_t
#define WL_PTYPE_B2 uint32_t
#define WL_PTYPE_A3 uint32_t
#define WL_PTYPE_B3 uint32_t
#define WL_PTYPE_A4 uint32_t
#define WL_PTYPE_W1 uint64_t
#define WL_PTYPE_W2 uint64_t
#define WL_PTYPE_W3 uint64_t
#define WL_PTYPE_W4 uint64_t
#define WL_PUT_A1(c, v) (c)[1].s.a = (v)
#define WL_PUT_B1(c, v) (c)[1].s.b = (v)
#define WL_PUT_A2(c, v) (c)[2].s.a = (v)
#define WL_PUT_B2(c, v) (c)[2].s.b = (v)
#define WL_PUT_A3(c, v) (c)[3].s.a = (v)
#define WL_PUT_B3(c, v) (c)[3].s.b = (v)
#define WL_PUT_A4(c, v) (c)[4].s.a = (v)
#define WL_PUT_W1(c, v) (c)[1].u64 = (v)
#define WL_PUT_W2(c, v) (c)[2].u64 = (v)
#define WL_PUT_W3(c, v) (c)[3].u64 = (v)
#define WL_PUT_W4(c, v) (c)[4].u64 = (v)

#define WL_EMIT_PARAM(L, field, pos, kind) , WL_PTYPE_##pos field
#define WL_EMIT_PUT(L, field, pos, kind) WL_PUT_##pos(cell_, field);
#define WL_EMITTER(name, cells, shape)                                                             \
    static inline uint32_t wl_emit_##name(wl_ctx *L,                                               \
                                          wi_op op_ WI_FIELDS_##name(WL_EMIT_PARAM, name))         \
    {                                                                                              \
        wi_cell *cell_ = wl_emit_cells(L, op_, WI_LAYOUT_##name, cells);                           \
        if (!cell_) return 0;                                                                      \
        WI_FIELDS_##name(WL_EMIT_PUT, name) return (uint32_t)(cell_ - L->code);                    \
    }
WI_LAYOUTS(WL_EMITTER)
#undef WL_EMITTER
#undef WL_EMIT_PUT
#undef WL_EMIT_PARAM

#endif
