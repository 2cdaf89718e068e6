/* fuzz_exec: differential execution of valid modules, warden against binaryen's interpreter.
 *
 * For each input:
 *   1. `wasm-opt INPUT -ttf FEATURES --denan -o gen.wasm` turns the bytes into a valid module
 *      (translate-to-fuzz, WebAssembly 2.0 features only). --denan makes every scalar f32/f64
 *      value that would be a NaN a zero, so NaN payloads, which the spec leaves open, cannot make
 *      the engines differ; nan_canon.c does the same for the SIMD results (mod.wasm).
 *      Or, for one input in two, support/gen_module.c makes the module (mod.wasm) itself: fewer
 *      features, but every SIMD operation and the operand-stack shapes the lowering rewrites.
 *   2. `wasm-opt mod.wasm FEATURES --fuzz-exec-before` runs every export in binaryen's interpreter
 *      and prints what each logged through the "fuzzing-support" imports, returned or trapped.
 *   3. warden loads mod.wasm through the public API, links the same imports, calls the same
 *      exports in the same order (parameters zero, as binaryen passes them; the export
 *      "hangLimitInitializer" first each time, as binaryen does) and a stack limit, three times:
 *      lowered with fuel metering (and fuel for each call), without (and a deadline), and with
 *      fuel again as calls that pause (warden_call_*: a fuel slice of 1 to 64 units, so they
 *      yield at almost every check site, and async log functions, half of which leave their call
 *      PENDING until the loop finishes them); each log, result and trap kind must match, and a
 *      paused call must consume exactly the fuel of the same call run straight through;
 *      otherwise it aborts. In a build with the compiled tier, the module is also compiled with
 *      LLVM and run as calls that pause, which must give the same and consume exactly the fuel
 *      the interpreter's calls did (for one such input in two, each function compiled at its
 *      first call, from the host or from compiled code, in parts of a few functions that call
 *      each other through their code records: warden_config_t.compile_lazily, and for one of those
 *      in two, the module's .cwasm run instead, its parts linked at their first calls); or, for one
 *      input in two, it is run so in the auto tier,
 *      starting in the interpreter and compiled from its first call on a thread of its own
 *      (tier_up_threshold 1), and waited for (warden_module_compile) from inside a log call (the
 *      1st to 8th, as the input says), or between two slices (after the 1st to 8th yield), or
 *      after the first export, in slices of 1 to 64 units
 *      or, for one run in two, 64 times that: the calls under way go on
 *      across the switch, their loops at their next iteration (on-stack replacement, which
 *      threshold 1 looks for at every one), with the same results and fuel. The switch comes at
 *      that log call or before, as soon as the compile is done. And for one input in two, the
 *      module is run interpreted under compiled code: each export called through a shim module
 *      (shim_of) compiled in an engine of the auto tier that leaves the module interpreted, with
 *      fuel, then as calls that pause, which must consume the same fuel; so the interpreter
 *      pauses under compiled code, at its check sites and at async log calls.
 * Not comparable, so the comparison stops there (the instance's state may differ from then on):
 * a stack exhausted in either engine, fuel or the deadline running out in warden, a line of
 * binaryen's output that is not understood.
 *
 * Environment: WARDEN_FUZZ_DEBUG=1 prints both sides of every input; WARDEN_FUZZ_KEEP=PATH
 * copies the module that was run to PATH (to turn a finding into a .wat with wasm2wat);
 * WARDEN_FUZZ_MODULE=PATH runs that module instead of making one from the input (to check a
 * module cut down by hand, or by wasm-reduce). */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/binaryen_ref.h"
#include "support/fuzz_support.h"
#include "support/gen_module.h"
#include "support/nan_canon.h"
#include "warden.h"

#ifndef WARDEN_WASM_OPT
#define WARDEN_WASM_OPT "/usr/bin/wasm-opt"
#endif
#ifndef WARDEN_WASM_VALIDATE
#define WARDEN_WASM_VALIDATE "/usr/bin/wasm-validate"
#endif

/* The WebAssembly 2.0 feature set, nothing newer. Reference types come as a separate flag: with
 * them, binaryen 108 often makes modules that 2.0 rejects (it treats funcref as a subtype of
 * externref, which it calls anyref, and gives blocks typed function references), so only one
 * input in four asks for them, and those modules are checked with wasm-validate first. */
#define FEATURES                                                                                   \
    "--mvp-features", "--enable-sign-ext", "--enable-mutable-globals",                             \
        "--enable-nontrapping-float-to-int", "--enable-bulk-memory", "--enable-multivalue",        \
        "--enable-simd"
#define REFTYPES "--enable-reference-types"

/* Per export call. -ttf modules bound their loops and recursion themselves (a hang-limit
 * global), so this only stops what that misses. */
#define FUEL_PER_CALL 20000000u
#define MAX_CALL_DEPTH 5000u
#define DEADLINE_TICKS 5000u /* of 1 ms */
#define MAX_STACK_BYTES (1u << 20)

enum { LOG_I32, LOG_I64, LOG_F32, LOG_F64, LOG_V128, LOG_KINDS };
static const char *const k_log_names[LOG_KINDS] = {"log-i32", "log-i64", "log-f32", "log-f64",
                                                   "log-v128"};
static const warden_valkind_t k_log_types[LOG_KINDS] = {WARDEN_I32, WARDEN_I64, WARDEN_F32,
                                                        WARDEN_F64, WARDEN_V128};

typedef struct log_entry {
    int kind;
    warden_val_t val;
} log_entry_t;

typedef struct exec_ctx {
    log_entry_t *logs;
    size_t nlogs, cap;
    const char *export_name;
    warden_completion_t *held; /* an async log left unfinished, in the paused run */
    bool pausing;              /* in paused_call: logs may be left unfinished */
    /* The auto tier's run: the module compiled at log number switch_at of the run (from 1),
     * or, with switch_on_yield, when the call yields for the switch_at-th time (between two
     * slices: at a check site, a loop's back-edge or a function's entry). */
    warden_module_t *switch_module;
    size_t switch_at, seen;
    bool switch_on_yield;
} exec_ctx_t;

/* Runs of the auto tier switched to compiled code from inside a call (print_stats). */
static uint64_t stat_switched;
/* Inputs run in the compiled tier compiling each function at its first call; of them, inputs
 * run from the module's .cwasm instead, linked part by part at first calls. */
static uint64_t stat_lazy, stat_cwasm;
/* Inputs also run interpreted under a compiled shim (engine_mixed). */
static uint64_t stat_mixed;

typedef struct log_env {
    exec_ctx_t *ctx;
    int kind;
} log_env_t;

static void record_log(log_env_t *le, const warden_val_t *args, size_t nargs)
{
    exec_ctx_t *ctx = le->ctx;
    if (nargs != 1 || args[0].kind != k_log_types[le->kind])
        fz_fail("%s called with %zu arguments of the wrong kind", k_log_names[le->kind], nargs);
    if (ctx->nlogs == ctx->cap) {
        ctx->cap = ctx->cap ? ctx->cap * 2 : 64;
        log_entry_t *logs = realloc(ctx->logs, ctx->cap * sizeof *logs);
        if (!logs) fz_fail("out of memory");
        ctx->logs = logs;
    }
    ctx->logs[ctx->nlogs++] = (log_entry_t){le->kind, args[0]};
    if (ctx->switch_module && !ctx->switch_on_yield && ++ctx->seen == ctx->switch_at) {
        fz_check(warden_module_compile(ctx->switch_module), "warden_module_compile (in a call)");
        stat_switched++;
    }
}

static warden_trap_t *log_callback(void *env, warden_caller_t *caller, const warden_val_t *args,
                                   size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)caller;
    (void)results;
    (void)nresults;
    record_log(env, args, nargs);
    return NULL;
}

/* The paused run's log: every other one finishes inside the callback, the rest when the call
 * is PENDING (paused_call). */
static void log_async(void *env, warden_caller_t *caller, const warden_val_t *args, size_t nargs,
                      warden_completion_t *completion)
{
    (void)caller;
    log_env_t *le = env;
    record_log(le, args, nargs);
    if (!le->ctx->pausing || le->ctx->nlogs % 2 || le->ctx->held) {
        warden_completion_return(completion, NULL, 0);
        return;
    }
    le->ctx->held = completion;
}

/* A trap's backtrace as one number: the count of its frames, the count left out and each frame's
 * function index. 0: no trap. */
static uint64_t trace_of(const warden_trap_t *t)
{
    if (!t) return 0;
    uint64_t h = 14695981039346656037u;
    size_t n = warden_trap_frame_count(t);
    uint64_t words[2] = {n, warden_trap_frames_omitted(t)};
    for (size_t i = 0; i < 2 + n; i++) {
        uint32_t index = 0;
        if (i >= 2 && !warden_trap_frame(t, i - 2, &index, NULL)) fz_fail("frame %zu missing", i);
        h = (h ^ (i < 2 ? words[i] : index)) * 1099511628211u;
    }
    return h | 1;
}

/* Calls `f` as a call that pauses, resuming until it ends; the trap's kind, or 0, and its
 * backtrace in *trace (trace_of). */
static warden_trap_kind_t paused_call(warden_store_t *store, warden_func_t *f, exec_ctx_t *ctx,
                                      const warden_val_t *args, uint32_t nargs,
                                      warden_val_t *results, uint32_t nresults, uint64_t *trace)
{
    warden_call_t *call;
    fz_check(warden_call_new(store, f, args, nargs, &call), "warden_call_new");
    warden_call_status_t st;
    ctx->pausing = true;
    while ((st = warden_call_resume(call)) == WARDEN_CALL_YIELDED || st == WARDEN_CALL_PENDING) {
        if (st == WARDEN_CALL_PENDING) {
            if (!ctx->held) fz_fail("a call is PENDING with no completion left unfinished");
            warden_completion_t *c = ctx->held;
            ctx->held = NULL;
            warden_completion_return(c, NULL, 0);
        } else if (ctx->switch_module && ctx->switch_on_yield && ++ctx->seen == ctx->switch_at) {
            fz_check(warden_module_compile(ctx->switch_module), "warden_module_compile (paused)");
            stat_switched++;
        }
    }
    ctx->pausing = false;
    warden_trap_kind_t kind = 0;
    *trace = 0;
    if (st == WARDEN_CALL_DONE) {
        fz_check(warden_call_results(call, results, nresults), "warden_call_results");
    } else {
        kind = warden_trap_kind(warden_call_trap(call));
        *trace = trace_of(warden_call_trap(call));
    }
    warden_call_delete(call);
    return kind;
}

/* ---- values ------------------------------------------------------------------------------------
 */

static void format_val(const warden_val_t *v, char *buf, size_t size)
{
    switch (v->kind) {
    case WARDEN_I32: snprintf(buf, size, "i32:%" PRId32, v->of.i32); break;
    case WARDEN_I64: snprintf(buf, size, "i64:%" PRId64, v->of.i64); break;
    case WARDEN_F32:
        snprintf(buf, size, "f32:%.9g (0x%08" PRIx32 ")", (double)v->of.f32, v->of.f32_bits);
        break;
    case WARDEN_F64:
        snprintf(buf, size, "f64:%.17g (0x%016" PRIx64 ")", v->of.f64, v->of.f64_bits);
        break;
    case WARDEN_V128: {
        uint32_t l[4];
        memcpy(l, v->of.v128, 16);
        snprintf(buf, size,
                 "v128:i32x4 0x%08" PRIx32 " 0x%08" PRIx32 " 0x%08" PRIx32 " 0x%08" PRIx32, l[0],
                 l[1], l[2], l[3]);
        break;
    }
    case WARDEN_FUNCREF:
        snprintf(buf, size, "funcref:%s", v->of.funcref ? "non-null" : "null");
        break;
    case WARDEN_EXTERNREF:
        snprintf(buf, size, "externref:%s", v->of.externref ? "non-null" : "null");
        break;
    default: snprintf(buf, size, "?kind %d", (int)v->kind);
    }
}

static bool f32_is_nan(uint32_t b)
{
    return (b & 0x7f800000u) == 0x7f800000u && (b & 0x7fffffu);
}

static bool f64_is_nan(uint64_t b)
{
    return (b & 0x7ff0000000000000ull) == 0x7ff0000000000000ull && (b & 0xfffffffffffffull);
}

/* Does binaryen's text `text` stand for warden's value `v`? A NaN matches any NaN (scalar NaNs
 * cannot reach here after --denan unless a payload is reinterpreted in, which is exact anyway). */
static bool value_matches(const char *text, const warden_val_t *v)
{
    switch (v->kind) {
    case WARDEN_I32: {
        uint32_t x;
        return bref_parse_i32(text, &x) && x == (uint32_t)v->of.i32;
    }
    case WARDEN_I64: {
        uint64_t x;
        return bref_parse_i64(text, &x) && x == (uint64_t)v->of.i64;
    }
    case WARDEN_F32: {
        uint32_t x;
        if (!bref_parse_f32(text, &x)) return false;
        return x == v->of.f32_bits || (f32_is_nan(x) && f32_is_nan(v->of.f32_bits));
    }
    case WARDEN_F64: {
        uint64_t x;
        if (!bref_parse_f64(text, &x)) return false;
        return x == v->of.f64_bits || (f64_is_nan(x) && f64_is_nan(v->of.f64_bits));
    }
    case WARDEN_V128: {
        uint8_t x[16];
        return bref_parse_v128(text, x) && memcmp(x, v->of.v128, 16) == 0;
    }
    case WARDEN_FUNCREF:
    case WARDEN_EXTERNREF: {
        bool known, is_null;
        if (!bref_parse_ref(text, &known, &is_null)) return false;
        bool null = v->kind == WARDEN_FUNCREF ? v->of.funcref == NULL : v->of.externref == NULL;
        return !known || is_null == null;
    }
    default: return false;
    }
}

/* A log line: log-i64 prints the low and high halves as two signed i32. */
static bool log_matches(const char *text, const log_entry_t *e)
{
    if (e->kind == LOG_I64) {
        const char *space = strchr(text, ' ');
        if (!space) return false;
        char lo_text[32];
        size_t n = (size_t)(space - text);
        if (n >= sizeof lo_text) return false;
        memcpy(lo_text, text, n);
        lo_text[n] = '\0';
        uint32_t lo, hi;
        if (!bref_parse_i32(lo_text, &lo) || !bref_parse_i32(space + 1, &hi)) return false;
        return ((uint64_t)hi << 32 | lo) == (uint64_t)e->val.of.i64;
    }
    return value_matches(text, &e->val);
}

/* ---- one input ---------------------------------------------------------------------------------
 */

/* Two engines: code lowered with fuel metering and without (what most embedders run). Without
 * fuel, a deadline is the safety net. */
/* engine_llvm: fuel metering in the compiled tier (engine_lazy: compiling each function at its
 * first call); engine_auto: the same in the auto tier, which compiles from the first call, and
 * whose loops look for their code at every iteration (NULL in a build without LLVM). */
static warden_engine_t *engine_fuel, *engine_plain, *engine_llvm, *engine_lazy, *engine_auto;
/* The auto tier with fuel metering that compiles only on request: the module stays interpreted,
 * called from a shim compiled for it (shim_of). */
static warden_engine_t *engine_mixed;
static fz_buf_t ref_out, ref_err;
static bool debug;
static uint64_t stat_inputs, stat_compared_calls, stat_stopped, stat_ref_failed, stat_invalid;

static void print_both(const exec_ctx_t *ctx)
{
    fprintf(stderr, "---- binaryen's output ----\n%s---- warden, this call ----\n",
            ref_out.data ? ref_out.data : "");
    for (size_t i = 0; i < ctx->nlogs; i++) {
        char buf[128];
        format_val(&ctx->logs[i].val, buf, sizeof buf);
        fprintf(stderr, "  log %s\n", buf);
    }
}

#define DIVERGE(...)                                                                               \
    do {                                                                                           \
        print_both(&ctx);                                                                          \
        fprintf(stderr, "module: %s (kept)\n", mod_path);                                          \
        fz_fail("warden (%s fuel%s) and binaryen differ in export \"%s\": %s",                     \
                fuel ? "with" : "without",                                                         \
                engine == engine_llvm   ? ", llvm"                                                 \
                : engine == engine_lazy ? ", llvm compiling at first calls"                        \
                : engine == engine_auto ? ", auto"                                                 \
                                        : "",                                                      \
                c->name, detail(__VA_ARGS__));                                                     \
    } while (0)

static char detail_buf[1024];
static const char *detail(const char *fmt, ...) FZ_PRINTF(1, 2);
static const char *detail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail_buf, sizeof detail_buf, fmt, ap);
    va_end(ap);
    return detail_buf;
}

/* Before each call: the fuel for one call, or (without fuel) a deadline a few seconds away. */
static void arm_limits(warden_store_t *store, bool fuel)
{
    if (fuel)
        fz_check(warden_store_set_fuel(store, FUEL_PER_CALL), "warden_store_set_fuel");
    else
        warden_store_set_deadline(store, DEADLINE_TICKS);
}

static void zero_value(warden_valkind_t kind, warden_val_t *v)
{
    memset(v, 0, sizeof *v);
    v->kind = kind;
}

static void print_stats(void)
{
    fprintf(stderr,
            "[fuzz_exec] inputs %" PRIu64 ", export calls compared %" PRIu64
            ", stopped early (limits) %" PRIu64 ", reference failed %" PRIu64
            ", invalid modules skipped %" PRIu64 ", switched to compiled code in a call %" PRIu64
            ", compiled at first calls %" PRIu64
            ", run from a .cwasm linked at first calls %" PRIu64
            ", interpreted under compiled code %" PRIu64 "\n",
            stat_inputs, stat_compared_calls, stat_stopped, stat_ref_failed, stat_invalid,
            stat_switched, stat_lazy, stat_cwasm, stat_mixed);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    debug = fz_env_flag("WARDEN_FUZZ_DEBUG");
    atexit(print_stats);
    warden_config_t config;
    warden_config_default(&config);
    config.tier = WARDEN_TIER_INTERP;
    fz_check(warden_engine_new_with_config(&config, &engine_plain), "warden_engine_new");
    config.consume_fuel = true;
    fz_check(warden_engine_new_with_config(&config, &engine_fuel), "warden_engine_new");
    if (warden_tier_supported(WARDEN_TIER_LLVM)) {
        config.tier = WARDEN_TIER_LLVM;
        fz_check(warden_engine_new_with_config(&config, &engine_llvm), "warden_engine_new");
        config.compile_lazily = true;
        fz_check(warden_engine_new_with_config(&config, &engine_lazy), "warden_engine_new");
        config.compile_lazily = false;
        config.tier = WARDEN_TIER_AUTO;
        config.tier_up_threshold = 1;
        fz_check(warden_engine_new_with_config(&config, &engine_auto), "warden_engine_new");
        config.tier_up_threshold = 0;
        fz_check(warden_engine_new_with_config(&config, &engine_mixed), "warden_engine_new");
    }
    return 0;
}

/* translate-to-fuzz: the module binaryen makes of the input (in in_path), NaN-canonicalised.
 * False when there is none to compare (binaryen failed, or made an invalid module). */
static bool make_ttf_module(const char *in_path, const char *gen_path, bool reftypes,
                            bool in_bounds, uint8_t **out, size_t *out_len)
{
    const char *gen_argv[24] = {WARDEN_WASM_OPT, in_path, "-ttf",  FEATURES,
                                "--denan",       "-o",    gen_path};
    size_t argc = 0;
    while (gen_argv[argc]) argc++;
    if (reftypes) gen_argv[argc++] = REFTYPES;
    if (in_bounds) gen_argv[argc++] = "--no-fuzz-oob";
    gen_argv[argc] = NULL;
    fz_buf_clear(&ref_err);
    int rc = fz_run(gen_argv, NULL, &ref_err, 60000);
    if (rc != 0) {
        stat_ref_failed++;
        if (debug) fprintf(stderr, "wasm-opt -ttf failed (%d): %s\n", rc, ref_err.data);
        return false;
    }
    if (reftypes) {
        const char *val_argv[] = {WARDEN_WASM_VALIDATE, gen_path, NULL};
        if (fz_run(val_argv, NULL, NULL, 60000) != 0) {
            stat_invalid++;
            if (debug)
                fprintf(stderr, "wasm-opt -ttf made a module that is not valid WebAssembly 2.0\n");
            return false;
        }
    }
    size_t gen_len;
    uint8_t *gen = fz_read_file(gen_path, &gen_len);
    if (!gen) fz_fail("wasm-opt wrote no module");
    uint8_t *mod = NULL;
    size_t mod_len = 0;
    switch (nan_canon_simd(gen, gen_len, &mod, &mod_len)) {
    case NAN_CANON_REWRITTEN: free(gen); break;
    case NAN_CANON_UNCHANGED:
        mod = gen;
        mod_len = gen_len;
        break;
    case NAN_CANON_FAILED: fz_fail("nan_canon cannot read the module wasm-opt made (%s)", gen_path);
    }
    *out = mod;
    *out_len = mod_len;
    return true;
}

/* Section `id` holding sec's bytes, into w; sec emptied. */
static void put_section(fz_buf_t *w, uint8_t id, fz_buf_t *sec)
{
    fz_buf_put_byte(w, id);
    fz_buf_put_uleb(w, sec->len);
    fz_buf_append(w, sec->data, sec->len);
    fz_buf_clear(sec);
}

/* One exported function's entry in section `id` of the shim: k-th of n. */
static void shim_entry(fz_buf_t *sec, int id, const char *name, size_t name_len,
                       const warden_functype_t *f, uint32_t k, uint32_t n)
{
    switch (id) {
    case 1: /* its type */
        fz_buf_put_byte(sec, 0x60);
        fz_buf_put_uleb(sec, f->nparams);
        for (uint32_t p = 0; p < f->nparams; p++) fz_buf_put_byte(sec, (uint8_t)f->params[p]);
        fz_buf_put_uleb(sec, f->nresults);
        for (uint32_t r = 0; r < f->nresults; r++) fz_buf_put_byte(sec, (uint8_t)f->results[r]);
        break;
    case 2: /* imported as m.NAME */
        fz_buf_put_uleb(sec, 1);
        fz_buf_put_byte(sec, 'm');
        fz_buf_put_uleb(sec, (uint32_t)name_len);
        fz_buf_append(sec, name, name_len);
        fz_buf_put_byte(sec, 0x00);
        fz_buf_put_uleb(sec, k);
        break;
    case 3: fz_buf_put_uleb(sec, k); break;
    case 7: /* exported as NAME */
        fz_buf_put_uleb(sec, (uint32_t)name_len);
        fz_buf_append(sec, name, name_len);
        fz_buf_put_byte(sec, 0x00);
        fz_buf_put_uleb(sec, n + k);
        break;
    default: { /* local.get of each parameter, then a call of the import */
        fz_buf_t body = {0};
        fz_buf_put_byte(&body, 0x00);
        for (uint32_t p = 0; p < f->nparams; p++) {
            fz_buf_put_byte(&body, 0x20);
            fz_buf_put_uleb(&body, p);
        }
        fz_buf_put_byte(&body, 0x10);
        fz_buf_put_uleb(&body, k);
        fz_buf_put_byte(&body, 0x0B);
        fz_buf_put_uleb(sec, (uint32_t)body.len);
        fz_buf_append(sec, body.data, body.len);
        fz_buf_free(&body);
    }
    }
}

/* A module that imports every function `m` exports (from "m", under its export name) and exports
 * under the same name a function that calls it with its own arguments: compiled, it makes each
 * call of the fuzzed module's exports a call from compiled code into the interpreter. */
static uint8_t *shim_of(const warden_module_t *m, size_t *len)
{
    static const int k_sections[] = {1, 2, 3, 7, 10};
    fz_buf_t w = {0}, sec = {0};
    fz_buf_append(&w, "\0asm\1\0\0\0", 8);
    size_t count = warden_module_export_count(m);
    warden_externtype_t t;
    const char *name;
    size_t name_len;
    uint32_t n = 0;
    for (size_t i = 0; i < count; i++)
        if (warden_module_export(m, i, &name, &name_len, &t) && t.kind == WARDEN_EXTERN_FUNC) n++;
    for (size_t s = 0; s < sizeof k_sections / sizeof k_sections[0]; s++) {
        fz_buf_put_uleb(&sec, n);
        for (size_t i = 0, k = 0; i < count; i++) {
            if (!warden_module_export(m, i, &name, &name_len, &t) || t.kind != WARDEN_EXTERN_FUNC)
                continue;
            shim_entry(&sec, k_sections[s], name, name_len, &t.of.func, (uint32_t)k++, n);
        }
        put_section(&w, (uint8_t)k_sections[s], &sec);
    }
    fz_buf_free(&sec);
    *len = w.len;
    return (uint8_t *)w.data;
}

/* How compare_with runs the calls: fuel per call (FUEL), a deadline (PLAIN), or fuel and calls
 * that pause (PAUSED). */
typedef enum { RUN_FUEL, RUN_PLAIN, RUN_PAUSED } run_mode_t;

/* The fuel each call of the RUN_FUEL run consumed, and the backtrace of its trap (trace_of), for
 * the RUN_PAUSED runs to match: in either tier a call traps at the same place. */
#define MAX_FUEL_RECORDS 4096
typedef struct fuel_record {
    uint64_t used[MAX_FUEL_RECORDS];
    uint64_t trace[MAX_FUEL_RECORDS];
    size_t n;
} fuel_record_t;

/* Runs the calls binaryen made, in an instance of `module` (of the engine with fuel metering or
 * the one without), and aborts on the first difference. switch_at (auto tier only, else 0): the
 * log call from inside which the module is compiled (or the yield after which it is, with
 * switch_on_yield), or, when the first export made fewer, right after it. With `shim`
 * (shim_of's, instantiated on the module's instance), the calls go through it. */
static void compare_with(warden_engine_t *engine, warden_module_t *module, run_mode_t mode,
                         uint64_t slice, fuel_record_t *fuel_used, bref_run_t *ref_run,
                         const char *mod_path, size_t switch_at, bool switch_on_yield,
                         warden_module_t *shim)
{
    bool fuel = mode != RUN_PLAIN;
    bref_run_t ref = *ref_run; /* the calls, shared: nothing is freed here */
    warden_error_t *err;
    warden_store_t *store = NULL;
    warden_linker_t *linker = NULL;
    fz_check(warden_store_new(engine, &store), "warden_store_new");
    fz_check(warden_linker_new(engine, &linker), "warden_linker_new");
    warden_store_limits_t limits;
    warden_store_limits_default(&limits);
    limits.max_call_depth = MAX_CALL_DEPTH;
    limits.max_stack_bytes = MAX_STACK_BYTES;
    fz_check(warden_store_set_limits(store, &limits), "warden_store_set_limits");

    exec_ctx_t ctx = {0};
    if (switch_at) {
        ctx.switch_module = module;
        ctx.switch_at = switch_at;
        ctx.switch_on_yield = switch_on_yield;
    }
    log_env_t envs[LOG_KINDS];
    for (int k = 0; k < LOG_KINDS; k++) {
        envs[k] = (log_env_t){&ctx, k};
        warden_functype_t *type;
        fz_check(warden_functype_new(&k_log_types[k], 1, NULL, 0, &type), "warden_functype_new");
        warden_func_t *f;
        if (mode == RUN_PAUSED)
            fz_check(warden_func_new_async(store, type, log_async, &envs[k], NULL, &f),
                     "warden_func_new_async");
        else
            fz_check(warden_func_new(store, type, log_callback, &envs[k], NULL, &f),
                     "warden_func_new");
        warden_functype_delete(type);
        warden_extern_t item = {.kind = WARDEN_EXTERN_FUNC, .of.func = f};
        fz_check(warden_linker_define(linker, "fuzzing-support", 15, k_log_names[k],
                                      strlen(k_log_names[k]), item),
                 "warden_linker_define");
    }

    warden_instance_t *instance = NULL;
    warden_trap_t *trap = NULL;
    arm_limits(store, fuel);
    err = warden_linker_instantiate(linker, store, module, &instance, &trap);
    if (err) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", warden_error_message(err));
        warden_error_delete(err);
        fz_fail("warden cannot instantiate a module binaryen ran: %s\nmodule: %s (kept)", msg,
                mod_path);
    }
    size_t ci = 0;
    if (trap) {
        /* binaryen prints no call when instantiation fails; its message comes first. */
        warden_trap_kind_t kind = warden_trap_kind(trap);
        warden_trap_delete(trap);
        if (ref.ncalls != 0 && kind != WARDEN_TRAP_STACK_EXHAUSTED &&
            kind != WARDEN_TRAP_OUT_OF_FUEL && kind != WARDEN_TRAP_DEADLINE)
            fz_fail("warden traps (%s) instantiating a module binaryen ran\nmodule: %s (kept)",
                    warden_trap_kind_name(kind), mod_path);
        ci = ref.ncalls;
    }

    warden_instance_t *calls = instance;
    if (instance && shim) {
        fz_check(warden_linker_define_instance(linker, "m", 1, instance), "define m");
        warden_trap_t *t = NULL;
        fz_check(warden_linker_instantiate(linker, store, shim, &calls, &t), "instantiate shim");
        if (t) fz_fail("instantiating the shim trapped");
    }
    warden_func_t *hang_init = NULL;
    if (instance) {
        warden_extern_t ext;
        if (warden_instance_export(instance, "hangLimitInitializer", 20, &ext) &&
            ext.kind == WARDEN_EXTERN_FUNC)
            hang_init = ext.of.func;
    }
    for (; ci < ref.ncalls; ci++) {
        bref_call_t *c = &ref.calls[ci];
        warden_extern_t ext;
        if (!warden_instance_export(calls, c->name, strlen(c->name), &ext) ||
            ext.kind != WARDEN_EXTERN_FUNC)
            fz_fail("binaryen called \"%s\", which warden's instance does not export as a function"
                    "\nmodule: %s (kept)",
                    c->name, mod_path);
        const warden_functype_t *type = warden_func_type(ext.of.func);
        warden_val_t args[64], results[64];
        if (type->nparams > 64 || type->nresults > 64) {
            stat_stopped++;
            break;
        }
        for (uint32_t i = 0; i < type->nparams; i++) zero_value(type->params[i], &args[i]);
        for (uint32_t i = 0; i < type->nresults; i++) zero_value(type->results[i], &results[i]);

        /* binaryen resets the hang limit before every export it calls. */
        arm_limits(store, fuel);
        if (hang_init) {
            trap = NULL;
            fz_check(warden_func_call(store, hang_init, NULL, 0, NULL, 0, &trap),
                     "calling hangLimitInitializer");
            if (trap)
                fz_fail("hangLimitInitializer trapped: %s",
                        warden_trap_kind_name(warden_trap_kind(trap)));
        }
        ctx.nlogs = 0;
        ctx.export_name = c->name;
        trap = NULL;
        uint64_t fuel_before = warden_store_fuel_consumed(store);
        warden_trap_kind_t wkind;
        uint64_t trace = 0;
        if (mode == RUN_PAUSED) {
            warden_store_set_slice_fuel(store, slice);
            wkind = paused_call(store, ext.of.func, &ctx, args, type->nparams, results,
                                type->nresults, &trace);
            warden_store_set_slice_fuel(store, 0);
        } else {
            err = warden_func_call(store, ext.of.func, args, type->nparams, results, type->nresults,
                                   &trap);
            if (err) {
                char msg[512];
                snprintf(msg, sizeof msg, "%s", warden_error_message(err));
                warden_error_delete(err);
                fz_fail("warden_func_call(\"%s\") failed: %s", c->name, msg);
            }
            wkind = trap ? warden_trap_kind(trap) : 0;
            trace = trace_of(trap);
            warden_trap_delete(trap);
        }
        /* Pausing costs nothing: the same call consumes the same fuel, to the unit. */
        uint64_t used = warden_store_fuel_consumed(store) - fuel_before;
        if (mode == RUN_FUEL && ci < MAX_FUEL_RECORDS) {
            fuel_used->used[ci] = used;
            fuel_used->trace[ci] = trace;
            fuel_used->n = ci + 1;
        }
        if (ctx.switch_module && ctx.seen < ctx.switch_at) {
            ctx.seen = ctx.switch_at;
            fz_check(warden_module_compile(module), "warden_module_compile (between calls)");
        }
        if (mode == RUN_PAUSED && ci < fuel_used->n && fuel_used->used[ci] != used)
            fz_fail("export \"%s\" consumed %" PRIu64 " fuel run straight through, %" PRIu64
                    " as a call that pauses (slices of %" PRIu64 ")\nmodule: %s (kept)",
                    c->name, fuel_used->used[ci], used, slice, mod_path);
        if (mode == RUN_PAUSED && ci < fuel_used->n && fuel_used->trace[ci] != trace)
            fz_fail("export \"%s\": %s run straight through, %s as a call that pauses (slices of "
                    "%" PRIu64 ")%s\nmodule: %s (kept)",
                    c->name, fuel_used->trace[ci] ? "a trap" : "no trap",
                    trace ? "a trap" : "no trap", slice,
                    fuel_used->trace[ci] && trace ? ", with different backtraces" : "", mod_path);
        if (debug) {
            fprintf(stderr, "warden: %s: %zu logs, %s\n", c->name, ctx.nlogs,
                    wkind ? warden_trap_kind_name(wkind) : "returned");
            for (size_t i = 0; i < ctx.nlogs; i++) {
                char buf[128];
                format_val(&ctx.logs[i].val, buf, sizeof buf);
                fprintf(stderr, "  log %s\n", buf);
            }
            for (uint32_t i = 0; !wkind && i < type->nresults; i++) {
                char buf[128];
                format_val(&results[i], buf, sizeof buf);
                fprintf(stderr, "  result %s\n", buf);
            }
        }

        int rkind = c->trap ? bref_trap_kind(c->trap) : 0;
        bool exhausted = wkind == WARDEN_TRAP_STACK_EXHAUSTED || wkind == WARDEN_TRAP_OUT_OF_FUEL ||
                         wkind == WARDEN_TRAP_DEADLINE || rkind == BREF_TRAP_EXHAUSTION;
        /* Logs: all of them, or the common prefix when a limit cut either run short. */
        size_t nlogs = ctx.nlogs < c->nlogs ? ctx.nlogs : c->nlogs;
        for (size_t i = 0; i < nlogs; i++) {
            if (!log_matches(c->logs[i], &ctx.logs[i])) {
                char buf[128];
                format_val(&ctx.logs[i].val, buf, sizeof buf);
                DIVERGE("log #%zu: binaryen logged %s, warden %s (%s)", i, c->logs[i], buf,
                        k_log_names[ctx.logs[i].kind]);
            }
        }
        if (exhausted || c->unknown) {
            stat_stopped++;
            if (debug)
                fprintf(stderr, "not comparable from here on (%s)\n",
                        c->unknown ? c->unknown : "a limit was reached");
            break;
        }
        if (ctx.nlogs != c->nlogs)
            DIVERGE("binaryen logged %zu values, warden %zu", c->nlogs, ctx.nlogs);
        if (c->trap && !wkind) DIVERGE("binaryen trapped (%s), warden returned", c->trap);
        if (!c->trap && wkind)
            DIVERGE("binaryen returned (%s), warden trapped: %s", c->result ? c->result : "nothing",
                    warden_trap_kind_name(wkind));
        if (c->trap) {
            if (rkind != 0 && rkind != (int)wkind)
                DIVERGE("binaryen trapped with \"%s\" (%s), warden with %s", c->trap,
                        warden_trap_kind_name((warden_trap_kind_t)rkind),
                        warden_trap_kind_name(wkind));
            stat_compared_calls++;
            continue;
        }
        if (type->nresults == 0) {
            if (c->result) DIVERGE("binaryen returned %s, the function has no results", c->result);
        } else {
            if (!c->result) DIVERGE("binaryen printed no result for %u results", type->nresults);
            char **parts = bref_split_results(c->result, type->nresults);
            if (!parts)
                DIVERGE("binaryen's result \"%s\" does not hold %u values", c->result,
                        type->nresults);
            for (uint32_t i = 0; i < type->nresults; i++) {
                if (!value_matches(parts[i], &results[i])) {
                    char buf[128];
                    format_val(&results[i], buf, sizeof buf);
                    char theirs[256];
                    snprintf(theirs, sizeof theirs, "%s", parts[i]);
                    bref_free_strings(parts, type->nresults);
                    DIVERGE("result #%u: binaryen %s, warden %s", i, theirs, buf);
                }
            }
            bref_free_strings(parts, type->nresults);
        }
        stat_compared_calls++;
    }

    free(ctx.logs);
    warden_linker_delete(linker);
    warden_store_delete(store);
}

static void run_input(const uint8_t *data, size_t size)
{
    char in_path[600], gen_path[600], mod_path[600];
    fz_tmppath(in_path, sizeof in_path, "input.bin");
    fz_tmppath(gen_path, sizeof gen_path, "gen.wasm");
    fz_tmppath(mod_path, sizeof mod_path, "mod.wasm");
    fz_write_file(in_path, data, size);

    /* One input in two is read by gen_module.c instead of binaryen's translate-to-fuzz. */
    bool own = size > 0 && (data[0] & 0x10) != 0;
    bool reftypes = !own && size > 0 && (data[0] & 3) == 0;
    /* Half the modules keep their memory accesses in bounds, so that more of their code runs. */
    bool in_bounds = size > 0 && (data[0] & 8) != 0;

    /* 1. the module */
    uint8_t *mod = NULL;
    size_t mod_len = 0;
    const char *given = getenv("WARDEN_FUZZ_MODULE");
    if (given && *given) {
        mod = fz_read_file(given, &mod_len);
        if (!mod) fz_fail("cannot read WARDEN_FUZZ_MODULE=%s", given);
        own = false;
        reftypes = true;
    } else if (own) {
        mod = gen_module(data + 1, size - 1, false, &mod_len);
    } else if (!make_ttf_module(in_path, gen_path, reftypes, in_bounds, &mod, &mod_len)) {
        return;
    }
    fz_write_file(mod_path, mod, mod_len);
    const char *keep = getenv("WARDEN_FUZZ_KEEP");
    if (keep && *keep) fz_write_file(keep, mod, mod_len);

    /* 2. the reference */
    /* gen_module's modules have a table per function: binaryen wants reference types for that. */
    const char *ref_argv[] = {WARDEN_WASM_OPT,
                              mod_path,
                              FEATURES,
                              "--fuzz-exec-before",
                              reftypes || own ? REFTYPES : NULL,
                              NULL};
    fz_buf_clear(&ref_out);
    fz_buf_clear(&ref_err);
    int rc = fz_run(ref_argv, &ref_out, &ref_err, 60000);
    if (rc != 0) {
        /* binaryen could not run it (a host limit of its interpreter, a timeout): no verdict. */
        stat_ref_failed++;
        if (debug)
            fprintf(stderr, "wasm-opt --fuzz-exec-before failed (%d): %s\n", rc, ref_err.data);
        free(mod);
        return;
    }
    bref_run_t ref;
    bref_parse(ref_out.data ? ref_out.data : "", &ref);
    if (debug) fprintf(stderr, "---- binaryen ----\n%s", ref_out.data ? ref_out.data : "");

    /* 3. warden */
    warden_module_t *module = NULL;
    warden_error_t *err = warden_module_new(engine_fuel, mod, mod_len, &module);
    if (err) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s (offset %" PRId64 ")", warden_error_message(err),
                 warden_error_offset(err));
        warden_error_delete(err);
        const char *val_argv[] = {WARDEN_WASM_VALIDATE, mod_path, NULL};
        bool invalid = fz_run(val_argv, NULL, NULL, 60000) != 0 || fz_node_validates(mod_path) == 0;
        if (invalid && own)
            fz_fail("gen_module made an invalid module (%s): %s (kept)", msg, mod_path);
        if (invalid) {
            stat_invalid++; /* binaryen made an invalid module: nothing to compare */
            bref_free(&ref);
            free(mod);
            return;
        }
        fz_fail("warden rejects a module that binaryen made and wasm-validate and V8 accept: %s\n"
                "module: %s (kept)",
                msg, mod_path);
    }

    /* The same module lowered with fuel metering and without, and run as calls that pause: all
     * must agree with binaryen. */
    fuel_record_t *fuel_used = calloc(1, sizeof *fuel_used);
    if (!fuel_used) fz_fail("out of memory");
    compare_with(engine_fuel, module, RUN_FUEL, 0, fuel_used, &ref, mod_path, 0, false, NULL);
    uint64_t slice = 1 + (size > 1 ? data[1] % 64 : 0);
    compare_with(engine_fuel, module, RUN_PAUSED, slice, fuel_used, &ref, mod_path, 0, false, NULL);
    warden_module_delete(module);
    /* The compiled tier: the same results, and to the unit the fuel of the interpreter's calls,
     * run as calls that pause at almost every check site (on the fiber); or the auto tier,
     * switching to compiled code inside a call. */
    bool switching = size > 2 && (data[2] & 0x10) != 0;
    if (engine_llvm && !switching) {
        warden_engine_t *e = size > 2 && (data[2] & 0x20) ? engine_lazy : engine_llvm;
        stat_lazy += e == engine_lazy;
        fz_check(warden_module_new(e, mod, mod_len, &module), "warden_module_new (llvm)");
        if (e == engine_lazy && (data[2] & 0x40)) {
            /* Or its .cwasm (every part compiled for it) in the other engine, which links the
             * parts of a few functions each at their first calls, from its pack. */
            uint8_t *art = NULL;
            size_t alen = 0;
            fz_check(warden_module_serialize(module, &art, &alen), "warden_module_serialize");
            warden_module_delete(module);
            fz_check(warden_module_deserialize(engine_llvm, art, alen, &module),
                     "warden_module_deserialize");
            warden_bytes_delete(art);
            e = engine_llvm;
            stat_cwasm++;
        }
        compare_with(e, module, RUN_PAUSED, slice, fuel_used, &ref, mod_path, 0, false, NULL);
        warden_module_delete(module);
    } else if (engine_auto) {
        /* A slice that ends at a back-edge yields before the back-edge can move the loop to
         * compiled code: one run in two takes slices 64 times longer, so that loops do. */
        uint64_t auto_slice = data[2] & 0x20 ? slice << 6 : slice;
        fz_check(warden_module_new(engine_auto, mod, mod_len, &module), "warden_module_new (auto)");
        compare_with(engine_auto, module, RUN_PAUSED, auto_slice, fuel_used, &ref, mod_path,
                     1 + (size_t)(data[2] & 7), (data[2] & 0x40) != 0, NULL);
        warden_module_delete(module);
    }
    if (engine_mixed && size > 2 && (data[2] & 0x80)) {
        /* Interpreted, every export called from compiled code (the auto tier's modules compiled
         * one at a time): the same, and calls that pause in the interpreter under compiled code
         * consume the fuel of the same calls run straight through. */
        fuel_record_t *mixed_fuel = calloc(1, sizeof *mixed_fuel);
        if (!mixed_fuel) fz_fail("out of memory");
        size_t shim_len = 0;
        fz_check(warden_module_new(engine_mixed, mod, mod_len, &module),
                 "warden_module_new (mixed)");
        uint8_t *shim_bytes = shim_of(module, &shim_len);
        warden_module_t *shim = NULL;
        fz_check(warden_module_new(engine_mixed, shim_bytes, shim_len, &shim), "shim");
        free(shim_bytes);
        fz_check(warden_module_compile(shim), "warden_module_compile (shim)");
        compare_with(engine_mixed, module, RUN_FUEL, 0, mixed_fuel, &ref, mod_path, 0, false, shim);
        compare_with(engine_mixed, module, RUN_PAUSED, slice, mixed_fuel, &ref, mod_path, 0, false,
                     shim);
        if (warden_module_tier(module) != WARDEN_TIER_INTERP)
            fz_fail("the module under the shim was compiled");
        warden_module_delete(shim);
        warden_module_delete(module);
        free(mixed_fuel);
        stat_mixed++;
    }
    free(fuel_used);
    fz_check(warden_module_new(engine_plain, mod, mod_len, &module), "warden_module_new (no fuel)");
    compare_with(engine_plain, module, RUN_PLAIN, 0, NULL, &ref, mod_path, 0, false, NULL);
    warden_module_delete(module);
    free(mod);
    bref_free(&ref);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    stat_inputs++;
    run_input(data, size);
    if (debug) print_stats();
    return 0;
}
