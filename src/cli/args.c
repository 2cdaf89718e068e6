#include "cli/args.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/diag.h"

static int usage_error(char message[CLI_MESSAGE_MAX], const char *fmt, ...) CLI_PRINTF(2, 3);

static int usage_error(char message[CLI_MESSAGE_MAX], const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, CLI_MESSAGE_MAX, fmt, ap);
    va_end(ap);
    return CLI_EXIT_USAGE;
}

static bool is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

/* Matches "--name VALUE" and "--name=VALUE". On a match advances *i past the value and stores it;
 * a missing value is reported through *missing. */
static bool take_value(int argc, char *const argv[], int *i, const char *name, const char **value,
                       bool *missing)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0)
        return false;
    if (arg[n] == '=') {
        *value = arg + n + 1;
        return true;
    }
    if (arg[n] != '\0')
        return false;
    if (*i + 1 >= argc) {
        *missing = true;
        return true;
    }
    *i += 1;
    *value = argv[*i];
    return true;
}

int cli_parse_run(int argc, char *const argv[], cli_run_args_t *out, char message[CLI_MESSAGE_MAX])
{
    cli_run_args_t args = {0};
    message[0] = '\0';
    int i = 1;
    for (; i < argc; i++) {
        const char *arg = argv[i];
        bool missing = false;
        if (strcmp(arg, "--") == 0) {
            i++;
            break;
        }
        if (arg[0] != '-' || arg[1] == '\0') /* "-" alone is a file name */
            break;
        if (is_help(arg)) {
            args.help = true;
            *out = args;
            return CLI_EXIT_OK;
        }
        if (take_value(argc, argv, &i, "--invoke", &args.invoke, &missing)) {
            if (missing)
                return usage_error(message, "option '%s' needs a function name", arg);
            if (args.invoke[0] == '\0')
                return usage_error(message, "option '--invoke' needs a non-empty function name");
            continue;
        }
        return usage_error(message, "unknown option '%s'", arg);
    }
    if (i >= argc)
        return usage_error(message, "run: no FILE.wasm given");
    args.file = argv[i];
    args.guest_argc = argc - i;
    args.guest_argv = argv + i;
    *out = args;
    return CLI_EXIT_OK;
}

int cli_parse_file(int argc, char *const argv[], cli_file_args_t *out, char message[CLI_MESSAGE_MAX])
{
    cli_file_args_t args = {0};
    const char *cmd = argc > 0 ? argv[0] : "command";
    message[0] = '\0';
    int i = 1;
    for (; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0) {
            i++;
            break;
        }
        if (arg[0] != '-' || arg[1] == '\0')
            break;
        if (is_help(arg)) {
            args.help = true;
            *out = args;
            return CLI_EXIT_OK;
        }
        return usage_error(message, "unknown option '%s'", arg);
    }
    if (i >= argc)
        return usage_error(message, "%s: no FILE given", cmd);
    if (i + 1 < argc)
        return usage_error(message, "%s: unexpected argument '%s' after FILE", cmd, argv[i + 1]);
    args.file = argv[i];
    *out = args;
    return CLI_EXIT_OK;
}
