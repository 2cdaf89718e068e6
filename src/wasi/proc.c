/* proc_exit, proc_raise, sched_yield. The guest is never allowed to signal the host: a signal whose
 * default action terminates a process ends the guest's call like proc_exit(128 + signal). */
#include <sched.h>

#include "wasi/wasi.h"

static uint32_t end_guest(wz_call *c, int code, const char *why)
{
    c->w->exited = true;
    c->w->exit_code = code;
    c->trap = warden_trap_new(why);
    return WZ_SUCCESS;
}

static uint32_t proc_exit(wz_call *c, const warden_val_t *a)
{
    return end_guest(c, (int)A32(0), "wasi: proc_exit");
}

static uint32_t proc_raise(wz_call *c, const warden_val_t *a)
{
    uint32_t sig = A32(0);
    switch (sig) {
    case 0: return WZ_SUCCESS; /* none: nothing is sent */
    case 13:
    case 16:
    case 22:
    case 27: /* pipe, chld, urg, winch: ignored */
    case 17:
    case 18:
    case 19:
    case 20:
    case 21: /* cont, stop, tstp, ttin, ttou */ return WZ_SUCCESS;
    default:
        if (sig > 30) return WZ_INVAL;
        return end_guest(c, 128 + (int)sig, "wasi: proc_raise");
    }
}

static uint32_t sched_yield_(wz_call *c, const warden_val_t *a)
{
    (void)c;
    (void)a;
    sched_yield();
    return WZ_SUCCESS;
}

const wz_def wz_defs_proc[] = {
    {"proc_exit", "i", false, proc_exit},
    {"proc_raise", "i", true, proc_raise},
    {"sched_yield", "", true, sched_yield_},
    {NULL, NULL, false, NULL},
};
