/* The code cache: artifacts (llvm/artifact.h) kept as files of a directory, one per module and
 * target, named by the hash of both. */
#ifndef WARDEN_LLVM_CACHE_H
#define WARDEN_LLVM_CACHE_H

#include "llvm/artifact.h"

/* The entry's file name under the directory: 64 hex digits and ".wcode". */
#define WJ_CACHE_NAME_MAX 80
void wj_cache_name(const uint8_t module[WD_SHA256_BYTES], const wj_target *target,
                   char name[WJ_CACHE_NAME_MAX]);

/* Maps the entry for `module` and `target` from dir, read-only: its bytes (*len of them, to be
 * released with wj_cache_release) and *out pointing into them, when it exists, is whole and was
 * made for exactly this module and target. Otherwise NULL: a missing, unreadable, damaged or
 * stale entry is a miss. Entries are replaced by renaming (wj_cache_put), never rewritten in
 * place, so a mapping keeps the bytes it checked. */
const uint8_t *wj_cache_get(const char *dir, const uint8_t module[WD_SHA256_BYTES],
                            const wj_target *target, wj_artifact *out, size_t *len);
void wj_cache_release(const uint8_t *bytes, size_t len);

/* Keeps an artifact in dir (created if missing), written to a file of its own and renamed into
 * place, so a reader in another process sees the old entry or the new one, whole. Then keeps the
 * directory's entries within max_bytes (see wj_cache_trim); an artifact bigger than that is not
 * kept. Best effort: a cache that cannot be written is no error. */
void wj_cache_put(const char *dir, const uint8_t module[WD_SHA256_BYTES], const wj_target *target,
                  const uint8_t *artifact, size_t len, uint64_t max_bytes);

/* Removes entries of dir, the least recently used first (wj_cache_get marks an entry used), until
 * the rest take at most max_bytes; the entry named `keep` (or NULL) stays. Removes too the
 * temporary files of writers that have not finished within an hour (a process that died). Only
 * files named as entries or temporary files are touched. */
void wj_cache_trim(const char *dir, const char *keep, uint64_t max_bytes);

#endif
