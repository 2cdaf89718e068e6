/* Errors made by host code with warden_error_new(): the kind and the message exactly as given,
 * printf formatting, long messages, and the cases of bad input (an unknown kind, a NULL format). */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_kinds(void **state)
{
    (void)state;
    static const warden_error_kind_t kinds[] = {
        WARDEN_ERROR_MALFORMED, WARDEN_ERROR_INVALID,  WARDEN_ERROR_UNLINKABLE,
        WARDEN_ERROR_LIMIT,     WARDEN_ERROR_ARGUMENT, WARDEN_ERROR_NO_MEMORY,
        WARDEN_ERROR_IO,        WARDEN_ERROR_STOPPED,
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        warden_error_t *e = warden_error_new(kinds[i], "kind number %zu", i);
        assert_non_null(e);
        assert_int_equal(warden_error_kind(e), kinds[i]);
        char want[32];
        snprintf(want, sizeof want, "kind number %zu", i);
        assert_string_equal(warden_error_message(e), want);
        assert_true(warden_error_offset(e) == -1);
        warden_error_delete(e);
    }
}

static void test_exact_message(void **state)
{
    (void)state;
    warden_error_t *e = warden_error_new(WARDEN_ERROR_IO, "cannot open the file");
    assert_int_equal(warden_error_kind(e), WARDEN_ERROR_IO);
    assert_string_equal(warden_error_message(e), "cannot open the file");
    warden_error_delete(e);

    /* A percent sign written as %% is one percent sign; nothing else is changed. */
    e = warden_error_new(WARDEN_ERROR_LIMIT, "100%% of \"quota\"\tused\n");
    assert_string_equal(warden_error_message(e), "100% of \"quota\"\tused\n");
    warden_error_delete(e);
}

static void test_formatting(void **state)
{
    (void)state;
    const char *path = "/data/in.txt";
    warden_error_t *e =
        warden_error_new(WARDEN_ERROR_IO, "%s: %s (errno %d)", path, "No such file", 2);
    assert_int_equal(warden_error_kind(e), WARDEN_ERROR_IO);
    assert_string_equal(warden_error_message(e), "/data/in.txt: No such file (errno 2)");
    warden_error_delete(e);

    /* The argument is copied: changing it afterwards changes nothing. */
    char name[] = "env";
    e = warden_error_new(WARDEN_ERROR_UNLINKABLE, "import %s.%.*s missing", name, 3, "fd_write");
    name[0] = 'X';
    assert_string_equal(warden_error_message(e), "import env.fd_ missing");
    warden_error_delete(e);

    e = warden_error_new(WARDEN_ERROR_ARGUMENT, "%s", "");
    assert_string_equal(warden_error_message(e), "");
    warden_error_delete(e);

    e = warden_error_new(WARDEN_ERROR_LIMIT, "%u of %llu, %x, %5.2f", 7u, 18446744073709551615ull,
                         255u, 2.5);
    assert_string_equal(warden_error_message(e), "7 of 18446744073709551615, ff,  2.50");
    warden_error_delete(e);
}

static void test_long_message(void **state)
{
    (void)state;
    /* Far past any fixed buffer: 100,000 bytes through %s, with text on both sides. */
    size_t n = 100000;
    char *big = malloc(n + 1);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++) big[i] = (char)('a' + i % 26);
    big[n] = '\0';
    warden_error_t *e = warden_error_new(WARDEN_ERROR_ARGUMENT, "[%s] (%zu bytes)", big, n);
    assert_int_equal(warden_error_kind(e), WARDEN_ERROR_ARGUMENT);
    const char *m = warden_error_message(e);
    assert_int_equal(strlen(m), n + strlen("[] (100000 bytes)"));
    assert_int_equal(m[0], '[');
    assert_memory_equal(m + 1, big, n);
    assert_string_equal(m + 1 + n, "] (100000 bytes)");
    warden_error_delete(e);

    /* A width makes a long message too. */
    e = warden_error_new(WARDEN_ERROR_IO, "%5000d|", 42);
    m = warden_error_message(e);
    assert_int_equal(strlen(m), 5001);
    assert_string_equal(m + 4998, "42|");
    for (size_t i = 0; i < 4998; i++) assert_int_equal(m[i], ' ');
    warden_error_delete(e);
    free(big);
}

static void test_bad_input(void **state)
{
    (void)state;
    /* A value that is no kind is an argument error: callers switching on the kind see a known one.
     */
    warden_error_t *e = warden_error_new((warden_error_kind_t)0, "zero");
    assert_int_equal(warden_error_kind(e), WARDEN_ERROR_ARGUMENT);
    assert_string_equal(warden_error_message(e), "zero");
    warden_error_delete(e);
    e = warden_error_new((warden_error_kind_t)1000, "large");
    assert_int_equal(warden_error_kind(e), WARDEN_ERROR_ARGUMENT);
    assert_string_equal(warden_error_message(e), "large");
    warden_error_delete(e);

    /* A NULL format gives an empty message, never a crash. */
    const char *none = NULL;
    e = warden_error_new(WARDEN_ERROR_IO, none, 0);
    assert_non_null(e);
    assert_int_equal(warden_error_kind(e), WARDEN_ERROR_IO);
    assert_string_equal(warden_error_message(e), "");
    warden_error_delete(e);

    warden_error_delete(NULL);
}

int main(int argc, char **argv)
{
    api_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds),      cmocka_unit_test(test_exact_message),
        cmocka_unit_test(test_formatting), cmocka_unit_test(test_long_message),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
