/* A store's execution stack: value slots and call frames, allocated at the first call and sized
 * by the store's limits. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
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
    s->stack_end = s->stack + slots;
    s->frame_top = s->frames;
    s->frames_end = s->frames + frames;
    s->stack_top = s->stack;
    return NULL;
}

void wo_store_release_stack(warden_store_t *s)
{
    free(s->stack);
    free(s->frames);
    s->stack = NULL;
    s->frames = NULL;
    s->frame_top = NULL;
    s->frames_end = NULL;
    s->stack_end = NULL;
    s->stack_top = NULL;
}

/* Host -> guest -> host -> ... re-entry nests C frames, and compiled code runs on the C stack. The
 * lowest C stack address a call may start from: a reserve above the bottom of the calling thread's
 * stack (a quarter of the stack, at most WO_C_STACK_RESERVE), or, when the bounds are unknown,
 * WO_C_STACK_FALLBACK below the first re-entry. */
#define WO_C_STACK_RESERVE ((uintptr_t)256 << 10)
#define WO_C_STACK_FALLBACK ((uintptr_t)256 << 10)

void wo_raise_poll(warden_store_t *s)
{
    atomic_store(&s->poll, 1);
    atomic_store(&s->entry_limit, UINTPTR_MAX);
}

/* The limit is lowered before `poll` is cleared: a request raised after the exchange raises the
 * limit again after it, so none is left with the limit low. */
bool wo_take_poll(warden_store_t *s)
{
    atomic_store(&s->entry_limit, s->c_stack_limit);
    return atomic_exchange(&s->poll, 0) != 0;
}

/* Races with wo_raise_poll on another thread end raised: its second store follows its first,
 * which either this load sees or follows this function's first store. */
void wo_reset_entry_limit(warden_store_t *s)
{
    atomic_store(&s->entry_limit, s->c_stack_limit);
    if (atomic_load(&s->poll)) atomic_store(&s->entry_limit, UINTPTR_MAX);
}

void wo_set_c_stack_limit(warden_store_t *s, uintptr_t here)
{
    /* Finding the thread's stack costs tens of microseconds (glibc reads /proc for the main
     * thread): reuse the answer while calls keep starting on the same stack. */
    if (here >= s->c_stack_lo && here < s->c_stack_hi) return;
    pthread_attr_t attr;
    void *lo = NULL;
    size_t size = 0;
    /* Bounds unknown: a reserve below this first re-entry, kept for the deeper ones. */
    s->c_stack_limit = here > WO_C_STACK_FALLBACK ? here - WO_C_STACK_FALLBACK : 0;
    s->c_stack_lo = 0;
    s->c_stack_hi = here + 1;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        if (pthread_attr_getstack(&attr, &lo, &size) == 0 && lo && size) {
            uintptr_t reserve = size / 4 < WO_C_STACK_RESERVE ? size / 4 : WO_C_STACK_RESERVE;
            s->c_stack_limit = (uintptr_t)lo + reserve;
            s->c_stack_lo = (uintptr_t)lo;
            s->c_stack_hi = (uintptr_t)lo + size;
        }
        pthread_attr_destroy(&attr);
    }
    wo_reset_entry_limit(s);
}
