/* fuzz_component: raw bytes as a component. warden_component_new must never crash, leak or take
 * unbounded time or memory: it accepts the input or refuses it with a MALFORMED or INVALID error
 * whose offset lies inside the input. An accepted component is put through what a host does with
 * one:
 *   - its world in WIT (warden_component_wit, bounded by the library) and its imports and exports
 *     listed;
 *   - instantiated twice, each time in a fresh store with small limits (memory, instances, tables,
 *     call depth, stack) and fuel, with a dummy host function for every function import (instance
 *     and type imports are left out: instantiation then fails with UNLINKABLE, which is fine);
 *   - every root function export called under fuel, with arguments built from its parameter types
 *     by reflection: the first time default values (zeros, empty strings and lists, the first case,
 *     none, ok), the second time richer ones (extreme numbers, strings of 1 to 4 byte characters,
 *     lists of two, the last case, some, err, every flag), resources taken from earlier results;
 *     the dummy host functions answer the same way, and in the second round every third answer is
 *     of the wrong type, which the runtime must refuse with a trap.
 * A call given well-typed arguments must not fail with an error (only trap); a result must print as
 * WAVE and read back as an equal value of the result type.
 * Environment: WARDEN_FUZZ_DEBUG=1 prints the verdict, imports, exports, calls and their ends. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/fuzz_support.h"
#include "warden.h"
#include "warden_component.h"

/* Fuel for instantiation and for each call. */
#define FUEL 50000u
/* Most nodes in one value built from a type (types are DAGs: a value can be exponentially larger
 * than its type), and in one value checked by a WAVE round trip. */
#define VALUE_BUDGET 4096u
#define WAVE_NODES 20000u
/* Exports called per round, and resources kept from results to pass back. */
#define MAX_CALLS 64
#define MAX_RESOURCES 16

static warden_engine_t *engine;
static bool debug;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    debug = fz_env_flag("WARDEN_FUZZ_DEBUG");
    warden_config_t config;
    warden_config_default(&config);
    config.consume_fuel = true;
    fz_check(warden_engine_new_with_config(&config, &engine), "warden_engine_new");
    return 0;
}

/* ---- values from types ------------------------------------------------------------------------
 */

typedef enum style {
    STYLE_DEFAULT, /* zeros, empty, first case, none, ok */
    STYLE_RICH,    /* extremes, non-ASCII, two elements, last case, some, err, all flags */
} style_t;

/* What one round of calls shares: how values are built, and resources seen in results. */
typedef struct round {
    style_t style;
    unsigned host_calls;
    warden_component_resource_t *resources[MAX_RESOURCES];
    size_t nresources, next_resource;
} round_t;

static bool take(unsigned *budget, size_t n)
{
    if (n > *budget) return false;
    *budget -= (unsigned)n;
    return true;
}

/* A string of characters 1, 2, 3 and 4 bytes long in UTF-8 (latin-1 and surrogate pairs in
 * UTF-16), so that every transcoding path is taken. */
static const char RICH_STRING[] = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";

/* Makes *out a value of type t in the round's style. False when none can be made (a resource
 * handle with none at hand, a value past the budget, no memory): *out is then a BOOL false. */
static bool make_val(round_t *r, const warden_component_type_t *t, unsigned *budget,
                     warden_component_val_t *out)
{
    warden_component_val_delete(out);
    if (!t || !take(budget, 1)) return false;
    bool rich = r->style == STYLE_RICH;
    warden_component_kind_t kind = warden_component_type_kind(t);
    size_t count = warden_component_type_count(t);
    warden_error_t *e = NULL;
    bool ok = true;
    switch (kind) {
    case WARDEN_COMPONENT_BOOL: out->of.boolean = rich; break;
    case WARDEN_COMPONENT_S8: out->of.s8 = rich ? INT8_MIN : 0; break;
    case WARDEN_COMPONENT_U8: out->of.u8 = rich ? UINT8_MAX : 0; break;
    case WARDEN_COMPONENT_S16: out->of.s16 = rich ? INT16_MIN : 0; break;
    case WARDEN_COMPONENT_U16: out->of.u16 = rich ? UINT16_MAX : 0; break;
    case WARDEN_COMPONENT_S32: out->of.s32 = rich ? INT32_MIN : 0; break;
    case WARDEN_COMPONENT_U32: out->of.u32 = rich ? UINT32_MAX : 0; break;
    case WARDEN_COMPONENT_S64: out->of.s64 = rich ? INT64_MIN : 0; break;
    case WARDEN_COMPONENT_U64: out->of.u64 = rich ? UINT64_MAX : 0; break;
    case WARDEN_COMPONENT_F32: out->of.f32 = rich ? -0.0f : 0.0f; break;
    case WARDEN_COMPONENT_F64: out->of.f64 = rich ? 1e308 : 0.0; break;
    case WARDEN_COMPONENT_CHAR: out->of.ch = rich ? 0x10FFFF : 0; break;
    case WARDEN_COMPONENT_STRING:
        e = warden_component_val_set_string(out, RICH_STRING, rich ? strlen(RICH_STRING) : 0);
        break;
    case WARDEN_COMPONENT_LIST: {
        const warden_component_type_t *elem = warden_component_type_elem(t, 0);
        /* A fixed-length list has exactly its length. */
        size_t fixed = warden_component_type_length(t);
        size_t n = fixed ? fixed : rich ? 2 : 0;
        if ((rich || fixed) && warden_component_type_kind(elem) == WARDEN_COMPONENT_U8) {
            static const uint8_t bytes[3] = {0, 0x80, 0xff};
            if (!fixed) {
                e = warden_component_val_set_bytes(out, bytes, sizeof bytes);
                break;
            }
            if (!take(budget, fixed)) return false;
            uint8_t *zeros = calloc(fixed, 1);
            if (!zeros) return false;
            e = warden_component_val_set_bytes(out, zeros, fixed);
            free(zeros);
            break;
        }
        if (!take(budget, n)) return false;
        e = warden_component_val_set_list(out, WARDEN_COMPONENT_LIST, n);
        for (size_t i = 0; !e && ok && i < n; i++)
            ok = make_val(r, elem, budget, &out->of.list.ptr[i]);
        break;
    }
    case WARDEN_COMPONENT_TUPLE:
        if (!take(budget, count)) return false;
        e = warden_component_val_set_list(out, WARDEN_COMPONENT_TUPLE, count);
        for (size_t i = 0; !e && ok && i < count; i++)
            ok = make_val(r, warden_component_type_elem(t, i), budget, &out->of.list.ptr[i]);
        break;
    case WARDEN_COMPONENT_RECORD: {
        if (!take(budget, count)) return false;
        const char **names = calloc(count ? count : 1, sizeof *names);
        if (!names) return false;
        for (size_t i = 0; i < count; i++) names[i] = warden_component_type_name(t, i);
        e = warden_component_val_set_record(out, names, count);
        free(names);
        for (size_t i = 0; !e && ok && i < count; i++)
            ok = make_val(r, warden_component_type_elem(t, i), budget, &out->of.record.ptr[i].val);
        break;
    }
    case WARDEN_COMPONENT_VARIANT: {
        if (count == 0) return false;
        size_t c = rich ? count - 1 : 0;
        const warden_component_type_t *payload = warden_component_type_elem(t, c);
        e = warden_component_val_set_variant(out, warden_component_type_name(t, c),
                                             payload != NULL);
        if (!e && payload) ok = make_val(r, payload, budget, out->of.variant.payload);
        break;
    }
    case WARDEN_COMPONENT_ENUM:
        if (count == 0) return false;
        e = warden_component_val_set_enum(out, warden_component_type_name(t, rich ? count - 1 : 0));
        break;
    case WARDEN_COMPONENT_OPTION:
        e = warden_component_val_set_option(out, rich);
        if (!e && rich) ok = make_val(r, warden_component_type_elem(t, 0), budget, out->of.payload);
        break;
    case WARDEN_COMPONENT_RESULT: {
        const warden_component_type_t *payload = warden_component_type_elem(t, rich ? 1 : 0);
        e = warden_component_val_set_result(out, rich, payload != NULL);
        if (!e && payload) ok = make_val(r, payload, budget, out->of.result.payload);
        break;
    }
    case WARDEN_COMPONENT_FLAGS: {
        size_t n = rich ? count : 0;
        const char **names = calloc(n ? n : 1, sizeof *names);
        if (!names) return false;
        for (size_t i = 0; i < n; i++) names[i] = warden_component_type_name(t, i);
        e = warden_component_val_set_flags(out, names, n);
        free(names);
        break;
    }
    case WARDEN_COMPONENT_MAP: {
        size_t n = rich ? 2 : 0; /* the same key twice: a map keeps every entry */
        if (!take(budget, 2 * n)) return false;
        e = warden_component_val_set_map(out, n);
        for (size_t i = 0; !e && ok && i < n; i++)
            ok = make_val(r, warden_component_type_elem(t, 0), budget, &out->of.map.ptr[i].key) &&
                 make_val(r, warden_component_type_elem(t, 1), budget, &out->of.map.ptr[i].val);
        break;
    }
    case WARDEN_COMPONENT_OWN:
    case WARDEN_COMPONENT_BORROW:
        if (r->nresources == 0) return false;
        out->of.resource = r->resources[r->next_resource++ % r->nresources];
        break;
    default: fz_fail("a type of the unknown kind %d", (int)kind);
    }
    if (e) {
        warden_error_delete(e);
        warden_component_val_delete(out);
        return false;
    }
    if (!ok) {
        warden_component_val_delete(out);
        return false;
    }
    if (kind <= WARDEN_COMPONENT_CHAR || kind == WARDEN_COMPONENT_OWN ||
        kind == WARDEN_COMPONENT_BORROW)
        out->kind = kind;
    return true;
}

/* Keeps the resources a value holds for later calls (the store owns them). */
static void keep_resources(round_t *r, const warden_component_val_t *v, unsigned depth)
{
    if (depth > 200) return;
    switch (v->kind) {
    case WARDEN_COMPONENT_OWN:
    case WARDEN_COMPONENT_BORROW:
        if (r->nresources < MAX_RESOURCES) r->resources[r->nresources++] = v->of.resource;
        break;
    case WARDEN_COMPONENT_LIST:
    case WARDEN_COMPONENT_TUPLE:
        for (size_t i = 0; i < v->of.list.len; i++)
            keep_resources(r, &v->of.list.ptr[i], depth + 1);
        break;
    case WARDEN_COMPONENT_RECORD:
        for (size_t i = 0; i < v->of.record.len; i++)
            keep_resources(r, &v->of.record.ptr[i].val, depth + 1);
        break;
    case WARDEN_COMPONENT_VARIANT:
        if (v->of.variant.payload) keep_resources(r, v->of.variant.payload, depth + 1);
        break;
    case WARDEN_COMPONENT_OPTION:
        if (v->of.payload) keep_resources(r, v->of.payload, depth + 1);
        break;
    case WARDEN_COMPONENT_RESULT:
        if (v->of.result.payload) keep_resources(r, v->of.result.payload, depth + 1);
        break;
    case WARDEN_COMPONENT_MAP:
        for (size_t i = 0; i < v->of.map.len; i++) {
            keep_resources(r, &v->of.map.ptr[i].key, depth + 1);
            keep_resources(r, &v->of.map.ptr[i].val, depth + 1);
        }
        break;
    default: break;
    }
}

/* Nodes of a value, counted up to `limit` (past it: limit + 1). */
static size_t val_nodes(const warden_component_val_t *v, size_t limit)
{
    size_t n = 1;
    switch (v->kind) {
    case WARDEN_COMPONENT_LIST:
    case WARDEN_COMPONENT_TUPLE:
        for (size_t i = 0; i < v->of.list.len && n <= limit; i++)
            n += val_nodes(&v->of.list.ptr[i], limit - n);
        break;
    case WARDEN_COMPONENT_RECORD:
        for (size_t i = 0; i < v->of.record.len && n <= limit; i++)
            n += val_nodes(&v->of.record.ptr[i].val, limit - n);
        break;
    case WARDEN_COMPONENT_VARIANT:
        if (v->of.variant.payload) n += val_nodes(v->of.variant.payload, limit - n);
        break;
    case WARDEN_COMPONENT_OPTION:
        if (v->of.payload) n += val_nodes(v->of.payload, limit - n);
        break;
    case WARDEN_COMPONENT_RESULT:
        if (v->of.result.payload) n += val_nodes(v->of.result.payload, limit - n);
        break;
    case WARDEN_COMPONENT_MAP:
        for (size_t i = 0; i < v->of.map.len && n <= limit; i++) {
            n += val_nodes(&v->of.map.ptr[i].key, limit - n);
            if (n <= limit) n += val_nodes(&v->of.map.ptr[i].val, limit - n);
        }
        break;
    case WARDEN_COMPONENT_STRING: n += v->of.string.len / 64; break;
    case WARDEN_COMPONENT_BYTES: n += v->of.bytes.len / 64; break;
    default: break;
    }
    return n > limit ? limit + 1 : n;
}

/* Whether a type holds a resource handle; true too when it is too big to tell (types are DAGs). */
static bool has_resource(const warden_component_type_t *t, unsigned *budget)
{
    if (!t) return false;
    if (!take(budget, 1)) return true;
    warden_component_kind_t k = warden_component_type_kind(t);
    if (k == WARDEN_COMPONENT_OWN || k == WARDEN_COMPONENT_BORROW) return true;
    size_t n = warden_component_type_count(t);
    if (k == WARDEN_COMPONENT_ENUM || k == WARDEN_COMPONENT_FLAGS) return false;
    for (size_t i = 0; i < n; i++)
        if (has_resource(warden_component_type_elem(t, i), budget)) return true;
    return false;
}

/* A value that the runtime lifted (a result, or a host function's argument) must print as WAVE
 * and read back, as a value of its type, equal to itself. Values with resources are left out
 * (WAVE cannot spell a handle), and so are big ones. */
static void wave_round_trip(const warden_component_type_t *t, const warden_component_val_t *v,
                            const char *what)
{
    unsigned budget = WAVE_NODES;
    if (!t || has_resource(t, &budget) || val_nodes(v, WAVE_NODES) > WAVE_NODES) return;
    char *text = NULL;
    size_t len = 0;
    warden_error_t *e = warden_component_val_to_wave(v, &text, &len);
    if (e) {
        warden_error_kind_t kind = warden_error_kind(e);
        warden_error_delete(e);
        if (kind == WARDEN_ERROR_NO_MEMORY) return;
        fz_fail("%s does not print as WAVE (error kind %d)", what, (int)kind);
    }
    if (strlen(text) != len) fz_fail("the WAVE text of %s is not %zu bytes long", what, len);
    warden_component_val_t back = {.kind = WARDEN_COMPONENT_BOOL};
    e = warden_component_val_from_wave(t, text, len, &back);
    if (e) {
        fprintf(stderr, "WAVE: %s\nerror: %s\n", text, warden_error_message(e));
        fz_fail("the WAVE text of %s does not read back", what);
    }
    if (!warden_component_val_equal(v, &back)) {
        fprintf(stderr, "WAVE: %s\n", text);
        fz_fail("the WAVE text of %s reads back as another value", what);
    }
    warden_component_val_delete(&back);
    free(text);
}

/* ---- host functions ---------------------------------------------------------------------------
 */

static warden_trap_t *dummy_func(void *env, warden_component_caller_t *caller,
                                 const warden_component_val_t *args, size_t nargs,
                                 warden_component_val_t *results, size_t nresults)
{
    round_t *r = env;
    if (!warden_component_caller_store(caller)) fz_fail("a host function got no store");
    const warden_component_functype_t *ft = warden_component_caller_type(caller);
    if (!ft) fz_fail("a host function got no type");
    if (nargs != warden_component_functype_param_count(ft))
        fz_fail("a host function got %zu arguments for %zu parameters", nargs,
                warden_component_functype_param_count(ft));
    const warden_component_type_t *rt = warden_component_functype_result(ft);
    if (nresults != (rt ? 1u : 0u)) fz_fail("a host function has room for %zu results", nresults);
    for (size_t i = 0; i < nargs; i++) {
        const warden_component_type_t *pt = NULL;
        if (!warden_component_functype_param(ft, i, NULL, &pt))
            fz_fail("parameter %zu of a host function is missing", i);
        keep_resources(r, &args[i], 0);
        wave_round_trip(pt, &args[i], "an argument of a host function");
    }
    r->host_calls++;
    if (!nresults) return NULL;
    if (r->style == STYLE_RICH && r->host_calls % 3 == 0) {
        /* A result of the wrong type: a string that is not UTF-8, or a string for anything else.
         * The runtime must refuse it with a trap. */
        bool is_string = warden_component_type_kind(rt) == WARDEN_COMPONENT_STRING;
        warden_error_t *e =
            warden_component_val_set_string(&results[0], is_string ? "\xff" : "x", 1);
        if (e) {
            warden_error_delete(e);
            return warden_trap_new("fuzz: no memory for a result");
        }
        return NULL;
    }
    unsigned budget = VALUE_BUDGET;
    if (!make_val(r, rt, &budget, &results[0]))
        return warden_trap_new("fuzz: no value of the result type at hand");
    return NULL;
}

/* ---- the component ----------------------------------------------------------------------------
 */

static void check_listing(const warden_component_t *c)
{
    size_t ni = warden_component_import_count(c), ne = warden_component_export_count(c);
    for (size_t i = 0; i < ni + ne; i++) {
        const char *name = NULL;
        warden_component_item_kind_t kind = WARDEN_COMPONENT_ITEM_MODULE;
        bool ok = i < ni ? warden_component_import(c, i, &name, &kind)
                         : warden_component_export(c, i - ni, &name, &kind);
        if (!ok || !name || kind > WARDEN_COMPONENT_ITEM_INSTANCE)
            fz_fail("%s %zu is missing or odd", i < ni ? "import" : "export", i < ni ? i : i - ni);
        if (debug) fprintf(stderr, "%s %d %s\n", i < ni ? "import" : "export", (int)kind, name);
    }
    const char *name;
    warden_component_item_kind_t kind;
    if (warden_component_import(c, ni, &name, &kind) ||
        warden_component_export(c, ne, &name, &kind))
        fz_fail("an import or export past the count is found");
}

static void check_wit(const warden_component_t *c)
{
    char *text = NULL;
    size_t len = 0;
    warden_error_t *e = warden_component_wit(c, &text, &len);
    if (e) {
        warden_error_kind_t kind = warden_error_kind(e);
        if (debug) fprintf(stderr, "wit: %s\n", warden_error_message(e));
        warden_error_delete(e);
        if (kind == WARDEN_ERROR_ARGUMENT) fz_fail("warden_component_wit refused its arguments");
        return;
    }
    if (!text || strlen(text) != len) fz_fail("the WIT text is not %zu bytes long", len);
    if (debug) fprintf(stderr, "wit:\n%s\n", text);
    free(text);
}

/* Calls export `name` (a root function) with arguments in the round's style. Returns whether it
 * trapped (the instance then refuses further calls). */
static bool call_export(round_t *r, warden_store_t *store, warden_component_instance_t *inst,
                        const char *name)
{
    warden_component_func_t *f = warden_component_instance_func(inst, name, strlen(name));
    if (!f) fz_fail("the function export `%s` is missing from its instance", name);
    const warden_component_functype_t *ft = warden_component_func_type(f);
    size_t np = warden_component_functype_param_count(ft);
    const warden_component_type_t *rt = warden_component_functype_result(ft);
    warden_component_val_t *args = calloc(np ? np : 1, sizeof *args);
    if (!args) return false;
    for (size_t i = 0; i < np; i++) args[i].kind = WARDEN_COMPONENT_BOOL;
    unsigned budget = VALUE_BUDGET;
    bool ok = true, trapped = false;
    for (size_t i = 0; ok && i < np; i++) {
        const warden_component_type_t *pt = NULL;
        if (!warden_component_functype_param(ft, i, NULL, &pt))
            fz_fail("parameter %zu of `%s` is missing", i, name);
        ok = make_val(r, pt, &budget, &args[i]);
    }
    if (ok) {
        warden_component_val_t result = {.kind = WARDEN_COMPONENT_BOOL};
        warden_trap_t *trap = NULL;
        fz_check(warden_store_set_fuel(store, FUEL), "warden_store_set_fuel");
        warden_error_t *e =
            warden_component_func_call(store, f, args, np, rt ? &result : NULL, rt ? 1 : 0, &trap);
        if (e) {
            fprintf(stderr, "error: %s\n", warden_error_message(e));
            fz_fail("calling `%s` with arguments of its types failed", name);
        }
        if (debug)
            fprintf(stderr, "call %s: %s\n", name, trap ? warden_trap_message(trap) : "returned");
        if (trap) {
            if (result.kind != WARDEN_COMPONENT_BOOL || result.of.boolean)
                fz_fail("`%s` trapped and left a result behind", name);
            warden_trap_delete(trap);
            trapped = true;
        } else if (rt) {
            keep_resources(r, &result, 0);
            wave_round_trip(rt, &result, "a result");
        }
        warden_component_val_delete(&result);
    }
    for (size_t i = 0; i < np; i++) warden_component_val_delete(&args[i]);
    free(args);
    return trapped;
}

/* A fresh store with small limits, and the component instantiated in it with `linker`. Returns
 * the instance, or NULL when instantiation failed cleanly (*store is kept either way). */
static warden_component_instance_t *instantiate(const warden_component_linker_t *linker,
                                                const warden_component_t *c, warden_store_t **store)
{
    fz_check(warden_store_new(engine, store), "warden_store_new");
    warden_store_limits_t limits;
    warden_store_limits_default(&limits);
    limits.max_memory_bytes = 16u << 20;
    limits.max_table_elements = 10000;
    limits.max_instances = 100;
    limits.max_memories = 16;
    limits.max_tables = 16;
    limits.max_call_depth = 500;
    limits.max_stack_bytes = 256u << 10;
    fz_check(warden_store_set_limits(*store, &limits), "warden_store_set_limits");
    fz_check(warden_store_set_fuel(*store, FUEL), "warden_store_set_fuel");
    warden_component_instance_t *inst = NULL;
    warden_trap_t *trap = NULL;
    warden_error_t *e = warden_component_linker_instantiate(linker, *store, c, &inst, &trap);
    if (e) {
        warden_error_kind_t kind = warden_error_kind(e);
        if (debug) fprintf(stderr, "instantiate: %s\n", warden_error_message(e));
        if (inst) fz_fail("instantiation failed and gave an instance");
        if (kind == WARDEN_ERROR_ARGUMENT || kind == WARDEN_ERROR_MALFORMED ||
            kind == WARDEN_ERROR_INVALID) {
            fprintf(stderr, "error: %s\n", warden_error_message(e));
            fz_fail("instantiating a valid component failed with error kind %d", (int)kind);
        }
        warden_error_delete(e);
        return NULL;
    }
    if (trap) {
        if (inst) fz_fail("instantiation trapped and gave an instance");
        if (debug) fprintf(stderr, "instantiate: trap: %s\n", warden_trap_message(trap));
        warden_trap_delete(trap);
        return NULL;
    }
    if (!inst) fz_fail("instantiation gave neither an instance, an error nor a trap");
    return inst;
}

/* One round: every root function export called once, in a fresh instance after each trap (at
 * most MAX_INSTANCES of them). */
#define MAX_INSTANCES 8

static void run_round(const warden_component_t *c, style_t style)
{
    round_t r;
    memset(&r, 0, sizeof r);
    r.style = style;
    warden_component_linker_t *linker = NULL;
    fz_check(warden_component_linker_new(engine, &linker), "warden_component_linker_new");
    size_t ni = warden_component_import_count(c);
    for (size_t i = 0; i < ni; i++) {
        const char *name;
        warden_component_item_kind_t kind;
        warden_component_import(c, i, &name, &kind);
        if (kind != WARDEN_COMPONENT_ITEM_FUNC) continue;
        fz_check(
            warden_component_linker_define_func(linker, name, strlen(name), dummy_func, &r, NULL),
            "warden_component_linker_define_func");
    }
    warden_store_t *store = NULL;
    warden_component_instance_t *inst = instantiate(linker, c, &store);
    size_t ne = warden_component_export_count(c), calls = 0, instances = 1;
    for (size_t i = 0; inst && i < ne && calls < MAX_CALLS; i++) {
        const char *name;
        warden_component_item_kind_t kind;
        warden_component_export(c, i, &name, &kind);
        if (kind != WARDEN_COMPONENT_ITEM_FUNC) continue;
        calls++;
        if (!call_export(&r, store, inst, name) || instances == MAX_INSTANCES) continue;
        /* The instance trapped: the next export gets a fresh one (resources of the old store go
         * with it). */
        warden_store_delete(store);
        r.nresources = r.next_resource = 0;
        inst = instantiate(linker, c, &store);
        instances++;
    }
    warden_store_delete(store);
    warden_component_linker_delete(linker);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    warden_component_t *c = NULL;
    warden_error_t *e = warden_component_new(engine, data, size, &c);
    if (e) {
        warden_error_kind_t kind = warden_error_kind(e);
        int64_t offset = warden_error_offset(e);
        const char *msg = warden_error_message(e);
        if (debug) fprintf(stderr, "refused: kind %d at %" PRId64 ": %s\n", (int)kind, offset, msg);
        if (c) fz_fail("warden_component_new failed and gave a component");
        if (kind != WARDEN_ERROR_MALFORMED && kind != WARDEN_ERROR_INVALID)
            fz_fail("warden_component_new failed with error kind %d: %s", (int)kind, msg);
        if (offset < 0 || (uint64_t)offset > size)
            fz_fail("the error's offset %" PRId64 " is outside the %zu bytes: %s", offset, size,
                    msg);
        if (!msg || !*msg) fz_fail("an error without a message");
        warden_error_delete(e);
        return 0;
    }
    if (!c) fz_fail("warden_component_new succeeded without a component");
    if (!warden_is_component(data, size))
        fz_fail("warden_component_new accepted bytes that are not a component");
    if (debug) fprintf(stderr, "accepted\n");
    check_listing(c);
    check_wit(c);
    run_round(c, STYLE_DEFAULT);
    run_round(c, STYLE_RICH);
    warden_component_delete(c);
    return 0;
}
