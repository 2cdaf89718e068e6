/* poll_oneoff's subscriptions: clock subscriptions (relative or absolute, any clock) and
 * fd_read/fd_write subscriptions. Regular files and in-memory streams are always ready; other host
 * descriptors are looked at with ppoll(). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/poll.h"

#define SUB_SIZE 48
#define EVENT_SIZE 32

static void fd_ready_now(warden_wasi_t *w, wz_fd *e, wz_sub *s)
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

/* A subscription that is ready at once with an error. */
static void failed(wz_poll *p, wz_sub *s, uint32_t err)
{
    s->error = (uint16_t)err;
    s->ready = true;
    p->any_ready = true;
}

static void parse_clock(wz_poll *p, wz_sub *s, const uint8_t *in, uint64_t mono)
{
    static const clockid_t ids[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID,
                                    CLOCK_THREAD_CPUTIME_ID};
    uint32_t id = wz_load_u32(in + 16);
    uint64_t timeout = wz_load_u64(in + 24);
    uint16_t flags = wz_load_u16(in + 40);
    if (id > 3 || (flags & ~1u)) {
        failed(p, s, WZ_INVAL);
        return;
    }
    uint64_t rel = timeout;
    if (flags & 1) {
        uint64_t now;
        if (!wz_now_ns(ids[id], &now)) {
            failed(p, s, wz_errno(errno));
            return;
        }
        rel = timeout > now ? timeout - now : 0;
    }
    s->deadline = rel > UINT64_MAX - mono ? UINT64_MAX : mono + rel;
    if (s->deadline < p->earliest) p->earliest = s->deadline;
    p->any_clock = true;
}

static void parse_fd(wz_call *c, wz_poll *p, wz_sub *s, const uint8_t *in)
{
    uint32_t err, fd = wz_load_u32(in + 16);
    uint64_t need = WZ_R_POLL_FD_READWRITE | (s->type == 1 ? WZ_R_FD_READ : WZ_R_FD_WRITE);
    wz_fd *e = wz_fd_check(c->w, fd, need, &err);
    if (!e && err == WZ_NOTCAPABLE) {
        /* Descriptors whose rights were never narrowed to exclude polling. */
        e = wz_fd_check(c->w, fd, need & ~WZ_R_POLL_FD_READWRITE, &err);
    }
    if (!e) {
        failed(p, s, err);
    } else if (e->kind != WZ_FD_HOST || e->type == WZ_FT_REGULAR_FILE ||
               e->type == WZ_FT_DIRECTORY) {
        fd_ready_now(c->w, e, s);
        p->any_ready = true;
    } else {
        p->pfd[p->npoll].fd = e->host;
        p->pfd[p->npoll].events = s->type == 1 ? POLLIN : POLLOUT;
        s->pollix = (int)p->npoll++;
    }
}

uint32_t wz_poll_parse(wz_call *c, const warden_val_t *a, wz_poll *p)
{
    uint32_t in = A32(0), n = A32(2);
    memset(p, 0, sizeof *p);
    p->n = n;
    p->out = A32(1);
    p->nout = A32(3);
    p->earliest = UINT64_MAX;
    if (n == 0) return WZ_INVAL;
    const uint8_t *subs = wz_ptr(c, in, (uint64_t)n * SUB_SIZE);
    if (!subs || !wz_ptr(c, p->out, (uint64_t)n * EVENT_SIZE) || !wz_ptr(c, p->nout, 4))
        return WZ_FAULT;
    if (n > 4096) return WZ_INVAL;
    p->s = calloc(n, sizeof *p->s);
    p->pfd = calloc(n, sizeof *p->pfd);
    uint64_t mono;
    if (!p->s || !p->pfd) {
        wz_poll_free(p);
        return WZ_NOMEM;
    }
    if (!wz_now_ns(CLOCK_MONOTONIC, &mono)) {
        uint32_t err = wz_errno(errno);
        wz_poll_free(p);
        return err;
    }
    p->parsed_at = mono;
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *sub = subs + (size_t)i * SUB_SIZE;
        wz_sub *s = &p->s[i];
        s->userdata = wz_load_u64(sub);
        s->type = sub[8];
        s->pollix = -1;
        if (s->type == 0)
            parse_clock(p, s, sub, mono);
        else if (s->type == 1 || s->type == 2)
            parse_fd(c, p, s, sub);
        else
            failed(p, s, WZ_INVAL);
    }
    return WZ_SUCCESS;
}

/* ppoll()'s timeout for a look: none when something is ready, else until the earliest clock
 * deadline, or forever without a clock (NULL). */
static struct timespec *timeout(const wz_poll *p, bool wait, uint64_t mono, struct timespec *ts)
{
    *ts = (struct timespec){0, 0};
    if (!wait || p->any_ready) return ts;
    if (!p->any_clock) return NULL;
    if (p->earliest > mono) {
        uint64_t d = p->earliest - mono;
        ts->tv_sec = (time_t)(d / 1000000000u);
        ts->tv_nsec = (long)(d % 1000000000u);
    }
    return ts;
}

/* A look; `at` is the instant to judge the clocks by, or NULL to read the clock. */
static uint32_t look(wz_poll *p, bool wait, const uint64_t *at, bool *got)
{
    struct timespec ts;
    uint64_t mono = at ? *at : 0;
    *got = false;
    if (!at && !wz_now_ns(CLOCK_MONOTONIC, &mono)) return wz_errno(errno);
    int r = ppoll(p->pfd, p->npoll, timeout(p, wait, mono, &ts), NULL);
    if (r < 0 && errno != EINTR) return wz_errno(errno);
    *got = p->any_ready;
    for (uint32_t i = 0; i < p->n && r > 0; i++) {
        wz_sub *s = &p->s[i];
        if (s->pollix < 0) continue;
        short re = p->pfd[s->pollix].revents;
        if (!re) continue;
        s->ready = true;
        *got = true;
        if (re & POLLHUP) s->rwflags |= 1;
        if (re & (POLLERR | POLLNVAL)) s->error = re & POLLNVAL ? WZ_BADF : WZ_IO;
        int avail = 0;
        if (s->type == 1 && ioctl(p->pfd[s->pollix].fd, FIONREAD, &avail) == 0 && avail > 0)
            s->nbytes = (uint64_t)avail;
    }
    if (!at && !wz_now_ns(CLOCK_MONOTONIC, &mono)) return wz_errno(errno);
    for (uint32_t i = 0; i < p->n; i++) {
        wz_sub *s = &p->s[i];
        if (s->type == 0 && !s->error && s->deadline <= mono) {
            s->ready = true;
            *got = true;
        }
    }
    return WZ_SUCCESS;
}

uint32_t wz_poll_look(wz_poll *p, bool wait, bool *got)
{
    return look(p, wait, NULL, got);
}

uint32_t wz_poll_look_at_call(wz_poll *p, bool *got)
{
    return look(p, false, &p->parsed_at, got);
}

uint32_t wz_poll_write(wz_call *c, const wz_poll *p)
{
    uint8_t *events = wz_ptr(c, p->out, (uint64_t)p->n * EVENT_SIZE);
    if (!events || !wz_ptr(c, p->nout, 4)) return WZ_FAULT;
    uint32_t k = 0;
    for (uint32_t i = 0; i < p->n; i++) {
        const wz_sub *s = &p->s[i];
        if (!s->ready) continue;
        uint8_t *ev = events + (size_t)k++ * EVENT_SIZE;
        memset(ev, 0, EVENT_SIZE);
        wz_store_u64(ev, s->userdata);
        wz_store_u16(ev + 8, s->error);
        ev[10] = s->type;
        if (s->type == 1 || s->type == 2) {
            wz_store_u64(ev + 16, s->nbytes);
            wz_store_u16(ev + 24, s->rwflags);
        }
    }
    wz_put_u32(c, p->nout, k);
    return WZ_SUCCESS;
}

void wz_poll_free(wz_poll *p)
{
    free(p->s);
    free(p->pfd);
    p->s = NULL;
    p->pfd = NULL;
}
