/* `warden validate`: decode and validate a module or a component; report the first error with its
 * offset. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/diag.h"
#include "cli/fileio.h"
#include "cli/load.h"
#include "warden_component.h"

static int validate(warden_engine_t *engine, const char *path)
{
    uint8_t *bytes;
    size_t len;
    int err = cli_read_file(path, &bytes, &len);
    if (err) {
        cli_error("%s: cannot read: %s", path, strerror(err));
        return CLI_EXIT_FAILURE;
    }
    warden_error_t *error;
    if (warden_is_component(bytes, len)) {
        warden_component_t *component = NULL;
        error = warden_component_new(engine, bytes, len, &component);
        warden_component_delete(component);
    } else {
        warden_module_t *module = NULL;
        error = warden_module_new(engine, bytes, len, &module);
        warden_module_delete(module);
    }
    free(bytes);
    if (!error) return CLI_EXIT_OK;
    int64_t offset = warden_error_offset(error);
    if (offset >= 0)
        fprintf(stderr, "%s:%lld: error: %s\n", path, (long long)offset,
                warden_error_message(error));
    else
        fprintf(stderr, "%s: error: %s\n", path, warden_error_message(error));
    warden_error_delete(error);
    return CLI_EXIT_FAILURE;
}

int cmd_validate(int argc, char **argv)
{
    return cli_file_command(argc, argv, validate);
}
