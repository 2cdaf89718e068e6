/* Subtyping of extern types (Explainer.md, "Type Checking"): instantiation arguments against a
 * component's imports, exports against their ascribed types, and the nested cases (instance,
 * component and core module types). Value and function types are compared for equality, as
 * Wasmtime does; instances, components and modules by their imports and exports, by name.
 *
 * Resources: the expected side may declare abstract resources (its imports' `(sub resource)`,
 * or a component type's exports); the first time the check meets one it is bound to the resource
 * the other side supplies, and from then on stands for it. Nested component types open a new
 * level of bindings, dropped when their check ends. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "decode.h"

typedef struct level level;
struct level {
    wm_idmap bind;      /* resource id -> the resource it stands for */
    wm_idmap vars;      /* the resources this level may bind */
    wm_idmap memo;      /* value types found equal: have address -> want address */
    const level *outer; /* bindings of the enclosing checks */
};

typedef struct subcx {
    wm_decoder *d;
    level *lv;
    wm_remap *renames; /* an instantiation: the types its arguments supply, recorded; else NULL */
    int64_t at;
    char why[200]; /* what made the last value comparison fail */
} subcx;

static void level_free(level *l)
{
    wm_idmap_free(&l->bind);
    wm_idmap_free(&l->vars);
    wm_idmap_free(&l->memo);
}

static bool add_vars(subcx *cx, const uint32_t *ids, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (!wm_idmap_put(&cx->lv->vars, ids[i], 1)) return wm_no_memory(cx->d);
    return true;
}

/* What resource `id` stands for under every binding made so far. */
static uint32_t subst(const level *l, uint32_t id)
{
    for (unsigned guard = 0; guard <= 2 * WM_MAX_DEPTH + 2; guard++) {
        uint64_t v = id;
        const level *x = l;
        while (x && !wm_idmap_get(&x->bind, id, &v)) x = x->outer;
        if (!x || (uint32_t)v == id) break;
        id = (uint32_t)v;
    }
    return id;
}

/* A resource `want` expects, supplied as `have`: binds it when it is an unbound variable, else
 * *eq tells whether they are the same. */
static bool same_resource(subcx *cx, level *lv, uint32_t have, uint32_t want, bool *eq)
{
    uint32_t h = subst(lv, have), w = subst(lv, want);
    *eq = true;
    if (w == want) {
        for (level *x = lv; x; x = (level *)x->outer) {
            if (!wm_idmap_has(&x->vars, want)) continue;
            if (!wm_idmap_put(&x->bind, want, h)) return wm_no_memory(cx->d);
            return true;
        }
    }
    *eq = h == w;
    return true;
}

/* Why two types differ: sets the reason, or puts context in front of the one set deeper. */
static void why(subcx *cx, bool context, const char *fmt, ...) WARDEN_PRINTF_FORMAT(3, 4);
static void why(subcx *cx, bool context, const char *fmt, ...)
{
    char head[sizeof cx->why];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    if (!context) {
        memcpy(cx->why, head, sizeof head);
        return;
    }
    char both[2 * sizeof cx->why + 4];
    snprintf(both, sizeof both, "%s: %s", head, cx->why);
    memcpy(cx->why, both, sizeof cx->why - 1);
    cx->why[sizeof cx->why - 1] = 0;
}

static bool value_eq(subcx *cx, const warden_component_type_t *have,
                     const warden_component_type_t *want, bool *eq);

/* Element i of two types of one kind. */
static bool elem_eq(subcx *cx, const warden_component_type_t *have,
                    const warden_component_type_t *want, uint32_t i, bool *eq)
{
    const warden_component_type_t *h = have->elems ? have->elems[i] : NULL;
    const warden_component_type_t *w = want->elems ? want->elems[i] : NULL;
    *eq = true;
    if (!h || !w) {
        *eq = !h && !w;
        if (*eq) return true;
        switch (want->kind) {
        case WARDEN_COMPONENT_VARIANT:
            why(cx, false,
                w ? "expected case `%s` to have a type, found none"
                  : "expected case `%s` to have no type",
                want->names[i]);
            break;
        case WARDEN_COMPONENT_RESULT:
            why(cx, false,
                w ? "expected %s type, but found none" : "expected %s type to not be present",
                i == 0 ? "ok" : "err");
            break;
        default: why(cx, false, "type mismatch");
        }
        return true;
    }
    if (!value_eq(cx, h, w, eq)) return false;
    if (*eq) return true;
    switch (want->kind) {
    case WARDEN_COMPONENT_RECORD:
        why(cx, true, "type mismatch in record field `%s`", want->names[i]);
        break;
    case WARDEN_COMPONENT_VARIANT:
        why(cx, true, "type mismatch in variant case `%s`", want->names[i]);
        break;
    case WARDEN_COMPONENT_TUPLE: why(cx, true, "type mismatch in tuple field %u", i); break;
    case WARDEN_COMPONENT_RESULT:
        why(cx, true, "type mismatch in %s variant", i == 0 ? "ok" : "err");
        break;
    default: break;
    }
    return true;
}

/* Equality of value types; *eq false (and cx->why) when they differ. */
static bool value_eq(subcx *cx, const warden_component_type_t *have,
                     const warden_component_type_t *want, bool *eq)
{
    *eq = true;
    if (have == want) return true;
    *eq = false;
    if (!have || !want) {
        why(cx, false, "type mismatch");
        return true;
    }
    if (have->kind != want->kind) {
        why(cx, false, "expected %s, found %s", warden_component_kind_name(want->kind),
            warden_component_kind_name(have->kind));
        return true;
    }
    if (have->length != want->length) {
        why(cx, false, "list lengths differ: expected %u, found %u (0 is any length)", want->length,
            have->length);
        return true;
    }
    *eq = true;
    uint64_t v;
    if (wm_idmap_get(&cx->lv->memo, wm_key_ptr(have), &v) && v == wm_key_ptr(want)) return true;
    if (!wm_work(cx->d, 1)) return false;
    const char *what = want->kind == WARDEN_COMPONENT_RECORD    ? "field"
                       : want->kind == WARDEN_COMPONENT_VARIANT ? "case"
                                                                : "type";
    switch (want->kind) {
    case WARDEN_COMPONENT_OWN:
    case WARDEN_COMPONENT_BORROW:
        if (subst(cx->lv, have->resource) != subst(cx->lv, want->resource)) {
            why(cx, false, "resource types are not the same");
            *eq = false;
        }
        break;
    case WARDEN_COMPONENT_FLAGS:
    case WARDEN_COMPONENT_ENUM:
        *eq = have->count == want->count;
        for (uint32_t i = 0; *eq && i < have->count; i++)
            *eq = strcmp(have->names[i], want->names[i]) == 0;
        if (!*eq) why(cx, false, "mismatch in %s elements", warden_component_kind_name(want->kind));
        break;
    case WARDEN_COMPONENT_RECORD:
    case WARDEN_COMPONENT_VARIANT:
    case WARDEN_COMPONENT_TUPLE:
        if (have->count != want->count) {
            why(cx, false, "expected %u %ss, found %u", want->count, what, have->count);
            *eq = false;
            break;
        }
        /* fall through */
    default:
        for (uint32_t i = 0; *eq && i < wm_type_elem_count(want); i++) {
            if (want->names && strcmp(have->names[i], want->names[i]) != 0) {
                why(cx, false, "expected %s name%s `%s`, found `%s`", what,
                    want->kind == WARDEN_COMPONENT_VARIANT ? "d" : "", want->names[i],
                    have->names[i]);
                *eq = false;
                break;
            }
            if (!elem_eq(cx, have, want, i, eq)) return false;
        }
        break;
    }
    if (*eq && !wm_idmap_put(&cx->lv->memo, wm_key_ptr(have), wm_key_ptr(want)))
        return wm_no_memory(cx->d);
    return true;
}

static bool func_eq(subcx *cx, const warden_component_functype_t *have,
                    const warden_component_functype_t *want, bool *eq)
{
    *eq = true;
    if (have == want) return true;
    *eq = false;
    if (have->nparams != want->nparams) {
        why(cx, false, "expected %u parameters, found %u", want->nparams, have->nparams);
        return true;
    }
    for (uint32_t i = 0; i < have->nparams; i++) {
        if (strcmp(have->params[i].name, want->params[i].name) != 0) {
            why(cx, false, "expected parameter named `%s`, found `%s`", want->params[i].name,
                have->params[i].name);
            *eq = false;
            return true;
        }
        if (!value_eq(cx, have->params[i].type, want->params[i].type, eq)) return false;
        if (!*eq) {
            why(cx, true, "type mismatch in function parameter `%s`", want->params[i].name);
            return true;
        }
    }
    if (!have->result != !want->result) {
        why(cx, false,
            have->result ? "expected a result, found none" : "expected no result, found one");
        *eq = false;
        return true;
    }
    if (!value_eq(cx, have->result, want->result, eq)) return false;
    if (!*eq) why(cx, true, "type mismatch with result type");
    return true;
}

static bool subtype(subcx *cx, const wm_extern_type *have, const wm_extern_type *want,
                    const char *kind, const char *name);

static bool mismatch(subcx *cx, const char *kind, const char *name, const char *why)
{
    return wm_invalid_at(cx->d, cx->at, "type mismatch in %s `%s`: %s", kind, name, why);
}

static bool instance_sub(subcx *cx, const wm_instance_type *have, const wm_instance_type *want)
{
    wm_name_index ix;
    wm_name_index_init(&ix, have->exports, sizeof *have->exports, offsetof(wm_named, name),
                       have->nexports);
    bool ok = true;
    for (uint32_t i = 0; ok && i < want->nexports; i++) {
        const wm_named *w = &want->exports[i];
        uint32_t k;
        if (!(ok = wm_name_index_find(cx->d, &ix, w->name, NULL, &k))) break;
        if (k == have->nexports)
            ok = wm_invalid_at(cx->d, cx->at, "missing expected export `%s`", w->name);
        else
            ok = subtype(cx, &have->exports[k].type, &w->type, "instance export", w->name);
    }
    wm_name_index_free(&ix);
    return ok;
}

/* A component of type `have` used where `want` is expected: want's imports must satisfy have's,
 * and have's exports (through what want's imports supplied) want's. */
static bool component_sub(subcx *cx, const wm_component_type *have, const wm_component_type *want)
{
    if (have == want) return true;
    level lv;
    memset(&lv, 0, sizeof lv);
    lv.outer = cx->lv;
    subcx in = {.d = cx->d, .lv = &lv, .at = cx->at};
    wm_name_index imports, exports;
    wm_name_index_init(&imports, want->imports, sizeof(wm_named), offsetof(wm_named, name),
                       want->nimports);
    wm_name_index_init(&exports, have->exports, sizeof(wm_named), offsetof(wm_named, name),
                       have->nexports);
    bool ok = add_vars(&in, have->resource_imports, have->nresource_imports);
    for (uint32_t i = 0; ok && i < have->nimports; i++) {
        const wm_named *h = &have->imports[i];
        uint32_t k;
        if (!(ok = wm_name_index_find(cx->d, &imports, h->name, NULL, &k))) break;
        if (k == want->nimports)
            ok = wm_invalid_at(cx->d, cx->at, "missing import named `%s`", h->name);
        else
            ok = subtype(&in, &want->imports[k].type, &h->type, "import", h->name);
    }
    ok = ok && add_vars(&in, want->defined_resources, want->ndefined_resources);
    for (uint32_t i = 0; ok && i < want->nexports; i++) {
        const wm_named *w = &want->exports[i];
        uint32_t k;
        if (!(ok = wm_name_index_find(cx->d, &exports, w->name, NULL, &k))) break;
        if (k == have->nexports)
            ok = wm_invalid_at(cx->d, cx->at, "missing export named `%s`", w->name);
        else
            ok = subtype(&in, &have->exports[k].type, &w->type, "export", w->name);
    }
    wm_name_index_free(&imports);
    wm_name_index_free(&exports);
    level_free(&lv);
    return ok;
}

/* Records that the type import `want` was supplied `have` (an instantiation's renaming). */
static bool record_renaming(subcx *cx, const wm_typedef *have, const wm_typedef *want)
{
    wm_remap *r = cx->renames;
    if (!r) return true;
    if (want->kind == WM_TD_RESOURCE) {
        uint64_t to = ((uint64_t)subst(cx->lv, have->of.resource) << 32) | have->alias;
        if (want->alias && !wm_idmap_put(&r->alias, want->alias, to)) return wm_no_memory(cx->d);
    } else if (want->kind == WM_TD_VALUE && want->of.value != have->of.value &&
               want->of.value != wm_type_scalar(want->of.value->kind)) {
        if (!wm_idmap_put(&r->types, wm_key_ptr(want->of.value), wm_key_ptr(have->of.value)))
            return wm_no_memory(cx->d);
        r->value_renames++;
    }
    return true;
}

static bool typedef_sub(subcx *cx, const wm_typedef *have, const wm_typedef *want, const char *kind,
                        const char *name)
{
    static const char *const what[] = {[WM_TD_VALUE] = "defined type",
                                       [WM_TD_FUNC] = "func type",
                                       [WM_TD_COMPONENT] = "component type",
                                       [WM_TD_INSTANCE] = "instance type",
                                       [WM_TD_RESOURCE] = "resource"};
    if (have->kind != want->kind) {
        char why[80];
        snprintf(why, sizeof why, "expected %s, found %s", what[want->kind], what[have->kind]);
        return mismatch(cx, kind, name, why);
    }
    bool eq = true;
    switch (want->kind) {
    case WM_TD_RESOURCE:
        if (!same_resource(cx, cx->lv, have->of.resource, want->of.resource, &eq)) return false;
        if (!eq) why(cx, false, "resource types are not the same");
        break;
    case WM_TD_VALUE:
        if (!value_eq(cx, have->of.value, want->of.value, &eq)) return false;
        break;
    case WM_TD_FUNC:
        if (!func_eq(cx, have->of.func, want->of.func, &eq)) return false;
        break;
    case WM_TD_INSTANCE: {
        wm_remap *saved = cx->renames;
        cx->renames = NULL;
        bool ok = instance_sub(cx, have->of.instance, want->of.instance);
        cx->renames = saved;
        if (!ok) return false;
        break;
    }
    case WM_TD_COMPONENT:
        if (!component_sub(cx, have->of.component, want->of.component)) return false;
        break;
    }
    if (!eq) return mismatch(cx, kind, name, cx->why);
    return record_renaming(cx, have, want);
}

static bool subtype(subcx *cx, const wm_extern_type *have, const wm_extern_type *want,
                    const char *kind, const char *name)
{
    if (have->sort != want->sort) {
        char why[80];
        snprintf(why, sizeof why, "expected %s, found %s", wm_sort_name(want->sort),
                 wm_sort_name(have->sort));
        return mismatch(cx, kind, name, why);
    }
    bool eq = true;
    switch (want->sort) {
    case WM_FUNC:
        if (!func_eq(cx, have->of.func, want->of.func, &eq)) return false;
        return eq || mismatch(cx, kind, name, cx->why);
    case WM_VALUE:
        if (!value_eq(cx, have->of.value, want->of.value, &eq)) return false;
        return eq || mismatch(cx, kind, name, cx->why);
    case WM_TYPE: return typedef_sub(cx, &have->of.type, &want->of.type, kind, name);
    case WM_INSTANCE: return instance_sub(cx, have->of.instance, want->of.instance);
    case WM_COMPONENT: return component_sub(cx, have->of.component, want->of.component);
    case WM_CORE_MODULE: return wm_module_subtype(cx->d, have->of.module, want->of.module, cx->at);
    default: return true;
    }
}

bool wm_instantiate_type(wm_decoder *d, wm_scope *s, const wm_component_type *ct,
                         const wm_arg *args, const wm_extern_type *types, uint32_t n, int64_t at,
                         const wm_instance_type **out)
{
    level lv;
    memset(&lv, 0, sizeof lv);
    wm_remap r;
    memset(&r, 0, sizeof r);
    subcx cx = {.d = d, .lv = &lv, .renames = &r, .at = at};
    wm_name_index ix;
    wm_name_index_init(&ix, args, sizeof *args, offsetof(wm_arg, name), n);
    bool ok = add_vars(&cx, ct->resource_imports, ct->nresource_imports);
    for (uint32_t i = 0; ok && i < ct->nimports; i++) {
        const wm_named *imp = &ct->imports[i];
        uint32_t k;
        if (!(ok = wm_name_index_find(d, &ix, imp->name, NULL, &k))) break;
        if (k == n)
            ok = wm_invalid_at(d, at, "missing import named `%s`", imp->name);
        else
            ok = subtype(&cx, &types[k], &imp->type, "import", imp->name);
    }
    wm_name_index_free(&ix);
    /* The imported resources become what the arguments supplied, the defined ones fresh. */
    for (uint32_t i = 0; ok && i < ct->nresource_imports; i++) {
        uint32_t from = ct->resource_imports[i], to = subst(&lv, from);
        if (to != from && !wm_idmap_put(&r.res, from, to)) ok = wm_no_memory(d);
    }
    for (uint32_t i = 0; ok && i < ct->ndefined_resources; i++) {
        uint32_t fresh, *slot = NULL;
        ok = wm_new_resource(d, &fresh) && (slot = wm_list_push(d, &s->defined_resources));
        if (ok) *slot = fresh;
        if (ok && !wm_idmap_put(&r.res, ct->defined_resources[i], fresh)) ok = wm_no_memory(d);
    }
    const wm_named *exports = ct->exports;
    if (ok && (r.res.count || r.alias.count || r.value_renames)) {
        wm_named *e = ct->nexports ? wm_arena_alloc(d->arena, ct->nexports * sizeof *e) : NULL;
        if (ct->nexports && !e) ok = wm_no_memory(d);
        for (uint32_t i = 0; ok && i < ct->nexports; i++) {
            e[i].name = ct->exports[i].name;
            ok = wm_remap_extern(d, &r, &ct->exports[i].type, &e[i].type);
        }
        exports = e;
    }
    wm_instance_type *it = ok ? wm_arena_alloc(d->arena, sizeof *it) : NULL;
    if (ok && !it) ok = wm_no_memory(d);
    if (ok) {
        it->nexports = ct->nexports;
        it->exports = exports;
        *out = it;
    }
    level_free(&lv);
    wm_remap_free(&r);
    return ok;
}

bool wm_extern_subtype(wm_decoder *d, const wm_extern_type *have, const wm_extern_type *want,
                       const char *what, int64_t at)
{
    level lv;
    memset(&lv, 0, sizeof lv);
    subcx cx = {.d = d, .lv = &lv, .at = at};
    bool ok = true;
    /* A resource ascribed `(sub resource)` (a fresh one) may stand for any resource. */
    if (want->sort == WM_TYPE && want->of.type.kind == WM_TD_RESOURCE &&
        !wm_idmap_put(&lv.vars, want->of.type.of.resource, 1))
        ok = wm_no_memory(d);
    if (ok && want->sort == WM_INSTANCE)
        ok = add_vars(&cx, want->of.instance->resources, want->of.instance->nresources);
    bool failed = d->failed;
    ok = ok && subtype(&cx, have, want, "export", what);
    if (!ok && !failed && d->error_kind == WARDEN_ERROR_INVALID) {
        char msg[sizeof d->error + 64];
        snprintf(msg, sizeof msg, "ascribed type of export is not compatible with item's type: %s",
                 d->error);
        memcpy(d->error, msg, sizeof d->error - 1);
        d->error[sizeof d->error - 1] = 0;
    }
    level_free(&lv);
    return ok;
}

/* ---- core modules ---------------------------------------------------------------------------- */

bool wm_core_functype_equal(const wm_core_functype *a, const wm_core_functype *b)
{
    if (a->nparams != b->nparams || a->nresults != b->nresults) return false;
    for (uint32_t i = 0; i < a->nparams; i++)
        if (a->params[i] != b->params[i]) return false;
    for (uint32_t i = 0; i < a->nresults; i++)
        if (a->results[i] != b->results[i]) return false;
    return true;
}

static bool limits_match(const warden_limits_t *have, const warden_limits_t *want)
{
    if (have->min < want->min) return false;
    if (want->has_max && (!have->has_max || have->max > want->max)) return false;
    return true;
}

const char *wm_core_extern_mismatch(const wm_core_extern *have, const wm_core_extern *want)
{
    if (have->sort != want->sort) return "type mismatch";
    switch (have->sort) {
    case WM_CORE_FUNC:
        return wm_core_functype_equal(&have->func, &want->func) ? NULL : "type mismatch";
    case WM_CORE_TABLE:
        if (have->type.of.table.elem != want->type.of.table.elem) return "type mismatch";
        return limits_match(&have->type.of.table.limits, &want->type.of.table.limits)
                   ? NULL
                   : "mismatch in table limits";
    case WM_CORE_MEMORY:
        return limits_match(&have->type.of.memory.limits, &want->type.of.memory.limits)
                   ? NULL
                   : "mismatch in memory limits";
    case WM_CORE_GLOBAL:
        return have->type.of.global.type == want->type.of.global.type &&
                       have->type.of.global.mutable_ == want->type.of.global.mutable_
                   ? NULL
                   : "type mismatch";
    default: return "type mismatch";
    }
}

bool wm_module_subtype(wm_decoder *d, const wm_core_module_type *have,
                       const wm_core_module_type *want, int64_t at)
{
    if (have == want) return true;
    wm_name_index imports, exports;
    wm_name_index_init(&imports, want->imports, sizeof(wm_core_extern),
                       offsetof(wm_core_extern, module), want->nimports);
    imports.two = true;
    wm_name_index_init(&exports, have->exports, sizeof(wm_core_extern),
                       offsetof(wm_core_extern, name), have->nexports);
    bool ok = true;
    /* The module may import less than expected, and each import must accept what is given. */
    for (uint32_t i = 0; ok && i < have->nimports; i++) {
        const wm_core_extern *h = &have->imports[i];
        uint32_t k;
        const char *why;
        if (!(ok = wm_name_index_find(d, &imports, h->module, h->name, &k))) break;
        if (k == want->nimports)
            ok = wm_invalid_at(d, at, "missing expected import `%s::%s`", h->module, h->name);
        else if ((why = wm_core_extern_mismatch(&want->imports[k], h)) != NULL)
            ok = wm_invalid_at(d, at, "type mismatch in import `%s::%s`: %s", h->module, h->name,
                               why);
    }
    for (uint32_t i = 0; ok && i < want->nexports; i++) {
        const wm_core_extern *w = &want->exports[i];
        uint32_t k;
        const char *why;
        if (!(ok = wm_name_index_find(d, &exports, w->name, NULL, &k))) break;
        if (k == have->nexports)
            ok = wm_invalid_at(d, at, "missing expected export `%s`", w->name);
        else if ((why = wm_core_extern_mismatch(&have->exports[k], w)) != NULL)
            ok = wm_invalid_at(d, at, "type mismatch in export `%s`: %s", w->name, why);
    }
    wm_name_index_free(&imports);
    wm_name_index_free(&exports);
    return ok;
}
