/* The mismatch guest (world `mismatch` of mismatch.wit). */
#include "guest.h"

GUEST_IMPORT("test:pkg/iface@1.0.0", "add") void iface_add(char *p, uint32_t n, guest_str *ret);

GUEST_EXPORT("run") guest_str *run(char *p, uint32_t n)
{
    guest_str *r = guest_alloc(sizeof *r, 4);
    iface_add(p, n, r);
    return r;
}
