/* Types in WIT syntax (wit_type.h). */
#include <string.h>

#include "wit_type.h"

/* WIT's keywords (WIT.md, Keywords), which an identifier spells after a `%`. */
static const char *const KEYWORDS[] = {
    "as",  "async",  "bool",   "borrow",  "char",   "constructor", "enum",    "export",    "f32",
    "f64", "flags",  "from",   "func",    "future", "import",      "include", "interface", "list",
    "map", "option", "own",    "package", "record", "resource",    "result",  "s16",       "s32",
    "s64", "s8",     "static", "stream",  "string", "tuple",       "type",    "u16",       "u32",
    "u64", "u8",     "use",    "variant", "with",   "world",
};

bool wm_wit_id(wm_strbuf *sb, const char *name)
{
    if (!name) return false;
    for (size_t i = 0; i < sizeof KEYWORDS / sizeof KEYWORDS[0]; i++) {
        if (strcmp(KEYWORDS[i], name) == 0) {
            wm_strbuf_putc(sb, '%');
            break;
        }
    }
    return wm_strbuf_puts(sb, name);
}

/* The WIT name of a scalar kind (bool .. string), or NULL. */
static const char *scalar_name(warden_component_kind_t kind)
{
    return kind >= WARDEN_COMPONENT_BOOL && kind <= WARDEN_COMPONENT_STRING
               ? warden_component_kind_name(kind)
               : NULL;
}

/* The resource an own or borrow handle names: the resolver's name, else (when use_label) the
 * handle type's label, else resource-ID. */
static bool resource_name(wm_strbuf *sb, const warden_component_type_t *t,
                          const wm_wit_names *names, bool use_label)
{
    const char *name = NULL;
    if (names && names->resource) name = names->resource(names->env, t->resource);
    if (!name && use_label) name = t->label;
    if (name) return wm_wit_id(sb, name);
    return wm_strbuf_printf(sb, "resource-%u", (unsigned)t->resource);
}

static bool expr(wm_strbuf *sb, const warden_component_type_t *t, const wm_wit_names *names,
                 unsigned depth, bool use_label);

/* `record NAME { ... }` and the like; name NULL for an anonymous one. */
static bool body(wm_strbuf *sb, const warden_component_type_t *t, const wm_wit_names *names,
                 unsigned depth, const char *name)
{
    static const char *const WORDS[] = {
        [WARDEN_COMPONENT_RECORD] = "record",
        [WARDEN_COMPONENT_VARIANT] = "variant",
        [WARDEN_COMPONENT_ENUM] = "enum",
        [WARDEN_COMPONENT_FLAGS] = "flags",
    };
    if (t->count && !t->names) return false;
    if (t->count && t->kind == WARDEN_COMPONENT_RECORD && !t->elems) return false;
    wm_strbuf_puts(sb, WORDS[t->kind]);
    if (name) {
        wm_strbuf_putc(sb, ' ');
        wm_wit_id(sb, name);
    }
    wm_strbuf_puts(sb, t->count ? " { " : " {");
    for (uint32_t i = 0; i < t->count; i++) {
        if (i) wm_strbuf_puts(sb, ", ");
        if (!wm_wit_id(sb, t->names[i])) return false;
        if (t->kind == WARDEN_COMPONENT_RECORD) {
            wm_strbuf_puts(sb, ": ");
            if (!expr(sb, t->elems[i], names, depth + 1, true)) return false;
        } else if (t->kind == WARDEN_COMPONENT_VARIANT && t->elems && t->elems[i]) {
            wm_strbuf_putc(sb, '(');
            if (!expr(sb, t->elems[i], names, depth + 1, true)) return false;
            wm_strbuf_putc(sb, ')');
        }
    }
    return wm_strbuf_puts(sb, t->count ? " }" : "}");
}

/* `word<T>` */
static bool generic(wm_strbuf *sb, const char *word, const warden_component_type_t *t,
                    const wm_wit_names *names, unsigned depth)
{
    wm_strbuf_puts(sb, word);
    wm_strbuf_putc(sb, '<');
    if (!expr(sb, t, names, depth + 1, true)) return false;
    return wm_strbuf_putc(sb, '>');
}

static bool expr(wm_strbuf *sb, const warden_component_type_t *t, const wm_wit_names *names,
                 unsigned depth, bool use_label)
{
    if (!t || depth > WM_WIT_MAX_DEPTH || sb->failed) return false;
    bool handle = t->kind == WARDEN_COMPONENT_OWN || t->kind == WARDEN_COMPONENT_BORROW;
    if (use_label && t->label && !handle) return wm_wit_id(sb, t->label);
    const char *scalar = scalar_name(t->kind);
    if (scalar) return wm_strbuf_puts(sb, scalar);
    switch (t->kind) {
    case WARDEN_COMPONENT_LIST:
        if (!t->elems) return false;
        if (!t->length) return generic(sb, "list", t->elems[0], names, depth);
        wm_strbuf_puts(sb, "list<");
        if (!expr(sb, t->elems[0], names, depth + 1, true)) return false;
        return wm_strbuf_printf(sb, ", %u>", t->length);
    case WARDEN_COMPONENT_OPTION:
        if (!t->elems) return false;
        return generic(sb, "option", t->elems[0], names, depth);
    case WARDEN_COMPONENT_TUPLE:
    case WARDEN_COMPONENT_MAP:
        if (t->count && !t->elems) return false;
        wm_strbuf_puts(sb, t->kind == WARDEN_COMPONENT_MAP ? "map<" : "tuple<");
        for (uint32_t i = 0; i < t->count; i++) {
            if (i) wm_strbuf_puts(sb, ", ");
            if (!expr(sb, t->elems[i], names, depth + 1, true)) return false;
        }
        return wm_strbuf_putc(sb, '>');
    case WARDEN_COMPONENT_RESULT: {
        const warden_component_type_t *ok = t->elems ? t->elems[0] : NULL;
        const warden_component_type_t *err = t->elems ? t->elems[1] : NULL;
        wm_strbuf_puts(sb, "result");
        if (!ok && !err) return !sb->failed;
        wm_strbuf_putc(sb, '<');
        if (ok) {
            if (!expr(sb, ok, names, depth + 1, true)) return false;
        } else {
            wm_strbuf_putc(sb, '_');
        }
        if (err) {
            wm_strbuf_puts(sb, ", ");
            if (!expr(sb, err, names, depth + 1, true)) return false;
        }
        return wm_strbuf_putc(sb, '>');
    }
    case WARDEN_COMPONENT_RECORD:
    case WARDEN_COMPONENT_VARIANT:
    case WARDEN_COMPONENT_ENUM:
    case WARDEN_COMPONENT_FLAGS: return body(sb, t, names, depth, NULL);
    case WARDEN_COMPONENT_OWN: return resource_name(sb, t, names, use_label);
    case WARDEN_COMPONENT_BORROW:
        wm_strbuf_puts(sb, "borrow<");
        if (!resource_name(sb, t, names, use_label)) return false;
        return wm_strbuf_putc(sb, '>');
    default: return false;
    }
}

bool wm_wit_type(wm_strbuf *sb, const warden_component_type_t *type, const wm_wit_names *names)
{
    return expr(sb, type, names, 1, true);
}

bool wm_wit_typedef(wm_strbuf *sb, const warden_component_type_t *type, const wm_wit_names *names)
{
    if (!type || !type->label || sb->failed) return false;
    switch (type->kind) {
    case WARDEN_COMPONENT_RECORD:
    case WARDEN_COMPONENT_VARIANT:
    case WARDEN_COMPONENT_ENUM:
    case WARDEN_COMPONENT_FLAGS: return body(sb, type, names, 1, type->label);
    default:
        wm_strbuf_puts(sb, "type ");
        wm_wit_id(sb, type->label);
        wm_strbuf_puts(sb, " = ");
        if (!expr(sb, type, names, 1, false)) return false;
        return wm_strbuf_putc(sb, ';');
    }
}

bool wm_wit_functype(wm_strbuf *sb, const warden_component_functype_t *functype,
                     const wm_wit_names *names)
{
    if (!functype || (functype->nparams && !functype->params) || sb->failed) return false;
    wm_strbuf_puts(sb, "func(");
    for (uint32_t i = 0; i < functype->nparams; i++) {
        if (i) wm_strbuf_puts(sb, ", ");
        if (!wm_wit_id(sb, functype->params[i].name)) return false;
        wm_strbuf_puts(sb, ": ");
        if (!expr(sb, functype->params[i].type, names, 1, true)) return false;
    }
    wm_strbuf_putc(sb, ')');
    if (functype->result) {
        wm_strbuf_puts(sb, " -> ");
        if (!expr(sb, functype->result, names, 1, true)) return false;
    }
    return !sb->failed;
}
