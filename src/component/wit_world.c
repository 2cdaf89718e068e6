/* A component's world in WIT (warden_component_wit): its imports and exports with their types,
 * the interfaces they name written out in the packages they belong to, in the nested-package form
 * `package ns:pkg@1.0.0 { interface iface { ... } }`. */
#include <stdlib.h>
#include <string.h>

#include "component.h"
#include "wit_type.h"

/* The names of resources, by id, as the component's types give them. */
typedef struct res_names {
    const char **by_id;
    uint32_t n;
} res_names;

static const char *resource_name(void *env, uint32_t id)
{
    res_names *r = env;
    return id < r->n ? r->by_id[id] : NULL;
}

static void name_resources(res_names *r, const wm_named *items, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        const wm_extern_type *t = &items[i].type;
        if (t->sort == WM_TYPE && t->of.type.kind == WM_TD_RESOURCE &&
            t->of.type.of.resource < r->n && !r->by_id[t->of.type.of.resource])
            r->by_id[t->of.type.of.resource] = items[i].name;
        if (t->sort == WM_INSTANCE && t->of.instance)
            name_resources(r, t->of.instance->exports, t->of.instance->nexports);
    }
}

static void indent(wm_strbuf *sb, int depth)
{
    for (int i = 0; i < depth; i++) wm_strbuf_puts(sb, "  ");
}

/* A function named `name` in an interface or world: `name: func(...) -> ...;`, or inside a
 * resource block for [constructor]/[method]/[static] names (written by resource_block), where a
 * static function is `name: static func(...)`. */
static void func_item(wm_strbuf *sb, int depth, const char *prefix, const char *name,
                      bool is_static, const warden_component_functype_t *ft,
                      const wm_wit_names *names)
{
    indent(sb, depth);
    wm_strbuf_puts(sb, prefix);
    wm_wit_id(sb, name);
    wm_strbuf_puts(sb, is_static ? ": static " : ": ");
    wm_wit_functype(sb, ft, names);
    wm_strbuf_puts(sb, ";\n");
}

static bool annotated(const char *name, const char *prefix, const char *res, const char **rest)
{
    size_t pl = strlen(prefix), rl = strlen(res);
    if (strncmp(name, prefix, pl) != 0 || strncmp(name + pl, res, rl) != 0) return false;
    const char *after = name + pl + rl;
    if (strcmp(prefix, "[constructor]") == 0) {
        if (*after) return false;
        *rest = after;
        return true;
    }
    if (*after != '.') return false;
    *rest = after + 1;
    return true;
}

/* `resource r { constructor(...); m: func(...); s: static func(); }` from the functions of a
 * scope named after r. */
static void resource_block(wm_strbuf *sb, int depth, const char *res, const wm_named *items,
                           uint32_t n, const wm_wit_names *names)
{
    bool any = false;
    for (uint32_t i = 0; i < n; i++) {
        const char *rest;
        const wm_named *it = &items[i];
        if (it->type.sort != WM_FUNC) continue;
        const warden_component_functype_t *ft = it->type.of.func;
        bool ctor = annotated(it->name, "[constructor]", res, &rest);
        bool method = !ctor && annotated(it->name, "[method]", res, &rest);
        bool stat = !ctor && !method && annotated(it->name, "[static]", res, &rest);
        if (!ctor && !method && !stat) continue;
        if (!any) {
            indent(sb, depth);
            wm_strbuf_puts(sb, "resource ");
            wm_wit_id(sb, res);
            wm_strbuf_puts(sb, " {\n");
            any = true;
        }
        if (ctor) {
            /* constructor(params): the result is the resource itself. */
            indent(sb, depth + 1);
            wm_strbuf_puts(sb, "constructor(");
            for (uint32_t k = 0; k < ft->nparams; k++) {
                if (k) wm_strbuf_puts(sb, ", ");
                wm_wit_id(sb, ft->params[k].name);
                wm_strbuf_puts(sb, ": ");
                wm_wit_type(sb, ft->params[k].type, names);
            }
            wm_strbuf_puts(sb, ");\n");
        } else if (method && ft->nparams > 0) {
            /* The `self` parameter is implied. */
            warden_component_functype_t without_self = *ft;
            without_self.nparams = ft->nparams - 1;
            without_self.params = ft->params + 1;
            func_item(sb, depth + 1, "", rest, false, &without_self, names);
        } else {
            func_item(sb, depth + 1, "", rest, stat, ft, names);
        }
    }
    if (any) {
        indent(sb, depth);
        wm_strbuf_puts(sb, "}\n");
    } else {
        indent(sb, depth);
        wm_strbuf_puts(sb, "resource ");
        wm_wit_id(sb, res);
        wm_strbuf_puts(sb, ";\n");
    }
}

/* The items of an interface or world scope: named types first, then resources with their
 * functions, then the other functions. `prefix` is "import " / "export " in a world, "" in an
 * interface. */
static void scope_items(wm_strbuf *sb, int depth, const char *prefix, const wm_named *items,
                        uint32_t n, const wm_wit_names *names, bool types_too)
{
    for (uint32_t i = 0; types_too && i < n; i++) {
        const wm_named *it = &items[i];
        if (it->type.sort != WM_TYPE) continue;
        if (it->type.of.type.kind == WM_TD_RESOURCE) {
            resource_block(sb, depth, it->name, items, n, names);
        } else if (it->type.of.type.kind == WM_TD_VALUE) {
            const warden_component_type_t *t = it->type.of.type.of.value;
            indent(sb, depth);
            if (t->label && strcmp(t->label, it->name) == 0 && wm_wit_typedef(sb, t, names)) {
                wm_strbuf_puts(sb, "\n");
            } else {
                wm_strbuf_puts(sb, "type ");
                wm_wit_id(sb, it->name);
                wm_strbuf_puts(sb, " = ");
                wm_wit_type(sb, t, names);
                wm_strbuf_puts(sb, ";\n");
            }
        }
    }
    for (uint32_t i = 0; i < n; i++) {
        const wm_named *it = &items[i];
        if (it->type.sort != WM_FUNC || it->name[0] == '[') continue;
        func_item(sb, depth, prefix, it->name, false, it->type.of.func, names);
    }
}

static bool is_interface_name(const char *name)
{
    return strchr(name, ':') && strchr(name, '/');
}

/* Writes `package ns:pkg@ver { interface iface { ... } }` for an instance named by an
 * interface name. */
static void interface_package(wm_strbuf *sb, const char *name, const wm_instance_type *it,
                              const wm_wit_names *names)
{
    const char *slash = strrchr(name, '/');
    const char *at = strchr(slash, '@');
    size_t iface_len = at ? (size_t)(at - slash - 1) : strlen(slash + 1);
    wm_strbuf_puts(sb, "\npackage ");
    wm_strbuf_append(sb, name, (size_t)(slash - name));
    if (at) wm_strbuf_puts(sb, at);
    wm_strbuf_puts(sb, " {\n  interface ");
    wm_strbuf_append(sb, slash + 1, iface_len);
    wm_strbuf_puts(sb, " {\n");
    if (it) scope_items(sb, 2, "", it->exports, it->nexports, names, true);
    wm_strbuf_puts(sb, "  }\n}\n");
}

/* The name under which interface instance `iface` exports the type `t` names, or NULL. */
static const char *exported_by(const wm_named *iface, const wm_typedef *t)
{
    if (iface->type.sort != WM_INSTANCE || !iface->type.of.instance) return NULL;
    const wm_instance_type *it = iface->type.of.instance;
    for (uint32_t k = 0; k < it->nexports; k++) {
        const wm_named *e = &it->exports[k];
        if (e->type.sort != WM_TYPE || e->type.of.type.kind != t->kind) continue;
        if (t->kind == WM_TD_RESOURCE
                ? e->type.of.type.of.resource == t->of.resource
                : wm_type_origin(e->type.of.type.of.value) == wm_type_origin(t->of.value))
            return e->name;
    }
    return NULL;
}

/* The world's own types that come from an imported interface: `use iface.{name}` lines. */
typedef struct world_scope {
    const wm_named *imports;
    uint32_t nimports;
    const wm_named *exports;
    uint32_t nexports;
} world_scope;

/* Whether root type `t` is one an interface imported in `w` exports. */
static bool is_used(const world_scope *w, const wm_named *t)
{
    for (uint32_t i = 0; i < w->nimports; i++)
        if (is_interface_name(w->imports[i].name) && exported_by(&w->imports[i], &t->type.of.type))
            return true;
    return false;
}

static void use_lines(wm_strbuf *sb, const world_scope *w, const wm_named *iface)
{
    for (int side = 0; side < 2; side++) {
        const wm_named *items = side ? w->exports : w->imports;
        uint32_t n = side ? w->nexports : w->nimports;
        for (uint32_t i = 0; i < n; i++) {
            if (items[i].type.sort != WM_TYPE) continue;
            const char *name = exported_by(iface, &items[i].type.of.type);
            if (!name) continue;
            indent(sb, 1);
            wm_strbuf_puts(sb, "use ");
            wm_strbuf_puts(sb, iface->name);
            wm_strbuf_puts(sb, ".{");
            wm_wit_id(sb, name);
            if (strcmp(name, items[i].name) != 0) {
                wm_strbuf_puts(sb, " as ");
                wm_wit_id(sb, items[i].name);
            }
            wm_strbuf_puts(sb, "};\n");
        }
    }
}

static void world_items(wm_strbuf *sb, const char *prefix, const wm_named *items, uint32_t n,
                        const wm_wit_names *names, const world_scope *w)
{
    for (uint32_t i = 0; i < n; i++) {
        const wm_named *it = &items[i];
        switch (it->type.sort) {
        case WM_FUNC:
            if (it->name[0] != '[')
                func_item(sb, 1, prefix, it->name, false, it->type.of.func, names);
            break;
        case WM_INSTANCE:
            indent(sb, 1);
            wm_strbuf_puts(sb, prefix);
            if (is_interface_name(it->name)) {
                wm_strbuf_puts(sb, it->name);
                wm_strbuf_puts(sb, ";\n");
                if (w && strcmp(prefix, "import ") == 0) use_lines(sb, w, it);
            } else {
                wm_wit_id(sb, it->name);
                wm_strbuf_puts(sb, ": interface {\n");
                if (it->type.of.instance)
                    scope_items(sb, 2, "", it->type.of.instance->exports,
                                it->type.of.instance->nexports, names, true);
                indent(sb, 1);
                wm_strbuf_puts(sb, "}\n");
            }
            break;
        default: break;
        }
    }
}

warden_error_t *warden_component_wit(const warden_component_t *component, char **out, size_t *len)
{
    if (!component || !out)
        return warden_error_new(WARDEN_ERROR_ARGUMENT, "warden_component_wit: NULL argument");
    *out = NULL;
    const wm_component_type *ct = &component->root->type;
    res_names rn = {calloc((size_t)component->nresources + 1, sizeof(char *)),
                    component->nresources};
    if (!rn.by_id) return warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
    name_resources(&rn, ct->imports, ct->nimports);
    name_resources(&rn, ct->exports, ct->nexports);
    wm_wit_names names = {resource_name, &rn};
    wm_strbuf sb;
    wm_strbuf_init(&sb);
    /* A hostile component's types can be large when written as trees: bound the text. */
    sb.limit = 64u << 20;
    wm_strbuf_puts(&sb, "package root:component;\n\nworld root {\n");
    world_scope ws = {ct->imports, ct->nimports, ct->exports, ct->nexports};
    /* Named types of the world (imported and exported types), but for those used from an
     * imported interface: `use` lines after its import say them. */
    for (int side = 0; side < 2; side++) {
        const wm_named *items = side ? ct->exports : ct->imports;
        uint32_t n = side ? ct->nexports : ct->nimports;
        for (uint32_t i = 0; i < n; i++)
            if (items[i].type.sort == WM_TYPE && !is_used(&ws, &items[i]))
                scope_items(&sb, 1, "", &items[i], 1, &names, true);
    }
    world_items(&sb, "import ", ct->imports, ct->nimports, &names, &ws);
    world_items(&sb, "export ", ct->exports, ct->nexports, &names, &ws);
    wm_strbuf_puts(&sb, "}\n");
    for (int side = 0; side < 2; side++) {
        const wm_named *items = side ? ct->exports : ct->imports;
        uint32_t n = side ? ct->nexports : ct->nimports;
        for (uint32_t i = 0; i < n; i++)
            if (items[i].type.sort == WM_INSTANCE && is_interface_name(items[i].name))
                interface_package(&sb, items[i].name, items[i].type.of.instance, &names);
    }
    free(rn.by_id);
    bool failed = sb.failed;
    size_t n = 0;
    char *text = wm_strbuf_take(&sb, &n);
    if (failed || !text) {
        free(text);
        return warden_error_new(failed ? WARDEN_ERROR_LIMIT : WARDEN_ERROR_NO_MEMORY,
                                failed ? "the world's WIT text is too large or out of memory"
                                       : "out of memory");
    }
    *out = text;
    if (len) *len = n;
    return NULL;
}
