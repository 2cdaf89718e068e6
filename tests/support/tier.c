/* Runs every engine a test program makes in the tier that WARDEN_TEST_TIER names (interp, llvm or
 * auto; unset: the default), so that one test program checks every tier. Every module such an
 * engine makes must then run in that tier (warden_module_tier): a tier that quietly fell back to
 * the interpreter would otherwise pass every test. Linked with -Wl,--wrap= for
 * warden_config_default, warden_engine_new, warden_module_new and
 * warden_module_new_with_progress (target warden_test_tier). WARDEN_TEST_COMPILE_LAZILY=1 makes
 * the llvm tier compile each function at its first call. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warden.h"

void __real_warden_config_default(warden_config_t *config);
void __wrap_warden_config_default(warden_config_t *config);
warden_error_t *__wrap_warden_engine_new(warden_engine_t **out);
warden_error_t *__real_warden_module_new(warden_engine_t *engine, const uint8_t *bytes, size_t len,
                                         warden_module_t **out);
warden_error_t *__wrap_warden_module_new(warden_engine_t *engine, const uint8_t *bytes, size_t len,
                                         warden_module_t **out);
warden_error_t *__real_warden_module_new_with_progress(warden_engine_t *engine,
                                                       const uint8_t *bytes, size_t len,
                                                       warden_progress_t keep_going, void *env,
                                                       warden_module_t **out);
warden_error_t *__wrap_warden_module_new_with_progress(warden_engine_t *engine,
                                                       const uint8_t *bytes, size_t len,
                                                       warden_progress_t keep_going, void *env,
                                                       warden_module_t **out);

void __wrap_warden_config_default(warden_config_t *config)
{
    __real_warden_config_default(config);
    const char *tier = getenv("WARDEN_TEST_TIER");
    if (!config || !tier || !*tier) return;
    if (strcmp(tier, "llvm") == 0) {
        config->tier = WARDEN_TIER_LLVM;
        /* Code compiled by another build of the same sources (tests/CMakeLists.txt). */
        const char *cache = getenv("WARDEN_TEST_CODE_CACHE");
        if (cache && *cache) config->cache_dir = cache;
        /* Each function compiled at its first call (warden_config_t.compile_lazily). */
        const char *lazily = getenv("WARDEN_TEST_COMPILE_LAZILY");
        if (lazily && strcmp(lazily, "1") == 0) config->compile_lazily = true;
    } else if (strcmp(tier, "interp") == 0)
        config->tier = WARDEN_TIER_INTERP;
    else if (strcmp(tier, "auto") == 0)
        config->tier = WARDEN_TIER_AUTO;
    else {
        fprintf(stderr, "WARDEN_TEST_TIER=%s: not interp, llvm or auto\n", tier);
        exit(2);
    }
}

warden_error_t *__wrap_warden_engine_new(warden_engine_t **out)
{
    warden_config_t config;
    __wrap_warden_config_default(&config);
    return warden_engine_new_with_config(&config, out);
}

/* A module made under WARDEN_TEST_TIER=llvm that the compiled tier does not run ends the test. */
static warden_error_t *checked(warden_error_t *err, warden_module_t **out)
{
    const char *tier = getenv("WARDEN_TEST_TIER");
    if (!err && out && *out && tier && strcmp(tier, "llvm") == 0 &&
        warden_module_tier(*out) != WARDEN_TIER_LLVM) {
        fprintf(stderr, "WARDEN_TEST_TIER=llvm, but a module runs in the %s tier\n",
                warden_tier_name(warden_module_tier(*out)));
        exit(3);
    }
    return err;
}

warden_error_t *__wrap_warden_module_new(warden_engine_t *engine, const uint8_t *bytes, size_t len,
                                         warden_module_t **out)
{
    return checked(__real_warden_module_new(engine, bytes, len, out), out);
}

warden_error_t *__wrap_warden_module_new_with_progress(warden_engine_t *engine,
                                                       const uint8_t *bytes, size_t len,
                                                       warden_progress_t keep_going, void *env,
                                                       warden_module_t **out)
{
    return checked(__real_warden_module_new_with_progress(engine, bytes, len, keep_going, env, out),
                   out);
}
