/* Values of wast2json scripts: arguments, expected results and their comparison, trap texts.
 * Independent of JSON reading and of the engine (only warden.h's types). */
#ifndef WARDEN_CLI_WAST_VALUE_H
#define WARDEN_CLI_WAST_VALUE_H

#include <stdbool.h>
#include <stddef.h>

#include "warden.h"

typedef enum wast_match {
    WAST_MATCH_EXACT,          /* the same bits (references: null, or the same host pointer) */
    WAST_MATCH_NAN_CANONICAL,  /* a NaN whose payload is exactly the quiet bit, either sign */
    WAST_MATCH_NAN_ARITHMETIC, /* a NaN with the quiet bit set, any payload, either sign */
    WAST_MATCH_NONNULL,        /* any non-null reference */
} wast_match_t;

typedef struct wast_expect {
    wast_match_t match;
    warden_val_t val; /* val.kind is always set; the rest only for WAST_MATCH_EXACT */
} wast_expect_t;

/* Room for a formatted value or expectation with its type prefix. */
#define WAST_VALUE_BUF 112

/* A script value {"type": TYPE, "value": VALUE} as an argument; `value` is NULL when absent.
 * Numbers are the decimal form of the raw bits; an externref N becomes the host pointer N+1 so that
 * 0 is not null. Returns NULL, or the reason it cannot be used. */
const char *wast_parse_arg(const char *type, const char *value, warden_val_t *out);

/* The same as an expected result; also nan:canonical, nan:arithmetic, and a reference without a
 * value or a non-null funcref meaning "any non-null reference". */
const char *wast_parse_expect(const char *type, const char *value, wast_expect_t *out);

bool wast_match_value(const wast_expect_t *expect, const warden_val_t *got);

/* "i32:-1", "f32:nan:canonical", "externref:3", "funcref:null", ... (values as `warden run` prints
 * them, externrefs by their script number). Return the full length, like snprintf. */
size_t wast_format_value(const warden_val_t *val, char *buf, size_t size);
size_t wast_format_expect(const wast_expect_t *expect, char *buf, size_t size);

/* The trap kind an assert_trap text names (matched by prefix), or 0 when the text is unknown. */
warden_trap_kind_t wast_trap_kind_for_text(const char *text);

#endif
