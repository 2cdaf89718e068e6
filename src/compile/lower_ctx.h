/* State shared by the files that validate and lower one function body (lower*.c). */
#ifndef WARDEN_COMPILE_LOWER_CTX_H
#define WARDEN_COMPILE_LOWER_CTX_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "binary/module.h"
#include "compile/code.h"
#include "util/reader.h"
#include "warden.h"

/* Pseudo-types of the validator's value stack. */
#define WL_UNKNOWN 0x00 /* a value of the polymorphic stack after an unconditional branch */
#define WL_ANY 0x01     /* as an expectation: any type */

/* The most locals (parameters included) a function may declare. */
#define WL_MAX_LOCALS 50000u

enum { WL_BLOCK, WL_LOOP, WL_IF, WL_ELSE };

typedef struct wl_blocktype {
    const uint8_t *params, *results;
    uint32_t nparams, nresults;
} wl_blocktype;

typedef struct wl_frame {
    uint8_t kind;
    bool unreachable; /* the rest of the block is unreachable (stack-polymorphic) */
    bool dead;        /* the whole block is unreachable: nothing in it is emitted */
    wl_blocktype bt;
    uint32_t height;      /* value-stack entries below the block */
    uint32_t slot_height; /* slots below the block: where its label's values go */
    uint32_t label;       /* loops: the cell the back-edges jump to */
    uint32_t patches;     /* forward branches to patch at `end` (cell index + 1, linked) */
    uint32_t else_patch;  /* ifs: the cell of the conditional jump to the else branch */
    uint32_t else_instr;
} wl_frame;

/* A value-stack entry. `home` is the slot its stack position owns; `src` is where the value is
 * now: its home, or the slot of the local it was read from (local.get emits no code: the entry
 * refers to the local until something needs the value at home or overwrites the local). */
typedef struct wl_val {
    uint8_t type;
    uint32_t home, src;
    uint32_t local;    /* the local referred to, or WL_NO_LOCAL */
    uint32_t next_ref; /* the next older entry referring to the same local (index + 1), or 0 */
    bool is_const;     /* a constant not yet written anywhere: `value` */
    uint64_t value;
} wl_val;

#define WL_NO_LOCAL UINT32_MAX

typedef struct wl_ctx {
    const wd_module *m;
    wd_decode_error *err;
    bool failed;
    const void *const *handlers;
    const warden_fuel_costs_t *fuel; /* NULL: no metering */
    struct wd_progress *progress;    /* asked now and then whether to go on; may be NULL */
    uint32_t seg_cost;               /* the cell holding the current basic block's cost, or 0 */
    wd_reader r;
    size_t instr_offset; /* where the instruction being lowered starts */

    uint8_t *local_types;
    uint32_t *local_slot;
    uint32_t *local_refs; /* per local: the newest entry referring to it (index + 1), or 0 */

    /* The fresh producer (lower_stack.c): the cell holding its destination, and where the code
     * ended after it. */
    uint32_t producer_dst_cell, producer_end;
    uint16_t last_op; /* the last instruction emitted, and its first cell (emit.c) */
    uint32_t last_op_at;
    uint32_t nlocals, local_slots;

    wl_val *vals;
    uint32_t nvals, capvals;
    uint32_t sh, max_sh; /* current and highest slot height */

    wl_frame *ctrls;
    uint32_t nctrls, capctrls;

    wi_cell *code;
    uint32_t ncode, capcode;
} wl_ctx;

/* Failure: records the first error only; always returns false. wl_fail and wl_fail_at record a
 * validation fault; wl_malformed and wl_malformed_at bytes that the binary format does not allow
 * (as does every failed read of an immediate, lower_read.c), which mark the error malformed. */
bool wl_fail(wl_ctx *L, const char *msg);
bool wl_fail_at(wl_ctx *L, size_t offset, const char *msg);
/* Running out of memory: not the module's fault, recorded as such. */
bool wl_oom(wl_ctx *L);
bool wl_malformed(wl_ctx *L, const char *msg);                   /* lower_read.c */
bool wl_malformed_at(wl_ctx *L, size_t offset, const char *msg); /* lower_read.c */

/* Reading immediates (lower_read.c). */
bool wl_read_u8(wl_ctx *L, uint8_t *v);
bool wl_read_u32_leb(wl_ctx *L, uint32_t *v);
bool wl_read_s32_leb(wl_ctx *L, int32_t *v);
bool wl_read_s33(wl_ctx *L, int64_t *v);
bool wl_read_s64_leb(wl_ctx *L, int64_t *v);
/* Most immediates (local and label indices, small constants) take one byte, read here inline;
 * longer ones by the reader. A body's reader asks no progress question (the loop over
 * instructions does), so a one-byte read has nothing else to do. */
static inline bool wl_read_u32(wl_ctx *L, uint32_t *v)
{
    if (L->r.pos < L->r.end && L->r.base[L->r.pos] < 0x80) {
        *v = L->r.base[L->r.pos++];
        return true;
    }
    return wl_read_u32_leb(L, v);
}
static inline bool wl_read_s32(wl_ctx *L, int32_t *v)
{
    if (L->r.pos < L->r.end && L->r.base[L->r.pos] < 0x80) {
        *v = (int32_t)(L->r.base[L->r.pos++] ^ 0x40) - 0x40; /* 7 bits, sign-extended */
        return true;
    }
    return wl_read_s32_leb(L, v);
}
static inline bool wl_read_s64(wl_ctx *L, int64_t *v)
{
    if (L->r.pos < L->r.end && L->r.base[L->r.pos] < 0x80) {
        *v = (int64_t)(L->r.base[L->r.pos++] ^ 0x40) - 0x40;
        return true;
    }
    return wl_read_s64_leb(L, v);
}
bool wl_read_fixed(wl_ctx *L, void *out, size_t n);
bool wl_read_zero_byte(wl_ctx *L);
bool wl_is_valtype(uint8_t b);
bool wl_is_reftype(uint8_t b);
const uint8_t *wl_single_type(uint8_t valtype);

/* Emission and branch linking (emit.c; the typed emitters are in emit.h). */
bool wl_reserve(wl_ctx *L, uint32_t n);
/* COPY or COPY2 (width 2: a v128) of a value from slot src to slot dst. */
uint32_t wl_emit_copy(wl_ctx *L, uint32_t width, uint32_t dst, uint32_t src);
/* Stores in `cell` the branch of the instruction starting at `instr` to cell `target`. */
void wl_set_target(wl_ctx *L, uint32_t cell, uint32_t instr, uint32_t target);
/* The target cell `cell` of the branch starting at `instr` goes to frame f's label: set now for a
 * loop, else put on f's patch list, which wl_patch_list resolves at the frame's end. */
struct wl_frame;
void wl_link_target(wl_ctx *L, struct wl_frame *f, uint32_t instr, uint32_t cell);
void wl_patch_list(wl_ctx *L, uint32_t head, uint32_t target);

/* Fuel (lower_fuel.c): each basic block starts with a charge for all its instructions. */
void wl_begin_block(wl_ctx *L);
void wl_charge(wl_ctx *L, uint64_t cost);
/* Removes the last block's FUEL instruction when nothing in the block costs anything. */
void wl_drop_empty_block(wl_ctx *L);
/* The cost of the instruction whose first byte is `opcode`. */
uint32_t wl_instruction_cost(const warden_fuel_costs_t *costs, uint8_t opcode);

/* Control frames (lower_control.c, these two inline). */
/* The innermost frame. */
static inline wl_frame *wl_top(wl_ctx *L)
{
    return &L->ctrls[L->nctrls - 1];
}
/* True when the code being lowered is reachable and emitted, and nothing has failed. */
static inline bool wl_live(wl_ctx *L)
{
    wl_frame *f = wl_top(L);
    return !f->unreachable && !f->dead && !L->failed;
}

/* The value stack (lower_stack.c). */
/* Pushes a value of `type` (WL_UNKNOWN allowed) and returns its home slot. */
bool wl_grow_vals(wl_ctx *L);
static inline uint32_t wl_push(wl_ctx *L, uint8_t type)
{
    if (L->nvals == L->capvals && !wl_grow_vals(L)) return 0;
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
void wl_push_local(wl_ctx *L, uint32_t local);
/* A constant: no code until an instruction needs it in a slot. */
void wl_push_const(wl_ctx *L, uint8_t type, uint64_t bits);
/* The top entry, or NULL when the current block has none. */
const wl_val *wl_peek(wl_ctx *L);
/* Pops without writing a constant to its slot: for instructions that take it as an immediate. */
void wl_pop_const(wl_ctx *L);
/* Puts the top n entries' values at their homes (for calls, block boundaries). */
void wl_materialize_top(wl_ctx *L, uint32_t n);
/* Puts every entry referring to `local` at its home, before the local is overwritten. */
void wl_materialize_local(wl_ctx *L, uint32_t local);
/* Puts the current frame's entries that refer to locals at their homes (before a block begins). */
void wl_materialize_frame_locals(wl_ctx *L);
/* Drops entries down to `height`, unlinking their local references. */
void wl_truncate_vals(wl_ctx *L, uint32_t height);
/* Emits a CONST writing `value` to slot `dst`, and notes it as a producer. */
void wl_emit_const(wl_ctx *L, uint32_t dst, uint64_t value);
/* Fresh producers: the protocol is described at the top of lower_stack.c. */
/* Records that the instruction starting at `instr` wrote its result through its first field. */
void wl_note_producer(wl_ctx *L, uint32_t instr);
/* True when the fresh producer wrote `slot`: *instr is its first cell and *op its operator. */
bool wl_fresh_producer(wl_ctx *L, uint32_t slot, uint32_t *instr, uint16_t *op);
/* Removes that instruction (from wl_fresh_producer); its consumer does its work instead. */
void wl_take_back(wl_ctx *L, uint32_t instr);
/* No instruction is a fresh producer any more (after a local is written, at a label). */
void wl_forget_producer(wl_ctx *L);
/* The home slot of the value on top of the stack (0 when there is none): a value popped from
 * `slot` == its home is a temporary that nothing else reads. */
uint32_t wl_top_home(const wl_ctx *L);
/* Pops a value; `expect` is a type or WL_ANY. Returns its actual type (WL_UNKNOWN from the
 * polymorphic stack) and the slot holding it (*slot may be NULL). */
static inline uint8_t wl_pop(wl_ctx *L, uint8_t expect, uint32_t *slot)
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
    if (v.is_const && wl_live(L)) wl_emit_const(L, v.home, v.value);
    if (slot) *slot = v.src;
    if (expect != WL_ANY && v.type != expect && v.type != WL_UNKNOWN) {
        wl_fail(L, "type mismatch");
    }
    return v.type; /* the actual type, as the spec's pop_val returns it */
}
uint32_t wl_pop_types(wl_ctx *L, const uint8_t *types, uint32_t n);
void wl_push_types(wl_ctx *L, const uint8_t *types, uint32_t n);

/* Control frames (lower_control.c). */
/* The rest of the current block is unreachable: its entries are dropped, the stack polymorphic. */
void wl_set_unreachable(wl_ctx *L);
/* Pushes a frame (and its parameters' entries); NULL after a failure. */
wl_frame *wl_push_frame(wl_ctx *L, uint8_t kind, wl_blocktype bt);
void wl_op_block(wl_ctx *L, uint8_t kind); /* block, loop and if (kind WL_BLOCK, WL_LOOP, WL_IF) */
void wl_op_else(wl_ctx *L);
bool wl_op_end(wl_ctx *L); /* true when the function's outermost frame ended */
void wl_op_br(wl_ctx *L);
void wl_op_br_if(wl_ctx *L);
void wl_op_br_table(wl_ctx *L);
void wl_op_return(wl_ctx *L);

/* Locals (lower_locals.c). */
/* Reads the body's local declarations: their count, types and slots. */
bool wl_read_locals(wl_ctx *L, const wd_functype *ft);
void wl_op_local(wl_ctx *L, uint8_t opcode); /* local.get, local.set, local.tee */

/* Instruction families. */
void wl_op_call(wl_ctx *L);                    /* lower_call.c */
void wl_op_call_indirect(wl_ctx *L);           /* lower_call.c */
void wl_op_select(wl_ctx *L, uint8_t opcode);  /* lower_variable.c */
void wl_op_global(wl_ctx *L, uint8_t opcode);  /* lower_variable.c */
void wl_op_const(wl_ctx *L, uint8_t opcode);   /* lower_variable.c */
void wl_op_ref(wl_ctx *L, uint8_t opcode);     /* lower_variable.c */
void wl_op_numeric(wl_ctx *L, uint8_t opcode); /* lower_variable.c */
struct wc_numeric;
void wl_lower_numeric(wl_ctx *L, const struct wc_numeric *n); /* lower_variable.c */
bool wl_read_table(wl_ctx *L, uint32_t *x);                   /* lower_table.c */
void wl_op_memory_access(wl_ctx *L, uint8_t opcode);          /* lower_memory.c */
void wl_op_memory_size_grow(wl_ctx *L, uint8_t opcode);       /* lower_memory.c */
bool wl_need_memory(wl_ctx *L);                     /* lower_memory.c: "unknown memory 0" */
bool wl_memarg_flags(wl_ctx *L, uint32_t align);    /* lower_memory.c: malformed if >= 32 */
void wl_op_table_access(wl_ctx *L, uint8_t opcode); /* lower_table.c */
void wl_op_prefixed(wl_ctx *L);                     /* lower_prefixed.c: 0xFC */
void wl_op_simd(wl_ctx *L);                         /* lower_simd.c: 0xFD */

#endif
