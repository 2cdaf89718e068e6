/* poll_oneoff's subscriptions, parsed once and looked at as often as needed: by the blocking form
 * (poll.c), which waits in ppoll(), and by the async form (poll_async.c), which waits on the
 * scheduler's reactor and looks again each time one of its events fires. */
#ifndef WARDEN_WASI_POLL_H
#define WARDEN_WASI_POLL_H

#include <poll.h>

#include "wasi/wasi.h"

typedef struct wz_sub {
    uint64_t userdata;
    uint8_t type; /* 0 clock, 1 fd_read, 2 fd_write */
    uint16_t error;
    bool ready;
    uint64_t deadline; /* clock: monotonic nanoseconds */
    int pollix;        /* fd: index in the pollfd array, or -1 */
    uint64_t nbytes;
    uint16_t rwflags;
} wz_sub;

typedef struct wz_poll {
    uint32_t n;         /* subscriptions */
    uint32_t out, nout; /* guest addresses of the events and of their count */
    wz_sub *s;
    struct pollfd *pfd; /* the host descriptors that are waited for */
    nfds_t npoll;
    bool any_ready; /* a subscription was ready (or failed) when parsed */
    bool any_clock;
    uint64_t earliest;  /* the earliest clock deadline, monotonic nanoseconds */
    uint64_t parsed_at; /* the instant of the call, monotonic nanoseconds */
} wz_poll;

/* Checks the arguments and parses the subscriptions (relative clock timeouts start now). Returns
 * an errno; on success wz_poll_free must follow. */
uint32_t wz_poll_parse(wz_call *c, const warden_val_t *a, wz_poll *p);
/* One look at the descriptors and the clocks, marking what is ready: waits for the first to be
 * ready when `wait`, else returns at once. *got tells whether anything is. Returns an errno. */
uint32_t wz_poll_look(wz_poll *p, bool wait, bool *got);
/* The same look without waiting, with the clocks as they were at the call (wz_poll_parse): a
 * timeout greater than 0 is not due yet, however long the host took to get here, so whether the
 * call waits depends on the guest's arguments alone. */
uint32_t wz_poll_look_at_call(wz_poll *p, bool *got);
/* Writes the ready subscriptions' events and their count into guest memory (bounds checked
 * again, against the memory `c` views now). Returns an errno. */
uint32_t wz_poll_write(wz_call *c, const wz_poll *p);
void wz_poll_free(wz_poll *p);

#endif
