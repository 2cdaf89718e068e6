#include "cli/load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/diag.h"
#include "cli/fileio.h"

int cli_load_module(warden_engine_t *engine, const char *path, warden_module_t **out)
{
    bool stopped = false;
    return cli_load_module_stoppable(engine, path, NULL, NULL, out, &stopped);
}

int cli_load_module_stoppable(warden_engine_t *engine, const char *path,
                              warden_progress_t keep_going, void *env, warden_module_t **out,
                              bool *stopped)
{
    uint8_t *bytes;
    size_t len;
    *out = NULL;
    *stopped = false;
    int status = cli_read_stoppable(path, keep_going, env, &bytes, &len, stopped);
    if (status != CLI_EXIT_OK) return status;
    status = cli_compile_module(engine, path, bytes, len, keep_going, env, out, stopped);
    free(bytes);
    return status;
}

int cli_read_stoppable(const char *path, warden_progress_t keep_going, void *env, uint8_t **bytes,
                       size_t *len, bool *stopped)
{
    *stopped = false;
    int err = cli_read_file_stoppable(path, bytes, len, keep_going, env);
    if (err == ECANCELED) {
        *stopped = true;
        return CLI_EXIT_FAILURE;
    }
    if (err) {
        cli_error("%s: cannot read: %s", path, strerror(err));
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

int cli_compile_module(warden_engine_t *engine, const char *path, const uint8_t *bytes, size_t len,
                       warden_progress_t keep_going, void *env, warden_module_t **out,
                       bool *stopped)
{
    *out = NULL;
    *stopped = false;
    /* A .cwasm named on the command line is the user's own code, like the command itself. */
    warden_error_t *error =
        warden_is_compiled_module(bytes, len)
            ? warden_module_deserialize(engine, bytes, len, out)
            : warden_module_new_with_progress(engine, bytes, len, keep_going, env, out);
    if (error && warden_error_kind(error) == WARDEN_ERROR_STOPPED) {
        warden_error_delete(error);
        *stopped = true;
        return CLI_EXIT_FAILURE;
    }
    if (error) {
        cli_engine_error(path, error);
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

bool cli_file_args(int argc, char **argv, const char **file, int *status)
{
    cli_file_args_t args;
    char message[CLI_MESSAGE_MAX];
    if (cli_parse_file(argc, argv, &args, message) != CLI_EXIT_OK) {
        *status = cli_usage_error("%s", message);
        return false;
    }
    if (args.help) {
        cli_print_help(stdout);
        *status = CLI_EXIT_OK;
        return false;
    }
    *file = args.file;
    return true;
}

warden_engine_t *cli_engine_new(const warden_config_t *config)
{
    warden_engine_t *engine = NULL;
    warden_error_t *error = warden_engine_new_with_config(config, &engine);
    if (!error) return engine;
    cli_error("%s", warden_error_message(error));
    warden_error_delete(error);
    return NULL;
}

int cli_file_command(int argc, char **argv, int (*body)(warden_engine_t *engine, const char *file))
{
    const char *file = NULL;
    int status;
    if (!cli_file_args(argc, argv, &file, &status)) return status;
    warden_config_t config;
    warden_config_default(&config);
    warden_engine_t *engine = cli_engine_new(&config);
    if (!engine) return CLI_EXIT_FAILURE;
    status = body(engine, file);
    warden_engine_delete(engine);
    return status;
}
