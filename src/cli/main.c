/* warden: the command-line front end of libwarden. */
#include <stdio.h>
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/diag.h"
#include "warden.h"

void cli_print_help(FILE *out)
{
    fputs("usage: warden COMMAND [ARGS...]\n"
          "\n",
          out);
    fputs(cli_run_help, out);
    fputs(
        "\n"
        "  warden validate FILE.wasm\n"
        "      Exit 0 when FILE.wasm is valid; otherwise print 'FILE.wasm:OFFSET: error: REASON'.\n"
        "\n"
        "  warden inspect FILE.wasm\n"
        "      Print one line per import, export and section, in that order:\n"
        "        import KIND MODULE.NAME TYPE\n"
        "        export KIND NAME TYPE\n"
        "        section SECTION offset OFFSET size SIZE\n"
        "      SECTION is type, import, function, table, memory, global, export, start, element,\n"
        "      code, data or datacount; a custom section is 'custom NAME'.\n"
        "      TYPE is '(PARAMS) -> (RESULTS)' for func, 'ELEMTYPE MIN..MAX' for table,\n"
        "      'pages MIN..MAX' for memory and 'const|mut VALTYPE' for global (MAX is left out\n"
        "      when there is none). Offsets and sizes are in bytes, decimal; the offset is that "
        "of\n"
        "      the section's contents. Names that are not plain ASCII tokens (or hold '.') are\n"
        "      quoted, with \\\" \\\\ and \\hh escapes.\n"
        "\n"
        "  warden inspect --code [--fuel] FILE.wasm [--func INDEX|NAME]\n"
        "      Print the internal code each function (or the one named: an index, an export\n"
        "      name or a name-section name) was lowered to, for debugging: a line\n"
        "        func INDEX [NAME]: P param slots, L local slots, F frame slots, C cells\n"
        "      then one line per instruction, its cell and its fields by name, e.g.\n"
        "        12  I32_ADD dst=s4 a=s2 b=s3\n"
        "      (slots sN, v128 slots vN, indices #N, branch targets @CELL, offsets +N). The\n"
        "      format may change between versions. With --fuel, the code is lowered with fuel\n"
        "      metering, as 'warden run --fuel' runs it: each basic block starts with its FUEL.\n"
        "\n"
        "  warden wast [--tier interp|llvm|auto] [--cache DIR] FILE.json\n"
        "      Run a script made by wast2json against the built-in spectest module, its modules\n"
        "      run by TIER (as 'warden run --tier'), with the native code compiled kept in and\n"
        "      taken from DIR with --cache (none without it). Each failure is\n"
        "      printed as 'FILE.json:LINE: FAIL: COMMAND FIELD: REASON', and last a line\n"
        "      'N passed, N failed, N skipped'. Exit 0 only when nothing failed.\n"
        "\n",
        out);
    fputs(cli_compile_help, out);
    fputs(
        "\n"
        "  warden help        this text\n"
        "  warden --version   the version\n"
        "\n"
        "Exit status: 0 success, 1 error (load, validation, link; failing script), 2 usage error,\n"
        "134 trap.\n",
        out);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        cli_print_help(stderr);
        return CLI_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "run") == 0) return cmd_run(argc - 1, argv + 1);
    if (strcmp(cmd, "validate") == 0) return cmd_validate(argc - 1, argv + 1);
    if (strcmp(cmd, "inspect") == 0) return cmd_inspect(argc - 1, argv + 1);
    if (strcmp(cmd, "wast") == 0) return cmd_wast(argc - 1, argv + 1);
    if (strcmp(cmd, "compile") == 0) return cmd_compile(argc - 1, argv + 1);
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        cli_print_help(stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("warden %s\n", WARDEN_VERSION);
        return CLI_EXIT_OK;
    }
    return cli_usage_error("unknown command '%s'", cmd);
}
