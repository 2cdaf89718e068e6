/* src/util/sha256.c against the examples of FIPS 180-4 (NIST's "SHA256.pdf" and the long
 * message of FIPS 180-2 appendix B.3), fed whole and in pieces of every size across a block; and
 * the CPU's SHA instructions (when it has them) against the portable compression. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/sha256.h"

static void hex(const uint8_t h[WD_SHA256_BYTES], char out[2 * WD_SHA256_BYTES + 1])
{
    for (int i = 0; i < WD_SHA256_BYTES; i++) snprintf(out + 2 * i, 3, "%02x", h[i]);
}

static void expect(const void *data, size_t len, const char *want)
{
    uint8_t h[WD_SHA256_BYTES];
    char text[2 * WD_SHA256_BYTES + 1];
    wd_sha256_of(data, len, h);
    hex(h, text);
    assert_string_equal(text, want);
    /* The same bytes in pieces of each size from 1 to 130. */
    for (size_t piece = 1; piece <= 130; piece++) {
        wd_sha256 s;
        wd_sha256_init(&s);
        for (size_t at = 0; at < len; at += piece)
            wd_sha256_update(&s, (const uint8_t *)data + at, len - at < piece ? len - at : piece);
        wd_sha256_final(&s, h);
        hex(h, text);
        assert_string_equal(text, want);
    }
    wd_sha256 s;
    wd_sha256_init(&s);
    wd_sha256_update_portable(&s, data, len);
    wd_sha256_final(&s, h);
    hex(h, text);
    assert_string_equal(text, want);
}

static void test_examples(void **state)
{
    (void)state;
    expect("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    expect(two, strlen(two), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_million_a(void **state)
{
    (void)state;
    size_t n = 1000000;
    char *a = malloc(n);
    assert_non_null(a);
    memset(a, 'a', n);
    uint8_t h[WD_SHA256_BYTES];
    char text[2 * WD_SHA256_BYTES + 1];
    wd_sha256_of(a, n, h);
    hex(h, text);
    assert_string_equal(text, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(a);
}

/* Lengths around the padding's edge (55, 56, 63, 64 bytes of 'x'): one block or two; the
 * expected hashes are those of coreutils' sha256sum. */
static void test_padding_edges(void **state)
{
    (void)state;
    char b[65];
    memset(b, 'x', sizeof b);
    expect(b, 55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
    expect(b, 56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e");
    expect(b, 63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2");
    expect(b, 64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c");
}

/* Random bytes of every length up to 1100 and of 1 MiB, fed in random pieces: the same hash with
 * and without the CPU's SHA instructions. */
static void test_fast_matches_portable(void **state)
{
    (void)state;
    size_t n = 1 << 20;
    uint8_t *b = malloc(n);
    assert_non_null(b);
    uint64_t x = 0x9e3779b97f4a7c15u;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        b[i] = (uint8_t)x;
    }
    for (size_t len = 0; len <= 1100 + 1; len++) {
        size_t l = len <= 1100 ? len : n;
        wd_sha256 fast, slow;
        wd_sha256_init(&fast);
        wd_sha256_init(&slow);
        for (size_t at = 0; at < l;) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            size_t piece = (size_t)(x % 300) + 1;
            if (piece > l - at) piece = l - at;
            wd_sha256_update(&fast, b + at, piece);
            wd_sha256_update_portable(&slow, b + at, piece);
            at += piece;
        }
        uint8_t hf[WD_SHA256_BYTES], hs[WD_SHA256_BYTES];
        wd_sha256_final(&fast, hf);
        wd_sha256_final(&slow, hs);
        assert_memory_equal(hf, hs, WD_SHA256_BYTES);
    }
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_examples),
        cmocka_unit_test(test_million_a),
        cmocka_unit_test(test_fast_matches_portable),
        cmocka_unit_test(test_padding_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
