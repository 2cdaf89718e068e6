/* Script commands that run an action (invoke or get): action, assert_return, assert_trap,
 * assert_exhaustion. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/valfmt.h"
#include "cli/wast_runner.h"
#include "cli/wast_value.h"

typedef enum act_status {
    ACT_RETURNED,
    ACT_TRAPPED,
    ACT_FAILED, /* the action could not be carried out; the reason says why */
} act_status_t;

typedef struct act_result {
    warden_val_t *values; /* ACT_RETURNED: nvalues results */
    size_t nvalues;
    warden_trap_t *trap; /* ACT_TRAPPED */
} act_result_t;

static void act_result_free(act_result_t *res)
{
    free(res->values);
    warden_trap_delete(res->trap);
    *res = (act_result_t){0};
}

/* A script value {"type": ..., "value": ...} as an argument or, with `expect`, an expectation. A
 * v128's value is an array of lanes with a "lane_type". */
static const char *parse_value(json_t *v, bool expect, warden_val_t *arg, wast_expect_t *want)
{
    const char *type = json_string_value(json_object_get(v, "type"));
    json_t *value = json_object_get(v, "value");
    if (!type || strcmp(type, "v128") != 0) {
        if (expect) return wast_parse_expect(type, json_string_value(value), want);
        return wast_parse_arg(type, json_string_value(value), arg);
    }
    const char *lanes[16];
    size_t n = json_array_size(value);
    if (!json_is_array(value) || n > 16) return "a v128 value needs an array of at most 16 lanes";
    for (size_t i = 0; i < n; i++) lanes[i] = json_string_value(json_array_get(value, i));
    const char *lane_type = json_string_value(json_object_get(v, "lane_type"));
    if (expect) return wast_parse_v128_expect(lane_type, lanes, n, want);
    return wast_parse_v128_arg(lane_type, lanes, n, arg);
}

/* Script arguments as values of the function's parameter types. */
static bool convert_args(json_t *args, const warden_functype_t *type, warden_val_t *out,
                         char *reason)
{
    size_t n = json_array_size(args);
    if (n != type->nparams) {
        snprintf(reason, WAST_REASON_MAX, "function takes %" PRIu32 " arguments, script gives %zu",
                 type->nparams, n);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        const char *err = parse_value(json_array_get(args, i), false, &out[i], NULL);
        if (!err && out[i].kind != type->params[i])
            err = "argument type does not match the parameter";
        if (err) {
            snprintf(reason, WAST_REASON_MAX, "argument %zu: %s", i + 1, err);
            return false;
        }
    }
    return true;
}

static act_status_t invoke(wast_runner_t *r, warden_extern_t ext, json_t *action, act_result_t *res,
                           char *reason)
{
    if (ext.kind != WARDEN_EXTERN_FUNC) {
        snprintf(reason, WAST_REASON_MAX, "export is not a function");
        return ACT_FAILED;
    }
    const warden_functype_t *type = warden_func_type(ext.of.func);
    if (!type) {
        snprintf(reason, WAST_REASON_MAX, "function has no type");
        return ACT_FAILED;
    }
    /* +1: a zero-sized calloc may return NULL. */
    warden_val_t *args = calloc((size_t)type->nparams + 1, sizeof *args);
    res->values = calloc((size_t)type->nresults + 1, sizeof *res->values);
    act_status_t status = ACT_FAILED;
    if (!args || !res->values) {
        snprintf(reason, WAST_REASON_MAX, "out of memory");
        goto out;
    }
    if (!convert_args(json_object_get(action, "args"), type, args, reason)) goto out;
    for (uint32_t i = 0; i < type->nresults; i++) res->values[i].kind = type->results[i];
    res->nvalues = type->nresults;
    warden_error_t *error = warden_func_call(r->store, ext.of.func, args, type->nparams,
                                             res->values, type->nresults, &res->trap);
    if (error) {
        snprintf(reason, WAST_REASON_MAX, "call failed: %s", warden_error_message(error));
        warden_error_delete(error);
    } else {
        status = res->trap ? ACT_TRAPPED : ACT_RETURNED;
    }
out:
    free(args);
    return status;
}

/* Carries out the command's action. On return the caller frees `res` whatever the status. */
static act_status_t perform(wast_runner_t *r, json_t *cmd, act_result_t *res, char *reason)
{
    *res = (act_result_t){0};
    json_t *action = json_object_get(cmd, "action");
    const char *type = json_string_value(json_object_get(action, "type"));
    size_t field_len;
    const char *field = wast_string(action, "field", &field_len);
    if (!type || !field) {
        snprintf(reason, WAST_REASON_MAX, "malformed action");
        return ACT_FAILED;
    }
    warden_instance_t *instance = wast_target(r, json_object_get(action, "module"), reason);
    if (!instance) return ACT_FAILED;
    warden_extern_t ext;
    if (!warden_instance_export(instance, field, field_len, &ext)) {
        snprintf(reason, WAST_REASON_MAX, "no such export");
        return ACT_FAILED;
    }
    if (strcmp(type, "invoke") == 0) return invoke(r, ext, action, res, reason);
    if (strcmp(type, "get") == 0) {
        if (ext.kind != WARDEN_EXTERN_GLOBAL) {
            snprintf(reason, WAST_REASON_MAX, "export is not a global");
            return ACT_FAILED;
        }
        res->values = calloc(1, sizeof *res->values);
        if (!res->values) {
            snprintf(reason, WAST_REASON_MAX, "out of memory");
            return ACT_FAILED;
        }
        warden_global_get(ext.of.global, &res->values[0]);
        res->nvalues = 1;
        return ACT_RETURNED;
    }
    snprintf(reason, WAST_REASON_MAX, "unknown action type %s", type);
    return ACT_FAILED;
}

static const char *trap_name(const warden_trap_t *trap)
{
    return warden_trap_kind_name(warden_trap_kind(trap));
}

wast_outcome_t wast_cmd_action(wast_runner_t *r, json_t *cmd, char *reason)
{
    act_result_t res;
    act_status_t status = perform(r, cmd, &res, reason);
    if (status == ACT_TRAPPED)
        snprintf(reason, WAST_REASON_MAX, "unexpected trap %s", trap_name(res.trap));
    act_result_free(&res);
    return status == ACT_RETURNED ? WAST_PASS : WAST_FAIL;
}

/* Appends text to buf, which holds `*used` bytes, staying within `size`. */
static void append(char *buf, size_t *used, size_t size, const char *text)
{
    if (*used >= size) return;
    int n = snprintf(buf + *used, size - *used, "%s", text);
    if (n > 0) *used += (size_t)n;
}

/* "X" for one value, "(X, Y)" for any other number: the values `got` when given, each formatted
 * like its expectation among the `nwant` of `want`, else the expectations. */
static void list(const wast_expect_t *want, size_t nwant, const warden_val_t *got, size_t n,
                 char *buf, size_t size)
{
    char item[WAST_VALUE_BUF];
    size_t used = 0;
    buf[0] = '\0';
    append(buf, &used, size, n == 1 ? "" : "(");
    for (size_t i = 0; i < n; i++) {
        if (!got)
            wast_format_expect(&want[i], item, sizeof item);
        else if (i < nwant)
            wast_format_value_like(&got[i], &want[i], item, sizeof item);
        else
            wast_format_value(&got[i], item, sizeof item);
        append(buf, &used, size, i ? ", " : "");
        append(buf, &used, size, item);
    }
    append(buf, &used, size, n == 1 ? "" : ")");
}

/* Parses the command's expected values into a new array (freed by the caller). */
static wast_expect_t *parse_expected(json_t *cmd, size_t *n, char *reason)
{
    json_t *expected = json_object_get(cmd, "expected");
    *n = json_array_size(expected);
    wast_expect_t *want = calloc(*n + 1, sizeof *want);
    if (!want) {
        snprintf(reason, WAST_REASON_MAX, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < *n; i++) {
        const char *err = parse_value(json_array_get(expected, i), true, NULL, &want[i]);
        if (err) {
            snprintf(reason, WAST_REASON_MAX, "expected value %zu: %s", i + 1, err);
            free(want);
            return NULL;
        }
    }
    return want;
}

wast_outcome_t wast_cmd_assert_return(wast_runner_t *r, json_t *cmd, char *reason)
{
    size_t nwant;
    wast_expect_t *want = parse_expected(cmd, &nwant, reason);
    if (!want) return WAST_FAIL;
    act_result_t res;
    act_status_t status = perform(r, cmd, &res, reason);
    wast_outcome_t outcome = WAST_FAIL;
    /* Two lists and the words around them fit in one reason. */
    char want_text[(WAST_REASON_MAX - 32) / 2], got_text[(WAST_REASON_MAX - 32) / 2];
    if (status == ACT_TRAPPED) {
        list(want, nwant, NULL, nwant, want_text, sizeof want_text);
        snprintf(reason, WAST_REASON_MAX, "expected %s, got trap %s", want_text,
                 trap_name(res.trap));
    } else if (status == ACT_RETURNED) {
        bool ok = res.nvalues == nwant;
        for (size_t i = 0; ok && i < nwant; i++) ok = wast_match_value(&want[i], &res.values[i]);
        if (ok) {
            outcome = WAST_PASS;
        } else {
            list(want, nwant, NULL, nwant, want_text, sizeof want_text);
            list(want, nwant, res.values, res.nvalues, got_text, sizeof got_text);
            snprintf(reason, WAST_REASON_MAX, "expected %s, got %s", want_text, got_text);
        }
    }
    act_result_free(&res);
    free(want);
    return outcome;
}

/* Runs the action and checks that it traps with `want`. */
static wast_outcome_t expect_trap(wast_runner_t *r, json_t *cmd, warden_trap_kind_t want,
                                  char *reason)
{
    act_result_t res;
    act_status_t status = perform(r, cmd, &res, reason);
    wast_outcome_t outcome = WAST_FAIL;
    const char *want_name = warden_trap_kind_name(want);
    if (status == ACT_RETURNED)
        snprintf(reason, WAST_REASON_MAX, "expected trap %s, got returned", want_name);
    else if (status == ACT_TRAPPED && warden_trap_kind(res.trap) != want)
        snprintf(reason, WAST_REASON_MAX, "expected trap %s, got trap %s", want_name,
                 trap_name(res.trap));
    else if (status == ACT_TRAPPED)
        outcome = WAST_PASS;
    act_result_free(&res);
    return outcome;
}

warden_trap_kind_t wast_expected_trap(json_t *cmd, char *reason)
{
    const char *text = json_string_value(json_object_get(cmd, "text"));
    warden_trap_kind_t want = wast_trap_kind_for_text(text);
    if (!want) snprintf(reason, WAST_REASON_MAX, "unknown trap text \"%.200s\"", text ? text : "");
    return want;
}

wast_outcome_t wast_cmd_assert_trap(wast_runner_t *r, json_t *cmd, char *reason)
{
    warden_trap_kind_t want = wast_expected_trap(cmd, reason);
    return want ? expect_trap(r, cmd, want, reason) : WAST_FAIL;
}

wast_outcome_t wast_cmd_assert_exhaustion(wast_runner_t *r, json_t *cmd, char *reason)
{
    return expect_trap(r, cmd, WARDEN_TRAP_STACK_EXHAUSTED, reason);
}
