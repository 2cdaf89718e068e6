/* Running component scripts (the JSON of scripts/component-wast2json): `warden wast` on a script
 * that holds components. */
#ifndef WARDEN_CLI_CWAST_H
#define WARDEN_CLI_CWAST_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "warden_component.h"

#define CWAST_REASON_MAX 1024

/* Whether the script's commands are a component script (it has component commands). */
bool cwast_is_component_script(json_t *commands);

/* Runs the commands; the binaries are looked up in `dir` (with its trailing '/', or ""). Prints
 * failures as "LABEL:LINE: FAIL: COMMAND FIELD: REASON" and the totals, like the core runner.
 * Returns CLI_EXIT_OK when nothing failed. */
int cwast_run(const char *dir, const char *label, warden_tier_t tier, const char *cache_dir,
              json_t *commands, FILE *out);

/* A value of `type` from its JSON form ({"type":"u32","value":"1"}, ...). */
bool cwast_value(const warden_component_type_t *type, json_t *j, warden_component_val_t *out,
                 char *reason);

#endif
