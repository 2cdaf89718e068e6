/* util/checksum.h: four lanes of 64-bit multiply-rotate over 32-byte blocks (several gigabytes a
 * second), the tail a byte at a time, and a final avalanche so that every input bit reaches
 * every output bit. */
#include "util/checksum.h"

#define K1 0x9E3779B97F4A7C15ull /* odd constants with well-spread bits */
#define K2 0xC2B2AE3D27D4EB4Full
#define K3 0x165667B19E3779F9ull

static uint64_t rotl(uint64_t x, unsigned r)
{
    return (x << r) | (x >> (64 - r));
}

/* Eight bytes, little-endian. */
static uint64_t load64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static uint64_t lane(uint64_t acc, uint64_t in)
{
    return rotl(acc + in * K2, 31) * K1;
}

uint64_t wd_checksum64(const void *data, size_t len)
{
    const uint8_t *p = data;
    uint64_t a = K1 + K2, b = K2, c = 0, d = (uint64_t)0 - K1;
    size_t n = len;
    for (; n >= 32; p += 32, n -= 32) {
        a = lane(a, load64(p));
        b = lane(b, load64(p + 8));
        c = lane(c, load64(p + 16));
        d = lane(d, load64(p + 24));
    }
    uint64_t h = rotl(a, 1) + rotl(b, 7) + rotl(c, 12) + rotl(d, 18) + (uint64_t)len * K3;
    for (; n >= 8; p += 8, n -= 8) h = rotl(h ^ lane(0, load64(p)), 27) * K1 + K3;
    for (; n; p++, n--) h = rotl(h ^ (*p * K3), 11) * K1;
    h ^= h >> 33;
    h *= K2;
    h ^= h >> 29;
    h *= K3;
    h ^= h >> 32;
    return h;
}
