/*
 * native_main.c — runs a workload compiled natively: `W ROUNDS` prints bench_run(ROUNDS) as a
 * signed decimal, as `warden run --invoke` prints an i64.
 */
#include "bench.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

void *bench_alloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    return p;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s ROUNDS\n", argv[0]);
        return 2;
    }
    char *end;
    errno = 0;
    unsigned long rounds = strtoul(argv[1], &end, 10);
    if (errno || *end || end == argv[1] || rounds > UINT32_MAX) {
        fprintf(stderr, "%s: bad round count '%s'\n", argv[0], argv[1]);
        return 2;
    }
    printf("%" PRId64 "\n", (int64_t)bench_run((uint32_t)rounds));
    return 0;
}
