/* Component types: the canonical ABI's facts wm_type_finish computes (elem_size, alignment,
 * flatten_type with its variant joins, both pointer widths), the types it refuses, function
 * types' flattening, and the public reflection functions. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi_support.h"

#define T(k) wm_type_scalar(WARDEN_COMPONENT_##k)

/* Types made by a test live in the arena, freed by the teardown. */
static int setup(void **state)
{
    arena *a = calloc(1, sizeof *a);
    *state = a;
    return a ? 0 : -1;
}

static int teardown(void **state)
{
    arena_free(*state);
    free(*state);
    return 0;
}

/* A type from the oracle's token format (see oracle.py); NULL when refused. */
static const warden_component_type_t *ty(arena *a, const char *text)
{
    toks t;
    toks_split(a, arena_strdup(a, text), &t);
    const warden_component_type_t *r = parse_type(a, &t);
    if (r) assert_int_equal(t.i, t.n);
    return r;
}

static void assert_flat(const warden_component_type_t *t, const char *want)
{
    char got[64] = "";
    for (uint32_t i = 0; i < t->flat_count && i < WM_FLAT_CAP; i++) {
        const char *k = t->flat[i] == WARDEN_I32   ? "i"
                        : t->flat[i] == WARDEN_I64 ? "I"
                        : t->flat[i] == WARDEN_F32 ? "f"
                                                   : "F";
        strcat(got, k);
    }
    assert_string_equal(got, want);
}

static void facts(const warden_component_type_t *t, uint32_t size, uint32_t align, const char *flat)
{
    assert_non_null(t);
    assert_int_equal(t->size, size);
    assert_int_equal(t->align, align);
    assert_flat(t, flat);
}

static void test_scalars(void **state)
{
    (void)state;
    facts(T(BOOL), 1, 1, "i");
    facts(T(S8), 1, 1, "i");
    facts(T(U8), 1, 1, "i");
    facts(T(S16), 2, 2, "i");
    facts(T(U16), 2, 2, "i");
    facts(T(S32), 4, 4, "i");
    facts(T(U32), 4, 4, "i");
    facts(T(S64), 8, 8, "I");
    facts(T(U64), 8, 8, "I");
    facts(T(F32), 4, 4, "f");
    facts(T(F64), 8, 8, "F");
    facts(T(CHAR), 4, 4, "i");
    facts(T(STRING), 8, 4, "ii");
    assert_int_equal(T(STRING)->size64, 16);
    assert_int_equal(T(STRING)->align64, 8);
    assert_null(wm_type_scalar(WARDEN_COMPONENT_LIST));
    assert_null(wm_type_scalar(WARDEN_COMPONENT_OWN));
    assert_null(wm_type_scalar((warden_component_kind_t)0));
    /* wm_type_finish gives a scalar the same facts. */
    warden_component_type_t s = {.kind = WARDEN_COMPONENT_U16};
    assert_true(wm_type_finish(&s));
    facts(&s, 2, 2, "i");
    assert_int_equal(s.depth, 1);
}

static void test_records(void **state)
{
    arena *a = *state;
    facts(ty(a, "record 3 u8 u16 u32"), 8, 4, "iii");
    facts(ty(a, "record 2 u8 u64"), 16, 8, "iI");
    facts(ty(a, "tuple 2 u16 u8"), 4, 2, "ii");
    facts(ty(a, "tuple 3 u8 u8 u8"), 3, 1, "iii");
    facts(ty(a, "tuple 2 tuple 2 u16 u8 u8"), 6, 2, "iii");
    facts(ty(a, "record 2 string f32"), 12, 4, "iif");
    facts(ty(a, "list record 2 u8 u64"), 8, 4, "ii");
    const warden_component_type_t *t = ty(a, "record 2 string u8");
    assert_int_equal(t->size64, 24);
    assert_int_equal(t->align64, 8);
    assert_int_equal(t->depth, 2);
}

static void test_variants(void **state)
{
    arena *a = *state;
    /* Joins: i32 with f32 is i32; anything else that differs is i64. */
    facts(ty(a, "variant 3 u8 f32 _"), 8, 4, "ii");
    facts(ty(a, "variant 2 f32 f64"), 16, 8, "iI");
    facts(ty(a, "variant 2 s64 f32"), 16, 8, "iI");
    facts(ty(a, "variant 2 f32 f32"), 8, 4, "if");
    facts(ty(a, "variant 2 tuple 2 f32 u8 f64"), 16, 8, "iIi");
    facts(ty(a, "option f32"), 8, 4, "if");
    facts(ty(a, "option string"), 12, 4, "iii");
    facts(ty(a, "result u64 f64"), 16, 8, "iI");
    facts(ty(a, "result _ _"), 1, 1, "i");
    facts(ty(a, "result string _"), 12, 4, "iii");
    facts(ty(a, "enum 3"), 1, 1, "i");
    facts(ty(a, "variant 1 _"), 1, 1, "i");
    facts(ty(a, "option u16"), 4, 2, "ii");
    /* The discriminant: u8 up to 256 cases, u16 up to 65536, u32 beyond. */
    facts(ty(a, "enum 256"), 1, 1, "i");
    facts(ty(a, "enum 257"), 2, 2, "i");
    facts(ty(a, "enum 65536"), 2, 2, "i");
    facts(ty(a, "enum 65537"), 4, 4, "i");
    /* The payload sits after the discriminant, at the payloads' alignment. */
    char text[1200] = "variant 257 u8";
    for (int i = 0; i < 256; i++) strcat(text, " _");
    const warden_component_type_t *t = ty(a, text);
    facts(t, 4, 2, "ii");
    assert_int_equal(wm_payload_offset(t), 2);
    assert_int_equal(wm_payload_offset(ty(a, "variant 2 u64 _")), 8);
    assert_int_equal(wm_payload_offset(ty(a, "enum 70000")), 4);
    assert_int_equal(wm_payload_offset(ty(a, "option u8")), 1);
}

static void test_flags(void **state)
{
    arena *a = *state;
    facts(ty(a, "flags 1"), 1, 1, "i");
    facts(ty(a, "flags 8"), 1, 1, "i");
    facts(ty(a, "flags 9"), 2, 2, "i");
    facts(ty(a, "flags 16"), 2, 2, "i");
    facts(ty(a, "flags 17"), 4, 4, "i");
    facts(ty(a, "flags 32"), 4, 4, "i");
    /* The binary format allows 1 to 32 flags. */
    assert_null(ty(a, "flags 33"));
    assert_null(ty(a, "flags 0"));
}

static void test_refused(void **state)
{
    arena *a = *state;
    assert_null(ty(a, "record 0"));
    assert_null(ty(a, "tuple 0"));
    assert_null(ty(a, "variant 0"));
    assert_null(ty(a, "enum 0"));
    /* More cases than discriminant_type has a type for. */
    warden_component_type_t big = {.kind = WARDEN_COMPONENT_ENUM, .count = (1u << 24) + 1};
    assert_false(wm_type_finish(&big));
    big.count = 1u << 24;
    assert_true(wm_type_finish(&big));
    assert_int_equal(big.size, 4);
    /* Element types missing. */
    warden_component_type_t list = {.kind = WARDEN_COMPONENT_LIST};
    assert_false(wm_type_finish(&list));
    warden_component_type_t option = {.kind = WARDEN_COMPONENT_OPTION};
    assert_false(wm_type_finish(&option));
    warden_component_type_t bad = {.kind = (warden_component_kind_t)99};
    assert_false(wm_type_finish(&bad));
    assert_false(wm_type_finish(NULL));
}

/* A tuple of n copies of e. */
static const warden_component_type_t *copies(arena *a, const warden_component_type_t *e, uint32_t n)
{
    warden_component_type_t *t = arena_alloc(a, sizeof *t);
    const warden_component_type_t **elems = arena_alloc(a, n * sizeof *elems);
    assert_non_null(t);
    assert_non_null(elems);
    for (uint32_t i = 0; i < n; i++) elems[i] = e;
    t->kind = WARDEN_COMPONENT_TUPLE;
    t->count = n;
    t->elems = elems;
    return wm_type_finish(t) ? t : NULL;
}

static void test_size_limit(void **state)
{
    arena *a = *state;
    /* 2^11, 2^19, 2^27 bytes: fine; 2^28: refused. */
    const warden_component_type_t *t0 = copies(a, T(U64), 256);
    const warden_component_type_t *t1 = copies(a, t0, 256);
    const warden_component_type_t *t2 = copies(a, t1, 256);
    assert_non_null(t2);
    assert_int_equal(t2->size, 1u << 27);
    assert_null(copies(a, t2, 2));
    /* Strings: 8 bytes with 32-bit pointers, 16 with 64-bit ones, and validation bounds the
     * 64-bit size. */
    const warden_component_type_t *s0 = copies(a, T(STRING), 256);
    const warden_component_type_t *s1 = copies(a, s0, 256);
    assert_non_null(s1);
    assert_int_equal(s1->size, 1u << 19);
    assert_int_equal(s1->size64, 1u << 20);
    const warden_component_type_t *s2 = copies(a, s1, 255);
    assert_non_null(s2);
    assert_true(s2->size < (1u << 28) && s2->size64 < (1u << 28));
    assert_null(copies(a, s1, 256)); /* 2^27 bytes, but 2^28 with 64-bit pointers */
}

static void test_depth(void **state)
{
    arena *a = *state;
    const warden_component_type_t *t = T(U8);
    for (int i = 1; i < WM_MAX_TYPE_DEPTH; i++) {
        warden_component_type_t *l = arena_alloc(a, sizeof *l);
        const warden_component_type_t **e = arena_alloc(a, sizeof *e);
        e[0] = t;
        l->kind = WARDEN_COMPONENT_LIST;
        l->elems = e;
        assert_true(wm_type_finish(l));
        t = l;
    }
    assert_int_equal(t->depth, WM_MAX_TYPE_DEPTH);
    warden_component_type_t *l = arena_alloc(a, sizeof *l);
    const warden_component_type_t **e = arena_alloc(a, sizeof *e);
    e[0] = t;
    l->kind = WARDEN_COMPONENT_OPTION;
    l->elems = e;
    assert_false(wm_type_finish(l));
}

static void test_flat_cap(void **state)
{
    arena *a = *state;
    const warden_component_type_t *r16 = copies(a, T(U32), 16);
    const warden_component_type_t *r15 = copies(a, T(U32), 15);
    assert_int_equal(r16->flat_count, 16);
    assert_int_equal(copies(a, T(U32), 17)->flat_count, WM_FLAT_CAP);
    assert_int_equal(copies(a, T(U32), 40)->flat_count, WM_FLAT_CAP);
    assert_int_equal(copies(a, r16, 3)->flat_count, WM_FLAT_CAP);
    /* A variant adds its discriminant. */
    warden_component_type_t *v = arena_alloc(a, sizeof *v);
    const warden_component_type_t **cases = arena_alloc(a, 2 * sizeof *cases);
    cases[0] = r15;
    cases[1] = NULL;
    v->kind = WARDEN_COMPONENT_VARIANT;
    v->count = 2;
    v->elems = cases;
    v->names = (const char *const[]){"a", "b"};
    assert_true(wm_type_finish(v));
    assert_int_equal(v->flat_count, 16);
    cases[0] = r16;
    assert_true(wm_type_finish(v));
    assert_int_equal(v->flat_count, WM_FLAT_CAP);
    cases[0] = copies(a, T(U32), 30);
    assert_true(wm_type_finish(v));
    assert_int_equal(v->flat_count, WM_FLAT_CAP);
}

static warden_component_functype_t *fn(arena *a, const char *text)
{
    toks t;
    toks_split(a, arena_strdup(a, text), &t);
    assert_string_equal(toks_next(&t), "func");
    warden_component_functype_t *ft = parse_functype(a, &t);
    assert_non_null(ft);
    return ft;
}

static void assert_core(const warden_component_functype_t *ft, bool lower, const char *params,
                        const char *results)
{
    warden_valkind_t p[WM_MAX_FLAT_PARAMS + 1], r[WM_MAX_FLAT_RESULTS];
    uint32_t np, nr;
    wm_functype_core(ft, lower, p, &np, r, &nr);
    char got[40] = "";
    for (uint32_t i = 0; i < np; i++)
        strcat(got, p[i] == WARDEN_I32   ? "i"
                    : p[i] == WARDEN_I64 ? "I"
                    : p[i] == WARDEN_F32 ? "f"
                                         : "F");
    strcat(got, ">");
    for (uint32_t i = 0; i < nr; i++)
        strcat(got, r[i] == WARDEN_I32   ? "i"
                    : r[i] == WARDEN_I64 ? "I"
                    : r[i] == WARDEN_F32 ? "f"
                                         : "F");
    char want[40];
    snprintf(want, sizeof want, "%s>%s", params, results);
    assert_string_equal(got, want);
}

static void test_functypes(void **state)
{
    arena *a = *state;
    warden_component_functype_t *ft = fn(a, "func 3 u8 f32 f64 _");
    assert_int_equal(ft->flat_params, 3);
    assert_int_equal(ft->flat_results, 0);
    assert_false(ft->params_in_memory);
    assert_false(ft->result_in_memory);
    assert_core(ft, false, "ifF", "");
    assert_core(ft, true, "ifF", "");

    ft = fn(a, "func 3 u8 f32 f64 tuple 1 f32");
    assert_core(ft, false, "ifF", "f");
    assert_core(ft, true, "ifF", "f");

    /* A result of more than one core value goes through memory. */
    ft = fn(a, "func 1 string string");
    assert_true(ft->result_in_memory);
    assert_int_equal(ft->flat_results, 1);
    assert_core(ft, false, "ii", "i");
    assert_core(ft, true, "iii", "");

    /* Sixteen core params are passed flat, seventeen through memory. */
    ft = fn(a, "func 8 string string string string string string string string _");
    assert_false(ft->params_in_memory);
    assert_int_equal(ft->flat_params, 16);
    ft = fn(a, "func 9 string string string string string string string string u8 u64");
    assert_true(ft->params_in_memory);
    assert_int_equal(ft->flat_params, 1);
    assert_core(ft, false, "i", "I");
    ft = fn(a, "func 1 tuple 17 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 record 2 u8 u8");
    assert_true(ft->params_in_memory);
    assert_true(ft->result_in_memory);
    assert_core(ft, false, "i", "i");
    assert_core(ft, true, "ii", "");
    ft = fn(a, "func 0 _");
    assert_core(ft, true, "", "");
}

static void test_reflection(void **state)
{
    arena *a = *state;
    const warden_component_type_t *r = ty(a, "record 2 u8 list string");
    assert_int_equal(warden_component_type_kind(r), WARDEN_COMPONENT_RECORD);
    assert_int_equal(warden_component_type_count(r), 2);
    assert_string_equal(warden_component_type_name(r, 1), "f1");
    assert_null(warden_component_type_name(r, 2));
    assert_ptr_equal(warden_component_type_elem(r, 0), T(U8));
    const warden_component_type_t *l = warden_component_type_elem(r, 1);
    assert_int_equal(warden_component_type_kind(l), WARDEN_COMPONENT_LIST);
    assert_int_equal(warden_component_type_count(l), 1);
    assert_ptr_equal(warden_component_type_elem(l, 0), T(STRING));
    assert_null(warden_component_type_elem(l, 1));
    assert_null(warden_component_type_name(l, 0));
    assert_null(warden_component_type_elem(r, 2));

    const warden_component_type_t *v = ty(a, "variant 2 u8 _");
    assert_int_equal(warden_component_type_count(v), 2);
    assert_string_equal(warden_component_type_name(v, 0), "c0");
    assert_ptr_equal(warden_component_type_elem(v, 0), T(U8));
    assert_null(warden_component_type_elem(v, 1));

    const warden_component_type_t *e = ty(a, "enum 3");
    assert_int_equal(warden_component_type_count(e), 3);
    assert_string_equal(warden_component_type_name(e, 2), "e2");
    assert_null(warden_component_type_elem(e, 0));

    const warden_component_type_t *f = ty(a, "flags 4");
    assert_int_equal(warden_component_type_count(f), 4);
    assert_string_equal(warden_component_type_name(f, 3), "g3");

    const warden_component_type_t *t = ty(a, "tuple 2 u8 s8");
    assert_int_equal(warden_component_type_count(t), 2);
    assert_null(warden_component_type_name(t, 0));
    assert_ptr_equal(warden_component_type_elem(t, 1), T(S8));

    const warden_component_type_t *res = ty(a, "result _ string");
    assert_int_equal(warden_component_type_count(res), 2);
    assert_null(warden_component_type_elem(res, 0));
    assert_ptr_equal(warden_component_type_elem(res, 1), T(STRING));
    assert_null(warden_component_type_elem(res, 2));

    const warden_component_type_t *o = ty(a, "option char");
    assert_int_equal(warden_component_type_count(o), 1);
    assert_ptr_equal(warden_component_type_elem(o, 0), T(CHAR));

    assert_int_equal(warden_component_type_count(T(U8)), 0);
    assert_null(warden_component_type_elem(T(U8), 0));
    assert_null(warden_component_type_label(T(U8)));
    warden_component_type_t labelled = {.kind = WARDEN_COMPONENT_U8, .label = "byte"};
    assert_string_equal(warden_component_type_label(&labelled), "byte");

    assert_int_equal(warden_component_type_kind(NULL), 0);
    assert_int_equal(warden_component_type_count(NULL), 0);
    assert_null(warden_component_type_name(NULL, 0));
    assert_null(warden_component_type_elem(NULL, 0));
    assert_null(warden_component_type_label(NULL));

    warden_component_functype_t *ft = fn(a, "func 2 u8 string option u8");
    assert_int_equal(warden_component_functype_param_count(ft), 2);
    const char *name;
    const warden_component_type_t *p;
    assert_true(warden_component_functype_param(ft, 1, &name, &p));
    assert_string_equal(name, "p1");
    assert_ptr_equal(p, T(STRING));
    assert_true(warden_component_functype_param(ft, 0, NULL, NULL));
    assert_false(warden_component_functype_param(ft, 2, &name, &p));
    assert_int_equal(warden_component_type_kind(warden_component_functype_result(ft)),
                     WARDEN_COMPONENT_OPTION);
    assert_null(warden_component_functype_result(fn(a, "func 0 _")));
    assert_int_equal(warden_component_functype_param_count(NULL), 0);
    assert_false(warden_component_functype_param(NULL, 0, &name, &p));
    assert_null(warden_component_functype_result(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_scalars, setup, teardown),
        cmocka_unit_test_setup_teardown(test_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_variants, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flags, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_size_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_depth, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flat_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_functypes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reflection, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
