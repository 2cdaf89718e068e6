/* Values as text: the command line's argument syntax and the one printed form of a result, shared
 * by `warden run` and `warden wast`. Needs only the types of warden.h, not the engine. */
#ifndef WARDEN_CLI_VALFMT_H
#define WARDEN_CLI_VALFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "warden.h"

/* Room for any formatted value, its terminating NUL included. */
#define VALFMT_BUF 96

/* "i32", "f64", "funcref", ...; "?" for an unknown kind. */
const char *valfmt_kind_name(warden_valkind_t kind);

/* Parses an integer of `width` bits (32 or 64): decimal or 0x hex, with an optional sign. Accepts
 * -2^(width-1) .. 2^width-1, negative values wrapping to two's complement. On success stores the
 * bits (zero-extended) and returns NULL; otherwise returns the reason. */
const char *valfmt_parse_int(const char *text, unsigned width, uint64_t *out);

/* The lane shapes of a v128, as written before its lanes: "i8x16", "i16x8", "i32x4", "i64x2",
 * "f32x4", "f64x2". */
typedef enum valfmt_shape {
    VALFMT_I8X16,
    VALFMT_I16X8,
    VALFMT_I32X4,
    VALFMT_I64X2,
    VALFMT_F32X4,
    VALFMT_F64X2,
} valfmt_shape_t;

const char *valfmt_shape_name(valfmt_shape_t shape);
/* Lanes of the shape (16, 8, 4 or 2) and the width of each in bits. */
unsigned valfmt_shape_lanes(valfmt_shape_t shape);
unsigned valfmt_shape_bits(valfmt_shape_t shape);
/* The shape named by the `len` bytes at `name`; false when there is none. */
bool valfmt_shape_parse(const char *name, size_t len, valfmt_shape_t *out);

/* Parses an integer lane of `bits` bits (8, 16, 32 or 64) like valfmt_parse_int: decimal or 0x
 * hex, -2^(bits-1) .. 2^bits-1. */
const char *valfmt_parse_lane_int(const char *text, unsigned bits, uint64_t *out);

/* Formats lane `lane` of a v128 seen as `shape` alone, as valfmt_format_v128 writes it. */
size_t valfmt_format_lane(const uint8_t bytes[16], valfmt_shape_t shape, unsigned lane, char *buf,
                          size_t size);

/* Formats a v128 as "v128:SHAPE:L0 L1 ...", integer lanes in signed decimal and float lanes as
 * valfmt_format prints an f32/f64. Returns the full length, like snprintf. */
size_t valfmt_format_v128(const uint8_t bytes[16], valfmt_shape_t shape, char *buf, size_t size);

/* Parses `text` as a value of `kind`:
 *   i32, i64   as valfmt_parse_int
 *   f32, f64   decimal or hex float (0x1.8p3), inf, nan, nan:0xPAYLOAD, each with an optional sign;
 *              a finite value that rounds to infinity is rejected
 *   v128       "[v128:]SHAPE:L0 L1 ..." with one lane per element of the shape, separated by
 *              spaces or commas; integer lanes as valfmt_parse_lane_int, float lanes as f32/f64
 *   funcref, externref   only "null"
 * On success fills *out and returns NULL; otherwise returns the reason (a static string). */
const char *valfmt_parse(warden_valkind_t kind, const char *text, warden_val_t *out);

/* Formats a value as `warden run` prints it: integers in signed decimal; floats as the shortest
 * decimal that reads back to the same bits in their own type, or inf / nan / nan:0xPAYLOAD (a
 * payload other than the quiet bit alone), with a leading '-' when the sign bit is set; references
 * as null, ref.func or ref.extern; v128 as "v128:i32x4:A B C D", four i32 lanes in signed decimal.
 * Writes at most `size` bytes (NUL included) and returns the length of the full text, like
 * snprintf. */
size_t valfmt_format(const warden_val_t *val, char *buf, size_t size);

#endif
