#ifndef WARDEN_CLI_RUN_WASI_H
#define WARDEN_CLI_RUN_WASI_H

#include <stdbool.h>

#include "cli/args.h"
#include "warden.h"
#include "warden_wasi.h"

/* The WASI context of `warden run`: the guest's arguments are FILE and ARGS, its environment and
 * directories only those the options grant, its streams the command's own. On failure reports
 * why on stderr and returns false. */
bool cli_wasi_new(const cli_run_args_t *args, warden_wasi_t **out);

#endif
