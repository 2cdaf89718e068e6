/* fuzz_artifact: .cwasm bytes (warden_module_deserialize). A damaged, truncated or edited artifact
 * must be refused with a clean error (MALFORMED for its form, ARGUMENT for what it was made for,
 * or the module's own decoding and validation errors), never crash, leak or be half taken; an
 * artifact whose edits change nothing that matters must load and run as the original.
 *
 * The native code of an artifact is trusted like the host's own (include/warden.h): the inputs
 * never change the bytes of its objects, which LLVM's linker reads as they are. Everything around
 * them is fair game. The first byte of an input picks how the rest is used, from an artifact of
 * wat/artifact_module.wat compiled when the target starts:
 *   0  the bytes themselves, after the artifact's magic;
 *   1  edits (offset, xor) to the artifact's header and module, its checksum made right again
 *      unless the first byte's bit 4 is set, so that the checks after the checksum are reached;
 *   2  another module: the rest of the input replaces the WebAssembly, with the module's hash
 *      made to match, so that it is decoded and validated and then linked with code made for
 *      another module (never run);
 *   3  edits to the lengths that frame the objects in the pack or, with the first byte's bit 2
 *      set, to the parts' count and bounds after it, re-signed.
 * An artifact that loads has its code linked part by part at first calls: one that was edited
 * (and so is never run) has every part linked at once (warden_module_compile), which must
 * succeed or fail cleanly too.
 * Environment: WARDEN_FUZZ_DEBUG=1 prints each verdict. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "llvm/artifact.h"
#include "support/fuzz_support.h"
#include "util/sha256.h"
#include "warden.h"

static warden_engine_t *engine;
static uint8_t *base;      /* the original artifact */
static size_t base_len;    /* its length */
static size_t pack_at;     /* where its pack of objects starts */
static size_t head_len;    /* the bytes before the pack's own length: header and module */
static wj_artifact parsed; /* the original, read back (pointers into base) */
static bool debug;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    debug = fz_env_flag("WARDEN_FUZZ_DEBUG");
    warden_config_t config;
    warden_config_default(&config);
    config.tier = WARDEN_TIER_LLVM;
    fz_check(warden_engine_new_with_config(&config, &engine), "warden_engine_new");
    size_t len = 0;
    uint8_t *wasm = fz_read_file(WARDEN_FUZZ_ARTIFACT_MODULE, &len);
    if (!wasm) fz_fail("cannot read %s", WARDEN_FUZZ_ARTIFACT_MODULE);
    warden_module_t *m = NULL;
    fz_check(warden_module_new(engine, wasm, len, &m), "warden_module_new");
    fz_check(warden_module_serialize(m, &base, &base_len), "warden_module_serialize");
    warden_module_delete(m);
    free(wasm);
    if (wj_artifact_read(base, base_len, &parsed)) fz_fail("the artifact made does not read");
    pack_at = (size_t)(parsed.object - base);
    head_len = pack_at - 8;
    return 0;
}

/* f(x) = 2x + 9 in a fresh store: the artifact's code works. */
static void run_original(warden_module_t *m)
{
    warden_store_t *s = NULL;
    fz_check(warden_store_new(engine, &s), "warden_store_new");
    warden_linker_t *l = NULL;
    fz_check(warden_linker_new(engine, &l), "warden_linker_new");
    warden_instance_t *inst = NULL;
    warden_trap_t *trap = NULL;
    fz_check(warden_linker_instantiate(l, s, m, &inst, &trap), "instantiate");
    if (trap) fz_fail("instantiating the original module trapped");
    warden_func_t *f = warden_instance_export_func(inst, "f");
    if (!f) fz_fail("the original module has no export f");
    warden_val_t a = {.kind = WARDEN_I32, .of.i32 = 20}, r = {0};
    fz_check(warden_func_call(s, f, &a, 1, &r, 1, &trap), "call");
    if (trap || r.of.i32 != 49) fz_fail("the original module's f(20) is %" PRId32, r.of.i32);
    warden_linker_delete(l);
    warden_store_delete(s);
}

/* Deserializes b. `same` says the edits changed nothing the engine reads but the CPU's name (a
 * message's text): then it must load and run; otherwise it may load or be refused cleanly. */
static void verdict(const uint8_t *b, size_t len, bool same)
{
    warden_module_t *m = NULL;
    warden_error_t *err = warden_module_deserialize(engine, b, len, &m);
    if (debug)
        fprintf(stderr, "fuzz_artifact: %zu bytes: %s\n", len,
                err ? warden_error_message(err) : "loaded");
    if (err) {
        warden_error_kind_t k = warden_error_kind(err);
        const char *msg = warden_error_message(err);
        if (m) fz_fail("an error and a module");
        if (!msg || !msg[0]) fz_fail("an error without a message");
        if (k != WARDEN_ERROR_MALFORMED && k != WARDEN_ERROR_ARGUMENT && k != WARDEN_ERROR_INVALID)
            fz_fail("error of kind %d: %s", (int)k, msg);
        if (same) fz_fail("an artifact with nothing changed is refused: %s", msg);
        warden_error_delete(err);
        return;
    }
    if (!m) fz_fail("no error and no module");
    if (warden_module_tier(m) != WARDEN_TIER_LLVM) fz_fail("a deserialized module not compiled");
    if (same) {
        run_original(m);
    } else if ((err = warden_module_compile(m))) {
        const char *msg = warden_error_message(err);
        if (debug) fprintf(stderr, "fuzz_artifact: linking every part: %s\n", msg);
        if (!msg || !msg[0]) fz_fail("an error without a message");
        warden_error_delete(err);
    }
    warden_module_delete(m);
}

/* Edits (offset, xor) to b[lo, hi); true when one changed a byte outside [quiet_lo, quiet_hi). */
static bool edit(fz_input_t *in, uint8_t *b, size_t lo, size_t hi, size_t quiet_lo, size_t quiet_hi)
{
    bool changed = false;
    while (fz_more(in) && hi > lo) {
        size_t at = lo + fz_below(in, (uint32_t)(hi - lo));
        uint8_t x = fz_u8(in);
        b[at] ^= x;
        if (x && (at < quiet_lo || at >= quiet_hi)) changed = true;
    }
    return changed;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    fz_input_t in = {data + 1, size - 1, 0};
    uint8_t how = data[0];
    switch (how & 3) {
    case 0: {
        uint8_t *b = malloc(size + 3);
        if (!b) return 0;
        memcpy(b, WJ_ARTIFACT_MAGIC, 4);
        memcpy(b + 4, data + 1, size - 1);
        verdict(b, size + 3, false);
        free(b);
        break;
    }
    case 1: {
        uint8_t *b = malloc(base_len);
        if (!b) return 0;
        memcpy(b, base, base_len);
        /* The CPU's name, 64 bytes after the magic, format and four hashes, is only shown. */
        size_t name_at = WJ_ARTIFACT_CPU_NAME_AT;
        bool changed = edit(&in, b, 0, head_len, name_at, name_at + 63);
        if (!(how & 0x10)) wj_artifact_seal(b, base_len);
        verdict(b, base_len, !changed && !(how & 0x10 && memcmp(b, base, base_len) != 0));
        free(b);
        break;
    }
    case 2: {
        /* The header as it is, then the input as the module, then the original pack and
         * parts. */
        size_t wasm_len = size - 1, head = WJ_ARTIFACT_HEAD;
        size_t parts_len = 4 + 4 * ((size_t)parsed.nparts + 1);
        size_t len = head + 8 + wasm_len + 8 + parsed.object_len + parts_len + 8;
        uint8_t *b = malloc(len);
        if (!b) return 0;
        memcpy(b, base, head);
        wd_sha256_of(data + 1, wasm_len, b + 8);
        wj_put_u64(b + head, wasm_len);
        memcpy(b + head + 8, data + 1, wasm_len);
        wj_put_u64(b + head + 8 + wasm_len, parsed.object_len);
        memcpy(b + head + 16 + wasm_len, parsed.object, parsed.object_len);
        memcpy(b + head + 16 + wasm_len + parsed.object_len, parsed.object + parsed.object_len,
               parts_len);
        wj_artifact_seal(b, len);
        verdict(b, len, false);
        free(b);
        break;
    }
    default: {
        uint8_t *b = malloc(base_len);
        if (!b) return 0;
        memcpy(b, base, base_len);
        if (how & 4) {
            /* The parts' count and their bounds (u32 each), after the pack. */
            size_t first = (size_t)(parsed.object + parsed.object_len - base);
            uint32_t n = parsed.nparts + 2;
            while (fz_more(&in)) {
                uint8_t *p = b + first + 4 * (size_t)fz_below(&in, n);
                for (int i = 0; i < 4; i++) p[i] ^= fz_u8(&in);
            }
            wj_artifact_seal(b, base_len);
            verdict(b, base_len, false);
            free(b);
            break;
        }
        /* The pack's own length, and the length before each object. */
        size_t at[16], n = 0;
        at[n++] = pack_at - 8;
        for (size_t p = pack_at; n < 16 && p + 8 <= pack_at + parsed.object_len;) {
            at[n++] = p;
            uint64_t olen = wj_get_u64(base + p);
            p += wj_pack_entry_size((size_t)olen);
        }
        while (fz_more(&in)) {
            size_t i = fz_below(&in, (uint32_t)n);
            uint64_t x = fz_u64(&in);
            wj_put_u64(b + at[i], wj_get_u64(b + at[i]) ^ x);
        }
        wj_artifact_seal(b, base_len);
        verdict(b, base_len, false);
        free(b);
        break;
    }
    }
    return 0;
}
