/* Reading the fixtures tests build at build time (`.wat` turned into `.wasm`). */
#ifndef WARDEN_TESTS_SUPPORT_FIXTURE_H
#define WARDEN_TESTS_SUPPORT_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

/* The bytes of DIR/STEM.wasm (malloc'd; the caller frees them). A missing or unreadable file
 * fails the running cmocka test. */
uint8_t *fixture_read_wasm(const char *dir, const char *stem, size_t *len);

#endif
