/* Messages of the `warden` command on stderr. */
#ifndef WARDEN_CLI_DIAG_H
#define WARDEN_CLI_DIAG_H

#include "warden.h"

#if defined(__GNUC__)
#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CLI_PRINTF(f, a)
#endif

/* "warden: error: MESSAGE" */
void cli_error(const char *fmt, ...) CLI_PRINTF(1, 2);

/* "warden: error: MESSAGE" and a hint to `warden help`; returns CLI_EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) CLI_PRINTF(1, 2);

/* "warden: error: FILE: REASON" for an engine error; deletes the error. */
void cli_engine_error(const char *file, warden_error_t *error);

#endif
