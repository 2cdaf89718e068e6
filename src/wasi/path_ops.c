/* The path_* functions other than path_open: directories, links, renames, removal, attributes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/wasi.h"

/* Reads the guest path and resolves it below descriptor `fd`, which needs `rights`. */
static uint32_t target(wz_call *c, uint32_t fd, uint64_t rights, uint32_t ptr, uint32_t len,
                       bool follow, wz_target *t)
{
    uint32_t err;
    t->parent = -1;
    wz_fd *dir = wz_fd_check(c->w, fd, rights, &err);
    if (!dir) return err;
    char path[WZ_PATH_MAX];
    if ((err = wz_path_arg(c, ptr, len, path))) return err;
    return wz_resolve(c->w, dir, path, follow, t);
}

/* The last component for calls that never follow it: a trailing '/' is passed on so the kernel
 * applies its own rules (they require a directory and do not follow a link there). */
static const char *slashed(const wz_target *t, char *buf)
{
    if (!t->slash) return t->name;
    snprintf(buf, WZ_PATH_MAX + 2, "%s/", t->name);
    return buf;
}

/* A path that ended in '/' names a directory: anything else fails with notdir. */
static uint32_t check_slash(const wz_target *t)
{
    struct stat st;
    if (!t->slash) return WZ_SUCCESS;
    if (fstatat(t->parent, t->name, &st, AT_SYMLINK_NOFOLLOW) != 0) return wz_errno(errno);
    return S_ISDIR(st.st_mode) ? WZ_SUCCESS : WZ_NOTDIR;
}

static uint32_t done(wz_target *t, int r)
{
    int saved = errno;
    wz_target_close(t);
    return r == 0 ? WZ_SUCCESS : wz_errno(saved);
}

static uint32_t path_create_directory(wz_call *c, const warden_val_t *a)
{
    wz_target t;
    char buf[WZ_PATH_MAX + 2];
    uint32_t err = target(c, A32(0), WZ_R_PATH_CREATE_DIRECTORY, A32(1), A32(2), false, &t);
    if (err) return err;
    return done(&t, mkdirat(t.parent, slashed(&t, buf), 0777));
}

static uint32_t path_filestat_get(wz_call *c, const warden_val_t *a)
{
    wz_target t;
    uint8_t *p = wz_ptr(c, A32(4), 64);
    if (!p) return WZ_FAULT;
    uint32_t err = target(c, A32(0), WZ_R_PATH_FILESTAT_GET, A32(2), A32(3),
                          (A32(1) & WZ_LOOKUP_SYMLINK_FOLLOW) != 0, &t);
    if (err) return err;
    struct stat st;
    if (fstatat(t.parent, t.name, &st, AT_SYMLINK_NOFOLLOW) != 0) return done(&t, -1);
    wz_target_close(&t);
    if (t.slash && !S_ISDIR(st.st_mode)) return WZ_NOTDIR;
    wz_stat_to_filestat(&st, p);
    return WZ_SUCCESS;
}

static uint32_t path_filestat_set_times(wz_call *c, const warden_val_t *a)
{
    struct timespec ts[2];
    uint32_t err = wz_times(A64(4), A64(5), A32(6), ts);
    if (err) return err;
    wz_target t;
    err = target(c, A32(0), WZ_R_PATH_FILESTAT_SET_TIMES, A32(2), A32(3),
                 (A32(1) & WZ_LOOKUP_SYMLINK_FOLLOW) != 0, &t);
    if (err) return err;
    if ((err = check_slash(&t))) {
        wz_target_close(&t);
        return err;
    }
    return done(&t, utimensat(t.parent, t.name, ts, AT_SYMLINK_NOFOLLOW));
}

static uint32_t path_link(wz_call *c, const warden_val_t *a)
{
    wz_target from, to;
    char buf[WZ_PATH_MAX + 2];
    uint32_t err = target(c, A32(0), WZ_R_PATH_LINK_SOURCE, A32(2), A32(3),
                          (A32(1) & WZ_LOOKUP_SYMLINK_FOLLOW) != 0, &from);
    if (err) return err;
    if ((err = target(c, A32(4), WZ_R_PATH_LINK_TARGET, A32(5), A32(6), false, &to))) {
        wz_target_close(&from);
        return err;
    }
    if (from.slash) {
        struct stat st;
        if (fstatat(from.parent, from.name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            err = wz_errno(errno);
        else
            err = S_ISDIR(st.st_mode) ? WZ_PERM : WZ_NOTDIR;
    } else if (linkat(from.parent, from.name, to.parent, slashed(&to, buf), 0) != 0) {
        err = wz_errno(errno);
    }
    wz_target_close(&from);
    wz_target_close(&to);
    return err;
}

static uint32_t path_readlink(wz_call *c, const warden_val_t *a)
{
    uint32_t buf = A32(3), buf_len = A32(4), used = A32(5);
    uint8_t *out = wz_ptr(c, buf, buf_len);
    if (!out || !wz_ptr(c, used, 4)) return WZ_FAULT;
    wz_target t;
    uint32_t err = target(c, A32(0), WZ_R_PATH_READLINK, A32(1), A32(2), false, &t);
    if (err) return err;
    char link[WZ_PATH_MAX];
    ssize_t n = readlinkat(t.parent, t.name, link, sizeof link);
    if (n < 0) return done(&t, -1);
    wz_target_close(&t);
    size_t k = (size_t)n < buf_len ? (size_t)n : buf_len;
    memcpy(out, link, k);
    wz_put_u32(c, used, (uint32_t)k);
    return WZ_SUCCESS;
}

static uint32_t path_remove_directory(wz_call *c, const warden_val_t *a)
{
    wz_target t;
    char buf[WZ_PATH_MAX + 2];
    uint32_t err = target(c, A32(0), WZ_R_PATH_REMOVE_DIRECTORY, A32(1), A32(2), false, &t);
    if (err) return err;
    return done(&t, unlinkat(t.parent, slashed(&t, buf), AT_REMOVEDIR));
}

static uint32_t path_rename(wz_call *c, const warden_val_t *a)
{
    wz_target from, to;
    char b1[WZ_PATH_MAX + 2], b2[WZ_PATH_MAX + 2];
    uint32_t err = target(c, A32(0), WZ_R_PATH_RENAME_SOURCE, A32(1), A32(2), false, &from);
    if (err) return err;
    if ((err = target(c, A32(3), WZ_R_PATH_RENAME_TARGET, A32(4), A32(5), false, &to))) {
        wz_target_close(&from);
        return err;
    }
    if (renameat(from.parent, slashed(&from, b1), to.parent, slashed(&to, b2)) != 0)
        err = wz_errno(errno);
    wz_target_close(&from);
    wz_target_close(&to);
    return err;
}

static uint32_t path_symlink(wz_call *c, const warden_val_t *a)
{
    char contents[WZ_PATH_MAX], buf[WZ_PATH_MAX + 2];
    uint32_t err = wz_path_arg(c, A32(0), A32(1), contents);
    if (err) return err;
    wz_target t;
    if ((err = target(c, A32(2), WZ_R_PATH_SYMLINK, A32(3), A32(4), false, &t))) return err;
    /* A link to an absolute path could only ever lead outside: it is not made. */
    if (contents[0] == '/') {
        wz_target_close(&t);
        return WZ_PERM;
    }
    return done(&t, symlinkat(contents, t.parent, slashed(&t, buf)));
}

static uint32_t path_unlink_file(wz_call *c, const warden_val_t *a)
{
    wz_target t;
    char buf[WZ_PATH_MAX + 2];
    uint32_t err = target(c, A32(0), WZ_R_PATH_UNLINK_FILE, A32(1), A32(2), false, &t);
    if (err) return err;
    return done(&t, unlinkat(t.parent, slashed(&t, buf), 0));
}

const wz_def wz_defs_path[] = {
    {"path_create_directory", "iii", true, path_create_directory},
    {"path_filestat_get", "iiiii", true, path_filestat_get},
    {"path_filestat_set_times", "iiiiIIi", true, path_filestat_set_times},
    {"path_link", "iiiiiii", true, path_link},
    {"path_readlink", "iiiiii", true, path_readlink},
    {"path_remove_directory", "iii", true, path_remove_directory},
    {"path_rename", "iiiiii", true, path_rename},
    {"path_symlink", "iiiii", true, path_symlink},
    {"path_unlink_file", "iii", true, path_unlink_file},
    {NULL, NULL, false, NULL},
};
