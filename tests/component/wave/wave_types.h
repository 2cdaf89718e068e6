/* Types built by hand for the WAVE and WIT tests (types.h's struct, without wm_type_finish: the
 * parser, the printers and the WIT writer read only kind, count, names, elems, label and
 * resource), and the checks the tests share. */
#ifndef WARDEN_TESTS_WAVE_TYPES_H
#define WARDEN_TESTS_WAVE_TYPES_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "component/types.h"

typedef const warden_component_type_t type_t;
typedef warden_component_val_t val_t;

#define ELEMS(...) ((const warden_component_type_t *const[]){__VA_ARGS__})
#define NAMES(...) ((const char *const[]){__VA_ARGS__})
#define COUNT(...) ((uint32_t)(sizeof((const void *[]){__VA_ARGS__}) / sizeof(void *)))

#define SCALAR(k) {.kind = WARDEN_COMPONENT_##k}
#define LIST(t) {.kind = WARDEN_COMPONENT_LIST, .count = 1, .elems = ELEMS(&(t))}
#define OPTION(t) {.kind = WARDEN_COMPONENT_OPTION, .count = 1, .elems = ELEMS(&(t))}
#define RESULT(ok, err) {.kind = WARDEN_COMPONENT_RESULT, .count = 2, .elems = ELEMS(ok, err)}
#define TUPLE(...)                                                                                 \
    {.kind = WARDEN_COMPONENT_TUPLE, .count = COUNT(__VA_ARGS__), .elems = ELEMS(__VA_ARGS__)}
/* RECORD(label, NAMES(...), ELEMS(...)) and so on: count from the names. */
#define NAMED(k, lab, names_, elems_)                                                              \
    {.kind = WARDEN_COMPONENT_##k,                                                                 \
     .count = (uint32_t)(sizeof names_ / sizeof(const char *)),                                    \
     .names = names_,                                                                              \
     .elems = elems_,                                                                              \
     .label = lab}

static const warden_component_type_t T_BOOL = SCALAR(BOOL);
static const warden_component_type_t T_S8 = SCALAR(S8);
static const warden_component_type_t T_U8 = SCALAR(U8);
static const warden_component_type_t T_S16 = SCALAR(S16);
static const warden_component_type_t T_U16 = SCALAR(U16);
static const warden_component_type_t T_S32 = SCALAR(S32);
static const warden_component_type_t T_U32 = SCALAR(U32);
static const warden_component_type_t T_S64 = SCALAR(S64);
static const warden_component_type_t T_U64 = SCALAR(U64);
static const warden_component_type_t T_F32 = SCALAR(F32);
static const warden_component_type_t T_F64 = SCALAR(F64);
static const warden_component_type_t T_CHAR = SCALAR(CHAR);
static const warden_component_type_t T_STRING = SCALAR(STRING);

/* Parses text (NUL-terminated) as type t; the test fails when it does not parse. */
static inline val_t wave_parse(type_t *t, const char *text)
{
    val_t v;
    memset(&v, 0xAB, sizeof v);
    warden_error_t *e = warden_component_val_from_wave(t, text, strlen(text), &v);
    if (e) {
        fail_msg("parsing '%s' failed: %s", text, warden_error_message(e));
        warden_error_delete(e);
    }
    return v;
}

/* Checks that text does not parse as t, with exactly the message `want` (an ARGUMENT error), and
 * that the output is left a BOOL false. len may be given for text with NULs (else 0: strlen). */
static inline void wave_fails_n(type_t *t, const char *text, size_t len, const char *want)
{
    val_t v;
    memset(&v, 0xAB, sizeof v);
    warden_error_t *e = warden_component_val_from_wave(t, text, len ? len : strlen(text), &v);
    if (!e) {
        warden_component_val_delete(&v);
        fail_msg("parsing '%s' succeeded, expected: %s", text, want);
    }
    if (strcmp(warden_error_message(e), want) != 0 ||
        warden_error_kind(e) != WARDEN_ERROR_ARGUMENT) {
        char got[512];
        snprintf(got, sizeof got, "%s", warden_error_message(e));
        warden_error_delete(e);
        fail_msg("parsing '%s': got\n  %s\nexpected\n  %s", text, got, want);
    }
    warden_error_delete(e);
    assert_int_equal(v.kind, WARDEN_COMPONENT_BOOL);
    assert_false(v.of.boolean);
}

static inline void wave_fails(type_t *t, const char *text, const char *want)
{
    wave_fails_n(t, text, 0, want);
}

/* Prints v; the caller frees the text. */
static inline char *wave_print(const val_t *v)
{
    char *out = NULL;
    size_t len = 0;
    warden_error_t *e = warden_component_val_to_wave(v, &out, &len);
    if (e) {
        fail_msg("printing failed: %s", warden_error_message(e));
        warden_error_delete(e);
    }
    assert_non_null(out);
    assert_int_equal(len, strlen(out));
    return out;
}

/* Checks that v prints as want. */
static inline void wave_prints(const val_t *v, const char *want)
{
    char *got = wave_print(v);
    if (strcmp(got, want) != 0) {
        char copy[1024];
        snprintf(copy, sizeof copy, "%s", got);
        free(got);
        fail_msg("printed\n  %s\nexpected\n  %s", copy, want);
    }
    free(got);
}

/* text parses as t, prints as canonical, and canonical parses to the same value. */
static inline void wave_roundtrip(type_t *t, const char *text, const char *canonical)
{
    val_t v = wave_parse(t, text);
    wave_prints(&v, canonical);
    val_t w = wave_parse(t, canonical);
    assert_true(warden_component_val_equal(&v, &w));
    warden_component_val_delete(&v);
    warden_component_val_delete(&w);
}

#endif
