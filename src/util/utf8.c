#include "util/utf8.h"

/* Length of the sequence a lead byte starts, and the bounds of the byte after it. The bounds
 * rule out overlong forms (E0 80..9F, F0 80..8F), surrogates (ED A0..BF) and code points above
 * U+10FFFF (F4 90..BF, F5..FF); C0 and C1 only start overlong two-byte forms. */
static size_t seq_len(uint8_t lead, uint8_t *lo, uint8_t *hi)
{
    *lo = 0x80;
    *hi = 0xBF;
    if (lead < 0x80) return 1;
    if (lead < 0xC2) return 0;
    if (lead < 0xE0) return 2;
    if (lead < 0xF0) {
        if (lead == 0xE0) *lo = 0xA0;
        if (lead == 0xED) *hi = 0x9F;
        return 3;
    }
    if (lead < 0xF5) {
        if (lead == 0xF0) *lo = 0x90;
        if (lead == 0xF4) *hi = 0x8F;
        return 4;
    }
    return 0;
}

bool wd_utf8_valid(const uint8_t *s, size_t len, size_t *bad_at)
{
    size_t i = 0;
    while (i < len) {
        uint8_t lo, hi;
        size_t n = seq_len(s[i], &lo, &hi);
        bool ok = n != 0 && n <= len - i;
        for (size_t k = 1; ok && k < n; k++) {
            uint8_t b = s[i + k];
            ok = k == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF);
        }
        if (!ok) {
            if (bad_at) *bad_at = i;
            return false;
        }
        i += n;
    }
    return true;
}
