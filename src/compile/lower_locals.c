/* The function's locals: their declarations, which give each its slot, and local.get, local.set
 * and local.tee. local.get emits no code (its entry refers to the local: lower_stack.c). */
#include <stdlib.h>

#include "compile/lower_ctx.h"

bool wl_read_locals(wl_ctx *L, const wd_functype *ft)
{
    uint32_t ngroups;
    if (!wl_read_u32(L, &ngroups)) return false;
    size_t after_groups = L->r.pos;
    uint64_t total = ft->nparams;
    /* First pass: count, so the arrays are sized once and a huge count is refused before any
     * allocation. */
    for (uint32_t g = 0; g < ngroups; g++) {
        uint32_t count;
        size_t at = L->r.pos;
        if (!wl_read_u32(L, &count)) return false;
        total += count;
        if (total > WL_MAX_LOCALS) return wl_malformed_at(L, at, "too many locals");
        if (L->r.pos >= L->r.end) return wl_malformed_at(L, L->r.pos, "unexpected end");
        uint8_t t = L->r.base[L->r.pos++];
        if (!wl_is_valtype(t)) return wl_malformed_at(L, L->r.pos - 1, "malformed value type");
    }
    L->nlocals = (uint32_t)total;
    L->local_types = malloc(total ? total : 1);
    L->local_slot = malloc((total ? total : 1) * sizeof *L->local_slot);
    L->local_refs = calloc(total ? total : 1, sizeof *L->local_refs);
    if (!L->local_types || !L->local_slot || !L->local_refs) return wl_oom(L);
    uint32_t slot = 0, i = 0;
    for (; i < ft->nparams; i++) {
        L->local_types[i] = ft->types[i];
        L->local_slot[i] = slot;
        slot += wd_slots(ft->types[i]);
    }
    L->r.pos = after_groups;
    for (uint32_t g = 0; g < ngroups; g++) {
        uint32_t count;
        wl_read_u32(L, &count);
        uint8_t t = L->r.base[L->r.pos++];
        for (uint32_t k = 0; k < count; k++, i++) {
            L->local_types[i] = t;
            L->local_slot[i] = slot;
            slot += wd_slots(t);
        }
    }
    L->local_slots = slot;
    return true;
}

static bool read_local(wl_ctx *L, uint32_t *x)
{
    if (!wl_read_u32(L, x)) return false;
    if (*x >= L->nlocals) return wl_fail(L, "unknown local");
    return true;
}

void wl_op_local(wl_ctx *L, uint8_t opcode)
{
    uint32_t x, slot;
    if (!read_local(L, &x)) return;
    uint8_t t = L->local_types[x];
    uint32_t dst = L->local_slot[x];
    if (opcode == 0x20) { /* local.get: no code, the entry refers to the local */
        wl_push_local(L, x);
        return;
    }
    /* local.set / local.tee. The popped value sits at its home when it was just computed: then
     * the instruction that computed it can write the local directly (it is retargeted, as a
     * fresh producer: lower_stack.c). */
    const wl_val *top = wl_peek(L);
    if (top && top->is_const && top->type == t && wd_slots(t) == 1) {
        /* A constant goes straight into the local. */
        uint64_t value = top->value;
        wl_pop_const(L);
        if (L->local_refs[x]) wl_materialize_local(L, x);
        if (wl_live(L)) wl_emit_const(L, dst, value);
        wl_forget_producer(L);
        if (opcode == 0x22) wl_push_local(L, x);
        return;
    }
    uint32_t home = wl_top_home(L), at = 0;
    uint16_t op;
    wl_pop(L, t, &slot);
    bool fresh = slot == home && wl_fresh_producer(L, slot, &at, &op);
    if (L->local_refs[x]) {
        /* Entries still reading the local's old value get their own copy first. */
        wl_materialize_local(L, x);
        fresh = false;
    }
    if (wl_live(L) && slot != dst) {
        if (fresh && wd_slots(t) == 1) {
            L->code[at + 1].s.a = dst;
        } else {
            wl_emit_copy(L, wd_slots(t), dst, slot);
        }
    }
    wl_forget_producer(L);
    if (opcode == 0x22) wl_push_local(L, x); /* local.tee: the value is the local's now */
}
