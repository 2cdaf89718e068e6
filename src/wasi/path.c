/* Path resolution confined to a directory descriptor.
 *
 * A guest path never reaches outside the directory it is resolved in. Every component but the last
 * is resolved by the kernel with openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS) where it exists,
 * and otherwise by a walk that opens one component at a time with O_NOFOLLOW, reads symbolic links
 * itself and keeps the directories it went through (".." pops one, never past the start). The last
 * component is then named relative to the resolved parent; when it must be followed, a symbolic
 * link there is read and the resolution starts again with its target (at most WZ_MAX_LINKS times).
 * Operations on the last component never follow a symbolic link themselves (O_NOFOLLOW,
 * AT_SYMLINK_NOFOLLOW, or calls that never follow), so a link swapped in concurrently is seen as a
 * link, not followed. Absolute paths and absolute link targets fail with perm, as does ".." past
 * the start; a loop fails with loop. */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "wasi/wasi.h"

#define WZ_MAX_LINKS 40

static uint32_t errno_here(int e)
{
    if (e == EXDEV) return WZ_PERM; /* openat2: the path escapes */
    return wz_errno(e);
}

/* The component-by-component walk of `rel` below `root`. Returns an owned directory descriptor. */
static int walk(int root, const char *rel, int *links, uint32_t *err)
{
    size_t cap = 2 * WZ_PATH_MAX;
    char *rest = malloc(cap), *target = malloc(WZ_PATH_MAX);
    int *stack = NULL;
    size_t depth = 0, stack_cap = 0;
    int result = -1;
    if (!rest || !target) {
        *err = WZ_NOMEM;
        goto out;
    }
    size_t rl = strlen(rel);
    if (rl >= cap) {
        *err = WZ_NAMETOOLONG;
        goto out;
    }
    memcpy(rest, rel, rl + 1);
    size_t pos = 0;
    for (;;) {
        while (rest[pos] == '/') pos++;
        if (!rest[pos]) break;
        size_t end = pos;
        while (rest[end] && rest[end] != '/') end++;
        size_t clen = end - pos;
        char comp[256];
        if (clen >= sizeof comp) {
            *err = WZ_NAMETOOLONG;
            goto out;
        }
        memcpy(comp, rest + pos, clen);
        comp[clen] = 0;
        pos = end;
        if (strcmp(comp, ".") == 0) continue;
        int cur = depth ? stack[depth - 1] : root;
        if (strcmp(comp, "..") == 0) {
            if (depth == 0) {
                *err = WZ_PERM;
                goto out;
            }
            close(stack[--depth]);
            continue;
        }
        int fd = openat(cur, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            *err = wz_errno(errno);
            goto out;
        }
        struct stat st;
        if (fstat(fd, &st) != 0) {
            *err = wz_errno(errno);
            close(fd);
            goto out;
        }
        if (S_ISLNK(st.st_mode)) {
            ssize_t n = readlinkat(fd, "", target, WZ_PATH_MAX);
            close(fd);
            if (n < 0) {
                *err = wz_errno(errno);
                goto out;
            }
            if (++*links > WZ_MAX_LINKS) {
                *err = WZ_LOOP;
                goto out;
            }
            if (n >= WZ_PATH_MAX) {
                *err = WZ_NAMETOOLONG;
                goto out;
            }
            if (n == 0) {
                *err = WZ_NOENT;
                goto out;
            }
            if (target[0] == '/') {
                *err = WZ_PERM;
                goto out;
            }
            size_t left = strlen(rest + pos);
            if ((size_t)n + 1 + left >= cap) {
                *err = WZ_NAMETOOLONG;
                goto out;
            }
            memmove(rest + n + 1, rest + pos, left + 1);
            memcpy(rest, target, (size_t)n);
            rest[n] = '/';
            pos = 0;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            close(fd);
            *err = WZ_NOTDIR;
            goto out;
        }
        if (depth == stack_cap) {
            size_t nc = stack_cap ? stack_cap * 2 : 16;
            int *ns = realloc(stack, nc * sizeof *ns);
            if (!ns) {
                close(fd);
                *err = WZ_NOMEM;
                goto out;
            }
            stack = ns;
            stack_cap = nc;
        }
        stack[depth++] = fd;
    }
    if (depth) {
        result = stack[--depth];
    } else {
        result = fcntl(root, F_DUPFD_CLOEXEC, 0);
        if (result < 0) *err = wz_errno(errno);
    }
out:
    while (depth) close(stack[--depth]);
    free(stack);
    free(rest);
    free(target);
    return result;
}

static int open_dir(warden_wasi_t *w, int root, const char *rel, int *links, uint32_t *err)
{
    if (!w->portable_paths && !w->no_openat2) {
        struct open_how how = {
            .flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
            .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
        };
        for (int tries = 0; tries < 16; tries++) {
            long fd = syscall(SYS_openat2, root, rel[0] ? rel : ".", &how, sizeof how);
            if (fd >= 0) return (int)fd;
            if (errno == EAGAIN || errno == EINTR) continue;
            if (errno == ENOSYS) {
                w->no_openat2 = true;
                break;
            }
            *err = errno_here(errno);
            return -1;
        }
        if (!w->no_openat2) {
            *err = WZ_AGAIN;
            return -1;
        }
    }
    return walk(root, rel, links, err);
}

void wz_target_close(wz_target *t)
{
    if (t->parent >= 0) close(t->parent);
    t->parent = -1;
}

uint32_t wz_resolve(warden_wasi_t *w, wz_fd *dir, const char *path, bool follow, wz_target *t)
{
    t->parent = -1;
    t->slash = false;
    if (dir->kind != WZ_FD_HOST || dir->type != WZ_FT_DIRECTORY) return WZ_NOTDIR;
    if (!path[0]) return WZ_NOENT;
    if (path[0] == '/') return WZ_PERM;
    size_t cap = 2 * WZ_PATH_MAX;
    char *cur = malloc(cap), *link = malloc(WZ_PATH_MAX);
    uint32_t err = WZ_SUCCESS;
    int links = 0;
    if (!cur || !link) {
        err = WZ_NOMEM;
        goto out;
    }
    strcpy(cur, path);
    for (;;) {
        size_t len = strlen(cur);
        bool slash = false;
        while (len > 1 && cur[len - 1] == '/') {
            len--;
            slash = true;
        }
        cur[len] = 0;
        char *cut = strrchr(cur, '/');
        const char *name = cut ? cut + 1 : cur;
        if (strlen(name) >= 256) {
            err = WZ_NAMETOOLONG;
            goto out;
        }
        bool dotdot = strcmp(name, "..") == 0;
        if (dotdot) {
            /* "x/..": the directory itself, resolved whole, so ".." is checked like the rest. */
            strcpy(t->name, ".");
            t->parent = open_dir(w, dir->host, cur, &links, &err);
        } else {
            strcpy(t->name, name);
            if (cut) *cut = 0;
            t->parent = open_dir(w, dir->host, cut ? cur : "", &links, &err);
        }
        if (t->parent < 0) goto out;
        t->slash = slash;
        if ((follow || slash) && strcmp(t->name, ".") != 0) {
            ssize_t n = readlinkat(t->parent, t->name, link, WZ_PATH_MAX);
            /* Not a link (or nothing there yet): the name stands for itself. Any other failure
             * is the guest's error, not a reason to take the name as it is. */
            if (n < 0 && errno != EINVAL && errno != ENOENT && errno != ENOTDIR) {
                err = wz_errno(errno);
                goto out;
            }
            if (n >= 0) {
                wz_target_close(t);
                if (++links > WZ_MAX_LINKS) {
                    err = WZ_LOOP;
                    goto out;
                }
                if (n >= WZ_PATH_MAX) {
                    err = WZ_NAMETOOLONG;
                    goto out;
                }
                if (n == 0) {
                    err = WZ_NOENT;
                    goto out;
                }
                if (link[0] == '/') {
                    err = WZ_PERM;
                    goto out;
                }
                link[n] = 0;
                /* cur holds the parent's path now (cut at the last '/'), or nothing. */
                size_t pl = cut ? strlen(cur) : 0;
                if (pl + 1 + (size_t)n + 2 >= cap) {
                    err = WZ_NAMETOOLONG;
                    goto out;
                }
                char *p = cur + pl;
                if (cut) *p++ = '/';
                memcpy(p, link, (size_t)n);
                p += n;
                if (slash) *p++ = '/';
                *p = 0;
                continue;
            }
        }
        break;
    }
out:
    if (err) wz_target_close(t);
    free(cur);
    free(link);
    return err;
}
