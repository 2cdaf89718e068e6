/* Function-body validation fused with lowering to internal code.
 *
 * One pass over the body's bytes runs the spec's validation algorithm (appendix "Validation
 * Algorithm": a value stack of types and a control stack of frames) and, for every reachable
 * instruction, emits internal code whose operands are frame slots. A value's slot is fixed by its
 * position on the value stack, so lowering needs no register allocation: the slot of stack entry
 * i is the sum of the widths of the entries below it, offset by the function's locals.
 *
 * This file holds the entry point, the loop over the body's instructions with the opcode dispatch,
 * and failure recording. The rest, each part in its own file, shares lower_ctx.h: the value stack
 * (lower_stack.c), control frames and branches (lower_control.c), locals (lower_locals.c), fuel
 * (lower_fuel.c), the instruction families (lower_variable.c, lower_memory.c, lower_table.c,
 * lower_call.c, lower_prefixed.c, lower_simd.c), immediates (lower_read.c), and the code buffer
 * with branch linking (emit.c). */
#include <stdlib.h>
#include <string.h>

#include "compile/code.h"
#include "compile/emit.h"
#include "compile/lower_ctx.h"
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
 * The body
 * ------------------------------------------------------------------------------------------- */

static uint32_t types_slots(const uint8_t *types, uint32_t n)
{
    uint32_t s = 0;
    for (uint32_t i = 0; i < n; i++) s += wd_slots(types[i]);
    return s;
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
        if (L->fuel) wl_charge(L, wl_instruction_cost(L->fuel, opcode));
        switch (opcode) {
        case 0x00: /* unreachable */
            if (wl_live(L)) {
                wl_emit_TRAP(L, WI_TRAP, WARDEN_TRAP_UNREACHABLE);
            }
            wl_set_unreachable(L);
            break;
        case 0x01: break; /* nop */
        case 0x02: wl_op_block(L, WL_BLOCK); break;
        case 0x03: wl_op_block(L, WL_LOOP); break;
        case 0x04: wl_op_block(L, WL_IF); break;
        case 0x05: wl_op_else(L); break;
        case 0x0B:
            if (wl_op_end(L)) {
                if (L->r.pos != L->r.end) {
                    wl_malformed_at(L, L->r.pos, "section size mismatch");
                }
                return;
            }
            break;
        case 0x0C: wl_op_br(L); break;
        case 0x0D: wl_op_br_if(L); break;
        case 0x0E: wl_op_br_table(L); break;
        case 0x0F: wl_op_return(L); break;
        case 0x10: wl_op_call(L); break;
        case 0x11: wl_op_call_indirect(L); break;
        case 0x1A: wl_pop(L, WL_ANY, NULL); break; /* drop */
        case 0x1B:
        case 0x1C: wl_op_select(L, opcode); break;
        case 0x20:
        case 0x21:
        case 0x22: wl_op_local(L, opcode); break;
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

/* The one pass behind both entry points: validates body i and, unless `validate_only`, lowers it
 * into L->code. Validation alone marks the function's frame dead, as lowering marks a block no
 * path reaches: the pass then checks every instruction as it always does and emits nothing. */
static bool run_pass(wl_ctx *L, const wd_module *m, uint32_t i, bool validate_only, wc_func *out)
{
    const wd_body *body = &m->bodies[i];
    wd_decode_error *err = L->err;
    err->message[0] = 0;
    err->oom = false;
    err->malformed = false;
    memset(out, 0, sizeof *out);
    wd_reader_init(&L->r, m->bytes, body->offset, (size_t)body->offset + body->len, err);
    L->r.nested = true;
    L->instr_offset = body->offset;
    uint32_t type = m->func_types[m->nfunc_imports + i];
    const wd_functype *ft = &m->types[type];

    if (wl_read_locals(L, ft)) {
        L->sh = L->local_slots;
        L->max_sh = L->sh;
        wl_blocktype bt = {0};
        bt.results = ft->types + ft->nparams;
        bt.nresults = ft->nresults;
        wl_frame *f = wl_push_frame(L, WL_BLOCK, bt);
        if (f) {
            f->dead = validate_only;
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
    atomic_init(&out->lowered, NULL);
    out->type = type;
    out->param_slots = types_slots(ft->types, ft->nparams);
    out->result_slots = types_slots(ft->types + ft->nparams, ft->nresults);
    out->local_slots = L->local_slots;
    return true;
}

bool wc_validate_function(const wd_module *m, uint32_t i, wd_progress *progress, wc_func *out,
                          wd_decode_error *err)
{
    wl_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.m = m;
    ctx.err = err;
    ctx.progress = progress;
    return run_pass(&ctx, m, i, true, out);
}

bool wc_lower_function(const wd_module *m, uint32_t i, const void *const *handlers,
                       const warden_fuel_costs_t *fuel, wd_progress *progress, wc_func *out,
                       wc_code **code, wd_decode_error *err)
{
    wl_ctx ctx;
    wl_ctx *L = &ctx;
    memset(L, 0, sizeof *L);
    L->m = m;
    L->err = err;
    L->progress = progress;
    L->handlers = handlers;
    L->fuel = fuel;
    *code = NULL;
    if (!run_pass(L, m, i, false, out)) return false;
    uint32_t frame_slots = L->max_sh;
    if (frame_slots < out->result_slots) frame_slots = out->result_slots;
    wc_code *c = malloc(sizeof *c + (size_t)L->ncode * sizeof *c->cells);
    if (!c) {
        free(L->code);
        err->oom = true;
        snprintf(err->message, sizeof err->message, "out of memory");
        return false;
    }
    c->ncells = L->ncode;
    c->frame_slots = frame_slots;
    if (L->ncode) memcpy(c->cells, L->code, (size_t)L->ncode * sizeof *c->cells);
    free(L->code);
    *code = c;
    return true;
}
