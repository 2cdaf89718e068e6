#include "cli/args.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/diag.h"

const char cli_run_help[] =
    "  warden run [OPTIONS] FILE.wasm [ARGS...]\n"
    "      Instantiate FILE.wasm (running its start function), then call its export _start if it\n"
    "      has one. Options come before FILE; everything after FILE belongs to the guest.\n"
    "      --invoke NAME   call the export NAME instead, with ARGS converted to its parameter\n"
    "                      types, and print each result on its own line\n"
    "      Argument syntax: integers in decimal or 0x hex, negative allowed; floats in decimal,\n"
    "      hex float (0x1.8p3), inf, nan or nan:0xPAYLOAD, each with an optional '-';\n"
    "      v128 as [v128:]SHAPE:LANES, SHAPE one of i8x16, i16x8, i32x4, i64x2, f32x4, f64x2;\n"
    "      references only as null.\n"
    "      Results: integers in signed decimal; floats as the shortest decimal that reads back\n"
    "      exactly, inf, nan or nan:0xPAYLOAD (payload shown unless only the quiet bit), '-' in\n"
    "      front when the sign bit is set; v128 as v128:i32x4:A B C D (signed decimal lanes);\n"
    "      references as null, ref.func or ref.extern.\n"
    "      A trap prints 'warden: trap: KIND' and the backtrace, innermost frame first, as\n"
    "      '  #N func[INDEX] NAME' ('  #N component func NAME' for a component's function),\n"
    "      and exits with status 134.\n"
    "      Ctrl-C (SIGINT) or SIGTERM stops the guest the same way, with the trap interrupted,\n"
    "      and exits with status 128 + the signal's number (130 for Ctrl-C); a second one ends\n"
    "      warden at once, for a guest that waits in the host (reading a terminal, say).\n"
    "      Limits, for the whole run (start function and call); each is off unless given:\n"
    "      --fuel N                meter fuel and allow N units (0 to 2^63-1): 1 per instruction,\n"
    "                              0 for nop, block, loop, end, else, drop, unreachable and\n"
    "                              return, 1 more per 64 bytes or elements of a bulk memory or\n"
    "                              table operation; running out traps with out-of-fuel\n"
    "      --timeout DURATION      trap with deadline once DURATION has passed; DURATION is an\n"
    "                              integer and a unit, ns, us, ms, s, m or h (500us, 50ms, 2s);\n"
    "                              it is counted in epoch ticks of 1 ms (of DURATION itself when\n"
    "                              shorter), rounded up, plus one so that the guest never gets\n"
    "                              less than DURATION\n"
    "      --max-memory SIZE       linear memory, all memories together; SIZE is bytes, or an\n"
    "                              integer and a unit, B, KiB, MiB, GiB or TiB (65536, 64KiB,\n"
    "                              16MiB); memory.grow past it returns -1, and a module whose\n"
    "                              memories need more fails to instantiate (exit status 1)\n"
    "      --max-table-elements N  table elements, all tables together; table.grow past it\n"
    "                              returns -1, a module whose tables need more fails\n"
    "      --max-instances N       instances in the store\n"
    "      --max-stack SIZE        the value stack, at least 512 bytes (default 32MiB)\n"
    "      --max-call-depth N      nested calls (default 100000); reaching this or the value\n"
    "                              stack's limit traps with stack-exhausted\n"
    "      --trap-on-grow-failure  a memory.grow or table.grow that a store limit above denies\n"
    "                              traps with resource-limit instead of returning -1\n"
    "      WASI (wasi_snapshot_preview1) is linked for every module; the guest reaches nothing "
    "but\n"
    "      what these grant (its arguments are FILE and ARGS; stdin, stdout and stderr are the\n"
    "      command's own), and the run exits with the guest's proc_exit status:\n"
    "      --dir HOST[::GUEST]     make the host directory HOST visible to the guest as GUEST\n"
    "                              (default: HOST); a '::ro' suffix makes it read-only;\n"
    "                              repeatable\n"
    "      --env NAME=VALUE        set one environment variable; repeatable\n"
    "      --inherit-env           pass the host's whole environment (--env still overrides);\n"
    "                              otherwise no host variable is passed\n"
    "      --tier TIER             what runs the code: interp (the interpreter), llvm (native\n"
    "                              code compiled by LLVM before the run) or auto (the default:\n"
    "                              the interpreter, then native code compiled on a thread of\n"
    "                              its own once the module has run ten million calls and loop\n"
    "                              iterations, a loop under way moving to it, or at once when\n"
    "                              the cache holds it); all three give the same results,\n"
    "                              traps and fuel\n"
    "      --cache DIR             keep the native code the llvm and auto tiers compile in DIR\n"
    "                              and reuse it on the next run of the same module (default:\n"
    "                              $XDG_CACHE_HOME/warden or ~/.cache/warden); an entry made by\n"
    "                              another build, for another CPU or other fuel settings, or\n"
    "                              damaged, is compiled again and replaced\n"
    "      --no-cache              compile without reading or writing a cache\n"
    "      --compile-lazily        with --tier llvm: compile each function at its first call\n"
    "                              (a few functions at a time, each kept in the cache) instead\n"
    "                              of the whole module before the run\n"
    "      --stats                 after the run, whether it returned, trapped or failed on a\n"
    "                              limit, print one line 'warden: stats: NAME=VALUE' per figure "
    "on\n"
    "                              stderr: fuel_consumed (0 without --fuel), memory_bytes,\n"
    "                              memory_peak_bytes, memory_grow_calls, memory_grow_denied,\n"
    "                              table_peak_elements, table_grow_denied, instances, wall_ns\n"
    "                              (instantiation and call), trap (the trap's KIND, or none)\n"
    "                              and tier (what ran the module: interp or llvm; none for a\n"
    "                              component or a module stopped while loading)\n"
    "      A number is decimal digits only. A value that is not a number, negative, too large,\n"
    "      or with an unknown unit is a usage error (status 2), and so is 0 for every option but\n"
    "      --fuel, and a --max-stack below 512.\n";

/* Reasons a value is rejected; each follows the quoted value in the message. */
static const char k_empty[] = "is empty";
static const char k_not_number[] = "is not a number";
static const char k_negative[] = "is negative";
static const char k_not_whole[] = "is not a whole number";
static const char k_too_large[] = "is too large";
static const char k_size_unit[] = "has an unknown unit (sizes take B, KiB, MiB, GiB or TiB)";
static const char k_duration_unit[] = "has an unknown unit (durations take ns, us, ms, s, m or h)";
static const char k_no_duration_unit[] = "has no unit (durations take ns, us, ms, s, m or h)";

typedef struct unit {
    const char *name;
    uint64_t scale;
} unit_t;

static const unit_t k_size_units[] = {
    {"B", 1},
    {"KiB", UINT64_C(1) << 10},
    {"MiB", UINT64_C(1) << 20},
    {"GiB", UINT64_C(1) << 30},
    {"TiB", UINT64_C(1) << 40},
};

static const unit_t k_duration_units[] = {
    {"ns", 1},
    {"us", UINT64_C(1000)},
    {"ms", UINT64_C(1000000)},
    {"s", UINT64_C(1000000000)},
    {"m", UINT64_C(60000000000)},
    {"h", UINT64_C(3600000000000)},
};

static int usage_error(char message[CLI_MESSAGE_MAX], const char *fmt, ...) CLI_PRINTF(2, 3);

static int usage_error(char message[CLI_MESSAGE_MAX], const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, CLI_MESSAGE_MAX, fmt, ap);
    va_end(ap);
    return CLI_EXIT_USAGE;
}

/* Running out of memory is no fault of the command line: a failure, not a usage error. */
static int out_of_memory(char message[CLI_MESSAGE_MAX])
{
    snprintf(message, CLI_MESSAGE_MAX, "out of memory");
    return CLI_EXIT_FAILURE;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The leading decimal digits of `text` (at least one) as a number; *end points past them. */
static const char *parse_digits(const char *text, uint64_t *out, const char **end)
{
    if (text[0] == '\0') return k_empty;
    if (text[0] == '-' && is_digit(text[1])) return k_negative;
    if (!is_digit(text[0])) return k_not_number;
    uint64_t v = 0;
    const char *p = text;
    for (; is_digit(*p); p++) {
        unsigned d = (unsigned)(*p - '0');
        if (v > (UINT64_MAX - d) / 10) return k_too_large;
        v = v * 10 + d;
    }
    *out = v;
    *end = p;
    return NULL;
}

/* Scales the number at the start of `text` by the unit that follows it. */
static const char *parse_scaled(const char *text, const unit_t *units, size_t nunits,
                                const char *unknown_unit, const char *no_unit, uint64_t *out)
{
    uint64_t v;
    const char *rest;
    const char *reason = parse_digits(text, &v, &rest);
    if (reason) return reason;
    if (rest[0] == '.' || rest[0] == ',') return k_not_whole;
    uint64_t scale = 0;
    if (rest[0] == '\0') {
        if (no_unit) return no_unit;
        scale = 1;
    } else {
        for (size_t i = 0; i < nunits; i++) {
            if (strcmp(rest, units[i].name) == 0) {
                scale = units[i].scale;
                break;
            }
        }
        if (scale == 0) return unknown_unit;
    }
    if (v > UINT64_MAX / scale) return k_too_large;
    *out = v * scale;
    return NULL;
}

const char *cli_parse_count(const char *text, uint64_t max, uint64_t *out)
{
    uint64_t v;
    const char *rest;
    const char *reason = parse_digits(text, &v, &rest);
    if (reason) return reason;
    if (rest[0] != '\0') return rest[0] == '.' || rest[0] == ',' ? k_not_whole : k_not_number;
    if (v > max) return k_too_large;
    *out = v;
    return NULL;
}

const char *cli_parse_size(const char *text, uint64_t *out)
{
    return parse_scaled(text, k_size_units, sizeof k_size_units / sizeof k_size_units[0],
                        k_size_unit, NULL, out);
}

const char *cli_parse_duration(const char *text, uint64_t *out_ns)
{
    return parse_scaled(text, k_duration_units,
                        sizeof k_duration_units / sizeof k_duration_units[0], k_duration_unit,
                        k_no_duration_unit, out_ns);
}

void cli_deadline_ticks(uint64_t timeout_ns, uint64_t *tick_ns, uint64_t *ticks)
{
    uint64_t tick = timeout_ns < CLI_DEFAULT_TICK_NS ? timeout_ns : CLI_DEFAULT_TICK_NS;
    if (tick == 0) tick = 1;
    *tick_ns = tick;
    /* The first tick comes anywhere within one period of the deadline being set: one tick more
     * makes sure the guest gets at least the whole duration. */
    *ticks = timeout_ns / tick + (timeout_ns % tick != 0) + 1;
}

static bool is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

/* Matches "--name VALUE" and "--name=VALUE". On a match advances *i past the value and stores it;
 * a missing value is reported through *missing. */
static bool take_value(int argc, char *const argv[], int *i, const char *name, const char **value,
                       bool *missing)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0) return false;
    if (arg[n] == '=') {
        *value = arg + n + 1;
        return true;
    }
    if (arg[n] != '\0') return false;
    if (*i + 1 >= argc) {
        *missing = true;
        return true;
    }
    *i += 1;
    *value = argv[*i];
    return true;
}

/* The compiled tier's --tier VALUE and --cache DIR, which run and the commands that compile take:
 * 1 when argv[*i] is one of them (its value stored), 0 when it is not, or the usage error's exit
 * status (message written) when its value is missing or wrong. */
static int take_tier_option(int argc, char *const argv[], int *i, warden_tier_t *tier,
                            const char **cache_dir, char message[CLI_MESSAGE_MAX])
{
    const char *text = NULL;
    bool missing = false;
    if (take_value(argc, argv, i, "--tier", &text, &missing)) {
        const char *why = missing ? "needs a value" : cli_parse_tier(text, tier);
        return why ? usage_error(message, "option '--tier' %s", why) : 1;
    }
    if (take_value(argc, argv, i, "--cache", &text, &missing)) {
        if (missing || text[0] == '\0')
            return usage_error(message, "option '--cache' needs a directory");
        *cache_dir = text;
        return 1;
    }
    return 0;
}

/* Matches the flag "--name"; "--name=..." is an error reported through *with_value. */
static bool take_flag(const char *arg, const char *name, bool *with_value)
{
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0) return false;
    if (arg[n] == '=') {
        *with_value = true;
        return true;
    }
    return arg[n] == '\0';
}

typedef enum value_kind { VALUE_COUNT, VALUE_SIZE, VALUE_DURATION } value_kind_t;

typedef enum option_id {
    OPT_FUEL,
    OPT_TIMEOUT,
    OPT_MAX_MEMORY,
    OPT_MAX_TABLE_ELEMENTS,
    OPT_MAX_INSTANCES,
    OPT_MAX_STACK,
    OPT_MAX_CALL_DEPTH,
} option_id_t;

/* An option taking a number: how to read it and its range. */
typedef struct number_option {
    option_id_t id;
    const char *name;
    value_kind_t kind;
    uint64_t min, max;
} number_option_t;

static const number_option_t k_number_options[] = {
    {OPT_FUEL, "--fuel", VALUE_COUNT, 0, INT64_MAX},
    {OPT_TIMEOUT, "--timeout", VALUE_DURATION, 1, UINT64_MAX},
    {OPT_MAX_MEMORY, "--max-memory", VALUE_SIZE, 1, UINT64_MAX},
    {OPT_MAX_TABLE_ELEMENTS, "--max-table-elements", VALUE_COUNT, 1, UINT64_MAX},
    {OPT_MAX_INSTANCES, "--max-instances", VALUE_COUNT, 1, UINT32_MAX},
    {OPT_MAX_STACK, "--max-stack", VALUE_SIZE, CLI_MIN_STACK_BYTES, UINT64_MAX},
    {OPT_MAX_CALL_DEPTH, "--max-call-depth", VALUE_COUNT, 1, UINT32_MAX},
};

static const char *unit_suffix(value_kind_t kind)
{
    return kind == VALUE_SIZE ? " bytes" : kind == VALUE_DURATION ? " ns" : "";
}

/* Reads the value of `opt` into `limits`, or returns CLI_EXIT_USAGE with the reason. */
static int set_number(const number_option_t *opt, const char *value, cli_run_limits_t *limits,
                      char message[CLI_MESSAGE_MAX])
{
    uint64_t v = 0;
    const char *reason;
    switch (opt->kind) {
    case VALUE_COUNT: reason = cli_parse_count(value, UINT64_MAX, &v); break;
    case VALUE_SIZE: reason = cli_parse_size(value, &v); break;
    default: reason = cli_parse_duration(value, &v); break;
    }
    if (reason == k_empty) return usage_error(message, "option '%s' needs a value", opt->name);
    if (reason == k_too_large || (!reason && v > opt->max))
        return usage_error(message, "option '%s': '%s' is too large (at most %llu%s)", opt->name,
                           value, (unsigned long long)opt->max, unit_suffix(opt->kind));
    if (reason) return usage_error(message, "option '%s': '%s' %s", opt->name, value, reason);
    if (v < opt->min) {
        if (opt->min == 1)
            return usage_error(message, "option '%s': '%s' must be greater than zero", opt->name,
                               value);
        return usage_error(message, "option '%s': '%s' is below the minimum of %llu%s", opt->name,
                           value, (unsigned long long)opt->min, unit_suffix(opt->kind));
    }
    switch (opt->id) {
    case OPT_FUEL:
        limits->has_fuel = true;
        limits->fuel = v;
        break;
    case OPT_TIMEOUT: limits->timeout_ns = v; break;
    case OPT_MAX_MEMORY: limits->max_memory_bytes = v; break;
    case OPT_MAX_TABLE_ELEMENTS: limits->max_table_elements = v; break;
    case OPT_MAX_INSTANCES: limits->max_instances = (uint32_t)v; break;
    case OPT_MAX_STACK: limits->max_stack_bytes = v; break;
    case OPT_MAX_CALL_DEPTH: limits->max_call_depth = (uint32_t)v; break;
    }
    return CLI_EXIT_OK;
}

void cli_run_args_free(cli_run_args_t *args)
{
    free(args->dirs);
    free(args->envs);
    args->dirs = args->envs = NULL;
    args->ndirs = args->nenvs = 0;
}

/* Appends a string to a growable array of pointers; false when out of memory. */
static bool push_string(const char ***items, size_t *n, const char *s)
{
    const char **grown = realloc(*items, (*n + 1) * sizeof *grown);
    if (!grown) return false;
    grown[(*n)++] = s;
    *items = grown;
    return true;
}

static int parse_run(int argc, char *const argv[], cli_run_args_t *out,
                     char message[CLI_MESSAGE_MAX]);

int cli_parse_run(int argc, char *const argv[], cli_run_args_t *out, char message[CLI_MESSAGE_MAX])
{
    int status = parse_run(argc, argv, out, message);
    if (status != CLI_EXIT_OK) cli_run_args_free(out);
    return status;
}

static int parse_run(int argc, char *const argv[], cli_run_args_t *out,
                     char message[CLI_MESSAGE_MAX])
{
    cli_run_args_t args = {0};
    *out = args;
    message[0] = '\0';
    int i = 1;
    for (; i < argc; i++) {
        const char *arg = argv[i];
        bool missing = false;
        bool with_value = false;
        if (strcmp(arg, "--") == 0) {
            i++;
            break;
        }
        if (arg[0] != '-' || arg[1] == '\0') /* "-" alone is a file name */
            break;
        if (is_help(arg)) {
            cli_run_args_free(out);
            args.help = true;
            *out = args;
            return CLI_EXIT_OK;
        }
        if (take_value(argc, argv, &i, "--invoke", &args.invoke, &missing)) {
            if (missing) return usage_error(message, "option '%s' needs a function name", arg);
            if (args.invoke[0] == '\0')
                return usage_error(message, "option '--invoke' needs a non-empty function name");
            continue;
        }
        int took = take_tier_option(argc, argv, &i, &args.tier, &args.cache_dir, message);
        if (took == 1) continue;
        if (took) return took;
        const char *text = NULL;
        if (strcmp(arg, "--no-cache") == 0) {
            args.no_cache = true;
            continue;
        }
        if (strcmp(arg, "--compile-lazily") == 0) {
            args.compile_lazily = true;
            continue;
        }
        if (take_value(argc, argv, &i, "--dir", &text, &missing)) {
            if (missing || text[0] == '\0' || strncmp(text, "::", 2) == 0)
                return usage_error(message, "option '--dir' needs HOST[::GUEST][::ro]");
            if (!push_string(&out->dirs, &out->ndirs, text)) return out_of_memory(message);
            continue;
        }
        if (take_value(argc, argv, &i, "--env", &text, &missing)) {
            if (missing || text[0] == '=' || !strchr(text, '='))
                return usage_error(message,
                                   "option '--env' needs NAME=VALUE with a non-empty NAME");
            if (!push_string(&out->envs, &out->nenvs, text)) return out_of_memory(message);
            continue;
        }
        bool *flag = NULL;
        if (take_flag(arg, "--stats", &with_value))
            flag = &args.stats;
        else if (take_flag(arg, "--trap-on-grow-failure", &with_value))
            flag = &args.limits.trap_on_grow_failure;
        else if (take_flag(arg, "--inherit-env", &with_value))
            flag = &args.inherit_env;
        if (flag) {
            if (with_value)
                return usage_error(message, "option '%.*s' takes no value",
                                   (int)(strchr(arg, '=') - arg), arg);
            *flag = true;
            continue;
        }
        const number_option_t *opt = NULL;
        const char *value = NULL;
        for (size_t k = 0; k < sizeof k_number_options / sizeof k_number_options[0]; k++) {
            if (take_value(argc, argv, &i, k_number_options[k].name, &value, &missing)) {
                opt = &k_number_options[k];
                break;
            }
        }
        if (opt) {
            if (missing) return usage_error(message, "option '%s' needs a value", opt->name);
            int status = set_number(opt, value, &args.limits, message);
            if (status != CLI_EXIT_OK) return status;
            continue;
        }
        return usage_error(message, "unknown option '%s'", arg);
    }
    if (i >= argc) return usage_error(message, "run: no FILE.wasm given");
    args.file = argv[i];
    args.guest_argc = argc - i;
    args.guest_argv = argv + i;
    args.dirs = out->dirs;
    args.ndirs = out->ndirs;
    args.envs = out->envs;
    args.nenvs = out->nenvs;
    *out = args;
    return CLI_EXIT_OK;
}

const char *cli_parse_tier(const char *text, warden_tier_t *out)
{
    static const warden_tier_t tiers[] = {WARDEN_TIER_AUTO, WARDEN_TIER_INTERP, WARDEN_TIER_LLVM};
    for (size_t i = 0; i < sizeof tiers / sizeof tiers[0]; i++) {
        if (strcmp(text, warden_tier_name(tiers[i])) != 0) continue;
        if (!warden_tier_supported(tiers[i]))
            return "llvm: this build has no compiled tier (built without LLVM)";
        *out = tiers[i];
        return NULL;
    }
    return "needs interp, llvm or auto";
}

static int parse_file(int argc, char *const argv[], cli_file_args_t *out,
                      char message[CLI_MESSAGE_MAX], bool compiled);

int cli_parse_file(int argc, char *const argv[], cli_file_args_t *out,
                   char message[CLI_MESSAGE_MAX])
{
    return parse_file(argc, argv, out, message, false);
}

int cli_parse_file_tier(int argc, char *const argv[], cli_file_args_t *out,
                        char message[CLI_MESSAGE_MAX])
{
    return parse_file(argc, argv, out, message, true);
}

static int parse_file(int argc, char *const argv[], cli_file_args_t *out,
                      char message[CLI_MESSAGE_MAX], bool compiled)
{
    cli_file_args_t args = {0};
    const char *cmd = argc > 0 ? argv[0] : "command";
    message[0] = '\0';
    int i = 1;
    for (; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0) {
            i++;
            break;
        }
        if (arg[0] != '-' || arg[1] == '\0') break;
        if (is_help(arg)) {
            args.help = true;
            *out = args;
            return CLI_EXIT_OK;
        }
        /* The compiled tier's options, for a command that takes them (wast). */
        int took =
            compiled ? take_tier_option(argc, argv, &i, &args.tier, &args.cache_dir, message) : 0;
        if (took == 1) continue;
        if (took) return took;
        return usage_error(message, "unknown option '%s'", arg);
    }
    if (i >= argc) return usage_error(message, "%s: no FILE given", cmd);
    if (i + 1 < argc)
        return usage_error(message, "%s: unexpected argument '%s' after FILE", cmd, argv[i + 1]);
    args.file = argv[i];
    *out = args;
    return CLI_EXIT_OK;
}

int cli_parse_inspect(int argc, char *const argv[], cli_inspect_args_t *out,
                      char message[CLI_MESSAGE_MAX])
{
    cli_inspect_args_t args = {0};
    message[0] = '\0';
    bool options = true;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (options && strcmp(arg, "--") == 0) {
            options = false;
            continue;
        }
        if (options && arg[0] == '-' && arg[1] != '\0') {
            if (is_help(arg)) {
                args.help = true;
                *out = args;
                return CLI_EXIT_OK;
            }
            if (strcmp(arg, "--code") == 0) {
                args.code = true;
                continue;
            }
            if (strcmp(arg, "--fuel") == 0) {
                args.fuel = true;
                continue;
            }
            if (strncmp(arg, "--func=", 7) == 0 || strcmp(arg, "--func") == 0) {
                const char *value = arg[6] == '=' ? arg + 7 : (i + 1 < argc ? argv[++i] : NULL);
                if (!value || !*value) return usage_error(message, "option '--func' needs a value");
                args.func = value;
                continue;
            }
            return usage_error(message, "unknown option '%s'", arg);
        }
        if (args.file)
            return usage_error(message, "inspect: unexpected argument '%s' after FILE", arg);
        args.file = arg;
    }
    if (!args.file) return usage_error(message, "inspect: no FILE given");
    if (args.func && !args.code) return usage_error(message, "option '--func' needs '--code'");
    if (args.fuel && !args.code) return usage_error(message, "option '--fuel' needs '--code'");
    *out = args;
    return CLI_EXIT_OK;
}

char *cli_default_cache_dir(void)
{
    const char *base = getenv("XDG_CACHE_HOME"), *sub = "/warden";
    if (!base || base[0] != '/') {
        base = getenv("HOME");
        sub = "/.cache/warden";
        if (!base || !base[0]) return NULL;
    }
    size_t n = strlen(base) + strlen(sub) + 1;
    char *dir = malloc(n);
    if (dir) snprintf(dir, n, "%s%s", base, sub);
    return dir;
}
