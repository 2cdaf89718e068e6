/* The wast script runner: reads the JSON, sets up the shared store and linker, runs each command
 * and reports. The commands themselves are in wast_module.c and wast_action.c. */
#include "cli/wast.h"

#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cwast.h"
#include "cli/diag.h"
#include "cli/spectest.h"
#include "cli/textfmt.h"
#include "cli/wast_runner.h"

const char *wast_string(json_t *obj, const char *key, size_t *len)
{
    json_t *s = json_object_get(obj, key);
    if (!json_is_string(s)) return NULL;
    *len = json_string_length(s);
    return json_string_value(s);
}

typedef wast_outcome_t (*wast_command_fn)(wast_runner_t *, json_t *, char *);

static const struct {
    const char *type;
    wast_command_fn run;
} commands[] = {
    {"module", wast_cmd_module},
    {"register", wast_cmd_register},
    {"action", wast_cmd_action},
    {"assert_return", wast_cmd_assert_return},
    {"assert_trap", wast_cmd_assert_trap},
    {"assert_exhaustion", wast_cmd_assert_exhaustion},
    {"assert_invalid", wast_cmd_assert_invalid},
    {"assert_malformed", wast_cmd_assert_malformed},
    {"assert_unlinkable", wast_cmd_assert_unlinkable},
    {"assert_uninstantiable", wast_cmd_assert_uninstantiable},
};

static wast_outcome_t run_command(wast_runner_t *r, json_t *cmd, const char *type, char *reason)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(type, commands[i].type) == 0) return commands[i].run(r, cmd, reason);
    }
    snprintf(reason, WAST_REASON_MAX, "unknown command");
    return WAST_FAIL;
}

/* What a failure line names after the command type: the action's field, the module file, or the
 * name a register gives. */
static void print_subject(FILE *out, json_t *cmd)
{
    size_t len;
    const char *s = wast_string(json_object_get(cmd, "action"), "field", &len);
    if (!s) s = wast_string(cmd, "filename", &len);
    if (!s) s = wast_string(cmd, "as", &len);
    if (s) {
        fputc(' ', out);
        textfmt_escaped(out, s, len);
    }
}

static bool runner_init(wast_runner_t *r, const char *json_path, warden_tier_t tier,
                        const char *cache_dir)
{
    const char *slash = strrchr(json_path, '/');
    size_t dlen = slash ? (size_t)(slash - json_path) + 1 : 0;
    r->dir = malloc(dlen + 1);
    if (!r->dir) {
        cli_error("out of memory");
        return false;
    }
    memcpy(r->dir, json_path, dlen);
    r->dir[dlen] = '\0';
    warden_config_t config;
    warden_config_default(&config);
    config.tier = tier;
    config.cache_dir = cache_dir;
    r->tier = tier;
    warden_error_t *error = warden_engine_new_with_config(&config, &r->engine);
    if (!error) error = warden_store_new(r->engine, &r->store);
    if (!error) error = warden_linker_new(r->engine, &r->linker);
    if (!error) error = spectest_define(r->linker, r->store);
    if (error) {
        cli_error("%s", warden_error_message(error));
        warden_error_delete(error);
        return false;
    }
    return true;
}

static void runner_free(wast_runner_t *r)
{
    warden_linker_delete(r->linker);
    warden_store_delete(r->store);
    for (size_t i = 0; i < r->nmodules; i++) warden_module_delete(r->modules[i]);
    free(r->modules);
    for (size_t i = 0; i < r->nnamed; i++) free(r->named[i].name);
    free(r->named);
    warden_engine_delete(r->engine);
    free(r->dir);
}

static int run_script(wast_runner_t *r, const char *label, json_t *commands_json, FILE *out)
{
    unsigned long passed = 0, failed = 0, skipped = 0;
    char reason[WAST_REASON_MAX];
    size_t n = json_array_size(commands_json);
    for (size_t i = 0; i < n; i++) {
        json_t *cmd = json_array_get(commands_json, i);
        const char *type = json_string_value(json_object_get(cmd, "type"));
        json_int_t line = json_integer_value(json_object_get(cmd, "line"));
        reason[0] = '\0';
        wast_outcome_t outcome = WAST_FAIL;
        if (type)
            outcome = run_command(r, cmd, type, reason);
        else
            snprintf(reason, sizeof reason, "command without a type");
        if (outcome == WAST_PASS) {
            passed++;
        } else if (outcome == WAST_SKIP) {
            skipped++;
        } else {
            failed++;
            fprintf(out, "%s:%" JSON_INTEGER_FORMAT ": FAIL: %s", label, line, type ? type : "?");
            print_subject(out, cmd);
            fprintf(out, ": %s\n", reason[0] ? reason : "failed");
        }
    }
    fprintf(out, "%lu passed, %lu failed, %lu skipped\n", passed, failed, skipped);
    fflush(out);
    return failed ? CLI_EXIT_FAILURE : CLI_EXIT_OK;
}

int wast_run_file(const char *json_path, warden_tier_t tier, const char *cache_dir, FILE *out)
{
    json_error_t jerr;
    json_t *root = json_load_file(json_path, JSON_ALLOW_NUL, &jerr);
    if (!root) {
        if (jerr.line > 0)
            cli_error("%s:%d: %s", json_path, jerr.line, jerr.text);
        else
            cli_error("%s", jerr.text);
        return CLI_EXIT_FAILURE;
    }
    json_t *commands_json = json_object_get(root, "commands");
    if (!json_is_array(commands_json)) {
        cli_error("%s: no \"commands\" array", json_path);
        json_decref(root);
        return CLI_EXIT_FAILURE;
    }
    if (cwast_is_component_script(commands_json)) {
        const char *slash = strrchr(json_path, '/');
        char *dir = strndup(json_path, slash ? (size_t)(slash - json_path) + 1 : 0);
        int status = CLI_EXIT_FAILURE;
        if (dir)
            status = cwast_run(dir, json_path, tier, cache_dir, commands_json, out);
        else
            cli_error("out of memory");
        free(dir);
        json_decref(root);
        return status;
    }
    wast_runner_t r = {0};
    int status = CLI_EXIT_FAILURE;
    if (runner_init(&r, json_path, tier, cache_dir))
        status = run_script(&r, json_path, commands_json, out);
    runner_free(&r);
    json_decref(root);
    return status;
}
