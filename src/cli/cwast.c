/* The component script runner: components, definitions and instances, actions on their exported
 * functions with component values, and the assertions of the component test suite. */
#include "cli/cwast.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/fileio.h"
#include "cli/textfmt.h"

typedef struct cwast_named {
    char *name;
    warden_component_t *definition;        /* component definitions */
    warden_component_instance_t *instance; /* instances (NULL when it failed) */
} cwast_named_t;

typedef struct cwast {
    const char *dir;
    warden_engine_t *engine;
    warden_store_t *store;
    warden_component_linker_t *linker;
    cwast_named_t *named;
    size_t nnamed, cap;
    warden_component_instance_t *current;
} cwast_t;

typedef enum { CW_PASS, CW_FAIL, CW_SKIP } cw_outcome;

bool cwast_is_component_script(json_t *commands)
{
    size_t n = json_array_size(commands);
    for (size_t i = 0; i < n; i++) {
        const char *t = json_string_value(json_object_get(json_array_get(commands, i), "type"));
        if (t && strncmp(t, "component", 9) == 0) return true;
    }
    return false;
}

static cw_outcome failf(char *reason, const char *fmt, const char *a)
{
    snprintf(reason, CWAST_REASON_MAX, fmt, a);
    return CW_FAIL;
}

static bool remember(cwast_t *r, const char *name, warden_component_t *def,
                     warden_component_instance_t *inst)
{
    if (!name) {
        warden_component_delete(def);
        return true;
    }
    for (size_t i = 0; i < r->nnamed; i++)
        if (strcmp(r->named[i].name, name) == 0) {
            if (def) {
                warden_component_delete(r->named[i].definition);
                r->named[i].definition = def;
            } else {
                r->named[i].instance = inst;
            }
            return true;
        }
    if (r->nnamed == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        cwast_named_t *p = realloc(r->named, cap * sizeof *p);
        if (!p) return false;
        r->named = p;
        r->cap = cap;
    }
    char *copy = strdup(name);
    if (!copy) return false;
    r->named[r->nnamed++] = (cwast_named_t){copy, def, inst};
    return true;
}

static cwast_named_t *lookup(cwast_t *r, const char *name)
{
    for (size_t i = 0; name && i < r->nnamed; i++)
        if (strcmp(r->named[i].name, name) == 0) return &r->named[i];
    return NULL;
}

/* Reads the command's binary. */
static bool read_binary(cwast_t *r, json_t *cmd, uint8_t **bytes, size_t *len, char *reason)
{
    const char *file = json_string_value(json_object_get(cmd, "filename"));
    if (!file) {
        failf(reason, "%s", "command without a filename");
        return false;
    }
    size_t dl = strlen(r->dir), fl = strlen(file);
    char *path = malloc(dl + fl + 1);
    if (!path) {
        failf(reason, "%s", "out of memory");
        return false;
    }
    memcpy(path, r->dir, dl);
    memcpy(path + dl, file, fl + 1);
    int err = cli_read_file(path, bytes, len);
    if (err) snprintf(reason, CWAST_REASON_MAX, "cannot read %s: %s", path, strerror(err));
    free(path);
    return err == 0;
}

static void error_reason(warden_error_t *e, char *reason)
{
    int64_t off = warden_error_offset(e);
    if (off >= 0)
        snprintf(reason, CWAST_REASON_MAX, "offset %" PRId64 ": %s", off, warden_error_message(e));
    else
        snprintf(reason, CWAST_REASON_MAX, "%s", warden_error_message(e));
}

static warden_error_t *load(cwast_t *r, json_t *cmd, warden_component_t **out, char *reason,
                            bool *broken)
{
    uint8_t *bytes;
    size_t len;
    *out = NULL;
    *broken = false;
    if (!read_binary(r, cmd, &bytes, &len, reason)) {
        *broken = true;
        return NULL;
    }
    warden_error_t *e = warden_component_new(r->engine, bytes, len, out);
    free(bytes);
    return e;
}

static cw_outcome instantiate(cwast_t *r, warden_component_t *c, const char *name, char *reason)
{
    warden_component_instance_t *inst = NULL;
    warden_trap_t *trap = NULL;
    warden_error_t *e = warden_component_linker_instantiate(r->linker, r->store, c, &inst, &trap);
    r->current = inst;
    if (!remember(r, name, NULL, inst)) return failf(reason, "%s", "out of memory");
    if (e) {
        error_reason(e, reason);
        warden_error_delete(e);
        return CW_FAIL;
    }
    if (trap) {
        snprintf(reason, CWAST_REASON_MAX, "instantiation trapped: %s", warden_trap_message(trap));
        warden_trap_delete(trap);
        return CW_FAIL;
    }
    return CW_PASS;
}

static cw_outcome cmd_component(cwast_t *r, json_t *cmd, char *reason, bool define_only)
{
    const char *name = json_string_value(json_object_get(cmd, "name"));
    warden_component_t *c;
    bool broken;
    warden_error_t *e = load(r, cmd, &c, reason, &broken);
    if (broken) return CW_FAIL;
    if (e) {
        error_reason(e, reason);
        warden_error_delete(e);
        r->current = NULL;
        if (!define_only) remember(r, name, NULL, NULL);
        return CW_FAIL;
    }
    if (define_only) {
        if (!remember(r, name, c, NULL)) {
            warden_component_delete(c);
            return failf(reason, "%s", "out of memory");
        }
        return CW_PASS;
    }
    cw_outcome o = instantiate(r, c, name, reason);
    warden_component_delete(c);
    return o;
}

static cw_outcome cmd_instance(cwast_t *r, json_t *cmd, char *reason)
{
    const char *def = json_string_value(json_object_get(cmd, "definition"));
    cwast_named_t *n = lookup(r, def);
    if (!n || !n->definition) return failf(reason, "no component definition named %s", def);
    return instantiate(r, n->definition, json_string_value(json_object_get(cmd, "name")), reason);
}

/* Runs the command's action; *trap and *result tell how it ended. */
static cw_outcome run_action(cwast_t *r, json_t *cmd, warden_component_val_t *result,
                             bool *has_result, const warden_component_functype_t **type,
                             warden_trap_t **trap, char *reason)
{
    json_t *action = json_object_get(cmd, "action");
    const char *kind = json_string_value(json_object_get(action, "type"));
    if (!kind || strcmp(kind, "invoke") != 0)
        return failf(reason, "unknown action %s", kind ? kind : "");
    const char *module = json_string_value(json_object_get(action, "module"));
    warden_component_instance_t *inst = r->current;
    if (module) {
        cwast_named_t *n = lookup(r, module);
        inst = n ? n->instance : NULL;
    }
    if (!inst) return failf(reason, "%s", "no instance to invoke (it failed, or there is none)");
    const char *field = json_string_value(json_object_get(action, "field"));
    if (!field) return failf(reason, "%s", "invoke without a field");
    warden_component_func_t *f = warden_component_instance_func(inst, field, strlen(field));
    if (!f) return failf(reason, "no exported function named `%s`", field);
    *type = warden_component_func_type(f);
    json_t *args = json_object_get(action, "args");
    size_t n = warden_component_functype_param_count(*type);
    if (json_array_size(args) != n) return failf(reason, "%s", "wrong number of arguments");
    warden_component_val_t *vals = calloc(n + 1, sizeof *vals);
    if (!vals) return failf(reason, "%s", "out of memory");
    cw_outcome o = CW_PASS;
    size_t made = 0;
    for (; made < n; made++) {
        const char *pname;
        const warden_component_type_t *pt;
        warden_component_functype_param(*type, made, &pname, &pt);
        if (!cwast_value(pt, json_array_get(args, made), &vals[made], reason)) {
            o = CW_FAIL;
            break;
        }
    }
    if (o == CW_PASS) {
        *has_result = warden_component_functype_result(*type) != NULL;
        warden_error_t *e =
            warden_component_func_call(r->store, f, vals, n, result, *has_result ? 1 : 0, trap);
        if (e) {
            error_reason(e, reason);
            warden_error_delete(e);
            o = CW_FAIL;
        }
    }
    for (size_t i = 0; i < made; i++) warden_component_val_delete(&vals[i]);
    free(vals);
    return o;
}

static cw_outcome cmd_assert_return(cwast_t *r, json_t *cmd, char *reason, bool check)
{
    warden_component_val_t result = {.kind = WARDEN_COMPONENT_BOOL};
    bool has_result = false;
    const warden_component_functype_t *type = NULL;
    warden_trap_t *trap = NULL;
    cw_outcome o = run_action(r, cmd, &result, &has_result, &type, &trap, reason);
    if (o != CW_PASS) return o;
    if (trap) {
        snprintf(reason, CWAST_REASON_MAX, "trapped: %s", warden_trap_message(trap));
        warden_trap_delete(trap);
        return CW_FAIL;
    }
    json_t *expected = json_object_get(cmd, "expected");
    if (check && json_array_size(expected) != (has_result ? 1u : 0u)) {
        o = failf(reason, "%s", "the number of results differs from the expected one");
    } else if (check && has_result) {
        warden_component_val_t want;
        if (!cwast_value(warden_component_functype_result(type), json_array_get(expected, 0), &want,
                         reason)) {
            o = CW_FAIL;
        } else {
            if (!warden_component_val_equal(&result, &want)) {
                char *got = NULL, *exp = NULL;
                size_t gl, el;
                warden_error_t *e1 = warden_component_val_to_wave(&result, &got, &gl);
                warden_error_t *e2 = warden_component_val_to_wave(&want, &exp, &el);
                snprintf(reason, CWAST_REASON_MAX, "got %s, expected %s", got ? got : "?",
                         exp ? exp : "?");
                warden_error_delete(e1);
                warden_error_delete(e2);
                free(got);
                free(exp);
                o = CW_FAIL;
            }
            warden_component_val_delete(&want);
        }
    }
    warden_component_val_delete(&result);
    return o;
}

static cw_outcome cmd_assert_trap(cwast_t *r, json_t *cmd, char *reason)
{
    warden_component_val_t result = {.kind = WARDEN_COMPONENT_BOOL};
    bool has_result = false;
    const warden_component_functype_t *type = NULL;
    warden_trap_t *trap = NULL;
    cw_outcome o = run_action(r, cmd, &result, &has_result, &type, &trap, reason);
    warden_component_val_delete(&result);
    if (o != CW_PASS) return o;
    const char *text = json_string_value(json_object_get(cmd, "text"));
    if (!trap) return failf(reason, "returned, expected the trap \"%s\"", text ? text : "");
    const char *msg = warden_trap_message(trap);
    /* The suite's messages may carry a "wasm trap: " prefix of the engine they came from. */
    const char *want = text ? text : "";
    if (strncmp(want, "wasm trap: ", 11) == 0) want += 11;
    if (!strstr(msg, want)) {
        snprintf(reason, CWAST_REASON_MAX, "trapped with \"%s\", expected \"%s\"", msg, want);
        o = CW_FAIL;
    }
    warden_trap_delete(trap);
    return o;
}

/* assert_invalid / assert_malformed: the binary must be refused (as malformed or invalid: the
 * suite does not tell the two apart for components). Text modules test a text parser:
 * scripts/component-wast2json keeps text as text only when its parser refused it, and says so
 * (text_error); text without that word is skipped. */
static cw_outcome cmd_assert_rejected(cwast_t *r, json_t *cmd, char *reason)
{
    const char *mt = json_string_value(json_object_get(cmd, "module_type"));
    if (mt && strcmp(mt, "text") == 0)
        return json_string_value(json_object_get(cmd, "text_error")) ? CW_PASS : CW_SKIP;
    const char *kind = json_string_value(json_object_get(cmd, "kind"));
    uint8_t *bytes;
    size_t len;
    if (!read_binary(r, cmd, &bytes, &len, reason)) return CW_FAIL;
    warden_error_t *e;
    if (kind && strcmp(kind, "module") == 0) {
        warden_module_t *m = NULL;
        e = warden_module_new(r->engine, bytes, len, &m);
        warden_module_delete(m);
    } else {
        warden_component_t *c = NULL;
        e = warden_component_new(r->engine, bytes, len, &c);
        warden_component_delete(c);
    }
    free(bytes);
    if (!e) return failf(reason, "%s", "accepted, expected it to be refused");
    warden_error_kind_t k = warden_error_kind(e);
    warden_error_delete(e);
    if (k != WARDEN_ERROR_INVALID && k != WARDEN_ERROR_MALFORMED)
        return failf(reason, "%s", "refused, but not as malformed or invalid");
    return CW_PASS;
}

static cw_outcome cmd_assert_unlinkable(cwast_t *r, json_t *cmd, char *reason)
{
    warden_component_t *c;
    bool broken;
    warden_error_t *e = load(r, cmd, &c, reason, &broken);
    if (broken) return CW_FAIL;
    if (e) {
        error_reason(e, reason);
        warden_error_delete(e);
        return CW_FAIL;
    }
    warden_component_instance_t *inst = NULL;
    warden_trap_t *trap = NULL;
    e = warden_component_linker_instantiate(r->linker, r->store, c, &inst, &trap);
    warden_component_delete(c);
    warden_trap_delete(trap);
    if (!e) return failf(reason, "%s", "linked, expected an unlinkable error");
    warden_error_kind_t k = warden_error_kind(e);
    warden_error_delete(e);
    return k == WARDEN_ERROR_UNLINKABLE ? CW_PASS
                                        : failf(reason, "%s", "refused, not as unlinkable");
}

static cw_outcome run_command(cwast_t *r, json_t *cmd, const char *type, char *reason)
{
    if (!strcmp(type, "component")) return cmd_component(r, cmd, reason, false);
    if (!strcmp(type, "component_definition")) return cmd_component(r, cmd, reason, true);
    if (!strcmp(type, "component_instance")) return cmd_instance(r, cmd, reason);
    if (!strcmp(type, "assert_return")) return cmd_assert_return(r, cmd, reason, true);
    if (!strcmp(type, "action")) return cmd_assert_return(r, cmd, reason, false);
    if (!strcmp(type, "assert_trap")) return cmd_assert_trap(r, cmd, reason);
    if (!strcmp(type, "assert_invalid") || !strcmp(type, "assert_malformed"))
        return cmd_assert_rejected(r, cmd, reason);
    if (!strcmp(type, "assert_unlinkable")) return cmd_assert_unlinkable(r, cmd, reason);
    if (!strcmp(type, "skip")) return CW_SKIP;
    return failf(reason, "unknown command %s", type);
}

int cwast_run(const char *dir, const char *label, warden_tier_t tier, const char *cache_dir,
              json_t *commands, FILE *out)
{
    cwast_t r = {.dir = dir};
    warden_config_t config;
    warden_config_default(&config);
    config.tier = tier;
    config.cache_dir = cache_dir;
    warden_error_t *e = warden_engine_new_with_config(&config, &r.engine);
    if (!e) e = warden_store_new(r.engine, &r.store);
    if (!e) e = warden_component_linker_new(r.engine, &r.linker);
    if (e) {
        fprintf(stderr, "warden: error: %s\n", warden_error_message(e));
        warden_error_delete(e);
        warden_store_delete(r.store);
        warden_engine_delete(r.engine);
        return CLI_EXIT_FAILURE;
    }
    unsigned long passed = 0, failed = 0, skipped = 0;
    char reason[CWAST_REASON_MAX];
    size_t n = json_array_size(commands);
    for (size_t i = 0; i < n; i++) {
        json_t *cmd = json_array_get(commands, i);
        const char *type = json_string_value(json_object_get(cmd, "type"));
        json_int_t line = json_integer_value(json_object_get(cmd, "line"));
        reason[0] = '\0';
        cw_outcome o = type ? run_command(&r, cmd, type, reason) : failf(reason, "%s", "no type");
        if (o == CW_PASS) {
            passed++;
        } else if (o == CW_SKIP) {
            skipped++;
        } else {
            failed++;
            fprintf(out, "%s:%" JSON_INTEGER_FORMAT ": FAIL: %s", label, line, type ? type : "?");
            const char *field =
                json_string_value(json_object_get(json_object_get(cmd, "action"), "field"));
            if (!field) field = json_string_value(json_object_get(cmd, "filename"));
            if (field) {
                fputc(' ', out);
                textfmt_escaped(out, field, strlen(field));
            }
            fprintf(out, ": %s\n", reason[0] ? reason : "failed");
        }
    }
    fprintf(out, "%lu passed, %lu failed, %lu skipped\n", passed, failed, skipped);
    fflush(out);
    warden_component_linker_delete(r.linker);
    warden_store_delete(r.store);
    for (size_t i = 0; i < r.nnamed; i++) {
        free(r.named[i].name);
        warden_component_delete(r.named[i].definition);
    }
    free(r.named);
    warden_engine_delete(r.engine);
    return failed ? CLI_EXIT_FAILURE : CLI_EXIT_OK;
}
