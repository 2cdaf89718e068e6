#include "fixture.h"
#include "read_file.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

uint8_t *fixture_read_wasm(const char *dir, const char *stem, size_t *len)
{
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s.wasm", dir, stem);
    assert_true(n > 0 && (size_t)n < sizeof path);
    uint8_t *bytes = read_whole_file(path, len);
    if (!bytes) {
        print_error("cannot read %s\n", path);
        fail();
    }
    return bytes;
}
