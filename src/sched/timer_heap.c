/* The timer heap of timer_heap.h. */
#include <stdlib.h>

#include "sched/timer_heap.h"

static bool before(const wq_timer *a, const wq_timer *b)
{
    return a->deadline != b->deadline ? a->deadline < b->deadline : a->seq < b->seq;
}

static void set(wq_heap *h, size_t i, wq_timer *t)
{
    h->v[i] = t;
    t->at = i;
}

static void up(wq_heap *h, size_t i)
{
    wq_timer *t = h->v[i];
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!before(t, h->v[parent])) break;
        set(h, i, h->v[parent]);
        i = parent;
    }
    set(h, i, t);
}

static void down(wq_heap *h, size_t i)
{
    wq_timer *t = h->v[i];
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= h->n) break;
        if (child + 1 < h->n && before(h->v[child + 1], h->v[child])) child++;
        if (!before(h->v[child], t)) break;
        set(h, i, h->v[child]);
        i = child;
    }
    set(h, i, t);
}

bool wq_heap_reserve(wq_heap *h)
{
    if (h->n < h->cap) return true;
    size_t cap = h->cap ? h->cap * 2 : 64;
    if (cap > SIZE_MAX / sizeof *h->v) return false;
    wq_timer **v = realloc(h->v, cap * sizeof *v);
    if (!v) return false;
    h->v = v;
    h->cap = cap;
    return true;
}

void wq_heap_push(wq_heap *h, wq_timer *t)
{
    set(h, h->n++, t);
    up(h, t->at);
}

wq_timer *wq_heap_min(const wq_heap *h)
{
    return h->n ? h->v[0] : NULL;
}

void wq_heap_remove(wq_heap *h, wq_timer *t)
{
    size_t i = t->at;
    wq_timer *last = h->v[--h->n];
    if (i == h->n) return;
    set(h, i, last);
    if (i > 0 && before(last, h->v[(i - 1) / 2]))
        up(h, i);
    else
        down(h, i);
}

void wq_heap_free(wq_heap *h)
{
    free(h->v);
    h->v = NULL;
    h->n = h->cap = 0;
}
