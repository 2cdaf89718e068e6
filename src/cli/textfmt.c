#include "cli/textfmt.h"

#include <inttypes.h>
#include <stdbool.h>

#include "cli/valfmt.h"

static bool is_bare(const char *name, size_t len)
{
    if (len == 0) return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c <= ' ' || c >= 0x7F || c == '"' || c == '\\' || c == '.') return false;
    }
    return true;
}

void textfmt_name(FILE *out, const char *name, size_t len)
{
    if (is_bare(name, len)) {
        fwrite(name, 1, len, out);
        return;
    }
    fputc('"', out);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < ' ' || c >= 0x7F)
            fprintf(out, "\\%02x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

void textfmt_escaped(FILE *out, const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c < ' ' || c >= 0x7F || c == '\\')
            fprintf(out, "\\%02x", c);
        else
            fputc(c, out);
    }
}

static void print_kinds(FILE *out, const warden_valkind_t *kinds, uint32_t n)
{
    fputc('(', out);
    for (uint32_t i = 0; i < n; i++)
        fprintf(out, "%s%s", i ? ", " : "", valfmt_kind_name(kinds[i]));
    fputc(')', out);
}

void textfmt_functype(FILE *out, const warden_functype_t *type)
{
    print_kinds(out, type->params, type->nparams);
    fputs(" -> ", out);
    print_kinds(out, type->results, type->nresults);
}

static void print_limits(FILE *out, const warden_limits_t *lim)
{
    fprintf(out, "%" PRIu64 "..", lim->min);
    if (lim->has_max) fprintf(out, "%" PRIu64, lim->max);
}

const char *textfmt_extern_kind(warden_externkind_t kind)
{
    switch (kind) {
    case WARDEN_EXTERN_FUNC: return "func";
    case WARDEN_EXTERN_TABLE: return "table";
    case WARDEN_EXTERN_MEMORY: return "memory";
    case WARDEN_EXTERN_GLOBAL: return "global";
    }
    return "?";
}

void textfmt_extern(FILE *out, const warden_externtype_t *type, const char *module,
                    size_t module_len, const char *name, size_t name_len)
{
    fprintf(out, "%s ", textfmt_extern_kind(type->kind));
    if (module) {
        textfmt_name(out, module, module_len);
        fputc('.', out);
    }
    textfmt_name(out, name, name_len);
    fputc(' ', out);
    switch (type->kind) {
    case WARDEN_EXTERN_FUNC: textfmt_functype(out, &type->of.func); break;
    case WARDEN_EXTERN_TABLE:
        fprintf(out, "%s ", valfmt_kind_name(type->of.table.elem));
        print_limits(out, &type->of.table.limits);
        break;
    case WARDEN_EXTERN_MEMORY:
        fputs("pages ", out);
        print_limits(out, &type->of.memory.limits);
        break;
    case WARDEN_EXTERN_GLOBAL:
        fprintf(out, "%s %s", type->of.global.mutable_ ? "mut" : "const",
                valfmt_kind_name(type->of.global.type));
        break;
    }
}
