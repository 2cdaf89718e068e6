/* The linker: named definitions that resolve a module's imports. */
#include <stdlib.h>
#include <string.h>

#include "runtime/linker.h"
#include "runtime/objects.h"

typedef struct wr_def {
    char *module;
    size_t module_len;
    char *name;
    size_t name_len;
    warden_extern_t item;
} wr_def;

struct warden_linker {
    warden_engine_t *engine;
    wr_def *defs;
    size_t n, cap;
};

warden_error_t *warden_linker_new(warden_engine_t *engine, warden_linker_t **out)
{
    if (!engine || !out) return wo_error(WARDEN_ERROR_ARGUMENT, -1, "linker: NULL argument");
    *out = calloc(1, sizeof **out);
    if (!*out) return wo_error_oom();
    (*out)->engine = engine;
    return NULL;
}

void warden_linker_delete(warden_linker_t *l)
{
    if (!l) return;
    for (size_t i = 0; i < l->n; i++) {
        free(l->defs[i].module);
        free(l->defs[i].name);
    }
    free(l->defs);
    free(l);
}

static char *dup_bytes(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d) return NULL;
    if (n) memcpy(d, s, n);
    d[n] = 0;
    return d;
}

static bool same(const char *a, size_t an, const char *b, size_t bn)
{
    return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

const warden_extern_t *wr_linker_lookup(const warden_linker_t *l, const char *module,
                                        size_t module_len, const char *name, size_t name_len)
{
    for (size_t i = l->n; i-- > 0;) {
        const wr_def *d = &l->defs[i];
        if (same(d->module, d->module_len, module, module_len) &&
            same(d->name, d->name_len, name, name_len))
            return &d->item;
    }
    return NULL;
}

static bool extern_valid(const warden_extern_t *e)
{
    switch (e->kind) {
    case WARDEN_EXTERN_FUNC: return e->of.func != NULL;
    case WARDEN_EXTERN_TABLE: return e->of.table != NULL;
    case WARDEN_EXTERN_MEMORY: return e->of.memory != NULL;
    case WARDEN_EXTERN_GLOBAL: return e->of.global != NULL;
    }
    return false;
}

warden_error_t *warden_linker_define(warden_linker_t *l, const char *module, size_t module_len,
                                     const char *name, size_t name_len, warden_extern_t item)
{
    if (!l || (module_len && !module) || (name_len && !name))
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "linker: NULL argument");
    if (!extern_valid(&item)) return wo_error(WARDEN_ERROR_ARGUMENT, -1, "linker: invalid item");
    /* A redefinition replaces the earlier one in place. */
    for (size_t i = 0; i < l->n; i++) {
        wr_def *d = &l->defs[i];
        if (same(d->module, d->module_len, module, module_len) &&
            same(d->name, d->name_len, name, name_len)) {
            d->item = item;
            return NULL;
        }
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        wr_def *defs = realloc(l->defs, cap * sizeof *defs);
        if (!defs) return wo_error_oom();
        l->defs = defs;
        l->cap = cap;
    }
    wr_def *d = &l->defs[l->n];
    d->module = dup_bytes(module, module_len);
    d->name = dup_bytes(name, name_len);
    if (!d->module || !d->name) {
        free(d->module);
        free(d->name);
        return wo_error_oom();
    }
    d->module_len = module_len;
    d->name_len = name_len;
    d->item = item;
    l->n++;
    return NULL;
}

warden_error_t *warden_linker_define_instance(warden_linker_t *l, const char *module,
                                              size_t module_len, warden_instance_t *inst)
{
    if (!l || !inst) return wo_error(WARDEN_ERROR_ARGUMENT, -1, "linker: NULL argument");
    const wd_module *m = inst->m;
    for (uint32_t i = 0; i < m->nexports; i++) {
        warden_extern_t ext;
        wr_instance_export_at(inst, i, &ext);
        warden_error_t *e = warden_linker_define(l, module, module_len, m->exports[i].name,
                                                 m->exports[i].name_len, ext);
        if (e) return e;
    }
    return NULL;
}
