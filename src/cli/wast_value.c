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
    } kinds[] = {{"i32", WARDEN_I32}, {"i64", WARDEN_I64},         {"f32", WARDEN_F32},
                 {"f64", WARDEN_F64}, {"funcref", WARDEN_FUNCREF}, {"externref", WARDEN_EXTERNREF}};
    if (!type) return "value without a type";
    if (strcmp(type, "v128") == 0) return "a v128 value needs a lane type and lanes";
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
    case WARDEN_EXTERNREF: err = parse_externref(value, &val->of.externref); break;
    default: err = "unknown value type"; break;
    }
    return err;
}

const char *wast_parse_arg(const char *type, const char *value, warden_val_t *out)
{
    warden_valkind_t kind;
    const char *err = parse_kind(type, &kind);
    if (err) return err;
    if (!value) return "value missing";
    return parse_exact(kind, value, out);
}

const char *wast_parse_expect(const char *type, const char *value, wast_expect_t *out)
{
    warden_valkind_t kind;
    const char *err = parse_kind(type, &kind);
    if (err) return err;
    memset(out, 0, sizeof *out);
    out->val.kind = kind;
    bool is_float = kind == WARDEN_F32 || kind == WARDEN_F64;
    bool is_ref = kind == WARDEN_FUNCREF || kind == WARDEN_EXTERNREF;
    if (is_ref && (!value || (kind == WARDEN_FUNCREF && strcmp(value, "null") != 0))) {
        out->match = WAST_MATCH_NONNULL;
        return NULL;
    }
    if (!value) return "value missing";
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

static const char *parse_lane_type(const char *lane_type, valfmt_shape_t *shape)
{
    static const struct {
        const char *name;
        valfmt_shape_t shape;
    } types[] = {{"i8", VALFMT_I8X16},  {"i16", VALFMT_I16X8}, {"i32", VALFMT_I32X4},
                 {"i64", VALFMT_I64X2}, {"f32", VALFMT_F32X4}, {"f64", VALFMT_F64X2}};
    if (!lane_type) return "v128 value without a lane type";
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        if (strcmp(lane_type, types[i].name) == 0) {
            *shape = types[i].shape;
            return NULL;
        }
    }
    return "unknown v128 lane type";
}

/* The lanes of a v128 script value; `expect` allows the NaN patterns in float lanes. */
static const char *parse_script_v128(const char *lane_type, const char *const *lanes, size_t nlanes,
                                     bool expect, wast_expect_t *out)
{
    memset(out, 0, sizeof *out);
    out->match = WAST_MATCH_EXACT;
    out->val.kind = WARDEN_V128;
    const char *err = parse_lane_type(lane_type, &out->shape);
    if (err) return err;
    unsigned n = valfmt_shape_lanes(out->shape), bits = valfmt_shape_bits(out->shape);
    bool is_float = out->shape == VALFMT_F32X4 || out->shape == VALFMT_F64X2;
    if (nlanes != n) return "wrong number of lanes for the lane type";
    for (unsigned i = 0; i < n; i++) {
        if (!lanes[i]) return "v128 lane is not a string";
        out->lanes[i] = WAST_MATCH_EXACT;
        if (expect && is_float && strcmp(lanes[i], "nan:canonical") == 0) {
            out->lanes[i] = WAST_MATCH_NAN_CANONICAL;
            continue;
        }
        if (expect && is_float && strcmp(lanes[i], "nan:arithmetic") == 0) {
            out->lanes[i] = WAST_MATCH_NAN_ARITHMETIC;
            continue;
        }
        uint64_t v;
        err = valfmt_parse_lane_int(lanes[i], bits, &v);
        if (err) return err;
        for (unsigned k = 0; k < bits / 8; k++)
            out->val.of.v128[i * (bits / 8) + k] = (uint8_t)(v >> (8 * k));
    }
    return NULL;
}

const char *wast_parse_v128_arg(const char *lane_type, const char *const *lanes, size_t nlanes,
                                warden_val_t *out)
{
    wast_expect_t e;
    const char *err = parse_script_v128(lane_type, lanes, nlanes, false, &e);
    if (!err) *out = e.val;
    return err;
}

const char *wast_parse_v128_expect(const char *lane_type, const char *const *lanes, size_t nlanes,
                                   wast_expect_t *out)
{
    return parse_script_v128(lane_type, lanes, nlanes, true, out);
}

/* Lane i of a v128 of `bits`-bit lanes. */
static uint64_t v128_lane(const uint8_t bytes[16], unsigned bits, unsigned i)
{
    uint64_t v = 0;
    for (unsigned k = bits / 8; k-- > 0;) v = v << 8 | bytes[i * (bits / 8) + k];
    return v;
}

/* Whether the bits `v` of a float of `bits` bits are the NaN `match` asks for: canonical (only the
 * quiet bit in the payload) or arithmetic (the quiet bit set), of either sign. */
static bool nan_matches(wast_match_t match, unsigned bits, uint64_t v)
{
    uint64_t quiet = bits == 32 ? UINT32_C(0x00400000) : UINT64_C(0x0008000000000000);
    uint64_t exp = bits == 32 ? UINT32_C(0x7F800000) : UINT64_C(0x7FF0000000000000);
    uint64_t mag = v & (bits == 32 ? UINT32_C(0x7FFFFFFF) : UINT64_C(0x7FFFFFFFFFFFFFFF));
    if (match == WAST_MATCH_NAN_CANONICAL) return mag == (exp | quiet);
    return (mag & (exp | quiet)) == (exp | quiet);
}

static bool v128_matches(const wast_expect_t *expect, const warden_val_t *got)
{
    unsigned n = valfmt_shape_lanes(expect->shape), bits = valfmt_shape_bits(expect->shape);
    for (unsigned i = 0; i < n; i++) {
        uint64_t lane = v128_lane(got->of.v128, bits, i);
        if (expect->lanes[i] == WAST_MATCH_EXACT) {
            if (lane != v128_lane(expect->val.of.v128, bits, i)) return false;
        } else if (!nan_matches(expect->lanes[i], bits, lane)) {
            return false;
        }
    }
    return true;
}

bool wast_match_value(const wast_expect_t *expect, const warden_val_t *got)
{
    if (got->kind != expect->val.kind) return false;
    switch (expect->match) {
    case WAST_MATCH_NONNULL:
        return got->kind == WARDEN_FUNCREF ? got->of.funcref != NULL : got->of.externref != NULL;
    case WAST_MATCH_NAN_CANONICAL:
    case WAST_MATCH_NAN_ARITHMETIC:
        if (got->kind == WARDEN_F32) return nan_matches(expect->match, 32, got->of.f32_bits);
        return nan_matches(expect->match, 64, got->of.f64_bits);
    case WAST_MATCH_EXACT: break;
    }
    switch (got->kind) {
    case WARDEN_I32: return got->of.i32 == expect->val.of.i32;
    case WARDEN_I64: return got->of.i64 == expect->val.of.i64;
    case WARDEN_F32: return got->of.f32_bits == expect->val.of.f32_bits;
    case WARDEN_F64: return got->of.f64_bits == expect->val.of.f64_bits;
    case WARDEN_FUNCREF: return got->of.funcref == expect->val.of.funcref;
    case WARDEN_EXTERNREF: return got->of.externref == expect->val.of.externref;
    case WARDEN_V128: return v128_matches(expect, got);
    }
    return false;
}

size_t wast_format_value(const warden_val_t *val, char *buf, size_t size)
{
    if (val->kind == WARDEN_V128) /* valfmt's text carries the kind already */
        return valfmt_format_v128(val->of.v128, VALFMT_I32X4, buf, size);
    const char *kind = valfmt_kind_name(val->kind);
    if (val->kind == WARDEN_EXTERNREF && val->of.externref)
        return (size_t)snprintf(buf, size, "%s:%" PRIuPTR, kind, (uintptr_t)val->of.externref - 1);
    char text[VALFMT_BUF];
    valfmt_format(val, text, sizeof text);
    return (size_t)snprintf(buf, size, "%s:%s", kind, text);
}

size_t wast_format_value_like(const warden_val_t *val, const wast_expect_t *like, char *buf,
                              size_t size)
{
    if (val->kind == WARDEN_V128 && like->val.kind == WARDEN_V128)
        return valfmt_format_v128(val->of.v128, like->shape, buf, size);
    return wast_format_value(val, buf, size);
}

/* "v128:SHAPE:" and the lanes, NaN patterns by name. */
static size_t format_v128_expect(const wast_expect_t *expect, char *buf, size_t size)
{
    char text[WAST_VALUE_BUF];
    valfmt_shape_t shape = expect->shape;
    unsigned n = valfmt_shape_lanes(shape);
    size_t used = (size_t)snprintf(text, sizeof text, "v128:%s:", valfmt_shape_name(shape));
    for (unsigned i = 0; i < n && used < sizeof text; i++) {
        char lane[VALFMT_BUF];
        if (expect->lanes[i] == WAST_MATCH_NAN_CANONICAL) {
            snprintf(lane, sizeof lane, "nan:canonical");
        } else if (expect->lanes[i] == WAST_MATCH_NAN_ARITHMETIC) {
            snprintf(lane, sizeof lane, "nan:arithmetic");
        } else {
            valfmt_format_lane(expect->val.of.v128, shape, i, lane, sizeof lane);
        }
        used += (size_t)snprintf(text + used, sizeof text - used, "%s%s", i ? " " : "", lane);
    }
    return (size_t)snprintf(buf, size, "%s", text);
}

size_t wast_format_expect(const wast_expect_t *expect, char *buf, size_t size)
{
    if (expect->val.kind == WARDEN_V128) return format_v128_expect(expect, buf, size);
    const char *kind = valfmt_kind_name(expect->val.kind);
    switch (expect->match) {
    case WAST_MATCH_NAN_CANONICAL: return (size_t)snprintf(buf, size, "%s:nan:canonical", kind);
    case WAST_MATCH_NAN_ARITHMETIC: return (size_t)snprintf(buf, size, "%s:nan:arithmetic", kind);
    case WAST_MATCH_NONNULL:
        return (size_t)snprintf(buf, size, "%s:%s", kind,
                                expect->val.kind == WARDEN_FUNCREF ? "ref.func" : "ref.extern");
    case WAST_MATCH_EXACT: break;
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
    if (!text) return 0;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        if (strncmp(text, texts[i].prefix, strlen(texts[i].prefix)) == 0) return texts[i].kind;
    }
    return 0;
}
