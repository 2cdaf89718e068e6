/* A bounded reader over a byte buffer, with the WebAssembly binary format's primitive encodings.
 *
 * A reader reads bytes base[pos .. end). Offsets (pos, end, and those in errors) are relative to
 * `base`, so a reader over one section of a module reports offsets in the whole module. Every read
 * returns true on success. On failure it returns false, leaves pos unspecified, and records the
 * offset and a message in *err, unless *err already holds a message: the first failure wins, so a
 * caller that fails because a read failed keeps the precise cause. Clear err->message[0] before
 * the first read. A failure recorded by a read, or by wd_reader_fail, is a fault of the binary
 * format: it also sets err->malformed. wd_reader_fail_invalid records a validation fault instead.
 *
 * No length read from the input is trusted: every read checks the bytes it needs are there.
 *
 * Messages are those of the WebAssembly test suite:
 *   "unexpected end"                          a top-level reader ran out of bytes
 *   "unexpected end of section or function"   a nested reader (section, body) ran out of bytes
 *   "integer representation too long"         a LEB128 uses more than ceil(N/7) bytes
 *   "integer too large"                       unused bits of the last LEB128 byte are not a
 *                                             zero or sign extension
 *   "length out of bounds"                    a length exceeds the bytes that are left
 *   "malformed UTF-8 encoding"                a name is not valid UTF-8 */
#ifndef WARDEN_UTIL_READER_H
#define WARDEN_UTIL_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/decode_error.h"

typedef struct wd_reader {
    const uint8_t *base;  /* the whole buffer; offsets count from here */
    size_t pos;           /* next byte to read */
    size_t end;           /* one past the last byte this reader may read */
    wd_decode_error *err; /* where the first failure is recorded */
    bool nested;          /* reads a section or a function body: selects the end-of-input message */
    /* Asked whether to go on every 64 KiB of input (at integer reads); NULL: never. A stop
     * fails the read with "stopped by the host" and err->stopped. Nested readers share it. */
    struct wd_progress *progress;
} wd_reader;

/* A top-level reader over base[pos .. end). */
void wd_reader_init(wd_reader *r, const uint8_t *base, size_t pos, size_t end,
                    wd_decode_error *err);

/* Splits off the next `len` bytes of r as a nested reader *sub and advances r past them.
 * Fails with "length out of bounds" (at `len_offset`, where the length was read) if fewer than
 * `len` bytes are left. */
bool wd_reader_sub(wd_reader *r, uint64_t len, size_t len_offset, wd_reader *sub);

static inline size_t wd_reader_remaining(const wd_reader *r)
{
    return r->end - r->pos;
}
static inline bool wd_reader_at_end(const wd_reader *r)
{
    return r->pos >= r->end;
}

/* Records "message" (printf-style) at `offset` unless an error is already recorded, and marks the
 * error malformed. Returns false, so a caller can write `return wd_reader_fail(r, off, "...")`. */
bool wd_reader_fail(wd_reader *r, size_t offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* As wd_reader_fail, for a fault the decoder finds in well-formed bytes (a validation rule, such
 * as a constant expression that is not constant): the error is not marked malformed. */
bool wd_reader_fail_invalid(wd_reader *r, size_t offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Records the end-of-input message at r->end. */
bool wd_reader_fail_eof(wd_reader *r);

/* One byte. */
bool wd_read_u8(wd_reader *r, uint8_t *out);
/* Peeks at the next byte without consuming it; false (without recording an error) at the end. */
bool wd_peek_u8(const wd_reader *r, uint8_t *out);

/* LEB128 integers of `bits` bits (1..64), unsigned and signed (two's complement, sign-extended). */
bool wd_read_uleb(wd_reader *r, unsigned bits, uint64_t *out);
bool wd_read_sleb(wd_reader *r, unsigned bits, int64_t *out);

bool wd_read_u32(wd_reader *r, uint32_t *out);
bool wd_read_u64(wd_reader *r, uint64_t *out);
bool wd_read_s32(wd_reader *r, int32_t *out);
bool wd_read_s33(wd_reader *r, int64_t *out); /* block types */
bool wd_read_s64(wd_reader *r, int64_t *out);

/* IEEE 754 values as their raw bit patterns, little endian. */
bool wd_read_f32(wd_reader *r, uint32_t *bits);
bool wd_read_f64(wd_reader *r, uint64_t *bits);

/* Exactly n raw bytes: *out points into the buffer. */
bool wd_read_raw(wd_reader *r, size_t n, const uint8_t **out);

/* A vector of bytes: a u32 length, then that many bytes. *out points into the buffer. */
bool wd_read_byte_vec(wd_reader *r, const uint8_t **out, uint32_t *len);

/* A name: a byte vector that must be valid UTF-8. *out points into the buffer, not NUL-terminated.
 */
bool wd_read_name(wd_reader *r, const uint8_t **out, uint32_t *len);

/* A u32 count of items that each take at least one byte: fails with the end-of-input message if
 * the count exceeds the bytes left, so a caller may allocate `count` items safely. */
bool wd_read_count(wd_reader *r, uint32_t *out);

#endif
