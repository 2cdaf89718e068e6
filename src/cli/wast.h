/* Running a wast2json script: the engine behind `warden wast`. */
#ifndef WARDEN_CLI_WAST_H
#define WARDEN_CLI_WAST_H

#include <stdio.h>

#include "warden.h"

/* Runs the script at `json_path` (module files are looked up beside it) against a fresh store with
 * the spectest module. Prints each failure as "JSON_PATH:LINE: FAIL: COMMAND FIELD: REASON" and
 * then "N passed, N failed, N skipped" to `out`. Returns CLI_EXIT_OK when nothing failed,
 * CLI_EXIT_FAILURE otherwise (also when the script cannot be read, with a message on stderr). */
int wast_run_file(const char *json_path, warden_tier_t tier, const char *cache_dir, FILE *out);

#endif
