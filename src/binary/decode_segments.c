/* The sections that carry contents: element, data count, code and data (binary/modules.rst). */
#include "binary/decode_internal.h"

/* Element segment flags: bit 0 passive or declarative, bit 1 explicit table index (active) or
 * declarative (otherwise), bit 2 element expressions instead of function indices. */
enum { ELEM_NOT_ACTIVE = 1, ELEM_TABLE_OR_DECLARATIVE = 2, ELEM_EXPRS = 4 };

static bool elem_items(wd_reader *r, wd_elem *e, bool exprs)
{
    uint32_t n = 0;
    if (!wd_read_count(r, &n)) return false;
    e->items = wd_decode_alloc(n, sizeof *e->items);
    if (!e->items) return wd_decode_oom(r);
    e->count = n;
    for (uint32_t i = 0; i < n; i++) {
        wd_constexpr *item = &e->items[i];
        if (exprs) {
            if (!wd_decode_constexpr(r, item)) return false;
        } else {
            item->kind = WD_CONST_REF_FUNC;
            item->offset = (uint32_t)r->pos;
            if (!wd_read_u32(r, &item->index)) return false;
        }
    }
    return true;
}

static bool elem(wd_reader *r, wd_elem *e)
{
    size_t at = r->pos;
    uint32_t flags = 0;
    if (!wd_read_u32(r, &flags)) return false;
    if (flags > 7) return wd_reader_fail(r, at, "malformed elements segment kind");

    e->type = WD_FUNCREF;
    if (!(flags & ELEM_NOT_ACTIVE)) {
        e->mode = WD_SEG_ACTIVE;
        if ((flags & ELEM_TABLE_OR_DECLARATIVE) && !wd_read_u32(r, &e->table)) return false;
        if (!wd_decode_constexpr(r, &e->offset)) return false;
    } else {
        e->mode = (flags & ELEM_TABLE_OR_DECLARATIVE) ? WD_SEG_DECLARATIVE : WD_SEG_PASSIVE;
    }
    /* Flags 0 and 4 imply funcref; the others state the type: a reference type with expressions,
     * an element kind (only 0x00, funcref) with function indices. */
    if (flags & (ELEM_NOT_ACTIVE | ELEM_TABLE_OR_DECLARATIVE)) {
        if (flags & ELEM_EXPRS) {
            if (!wd_decode_reftype(r, &e->type)) return false;
        } else {
            size_t kind_at = r->pos;
            uint8_t kind = 0;
            if (!wd_read_u8(r, &kind)) return false;
            if (kind != 0x00) return wd_reader_fail(r, kind_at, "malformed element kind");
        }
    }
    return elem_items(r, e, (flags & ELEM_EXPRS) != 0);
}

bool wd_decode_elemsec(wd_decoder *d, wd_reader *r)
{
    wd_module *m = d->m;
    uint32_t n = 0;
    if (!wd_read_count(r, &n)) return false;
    m->elems = wd_decode_alloc(n, sizeof *m->elems);
    if (!m->elems) return wd_decode_oom(r);
    m->nelems = n;
    for (uint32_t i = 0; i < n; i++)
        if (!elem(r, &m->elems[i])) return false;
    return true;
}

bool wd_decode_datacountsec(wd_decoder *d, wd_reader *r)
{
    if (!wd_read_u32(r, &d->m->datacount)) return false;
    d->m->has_datacount = true;
    return true;
}

/* Each body is only delimited here: its locals and instructions are decoded by the validator.
 * That the count matches the function section's is checked once all sections are read. */
bool wd_decode_codesec(wd_decoder *d, wd_reader *r)
{
    wd_module *m = d->m;
    uint32_t n = 0;
    d->code_at = r->pos;
    if (!wd_read_count(r, &n)) return false;
    m->bodies = wd_decode_alloc(n, sizeof *m->bodies);
    if (!m->bodies) return wd_decode_oom(r);
    m->nbodies = n;
    d->has_code = true;
    for (uint32_t i = 0; i < n; i++) {
        size_t size_at = r->pos;
        uint32_t size = 0;
        wd_reader body;
        if (!wd_read_u32(r, &size) || !wd_reader_sub(r, size, size_at, &body)) return false;
        m->bodies[i].offset = (uint32_t)body.pos;
        m->bodies[i].len = size;
    }
    return true;
}

static bool data(wd_reader *r, wd_data *seg)
{
    size_t at = r->pos;
    uint32_t flags = 0;
    if (!wd_read_u32(r, &flags)) return false;
    switch (flags) {
    case 0:
        seg->mode = WD_SEG_ACTIVE;
        if (!wd_decode_constexpr(r, &seg->offset)) return false;
        break;
    case 1: seg->mode = WD_SEG_PASSIVE; break;
    case 2:
        seg->mode = WD_SEG_ACTIVE;
        if (!wd_read_u32(r, &seg->mem) || !wd_decode_constexpr(r, &seg->offset)) return false;
        break;
    default: return wd_reader_fail(r, at, "malformed data segment kind");
    }
    return wd_read_byte_vec(r, &seg->bytes, &seg->len);
}

bool wd_decode_datasec(wd_decoder *d, wd_reader *r)
{
    wd_module *m = d->m;
    uint32_t n = 0;
    if (!wd_read_count(r, &n)) return false;
    m->datas = wd_decode_alloc(n, sizeof *m->datas);
    if (!m->datas) return wd_decode_oom(r);
    m->ndatas = n;
    for (uint32_t i = 0; i < n; i++)
        if (!data(r, &m->datas[i])) return false;
    return true;
}
