/* The path_* family and fd_readdir: directories, links, symbolic links, renames, removal,
 * attributes and times, trailing slashes, readdir cookies; bad pointers and lengths for each. */
//! dir .
#include <dirent.h>
#include <unistd.h>
#include <sys/stat.h>
#include "guest.h"

static uint32_t dir;

static int exists(const char *path)
{
    uint8_t fs[64];
    return raw_path_filestat_get(dir, 0, S(path), A(fs)) == 0;
}

static void directories(void)
{
    OK(raw_path_create_directory(dir, S("d1")));
    ERRNO(raw_path_create_directory(dir, S("d1")), E_EXIST);
    OK(raw_path_create_directory(dir, S("d1/d2/")));
    ERRNO(raw_path_create_directory(dir, S("missing/d")), E_NOENT);
    ERRNO(raw_path_create_directory(dir, S("file.txt/d")), E_NOTDIR);
    ERRNO(raw_path_remove_directory(dir, S("d1")), E_NOTEMPTY);
    ERRNO(raw_path_remove_directory(dir, S("file.txt")), E_NOTDIR);
    OK(raw_path_remove_directory(dir, S("d1/d2/")));
    OK(raw_path_remove_directory(dir, S("d1")));
    CHECK(!exists("d1"));
    ERRNO(raw_path_unlink_file(dir, S("sub")), E_ISDIR);
    ERRNO(raw_path_unlink_file(dir, S("file.txt/")), E_NOTDIR);
    ERRNO(raw_path_create_directory(dir, BAD, 3), E_FAULT);
    ERRNO(raw_path_create_directory(dir, A("abc"), 0xFFFFFFFFu), E_FAULT);
    ERRNO(raw_path_remove_directory(dir, BAD, 3), E_FAULT);
    ERRNO(raw_path_remove_directory(dir, mem_size() - 1, 2), E_FAULT);
    ERRNO(raw_path_unlink_file(dir, BAD, 3), E_FAULT);
    ERRNO(raw_path_create_directory(99, S("x")), E_BADF);
    ERRNO(raw_path_create_directory(1, S("x")), E_NOTCAPABLE);
}

static void files_and_links(void)
{
    int fd = open_at(dir, "a.txt", O_CREAT_, R_FILE_RW, 0);
    CHECK(fd > 0);
    OK(put((uint32_t)fd, "data", 4));
    OK(raw_fd_close((uint32_t)fd));

    OK(raw_path_link(dir, 0, S("a.txt"), dir, S("b.txt")));
    uint8_t fs[64];
    OK(raw_path_filestat_get(dir, 0, S("b.txt"), A(fs)));
    CHECK(fs[16] == 4 && fs[24] == 2 && fs[32] == 4); /* regular, 2 links, 4 bytes */
    ERRNO(raw_path_link(dir, 0, S("a.txt"), dir, S("b.txt")), E_EXIST);
    ERRNO(raw_path_link(dir, 0, S("sub"), dir, S("sub2")), E_PERM);
    ERRNO(raw_path_link(dir, 0, BAD, 3, dir, S("c")), E_FAULT);
    ERRNO(raw_path_link(dir, 0, S("a.txt"), dir, BAD, 3), E_FAULT);

    OK(raw_path_symlink(S("a.txt"), dir, S("link")));
    ERRNO(raw_path_symlink(S("a.txt"), dir, S("link")), E_EXIST);
    OK(raw_path_filestat_get(dir, 0, S("link"), A(fs)));
    CHECK(fs[16] == 7); /* symbolic link */
    OK(raw_path_filestat_get(dir, FOLLOW, S("link"), A(fs)));
    CHECK(fs[16] == 4);
    char buf[64];
    uint32_t n;
    OK(raw_path_readlink(dir, S("link"), A(buf), sizeof buf, A(&n)));
    CHECK(n == 5 && !memcmp(buf, "a.txt", 5));
    OK(raw_path_readlink(dir, S("link"), A(buf), 2, A(&n)));
    CHECK(n == 2);
    ERRNO(raw_path_readlink(dir, S("a.txt"), A(buf), sizeof buf, A(&n)), E_INVAL);
    ERRNO(raw_path_readlink(dir, S("link"), BAD, 10, A(&n)), E_FAULT);
    ERRNO(raw_path_readlink(dir, S("link"), A(buf), sizeof buf, BAD), E_FAULT);
    ERRNO(raw_path_readlink(dir, BAD, 4, A(buf), sizeof buf, A(&n)), E_FAULT);
    ERRNO(raw_path_symlink(BAD, 3, dir, S("l2")), E_FAULT);
    ERRNO(raw_path_symlink(S("a.txt"), dir, BAD, 3), E_FAULT);
    /* Opening through the link, and not following it. */
    fd = open_at(dir, "link", 0, R_FD_READ, 0);
    CHECK(fd > 0);
    OK(get((uint32_t)fd, buf, sizeof buf, &n));
    CHECK(n == 4 && !memcmp(buf, "data", 4));
    OK(raw_fd_close((uint32_t)fd));
    uint32_t out;
    ERRNO(raw_path_open(dir, 0, S("link"), 0, R_FD_READ, 0, 0, A(&out)), E_LOOP);
    /* A dangling link. */
    OK(raw_path_symlink(S("nowhere"), dir, S("dangling")));
    ERRNO(raw_path_filestat_get(dir, FOLLOW, S("dangling"), A(fs)), E_NOENT);
    OK(raw_path_unlink_file(dir, S("dangling")));

    /* Times through a path. */
    OK(raw_path_filestat_set_times(dir, 0, S("a.txt"), 5000000000ull, 6000000000ull, 1 | 4));
    OK(raw_path_filestat_get(dir, 0, S("a.txt"), A(fs)));
    uint64_t atim, mtim;
    memcpy(&atim, fs + 40, 8);
    memcpy(&mtim, fs + 48, 8);
    CHECK(atim == 5000000000ull && mtim == 6000000000ull);
    OK(raw_path_filestat_set_times(dir, FOLLOW, S("link"), 0, 7000000000ull, 4));
    OK(raw_path_filestat_get(dir, 0, S("a.txt"), A(fs)));
    memcpy(&mtim, fs + 48, 8);
    CHECK(mtim == 7000000000ull);
    ERRNO(raw_path_filestat_set_times(dir, 0, S("a.txt"), 0, 0, 3), E_INVAL);
    ERRNO(raw_path_filestat_set_times(dir, 0, BAD, 4, 0, 0, 2), E_FAULT);
    ERRNO(raw_path_filestat_get(dir, 0, S("a.txt"), BAD), E_FAULT);
    ERRNO(raw_path_filestat_get(dir, 0, S("a.txt"), mem_size() - 8), E_FAULT);
    ERRNO(raw_path_filestat_get(dir, 0, BAD, 1, A(fs)), E_FAULT);
    ERRNO(raw_path_filestat_get(dir, 0, S("missing"), A(fs)), E_NOENT);
    ERRNO(raw_path_filestat_get(dir, 0, S("a.txt/"), A(fs)), E_NOTDIR);

    /* Renames. */
    OK(raw_path_rename(dir, S("b.txt"), dir, S("sub/c.txt")));
    CHECK(!exists("b.txt") && exists("sub/c.txt"));
    OK(raw_path_create_directory(dir, S("from")));
    OK(raw_path_rename(dir, S("from/"), dir, S("to/")));
    CHECK(exists("to"));
    ERRNO(raw_path_rename(dir, S("a.txt/"), dir, S("x.txt")), E_NOTDIR);
    ERRNO(raw_path_rename(dir, S("to"), dir, S("sub")), E_NOTEMPTY);
    ERRNO(raw_path_rename(dir, BAD, 3, dir, S("x")), E_FAULT);
    ERRNO(raw_path_rename(dir, S("a.txt"), dir, A("x"), 0xFFFFFFFFu), E_FAULT);
    ERRNO(raw_path_rename(dir, S("missing"), dir, S("x")), E_NOENT);

    OK(raw_path_unlink_file(dir, S("link")));
    OK(raw_path_unlink_file(dir, S("sub/c.txt")));
    OK(raw_path_unlink_file(dir, S("a.txt")));
    OK(raw_path_remove_directory(dir, S("to")));
    ERRNO(raw_path_unlink_file(dir, S("a.txt")), E_NOENT);
}

/* fd_readdir with a buffer too small for more than one entry: cookies carry the position. */
static void readdir_cookies(void)
{
    OK(raw_path_create_directory(dir, S("list")));
    const char *names[] = {"one", "two", "three", "a-much-longer-name-than-the-others"};
    for (int i = 0; i < 4; i++) {
        char p[64];
        snprintf(p, sizeof p, "list/%s", names[i]);
        int fd = open_at(dir, p, O_CREAT_, R_FILE_RW, 0);
        CHECK(fd > 0);
        raw_fd_close((uint32_t)fd);
    }
    int d = open_at(dir, "list", O_DIRECTORY_, R_FD_READDIR, 0);
    CHECK(d > 0);
    uint64_t cookie = 0;
    int seen = 0, dots = 0;
    uint8_t buf[24 + 40];
    for (int guard = 0; guard < 100; guard++) {
        uint32_t used;
        OK(raw_fd_readdir((uint32_t)d, A(buf), sizeof buf, cookie, A(&used)));
        if (used < 24) break;
        uint32_t namlen;
        memcpy(&namlen, buf + 16, 4);
        memcpy(&cookie, buf, 8);
        char name[64] = {0};
        memcpy(name, buf + 24, namlen < 40 ? namlen : 40);
        if (!strcmp(name, ".") || !strcmp(name, ".."))
            dots++;
        else {
            seen++;
            CHECK(buf[20] == 4);
        }
        if (used < sizeof buf && used == 24 + namlen) {
            /* One entry fitted; the next call starts after it. */
        }
    }
    CHECK(seen == 4 && dots == 2);
    /* From the start again: cookie 0. */
    uint32_t used;
    OK(raw_fd_readdir((uint32_t)d, A(buf), sizeof buf, 0, A(&used)));
    CHECK(used > 24);
    ERRNO(raw_fd_readdir((uint32_t)d, BAD, 100, 0, A(&used)), E_FAULT);
    ERRNO(raw_fd_readdir((uint32_t)d, A(buf), sizeof buf, 0, BAD), E_FAULT);
    ERRNO(raw_fd_readdir((uint32_t)d, mem_size() - 10, 100, 0, A(&used)), E_FAULT);
    ERRNO(raw_fd_readdir(99, A(buf), sizeof buf, 0, A(&used)), E_BADF);
    OK(raw_fd_close((uint32_t)d));

    /* The same through libc. */
    DIR *dp = opendir("list");
    CHECK(dp != NULL);
    int count = 0;
    struct dirent *de;
    while (dp && (de = readdir(dp))) count++;
    if (dp) closedir(dp);
    CHECK(count == 6);
    for (int i = 0; i < 4; i++) {
        char p[64];
        snprintf(p, sizeof p, "list/%s", names[i]);
        OK(raw_path_unlink_file(dir, S(p)));
    }
    OK(raw_path_remove_directory(dir, S("list")));
}

/* Many descriptors at once: the table grows while directory descriptors are in use. */
static void many_descriptors(void)
{
    int fds[100];
    for (int i = 0; i < 100; i++) {
        fds[i] = open_at(dir, i % 2 ? "file.txt" : "sub", i % 2 ? 0 : O_DIRECTORY_,
                         i % 2 ? R_FD_READ : R_FD_READDIR, 0);
        CHECK(fds[i] > 0);
    }
    for (int i = 0; i < 100; i++)
        if (fds[i] > 0) OK(raw_fd_close((uint32_t)fds[i]));
}

int main(void)
{
    int d = preopen_fd(".");
    CHECK(d >= 3);
    if (d < 0) return finish();
    dir = (uint32_t)d;
    directories();
    files_and_links();
    readdir_cookies();
    many_descriptors();
    struct stat st;
    CHECK(stat("sub/inner.txt", &st) == 0 && st.st_size == 6);
    CHECK(mkdir("libc_dir", 0755) == 0 && rmdir("libc_dir") == 0);
    return finish();
}
