/* The fd_* family on files: path_open with every oflag, read/write/pread/pwrite, seek/tell,
 * fdstat and its flags and rights, filestat and times, set_size, allocate, advise, sync, datasync,
 * renumber, close, prestat; with bad pointers and lengths for each. */
//! dir /work
#include "guest.h"

static uint32_t dir;

static void opening(void)
{
    int fd = open_at(dir, "new.txt", O_CREAT_ | O_EXCL_, R_FILE_RW, 0);
    CHECK(fd > 0);
    CHECK(open_at(dir, "new.txt", O_CREAT_ | O_EXCL_, R_FILE_RW, 0) == -E_EXIST);
    CHECK(open_at(dir, "missing.txt", 0, R_FILE_RW, 0) == -E_NOENT);
    CHECK(open_at(dir, "file.txt", O_DIRECTORY_, R_FD_READ, 0) == -E_NOTDIR);
    CHECK(open_at(dir, "sub", O_DIRECTORY_, R_FD_READ | R_FD_WRITE, 0) == -E_ISDIR);
    CHECK(open_at(dir, "sub", 0, R_FD_WRITE, 0) == -E_ISDIR);
    CHECK(open_at(dir, "file.txt/", 0, R_FD_READ, 0) == -E_NOTDIR);
    CHECK(open_at(dir, "", 0, R_FD_READ, 0) == -E_NOENT);
    int sub = open_at(dir, "sub/", O_DIRECTORY_, R_FD_READDIR, 0);
    CHECK(sub > 0);
    uint8_t st[24];
    OK(raw_fd_fdstat_get((uint32_t)sub, A(st)));
    CHECK(st[0] == 3); /* directory */
    OK(raw_fd_close((uint32_t)sub));
    OK(raw_fd_close((uint32_t)fd));
    ERRNO(raw_fd_close((uint32_t)fd), E_BADF);
    uint32_t out;
    ERRNO(raw_path_open(dir, 0, S("x"), 0xFF, 0, 0, 0, A(&out)), E_INVAL);
    ERRNO(raw_path_open(dir, 0, S("x"), 0, 0, 0, 0x100, A(&out)), E_INVAL);
    ERRNO(raw_path_open(dir, 0, BAD, 4, 0, 0, 0, 0, A(&out)), E_FAULT);
    ERRNO(raw_path_open(dir, 0, A("file.txt"), 0xFFFFFFF0u, 0, 0, 0, 0, A(&out)), E_FAULT);
    ERRNO(raw_path_open(dir, 0, S("file.txt"), 0, 0, 0, 0, BAD), E_FAULT);
    ERRNO(raw_path_open(dir, 0, S("file.txt"), 0, 0, 0, 0, mem_size() - 3), E_FAULT);
    ERRNO(raw_path_open(dir, 0, A("file.txt\0x"), 10, 0, 0, 0, 0, A(&out)), E_INVAL);
    ERRNO(raw_path_open(1, 0, S("file.txt"), 0, 0, 0, 0, A(&out)), E_NOTCAPABLE);
    ERRNO(raw_path_open(99, 0, S("file.txt"), 0, 0, 0, 0, A(&out)), E_BADF);
    /* Truncation. */
    fd = open_at(dir, "new.txt", O_TRUNC_, R_FILE_RW, 0);
    CHECK(fd > 0);
    OK(put((uint32_t)fd, "abc", 3));
    OK(raw_fd_close((uint32_t)fd));
    fd = open_at(dir, "new.txt", O_TRUNC_, R_FILE_RW, 0);
    uint8_t fs[64];
    OK(raw_fd_filestat_get((uint32_t)fd, A(fs)));
    CHECK(fs[16] == 4 && fs[32] == 0);
    OK(raw_fd_close((uint32_t)fd));
}

static void reading_writing(void)
{
    int fd = open_at(dir, "rw.txt", O_CREAT_, R_FILE_RW, 0);
    CHECK(fd > 0);
    uint32_t f = (uint32_t)fd, n;
    OK(put(f, "hello, world", 12));
    uint64_t pos;
    OK(raw_fd_tell(f, A(&pos)));
    CHECK(pos == 12);
    OK(raw_fd_seek(f, 7, 0, A(&pos)));
    CHECK(pos == 7);
    char buf[32] = {0};
    OK(get(f, buf, sizeof buf, &n));
    CHECK(n == 5 && !memcmp(buf, "world", 5));
    OK(raw_fd_seek(f, -5, 2, A(&pos)));
    CHECK(pos == 7);
    OK(raw_fd_seek(f, -2, 1, A(&pos)));
    CHECK(pos == 5);
    ERRNO(raw_fd_seek(f, -100, 1, A(&pos)), E_INVAL);
    ERRNO(raw_fd_seek(f, 0, 3, A(&pos)), E_INVAL);
    ERRNO(raw_fd_seek(f, 0, 0, BAD), E_FAULT);
    ERRNO(raw_fd_tell(f, BAD), E_FAULT);
    ERRNO(raw_fd_seek(dir, 0, 0, A(&pos)), E_BADF);

    /* pread/pwrite leave the offset alone. */
    uint32_t iov[2] = {A(buf), 5};
    OK(raw_fd_pread(f, A(iov), 1, 0, A(&n)));
    CHECK(n == 5 && !memcmp(buf, "hello", 5));
    memcpy(buf, "HELLO", 5);
    OK(raw_fd_pwrite(f, A(iov), 1, 0, A(&n)));
    CHECK(n == 5);
    OK(raw_fd_tell(f, A(&pos)));
    CHECK(pos == 5);
    OK(raw_fd_pread(f, A(iov), 1, 100, A(&n)));
    CHECK(n == 0);
    ERRNO(raw_fd_pread(f, BAD, 1, 0, A(&n)), E_FAULT);
    ERRNO(raw_fd_pread(f, A(iov), 1, 0, BAD), E_FAULT);
    ERRNO(raw_fd_pwrite(f, BAD, 1, 0, A(&n)), E_FAULT);
    ERRNO(raw_fd_pwrite(f, A(iov), 1, 0, mem_size()), E_FAULT);
    uint32_t bad_iov[2] = {mem_size() - 2, 5};
    ERRNO(raw_fd_pread(f, A(bad_iov), 1, 0, A(&n)), E_FAULT);
    ERRNO(raw_fd_pwrite(f, A(bad_iov), 1, 0, A(&n)), E_FAULT);
    ERRNO(raw_fd_pread(1, A(iov), 1, 0, A(&n)), E_NOTCAPABLE);
    ERRNO(raw_fd_pread(f, A(iov), 1, 0xFFFFFFFFFFFFFFFFull, A(&n)), E_INVAL);

    /* fdstat flags: append. */
    uint8_t st[24];
    OK(raw_fd_fdstat_get(f, A(st)));
    CHECK(st[0] == 4 && st[2] == 0);
    OK(raw_fd_fdstat_set_flags(f, 1));
    OK(raw_fd_fdstat_get(f, A(st)));
    CHECK(st[2] == 1);
    OK(raw_fd_seek(f, 0, 0, A(&pos)));
    OK(put(f, "!", 1));
    uint8_t stat1[64];
    OK(raw_fd_filestat_get(f, A(stat1)));
    CHECK(stat1[32] == 13);
    OK(raw_fd_fdstat_set_flags(f, 0));
    ERRNO(raw_fd_fdstat_set_flags(f, 0x20), E_INVAL);
    ERRNO(raw_fd_fdstat_set_flags(99, 0), E_BADF);

    /* filestat: size, times, allocate. */
    uint8_t fs[64];
    OK(raw_fd_filestat_set_size(f, 100));
    OK(raw_fd_filestat_get(f, A(fs)));
    uint64_t size, atim, mtim;
    memcpy(&size, fs + 32, 8);
    CHECK(size == 100);
    OK(raw_fd_filestat_set_size(f, 3));
    OK(raw_fd_allocate(f, 0, 4096));
    OK(raw_fd_filestat_get(f, A(fs)));
    memcpy(&size, fs + 32, 8);
    CHECK(size == 4096);
    ERRNO(raw_fd_allocate(f, 0xFFFFFFFFFFFFFFF0ull, 100), E_FBIG);
    OK(raw_fd_filestat_set_times(f, 1000000000ull * 1000, 2000000000ull * 1000, 1 | 4));
    OK(raw_fd_filestat_get(f, A(fs)));
    memcpy(&atim, fs + 40, 8);
    memcpy(&mtim, fs + 48, 8);
    CHECK(atim == 1000000000ull * 1000 && mtim == 2000000000ull * 1000);
    OK(raw_fd_filestat_set_times(f, 0, 0, 2 | 8));
    ERRNO(raw_fd_filestat_set_times(f, 0, 0, 1 | 2), E_INVAL);
    ERRNO(raw_fd_filestat_set_times(f, 0, 0, 4 | 8), E_INVAL);
    ERRNO(raw_fd_filestat_set_times(f, 0, 0, 16), E_INVAL);
    ERRNO(raw_fd_filestat_get(f, BAD), E_FAULT);
    ERRNO(raw_fd_filestat_get(f, mem_size() - 63), E_FAULT);
    ERRNO(raw_fd_filestat_get(99, A(fs)), E_BADF);

    OK(raw_fd_advise(f, 0, 100, 1));
    ERRNO(raw_fd_advise(f, 0, 100, 6), E_INVAL);
    OK(raw_fd_sync(f));
    OK(raw_fd_datasync(f));
    ERRNO(raw_fd_sync(99), E_BADF);
    ERRNO(raw_fd_datasync(99), E_BADF);

    /* Rights can only shrink. */
    OK(raw_fd_fdstat_set_rights(f, R_FD_READ | R_FD_SEEK | R_FD_TELL | R_FD_FILESTAT_GET, 0));
    ERRNO(put(f, "x", 1), E_NOTCAPABLE);
    ERRNO(raw_fd_allocate(f, 0, 1), E_NOTCAPABLE);
    ERRNO(raw_fd_filestat_set_size(f, 0), E_NOTCAPABLE);
    ERRNO(raw_fd_filestat_set_times(f, 0, 0, 2), E_NOTCAPABLE);
    ERRNO(raw_fd_sync(f), E_NOTCAPABLE);
    ERRNO(raw_fd_fdstat_set_rights(f, R_FD_READ | R_FD_WRITE, 0), E_NOTCAPABLE);
    OK(get(f, buf, 1, &n));

    /* renumber */
    int g = open_at(dir, "file.txt", 0, R_FD_READ, 0);
    CHECK(g > 0);
    OK(raw_fd_renumber((uint32_t)g, f));
    ERRNO(raw_fd_fdstat_get((uint32_t)g, A(st)), E_BADF);
    OK(get(f, buf, sizeof buf, &n));
    CHECK(n == 6 && !memcmp(buf, "hello\n", 6));
    ERRNO(raw_fd_renumber(f, 99), E_BADF);
    ERRNO(raw_fd_renumber(99, f), E_BADF);
    OK(raw_fd_renumber(f, f));
    OK(raw_fd_close(f));
}

static void prestat(void)
{
    uint8_t pre[8];
    OK(raw_fd_prestat_get(dir, A(pre)));
    uint32_t len;
    memcpy(&len, pre + 4, 4);
    CHECK(pre[0] == 0 && len == 5);
    char name[8];
    OK(raw_fd_prestat_dir_name(dir, A(name), 5));
    CHECK(!memcmp(name, "/work", 5));
    ERRNO(raw_fd_prestat_dir_name(dir, A(name), 2), E_NAMETOOLONG);
    ERRNO(raw_fd_prestat_dir_name(dir, BAD, 5), E_FAULT);
    ERRNO(raw_fd_prestat_dir_name(dir, mem_size() - 4, 5), E_FAULT);
    ERRNO(raw_fd_prestat_get(dir, BAD), E_FAULT);
    ERRNO(raw_fd_prestat_get(1, A(pre)), E_BADF);
    ERRNO(raw_fd_prestat_get(99, A(pre)), E_BADF);
}

static void stdio_through_libc(void)
{
    FILE *f = fopen("/work/libc.txt", "w+");
    CHECK(f != NULL);
    if (!f) return;
    fprintf(f, "%d %s\n", 42, "answer");
    rewind(f);
    int v = 0;
    char word[16] = "";
    CHECK(fscanf(f, "%d %15s", &v, word) == 2);
    CHECK(v == 42 && !strcmp(word, "answer"));
    fclose(f);
    CHECK(remove("/work/libc.txt") == 0);
}

int main(void)
{
    int d = preopen_fd("/work");
    CHECK(d == 3);
    if (d < 0) return finish();
    dir = (uint32_t)d;
    opening();
    reading_writing();
    prestat();
    stdio_through_libc();
    /* A closed preopen is gone. */
    OK(raw_fd_close(dir));
    uint8_t pre[8];
    ERRNO(raw_fd_prestat_get(dir, A(pre)), E_BADF);
    return finish();
}
