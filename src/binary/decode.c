/* The module decoder: the preamble, the sequence of sections and the checks that span sections
 * (binary/modules.rst, "Modules"). The sections themselves are decoded in decode_*.c. */
#include <stdlib.h>
#include <string.h>

#include "binary/decode_internal.h"

enum {
    SEC_CUSTOM,
    SEC_TYPE,
    SEC_IMPORT,
    SEC_FUNCTION,
    SEC_TABLE,
    SEC_MEMORY,
    SEC_GLOBAL,
    SEC_EXPORT,
    SEC_START,
    SEC_ELEMENT,
    SEC_CODE,
    SEC_DATA,
    SEC_DATACOUNT,
    SEC_COUNT
};

/* Where each non-custom section must appear: in order of id, except that data count comes
 * between element and code. */
static const uint8_t section_rank[SEC_COUNT] = {
    [SEC_TYPE] = 1,    [SEC_IMPORT] = 2,     [SEC_FUNCTION] = 3, [SEC_TABLE] = 4,
    [SEC_MEMORY] = 5,  [SEC_GLOBAL] = 6,     [SEC_EXPORT] = 7,   [SEC_START] = 8,
    [SEC_ELEMENT] = 9, [SEC_DATACOUNT] = 10, [SEC_CODE] = 11,    [SEC_DATA] = 12,
};

typedef bool (*section_decoder)(wd_decoder *d, wd_reader *r);

static const section_decoder section_decoders[SEC_COUNT] = {
    [SEC_TYPE] = wd_decode_typesec,     [SEC_IMPORT] = wd_decode_importsec,
    [SEC_FUNCTION] = wd_decode_funcsec, [SEC_TABLE] = wd_decode_tablesec,
    [SEC_MEMORY] = wd_decode_memsec,    [SEC_GLOBAL] = wd_decode_globalsec,
    [SEC_EXPORT] = wd_decode_exportsec, [SEC_START] = wd_decode_startsec,
    [SEC_ELEMENT] = wd_decode_elemsec,  [SEC_CODE] = wd_decode_codesec,
    [SEC_DATA] = wd_decode_datasec,     [SEC_DATACOUNT] = wd_decode_datacountsec,
};

static const char *const section_names[SEC_COUNT] = {
    [SEC_CUSTOM] = "custom",       [SEC_TYPE] = "type",     [SEC_IMPORT] = "import",
    [SEC_FUNCTION] = "function",   [SEC_TABLE] = "table",   [SEC_MEMORY] = "memory",
    [SEC_GLOBAL] = "global",       [SEC_EXPORT] = "export", [SEC_START] = "start",
    [SEC_ELEMENT] = "element",     [SEC_CODE] = "code",     [SEC_DATA] = "data",
    [SEC_DATACOUNT] = "datacount",
};

const char *wd_section_name(uint8_t id)
{
    return id < SEC_COUNT ? section_names[id] : NULL;
}

static const uint8_t magic[4] = {0x00, 0x61, 0x73, 0x6D};
static const uint8_t version[4] = {0x01, 0x00, 0x00, 0x00};

bool wd_decode_oom(wd_reader *r)
{
    if (r->err && r->err->message[0] == '\0') r->err->oom = true;
    return wd_reader_fail(r, r->pos, "out of memory");
}

void *wd_decode_alloc(size_t n, size_t size)
{
    return calloc(n ? n : 1, size);
}

char *wd_decode_strdup(const uint8_t *s, uint32_t len)
{
    char *p = malloc((size_t)len + 1);
    if (!p) return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

/* Appends a section record; the array grows geometrically. */
static bool push_section(wd_module *m, uint32_t *cap, wd_reader *r, wd_section sec)
{
    if (m->nsections == *cap) {
        uint32_t ncap = *cap ? *cap * 2 : 8;
        wd_section *s = realloc(m->sections, (size_t)ncap * sizeof *s);
        if (!s) return wd_decode_oom(r);
        m->sections = s;
        *cap = ncap;
    }
    m->sections[m->nsections++] = sec;
    return true;
}

/* A custom section: a name, then bytes. Of these, only the name section's are interpreted. */
static bool custom_section(wd_decoder *d, wd_reader *r, wd_section *sec)
{
    const uint8_t *name = NULL;
    uint32_t len = 0;
    if (!wd_read_name(r, &name, &len)) return false;
    sec->name = wd_decode_strdup(name, len);
    if (!sec->name) return wd_decode_oom(r);
    if (len == 4 && memcmp(name, "name", 4) == 0 && !d->has_names && !wd_decode_namesec(d, r))
        return false;
    r->pos = r->end;
    return true;
}

static bool preamble(wd_reader *r)
{
    const uint8_t *p = NULL;
    if (!wd_read_raw(r, 4, &p)) return false;
    if (memcmp(p, magic, 4) != 0) return wd_reader_fail(r, 0, "magic header not detected");
    if (!wd_read_raw(r, 4, &p)) return false;
    if (memcmp(p, version, 4) != 0) return wd_reader_fail(r, 4, "unknown binary version");
    return true;
}

static bool sections(wd_decoder *d, wd_reader *r)
{
    wd_module *m = d->m;
    uint32_t cap = 0;
    uint8_t last_rank = 0;
    while (!wd_reader_at_end(r)) {
        size_t id_at = r->pos, size_at;
        uint8_t id = 0;
        uint32_t size = 0;
        wd_reader contents;
        if (!wd_read_u8(r, &id)) return false;
        if (id >= SEC_COUNT) return wd_reader_fail(r, id_at, "malformed section id");
        size_at = r->pos;
        if (!wd_read_u32(r, &size) || !wd_reader_sub(r, size, size_at, &contents)) return false;
        if (id != SEC_CUSTOM) {
            /* A repeated or misplaced section is content the module cannot have at that point. */
            if (section_rank[id] <= last_rank)
                return wd_reader_fail(r, id_at, "unexpected content after last section");
            last_rank = section_rank[id];
        }

        wd_section sec = {.id = id, .offset = (uint32_t)contents.pos, .size = size, .name = NULL};
        bool ok = id == SEC_CUSTOM ? custom_section(d, &contents, &sec)
                                   : section_decoders[id](d, &contents);
        if (!push_section(m, &cap, r, sec)) {
            free(sec.name);
            return false;
        }
        if (!ok) return false;
        if (!wd_reader_at_end(&contents))
            return wd_reader_fail(r, contents.pos, "section size mismatch");
    }
    return true;
}

/* Checks that span sections, once all are read. */
static bool finish(wd_decoder *d, wd_reader *r)
{
    wd_module *m = d->m;
    if (m->nbodies != d->ndefined_funcs)
        return wd_reader_fail(r, d->has_code ? d->code_at : r->end,
                              "function and code section have inconsistent lengths");
    if (m->has_datacount && m->datacount != m->ndatas)
        return wd_reader_fail(r, r->end, "data count and data section have inconsistent lengths");
    return wd_decode_finish_spaces(d, r);
}

bool wd_decode(const uint8_t *bytes, size_t len, wd_module **out, wd_decode_error *err)
{
    return wd_decode_progress(bytes, len, NULL, out, err);
}

bool wd_decode_progress(const uint8_t *bytes, size_t len, wd_progress *progress, wd_module **out,
                        wd_decode_error *err)
{
    wd_decode_error scratch;
    if (!err) err = &scratch;
    err->message[0] = '\0';
    err->offset = 0;
    err->oom = false;
    err->stopped = false;
    err->malformed = false;
    if (out) *out = NULL;
    if (!bytes) len = 0;

    wd_reader r;
    wd_reader_init(&r, bytes, 0, len, err);
    /* Offsets in the module are 32-bit. */
    if (len > UINT32_MAX) return wd_reader_fail(&r, UINT32_MAX, "module too large");
    if (!out) return wd_reader_fail(&r, 0, "no output module");

    wd_module *m = calloc(1, sizeof *m);
    if (!m) return wd_decode_oom(&r);
    m->bytes = wd_bytes_alloc(len, &m->bytes_mapped);
    if (!m->bytes) {
        free(m);
        return wd_decode_oom(&r);
    }
    /* Copied in steps that ask whether to go on: a huge module's copy alone takes a while. */
    for (size_t done = 0; done < len; done += WD_PROGRESS_EVERY) {
        size_t n = len - done < WD_PROGRESS_EVERY ? len - done : WD_PROGRESS_EVERY;
        if (progress && progress->keep_going && done && !progress->keep_going(progress->env)) {
            wd_bytes_free(m->bytes, len, m->bytes_mapped);
            free(m);
            err->stopped = true;
            return wd_reader_fail(&r, done, "stopped by the host");
        }
        memcpy(m->bytes + done, bytes + done, n);
    }
    m->len = len;

    wd_decoder d = {.m = m};
    wd_reader_init(&r, m->bytes, 0, len, err);
    r.progress = progress;
    if (!preamble(&r) || !sections(&d, &r) || !finish(&d, &r)) {
        wd_module_free(m);
        return false;
    }
    *out = m;
    return true;
}

void wd_module_free(wd_module *m)
{
    if (!m) return;
    for (uint32_t i = 0; i < m->ntypes; i++) free(m->types[i].types);
    free(m->types);
    for (uint32_t i = 0; i < m->nimports; i++) {
        free(m->imports[i].module);
        free(m->imports[i].name);
    }
    free(m->imports);
    free(m->func_types);
    free(m->tables);
    free(m->mems);
    free(m->globals);
    for (uint32_t i = 0; i < m->nexports; i++) free(m->exports[i].name);
    free(m->exports);
    for (uint32_t i = 0; i < m->nelems; i++) free(m->elems[i].items);
    free(m->elems);
    free(m->datas);
    free(m->bodies);
    for (uint32_t i = 0; i < m->nsections; i++) free(m->sections[i].name);
    free(m->sections);
    free(m->func_declared);
    free(m->module_name);
    for (uint32_t i = 0; i < m->nfunc_names; i++) free(m->func_names[i].name);
    free(m->func_names);
    wd_bytes_free(m->bytes, m->len, m->bytes_mapped);
    free(m);
}
