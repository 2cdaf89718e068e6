/* Round trips through WAVE over random types and values (a fixed seed): every value prints, its
 * text parses back to an equal value, and printing that gives the same text. The texts are then
 * mutated, and random token soup is parsed: either it parses, and then prints and parses back
 * consistently, or it fails with an ARGUMENT error that says where, leaving a BOOL false. */
#include <stdio.h>

#include "wave_types.h"

#define ITERATIONS 3000
#define MUTATIONS 4
#define SOUP 3000
#define MAX_TYPE_DEPTH 5

static uint64_t rng_state = 0x5EED5EED12345678ull;

static uint64_t next(void)
{
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 0x2545F4914F6CDD1Dull;
}

static uint32_t below(uint32_t n)
{
    return (uint32_t)(next() % n);
}

/* ------------------------------------------------------------------------------------------------
 * Random types, in an arena freed after each round
 * ---------------------------------------------------------------------------------------------- */

typedef struct arena {
    void **ptrs;
    size_t n, cap;
} arena;

static void *alloc(arena *a, size_t size)
{
    if (a->n == a->cap) {
        a->cap = a->cap ? 2 * a->cap : 64;
        a->ptrs = realloc(a->ptrs, a->cap * sizeof *a->ptrs);
        assert_non_null(a->ptrs);
    }
    void *p = calloc(1, size);
    assert_non_null(p);
    a->ptrs[a->n++] = p;
    return p;
}

static void arena_free(arena *a)
{
    for (size_t i = 0; i < a->n; i++) free(a->ptrs[i]);
    a->n = 0;
}

/* Labels, keywords among them (cases named so are written after a `%`). */
static const char *const POOL[] = {
    "a",   "b",  "c",   "ok",    "err",        "none", "some",           "true", "false", "inf",
    "nan", "xy", "x-y", "HTTP3", "method-GET", "c1",   "long-name-here", "q9",   "DOWN",  "DOWN-x",
};
#define POOL_SIZE (sizeof POOL / sizeof POOL[0])

/* count distinct names from the pool. */
static const char *const *random_names(arena *a, uint32_t count)
{
    const char **names = alloc(a, count * sizeof *names);
    uint32_t order[POOL_SIZE];
    for (uint32_t i = 0; i < POOL_SIZE; i++) order[i] = i;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t j = i + below((uint32_t)POOL_SIZE - i);
        uint32_t t = order[i];
        order[i] = order[j];
        order[j] = t;
        names[i] = POOL[order[i]];
    }
    return names;
}

static uint32_t random_count(void)
{
    /* Mostly few; sometimes more than 8 (sorted lookups). */
    return below(4) == 0 ? 9 + below(POOL_SIZE - 9) : 1 + below(5);
}

static type_t *random_type(arena *a, int depth)
{
    warden_component_type_t *t = alloc(a, sizeof *t);
    static const warden_component_kind_t scalars[] = {
        WARDEN_COMPONENT_BOOL,   WARDEN_COMPONENT_S8,   WARDEN_COMPONENT_U8,
        WARDEN_COMPONENT_S16,    WARDEN_COMPONENT_U16,  WARDEN_COMPONENT_S32,
        WARDEN_COMPONENT_U32,    WARDEN_COMPONENT_S64,  WARDEN_COMPONENT_U64,
        WARDEN_COMPONENT_F32,    WARDEN_COMPONENT_F64,  WARDEN_COMPONENT_CHAR,
        WARDEN_COMPONENT_STRING, WARDEN_COMPONENT_ENUM, WARDEN_COMPONENT_FLAGS,
    };
    static const warden_component_kind_t compounds[] = {
        WARDEN_COMPONENT_LIST,    WARDEN_COMPONENT_TUPLE,  WARDEN_COMPONENT_RECORD,
        WARDEN_COMPONENT_VARIANT, WARDEN_COMPONENT_OPTION, WARDEN_COMPONENT_RESULT,
    };
    if (depth >= MAX_TYPE_DEPTH || below(3) == 0)
        t->kind = scalars[below(sizeof scalars / sizeof scalars[0])];
    else
        t->kind = compounds[below(sizeof compounds / sizeof compounds[0])];
    switch (t->kind) {
    case WARDEN_COMPONENT_LIST:
    case WARDEN_COMPONENT_OPTION: {
        const warden_component_type_t **e = alloc(a, sizeof *e);
        e[0] = random_type(a, depth + 1);
        t->count = 1;
        t->elems = e;
        break;
    }
    case WARDEN_COMPONENT_RESULT: {
        const warden_component_type_t **e = alloc(a, 2 * sizeof *e);
        e[0] = below(3) ? random_type(a, depth + 1) : NULL;
        e[1] = below(3) ? random_type(a, depth + 1) : NULL;
        t->count = 2;
        t->elems = e;
        break;
    }
    case WARDEN_COMPONENT_TUPLE: {
        t->count = 1 + below(4);
        const warden_component_type_t **e = alloc(a, t->count * sizeof *e);
        for (uint32_t i = 0; i < t->count; i++) e[i] = random_type(a, depth + 1);
        t->elems = e;
        break;
    }
    case WARDEN_COMPONENT_RECORD:
    case WARDEN_COMPONENT_VARIANT: {
        t->count = random_count();
        t->names = random_names(a, t->count);
        const warden_component_type_t **e = alloc(a, t->count * sizeof *e);
        for (uint32_t i = 0; i < t->count; i++)
            e[i] =
                t->kind == WARDEN_COMPONENT_RECORD || below(3) ? random_type(a, depth + 1) : NULL;
        t->elems = e;
        break;
    }
    case WARDEN_COMPONENT_ENUM:
    case WARDEN_COMPONENT_FLAGS:
        t->count = t->kind == WARDEN_COMPONENT_FLAGS && below(8) == 0 ? 0 : random_count();
        t->names = t->count ? random_names(a, t->count) : NULL;
        break;
    default: break;
    }
    return t;
}

/* ------------------------------------------------------------------------------------------------
 * Random values
 * ---------------------------------------------------------------------------------------------- */

static uint32_t random_scalar_value(void)
{
    switch (below(6)) {
    case 0: return below(0x80); /* ASCII, controls included */
    case 1: {
        static const uint32_t special[] = {'\'',   '"',    '\\',   '\n',   '\t',
                                           '\r',   0,      0x7F,   0x85,   0x2028,
                                           0x202E, 0xFEFF, 0xD7FF, 0xE000, 0x10FFFF};
        return special[below(sizeof special / sizeof special[0])];
    }
    case 2: return 0x80 + below(0x780); /* two bytes */
    case 3: {
        uint32_t c = 0x800 + below(0x10000 - 0x800);
        return c >= 0xD800 && c <= 0xDFFF ? c - 0x800 : c; /* three bytes, no surrogate */
    }
    case 4: return 0x10000 + below(0x100000); /* four bytes */
    default: return ' ' + below(95);          /* printable ASCII */
    }
}

static size_t utf8(char *d, uint32_t c)
{
    if (c < 0x80) {
        d[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        d[0] = (char)(0xC0 | (c >> 6));
        d[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        d[0] = (char)(0xE0 | (c >> 12));
        d[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        d[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    d[0] = (char)(0xF0 | (c >> 18));
    d[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    d[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    d[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

static uint64_t random_bits(void)
{
    switch (below(5)) {
    case 0: return 0;
    case 1: return UINT64_MAX;
    case 2: return (uint64_t)1 << below(64);
    case 3: return below(256);
    default: return next();
    }
}

static double random_f64(void)
{
    static const double special[] = {0.0, -0.0, 1.0, 0.1, 1e21, 1e-7, 1e300, 5e-324};
    if (below(4) == 0) return special[below(sizeof special / sizeof special[0])];
    uint64_t bits = next();
    double d;
    memcpy(&d, &bits, 8);
    return d;
}

static float random_f32(void)
{
    if (below(4) == 0) return (float)random_f64();
    uint32_t bits = (uint32_t)next();
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

static void check(warden_error_t *e)
{
    if (e) fail_msg("building a value failed: %s", warden_error_message(e));
}

static void random_value(type_t *t, val_t *out)
{
    switch (t->kind) {
    case WARDEN_COMPONENT_BOOL:
        out->kind = t->kind;
        out->of.boolean = below(2);
        break;
    case WARDEN_COMPONENT_S8:
    case WARDEN_COMPONENT_U8:
    case WARDEN_COMPONENT_S16:
    case WARDEN_COMPONENT_U16:
    case WARDEN_COMPONENT_S32:
    case WARDEN_COMPONENT_U32:
    case WARDEN_COMPONENT_S64:
    case WARDEN_COMPONENT_U64: {
        uint64_t bits = random_bits();
        out->kind = t->kind;
        switch (t->kind) {
        case WARDEN_COMPONENT_S8: out->of.s8 = (int8_t)(uint8_t)bits; break;
        case WARDEN_COMPONENT_U8: out->of.u8 = (uint8_t)bits; break;
        case WARDEN_COMPONENT_S16: out->of.s16 = (int16_t)(uint16_t)bits; break;
        case WARDEN_COMPONENT_U16: out->of.u16 = (uint16_t)bits; break;
        case WARDEN_COMPONENT_S32: out->of.s32 = (int32_t)(uint32_t)bits; break;
        case WARDEN_COMPONENT_U32: out->of.u32 = (uint32_t)bits; break;
        case WARDEN_COMPONENT_S64: out->of.s64 = (int64_t)bits; break;
        default: out->of.u64 = bits; break;
        }
        break;
    }
    case WARDEN_COMPONENT_F32:
        out->kind = t->kind;
        out->of.f32 = random_f32();
        break;
    case WARDEN_COMPONENT_F64:
        out->kind = t->kind;
        out->of.f64 = random_f64();
        break;
    case WARDEN_COMPONENT_CHAR:
        out->kind = t->kind;
        out->of.ch = random_scalar_value();
        break;
    case WARDEN_COMPONENT_STRING: {
        char buf[64];
        size_t n = 0, count = below(9);
        for (size_t i = 0; i < count; i++) n += utf8(buf + n, random_scalar_value());
        check(warden_component_val_set_string(out, buf, n));
        break;
    }
    case WARDEN_COMPONENT_LIST:
    case WARDEN_COMPONENT_TUPLE: {
        bool list = t->kind == WARDEN_COMPONENT_LIST;
        size_t n = list ? below(5) : t->count;
        check(warden_component_val_set_list(out, t->kind, n));
        for (size_t i = 0; i < n; i++)
            random_value(list ? t->elems[0] : t->elems[i], &out->of.list.ptr[i]);
        break;
    }
    case WARDEN_COMPONENT_RECORD:
        check(warden_component_val_set_record(out, t->names, t->count));
        for (size_t i = 0; i < t->count; i++) random_value(t->elems[i], &out->of.record.ptr[i].val);
        break;
    case WARDEN_COMPONENT_VARIANT: {
        uint32_t i = below(t->count);
        check(warden_component_val_set_variant(out, t->names[i], t->elems[i] != NULL));
        if (t->elems[i]) random_value(t->elems[i], out->of.variant.payload);
        break;
    }
    case WARDEN_COMPONENT_ENUM:
        check(warden_component_val_set_enum(out, t->names[below(t->count)]));
        break;
    case WARDEN_COMPONENT_OPTION: {
        bool some = below(2);
        check(warden_component_val_set_option(out, some));
        if (some) random_value(t->elems[0], out->of.payload);
        break;
    }
    case WARDEN_COMPONENT_RESULT: {
        bool is_err = below(2);
        type_t *payload = t->elems[is_err];
        check(warden_component_val_set_result(out, is_err, payload != NULL));
        if (payload) random_value(payload, out->of.result.payload);
        break;
    }
    case WARDEN_COMPONENT_FLAGS: {
        const char *set[POOL_SIZE];
        size_t n = 0;
        for (uint32_t i = 0; i < t->count; i++)
            if (below(2)) set[n++] = t->names[i];
        check(warden_component_val_set_flags(out, set, n));
        break;
    }
    default: fail_msg("unexpected kind %d", (int)t->kind);
    }
}

/* ------------------------------------------------------------------------------------------------
 * The checks
 * ---------------------------------------------------------------------------------------------- */

/* Parses text (len bytes) as t: either it fails as a parse error should, or it parses, prints,
 * and the printed text parses to the same value and prints the same. Returns whether it parsed. */
static bool parse_consistently(type_t *t, const char *text, size_t len)
{
    val_t v;
    memset(&v, 0xCD, sizeof v);
    warden_error_t *e = warden_component_val_from_wave(t, text, len, &v);
    if (e) {
        assert_int_equal(warden_error_kind(e), WARDEN_ERROR_ARGUMENT);
        const char *msg = warden_error_message(e);
        if (strncmp(msg, "at ", 3) != 0) fail_msg("'%.*s': %s", (int)len, text, msg);
        warden_error_delete(e);
        assert_int_equal(v.kind, WARDEN_COMPONENT_BOOL);
        assert_false(v.of.boolean);
        return false;
    }
    char *printed = wave_print(&v);
    val_t w = wave_parse(t, printed);
    if (!warden_component_val_equal(&v, &w))
        fail_msg("'%.*s' printed as '%s', which reads back differently", (int)len, text, printed);
    char *again = wave_print(&w);
    assert_string_equal(printed, again);
    free(again);
    free(printed);
    warden_component_val_delete(&v);
    warden_component_val_delete(&w);
    return true;
}

static const char SOUP_CHARS[] = "[](){}:,'\"\\%-.0123456789eE+ \n\t/abcdefnoklmrstuwxyzABHTP";

static size_t mutate(char *buf, size_t len, size_t cap)
{
    uint32_t op = below(4);
    size_t at = len ? below((uint32_t)len) : 0;
    switch (op) {
    case 0: /* delete a byte */
        if (len) {
            memmove(buf + at, buf + at + 1, len - at - 1);
            len--;
        }
        break;
    case 1: /* insert one */
        if (len + 1 < cap) {
            memmove(buf + at + 1, buf + at, len - at);
            buf[at] = SOUP_CHARS[below(sizeof SOUP_CHARS - 1)];
            len++;
        }
        break;
    case 2: /* replace one */
        if (len) buf[at] = SOUP_CHARS[below(sizeof SOUP_CHARS - 1)];
        break;
    default: /* any byte */
        if (len) buf[at] = (char)below(256);
        break;
    }
    return len;
}

static void test_random_roundtrips(void **state)
{
    (void)state;
    arena a = {0};
    size_t parsed_mutants = 0;
    for (int round = 0; round < ITERATIONS; round++) {
        type_t *t = random_type(&a, 0);
        val_t v = {.kind = WARDEN_COMPONENT_BOOL};
        random_value(t, &v);
        char *text = wave_print(&v);
        val_t w = wave_parse(t, text);
        if (!warden_component_val_equal(&v, &w))
            fail_msg("round %d: '%s' reads back differently", round, text);
        char *again = wave_print(&w);
        if (strcmp(text, again) != 0)
            fail_msg("round %d: '%s' prints back as '%s'", round, text, again);
        free(again);

        size_t len = strlen(text), cap = len + MUTATIONS + 1;
        char *buf = malloc(cap);
        assert_non_null(buf);
        memcpy(buf, text, len);
        for (int m = 0; m < MUTATIONS; m++) {
            len = mutate(buf, len, cap);
            parsed_mutants += parse_consistently(t, buf, len);
        }
        free(buf);
        free(text);
        warden_component_val_delete(&v);
        warden_component_val_delete(&w);
        arena_free(&a);
    }
    free(a.ptrs);
    /* Some mutants still parse (a digit changed, a space added...). */
    assert_true(parsed_mutants > 0);
}

static void test_soup(void **state)
{
    (void)state;
    arena a = {0};
    char buf[48];
    for (int round = 0; round < SOUP; round++) {
        type_t *t = random_type(&a, 2);
        size_t len = below(sizeof buf);
        for (size_t i = 0; i < len; i++) buf[i] = SOUP_CHARS[below(sizeof SOUP_CHARS - 1)];
        parse_consistently(t, buf, len);
        arena_free(&a);
    }
    free(a.ptrs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_roundtrips),
        cmocka_unit_test(test_soup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
