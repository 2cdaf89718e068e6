/* Bounds already checked on the way to the instruction being compiled (llvm/checks.h). */
#include "llvm/checks.h"

#include <stdlib.h>
#include <string.h>

/* A branch target keeps at most this many of what its ways in had checked: enough for the few
 * pointers a block works through, and a bound on what a big function's branches cost. */
#define JOIN_MAX 8

struct wj_join {
    uint32_t n;
    uint32_t slot[JOIN_MAX];
    uint64_t end[JOIN_MAX];
};

bool wj_checks_init(wj_checks *c, uint32_t nslots, uint32_t ncells)
{
    memset(c, 0, sizeof *c);
    c->nslots = nslots;
    c->ncells = ncells;
    c->gen = 1;
    c->gen_of = calloc((size_t)nslots + 1, sizeof *c->gen_of);
    c->end = calloc((size_t)nslots + 1, sizeof *c->end);
    c->incoming = calloc((size_t)ncells + 1, sizeof *c->incoming);
    return c->gen_of && c->end && c->incoming;
}

void wj_checks_free(wj_checks *c)
{
    for (uint32_t i = 0; c->incoming && i <= c->ncells; i++) free(c->incoming[i]);
    free(c->incoming);
    free(c->gen_of);
    free(c->end);
    free(c->list);
    memset(c, 0, sizeof *c);
}

void wj_checks_reset(wj_checks *c)
{
    for (uint32_t i = 0; c->incoming && i <= c->ncells; i++) {
        free(c->incoming[i]);
        c->incoming[i] = NULL;
    }
    c->failed = false;
    wj_checks_forget_all(c);
}

void wj_checks_forget_all(wj_checks *c)
{
    c->gen++;
    c->nlist = 0;
}

bool wj_checks_covered(const wj_checks *c, uint32_t s, uint64_t end)
{
    return s < c->nslots && c->gen_of[s] == c->gen && c->end[s] >= end;
}

void wj_checks_add(wj_checks *c, uint32_t s, uint64_t end)
{
    if (s >= c->nslots) return;
    if (c->gen_of[s] == c->gen) {
        if (c->end[s] < end) c->end[s] = end;
        return;
    }
    c->gen_of[s] = c->gen;
    c->end[s] = end;
    /* Listed for wj_checks_leave; one that cannot be listed is only not carried to a join. */
    if (c->nlist == c->list_cap) {
        uint32_t cap = c->list_cap ? 2 * c->list_cap : 16;
        uint32_t *l = realloc(c->list, cap * sizeof *l);
        if (!l) return;
        c->list = l;
        c->list_cap = cap;
    }
    c->list[c->nlist++] = s;
}

static bool holds(const wj_checks *c, uint32_t s)
{
    return s < c->nslots && c->gen_of[s] == c->gen;
}

void wj_checks_leave(wj_checks *c, uint32_t to)
{
    if (to > c->ncells) return;
    wj_join *j = c->incoming[to];
    if (j) { /* another way in came first: keep what both had checked */
        uint32_t n = 0;
        for (uint32_t i = 0; i < j->n; i++) {
            uint32_t s = j->slot[i];
            if (!holds(c, s)) continue;
            j->slot[n] = s;
            j->end[n++] = j->end[i] < c->end[s] ? j->end[i] : c->end[s];
        }
        j->n = n;
        return;
    }
    if (!(j = malloc(sizeof *j))) {
        c->failed = true;
        return;
    }
    j->n = 0;
    for (uint32_t i = 0; i < c->nlist && j->n < JOIN_MAX; i++) {
        uint32_t s = c->list[i];
        bool seen = false;
        for (uint32_t k = 0; k < j->n; k++) seen |= j->slot[k] == s;
        if (seen || !holds(c, s)) continue;
        j->slot[j->n] = s;
        j->end[j->n++] = c->end[s];
    }
    c->incoming[to] = j;
}

void wj_checks_join(wj_checks *c, uint32_t at, bool fall_through, bool header)
{
    wj_join *j = at <= c->ncells ? c->incoming[at] : NULL;
    if (at <= c->ncells) c->incoming[at] = NULL;
    if (!j) {
        /* Only the code before falls in: what it checked still holds. A branch whose way in
         * could not be kept (out of memory) leaves nothing known anywhere after it. */
        if (header || c->failed || !fall_through) wj_checks_forget_all(c);
        return;
    }
    wj_join meet = {0};
    for (uint32_t i = 0; i < j->n; i++) {
        uint32_t s = j->slot[i];
        uint64_t end = j->end[i];
        if (fall_through) {
            if (!holds(c, s)) continue;
            if (c->end[s] < end) end = c->end[s];
        }
        meet.slot[meet.n] = s;
        meet.end[meet.n++] = end;
    }
    free(j);
    wj_checks_forget_all(c);
    if (header || c->failed) return;
    for (uint32_t i = 0; i < meet.n; i++) wj_checks_add(c, meet.slot[i], meet.end[i]);
}
