#include "cli/diag.h"

#include <stdarg.h>
#include <stdio.h>

#include "cli/args.h"

static void vreport(const char *fmt, va_list ap)
{
    fputs("warden: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(fmt, ap);
    va_end(ap);
}

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(fmt, ap);
    va_end(ap);
    fputs("Try 'warden help' for more information.\n", stderr);
    return CLI_EXIT_USAGE;
}

void cli_engine_error(const char *file, warden_error_t *error)
{
    int64_t offset = warden_error_offset(error);
    if (offset >= 0)
        cli_error("%s:%lld: %s", file, (long long)offset, warden_error_message(error));
    else
        cli_error("%s: %s", file, warden_error_message(error));
    warden_error_delete(error);
}
