/* The bump allocator of decoded components (arena.h). */
#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct wm_chunk {
    wm_chunk *next;
    alignas(max_align_t) unsigned char data[];
};

#define WM_CHUNK_SIZE 16384

void *wm_arena_alloc(wm_arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    if (size > SIZE_MAX - align) return NULL;
    size = (size + align - 1) & ~(align - 1);
    if (size == 0) size = align;
    if (!a->chunks || a->cap - a->used < size) {
        size_t cap = size > WM_CHUNK_SIZE ? size : WM_CHUNK_SIZE;
        if (cap > SIZE_MAX - sizeof(wm_chunk)) return NULL;
        wm_chunk *c = malloc(sizeof(wm_chunk) + cap);
        if (!c) return NULL;
        c->next = a->chunks;
        a->chunks = c;
        a->used = 0;
        a->cap = cap;
        a->total += cap;
    }
    void *p = a->chunks->data + a->used;
    a->used += size;
    memset(p, 0, size);
    return p;
}

char *wm_arena_strndup(wm_arena *a, const char *s, size_t n)
{
    if (n == SIZE_MAX) return NULL;
    char *p = wm_arena_alloc(a, n + 1);
    if (p && n) memcpy(p, s, n);
    return p;
}

void wm_arena_free(wm_arena *a)
{
    wm_chunk *c = a->chunks;
    while (c) {
        wm_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->chunks = NULL;
    a->used = a->cap = a->total = 0;
}
