/* The standard streams as in-memory buffers: fd_read of standard input, fd_write to standard
 * output, fdstat of the streams, and bad pointers for fd_read and fd_write. */
//! stdin line one\nline two\n
//! stdout out: line one
//! stdout out: line two
//! stdout gathered write
#include "guest.h"

int main(void)
{
    char line[64];
    while (fgets(line, sizeof line, stdin)) printf("out: %s", line);
    fflush(stdout);
    uint32_t n;
    OK(get(0, line, sizeof line, &n));
    CHECK(n == 0); /* end of input */

    const char *a = "gathered", *b = " write\n";
    uint32_t iov[4] = {A(a), 8, A(b), 7};
    OK(raw_fd_write(1, A(iov), 2, A(&n)));
    CHECK(n == 15);
    fprintf(stderr, "to stderr\n");

    uint8_t st[24];
    OK(raw_fd_fdstat_get(1, A(st)));
    CHECK((st[8] & (1u << 6)) != 0); /* fd_write */
    ERRNO(raw_fd_fdstat_get(1, BAD), E_FAULT);
    ERRNO(raw_fd_fdstat_get(77, A(st)), E_BADF);
    /* Standard input cannot be written, standard output cannot be read. */
    ERRNO(put(0, "x", 1), E_NOTCAPABLE);
    ERRNO(get(1, line, 4, &n), E_NOTCAPABLE);
    ERRNO(raw_fd_seek(1, 0, 0, A(line)), E_NOTCAPABLE); /* streams have no fd_seek right */

    /* Bad pointers and lengths. */
    ERRNO(raw_fd_write(1, BAD, 1, A(&n)), E_FAULT);
    ERRNO(raw_fd_write(1, A(iov), 0x10000000u, A(&n)), E_INVAL);
    ERRNO(raw_fd_write(1, mem_size() - 4, 1, A(&n)), E_FAULT);
    uint32_t bad_iov[2] = {BAD, 4};
    ERRNO(raw_fd_write(1, A(bad_iov), 1, A(&n)), E_FAULT);
    uint32_t long_iov[2] = {A(a), 0xFFFFFFF0u};
    ERRNO(raw_fd_write(1, A(long_iov), 1, A(&n)), E_FAULT);
    ERRNO(raw_fd_write(1, A(iov), 2, BAD), E_FAULT);
    ERRNO(raw_fd_read(0, A(bad_iov), 1, A(&n)), E_FAULT);
    ERRNO(raw_fd_read(0, A(iov), 1, BAD), E_FAULT);
    ERRNO(raw_fd_read(0, BAD, 2, A(&n)), E_FAULT);
    ERRNO(raw_fd_write(99, A(iov), 1, A(&n)), E_BADF);
    ERRNO(raw_fd_read(99, A(iov), 1, A(&n)), E_BADF);
    return finish();
}
