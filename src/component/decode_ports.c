/* Imports, exports and aliases: the definitions that name items or reach into other scopes, in
 * components and in component and instance types. */
#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "names.h"

/* Reads a sort (Binary.md `sort`, with `core:sort` under 0x00). */
static bool read_sort(wm_decoder *d, wm_sort *out)
{
    uint8_t b;
    if (!wm_read_byte(d, &b)) return false;
    if (b == 0x00) {
        uint8_t c;
        if (!wm_read_byte(d, &c)) return false;
        switch (c) {
        case 0x00: *out = WM_CORE_FUNC; return true;
        case 0x01: *out = WM_CORE_TABLE; return true;
        case 0x02: *out = WM_CORE_MEMORY; return true;
        case 0x03: *out = WM_CORE_GLOBAL; return true;
        case 0x04: *out = WM_CORE_TAG; return true;
        case 0x10: *out = WM_CORE_TYPE; return true;
        case 0x11: *out = WM_CORE_MODULE; return true;
        case 0x12: *out = WM_CORE_INSTANCE; return true;
        default: d->p--; return wm_malformed(d, "invalid leading byte (0x%02x) for core sort", c);
        }
    }
    switch (b) {
    case 0x01: *out = WM_FUNC; return true;
    case 0x02: *out = WM_VALUE; return true;
    case 0x03: *out = WM_TYPE; return true;
    case 0x04: *out = WM_COMPONENT; return true;
    case 0x05: *out = WM_INSTANCE; return true;
    default: d->p--; return wm_malformed(d, "invalid leading byte (0x%02x) for sort", b);
    }
}

bool wm_read_sortidx(wm_decoder *d, wm_sort *sort, uint32_t *index)
{
    return read_sort(d, sort) && wm_read_u32(d, index);
}

/* The extern type of item `index` of `sort` in s, for exports and instantiation arguments. */
bool wm_item_extern_type(wm_decoder *d, wm_scope *s, wm_sort sort, uint32_t index,
                         wm_extern_type *out)
{
    const wm_item *it = wm_space_get(d, s, sort, index);
    if (!it) return false;
    out->sort = sort;
    switch (sort) {
    case WM_FUNC: out->of.func = it->of.func; return true;
    case WM_VALUE: out->of.value = it->of.value; return true;
    case WM_TYPE: out->of.type = it->of.type; return true;
    case WM_COMPONENT: out->of.component = it->of.component; return true;
    case WM_INSTANCE: out->of.instance = it->of.instance; return true;
    case WM_CORE_MODULE: out->of.module = it->of.module; return true;
    default: return wm_invalid(d, "%s not valid to be used as export", wm_sort_name(sort));
    }
}

/* Gives a named value type its WIT name (the first name it gets). The shared scalar types keep
 * none. */
static void name_type(const wm_typedef *td, const char *name)
{
    if (td->kind != WM_TD_VALUE || !td->of.value) return;
    const warden_component_type_t *t = td->of.value;
    if (t == wm_type_scalar(t->kind) || t->label) return;
    ((warden_component_type_t *)t)->label = name;
}

bool wm_read_extern_name(wm_decoder *d, wm_scope *s, bool import, const char **name)
{
    (void)s;
    uint8_t b;
    int64_t at = wm_offset(d);
    if (!wm_read_byte(d, &b)) return false;
    if (b > 0x02)
        return wm_malformed(d, "invalid leading byte (0x%02x) for component external name", b);
    size_t len;
    if (!wm_read_name(d, name, &len)) return false;
    if (b == 0x02) {
        uint32_t n;
        if (!wm_read_count(d, 1, &n)) return false;
        for (uint32_t i = 0; i < n; i++) {
            uint8_t kind;
            const char *ignored;
            if (!wm_read_byte(d, &kind)) return false;
            if (kind > 0x02) return wm_malformed(d, "invalid attribute kind 0x%02x", kind);
            if (!wm_read_name(d, &ignored, NULL)) return false;
        }
    }
    wm_name parsed;
    char msg[200];
    if (!wm_name_parse(*name, len, &parsed, msg, sizeof msg))
        return wm_invalid_at(d, at, "%s", msg);
    (void)import;
    return true;
}

/* Strong uniqueness of a name among the names already in `list` (wm_named). */
static bool check_unique(wm_decoder *d, const wm_list *list, const char *name, const char *what,
                         int64_t at)
{
    wm_name pn;
    if (!wm_name_parse(name, strlen(name), &pn, NULL, 0)) return true; /* reported already */
    const wm_named *items = list->items;
    for (uint32_t i = 0; i < list->count; i++) {
        wm_name po;
        const char *other = items[i].name;
        if (!wm_name_parse(other, strlen(other), &po, NULL, 0) || !wm_name_conflicts(&pn, &po))
            continue;
        if (strcmp(name, other) == 0)
            return wm_invalid_at(d, at, "%s name `%s` already defined", what, name);
        return wm_invalid_at(d, at, "%s name `%s` conflicts with previous name `%s`", what, name,
                             other);
    }
    return true;
}

/* Adds an item of extern type `et` to its index space (imports and export declarations). */
static bool push_extern(wm_decoder *d, wm_scope *s, const wm_extern_type *et)
{
    wm_item *it = wm_space_push(d, s, et->sort);
    if (!it) return false;
    switch (et->sort) {
    case WM_FUNC: it->of.func = et->of.func; break;
    case WM_VALUE: it->of.value = et->of.value; break;
    case WM_TYPE: it->of.type = et->of.type; break;
    case WM_COMPONENT: it->of.component = et->of.component; break;
    case WM_INSTANCE: it->of.instance = et->of.instance; break;
    case WM_CORE_MODULE: it->of.module = et->of.module; break;
    default: break;
    }
    return true;
}

bool wm_read_import(wm_decoder *d, wm_scope *s)
{
    int64_t at = wm_offset(d);
    const char *name;
    wm_extern_type et;
    if (!wm_read_extern_name(d, s, true, &name) || !wm_read_externtype(d, s, &et)) return false;
    if (!check_unique(d, &s->imports, name, "import", at)) return false;
    if (et.sort == WM_TYPE) {
        name_type(&et.of.type, name);
        if (et.of.type.kind == WM_TD_RESOURCE) {
            uint32_t *slot = wm_list_push(d, &s->resource_imports);
            if (!slot) return false;
            *slot = et.of.type.of.resource;
        }
    }
    wm_named *n = wm_list_push(d, &s->imports);
    if (!n) return false;
    n->name = name;
    n->type = et;
    if (s->kind == WM_SCOPE_COMPONENT) {
        wm_def *def = wm_def_push(d, s, WM_DEF_IMPORT, et.sort);
        if (!def) return false;
        def->offset = (uint32_t)at;
        def->of.port.name = name;
        def->of.port.type = et;
    }
    return push_extern(d, s, &et);
}

bool wm_read_export_decl(wm_decoder *d, wm_scope *s)
{
    int64_t at = wm_offset(d);
    const char *name;
    wm_extern_type et;
    if (!wm_read_extern_name(d, s, false, &name) || !wm_read_externtype(d, s, &et)) return false;
    if (!check_unique(d, &s->exports, name, "export", at)) return false;
    if (et.sort == WM_TYPE) name_type(&et.of.type, name);
    wm_named *n = wm_list_push(d, &s->exports);
    if (!n) return false;
    n->name = name;
    n->type = et;
    return push_extern(d, s, &et);
}

bool wm_read_export(wm_decoder *d, wm_scope *s)
{
    int64_t at = wm_offset(d);
    const char *name;
    wm_sort sort;
    uint32_t index;
    if (!wm_read_extern_name(d, s, false, &name) || !wm_read_sortidx(d, &sort, &index))
        return false;
    wm_extern_type et;
    if (!wm_item_extern_type(d, s, sort, index, &et)) return false;
    bool ascribed;
    uint8_t b;
    if (!wm_read_byte(d, &b)) return false;
    if (b > 1) return wm_malformed(d, "invalid optional byte 0x%02x", b);
    ascribed = b == 1;
    if (ascribed) {
        wm_extern_type want;
        if (!wm_read_externtype(d, s, &want)) return false;
        if (want.sort != et.sort) return wm_invalid_at(d, at, "type mismatch in export `%s`", name);
        if (want.sort != WM_TYPE) et = want;
    }
    if (!check_unique(d, &s->exports, name, "export", at)) return false;
    if (et.sort == WM_TYPE) name_type(&et.of.type, name);
    wm_named *n = wm_list_push(d, &s->exports);
    if (!n) return false;
    n->name = name;
    n->type = et;
    wm_def *def = wm_def_push(d, s, WM_DEF_EXPORT, sort);
    if (!def) return false;
    def->offset = (uint32_t)at;
    def->of.port.name = name;
    def->of.port.type = et;
    def->of.port.item.sort = sort;
    def->of.port.item.index = index;
    def->of.port.item.name = name;
    return push_extern(d, s, &et);
}

/* ---- aliases ------------------------------------------------------------------------------- */

static bool alias_instance_export(wm_decoder *d, wm_scope *s, wm_sort sort, int64_t at)
{
    uint32_t inst;
    const char *name;
    if (!wm_read_u32(d, &inst) || !wm_read_name(d, &name, NULL)) return false;
    const wm_item *it = wm_space_get(d, s, WM_INSTANCE, inst);
    if (!it) return false;
    const wm_instance_type *itype = it->of.instance;
    const wm_named *found = NULL;
    for (uint32_t i = 0; itype && i < itype->nexports; i++)
        if (strcmp(itype->exports[i].name, name) == 0) found = &itype->exports[i];
    if (!found) return wm_invalid_at(d, at, "instance %u has no export named `%s`", inst, name);
    if (found->type.sort != sort)
        return wm_invalid_at(d, at, "export `%s` for instance %u is not a %s", name, inst,
                             wm_sort_name(sort));
    if (s->kind == WM_SCOPE_COMPONENT) {
        wm_def *def = wm_def_push(d, s, WM_DEF_ALIAS_EXPORT, sort);
        if (!def) return false;
        def->offset = (uint32_t)at;
        def->of.alias.instance = inst;
        def->of.alias.name = name;
        if (sort == WM_TYPE) def->of.alias.type = found->type.of.type;
    } else if (sort != WM_INSTANCE && sort != WM_TYPE) {
        return wm_invalid_at(d, at,
                             "export aliases in types may only refer to types or "
                             "instances");
    }
    return push_extern(d, s, &found->type);
}

static bool alias_core_export(wm_decoder *d, wm_scope *s, wm_sort sort, int64_t at)
{
    uint32_t inst;
    const char *name;
    if (!wm_read_u32(d, &inst) || !wm_read_name(d, &name, NULL)) return false;
    if (s->kind != WM_SCOPE_COMPONENT)
        return wm_invalid_at(d, at, "core export aliases are not allowed in types");
    if (sort > WM_CORE_TAG)
        return wm_invalid_at(d, at,
                             "core export aliases may only refer to functions, tables, "
                             "memories and globals");
    const wm_item *it = wm_space_get(d, s, WM_CORE_INSTANCE, inst);
    if (!it) return false;
    const wm_core_instance_type *ct = it->of.core_instance;
    const wm_core_extern *found = NULL;
    for (uint32_t i = 0; ct && i < ct->nexports; i++)
        if (strcmp(ct->exports[i].name, name) == 0) found = &ct->exports[i];
    if (!found)
        return wm_invalid_at(d, at, "core instance %u has no export named `%s`", inst, name);
    if (found->sort != sort)
        return wm_invalid_at(d, at, "export `%s` for core instance %u is not a %s", name, inst,
                             wm_sort_name(sort));
    wm_def *def = wm_def_push(d, s, WM_DEF_ALIAS_CORE_EXPORT, sort);
    if (!def) return false;
    def->offset = (uint32_t)at;
    def->of.alias.instance = inst;
    def->of.alias.name = name;
    wm_item *dst = wm_space_push(d, s, sort);
    if (!dst) return false;
    dst->of.core = *found;
    return true;
}

static bool alias_outer(wm_decoder *d, wm_scope *s, wm_sort sort, int64_t at)
{
    uint32_t count, index;
    if (!wm_read_u32(d, &count) || !wm_read_u32(d, &index)) return false;
    if (sort != WM_TYPE && sort != WM_CORE_TYPE && sort != WM_COMPONENT && sort != WM_CORE_MODULE)
        return wm_invalid_at(d, at,
                             "outer aliases may only refer to types, core types, "
                             "components and core modules");
    if (s->kind != WM_SCOPE_COMPONENT && sort != WM_TYPE && sort != WM_CORE_TYPE)
        return wm_invalid_at(d, at, "outer aliases in types may only refer to types");
    wm_scope *target = s;
    for (uint32_t i = 0; i < count && target; i++) target = target->outer;
    if (!target) return wm_invalid_at(d, at, "invalid outer alias count of %u", count);
    const wm_item *it = wm_space_get(d, target, sort, index);
    if (!it) return false;
    wm_item copy = *it;
    if (s->kind == WM_SCOPE_COMPONENT) {
        wm_def *def = wm_def_push(d, s, WM_DEF_ALIAS_OUTER, sort);
        if (!def) return false;
        def->offset = (uint32_t)at;
        def->of.outer.count = count;
        def->of.outer.index = index;
    }
    wm_item *dst = wm_space_push(d, s, sort);
    if (!dst) return false;
    *dst = copy;
    return true;
}

bool wm_read_alias(wm_decoder *d, wm_scope *s)
{
    int64_t at = wm_offset(d);
    wm_sort sort;
    uint8_t kind;
    if (!read_sort(d, &sort) || !wm_read_byte(d, &kind)) return false;
    switch (kind) {
    case 0x00: return alias_instance_export(d, s, sort, at);
    case 0x01: return alias_core_export(d, s, sort, at);
    case 0x02: return alias_outer(d, s, sort, at);
    default: d->p--; return wm_malformed(d, "invalid leading byte (0x%02x) for alias", kind);
    }
}
