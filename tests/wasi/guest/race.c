/* Symbolic links swapped in while the guest resolves paths: a host thread keeps exchanging race/
 * (a directory inside) with a link to the directory outside, and racefile (a file inside) with a
 * link to the secret outside. Whatever the timing, the guest never reads the secret, and nothing
 * outside changes (the runner checks). */
//! dir /sandbox
//! race
#include "guest.h"

static uint32_t dir;

static void attempt(const char *path, uint32_t lookup, uint32_t oflags, uint64_t rights)
{
    uint32_t fd;
    int32_t e = raw_path_open(dir, lookup, S(path), oflags, rights, 0, 0, A(&fd));
    if (e == 0) {
        char buf[16] = {0};
        uint32_t n;
        if (get(fd, buf, sizeof buf - 1, &n) == 0 && !strcmp(buf, "secret\n")) {
            fprintf(stderr, "escaped through %s\n", path);
            g_failures++;
        }
        if (rights & R_FD_WRITE) put(fd, "pwned\n", 6);
        raw_fd_close(fd);
    } else if (e != E_PERM && e != E_NOENT && e != E_LOOP && e != E_NOTDIR && e != E_EXIST) {
        fprintf(stderr, "%s: unexpected errno %d\n", path, (int)e);
        g_failures++;
    }
}

int main(void)
{
    int d = preopen_fd("/sandbox");
    CHECK(d >= 3);
    if (d < 0) return finish();
    dir = (uint32_t)d;
    const uint64_t rw = R_FD_READ | R_FD_WRITE;
    for (int i = 0; i < 3000; i++) {
        attempt("race/secret", FOLLOW, 0, R_FD_READ);
        attempt("racefile", FOLLOW, 0, R_FD_READ);
        attempt("race/secret", 0, 0, rw);
        attempt("racefile", FOLLOW, 0, rw);
        attempt("race/made", FOLLOW, O_CREAT_, rw);
        uint8_t fs[64];
        raw_path_filestat_set_times(dir, FOLLOW, S("race/secret"), 0, 0, 2 | 8);
        raw_path_filestat_set_times(dir, FOLLOW, S("racefile"), 0, 0, 2 | 8);
        raw_path_filestat_get(dir, FOLLOW, S("race/secret"), A(fs));
        if (raw_path_create_directory(dir, S("race/newdir")) == 0)
            raw_path_remove_directory(dir, S("race/newdir"));
        raw_path_unlink_file(dir, S("race/made"));
        raw_path_link(dir, FOLLOW, S("racefile"), dir, S("hardlink"));
        raw_path_unlink_file(dir, S("hardlink"));
    }
    return finish();
}
