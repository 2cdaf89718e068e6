/* External visibility of types (Explainer.md, "External Visibility of Types"; Binary.md, "Import
 * and Export Definitions"): every resource, record, variant, enum and flags type that the type of
 * an import or export uses must have a name outside the component, that is, be a type imported
 * or exported before it (or reached through an imported or exported instance). Imports see only
 * imported types; exports see both.
 *
 * Names are identities, not structures: the type index an import, an export or an `eq` bound
 * introduces is a new one (wm_typedef_unique), and a handle type remembers which name of its
 * resource it was written with. Each component and component type keeps the set of identities
 * its imports and its exports have named (wm_scope.named). */
#include "decode.h"

static bool named_has(const wm_scope *s, wm_extern_kind k, uint64_t key)
{
    return wm_idmap_has(&s->named[k], key);
}

static bool named_add(wm_decoder *d, wm_scope *s, wm_extern_kind k, uint64_t key)
{
    if (!wm_idmap_put(&s->named[k], key, 1)) return wm_no_memory(d);
    /* What imports name, exports may use too. */
    if (k == WM_IMPORT && !wm_idmap_put(&s->named[WM_EXPORT], key, 1)) return wm_no_memory(d);
    return true;
}

static bool parts_named(wm_decoder *d, wm_scope *s, wm_extern_kind k,
                        const warden_component_type_t *t, bool *ok);

/* Whether a use of value type t is named: t itself when it is nominal, else its parts. */
static bool value_named(wm_decoder *d, wm_scope *s, wm_extern_kind k,
                        const warden_component_type_t *t, bool *ok)
{
    *ok = true;
    if (!t) return true;
    switch (t->kind) {
    case WARDEN_COMPONENT_RECORD:
    case WARDEN_COMPONENT_VARIANT:
    case WARDEN_COMPONENT_ENUM:
    case WARDEN_COMPONENT_FLAGS: *ok = named_has(s, k, wm_key_ptr(t)); return true;
    case WARDEN_COMPONENT_TUPLE:
    case WARDEN_COMPONENT_LIST:
    case WARDEN_COMPONENT_MAP:
    case WARDEN_COMPONENT_OPTION:
    case WARDEN_COMPONENT_RESULT:
    case WARDEN_COMPONENT_OWN:
    case WARDEN_COMPONENT_BORROW: return parts_named(d, s, k, t, ok);
    default: return true;
    }
}

/* Whether every type t is made of (the resource of a handle) is named. */
static bool parts_named(wm_decoder *d, wm_scope *s, wm_extern_kind k,
                        const warden_component_type_t *t, bool *ok)
{
    *ok = true;
    if (!t || wm_idmap_has(&s->named_ok[k], wm_key_ptr(t))) return true;
    if (!wm_work(d, 1)) return false;
    if (t->kind == WARDEN_COMPONENT_OWN || t->kind == WARDEN_COMPONENT_BORROW) {
        *ok = named_has(s, k, wm_key_alias(t->resource_alias));
    } else if (t->elems) {
        uint32_t n = wm_type_elem_count(t);
        for (uint32_t i = 0; *ok && i < n; i++)
            if (!value_named(d, s, k, t->elems[i], ok)) return false;
    }
    if (*ok && !wm_idmap_put(&s->named_ok[k], wm_key_ptr(t), 1)) return wm_no_memory(d);
    return true;
}

static bool func_named(wm_decoder *d, wm_scope *s, wm_extern_kind k,
                       const warden_component_functype_t *f, bool *ok)
{
    *ok = true;
    for (uint32_t i = 0; *ok && i < f->nparams; i++)
        if (!value_named(d, s, k, f->params[i].type, ok)) return false;
    return !*ok || value_named(d, s, k, f->result, ok);
}

static bool instance_named(wm_decoder *d, wm_scope *s, wm_extern_kind k, const wm_instance_type *it,
                           bool *ok);

/* Whether the types a type definition is made of are named (not the definition itself). */
static bool typedef_named(wm_decoder *d, wm_scope *s, wm_extern_kind k, const wm_typedef *td,
                          bool *ok)
{
    *ok = true;
    switch (td->kind) {
    case WM_TD_VALUE: return parts_named(d, s, k, td->of.value, ok);
    case WM_TD_FUNC: return func_named(d, s, k, td->of.func, ok);
    case WM_TD_INSTANCE: return instance_named(d, s, k, td->of.instance, ok);
    default: return true; /* resources name themselves; component types are closed */
    }
}

static bool instance_named(wm_decoder *d, wm_scope *s, wm_extern_kind k, const wm_instance_type *it,
                           bool *ok)
{
    *ok = true;
    if (wm_idmap_has(&s->named_ok[k], wm_key_ptr(it))) return true;
    for (uint32_t i = 0; *ok && i < it->nexports; i++) {
        const wm_extern_type *et = &it->exports[i].type;
        if (!wm_work(d, 1)) return false;
        bool r = true;
        switch (et->sort) {
        case WM_FUNC: r = func_named(d, s, k, et->of.func, ok); break;
        case WM_TYPE: r = typedef_named(d, s, k, &et->of.type, ok); break;
        case WM_INSTANCE: r = instance_named(d, s, k, et->of.instance, ok); break;
        default: break;
        }
        if (!r) return false;
    }
    if (*ok && !wm_idmap_put(&s->named_ok[k], wm_key_ptr(it), 1)) return wm_no_memory(d);
    return true;
}

/* Checks et and adds the types it names to the set of kind k. */
static bool check_and_name(wm_decoder *d, wm_scope *s, wm_extern_kind k, const wm_extern_type *et,
                           bool *ok)
{
    *ok = true;
    switch (et->sort) {
    case WM_FUNC: return func_named(d, s, k, et->of.func, ok);
    case WM_VALUE: return value_named(d, s, k, et->of.value, ok);
    case WM_TYPE: {
        const wm_typedef *td = &et->of.type;
        if (!typedef_named(d, s, k, td, ok)) return false;
        if (!*ok) return true;
        if (td->kind == WM_TD_RESOURCE) return named_add(d, s, k, wm_key_alias(td->alias));
        if (td->kind == WM_TD_VALUE) return named_add(d, s, k, wm_key_ptr(td->of.value));
        return true;
    }
    case WM_INSTANCE: {
        /* An instance names the types it exports: each export is checked and named in turn. */
        const wm_instance_type *it = et->of.instance;
        for (uint32_t i = 0; *ok && i < it->nexports; i++) {
            if (!wm_work(d, 1)) return false;
            if (!check_and_name(d, s, k, &it->exports[i].type, ok)) return false;
        }
        return true;
    }
    default: return true; /* components and core modules are closed */
    }
}

bool wm_register_extern(wm_decoder *d, wm_scope *s, wm_extern_kind kind, const char *toplevel_name,
                        const wm_extern_type *et, int64_t at)
{
    if (toplevel_name && et->sort == WM_TYPE && et->of.type.kind == WM_TD_RESOURCE &&
        !wm_rnames_add(d, &s->rnames[kind], et->of.type.alias, toplevel_name))
        return false;
    if (s->kind != WM_SCOPE_COMPONENT && s->kind != WM_SCOPE_COMPONENT_TYPE) return true;
    bool ok;
    if (!check_and_name(d, s, kind, et, &ok)) return false;
    if (ok) return true;
    static const char *const what[WM_SORT_COUNT] = {
        [WM_FUNC] = "func",           [WM_VALUE] = "value",       [WM_TYPE] = "type",
        [WM_COMPONENT] = "component", [WM_INSTANCE] = "instance", [WM_CORE_MODULE] = "module",
    };
    return wm_invalid_at(d, at, "%s not valid to be used as %s",
                         what[et->sort] ? what[et->sort] : "item",
                         kind == WM_IMPORT ? "import" : "export");
}
