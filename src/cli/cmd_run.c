/* `warden run`: instantiate a module and call _start or the export named by --invoke, under the
 * limits given on the command line. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/diag.h"
#include "cli/invoke_wave.h"
#include "cli/load.h"
#include "cli/run_wasi.h"
#include "cli/signals.h"
#include "cli/textfmt.h"
#include "cli/valfmt.h"
#include "warden_component.h"

typedef struct run_ctx {
    warden_engine_t *engine;
    warden_store_t *store;
    warden_linker_t *linker;
    warden_module_t *module;
    warden_wasi_t *wasi;
    bool started; /* the module loaded (or the deadline stopped it): the figures mean something */
    bool stopped; /* the guest has stopped running: `end` is set */
    struct timespec start, end;   /* around instantiation and the call */
    warden_trap_kind_t trap_kind; /* the trap that ended the run, or 0 */
    cli_signals_t *signals;       /* Ctrl-C and SIGTERM */
    uint64_t deadline_epoch;      /* --timeout: the engine epoch that ends the run, or 0 */
} run_ctx_t;

static void run_ctx_free(run_ctx_t *ctx)
{
    warden_linker_delete(ctx->linker);
    warden_store_delete(ctx->store);
    warden_wasi_delete(ctx->wasi);
    warden_module_delete(ctx->module);
    warden_engine_delete(ctx->engine);
}

static void clock_now(struct timespec *t)
{
    if (clock_gettime(CLOCK_MONOTONIC, t) != 0) t->tv_sec = t->tv_nsec = 0;
}

/* Marks the moment the guest stopped running; the first mark counts. */
static void mark_stopped(run_ctx_t *ctx)
{
    if (ctx->started && !ctx->stopped) {
        clock_now(&ctx->end);
        ctx->stopped = true;
    }
}

static uint64_t elapsed_ns(const struct timespec *from, const struct timespec *to)
{
    int64_t ns = ((int64_t)to->tv_sec - (int64_t)from->tv_sec) * 1000000000 +
                 ((int64_t)to->tv_nsec - (int64_t)from->tv_nsec);
    return ns > 0 ? (uint64_t)ns : 0;
}

/* --stats: one line per figure on stderr. */
static void print_stats(run_ctx_t *ctx)
{
    mark_stopped(ctx);
    warden_store_usage_t u;
    warden_store_usage(ctx->store, &u);
    struct {
        const char *name;
        uint64_t value;
    } figures[] = {
        {"fuel_consumed", warden_store_fuel_consumed(ctx->store)},
        {"memory_bytes", u.memory_bytes},
        {"memory_peak_bytes", u.memory_peak_bytes},
        {"memory_grow_calls", u.memory_grow_calls},
        {"memory_grow_denied", u.memory_grow_denied},
        {"table_peak_elements", u.table_peak_elements},
        {"table_grow_denied", u.table_grow_denied},
        {"instances", u.instances},
        {"wall_ns", elapsed_ns(&ctx->start, &ctx->end)},
    };
    for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++)
        fprintf(stderr, "warden: stats: %s=%" PRIu64 "\n", figures[i].name, figures[i].value);
    fprintf(stderr, "warden: stats: trap=%s\n",
            ctx->trap_kind ? warden_trap_kind_name(ctx->trap_kind) : "none");
    fprintf(stderr, "warden: stats: tier=%s\n",
            ctx->module ? warden_tier_name(warden_module_tier(ctx->module)) : "none");
}

/* "warden: trap: KIND" and the backtrace on stderr; consumes the trap. A WASI proc_exit is not a
 * trap to report: the run ends with the guest's status. */
static int report_trap(run_ctx_t *ctx, warden_trap_t *trap)
{
    int code;
    if (ctx->wasi && warden_wasi_exit_code(ctx->wasi, &code)) {
        mark_stopped(ctx);
        warden_trap_delete(trap);
        fflush(stdout);
        return code;
    }
    mark_stopped(ctx);
    ctx->trap_kind = warden_trap_kind(trap);
    int sig = cli_signals_received(ctx->signals);
    fprintf(stderr, "warden: trap: %s\n", warden_trap_kind_name(warden_trap_kind(trap)));
    size_t n = warden_trap_frame_count(trap), omitted = warden_trap_frames_omitted(trap);
    for (size_t i = 0; i < n; i++) {
        uint32_t index;
        const char *name = NULL;
        if (!warden_trap_frame(trap, i, &index, &name)) break;
        /* Frames are numbered by depth: those left out of a deep stack still count. */
        size_t depth = i;
        if (omitted && i >= WARDEN_TRAP_HEAD_FRAMES) {
            if (i == WARDEN_TRAP_HEAD_FRAMES)
                fprintf(stderr, "  ... %zu frames omitted\n", omitted);
            depth += omitted;
        }
        if (index == WARDEN_TRAP_FRAME_COMPONENT)
            fprintf(stderr, "  #%zu component func", depth);
        else
            fprintf(stderr, "  #%zu func[%" PRIu32 "]", depth, index);
        /* The name is the guest's own bytes: escaped so they cannot drive the terminal. */
        if (name) {
            fputc(' ', stderr);
            textfmt_escaped(stderr, name, strlen(name));
        }
        fputc('\n', stderr);
    }
    warden_trap_delete(trap);
    return ctx->trap_kind == WARDEN_TRAP_INTERRUPTED && sig ? 128 + sig : CLI_EXIT_TRAP;
}

static void print_results(const warden_val_t *results, size_t n)
{
    char buf[VALFMT_BUF];
    for (size_t i = 0; i < n; i++) {
        valfmt_format(&results[i], buf, sizeof buf);
        puts(buf);
    }
}

static int signature_mismatch(const char *name, const warden_functype_t *type, int given)
{
    fprintf(stderr, "warden: error: function '%s' takes %" PRIu32 " argument%s ", name,
            type->nparams, type->nparams == 1 ? "" : "s");
    textfmt_functype(stderr, type);
    fprintf(stderr, ", got %d\n", given);
    return CLI_EXIT_USAGE;
}

/* 128 + the signal when one asked the run to stop before the guest started, else 0. */
static int stopped_by_signal(run_ctx_t *ctx)
{
    int sig = cli_signals_received(ctx->signals);
    if (!sig) return 0;
    mark_stopped(ctx);
    return 128 + sig;
}

/* Converts the arguments, calls `func` and prints its results. */
static int call_and_print(run_ctx_t *ctx, const char *name, warden_func_t *func, int argc,
                          char *const argv[])
{
    const warden_functype_t *type = warden_func_type(func);
    if (!type) {
        cli_error("export '%s' has no function type", name);
        return CLI_EXIT_FAILURE;
    }
    if (argc < 0 || (uint32_t)argc != type->nparams) return signature_mismatch(name, type, argc);
    /* +1: malloc(0) may return NULL, which must not look like a failure. */
    warden_val_t *args = calloc((size_t)type->nparams + 1, sizeof *args);
    warden_val_t *results = calloc((size_t)type->nresults + 1, sizeof *results);
    int status = CLI_EXIT_OK;
    if (!args || !results) {
        cli_error("out of memory");
        status = CLI_EXIT_FAILURE;
        goto out;
    }
    for (uint32_t i = 0; i < type->nparams; i++) {
        const char *reason = valfmt_parse(type->params[i], argv[i], &args[i]);
        if (reason) {
            cli_error("argument %" PRIu32 " of '%s', '%s', is not a valid %s: %s", i + 1, name,
                      argv[i], valfmt_kind_name(type->params[i]), reason);
            status = CLI_EXIT_USAGE;
            goto out;
        }
    }
    for (uint32_t i = 0; i < type->nresults; i++) results[i].kind = type->results[i];
    if ((status = stopped_by_signal(ctx))) goto out;
    warden_trap_t *trap = NULL;
    warden_error_t *error =
        warden_func_call(ctx->store, func, args, type->nparams, results, type->nresults, &trap);
    mark_stopped(ctx);
    if (error) {
        cli_error("calling '%s': %s", name, warden_error_message(error));
        warden_error_delete(error);
        status = CLI_EXIT_FAILURE;
    } else if (trap) {
        fflush(stdout);
        status = report_trap(ctx, trap);
    } else {
        print_results(results, type->nresults);
    }
out:
    free(args);
    free(results);
    return status;
}

/* Loading goes on until the deadline or a signal: a huge module is stopped like a guest. */
static bool keep_loading(void *env)
{
    run_ctx_t *ctx = env;
    if (cli_signals_received(ctx->signals)) return false;
    return !ctx->deadline_epoch || warden_engine_epoch(ctx->engine) < ctx->deadline_epoch;
}

/* The engine, store and linker, configured by the command line's limits. */
static warden_error_t *make_store(run_ctx_t *ctx, const cli_run_args_t *args)
{
    const cli_run_limits_t *lim = &args->limits;
    warden_config_t config;
    warden_config_default(&config);
    config.consume_fuel = lim->has_fuel;
    config.tier = args->tier;
    config.compile_lazily = args->compile_lazily;
    /* The code cache serves the tiers that compile (the engine copies the directory's name). */
    char *default_cache = NULL;
    if (!args->no_cache && args->tier != WARDEN_TIER_INTERP)
        config.cache_dir =
            args->cache_dir ? args->cache_dir : (default_cache = cli_default_cache_dir());
    if (lim->timeout_ns) {
        uint64_t ticks;
        cli_deadline_ticks(lim->timeout_ns, &config.epoch_tick_ns, &ticks);
    }
    warden_error_t *error = warden_engine_new_with_config(&config, &ctx->engine);
    free(default_cache);
    if (!error) error = warden_store_new(ctx->engine, &ctx->store);
    if (!error) error = warden_linker_new(ctx->engine, &ctx->linker);
    if (!error && (lim->max_memory_bytes || lim->max_table_elements || lim->max_instances ||
                   lim->max_stack_bytes || lim->max_call_depth || lim->trap_on_grow_failure)) {
        warden_store_limits_t limits;
        warden_store_limits_default(&limits);
        if (lim->max_memory_bytes) limits.max_memory_bytes = lim->max_memory_bytes;
        if (lim->max_table_elements) limits.max_table_elements = lim->max_table_elements;
        if (lim->max_instances) limits.max_instances = lim->max_instances;
        if (lim->max_stack_bytes) limits.max_stack_bytes = lim->max_stack_bytes;
        if (lim->max_call_depth) limits.max_call_depth = lim->max_call_depth;
        limits.trap_on_grow_failure = lim->trap_on_grow_failure;
        error = warden_store_set_limits(ctx->store, &limits);
    }
    if (!error && lim->has_fuel) error = warden_store_set_fuel(ctx->store, lim->fuel);
    return error;
}

/* A component: instantiate it with no imports but what the engine gives, and call the function
 * named by --invoke 'NAME(ARGS)' (a root export or `ns:pkg/iface@ver#name`), printing its result
 * in WAVE. */
static int run_component(run_ctx_t *ctx, const cli_run_args_t *args, const uint8_t *bytes,
                         size_t len)
{
    warden_component_t *component = NULL;
    warden_component_linker_t *linker = NULL;
    warden_component_val_t *vals = NULL;
    warden_component_val_t result = {.kind = WARDEN_COMPONENT_BOOL};
    int status = CLI_EXIT_FAILURE;
    warden_error_t *error = warden_component_new(ctx->engine, bytes, len, &component);
    ctx->started = true;
    if (!error) error = warden_component_linker_new(ctx->engine, &linker);
    if (error) {
        mark_stopped(ctx);
        cli_engine_error(args->file, error);
        goto out;
    }
    warden_component_instance_t *instance = NULL;
    warden_trap_t *trap = NULL;
    error = warden_component_linker_instantiate(linker, ctx->store, component, &instance, &trap);
    if (error) {
        mark_stopped(ctx);
        cli_engine_error(args->file, error);
        goto out;
    }
    if (trap) {
        status = report_trap(ctx, trap);
        goto out;
    }
    if (!args->invoke) {
        mark_stopped(ctx);
        status = CLI_EXIT_OK;
        goto out;
    }
    size_t name_len, args_len;
    const char *arg_text;
    const char *why = cli_invoke_split(args->invoke, &name_len, &arg_text, &args_len);
    if (why) {
        cli_error("--invoke '%s': %s", args->invoke, why);
        status = CLI_EXIT_USAGE;
        goto out;
    }
    warden_component_func_t *func =
        warden_component_instance_func(instance, args->invoke, name_len);
    if (!func) {
        cli_error("%s has no exported function named '%.*s'", args->file, (int)name_len,
                  args->invoke);
        status = CLI_EXIT_USAGE;
        goto out;
    }
    const warden_component_functype_t *type = warden_component_func_type(func);
    size_t nparams = warden_component_functype_param_count(type);
    size_t nresults = warden_component_functype_result(type) ? 1 : 0;
    vals = calloc(nparams + 1, sizeof *vals);
    if (!vals) {
        cli_error("out of memory");
        goto out;
    }
    char message[512];
    if (!arg_text && args->guest_argc > 1) {
        cli_error("--invoke '%s': give a component function's arguments in parentheses, "
                  "NAME(ARGS)",
                  args->invoke);
        status = CLI_EXIT_USAGE;
        goto out;
    }
    if (!cli_invoke_args(type, arg_text, args_len, vals, message, sizeof message)) {
        cli_error("--invoke '%.*s': %s", (int)name_len, args->invoke, message);
        status = CLI_EXIT_USAGE;
        goto out;
    }
    if ((status = stopped_by_signal(ctx))) goto out_vals;
    error = warden_component_func_call(ctx->store, func, vals, nparams, &result, nresults, &trap);
    mark_stopped(ctx);
    if (error) {
        cli_error("calling '%.*s': %s", (int)name_len, args->invoke, warden_error_message(error));
        warden_error_delete(error);
        status = CLI_EXIT_FAILURE;
    } else if (trap) {
        fflush(stdout);
        fprintf(stderr, "warden: trap message: %s\n", warden_trap_message(trap));
        status = report_trap(ctx, trap);
    } else {
        status = CLI_EXIT_OK;
        if (nresults) {
            char *text = NULL;
            size_t text_len;
            error = warden_component_val_to_wave(&result, &text, &text_len);
            if (error) {
                cli_error("%s", warden_error_message(error));
                warden_error_delete(error);
                status = CLI_EXIT_FAILURE;
            } else {
                fwrite(text, 1, text_len, stdout);
                fputc('\n', stdout);
                free(text);
            }
        }
    }
out_vals:
    for (size_t i = 0; i < nparams; i++) warden_component_val_delete(&vals[i]);
out:
    warden_component_val_delete(&result);
    free(vals);
    warden_component_linker_delete(linker);
    warden_component_delete(component);
    return status;
}

static int run(run_ctx_t *ctx, const cli_run_args_t *args)
{
    warden_error_t *error = make_store(ctx, args);
    if (error) {
        cli_error("%s", warden_error_message(error));
        warden_error_delete(error);
        return CLI_EXIT_FAILURE;
    }
    /* Without the thread that takes them, the signals act as usual. */
    if (!cli_signals_watch(ctx->signals, ctx->store)) cli_signals_stop(ctx->signals);

    /* The deadline and the clock start here: they cover loading, the start function and the
     * call. */
    if (args->limits.timeout_ns) {
        uint64_t tick_ns, ticks;
        cli_deadline_ticks(args->limits.timeout_ns, &tick_ns, &ticks);
        ctx->deadline_epoch = warden_engine_epoch(ctx->engine) + ticks;
        warden_store_set_deadline(ctx->store, ticks);
    }
    clock_now(&ctx->start);
    /* The file is read once; its first bytes tell a component from a module. */
    uint8_t *bytes = NULL;
    size_t len = 0;
    bool stopped = false;
    int status = cli_read_stoppable(args->file, keep_loading, ctx, &bytes, &len, &stopped);
    if (status == CLI_EXIT_OK && warden_is_component(bytes, len)) {
        status = run_component(ctx, args, bytes, len);
        free(bytes);
        return status;
    }
    if (status == CLI_EXIT_OK)
        status = cli_compile_module(ctx->engine, args->file, bytes, len, keep_loading, ctx,
                                    &ctx->module, &stopped);
    free(bytes);
    /* The figures mean something once the module loaded, or once the deadline stopped it. */
    ctx->started = status == CLI_EXIT_OK || stopped;
    if (stopped) {
        int by_signal = stopped_by_signal(ctx);
        if (by_signal) return by_signal;
        mark_stopped(ctx);
        ctx->trap_kind = WARDEN_TRAP_DEADLINE;
        fprintf(stderr, "warden: trap: %s\n", warden_trap_kind_name(WARDEN_TRAP_DEADLINE));
        return CLI_EXIT_TRAP;
    }
    if (status != CLI_EXIT_OK) return status;
    if (!cli_wasi_new(args, &ctx->wasi)) return CLI_EXIT_FAILURE;
    error = warden_wasi_define(ctx->wasi, ctx->linker, ctx->store);
    if (error) {
        cli_error("%s", warden_error_message(error));
        warden_error_delete(error);
        return CLI_EXIT_FAILURE;
    }

    int by_signal = stopped_by_signal(ctx);
    if (by_signal) return by_signal;
    warden_instance_t *instance = NULL;
    warden_trap_t *trap = NULL;
    error = warden_linker_instantiate(ctx->linker, ctx->store, ctx->module, &instance, &trap);
    if (error) {
        mark_stopped(ctx);
        cli_engine_error(args->file, error);
        return CLI_EXIT_FAILURE;
    }
    if (trap) return report_trap(ctx, trap);
    if (!instance) {
        cli_error("%s: instantiation produced no instance", args->file);
        return CLI_EXIT_FAILURE;
    }

    if (args->invoke) {
        warden_extern_t ext;
        if (!warden_instance_export(instance, args->invoke, strlen(args->invoke), &ext)) {
            cli_error("%s has no export named '%s'", args->file, args->invoke);
            return CLI_EXIT_USAGE;
        }
        if (ext.kind != WARDEN_EXTERN_FUNC) {
            cli_error("export '%s' of %s is a %s, not a function", args->invoke, args->file,
                      textfmt_extern_kind(ext.kind));
            return CLI_EXIT_USAGE;
        }
        return call_and_print(ctx, args->invoke, ext.of.func, args->guest_argc - 1,
                              args->guest_argv + 1);
    }
    warden_extern_t ext;
    if (!warden_instance_export(instance, "_start", 6, &ext)) {
        mark_stopped(ctx);
        return CLI_EXIT_OK;
    }
    if (ext.kind != WARDEN_EXTERN_FUNC) {
        cli_error("export '_start' of %s is a %s, not a function", args->file,
                  textfmt_extern_kind(ext.kind));
        return CLI_EXIT_USAGE;
    }
    return call_and_print(ctx, "_start", ext.of.func, 0, NULL);
}

int cmd_run(int argc, char **argv)
{
    cli_run_args_t args;
    char message[CLI_MESSAGE_MAX];
    int parsed = cli_parse_run(argc, argv, &args, message);
    if (parsed == CLI_EXIT_USAGE) return cli_usage_error("%s", message);
    if (parsed != CLI_EXIT_OK) {
        cli_error("%s", message);
        return parsed;
    }
    if (args.help) {
        fputs(cli_run_help, stdout);
        return CLI_EXIT_OK;
    }
    /* First, so that every thread started from here on leaves the signals to the watcher. */
    cli_signals_t signals;
    cli_signals_block(&signals);
    run_ctx_t ctx = {.signals = &signals};
    int status = run(&ctx, &args);
    if (args.stats && ctx.started) {
        fflush(stdout);
        print_stats(&ctx);
    }
    cli_signals_stop(&signals);
    run_ctx_free(&ctx);
    cli_run_args_free(&args);
    return status;
}
