/* Substitution of resource types and types (Explainer.md, "Type Checking"): the new names and
 * copies `eq` bounds and exports introduce, the fresh resources of instance types attached to an
 * import or export, rewriting types through a substitution, and finding the resources a type
 * refers to (for outer aliases and the resources a component's exports introduce). */
#include <string.h>

#include "decode.h"

bool wm_work(wm_decoder *d, uint64_t steps)
{
    d->work += steps;
    if (d->work > WM_MAX_WORK)
        return wm_invalid(d, "type checking is too complex: it takes more than %llu steps",
                          (unsigned long long)WM_MAX_WORK);
    return true;
}

bool wm_new_resource(wm_decoder *d, uint32_t *id)
{
    if (d->next_resource >= WM_MAX_RESOURCES)
        return wm_invalid(d, "too many resource types: more than %u", (unsigned)WM_MAX_RESOURCES);
    *id = d->next_resource++;
    return true;
}

uint32_t wm_new_alias(wm_decoder *d)
{
    return ++d->next_alias;
}

/* Whether values of t's kind must be named to cross a component's boundary. */
static bool is_nominal(const warden_component_type_t *t)
{
    switch (t->kind) {
    case WARDEN_COMPONENT_RECORD:
    case WARDEN_COMPONENT_VARIANT:
    case WARDEN_COMPONENT_ENUM:
    case WARDEN_COMPONENT_FLAGS: return true;
    default: return false;
    }
}

static warden_component_type_t *dup_value(wm_decoder *d, const warden_component_type_t *t)
{
    warden_component_type_t *c = wm_arena_alloc(d->arena, sizeof *c);
    if (!c) {
        wm_no_memory(d);
        return NULL;
    }
    *c = *t;
    return c;
}

bool wm_typedef_unique(wm_decoder *d, const wm_typedef *in, wm_typedef *out)
{
    *out = *in;
    if (in->kind == WM_TD_RESOURCE) {
        out->alias = wm_new_alias(d);
    } else if (in->kind == WM_TD_VALUE && in->of.value && is_nominal(in->of.value)) {
        warden_component_type_t *c = dup_value(d, in->of.value);
        if (!c) return false;
        c->label = NULL;
        c->origin = wm_type_origin(in->of.value);
        out->of.value = c;
    }
    return true;
}

/* ---- rewriting types through a substitution ------------------------------------------------- */

void wm_remap_free(wm_remap *m)
{
    wm_idmap_free(&m->res);
    wm_idmap_free(&m->alias);
    wm_idmap_free(&m->types);
}

static bool remember(wm_decoder *d, wm_remap *m, const void *from, const void *to)
{
    if (!wm_idmap_put(&m->types, wm_key_ptr(from), wm_key_ptr(to))) return wm_no_memory(d);
    return true;
}

static bool recalled(const wm_remap *m, const void *from, const void **to)
{
    uint64_t v;
    if (!wm_idmap_get(&m->types, wm_key_ptr(from), &v)) return false;
    *to = (const void *)(uintptr_t)v;
    return true;
}

/* The resource (and its name) a handle or resource type becomes. */
static void remap_resource(const wm_remap *m, uint32_t *res, uint32_t *alias)
{
    uint64_t v;
    if (*alias && wm_idmap_get(&m->alias, *alias, &v)) {
        *res = (uint32_t)(v >> 32);
        *alias = (uint32_t)v;
    } else if (wm_idmap_get(&m->res, *res, &v)) {
        *res = (uint32_t)v;
    }
}

static bool remap_value(wm_decoder *d, wm_remap *m, const warden_component_type_t *t,
                        const warden_component_type_t **out)
{
    *out = t;
    if (!t || t == wm_type_scalar(t->kind)) return true;
    const void *known;
    if (recalled(m, t, &known)) {
        *out = known;
        return true;
    }
    /* Only handles change, and types the substitution renames: the rest stays as it is. */
    if (!(t->contains & WM_HAS_HANDLE) && m->value_renames == 0) return true;
    if (!wm_work(d, 1)) return false;
    warden_component_type_t *copy = NULL;
    if (t->kind == WARDEN_COMPONENT_OWN || t->kind == WARDEN_COMPONENT_BORROW) {
        uint32_t res = t->resource, alias = t->resource_alias;
        remap_resource(m, &res, &alias);
        if (res != t->resource || alias != t->resource_alias) {
            if (!(copy = dup_value(d, t))) return false;
            copy->resource = res;
            copy->resource_alias = alias;
        }
    } else if (t->elems) {
        uint32_t n = wm_type_elem_count(t);
        const warden_component_type_t **elems = NULL;
        for (uint32_t i = 0; i < n; i++) {
            const warden_component_type_t *e;
            if (!remap_value(d, m, t->elems[i], &e)) return false;
            if (e != t->elems[i] && !elems) {
                elems = wm_arena_alloc(d->arena, (size_t)n * sizeof *elems);
                if (!elems) return wm_no_memory(d);
                memcpy(elems, t->elems, (size_t)n * sizeof *elems);
            }
            if (elems) elems[i] = e;
        }
        if (elems) {
            if (!(copy = dup_value(d, t))) return false;
            copy->elems = elems;
        }
    }
    if (copy) *out = copy;
    return remember(d, m, t, *out);
}

static bool remap_func(wm_decoder *d, wm_remap *m, const warden_component_functype_t *f,
                       const warden_component_functype_t **out)
{
    *out = f;
    const void *known;
    if (recalled(m, f, &known)) {
        *out = known;
        return true;
    }
    if (!wm_work(d, 1)) return false;
    wm_param *params = NULL;
    const warden_component_type_t *result;
    for (uint32_t i = 0; i < f->nparams; i++) {
        const warden_component_type_t *t;
        if (!remap_value(d, m, f->params[i].type, &t)) return false;
        if (t != f->params[i].type && !params) {
            params = wm_arena_alloc(d->arena, (size_t)f->nparams * sizeof *params);
            if (!params) return wm_no_memory(d);
            memcpy(params, f->params, (size_t)f->nparams * sizeof *params);
        }
        if (params) params[i].type = t;
    }
    if (!remap_value(d, m, f->result, &result)) return false;
    if (params || result != f->result) {
        warden_component_functype_t *c = wm_arena_alloc(d->arena, sizeof *c);
        if (!c) return wm_no_memory(d);
        *c = *f;
        if (params) c->params = params;
        c->result = result;
        *out = c;
    }
    return remember(d, m, f, *out);
}

/* A list of resource ids through the substitution; *out is `in` when none changes. */
static bool remap_ids(wm_decoder *d, const wm_remap *m, const uint32_t *in, uint32_t n,
                      const uint32_t **out)
{
    *out = in;
    uint32_t *ids = NULL;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t v;
        if (!wm_idmap_get(&m->res, in[i], &v) || (uint32_t)v == in[i]) continue;
        if (!ids) {
            ids = wm_arena_alloc(d->arena, (size_t)n * sizeof *ids);
            if (!ids) return wm_no_memory(d);
            memcpy(ids, in, (size_t)n * sizeof *ids);
        }
        ids[i] = (uint32_t)v;
    }
    if (ids) *out = ids;
    return true;
}

static bool same_typedef(const wm_typedef *a, const wm_typedef *b)
{
    if (a->kind != b->kind) return false;
    switch (a->kind) {
    case WM_TD_VALUE: return a->of.value == b->of.value;
    case WM_TD_FUNC: return a->of.func == b->of.func;
    case WM_TD_COMPONENT: return a->of.component == b->of.component;
    case WM_TD_INSTANCE: return a->of.instance == b->of.instance;
    case WM_TD_RESOURCE: return a->of.resource == b->of.resource && a->alias == b->alias;
    }
    return true;
}

static bool same_extern(const wm_extern_type *a, const wm_extern_type *b)
{
    if (a->sort != b->sort) return false;
    switch (a->sort) {
    case WM_FUNC: return a->of.func == b->of.func;
    case WM_VALUE: return a->of.value == b->of.value;
    case WM_TYPE: return same_typedef(&a->of.type, &b->of.type);
    case WM_COMPONENT: return a->of.component == b->of.component;
    case WM_INSTANCE: return a->of.instance == b->of.instance;
    default: return true;
    }
}

static bool remap_named(wm_decoder *d, wm_remap *m, const wm_named *in, uint32_t n,
                        const wm_named **out)
{
    *out = in;
    wm_named *items = NULL;
    for (uint32_t i = 0; i < n; i++) {
        wm_extern_type t;
        if (!wm_remap_extern(d, m, &in[i].type, &t)) return false;
        if (same_extern(&t, &in[i].type)) continue;
        if (!items) {
            items = wm_arena_alloc(d->arena, (size_t)n * sizeof *items);
            if (!items) return wm_no_memory(d);
            memcpy(items, in, (size_t)n * sizeof *items);
        }
        items[i].type = t;
    }
    if (items) *out = items;
    return true;
}

static bool remap_instance(wm_decoder *d, wm_remap *m, const wm_instance_type *it,
                           const wm_instance_type **out)
{
    *out = it;
    const void *known;
    if (recalled(m, it, &known)) {
        *out = known;
        return true;
    }
    if (!wm_work(d, 1)) return false;
    const wm_named *exports;
    const uint32_t *resources;
    if (!remap_named(d, m, it->exports, it->nexports, &exports) ||
        !remap_ids(d, m, it->resources, it->nresources, &resources))
        return false;
    if (exports != it->exports || resources != it->resources) {
        wm_instance_type *c = wm_arena_alloc(d->arena, sizeof *c);
        if (!c) return wm_no_memory(d);
        *c = *it;
        c->exports = exports;
        c->resources = resources;
        *out = c;
    }
    return remember(d, m, it, *out);
}

static bool remap_component(wm_decoder *d, wm_remap *m, const wm_component_type *ct,
                            const wm_component_type **out)
{
    *out = ct;
    const void *known;
    if (recalled(m, ct, &known)) {
        *out = known;
        return true;
    }
    if (!wm_work(d, 1)) return false;
    wm_component_type c = *ct;
    if (!remap_named(d, m, ct->imports, ct->nimports, &c.imports) ||
        !remap_named(d, m, ct->exports, ct->nexports, &c.exports) ||
        !remap_ids(d, m, ct->resource_imports, ct->nresource_imports, &c.resource_imports) ||
        !remap_ids(d, m, ct->defined_resources, ct->ndefined_resources, &c.defined_resources))
        return false;
    if (c.imports != ct->imports || c.exports != ct->exports ||
        c.resource_imports != ct->resource_imports ||
        c.defined_resources != ct->defined_resources) {
        wm_component_type *p = wm_arena_alloc(d->arena, sizeof *p);
        if (!p) return wm_no_memory(d);
        *p = c;
        *out = p;
    }
    return remember(d, m, ct, *out);
}

static bool remap_typedef(wm_decoder *d, wm_remap *m, const wm_typedef *in, wm_typedef *out)
{
    *out = *in;
    switch (in->kind) {
    case WM_TD_VALUE: return remap_value(d, m, in->of.value, &out->of.value);
    case WM_TD_FUNC: return remap_func(d, m, in->of.func, &out->of.func);
    case WM_TD_COMPONENT: return remap_component(d, m, in->of.component, &out->of.component);
    case WM_TD_INSTANCE: return remap_instance(d, m, in->of.instance, &out->of.instance);
    case WM_TD_RESOURCE: remap_resource(m, &out->of.resource, &out->alias); return true;
    }
    return true;
}

bool wm_remap_extern(wm_decoder *d, wm_remap *m, const wm_extern_type *in, wm_extern_type *out)
{
    *out = *in;
    switch (in->sort) {
    case WM_FUNC: return remap_func(d, m, in->of.func, &out->of.func);
    case WM_VALUE: return remap_value(d, m, in->of.value, &out->of.value);
    case WM_TYPE: return remap_typedef(d, m, &in->of.type, &out->of.type);
    case WM_COMPONENT: return remap_component(d, m, in->of.component, &out->of.component);
    case WM_INSTANCE: return remap_instance(d, m, in->of.instance, &out->of.instance);
    default: return true;
    }
}

bool wm_instance_attach(wm_decoder *d, wm_scope *s, wm_extern_kind kind, const wm_instance_type *in,
                        const wm_instance_type **out)
{
    *out = in;
    if (!in || in->nresources == 0) return true;
    wm_remap m;
    memset(&m, 0, sizeof m);
    wm_list *record = kind == WM_IMPORT ? &s->resource_imports : &s->defined_resources;
    bool ok = true;
    for (uint32_t i = 0; ok && i < in->nresources; i++) {
        uint32_t fresh, *slot;
        ok = wm_new_resource(d, &fresh) && (slot = wm_list_push(d, record)) != NULL;
        if (ok) *slot = fresh;
        if (ok && !wm_idmap_put(&m.res, in->resources[i], fresh)) ok = wm_no_memory(d);
    }
    const wm_instance_type *it = NULL;
    ok = ok && remap_instance(d, &m, in, &it);
    wm_remap_free(&m);
    if (!ok) return false;
    wm_instance_type *c = wm_arena_alloc(d->arena, sizeof *c);
    if (!c) return wm_no_memory(d);
    *c = *it;
    c->nresources = 0;
    c->resources = NULL;
    *out = c;
    return true;
}

/* ---- the resources a type refers to -------------------------------------------------------- */

/* A walk over types that collects the resources they refer to, less those they declare. */
typedef struct walk {
    wm_decoder *d;
    wm_idmap bound; /* resources declared by the component and instance types walked */
    wm_idmap seen;  /* value types walked already */
    wm_idmap *found;
} walk;

static bool found_resource(walk *w, uint32_t id)
{
    if (wm_idmap_has(&w->bound, id)) return true;
    if (!wm_idmap_put(w->found, id, 1)) return wm_no_memory(w->d);
    return true;
}

static bool bind_all(walk *w, const uint32_t *ids, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (!wm_idmap_put(&w->bound, ids[i], 1)) return wm_no_memory(w->d);
    return true;
}

static bool walk_extern(walk *w, const wm_extern_type *et);

static bool walk_value(walk *w, const warden_component_type_t *t)
{
    if (!t || !(t->contains & WM_HAS_HANDLE) || wm_idmap_has(&w->seen, wm_key_ptr(t))) return true;
    if (!wm_work(w->d, 1)) return false;
    if (!wm_idmap_put(&w->seen, wm_key_ptr(t), 1)) return wm_no_memory(w->d);
    if (t->kind == WARDEN_COMPONENT_OWN || t->kind == WARDEN_COMPONENT_BORROW)
        return found_resource(w, t->resource);
    uint32_t n = t->elems ? wm_type_elem_count(t) : 0;
    for (uint32_t i = 0; i < n; i++)
        if (!walk_value(w, t->elems[i])) return false;
    return true;
}

static bool walk_func(walk *w, const warden_component_functype_t *f)
{
    for (uint32_t i = 0; i < f->nparams; i++)
        if (!walk_value(w, f->params[i].type)) return false;
    return walk_value(w, f->result);
}

static bool walk_named(walk *w, const wm_named *items, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (!walk_extern(w, &items[i].type)) return false;
    return true;
}

static bool walk_instance(walk *w, const wm_instance_type *it)
{
    return wm_work(w->d, 1) && bind_all(w, it->resources, it->nresources) &&
           walk_named(w, it->exports, it->nexports);
}

static bool walk_component(walk *w, const wm_component_type *ct)
{
    return wm_work(w->d, 1) && bind_all(w, ct->resource_imports, ct->nresource_imports) &&
           bind_all(w, ct->defined_resources, ct->ndefined_resources) &&
           walk_named(w, ct->imports, ct->nimports) && walk_named(w, ct->exports, ct->nexports);
}

static bool walk_typedef(walk *w, const wm_typedef *td)
{
    switch (td->kind) {
    case WM_TD_VALUE: return walk_value(w, td->of.value);
    case WM_TD_FUNC: return walk_func(w, td->of.func);
    case WM_TD_COMPONENT: return walk_component(w, td->of.component);
    case WM_TD_INSTANCE: return walk_instance(w, td->of.instance);
    case WM_TD_RESOURCE: return found_resource(w, td->of.resource);
    }
    return true;
}

static bool walk_extern(walk *w, const wm_extern_type *et)
{
    switch (et->sort) {
    case WM_FUNC: return walk_func(w, et->of.func);
    case WM_VALUE: return walk_value(w, et->of.value);
    case WM_TYPE: return walk_typedef(w, &et->of.type);
    case WM_COMPONENT: return walk_component(w, et->of.component);
    case WM_INSTANCE: return walk_instance(w, et->of.instance);
    default: return true;
    }
}

static void walk_free(walk *w)
{
    wm_idmap_free(&w->bound);
    wm_idmap_free(&w->seen);
}

bool wm_has_free_resources(wm_decoder *d, const wm_typedef *td, bool *out)
{
    wm_idmap found = {0};
    walk w = {.d = d, .found = &found};
    bool ok = walk_typedef(&w, td);
    *out = found.count > 0;
    walk_free(&w);
    wm_idmap_free(&found);
    return ok;
}

bool wm_collect_resources(wm_decoder *d, const wm_named *items, uint32_t n, wm_idmap *set)
{
    walk w = {.d = d, .found = set};
    bool ok = walk_named(&w, items, n);
    walk_free(&w);
    return ok;
}

bool wm_check_imports_closed(wm_decoder *d, const wm_list *imports, const wm_list *defined)
{
    if (defined->count == 0 || imports->count == 0) return true;
    wm_idmap used = {0};
    bool ok = wm_collect_resources(d, imports->items, imports->count, &used);
    const uint32_t *ids = defined->items;
    for (uint32_t i = 0; ok && i < defined->count; i++)
        if (wm_idmap_has(&used, ids[i])) ok = wm_invalid(d, "local resource type found in imports");
    wm_idmap_free(&used);
    return ok;
}
