/* The hash map of id_map.h. */
#include <stdlib.h>

#include "sched/id_map.h"

static size_t hash(uint64_t key)
{
    /* The finaliser of splitmix64: consecutive ids and descriptor numbers spread over the table. */
    key ^= key >> 30;
    key *= 0xbf58476d1ce4e5b9u;
    key ^= key >> 27;
    key *= 0x94d049bb133111ebu;
    key ^= key >> 31;
    return (size_t)key;
}

static wq_slot *find(const wq_map *m, uint64_t key)
{
    if (!m->cap) return NULL;
    size_t mask = m->cap - 1;
    for (size_t i = hash(key) & mask;; i = (i + 1) & mask) {
        wq_slot *s = &m->slots[i];
        if (!s->value) return NULL;
        if (s->key == key) return s;
    }
}

static void place(wq_slot *slots, size_t cap, uint64_t key, void *value)
{
    size_t mask = cap - 1;
    size_t i = hash(key) & mask;
    while (slots[i].value) i = (i + 1) & mask;
    slots[i].key = key;
    slots[i].value = value;
}

bool wq_map_reserve(wq_map *m, size_t more)
{
    if (more > SIZE_MAX / 2 - m->count) return false;
    size_t need = m->count + more;
    if (need <= m->cap / 2) return true; /* at most half full */
    size_t cap = m->cap ? m->cap : 16;
    while (need > cap / 2) {
        if (cap > SIZE_MAX / 2 / sizeof(wq_slot)) return false;
        cap *= 2;
    }
    wq_slot *slots = calloc(cap, sizeof *slots);
    if (!slots) return false;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].value) place(slots, cap, m->slots[i].key, m->slots[i].value);
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return true;
}

void wq_map_put(wq_map *m, uint64_t key, void *value)
{
    place(m->slots, m->cap, key, value);
    m->count++;
}

void *wq_map_get(const wq_map *m, uint64_t key)
{
    wq_slot *s = find(m, key);
    return s ? s->value : NULL;
}

void *wq_map_remove(wq_map *m, uint64_t key)
{
    wq_slot *s = find(m, key);
    if (!s) return NULL;
    void *value = s->value;
    size_t mask = m->cap - 1;
    size_t hole = (size_t)(s - m->slots);
    /* Shift back every entry of the run after the hole that may move into it: one whose home
     * slot is not cyclically in (hole, j]. */
    for (size_t j = (hole + 1) & mask; m->slots[j].value; j = (j + 1) & mask) {
        size_t home = hash(m->slots[j].key) & mask;
        bool stays = hole < j ? (hole < home && home <= j) : (hole < home || home <= j);
        if (stays) continue;
        m->slots[hole] = m->slots[j];
        hole = j;
    }
    m->slots[hole].value = NULL;
    m->count--;
    return value;
}

void wq_map_free(wq_map *m, void (*each)(void *value))
{
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].value && each) each(m->slots[i].value);
    free(m->slots);
    m->slots = NULL;
    m->cap = m->count = 0;
}
