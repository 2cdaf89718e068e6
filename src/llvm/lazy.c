/* Linking a module part by part, at first calls. The first call of a function, from the runtime
 * (exec/lazy.c wx_compile_callee) or from compiled code through the helper (exec/native.c),
 * links the function's part (llvm/parts.h), and a function never runs in the interpreter: its
 * code is linked before its first instruction runs. Two ways lead here:
 *   - code found whole when the module is created, in the code cache or a .cwasm
 *     (wj_lazy_from_pack): its parts are the pack's objects, so a big module starts without
 *     linking the code it does not run (linking is mostly page faults on the memory the linker
 *     copies code into: about 0.35 ms per part of 16 KiB of bodies);
 *   - with config.compile_lazily, when nothing was found (wj_start_lazy): module creation
 *     compiles nothing, and each part is read from the code cache, where each has an entry of
 *     its own, or compiled at its first call and kept there. So a program pays LLVM only for the
 *     parts it runs.
 *
 * Parts are linked under the module's lock, one at a time, into the module's one linker; a
 * function's code is published as a whole module's is (llvm/jit.c wj_publish), and calls of a
 * function of another part go through its code record (llvm/emit.c call_direct), so no part's
 * object names another's. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "llvm/cache.h"
#include "llvm/llvm.h"
#include "llvm/parts.h"
#include "util/sha256.h"

typedef struct wj_lazy_part {
    bool linked;
    bool cached;          /* its object came from the code cache */
    uint8_t *buf;         /* its object, compiled here */
    const uint8_t *entry; /* or the cache entry mapped (entry_len bytes) that holds it */
    size_t entry_len;
    const uint8_t *object;
    size_t len;
} wj_lazy_part;

struct wj_lazy {
    pthread_mutex_t lock;
    unsigned n;
    uint32_t *lo; /* part k: functions lo[k] .. lo[k + 1] - 1 */
    wj_lazy_part *part;
    atomic_uint linked, cached; /* parts linked, and of them read from the cache */
};

/* A lazy state of n parts whose bounds are lo (n + 1 of them, which it takes), nothing linked;
 * NULL out of memory (lo freed). */
static struct wj_lazy *new_lazy(uint32_t *lo, unsigned n)
{
    struct wj_lazy *L = calloc(1, sizeof *L);
    bool ok = L && (L->part = calloc(n ? n : 1, sizeof *L->part)) != NULL;
    if (ok) ok = pthread_mutex_init(&L->lock, NULL) == 0;
    if (!ok) {
        if (L) free(L->part);
        free(L);
        free(lo);
        return NULL;
    }
    L->lo = lo;
    L->n = n;
    atomic_init(&L->linked, 0);
    atomic_init(&L->cached, 0);
    return L;
}

warden_error_t *wj_start_lazy(warden_module_t *mod, struct wj_code *code)
{
    uint32_t *lo = NULL;
    unsigned n = 0;
    if (!wj_plan_parts(mod->m, WJ_LAZY_PART_BYTES, &lo, &n) || !(code->lazy = new_lazy(lo, n))) {
        wj_code_free(code);
        return wo_error_oom();
    }
    atomic_store_explicit(&mod->jit, code, memory_order_release);
    return NULL;
}

warden_error_t *wj_lazy_from_pack(warden_module_t *mod, struct wj_code *code)
{
    /* The bounds must cut the module's functions into runs, all of them and each once; each
     * part's table is checked against them again when it is linked. */
    uint32_t n = code->nparts, nbodies = mod->m->nbodies;
    bool fit = n >= 1 && code->bounds[0] == 0 && code->bounds[n] == nbodies;
    for (uint32_t k = 0; fit && k < n; k++)
        fit = code->bounds[k] < code->bounds[k + 1] || (n == 1 && nbodies == 0);
    if (!fit) return wj_fail("linking", strdup("the code's parts do not fit the module"));
    uint32_t *lo = malloc(((size_t)n + 1) * sizeof *lo);
    if (lo) memcpy(lo, code->bounds, ((size_t)n + 1) * sizeof *lo);
    struct wj_lazy *L = lo ? new_lazy(lo, n) : NULL;
    if (!L) return wo_error_oom();
    /* wj_artifact_read checked that the pack's objects fill it, one per part. */
    for (size_t at = 0, k = 0; k < n; k++) {
        size_t len = (size_t)wj_get_u64(code->object + at);
        L->part[k].object = code->object + at + 8;
        L->part[k].len = len;
        L->part[k].cached = code->from_cache;
        at += wj_pack_entry_size(len);
    }
    code->lazy = L;
    return NULL;
}

void wj_lazy_free(struct wj_lazy *L)
{
    if (!L) return;
    for (unsigned k = 0; k < L->n; k++) {
        free(L->part[k].buf);
        wj_cache_release(L->part[k].entry, L->part[k].entry_len);
    }
    pthread_mutex_destroy(&L->lock);
    free(L->part);
    free(L->lo);
    free(L);
}

bool wj_lazy_from_cache(const struct wj_lazy *L)
{
    unsigned linked = atomic_load(&((struct wj_lazy *)L)->linked);
    return linked && atomic_load(&((struct wj_lazy *)L)->cached) == linked;
}

/* The part whose functions include defined function `body`. */
static unsigned part_of(const struct wj_lazy *L, uint32_t body)
{
    unsigned a = 0, b = L->n; /* lo[a] <= body < lo[b] */
    while (b - a > 1) {
        unsigned m = a + (b - a) / 2;
        if (L->lo[m] <= body)
            a = m;
        else
            b = m;
    }
    return a;
}

/* The name of part k's cache entry: a hash of the module's and of the part's place in it. */
static void part_key(const struct wj_code *code, const struct wj_lazy *L, unsigned k,
                     uint8_t out[WD_SHA256_BYTES])
{
    uint8_t place[16] = "part";
    for (int i = 0; i < 4; i++) {
        place[4 + i] = (uint8_t)(k >> (8 * i));
        place[8 + i] = (uint8_t)(L->lo[k] >> (8 * i));
        place[12 + i] = (uint8_t)(L->lo[k + 1] >> (8 * i));
    }
    wd_sha256 s;
    wd_sha256_init(&s);
    wd_sha256_update(&s, code->module, WD_SHA256_BYTES);
    wd_sha256_update(&s, place, sizeof place);
    wd_sha256_final(&s, out);
}

/* One object as a pack (llvm/artifact.h): its length, its bytes, zeros to the entry's size. */
static uint8_t *pack_one(const uint8_t *object, size_t len, size_t *pack_len)
{
    *pack_len = wj_pack_entry_size(len);
    uint8_t *p = calloc(1, *pack_len);
    if (!p) return NULL;
    wj_put_u64(p, len);
    memcpy(p + 8, object, len);
    return p;
}

/* Part k's object from the code cache: a pack of exactly one object, functions lo .. hi - 1. */
static void part_from_cache(const char *dir, const uint8_t key[WD_SHA256_BYTES],
                            const wj_target *target, uint32_t lo, uint32_t hi, wj_lazy_part *P)
{
    wj_artifact a;
    size_t entry_len = 0;
    const uint8_t *entry = wj_cache_get(dir, key, target, &a, &entry_len);
    if (!entry) return;
    /* wj_artifact_read checked that the pack's objects fill it, one per part. */
    if (a.nparts != 1 || wj_artifact_bound(&a, 0) != lo || wj_artifact_bound(&a, 1) != hi) {
        wj_cache_release(entry, entry_len);
        return;
    }
    uint64_t n = wj_get_u64(a.object);
    P->entry = entry;
    P->entry_len = entry_len;
    P->object = a.object + 8;
    P->len = (size_t)n;
    P->cached = true;
}

/* Links part k, compiled now or read from the cache, and publishes its functions' code. Under
 * L->lock. */
static warden_error_t *link_part(warden_module_t *mod, struct wj_code *code, unsigned k)
{
    struct wj_lazy *L = code->lazy;
    wj_lazy_part *P = &L->part[k];
    if (P->linked) return NULL;
    warden_error_t *e = code->jit ? NULL : wj_new_jit(&code->jit);
    if (e) return e;
    const warden_config_t *config = &mod->engine->config;
    bool cache = config->cache_dir && *config->cache_dir;
    uint8_t key[WD_SHA256_BYTES];
    part_key(code, L, k, key);
    if (!P->object && cache)
        part_from_cache(config->cache_dir, key, &code->target, L->lo[k], L->lo[k + 1], P);
    if (!P->object) {
        e = wj_compile_part(mod, k, L->lo[k], L->lo[k + 1], &P->buf, &P->len);
        if (e) return e;
        P->object = P->buf;
        if (cache) {
            size_t pack_len = 0, n = 0;
            uint8_t *pack = pack_one(P->object, P->len, &pack_len);
            uint8_t *b = pack ? wj_artifact_write(key, &code->target, NULL, 0, pack, pack_len,
                                                  &L->lo[k], 1, &n)
                              : NULL;
            if (b)
                wj_cache_put(config->cache_dir, key, &code->target, b, n, config->cache_max_bytes);
            free(b);
            free(pack);
        }
    }
    /* An object the linker took stays added, whatever follows: it is not offered again. */
    P->linked = true;
    e = wj_add_object(code->jit, P->object, P->len);
    const wj_part_table *t = NULL;
    if (!e) e = wj_find_part(code->jit, k, mod->m->nbodies, &t);
    if (!e && (t->lo != L->lo[k] || t->hi != L->lo[k + 1]))
        e = wj_fail("linking", strdup("the code's part does not fit the module"));
    if (e) return e;
    for (uint32_t i = L->lo[k]; i < L->lo[k + 1]; i++) wj_publish(mod, i, &t->fn[i - L->lo[k]]);
    atomic_fetch_add(&L->linked, 1);
    if (P->cached) atomic_fetch_add(&L->cached, 1);
    return NULL;
}

/* What links parts, on a thread of its own (on_thread). */
typedef struct link_job {
    warden_module_t *mod;
    struct wj_code *code;
    unsigned k;     /* the part, or L->n for all */
    uint8_t **pack; /* with all: their pack too (wj_lazy_pack) */
    size_t *len;
    warden_error_t *error;
} link_job;

static warden_error_t *link_all(warden_module_t *mod, struct wj_code *code);
static warden_error_t *pack_all(struct wj_lazy *L, uint8_t **pack, size_t *len);

static void *link_thread(void *arg)
{
    link_job *j = arg;
    struct wj_lazy *L = j->code->lazy;
    pthread_mutex_lock(&L->lock);
    if (j->k < L->n)
        j->error = link_part(j->mod, j->code, j->k);
    else if (!(j->error = link_all(j->mod, j->code)) && j->pack)
        j->error = pack_all(L, j->pack, j->len);
    pthread_mutex_unlock(&L->lock);
    return NULL;
}

/* LLVM compiles and links on a thread of its own, with a stack of 8 MiB: a first call may come
 * from compiled code, which runs on the store's fiber (exec/native.c), whose stack is sized for
 * the guest's calls and not for LLVM's recursion. A thread costs about 50 microseconds, nothing
 * next to a compile. */
static warden_error_t *on_thread(link_job *job)
{
    pthread_attr_t attr;
    if (pthread_attr_init(&attr) != 0) return wo_error_oom();
    pthread_attr_setstacksize(&attr, (size_t)8 << 20);
    pthread_t t;
    int rc = pthread_create(&t, &attr, link_thread, job);
    pthread_attr_destroy(&attr);
    /* Out of resources (EAGAIN) as out of memory: the call traps, and the next one tries again. */
    if (rc == EAGAIN || rc == ENOMEM) return wo_error_oom();
    if (rc != 0) return wj_fail("no thread to compile on", NULL);
    pthread_join(t, NULL);
    return job->error;
}

void *wj_compile_body(warden_module_t *mod, uint32_t body, warden_error_t **err)
{
    *err = NULL;
    void *native = atomic_load_explicit(&mod->funcs[body].native, memory_order_acquire);
    if (native) return native;
    struct wj_code *code = atomic_load_explicit(&mod->jit, memory_order_acquire);
    if (!code || !code->lazy) {
        *err = wj_fail("the module is not compiled part by part", NULL);
        return NULL;
    }
    link_job job = {.mod = mod, .code = code, .k = part_of(code->lazy, body)};
    if ((*err = on_thread(&job))) return NULL;
    native = atomic_load_explicit(&mod->funcs[body].native, memory_order_acquire);
    if (!native) *err = wj_fail("linking", strdup("a part failed to link before"));
    return native;
}

/* Links every part not linked yet. Under L->lock. */
static warden_error_t *link_all(warden_module_t *mod, struct wj_code *code)
{
    struct wj_lazy *L = code->lazy;
    for (unsigned k = 0; k < L->n; k++) {
        warden_error_t *e = link_part(mod, code, k);
        if (e) return e;
        /* A part whose object the linker took but whose functions were never published. */
        if (L->lo[k] < L->lo[k + 1] &&
            !atomic_load_explicit(&mod->funcs[L->lo[k]].native, memory_order_acquire))
            return wj_fail("linking", strdup("a part failed to link before"));
    }
    return NULL;
}

warden_error_t *wj_compile_rest(warden_module_t *mod)
{
    struct wj_code *code = atomic_load_explicit(&mod->jit, memory_order_acquire);
    if (!code || !code->lazy) return NULL;
    link_job job = {.mod = mod, .code = code, .k = code->lazy->n};
    return on_thread(&job);
}

/* Packs every part's object as load_objects reads them. Under L->lock, every part linked. */
static warden_error_t *pack_all(struct wj_lazy *L, uint8_t **pack, size_t *len)
{
    size_t total = 0;
    for (unsigned k = 0; k < L->n; k++) total += wj_pack_entry_size(L->part[k].len);
    uint8_t *p = calloc(1, total ? total : 1);
    if (!p) return wo_error_oom();
    for (size_t at = 0, k = 0; k < L->n; k++) {
        wj_put_u64(p + at, L->part[k].len);
        memcpy(p + at + 8, L->part[k].object, L->part[k].len);
        at += wj_pack_entry_size(L->part[k].len);
    }
    *pack = p;
    *len = total;
    return NULL;
}

warden_error_t *wj_lazy_pack(warden_module_t *mod, struct wj_code *code, uint8_t **pack,
                             size_t *len, const uint32_t **bounds, uint32_t *nparts)
{
    *pack = NULL;
    *len = 0;
    *bounds = code->lazy->lo;
    *nparts = code->lazy->n;
    link_job job = {.mod = mod, .code = code, .k = code->lazy->n, .pack = pack, .len = len};
    return on_thread(&job);
}
