/* A store's execution stack: value slots and call frames, allocated at the first call and sized
 * by the store's limits. */
#include <stdlib.h>

#include "object/objects.h"

warden_error_t *wo_store_prepare_stack(warden_store_t *s)
{
    if (s->stack) return NULL;
    size_t slots = (size_t)(s->limits.max_stack_bytes / sizeof *s->stack);
    size_t frames = s->limits.max_call_depth;
    /* Large and mostly untouched: the pages are only committed when used. */
    s->stack = malloc(slots * sizeof *s->stack);
    s->frames = malloc(frames * sizeof *s->frames);
    if (!s->stack || !s->frames) {
        wo_store_release_stack(s);
        return wo_error(WARDEN_ERROR_NO_MEMORY, -1, "cannot allocate a stack of %zu bytes",
                        slots * sizeof *s->stack);
    }
    s->stack_slots = slots;
    s->max_frames = frames;
    s->stack_top = s->stack;
    return NULL;
}

void wo_store_release_stack(warden_store_t *s)
{
    free(s->stack);
    free(s->frames);
    s->stack = NULL;
    s->frames = NULL;
    s->stack_slots = 0;
    s->max_frames = 0;
    s->stack_top = NULL;
}
