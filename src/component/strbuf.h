/* A growable byte buffer for building text (the WAVE and WIT printers).
 *
 * Appends either succeed or mark the buffer failed: once failed (memory ran out, or the text would
 * pass `limit`), every later append does nothing and returns false, so that a printer may append
 * freely and check once at the end. While it has not failed, ptr is NUL-terminated (or NULL when
 * nothing was appended yet). */
#ifndef WARDEN_COMPONENT_STRBUF_H
#define WARDEN_COMPONENT_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

#include "warden.h"

typedef struct wm_strbuf {
    char *ptr;
    size_t len;   /* bytes written, not counting the terminating NUL */
    size_t cap;   /* bytes allocated at ptr */
    size_t limit; /* the most bytes the text may hold; 0: no limit */
    bool failed;  /* an append ran out of memory or past limit */
} wm_strbuf;

/* An empty buffer without a limit (the same as zeroing it). */
void wm_strbuf_init(wm_strbuf *sb);
/* Frees the text and leaves the buffer empty (its limit stays). */
void wm_strbuf_free(wm_strbuf *sb);

bool wm_strbuf_append(wm_strbuf *sb, const void *data, size_t len);
bool wm_strbuf_puts(wm_strbuf *sb, const char *s);
bool wm_strbuf_putc(wm_strbuf *sb, char c);
bool wm_strbuf_printf(wm_strbuf *sb, const char *fmt, ...) WARDEN_PRINTF_FORMAT(2, 3);

/* Hands the text over: NUL-terminated (an empty string when nothing was appended), its length in
 * *len (when len is not NULL), to be freed with free(). Returns NULL when the buffer failed or the
 * empty string cannot be allocated. Either way the buffer is left empty and not failed. */
char *wm_strbuf_take(wm_strbuf *sb, size_t *len);

#endif
