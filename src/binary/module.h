/* The decoded form of a module: what the binary format says, before validation and lowering.
 * Everything is owned by the wd_module and freed by wd_module_free(). Index spaces (functions,
 * tables, memories, globals) include the imported entities first, as the spec numbers them. */
#ifndef WARDEN_BINARY_MODULE_H
#define WARDEN_BINARY_MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/decode_error.h"

/* Value types, by their binary encoding. */
enum {
    WD_I32 = 0x7F,
    WD_I64 = 0x7E,
    WD_F32 = 0x7D,
    WD_F64 = 0x7C,
    WD_V128 = 0x7B,
    WD_FUNCREF = 0x70,
    WD_EXTERNREF = 0x6F,
};

/* The 64-bit slots a value of this type takes in a frame or on the value stack: two for v128, one
 * for every other type. Used by lowering, the interpreter's host calls and the runtime alike. */
static inline uint32_t wd_slots(uint8_t type)
{
    return type == WD_V128 ? 2u : 1u;
}

enum { WD_EXTERN_FUNC = 0, WD_EXTERN_TABLE = 1, WD_EXTERN_MEMORY = 2, WD_EXTERN_GLOBAL = 3 };

typedef struct wd_functype {
    uint32_t nparams, nresults;
    uint8_t *types; /* nparams parameter types followed by nresults result types */
} wd_functype;

typedef struct wd_limits {
    uint64_t min, max;
    bool has_max;
} wd_limits;

typedef struct wd_tabletype {
    uint8_t elem; /* WD_FUNCREF or WD_EXTERNREF */
    wd_limits lim;
} wd_tabletype;

typedef struct wd_globaltype {
    uint8_t type;
    bool mut;
} wd_globaltype;

/* A constant expression. In WebAssembly 2.0 it is exactly one instruction followed by `end`. */
enum {
    WD_CONST_I32,
    WD_CONST_I64,
    WD_CONST_F32,
    WD_CONST_F64,
    WD_CONST_V128,
    WD_CONST_REF_NULL,
    WD_CONST_REF_FUNC,
    WD_CONST_GLOBAL_GET
};
typedef struct wd_constexpr {
    uint8_t kind;     /* WD_CONST_* */
    uint8_t reftype;  /* for REF_NULL: WD_FUNCREF or WD_EXTERNREF */
    uint32_t index;   /* for REF_FUNC: function index; for GLOBAL_GET: global index */
    uint64_t bits[2]; /* for the constants: raw bits (i32 zero-extended, floats as bit patterns) */
    uint32_t offset;  /* byte offset of the instruction, for error messages */
} wd_constexpr;

typedef struct wd_import {
    char *module;
    uint32_t module_len;
    char *name;
    uint32_t name_len;
    uint8_t kind; /* WD_EXTERN_* */
    union {
        uint32_t func_type; /* type index */
        wd_tabletype table;
        wd_limits mem;
        wd_globaltype global;
    } d;
} wd_import;

typedef struct wd_export {
    char *name;
    uint32_t name_len;
    uint8_t kind; /* WD_EXTERN_* */
    uint32_t index;
} wd_export;

typedef struct wd_global {
    wd_globaltype type;
    wd_constexpr init; /* only for defined (non-imported) globals */
} wd_global;

enum { WD_SEG_ACTIVE, WD_SEG_PASSIVE, WD_SEG_DECLARATIVE };

typedef struct wd_elem {
    uint8_t mode;        /* WD_SEG_* */
    uint8_t type;        /* WD_FUNCREF or WD_EXTERNREF */
    uint32_t table;      /* active only */
    wd_constexpr offset; /* active only */
    uint32_t count;
    wd_constexpr *items; /* function indices are stored as WD_CONST_REF_FUNC */
} wd_elem;

typedef struct wd_data {
    uint8_t mode; /* WD_SEG_ACTIVE or WD_SEG_PASSIVE */
    uint32_t mem;
    wd_constexpr offset;
    const uint8_t *bytes; /* points into wd_module.bytes */
    uint32_t len;
} wd_data;

/* A function body, not yet validated: the locals declarations and the expression. */
typedef struct wd_body {
    uint32_t offset; /* offset of the body's first byte (after its size) in wd_module.bytes */
    uint32_t len;    /* size of the body */
} wd_body;

typedef struct wd_section {
    uint8_t id;
    uint32_t offset; /* offset of the contents */
    uint32_t size;
    char *name; /* custom sections: the name, NUL-terminated; NULL otherwise */
} wd_section;

/* The name the binary format gives section `id`: "custom", "type", "import", "function", "table",
 * "memory", "global", "export", "start", "element", "code", "data" or "datacount"; NULL for an id
 * it does not define. */
const char *wd_section_name(uint8_t id);

typedef struct wd_name {
    uint32_t index;
    char *name; /* NUL-terminated */
} wd_name;

typedef struct wd_module {
    uint8_t *bytes; /* owned copy of the binary */
    size_t len;
    bool bytes_mapped; /* the copy is a mapping of its own (binary/bytes.c) */

    wd_functype *types;
    uint32_t ntypes;

    wd_import *imports;
    uint32_t nimports;
    uint32_t nfunc_imports, ntable_imports, nmem_imports, nglobal_imports;

    uint32_t *func_types; /* type index of every function, imported ones first */
    uint32_t nfuncs;
    wd_tabletype *tables;
    uint32_t ntables;
    wd_limits *mems;
    uint32_t nmems;
    wd_global *globals;
    uint32_t nglobals;

    wd_export *exports;
    uint32_t nexports;

    bool has_start;
    uint32_t start;

    wd_elem *elems;
    uint32_t nelems;

    bool has_datacount;
    uint32_t datacount;
    wd_data *datas;
    uint32_t ndatas;

    wd_body *bodies; /* one per defined function: bodies[i] is function nfunc_imports + i */
    uint32_t nbodies;

    wd_section *sections;
    uint32_t nsections;

    /* Functions a `ref.func` in a body may name: those referenced outside function bodies
     * (element segments, exports, global initialisers). One flag per function index;
     * filled by wd_validate_module(). */
    uint8_t *func_declared;

    char *module_name;   /* from the name section, or NULL */
    wd_name *func_names; /* sorted by index, from the name section */
    uint32_t nfunc_names;
} wd_module;

/* Decodes `len` bytes (copied) into *out. Returns true on success. On failure fills *err and
 * leaves nothing allocated. Memory use is bounded by a small multiple of `len`: no count or length
 * from the input is trusted before the bytes it claims have been seen to exist. Function bodies are
 * only delimited here; their instructions are decoded by the validator (src/compile/). */
bool wd_decode(const uint8_t *bytes, size_t len, wd_module **out, wd_decode_error *err);
/* The same, asking `progress` (may be NULL) whether to go on between sections: when it answers
 * no, decoding fails with err->stopped set. */
struct wd_progress;
bool wd_decode_progress(const uint8_t *bytes, size_t len, struct wd_progress *progress,
                        wd_module **out, wd_decode_error *err);
void wd_module_free(wd_module *m);

/* Validates everything outside function bodies: index bounds, limits, the single memory of
 * WebAssembly 2.0, unique export names, the start function's type, constant expressions and their
 * types. Fills m->func_declared. Function bodies are validated by src/compile/. */
bool wd_validate_module(wd_module *m, wd_decode_error *err);

/* The name-section name of function `index`, or NULL. */
const char *wd_module_func_name(const wd_module *m, uint32_t index);
/* The export named `name` (len bytes, not NUL-terminated), or NULL. */
const wd_export *wd_module_export(const wd_module *m, const char *name, size_t len);

#endif
