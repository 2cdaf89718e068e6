/* SHA-256 (FIPS 180-4), for the identity of code kept across processes: a compiled module's
 * cache key and the checksum of its artifact. A collision-resistant hash, so that no module can
 * be made to pass for another one. */
#ifndef WARDEN_UTIL_SHA256_H
#define WARDEN_UTIL_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define WD_SHA256_BYTES 32

typedef struct wd_sha256 {
    uint32_t h[8];
    uint64_t length; /* bytes hashed so far */
    uint8_t block[64];
    size_t used; /* bytes of `block` filled */
} wd_sha256;

void wd_sha256_init(wd_sha256 *s);
void wd_sha256_update(wd_sha256 *s, const void *data, size_t len);
/* The same without the CPU's SHA instructions, whatever the CPU has: for tests that check the
 * two agree. */
void wd_sha256_update_portable(wd_sha256 *s, const void *data, size_t len);
void wd_sha256_final(wd_sha256 *s, uint8_t out[WD_SHA256_BYTES]);

/* The hash of one buffer. */
void wd_sha256_of(const void *data, size_t len, uint8_t out[WD_SHA256_BYTES]);

#endif
