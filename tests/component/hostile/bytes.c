/* The binary writer of the hostile-component tests (bytes.h). */
#include "bytes.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void reserve(hb *b, size_t n)
{
    if (b->cap - b->len >= n) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap - b->len < n) cap *= 2;
    uint8_t *p = realloc(b->p, cap);
    assert_non_null(p);
    b->p = p;
    b->cap = cap;
}

void hb_byte(hb *b, uint8_t v)
{
    reserve(b, 1);
    b->p[b->len++] = v;
}

void hb_bytes(hb *b, const void *p, size_t n)
{
    if (!n) return;
    reserve(b, n);
    memcpy(b->p + b->len, p, n);
    b->len += n;
}

void hb_fill(hb *b, uint8_t v, size_t n)
{
    reserve(b, n);
    memset(b->p + b->len, v, n);
    b->len += n;
}

void hb_u32(hb *b, uint64_t v)
{
    do {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        hb_byte(b, (uint8_t)(byte | (v ? 0x80 : 0)));
    } while (v);
}

void hb_s32(hb *b, int32_t v)
{
    int64_t x = v;
    for (;;) {
        uint8_t byte = (uint8_t)(x & 0x7f);
        x >>= 7;
        bool done = (x == 0 && !(byte & 0x40)) || (x == -1 && (byte & 0x40));
        hb_byte(b, (uint8_t)(byte | (done ? 0 : 0x80)));
        if (done) return;
    }
}

void hb_s33(hb *b, uint32_t index)
{
    int64_t x = index;
    for (;;) {
        uint8_t byte = (uint8_t)(x & 0x7f);
        x >>= 7;
        bool done = x == 0 && !(byte & 0x40);
        hb_byte(b, (uint8_t)(byte | (done ? 0 : 0x80)));
        if (done) return;
    }
}

void hb_name(hb *b, const char *s)
{
    size_t n = strlen(s);
    hb_u32(b, n);
    hb_bytes(b, s, n);
}

void hb_buf(hb *b, const hb *other)
{
    hb_bytes(b, other->p, other->len);
}

void hb_section(hb *b, uint8_t id, hb *body)
{
    hb_byte(b, id);
    hb_u32(b, body->len);
    hb_buf(b, body);
    hb_free(body);
}

void hb_preamble(hb *b)
{
    static const uint8_t pre[8] = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
    hb_bytes(b, pre, sizeof pre);
}

void hb_core_header(hb *b)
{
    static const uint8_t head[8] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    hb_bytes(b, head, sizeof head);
}

void hb_free(hb *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

const char *hb_label(char *buf, uint32_t i)
{
    size_t n = 0;
    buf[n++] = (char)('a' + i % 26);
    for (i /= 26; i; i /= 26) buf[n++] = (char)('a' + i % 26);
    buf[n] = 0;
    return buf;
}

/* ---- core modules ------------------------------------------------------------------------------
 */

void hb_module_init(hb_module *m, uint32_t pages, bool import_memory)
{
    memset(m, 0, sizeof *m);
    m->pages = pages;
    m->import_memory = import_memory;
    m->start = -1;
}

static uint8_t valtype(char c)
{
    switch (c) {
    case 'i': return 0x7f;
    case 'I': return 0x7e;
    case 'f': return 0x7d;
    case 'F': return 0x7c;
    default: fail_msg("unknown value type '%c' in a signature", c);
    }
    return 0;
}

/* A new type for `sig` ("params:results"). */
static uint32_t type_of(hb_module *m, const char *sig)
{
    const char *colon = strchr(sig, ':');
    size_t np = colon ? (size_t)(colon - sig) : strlen(sig);
    size_t nr = colon ? strlen(colon + 1) : 0;
    hb_byte(&m->types, 0x60);
    hb_u32(&m->types, np);
    for (size_t i = 0; i < np; i++) hb_byte(&m->types, valtype(sig[i]));
    hb_u32(&m->types, nr);
    for (size_t i = 0; i < nr; i++) hb_byte(&m->types, valtype(colon[1 + i]));
    return m->ntypes++;
}

uint32_t hb_module_import(hb_module *m, const char *name, const char *sig)
{
    assert_int_equal(m->nfuncs, 0);
    uint32_t t = type_of(m, sig);
    hb_name(&m->imports, "env");
    hb_name(&m->imports, name);
    hb_byte(&m->imports, 0x00);
    hb_u32(&m->imports, t);
    return m->nimports++;
}

uint32_t hb_module_func(hb_module *m, const char *export, const char *sig, const uint8_t *code,
                        size_t len)
{
    uint32_t t = type_of(m, sig);
    hb_u32(&m->funcs, t);
    uint32_t index = m->nimports + m->nfuncs++;
    hb_u32(&m->code, len + 2);
    hb_byte(&m->code, 0); /* no locals */
    hb_bytes(&m->code, code, len);
    hb_byte(&m->code, HB_END);
    if (export) {
        hb_name(&m->exports, export);
        hb_byte(&m->exports, 0x00);
        hb_u32(&m->exports, index);
        m->nexports++;
    }
    return index;
}

void hb_module_data(hb_module *m, uint32_t offset, const void *bytes, size_t len)
{
    hb_byte(&m->data, 0x00);
    hb_byte(&m->data, HB_I32_CONST);
    hb_s32(&m->data, (int32_t)offset);
    hb_byte(&m->data, HB_END);
    hb_u32(&m->data, len);
    hb_bytes(&m->data, bytes, len);
    m->ndata++;
}

/* Section `id` holding `count` items written in `items` (then freed). */
static void vec_section(hb *out, uint8_t id, uint32_t count, hb *items)
{
    hb body = {0};
    hb_u32(&body, count);
    hb_buf(&body, items);
    hb_free(items);
    hb_section(out, id, &body);
}

void hb_module_finish(hb_module *m, hb *out)
{
    hb_core_header(out);
    vec_section(out, 1, m->ntypes, &m->types);
    uint32_t nimports = m->nimports;
    if (m->pages && m->import_memory) {
        hb_name(&m->imports, "env");
        hb_name(&m->imports, "mem");
        hb_byte(&m->imports, 0x02);
        hb_byte(&m->imports, 0x00);
        hb_u32(&m->imports, m->pages);
        nimports++;
    }
    vec_section(out, 2, nimports, &m->imports);
    vec_section(out, 3, m->nfuncs, &m->funcs);
    if (m->pages && !m->import_memory) {
        hb body = {0};
        hb_u32(&body, 1);
        hb_byte(&body, 0x00);
        hb_u32(&body, m->pages);
        hb_section(out, 5, &body);
        hb_name(&m->exports, "mem");
        hb_byte(&m->exports, 0x02);
        hb_u32(&m->exports, 0);
        m->nexports++;
    }
    vec_section(out, 7, m->nexports, &m->exports);
    if (m->start >= 0) {
        hb body = {0};
        hb_u32(&body, (uint32_t)m->start);
        hb_section(out, 8, &body);
    }
    vec_section(out, 10, m->nfuncs, &m->code);
    vec_section(out, 11, m->ndata, &m->data);
}
