/* Module validation outside function bodies (valid/modules.rst, valid/types.rst). Constant
 * expressions are checked under the spec's context C': only imported globals are visible. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binary/module.h"

enum { MAX_MEMORY_PAGES = 65536 };

typedef struct ctx {
    wd_module *m;
    wd_decode_error *err;
} ctx;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static bool
fail(ctx *c, uint64_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err->message, sizeof c->err->message, fmt, ap);
    va_end(ap);
    c->err->offset = offset;
    return false;
}

/* Running out of memory is not the module's fault: recorded as such. */
static bool oom(ctx *c, uint64_t offset)
{
    c->err->oom = true;
    return fail(c, offset, "out of memory");
}

/* Offset of the contents of the first section with this id, for errors about its entries (the
 * decoded entries do not keep their own offsets). */
static uint64_t section_at(const wd_module *m, uint8_t id)
{
    for (uint32_t i = 0; i < m->nsections; i++)
        if (m->sections[i].id == id) return m->sections[i].offset;
    return m->len;
}

enum {
    SEC_IMPORT = 2,
    SEC_FUNCTION = 3,
    SEC_TABLE = 4,
    SEC_MEMORY = 5,
    SEC_EXPORT = 7,
    SEC_START = 8
};

static bool limits(ctx *c, const wd_limits *l, uint64_t range, const char *range_msg, uint64_t at)
{
    if (l->min > range) return fail(c, at, "%s", range_msg);
    if (l->has_max) {
        if (l->max > range) return fail(c, at, "%s", range_msg);
        if (l->min > l->max) return fail(c, at, "size minimum must not be greater than maximum");
    }
    return true;
}

static bool memtype(ctx *c, const wd_limits *l, uint64_t at)
{
    return limits(c, l, MAX_MEMORY_PAGES, "memory size must be at most 65536 pages (4GiB)", at);
}

static bool tabletype(ctx *c, const wd_tabletype *t, uint64_t at)
{
    return limits(c, &t->lim, UINT32_MAX, "table size must be at most 2^32-1", at);
}

static bool type_index(ctx *c, uint32_t x, uint64_t at)
{
    return x < c->m->ntypes || fail(c, at, "unknown type %u", x);
}

/* The type of constant expression e. */
static bool constexpr_type(ctx *c, const wd_constexpr *e, uint8_t *type)
{
    const wd_module *m = c->m;
    switch (e->kind) {
    case WD_CONST_I32: *type = WD_I32; return true;
    case WD_CONST_I64: *type = WD_I64; return true;
    case WD_CONST_F32: *type = WD_F32; return true;
    case WD_CONST_F64: *type = WD_F64; return true;
    case WD_CONST_V128: *type = WD_V128; return true;
    case WD_CONST_REF_NULL: *type = e->reftype; return true;
    case WD_CONST_REF_FUNC:
        if (e->index >= m->nfuncs) return fail(c, e->offset, "unknown function %u", e->index);
        *type = WD_FUNCREF;
        return true;
    case WD_CONST_GLOBAL_GET:
        /* Imported globals come first in the index space, and only they are visible here. */
        if (e->index >= m->nglobal_imports)
            return fail(c, e->offset, "unknown global %u", e->index);
        if (m->globals[e->index].type.mut)
            return fail(c, e->offset, "constant expression required");
        *type = m->globals[e->index].type.type;
        return true;
    default: return fail(c, e->offset, "constant expression required");
    }
}

static bool constexpr_of(ctx *c, const wd_constexpr *e, uint8_t expected)
{
    uint8_t t = 0;
    if (!constexpr_type(c, e, &t)) return false;
    return t == expected || fail(c, e->offset, "type mismatch");
}

static bool imports(ctx *c)
{
    const wd_module *m = c->m;
    uint64_t at = section_at(m, SEC_IMPORT);
    for (uint32_t i = 0; i < m->nimports; i++) {
        const wd_import *im = &m->imports[i];
        bool ok = true;
        switch (im->kind) {
        case WD_EXTERN_FUNC: ok = type_index(c, im->d.func_type, at); break;
        case WD_EXTERN_TABLE: ok = tabletype(c, &im->d.table, at); break;
        case WD_EXTERN_MEMORY: ok = memtype(c, &im->d.mem, at); break;
        default: break;
        }
        if (!ok) return false;
    }
    return true;
}

static bool definitions(ctx *c)
{
    const wd_module *m = c->m;
    uint64_t at = section_at(m, SEC_TABLE);
    for (uint32_t i = m->ntable_imports; i < m->ntables; i++)
        if (!tabletype(c, &m->tables[i], at)) return false;
    at = section_at(m, SEC_MEMORY);
    for (uint32_t i = m->nmem_imports; i < m->nmems; i++)
        if (!memtype(c, &m->mems[i], at)) return false;
    for (uint32_t i = m->nglobal_imports; i < m->nglobals; i++)
        if (!constexpr_of(c, &m->globals[i].init, m->globals[i].type.type)) return false;
    at = section_at(m, SEC_FUNCTION);
    for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++)
        if (!type_index(c, m->func_types[i], at)) return false;
    return true;
}

static bool elems(ctx *c)
{
    const wd_module *m = c->m;
    for (uint32_t i = 0; i < m->nelems; i++) {
        const wd_elem *e = &m->elems[i];
        for (uint32_t k = 0; k < e->count; k++)
            if (!constexpr_of(c, &e->items[k], e->type)) return false;
        if (e->mode != WD_SEG_ACTIVE) continue;
        if (e->table >= m->ntables) return fail(c, e->offset.offset, "unknown table %u", e->table);
        if (!constexpr_of(c, &e->offset, WD_I32)) return false;
        if (m->tables[e->table].elem != e->type) return fail(c, e->offset.offset, "type mismatch");
    }
    return true;
}

static bool datas(ctx *c)
{
    const wd_module *m = c->m;
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const wd_data *d = &m->datas[i];
        if (d->mode != WD_SEG_ACTIVE) continue;
        if (d->mem >= m->nmems) return fail(c, d->offset.offset, "unknown memory %u", d->mem);
        if (!constexpr_of(c, &d->offset, WD_I32)) return false;
    }
    return true;
}

static bool start(ctx *c)
{
    const wd_module *m = c->m;
    if (!m->has_start) return true;
    uint64_t at = section_at(m, SEC_START);
    if (m->start >= m->nfuncs) return fail(c, at, "unknown function %u", m->start);
    const wd_functype *t = &m->types[m->func_types[m->start]];
    if (t->nparams != 0 || t->nresults != 0) return fail(c, at, "start function");
    return true;
}

static int cmp_export_names(const void *a, const void *b)
{
    const wd_export *x = *(const wd_export *const *)a, *y = *(const wd_export *const *)b;
    if (x->name_len != y->name_len) return x->name_len < y->name_len ? -1 : 1;
    return memcmp(x->name, y->name, x->name_len);
}

static bool exports(ctx *c)
{
    const wd_module *m = c->m;
    uint64_t at = section_at(m, SEC_EXPORT);
    for (uint32_t i = 0; i < m->nexports; i++) {
        const wd_export *ex = &m->exports[i];
        switch (ex->kind) {
        case WD_EXTERN_FUNC:
            if (ex->index >= m->nfuncs) return fail(c, at, "unknown function %u", ex->index);
            break;
        case WD_EXTERN_TABLE:
            if (ex->index >= m->ntables) return fail(c, at, "unknown table %u", ex->index);
            break;
        case WD_EXTERN_MEMORY:
            if (ex->index >= m->nmems) return fail(c, at, "unknown memory %u", ex->index);
            break;
        default:
            if (ex->index >= m->nglobals) return fail(c, at, "unknown global %u", ex->index);
            break;
        }
    }
    if (m->nexports < 2) return true;

    /* Sorting makes the duplicate check O(n log n): the count is only bounded by the input size. */
    const wd_export **sorted = malloc((size_t)m->nexports * sizeof *sorted);
    if (!sorted) return oom(c, at);
    for (uint32_t i = 0; i < m->nexports; i++) sorted[i] = &m->exports[i];
    qsort(sorted, m->nexports, sizeof *sorted, cmp_export_names);
    bool ok = true;
    for (uint32_t i = 1; i < m->nexports && ok; i++)
        if (cmp_export_names(&sorted[i - 1], &sorted[i]) == 0)
            ok = fail(c, at, "duplicate export name");
    free(sorted);
    return ok;
}

/* The spec's C.refs: functions named outside function bodies and the start function. */
static bool declare_refs(ctx *c)
{
    wd_module *m = c->m;
    free(m->func_declared);
    m->func_declared = calloc(m->nfuncs ? m->nfuncs : 1, 1);
    if (!m->func_declared) return oom(c, 0);
    for (uint32_t i = m->nglobal_imports; i < m->nglobals; i++)
        if (m->globals[i].init.kind == WD_CONST_REF_FUNC)
            m->func_declared[m->globals[i].init.index] = 1;
    for (uint32_t i = 0; i < m->nelems; i++)
        for (uint32_t k = 0; k < m->elems[i].count; k++)
            if (m->elems[i].items[k].kind == WD_CONST_REF_FUNC)
                m->func_declared[m->elems[i].items[k].index] = 1;
    for (uint32_t i = 0; i < m->nexports; i++)
        if (m->exports[i].kind == WD_EXTERN_FUNC) m->func_declared[m->exports[i].index] = 1;
    return true;
}

bool wd_validate_module(wd_module *m, wd_decode_error *err)
{
    wd_decode_error scratch;
    ctx c = {.m = m, .err = err ? err : &scratch};
    c.err->message[0] = '\0';
    c.err->offset = 0;
    c.err->oom = false;
    c.err->malformed = false; /* every failure here breaks a validation rule */
    if (!m) return fail(&c, 0, "no module");
    if (!imports(&c) || !definitions(&c) || !elems(&c) || !datas(&c) || !start(&c) || !exports(&c))
        return false;
    if (m->nmems > 1)
        return fail(&c, section_at(m, m->nmem_imports > 1 ? SEC_IMPORT : SEC_MEMORY),
                    "multiple memories");
    return declare_refs(&c);
}
