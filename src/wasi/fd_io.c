/* Reading and writing any kind of descriptor: host descriptors and in-memory streams. A write to a
 * pipe or socket whose reader is gone fails with errno pipe; it never raises SIGPIPE in the host.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "wasi/wasi.h"

uint32_t wz_read_iov(warden_wasi_t *w, wz_fd *e, const struct iovec *iov, size_t n, size_t *done)
{
    *done = 0;
    if (e->kind == WZ_FD_MEM_IN) {
        for (size_t i = 0; i < n && w->in_pos < w->in_len; i++) {
            size_t k = w->in_len - w->in_pos;
            if (k > iov[i].iov_len) k = iov[i].iov_len;
            memcpy(iov[i].iov_base, w->in_bytes + w->in_pos, k);
            w->in_pos += k;
            *done += k;
        }
        return WZ_SUCCESS;
    }
    if (e->kind != WZ_FD_HOST) return WZ_BADF;
    if (n == 0) return WZ_SUCCESS;
    ssize_t r;
    do r = readv(e->host, iov, (int)n);
    while (r < 0 && errno == EINTR);
    if (r < 0) return wz_errno(errno);
    *done = (size_t)r;
    return WZ_SUCCESS;
}

/* writev with SIGPIPE blocked in this thread; a SIGPIPE the write raised is consumed. */
static ssize_t write_nosigpipe(int fd, const struct iovec *iov, size_t n)
{
    sigset_t pipe_set, old;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    sigset_t pending;
    sigemptyset(&pending);
    sigpending(&pending);
    bool was_pending = sigismember(&pending, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    ssize_t r;
    do r = writev(fd, iov, (int)n);
    while (r < 0 && errno == EINTR);
    int saved = errno;
    if (r < 0 && saved == EPIPE && !was_pending) {
        const struct timespec zero = {0, 0};
        while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR) {
        }
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    errno = saved;
    return r;
}

uint32_t wz_write_iov(warden_wasi_t *w, wz_fd *e, const struct iovec *iov, size_t n, size_t *done)
{
    *done = 0;
    if (e->kind == WZ_FD_MEM_OUT) {
        wz_buf *b = &w->out[e->stream];
        for (size_t i = 0; i < n; i++) {
            if (!wz_buf_append(b, iov[i].iov_base, iov[i].iov_len)) {
                if (*done) return WZ_SUCCESS;
                return b->max && iov[i].iov_len > b->max - b->len ? WZ_FBIG : WZ_NOMEM;
            }
            *done += iov[i].iov_len;
        }
        return WZ_SUCCESS;
    }
    if (e->kind != WZ_FD_HOST) return WZ_BADF;
    if (n == 0) return WZ_SUCCESS;
    ssize_t r;
    if (e->type == WZ_FT_SOCKET_STREAM || e->type == WZ_FT_SOCKET_DGRAM) {
        struct msghdr m = {.msg_iov = (struct iovec *)iov, .msg_iovlen = n};
        do r = sendmsg(e->host, &m, MSG_NOSIGNAL);
        while (r < 0 && errno == EINTR);
    } else if (e->type == WZ_FT_REGULAR_FILE) {
        do r = writev(e->host, iov, (int)n);
        while (r < 0 && errno == EINTR);
    } else {
        r = write_nosigpipe(e->host, iov, n);
    }
    if (r < 0) return wz_errno(errno);
    *done = (size_t)r;
    return WZ_SUCCESS;
}
