#include "fuzz_support.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* ---- buffers -----------------------------------------------------------------------------------
 */

static void buf_reserve(fz_buf_t *buf, size_t extra)
{
    if (buf->len + extra + 1 <= buf->cap) return;
    size_t cap = buf->cap ? buf->cap : 256;
    while (cap < buf->len + extra + 1) cap *= 2;
    char *data = realloc(buf->data, cap);
    if (!data) fz_fail("out of memory");
    buf->data = data;
    buf->cap = cap;
}

void fz_buf_clear(fz_buf_t *buf)
{
    buf->len = 0;
    if (buf->data) buf->data[0] = '\0';
}

void fz_buf_free(fz_buf_t *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
}

void fz_buf_append(fz_buf_t *buf, const void *bytes, size_t len)
{
    buf_reserve(buf, len);
    if (len) memcpy(buf->data + buf->len, bytes, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
}

void fz_buf_printf(fz_buf_t *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    buf_reserve(buf, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    buf->len += (size_t)n;
}

/* ---- temporary directory --------------------------------------------------------------------- */

/* libFuzzer runs the target in one process: the directory is made once and kept for its life. */
static char tmpdir[512];
static pid_t tmpdir_owner;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_DP || flag == FTW_D) return rmdir(path) == 0 || errno == ENOENT ? 0 : -1;
    return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
}

int fz_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return errno == ENOENT ? 0 : -1;
    /* Directories below may have lost their permissions (path_filestat_set_times cannot change
     * them, but a test may): nftw reports what it cannot enter; removal then fails loudly. */
    return nftw(path, remove_entry, 32, FTW_DEPTH | FTW_PHYS);
}

static void remove_tmpdir(void)
{
    if (tmpdir[0] && getpid() == tmpdir_owner) fz_remove_tree(tmpdir);
}

const char *fz_tmpdir(void)
{
    if (tmpdir[0]) return tmpdir;
    /* Memory-backed by preference: the targets write files on every input, and fsync there
     * costs nothing. */
    const char *base = getenv("TMPDIR");
    if (!base || !*base) base = access("/dev/shm", W_OK | X_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(tmpdir, sizeof tmpdir, "%s/warden-fuzz-XXXXXX", base);
    if (!mkdtemp(tmpdir)) {
        fprintf(stderr, "warden fuzz: cannot make a directory under %s: %s\n", base,
                strerror(errno));
        abort();
    }
    tmpdir_owner = getpid();
    atexit(remove_tmpdir);
    return tmpdir;
}

void fz_tmppath(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", fz_tmpdir(), name);
}

void fz_write_file(const char *path, const void *bytes, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) fz_fail("cannot write %s: %s", path, strerror(errno));
    const uint8_t *p = bytes;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fz_fail("cannot write %s: %s", path, strerror(errno));
        p += n;
        len -= (size_t)n;
    }
    close(fd);
}

uint8_t *fz_read_file(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    fz_buf_t buf = {0};
    char chunk[65536];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            close(fd);
            fz_buf_free(&buf);
            return NULL;
        }
        if (n == 0) break;
        fz_buf_append(&buf, chunk, (size_t)n);
    }
    close(fd);
    if (!buf.data) fz_buf_append(&buf, "", 0);
    *len = buf.len;
    return (uint8_t *)buf.data;
}

/* ---- child processes ---------------------------------------------------------------------------
 */

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int fz_run(const char *const argv[], fz_buf_t *out, fz_buf_t *err, int timeout_ms)
{
    int pout[2] = {-1, -1}, perr[2] = {-1, -1};
    if (out && pipe2(pout, O_CLOEXEC) != 0) return -1;
    if (err && pipe2(perr, O_CLOEXEC) != 0) {
        if (out) {
            close(pout[0]);
            close(pout[1]);
        }
        return -1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    if (out)
        posix_spawn_file_actions_adddup2(&fa, pout[1], 1);
    else
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    if (err)
        posix_spawn_file_actions_adddup2(&fa, perr[1], 2);
    else
        posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (out) close(pout[1]);
    if (err) close(perr[1]);
    if (rc != 0) {
        if (out) close(pout[0]);
        if (err) close(perr[0]);
        return -1;
    }

    struct pollfd fds[2];
    fz_buf_t *bufs[2];
    int nfds = 0;
    if (out) {
        fds[nfds] = (struct pollfd){.fd = pout[0], .events = POLLIN};
        bufs[nfds++] = out;
    }
    if (err) {
        fds[nfds] = (struct pollfd){.fd = perr[0], .events = POLLIN};
        bufs[nfds++] = err;
    }
    int64_t deadline = now_ms() + timeout_ms;
    bool timed_out = false;
    int open_fds = nfds;
    while (open_fds > 0) {
        int64_t left = deadline - now_ms();
        if (left <= 0) {
            timed_out = true;
            break;
        }
        int n = poll(fds, (nfds_t)nfds, (int)left);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        for (int i = 0; i < nfds; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            char chunk[65536];
            ssize_t got = read(fds[i].fd, chunk, sizeof chunk);
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                open_fds--;
            } else {
                fz_buf_append(bufs[i], chunk, (size_t)got);
            }
        }
    }
    for (int i = 0; i < nfds; i++)
        if (fds[i].fd >= 0) close(fds[i].fd);

    int status = 0;
    if (!timed_out) {
        /* The pipes are closed; the child is exiting. Wait for it, but not forever. */
        for (;;) {
            pid_t w = waitpid(pid, &status, WNOHANG);
            if (w == pid) break;
            if (w < 0 && errno != EINTR) return -1;
            if (now_ms() >= deadline) {
                timed_out = true;
                break;
            }
            struct timespec ts = {0, 200000};
            nanosleep(&ts, NULL);
        }
    }
    if (timed_out) {
        kill(pid, SIGKILL);
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        return -2;
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

int fz_node_validates(const char *path)
{
#ifdef WARDEN_NODE
    static const char script[] =
        "process.exit(WebAssembly.validate(require('fs').readFileSync(process.argv[1])) ? 0 : 1)";
    const char *argv[] = {WARDEN_NODE, "--no-experimental-wasm-return-call", "-e", script, path,
                          NULL};
    int rc = fz_run(argv, NULL, NULL, 60000);
    return rc == 0 ? 1 : rc == 1 ? 0 : -1;
#else
    (void)path;
    return -1;
#endif
}

/* ---- reporting ---------------------------------------------------------------------------------
 */

void fz_fail(const char *fmt, ...)
{
    va_list ap;
    fputs("\nwarden fuzz: FAILURE: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n", stderr);
    fflush(stderr);
    abort();
}

bool fz_env_flag(const char *name)
{
    const char *v = getenv(name);
    return v && *v && strcmp(v, "0") != 0;
}

void fz_check(warden_error_t *err, const char *what)
{
    if (err) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", warden_error_message(err));
        warden_error_delete(err);
        fz_fail("%s failed: %s", what, msg);
    }
}

bool fz_contains(const uint8_t *hay, size_t n, const uint8_t *needle, size_t m)
{
    if (m == 0) return true;
    for (size_t i = 0; i + m <= n; i++) {
        size_t k = 0;
        while (k < m && hay[i + k] == needle[k]) k++;
        if (k == m) return true;
    }
    return false;
}

bool fz_buf_equal(const fz_buf_t *a, const fz_buf_t *b)
{
    if (a->len != b->len) return false;
    for (size_t i = 0; i < a->len; i++)
        if (a->data[i] != b->data[i]) return false;
    return true;
}

int fz_strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

int fz_open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.') n++;
    closedir(d);
    return n - 1; /* the directory stream's own descriptor */
}

/* ---- input stream ------------------------------------------------------------------------------
 */

uint8_t fz_u8(fz_input_t *in)
{
    return in->pos < in->len ? in->data[in->pos++] : 0;
}

uint16_t fz_u16(fz_input_t *in)
{
    uint16_t lo = fz_u8(in);
    return (uint16_t)(lo | (uint16_t)fz_u8(in) << 8);
}

uint32_t fz_u32(fz_input_t *in)
{
    uint32_t lo = fz_u16(in);
    return lo | (uint32_t)fz_u16(in) << 16;
}

uint64_t fz_u64(fz_input_t *in)
{
    uint64_t lo = fz_u32(in);
    return lo | (uint64_t)fz_u32(in) << 32;
}

bool fz_more(const fz_input_t *in)
{
    return in->pos < in->len;
}

uint32_t fz_below(fz_input_t *in, uint32_t n)
{
    if (n <= 256) return fz_u8(in) % n;
    if (n <= 65536) return fz_u16(in) % n;
    return fz_u32(in) % n;
}

void fz_buf_put_byte(fz_buf_t *buf, uint8_t byte)
{
    fz_buf_append(buf, &byte, 1);
}

void fz_buf_put_uleb(fz_buf_t *buf, uint64_t v)
{
    do {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        if (v) byte |= 0x80;
        fz_buf_append(buf, &byte, 1);
    } while (v);
}
