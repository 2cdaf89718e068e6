/* Misuse of the component API: wrong argument counts and types (an ARGUMENT error, and nothing
 * runs: the instance is neither entered nor poisoned), NULLs, a function called in another store,
 * bad component bytes; and the reflection API on real components (imports, exports, types, WIT),
 * values' own API, and lifetimes (a component deleted while its instance lives). */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#define CALL_ERR "warden_component_func_call: "

typedef capi_guest_fixture fixture; /* the values guest */

/* Calls `name` with args and expects the ARGUMENT error `message`. */
static void expect_argument_error(fixture *fx, const char *name, const warden_component_val_t *args,
                                  size_t nargs, size_t nresults, const char *message)
{
    warden_component_val_t res = {.kind = WARDEN_COMPONENT_BOOL};
    warden_trap_t *trap = (warden_trap_t *)&res; /* must be reset or left alone, never kept */
    warden_error_t *err = warden_component_func_call(fx->env->store, capi_func(fx->inst, name),
                                                     args, nargs, &res, nresults, &trap);
    CAPI_ERROR(err, WARDEN_ERROR_ARGUMENT, message);
    assert_true(trap == NULL || trap == (warden_trap_t *)&res);
    assert_int_equal(res.kind, WARDEN_COMPONENT_BOOL);
}

static void test_wrong_counts(void **state)
{
    fixture *fx = *state;
    warden_component_val_t args[3] = {capi_u32(1), capi_u32(2), capi_u32(3)};
    expect_argument_error(fx, "echo-u32", args, 0, 1,
                          CALL_ERR "0 arguments given, the function takes 1");
    expect_argument_error(fx, "echo-u32", args, 2, 1,
                          CALL_ERR "2 arguments given, the function takes 1");
    expect_argument_error(fx, "echo-u32", args, 1, 0,
                          CALL_ERR "room for 0 results given, the function returns 1");
    expect_argument_error(fx, "echo-u32", args, 1, 2,
                          CALL_ERR "room for 2 results given, the function returns 1");
    expect_argument_error(fx, "test:pkg/iface@1.0.0#nothing", args, 1, 0,
                          CALL_ERR "1 arguments given, the function takes 0");
    expect_argument_error(fx, "test:pkg/iface@1.0.0#nothing", NULL, 0, 1,
                          CALL_ERR "room for 1 results given, the function returns 0");
    expect_argument_error(fx, "test:pkg/iface@1.0.0#add", args, 3, 1,
                          CALL_ERR "3 arguments given, the function takes 2");
    /* Nothing ran: nothing was not called, no post-return either; nothing is poisoned. */
    CAPI_CALL(fx->env, fx->inst, "counters()", "(0, 0)");
}

static void test_wrong_types(void **state)
{
    fixture *fx = *state;
    warden_component_val_t v = capi_s32(1);
    expect_argument_error(fx, "echo-u32", &v, 1, 1, "argument 0 (`x`): a value of another kind");
    v = (warden_component_val_t){.kind = WARDEN_COMPONENT_CHAR, .of.ch = 0xd800};
    expect_argument_error(fx, "echo-char", &v, 1, 1,
                          "argument 0 (`x`): a char that is not a Unicode scalar value");
    v.of.ch = 0x110000;
    expect_argument_error(fx, "echo-char", &v, 1, 1,
                          "argument 0 (`x`): a char that is not a Unicode scalar value");

    /* Strings: UTF-8 only, bytes present. */
    v = (warden_component_val_t){.kind = WARDEN_COMPONENT_BOOL};
    CAPI_OK(warden_component_val_set_string(&v, "\xc3", 1));
    expect_argument_error(fx, "ellipsis", &v, 1, 1, "argument 0 (`s`): a string that is not UTF-8");
    warden_component_val_delete(&v);
    v = (warden_component_val_t){.kind = WARDEN_COMPONENT_STRING, .of.string = {NULL, 3}};
    expect_argument_error(fx, "ellipsis", &v, 1, 1, "argument 0 (`s`): a string without bytes");

    /* Records: every field, in the type's order. */
    const char *yx[] = {"y", "x"};
    CAPI_OK(warden_component_val_set_record(&v, yx, 2));
    v.of.record.ptr[0].val = capi_s32(1);
    v.of.record.ptr[1].val = capi_s32(2);
    expect_argument_error(fx, "swap-point", &v, 1, 1,
                          "argument 0 (`p`): a record field of another name (fields go in the "
                          "type's order)");
    const char *x[] = {"x"};
    CAPI_OK(warden_component_val_set_record(&v, x, 1));
    v.of.record.ptr[0].val = capi_s32(1);
    expect_argument_error(fx, "swap-point", &v, 1, 1,
                          "argument 0 (`p`): a record with the wrong number of fields");
    /* A field of the wrong kind. */
    const char *xy[] = {"x", "y"};
    CAPI_OK(warden_component_val_set_record(&v, xy, 2));
    v.of.record.ptr[0].val = capi_s32(1);
    v.of.record.ptr[1].val = capi_u32(2);
    expect_argument_error(fx, "swap-point", &v, 1, 1, "argument 0 (`p`): a value of another kind");

    /* Tuples, lists. */
    CAPI_OK(warden_component_val_set_list(&v, WARDEN_COMPONENT_TUPLE, 1));
    v.of.list.ptr[0] = capi_u32(1);
    expect_argument_error(fx, "swap-pair", &v, 1, 1,
                          "argument 0 (`t`): a tuple with the wrong number of elements");
    CAPI_OK(warden_component_val_set_list(&v, WARDEN_COMPONENT_LIST, 2));
    v.of.list.ptr[0] = capi_string("a");
    v.of.list.ptr[1] = capi_u32(1);
    expect_argument_error(fx, "echo-strings", &v, 1, 1,
                          "argument 0 (`l`): a value of another kind");
    warden_component_val_delete(&v);
    v = (warden_component_val_t){.kind = WARDEN_COMPONENT_LIST, .of.list = {NULL, 2}};
    expect_argument_error(fx, "echo-bytes", &v, 1, 1, "argument 0 (`b`): a list without elements");
    v = (warden_component_val_t){.kind = WARDEN_COMPONENT_BOOL}; /* it owned nothing */

    /* Variants, enums, options, results, flags. */
    CAPI_OK(warden_component_val_set_variant(&v, "triangle", false));
    expect_argument_error(fx, "echo-shape", &v, 1, 1, "argument 0 (`s`): no case of that name");
    CAPI_OK(warden_component_val_set_variant(&v, "circle", false));
    expect_argument_error(fx, "echo-shape", &v, 1, 1, "argument 0 (`s`): a payload is missing");
    CAPI_OK(warden_component_val_set_variant(&v, "empty", true));
    *v.of.variant.payload = capi_u32(1);
    expect_argument_error(fx, "echo-shape", &v, 1, 1,
                          "argument 0 (`s`): a payload where the case has none");
    CAPI_OK(warden_component_val_set_variant(&v, "circle", true));
    *v.of.variant.payload = capi_u32(1);
    expect_argument_error(fx, "echo-shape", &v, 1, 1, "argument 0 (`s`): a value of another kind");
    CAPI_OK(warden_component_val_set_enum(&v, "purple"));
    expect_argument_error(fx, "next-color", &v, 1, 1, "argument 0 (`c`): no case of that name");
    CAPI_OK(warden_component_val_set_option(&v, true));
    *v.of.payload = capi_string("x");
    expect_argument_error(fx, "unwrap-or", (warden_component_val_t[]){v, capi_u32(1)}, 2, 1,
                          "argument 0 (`o`): a value of another kind");
    CAPI_OK(warden_component_val_set_result(&v, true, false));
    expect_argument_error(fx, "echo-result", &v, 1, 1, "argument 0 (`r`): a payload is missing");
    const char *backwards[] = {"exec", "read"};
    CAPI_OK(warden_component_val_set_flags(&v, backwards, 2));
    expect_argument_error(fx, "echo-perms", &v, 1, 1,
                          "argument 0 (`p`): flags out of order or repeated");
    const char *twice[] = {"read", "read"};
    CAPI_OK(warden_component_val_set_flags(&v, twice, 2));
    expect_argument_error(fx, "echo-perms", &v, 1, 1,
                          "argument 0 (`p`): flags out of order or repeated");
    const char *unknown[] = {"delete"};
    CAPI_OK(warden_component_val_set_flags(&v, unknown, 1));
    expect_argument_error(fx, "echo-perms", &v, 1, 1, "argument 0 (`p`): no flag of that name");
    warden_component_val_delete(&v);

    /* The second argument is checked too; the first was fine. */
    warden_component_val_t two[2] = {capi_u32(1), capi_s32(2)};
    expect_argument_error(fx, "test:pkg/iface@1.0.0#add", two, 2, 1,
                          "argument 1 (`b`): a value of another kind");
    /* A resource handle where none is due. */
    v = capi_handle(WARDEN_COMPONENT_OWN, NULL);
    expect_argument_error(fx, "echo-u32", &v, 1, 1, "argument 0 (`x`): a value of another kind");

    /* None of it ran or poisoned the instance. */
    CAPI_CALL(fx->env, fx->inst, "counters()", "(0, 0)");
    CAPI_CALL(fx->env, fx->inst, "ellipsis(\"ok\")", "\"ok...\"");
}

static void test_nulls(void **state)
{
    fixture *fx = *state;
    warden_component_func_t *f = capi_func(fx->inst, "echo-u32");
    warden_component_val_t arg = capi_u32(1), res;
    warden_trap_t *trap = NULL;
    const char *null_arg = CALL_ERR "NULL argument";
    CAPI_ERROR(warden_component_func_call(NULL, f, &arg, 1, &res, 1, &trap), WARDEN_ERROR_ARGUMENT,
               null_arg);
    CAPI_ERROR(warden_component_func_call(fx->env->store, NULL, &arg, 1, &res, 1, &trap),
               WARDEN_ERROR_ARGUMENT, null_arg);
    CAPI_ERROR(warden_component_func_call(fx->env->store, f, &arg, 1, &res, 1, NULL),
               WARDEN_ERROR_ARGUMENT, null_arg);
    CAPI_ERROR(warden_component_func_call(fx->env->store, f, NULL, 1, &res, 1, &trap),
               WARDEN_ERROR_ARGUMENT, null_arg);
    CAPI_ERROR(warden_component_func_call(fx->env->store, f, &arg, 1, NULL, 1, &trap),
               WARDEN_ERROR_ARGUMENT, null_arg);

    assert_null(warden_component_instance_func(NULL, "echo-u32", 8));
    assert_null(warden_component_instance_func(fx->inst, NULL, 0));
    assert_null(warden_component_func_type(NULL));

    warden_component_t *c = capi_component(fx->env->engine, "values");
    warden_component_instance_t *inst = NULL;
    const char *inst_null = "warden_component_linker_instantiate: NULL argument";
    CAPI_ERROR(warden_component_linker_instantiate(fx->env->linker, NULL, c, &inst, &trap),
               WARDEN_ERROR_ARGUMENT, inst_null);
    CAPI_ERROR(
        warden_component_linker_instantiate(fx->env->linker, fx->env->store, NULL, &inst, &trap),
        WARDEN_ERROR_ARGUMENT, inst_null);
    CAPI_ERROR(warden_component_linker_instantiate(fx->env->linker, fx->env->store, c, NULL, &trap),
               WARDEN_ERROR_ARGUMENT, inst_null);
    CAPI_ERROR(warden_component_linker_instantiate(fx->env->linker, fx->env->store, c, &inst, NULL),
               WARDEN_ERROR_ARGUMENT, inst_null);
    /* A component without imports needs no linker. */
    CAPI_OK(warden_component_linker_instantiate(NULL, fx->env->store, c, &inst, &trap));
    assert_non_null(inst);
    assert_null(trap);
    warden_component_delete(c);
    warden_component_delete(NULL);
    CAPI_CALL(fx->env, inst, "echo-u32(5)", "5");
}

/* A function belongs to its instance's store. */
static void test_other_store(void **state)
{
    fixture *fx = *state;
    warden_store_t *other;
    CAPI_OK(warden_store_new(fx->env->engine, &other));
    warden_component_val_t arg = capi_u32(1), res = {.kind = WARDEN_COMPONENT_BOOL};
    warden_trap_t *trap = NULL;
    CAPI_ERROR(
        warden_component_func_call(other, capi_func(fx->inst, "echo-u32"), &arg, 1, &res, 1, &trap),
        WARDEN_ERROR_ARGUMENT, CALL_ERR "the function belongs to another store");
    assert_null(trap);
    warden_store_delete(other);
    CAPI_CALL(fx->env, fx->inst, "echo-u32(1)", "1");
}

static void test_bad_bytes(void **state)
{
    fixture *fx = *state;
    warden_component_t *c = NULL;
    CAPI_ERROR(warden_component_new(fx->env->engine, NULL, 0, NULL), WARDEN_ERROR_ARGUMENT,
               "warden_component_new: NULL out");
    size_t len;
    uint8_t *bytes = capi_bytes("values", &len);
    assert_true(warden_is_component(bytes, len));
    assert_false(warden_is_component(bytes, 7));
    assert_false(warden_is_component(NULL, 0));
    /* Cut short: malformed, at the offset where the bytes end. */
    warden_error_t *err = warden_component_new(fx->env->engine, bytes, len / 2, &c);
    assert_non_null(err);
    assert_int_equal(warden_error_kind(err), WARDEN_ERROR_MALFORMED);
    assert_true(warden_error_offset(err) > 0 && warden_error_offset(err) <= (int64_t)(len / 2));
    warden_error_delete(err);
    assert_null(c);
    /* A core module is no component. */
    static const uint8_t core[] = {0, 'a', 's', 'm', 1, 0, 0, 0};
    assert_false(warden_is_component(core, sizeof core));
    err = warden_component_new(fx->env->engine, core, sizeof core, &c);
    assert_non_null(err);
    assert_int_equal(warden_error_kind(err), WARDEN_ERROR_MALFORMED);
    warden_error_delete(err);
    assert_null(c);
    free(bytes);
}

/* ---- reflection --------------------------------------------------------------------------- */

static void expect_items(const warden_component_t *c, bool imports, const char *const *names,
                         const warden_component_item_kind_t *kinds, size_t n)
{
    size_t count = imports ? warden_component_import_count(c) : warden_component_export_count(c);
    assert_int_equal(count, n);
    for (size_t i = 0; i < n; i++) {
        const char *name = NULL;
        warden_component_item_kind_t kind;
        assert_true(imports ? warden_component_import(c, i, &name, &kind)
                            : warden_component_export(c, i, &name, &kind));
        CAPI_STREQ(name, names[i]);
        assert_int_equal(kind, kinds[i]);
    }
    const char *name;
    assert_false(imports ? warden_component_import(c, n, &name, NULL)
                         : warden_component_export(c, n, &name, NULL));
}

static void test_imports_exports(void **state)
{
    fixture *fx = *state;
    warden_component_t *c = capi_component(fx->env->engine, "consumer");
    static const char *const cimports[] = {"test:pkg/iface@1.0.0", "pair"};
    static const warden_component_item_kind_t cikinds[] = {WARDEN_COMPONENT_ITEM_INSTANCE,
                                                           WARDEN_COMPONENT_ITEM_TYPE};
    expect_items(c, true, cimports, cikinds, 2);
    static const char *const cexports[] = {"add3", "greet-all", "nothing-twice", "swap-via"};
    static const warden_component_item_kind_t cekinds[] = {
        WARDEN_COMPONENT_ITEM_FUNC, WARDEN_COMPONENT_ITEM_FUNC, WARDEN_COMPONENT_ITEM_FUNC,
        WARDEN_COMPONENT_ITEM_FUNC};
    expect_items(c, false, cexports, cekinds, 4);
    warden_component_delete(c);

    c = capi_component(fx->env->engine, "resources");
    static const char *const rimports[] = {"on-drop"};
    static const warden_component_item_kind_t rikinds[] = {WARDEN_COMPONENT_ITEM_FUNC};
    expect_items(c, true, rimports, rikinds, 1);
    static const char *const rexports[] = {"test:pkg/res@1.0.0"};
    static const warden_component_item_kind_t rekinds[] = {WARDEN_COMPONENT_ITEM_INSTANCE};
    expect_items(c, false, rexports, rekinds, 1);
    warden_component_delete(c);

    assert_int_equal(warden_component_import_count(NULL), 0);
    assert_int_equal(warden_component_export_count(NULL), 0);
    assert_false(warden_component_import(NULL, 0, NULL, NULL));
}

static void test_function_types(void **state)
{
    fixture *fx = *state;
    const warden_component_functype_t *ft =
        warden_component_func_type(capi_func(fx->inst, "describe-many"));
    assert_non_null(ft);
    assert_int_equal(warden_component_functype_param_count(ft), 15);
    static const warden_component_kind_t kinds[] = {
        WARDEN_COMPONENT_U8,   WARDEN_COMPONENT_U64,    WARDEN_COMPONENT_U16,
        WARDEN_COMPONENT_F32,  WARDEN_COMPONENT_STRING, WARDEN_COMPONENT_S8,
        WARDEN_COMPONENT_F64,  WARDEN_COMPONENT_BOOL,   WARDEN_COMPONENT_CHAR,
        WARDEN_COMPONENT_LIST, WARDEN_COMPONENT_S16,    WARDEN_COMPONENT_U32,
        WARDEN_COMPONENT_S64,  WARDEN_COMPONENT_OPTION, WARDEN_COMPONENT_RECORD,
    };
    for (size_t i = 0; i < 15; i++) {
        const char *name;
        const warden_component_type_t *t;
        assert_true(warden_component_functype_param(ft, i, &name, &t));
        char want[2] = {(char)('a' + i), 0};
        CAPI_STREQ(name, want);
        assert_int_equal(warden_component_type_kind(t), kinds[i]);
    }
    const char *name;
    const warden_component_type_t *t;
    assert_false(warden_component_functype_param(ft, 15, &name, &t));
    assert_int_equal(warden_component_type_kind(warden_component_functype_result(ft)),
                     WARDEN_COMPONENT_STRING);

    /* Named types and their parts. */
    ft = warden_component_func_type(capi_func(fx->inst, "echo-deep"));
    assert_true(warden_component_functype_param(ft, 0, &name, &t));
    CAPI_STREQ(name, "d");
    CAPI_STREQ(warden_component_type_label(t), "deep");
    assert_int_equal(warden_component_type_kind(t), WARDEN_COMPONENT_RESULT);
    assert_int_equal(warden_component_type_count(t), 2);
    const warden_component_type_t *ok = warden_component_type_elem(t, 0);
    const warden_component_type_t *err = warden_component_type_elem(t, 1);
    assert_int_equal(warden_component_type_kind(ok), WARDEN_COMPONENT_OPTION);
    const warden_component_type_t *shapes = warden_component_type_elem(ok, 0);
    assert_int_equal(warden_component_type_kind(shapes), WARDEN_COMPONENT_LIST);
    const warden_component_type_t *shape = warden_component_type_elem(shapes, 0);
    CAPI_STREQ(warden_component_type_label(shape), "shape");
    assert_int_equal(warden_component_type_kind(shape), WARDEN_COMPONENT_VARIANT);
    assert_int_equal(warden_component_type_count(shape), 4);
    CAPI_STREQ(warden_component_type_name(shape, 0), "circle");
    assert_int_equal(warden_component_type_kind(warden_component_type_elem(shape, 0)),
                     WARDEN_COMPONENT_F32);
    CAPI_STREQ(warden_component_type_name(shape, 3), "empty");
    assert_null(warden_component_type_elem(shape, 3));
    assert_null(warden_component_type_name(shape, 4));
    assert_int_equal(warden_component_type_kind(err), WARDEN_COMPONENT_TUPLE);
    assert_int_equal(warden_component_type_count(err), 3);
    const warden_component_type_t *perms = warden_component_type_elem(err, 0);
    assert_int_equal(warden_component_type_kind(perms), WARDEN_COMPONENT_FLAGS);
    CAPI_STREQ(warden_component_type_label(perms), "perms");
    CAPI_STREQ(warden_component_type_name(perms, 2), "exec");
    assert_null(warden_component_type_name(err, 0));

    /* A function without parameters or result. */
    ft = warden_component_func_type(capi_func(fx->inst, "fail"));
    assert_int_equal(warden_component_functype_param_count(ft), 0);
    assert_null(warden_component_functype_result(ft));
    /* A result without payloads. */
    ft = warden_component_func_type(capi_func(fx->inst, "parity"));
    t = warden_component_functype_result(ft);
    assert_int_equal(warden_component_type_kind(t), WARDEN_COMPONENT_RESULT);
    assert_null(warden_component_type_elem(t, 0));
    assert_null(warden_component_type_elem(t, 1));
    assert_null(warden_component_type_label(t));
}

static char *wit_of(fixture *fx, const char *stem)
{
    warden_component_t *c = capi_component(fx->env->engine, stem);
    char *text = NULL;
    size_t len = 0;
    CAPI_OK(warden_component_wit(c, &text, &len));
    assert_non_null(text);
    assert_int_equal(strlen(text), len);
    warden_component_delete(c);
    return text;
}

static void test_wit(void **state)
{
    fixture *fx = *state;
    char *text = wit_of(fx, "provider12");
    CAPI_STREQ(text, "package root:component;\n"
                     "\n"
                     "world root {\n"
                     "  export nothings: func() -> u32;\n"
                     "  export test:pkg/iface@1.2.0;\n"
                     "}\n"
                     "\n"
                     "package test:pkg@1.2.0 {\n"
                     "  interface iface {\n"
                     "    record pair { a: u32, b: string }\n"
                     "    add: func(a: u32, b: u32) -> u32;\n"
                     "    greet: func(name: string) -> string;\n"
                     "    nothing: func();\n"
                     "    swap: func(p: pair) -> tuple<string, u32>;\n"
                     "    sub: func(a: u32, b: u32) -> u32;\n"
                     "  }\n"
                     "}\n");
    free(text);
    char *out = (char *)1;
    size_t len = 1;
    CAPI_ERROR(warden_component_wit(NULL, &out, &len), WARDEN_ERROR_ARGUMENT, NULL);
}

/* ---- values ------------------------------------------------------------------------------- */

static void test_value_api(void **state)
{
    (void)state;
    warden_component_val_delete(NULL);
    warden_component_val_t v = {.kind = WARDEN_COMPONENT_BOOL}, copy;
    CAPI_ERROR(warden_component_val_set_string(NULL, "x", 1), WARDEN_ERROR_ARGUMENT, NULL);
    /* A deep copy is equal and independent. */
    CAPI_OK(warden_component_val_set_list(&v, WARDEN_COMPONENT_LIST, 2));
    CAPI_OK(warden_component_val_set_option(&v.of.list.ptr[0], true));
    *v.of.list.ptr[0].of.payload = capi_string("deep");
    CAPI_OK(warden_component_val_set_option(&v.of.list.ptr[1], false));
    CAPI_OK(warden_component_val_copy(&v, &copy));
    assert_true(warden_component_val_equal(&v, &copy));
    copy.of.list.ptr[0].of.payload->of.string.ptr[0] = 'D';
    assert_false(warden_component_val_equal(&v, &copy));
    CAPI_WAVE(&v, "[some(\"deep\"), none]");
    CAPI_WAVE(&copy, "[some(\"Deep\"), none]");
    warden_component_val_delete(&copy);
    warden_component_val_delete(&v);
    assert_int_equal(v.kind, WARDEN_COMPONENT_BOOL);
    /* NaNs are equal to NaNs; -0 and 0 are not equal. */
    warden_component_val_t a = {.kind = WARDEN_COMPONENT_F64, .of.f64 = __builtin_nan("1")};
    warden_component_val_t b = {.kind = WARDEN_COMPONENT_F64, .of.f64 = __builtin_nan("")};
    assert_true(warden_component_val_equal(&a, &b));
    a.of.f64 = 0.0;
    b.of.f64 = -0.0;
    assert_false(warden_component_val_equal(&a, &b));
}

/* A component may be deleted while an instance of it lives: the store keeps what it needs. */
static void test_component_lifetime(void **state)
{
    fixture *fx = *state;
    warden_component_t *c = capi_component(fx->env->engine, "values");
    warden_component_t *c2 = warden_component_clone(c);
    assert_true(c2 == c);
    warden_component_delete(c);
    warden_component_instance_t *inst = NULL;
    warden_trap_t *trap = NULL;
    CAPI_OK(warden_component_linker_instantiate(fx->env->linker, fx->env->store, c2, &inst, &trap));
    warden_component_delete(c2);
    const warden_component_functype_t *ft = warden_component_func_type(capi_func(inst, "ellipsis"));
    CAPI_CALL(fx->env, inst, "ellipsis(\"still here\")", "\"still here...\"");
    assert_int_equal(warden_component_functype_param_count(ft), 1);
}

int main(int argc, char **argv)
{
    capi_init(argc, argv);
    const struct CMUnitTest tests[] = {
        CAPI_VALUES_TEST(test_wrong_counts),   CAPI_VALUES_TEST(test_wrong_types),
        CAPI_VALUES_TEST(test_nulls),          CAPI_VALUES_TEST(test_other_store),
        CAPI_VALUES_TEST(test_bad_bytes),      CAPI_VALUES_TEST(test_imports_exports),
        CAPI_VALUES_TEST(test_function_types), CAPI_VALUES_TEST(test_wit),
        cmocka_unit_test(test_value_api),      CAPI_VALUES_TEST(test_component_lifetime),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
