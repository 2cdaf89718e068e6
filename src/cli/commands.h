/* The subcommands of `warden`. Each takes its own argv (argv[0] is the subcommand's name) and
 * returns the process exit status (see CLI_EXIT_* in args.h). */
#ifndef WARDEN_CLI_COMMANDS_H
#define WARDEN_CLI_COMMANDS_H

#include <stdio.h>

int cmd_run(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_wast(int argc, char **argv);
int cmd_compile(int argc, char **argv);

/* The `warden compile` section of the help text. */
extern const char cli_compile_help[];

/* The full help text. */
void cli_print_help(FILE *out);

#endif
