/* Canonical definitions (canon lift, canon lower, resource.new/drop/rep) and their validation
 * (CanonicalABI.md, "Canonical definitions"). */
#include <string.h>

#include "abi.h"
#include "decode.h"

/* Whether a value of type t lives partly in linear memory (strings, lists). */
static bool uses_memory(const warden_component_type_t *t)
{
    return t && (t->contains & WM_HAS_POINTER);
}

static bool params_use_memory(const warden_component_functype_t *ft)
{
    if (ft->params_in_memory) return true;
    for (uint32_t i = 0; i < ft->nparams; i++)
        if (uses_memory(ft->params[i].type)) return true;
    return false;
}

static bool result_uses_memory(const warden_component_functype_t *ft)
{
    return ft->result_in_memory || uses_memory(ft->result);
}

/* The core signature of a lifted (lower = false) or lowered function of type ft. */
static bool core_signature(wm_decoder *d, const warden_component_functype_t *ft, bool lower,
                           wm_core_functype *out)
{
    warden_valkind_t *params = wm_arena_alloc(d->arena, (WM_MAX_FLAT_PARAMS + 1) * sizeof *params);
    warden_valkind_t *results = wm_arena_alloc(d->arena, WM_MAX_FLAT_RESULTS * sizeof *results);
    if (!params || !results) return wm_no_memory(d);
    uint32_t np = 0, nr = 0;
    if (ft->params_in_memory) {
        params[np++] = WARDEN_I32;
    } else {
        for (uint32_t i = 0; i < ft->nparams; i++)
            for (uint32_t k = 0; k < ft->params[i].type->flat_count; k++)
                params[np++] = (warden_valkind_t)ft->params[i].type->flat[k];
    }
    if (ft->result) {
        if (!ft->result_in_memory)
            for (uint32_t k = 0; k < ft->result->flat_count; k++)
                results[nr++] = (warden_valkind_t)ft->result->flat[k];
        else if (lower)
            params[np++] = WARDEN_I32; /* the return pointer */
        else
            results[nr++] = WARDEN_I32;
    }
    out->nparams = np;
    out->params = params;
    out->nresults = nr;
    out->results = results;
    return true;
}

static bool read_opts(wm_decoder *d, wm_scope *s, wm_canon_opts *o)
{
    uint32_t n;
    if (!wm_read_count(d, 1, &n)) return false;
    static const char *const encodings[3] = {"utf8", "utf16", "latin1-utf16"};
    int encoding = -1;
    for (uint32_t i = 0; i < n; i++) {
        uint8_t b;
        if (!wm_read_byte(d, &b)) return false;
        switch (b) {
        case 0x00:
        case 0x01:
        case 0x02:
            if (encoding >= 0)
                return wm_invalid(d, "canonical encoding option `%s` conflicts with option `%s`",
                                  encodings[encoding], encodings[b]);
            encoding = b;
            o->encoding = b == 0x00 ? WM_UTF8 : b == 0x01 ? WM_UTF16 : WM_LATIN1_UTF16;
            break;
        case 0x03: {
            if (o->has_memory)
                return wm_invalid(d, "canonical option `memory` is specified more than once");
            if (!wm_read_u32(d, &o->memory) || !wm_space_get(d, s, WM_CORE_MEMORY, o->memory))
                return false;
            o->has_memory = true;
            break;
        }
        case 0x04:
        case 0x05: {
            uint32_t f;
            if (!wm_read_u32(d, &f)) return false;
            const wm_item *it = wm_space_get(d, s, WM_CORE_FUNC, f);
            if (!it) return false;
            if (b == 0x04) {
                if (o->has_realloc)
                    return wm_invalid(d, "canonical option `realloc` is specified more than "
                                         "once");
                const wm_core_functype *t = &it->of.core.func;
                static const warden_valkind_t four[4] = {WARDEN_I32, WARDEN_I32, WARDEN_I32,
                                                         WARDEN_I32};
                if (t->nparams != 4 || memcmp(t->params, four, sizeof four) != 0 ||
                    t->nresults != 1 || t->results[0] != WARDEN_I32)
                    return wm_invalid(d, "canonical option `realloc` uses a core function with "
                                         "an incorrect signature");
                o->has_realloc = true;
                o->realloc = f;
            } else {
                if (o->has_post_return)
                    return wm_invalid(d, "canonical option `post-return` is specified more than "
                                         "once");
                o->has_post_return = true;
                o->post_return = f;
            }
            break;
        }
        case 0x06:
        case 0x07:
            return wm_invalid(d, "async canonical options (component model async) are not "
                                 "supported");
        default:
            d->p--;
            return wm_malformed(d, "invalid leading byte (0x%02x) for canonical option", b);
        }
    }
    if (o->has_realloc && !o->has_memory)
        return wm_invalid(d, "canonical option `realloc` requires `memory` to also be specified");
    return true;
}

static bool canon_lift(wm_decoder *d, wm_scope *s, int64_t at)
{
    uint8_t sort;
    uint32_t f, tidx;
    wm_canon_opts o;
    memset(&o, 0, sizeof o);
    if (!wm_read_byte(d, &sort) || !wm_read_u32(d, &f) || !read_opts(d, s, &o) ||
        !wm_read_u32(d, &tidx))
        return false;
    if (sort != 0x00) return wm_malformed(d, "invalid core sort for canon lift");
    const wm_item *core = wm_space_get(d, s, WM_CORE_FUNC, f);
    const wm_item *ty = core ? wm_space_get(d, s, WM_TYPE, tidx) : NULL;
    if (!ty) return false;
    if (ty->of.type.kind != WM_TD_FUNC)
        return wm_invalid_at(d, at, "type index %u is not a function type", tidx);
    const warden_component_functype_t *ft = ty->of.type.of.func;
    if ((params_use_memory(ft) || result_uses_memory(ft)) && !o.has_memory)
        return wm_invalid_at(d, at, "canonical option `memory` is required");
    if (params_use_memory(ft) && !o.has_realloc)
        return wm_invalid_at(d, at, "canonical option `realloc` is required");
    wm_core_functype want;
    if (!core_signature(d, ft, false, &want)) return false;
    if (!wm_core_functype_equal(&core->of.core.func, &want))
        return wm_invalid_at(d, at,
                             "lowered function type does not match the core function "
                             "lifted");
    if (o.has_post_return) {
        const wm_core_functype *pr = &s->spaces[WM_CORE_FUNC].items[o.post_return].of.core.func;
        wm_core_functype pr_want = {want.nresults, 0, want.results, NULL};
        if (!wm_core_functype_equal(pr, &pr_want))
            return wm_invalid_at(d, at,
                                 "canonical option `post-return` uses a core function "
                                 "with an incorrect signature");
    }
    wm_def *def = wm_def_push(d, s, WM_DEF_LIFT, WM_FUNC);
    if (!def) return false;
    def->offset = (uint32_t)at;
    def->of.canon.func = f;
    def->of.canon.opts = o;
    def->of.canon.type = ft;
    wm_item *it = wm_space_push(d, s, WM_FUNC);
    if (!it) return false;
    it->of.func = ft;
    return true;
}

static bool canon_lower(wm_decoder *d, wm_scope *s, int64_t at)
{
    uint8_t sort;
    uint32_t f;
    wm_canon_opts o;
    memset(&o, 0, sizeof o);
    if (!wm_read_byte(d, &sort) || !wm_read_u32(d, &f) || !read_opts(d, s, &o)) return false;
    if (sort != 0x00) return wm_malformed(d, "invalid sort for canon lower");
    const wm_item *fn = wm_space_get(d, s, WM_FUNC, f);
    if (!fn) return false;
    const warden_component_functype_t *ft = fn->of.func;
    if ((params_use_memory(ft) || result_uses_memory(ft)) && !o.has_memory)
        return wm_invalid_at(d, at, "canonical option `memory` is required");
    if (result_uses_memory(ft) && uses_memory(ft->result) && !o.has_realloc)
        return wm_invalid_at(d, at, "canonical option `realloc` is required");
    if (o.has_post_return)
        return wm_invalid_at(d, at, "canonical option `post-return` cannot be used when lowering");
    wm_def *def = wm_def_push(d, s, WM_DEF_LOWER, WM_CORE_FUNC);
    if (!def) return false;
    def->offset = (uint32_t)at;
    def->of.canon.func = f;
    def->of.canon.opts = o;
    def->of.canon.type = ft;
    wm_item *it = wm_space_push(d, s, WM_CORE_FUNC);
    if (!it) return false;
    it->of.core.sort = WM_CORE_FUNC;
    it->of.core.type.kind = WARDEN_EXTERN_FUNC;
    wm_core_functype *ct = wm_arena_alloc(d->arena, sizeof *ct);
    if (!ct) return wm_no_memory(d);
    if (!core_signature(d, ft, true, ct)) return false;
    it->of.core.func = *ct;
    def->of.canon.core_type = ct;
    return true;
}

static bool is_local_resource(const wm_scope *s, uint32_t id)
{
    const wm_resource_def *rd = s->resource_defs.items;
    for (uint32_t i = 0; i < s->resource_defs.count; i++)
        if (rd[i].id == id) return true;
    return false;
}

static bool canon_resource(wm_decoder *d, wm_scope *s, uint8_t op, int64_t at)
{
    uint32_t t;
    if (!wm_read_u32(d, &t)) return false;
    const wm_item *ty = wm_space_get(d, s, WM_TYPE, t);
    if (!ty) return false;
    if (ty->of.type.kind != WM_TD_RESOURCE)
        return wm_invalid_at(d, at, "type index %u is not a resource type", t);
    uint32_t id = ty->of.type.of.resource;
    if (op != 0x03 && !is_local_resource(s, id))
        return wm_invalid_at(d, at, "not a local resource");
    wm_def_kind kind = op == 0x02   ? WM_DEF_RESOURCE_NEW
                       : op == 0x03 ? WM_DEF_RESOURCE_DROP
                                    : WM_DEF_RESOURCE_REP;
    wm_def *def = wm_def_push(d, s, kind, WM_CORE_FUNC);
    if (!def) return false;
    def->offset = (uint32_t)at;
    def->of.resource = id;
    wm_item *it = wm_space_push(d, s, WM_CORE_FUNC);
    if (!it) return false;
    static const warden_valkind_t i32[1] = {WARDEN_I32};
    it->of.core.sort = WM_CORE_FUNC;
    it->of.core.type.kind = WARDEN_EXTERN_FUNC;
    it->of.core.func.nparams = 1;
    it->of.core.func.params = i32;
    it->of.core.func.nresults = op == 0x03 ? 0 : 1;
    it->of.core.func.results = i32;
    return true;
}

bool wm_read_canon(wm_decoder *d, wm_scope *s)
{
    int64_t at = wm_offset(d);
    uint8_t op;
    if (!wm_read_byte(d, &op)) return false;
    switch (op) {
    case 0x00: return canon_lift(d, s, at);
    case 0x01: return canon_lower(d, s, at);
    case 0x02:
    case 0x03:
    case 0x04: return canon_resource(d, s, op, at);
    default:
        if (op <= 0x2d || (op >= 0x40 && op <= 0x42))
            return wm_invalid_at(d, at,
                                 "canonical built-in 0x%02x (component model async or "
                                 "threads) is not supported",
                                 op);
        d->p--;
        return wm_malformed(d, "invalid leading byte (0x%02x) for canonical function", op);
    }
}
