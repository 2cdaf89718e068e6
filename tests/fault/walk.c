/* The walk over failure sites (see walk.h). */
#include "walk.h"

#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "read_file.h"

#if defined(__SANITIZE_ADDRESS__)
#define FW_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FW_LSAN 1
#endif
#endif
#ifdef FW_LSAN
#include <sanitizer/lsan_interface.h>
#endif

#ifdef FW_LSAN
/* LeakSanitizer runs after every run of a walk and visits every chunk in ASan's quarantine: a
 * small quarantine keeps the walks fast (a use after free is still caught within 16 MiB of later
 * frees). ASAN_OPTIONS overrides it. */
const char *__asan_default_options(void);
__attribute__((used, no_sanitize("address"))) const char *__asan_default_options(void)
{
    return "quarantine_size_mb=16";
}
#endif

static int g_failures;
static const char *g_path = "-";
static unsigned long g_fail_at;
static bool g_saw;
static bool g_persistent; /* FAULT_PERSISTENT: calls keep failing until a failure is reported */
#ifdef FW_LSAN
static bool g_lsan = true;
/* LeakSanitizer's check scans every root (the loaded libraries' data included: LLVM's is large)
 * and cost more than half of a walk when it ran after every run. It runs after every
 * g_lsan_every runs (FAULT_LSAN_EVERY, default 8) and at the end of a walk: a block leaked stays
 * unreachable, so a leak is still found, and its report names the runs it came from
 * (FAULT_LSAN_EVERY=1 names the one run). The wrappers' balance of heap blocks, which counts
 * every allocation of the library and the command line, is still checked after every run. */
static unsigned long g_lsan_every = 8;
static unsigned long g_lsan_pending;      /* runs since the last check */
static unsigned long g_lsan_window_first; /* the N of the first of them */
#endif

int fw_failures(void)
{
    return g_failures;
}

int fw_finish(void)
{
    if (g_failures)
        fprintf(stderr, "fault: %d failed check%s\n", g_failures, g_failures == 1 ? "" : "s");
    return g_failures ? 1 : 0;
}

/* "exe+0xOFFSET" (what addr2line -e takes) for a code address. */
static void describe_address(void *addr, char *buf, size_t len)
{
    Dl_info info;
    if (addr && dladdr(addr, &info) && info.dli_fname) {
        const char *base = strrchr(info.dli_fname, '/');
        snprintf(buf, len, "%s+0x%lx", base ? base + 1 : info.dli_fname,
                 (unsigned long)((uintptr_t)addr - (uintptr_t)info.dli_fbase));
    } else {
        snprintf(buf, len, "%p", addr);
    }
}

void fw_fail(const char *file, int line, const char *fmt, ...)
{
    bool armed = fi_armed();
    fi_pause();
    g_failures++;
    if (g_failures <= 200) {
        char where[256] = "";
        if (fi_injected()) {
            char caller[200];
            describe_address(fi_injected_caller(), caller, sizeof caller);
            snprintf(where, sizeof where, "%s failed, called from %s", fi_injected_symbol(),
                     caller);
        } else {
            snprintf(where, sizeof where, "no failure injected");
        }
        fprintf(stderr, "FAIL %s N=%lu (%s) %s:%d: ", g_path, g_fail_at, where, file, line);
        va_list ap;
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
    }
    if (armed) fi_resume();
}

void fw_check_failed(const char *file, int line, const char *cond, const char *fmt, ...)
{
    char details[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(details, sizeof details, fmt, ap);
    va_end(ap);
    fw_fail(file, line, "check failed: %s%s", cond, details);
}

void fw_saw_failure(void)
{
    g_saw = true;
    fi_stop_failing();
}

bool fw_ok(warden_error_t *err, unsigned kinds, const char *what, const char *file, int line)
{
    if (!err) return true;
    FW_UNCOUNTED({
        const char *msg = warden_error_message(err);
        warden_error_kind_t kind = warden_error_kind(err);
        if (!fi_injected())
            fw_fail(file, line, "%s: error with no failure injected: %s", what, msg);
        else if (!(kinds & FW_KIND(kind)))
            fw_fail(file, line, "%s: error of kind %d after a failed %s: %s", what, (int)kind,
                    fi_injected_symbol(), msg);
        if (!msg || !*msg) fw_fail(file, line, "%s: error without a message", what);
        fw_saw_failure();
        warden_error_delete(err);
    });
    return false;
}

bool fw_must(warden_error_t *err, const char *what, const char *file, int line)
{
    if (!err) return true;
    FW_UNCOUNTED({
        fw_fail(file, line, "%s: unexpected error: %s", what, warden_error_message(err));
        warden_error_delete(err);
    });
    return false;
}

bool fw_trap(warden_trap_t *trap, warden_trap_kind_t expected, const char *what, const char *file,
             int line)
{
    if (!trap) {
        if (expected)
            fw_fail(file, line, "%s: no trap, expected %s", what, warden_trap_kind_name(expected));
        return !expected;
    }
    bool as_due = false;
    FW_UNCOUNTED({
        warden_trap_kind_t kind = warden_trap_kind(trap);
        const char *msg = warden_trap_message(trap);
        if (kind == expected) {
            as_due = true;
        } else if (fi_injected() && kind == WARDEN_TRAP_HOST && msg &&
                   strstr(msg, "out of memory")) {
            fw_saw_failure();
        } else {
            fw_fail(file, line, "%s: trap %s (%s), expected %s", what, warden_trap_kind_name(kind),
                    msg ? msg : "(no message)",
                    expected ? warden_trap_kind_name(expected) : "none");
        }
        warden_trap_delete(trap);
    });
    return as_due;
}

static void empty_dir_fd(int fd)
{
    int dup_fd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    DIR *d = fdopendir(dup_fd);
    if (!d) {
        close(dup_fd);
        return;
    }
    for (struct dirent *e; (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (unlinkat(fd, e->d_name, 0) == 0) continue;
        int sub = openat(fd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sub >= 0) {
            empty_dir_fd(sub);
            close(sub);
        }
        unlinkat(fd, e->d_name, AT_REMOVEDIR);
    }
    closedir(d);
}

void fw_empty_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    empty_dir_fd(fd);
    close(fd);
}

uint8_t *fw_read_file(const char *dir, const char *name, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    uint8_t *bytes = NULL;
    FW_UNCOUNTED(bytes = read_whole_file(path, len));
    if (!bytes) {
        fprintf(stderr, "fault: cannot read %s\n", path);
        exit(2);
    }
    return bytes;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static bool balanced(const fi_balance *a, const fi_balance *b)
{
    return a->heap == b->heap && a->maps == b->maps && a->files == b->files && a->dirs == b->dirs &&
           a->fds == b->fds && a->threads == b->threads;
}

/* A run that takes this long is stuck: the program ends naming it. */
#define FW_RUN_SECONDS 60

static void stuck(int sig)
{
    (void)sig;
    char msg[256];
    int n = snprintf(msg, sizeof msg,
                     "FAIL %s N=%lu (%s failed): the run did not end within %d s\n", g_path,
                     g_fail_at, fi_injected() ? fi_injected_symbol() : "nothing", FW_RUN_SECONDS);
    if (n > 0 && write(STDERR_FILENO, msg, (size_t)n) < 0) _exit(3);
    _exit(3);
}

#ifdef FW_LSAN
/* LeakSanitizer over the runs since the last check. */
static void leak_check(void)
{
    if (!g_lsan_pending) return;
    unsigned long first = g_lsan_window_first, count = g_lsan_pending;
    g_lsan_pending = 0;
    if (__lsan_do_recoverable_leak_check())
        fw_fail(__FILE__, __LINE__,
                "LeakSanitizer found a leak (report above) in the runs N=%lu to %lu (the run "
                "with nothing failing is N=0)",
                first, first + count - 1);
}
#endif

/* One run with the Nth call failing; checks the balance afterwards. */
static void run_once(void (*run)(void *env), void *env, unsigned long fail_at)
{
    fi_balance before, after;
    fi_balance_now(&before);
    g_fail_at = fail_at;
    g_saw = false;
    signal(SIGALRM, stuck);
    alarm(FW_RUN_SECONDS);
    fi_arm_persistent(fail_at, g_persistent);
    run(env);
    fi_disarm();
    alarm(0);
    fi_balance_now(&after);
    /* A joined thread can still be listed for a moment while the kernel finishes its exit. */
    for (int i = 0; i < 200 && after.threads > before.threads; i++) {
        struct timespec nap = {0, 1000000};
        nanosleep(&nap, NULL);
        fi_balance_now(&after);
    }
    if (!balanced(&before, &after))
        fw_fail(__FILE__, __LINE__,
                "left behind: heap blocks %+ld, mappings %+ld, FILEs %+ld, DIRs %+ld, "
                "descriptors %+ld, threads %+ld",
                after.heap - before.heap, after.maps - before.maps, after.files - before.files,
                after.dirs - before.dirs, after.fds - before.fds, after.threads - before.threads);
#ifdef FW_LSAN
    if (g_lsan) {
        if (!g_lsan_pending++) g_lsan_window_first = fail_at;
        if (g_lsan_pending >= g_lsan_every) leak_check();
    }
#endif
}

#define FW_MAX_CALLERS 4096

unsigned long fw_walk(const char *path, void (*run)(void *env), void *env)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    g_path = path;
    int failures_before = g_failures;
    g_persistent = getenv("FAULT_PERSISTENT") != NULL;

    /* Nothing failing: the scenario must work, and it counts the sites. */
    run_once(run, env, 0);
    unsigned long sites = fi_calls();
    if (g_saw) fw_fail(__FILE__, __LINE__, "the run with nothing failing reported a failure");

    size_t nsym = fi_symbol_count();
    unsigned long *per_symbol = calloc(nsym, sizeof *per_symbol);
    void **callers = calloc(FW_MAX_CALLERS, sizeof *callers);
    size_t ncallers = 0;
    unsigned long absorbed = 0;
    if (!per_symbol || !callers) {
        fprintf(stderr, "fault: out of memory\n");
        exit(2);
    }
    bool verbose = getenv("FAULT_VERBOSE") != NULL;
#ifdef FW_LSAN
    g_lsan = getenv("FAULT_NO_LSAN") == NULL;
    const char *every = getenv("FAULT_LSAN_EVERY");
    if (every && strtoul(every, NULL, 10) > 0) g_lsan_every = strtoul(every, NULL, 10);
#endif
    for (unsigned long n = 1; n <= sites; n++) {
        run_once(run, env, n);
        if (!fi_injected()) {
            /* The calls before the Nth are those of the run with nothing failing. */
            fw_fail(__FILE__, __LINE__,
                    "call %lu of %lu was never made: the path is not "
                    "deterministic",
                    n, sites);
            continue;
        }
        size_t s = fi_symbol_index(fi_injected_symbol());
        if (s < nsym) per_symbol[s]++;
        void *caller = fi_injected_caller();
        bool known = false;
        for (size_t i = 0; i < ncallers && !known; i++) known = callers[i] == caller;
        if (!known && ncallers < FW_MAX_CALLERS) callers[ncallers++] = caller;
        if (!g_saw) absorbed++;
        if (verbose) {
            char where[200];
            describe_address(caller, where, sizeof where);
            printf("fault: %s N=%lu %s from %s: %s\n", path, n, fi_injected_symbol(), where,
                   g_saw ? "reported" : "absorbed");
        }
    }
    /* One past the last site: nothing fails again. */
    run_once(run, env, sites + 1);
    if (fi_injected()) fw_fail(__FILE__, __LINE__, "a run made more calls than the first one");
#ifdef FW_LSAN
    if (g_lsan) leak_check();
#endif

    char summary[2048];
    size_t used = 0;
    for (size_t i = 0; i < nsym && used < sizeof summary; i++) {
        if (!per_symbol[i]) continue;
        used += (size_t)snprintf(summary + used, sizeof summary - used, "%s%s %lu",
                                 used ? ", " : "", fi_symbol_name(i), per_symbol[i]);
    }
    printf("fault: %-22s %5lu sites (%zu call sites in the code; %lu absorbed) in %.2f s: %s%s\n",
           path, sites, ncallers, absorbed, seconds_since(&t0), used ? summary : "none",
           g_failures > failures_before ? "  [FAILED]" : "");
    fflush(stdout);
    free(per_symbol);
    free(callers);
    g_path = "-";
    return sites;
}
