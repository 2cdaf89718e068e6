/* Parsing `--invoke 'NAME(ARGS)'` for components (invoke_wave.h). */
#include "cli/invoke_wave.h"

#include <stdio.h>
#include <string.h>

const char *cli_invoke_split(const char *invoke, size_t *name_len, const char **args,
                             size_t *args_len)
{
    const char *open = strchr(invoke, '(');
    *args = NULL;
    *args_len = 0;
    if (!open) {
        *name_len = strlen(invoke);
        return NULL;
    }
    size_t len = strlen(invoke);
    while (len > 0 && (invoke[len - 1] == ' ' || invoke[len - 1] == '\t')) len--;
    if (len == 0 || invoke[len - 1] != ')') return "the arguments must end with ')'";
    *name_len = (size_t)(open - invoke);
    while (*name_len > 0 && invoke[*name_len - 1] == ' ') (*name_len)--;
    if (*name_len == 0) return "the function's name is missing before '('";
    *args = open + 1;
    *args_len = (size_t)(invoke + len - 1 - *args);
    return NULL;
}

/* The end of the WAVE value starting at s (up to a top-level ',' or the end). */
static size_t value_end(const char *s, size_t len)
{
    int depth = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '"' || c == '\'') {
            /* Skip the string or char, escapes included. */
            for (i++; i < len && s[i] != c; i++)
                if (s[i] == '\\') i++;
            continue;
        }
        if (c == '(' || c == '[' || c == '{')
            depth++;
        else if (c == ')' || c == ']' || c == '}')
            depth--;
        else if (c == ',' && depth == 0)
            return i;
    }
    return len;
}

static bool blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') return false;
    return true;
}

bool cli_invoke_args(const warden_component_functype_t *type, const char *args, size_t args_len,
                     warden_component_val_t *vals, char *msg, size_t msg_size)
{
    size_t n = warden_component_functype_param_count(type);
    size_t pos = 0, given = 0;
    bool ok = true;
    if (args && !blank(args, args_len)) {
        while (ok) {
            size_t end = pos + value_end(args + pos, args_len - pos);
            if (given < n) {
                const char *pname;
                const warden_component_type_t *ptype;
                warden_component_functype_param(type, given, &pname, &ptype);
                warden_error_t *e =
                    warden_component_val_from_wave(ptype, args + pos, end - pos, &vals[given]);
                if (e) {
                    snprintf(msg, msg_size, "argument %zu (%s): %s", given + 1, pname,
                             warden_error_message(e));
                    warden_error_delete(e);
                    ok = false;
                    break;
                }
            }
            given++;
            if (end >= args_len) break;
            pos = end + 1;
            /* A trailing comma is allowed. */
            if (blank(args + pos, args_len - pos)) break;
        }
    }
    if (ok && given != n) {
        snprintf(msg, msg_size, "the function takes %zu argument%s, got %zu", n, n == 1 ? "" : "s",
                 given);
        ok = false;
    }
    if (!ok)
        for (size_t i = 0; i < n && i < given; i++) warden_component_val_delete(&vals[i]);
    return ok;
}
