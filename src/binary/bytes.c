/* The module's copy of its bytes. A big module's copy is a mapping of its own, with transparent
 * huge pages asked for: the copy then takes a few hundred page faults instead of one per 4 KiB
 * page, which on some machines cost more than the copying itself (about 0.1 s for 36 MB). */
#include <stdlib.h>
#include <sys/mman.h>

#include "binary/decode_internal.h"

/* Copies of at least this size are mappings: two huge pages, below which huge pages do little. */
#define WD_MAPPED_BYTES ((size_t)4 << 20)

uint8_t *wd_bytes_alloc(size_t len, bool *mapped)
{
    *mapped = false;
    if (len < WD_MAPPED_BYTES) return malloc(len ? len : 1);
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, len, MADV_HUGEPAGE); /* advice: the copy works the same without it */
#endif
    *mapped = true;
    return p;
}

void wd_bytes_free(uint8_t *bytes, size_t len, bool mapped)
{
    if (mapped)
        munmap(bytes, len);
    else
        free(bytes);
}
