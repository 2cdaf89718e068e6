/* UTF-8 validation as the WebAssembly spec defines it for names (binary/values.rst, "Names"):
 * shortest form only, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF. */
#ifndef WARDEN_UTIL_UTF8_H
#define WARDEN_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True if s[0 .. len) is valid UTF-8. Otherwise false, and *bad_at (if not NULL) is the index of
 * the first byte of the first invalid sequence. */
bool wd_utf8_valid(const uint8_t *s, size_t len, size_t *bad_at);

#endif
