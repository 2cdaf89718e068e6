/* Runs one of the project's WASI guest programs (tests/wasi/guest/NAME.c, built as NAME.wasm) with
 * the grants its `//! ` lines name, and checks the outcome and the host file system afterwards.
 *
 *   run_guest SOURCE.c PROGRAM.wasm
 *   run_guest --native EXECUTABLE SOURCE.c PROGRAM.wasm
 *
 * Directives, one per line anywhere in the source:
 *   //! arg TEXT            an argument after the program's name
 *   //! env NAME=VALUE      an environment variable
 *   //! dir GUEST [ro]      a fresh preopened directory named GUEST, read-only with `ro`; it holds
 *                           file.txt ("hello\n"), sub/inner.txt ("inner\n") and empty/
 *   //! escape             the first preopen also holds symbolic links that lead outside it, and
 *                           loops (see make_escape_links)
 *   //! race               a host thread keeps swapping race/ (a directory inside) and racefile (a
 *                           file inside) with symbolic links to the directory outside
 *   //! stdin TEXT         standard input (C escapes \n \t \\ allowed)
 *   //! stdout TEXT        expected standard output, appended line by line (each gets a \n)
 *   //! exit N             expected exit code (default 0)
 *   //! socket             a connected stream socket is granted; the host sends "ping" first and
 *                           expects "pong" back
 *   //! listen             a listening socket is granted with one connection waiting, whose host
 * end sends "hello" and expects "world" back Every preopen lives in a temporary directory beside
 * `outside/` (holding `secret`, "secret\n", and `dir/`): after the run, everything outside the
 * read-write preopens must be exactly as before. The program runs twice, with openat2 resolution
 * and with the portable walk. With --native, the native build runs first in a copy of the first
 * preopen as its working directory, and the two standard outputs must be identical. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define MAX_ITEMS 32

typedef struct spec {
    char *args[MAX_ITEMS];
    int nargs;
    char *env[MAX_ITEMS];
    int nenv;
    char *dirs[MAX_ITEMS];
    bool ro[MAX_ITEMS];
    int ndirs;
    bool escape, race, socket, listen, has_stdin;
    char stdin_text[4096];
    char stdout_text[16384];
    int exit_code;
} spec;

static void unescape(char *s)
{
    char *o = s;
    for (char *p = s; *p; p++) {
        if (*p == '\\' && p[1]) {
            p++;
            *o++ = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
        } else {
            *o++ = *p;
        }
    }
    *o = 0;
}

static int parse(const char *src, spec *sp)
{
    FILE *f = fopen(src, "r");
    if (!f) {
        perror(src);
        return -1;
    }
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "//! ", 4)) continue;
        line[strcspn(line, "\n")] = 0;
        char *d = line + 4, *rest = strchr(d, ' ');
        if (rest)
            *rest++ = 0;
        else
            rest = d + strlen(d);
        if (!strcmp(d, "arg") && sp->nargs < MAX_ITEMS)
            sp->args[sp->nargs++] = strdup(rest);
        else if (!strcmp(d, "env") && sp->nenv < MAX_ITEMS)
            sp->env[sp->nenv++] = strdup(rest);
        else if (!strcmp(d, "dir") && sp->ndirs < MAX_ITEMS) {
            char *ro = strstr(rest, " ro");
            sp->ro[sp->ndirs] = ro != NULL;
            if (ro) *ro = 0;
            sp->dirs[sp->ndirs++] = strdup(rest);
        } else if (!strcmp(d, "escape"))
            sp->escape = true;
        else if (!strcmp(d, "race"))
            sp->race = true;
        else if (!strcmp(d, "socket"))
            sp->socket = true;
        else if (!strcmp(d, "listen"))
            sp->listen = true;
        else if (!strcmp(d, "stdin")) {
            sp->has_stdin = true;
            snprintf(sp->stdin_text, sizeof sp->stdin_text, "%s", rest);
            unescape(sp->stdin_text);
        } else if (!strcmp(d, "stdout")) {
            unescape(rest);
            size_t n = strlen(sp->stdout_text);
            snprintf(sp->stdout_text + n, sizeof sp->stdout_text - n, "%s\n", rest);
        } else if (!strcmp(d, "exit"))
            sp->exit_code = atoi(rest);
        else {
            fprintf(stderr, "%s: unknown directive '%s'\n", src, d);
            fclose(f);
            return -1;
        }
    }
    fclose(f);
    return 0;
}

static void spec_free(spec *sp)
{
    for (int i = 0; i < sp->nargs; i++) free(sp->args[i]);
    for (int i = 0; i < sp->nenv; i++) free(sp->env[i]);
    for (int i = 0; i < sp->ndirs; i++) free(sp->dirs[i]);
}

static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fputs(text, f);
    return fclose(f);
}

static int populate(const char *dir)
{
    char p[8192];
    if (mkdir(dir, 0755) != 0) return -1;
    snprintf(p, sizeof p, "%s/file.txt", dir);
    if (write_file(p, "hello\n")) return -1;
    snprintf(p, sizeof p, "%s/sub", dir);
    if (mkdir(p, 0755)) return -1;
    snprintf(p, sizeof p, "%s/sub/inner.txt", dir);
    if (write_file(p, "inner\n")) return -1;
    snprintf(p, sizeof p, "%s/empty", dir);
    return mkdir(p, 0755);
}

/* Links that lead out of `dir` (which sits in `base` beside outside/), and loops. */
static int make_escape_links(const char *base, const char *dir)
{
    char p[8192], t[8192];
    struct {
        const char *name;
        const char *target;
        bool absolute;
    } links[] = {
        {"abs_link", "outside/secret", true},
        {"abs_dir", "outside", true},
        {"abs_root", "", true},
        {"up_link", "../outside/secret", false},
        {"up_dir", "../outside", false},
        {"loop_a", "loop_b", false},
        {"loop_b", "loop_a", false},
        {"self", "self", false},
        {"sub/deep_up", "../../outside", false},
        {"chain", "sub/deep_up", false},
        {"dot_dot", "..", false},
        {"ok_link", "sub/inner.txt", false},
        {"ok_dir", "sub", false},
    };
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, links[i].name);
        if (links[i].absolute)
            snprintf(t, sizeof t, "%s/%s", base, links[i].target);
        else
            snprintf(t, sizeof t, "%s", links[i].target);
        if (symlink(t, p) != 0) return -1;
    }
    return 0;
}

typedef struct racer {
    char dir[4200];
    atomic_bool stop;
    pthread_t thread;
} racer;

/* Keeps exchanging race <-> race_link and racefile <-> racefile_link. */
static void *race_loop(void *arg)
{
    racer *r = arg;
    char a[8192], b[8192], c[8192], d[8192];
    snprintf(a, sizeof a, "%s/race", r->dir);
    snprintf(b, sizeof b, "%s/race_link", r->dir);
    snprintf(c, sizeof c, "%s/racefile", r->dir);
    snprintf(d, sizeof d, "%s/racefile_link", r->dir);
    while (!atomic_load(&r->stop)) {
        renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
        renameat2(AT_FDCWD, c, AT_FDCWD, d, RENAME_EXCHANGE);
    }
    return NULL;
}

static int make_race(const char *base, const char *dir)
{
    char p[8192], t[8192];
    snprintf(p, sizeof p, "%s/race", dir);
    if (mkdir(p, 0755)) return -1;
    snprintf(p, sizeof p, "%s/race/secret", dir);
    if (write_file(p, "inside\n")) return -1;
    snprintf(p, sizeof p, "%s/race_link", dir);
    snprintf(t, sizeof t, "%s/outside", base);
    if (symlink(t, p)) return -1;
    snprintf(p, sizeof p, "%s/racefile", dir);
    if (write_file(p, "inside\n")) return -1;
    snprintf(p, sizeof p, "%s/racefile_link", dir);
    if (symlink("../outside/secret", p)) return -1;
    return 0;
}

/* Reads everything from fd into buf (NUL-terminated). */
static void read_all(int fd, char *buf, size_t cap)
{
    size_t n = 0;
    ssize_t k;
    while (n + 1 < cap && (k = read(fd, buf + n, cap - 1 - n)) > 0) n += (size_t)k;
    buf[n] = 0;
}

static int run_native(const char *exe, const spec *sp, const char *cwd, char *out, size_t cap)
{
    int pipefd[2];
    if (pipe(pipefd)) return -1;
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        dup2(pipefd[1], 1);
        close(pipefd[0]);
        close(pipefd[1]);
        if (chdir(cwd)) _exit(127);
        char *argv[MAX_ITEMS + 2], *envp[MAX_ITEMS + 1];
        argv[0] = (char *)exe;
        for (int i = 0; i < sp->nargs; i++) argv[i + 1] = sp->args[i];
        argv[sp->nargs + 1] = NULL;
        for (int i = 0; i < sp->nenv; i++) envp[i] = sp->env[i];
        envp[sp->nenv] = NULL;
        execve(exe, argv, envp);
        _exit(127);
    }
    close(pipefd[1]);
    read_all(pipefd[0], out, cap);
    close(pipefd[0]);
    int status;
    if (waitpid(pid, &status, 0) < 0) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static int run_once(const char *wasm, const char *name, const spec *sp, bool portable,
                    const char *native, char *native_out)
{
    char base[] = "/tmp/warden-guest-XXXXXX";
    if (!mkdtemp(base)) return 1;
    int rc = 1, sv[2] = {-1, -1}, lsock = -1, client = -1;
    char p[4200], *before = NULL, *after = NULL, *ro_before[MAX_ITEMS] = {0};
    const char *skip[MAX_ITEMS + 1] = {0};
    char *prenames[MAX_ITEMS] = {0};
    racer race = {0};
    bool racing = false;
    warden_wasi_config_t *cfg = NULL;
    warden_error_t *err = NULL;

    snprintf(p, sizeof p, "%s/outside", base);
    if (mkdir(p, 0755)) goto out;
    snprintf(p, sizeof p, "%s/outside/secret", base);
    if (write_file(p, "secret\n")) goto out;
    snprintf(p, sizeof p, "%s/outside/dir", base);
    if (mkdir(p, 0755)) goto out;
    int nskip = 0;
    for (int i = 0; i < sp->ndirs; i++) {
        char n[32];
        snprintf(n, sizeof n, "pre%d", i);
        prenames[i] = strdup(n);
        snprintf(p, sizeof p, "%s/%s", base, n);
        if (!prenames[i] || populate(p)) goto out;
        if (i == 0 && sp->escape && make_escape_links(base, p)) goto out;
        if (i == 0 && sp->race && make_race(base, p)) goto out;
        if (sp->ro[i])
            ro_before[i] = wh_snapshot(p, NULL);
        else
            skip[nskip++] = prenames[i];
    }
    if (native) {
        char out[16384];
        snprintf(p, sizeof p, "%s/%s", base, prenames[0] ? prenames[0] : "outside/dir");
        char copy[8192];
        snprintf(copy, sizeof copy, "%s.native", p);
        if (wh_copy_tree(p, copy)) goto out;
        int st = run_native(native, sp, copy, out, sizeof out);
        wh_remove_tree(copy);
        if (st != sp->exit_code) {
            fprintf(stderr, "FAIL: the native build exited with %d, expected %d\n", st,
                    sp->exit_code);
            goto out;
        }
        snprintf(native_out, 16384, "%s", out);
    }

    if (sp->listen) {
        struct sockaddr_un addr = {.sun_family = AF_UNIX};
        snprintf(addr.sun_path, sizeof addr.sun_path, "%s/sock", base);
        lsock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        client = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (lsock < 0 || client < 0 || bind(lsock, (struct sockaddr *)&addr, sizeof addr) ||
            listen(lsock, 4) || connect(client, (struct sockaddr *)&addr, sizeof addr) ||
            write(client, "hello", 5) != 5)
            goto out;
    }
    before = wh_snapshot(base, skip);

    err = warden_wasi_config_new(&cfg);
    if (!err) err = warden_wasi_config_push_arg(cfg, name);
    for (int i = 0; !err && i < sp->nargs; i++) err = warden_wasi_config_push_arg(cfg, sp->args[i]);
    for (int i = 0; !err && i < sp->nenv; i++) {
        char *eq = strchr(sp->env[i], '=');
        *eq = 0;
        err = warden_wasi_config_push_env(cfg, sp->env[i], eq + 1);
        *eq = '=';
    }
    if (!err) err = warden_wasi_config_stdin_bytes(cfg, sp->stdin_text, strlen(sp->stdin_text));
    if (!err) err = warden_wasi_config_stdio_buffer(cfg, WARDEN_WASI_STDOUT, 0);
    if (!err) err = warden_wasi_config_stdio_buffer(cfg, WARDEN_WASI_STDERR, 0);
    for (int i = 0; !err && i < sp->ndirs; i++) {
        snprintf(p, sizeof p, "%s/%s", base, prenames[i]);
        err = warden_wasi_config_preopen_dir(cfg, p, sp->dirs[i],
                                             sp->ro[i] ? WARDEN_WASI_DIR_READONLY : 0);
    }
    if (!err && sp->socket) {
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) goto out;
        if (write(sv[0], "ping", 4) != 4) goto out;
        err = warden_wasi_config_preopen_socket(cfg, sv[1]);
    }
    if (!err && sp->listen) err = warden_wasi_config_preopen_socket(cfg, lsock);
    if (err) {
        fprintf(stderr, "FAIL: config: %s\n", warden_error_message(err));
        goto out;
    }
    warden_wasi_config_portable_paths(cfg, portable);
    if (sp->race) {
        snprintf(race.dir, sizeof race.dir, "%s/%s", base, prenames[0]);
        if (pthread_create(&race.thread, NULL, race_loop, &race)) goto out;
        racing = true;
    }

    wh_result r;
    wh_run(wasm, cfg, &r);
    if (racing) {
        atomic_store(&race.stop, true);
        pthread_join(race.thread, NULL);
        racing = false;
    }
    fwrite(r.err, 1, r.err_len, stderr);
    const char *mode = portable ? "portable walk" : "openat2";
    rc = 0;
    if (r.status != WH_EXITED) {
        fprintf(stderr, "FAIL (%s): %s\n", mode, r.message ? r.message : "failed");
        rc = 1;
    } else if (r.exit_code != sp->exit_code) {
        fprintf(stderr, "FAIL (%s): exit code %d, expected %d\n", mode, r.exit_code, sp->exit_code);
        rc = 1;
    }
    const char *want = native ? native_out : sp->stdout_text;
    if ((native || sp->stdout_text[0]) &&
        (strlen(want) != r.out_len || memcmp(want, r.out, r.out_len))) {
        fprintf(stderr, "FAIL (%s): standard output\n--- expected\n%s--- got\n%.*s---\n", mode,
                want, (int)r.out_len, (const char *)r.out);
        rc = 1;
    }
    wh_result_free(&r);

    after = wh_snapshot(base, skip);
    if (!before || !after || strcmp(before, after)) {
        fprintf(stderr,
                "FAIL (%s): the host file system changed outside the preopens\n--- before\n%s"
                "--- after\n%s",
                mode, before ? before : "?", after ? after : "?");
        rc = 1;
    }
    for (int i = 0; i < sp->ndirs; i++) {
        if (!sp->ro[i]) continue;
        snprintf(p, sizeof p, "%s/%s", base, prenames[i]);
        char *now = wh_snapshot(p, NULL);
        if (!now || !ro_before[i] || strcmp(now, ro_before[i])) {
            fprintf(stderr, "FAIL (%s): the read-only preopen %s changed\n", mode, sp->dirs[i]);
            rc = 1;
        }
        free(now);
    }
    if (sp->socket) {
        char buf[64];
        read_all(sv[0], buf, sizeof buf);
        if (strcmp(buf, "pong")) {
            fprintf(stderr, "FAIL (%s): the socket's peer got '%s', not 'pong'\n", mode, buf);
            rc = 1;
        }
    }
    if (sp->listen) {
        char buf[64];
        read_all(client, buf, sizeof buf);
        if (strcmp(buf, "world")) {
            fprintf(stderr, "FAIL (%s): the accepted connection's peer got '%s'\n", mode, buf);
            rc = 1;
        }
    }
out:
    if (racing) {
        atomic_store(&race.stop, true);
        pthread_join(race.thread, NULL);
    }
    warden_error_delete(err);
    warden_wasi_config_delete(cfg);
    for (int i = 0; i < 2; i++)
        if (sv[i] >= 0) close(sv[i]);
    if (lsock >= 0) close(lsock);
    if (client >= 0) close(client);
    for (int i = 0; i < MAX_ITEMS; i++) {
        free(prenames[i]);
        free(ro_before[i]);
    }
    free(before);
    free(after);
    wh_remove_tree(base);
    return rc;
}

int main(int argc, char **argv)
{
    const char *native = NULL;
    if (argc == 5 && !strcmp(argv[1], "--native")) {
        native = argv[2];
        argv += 2;
        argc -= 2;
    }
    if (argc != 3) {
        fprintf(stderr, "usage: run_guest [--native EXE] SOURCE.c PROGRAM.wasm\n");
        return 2;
    }
    spec sp = {0};
    if (parse(argv[1], &sp)) return 1;
    const char *name = strrchr(argv[2], '/') ? strrchr(argv[2], '/') + 1 : argv[2];
    static char native_out[16384];
    int rc = run_once(argv[2], name, &sp, false, native, native_out);
    rc |= run_once(argv[2], name, &sp, true, native, native_out);
    spec_free(&sp);
    if (!rc) printf("%s: passed\n", name);
    return rc;
}
