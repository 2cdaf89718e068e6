/* The badalloc guest (world `badalloc` of badalloc.wit): its cabi_realloc misbehaves as
 * set-mode asks. The guest's own allocations do not go through it. */
#define GUEST_OWN_REALLOC
#include "guest.h"

static uint32_t mode;

GUEST_EXPORT("cabi_realloc")
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size)
{
    switch (mode) {
    case 1: return (void *)0xfffffff0u;
    case 2: return (char *)guest_realloc(old, old_size, align, new_size + 1) + 1;
    case 3: __builtin_trap();
    default: return guest_realloc(old, old_size, align, new_size);
    }
}

GUEST_IMPORT("$root", "give") void give(guest_str *ret);
GUEST_IMPORT("$root", "give-list") void give_list(guest_list *ret);

GUEST_EXPORT("set-mode") void set_mode(uint32_t m)
{
    mode = m;
}

GUEST_EXPORT("echo") guest_str *echo(char *p, uint32_t n)
{
    return guest_return_str((guest_str){p, n});
}

GUEST_EXPORT("sum") uint32_t sum(const uint32_t *p, uint32_t n)
{
    uint32_t s = 0;
    for (uint32_t i = 0; i < n; i++) s += p[i];
    return s;
}

GUEST_EXPORT("take") guest_str *take(void)
{
    guest_str *r = guest_alloc(sizeof *r, 4);
    give(r);
    return r;
}

GUEST_EXPORT("take-list") uint32_t take_list(void)
{
    guest_list l;
    give_list(&l);
    return sum(l.ptr, l.len);
}
