/* Compiled code kept across processes: the artifact of a compiled module, which the code cache
 * keeps under a directory and `warden compile` writes as a .cwasm file.
 *
 * An artifact holds the native code of every defined function as relocatable objects, one per
 * part of the module compiled on a thread of its own (they refer to the runtime's helpers and
 * to each other's functions by name and hold no address of the process that made them),
 * the module's WebAssembly bytes (in a .cwasm; a cache entry holds none, its module is the one
 * being created), and what the code was made for, checked before any of it is used:
 *   - the module: the SHA-256 of its bytes;
 *   - the build: the SHA-256 of warden's sources (wj_build_id), its version, LLVM's version;
 *   - the CPU: its name and the features the code may use;
 *   - the engine configuration that shapes the code: fuel metering and its costs;
 * and the parts' bounds: which functions each object defines, so that a part can be linked at
 * the first call of one of its functions without linking the others (llvm/lazy.c).
 * A checksum of everything before it ends the artifact, so a truncated or damaged one is
 * refused. It protects against accidents, not against someone who may write the cache directory
 * or hand over a .cwasm: such code runs as the host's own. */
#ifndef WARDEN_LLVM_ARTIFACT_H
#define WARDEN_LLVM_ARTIFACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/sha256.h"
#include "warden.h"

/* The first bytes of an artifact (a WebAssembly module's are "\0asm"). */
#define WJ_ARTIFACT_MAGIC "\0wdn"

/* The layout's fixed part (llvm/artifact.c): the magic, the format (u32), the module's and the
 * target's three hashes, the CPU's name (64 bytes); the module's length (u64) follows. */
#define WJ_ARTIFACT_CPU_NAME_AT (4 + 4 + 4 * WD_SHA256_BYTES)
#define WJ_ARTIFACT_HEAD (WJ_ARTIFACT_CPU_NAME_AT + 64)

/* The artifact's integers, little-endian. */
static inline void wj_put_u64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static inline uint64_t wj_get_u64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* A pack is the objects of a module's parts, each as its length (u64, little-endian), its bytes
 * and zeros up to a multiple of WJ_OBJECT_ALIGN: so when the pack starts 8 bytes past an
 * aligned address (as in a cache entry read, or a copy made so), every object is aligned. */
#define WJ_OBJECT_ALIGN 16u

static inline size_t wj_pack_entry_size(size_t n)
{
    return (8 + n + WJ_OBJECT_ALIGN - 1) / WJ_OBJECT_ALIGN * WJ_OBJECT_ALIGN;
}

/* What compiled code was made for, apart from its module. */
typedef struct wj_target {
    uint8_t build[WD_SHA256_BYTES];  /* warden's sources, version and LLVM's version */
    uint8_t cpu[WD_SHA256_BYTES];    /* the CPU's name and features */
    uint8_t config[WD_SHA256_BYTES]; /* fuel metering and its costs */
    char cpu_name[64];               /* for messages */
} wj_target;

/* An artifact read back: pointers into the bytes it was read from. */
typedef struct wj_artifact {
    uint8_t module[WD_SHA256_BYTES];
    wj_target target;
    const uint8_t *wasm; /* NULL (and wasm_len 0) in a cache entry */
    size_t wasm_len;
    const uint8_t *object; /* the objects, each as its length (u64) and its bytes */
    size_t object_len;
    /* The parts, one per object: part k defines functions bound(k) .. bound(k + 1) - 1 (nparts
     * + 1 bounds as u32, little-endian, never decreasing; wj_artifact_bound reads them). */
    const uint8_t *bounds;
    uint32_t nparts;
} wj_artifact;

static inline uint32_t wj_artifact_bound(const wj_artifact *a, uint32_t k)
{
    const uint8_t *p = a->bounds + 4 * (size_t)k;
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The target of code compiled now, in this process, for an engine of `config`. */
void wj_target_here(const warden_config_t *config, const char *cpu_name, const char *cpu_features,
                    wj_target *out);

/* Whether `bytes` start like an artifact (and not like a WebAssembly module); inline, for
 * builds without the compiled tier too (warden_is_compiled_module). */
static inline bool wj_is_artifact(const uint8_t *bytes, size_t len)
{
    return bytes && len >= 4 && memcmp(bytes, WJ_ARTIFACT_MAGIC, 4) == 0;
}

/* Writes an artifact into a new malloc'd buffer; NULL when out of memory. The pack `object`
 * holds nparts objects, part k defining functions bounds[k] .. bounds[k + 1] - 1. */
uint8_t *wj_artifact_write(const uint8_t module[WD_SHA256_BYTES], const wj_target *target,
                           const uint8_t *wasm, size_t wasm_len, const uint8_t *object,
                           size_t object_len, const uint32_t *bounds, uint32_t nparts, size_t *len);

/* Writes the checksum that ends the artifact b[0..len) (wj_artifact_write does). */
void wj_artifact_seal(uint8_t *b, size_t len);

/* Reads an artifact, checking its form (the pack's framing, and one object per part, included)
 * and checksum. On failure
 * returns a message (static text) saying what is wrong, and NULL on success. */
const char *wj_artifact_read(const uint8_t *bytes, size_t len, wj_artifact *out);

/* Why code made for `made` cannot run for `here` (a message naming the difference, written into
 * buf), or NULL when it can. */
const char *wj_target_mismatch(const wj_target *made, const wj_target *here, char *buf, size_t cap);

#endif
