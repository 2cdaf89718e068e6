/* `warden run`: the WASI context a command line grants — its arguments, the environment named by
 * --env/--inherit-env, the directories named by --dir, and the command's own standard streams. */
#include <stdlib.h>
#include <string.h>

#include "cli/diag.h"
#include "cli/run_wasi.h"

/* Reports a failed step; returns whether it succeeded. */
static bool ok(warden_error_t *error)
{
    if (!error) return true;
    cli_error("%s", warden_error_message(error));
    warden_error_delete(error);
    return false;
}

/* --dir HOST[::GUEST][::ro] */
static bool preopen(warden_wasi_config_t *config, const char *spec)
{
    size_t len = strlen(spec);
    uint32_t flags = 0;
    if (len > 4 && strcmp(spec + len - 4, "::ro") == 0) {
        flags = WARDEN_WASI_DIR_READONLY;
        len -= 4;
    }
    char *copy = malloc(len + 1);
    if (!copy) {
        cli_error("out of memory");
        return false;
    }
    memcpy(copy, spec, len);
    copy[len] = '\0';
    const char *guest = copy;
    char *sep = strstr(copy, "::");
    if (sep) {
        *sep = '\0';
        guest = sep + 2;
    }
    warden_error_t *error = warden_wasi_config_preopen_dir(config, copy, guest, flags);
    free(copy);
    return ok(error);
}

/* --env NAME=VALUE */
static bool set_env(warden_wasi_config_t *config, const char *spec)
{
    const char *eq = strchr(spec, '=');
    size_t n = (size_t)(eq - spec);
    char *name = malloc(n + 1);
    if (!name) {
        cli_error("out of memory");
        return false;
    }
    memcpy(name, spec, n);
    name[n] = '\0';
    warden_error_t *error = warden_wasi_config_push_env(config, name, eq + 1);
    free(name);
    return ok(error);
}

bool cli_wasi_new(const cli_run_args_t *args, warden_wasi_t **out)
{
    *out = NULL;
    warden_wasi_config_t *config;
    if (!ok(warden_wasi_config_new(&config))) return false;
    bool good = true;
    for (int i = 0; good && i < args->guest_argc; i++)
        good = ok(warden_wasi_config_push_arg(config, args->guest_argv[i]));
    if (good && args->inherit_env) good = ok(warden_wasi_config_inherit_env(config));
    for (size_t i = 0; good && i < args->nenvs; i++) good = set_env(config, args->envs[i]);
    for (size_t i = 0; good && i < args->ndirs; i++) good = preopen(config, args->dirs[i]);
    if (good) good = ok(warden_wasi_config_stdio_fd(config, WARDEN_WASI_STDIN, 0));
    if (good) good = ok(warden_wasi_config_stdio_fd(config, WARDEN_WASI_STDOUT, 1));
    if (good) good = ok(warden_wasi_config_stdio_fd(config, WARDEN_WASI_STDERR, 2));
    if (good) good = ok(warden_wasi_new(config, out));
    warden_wasi_config_delete(config);
    return good;
}
