/* Strings: lifting them from memory in UTF-8, UTF-16 or latin1+UTF-16 (`load_string_from_range`)
 * and lowering them with every transcoding case of `store_string_into_range`, with the same
 * realloc calls in the same order and the same checks of what realloc returns. Values hold UTF-8;
 * a lowering is told which encoding the string came from, because that decides the protocol. */
#include "abi_util.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------------------------------
 * UTF-8 and UTF-16
 * ---------------------------------------------------------------------------------------------- */

/* The length of the run of ASCII bytes at the start of s (8 at a time). */
static size_t ascii_prefix(const uint8_t *s, size_t len)
{
    size_t i = 0;
    while (len - i >= 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080u) break;
        i += 8;
    }
    while (i < len && s[i] < 0x80) i++;
    return i;
}

/* The length of the run of 2-byte sequences (C2..DF, 80..BF: Latin, Greek, Cyrillic, Hebrew,
 * Arabic...) at the start of s, 4 sequences at a time: in each 16-bit lane (little-endian) the
 * lead byte is 110xxxxx but not C0 or C1 (some bit of 0x1E set), the second byte 10xxxxxx. */
static size_t two_byte_run(const uint8_t *s, size_t len)
{
    size_t i = 0;
    while (len - i >= 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        w = __builtin_bswap64(w);
#endif
        if ((w & 0xC0E0C0E0C0E0C0E0u) != 0x80C080C080C080C0u) break;
        uint64_t leads = (w & 0x001E001E001E001Eu) + 0x7FFF7FFF7FFF7FFFu;
        if ((leads & 0x8000800080008000u) != 0x8000800080008000u) break;
        i += 8;
    }
    return i;
}

int wm_utf8_check(const uint8_t *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        i += ascii_prefix(s + i, len - i);
        if (i >= len) break;
        uint8_t b = s[i];
        /* Each length on its own path (Unicode's table of well-formed byte sequences). */
        if (b >= 0xC2 && b <= 0xDF) {
            if (len - i < 2) return 2;
            if ((s[i + 1] & 0xC0) != 0x80) return 1;
            i += 2;
            /* Two more leads of 2-byte sequences suggest a run (text of such a script). */
            if (len - i >= 8 && (s[i] & 0xE0) == 0xC0 && (s[i + 2] & 0xE0) == 0xC0)
                i += two_byte_run(s + i, len - i);
        } else if (b >= 0xE0 && b <= 0xEF) {
            uint8_t lo = b == 0xE0 ? 0xA0 : 0x80, hi = b == 0xED ? 0x9F : 0xBF;
            if (len - i < 2) return 2;
            if (s[i + 1] < lo || s[i + 1] > hi) return 1;
            if (len - i < 3) return 2;
            if ((s[i + 2] & 0xC0) != 0x80) return 1;
            i += 3;
        } else if (b >= 0xF0 && b <= 0xF4) {
            uint8_t lo = b == 0xF0 ? 0x90 : 0x80, hi = b == 0xF4 ? 0x8F : 0xBF;
            if (len - i < 2) return 2;
            if (s[i + 1] < lo || s[i + 1] > hi) return 1;
            if (len - i < 3) return 2;
            if ((s[i + 2] & 0xC0) != 0x80) return 1;
            if (len - i < 4) return 2;
            if ((s[i + 3] & 0xC0) != 0x80) return 1;
            i += 4;
        } else {
            return 1;
        }
    }
    return 0;
}

/* The code point at s[*i] of valid UTF-8 (checked by wm_utf8_check), and the index after it. */
static uint32_t utf8_next(const uint8_t *s, size_t *i)
{
    uint8_t b = s[*i];
    if (b < 0x80) {
        *i += 1;
        return b;
    }
    if (b < 0xE0) {
        uint32_t cp = (uint32_t)(b & 0x1F) << 6 | (s[*i + 1] & 0x3F);
        *i += 2;
        return cp;
    }
    if (b < 0xF0) {
        uint32_t cp =
            (uint32_t)(b & 0x0F) << 12 | (uint32_t)(s[*i + 1] & 0x3F) << 6 | (s[*i + 2] & 0x3F);
        *i += 3;
        return cp;
    }
    uint32_t cp = (uint32_t)(b & 0x07) << 18 | (uint32_t)(s[*i + 1] & 0x3F) << 12 |
                  (uint32_t)(s[*i + 2] & 0x3F) << 6 | (s[*i + 3] & 0x3F);
    *i += 4;
    return cp;
}

static size_t utf8_put(uint8_t *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (uint8_t)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (uint8_t)(0xC0 | cp >> 6);
        out[1] = (uint8_t)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (uint8_t)(0xE0 | cp >> 12);
        out[1] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (uint8_t)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (uint8_t)(0xF0 | cp >> 18);
    out[1] = (uint8_t)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (uint8_t)(0x80 | (cp & 0x3F));
    return 4;
}

/* What a valid UTF-8 string holds: code points, UTF-16 code units, and whether every code point
 * fits latin-1. */
typedef struct utf8_facts {
    uint64_t cps, units16;
    bool latin1;
} utf8_facts;

static utf8_facts utf8_measure(const uint8_t *s, size_t len)
{
    utf8_facts f = {0, 0, true};
    for (size_t i = 0; i < len;) {
        size_t ascii = ascii_prefix(s + i, len - i);
        f.cps += ascii;
        f.units16 += ascii;
        i += ascii;
        if (i >= len) break;
        uint32_t cp = utf8_next(s, &i);
        f.cps++;
        f.units16 += cp >= 0x10000 ? 2 : 1;
        if (cp >= 0x100) f.latin1 = false;
    }
    return f;
}

/* ------------------------------------------------------------------------------------------------
 * Lifting
 * ---------------------------------------------------------------------------------------------- */

static bool set_string(warden_component_val_t *out, uint8_t *p, size_t len)
{
    warden_component_val_delete(out);
    out->kind = WARDEN_COMPONENT_STRING;
    out->of.string.ptr = (char *)p;
    out->of.string.len = len;
    return true;
}

static bool decode_utf16(wm_abi *abi, const uint8_t *src, uint64_t units,
                         warden_component_val_t *out, warden_trap_t **trap)
{
    uint64_t len = 0;
    for (uint64_t i = 0; i < units; i++) {
        uint32_t u = (uint32_t)wm_get_le(src + 2 * i, 2);
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (i + 1 == units) return wm_trap(trap, WM_MSG_UTF16);
            uint32_t u2 = (uint32_t)wm_get_le(src + 2 * i + 2, 2);
            if (u2 < 0xDC00 || u2 > 0xDFFF) return wm_trap(trap, WM_MSG_UTF16);
            i++;
            len += 4;
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            return wm_trap(trap, WM_MSG_UTF16);
        } else {
            len += u < 0x80 ? 1 : u < 0x800 ? 2 : 3;
        }
    }
    if (!wm_lift_charge(abi, len, trap)) return false;
    uint8_t *p = malloc(len ? len : 1);
    if (!p) return wm_trap(trap, WM_MSG_HOST_OOM);
    size_t n = 0;
    for (uint64_t i = 0; i < units; i++) {
        uint32_t cp = (uint32_t)wm_get_le(src + 2 * i, 2);
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo = (uint32_t)wm_get_le(src + 2 * i + 2, 2);
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i++;
        }
        n += utf8_put(p + n, cp);
    }
    return set_string(out, p, n);
}

static bool decode_latin1(wm_abi *abi, const uint8_t *src, uint64_t n, warden_component_val_t *out,
                          warden_trap_t **trap)
{
    uint64_t len = n;
    for (uint64_t i = 0; i < n; i++) len += src[i] >= 0x80;
    if (!wm_lift_charge(abi, len, trap)) return false;
    uint8_t *p = malloc(len ? len : 1);
    if (!p) return wm_trap(trap, WM_MSG_HOST_OOM);
    size_t k = 0;
    for (uint64_t i = 0; i < n; i++) k += utf8_put(p + k, src[i]);
    return set_string(out, p, k);
}

bool wm_load_string_range(wm_abi *abi, uint32_t ptr, uint32_t tagged, warden_component_val_t *out,
                          warden_trap_t **trap)
{
    enum { UTF8, UTF16, LATIN1 } enc;
    uint64_t bytes = 0;
    uint32_t align = 0;
    switch (abi->encoding) {
    case WM_UTF16:
        enc = UTF16;
        align = 2;
        bytes = 2 * (uint64_t)tagged;
        break;
    case WM_LATIN1_UTF16:
        align = 2;
        if (tagged & WM_UTF16_TAG) {
            enc = UTF16;
            bytes = 2 * (uint64_t)(tagged ^ WM_UTF16_TAG);
        } else {
            enc = LATIN1;
            bytes = tagged;
        }
        break;
    default:
        enc = UTF8;
        align = 1;
        bytes = tagged;
        break;
    }
    if (bytes > WM_MAX_STRING_BYTE_LENGTH) return wm_trap(trap, WM_MSG_STRING_TOO_LONG);
    if (ptr % align != 0) return wm_trap(trap, WM_MSG_UNALIGNED);
    uint8_t *base = NULL;
    uint64_t size = 0;
    if (!wm_mem(abi, &base, &size, trap)) return false;
    if ((uint64_t)ptr + bytes > size)
        return wm_trap(trap, abi->fused ? WM_MSG_STRING_OOB_FUSED : WM_MSG_STRING_OOB);
    const uint8_t *src = base + ptr;
    switch (enc) {
    case UTF16: return decode_utf16(abi, src, bytes / 2, out, trap);
    case LATIN1: return decode_latin1(abi, src, bytes, out, trap);
    default: break;
    }
    switch (wm_utf8_check(src, bytes)) {
    case 1: return wm_trap(trap, WM_MSG_UTF8);
    case 2: return wm_trap(trap, WM_MSG_UTF8_INCOMPLETE);
    default: break;
    }
    if (!wm_lift_charge(abi, bytes, trap)) return false;
    uint8_t *p = malloc(bytes ? bytes : 1);
    if (!p) return wm_trap(trap, WM_MSG_HOST_OOM);
    if (bytes) memcpy(p, src, bytes);
    return set_string(out, p, bytes);
}

/* ------------------------------------------------------------------------------------------------
 * Lowering
 * ---------------------------------------------------------------------------------------------- */

/* A string being lowered: its UTF-8 bytes and the code units of the encoding it came from. */
typedef struct lowering {
    wm_abi *abi;
    const uint8_t *s;
    size_t len;
    uint32_t units; /* src_code_units: in the source's simple encoding */
    utf8_facts facts;
} lowering;

/* Writes the code points of s[from..len) as UTF-16LE at ptr. */
static bool put_utf16(lowering *l, uint32_t ptr, size_t from, uint64_t units, warden_trap_t **trap)
{
    uint8_t *at = NULL;
    if (!wm_mem_at(l->abi, ptr, 2 * units, &at, trap)) return false;
    for (size_t i = from; i < l->len;) {
        uint32_t cp = utf8_next(l->s, &i);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            wm_put_le(at, 0xD800 | cp >> 10, 2);
            wm_put_le(at + 2, 0xDC00 | (cp & 0x3FF), 2);
            at += 4;
        } else {
            wm_put_le(at, cp, 2);
            at += 2;
        }
    }
    return true;
}

static bool alloc(lowering *l, uint32_t old, uint32_t old_size, uint32_t align, uint64_t size,
                  bool check_align, uint32_t *ptr, warden_trap_t **trap)
{
    return wm_realloc(l->abi, old, old_size, align, (uint32_t)size, ptr, trap) &&
           wm_check_alloc(l->abi, *ptr, align, check_align, size, WM_ALLOC_STRING, trap);
}

enum { OUT_UTF8, OUT_UTF16, OUT_LATIN1 };

/* store_string_copy: the same code units in another (or the same) encoding. */
static bool store_copy(lowering *l, uint32_t unit_size, uint32_t align, int out, uint32_t *ptr,
                       uint32_t *tagged, warden_trap_t **trap)
{
    uint64_t bytes = (uint64_t)unit_size * l->units;
    if (!alloc(l, 0, 0, align, bytes, true, ptr, trap)) return false;
    uint8_t *at = NULL;
    switch (out) {
    case OUT_UTF8:
        if (!wm_mem_at(l->abi, *ptr, l->len, &at, trap)) return false;
        if (l->len) memcpy(at, l->s, l->len);
        break;
    case OUT_UTF16:
        if (!put_utf16(l, *ptr, 0, l->facts.units16, trap)) return false;
        break;
    default:
        if (!wm_mem_at(l->abi, *ptr, l->facts.cps, &at, trap)) return false;
        for (size_t i = 0; i < l->len;) *at++ = (uint8_t)utf8_next(l->s, &i);
        break;
    }
    *tagged = l->units;
    return true;
}

/* store_string_to_utf8 (from UTF-16 or latin-1): ASCII optimistically, then the worst case, then
 * shrunk to fit. */
static bool store_to_utf8(lowering *l, uint64_t worst, uint32_t *ptr, uint32_t *tagged,
                          warden_trap_t **trap)
{
    uint8_t *dst = NULL, *at = NULL;
    if (!alloc(l, 0, 0, 1, l->units, false, ptr, trap)) return false;
    /* Until the next realloc no guest code runs: the memory stays where it is. There are at
     * most as many code points as units. */
    if (!wm_mem_at(l->abi, *ptr, l->facts.cps, &dst, trap)) return false;
    size_t i = 0;
    for (uint64_t k = 0; i < l->len; k++) {
        size_t at_byte = i;
        uint32_t cp = utf8_next(l->s, &i);
        if (cp < 0x80) {
            dst[k] = (uint8_t)cp;
            continue;
        }
        /* Everything before was ASCII: code point k starts at byte k. */
        if (!alloc(l, *ptr, l->units, 1, worst, false, ptr, trap)) return false;
        if (!wm_mem_at(l->abi, (uint64_t)*ptr + at_byte, l->len - at_byte, &at, trap)) return false;
        memcpy(at, l->s + at_byte, l->len - at_byte);
        if (worst > l->len && !alloc(l, *ptr, (uint32_t)worst, 1, l->len, false, ptr, trap))
            return false;
        *tagged = (uint32_t)l->len;
        return true;
    }
    *tagged = l->units;
    return true;
}

/* store_utf8_to_utf16: the worst case, then shrunk to fit. */
static bool store_utf8_to_utf16(lowering *l, uint32_t *ptr, uint32_t *tagged, warden_trap_t **trap)
{
    uint64_t worst = 2 * (uint64_t)l->units, bytes = 2 * l->facts.units16;
    if (!alloc(l, 0, 0, 2, worst, true, ptr, trap)) return false;
    if (!put_utf16(l, *ptr, 0, l->facts.units16, trap)) return false;
    if (bytes < worst && !alloc(l, *ptr, (uint32_t)worst, 2, bytes, true, ptr, trap)) return false;
    *tagged = (uint32_t)l->facts.units16;
    return true;
}

/* store_string_to_latin1_or_utf16: latin-1 optimistically, widened in place to UTF-16 at the
 * first code point past 0xFF. */
static bool store_to_latin1_or_utf16(lowering *l, uint32_t *ptr, uint32_t *tagged,
                                     warden_trap_t **trap)
{
    if (!alloc(l, 0, 0, 2, l->units, true, ptr, trap)) return false;
    uint64_t n = 0;
    uint8_t *dst = NULL, *at = NULL;
    if (!wm_mem_at(l->abi, *ptr, l->facts.cps, &dst, trap)) return false;
    for (size_t i = 0; i < l->len;) {
        size_t at_byte = i;
        uint32_t cp = utf8_next(l->s, &i);
        if (cp < 0x100) {
            dst[n++] = (uint8_t)cp;
            continue;
        }
        uint64_t worst = 2 * (uint64_t)l->units, bytes = 2 * l->facts.units16;
        if (!alloc(l, *ptr, l->units, 2, worst, true, ptr, trap)) return false;
        /* Widen what was written, from the end, reading it from memory as the reference does. */
        if (!wm_mem_at(l->abi, *ptr, 2 * n, &at, trap)) return false;
        for (uint64_t j = n; j-- > 0;) {
            at[2 * j] = at[j];
            at[2 * j + 1] = 0;
        }
        if (!put_utf16(l, (uint32_t)(*ptr + 2 * n), at_byte, l->facts.units16 - n, trap))
            return false;
        if (worst > bytes && !alloc(l, *ptr, (uint32_t)worst, 2, bytes, true, ptr, trap))
            return false;
        *tagged = (uint32_t)l->facts.units16 | WM_UTF16_TAG;
        return true;
    }
    if (n < l->units && !alloc(l, *ptr, l->units, 2, n, true, ptr, trap)) return false;
    *tagged = (uint32_t)n;
    return true;
}

/* store_probably_utf16_to_latin1_or_utf16: UTF-16 first, narrowed to latin-1 in place when every
 * code point fits. */
static bool store_probably_utf16(lowering *l, uint32_t *ptr, uint32_t *tagged, warden_trap_t **trap)
{
    uint64_t bytes = 2 * (uint64_t)l->units;
    if (!alloc(l, 0, 0, 2, bytes, true, ptr, trap)) return false;
    if (!put_utf16(l, *ptr, 0, l->facts.units16, trap)) return false;
    if (!l->facts.latin1) {
        *tagged = (uint32_t)l->facts.units16 | WM_UTF16_TAG;
        return true;
    }
    uint64_t n = l->facts.units16;
    uint8_t *at = NULL;
    if (!wm_mem_at(l->abi, *ptr, 2 * n, &at, trap)) return false;
    for (uint64_t i = 0; i < n; i++) at[i] = at[2 * i];
    if (!alloc(l, *ptr, (uint32_t)bytes, 1, n, false, ptr, trap)) return false;
    *tagged = (uint32_t)n;
    return true;
}

bool wm_store_string_range(wm_abi *abi, const char *utf8, size_t len, wm_encoding src,
                           uint32_t src_tagged, uint32_t *ptr, uint32_t *tagged,
                           warden_trap_t **trap)
{
    lowering l = {.abi = abi, .s = (const uint8_t *)utf8, .len = len};
    enum { S_UTF8, S_UTF16, S_LATIN1 } simple;
    uint64_t units = src_tagged, src_bytes;
    switch (src) {
    case WM_UTF16:
        simple = S_UTF16;
        src_bytes = 2 * units;
        break;
    case WM_LATIN1_UTF16:
        if (src_tagged & WM_UTF16_TAG) {
            simple = S_UTF16;
            units = src_tagged ^ WM_UTF16_TAG;
            src_bytes = 2 * units;
        } else {
            simple = S_LATIN1;
            src_bytes = units;
        }
        break;
    default:
        simple = S_UTF8;
        src_bytes = len;
        break;
    }
    /* Strings reach the reference's lowering only from a lifting, which bounds them; UTF-8
     * holds at most 3 bytes per code unit of any source encoding. */
    if (src_bytes > WM_MAX_STRING_BYTE_LENGTH || len > 3 * (uint64_t)WM_MAX_STRING_BYTE_LENGTH)
        return wm_trap(trap, WM_MSG_STRING_TOO_LONG);
    if (len && !utf8) return wm_trap(trap, WM_MSG_MISMATCH);
    if (simple == S_UTF8 && abi->encoding == WM_UTF8) {
        /* A plain copy: nothing to measure, and the bytes were checked before lowering (the
         * host's by wm_val_check, a guest's when they were lifted). */
        l.units = (uint32_t)len;
        return store_copy(&l, 1, 1, OUT_UTF8, ptr, tagged, trap);
    }
    if (wm_utf8_check(l.s, len) != 0) return wm_trap(trap, WM_MSG_UTF8);
    l.facts = utf8_measure(l.s, len);
    bool consistent = simple == S_UTF16    ? units == l.facts.units16
                      : simple == S_LATIN1 ? units == l.facts.cps && l.facts.latin1
                                           : units == len;
    if (!consistent) return wm_trap(trap, WM_MSG_MISMATCH);
    l.units = (uint32_t)units;

    switch (abi->encoding) {
    case WM_UTF16:
        if (simple == S_UTF8) return store_utf8_to_utf16(&l, ptr, tagged, trap);
        return store_copy(&l, 2, 2, OUT_UTF16, ptr, tagged, trap);
    case WM_LATIN1_UTF16:
        if (src != WM_LATIN1_UTF16) return store_to_latin1_or_utf16(&l, ptr, tagged, trap);
        if (simple == S_LATIN1) return store_copy(&l, 1, 2, OUT_LATIN1, ptr, tagged, trap);
        return store_probably_utf16(&l, ptr, tagged, trap);
    default:
        switch (simple) {
        case S_UTF8: return store_copy(&l, 1, 1, OUT_UTF8, ptr, tagged, trap);
        case S_UTF16: return store_to_utf8(&l, 3 * (uint64_t)l.units, ptr, tagged, trap);
        default: return store_to_utf8(&l, 2 * (uint64_t)l.units, ptr, tagged, trap);
        }
    }
}
