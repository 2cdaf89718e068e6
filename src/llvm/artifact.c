/* The artifact of a compiled module (llvm/artifact.h). Its layout, integers little-endian:
 *   "\0wdn", format (u32)
 *   module, build, cpu, config: 32 bytes each
 *   the CPU's name: 64 bytes, NUL-padded
 *   wasm length (u64), wasm bytes
 *   objects' length (u64), the objects: each as its length (u64) and its bytes
 *   parts (u32), their bounds: parts + 1 of them (u32), never decreasing
 *   checksum (u64, util/checksum.h) of all the above */
#include "llvm/artifact.h"
#include "util/checksum.h"

#include <llvm-c/Core.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Made by the build (cmake/WardenBuildId.cmake). */
extern const char wj_build_id[];

#define FORMAT 2u
#define HEAD WJ_ARTIFACT_HEAD

static void put_u32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_u32(const uint8_t *p)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) v |= (uint32_t)p[i] << (8 * i);
    return v;
}

static void hash_u32(wd_sha256 *s, uint32_t v)
{
    uint8_t b[4];
    put_u32(b, v);
    wd_sha256_update(s, b, sizeof b);
}

static void hash_text(wd_sha256 *s, const char *t)
{
    size_t n = strlen(t);
    hash_u32(s, (uint32_t)n);
    wd_sha256_update(s, t, n);
}

void wj_target_here(const warden_config_t *config, const char *cpu_name, const char *cpu_features,
                    wj_target *out)
{
    memset(out, 0, sizeof *out);
    wd_sha256 s;
    wd_sha256_init(&s);
    hash_text(&s, wj_build_id);
    hash_text(&s, WARDEN_VERSION);
    unsigned major, minor, patch;
    LLVMGetVersion(&major, &minor, &patch);
    hash_u32(&s, major);
    hash_u32(&s, minor);
    hash_u32(&s, patch);
    wd_sha256_final(&s, out->build);

    wd_sha256_init(&s);
    hash_text(&s, cpu_name);
    hash_text(&s, cpu_features);
    wd_sha256_final(&s, out->cpu);
    snprintf(out->cpu_name, sizeof out->cpu_name, "%s", cpu_name);

    /* Everything of the configuration the lowered or compiled code depends on. */
    wd_sha256_init(&s);
    hash_u32(&s, config->consume_fuel);
    if (config->consume_fuel) {
        hash_u32(&s, config->fuel.default_cost);
        hash_u32(&s, config->fuel.control_cost);
        hash_u32(&s, config->fuel.bulk_unit);
    }
    wd_sha256_final(&s, out->config);
}

uint8_t *wj_artifact_write(const uint8_t module[WD_SHA256_BYTES], const wj_target *target,
                           const uint8_t *wasm, size_t wasm_len, const uint8_t *object,
                           size_t object_len, const uint32_t *bounds, uint32_t nparts, size_t *len)
{
    size_t total = HEAD + 8 + wasm_len + 8 + object_len + 4 + 4 * ((size_t)nparts + 1) + 8;
    uint8_t *b = malloc(total);
    if (!b) return NULL;
    uint8_t *p = b;
    memcpy(p, WJ_ARTIFACT_MAGIC, 4);
    put_u32(p + 4, FORMAT);
    p += 8;
    memcpy(p, module, WD_SHA256_BYTES);
    memcpy(p + WD_SHA256_BYTES, target->build, WD_SHA256_BYTES);
    memcpy(p + 2 * WD_SHA256_BYTES, target->cpu, WD_SHA256_BYTES);
    memcpy(p + 3 * WD_SHA256_BYTES, target->config, WD_SHA256_BYTES);
    p += 4 * WD_SHA256_BYTES;
    memset(p, 0, 64);
    memcpy(p, target->cpu_name, strlen(target->cpu_name)); /* at most 63: snprintf'd */
    p += 64;
    wj_put_u64(p, wasm_len);
    if (wasm_len) memcpy(p + 8, wasm, wasm_len);
    p += 8 + wasm_len;
    wj_put_u64(p, object_len);
    if (object_len) memcpy(p + 8, object, object_len);
    p += 8 + object_len;
    put_u32(p, nparts);
    for (uint32_t k = 0; k <= nparts; k++) put_u32(p + 4 + 4 * (size_t)k, bounds[k]);
    wj_artifact_seal(b, total);
    *len = total;
    return b;
}

void wj_artifact_seal(uint8_t *b, size_t len)
{
    wj_put_u64(b + len - 8, wd_checksum64(b, len - 8));
}

const char *wj_artifact_read(const uint8_t *bytes, size_t len, wj_artifact *out)
{
    memset(out, 0, sizeof *out);
    if (!wj_is_artifact(bytes, len)) return "not a compiled module";
    if (len < HEAD + 8 + 8 + 8 + 8) return "compiled module: truncated";
    if (get_u32(bytes + 4) != FORMAT) return "compiled module: a format this build does not read";
    const uint8_t *p = bytes + 8, *end = bytes + len - 8;
    memcpy(out->module, p, WD_SHA256_BYTES);
    memcpy(out->target.build, p + WD_SHA256_BYTES, WD_SHA256_BYTES);
    memcpy(out->target.cpu, p + 2 * WD_SHA256_BYTES, WD_SHA256_BYTES);
    memcpy(out->target.config, p + 3 * WD_SHA256_BYTES, WD_SHA256_BYTES);
    p += 4 * WD_SHA256_BYTES;
    memcpy(out->target.cpu_name, p, 63);
    out->target.cpu_name[63] = 0;
    p += 64;
    /* Each length is checked against what is left before it is used. */
    uint64_t n = wj_get_u64(p);
    p += 8;
    if (n > (uint64_t)(end - p) || (uint64_t)(end - p) - n < 8) return "compiled module: truncated";
    out->wasm = n ? p : NULL;
    out->wasm_len = (size_t)n;
    p += n;
    n = wj_get_u64(p);
    p += 8;
    if (n > (uint64_t)(end - p) || (uint64_t)(end - p) - n < 8) return "compiled module: truncated";
    out->object = p;
    out->object_len = (size_t)n;
    p += n;
    uint32_t nparts = get_u32(p);
    p += 4;
    if ((uint64_t)nparts + 1 != (uint64_t)(end - p) / 4 || (end - p) % 4)
        return "compiled module: truncated or with bytes after its end";
    out->bounds = p;
    out->nparts = nparts;
    if (wd_checksum64(bytes, len - 8) != wj_get_u64(end))
        return "compiled module: damaged (checksum)";
    /* The pack's entries fill it exactly, one per part, and the bounds never decrease. */
    uint32_t count = 0;
    for (size_t at = 0; at < out->object_len; count++) {
        size_t left = out->object_len - at;
        if (left < 8 || wj_get_u64(out->object + at) > left - 8 ||
            wj_pack_entry_size((size_t)wj_get_u64(out->object + at)) > left)
            return "compiled module: its objects do not fill their pack";
        at += wj_pack_entry_size((size_t)wj_get_u64(out->object + at));
    }
    if (count != nparts) return "compiled module: its parts and its objects do not match";
    for (uint32_t k = 0; k < nparts; k++)
        if (wj_artifact_bound(out, k) > wj_artifact_bound(out, k + 1))
            return "compiled module: its parts' bounds decrease";
    return NULL;
}

const char *wj_target_mismatch(const wj_target *made, const wj_target *here, char *buf, size_t cap)
{
    if (memcmp(made->build, here->build, WD_SHA256_BYTES) != 0)
        snprintf(buf, cap, "compiled module: made by another build of warden (this is %s)",
                 WARDEN_VERSION);
    else if (memcmp(made->cpu, here->cpu, WD_SHA256_BYTES) != 0)
        snprintf(buf, cap, "compiled module: made for another CPU (%s; this one is %s)",
                 made->cpu_name, here->cpu_name);
    else if (memcmp(made->config, here->config, WD_SHA256_BYTES) != 0)
        snprintf(buf, cap,
                 "compiled module: made for another engine configuration (fuel metering or its "
                 "costs differ)");
    else
        return NULL;
    return buf;
}
