/* The compiled tier against the interpreter on numeric instructions and memory accesses, at
 * their edges: the compiled tier builds these as IR of its own (src/llvm/emit_integer.c,
 * emit_float.c, emit_access.c), not from the interpreter's handlers, so the two must be shown to
 * agree: to the bit, but for a NaN result, which may be any NaN the specification allows for its
 * operands (the CPU picks among them by the order of the operands, which may differ).
 *
 * One module holds a function per case: every i32 and i64 operator, comparison and conversion
 * between integers on two parameters; every f32 and f64 operator, comparison and conversion
 * (the saturating ones too), and the lowering's fused a + b * c, on edge values (zeros, ones,
 * the conversions' bounds and their neighbours, infinities, quiet and signalling NaNs with
 * payloads, subnormals); with a constant second operand (the lowering's _IMM forms)
 * for each constant of an edge set; every i32 comparison feeding br_if (the compare-and-branch
 * forms, the constant ones too); every load and store, plain and with an i32.add of a constant
 * folded in (_ADDK), at offsets that reach the end of memory. Each is called with every pair
 * (or every value) of the edge set in both tiers: the results, the trap kinds and, after the
 * stores, the whole memory must be the same. The test also checks that the lowering made each
 * of those forms, so that it keeps testing what it means to. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "builder.h"
#include "warden.h"

/* The edge set: the operands and the constants. */
static const uint64_t edges[] = {0,
                                 1,
                                 2,
                                 3,
                                 UINT64_MAX,
                                 UINT64_MAX - 1,
                                 7,
                                 31,
                                 32,
                                 33,
                                 63,
                                 64,
                                 65,
                                 0x7f,
                                 0x80,
                                 0xff,
                                 0x7fff,
                                 0x8000,
                                 0xffff,
                                 0xfff8,
                                 0x10000,
                                 0x7fffffff,
                                 0x80000000,
                                 0xffffffff,
                                 0xfffffff8,
                                 0x100000000,
                                 0x7fffffffffffffff,
                                 0x8000000000000000,
                                 0xffffffff80000000,
                                 0x123456789abcdef0,
                                 0xfedcba9876543211};
#define NEDGES (sizeof edges / sizeof edges[0])

/* The constants of the constant-operand forms: one function each, so fewer than the operands
 * (the module's compile time is most of the test's), chosen where the results turn: the shift
 * widths and their neighbours, the sign bits of both widths. */
static const uint64_t konsts[] = {0,
                                  1,
                                  UINT64_MAX,
                                  31,
                                  32,
                                  33,
                                  63,
                                  64,
                                  0x7fffffff,
                                  0x80000000,
                                  0xffffffff,
                                  0x7fffffffffffffff,
                                  0x8000000000000000,
                                  0x123456789abcdef0};
#define NKONSTS (sizeof konsts / sizeof konsts[0])

/* Addresses for the accesses: around 0 and the end of the one page of memory. */
static const uint64_t addresses[] = {0,      1,      7,      8,          0xfff0,    0xfff7,
                                     0xfff8, 0xfffc, 0xfffe, 0xffff,     0x10000,   0x10001,
                                     0x7fff, 0x8000, 0x8001, 0xfffffff8, 0xffffffff};
#define NADDRESSES (sizeof addresses / sizeof addresses[0])

/* Float operands, as bits: f64 values, and f32 values in the low 32 bits. */
static const uint64_t f64_edges[] = {
    0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000,
    0x3fe0000000000000, 0xbfe0000000000000, 0x3ff8000000000000, 0xbfefffffffffffff,
    0x41dfffffffc00000, 0x41e0000000000000, 0xc1e0000000000000, 0xc1e0000000200000,
    0xc1e00000001fffff, 0x41efffffffe00000, 0x41f0000000000000, 0x43e0000000000000,
    0xc3e0000000000000, 0x43dfffffffffffff, 0x43f0000000000000, 0x43efffffffffffff,
    0x7fefffffffffffff, 0x0000000000000001, 0x7ff0000000000000, 0xfff0000000000000,
    0x7ff8000000000000, 0xfff8000000000000, 0x7ff0000000000001, 0x7ff4000000000123,
    0x7ffc000000000456, 0x3ff0000000000001};
static const uint64_t f32_edges[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3f000000, 0xbf000000, 0x3fc00000, 0xbf7fffff,
    0x4effffff, 0x4f000000, 0xcf000000, 0xcf000001, 0x4f7fffff, 0x4f800000, 0x5f000000, 0xdf000000,
    0x5effffff, 0x5f800000, 0x5f7fffff, 0x7f7fffff, 0x00000001, 0x7f800000, 0xff800000, 0x7fc00000,
    0xffc00000, 0x7f800001, 0x7fa00123, 0x7fe00456, 0x3f800001, 0x00800000};
#define NF64 (sizeof f64_edges / sizeof f64_edges[0])
#define NF32 (sizeof f32_edges / sizeof f32_edges[0])

typedef enum { T_I32, T_I64, T_F32, T_F64 } vtype;

typedef enum {
    BINARY,
    BINARY_CONST,
    UNARY,
    BRANCH,
    BRANCH_CONST,
    LOAD,
    STORE,
    FBINARY, /* in (in, in) -> out */
    FUNARY,  /* in -> out; opcode 0xfc: the saturating conversion `sub` */
    FFUSED   /* x + x * y (or -): the lowering's fused form */
} shape;

typedef struct {
    shape shape;
    uint8_t opcode;
    bool wide;          /* operands (a store: its value) of 64 bits */
    bool narrow_result; /* an i32 result (extended to i64 unsigned for the return) */
    int64_t k;          /* BINARY_CONST, BRANCH_CONST: the constant; LOAD, STORE: added to
                           the address first when `add` */
    bool add;           /* LOAD, STORE: an i32.add of k before the access */
    uint32_t offset;    /* LOAD, STORE */
    vtype in, out;      /* FBINARY, FUNARY, FFUSED */
    uint8_t sub;        /* FUNARY with opcode 0xfc: the saturating conversion */
} fcase;

typedef struct {
    fcase *v;
    size_t n, cap;
} cases;

static void push(cases *c, fcase f)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 256;
        c->v = realloc(c->v, c->cap * sizeof *c->v);
        assert_non_null(c->v);
    }
    c->v[c->n++] = f;
}

/* i32: eqz 0x45, comparisons 0x46..0x4f, clz..popcnt 0x67..0x69, binary 0x6a..0x78.
 * i64: eqz 0x50, comparisons 0x51..0x5a, clz..popcnt 0x79..0x7b, binary 0x7c..0x8a.
 * Conversions: i32.wrap_i64 0xa7, i64.extend_i32_s/u 0xac/0xad, extend8/16(/32)_s 0xc0..0xc4. */
static bool is_compare(uint8_t op)
{
    return (op >= 0x46 && op <= 0x4f) || (op >= 0x51 && op <= 0x5a);
}

/* Operators with a form whose second operand is a constant: add..rotr but not div and rem. */
static bool has_const_form(uint8_t op, bool wide)
{
    uint8_t add = wide ? 0x7c : 0x6a;
    if (is_compare(op)) return true;
    if (op < add || op > add + 14) return false;
    return !(op >= add + 3 && op <= add + 6);
}

static cases all_cases(void)
{
    cases c = {0};
    for (int w = 0; w < 2; w++) {
        bool wide = w;
        uint8_t cmp = wide ? 0x51 : 0x46, bin = wide ? 0x7c : 0x6a, cnt = wide ? 0x79 : 0x67;
        push(&c, (fcase){.shape = UNARY,
                         .opcode = wide ? 0x50 : 0x45,
                         .wide = wide,
                         .narrow_result = true});
        for (uint8_t op = cnt; op < cnt + 3; op++)
            push(&c, (fcase){.shape = UNARY, .opcode = op, .wide = wide, .narrow_result = !wide});
        for (uint8_t op = cmp; op < cmp + 10; op++) {
            push(&c, (fcase){.shape = BINARY, .opcode = op, .wide = wide, .narrow_result = true});
            for (size_t i = 0; i < NKONSTS; i++)
                push(&c, (fcase){.shape = BINARY_CONST,
                                 .opcode = op,
                                 .wide = wide,
                                 .narrow_result = true,
                                 .k = (int64_t)konsts[i]});
            if (!wide) {
                push(&c, (fcase){.shape = BRANCH, .opcode = op});
                for (size_t i = 0; i < NKONSTS; i++)
                    push(&c, (fcase){.shape = BRANCH_CONST, .opcode = op, .k = (int64_t)konsts[i]});
            }
        }
        for (uint8_t op = bin; op < bin + 15; op++) {
            push(&c, (fcase){.shape = BINARY, .opcode = op, .wide = wide, .narrow_result = !wide});
            if (has_const_form(op, wide))
                for (size_t i = 0; i < NKONSTS; i++)
                    push(&c, (fcase){.shape = BINARY_CONST,
                                     .opcode = op,
                                     .wide = wide,
                                     .narrow_result = !wide,
                                     .k = (int64_t)konsts[i]});
        }
    }
    push(&c, (fcase){.shape = UNARY, .opcode = 0xa7, .wide = true, .narrow_result = true});
    push(&c, (fcase){.shape = UNARY, .opcode = 0xac, .wide = false});
    push(&c, (fcase){.shape = UNARY, .opcode = 0xad, .wide = false});
    push(&c, (fcase){.shape = UNARY, .opcode = 0xc0, .wide = false, .narrow_result = true});
    push(&c, (fcase){.shape = UNARY, .opcode = 0xc1, .wide = false, .narrow_result = true});
    for (uint8_t op = 0xc2; op <= 0xc4; op++)
        push(&c, (fcase){.shape = UNARY, .opcode = op, .wide = true});
    /* Loads 0x28 (i32), 0x29 (i64), 0x2c..0x35 (narrow); stores 0x36, 0x37, 0x3a..0x3e. */
    static const int64_t ks[] = {0, 1, -8, 0xfff8};
    static const uint32_t offsets[] = {0, 1, 0xfff8, 0xfffffff0};
    for (size_t ki = 0; ki < sizeof ks / sizeof ks[0]; ki++)
        for (size_t oi = 0; oi < sizeof offsets / sizeof offsets[0]; oi++) {
            bool add = ki > 0;
            for (uint8_t op = 0x28; op <= 0x35; op++) {
                if (op == 0x2a || op == 0x2b) continue; /* f32.load and f64.load */
                bool narrow = op == 0x28 || (op >= 0x2c && op <= 0x2f);
                push(&c, (fcase){.shape = LOAD,
                                 .opcode = op,
                                 .narrow_result = narrow,
                                 .k = ks[ki],
                                 .add = add,
                                 .offset = offsets[oi]});
            }
            for (uint8_t op = 0x36; op <= 0x3e; op++) {
                if (op == 0x38 || op == 0x39) continue; /* f32.store and f64.store */
                bool wide = op == 0x37 || op >= 0x3c;
                push(&c, (fcase){.shape = STORE,
                                 .opcode = op,
                                 .wide = wide,
                                 .k = ks[ki],
                                 .add = add,
                                 .offset = offsets[oi]});
            }
        }
    /* Floats: comparisons, the unary operators, then add, sub, mul, div, min, max, copysign. */
    for (int w = 0; w < 2; w++) {
        vtype t = w ? T_F64 : T_F32;
        uint8_t cmp = w ? 0x61 : 0x5b, ar = w ? 0x99 : 0x8b;
        for (uint8_t op = cmp; op < cmp + 6; op++)
            push(&c, (fcase){.shape = FBINARY, .opcode = op, .in = t, .out = T_I32});
        /* abs, neg, then ceil, floor, trunc, nearest and sqrt (still the handlers' code) */
        for (uint8_t op = ar; op <= ar + 6; op++)
            push(&c, (fcase){.shape = FUNARY, .opcode = op, .in = t, .out = t});
        for (uint8_t op = ar + 7; op <= ar + 13; op++)
            push(&c, (fcase){.shape = FBINARY, .opcode = op, .in = t, .out = t});
        push(&c, (fcase){.shape = FFUSED, .opcode = ar + 7, .in = t, .out = t});
        push(&c, (fcase){.shape = FFUSED, .opcode = ar + 8, .in = t, .out = t});
    }
    /* Conversions 0xa8..0xbb (but wrap and the integer extensions), and the saturating ones. */
    static const struct {
        uint8_t op;
        vtype in, out;
    } conv[] = {{0xa8, T_F32, T_I32}, {0xa9, T_F32, T_I32}, {0xaa, T_F64, T_I32},
                {0xab, T_F64, T_I32}, {0xae, T_F32, T_I64}, {0xaf, T_F32, T_I64},
                {0xb0, T_F64, T_I64}, {0xb1, T_F64, T_I64}, {0xb2, T_I32, T_F32},
                {0xb3, T_I32, T_F32}, {0xb4, T_I64, T_F32}, {0xb5, T_I64, T_F32},
                {0xb6, T_F64, T_F32}, {0xb7, T_I32, T_F64}, {0xb8, T_I32, T_F64},
                {0xb9, T_I64, T_F64}, {0xba, T_I64, T_F64}, {0xbb, T_F32, T_F64}};
    for (size_t i = 0; i < sizeof conv / sizeof conv[0]; i++)
        push(&c,
             (fcase){.shape = FUNARY, .opcode = conv[i].op, .in = conv[i].in, .out = conv[i].out});
    for (uint8_t sub = 0; sub < 8; sub++)
        push(&c, (fcase){.shape = FUNARY,
                         .opcode = 0xfc,
                         .sub = sub,
                         .in = (sub & 2) ? T_F64 : T_F32,
                         .out = sub < 4 ? T_I32 : T_I64});
    return c;
}

/* local.get p as a value of type t (the parameter holds its bits). */
static void operand(wb_buf *b, uint32_t p, vtype t)
{
    wb_byte(b, 0x20), wb_byte(b, (uint8_t)p);
    if (t == T_I32 || t == T_F32) wb_byte(b, 0xa7); /* i32.wrap_i64 */
    if (t == T_F32) wb_byte(b, 0xbe);               /* f32.reinterpret_i32 */
    if (t == T_F64) wb_byte(b, 0xbf);               /* f64.reinterpret_i64 */
}

/* The value of type t on the stack as the function's i64 result: its bits, zero-extended. */
static void result(wb_buf *b, vtype t)
{
    if (t == T_F32) wb_byte(b, 0xbc);               /* i32.reinterpret_f32 */
    if (t == T_F64) wb_byte(b, 0xbd);               /* i64.reinterpret_f64 */
    if (t == T_I32 || t == T_F32) wb_byte(b, 0xad); /* i64.extend_i32_u */
}

/* Alignment exponent of an access (any value up to the natural one is valid; 0 is). */
static void body(wb_buf *code, const fcase *f)
{
    wb_buf b = {0};
    wb_byte(&b, 0); /* no locals */
    uint8_t wrap = 0xa7;
    switch (f->shape) {
    case BINARY:
    case BINARY_CONST:
        wb_byte(&b, 0x20), wb_byte(&b, 0);
        if (!f->wide) wb_byte(&b, wrap);
        if (f->shape == BINARY) {
            wb_byte(&b, 0x20), wb_byte(&b, 1);
            if (!f->wide) wb_byte(&b, wrap);
        } else {
            wb_byte(&b, f->wide ? 0x42 : 0x41);
            wb_s64(&b, f->wide ? f->k : (int64_t)(int32_t)(uint32_t)f->k);
        }
        wb_byte(&b, f->opcode);
        break;
    case UNARY:
        wb_byte(&b, 0x20), wb_byte(&b, 0);
        if (!f->wide) wb_byte(&b, wrap);
        wb_byte(&b, f->opcode);
        break;
    case BRANCH:
    case BRANCH_CONST:
        /* block; x <op> y; br_if 0; i64.const 0; return; end; i64.const 1 */
        wb_byte(&b, 0x02), wb_byte(&b, 0x40);
        wb_byte(&b, 0x20), wb_byte(&b, 0), wb_byte(&b, wrap);
        if (f->shape == BRANCH)
            wb_byte(&b, 0x20), wb_byte(&b, 1), wb_byte(&b, wrap);
        else
            wb_byte(&b, 0x41), wb_s64(&b, (int64_t)(int32_t)(uint32_t)f->k);
        wb_byte(&b, f->opcode);
        wb_byte(&b, 0x0d), wb_byte(&b, 0);
        wb_byte(&b, 0x42), wb_byte(&b, 0), wb_byte(&b, 0x0f);
        wb_byte(&b, 0x0b);
        wb_byte(&b, 0x42), wb_byte(&b, 1);
        wb_byte(&b, 0x0b);
        wb_u32(code, b.len);
        wb_bytes(code, b.bytes, b.len);
        wb_free(&b);
        return;
    case FBINARY:
        operand(&b, 0, f->in), operand(&b, 1, f->in);
        wb_byte(&b, f->opcode);
        result(&b, f->out);
        break;
    case FUNARY:
        operand(&b, 0, f->in);
        wb_byte(&b, f->opcode);
        if (f->opcode == 0xfc) wb_u32(&b, f->sub);
        result(&b, f->out);
        break;
    case FFUSED: /* x + x * y */
        operand(&b, 0, f->in), operand(&b, 0, f->in), operand(&b, 1, f->in);
        wb_byte(&b, f->in == T_F64 ? 0xa2 : 0x94); /* mul */
        wb_byte(&b, f->opcode);
        result(&b, f->out);
        break;
    case LOAD:
    case STORE:
        wb_byte(&b, 0x20), wb_byte(&b, 0), wb_byte(&b, wrap);
        if (f->add) {
            wb_byte(&b, 0x41), wb_s64(&b, (int64_t)(int32_t)(uint32_t)f->k);
            wb_byte(&b, 0x6a);
        }
        if (f->shape == STORE) {
            wb_byte(&b, 0x20), wb_byte(&b, 1);
            if (!f->wide) wb_byte(&b, wrap);
        }
        wb_byte(&b, f->opcode), wb_byte(&b, 0), wb_u32(&b, f->offset);
        if (f->shape == STORE) wb_byte(&b, 0x42), wb_byte(&b, 0);
        break;
    }
    if (f->narrow_result) wb_byte(&b, 0xad); /* i64.extend_i32_u */
    wb_byte(&b, 0x0b);
    wb_u32(code, b.len);
    wb_bytes(code, b.bytes, b.len);
    wb_free(&b);
}

static bool two_params(const fcase *f)
{
    return f->shape == BINARY || f->shape == BRANCH || f->shape == STORE || f->shape == FBINARY ||
           f->shape == FFUSED;
}

/* The operands a case is called with. */
static void operands(const fcase *f, const uint64_t **v, size_t *n)
{
    bool floats = f->shape == FBINARY || f->shape == FUNARY || f->shape == FFUSED;
    if (floats && f->in == T_F32) {
        *v = f32_edges, *n = NF32;
    } else if (floats && f->in == T_F64) {
        *v = f64_edges, *n = NF64;
    } else {
        *v = edges, *n = NEDGES;
    }
}

/* Types: 0 (i64 i64) -> i64, 1 (i64) -> i64. A memory of one page, exported as "mem", with
 * bytes 0x80.. at its start and end so that sign extensions show. */
static wb_buf build(const cases *c)
{
    wb_buf m = {0}, s = {0};
    wb_header(&m);
    wb_u32(&s, 2);
    static const uint8_t t2[] = {0x60, 2, WB_I64, WB_I64, 1, WB_I64};
    static const uint8_t t1[] = {0x60, 1, WB_I64, 1, WB_I64};
    wb_bytes(&s, t2, sizeof t2);
    wb_bytes(&s, t1, sizeof t1);
    wb_section(&m, 1, &s);
    wb_u32(&s, c->n);
    for (size_t i = 0; i < c->n; i++) wb_u32(&s, two_params(&c->v[i]) ? 0 : 1);
    wb_section(&m, 3, &s);
    wb_u32(&s, 1), wb_byte(&s, 1), wb_u32(&s, 1), wb_u32(&s, 1); /* memory 1 1 */
    wb_section(&m, 5, &s);
    wb_u32(&s, c->n + 1);
    for (size_t i = 0; i < c->n; i++) {
        char name[24];
        snprintf(name, sizeof name, "f%zu", i);
        wb_name(&s, name);
        wb_byte(&s, 0x00), wb_u32(&s, i);
    }
    wb_name(&s, "mem"), wb_byte(&s, 0x02), wb_u32(&s, 0);
    wb_section(&m, 7, &s);
    wb_u32(&s, c->n);
    for (size_t i = 0; i < c->n; i++) body(&s, &c->v[i]);
    wb_section(&m, 10, &s);
    wb_u32(&s, 2);
    for (int seg = 0; seg < 2; seg++) {
        wb_byte(&s, 0), wb_byte(&s, 0x41), wb_s64(&s, seg ? 0x10000 - 64 : 0), wb_byte(&s, 0x0b);
        wb_u32(&s, 64);
        for (int i = 0; i < 64; i++) wb_byte(&s, (uint8_t)(0x80 + i * 3));
    }
    wb_section(&m, 11, &s);
    return m;
}

typedef struct {
    warden_engine_t *e;
    warden_module_t *m;
    warden_store_t *s;
    warden_instance_t *inst;
    warden_memory_t *mem;
} tier_run;

static void fail_on(warden_error_t *err)
{
    if (err) fail_msg("%s", warden_error_message(err));
}

static tier_run start(warden_tier_t tier, const wb_buf *bytes)
{
    tier_run r = {0};
    warden_config_t c;
    warden_config_default(&c);
    c.tier = tier;
    fail_on(warden_engine_new_with_config(&c, &r.e));
    fail_on(warden_module_new(r.e, bytes->bytes, bytes->len, &r.m));
    assert_int_equal(warden_module_tier(r.m), tier);
    fail_on(warden_store_new(r.e, &r.s));
    warden_linker_t *l = NULL;
    fail_on(warden_linker_new(r.e, &l));
    warden_trap_t *trap = NULL;
    fail_on(warden_linker_instantiate(l, r.s, r.m, &r.inst, &trap));
    assert_null(trap);
    warden_linker_delete(l);
    warden_extern_t x;
    assert_true(warden_instance_export(r.inst, "mem", 3, &x));
    assert_int_equal(x.kind, WARDEN_EXTERN_MEMORY);
    r.mem = x.of.memory;
    return r;
}

static void stop(tier_run *r)
{
    warden_store_delete(r->s);
    warden_module_delete(r->m);
    warden_engine_delete(r->e);
}

/* A call's outcome: the result, or the trap's kind (and 0). */
typedef struct {
    uint64_t value;
    int trap;
} outcome;

static outcome call(tier_run *r, size_t fi, uint64_t x, uint64_t y, bool two)
{
    char name[24];
    snprintf(name, sizeof name, "f%zu", fi);
    warden_func_t *f = warden_instance_export_func(r->inst, name);
    assert_non_null(f);
    warden_val_t args[2] = {{.kind = WARDEN_I64, .of.i64 = (int64_t)x},
                            {.kind = WARDEN_I64, .of.i64 = (int64_t)y}};
    warden_val_t res = {0};
    warden_trap_t *trap = NULL;
    fail_on(warden_func_call(r->s, f, args, two ? 2 : 1, &res, 1, &trap));
    if (trap) {
        outcome o = {0, (int)warden_trap_kind(trap)};
        warden_trap_delete(trap);
        return o;
    }
    return (outcome){(uint64_t)res.of.i64, 0};
}

static void describe(char *buf, size_t cap, const fcase *f)
{
    static const char *shapes[] = {"binary",       "binary-const", "unary", "branch",
                                   "branch-const", "load",         "store", "float-binary",
                                   "float-unary",  "fused"};
    snprintf(buf, cap, "%s opcode 0x%02x/%u%s k=0x%llx%s offset=%u", shapes[f->shape], f->opcode,
             f->sub, f->wide ? " (64-bit)" : "", (unsigned long long)f->k, f->add ? " added" : "",
             f->offset);
}

/* NaNs of a float type: the bits of its sign, its quiet bit and the rest of its payload. */
typedef struct {
    uint64_t exponent, quiet, payload;
} nan_bits;

static nan_bits nan_of(vtype t)
{
    if (t == T_F32) return (nan_bits){0x7f800000, 0x400000, 0x7fffff};
    return (nan_bits){0x7ff0000000000000, 0x8000000000000, 0xfffffffffffff};
}

static bool is_nan(uint64_t v, nan_bits n)
{
    return (v & n.exponent) == n.exponent && (v & n.payload) != 0;
}

/* Whether r is a NaN the specification allows from a float operation on operands x (and y):
 * the canonical NaN (either sign) when every NaN operand is canonical, an arithmetic NaN (quiet)
 * otherwise. The choice among them is the CPU's, and the two tiers' code may order the operands
 * of add or mul differently, so two such NaNs need not be the same bits. */
static bool allowed_nan(const fcase *f, uint64_t r, uint64_t x, uint64_t y, bool two)
{
    if (f->out != T_F32 && f->out != T_F64) return false;
    /* abs, neg and copysign work on the bits: their NaNs are exact. */
    static const uint8_t exact[] = {0x8b, 0x8c, 0x98, 0x99, 0x9a, 0xa6};
    if (f->shape != FFUSED && memchr(exact, f->opcode, sizeof exact)) return false;
    nan_bits n = nan_of(f->out);
    if (!is_nan(r, n) || !(r & n.quiet)) return false;
    bool canonical_in = true;
    if (f->in == T_F32 || f->in == T_F64) {
        nan_bits m = nan_of(f->in);
        uint64_t ops[2] = {x, y};
        for (int i = 0; i < (two ? 2 : 1); i++)
            if (is_nan(ops[i], m) && (ops[i] & m.payload) != m.quiet) canonical_in = false;
    }
    return !canonical_in || (r & n.payload) == n.quiet;
}

static void compare(tier_run *in, tier_run *jit, size_t fi, const fcase *f, uint64_t x, uint64_t y,
                    bool two)
{
    outcome a = call(in, fi, x, y, two), b = call(jit, fi, x, y, two);
    bool nans = !a.trap && !b.trap && allowed_nan(f, a.value, x, y, two) &&
                allowed_nan(f, b.value, x, y, two);
    if ((a.value != b.value && !nans) || a.trap != b.trap) {
        char what[128];
        describe(what, sizeof what, f);
        fail_msg("f%zu %s on (0x%llx, 0x%llx): interpreter 0x%llx trap %d, compiled 0x%llx "
                 "trap %d",
                 fi, what, (unsigned long long)x, (unsigned long long)y,
                 (unsigned long long)a.value, a.trap, (unsigned long long)b.value, b.trap);
    }
}

/* Every op name the lowering used, one line of warden_module_code each. */
typedef struct {
    char *text;
    size_t len, cap;
} listing;

static void add_line(void *env, const char *line)
{
    listing *l = env;
    size_t n = strlen(line);
    if (l->len + n + 2 > l->cap) {
        l->cap = 2 * (l->len + n + 2);
        l->text = realloc(l->text, l->cap);
        assert_non_null(l->text);
    }
    memcpy(l->text + l->len, line, n);
    l->len += n;
    l->text[l->len++] = '\n';
    l->text[l->len] = '\0';
}

static void test_tiers_agree(void **state)
{
    (void)state;
    cases c = all_cases();
    wb_buf bytes = build(&c);
    tier_run in = start(WARDEN_TIER_INTERP, &bytes), jit = start(WARDEN_TIER_LLVM, &bytes);

    /* The forms the compiled tier builds itself are all there. */
    listing code = {0};
    for (size_t i = 0; i < c.n; i++)
        fail_on(warden_module_code(in.m, (uint32_t)i, add_line, &code));
    static const char *forms[] = {" I32_ADD_IMM ",     " I64_SHL_IMM ",      " I32_ROTR_IMM ",
                                  " I64_LT_S_IMM ",    " I32_GE_U_IMM ",     " BR_I32_LT_S ",
                                  " BR_I32_GT_U_IMM ", " I32_LOAD8_S_ADDK ", " STORE16_ADDK ",
                                  " I64_LOAD32_S ",    " STORE64 ",          " I64_REM_S "};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
        if (!strstr(code.text, forms[i])) fail_msg("no %s in the lowered code", forms[i]);
    free(code.text);

    size_t calls = 0;
    for (size_t fi = 0; fi < c.n; fi++) {
        const fcase *f = &c.v[fi];
        bool two = two_params(f);
        if (f->shape == LOAD) {
            for (size_t i = 0; i < NADDRESSES; i++, calls++)
                compare(&in, &jit, fi, f, addresses[i], 0, false);
        } else if (f->shape == STORE) {
            for (size_t i = 0; i < NADDRESSES; i++)
                for (size_t j = 0; j < NEDGES; j += 5, calls++)
                    compare(&in, &jit, fi, f, addresses[i], edges[j] ^ (i * 0x0101010101010101u),
                            true);
            assert_int_equal(warden_memory_size(in.mem), warden_memory_size(jit.mem));
            if (memcmp(warden_memory_data(in.mem), warden_memory_data(jit.mem),
                       (size_t)warden_memory_size(in.mem)) != 0) {
                char what[128];
                describe(what, sizeof what, f);
                fail_msg("f%zu %s: the memories differ after the stores", fi, what);
            }
        } else {
            const uint64_t *v;
            size_t n;
            operands(f, &v, &n);
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < (two ? n : 1); j++, calls++)
                    compare(&in, &jit, fi, f, v[i], v[j], two);
        }
    }
    print_message("%zu functions, %zu calls in each tier\n", c.n, calls);
    stop(&jit);
    stop(&in);
    wb_free(&bytes);
    free(c.v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_tiers_agree)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
