/* Control instructions: the validator's control frames (block, loop, if, else, end), the labels
 * they define, and the branches to them (br, br_if, br_table, return), with the moves that put a
 * branch's values in its label's slots (from the frame's slot height; slots 0.. for the
 * function's results). A forward branch is linked to its label when the frame ends (emit.c). */
#include <stdlib.h>
#include <string.h>

#include "compile/emit.h"
#include "compile/lower_ctx.h"
#include "isa/ops.h"

void wl_set_unreachable(wl_ctx *L)
{
    wl_frame *f = wl_top(L);
    wl_truncate_vals(L, f->height);
    L->sh = f->slot_height;
    f->unreachable = true;
}

wl_frame *wl_push_frame(wl_ctx *L, uint8_t kind, wl_blocktype bt)
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
                if (pass == 1) wl_emit_const(L, d, v->value);
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

/* Emits the moves and jump of a branch to frame `f`, taken unconditionally (a return when
 * `is_function`). The carried values are the top entries of the value stack. */
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
 * eqz — that instruction is replaced by one that compares and branches (it is a fresh producer:
 * lower_stack.c). */
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

void wl_op_block(wl_ctx *L, uint8_t kind)
{
    wl_blocktype bt;
    if (!read_blocktype(L, &bt)) return;
    uint32_t cond = 0;
    if (kind == WL_IF) wl_pop(L, WD_I32, &cond);
    /* A block's parameters live at their homes: branches and `else` expect them there. */
    wl_materialize_top(L, bt.nparams);
    wl_pop_types(L, bt.params, bt.nparams);
    wl_materialize_frame_locals(L);
    bool live = wl_live(L);
    wl_frame *f = wl_push_frame(L, kind, bt);
    if (!f) return;
    /* Code inside a block that cannot be reached is validated but never emitted. */
    f->dead = !live;
    if (kind == WL_LOOP && live) {
        /* The loop's label starts a basic block. Its back-edges are check sites (the
         * interpreter checks every backward jump). */
        wl_drop_empty_block(L);
        f->label = L->ncode;
        wl_forget_producer(L); /* a label (lower_stack.c) */
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

void wl_op_else(wl_ctx *L)
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
    wl_forget_producer(L); /* a label (lower_stack.c) */
    if (!f->dead && f->else_patch) {
        L->seg_cost = 0;
        wl_set_target(L, f->else_patch, f->else_instr, L->ncode);
        f->else_patch = 0;
    }
    f->kind = WL_ELSE;
    wl_truncate_vals(L, f->height);
    L->sh = f->slot_height;
    f->unreachable = false;
    wl_push_types(L, f->bt.params, f->bt.nparams);
    wl_begin_block(L);
}

/* Returns true when the function's outermost frame ended (the body is complete). */
bool wl_op_end(wl_ctx *L)
{
    wl_frame *f = wl_top(L);
    bool function = L->nctrls == 1;
    if (function) {
        /* The results go to slots 0.. from wherever they are (nothing when only validating:
         * the function's frame is then dead). */
        if (!f->unreachable && !f->dead && L->nvals - f->height == f->bt.nresults && !L->failed) {
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
        wl_forget_producer(L); /* other paths arrive here: no retargeting across a label
                                * (lower_stack.c) */
        wl_drop_empty_block(L);
        if (f->else_patch) wl_set_target(L, f->else_patch, f->else_instr, L->ncode);
        wl_patch_list(L, f->patches, L->ncode);
    }
    wl_blocktype bt = f->bt;
    L->nctrls--;
    wl_push_types(L, bt.results, bt.nresults);
    if (label) wl_begin_block(L);
    return false;
}

void wl_op_br(wl_ctx *L)
{
    uint32_t depth;
    if (!read_label(L, &depth)) return;
    wl_frame *f = &L->ctrls[L->nctrls - 1 - depth];
    const uint8_t *types;
    uint32_t n;
    label_types(f, &types, &n);
    check_label(L, types, n);
    if (wl_live(L)) emit_branch(L, f, depth == L->nctrls - 1);
    wl_set_unreachable(L);
}

void wl_op_br_if(wl_ctx *L)
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

void wl_op_br_table(wl_ctx *L)
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
    wl_set_unreachable(L);
}

void wl_op_return(wl_ctx *L)
{
    wl_frame *f = &L->ctrls[0];
    check_label(L, f->bt.results, f->bt.nresults);
    if (wl_live(L)) emit_branch(L, f, true);
    wl_set_unreachable(L);
}
