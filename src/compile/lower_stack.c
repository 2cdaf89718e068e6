/* The value stack of the validation algorithm, kept lazily: an entry's value is not always at its
 * home slot. An entry may refer to a local (local.get emits no code) or hold a constant not yet
 * written anywhere; it is materialised, copied or written to its home, only when an instruction
 * needs it there (a call's arguments, the values at a block's boundaries) or before the local it
 * refers to is overwritten.
 *
 * The fresh-producer protocol, the one description of it (the files that take part point here).
 * Most instructions compute one value into the home of the entry they push. When the very next
 * instruction consumes that value, the two can often become one: local.set writes the local
 * directly instead of copying (lower_locals.c), a conditional branch compares and jumps at once
 * (lower_control.c), a load or store adds its address's constant itself (lower_memory.c), and an
 * f32/f64 add or subtract takes in the multiplication of its second operand (lower_variable.c).
 * The instruction that computed the value is its producer; it is fresh while the code still ends
 * just after it.
 *
 * - Recording: an emitter whose instruction writes its result through its first field (the
 *   destination slot) may call wl_note_producer just after emitting it. Only those that do are
 *   producers: constants written by wl_emit_const, select, global.get, the instructions lowered
 *   by wl_lower_numeric, loads, and some SIMD instructions with a scalar result. The state is
 *   L->producer_dst_cell (the destination's cell, 0 for none) and L->producer_end (where the code
 *   ended after it), checked against the code's end and the last instruction emitted, which emit.c
 *   records for every instruction (L->last_op, L->last_op_at).
 * - Asking: wl_fresh_producer(slot) is true when the producer is fresh and its destination is
 *   `slot`, the slot the consumer popped the value from. local.set and the fusions in
 *   lower_memory.c and lower_variable.c also check that this slot was the entry's home
 *   (wl_top_home before wl_pop): a value at its home is a temporary that nothing else reads.
 * - Using: only the consumer that asked may change the producer, and only in one of two ways. It
 *   retargets it, rewriting its destination field (local.set and local.tee, for a value of one
 *   slot), or it takes it back with wl_take_back, which removes it from the code, and emits one
 *   instruction doing the work of both, reading the producer's operands from its cells first.
 * - Forgetting: wl_forget_producer ends the freshness. wl_take_back does so; local.set and
 *   local.tee do after writing the local, since the value now lives there; and so does every
 *   label other code can reach: a loop's head, an `else`, the end of a block that a branch (or an
 *   `if` without `else`) reaches. Other paths join at a label, with the value put in the slot by
 *   their own moves, so the instruction before the label computed it on one path only: it must be
 *   neither retargeted nor taken back, even when no code (no FUEL instruction) separates it from
 *   what follows. */
#include <stdlib.h>

#include "compile/emit.h"
#include "compile/lower_ctx.h"
#include "isa/ops.h"

bool wl_grow_vals(wl_ctx *L)
{
    size_t cap = L->capvals ? (size_t)L->capvals * 2 : 64;
    if (cap > UINT32_MAX / 4) return wl_fail(L, "operand stack too deep");
    wl_val *v = realloc(L->vals, cap * sizeof *v);
    if (!v) return wl_oom(L);
    L->vals = v;
    L->capvals = (uint32_t)cap;
    return true;
}

/* local.get: an entry that refers to the local's slot; no code. */
void wl_push_local(wl_ctx *L, uint32_t x)
{
    wl_push(L, L->local_types[x]);
    if (L->failed) return;
    wl_val *v = &L->vals[L->nvals - 1];
    v->src = L->local_slot[x];
    v->local = x;
    v->next_ref = L->local_refs[x];
    L->local_refs[x] = L->nvals;
}

void wl_push_const(wl_ctx *L, uint8_t type, uint64_t bits)
{
    wl_push(L, type);
    if (L->failed) return;
    wl_val *v = &L->vals[L->nvals - 1];
    v->is_const = true;
    v->value = bits;
}

void wl_emit_const(wl_ctx *L, uint32_t dst, uint64_t value)
{
    uint32_t at = wl_emit_DK(L, WI_CONST, dst, value);
    wl_note_producer(L, at);
}

/* Moves an entry's value to its home. The caller keeps the local's reference list right. */
static void materialize(wl_ctx *L, wl_val *v)
{
    if (v->is_const) {
        if (wl_live(L)) wl_emit_const(L, v->home, v->value);
        v->is_const = false;
        return;
    }
    if (v->local == WL_NO_LOCAL) return;
    if (wl_live(L)) {
        wl_emit_copy(L, wd_slots(v->type), v->home, v->src);
    }
    v->src = v->home;
    v->local = WL_NO_LOCAL;
}

void wl_materialize_top(wl_ctx *L, uint32_t n)
{
    uint32_t floor = wl_top(L)->height;
    /* Top down: each referring entry is the newest reference to its local. */
    for (uint32_t i = L->nvals; i-- > 0 && n > 0 && i >= floor; n--) {
        wl_val *v = &L->vals[i];
        if (v->local != WL_NO_LOCAL) {
            L->local_refs[v->local] = v->next_ref;
            materialize(L, v);
        } else if (v->is_const) {
            materialize(L, v);
        }
    }
}

/* Before a block, loop or if begins: every entry of the current frame that still refers to a
 * local gets the value at its home. Code inside the new frame may assign the local on some paths
 * only (an arm, a loop iteration, the part before a br_if), and a copy emitted there would not
 * run on the others; the entries below the new frame are out of its reach, so materialising
 * them here, on the one path that enters it, is the only point that covers every path. Entries
 * of outer frames were materialised when the current frame began. */
void wl_materialize_frame_locals(wl_ctx *L)
{
    for (uint32_t i = wl_top(L)->height; i < L->nvals; i++) {
        if (L->vals[i].local != WL_NO_LOCAL) wl_materialize_local(L, L->vals[i].local);
    }
}

void wl_materialize_local(wl_ctx *L, uint32_t x)
{
    for (uint32_t ref = L->local_refs[x]; ref;) {
        wl_val *v = &L->vals[ref - 1];
        ref = v->next_ref;
        materialize(L, v);
    }
    L->local_refs[x] = 0;
}

/* Drops entries down to `height`, unlinking their local references. */
void wl_truncate_vals(wl_ctx *L, uint32_t height)
{
    while (L->nvals > height) {
        wl_val *v = &L->vals[--L->nvals];
        if (v->local != WL_NO_LOCAL) L->local_refs[v->local] = v->next_ref;
    }
}

uint32_t wl_top_home(const wl_ctx *L)
{
    return L->nvals ? L->vals[L->nvals - 1].home : 0;
}

const wl_val *wl_peek(wl_ctx *L)
{
    return L->nvals > wl_top(L)->height ? &L->vals[L->nvals - 1] : NULL;
}

void wl_pop_const(wl_ctx *L)
{
    wl_val *v = &L->vals[--L->nvals];
    L->sh = v->home;
}

/* Pops `n` values of the given types (last type on top); returns the slot of the first. */
uint32_t wl_pop_types(wl_ctx *L, const uint8_t *types, uint32_t n)
{
    uint32_t slot = L->sh;
    for (uint32_t i = n; i-- > 0;) wl_pop(L, types[i], &slot);
    return slot;
}

void wl_push_types(wl_ctx *L, const uint8_t *types, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) wl_push(L, types[i]);
}

/* ---------------------------------------------------------------------------------------------
 * Fresh producers (the protocol is described at the top of this file)
 * ------------------------------------------------------------------------------------------- */

void wl_note_producer(wl_ctx *L, uint32_t instr)
{
    L->producer_dst_cell = instr + 1;
    L->producer_end = L->ncode;
}

bool wl_fresh_producer(wl_ctx *L, uint32_t slot, uint32_t *instr, uint16_t *op)
{
    if (!L->producer_dst_cell || L->producer_end != L->ncode ||
        L->producer_dst_cell != L->last_op_at + 1 || L->code[L->producer_dst_cell].s.a != slot)
        return false;
    *instr = L->last_op_at;
    *op = L->last_op;
    return true;
}

void wl_take_back(wl_ctx *L, uint32_t instr)
{
    L->ncode = instr;
    wl_forget_producer(L);
}

void wl_forget_producer(wl_ctx *L)
{
    L->producer_dst_cell = 0;
}
