/* Tables of references. Elements are slots: a warden_func_t * or a host pointer, 0 for null. */
#include <stdlib.h>

#include "runtime/objects.h"

warden_error_t *wr_table_create(warden_store_t *s, uint8_t elem, const wd_limits *lim,
                                uint64_t init, warden_table_t **out)
{
    if (lim->min > UINT32_MAX || (lim->has_max && (lim->max > UINT32_MAX || lim->min > lim->max)))
        return wr_error(WARDEN_ERROR_ARGUMENT, -1, "table: invalid limits");
    warden_error_t *e = wr_limit_count("tables", s->usage.tables, s->limits.max_tables);
    if (e) return e;
    if (!wr_account_table(s, lim->min))
        return wr_error(WARDEN_ERROR_LIMIT, -1,
                        "table element limit exceeded: limit %llu, in use %llu, requested %llu",
                        (unsigned long long)s->limits.max_table_elements,
                        (unsigned long long)s->usage.table_elements,
                        (unsigned long long)lim->min);
    warden_table_t *t = calloc(1, sizeof *t);
    if (!t) {
        s->usage.table_elements -= lim->min;
        return wr_error_oom();
    }
    t->store = s;
    t->type = elem;
    t->size = (uint32_t)lim->min;
    t->has_max = lim->has_max;
    t->max = lim->has_max ? (uint32_t)lim->max : UINT32_MAX;
    t->elems = malloc(((size_t)t->size + 1) * sizeof *t->elems);
    if (!t->elems) {
        uint32_t size = t->size;
        s->usage.table_elements -= lim->min;
        free(t);
        return wr_error(WARDEN_ERROR_NO_MEMORY, -1, "table: cannot allocate %u elements", size);
    }
    for (uint32_t i = 0; i < t->size; i++) t->elems[i] = init;
    if (!wr_list_push(&s->tables, t)) {
        wr_table_free(t);
        s->usage.table_elements -= lim->min;
        return wr_error_oom();
    }
    s->usage.tables++;
    *out = t;
    return NULL;
}

static int64_t denied(warden_store_t *s)
{
    s->usage.table_grow_denied++;
    return s->limits.trap_on_grow_failure ? WR_GROW_TRAP : -1;
}

int64_t wr_table_grow(warden_store_t *s, warden_table_t *t, uint32_t delta, uint64_t init)
{
    s = t->store;
    s->usage.table_grow_calls++;
    uint32_t old = t->size;
    if (delta == 0) return old;
    if (delta > t->max - old) { /* past the type's maximum: -1, never a trap */
        s->usage.table_grow_denied++;
        return -1;
    }
    if (!wr_account_table(s, delta)) return denied(s);
    uint64_t size = (uint64_t)old + delta;
    uint64_t *e = realloc(t->elems, (size_t)size * sizeof *e);
    if (!e) {
        s->usage.table_elements -= delta;
        return denied(s);
    }
    for (uint64_t i = old; i < size; i++) e[i] = init;
    t->elems = e;
    t->size = (uint32_t)size;
    return old;
}

void wr_table_free(warden_table_t *t)
{
    if (!t) return;
    free(t->elems);
    free(t);
}

static bool ref_kind(warden_valkind_t k) { return k == WARDEN_FUNCREF || k == WARDEN_EXTERNREF; }

warden_error_t *warden_table_new(warden_store_t *s, warden_valkind_t elem, warden_limits_t limits,
                                 warden_val_t init, warden_table_t **out)
{
    if (!s || !out) return wr_error(WARDEN_ERROR_ARGUMENT, -1, "table: NULL argument");
    if (!ref_kind(elem) || init.kind != elem)
        return wr_error(WARDEN_ERROR_ARGUMENT, -1, "table: element type must be a reference type "
                                                   "and match the initial value");
    if (init.kind == WARDEN_FUNCREF && init.of.funcref && init.of.funcref->store != s)
        return wr_error(WARDEN_ERROR_ARGUMENT, -1, "table: the function belongs to another store");
    wd_limits lim = {limits.min, limits.max, limits.has_max};
    uint64_t slot;
    wr_val_to_slots(&init, &slot);
    return wr_table_create(s, (uint8_t)elem, &lim, slot, out);
}

uint32_t warden_table_size(const warden_table_t *t) { return t ? t->size : 0; }

warden_error_t *warden_table_get(const warden_table_t *t, uint32_t index, warden_val_t *out)
{
    if (!t || !out) return wr_error(WARDEN_ERROR_ARGUMENT, -1, "table: NULL argument");
    if (index >= t->size)
        return wr_error(WARDEN_ERROR_ARGUMENT, -1, "table: index %u out of bounds", index);
    wr_slots_to_val(&t->elems[index], (warden_valkind_t)t->type, out);
    return NULL;
}

warden_error_t *warden_table_set(warden_table_t *t, uint32_t index, warden_val_t val)
{
    if (!t) return wr_error(WARDEN_ERROR_ARGUMENT, -1, "table: NULL argument");
    if (val.kind != (warden_valkind_t)t->type)
        return wr_error(WARDEN_ERROR_ARGUMENT, -1, "table: value of the wrong type");
    if (val.kind == WARDEN_FUNCREF && val.of.funcref && val.of.funcref->store != t->store)
        return wr_error(WARDEN_ERROR_ARGUMENT, -1, "table: the function belongs to another store");
    if (index >= t->size)
        return wr_error(WARDEN_ERROR_ARGUMENT, -1, "table: index %u out of bounds", index);
    wr_val_to_slots(&val, &t->elems[index]);
    return NULL;
}
