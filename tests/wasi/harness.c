/* Running a WASI command in-process, and file-system helpers for the WASI tests. */
#include "harness.h"
#include "read_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *fmt(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(NULL, 0, f, ap);
    va_end(ap);
    char *s = malloc((size_t)n + 1);
    if (!s) return NULL;
    va_start(ap, f);
    vsnprintf(s, (size_t)n + 1, f, ap);
    va_end(ap);
    return s;
}

static uint8_t *copy_out(const uint8_t *p, size_t n)
{
    if (!p) return NULL;
    uint8_t *d = malloc(n + 1);
    if (!d) return NULL;
    if (n) memcpy(d, p, n);
    d[n] = 0;
    return d;
}

/* The engine and module of the program run last, kept for the next run of the same bytes: a
 * program run twice (the path walks of run_guest, the cases of test_wasi_api) is compiled once in
 * the compiled tier. A module is not changed by running it. */
static struct {
    uint8_t *bytes;
    size_t len;
    warden_engine_t *engine;
    warden_module_t *module;
} last;

static void forget_last(void)
{
    warden_module_delete(last.module);
    warden_engine_delete(last.engine);
    free(last.bytes);
    memset(&last, 0, sizeof last);
}

/* The engine and module of `bytes` (kept in `last`), or an error. */
static warden_error_t *load(const uint8_t *bytes, size_t len)
{
    if (last.module && last.len == len && memcmp(last.bytes, bytes, len) == 0) return NULL;
    static bool registered;
    if (!registered) registered = atexit(forget_last) == 0;
    forget_last();
    warden_error_t *err = warden_engine_new(&last.engine);
    if (!err) err = warden_module_new(last.engine, bytes, len, &last.module);
    if (!err && !(last.bytes = copy_out(bytes, len)))
        err = warden_error_new(WARDEN_ERROR_ARGUMENT, "out of memory");
    last.len = len;
    if (err) forget_last();
    return err;
}

void wh_run(const char *wasm, const warden_wasi_config_t *config, wh_result *res)
{
    memset(res, 0, sizeof *res);
    warden_engine_t *engine = NULL;
    warden_module_t *module = NULL;
    warden_store_t *store = NULL;
    warden_linker_t *linker = NULL;
    warden_instance_t *instance = NULL;
    warden_wasi_t *wasi = NULL;
    warden_trap_t *trap = NULL;
    size_t len = 0;
    uint8_t *bytes = read_whole_file(wasm, &len);
    res->status = WH_FAILED;
    if (!bytes) {
        res->message = fmt("cannot read %s: %s", wasm, strerror(errno));
        return;
    }
    warden_error_t *err = load(bytes, len);
    engine = last.engine;
    module = last.module;
    if (!err) err = warden_store_new(engine, &store);
    if (!err) err = warden_linker_new(engine, &linker);
    if (!err) err = warden_wasi_new(config, &wasi);
    if (!err) err = warden_wasi_define(wasi, linker, store);
    if (!err) err = warden_linker_instantiate(linker, store, module, &instance, &trap);
    if (!err && !trap) {
        warden_func_t *start = warden_instance_export_func(instance, "_start");
        if (!start)
            res->message = fmt("no _start");
        else
            err = warden_func_call(store, start, NULL, 0, NULL, 0, &trap);
    }
    int code = 0;
    if (err) {
        res->message = fmt("error: %s", warden_error_message(err));
    } else if (res->message) {
        /* no _start */
    } else if (wasi && warden_wasi_exit_code(wasi, &code)) {
        res->status = WH_EXITED;
        res->exit_code = code;
    } else if (trap) {
        res->status = WH_TRAPPED;
        res->message = fmt("trap: %s: %s", warden_trap_kind_name(warden_trap_kind(trap)),
                           warden_trap_message(trap));
    } else {
        res->status = WH_EXITED;
    }
    if (wasi) {
        size_t n;
        const uint8_t *p = warden_wasi_output(wasi, WARDEN_WASI_STDOUT, &n);
        res->out = copy_out(p, n);
        res->out_len = res->out ? n : 0;
        p = warden_wasi_output(wasi, WARDEN_WASI_STDERR, &n);
        res->err = copy_out(p, n);
        res->err_len = res->err ? n : 0;
    }
    warden_error_delete(err);
    warden_trap_delete(trap);
    warden_linker_delete(linker);
    warden_store_delete(store);
    warden_wasi_delete(wasi);
    free(bytes);
}

void wh_result_free(wh_result *res)
{
    free(res->message);
    free(res->out);
    free(res->err);
    memset(res, 0, sizeof *res);
}

int wh_copy_tree(const char *from, const char *to)
{
    struct stat st;
    if (lstat(from, &st) != 0) return -1;
    if (S_ISLNK(st.st_mode)) {
        char target[4096];
        ssize_t n = readlink(from, target, sizeof target - 1);
        if (n < 0) return -1;
        target[n] = 0;
        return symlink(target, to);
    }
    if (S_ISDIR(st.st_mode)) {
        if (mkdir(to, 0755) != 0 && errno != EEXIST) return -1;
        DIR *d = opendir(from);
        if (!d) return -1;
        int rc = 0;
        struct dirent *de;
        while (rc == 0 && (de = readdir(d))) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
            char *a = fmt("%s/%s", from, de->d_name), *b = fmt("%s/%s", to, de->d_name);
            rc = a && b ? wh_copy_tree(a, b) : -1;
            free(a);
            free(b);
        }
        closedir(d);
        return rc;
    }
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0) return -1;
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) {
        close(in);
        return -1;
    }
    char buf[65536];
    ssize_t n;
    int rc = 0;
    while ((n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)n) != n) rc = -1;
    if (n < 0) rc = -1;
    close(in);
    close(out);
    return rc;
}

int wh_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return errno == ENOENT ? 0 : -1;
    if (S_ISDIR(st.st_mode)) {
        chmod(path, 0755);
        DIR *d = opendir(path);
        if (!d) return -1;
        struct dirent *de;
        int rc = 0;
        while ((de = readdir(d))) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
            char *a = fmt("%s/%s", path, de->d_name);
            if (!a || wh_remove_tree(a) != 0) rc = -1;
            free(a);
        }
        closedir(d);
        if (rmdir(path) != 0) rc = -1;
        return rc;
    }
    return unlink(path);
}

typedef struct sbuf {
    char *s;
    size_t len, cap;
    bool bad;
} sbuf;

static void sb_add(sbuf *b, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(NULL, 0, f, ap);
    va_end(ap);
    if (n < 0 || b->bad) {
        b->bad = true;
        return;
    }
    if (b->len + (size_t)n + 1 > b->cap) {
        size_t cap = (b->cap ? b->cap * 2 : 4096) + (size_t)n;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->bad = true;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    va_start(ap, f);
    vsnprintf(b->s + b->len, (size_t)n + 1, f, ap);
    va_end(ap);
    b->len += (size_t)n;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void snap(sbuf *b, const char *path, const char *rel, const char *const *skip)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        sb_add(b, "%s ?\n", rel);
        return;
    }
    if (S_ISLNK(st.st_mode)) {
        char t[4096];
        ssize_t n = readlink(path, t, sizeof t - 1);
        t[n < 0 ? 0 : n] = 0;
        sb_add(b, "%s -> %s\n", rel, t);
    } else if (S_ISREG(st.st_mode)) {
        size_t len = 0;
        uint8_t *data = read_whole_file(path, &len);
        uint64_t h = 1469598103934665603ull;
        for (size_t i = 0; data && i < len; i++) h = (h ^ data[i]) * 1099511628211ull;
        free(data);
        sb_add(b, "%s file %lld %o %lld.%09ld %llx\n", rel, (long long)st.st_size,
               (unsigned)st.st_mode, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
               (unsigned long long)h);
    } else if (S_ISDIR(st.st_mode)) {
        sb_add(b, "%s dir %o %lld.%09ld\n", rel, (unsigned)st.st_mode, (long long)st.st_mtim.tv_sec,
               st.st_mtim.tv_nsec);
        DIR *d = opendir(path);
        if (!d) return;
        char **names = NULL;
        size_t n = 0, cap = 0;
        struct dirent *de;
        while ((de = readdir(d))) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
            bool skipped = false;
            for (const char *const *s = skip; s && *s; s++)
                if (!strcmp(*s, de->d_name)) skipped = true;
            if (skipped) continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 16;
                char **nn = realloc(names, cap * sizeof *nn);
                if (!nn) {
                    b->bad = true;
                    break;
                }
                names = nn;
            }
            names[n] = strdup(de->d_name);
            if (!names[n])
                b->bad = true;
            else
                n++;
        }
        closedir(d);
        if (n) qsort(names, n, sizeof *names, cmp_names);
        for (size_t i = 0; i < n; i++) {
            char *p = fmt("%s/%s", path, names[i]), *r = fmt("%s/%s", rel, names[i]);
            if (p && r)
                snap(b, p, r, NULL);
            else
                b->bad = true;
            free(p);
            free(r);
            free(names[i]);
        }
        free(names);
    } else {
        sb_add(b, "%s other %o\n", rel, (unsigned)st.st_mode);
    }
}

char *wh_snapshot(const char *path, const char *const *skip)
{
    sbuf b = {0};
    snap(&b, path, ".", skip);
    if (b.bad) {
        free(b.s);
        return NULL;
    }
    return b.s ? b.s : strdup("");
}
