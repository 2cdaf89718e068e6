/* Where and why reading a binary module failed: shared by the byte reader and the decoder. */
#ifndef WARDEN_UTIL_DECODE_ERROR_H
#define WARDEN_UTIL_DECODE_ERROR_H

#include <stdbool.h>
#include <stdint.h>

/* Decoding result: on failure, a message and the byte offset where the input went wrong. */
typedef struct wd_decode_error {
    uint64_t offset;
    char message[160];
    bool oom;     /* the failure is running out of memory, not a fault of the input */
    bool stopped; /* the host's progress callback asked to stop (util/progress.h) */
} wd_decode_error;

#endif
