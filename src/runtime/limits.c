/* Store limits and the accounting behind them. */
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
    if (!s || !l) return wr_error(WARDEN_ERROR_ARGUMENT, -1, "limits: NULL argument");
    if (s->host_depth) return wr_error(WARDEN_ERROR_ARGUMENT, -1, "limits: a call is running");
    if (l->max_stack_bytes && l->max_stack_bytes < 64 * sizeof(uint64_t))
        return wr_error(WARDEN_ERROR_ARGUMENT, -1, "limits: max_stack_bytes below 512");
    const warden_store_usage_t *u = &s->usage;
    if (l->max_memory_bytes && wr_memory_in_use(s) > l->max_memory_bytes)
        return wr_error(WARDEN_ERROR_LIMIT, -1,
                        "limits: the store already uses %llu bytes of memory",
                        (unsigned long long)wr_memory_in_use(s));
    if (l->max_table_elements && u->table_elements > l->max_table_elements)
        return wr_error(WARDEN_ERROR_LIMIT, -1,
                        "limits: the store already holds %llu table elements",
                        (unsigned long long)u->table_elements);
    if ((l->max_instances && u->instances > l->max_instances) ||
        (l->max_memories && u->memories > l->max_memories) ||
        (l->max_tables && u->tables > l->max_tables))
        return wr_error(WARDEN_ERROR_LIMIT, -1, "limits: the store already holds more objects");
    s->limits = *l;
    if (!s->limits.max_stack_bytes) s->limits.max_stack_bytes = WR_DEFAULT_STACK_BYTES;
    if (!s->limits.max_call_depth) s->limits.max_call_depth = WR_DEFAULT_MAX_FRAMES;
    wr_store_release_stack(s); /* reallocated at the next call with the new sizes */
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

warden_error_t *wr_limit_count(const char *what, uint32_t have, uint32_t limit)
{
    if (limit && have >= limit)
        return wr_error(WARDEN_ERROR_LIMIT, -1, "%s limit reached: limit %u, requested %u", what,
                        limit, have + 1);
    return NULL;
}

/* What max_memory_bytes covers: linear memory and the host memory held for the guest. */
uint64_t wr_memory_in_use(const warden_store_t *s)
{
    return s->usage.memory_bytes + s->usage.host_bytes;
}

static bool fits_memory_limit(const warden_store_t *s, uint64_t bytes)
{
    uint64_t limit = s->limits.max_memory_bytes;
    uint64_t used = wr_memory_in_use(s);
    return !limit || (bytes <= limit && used <= limit - bytes);
}

static void maybe_fire_usage(warden_store_t *s)
{
    uint64_t limit = s->limits.max_memory_bytes;
    if (limit && s->usage_cb && !s->usage_fired &&
        wr_memory_in_use(s) * 100 >= (uint64_t)s->usage_percent * limit) {
        s->usage_fired = true;
        s->usage_cb(s->usage_env, &s->usage);
    }
}

bool wr_account_memory(warden_store_t *s, uint64_t bytes)
{
    if (!fits_memory_limit(s, bytes)) return false;
    warden_store_usage_t *u = &s->usage;
    u->memory_bytes += bytes;
    if (u->memory_bytes > u->memory_peak_bytes) u->memory_peak_bytes = u->memory_bytes;
    maybe_fire_usage(s);
    return true;
}

bool wr_account_host(warden_store_t *s, uint64_t bytes)
{
    if (!fits_memory_limit(s, bytes)) return false;
    warden_store_usage_t *u = &s->usage;
    u->host_bytes += bytes;
    if (u->host_bytes > u->host_peak_bytes) u->host_peak_bytes = u->host_bytes;
    maybe_fire_usage(s);
    return true;
}

void wr_unaccount_host(warden_store_t *s, uint64_t bytes)
{
    s->usage.host_bytes -= bytes;
}

warden_error_t *wr_memory_limit_error(const warden_store_t *s, const char *what, uint64_t bytes)
{
    return wr_error(WARDEN_ERROR_LIMIT, -1,
                    "memory limit exceeded: limit %llu bytes, in use %llu, requested %llu for %s",
                    (unsigned long long)s->limits.max_memory_bytes,
                    (unsigned long long)wr_memory_in_use(s), (unsigned long long)bytes, what);
}

bool wr_account_table(warden_store_t *s, uint64_t elems)
{
    warden_store_usage_t *u = &s->usage;
    uint64_t limit = s->limits.max_table_elements;
    if (limit && (elems > limit || u->table_elements > limit - elems)) return false;
    /* Each element is a slot of host memory, under the memory limit too. */
    if (!wr_account_host(s, elems * WR_TABLE_ELEM_BYTES)) return false;
    u->table_elements += elems;
    if (u->table_elements > u->table_peak_elements) u->table_peak_elements = u->table_elements;
    return true;
}

void wr_unaccount_table(warden_store_t *s, uint64_t elems)
{
    s->usage.table_elements -= elems;
    wr_unaccount_host(s, elems * WR_TABLE_ELEM_BYTES);
}
