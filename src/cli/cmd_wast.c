/* `warden wast`: run a wast2json script. */
#include <stdio.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/load.h"
#include "cli/wast.h"

int cmd_wast(int argc, char **argv)
{
    const char *file = NULL;
    int status;
    if (!cli_file_args(argc, argv, &file, &status)) return status;
    /* Line by line, so the failures printed before a crash are not lost in a buffer. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    return wast_run_file(file, stdout);
}
