/* The decoder's hash map (idmap.h): open addressing with linear probing, grown at half full. */
#include "idmap.h"

#include <stdlib.h>
#include <string.h>

static uint32_t slot_of(uint64_t key, uint32_t cap)
{
    key ^= key >> 33;
    key *= UINT64_C(0xff51afd7ed558ccd);
    key ^= key >> 33;
    key *= UINT64_C(0xc4ceb9fe1a85ec53);
    key ^= key >> 33;
    return (uint32_t)key & (cap - 1);
}

bool wm_idmap_get(const wm_idmap *m, uint64_t key, uint64_t *value)
{
    if (m->count == 0) return false;
    for (uint32_t i = slot_of(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
        if (!m->used[i]) return false;
        if (m->keys[i] == key) {
            if (value) *value = m->values[i];
            return true;
        }
    }
}

static void insert(wm_idmap *m, uint64_t key, uint64_t value)
{
    uint32_t i = slot_of(key, m->cap);
    while (m->used[i] && m->keys[i] != key) i = (i + 1) & (m->cap - 1);
    if (!m->used[i]) m->count++;
    m->used[i] = 1;
    m->keys[i] = key;
    m->values[i] = value;
}

static bool grow(wm_idmap *m)
{
    if (m->cap >= (UINT32_C(1) << 30)) return false;
    uint32_t cap = m->cap ? m->cap * 2 : 16;
    wm_idmap n = {0};
    n.keys = malloc((size_t)cap * sizeof *n.keys);
    n.values = malloc((size_t)cap * sizeof *n.values);
    n.used = calloc(cap, 1);
    if (!n.keys || !n.values || !n.used) {
        free(n.keys);
        free(n.values);
        free(n.used);
        return false;
    }
    n.cap = cap;
    for (uint32_t i = 0; i < m->cap; i++)
        if (m->used[i]) insert(&n, m->keys[i], m->values[i]);
    wm_idmap_free(m);
    *m = n;
    return true;
}

bool wm_idmap_put(wm_idmap *m, uint64_t key, uint64_t value)
{
    if ((m->count + 1) * 2 > m->cap && !grow(m)) return false;
    insert(m, key, value);
    return true;
}

void wm_idmap_clear(wm_idmap *m)
{
    if (m->used) memset(m->used, 0, m->cap);
    m->count = 0;
}

void wm_idmap_free(wm_idmap *m)
{
    free(m->keys);
    free(m->values);
    free(m->used);
    m->keys = m->values = NULL;
    m->used = NULL;
    m->count = m->cap = 0;
}
