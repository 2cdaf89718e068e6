/* Option parsing of the `warden` subcommands (src/cli/args.c, compiled in here). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli/args.c"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])))

static cli_run_args_t run_ok(int argc, char **argv)
{
    cli_run_args_t args;
    char message[CLI_MESSAGE_MAX];
    int status = cli_parse_run(argc, argv, &args, message);
    if (status != CLI_EXIT_OK)
        fail_msg("parse failed: %s", message);
    return args;
}

/* Expects a usage error whose message contains `needle`. */
static void run_fails(int argc, char **argv, const char *needle)
{
    cli_run_args_t args;
    char message[CLI_MESSAGE_MAX];
    assert_int_equal(cli_parse_run(argc, argv, &args, message), CLI_EXIT_USAGE);
    if (!strstr(message, needle))
        fail_msg("message '%s' lacks '%s'", message, needle);
}

static void test_file_only(void **state)
{
    (void)state;
    char *argv[] = {"run", "prog.wasm"};
    cli_run_args_t a = run_ok(ARGC(argv), argv);
    assert_false(a.help);
    assert_null(a.invoke);
    assert_string_equal(a.file, "prog.wasm");
    assert_int_equal(a.guest_argc, 1);
    assert_ptr_equal(a.guest_argv, &argv[1]);
}

static void test_guest_args_after_file(void **state)
{
    (void)state;
    /* Everything after FILE is the guest's, options included. */
    char *argv[] = {"run", "prog.wasm", "--invoke", "x", "-h", "--bogus", "1"};
    cli_run_args_t a = run_ok(ARGC(argv), argv);
    assert_null(a.invoke);
    assert_false(a.help);
    assert_string_equal(a.file, "prog.wasm");
    assert_int_equal(a.guest_argc, 6);
    assert_string_equal(a.guest_argv[0], "prog.wasm");
    assert_string_equal(a.guest_argv[1], "--invoke");
    assert_string_equal(a.guest_argv[5], "1");
}

static void test_invoke(void **state)
{
    (void)state;
    char *argv[] = {"run", "--invoke", "add", "m.wasm", "1", "-2"};
    cli_run_args_t a = run_ok(ARGC(argv), argv);
    assert_string_equal(a.invoke, "add");
    assert_string_equal(a.file, "m.wasm");
    assert_int_equal(a.guest_argc, 3);
    assert_string_equal(a.guest_argv[1], "1");
    assert_string_equal(a.guest_argv[2], "-2");

    char *eq[] = {"run", "--invoke=fac", "m.wasm", "5"};
    a = run_ok(ARGC(eq), eq);
    assert_string_equal(a.invoke, "fac");
    assert_int_equal(a.guest_argc, 2);

    /* The last --invoke wins. */
    char *twice[] = {"run", "--invoke", "a", "--invoke", "b", "m.wasm"};
    a = run_ok(ARGC(twice), twice);
    assert_string_equal(a.invoke, "b");
}

static void test_double_dash(void **state)
{
    (void)state;
    char *argv[] = {"run", "--invoke", "f", "--", "-odd.wasm", "3"};
    cli_run_args_t a = run_ok(ARGC(argv), argv);
    assert_string_equal(a.invoke, "f");
    assert_string_equal(a.file, "-odd.wasm");
    assert_int_equal(a.guest_argc, 2);

    char *dash[] = {"run", "-"};
    a = run_ok(ARGC(dash), dash);
    assert_string_equal(a.file, "-");
}

static void test_help(void **state)
{
    (void)state;
    char *argv[] = {"run", "--help"};
    assert_true(run_ok(ARGC(argv), argv).help);
    char *shortopt[] = {"run", "--invoke", "f", "-h", "--bogus"};
    assert_true(run_ok(ARGC(shortopt), shortopt).help);
}

static void test_run_errors(void **state)
{
    (void)state;
    char *none[] = {"run"};
    run_fails(ARGC(none), none, "no FILE");
    char *unknown[] = {"run", "--bogus", "m.wasm"};
    run_fails(ARGC(unknown), unknown, "unknown option '--bogus'");
    char *prefix[] = {"run", "--invokes", "f", "m.wasm"};
    run_fails(ARGC(prefix), prefix, "unknown option '--invokes'");
    char *missing[] = {"run", "--invoke"};
    run_fails(ARGC(missing), missing, "needs a function name");
    char *empty[] = {"run", "--invoke=", "m.wasm"};
    run_fails(ARGC(empty), empty, "non-empty");
    char *nofile[] = {"run", "--invoke", "f"};
    run_fails(ARGC(nofile), nofile, "no FILE");
    char *dashonly[] = {"run", "--"};
    run_fails(ARGC(dashonly), dashonly, "no FILE");
}

static void test_file_commands(void **state)
{
    (void)state;
    cli_file_args_t a;
    char message[CLI_MESSAGE_MAX];

    char *ok[] = {"validate", "m.wasm"};
    assert_int_equal(cli_parse_file(ARGC(ok), ok, &a, message), CLI_EXIT_OK);
    assert_string_equal(a.file, "m.wasm");
    assert_false(a.help);

    char *help[] = {"inspect", "--help"};
    assert_int_equal(cli_parse_file(ARGC(help), help, &a, message), CLI_EXIT_OK);
    assert_true(a.help);

    char *dashed[] = {"wast", "--", "-x.json"};
    assert_int_equal(cli_parse_file(ARGC(dashed), dashed, &a, message), CLI_EXIT_OK);
    assert_string_equal(a.file, "-x.json");

    char *none[] = {"wast"};
    assert_int_equal(cli_parse_file(ARGC(none), none, &a, message), CLI_EXIT_USAGE);
    assert_non_null(strstr(message, "wast: no FILE"));

    char *extra[] = {"validate", "a.wasm", "b.wasm"};
    assert_int_equal(cli_parse_file(ARGC(extra), extra, &a, message), CLI_EXIT_USAGE);
    assert_non_null(strstr(message, "'b.wasm'"));

    char *opt[] = {"inspect", "-v", "a.wasm"};
    assert_int_equal(cli_parse_file(ARGC(opt), opt, &a, message), CLI_EXIT_USAGE);
    assert_non_null(strstr(message, "unknown option '-v'"));
}

static void test_long_argument_is_truncated(void **state)
{
    (void)state;
    char big[600];
    memset(big, 'x', sizeof big - 1);
    big[0] = big[1] = '-';
    big[sizeof big - 1] = '\0';
    char *argv[] = {"run", big, "m.wasm"};
    cli_run_args_t a;
    char message[CLI_MESSAGE_MAX];
    assert_int_equal(cli_parse_run(ARGC(argv), argv, &a, message), CLI_EXIT_USAGE);
    assert_true(strlen(message) < CLI_MESSAGE_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_file_only),     cmocka_unit_test(test_guest_args_after_file),
        cmocka_unit_test(test_invoke),        cmocka_unit_test(test_double_dash),
        cmocka_unit_test(test_help),          cmocka_unit_test(test_run_errors),
        cmocka_unit_test(test_file_commands), cmocka_unit_test(test_long_argument_is_truncated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
