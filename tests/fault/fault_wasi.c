/* Failure injection through WASI (include/warden_wasi.h): the configuration, the context, the
 * definitions in a linker, and a C guest (guest/files.c) that uses arguments, environment, clocks,
 * randomness, files, directories, links, polling, standard streams and sockets in a temporary
 * directory. Usage: fault_wasi GUEST_DIR [PATH...], PATH one of wasi (paths resolved by openat2),
 * wasi-portable (resolved component by component) and wasi-async (under a scheduler without
 * workers, which this thread runs: the guest's sleep waits on the reactor).
 *
 * Whatever fails in the host, the guest must only see an errno, never a wrong result (status 99).
 * It makes a failed call again (FAULT_RETRY), which must then work: the context's state stayed
 * right. When it cannot go on (status 1, or 71 when wasi-libc's start-up cannot get its
 * arguments or environment), a second run in the same store must work. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "walk.h"
#include "warden.h"
#include "warden_wasi.h"

extern char **environ;

static warden_engine_t *g_engine;
/* files.wasm, lowered whole when it is made (the engine lowers eagerly), so that a run leaves
 * nothing in it for the next. The failures of lowering at a first call are fault/call's; here
 * they would only repeat hundreds of times per walk. */
static warden_module_t *g_module;
static char g_dir[64];

/* The host's side of the guest's sockets. */
typedef struct sockets {
    int guest_end, host_end; /* a connected pair: "ping" waits for the guest */
    int listener, client;    /* a listening socket with the client's connection pending */
} sockets;

static bool make_sockets(sockets *s)
{
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair)) return false;
    s->guest_end = pair[0];
    s->host_end = pair[1];
    if (write(s->host_end, "ping", 4) != 4) return false;
    s->listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    s->client = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    /* An abstract address: nothing in the file system. */
    static unsigned serial;
    int n = snprintf(addr.sun_path + 1, sizeof addr.sun_path - 1, "warden-fault-%d-%u",
                     (int)getpid(), serial++);
    socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)n);
    return s->listener >= 0 && s->client >= 0 &&
           bind(s->listener, (struct sockaddr *)&addr, len) == 0 && listen(s->listener, 4) == 0 &&
           connect(s->client, (struct sockaddr *)&addr, len) == 0;
}

static void close_sockets(sockets *s)
{
    close(s->guest_end);
    close(s->host_end);
    close(s->listener);
    close(s->client);
}

/* What the guest sent back: "pong" and "hi", when it ran to the end. */
static bool sockets_answered(sockets *s)
{
    char buf[8] = {0};
    return recv(s->host_end, buf, sizeof buf, MSG_DONTWAIT) == 4 && memcmp(buf, "pong", 4) == 0 &&
           recv(s->client, buf, sizeof buf, MSG_DONTWAIT) == 2 && memcmp(buf, "hi", 2) == 0;
}

/* Prepares the directory and the sockets for one run of the guest. */
static void fresh_world(sockets *s)
{
    FW_UNCOUNTED({
        fw_empty_dir(g_dir);
        if (!make_sockets(s)) {
            perror("fault: sockets");
            exit(2);
        }
    });
}

/* A configuration step: retried once after a clean failure, when it must work. */
#define CONFIG(call)                                                                               \
    do {                                                                                           \
        if (!FW_OK(call)) FW_MUST(call);                                                           \
    } while (0)

/* How the guest runs. */
typedef struct mode {
    bool portable; /* paths resolved component by component */
    bool async;    /* under a scheduler */
} mode;

/* The context the guest gets; NULL after a failure that repeating did not mend. */
static warden_wasi_t *make_context(const sockets *s, bool portable, warden_scheduler_t *sched)
{
    static char *small_env[] = {"FAULT_INHERITED=1", "LANG=C", NULL};
    char **saved = environ;
    warden_wasi_config_t *config = NULL;
    CONFIG(warden_wasi_config_new(&config));
    if (!config) return NULL;
    static const char *const args[] = {"files", "alpha", "beta"};
    for (size_t i = 0; i < 3; i++) CONFIG(warden_wasi_config_push_arg(config, args[i]));
    CONFIG(warden_wasi_config_push_env(config, "FAULT_MODE", "off"));
    environ = small_env;
    CONFIG(warden_wasi_config_inherit_env(config));
    environ = saved;
    CONFIG(warden_wasi_config_push_env(config, "FAULT_MODE", "on")); /* replaces "off" */
    CONFIG(warden_wasi_config_push_env(config, "FAULT_SOCKETS", "1"));
    CONFIG(warden_wasi_config_push_env(config, "FAULT_RETRY", "1"));
    CONFIG(warden_wasi_config_preopen_dir(config, g_dir, "/work", 0));
    CONFIG(warden_wasi_config_preopen_socket(config, s->guest_end));
    CONFIG(warden_wasi_config_preopen_socket(config, s->listener));
    CONFIG(warden_wasi_config_stdin_bytes(config, "input", 5));
    CONFIG(warden_wasi_config_stdio_buffer(config, WARDEN_WASI_STDOUT, 0));
    CONFIG(warden_wasi_config_stdio_buffer(config, WARDEN_WASI_STDERR, 4096));
    warden_wasi_config_portable_paths(config, portable);
    warden_wasi_t *wasi = NULL;
    if (!FW_OK(warden_wasi_new(config, &wasi))) {
        FW_CHECK(wasi == NULL);
        FW_MUST(warden_wasi_new(config, &wasi));
    }
    warden_wasi_config_delete(config);
    if (wasi && sched) FW_MUST(warden_wasi_set_scheduler(wasi, sched));
    return wasi;
}

typedef enum outcome { RAN_OK, RAN_FAILED, RAN_BROKEN } outcome;

static void call_done(void *env, warden_call_t *call)
{
    (void)call;
    *(bool *)env = true;
}

/* Calls _start: with a scheduler, as a call it runs on this thread (it has no workers). A trap
 * is handed over as a host trap with the same message. */
static warden_error_t *call_start(warden_store_t *store, warden_func_t *start,
                                  warden_scheduler_t *sched, warden_trap_t **trap)
{
    if (!sched) return warden_func_call(store, start, NULL, 0, NULL, 0, trap);
    warden_call_t *call = NULL;
    warden_error_t *e = warden_call_new(store, start, NULL, 0, &call);
    if (e) return e;
    bool done = false;
    e = warden_scheduler_spawn(sched, call, call_done, &done);
    if (e) {
        warden_call_delete(call);
        return e;
    }
    warden_scheduler_wait_idle(sched);
    FW_CHECK(done);
    const warden_trap_t *t = warden_call_trap(call);
    if (t) FW_UNCOUNTED(*trap = warden_trap_new(warden_trap_message(t)));
    warden_call_delete(call);
    return NULL;
}

/* Defines WASI in a new linker, instantiates the guest in `store` and runs it. */
static outcome run_guest(warden_store_t *store, warden_wasi_t *wasi, sockets *s,
                         warden_scheduler_t *sched)
{
    warden_linker_t *linker = NULL;
    FW_UNCOUNTED(FW_MUST(warden_linker_new(g_engine, &linker)));
    outcome result = RAN_FAILED;
    if (!FW_OK(warden_wasi_define(wasi, linker, store)) &&
        !FW_MUST(warden_wasi_define(wasi, linker, store)))
        goto out;
    warden_instance_t *inst = NULL;
    warden_trap_t *trap = NULL;
    if (!FW_OK(warden_linker_instantiate(linker, store, g_module, &inst, &trap))) {
        FW_CHECK(!inst && !trap);
        if (!FW_MUST(warden_linker_instantiate(linker, store, g_module, &inst, &trap))) goto out;
    }
    if (trap) {
        FW_TRAP(trap, 0);
        goto out;
    }
    warden_func_t *start = warden_instance_export_func(inst, "_start");
    FW_CHECK(start != NULL);
    if (!start || !FW_OK(call_start(store, start, sched, &trap))) goto out;
    int code = -1;
    if (trap && warden_wasi_exit_code(wasi, &code)) {
        warden_trap_delete(trap);
    } else if (trap) {
        FW_TRAP(trap, 0);
        goto out;
    } else {
        code = 0; /* returned from _start without proc_exit: main returned 0 */
    }
    size_t out_len = 0, err_len = 0;
    const uint8_t *out_bytes = warden_wasi_output(wasi, WARDEN_WASI_STDOUT, &out_len);
    const uint8_t *err_bytes = warden_wasi_output(wasi, WARDEN_WASI_STDERR, &err_len);
    if (code == 0) {
        FW_CHECK(out_len == 5 && memcmp(out_bytes, "done\n", 5) == 0, "(stdout %.*s)", (int)out_len,
                 (const char *)out_bytes);
        bool answered = false;
        FW_UNCOUNTED(answered = sockets_answered(s));
        FW_CHECK(answered);
        /* The guest saw a call fail, and made it again. */
        if (err_len && memmem(err_bytes, err_len, "retrying", 8)) {
            FW_CHECK(fi_injected(), "(%.*s)", (int)err_len, (const char *)err_bytes);
            fw_saw_failure();
        }
        result = RAN_OK;
    } else if (code == 1 || code == 71) {
        FW_CHECK(fi_injected(), "(status %d: %.*s)", code, (int)err_len, (const char *)err_bytes);
        fw_saw_failure();
    } else {
        FW_CHECK(false, "(status %d: %.*s)", code, (int)err_len, (const char *)err_bytes);
        result = RAN_BROKEN;
    }
out:
    warden_linker_delete(linker);
    return result;
}

static void path_wasi(void *env)
{
    const mode *m = env;
    bool portable = m->portable;
    sockets s;
    fresh_world(&s);
    warden_store_t *store = NULL;
    FW_UNCOUNTED(FW_MUST(warden_store_new(g_engine, &store)));
    warden_scheduler_t *sched = NULL;
    if (m->async && !FW_OK(warden_scheduler_new(g_engine, 0, &sched)))
        FW_MUST(warden_scheduler_new(g_engine, 0, &sched));
    warden_wasi_t *wasi = make_context(&s, portable, sched);
    outcome result = wasi ? run_guest(store, wasi, &s, sched) : RAN_FAILED;
    if (result == RAN_FAILED) {
        /* The store runs the guest again, with a new context, all the way. */
        warden_wasi_t *again = NULL;
        sockets s2;
        fresh_world(&s2);
        again = make_context(&s2, portable, sched);
        FW_CHECK(again && run_guest(store, again, &s2, sched) == RAN_OK, "(a second run failed)");
        warden_wasi_delete(again);
        FW_UNCOUNTED(close_sockets(&s2));
    }
    fi_pause();
    warden_store_delete(store);
    warden_wasi_delete(wasi);
    warden_scheduler_delete(sched);
    close_sockets(&s);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: fault_wasi GUEST_DIR [PATH...]\n");
        return 2;
    }
    snprintf(g_dir, sizeof g_dir, "/tmp/warden-fault-XXXXXX");
    if (!mkdtemp(g_dir)) {
        perror("fault: mkdtemp");
        return 2;
    }
    size_t len;
    uint8_t *bytes = fw_read_file(argv[1], "files.wasm", &len);
    warden_config_t config;
    warden_config_default(&config);
    config.memory_pool = 0; /* no state carried from one run to the next */
    config.lower_eagerly = true;
    warden_error_t *e = warden_engine_new_with_config(&config, &g_engine);
    if (!e) e = warden_module_new(g_engine, bytes, len, &g_module);
    if (e) {
        fprintf(stderr, "fault: files.wasm: %s\n", warden_error_message(e));
        return 2;
    }
    static const struct {
        const char *name;
        mode mode;
    } paths[] = {
        {"wasi", {false, false}}, {"wasi-portable", {true, false}}, {"wasi-async", {false, true}}};
    /* A scheduler gives its calls slices of ticks, which start the engine's ticker: started
     * here, it is not a thread the first run leaves behind. */
    warden_store_t *ticking = NULL;
    if (!warden_store_new(g_engine, &ticking)) warden_store_set_deadline(ticking, UINT64_MAX / 2);
    warden_store_delete(ticking);
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        bool chosen = argc == 2;
        for (int a = 2; a < argc; a++) chosen |= strcmp(argv[a], paths[i].name) == 0;
        if (chosen) fw_walk(paths[i].name, path_wasi, (void *)&paths[i].mode);
    }
    free(bytes);
    warden_module_delete(g_module);
    warden_engine_delete(g_engine);
    fw_empty_dir(g_dir);
    rmdir(g_dir);
    return fw_finish();
}
