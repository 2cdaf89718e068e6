/* What a component imports and exports, and finding an instance's exported functions by name
 * (root exports, and functions of exported interfaces as `iface#name`). */
#include <string.h>

#include "instance.h"
#include "names.h"

static warden_component_item_kind_t item_kind(wm_sort sort)
{
    switch (sort) {
    case WM_FUNC: return WARDEN_COMPONENT_ITEM_FUNC;
    case WM_VALUE: return WARDEN_COMPONENT_ITEM_VALUE;
    case WM_TYPE: return WARDEN_COMPONENT_ITEM_TYPE;
    case WM_COMPONENT: return WARDEN_COMPONENT_ITEM_COMPONENT;
    case WM_INSTANCE: return WARDEN_COMPONENT_ITEM_INSTANCE;
    default: return WARDEN_COMPONENT_ITEM_MODULE;
    }
}

size_t warden_component_import_count(const warden_component_t *component)
{
    return component ? component->root->type.nimports : 0;
}

bool warden_component_import(const warden_component_t *component, size_t i, const char **name,
                             warden_component_item_kind_t *kind)
{
    if (!component || i >= component->root->type.nimports) return false;
    const wm_named *n = &component->root->type.imports[i];
    if (name) *name = n->name;
    if (kind) *kind = item_kind(n->type.sort);
    return true;
}

size_t warden_component_export_count(const warden_component_t *component)
{
    return component ? component->root->type.nexports : 0;
}

bool warden_component_export(const warden_component_t *component, size_t i, const char **name,
                             warden_component_item_kind_t *kind)
{
    if (!component || i >= component->root->type.nexports) return false;
    const wm_named *n = &component->root->type.exports[i];
    if (name) *name = n->name;
    if (kind) *kind = item_kind(n->type.sort);
    return true;
}

/* Whether the export named `have` serves the interface `want` (want_len bytes): the same name, or
 * the same interface at a compatible version, as the linker matches imports (names.h). */
static bool name_matches(const char *have, const char *want, size_t want_len)
{
    size_t hl = strlen(have);
    if (hl == want_len && memcmp(have, want, want_len) == 0) return true;
    const char *ha = memchr(have, '@', hl);
    const char *wa = memchr(want, '@', want_len);
    if (!ha || !wa || ha - have != wa - want || memcmp(have, want, (size_t)(ha - have)) != 0)
        return false;
    return wm_version_compatible(wa + 1, want_len - (size_t)(wa + 1 - want), ha + 1,
                                 hl - (size_t)(ha + 1 - have));
}

warden_component_func_t *warden_component_instance_func(const warden_component_instance_t *instance,
                                                        const char *name, size_t name_len)
{
    if (!instance || !name || !instance->root) return NULL;
    const wm_view *v = &instance->root->exports;
    const char *hash = memchr(name, '#', name_len);
    if (!hash) {
        for (uint32_t i = 0; i < v->n; i++)
            if (v->items[i].sort == WM_FUNC && strlen(v->names[i]) == name_len &&
                memcmp(v->names[i], name, name_len) == 0)
                return v->items[i].of.func;
        return NULL;
    }
    size_t iface_len = (size_t)(hash - name);
    const char *fname = hash + 1;
    size_t flen = name_len - iface_len - 1;
    for (uint32_t i = 0; i < v->n; i++) {
        if (v->items[i].sort != WM_INSTANCE || !name_matches(v->names[i], name, iface_len))
            continue;
        const wm_view *iv = v->items[i].of.instance;
        for (uint32_t k = 0; iv && k < iv->n; k++)
            if (iv->items[k].sort == WM_FUNC && strlen(iv->names[k]) == flen &&
                memcmp(iv->names[k], fname, flen) == 0)
                return iv->items[k].of.func;
    }
    return NULL;
}
