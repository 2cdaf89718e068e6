/* Validation of a module's function bodies at its creation, without lowering them (that waits for
 * each function's first call: exec/lazy.c). A big module's bodies are validated by a few threads,
 * the calling thread among them; a small one's by the calling thread alone, as threads would cost
 * more than they save.
 *
 * What the caller sees does not depend on the number of threads:
 *   - The error is that of the first invalid body in the module's order, as when one thread
 *     validates them in turn. Threads claim bodies in order, a few at a time; a thread that finds
 *     a body invalid records it unless an earlier one is recorded already, and no thread starts a
 *     body after the earliest one recorded. Every body before that one is validated, so the
 *     earliest recorded is the first invalid body.
 *   - The progress callback is called on the calling thread only, once per WD_PROGRESS_EVERY
 *     units of work (body bytes and instructions) done by all threads together, and never again
 *     after it answered no. The units add up to the same total whatever thread did them, so a
 *     module that is not stopped asks the same number of questions every time. When the host
 *     answers no, the other threads stop at their next body or within 64Ki instructions, and
 *     creation fails as stopped. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/objects.h"
#include "util/cpu.h"
#include "util/progress.h"

/* Bodies a thread claims at a time: few enough that threads share the work evenly, enough that
 * claiming costs nothing next to validating. */
#define CLAIM 16
/* Bytes of function bodies each thread must have before a module is split between threads.
 * Starting and joining a thread costs about 40 µs, and one thread validates about 100 MB/s: two
 * threads break even at about 25 KB of bodies and save 30 to 45 % from 100 KB on (measured with
 * the threshold lowered, docs/performance.md). 128 KiB a thread keeps threads for modules where
 * they save something worth a thread. */
#define BYTES_PER_THREAD ((size_t)128 << 10)
/* Body bytes a thread counts before adding them to the shared count of work. */
#define FLUSH_UNITS ((size_t)4096)

typedef struct pool pool;

typedef struct worker {
    pool *p;
    bool caller;          /* the calling thread: it asks the host */
    wd_progress progress; /* its instructions, counted by wc_validate_function */
    size_t bytes;         /* body bytes not yet added to p->work */
    pthread_t thread;
} worker;

struct pool {
    const wd_module *m;
    wc_func *funcs;
    wd_progress *host;        /* the caller's progress (its callback may be NULL) */
    _Atomic uint32_t next;    /* the next body to claim */
    _Atomic uint32_t first;   /* the earliest body found invalid; m->nbodies while none is */
    _Atomic bool stop;        /* the host answered no */
    _Atomic size_t work;      /* units of work done by all threads */
    size_t asked;             /* questions asked (the calling thread's) */
    pthread_mutex_t lock;     /* guards what follows */
    pthread_cond_t changed;   /* work crossed a question's mark, or a thread finished */
    unsigned running;         /* threads started and not finished */
    unsigned long generation; /* counts the signals of `changed` */
    wd_decode_error err;      /* the error of body `first` */
};

/* The calling thread asks the host every question the work done so far owes. */
static void ask_owed(pool *p)
{
    size_t owed = atomic_load_explicit(&p->work, memory_order_relaxed) / WD_PROGRESS_EVERY;
    while (p->asked < owed && !atomic_load_explicit(&p->stop, memory_order_relaxed)) {
        p->asked++;
        if (!p->host->keep_going(p->host->env))
            atomic_store_explicit(&p->stop, true, memory_order_relaxed);
    }
}

static void notify(pool *p, bool finished)
{
    pthread_mutex_lock(&p->lock);
    p->generation++;
    if (finished) p->running--;
    pthread_cond_signal(&p->changed);
    pthread_mutex_unlock(&p->lock);
}

static void add_work(worker *w, size_t units)
{
    pool *p = w->p;
    if (!units || !p->host->keep_going) return;
    size_t before = atomic_fetch_add_explicit(&p->work, units, memory_order_relaxed);
    if (w->caller)
        ask_owed(p);
    else if ((before + units) / WD_PROGRESS_EVERY != before / WD_PROGRESS_EVERY)
        notify(p, false);
}

/* A worker's progress callback, every WD_PROGRESS_EVERY instructions it validates. */
static bool tick(void *env)
{
    worker *w = env;
    add_work(w, WD_PROGRESS_EVERY);
    return !atomic_load_explicit(&w->p->stop, memory_order_relaxed);
}

/* Body i is invalid (or could not be validated): kept if it is the earliest so far. */
static void record(pool *p, uint32_t i, const wd_decode_error *err)
{
    pthread_mutex_lock(&p->lock);
    if (i < atomic_load_explicit(&p->first, memory_order_relaxed)) {
        p->err = *err;
        atomic_store_explicit(&p->first, i, memory_order_relaxed);
    }
    pthread_mutex_unlock(&p->lock);
}

static void work(worker *w)
{
    pool *p = w->p;
    const wd_module *m = p->m;
    uint32_t n = m->nbodies;
    for (;;) {
        if (atomic_load_explicit(&p->stop, memory_order_relaxed)) break;
        uint32_t from = atomic_fetch_add_explicit(&p->next, CLAIM, memory_order_relaxed);
        if (from >= n) break;
        uint32_t to = n - from < CLAIM ? n : from + CLAIM;
        for (uint32_t i = from; i < to; i++) {
            /* Bodies after the earliest invalid one do not matter. */
            if (i > atomic_load_explicit(&p->first, memory_order_relaxed)) return;
            wd_decode_error err = {0};
            if (!wc_validate_function(m, i, &w->progress, &p->funcs[i], &err)) {
                if (!err.stopped) record(p, i, &err);
                return;
            }
            w->bytes += m->bodies[i].len;
            if (w->bytes >= FLUSH_UNITS) {
                add_work(w, w->bytes);
                w->bytes = 0;
            }
        }
    }
}

/* Runs a worker to the end and counts what it did not count yet. */
static void run_worker(worker *w)
{
    work(w);
    add_work(w, w->bytes + w->progress.work);
    w->bytes = w->progress.work = 0;
}

static void *thread_main(void *arg)
{
    worker *w = arg;
    run_worker(w);
    notify(w->p, true);
    return NULL;
}

/* How many threads validate the bodies: one per online CPU at most (and at most
 * config.module_threads), each with at least BYTES_PER_THREAD of bodies. */
static unsigned thread_count(const warden_module_t *mod)
{
    const wd_module *m = mod->m;
    if (m->nbodies < 2) return 1;
    const wd_body *last = &m->bodies[m->nbodies - 1];
    size_t bytes = (size_t)last->offset + last->len - m->bodies[0].offset;
    return wd_cpu_threads_for(bytes, BYTES_PER_THREAD, m->nbodies,
                              mod->engine->config.module_threads);
}

/* One thread, the caller's: the bodies in order, asking the host as it goes. */
static bool validate_in_turn(warden_module_t *mod, wd_progress *progress, wd_decode_error *err)
{
    const wd_module *m = mod->m;
    for (uint32_t i = 0; i < m->nbodies; i++) {
        /* A body's bytes count as work too, so many small bodies are asked about as often. */
        if (!wd_progress_step(progress, m->bodies[i].len)) {
            err->stopped = true;
            return false;
        }
        if (!wc_validate_function(m, i, progress, &mod->funcs[i], err)) return false;
    }
    return true;
}

bool wr_validate_bodies(warden_module_t *mod, wd_progress *progress, wd_decode_error *err)
{
    unsigned nthreads = thread_count(mod);
    if (nthreads < 2) return validate_in_turn(mod, progress, err);
    pool *p = calloc(1, sizeof *p);
    worker *w = calloc(nthreads, sizeof *w);
    if (!p || !w) {
        free(p);
        free(w);
        return validate_in_turn(mod, progress, err);
    }
    if (pthread_mutex_init(&p->lock, NULL)) {
        free(p);
        free(w);
        return validate_in_turn(mod, progress, err);
    }
    if (pthread_cond_init(&p->changed, NULL)) {
        pthread_mutex_destroy(&p->lock);
        free(p);
        free(w);
        return validate_in_turn(mod, progress, err);
    }
    p->m = mod->m;
    p->funcs = mod->funcs;
    p->host = progress;
    atomic_init(&p->next, 0);
    atomic_init(&p->first, mod->m->nbodies);
    atomic_init(&p->stop, false);
    atomic_init(&p->work, 0);
    for (unsigned i = 0; i < nthreads; i++) {
        w[i].p = p;
        w[i].caller = i == 0;
        w[i].progress.keep_going = progress->keep_going ? tick : NULL;
        w[i].progress.env = &w[i];
    }
    /* The calling thread is worker 0; a thread that cannot be started leaves its share to the
     * others. */
    unsigned started = 1;
    for (unsigned i = 1; i < nthreads; i++) {
        pthread_mutex_lock(&p->lock);
        p->running++;
        pthread_mutex_unlock(&p->lock);
        if (pthread_create(&w[started].thread, NULL, thread_main, &w[started])) {
            pthread_mutex_lock(&p->lock);
            p->running--;
            pthread_mutex_unlock(&p->lock);
            break;
        }
        started++;
    }
    run_worker(&w[0]);
    /* While the others finish, the host is still asked as their work adds up. */
    pthread_mutex_lock(&p->lock);
    while (p->running > 0) {
        unsigned long seen = p->generation;
        if (progress->keep_going) {
            pthread_mutex_unlock(&p->lock);
            ask_owed(p);
            pthread_mutex_lock(&p->lock);
        }
        while (p->running > 0 && p->generation == seen) pthread_cond_wait(&p->changed, &p->lock);
    }
    pthread_mutex_unlock(&p->lock);
    for (unsigned i = 1; i < started; i++) pthread_join(w[i].thread, NULL);
    if (progress->keep_going) ask_owed(p);

    bool ok = true;
    if (atomic_load(&p->stop)) {
        err->stopped = true;
        ok = false;
    } else if (atomic_load(&p->first) < mod->m->nbodies) {
        *err = p->err;
        ok = false;
    }
    pthread_cond_destroy(&p->changed);
    pthread_mutex_destroy(&p->lock);
    free(p);
    free(w);
    return ok;
}
