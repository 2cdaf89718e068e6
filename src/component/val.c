/* Dynamic component values: freeing, copying, comparing and building them
 * (warden_component_val_*). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "warden_component.h"

static const warden_component_val_t FALSE_VAL = {.kind = WARDEN_COMPONENT_BOOL};

static char *copy_name(const char *name)
{
    size_t n = strlen(name);
    char *p = malloc(n + 1);
    if (p) memcpy(p, name, n + 1);
    return p;
}

static warden_error_t *no_memory(warden_component_val_t *out)
{
    *out = FALSE_VAL;
    return warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
}

static void delete_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}

void warden_component_val_delete(warden_component_val_t *val)
{
    if (!val) return;
    switch (val->kind) {
    case WARDEN_COMPONENT_STRING: free(val->of.string.ptr); break;
    case WARDEN_COMPONENT_BYTES: free(val->of.bytes.ptr); break;
    case WARDEN_COMPONENT_LIST:
    case WARDEN_COMPONENT_TUPLE:
        for (size_t i = 0; i < val->of.list.len; i++)
            warden_component_val_delete(&val->of.list.ptr[i]);
        free(val->of.list.ptr);
        break;
    case WARDEN_COMPONENT_RECORD:
        for (size_t i = 0; i < val->of.record.len; i++) {
            free(val->of.record.ptr[i].name);
            warden_component_val_delete(&val->of.record.ptr[i].val);
        }
        free(val->of.record.ptr);
        break;
    case WARDEN_COMPONENT_VARIANT:
        free(val->of.variant.name);
        warden_component_val_delete(val->of.variant.payload);
        free(val->of.variant.payload);
        break;
    case WARDEN_COMPONENT_ENUM: free(val->of.name); break;
    case WARDEN_COMPONENT_OPTION:
        warden_component_val_delete(val->of.payload);
        free(val->of.payload);
        break;
    case WARDEN_COMPONENT_RESULT:
        warden_component_val_delete(val->of.result.payload);
        free(val->of.result.payload);
        break;
    case WARDEN_COMPONENT_FLAGS: delete_names(val->of.flags.names, val->of.flags.len); break;
    case WARDEN_COMPONENT_MAP:
        for (size_t i = 0; i < val->of.map.len; i++) {
            warden_component_val_delete(&val->of.map.ptr[i].key);
            warden_component_val_delete(&val->of.map.ptr[i].val);
        }
        free(val->of.map.ptr);
        break;
    default: break;
    }
    *val = FALSE_VAL;
}

/* A fresh zeroed payload (a BOOL false), or NULL when allocation fails. */
static warden_component_val_t *new_payload(void)
{
    warden_component_val_t *p = malloc(sizeof *p);
    if (p) *p = FALSE_VAL;
    return p;
}

static bool copy_payload(const warden_component_val_t *from, warden_component_val_t **to)
{
    *to = NULL;
    if (!from) return true;
    warden_component_val_t *p = new_payload();
    if (!p) return false;
    warden_error_t *e = warden_component_val_copy(from, p);
    if (e) {
        warden_error_delete(e);
        free(p);
        return false;
    }
    *to = p;
    return true;
}

/* Copies into *out, which is a BOOL false on entry; false when memory ran out (*out then holds
 * what was copied so far, still a well-formed value for warden_component_val_delete). */
static bool copy_into(const warden_component_val_t *v, warden_component_val_t *out)
{
    if (v->kind == WARDEN_COMPONENT_BYTES) {
        uint8_t *p = malloc(v->of.bytes.len ? v->of.bytes.len : 1);
        if (!p) return false;
        if (v->of.bytes.len) memcpy(p, v->of.bytes.ptr, v->of.bytes.len);
        out->kind = v->kind;
        out->of.bytes.ptr = p;
        out->of.bytes.len = v->of.bytes.len;
        return true;
    }
    switch (v->kind) {
    case WARDEN_COMPONENT_STRING: {
        char *p = malloc(v->of.string.len ? v->of.string.len : 1);
        if (!p) return false;
        if (v->of.string.len) memcpy(p, v->of.string.ptr, v->of.string.len);
        out->kind = v->kind;
        out->of.string.ptr = p;
        out->of.string.len = v->of.string.len;
        return true;
    }
    case WARDEN_COMPONENT_LIST:
    case WARDEN_COMPONENT_TUPLE: {
        size_t n = v->of.list.len;
        warden_component_val_t *p = calloc(n ? n : 1, sizeof *p);
        if (!p) return false;
        out->kind = v->kind;
        out->of.list.ptr = p;
        out->of.list.len = 0;
        for (size_t i = 0; i < n; i++) {
            p[i] = FALSE_VAL;
            out->of.list.len = i + 1;
            if (!copy_into(&v->of.list.ptr[i], &p[i])) return false;
        }
        return true;
    }
    case WARDEN_COMPONENT_RECORD: {
        size_t n = v->of.record.len;
        warden_component_field_t *p = calloc(n ? n : 1, sizeof *p);
        if (!p) return false;
        out->kind = v->kind;
        out->of.record.ptr = p;
        out->of.record.len = 0;
        for (size_t i = 0; i < n; i++) {
            p[i].val = FALSE_VAL;
            out->of.record.len = i + 1;
            p[i].name = copy_name(v->of.record.ptr[i].name);
            if (!p[i].name || !copy_into(&v->of.record.ptr[i].val, &p[i].val)) return false;
        }
        return true;
    }
    case WARDEN_COMPONENT_VARIANT: {
        char *name = copy_name(v->of.variant.name);
        if (!name) return false;
        out->kind = v->kind;
        out->of.variant.name = name;
        return copy_payload(v->of.variant.payload, &out->of.variant.payload);
    }
    case WARDEN_COMPONENT_ENUM: {
        char *name = copy_name(v->of.name);
        if (!name) return false;
        out->kind = v->kind;
        out->of.name = name;
        return true;
    }
    case WARDEN_COMPONENT_OPTION:
        out->kind = v->kind;
        return copy_payload(v->of.payload, &out->of.payload);
    case WARDEN_COMPONENT_RESULT:
        out->kind = v->kind;
        out->of.result.is_err = v->of.result.is_err;
        return copy_payload(v->of.result.payload, &out->of.result.payload);
    case WARDEN_COMPONENT_FLAGS: {
        size_t n = v->of.flags.len;
        char **p = calloc(n ? n : 1, sizeof *p);
        if (!p) return false;
        out->kind = v->kind;
        out->of.flags.names = p;
        out->of.flags.len = 0;
        for (size_t i = 0; i < n; i++) {
            p[i] = copy_name(v->of.flags.names[i]);
            if (!p[i]) return false;
            out->of.flags.len = i + 1;
        }
        return true;
    }
    case WARDEN_COMPONENT_MAP: {
        size_t n = v->of.map.len;
        warden_component_entry_t *p = calloc(n ? n : 1, sizeof *p);
        if (!p) return false;
        out->kind = v->kind;
        out->of.map.ptr = p;
        out->of.map.len = 0;
        for (size_t i = 0; i < n; i++) {
            p[i].key = p[i].val = FALSE_VAL;
            out->of.map.len = i + 1;
            if (!copy_into(&v->of.map.ptr[i].key, &p[i].key) ||
                !copy_into(&v->of.map.ptr[i].val, &p[i].val))
                return false;
        }
        return true;
    }
    default: *out = *v; return true;
    }
}

warden_error_t *warden_component_val_copy(const warden_component_val_t *val,
                                          warden_component_val_t *out)
{
    if (!val || !out)
        return warden_error_new(WARDEN_ERROR_ARGUMENT, "warden_component_val_copy: NULL value");
    *out = FALSE_VAL;
    if (!copy_into(val, out)) {
        warden_component_val_delete(out);
        return no_memory(out);
    }
    return NULL;
}

static bool same_name(const char *a, const char *b)
{
    return a && b ? strcmp(a, b) == 0 : a == b;
}

static bool payload_equal(const warden_component_val_t *a, const warden_component_val_t *b)
{
    if (!a || !b) return a == b;
    return warden_component_val_equal(a, b);
}

/* A BYTES value against a LIST of U8 values. */
static bool bytes_equal_list(const warden_component_val_t *bytes,
                             const warden_component_val_t *list)
{
    if (bytes->of.bytes.len != list->of.list.len) return false;
    for (size_t i = 0; i < list->of.list.len; i++)
        if (list->of.list.ptr[i].kind != WARDEN_COMPONENT_U8 ||
            list->of.list.ptr[i].of.u8 != bytes->of.bytes.ptr[i])
            return false;
    return true;
}

bool warden_component_val_equal(const warden_component_val_t *a, const warden_component_val_t *b)
{
    if (!a || !b) return a == b;
    if (a->kind == WARDEN_COMPONENT_BYTES && b->kind == WARDEN_COMPONENT_LIST)
        return bytes_equal_list(a, b);
    if (a->kind == WARDEN_COMPONENT_LIST && b->kind == WARDEN_COMPONENT_BYTES)
        return bytes_equal_list(b, a);
    if (a->kind != b->kind) return false;
    if (a->kind == WARDEN_COMPONENT_BYTES)
        return a->of.bytes.len == b->of.bytes.len &&
               (a->of.bytes.len == 0 ||
                memcmp(a->of.bytes.ptr, b->of.bytes.ptr, a->of.bytes.len) == 0);
    switch (a->kind) {
    case WARDEN_COMPONENT_BOOL: return a->of.boolean == b->of.boolean;
    case WARDEN_COMPONENT_S8: return a->of.s8 == b->of.s8;
    case WARDEN_COMPONENT_U8: return a->of.u8 == b->of.u8;
    case WARDEN_COMPONENT_S16: return a->of.s16 == b->of.s16;
    case WARDEN_COMPONENT_U16: return a->of.u16 == b->of.u16;
    case WARDEN_COMPONENT_S32: return a->of.s32 == b->of.s32;
    case WARDEN_COMPONENT_U32: return a->of.u32 == b->of.u32;
    case WARDEN_COMPONENT_S64: return a->of.s64 == b->of.s64;
    case WARDEN_COMPONENT_U64: return a->of.u64 == b->of.u64;
    case WARDEN_COMPONENT_F32: {
        if (isnan(a->of.f32) || isnan(b->of.f32)) return isnan(a->of.f32) && isnan(b->of.f32);
        uint32_t x, y;
        memcpy(&x, &a->of.f32, 4);
        memcpy(&y, &b->of.f32, 4);
        return x == y;
    }
    case WARDEN_COMPONENT_F64: {
        if (isnan(a->of.f64) || isnan(b->of.f64)) return isnan(a->of.f64) && isnan(b->of.f64);
        uint64_t x, y;
        memcpy(&x, &a->of.f64, 8);
        memcpy(&y, &b->of.f64, 8);
        return x == y;
    }
    case WARDEN_COMPONENT_CHAR: return a->of.ch == b->of.ch;
    case WARDEN_COMPONENT_STRING:
        return a->of.string.len == b->of.string.len &&
               (a->of.string.len == 0 ||
                memcmp(a->of.string.ptr, b->of.string.ptr, a->of.string.len) == 0);
    case WARDEN_COMPONENT_LIST:
    case WARDEN_COMPONENT_TUPLE:
        if (a->of.list.len != b->of.list.len) return false;
        for (size_t i = 0; i < a->of.list.len; i++)
            if (!warden_component_val_equal(&a->of.list.ptr[i], &b->of.list.ptr[i])) return false;
        return true;
    case WARDEN_COMPONENT_RECORD:
        if (a->of.record.len != b->of.record.len) return false;
        for (size_t i = 0; i < a->of.record.len; i++)
            if (!same_name(a->of.record.ptr[i].name, b->of.record.ptr[i].name) ||
                !warden_component_val_equal(&a->of.record.ptr[i].val, &b->of.record.ptr[i].val))
                return false;
        return true;
    case WARDEN_COMPONENT_VARIANT:
        return same_name(a->of.variant.name, b->of.variant.name) &&
               payload_equal(a->of.variant.payload, b->of.variant.payload);
    case WARDEN_COMPONENT_ENUM: return same_name(a->of.name, b->of.name);
    case WARDEN_COMPONENT_OPTION: return payload_equal(a->of.payload, b->of.payload);
    case WARDEN_COMPONENT_RESULT:
        return a->of.result.is_err == b->of.result.is_err &&
               payload_equal(a->of.result.payload, b->of.result.payload);
    case WARDEN_COMPONENT_FLAGS:
        if (a->of.flags.len != b->of.flags.len) return false;
        for (size_t i = 0; i < a->of.flags.len; i++)
            if (!same_name(a->of.flags.names[i], b->of.flags.names[i])) return false;
        return true;
    case WARDEN_COMPONENT_OWN:
    case WARDEN_COMPONENT_BORROW: return a->of.resource == b->of.resource;
    case WARDEN_COMPONENT_MAP:
        if (a->of.map.len != b->of.map.len) return false;
        for (size_t i = 0; i < a->of.map.len; i++)
            if (!warden_component_val_equal(&a->of.map.ptr[i].key, &b->of.map.ptr[i].key) ||
                !warden_component_val_equal(&a->of.map.ptr[i].val, &b->of.map.ptr[i].val))
                return false;
        return true;
    case WARDEN_COMPONENT_BYTES: break; /* compared above */
    }
    return false;
}

static warden_error_t *null_out(void)
{
    return warden_error_new(WARDEN_ERROR_ARGUMENT, "component value builder: NULL value");
}

warden_error_t *warden_component_val_set_string(warden_component_val_t *out, const char *utf8,
                                                size_t len)
{
    if (!out || (!utf8 && len)) return null_out();
    warden_component_val_delete(out);
    char *p = malloc(len ? len : 1);
    if (!p) return no_memory(out);
    if (len) memcpy(p, utf8, len);
    out->kind = WARDEN_COMPONENT_STRING;
    out->of.string.ptr = p;
    out->of.string.len = len;
    return NULL;
}

warden_error_t *warden_component_val_set_bytes(warden_component_val_t *out, const uint8_t *data,
                                               size_t len)
{
    if (!out || (!data && len)) return null_out();
    warden_component_val_delete(out);
    uint8_t *p = malloc(len ? len : 1);
    if (!p) return no_memory(out);
    if (len) memcpy(p, data, len);
    out->kind = WARDEN_COMPONENT_BYTES;
    out->of.bytes.ptr = p;
    out->of.bytes.len = len;
    return NULL;
}

warden_error_t *warden_component_val_set_list(warden_component_val_t *out,
                                              warden_component_kind_t kind, size_t len)
{
    if (!out) return null_out();
    if (kind != WARDEN_COMPONENT_LIST && kind != WARDEN_COMPONENT_TUPLE)
        return warden_error_new(WARDEN_ERROR_ARGUMENT,
                                "warden_component_val_set_list: the kind must be LIST or TUPLE");
    warden_component_val_delete(out);
    if (len > SIZE_MAX / sizeof(warden_component_val_t)) return no_memory(out);
    warden_component_val_t *p = malloc((len ? len : 1) * sizeof *p);
    if (!p) return no_memory(out);
    for (size_t i = 0; i < len; i++) p[i] = FALSE_VAL;
    out->kind = kind;
    out->of.list.ptr = p;
    out->of.list.len = len;
    return NULL;
}

warden_error_t *warden_component_val_set_map(warden_component_val_t *out, size_t len)
{
    if (!out) return null_out();
    warden_component_val_delete(out);
    if (len > SIZE_MAX / sizeof(warden_component_entry_t)) return no_memory(out);
    warden_component_entry_t *p = malloc((len ? len : 1) * sizeof *p);
    if (!p) return no_memory(out);
    for (size_t i = 0; i < len; i++) p[i].key = p[i].val = FALSE_VAL;
    out->kind = WARDEN_COMPONENT_MAP;
    out->of.map.ptr = p;
    out->of.map.len = len;
    return NULL;
}

warden_error_t *warden_component_val_set_record(warden_component_val_t *out,
                                                const char *const *names, size_t len)
{
    if (!out || (!names && len)) return null_out();
    warden_component_val_delete(out);
    if (len > SIZE_MAX / sizeof(warden_component_field_t)) return no_memory(out);
    warden_component_field_t *p = calloc(len ? len : 1, sizeof *p);
    if (!p) return no_memory(out);
    out->kind = WARDEN_COMPONENT_RECORD;
    out->of.record.ptr = p;
    out->of.record.len = 0;
    for (size_t i = 0; i < len; i++) {
        p[i].val = FALSE_VAL;
        p[i].name = names[i] ? copy_name(names[i]) : NULL;
        out->of.record.len = i + 1;
        if (!p[i].name) {
            warden_component_val_delete(out);
            return names[i] ? no_memory(out) : null_out();
        }
    }
    return NULL;
}

static warden_error_t *set_payload(warden_component_val_t *out, bool has,
                                   warden_component_val_t **slot)
{
    *slot = NULL;
    if (!has) return NULL;
    *slot = new_payload();
    if (!*slot) {
        warden_component_val_delete(out);
        return no_memory(out);
    }
    return NULL;
}

warden_error_t *warden_component_val_set_variant(warden_component_val_t *out, const char *name,
                                                 bool has_payload)
{
    if (!out || !name) return null_out();
    warden_component_val_delete(out);
    char *n = copy_name(name);
    if (!n) return no_memory(out);
    out->kind = WARDEN_COMPONENT_VARIANT;
    out->of.variant.name = n;
    out->of.variant.payload = NULL;
    return set_payload(out, has_payload, &out->of.variant.payload);
}

warden_error_t *warden_component_val_set_enum(warden_component_val_t *out, const char *name)
{
    if (!out || !name) return null_out();
    warden_component_val_delete(out);
    char *n = copy_name(name);
    if (!n) return no_memory(out);
    out->kind = WARDEN_COMPONENT_ENUM;
    out->of.name = n;
    return NULL;
}

warden_error_t *warden_component_val_set_option(warden_component_val_t *out, bool is_some)
{
    if (!out) return null_out();
    warden_component_val_delete(out);
    out->kind = WARDEN_COMPONENT_OPTION;
    out->of.payload = NULL;
    return set_payload(out, is_some, &out->of.payload);
}

warden_error_t *warden_component_val_set_result(warden_component_val_t *out, bool is_err,
                                                bool has_payload)
{
    if (!out) return null_out();
    warden_component_val_delete(out);
    out->kind = WARDEN_COMPONENT_RESULT;
    out->of.result.is_err = is_err;
    out->of.result.payload = NULL;
    return set_payload(out, has_payload, &out->of.result.payload);
}

warden_error_t *warden_component_val_set_flags(warden_component_val_t *out,
                                               const char *const *names, size_t len)
{
    if (!out || (!names && len)) return null_out();
    warden_component_val_delete(out);
    if (len > SIZE_MAX / sizeof(char *)) return no_memory(out);
    char **p = calloc(len ? len : 1, sizeof *p);
    if (!p) return no_memory(out);
    out->kind = WARDEN_COMPONENT_FLAGS;
    out->of.flags.names = p;
    out->of.flags.len = 0;
    for (size_t i = 0; i < len; i++) {
        p[i] = names[i] ? copy_name(names[i]) : NULL;
        if (!p[i]) {
            warden_component_val_delete(out);
            return names[i] ? no_memory(out) : null_out();
        }
        out->of.flags.len = i + 1;
    }
    return NULL;
}
