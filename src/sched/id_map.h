/* A hash map from 64-bit keys to non-NULL pointers: the reactor's events by id and its watched
 * descriptors by number. Open addressing with linear probing; removal shifts the run back, so
 * there are no tombstones. Room is reserved before an insertion, so that an insertion made after
 * other changes cannot fail. */
#ifndef WARDEN_SCHED_ID_MAP_H
#define WARDEN_SCHED_ID_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct wq_slot {
    uint64_t key;
    void *value; /* NULL: the slot is free */
} wq_slot;

typedef struct wq_map {
    wq_slot *slots;
    size_t cap; /* 0 or a power of two */
    size_t count;
} wq_map;

/* Makes room for `more` insertions. False when memory runs out (the map is unchanged). */
bool wq_map_reserve(wq_map *m, size_t more);
/* Inserts a key that is not in the map. Room must have been reserved. */
void wq_map_put(wq_map *m, uint64_t key, void *value);
/* The value of `key`, or NULL. */
void *wq_map_get(const wq_map *m, uint64_t key);
/* Removes `key` and returns its value, or NULL when it was not there. */
void *wq_map_remove(wq_map *m, uint64_t key);
/* Calls `each` on every value (when not NULL), then frees the map's memory. */
void wq_map_free(wq_map *m, void (*each)(void *value));

#endif
