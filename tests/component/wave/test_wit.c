/* Types in WIT syntax (src/component/wit_type.c): every type form, definitions of labelled types,
 * function types, keywords as names, resources, malformed types; and the text buffer
 * (src/component/strbuf.c) they are written into. */
#include <stdio.h>

#include "component/strbuf.h"
#include "component/wit_type.h"
#include "wave_types.h"

static const warden_component_type_t T_LIST_U8 = LIST(T_U8);
static const warden_component_type_t T_LIST_LIST_STRING =
    LIST((warden_component_type_t)LIST(T_STRING));
static const warden_component_type_t T_PAIR = TUPLE(&T_U32, &T_STRING);
static const warden_component_type_t T_OPT_U8 = OPTION(T_U8);
static const warden_component_type_t T_RES_BOTH = RESULT(&T_U32, &T_STRING);
static const warden_component_type_t T_RES_ERR = RESULT(NULL, &T_STRING);
static const warden_component_type_t T_RES_OK = RESULT(&T_U32, NULL);
static const warden_component_type_t T_RES_NONE = RESULT(NULL, NULL);
static const warden_component_type_t T_POINT =
    NAMED(RECORD, "point", NAMES("x", "y"), ELEMS(&T_U32, &T_U32));
static const warden_component_type_t T_LIST_POINT = LIST(T_POINT);
static const warden_component_type_t T_ANON_RECORD =
    NAMED(RECORD, NULL, NAMES("x", "type"), ELEMS(&T_U32, &T_LIST_POINT));
static const warden_component_type_t T_SHAPE =
    NAMED(VARIANT, "shape", NAMES("circle", "none", "list"), ELEMS(&T_F32, NULL, &T_LIST_U8));
static const warden_component_type_t T_COLOR =
    NAMED(ENUM, "color", NAMES("red", "green", "enum"), NULL);
static const warden_component_type_t T_PERMS = NAMED(FLAGS, "perms", NAMES("read", "write"), NULL);
static const warden_component_type_t T_KEYWORD_RECORD =
    NAMED(RECORD, "type", NAMES("record", "u8"), ELEMS(&T_U8, &T_U8));
static const warden_component_type_t T_EMPTY_RECORD = {.kind = WARDEN_COMPONENT_RECORD,
                                                       .label = "nothing"};
static const warden_component_type_t T_EMPTY_FLAGS = {.kind = WARDEN_COMPONENT_FLAGS,
                                                      .label = "no-flags"};
static const warden_component_type_t T_BYTES = {
    .kind = WARDEN_COMPONENT_LIST, .count = 1, .elems = ELEMS(&T_U8), .label = "bytes"};
static const warden_component_type_t T_SIZE = {.kind = WARDEN_COMPONENT_U32, .label = "size"};
static const warden_component_type_t T_FILE = {
    .kind = WARDEN_COMPONENT_OWN, .resource = 0, .label = "file"};
static const warden_component_type_t T_BORROW_FILE = {
    .kind = WARDEN_COMPONENT_BORROW, .resource = 0, .label = "file"};
static const warden_component_type_t T_OWN_3 = {.kind = WARDEN_COMPONENT_OWN, .resource = 3};
static const warden_component_type_t T_BORROW_7 = {.kind = WARDEN_COMPONENT_BORROW, .resource = 7};
static const warden_component_type_t T_OPT_BORROW_7 = OPTION(T_BORROW_7);
static const warden_component_type_t T_HANDLE = {
    .kind = WARDEN_COMPONENT_OWN, .resource = 7, .label = "handle"};
static const warden_component_type_t T_NESTED =
    TUPLE(&T_LIST_POINT, &T_OPT_U8, &T_RES_ERR, &T_SHAPE, &T_BYTES, &T_SIZE);

static const warden_component_type_t no_elems = {.kind = WARDEN_COMPONENT_LIST};
static const warden_component_type_t list_of_points = {
    .kind = WARDEN_COMPONENT_LIST, .count = 1, .elems = ELEMS(&T_POINT), .label = "points"};
static const warden_component_type_t alias = {
    .kind = WARDEN_COMPONENT_RESULT, .count = 2, .elems = ELEMS(NULL, NULL), .label = "own"};
static const warden_component_type_t null_elem = TUPLE(&T_U8, NULL);
static const warden_component_type_t list_bad = LIST(no_elems);

static const char *resource_names(void *env, uint32_t id)
{
    (void)env;
    return id == 7 ? "blob" : id == 8 ? "interface" : NULL;
}

static const wm_wit_names NAMES_7 = {resource_names, NULL};

/* Writes t (as wm_wit_type, or wm_wit_typedef when def) and compares. */
static void wit_is(type_t *t, const wm_wit_names *names, bool def, const char *want)
{
    wm_strbuf sb;
    wm_strbuf_init(&sb);
    bool ok = def ? wm_wit_typedef(&sb, t, names) : wm_wit_type(&sb, t, names);
    if (!ok) fail_msg("writing failed; expected %s", want);
    assert_false(sb.failed);
    if (strcmp(sb.ptr, want) != 0) {
        char got[1024];
        snprintf(got, sizeof got, "%s", sb.ptr);
        wm_strbuf_free(&sb);
        fail_msg("wrote\n  %s\nexpected\n  %s", got, want);
    }
    assert_int_equal(sb.len, strlen(want));
    wm_strbuf_free(&sb);
}

static void test_type_expressions(void **state)
{
    (void)state;
    static const struct {
        type_t *t;
        const char *wit;
    } scalars[] = {
        {&T_BOOL, "bool"},     {&T_S8, "s8"},   {&T_U8, "u8"},   {&T_S16, "s16"},
        {&T_U16, "u16"},       {&T_S32, "s32"}, {&T_U32, "u32"}, {&T_S64, "s64"},
        {&T_U64, "u64"},       {&T_F32, "f32"}, {&T_F64, "f64"}, {&T_CHAR, "char"},
        {&T_STRING, "string"},
    };
    for (size_t i = 0; i < sizeof scalars / sizeof scalars[0]; i++)
        wit_is(scalars[i].t, NULL, false, scalars[i].wit);
    wit_is(&T_LIST_U8, NULL, false, "list<u8>");
    wit_is(&T_LIST_LIST_STRING, NULL, false, "list<list<string>>");
    wit_is(&T_PAIR, NULL, false, "tuple<u32, string>");
    wit_is(&T_OPT_U8, NULL, false, "option<u8>");
    wit_is(&T_RES_BOTH, NULL, false, "result<u32, string>");
    wit_is(&T_RES_ERR, NULL, false, "result<_, string>");
    wit_is(&T_RES_OK, NULL, false, "result<u32>");
    wit_is(&T_RES_NONE, NULL, false, "result");
    /* Labelled types by their label. */
    wit_is(&T_POINT, NULL, false, "point");
    wit_is(&T_LIST_POINT, NULL, false, "list<point>");
    wit_is(&T_SHAPE, NULL, false, "shape");
    wit_is(&T_COLOR, NULL, false, "color");
    wit_is(&T_PERMS, NULL, false, "perms");
    wit_is(&T_BYTES, NULL, false, "bytes");
    wit_is(&T_SIZE, NULL, false, "size");
    wit_is(&T_KEYWORD_RECORD, NULL, false, "%type");
    wit_is(&T_NESTED, NULL, false,
           "tuple<list<point>, option<u8>, result<_, string>, shape, bytes, size>");
    /* No anonymous records in WIT: written as the definition without a name. */
    wit_is(&T_ANON_RECORD, NULL, false, "record { x: u32, %type: list<point> }");
}

static void test_resources(void **state)
{
    (void)state;
    /* Own handles are the resource's name; borrowed ones borrow<name>. */
    wit_is(&T_FILE, NULL, false, "file");
    wit_is(&T_BORROW_FILE, NULL, false, "borrow<file>");
    wit_is(&T_OWN_3, NULL, false, "resource-3");
    wit_is(&T_BORROW_7, NULL, false, "borrow<resource-7>");
    wit_is(&T_BORROW_7, &NAMES_7, false, "borrow<blob>");
    wit_is(&T_OPT_BORROW_7, &NAMES_7, false, "option<borrow<blob>>");
    /* The resolver's name first, then the label. */
    wit_is(&T_HANDLE, &NAMES_7, false, "blob");
    wit_is(&T_HANDLE, NULL, false, "handle");
    wit_is(&T_FILE, &NAMES_7, false, "file");
    /* Keywords get a `%`. */
    static const warden_component_type_t own8 = {.kind = WARDEN_COMPONENT_OWN, .resource = 8};
    wit_is(&own8, &NAMES_7, false, "%interface");
    static const wm_wit_names no_callback = {NULL, NULL};
    wit_is(&T_BORROW_7, &no_callback, false, "borrow<resource-7>");
}

static void test_typedefs(void **state)
{
    (void)state;
    wit_is(&T_POINT, NULL, true, "record point { x: u32, y: u32 }");
    wit_is(&T_SHAPE, NULL, true, "variant shape { circle(f32), none, %list(list<u8>) }");
    wit_is(&T_COLOR, NULL, true, "enum color { red, green, %enum }");
    wit_is(&T_PERMS, NULL, true, "flags perms { read, write }");
    wit_is(&T_KEYWORD_RECORD, NULL, true, "record %type { %record: u8, %u8: u8 }");
    wit_is(&T_EMPTY_RECORD, NULL, true, "record nothing {}");
    wit_is(&T_EMPTY_FLAGS, NULL, true, "flags no-flags {}");
    wit_is(&T_BYTES, NULL, true, "type bytes = list<u8>;");
    wit_is(&T_SIZE, NULL, true, "type size = u32;");
    wit_is(&T_HANDLE, &NAMES_7, true, "type handle = blob;");
    wit_is(&T_HANDLE, NULL, true, "type handle = resource-7;");
    wit_is(&list_of_points, NULL, true, "type points = list<point>;");
    wit_is(&alias, NULL, true, "type %own = result;");

    /* No label, no definition: nothing is written. */
    wm_strbuf sb;
    wm_strbuf_init(&sb);
    assert_false(wm_wit_typedef(&sb, &T_ANON_RECORD, NULL));
    assert_false(wm_wit_typedef(&sb, &T_LIST_U8, NULL));
    assert_false(wm_wit_typedef(&sb, NULL, NULL));
    assert_int_equal(sb.len, 0);
    assert_false(sb.failed);
    wm_strbuf_free(&sb);
}

static void functype_is(const warden_component_functype_t *ft, const wm_wit_names *names,
                        const char *want)
{
    wm_strbuf sb;
    wm_strbuf_init(&sb);
    assert_true(wm_wit_functype(&sb, ft, names));
    assert_string_equal(sb.ptr, want);
    wm_strbuf_free(&sb);
}

static void test_functypes(void **state)
{
    (void)state;
    static const warden_component_functype_t nullary = {0};
    functype_is(&nullary, NULL, "func()");
    static const wm_param two[] = {{"a", &T_U32}, {"b", &T_STRING}};
    static const warden_component_functype_t f = {.nparams = 2, .params = two, .result = &T_STRING};
    functype_is(&f, NULL, "func(a: u32, b: string) -> string");
    static const wm_param keywords[] = {{"type", &T_POINT}, {"self", &T_BORROW_7}};
    static const warden_component_functype_t g = {
        .nparams = 2, .params = keywords, .result = &T_RES_ERR};
    functype_is(&g, &NAMES_7, "func(%type: point, self: borrow<blob>) -> result<_, string>");
    static const warden_component_functype_t h = {.nparams = 1, .params = two};
    functype_is(&h, NULL, "func(a: u32)");
}

static void test_malformed(void **state)
{
    (void)state;
    wm_strbuf sb;
    wm_strbuf_init(&sb);
    static const warden_component_type_t no_names = {.kind = WARDEN_COMPONENT_ENUM, .count = 2};
    static const warden_component_type_t bad_kind = {.kind = (warden_component_kind_t)77};
    assert_false(wm_wit_type(&sb, NULL, NULL));
    assert_false(wm_wit_type(&sb, &no_elems, NULL));
    assert_false(wm_wit_type(&sb, &no_names, NULL));
    assert_false(wm_wit_type(&sb, &null_elem, NULL));
    assert_false(wm_wit_type(&sb, &bad_kind, NULL));
    assert_false(wm_wit_type(&sb, &list_bad, NULL));
    assert_false(sb.failed);
    static const wm_param bad_param[] = {{NULL, &T_U8}};
    static const warden_component_functype_t f = {.nparams = 1, .params = bad_param};
    assert_false(wm_wit_functype(&sb, &f, NULL));
    static const warden_component_functype_t g = {.nparams = 1};
    assert_false(wm_wit_functype(&sb, &g, NULL));
    wm_strbuf_free(&sb);

    /* 100 levels are written; 101 are refused. */
    static warden_component_type_t types[102];
    static const warden_component_type_t *ptrs[102];
    types[0] = (warden_component_type_t){.kind = WARDEN_COMPONENT_U8};
    ptrs[0] = &types[0];
    for (size_t i = 1; i < 102; i++) {
        types[i] = (warden_component_type_t){.kind = WARDEN_COMPONENT_OPTION, .count = 1};
        types[i].elems = &ptrs[i - 1];
        ptrs[i] = &types[i];
    }
    wm_strbuf_init(&sb);
    assert_true(wm_wit_type(&sb, &types[99], NULL));
    assert_int_equal(sb.len, 99 * strlen("option<>") + 2);
    wm_strbuf_free(&sb);
    assert_false(wm_wit_type(&sb, &types[100], NULL));
    assert_false(sb.failed);
    wm_strbuf_free(&sb);

    /* A limit on the text: the buffer fails. */
    sb.limit = 10;
    assert_false(wm_wit_type(&sb, &T_NESTED, NULL));
    assert_true(sb.failed);
    assert_null(sb.ptr);
    assert_false(wm_wit_type(&sb, &T_U8, NULL));
    assert_null(wm_strbuf_take(&sb, NULL));
    assert_false(sb.failed);
    sb.limit = 18;
    assert_true(wm_wit_type(&sb, &T_PAIR, NULL));
    assert_string_equal(sb.ptr, "tuple<u32, string>");
    assert_false(wm_wit_type(&sb, &T_U8, NULL));
    wm_strbuf_free(&sb);
}

static void test_strbuf(void **state)
{
    (void)state;
    wm_strbuf sb;
    wm_strbuf_init(&sb);
    size_t len = 99;
    char *s = wm_strbuf_take(&sb, &len);
    assert_string_equal(s, "");
    assert_int_equal(len, 0);
    free(s);
    assert_true(wm_strbuf_puts(&sb, "abc"));
    assert_true(wm_strbuf_putc(&sb, '-'));
    assert_true(wm_strbuf_append(&sb, "xyz", 2));
    assert_true(wm_strbuf_append(&sb, NULL, 0));
    assert_true(wm_strbuf_printf(&sb, "%d/%s", 42, "z"));
    assert_string_equal(sb.ptr, "abc-xy42/z");
    /* Longer than printf's first try. */
    char big[300];
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_true(wm_strbuf_printf(&sb, "<%s>", big));
    assert_int_equal(sb.len, 10 + 301);
    assert_int_equal(sb.ptr[sb.len - 1], '>');
    /* Grows past its first allocations. */
    for (int i = 0; i < 1000; i++) assert_true(wm_strbuf_puts(&sb, "0123456789"));
    s = wm_strbuf_take(&sb, &len);
    assert_int_equal(len, 10 + 301 + 10000);
    assert_int_equal(strlen(s), len);
    free(s);
    assert_null(sb.ptr);
    assert_int_equal(sb.len, 0);
    /* A limit: exactly reached is fine, one past fails, and failure sticks. */
    sb.limit = 4;
    assert_true(wm_strbuf_puts(&sb, "abcd"));
    assert_false(wm_strbuf_putc(&sb, 'e'));
    assert_true(sb.failed);
    assert_false(wm_strbuf_puts(&sb, ""));
    assert_false(wm_strbuf_printf(&sb, "x"));
    assert_null(wm_strbuf_take(&sb, &len));
    assert_int_equal(len, 0);
    assert_false(sb.failed);
    assert_false(wm_strbuf_printf(&sb, "%s", "12345"));
    wm_strbuf_free(&sb);
    assert_false(sb.failed);
    assert_int_equal(sb.limit, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_type_expressions), cmocka_unit_test(test_resources),
        cmocka_unit_test(test_typedefs),         cmocka_unit_test(test_functypes),
        cmocka_unit_test(test_malformed),        cmocka_unit_test(test_strbuf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
