/* poll_oneoff, blocking: waits in ppoll() until a subscription is ready (poll_subs.c). */
#include "wasi/poll.h"

static uint32_t poll_oneoff(wz_call *c, const warden_val_t *a)
{
    wz_poll p;
    uint32_t err = wz_poll_parse(c, a, &p);
    if (err) return err;
    bool got = false;
    while (!err && !got) err = wz_poll_look(&p, true, &got);
    if (!err) err = wz_poll_write(c, &p);
    wz_poll_free(&p);
    return err;
}

const wz_def wz_defs_poll[] = {
    {"poll_oneoff", "iiii", true, poll_oneoff},
    {NULL, NULL, false, NULL},
};
