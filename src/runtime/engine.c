/* The engine: configuration shared by modules and stores. */
#include <stdlib.h>

#include "runtime/objects.h"

warden_error_t *warden_engine_new(warden_engine_t **out)
{
    if (!out) return wr_error(WARDEN_ERROR_ARGUMENT, -1, "engine: NULL out-parameter");
    *out = calloc(1, sizeof **out);
    return *out ? NULL : wr_error_oom();
}

void warden_engine_delete(warden_engine_t *engine) { free(engine); }
