/* Error objects returned by every fallible API call. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "object/objects.h"

struct warden_error {
    warden_error_kind_t kind;
    int64_t offset;
    bool shared;   /* the immutable out-of-memory error */
    char *message; /* stored right after the struct */
};

static const struct warden_error k_oom = {WARDEN_ERROR_NO_MEMORY, -1, true,
                                          (char *)"out of memory"};

warden_error_t *wo_error_oom(void)
{
    return (warden_error_t *)&k_oom;
}

/* An error with a printf-formatted message stored right after the struct; the static
 * out-of-memory error when it cannot be allocated. A NULL fmt, or one vsnprintf cannot format,
 * gives an empty message. */
static warden_error_t *error_vnew(warden_error_kind_t kind, int64_t offset, const char *fmt,
                                  va_list ap)
{
    va_list count;
    va_copy(count, ap);
    int n = fmt ? vsnprintf(NULL, 0, fmt, count) : 0;
    va_end(count);
    if (n < 0) n = 0;
    warden_error_t *e = malloc(sizeof *e + (size_t)n + 1);
    if (!e) return wo_error_oom();
    e->kind = kind;
    e->offset = offset;
    e->shared = false;
    e->message = (char *)(e + 1);
    e->message[0] = '\0';
    if (n > 0) vsnprintf(e->message, (size_t)n + 1, fmt, ap);
    return e;
}

warden_error_t *wo_error(warden_error_kind_t kind, int64_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    warden_error_t *e = error_vnew(kind, offset, fmt, ap);
    va_end(ap);
    return e;
}

static bool kind_valid(warden_error_kind_t kind)
{
    switch (kind) {
    case WARDEN_ERROR_MALFORMED:
    case WARDEN_ERROR_INVALID:
    case WARDEN_ERROR_UNLINKABLE:
    case WARDEN_ERROR_LIMIT:
    case WARDEN_ERROR_ARGUMENT:
    case WARDEN_ERROR_NO_MEMORY:
    case WARDEN_ERROR_IO:
    case WARDEN_ERROR_STOPPED: return true;
    }
    return false;
}

warden_error_t *warden_error_new(warden_error_kind_t kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    warden_error_t *e = error_vnew(kind_valid(kind) ? kind : WARDEN_ERROR_ARGUMENT, -1, fmt, ap);
    va_end(ap);
    return e;
}

warden_error_t *warden_error_new_at(warden_error_kind_t kind, int64_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    warden_error_t *e = error_vnew(kind_valid(kind) ? kind : WARDEN_ERROR_ARGUMENT,
                                   offset < 0 ? -1 : offset, fmt, ap);
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
