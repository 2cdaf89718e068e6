/* Type definitions of the component binary format: value types, function types, component and
 * instance types, resource types, and the core types components declare (functions, modules). */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "decode.h"
#include "names.h"

/* ---- value types --------------------------------------------------------------------------- */

static warden_component_type_t *new_type(wm_decoder *d, warden_component_kind_t kind)
{
    warden_component_type_t *t = wm_arena_alloc(d->arena, sizeof *t);
    if (!t) {
        wm_no_memory(d);
        return NULL;
    }
    t->kind = kind;
    return t;
}

static bool finish(wm_decoder *d, warden_component_type_t *t)
{
    if (!wm_type_finish(t)) return wm_invalid(d, "effective type size exceeds the limit");
    return true;
}

/* A primitive value type's code (as a byte), or 0. */
static warden_component_kind_t prim_kind(int64_t code)
{
    switch (code) {
    case 0x7f: return WARDEN_COMPONENT_BOOL;
    case 0x7e: return WARDEN_COMPONENT_S8;
    case 0x7d: return WARDEN_COMPONENT_U8;
    case 0x7c: return WARDEN_COMPONENT_S16;
    case 0x7b: return WARDEN_COMPONENT_U16;
    case 0x7a: return WARDEN_COMPONENT_S32;
    case 0x79: return WARDEN_COMPONENT_U32;
    case 0x78: return WARDEN_COMPONENT_S64;
    case 0x77: return WARDEN_COMPONENT_U64;
    case 0x76: return WARDEN_COMPONENT_F32;
    case 0x75: return WARDEN_COMPONENT_F64;
    case 0x74: return WARDEN_COMPONENT_CHAR;
    case 0x73: return WARDEN_COMPONENT_STRING;
    default: return (warden_component_kind_t)0;
    }
}

bool wm_read_valtype(wm_decoder *d, wm_scope *s, const warden_component_type_t **out)
{
    int64_t v;
    if (!wm_read_s33(d, &v)) return false;
    if (v < 0) {
        int64_t code = v & 0x7f;
        warden_component_kind_t k = (v >= -64) ? prim_kind(code) : (warden_component_kind_t)0;
        if (!k) {
            if (v >= -64 && code == 0x64)
                return wm_invalid(d, "error-context types are not supported");
            return wm_malformed(d, "invalid leading byte (0x%02x) for component value type",
                                (unsigned)code);
        }
        *out = wm_type_scalar(k);
        return true;
    }
    if (v > UINT32_MAX) return wm_invalid(d, "type index out of bounds");
    const wm_item *it = wm_space_get(d, s, WM_TYPE, (uint32_t)v);
    if (!it) return false;
    if (it->of.type.kind != WM_TD_VALUE)
        return wm_invalid(d, "type index %u is not a defined type", (uint32_t)v);
    *out = it->of.type.of.value;
    return true;
}

/* The hash of a label with its letters folded to lower case (labels are ASCII once checked). */
static uint64_t label_hash(const char *s)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (; *s; s++) {
        uint8_t c = (uint8_t)*s;
        if (c >= 'A' && c <= 'Z') c = (uint8_t)(c - 'A' + 'a');
        h = (h ^ c) * UINT64_C(0x100000001b3);
    }
    return h;
}

/* A label of a record field, case, flag, enum case or parameter: checked kebab-case, unique
 * (ignoring case) among seen[0..nseen), whose hashes d->labels holds (cleared at nseen 0). */
static bool read_label(wm_decoder *d, const char *what, const char *const *seen, uint32_t nseen,
                       const char **out)
{
    size_t len;
    int64_t at = wm_offset(d);
    if (nseen == 0) wm_idmap_clear(&d->labels);
    if (!wm_read_name(d, out, &len)) return false;
    if (len == 0) return wm_invalid_at(d, at, "%s name cannot be empty", what);
    char msg[160];
    if (!wm_label_check(*out, len, msg, sizeof msg))
        return wm_invalid_at(d, at, "%s name `%s` is not in kebab case", what, *out);
    uint64_t h = label_hash(*out), first;
    if (wm_idmap_get(&d->labels, h, &first)) {
        /* Names of one hash are rare: look at every earlier one from the first of that hash. */
        for (uint32_t i = (uint32_t)first; i < nseen; i++)
            if (strcasecmp(seen[i], *out) == 0)
                return wm_invalid_at(d, at, "%s name `%s` conflicts with previous %s name `%s`",
                                     what, *out, what, seen[i]);
    } else if (!wm_idmap_put(&d->labels, h, nseen)) {
        return wm_no_memory(d);
    }
    return true;
}

/* The Explainer's <keytype>: what a map may be keyed by. */
static bool map_key_type(const warden_component_type_t *t)
{
    switch (t->kind) {
    case WARDEN_COMPONENT_F32:
    case WARDEN_COMPONENT_F64: return false;
    default: return t->kind >= WARDEN_COMPONENT_BOOL && t->kind <= WARDEN_COMPONENT_STRING;
    }
}

static bool read_optional(wm_decoder *d, bool *present)
{
    uint8_t b;
    if (!wm_read_byte(d, &b)) return false;
    if (b > 1) return wm_malformed(d, "invalid optional byte 0x%02x", b);
    *present = b == 1;
    return true;
}

static bool read_defvaltype(wm_decoder *d, wm_scope *s, uint8_t code,
                            const warden_component_type_t **out)
{
    warden_component_kind_t prim = prim_kind(code);
    if (prim) {
        *out = wm_type_scalar(prim);
        return true;
    }
    warden_component_type_t *t = NULL;
    uint32_t n = 0;
    switch (code) {
    case 0x72: /* record */
    case 0x71: /* variant */
    case 0x6f: /* tuple */
    case 0x6e: /* flags */
    case 0x6d: /* enum */ {
        static const warden_component_kind_t kinds[] = {
            [0x72 - 0x6d] = WARDEN_COMPONENT_RECORD, [0x71 - 0x6d] = WARDEN_COMPONENT_VARIANT,
            [0x6f - 0x6d] = WARDEN_COMPONENT_TUPLE,  [0x6e - 0x6d] = WARDEN_COMPONENT_FLAGS,
            [0x6d - 0x6d] = WARDEN_COMPONENT_ENUM,
        };
        static const char *const what[] = {
            [0x72 - 0x6d] = "record field", [0x71 - 0x6d] = "variant case", [0x6f - 0x6d] = "tuple",
            [0x6e - 0x6d] = "flag",         [0x6d - 0x6d] = "enum tag",
        };
        static const char *const type_name[] = {
            [0x72 - 0x6d] = "record", [0x71 - 0x6d] = "variant", [0x6f - 0x6d] = "tuple",
            [0x6e - 0x6d] = "flags",  [0x6d - 0x6d] = "enum",
        };
        int k = code - 0x6d;
        if (!wm_read_count(d, 1, &n)) return false;
        if (n == 0)
            return wm_invalid(d, "%s type must have at least one %s", type_name[k],
                              k == 0x72 - 0x6d ? "field" : "case");
        if (code == 0x6e && n > 32) return wm_invalid(d, "cannot have more than 32 flags");
        if (!(t = new_type(d, kinds[k]))) return false;
        const char **names = NULL;
        const warden_component_type_t **elems = NULL;
        if (code != 0x6f) {
            names = wm_arena_alloc(d->arena, (size_t)n * sizeof *names);
            if (!names) return wm_no_memory(d);
        }
        if (code != 0x6e && code != 0x6d) {
            elems = wm_arena_alloc(d->arena, (size_t)n * sizeof *elems);
            if (!elems) return wm_no_memory(d);
        }
        for (uint32_t i = 0; i < n; i++) {
            if (names && !read_label(d, what[k], names, i, &names[i])) return false;
            if (code == 0x72 || code == 0x6f) {
                if (!wm_read_valtype(d, s, &elems[i])) return false;
            } else if (code == 0x71) {
                bool has = false;
                if (!read_optional(d, &has)) return false;
                if (has && !wm_read_valtype(d, s, &elems[i])) return false;
                uint8_t refines;
                if (!wm_read_byte(d, &refines)) return false;
                if (refines != 0)
                    return wm_malformed(d, "variant case refinement is not supported");
            }
        }
        t->count = n;
        t->names = names;
        t->elems = elems;
        break;
    }
    case 0x70: /* list */
    case 0x6b: /* option */ {
        const warden_component_type_t **elems = wm_arena_alloc(d->arena, sizeof *elems);
        if (!elems) return wm_no_memory(d);
        if (!wm_read_valtype(d, s, &elems[0])) return false;
        if (!(t = new_type(d, code == 0x70 ? WARDEN_COMPONENT_LIST : WARDEN_COMPONENT_OPTION)))
            return false;
        t->count = 1;
        t->elems = elems;
        break;
    }
    case 0x6a: /* result */ {
        const warden_component_type_t **elems = wm_arena_alloc(d->arena, 2 * sizeof *elems);
        if (!elems) return wm_no_memory(d);
        for (int i = 0; i < 2; i++) {
            bool has = false;
            if (!read_optional(d, &has)) return false;
            if (has && !wm_read_valtype(d, s, &elems[i])) return false;
        }
        if (!(t = new_type(d, WARDEN_COMPONENT_RESULT))) return false;
        t->count = 2;
        t->elems = elems;
        break;
    }
    case 0x69: /* own */
    case 0x68: /* borrow */ {
        uint32_t idx;
        int64_t at = wm_offset(d);
        if (!wm_read_u32(d, &idx)) return false;
        const wm_item *it = wm_space_get(d, s, WM_TYPE, idx);
        if (!it) return false;
        if (it->of.type.kind != WM_TD_RESOURCE)
            return wm_invalid_at(d, at, "type index %u is not a resource type", idx);
        if (!(t = new_type(d, code == 0x69 ? WARDEN_COMPONENT_OWN : WARDEN_COMPONENT_BORROW)))
            return false;
        t->resource = it->of.type.of.resource;
        t->resource_alias = it->of.type.alias;
        break;
    }
    case 0x67: /* list<t, len> */ {
        const warden_component_type_t **elems = wm_arena_alloc(d->arena, sizeof *elems);
        if (!elems) return wm_no_memory(d);
        uint32_t len;
        if (!wm_read_valtype(d, s, &elems[0]) || !wm_read_u32(d, &len)) return false;
        if (len == 0) return wm_invalid(d, "fixed size lists must have more than zero elements");
        if (!(t = new_type(d, WARDEN_COMPONENT_LIST))) return false;
        t->count = 1;
        t->elems = elems;
        t->length = len;
        break;
    }
    case 0x63: /* map<k, v> */ {
        const warden_component_type_t **elems = wm_arena_alloc(d->arena, 2 * sizeof *elems);
        if (!elems) return wm_no_memory(d);
        int64_t at = wm_offset(d);
        if (!wm_read_valtype(d, s, &elems[0])) return false;
        if (!map_key_type(elems[0]))
            return wm_invalid_at(d, at, "map key type must be a boolean, integer, char or string");
        if (!wm_read_valtype(d, s, &elems[1])) return false;
        if (!(t = new_type(d, WARDEN_COMPONENT_MAP))) return false;
        t->count = 2;
        t->elems = elems;
        break;
    }
    case 0x66:
    case 0x65:
        return wm_invalid(d, "streams and futures (component model async) are not supported");
    case 0x64: return wm_invalid(d, "error-context types are not supported");
    default:
        d->p--;
        return wm_malformed(d, "invalid leading byte (0x%02x) for component defined type", code);
    }
    if (!finish(d, t)) return false;
    *out = t;
    return true;
}

/* ---- function types ------------------------------------------------------------------------ */

static bool read_functype(wm_decoder *d, wm_scope *s, const warden_component_functype_t **out)
{
    uint32_t n;
    if (!wm_read_count(d, 2, &n)) return false;
    wm_param *params = n ? wm_arena_alloc(d->arena, (size_t)n * sizeof *params) : NULL;
    if (n && !params) return wm_no_memory(d);
    const char **seen = n ? wm_arena_alloc(d->arena, (size_t)n * sizeof *seen) : NULL;
    if (n && !seen) return wm_no_memory(d);
    for (uint32_t i = 0; i < n; i++) {
        if (!read_label(d, "function parameter", seen, i, &params[i].name) ||
            !wm_read_valtype(d, s, &params[i].type))
            return false;
        seen[i] = params[i].name;
    }
    uint8_t b;
    if (!wm_read_byte(d, &b)) return false;
    const warden_component_type_t *result = NULL;
    if (b == 0x00) {
        if (!wm_read_valtype(d, s, &result)) return false;
        if (result->contains & WM_HAS_BORROW)
            return wm_invalid(d, "function result cannot contain a `borrow` type");
    } else if (b == 0x01) {
        uint8_t z;
        if (!wm_read_byte(d, &z)) return false;
        if (z != 0x00) return wm_malformed(d, "named function results are not supported");
    } else {
        return wm_malformed(d, "invalid function result list");
    }
    warden_component_functype_t *ft = wm_arena_alloc(d->arena, sizeof *ft);
    if (!ft) return wm_no_memory(d);
    ft->nparams = n;
    ft->params = params;
    ft->result = result;
    wm_functype_finish(ft);
    *out = ft;
    return true;
}

/* ---- core types ---------------------------------------------------------------------------- */

static bool read_core_valtype(wm_decoder *d, warden_valkind_t *out)
{
    uint8_t b;
    if (!wm_read_byte(d, &b)) return false;
    switch (b) {
    case 0x7f:
    case 0x7e:
    case 0x7d:
    case 0x7c:
    case 0x7b:
    case 0x70:
    case 0x6f: *out = (warden_valkind_t)b; return true;
    default: d->p--; return wm_malformed(d, "invalid value type 0x%02x", b);
    }
}

static bool read_core_functype(wm_decoder *d, wm_core_functype *out)
{
    for (int side = 0; side < 2; side++) {
        uint32_t n;
        if (!wm_read_count(d, 1, &n)) return false;
        warden_valkind_t *kinds = n ? wm_arena_alloc(d->arena, (size_t)n * sizeof *kinds) : NULL;
        if (n && !kinds) return wm_no_memory(d);
        for (uint32_t i = 0; i < n; i++)
            if (!read_core_valtype(d, &kinds[i])) return false;
        if (side == 0) {
            out->nparams = n;
            out->params = kinds;
        } else {
            out->nresults = n;
            out->results = kinds;
        }
    }
    return true;
}

static bool read_limits(wm_decoder *d, warden_limits_t *l, uint64_t max_allowed, const char *what)
{
    uint8_t flag;
    if (!wm_read_byte(d, &flag)) return false;
    if (flag > 1) return wm_malformed(d, "invalid %s limits flags", what);
    uint32_t v;
    if (!wm_read_u32(d, &v)) return false;
    l->min = v;
    l->has_max = flag == 1;
    if (l->has_max) {
        if (!wm_read_u32(d, &v)) return false;
        l->max = v;
        if (l->max < l->min) return wm_invalid(d, "size minimum must not be greater than maximum");
    }
    if (l->min > max_allowed || (l->has_max && l->max > max_allowed))
        return wm_invalid(d, "%s size must be at most %llu", what, (unsigned long long)max_allowed);
    return true;
}

/* A core extern type, in a module type scope (function types index its core types). */
static bool read_core_externtype(wm_decoder *d, wm_scope *s, wm_core_extern *out)
{
    uint8_t b;
    if (!wm_read_byte(d, &b)) return false;
    switch (b) {
    case 0x00: {
        uint32_t idx;
        if (!wm_read_u32(d, &idx)) return false;
        const wm_item *it = wm_space_get(d, s, WM_CORE_TYPE, idx);
        if (!it) return false;
        if (it->is_module_type)
            return wm_invalid(d, "core type index %u is not a function type", idx);
        out->sort = WM_CORE_FUNC;
        out->type.kind = WARDEN_EXTERN_FUNC;
        out->func = it->core_func;
        return true;
    }
    case 0x01: {
        out->sort = WM_CORE_TABLE;
        out->type.kind = WARDEN_EXTERN_TABLE;
        uint8_t rt;
        if (!wm_read_byte(d, &rt)) return false;
        if (rt != 0x70 && rt != 0x6f) return wm_malformed(d, "invalid reference type 0x%02x", rt);
        out->type.of.table.elem = (warden_valkind_t)rt;
        return read_limits(d, &out->type.of.table.limits, UINT32_MAX, "table");
    }
    case 0x02:
        out->sort = WM_CORE_MEMORY;
        out->type.kind = WARDEN_EXTERN_MEMORY;
        return read_limits(d, &out->type.of.memory.limits, 65536, "memory");
    case 0x03: {
        out->sort = WM_CORE_GLOBAL;
        out->type.kind = WARDEN_EXTERN_GLOBAL;
        uint8_t mut;
        if (!read_core_valtype(d, &out->type.of.global.type) || !wm_read_byte(d, &mut))
            return false;
        if (mut > 1) return wm_malformed(d, "malformed mutability");
        out->type.of.global.mutable_ = mut == 1;
        return true;
    }
    case 0x04: return wm_invalid(d, "tags (exception handling) are not supported");
    default:
        d->p--;
        return wm_malformed(d, "invalid leading byte (0x%02x) for core external type", b);
    }
}

static bool read_core_alias_outer_type(wm_decoder *d, wm_scope *s);

static bool read_module_type(wm_decoder *d, wm_scope *outer, wm_item *out)
{
    if (d->depth >= WM_MAX_DEPTH) return wm_invalid(d, "types nested too deeply");
    wm_scope s;
    wm_scope_init(&s, outer, WM_SCOPE_MODULE_TYPE);
    d->depth++;
    uint32_t n;
    bool ok = wm_read_count(d, 1, &n);
    for (uint32_t i = 0; ok && i < n; i++) {
        uint8_t b;
        if (!(ok = wm_read_byte(d, &b))) break;
        switch (b) {
        case 0x00: {
            wm_core_extern *imp = wm_list_push(d, &s.core_imports);
            ok = imp && wm_read_name(d, &imp->module, NULL) && wm_read_name(d, &imp->name, NULL) &&
                 read_core_externtype(d, &s, imp);
            break;
        }
        case 0x01: ok = wm_read_core_type(d, &s); break;
        case 0x02: ok = read_core_alias_outer_type(d, &s); break;
        case 0x03: {
            wm_core_extern *exp = wm_list_push(d, &s.core_exports);
            ok = exp && wm_read_name(d, &exp->name, NULL) && read_core_externtype(d, &s, exp);
            break;
        }
        default:
            d->p--;
            ok = wm_malformed(d, "invalid leading byte (0x%02x) for type in module type", b);
        }
    }
    d->depth--;
    ok = ok && wm_core_imports_unique(d, s.core_imports.items, s.core_imports.count);
    uint32_t dup = 0;
    const wm_core_extern *exports = s.core_exports.items;
    if (ok)
        ok = wm_first_duplicate(d, exports, sizeof *exports, offsetof(wm_core_extern, name),
                                s.core_exports.count, &dup);
    if (ok && dup < s.core_exports.count)
        ok = wm_invalid(d, "export name `%s` already defined", exports[dup].name);
    wm_core_module_type *mt = NULL;
    if (ok && (mt = wm_arena_alloc(d->arena, sizeof *mt)) == NULL) ok = wm_no_memory(d);
    if (ok) {
        mt->nimports = s.core_imports.count;
        mt->imports = wm_list_freeze(d, &s.core_imports);
        mt->nexports = s.core_exports.count;
        mt->exports = wm_list_freeze(d, &s.core_exports);
        out->is_module_type = true;
        out->of.module = mt;
        ok = !d->failed;
    }
    wm_scope_free(&s);
    return ok;
}

static bool read_core_alias_outer_type(wm_decoder *d, wm_scope *s)
{
    uint8_t sort, kind;
    uint32_t count, idx;
    if (!wm_read_byte(d, &sort) || !wm_read_byte(d, &kind)) return false;
    if (sort != 0x10 || kind != 0x01) return wm_malformed(d, "invalid alias in module type");
    if (!wm_read_u32(d, &count) || !wm_read_u32(d, &idx)) return false;
    wm_scope *target = s;
    for (uint32_t i = 0; i < count && target; i++) target = target->outer;
    if (!target) return wm_invalid(d, "invalid outer alias count of %u", count);
    const wm_item *it = wm_space_get(d, target, WM_CORE_TYPE, idx);
    if (!it) return false;
    if (it->is_module_type) return wm_invalid(d, "cannot alias a module type into a module type");
    wm_item *dst = wm_space_push(d, s, WM_CORE_TYPE);
    if (!dst) return false;
    *dst = *it;
    return true;
}

bool wm_read_core_type(wm_decoder *d, wm_scope *s)
{
    uint8_t b;
    if (!wm_read_byte(d, &b)) return false;
    wm_item it;
    memset(&it, 0, sizeof it);
    if (b == 0x60) {
        if (!read_core_functype(d, &it.core_func)) return false;
    } else if (b == 0x50) {
        if (s->kind == WM_SCOPE_MODULE_TYPE)
            return wm_invalid(d, "module types cannot be nested in module types");
        if (!read_module_type(d, s, &it)) return false;
    } else if (b == 0x4e || b == 0x00 || b == 0x4f || b == 0x5f || b == 0x5e) {
        return wm_invalid(d, "garbage-collected core types are not supported");
    } else {
        d->p--;
        return wm_malformed(d, "invalid leading byte (0x%02x) for core type", b);
    }
    if (s->kind == WM_SCOPE_COMPONENT && !wm_def_push(d, s, WM_DEF_CORE_TYPE, WM_CORE_TYPE))
        return false;
    wm_item *dst = wm_space_push(d, s, WM_CORE_TYPE);
    if (!dst) return false;
    *dst = it;
    return true;
}

/* ---- component and instance types ---------------------------------------------------------- */

static bool read_decl_scope(wm_decoder *d, wm_scope *outer, bool component, wm_typedef *out)
{
    if (d->depth >= WM_MAX_DEPTH) return wm_invalid(d, "types nested too deeply");
    wm_scope s;
    wm_scope_init(&s, outer, component ? WM_SCOPE_COMPONENT_TYPE : WM_SCOPE_INSTANCE_TYPE);
    d->depth++;
    uint32_t n;
    bool ok = wm_read_count(d, 1, &n);
    for (uint32_t i = 0; ok && i < n; i++) {
        uint8_t b;
        if (!(ok = wm_read_byte(d, &b))) break;
        switch (b) {
        case 0x00: ok = wm_read_core_type(d, &s); break;
        case 0x01: ok = wm_read_type(d, &s); break;
        case 0x02: ok = wm_read_alias(d, &s); break;
        case 0x03:
            if (!component) {
                d->p--;
                ok = wm_malformed(d, "invalid leading byte (0x03) for instance type declaration");
            } else {
                ok = wm_read_import(d, &s);
            }
            break;
        case 0x04: ok = wm_read_export_decl(d, &s); break;
        default:
            d->p--;
            ok = wm_malformed(d, "invalid leading byte (0x%02x) for %s type declaration", b,
                              component ? "component" : "instance");
        }
    }
    d->depth--;
    ok = ok && (!component || wm_check_imports_closed(d, &s.imports, &s.defined_resources));
    if (ok) {
        if (component) {
            wm_component_type *ct = wm_arena_alloc(d->arena, sizeof *ct);
            if (!ct) {
                ok = wm_no_memory(d);
            } else {
                wm_freeze_ports(d, &s, ct);
                ct->ndefined_resources = s.defined_resources.count;
                ct->defined_resources = wm_list_freeze(d, &s.defined_resources);
                out->kind = WM_TD_COMPONENT;
                out->of.component = ct;
            }
        } else {
            wm_instance_type *it = wm_arena_alloc(d->arena, sizeof *it);
            if (!it) {
                ok = wm_no_memory(d);
            } else {
                it->nexports = s.exports.count;
                it->exports = wm_list_freeze(d, &s.exports);
                it->nresources = s.defined_resources.count;
                it->resources = wm_list_freeze(d, &s.defined_resources);
                out->kind = WM_TD_INSTANCE;
                out->of.instance = it;
            }
        }
        ok = ok && !d->failed;
    }
    wm_scope_free(&s);
    return ok;
}

bool wm_read_type(wm_decoder *d, wm_scope *s)
{
    uint8_t b;
    int64_t at = wm_offset(d);
    if (!wm_read_byte(d, &b)) return false;
    wm_typedef td;
    memset(&td, 0, sizeof td);
    switch (b) {
    case 0x40:
        td.kind = WM_TD_FUNC;
        if (!read_functype(d, s, &td.of.func)) return false;
        break;
    case 0x43: return wm_invalid(d, "async functions (component model async) are not supported");
    case 0x41:
    case 0x42:
        if (!read_decl_scope(d, s, b == 0x41, &td)) return false;
        break;
    case 0x3f: {
        if (s->kind != WM_SCOPE_COMPONENT)
            return wm_invalid_at(d, at,
                                 "resources can only be defined within a concrete "
                                 "component");
        uint8_t rep;
        if (!wm_read_byte(d, &rep)) return false;
        if (rep != 0x7f) return wm_invalid(d, "resources can only be represented by `i32`");
        bool has_dtor = false;
        uint32_t dtor = 0;
        if (!read_optional(d, &has_dtor) || (has_dtor && !wm_read_u32(d, &dtor))) return false;
        if (has_dtor) {
            const wm_item *f = wm_space_get(d, s, WM_CORE_FUNC, dtor);
            if (!f) return false;
            if (f->of.core.func.nparams != 1 || f->of.core.func.params[0] != WARDEN_I32 ||
                f->of.core.func.nresults != 0)
                return wm_invalid(d, "wrong signature for a destructor");
        }
        wm_resource_def *rd = wm_list_push(d, &s->resource_defs);
        uint32_t *defined = rd ? wm_list_push(d, &s->defined_resources) : NULL;
        if (!defined || !wm_new_resource(d, &rd->id)) return false;
        *defined = rd->id;
        rd->has_dtor = has_dtor;
        rd->dtor = dtor;
        td.kind = WM_TD_RESOURCE;
        td.of.resource = rd->id;
        td.alias = wm_new_alias(d);
        break;
    }
    default:
        td.kind = WM_TD_VALUE;
        if (!read_defvaltype(d, s, b, &td.of.value)) return false;
        break;
    }
    if (s->kind == WM_SCOPE_COMPONENT) {
        wm_def *def = wm_def_push(d, s, WM_DEF_TYPE, WM_TYPE);
        if (!def) return false;
        def->of.type = td;
        def->offset = (uint32_t)at;
    }
    wm_item *it = wm_space_push(d, s, WM_TYPE);
    if (!it) return false;
    it->of.type = td;
    return true;
}

bool wm_read_externtype(wm_decoder *d, wm_scope *s, wm_extern_type *out)
{
    uint8_t b;
    int64_t at = wm_offset(d);
    if (!wm_read_byte(d, &b)) return false;
    uint32_t idx;
    switch (b) {
    case 0x00: {
        uint8_t m;
        if (!wm_read_byte(d, &m)) return false;
        if (m != 0x11) return wm_malformed(d, "invalid core module extern type");
        if (!wm_read_u32(d, &idx)) return false;
        const wm_item *it = wm_space_get(d, s, WM_CORE_TYPE, idx);
        if (!it) return false;
        if (!it->is_module_type)
            return wm_invalid_at(d, at, "core type index %u is not a module type", idx);
        out->sort = WM_CORE_MODULE;
        out->of.module = it->of.module;
        return true;
    }
    case 0x01:
    case 0x04:
    case 0x05: {
        if (!wm_read_u32(d, &idx)) return false;
        const wm_item *it = wm_space_get(d, s, WM_TYPE, idx);
        if (!it) return false;
        wm_typedef_kind want = b == 0x01   ? WM_TD_FUNC
                               : b == 0x04 ? WM_TD_COMPONENT
                                           : WM_TD_INSTANCE;
        if (it->of.type.kind != want)
            return wm_invalid_at(d, at, "type index %u is not a %s type", idx,
                                 b == 0x01   ? "function"
                                 : b == 0x04 ? "component"
                                             : "instance");
        if (b == 0x01) {
            out->sort = WM_FUNC;
            out->of.func = it->of.type.of.func;
        } else if (b == 0x04) {
            out->sort = WM_COMPONENT;
            out->of.component = it->of.type.of.component;
        } else {
            out->sort = WM_INSTANCE;
            out->of.instance = it->of.type.of.instance;
        }
        return true;
    }
    case 0x02: return wm_invalid(d, "value imports and exports are not supported");
    case 0x03: {
        uint8_t bound;
        if (!wm_read_byte(d, &bound)) return false;
        out->sort = WM_TYPE;
        if (bound == 0x00) {
            if (!wm_read_u32(d, &idx)) return false;
            const wm_item *it = wm_space_get(d, s, WM_TYPE, idx);
            if (!it) return false;
            return wm_typedef_unique(d, &it->of.type, &out->of.type);
        }
        if (bound == 0x01) {
            out->of.type.kind = WM_TD_RESOURCE;
            out->of.type.alias = wm_new_alias(d);
            return wm_new_resource(d, &out->of.type.of.resource);
        }
        return wm_malformed(d, "invalid type bound");
    }
    default:
        d->p--;
        return wm_malformed(d, "invalid leading byte (0x%02x) for component external type", b);
    }
}
