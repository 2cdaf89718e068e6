/* sock_accept, sock_recv, sock_send, sock_shutdown on sockets the embedder granted. A descriptor
 * that is not a socket gives notsock; one that does not exist, badf. */
#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wasi/wasi.h"

static bool is_socket(const wz_fd *e)
{
    return e->kind == WZ_FD_HOST &&
           (e->type == WZ_FT_SOCKET_STREAM || e->type == WZ_FT_SOCKET_DGRAM);
}

/* The socket behind `fd` with `rights`, or NULL and an errno. */
static wz_fd *socket_of(wz_call *c, uint32_t fd, uint64_t rights, uint32_t *err)
{
    wz_fd *e = wz_fd_get(c->w, fd);
    if (!e) {
        *err = WZ_BADF;
        return NULL;
    }
    if (!is_socket(e)) {
        *err = WZ_NOTSOCK;
        return NULL;
    }
    return wz_fd_check(c->w, fd, rights, err);
}

static uint32_t sock_accept(wz_call *c, const warden_val_t *a)
{
    uint32_t err, flags = A32(1);
    wz_fd *e = socket_of(c, A32(0), WZ_R_SOCK_ACCEPT, &err);
    if (!e) return err;
    if (!wz_ptr(c, A32(2), 4)) return WZ_FAULT;
    if (flags & ~WZ_FDFLAG_NONBLOCK) return WZ_INVAL;
    /* Everything that can fail comes before the connection is taken, which a failure would
     * lose: the guest's descriptor first, and the connection's type is its listener's. */
    uint32_t fd = wz_fd_alloc(c->w);
    if (fd == UINT32_MAX) return WZ_NOMEM;
    e = &c->w->fds[A32(0)]; /* the table may have moved */
    uint8_t type = e->type;
    int h;
    do
        h = accept4(e->host, NULL, NULL,
                    SOCK_CLOEXEC | (flags & WZ_FDFLAG_NONBLOCK ? SOCK_NONBLOCK : 0));
    while (h < 0 && errno == EINTR);
    if (h < 0) return wz_errno(errno);
    wz_fd *n = &c->w->fds[fd];
    n->kind = WZ_FD_HOST;
    n->host = h;
    n->type = type;
    n->flags = (uint16_t)flags;
    n->base = WZ_RIGHTS_STREAM | WZ_R_SOCK_SHUTDOWN;
    n->inh = 0;
    wz_put_u32(c, A32(2), fd);
    return WZ_SUCCESS;
}

static uint32_t sock_recv(wz_call *c, const warden_val_t *a)
{
    uint32_t err, riflags = A32(3);
    wz_fd *e = socket_of(c, A32(0), WZ_R_FD_READ, &err);
    if (!e) return err;
    struct iovec iov[WZ_IOV_MAX];
    size_t n;
    if ((err = wz_iovecs(c, A32(1), A32(2), iov, &n))) return err;
    if (!wz_ptr(c, A32(4), 4) || !wz_ptr(c, A32(5), 2)) return WZ_FAULT;
    if (riflags & ~3u) return WZ_INVAL;
    if (wz_read_would_wait(c, e)) return WZ_WAIT;
    int fl = (riflags & 1 ? MSG_PEEK : 0) | (riflags & 2 ? MSG_WAITALL : 0);
    struct msghdr m = {.msg_iov = iov, .msg_iovlen = n};
    ssize_t r;
    do r = recvmsg(e->host, &m, fl);
    while (r < 0 && errno == EINTR);
    if (r < 0) return wz_errno(errno);
    wz_put_u32(c, A32(4), (uint32_t)r);
    wz_put_u16(c, A32(5), m.msg_flags & MSG_TRUNC ? 1 : 0);
    return WZ_SUCCESS;
}

static uint32_t sock_send(wz_call *c, const warden_val_t *a)
{
    uint32_t err;
    wz_fd *e = socket_of(c, A32(0), WZ_R_FD_WRITE, &err);
    if (!e) return err;
    struct iovec iov[WZ_IOV_MAX];
    size_t n, sent;
    if ((err = wz_iovecs(c, A32(1), A32(2), iov, &n))) return err;
    if (!wz_ptr(c, A32(4), 4)) return WZ_FAULT;
    if (A32(3) != 0) return WZ_INVAL;
    if ((err = wz_write_iov(c->w, e, iov, n, &sent))) return err;
    wz_put_u32(c, A32(4), (uint32_t)sent);
    return WZ_SUCCESS;
}

static uint32_t sock_shutdown(wz_call *c, const warden_val_t *a)
{
    uint32_t err, how = A32(1);
    wz_fd *e = socket_of(c, A32(0), WZ_R_SOCK_SHUTDOWN, &err);
    if (!e) return err;
    if (how == 0 || how > 3) return WZ_INVAL;
    int h = how == 1 ? SHUT_RD : how == 2 ? SHUT_WR : SHUT_RDWR;
    if (shutdown(e->host, h) != 0) return wz_errno(errno);
    return WZ_SUCCESS;
}

const wz_def wz_defs_sock[] = {
    {"sock_accept", "iii", true, sock_accept},
    {"sock_recv", "iiiiii", true, sock_recv},
    {"sock_send", "iiiii", true, sock_send},
    {"sock_shutdown", "ii", true, sock_shutdown},
    {NULL, NULL, false, NULL},
};
