/* Fuel: a budget of instructions, charged by the code that metering compiled in. */
#include <stdint.h>

#include "runtime/objects.h"

static warden_error_t *need_fuel(const warden_store_t *s)
{
    if (!s) return wo_error(WARDEN_ERROR_ARGUMENT, -1, "fuel: NULL store");
    if (!s->engine->config.consume_fuel)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "fuel: the engine does not consume fuel");
    if (s->host_depth) return wo_error(WARDEN_ERROR_ARGUMENT, -1, "fuel: a call is running");
    return NULL;
}

static int64_t clamp(uint64_t v)
{
    return v > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)v;
}

warden_error_t *warden_store_set_fuel(warden_store_t *s, uint64_t fuel)
{
    warden_error_t *e = need_fuel(s);
    if (e) return e;
    s->fuel = clamp(fuel);
    s->fuel_budget = (uint64_t)s->fuel;
    return NULL;
}

warden_error_t *warden_store_add_fuel(warden_store_t *s, uint64_t fuel)
{
    warden_error_t *e = need_fuel(s);
    if (e) return e;
    int64_t left = s->fuel > 0 ? s->fuel : 0;
    uint64_t sum = (uint64_t)left + fuel;
    if (sum < fuel || sum > (uint64_t)INT64_MAX) sum = INT64_MAX;
    /* Fuel overdrawn by a trapped call is not owed: adding starts from zero. */
    s->fuel_budget += sum - (uint64_t)left;
    s->fuel = (int64_t)sum;
    return NULL;
}

bool warden_store_get_fuel(const warden_store_t *s, uint64_t *fuel)
{
    if (!s || !s->engine->config.consume_fuel) return false;
    /* During a fuel slice part of the fuel is held back from the run (s->fuel_hold). */
    int64_t left = s->fuel + s->fuel_hold;
    if (fuel) *fuel = left > 0 ? (uint64_t)left : 0;
    return true;
}

uint64_t warden_store_fuel_consumed(const warden_store_t *s)
{
    if (!s || !s->engine->config.consume_fuel) return 0;
    /* Charged in advance per basic block, a trapping call may overdraw: never report more than
     * the budget. */
    int64_t have = s->fuel + s->fuel_hold;
    uint64_t left = have > 0 ? (uint64_t)have : 0;
    return s->fuel_budget - left;
}
