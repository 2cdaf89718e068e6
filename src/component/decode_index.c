/* Finding items by name in lists of them (instance exports, imports, instantiation arguments,
 * core imports by module and name): a hash index once a list is not short, so that looking up
 * every item of one list in another takes linear time. */
#include <string.h>

#include "decode.h"

uint64_t wm_hash_names(const char *a, const char *b)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (; *a; a++) h = (h ^ (uint8_t)*a) * UINT64_C(0x100000001b3);
    if (b) {
        h = (h ^ 0xff) * UINT64_C(0x100000001b3);
        for (; *b; b++) h = (h ^ (uint8_t)*b) * UINT64_C(0x100000001b3);
    }
    return h;
}

void wm_name_index_init(wm_name_index *x, const void *items, size_t stride, size_t offset,
                        uint32_t n)
{
    memset(x, 0, sizeof *x);
    x->base = items ? (const char *)items + offset : NULL;
    x->stride = stride;
    x->n = n;
}

void wm_name_index_free(wm_name_index *x)
{
    wm_idmap_free(&x->map);
}

static const char *const *names_at(const wm_name_index *x, uint32_t i)
{
    return (const char *const *)(const void *)(x->base + (size_t)i * x->stride);
}

static bool names_match(const wm_name_index *x, uint32_t i, const char *a, const char *b)
{
    const char *const *p = names_at(x, i);
    return strcmp(p[0], a) == 0 && (!x->two || strcmp(p[1], b) == 0);
}

bool wm_name_index_find(wm_decoder *d, wm_name_index *x, const char *a, const char *b,
                        uint32_t *out)
{
    uint32_t from = 0;
    *out = x->n;
    if (x->n > 8) {
        if (x->map.count == 0)
            for (uint32_t i = 0; i < x->n; i++) {
                const char *const *p = names_at(x, i);
                uint64_t h = wm_hash_names(p[0], x->two ? p[1] : NULL);
                if (!wm_idmap_has(&x->map, h) && !wm_idmap_put(&x->map, h, i))
                    return wm_no_memory(d);
            }
        uint64_t first;
        if (!wm_idmap_get(&x->map, wm_hash_names(a, x->two ? b : NULL), &first)) return true;
        /* The first item of that hash; another name of the same hash may come before ours. */
        from = (uint32_t)first;
    }
    for (uint32_t i = from; i < x->n; i++)
        if (names_match(x, i, a, b)) {
            *out = i;
            return true;
        }
    return true;
}

bool wm_scope_find(wm_decoder *d, wm_scope *s, const void *items, size_t stride, size_t offset,
                   uint32_t n, const char *name, uint32_t *out)
{
    wm_name_index local;
    if (n <= 8 || !items) {
        wm_name_index_init(&local, items, stride, offset, n);
        return wm_name_index_find(d, &local, name, NULL, out);
    }
    uint64_t at;
    if (!wm_idmap_get(&s->indexes_by_list, wm_key_ptr(items), &at)) {
        wm_name_index *x = wm_list_push(d, &s->indexes);
        if (!x) return false;
        wm_name_index_init(x, items, stride, offset, n);
        at = s->indexes.count - 1;
        if (!wm_idmap_put(&s->indexes_by_list, wm_key_ptr(items), at)) return wm_no_memory(d);
    }
    return wm_name_index_find(d, &((wm_name_index *)s->indexes.items)[at], name, NULL, out);
}

bool wm_first_duplicate(wm_decoder *d, const void *items, size_t stride, size_t offset, uint32_t n,
                        uint32_t *dup)
{
    wm_name_index x;
    wm_name_index_init(&x, items, stride, offset, n);
    wm_idmap seen = {0};
    bool ok = true;
    *dup = n;
    for (uint32_t i = 0; ok && i < n && *dup == n; i++) {
        const char *name = *names_at(&x, i);
        uint64_t h = wm_hash_names(name, NULL);
        if (!wm_idmap_has(&seen, h)) {
            if (!wm_idmap_put(&seen, h, i)) ok = wm_no_memory(d);
            continue;
        }
        /* The same hash: the same name, or (rarely) another one, so look at them all. */
        for (uint32_t k = 0; k < i; k++)
            if (strcmp(*names_at(&x, k), name) == 0) *dup = i;
    }
    wm_idmap_free(&seen);
    return ok;
}
