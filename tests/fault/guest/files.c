/* The WASI guest of fault/wasi: arguments, environment, clocks, randomness, files, directories,
 * links, polling, standard streams and sockets, in one pass. Run with the arguments "files alpha
 * beta", FAULT_MODE=on in the environment, the directory "/work" preopened (descriptor 3) and
 * "input" on standard input; with FAULT_SOCKETS set too, one end of a connected stream socket (4,
 * on which "ping" waits) and a listening socket with a connection pending (5).
 *
 * Under failure injection the host makes any of its calls fail, and the guest must only ever see
 * that as an errno. A call that fails ends the program with status 1 and the failed step on
 * standard error, unless FAULT_RETRY is set: then the call is made again and must work, and the
 * program goes on. A result that is wrong although the calls succeeded ends it with status 99.
 * Everything it created is removed again on success; it prints "done" last. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define RAW(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))
RAW(sock_accept) int32_t raw_sock_accept(uint32_t fd, uint32_t flags, uint32_t out);
RAW(sock_recv)
int32_t raw_sock_recv(uint32_t fd, uint32_t iovs, uint32_t n, uint32_t flags, uint32_t len_out,
                      uint32_t flags_out);
RAW(sock_send)
int32_t raw_sock_send(uint32_t fd, uint32_t iovs, uint32_t n, uint32_t flags, uint32_t out);
RAW(sock_shutdown) int32_t raw_sock_shutdown(uint32_t fd, uint32_t how);
RAW(fd_renumber) int32_t raw_fd_renumber(uint32_t fd, uint32_t to);
RAW(fd_fdstat_set_flags) int32_t raw_fd_fdstat_set_flags(uint32_t fd, uint32_t flags);
#define A(p) ((uint32_t)(uintptr_t)(p))

enum { SOCKET = 4, LISTENER = 5 };

/* A call that the host may make fail. With FAULT_RETRY set, a failed call is made once more,
 * which must then work as if nothing had failed (the host's state must have stayed right);
 * without it, or when it fails again, the program ends with status 1. ONCE is for the calls that
 * must not be repeated (close). */
static int g_retry;

static void failed(const char *what, int err, int retrying)
{
    fprintf(stderr, "files: %s failed: %s%s\n", what, strerror(err), retrying ? "; retrying" : "");
    if (!retrying) exit(1);
}

#define STEP(ok, what)                                                                             \
    do {                                                                                           \
        if (!(ok)) {                                                                               \
            failed(what, errno, g_retry);                                                          \
            if (!(ok)) failed(what, errno, 0);                                                     \
        }                                                                                          \
    } while (0)
#define ONCE(ok, what)                                                                             \
    do {                                                                                           \
        if (!(ok)) failed(what, errno, 0);                                                         \
    } while (0)
/* The same for a raw call that returns an errno. */
#define RAW_STEP(call, what)                                                                       \
    do {                                                                                           \
        int32_t e_ = (call);                                                                       \
        if (e_) {                                                                                  \
            fprintf(stderr, "files: %s failed: errno %d%s\n", what, (int)e_,                       \
                    g_retry ? "; retrying" : "");                                                  \
            if (!g_retry || (e_ = (call))) exit(1);                                                \
        }                                                                                          \
    } while (0)
/* A wrong result after calls that all worked. */
#define RIGHT(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "files:%d: wrong result: %s\n", __LINE__, #cond);                      \
            exit(99);                                                                              \
        }                                                                                          \
    } while (0)

static void write_file(const char *path, const char *text, int flags)
{
    int fd;
    STEP((fd = open(path, O_WRONLY | O_CREAT | flags, 0644)) >= 0, "open for writing");
    STEP(write(fd, text, strlen(text)) == (ssize_t)strlen(text), "write");
    ONCE(close(fd) == 0, "close");
}

static void read_file(const char *path, const char *want)
{
    char buf[64] = {0};
    int fd;
    STEP((fd = open(path, O_RDONLY)) >= 0, "open for reading");
    ssize_t n;
    STEP((n = read(fd, buf, sizeof buf - 1)) >= 0, "read");
    RIGHT((size_t)n == strlen(want) && memcmp(buf, want, (size_t)n) == 0);
    ONCE(close(fd) == 0, "close");
}

static void files(void)
{
    write_file("/work/out.txt", "hello fault", O_TRUNC);
    read_file("/work/out.txt", "hello fault");

    int fd;
    STEP((fd = open("/work/out.txt", O_RDWR)) >= 0, "open read-write");
    STEP(lseek(fd, 6, SEEK_SET) == 6, "seek");
    char buf[16] = {0};
    STEP(read(fd, buf, 5) == 5, "read after seek");
    RIGHT(memcmp(buf, "fault", 5) == 0);
    STEP(pread(fd, buf, 5, 0) == 5, "pread");
    RIGHT(memcmp(buf, "hello", 5) == 0);
    STEP(pwrite(fd, "J", 1, 0) == 1, "pwrite");
    struct stat st;
    STEP(fstat(fd, &st) == 0, "fstat");
    RIGHT(st.st_size == 11 && S_ISREG(st.st_mode));
    STEP(ftruncate(fd, 5) == 0, "ftruncate");
    STEP(fsync(fd) == 0, "fsync");
    STEP(fdatasync(fd) == 0, "fdatasync");
    STEP((errno = posix_fadvise(fd, 0, 5, POSIX_FADV_SEQUENTIAL)) == 0, "posix_fadvise");
    struct timespec times[2] = {{1000, 0}, {2000, 0}};
    STEP(futimens(fd, times) == 0, "futimens");
    RAW_STEP(raw_fd_fdstat_set_flags((uint32_t)fd, 1 /* append */), "fd_fdstat_set_flags");
    STEP(write(fd, "!", 1) == 1, "append");
    int moved;
    STEP((moved = open("/work/out.txt", O_RDONLY)) >= 0, "open again");
    RAW_STEP(raw_fd_renumber((uint32_t)moved, (uint32_t)fd), "fd_renumber");
    STEP(read(fd, buf, sizeof buf) == 6, "read the renumbered");
    RIGHT(memcmp(buf, "Jello!", 6) == 0);
    ONCE(close(fd) == 0, "close");

    write_file("/work/out.txt", " more", O_APPEND);
    read_file("/work/out.txt", "Jello! more");
    STEP(stat("/work/out.txt", &st) == 0, "stat");
    RIGHT(st.st_size == 11);
    STEP(utimensat(AT_FDCWD, "/work/out.txt", times, 0) == 0, "utimensat");
    STEP(unlink("/work/out.txt") == 0, "unlink");

    /* An exclusive creation that failed must not have created the file. */
    if ((fd = open("/work/excl.txt", O_WRONLY | O_CREAT | O_EXCL, 0644)) < 0) {
        failed("open exclusive", errno, g_retry);
        fd = open("/work/excl.txt", O_WRONLY | O_CREAT | O_EXCL, 0644);
        RIGHT(fd >= 0 || errno != EEXIST);
        STEP(fd >= 0, "open exclusive");
    }
    ONCE(close(fd) == 0, "close");
    STEP(unlink("/work/excl.txt") == 0, "unlink");
}

static void directories(void)
{
    STEP(mkdir("/work/sub", 0755) == 0, "mkdir");
    STEP(mkdir("/work/sub/deeper", 0755) == 0, "mkdir deeper");
    write_file("/work/sub/a.txt", "A", O_TRUNC);
    write_file("/work/sub/deeper/b.txt", "B", O_TRUNC);
    /* Paths several levels down, with "." and "..", resolved beneath the preopen. */
    read_file("/work/sub/deeper/../deeper/./b.txt", "B");

    DIR *d;
    STEP((d = opendir("/work/sub")) != NULL, "opendir");
    int seen = 0, entries = 0, retried = 0;
    for (;;) {
        errno = 0;
        struct dirent *e = readdir(d);
        if (!e) {
            if (!errno) break;
            /* A failed read of the directory: the next one goes on from where it stopped. */
            failed("readdir", errno, g_retry && !retried++);
            continue;
        }
        entries++;
        if (strcmp(e->d_name, "a.txt") == 0) seen |= 1;
        if (strcmp(e->d_name, "deeper") == 0) seen |= 2;
    }
    RIGHT(seen == 3 && entries == 4); /* ".", "..", "a.txt", "deeper" */
    rewinddir(d);
    STEP((errno = 0, readdir(d) != NULL), "readdir after rewinddir");
    ONCE(closedir(d) == 0, "closedir");

    STEP(rename("/work/sub/a.txt", "/work/sub/c.txt") == 0, "rename");
    STEP(link("/work/sub/c.txt", "/work/sub/d.txt") == 0, "link");
    STEP(symlink("c.txt", "/work/sub/e") == 0, "symlink");
    char target[32] = {0};
    ssize_t n;
    STEP((n = readlink("/work/sub/e", target, sizeof target - 1)) >= 0, "readlink");
    RIGHT(n == 5 && memcmp(target, "c.txt", 5) == 0);
    read_file("/work/sub/e", "A");
    struct stat st;
    STEP(lstat("/work/sub/e", &st) == 0, "lstat");
    RIGHT(S_ISLNK(st.st_mode));

    STEP(unlink("/work/sub/e") == 0, "unlink the link");
    STEP(unlink("/work/sub/d.txt") == 0, "unlink d");
    STEP(unlink("/work/sub/c.txt") == 0, "unlink c");
    STEP(unlink("/work/sub/deeper/b.txt") == 0, "unlink b");
    STEP(rmdir("/work/sub/deeper") == 0, "rmdir deeper");
    STEP(rmdir("/work/sub") == 0, "rmdir");
}

static void clocks_and_polling(void)
{
    struct timespec t;
    STEP(clock_gettime(CLOCK_REALTIME, &t) == 0, "clock_gettime realtime");
    RIGHT(t.tv_sec > 1500000000);
    STEP(clock_gettime(CLOCK_MONOTONIC, &t) == 0, "clock_gettime monotonic");
    STEP(clock_getres(CLOCK_MONOTONIC, &t) == 0, "clock_getres");
    unsigned char random[16] = {0}, zero[16] = {0};
    STEP(getentropy(random, sizeof random) == 0, "getentropy");
    RIGHT(memcmp(random, zero, sizeof zero) != 0);
    struct timespec nap = {0, 100000};
    STEP(nanosleep(&nap, NULL) == 0, "nanosleep");

    /* A file and standard input are ready to read. */
    write_file("/work/poll.txt", "p", O_TRUNC);
    int fd;
    STEP((fd = open("/work/poll.txt", O_RDONLY)) >= 0, "open for poll");
    struct pollfd p[2] = {{fd, POLLIN, 0}, {0, POLLIN, 0}};
    int ready;
    STEP((ready = poll(p, 2, 1000)) >= 0, "poll");
    RIGHT(ready == 2 && (p[0].revents & POLLIN) && (p[1].revents & POLLIN));
    ONCE(close(fd) == 0, "close");
    STEP(unlink("/work/poll.txt") == 0, "unlink");
}

static void streams(void)
{
    char buf[16] = {0};
    ssize_t n;
    STEP((n = read(0, buf, sizeof buf)) >= 0, "read standard input");
    RIGHT(n == 5 && memcmp(buf, "input", 5) == 0);
    fprintf(stderr, "files: to standard error\n");
}

static void sockets(void)
{
    char buf[8] = {0};
    uint32_t iov[2] = {A(buf), sizeof buf}, got = 0, flags = 0, sent = 0;
    RAW_STEP(raw_sock_recv(SOCKET, A(iov), 1, 0, A(&got), A(&flags)), "sock_recv");
    RIGHT(got == 4 && memcmp(buf, "ping", 4) == 0);
    static const char pong[] = "pong";
    uint32_t out[2] = {A(pong), 4};
    RAW_STEP(raw_sock_send(SOCKET, A(out), 1, 0, A(&sent)), "sock_send");
    RIGHT(sent == 4);
    RAW_STEP(raw_sock_shutdown(SOCKET, 2 /* write */), "sock_shutdown");

    uint32_t conn = 0;
    RAW_STEP(raw_sock_accept(LISTENER, 0, A(&conn)), "sock_accept");
    static const char hi[] = "hi";
    uint32_t hello[2] = {A(hi), 2};
    RAW_STEP(raw_sock_send(conn, A(hello), 1, 0, A(&sent)), "sock_send on the accepted");
    RIGHT(sent == 2);
    ONCE(close((int)conn) == 0, "close the accepted");
}

int main(int argc, char **argv)
{
    RIGHT(argc == 3 && strcmp(argv[1], "alpha") == 0 && strcmp(argv[2], "beta") == 0);
    g_retry = getenv("FAULT_RETRY") != NULL;
    const char *mode = getenv("FAULT_MODE");
    RIGHT(mode && strcmp(mode, "on") == 0);
    files();
    directories();
    clocks_and_polling();
    streams();
    if (getenv("FAULT_SOCKETS")) sockets();
    /* Not through stdio: a failed flush loses what it held, which no retry brings back. */
    STEP(write(1, "done\n", 5) == 5, "write standard output");
    return 0;
}
