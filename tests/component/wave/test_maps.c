/* Maps and fixed-length lists as values: WAVE in and out, WIT, reflection, and the value
 * functions (copy, equality, deletion) on MAP values. */
#include <stdio.h>

#include "component/strbuf.h"
#include "component/wit_type.h"
#include "wave_types.h"

static const warden_component_type_t T_MAP_STR_U32 = {
    .kind = WARDEN_COMPONENT_MAP, .count = 2, .elems = ELEMS(&T_STRING, &T_U32)};
static const warden_component_type_t T_LIST_U8 = LIST(T_U8);
static const warden_component_type_t T_MAP_CHAR_LIST = {
    .kind = WARDEN_COMPONENT_MAP, .count = 2, .elems = ELEMS(&T_CHAR, &T_LIST_U8)};
static const warden_component_type_t T_U32X3 = {
    .kind = WARDEN_COMPONENT_LIST, .count = 1, .elems = ELEMS(&T_U32), .length = 3};
static const warden_component_type_t T_MAP_NAMED = {
    .kind = WARDEN_COMPONENT_MAP, .count = 2, .elems = ELEMS(&T_U8, &T_U32X3), .label = "table"};

static void test_map_wave(void **state)
{
    (void)state;
    wave_roundtrip(&T_MAP_STR_U32, "{\"a\": 1, \"b\": 2}", "{\"a\": 1, \"b\": 2}");
    /* Entries keep their order, a repeated key included. */
    wave_roundtrip(&T_MAP_STR_U32, " { \"z\" : 26 , \"k\":1,\"k\": 2, } ",
                   "{\"z\": 26, \"k\": 1, \"k\": 2}");
    wave_roundtrip(&T_MAP_STR_U32, "{}", "{}");
    wave_roundtrip(&T_MAP_STR_U32, "{ : }", "{}");
    wave_roundtrip(&T_MAP_CHAR_LIST, "{'x': [1, 2], 'y': []}", "{'x': [1, 2], 'y': []}");

    val_t v = wave_parse(&T_MAP_STR_U32, "{\"a\": 1, \"a\": 7}");
    assert_int_equal(v.kind, WARDEN_COMPONENT_MAP);
    assert_int_equal(v.of.map.len, 2);
    assert_int_equal(v.of.map.ptr[1].key.kind, WARDEN_COMPONENT_STRING);
    assert_memory_equal(v.of.map.ptr[1].key.of.string.ptr, "a", 1);
    assert_int_equal(v.of.map.ptr[1].val.of.u32, 7);
    warden_component_val_delete(&v);

    wave_fails(&T_MAP_STR_U32, "{\"a\" 1}", "at 6: expected `:`");
    wave_fails(&T_MAP_STR_U32, "{\"a\": 1 \"b\": 2}", "at 9: expected `,` or `}`");
    wave_fails(&T_MAP_STR_U32, "{a: 1}", "at 2: expected a string");
    wave_fails(&T_MAP_STR_U32, "[(\"a\", 1)]", "at 1: expected `{`");
    wave_fails(&T_MAP_STR_U32, "{\"a\": 1", "at 8: expected `,` or `}`");
}

static void test_fixed_list_wave(void **state)
{
    (void)state;
    wave_roundtrip(&T_U32X3, "[1, 2, 3]", "[1, 2, 3]");
    wave_roundtrip(&T_U32X3, "[1,2,3,]", "[1, 2, 3]");
    wave_fails(&T_U32X3, "[1, 2]", "at 6: expected 3 list elements, found 2");
    wave_fails(&T_U32X3, "[]", "at 2: expected 3 list elements, found 0");
    wave_fails(&T_U32X3, "[1, 2, 3, 4]", "at 12: expected 3 list elements, found 4");
}

static void wit_is(type_t *t, const char *want)
{
    wm_strbuf sb;
    wm_strbuf_init(&sb);
    assert_true(wm_wit_type(&sb, t, NULL));
    assert_string_equal(sb.ptr, want);
    wm_strbuf_free(&sb);
}

static void test_wit(void **state)
{
    (void)state;
    wit_is(&T_MAP_STR_U32, "map<string, u32>");
    wit_is(&T_MAP_CHAR_LIST, "map<char, list<u8>>");
    wit_is(&T_U32X3, "list<u32, 3>");
    wit_is(&T_MAP_NAMED, "table");
    wm_strbuf sb;
    wm_strbuf_init(&sb);
    assert_true(wm_wit_typedef(&sb, &T_MAP_NAMED, NULL));
    assert_string_equal(sb.ptr, "type table = map<u8, list<u32, 3>>;");
    wm_strbuf_free(&sb);
}

static void test_reflection(void **state)
{
    (void)state;
    assert_int_equal(warden_component_type_kind(&T_MAP_STR_U32), WARDEN_COMPONENT_MAP);
    assert_string_equal(warden_component_kind_name(WARDEN_COMPONENT_MAP), "map");
    assert_int_equal(warden_component_type_count(&T_MAP_STR_U32), 2);
    assert_ptr_equal(warden_component_type_elem(&T_MAP_STR_U32, 0), &T_STRING);
    assert_ptr_equal(warden_component_type_elem(&T_MAP_STR_U32, 1), &T_U32);
    assert_null(warden_component_type_elem(&T_MAP_STR_U32, 2));
    assert_int_equal(warden_component_type_length(&T_MAP_STR_U32), 0);
    assert_int_equal(warden_component_type_length(&T_U32X3), 3);
    assert_int_equal(warden_component_type_length(&T_LIST_U8), 0);
    assert_int_equal(warden_component_type_length(NULL), 0);
    assert_int_equal(warden_component_type_count(&T_U32X3), 1);
    assert_ptr_equal(warden_component_type_elem(&T_U32X3, 0), &T_U32);
}

static void test_values(void **state)
{
    (void)state;
    val_t m = {.kind = WARDEN_COMPONENT_BOOL};
    assert_null(warden_component_val_set_map(&m, 2));
    assert_int_equal(m.kind, WARDEN_COMPONENT_MAP);
    assert_int_equal(m.of.map.len, 2);
    assert_int_equal(m.of.map.ptr[0].key.kind, WARDEN_COMPONENT_BOOL);
    assert_int_equal(m.of.map.ptr[1].val.kind, WARDEN_COMPONENT_BOOL);
    assert_null(warden_component_val_set_string(&m.of.map.ptr[0].key, "k", 1));
    assert_null(warden_component_val_set_bytes(&m.of.map.ptr[0].val, (const uint8_t *)"\1\2", 2));
    m.of.map.ptr[1].key = (val_t){.kind = WARDEN_COMPONENT_U32, .of.u32 = 5};

    val_t c;
    assert_null(warden_component_val_copy(&m, &c));
    assert_true(warden_component_val_equal(&m, &c));
    assert_ptr_not_equal(c.of.map.ptr, m.of.map.ptr);
    c.of.map.ptr[1].key.of.u32 = 6;
    assert_false(warden_component_val_equal(&m, &c));
    c.of.map.ptr[1].key.of.u32 = 5;
    assert_true(warden_component_val_equal(&m, &c));
    /* Entry order matters: maps compare entry by entry. */
    warden_component_entry_t first = c.of.map.ptr[0];
    c.of.map.ptr[0] = c.of.map.ptr[1];
    c.of.map.ptr[1] = first;
    assert_false(warden_component_val_equal(&m, &c));
    warden_component_val_delete(&c);
    assert_int_equal(c.kind, WARDEN_COMPONENT_BOOL);

    val_t empty = {.kind = WARDEN_COMPONENT_BOOL};
    assert_null(warden_component_val_set_map(&empty, 0));
    assert_false(warden_component_val_equal(&m, &empty));
    wave_prints(&empty, "{}");
    warden_component_val_delete(&empty);
    warden_component_val_delete(&m);
    warden_error_t *e = warden_component_val_set_map(NULL, 1);
    assert_non_null(e);
    assert_int_equal(warden_error_kind(e), WARDEN_ERROR_ARGUMENT);
    warden_error_delete(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_map_wave), cmocka_unit_test(test_fixed_list_wave),
        cmocka_unit_test(test_wit),      cmocka_unit_test(test_reflection),
        cmocka_unit_test(test_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
