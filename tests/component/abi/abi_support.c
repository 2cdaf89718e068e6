/* Types, values and core values in the oracle's token format; strict comparison; the rig (a
 * store, a memory, a logged bump-allocating realloc). */
#include "abi_support.h"

#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *arena_alloc(arena *a, size_t size)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 64;
        void **b = realloc(a->blocks, cap * sizeof *b);
        if (!b) return NULL;
        a->blocks = b;
        a->cap = cap;
    }
    void *p = calloc(1, size ? size : 1);
    if (p) a->blocks[a->n++] = p;
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = arena_alloc(a, n);
    if (p) memcpy(p, s, n);
    return p;
}

void arena_free(arena *a)
{
    for (size_t i = 0; i < a->n; i++) free(a->blocks[i]);
    free(a->blocks);
    memset(a, 0, sizeof *a);
}

void toks_split(arena *a, char *line, toks *out)
{
    size_t n = 0, len = strlen(line);
    for (size_t i = 0; i < len; i++)
        if (line[i] != ' ' && (i == 0 || line[i - 1] == ' ')) n++;
    out->t = arena_alloc(a, (n + 1) * sizeof *out->t);
    out->n = 0;
    out->i = 0;
    if (!out->t) return;
    char *save = NULL;
    for (char *tok = strtok_r(line, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
        out->t[out->n++] = tok;
}

const char *toks_next(toks *t)
{
    return t->i < t->n ? t->t[t->i++] : NULL;
}

/* ------------------------------------------------------------------------------------------------
 * Types
 * ---------------------------------------------------------------------------------------------- */

static bool parse_u32(const char *s, uint32_t *out)
{
    if (!s || !*s) return false;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || v > UINT32_MAX) return false;
    *out = (uint32_t)v;
    return true;
}

static const char *const *make_names(arena *a, char prefix, uint32_t n)
{
    char **names = arena_alloc(a, n * sizeof *names);
    if (!names) return NULL;
    for (uint32_t i = 0; i < n; i++) {
        char buf[16];
        snprintf(buf, sizeof buf, "%c%u", prefix, i);
        names[i] = arena_strdup(a, buf);
        if (!names[i]) return NULL;
    }
    return (const char *const *)names;
}

/* `_` gives NULL with *ok true. */
static const warden_component_type_t *parse_opt_type(arena *a, toks *t, bool *ok)
{
    if (t->i < t->n && strcmp(t->t[t->i], "_") == 0) {
        t->i++;
        *ok = true;
        return NULL;
    }
    const warden_component_type_t *r = parse_type(a, t);
    *ok = r != NULL;
    return r;
}

const warden_component_type_t *parse_type(arena *a, toks *t)
{
    const char *tok = toks_next(t);
    if (!tok) return NULL;
    for (int k = WARDEN_COMPONENT_BOOL; k <= WARDEN_COMPONENT_STRING; k++)
        if (strcmp(tok, warden_component_kind_name(k)) == 0) return wm_type_scalar(k);
    warden_component_type_t *ty = arena_alloc(a, sizeof *ty);
    if (!ty) return NULL;
    const warden_component_type_t **elems = NULL;
    uint32_t n = 0;
    bool ok = true;
    if (strcmp(tok, "list") == 0 || strcmp(tok, "option") == 0) {
        ty->kind = tok[0] == 'l' ? WARDEN_COMPONENT_LIST : WARDEN_COMPONENT_OPTION;
        elems = arena_alloc(a, sizeof *elems);
        if (!elems || !(elems[0] = parse_type(a, t))) return NULL;
    } else if (strcmp(tok, "flist") == 0) {
        ty->kind = WARDEN_COMPONENT_LIST;
        elems = arena_alloc(a, sizeof *elems);
        if (!elems || !parse_u32(toks_next(t), &ty->length) || !(elems[0] = parse_type(a, t)))
            return NULL;
        n = 1;
    } else if (strcmp(tok, "map") == 0) {
        ty->kind = WARDEN_COMPONENT_MAP;
        elems = arena_alloc(a, 2 * sizeof *elems);
        if (!elems || !(elems[0] = parse_type(a, t)) || !(elems[1] = parse_type(a, t))) return NULL;
        n = 2;
    } else if (strcmp(tok, "result") == 0) {
        ty->kind = WARDEN_COMPONENT_RESULT;
        elems = arena_alloc(a, 2 * sizeof *elems);
        if (!elems) return NULL;
        elems[0] = parse_opt_type(a, t, &ok);
        if (ok) elems[1] = parse_opt_type(a, t, &ok);
        if (!ok) return NULL;
    } else if (strcmp(tok, "record") == 0 || strcmp(tok, "tuple") == 0 ||
               strcmp(tok, "variant") == 0) {
        ty->kind = tok[0] == 'r'   ? WARDEN_COMPONENT_RECORD
                   : tok[0] == 't' ? WARDEN_COMPONENT_TUPLE
                                   : WARDEN_COMPONENT_VARIANT;
        if (!parse_u32(toks_next(t), &n)) return NULL;
        elems = arena_alloc(a, n * sizeof *elems);
        if (!elems) return NULL;
        for (uint32_t i = 0; i < n && ok; i++) {
            if (ty->kind == WARDEN_COMPONENT_VARIANT) {
                elems[i] = parse_opt_type(a, t, &ok);
            } else {
                elems[i] = parse_type(a, t);
                ok = elems[i] != NULL;
            }
        }
        if (!ok) return NULL;
        if (ty->kind == WARDEN_COMPONENT_RECORD) ty->names = make_names(a, 'f', n);
        if (ty->kind == WARDEN_COMPONENT_VARIANT) ty->names = make_names(a, 'c', n);
    } else if (strcmp(tok, "enum") == 0 || strcmp(tok, "flags") == 0) {
        ty->kind = tok[0] == 'e' ? WARDEN_COMPONENT_ENUM : WARDEN_COMPONENT_FLAGS;
        if (!parse_u32(toks_next(t), &n)) return NULL;
        ty->names = make_names(a, tok[0] == 'e' ? 'e' : 'g', n);
    } else {
        return NULL;
    }
    ty->count = n;
    ty->elems = elems;
    if (!wm_type_finish(ty)) return NULL;
    return ty;
}

warden_component_functype_t *parse_functype(arena *a, toks *t)
{
    warden_component_functype_t *ft = arena_alloc(a, sizeof *ft);
    uint32_t n;
    if (!ft || !parse_u32(toks_next(t), &n)) return NULL;
    wm_param *params = arena_alloc(a, n * sizeof *params);
    if (!params) return NULL;
    for (uint32_t i = 0; i < n; i++) {
        char buf[16];
        snprintf(buf, sizeof buf, "p%u", i);
        params[i].name = arena_strdup(a, buf);
        if (!(params[i].type = parse_type(a, t))) return NULL;
    }
    bool ok;
    ft->nparams = n;
    ft->params = params;
    ft->result = parse_opt_type(a, t, &ok);
    if (!ok) return NULL;
    wm_functype_finish(ft);
    return ft;
}

/* ------------------------------------------------------------------------------------------------
 * Values
 * ---------------------------------------------------------------------------------------------- */

static bool parse_hex_bytes(const char *s, uint8_t **out, size_t *len)
{
    size_t n = strlen(s);
    if (n % 2) return false;
    uint8_t *p = malloc(n / 2 + 1);
    if (!p) return false;
    for (size_t i = 0; i < n / 2; i++) {
        unsigned v;
        if (sscanf(s + 2 * i, "%2x", &v) != 1) {
            free(p);
            return false;
        }
        p[i] = (uint8_t)v;
    }
    *out = p;
    *len = n / 2;
    return true;
}

static bool ok_error(warden_error_t *e)
{
    if (!e) return true;
    warden_error_delete(e);
    return false;
}

bool parse_value(const warden_component_type_t *t, toks *tk, warden_component_val_t *out)
{
    const char *s = toks_next(tk);
    if (!s) return false;
    char *end;
    warden_component_val_delete(out);
    switch (t->kind) {
    case WARDEN_COMPONENT_BOOL:
    case WARDEN_COMPONENT_S8:
    case WARDEN_COMPONENT_S16:
    case WARDEN_COMPONENT_S32:
    case WARDEN_COMPONENT_S64: {
        long long v = strtoll(s, &end, 10);
        if (*end) return false;
        out->kind = t->kind;
        switch (t->kind) {
        case WARDEN_COMPONENT_BOOL: out->of.boolean = v != 0; break;
        case WARDEN_COMPONENT_S8: out->of.s8 = (int8_t)v; break;
        case WARDEN_COMPONENT_S16: out->of.s16 = (int16_t)v; break;
        case WARDEN_COMPONENT_S32: out->of.s32 = (int32_t)v; break;
        default: out->of.s64 = v; break;
        }
        return true;
    }
    case WARDEN_COMPONENT_U8:
    case WARDEN_COMPONENT_U16:
    case WARDEN_COMPONENT_U32:
    case WARDEN_COMPONENT_U64:
    case WARDEN_COMPONENT_CHAR: {
        unsigned long long v = strtoull(s, &end, 10);
        if (*end) return false;
        out->kind = t->kind;
        switch (t->kind) {
        case WARDEN_COMPONENT_U8: out->of.u8 = (uint8_t)v; break;
        case WARDEN_COMPONENT_U16: out->of.u16 = (uint16_t)v; break;
        case WARDEN_COMPONENT_U32: out->of.u32 = (uint32_t)v; break;
        case WARDEN_COMPONENT_CHAR: out->of.ch = (uint32_t)v; break;
        default: out->of.u64 = v; break;
        }
        return true;
    }
    case WARDEN_COMPONENT_F32: {
        uint32_t bits = (uint32_t)strtoul(s, &end, 16);
        if (*end) return false;
        out->kind = t->kind;
        memcpy(&out->of.f32, &bits, 4);
        return true;
    }
    case WARDEN_COMPONENT_F64: {
        uint64_t bits = strtoull(s, &end, 16);
        if (*end) return false;
        out->kind = t->kind;
        memcpy(&out->of.f64, &bits, 8);
        return true;
    }
    case WARDEN_COMPONENT_STRING: {
        uint8_t *bytes;
        size_t len;
        if (s[0] != 's' || !parse_hex_bytes(s + 1, &bytes, &len)) return false;
        bool ok = ok_error(warden_component_val_set_string(out, (const char *)bytes, len));
        free(bytes);
        return ok;
    }
    case WARDEN_COMPONENT_LIST: {
        uint32_t n;
        if (!parse_u32(s, &n) || (t->length && n != t->length) ||
            !ok_error(warden_component_val_set_list(out, WARDEN_COMPONENT_LIST, n)))
            return false;
        for (uint32_t i = 0; i < n; i++)
            if (!parse_value(t->elems[0], tk, &out->of.list.ptr[i])) return false;
        return true;
    }
    case WARDEN_COMPONENT_MAP: {
        uint32_t n;
        if (!parse_u32(s, &n) || !ok_error(warden_component_val_set_map(out, n))) return false;
        for (uint32_t i = 0; i < n; i++)
            if (!parse_value(t->elems[0], tk, &out->of.map.ptr[i].key) ||
                !parse_value(t->elems[1], tk, &out->of.map.ptr[i].val))
                return false;
        return true;
    }
    case WARDEN_COMPONENT_RECORD:
    case WARDEN_COMPONENT_TUPLE:
        tk->i--; /* the first field's token */
        if (!wm_make_record(t, out, NULL)) return false;
        for (uint32_t i = 0; i < t->count; i++)
            if (!parse_value(t->elems[i], tk, wm_field(out, i))) return false;
        return true;
    case WARDEN_COMPONENT_VARIANT:
    case WARDEN_COMPONENT_ENUM:
    case WARDEN_COMPONENT_OPTION:
    case WARDEN_COMPONENT_RESULT: {
        uint32_t index;
        warden_component_val_t *payload;
        if (!parse_u32(s, &index) || index >= wm_case_count(t) ||
            !wm_make_case(t, index, out, &payload, NULL))
            return false;
        return !payload || parse_value(wm_case_type(t, index), tk, payload);
    }
    case WARDEN_COMPONENT_FLAGS: {
        uint32_t bits;
        return parse_u32(s, &bits) && wm_make_flags(t, bits, out, NULL);
    }
    default: return false;
    }
}

int parse_flat(toks *t, warden_val_t *out, size_t cap)
{
    size_t n = 0;
    for (const char *s; (s = toks_next(t));) {
        if (n == cap) return -1;
        char *end;
        warden_val_t v = {0};
        switch (s[0]) {
        case 'i':
            v.kind = WARDEN_I32;
            v.of.i32 = (int32_t)(uint32_t)strtoul(s + 1, &end, 10);
            break;
        case 'I':
            v.kind = WARDEN_I64;
            v.of.i64 = (int64_t)strtoull(s + 1, &end, 10);
            break;
        case 'f':
            v.kind = WARDEN_F32;
            v.of.f32_bits = (uint32_t)strtoul(s + 1, &end, 16);
            break;
        case 'F':
            v.kind = WARDEN_F64;
            v.of.f64_bits = strtoull(s + 1, &end, 16);
            break;
        default: return -1;
        }
        if (*end) return -1;
        out[n++] = v;
    }
    return (int)n;
}

wm_encoding parse_encoding(const char *s, bool *ok)
{
    *ok = true;
    if (s && strcmp(s, "utf8") == 0) return WM_UTF8;
    if (s && strcmp(s, "utf16") == 0) return WM_UTF16;
    if (s && strcmp(s, "latin1+utf16") == 0) return WM_LATIN1_UTF16;
    *ok = false;
    return WM_UTF8;
}

static bool names_same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static bool payload_same(const warden_component_val_t *a, const warden_component_val_t *b)
{
    return a && b ? val_same(a, b) : a == b;
}

bool val_same(const warden_component_val_t *a, const warden_component_val_t *b)
{
    /* A lifted list<u8> is BYTES; the expectation may be a LIST of U8. */
    if (a->kind == WARDEN_COMPONENT_BYTES || b->kind == WARDEN_COMPONENT_BYTES)
        return warden_component_val_equal(a, b);
    if (a->kind != b->kind) return false;
    switch (a->kind) {
    case WARDEN_COMPONENT_F32: return memcmp(&a->of.f32, &b->of.f32, 4) == 0;
    case WARDEN_COMPONENT_F64: return memcmp(&a->of.f64, &b->of.f64, 8) == 0;
    case WARDEN_COMPONENT_LIST:
    case WARDEN_COMPONENT_TUPLE:
        if (a->of.list.len != b->of.list.len) return false;
        for (size_t i = 0; i < a->of.list.len; i++)
            if (!val_same(&a->of.list.ptr[i], &b->of.list.ptr[i])) return false;
        return true;
    case WARDEN_COMPONENT_MAP:
        if (a->of.map.len != b->of.map.len) return false;
        for (size_t i = 0; i < a->of.map.len; i++)
            if (!val_same(&a->of.map.ptr[i].key, &b->of.map.ptr[i].key) ||
                !val_same(&a->of.map.ptr[i].val, &b->of.map.ptr[i].val))
                return false;
        return true;
    case WARDEN_COMPONENT_RECORD:
        if (a->of.record.len != b->of.record.len) return false;
        for (size_t i = 0; i < a->of.record.len; i++)
            if (!names_same(a->of.record.ptr[i].name, b->of.record.ptr[i].name) ||
                !val_same(&a->of.record.ptr[i].val, &b->of.record.ptr[i].val))
                return false;
        return true;
    case WARDEN_COMPONENT_VARIANT:
        return names_same(a->of.variant.name, b->of.variant.name) &&
               payload_same(a->of.variant.payload, b->of.variant.payload);
    case WARDEN_COMPONENT_ENUM: return names_same(a->of.name, b->of.name);
    case WARDEN_COMPONENT_OPTION: return payload_same(a->of.payload, b->of.payload);
    case WARDEN_COMPONENT_RESULT:
        return a->of.result.is_err == b->of.result.is_err &&
               payload_same(a->of.result.payload, b->of.result.payload);
    default: return warden_component_val_equal(a, b);
    }
}

static void put(char *buf, size_t cap, size_t *at, const char *s)
{
    size_t n = strlen(s);
    if (*at + n + 2 >= cap) return;
    if (*at) buf[(*at)++] = ' ';
    memcpy(buf + *at, s, n + 1);
    *at += n;
}

static void format_into(const warden_component_type_t *t, const warden_component_val_t *v,
                        char *buf, size_t cap, size_t *at)
{
    char tmp[64];
    switch (v->kind) {
    case WARDEN_COMPONENT_BOOL: put(buf, cap, at, v->of.boolean ? "1" : "0"); return;
    case WARDEN_COMPONENT_S8: snprintf(tmp, sizeof tmp, "%d", v->of.s8); break;
    case WARDEN_COMPONENT_U8: snprintf(tmp, sizeof tmp, "%u", v->of.u8); break;
    case WARDEN_COMPONENT_S16: snprintf(tmp, sizeof tmp, "%d", v->of.s16); break;
    case WARDEN_COMPONENT_U16: snprintf(tmp, sizeof tmp, "%u", v->of.u16); break;
    case WARDEN_COMPONENT_S32: snprintf(tmp, sizeof tmp, "%" PRId32, v->of.s32); break;
    case WARDEN_COMPONENT_U32: snprintf(tmp, sizeof tmp, "%" PRIu32, v->of.u32); break;
    case WARDEN_COMPONENT_S64: snprintf(tmp, sizeof tmp, "%" PRId64, v->of.s64); break;
    case WARDEN_COMPONENT_U64: snprintf(tmp, sizeof tmp, "%" PRIu64, v->of.u64); break;
    case WARDEN_COMPONENT_CHAR: snprintf(tmp, sizeof tmp, "%" PRIu32, v->of.ch); break;
    case WARDEN_COMPONENT_F32:
        snprintf(tmp, sizeof tmp, "%08" PRIx32, wm_bits_of_f32(v->of.f32));
        break;
    case WARDEN_COMPONENT_F64:
        snprintf(tmp, sizeof tmp, "%016" PRIx64, wm_bits_of_f64(v->of.f64));
        break;
    case WARDEN_COMPONENT_STRING: {
        put(buf, cap, at, "s");
        for (size_t i = 0; i < v->of.string.len && *at + 3 < cap; i++)
            *at += (size_t)snprintf(buf + *at, cap - *at, "%02x", (uint8_t)v->of.string.ptr[i]);
        return;
    }
    case WARDEN_COMPONENT_LIST:
        snprintf(tmp, sizeof tmp, "%zu", v->of.list.len);
        put(buf, cap, at, tmp);
        for (size_t i = 0; i < v->of.list.len; i++)
            format_into(t ? t->elems[0] : NULL, &v->of.list.ptr[i], buf, cap, at);
        return;
    case WARDEN_COMPONENT_TUPLE:
        for (size_t i = 0; i < v->of.list.len; i++)
            format_into(t && i < t->count ? t->elems[i] : NULL, &v->of.list.ptr[i], buf, cap, at);
        return;
    case WARDEN_COMPONENT_MAP:
        snprintf(tmp, sizeof tmp, "%zu", v->of.map.len);
        put(buf, cap, at, tmp);
        for (size_t i = 0; i < v->of.map.len; i++) {
            format_into(t ? t->elems[0] : NULL, &v->of.map.ptr[i].key, buf, cap, at);
            format_into(t ? t->elems[1] : NULL, &v->of.map.ptr[i].val, buf, cap, at);
        }
        return;
    case WARDEN_COMPONENT_RECORD:
        for (size_t i = 0; i < v->of.record.len; i++)
            format_into(t && i < t->count ? t->elems[i] : NULL, &v->of.record.ptr[i].val, buf, cap,
                        at);
        return;
    case WARDEN_COMPONENT_VARIANT:
        put(buf, cap, at, v->of.variant.name ? v->of.variant.name : "?");
        if (v->of.variant.payload) format_into(NULL, v->of.variant.payload, buf, cap, at);
        return;
    case WARDEN_COMPONENT_ENUM: put(buf, cap, at, v->of.name ? v->of.name : "?"); return;
    case WARDEN_COMPONENT_OPTION:
        put(buf, cap, at, v->of.payload ? "some" : "none");
        if (v->of.payload) format_into(NULL, v->of.payload, buf, cap, at);
        return;
    case WARDEN_COMPONENT_RESULT:
        put(buf, cap, at, v->of.result.is_err ? "error" : "ok");
        if (v->of.result.payload) format_into(NULL, v->of.result.payload, buf, cap, at);
        return;
    case WARDEN_COMPONENT_FLAGS:
        put(buf, cap, at, "{");
        for (size_t i = 0; i < v->of.flags.len; i++) put(buf, cap, at, v->of.flags.names[i]);
        put(buf, cap, at, "}");
        return;
    default: put(buf, cap, at, "resource"); return;
    }
    put(buf, cap, at, tmp);
}

void val_format(const warden_component_type_t *t, const warden_component_val_t *v, char *buf,
                size_t cap)
{
    size_t at = 0;
    if (cap) buf[0] = 0;
    format_into(t, v, buf, cap, &at);
}

/* ------------------------------------------------------------------------------------------------
 * The rig
 * ---------------------------------------------------------------------------------------------- */

#define PAGE UINT64_C(65536)

static warden_trap_t *realloc_cb(void *env, warden_caller_t *caller, const warden_val_t *args,
                                 size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)caller;
    (void)nargs;
    (void)nresults;
    heap *h = env;
    realloc_call c = {(uint32_t)args[0].of.i32,
                      (uint32_t)args[1].of.i32,
                      (uint32_t)args[2].of.i32,
                      (uint32_t)args[3].of.i32,
                      0,
                      false};
    uint32_t align = c.align ? c.align : 1;
    uint64_t size = warden_memory_size(h->memory);
    if (h->mode == 'x' && h->nlog == h->bad_call) {
        c.ret = h->bad_val;
    } else if (c.old != 0 && c.new_size < c.old_size) {
        c.ret = (uint32_t)(((uint64_t)c.old + align - 1) / align * align);
    } else {
        uint64_t ret = (h->last + align - 1) / align * align, end = ret + c.new_size;
        if (end > size) {
            uint64_t pages = (end - size + PAGE - 1) / PAGE;
            if (h->mode != 'g' || size / PAGE + pages > h->max_pages ||
                warden_memory_grow(h->memory, pages) < 0) {
                c.trapped = true;
                if (h->nlog < 64) h->log[h->nlog++] = c;
                return warden_trap_new("realloc: out of memory");
            }
            size = warden_memory_size(h->memory);
        }
        h->last = end;
        c.ret = (uint32_t)ret;
        uint64_t count = c.old_size < c.new_size ? c.old_size : c.new_size;
        if ((uint64_t)c.old + count <= size) {
            uint8_t *base = warden_memory_data(h->memory);
            memmove(base + c.ret, base + c.old, count);
        }
    }
    if (h->nlog < 64) {
        h->log[h->nlog++] = c;
    } else {
        h->log_overflow = true;
    }
    results[0].of.i32 = (int32_t)c.ret;
    return NULL;
}

bool rig_new(warden_engine_t *engine, uint32_t pages, uint32_t max_pages, rig *r)
{
    memset(r, 0, sizeof *r);
    if (max_pages < pages) max_pages = pages;
    warden_limits_t limits = {.min = pages, .max = max_pages, .has_max = true};
    static const warden_valkind_t p[4] = {WARDEN_I32, WARDEN_I32, WARDEN_I32, WARDEN_I32};
    static const warden_valkind_t res[1] = {WARDEN_I32};
    warden_functype_t type = {4, 1, p, res};
    if (!ok_error(warden_store_new(engine, &r->store))) return false;
    if (!ok_error(warden_memory_new(r->store, limits, &r->memory)) ||
        !ok_error(warden_func_new(r->store, &type, realloc_cb, &r->heap, NULL, &r->realloc))) {
        rig_delete(r);
        return false;
    }
    r->heap.memory = r->memory;
    r->heap.mode = 'b';
    r->heap.max_pages = max_pages;
    return true;
}

void rig_delete(rig *r)
{
    warden_store_delete(r->store);
    memset(r, 0, sizeof *r);
}

/* ------------------------------------------------------------------------------------------------
 * The unit tests' fixture
 * ---------------------------------------------------------------------------------------------- */

int fixture_setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    if (!ok_error(warden_engine_new(&f->engine)) || !rig_new(f->engine, 1, 4, &f->rig)) {
        warden_engine_delete(f->engine);
        free(f);
        return -1;
    }
    f->abi = (wm_abi){.store = f->rig.store,
                      .memory = f->rig.memory,
                      .realloc = f->rig.realloc,
                      .encoding = WM_UTF8};
    *state = f;
    return 0;
}

int fixture_teardown(void **state)
{
    fixture *f = *state;
    rig_delete(&f->rig);
    warden_engine_delete(f->engine);
    arena_free(&f->arena);
    free(f);
    return 0;
}

const warden_component_type_t *fx_type(fixture *f, const char *text)
{
    toks t;
    toks_split(&f->arena, arena_strdup(&f->arena, text), &t);
    const warden_component_type_t *r = parse_type(&f->arena, &t);
    assert_non_null(r);
    assert_int_equal(t.i, t.n);
    return r;
}

warden_component_val_t fx_value(fixture *f, const warden_component_type_t *type, const char *text)
{
    toks t;
    toks_split(&f->arena, arena_strdup(&f->arena, text), &t);
    warden_component_val_t v = {.kind = WARDEN_COMPONENT_BOOL};
    assert_true(parse_value(type, &t, &v));
    assert_int_equal(t.i, t.n);
    return v;
}

uint8_t *fx_mem(fixture *f)
{
    return warden_memory_data(f->rig.memory);
}

void fx_bump(fixture *f, uint64_t base)
{
    f->rig.heap.mode = 'b';
    f->rig.heap.last = base;
    f->rig.heap.nlog = 0;
}

void fx_bad(fixture *f, uint32_t call, uint32_t val)
{
    f->rig.heap.mode = 'x';
    f->rig.heap.bad_call = call;
    f->rig.heap.bad_val = val;
    f->rig.heap.nlog = 0;
}

void fx_trapped(bool ok, warden_trap_t **trap, const char *msg)
{
    assert_false(ok);
    assert_non_null(*trap);
    assert_string_equal(warden_trap_message(*trap), msg);
    warden_trap_delete(*trap);
    *trap = NULL;
}
