/* The output of binaryen's interpreter (`wasm-opt MODULE --fuzz-exec-before`), read back: which
 * exports it called, in order, what each logged through the fuzzing-support imports, and how each
 * call ended. Values stay text here; their meaning depends on the types, which the caller knows.
 *
 * The lines it prints (binaryen 108):
 *   [fuzz-exec] calling NAME
 *   [LoggingExternalInterface logging VALUE]      one per call of a fuzzing-support log-* import
 *   [fuzz-exec] note result: NAME => VALUE        a single result; a reference is only its type
 *   [fuzz-exec] note result: NAME => (V1, V2...)  several results; references as funcref(NAME),
 *                                                 funcref(null), anyref(null)
 *   [trap MESSAGE]                                the call trapped
 * Integers print in signed decimal (log-i64 prints the low and high halves as two i32); floats as
 * decimal numbers, inf or nan:0xPAYLOAD with an optional '-'; v128 as i32x4 and four 0x%08x lanes.
 */
#ifndef WARDEN_FUZZ_BINARYEN_REF_H
#define WARDEN_FUZZ_BINARYEN_REF_H

#include <stdbool.h>
#include <stddef.h>

#include "warden.h"

typedef struct bref_call {
    char *name;
    char **logs; /* the text after "logging " */
    size_t nlogs;
    char *result;  /* the text after "=> ", or NULL */
    char *trap;    /* the text of "[trap ...]", or NULL */
    char *unknown; /* the first line that was not understood, or NULL */
} bref_call_t;

typedef struct bref_run {
    bref_call_t *calls;
    size_t ncalls;
    char *preamble_unknown; /* a line before the first call (instantiation trouble), or NULL */
} bref_run_t;

void bref_parse(const char *text, bref_run_t *out);
void bref_free(bref_run_t *run);

/* What a trap message of binaryen's interpreter stands for: a warden trap kind,
 * BREF_TRAP_EXHAUSTION for its stack limit (no comparable outcome), or 0 when unknown. */
#define BREF_TRAP_EXHAUSTION (-1)
int bref_trap_kind(const char *message);

/* Parsers of one value printed by binaryen. Each returns false when the text is not such a value.
 * Floats: *bits gets the bits of the value (NaNs: quiet NaN with the printed payload and sign). */
bool bref_parse_i32(const char *text, uint32_t *out);
bool bref_parse_i64(const char *text, uint64_t *out);
bool bref_parse_f32(const char *text, uint32_t *bits);
bool bref_parse_f64(const char *text, uint64_t *bits);
bool bref_parse_v128(const char *text, uint8_t out[16]);
/* A reference: *is_null gets whether it is null; *known is false when binaryen printed only the
 * type (a single reference result). */
bool bref_parse_ref(const char *text, bool *known, bool *is_null);

/* Splits a result text into `n` values ("(a, b, c)" when n > 1). Returns a malloc'd array of n
 * malloc'd strings, or NULL when the text does not hold n values. */
char **bref_split_results(const char *text, size_t n);
void bref_free_strings(char **strings, size_t n);

#endif
