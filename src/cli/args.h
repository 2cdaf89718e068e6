/* Command-line parsing for the `warden` subcommands. Pure functions over argc/argv: no global state,
 * no output, no exit(); a usage error comes back as a message for the caller to print. */
#ifndef WARDEN_CLI_ARGS_H
#define WARDEN_CLI_ARGS_H

#include <stdbool.h>
#include <stddef.h>

/* Exit statuses of the `warden` command. */
enum {
    CLI_EXIT_OK = 0,
    CLI_EXIT_FAILURE = 1, /* load, validation or link error; a failing script */
    CLI_EXIT_USAGE = 2,   /* bad command line, or arguments that do not fit the called function */
    CLI_EXIT_TRAP = 134,  /* the guest trapped */
};

#define CLI_MESSAGE_MAX 256

/* `warden run [OPTIONS] FILE.wasm [ARGS...]`. Options stop at FILE; what follows is the guest's. */
typedef struct cli_run_args {
    bool help;               /* -h / --help was given: nothing else was checked */
    const char *invoke;      /* --invoke NAME, or NULL */
    const char *file;        /* FILE.wasm */
    int guest_argc;          /* FILE and the arguments after it, as the guest's argv */
    char *const *guest_argv; /* points into the argv given to cli_parse_run */
} cli_run_args_t;

/* Parses the arguments of `run`; argv[0] is the subcommand's own name and is skipped. Returns
 * CLI_EXIT_OK, or CLI_EXIT_USAGE with the reason in `message`. */
int cli_parse_run(int argc, char *const argv[], cli_run_args_t *out, char message[CLI_MESSAGE_MAX]);

/* A subcommand that takes one FILE and no options (validate, inspect, wast). */
typedef struct cli_file_args {
    bool help;
    const char *file;
} cli_file_args_t;

int cli_parse_file(int argc, char *const argv[], cli_file_args_t *out,
                   char message[CLI_MESSAGE_MAX]);

#endif
