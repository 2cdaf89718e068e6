/* `warden compile [--fuel] FILE.wasm -o FILE.cwasm`: compiles a module to native code ahead of
 * time and writes it as a .cwasm artifact (warden_module_serialize), which `warden run` runs on
 * this build of warden and this CPU without compiling. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/diag.h"
#include "cli/load.h"
#include "warden.h"

const char cli_compile_help[] =
    "  warden compile [--fuel] FILE.wasm -o FILE.cwasm\n"
    "      Compile every function of FILE.wasm to native code with LLVM and write the module\n"
    "      and its code to FILE.cwasm, which 'warden run FILE.cwasm' runs without compiling.\n"
    "      The code is made for this build of warden and this CPU; with --fuel it meters fuel,\n"
    "      as 'warden run --fuel N' needs (the same N or any other). 'warden run' refuses a\n"
    "      .cwasm made for anything else, saying what differs (exit status 1).\n";

static int write_file(const char *path, const uint8_t *bytes, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f) return errno ? errno : EIO;
    size_t put = fwrite(bytes, 1, len, f);
    int err = put == len ? 0 : (errno ? errno : EIO);
    if (fclose(f) != 0 && !err) err = errno ? errno : EIO;
    if (err) unlinkat(AT_FDCWD, path, 0);
    return err;
}

int cmd_compile(int argc, char **argv)
{
    const char *in = NULL, *out = NULL;
    bool fuel = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(cli_compile_help, stdout);
            return CLI_EXIT_OK;
        }
        if (!strcmp(a, "--fuel")) {
            fuel = true;
        } else if (!strcmp(a, "-o")) {
            if (i + 1 >= argc || !argv[i + 1][0])
                return cli_usage_error("option '-o' needs a file name");
            if (out) return cli_usage_error("option '-o' given twice");
            out = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error("compile: unknown option '%s'", a);
        } else {
            if (in) return cli_usage_error("compile: one FILE.wasm only ('%s' is another)", a);
            in = a;
        }
    }
    if (!in) return cli_usage_error("compile: no FILE.wasm given");
    if (!out) return cli_usage_error("compile: no output given (-o FILE.cwasm)");
    if (!warden_tier_supported(WARDEN_TIER_LLVM)) {
        cli_error("compile: this build has no compiled tier (built without LLVM)");
        return CLI_EXIT_FAILURE;
    }
    warden_config_t config;
    warden_config_default(&config);
    config.tier = WARDEN_TIER_LLVM;
    config.consume_fuel = fuel;
    warden_engine_t *engine = cli_engine_new(&config);
    if (!engine) return CLI_EXIT_FAILURE;
    warden_module_t *module = NULL;
    int status = cli_load_module(engine, in, &module);
    if (status == CLI_EXIT_OK) {
        uint8_t *bytes = NULL;
        size_t len = 0;
        warden_error_t *error = warden_module_serialize(module, &bytes, &len);
        if (error) {
            cli_error("%s: %s", in, warden_error_message(error));
            warden_error_delete(error);
            status = CLI_EXIT_FAILURE;
        } else {
            int err = write_file(out, bytes, len);
            if (err) {
                cli_error("%s: cannot write: %s", out, strerror(err));
                status = CLI_EXIT_FAILURE;
            }
        }
        warden_bytes_delete(bytes);
    }
    warden_module_delete(module);
    warden_engine_delete(engine);
    return status;
}
