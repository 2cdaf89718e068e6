/* The extra guest (world `extra` of extra.wit). */
#include "guest.h"

GUEST_IMPORT("test:pkg/iface@1.0.0", "add") uint32_t iface_add(uint32_t a, uint32_t b);
GUEST_IMPORT("test:pkg/iface@1.0.0", "triple") uint32_t iface_triple(uint32_t x);

GUEST_EXPORT("run") uint32_t run(uint32_t x)
{
    return iface_add(iface_triple(x), 1);
}
