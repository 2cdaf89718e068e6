/* Lazy lowering and the validation of big modules: module creation validates every body (on
 * several threads for a big module) and lowers none; a function is lowered at its first call, once
 * for every store and thread. The modules are built here, big enough (a few MB of code) for
 * creation to use threads on a machine with more than one CPU.
 *   - An invalid or malformed body anywhere is reported with the same kind, offset and message as
 *     eager lowering (one thread, validating and lowering in one pass) reports it, and of several
 *     the first in the module's order, every time.
 *   - First calls from several threads at once, each in its own store, all get the same code.
 *   - Fuel, results and the lowered code (warden_module_code) are those of eager lowering.
 *   - The progress callback is asked the same number of times at every creation, and stops it. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builder.h"
#include "support.h"

/* ------------------------------------------------------------------------------------------------
 * Building modules
 * ---------------------------------------------------------------------------------------------- */

/* What a body of the module is made of. */
enum { GOOD, TYPE_MISMATCH, UNKNOWN_LOCAL, ILLEGAL_OPCODE };

#define CHAIN 40    /* f1 calls f2 ... up to f(CHAIN - 1) */
#define FILLER 300  /* arithmetic per body: about 1.5 KB */
#define NFUNCS 1500 /* about 2.3 MB of code */

/* Body i of type (i32) -> i32, one local i32. f0 loops n times over calls of f1 and adds up
 * their results; f1 .. f(CHAIN - 2) call the next; every body has FILLER rounds of arithmetic. */
static void body(wb_buf *o, uint32_t i, int kind)
{
    wb_byte(o, 1); /* one local group */
    wb_byte(o, 1);
    wb_byte(o, 0x7F);
    if (i == 0) {
        /* loop { acc += f1(n); n -= 1; br_if n } n = acc (n must be positive) */
        static const uint8_t loop[] = {0x03, 0x40, 0x20, 0x00, 0x10, 0x01, 0x20, 0x01, 0x6A,
                                       0x21, 0x01, 0x20, 0x00, 0x41, 0x01, 0x6B, 0x22, 0x00,
                                       0x0D, 0x00, 0x0B, 0x20, 0x01, 0x21, 0x00};
        wb_bytes(o, loop, sizeof loop);
    }
    wb_byte(o, 0x20); /* local.get 0 */
    wb_byte(o, 0x00);
    for (uint32_t r = 0; r < FILLER; r++) {
        wb_byte(o, 0x41); /* i32.const */
        wb_s64(o, (int32_t)(i * 31 + r));
        wb_byte(o, r % 3 == 0 ? 0x6A : r % 3 == 1 ? 0x73 : 0x6C); /* add, xor, mul */
        if (r % 50 == 0) {
            /* if (x & 1) { x = x + 7 } */
            static const uint8_t branch[] = {0x22, 0x01, 0x41, 0x01, 0x71, 0x04, 0x40, 0x20, 0x01,
                                             0x41, 0x07, 0x6A, 0x21, 0x01, 0x0B, 0x20, 0x01};
            wb_bytes(o, branch, sizeof branch);
        }
    }
    if (i >= 1 && i + 1 < CHAIN) {
        wb_byte(o, 0x22); /* x + f(i + 1)(x) */
        wb_byte(o, 0x01);
        wb_byte(o, 0x10);
        wb_u32(o, i + 1);
        wb_byte(o, 0x20);
        wb_byte(o, 0x01);
        wb_byte(o, 0x6A);
    }
    if (kind == TYPE_MISMATCH) wb_byte(o, 0x1A); /* drop: nothing left to return */
    if (kind == UNKNOWN_LOCAL) {
        wb_byte(o, 0x20); /* local.get 9 */
        wb_byte(o, 0x09);
        wb_byte(o, 0x6A);
    }
    if (kind == ILLEGAL_OPCODE) wb_byte(o, 0xFF);
    wb_byte(o, 0x0B);
}

typedef struct module_bytes {
    wb_buf bytes;
    size_t body_offset[NFUNCS]; /* where each body starts (its first byte, after its size) */
} module_bytes;

/* A module of NFUNCS functions whose body kinds[i] is made of kind (GOOD when kinds is NULL),
 * exporting "run" (f0) and every function as "f<i>". */
static module_bytes *build(const int *kinds)
{
    module_bytes *mb = calloc(1, sizeof *mb);
    assert_non_null(mb);
    wb_buf *o = &mb->bytes;
    wb_header(o);
    wb_buf s = {0};
    static const uint8_t type[] = {0x01, 0x60, 0x01, 0x7F, 0x01, 0x7F};
    wb_bytes(&s, type, sizeof type);
    wb_section(o, 1, &s);
    wb_u32(&s, NFUNCS);
    for (uint32_t i = 0; i < NFUNCS; i++) wb_byte(&s, 0);
    wb_section(o, 3, &s);
    wb_u32(&s, NFUNCS + 1);
    wb_name(&s, "run");
    wb_byte(&s, 0);
    wb_byte(&s, 0);
    for (uint32_t i = 0; i < NFUNCS; i++) {
        char name[16];
        snprintf(name, sizeof name, "f%u", (unsigned)i);
        wb_name(&s, name);
        wb_byte(&s, 0);
        wb_u32(&s, i);
    }
    wb_section(o, 7, &s);
    /* The code section: its size is only known at the end, so it is built apart. */
    wb_buf code = {0}, one = {0};
    wb_u32(&code, NFUNCS);
    size_t at[NFUNCS];
    for (uint32_t i = 0; i < NFUNCS; i++) {
        one.len = 0;
        body(&one, i, kinds ? kinds[i] : GOOD);
        wb_u32(&code, one.len);
        at[i] = code.len;
        wb_bytes(&code, one.bytes, one.len);
    }
    wb_byte(o, 10);
    wb_u32(o, code.len);
    for (uint32_t i = 0; i < NFUNCS; i++) mb->body_offset[i] = o->len + at[i];
    wb_bytes(o, code.bytes, code.len);
    wb_free(&code);
    wb_free(&one);
    return mb;
}

static void module_bytes_free(module_bytes *mb)
{
    wb_free(&mb->bytes);
    free(mb);
}

static warden_engine_t *engine_with(bool eager, uint32_t threads, bool fuel)
{
    warden_config_t c;
    warden_config_default(&c);
    c.lower_eagerly = eager;
    c.module_threads = threads;
    c.consume_fuel = fuel;
    warden_engine_t *e = NULL;
    API_OK(warden_engine_new_with_config(&c, &e));
    return e;
}

/* ------------------------------------------------------------------------------------------------
 * Errors
 * ---------------------------------------------------------------------------------------------- */

typedef struct failure {
    warden_error_kind_t kind;
    int64_t offset;
    char message[200];
} failure;

static failure create_fails(const module_bytes *mb, bool eager, uint32_t threads)
{
    warden_engine_t *e = engine_with(eager, threads, false);
    warden_module_t *m = NULL;
    warden_error_t *err = warden_module_new(e, mb->bytes.bytes, mb->bytes.len, &m);
    assert_non_null(err);
    assert_null(m);
    failure f = {warden_error_kind(err), warden_error_offset(err), ""};
    snprintf(f.message, sizeof f.message, "%s", warden_error_message(err));
    warden_error_delete(err);
    warden_engine_delete(e);
    return f;
}

/* Lazy creation (on every thread count, many times over) fails exactly as eager lowering does,
 * in the body `expected_body`. */
static void expect_same_failure(const int *kinds, uint32_t expected_body, warden_error_kind_t kind,
                                const char *message)
{
    module_bytes *mb = build(kinds);
    failure eager = create_fails(mb, true, 1);
    assert_int_equal(eager.kind, kind);
    assert_string_equal(eager.message, message);
    assert_true(eager.offset >= (int64_t)mb->body_offset[expected_body]);
    assert_true(expected_body + 1 == NFUNCS ||
                eager.offset < (int64_t)mb->body_offset[expected_body + 1]);
    static const uint32_t threads[] = {0, 1, 3};
    for (size_t t = 0; t < sizeof threads / sizeof *threads; t++) {
        for (int rep = 0; rep < 3; rep++) {
            failure lazy = create_fails(mb, false, threads[t]);
            assert_int_equal(lazy.kind, eager.kind);
            assert_int_equal(lazy.offset, eager.offset);
            assert_string_equal(lazy.message, eager.message);
        }
    }
    module_bytes_free(mb);
}

static void test_invalid_body_far_into_the_module(void **state)
{
    (void)state;
    static int kinds[NFUNCS];
    memset(kinds, 0, sizeof kinds);
    kinds[NFUNCS - 7] = TYPE_MISMATCH;
    expect_same_failure(kinds, NFUNCS - 7, WARDEN_ERROR_INVALID, "type mismatch");
    memset(kinds, 0, sizeof kinds);
    kinds[NFUNCS - 1] = ILLEGAL_OPCODE;
    expect_same_failure(kinds, NFUNCS - 1, WARDEN_ERROR_MALFORMED, "illegal opcode");
}

static void test_first_invalid_body_wins(void **state)
{
    (void)state;
    static int kinds[NFUNCS];
    /* Spread over the module, so that different threads find them. */
    memset(kinds, 0, sizeof kinds);
    kinds[NFUNCS / 3] = UNKNOWN_LOCAL;
    kinds[NFUNCS / 2] = ILLEGAL_OPCODE;
    kinds[NFUNCS - 2] = TYPE_MISMATCH;
    expect_same_failure(kinds, NFUNCS / 3, WARDEN_ERROR_INVALID, "unknown local");
    /* The last invalid body of a run of them, the first of the module. */
    memset(kinds, 0, sizeof kinds);
    for (uint32_t i = NFUNCS / 2; i < NFUNCS; i += 97) kinds[i] = TYPE_MISMATCH;
    kinds[NFUNCS / 2 - 1] = ILLEGAL_OPCODE;
    expect_same_failure(kinds, NFUNCS / 2 - 1, WARDEN_ERROR_MALFORMED, "illegal opcode");
    /* The very first body. */
    memset(kinds, 0, sizeof kinds);
    kinds[0] = TYPE_MISMATCH;
    kinds[NFUNCS - 1] = UNKNOWN_LOCAL;
    expect_same_failure(kinds, 0, WARDEN_ERROR_INVALID, "type mismatch");
}

/* ------------------------------------------------------------------------------------------------
 * Calls
 * ---------------------------------------------------------------------------------------------- */

/* f0(n) with fuel metering: its result and the fuel it consumed. */
static int32_t run_with_fuel(warden_engine_t *e, warden_module_t *m, int32_t n, uint64_t *fuel)
{
    warden_store_t *s = NULL;
    warden_linker_t *l = NULL;
    API_OK(warden_store_new(e, &s));
    API_OK(warden_linker_new(e, &l));
    warden_instance_t *inst = api_instantiate(l, s, m);
    API_OK(warden_store_set_fuel(s, 1u << 30));
    warden_val_t arg = api_i32(n), result;
    API_CALL(s, api_func(inst, "run"), &arg, 1, &result, 1);
    *fuel = warden_store_fuel_consumed(s);
    warden_linker_delete(l);
    warden_store_delete(s);
    return result.of.i32;
}

static void test_fuel_and_results_as_eager(void **state)
{
    (void)state;
    module_bytes *mb = build(NULL);
    warden_engine_t *eager = engine_with(true, 0, true), *lazy = engine_with(false, 0, true);
    warden_module_t *me = NULL, *ml = NULL;
    API_OK(warden_module_new(eager, mb->bytes.bytes, mb->bytes.len, &me));
    API_OK(warden_module_new(lazy, mb->bytes.bytes, mb->bytes.len, &ml));
    for (int32_t n = 1; n <= 3; n++) {
        uint64_t fe, fl, fl2;
        int32_t re = run_with_fuel(eager, me, n, &fe);
        int32_t rl = run_with_fuel(lazy, ml, n, &fl);   /* lowers f0 .. f(CHAIN - 1) (n == 1) */
        int32_t rl2 = run_with_fuel(lazy, ml, n, &fl2); /* runs the code lowered before */
        assert_int_equal(rl, re);
        assert_int_equal(rl2, re);
        assert_int_equal(fl, fe);
        assert_int_equal(fl2, fe);
        assert_true(fe > 0);
    }
    warden_module_delete(me);
    warden_module_delete(ml);
    warden_engine_delete(eager);
    warden_engine_delete(lazy);
    module_bytes_free(mb);
}

typedef struct text {
    char *s;
    size_t n;
} text;

static void collect(void *env, const char *line)
{
    text *t = env;
    size_t len = strlen(line);
    t->s = realloc(t->s, t->n + len + 2);
    assert_non_null(t->s);
    memcpy(t->s + t->n, line, len);
    t->n += len;
    t->s[t->n++] = '\n';
    t->s[t->n] = 0;
}

/* warden_module_code lowers a function never called, to the code eager lowering made. */
static void test_module_code_as_eager(void **state)
{
    (void)state;
    module_bytes *mb = build(NULL);
    warden_engine_t *eager = engine_with(true, 0, false), *lazy = engine_with(false, 0, false);
    warden_module_t *me = NULL, *ml = NULL;
    API_OK(warden_module_new(eager, mb->bytes.bytes, mb->bytes.len, &me));
    API_OK(warden_module_new(lazy, mb->bytes.bytes, mb->bytes.len, &ml));
    static const uint32_t funcs[] = {0, 1, NFUNCS / 2, NFUNCS - 1};
    for (size_t i = 0; i < sizeof funcs / sizeof *funcs; i++) {
        text te = {0}, tl = {0}, tl2 = {0};
        API_OK(warden_module_code(me, funcs[i], collect, &te));
        API_OK(warden_module_code(ml, funcs[i], collect, &tl));
        API_OK(warden_module_code(ml, funcs[i], collect, &tl2)); /* lowered already */
        assert_non_null(tl.s);
        assert_true(strncmp(tl.s, "func ", 5) == 0);
        assert_non_null(strstr(tl.s, "RETURN"));
        assert_string_equal(tl.s, te.s);
        assert_string_equal(tl2.s, te.s);
        free(te.s);
        free(tl.s);
        free(tl2.s);
    }
    warden_module_delete(me);
    warden_module_delete(ml);
    warden_engine_delete(eager);
    warden_engine_delete(lazy);
    module_bytes_free(mb);
}

/* Several threads, each with its own store and instance of one module, call every function for
 * the first time at once, each in its own order, and check every result against eager code. */
#define NTHREADS 4
#define CALLED 300 /* functions each thread calls: the last CALLED of the module */

typedef struct racer {
    warden_engine_t *engine;
    warden_module_t *module;
    const int32_t *expected;
    pthread_barrier_t *start;
    unsigned seed;
    int bad; /* results that differ */
} racer;

static void *race(void *arg)
{
    racer *r = arg;
    warden_store_t *s = NULL;
    warden_linker_t *l = NULL;
    warden_instance_t *inst = NULL;
    warden_trap_t *trap = NULL;
    bool ok = !warden_store_new(r->engine, &s) && !warden_linker_new(r->engine, &l) &&
              !warden_linker_instantiate(l, s, r->module, &inst, &trap) && !trap;
    pthread_barrier_wait(r->start);
    if (!ok) {
        r->bad = -1;
    } else {
        for (uint32_t k = 0; k < CALLED; k++) {
            /* Each thread walks the functions from its own starting point. */
            uint32_t i = NFUNCS - CALLED + (k * 7 + r->seed * 53) % CALLED;
            char name[16];
            snprintf(name, sizeof name, "f%u", (unsigned)i);
            warden_func_t *f = warden_instance_export_func(inst, name);
            warden_val_t a = api_i32(5), res = api_i32(0);
            warden_error_t *e = f ? warden_func_call(s, f, &a, 1, &res, 1, &trap) : NULL;
            if (!f || e || trap || res.of.i32 != r->expected[i - (NFUNCS - CALLED)]) r->bad++;
            warden_error_delete(e);
            warden_trap_delete(trap);
            trap = NULL;
        }
        warden_val_t a = api_i32(3), res = api_i32(0);
        warden_error_t *e = warden_func_call(s, api_func(inst, "run"), &a, 1, &res, 1, &trap);
        if (e || trap || res.of.i32 != r->expected[CALLED]) r->bad++;
        warden_error_delete(e);
        warden_trap_delete(trap);
    }
    warden_linker_delete(l);
    warden_store_delete(s);
    return NULL;
}

static void test_first_calls_from_threads(void **state)
{
    (void)state;
    module_bytes *mb = build(NULL);
    /* The results of eager code. */
    static int32_t expected[CALLED + 1];
    warden_engine_t *eager = engine_with(true, 0, false);
    warden_module_t *me = NULL;
    API_OK(warden_module_new(eager, mb->bytes.bytes, mb->bytes.len, &me));
    warden_store_t *s = NULL;
    warden_linker_t *l = NULL;
    API_OK(warden_store_new(eager, &s));
    API_OK(warden_linker_new(eager, &l));
    warden_instance_t *inst = api_instantiate(l, s, me);
    for (uint32_t k = 0; k <= CALLED; k++) {
        char name[16];
        snprintf(name, sizeof name, "f%u", (unsigned)(NFUNCS - CALLED + k));
        warden_val_t a = api_i32(k == CALLED ? 3 : 5), res;
        API_CALL(s, api_func(inst, k == CALLED ? "run" : name), &a, 1, &res, 1);
        expected[k] = res.of.i32;
    }
    warden_linker_delete(l);
    warden_store_delete(s);
    warden_module_delete(me);
    warden_engine_delete(eager);

    for (int round = 0; round < 3; round++) {
        warden_engine_t *lazy = engine_with(false, 0, false);
        warden_module_t *ml = NULL;
        API_OK(warden_module_new(lazy, mb->bytes.bytes, mb->bytes.len, &ml));
        pthread_barrier_t start;
        assert_int_equal(pthread_barrier_init(&start, NULL, NTHREADS), 0);
        racer r[NTHREADS];
        pthread_t t[NTHREADS];
        for (unsigned i = 0; i < NTHREADS; i++) {
            r[i] = (racer){lazy, ml, expected, &start, i + (unsigned)round, 0};
            assert_int_equal(pthread_create(&t[i], NULL, race, &r[i]), 0);
        }
        for (unsigned i = 0; i < NTHREADS; i++) {
            pthread_join(t[i], NULL);
            assert_int_equal(r[i].bad, 0);
        }
        pthread_barrier_destroy(&start);
        warden_module_delete(ml);
        warden_engine_delete(lazy);
    }
    module_bytes_free(mb);
}

/* ------------------------------------------------------------------------------------------------
 * The progress callback
 * ---------------------------------------------------------------------------------------------- */

typedef struct asker {
    int calls, answer_no_at; /* answers no at that call (0: never) */
    pthread_t thread;        /* the thread that must ask */
    bool other_thread;       /* asked from another thread */
} asker;

static bool ask(void *env)
{
    asker *a = env;
    if (!pthread_equal(pthread_self(), a->thread)) a->other_thread = true;
    a->calls++;
    return a->calls != a->answer_no_at;
}

static void test_progress_stops_a_big_module(void **state)
{
    (void)state;
    module_bytes *mb = build(NULL);
    warden_engine_t *e = engine_with(false, 0, false);
    asker a = {0, 0, pthread_self(), false};
    warden_module_t *m = NULL;
    API_OK(warden_module_new_with_progress(e, mb->bytes.bytes, mb->bytes.len, ask, &a, &m));
    warden_module_delete(m);
    int all = a.calls;
    assert_false(a.other_thread);
    /* About once per 64 KiB of input decoded, and once per 64Ki units of bodies validated. */
    assert_true(all >= (int)(mb->bytes.len >> 16));
    for (int rep = 0; rep < 3; rep++) {
        asker again = {0, 0, pthread_self(), false};
        API_OK(warden_module_new_with_progress(e, mb->bytes.bytes, mb->bytes.len, ask, &again, &m));
        warden_module_delete(m);
        assert_int_equal(again.calls, all); /* the same questions, however the threads ran */
    }
    int stops[] = {1, all / 3, all / 2, all - 1, all};
    for (size_t i = 0; i < sizeof stops / sizeof *stops; i++) {
        asker b = {0, stops[i], pthread_self(), false};
        m = NULL;
        API_ERROR(warden_module_new_with_progress(e, mb->bytes.bytes, mb->bytes.len, ask, &b, &m),
                  WARDEN_ERROR_STOPPED, "module creation stopped by the host");
        assert_null(m);
        assert_int_equal(b.calls, stops[i]); /* not asked again after the no */
        assert_false(b.other_thread);
    }
    warden_engine_delete(e);
    module_bytes_free(mb);
}

int main(int argc, char **argv)
{
    api_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invalid_body_far_into_the_module),
        cmocka_unit_test(test_first_invalid_body_wins),
        cmocka_unit_test(test_fuel_and_results_as_eager),
        cmocka_unit_test(test_module_code_as_eager),
        cmocka_unit_test(test_first_calls_from_threads),
        cmocka_unit_test(test_progress_stops_a_big_module),
    };
    return cmocka_run_group_tests_name("api/lazy", tests, NULL, NULL);
}
