/* Emission and branch linking: the code buffer the lowering appends to, the typed emitters'
 * common part (compile/emit.h), and the lists through which forward branches learn their target.
 *
 * A branch target is stored as the signed distance in cells from the branch instruction's first
 * cell. A branch to a loop knows its target when it is emitted; a forward branch does not: its
 * target cell holds the instruction's first cell (a) and the next entry of its frame's patch list
 * (b: a cell index + 1, 0 ends the list) until the frame's end is reached. */
#include <stdlib.h>

#include "compile/emit.h"

bool wl_reserve(wl_ctx *L, uint32_t n)
{
    if (L->ncode + n <= L->capcode) return true;
    size_t cap = L->capcode ? L->capcode : 64;
    while (cap < (size_t)L->ncode + n) cap *= 2;
    if (cap > UINT32_MAX / 2) return wl_fail(L, "function too large");
    wi_cell *c = realloc(L->code, cap * sizeof *c);
    if (!c) return wl_oom(L);
    L->code = c;
    L->capcode = (uint32_t)cap;
    return true;
}

wi_cell *wl_emit_cells(wl_ctx *L, wi_op op, wi_layout layout, uint32_t cells)
{
    if (wi_op_layout(op) != layout) {
        wl_fail(L, "internal error: an instruction emitted with another layout");
        return NULL;
    }
    if (!wl_reserve(L, cells)) return NULL;
    uint32_t at = L->ncode;
    wi_cell *c = &L->code[at];
    for (uint32_t i = 1; i < cells; i++) c[i].u64 = 0;
    if (L->handlers)
        c->handler = L->handlers[op];
    else
        c->op = op;
    L->ncode += cells;
    /* The last instruction emitted, for the fresh-producer protocol (lower_stack.c). */
    L->last_op = (uint16_t)op;
    L->last_op_at = at;
    return c;
}

uint32_t wl_emit_copy(wl_ctx *L, uint32_t width, uint32_t dst, uint32_t src)
{
    return width == 2 ? wl_emit_DV(L, WI_COPY2, dst, src) : wl_emit_DA(L, WI_COPY, dst, src);
}

void wl_set_target(wl_ctx *L, uint32_t cell, uint32_t instr, uint32_t target)
{
    L->code[cell].u64 = (uint64_t)((int64_t)target - (int64_t)instr);
}

void wl_link_target(wl_ctx *L, wl_frame *f, uint32_t instr, uint32_t cell)
{
    if (L->failed) return;
    if (f->kind == WL_LOOP) {
        wl_set_target(L, cell, instr, f->label);
    } else {
        L->code[cell].s.a = instr;
        L->code[cell].s.b = f->patches;
        f->patches = cell + 1;
    }
}

void wl_patch_list(wl_ctx *L, uint32_t head, uint32_t target)
{
    while (head) {
        uint32_t cell = head - 1;
        uint32_t instr = L->code[cell].s.a;
        head = L->code[cell].s.b;
        wl_set_target(L, cell, instr, target);
    }
}
