/* Decoding a component binary: the preamble, the sections, nested components, and the
 * component object itself (warden_component_new). Binary.md is the format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi_util.h"
#include "decode.h"

static const uint8_t PREAMBLE[8] = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};

bool warden_is_component(const uint8_t *bytes, size_t len)
{
    return bytes && len >= 8 && memcmp(bytes, PREAMBLE, 4) == 0 && bytes[6] == 0x01 &&
           bytes[7] == 0x00;
}

/* ---- errors -------------------------------------------------------------------------------- */

static bool fail(wm_decoder *d, warden_error_kind_t kind, int64_t offset, const char *fmt,
                 va_list ap)
{
    if (d->failed) return false;
    d->failed = true;
    d->error_kind = kind;
    d->error_offset = offset;
    vsnprintf(d->error, sizeof d->error, fmt, ap);
    return false;
}

bool wm_malformed(wm_decoder *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail(d, WARDEN_ERROR_MALFORMED, wm_offset(d), fmt, ap);
    va_end(ap);
    return false;
}

bool wm_invalid(wm_decoder *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail(d, WARDEN_ERROR_INVALID, wm_offset(d), fmt, ap);
    va_end(ap);
    return false;
}

bool wm_invalid_at(wm_decoder *d, int64_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail(d, WARDEN_ERROR_INVALID, offset, fmt, ap);
    va_end(ap);
    return false;
}

bool wm_no_memory(wm_decoder *d)
{
    if (!d->failed) {
        d->failed = true;
        d->error_kind = WARDEN_ERROR_NO_MEMORY;
        d->error_offset = -1;
        snprintf(d->error, sizeof d->error, "out of memory");
    }
    return false;
}

/* ---- reading ------------------------------------------------------------------------------- */

bool wm_read_byte(wm_decoder *d, uint8_t *out)
{
    if (d->p >= d->end) return wm_malformed(d, "unexpected end of input");
    *out = *d->p++;
    return true;
}

bool wm_read_u32(wm_decoder *d, uint32_t *out)
{
    uint64_t v = 0;
    for (unsigned shift = 0;; shift += 7) {
        uint8_t b;
        if (!wm_read_byte(d, &b)) return false;
        if (shift == 28 && (b & 0x70)) return wm_malformed(d, "integer too large");
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) break;
        if (shift == 28) return wm_malformed(d, "integer representation too long");
    }
    *out = (uint32_t)v;
    return true;
}

bool wm_read_s33(wm_decoder *d, int64_t *out)
{
    uint64_t v = 0;
    unsigned shift = 0;
    uint8_t b;
    for (;;) {
        if (!wm_read_byte(d, &b)) return false;
        v |= (uint64_t)(b & 0x7f) << shift;
        shift += 7;
        if (!(b & 0x80)) break;
        if (shift >= 35) return wm_malformed(d, "integer representation too long");
    }
    if (shift == 35) {
        /* The last byte holds bits 28..32 and the sign: the unused bits must extend the sign. */
        uint8_t high = b & 0x70;
        if (high != 0 && high != 0x70) return wm_malformed(d, "integer too large");
    }
    if (shift < 64 && (b & 0x40)) v |= ~(uint64_t)0 << shift;
    *out = (int64_t)v;
    return true;
}

bool wm_read_name(wm_decoder *d, const char **out, size_t *len)
{
    uint32_t n;
    if (!wm_read_u32(d, &n)) return false;
    if ((size_t)(d->end - d->p) < n) return wm_malformed(d, "unexpected end of input");
    if (wm_utf8_check(d->p, n) != 0) return wm_malformed(d, "malformed UTF-8 encoding");
    char *s = wm_arena_strndup(d->arena, (const char *)d->p, n);
    if (!s) return wm_no_memory(d);
    d->p += n;
    *out = s;
    if (len) *len = n;
    return true;
}

bool wm_read_count(wm_decoder *d, size_t min_item_size, uint32_t *out)
{
    if (!wm_read_u32(d, out)) return false;
    if (min_item_size && *out > (size_t)(d->end - d->p) / min_item_size)
        return wm_malformed(d, "vector length %u is beyond the end of the section", *out);
    return true;
}

/* ---- lists, index spaces and scopes -------------------------------------------------------- */

void *wm_list_push(wm_decoder *d, wm_list *l)
{
    if (l->count >= WM_MAX_ITEMS) {
        wm_invalid(d, "too many items");
        return NULL;
    }
    if (l->count == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 8;
        void *p = realloc(l->items, (size_t)cap * l->size);
        if (!p) {
            wm_no_memory(d);
            return NULL;
        }
        l->items = p;
        l->cap = cap;
    }
    void *item = (char *)l->items + (size_t)l->count++ * l->size;
    memset(item, 0, l->size);
    return item;
}

const void *wm_list_freeze(wm_decoder *d, const wm_list *l)
{
    if (l->count == 0) return NULL;
    void *p = wm_arena_alloc(d->arena, (size_t)l->count * l->size);
    if (!p) {
        wm_no_memory(d);
        return NULL;
    }
    memcpy(p, l->items, (size_t)l->count * l->size);
    return p;
}

wm_item *wm_space_push(wm_decoder *d, wm_scope *s, wm_sort sort)
{
    wm_space *sp = &s->spaces[sort];
    if (sp->count >= WM_MAX_ITEMS) {
        wm_invalid(d, "too many %ss", wm_sort_name(sort));
        return NULL;
    }
    if (sp->count == sp->cap) {
        uint32_t cap = sp->cap ? sp->cap * 2 : 8;
        wm_item *p = realloc(sp->items, (size_t)cap * sizeof *p);
        if (!p) {
            wm_no_memory(d);
            return NULL;
        }
        sp->items = p;
        sp->cap = cap;
    }
    wm_item *it = &sp->items[sp->count++];
    memset(it, 0, sizeof *it);
    return it;
}

const wm_item *wm_space_get(wm_decoder *d, wm_scope *s, wm_sort sort, uint32_t index)
{
    if (index >= s->spaces[sort].count) {
        wm_invalid(d, "unknown %s %u: %s index out of bounds", wm_sort_name(sort), index,
                   wm_sort_name(sort));
        return NULL;
    }
    return &s->spaces[sort].items[index];
}

static void list_init(wm_list *l, size_t size)
{
    l->items = NULL;
    l->count = l->cap = 0;
    l->size = size;
}

void wm_scope_init(wm_scope *s, wm_scope *outer, wm_scope_kind kind)
{
    memset(s, 0, sizeof *s);
    s->outer = outer;
    s->kind = kind;
    list_init(&s->imports, sizeof(wm_named));
    list_init(&s->exports, sizeof(wm_named));
    list_init(&s->resource_imports, sizeof(uint32_t));
    list_init(&s->defs, sizeof(wm_def));
    list_init(&s->modules, sizeof(warden_module_t *));
    list_init(&s->resource_defs, sizeof(wm_resource_def));
    list_init(&s->core_imports, sizeof(wm_core_extern));
    list_init(&s->core_exports, sizeof(wm_core_extern));
    list_init(&s->defined_resources, sizeof(uint32_t));
    list_init(&s->indexes, sizeof(wm_name_index));
    for (int k = 0; k < 2; k++) list_init(&s->rnames[k].names, sizeof(const char *));
}

void wm_scope_free(wm_scope *s)
{
    for (int i = 0; i < WM_SORT_COUNT; i++) free(s->spaces[i].items);
    free(s->imports.items);
    free(s->exports.items);
    free(s->resource_imports.items);
    free(s->defs.items);
    /* Modules moved into a finished component are owned by it; the others are released by
     * whoever failed (see read_component). */
    free(s->modules.items);
    free(s->resource_defs.items);
    free(s->core_imports.items);
    free(s->core_exports.items);
    free(s->defined_resources.items);
    wm_name_index *indexes = s->indexes.items;
    for (uint32_t i = 0; i < s->indexes.count; i++) wm_name_index_free(&indexes[i]);
    free(s->indexes.items);
    wm_idmap_free(&s->indexes_by_list);
    for (int k = 0; k < 2; k++) {
        wm_idmap_free(&s->named[k]);
        wm_idmap_free(&s->named_ok[k]);
        wm_idmap_free(&s->unique[k]);
        wm_rnames_free(&s->rnames[k]);
    }
}

wm_def *wm_def_push(wm_decoder *d, wm_scope *s, wm_def_kind kind, wm_sort sort)
{
    wm_def *def = wm_list_push(d, &s->defs);
    if (!def) return NULL;
    def->kind = kind;
    def->sort = sort;
    def->index = s->spaces[sort].count;
    def->offset = (uint32_t)wm_offset(d);
    return def;
}

void wm_freeze_ports(wm_decoder *d, const wm_scope *s, wm_component_type *ct)
{
    ct->nimports = s->imports.count;
    ct->imports = wm_list_freeze(d, &s->imports);
    ct->nexports = s->exports.count;
    ct->exports = wm_list_freeze(d, &s->exports);
    ct->nresource_imports = s->resource_imports.count;
    ct->resource_imports = wm_list_freeze(d, &s->resource_imports);
}

const char *wm_sort_name(wm_sort sort)
{
    static const char *const names[WM_SORT_COUNT] = {
        "core func", "core table",  "core memory",   "core global", "core tag",
        "core type", "core module", "core instance", "func",        "value",
        "type",      "component",   "instance",
    };
    return (unsigned)sort < WM_SORT_COUNT ? names[sort] : "item";
}

/* ---- components ---------------------------------------------------------------------------- */

static bool read_sections(wm_decoder *d, wm_scope *s)
{
    while (d->p < d->end) {
        uint8_t id;
        uint32_t size;
        if (!wm_read_byte(d, &id) || !wm_read_u32(d, &size)) return false;
        if ((size_t)(d->end - d->p) < size)
            return wm_malformed(d, "section size mismatch: unexpected end of section or function");
        const uint8_t *section_end = d->p + size;
        const uint8_t *saved_end = d->end;
        d->end = section_end;
        bool ok = true;
        uint32_t n = 0;
        switch (id) {
        case 0: { /* custom */
            const char *name;
            ok = wm_read_name(d, &name, NULL);
            d->p = section_end;
            break;
        }
        case 1: ok = wm_read_core_module(d, s, size); break;
        case 2:
            ok = wm_read_count(d, 2, &n);
            for (uint32_t i = 0; ok && i < n; i++) ok = wm_read_core_instance(d, s);
            break;
        case 3:
            ok = wm_read_count(d, 1, &n);
            for (uint32_t i = 0; ok && i < n; i++) ok = wm_read_core_type(d, s);
            break;
        case 4: {
            wm_component *child = NULL;
            ok = wm_read_component(d, s, section_end, &child);
            if (ok) {
                wm_def *def = wm_def_push(d, s, WM_DEF_COMPONENT, WM_COMPONENT);
                wm_item *it = def ? wm_space_push(d, s, WM_COMPONENT) : NULL;
                ok = it != NULL;
                if (ok) {
                    def->of.component = child;
                    it->of.component = &child->type;
                } else {
                    wm_component_free(child);
                }
            }
            break;
        }
        case 5:
            ok = wm_read_count(d, 2, &n);
            for (uint32_t i = 0; ok && i < n; i++) ok = wm_read_instance(d, s);
            break;
        case 6:
            ok = wm_read_count(d, 3, &n);
            for (uint32_t i = 0; ok && i < n; i++) ok = wm_read_alias(d, s);
            break;
        case 7:
            ok = wm_read_count(d, 1, &n);
            for (uint32_t i = 0; ok && i < n; i++) ok = wm_read_type(d, s);
            break;
        case 8:
            ok = wm_read_count(d, 1, &n);
            for (uint32_t i = 0; ok && i < n; i++) ok = wm_read_canon(d, s);
            break;
        case 9: ok = wm_invalid(d, "start functions (value definitions) are not supported"); break;
        case 10:
            ok = wm_read_count(d, 2, &n);
            for (uint32_t i = 0; ok && i < n; i++) ok = wm_read_import(d, s);
            break;
        case 11:
            ok = wm_read_count(d, 2, &n);
            for (uint32_t i = 0; ok && i < n; i++) ok = wm_read_export(d, s);
            break;
        case 12: ok = wm_invalid(d, "value definitions are not supported"); break;
        default:
            d->p--;
            ok = wm_malformed(d, "unknown section id %u", id);
            break;
        }
        if (!ok) return false;
        if (d->p != section_end)
            return wm_malformed(d, "section size mismatch: unexpected content after last item");
        d->end = saved_end;
    }
    return true;
}

void wm_component_free(wm_component *c)
{
    if (!c) return;
    for (uint32_t i = 0; i < c->nmodules; i++)
        warden_module_delete((warden_module_t *)c->modules[i]);
    for (uint32_t i = 0; i < c->ndefs; i++)
        if (c->defs[i].kind == WM_DEF_COMPONENT)
            wm_component_free((wm_component *)c->defs[i].of.component);
}

/* The resources a component's exports introduce: those defined inside it that its exports name
 * (each instantiation gives them fresh types). */
static bool exported_resources(wm_decoder *d, wm_scope *s, wm_component_type *ct)
{
    wm_idmap used = {0};
    bool ok = wm_collect_resources(d, ct->exports, ct->nexports, &used);
    const uint32_t *defined = s->defined_resources.items;
    uint32_t n = 0;
    uint32_t *ids = NULL;
    if (ok && used.count && s->defined_resources.count) {
        ids = wm_arena_alloc(d->arena, (size_t)s->defined_resources.count * sizeof *ids);
        if (!ids) ok = wm_no_memory(d);
    }
    for (uint32_t i = 0; ok && ids && i < s->defined_resources.count; i++)
        if (wm_idmap_has(&used, defined[i])) ids[n++] = defined[i];
    wm_idmap_free(&used);
    ct->ndefined_resources = n;
    ct->defined_resources = ids;
    return ok;
}

/* Decodes a component from d->p to `end` (past the preamble check) in a new scope. */
static bool read_body(wm_decoder *d, wm_scope *outer, const uint8_t *end, wm_component **out)
{
    if (d->depth >= WM_MAX_DEPTH) return wm_invalid(d, "components nested too deeply");
    if ((size_t)(end - d->p) < 8 || memcmp(d->p, PREAMBLE, 4) != 0)
        return wm_malformed(d, "magic header not detected");
    if (d->p[4] != 0x0d || d->p[5] != 0x00 || d->p[6] != 0x01 || d->p[7] != 0x00) {
        d->p += 4;
        return wm_malformed(d,
                            "unknown binary version and encoding combination: 0x%02x%02x, "
                            "layer %u",
                            d->p[1], d->p[0], d->p[2] | (d->p[3] << 8));
    }
    d->p += 8;
    wm_scope s;
    wm_scope_init(&s, outer, WM_SCOPE_COMPONENT);
    const uint8_t *saved_end = d->end;
    d->end = end;
    d->depth++;
    bool ok = read_sections(d, &s) && wm_check_imports_closed(d, &s.imports, &s.defined_resources);
    d->depth--;
    d->end = saved_end;
    wm_component *c = NULL;
    if (ok) {
        c = wm_arena_alloc(d->arena, sizeof *c);
        if (!c) ok = wm_no_memory(d);
    }
    if (ok) {
        c->parent = NULL;
        c->ndefs = s.defs.count;
        c->defs = wm_list_freeze(d, &s.defs);
        c->nmodules = s.modules.count;
        c->modules = wm_list_freeze(d, &s.modules);
        for (int i = 0; i < WM_SORT_COUNT; i++) c->counts[i] = s.spaces[i].count;
        wm_freeze_ports(d, &s, &c->type);
        ok = exported_resources(d, &s, &c->type);
        c->nresource_defs = s.resource_defs.count;
        c->resource_defs = wm_list_freeze(d, &s.resource_defs);
        ok = ok && !d->failed;
    }
    if (!ok) {
        /* Free what this scope owns: its modules and the nested components it decoded. */
        warden_module_t **mods = s.modules.items;
        for (uint32_t i = 0; i < s.modules.count; i++) warden_module_delete(mods[i]);
        wm_def *defs = s.defs.items;
        for (uint32_t i = 0; i < s.defs.count; i++)
            if (defs[i].kind == WM_DEF_COMPONENT)
                wm_component_free((wm_component *)defs[i].of.component);
        c = NULL;
    }
    wm_scope_free(&s);
    *out = c;
    return ok;
}

bool wm_read_component(wm_decoder *d, wm_scope *outer, const uint8_t *end, wm_component **out)
{
    return read_body(d, outer, end, out);
}

warden_error_t *warden_component_new(warden_engine_t *engine, const uint8_t *bytes, size_t len,
                                     warden_component_t **out)
{
    if (!out) return warden_error_new(WARDEN_ERROR_ARGUMENT, "warden_component_new: NULL out");
    *out = NULL;
    if (!engine || (!bytes && len))
        return warden_error_new(WARDEN_ERROR_ARGUMENT,
                                "warden_component_new: NULL engine or bytes");
    warden_component_t *c = calloc(1, sizeof *c);
    if (!c) return warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
    atomic_init(&c->refs, 1);
    c->engine = engine;
    wm_decoder d = {0};
    d.engine = engine;
    d.component = c;
    d.arena = &c->arena;
    d.base = bytes ? bytes : (const uint8_t *)"";
    d.p = d.base;
    d.end = d.base + len;
    wm_component *root = NULL;
    bool ok = read_body(&d, NULL, d.end, &root);
    wm_idmap_free(&d.labels);
    if (!ok) {
        wm_arena_free(&c->arena);
        free(c);
        if (d.error_obj) return d.error_obj;
        return warden_error_new_at(d.error_kind, d.error_offset, "%s", d.error);
    }
    c->root = root;
    c->nresources = d.next_resource;
    *out = c;
    return NULL;
}

warden_component_t *warden_component_clone(warden_component_t *component)
{
    if (component) atomic_fetch_add_explicit(&component->refs, 1, memory_order_relaxed);
    return component;
}

void warden_component_delete(warden_component_t *component)
{
    if (!component) return;
    if (atomic_fetch_sub_explicit(&component->refs, 1, memory_order_acq_rel) != 1) return;
    wm_component_free(component->root);
    wm_arena_free(&component->arena);
    free(component);
}
