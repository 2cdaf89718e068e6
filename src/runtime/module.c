/* Modules: decoded and validated once, each function lowered once (at its first call, or here
 * when the engine lowers eagerly); immutable and shared by reference count. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "exec/exec.h"
#include "llvm/artifact.h" /* its magic, in builds without LLVM too */
#ifdef WARDEN_HAVE_LLVM
#include "llvm/llvm.h"
#endif
#include "runtime/objects.h"
#include "util/cpu.h"
#include "util/progress.h"

static void module_free(warden_module_t *mod)
{
    wr_tier_up_free(mod); /* first: its thread may be compiling */
#ifdef WARDEN_HAVE_LLVM
    wj_code_free(atomic_load_explicit(&mod->jit, memory_order_acquire));
#endif
    /* Code lowered on first calls has a block each; eagerly lowered code is all in mod->code. */
    if (mod->funcs && !mod->code) {
        for (uint32_t i = 0; i < mod->m->nbodies; i++)
            free((void *)atomic_load_explicit(&mod->funcs[i].lowered, memory_order_acquire));
    }
    free(mod->code);
    free(mod->funcs);
    free(mod->types);
    free(mod->kinds);
    wd_module_free(mod->m);
    free(mod);
}

/* Public views of the module's function types. */
static bool make_types(warden_module_t *mod)
{
    const wd_module *m = mod->m;
    size_t nkinds = 1;
    for (uint32_t i = 0; i < m->ntypes; i++) nkinds += m->types[i].nparams + m->types[i].nresults;
    mod->types = calloc(m->ntypes ? m->ntypes : 1, sizeof *mod->types);
    mod->kinds = malloc(nkinds * sizeof *mod->kinds);
    if (!mod->types || !mod->kinds) return false;
    warden_valkind_t *k = mod->kinds;
    for (uint32_t i = 0; i < m->ntypes; i++) {
        const wd_functype *ft = &m->types[i];
        for (uint32_t j = 0; j < ft->nparams + ft->nresults; j++)
            k[j] = (warden_valkind_t)ft->types[j];
        mod->types[i].nparams = ft->nparams;
        mod->types[i].nresults = ft->nresults;
        mod->types[i].params = k;
        mod->types[i].results = k + ft->nparams;
        k += ft->nparams + ft->nresults;
    }
    return true;
}

/* Eager lowering (config.lower_eagerly): validates and lowers every body, and packs the code of
 * all into one block (mod->code), so that a module of many small functions costs its code and a
 * fixed record per function, not an allocation each. */
static bool lower_failed(warden_module_t *mod, unsigned char *block, uint32_t lowered)
{
    /* The records hold offsets into the block, not code to free. */
    for (uint32_t i = 0; i < lowered; i++)
        atomic_store_explicit(&mod->funcs[i].lowered, NULL, memory_order_relaxed);
    free(block);
    return false;
}

static bool lower_functions(warden_module_t *mod, wd_progress *progress, wd_decode_error *derr)
{
    const wd_module *m = mod->m;
    const void *const *handlers = wx_handlers();
    const warden_fuel_costs_t *fuel =
        mod->engine->config.consume_fuel ? &mod->engine->config.fuel : NULL;
    size_t used = 0, cap = 0;
    unsigned char *block = NULL;
    for (uint32_t i = 0; i < m->nbodies; i++) {
        wc_func *f = &mod->funcs[i];
        /* A body's bytes count as work too, so many small bodies are asked about as often. */
        if (!wd_progress_step(progress, m->bodies[i].len)) {
            derr->stopped = true;
            return lower_failed(mod, block, i);
        }
        wc_code *c;
        if (!wc_lower_function(m, i, handlers, fuel, progress, f, &c, derr))
            return lower_failed(mod, block, i);
        size_t size = sizeof *c + (size_t)c->ncells * sizeof *c->cells;
        if (used + size > cap) {
            size_t want = cap ? cap * 2 : 8192;
            while (want < used + size) want *= 2;
            unsigned char *b = realloc(block, want);
            if (!b) {
                free(c);
                derr->oom = true;
                return lower_failed(mod, block, i);
            }
            block = b;
            cap = want;
        }
        memcpy(block + used, c, size);
        free(c);
        /* An offset until the block stops moving. */
        atomic_store_explicit(&f->lowered, (const wc_code *)(uintptr_t)used, memory_order_relaxed);
        used += size;
    }
    if (used < cap) {
        unsigned char *b = realloc(block, used ? used : 1);
        if (b) block = b;
    }
    for (uint32_t i = 0; i < m->nbodies; i++) {
        wc_func *f = &mod->funcs[i];
        size_t at = (uintptr_t)atomic_load_explicit(&f->lowered, memory_order_relaxed);
        atomic_store_explicit(&f->lowered, (const wc_code *)(void *)(block + at),
                              memory_order_relaxed);
    }
    mod->code = block;
    return true;
}

/* The error for a failed step of module creation: out of memory and a stop by the host are not
 * the module's fault, whatever the step. Otherwise the step marked what it found: bytes the binary
 * format does not allow (malformed), or well-formed bytes that break a validation rule (invalid).
 * Decoding, module validation and lowering can each find either kind: the decoder checks constant
 * expressions, and lowering decodes the function bodies as it validates them. */
static warden_error_t *creation_error(const wd_decode_error *derr)
{
    if (derr->oom) return wo_error_oom();
    if (derr->stopped)
        return wo_error(WARDEN_ERROR_STOPPED, (int64_t)derr->offset,
                        "module creation stopped by the host");
    return wo_error(derr->malformed ? WARDEN_ERROR_MALFORMED : WARDEN_ERROR_INVALID,
                    (int64_t)derr->offset, "%s", derr->message);
}

warden_error_t *warden_module_new(warden_engine_t *engine, const uint8_t *bytes, size_t len,
                                  warden_module_t **out)
{
    return warden_module_new_with_progress(engine, bytes, len, NULL, NULL, out);
}

#ifdef WARDEN_HAVE_LLVM
/* The compiled tier's first steps (llvm/llvm.h), on threads of their own: looking for the code
 * made already beside the decoding, then linking it beside the validation of the bodies. */
typedef struct find_job {
    const warden_engine_t *engine;
    const uint8_t *bytes;
    size_t len;
    const wj_artifact *artifact;
    warden_module_t *mod; /* set before the link starts */
    pthread_t looker;
    bool looking;     /* looker runs, and the link (or the caller) joins it */
    atomic_bool stop; /* the module is not valid: the looker may give up */
    struct wj_code *code;
    warden_error_t *error;
} find_job;

static void *look_for_code(void *arg)
{
    find_job *j = arg;
    j->error = wj_look_for_code(j->engine, j->bytes, j->len, j->artifact, &j->stop, &j->code);
    return NULL;
}

/* The looker's outcome, once. */
static void join_looker(find_job *j)
{
    if (j->looking) pthread_join(j->looker, NULL);
    j->looking = false;
}

/* The search's outcome (the looker's, or the search done here when there is no looker), then
 * the link. */
static void *link_code(void *arg)
{
    find_job *j = arg;
    if (j->looking)
        join_looker(j);
    else
        look_for_code(j);
    /* Nothing runs yet: the code found is linked part by part, at the first calls. */
    if (!j->error) j->error = wj_link_code(j->mod, &j->code, true);
    return NULL;
}

/* Drops what the job found, stopping its search. */
static void drop_job(find_job *j)
{
    atomic_store_explicit(&j->stop, true, memory_order_relaxed);
    join_looker(j);
    warden_error_delete(j->error);
    wj_code_free(j->code);
}
#else
typedef struct find_job {
    int none;
} find_job;

static void drop_job(find_job *j)
{
    (void)j;
}
#endif

/* Creates a module from WebAssembly bytes; with `artifact`, the .cwasm they came from (read and
 * checked whole), whose native code it links instead of compiling. */
static warden_error_t *create(warden_engine_t *engine, const uint8_t *bytes, size_t len,
                              warden_progress_t keep_going, void *env, const wj_artifact *artifact,
                              warden_module_t **out)
{
#ifdef WARDEN_HAVE_LLVM
    bool compile = engine->config.tier == WARDEN_TIER_LLVM || artifact;
    /* The auto tier with a code cache links code compiled before (by either tier) at once, and
     * starts in the interpreter when there is none. */
    bool look = compile || (engine->config.tier == WARDEN_TIER_AUTO && engine->config.cache_dir);
#else
    (void)artifact; /* only the compiled tier reads a .cwasm */
#endif
    wd_progress progress = {.keep_going = keep_going, .env = env};
    wd_decode_error derr = {0};
    wd_module *m = NULL;
#ifdef WARDEN_HAVE_LLVM
    /* The compiled tier looks for code made already (a .cwasm's, the cache's) and links it on
     * threads of their own meanwhile, when the engine may use two threads and the machine has
     * two CPUs; otherwise first. An invalid module or body is reported before anything the
     * code's search found. */
    find_job job = {.engine = engine, .bytes = bytes, .len = len, .artifact = artifact};
    atomic_init(&job.stop, false);
    bool threaded = look && wd_cpu_threads_for(2, 1, 2, engine->config.module_threads) > 1;
    job.looking = threaded && pthread_create(&job.looker, NULL, look_for_code, &job) == 0;
#else
    find_job job = {0};
#endif
    bool decoded = wd_decode_progress(bytes, len, &progress, &m, &derr);
    if (!decoded || !wd_validate_module(m, &derr)) {
        drop_job(&job);
        wd_module_free(m);
        return creation_error(&derr);
    }
    warden_module_t *mod = calloc(1, sizeof *mod);
    if (!mod) {
        drop_job(&job);
        wd_module_free(m);
        return wo_error_oom();
    }
    atomic_init(&mod->refs, 1);
    atomic_init(&mod->jit, NULL);
    atomic_init(&mod->compile_stop, false);
    mod->engine = engine;
    mod->m = m;
    mod->funcs = calloc(m->nbodies ? m->nbodies : 1, sizeof *mod->funcs);
    /* The auto tier compiles a module on request: what it needs for that. */
    bool tier_up = engine->config.tier == WARDEN_TIER_AUTO && !artifact &&
                   warden_tier_supported(WARDEN_TIER_LLVM);
    if (tier_up) mod->tier_up = wr_tier_up_new(m);
    if (!mod->funcs || !make_types(mod) || (tier_up && !mod->tier_up)) {
        drop_job(&job);
        module_free(mod);
        return wo_error_oom();
    }
    /* Every body is validated now; lowering waits for each function's first call
     * (exec/lazy.c) unless the engine lowers eagerly. The compiled tier lowers every function
     * when it compiles them (its IR is made from the lowered code), but not when it links code
     * from the code cache or a .cwasm: that code needs none. */
    bool eager = engine->config.lower_eagerly;
#ifdef WARDEN_HAVE_LLVM
    job.mod = mod;
    pthread_t linker;
    bool linking = threaded && pthread_create(&linker, NULL, link_code, &job) == 0;
    if (look && !linking) link_code(&job);
#endif
    bool ok =
        eager ? lower_functions(mod, &progress, &derr) : wr_validate_bodies(mod, &progress, &derr);
#ifdef WARDEN_HAVE_LLVM
    if (linking) pthread_join(linker, NULL);
    if (look && !ok) drop_job(&job);
#endif
    if (!ok) {
        module_free(mod);
        return creation_error(&derr);
    }
#ifdef WARDEN_HAVE_LLVM
    if (compile) {
        /* Code found is linked part by part at first calls (llvm/lazy.c), or all of it now with
         * an engine that lowers eagerly; otherwise the module is compiled now, or part by part
         * at first calls (config.compile_lazily). */
        bool lazily = engine->config.compile_lazily && !eager && !artifact;
        warden_error_t *e = job.error                            ? job.error
                            : wj_code_found(job.code) || !lazily ? wj_finish_code(mod, job.code)
                                                                 : wj_start_lazy(mod, job.code);
        if (e) {
            module_free(mod);
            return e;
        }
    } else if (look) {
        /* A miss, or anything that kept the cache's code from being linked, leaves the module in
         * the interpreter, which the auto tier starts in anyway. */
        warden_error_t *e = job.error;
        if (!e && wj_code_found(job.code))
            e = wj_finish_code(mod, job.code);
        else
            wj_code_free(job.code);
        warden_error_delete(e);
    }
#endif
    *out = mod;
    return NULL;
}

warden_error_t *warden_module_new_with_progress(warden_engine_t *engine, const uint8_t *bytes,
                                                size_t len, warden_progress_t keep_going, void *env,
                                                warden_module_t **out)
{
    if (!engine || !out || (len && !bytes))
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "module: NULL argument");
    *out = NULL;
    return create(engine, bytes, len, keep_going, env, NULL, out);
}

bool warden_is_compiled_module(const uint8_t *bytes, size_t len)
{
    return wj_is_artifact(bytes, len);
}

warden_error_t *warden_module_deserialize(warden_engine_t *engine, const uint8_t *bytes, size_t len,
                                          warden_module_t **out)
{
    if (!engine || !out || (len && !bytes))
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "module: NULL argument");
    *out = NULL;
#ifdef WARDEN_HAVE_LLVM
    /* The form first (a damaged or truncated artifact is malformed input, whatever the engine),
     * then whether this engine may run it; what it was made for is checked when it is linked. */
    wj_artifact a;
    const char *why = wj_artifact_read(bytes, len, &a);
    if (!why && !a.wasm) why = "compiled module: a cache entry, with no module in it";
    if (why) return wo_error(WARDEN_ERROR_MALFORMED, 0, "%s", why);
    if (engine->config.tier == WARDEN_TIER_INTERP)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1,
                        "compiled module: this engine's tier (interp) runs no native code");
    return create(engine, a.wasm, a.wasm_len, NULL, NULL, &a, out);
#else
    return wo_error(WARDEN_ERROR_ARGUMENT, -1,
                    "compiled module: this build has no compiled tier (built without LLVM)");
#endif
}

warden_tier_t warden_module_tier(const warden_module_t *mod)
{
    return mod && atomic_load_explicit(&((warden_module_t *)mod)->jit, memory_order_acquire)
               ? WARDEN_TIER_LLVM
               : WARDEN_TIER_INTERP;
}

bool warden_module_cached(const warden_module_t *mod)
{
#ifdef WARDEN_HAVE_LLVM
    return mod && wj_from_cache(
                      atomic_load_explicit(&((warden_module_t *)mod)->jit, memory_order_acquire));
#else
    (void)mod;
    return false;
#endif
}

warden_error_t *warden_module_serialize(const warden_module_t *mod, uint8_t **bytes, size_t *len)
{
    if (!mod || !bytes || !len) return wo_error(WARDEN_ERROR_ARGUMENT, -1, "module: NULL argument");
    *bytes = NULL;
    *len = 0;
    if (!atomic_load_explicit(&((warden_module_t *)mod)->jit, memory_order_acquire))
        return wo_error(WARDEN_ERROR_ARGUMENT, -1,
                        "module: not compiled to native code (an engine of the llvm tier "
                        "compiles, or of the auto tier once warden_module_compile did)");
#ifdef WARDEN_HAVE_LLVM
    return wj_serialize(mod, bytes, len);
#else
    return wo_error(WARDEN_ERROR_ARGUMENT, -1, "module: this build has no compiled tier");
#endif
}

void warden_bytes_delete(uint8_t *bytes)
{
    free(bytes);
}

warden_module_t *warden_module_clone(warden_module_t *mod)
{
    if (mod) atomic_fetch_add(&mod->refs, 1);
    return mod;
}

void warden_module_delete(warden_module_t *mod)
{
    if (mod && atomic_fetch_sub(&mod->refs, 1) == 1) module_free(mod);
}

static void extern_type(const warden_module_t *mod, uint8_t kind, uint32_t index,
                        warden_externtype_t *t)
{
    const wd_module *m = mod->m;
    memset(t, 0, sizeof *t);
    t->kind = (warden_externkind_t)kind;
    switch (kind) {
    case WD_EXTERN_FUNC: t->of.func = mod->types[m->func_types[index]]; break;
    case WD_EXTERN_TABLE:
        t->of.table.elem = (warden_valkind_t)m->tables[index].elem;
        t->of.table.limits = (warden_limits_t){m->tables[index].lim.min, m->tables[index].lim.max,
                                               m->tables[index].lim.has_max};
        break;
    case WD_EXTERN_MEMORY:
        t->of.memory.limits =
            (warden_limits_t){m->mems[index].min, m->mems[index].max, m->mems[index].has_max};
        break;
    default:
        t->of.global.type = (warden_valkind_t)m->globals[index].type.type;
        t->of.global.mutable_ = m->globals[index].type.mut;
        break;
    }
}

size_t warden_module_import_count(const warden_module_t *mod)
{
    return mod ? mod->m->nimports : 0;
}

bool warden_module_import(const warden_module_t *mod, size_t i, const char **module_name,
                          size_t *module_len, const char **name, size_t *name_len,
                          warden_externtype_t *type)
{
    if (!mod || i >= mod->m->nimports) return false;
    const wd_import *im = &mod->m->imports[i];
    if (module_name) *module_name = im->module;
    if (module_len) *module_len = im->module_len;
    if (name) *name = im->name;
    if (name_len) *name_len = im->name_len;
    if (type) {
        /* Imports come first in each index space: count the earlier imports of this kind. */
        uint32_t index = 0;
        for (size_t j = 0; j < i; j++) index += mod->m->imports[j].kind == im->kind;
        extern_type(mod, im->kind, index, type);
    }
    return true;
}

size_t warden_module_export_count(const warden_module_t *mod)
{
    return mod ? mod->m->nexports : 0;
}

bool warden_module_export(const warden_module_t *mod, size_t i, const char **name, size_t *name_len,
                          warden_externtype_t *type)
{
    if (!mod || i >= mod->m->nexports) return false;
    const wd_export *ex = &mod->m->exports[i];
    if (name) *name = ex->name;
    if (name_len) *name_len = ex->name_len;
    if (type) extern_type(mod, ex->kind, ex->index, type);
    return true;
}

size_t warden_module_section_count(const warden_module_t *mod)
{
    return mod ? mod->m->nsections : 0;
}

bool warden_module_section(const warden_module_t *mod, size_t i, warden_section_t *out)
{
    if (!mod || !out || i >= mod->m->nsections) return false;
    const wd_section *s = &mod->m->sections[i];
    out->id = s->id;
    out->offset = s->offset;
    out->size = s->size;
    const char *id_name = wd_section_name(s->id); /* the decoder keeps no section of unknown id */
    out->name = s->name ? s->name : id_name ? id_name : "unknown";
    return true;
}
