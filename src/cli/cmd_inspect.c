/* `warden inspect`: one line per import, export and section (the format is in the help text). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/diag.h"
#include "cli/load.h"
#include "cli/textfmt.h"
#include "warden_component.h"

static void print_sections(const warden_module_t *module)
{
    size_t n = warden_module_section_count(module);
    for (size_t i = 0; i < n; i++) {
        warden_section_t s;
        if (!warden_module_section(module, i, &s)) continue;
        const char *name = s.name ? s.name : "";
        if (s.id == 0) {
            fputs("section custom ", stdout);
            textfmt_name(stdout, name, strlen(name));
        } else {
            /* Any other section: warden.h gives the binary format's name of its id (the help's
             * list). */
            printf("section %s", name);
        }
        printf(" offset %" PRIu64 " size %" PRIu64 "\n", s.offset, s.size);
    }
}

static void inspect(const warden_module_t *module)
{
    size_t n = warden_module_import_count(module);
    for (size_t i = 0; i < n; i++) {
        const char *mod, *name;
        size_t mod_len, name_len;
        warden_externtype_t type;
        if (!warden_module_import(module, i, &mod, &mod_len, &name, &name_len, &type)) continue;
        fputs("import ", stdout);
        textfmt_extern(stdout, &type, mod, mod_len, name, name_len);
        fputc('\n', stdout);
    }
    n = warden_module_export_count(module);
    for (size_t i = 0; i < n; i++) {
        const char *name;
        size_t name_len;
        warden_externtype_t type;
        if (!warden_module_export(module, i, &name, &name_len, &type)) continue;
        fputs("export ", stdout);
        textfmt_extern(stdout, &type, NULL, 0, name, name_len);
        fputc('\n', stdout);
    }
    print_sections(module);
}

static void print_line(void *env, const char *text)
{
    (void)env;
    puts(text);
}

/* --func's value: a function index when it is all digits, else a name. */
static bool find_func(const warden_module_t *module, const char *which, uint32_t *index)
{
    uint64_t v = 0;
    const char *p = which;
    for (; *p >= '0' && *p <= '9'; p++) {
        v = v * 10 + (uint64_t)(*p - '0');
        if (v > UINT32_MAX) return false;
    }
    if (p != which && *p == '\0') {
        *index = (uint32_t)v;
        return true;
    }
    return warden_module_func_index(module, which, strlen(which), index);
}

static int print_code(const warden_module_t *module, const cli_inspect_args_t *args)
{
    uint32_t first = 0, end = (uint32_t)warden_module_func_count(module);
    if (args->func) {
        if (!find_func(module, args->func, &first)) {
            cli_error("%s: no function '%s'", args->file, args->func);
            return CLI_EXIT_FAILURE;
        }
        if (first >= end) {
            cli_error("%s: no function %s (the module has %" PRIu32 ")", args->file, args->func,
                      end);
            return CLI_EXIT_FAILURE;
        }
        end = first + 1;
    }
    for (uint32_t i = first; i < end; i++) {
        warden_error_t *error = warden_module_code(module, i, print_line, NULL);
        if (error) {
            cli_error("%s: %s", args->file, warden_error_message(error));
            warden_error_delete(error);
            return CLI_EXIT_FAILURE;
        }
    }
    return CLI_EXIT_OK;
}

/* A component: its world in WIT. */
static int inspect_component(warden_engine_t *engine, const char *file, const uint8_t *bytes,
                             size_t len)
{
    warden_component_t *component = NULL;
    warden_error_t *error = warden_component_new(engine, bytes, len, &component);
    char *text = NULL;
    size_t text_len = 0;
    if (!error) error = warden_component_wit(component, &text, &text_len);
    warden_component_delete(component);
    if (error) {
        cli_engine_error(file, error);
        return CLI_EXIT_FAILURE;
    }
    fwrite(text, 1, text_len, stdout);
    free(text);
    return CLI_EXIT_OK;
}

int cmd_inspect(int argc, char **argv)
{
    cli_inspect_args_t args;
    char message[CLI_MESSAGE_MAX];
    if (cli_parse_inspect(argc, argv, &args, message) != CLI_EXIT_OK)
        return cli_usage_error("%s", message);
    if (args.help) {
        cli_print_help(stdout);
        return CLI_EXIT_OK;
    }
    /* With --fuel, the code is lowered as `warden run --fuel` runs it: with its FUEL charges. */
    warden_config_t config;
    warden_config_default(&config);
    config.consume_fuel = args.fuel;
    warden_engine_t *engine = cli_engine_new(&config);
    if (!engine) return CLI_EXIT_FAILURE;
    /* The file is read once; its first bytes tell a component from a module. */
    uint8_t *bytes = NULL;
    size_t len = 0;
    bool stopped;
    warden_module_t *module = NULL;
    int status = cli_read_stoppable(args.file, NULL, NULL, &bytes, &len, &stopped);
    if (status == CLI_EXIT_OK && warden_is_component(bytes, len)) {
        status = inspect_component(engine, args.file, bytes, len);
        free(bytes);
        warden_engine_delete(engine);
        return status;
    }
    if (status == CLI_EXIT_OK)
        status = cli_compile_module(engine, args.file, bytes, len, NULL, NULL, &module, &stopped);
    free(bytes);
    if (status == CLI_EXIT_OK) {
        if (args.code)
            status = print_code(module, &args);
        else
            inspect(module);
    }
    warden_module_delete(module);
    warden_engine_delete(engine);
    return status;
}
