/* The component linker: host functions and instances' exports by name, matched to imports with
 * semver-compatible interface versions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linker.h"
#include "names.h"

typedef struct wm_link_def {
    char *name;
    warden_component_host_func_t callback;        /* a host function, */
    warden_component_async_func_t async_callback; /* an async one, or */
    void *env;
    void (*finalizer)(void *);
    bool is_item;
    wm_ritem item; /* an instance's export */
} wm_link_def;

struct warden_component_linker {
    warden_engine_t *engine;
    wm_link_def *defs;
    size_t n, cap;
};

warden_error_t *warden_component_linker_new(warden_engine_t *engine,
                                            warden_component_linker_t **out)
{
    if (!out || !engine)
        return warden_error_new(WARDEN_ERROR_ARGUMENT, "warden_component_linker_new: NULL "
                                                       "argument");
    *out = calloc(1, sizeof **out);
    if (!*out) return warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
    (*out)->engine = engine;
    return NULL;
}

static void def_free(wm_link_def *d)
{
    if (d->finalizer) d->finalizer(d->env);
    free(d->name);
}

void warden_component_linker_delete(warden_component_linker_t *linker)
{
    if (!linker) return;
    for (size_t i = 0; i < linker->n; i++) def_free(&linker->defs[i]);
    free(linker->defs);
    free(linker);
}

static wm_link_def *slot_for(warden_component_linker_t *l, const char *name, size_t len,
                             warden_error_t **e)
{
    for (size_t i = 0; i < l->n; i++)
        if (strlen(l->defs[i].name) == len && memcmp(l->defs[i].name, name, len) == 0) {
            char *keep = l->defs[i].name;
            l->defs[i].name = NULL;
            def_free(&l->defs[i]);
            memset(&l->defs[i], 0, sizeof l->defs[i]);
            l->defs[i].name = keep;
            return &l->defs[i];
        }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        wm_link_def *p = realloc(l->defs, cap * sizeof *p);
        if (!p) {
            *e = warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
            return NULL;
        }
        l->defs = p;
        l->cap = cap;
    }
    wm_link_def *d = &l->defs[l->n];
    memset(d, 0, sizeof *d);
    d->name = strndup(name, len);
    if (!d->name) {
        *e = warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
        return NULL;
    }
    l->n++;
    return d;
}

/* A host function's definition, sync or async. */
static warden_error_t *define_func(const char *what, warden_component_linker_t *linker,
                                   const char *name, size_t name_len,
                                   warden_component_host_func_t callback,
                                   warden_component_async_func_t async_callback, void *env,
                                   void (*finalizer)(void *))
{
    if (!linker || !name || (!callback && !async_callback))
        return warden_error_new(WARDEN_ERROR_ARGUMENT, "%s: NULL argument", what);
    if (memchr(name, 0, name_len))
        return warden_error_new(WARDEN_ERROR_ARGUMENT, "%s: the name holds a NUL", what);
    warden_error_t *e = NULL;
    wm_link_def *d = slot_for(linker, name, name_len, &e);
    if (!d) return e;
    d->callback = callback;
    d->async_callback = async_callback;
    d->env = env;
    d->finalizer = finalizer;
    return NULL;
}

warden_error_t *warden_component_linker_define_func(warden_component_linker_t *linker,
                                                    const char *name, size_t name_len,
                                                    warden_component_host_func_t callback,
                                                    void *env, void (*finalizer)(void *))
{
    return define_func("warden_component_linker_define_func", linker, name, name_len, callback,
                       NULL, env, finalizer);
}

warden_error_t *warden_component_linker_define_func_async(warden_component_linker_t *linker,
                                                          const char *name, size_t name_len,
                                                          warden_component_async_func_t callback,
                                                          void *env, void (*finalizer)(void *))
{
    return define_func("warden_component_linker_define_func_async", linker, name, name_len, NULL,
                       callback, env, finalizer);
}

warden_error_t *warden_component_linker_define_instance(warden_component_linker_t *linker,
                                                        const warden_component_instance_t *instance)
{
    if (!linker || !instance || !instance->root)
        return warden_error_new(WARDEN_ERROR_ARGUMENT,
                                "warden_component_linker_define_instance: NULL argument");
    const wm_view *v = &instance->root->exports;
    for (uint32_t i = 0; i < v->n; i++) {
        warden_error_t *e = NULL;
        wm_link_def *d = slot_for(linker, v->names[i], strlen(v->names[i]), &e);
        if (!d) return e;
        d->is_item = true;
        d->item = v->items[i];
    }
    return NULL;
}

/* ---- matching ------------------------------------------------------------------------------ */

/* Splits "ns:pkg/iface@ver#f" into base "ns:pkg/iface", version "ver" and the rest "#f". */
static void split_name(const char *s, size_t len, size_t *base_len, const char **ver,
                       size_t *ver_len, const char **rest)
{
    const char *hash = memchr(s, '#', len);
    size_t head = hash ? (size_t)(hash - s) : len;
    const char *at = memchr(s, '@', head);
    *base_len = at ? (size_t)(at - s) : head;
    *ver = at ? at + 1 : s + head;
    *ver_len = at ? head - *base_len - 1 : 0;
    *rest = s + head;
}

/* Whether version a[0..al) is higher than b[0..bl) (semver precedence; a version that is only a
 * canonversion, "1" or "0.2", counts as lower than any full one). */
static bool version_higher(const char *a, size_t al, const char *b, size_t bl)
{
    wm_semver va, vb;
    bool pa = wm_semver_parse(a, al, &va, NULL, 0), pb = wm_semver_parse(b, bl, &vb, NULL, 0);
    if (!pa || !pb) return pa && !pb;
    return wm_semver_compare(&va, &vb) > 0;
}

/* The definition serving `name` (+ suffix, e.g. "#f"): for a name with a version, the highest of
 * the definitions of the same interface whose version is compatible (names.h,
 * wm_version_compatible: the Explainer's canonical interface names); otherwise the same name. */
static const wm_link_def *find(const warden_component_linker_t *l, const char *name,
                               const char *suffix)
{
    if (!l) return NULL;
    char full[1024];
    size_t nl = strlen(name), sl = strlen(suffix);
    if (nl + sl >= sizeof full) return NULL;
    memcpy(full, name, nl);
    memcpy(full + nl, suffix, sl + 1);
    size_t base, vlen;
    const char *ver, *rest;
    split_name(full, nl + sl, &base, &ver, &vlen, &rest);
    const wm_link_def *best = NULL;
    const char *best_ver = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < l->n; i++) {
        const char *dn = l->defs[i].name;
        if (vlen == 0) {
            if (strcmp(dn, full) == 0) return &l->defs[i];
            continue;
        }
        size_t db, dvl;
        const char *dv, *dr;
        split_name(dn, strlen(dn), &db, &dv, &dvl, &dr);
        if (db != base || memcmp(dn, full, base) != 0 || strcmp(dr, rest) != 0 ||
            !wm_version_compatible(ver, vlen, dv, dvl))
            continue;
        if (!best || version_higher(dv, dvl, best_ver, best_len)) {
            best = &l->defs[i];
            best_ver = dv;
            best_len = dvl;
        }
    }
    return best;
}

static bool host_func(const wm_link_def *d, const warden_component_functype_t *type,
                      warden_store_t *store, wm_arena *arena, wm_ritem *out)
{
    warden_component_func_t *f = wm_arena_alloc(arena, sizeof *f);
    if (!f) return false;
    f->type = type;
    f->callback = d->callback;
    f->async_callback = d->async_callback;
    f->env = d->env;
    f->store = store;
    out->sort = WM_FUNC;
    out->of.func = f;
    return true;
}

/* Structural equality of value types of two components: a resource handle matches any handle of
 * the same kind, since resource types are told apart when a handle crosses (handles.c). */
static bool same_type(const warden_component_type_t *a, const warden_component_type_t *b)
{
    if (a == b) return true;
    if (!a || !b || a->kind != b->kind || a->count != b->count) return false;
    for (uint32_t i = 0; i < a->count; i++) {
        if (a->names && (!b->names || strcmp(a->names[i], b->names[i]) != 0)) return false;
        if (a->elems && (!b->elems || !same_type(a->elems[i], b->elems[i]))) return false;
    }
    return true;
}

static bool same_functype(const warden_component_functype_t *a,
                          const warden_component_functype_t *b)
{
    if (a->nparams != b->nparams || !same_type(a->result, b->result)) return false;
    for (uint32_t i = 0; i < a->nparams; i++)
        if (strcmp(a->params[i].name, b->params[i].name) != 0 ||
            !same_type(a->params[i].type, b->params[i].type))
            return false;
    return true;
}

/* Why an instance's export cannot serve an import of type `want` in `store` (written to why), or
 * false when it can. */
static bool item_mismatch(const wm_ritem *item, const wm_extern_type *want, warden_store_t *store,
                          char *why, size_t size)
{
    if (item->sort != want->sort) {
        snprintf(why, size, "the definition is of another kind");
        return true;
    }
    if (item->sort == WM_FUNC) {
        const warden_component_func_t *f = item->of.func;
        if (f->store != store) {
            snprintf(why, size, "the definition belongs to another store");
            return true;
        }
        if (!same_functype(f->type, want->of.func)) {
            snprintf(why, size, "the definition has another function type");
            return true;
        }
        return false;
    }
    if (item->sort == WM_INSTANCE && want->of.instance) {
        const wm_view *v = item->of.instance;
        for (uint32_t k = 0; k < want->of.instance->nexports; k++) {
            const wm_named *e = &want->of.instance->exports[k];
            const wm_ritem *have = NULL;
            for (uint32_t j = 0; v && j < v->n; j++)
                if (strcmp(v->names[j], e->name) == 0) have = &v->items[j];
            if (!have) {
                snprintf(why, size, "the instance has no export named `%s`", e->name);
                return true;
            }
            if (item_mismatch(have, &e->type, store, why, size)) return true;
        }
    }
    return false;
}

static warden_error_t *missing(const char *name, const char *suffix)
{
    return warden_error_new(WARDEN_ERROR_UNLINKABLE, "missing import `%s%s`", name, suffix);
}

bool wm_linker_imports(const warden_component_linker_t *linker, warden_error_t **error,
                       wm_arena *arena, warden_store_t *store, const wm_component *comp,
                       wm_view *args)
{
    uint32_t n = comp->type.nimports;
    args->names = wm_arena_alloc(arena, ((size_t)n + 1) * sizeof(char *));
    args->items = wm_arena_alloc(arena, ((size_t)n + 1) * sizeof(wm_ritem));
    if (!args->names || !args->items) goto oom;
    args->n = 0;
    for (uint32_t i = 0; i < n; i++) {
        const wm_named *imp = &comp->type.imports[i];
        wm_ritem item;
        memset(&item, 0, sizeof item);
        const wm_link_def *d = find(linker, imp->name, "");
        if (d && d->is_item) {
            char why[300];
            if (item_mismatch(&d->item, &imp->type, store, why, sizeof why)) {
                *error =
                    warden_error_new(WARDEN_ERROR_UNLINKABLE, "import `%s`: %s", imp->name, why);
                return false;
            }
            item = d->item;
        } else if (imp->type.sort == WM_FUNC) {
            if (!d) {
                *error = missing(imp->name, "");
                return false;
            }
            if (!host_func(d, imp->type.of.func, store, arena, &item)) goto oom;
        } else if (imp->type.sort == WM_INSTANCE) {
            const wm_instance_type *it = imp->type.of.instance;
            wm_view *v = wm_arena_alloc(arena, sizeof *v);
            const char **names = wm_arena_alloc(arena, ((size_t)it->nexports + 1) * sizeof *names);
            wm_ritem *items = wm_arena_alloc(arena, ((size_t)it->nexports + 1) * sizeof *items);
            if (!v || !names || !items) goto oom;
            for (uint32_t k = 0; k < it->nexports; k++) {
                const wm_named *e = &it->exports[k];
                names[k] = e->name;
                items[k].sort = e->type.sort;
                if (e->type.sort == WM_FUNC) {
                    char suffix[512];
                    size_t el = strlen(e->name);
                    if (el + 2 > sizeof suffix) {
                        *error = missing(imp->name, "#...");
                        return false;
                    }
                    suffix[0] = '#';
                    memcpy(suffix + 1, e->name, el + 1);
                    const wm_link_def *fd = find(linker, imp->name, suffix);
                    if (!fd || fd->is_item) {
                        if (fd && fd->item.sort == WM_FUNC) {
                            items[k] = fd->item;
                            continue;
                        }
                        *error = missing(imp->name, suffix);
                        return false;
                    }
                    if (!host_func(fd, e->type.of.func, store, arena, &items[k])) goto oom;
                } else if (e->type.sort == WM_TYPE && e->type.of.type.kind == WM_TD_RESOURCE) {
                    /* A resource the host provides: a type of its own per import. */
                    wm_rtype *rt = wm_arena_alloc(arena, sizeof *rt);
                    if (!rt) goto oom;
                    rt->name = e->name;
                    items[k].of.rtype = rt;
                }
            }
            v->n = it->nexports;
            v->names = names;
            v->items = items;
            item.sort = WM_INSTANCE;
            item.of.instance = v;
        } else if (imp->type.sort == WM_TYPE) {
            item.sort = WM_TYPE;
            if (imp->type.of.type.kind == WM_TD_RESOURCE) {
                wm_rtype *rt = wm_arena_alloc(arena, sizeof *rt);
                if (!rt) goto oom;
                rt->name = imp->name;
                item.of.rtype = rt;
            }
        } else {
            *error = missing(imp->name, "");
            return false;
        }
        args->names[args->n] = imp->name;
        args->items[args->n++] = item;
    }
    return true;
oom:
    *error = warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
    return false;
}
