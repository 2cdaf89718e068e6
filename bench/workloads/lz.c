/*
 * lz — a byte-oriented LZ77 compressor and decompressor in the manner of LZ4: a hash table of
 * recent 4-byte sequences finds matches in a 64 KiB window; output is a token byte with literal
 * and match lengths, the literals, and a 16-bit offset. Each round edits the 128 KiB input,
 * compresses it, decompresses the result and compares it with the input.
 */
#include "bench.h"

#define INPUT_SIZE (128u << 10)
#define HASH_BITS 14
#define MIN_MATCH 4
#define WINDOW 65535u

static uint32_t read32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static uint32_t hash4(uint32_t v)
{
    return (v * 2654435761u) >> (32 - HASH_BITS);
}

static uint8_t *put_length(uint8_t *out, uint32_t n)
{
    while (n >= 255) {
        *out++ = 255;
        n -= 255;
    }
    *out++ = (uint8_t)n;
    return out;
}

/* Returns the compressed size. `out` has room for n + n / 255 + 16 bytes. */
static size_t compress(const uint8_t *in, size_t n, uint8_t *out, uint32_t *table)
{
    for (uint32_t i = 0; i < (1u << HASH_BITS); i++) table[i] = 0;
    uint8_t *o = out;
    size_t anchor = 0, i = 1;
    while (i + MIN_MATCH + 8 <= n) {
        uint32_t v = read32(in + i), h = hash4(v);
        size_t candidate = table[h];
        table[h] = (uint32_t)i;
        if (candidate == 0 || i - candidate > WINDOW || read32(in + candidate) != v) {
            i++;
            continue;
        }
        size_t len = MIN_MATCH;
        while (i + len < n && in[candidate + len] == in[i + len]) len++;
        size_t literals = i - anchor;
        uint8_t *token = o++;
        *token = (uint8_t)((literals >= 15 ? 15 : literals) << 4);
        if (literals >= 15) o = put_length(o, (uint32_t)(literals - 15));
        memcpy(o, in + anchor, literals);
        o += literals;
        uint32_t offset = (uint32_t)(i - candidate);
        *o++ = (uint8_t)offset;
        *o++ = (uint8_t)(offset >> 8);
        size_t extra = len - MIN_MATCH;
        *token |= (uint8_t)(extra >= 15 ? 15 : extra);
        if (extra >= 15) o = put_length(o, (uint32_t)(extra - 15));
        for (size_t k = i + 1; k < i + len && k + MIN_MATCH <= n; k += 2)
            table[hash4(read32(in + k))] = (uint32_t)k;
        i += len;
        anchor = i;
    }
    size_t literals = n - anchor;
    *o++ = (uint8_t)((literals >= 15 ? 15 : literals) << 4);
    if (literals >= 15) o = put_length(o, (uint32_t)(literals - 15));
    memcpy(o, in + anchor, literals);
    o += literals;
    return (size_t)(o - out);
}

static size_t get_length(const uint8_t **p, size_t n)
{
    uint8_t b;
    do {
        b = *(*p)++;
        n += b;
    } while (b == 255);
    return n;
}

/* Returns the decompressed size, or 0 when the data is malformed or too long for `cap`. */
static size_t decompress(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
    const uint8_t *p = in, *end = in + n;
    uint8_t *o = out;
    while (p < end) {
        uint8_t token = *p++;
        size_t literals = token >> 4;
        if (literals == 15) literals = get_length(&p, 15);
        if (literals > (size_t)(end - p) || literals > cap - (size_t)(o - out)) return 0;
        memcpy(o, p, literals);
        o += literals;
        p += literals;
        if (p >= end) break;
        size_t offset = p[0] | (size_t)p[1] << 8;
        p += 2;
        size_t len = (token & 15);
        if (len == 15) len = get_length(&p, 15);
        len += MIN_MATCH;
        if (offset == 0 || offset > (size_t)(o - out) || len > cap - (size_t)(o - out)) return 0;
        const uint8_t *from = o - offset;
        if (offset >= len) {
            memcpy(o, from, len);
            o += len;
        } else {
            while (len--) *o++ = *from++;
        }
    }
    return (size_t)(o - out);
}

static void generate(uint8_t *text, size_t n)
{
    static const char *const words[] = {
        "the ",      "quick ",  "brown ",  "fox ",   "jumps ",   "over ",   "lazy ",
        "dog ",      "and ",    "runs ",   "away ",  "from ",    "a ",      "warden ",
        "of ",       "memory ", "pages ",  "in ",    "sandbox ", "module ", "table ",
        "function ", "export ", "import ", "value ",
    };
    uint64_t seed = 5;
    size_t at = 0;
    while (at < n) {
        uint64_t r = bench_next(&seed);
        const char *s;
        char number[4];
        if (r % 8 == 0) {
            number[0] = (char)('0' + (r >> 8) % 10);
            number[1] = (char)('0' + (r >> 16) % 10);
            number[2] = r % 3 ? ' ' : '\n';
            number[3] = 0;
            s = number;
        } else {
            s = words[(r >> 8) % (sizeof words / sizeof *words)];
        }
        while (*s && at < n) text[at++] = (uint8_t)*s++;
    }
}

uint64_t bench_run(uint32_t rounds)
{
    uint8_t *input = bench_alloc(INPUT_SIZE);
    uint8_t *packed = bench_alloc(INPUT_SIZE + INPUT_SIZE / 255 + 16);
    uint8_t *unpacked = bench_alloc(INPUT_SIZE);
    uint32_t *table = bench_alloc((1u << HASH_BITS) * sizeof *table);
    generate(input, INPUT_SIZE);

    uint64_t sum = 0, seed = 17;
    for (uint32_t r = 0; r < rounds; r++) {
        for (int k = 0; k < 16; k++) {
            uint64_t v = bench_next(&seed);
            input[v % INPUT_SIZE] = (uint8_t)('a' + (v >> 32) % 26);
        }
        size_t size = compress(input, INPUT_SIZE, packed, table);
        size_t back = decompress(packed, size, unpacked, INPUT_SIZE);
        int same = back == INPUT_SIZE && memcmp(input, unpacked, INPUT_SIZE) == 0;
        uint64_t h = 0;
        for (size_t i = 0; i < size; i += 8) h = bench_mix(h, packed[i]);
        sum = bench_mix(sum, size);
        sum = bench_mix(sum, h);
        sum = bench_mix(sum, (uint64_t)same);
    }
    return sum;
}
