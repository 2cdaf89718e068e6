#include "read_file.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

uint8_t *read_whole_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    uint8_t *bytes = NULL;
    size_t cap = 0, used = 0;
    bool ok = true;
    for (;;) {
        if (used == cap) {
            cap = cap ? cap * 2 : 65536;
            uint8_t *b = realloc(bytes, cap);
            if (!b) {
                ok = false;
                break;
            }
            bytes = b;
        }
        size_t got = fread(bytes + used, 1, cap - used, f);
        used += got;
        if (got == 0) {
            ok = !ferror(f);
            break;
        }
    }
    fclose(f);
    if (!ok) {
        free(bytes);
        return NULL;
    }
    *len = used;
    return bytes;
}
