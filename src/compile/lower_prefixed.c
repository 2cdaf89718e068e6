/* The 0xFC-prefixed instructions: saturating truncations, bulk memory and table operations. */
#include "compile/emit.h"
#include "compile/lower_ctx.h"
#include "compile/numeric_sig.h"
#include "isa/ops.h"

/* memory.init and data.drop (data index x) need the data count section: without one, a body
 * holding them is malformed (binary/modules.rst, "Data Count Section"). An index that names no
 * data segment at all is left to known_data, a validation fault: the spec suite asserts "unknown
 * data segment" (invalid) of modules such as `(func (data.drop 0))`, which wast2json encodes
 * without a data count section. */
static bool need_datacount_section(wl_ctx *L, uint32_t x)
{
    if (!L->m->has_datacount && x < L->m->ndatas)
        return wl_malformed(L, "data count section required");
    return true;
}

static bool known_data(wl_ctx *L, uint32_t x)
{
    if (x >= (L->m->has_datacount ? L->m->datacount : L->m->ndatas))
        return wl_fail(L, "unknown data segment");
    return true;
}

static bool known_elem(wl_ctx *L, uint32_t y)
{
    if (y >= L->m->nelems) return wl_fail(L, "unknown elem segment");
    return true;
}

static bool known_table(wl_ctx *L, uint32_t x)
{
    if (x >= L->m->ntables) return wl_fail(L, "unknown table");
    return true;
}

/* Pops the three i32 operands (d, s, n) of a bulk operation. */
static void pop3(wl_ctx *L, uint8_t t1, uint32_t *a, uint8_t t2, uint32_t *b, uint8_t t3,
                 uint32_t *c)
{
    wl_pop(L, t3, c);
    wl_pop(L, t2, b);
    wl_pop(L, t1, a);
}

void wl_op_prefixed(wl_ctx *L)
{
    uint32_t sub, x, y, a, b, c;
    if (!wl_read_u32(L, &sub)) return;
    switch (sub) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 4:
    case 5:
    case 6:
    case 7: {
        wc_numeric n;
        wc_trunc_sat_sig(sub, &n);
        wl_lower_numeric(L, &n);
        return;
    }
    case 8: /* memory.init x */
        if (!wl_read_u32(L, &x) || !wl_read_zero_byte(L)) return;
        if (!need_datacount_section(L, x) || !wl_need_memory(L) || !known_data(L, x)) return;
        pop3(L, WD_I32, &a, WD_I32, &b, WD_I32, &c);
        if (wl_live(L)) {
            wl_emit_MEM_INIT(L, WI_MEMORY_INIT, a, b, c, x);
        }
        return;
    case 9: /* data.drop x */
        if (!wl_read_u32(L, &x) || !need_datacount_section(L, x) || !known_data(L, x)) return;
        if (wl_live(L)) {
            wl_emit_DROP_DATA(L, WI_DATA_DROP, x);
        }
        return;
    case 10: /* memory.copy */
        if (!wl_read_zero_byte(L) || !wl_read_zero_byte(L) || !wl_need_memory(L)) return;
        pop3(L, WD_I32, &a, WD_I32, &b, WD_I32, &c);
        if (wl_live(L)) {
            wl_emit_COPY(L, WI_MEMORY_COPY, a, b, c);
        }
        return;
    case 11: /* memory.fill */
        if (!wl_read_zero_byte(L) || !wl_need_memory(L)) return;
        pop3(L, WD_I32, &a, WD_I32, &b, WD_I32, &c);
        if (wl_live(L)) {
            wl_emit_FILL(L, WI_MEMORY_FILL, a, b, c);
        }
        return;
    case 12: /* table.init y x */
        /* Both immediates are read before either is checked. */
        if (!wl_read_u32(L, &y) || !wl_read_u32(L, &x)) return;
        if (!known_elem(L, y) || !known_table(L, x)) return;
        if (L->m->elems[y].type != L->m->tables[x].elem) {
            wl_fail(L, "type mismatch");
            return;
        }
        pop3(L, WD_I32, &a, WD_I32, &b, WD_I32, &c);
        if (wl_live(L)) {
            wl_emit_TABLE_INIT(L, WI_TABLE_INIT, a, b, c, x, y);
        }
        return;
    case 13: /* elem.drop y */
        if (!wl_read_u32(L, &y) || !known_elem(L, y)) return;
        if (wl_live(L)) {
            wl_emit_DROP_ELEM(L, WI_ELEM_DROP, y);
        }
        return;
    case 14: /* table.copy x y */
        if (!wl_read_u32(L, &x) || !wl_read_u32(L, &y)) return;
        if (!known_table(L, x) || !known_table(L, y)) return;
        if (L->m->tables[x].elem != L->m->tables[y].elem) {
            wl_fail(L, "type mismatch");
            return;
        }
        pop3(L, WD_I32, &a, WD_I32, &b, WD_I32, &c);
        if (wl_live(L)) {
            wl_emit_TABLE_COPY(L, WI_TABLE_COPY, a, b, c, x, y);
        }
        return;
    case 15: { /* table.grow x */
        if (!wl_read_table(L, &x)) return;
        uint8_t t = L->m->tables[x].elem;
        wl_pop(L, WD_I32, &b);
        wl_pop(L, t, &a);
        uint32_t dst = wl_push(L, WD_I32);
        if (wl_live(L)) {
            wl_emit_TABLE_GROW(L, WI_TABLE_GROW, dst, a, b, x);
        }
        return;
    }
    case 16: { /* table.size x */
        if (!wl_read_table(L, &x)) return;
        uint32_t dst = wl_push(L, WD_I32);
        if (wl_live(L)) {
            wl_emit_TABLE_SIZE(L, WI_TABLE_SIZE, dst, x);
        }
        return;
    }
    case 17: { /* table.fill x */
        if (!wl_read_table(L, &x)) return;
        pop3(L, WD_I32, &a, L->m->tables[x].elem, &b, WD_I32, &c);
        if (wl_live(L)) {
            wl_emit_TABLE_FILL(L, WI_TABLE_FILL, a, b, c, x);
        }
        return;
    }
    default: wl_malformed(L, "illegal opcode"); return;
    }
}
