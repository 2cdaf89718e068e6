/* args_get, args_sizes_get, environ_get, environ_sizes_get: exactly what the host granted. */
//! arg first
//! arg the "second" arg
//! arg
//! env GREETING=hello world
//! env EMPTY=
//! env A=b=c
#include "guest.h"

int main(int argc, char **argv)
{
    CHECK(argc == 4);
    CHECK(!strcmp(argv[0], "args_env.wasm"));
    CHECK(!strcmp(argv[1], "first"));
    CHECK(!strcmp(argv[2], "the \"second\" arg"));
    CHECK(!strcmp(argv[3], ""));
    CHECK(!strcmp(getenv("GREETING"), "hello world"));
    CHECK(!strcmp(getenv("EMPTY"), ""));
    CHECK(!strcmp(getenv("A"), "b=c"));
    /* Nothing of the host's environment leaks in. */
    CHECK(getenv("PATH") == NULL);
    CHECK(getenv("HOME") == NULL);

    uint32_t count, size;
    OK(raw_args_sizes_get(A(&count), A(&size)));
    CHECK(count == 4);
    CHECK(size == strlen("args_env.wasm") + 1 + 6 + 17 + 1);
    char *ptrs[8], buf[128];
    OK(raw_args_get(A(ptrs), A(buf)));
    CHECK(!strcmp(ptrs[1], "first") && ptrs[1] == buf + 14);

    OK(raw_environ_sizes_get(A(&count), A(&size)));
    CHECK(count == 3);
    CHECK(size == sizeof "GREETING=hello world" + sizeof "EMPTY=" + sizeof "A=b=c");
    OK(raw_environ_get(A(ptrs), A(buf)));
    CHECK(!strcmp(ptrs[0], "GREETING=hello world"));
    CHECK(!strcmp(ptrs[2], "A=b=c"));

    /* Bad pointers and lengths: errno fault, nothing written. */
    ERRNO(raw_args_sizes_get(BAD, A(&size)), E_FAULT);
    ERRNO(raw_args_sizes_get(A(&count), BAD), E_FAULT);
    ERRNO(raw_args_sizes_get(mem_size() - 2, A(&size)), E_FAULT);
    ERRNO(raw_args_get(BAD, A(buf)), E_FAULT);
    ERRNO(raw_args_get(A(ptrs), BAD), E_FAULT);
    ERRNO(raw_args_get(A(ptrs), mem_size() - 10), E_FAULT);
    ERRNO(raw_environ_sizes_get(BAD, A(&size)), E_FAULT);
    ERRNO(raw_environ_sizes_get(A(&count), mem_size()), E_FAULT);
    ERRNO(raw_environ_get(BAD, A(buf)), E_FAULT);
    ERRNO(raw_environ_get(A(ptrs), mem_size() - 1), E_FAULT);
    return finish();
}
