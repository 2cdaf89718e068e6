/* The code cache's files (llvm/cache.h). */
#include "llvm/cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* An entry larger than this is not read (no compiled module comes near it). */
#define WJ_CACHE_MAX_BYTES ((size_t)1 << 31)

void wj_cache_name(const uint8_t module[WD_SHA256_BYTES], const wj_target *target,
                   char name[WJ_CACHE_NAME_MAX])
{
    wd_sha256 s;
    wd_sha256_init(&s);
    wd_sha256_update(&s, module, WD_SHA256_BYTES);
    wd_sha256_update(&s, target->build, WD_SHA256_BYTES);
    wd_sha256_update(&s, target->cpu, WD_SHA256_BYTES);
    wd_sha256_update(&s, target->config, WD_SHA256_BYTES);
    uint8_t h[WD_SHA256_BYTES];
    wd_sha256_final(&s, h);
    for (int i = 0; i < WD_SHA256_BYTES; i++) snprintf(name + 2 * i, 3, "%02x", h[i]);
    snprintf(name + 2 * WD_SHA256_BYTES, WJ_CACHE_NAME_MAX - 2 * WD_SHA256_BYTES, ".wcode");
}

static char *entry_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + 1 + strlen(name) + 1;
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static uint8_t *read_file(const char *path, size_t *len)
{
    int fd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    struct stat st;
    uint8_t *b = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (uint64_t)st.st_size <= WJ_CACHE_MAX_BYTES)
        b = malloc((size_t)st.st_size);
    size_t got = 0;
    while (b && got < (size_t)st.st_size) {
        ssize_t r = read(fd, b + got, (size_t)st.st_size - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) {
            free(b);
            b = NULL;
            break;
        }
        got += (size_t)r;
    }
    close(fd);
    *len = got;
    return b;
}

uint8_t *wj_cache_get(const char *dir, const uint8_t module[WD_SHA256_BYTES],
                      const wj_target *target, wj_artifact *out)
{
    char name[WJ_CACHE_NAME_MAX];
    wj_cache_name(module, target, name);
    char *path = entry_path(dir, name);
    if (!path) return NULL;
    size_t len = 0;
    uint8_t *b = read_file(path, &len);
    free(path);
    if (!b) return NULL;
    char why[160];
    if (wj_artifact_read(b, len, out) || memcmp(out->module, module, WD_SHA256_BYTES) != 0 ||
        wj_target_mismatch(&out->target, target, why, sizeof why) || out->wasm) {
        free(b);
        return NULL;
    }
    return b;
}

/* Creates dir and its missing parents, private to the user. */
static bool make_dirs(const char *dir)
{
    char *p = strdup(dir);
    if (!p) return false;
    bool ok = true;
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s) continue;
        char c = *s;
        *s = 0;
        if (mkdirat(AT_FDCWD, p, 0700) != 0 && errno != EEXIST) ok = false;
        *s = c;
        if (!c || !ok) break;
    }
    free(p);
    return ok;
}

static bool write_all(int fd, const uint8_t *b, size_t len)
{
    while (len) {
        ssize_t w = write(fd, b, len);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        b += w;
        len -= (size_t)w;
    }
    return true;
}

/* A new file of its own in dir, for an entry being written: its descriptor, and its path in
 * *tmp (malloc'd); -1 when none could be made. */
static int temp_file(const char *dir, char **tmp)
{
    size_t tn = strlen(dir) + 64;
    *tmp = malloc(tn);
    if (!*tmp) return -1;
    for (int attempt = 0; attempt < 8; attempt++) {
        struct timespec t = {0, 0};
        clock_gettime(CLOCK_MONOTONIC, &t);
        snprintf(*tmp, tn, "%s/.tmp-%ld-%lx-%d", dir, (long)getpid(),
                 (unsigned long)t.tv_sec * 1000000000ul + (unsigned long)t.tv_nsec, attempt);
        int fd = openat(AT_FDCWD, *tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0 || errno != EEXIST) return fd;
    }
    return -1;
}

void wj_cache_put(const char *dir, const uint8_t module[WD_SHA256_BYTES], const wj_target *target,
                  const uint8_t *artifact, size_t len)
{
    if (!make_dirs(dir)) return;
    char name[WJ_CACHE_NAME_MAX];
    wj_cache_name(module, target, name);
    char *path = entry_path(dir, name), *tmp = NULL;
    int fd = path ? temp_file(dir, &tmp) : -1;
    if (fd >= 0) {
        bool ok = write_all(fd, artifact, len);
        ok = close(fd) == 0 && ok;
        if (!ok || renameat(AT_FDCWD, tmp, AT_FDCWD, path) != 0) unlinkat(AT_FDCWD, tmp, 0);
    }
    free(tmp);
    free(path);
}
