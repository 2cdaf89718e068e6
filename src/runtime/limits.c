/* Store limits and usage: the API. The accounting itself is in object/accounting.c. */
#include <string.h>

#include "runtime/objects.h"

void warden_store_limits_default(warden_store_limits_t *l)
{
    if (!l) return;
    memset(l, 0, sizeof *l);
    l->max_stack_bytes = WR_DEFAULT_STACK_BYTES;
    l->max_call_depth = WR_DEFAULT_MAX_FRAMES;
}

warden_error_t *warden_store_set_limits(warden_store_t *s, const warden_store_limits_t *l)
{
    if (!s || !l) return wo_error(WARDEN_ERROR_ARGUMENT, -1, "limits: NULL argument");
    if (s->host_depth) return wo_error(WARDEN_ERROR_ARGUMENT, -1, "limits: a call is running");
    if (s->call)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "limits: a paused call holds the store's stack");
    if (l->max_stack_bytes && l->max_stack_bytes < 64 * sizeof(uint64_t))
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "limits: max_stack_bytes below 512");
    const warden_store_usage_t *u = &s->usage;
    if (l->max_memory_bytes && wo_memory_in_use(s) > l->max_memory_bytes)
        return wo_error(WARDEN_ERROR_LIMIT, -1,
                        "limits: the store already uses %llu bytes of memory",
                        (unsigned long long)wo_memory_in_use(s));
    if (l->max_table_elements && u->table_elements > l->max_table_elements)
        return wo_error(WARDEN_ERROR_LIMIT, -1,
                        "limits: the store already holds %llu table elements",
                        (unsigned long long)u->table_elements);
    if ((l->max_instances && u->instances > l->max_instances) ||
        (l->max_memories && u->memories > l->max_memories) ||
        (l->max_tables && u->tables > l->max_tables))
        return wo_error(WARDEN_ERROR_LIMIT, -1, "limits: the store already holds more objects");
    s->limits = *l;
    if (!s->limits.max_stack_bytes) s->limits.max_stack_bytes = WR_DEFAULT_STACK_BYTES;
    if (!s->limits.max_call_depth) s->limits.max_call_depth = WR_DEFAULT_MAX_FRAMES;
    wo_store_release_stack(s); /* reallocated at the next call with the new sizes */
    return NULL;
}

void warden_store_get_limits(const warden_store_t *s, warden_store_limits_t *l)
{
    if (s && l) *l = s->limits;
}

void warden_store_usage(const warden_store_t *s, warden_store_usage_t *u)
{
    if (s && u) *u = s->usage;
}

void warden_store_set_usage_callback(warden_store_t *s, unsigned percent,
                                     warden_usage_callback_t cb, void *env)
{
    if (!s) return;
    s->usage_percent = percent ? percent : 90;
    s->usage_cb = cb;
    s->usage_env = env;
    s->usage_fired = false;
}
