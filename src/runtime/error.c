/* Error objects returned by every fallible API call. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "runtime/objects.h"

struct warden_error {
    warden_error_kind_t kind;
    int64_t offset;
    bool shared;   /* the immutable out-of-memory error */
    char *message; /* stored right after the struct */
};

static const struct warden_error k_oom = {WARDEN_ERROR_NO_MEMORY, -1, true,
                                          (char *)"out of memory"};

warden_error_t *wr_error_oom(void)
{
    return (warden_error_t *)&k_oom;
}

warden_error_t *wr_error(warden_error_kind_t kind, int64_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    warden_error_t *e = malloc(sizeof *e + (size_t)n + 1);
    if (!e) return wr_error_oom();
    e->kind = kind;
    e->offset = offset;
    e->shared = false;
    e->message = (char *)(e + 1);
    va_start(ap, fmt);
    vsnprintf(e->message, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return e;
}

warden_error_kind_t warden_error_kind(const warden_error_t *e)
{
    return e ? e->kind : WARDEN_ERROR_ARGUMENT;
}

const char *warden_error_message(const warden_error_t *e)
{
    return e ? e->message : "";
}

int64_t warden_error_offset(const warden_error_t *e)
{
    return e ? e->offset : -1;
}

void warden_error_delete(warden_error_t *e)
{
    if (e && !e->shared) free(e);
}
