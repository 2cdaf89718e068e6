/* A bump allocator for what a decoded component holds: everything is freed at once. */
#ifndef WARDEN_COMPONENT_ARENA_H
#define WARDEN_COMPONENT_ARENA_H

#include <stddef.h>

typedef struct wm_chunk wm_chunk;

typedef struct wm_arena {
    wm_chunk *chunks;
    size_t used, cap; /* in the newest chunk */
    size_t total;     /* bytes allocated in all chunks */
} wm_arena;

/* Zeroed memory aligned for any type, or NULL when the host is out of memory. */
void *wm_arena_alloc(wm_arena *a, size_t size);
/* Copies n bytes and a NUL after them. */
char *wm_arena_strndup(wm_arena *a, const char *s, size_t n);
void wm_arena_free(wm_arena *a);

#endif
