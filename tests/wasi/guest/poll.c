/* poll_oneoff: relative and absolute clock subscriptions, fd_read and fd_write subscriptions on
 * streams and files, errors per subscription, and bad pointers and lengths. */
//! dir /d
//! stdin some input
#include "guest.h"

enum { SUB = 48, EV = 32 };

static void clock_sub(uint8_t *s, uint64_t userdata, uint32_t clock, uint64_t timeout,
                      uint16_t flags)
{
    memset(s, 0, SUB);
    memcpy(s, &userdata, 8);
    s[8] = 0;
    memcpy(s + 16, &clock, 4);
    memcpy(s + 24, &timeout, 8);
    memcpy(s + 40, &flags, 2);
}

static void fd_sub(uint8_t *s, uint64_t userdata, uint8_t type, uint32_t fd)
{
    memset(s, 0, SUB);
    memcpy(s, &userdata, 8);
    s[8] = type;
    memcpy(s + 16, &fd, 4);
}

static uint64_t ev_userdata(const uint8_t *e)
{
    uint64_t u;
    memcpy(&u, e, 8);
    return u;
}
static uint16_t ev_error(const uint8_t *e)
{
    uint16_t v;
    memcpy(&v, e + 8, 2);
    return v;
}

static uint64_t now(uint32_t clock)
{
    uint64_t t = 0;
    raw_clock_time_get(clock, 0, A(&t));
    return t;
}

int main(void)
{
    static uint8_t subs[4 * SUB], evs[4 * EV];
    uint32_t n;

    /* A relative timeout of 20 ms actually waits. */
    uint64_t t0 = now(1);
    clock_sub(subs, 7, 1, 20000000, 0);
    OK(raw_poll_oneoff(A(subs), A(evs), 1, A(&n)));
    CHECK(n == 1 && ev_userdata(evs) == 7 && ev_error(evs) == 0 && evs[10] == 0);
    CHECK(now(1) - t0 >= 20000000);

    /* Absolute timeouts on the realtime and monotonic clocks. */
    clock_sub(subs, 8, 0, now(0) + 10000000, 1);
    OK(raw_poll_oneoff(A(subs), A(evs), 1, A(&n)));
    CHECK(n == 1 && ev_userdata(evs) == 8);
    t0 = now(1);
    clock_sub(subs, 9, 1, t0 + 10000000, 1);
    OK(raw_poll_oneoff(A(subs), A(evs), 1, A(&n)));
    CHECK(n == 1 && now(1) >= t0 + 10000000);
    clock_sub(subs, 10, 1, 0, 1); /* in the past: at once */
    OK(raw_poll_oneoff(A(subs), A(evs), 1, A(&n)));
    CHECK(n == 1);

    /* Streams and files are ready at once; the long timeout does not fire. */
    fd_sub(subs, 1, 1, 0);
    fd_sub(subs + SUB, 2, 2, 1);
    clock_sub(subs + 2 * SUB, 3, 1, 10ull * 1000000000, 0);
    int f = open_at(preopen_fd("/d"), "file.txt", 0, R_FD_READ | R_FD_WRITE | (1ull << 27), 0);
    CHECK(f > 0);
    fd_sub(subs + 3 * SUB, 4, 1, (uint32_t)f);
    t0 = now(1);
    OK(raw_poll_oneoff(A(subs), A(evs), 4, A(&n)));
    CHECK(n == 3);
    CHECK(now(1) - t0 < 5ull * 1000000000);
    uint64_t nbytes;
    memcpy(&nbytes, evs + 16, 8);
    CHECK(ev_userdata(evs) == 1 && evs[10] == 1 && nbytes == 10); /* "some input" */
    CHECK(ev_userdata(evs + EV) == 2 && evs[EV + 10] == 2);
    memcpy(&nbytes, evs + 2 * EV + 16, 8);
    CHECK(ev_userdata(evs + 2 * EV) == 4 && nbytes == 6);

    /* Errors belong to their subscription. */
    fd_sub(subs, 11, 1, 99);
    clock_sub(subs + SUB, 12, 9, 0, 0);
    fd_sub(subs + 2 * SUB, 13, 1, 1); /* standard output cannot be read */
    OK(raw_poll_oneoff(A(subs), A(evs), 3, A(&n)));
    CHECK(n == 3);
    CHECK(ev_userdata(evs) == 11 && ev_error(evs) == E_BADF);
    CHECK(ev_userdata(evs + EV) == 12 && ev_error(evs + EV) == E_INVAL);
    CHECK(ev_userdata(evs + 2 * EV) == 13 && ev_error(evs + 2 * EV) == E_NOTCAPABLE);
    subs[8] = 3;
    OK(raw_poll_oneoff(A(subs), A(evs), 1, A(&n)));
    CHECK(n == 1 && ev_error(evs) == E_INVAL);

    /* No subscriptions; bad pointers and lengths. */
    ERRNO(raw_poll_oneoff(A(subs), A(evs), 0, A(&n)), E_INVAL);
    clock_sub(subs, 1, 1, 0, 0);
    ERRNO(raw_poll_oneoff(BAD, A(evs), 1, A(&n)), E_FAULT);
    ERRNO(raw_poll_oneoff(A(subs), BAD, 1, A(&n)), E_FAULT);
    ERRNO(raw_poll_oneoff(A(subs), A(evs), 1, BAD), E_FAULT);
    ERRNO(raw_poll_oneoff(A(subs), A(evs), 0x10000000u, A(&n)), E_FAULT);
    ERRNO(raw_poll_oneoff(mem_size() - SUB + 1, A(evs), 1, A(&n)), E_FAULT);
    ERRNO(raw_poll_oneoff(A(subs), mem_size() - EV + 1, 1, A(&n)), E_FAULT);
    return finish();
}
