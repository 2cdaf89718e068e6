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
    /* The failure breaks the binary format (WARDEN_ERROR_MALFORMED), not a validation rule
     * (WARDEN_ERROR_INVALID). Set with the message: by every failed read of the byte reader, and
     * by the decoder and lowering where they find bytes the binary format does not allow. */
    bool malformed;
} wd_decode_error;

#endif
