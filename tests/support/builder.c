#include "builder.h"

#include <stdarg.h>
#include <stdbool.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static void reserve(wb_buf *b, size_t n)
{
    if (b->len + n <= b->cap) return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n) cap *= 2;
    uint8_t *p = realloc(b->bytes, cap);
    assert_non_null(p);
    b->bytes = p;
    b->cap = cap;
}

void wb_byte(wb_buf *b, uint8_t v)
{
    reserve(b, 1);
    b->bytes[b->len++] = v;
}

void wb_bytes(wb_buf *b, const void *p, size_t n)
{
    if (!n) return;
    reserve(b, n);
    memcpy(b->bytes + b->len, p, n);
    b->len += n;
}

void wb_u32(wb_buf *b, uint64_t v)
{
    do {
        uint8_t byte = v & 0x7F;
        v >>= 7;
        wb_byte(b, v ? byte | 0x80 : byte);
    } while (v);
}

void wb_s64(wb_buf *b, int64_t v)
{
    for (;;) {
        uint8_t byte = (uint8_t)(v & 0x7F);
        v >>= 7; /* arithmetic shift: gcc and clang define it */
        bool done = (v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40));
        wb_byte(b, done ? byte : byte | 0x80);
        if (done) return;
    }
}

void wb_name(wb_buf *b, const char *s)
{
    size_t n = strlen(s);
    wb_u32(b, n);
    wb_bytes(b, s, n);
}

void wb_section(wb_buf *module, uint8_t id, wb_buf *payload)
{
    wb_byte(module, id);
    wb_u32(module, payload->len);
    wb_bytes(module, payload->bytes, payload->len);
    wb_free(payload);
}

void wb_header(wb_buf *module)
{
    static const uint8_t header[8] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
    wb_bytes(module, header, sizeof header);
}

void wb_free(wb_buf *b)
{
    free(b->bytes);
    b->bytes = NULL;
    b->len = b->cap = 0;
}
