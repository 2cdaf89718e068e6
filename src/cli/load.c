#include "cli/load.h"

#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/diag.h"
#include "cli/fileio.h"

int cli_load_module(warden_engine_t *engine, const char *path, warden_module_t **out)
{
    uint8_t *bytes;
    size_t len;
    *out = NULL;
    int err = cli_read_file(path, &bytes, &len);
    if (err) {
        cli_error("%s: cannot read: %s", path, strerror(err));
        return CLI_EXIT_FAILURE;
    }
    warden_error_t *error = warden_module_new(engine, bytes, len, out);
    free(bytes);
    if (error) {
        cli_engine_error(path, error);
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}
