/* The name section (appendix/custom.rst): the module name and the function names. Errors in it
 * must not invalidate the module, so a malformed name section is dropped as a whole. */
#include <stdlib.h>
#include <string.h>

#include "binary/decode_internal.h"

enum { SUB_MODULE = 0, SUB_FUNCTIONS = 1 };

typedef struct names {
    char *module_name;
    wd_name *funcs;
    uint32_t nfuncs;
} names;

static void names_free(names *n)
{
    free(n->module_name);
    for (uint32_t i = 0; i < n->nfuncs; i++) free(n->funcs[i].name);
    free(n->funcs);
}

/* Returns false when the subsection is malformed or memory ran out (*oom set). */
static bool module_name(wd_reader *r, names *out, bool *oom)
{
    const uint8_t *s = NULL;
    uint32_t len = 0;
    if (!wd_read_name(r, &s, &len)) return false;
    out->module_name = wd_decode_strdup(s, len);
    *oom = out->module_name == NULL;
    return !*oom;
}

/* A name map whose indices must increase strictly. */
static bool func_names(wd_reader *r, names *out, bool *oom)
{
    uint32_t n = 0;
    if (!wd_read_count(r, &n)) return false;
    out->funcs = wd_decode_alloc(n, sizeof *out->funcs);
    if (!out->funcs) {
        *oom = true;
        return false;
    }
    for (uint32_t i = 0; i < n; i++) {
        wd_name *e = &out->funcs[i];
        const uint8_t *s = NULL;
        uint32_t len = 0;
        if (!wd_read_u32(r, &e->index) || !wd_read_name(r, &s, &len)) return false;
        if (i > 0 && e->index <= out->funcs[i - 1].index) return false;
        e->name = wd_decode_strdup(s, len);
        if (!e->name) {
            *oom = true;
            return false;
        }
        out->nfuncs = i + 1;
    }
    return true;
}

/* Parses the subsections into *out; false if malformed or out of memory (*oom set). */
static bool parse(wd_reader *r, names *out, bool *oom)
{
    int last = -1;
    while (!wd_reader_at_end(r)) {
        uint8_t id = 0;
        uint32_t size = 0;
        size_t size_at;
        wd_reader sub;
        if (!wd_read_u8(r, &id)) return false;
        size_at = r->pos;
        if (!wd_read_u32(r, &size) || !wd_reader_sub(r, size, size_at, &sub)) return false;
        /* Each subsection at most once, in increasing order of id. */
        if ((int)id <= last) return false;
        last = id;
        bool ok = true;
        if (id == SUB_MODULE)
            ok = module_name(&sub, out, oom);
        else if (id == SUB_FUNCTIONS)
            ok = func_names(&sub, out, oom);
        else
            sub.pos = sub.end; /* local names and later additions: not used */
        if (!ok || !wd_reader_at_end(&sub)) return false;
    }
    return true;
}

bool wd_decode_namesec(wd_decoder *d, wd_reader *contents)
{
    /* Parse with a private error record: whatever goes wrong here is not the module's error. */
    wd_decode_error scratch;
    wd_reader r = *contents;
    scratch.message[0] = '\0';
    scratch.oom = false;
    r.err = &scratch;

    names n = {0};
    bool oom = false;
    if (!parse(&r, &n, &oom)) {
        names_free(&n);
        return oom ? wd_decode_oom(contents) : true;
    }
    d->m->module_name = n.module_name;
    d->m->func_names = n.funcs;
    d->m->nfunc_names = n.nfuncs;
    d->has_names = true;
    return true;
}

const char *wd_module_func_name(const wd_module *m, uint32_t index)
{
    if (!m) return NULL;
    uint32_t lo = 0, hi = m->nfunc_names;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (m->func_names[mid].index < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->nfunc_names && m->func_names[lo].index == index ? m->func_names[lo].name : NULL;
}

const wd_export *wd_module_export(const wd_module *m, const char *name, size_t len)
{
    if (!m || (len && !name)) return NULL;
    for (uint32_t i = 0; i < m->nexports; i++) {
        const wd_export *e = &m->exports[i];
        if (e->name_len == len && (len == 0 || memcmp(e->name, name, len) == 0)) return e;
    }
    return NULL;
}
