/* The names of imports and exports: reading nameattributes, and the rules a name puts on its item
 * (Binary.md, "Import and Export Definitions"; Explainer.md, "Import and Export Definitions" and
 * "Name Uniqueness"): the `implements` and `versionsuffix` attributes, the [constructor],
 * [method] and [static] annotations, and strong uniqueness. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"

static const char *const ATTRIBUTE_NAMES[3] = {"implements", "versionsuffix", "external-id"};

bool wm_read_extern_name(wm_decoder *d, wm_extern_name *out)
{
    memset(out, 0, sizeof *out);
    out->at = wm_offset(d);
    uint8_t b;
    if (!wm_read_byte(d, &b)) return false;
    if (b > 0x02)
        return wm_malformed(d, "invalid leading byte (0x%02x) for component external name", b);
    size_t len;
    if (!wm_read_name(d, &out->name, &len)) return false;
    if (b == 0x02) {
        uint32_t n;
        if (!wm_read_count(d, 1, &n)) return false;
        for (uint32_t i = 0; i < n; i++) {
            int64_t at = wm_offset(d);
            uint8_t kind;
            const char *value;
            size_t vlen;
            if (!wm_read_byte(d, &kind)) return false;
            if (kind > 0x02) {
                d->p--;
                return wm_malformed(d, "invalid leading byte (0x%02x) for name attribute", kind);
            }
            if (!wm_read_name(d, &value, &vlen)) return false;
            bool *has = kind == 0   ? &out->has_implements
                        : kind == 1 ? &out->has_versionsuffix
                                    : &out->has_external_id;
            if (*has)
                return wm_invalid_at(d, at, "duplicate '%s' option in name", ATTRIBUTE_NAMES[kind]);
            *has = true;
            if (kind == 0) {
                out->implements = value;
                out->implements_len = vlen;
            } else if (kind == 1) {
                out->versionsuffix = value;
                out->versionsuffix_len = vlen;
            } else {
                out->external_id = value;
            }
        }
    }
    char msg[200];
    if (!wm_name_parse(out->name, len, &out->parsed, msg, sizeof msg))
        return wm_invalid_at(d, out->at, "%s", msg);
    return true;
}

/* ---- resource names in scope ---------------------------------------------------------------- */

bool wm_rnames_add(wm_decoder *d, wm_rnames *rn, uint32_t alias, const char *name)
{
    const char **slot = wm_list_push(d, &rn->names);
    if (!slot) return false;
    *slot = name;
    uint64_t h = wm_hash_names(name, NULL);
    if (!wm_idmap_put(&rn->by_alias, alias, rn->names.count - 1) ||
        (!wm_idmap_has(&rn->by_name, h) && !wm_idmap_put(&rn->by_name, h, rn->names.count - 1)))
        return wm_no_memory(d);
    return true;
}

void wm_rnames_free(wm_rnames *rn)
{
    wm_idmap_free(&rn->by_alias);
    wm_idmap_free(&rn->by_name);
    free(rn->names.items);
    rn->names.items = NULL;
    rn->names.count = rn->names.cap = 0;
}

/* The name the resource with name id `alias` has in rn, or NULL. */
static const char *rname_of(const wm_rnames *rn, uint32_t alias)
{
    uint64_t i;
    if (!rn || alias == 0 || !wm_idmap_get(&rn->by_alias, alias, &i)) return NULL;
    return ((const char *const *)rn->names.items)[i];
}

/* wm_hash_names of the name s[0..len). */
static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (size_t i = 0; i < len; i++) h = (h ^ (uint8_t)s[i]) * UINT64_C(0x100000001b3);
    return h;
}

/* Whether s[0..len) is the name of a resource in rn. Names of one hash start at the first one
 * of that hash (rarely, another name has the same hash). */
static bool rname_known(const wm_rnames *rn, const char *s, size_t len)
{
    uint64_t first;
    if (!rn || !wm_idmap_get(&rn->by_name, hash_bytes(s, len), &first)) return false;
    const char *const *names = rn->names.items;
    for (uint32_t i = (uint32_t)first; i < rn->names.count; i++)
        if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0) return true;
    return false;
}

/* ---- [constructor], [method], [static] ------------------------------------------------------ */

/* The resource a handle type names, when t is one of `kind`. */
static bool handle_of(const warden_component_type_t *t, warden_component_kind_t kind,
                      uint32_t *alias)
{
    if (!t || t->kind != kind) return false;
    *alias = t->resource_alias;
    return true;
}

/* Checks that the handle's resource is the one named `want` in rn. */
static bool check_resource_name(wm_decoder *d, const wm_rnames *rn, uint32_t alias,
                                const wm_extern_name *xn, const char *prefix)
{
    const char *have = rname_of(rn, alias);
    const wm_name *n = &xn->parsed;
    if (!have)
        return wm_invalid_at(d, xn->at,
                             "%s: resource used in function does not have a name in this context",
                             prefix);
    if (strlen(have) != n->resource_len || memcmp(have, n->resource, n->resource_len) != 0)
        return wm_invalid_at(d, xn->at, "%s: function does not match expected resource name `%s`",
                             prefix, have);
    return true;
}

static bool check_annotated(wm_decoder *d, const wm_rnames *rn, const char *what,
                            const wm_extern_name *xn, const wm_extern_type *et)
{
    const wm_name *n = &xn->parsed;
    if (n->kind != WM_NAME_CONSTRUCTOR && n->kind != WM_NAME_METHOD && n->kind != WM_NAME_STATIC)
        return true;
    char prefix[160];
    snprintf(prefix, sizeof prefix, "%s name `%.100s` is not valid", what, xn->name);
    if (et->sort != WM_FUNC) return wm_invalid_at(d, xn->at, "%s: item is not a func", prefix);
    const warden_component_functype_t *ft = et->of.func;
    uint32_t alias = 0;
    switch (n->kind) {
    case WM_NAME_CONSTRUCTOR: {
        const warden_component_type_t *r = ft->result;
        if (!r) return wm_invalid_at(d, xn->at, "%s: function should return one value", prefix);
        if (!handle_of(r, WARDEN_COMPONENT_OWN, &alias) &&
            !(r->kind == WARDEN_COMPONENT_RESULT && r->elems &&
              handle_of(r->elems[0], WARDEN_COMPONENT_OWN, &alias)))
            return wm_invalid_at(
                d, xn->at, "%s: function should return `(own $T)` or `(result (own $T))`", prefix);
        return check_resource_name(d, rn, alias, xn, prefix);
    }
    case WM_NAME_METHOD:
        if (ft->nparams == 0)
            return wm_invalid_at(d, xn->at, "%s: function should have at least one argument",
                                 prefix);
        if (strcmp(ft->params[0].name, "self") != 0)
            return wm_invalid_at(d, xn->at,
                                 "%s: function should have a first argument called `self`", prefix);
        if (!handle_of(ft->params[0].type, WARDEN_COMPONENT_BORROW, &alias))
            return wm_invalid_at(
                d, xn->at, "%s: function should take a first argument of `(borrow $T)`", prefix);
        return check_resource_name(d, rn, alias, xn, prefix);
    default:
        if (!rname_known(rn, n->resource, n->resource_len))
            return wm_invalid_at(d, xn->at, "%s: static resource name is not known in this context",
                                 prefix);
        return true;
    }
}

/* ---- the whole check ------------------------------------------------------------------------ */

static bool conflict(wm_decoder *d, const char *what, const wm_extern_name *xn, const char *other)
{
    return wm_invalid_at(d, xn->at, "%s name `%s` conflicts with previous name `%s`", what,
                         xn->name, other);
}

/* Strong uniqueness of xn among the names already in `list` (wm_named). Conflicting names hash
 * alike, so the index finds the first name of xn's hash; xn conflicts with it or with a later
 * one of the same hash (after a collision), so the names from there on are looked at. */
static bool check_unique(wm_decoder *d, const wm_list *list, wm_idmap *index, const char *what,
                         const wm_extern_name *xn)
{
    const wm_named *items = list->items;
    uint64_t h = wm_name_hash(&xn->parsed), at;
    if (wm_idmap_get(index, h, &at)) {
        for (uint32_t i = (uint32_t)at; i < list->count; i++) {
            wm_name po;
            const char *other = items[i].name;
            if (wm_name_parse(other, strlen(other), &po, NULL, 0) &&
                wm_name_conflicts(&xn->parsed, &po))
                return conflict(d, what, xn, other);
        }
        return true;
    }
    if (!wm_idmap_put(index, h, list->count)) return wm_no_memory(d);
    return true;
}

bool wm_check_extern(wm_decoder *d, const wm_rnames *rn, const wm_list *names, wm_idmap *index,
                     wm_extern_kind kind, const wm_extern_name *xn, const wm_extern_type *et)
{
    const char *what = kind == WM_IMPORT ? "import" : "export";
    char msg[240];
    wm_name implements;
    if (xn->has_implements) {
        if (!wm_implements_check(&xn->parsed, xn->implements, xn->implements_len, &implements, msg,
                                 sizeof msg))
            return wm_invalid_at(d, xn->at, "%s", msg);
        if (et->sort != WM_INSTANCE)
            return wm_invalid_at(d, xn->at, "only instances can have an `implements`");
    }
    if (xn->has_versionsuffix &&
        !wm_versionsuffix_check(xn->has_implements ? &implements : &xn->parsed, xn->versionsuffix,
                                xn->versionsuffix_len, msg, sizeof msg))
        return wm_invalid_at(d, xn->at, "%s", msg);
    return check_annotated(d, rn, what, xn, et) && check_unique(d, names, index, what, xn);
}
