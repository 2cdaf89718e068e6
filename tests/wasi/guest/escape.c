/* Every way out of a preopened directory is refused with the errno the resolution rules give:
 * perm for a path that would leave it (absolute paths, ".." past its root, symbolic links with an
 * absolute target or leading outside), loop for symbolic-link loops. The runner also checks that
 * nothing outside the preopen changed. See run_guest.c for the links the sandbox holds. */
//! dir /sandbox
//! dir /other
//! escape
#include <fcntl.h>
#include <unistd.h>
#include "guest.h"

static uint32_t dir, other;

static int32_t open_errno(uint32_t d, const char *path, uint32_t lookup, uint32_t oflags,
                          uint64_t rights)
{
    uint32_t fd;
    int32_t e = raw_path_open(d, lookup, S(path), oflags, rights, 0, 0, A(&fd));
    if (e == 0) {
        char buf[16] = {0};
        uint32_t n;
        if (get(fd, buf, sizeof buf - 1, &n) == 0 && !strcmp(buf, "secret\n")) {
            fprintf(stderr, "escaped: read the secret through %s\n", path);
            g_failures++;
        }
        raw_fd_close(fd);
    }
    return e;
}

#define REFUSED(path, want) ERRNO(open_errno(dir, path, FOLLOW, 0, R_FD_READ), want)

static void opening(void)
{
    REFUSED("..", E_PERM);
    REFUSED("../", E_PERM);
    REFUSED("../outside/secret", E_PERM);
    REFUSED("/etc/passwd", E_PERM);
    REFUSED("/", E_PERM);
    REFUSED("sub/../../outside/secret", E_PERM);
    REFUSED("sub/../sub/../../outside/secret", E_PERM);
    REFUSED("./../outside/secret", E_PERM);
    REFUSED("empty/../../outside/secret", E_PERM);
    REFUSED("abs_link", E_PERM);
    REFUSED("abs_link/", E_PERM);
    REFUSED("abs_dir/secret", E_PERM);
    REFUSED("abs_root/outside/secret", E_PERM);
    REFUSED("up_link", E_PERM);
    REFUSED("up_dir/secret", E_PERM);
    REFUSED("sub/deep_up/secret", E_PERM);
    REFUSED("chain/secret", E_PERM);
    REFUSED("dot_dot", E_PERM);
    REFUSED("dot_dot/outside/secret", E_PERM);
    REFUSED("loop_a", E_LOOP);
    REFUSED("loop_a/x", E_LOOP);
    REFUSED("self", E_LOOP);
    REFUSED("sub/../self", E_LOOP);
    ERRNO(open_errno(dir, "abs_dir", FOLLOW, O_DIRECTORY_, R_FD_READDIR), E_PERM);
    ERRNO(open_errno(dir, "up_dir", FOLLOW, O_DIRECTORY_, R_FD_READDIR), E_PERM);
    /* Not following the last component: a link is refused as a link. */
    ERRNO(open_errno(dir, "abs_link", 0, 0, R_FD_READ), E_LOOP);
    ERRNO(open_errno(dir, "up_link", 0, 0, R_FD_READ), E_LOOP);
    /* Links that stay inside work. */
    ERRNO(open_errno(dir, "ok_link", FOLLOW, 0, R_FD_READ), 0);
    ERRNO(open_errno(dir, "ok_dir/inner.txt", FOLLOW, 0, R_FD_READ), 0);
    ERRNO(open_errno(dir, "sub/..", FOLLOW, O_DIRECTORY_, R_FD_READDIR), 0);
    ERRNO(open_errno(dir, "sub/../file.txt", FOLLOW, 0, R_FD_READ), 0);
    /* A descriptor opened below is a root of its own: ".." cannot climb out of it either. */
    int sub = open_at(dir, "sub", O_DIRECTORY_,
                      R_ALL & ~(R_FD_WRITE | R_FD_ALLOCATE | R_FD_FILESTAT_SET_SIZE), 0);
    CHECK(sub > 0);
    ERRNO(open_errno((uint32_t)sub, "../file.txt", FOLLOW, 0, R_FD_READ), E_PERM);
    ERRNO(open_errno((uint32_t)sub, "../../outside/secret", FOLLOW, 0, R_FD_READ), E_PERM);
    ERRNO(open_errno((uint32_t)sub, "deep_up/secret", FOLLOW, 0, R_FD_READ), E_PERM);
    ERRNO(open_errno((uint32_t)sub, "inner.txt", FOLLOW, 0, R_FD_READ), 0);
    raw_fd_close((uint32_t)sub);
    /* The other preopen is no way round. */
    ERRNO(open_errno(other, "../pre0/file.txt", FOLLOW, 0, R_FD_READ), E_PERM);
    /* Overlong paths. */
    static char longpath[9000];
    for (int i = 0; i < 4400; i++) memcpy(longpath + 2 * i, "a/", 2);
    ERRNO(open_errno(dir, longpath, FOLLOW, 0, R_FD_READ), E_NAMETOOLONG);
}

static void creating(void)
{
    const uint64_t rw = R_FD_READ | R_FD_WRITE;
    ERRNO(open_errno(dir, "../outside/new", FOLLOW, O_CREAT_, rw), E_PERM);
    ERRNO(open_errno(dir, "up_dir/new", FOLLOW, O_CREAT_, rw), E_PERM);
    ERRNO(open_errno(dir, "abs_dir/new", FOLLOW, O_CREAT_, rw), E_PERM);
    ERRNO(open_errno(dir, "abs_link", FOLLOW, O_CREAT_ | O_TRUNC_, rw), E_PERM);
    ERRNO(open_errno(dir, "up_link", FOLLOW, O_TRUNC_, rw), E_PERM);
    ERRNO(open_errno(dir, "abs_link", 0, O_CREAT_ | O_TRUNC_, rw), E_LOOP);
    ERRNO(raw_path_create_directory(dir, S("../outside/x")), E_PERM);
    ERRNO(raw_path_create_directory(dir, S("up_dir/x")), E_PERM);
    ERRNO(raw_path_create_directory(dir, S("abs_dir/x")), E_PERM);
    ERRNO(raw_path_create_directory(dir, S("sub/deep_up/x")), E_PERM);
    /* A link whose target is absolute is never made; a relative one is, but cannot be followed out.
     */
    ERRNO(raw_path_symlink(S("/etc/passwd"), dir, S("mylink")), E_PERM);
    ERRNO(raw_path_symlink(S("file.txt"), dir, S("up_dir/evil")), E_PERM);
    ERRNO(raw_path_symlink(S("file.txt"), dir, S("../outside/evil")), E_PERM);
    OK(raw_path_symlink(S("../outside/secret"), dir, S("rel_out")));
    ERRNO(open_errno(dir, "rel_out", FOLLOW, 0, R_FD_READ), E_PERM);
    ERRNO(open_errno(dir, "rel_out", FOLLOW, O_CREAT_, rw), E_PERM);
    uint8_t fs[64];
    ERRNO(raw_path_filestat_get(dir, FOLLOW, S("rel_out"), A(fs)), E_PERM);
    OK(raw_path_filestat_get(dir, 0, S("rel_out"), A(fs)));
    CHECK(fs[16] == 7);
    ERRNO(raw_path_filestat_set_times(dir, FOLLOW, S("rel_out"), 0, 0, 2 | 8), E_PERM);
    OK(raw_path_symlink(S("../outside/brand_new"), dir, S("rel_new")));
    ERRNO(open_errno(dir, "rel_new", FOLLOW, O_CREAT_, rw), E_PERM);
    OK(raw_path_unlink_file(dir, S("rel_new")));
    OK(raw_path_unlink_file(dir, S("rel_out")));
}

static void removing_renaming_linking(void)
{
    ERRNO(raw_path_unlink_file(dir, S("../outside/secret")), E_PERM);
    ERRNO(raw_path_unlink_file(dir, S("up_dir/secret")), E_PERM);
    ERRNO(raw_path_unlink_file(dir, S("abs_dir/secret")), E_PERM);
    ERRNO(raw_path_unlink_file(dir, S("abs_link/")), E_PERM); /* "/" follows the link: out */
    ERRNO(raw_path_remove_directory(dir, S("../outside/dir")), E_PERM);
    ERRNO(raw_path_remove_directory(dir, S("up_dir/dir")), E_PERM);
    ERRNO(raw_path_remove_directory(dir, S("..")), E_PERM);
    ERRNO(raw_path_rename(dir, S("file.txt"), dir, S("../outside/stolen")), E_PERM);
    ERRNO(raw_path_rename(dir, S("file.txt"), dir, S("up_dir/stolen")), E_PERM);
    ERRNO(raw_path_rename(dir, S("../outside/secret"), dir, S("stolen")), E_PERM);
    ERRNO(raw_path_rename(dir, S("abs_dir/secret"), dir, S("stolen")), E_PERM);
    ERRNO(raw_path_rename(dir, S("sub/deep_up/dir"), dir, S("stolen")), E_PERM);
    ERRNO(raw_path_link(dir, 0, S("file.txt"), dir, S("up_dir/l")), E_PERM);
    ERRNO(raw_path_link(dir, 0, S("../outside/secret"), dir, S("l")), E_PERM);
    ERRNO(raw_path_link(dir, FOLLOW, S("up_link"), dir, S("l")), E_PERM);
    ERRNO(raw_path_link(dir, FOLLOW, S("abs_link"), dir, S("l")), E_PERM);
    ERRNO(raw_path_filestat_set_times(dir, 0, S("../outside/secret"), 0, 0, 2 | 8), E_PERM);
    ERRNO(raw_path_filestat_set_times(dir, FOLLOW, S("abs_link"), 0, 0, 2 | 8), E_PERM);
    ERRNO(raw_path_filestat_set_times(dir, 0, S("abs_link/"), 0, 0, 2 | 8), E_PERM);
    ERRNO(raw_path_filestat_set_times(dir, FOLLOW, S("sub/deep_up"), 0, 0, 2 | 8), E_PERM);
    uint8_t fs[64];
    ERRNO(raw_path_filestat_get(dir, 0, S(".."), A(fs)), E_PERM);
    ERRNO(raw_path_filestat_get(dir, 0, S("../outside"), A(fs)), E_PERM);
    ERRNO(raw_path_filestat_get(dir, FOLLOW, S("abs_dir"), A(fs)), E_PERM);
    ERRNO(raw_path_filestat_get(dir, 0, S("abs_dir/"), A(fs)), E_PERM);
    ERRNO(raw_path_filestat_get(dir, FOLLOW, S("loop_a"), A(fs)), E_LOOP);
    OK(raw_path_filestat_get(dir, 0, S("abs_dir"), A(fs)));
    char buf[256];
    uint32_t n;
    ERRNO(raw_path_readlink(dir, S("../outside/x"), A(buf), sizeof buf, A(&n)), E_PERM);
    ERRNO(raw_path_readlink(dir, S("up_dir/x"), A(buf), sizeof buf, A(&n)), E_PERM);
    OK(raw_path_readlink(dir, S("up_link"), A(buf), sizeof buf, A(&n)));
    CHECK(n == 17 && !memcmp(buf, "../outside/secret", 17));
}

static void through_libc(void)
{
    CHECK(fopen("/sandbox/../outside/secret", "r") == NULL);
    CHECK(fopen("/etc/passwd", "r") == NULL);
    CHECK(fopen("/sandbox/up_link", "r") == NULL);
    CHECK(fopen("/sandbox/abs_dir/secret", "r") == NULL);
    CHECK(open("/sandbox/up_dir/new", O_CREAT | O_WRONLY, 0644) < 0);
    CHECK(unlink("/sandbox/up_dir/secret") != 0);
    CHECK(fopen("/sandbox/file.txt", "r") != NULL);
}

int main(void)
{
    int d = preopen_fd("/sandbox"), o = preopen_fd("/other");
    CHECK(d >= 3 && o >= 3);
    if (d < 0 || o < 0) return finish();
    dir = (uint32_t)d;
    other = (uint32_t)o;
    opening();
    creating();
    removing_renaming_linking();
    through_libc();
    return finish();
}
