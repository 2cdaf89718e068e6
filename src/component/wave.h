/* What the WAVE parser (wave_parse.c) and printer (wave_print.c) share.
 *
 * WAVE, the WebAssembly Value Encoding, is the text form of component values of wasmtime's command
 * line and the wasm-wave crate (crates/wasm-wave of bytecodealliance/wasm-tools: its README and
 * wave_ebnf.md are the grammar followed here). */
#ifndef WARDEN_COMPONENT_WAVE_H
#define WARDEN_COMPONENT_WAVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "types.h"

/* The deepest nesting of a value either way: a scalar is one level, and every list, tuple, record,
 * case payload, `some` and `ok`/`err` payload adds one. Deeper text is refused by the parser, and
 * deeper values by the printer, so that whatever is printed parses back. */
#define WM_WAVE_MAX_DEPTH 100

/* A kebab-case label: words joined by `-`, the first starting with a letter, each all lowercase
 * or all uppercase letters and digits (`one`, `two-words`, `HTTP3`, `method-GET`). */
bool wm_wave_is_label(const char *s, size_t len);
/* One of WAVE's keywords, which a case of that name is written after a `%`: true, false, some,
 * none, ok, err, inf, nan. */
bool wm_wave_is_keyword(const char *s, size_t len);
/* Decodes one UTF-8 scalar value (no overlong form, no surrogate, at most U+10FFFF) from s[0..len):
 * its length in bytes, or 0 when the bytes are not one. */
size_t wm_utf8_next(const unsigned char *s, size_t len, uint32_t *cp);

#endif
