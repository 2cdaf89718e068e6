#include "nan_canon.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"

typedef struct rd {
    const uint8_t *p, *end;
    bool bad;
} rd_t;

static uint8_t rd_byte(rd_t *r)
{
    if (r->p >= r->end) {
        r->bad = true;
        return 0;
    }
    return *r->p++;
}

static uint64_t rd_leb(rd_t *r)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 70; shift += 7) {
        uint8_t b = rd_byte(r);
        if (r->bad) return 0;
        if (shift < 64) v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) return v;
    }
    r->bad = true;
    return 0;
}

static void rd_skip(rd_t *r, size_t n)
{
    if ((size_t)(r->end - r->p) < n) {
        r->bad = true;
        r->p = r->end;
    } else {
        r->p += n;
    }
}

enum { CANON_NONE, CANON_F32X4, CANON_F64X2 };

static int simd_canon_kind(uint32_t op)
{
    switch (op) {
    case 103:
    case 104:
    case 105:
    case 106: /* f32x4 ceil floor trunc nearest */
    case 227:
    case 228:
    case 229:
    case 230:
    case 231:
    case 232:
    case 233: /* sqrt add..max */
    case 94: /* f32x4.demote_f64x2_zero */ return CANON_F32X4;
    case 116:
    case 117:
    case 122:
    case 148: /* f64x2 ceil floor trunc nearest */
    case 239:
    case 240:
    case 241:
    case 242:
    case 243:
    case 244:
    case 245:
    case 95: /* f64x2.promote_low_f32x4 */ return CANON_F64X2;
    default: return CANON_NONE;
    }
}

static void skip_memarg(rd_t *r)
{
    rd_leb(r); /* align */
    rd_leb(r); /* offset */
}

/* Copies one function body (locals and code) from r to out, calling fn32/fn64 after every SIMD
 * operation that needs it. Returns the number of calls inserted, or -1 when the body is not
 * understood. */
static long rewrite_body(rd_t *r, fz_buf_t *out, uint32_t fn32, uint32_t fn64)
{
    long inserted = 0;
    const uint8_t *start = r->p;
    uint64_t ngroups = rd_leb(r);
    for (uint64_t i = 0; i < ngroups && !r->bad; i++) {
        rd_leb(r);
        rd_byte(r);
    }
    if (r->bad) return -1;
    fz_buf_append(out, start, (size_t)(r->p - start));
    while (r->p < r->end && !r->bad) {
        const uint8_t *ins = r->p;
        uint8_t op = rd_byte(r);
        int canon = CANON_NONE;
        switch (op) {
        case 0x02:
        case 0x03:
        case 0x04: { /* block loop if: blocktype */
            uint8_t bt = rd_byte(r);
            if (bt == 0x40 || (bt >= 0x7b && bt <= 0x7f) || bt == 0x70 || bt == 0x6f) break;
            r->p--;
            rd_leb(r); /* s33 type index */
            break;
        }
        case 0x0c:
        case 0x0d:
        case 0x10:
        case 0x20:
        case 0x21:
        case 0x22:
        case 0x23:
        case 0x24:
        case 0x25:
        case 0x26:
        case 0xd2:
        case 0x3f:
        case 0x40: rd_leb(r); break;
        case 0x0e: {
            uint64_t n = rd_leb(r);
            for (uint64_t i = 0; i <= n && !r->bad; i++) rd_leb(r);
            break;
        }
        case 0x11:
            rd_leb(r);
            rd_leb(r);
            break;
        case 0x1c: {
            uint64_t n = rd_leb(r);
            rd_skip(r, n);
            break;
        }
        case 0x41:
        case 0x42: rd_leb(r); break;
        case 0x43: rd_skip(r, 4); break;
        case 0x44: rd_skip(r, 8); break;
        case 0xd0: rd_byte(r); break;
        case 0xfc: {
            uint64_t sub = rd_leb(r);
            switch (sub) {
            case 8:
            case 12:
            case 14:
                rd_leb(r);
                rd_leb(r);
                break;
            case 9:
            case 10:
            case 11:
            case 13:
            case 15:
            case 16:
            case 17:
                rd_leb(r);
                if (sub == 10) rd_leb(r);
                break;
            default:
                if (sub > 7) return -1;
            }
            break;
        }
        case 0xfd: {
            uint64_t sub = rd_leb(r);
            if (sub <= 11 || sub == 92 || sub == 93)
                skip_memarg(r);
            else if (sub >= 84 && sub <= 91) {
                skip_memarg(r);
                rd_byte(r);
            } else if (sub == 12 || sub == 13)
                rd_skip(r, 16);
            else if (sub >= 21 && sub <= 34)
                rd_byte(r);
            else if (sub > 255)
                return -1;
            else
                canon = simd_canon_kind((uint32_t)sub);
            break;
        }
        default:
            if (op >= 0x28 && op <= 0x3e) {
                skip_memarg(r);
                break;
            }
            /* Everything else of 2.0 has no immediate; reject what cannot be an opcode. */
            if ((op >= 0x06 && op <= 0x0a) || (op >= 0x12 && op <= 0x19) || op == 0x1d ||
                op == 0x1e || op == 0x1f || op == 0x27 || (op >= 0xc5 && op <= 0xcf) ||
                (op >= 0xd3 && op <= 0xfb) || op == 0xfe || op == 0xff)
                return -1;
            break;
        }
        if (r->bad) return -1;
        fz_buf_append(out, ins, (size_t)(r->p - ins));
        if (canon != CANON_NONE) {
            fz_buf_put_byte(out, 0x10);
            fz_buf_put_uleb(out, canon == CANON_F32X4 ? fn32 : fn64);
            inserted++;
        }
    }
    return r->bad ? -1 : inserted;
}

static void put_section(fz_buf_t *out, uint8_t id, const fz_buf_t *contents)
{
    fz_buf_put_byte(out, id);
    fz_buf_put_uleb(out, contents->len);
    fz_buf_append(out, contents->data, contents->len);
}

/* (local.get 0) (local.get 0) (local.get 0) (EQ) (v128.and) end, with EQ f32x4.eq or f64x2.eq. */
static void put_helper(fz_buf_t *code, uint8_t eq)
{
    static const uint8_t body[] = {0x00, 0x20, 0x00, 0x20, 0x00, 0x20,
                                   0x00, 0xfd, 0x00, 0xfd, 0x4e, 0x0b};
    uint8_t b[sizeof body];
    memcpy(b, body, sizeof body);
    b[8] = eq;
    fz_buf_put_uleb(code, sizeof b);
    fz_buf_append(code, b, sizeof b);
}

nan_canon_result_t nan_canon_simd(const uint8_t *wasm, size_t len, uint8_t **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (len < 8 || memcmp(wasm, "\0asm\1\0\0\0", 8) != 0) return NAN_CANON_FAILED;

    /* First pass: where the sections are, how many types and imported functions there are. */
    uint64_t ntypes = 0, nimported = 0, ndefined = 0;
    bool have_types = false, have_funcs = false, have_code = false;
    rd_t r = {wasm + 8, wasm + len, false};
    while (r.p < r.end && !r.bad) {
        uint8_t id = rd_byte(&r);
        uint64_t size = rd_leb(&r);
        if (r.bad || (uint64_t)(r.end - r.p) < size) return NAN_CANON_FAILED;
        rd_t s = {r.p, r.p + size, false};
        if (id == 1) {
            have_types = true;
            ntypes = rd_leb(&s);
        } else if (id == 2) {
            uint64_t n = rd_leb(&s);
            for (uint64_t i = 0; i < n && !s.bad; i++) {
                rd_skip(&s, rd_leb(&s));
                rd_skip(&s, rd_leb(&s));
                uint8_t kind = rd_byte(&s);
                if (kind == 0) {
                    rd_leb(&s);
                    nimported++;
                } else if (kind == 1 || kind == 2) {
                    if (kind == 1) rd_byte(&s);
                    uint8_t flags = rd_byte(&s);
                    rd_leb(&s);
                    if (flags & 1) rd_leb(&s);
                } else if (kind == 3) {
                    rd_byte(&s);
                    rd_byte(&s);
                } else {
                    return NAN_CANON_FAILED;
                }
            }
        } else if (id == 3) {
            have_funcs = true;
            ndefined = rd_leb(&s);
        } else if (id == 10) {
            have_code = true;
        }
        if (s.bad) return NAN_CANON_FAILED;
        r.p += size;
    }
    if (r.bad) return NAN_CANON_FAILED;
    if (!have_types || !have_funcs || !have_code || ndefined == 0) return NAN_CANON_UNCHANGED;

    uint32_t fn32 = (uint32_t)(nimported + ndefined), fn64 = fn32 + 1;
    fz_buf_t mod = {0}, sec = {0};
    fz_buf_append(&mod, wasm, 8);
    long inserted = 0;
    r = (rd_t){wasm + 8, wasm + len, false};
    while (r.p < r.end) {
        const uint8_t *sec_start = r.p;
        uint8_t id = rd_byte(&r);
        uint64_t size = rd_leb(&r);
        rd_t s = {r.p, r.p + size, false};
        r.p += size;
        fz_buf_clear(&sec);
        if (id == 1) {
            rd_leb(&s);
            fz_buf_put_uleb(&sec, ntypes + 1);
            fz_buf_append(&sec, s.p, (size_t)(s.end - s.p));
            static const uint8_t v128_to_v128[] = {0x60, 0x01, 0x7b, 0x01, 0x7b};
            fz_buf_append(&sec, v128_to_v128, sizeof v128_to_v128);
            put_section(&mod, id, &sec);
        } else if (id == 3) {
            rd_leb(&s);
            fz_buf_put_uleb(&sec, ndefined + 2);
            fz_buf_append(&sec, s.p, (size_t)(s.end - s.p));
            fz_buf_put_uleb(&sec, ntypes);
            fz_buf_put_uleb(&sec, ntypes);
            put_section(&mod, id, &sec);
        } else if (id == 10) {
            uint64_t n = rd_leb(&s);
            fz_buf_put_uleb(&sec, n + 2);
            fz_buf_t body = {0};
            for (uint64_t i = 0; i < n; i++) {
                uint64_t bsize = rd_leb(&s);
                if (s.bad || (uint64_t)(s.end - s.p) < bsize) {
                    fz_buf_free(&body);
                    goto failed;
                }
                rd_t b = {s.p, s.p + bsize, false};
                s.p += bsize;
                fz_buf_clear(&body);
                long k = rewrite_body(&b, &body, fn32, fn64);
                if (k < 0) {
                    fz_buf_free(&body);
                    goto failed;
                }
                inserted += k;
                fz_buf_put_uleb(&sec, body.len);
                fz_buf_append(&sec, body.data, body.len);
            }
            fz_buf_free(&body);
            put_helper(&sec, 0x41); /* f32x4.eq */
            put_helper(&sec, 0x47); /* f64x2.eq */
            put_section(&mod, id, &sec);
        } else {
            fz_buf_append(&mod, sec_start, (size_t)(r.p - sec_start));
        }
    }
    fz_buf_free(&sec);
    if (inserted == 0) {
        fz_buf_free(&mod);
        return NAN_CANON_UNCHANGED;
    }
    *out = (uint8_t *)mod.data;
    *out_len = mod.len;
    return NAN_CANON_REWRITTEN;

failed:
    fz_buf_free(&sec);
    fz_buf_free(&mod);
    return NAN_CANON_FAILED;
}
