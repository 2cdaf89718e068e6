/* Builds WebAssembly binaries in memory, for modules too large or too regular to write as text:
 * a hundred thousand types, a million functions, a function of fifty thousand locals (the
 * hostile tests), a few megabytes of code (api/test_lazy). */
#ifndef WARDEN_TESTS_SUPPORT_BUILDER_H
#define WARDEN_TESTS_SUPPORT_BUILDER_H

#include <stddef.h>
#include <stdint.h>

typedef struct wb_buf {
    uint8_t *bytes;
    size_t len, cap;
} wb_buf;

/* Every function fails the test (cmocka) when allocation fails. */
void wb_byte(wb_buf *b, uint8_t v);
void wb_bytes(wb_buf *b, const void *p, size_t n);
void wb_u32(wb_buf *b, uint64_t v); /* unsigned LEB128 */
void wb_s64(wb_buf *b, int64_t v);  /* signed LEB128 */
void wb_name(wb_buf *b, const char *s);
/* Appends section `id` holding `payload`, then frees the payload. */
void wb_section(wb_buf *module, uint8_t id, wb_buf *payload);
/* The magic and version. */
void wb_header(wb_buf *module);
void wb_free(wb_buf *b);

/* Value types. */
enum {
    WB_I32 = 0x7F,
    WB_I64 = 0x7E,
    WB_F32 = 0x7D,
    WB_F64 = 0x7C,
    WB_V128 = 0x7B,
    WB_FUNCREF = 0x70,
    WB_EXTERNREF = 0x6F
};

#endif
