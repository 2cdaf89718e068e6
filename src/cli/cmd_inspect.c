/* `warden inspect`: one line per import, export and section (the format is in the help text). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/diag.h"
#include "cli/load.h"
#include "cli/textfmt.h"

/* The names of the known section ids, so the output does not depend on the engine's wording. */
static const char *section_name(uint8_t id)
{
    static const char *const names[] = {"custom", "type",   "import",   "function", "table",
                                        "memory", "global", "export",   "start",    "element",
                                        "code",   "data",   "datacount"};
    return id < sizeof names / sizeof names[0] ? names[id] : NULL;
}

static void print_sections(const warden_module_t *module)
{
    size_t n = warden_module_section_count(module);
    for (size_t i = 0; i < n; i++) {
        warden_section_t s;
        if (!warden_module_section(module, i, &s)) continue;
        const char *name = section_name(s.id);
        if (s.id == 0) {
            const char *custom = s.name ? s.name : "";
            fputs("section custom ", stdout);
            textfmt_name(stdout, custom, strlen(custom));
        } else if (name) {
            printf("section %s", name);
        } else {
            printf("section unknown-%u", (unsigned)s.id);
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

static int inspect_file(warden_engine_t *engine, const char *file)
{
    warden_module_t *module = NULL;
    int status = cli_load_module(engine, file, &module);
    if (status == CLI_EXIT_OK) inspect(module);
    warden_module_delete(module);
    return status;
}

int cmd_inspect(int argc, char **argv)
{
    return cli_file_command(argc, argv, inspect_file);
}
