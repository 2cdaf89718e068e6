#include "util/reader.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/progress.h"
#include "util/utf8.h"

void wd_reader_init(wd_reader *r, const uint8_t *base, size_t pos, size_t end, wd_decode_error *err)
{
    r->base = base;
    r->pos = pos;
    r->end = end;
    r->err = err;
    r->nested = false;
    r->progress = NULL;
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 0)))
#endif
static void
record(wd_reader *r, size_t offset, bool malformed, const char *fmt, va_list ap)
{
    if (r->err && r->err->message[0] == '\0') {
        vsnprintf(r->err->message, sizeof r->err->message, fmt, ap);
        r->err->offset = offset;
        r->err->malformed = malformed;
    }
}

bool wd_reader_fail(wd_reader *r, size_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(r, offset, true, fmt, ap);
    va_end(ap);
    return false;
}

bool wd_reader_fail_invalid(wd_reader *r, size_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(r, offset, false, fmt, ap);
    va_end(ap);
    return false;
}

bool wd_reader_fail_eof(wd_reader *r)
{
    return wd_reader_fail(r, r->end, "%s",
                          r->nested ? "unexpected end of section or function" : "unexpected end");
}

/* The host's answer, asked every WD_PROGRESS_EVERY bytes of input. */
static bool keep_going(wd_reader *r)
{
    wd_progress *p = r->progress;
    if (!p || r->pos < p->next_at) return true;
    p->next_at = r->pos + WD_PROGRESS_EVERY;
    if (!p->keep_going || p->keep_going(p->env)) return true;
    r->err->stopped = true;
    return wd_reader_fail(r, r->pos, "stopped by the host");
}

bool wd_reader_sub(wd_reader *r, uint64_t len, size_t len_offset, wd_reader *sub)
{
    if (len > wd_reader_remaining(r)) return wd_reader_fail(r, len_offset, "length out of bounds");
    *sub = *r;
    sub->end = r->pos + (size_t)len;
    sub->nested = true;
    r->pos = sub->end;
    return true;
}

bool wd_read_u8(wd_reader *r, uint8_t *out)
{
    if (r->pos >= r->end) return wd_reader_fail_eof(r);
    *out = r->base[r->pos++];
    return true;
}

bool wd_peek_u8(const wd_reader *r, uint8_t *out)
{
    if (r->pos >= r->end) return false;
    *out = r->base[r->pos];
    return true;
}

/* An N-bit LEB128 takes at most ceil(N/7) bytes; in the last one only N - 7*(count-1) bits carry
 * value, and the spec requires the rest to be zero (unsigned) or copies of the sign (signed). */
bool wd_read_uleb(wd_reader *r, unsigned bits, uint64_t *out)
{
    if (r->progress && !keep_going(r)) return false;
    unsigned max = (bits + 6) / 7;
    uint64_t v = 0;
    for (unsigned i = 0; i < max; i++) {
        size_t at = r->pos;
        uint8_t b = 0;
        if (!wd_read_u8(r, &b)) return false;
        if (i == max - 1) {
            unsigned used = bits - 7 * i;
            if (b & 0x80) return wd_reader_fail(r, at, "integer representation too long");
            if ((b >> used) != 0) return wd_reader_fail(r, at, "integer too large");
        }
        v |= (uint64_t)(b & 0x7F) << (7 * i);
        if (!(b & 0x80)) break;
    }
    *out = v;
    return true;
}

bool wd_read_sleb(wd_reader *r, unsigned bits, int64_t *out)
{
    if (r->progress && !keep_going(r)) return false;
    unsigned max = (bits + 6) / 7;
    uint64_t v = 0;
    for (unsigned i = 0; i < max; i++) {
        size_t at = r->pos;
        uint8_t b = 0;
        if (!wd_read_u8(r, &b)) return false;
        unsigned shift = 7 * i;
        if (i == max - 1) {
            unsigned used = bits - shift;
            unsigned top =
                (unsigned)(b & 0x7F) >> (used - 1); /* the sign bit and the unused bits */
            if (b & 0x80) return wd_reader_fail(r, at, "integer representation too long");
            if (top != 0 && top != (0x7Fu >> (used - 1)))
                return wd_reader_fail(r, at, "integer too large");
        }
        v |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80)) {
            if ((b & 0x40) && shift + 7 < 64) v |= ~(uint64_t)0 << (shift + 7);
            break;
        }
    }
    /* Two's complement reinterpretation without implementation-defined conversion. */
    int64_t s = 0;
    memcpy(&s, &v, sizeof s);
    *out = s;
    return true;
}

bool wd_read_u32(wd_reader *r, uint32_t *out)
{
    uint64_t v = 0;
    if (!wd_read_uleb(r, 32, &v)) return false;
    *out = (uint32_t)v;
    return true;
}

bool wd_read_u64(wd_reader *r, uint64_t *out)
{
    return wd_read_uleb(r, 64, out);
}

bool wd_read_s32(wd_reader *r, int32_t *out)
{
    int64_t v = 0;
    if (!wd_read_sleb(r, 32, &v)) return false;
    *out = (int32_t)v; /* in range: the encoding was checked to be a 32-bit value */
    return true;
}

bool wd_read_s33(wd_reader *r, int64_t *out)
{
    return wd_read_sleb(r, 33, out);
}

bool wd_read_s64(wd_reader *r, int64_t *out)
{
    return wd_read_sleb(r, 64, out);
}

bool wd_read_raw(wd_reader *r, size_t n, const uint8_t **out)
{
    if (n > wd_reader_remaining(r)) {
        r->pos = r->end;
        return wd_reader_fail_eof(r);
    }
    *out = r->base + r->pos;
    r->pos += n;
    return true;
}

bool wd_read_f32(wd_reader *r, uint32_t *bits)
{
    const uint8_t *p = NULL;
    if (!wd_read_raw(r, 4, &p)) return false;
    *bits = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    return true;
}

bool wd_read_f64(wd_reader *r, uint64_t *bits)
{
    const uint8_t *p = NULL;
    if (!wd_read_raw(r, 8, &p)) return false;
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = v << 8 | p[i];
    *bits = v;
    return true;
}

bool wd_read_byte_vec(wd_reader *r, const uint8_t **out, uint32_t *len)
{
    size_t at = r->pos;
    uint32_t n = 0;
    if (!wd_read_u32(r, &n)) return false;
    if (n > wd_reader_remaining(r)) return wd_reader_fail(r, at, "length out of bounds");
    *out = r->base + r->pos;
    *len = n;
    r->pos += n;
    return true;
}

bool wd_read_name(wd_reader *r, const uint8_t **out, uint32_t *len)
{
    if (!wd_read_byte_vec(r, out, len)) return false;
    size_t bad;
    if (!wd_utf8_valid(*out, *len, &bad))
        return wd_reader_fail(r, (size_t)(*out - r->base) + bad, "malformed UTF-8 encoding");
    return true;
}

bool wd_read_count(wd_reader *r, uint32_t *out)
{
    uint32_t n = 0;
    if (!wd_read_u32(r, &n)) return false;
    if (n > wd_reader_remaining(r)) return wd_reader_fail_eof(r);
    *out = n;
    return true;
}
