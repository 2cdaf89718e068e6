/* Component values in component-wast2json scripts: from their JSON form, guided by the type they
 * must have (cwast.h). */
#include <inttypes.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cwast.h"

static bool fail(char *reason, const char *fmt, const char *what)
{
    snprintf(reason, CWAST_REASON_MAX, fmt, what);
    return false;
}

static bool parse_int(const char *s, warden_component_kind_t k, warden_component_val_t *out,
                      char *reason)
{
    errno = 0;
    char *end;
    bool is_signed = k == WARDEN_COMPONENT_S8 || k == WARDEN_COMPONENT_S16 ||
                     k == WARDEN_COMPONENT_S32 || k == WARDEN_COMPONENT_S64;
    int64_t sv = 0;
    uint64_t uv = 0;
    if (is_signed)
        sv = strtoll(s, &end, 10);
    else
        uv = (s[0] == '-') ? (errno = ERANGE, 0) : strtoull(s, &end, 10);
    if (errno || !*s || *end) return fail(reason, "invalid integer `%s`", s);
    out->kind = k;
    switch (k) {
    case WARDEN_COMPONENT_S8:
        if (sv < INT8_MIN || sv > INT8_MAX) break;
        out->of.s8 = (int8_t)sv;
        return true;
    case WARDEN_COMPONENT_S16:
        if (sv < INT16_MIN || sv > INT16_MAX) break;
        out->of.s16 = (int16_t)sv;
        return true;
    case WARDEN_COMPONENT_S32:
        if (sv < INT32_MIN || sv > INT32_MAX) break;
        out->of.s32 = (int32_t)sv;
        return true;
    case WARDEN_COMPONENT_S64: out->of.s64 = sv; return true;
    case WARDEN_COMPONENT_U8:
        if (uv > UINT8_MAX) break;
        out->of.u8 = (uint8_t)uv;
        return true;
    case WARDEN_COMPONENT_U16:
        if (uv > UINT16_MAX) break;
        out->of.u16 = (uint16_t)uv;
        return true;
    case WARDEN_COMPONENT_U32:
        if (uv > UINT32_MAX) break;
        out->of.u32 = (uint32_t)uv;
        return true;
    case WARDEN_COMPONENT_U64: out->of.u64 = uv; return true;
    default: break;
    }
    out->kind = WARDEN_COMPONENT_BOOL;
    return fail(reason, "integer `%s` out of range", s);
}

static bool parse_float(const char *s, bool f64, warden_component_val_t *out, char *reason)
{
    out->kind = f64 ? WARDEN_COMPONENT_F64 : WARDEN_COMPONENT_F32;
    if (strncmp(s, "nan:", 4) == 0) {
        if (f64)
            out->of.f64 = NAN;
        else
            out->of.f32 = NAN;
        return true;
    }
    errno = 0;
    char *end;
    uint64_t bits = strtoull(s, &end, 10);
    if (errno || !*s || *end || (!f64 && bits > UINT32_MAX)) {
        out->kind = WARDEN_COMPONENT_BOOL;
        return fail(reason, "invalid float bits `%s`", s);
    }
    if (f64) {
        memcpy(&out->of.f64, &bits, 8);
    } else {
        uint32_t b = (uint32_t)bits;
        memcpy(&out->of.f32, &b, 4);
    }
    return true;
}

/* The one Unicode scalar value of a UTF-8 string, or false. */
static bool one_char(const char *s, size_t len, uint32_t *out)
{
    const unsigned char *p = (const unsigned char *)s;
    if (len == 0) return false;
    size_t n = p[0] < 0x80 ? 1 : (p[0] & 0xe0) == 0xc0 ? 2 : (p[0] & 0xf0) == 0xe0 ? 3 : 4;
    if (n != len) return false;
    uint32_t c = n == 1 ? p[0] : n == 2 ? p[0] & 0x1f : n == 3 ? p[0] & 0x0f : p[0] & 0x07;
    for (size_t i = 1; i < n; i++) c = (c << 6) | (p[i] & 0x3f);
    *out = c;
    return true;
}

bool cwast_value(const warden_component_type_t *type, json_t *j, warden_component_val_t *out,
                 char *reason)
{
    *out = (warden_component_val_t){.kind = WARDEN_COMPONENT_BOOL};
    const char *tag = json_string_value(json_object_get(j, "type"));
    if (!tag) return fail(reason, "%s", "value without a type");
    warden_component_kind_t k = warden_component_type_kind(type);
    if (strcmp(tag, warden_component_kind_name(k)) != 0) {
        char buf[64];
        snprintf(buf, sizeof buf, "%s where %s", tag, warden_component_kind_name(k));
        return fail(reason, "a value of type %s is expected", buf);
    }
    json_t *v = json_object_get(j, "value");
    size_t n = warden_component_type_count(type);
    warden_error_t *e = NULL;
    switch (k) {
    case WARDEN_COMPONENT_BOOL: {
        const char *s = json_string_value(v);
        if (!s || (strcmp(s, "true") && strcmp(s, "false"))) return fail(reason, "%s", "bad bool");
        out->of.boolean = strcmp(s, "true") == 0;
        return true;
    }
    case WARDEN_COMPONENT_F32:
    case WARDEN_COMPONENT_F64: {
        const char *s = json_string_value(v);
        if (!s) return fail(reason, "%s", "float without a value");
        return parse_float(s, k == WARDEN_COMPONENT_F64, out, reason);
    }
    case WARDEN_COMPONENT_CHAR: {
        const char *s = json_string_value(v);
        if (!s || !one_char(s, json_string_length(v), &out->of.ch))
            return fail(reason, "%s", "bad char");
        out->kind = k;
        return true;
    }
    case WARDEN_COMPONENT_STRING:
        if (!json_is_string(v)) return fail(reason, "%s", "bad string");
        e = warden_component_val_set_string(out, json_string_value(v), json_string_length(v));
        break;
    case WARDEN_COMPONENT_LIST:
    case WARDEN_COMPONENT_TUPLE: {
        size_t len = json_array_size(v);
        if (!json_is_array(v) || (k == WARDEN_COMPONENT_TUPLE && len != n))
            return fail(reason, "%s", "bad list or tuple");
        e = warden_component_val_set_list(out, k, len);
        for (size_t i = 0; !e && i < len; i++) {
            const warden_component_type_t *et =
                warden_component_type_elem(type, k == WARDEN_COMPONENT_LIST ? 0 : i);
            if (!cwast_value(et, json_array_get(v, i), &out->of.list.ptr[i], reason)) {
                warden_component_val_delete(out);
                return false;
            }
        }
        break;
    }
    case WARDEN_COMPONENT_RECORD: {
        if (!json_is_array(v) || json_array_size(v) != n) return fail(reason, "%s", "bad record");
        const char *names[64];
        if (n > 64) return fail(reason, "%s", "record too wide");
        for (size_t i = 0; i < n; i++) names[i] = warden_component_type_name(type, i);
        e = warden_component_val_set_record(out, names, n);
        for (size_t i = 0; !e && i < n; i++) {
            json_t *f = json_array_get(v, i);
            const char *fname = json_string_value(json_object_get(f, "name"));
            if (!fname || strcmp(fname, names[i]) != 0) {
                warden_component_val_delete(out);
                return fail(reason, "record field `%s` out of order or missing", names[i]);
            }
            if (!cwast_value(warden_component_type_elem(type, i), json_object_get(f, "value"),
                             &out->of.record.ptr[i].val, reason)) {
                warden_component_val_delete(out);
                return false;
            }
        }
        break;
    }
    case WARDEN_COMPONENT_VARIANT: {
        const char *c = json_string_value(json_object_get(j, "case"));
        size_t i = 0;
        while (c && i < n && strcmp(warden_component_type_name(type, i), c) != 0) i++;
        if (!c || i == n) return fail(reason, "unknown variant case `%s`", c ? c : "");
        const warden_component_type_t *pt = warden_component_type_elem(type, i);
        if (!pt != !v) return fail(reason, "variant case `%s` payload mismatch", c);
        e = warden_component_val_set_variant(out, c, pt != NULL);
        if (!e && pt && !cwast_value(pt, v, out->of.variant.payload, reason)) {
            warden_component_val_delete(out);
            return false;
        }
        break;
    }
    case WARDEN_COMPONENT_ENUM: {
        const char *c = json_string_value(v);
        if (!c) return fail(reason, "%s", "bad enum");
        e = warden_component_val_set_enum(out, c);
        break;
    }
    case WARDEN_COMPONENT_FLAGS: {
        size_t len = json_array_size(v);
        if (!json_is_array(v) || len > 64) return fail(reason, "%s", "bad flags");
        const char *names[64];
        for (size_t i = 0; i < len; i++) {
            names[i] = json_string_value(json_array_get(v, i));
            if (!names[i]) return fail(reason, "%s", "bad flag");
        }
        e = warden_component_val_set_flags(out, names, len);
        break;
    }
    case WARDEN_COMPONENT_OPTION:
        e = warden_component_val_set_option(out, v != NULL);
        if (!e && v &&
            !cwast_value(warden_component_type_elem(type, 0), v, out->of.payload, reason)) {
            warden_component_val_delete(out);
            return false;
        }
        break;
    case WARDEN_COMPONENT_RESULT: {
        bool is_err = json_is_true(json_object_get(j, "is_err"));
        const warden_component_type_t *pt = warden_component_type_elem(type, is_err ? 1 : 0);
        if (!pt != !v) return fail(reason, "%s", "result payload mismatch");
        e = warden_component_val_set_result(out, is_err, v != NULL);
        if (!e && v && !cwast_value(pt, v, out->of.result.payload, reason)) {
            warden_component_val_delete(out);
            return false;
        }
        break;
    }
    case WARDEN_COMPONENT_OWN:
    case WARDEN_COMPONENT_BORROW:
        return fail(reason, "%s", "resources cannot be written in a script");
    default: {
        const char *s = json_string_value(v);
        if (!s) return fail(reason, "%s", "integer without a value");
        return parse_int(s, k, out, reason);
    }
    }
    if (e) {
        snprintf(reason, CWAST_REASON_MAX, "%s", warden_error_message(e));
        warden_error_delete(e);
        return false;
    }
    return true;
}
