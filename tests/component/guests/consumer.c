/* The consumer guest (world `consumer` of consumer.wit): calls the imported interface
 * test:pkg/iface@1.0.0. */
#include "guest.h"

#define IFACE "test:pkg/iface@1.0.0"

GUEST_IMPORT(IFACE, "add") uint32_t iface_add(uint32_t a, uint32_t b);
GUEST_IMPORT(IFACE, "greet") void iface_greet(char *p, uint32_t n, guest_str *ret);
GUEST_IMPORT(IFACE, "nothing") void iface_nothing(void);
GUEST_IMPORT(IFACE, "swap") void iface_swap(uint32_t a, char *p, uint32_t n, void *ret);

GUEST_EXPORT("add3") uint32_t add3(uint32_t a, uint32_t b, uint32_t c)
{
    return iface_add(iface_add(a, b), c);
}

GUEST_EXPORT("greet-all") guest_list *greet_all(const guest_str *names, uint32_t n)
{
    guest_str *out = guest_alloc(n ? n * sizeof *out : 1, 4);
    for (uint32_t i = 0; i < n; i++) iface_greet(names[i].ptr, names[i].len, &out[i]);
    guest_list *r = guest_alloc(sizeof *r, 4);
    *r = (guest_list){out, n};
    return r;
}

GUEST_EXPORT("nothing-twice") void nothing_twice(void)
{
    iface_nothing();
    iface_nothing();
}

GUEST_EXPORT("swap-via") void *swap_via(uint32_t a, char *p, uint32_t n)
{
    void *r = guest_alloc(12, 4);
    iface_swap(a, p, n, r);
    return r;
}
