#include "cli/fileio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

int cli_read_file(const char *path, uint8_t **data, size_t *len)
{
    return cli_read_file_stoppable(path, data, len, NULL, NULL);
}

/* What one read asks for at most, so that a huge file is read in steps the caller can stop. */
#define READ_STEP ((size_t)1 << 20)

int cli_read_file_stoppable(const char *path, uint8_t **data, size_t *len,
                            bool (*keep_going)(void *env), void *env)
{
    *data = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return errno ? errno : EIO;
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return ENOMEM;
    }
    for (;;) {
        if (n == cap) {
            if (cap > SIZE_MAX / 2) {
                free(buf);
                fclose(f);
                return EFBIG;
            }
            uint8_t *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                fclose(f);
                return ENOMEM;
            }
            buf = bigger;
            cap *= 2;
        }
        if (keep_going && !keep_going(env)) {
            free(buf);
            fclose(f);
            return ECANCELED;
        }
        size_t want = cap - n < READ_STEP ? cap - n : READ_STEP;
        size_t got = fread(buf + n, 1, want, f);
        n += got;
        if (got < want) break;
    }
    int err = ferror(f) ? (errno ? errno : EIO) : 0;
    fclose(f);
    if (err) {
        free(buf);
        return err;
    }
    *data = buf;
    *len = n;
    return 0;
}
