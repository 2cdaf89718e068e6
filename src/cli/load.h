/* Loading a module file for the `warden` subcommands. */
#ifndef WARDEN_CLI_LOAD_H
#define WARDEN_CLI_LOAD_H

#include "warden.h"

/* Reads and compiles `path`. On failure prints "warden: error: PATH[:OFFSET]: REASON" and returns
 * CLI_EXIT_FAILURE; on success returns CLI_EXIT_OK with the module in *out. */
int cli_load_module(warden_engine_t *engine, const char *path, warden_module_t **out);

#endif
