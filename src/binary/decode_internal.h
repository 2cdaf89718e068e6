/* Shared by the decoder's files (decode*.c, names.c); not part of the module contract. */
#ifndef WARDEN_BINARY_DECODE_INTERNAL_H
#define WARDEN_BINARY_DECODE_INTERNAL_H

#include "binary/module.h"
#include "util/progress.h"
#include "util/reader.h"

/* State of one decoding run beyond what the module itself records. */
typedef struct wd_decoder {
    wd_module *m;
    bool has_funcsec;        /* the function section was present */
    uint32_t ndefined_funcs; /* entries of the function section */
    bool has_code;           /* the code section was present */
    size_t code_at;          /* offset of the code section's count */
    bool has_names;          /* a well-formed name section has been taken */
} wd_decoder;

/* Records "out of memory" and returns false. */
bool wd_decode_oom(wd_reader *r);

/* calloc() that never asks for zero bytes, so NULL always means failure. */
void *wd_decode_alloc(size_t n, size_t size);

/* Room for the module's copy of `len` bytes (bytes.c), and its release: *mapped says how it was
 * made, for wd_bytes_free. NULL when out of memory. */
uint8_t *wd_bytes_alloc(size_t len, bool *mapped);
void wd_bytes_free(uint8_t *bytes, size_t len, bool mapped);

/* A NUL-terminated copy of len bytes, or NULL when out of memory. */
char *wd_decode_strdup(const uint8_t *s, uint32_t len);

/* Types (decode_types.c). */
bool wd_decode_valtype(wd_reader *r, uint8_t *out);
bool wd_decode_reftype(wd_reader *r, uint8_t *out);
bool wd_decode_limits(wd_reader *r, wd_limits *out);
bool wd_decode_tabletype(wd_reader *r, wd_tabletype *out);
bool wd_decode_globaltype(wd_reader *r, wd_globaltype *out);
bool wd_decode_functype(wd_reader *r, wd_functype *out); /* allocates out->types */

/* A constant expression: one constant instruction and `end` (decode_constexpr.c). Sequences the
 * module-level representation cannot hold are rejected here with the spec tests' validation
 * messages: an empty one or two values ("type mismatch"), a non-constant instruction ("constant
 * expression required"), an opcode that does not exist ("illegal opcode"). */
bool wd_decode_constexpr(wd_reader *r, wd_constexpr *out);

/* Sections (decode_sections.c, decode_segments.c): each reads the whole contents reader. */
bool wd_decode_typesec(wd_decoder *d, wd_reader *r);
bool wd_decode_importsec(wd_decoder *d, wd_reader *r);
bool wd_decode_funcsec(wd_decoder *d, wd_reader *r);
bool wd_decode_tablesec(wd_decoder *d, wd_reader *r);
bool wd_decode_memsec(wd_decoder *d, wd_reader *r);
bool wd_decode_globalsec(wd_decoder *d, wd_reader *r);
bool wd_decode_exportsec(wd_decoder *d, wd_reader *r);
bool wd_decode_startsec(wd_decoder *d, wd_reader *r);
bool wd_decode_elemsec(wd_decoder *d, wd_reader *r);
bool wd_decode_datacountsec(wd_decoder *d, wd_reader *r);
bool wd_decode_codesec(wd_decoder *d, wd_reader *r);
bool wd_decode_datasec(wd_decoder *d, wd_reader *r);

/* Makes the table, memory, global and function index spaces hold at least the imported entities,
 * for modules without the corresponding section (decode_sections.c). */
bool wd_decode_finish_spaces(wd_decoder *d, wd_reader *r);

/* The contents of a custom section named "name", after its name (names.c). A malformed name
 * section is ignored; only running out of memory fails. */
bool wd_decode_namesec(wd_decoder *d, wd_reader *contents);

#endif
