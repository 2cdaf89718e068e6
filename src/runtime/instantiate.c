/* Instantiation (spec: exec/modules.rst): resolve and check imports, allocate the module's
 * functions, tables, memories and globals in the store, initialise them from the active element
 * and data segments, and run the start function. */
#include <stdlib.h>
#include <string.h>

#include "exec/exec.h"
#include "exec/trap.h"
#include "runtime/linker.h"
#include "runtime/objects.h"

static const char *const k_kind_names[] = {"func", "table", "memory", "global"};

static warden_error_t *import_error(const wd_import *im, const char *what)
{
    return wo_error(WARDEN_ERROR_UNLINKABLE, -1, "%s: %.*s.%.*s (%s)", what, (int)im->module_len,
                    im->module, (int)im->name_len, im->name, k_kind_names[im->kind & 3]);
}

/* The spec's limits matching: the actual object's limits must lie within the import's. */
static bool limits_match(uint64_t min, bool has_max, uint64_t max, const wd_limits *want)
{
    if (min < want->min) return false;
    if (want->has_max) {
        if (!has_max || max > want->max) return false;
    }
    return true;
}

static bool functype_equal(const wo_type *t, const wd_functype *ft)
{
    if (t->pub.nparams != ft->nparams || t->pub.nresults != ft->nresults) return false;
    for (uint32_t i = 0; i < ft->nparams + ft->nresults; i++)
        if ((uint8_t)t->kinds[i] != ft->types[i]) return false;
    return true;
}

static const warden_store_t *extern_store(const warden_extern_t *e)
{
    switch (e->kind) {
    case WARDEN_EXTERN_FUNC: return e->of.func->store;
    case WARDEN_EXTERN_TABLE: return e->of.table->store;
    case WARDEN_EXTERN_MEMORY: return e->of.memory->store;
    default: return e->of.global->store;
    }
}

static warden_error_t *resolve_imports(warden_instance_t *inst, const warden_linker_t *linker)
{
    const wd_module *m = inst->m;
    uint32_t nf = 0, nt = 0, nm = 0, ng = 0;
    for (uint32_t i = 0; i < m->nimports; i++) {
        const wd_import *im = &m->imports[i];
        const warden_extern_t *e =
            linker ? wr_linker_lookup(linker, im->module, im->module_len, im->name, im->name_len)
                   : NULL;
        if (!e) return import_error(im, "unknown import");
        if ((uint8_t)e->kind != im->kind) return import_error(im, "incompatible import type");
        if (extern_store(e) != inst->store) return import_error(im, "belongs to another store");
        switch (im->kind) {
        case WD_EXTERN_FUNC: {
            warden_func_t *f = e->of.func;
            if (!functype_equal(f->type, &m->types[im->d.func_type]))
                return import_error(im, "incompatible import type");
            inst->funcs[nf++] = f;
            break;
        }
        case WD_EXTERN_TABLE: {
            warden_table_t *t = e->of.table;
            if (t->type != im->d.table.elem ||
                !limits_match(t->size, t->has_max, t->max, &im->d.table.lim))
                return import_error(im, "incompatible import type");
            inst->tables[nt++] = t;
            break;
        }
        case WD_EXTERN_MEMORY: {
            warden_memory_t *mem = e->of.memory;
            if (!limits_match(mem->pages, mem->has_max, mem->max_pages, &im->d.mem))
                return import_error(im, "incompatible import type");
            inst->mems[nm++] = mem;
            break;
        }
        default: {
            warden_global_t *g = e->of.global;
            if (g->type != im->d.global.type || g->mut != im->d.global.mut)
                return import_error(im, "incompatible import type");
            inst->globals[ng++] = g;
            break;
        }
        }
    }
    return NULL;
}

/* Evaluates a constant expression (validated: one instruction). */
static void eval_const(const warden_instance_t *inst, const wd_constexpr *c, uint64_t out[2])
{
    out[0] = out[1] = 0;
    switch (c->kind) {
    case WD_CONST_I32:
    case WD_CONST_I64:
    case WD_CONST_F32:
    case WD_CONST_F64:
    case WD_CONST_V128:
        out[0] = c->bits[0];
        out[1] = c->bits[1];
        break;
    case WD_CONST_REF_NULL: break;
    case WD_CONST_REF_FUNC: out[0] = (uint64_t)(uintptr_t)inst->funcs[c->index]; break;
    case WD_CONST_GLOBAL_GET:
        out[0] = inst->globals[c->index]->val[0];
        out[1] = inst->globals[c->index]->val[1];
        break;
    }
}

/* Between segments, between chunks of a large one, and every few thousand objects made: the
 * store's deadline stops an instantiation that takes long by its size alone (a huge module's), as
 * it stops its start function. */
#define WR_SEGMENT_CHUNK ((uint64_t)1 << 20)
#define WR_OBJECTS_CHUNK 4096u

static warden_trap_t *deadline_passed(warden_store_t *s)
{
    if (!atomic_load_explicit(&s->poll, memory_order_relaxed)) return NULL;
    warden_trap_kind_t k = wx_check_slow(s, 0);
    return k ? wx_trap_new_kind(k) : NULL;
}

/* Makes the instance's types, functions, tables, memories, globals and element items; an error,
 * or *trap when the deadline passed meanwhile. */
static warden_error_t *allocate(warden_instance_t *inst, warden_trap_t **trap)
{
    warden_store_t *s = inst->store;
    const wd_module *m = inst->m;
    warden_error_t *e;
    for (uint32_t i = 0; i < m->ntypes; i++) {
        if (i % WR_OBJECTS_CHUNK == WR_OBJECTS_CHUNK - 1 && (*trap = deadline_passed(s)))
            return NULL;
        const wd_functype *ft = &m->types[i];
        warden_valkind_t *k = (warden_valkind_t *)inst->module->types[i].params;
        inst->types[i] = wr_type_intern(s, k, ft->nparams, k + ft->nparams, ft->nresults);
        if (!inst->types[i]) return wo_error_oom();
    }
    for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
        if (i % WR_OBJECTS_CHUNK == WR_OBJECTS_CHUNK - 1 && (*trap = deadline_passed(s)))
            return NULL;
        warden_func_t *f;
        if ((e = wr_func_create(s, inst->types[m->func_types[i]], &f))) return e;
        f->inst = inst;
        f->index = i;
        f->code = &inst->module->funcs[i - m->nfunc_imports];
        inst->funcs[i] = f;
    }
    for (uint32_t i = m->ntable_imports; i < m->ntables; i++) {
        if ((e = wr_table_create(s, m->tables[i].elem, &m->tables[i].lim, 0, &inst->tables[i])))
            return e;
    }
    for (uint32_t i = m->nmem_imports; i < m->nmems; i++) {
        if ((e = wr_memory_create(s, &m->mems[i], &inst->mems[i]))) return e;
    }
    for (uint32_t i = m->nglobal_imports; i < m->nglobals; i++) {
        uint64_t val[2];
        eval_const(inst, &m->globals[i].init, val);
        if ((e = wr_global_create(s, m->globals[i].type.type, m->globals[i].type.mut, val,
                                  &inst->globals[i])))
            return e;
    }
    for (uint32_t i = 0; i < m->nelems; i++) {
        const wd_elem *el = &m->elems[i];
        inst->elem_items[i] = malloc(((size_t)el->count + 1) * sizeof(uint64_t));
        if (!inst->elem_items[i]) return wo_error_oom();
        for (uint32_t j = 0; j < el->count; j++) {
            uint64_t v[2];
            eval_const(inst, &el->items[j], v);
            inst->elem_items[i][j] = v[0];
        }
        /* Declarative segments are dropped at once; active ones after they are applied. */
        inst->elem_len[i] = el->mode == WD_SEG_DECLARATIVE ? 0 : el->count;
    }
    for (uint32_t i = 0; i < m->ndatas; i++) inst->data_len[i] = m->datas[i].len;
    return NULL;
}

/* Applies the active segments in order; returns a trap when one is out of bounds (the writes of
 * the segments before it stay, as the spec says), or when the deadline passed meanwhile. */
static warden_trap_t *apply_segments(warden_instance_t *inst)
{
    const wd_module *m = inst->m;
    warden_trap_t *stop;
    for (uint32_t i = 0; i < m->nelems; i++) {
        const wd_elem *el = &m->elems[i];
        if (el->mode != WD_SEG_ACTIVE) continue;
        if ((stop = deadline_passed(inst->store))) return stop;
        uint64_t off[2];
        eval_const(inst, &el->offset, off);
        warden_table_t *t = inst->tables[el->table];
        uint64_t d = (uint32_t)off[0], n = el->count;
        if (d + n > t->size) return wx_trap_new_kind(WARDEN_TRAP_TABLE_OUT_OF_BOUNDS);
        if (n) memcpy(t->elems + d, inst->elem_items[i], n * sizeof *t->elems);
        inst->elem_len[i] = 0;
    }
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const wd_data *dt = &m->datas[i];
        if (dt->mode != WD_SEG_ACTIVE) continue;
        uint64_t off[2];
        eval_const(inst, &dt->offset, off);
        warden_memory_t *mem = inst->mems[dt->mem];
        uint64_t d = (uint32_t)off[0], n = dt->len;
        if (d + n > mem->size) return wx_trap_new_kind(WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS);
        for (uint64_t done = 0; done < n; done += WR_SEGMENT_CHUNK) {
            if ((stop = deadline_passed(inst->store))) return stop;
            uint64_t k = n - done < WR_SEGMENT_CHUNK ? n - done : WR_SEGMENT_CHUNK;
            memcpy(mem->base + d + done, dt->bytes + done, k);
        }
        inst->data_len[i] = 0;
    }
    return NULL;
}

static void *alloc_array(size_t n, size_t size)
{
    return calloc(n ? n : 1, size);
}

/* The host memory an instance of `m` holds (usage.host_bytes; tables' elements are counted by
 * the tables): the instance, its index arrays, an object and a store-list entry per function,
 * table, memory and global it defines, an interned type per module type (counted even where
 * the store shares it), and its element segments' items. Linear in the module's size. */
static uint64_t instance_host_bytes(const wd_module *m)
{
    const uint64_t ptr = sizeof(void *);
    uint64_t b = sizeof(warden_instance_t);
    b += (uint64_t)m->ntypes * (ptr + sizeof(wo_type));
    for (uint32_t i = 0; i < m->ntypes; i++)
        b += ((uint64_t)m->types[i].nparams + m->types[i].nresults + 1) * sizeof(warden_valkind_t);
    b += (uint64_t)m->nfuncs * ptr +
         (uint64_t)(m->nfuncs - m->nfunc_imports) * (sizeof(warden_func_t) + ptr);
    b += (uint64_t)m->ntables * ptr +
         (uint64_t)(m->ntables - m->ntable_imports) * (sizeof(warden_table_t) + ptr);
    b += (uint64_t)m->nmems * ptr +
         (uint64_t)(m->nmems - m->nmem_imports) * (sizeof(warden_memory_t) + ptr);
    b += (uint64_t)m->nglobals * ptr +
         (uint64_t)(m->nglobals - m->nglobal_imports) * (sizeof(warden_global_t) + ptr);
    b += (uint64_t)m->nelems * (ptr + sizeof(uint32_t)) + (uint64_t)m->ndatas * sizeof(uint32_t);
    for (uint32_t i = 0; i < m->nelems; i++)
        b += ((uint64_t)m->elems[i].count + 1) * sizeof(uint64_t);
    return b;
}

/* How many objects of each kind the store held before an instantiation. */
typedef struct marks {
    size_t instances, funcs, memories, tables, globals;
} marks;

/* Removes from l[from..] the items for which `mine` is true, keeping the others in order. */
static void remove_mine(wo_list *l, size_t from, const warden_instance_t *inst,
                        bool (*mine)(const void *item, const warden_instance_t *inst),
                        void (*release)(warden_store_t *s, void *item), warden_store_t *s)
{
    size_t kept = from;
    for (size_t i = from; i < l->n; i++) {
        if (mine(l->items[i], inst))
            release(s, l->items[i]);
        else
            l->items[kept++] = l->items[i];
    }
    l->n = kept;
}

static bool defined_here(const void *const *objs, uint32_t from, uint32_t to, const void *item)
{
    for (uint32_t i = from; i < to; i++)
        if (objs[i] == item) return true;
    return false;
}

static bool func_mine(const void *f, const warden_instance_t *inst)
{
    return ((const warden_func_t *)f)->inst == inst;
}
static bool memory_mine(const void *m, const warden_instance_t *inst)
{
    return defined_here((const void *const *)inst->mems, inst->m->nmem_imports, inst->m->nmems, m);
}
static bool table_mine(const void *t, const warden_instance_t *inst)
{
    return defined_here((const void *const *)inst->tables, inst->m->ntable_imports,
                        inst->m->ntables, t);
}
static bool global_mine(const void *g, const warden_instance_t *inst)
{
    return defined_here((const void *const *)inst->globals, inst->m->nglobal_imports,
                        inst->m->nglobals, g);
}
static bool instance_mine(const void *i, const warden_instance_t *inst)
{
    return i == inst;
}

static void release_func(warden_store_t *s, void *f)
{
    (void)s;
    free(f);
}
static void release_memory(warden_store_t *s, void *item)
{
    warden_memory_t *m = item;
    s->usage.memory_bytes -= m->size;
    s->usage.memories--;
    wr_memory_free(m);
}
static void release_table(warden_store_t *s, void *item)
{
    warden_table_t *t = item;
    wo_unaccount_table(s, t->size);
    s->usage.tables--;
    wr_table_free(t);
}
static void release_global(warden_store_t *s, void *g)
{
    (void)s;
    free(g);
}
static void release_instance(warden_store_t *s, void *item)
{
    warden_instance_t *inst = item;
    wo_unaccount_host(s, inst->host_bytes);
    s->usage.instances--;
    wr_instance_free(inst);
}

/* Undoes a failed instantiation: frees the instance and every object it defined, and gives their
 * accounting back. Objects made meanwhile by the host (in a host function its start function
 * called) stay. Only for an instance nothing outside it can refer to (see still_referenced). */
static void roll_back(warden_store_t *s, warden_instance_t *inst, const marks *mk)
{
    remove_mine(&s->funcs, mk->funcs, inst, func_mine, release_func, s);
    remove_mine(&s->memories, mk->memories, inst, memory_mine, release_memory, s);
    remove_mine(&s->tables, mk->tables, inst, table_mine, release_table, s);
    remove_mine(&s->globals, mk->globals, inst, global_mine, release_global, s);
    remove_mine(&s->instances, mk->instances, inst, instance_mine, release_instance, s);
}

/* Whether anything that outlives a failed instantiation may refer to the instance: the host
 * was handed a part of it, or a table or global it does not own holds one of its functions (its
 * element segments or start function wrote it there, directly or through another instance). */
static bool still_referenced(const warden_store_t *s, const warden_instance_t *inst)
{
    if (inst->escaped) return true;
    for (size_t i = 0; i < s->tables.n; i++) {
        const warden_table_t *t = s->tables.items[i];
        if (t->type != WARDEN_FUNCREF || table_mine(t, inst)) continue;
        for (uint32_t j = 0; j < t->size; j++) {
            const warden_func_t *f = (const warden_func_t *)(uintptr_t)t->elems[j];
            if (f && f->inst == inst) return true;
        }
    }
    for (size_t i = 0; i < s->globals.n; i++) {
        const warden_global_t *g = s->globals.items[i];
        if (g->type != WARDEN_FUNCREF || global_mine(g, inst)) continue;
        const warden_func_t *f = (const warden_func_t *)(uintptr_t)g->val[0];
        if (f && f->inst == inst) return true;
    }
    return false;
}

/* The start function's code, made before the segments change anything, so that failing to make
 * it (out of memory) fails instantiation like any other allocation (what it calls is made at its
 * first call, as always: a failure then traps): lowered, or, in a module compiled at first calls
 * (llvm/lazy.c), its part linked (a compiled module's functions are never lowered to run). */
static warden_error_t *prepare_start(warden_instance_t *inst)
{
    const wd_module *m = inst->module->m;
    if (!m->has_start || m->start < m->nfunc_imports) return NULL;
    if (atomic_load_explicit(&inst->module->jit, memory_order_acquire)) {
        warden_trap_t *why = NULL;
        if (wx_compile_callee(inst->funcs[m->start], &why)) return NULL;
        warden_error_t *e =
            wo_error(WARDEN_ERROR_LIMIT, -1, "start function: %s", warden_trap_message(why));
        warden_trap_delete(why);
        return e;
    }
    wd_decode_error lowering = {0};
    if (wx_lower(inst->module, m->start - m->nfunc_imports, &lowering)) return NULL;
    if (lowering.oom) return wo_error_oom();
    return wo_error(WARDEN_ERROR_LIMIT, -1, "start function: %s", lowering.message);
}

warden_error_t *warden_linker_instantiate(const warden_linker_t *linker, warden_store_t *store,
                                          const warden_module_t *module, warden_instance_t **out,
                                          warden_trap_t **trap)
{
    if (!store || !module || !out || !trap)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "instantiate: NULL argument");
    *out = NULL;
    *trap = NULL;
    if (module->engine != store->engine)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1,
                        "instantiate: the module was compiled by another engine");
    const wd_module *m = module->m;
    warden_error_t *e =
        wo_limit_count("instances", store->usage.instances, store->limits.max_instances);
    if (e) return e;
    /* What the start function's call needs (its stack, the deadline's ticker), before anything
     * that could not be rolled back: once segments are applied the instance stays in the store,
     * so the start call must not fail for want of resources. */
    if (m->has_start && ((e = wo_store_prepare_stack(store)) || (e = wr_store_check_ticker(store))))
        return e;
    const marks mk = {store->instances.n, store->funcs.n, store->memories.n, store->tables.n,
                      store->globals.n};
    /* Charged before anything is allocated: a module of a million functions is refused by a
     * store that cannot hold its instance. */
    uint64_t host_bytes = instance_host_bytes(m);
    if (!wo_account_host(store, host_bytes))
        return wo_memory_limit_error(store, "an instance", host_bytes);
    warden_instance_t *inst = calloc(1, sizeof *inst);
    if (!inst) {
        wo_unaccount_host(store, host_bytes);
        return wo_error_oom();
    }
    inst->host_bytes = host_bytes;
    inst->store = store;
    inst->module = warden_module_clone((warden_module_t *)module);
    inst->m = m;
    inst->types = alloc_array(m->ntypes, sizeof *inst->types);
    inst->funcs = alloc_array(m->nfuncs, sizeof *inst->funcs);
    inst->tables = alloc_array(m->ntables, sizeof *inst->tables);
    inst->mems = alloc_array(m->nmems, sizeof *inst->mems);
    inst->globals = alloc_array(m->nglobals, sizeof *inst->globals);
    inst->elem_items = alloc_array(m->nelems, sizeof *inst->elem_items);
    inst->elem_len = alloc_array(m->nelems, sizeof *inst->elem_len);
    inst->data_len = alloc_array(m->ndatas, sizeof *inst->data_len);
    /* From here on the store owns the instance and frees it with everything else. */
    if (!wr_list_push(&store->instances, inst)) {
        warden_module_delete(inst->module);
        free(inst->types);
        free(inst->funcs);
        free(inst->tables);
        free(inst->mems);
        free(inst->globals);
        free(inst->elem_items);
        free(inst->elem_len);
        free(inst->data_len);
        free(inst);
        wo_unaccount_host(store, host_bytes);
        return wo_error_oom();
    }
    store->usage.instances++;
    if (!inst->types || !inst->funcs || !inst->tables || !inst->mems || !inst->globals ||
        !inst->elem_items || !inst->elem_len || !inst->data_len) {
        roll_back(store, inst, &mk);
        return wo_error_oom();
    }

    e = resolve_imports(inst, linker);
    if (!e) e = allocate(inst, trap);
    if (e || *trap) {
        roll_back(store, inst, &mk);
        return e;
    }

    e = prepare_start(inst);
    if (e) {
        roll_back(store, inst, &mk);
        return e;
    }
    *trap = apply_segments(inst);
    if (!*trap && m->has_start)
        e = warden_func_call(store, inst->funcs[m->start], NULL, 0, NULL, 0, trap);
    if (e || *trap) {
        /* What the segments and the start function wrote to imported objects stays, as the
         * spec says; the instance itself is given back unless something may still reach it. */
        if (!still_referenced(store, inst)) roll_back(store, inst, &mk);
        return e;
    }
    *out = inst;
    return NULL;
}
