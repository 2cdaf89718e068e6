/* The provider12 guest (world `provider12` of provider12.wit): exports test:pkg/iface@1.2.0. */
#include "guest.h"

#define IFACE "test:pkg/iface@1.2.0#"

static uint32_t nothing_calls;

GUEST_EXPORT(IFACE "add") uint32_t iface_add(uint32_t a, uint32_t b)
{
    return a + b;
}

GUEST_EXPORT(IFACE "sub") uint32_t iface_sub(uint32_t a, uint32_t b)
{
    return a - b;
}

GUEST_EXPORT(IFACE "greet") guest_str *iface_greet(char *p, uint32_t n)
{
    guest_buf b = {0};
    guest_puts(&b, "hi ");
    guest_put(&b, p, n);
    guest_puts(&b, " from 1.2.0");
    return guest_return_str(guest_done(&b));
}

GUEST_EXPORT(IFACE "nothing") void iface_nothing(void)
{
    nothing_calls++;
}

/* Swaps, and doubles the number. */
GUEST_EXPORT(IFACE "swap") void *iface_swap(uint32_t a, char *p, uint32_t n)
{
    struct {
        guest_str s;
        uint32_t n;
    } *r = guest_alloc(12, 4);
    r->s = (guest_str){p, n};
    r->n = a * 2;
    return r;
}

GUEST_EXPORT("nothings") uint32_t nothings(void)
{
    return nothing_calls;
}
