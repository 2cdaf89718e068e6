/* Tables of references. Elements are slots: a warden_func_t * or a host pointer, 0 for null.
 * Every element is host memory the guest asked for: it counts against max_table_elements and,
 * 8 bytes each, against max_memory_bytes. Filling new elements runs in chunks that look at the
 * store's poll flag, so a deadline or an interrupt stops a huge table.grow too. */
#include <stdlib.h>

#include "runtime/objects.h"

warden_error_t *wr_table_create(warden_store_t *s, uint8_t elem, const wd_limits *lim,
                                uint64_t init, warden_table_t **out)
{
    if (lim->min > UINT32_MAX || (lim->has_max && (lim->max > UINT32_MAX || lim->min > lim->max)))
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "table: invalid limits");
    warden_error_t *e = wo_limit_count("tables", s->usage.tables, s->limits.max_tables);
    if (e) return e;
    uint64_t limit = s->limits.max_table_elements;
    if (limit && (lim->min > limit || s->usage.table_elements > limit - lim->min))
        return wo_error(WARDEN_ERROR_LIMIT, -1,
                        "table element limit exceeded: limit %llu, in use %llu, requested %llu",
                        (unsigned long long)limit, (unsigned long long)s->usage.table_elements,
                        (unsigned long long)lim->min);
    if (!wo_account_table(s, lim->min))
        return wo_memory_limit_error(s, "table elements", lim->min * WO_TABLE_ELEM_BYTES);
    warden_table_t *t = calloc(1, sizeof *t);
    if (!t) {
        wo_unaccount_table(s, lim->min);
        return wo_error_oom();
    }
    t->store = s;
    t->type = elem;
    t->size = (uint32_t)lim->min;
    t->has_max = lim->has_max;
    t->max = lim->has_max ? (uint32_t)lim->max : UINT32_MAX;
    /* Zeroed by calloc (pages the kernel maps on first touch): null elements cost no time. */
    t->elems = calloc((size_t)t->size + 1, sizeof *t->elems);
    if (!t->elems) {
        uint32_t size = t->size;
        wo_unaccount_table(s, lim->min);
        free(t);
        return wo_error(WARDEN_ERROR_NO_MEMORY, -1, "table: cannot allocate %u elements", size);
    }
    if (init) wo_fill_elements(s, t->elems, 0, t->size, init); /* only the host makes such tables */
    if (!wr_list_push(&s->tables, t)) {
        wr_table_free(t);
        wo_unaccount_table(s, lim->min);
        return wo_error_oom();
    }
    s->usage.tables++;
    *out = t;
    return NULL;
}

void wr_table_free(warden_table_t *t)
{
    if (!t) return;
    free(t->elems);
    free(t);
}

static bool ref_kind(warden_valkind_t k)
{
    return k == WARDEN_FUNCREF || k == WARDEN_EXTERNREF;
}

warden_error_t *warden_table_new(warden_store_t *s, warden_valkind_t elem, warden_limits_t limits,
                                 warden_val_t init, warden_table_t **out)
{
    if (!s || !out) return wo_error(WARDEN_ERROR_ARGUMENT, -1, "table: NULL argument");
    if (!ref_kind(elem) || init.kind != elem)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1,
                        "table: element type must be a reference type "
                        "and match the initial value");
    if (init.kind == WARDEN_FUNCREF && init.of.funcref && init.of.funcref->store != s)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "table: the function belongs to another store");
    wd_limits lim = {limits.min, limits.max, limits.has_max};
    uint64_t slot;
    wo_val_to_slots(&init, &slot);
    return wr_table_create(s, (uint8_t)elem, &lim, slot, out);
}

uint32_t warden_table_size(const warden_table_t *t)
{
    return t ? t->size : 0;
}

warden_error_t *warden_table_get(const warden_table_t *t, uint32_t index, warden_val_t *out)
{
    if (!t || !out) return wo_error(WARDEN_ERROR_ARGUMENT, -1, "table: NULL argument");
    if (index >= t->size)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "table: index %u out of bounds", index);
    wo_slots_to_val(&t->elems[index], (warden_valkind_t)t->type, out);
    return NULL;
}

warden_error_t *warden_table_set(warden_table_t *t, uint32_t index, warden_val_t val)
{
    if (!t) return wo_error(WARDEN_ERROR_ARGUMENT, -1, "table: NULL argument");
    if (val.kind != (warden_valkind_t)t->type)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "table: value of the wrong type");
    if (val.kind == WARDEN_FUNCREF && val.of.funcref && val.of.funcref->store != t->store)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "table: the function belongs to another store");
    if (index >= t->size)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "table: index %u out of bounds", index);
    wo_val_to_slots(&val, &t->elems[index]);
    return NULL;
}
