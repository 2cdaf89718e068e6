/* Growable byte buffers for in-memory standard output and error. */
#include <stdlib.h>
#include <string.h>

#include "wasi/wasi.h"

bool wz_buf_append(wz_buf *b, const void *data, size_t len)
{
    if (len == 0) return true;
    if (b->max && (len > b->max || b->len > b->max - len)) return false;
    if (len > b->cap - b->len) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap - b->len < len) {
            if (cap > SIZE_MAX / 2) return false;
            cap *= 2;
        }
        uint8_t *d = realloc(b->data, cap);
        if (!d) return false;
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    return true;
}

void wz_buf_free(wz_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
