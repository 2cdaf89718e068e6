/* A growable byte buffer for building text (strbuf.h). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

void wm_strbuf_init(wm_strbuf *sb)
{
    *sb = (wm_strbuf){0};
}

void wm_strbuf_free(wm_strbuf *sb)
{
    free(sb->ptr);
    sb->ptr = NULL;
    sb->len = sb->cap = 0;
    sb->failed = false;
}

static bool fail(wm_strbuf *sb)
{
    free(sb->ptr);
    sb->ptr = NULL;
    sb->len = sb->cap = 0;
    sb->failed = true;
    return false;
}

/* Room for `extra` more bytes and the NUL. */
static bool reserve(wm_strbuf *sb, size_t extra)
{
    if (sb->failed) return false;
    if (extra > SIZE_MAX / 2 - 1 - sb->len) return fail(sb);
    size_t need = sb->len + extra + 1;
    if (sb->limit && need - 1 > sb->limit) return fail(sb);
    if (need <= sb->cap) return true;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < need) cap *= 2;
    char *p = realloc(sb->ptr, cap);
    if (!p) return fail(sb);
    sb->ptr = p;
    sb->cap = cap;
    return true;
}

bool wm_strbuf_append(wm_strbuf *sb, const void *data, size_t len)
{
    if (!reserve(sb, len)) return false;
    if (len) memcpy(sb->ptr + sb->len, data, len);
    sb->len += len;
    sb->ptr[sb->len] = '\0';
    return true;
}

bool wm_strbuf_puts(wm_strbuf *sb, const char *s)
{
    return wm_strbuf_append(sb, s, strlen(s));
}

bool wm_strbuf_putc(wm_strbuf *sb, char c)
{
    return wm_strbuf_append(sb, &c, 1);
}

bool wm_strbuf_printf(wm_strbuf *sb, const char *fmt, ...)
{
    if (sb->failed) return false;
    char small[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return fail(sb);
    if ((size_t)n < sizeof small) return wm_strbuf_append(sb, small, (size_t)n);
    if (!reserve(sb, (size_t)n)) return false;
    va_start(ap, fmt);
    vsnprintf(sb->ptr + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
    return true;
}

char *wm_strbuf_take(wm_strbuf *sb, size_t *len)
{
    bool failed = sb->failed;
    char *p = sb->ptr;
    size_t n = sb->len;
    sb->ptr = NULL;
    sb->len = sb->cap = 0;
    sb->failed = false;
    if (len) *len = 0;
    if (failed) return NULL;
    if (!p) {
        p = malloc(1);
        if (!p) return NULL;
        p[0] = '\0';
    }
    if (len) *len = n;
    return p;
}
