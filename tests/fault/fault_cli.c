/* Failure injection through the warden command: its sources are compiled into this program, with
 * main renamed warden_cli_main, and run in-process with their standard streams redirected to
 * files. Usage: fault_cli WASM_DIR GUEST_DIR WAST_JSON [PATH...], PATH one of cli-run, cli-trap,
 * cli-wasi, cli-validate, cli-inspect, cli-wast.
 *
 * Each path runs one or two commands. With nothing failing a command must end with its status
 * and print what it prints then; when a failure was injected it may instead fail cleanly: status
 * 1 (or the guest's own status 1 or 71 under WASI) and a message, never a crash, a usage error or
 * different output under the expected status. After a failed command the same command, run
 * again in the same process, must work; the signal mask must be what it was. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "walk.h"

int warden_cli_main(int argc, char **argv);

static char g_wasm_dir[2048], g_guest_dir[2048], g_wast[2048], g_tmp[64];
static int g_out_fd, g_err_fd, g_in_fd; /* the capture files and standard input's file */

/* A command's status and what it printed. */
typedef struct result {
    int status;
    char out[8192];
    char err[8192];
} result;

static void read_capture(int fd, char *buf, size_t cap)
{
    off_t end = lseek(fd, 0, SEEK_END);
    size_t n = end > 0 ? (size_t)end : 0;
    if (n >= cap) n = cap - 1;
    ssize_t got = pread(fd, buf, n, 0);
    buf[got > 0 ? (size_t)got : 0] = '\0';
}

/* Runs `warden ARGS...` with its streams captured (the capturing uncounted). */
static void run_cli(char **argv, int argc, result *r)
{
    int saved_in, saved_out, saved_err;
    FW_UNCOUNTED({
        fflush(stdout);
        fflush(stderr);
        if (ftruncate(g_out_fd, 0) || ftruncate(g_err_fd, 0)) abort();
        lseek(g_out_fd, 0, SEEK_SET);
        lseek(g_err_fd, 0, SEEK_SET);
        saved_in = dup(0);
        saved_out = dup(1);
        saved_err = dup(2);
        lseek(g_in_fd, 0, SEEK_SET);
        dup2(g_in_fd, 0);
        dup2(g_out_fd, 1);
        dup2(g_err_fd, 2);
    });
    r->status = warden_cli_main(argc, argv);
    FW_UNCOUNTED({
        fflush(stdout);
        fflush(stderr);
        dup2(saved_in, 0);
        dup2(saved_out, 1);
        dup2(saved_err, 2);
        close(saved_in);
        close(saved_out);
        close(saved_err);
        read_capture(g_out_fd, r->out, sizeof r->out);
        read_capture(g_err_fd, r->err, sizeof r->err);
    });
}

/* What a command printed with nothing failing: its status and standard output. */
typedef struct expected {
    int must;   /* the status it must end with */
    bool guest; /* a WASI guest (cli.c) whose own failure is status 1 or 71 */
    bool known;
    int status;
    char out[8192];
    char err[8192];
} expected;

static bool ok_failure(const expected *want, const result *r)
{
    /* "warden: error: ...", validate's "FILE: error: ...", or a script's "FAIL" lines. */
    if (r->status == 1 && (strstr(r->err, "error: ") || strstr(r->out, "FAIL"))) return true;
    /* A host trap where none was due: running out of memory in a call (lowering a function at
     * its first call, say), which the command reports by the trap's kind alone. */
    if (!strstr(want->err, "warden: trap: ") && strstr(r->err, "warden: trap: host\n")) return true;
    /* The guest's own: an errno it saw, or wasi-libc's start-up that could not get its
     * arguments or environment. Its message may be missing: writing it can fail too. */
    return want->guest && (r->status == 1 || r->status == 71);
}

/* Runs a command; judges the result against the run with nothing failing; after a clean failure
 * runs it again, when it must work. */
static void command(expected *want, char **argv, int argc)
{
    sigset_t before, after;
    memset(&before, 0, sizeof before);
    memset(&after, 0, sizeof after);
    pthread_sigmask(SIG_SETMASK, NULL, &before);
    static result r;
    run_cli(argv, argc, &r);
    FW_UNCOUNTED(pthread_sigmask(SIG_SETMASK, NULL, &after));
    FW_CHECK(memcmp(&before, &after, sizeof before) == 0, "(the signal mask changed)");
    if (!want->known) {
        /* The run with nothing failing sets the expectation. */
        FW_CHECK(r.status == want->must, "(%s: status %d, not %d; stderr: %.300s)", argv[1],
                 r.status, want->must, r.err);
        want->known = true;
        want->status = r.status;
        snprintf(want->out, sizeof want->out, "%s", r.out);
        snprintf(want->err, sizeof want->err, "%s", r.err);
        return;
    }
    if (r.status == want->status) {
        FW_CHECK(strcmp(r.out, want->out) == 0, "(%s: output differs: %s)", argv[1], r.out);
        /* A failing command that failed for another reason (validate's "out of memory" instead
         * of the module's error) reported the injected failure. */
        if (fi_injected() && want->status && strcmp(r.err, want->err) != 0) fw_saw_failure();
        return;
    }
    FW_CHECK(fi_injected() && ok_failure(want, &r),
             "(%s: status %d, not %d; stdout: %.300s; stderr: %.300s)", argv[1], r.status,
             want->status, r.out, r.err);
    fw_saw_failure();
    /* Once more: it must work now. */
    run_cli(argv, argc, &r);
    FW_CHECK(r.status == want->status && strcmp(r.out, want->out) == 0,
             "(%s: again: status %d; stderr: %.300s)", argv[1], r.status, r.err);
}

static char *path_of(const char *dir, const char *name)
{
    static char buf[8][4096];
    static int next;
    char *p = buf[next++ % 8];
    snprintf(p, 4096, "%s/%s", dir, name);
    return p;
}

#define ARGC(a) ((int)(sizeof(a) / sizeof *(a)) - 1)

static expected g_run = {.must = 0}, g_trap = {.must = 134}, g_wasi = {.must = 0, .guest = true},
                g_validate = {.must = 0}, g_invalid = {.must = 1}, g_inspect = {.must = 0},
                g_inspect2 = {.must = 0}, g_inspect_code = {.must = 0}, g_wast_run = {.must = 0};

static void path_run(void *env)
{
    (void)env;
    char *argv[] = {"warden",       "run",      "--fuel",    "100000000",
                    "--max-memory", "1MiB",     "--timeout", "10s",
                    "--stats",      "--invoke", "fib",       path_of(g_wasm_dir, "funcs.wasm"),
                    "10",           NULL};
    command(&g_run, argv, ARGC(argv));
}

static void path_trap(void *env)
{
    (void)env;
    char *argv[] = {"warden", "run", path_of(g_wasm_dir, "trap_start.wasm"), NULL};
    command(&g_trap, argv, ARGC(argv));
}

static void path_wasi(void *env)
{
    (void)env;
    char dir[128];
    snprintf(dir, sizeof dir, "%s::/work", g_tmp);
    FW_UNCOUNTED(fw_empty_dir(g_tmp));
    char *argv[] = {
        "warden", "run",  "--dir", dir, "--env", "FAULT_MODE=on", path_of(g_guest_dir, "cli.wasm"),
        "alpha",  "beta", NULL};
    command(&g_wasi, argv, ARGC(argv));
}

static void path_validate(void *env)
{
    (void)env;
    char *valid[] = {"warden", "validate", path_of(g_wasm_dir, "simd.wasm"), NULL};
    command(&g_validate, valid, ARGC(valid));
    char *invalid[] = {"warden", "validate", path_of(g_wasm_dir, "invalid.wasm"), NULL};
    command(&g_invalid, invalid, ARGC(invalid));
}

static void path_inspect(void *env)
{
    (void)env;
    char *argv[] = {"warden", "inspect", path_of(g_wasm_dir, "memory.wasm"), NULL};
    command(&g_inspect, argv, ARGC(argv));
    char *imports[] = {"warden", "inspect", path_of(g_wasm_dir, "imports.wasm"), NULL};
    command(&g_inspect2, imports, ARGC(imports));
    char *code[] = {"warden", "inspect", "--code", path_of(g_wasm_dir, "simd.wasm"), NULL};
    command(&g_inspect_code, code, ARGC(code));
}

static void path_wast(void *env)
{
    (void)env;
    char *argv[] = {"warden", "wast", g_wast, NULL};
    command(&g_wast_run, argv, ARGC(argv));
}

/* The capture files and standard input, in the temporary directory. */
static int temp_file(const char *name, const char *contents)
{
    char path[128];
    snprintf(path, sizeof path, "%s/../%s-%s", g_tmp, strrchr(g_tmp, '/') + 1, name);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || unlink(path) != 0) {
        perror("fault: capture file");
        exit(2);
    }
    if (contents && write(fd, contents, strlen(contents)) != (ssize_t)strlen(contents)) exit(2);
    return fd;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: fault_cli WASM_DIR GUEST_DIR WAST_JSON [PATH...]\n");
        return 2;
    }
    snprintf(g_wasm_dir, sizeof g_wasm_dir, "%s", argv[1]);
    snprintf(g_guest_dir, sizeof g_guest_dir, "%s", argv[2]);
    snprintf(g_wast, sizeof g_wast, "%s", argv[3]);
    snprintf(g_tmp, sizeof g_tmp, "/tmp/warden-fault-cli-XXXXXX");
    if (!mkdtemp(g_tmp)) {
        perror("fault: mkdtemp");
        return 2;
    }
    g_out_fd = temp_file("out", NULL);
    g_err_fd = temp_file("err", NULL);
    g_in_fd = temp_file("in", "input");

    static const struct {
        const char *name;
        void (*run)(void *);
    } paths[] = {
        {"cli-run", path_run},           {"cli-trap", path_trap},       {"cli-wasi", path_wasi},
        {"cli-validate", path_validate}, {"cli-inspect", path_inspect}, {"cli-wast", path_wast},
    };
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        bool chosen = argc == 4;
        for (int a = 4; a < argc; a++) chosen |= strcmp(argv[a], paths[i].name) == 0;
        if (chosen) fw_walk(paths[i].name, paths[i].run, NULL);
    }
    close(g_out_fd);
    close(g_err_fd);
    close(g_in_fd);
    fw_empty_dir(g_tmp);
    rmdir(g_tmp);
    return fw_finish();
}
