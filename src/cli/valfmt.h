/* Values as text: the command line's argument syntax and the one printed form of a result, shared by
 * `warden run` and `warden wast`. Needs only the types of warden.h, not the engine. */
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

/* Parses `text` as a value of `kind`:
 *   i32, i64   as valfmt_parse_int
 *   f32, f64   decimal or hex float (0x1.8p3), inf, nan, nan:0xPAYLOAD, each with an optional sign;
 *              a finite value that rounds to infinity is rejected
 *   funcref, externref   only "null"
 * On success fills *out and returns NULL; otherwise returns the reason (a static string). */
const char *valfmt_parse(warden_valkind_t kind, const char *text, warden_val_t *out);

/* Formats a value as `warden run` prints it: integers in signed decimal; floats as the shortest
 * decimal that reads back to the same bits in their own type, or inf / nan / nan:0xPAYLOAD (a
 * payload other than the quiet bit alone), with a leading '-' when the sign bit is set; references as
 * null, ref.func or ref.extern; v128 as four i32 lanes in hex. Writes at most `size` bytes (NUL
 * included) and returns the length of the full text, like snprintf. */
size_t valfmt_format(const warden_val_t *val, char *buf, size_t size);

#endif
