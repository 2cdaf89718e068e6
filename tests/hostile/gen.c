/* Writes a large hostile module to a file, for the command-line tests:
 *   hostile_gen funcs N OUT.wasm    N empty functions (4 N bytes)
 *   hostile_gen types N OUT.wasm    N distinct function types */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modules.h"

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: hostile_gen funcs|types N OUT.wasm\n");
        return 2;
    }
    unsigned long n = strtoul(argv[2], NULL, 10);
    wb_buf m;
    if (strcmp(argv[1], "funcs") == 0)
        m = hm_many_funcs((uint32_t)n);
    else if (strcmp(argv[1], "types") == 0)
        m = hm_many_types((uint32_t)n);
    else {
        fprintf(stderr, "hostile_gen: unknown kind '%s'\n", argv[1]);
        return 2;
    }
    FILE *f = fopen(argv[3], "wb");
    if (!f || fwrite(m.bytes, 1, m.len, f) != m.len || fclose(f) != 0) {
        perror(argv[3]);
        return 1;
    }
    wb_free(&m);
    return 0;
}
