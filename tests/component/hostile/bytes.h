/* A small writer of component and core module binaries, for the hostile-component tests: bytes,
 * LEB128 numbers, names, sections, and a core module assembled from functions and data. Every
 * function fails the test (cmocka) when the host runs out of memory. */
#ifndef WARDEN_TESTS_COMPONENT_HOSTILE_BYTES_H
#define WARDEN_TESTS_COMPONENT_HOSTILE_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct hb {
    uint8_t *p;
    size_t len, cap;
} hb;

void hb_byte(hb *b, uint8_t v);
void hb_bytes(hb *b, const void *p, size_t n);
void hb_fill(hb *b, uint8_t v, size_t n);
void hb_u32(hb *b, uint64_t v); /* unsigned LEB128 */
void hb_s32(hb *b, int32_t v);  /* signed LEB128 */
/* A type index where a value type goes: signed LEB128 (s33), so that no index reads as a
 * primitive type's code. */
void hb_s33(hb *b, uint32_t index);
void hb_name(hb *b, const char *s);
void hb_buf(hb *b, const hb *other);
/* Section `id` holding `body`, which is then freed. */
void hb_section(hb *b, uint8_t id, hb *body);
/* The component preamble (layer 1) and the core module header. */
void hb_preamble(hb *b);
void hb_core_header(hb *b);
void hb_free(hb *b);

/* The i-th of a sequence of distinct kebab-case labels ("a", "b", ... "z", "ba", "bb"...) into
 * buf (at least 16 bytes). */
const char *hb_label(char *buf, uint32_t i);

/* A core module: functions (of signatures like "ii:i", i/I/f/F for i32/i64/f32/f64), function
 * imports from module "env", an exported memory "mem" (own or imported from "env"), data
 * segments. Functions are numbered imports first, in the order they are added; add imports
 * before functions. */
typedef struct hb_module {
    hb types, imports, funcs, exports, code, data;
    uint32_t ntypes, nimports, nfuncs, nexports, ndata;
    uint32_t pages;     /* 0: no memory */
    bool import_memory; /* the memory is env.mem, not its own */
    int32_t start;      /* the start function, or -1 */
} hb_module;

void hb_module_init(hb_module *m, uint32_t pages, bool import_memory);
uint32_t hb_module_import(hb_module *m, const char *name, const char *sig);
/* `code` is the body's instructions without the final `end`; `export` may be NULL. */
uint32_t hb_module_func(hb_module *m, const char *export, const char *sig, const uint8_t *code,
                        size_t len);
void hb_module_data(hb_module *m, uint32_t offset, const void *bytes, size_t len);
/* Writes the module's binary to out and frees the builder. */
void hb_module_finish(hb_module *m, hb *out);

/* Instructions. */
enum {
    HB_UNREACHABLE = 0x00,
    HB_END = 0x0b,
    HB_CALL = 0x10,
    HB_DROP = 0x1a,
    HB_I32_CONST = 0x41,
};

#endif
