/* The res-user guest (world `res-user` of res_user.wit). Its `counter` is imported: every handle
 * it holds is an index of its own table, and borrowed ones are dropped before returning, as the
 * canonical ABI requires. */
#include "guest.h"

#define RES "test:pkg/res@1.0.0"

GUEST_IMPORT(RES, "[constructor]counter") int32_t counter_new(uint32_t start);
GUEST_IMPORT(RES, "[method]counter.get") uint32_t counter_get(int32_t handle);
GUEST_IMPORT(RES, "[resource-drop]counter") void counter_drop(int32_t handle);
GUEST_IMPORT(RES, "consume") uint32_t consume(int32_t handle);
GUEST_IMPORT("$root", "inspect") uint32_t inspect(int32_t handle);

GUEST_EXPORT("total") uint32_t total(int32_t a, int32_t b)
{
    uint32_t sum = counter_get(a) + counter_get(b);
    counter_drop(a);
    counter_drop(b);
    return sum;
}

GUEST_EXPORT("take") uint32_t take(int32_t c)
{
    return consume(c);
}

GUEST_EXPORT("show") uint32_t show(int32_t c)
{
    uint32_t v = inspect(c);
    counter_drop(c);
    return v;
}

GUEST_EXPORT("fresh") int32_t fresh(uint32_t n)
{
    return counter_new(n);
}

/* Breaks the rule above on purpose. */
GUEST_EXPORT("keep") uint32_t keep(int32_t c)
{
    return counter_get(c);
}
