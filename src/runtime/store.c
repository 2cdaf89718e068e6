/* Stores: own every runtime object and the execution stack. */
#include <stdlib.h>
#include <string.h>

#include "compile/code.h"
#include "exec/exec.h"
#include "exec/native.h"
#include "runtime/objects.h"

bool wr_list_push(wo_list *l, void *item)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        void **items = realloc(l->items, cap * sizeof *items);
        if (!items) return false;
        l->items = items;
        l->cap = cap;
    }
    l->items[l->n++] = item;
    return true;
}

warden_error_t *warden_store_new(warden_engine_t *engine, warden_store_t **out)
{
    if (!engine || !out) return wo_error(WARDEN_ERROR_ARGUMENT, -1, "store: NULL argument");
    warden_store_t *s = calloc(1, sizeof *s);
    if (!s) return wo_error_oom();
    s->engine = engine;
    warden_store_limits_default(&s->limits);
    s->usage_percent = 90;
    /* Without metering the fuel never runs out. */
    s->fuel = engine->config.consume_fuel ? 0 : INT64_MAX;
    atomic_init(&s->poll, 0);
    atomic_init(&s->entry_limit, 0);
    atomic_init(&s->deadline, 0);
    atomic_init(&s->call_gen, 0);
    atomic_init(&s->interrupt_gen, UINT64_MAX);
    /* The auto tier counts calls and loop iterations in the interpreter (runtime/tier_up.c). */
    wr_tier_up_store(s);
    *out = s;
    return NULL;
}

static bool same_kinds(const warden_valkind_t *a, const warden_valkind_t *b, uint32_t n)
{
    return n == 0 || memcmp(a, b, n * sizeof *a) == 0;
}

/* FNV-1a over the counts and kinds: interning is a hash lookup, so a module of many distinct
 * types instantiates in time linear in their total size. */
static uint64_t type_hash(const warden_valkind_t *params, uint32_t np,
                          const warden_valkind_t *results, uint32_t nr)
{
    uint64_t h = 0xcbf29ce484222325u;
#define MIX(v) (h = (h ^ (uint64_t)(v)) * 0x100000001b3u)
    MIX(np);
    MIX(nr);
    for (uint32_t i = 0; i < np; i++) MIX(params[i]);
    for (uint32_t i = 0; i < nr; i++) MIX(results[i]);
#undef MIX
    return h;
}

/* Doubles the bucket array when the table is full; false when allocation fails. */
static bool grow_type_buckets(warden_store_t *s)
{
    if (s->ntypes < s->ntype_buckets) return true;
    size_t n = s->ntype_buckets ? (size_t)s->ntype_buckets * 2 : 64;
    wo_type **b = calloc(n, sizeof *b);
    if (!b) return false;
    for (uint32_t i = 0; i < s->ntype_buckets; i++) {
        for (wo_type *t = s->type_buckets[i], *next; t; t = next) {
            next = t->next;
            t->next = b[t->hash & (n - 1)];
            b[t->hash & (n - 1)] = t;
        }
    }
    free(s->type_buckets);
    s->type_buckets = b;
    s->ntype_buckets = (uint32_t)n;
    return true;
}

const wo_type *wr_type_intern(warden_store_t *s, const warden_valkind_t *params, uint32_t np,
                              const warden_valkind_t *results, uint32_t nr)
{
    uint64_t h = type_hash(params, np, results, nr);
    if (s->ntype_buckets) {
        for (wo_type *t = s->type_buckets[h & (s->ntype_buckets - 1)]; t; t = t->next) {
            if (t->hash == h && t->pub.nparams == np && t->pub.nresults == nr &&
                same_kinds(t->kinds, params, np) && same_kinds(t->kinds + np, results, nr))
                return t;
        }
    }
    if (!grow_type_buckets(s)) return NULL;
    wo_type *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->kinds = malloc(((size_t)np + nr + 1) * sizeof *t->kinds);
    if (!t->kinds) {
        free(t);
        return NULL;
    }
    if (np) memcpy(t->kinds, params, np * sizeof *params);
    if (nr) memcpy(t->kinds + np, results, nr * sizeof *results);
    t->pub.nparams = np;
    t->pub.nresults = nr;
    t->pub.params = t->kinds;
    t->pub.results = t->kinds + np;
    for (uint32_t i = 0; i < np; i++) t->param_slots += wd_slots(params[i]);
    for (uint32_t i = 0; i < nr; i++) t->result_slots += wd_slots(results[i]);
    t->hash = h;
    t->next = s->type_buckets[h & (s->ntype_buckets - 1)];
    s->type_buckets[h & (s->ntype_buckets - 1)] = t;
    s->ntypes++;
    return t;
}

void wr_instance_free(warden_instance_t *inst)
{
    if (inst->elem_items) {
        for (uint32_t i = 0; i < inst->m->nelems; i++) free(inst->elem_items[i]);
    }
    free(inst->elem_items);
    free(inst->elem_len);
    free(inst->data_len);
    free(inst->types);
    free(inst->funcs);
    free(inst->tables);
    free(inst->mems);
    free(inst->globals);
    warden_module_delete(inst->module);
    free(inst);
}

void warden_store_delete(warden_store_t *s)
{
    if (!s) return;
    wr_store_end_call(s); /* a paused call ends (TRAPPED); its object stays the host's */
    wr_store_unlist_deadline(s);
    wr_store_detach_interrupts(s);
    for (size_t i = 0; i < s->instances.n; i++) wr_instance_free(s->instances.items[i]);
    for (size_t i = 0; i < s->funcs.n; i++) {
        warden_func_t *f = s->funcs.items[i];
        if (f->finalizer) f->finalizer(f->env);
        free(f);
    }
    for (size_t i = 0; i < s->memories.n; i++) wr_memory_free(s->memories.items[i]);
    for (size_t i = 0; i < s->tables.n; i++) wr_table_free(s->tables.items[i]);
    for (size_t i = 0; i < s->globals.n; i++) free(s->globals.items[i]);
    wo_list *lists[] = {&s->instances, &s->funcs, &s->memories, &s->tables, &s->globals};
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) free(lists[i]->items);
    for (uint32_t i = 0; i < s->ntype_buckets; i++) {
        for (wo_type *t = s->type_buckets[i], *next; t; t = next) {
            next = t->next;
            free(t->kinds);
            free(t);
        }
    }
    free(s->type_buckets);
    wo_store_release_stack(s);
    wx_completion_free(s->spare_completion);
    wx_native_free(s);
    free(s);
}
