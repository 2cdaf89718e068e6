/* The accounting behind the store limits: what the guest made the store hold, counted against
 * what the limits allow. */
#include <string.h>

#include "object/objects.h"

warden_error_t *wo_limit_count(const char *what, uint32_t have, uint32_t limit)
{
    if (limit && have >= limit)
        return wo_error(WARDEN_ERROR_LIMIT, -1, "%s limit reached: limit %u, requested %u", what,
                        limit, have + 1);
    return NULL;
}

/* What max_memory_bytes covers: linear memory and the host memory held for the guest. */
uint64_t wo_memory_in_use(const warden_store_t *s)
{
    return s->usage.memory_bytes + s->usage.host_bytes;
}

static bool fits_memory_limit(const warden_store_t *s, uint64_t bytes)
{
    uint64_t limit = s->limits.max_memory_bytes;
    uint64_t used = wo_memory_in_use(s);
    return !limit || (bytes <= limit && used <= limit - bytes);
}

static void maybe_fire_usage(warden_store_t *s)
{
    uint64_t limit = s->limits.max_memory_bytes;
    if (limit && s->usage_cb && !s->usage_fired &&
        wo_memory_in_use(s) * 100 >= (uint64_t)s->usage_percent * limit) {
        s->usage_fired = true;
        s->usage_cb(s->usage_env, &s->usage);
    }
}

bool wo_account_memory(warden_store_t *s, uint64_t bytes)
{
    if (!fits_memory_limit(s, bytes)) return false;
    warden_store_usage_t *u = &s->usage;
    u->memory_bytes += bytes;
    if (u->memory_bytes > u->memory_peak_bytes) u->memory_peak_bytes = u->memory_bytes;
    maybe_fire_usage(s);
    return true;
}

bool wo_account_host(warden_store_t *s, uint64_t bytes)
{
    if (!fits_memory_limit(s, bytes)) return false;
    warden_store_usage_t *u = &s->usage;
    u->host_bytes += bytes;
    if (u->host_bytes > u->host_peak_bytes) u->host_peak_bytes = u->host_bytes;
    maybe_fire_usage(s);
    return true;
}

void wo_unaccount_host(warden_store_t *s, uint64_t bytes)
{
    s->usage.host_bytes -= bytes;
}

warden_error_t *wo_memory_limit_error(const warden_store_t *s, const char *what, uint64_t bytes)
{
    return wo_error(WARDEN_ERROR_LIMIT, -1,
                    "memory limit exceeded: limit %llu bytes, in use %llu, requested %llu for %s",
                    (unsigned long long)s->limits.max_memory_bytes,
                    (unsigned long long)wo_memory_in_use(s), (unsigned long long)bytes, what);
}

bool wo_account_table(warden_store_t *s, uint64_t elems)
{
    warden_store_usage_t *u = &s->usage;
    uint64_t limit = s->limits.max_table_elements;
    if (limit && (elems > limit || u->table_elements > limit - elems)) return false;
    /* Each element is a slot of host memory, under the memory limit too. */
    if (!wo_account_host(s, elems * WO_TABLE_ELEM_BYTES)) return false;
    u->table_elements += elems;
    if (u->table_elements > u->table_peak_elements) u->table_peak_elements = u->table_elements;
    return true;
}

void wo_unaccount_table(warden_store_t *s, uint64_t elems)
{
    s->usage.table_elements -= elems;
    wo_unaccount_host(s, elems * WO_TABLE_ELEM_BYTES);
}
