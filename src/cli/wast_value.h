/* Values of wast2json scripts: arguments, expected results and their comparison, trap texts.
 * Independent of JSON reading and of the engine (only warden.h's types). */
#ifndef WARDEN_CLI_WAST_VALUE_H
#define WARDEN_CLI_WAST_VALUE_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/valfmt.h"
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
    /* v128 only (match is WAST_MATCH_EXACT): the script's lane shape and how each lane is
     * matched, exactly against the lane of `val` or as a NaN of the lane's float type. */
    valfmt_shape_t shape;
    wast_match_t lanes[16];
} wast_expect_t;

/* Room for a formatted value or expectation with its type prefix. */
#define WAST_VALUE_BUF 160

/* A script value {"type": TYPE, "value": VALUE} as an argument; `value` is NULL when absent.
 * Numbers are the decimal form of the raw bits; an externref N becomes the host pointer N+1 so that
 * 0 is not null. Returns NULL, or the reason it cannot be used. */
const char *wast_parse_arg(const char *type, const char *value, warden_val_t *out);

/* The same as an expected result; also nan:canonical, nan:arithmetic, and a reference without a
 * value or a non-null funcref meaning "any non-null reference". */
const char *wast_parse_expect(const char *type, const char *value, wast_expect_t *out);

/* A v128 script value {"type": "v128", "lane_type": LANE, "value": [LANES...]}: LANE is i8, i16,
 * i32, i64, f32 or f64 and each lane the decimal form of its bits; an expectation's float lanes
 * may also be nan:canonical or nan:arithmetic. */
const char *wast_parse_v128_arg(const char *lane_type, const char *const *lanes, size_t nlanes,
                                warden_val_t *out);
const char *wast_parse_v128_expect(const char *lane_type, const char *const *lanes, size_t nlanes,
                                   wast_expect_t *out);

bool wast_match_value(const wast_expect_t *expect, const warden_val_t *got);

/* "i32:-1", "f32:nan:canonical", "externref:3", "funcref:null", ... (values as `warden run` prints
 * them, externrefs by their script number). Return the full length, like snprintf. */
size_t wast_format_value(const warden_val_t *val, char *buf, size_t size);
size_t wast_format_expect(const wast_expect_t *expect, char *buf, size_t size);
/* A result formatted beside its expectation: a v128 in the expectation's lane shape
 * ("v128:f32x4:1 nan 0 -0"); any other value as wast_format_value. */
size_t wast_format_value_like(const warden_val_t *val, const wast_expect_t *like, char *buf,
                              size_t size);

/* The trap kind an assert_trap text names (matched by prefix), or 0 when the text is unknown. */
warden_trap_kind_t wast_trap_kind_for_text(const char *text);

#endif
