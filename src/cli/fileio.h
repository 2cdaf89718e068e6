/* Reading a whole file into memory for the `warden` command. */
#ifndef WARDEN_CLI_FILEIO_H
#define WARDEN_CLI_FILEIO_H

#include <stddef.h>
#include <stdint.h>

/* Reads all of `path` into a malloc'd buffer (the caller frees it). Returns 0, or an errno value
 * (ENOMEM when an allocation fails) with *data left NULL. Works on pipes too. */
int cli_read_file(const char *path, uint8_t **data, size_t *len);

#endif
