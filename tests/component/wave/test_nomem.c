/* Allocation failures in WAVE parsing and printing and in WIT printing: the program is linked
 * with malloc, calloc and realloc wrapped (-Wl,--wrap=...), and each allocation of an operation
 * is made to fail in turn (then every allocation from that one on): the operation reports
 * NO_MEMORY, leaves its output a BOOL false (or NULL), and leaks nothing (LeakSanitizer, in the
 * sanitizer build). */
#include <stdio.h>

#include "component/strbuf.h"
#include "component/wit_type.h"
#include "wave_types.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);

static long fail_at;     /* 0: no failures; else the first allocation to fail */
static bool persistent;  /* every allocation from fail_at on fails, not just that one */
static long allocations; /* counted while fail_at is set */

static bool should_fail(void)
{
    if (!fail_at) return false;
    allocations++;
    return persistent ? allocations >= fail_at : allocations == fail_at;
}

void *__wrap_malloc(size_t size)
{
    return should_fail() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return should_fail() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
    return should_fail() ? NULL : __real_realloc(p, size);
}

/* Many names (sorted tables), and more such types than the first table of tables holds. */
#define BIG_ENUM(label)                                                                            \
    NAMED(ENUM, label,                                                                             \
          NAMES("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),   \
          NULL)
static const warden_component_type_t E0 = BIG_ENUM("e0"), E1 = BIG_ENUM("e1"), E2 = BIG_ENUM("e2"),
                                     E3 = BIG_ENUM("e3"), E4 = BIG_ENUM("e4"), E5 = BIG_ENUM("e5"),
                                     E6 = BIG_ENUM("e6"), E7 = BIG_ENUM("e7"), E8 = BIG_ENUM("e8"),
                                     E9 = BIG_ENUM("e9");
static const warden_component_type_t T_ENUMS =
    TUPLE(&E0, &E1, &E2, &E3, &E4, &E5, &E6, &E7, &E8, &E9);
static const warden_component_type_t T_OPT_U8 = OPTION(T_U8);
static const warden_component_type_t T_LIST_U8 = LIST(T_U8);
static const warden_component_type_t T_LIST_STRING = LIST(T_STRING);
static const warden_component_type_t T_PERMS =
    NAMED(FLAGS, "perms", NAMES("read", "write", "exec"), NULL);
static const warden_component_type_t T_SHAPE =
    NAMED(VARIANT, "shape", NAMES("circle", "empty", "named"), ELEMS(&T_F64, NULL, &T_STRING));
static const warden_component_type_t T_RES = RESULT(&T_LIST_U8, &T_STRING);
static const warden_component_type_t T_OPT_SHAPE = OPTION(T_SHAPE);
static const warden_component_type_t T_RECORD =
    NAMED(RECORD, "everything",
          NAMES("enums", "bytes", "names", "perms", "shape", "maybe", "result", "missing", "c"),
          ELEMS(&T_ENUMS, &T_LIST_U8, &T_LIST_STRING, &T_PERMS, &T_OPT_SHAPE, &T_OPT_U8, &T_RES,
                &T_OPT_U8, &T_CHAR));

static const char TEXT[] =
    "{enums: (zero, one, two, three, four, five, six, seven, eight, nine),\n"
    " bytes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18],\n"
    " names: [\"a\", \"b\\u{2603}\", \"\"\"\n   multi\n   line\n   \"\"\"],\n"
    " perms: {exec, read},\n"
    " shape: named(\"x\"),\n"
    " maybe: 7,\n"
    " result: ok([1, 2]),\n"
    " c: '\\n',\n"
    "}";

static void run_parse(type_t *t, const char *text, bool must_parse)
{
    for (int mode = 0; mode < 2; mode++) {
        persistent = mode == 1;
        for (long k = 1;; k++) {
            val_t v;
            memset(&v, 0xAB, sizeof v);
            allocations = 0;
            fail_at = k;
            warden_error_t *e = warden_component_val_from_wave(t, text, strlen(text), &v);
            fail_at = 0;
            if (allocations < k) {
                /* Nothing failed: the whole parse ran. */
                if (must_parse) {
                    assert_null(e);
                    char *printed = wave_print(&v);
                    free(printed);
                    warden_component_val_delete(&v);
                } else {
                    assert_non_null(e);
                    assert_int_equal(warden_error_kind(e), WARDEN_ERROR_ARGUMENT);
                    warden_error_delete(e);
                }
                break;
            }
            if (!e) fail_msg("allocation %ld failed, and the parse succeeded", k);
            if (must_parse) assert_int_equal(warden_error_kind(e), WARDEN_ERROR_NO_MEMORY);
            warden_error_delete(e);
            assert_int_equal(v.kind, WARDEN_COMPONENT_BOOL);
            assert_false(v.of.boolean);
        }
    }
}

static void test_parse(void **state)
{
    (void)state;
    run_parse(&T_RECORD, TEXT, true);
    /* An error at the very end, after everything was built. */
    char bad[sizeof TEXT + 8];
    snprintf(bad, sizeof bad, "%s x", TEXT);
    run_parse(&T_RECORD, bad, false);
    /* More flags than the first array holds (duplicates, found once they are all read). */
    run_parse(&T_PERMS, "{read, write, exec, read, write, exec, read, write, exec}", false);
}

static void test_print(void **state)
{
    (void)state;
    val_t v = wave_parse(&T_RECORD, TEXT);
    char *want = wave_print(&v);
    for (int mode = 0; mode < 2; mode++) {
        persistent = mode == 1;
        for (long k = 1;; k++) {
            char *out = (char *)"x";
            size_t len = 5;
            allocations = 0;
            fail_at = k;
            warden_error_t *e = warden_component_val_to_wave(&v, &out, &len);
            fail_at = 0;
            if (allocations < k) {
                assert_null(e);
                assert_string_equal(out, want);
                free(out);
                break;
            }
            assert_non_null(e);
            assert_int_equal(warden_error_kind(e), WARDEN_ERROR_NO_MEMORY);
            warden_error_delete(e);
            assert_null(out);
            assert_int_equal(len, 0);
        }
    }
    free(want);
    warden_component_val_delete(&v);
}

static void test_wit(void **state)
{
    (void)state;
    static const wm_param params[] = {{"everything", &T_RECORD}, {"type", &T_RES}};
    static const warden_component_functype_t ft = {
        .nparams = 2, .params = params, .result = &T_OPT_SHAPE};
    const char *want = "func(everything: everything, %type: result<list<u8>, string>) -> "
                       "option<shape>";
    for (int mode = 0; mode < 2; mode++) {
        persistent = mode == 1;
        for (long k = 1;; k++) {
            wm_strbuf sb;
            wm_strbuf_init(&sb);
            allocations = 0;
            fail_at = k;
            bool ok = wm_wit_functype(&sb, &ft, NULL) && wm_wit_typedef(&sb, &T_RECORD, NULL);
            size_t len;
            char *text = wm_strbuf_take(&sb, &len);
            fail_at = 0;
            if (allocations < k) {
                assert_true(ok);
                assert_non_null(text);
                assert_memory_equal(text, want, strlen(want));
                free(text);
                break;
            }
            assert_false(ok);
            assert_null(text);
            assert_int_equal(len, 0);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_print),
        cmocka_unit_test(test_wit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
