/* A fast 64-bit checksum, for data kept on disk whose accidental damage must be noticed (a
 * compiled module's artifact). Not a cryptographic hash: where an adversary may choose the
 * data, use util/sha256.h. */
#ifndef WARDEN_UTIL_CHECKSUM_H
#define WARDEN_UTIL_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

/* The same value on every host, whatever its byte order. */
uint64_t wd_checksum64(const void *data, size_t len);

#endif
