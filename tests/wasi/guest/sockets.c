/* sock_recv, sock_send, sock_shutdown and sock_accept on sockets the host granted; errno notsock
 * on other descriptors; bad pointers and lengths. */
//! socket
//! listen
#include "guest.h"

static int find_socket(uint8_t want_type, int after)
{
    for (int fd = after + 1; fd < 16; fd++) {
        uint8_t st[24];
        if (raw_fd_fdstat_get((uint32_t)fd, A(st)) == 0 && st[0] == want_type) return fd;
    }
    return -1;
}

int main(void)
{
    int conn = find_socket(6, 2), lst = find_socket(6, conn);
    CHECK(conn == 3 && lst == 4);
    if (conn < 0 || lst < 0) return finish();
    char buf[16] = {0};
    uint32_t iov[2] = {A(buf), sizeof buf - 1}, n;
    uint16_t roflags = 9;
    OK(raw_sock_recv((uint32_t)conn, A(iov), 1, 1 /* peek */, A(&n), A(&roflags)));
    CHECK(n == 4 && roflags == 0);
    OK(raw_sock_recv((uint32_t)conn, A(iov), 1, 0, A(&n), A(&roflags)));
    CHECK(n == 4 && !memcmp(buf, "ping", 4));
    const char *pong = "pong";
    uint32_t out[2] = {A(pong), 4};
    OK(raw_sock_send((uint32_t)conn, A(out), 1, 0, A(&n)));
    CHECK(n == 4);
    ERRNO(raw_sock_send((uint32_t)conn, A(out), 1, 1, A(&n)), E_INVAL);
    ERRNO(raw_sock_recv((uint32_t)conn, A(iov), 1, 4, A(&n), A(&roflags)), E_INVAL);
    ERRNO(raw_sock_shutdown((uint32_t)conn, 0), E_INVAL);
    ERRNO(raw_sock_shutdown((uint32_t)conn, 4), E_INVAL);
    OK(raw_sock_shutdown((uint32_t)conn, 2));
    ERRNO(raw_sock_send((uint32_t)conn, A(out), 1, 0, A(&n)), 64 /* pipe */);

    uint32_t acc;
    OK(raw_sock_accept((uint32_t)lst, 0, A(&acc)));
    uint32_t five[2] = {A(buf), 5};
    OK(raw_sock_recv(acc, A(five), 1, 2 /* waitall */, A(&n), A(&roflags)));
    CHECK(n == 5 && !memcmp(buf, "hello", 5));
    const char *world = "world";
    uint32_t w[2] = {A(world), 5};
    OK(raw_sock_send(acc, A(w), 1, 0, A(&n)));
    OK(raw_sock_shutdown(acc, 3));
    OK(raw_fd_close(acc));
    ERRNO(raw_sock_accept((uint32_t)lst, 2, A(&acc)), E_INVAL);
    ERRNO(raw_sock_accept((uint32_t)lst, 0, BAD), E_FAULT);

    /* Bad pointers and lengths. */
    ERRNO(raw_sock_recv((uint32_t)conn, BAD, 1, 0, A(&n), A(&roflags)), E_FAULT);
    ERRNO(raw_sock_recv((uint32_t)conn, A(iov), 1, 0, BAD, A(&roflags)), E_FAULT);
    ERRNO(raw_sock_recv((uint32_t)conn, A(iov), 1, 0, A(&n), BAD), E_FAULT);
    uint32_t bad_iov[2] = {mem_size() - 4, 8};
    ERRNO(raw_sock_recv((uint32_t)conn, A(bad_iov), 1, 0, A(&n), A(&roflags)), E_FAULT);
    ERRNO(raw_sock_send((uint32_t)conn, A(bad_iov), 1, 0, A(&n)), E_FAULT);
    ERRNO(raw_sock_send((uint32_t)conn, A(out), 1, 0, BAD), E_FAULT);

    /* Not sockets, and nothing at all. */
    ERRNO(raw_sock_shutdown(1, 3), E_NOTSOCK);
    ERRNO(raw_sock_accept(0, 0, A(&acc)), E_NOTSOCK);
    ERRNO(raw_sock_recv(0, A(iov), 1, 0, A(&n), A(&roflags)), E_NOTSOCK);
    ERRNO(raw_sock_send(1, A(out), 1, 0, A(&n)), E_NOTSOCK);
    ERRNO(raw_sock_shutdown(99, 3), E_BADF);
    ERRNO(raw_sock_accept(99, 0, A(&acc)), E_BADF);
    ERRNO(raw_sock_recv(99, A(iov), 1, 0, A(&n), A(&roflags)), E_BADF);
    ERRNO(raw_sock_send(99, A(out), 1, 0, A(&n)), E_BADF);
    return finish();
}
