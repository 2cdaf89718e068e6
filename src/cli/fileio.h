/* Reading a whole file into memory for the `warden` command. */
#ifndef WARDEN_CLI_FILEIO_H
#define WARDEN_CLI_FILEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Reads all of `path` into a malloc'd buffer (the caller frees it). Returns 0, or an errno value
 * (ENOMEM when an allocation fails) with *data left NULL. Works on pipes too. */
int cli_read_file(const char *path, uint8_t **data, size_t *len);
/* The same, asking keep_going(env) before each MiB read; ECANCELED when it answered no. */
int cli_read_file_stoppable(const char *path, uint8_t **data, size_t *len,
                            bool (*keep_going)(void *env), void *env);

#endif
