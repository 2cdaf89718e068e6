/* Runs every engine a test program makes in the tier that WARDEN_TEST_TIER names (interp, llvm or
 * auto; unset: the default), so that one test program checks every tier. Linked with
 * -Wl,--wrap=warden_config_default -Wl,--wrap=warden_engine_new (target warden_test_tier). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warden.h"

void __real_warden_config_default(warden_config_t *config);
void __wrap_warden_config_default(warden_config_t *config);
warden_error_t *__wrap_warden_engine_new(warden_engine_t **out);

void __wrap_warden_config_default(warden_config_t *config)
{
    __real_warden_config_default(config);
    const char *tier = getenv("WARDEN_TEST_TIER");
    if (!config || !tier || !*tier) return;
    if (strcmp(tier, "llvm") == 0)
        config->tier = WARDEN_TIER_LLVM;
    else if (strcmp(tier, "interp") == 0)
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
