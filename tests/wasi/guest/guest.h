/* Shared by the WASI guest programs: raw imports of every wasi_snapshot_preview1 function (so a
 * test can pass any pointer or length, which the libc wrappers would dereference first), and
 * checks that report the line and exit 1. */
#ifndef WARDEN_TESTS_WASI_GUEST_H
#define WARDEN_TESTS_WASI_GUEST_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RAW(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))
typedef uint32_t P; /* a guest pointer or length, passed as a plain i32 */

RAW(args_get) int32_t raw_args_get(P argv, P buf);
RAW(args_sizes_get) int32_t raw_args_sizes_get(P argc, P size);
RAW(environ_get) int32_t raw_environ_get(P env, P buf);
RAW(environ_sizes_get) int32_t raw_environ_sizes_get(P count, P size);
RAW(clock_res_get) int32_t raw_clock_res_get(uint32_t id, P out);
RAW(clock_time_get) int32_t raw_clock_time_get(uint32_t id, uint64_t precision, P out);
RAW(fd_advise) int32_t raw_fd_advise(uint32_t fd, uint64_t off, uint64_t len, uint32_t advice);
RAW(fd_allocate) int32_t raw_fd_allocate(uint32_t fd, uint64_t off, uint64_t len);
RAW(fd_close) int32_t raw_fd_close(uint32_t fd);
RAW(fd_datasync) int32_t raw_fd_datasync(uint32_t fd);
RAW(fd_fdstat_get) int32_t raw_fd_fdstat_get(uint32_t fd, P out);
RAW(fd_fdstat_set_flags) int32_t raw_fd_fdstat_set_flags(uint32_t fd, uint32_t flags);
RAW(fd_fdstat_set_rights)
int32_t raw_fd_fdstat_set_rights(uint32_t fd, uint64_t base, uint64_t inh);
RAW(fd_filestat_get) int32_t raw_fd_filestat_get(uint32_t fd, P out);
RAW(fd_filestat_set_size) int32_t raw_fd_filestat_set_size(uint32_t fd, uint64_t size);
RAW(fd_filestat_set_times)
int32_t raw_fd_filestat_set_times(uint32_t fd, uint64_t a, uint64_t m, uint32_t fl);
RAW(fd_pread) int32_t raw_fd_pread(uint32_t fd, P iovs, P n, uint64_t off, P out);
RAW(fd_prestat_get) int32_t raw_fd_prestat_get(uint32_t fd, P out);
RAW(fd_prestat_dir_name) int32_t raw_fd_prestat_dir_name(uint32_t fd, P buf, P len);
RAW(fd_pwrite) int32_t raw_fd_pwrite(uint32_t fd, P iovs, P n, uint64_t off, P out);
RAW(fd_read) int32_t raw_fd_read(uint32_t fd, P iovs, P n, P out);
RAW(fd_readdir) int32_t raw_fd_readdir(uint32_t fd, P buf, P len, uint64_t cookie, P out);
RAW(fd_renumber) int32_t raw_fd_renumber(uint32_t fd, uint32_t to);
RAW(fd_seek) int32_t raw_fd_seek(uint32_t fd, int64_t off, uint32_t whence, P out);
RAW(fd_sync) int32_t raw_fd_sync(uint32_t fd);
RAW(fd_tell) int32_t raw_fd_tell(uint32_t fd, P out);
RAW(fd_write) int32_t raw_fd_write(uint32_t fd, P iovs, P n, P out);
RAW(path_create_directory) int32_t raw_path_create_directory(uint32_t fd, P path, P len);
RAW(path_filestat_get)
int32_t raw_path_filestat_get(uint32_t fd, uint32_t fl, P path, P len, P out);
RAW(path_filestat_set_times)
int32_t raw_path_filestat_set_times(uint32_t fd, uint32_t fl, P path, P len, uint64_t a, uint64_t m,
                                    uint32_t fst);
RAW(path_link)
int32_t raw_path_link(uint32_t ofd, uint32_t fl, P op, P ol, uint32_t nfd, P np, P nl);
RAW(path_open)
int32_t raw_path_open(uint32_t fd, uint32_t dirflags, P path, P len, uint32_t oflags, uint64_t base,
                      uint64_t inh, uint32_t fdflags, P out);
RAW(path_readlink) int32_t raw_path_readlink(uint32_t fd, P path, P len, P buf, P buflen, P out);
RAW(path_remove_directory) int32_t raw_path_remove_directory(uint32_t fd, P path, P len);
RAW(path_rename) int32_t raw_path_rename(uint32_t fd, P op, P ol, uint32_t nfd, P np, P nl);
RAW(path_symlink) int32_t raw_path_symlink(P op, P ol, uint32_t fd, P np, P nl);
RAW(path_unlink_file) int32_t raw_path_unlink_file(uint32_t fd, P path, P len);
RAW(poll_oneoff) int32_t raw_poll_oneoff(P in, P out, P n, P nout);
RAW(proc_exit) _Noreturn void raw_proc_exit(uint32_t code);
RAW(proc_raise) int32_t raw_proc_raise(uint32_t sig);
RAW(sched_yield) int32_t raw_sched_yield(void);
RAW(random_get) int32_t raw_random_get(P buf, P len);
RAW(sock_accept) int32_t raw_sock_accept(uint32_t fd, uint32_t flags, P out);
RAW(sock_recv)
int32_t raw_sock_recv(uint32_t fd, P iovs, P n, uint32_t flags, P len_out, P flags_out);
RAW(sock_send) int32_t raw_sock_send(uint32_t fd, P iovs, P n, uint32_t flags, P out);
RAW(sock_shutdown) int32_t raw_sock_shutdown(uint32_t fd, uint32_t how);

/* A guest address as the i32 the imports take. */
#define A(p) ((P)(uintptr_t)(p))
/* Pointer and length of a string literal or array. */
#define S(str) A(str), (P)strlen(str)

/* An address past the end of linear memory, and the memory's size. */
#define BAD ((P)0xFFFFFFF0u)
static inline P mem_size(void)
{
    return (P)(__builtin_wasm_memory_size(0) * 65536u);
}

static int g_failures;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            g_failures++;                                                                          \
        }                                                                                          \
    } while (0)

/* Expects a call to return the errno `want`. */
#define ERRNO(call, want)                                                                          \
    do {                                                                                           \
        int32_t got_ = (call);                                                                     \
        if (got_ != (want)) {                                                                      \
            fprintf(stderr, "%s:%d: %s returned %d, expected %d (%s)\n", __FILE__, __LINE__,       \
                    #call, (int)got_, (int)(want), #want);                                         \
            g_failures++;                                                                          \
        }                                                                                          \
    } while (0)

#define OK(call) ERRNO(call, 0)

static inline int finish(void)
{
    if (g_failures) fprintf(stderr, "%d check(s) failed\n", g_failures);
    return g_failures ? 1 : 0;
}

/* errno values of wasi_snapshot_preview1. */
enum {
    E_SUCCESS = 0,
    E_2BIG = 1,
    E_BADF = 8,
    E_EXIST = 20,
    E_FAULT = 21,
    E_FBIG = 22,
    E_INVAL = 28,
    E_ISDIR = 31,
    E_LOOP = 32,
    E_NAMETOOLONG = 37,
    E_NOENT = 44,
    E_NOTDIR = 54,
    E_NOTEMPTY = 55,
    E_NOTSOCK = 57,
    E_NOTSUP = 58,
    E_PERM = 63,
    E_SPIPE = 70,
    E_NOTCAPABLE = 76,
};

/* Rights. */
#define R_FD_DATASYNC (1ull << 0)
#define R_FD_READ (1ull << 1)
#define R_FD_SEEK (1ull << 2)
#define R_FD_FDSTAT_SET_FLAGS (1ull << 3)
#define R_FD_SYNC (1ull << 4)
#define R_FD_TELL (1ull << 5)
#define R_FD_WRITE (1ull << 6)
#define R_FD_ADVISE (1ull << 7)
#define R_FD_ALLOCATE (1ull << 8)
#define R_FD_READDIR (1ull << 14)
#define R_FD_FILESTAT_GET (1ull << 21)
#define R_FD_FILESTAT_SET_SIZE (1ull << 22)
#define R_FD_FILESTAT_SET_TIMES (1ull << 23)
#define R_ALL ((1ull << 30) - 1)
#define R_FILE_RW                                                                                  \
    (R_FD_DATASYNC | R_FD_READ | R_FD_SEEK | R_FD_FDSTAT_SET_FLAGS | R_FD_SYNC | R_FD_TELL |       \
     R_FD_WRITE | R_FD_ADVISE | R_FD_ALLOCATE | R_FD_FILESTAT_GET | R_FD_FILESTAT_SET_SIZE |       \
     R_FD_FILESTAT_SET_TIMES)

enum { O_CREAT_ = 1, O_DIRECTORY_ = 2, O_EXCL_ = 4, O_TRUNC_ = 8 };
#define FOLLOW 1u

/* The guest descriptor of the preopen named `name`, or -1. */
static inline int preopen_fd(const char *name)
{
    for (uint32_t fd = 3; fd < 64; fd++) {
        uint8_t pre[8];
        if (raw_fd_prestat_get(fd, A(pre)) != 0) continue;
        uint32_t len;
        memcpy(&len, pre + 4, 4);
        char buf[256];
        if (len >= sizeof buf || raw_fd_prestat_dir_name(fd, A(buf), len) != 0) continue;
        buf[len] = 0;
        if (!strcmp(buf, name)) return (int)fd;
    }
    return -1;
}

/* Opens `path` below `dir` with rights, or returns -errno. */
static inline int open_at(uint32_t dir, const char *path, uint32_t oflags, uint64_t rights,
                          uint32_t fdflags)
{
    uint32_t fd;
    int32_t e = raw_path_open(dir, FOLLOW, S(path), oflags, rights, R_ALL, fdflags, A(&fd));
    return e ? -e : (int)fd;
}

/* Writes and reads whole buffers through the raw calls; return an errno. */
static inline int32_t put(uint32_t fd, const void *data, uint32_t len)
{
    uint32_t iov[2] = {A(data), len}, n;
    int32_t e = raw_fd_write(fd, A(iov), 1, A(&n));
    return e ? e : (n == len ? 0 : -1);
}

static inline int32_t get(uint32_t fd, void *data, uint32_t len, uint32_t *n)
{
    uint32_t iov[2] = {A(data), len};
    return raw_fd_read(fd, A(iov), 1, A(n));
}

#endif
