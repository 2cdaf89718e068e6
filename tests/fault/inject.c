/* The wrappers behind inject.h. Each one fails the way its real function fails: allocation with
 * NULL and ENOMEM, mmap with MAP_FAILED, the pthread functions with an error number, the file and
 * socket calls with -1 and a plausible errno. close() closes the descriptor before it reports its
 * failure, as Linux does. */
#include "inject.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------------------------------------------
 * The counter
 * ---------------------------------------------------------------------------------------------- */

/* clang-format off */
#define FI_SYMBOLS(X)                                                                            \
    X(malloc) X(calloc) X(realloc) X(strdup) X(strndup) X(mmap) X(mprotect) X(madvise)           \
    X(pthread_create) X(pthread_mutex_init) X(pthread_cond_init) X(pthread_condattr_init)        \
    X(pthread_getattr_np) X(open) X(openat) X(close) X(fdopendir) X(readdir) X(fstat) X(fstatat) \
    X(readv) X(writev) X(preadv) X(pwritev) X(lseek) X(ftruncate) X(fsync) X(fdatasync)          \
    X(fcntl) X(mkdirat) X(linkat) X(renameat) X(unlinkat) X(symlinkat) X(readlinkat)             \
    X(utimensat) X(futimens) X(posix_fadvise) X(posix_fallocate) X(ppoll) X(getrandom)          \
    X(clock_gettime) X(clock_getres) X(ioctl) X(syscall) X(accept4) X(recvmsg) X(sendmsg)        \
    X(shutdown) X(getsockopt) X(sigtimedwait) X(fopen) X(fread) X(json_load_file)                \
    X(epoll_create1) X(epoll_ctl) X(eventfd) X(timerfd_create) X(sysconf)
/* clang-format on */

enum {
#define FI_ENUM(s) FI_##s,
    FI_SYMBOLS(FI_ENUM)
#undef FI_ENUM
        FI_NSYMBOLS
};

static const char *const k_names[] = {
#define FI_NAME(s) #s,
    FI_SYMBOLS(FI_NAME)
#undef FI_NAME
};

static _Thread_local bool tl_armed;  /* this thread armed the injector */
static _Thread_local bool tl_paused; /* ... and paused it */
static unsigned long g_calls, g_fail_at;
static bool g_persistent, g_stopped;
static bool g_injected;
static const char *g_symbol;
static void *g_caller;

static atomic_long g_heap, g_maps, g_files, g_dirs;

void fi_arm(unsigned long fail_at)
{
    fi_arm_persistent(fail_at, false);
}

void fi_arm_persistent(unsigned long fail_at, bool persistent)
{
    g_calls = 0;
    g_fail_at = fail_at;
    g_persistent = persistent;
    g_stopped = false;
    g_injected = false;
    g_symbol = NULL;
    g_caller = NULL;
    tl_paused = false;
    tl_armed = true;
}

void fi_disarm(void)
{
    tl_armed = false;
}
void fi_stop_failing(void)
{
    g_stopped = true;
}
void fi_pause(void)
{
    tl_paused = true;
}
void fi_resume(void)
{
    tl_paused = false;
}
bool fi_armed(void)
{
    return tl_armed && !tl_paused;
}
unsigned long fi_calls(void)
{
    return g_calls;
}
bool fi_injected(void)
{
    return g_injected;
}
const char *fi_injected_symbol(void)
{
    return g_symbol;
}
void *fi_injected_caller(void)
{
    return g_caller;
}

size_t fi_symbol_count(void)
{
    return FI_NSYMBOLS;
}
const char *fi_symbol_name(size_t i)
{
    return i < FI_NSYMBOLS ? k_names[i] : "?";
}
size_t fi_symbol_index(const char *name)
{
    for (size_t i = 0; i < FI_NSYMBOLS; i++)
        if (strcmp(k_names[i], name) == 0) return i;
    return FI_NSYMBOLS;
}

/* Counts the call; true when it is the one to fail. */
static bool should_fail(int sym, void *caller)
{
    if (!tl_armed || tl_paused) return false;
    ++g_calls;
    if (!g_fail_at || g_calls < g_fail_at) return false;
    if (g_calls > g_fail_at && (!g_persistent || g_stopped)) return false;
    if (g_injected) return true; /* a later call of a persistent failure */
    g_injected = true;
    g_symbol = k_names[sym];
    g_caller = caller;
    return true;
}

#define FAIL(sym) should_fail(FI_##sym, __builtin_return_address(0))

/* ------------------------------------------------------------------------------------------------
 * Allocation
 * ---------------------------------------------------------------------------------------------- */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);

void *__wrap_malloc(size_t n)
{
    if (FAIL(malloc)) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = __real_malloc(n);
    if (p) atomic_fetch_add(&g_heap, 1);
    return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
    if (FAIL(calloc)) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = __real_calloc(n, size);
    if (p) atomic_fetch_add(&g_heap, 1);
    return p;
}

void *__wrap_realloc(void *p, size_t n)
{
    if (FAIL(realloc)) {
        errno = ENOMEM;
        return NULL; /* the old block stays */
    }
    void *q = __real_realloc(p, n);
    if (!p && q) atomic_fetch_add(&g_heap, 1);
    if (p && !q && n == 0) atomic_fetch_sub(&g_heap, 1); /* realloc(p, 0) freed p */
    return q;
}

void __wrap_free(void *p)
{
    if (p) atomic_fetch_sub(&g_heap, 1);
    __real_free(p);
}

char *__wrap_strdup(const char *s)
{
    if (FAIL(strdup)) {
        errno = ENOMEM;
        return NULL;
    }
    char *d = __real_strdup(s);
    if (d) atomic_fetch_add(&g_heap, 1);
    return d;
}

char *__wrap_strndup(const char *s, size_t n)
{
    if (FAIL(strndup)) {
        errno = ENOMEM;
        return NULL;
    }
    char *d = __real_strndup(s, n);
    if (d) atomic_fetch_add(&g_heap, 1);
    return d;
}

/* ------------------------------------------------------------------------------------------------
 * Mappings
 * ---------------------------------------------------------------------------------------------- */

void *__real_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int __real_munmap(void *addr, size_t len);
int __real_mprotect(void *addr, size_t len, int prot);
int __real_madvise(void *addr, size_t len, int advice);

void *__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    if (FAIL(mmap)) {
        errno = ENOMEM;
        return MAP_FAILED;
    }
    void *p = __real_mmap(addr, len, prot, flags, fd, off);
    if (p != MAP_FAILED) atomic_fetch_add(&g_maps, 1);
    return p;
}

int __wrap_munmap(void *addr, size_t len)
{
    int rc = __real_munmap(addr, len);
    if (rc == 0) atomic_fetch_sub(&g_maps, 1);
    return rc;
}

int __wrap_mprotect(void *addr, size_t len, int prot)
{
    if (FAIL(mprotect)) {
        errno = ENOMEM;
        return -1;
    }
    return __real_mprotect(addr, len, prot);
}

int __wrap_madvise(void *addr, size_t len, int advice)
{
    if (FAIL(madvise)) {
        errno = EAGAIN;
        return -1;
    }
    return __real_madvise(addr, len, advice);
}

/* ------------------------------------------------------------------------------------------------
 * Threads
 * ---------------------------------------------------------------------------------------------- */

int __real_pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg);
int __real_pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr);
int __real_pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr);
int __real_pthread_condattr_init(pthread_condattr_t *attr);
int __real_pthread_getattr_np(pthread_t t, pthread_attr_t *attr);

int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
    if (FAIL(pthread_create)) return EAGAIN;
    return __real_pthread_create(t, attr, fn, arg);
}

int __wrap_pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr)
{
    if (FAIL(pthread_mutex_init)) return ENOMEM;
    return __real_pthread_mutex_init(m, attr);
}

int __wrap_pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr)
{
    if (FAIL(pthread_cond_init)) return ENOMEM;
    return __real_pthread_cond_init(c, attr);
}

int __wrap_pthread_condattr_init(pthread_condattr_t *attr)
{
    if (FAIL(pthread_condattr_init)) return ENOMEM;
    return __real_pthread_condattr_init(attr);
}

int __wrap_pthread_getattr_np(pthread_t t, pthread_attr_t *attr)
{
    if (FAIL(pthread_getattr_np)) return ENOMEM;
    return __real_pthread_getattr_np(t, attr);
}

/* ------------------------------------------------------------------------------------------------
 * Descriptors and files
 * ---------------------------------------------------------------------------------------------- */

int __real_open(const char *path, int flags, ...);
int __real_openat(int dir, const char *path, int flags, ...);
int __real_close(int fd);
DIR *__real_fdopendir(int fd);
int __real_closedir(DIR *d);
struct dirent *__real_readdir(DIR *d);
int __real_fstat(int fd, struct stat *st);
int __real_fstatat(int dir, const char *path, struct stat *st, int flags);
ssize_t __real_readv(int fd, const struct iovec *iov, int n);
ssize_t __real_writev(int fd, const struct iovec *iov, int n);
ssize_t __real_preadv(int fd, const struct iovec *iov, int n, off_t off);
ssize_t __real_pwritev(int fd, const struct iovec *iov, int n, off_t off);
off_t __real_lseek(int fd, off_t off, int whence);
int __real_ftruncate(int fd, off_t len);
int __real_fsync(int fd);
int __real_fdatasync(int fd);
int __real_fcntl(int fd, int cmd, ...);
int __real_mkdirat(int dir, const char *path, mode_t mode);
int __real_linkat(int od, const char *op, int nd, const char *np, int flags);
int __real_renameat(int od, const char *op, int nd, const char *np);
int __real_unlinkat(int dir, const char *path, int flags);
int __real_symlinkat(const char *target, int dir, const char *path);
ssize_t __real_readlinkat(int dir, const char *path, char *buf, size_t len);
int __real_utimensat(int dir, const char *path, const struct timespec t[2], int flags);
int __real_futimens(int fd, const struct timespec t[2]);
int __real_posix_fadvise(int fd, off_t off, off_t len, int advice);
int __real_posix_fallocate(int fd, off_t off, off_t len);

static mode_t open_mode(int flags, va_list ap)
{
    return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? va_arg(ap, mode_t) : 0;
}

int __wrap_open(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t mode = open_mode(flags, ap);
    va_end(ap);
    if (FAIL(open)) {
        errno = EMFILE;
        return -1;
    }
    return __real_open(path, flags, mode);
}

int __wrap_openat(int dir, const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t mode = open_mode(flags, ap);
    va_end(ap);
    if (FAIL(openat)) {
        errno = EMFILE;
        return -1;
    }
    return __real_openat(dir, path, flags, mode);
}

int __wrap_close(int fd)
{
    bool fail = FAIL(close);
    int rc = __real_close(fd);
    if (fail && rc == 0) {
        errno = EIO;
        return -1;
    }
    return rc;
}

DIR *__wrap_fdopendir(int fd)
{
    if (FAIL(fdopendir)) {
        errno = ENOMEM;
        return NULL;
    }
    DIR *d = __real_fdopendir(fd);
    if (d) atomic_fetch_add(&g_dirs, 1);
    return d;
}

int __wrap_closedir(DIR *d)
{
    if (d) atomic_fetch_sub(&g_dirs, 1);
    return __real_closedir(d);
}

struct dirent *__wrap_readdir(DIR *d)
{
    if (FAIL(readdir)) {
        errno = EIO;
        return NULL;
    }
    return __real_readdir(d);
}

#define FAIL_WITH(sym, err)                                                                        \
    do {                                                                                           \
        if (FAIL(sym)) {                                                                           \
            errno = (err);                                                                         \
            return -1;                                                                             \
        }                                                                                          \
    } while (0)

int __wrap_fstat(int fd, struct stat *st)
{
    FAIL_WITH(fstat, EIO);
    return __real_fstat(fd, st);
}

int __wrap_fstatat(int dir, const char *path, struct stat *st, int flags)
{
    FAIL_WITH(fstatat, ENOMEM);
    return __real_fstatat(dir, path, st, flags);
}

ssize_t __wrap_readv(int fd, const struct iovec *iov, int n)
{
    FAIL_WITH(readv, EIO);
    return __real_readv(fd, iov, n);
}

ssize_t __wrap_writev(int fd, const struct iovec *iov, int n)
{
    FAIL_WITH(writev, ENOSPC);
    return __real_writev(fd, iov, n);
}

ssize_t __wrap_preadv(int fd, const struct iovec *iov, int n, off_t off)
{
    FAIL_WITH(preadv, EIO);
    return __real_preadv(fd, iov, n, off);
}

ssize_t __wrap_pwritev(int fd, const struct iovec *iov, int n, off_t off)
{
    FAIL_WITH(pwritev, ENOSPC);
    return __real_pwritev(fd, iov, n, off);
}

off_t __wrap_lseek(int fd, off_t off, int whence)
{
    FAIL_WITH(lseek, EOVERFLOW);
    return __real_lseek(fd, off, whence);
}

int __wrap_ftruncate(int fd, off_t len)
{
    FAIL_WITH(ftruncate, EIO);
    return __real_ftruncate(fd, len);
}

int __wrap_fsync(int fd)
{
    FAIL_WITH(fsync, EIO);
    return __real_fsync(fd);
}

int __wrap_fdatasync(int fd)
{
    FAIL_WITH(fdatasync, EIO);
    return __real_fdatasync(fd);
}

int __wrap_fcntl(int fd, int cmd, ...)
{
    va_list ap;
    va_start(ap, cmd);
    void *arg = va_arg(ap, void *); /* as glibc reads it; unused by the commands without one */
    va_end(ap);
    FAIL_WITH(fcntl, cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC ? EMFILE : EINVAL);
    return __real_fcntl(fd, cmd, arg);
}

int __wrap_mkdirat(int dir, const char *path, mode_t mode)
{
    FAIL_WITH(mkdirat, ENOSPC);
    return __real_mkdirat(dir, path, mode);
}

int __wrap_linkat(int od, const char *op, int nd, const char *np, int flags)
{
    FAIL_WITH(linkat, EMLINK);
    return __real_linkat(od, op, nd, np, flags);
}

int __wrap_renameat(int od, const char *op, int nd, const char *np)
{
    FAIL_WITH(renameat, ENOSPC);
    return __real_renameat(od, op, nd, np);
}

int __wrap_unlinkat(int dir, const char *path, int flags)
{
    FAIL_WITH(unlinkat, EIO);
    return __real_unlinkat(dir, path, flags);
}

int __wrap_symlinkat(const char *target, int dir, const char *path)
{
    FAIL_WITH(symlinkat, ENOSPC);
    return __real_symlinkat(target, dir, path);
}

ssize_t __wrap_readlinkat(int dir, const char *path, char *buf, size_t len)
{
    FAIL_WITH(readlinkat, EIO);
    return __real_readlinkat(dir, path, buf, len);
}

int __wrap_utimensat(int dir, const char *path, const struct timespec t[2], int flags)
{
    FAIL_WITH(utimensat, EPERM);
    return __real_utimensat(dir, path, t, flags);
}

int __wrap_futimens(int fd, const struct timespec t[2])
{
    FAIL_WITH(futimens, EPERM);
    return __real_futimens(fd, t);
}

/* These two return the error number instead of setting errno. */
int __wrap_posix_fadvise(int fd, off_t off, off_t len, int advice)
{
    if (FAIL(posix_fadvise)) return EINVAL;
    return __real_posix_fadvise(fd, off, len, advice);
}

int __wrap_posix_fallocate(int fd, off_t off, off_t len)
{
    if (FAIL(posix_fallocate)) return ENOSPC;
    return __real_posix_fallocate(fd, off, len);
}

/* ------------------------------------------------------------------------------------------------
 * The scheduler's descriptors: epoll sets, the eventfd, the timerfd
 * ---------------------------------------------------------------------------------------------- */

int __real_epoll_create1(int flags);
int __real_epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev);
int __real_eventfd(unsigned initval, int flags);
int __real_timerfd_create(int clock, int flags);

int __wrap_epoll_create1(int flags)
{
    FAIL_WITH(epoll_create1, EMFILE);
    return __real_epoll_create1(flags);
}

int __wrap_epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev)
{
    FAIL_WITH(epoll_ctl, ENOMEM);
    return __real_epoll_ctl(epfd, op, fd, ev);
}

int __wrap_eventfd(unsigned initval, int flags)
{
    FAIL_WITH(eventfd, EMFILE);
    return __real_eventfd(initval, flags);
}

int __wrap_timerfd_create(int clock, int flags)
{
    FAIL_WITH(timerfd_create, EMFILE);
    return __real_timerfd_create(clock, flags);
}

/* ------------------------------------------------------------------------------------------------
 * Polling, clocks, randomness, ioctl, raw system calls, sockets, signals
 * ---------------------------------------------------------------------------------------------- */

int __real_ppoll(struct pollfd *fds, nfds_t n, const struct timespec *t, const sigset_t *mask);
ssize_t __real_getrandom(void *buf, size_t len, unsigned flags);
int __real_clock_gettime(clockid_t id, struct timespec *t);
int __real_clock_getres(clockid_t id, struct timespec *t);
int __real_ioctl(int fd, unsigned long req, ...);
long __real_syscall(long nr, ...);
int __real_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);
ssize_t __real_recvmsg(int fd, struct msghdr *m, int flags);
ssize_t __real_sendmsg(int fd, const struct msghdr *m, int flags);
int __real_shutdown(int fd, int how);
int __real_getsockopt(int fd, int level, int name, void *val, socklen_t *len);
int __real_sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *t);

int __wrap_ppoll(struct pollfd *fds, nfds_t n, const struct timespec *t, const sigset_t *mask)
{
    FAIL_WITH(ppoll, ENOMEM);
    return __real_ppoll(fds, n, t, mask);
}

ssize_t __wrap_getrandom(void *buf, size_t len, unsigned flags)
{
    FAIL_WITH(getrandom, ENOSYS); /* a kernel or a sandbox without it */
    return __real_getrandom(buf, len, flags);
}

int __wrap_clock_gettime(clockid_t id, struct timespec *t)
{
    FAIL_WITH(clock_gettime, EINVAL);
    return __real_clock_gettime(id, t);
}

int __wrap_clock_getres(clockid_t id, struct timespec *t)
{
    FAIL_WITH(clock_getres, EINVAL);
    return __real_clock_getres(id, t);
}

long __real_sysconf(int name);
long __wrap_sysconf(int name)
{
    FAIL_WITH(sysconf, EINVAL);
    return __real_sysconf(name);
}

int __wrap_ioctl(int fd, unsigned long req, ...)
{
    va_list ap;
    va_start(ap, req);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    FAIL_WITH(ioctl, EINVAL);
    return __real_ioctl(fd, req, arg);
}

/* The library makes one raw system call, openat2, with four arguments; any other gets six. */
long __wrap_syscall(long nr, ...)
{
    long a[6] = {0};
    va_list ap;
    va_start(ap, nr);
    int n = nr == SYS_openat2 ? 4 : 6;
    for (int i = 0; i < n; i++) a[i] = va_arg(ap, long);
    va_end(ap);
    FAIL_WITH(syscall, EMFILE);
    return __real_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

int __wrap_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
    FAIL_WITH(accept4, EMFILE);
    return __real_accept4(fd, addr, len, flags);
}

ssize_t __wrap_recvmsg(int fd, struct msghdr *m, int flags)
{
    FAIL_WITH(recvmsg, ECONNRESET);
    return __real_recvmsg(fd, m, flags);
}

ssize_t __wrap_sendmsg(int fd, const struct msghdr *m, int flags)
{
    FAIL_WITH(sendmsg, ENOBUFS);
    return __real_sendmsg(fd, m, flags);
}

int __wrap_shutdown(int fd, int how)
{
    FAIL_WITH(shutdown, ENOTCONN);
    return __real_shutdown(fd, how);
}

int __wrap_getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
    FAIL_WITH(getsockopt, ENOBUFS);
    return __real_getsockopt(fd, level, name, val, len);
}

int __wrap_sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *t)
{
    FAIL_WITH(sigtimedwait, EINTR);
    return __real_sigtimedwait(set, info, t);
}

/* ------------------------------------------------------------------------------------------------
 * stdio, for the command line
 * ---------------------------------------------------------------------------------------------- */

FILE *__real_fopen(const char *path, const char *mode);
int __real_fclose(FILE *f);
size_t __real_fread(void *buf, size_t size, size_t n, FILE *f);
int __real_ferror(FILE *f);

/* The stream whose read failed: ferror() reports it until it is closed. */
static FILE *g_failed_stream;

FILE *__wrap_fopen(const char *path, const char *mode)
{
    if (FAIL(fopen)) {
        errno = EMFILE;
        return NULL;
    }
    FILE *f = __real_fopen(path, mode);
    if (f) atomic_fetch_add(&g_files, 1);
    return f;
}

int __wrap_fclose(FILE *f)
{
    if (f) atomic_fetch_sub(&g_files, 1);
    if (f == g_failed_stream) g_failed_stream = NULL;
    return __real_fclose(f);
}

size_t __wrap_fread(void *buf, size_t size, size_t n, FILE *f)
{
    if (FAIL(fread)) {
        g_failed_stream = f;
        errno = EIO;
        return 0;
    }
    return __real_fread(buf, size, n, f);
}

int __wrap_ferror(FILE *f)
{
    return f == g_failed_stream || __real_ferror(f);
}

/* For inject_cli.c. */
bool fi_fail_json_load(void *caller);
bool fi_fail_json_load(void *caller)
{
    return should_fail(FI_json_load_file, caller);
}

/* ------------------------------------------------------------------------------------------------
 * The balance
 * ---------------------------------------------------------------------------------------------- */

/* Entries of a /proc/self directory, "." and ".." left out. */
static long count_entries(const char *dir)
{
    int dfd = __real_open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return -1;
    DIR *d = __real_fdopendir(dfd);
    if (!d) {
        __real_close(dfd);
        return -1;
    }
    long n = 0;
    for (struct dirent *e; (e = __real_readdir(d));)
        if (e->d_name[0] != '.') n++;
    __real_closedir(d);
    return n;
}

void fi_balance_now(fi_balance *b)
{
    b->heap = atomic_load(&g_heap);
    b->maps = atomic_load(&g_maps);
    b->files = atomic_load(&g_files);
    b->dirs = atomic_load(&g_dirs);
    b->fds = count_entries("/proc/self/fd") - 1; /* not the one reading the directory */
    b->threads = count_entries("/proc/self/task");
}
