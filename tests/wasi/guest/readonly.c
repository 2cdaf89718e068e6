/* A read-only preopen: reading works; creating, writing, truncating, renaming, linking, removing
 * and changing times are refused (notcapable), below it too, and the runner checks that nothing
 * in it changed. A read-write preopen beside it shows what changes are allowed. */
//! dir /ro ro
//! dir /rw
#include <fcntl.h>
#include <unistd.h>
#include "guest.h"

int main(void)
{
    int r = preopen_fd("/ro"), w = preopen_fd("/rw");
    CHECK(r >= 3 && w >= 3);
    if (r < 0 || w < 0) return finish();
    uint32_t ro = (uint32_t)r, rw = (uint32_t)w;

    /* Reading works. */
    int fd = open_at(ro, "file.txt", 0, R_FD_READ | R_FD_SEEK, 0);
    CHECK(fd > 0);
    char buf[16] = {0};
    uint32_t n;
    OK(get((uint32_t)fd, buf, sizeof buf, &n));
    CHECK(n == 6 && !strcmp(buf, "hello\n"));
    /* The file is read-only whatever was asked for. */
    ERRNO(put((uint32_t)fd, "x", 1), E_NOTCAPABLE);
    uint32_t iov[2] = {A(buf), 1};
    ERRNO(raw_fd_pwrite((uint32_t)fd, A(iov), 1, 0, A(&n)), E_NOTCAPABLE);
    ERRNO(raw_fd_allocate((uint32_t)fd, 0, 10), E_NOTCAPABLE);
    ERRNO(raw_fd_filestat_set_size((uint32_t)fd, 0), E_NOTCAPABLE);
    ERRNO(raw_fd_filestat_set_times((uint32_t)fd, 0, 0, 2 | 8), E_NOTCAPABLE);
    ERRNO(raw_fd_fdstat_set_rights((uint32_t)fd, R_FD_READ | R_FD_WRITE, 0), E_NOTCAPABLE);
    raw_fd_close((uint32_t)fd);
    fd = open_at(ro, "file.txt", 0, R_FD_READ | R_FD_WRITE, 0);
    CHECK(fd > 0);
    ERRNO(put((uint32_t)fd, "x", 1), E_NOTCAPABLE);
    raw_fd_close((uint32_t)fd);

    /* Every change is refused. */
    uint32_t out;
    ERRNO(raw_path_open(ro, 0, S("new.txt"), O_CREAT_, R_FD_WRITE, 0, 0, A(&out)), E_NOTCAPABLE);
    ERRNO(raw_path_open(ro, 0, S("file.txt"), O_TRUNC_, R_FD_WRITE, 0, 0, A(&out)), E_NOTCAPABLE);
    ERRNO(raw_path_open(ro, 0, S("sub/new.txt"), O_CREAT_, 0, 0, 0, A(&out)), E_NOTCAPABLE);
    ERRNO(raw_path_create_directory(ro, S("d")), E_NOTCAPABLE);
    ERRNO(raw_path_remove_directory(ro, S("empty")), E_NOTCAPABLE);
    ERRNO(raw_path_unlink_file(ro, S("file.txt")), E_NOTCAPABLE);
    ERRNO(raw_path_rename(ro, S("file.txt"), ro, S("moved.txt")), E_NOTCAPABLE);
    ERRNO(raw_path_rename(ro, S("file.txt"), rw, S("moved.txt")), E_NOTCAPABLE);
    ERRNO(raw_path_rename(rw, S("file.txt"), ro, S("moved.txt")), E_NOTCAPABLE);
    ERRNO(raw_path_link(ro, 0, S("file.txt"), rw, S("linked.txt")), E_NOTCAPABLE);
    ERRNO(raw_path_link(rw, 0, S("file.txt"), ro, S("linked.txt")), E_NOTCAPABLE);
    ERRNO(raw_path_symlink(S("file.txt"), ro, S("l")), E_NOTCAPABLE);
    ERRNO(raw_path_filestat_set_times(ro, 0, S("file.txt"), 0, 0, 2 | 8), E_NOTCAPABLE);
    ERRNO(raw_fd_fdstat_set_rights(ro, R_ALL, R_ALL), E_NOTCAPABLE);
    /* ...through a directory opened below it too. */
    int sub = open_at(ro, "sub", O_DIRECTORY_, R_ALL & ~R_FD_WRITE, 0);
    CHECK(sub > 0);
    ERRNO(raw_path_unlink_file((uint32_t)sub, S("inner.txt")), E_NOTCAPABLE);
    ERRNO(raw_path_open((uint32_t)sub, 0, S("x"), O_CREAT_, R_ALL, R_ALL, 0, A(&out)),
          E_NOTCAPABLE);
    ERRNO(raw_path_create_directory((uint32_t)sub, S("d")), E_NOTCAPABLE);
    raw_fd_close((uint32_t)sub);
    /* ...and through libc. */
    CHECK(fopen("/ro/new.txt", "w") == NULL);
    CHECK(fopen("/ro/file.txt", "a") == NULL);
    CHECK(unlink("/ro/file.txt") != 0);
    CHECK(open("/ro/file.txt", O_RDONLY) >= 0);

    /* The read-write preopen beside it accepts the same changes. */
    OK(raw_path_create_directory(rw, S("d")));
    OK(raw_path_rename(rw, S("file.txt"), rw, S("moved.txt")));
    FILE *f = fopen("/rw/new.txt", "w");
    CHECK(f != NULL);
    if (f) fclose(f);
    return finish();
}
