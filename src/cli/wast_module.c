/* Script commands about modules: module, register, assert_invalid / assert_malformed,
 * assert_unlinkable, assert_uninstantiable. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/fileio.h"
#include "cli/wast_runner.h"
#include "cli/wast_value.h"

typedef enum load_result {
    LOAD_OK,       /* compiled */
    LOAD_REJECTED, /* the engine refused the bytes */
    LOAD_BROKEN,   /* the script is at fault: no file name, unreadable file, no memory */
} load_result_t;

/* Reads and compiles the module file named by the command's "filename". When the engine refuses
 * the module, *kind (if not NULL) is the kind of its error. */
static load_result_t load_kind(wast_runner_t *r, json_t *cmd, warden_module_t **module,
                               warden_error_kind_t *kind, char *reason)
{
    *module = NULL;
    const char *file = json_string_value(json_object_get(cmd, "filename"));
    if (!file) {
        snprintf(reason, WAST_REASON_MAX, "command without a filename");
        return LOAD_BROKEN;
    }
    size_t dlen = strlen(r->dir), flen = strlen(file);
    char *path = malloc(dlen + flen + 1);
    if (!path) {
        snprintf(reason, WAST_REASON_MAX, "out of memory");
        return LOAD_BROKEN;
    }
    memcpy(path, r->dir, dlen);
    memcpy(path + dlen, file, flen + 1);
    uint8_t *bytes;
    size_t len;
    int err = cli_read_file(path, &bytes, &len);
    if (err) {
        snprintf(reason, WAST_REASON_MAX, "cannot read %s: %s", path, strerror(err));
        free(path);
        return LOAD_BROKEN;
    }
    free(path);
    warden_error_t *error = warden_module_new(r->engine, bytes, len, module);
    free(bytes);
    if (!error && r->tier == WARDEN_TIER_LLVM && warden_module_tier(*module) != WARDEN_TIER_LLVM) {
        /* The script must test the tier it was asked to, not fall back to another. */
        snprintf(reason, WAST_REASON_MAX, "the module runs in the %s tier, not llvm",
                 warden_tier_name(warden_module_tier(*module)));
        warden_module_delete(*module);
        *module = NULL;
        return LOAD_BROKEN;
    }
    if (!error) return LOAD_OK;
    if (warden_error_kind(error) == WARDEN_ERROR_NO_MEMORY) {
        /* Not the engine refusing the module: the script cannot be judged. */
        snprintf(reason, WAST_REASON_MAX, "%s", warden_error_message(error));
        warden_error_delete(error);
        *module = NULL;
        return LOAD_BROKEN;
    }
    if (kind) *kind = warden_error_kind(error);
    int64_t offset = warden_error_offset(error);
    if (offset >= 0)
        snprintf(reason, WAST_REASON_MAX, "offset %" PRId64 ": %s", offset,
                 warden_error_message(error));
    else
        snprintf(reason, WAST_REASON_MAX, "%s", warden_error_message(error));
    warden_error_delete(error);
    *module = NULL;
    return LOAD_REJECTED;
}

static load_result_t load(wast_runner_t *r, json_t *cmd, warden_module_t **module, char *reason)
{
    return load_kind(r, cmd, module, NULL, reason);
}

/* Hands the module to the runner, which deletes it after the store. Deletes it on failure. */
static bool keep_module(wast_runner_t *r, warden_module_t *module, char *reason)
{
    if (r->nmodules == r->cap_modules) {
        size_t cap = r->cap_modules ? r->cap_modules * 2 : 16;
        warden_module_t **bigger = realloc(r->modules, cap * sizeof *bigger);
        if (!bigger) {
            warden_module_delete(module);
            snprintf(reason, WAST_REASON_MAX, "out of memory");
            return false;
        }
        r->modules = bigger;
        r->cap_modules = cap;
    }
    r->modules[r->nmodules++] = module;
    return true;
}

/* Records `instance` (NULL for a failed module) under the command's "name", if it has one. */
static bool name_instance(wast_runner_t *r, json_t *cmd, warden_instance_t *instance, char *reason)
{
    size_t len;
    const char *name = wast_string(cmd, "name", &len);
    if (!name) return true;
    if (r->nnamed == r->cap_named) {
        size_t cap = r->cap_named ? r->cap_named * 2 : 8;
        wast_named_t *bigger = realloc(r->named, cap * sizeof *bigger);
        if (!bigger) goto oom;
        r->named = bigger;
        r->cap_named = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy) goto oom;
    memcpy(copy, name, len);
    copy[len] = '\0';
    r->named[r->nnamed++] = (wast_named_t){.name = copy, .len = len, .instance = instance};
    return true;
oom:
    snprintf(reason, WAST_REASON_MAX, "out of memory");
    return false;
}

warden_instance_t *wast_target(wast_runner_t *r, json_t *module_name, char *reason)
{
    if (!module_name) {
        if (!r->current)
            snprintf(reason, WAST_REASON_MAX, "no module loaded, or the last one failed");
        return r->current;
    }
    const char *name = json_string_value(module_name);
    size_t len = json_string_length(module_name);
    /* Latest first: a name given again refers to the newer module. */
    for (size_t i = r->nnamed; name && i-- > 0;) {
        if (r->named[i].len == len && memcmp(r->named[i].name, name, len) == 0) {
            if (!r->named[i].instance)
                snprintf(reason, WAST_REASON_MAX, "module %s failed", r->named[i].name);
            return r->named[i].instance;
        }
    }
    snprintf(reason, WAST_REASON_MAX, "no module named %s", name ? name : "(not a string)");
    return NULL;
}

/* Instantiates with the shared linker. Returns the instance, or NULL with either *error or *trap.
 */
static warden_instance_t *instantiate(wast_runner_t *r, warden_module_t *module,
                                      warden_error_t **error, warden_trap_t **trap)
{
    warden_instance_t *instance = NULL;
    *trap = NULL;
    *error = warden_linker_instantiate(r->linker, r->store, module, &instance, trap);
    if (*error || *trap) return NULL;
    return instance;
}

static const char *trap_name(const warden_trap_t *trap)
{
    return warden_trap_kind_name(warden_trap_kind(trap));
}

wast_outcome_t wast_cmd_module(wast_runner_t *r, json_t *cmd, char *reason)
{
    /* Until this module is up, actions must not fall back to an older one. */
    r->current = NULL;
    warden_module_t *module;
    load_result_t loaded = load(r, cmd, &module, reason);
    warden_instance_t *instance = NULL;
    if (loaded == LOAD_OK && keep_module(r, module, reason)) {
        warden_error_t *error;
        warden_trap_t *trap;
        instance = instantiate(r, module, &error, &trap);
        if (error) {
            snprintf(reason, WAST_REASON_MAX, "instantiation failed: %s",
                     warden_error_message(error));
            warden_error_delete(error);
        } else if (trap) {
            snprintf(reason, WAST_REASON_MAX, "instantiation trapped: %s", trap_name(trap));
            warden_trap_delete(trap);
        } else if (!instance) {
            snprintf(reason, WAST_REASON_MAX, "instantiation produced no instance");
        }
    }
    char name_reason[WAST_REASON_MAX];
    if (!name_instance(r, cmd, instance, name_reason)) {
        memcpy(reason, name_reason, WAST_REASON_MAX);
        return WAST_FAIL;
    }
    r->current = instance;
    return instance ? WAST_PASS : WAST_FAIL;
}

wast_outcome_t wast_cmd_register(wast_runner_t *r, json_t *cmd, char *reason)
{
    size_t as_len;
    const char *as = wast_string(cmd, "as", &as_len);
    if (!as) {
        snprintf(reason, WAST_REASON_MAX, "register without \"as\"");
        return WAST_FAIL;
    }
    warden_instance_t *instance = wast_target(r, json_object_get(cmd, "name"), reason);
    if (!instance) return WAST_FAIL;
    warden_error_t *error = warden_linker_define_instance(r->linker, as, as_len, instance);
    if (error) {
        snprintf(reason, WAST_REASON_MAX, "%s", warden_error_message(error));
        warden_error_delete(error);
        return WAST_FAIL;
    }
    return WAST_PASS;
}

/* How a failure reason names an error kind of module creation. */
static const char *error_kind_name(warden_error_kind_t kind)
{
    switch (kind) {
    case WARDEN_ERROR_MALFORMED: return "malformed";
    case WARDEN_ERROR_INVALID: return "invalid";
    case WARDEN_ERROR_UNLINKABLE: return "unlinkable";
    case WARDEN_ERROR_LIMIT: return "limit";
    case WARDEN_ERROR_ARGUMENT: return "argument";
    case WARDEN_ERROR_NO_MEMORY: return "no memory";
    case WARDEN_ERROR_IO: return "io";
    case WARDEN_ERROR_STOPPED: return "stopped";
    }
    return "unknown";
}

/* The engine must refuse the module with an error of kind `want`. */
static wast_outcome_t assert_rejected(wast_runner_t *r, json_t *cmd, warden_error_kind_t want,
                                      char *reason)
{
    warden_module_t *module;
    warden_error_kind_t got = 0;
    switch (load_kind(r, cmd, &module, &got, reason)) {
    case LOAD_REJECTED: {
        if (got == want) return WAST_PASS;
        char why[WAST_REASON_MAX];
        memcpy(why, reason, WAST_REASON_MAX);
        snprintf(reason, WAST_REASON_MAX, "module rejected as %s, expected %s: %.900s",
                 error_kind_name(got), error_kind_name(want), why);
        return WAST_FAIL;
    }
    case LOAD_OK:
        warden_module_delete(module);
        snprintf(reason, WAST_REASON_MAX, "module was accepted");
        return WAST_FAIL;
    case LOAD_BROKEN: break;
    }
    return WAST_FAIL;
}

/* assert_malformed: a binary module must be refused as malformed. Text modules test a text parser,
 * which warden does not have: skipped. */
wast_outcome_t wast_cmd_assert_malformed(wast_runner_t *r, json_t *cmd, char *reason)
{
    const char *type = json_string_value(json_object_get(cmd, "module_type"));
    if (type && strcmp(type, "text") == 0) return WAST_SKIP;
    return assert_rejected(r, cmd, WARDEN_ERROR_MALFORMED, reason);
}

/* assert_invalid: the module must be refused as invalid. */
wast_outcome_t wast_cmd_assert_invalid(wast_runner_t *r, json_t *cmd, char *reason)
{
    const char *type = json_string_value(json_object_get(cmd, "module_type"));
    if (type && strcmp(type, "text") == 0) return WAST_SKIP;
    return assert_rejected(r, cmd, WARDEN_ERROR_INVALID, reason);
}

/* Loads a module that must compile, for the instantiation assertions. */
static warden_module_t *load_for_instantiation(wast_runner_t *r, json_t *cmd, char *reason)
{
    warden_module_t *module;
    load_result_t loaded = load(r, cmd, &module, reason);
    if (loaded == LOAD_REJECTED) {
        char why[WAST_REASON_MAX];
        memcpy(why, reason, WAST_REASON_MAX);
        snprintf(reason, WAST_REASON_MAX, "module was rejected: %.900s", why);
    }
    if (loaded != LOAD_OK || !keep_module(r, module, reason)) return NULL;
    return module;
}

wast_outcome_t wast_cmd_assert_unlinkable(wast_runner_t *r, json_t *cmd, char *reason)
{
    warden_module_t *module = load_for_instantiation(r, cmd, reason);
    if (!module) return WAST_FAIL;
    warden_error_t *error;
    warden_trap_t *trap;
    instantiate(r, module, &error, &trap);
    if (error) {
        /* Running out of memory is no link error. */
        bool oom = warden_error_kind(error) == WARDEN_ERROR_NO_MEMORY;
        if (oom)
            snprintf(reason, WAST_REASON_MAX, "expected a link error, got: %s",
                     warden_error_message(error));
        warden_error_delete(error);
        return oom ? WAST_FAIL : WAST_PASS;
    }
    if (trap) {
        snprintf(reason, WAST_REASON_MAX, "expected a link error, got trap %s", trap_name(trap));
        warden_trap_delete(trap);
    } else {
        snprintf(reason, WAST_REASON_MAX, "expected a link error, got an instance");
    }
    return WAST_FAIL;
}

wast_outcome_t wast_cmd_assert_uninstantiable(wast_runner_t *r, json_t *cmd, char *reason)
{
    warden_trap_kind_t want = wast_expected_trap(cmd, reason);
    if (!want) return WAST_FAIL;
    const char *want_name = warden_trap_kind_name(want);
    warden_module_t *module = load_for_instantiation(r, cmd, reason);
    if (!module) return WAST_FAIL;
    warden_error_t *error;
    warden_trap_t *trap;
    instantiate(r, module, &error, &trap);
    if (trap) {
        warden_trap_kind_t got = warden_trap_kind(trap);
        wast_outcome_t outcome = WAST_PASS;
        if (got != want) {
            snprintf(reason, WAST_REASON_MAX, "expected trap %s, got trap %s", want_name,
                     trap_name(trap));
            outcome = WAST_FAIL;
        }
        warden_trap_delete(trap);
        return outcome;
    }
    if (error) {
        snprintf(reason, WAST_REASON_MAX, "expected trap %s, got error: %s", want_name,
                 warden_error_message(error));
        warden_error_delete(error);
    } else {
        snprintf(reason, WAST_REASON_MAX, "expected trap %s, got an instance", want_name);
    }
    return WAST_FAIL;
}
