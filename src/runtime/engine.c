/* The engine: configuration shared by modules and stores, and the epoch that deadlines count. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "runtime/objects.h"

void warden_config_default(warden_config_t *c)
{
    if (!c) return;
    memset(c, 0, sizeof *c);
    c->consume_fuel = false;
    c->fuel.default_cost = 1;
    c->fuel.control_cost = 0;
    c->fuel.bulk_unit = 64;
    c->epoch_tick_ns = 1000000;
    c->memory_pool = 16;
    c->lower_eagerly = false;
    c->compile_lazily = false;
    c->module_threads = 0;
    c->tier = WARDEN_TIER_AUTO;
    c->tier_up_threshold = 10000000;
    c->cache_dir = NULL;
    c->cache_max_bytes = WARDEN_CACHE_DEFAULT_BYTES;
}

bool warden_tier_supported(warden_tier_t tier)
{
    switch (tier) {
    case WARDEN_TIER_AUTO:
    case WARDEN_TIER_INTERP: return true;
#ifdef WARDEN_HAVE_LLVM
    case WARDEN_TIER_LLVM: return true;
#endif
    default: return false;
    }
}

const char *warden_tier_name(warden_tier_t tier)
{
    switch (tier) {
    case WARDEN_TIER_AUTO: return "auto";
    case WARDEN_TIER_INTERP: return "interp";
    case WARDEN_TIER_LLVM: return "llvm";
    default: return "unknown";
    }
}

warden_error_t *warden_engine_new_with_config(const warden_config_t *config, warden_engine_t **out)
{
    if (!config || !out) return wo_error(WARDEN_ERROR_ARGUMENT, -1, "engine: NULL argument");
    if (config->epoch_tick_ns == 0)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "engine: the epoch tick must be positive");
    if (config->memory_pool > WR_MAX_MEMORY_POOL)
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "engine: memory_pool %u is more than %u",
                        (unsigned)config->memory_pool, (unsigned)WR_MAX_MEMORY_POOL);
    if (config->tier == WARDEN_TIER_LLVM && !warden_tier_supported(config->tier))
        return wo_error(WARDEN_ERROR_ARGUMENT, -1,
                        "engine: this build has no compiled tier (built without LLVM)");
    if (!warden_tier_supported(config->tier))
        return wo_error(WARDEN_ERROR_ARGUMENT, -1, "engine: unknown tier %d", (int)config->tier);
    warden_engine_t *e = calloc(1, sizeof *e);
    if (!e) return wo_error_oom();
    e->config = *config;
    if (!e->config.cache_max_bytes) e->config.cache_max_bytes = WARDEN_CACHE_DEFAULT_BYTES;
    if (config->cache_dir) {
        /* The engine's own copy (the caller's string may go). */
        char *dir = config->cache_dir[0] ? strdup(config->cache_dir) : NULL;
        if (config->cache_dir[0] && !dir) {
            free(e);
            return wo_error_oom();
        }
        e->config.cache_dir = dir;
    }
    atomic_init(&e->epoch, 0);
    if (!wo_memory_pool_init(&e->memory_pool, config->memory_pool)) {
        free((char *)e->config.cache_dir);
        free(e);
        return wo_error_oom();
    }
    pthread_condattr_t attr;
    if (pthread_mutex_init(&e->lock, NULL)) {
        wo_memory_pool_destroy(&e->memory_pool);
        free((char *)e->config.cache_dir);
        free(e);
        return wo_error_oom();
    }
    if (pthread_condattr_init(&attr)) {
        pthread_mutex_destroy(&e->lock);
        wo_memory_pool_destroy(&e->memory_pool);
        free((char *)e->config.cache_dir);
        free(e);
        return wo_error_oom();
    }
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    int rc = pthread_cond_init(&e->stop, &attr);
    pthread_condattr_destroy(&attr);
    if (rc) {
        pthread_mutex_destroy(&e->lock);
        wo_memory_pool_destroy(&e->memory_pool);
        free((char *)e->config.cache_dir);
        free(e);
        return wo_error_oom();
    }
    wr_tier_up_install(e);
    *out = e;
    return NULL;
}

warden_error_t *warden_engine_new(warden_engine_t **out)
{
    warden_config_t c;
    warden_config_default(&c);
    return warden_engine_new_with_config(&c, out);
}

/* Advances the epoch by n, flags every listed store whose deadline or slice end it reached, and
 * begins waking the PENDING calls whose deadline passed (their wakers fire once the engine's
 * lock is released: wr_engine_fire_due). */
static void advance_by_locked(warden_engine_t *e, uint64_t n, wr_due *due)
{
    uint64_t now = atomic_fetch_add(&e->epoch, n) + n;
    for (warden_store_t *s = e->deadline_stores; s; s = s->next_deadline) {
        uint64_t d = atomic_load(&s->deadline), end = atomic_load(&s->slice_end);
        if ((d && now >= d) || (end && now >= end)) wo_raise_poll(s);
        if (due && d && now >= d && s->parked.arg) {
            if (due->n == WR_DUE_MAX)
                due->more = true;
            else if (s->parked.begin(s->parked.arg))
                due->hooks[due->n++] = s->parked;
        }
    }
}

void wr_engine_fire_due(warden_engine_t *e, wr_due *due)
{
    for (;;) {
        for (size_t i = 0; i < due->n; i++) due->hooks[i].finish(due->hooks[i].arg);
        if (!due->more) return;
        /* More than one batch: look again (a woken call is not woken twice). */
        due->n = 0;
        due->more = false;
        pthread_mutex_lock(&e->lock);
        advance_by_locked(e, 0, due);
        pthread_mutex_unlock(&e->lock);
    }
}

void warden_engine_increment_epoch(warden_engine_t *e)
{
    if (!e) return;
    wr_due due = {0};
    pthread_mutex_lock(&e->lock);
    advance_by_locked(e, 1, &due);
    pthread_mutex_unlock(&e->lock);
    wr_engine_fire_due(e, &due);
}

static uint64_t ns_since(const struct timespec *from, const struct timespec *to)
{
    int64_t ns = ((int64_t)to->tv_sec - (int64_t)from->tv_sec) * 1000000000 +
                 ((int64_t)to->tv_nsec - (int64_t)from->tv_nsec);
    return ns > 0 ? (uint64_t)ns : 0;
}

void wr_engine_catch_up_locked(warden_engine_t *e, wr_due *due)
{
    if (!e->ticker_clock) return;
    struct timespec now;
    if (clock_gettime(CLOCK_MONOTONIC, &now) != 0) return;
    uint64_t ticks = ns_since(&e->ticker_t0, &now) / e->config.epoch_tick_ns;
    if (ticks > e->ticker_ticks) {
        advance_by_locked(e, ticks - e->ticker_ticks, due);
        e->ticker_ticks = ticks;
    }
}

uint64_t warden_engine_epoch(const warden_engine_t *e)
{
    return e ? atomic_load(&((warden_engine_t *)e)->epoch) : 0;
}

/* Ticks follow the clock: tick k is counted no earlier than k periods after the ticker started,
 * and a ticker held off the CPU counts the ticks it missed when it runs again, so lateness does
 * not add up over a long deadline. Catching up cannot end a deadline early: a deadline is set
 * from an epoch caught up with the clock first (warden_store_set_deadline). */
static void *ticker_main(void *arg)
{
    warden_engine_t *e = arg;
    pthread_mutex_lock(&e->lock);
    while (!e->ticker_stop) {
        if (!e->ticker_clock) {
            if (clock_gettime(CLOCK_MONOTONIC, &e->ticker_t0) == 0) {
                e->ticker_ticks = 0;
                e->ticker_clock = true;
                continue;
            }
            /* No clock to follow (it cannot fail on Linux; the failure-injection tests make it
             * fail): count a tick for every period slept, and try again. */
            struct timespec period = {(time_t)(e->config.epoch_tick_ns / 1000000000u),
                                      (long)(e->config.epoch_tick_ns % 1000000000u)};
            pthread_mutex_unlock(&e->lock);
            /* A whole period, even when a signal cuts the sleep short: a tick is never early. */
            while (nanosleep(&period, &period) != 0 && errno == EINTR) {
            }
            wr_due due = {0};
            pthread_mutex_lock(&e->lock);
            if (!e->ticker_stop) advance_by_locked(e, 1, &due);
            pthread_mutex_unlock(&e->lock);
            wr_engine_fire_due(e, &due);
            pthread_mutex_lock(&e->lock);
            continue;
        }
        uint64_t ns =
            (uint64_t)e->ticker_t0.tv_nsec + (e->ticker_ticks + 1) * e->config.epoch_tick_ns;
        struct timespec next = {.tv_sec = e->ticker_t0.tv_sec + (time_t)(ns / 1000000000u),
                                .tv_nsec = (long)(ns % 1000000000u)};
        /* Sleep until then, or until the engine is deleted. */
        while (!e->ticker_stop && pthread_cond_timedwait(&e->stop, &e->lock, &next) == 0) {
        }
        if (e->ticker_stop) break;
        wr_due due = {0};
        wr_engine_catch_up_locked(e, &due);
        if (due.n || due.more) {
            pthread_mutex_unlock(&e->lock);
            wr_engine_fire_due(e, &due);
            pthread_mutex_lock(&e->lock);
        }
    }
    pthread_mutex_unlock(&e->lock);
    return NULL;
}

bool wr_engine_start_ticker(warden_engine_t *e)
{
    /* Every resume of a store with a deadline or slices asks: no lock once it runs. */
    if (atomic_load_explicit(&e->ticker_up, memory_order_acquire)) return true;
    bool ok = true;
    pthread_mutex_lock(&e->lock);
    if (!e->ticker_started) {
        e->ticker_stop = false;
        ok = pthread_create(&e->ticker, NULL, ticker_main, e) == 0;
        e->ticker_started = ok;
        if (ok) atomic_store_explicit(&e->ticker_up, true, memory_order_release);
    }
    pthread_mutex_unlock(&e->lock);
    return ok;
}

void warden_engine_delete(warden_engine_t *e)
{
    if (!e) return;
    pthread_mutex_lock(&e->lock);
    bool started = e->ticker_started;
    e->ticker_stop = true;
    pthread_cond_signal(&e->stop);
    pthread_mutex_unlock(&e->lock);
    if (started) pthread_join(e->ticker, NULL);
    pthread_cond_destroy(&e->stop);
    pthread_mutex_destroy(&e->lock);
    wo_memory_pool_destroy(&e->memory_pool);
    free((char *)e->config.cache_dir);
    free(e);
}
