/* Used by test_wasi_api.c: copies standard input to standard output in upper case, writes "err"
 * to standard error, prints the variable named by its second argument, and exits with the code
 * its first argument gives (100 + errno when a write fails). */
//! stdin abc\n
//! stdout ABC
#include <ctype.h>
#include "guest.h"

int main(int argc, char **argv)
{
    char buf[256];
    uint32_t n = 0;
    get(0, buf, sizeof buf, &n);
    for (uint32_t i = 0; i < n; i++) buf[i] = (char)toupper((unsigned char)buf[i]);
    int32_t e = put(1, buf, n);
    if (e > 0) raw_proc_exit(100 + (uint32_t)e);
    put(2, "err", 3);
    if (argc > 2 && getenv(argv[2])) put(1, getenv(argv[2]), (uint32_t)strlen(getenv(argv[2])));
    if (argc > 1) raw_proc_exit((uint32_t)atoi(argv[1]));
    return 0;
}
