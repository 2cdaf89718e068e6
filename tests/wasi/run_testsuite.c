/* Runs one program of the official wasi-testsuite in-process and checks it against its JSON
 * (args, env, root, exit_code, stdout, stderr) and against known-failures.txt.
 *
 *   run_testsuite SUITE_DIR GROUP/NAME KNOWN_FAILURES
 *
 * `root` is copied to a fresh temporary directory, preopened as the guest's "/". The program runs
 * twice, with each of the two ways of resolving paths, and passes when both runs pass. Exits 0 when
 * the outcome matches the list: a failure that is listed, or a pass that is not. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static bool listed(const char *known, const char *id)
{
    FILE *f = fopen(known, "r");
    if (!f) return false;
    char line[1024];
    bool found = false;
    while (fgets(line, sizeof line, f)) {
        char *hash = strchr(line, '#');
        if (hash) *hash = 0;
        char *s = line, *e;
        while (*s == ' ' || *s == '\t') s++;
        e = s + strlen(s);
        while (e > s && (e[-1] == '\n' || e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) *--e = 0;
        if (!strcmp(s, id)) found = true;
    }
    fclose(f);
    return found;
}

/* True when the program passed; otherwise why it failed is in `why`. */
static bool check(const char *suite, const char *id, bool portable, char *why, size_t why_len)
{
    char wasm[4096], json_path[4096];
    snprintf(wasm, sizeof wasm, "%s/%s.wasm", suite, id);
    snprintf(json_path, sizeof json_path, "%s/%s.json", suite, id);
    json_t *spec = NULL;
    if (access(json_path, F_OK) == 0) {
        json_error_t jerr;
        spec = json_load_file(json_path, 0, &jerr);
        if (!spec) {
            snprintf(why, why_len, "%s: %s", json_path, jerr.text);
            return false;
        }
    }
    warden_wasi_config_t *cfg = NULL;
    warden_error_t *err = warden_wasi_config_new(&cfg);
    char tmp[] = "/tmp/warden-wasi-XXXXXX";
    bool have_tmp = false, ok = false;
    const char *name = strrchr(id, '/') ? strrchr(id, '/') + 1 : id;
    if (!err) err = warden_wasi_config_push_arg(cfg, name);
    if (!err) warden_wasi_config_portable_paths(cfg, portable);
    json_t *args = spec ? json_object_get(spec, "args") : NULL, *v;
    size_t i;
    const char *key;
    json_array_foreach(args, i, v)
    {
        if (!err && json_is_string(v)) err = warden_wasi_config_push_arg(cfg, json_string_value(v));
    }
    json_t *env = spec ? json_object_get(spec, "env") : NULL;
    json_object_foreach(env, key, v)
    {
        if (!err && json_is_string(v))
            err = warden_wasi_config_push_env(cfg, key, json_string_value(v));
    }
    if (!err) err = warden_wasi_config_stdin_bytes(cfg, "", 0);
    if (!err) err = warden_wasi_config_stdio_buffer(cfg, WARDEN_WASI_STDOUT, 0);
    if (!err) err = warden_wasi_config_stdio_buffer(cfg, WARDEN_WASI_STDERR, 0);
    json_t *root = spec ? json_object_get(spec, "root") : NULL;
    if (!err && json_is_string(root)) {
        if (!mkdtemp(tmp)) {
            snprintf(why, why_len, "mkdtemp failed");
            goto out;
        }
        have_tmp = true;
        char from[4096], to[4096];
        snprintf(from, sizeof from, "%s/%.*s/%s", suite, (int)(name - id - 1), id,
                 json_string_value(root));
        snprintf(to, sizeof to, "%s/root", tmp);
        if (wh_copy_tree(from, to) != 0) {
            snprintf(why, why_len, "cannot copy %s", from);
            goto out;
        }
        err = warden_wasi_config_preopen_dir(cfg, to, "/", 0);
    }
    if (err) {
        snprintf(why, why_len, "config: %s", warden_error_message(err));
        goto out;
    }
    wh_result r;
    wh_run(wasm, cfg, &r);
    fwrite(r.out, 1, r.out_len, stdout);
    fwrite(r.err, 1, r.err_len, stderr);
    json_t *jcode = spec ? json_object_get(spec, "exit_code") : NULL;
    int want = json_is_integer(jcode) ? (int)json_integer_value(jcode) : 0;
    json_t *jout = spec ? json_object_get(spec, "stdout") : NULL;
    json_t *jerr = spec ? json_object_get(spec, "stderr") : NULL;
    if (r.status != WH_EXITED) {
        snprintf(why, why_len, "%s", r.message ? r.message : "failed");
    } else if (r.exit_code != want) {
        snprintf(why, why_len, "exit code %d, expected %d", r.exit_code, want);
    } else if (json_is_string(jout) && (r.out_len != json_string_length(jout) ||
                                        memcmp(r.out, json_string_value(jout), r.out_len))) {
        snprintf(why, why_len, "stdout differs from the expected \"%s\"", json_string_value(jout));
    } else if (json_is_string(jerr) && (r.err_len != json_string_length(jerr) ||
                                        memcmp(r.err, json_string_value(jerr), r.err_len))) {
        snprintf(why, why_len, "stderr differs from the expected \"%s\"", json_string_value(jerr));
    } else {
        ok = true;
    }
    wh_result_free(&r);
out:
    warden_error_delete(err);
    warden_wasi_config_delete(cfg);
    if (have_tmp) wh_remove_tree(tmp);
    json_decref(spec);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: run_testsuite SUITE_DIR GROUP/NAME KNOWN_FAILURES\n");
        return 2;
    }
    char why[8192] = "";
    /* Twice: with the kernel's confined resolution, then with the portable walk. */
    bool ok = check(argv[1], argv[2], false, why, sizeof why);
    if (ok) {
        ok = check(argv[1], argv[2], true, why, sizeof why);
        if (!ok) {
            size_t n = strlen(why);
            snprintf(why + n, sizeof why - n, " (with the portable path walk)");
        }
    }
    bool known = listed(argv[3], argv[2]);
    if (ok && known) {
        printf("FAIL: %s passes now: remove it from %s\n", argv[2], argv[3]);
        return 1;
    }
    if (!ok && !known) {
        printf("FAIL: %s: %s\n", argv[2], why);
        return 1;
    }
    if (!ok)
        printf("%s: fails as expected (listed): %s\n", argv[2], why);
    else
        printf("%s: passed\n", argv[2]);
    return 0;
}
