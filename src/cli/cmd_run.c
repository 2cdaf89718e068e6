/* `warden run`: instantiate a module and call _start or the export named by --invoke. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/diag.h"
#include "cli/load.h"
#include "cli/textfmt.h"
#include "cli/valfmt.h"

typedef struct run_ctx {
    warden_engine_t *engine;
    warden_store_t *store;
    warden_linker_t *linker;
    warden_module_t *module;
} run_ctx_t;

static void run_ctx_free(run_ctx_t *ctx)
{
    warden_linker_delete(ctx->linker);
    warden_store_delete(ctx->store);
    warden_module_delete(ctx->module);
    warden_engine_delete(ctx->engine);
}

/* "warden: trap: KIND" and the backtrace on stderr; consumes the trap. */
static int report_trap(warden_trap_t *trap)
{
    fprintf(stderr, "warden: trap: %s\n", warden_trap_kind_name(warden_trap_kind(trap)));
    size_t n = warden_trap_frame_count(trap);
    for (size_t i = 0; i < n; i++) {
        uint32_t index;
        const char *name = NULL;
        if (!warden_trap_frame(trap, i, &index, &name))
            break;
        fprintf(stderr, "  #%zu func[%" PRIu32 "]", i, index);
        /* The name is the guest's own bytes: escaped so they cannot drive the terminal. */
        if (name) {
            fputc(' ', stderr);
            textfmt_escaped(stderr, name, strlen(name));
        }
        fputc('\n', stderr);
    }
    warden_trap_delete(trap);
    return CLI_EXIT_TRAP;
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

/* Converts the arguments, calls `func` and prints its results. */
static int call_and_print(run_ctx_t *ctx, const char *name, warden_func_t *func, int argc,
                          char *const argv[])
{
    const warden_functype_t *type = warden_func_type(func);
    if (!type) {
        cli_error("export '%s' has no function type", name);
        return CLI_EXIT_FAILURE;
    }
    if (argc < 0 || (uint32_t)argc != type->nparams)
        return signature_mismatch(name, type, argc);
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
    for (uint32_t i = 0; i < type->nresults; i++)
        results[i].kind = type->results[i];
    warden_trap_t *trap = NULL;
    warden_error_t *error = warden_func_call(ctx->store, func, args, type->nparams, results,
                                             type->nresults, &trap);
    if (error) {
        cli_error("calling '%s': %s", name, warden_error_message(error));
        warden_error_delete(error);
        status = CLI_EXIT_FAILURE;
    } else if (trap) {
        fflush(stdout);
        status = report_trap(trap);
    } else {
        print_results(results, type->nresults);
    }
out:
    free(args);
    free(results);
    return status;
}

static int run(run_ctx_t *ctx, const cli_run_args_t *args)
{
    warden_error_t *error = warden_engine_new(&ctx->engine);
    if (!error)
        error = warden_store_new(ctx->engine, &ctx->store);
    if (!error)
        error = warden_linker_new(ctx->engine, &ctx->linker);
    if (error) {
        cli_error("%s", warden_error_message(error));
        warden_error_delete(error);
        return CLI_EXIT_FAILURE;
    }
    int status = cli_load_module(ctx->engine, args->file, &ctx->module);
    if (status != CLI_EXIT_OK)
        return status;

    warden_instance_t *instance = NULL;
    warden_trap_t *trap = NULL;
    error = warden_linker_instantiate(ctx->linker, ctx->store, ctx->module, &instance, &trap);
    if (error) {
        cli_engine_error(args->file, error);
        return CLI_EXIT_FAILURE;
    }
    if (trap)
        return report_trap(trap);
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
    if (!warden_instance_export(instance, "_start", 6, &ext))
        return CLI_EXIT_OK;
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
    if (cli_parse_run(argc, argv, &args, message) != CLI_EXIT_OK)
        return cli_usage_error("%s", message);
    if (args.help) {
        cli_print_help(stdout);
        return CLI_EXIT_OK;
    }
    run_ctx_t ctx = {0};
    int status = run(&ctx, &args);
    run_ctx_free(&ctx);
    return status;
}
