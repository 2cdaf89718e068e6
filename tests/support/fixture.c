#include "fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>

uint8_t *fixture_read_wasm(const char *dir, const char *stem, size_t *len)
{
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s.wasm", dir, stem);
    assert_true(n > 0 && (size_t)n < sizeof path);
    FILE *f = fopen(path, "rb");
    if (!f) {
        print_error("cannot open %s\n", path);
        fail();
    }
    uint8_t *bytes = NULL;
    size_t cap = 0, used = 0;
    for (;;) {
        if (used == cap) {
            cap = cap ? cap * 2 : 4096;
            uint8_t *b = realloc(bytes, cap);
            assert_non_null(b);
            bytes = b;
        }
        size_t got = fread(bytes + used, 1, cap - used, f);
        used += got;
        if (got == 0) break;
    }
    assert_false(ferror(f));
    fclose(f);
    *len = used;
    return bytes;
}
