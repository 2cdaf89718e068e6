/* poll_oneoff, async: the subscriptions are parsed and looked at once, with the clocks as at the
 * call (poll_subs.c); when nothing is ready, the call waits on one reactor timer for the earliest
 * clock deadline and on each descriptor, and the first event to fire looks again at them all
 * (wait.h). */
#include <stdlib.h>

#include "wasi/poll.h"
#include "wasi/wait.h"

static uint32_t look(wz_wait *wt, wz_call *c)
{
    wz_poll *p = wt->op;
    bool got;
    uint32_t err = wz_poll_look(p, false, &got);
    if (err) return err;
    if (!got) return WZ_WAIT;
    return wz_poll_write(c, p);
}

static void free_poll(void *op)
{
    wz_poll_free(op);
    free(op);
}

/* Whether pfd[i] repeats an earlier descriptor waited for the same way: one event covers both. */
static bool repeated(const wz_poll *p, nfds_t i)
{
    for (nfds_t j = 0; j < i; j++)
        if (p->pfd[j].fd == p->pfd[i].fd && p->pfd[j].events == p->pfd[i].events) return true;
    return false;
}

/* Waits for `p` (taken): a wait with its events, started. */
static void wait_for(wz_call *c, wz_poll *p, warden_completion_t *done)
{
    uint32_t nev = p->any_clock ? 1 : 0;
    for (nfds_t i = 0; i < p->npoll; i++) nev += !repeated(p, i);
    wz_wait *wt = wz_wait_new(c, done, nev, look, p, free_poll);
    if (!wt) {
        free_poll(p);
        wz_complete(done, c, WZ_NOMEM);
        return;
    }
    uint32_t k = 0;
    if (p->any_clock) wt->ev[k++].deadline = p->earliest;
    for (nfds_t i = 0; i < p->npoll; i++) {
        if (repeated(p, i)) continue;
        wt->ev[k].fd = p->pfd[i].fd;
        wt->ev[k++].write = p->pfd[i].events == POLLOUT;
    }
    wz_wait_start(wt);
}

void wz_poll_async(wz_call *c, const wz_def *def, const warden_val_t *a, warden_completion_t *done)
{
    (void)def;
    wz_poll *p = malloc(sizeof *p);
    if (!p) {
        wz_complete(done, c, WZ_NOMEM);
        return;
    }
    bool got = false;
    uint32_t err = wz_poll_parse(c, a, p);
    if (err) {
        free(p);
        wz_complete(done, c, err);
        return;
    }
    err = wz_poll_look_at_call(p, &got);
    if (!err && !got) {
        wait_for(c, p, done);
        return;
    }
    if (!err) err = wz_poll_write(c, p);
    free_poll(p);
    wz_complete(done, c, err);
}
