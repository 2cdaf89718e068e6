#include "cli/wast_value.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli/valfmt.h"

static const char *parse_kind(const char *type, warden_valkind_t *out)
{
    static const struct {
        const char *name;
        warden_valkind_t kind;
    } kinds[] = {{"i32", WARDEN_I32},         {"i64", WARDEN_I64},
                 {"f32", WARDEN_F32},         {"f64", WARDEN_F64},
                 {"funcref", WARDEN_FUNCREF}, {"externref", WARDEN_EXTERNREF}};
    if (!type)
        return "value without a type";
    if (strcmp(type, "v128") == 0)
        return "v128 values are not supported yet";
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strcmp(type, kinds[i].name) == 0) {
            *out = kinds[i].kind;
            return NULL;
        }
    }
    return "unknown value type";
}

static const char *parse_externref(const char *value, void **out)
{
    if (strcmp(value, "null") == 0) {
        *out = NULL;
        return NULL;
    }
    uint64_t n;
    if (value[0] == '-' || value[0] == '+' || valfmt_parse_int(value, 64, &n) || n >= UINTPTR_MAX)
        return "bad externref value";
    *out = (void *)(uintptr_t)(n + 1);
    return NULL;
}

/* Fills val for a value that is present and not one of the special patterns. */
static const char *parse_exact(warden_valkind_t kind, const char *value, warden_val_t *val)
{
    uint64_t bits = 0;
    const char *err = NULL;
    memset(val, 0, sizeof *val);
    val->kind = kind;
    switch (kind) {
    case WARDEN_I32:
    case WARDEN_F32:
        err = valfmt_parse_int(value, 32, &bits);
        /* i32 and f32_bits share storage: storing the bits sets either view. */
        val->of.f32_bits = (uint32_t)bits;
        break;
    case WARDEN_I64:
    case WARDEN_F64:
        err = valfmt_parse_int(value, 64, &bits);
        val->of.f64_bits = bits;
        break;
    case WARDEN_FUNCREF:
        if (strcmp(value, "null") != 0)
            err = "a non-null funcref cannot be made from a script value";
        val->of.funcref = NULL;
        break;
    case WARDEN_EXTERNREF:
        err = parse_externref(value, &val->of.externref);
        break;
    default:
        err = "unknown value type";
        break;
    }
    return err;
}

const char *wast_parse_arg(const char *type, const char *value, warden_val_t *out)
{
    warden_valkind_t kind;
    const char *err = parse_kind(type, &kind);
    if (err)
        return err;
    if (!value)
        return "value missing";
    return parse_exact(kind, value, out);
}

const char *wast_parse_expect(const char *type, const char *value, wast_expect_t *out)
{
    warden_valkind_t kind;
    const char *err = parse_kind(type, &kind);
    if (err)
        return err;
    memset(out, 0, sizeof *out);
    out->val.kind = kind;
    bool is_float = kind == WARDEN_F32 || kind == WARDEN_F64;
    bool is_ref = kind == WARDEN_FUNCREF || kind == WARDEN_EXTERNREF;
    if (is_ref && (!value || (kind == WARDEN_FUNCREF && strcmp(value, "null") != 0))) {
        out->match = WAST_MATCH_NONNULL;
        return NULL;
    }
    if (!value)
        return "value missing";
    if (is_float && strcmp(value, "nan:canonical") == 0) {
        out->match = WAST_MATCH_NAN_CANONICAL;
        return NULL;
    }
    if (is_float && strcmp(value, "nan:arithmetic") == 0) {
        out->match = WAST_MATCH_NAN_ARITHMETIC;
        return NULL;
    }
    out->match = WAST_MATCH_EXACT;
    return parse_exact(kind, value, &out->val);
}

/* Bits of a float value below the sign, and the quiet bit and exponent mask of its type. */
static void nan_parts(const warden_val_t *v, uint64_t *magnitude, uint64_t *quiet, uint64_t *exp)
{
    if (v->kind == WARDEN_F32) {
        *magnitude = v->of.f32_bits & UINT32_C(0x7FFFFFFF);
        *quiet = UINT32_C(0x00400000);
        *exp = UINT32_C(0x7F800000);
    } else {
        *magnitude = v->of.f64_bits & UINT64_C(0x7FFFFFFFFFFFFFFF);
        *quiet = UINT64_C(0x0008000000000000);
        *exp = UINT64_C(0x7FF0000000000000);
    }
}

bool wast_match_value(const wast_expect_t *expect, const warden_val_t *got)
{
    if (got->kind != expect->val.kind)
        return false;
    switch (expect->match) {
    case WAST_MATCH_NONNULL:
        return got->kind == WARDEN_FUNCREF ? got->of.funcref != NULL : got->of.externref != NULL;
    case WAST_MATCH_NAN_CANONICAL:
    case WAST_MATCH_NAN_ARITHMETIC: {
        uint64_t mag, quiet, exp;
        nan_parts(got, &mag, &quiet, &exp);
        if (expect->match == WAST_MATCH_NAN_CANONICAL)
            return mag == (exp | quiet);
        return (mag & (exp | quiet)) == (exp | quiet);
    }
    case WAST_MATCH_EXACT:
        break;
    }
    switch (got->kind) {
    case WARDEN_I32: return got->of.i32 == expect->val.of.i32;
    case WARDEN_I64: return got->of.i64 == expect->val.of.i64;
    case WARDEN_F32: return got->of.f32_bits == expect->val.of.f32_bits;
    case WARDEN_F64: return got->of.f64_bits == expect->val.of.f64_bits;
    case WARDEN_FUNCREF: return got->of.funcref == expect->val.of.funcref;
    case WARDEN_EXTERNREF: return got->of.externref == expect->val.of.externref;
    case WARDEN_V128: return memcmp(got->of.v128, expect->val.of.v128, 16) == 0;
    }
    return false;
}

size_t wast_format_value(const warden_val_t *val, char *buf, size_t size)
{
    const char *kind = valfmt_kind_name(val->kind);
    if (val->kind == WARDEN_EXTERNREF && val->of.externref)
        return (size_t)snprintf(buf, size, "%s:%" PRIuPTR, kind,
                                (uintptr_t)val->of.externref - 1);
    char text[VALFMT_BUF];
    valfmt_format(val, text, sizeof text);
    return (size_t)snprintf(buf, size, "%s:%s", kind, text);
}

size_t wast_format_expect(const wast_expect_t *expect, char *buf, size_t size)
{
    const char *kind = valfmt_kind_name(expect->val.kind);
    switch (expect->match) {
    case WAST_MATCH_NAN_CANONICAL: return (size_t)snprintf(buf, size, "%s:nan:canonical", kind);
    case WAST_MATCH_NAN_ARITHMETIC: return (size_t)snprintf(buf, size, "%s:nan:arithmetic", kind);
    case WAST_MATCH_NONNULL:
        return (size_t)snprintf(buf, size, "%s:%s", kind,
                                expect->val.kind == WARDEN_FUNCREF ? "ref.func" : "ref.extern");
    case WAST_MATCH_EXACT:
        break;
    }
    return wast_format_value(&expect->val, buf, size);
}

warden_trap_kind_t wast_trap_kind_for_text(const char *text)
{
    static const struct {
        const char *prefix;
        warden_trap_kind_t kind;
    } texts[] = {
        {"unreachable", WARDEN_TRAP_UNREACHABLE},
        {"out of bounds memory access", WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS},
        {"out of bounds table access", WARDEN_TRAP_TABLE_OUT_OF_BOUNDS},
        {"undefined element", WARDEN_TRAP_UNDEFINED_ELEMENT},
        {"uninitialized element", WARDEN_TRAP_UNINITIALIZED_ELEMENT},
        {"indirect call type mismatch", WARDEN_TRAP_INDIRECT_CALL_TYPE_MISMATCH},
        {"integer overflow", WARDEN_TRAP_INTEGER_OVERFLOW},
        {"integer divide by zero", WARDEN_TRAP_INTEGER_DIVIDE_BY_ZERO},
        {"invalid conversion to integer", WARDEN_TRAP_INVALID_CONVERSION_TO_INTEGER},
        {"call stack exhausted", WARDEN_TRAP_STACK_EXHAUSTED},
    };
    if (!text)
        return 0;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        if (strncmp(text, texts[i].prefix, strlen(texts[i].prefix)) == 0)
            return texts[i].kind;
    }
    return 0;
}
