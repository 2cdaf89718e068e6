/* Option parsing of the `warden` subcommands (src/cli/args.c, compiled in here): files, --invoke,
 * and the resource-control options with their sizes, durations and counts. */
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
    if (status != CLI_EXIT_OK) fail_msg("parse failed: %s", message);
    return args;
}

/* Expects a usage error whose message contains `needle`. */
static void run_fails(int argc, char **argv, const char *needle)
{
    cli_run_args_t args;
    char message[CLI_MESSAGE_MAX];
    assert_int_equal(cli_parse_run(argc, argv, &args, message), CLI_EXIT_USAGE);
    if (!strstr(message, needle)) fail_msg("message '%s' lacks '%s'", message, needle);
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

/* Expects a usage error with exactly `expected` as the message. */
static void run_fails_exactly(int argc, char **argv, const char *expected)
{
    cli_run_args_t args;
    char message[CLI_MESSAGE_MAX];
    assert_int_equal(cli_parse_run(argc, argv, &args, message), CLI_EXIT_USAGE);
    assert_string_equal(message, expected);
}

static uint64_t size_ok(const char *text)
{
    uint64_t v = 0;
    const char *reason = cli_parse_size(text, &v);
    if (reason) fail_msg("size '%s' rejected: %s", text, reason);
    return v;
}

static void size_fails(const char *text, const char *needle)
{
    uint64_t v = 12345;
    const char *reason = cli_parse_size(text, &v);
    if (!reason) fail_msg("size '%s' accepted as %llu", text, (unsigned long long)v);
    if (!strstr(reason, needle))
        fail_msg("size '%s': reason '%s' lacks '%s'", text, reason, needle);
    assert_int_equal(v, 12345);
}

static uint64_t duration_ok(const char *text)
{
    uint64_t v = 0;
    const char *reason = cli_parse_duration(text, &v);
    if (reason) fail_msg("duration '%s' rejected: %s", text, reason);
    return v;
}

static void duration_fails(const char *text, const char *needle)
{
    uint64_t v = 12345;
    const char *reason = cli_parse_duration(text, &v);
    if (!reason) fail_msg("duration '%s' accepted as %llu", text, (unsigned long long)v);
    if (!strstr(reason, needle))
        fail_msg("duration '%s': reason '%s' lacks '%s'", text, reason, needle);
    assert_int_equal(v, 12345);
}

static void count_fails(const char *text, uint64_t max, const char *needle)
{
    uint64_t v = 12345;
    const char *reason = cli_parse_count(text, max, &v);
    if (!reason) fail_msg("count '%s' accepted as %llu", text, (unsigned long long)v);
    if (!strstr(reason, needle))
        fail_msg("count '%s': reason '%s' lacks '%s'", text, reason, needle);
    assert_int_equal(v, 12345);
}

static void test_sizes(void **state)
{
    (void)state;
    assert_int_equal(size_ok("65536"), 65536);
    assert_int_equal(size_ok("0"), 0);
    assert_int_equal(size_ok("7B"), 7);
    assert_int_equal(size_ok("64KiB"), 65536);
    assert_int_equal(size_ok("16MiB"), 16u << 20);
    assert_int_equal(size_ok("1GiB"), UINT64_C(1) << 30);
    assert_int_equal(size_ok("3TiB"), UINT64_C(3) << 40);
    assert_int_equal(size_ok("007KiB"), 7168);
    assert_int_equal(size_ok("18446744073709551615"), UINT64_MAX);
    /* 2^24 - 1 TiB is the largest multiple of a TiB that fits in 64 bits. */
    assert_int_equal(size_ok("16777215TiB"), UINT64_MAX - ((UINT64_C(1) << 40) - 1));

    size_fails("", "empty");
    size_fails("abc", "not a number");
    size_fails("KiB", "not a number");
    size_fails("+5", "not a number");
    size_fails(" 5", "not a number");
    size_fails("-1", "negative");
    size_fails("-1MiB", "negative");
    size_fails("1.5MiB", "not a whole number");
    size_fails("16MB", "unknown unit");
    size_fails("16mib", "unknown unit");
    size_fails("16 MiB", "unknown unit");
    size_fails("16MiB ", "unknown unit");
    size_fails("0x100", "unknown unit");
    size_fails("18446744073709551616", "too large");
    size_fails("99999999999999999999999", "too large");
    size_fails("16777216TiB", "too large");
    size_fails("17179869184GiB", "too large");
}

static void test_durations(void **state)
{
    (void)state;
    assert_int_equal(duration_ok("7ns"), 7);
    assert_int_equal(duration_ok("500us"), 500000);
    assert_int_equal(duration_ok("50ms"), 50000000);
    assert_int_equal(duration_ok("2s"), UINT64_C(2000000000));
    assert_int_equal(duration_ok("3m"), UINT64_C(180000000000));
    assert_int_equal(duration_ok("1h"), UINT64_C(3600000000000));
    assert_int_equal(duration_ok("0ms"), 0);
    assert_int_equal(duration_ok("18446744073709551615ns"), UINT64_MAX);
    assert_int_equal(duration_ok("18446744073s"), UINT64_C(18446744073000000000));

    duration_fails("", "empty");
    duration_fails("5", "has no unit");
    duration_fails("ms", "not a number");
    duration_fails("-1s", "negative");
    duration_fails("1.5s", "not a whole number");
    duration_fails("5sec", "unknown unit");
    duration_fails("5S", "unknown unit");
    duration_fails("5 ms", "unknown unit");
    duration_fails("5µs", "unknown unit");
    duration_fails("18446744074s", "too large");
    duration_fails("5124096h", "too large");
    duration_fails("18446744073709551616ns", "too large");
}

static void test_counts(void **state)
{
    (void)state;
    uint64_t v = 1;
    assert_null(cli_parse_count("0", 10, &v));
    assert_int_equal(v, 0);
    assert_null(cli_parse_count("10", 10, &v));
    assert_int_equal(v, 10);
    assert_null(cli_parse_count("18446744073709551615", UINT64_MAX, &v));
    assert_int_equal(v, UINT64_MAX);

    count_fails("11", 10, "too large");
    count_fails("18446744073709551616", UINT64_MAX, "too large");
    count_fails("", 10, "empty");
    count_fails("x", 10, "not a number");
    count_fails("-3", 10, "negative");
    count_fails("3k", 10, "not a number");
    count_fails("0x5", 10, "not a number");
    count_fails("2.0", 10, "not a whole number");
    count_fails("1e3", 10000, "not a number");
}

static void test_deadline_ticks(void **state)
{
    (void)state;
    /* One tick more than the duration: the first tick may come right after the deadline is set. */
    uint64_t tick, ticks;
    cli_deadline_ticks(20000000, &tick, &ticks); /* 20ms */
    assert_int_equal(tick, 1000000);
    assert_int_equal(ticks, 21);
    cli_deadline_ticks(1000000, &tick, &ticks); /* exactly one tick */
    assert_int_equal(tick, 1000000);
    assert_int_equal(ticks, 2);
    cli_deadline_ticks(1000001, &tick, &ticks); /* rounded up */
    assert_int_equal(tick, 1000000);
    assert_int_equal(ticks, 3);
    cli_deadline_ticks(1500000, &tick, &ticks);
    assert_int_equal(ticks, 3);
    cli_deadline_ticks(500000, &tick, &ticks); /* shorter than the default tick: one tick */
    assert_int_equal(tick, 500000);
    assert_int_equal(ticks, 2);
    cli_deadline_ticks(1, &tick, &ticks);
    assert_int_equal(tick, 1);
    assert_int_equal(ticks, 2);
    cli_deadline_ticks(UINT64_C(3600000000000), &tick, &ticks); /* 1h */
    assert_int_equal(tick, 1000000);
    assert_int_equal(ticks, 3600001);
    cli_deadline_ticks(UINT64_MAX, &tick, &ticks);
    assert_int_equal(tick, 1000000);
    assert_int_equal(ticks, UINT64_MAX / 1000000 + 2);
}

static void test_limit_options(void **state)
{
    (void)state;
    char *none[] = {"run", "m.wasm"};
    cli_run_args_t a = run_ok(ARGC(none), none);
    assert_false(a.stats);
    assert_false(a.limits.has_fuel);
    assert_int_equal(a.limits.fuel, 0);
    assert_int_equal(a.limits.timeout_ns, 0);
    assert_int_equal(a.limits.max_memory_bytes, 0);
    assert_int_equal(a.limits.max_table_elements, 0);
    assert_int_equal(a.limits.max_instances, 0);
    assert_int_equal(a.limits.max_stack_bytes, 0);
    assert_int_equal(a.limits.max_call_depth, 0);
    assert_false(a.limits.trap_on_grow_failure);

    char *all[] = {"run",     "--fuel",           "1000",  "--timeout",
                   "50ms",    "--max-memory",     "16MiB", "--max-table-elements",
                   "100",     "--max-instances",  "3",     "--max-stack",
                   "64KiB",   "--max-call-depth", "200",   "--trap-on-grow-failure",
                   "--stats", "--invoke",         "f",     "m.wasm",
                   "1"};
    a = run_ok(ARGC(all), all);
    assert_true(a.stats);
    assert_true(a.limits.has_fuel);
    assert_int_equal(a.limits.fuel, 1000);
    assert_int_equal(a.limits.timeout_ns, 50000000);
    assert_int_equal(a.limits.max_memory_bytes, 16u << 20);
    assert_int_equal(a.limits.max_table_elements, 100);
    assert_int_equal(a.limits.max_instances, 3);
    assert_int_equal(a.limits.max_stack_bytes, 65536);
    assert_int_equal(a.limits.max_call_depth, 200);
    assert_true(a.limits.trap_on_grow_failure);
    assert_string_equal(a.invoke, "f");
    assert_string_equal(a.file, "m.wasm");
    assert_int_equal(a.guest_argc, 2);

    char *eq[] = {"run",
                  "--fuel=0",
                  "--timeout=500us",
                  "--max-memory=65536",
                  "--max-stack=512",
                  "--max-instances=4294967295",
                  "--max-call-depth=1",
                  "m.wasm"};
    a = run_ok(ARGC(eq), eq);
    assert_true(a.limits.has_fuel); /* zero fuel is a budget: any metered instruction traps */
    assert_int_equal(a.limits.fuel, 0);
    assert_int_equal(a.limits.timeout_ns, 500000);
    assert_int_equal(a.limits.max_memory_bytes, 65536);
    assert_int_equal(a.limits.max_stack_bytes, 512);
    assert_int_equal(a.limits.max_instances, UINT32_MAX);
    assert_int_equal(a.limits.max_call_depth, 1);

    /* The last occurrence wins. */
    char *twice[] = {"run", "--fuel", "5", "--fuel", "9223372036854775807", "m.wasm"};
    a = run_ok(ARGC(twice), twice);
    assert_int_equal(a.limits.fuel, INT64_MAX);

    /* After FILE, options belong to the guest. */
    char *guest[] = {"run", "m.wasm", "--fuel", "5", "--stats"};
    a = run_ok(ARGC(guest), guest);
    assert_false(a.limits.has_fuel);
    assert_false(a.stats);
    assert_int_equal(a.guest_argc, 4);
}

static void test_limit_option_errors(void **state)
{
    (void)state;
    char *nan[] = {"run", "--fuel", "abc", "m.wasm"};
    run_fails_exactly(ARGC(nan), nan, "option '--fuel': 'abc' is not a number");
    char *neg[] = {"run", "--fuel", "-5", "m.wasm"};
    run_fails_exactly(ARGC(neg), neg, "option '--fuel': '-5' is negative");
    char *big[] = {"run", "--fuel", "9223372036854775808", "m.wasm"};
    run_fails_exactly(ARGC(big), big,
                      "option '--fuel': '9223372036854775808' is too large "
                      "(at most 9223372036854775807)");
    char *huge[] = {"run", "--fuel=99999999999999999999999", "m.wasm"};
    run_fails_exactly(ARGC(huge), huge,
                      "option '--fuel': '99999999999999999999999' is too large "
                      "(at most 9223372036854775807)");
    char *frac[] = {"run", "--fuel", "1.5", "m.wasm"};
    run_fails_exactly(ARGC(frac), frac, "option '--fuel': '1.5' is not a whole number");
    char *missing[] = {"run", "--fuel"};
    run_fails_exactly(ARGC(missing), missing, "option '--fuel' needs a value");
    char *empty[] = {"run", "--fuel=", "m.wasm"};
    run_fails_exactly(ARGC(empty), empty, "option '--fuel' needs a value");

    char *nounit[] = {"run", "--timeout", "20", "m.wasm"};
    run_fails_exactly(
        ARGC(nounit), nounit,
        "option '--timeout': '20' has no unit (durations take ns, us, ms, s, m or h)");
    char *badunit[] = {"run", "--timeout", "20sec", "m.wasm"};
    run_fails_exactly(ARGC(badunit), badunit,
                      "option '--timeout': '20sec' has an unknown unit "
                      "(durations take ns, us, ms, s, m or h)");
    char *zero_t[] = {"run", "--timeout", "0ms", "m.wasm"};
    run_fails_exactly(ARGC(zero_t), zero_t, "option '--timeout': '0ms' must be greater than zero");
    char *long_t[] = {"run", "--timeout", "5124096h", "m.wasm"};
    run_fails_exactly(ARGC(long_t), long_t,
                      "option '--timeout': '5124096h' is too large "
                      "(at most 18446744073709551615 ns)");

    char *mb[] = {"run", "--max-memory", "16MB", "m.wasm"};
    run_fails_exactly(ARGC(mb), mb,
                      "option '--max-memory': '16MB' has an unknown unit "
                      "(sizes take B, KiB, MiB, GiB or TiB)");
    char *zero_m[] = {"run", "--max-memory=0", "m.wasm"};
    run_fails_exactly(ARGC(zero_m), zero_m, "option '--max-memory': '0' must be greater than zero");
    char *neg_m[] = {"run", "--max-memory", "-1MiB", "m.wasm"};
    run_fails_exactly(ARGC(neg_m), neg_m, "option '--max-memory': '-1MiB' is negative");
    char *over_m[] = {"run", "--max-memory", "16777216TiB", "m.wasm"};
    run_fails_exactly(ARGC(over_m), over_m,
                      "option '--max-memory': '16777216TiB' is too large "
                      "(at most 18446744073709551615 bytes)");

    char *stack[] = {"run", "--max-stack", "511", "m.wasm"};
    run_fails_exactly(ARGC(stack), stack,
                      "option '--max-stack': '511' is below the minimum of 512 bytes");
    char *zero_s[] = {"run", "--max-stack", "0KiB", "m.wasm"};
    run_fails_exactly(ARGC(zero_s), zero_s,
                      "option '--max-stack': '0KiB' is below the minimum of 512 bytes");

    char *inst[] = {"run", "--max-instances", "4294967296", "m.wasm"};
    run_fails_exactly(ARGC(inst), inst,
                      "option '--max-instances': '4294967296' is too large (at most 4294967295)");
    char *zero_i[] = {"run", "--max-instances", "0", "m.wasm"};
    run_fails_exactly(ARGC(zero_i), zero_i,
                      "option '--max-instances': '0' must be greater than zero");
    char *depth[] = {"run", "--max-call-depth", "0", "m.wasm"};
    run_fails_exactly(ARGC(depth), depth,
                      "option '--max-call-depth': '0' must be greater than zero");
    char *depth_unit[] = {"run", "--max-call-depth", "10KiB", "m.wasm"};
    run_fails_exactly(ARGC(depth_unit), depth_unit,
                      "option '--max-call-depth': '10KiB' is not a number");
    char *tables[] = {"run", "--max-table-elements", "0", "m.wasm"};
    run_fails_exactly(ARGC(tables), tables,
                      "option '--max-table-elements': '0' must be greater than zero");

    char *flag[] = {"run", "--stats=yes", "m.wasm"};
    run_fails_exactly(ARGC(flag), flag, "option '--stats' takes no value");
    char *flag2[] = {"run", "--trap-on-grow-failure=1", "m.wasm"};
    run_fails_exactly(ARGC(flag2), flag2, "option '--trap-on-grow-failure' takes no value");
    char *prefix[] = {"run", "--statsx", "m.wasm"};
    run_fails_exactly(ARGC(prefix), prefix, "unknown option '--statsx'");
    char *prefix2[] = {"run", "--fuels", "5", "m.wasm"};
    run_fails_exactly(ARGC(prefix2), prefix2, "unknown option '--fuels'");
    char *nofile[] = {"run", "--fuel", "5"};
    run_fails_exactly(ARGC(nofile), nofile, "run: no FILE.wasm given");
}

static void test_help_text(void **state)
{
    (void)state;
    static const char *const options[] = {
        "--invoke NAME",          "--fuel N",          "--timeout DURATION", "--max-memory SIZE",
        "--max-table-elements N", "--max-instances N", "--max-stack SIZE",   "--max-call-depth N",
        "--trap-on-grow-failure", "--stats",
    };
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if (!strstr(cli_run_help, options[i])) fail_msg("the help text lacks '%s'", options[i]);
    /* No line wider than the rest of the help text. */
    const char *line = cli_run_help;
    while (*line) {
        const char *end = strchr(line, '\n');
        assert_non_null(end);
        assert_true(end - line <= 100);
        line = end + 1;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_file_only),     cmocka_unit_test(test_guest_args_after_file),
        cmocka_unit_test(test_invoke),        cmocka_unit_test(test_double_dash),
        cmocka_unit_test(test_help),          cmocka_unit_test(test_run_errors),
        cmocka_unit_test(test_file_commands), cmocka_unit_test(test_long_argument_is_truncated),
        cmocka_unit_test(test_sizes),         cmocka_unit_test(test_durations),
        cmocka_unit_test(test_counts),        cmocka_unit_test(test_deadline_ticks),
        cmocka_unit_test(test_limit_options), cmocka_unit_test(test_limit_option_errors),
        cmocka_unit_test(test_help_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
