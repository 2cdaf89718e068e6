#include "cli/valfmt.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define F32_SIGN UINT32_C(0x80000000)
#define F32_EXP UINT32_C(0x7F800000)
#define F32_MANT UINT32_C(0x007FFFFF)
#define F32_QUIET UINT32_C(0x00400000)
#define F64_SIGN UINT64_C(0x8000000000000000)
#define F64_EXP UINT64_C(0x7FF0000000000000)
#define F64_MANT UINT64_C(0x000FFFFFFFFFFFFF)
#define F64_QUIET UINT64_C(0x0008000000000000)

const char *valfmt_kind_name(warden_valkind_t kind)
{
    switch (kind) {
    case WARDEN_I32: return "i32";
    case WARDEN_I64: return "i64";
    case WARDEN_F32: return "f32";
    case WARDEN_F64: return "f64";
    case WARDEN_V128: return "v128";
    case WARDEN_FUNCREF: return "funcref";
    case WARDEN_EXTERNREF: return "externref";
    }
    return "?";
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Reads an unsigned magnitude, decimal or 0x hex, that must fill the whole string. */
static const char *parse_magnitude(const char *s, uint64_t *out)
{
    unsigned base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (*s == '\0') return "no digits";
    uint64_t v = 0;
    for (; *s; s++) {
        int d = hex_digit(*s);
        if (d < 0 || (unsigned)d >= base) return "not a number";
        if (v > (UINT64_MAX - (unsigned)d) / base) return "out of range";
        v = v * base + (unsigned)d;
    }
    *out = v;
    return NULL;
}

const char *valfmt_parse_int(const char *text, unsigned width, uint64_t *out)
{
    if (width != 32 && width != 64) return "unsupported width";
    bool negative = false;
    if (*text == '-' || *text == '+') {
        negative = *text == '-';
        text++;
    }
    uint64_t mag;
    const char *err = parse_magnitude(text, &mag);
    if (err) return err;
    uint64_t umax = width == 64 ? UINT64_MAX : UINT32_MAX;
    uint64_t nmax = UINT64_C(1) << (width - 1);
    if (negative ? mag > nmax : mag > umax) return "out of range";
    *out = (negative ? 0 - mag : mag) & umax;
    return NULL;
}

static const struct {
    const char *name;
    unsigned lanes, bits;
} k_shapes[] = {
    [VALFMT_I8X16] = {"i8x16", 16, 8}, [VALFMT_I16X8] = {"i16x8", 8, 16},
    [VALFMT_I32X4] = {"i32x4", 4, 32}, [VALFMT_I64X2] = {"i64x2", 2, 64},
    [VALFMT_F32X4] = {"f32x4", 4, 32}, [VALFMT_F64X2] = {"f64x2", 2, 64},
};

const char *valfmt_shape_name(valfmt_shape_t shape)
{
    return k_shapes[shape].name;
}
unsigned valfmt_shape_lanes(valfmt_shape_t shape)
{
    return k_shapes[shape].lanes;
}
unsigned valfmt_shape_bits(valfmt_shape_t shape)
{
    return k_shapes[shape].bits;
}

bool valfmt_shape_parse(const char *name, size_t len, valfmt_shape_t *out)
{
    for (size_t i = 0; i < sizeof k_shapes / sizeof k_shapes[0]; i++) {
        if (strlen(k_shapes[i].name) == len && memcmp(k_shapes[i].name, name, len) == 0) {
            *out = (valfmt_shape_t)i;
            return true;
        }
    }
    return false;
}

const char *valfmt_parse_lane_int(const char *text, unsigned bits, uint64_t *out)
{
    if (bits == 32 || bits == 64) return valfmt_parse_int(text, bits, out);
    if (bits != 8 && bits != 16) return "unsupported width";
    uint64_t v;
    const char *err = valfmt_parse_int(text, 32, &v);
    if (err) return err;
    uint64_t umax = (UINT64_C(1) << bits) - 1;
    /* A negative value arrives wrapped to 32 bits: it must not lie below -2^(bits-1). */
    if (text[0] == '-' ? v != 0 && v < UINT32_C(0xFFFFFFFF) - (umax >> 1) : v > umax)
        return "out of range";
    *out = v & umax;
    return NULL;
}

/* A NaN's text after its sign: "nan" or "nan:0xPAYLOAD". */
static const char *parse_nan_payload(const char *s, uint64_t mant_mask, uint64_t quiet,
                                     uint64_t *out)
{
    if (strcmp(s, "nan") == 0) {
        *out = quiet;
        return NULL;
    }
    if (strncmp(s, "nan:0x", 6) != 0 && strncmp(s, "nan:0X", 6) != 0) return "not a number";
    uint64_t payload;
    const char *err = parse_magnitude(s + 4, &payload);
    if (err) return err;
    if (payload == 0 || payload > mant_mask) return "NaN payload out of range";
    *out = payload;
    return NULL;
}

/* Only the characters of decimal and hex float literals: keeps strtod's other forms out. */
static bool float_literal_chars(const char *s)
{
    if (*s == '\0') return false;
    for (; *s; s++) {
        if (hex_digit(*s) < 0 && !strchr("xXpP.+-", *s)) return false;
    }
    return true;
}

/* One of the two float types: its bit masks and the significant digits that always round-trip
 * (9 for binary32, 17 for binary64). */
typedef struct float_format {
    bool wide; /* f64 rather than f32 */
    uint64_t sign, exp, mant, quiet;
    int digits;
} float_format;

static const float_format k_f32 = {false, F32_SIGN, F32_EXP, F32_MANT, F32_QUIET, 9};
static const float_format k_f64 = {true, F64_SIGN, F64_EXP, F64_MANT, F64_QUIET, 17};

/* strtof or strtod, as the format says: returns the value's bits; *end as strto* sets it,
 * *overflow when the literal is too large for the type. */
static uint64_t read_float(const float_format *f, const char *text, char **end, bool *overflow)
{
    errno = 0;
    if (f->wide) {
        double d = strtod(text, end);
        *overflow = errno == ERANGE && isinf(d);
        uint64_t bits;
        memcpy(&bits, &d, sizeof bits);
        return bits;
    }
    float x = strtof(text, end);
    *overflow = errno == ERANGE && isinf(x);
    uint32_t bits;
    memcpy(&bits, &x, sizeof bits);
    return bits;
}

static const char *parse_float(const float_format *f, const char *text, uint64_t *bits)
{
    const char *s = text;
    uint64_t sign = 0;
    if (*s == '-' || *s == '+') {
        sign = *s == '-' ? f->sign : 0;
        s++;
    }
    if (strcmp(s, "inf") == 0) {
        *bits = sign | f->exp;
        return NULL;
    }
    if (strncmp(s, "nan", 3) == 0) {
        uint64_t payload;
        const char *err = parse_nan_payload(s, f->mant, f->quiet, &payload);
        if (err) return err;
        *bits = sign | f->exp | payload;
        return NULL;
    }
    if (!float_literal_chars(s)) return "not a number";
    char *end;
    bool overflow;
    uint64_t value = read_float(f, text, &end, &overflow);
    if (end == text || *end != '\0') return "not a number";
    if (overflow) return "out of range";
    *bits = value;
    return NULL;
}

/* Reinterprets `width` bits as two's complement without an out-of-range conversion. */
static int64_t to_signed(uint64_t bits, unsigned width)
{
    uint64_t sign = UINT64_C(1) << (width - 1);
    if (!(bits & sign)) return (int64_t)bits;
    return (int64_t)(bits - sign) - (int64_t)(sign - 1) - 1;
}

static bool lane_separator(char c)
{
    return c == ' ' || c == '\t' || c == ',';
}

/* "[v128:]SHAPE:L0 L1 ..." (or a space after SHAPE) into 16 bytes. */
static const char *parse_v128_text(const char *text, uint8_t bytes[16])
{
    if (strncmp(text, "v128:", 5) == 0) text += 5;
    size_t n = strcspn(text, ": \t");
    valfmt_shape_t shape;
    if (!valfmt_shape_parse(text, n, &shape))
        return "expected a lane shape (i8x16, i16x8, i32x4, i64x2, f32x4 or f64x2) and its lanes";
    text += n;
    if (*text == ':') text++;
    unsigned lanes = valfmt_shape_lanes(shape), bits = valfmt_shape_bits(shape);
    memset(bytes, 0, 16);
    for (unsigned i = 0; i < lanes; i++) {
        while (lane_separator(*text)) text++;
        size_t len = strcspn(text, " \t,");
        if (len == 0) return "too few lanes for the shape";
        char lane[VALFMT_BUF];
        if (len >= sizeof lane) return "lane text too long";
        memcpy(lane, text, len);
        lane[len] = '\0';
        text += len;
        uint64_t v = 0;
        const char *err;
        if (shape == VALFMT_F32X4 || shape == VALFMT_F64X2) {
            err = parse_float(shape == VALFMT_F32X4 ? &k_f32 : &k_f64, lane, &v);
        } else {
            err = valfmt_parse_lane_int(lane, bits, &v);
        }
        if (err) return err;
        for (unsigned k = 0; k < bits / 8; k++) bytes[i * (bits / 8) + k] = (uint8_t)(v >> (8 * k));
    }
    while (lane_separator(*text)) text++;
    if (*text) return "too many lanes for the shape";
    return NULL;
}

const char *valfmt_parse(warden_valkind_t kind, const char *text, warden_val_t *out)
{
    warden_val_t v;
    memset(&v, 0, sizeof v);
    v.kind = kind;
    const char *err = NULL;
    uint64_t bits = 0;
    switch (kind) {
    case WARDEN_I32:
        err = valfmt_parse_int(text, 32, &bits);
        v.of.i32 = (int32_t)to_signed(bits, 32);
        break;
    case WARDEN_I64:
        err = valfmt_parse_int(text, 64, &bits);
        v.of.i64 = to_signed(bits, 64);
        break;
    case WARDEN_F32:
        err = parse_float(&k_f32, text, &bits);
        v.of.f32_bits = (uint32_t)bits;
        break;
    case WARDEN_F64:
        err = parse_float(&k_f64, text, &bits);
        v.of.f64_bits = bits;
        break;
    case WARDEN_V128: err = parse_v128_text(text, v.of.v128); break;
    case WARDEN_FUNCREF:
        if (strcmp(text, "null") != 0) err = "only null can be given for a funcref";
        v.of.funcref = NULL;
        break;
    case WARDEN_EXTERNREF:
        if (strcmp(text, "null") != 0) err = "only null can be given for an externref";
        v.of.externref = NULL;
        break;
    default: err = "values of this type cannot be given on the command line"; break;
    }
    if (err) return err;
    *out = v;
    return NULL;
}

/* Writes "[-]inf", "[-]nan" or "[-]nan:0x..." for a non-finite value. */
static size_t format_nonfinite(bool negative, uint64_t mant, uint64_t quiet, char *buf, size_t size)
{
    const char *sign = negative ? "-" : "";
    if (mant == 0) return (size_t)snprintf(buf, size, "%sinf", sign);
    if (mant == quiet) return (size_t)snprintf(buf, size, "%snan", sign);
    return (size_t)snprintf(buf, size, "%snan:0x%" PRIx64, sign, mant);
}

/* The shortest decimal that reads back to the same bits, or a non-finite value's name. */
static size_t format_float(const float_format *f, uint64_t bits, char *buf, size_t size)
{
    if ((bits & f->exp) == f->exp)
        return format_nonfinite(bits & f->sign, bits & f->mant, f->quiet, buf, size);
    double d;
    if (f->wide) {
        memcpy(&d, &bits, sizeof d);
    } else {
        uint32_t narrow = (uint32_t)bits;
        float x;
        memcpy(&x, &narrow, sizeof x);
        d = x;
    }
    char tmp[VALFMT_BUF];
    /* f->digits significant digits always round-trip, so the loop ends with a match. */
    for (int prec = 1; prec <= f->digits; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, d);
        char *end;
        bool overflow;
        if (read_float(f, tmp, &end, &overflow) == bits) break;
    }
    return (size_t)snprintf(buf, size, "%s", tmp);
}

size_t valfmt_format_lane(const uint8_t bytes[16], valfmt_shape_t shape, unsigned lane, char *buf,
                          size_t size)
{
    unsigned width = valfmt_shape_bits(shape) / 8;
    uint64_t v = 0;
    for (unsigned k = width; k-- > 0;) v = v << 8 | bytes[lane * width + k];
    if (shape == VALFMT_F32X4 || shape == VALFMT_F64X2)
        return format_float(shape == VALFMT_F32X4 ? &k_f32 : &k_f64, v, buf, size);
    return (size_t)snprintf(buf, size, "%" PRId64, to_signed(v, width * 8));
}

size_t valfmt_format_v128(const uint8_t bytes[16], valfmt_shape_t shape, char *buf, size_t size)
{
    char text[VALFMT_BUF];
    size_t used = (size_t)snprintf(text, sizeof text, "v128:%s:", valfmt_shape_name(shape));
    for (unsigned i = 0; i < valfmt_shape_lanes(shape) && used < sizeof text; i++) {
        char lane[VALFMT_BUF];
        valfmt_format_lane(bytes, shape, i, lane, sizeof lane);
        used += (size_t)snprintf(text + used, sizeof text - used, "%s%s", i ? " " : "", lane);
    }
    return (size_t)snprintf(buf, size, "%s", text);
}

size_t valfmt_format(const warden_val_t *val, char *buf, size_t size)
{
    switch (val->kind) {
    case WARDEN_I32: return (size_t)snprintf(buf, size, "%" PRId32, val->of.i32);
    case WARDEN_I64: return (size_t)snprintf(buf, size, "%" PRId64, val->of.i64);
    case WARDEN_F32: return format_float(&k_f32, val->of.f32_bits, buf, size);
    case WARDEN_F64: return format_float(&k_f64, val->of.f64_bits, buf, size);
    case WARDEN_V128: return valfmt_format_v128(val->of.v128, VALFMT_I32X4, buf, size);
    case WARDEN_FUNCREF:
        return (size_t)snprintf(buf, size, "%s", val->of.funcref ? "ref.func" : "null");
    case WARDEN_EXTERNREF:
        return (size_t)snprintf(buf, size, "%s", val->of.externref ? "ref.extern" : "null");
    }
    return (size_t)snprintf(buf, size, "?");
}
