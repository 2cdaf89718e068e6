/* With no socket granted, the sock_* functions find nothing: badf where no descriptor exists,
 * notsock on the standard streams and on a preopened directory. */
//! dir /d
#include "guest.h"

int main(void)
{
    uint32_t acc, n, iov[2] = {0, 0};
    uint16_t fl;
    for (uint32_t fd = 5; fd < 64; fd++) {
        ERRNO(raw_sock_accept(fd, 0, A(&acc)), E_BADF);
        ERRNO(raw_sock_shutdown(fd, 3), E_BADF);
    }
    ERRNO(raw_sock_recv(40, A(iov), 1, 0, A(&n), A(&fl)), E_BADF);
    ERRNO(raw_sock_send(40, A(iov), 1, 0, A(&n)), E_BADF);
    ERRNO(raw_sock_accept(3, 0, A(&acc)), E_NOTSOCK);
    ERRNO(raw_sock_shutdown(2, 1), E_NOTSOCK);
    ERRNO(raw_sock_recv(0, A(iov), 1, 0, A(&n), A(&fl)), E_NOTSOCK);
    return finish();
}
