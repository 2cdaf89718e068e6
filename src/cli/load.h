/* Loading a module file for the `warden` subcommands. */
#ifndef WARDEN_CLI_LOAD_H
#define WARDEN_CLI_LOAD_H

#include <stdbool.h>

#include "warden.h"

/* Reads and compiles `path`. On failure prints "warden: error: PATH[:OFFSET]: REASON" and returns
 * CLI_EXIT_FAILURE; on success returns CLI_EXIT_OK with the module in *out. */
int cli_load_module(warden_engine_t *engine, const char *path, warden_module_t **out);
/* The same, asking keep_going(env) now and then whether to go on (see
 * warden_module_new_with_progress). When it answers no, nothing is printed: *stopped is set
 * and CLI_EXIT_FAILURE returned, for the caller to say why. */
int cli_load_module_stoppable(warden_engine_t *engine, const char *path,
                              warden_progress_t keep_going, void *env, warden_module_t **out,
                              bool *stopped);

/* The two halves of cli_load_module_stoppable, for commands that look at the bytes first (a
 * component or a module?): reading `path` (on failure: a message, or *stopped), and compiling
 * bytes read from it (`path` names it in messages). */
int cli_read_stoppable(const char *path, warden_progress_t keep_going, void *env, uint8_t **bytes,
                       size_t *len, bool *stopped);
int cli_compile_module(warden_engine_t *engine, const char *path, const uint8_t *bytes, size_t len,
                       warden_progress_t keep_going, void *env, warden_module_t **out,
                       bool *stopped);

/* The arguments of a command of the form `warden CMD FILE`: true with *file set when the command
 * is to run; false when it is done already (help printed, or a usage error), with its exit status
 * in *status. */
bool cli_file_args(int argc, char **argv, const char **file, int *status);

/* An engine of `config`; on failure prints "warden: error: REASON" and returns NULL. */
warden_engine_t *cli_engine_new(const warden_config_t *config);

/* The body of a command of the form `warden CMD FILE.wasm` (validate, inspect): parses the
 * arguments, makes an engine, runs `body` on the file and returns its exit status. */
int cli_file_command(int argc, char **argv, int (*body)(warden_engine_t *engine, const char *file));

#endif
