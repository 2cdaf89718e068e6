/* `warden wast`: run a wast2json script. */
#include <stdio.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/diag.h"
#include "cli/load.h"
#include "cli/wast.h"

int cmd_wast(int argc, char **argv)
{
    cli_file_args_t args;
    char message[CLI_MESSAGE_MAX];
    if (cli_parse_file_tier(argc, argv, &args, message) != CLI_EXIT_OK)
        return cli_usage_error("%s", message);
    if (args.help) {
        cli_print_help(stdout);
        return CLI_EXIT_OK;
    }
    /* Line by line, so the failures printed before a crash are not lost in a buffer. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    return wast_run_file(args.file, args.tier, args.cache_dir, stdout);
}
