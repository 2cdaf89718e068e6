#include "binaryen_ref.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static char *dup_range(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d) abort();
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static bool starts(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(s, prefix, n) == 0;
}

static void push_log(bref_call_t *c, char *text)
{
    char **logs = realloc(c->logs, (c->nlogs + 1) * sizeof *logs);
    if (!logs) abort();
    c->logs = logs;
    c->logs[c->nlogs++] = text;
}

void bref_parse(const char *text, bref_run_t *out)
{
    memset(out, 0, sizeof *out);
    size_t cap = 0;
    const char *line = text;
    while (*line) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        bref_call_t *cur = out->ncalls ? &out->calls[out->ncalls - 1] : NULL;
        static const char k_calling[] = "[fuzz-exec] calling ";
        static const char k_log[] = "[LoggingExternalInterface logging ";
        static const char k_result[] = "[fuzz-exec] note result: ";
        static const char k_trap[] = "[trap ";
        if (starts(line, len, k_calling)) {
            if (out->ncalls == cap) {
                cap = cap ? cap * 2 : 16;
                bref_call_t *calls = realloc(out->calls, cap * sizeof *calls);
                if (!calls) abort();
                out->calls = calls;
            }
            cur = &out->calls[out->ncalls++];
            memset(cur, 0, sizeof *cur);
            cur->name = dup_range(line + strlen(k_calling), len - strlen(k_calling));
        } else if (cur && starts(line, len, k_log) && line[len - 1] == ']') {
            size_t k = strlen(k_log);
            push_log(cur, dup_range(line + k, len - k - 1));
        } else if (cur && starts(line, len, k_result)) {
            const char *arrow = strstr(line, " => ");
            if (arrow && arrow < line + len && !cur->result && !cur->trap) {
                const char *v = arrow + 4;
                cur->result = dup_range(v, (size_t)(line + len - v));
            } else if (!cur->unknown) {
                cur->unknown = dup_range(line, len);
            }
        } else if (cur && starts(line, len, k_trap) && line[len - 1] == ']' && !cur->trap) {
            size_t k = strlen(k_trap);
            cur->trap = dup_range(line + k, len - k - 1);
        } else if (starts(line, len, "warning: ") || len == 0) {
            /* wasm-opt's own remarks ("no passes specified") */
        } else if (cur) {
            if (!cur->unknown) cur->unknown = dup_range(line, len);
        } else if (!out->preamble_unknown) {
            out->preamble_unknown = dup_range(line, len);
        }
        line += len;
        if (*line == '\n') line++;
    }
}

void bref_free(bref_run_t *run)
{
    for (size_t i = 0; i < run->ncalls; i++) {
        bref_call_t *c = &run->calls[i];
        free(c->name);
        bref_free_strings(c->logs, c->nlogs);
        free(c->result);
        free(c->trap);
        free(c->unknown);
    }
    free(run->calls);
    free(run->preamble_unknown);
    memset(run, 0, sizeof *run);
}

int bref_trap_kind(const char *m)
{
    if (strstr(m, "stack limit")) return BREF_TRAP_EXHAUSTION;
    if (strcmp(m, "unreachable") == 0) return WARDEN_TRAP_UNREACHABLE;
    if (strstr(m, "callTable overflow")) return WARDEN_TRAP_UNDEFINED_ELEMENT;
    if (strstr(m, "uninitialized table element")) return WARDEN_TRAP_UNINITIALIZED_ELEMENT;
    if (strstr(m, "function types don't match") || strstr(m, "callIndirect"))
        return WARDEN_TRAP_INDIRECT_CALL_TYPE_MISMATCH;
    if (strstr(m, "by 0")) return WARDEN_TRAP_INTEGER_DIVIDE_BY_ZERO;
    if (strstr(m, "div_s overflow")) return WARDEN_TRAP_INTEGER_OVERFLOW;
    if (strstr(m, "Float of nan")) return WARDEN_TRAP_INVALID_CONVERSION_TO_INTEGER;
    if (strstr(m, "Float overflow")) return WARDEN_TRAP_INTEGER_OVERFLOW;
    if (strstr(m, "table")) return WARDEN_TRAP_TABLE_OUT_OF_BOUNDS;
    if (strstr(m, "memory")) return WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS;
    return 0;
}

static bool parse_dec(const char *text, bool *neg, uint64_t *mag)
{
    const char *p = text;
    *neg = false;
    if (*p == '-') {
        *neg = true;
        p++;
    }
    if (*p < '0' || *p > '9') return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(p, &end, 10);
    if (errno || *end) return false;
    *mag = v;
    return true;
}

bool bref_parse_i32(const char *text, uint32_t *out)
{
    bool neg;
    uint64_t mag;
    if (!parse_dec(text, &neg, &mag) || mag > (neg ? 0x80000000u : 0xffffffffu)) return false;
    *out = neg ? (uint32_t)(0u - (uint32_t)mag) : (uint32_t)mag;
    return true;
}

bool bref_parse_i64(const char *text, uint64_t *out)
{
    bool neg;
    uint64_t mag;
    if (!parse_dec(text, &neg, &mag) || (neg && mag > 0x8000000000000000u)) return false;
    *out = neg ? 0u - mag : mag;
    return true;
}

/* "nan:0xPAYLOAD" or "nan", with an optional '-' already taken off. */
static bool parse_nan(const char *p, uint64_t *payload, bool *has_payload)
{
    if (strncmp(p, "nan", 3) != 0) return false;
    p += 3;
    *has_payload = false;
    if (*p == '\0') return true;
    if (strncmp(p, ":0x", 3) != 0) return false;
    errno = 0;
    char *end;
    *payload = strtoull(p + 3, &end, 16);
    *has_payload = true;
    return !errno && *end == '\0' && end != p + 3;
}

bool bref_parse_f64(const char *text, uint64_t *bits)
{
    const char *p = text;
    uint64_t sign = 0;
    if (*p == '-') {
        sign = 1ull << 63;
        p++;
    }
    uint64_t payload = 0;
    bool has_payload;
    if (parse_nan(p, &payload, &has_payload)) {
        if (!has_payload) payload = 1ull << 51;
        if (payload == 0 || payload >> 52) return false;
        *bits = sign | 0x7ff0000000000000ull | payload;
        return true;
    }
    if (strcmp(p, "inf") == 0) {
        *bits = sign | 0x7ff0000000000000ull;
        return true;
    }
    if ((*p < '0' || *p > '9') && *p != '.') return false;
    errno = 0;
    char *end;
    double d = strtod(p, &end);
    if (*end || (errno && errno != ERANGE)) return false;
    memcpy(bits, &d, sizeof d);
    *bits |= sign;
    return true;
}

bool bref_parse_f32(const char *text, uint32_t *bits)
{
    const char *p = text;
    uint32_t sign = 0;
    if (*p == '-') {
        sign = 1u << 31;
        p++;
    }
    uint64_t payload = 0;
    bool has_payload;
    if (parse_nan(p, &payload, &has_payload)) {
        if (!has_payload) payload = 1u << 22;
        if (payload == 0 || payload >> 23) return false;
        *bits = sign | 0x7f800000u | (uint32_t)payload;
        return true;
    }
    uint64_t b64;
    if (!bref_parse_f64(p, &b64)) return false;
    double d;
    memcpy(&d, &b64, sizeof d);
    float f = (float)d;
    if (!isinf(d) && (double)f != d) return false; /* binaryen prints an f32 exactly, as a double */
    memcpy(bits, &f, sizeof f);
    *bits |= sign;
    return true;
}

bool bref_parse_v128(const char *text, uint8_t out[16])
{
    if (strncmp(text, "i32x4 ", 6) != 0) return false;
    const char *p = text + 6;
    for (int lane = 0; lane < 4; lane++) {
        if (strncmp(p, "0x", 2) != 0) return false;
        char *end;
        errno = 0;
        unsigned long v = strtoul(p + 2, &end, 16);
        if (errno || end == p + 2 || v > 0xffffffffu) return false;
        uint32_t u = (uint32_t)v;
        for (int b = 0; b < 4; b++) out[lane * 4 + b] = (uint8_t)(u >> (8 * b));
        p = end;
        if (lane < 3) {
            if (*p != ' ') return false;
            p++;
        }
    }
    return *p == '\0';
}

bool bref_parse_ref(const char *text, bool *known, bool *is_null)
{
    static const char *const types[] = {"funcref", "anyref", "externref", "nullref"};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t n = strlen(types[i]);
        if (strncmp(text, types[i], n) != 0) continue;
        const char *rest = text + n;
        if (*rest == '\0') {
            *known = false;
            *is_null = false;
            return true;
        }
        size_t len = strlen(rest);
        if (rest[0] != '(' || rest[len - 1] != ')') return false;
        *known = true;
        *is_null = len == 6 && strncmp(rest, "(null)", 6) == 0;
        return true;
    }
    return false;
}

char **bref_split_results(const char *text, size_t n)
{
    char **parts = calloc(n ? n : 1, sizeof *parts);
    if (!parts) abort();
    if (n == 1) {
        parts[0] = dup_range(text, strlen(text));
        return parts;
    }
    size_t len = strlen(text);
    if (len < 2 || text[0] != '(' || text[len - 1] != ')') {
        free(parts);
        return NULL;
    }
    const char *p = text + 1, *end = text + len - 1;
    size_t i = 0;
    int depth = 0;
    const char *start = p;
    for (; p <= end; p++) {
        if (p < end && *p == '(')
            depth++;
        else if (p < end && *p == ')')
            depth--;
        else if (p == end || (depth == 0 && *p == ',')) {
            if (i == n) {
                bref_free_strings(parts, n);
                return NULL;
            }
            parts[i++] = dup_range(start, (size_t)(p - start));
            if (p < end && p[1] == ' ') p++;
            start = p + 1;
        }
    }
    if (i != n) {
        bref_free_strings(parts, n);
        return NULL;
    }
    return parts;
}

void bref_free_strings(char **strings, size_t n)
{
    if (!strings) return;
    for (size_t i = 0; i < n; i++) free(strings[i]);
    free(strings);
}
