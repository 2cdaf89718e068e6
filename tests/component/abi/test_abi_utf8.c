/* wm_utf8_check (src/component/abi_string.c, a table-driven DFA) against a plain reference decoder
 * written from the Unicode definition: every sequence of one to three bytes, every four-byte one
 * whose lead byte is F0..F4 and whose continuation bytes are boundary values, those sequences
 * after ASCII runs of every length up to 17 (crossing the 8-byte fast path), and 200,000 random
 * strings made of valid sequences with bytes changed, dropped or cut off. 0 means valid, 1 an
 * invalid sequence, 2 a sequence cut off by the end. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "abi_support.h"

/* The reference: decode each sequence, then ask whether its code point is a scalar value that
 * the sequence's length may encode (no overlong forms, no surrogates, nothing past U+10FFFF). */
static int reference(const uint8_t *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint8_t b = s[i];
        size_t n;
        uint32_t cp;
        if (b < 0x80) {
            i++;
            continue;
        } else if ((b & 0xE0) == 0xC0) {
            n = 2, cp = b & 0x1F;
        } else if ((b & 0xF0) == 0xE0) {
            n = 3, cp = b & 0x0F;
        } else if ((b & 0xF8) == 0xF0) {
            n = 4, cp = b & 0x07;
        } else {
            return 1;
        }
        /* A byte that cannot continue the sequence decides before the end does, as does a
         * prefix that no continuation could make valid (E0 80, ED A0, F4 90, F5.., C0, C1). */
        size_t have = len - i < n ? len - i : n;
        for (size_t k = 1; k < have; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return 1;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if (have < n) {
            /* Cut off: invalid if the bytes so far already rule every completion out. */
            uint32_t lo = cp << 6 * (n - have), hi = lo | ((1u << 6 * (n - have)) - 1);
            uint32_t min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
            uint32_t from = lo > min ? lo : min, to = hi < 0x10FFFF ? hi : 0x10FFFF;
            bool none = from > to || (from >= 0xD800 && to <= 0xDFFF);
            return none ? 1 : 2;
        }
        uint32_t min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 1;
        i += n;
    }
    return 0;
}

static void check(const uint8_t *s, size_t len)
{
    int want = reference(s, len), got = wm_utf8_check(s, len);
    if (want != got) {
        char hex[3 * 64 + 1] = {0};
        for (size_t k = 0; k < len && k < 64; k++) snprintf(hex + 3 * k, 4, "%02x ", s[k]);
        fail_msg("bytes %s(%zu): wm_utf8_check %d, reference %d", hex, len, got, want);
    }
}

static void test_short_sequences(void **state)
{
    (void)state;
    uint8_t s[4];
    for (uint32_t a = 0; a < 256; a++) {
        s[0] = (uint8_t)a;
        check(s, 1);
        for (uint32_t b = 0; b < 256; b++) {
            s[1] = (uint8_t)b;
            check(s, 2);
            if (a < 0xC0) continue; /* a third byte after anything else decides nothing new */
            for (uint32_t c = 0; c < 256; c++) {
                s[2] = (uint8_t)c;
                check(s, 3);
            }
        }
    }
    static const uint8_t edges[] = {0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
    for (uint32_t a = 0xF0; a <= 0xFF; a++)
        for (size_t b = 0; b < sizeof edges; b++)
            for (size_t c = 0; c < sizeof edges; c++)
                for (size_t d = 0; d < sizeof edges; d++) {
                    const uint8_t q[4] = {(uint8_t)a, edges[b], edges[c], edges[d]};
                    check(q, 4);
                    check(q, 3);
                }
}

static void test_after_ascii(void **state)
{
    (void)state;
    static const char *const tails[] = {"\xC3\xA9",     "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
                                        "\xED\xA0\x80", "\xC3",         "\xF0\x9F",
                                        "\x80",         "\xF4\x90"};
    uint8_t buf[64];
    for (size_t n = 0; n <= 17; n++)
        for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++)
            for (size_t after = 0; after <= 9; after++) {
                size_t k = 0, tl = strlen(tails[t]);
                memset(buf, 'a', n);
                k = n;
                memcpy(buf + k, tails[t], tl);
                k += tl;
                memset(buf + k, 'b', after);
                k += after;
                check(buf, k);
            }
}

/* xorshift64: deterministic, so a failure can be replayed. */
static uint64_t next(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

static void test_random(void **state)
{
    (void)state;
    static const uint32_t points[] = {0x41,   0x7F,   0x80,   0xE9,   0x7FF,   0x800,   0x20AC,
                                      0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
    uint64_t x = 0x9E3779B97F4A7C15u;
    uint8_t buf[96];
    for (int iter = 0; iter < 200000; iter++) {
        size_t len = 0;
        size_t want = next(&x) % 40;
        while (len + 4 <= sizeof buf && len < want) {
            uint32_t cp = next(&x) % 3 ? points[next(&x) % (sizeof points / sizeof points[0])]
                                       : (uint32_t)(next(&x) % 0x110000);
            if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0x61;
            if (cp < 0x80) {
                buf[len++] = (uint8_t)cp;
            } else if (cp < 0x800) {
                buf[len++] = (uint8_t)(0xC0 | cp >> 6);
                buf[len++] = (uint8_t)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                buf[len++] = (uint8_t)(0xE0 | cp >> 12);
                buf[len++] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
                buf[len++] = (uint8_t)(0x80 | (cp & 0x3F));
            } else {
                buf[len++] = (uint8_t)(0xF0 | cp >> 18);
                buf[len++] = (uint8_t)(0x80 | (cp >> 12 & 0x3F));
                buf[len++] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
                buf[len++] = (uint8_t)(0x80 | (cp & 0x3F));
            }
        }
        switch (next(&x) % 4) {
        case 0: break; /* valid as made */
        case 1:
            if (len) buf[next(&x) % len] = (uint8_t)next(&x);
            break;
        case 2:
            if (len) {
                size_t at = next(&x) % len;
                memmove(buf + at, buf + at + 1, len - at - 1);
                len--;
            }
            break;
        default:
            if (len) len -= 1 + next(&x) % (len < 3 ? len : 3);
            break;
        }
        check(buf, len);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_short_sequences),
        cmocka_unit_test(test_after_ascii),
        cmocka_unit_test(test_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
