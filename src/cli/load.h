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

/* The arguments of a command of the form `warden CMD FILE`: true with *file set when the command
 * is to run; false when it is done already (help printed, or a usage error), with its exit status
 * in *status. */
bool cli_file_args(int argc, char **argv, const char **file, int *status);

/* The body of a command of the form `warden CMD FILE.wasm` (validate, inspect): parses the
 * arguments, makes an engine, runs `body` on the file and returns its exit status. */
int cli_file_command(int argc, char **argv, int (*body)(warden_engine_t *engine, const char *file));

#endif
