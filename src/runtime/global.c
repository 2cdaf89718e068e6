/* Globals. */
#include <stdlib.h>
#include <string.h>

#include "runtime/objects.h"

warden_error_t *wr_global_create(warden_store_t *s, uint8_t type, bool mut, const uint64_t val[2],
                                 warden_global_t **out)
{
    warden_global_t *g = calloc(1, sizeof *g);
    if (!g) return wo_error_oom();
    g->store = s;
    g->type = type;
    g->mut = mut;
    memcpy(g->val, val, sizeof g->val);
    if (!wr_list_push(&s->globals, g)) {
        free(g);
        return wo_error_oom();
    }
    *out = g;
    return NULL;
}

warden_error_t *warden_global_new(warden_store_t *s, warden_valkind_t type, bool mutable_,
                                  warden_val_t init, warden_global_t **out)
{
    if (!s || !out) return wo_error(WARDEN_ERROR_ARGUMENT, -1, "global: NULL argument");
    if (!wo_kind_valid(type) || init.kind != type)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "global: initial value of the wrong type");
    if (init.kind == WARDEN_FUNCREF && init.of.funcref && init.of.funcref->store != s)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "global: the function belongs to another store");
    uint64_t val[2] = {0, 0};
    wo_val_to_slots(&init, val);
    return wr_global_create(s, (uint8_t)type, mutable_, val, out);
}

void warden_global_get(const warden_global_t *g, warden_val_t *out)
{
    if (!g || !out) return;
    wo_slots_to_val(g->val, (warden_valkind_t)g->type, out);
}

warden_error_t *warden_global_set(warden_global_t *g, warden_val_t val)
{
    if (!g) return wo_error(WARDEN_ERROR_ARGUMENT, -1, "global: NULL argument");
    if (!g->mut) return wo_error(WARDEN_ERROR_ARGUMENT, -1, "global: immutable");
    if (val.kind != (warden_valkind_t)g->type)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "global: value of the wrong type");
    if (val.kind == WARDEN_FUNCREF && val.of.funcref && val.of.funcref->store != g->store)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "global: the function belongs to another store");
    wo_val_to_slots(&val, g->val);
    return NULL;
}
