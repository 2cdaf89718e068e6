/* Imports, exports and aliases: the definitions that name items or reach into other scopes, in
 * components and in component and instance types. */
#include <stddef.h>
#include <string.h>

#include "decode.h"

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

/* Whether et is a resource type that reading it made (a `(sub resource)` bound): resources made
 * before it have ids below `before`. */
static bool is_new_resource(const wm_extern_type *et, uint32_t before)
{
    return et->sort == WM_TYPE && et->of.type.kind == WM_TD_RESOURCE &&
           et->of.type.of.resource >= before;
}

/* What an import or an export declares about the resources it introduces: a `(sub resource)` is
 * imported (or defined, for exports), and an instance type's own resources become fresh ones. */
static bool introduce(wm_decoder *d, wm_scope *s, wm_extern_kind kind, wm_extern_type *et,
                      uint32_t before)
{
    if (is_new_resource(et, before)) {
        uint32_t *slot =
            wm_list_push(d, kind == WM_IMPORT ? &s->resource_imports : &s->defined_resources);
        if (!slot) return false;
        *slot = et->of.type.of.resource;
    }
    if (et->sort == WM_INSTANCE)
        return wm_instance_attach(d, s, kind, et->of.instance, &et->of.instance);
    return true;
}

/* Checks an import or export of s and adds its name to `names`. */
static bool add_extern(wm_decoder *d, wm_scope *s, wm_extern_kind kind, const wm_extern_name *xn,
                       const wm_extern_type *et)
{
    wm_list *names = kind == WM_IMPORT ? &s->imports : &s->exports;
    if (!wm_register_extern(d, s, kind, xn->name, et, xn->at) ||
        !wm_check_extern(d, &s->rnames[kind], names, &s->unique[kind], kind, xn, et))
        return false;
    if (et->sort == WM_TYPE) name_type(&et->of.type, xn->name);
    wm_named *n = wm_list_push(d, names);
    if (!n) return false;
    n->name = xn->name;
    n->type = *et;
    return true;
}

bool wm_read_import(wm_decoder *d, wm_scope *s)
{
    wm_extern_name xn;
    wm_extern_type et;
    uint32_t before = d->next_resource;
    if (!wm_read_extern_name(d, &xn) || !wm_read_externtype(d, s, &et) ||
        !introduce(d, s, WM_IMPORT, &et, before) || !add_extern(d, s, WM_IMPORT, &xn, &et))
        return false;
    if (s->kind == WM_SCOPE_COMPONENT) {
        wm_def *def = wm_def_push(d, s, WM_DEF_IMPORT, et.sort);
        if (!def) return false;
        def->offset = (uint32_t)xn.at;
        def->of.port.name = xn.name;
        def->of.port.type = et;
    }
    return push_extern(d, s, &et);
}

bool wm_read_export_decl(wm_decoder *d, wm_scope *s)
{
    wm_extern_name xn;
    wm_extern_type et;
    uint32_t before = d->next_resource;
    if (!wm_read_extern_name(d, &xn) || !wm_read_externtype(d, s, &et) ||
        !introduce(d, s, WM_EXPORT, &et, before) || !add_extern(d, s, WM_EXPORT, &xn, &et))
        return false;
    return push_extern(d, s, &et);
}

bool wm_read_export(wm_decoder *d, wm_scope *s)
{
    wm_extern_name xn;
    wm_sort sort;
    uint32_t index;
    if (!wm_read_extern_name(d, &xn) || !wm_read_sortidx(d, &sort, &index)) return false;
    wm_extern_type et;
    if (!wm_item_extern_type(d, s, sort, index, &et)) return false;
    wm_typedef referenced;
    memset(&referenced, 0, sizeof referenced);
    if (sort == WM_TYPE) referenced = et.of.type;
    uint8_t b;
    if (!wm_read_byte(d, &b)) return false;
    if (b > 1) return wm_malformed(d, "invalid optional byte 0x%02x", b);
    uint32_t before = d->next_resource;
    if (b == 1) {
        /* An ascribed type replaces the item's own, which must be a subtype of it. */
        wm_extern_type want;
        if (!wm_read_externtype(d, s, &want) || !wm_extern_subtype(d, &et, &want, xn.name, xn.at))
            return false;
        et = want;
    } else if (sort == WM_TYPE && !wm_typedef_unique(d, &referenced, &et.of.type)) {
        return false;
    }
    if (!introduce(d, s, WM_EXPORT, &et, before) || !add_extern(d, s, WM_EXPORT, &xn, &et))
        return false;
    if (sort == WM_TYPE) name_type(&referenced, xn.name);
    wm_def *def = wm_def_push(d, s, WM_DEF_EXPORT, sort);
    if (!def) return false;
    def->offset = (uint32_t)xn.at;
    def->of.port.name = xn.name;
    def->of.port.type = et;
    def->of.port.item.sort = sort;
    def->of.port.item.index = index;
    def->of.port.item.name = xn.name;
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
    uint32_t k;
    uint32_t n = itype ? itype->nexports : 0;
    if (!wm_scope_find(d, s, itype ? itype->exports : NULL, sizeof(wm_named),
                       offsetof(wm_named, name), n, name, &k))
        return false;
    if (k < n) found = &itype->exports[k];
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
    uint32_t k;
    uint32_t n = ct ? ct->nexports : 0;
    if (!wm_scope_find(d, s, ct ? ct->exports : NULL, sizeof(wm_core_extern),
                       offsetof(wm_core_extern, name), n, name, &k))
        return false;
    if (k < n) found = &ct->exports[k];
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
    wm_scope *target = s, *inner = NULL;
    for (uint32_t i = 0; i < count && target; i++) {
        inner = target;
        target = target->outer;
    }
    if (!target) return wm_invalid_at(d, at, "invalid outer alias count of %u", count);
    const wm_item *it = wm_space_get(d, target, sort, index);
    if (!it) return false;
    wm_item copy = *it;
    /* Components are closed: a type from beyond one may not bring resources in with it. */
    bool free_resources = false;
    if (sort == WM_TYPE && inner && inner->kind == WM_SCOPE_COMPONENT &&
        !wm_has_free_resources(d, &copy.of.type, &free_resources))
        return false;
    if (free_resources)
        return wm_invalid_at(d, at,
                             "cannot alias outer type which transitively refers to resources not "
                             "defined in the current component");
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
    wm_sort sort = WM_FUNC; /* set by read_sort when it succeeds */
    uint8_t kind;
    if (!read_sort(d, &sort) || !wm_read_byte(d, &kind)) return false;
    switch (kind) {
    case 0x00: return alias_instance_export(d, s, sort, at);
    case 0x01: return alias_core_export(d, s, sort, at);
    case 0x02: return alias_outer(d, s, sort, at);
    default: d->p--; return wm_malformed(d, "invalid leading byte (0x%02x) for alias", kind);
    }
}
