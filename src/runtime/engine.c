/* The engine: configuration shared by modules and stores, and the epoch that deadlines count. */
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
}

warden_error_t *warden_engine_new_with_config(const warden_config_t *config, warden_engine_t **out)
{
    if (!config || !out) return wr_error(WARDEN_ERROR_ARGUMENT, -1, "engine: NULL argument");
    if (config->epoch_tick_ns == 0)
        return wr_error(WARDEN_ERROR_ARGUMENT, -1, "engine: the epoch tick must be positive");
    if (config->memory_pool > WR_MAX_MEMORY_POOL)
        return wr_error(WARDEN_ERROR_ARGUMENT, -1, "engine: memory_pool %u is more than %u",
                        (unsigned)config->memory_pool, (unsigned)WR_MAX_MEMORY_POOL);
    warden_engine_t *e = calloc(1, sizeof *e);
    if (!e) return wr_error_oom();
    e->config = *config;
    atomic_init(&e->epoch, 0);
    if (!wr_memory_pool_init(&e->memory_pool, config->memory_pool)) {
        free(e);
        return wr_error_oom();
    }
    pthread_condattr_t attr;
    if (pthread_mutex_init(&e->lock, NULL)) {
        wr_memory_pool_destroy(&e->memory_pool);
        free(e);
        return wr_error_oom();
    }
    if (pthread_condattr_init(&attr)) {
        pthread_mutex_destroy(&e->lock);
        wr_memory_pool_destroy(&e->memory_pool);
        free(e);
        return wr_error_oom();
    }
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    int rc = pthread_cond_init(&e->stop, &attr);
    pthread_condattr_destroy(&attr);
    if (rc) {
        pthread_mutex_destroy(&e->lock);
        wr_memory_pool_destroy(&e->memory_pool);
        free(e);
        return wr_error_oom();
    }
    *out = e;
    return NULL;
}

warden_error_t *warden_engine_new(warden_engine_t **out)
{
    warden_config_t c;
    warden_config_default(&c);
    return warden_engine_new_with_config(&c, out);
}

/* Advances the epoch and flags every listed store whose deadline it reached. */
static void advance_locked(warden_engine_t *e)
{
    uint64_t now = atomic_fetch_add(&e->epoch, 1) + 1;
    for (warden_store_t *s = e->deadline_stores; s; s = s->next_deadline) {
        uint64_t d = atomic_load(&s->deadline);
        if (d && now >= d) atomic_store(&s->poll, 1);
    }
}

void warden_engine_increment_epoch(warden_engine_t *e)
{
    if (!e) return;
    pthread_mutex_lock(&e->lock);
    advance_locked(e);
    pthread_mutex_unlock(&e->lock);
}

uint64_t warden_engine_epoch(const warden_engine_t *e)
{
    return e ? atomic_load(&((warden_engine_t *)e)->epoch) : 0;
}

static void *ticker_main(void *arg)
{
    warden_engine_t *e = arg;
    pthread_mutex_lock(&e->lock);
    while (!e->ticker_stop) {
        /* Each tick is a full period after the previous one was counted: a ticker held off the
         * CPU never catches up with ticks in quick succession, which would end deadlines early.
         * Lateness only ever delays a deadline. */
        struct timespec next;
        clock_gettime(CLOCK_MONOTONIC, &next);
        uint64_t ns = (uint64_t)next.tv_nsec + e->config.epoch_tick_ns;
        next.tv_sec += (time_t)(ns / 1000000000u);
        next.tv_nsec = (long)(ns % 1000000000u);
        /* Sleep until then, or until the engine is deleted. */
        while (!e->ticker_stop && pthread_cond_timedwait(&e->stop, &e->lock, &next) == 0) {
        }
        if (e->ticker_stop) break;
        advance_locked(e);
    }
    pthread_mutex_unlock(&e->lock);
    return NULL;
}

bool wr_engine_start_ticker(warden_engine_t *e)
{
    bool ok = true;
    pthread_mutex_lock(&e->lock);
    if (!e->ticker_started) {
        e->ticker_stop = false;
        ok = pthread_create(&e->ticker, NULL, ticker_main, e) == 0;
        e->ticker_started = ok;
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
    wr_memory_pool_destroy(&e->memory_pool);
    free(e);
}
