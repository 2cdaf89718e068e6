/* Definitions of a component: core modules (decoded by the core engine), core instances,
 * component instances, and canonical functions (lift, lower, resource built-ins). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "abi.h"
#include "decode.h"
#include "names.h"

/* ---- core modules -------------------------------------------------------------------------- */

static bool core_extern_from(wm_decoder *d, const warden_externtype_t *t, wm_core_extern *out)
{
    out->type = *t;
    switch (t->kind) {
    case WARDEN_EXTERN_FUNC: {
        out->sort = WM_CORE_FUNC;
        const warden_functype_t *f = &t->of.func;
        warden_valkind_t *kinds =
            wm_arena_alloc(d->arena, ((size_t)f->nparams + f->nresults + 1) * sizeof *kinds);
        if (!kinds) return wm_no_memory(d);
        for (uint32_t i = 0; i < f->nparams; i++) kinds[i] = f->params[i];
        for (uint32_t i = 0; i < f->nresults; i++) kinds[f->nparams + i] = f->results[i];
        out->func.nparams = f->nparams;
        out->func.params = kinds;
        out->func.nresults = f->nresults;
        out->func.results = kinds + f->nparams;
        memset(&out->type.of, 0, sizeof out->type.of);
        return true;
    }
    case WARDEN_EXTERN_TABLE: out->sort = WM_CORE_TABLE; return true;
    case WARDEN_EXTERN_MEMORY: out->sort = WM_CORE_MEMORY; return true;
    case WARDEN_EXTERN_GLOBAL: out->sort = WM_CORE_GLOBAL; return true;
    }
    return wm_invalid(d, "unknown core extern kind");
}

bool wm_read_core_module(wm_decoder *d, wm_scope *s, uint32_t size)
{
    int64_t at = wm_offset(d);
    warden_module_t *m = NULL;
    warden_error_t *e = warden_module_new(d->engine, d->p, size, &m);
    if (e) {
        if (!d->failed) {
            int64_t off = warden_error_offset(e);
            d->error_obj = warden_error_new_at(warden_error_kind(e), off < 0 ? at : at + off, "%s",
                                               warden_error_message(e));
            d->failed = true;
        }
        warden_error_delete(e);
        return false;
    }
    warden_module_t **slot = wm_list_push(d, &s->modules);
    if (!slot) {
        warden_module_delete(m);
        return false;
    }
    *slot = m;
    d->p += size;
    wm_core_module_type *mt = wm_arena_alloc(d->arena, sizeof *mt);
    if (!mt) return wm_no_memory(d);
    size_t ni = warden_module_import_count(m), ne = warden_module_export_count(m);
    wm_core_extern *imps = ni ? wm_arena_alloc(d->arena, ni * sizeof *imps) : NULL;
    wm_core_extern *exps = ne ? wm_arena_alloc(d->arena, ne * sizeof *exps) : NULL;
    if ((ni && !imps) || (ne && !exps)) return wm_no_memory(d);
    for (size_t i = 0; i < ni; i++) {
        const char *mod, *name;
        size_t mlen, nlen;
        warden_externtype_t t;
        warden_module_import(m, i, &mod, &mlen, &name, &nlen, &t);
        imps[i].module = wm_arena_strndup(d->arena, mod, mlen);
        imps[i].name = wm_arena_strndup(d->arena, name, nlen);
        if (!imps[i].module || !imps[i].name) return wm_no_memory(d);
        if (!core_extern_from(d, &t, &imps[i])) return false;
    }
    for (size_t i = 0; i < ne; i++) {
        const char *name;
        size_t nlen;
        warden_externtype_t t;
        warden_module_export(m, i, &name, &nlen, &t);
        exps[i].name = wm_arena_strndup(d->arena, name, nlen);
        if (!exps[i].name) return wm_no_memory(d);
        if (!core_extern_from(d, &t, &exps[i])) return false;
    }
    if (!wm_core_imports_unique(d, imps, (uint32_t)ni)) {
        d->error_offset = at;
        return false;
    }
    mt->nimports = (uint32_t)ni;
    mt->imports = imps;
    mt->nexports = (uint32_t)ne;
    mt->exports = exps;
    wm_def *def = wm_def_push(d, s, WM_DEF_CORE_MODULE, WM_CORE_MODULE);
    if (!def) return false;
    def->offset = (uint32_t)at;
    def->of.module = s->modules.count - 1;
    wm_item *it = wm_space_push(d, s, WM_CORE_MODULE);
    if (!it) return false;
    it->of.module = mt;
    return true;
}

bool wm_core_imports_unique(wm_decoder *d, const wm_core_extern *imports, uint32_t n)
{
    wm_idmap seen = {0};
    bool ok = true;
    for (uint32_t i = 0; ok && i < n; i++) {
        uint64_t h = wm_hash_names(imports[i].module, imports[i].name), k;
        if (wm_idmap_get(&seen, h, &k)) {
            /* The same hash: the same pair, or (rarely) another one, so look at them all. */
            for (uint32_t j = 0; ok && j < i; j++)
                if (strcmp(imports[j].module, imports[i].module) == 0 &&
                    strcmp(imports[j].name, imports[i].name) == 0)
                    ok = wm_invalid(d, "duplicate import name `%s:%s`", imports[i].module,
                                    imports[i].name);
        } else if (!wm_idmap_put(&seen, h, i)) {
            ok = wm_no_memory(d);
        }
    }
    wm_idmap_free(&seen);
    return ok;
}

/* Records an instance definition of `kind` (instantiating `of`, or a bag: 0) with its arguments
 * or exports, and returns the item it adds to `sort`'s index space (NULL after an error). */
static wm_item *push_instance(wm_decoder *d, wm_scope *s, wm_def_kind kind, wm_sort sort,
                              int64_t at, uint32_t of, uint32_t nargs, const wm_arg *args)
{
    wm_def *def = wm_def_push(d, s, kind, sort);
    if (!def) return NULL;
    def->offset = (uint32_t)at;
    def->of.inst.of = of;
    def->of.inst.nargs = nargs;
    def->of.inst.args = args;
    return wm_space_push(d, s, sort);
}

/* ---- core instances ------------------------------------------------------------------------ */

static bool core_instantiate(wm_decoder *d, wm_scope *s, int64_t at)
{
    uint32_t midx, n;
    if (!wm_read_u32(d, &midx) || !wm_read_count(d, 2, &n)) return false;
    const wm_item *mi = wm_space_get(d, s, WM_CORE_MODULE, midx);
    if (!mi) return false;
    const wm_core_module_type *mt = mi->of.module;
    wm_arg *args = n ? wm_arena_alloc(d->arena, (size_t)n * sizeof *args) : NULL;
    if (n && !args) return wm_no_memory(d);
    for (uint32_t i = 0; i < n; i++) {
        uint8_t kind;
        if (!wm_read_name(d, &args[i].name, NULL) || !wm_read_byte(d, &kind) ||
            !wm_read_u32(d, &args[i].index))
            return false;
        if (kind != 0x12)
            return wm_invalid(d, "only instances can be arguments of a core instantiation");
        args[i].sort = WM_CORE_INSTANCE;
        if (!wm_space_get(d, s, WM_CORE_INSTANCE, args[i].index)) return false;
    }
    uint32_t dup;
    if (!wm_first_duplicate(d, args, sizeof *args, offsetof(wm_arg, name), n, &dup)) return false;
    if (dup < n)
        return wm_invalid(d, "duplicate module instantiation argument named `%s`", args[dup].name);
    wm_name_index ix;
    wm_name_index_init(&ix, args, sizeof *args, offsetof(wm_arg, name), n);
    bool ok = true;
    for (uint32_t i = 0; ok && i < mt->nimports; i++) {
        const wm_core_extern *imp = &mt->imports[i];
        uint32_t k, e;
        if (!(ok = wm_name_index_find(d, &ix, imp->module, NULL, &k))) break;
        if (k == n) {
            ok = wm_invalid_at(d, at, "missing module instantiation argument named `%s`",
                               imp->module);
            break;
        }
        const wm_core_instance_type *ct =
            s->spaces[WM_CORE_INSTANCE].items[args[k].index].of.core_instance;
        if (!(ok = wm_scope_find(d, s, ct->exports, sizeof(wm_core_extern),
                                 offsetof(wm_core_extern, name), ct->nexports, imp->name, &e)))
            break;
        const char *why;
        if (e == ct->nexports)
            ok = wm_invalid_at(d, at,
                               "module instantiation argument `%s` does not export an item named "
                               "`%s`",
                               imp->module, imp->name);
        else if ((why = wm_core_extern_mismatch(&ct->exports[e], imp)) != NULL)
            ok = wm_invalid_at(d, at, "%s for export `%s` of module instantiation argument `%s`",
                               why, imp->name, imp->module);
    }
    wm_name_index_free(&ix);
    if (!ok) return false;
    wm_core_instance_type *it = wm_arena_alloc(d->arena, sizeof *it);
    if (!it) return wm_no_memory(d);
    it->nexports = mt->nexports;
    it->exports = mt->exports;
    wm_item *item =
        push_instance(d, s, WM_DEF_CORE_INSTANTIATE, WM_CORE_INSTANCE, at, midx, n, args);
    if (!item) return false;
    item->of.core_instance = it;
    return true;
}

static bool read_core_sortidx(wm_decoder *d, wm_sort *sort, uint32_t *idx)
{
    uint8_t c;
    if (!wm_read_byte(d, &c)) return false;
    switch (c) {
    case 0x00: *sort = WM_CORE_FUNC; break;
    case 0x01: *sort = WM_CORE_TABLE; break;
    case 0x02: *sort = WM_CORE_MEMORY; break;
    case 0x03: *sort = WM_CORE_GLOBAL; break;
    case 0x04: return wm_invalid(d, "tags (exception handling) are not supported");
    default: d->p--; return wm_malformed(d, "invalid leading byte (0x%02x) for core sort", c);
    }
    return wm_read_u32(d, idx);
}

static bool core_inline_exports(wm_decoder *d, wm_scope *s, int64_t at)
{
    uint32_t n;
    if (!wm_read_count(d, 2, &n)) return false;
    wm_arg *args = n ? wm_arena_alloc(d->arena, (size_t)n * sizeof *args) : NULL;
    wm_core_extern *exps = n ? wm_arena_alloc(d->arena, (size_t)n * sizeof *exps) : NULL;
    if (n && (!args || !exps)) return wm_no_memory(d);
    for (uint32_t i = 0; i < n; i++) {
        if (!wm_read_name(d, &args[i].name, NULL) ||
            !read_core_sortidx(d, &args[i].sort, &args[i].index))
            return false;
        const wm_item *it = wm_space_get(d, s, args[i].sort, args[i].index);
        if (!it) return false;
        exps[i] = it->of.core;
        exps[i].module = NULL;
        exps[i].name = args[i].name;
    }
    uint32_t dup;
    if (!wm_first_duplicate(d, args, sizeof *args, offsetof(wm_arg, name), n, &dup)) return false;
    if (dup < n) return wm_invalid(d, "export name `%s` already defined", args[dup].name);
    wm_core_instance_type *it = wm_arena_alloc(d->arena, sizeof *it);
    if (!it) return wm_no_memory(d);
    it->nexports = n;
    it->exports = exps;
    wm_item *item = push_instance(d, s, WM_DEF_CORE_EXPORTS, WM_CORE_INSTANCE, at, 0, n, args);
    if (!item) return false;
    item->of.core_instance = it;
    return true;
}

bool wm_read_core_instance(wm_decoder *d, wm_scope *s)
{
    int64_t at = wm_offset(d);
    uint8_t b;
    if (!wm_read_byte(d, &b)) return false;
    if (b == 0x00) return core_instantiate(d, s, at);
    if (b == 0x01) return core_inline_exports(d, s, at);
    d->p--;
    return wm_malformed(d, "invalid leading byte (0x%02x) for core instance", b);
}

/* ---- component instances ------------------------------------------------------------------- */

static bool instantiate(wm_decoder *d, wm_scope *s, int64_t at)
{
    uint32_t cidx, n;
    if (!wm_read_u32(d, &cidx) || !wm_read_count(d, 2, &n)) return false;
    const wm_item *ci = wm_space_get(d, s, WM_COMPONENT, cidx);
    if (!ci) return false;
    const wm_component_type *ct = ci->of.component;
    wm_arg *args = n ? wm_arena_alloc(d->arena, (size_t)n * sizeof *args) : NULL;
    wm_extern_type *types = n ? wm_arena_alloc(d->arena, (size_t)n * sizeof *types) : NULL;
    if (n && (!args || !types)) return wm_no_memory(d);
    for (uint32_t i = 0; i < n; i++) {
        if (!wm_read_name(d, &args[i].name, NULL) ||
            !wm_read_sortidx(d, &args[i].sort, &args[i].index))
            return false;
        if (!wm_item_extern_type(d, s, args[i].sort, args[i].index, &types[i])) return false;
    }
    uint32_t dup;
    if (!wm_first_duplicate(d, args, sizeof *args, offsetof(wm_arg, name), n, &dup)) return false;
    if (dup < n)
        return wm_invalid(d, "instantiation argument `%s` conflicts with previous argument `%s`",
                          args[dup].name, args[dup].name);
    const wm_instance_type *it;
    if (!wm_instantiate_type(d, s, ct, args, types, n, at, &it)) return false;
    wm_item *item = push_instance(d, s, WM_DEF_INSTANTIATE, WM_INSTANCE, at, cidx, n, args);
    if (!item) return false;
    item->of.instance = it;
    return true;
}

static bool inline_exports(wm_decoder *d, wm_scope *s, int64_t at)
{
    uint32_t n;
    if (!wm_read_count(d, 2, &n)) return false;
    wm_arg *args = n ? wm_arena_alloc(d->arena, (size_t)n * sizeof *args) : NULL;
    wm_named *exps = n ? wm_arena_alloc(d->arena, (size_t)n * sizeof *exps) : NULL;
    if (n && (!args || !exps)) return wm_no_memory(d);
    /* The exports of a bag introduce no type indices: nothing is named in them for the
     * [constructor], [method] and [static] rules, and types are exported as they are. */
    wm_list names = {.items = exps, .count = 0, .cap = n, .size = sizeof *exps};
    wm_idmap index = {0};
    for (uint32_t i = 0; i < n; i++) {
        wm_extern_name xn;
        bool ok = wm_read_extern_name(d, &xn) &&
                  wm_read_sortidx(d, &args[i].sort, &args[i].index) &&
                  wm_item_extern_type(d, s, args[i].sort, args[i].index, &exps[i].type) &&
                  wm_check_extern(d, NULL, &names, &index, WM_EXPORT, &xn, &exps[i].type);
        if (!ok) {
            wm_idmap_free(&index);
            return false;
        }
        args[i].name = exps[i].name = xn.name;
        names.count++;
    }
    wm_idmap_free(&index);
    wm_instance_type *it = wm_arena_alloc(d->arena, sizeof *it);
    if (!it) return wm_no_memory(d);
    it->nexports = n;
    it->exports = exps;
    wm_item *item = push_instance(d, s, WM_DEF_EXPORTS, WM_INSTANCE, at, 0, n, args);
    if (!item) return false;
    item->of.instance = it;
    return true;
}

bool wm_read_instance(wm_decoder *d, wm_scope *s)
{
    int64_t at = wm_offset(d);
    uint8_t b;
    if (!wm_read_byte(d, &b)) return false;
    if (b == 0x00) return instantiate(d, s, at);
    if (b == 0x01) return inline_exports(d, s, at);
    d->p--;
    return wm_malformed(d, "invalid leading byte (0x%02x) for instance", b);
}
