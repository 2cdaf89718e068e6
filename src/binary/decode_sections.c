/* The sections that declare a module's entities: type, import, function, table, memory, global,
 * export and start (binary/modules.rst). */
#include "binary/decode_internal.h"

/* Allocates the index space of one kind with room for its imports, which come first and are
 * filled in here, and `ndefined` definitions. The import section precedes every section that
 * defines entities, so the imports are known when this runs. */
static bool space_alloc(wd_decoder *d, wd_reader *r, uint8_t kind, uint32_t ndefined)
{
    wd_module *m = d->m;
    uint32_t nimports = kind == WD_EXTERN_FUNC     ? m->nfunc_imports
                        : kind == WD_EXTERN_TABLE  ? m->ntable_imports
                        : kind == WD_EXTERN_MEMORY ? m->nmem_imports
                                                   : m->nglobal_imports;
    /* Each import and each definition took bytes of the input, whose size fits in 32 bits. */
    uint32_t total = nimports + ndefined;
    size_t elsize = kind == WD_EXTERN_FUNC     ? sizeof(uint32_t)
                    : kind == WD_EXTERN_TABLE  ? sizeof(wd_tabletype)
                    : kind == WD_EXTERN_MEMORY ? sizeof(wd_limits)
                                               : sizeof(wd_global);
    void *space = wd_decode_alloc(total, elsize);
    if (!space) return wd_decode_oom(r);

    uint32_t k = 0;
    for (uint32_t i = 0; i < m->nimports; i++) {
        const wd_import *im = &m->imports[i];
        if (im->kind != kind) continue;
        switch (kind) {
        case WD_EXTERN_FUNC: ((uint32_t *)space)[k++] = im->d.func_type; break;
        case WD_EXTERN_TABLE: ((wd_tabletype *)space)[k++] = im->d.table; break;
        case WD_EXTERN_MEMORY: ((wd_limits *)space)[k++] = im->d.mem; break;
        default: ((wd_global *)space)[k++].type = im->d.global; break;
        }
    }
    switch (kind) {
    case WD_EXTERN_FUNC:
        m->func_types = space;
        m->nfuncs = total;
        break;
    case WD_EXTERN_TABLE:
        m->tables = space;
        m->ntables = total;
        break;
    case WD_EXTERN_MEMORY:
        m->mems = space;
        m->nmems = total;
        break;
    default:
        m->globals = space;
        m->nglobals = total;
        break;
    }
    return true;
}

bool wd_decode_finish_spaces(wd_decoder *d, wd_reader *r)
{
    wd_module *m = d->m;
    return (m->func_types || space_alloc(d, r, WD_EXTERN_FUNC, 0)) &&
           (m->tables || space_alloc(d, r, WD_EXTERN_TABLE, 0)) &&
           (m->mems || space_alloc(d, r, WD_EXTERN_MEMORY, 0)) &&
           (m->globals || space_alloc(d, r, WD_EXTERN_GLOBAL, 0));
}

bool wd_decode_typesec(wd_decoder *d, wd_reader *r)
{
    wd_module *m = d->m;
    uint32_t n = 0;
    if (!wd_read_count(r, &n)) return false;
    m->types = wd_decode_alloc(n, sizeof *m->types);
    if (!m->types) return wd_decode_oom(r);
    m->ntypes = n;
    for (uint32_t i = 0; i < n; i++)
        if (!wd_decode_functype(r, &m->types[i])) return false;
    return true;
}

static bool import_desc(wd_reader *r, wd_import *im)
{
    size_t at = r->pos;
    if (!wd_read_u8(r, &im->kind)) return false;
    switch (im->kind) {
    case WD_EXTERN_FUNC: return wd_read_u32(r, &im->d.func_type);
    case WD_EXTERN_TABLE: return wd_decode_tabletype(r, &im->d.table);
    case WD_EXTERN_MEMORY: return wd_decode_limits(r, &im->d.mem);
    case WD_EXTERN_GLOBAL: return wd_decode_globaltype(r, &im->d.global);
    default: return wd_reader_fail(r, at, "malformed import kind");
    }
}

bool wd_decode_importsec(wd_decoder *d, wd_reader *r)
{
    wd_module *m = d->m;
    uint32_t n = 0;
    if (!wd_read_count(r, &n)) return false;
    m->imports = wd_decode_alloc(n, sizeof *m->imports);
    if (!m->imports) return wd_decode_oom(r);
    m->nimports = n;
    for (uint32_t i = 0; i < n; i++) {
        wd_import *im = &m->imports[i];
        const uint8_t *mod = NULL, *name = NULL;
        if (!wd_read_name(r, &mod, &im->module_len) || !wd_read_name(r, &name, &im->name_len))
            return false;
        im->module = wd_decode_strdup(mod, im->module_len);
        im->name = wd_decode_strdup(name, im->name_len);
        if (!im->module || !im->name) return wd_decode_oom(r);
        if (!import_desc(r, im)) return false;
        switch (im->kind) {
        case WD_EXTERN_FUNC: m->nfunc_imports++; break;
        case WD_EXTERN_TABLE: m->ntable_imports++; break;
        case WD_EXTERN_MEMORY: m->nmem_imports++; break;
        default: m->nglobal_imports++; break;
        }
    }
    return true;
}

bool wd_decode_funcsec(wd_decoder *d, wd_reader *r)
{
    wd_module *m = d->m;
    uint32_t n = 0;
    if (!wd_read_count(r, &n) || !space_alloc(d, r, WD_EXTERN_FUNC, n)) return false;
    d->has_funcsec = true;
    d->ndefined_funcs = n;
    for (uint32_t i = 0; i < n; i++)
        if (!wd_read_u32(r, &m->func_types[m->nfunc_imports + i])) return false;
    return true;
}

bool wd_decode_tablesec(wd_decoder *d, wd_reader *r)
{
    wd_module *m = d->m;
    uint32_t n = 0;
    if (!wd_read_count(r, &n) || !space_alloc(d, r, WD_EXTERN_TABLE, n)) return false;
    for (uint32_t i = 0; i < n; i++)
        if (!wd_decode_tabletype(r, &m->tables[m->ntable_imports + i])) return false;
    return true;
}

bool wd_decode_memsec(wd_decoder *d, wd_reader *r)
{
    wd_module *m = d->m;
    uint32_t n = 0;
    if (!wd_read_count(r, &n) || !space_alloc(d, r, WD_EXTERN_MEMORY, n)) return false;
    for (uint32_t i = 0; i < n; i++)
        if (!wd_decode_limits(r, &m->mems[m->nmem_imports + i])) return false;
    return true;
}

bool wd_decode_globalsec(wd_decoder *d, wd_reader *r)
{
    wd_module *m = d->m;
    uint32_t n = 0;
    if (!wd_read_count(r, &n) || !space_alloc(d, r, WD_EXTERN_GLOBAL, n)) return false;
    for (uint32_t i = 0; i < n; i++) {
        wd_global *g = &m->globals[m->nglobal_imports + i];
        if (!wd_decode_globaltype(r, &g->type) || !wd_decode_constexpr(r, &g->init)) return false;
    }
    return true;
}

bool wd_decode_exportsec(wd_decoder *d, wd_reader *r)
{
    wd_module *m = d->m;
    uint32_t n = 0;
    if (!wd_read_count(r, &n)) return false;
    m->exports = wd_decode_alloc(n, sizeof *m->exports);
    if (!m->exports) return wd_decode_oom(r);
    m->nexports = n;
    for (uint32_t i = 0; i < n; i++) {
        wd_export *ex = &m->exports[i];
        const uint8_t *name = NULL;
        if (!wd_read_name(r, &name, &ex->name_len)) return false;
        ex->name = wd_decode_strdup(name, ex->name_len);
        if (!ex->name) return wd_decode_oom(r);
        size_t at = r->pos;
        if (!wd_read_u8(r, &ex->kind)) return false;
        if (ex->kind > WD_EXTERN_GLOBAL) return wd_reader_fail(r, at, "malformed export kind");
        if (!wd_read_u32(r, &ex->index)) return false;
    }
    return true;
}

bool wd_decode_startsec(wd_decoder *d, wd_reader *r)
{
    if (!wd_read_u32(r, &d->m->start)) return false;
    d->m->has_start = true;
    return true;
}
