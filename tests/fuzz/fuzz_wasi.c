/* fuzz_wasi: the WASI layer driven by the input. A fixed guest (wat/wasi_guest.wat) exports one
 * wrapper per wasi_snapshot_preview1 function; the input chooses a sequence of calls, their
 * arguments (descriptors, flags, offsets, out-pointers, some of them out of bounds) and the memory
 * they read (paths, iovecs, poll subscriptions, data), and the standard input.
 *
 * Every input runs in a fresh directory tree under the process's temporary directory:
 *   wasi/box      preopened read-write as "/box" (descriptor 3): files, a directory, symbolic links
 *                 (to a file, to ../outside/canary, to ../outside, to an absolute path, to itself)
 *   wasi/ro       preopened read-only as "/ro" (descriptor 4)
 *   wasi/outside  not granted: "canary" holds a secret made at start-up, and a file is named after
 * it After every call the guest's memory must not hold the secret (a read or a directory listing
 * that escaped would put it there). After the calls the context is deleted and these must hold, or
 * the target aborts: no descriptor left open, nothing added or removed next to box/ro/outside,
 * outside/ and ro/ exactly as before (names, types, sizes, contents, modification times).
 * ASan/LSan catch crashes and leaks.
 *
 * What could block or fill the disk is bounded: poll_oneoff gets its subscriptions from the
 * harness with clock timeouts under 1 ms; fd_allocate and fd_filestat_set_size get small sizes. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/fuzz_support.h"
#include "warden.h"
#include "warden_wasi.h"

#ifndef WARDEN_FUZZ_WASI_GUEST
#error "WARDEN_FUZZ_WASI_GUEST must name the guest module"
#endif

#define MEM_SIZE 65536u
#define MAX_CALLS 48
#define FUEL 100000u

/* Regions of the guest's memory the harness fills. */
#define STR_AREA 0x0000u  /* paths */
#define IOV_AREA 0x1000u  /* iovec arrays */
#define DATA_AREA 0x2000u /* buffers the iovecs point to */
#define DATA_SIZE 0x6000u
#define OUT_AREA 0x8000u /* where results go */
#define SUB_AREA 0xC000u /* poll subscriptions */
#define EVT_AREA 0xE000u /* poll events */

/* Argument roles:
 *   F descriptor      O out-pointer       S path (pointer, the next N its length)
 *   V iovec array (the next C its count)   X flags or enum      I 64-bit offset/size/time
 *   R rights          B buffer (the next L its length)          A fd_allocate / set_size size
 *   Q poll subscriptions (the next K their count)                E poll events */
typedef struct wasi_fn {
    const char *name;
    const char *roles;
    unsigned weight; /* how often it is chosen, relative */
} wasi_fn_t;

static const wasi_fn_t k_fns[] = {
    {"args_get", "OO", 1},
    {"args_sizes_get", "OO", 1},
    {"environ_get", "OO", 1},
    {"environ_sizes_get", "OO", 1},
    {"clock_res_get", "XO", 1},
    {"clock_time_get", "XIO", 1},
    {"random_get", "BL", 1},
    {"fd_close", "F", 2},
    {"fd_datasync", "F", 1},
    {"fd_fdstat_get", "FO", 2},
    {"fd_fdstat_set_flags", "FX", 2},
    {"fd_fdstat_set_rights", "FRR", 2},
    {"fd_pread", "FVCIO", 3},
    {"fd_prestat_get", "FO", 1},
    {"fd_prestat_dir_name", "FBL", 1},
    {"fd_pwrite", "FVCIO", 3},
    {"fd_read", "FVCO", 3},
    {"fd_renumber", "FF", 2},
    {"fd_seek", "FIXO", 2},
    {"fd_sync", "F", 1},
    {"fd_tell", "FO", 1},
    {"fd_write", "FVCO", 3},
    {"fd_advise", "FIIX", 1},
    {"fd_allocate", "FAA", 1},
    {"fd_filestat_get", "FO", 2},
    {"fd_filestat_set_size", "FA", 1},
    {"fd_filestat_set_times", "FIIX", 1},
    {"fd_readdir", "FBLIO", 3},
    {"path_open", "FXSNXRRXO", 8},
    {"path_create_directory", "FSN", 3},
    {"path_filestat_get", "FXSNO", 3},
    {"path_filestat_set_times", "FXSNIIX", 2},
    {"path_link", "FXSNFSN", 3},
    {"path_readlink", "FSNBLO", 3},
    {"path_remove_directory", "FSN", 2},
    {"path_rename", "FSNFSN", 3},
    {"path_symlink", "SNFSN", 3},
    {"path_unlink_file", "FSN", 2},
    {"poll_oneoff", "QEKO", 2},
    {"proc_exit", "X", 1},
    {"proc_raise", "X", 1},
    {"sched_yield", "", 1},
    {"sock_accept", "FXO", 1},
    {"sock_recv", "FVCXOO", 1},
    {"sock_send", "FVCXO", 1},
    {"sock_shutdown", "FX", 1},
};
#define NFNS (sizeof k_fns / sizeof k_fns[0])

/* Paths worth trying (with their lengths: one holds a NUL); the input may also spell its own. */
#define P(s) {s, sizeof(s) - 1}
static const struct {
    const char *s;
    size_t len;
} k_paths[] = {
    P("."),
    P(".."),
    P("a"),
    P("d"),
    P("d/f"),
    P("d/.."),
    P("d/../a"),
    P("./d/./f"),
    P("a/"),
    P("a/."),
    P("d/"),
    P(""),
    P("/"),
    P("l"),
    P("esc"),
    P("abs"),
    P("loop"),
    P("dl"),
    P("dl/f"),
    P("esc/.."),
    P("../outside/canary"),
    P("../box/a"),
    P("../../wasi/outside"),
    P("/etc/passwd"),
    P("..//.."),
    P("new"),
    P("d/new"),
    P("n/e/w"),
    P("newdir"),
    P("newdir/x"),
    P("ro"),
    P("r"),
    P("../ro/r"),
    P("a/../../outside"),
    P("escdir"),
    P("escdir/canary"),
    P("d/f/"),
    P("l/"),
    P(".//a"),
    P("//a"),
    P("a\0b"),
    P("\xff\xfe"),
    P("d/../../box/a"),
    P("loop/x"),
    P("l2"),
};
#undef P
#define NPATHS (sizeof k_paths / sizeof k_paths[0])

static warden_engine_t *engine;
static warden_module_t *module;
static uint32_t func_weight_total;
static bool debug;
static char root[600], box[700], ro[700], outside[700];
/* Hex, from /dev/urandom: the input cannot spell it, as long as no intercepted comparison sees it
 * (fz_contains and fz_buf_equal, not memmem or strcmp). */
static char secret[33];
static fz_buf_t snap_before_outside, snap_before_ro, snap_after;

/* ---- the directory tree ------------------------------------------------------------------------
 */

static void mkfile(const char *dir, const char *name, const char *content)
{
    char p[900];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    fz_write_file(p, content, strlen(content));
}

static void mklink(const char *dir, const char *name, const char *target)
{
    char p[900];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    if (symlink(target, p) != 0) fz_fail("symlink %s: %s", p, strerror(errno));
}

static void mkdir_or_fail(const char *p)
{
    if (mkdir(p, 0755) != 0) fz_fail("mkdir %s: %s", p, strerror(errno));
}

static void make_tree(void)
{
    if (fz_remove_tree(root) != 0) fz_fail("cannot remove %s: %s", root, strerror(errno));
    mkdir_or_fail(root);
    mkdir_or_fail(box);
    mkdir_or_fail(ro);
    mkdir_or_fail(outside);
    mkfile(box, "a", "contents of a\n");
    char d[800];
    snprintf(d, sizeof d, "%s/d", box);
    mkdir_or_fail(d);
    mkfile(d, "f", "f in d\n");
    mklink(box, "l", "a");
    mklink(box, "dl", "d");
    mklink(box, "esc", "../outside/canary");
    mklink(box, "escdir", "../outside");
    mklink(box, "abs", "/etc/passwd");
    mklink(box, "loop", "loop");
    mklink(box, "l2", "l");
    mkfile(ro, "r", "read only\n");
    mklink(ro, "up", "../box/a");
    mkfile(outside, "canary", secret);
    char named[64];
    snprintf(named, sizeof named, "s-%s", secret);
    mkfile(outside, named, "must not change\n");
}

/* A listing of everything below `path`, without following links. */
static void snapshot(const char *path, const char *rel, fz_buf_t *out)
{
    DIR *dir = opendir(path);
    if (!dir) {
        fz_buf_printf(out, "%s: cannot open (%s)\n", rel, strerror(errno));
        return;
    }
    /* Sorted, so that the order of readdir does not matter. */
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (fz_strcmp(e->d_name, ".") == 0 || fz_strcmp(e->d_name, "..") == 0) continue;
        names = realloc(names, (n + 1) * sizeof *names);
        names[n++] = strdup(e->d_name);
    }
    closedir(dir);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (fz_strcmp(names[j], names[i]) < 0) {
                char *t = names[i];
                names[i] = names[j];
                names[j] = t;
            }
    for (size_t i = 0; i < n; i++) {
        char p[1200], r[1200];
        snprintf(p, sizeof p, "%s/%s", path, names[i]);
        snprintf(r, sizeof r, "%s/%s", rel, names[i]);
        struct stat st;
        if (lstat(p, &st) != 0) {
            fz_buf_printf(out, "%s: gone\n", r);
        } else if (S_ISDIR(st.st_mode)) {
            fz_buf_printf(out, "%s/ mode %o mtime %lld.%09ld\n", r, (unsigned)st.st_mode,
                          (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
            snapshot(p, r, out);
        } else if (S_ISLNK(st.st_mode)) {
            char target[1024];
            ssize_t k = readlink(p, target, sizeof target - 1);
            target[k < 0 ? 0 : k] = '\0';
            fz_buf_printf(out, "%s -> %s\n", r, target);
        } else {
            size_t len = 0;
            uint8_t *bytes = S_ISREG(st.st_mode) ? fz_read_file(p, &len) : NULL;
            fz_buf_printf(out, "%s mode %o size %lld mtime %lld.%09ld: ", r, (unsigned)st.st_mode,
                          (long long)st.st_size, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
            fz_buf_append(out, bytes, len);
            fz_buf_append(out, "\n", 1);
            free(bytes);
        }
        free(names[i]);
    }
    free(names);
}

/* The directory's own line (its mtime shows entries added and removed), then what it holds. */
static void snapshot_top(const char *path, const char *rel, fz_buf_t *out)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        fz_buf_printf(out, "%s: gone\n", rel);
    else
        fz_buf_printf(out, "%s/ mode %o mtime %lld.%09ld\n", rel, (unsigned)st.st_mode,
                      (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    snapshot(path, rel, out);
}

static void check_root_entries(void)
{
    /* Exactly box, ro and outside in wasi/, exactly wasi in the process's directory. */
    const char *dirs[2] = {root, fz_tmpdir()};
    for (int k = 0; k < 2; k++) {
        DIR *dir = opendir(dirs[k]);
        if (!dir) fz_fail("cannot list %s: %s", dirs[k], strerror(errno));
        struct dirent *e;
        while ((e = readdir(dir)) != NULL) {
            const char *n = e->d_name;
            if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0) continue;
            bool ok =
                k == 0 ? strcmp(n, "box") == 0 || strcmp(n, "ro") == 0 || strcmp(n, "outside") == 0
                       : strcmp(n, "wasi") == 0;
            if (!ok)
                fz_fail("the guest created \"%s\" in %s, outside the directories it was given", n,
                        dirs[k]);
        }
        closedir(dir);
    }
}

/* ---- the calls ---------------------------------------------------------------------------------
 */

static uint32_t pick_fd(fz_input_t *in)
{
    uint8_t b = fz_u8(in);
    if (b < 200) return b % 10; /* stdio, preopens, what path_open returned */
    if (b < 240) return b % 32;
    return fz_u32(in);
}

static uint32_t pick_ptr(fz_input_t *in, uint32_t base, uint32_t span, uint32_t align)
{
    uint8_t b = fz_u8(in);
    if (b < 220) return base + (fz_below(in, span / align)) * align;
    if (b < 240) return MEM_SIZE - fz_below(in, 32); /* straddles the end */
    return fz_u32(in);
}

static uint64_t pick_i64(fz_input_t *in)
{
    uint8_t b = fz_u8(in);
    if (b < 128) return fz_u8(in);
    if (b < 192) return fz_u16(in);
    if (b < 224) return fz_u32(in);
    return fz_u64(in);
}

static uint32_t pick_flags(fz_input_t *in)
{
    uint8_t b = fz_u8(in);
    if (b < 200) return fz_u8(in) & 0x3f;
    if (b < 240) return fz_u16(in);
    return fz_u32(in);
}

/* Writes a path into the string area; returns its pointer and length. */
static void put_path(fz_input_t *in, uint8_t *mem, uint32_t *slot, uint32_t *ptr, uint32_t *len)
{
    uint8_t how = fz_u8(in);
    char buf[600];
    size_t n;
    if (how < 200) {
        uint32_t i = fz_below(in, NPATHS);
        n = k_paths[i].len;
        memcpy(buf, k_paths[i].s, n);
        if (how < 30) { /* join two */
            uint32_t j = fz_below(in, NPATHS);
            buf[n++] = '/';
            memcpy(buf + n, k_paths[j].s, k_paths[j].len);
            n += k_paths[j].len;
        }
    } else if (how < 250) {
        n = fz_below(in, 40);
        for (size_t i = 0; i < n; i++) buf[i] = (char)fz_u8(in);
    } else {
        n = 300 + fz_below(in, 200); /* long: past NAME_MAX */
        memset(buf, 'x', n);
    }
    if (*slot + n > 0x1000) *slot = 0;
    memcpy(mem + STR_AREA + *slot, buf, n);
    *ptr = STR_AREA + *slot;
    *len = (uint32_t)n;
    *slot += (uint32_t)n;
    uint8_t skew = fz_u8(in);
    if (skew > 250)
        *len += skew - 250; /* reads past the path */
    else if (skew == 250)
        *len = fz_u32(in);
}

static void put_iovecs(fz_input_t *in, uint8_t *mem, uint32_t *ptr, uint32_t *count)
{
    uint32_t n = fz_below(in, 5);
    uint32_t at = IOV_AREA + fz_below(in, 64) * 8;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t buf = DATA_AREA + fz_below(in, DATA_SIZE);
        uint32_t len = fz_below(in, 512);
        uint8_t odd = fz_u8(in);
        if (odd > 245)
            len = fz_u32(in); /* past the end of memory */
        else if (odd > 240)
            buf = fz_u32(in);
        memcpy(mem + at + i * 8, &buf, 4);
        memcpy(mem + at + i * 8 + 4, &len, 4);
    }
    *ptr = at;
    *count = n;
    uint8_t odd = fz_u8(in);
    if (odd > 250)
        *count = fz_u32(in);
    else if (odd > 245)
        *ptr = MEM_SIZE - 4;
}

static void put_subscriptions(fz_input_t *in, uint8_t *mem, uint32_t *ptr, uint32_t *count)
{
    uint32_t n = fz_below(in, 5);
    for (uint32_t i = 0; i < n; i++) {
        uint8_t *s = mem + SUB_AREA + i * 48;
        for (int b = 0; b < 48; b++) s[b] = fz_u8(in);
        s[8] = s[8] % 4; /* tag: clock, fd_read, fd_write, or an unknown one */
        if (s[8] == 0) {
            uint64_t timeout = fz_below(in, 1000000); /* < 1 ms, absolute ones long past */
            memcpy(s + 24, &timeout, 8);
        } else {
            uint32_t fd = s[16] % 10;
            memcpy(s + 16, &fd, 4);
        }
    }
    *ptr = SUB_AREA;
    *count = n;
}

static void call_one(fz_input_t *in, warden_store_t *store, warden_instance_t *instance,
                     uint8_t *mem)
{
    uint32_t w = fz_below(in, func_weight_total);
    const wasi_fn_t *fn = &k_fns[0];
    for (size_t i = 0; i < NFNS; i++) {
        if (w < k_fns[i].weight) {
            fn = &k_fns[i];
            break;
        }
        w -= k_fns[i].weight;
    }
    /* proc_exit ends the guest for good: only now and then. */
    if (strcmp(fn->name, "proc_exit") == 0 && fz_u8(in) < 200) fn = &k_fns[0];

    warden_func_t *f = warden_instance_export_func(instance, fn->name);
    if (!f) fz_fail("the guest does not export %s", fn->name);
    const warden_functype_t *type = warden_func_type(f);
    warden_val_t args[16], result;
    uint32_t slot = 0;
    uint32_t pending_len = 0;
    size_t np = strlen(fn->roles);
    if (np != type->nparams)
        fz_fail("%s: %zu roles for %u parameters", fn->name, np, type->nparams);
    for (size_t i = 0; i < np; i++) {
        args[i].kind = type->params[i];
        uint64_t v = 0;
        switch (fn->roles[i]) {
        case 'F': v = pick_fd(in); break;
        case 'O': v = pick_ptr(in, OUT_AREA, 0x4000, 8); break;
        case 'E': v = pick_ptr(in, EVT_AREA, 0x1000, 8); break;
        case 'B': v = pick_ptr(in, DATA_AREA, DATA_SIZE, 1); break;
        case 'L': {
            uint8_t b = fz_u8(in);
            v = b < 240 ? fz_below(in, 1024) : fz_u32(in);
            break;
        }
        case 'X': v = pick_flags(in); break;
        case 'I': v = pick_i64(in); break;
        case 'R': v = fz_u8(in) < 128 ? ~(uint64_t)0 : fz_u64(in); break;
        case 'A': v = fz_below(in, 1u << 20); break;
        case 'S': {
            uint32_t p, n;
            put_path(in, mem, &slot, &p, &n);
            v = p;
            pending_len = n;
            break;
        }
        case 'V': {
            uint32_t p, n;
            put_iovecs(in, mem, &p, &n);
            v = p;
            pending_len = n;
            break;
        }
        case 'Q': {
            uint32_t p, n;
            put_subscriptions(in, mem, &p, &n);
            v = p;
            pending_len = n;
            break;
        }
        case 'N':
        case 'C':
        case 'K': v = pending_len; break;
        default: fz_fail("unknown role %c", fn->roles[i]);
        }
        if (args[i].kind == WARDEN_I64)
            args[i].of.i64 = (int64_t)v;
        else
            args[i].of.i32 = (int32_t)(uint32_t)v;
    }
    /* Data for writes: a few bytes of the input into the buffers. */
    uint32_t at = DATA_AREA + fz_below(in, DATA_SIZE - 64);
    for (int i = 0; i < 16; i++) mem[at + i] = fz_u8(in);

    warden_trap_t *trap = NULL;
    fz_check(warden_store_set_fuel(store, FUEL), "warden_store_set_fuel");
    warden_error_t *err =
        warden_func_call(store, f, args, type->nparams, &result, type->nresults, &trap);
    if (err) {
        char msg[300];
        snprintf(msg, sizeof msg, "%s", warden_error_message(err));
        warden_error_delete(err);
        fz_fail("calling %s failed: %s", fn->name, msg);
    }
    if (debug)
        fprintf(stderr, "%s(...) -> %s\n", fn->name,
                trap             ? warden_trap_message(trap)
                : type->nresults ? "errno"
                                 : "()");
    if (fz_contains(mem, MEM_SIZE, (const uint8_t *)secret, strlen(secret)))
        fz_fail("after %s, the guest's memory holds the secret of a file outside its directories",
                fn->name);
    if (trap) {
        warden_trap_kind_t kind = warden_trap_kind(trap);
        warden_trap_delete(trap);
        /* proc_exit and proc_raise end the guest with a host trap; nothing else may trap. */
        if (kind != WARDEN_TRAP_HOST)
            fz_fail("%s trapped with %s", fn->name, warden_trap_kind_name(kind));
    } else if (type->nresults && (uint32_t)result.of.i32 > 76) {
        fz_fail("%s returned %" PRId32 ", which is not a WASI errno", fn->name, result.of.i32);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    debug = fz_env_flag("WARDEN_FUZZ_DEBUG");
    for (size_t i = 0; i < NFNS; i++) func_weight_total += k_fns[i].weight;
    warden_config_t config;
    warden_config_default(&config);
    config.consume_fuel = true;
    fz_check(warden_engine_new_with_config(&config, &engine), "warden_engine_new");
    size_t len;
    uint8_t *bytes = fz_read_file(WARDEN_FUZZ_WASI_GUEST, &len);
    if (!bytes) fz_fail("cannot read the guest %s", WARDEN_FUZZ_WASI_GUEST);
    fz_check(warden_module_new(engine, bytes, len, &module), "loading the guest");
    free(bytes);
    uint8_t raw[16];
    int rfd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (rfd < 0 || read(rfd, raw, sizeof raw) != (ssize_t)sizeof raw)
        fz_fail("cannot read /dev/urandom");
    close(rfd);
    for (int i = 0; i < 16; i++) snprintf(secret + 2 * i, 3, "%02x", raw[i]);
    snprintf(root, sizeof root, "%s/wasi", fz_tmpdir());
    snprintf(box, sizeof box, "%s/box", root);
    snprintf(ro, sizeof ro, "%s/ro", root);
    snprintf(outside, sizeof outside, "%s/outside", root);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_input_t in = {data, size, 0};
    make_tree();
    fz_buf_clear(&snap_before_outside);
    fz_buf_clear(&snap_before_ro);
    snapshot_top(outside, "outside", &snap_before_outside);
    snapshot_top(ro, "ro", &snap_before_ro);
    int fds_before = fz_open_fds();

    warden_wasi_config_t *config;
    fz_check(warden_wasi_config_new(&config), "warden_wasi_config_new");
    fz_check(warden_wasi_config_push_arg(config, "guest"), "push_arg");
    fz_check(warden_wasi_config_push_arg(config, "--flag=value"), "push_arg");
    fz_check(warden_wasi_config_push_env(config, "HOME", "/box"), "push_env");
    fz_check(warden_wasi_config_push_env(config, "EMPTY", ""), "push_env");
    uint8_t setup = fz_u8(&in);
    fz_check(warden_wasi_config_preopen_dir(config, box, "/box", 0), "preopen box");
    fz_check(warden_wasi_config_preopen_dir(config, ro, "/ro", WARDEN_WASI_DIR_READONLY),
             "preopen ro");
    warden_wasi_config_portable_paths(config, setup & 1);
    size_t stdin_len = fz_below(&in, 64);
    if (stdin_len > size - in.pos) stdin_len = size - in.pos;
    fz_check(warden_wasi_config_stdin_bytes(config, data + in.pos, stdin_len), "stdin_bytes");
    in.pos += stdin_len;
    fz_check(warden_wasi_config_stdio_buffer(config, WARDEN_WASI_STDOUT, (setup & 2) ? 64 : 0),
             "stdout buffer");
    fz_check(warden_wasi_config_stdio_buffer(config, WARDEN_WASI_STDERR, 4096), "stderr buffer");

    warden_wasi_t *wasi;
    fz_check(warden_wasi_new(config, &wasi), "warden_wasi_new");
    warden_wasi_config_delete(config);
    warden_store_t *store;
    warden_linker_t *linker;
    fz_check(warden_store_new(engine, &store), "warden_store_new");
    fz_check(warden_linker_new(engine, &linker), "warden_linker_new");
    /* A small stack: the guest's wrappers need a few slots, and freeing the default 32 MiB under
     * ASan (its quarantine poisons every byte) would cost more than the rest of the input. */
    warden_store_limits_t limits;
    warden_store_limits_default(&limits);
    limits.max_stack_bytes = 64u << 10;
    limits.max_call_depth = 100;
    fz_check(warden_store_set_limits(store, &limits), "warden_store_set_limits");
    fz_check(warden_wasi_define(wasi, linker, store), "warden_wasi_define");
    warden_instance_t *instance = NULL;
    warden_trap_t *trap = NULL;
    fz_check(warden_store_set_fuel(store, FUEL), "warden_store_set_fuel");
    fz_check(warden_linker_instantiate(linker, store, module, &instance, &trap), "instantiate");
    if (trap) fz_fail("instantiating the guest trapped");
    warden_extern_t mem_ext;
    if (!warden_instance_export(instance, "memory", 6, &mem_ext) ||
        mem_ext.kind != WARDEN_EXTERN_MEMORY)
        fz_fail("the guest exports no memory");
    uint8_t *mem = warden_memory_data(mem_ext.of.memory);
    if (warden_memory_size(mem_ext.of.memory) != MEM_SIZE)
        fz_fail("the guest's memory is not one page");

    for (int i = 0; i < MAX_CALLS && fz_more(&in); i++) call_one(&in, store, instance, mem);

    size_t out_len, err_len;
    warden_wasi_output(wasi, WARDEN_WASI_STDOUT, &out_len);
    warden_wasi_output(wasi, WARDEN_WASI_STDERR, &err_len);
    if (out_len > ((setup & 2) ? 64u : SIZE_MAX) || err_len > 4096)
        fz_fail("buffered output past its limit: %zu / %zu bytes", out_len, err_len);
    int code;
    (void)warden_wasi_exit_code(wasi, &code);

    warden_linker_delete(linker);
    warden_store_delete(store);
    warden_wasi_delete(wasi);

    int fds_after = fz_open_fds();
    if (fds_after != fds_before)
        fz_fail("%d descriptors open before, %d after the context was deleted", fds_before,
                fds_after);
    check_root_entries();
    fz_buf_clear(&snap_after);
    snapshot_top(outside, "outside", &snap_after);
    if (!fz_buf_equal(&snap_after, &snap_before_outside))
        fz_fail("the directory outside the preopens changed:\nbefore:\n%s\nafter:\n%s",
                snap_before_outside.data, snap_after.data);
    fz_buf_clear(&snap_after);
    snapshot_top(ro, "ro", &snap_after);
    if (!fz_buf_equal(&snap_after, &snap_before_ro))
        fz_fail("the read-only preopen changed:\nbefore:\n%s\nafter:\n%s", snap_before_ro.data,
                snap_after.data);
    return 0;
}
