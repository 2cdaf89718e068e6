/* Function-body validation fused with lowering to internal code.
 *
 * One pass over the body's bytes runs the spec's validation algorithm (appendix "Validation
 * Algorithm": a value stack of types and a control stack of frames) and, for every reachable
 * instruction, emits internal code whose operands are frame slots. A value's slot is fixed by its
 * position on the value stack, so lowering needs no register allocation: the slot of stack entry
 * i is the sum of the widths of the entries below it, offset by the function's locals. */
#include <stdlib.h>
#include <string.h>

#include "compile/code.h"
#include "compile/emit.h"
#include "compile/lower_ctx.h"
#include "compile/numeric_sig.h"
#include "isa/ops.h"
#include "util/progress.h"

/* ---------------------------------------------------------------------------------------------
 * Failure
 * ------------------------------------------------------------------------------------------- */

bool wl_fail_at(wl_ctx *L, size_t offset, const char *msg)
{
    if (!L->failed) {
        L->failed = true;
        L->err->offset = offset;
        snprintf(L->err->message, sizeof L->err->message, "%s", msg);
    }
    return false;
}

bool wl_fail(wl_ctx *L, const char *msg)
{
    return wl_fail_at(L, L->instr_offset, msg);
}

bool wl_oom(wl_ctx *L)
{
    if (!L->failed) L->err->oom = true;
    return wl_fail(L, "out of memory");
}

/* ---------------------------------------------------------------------------------------------
 * Emission
 * ------------------------------------------------------------------------------------------- */

static void emit_const(wl_ctx *L, uint32_t dst, uint64_t value)
{
    uint32_t at = wl_emit_DK(L, WI_CONST, dst, value);
    wl_note_producer(L, at);
}

/* Copies the values of the top `n` stack entries to the slots starting at `dst` (a label's
 * slots, or 0 for the function's results). Every source is a local (below any label slot) or the
 * entry's own home, which is at or above its destination, so copying upward never overwrites a
 * value still to be read. */
static void emit_moves(wl_ctx *L, uint32_t dst, uint32_t n)
{
    /* Results go to slots 0.., where the parameters and locals live: a local read by one result
     * could be overwritten by an earlier one. Such values are first copied to their homes. */
    uint32_t end = dst;
    for (uint32_t i = L->nvals - n; i < L->nvals; i++) end += wd_slots(L->vals[i].type);
    bool hazard = false;
    uint32_t d = dst;
    for (uint32_t i = L->nvals - n; i < L->nvals; i++) {
        const wl_val *v = &L->vals[i];
        if (!v->is_const && v->src < end && v->src != d && v->src != v->home) hazard = true;
        d += wd_slots(v->type);
    }
    for (int pass = hazard ? 0 : 1; pass < 2; pass++) {
        d = dst;
        for (uint32_t i = L->nvals - n; i < L->nvals; i++) {
            const wl_val *v = &L->vals[i];
            uint32_t w = wd_slots(v->type);
            uint32_t src = v->src;
            if (v->is_const) {
                if (pass == 1) emit_const(L, d, v->value);
                d += w;
                continue;
            }
            bool parked = hazard && src < end && src != d && src != v->home;
            if (pass == 0 && parked) {
                wl_emit_copy(L, w, v->home, src);
            }
            if (pass == 1) {
                if (parked) src = v->home;
                if (src != d) {
                    wl_emit_copy(L, w, d, src);
                }
            }
            d += w;
        }
    }
}

static bool needs_moves(const wl_ctx *L, uint32_t dst, uint32_t n)
{
    for (uint32_t i = L->nvals - n; i < L->nvals; i++) {
        if (L->vals[i].src != dst || L->vals[i].is_const) return true;
        dst += wd_slots(L->vals[i].type);
    }
    return false;
}

static uint32_t types_slots(const uint8_t *types, uint32_t n)
{
    uint32_t s = 0;
    for (uint32_t i = 0; i < n; i++) s += wd_slots(types[i]);
    return s;
}

/* ---------------------------------------------------------------------------------------------
 * Fuel: a basic block begins at the function's entry, at every label a branch can reach and after
 * every conditional branch. Its first instruction charges the costs of all its instructions, so
 * metering costs one cheap instruction per block and the count is exact for every run that does
 * not trap.
 * ------------------------------------------------------------------------------------------- */

void wl_begin_block(wl_ctx *L)
{
    L->seg_cost = 0;
    if (!L->fuel || !wl_live(L)) return;
    uint32_t at = wl_emit_FUEL(L, WI_FUEL, 0);
    if (!L->failed) L->seg_cost = at + WI_AT_FUEL_cost;
}

void wl_charge(wl_ctx *L, uint64_t cost)
{
    if (L->fuel && L->seg_cost && cost && wl_live(L)) L->code[L->seg_cost].u64 += cost;
}

/* Removes the last block's FUEL instruction when nothing in the block costs anything. */
static void drop_empty_block(wl_ctx *L)
{
    if (L->seg_cost && L->seg_cost == L->ncode - 1 && L->code[L->seg_cost].u64 == 0) {
        L->ncode -= WI_LEN_FUEL;
        L->seg_cost = 0;
    }
}

/* ---------------------------------------------------------------------------------------------
 * The value stack
 * ------------------------------------------------------------------------------------------- */

static bool grow_vals(wl_ctx *L)
{
    size_t cap = L->capvals ? (size_t)L->capvals * 2 : 64;
    if (cap > UINT32_MAX / 4) return wl_fail(L, "operand stack too deep");
    wl_val *v = realloc(L->vals, cap * sizeof *v);
    if (!v) return wl_oom(L);
    L->vals = v;
    L->capvals = (uint32_t)cap;
    return true;
}

/* Pushes a value of `type` (WL_UNKNOWN allowed) and returns its home slot. */
uint32_t wl_push(wl_ctx *L, uint8_t type)
{
    if (L->nvals == L->capvals && !grow_vals(L)) return 0;
    uint32_t slot = L->sh;
    wl_val *v = &L->vals[L->nvals++];
    v->type = type;
    v->home = v->src = slot;
    v->local = WL_NO_LOCAL;
    v->next_ref = 0;
    v->is_const = false;
    v->value = 0;
    L->sh += wd_slots(type);
    if (L->sh > L->max_sh) L->max_sh = L->sh;
    return slot;
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

wl_frame *wl_top(wl_ctx *L)
{
    return &L->ctrls[L->nctrls - 1];
}

/* Moves an entry's value to its home. The caller keeps the local's reference list right. */
static void materialize(wl_ctx *L, wl_val *v)
{
    if (v->is_const) {
        if (wl_live(L)) emit_const(L, v->home, v->value);
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
static void materialize_frame_locals(wl_ctx *L)
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
static void truncate_vals(wl_ctx *L, uint32_t height)
{
    while (L->nvals > height) {
        wl_val *v = &L->vals[--L->nvals];
        if (v->local != WL_NO_LOCAL) L->local_refs[v->local] = v->next_ref;
    }
}

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
    L->producer_dst_cell = 0;
}

uint32_t wl_top_home(const wl_ctx *L)
{
    return L->nvals ? L->vals[L->nvals - 1].home : 0;
}

/* Pops a value; `expect` is a type or WL_ANY. Returns its actual type (WL_UNKNOWN from the
 * polymorphic stack) and the slot holding it (*slot may be NULL). */
uint8_t wl_pop(wl_ctx *L, uint8_t expect, uint32_t *slot)
{
    wl_frame *f = wl_top(L);
    if (slot) *slot = L->sh;
    if (L->nvals == f->height) {
        if (f->unreachable) return WL_UNKNOWN;
        wl_fail(L, "type mismatch");
        return WL_UNKNOWN;
    }
    wl_val v = L->vals[--L->nvals];
    if (v.local != WL_NO_LOCAL) L->local_refs[v.local] = v.next_ref;
    L->sh = v.home;
    if (v.is_const && wl_live(L)) emit_const(L, v.home, v.value);
    if (slot) *slot = v.src;
    if (expect != WL_ANY && v.type != expect && v.type != WL_UNKNOWN) {
        wl_fail(L, "type mismatch");
    }
    return v.type; /* the actual type, as the spec's pop_val returns it */
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

static void set_unreachable(wl_ctx *L)
{
    wl_frame *f = wl_top(L);
    truncate_vals(L, f->height);
    L->sh = f->slot_height;
    f->unreachable = true;
}

bool wl_live(wl_ctx *L)
{
    wl_frame *f = wl_top(L);
    return !f->unreachable && !f->dead && !L->failed;
}

/* ---------------------------------------------------------------------------------------------
 * Control frames
 * ------------------------------------------------------------------------------------------- */

static wl_frame *push_frame(wl_ctx *L, uint8_t kind, wl_blocktype bt)
{
    if (L->nctrls == L->capctrls) {
        size_t cap = L->capctrls ? (size_t)L->capctrls * 2 : 16;
        if (cap > UINT32_MAX / 4) {
            wl_fail(L, "blocks nested too deeply");
            return NULL;
        }
        wl_frame *c = realloc(L->ctrls, cap * sizeof *c);
        if (!c) {
            wl_oom(L);
            return NULL;
        }
        L->ctrls = c;
        L->capctrls = (uint32_t)cap;
    }
    wl_frame *f = &L->ctrls[L->nctrls++];
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->bt = bt;
    f->height = L->nvals;
    f->slot_height = L->sh;
    f->label = L->ncode;
    wl_push_types(L, bt.params, bt.nparams);
    return f;
}

/* The types a branch to frame f carries. */
static void label_types(const wl_frame *f, const uint8_t **types, uint32_t *n)
{
    if (f->kind == WL_LOOP) {
        *types = f->bt.params;
        *n = f->bt.nparams;
    } else {
        *types = f->bt.results;
        *n = f->bt.nresults;
    }
}

/* Reads a block type: 0x40, a value type, or a type index as a positive s33. */
static bool read_blocktype(wl_ctx *L, wl_blocktype *bt)
{
    memset(bt, 0, sizeof *bt);
    if (L->r.pos >= L->r.end) return wl_malformed_at(L, L->r.pos, "unexpected end");
    uint8_t b = L->r.base[L->r.pos];
    if (b == 0x40) {
        L->r.pos++;
        return true;
    }
    if (wl_is_valtype(b)) {
        L->r.pos++;
        bt->results = wl_single_type(b);
        bt->nresults = 1;
        return true;
    }
    int64_t idx;
    if (!wl_read_s33(L, &idx)) return false;
    if (idx < 0) return wl_malformed(L, "unknown type"); /* no encoding of a block type */
    if ((uint64_t)idx >= L->m->ntypes) return wl_fail(L, "unknown type");
    const wd_functype *ft = &L->m->types[idx];
    bt->params = ft->types;
    bt->nparams = ft->nparams;
    bt->results = ft->types + ft->nparams;
    bt->nresults = ft->nresults;
    return true;
}

/* Emits the moves and jump of a branch to frame `f` (index depth from the top), taken
 * unconditionally. The carried values are on top of the value stack. */
/* Emits the moves and jump of a branch to frame `f`, taken unconditionally. The carried values
 * are the top entries of the value stack. */
static void emit_branch(wl_ctx *L, wl_frame *f, bool is_function)
{
    const uint8_t *types;
    uint32_t n;
    label_types(f, &types, &n);
    if (is_function) {
        emit_moves(L, 0, n);
        wl_emit_NONE(L, WI_RETURN);
        return;
    }
    emit_moves(L, f->slot_height, n);
    uint32_t at = wl_emit_JUMP(L, WI_BR, 0);
    wl_link_target(L, f, at, at + WI_AT_JUMP_target);
}

static bool branch_needs_moves(wl_ctx *L, wl_frame *f)
{
    const uint8_t *types;
    uint32_t n;
    label_types(f, &types, &n);
    return needs_moves(L, f->slot_height, n);
}

/* The spec's pop_vals + push_vals of a branch's label types. In reachable code the entries are
 * checked in place, so those referring to locals keep doing so; under a polymorphic stack they
 * are re-pushed with the label's types. */
static void check_label(wl_ctx *L, const uint8_t *types, uint32_t n)
{
    wl_frame *f = wl_top(L);
    if (f->unreachable) {
        wl_pop_types(L, types, n);
        wl_push_types(L, types, n);
        return;
    }
    if (L->nvals - f->height < n) {
        wl_fail(L, "type mismatch");
        return;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (L->vals[L->nvals - n + i].type != types[i]) {
            wl_fail(L, "type mismatch");
            return;
        }
    }
}

/* Emits a conditional jump on the i32 in slot `cond` (taken when it is non-zero, or zero when
 * `when_zero`) and returns the cell to receive the target; *instr is the instruction's first
 * cell. When the condition was computed by the instruction just emitted — an i32 comparison or
 * eqz — that instruction is replaced by one that compares and branches. */
static uint32_t emit_cond_branch(wl_ctx *L, uint32_t cond, bool when_zero, uint32_t *instr)
{
    uint32_t at = 0;
    uint16_t op = 0;
    bool fresh = wl_fresh_producer(L, cond, &at, &op);
    wi_op br = fresh ? wi_branch_form((wi_op)op) : WI_OP_COUNT;
    if (br != WI_OP_COUNT && when_zero) br = wi_branch_form(wi_negated_comparison((wi_op)op));
    if (br != WI_OP_COUNT && wi_op_layout(br) == WI_LAYOUT_CMP_BR) {
        uint32_t a = L->code[at + WI_AT_DAB_a].s.b, b = L->code[at + WI_AT_DAB_b].s.a;
        wl_take_back(L, at);
        *instr = wl_emit_CMP_BR(L, br, a, b, 0);
        return *instr + WI_AT_CMP_BR_target;
    }
    if (br != WI_OP_COUNT) {
        uint32_t a = L->code[at + WI_AT_DAI_a].s.b;
        uint64_t imm = L->code[at + WI_AT_DAI_imm].u64;
        wl_take_back(L, at);
        *instr = wl_emit_CMP_BR_IMM(L, br, a, imm, 0);
        return *instr + WI_AT_CMP_BR_IMM_target;
    }
    if (fresh && op == WI_I32_EQZ) {
        cond = L->code[at + WI_AT_DA_a].s.b;
        wl_take_back(L, at);
        when_zero = !when_zero;
    }
    *instr = wl_emit_BRANCH(L, when_zero ? WI_BR_IF_NOT : WI_BR_IF, cond, 0);
    return *instr + WI_AT_BRANCH_target;
}

static bool read_label(wl_ctx *L, uint32_t *depth)
{
    if (!wl_read_u32(L, depth)) return false;
    if (*depth >= L->nctrls) return wl_fail(L, "unknown label");
    return true;
}

static void op_block(wl_ctx *L, uint8_t kind)
{
    wl_blocktype bt;
    if (!read_blocktype(L, &bt)) return;
    uint32_t cond = 0;
    if (kind == WL_IF) wl_pop(L, WD_I32, &cond);
    /* A block's parameters live at their homes: branches and `else` expect them there. */
    wl_materialize_top(L, bt.nparams);
    wl_pop_types(L, bt.params, bt.nparams);
    materialize_frame_locals(L);
    bool live = wl_live(L);
    wl_frame *f = push_frame(L, kind, bt);
    if (!f) return;
    /* Code inside a block that cannot be reached is validated but never emitted. */
    f->dead = !live;
    if (kind == WL_LOOP && live) {
        /* The loop's label starts a basic block. Its back-edges are check sites (the
         * interpreter checks every backward jump). */
        drop_empty_block(L);
        f->label = L->ncode;
        L->producer_dst_cell = 0;
        wl_begin_block(L);
    }
    if (kind == WL_IF && live) {
        uint32_t at;
        uint32_t cell = emit_cond_branch(L, cond, true, &at);
        if (L->failed) return;
        f = wl_top(L);
        f->else_patch = cell;
        f->else_instr = at;
        wl_begin_block(L);
    }
}

static void op_else(wl_ctx *L)
{
    wl_frame *f = wl_top(L);
    if (f->kind != WL_IF) {
        wl_malformed(L, "else without if"); /* only an `if` may hold 0x05 */
        return;
    }
    wl_materialize_top(L, f->bt.nresults);
    wl_pop_types(L, f->bt.results, f->bt.nresults);
    if (L->nvals != f->height) wl_fail(L, "type mismatch");
    if (wl_live(L) && !f->dead) {
        uint32_t at = wl_emit_JUMP(L, WI_BR, 0);
        wl_link_target(L, f, at, at + WI_AT_JUMP_target);
    }
    L->producer_dst_cell = 0;
    if (!f->dead && f->else_patch) {
        L->seg_cost = 0;
        wl_set_target(L, f->else_patch, f->else_instr, L->ncode);
        f->else_patch = 0;
    }
    f->kind = WL_ELSE;
    truncate_vals(L, f->height);
    L->sh = f->slot_height;
    f->unreachable = false;
    wl_push_types(L, f->bt.params, f->bt.nparams);
    wl_begin_block(L);
}

/* Returns true when the function's outermost frame ended (the body is complete). */
static bool op_end(wl_ctx *L)
{
    wl_frame *f = wl_top(L);
    bool function = L->nctrls == 1;
    if (function) {
        /* The results go to slots 0.. from wherever they are. */
        if (!f->unreachable && L->nvals - f->height == f->bt.nresults && !L->failed) {
            emit_moves(L, 0, f->bt.nresults);
            wl_emit_NONE(L, WI_RETURN);
        }
    } else {
        wl_materialize_top(L, f->bt.nresults);
    }
    wl_pop_types(L, f->bt.results, f->bt.nresults);
    if (L->nvals != f->height) wl_fail(L, "type mismatch");
    if (f->kind == WL_IF) {
        /* An `if` without `else`: the missing branch passes its parameters through. */
        if (f->bt.nparams != f->bt.nresults ||
            (f->bt.nparams && memcmp(f->bt.params, f->bt.results, f->bt.nparams) != 0)) {
            wl_fail(L, "type mismatch");
        }
    }
    if (L->failed) return false;
    if (function) {
        /* Forward branches to the function's label were emitted as returns. */
        L->nctrls--;
        return true;
    }
    /* A label some branch reaches starts a basic block; otherwise the code after `end` is only
     * reached by falling through and continues the current one. */
    bool label = !f->dead && (f->patches || f->else_patch);
    if (label) {
        L->producer_dst_cell = 0; /* other paths arrive here: no retargeting across a label */
        drop_empty_block(L);
        if (f->else_patch) wl_set_target(L, f->else_patch, f->else_instr, L->ncode);
        wl_patch_list(L, f->patches, L->ncode);
    }
    wl_blocktype bt = f->bt;
    L->nctrls--;
    wl_push_types(L, bt.results, bt.nresults);
    if (label) wl_begin_block(L);
    return false;
}

static void op_br(wl_ctx *L)
{
    uint32_t depth;
    if (!read_label(L, &depth)) return;
    wl_frame *f = &L->ctrls[L->nctrls - 1 - depth];
    const uint8_t *types;
    uint32_t n;
    label_types(f, &types, &n);
    check_label(L, types, n);
    if (wl_live(L)) emit_branch(L, f, depth == L->nctrls - 1);
    set_unreachable(L);
}

static void op_br_if(wl_ctx *L)
{
    uint32_t depth, cond;
    if (!read_label(L, &depth)) return;
    wl_pop(L, WD_I32, &cond);
    wl_frame *f = &L->ctrls[L->nctrls - 1 - depth];
    const uint8_t *types;
    uint32_t n;
    label_types(f, &types, &n);
    check_label(L, types, n);
    if (!wl_live(L)) return;
    bool is_function = depth == L->nctrls - 1;
    uint32_t at;
    if (!is_function && !branch_needs_moves(L, f)) {
        uint32_t cell = emit_cond_branch(L, cond, false, &at);
        wl_link_target(L, f, at, cell);
    } else {
        /* if !cond goto skip; moves; br/return; skip: */
        uint32_t cell = emit_cond_branch(L, cond, true, &at);
        emit_branch(L, f, is_function);
        if (!L->failed) wl_set_target(L, cell, at, L->ncode);
    }
    wl_begin_block(L); /* the fall-through path */
}

static void op_br_table(wl_ctx *L)
{
    uint32_t idx, n;
    wl_pop(L, WD_I32, &idx);
    if (!wl_read_u32(L, &n)) return;
    /* Each label takes at least one byte: bound the count by the bytes left. */
    if (n > L->r.end - L->r.pos) {
        wl_malformed(L, "unexpected end");
        return;
    }
    uint32_t *labels = malloc(((size_t)n + 1) * sizeof *labels);
    if (!labels) {
        wl_oom(L);
        return;
    }
    for (uint32_t i = 0; i <= n; i++) {
        if (!read_label(L, &labels[i])) {
            free(labels);
            return;
        }
    }
    /* Type-check every label against the operand stack (the spec's algorithm). */
    wl_frame *def = &L->ctrls[L->nctrls - 1 - labels[n]];
    const uint8_t *dtypes;
    uint32_t arity;
    label_types(def, &dtypes, &arity);
    for (uint32_t i = 0; i < n && !L->failed; i++) {
        wl_frame *f = &L->ctrls[L->nctrls - 1 - labels[i]];
        const uint8_t *types;
        uint32_t k;
        label_types(f, &types, &k);
        if (k != arity) {
            wl_fail(L, "type mismatch");
            break;
        }
        if (!wl_top(L)->unreachable) {
            check_label(L, types, k);
            continue;
        }
        /* pop_vals then push_vals of the popped (possibly more precise) types */
        uint8_t popped_buf[16];
        uint8_t *popped = k <= 16 ? popped_buf : malloc(k);
        if (!popped) {
            wl_oom(L);
            break;
        }
        for (uint32_t j = k; j-- > 0;) popped[j] = wl_pop(L, types[j], NULL);
        for (uint32_t j = 0; j < k; j++) wl_push(L, popped[j]);
        if (popped != popped_buf) free(popped);
    }
    check_label(L, dtypes, arity);
    if (wl_live(L)) {
        uint32_t at = wl_emit_BR_TABLE(L, WI_BR_TABLE, idx, n);
        /* The n + 1 targets follow the instruction's own cells. */
        if (!L->failed && wl_reserve(L, n + 1)) {
            uint32_t first = L->ncode;
            L->ncode += n + 1;
            for (uint32_t i = 0; i <= n && !L->failed; i++) {
                uint32_t d = labels[i];
                wl_frame *f = &L->ctrls[L->nctrls - 1 - d];
                bool is_function = d == L->nctrls - 1;
                if (!is_function && !branch_needs_moves(L, f)) {
                    wl_link_target(L, f, at, first + i);
                } else {
                    /* An out-of-line stub after the table: moves, then the jump. */
                    wl_set_target(L, first + i, at, L->ncode);
                    emit_branch(L, f, is_function);
                }
            }
        }
    }
    free(labels);
    set_unreachable(L);
}

static void op_return(wl_ctx *L)
{
    wl_frame *f = &L->ctrls[0];
    check_label(L, f->bt.results, f->bt.nresults);
    if (wl_live(L)) emit_branch(L, f, true);
    set_unreachable(L);
}

/* ---------------------------------------------------------------------------------------------
 * Locals
 * ------------------------------------------------------------------------------------------- */

static bool read_locals(wl_ctx *L, const wd_functype *ft)
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

static void op_local(wl_ctx *L, uint8_t opcode)
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
     * the instruction that computed it can write the local directly. */
    const wl_val *top = wl_peek(L);
    if (top && top->is_const && top->type == t && wd_slots(t) == 1) {
        /* A constant goes straight into the local. */
        uint64_t value = top->value;
        wl_pop_const(L);
        if (L->local_refs[x]) wl_materialize_local(L, x);
        if (wl_live(L)) emit_const(L, dst, value);
        L->producer_dst_cell = 0;
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
    L->producer_dst_cell = 0;
    if (opcode == 0x22) wl_push_local(L, x); /* local.tee: the value is the local's now */
}

/* ---------------------------------------------------------------------------------------------
 * The body
 * ------------------------------------------------------------------------------------------- */

static uint32_t instruction_cost(const warden_fuel_costs_t *costs, uint8_t opcode)
{
    switch (opcode) {
    case 0x00: /* unreachable */
    case 0x01: /* nop */
    case 0x02: /* block */
    case 0x03: /* loop */
    case 0x05: /* else */
    case 0x0B: /* end */
    case 0x0F: /* return */
    case 0x1A: /* drop */ return costs->control_cost;
    default: return costs->default_cost;
    }
}

static void lower_instructions(wl_ctx *L)
{
    while (!L->failed) {
        if (L->r.pos >= L->r.end) {
            wl_malformed_at(L, L->r.pos, "unexpected end");
            return;
        }
        L->instr_offset = L->r.pos;
        if (!wd_progress_step(L->progress, 1)) {
            L->err->stopped = true;
            wl_fail(L, "stopped by the host");
            return;
        }
        uint8_t opcode = L->r.base[L->r.pos++];
        if (L->fuel) wl_charge(L, instruction_cost(L->fuel, opcode));
        switch (opcode) {
        case 0x00: /* unreachable */
            if (wl_live(L)) {
                wl_emit_TRAP(L, WI_TRAP, WARDEN_TRAP_UNREACHABLE);
            }
            set_unreachable(L);
            break;
        case 0x01: break; /* nop */
        case 0x02: op_block(L, WL_BLOCK); break;
        case 0x03: op_block(L, WL_LOOP); break;
        case 0x04: op_block(L, WL_IF); break;
        case 0x05: op_else(L); break;
        case 0x0B:
            if (op_end(L)) {
                if (L->r.pos != L->r.end) {
                    wl_malformed_at(L, L->r.pos, "section size mismatch");
                }
                return;
            }
            break;
        case 0x0C: op_br(L); break;
        case 0x0D: op_br_if(L); break;
        case 0x0E: op_br_table(L); break;
        case 0x0F: op_return(L); break;
        case 0x10: wl_op_call(L); break;
        case 0x11: wl_op_call_indirect(L); break;
        case 0x1A: wl_pop(L, WL_ANY, NULL); break; /* drop */
        case 0x1B:
        case 0x1C: wl_op_select(L, opcode); break;
        case 0x20:
        case 0x21:
        case 0x22: op_local(L, opcode); break;
        case 0x23:
        case 0x24: wl_op_global(L, opcode); break;
        case 0x25:
        case 0x26: wl_op_table_access(L, opcode); break;
        case 0x3F:
        case 0x40: wl_op_memory_size_grow(L, opcode); break;
        case 0x41:
        case 0x42:
        case 0x43:
        case 0x44: wl_op_const(L, opcode); break;
        case 0xD0:
        case 0xD1:
        case 0xD2: wl_op_ref(L, opcode); break;
        case 0xFC: wl_op_prefixed(L); break;
        case 0xFD: wl_op_simd(L); break;
        default:
            if (opcode >= 0x28 && opcode <= 0x3E)
                wl_op_memory_access(L, opcode);
            else if (opcode >= 0x45 && opcode <= 0xC4)
                wl_op_numeric(L, opcode);
            else
                wl_malformed(L, "illegal opcode");
            break;
        }
    }
}

bool wc_lower_function(const wd_module *m, uint32_t i, const void *const *handlers,
                       const warden_fuel_costs_t *fuel, wd_progress *progress, wc_func *out,
                       wd_decode_error *err)
{
    wl_ctx ctx;
    wl_ctx *L = &ctx;
    memset(L, 0, sizeof *L);
    memset(out, 0, sizeof *out);
    L->m = m;
    L->err = err;
    L->progress = progress;
    L->handlers = handlers;
    L->fuel = fuel;
    const wd_body *body = &m->bodies[i];
    err->message[0] = 0;
    err->oom = false;
    err->malformed = false;
    wd_reader_init(&L->r, m->bytes, body->offset, (size_t)body->offset + body->len, err);
    L->r.nested = true;
    L->instr_offset = body->offset;
    uint32_t type = m->func_types[m->nfunc_imports + i];
    const wd_functype *ft = &m->types[type];

    if (read_locals(L, ft)) {
        L->sh = L->local_slots;
        L->max_sh = L->sh;
        wl_blocktype bt = {0};
        bt.results = ft->types + ft->nparams;
        bt.nresults = ft->nresults;
        if (push_frame(L, WL_BLOCK, bt)) {
            wl_begin_block(L);
            /* Setting up the frame zeroes the declared locals: a bulk cost, charged like
             * memory.fill's (1 per bulk_unit bytes), so a function of 50,000 v128 locals is not
             * the price of an empty one. */
            if (L->fuel && L->fuel->bulk_unit)
                wl_charge(L, (uint64_t)(L->local_slots - types_slots(ft->types, ft->nparams)) *
                                 sizeof(uint64_t) / L->fuel->bulk_unit);
            lower_instructions(L);
        }
    }
    free(L->vals);
    free(L->ctrls);
    free(L->local_types);
    free(L->local_slot);
    free(L->local_refs);
    if (L->failed) {
        free(L->code);
        return false;
    }
    out->code = L->code;
    out->ncells = L->ncode;
    out->type = type;
    out->param_slots = types_slots(ft->types, ft->nparams);
    out->result_slots = types_slots(ft->types + ft->nparams, ft->nresults);
    out->local_slots = L->local_slots;
    out->frame_slots = L->max_sh;
    if (out->frame_slots < out->result_slots) out->frame_slots = out->result_slots;
    return true;
}

void wc_func_free(wc_func *f)
{
    if (!f) return;
    free(f->code);
    f->code = NULL;
}
