/* poll_oneoff: clock subscriptions (relative or absolute, any clock) and fd_read/fd_write
 * subscriptions. Regular files and in-memory streams are always ready; other host descriptors are
 * waited for with ppoll(). */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "wasi/wasi.h"

#define SUB_SIZE 48
#define EVENT_SIZE 32

/* The clock's time in nanoseconds; false (errno set) when it cannot be read, which must never
 * turn into a wait measured from 0. */
static bool now_ns(clockid_t id, uint64_t *out)
{
    struct timespec t;
    if (clock_gettime(id, &t) != 0) return false;
    *out = (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
    return true;
}

typedef struct sub {
    uint64_t userdata;
    uint8_t type;
    uint16_t error;
    bool ready;
    uint64_t deadline; /* clock: monotonic nanoseconds */
    int pollix;        /* fd: index in the pollfd array, or -1 */
    uint64_t nbytes;
    uint16_t rwflags;
} sub;

static void fd_ready_now(warden_wasi_t *w, wz_fd *e, sub *s)
{
    s->ready = true;
    if (e->kind == WZ_FD_MEM_IN) {
        s->nbytes = s->type == 1 ? w->in_len - w->in_pos : 0;
        return;
    }
    if (e->kind == WZ_FD_HOST && e->type == WZ_FT_REGULAR_FILE && s->type == 1) {
        struct stat st;
        off_t pos = lseek(e->host, 0, SEEK_CUR);
        if (fstat(e->host, &st) == 0 && pos >= 0 && st.st_size > pos)
            s->nbytes = (uint64_t)(st.st_size - pos);
    }
}

static uint32_t poll_oneoff(wz_call *c, const warden_val_t *a)
{
    uint32_t in = A32(0), out = A32(1), n = A32(2), nout = A32(3);
    if (n == 0) return WZ_INVAL;
    const uint8_t *subs = wz_ptr(c, in, (uint64_t)n * SUB_SIZE);
    uint8_t *events = wz_ptr(c, out, (uint64_t)n * EVENT_SIZE);
    if (!subs || !events || !wz_ptr(c, nout, 4)) return WZ_FAULT;
    if (n > 4096) return WZ_INVAL;
    sub *s = calloc(n, sizeof *s);
    struct pollfd *pfd = calloc(n, sizeof *pfd);
    if (!s || !pfd) {
        free(s);
        free(pfd);
        return WZ_NOMEM;
    }
    nfds_t npoll = 0;
    bool any_ready = false, any_clock = false;
    uint32_t result = WZ_SUCCESS;
    uint64_t earliest = UINT64_MAX, mono;
    if (!now_ns(CLOCK_MONOTONIC, &mono)) {
        result = wz_errno(errno);
        goto out;
    }
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *p = subs + (size_t)i * SUB_SIZE;
        s[i].userdata = wz_load_u64(p);
        s[i].type = p[8];
        s[i].pollix = -1;
        if (s[i].type == 0) {
            uint32_t id = wz_load_u32(p + 16);
            uint64_t timeout = wz_load_u64(p + 24);
            uint16_t flags = wz_load_u16(p + 40);
            static const clockid_t ids[] = {CLOCK_REALTIME, CLOCK_MONOTONIC,
                                            CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID};
            if (id > 3 || (flags & ~1u)) {
                s[i].error = WZ_INVAL;
                s[i].ready = true;
                any_ready = true;
                continue;
            }
            uint64_t rel = timeout;
            if (flags & 1) {
                uint64_t now;
                if (!now_ns(ids[id], &now)) {
                    s[i].error = (uint16_t)wz_errno(errno);
                    s[i].ready = true;
                    any_ready = true;
                    continue;
                }
                rel = timeout > now ? timeout - now : 0;
            }
            s[i].deadline = rel > UINT64_MAX - mono ? UINT64_MAX : mono + rel;
            if (s[i].deadline < earliest) earliest = s[i].deadline;
            any_clock = true;
        } else if (s[i].type == 1 || s[i].type == 2) {
            uint32_t err;
            uint64_t need =
                WZ_R_POLL_FD_READWRITE | (s[i].type == 1 ? WZ_R_FD_READ : WZ_R_FD_WRITE);
            wz_fd *e = wz_fd_check(c->w, wz_load_u32(p + 16), need, &err);
            if (!e && err == WZ_NOTCAPABLE) {
                /* Descriptors whose rights were never narrowed to exclude polling. */
                e = wz_fd_check(c->w, wz_load_u32(p + 16), need & ~WZ_R_POLL_FD_READWRITE, &err);
            }
            if (!e) {
                s[i].error = (uint16_t)err;
                s[i].ready = true;
                any_ready = true;
            } else if (e->kind != WZ_FD_HOST || e->type == WZ_FT_REGULAR_FILE ||
                       e->type == WZ_FT_DIRECTORY) {
                fd_ready_now(c->w, e, &s[i]);
                any_ready = true;
            } else {
                pfd[npoll].fd = e->host;
                pfd[npoll].events = s[i].type == 1 ? POLLIN : POLLOUT;
                s[i].pollix = (int)npoll++;
            }
        } else {
            s[i].error = WZ_INVAL;
            s[i].ready = true;
            any_ready = true;
        }
    }
    for (;;) {
        struct timespec ts = {0, 0}, *tsp = &ts;
        if (!now_ns(CLOCK_MONOTONIC, &mono)) {
            result = wz_errno(errno);
            break;
        }
        if (!any_ready) {
            if (!any_clock)
                tsp = NULL;
            else if (earliest > mono) {
                uint64_t d = earliest - mono;
                ts.tv_sec = (time_t)(d / 1000000000u);
                ts.tv_nsec = (long)(d % 1000000000u);
            }
        }
        int r = ppoll(pfd, npoll, tsp, NULL);
        if (r < 0 && errno != EINTR) {
            result = wz_errno(errno);
            break;
        }
        bool got = any_ready;
        for (uint32_t i = 0; i < n && r > 0; i++) {
            if (s[i].pollix < 0) continue;
            short re = pfd[s[i].pollix].revents;
            if (!re) continue;
            s[i].ready = true;
            got = true;
            if (re & POLLHUP) s[i].rwflags |= 1;
            if (re & (POLLERR | POLLNVAL)) s[i].error = re & POLLNVAL ? WZ_BADF : WZ_IO;
            int avail = 0;
            if (s[i].type == 1 && ioctl(pfd[s[i].pollix].fd, FIONREAD, &avail) == 0 && avail > 0)
                s[i].nbytes = (uint64_t)avail;
        }
        if (!now_ns(CLOCK_MONOTONIC, &mono)) {
            result = wz_errno(errno);
            break;
        }
        for (uint32_t i = 0; i < n; i++) {
            if (s[i].type == 0 && !s[i].error && s[i].deadline <= mono) {
                s[i].ready = true;
                got = true;
            }
        }
        if (got) break;
    }
    if (result == WZ_SUCCESS) {
        uint32_t k = 0;
        for (uint32_t i = 0; i < n; i++) {
            if (!s[i].ready) continue;
            uint8_t *ev = events + (size_t)k++ * EVENT_SIZE;
            memset(ev, 0, EVENT_SIZE);
            wz_store_u64(ev, s[i].userdata);
            wz_store_u16(ev + 8, s[i].error);
            ev[10] = s[i].type;
            if (s[i].type == 1 || s[i].type == 2) {
                wz_store_u64(ev + 16, s[i].nbytes);
                wz_store_u16(ev + 24, s[i].rwflags);
            }
        }
        wz_put_u32(c, nout, k);
    }
out:
    free(s);
    free(pfd);
    return result;
}

const wz_def wz_defs_poll[] = {
    {"poll_oneoff", "iiii", true, poll_oneoff},
    {NULL, NULL, false, NULL},
};
