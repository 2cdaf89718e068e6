/* call and call_indirect: the arguments on top of the caller's operand stack become the first
 * slots of the callee's frame, and the results come back in the same place. */
#include "compile/emit.h"
#include "compile/lower_ctx.h"
#include "isa/ops.h"

void wl_op_call(wl_ctx *L)
{
    uint32_t f;
    if (!wl_read_u32(L, &f)) return;
    if (f >= L->m->nfuncs) {
        wl_fail(L, "unknown function");
        return;
    }
    const wd_functype *ft = &L->m->types[L->m->func_types[f]];
    wl_materialize_top(L, ft->nparams); /* the arguments become the callee's first slots */
    uint32_t base = wl_pop_types(L, ft->types, ft->nparams);
    if (wl_live(L)) {
        wl_emit_CALL(L, WI_CALL, f, base);
    }
    wl_push_types(L, ft->types + ft->nparams, ft->nresults);
}

void wl_op_call_indirect(wl_ctx *L)
{
    uint32_t y, x, idx;
    if (!wl_read_u32(L, &y) || !wl_read_u32(L, &x)) return;
    if (y >= L->m->ntypes) {
        wl_fail(L, "unknown type");
        return;
    }
    if (x >= L->m->ntables) {
        wl_fail(L, "unknown table");
        return;
    }
    if (L->m->tables[x].elem != WD_FUNCREF) {
        wl_fail(L, "type mismatch");
        return;
    }
    const wd_functype *ft = &L->m->types[y];
    wl_pop(L, WD_I32, &idx);
    wl_materialize_top(L, ft->nparams);
    uint32_t base = wl_pop_types(L, ft->types, ft->nparams);
    if (wl_live(L)) {
        wl_emit_CALL_IND(L, WI_CALL_INDIRECT, y, x, idx, base);
    }
    wl_push_types(L, ft->types + ft->nparams, ft->nresults);
}
