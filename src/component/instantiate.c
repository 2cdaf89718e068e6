/* Instantiating a component: replaying its definitions in order, making core instances in the
 * store, resource types, lifted and lowered functions, and nested component instances. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instance.h"
#include "linker.h"

/* Component instances one instantiation may make. Nested components instantiated twice each,
 * 40 deep, would make 2^40 of them from a few hundred bytes: the store's memory limit bounds the
 * host memory they take, and this their number (within any memory limit, or none). */
#define WM_MAX_COMPONENT_INSTANCES 100000

typedef struct wm_inst_ctx {
    warden_component_instance_t *top;
    warden_store_t *store;
    warden_error_t *error;
    warden_trap_t *trap;
    uint64_t max_memory; /* the store's max_memory_bytes (0: none) */
    uint32_t ninstances; /* component instances made */
} wm_inst_ctx;

static bool oom(wm_inst_ctx *cx)
{
    if (!cx->error) cx->error = warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
    return false;
}

/* The instance tree's runtime objects live in its arena, host memory held for the guest: with
 * the store's linear and host memory, they must fit in its memory limit. */
static bool within_memory_limit(wm_inst_ctx *cx)
{
    if (!cx->max_memory) return true;
    warden_store_usage_t u;
    warden_store_usage(cx->store, &u);
    uint64_t in_use = u.memory_bytes + u.host_bytes, arena = cx->top->arena.total;
    if (in_use <= cx->max_memory && arena <= cx->max_memory - in_use) return true;
    if (!cx->error)
        cx->error = warden_error_new(WARDEN_ERROR_LIMIT,
                                     "memory limit exceeded: limit %llu bytes, in use %llu, "
                                     "%llu held for component instances",
                                     (unsigned long long)cx->max_memory, (unsigned long long)in_use,
                                     (unsigned long long)arena);
    return false;
}

static void *alloc(wm_inst_ctx *cx, size_t size)
{
    size_t before = cx->top->arena.total;
    void *p = wm_arena_alloc(&cx->top->arena, size);
    if (!p) oom(cx);
    if (p && cx->top->arena.total != before && !within_memory_limit(cx)) return NULL;
    return p;
}

static const wm_ritem *view_find(const wm_view *v, const char *name)
{
    for (uint32_t i = 0; v && i < v->n; i++)
        if (strcmp(v->names[i], name) == 0) return &v->items[i];
    return NULL;
}

/* ---- core instances ------------------------------------------------------------------------ */

static bool core_lookup(const wm_core_inst *ci, const char *name, warden_extern_t *out)
{
    if (ci->instance) return warden_instance_export(ci->instance, name, strlen(name), out);
    for (uint32_t i = 0; i < ci->n; i++)
        if (strcmp(ci->names[i].name, name) == 0) {
            *out = ci->items[i];
            return true;
        }
    return false;
}

static bool core_instantiate(wm_inst_ctx *cx, wm_instance *inst, const wm_def *def, wm_ritem *out)
{
    warden_module_t *m = inst->spaces[WM_CORE_MODULE][def->of.inst.of].of.module;
    warden_engine_t *engine = cx->top->component->engine;
    warden_linker_t *linker = NULL;
    warden_error_t *e = warden_linker_new(engine, &linker);
    size_t ni = warden_module_import_count(m);
    for (size_t i = 0; !e && i < ni; i++) {
        const char *mod, *name;
        size_t mlen, nlen;
        warden_externtype_t t;
        warden_module_import(m, i, &mod, &mlen, &name, &nlen, &t);
        const wm_core_inst *arg = NULL;
        for (uint32_t k = 0; k < def->of.inst.nargs; k++) {
            const wm_arg *a = &def->of.inst.args[k];
            if (strlen(a->name) == mlen && memcmp(a->name, mod, mlen) == 0)
                arg = inst->spaces[WM_CORE_INSTANCE][a->index].of.core_instance;
        }
        char *nm = strndup(name, nlen);
        warden_extern_t item;
        if (!nm) {
            e = warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
        } else if (!arg || !core_lookup(arg, nm, &item)) {
            e = warden_error_new(WARDEN_ERROR_UNLINKABLE, "unknown import %.*s::%.*s", (int)mlen,
                                 mod, (int)nlen, name);
        } else {
            e = warden_linker_define(linker, mod, mlen, name, nlen, item);
        }
        free(nm);
    }
    warden_instance_t *ci = NULL;
    if (!e) e = warden_linker_instantiate(linker, cx->store, m, &ci, &cx->trap);
    warden_linker_delete(linker);
    if (e) {
        cx->error = e;
        return false;
    }
    if (!ci) return false; /* trapped */
    wm_core_inst *c = alloc(cx, sizeof *c);
    if (!c) return false;
    c->instance = ci;
    out->of.core_instance = c;
    return true;
}

static bool core_exports(wm_inst_ctx *cx, wm_instance *inst, const wm_def *def, wm_ritem *out)
{
    wm_core_inst *c = alloc(cx, sizeof *c);
    warden_extern_t *items = alloc(cx, (def->of.inst.nargs + 1) * sizeof *items);
    if (!c || !items) return false;
    for (uint32_t i = 0; i < def->of.inst.nargs; i++) {
        const wm_arg *a = &def->of.inst.args[i];
        items[i] = inst->spaces[a->sort][a->index].of.core;
    }
    c->n = def->of.inst.nargs;
    c->names = def->of.inst.args;
    c->items = items;
    out->of.core_instance = c;
    return true;
}

/* ---- functions ----------------------------------------------------------------------------- */

static bool lift(wm_inst_ctx *cx, wm_instance *inst, const wm_def *def, wm_ritem *out)
{
    warden_component_func_t *f = alloc(cx, sizeof *f);
    if (!f) return false;
    const wm_canon_opts *o = &def->of.canon.opts;
    f->type = def->of.canon.type;
    f->inst = inst;
    f->store = cx->store;
    f->core = inst->spaces[WM_CORE_FUNC][def->of.canon.func].of.core.of.func;
    f->encoding = (wm_encoding)o->encoding;
    if (o->has_memory) f->memory = inst->spaces[WM_CORE_MEMORY][o->memory].of.core.of.memory;
    if (o->has_realloc) f->realloc = inst->spaces[WM_CORE_FUNC][o->realloc].of.core.of.func;
    if (o->has_post_return)
        f->post_return = inst->spaces[WM_CORE_FUNC][o->post_return].of.core.of.func;
    out->of.func = f;
    return true;
}

/* A core host function: sync (cb) or async (async_cb). */
static bool core_host_func(wm_inst_ctx *cx, uint32_t np, const warden_valkind_t *params,
                           uint32_t nr, const warden_valkind_t *results, warden_host_func_t cb,
                           warden_async_func_t async_cb, void *env, wm_ritem *out)
{
    warden_functype_t *ft = NULL;
    warden_error_t *e = warden_functype_new(params, np, results, nr, &ft);
    warden_func_t *f = NULL;
    if (!e && async_cb)
        e = warden_func_new_async(cx->store, ft, async_cb, env, NULL, &f);
    else if (!e)
        e = warden_func_new(cx->store, ft, cb, env, NULL, &f);
    warden_functype_delete(ft);
    if (e) {
        cx->error = e;
        return false;
    }
    out->of.core.kind = WARDEN_EXTERN_FUNC;
    out->of.core.of.func = f;
    return true;
}

static bool lower(wm_inst_ctx *cx, wm_instance *inst, const wm_def *def, wm_ritem *out)
{
    wm_lowering *l = alloc(cx, sizeof *l);
    if (!l) return false;
    const wm_canon_opts *o = &def->of.canon.opts;
    l->callee = inst->spaces[WM_FUNC][def->of.canon.func].of.func;
    l->type = def->of.canon.type;
    l->inst = inst;
    l->store = cx->store;
    l->encoding = (wm_encoding)o->encoding;
    if (o->has_memory) l->memory = inst->spaces[WM_CORE_MEMORY][o->memory].of.core.of.memory;
    if (o->has_realloc) l->realloc = inst->spaces[WM_CORE_FUNC][o->realloc].of.core.of.func;
    const wm_core_functype *ct = def->of.canon.core_type;
    /* An async host function's import is async in the core too: the guest's call pauses until
     * the host finishes it, and its result is lowered when the call goes on. */
    bool async = l->callee->async_callback != NULL;
    if (async) wm_lowering_async(l);
    return core_host_func(cx, ct->nparams, ct->params, ct->nresults, ct->results,
                          wm_lowered_trampoline, async ? wm_lowered_async : NULL, l, out);
}

static bool resource_builtin(wm_inst_ctx *cx, wm_instance *inst, const wm_def *def, wm_ritem *out)
{
    wm_builtin *b = alloc(cx, sizeof *b);
    if (!b) return false;
    b->inst = inst;
    b->id = def->of.resource;
    b->store = cx->store;
    static const warden_valkind_t i32[1] = {WARDEN_I32};
    warden_host_func_t cb = def->kind == WM_DEF_RESOURCE_NEW    ? wm_resource_new_builtin
                            : def->kind == WM_DEF_RESOURCE_DROP ? wm_resource_drop_builtin
                                                                : wm_resource_rep_builtin;
    return core_host_func(cx, 1, i32, def->kind == WM_DEF_RESOURCE_DROP ? 0 : 1, i32, cb, NULL, b,
                          out);
}

/* ---- the walk ------------------------------------------------------------------------------ */

static bool instantiate(wm_inst_ctx *cx, wm_instance *inst, const wm_view *args);

static wm_instance *new_instance(wm_inst_ctx *cx, const wm_component *comp, wm_instance *outer)
{
    if (cx->ninstances++ >= WM_MAX_COMPONENT_INSTANCES) {
        if (!cx->error)
            cx->error = warden_error_new(WARDEN_ERROR_LIMIT,
                                         "too many component instances: more than %u nested "
                                         "instantiations",
                                         (unsigned)WM_MAX_COMPONENT_INSTANCES);
        return NULL;
    }
    wm_instance *inst = alloc(cx, sizeof *inst);
    if (!inst) return NULL;
    inst->top = cx->top;
    inst->outer = outer;
    inst->comp = comp;
    inst->may_leave = inst->may_enter = true;
    for (int s = 0; s < WM_SORT_COUNT; s++) {
        inst->counts[s] = comp->counts[s];
        inst->spaces[s] = alloc(cx, ((size_t)comp->counts[s] + 1) * sizeof(wm_ritem));
        if (!inst->spaces[s]) return NULL;
    }
    uint32_t nr = cx->top->component->nresources;
    inst->rtypes = alloc(cx, ((size_t)nr + 1) * sizeof *inst->rtypes);
    if (!inst->rtypes) return NULL;
    if (outer) memcpy(inst->rtypes, outer->rtypes, (size_t)nr * sizeof *inst->rtypes);
    inst->next_all = cx->top->all;
    cx->top->all = inst;
    return inst;
}

static bool unlinkable(wm_inst_ctx *cx, const char *fmt, const char *name)
{
    if (!cx->error) cx->error = warden_error_new(WARDEN_ERROR_UNLINKABLE, fmt, name);
    return false;
}

/* The items a definition names (the arguments of an instantiation, or a bag's exports) as a view.
 */
static wm_view *view_of_args(wm_inst_ctx *cx, wm_instance *inst, const wm_def *def)
{
    uint32_t n = def->of.inst.nargs;
    wm_view *v = alloc(cx, sizeof *v);
    const char **names = alloc(cx, (n + 1) * sizeof *names);
    wm_ritem *items = alloc(cx, (n + 1) * sizeof *items);
    if (!v || !names || !items) return NULL;
    for (uint32_t i = 0; i < n; i++) {
        const wm_arg *a = &def->of.inst.args[i];
        names[i] = a->name;
        items[i] = inst->spaces[a->sort][a->index];
    }
    v->n = n;
    v->names = names;
    v->items = items;
    return v;
}

static bool do_def(wm_inst_ctx *cx, wm_instance *inst, const wm_def *def, const wm_view *args)
{
    wm_ritem *out = &inst->spaces[def->sort][def->index];
    out->sort = def->sort;
    switch (def->kind) {
    case WM_DEF_IMPORT: {
        const wm_ritem *it = view_find(args, def->of.port.name);
        if (!it) return unlinkable(cx, "missing import named `%s`", def->of.port.name);
        if (it->sort != def->sort)
            return unlinkable(cx, "import `%s` has the wrong kind", def->of.port.name);
        *out = *it;
        const wm_extern_type *et = &def->of.port.type;
        if (et->sort == WM_TYPE && et->of.type.kind == WM_TD_RESOURCE && it->of.rtype)
            inst->rtypes[et->of.type.of.resource] = it->of.rtype;
        return true;
    }
    case WM_DEF_CORE_MODULE: out->of.module = inst->comp->modules[def->of.module]; return true;
    case WM_DEF_CORE_INSTANTIATE: return core_instantiate(cx, inst, def, out);
    case WM_DEF_CORE_EXPORTS: return core_exports(cx, inst, def, out);
    case WM_DEF_CORE_TYPE: return true;
    case WM_DEF_COMPONENT: {
        wm_closure *c = alloc(cx, sizeof *c);
        if (!c) return false;
        c->component = def->of.component;
        c->outer = inst;
        out->of.component = c;
        return true;
    }
    case WM_DEF_INSTANTIATE: {
        const wm_closure *c = inst->spaces[WM_COMPONENT][def->of.inst.of].of.component;
        wm_view *v = view_of_args(cx, inst, def);
        if (!v) return false;
        wm_instance *child = new_instance(cx, c->component, c->outer);
        if (!child || !instantiate(cx, child, v)) return false;
        out->of.instance = &child->exports;
        return true;
    }
    case WM_DEF_EXPORTS: return (out->of.instance = view_of_args(cx, inst, def)) != NULL;
    case WM_DEF_ALIAS_EXPORT: {
        const wm_view *v = inst->spaces[WM_INSTANCE][def->of.alias.instance].of.instance;
        const wm_ritem *it = view_find(v, def->of.alias.name);
        if (!it) return unlinkable(cx, "instance has no export named `%s`", def->of.alias.name);
        *out = *it;
        if (def->sort == WM_TYPE && def->of.alias.type.kind == WM_TD_RESOURCE && it->of.rtype)
            inst->rtypes[def->of.alias.type.of.resource] = it->of.rtype;
        return true;
    }
    case WM_DEF_ALIAS_CORE_EXPORT: {
        const wm_core_inst *ci =
            inst->spaces[WM_CORE_INSTANCE][def->of.alias.instance].of.core_instance;
        if (!core_lookup(ci, def->of.alias.name, &out->of.core))
            return unlinkable(cx, "core instance has no export named `%s`", def->of.alias.name);
        return true;
    }
    case WM_DEF_ALIAS_OUTER: {
        wm_instance *target = inst;
        for (uint32_t i = 0; i < def->of.outer.count && target; i++) target = target->outer;
        if (!target) return unlinkable(cx, "%s", "invalid outer alias");
        *out = target->spaces[def->sort][def->of.outer.index];
        return true;
    }
    case WM_DEF_TYPE:
        out->of.rtype = NULL;
        if (def->of.type.kind == WM_TD_RESOURCE) {
            wm_rtype *rt = alloc(cx, sizeof *rt);
            if (!rt) return false;
            rt->owner = inst;
            for (uint32_t i = 0; i < inst->comp->nresource_defs; i++) {
                const wm_resource_def *rd = &inst->comp->resource_defs[i];
                if (rd->id == def->of.type.of.resource && rd->has_dtor)
                    rt->dtor = inst->spaces[WM_CORE_FUNC][rd->dtor].of.core.of.func;
            }
            inst->rtypes[def->of.type.of.resource] = rt;
            out->of.rtype = rt;
        }
        return true;
    case WM_DEF_LIFT: return lift(cx, inst, def, out);
    case WM_DEF_LOWER: return lower(cx, inst, def, out);
    case WM_DEF_RESOURCE_NEW:
    case WM_DEF_RESOURCE_DROP:
    case WM_DEF_RESOURCE_REP: return resource_builtin(cx, inst, def, out);
    case WM_DEF_EXPORT: {
        *out = inst->spaces[def->of.port.item.sort][def->of.port.item.index];
        /* An export ascribed `(sub resource)` names the resource by a resource id of its own. */
        const wm_extern_type *et = &def->of.port.type;
        if (et->sort == WM_TYPE && et->of.type.kind == WM_TD_RESOURCE && out->of.rtype)
            inst->rtypes[et->of.type.of.resource] = out->of.rtype;
        return true;
    }
    }
    return true;
}

/* Names the lifted functions an export gives out (see warden_component_func.name): the function
 * itself, or those of an exported instance as "instance#function". */
static bool name_exported(wm_inst_ctx *cx, const char *name, const wm_ritem *item, bool root)
{
    if (item->sort == WM_FUNC) {
        warden_component_func_t *f = item->of.func;
        if (f && f->inst && (root || !f->name)) f->name = name;
        return true;
    }
    if (item->sort != WM_INSTANCE || !item->of.instance) return true;
    const wm_view *v = item->of.instance;
    size_t prefix = strlen(name);
    for (uint32_t i = 0; i < v->n; i++) {
        if (v->items[i].sort != WM_FUNC) continue;
        warden_component_func_t *f = v->items[i].of.func;
        if (!f || !f->inst || (!root && f->name)) continue;
        size_t n = strlen(v->names[i]);
        char *full = alloc(cx, prefix + n + 2);
        if (!full) return false;
        memcpy(full, name, prefix);
        full[prefix] = '#';
        memcpy(full + prefix + 1, v->names[i], n + 1);
        f->name = full;
    }
    return true;
}

static bool instantiate(wm_inst_ctx *cx, wm_instance *inst, const wm_view *args)
{
    const wm_component *comp = inst->comp;
    uint32_t nexports = comp->type.nexports;
    inst->exports.names = alloc(cx, ((size_t)nexports + 1) * sizeof(char *));
    inst->exports.items = alloc(cx, ((size_t)nexports + 1) * sizeof(wm_ritem));
    if (!inst->exports.names || !inst->exports.items) return false;
    for (uint32_t i = 0; i < comp->ndefs; i++) {
        const wm_def *def = &comp->defs[i];
        if (!do_def(cx, inst, def, args)) return false;
        if (def->kind == WM_DEF_EXPORT) {
            uint32_t k = inst->exports.n++;
            inst->exports.names[k] = def->of.port.name;
            inst->exports.items[k] = inst->spaces[def->sort][def->index];
            if (!name_exported(cx, def->of.port.name, &inst->exports.items[k], !inst->outer))
                return false;
        }
    }
    return true;
}

/* The store keeps the instance tree alive: a host function that is never called carries it, and
 * its finalizer frees it when the store dies. */
static warden_trap_t *anchor_never_called(void *env, warden_caller_t *caller,
                                          const warden_val_t *args, size_t nargs,
                                          warden_val_t *results, size_t nresults)
{
    (void)env, (void)caller, (void)args, (void)nargs, (void)results, (void)nresults;
    return warden_trap_new("unreachable");
}

static void instance_free(void *env)
{
    warden_component_instance_t *top = env;
    for (wm_instance *i = top->all; i; i = i->next_all) {
        free(i->handles);
        free(i->lent);
        free(i->lent_res);
    }
    warden_component_delete(top->component);
    wm_arena_free(&top->arena);
    free(top);
}

warden_error_t *warden_component_linker_instantiate(const warden_component_linker_t *linker,
                                                    warden_store_t *store,
                                                    const warden_component_t *component,
                                                    warden_component_instance_t **out,
                                                    warden_trap_t **trap)
{
    if (!out || !trap || !store || !component)
        return warden_error_new(WARDEN_ERROR_ARGUMENT,
                                "warden_component_linker_instantiate: NULL argument");
    *out = NULL;
    *trap = NULL;
    warden_component_instance_t *top = calloc(1, sizeof *top);
    if (!top) return warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
    top->store = store;
    top->component = warden_component_clone((warden_component_t *)component);
    warden_func_t *anchor = NULL;
    warden_functype_t *ft = NULL;
    warden_error_t *e = warden_functype_new(NULL, 0, NULL, 0, &ft);
    if (!e) e = warden_func_new(store, ft, anchor_never_called, top, instance_free, &anchor);
    warden_functype_delete(ft);
    if (e) {
        warden_component_delete(top->component);
        free(top);
        return e;
    }
    /* From here on the store owns the tree, whatever happens. */
    wm_inst_ctx cx = {.top = top, .store = store};
    warden_store_limits_t limits;
    warden_store_get_limits(store, &limits);
    cx.max_memory = limits.max_memory_bytes;
    wm_view args = {0};
    bool ok = wm_linker_imports(linker, &cx.error, &top->arena, store, component->root, &args);
    wm_instance *root = ok ? new_instance(&cx, component->root, NULL) : NULL;
    ok = root && instantiate(&cx, root, &args);
    if (!ok) {
        if (cx.error) return cx.error;
        if (cx.trap) {
            *trap = cx.trap;
            return NULL;
        }
        return warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
    }
    top->root = root;
    *out = top;
    return NULL;
}
