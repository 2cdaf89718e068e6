/* The oracle: runs warden's canonical ABI on the cases oracle.py wrote with the Python
 * reference's answers, and compares exactly: the values lifted (floats by their bits), the core
 * values lowered, every byte of memory after a lowering, the realloc calls made, and whether it
 * trapped (not the message).
 *
 *   test_abi_oracle FILE              one cmocka test per operation; each fails on any mismatch
 *   test_abi_oracle FILE --corrupt    shows the comparison can fail: for each kind of expectation
 *                                     (trap, value, core values, memory, realloc calls) one case's
 *                                     is changed, and exactly that case must be reported */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "abi_support.h"

#define MAX_FLAT 32
#define MAX_PARAMS 32
#define MAX_CASE_LINES 16

typedef struct kase {
    char **lines;
    size_t n;
    int id;
    char op[16];
} kase;

typedef struct oracle {
    char *text;
    kase *cases;
    size_t ncases;
    warden_engine_t *engine;
    bool show; /* print mismatches */
    /* The store, memory and realloc of the last case, used again while the memory has the size
     * the next case starts with (making a store for every case would take most of the time). */
    rig rig;
    bool have_rig;
    /* How often each trap message came up (in cases that agree), to show what was covered. */
    struct {
        char msg[160];
        size_t n;
    } traps[48];
    size_t ntraps;
} oracle;

static void count_trap(oracle *o, const char *msg)
{
    size_t i = 0;
    while (i < o->ntraps && strcmp(o->traps[i].msg, msg) != 0) i++;
    if (i == o->ntraps) {
        if (o->ntraps == sizeof o->traps / sizeof o->traps[0]) return;
        snprintf(o->traps[o->ntraps++].msg, sizeof o->traps[0].msg, "%s", msg);
    }
    o->traps[i].n++;
}

/* Memories may grow up to this many pages (the cases ask for at most 3). */
#define RIG_MAX_PAGES 4

typedef enum corruption {
    C_NONE = 0,
    C_TRAP,
    C_VALUE,
    C_FLAT,
    C_MEM,
    C_CALLS,
} corruption;

static const char *const k_corruption_names[] = {"none", "trap", "value", "flat", "mem", "calls"};

/* One case, parsed. */
typedef struct parsed {
    const char *op;
    wm_encoding enc;
    const warden_component_type_t *type;
    warden_component_functype_t *ft;
    toks value, str, mem, alloc, flat, out, oflat, omem, ocalls;
    bool has_value, has_str, has_mem, has_alloc, has_flat, has_out, has_oflat, has_omem, has_ocalls,
        has_ptr;
    uint32_t ptr;
    bool expect_trap;
} parsed;

static bool parse_case(arena *a, const kase *k, parsed *p, char *why, size_t cap)
{
    memset(p, 0, sizeof *p);
    for (size_t i = 0; i < k->n; i++) {
        toks t;
        toks_split(a, arena_strdup(a, k->lines[i]), &t);
        const char *key = toks_next(&t);
        if (!key) continue;
        bool ok = true;
        if (strcmp(key, "case") == 0) {
            toks_next(&t);
            p->op = toks_next(&t);
            p->enc = parse_encoding(toks_next(&t), &ok);
        } else if (strcmp(key, "type") == 0) {
            ok = (p->type = parse_type(a, &t)) != NULL;
        } else if (strcmp(key, "func") == 0) {
            ok = (p->ft = parse_functype(a, &t)) != NULL;
        } else if (strcmp(key, "ptr") == 0) {
            const char *s = toks_next(&t);
            p->ptr = s ? (uint32_t)strtoul(s, NULL, 10) : 0;
            p->has_ptr = true;
        } else if (strcmp(key, "expect") == 0) {
            const char *s = toks_next(&t);
            p->expect_trap = s && strcmp(s, "trap") == 0;
        } else if (strcmp(key, "end") == 0) {
        } else {
            static const char *const keys[] = {"value", "str",   "mem",  "alloc", "flat",
                                               "out",   "oflat", "omem", "ocalls"};
            toks *slots[] = {&p->value, &p->str,   &p->mem,  &p->alloc, &p->flat,
                             &p->out,   &p->oflat, &p->omem, &p->ocalls};
            bool *has[] = {&p->has_value, &p->has_str,   &p->has_mem,  &p->has_alloc, &p->has_flat,
                           &p->has_out,   &p->has_oflat, &p->has_omem, &p->has_ocalls};
            size_t j = 0;
            while (j < 9 && strcmp(key, keys[j]) != 0) j++;
            if (j == 9) {
                ok = false;
            } else {
                /* Without the keyword. */
                t.t++;
                t.n--;
                t.i = 0;
                *slots[j] = t;
                *has[j] = true;
            }
        }
        if (!ok) {
            snprintf(why, cap, "malformed line: %s", k->lines[i]);
            return false;
        }
    }
    if (!p->op) {
        snprintf(why, cap, "no case line");
        return false;
    }
    return true;
}

/* Writes "PAGES OFF:HEX .." into memory (zeroed first); false when malformed. */
static bool fill_memory(uint8_t *base, uint64_t size, toks *t)
{
    memset(base, 0, size);
    t->i = 0;
    toks_next(t);
    for (const char *s; (s = toks_next(t));) {
        char *end;
        unsigned long off = strtoul(s, &end, 10);
        if (*end != ':') return false;
        const char *hex = end + 1;
        size_t n = strlen(hex) / 2;
        if (off + n > size) return false;
        for (size_t i = 0; i < n; i++) {
            unsigned v;
            if (sscanf(hex + 2 * i, "%2x", &v) != 1) return false;
            base[off + i] = (uint8_t)v;
        }
    }
    return true;
}

static uint32_t toks_pages(toks *t)
{
    return t->n ? (uint32_t)strtoul(t->t[0], NULL, 10) : 1;
}

static bool setup_alloc(parsed *p, heap *h, uint32_t *max_pages)
{
    *max_pages = p->has_mem ? toks_pages(&p->mem) : 1;
    if (!p->has_alloc) return true;
    toks *t = &p->alloc;
    const char *mode = toks_next(t);
    const char *base = toks_next(t);
    if (!mode || !base) return false;
    h->last = strtoull(base, NULL, 10);
    if (strcmp(mode, "bump") == 0) {
        h->mode = 'b';
    } else if (strcmp(mode, "grow") == 0) {
        const char *m = toks_next(t);
        if (!m) return false;
        h->mode = 'g';
        *max_pages = (uint32_t)strtoul(m, NULL, 10);
    } else if (strcmp(mode, "bad") == 0) {
        const char *k = toks_next(t), *v = toks_next(t);
        if (!k || !v) return false;
        h->mode = 'x';
        h->bad_call = (uint32_t)strtoul(k, NULL, 10);
        h->bad_val = (uint32_t)strtoul(v, NULL, 10);
    } else {
        return false;
    }
    return true;
}

/* What warden did. */
typedef struct result {
    bool trapped;
    char trap_msg[160];
    warden_component_val_t vals[MAX_PARAMS];
    size_t nvals;
    warden_val_t flat[MAX_FLAT];
    size_t nflat;
    bool has_flat;
} result;

static void result_free(result *r)
{
    for (size_t i = 0; i < r->nvals; i++) warden_component_val_delete(&r->vals[i]);
}

static void take_trap(result *r, warden_trap_t *trap)
{
    r->trapped = true;
    snprintf(r->trap_msg, sizeof r->trap_msg, "%s", trap ? warden_trap_message(trap) : "?");
    warden_trap_delete(trap);
}

/* Runs the operation; false (with why) when the case itself is malformed. */
static bool run_op(parsed *p, wm_abi *abi, result *r, char *why, size_t cap)
{
    warden_trap_t *trap = NULL;
    bool ok = true;
    warden_val_t in[MAX_FLAT];
    int nin = 0;
    if (p->has_flat && (nin = parse_flat(&p->flat, in, MAX_FLAT)) < 0) {
        snprintf(why, cap, "malformed core values");
        return false;
    }
    warden_component_val_t args[MAX_PARAMS];
    size_t nargs = 0;
    if (p->has_value) {
        /* lower_args: one value per parameter; lower_result: the result; else of the type. */
        bool per_param = strcmp(p->op, "lower_args") == 0;
        size_t want = per_param ? p->ft->nparams : 1;
        for (; nargs < want && nargs < MAX_PARAMS; nargs++) {
            args[nargs] = (warden_component_val_t){.kind = WARDEN_COMPONENT_BOOL};
            const warden_component_type_t *t = per_param ? p->ft->params[nargs].type
                                               : p->ft   ? p->ft->result
                                                         : p->type;
            if (!t || !parse_value(t, &p->value, &args[nargs])) {
                for (size_t i = 0; i <= nargs; i++) warden_component_val_delete(&args[i]);
                snprintf(why, cap, "malformed value");
                return false;
            }
        }
    }
    const char *op = p->op;
    if (strcmp(op, "store") == 0) {
        ok = wm_store(abi, p->type, &args[0], p->ptr, &trap);
    } else if (strcmp(op, "lower") == 0) {
        size_t pos = 0;
        ok = wm_lower_flat(abi, p->type, &args[0], r->flat, &pos, &trap);
        r->nflat = pos;
        r->has_flat = true;
    } else if (strcmp(op, "load") == 0) {
        ok = wm_load(abi, p->type, p->ptr, &r->vals[0], &trap);
        r->nvals = 1;
    } else if (strcmp(op, "lift") == 0) {
        size_t pos = 0;
        ok = wm_lift_flat(abi, p->type, in, (size_t)nin, &pos, &r->vals[0], &trap);
        r->nvals = 1;
        if (ok && pos != (size_t)nin) {
            snprintf(why, cap, "lifting used %zu of %d core values", pos, nin);
            ok = false;
        }
    } else if (strcmp(op, "lower_args") == 0) {
        ok = wm_lower_args(abi, p->ft, args, r->flat, &trap);
        r->nflat = p->ft->flat_params;
        r->has_flat = true;
    } else if (strcmp(op, "lift_args") == 0) {
        ok = wm_lift_args(abi, p->ft, in, (size_t)nin, r->vals, &trap);
        r->nvals = p->ft->nparams;
    } else if (strcmp(op, "lift_result") == 0) {
        ok = wm_lift_result(abi, p->ft, in, (size_t)nin, &r->vals[0], &trap);
        r->nvals = 1;
    } else if (strcmp(op, "lower_result") == 0) {
        ok = wm_lower_result(abi, p->ft, &args[0], p->ptr, r->flat, &trap);
        r->nflat = p->ft->result_in_memory ? 0 : p->ft->flat_results;
        r->has_flat = true;
    } else if (strcmp(op, "string") == 0) {
        toks *t = &p->str;
        bool eok;
        wm_encoding src = parse_encoding(toks_next(t), &eok);
        const char *units = toks_next(t), *hex = toks_next(t);
        if (!hex) hex = "";
        size_t len = strlen(hex) / 2;
        char *bytes = malloc(len + 1);
        for (size_t i = 0; bytes && i < len; i++) {
            unsigned v = 0;
            sscanf(hex + 2 * i, "%2x", &v);
            bytes[i] = (char)v;
        }
        uint32_t ptr = 0, tagged = 0;
        ok = bytes && eok && units &&
             wm_store_string_range(abi, bytes, len, src, (uint32_t)strtoul(units, NULL, 10), &ptr,
                                   &tagged, &trap);
        free(bytes);
        r->flat[0] = (warden_val_t){.kind = WARDEN_I32, .of.i32 = (int32_t)ptr};
        r->flat[1] = (warden_val_t){.kind = WARDEN_I32, .of.i32 = (int32_t)tagged};
        r->nflat = 2;
        r->has_flat = true;
    } else {
        snprintf(why, cap, "unknown operation %s", op);
        for (size_t i = 0; i < nargs; i++) warden_component_val_delete(&args[i]);
        return false;
    }
    for (size_t i = 0; i < nargs; i++) warden_component_val_delete(&args[i]);
    if (!ok) {
        if (!trap && why[0]) return false;
        take_trap(r, trap);
        if (r->nvals) result_free(r);
        r->nvals = 0;
    }
    return true;
}

static bool flat_same(const warden_val_t *a, const warden_val_t *b)
{
    if (a->kind != b->kind) return false;
    switch (a->kind) {
    case WARDEN_I32: return a->of.i32 == b->of.i32;
    case WARDEN_F32: return a->of.f32_bits == b->of.f32_bits;
    default: return a->of.i64 == b->of.i64;
    }
}

/* Changes the first leaf of v that can change; false when there is none. */
static bool perturb(warden_component_val_t *v)
{
    switch (v->kind) {
    case WARDEN_COMPONENT_BOOL: v->of.boolean = !v->of.boolean; return true;
    case WARDEN_COMPONENT_S8:
    case WARDEN_COMPONENT_U8: v->of.u8 ^= 1; return true;
    case WARDEN_COMPONENT_S16:
    case WARDEN_COMPONENT_U16: v->of.u16 ^= 1; return true;
    case WARDEN_COMPONENT_S32:
    case WARDEN_COMPONENT_U32:
    case WARDEN_COMPONENT_CHAR: v->of.u32 ^= 1; return true;
    case WARDEN_COMPONENT_S64:
    case WARDEN_COMPONENT_U64: v->of.u64 ^= 1; return true;
    case WARDEN_COMPONENT_F32: {
        uint32_t b = wm_bits_of_f32(v->of.f32) ^ 1;
        v->of.f32 = wm_f32_of_bits(b);
        return true;
    }
    case WARDEN_COMPONENT_F64: {
        uint64_t b = wm_bits_of_f64(v->of.f64) ^ 1;
        v->of.f64 = wm_f64_of_bits(b);
        return true;
    }
    case WARDEN_COMPONENT_STRING:
        if (!v->of.string.len) return false;
        v->of.string.ptr[0] ^= 1;
        return true;
    case WARDEN_COMPONENT_LIST:
    case WARDEN_COMPONENT_TUPLE:
        for (size_t i = 0; i < v->of.list.len; i++)
            if (perturb(&v->of.list.ptr[i])) return true;
        return false;
    case WARDEN_COMPONENT_RECORD:
        for (size_t i = 0; i < v->of.record.len; i++)
            if (perturb(&v->of.record.ptr[i].val)) return true;
        return false;
    case WARDEN_COMPONENT_MAP:
        for (size_t i = 0; i < v->of.map.len; i++)
            if (perturb(&v->of.map.ptr[i].key) || perturb(&v->of.map.ptr[i].val)) return true;
        return false;
    case WARDEN_COMPONENT_VARIANT: return v->of.variant.payload && perturb(v->of.variant.payload);
    case WARDEN_COMPONENT_OPTION: return v->of.payload && perturb(v->of.payload);
    case WARDEN_COMPONENT_RESULT: return v->of.result.payload && perturb(v->of.result.payload);
    default: return false;
    }
}

/* Compares warden's result with the expectations. *corrupt, when set, changes one expectation of
 * its kind first (and is cleared once it did). True when they agree. */
static bool compare(parsed *p, rig *g, result *r, corruption *corrupt, char *why, size_t cap)
{
    bool expect_trap = p->expect_trap;
    if (*corrupt == C_TRAP) {
        expect_trap = !expect_trap;
        *corrupt = C_NONE;
    }
    if (r->trapped != expect_trap) {
        snprintf(why, cap, "%s (%s), the reference %s", r->trapped ? "trapped" : "did not trap",
                 r->trapped ? r->trap_msg : "", expect_trap ? "traps" : "does not");
        return false;
    }
    if (p->has_ocalls) {
        toks *t = &p->ocalls;
        t->i = 0;
        size_t n = 0;
        bool corrupt_here = *corrupt == C_CALLS && t->n > 0;
        for (const char *s; (s = toks_next(t)); n++) {
            realloc_call want = {0};
            char ret[24] = "";
            if (sscanf(s, "%" SCNu32 ",%" SCNu32 ",%" SCNu32 ",%" SCNu32 ",%23s", &want.old,
                       &want.old_size, &want.align, &want.new_size, ret) != 5) {
                snprintf(why, cap, "malformed realloc call %s", s);
                return false;
            }
            want.trapped = ret[0] == 'T';
            if (!want.trapped) want.ret = (uint32_t)strtoul(ret, NULL, 10);
            if (corrupt_here && n == 0) {
                want.ret++;
                *corrupt = C_NONE;
            }
            const realloc_call *got = n < g->heap.nlog ? &g->heap.log[n] : NULL;
            if (!got || got->old != want.old || got->old_size != want.old_size ||
                got->align != want.align || got->new_size != want.new_size ||
                got->trapped != want.trapped || (!want.trapped && got->ret != want.ret)) {
                snprintf(why, cap, "realloc call %zu: %s, the reference %s", n,
                         got ? "differs" : "missing", s);
                return false;
            }
        }
        if (n != g->heap.nlog) {
            snprintf(why, cap, "%zu realloc calls, the reference %zu", g->heap.nlog, n);
            return false;
        }
    }
    if (r->trapped) return true;
    if (p->has_out) {
        p->out.i = 0;
        for (size_t i = 0; i < r->nvals; i++) {
            const warden_component_type_t *t = strcmp(p->op, "lift_args") == 0
                                                   ? p->ft->params[i].type
                                               : p->ft ? p->ft->result
                                                       : p->type;
            warden_component_val_t want = {.kind = WARDEN_COMPONENT_BOOL};
            if (!parse_value(t, &p->out, &want)) {
                warden_component_val_delete(&want);
                snprintf(why, cap, "malformed expected value");
                return false;
            }
            if (*corrupt == C_VALUE && perturb(&want)) *corrupt = C_NONE;
            bool same = val_same(&r->vals[i], &want);
            if (!same) {
                char a[400], b[400];
                val_format(t, &r->vals[i], a, sizeof a);
                val_format(t, &want, b, sizeof b);
                snprintf(why, cap, "value %zu: %s, the reference %s", i, a, b);
            }
            warden_component_val_delete(&want);
            if (!same) return false;
        }
    }
    if (p->has_oflat) {
        warden_val_t want[MAX_FLAT];
        p->oflat.i = 0;
        int n = parse_flat(&p->oflat, want, MAX_FLAT);
        if (n < 0) {
            snprintf(why, cap, "malformed expected core values");
            return false;
        }
        if (*corrupt == C_FLAT && n > 0) {
            want[0].of.i64 ^= 1;
            *corrupt = C_NONE;
        }
        if ((size_t)n != r->nflat) {
            snprintf(why, cap, "%zu core values, the reference %d", r->nflat, n);
            return false;
        }
        for (int i = 0; i < n; i++)
            if (!flat_same(&r->flat[i], &want[i])) {
                snprintf(why, cap, "core value %d: kind %x bits %" PRIx64 ", the reference %s", i,
                         r->flat[i].kind, (uint64_t)r->flat[i].of.i64, p->oflat.t[i]);
                return false;
            }
    }
    if (p->has_omem) {
        uint64_t size = toks_pages(&p->omem) * UINT64_C(65536);
        if (size != warden_memory_size(g->memory)) {
            snprintf(why, cap, "memory of %" PRIu64 " bytes, the reference %" PRIu64,
                     warden_memory_size(g->memory), size);
            return false;
        }
        uint8_t *want = malloc(size);
        if (!want || !fill_memory(want, size, &p->omem)) {
            free(want);
            snprintf(why, cap, "malformed expected memory");
            return false;
        }
        if (*corrupt == C_MEM && p->omem.n > 1) {
            unsigned long off = strtoul(p->omem.t[1], NULL, 10);
            want[off] ^= 1;
            *corrupt = C_NONE;
        }
        const uint8_t *got = warden_memory_data(g->memory);
        bool same = memcmp(got, want, size) == 0;
        if (!same) {
            uint64_t i = 0;
            while (got[i] == want[i]) i++;
            snprintf(why, cap, "memory at %" PRIu64 ": %02x, the reference %02x", i, got[i],
                     want[i]);
        }
        free(want);
        if (!same) return false;
    }
    return true;
}

/* Runs one case; true when warden agrees with the reference. */
static bool run_case(oracle *o, const kase *k, corruption *corrupt, char *why, size_t cap)
{
    arena a = {0};
    parsed p;
    result r;
    memset(&r, 0, sizeof r);
    why[0] = 0;
    bool agree = false;
    if (!parse_case(&a, k, &p, why, cap)) goto out;
    uint32_t pages = p.has_mem ? toks_pages(&p.mem) : 1, max_pages;
    heap h = {0};
    if (!setup_alloc(&p, &h, &max_pages)) {
        snprintf(why, cap, "malformed realloc");
        goto out;
    }
    rig *g = &o->rig;
    if (o->have_rig && warden_memory_size(g->memory) != pages * UINT64_C(65536)) {
        rig_delete(g);
        o->have_rig = false;
    }
    if (!o->have_rig && !(o->have_rig = rig_new(o->engine, pages, RIG_MAX_PAGES, g))) {
        snprintf(why, cap, "cannot make a store");
        goto out;
    }
    g->heap.mode = h.mode ? h.mode : 'b';
    g->heap.last = h.last;
    g->heap.bad_call = h.bad_call;
    g->heap.bad_val = h.bad_val;
    g->heap.max_pages = max_pages;
    g->heap.nlog = 0;
    g->heap.log_overflow = false;
    toks none = {0};
    if (!fill_memory(warden_memory_data(g->memory), warden_memory_size(g->memory),
                     p.has_mem ? &p.mem : &none)) {
        snprintf(why, cap, "malformed memory");
        goto out;
    }
    /* Half the cases as a call between components: only trap messages change. */
    wm_abi abi = {.store = g->store,
                  .memory = g->memory,
                  .realloc = g->realloc,
                  .encoding = p.enc,
                  .fused = k->id % 2 == 1};
    if (run_op(&p, &abi, &r, why, cap)) agree = compare(&p, g, &r, corrupt, why, cap);
    if (g->heap.log_overflow && agree) {
        snprintf(why, cap, "more realloc calls than the log holds");
        agree = false;
    }
    if (agree && r.trapped) count_trap(o, r.trap_msg);
    result_free(&r);
out:
    arena_free(&a);
    return agree;
}

/* Runs every case of `op` (NULL: all); returns the number of mismatches. */
static size_t run_cases(oracle *o, const char *op, corruption corrupt, int *first_bad, size_t *ran)
{
    size_t bad = 0;
    *first_bad = -1;
    *ran = 0;
    for (size_t i = 0; i < o->ncases; i++) {
        const kase *k = &o->cases[i];
        if (op && strcmp(k->op, op) != 0) continue;
        char why[1024];
        (*ran)++;
        if (!run_case(o, k, &corrupt, why, sizeof why)) {
            if (*first_bad < 0) *first_bad = k->id;
            if (o->show && bad < 20) fprintf(stderr, "case %d (%s): %s\n", k->id, k->op, why);
            bad++;
        }
    }
    return bad;
}

typedef struct test_state {
    oracle *o;
    const char *op;
    corruption corrupt;
} test_state;

static void test_op(void **state)
{
    test_state *s = *state;
    int first;
    size_t ran;
    size_t bad = run_cases(s->o, s->op, C_NONE, &first, &ran);
    fprintf(stderr, "%s: %zu cases, %zu disagree with the reference\n", s->op, ran, bad);
    assert_true(ran > 0);
    assert_int_equal(bad, 0);
}

static void test_corrupt(void **state)
{
    test_state *s = *state;
    int first;
    size_t ran;
    s->o->show = false;
    size_t bad = run_cases(s->o, NULL, s->corrupt, &first, &ran);
    s->o->show = true;
    fprintf(stderr, "one %s expectation changed: %zu of %zu cases reported (case %d)\n",
            k_corruption_names[s->corrupt], bad, ran, first);
    assert_int_equal(bad, 1);
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    for (size_t got; buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0;) {
        n += got;
        if (n + 1 == cap) {
            char *b = realloc(buf, cap *= 2);
            if (!b) {
                free(buf);
                buf = NULL;
            }
            buf = b;
        }
    }
    fclose(f);
    if (buf) buf[n] = 0;
    return buf;
}

static bool load_cases(oracle *o, const char *path)
{
    o->text = read_all(path);
    if (!o->text) return false;
    size_t cap = 1024;
    o->cases = malloc(cap * sizeof *o->cases);
    kase *cur = NULL;
    for (char *save = NULL, *line = strtok_r(o->text, "\n", &save); line && o->cases;
         line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#') continue;
        if (strncmp(line, "case ", 5) == 0) {
            if (o->ncases == cap) {
                kase *c = realloc(o->cases, (cap *= 2) * sizeof *c);
                if (!c) return false;
                o->cases = c;
            }
            cur = &o->cases[o->ncases++];
            memset(cur, 0, sizeof *cur);
            cur->lines = malloc(MAX_CASE_LINES * sizeof *cur->lines);
            if (!cur->lines) return false;
            sscanf(line, "case %d %15s", &cur->id, cur->op);
        }
        if (!cur || cur->n == MAX_CASE_LINES) return false;
        cur->lines[cur->n++] = line;
        if (strcmp(line, "end") == 0) cur = NULL;
    }
    return o->cases && o->ncases > 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s ORACLE-FILE [--corrupt]\n", argv[0]);
        return 2;
    }
    bool corrupt = argc > 2 && strcmp(argv[2], "--corrupt") == 0;
    oracle o = {.show = true};
    if (!load_cases(&o, argv[1])) {
        fprintf(stderr, "%s: cannot read the cases\n", argv[1]);
        return 2;
    }
    if (warden_engine_new(&o.engine)) return 2;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);

    static const char *const ops[] = {"store",       "lower",        "load",
                                      "lift",        "lower_args",   "lift_args",
                                      "lift_result", "lower_result", "string"};
    test_state states[9];
    struct CMUnitTest tests[9];
    size_t n = 0;
    if (corrupt) {
        static const char *const names[] = {"trap_is_reported", "value_is_reported",
                                            "core_values_are_reported", "memory_is_reported",
                                            "realloc_calls_are_reported"};
        for (corruption c = C_TRAP; c <= C_CALLS; c++, n++) {
            states[n] = (test_state){&o, NULL, c};
            tests[n] = (struct CMUnitTest){names[n], test_corrupt, NULL, NULL, &states[n]};
        }
    } else {
        for (; n < 9; n++) {
            states[n] = (test_state){&o, ops[n], C_NONE};
            tests[n] = (struct CMUnitTest){ops[n], test_op, NULL, NULL, &states[n]};
        }
    }
    int failed = _cmocka_run_group_tests(corrupt ? "abi-oracle-can-fail" : "abi-oracle", tests, n,
                                         NULL, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    for (size_t i = 0; !corrupt && i < o.ntraps; i++)
        fprintf(stderr, "trap %6zu  %s\n", o.traps[i].n, o.traps[i].msg);
    fprintf(stderr, "%zu cases in %.2f s\n", o.ncases,
            (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    for (size_t i = 0; i < o.ncases; i++) free(o.cases[i].lines);
    free(o.cases);
    free(o.text);
    if (o.have_rig) rig_delete(&o.rig);
    warden_engine_delete(o.engine);
    return failed ? 1 : 0;
}
