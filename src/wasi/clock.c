/* clock_res_get, clock_time_get, random_get, and the clocks' time for the other functions. */
#include <errno.h>
#include <sys/random.h>
#include <time.h>

#include "wasi/wasi.h"

static bool host_clock(uint32_t id, clockid_t *out)
{
    switch (id) {
    case 0: *out = CLOCK_REALTIME; return true;
    case 1: *out = CLOCK_MONOTONIC; return true;
    case 2: *out = CLOCK_PROCESS_CPUTIME_ID; return true;
    case 3: *out = CLOCK_THREAD_CPUTIME_ID; return true;
    default: return false;
    }
}

static uint64_t ns(const struct timespec *t)
{
    return (uint64_t)t->tv_sec * 1000000000u + (uint64_t)t->tv_nsec;
}

bool wz_now_ns(clockid_t id, uint64_t *out)
{
    struct timespec t;
    if (clock_gettime(id, &t) != 0) return false;
    *out = ns(&t);
    return true;
}

static uint32_t clock_res_get(wz_call *c, const warden_val_t *a)
{
    clockid_t id;
    struct timespec t;
    if (!host_clock(A32(0), &id)) return WZ_INVAL;
    if (!wz_ptr(c, A32(1), 8)) return WZ_FAULT;
    if (clock_getres(id, &t) != 0) return wz_errno(errno);
    uint64_t r = ns(&t);
    wz_put_u64(c, A32(1), r ? r : 1);
    return WZ_SUCCESS;
}

static uint32_t clock_time_get(wz_call *c, const warden_val_t *a)
{
    clockid_t id;
    struct timespec t;
    if (!host_clock(A32(0), &id)) return WZ_INVAL;
    if (!wz_ptr(c, A32(2), 8)) return WZ_FAULT;
    if (clock_gettime(id, &t) != 0) return wz_errno(errno);
    wz_put_u64(c, A32(2), ns(&t));
    return WZ_SUCCESS;
}

static uint32_t random_get(wz_call *c, const warden_val_t *a)
{
    uint32_t len = A32(1);
    uint8_t *p = wz_ptr(c, A32(0), len);
    if (!p) return WZ_FAULT;
    while (len) {
        ssize_t n = getrandom(p, len, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            return wz_errno(errno);
        }
        p += n;
        len -= (uint32_t)n;
    }
    return WZ_SUCCESS;
}

const wz_def wz_defs_clock[] = {
    {"clock_res_get", "ii", true, clock_res_get},
    {"clock_time_get", "iIi", true, clock_time_get},
    {"random_get", "ii", true, random_get},
    {NULL, NULL, false, NULL},
};
