/* A hash map from 64-bit keys to 64-bit values, for the decoder's bookkeeping: sets of named types
 * (keys are type pointers or resource name ids), substitutions of types and resources, and the
 * memos that keep walks over type graphs linear. Host memory; a zeroed map is empty. */
#ifndef WARDEN_COMPONENT_IDMAP_H
#define WARDEN_COMPONENT_IDMAP_H

#include <stdbool.h>
#include <stdint.h>

typedef struct wm_idmap {
    uint64_t *keys, *values;
    uint8_t *used;
    uint32_t count, cap; /* cap: 0 or a power of two */
} wm_idmap;

/* The value of `key` into *value (when not NULL); false when the key is absent. */
bool wm_idmap_get(const wm_idmap *m, uint64_t key, uint64_t *value);
static inline bool wm_idmap_has(const wm_idmap *m, uint64_t key)
{
    return wm_idmap_get(m, key, 0);
}
/* Sets `key` to `value`; false only when the host is out of memory (the map is unchanged). */
bool wm_idmap_put(wm_idmap *m, uint64_t key, uint64_t value);
/* Empties the map, keeping its memory. */
void wm_idmap_clear(wm_idmap *m);
void wm_idmap_free(wm_idmap *m);

/* Keys of the two kinds of identity the decoder tracks: a type (by its address, which is at least
 * 2-aligned) and a resource name id. */
static inline uint64_t wm_key_ptr(const void *p)
{
    return (uint64_t)(uintptr_t)p;
}
static inline uint64_t wm_key_alias(uint32_t alias)
{
    return ((uint64_t)alias << 1) | 1;
}

#endif
