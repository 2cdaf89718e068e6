/* The code cache's files (llvm/cache.h). */
#include "llvm/cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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

/* Maps a whole entry, read-only: the page cache's pages are used as they are, neither copied nor
 * zeroed first, which is most of a hit's time for a big module. A mapping is marked used (its
 * modification time set to now), which is what wj_cache_trim orders entries by. */
static const uint8_t *map_file(const char *path, size_t *len)
{
    int fd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    struct stat st;
    void *b = MAP_FAILED;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (uint64_t)st.st_size <= WJ_CACHE_MAX_BYTES)
        b = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (b != MAP_FAILED)
        (void)futimens(fd, NULL); /* best effort: an entry left unmarked goes sooner */
    close(fd);
    if (b == MAP_FAILED) return NULL;
    *len = (size_t)st.st_size;
    return b;
}

void wj_cache_release(const uint8_t *bytes, size_t len)
{
    if (bytes) munmap((void *)(uintptr_t)bytes, len);
}

const uint8_t *wj_cache_get(const char *dir, const uint8_t module[WD_SHA256_BYTES],
                            const wj_target *target, wj_artifact *out, size_t *len)
{
    char name[WJ_CACHE_NAME_MAX];
    wj_cache_name(module, target, name);
    char *path = entry_path(dir, name);
    if (!path) return NULL;
    const uint8_t *b = map_file(path, len);
    free(path);
    if (!b) return NULL;
    char why[160];
    if (wj_artifact_read(b, *len, out) || memcmp(out->module, module, WD_SHA256_BYTES) != 0 ||
        wj_target_mismatch(&out->target, target, why, sizeof why) || out->wasm) {
        wj_cache_release(b, *len);
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
                  const uint8_t *artifact, size_t len, uint64_t max_bytes)
{
    if (len > max_bytes || !make_dirs(dir)) return;
    char name[WJ_CACHE_NAME_MAX];
    wj_cache_name(module, target, name);
    char *path = entry_path(dir, name), *tmp = NULL;
    int fd = path ? temp_file(dir, &tmp) : -1;
    if (fd >= 0) {
        bool ok = write_all(fd, artifact, len);
        ok = close(fd) == 0 && ok;
        if (!ok || renameat(AT_FDCWD, tmp, AT_FDCWD, path) != 0)
            unlinkat(AT_FDCWD, tmp, 0);
        else
            wj_cache_trim(dir, name, max_bytes);
    }
    free(tmp);
    free(path);
}

/* What wj_cache_trim may remove: entries (64 hex digits and ".wcode") and temporary files. */
static bool is_entry_name(const char *n)
{
    size_t len = strlen(n);
    if (len != 2 * WD_SHA256_BYTES + 6 || strcmp(n + 2 * WD_SHA256_BYTES, ".wcode") != 0)
        return false;
    for (size_t i = 0; i < 2 * WD_SHA256_BYTES; i++)
        if (!((n[i] >= '0' && n[i] <= '9') || (n[i] >= 'a' && n[i] <= 'f'))) return false;
    return true;
}

static bool is_temp_name(const char *n)
{
    return strncmp(n, ".tmp-", 5) == 0;
}

typedef struct wj_cache_file {
    char name[WJ_CACHE_NAME_MAX];
    uint64_t size;
    struct timespec used;
} wj_cache_file;

static int older_first(const void *a, const void *b)
{
    const wj_cache_file *x = a, *y = b;
    if (x->used.tv_sec != y->used.tv_sec) return x->used.tv_sec < y->used.tv_sec ? -1 : 1;
    if (x->used.tv_nsec != y->used.tv_nsec) return x->used.tv_nsec < y->used.tv_nsec ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* A temporary file this old belongs to a writer that died. */
#define WJ_CACHE_TEMP_SECONDS 3600

void wj_cache_trim(const char *dir, const char *keep, uint64_t max_bytes)
{
    int dfd = openat(AT_FDCWD, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return;
    DIR *d = fdopendir(dfd);
    if (!d) {
        close(dfd);
        return;
    }
    struct timespec now = {0, 0};
    clock_gettime(CLOCK_REALTIME, &now);
    wj_cache_file *files = NULL;
    size_t n = 0, cap = 0;
    uint64_t total = 0;
    bool listed = true;
    for (struct dirent *e; (e = readdir(d));) {
        bool entry = is_entry_name(e->d_name);
        if (!entry && !is_temp_name(e->d_name)) continue;
        struct stat st;
        if (fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (!entry) {
            if (now.tv_sec - st.st_mtim.tv_sec > WJ_CACHE_TEMP_SECONDS) unlinkat(dfd, e->d_name, 0);
            continue;
        }
        total += (uint64_t)st.st_size;
        if (keep && strcmp(e->d_name, keep) == 0) continue;
        if (n == cap) {
            size_t c = cap ? 2 * cap : 64;
            wj_cache_file *f = realloc(files, c * sizeof *f);
            if (!f) {
                listed = false;
                break;
            }
            files = f;
            cap = c;
        }
        snprintf(files[n].name, sizeof files[n].name, "%s", e->d_name);
        files[n].size = (uint64_t)st.st_size;
        files[n].used = st.st_mtim;
        n++;
    }
    /* Without the whole list the oldest entries are not known: nothing is removed. */
    if (listed && total > max_bytes) {
        qsort(files, n, sizeof *files, older_first);
        for (size_t i = 0; i < n && total > max_bytes; i++)
            if (unlinkat(dfd, files[i].name, 0) == 0 || errno == ENOENT) total -= files[i].size;
    }
    free(files);
    closedir(d);
}
