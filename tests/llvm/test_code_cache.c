/* The compiled tier's code kept across modules and processes: the code cache
 * (warden_config_t.cache_dir) and .cwasm artifacts (warden_module_serialize). A hit runs the
 * same code; anything damaged, truncated, or made for another module, build, CPU or fuel
 * configuration is never used: the cache compiles again, an artifact is refused with a message
 * saying what differs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "builder.h"
#include "temp_dir.h"
#include "exec/exec.h"
#include "llvm/artifact.h"
#include "llvm/parts.h"
#include "object/objects.h"
#include "util/sha256.h"
#include "warden.h"

static const char *wasm_dir = ".";

static uint8_t *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    uint8_t *b = NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        rewind(f);
        b = n >= 0 ? malloc((size_t)n + 1) : NULL;
        if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
            free(b);
            b = NULL;
        }
        *len = (size_t)n;
    }
    fclose(f);
    return b;
}

static void write_all(const char *path, const uint8_t *b, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static uint8_t *fixture(const char *stem, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.wasm", wasm_dir, stem);
    uint8_t *b = read_all(path, len);
    assert_non_null(b);
    return b;
}

/* An engine of `tier`, with the code cache in cache_dir (or none) and fuel metering or not,
 * that compiles on at most `threads` threads (0: one per CPU). */
static warden_engine_t *engine_threads(const char *cache_dir, bool fuel, warden_tier_t tier,
                                       uint32_t threads)
{
    warden_config_t c;
    warden_config_default(&c);
    c.tier = tier;
    c.cache_dir = cache_dir;
    c.consume_fuel = fuel;
    c.module_threads = threads;
    warden_engine_t *e = NULL;
    warden_error_t *err = warden_engine_new_with_config(&c, &e);
    assert_null(err);
    return e;
}

static warden_engine_t *engine_with(const char *cache_dir, bool fuel, warden_tier_t tier)
{
    return engine_threads(cache_dir, fuel, tier, 0);
}

static void fail_on(warden_error_t *err)
{
    if (err) fail_msg("%s", warden_error_message(err));
}

static warden_module_t *module_of(warden_engine_t *e, const uint8_t *b, size_t len)
{
    warden_module_t *m = NULL;
    fail_on(warden_module_new(e, b, len, &m));
    assert_int_equal(warden_module_tier(m), WARDEN_TIER_LLVM);
    return m;
}

/* A module from .cwasm bytes, failing the test on any error. */
static warden_module_t *artifact_of(warden_engine_t *e, const uint8_t *b, size_t len)
{
    warden_module_t *m = NULL;
    fail_on(warden_module_deserialize(e, b, len, &m));
    assert_int_equal(warden_module_tier(m), WARDEN_TIER_LLVM);
    return m;
}

/* The error making a module from these bytes gives (with warden_module_deserialize, or with
 * warden_module_new when `as_wasm`): it must be of `kind`; its message is copied into msg. */
static void refusal(warden_engine_t *e, const uint8_t *b, size_t len, bool as_wasm,
                    warden_error_kind_t kind, char *msg, size_t cap)
{
    warden_module_t *m = NULL;
    warden_error_t *err =
        as_wasm ? warden_module_new(e, b, len, &m) : warden_module_deserialize(e, b, len, &m);
    assert_null(m);
    assert_non_null(err);
    snprintf(msg, cap, "%s", warden_error_message(err));
    assert_int_equal(warden_error_kind(err), kind);
    warden_error_delete(err);
}

/* The same from .cwasm bytes, with exactly `message`. */
static void expect_refused(warden_engine_t *e, const uint8_t *b, size_t len,
                           warden_error_kind_t kind, const char *message)
{
    char msg[256];
    refusal(e, b, len, false, kind, msg, sizeof msg);
    assert_string_equal(msg, message);
}

/* The .cwasm of a module, compiled by an engine of the llvm tier without fuel metering. */
static uint8_t *compiled(const uint8_t *wasm, size_t len, size_t *alen)
{
    warden_engine_t *e = engine_with(NULL, false, WARDEN_TIER_LLVM);
    warden_module_t *m = module_of(e, wasm, len);
    uint8_t *art = NULL;
    fail_on(warden_module_serialize(m, &art, alen));
    warden_module_delete(m);
    warden_engine_delete(e);
    return art;
}

/* Calls `name`(arg) in a new store whose value stack holds max_stack_bytes (0: the default),
 * with fuel when the engine meters it; the result, or -1000 - the trap kind. */
static int32_t call_stack(warden_engine_t *e, warden_module_t *m, const char *name, int32_t arg,
                          uint64_t max_stack_bytes)
{
    warden_store_t *s = NULL;
    fail_on(warden_store_new(e, &s));
    if (max_stack_bytes) {
        warden_store_limits_t lim;
        warden_store_limits_default(&lim);
        lim.max_stack_bytes = max_stack_bytes;
        fail_on(warden_store_set_limits(s, &lim));
    }
    warden_error_t *no_fuel = warden_store_set_fuel(s, 1000000); /* an error without fuel */
    if (no_fuel) warden_error_delete(no_fuel);
    warden_linker_t *l = NULL;
    fail_on(warden_linker_new(e, &l));
    warden_instance_t *inst = NULL;
    warden_trap_t *trap = NULL;
    fail_on(warden_linker_instantiate(l, s, m, &inst, &trap));
    assert_null(trap);
    warden_func_t *f = warden_instance_export_func(inst, name);
    assert_non_null(f);
    warden_val_t a = {.kind = WARDEN_I32, .of.i32 = arg}, r = {0};
    fail_on(warden_func_call(s, f, &a, 1, &r, 1, &trap));
    int32_t out = r.of.i32;
    if (trap) {
        out = -1000 - (int32_t)warden_trap_kind(trap);
        warden_trap_delete(trap);
    }
    warden_linker_delete(l);
    warden_store_delete(s);
    return out;
}

static int32_t call(warden_engine_t *e, warden_module_t *m, const char *name, int32_t arg)
{
    return call_stack(e, m, name, arg, 0);
}

/* A new empty directory under the system's temporary one; the caller removes it (rm_tree). */
static char *temp_dir(void)
{
    char *d = temp_dir_new("warden-cache");
    assert_non_null(d);
    return d;
}

static void rm_tree(char *dir)
{
    temp_dir_remove(dir);
}

/* The entries (files) of a cache directory, and the path of the first. */
static int entries(const char *dir, char *first, size_t cap)
{
    int n = 0;
    DIR *d = opendir(dir);
    if (!d) return 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        size_t len = strlen(e->d_name);
        assert_true(len > 6 && !strcmp(e->d_name + len - 6, ".wcode"));
        if (!n++ && first) snprintf(first, cap, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    return n;
}

static void test_cache_miss_then_hit(void **state)
{
    (void)state;
    char *dir = temp_dir();
    size_t len;
    uint8_t *wasm = fixture("cache", &len);
    warden_engine_t *e = engine_with(dir, false, WARDEN_TIER_LLVM);
    warden_module_t *m = module_of(e, wasm, len);
    assert_false(warden_module_cached(m));
    assert_int_equal(call(e, m, "fib", 20), 6765);
    warden_module_delete(m);
    char path[1024];
    assert_int_equal(entries(dir, path, sizeof path), 1);
    /* An entry holds no module: it is no .cwasm. */
    size_t elen = 0;
    uint8_t *entry = read_all(path, &elen);
    assert_non_null(entry);
    expect_refused(e, entry, elen, WARDEN_ERROR_MALFORMED,
                   "compiled module: a cache entry, with no module in it");
    free(entry);

    /* The same engine, another engine: both read the entry. */
    m = module_of(e, wasm, len);
    assert_true(warden_module_cached(m));
    assert_int_equal(call(e, m, "fib", 20), 6765);
    assert_int_equal(call(e, m, "div", 0), -1000 - WARDEN_TRAP_INTEGER_DIVIDE_BY_ZERO);
    warden_module_delete(m);
    warden_engine_delete(e);
    e = engine_with(dir, false, WARDEN_TIER_LLVM);
    m = module_of(e, wasm, len);
    assert_true(warden_module_cached(m));
    assert_int_equal(call(e, m, "div", 7), 14);
    warden_module_delete(m);
    warden_engine_delete(e);

    /* Fuel metering shapes the code: another entry, and the first one stays. */
    e = engine_with(dir, true, WARDEN_TIER_LLVM);
    m = module_of(e, wasm, len);
    assert_false(warden_module_cached(m));
    assert_int_equal(call(e, m, "fib", 10), 55);
    warden_module_delete(m);
    m = module_of(e, wasm, len);
    assert_true(warden_module_cached(m));
    warden_module_delete(m);
    warden_engine_delete(e);
    assert_int_equal(entries(dir, NULL, 0), 2);

    /* An engine without a cache, or with "", neither reads nor writes one. */
    e = engine_with("", false, WARDEN_TIER_LLVM);
    m = module_of(e, wasm, len);
    assert_false(warden_module_cached(m));
    warden_module_delete(m);
    warden_engine_delete(e);
    free(wasm);
    rm_tree(dir);
}

/* The module `wasm` with a custom section of one byte, `tag`, after it: the same code, another
 * module (another hash). */
static uint8_t *tagged(const uint8_t *wasm, size_t len, char tag, size_t *out_len)
{
    uint8_t *b = malloc(len + 5);
    assert_non_null(b);
    memcpy(b, wasm, len);
    const uint8_t section[5] = {0, 3, 1, 't', (uint8_t)tag};
    memcpy(b + len, section, sizeof section);
    *out_len = len + 5;
    return b;
}

/* Compiles module `tag` in an engine whose cache in dir keeps at most max bytes; whether its
 * code came from the cache. */
static bool compile_tagged(const char *dir, uint64_t max, const uint8_t *wasm, size_t len, char tag)
{
    warden_config_t c;
    warden_config_default(&c);
    assert_true(c.cache_max_bytes == WARDEN_CACHE_DEFAULT_BYTES);
    c.tier = WARDEN_TIER_LLVM;
    c.cache_dir = dir;
    c.cache_max_bytes = max;
    warden_engine_t *e = NULL;
    fail_on(warden_engine_new_with_config(&c, &e));
    size_t n;
    uint8_t *b = tagged(wasm, len, tag, &n);
    warden_module_t *m = module_of(e, b, n);
    bool cached = warden_module_cached(m);
    assert_int_equal(call(e, m, "fib", 10), 55);
    warden_module_delete(m);
    warden_engine_delete(e);
    free(b);
    return cached;
}

/* The path of the one entry of dir that is not in `known` (n paths), copied to out. */
static void new_entry(const char *dir, char known[][1024], int n, char *out)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int found = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 6, ".wcode") != 0) continue;
        char p[1024];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        bool old = false;
        for (int i = 0; i < n; i++) old = old || !strcmp(known[i], p);
        if (!old) {
            snprintf(out, 1024, "%s", p);
            found++;
        }
    }
    closedir(d);
    assert_int_equal(found, 1);
}

static void set_time(const char *path, time_t t)
{
    struct timespec ts[2] = {{t, 0}, {t, 0}};
    assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static bool exists(const char *path)
{
    return access(path, F_OK) == 0;
}

/* The cache keeps within cache_max_bytes, the entries used least recently going first; an entry
 * read counts as used; an entry bigger than the bound is not kept; a dead writer's temporary
 * file goes, other files stay. */
static void test_cache_bounded(void **state)
{
    (void)state;
    char *dir = temp_dir();
    size_t len;
    uint8_t *wasm = fixture("cache", &len);
    char path[5][1024];
    uint64_t big = (uint64_t)1 << 40;
    assert_false(compile_tagged(dir, big, wasm, len, 'a'));
    new_entry(dir, path, 0, path[0]);
    assert_false(compile_tagged(dir, big, wasm, len, 'b'));
    new_entry(dir, path, 1, path[1]);
    struct stat st;
    assert_int_equal(stat(path[0], &st), 0);
    uint64_t one = (uint64_t)st.st_size;
    assert_int_equal(stat(path[1], &st), 0);
    assert_true((uint64_t)st.st_size == one); /* the same code, the same size */

    /* a was used long ago, b less long ago; a read now makes a the newer. */
    set_time(path[0], 1000000);
    set_time(path[1], 2000000);
    uint64_t two = 2 * one + one / 2;
    assert_true(compile_tagged(dir, two, wasm, len, 'a'));
    assert_int_equal(stat(path[0], &st), 0);
    assert_true(st.st_mtim.tv_sec > 2000000);
    /* A third entry leaves room for two: b goes. */
    assert_false(compile_tagged(dir, two, wasm, len, 'c'));
    new_entry(dir, path, 2, path[2]);
    assert_true(exists(path[0]));
    assert_false(exists(path[1]));
    assert_true(exists(path[2]));
    assert_false(compile_tagged(dir, two, wasm, len, 'b')); /* b is compiled again */
    assert_true(exists(path[1]));
    assert_int_equal(entries(dir, NULL, 0), 2); /* and the oldest of a and c went */
    assert_true(exists(path[0]) != exists(path[2]));

    /* An entry bigger than the bound is not kept, and removes nothing. */
    assert_false(compile_tagged(dir, one / 2, wasm, len, 'd'));
    assert_int_equal(entries(dir, NULL, 0), 2);

    /* A writer's temporary file an hour old goes; a fresh one, and files that are no entries,
     * stay, whatever the bound. */
    char dead[1024], live[1024], other[1024];
    snprintf(dead, sizeof dead, "%s/.tmp-1-dead", dir);
    snprintf(live, sizeof live, "%s/.tmp-1-live", dir);
    snprintf(other, sizeof other, "%s/.notes", dir);
    const char *made[3] = {dead, live, other};
    for (int i = 0; i < 3; i++) {
        FILE *f = fopen(made[i], "wb");
        assert_non_null(f);
        fputs("x", f);
        fclose(f);
    }
    set_time(dead, time(NULL) - 7200);
    set_time(other, 1000);
    assert_false(compile_tagged(dir, one, wasm, len, 'e'));
    assert_false(exists(dead));
    assert_true(exists(live));
    assert_true(exists(other));
    assert_int_equal(entries(dir, NULL, 0), 1); /* e alone fits */
    new_entry(dir, path, 0, path[4]);

    free(wasm);
    rm_tree(dir);
}

/* Every way an entry can be wrong: it is compiled again, runs right, and is replaced. */
static void test_cache_bad_entries(void **state)
{
    (void)state;
    char *dir = temp_dir();
    size_t len, olen;
    uint8_t *wasm = fixture("cache", &len), *other = fixture("cache_other", &olen);
    warden_engine_t *e = engine_with(dir, false, WARDEN_TIER_LLVM);
    warden_module_delete(module_of(e, wasm, len));
    char path[1024];
    assert_int_equal(entries(dir, path, sizeof path), 1);
    size_t n;
    uint8_t *good = read_all(path, &n);
    assert_non_null(good);

    /* The other module's entry, under this one's name. */
    warden_engine_t *e2 = engine_with(dir, false, WARDEN_TIER_LLVM);
    char other_path[1024];
    {
        char *dir2 = temp_dir();
        warden_engine_t *e3 = engine_with(dir2, false, WARDEN_TIER_LLVM);
        warden_module_delete(module_of(e3, other, olen));
        warden_engine_delete(e3);
        assert_int_equal(entries(dir2, other_path, sizeof other_path), 1);
        size_t on;
        uint8_t *ob = read_all(other_path, &on);
        assert_non_null(ob);
        write_all(path, ob, on);
        free(ob);
        rm_tree(dir2);
    }
    uint8_t *damaged = malloc(n);
    assert_non_null(damaged);
    struct {
        const char *what;
        size_t len;   /* bytes of the entry kept */
        size_t flip;  /* a byte to flip, or n for none */
        bool planted; /* the other module's entry is in place already */
        bool resign;  /* the checksum made right again after the flip */
    } cases[] = {
        {"another module's entry", 0, 0, true, false},
        {"a flipped byte in the code", n, n / 2, false, false},
        {"a flipped byte in the checksum", n, n - 1, false, false},
        {"a flipped byte in the header", n, 9, false, false},
        {"truncated", n / 2, n, false, false},
        {"empty", 0, n, false, false},
        {"one byte", 1, n, false, false},
        /* Whole, but made for another module, build, CPU or configuration (artifact.c's layout:
         * the four hashes from byte 8). */
        {"another module's hash", n, 8, false, true},
        {"another build", n, 8 + WD_SHA256_BYTES, false, true},
        {"another CPU", n, 8 + 2 * WD_SHA256_BYTES, false, true},
        {"another configuration", n, 8 + 3 * WD_SHA256_BYTES, false, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (!cases[i].planted) {
            memcpy(damaged, good, n);
            if (cases[i].flip < n) damaged[cases[i].flip] ^= 0x40;
            if (cases[i].resign) wj_artifact_seal(damaged, n);
            write_all(path, damaged, cases[i].len);
        }
        warden_module_t *m = module_of(e2, wasm, len);
        if (warden_module_cached(m)) fail_msg("%s: the entry was used", cases[i].what);
        assert_int_equal(call(e2, m, "fib", 15), 610);
        warden_module_delete(m);
        /* Replaced by a good one, which the next creation uses. */
        m = module_of(e2, wasm, len);
        if (!warden_module_cached(m)) fail_msg("%s: the entry was not replaced", cases[i].what);
        warden_module_delete(m);
        assert_int_equal(entries(dir, NULL, 0), 1);
    }
    free(damaged);
    free(good);
    warden_engine_delete(e2);
    warden_engine_delete(e);
    free(wasm);
    free(other);
    rm_tree(dir);
}

/* A cache directory that cannot be made is no error: the module is compiled, not kept. */
static void test_cache_unwritable(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char file[1024], below[1100];
    snprintf(file, sizeof file, "%s/file", dir);
    write_all(file, (const uint8_t *)"x", 1);
    snprintf(below, sizeof below, "%s/cache", file);
    size_t len;
    uint8_t *wasm = fixture("cache", &len);
    warden_engine_t *e = engine_with(below, false, WARDEN_TIER_LLVM);
    for (int i = 0; i < 2; i++) {
        warden_module_t *m = module_of(e, wasm, len);
        assert_false(warden_module_cached(m));
        assert_int_equal(call(e, m, "fib", 12), 144);
        warden_module_delete(m);
    }
    warden_engine_delete(e);
    free(wasm);
    rm_tree(dir);
}

static void test_serialize_round_trip(void **state)
{
    (void)state;
    size_t len;
    uint8_t *wasm = fixture("cache", &len);
    size_t alen = 0;
    uint8_t *art = compiled(wasm, len, &alen);
    assert_true(alen > len);

    /* Another engine of the same configuration runs it, the default tier (auto) too, and its
     * artifact is the same bytes. */
    warden_tier_t tiers[] = {WARDEN_TIER_LLVM, WARDEN_TIER_AUTO};
    for (size_t i = 0; i < 2; i++) {
        warden_engine_t *e2 = engine_with(NULL, false, tiers[i]);
        warden_module_t *m2 = artifact_of(e2, art, alen);
        assert_false(warden_module_cached(m2));
        assert_int_equal(call(e2, m2, "fib", 20), 6765);
        assert_int_equal(call(e2, m2, "div", 0), -1000 - WARDEN_TRAP_INTEGER_DIVIDE_BY_ZERO);
        uint8_t *again = NULL;
        size_t again_len = 0;
        fail_on(warden_module_serialize(m2, &again, &again_len));
        assert_int_equal(again_len, alen);
        assert_memory_equal(again, art, alen);
        warden_bytes_delete(again);
        warden_module_delete(m2);
        warden_engine_delete(e2);
    }
    warden_bytes_delete(art);
    free(wasm);
}

static void test_artifact_refused(void **state)
{
    (void)state;
    size_t len;
    uint8_t *wasm = fixture("cache", &len);
    size_t alen = 0;
    uint8_t *art = compiled(wasm, len, &alen);
    warden_engine_t *e = engine_with(NULL, false, WARDEN_TIER_LLVM);
    uint8_t *bad = malloc(alen);
    assert_non_null(bad);

    /* Fuel metering on where the code has none; the interpreter alone. */
    warden_engine_t *fuel = engine_with(NULL, true, WARDEN_TIER_LLVM);
    expect_refused(fuel, art, alen, WARDEN_ERROR_ARGUMENT,
                   "compiled module: made for another engine configuration (fuel metering or its "
                   "costs differ)");
    warden_engine_delete(fuel);
    warden_engine_t *interp = engine_with(NULL, false, WARDEN_TIER_INTERP);
    expect_refused(interp, art, alen, WARDEN_ERROR_ARGUMENT,
                   "compiled module: this engine's tier (interp) runs no native code");
    warden_engine_delete(interp);

    /* Damaged or cut anywhere. */
    for (size_t at = 4; at < alen; at += alen / 97 + 1) {
        memcpy(bad, art, alen);
        bad[at] ^= 0x01;
        char msg[256];
        refusal(e, bad, alen, false, WARDEN_ERROR_MALFORMED, msg, sizeof msg);
    }
    memcpy(bad, art, alen);
    bad[alen - 40] ^= 0x01;
    expect_refused(e, bad, alen, WARDEN_ERROR_MALFORMED, "compiled module: damaged (checksum)");
    expect_refused(e, art, 40, WARDEN_ERROR_MALFORMED, "compiled module: truncated");
    expect_refused(e, art, alen - 1, WARDEN_ERROR_MALFORMED,
                   "compiled module: truncated or with bytes after its end");

    /* The lengths that frame the objects in their pack, wrong, the checksum right: refused as
     * malformed before any object is read. */
    size_t wasm_at = WJ_ARTIFACT_HEAD, pack_at = wasm_at + 8 + len + 8;
    assert_true(alen > pack_at + 8);
    for (int i = 0; i < 2; i++) {
        memcpy(bad, art, alen);
        if (i == 0)
            bad[pack_at + 1] ^= 0x10; /* 4 KiB more */
        else
            bad[pack_at + 5] ^= 0x01; /* 1 TiB more */
        wj_artifact_seal(bad, alen);
        expect_refused(e, bad, alen, WARDEN_ERROR_MALFORMED,
                       "compiled module: its objects do not fill their pack");
    }

    /* Made by another build, for another CPU, for another module: checksum right, refused. */
    struct {
        size_t at;
        const char *message;
    } fields[] = {
        {8, "compiled module: its code is not that of its module"},
        {8 + WD_SHA256_BYTES, NULL},     /* the build: the message names the version */
        {8 + 2 * WD_SHA256_BYTES, NULL}, /* the CPU: the message names it */
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        memcpy(bad, art, alen);
        bad[fields[i].at] ^= 0x01;
        wj_artifact_seal(bad, alen);
        char msg[256];
        refusal(e, bad, alen, false, i == 0 ? WARDEN_ERROR_MALFORMED : WARDEN_ERROR_ARGUMENT, msg,
                sizeof msg);
        if (fields[i].message)
            assert_string_equal(msg, fields[i].message);
        else if (i == 1)
            assert_string_equal(
                msg,
                "compiled module: made by another build of warden (this is " WARDEN_VERSION ")");
        else
            assert_non_null(strstr(msg, "compiled module: made for another CPU ("));
    }
    free(bad);
    warden_bytes_delete(art);
    warden_engine_delete(e);
    free(wasm);
}

/* warden_module_new takes WebAssembly only: a .cwasm, made for this very engine, is malformed
 * there, so bytes from a guest or a tenant can never bring native code (nor can a component's
 * core module). */
static void test_module_new_refuses_native_code(void **state)
{
    (void)state;
    size_t len;
    uint8_t *wasm = fixture("cache", &len);
    size_t alen = 0;
    uint8_t *art = compiled(wasm, len, &alen);
    assert_true(warden_is_compiled_module(art, alen));
    assert_false(warden_is_compiled_module(wasm, len));
    assert_false(warden_is_compiled_module(art, 3));
    warden_tier_t tiers[] = {WARDEN_TIER_LLVM, WARDEN_TIER_AUTO, WARDEN_TIER_INTERP};
    for (size_t i = 0; i < 3; i++) {
        warden_engine_t *e2 = engine_with(NULL, false, tiers[i]);
        char msg[256];
        refusal(e2, art, alen, true, WARDEN_ERROR_MALFORMED, msg, sizeof msg);
        /* Nor the other way round: WebAssembly is no artifact. */
        expect_refused(e2, wasm, len, WARDEN_ERROR_MALFORMED, "not a compiled module");
        warden_engine_delete(e2);
    }
    warden_bytes_delete(art);
    free(wasm);
}

static void test_serialize_needs_compiled(void **state)
{
    (void)state;
    size_t len;
    uint8_t *wasm = fixture("cache", &len);
    warden_engine_t *e = engine_with(NULL, false, WARDEN_TIER_INTERP);
    warden_module_t *m = NULL;
    fail_on(warden_module_new(e, wasm, len, &m));
    uint8_t *art = (uint8_t *)"x";
    size_t alen = 1;
    warden_error_t *err = warden_module_serialize(m, &art, &alen);
    assert_non_null(err);
    assert_int_equal(warden_error_kind(err), WARDEN_ERROR_ARGUMENT);
    assert_null(art);
    assert_int_equal(alen, 0);
    warden_error_delete(err);
    assert_false(warden_module_cached(m));
    warden_module_delete(m);
    warden_engine_delete(e);
    free(wasm);
}

/* A module big enough to be compiled in parts: NFUNCS functions (i32) -> i32, each mixing its
 * argument with constants of its own and calling the next, so that a call of the first ("mix")
 * crosses every part, and one of the last ("tail") runs only its own. mix_from() is the same in
 * C. */
#define NFUNCS 300
#define ROUNDS 16

static uint32_t mix_from(uint32_t first, uint32_t x)
{
    for (uint32_t i = first; i < NFUNCS; i++) {
        x += i;
        for (uint32_t r = 0; r < ROUNDS; r++) x = (x * (2 * (i + r) + 1)) ^ (i * 7919u + r);
    }
    return x;
}

static uint32_t mix(uint32_t x)
{
    return mix_from(0, x);
}

static uint8_t *chain_module(size_t *len)
{
    wb_buf m = {0}, sec = {0};
    wb_header(&m);
    wb_u32(&sec, 1); /* one type: (i32) -> i32 */
    wb_byte(&sec, 0x60);
    wb_u32(&sec, 1);
    wb_byte(&sec, WB_I32);
    wb_u32(&sec, 1);
    wb_byte(&sec, WB_I32);
    wb_section(&m, 1, &sec);
    wb_u32(&sec, NFUNCS);
    for (int i = 0; i < NFUNCS; i++) wb_u32(&sec, 0);
    wb_section(&m, 3, &sec);
    wb_u32(&sec, 2);
    wb_name(&sec, "mix");
    wb_byte(&sec, 0x00);
    wb_u32(&sec, 0);
    wb_name(&sec, "tail");
    wb_byte(&sec, 0x00);
    wb_u32(&sec, NFUNCS - 1);
    wb_section(&m, 7, &sec);
    wb_u32(&sec, NFUNCS);
    for (uint32_t i = 0; i < NFUNCS; i++) {
        wb_buf body = {0};
        wb_u32(&body, 0);     /* no locals */
        wb_byte(&body, 0x20); /* local.get 0 */
        wb_u32(&body, 0);
        wb_byte(&body, 0x41); /* i32.const i */
        wb_s64(&body, (int32_t)i);
        wb_byte(&body, 0x6A); /* i32.add */
        for (uint32_t r = 0; r < ROUNDS; r++) {
            wb_byte(&body, 0x41);
            wb_s64(&body, (int32_t)(2 * (i + r) + 1));
            wb_byte(&body, 0x6C); /* i32.mul */
            wb_byte(&body, 0x41);
            wb_s64(&body, (int32_t)(i * 7919u + r));
            wb_byte(&body, 0x73); /* i32.xor */
        }
        if (i + 1 < NFUNCS) {
            wb_byte(&body, 0x10); /* call i + 1 */
            wb_u32(&body, i + 1);
        }
        wb_byte(&body, 0x0B);
        wb_u32(&sec, body.len);
        wb_bytes(&sec, body.bytes, body.len);
        wb_free(&body);
    }
    wb_section(&m, 10, &sec);
    *len = m.len;
    return m.bytes;
}

/* The objects in a .cwasm. */
static int object_count(const uint8_t *art, size_t len)
{
    wj_artifact a;
    assert_null(wj_artifact_read(art, len, &a));
    int count = 0;
    for (size_t at = 0; at < a.object_len; count++)
        at += wj_pack_entry_size((size_t)wj_get_u64(a.object + at));
    return count;
}

/* Compiled in parts of about 16 KiB of bodies, on one thread or two, from the code cache or a
 * .cwasm: the same results as the interpreter and as C, and the same code whatever the threads. */
static void test_parts(void **state)
{
    (void)state;
    size_t len;
    uint8_t *wasm = chain_module(&len);
    assert_true(len > 40000);
    char *dir = temp_dir();
    uint8_t *first = NULL;
    size_t first_len = 0;
    for (uint32_t threads = 1; threads <= 2; threads++) {
        warden_engine_t *e = engine_threads(dir, false, WARDEN_TIER_LLVM, threads);
        for (int pass = 0; pass < 2; pass++) {
            warden_module_t *m = module_of(e, wasm, len);
            assert_int_equal(warden_module_cached(m), pass == 1);
            for (int32_t x = -2; x <= 2; x++)
                assert_int_equal((uint32_t)call(e, m, "mix", x), mix((uint32_t)x));
            uint8_t *art = NULL;
            size_t alen = 0;
            fail_on(warden_module_serialize(m, &art, &alen));
            assert_true(object_count(art, alen) >= 3);
            if (!first) {
                first = art;
                first_len = alen;
            } else {
                assert_int_equal(alen, first_len);
                assert_memory_equal(art, first, alen);
            }
            warden_module_t *back = artifact_of(e, art, alen);
            assert_int_equal((uint32_t)call(e, back, "mix", 77), mix(77));
            warden_module_delete(back);
            if (art != first) warden_bytes_delete(art);
            warden_module_delete(m);
        }
        warden_engine_delete(e);
        rm_tree(dir);
        dir = temp_dir();
    }
    warden_bytes_delete(first);
    warden_engine_t *interp = engine_with(NULL, false, WARDEN_TIER_INTERP);
    warden_module_t *m = NULL;
    fail_on(warden_module_new(interp, wasm, len, &m));
    assert_int_equal((uint32_t)call(interp, m, "mix", 77), mix(77));
    warden_module_delete(m);
    warden_engine_delete(interp);
    rm_tree(dir);
    free(wasm);
}

/* Whether any function of m has lowered code. */
static bool any_lowered(const warden_module_t *m)
{
    for (uint32_t i = 0; i < m->m->nbodies; i++)
        if (atomic_load(&m->funcs[i].lowered)) return true;
    return false;
}

/* What a module of cache.wat answers, from the host: direct and indirect calls, a trap, and a
 * recursion stopped by the stack's limit, with the default stack and with a small one. */
static void answers(warden_engine_t *e, warden_module_t *m)
{
    assert_int_equal(call(e, m, "fib", 20), 6765);
    assert_int_equal(call(e, m, "via_table", 12), 144);
    assert_int_equal(call(e, m, "div", 0), -1000 - WARDEN_TRAP_INTEGER_DIVIDE_BY_ZERO);
    assert_int_equal(call(e, m, "deep", 0), -1000 - WARDEN_TRAP_STACK_EXHAUSTED);
    assert_int_equal(call_stack(e, m, "deep", 0, 16 * 1024), -1000 - WARDEN_TRAP_STACK_EXHAUSTED);
}

/* Functions of m with native code: *first the lowest (NFUNCS when none). */
static uint32_t linked_count(const warden_module_t *m, uint32_t *first)
{
    uint32_t n = 0;
    *first = NFUNCS;
    for (uint32_t i = 0; i < NFUNCS; i++) {
        if (!atomic_load(&m->funcs[i].native)) continue;
        if (!n) *first = i;
        n++;
    }
    return n;
}

/* Code found in the code cache or a .cwasm is linked part by part, at the first call of one of
 * a part's functions: a call of the last function links the last part alone (its functions only,
 * a run that ends the module), a call of the first every part; neither compiles anything. A
 * .cwasm of a module so linked is the cache's code, whole, whatever was linked. An engine that
 * lowers eagerly links all the code at once. */
static void test_hit_links_parts(void **state)
{
    (void)state;
    size_t len;
    uint8_t *wasm = chain_module(&len);
    char *dir = temp_dir();
    warden_engine_t *e = engine_with(dir, false, WARDEN_TIER_LLVM);
    warden_module_t *m = module_of(e, wasm, len);
    assert_false(warden_module_cached(m));
    uint32_t first = 0;
    assert_int_equal(linked_count(m, &first), NFUNCS);
    uint8_t *art = NULL;
    size_t alen = 0;
    fail_on(warden_module_serialize(m, &art, &alen));
    int parts = object_count(art, alen);
    assert_true(parts >= 3);
    warden_module_delete(m);

    for (int way = 0; way < 2; way++) {
        m = way == 0 ? module_of(e, wasm, len) : artifact_of(e, art, alen);
        assert_int_equal(warden_module_cached(m), way == 0);
        assert_int_equal(linked_count(m, &first), 0);
        assert_int_equal((uint32_t)call(e, m, "tail", 5), mix_from(NFUNCS - 1, 5));
        uint32_t tail = linked_count(m, &first);
        assert_true(tail >= 1 && tail < NFUNCS / 2);
        assert_int_equal(first + tail, NFUNCS); /* the last part, whole */
        /* A .cwasm of it holds all the code, none of it linked by the serialising. */
        uint8_t *again = NULL;
        size_t again_len = 0;
        fail_on(warden_module_serialize(m, &again, &again_len));
        assert_int_equal(again_len, alen);
        assert_memory_equal(again, art, alen);
        warden_bytes_delete(again);
        assert_int_equal(linked_count(m, &first), tail);
        assert_int_equal((uint32_t)call(e, m, "mix", 77), mix(77));
        assert_int_equal(linked_count(m, &first), NFUNCS);
        assert_int_equal(warden_module_cached(m), way == 0);
        warden_module_delete(m);
    }

    /* warden_module_compile links the rest. */
    m = module_of(e, wasm, len);
    assert_true(warden_module_cached(m));
    fail_on(warden_module_compile(m));
    assert_int_equal(linked_count(m, &first), NFUNCS);
    warden_module_delete(m);
    warden_engine_delete(e);

    /* Lowering eagerly: the interpreter could run a function of a part not linked yet. */
    warden_config_t c;
    warden_config_default(&c);
    c.tier = WARDEN_TIER_LLVM;
    c.cache_dir = dir;
    c.lower_eagerly = true;
    e = NULL;
    fail_on(warden_engine_new_with_config(&c, &e));
    m = module_of(e, wasm, len);
    assert_true(warden_module_cached(m));
    assert_int_equal(linked_count(m, &first), NFUNCS);
    assert_int_equal((uint32_t)call(e, m, "tail", 5), mix_from(NFUNCS - 1, 5));
    warden_module_delete(m);
    warden_engine_delete(e);

    warden_bytes_delete(art);
    rm_tree(dir);
    free(wasm);
}

/* The auto tier's compile in the background takes the part with the most samples first (the
 * first of those that tie), among those not done; then none is left. */
static void test_hottest_part(void **state)
{
    (void)state;
    const uint32_t lo[] = {0, 2, 5, 9};
    bool done[3] = {false, false, false};
    _Atomic uint32_t samples[9];
    for (int i = 0; i < 9; i++) atomic_init(&samples[i], 0);
    assert_int_equal(wj_hottest_part(lo, 3, done, NULL), 0);
    assert_int_equal(wj_hottest_part(lo, 3, done, samples), 0);
    atomic_store(&samples[6], 3); /* part 2 */
    atomic_store(&samples[3], 1); /* part 1 */
    atomic_store(&samples[4], 1);
    assert_int_equal(wj_hottest_part(lo, 3, done, samples), 2);
    atomic_store(&samples[2], 1); /* part 1 ties with part 2: the first */
    assert_int_equal(wj_hottest_part(lo, 3, done, samples), 1);
    done[1] = true;
    assert_int_equal(wj_hottest_part(lo, 3, done, samples), 2);
    done[2] = true;
    assert_int_equal(wj_hottest_part(lo, 3, done, samples), 0);
    done[0] = true;
    assert_int_equal(wj_hottest_part(lo, 3, done, samples), 3);
}

/* The auto tier compiles a module of several parts in the background, part by part, each
 * published as it comes, while the module's calls go on: every result is right whatever is
 * compiled by then, and once the compile is waited for, every function has its code. */
static void test_auto_by_parts(void **state)
{
    (void)state;
    size_t len;
    uint8_t *wasm = chain_module(&len);
    warden_config_t c;
    warden_config_default(&c);
    c.tier = WARDEN_TIER_AUTO;
    c.tier_up_threshold = 1;
    warden_engine_t *e = NULL;
    fail_on(warden_engine_new_with_config(&c, &e));
    warden_module_t *m = NULL;
    fail_on(warden_module_new(e, wasm, len, &m));
    assert_int_equal(warden_module_tier(m), WARDEN_TIER_INTERP);
    for (int32_t x = 0; x < 40; x++) {
        assert_int_equal((uint32_t)call(e, m, "tail", x), mix_from(NFUNCS - 1, (uint32_t)x));
        assert_int_equal((uint32_t)call(e, m, "mix", x), mix((uint32_t)x));
    }
    fail_on(warden_module_compile(m));
    assert_int_equal(warden_module_tier(m), WARDEN_TIER_LLVM);
    uint32_t first = 0;
    assert_int_equal(linked_count(m, &first), NFUNCS);
    assert_int_equal((uint32_t)call(e, m, "mix", 77), mix(77));
    warden_module_delete(m);
    warden_engine_delete(e);
    free(wasm);
}

/* Compiled code needs no lowered code: compiling lowers each function into a copy it frees, and
 * code linked from the code cache or a .cwasm lowers nothing, neither when the module is made nor
 * when its compiled functions run (called from the host, directly, through a table, until the
 * stack runs out). Each function has its frame's size from its part's table, the size its
 * lowered code gives. */
static void test_linked_without_lowering(void **state)
{
    (void)state;
    char *dir = temp_dir();
    size_t len;
    uint8_t *wasm = fixture("cache", &len);
    warden_engine_t *e = engine_with(dir, false, WARDEN_TIER_LLVM);
    warden_module_t *m = module_of(e, wasm, len);
    assert_false(warden_module_cached(m));
    assert_false(any_lowered(m));
    uint32_t n = m->m->nbodies, slots[8];
    assert_int_equal(n, 4);
    for (uint32_t i = 0; i < n; i++) {
        wd_decode_error err = {0};
        wc_code *k = wx_lower_copy(m, i, &err);
        assert_non_null(k);
        assert_non_null(m->funcs[i].native);
        assert_int_equal(m->funcs[i].frame_slots, k->frame_slots);
        assert_true(k->frame_slots > 0);
        slots[i] = k->frame_slots;
        free(k);
    }
    answers(e, m);
    assert_false(any_lowered(m));
    uint8_t *art = NULL;
    size_t alen = 0;
    fail_on(warden_module_serialize(m, &art, &alen));
    warden_module_delete(m);

    warden_module_t *hit = module_of(e, wasm, len);
    warden_module_t *back = artifact_of(e, art, alen);
    assert_true(warden_module_cached(hit));
    warden_module_t *linked[2] = {hit, back};
    for (int w = 0; w < 2; w++) {
        assert_false(any_lowered(linked[w]));
        /* Its one part is linked at the first call (test_hit_links_parts). */
        for (uint32_t i = 0; i < n; i++) assert_null(linked[w]->funcs[i].native);
        answers(e, linked[w]);
        for (uint32_t i = 0; i < n; i++) {
            assert_non_null(linked[w]->funcs[i].native);
            assert_int_equal(linked[w]->funcs[i].frame_slots, slots[i]);
        }
        assert_false(any_lowered(linked[w]));
        warden_module_delete(linked[w]);
    }
    warden_bytes_delete(art);
    warden_engine_delete(e);
    free(wasm);
    rm_tree(dir);
}

int main(int argc, char **argv)
{
    if (argc > 1) wasm_dir = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cache_miss_then_hit),
        cmocka_unit_test(test_cache_bad_entries),
        cmocka_unit_test(test_cache_unwritable),
        cmocka_unit_test(test_cache_bounded),
        cmocka_unit_test(test_serialize_round_trip),
        cmocka_unit_test(test_artifact_refused),
        cmocka_unit_test(test_serialize_needs_compiled),
        cmocka_unit_test(test_module_new_refuses_native_code),
        cmocka_unit_test(test_parts),
        cmocka_unit_test(test_hit_links_parts),
        cmocka_unit_test(test_hottest_part),
        cmocka_unit_test(test_auto_by_parts),
        cmocka_unit_test(test_linked_without_lowering),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
