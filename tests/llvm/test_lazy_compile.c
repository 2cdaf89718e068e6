/* The llvm tier compiling each function at its first call (warden_config_t.compile_lazily,
 * src/llvm/lazy.c): only the parts a program calls are compiled, from the host, from compiled
 * code (directly, through a table, across parts both ways) and as the start function; each part
 * is kept in the code cache as an entry of its own and read back from it; the results, traps,
 * backtraces and fuel are the interpreter's; the rest of the module is compiled by
 * warden_module_serialize and warden_module_compile; threads that call a module's functions for
 * the first time at once each see them compiled once. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builder.h"
#include "temp_dir.h"
#include "object/objects.h"
#include "warden.h"

static void fail_on(warden_error_t *e)
{
    if (e) fail_msg("%s", warden_error_message(e));
}

/* Every body starts with this much ballast (25 x i64.const, drop: 275 bytes), so that each
 * function is a part of its own (src/llvm/parts.h WJ_LAZY_PART_BYTES). */
static void ballast(wb_buf *b)
{
    for (int i = 0; i < 25; i++) {
        wb_byte(b, 0x42);
        wb_s64(b, INT64_MAX);
        wb_byte(b, 0x1A);
    }
}

enum { NFUNCS = 10 };
enum { F_FIRST, F_TABLE, F_TRAP, F_PING, F_START, F_DOUBLE, F_PLUS100, F_BOOM, F_PONG, F_UNUSED };

/* x == 0 ? 0 : other(x - 1) + 1 */
static void ping_pong(wb_buf *b, uint32_t other)
{
    const uint8_t code[] = {0x20, 0, 0x45, 0x04, 0x7F, 0x41, 0, 0x05, 0x20, 0, 0x41, 1, 0x6B, 0x10};
    wb_bytes(b, code, sizeof code);
    wb_u32(b, other);
    const uint8_t tail[] = {0x41, 1, 0x6A, 0x0B};
    wb_bytes(b, tail, sizeof tail);
}

/* Ten functions of type (i32) -> i32 but the start function, each a part of its own:
 *   0 first(x) = double(x) + 1        5 double(x) = 2x
 *   1 table(x) = table[1](x)          6 plus100(x) = x + 100 (table[1]; table[0] is double)
 *   2 trap(x) = boom(x)               7 boom: unreachable
 *   3 ping(x), 8 pong(x): each other's x - 1, plus one, down to 0 (x itself)
 *   4 the start function: global 0 (exported "started") = 42
 *   9 unused(x) = x, never called */
static uint8_t *lazy_module(size_t *len)
{
    wb_buf m = {0}, s = {0};
    wb_header(&m);
    /* Types: 0 (i32) -> i32, 1 () -> (). */
    wb_u32(&s, 2);
    const uint8_t types[] = {0x60, 1, 0x7F, 1, 0x7F, 0x60, 0, 0};
    wb_bytes(&s, types, sizeof types);
    wb_section(&m, 1, &s);
    wb_u32(&s, NFUNCS);
    for (int i = 0; i < NFUNCS; i++) wb_u32(&s, i == F_START ? 1 : 0);
    wb_section(&m, 3, &s);
    const uint8_t table[] = {1, 0x70, 0x00, 2};
    wb_bytes(&s, table, sizeof table);
    wb_section(&m, 4, &s);
    const uint8_t global[] = {1, 0x7F, 1, 0x41, 0, 0x0B};
    wb_bytes(&s, global, sizeof global);
    wb_section(&m, 6, &s);
    static const struct {
        const char *name;
        uint8_t kind;
        uint32_t index;
    } exports[] = {{"first", 0, F_FIRST}, {"table", 0, F_TABLE},   {"trap", 0, F_TRAP},
                   {"ping", 0, F_PING},   {"unused", 0, F_UNUSED}, {"started", 3, 0}};
    wb_u32(&s, sizeof exports / sizeof exports[0]);
    for (size_t i = 0; i < sizeof exports / sizeof exports[0]; i++) {
        wb_name(&s, exports[i].name);
        wb_byte(&s, exports[i].kind);
        wb_u32(&s, exports[i].index);
    }
    wb_section(&m, 7, &s);
    wb_u32(&s, F_START);
    wb_section(&m, 8, &s);
    const uint8_t elem[] = {1, 0x00, 0x41, 0, 0x0B, 2, F_DOUBLE, F_PLUS100};
    wb_bytes(&s, elem, sizeof elem);
    wb_section(&m, 9, &s);
    wb_u32(&s, NFUNCS);
    for (int i = 0; i < NFUNCS; i++) {
        wb_buf b = {0};
        wb_u32(&b, 0); /* no locals */
        ballast(&b);
        switch (i) {
        case F_FIRST: {
            const uint8_t c[] = {0x20, 0, 0x10, F_DOUBLE, 0x41, 1, 0x6A};
            wb_bytes(&b, c, sizeof c);
            break;
        }
        case F_TABLE: {
            const uint8_t c[] = {0x20, 0, 0x41, 1, 0x11, 0, 0};
            wb_bytes(&b, c, sizeof c);
            break;
        }
        case F_TRAP: {
            const uint8_t c[] = {0x20, 0, 0x10, F_BOOM};
            wb_bytes(&b, c, sizeof c);
            break;
        }
        case F_PING: ping_pong(&b, F_PONG); break;
        case F_PONG: ping_pong(&b, F_PING); break;
        case F_START: {
            const uint8_t c[] = {0x41, 42, 0x24, 0};
            wb_bytes(&b, c, sizeof c);
            break;
        }
        case F_DOUBLE: {
            const uint8_t c[] = {0x20, 0, 0x41, 2, 0x6C};
            wb_bytes(&b, c, sizeof c);
            break;
        }
        case F_PLUS100: {
            const uint8_t c[] = {0x20, 0, 0x41, 0xE4, 0x00, 0x6A};
            wb_bytes(&b, c, sizeof c);
            break;
        }
        case F_BOOM: wb_byte(&b, 0x00); break;
        default: wb_bytes(&b, (const uint8_t[]){0x20, 0}, 2); break;
        }
        wb_byte(&b, 0x0B);
        wb_u32(&s, b.len);
        wb_bytes(&s, b.bytes, b.len);
        wb_free(&b);
    }
    wb_section(&m, 10, &s);
    *len = m.len;
    return m.bytes;
}

static warden_engine_t *engine_of(warden_tier_t tier, bool lazily, const char *cache, bool fuel)
{
    warden_config_t c;
    warden_config_default(&c);
    c.tier = tier;
    c.compile_lazily = lazily;
    c.cache_dir = cache;
    c.consume_fuel = fuel;
    warden_engine_t *e = NULL;
    fail_on(warden_engine_new_with_config(&c, &e));
    return e;
}

/* An instance of m in a store of its own (fuel given when the engine meters it). */
typedef struct run {
    warden_store_t *store;
    warden_instance_t *inst;
} run;

static run instantiate(warden_engine_t *e, warden_module_t *m, bool fuel)
{
    run r = {0};
    fail_on(warden_store_new(e, &r.store));
    if (fuel) fail_on(warden_store_set_fuel(r.store, 100000000));
    warden_linker_t *l = NULL;
    fail_on(warden_linker_new(e, &l));
    warden_trap_t *trap = NULL;
    fail_on(warden_linker_instantiate(l, r.store, m, &r.inst, &trap));
    assert_null(trap);
    warden_linker_delete(l);
    return r;
}

/* f(arg) of r's instance, or -1000 - the trap's kind (the trap in *out when out is not NULL). */
static int32_t call(run *r, const char *name, int32_t arg, warden_trap_t **out)
{
    warden_func_t *f = warden_instance_export_func(r->inst, name);
    assert_non_null(f);
    warden_val_t a = {.kind = WARDEN_I32, .of.i32 = arg}, v = {0};
    warden_trap_t *trap = NULL;
    fail_on(warden_func_call(r->store, f, &a, 1, &v, 1, &trap));
    if (!trap) return v.of.i32;
    int32_t k = -1000 - (int32_t)warden_trap_kind(trap);
    if (out)
        *out = trap;
    else
        warden_trap_delete(trap);
    return k;
}

static void ignore_line(void *env, const char *text)
{
    (void)env;
    (void)text;
}

static bool compiled(const warden_module_t *m, uint32_t f)
{
    return atomic_load(&m->funcs[f].native) != NULL;
}

static int entries(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    if (!d) return 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.') n++;
    closedir(d);
    return n;
}

/* Exactly the functions in `want` (a bit per function) have native code. */
static void compiled_are(const warden_module_t *m, unsigned want)
{
    for (uint32_t f = 0; f < NFUNCS; f++)
        if (compiled(m, f) != ((want >> f) & 1))
            fail_msg("function %u compiled: %d", f, !!compiled(m, f));
}

#define BIT(f) (1u << (f))

static void test_only_what_runs(void **state)
{
    (void)state;
    char *dir = temp_dir_new("warden-lazy");
    assert_non_null(dir);
    size_t len;
    uint8_t *wasm = lazy_module(&len);
    warden_engine_t *e = engine_of(WARDEN_TIER_LLVM, true, dir, false);
    warden_module_t *m = NULL;
    fail_on(warden_module_new(e, wasm, len, &m));
    assert_int_equal(warden_module_tier(m), WARDEN_TIER_LLVM);
    assert_false(warden_module_cached(m));
    compiled_are(m, 0);
    assert_int_equal(entries(dir), 0);

    /* Instantiation runs the start function, compiled first. */
    run r = instantiate(e, m, false);
    warden_extern_t x;
    assert_true(warden_instance_export(r.inst, "started", 7, &x));
    assert_int_equal(x.kind, WARDEN_EXTERN_GLOBAL);
    warden_val_t g;
    warden_global_get(x.of.global, &g);
    assert_int_equal(g.of.i32, 42);
    compiled_are(m, BIT(F_START));

    /* From the host, then from compiled code to another part's function. */
    assert_int_equal(call(&r, "first", 3, NULL), 7);
    compiled_are(m, BIT(F_START) | BIT(F_FIRST) | BIT(F_DOUBLE));
    /* Through a table: table[1] is plus100, not compiled yet. */
    assert_int_equal(call(&r, "table", 5, NULL), 105);
    compiled_are(m, BIT(F_START) | BIT(F_FIRST) | BIT(F_DOUBLE) | BIT(F_TABLE) | BIT(F_PLUS100));
    /* A trap in a part compiled for it, with both frames in the backtrace. */
    warden_trap_t *trap = NULL;
    assert_int_equal(call(&r, "trap", 0, &trap), -1000 - WARDEN_TRAP_UNREACHABLE);
    assert_int_equal(warden_trap_frame_count(trap), 2);
    uint32_t fi = 99;
    assert_true(warden_trap_frame(trap, 0, &fi, NULL));
    assert_int_equal(fi, F_BOOM);
    assert_true(warden_trap_frame(trap, 1, &fi, NULL));
    assert_int_equal(fi, F_TRAP);
    warden_trap_delete(trap);
    /* Two parts calling each other, down to the stack's limit. */
    assert_int_equal(call(&r, "ping", 1001, NULL), 1001);
    assert_int_equal(call(&r, "ping", 100000000, NULL), -1000 - WARDEN_TRAP_STACK_EXHAUSTED);
    compiled_are(m, ~BIT(F_UNUSED) & (BIT(NFUNCS) - 1));
    assert_int_equal(entries(dir), NFUNCS - 1);
    /* The lowered code of a function not compiled yet is shown, but not kept: the interpreter
     * would run it, and its first call compiles it. */
    fail_on(warden_module_code(m, F_UNUSED, ignore_line, NULL));
    assert_null(atomic_load(&m->funcs[F_UNUSED].lowered));
    assert_int_equal(call(&r, "unused", 4, NULL), 4);
    compiled_are(m, BIT(NFUNCS) - 1);
    /* One cache entry per part compiled. */
    assert_int_equal(entries(dir), NFUNCS);
    assert_false(warden_module_cached(m));
    warden_store_delete(r.store);
    warden_module_delete(m);

    /* Another engine on the same cache reads the parts back, and compiles none. */
    warden_engine_t *e2 = engine_of(WARDEN_TIER_LLVM, true, dir, false);
    fail_on(warden_module_new(e2, wasm, len, &m));
    r = instantiate(e2, m, false);
    assert_int_equal(call(&r, "first", 3, NULL), 7);
    assert_int_equal(call(&r, "table", 5, NULL), 105);
    assert_true(warden_module_cached(m));
    assert_int_equal(entries(dir), NFUNCS);

    /* Serialising links the rest (read from the cache here); the .cwasm runs in an engine that
     * compiles whole modules. */
    uint8_t *art = NULL;
    size_t alen = 0;
    compiled_are(m, BIT(F_START) | BIT(F_FIRST) | BIT(F_DOUBLE) | BIT(F_TABLE) | BIT(F_PLUS100));
    fail_on(warden_module_serialize(m, &art, &alen));
    compiled_are(m, BIT(NFUNCS) - 1);
    assert_true(warden_module_cached(m));
    assert_int_equal(entries(dir), NFUNCS);
    warden_store_delete(r.store);
    warden_module_delete(m);
    warden_engine_t *whole = engine_of(WARDEN_TIER_LLVM, false, NULL, false);
    fail_on(warden_module_deserialize(whole, art, alen, &m));
    compiled_are(m, 0); /* its parts are linked at first calls, as the cache's are */
    r = instantiate(whole, m, false);
    assert_int_equal(call(&r, "first", 3, NULL), 7);
    assert_int_equal(call(&r, "table", 5, NULL), 105);
    assert_int_equal(call(&r, "unused", 9, NULL), 9);
    assert_int_equal(call(&r, "ping", 77, NULL), 77);
    warden_store_delete(r.store);
    warden_module_delete(m);
    warden_bytes_delete(art);

    /* warden_module_compile compiles every part at once. */
    warden_engine_t *e3 = engine_of(WARDEN_TIER_LLVM, true, NULL, false);
    fail_on(warden_module_new(e3, wasm, len, &m));
    compiled_are(m, 0);
    fail_on(warden_module_compile(m));
    compiled_are(m, BIT(NFUNCS) - 1);
    warden_module_delete(m);

    warden_engine_delete(e);
    warden_engine_delete(e2);
    warden_engine_delete(whole);
    warden_engine_delete(e3);
    free(wasm);
    temp_dir_remove(dir);
}

/* The same calls consume the same fuel as in the interpreter, compiles included. */
static void test_fuel_as_interpreted(void **state)
{
    (void)state;
    size_t len;
    uint8_t *wasm = lazy_module(&len);
    uint64_t used[2];
    for (int t = 0; t < 2; t++) {
        warden_engine_t *e =
            engine_of(t ? WARDEN_TIER_LLVM : WARDEN_TIER_INTERP, t == 1, NULL, true);
        warden_module_t *m = NULL;
        fail_on(warden_module_new(e, wasm, len, &m));
        run r = instantiate(e, m, true);
        assert_int_equal(call(&r, "first", 3, NULL), 7);
        assert_int_equal(call(&r, "table", 5, NULL), 105);
        assert_int_equal(call(&r, "ping", 300, NULL), 300);
        assert_int_equal(call(&r, "trap", 0, NULL), -1000 - WARDEN_TRAP_UNREACHABLE);
        used[t] = warden_store_fuel_consumed(r.store);
        if (t) compiled_are(m, ~BIT(F_UNUSED) & (BIT(NFUNCS) - 1));
        warden_store_delete(r.store);
        warden_module_delete(m);
        warden_engine_delete(e);
    }
    assert_true(used[0] > 0);
    assert_int_equal(used[1], used[0]);
    free(wasm);
}

typedef struct caller {
    warden_engine_t *engine;
    warden_module_t *module;
    int32_t got[3];
} caller;

static void *call_all(void *arg)
{
    caller *c = arg;
    run r = instantiate(c->engine, c->module, false);
    c->got[0] = call(&r, "ping", 500, NULL);
    c->got[1] = call(&r, "table", 1, NULL);
    c->got[2] = call(&r, "first", 20, NULL);
    warden_store_delete(r.store);
    return NULL;
}

/* Threads that call a new module's functions at once: each part is compiled once, and every
 * thread gets the right results. */
static void test_threads_at_once(void **state)
{
    (void)state;
    size_t len;
    uint8_t *wasm = lazy_module(&len);
    warden_engine_t *e = engine_of(WARDEN_TIER_LLVM, true, NULL, false);
    warden_module_t *m = NULL;
    fail_on(warden_module_new(e, wasm, len, &m));
    enum { N = 4 };
    caller c[N];
    pthread_t t[N];
    for (int i = 0; i < N; i++) {
        c[i] = (caller){.engine = e, .module = m};
        assert_int_equal(pthread_create(&t[i], NULL, call_all, &c[i]), 0);
    }
    for (int i = 0; i < N; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(c[i].got[0], 500);
        assert_int_equal(c[i].got[1], 101);
        assert_int_equal(c[i].got[2], 41);
    }
    compiled_are(m, ~(BIT(F_UNUSED) | BIT(F_TRAP) | BIT(F_BOOM)) & (BIT(NFUNCS) - 1));
    warden_module_delete(m);
    warden_engine_delete(e);
    free(wasm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_only_what_runs),
        cmocka_unit_test(test_fuel_as_interpreted),
        cmocka_unit_test(test_threads_at_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
