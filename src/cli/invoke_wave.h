/* `warden run --invoke 'NAME(ARGS)'` on a component: the function's name and its arguments in the
 * WebAssembly Value Encoding (WAVE). */
#ifndef WARDEN_CLI_INVOKE_WAVE_H
#define WARDEN_CLI_INVOKE_WAVE_H

#include <stddef.h>

#include "warden_component.h"

/* Splits `invoke` into the function's name (name_len bytes from `invoke`) and the text between
 * its outer parentheses (*args, *args_len; none when there are no parentheses: *args is NULL).
 * Returns NULL, or a message saying what is wrong. */
const char *cli_invoke_split(const char *invoke, size_t *name_len, const char **args,
                             size_t *args_len);

/* Parses `args` (comma-separated WAVE values, commas inside strings, chars and brackets left
 * alone) as the parameters of `type` into vals[0..nparams). On failure returns false with a
 * message in msg (the values are then freed). */
bool cli_invoke_args(const warden_component_functype_t *type, const char *args, size_t args_len,
                     warden_component_val_t *vals, char *msg, size_t msg_size);

#endif
