/* fd_read and sock_recv, async: the function runs as it is, with wz_call.async; on a blocking
 * pipe, socket or device with nothing to read yet it returns WZ_WAIT after all its checks, and the
 * call waits for the descriptor on the reactor, then runs the function again (wait.h). Regular
 * files, directories, in-memory streams and descriptors the guest made non-blocking never wait. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "wasi/wait.h"

#define READ_MAX_ARGS 6

/* A listening socket is readable once a connection waits, but a read on it fails at once. */
static bool listening(const wz_fd *e)
{
    if (e->type != WZ_FT_SOCKET_STREAM && e->type != WZ_FT_SOCKET_DGRAM) return false;
    int on = 0;
    socklen_t len = sizeof on;
    return getsockopt(e->host, SOL_SOCKET, SO_ACCEPTCONN, &on, &len) == 0 && on;
}

bool wz_read_would_wait(wz_call *c, const wz_fd *e)
{
    if (!c->async || e->kind != WZ_FD_HOST || e->type == WZ_FT_REGULAR_FILE ||
        e->type == WZ_FT_DIRECTORY || (e->flags & WZ_FDFLAG_NONBLOCK))
        return false;
    struct pollfd pfd = {.fd = e->host, .events = POLLIN};
    const struct timespec zero = {0, 0};
    int r;
    do r = ppoll(&pfd, 1, &zero, NULL);
    while (r < 0 && errno == EINTR);
    /* Readable, at its end, failed, or not pollable: the read itself says what is there. */
    if (r != 0 || listening(e)) return false;
    c->wait_fd = e->host;
    return true;
}

typedef struct read_op {
    wz_fn fn;
    warden_val_t args[READ_MAX_ARGS];
} read_op;

static uint32_t look(wz_wait *wt, wz_call *c)
{
    read_op *op = wt->op;
    return op->fn(c, op->args);
}

void wz_read_async(wz_call *c, const wz_def *def, const warden_val_t *a, warden_completion_t *done)
{
    size_t nargs = strlen(def->params);
    c->async = true;
    c->wait_fd = -1;
    uint32_t err = def->fn(c, a);
    if (err != WZ_WAIT) {
        wz_complete(done, c, err);
        return;
    }
    read_op *op = malloc(sizeof *op);
    wz_wait *wt = NULL;
    if (op && nargs <= READ_MAX_ARGS) {
        op->fn = def->fn;
        memcpy(op->args, a, nargs * sizeof *a);
        wt = wz_wait_new(c, done, 1, look, op, free);
    }
    if (!wt) {
        free(op);
        wz_complete(done, c, WZ_NOMEM);
        return;
    }
    wt->ev[0].fd = c->wait_fd;
    wz_wait_start(wt);
}
