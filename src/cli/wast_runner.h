/* The state of a running wast script, shared by the files that carry out its commands. */
#ifndef WARDEN_CLI_WAST_RUNNER_H
#define WARDEN_CLI_WAST_RUNNER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "warden.h"

/* A module given a name by the script; instance is NULL when that module failed. */
typedef struct wast_named {
    char *name;
    size_t len;
    warden_instance_t *instance;
} wast_named_t;

typedef struct wast_runner {
    char *dir; /* the script's directory with its trailing '/', or "" */
    warden_engine_t *engine;
    warden_tier_t tier; /* --tier: a module that another tier runs is a failure */
    warden_store_t *store;
    warden_linker_t *linker;
    /* Every module that was instantiated, even unsuccessfully: what a failed instantiation already
     * put into shared tables may still refer to it, so all live until the store is gone. */
    warden_module_t **modules;
    size_t nmodules, cap_modules;
    wast_named_t *named;
    size_t nnamed, cap_named;
    warden_instance_t *current; /* the target of actions without a module name; NULL if it failed */
} wast_runner_t;

typedef enum wast_outcome { WAST_PASS, WAST_FAIL, WAST_SKIP } wast_outcome_t;

#define WAST_REASON_MAX 1024

/* Each runs one command of the script. A failure's reason goes into `reason`. */
/* The trap kind named by the "text" of an assert_trap or assert_uninstantiable command; 0, with
 * the reason written, when the text names none. */
warden_trap_kind_t wast_expected_trap(json_t *cmd, char *reason);

wast_outcome_t wast_cmd_module(wast_runner_t *r, json_t *cmd, char *reason);
wast_outcome_t wast_cmd_register(wast_runner_t *r, json_t *cmd, char *reason);
wast_outcome_t wast_cmd_action(wast_runner_t *r, json_t *cmd, char *reason);
wast_outcome_t wast_cmd_assert_return(wast_runner_t *r, json_t *cmd, char *reason);
wast_outcome_t wast_cmd_assert_trap(wast_runner_t *r, json_t *cmd, char *reason);
wast_outcome_t wast_cmd_assert_exhaustion(wast_runner_t *r, json_t *cmd, char *reason);
wast_outcome_t wast_cmd_assert_invalid(wast_runner_t *r, json_t *cmd, char *reason);
wast_outcome_t wast_cmd_assert_malformed(wast_runner_t *r, json_t *cmd, char *reason);
wast_outcome_t wast_cmd_assert_unlinkable(wast_runner_t *r, json_t *cmd, char *reason);
wast_outcome_t wast_cmd_assert_uninstantiable(wast_runner_t *r, json_t *cmd, char *reason);

/* The instance an action targets: the named one, or the current one. NULL with a reason when there
 * is none or it failed. */
warden_instance_t *wast_target(wast_runner_t *r, json_t *module_name, char *reason);

/* A string member as (pointer, length), keeping embedded NULs; NULL when absent or not a string. */
const char *wast_string(json_t *obj, const char *key, size_t *len);

#endif
