/* Hostile components: binaries built in memory (bytes.c) to break the decoder's and the runtime's
 * limits. Each must end in a clean error (MALFORMED or INVALID with an offset inside the input,
 * and a message that says what) or, at run time, in a clean trap with the canonical ABI's message,
 * in bounded time and memory:
 *   decoding: value types nested 10,000 deep, components nested 1,000 deep, instance, component
 *   and module types nested deeply, vector counts past the end of the input, a million types,
 *   names of 1 MiB, records of 100,000 fields, flags of 33 labels, variants claiming 2^24 + 1
 *   cases, outer aliases of count 2^32 - 1, every prefix and every cut section of a valid
 *   component, a malformed core module inside (the offset points at its bytes), type DAGs whose
 *   trees are exponentially large, a hundred thousand imports, instantiations nested to make
 *   2^30 instances;
 *   run time: a guest returning strings and lists out of bounds, wrapping around, too long,
 *   invalid UTF-8 and UTF-16, bad discriminants, bad chars, unknown handles, return pointers out
 *   of bounds, one string lent thousands of times over, long labels lifted thousands of times, a
 *   guest passing the same to a host function, a host function returning a value of the wrong
 *   type, a handle of the wrong resource type.
 * The official component test suite covers the plain cases (a string out of bounds, invalid
 * UTF-8, a bad variant or enum discriminant, a bad char as results); these are the others.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <cmocka.h>

#include "bytes.h"
#include "warden.h"
#include "warden_component.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

/* Bounds: generous, since the tests bound the order of growth, not the machine's speed, and the
 * sanitizers slow everything several times. */
#define SECONDS(s) (SANITIZED ? 6.0 * (s) : (double)(s))
#define PEAK_MIB (SANITIZED ? 3072 : 1024)

static warden_engine_t *engine;

static int setup(void **state)
{
    (void)state;
    warden_config_t config;
    warden_config_default(&config);
    config.consume_fuel = true;
    return warden_engine_new_with_config(&config, &engine) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    warden_engine_delete(engine);
    return 0;
}

/* The CPU time the process has used: bounds on it, unlike wall time, hold on a busy machine (as
 * in tests/hostile). */
static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static long peak_mib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024;
}

/* The process's peak memory stays below PEAK_MIB, and `what` took at most `limit` seconds. */
static void bounded(double start, double limit, const char *what)
{
    double took = now() - start;
    if (took > limit) fail_msg("%s took %.1f s (at most %.1f s)", what, took, limit);
    long peak = peak_mib();
    if (peak > PEAK_MIB)
        fail_msg("after %s the peak memory is %ld MiB (at most %d)", what, peak, PEAK_MIB);
}

#define OK(expr)                                                                                   \
    do {                                                                                           \
        warden_error_t *e_ = (expr);                                                               \
        if (e_) fail_msg("%s: %s", #expr, warden_error_message(e_));                               \
    } while (0)

/* ---- decoding ----------------------------------------------------------------------------------
 */

/* Decodes b (within `seconds`): the error, or NULL with *out the component. */
static warden_error_t *decode_in(const hb *b, double seconds, warden_component_t **out)
{
    double start = now();
    *out = NULL;
    warden_error_t *e = warden_component_new(engine, b->p, b->len, out);
    bounded(start, seconds, "decoding");
    if (e && *out) fail_msg("an error and a component");
    return e;
}

/* b must be refused with an error of `kind` whose message holds `needle`, at an offset inside the
 * input (returned). */
static int64_t refused_in(const hb *b, double seconds, warden_error_kind_t kind, const char *needle)
{
    warden_component_t *c = NULL;
    warden_error_t *e = decode_in(b, seconds, &c);
    if (!e) {
        warden_component_delete(c);
        fail_msg("accepted; expected an error saying \"%s\"", needle);
    }
    const char *msg = warden_error_message(e);
    int64_t offset = warden_error_offset(e);
    if (warden_error_kind(e) != kind || !strstr(msg, needle))
        fail_msg("error kind %d at %lld: \"%s\"; expected kind %d saying \"%s\"",
                 (int)warden_error_kind(e), (long long)offset, msg, (int)kind, needle);
    if (offset < 0 || (uint64_t)offset > b->len)
        fail_msg("the offset %lld of \"%s\" is outside the %zu bytes", (long long)offset, msg,
                 b->len);
    warden_error_delete(e);
    return offset;
}

static int64_t refused(const hb *b, warden_error_kind_t kind, const char *needle)
{
    return refused_in(b, SECONDS(5), kind, needle);
}

static warden_component_t *accepted_in(const hb *b, double seconds)
{
    warden_component_t *c = NULL;
    warden_error_t *e = decode_in(b, seconds, &c);
    if (e)
        fail_msg("refused: kind %d at %lld: %s", (int)warden_error_kind(e),
                 (long long)warden_error_offset(e), warden_error_message(e));
    return c;
}

/* A component of one section. */
static void one_section(hb *out, uint8_t id, hb *body)
{
    hb_preamble(out);
    hb_section(out, id, body);
}

/* A type section of one entry. */
static void one_type(hb *out, hb *entry)
{
    hb body = {0};
    hb_u32(&body, 1);
    hb_buf(&body, entry);
    hb_free(entry);
    one_section(out, 7, &body);
}

/* list<list<...<u8>...>> 10,000 deep: one type each, each naming the one before. The depth limit
 * (100) refuses the 100th list, where it is defined. */
static void test_value_types_nested_10000_deep(void **state)
{
    (void)state;
    hb body = {0}, c = {0};
    hb_u32(&body, 10000);
    hb_byte(&body, 0x7d); /* type 0: u8 */
    size_t at100 = 0;
    for (uint32_t i = 1; i < 10000; i++) {
        if (i == 100) at100 = body.len;
        hb_byte(&body, 0x70);
        hb_s33(&body, i - 1);
    }
    hb_preamble(&c);
    hb_byte(&c, 7);
    hb_u32(&c, body.len);
    size_t start = c.len;
    hb_buf(&c, &body);
    int64_t at = refused(&c, WARDEN_ERROR_INVALID, "exceeds the limit");
    /* The error is where list 100 is defined. */
    assert_true(at >= (int64_t)(start + at100) && at <= (int64_t)(start + at100 + 3));
    hb_free(&body);
    hb_free(&c);

    /* Depth 100 itself is fine: u8 and 99 lists. */
    hb_u32(&body, 100);
    hb_byte(&body, 0x7d);
    for (uint32_t i = 1; i < 100; i++) {
        hb_byte(&body, 0x70);
        hb_s33(&body, i - 1);
    }
    one_section(&c, 7, &body);
    warden_component_delete(accepted_in(&c, SECONDS(1)));
    hb_free(&c);
}

/* A component nested in a component, 1,000 deep (built from the inside out). */
static void test_components_nested_1000_deep(void **state)
{
    (void)state;
    hb inner = {0};
    hb_preamble(&inner);
    for (int i = 0; i < 1000; i++) {
        hb outer = {0};
        hb_preamble(&outer);
        hb_section(&outer, 4, &inner);
        inner = outer;
    }
    int64_t at = refused(&inner, WARDEN_ERROR_INVALID, "components nested too deeply");
    /* 100 levels in: each level is a preamble and a section header (8 + 1 + 1..5 bytes). */
    assert_true(at > 100 * 10 && at < 100 * 14 + 8);
    hb_free(&inner);
}

/* Instance types (0x42), component types (0x41) and a mix, each declaring the next as a type,
 * 1,000 deep; the innermost holds a core module type. */
static void nested_types(hb *out, int mode)
{
    hb t = {0};
    hb_byte(&t, 0x42); /* the innermost: an instance type declaring a core module type */
    hb_u32(&t, 1);
    hb_byte(&t, 0x00);
    hb_byte(&t, 0x50);
    hb_u32(&t, 0);
    for (int i = 0; i < 1000; i++) {
        hb n = {0};
        bool component = mode == 1 || (mode == 2 && i % 2);
        hb_byte(&n, component ? 0x41 : 0x42);
        hb_u32(&n, 1);
        hb_byte(&n, 0x01); /* a type declaration */
        hb_buf(&n, &t);
        hb_free(&t);
        t = n;
    }
    one_type(out, &t);
}

static void test_types_nested_1000_deep(void **state)
{
    (void)state;
    for (int mode = 0; mode < 3; mode++) {
        hb c = {0};
        nested_types(&c, mode);
        refused(&c, WARDEN_ERROR_INVALID, "types nested too deeply");
        hb_free(&c);
    }
    /* Module types nested through core type declarations of component types. */
    hb t = {0};
    hb_byte(&t, 0x50);
    hb_u32(&t, 0);
    for (int i = 0; i < 1000; i++) {
        hb n = {0};
        hb_byte(&n, 0x41);
        hb_u32(&n, 1);
        hb_byte(&n, i == 0 ? 0x00 : 0x01); /* core type (the module type), then types */
        hb_buf(&n, &t);
        hb_free(&t);
        t = n;
    }
    hb c = {0};
    one_type(&c, &t);
    refused(&c, WARDEN_ERROR_INVALID, "types nested too deeply");
    hb_free(&c);
}

/* Counts of 2^32 - 1 (and of 2^24 + 1 cases) with a few bytes after them, at every vector of the
 * format the decoder sizes: refused as malformed before anything is allocated for them. */
static void test_vector_counts_past_the_end(void **state)
{
    (void)state;
    static const struct {
        const char *what;
        uint8_t section;
        uint8_t prefix[8];
        size_t nprefix;
        uint64_t count;
    } cases[] = {
        {"type section", 7, {0}, 0, 0xffffffff},
        {"record fields", 7, {0x01, 0x72}, 2, 0xffffffff},
        {"variant cases", 7, {0x01, 0x71}, 2, (1u << 24) + 1},
        {"enum cases", 7, {0x01, 0x6d}, 2, (1u << 24) + 1},
        {"tuple elements", 7, {0x01, 0x6f}, 2, 0xffffffff},
        {"flags", 7, {0x01, 0x6e}, 2, 0xffffffff},
        {"function parameters", 7, {0x01, 0x40}, 2, 0xffffffff},
        {"instance type declarations", 7, {0x01, 0x42}, 2, 0xffffffff},
        {"component type declarations", 7, {0x01, 0x41}, 2, 0xffffffff},
        {"core type section", 3, {0}, 0, 0xffffffff},
        {"core function parameters", 3, {0x01, 0x60}, 2, 0xffffffff},
        {"module type declarations", 3, {0x01, 0x50}, 2, 0xffffffff},
        {"core instance section", 2, {0}, 0, 0xffffffff},
        {"inline core exports", 2, {0x01, 0x01}, 2, 0xffffffff},
        {"instance section", 5, {0}, 0, 0xffffffff},
        {"inline exports", 5, {0x01, 0x01}, 2, 0xffffffff},
        {"alias section", 6, {0}, 0, 0xffffffff},
        {"canon section", 8, {0}, 0, 0xffffffff},
        {"canonical options", 8, {0x01, 0x01, 0x00, 0x00}, 4, 0xffffffff},
        {"import section", 10, {0}, 0, 0xffffffff},
        {"export section", 11, {0}, 0, 0xffffffff},
        {"import name", 10, {0x01, 0x00}, 2, 0xffffffff},
        {"custom section name", 0, {0}, 0, 0xffffffff},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        hb body = {0}, c = {0};
        hb_bytes(&body, cases[i].prefix, cases[i].nprefix);
        hb_u32(&body, cases[i].count);
        hb_fill(&body, 0x00, 16);
        one_section(&c, cases[i].section, &body);
        warden_component_t *comp = NULL;
        warden_error_t *e = decode_in(&c, SECONDS(1), &comp);
        if (!e)
            fail_msg("%s: a count of %llu accepted", cases[i].what,
                     (unsigned long long)cases[i].count);
        const char *msg = warden_error_message(e);
        if (warden_error_kind(e) != WARDEN_ERROR_MALFORMED ||
            (!strstr(msg, "beyond the end") && !strstr(msg, "unexpected end")))
            fail_msg("%s: error kind %d: %s", cases[i].what, (int)warden_error_kind(e), msg);
        assert_true(warden_error_offset(e) >= 0 && (uint64_t)warden_error_offset(e) <= c.len);
        warden_error_delete(e);
        hb_free(&c);
    }
}

/* A type section of n types (bool each): one byte a type. */
static void many_types(hb *out, uint32_t n)
{
    hb body = {0};
    hb_u32(&body, n);
    hb_fill(&body, 0x7f, n);
    one_section(out, 7, &body);
}

static void test_a_million_types(void **state)
{
    (void)state;
    /* A million types of one kind: bounded by the input's size (WM_MAX_ITEMS a scope). */
    hb c = {0};
    many_types(&c, 1000000);
    warden_component_t *comp = accepted_in(&c, SECONDS(5));
    char *wit = NULL;
    size_t len = 0;
    double start = now();
    OK(warden_component_wit(comp, &wit, &len));
    bounded(start, SECONDS(2), "the WIT of a million types");
    free(wit);
    warden_component_delete(comp);
    hb_free(&c);
    /* Past the limit of a scope's index space. */
    many_types(&c, 1048577);
    refused(&c, WARDEN_ERROR_INVALID, "too many");
    hb_free(&c);
}

static void test_a_million_and_one_types(void **state)
{
    (void)state;
    hb c = {0};
    many_types(&c, 1000001);
    refused(&c, WARDEN_ERROR_INVALID, "too many");
    hb_free(&c);
}

#define MIB (1u << 20)

static void test_names_of_a_mebibyte(void **state)
{
    (void)state;
    char *name = malloc(MIB + 1);
    assert_non_null(name);
    memset(name, 'a', MIB);
    name[MIB] = 0;

    /* A custom section's name. */
    hb body = {0}, c = {0};
    hb_name(&body, name);
    one_section(&c, 0, &body);
    warden_component_delete(accepted_in(&c, SECONDS(1)));
    hb_free(&c);

    /* An import named with a mebibyte of kebab case: fine, and so is its WIT. */
    hb_preamble(&c);
    hb_u32(&body, 1);
    hb_bytes(&body, "\x40\x00\x01\x00", 4); /* type 0: func() */
    hb_section(&c, 7, &body);
    hb_u32(&body, 1);
    hb_byte(&body, 0x00);
    hb_name(&body, name);
    hb_byte(&body, 0x01);
    hb_u32(&body, 0);
    hb_section(&c, 10, &body);
    warden_component_t *comp = accepted_in(&c, SECONDS(1));
    char *wit = NULL;
    size_t len = 0;
    double start = now();
    OK(warden_component_wit(comp, &wit, &len));
    bounded(start, SECONDS(1), "the WIT of a name of 1 MiB");
    assert_true(len > MIB);
    free(wit);
    /* Instantiated: the name is unknown to the linker, which says so briefly. */
    warden_store_t *store = NULL;
    warden_component_linker_t *linker = NULL;
    OK(warden_store_new(engine, &store));
    OK(warden_component_linker_new(engine, &linker));
    warden_component_instance_t *inst = NULL;
    warden_trap_t *trap = NULL;
    warden_error_t *e = warden_component_linker_instantiate(linker, store, comp, &inst, &trap);
    assert_non_null(e);
    assert_int_equal(warden_error_kind(e), WARDEN_ERROR_UNLINKABLE);
    assert_non_null(strstr(warden_error_message(e), "missing import"));
    warden_error_delete(e);
    warden_component_linker_delete(linker);
    warden_store_delete(store);
    warden_component_delete(comp);

    /* The same name twice. (The message names it; the decoder cuts messages at 256 bytes, so
     * the name leaves no room for "already defined".) */
    hb_free(&c);
    hb_preamble(&c);
    hb_u32(&body, 1);
    hb_bytes(&body, "\x40\x00\x01\x00", 4);
    hb_section(&c, 7, &body);
    hb_u32(&body, 2);
    for (int i = 0; i < 2; i++) {
        hb_byte(&body, 0x00);
        hb_name(&body, name);
        hb_byte(&body, 0x01);
        hb_u32(&body, 0);
    }
    hb_section(&c, 10, &body);
    refused(&c, WARDEN_ERROR_INVALID, "import name `aaaa");
    hb_free(&c);

    /* Not UTF-8 at its very end. */
    name[MIB - 1] = (char)0xc3;
    hb_name(&body, name);
    one_section(&c, 0, &body);
    int64_t at = refused(&c, WARDEN_ERROR_MALFORMED, "malformed UTF-8");
    assert_true(at >= 8 && at < 20);
    hb_free(&c);

    /* A record field's label. */
    name[MIB - 1] = 'a';
    hb entry = {0};
    hb_byte(&entry, 0x72);
    hb_u32(&entry, 1);
    hb_name(&entry, name);
    hb_byte(&entry, 0x79);
    one_type(&c, &entry);
    warden_component_delete(accepted_in(&c, SECONDS(1)));
    hb_free(&c);
    free(name);
}

/* A record of n fields (u8 each), n distinct labels. */
static void record_of(hb *out, uint32_t n)
{
    hb entry = {0};
    char label[16];
    hb_byte(&entry, 0x72);
    hb_u32(&entry, n);
    for (uint32_t i = 0; i < n; i++) {
        hb_name(&entry, hb_label(label, i));
        hb_byte(&entry, 0x7d);
    }
    one_type(out, &entry);
}

static void test_a_record_of_100000_fields(void **state)
{
    (void)state;
    /* 2,000 fields are quick however labels are compared. */
    hb c = {0};
    record_of(&c, 2000);
    warden_component_delete(accepted_in(&c, SECONDS(1)));
    hb_free(&c);
    record_of(&c, 100000);
    warden_component_delete(accepted_in(&c, SECONDS(2)));
    hb_free(&c);
}

static void flags_of(hb *out, uint32_t n)
{
    hb entry = {0};
    char label[16];
    hb_byte(&entry, 0x6e);
    hb_u32(&entry, n);
    for (uint32_t i = 0; i < n; i++) hb_name(&entry, hb_label(label, i));
    one_type(out, &entry);
}

static void test_flags_of_33_labels(void **state)
{
    (void)state;
    hb c = {0};
    flags_of(&c, 32);
    warden_component_delete(accepted_in(&c, SECONDS(1)));
    hb_free(&c);
    flags_of(&c, 33);
    refused(&c, WARDEN_ERROR_INVALID, "more than 32 flags");
    hb_free(&c);
}

/* A variant can have at most 2^24 cases; each case takes at least 4 bytes, so 2^24 + 1 of them
 * need 64 MiB. The count alone, with the cases missing, is refused before anything is made for
 * them (test_vector_counts_past_the_end); here a count of 2^24 + 1 with a few MiB of cases. */
static void test_variant_of_2_24_plus_1_cases(void **state)
{
    (void)state;
    hb entry = {0}, c = {0};
    char label[16];
    hb_byte(&entry, 0x71);
    hb_u32(&entry, (1u << 24) + 1);
    for (uint32_t i = 0; i < 1000; i++) {
        hb_name(&entry, hb_label(label, i));
        hb_byte(&entry, 0x00); /* no payload */
        hb_byte(&entry, 0x00); /* no refinement */
    }
    hb_fill(&entry, 0x00, 4u << 20);
    one_type(&c, &entry);
    refused(&c, WARDEN_ERROR_MALFORMED, "beyond the end");
    hb_free(&c);
}

/* alias outer 0xffffffff 0 type, in a component, an instance type and a module type. */
static void test_outer_alias_count_2_32_minus_1(void **state)
{
    (void)state;
    hb body = {0}, c = {0};
    /* A component: type 0 is u8, then the alias. */
    hb_preamble(&c);
    hb_u32(&body, 1);
    hb_byte(&body, 0x7d);
    hb_section(&c, 7, &body);
    hb_u32(&body, 1);
    hb_bytes(&body, "\x03\x02", 2);
    hb_u32(&body, 0xffffffff);
    hb_u32(&body, 0);
    hb_section(&c, 6, &body);
    refused(&c, WARDEN_ERROR_INVALID, "invalid outer alias count of 4294967295");
    hb_free(&c);

    /* An instance type's alias declaration. */
    hb entry = {0};
    hb_byte(&entry, 0x42);
    hb_u32(&entry, 1);
    hb_byte(&entry, 0x02);
    hb_bytes(&entry, "\x03\x02", 2);
    hb_u32(&entry, 0xffffffff);
    hb_u32(&entry, 0);
    one_type(&c, &entry);
    refused(&c, WARDEN_ERROR_INVALID, "invalid outer alias count of 4294967295");
    hb_free(&c);

    /* A module type's (a core type alias). */
    hb_byte(&entry, 0x50);
    hb_u32(&entry, 1);
    hb_byte(&entry, 0x02);
    hb_bytes(&entry, "\x10\x01", 2);
    hb_u32(&entry, 0xffffffff);
    hb_u32(&entry, 0);
    hb_u32(&body, 1);
    hb_buf(&body, &entry);
    hb_free(&entry);
    one_section(&c, 3, &body);
    refused(&c, WARDEN_ERROR_INVALID, "invalid outer alias count of 4294967295");
    hb_free(&c);

    /* Nested two deep: counts 1 and 2 are fine, 3 is not. */
    for (uint32_t count = 1; count <= 3; count++) {
        hb inner = {0}, mid = {0};
        hb_preamble(&inner);
        hb_u32(&body, 1);
        hb_bytes(&body, "\x03\x02", 2);
        hb_u32(&body, count);
        hb_u32(&body, 0);
        hb_section(&inner, 6, &body);
        hb_preamble(&mid);
        hb_u32(&body, 1);
        hb_byte(&body, 0x7e);
        hb_section(&mid, 7, &body);
        hb_section(&mid, 4, &inner);
        hb_preamble(&c);
        hb_u32(&body, 1);
        hb_byte(&body, 0x7d);
        hb_section(&c, 7, &body);
        hb_section(&c, 4, &mid);
        if (count < 3)
            warden_component_delete(accepted_in(&c, SECONDS(1)));
        else
            refused(&c, WARDEN_ERROR_INVALID, "invalid outer alias count of 3");
        hb_free(&c);
    }
}

/* ---- a valid component, for truncation ---------------------------------------------------------
 */

/* Where each section of a component starts (up to 32). */
typedef struct sections {
    size_t start[32], end[32];
    size_t n;
} sections;

static void mark(sections *s, const hb *c, size_t start)
{
    s->start[s->n] = start;
    s->end[s->n] = c->len;
    s->n++;
}

/* Every kind of section: a core module with a memory, a function and data, its instance, core and
 * component types, an import, aliases, canon lift and lower, a nested component instantiated, an
 * inline instance, exports and a custom section. */
static void valid_component(hb *c, sections *s)
{
    hb body = {0}, mod = {0};
    hb_module m;
    s->n = 0;
    hb_preamble(c);
    size_t at = c->len;
    hb_u32(&body, 2);
    hb_bytes(&body, "\x40\x01\x01x\x79\x00\x79", 7); /* type 0: func(x: u32) -> u32 */
    hb_bytes(&body,
             "\x72\x01\x01"
             "a\x73",
             5); /* type 1: record { a: string } */
    hb_section(c, 7, &body);
    mark(s, c, at);
    at = c->len;
    hb_u32(&body, 1);
    hb_byte(&body, 0x00);
    hb_name(&body, "double");
    hb_byte(&body, 0x01);
    hb_u32(&body, 0);
    hb_section(c, 10, &body); /* func 0 */
    mark(s, c, at);
    at = c->len;
    hb_module_init(&m, 1, false);
    static const uint8_t id[] = {0x20, 0x00}; /* local.get 0 */
    hb_module_func(&m, "id", "i:i", id, sizeof id);
    hb_module_data(&m, 16, "hello", 5);
    hb_module_finish(&m, &mod);
    hb_section(c, 1, &mod);
    mark(s, c, at);
    at = c->len;
    hb_u32(&body, 1);
    hb_bytes(&body, "\x00\x00\x00", 3); /* core instance 0 */
    hb_section(c, 2, &body);
    mark(s, c, at);
    at = c->len;
    hb_u32(&body, 2);
    hb_bytes(&body, "\x00\x00\x01\x00", 4);
    hb_name(&body, "id"); /* core func 0 */
    hb_bytes(&body, "\x00\x02\x01\x00", 4);
    hb_name(&body, "mem"); /* core memory 0 */
    hb_section(c, 6, &body);
    mark(s, c, at);
    at = c->len;
    hb_u32(&body, 2);
    hb_bytes(&body, "\x00\x00\x00\x00\x00", 5);     /* canon lift core func 0 () type 0: func 1 */
    hb_bytes(&body, "\x01\x00\x00\x01\x03\x00", 6); /* canon lower func 0 (memory 0): core 1 */
    hb_section(c, 8, &body);
    mark(s, c, at);
    at = c->len;
    hb_u32(&body, 1);
    hb_bytes(&body, "\x60\x01\x7f\x01\x7f", 5); /* core type 0 */
    hb_section(c, 3, &body);
    mark(s, c, at);
    at = c->len;
    hb inner = {0};
    hb_preamble(&inner);
    hb_u32(&body, 1);
    hb_byte(&body, 0x00);
    hb_name(&body, "f");
    hb_byte(&body, 0x01);
    hb_u32(&body, 0);
    hb inner_types = {0};
    hb_u32(&inner_types, 1);
    hb_bytes(&inner_types, "\x40\x01\x01x\x79\x00\x79", 7);
    hb_section(&inner, 7, &inner_types);
    hb_section(&inner, 10, &body);
    hb_u32(&body, 1);
    hb_byte(&body, 0x00);
    hb_name(&body, "g");
    hb_bytes(&body, "\x01\x00\x00", 3);
    hb_section(&inner, 11, &body);
    hb_section(c, 4, &inner); /* component 0 */
    mark(s, c, at);
    at = c->len;
    hb_u32(&body, 2);
    hb_bytes(&body, "\x00\x00\x01", 3); /* instance 0: instantiate component 0 with f = func 1 */
    hb_name(&body, "f");
    hb_bytes(&body, "\x01\x01", 2);
    hb_bytes(&body, "\x01\x01\x00", 3); /* instance 1: inline exports: "h" = func 1 */
    hb_name(&body, "h");
    hb_bytes(&body, "\x01\x01", 2);
    hb_section(c, 5, &body);
    mark(s, c, at);
    at = c->len;
    hb_u32(&body, 1);
    hb_bytes(&body, "\x01\x00\x00", 3); /* func 2: instance 0's "g" */
    hb_name(&body, "g");
    hb_section(c, 6, &body);
    mark(s, c, at);
    at = c->len;
    hb_u32(&body, 3);
    hb_byte(&body, 0x00);
    hb_name(&body, "run");
    hb_bytes(&body, "\x01\x02\x00", 3);
    hb_byte(&body, 0x00);
    hb_name(&body, "pair");
    hb_bytes(&body, "\x05\x01\x00", 3);
    hb_byte(&body, 0x00);
    hb_name(&body, "rec");
    hb_bytes(&body, "\x03\x01\x00", 3);
    hb_section(c, 11, &body);
    mark(s, c, at);
    at = c->len;
    hb_name(&body, "producers");
    hb_bytes(&body, "\x01\x02\x03", 3);
    hb_section(c, 0, &body);
    mark(s, c, at);
}

static void test_every_prefix_and_cut(void **state)
{
    (void)state;
    hb c = {0};
    sections s;
    valid_component(&c, &s);
    warden_component_t *whole = accepted_in(&c, SECONDS(1));
    assert_int_equal(warden_component_export_count(whole), 3);
    warden_component_delete(whole);
    double start = now();
    /* Every prefix: refused as malformed, but at the end of a section (a component may stop
     * after any section). */
    for (size_t len = 0; len < c.len; len++) {
        bool boundary = len == 8;
        for (size_t i = 0; i < s.n; i++) boundary |= len == s.end[i];
        warden_component_t *comp = NULL;
        warden_error_t *e = warden_component_new(engine, c.p, len, &comp);
        if (!e) {
            if (!boundary) fail_msg("the prefix of %zu bytes is accepted", len);
            warden_component_delete(comp);
            continue;
        }
        warden_error_kind_t kind = warden_error_kind(e);
        int64_t at = warden_error_offset(e);
        if (comp || (kind != WARDEN_ERROR_MALFORMED && !boundary) ||
            (kind != WARDEN_ERROR_MALFORMED && kind != WARDEN_ERROR_INVALID) || at < 0 ||
            (uint64_t)at > len)
            fail_msg("the prefix of %zu bytes: kind %d at %lld: %s", len, (int)kind, (long long)at,
                     warden_error_message(e));
        warden_error_delete(e);
    }
    /* Every section cut short at every byte, its size adjusted, the sections after it kept: a
     * clean verdict every time (the rest then reads as garbage or as other items). */
    for (size_t i = 0; i < s.n; i++) {
        size_t header_end = s.start[i] + 1; /* past the id, then the size's LEB128 */
        while (c.p[header_end] & 0x80) header_end++;
        header_end++;
        size_t size = s.end[i] - header_end;
        for (size_t cut = 0; cut < size; cut++) {
            hb t = {0};
            hb_bytes(&t, c.p, s.start[i] + 1);
            hb_u32(&t, cut);
            hb_bytes(&t, c.p + header_end, cut);
            hb_bytes(&t, c.p + s.end[i], c.len - s.end[i]);
            warden_component_t *comp = NULL;
            warden_error_t *e = warden_component_new(engine, t.p, t.len, &comp);
            if (e) {
                warden_error_kind_t kind = warden_error_kind(e);
                int64_t at = warden_error_offset(e);
                if (comp || (kind != WARDEN_ERROR_MALFORMED && kind != WARDEN_ERROR_INVALID) ||
                    at < 0 || (uint64_t)at > t.len)
                    fail_msg("section %zu cut to %zu bytes: kind %d at %lld: %s", i, cut, (int)kind,
                             (long long)at, warden_error_message(e));
                warden_error_delete(e);
            }
            warden_component_delete(comp);
            hb_free(&t);
        }
    }
    bounded(start, SECONDS(5), "every prefix and cut");
    hb_free(&c);
}

/* A core module inside that is malformed: the error's offset is the offset in the whole binary of
 * the module's byte at fault. */
static void test_malformed_core_module_inside(void **state)
{
    (void)state;
    hb mod = {0}, c = {0};
    hb_module m;
    hb_module_init(&m, 0, false);
    static const uint8_t code[] = {0x41, 0x01, 0xff}; /* i32.const 1, then an unknown opcode */
    hb_module_func(&m, "f", ":i", code, sizeof code);
    hb_module_finish(&m, &mod);
    /* Where the bad opcode is in the module. */
    size_t bad = 0;
    for (size_t i = 0; i + 2 < mod.len; i++)
        if (mod.p[i] == 0x41 && mod.p[i + 1] == 0x01 && mod.p[i + 2] == 0xff) bad = i + 2;
    assert_true(bad > 0);
    size_t mod_len = mod.len;

    /* In the component, after a custom section. */
    hb body = {0};
    hb_preamble(&c);
    hb_name(&body, "pad");
    hb_fill(&body, 0xee, 100);
    hb_section(&c, 0, &body);
    hb_byte(&c, 1);
    hb_u32(&c, mod.len);
    size_t start = c.len;
    hb_buf(&c, &mod);
    int64_t at = refused(&c, WARDEN_ERROR_MALFORMED, "");
    if (at < (int64_t)start || at >= (int64_t)(start + mod_len))
        fail_msg("offset %lld is outside the module at [%zu, %zu)", (long long)at, start,
                 start + mod_len);
    assert_int_equal(at, (int64_t)(start + bad));

    /* In a component nested in a component. */
    hb outer = {0};
    hb_preamble(&outer);
    hb_byte(&outer, 4);
    hb_u32(&outer, c.len);
    size_t inner_start = outer.len;
    hb_buf(&outer, &c);
    at = refused(&outer, WARDEN_ERROR_MALFORMED, "");
    assert_int_equal(at, (int64_t)(inner_start + start + bad));
    hb_free(&outer);
    hb_free(&c);

    /* A module with a wrong version: the offset is in the module's header. */
    mod.p[4] = 0x02;
    hb_preamble(&c);
    hb_byte(&c, 1);
    hb_u32(&c, mod.len);
    start = c.len;
    hb_buf(&c, &mod);
    at = refused(&c, WARDEN_ERROR_MALFORMED, "version");
    assert_true(at >= (int64_t)start && at <= (int64_t)start + 8);
    hb_free(&c);

    /* A module that is valid but for a type error: INVALID, with its offset. */
    hb_free(&mod);
    hb_module_init(&m, 0, false);
    static const uint8_t wrong[] = {0x42, 0x01}; /* i64.const 1 for an i32 result */
    hb_module_func(&m, "f", ":i", wrong, sizeof wrong);
    hb_module_finish(&m, &mod);
    hb_preamble(&c);
    hb_byte(&c, 1);
    hb_u32(&c, mod.len);
    start = c.len;
    hb_buf(&c, &mod);
    at = refused(&c, WARDEN_ERROR_INVALID, "type mismatch");
    assert_true(at > (int64_t)start && at < (int64_t)(start + mod.len));
    hb_free(&c);
    hb_free(&mod);
}

/* Levels of the type DAGs below (45: nesting 91 of the limit of 100). */
#ifndef HOSTILE_DAG_LEVELS
#define HOSTILE_DAG_LEVELS 45
#endif

/* t0 = list<u8>; t(k+1) = list<tuple<t(k), t(k)>>: the type has 2^k leaves as a tree, its
 * binary is 9 bytes a level. A function returning it is checked for borrows in the result. */
static void dag_types(hb *body, uint32_t levels, uint32_t *last)
{
    hb_bytes(body, "\x70\x7d", 2);
    uint32_t prev = 0, n = 1;
    for (uint32_t k = 0; k < levels; k++) {
        hb_byte(body, 0x6f);
        hb_u32(body, 2);
        hb_s33(body, prev);
        hb_s33(body, prev);
        hb_byte(body, 0x70);
        hb_s33(body, n);
        prev = n + 1;
        n += 2;
    }
    *last = prev;
}

static void test_type_dags(void **state)
{
    (void)state;
    /* As a parameter, the DAG costs nothing. */
    hb body = {0}, c = {0};
    uint32_t last = 0;
    hb_u32(&body, 2 * HOSTILE_DAG_LEVELS + 2);
    dag_types(&body, HOSTILE_DAG_LEVELS, &last);
    hb_byte(&body, 0x40);
    hb_u32(&body, 1);
    hb_name(&body, "p");
    hb_s33(&body, last);
    hb_bytes(&body, "\x01\x00", 2);
    one_section(&c, 7, &body);
    warden_component_t *comp = accepted_in(&c, SECONDS(1));
    /* Its WIT is bounded (the library's limit on WIT text). */
    char *wit = NULL;
    size_t len = 0;
    double start = now();
    warden_error_t *e = warden_component_wit(comp, &wit, &len);
    bounded(start, SECONDS(10), "the WIT of a type DAG");
    warden_error_delete(e);
    free(wit);
    warden_component_delete(comp);
    hb_free(&c);

    hb_u32(&body, 2 * HOSTILE_DAG_LEVELS + 2);
    dag_types(&body, HOSTILE_DAG_LEVELS, &last);
    hb_bytes(&body, "\x40\x00\x00", 3);
    hb_s33(&body, last);
    one_section(&c, 7, &body);
    warden_component_delete(accepted_in(&c, SECONDS(1)));
    hb_free(&c);
}

/* A component importing f: func(p: T) instantiated with a function of a type T' that is built
 * the same way but apart: the check that the argument fits compares T and T' structurally. */
static void test_type_dags_compared(void **state)
{
    (void)state;
    hb c = {0}, inner = {0}, body = {0};
    uint32_t last = 0;
    for (int side = 0; side < 2; side++) {
        hb *out = side ? &c : &inner;
        hb_preamble(out);
        hb_u32(&body, 2 * HOSTILE_DAG_LEVELS + 2);
        dag_types(&body, HOSTILE_DAG_LEVELS, &last);
        hb_byte(&body, 0x40);
        hb_u32(&body, 1);
        hb_name(&body, "p");
        hb_s33(&body, last);
        hb_bytes(&body, "\x01\x00", 2);
        hb_section(out, 7, &body);
        hb_u32(&body, 1);
        hb_byte(&body, 0x00);
        hb_name(&body, "f");
        hb_byte(&body, 0x01);
        hb_u32(&body, last + 1);
        hb_section(out, 10, &body);
    }
    hb_section(&c, 4, &inner);
    hb_u32(&body, 1);
    hb_bytes(&body, "\x00\x00\x01", 3); /* instantiate component 0 with f = func 0 */
    hb_name(&body, "f");
    hb_bytes(&body, "\x01\x00", 2);
    hb_section(&c, 5, &body);
    warden_component_delete(accepted_in(&c, SECONDS(1)));
    hb_free(&c);
}

static void test_100000_imports(void **state)
{
    (void)state;
    hb body = {0}, c = {0};
    char label[16];
    hb_preamble(&c);
    hb_u32(&body, 1);
    hb_bytes(&body, "\x40\x00\x01\x00", 4);
    hb_section(&c, 7, &body);
    hb_u32(&body, 100000);
    for (uint32_t i = 0; i < 100000; i++) {
        hb_byte(&body, 0x00);
        hb_name(&body, hb_label(label, i));
        hb_byte(&body, 0x01);
        hb_u32(&body, 0);
    }
    hb_section(&c, 10, &body);
    warden_component_delete(accepted_in(&c, SECONDS(2)));
    hb_free(&c);
}

/* ---- instantiation ------------------------------------------------------------------------------
 */

/* An empty component, instantiated twice by its parent, nested `depth` deep: 2^depth instances
 * from a few hundred bytes. */
static void instantiation_bomb(hb *out, int depth)
{
    hb inner = {0};
    hb_preamble(&inner);
    for (int d = 0; d < depth; d++) {
        hb outer = {0}, body = {0};
        hb_preamble(&outer);
        hb_section(&outer, 4, &inner);
        hb_u32(&body, 2);
        hb_bytes(&body, "\x00\x00\x00\x00\x00\x00", 6);
        hb_section(&outer, 5, &body);
        inner = outer;
    }
    *out = inner;
}

static void test_instantiations_nested(void **state)
{
    (void)state;
    hb c = {0};
    instantiation_bomb(&c, 40);
    warden_component_t *comp = accepted_in(&c, SECONDS(1));
    warden_store_t *store = NULL;
    warden_component_linker_t *linker = NULL;
    OK(warden_store_new(engine, &store));
    warden_store_limits_t limits;
    warden_store_limits_default(&limits);
    limits.max_memory_bytes = 64u << 20;
    OK(warden_store_set_limits(store, &limits));
    OK(warden_component_linker_new(engine, &linker));
    warden_component_instance_t *inst = NULL;
    warden_trap_t *trap = NULL;
    double start = now();
    warden_error_t *e = warden_component_linker_instantiate(linker, store, comp, &inst, &trap);
    bounded(start, SECONDS(5), "instantiating 2^40 instances");
    assert_null(inst);
    assert_null(trap);
    assert_non_null(e);
    if (warden_error_kind(e) != WARDEN_ERROR_LIMIT || !strstr(warden_error_message(e), "memory"))
        fail_msg("kind %d: %s", (int)warden_error_kind(e), warden_error_message(e));
    warden_error_delete(e);
    warden_component_linker_delete(linker);
    warden_store_delete(store);
    warden_component_delete(comp);
    hb_free(&c);
}

/* ---- run time: results
 * ---------------------------------------------------------------------------- */

typedef struct seg {
    uint32_t offset;
    const void *bytes;
    size_t len;
} seg;

#define NO_ENCODING (-1)

/* What a guest's memory holds, and the string encoding its functions use. */
typedef struct guest_opts {
    uint32_t pages; /* 0: one */
    int encoding;   /* 0 UTF-8, 1 UTF-16, 2 latin1+UTF-16, or NO_ENCODING (the default) */
    const seg *segs;
    size_t nsegs;
} guest_opts;

/* A component exporting "f": func() -> R, lifted from a core function that returns `ret` (the
 * value, or a pointer to it when R does not fit one core value), with the memory "mem" and the
 * options `o`. `types` holds the component's types (ntypes of them; freed); R is `result`, a
 * value type as encoded (a primitive's code or a type index). */
/* A component whose export "f" lifts `ret` (the core function's i32 result) as a value of type
 * `result`. types[0..ntypes) are the value types it defines first, one by one; each is exported
 * ("t0", "t1"...) right after its definition, as external visibility wants of a named type an
 * exported function uses, so type i gets index 2i and its exported alias 2i + 1: a type or a
 * `result` that refers to type i refers to 2i + 1 (typeidx(i) for `result` is turned into that).
 * The types are freed. */
static void result_guest(hb *out, hb *types, uint32_t ntypes, const hb *result, int32_t ret,
                         const guest_opts *o)
{
    hb mod = {0}, body = {0};
    hb_module m;
    int encoding = o->encoding ? o->encoding : NO_ENCODING;
    hb_module_init(&m, o->pages ? o->pages : 1, false);
    uint8_t code[8] = {HB_I32_CONST};
    hb t = {0};
    hb_s32(&t, ret);
    memcpy(code + 1, t.p, t.len);
    hb_module_func(&m, "f", ":i", code, 1 + t.len);
    hb_free(&t);
    for (size_t i = 0; i < o->nsegs; i++)
        hb_module_data(&m, o->segs[i].offset, o->segs[i].bytes, o->segs[i].len);
    hb_module_finish(&m, &mod);

    hb_preamble(out);
    hb_section(out, 1, &mod);
    hb_u32(&body, 1);
    hb_bytes(&body, "\x00\x00\x00", 3);
    hb_section(out, 2, &body);
    for (uint32_t i = 0; i < ntypes; i++) {
        char name[16];
        snprintf(name, sizeof name, "t%u", i);
        hb_u32(&body, 1);
        hb_buf(&body, &types[i]);
        hb_section(out, 7, &body);
        hb_u32(&body, 1);
        hb_byte(&body, 0x00);
        hb_name(&body, name);
        hb_bytes(&body, "\x03", 1);
        hb_u32(&body, 2 * i);
        hb_byte(&body, 0x00);
        hb_section(out, 11, &body);
    }
    hb_u32(&body, 1);
    hb_bytes(&body, "\x40\x00\x00", 3);
    if (result->len == 1 && result->p[0] < 0x40 && result->p[0] < ntypes)
        hb_s33(&body, 2 * result->p[0] + 1u); /* the exported alias */
    else
        hb_buf(&body, result);
    hb_section(out, 7, &body);
    hb_u32(&body, 2);
    hb_bytes(&body, "\x00\x00\x01\x00", 4);
    hb_name(&body, "f");
    hb_bytes(&body, "\x00\x02\x01\x00", 4);
    hb_name(&body, "mem");
    hb_section(out, 6, &body);
    hb_u32(&body, 1);
    hb_bytes(&body, "\x00\x00\x00", 3);
    hb_u32(&body, encoding == NO_ENCODING ? 1 : 2);
    hb_bytes(&body, "\x03\x00", 2);
    if (encoding != NO_ENCODING) hb_byte(&body, (uint8_t)encoding);
    hb_u32(&body, 2 * ntypes);
    hb_section(out, 8, &body);
    hb_u32(&body, 1);
    hb_byte(&body, 0x00);
    hb_name(&body, "f");
    hb_bytes(&body, "\x01\x00\x00", 3);
    hb_section(out, 11, &body);
    for (uint32_t i = 0; i < ntypes; i++) hb_free(&types[i]);
}

typedef struct run {
    warden_component_t *comp;
    warden_store_t *store;
    warden_component_linker_t *linker;
    warden_component_instance_t *inst;
} run;

static void run_open(run *r, const hb *c, uint64_t memory_limit)
{
    memset(r, 0, sizeof *r);
    r->comp = accepted_in(c, SECONDS(1));
    OK(warden_store_new(engine, &r->store));
    warden_store_limits_t limits;
    warden_store_limits_default(&limits);
    limits.max_memory_bytes = memory_limit;
    OK(warden_store_set_limits(r->store, &limits));
    OK(warden_store_set_fuel(r->store, 1000000));
    OK(warden_component_linker_new(engine, &r->linker));
}

static void run_instantiate(run *r)
{
    warden_trap_t *trap = NULL;
    OK(warden_component_linker_instantiate(r->linker, r->store, r->comp, &r->inst, &trap));
    if (trap) fail_msg("instantiation trapped: %s", warden_trap_message(trap));
}

static void run_close(run *r)
{
    warden_component_linker_delete(r->linker);
    warden_store_delete(r->store);
    warden_component_delete(r->comp);
}

/* Calls `name` with `args`; returns its trap (NULL when it returned, *result then set). */
static warden_trap_t *call(run *r, const char *name, const warden_component_val_t *args,
                           size_t nargs, warden_component_val_t *result)
{
    warden_component_func_t *f = warden_component_instance_func(r->inst, name, strlen(name));
    if (!f) fail_msg("no export `%s`", name);
    bool has_result = warden_component_functype_result(warden_component_func_type(f)) != NULL;
    warden_component_val_t ignored = {.kind = WARDEN_COMPONENT_BOOL};
    warden_trap_t *trap = NULL;
    double start = now();
    OK(warden_component_func_call(r->store, f, args, nargs,
                                  has_result ? (result ? result : &ignored) : NULL,
                                  has_result ? 1 : 0, &trap));
    bounded(start, SECONDS(5), name);
    warden_component_val_delete(&ignored);
    return trap;
}

/* The trap must be a host trap (the canonical ABI's) saying `needle`; deletes it. */
static void host_trap(warden_trap_t *trap, const char *needle)
{
    if (!trap) fail_msg("no trap; expected \"%s\"", needle);
    if (warden_trap_kind(trap) != WARDEN_TRAP_HOST || !strstr(warden_trap_message(trap), needle))
        fail_msg("trap kind %d: \"%s\"; expected a host trap saying \"%s\"",
                 (int)warden_trap_kind(trap), warden_trap_message(trap), needle);
    warden_trap_delete(trap);
}

/* The export "f" of a result_guest must trap with `needle`. */
static void result_traps(hb *types, uint32_t ntypes, const hb *result, int32_t ret,
                         const guest_opts *o, const char *needle)
{
    hb c = {0};
    result_guest(&c, types, ntypes, result, ret, o);
    run r;
    run_open(&r, &c, 64u << 20);
    run_instantiate(&r);
    host_trap(call(&r, "f", NULL, 0, NULL), needle);
    /* The instance is poisoned now. */
    host_trap(call(&r, "f", NULL, 0, NULL), "trapped before");
    run_close(&r);
    hb_free(&c);
}

static hb prim(uint8_t code)
{
    hb b = {0};
    hb_byte(&b, code);
    return b;
}

static hb typeidx(uint32_t i)
{
    hb b = {0};
    hb_s33(&b, i);
    return b;
}

/* Little-endian words, for (pointer, length) pairs in memory. */
#define LE32(v)                                                                                    \
    (uint8_t)((v) & 0xff), (uint8_t)(((v) >> 8) & 0xff), (uint8_t)(((v) >> 16) & 0xff),            \
        (uint8_t)(((uint32_t)(v) >> 24) & 0xff)

static void test_strings_out_of_bounds(void **state)
{
    (void)state;
    hb none = {0}, str = prim(0x73);
    /* ptr + len wraps around 2^32. */
    static const uint8_t wrap[] = {LE32(0xffffffffu), LE32(2)};
    seg s1 = {8, wrap, sizeof wrap};
    result_traps(&none, 0, &str, 8, &(guest_opts){.segs = &s1, .nsegs = 1},
                 "out of bounds of memory");
    /* A length past the canonical ABI's limit (2^28 - 1 bytes). */
    static const uint8_t huge[] = {LE32(16), LE32(0xffffffffu)};
    seg s2 = {8, huge, sizeof huge};
    result_traps(&none, 0, &str, 8, &(guest_opts){.segs = &s2, .nsegs = 1},
                 "string length too large");
    /* UTF-16 at an odd address; UTF-16 with a lone surrogate; latin1+UTF-16 tagged, too long. */
    static const uint8_t odd[] = {LE32(33), LE32(1)};
    seg s3 = {8, odd, sizeof odd};
    result_traps(&none, 0, &str, 8, &(guest_opts){.encoding = 1, .segs = &s3, .nsegs = 1},
                 "unaligned pointer");
    static const uint8_t lone_at[] = {LE32(32), LE32(2)};
    static const uint8_t lone[] = {'a', 0, 0x00, 0xd8}; /* "a", then a high surrogate alone */
    seg s4[] = {{8, lone_at, sizeof lone_at}, {32, lone, sizeof lone}};
    result_traps(&none, 0, &str, 8, &(guest_opts){.encoding = 1, .segs = s4, .nsegs = 2},
                 "invalid utf-16");
    static const uint8_t tagged[] = {LE32(32), LE32(0xffffffffu)};
    seg s5 = {8, tagged, sizeof tagged};
    result_traps(&none, 0, &str, 8, &(guest_opts){.encoding = 2, .segs = &s5, .nsegs = 1},
                 "string length too large");
    /* The (pointer, length) pair itself out of bounds. */
    result_traps(&none, 0, &str, 65532, &(guest_opts){0}, "out of bounds");
    hb_free(&str);
}

static void test_lists_out_of_bounds(void **state)
{
    (void)state;
    hb types = {0}, idx = typeidx(0);
    /* list<u32> of 2^32 - 1 elements. */
    static const uint8_t longest[] = {LE32(0), LE32(0xffffffffu)};
    seg s1 = {8, longest, sizeof longest};
    hb_bytes(&types, "\x70\x79", 2);
    result_traps(&types, 1, &idx, 8, &(guest_opts){.segs = &s1, .nsegs = 1},
                 "list length too large");
    /* list<u8> past the end of memory, and wrapping around. */
    static const uint8_t past[] = {LE32(65000), LE32(1000)};
    seg s2 = {8, past, sizeof past};
    hb_bytes(&types, "\x70\x7d", 2);
    result_traps(&types, 1, &idx, 8, &(guest_opts){.segs = &s2, .nsegs = 1},
                 "list pointer/length out of bounds of memory");
    static const uint8_t wrap[] = {LE32(0xfffffff0u), LE32(32)};
    seg s3 = {8, wrap, sizeof wrap};
    hb_bytes(&types, "\x70\x7d", 2);
    result_traps(&types, 1, &idx, 8, &(guest_opts){.segs = &s3, .nsegs = 1}, "out of bounds");
    /* list<u64> misaligned. */
    static const uint8_t odd[] = {LE32(20), LE32(1)};
    seg s4 = {8, odd, sizeof odd};
    hb_bytes(&types, "\x70\x77", 2);
    result_traps(&types, 1, &idx, 8, &(guest_opts){.segs = &s4, .nsegs = 1}, "unaligned pointer");
    /* list<string> whose second string is not UTF-8 (an overlong encoding). */
    static const uint8_t strs[] = {LE32(24), LE32(2), 0, 0,        0,       0,        0,
                                   0,        0,       0, LE32(64), LE32(1), LE32(65), LE32(2)};
    static const uint8_t text[] = {'a', 0xc0, 0xaf};
    seg s5[] = {{8, strs, sizeof strs}, {64, text, sizeof text}};
    hb_bytes(&types, "\x70\x73", 2);
    result_traps(&types, 1, &idx, 8, &(guest_opts){.segs = s5, .nsegs = 2}, "invalid utf-8");
    hb_free(&idx);
}

static void test_bad_discriminants(void **state)
{
    (void)state;
    hb types = {0}, idx = typeidx(0);
    char label[16];
    /* option<u8> through memory: discriminant 2. */
    static const uint8_t two[] = {2};
    seg s1 = {8, two, 1};
    hb_bytes(&types, "\x6b\x7d", 2);
    result_traps(&types, 1, &idx, 8, &(guest_opts){.segs = &s1, .nsegs = 1},
                 "invalid variant discriminant");
    /* result (no payloads), flat: 2. */
    hb_bytes(&types, "\x6a\x00\x00", 3);
    result_traps(&types, 1, &idx, 2, &(guest_opts){0}, "invalid variant discriminant");
    /* A variant of 300 cases (a 16-bit discriminant), flat: 300 and 0x10000. */
    for (int k = 0; k < 2; k++) {
        hb_bytes(&types, "\x71", 1);
        hb_u32(&types, 300);
        for (uint32_t i = 0; i < 300; i++) {
            hb_name(&types, hb_label(label, i));
            hb_bytes(&types, "\x00\x00", 2);
        }
        result_traps(&types, 1, &idx, k ? 0x10000 : 300, &(guest_opts){0},
                     "invalid variant discriminant");
    }
    /* result<u8, string> in memory with a discriminant of 0xff. */
    static const uint8_t ff[] = {0xff};
    seg s2 = {8, ff, 1};
    hb_bytes(&types, "\x6a\x01\x7d\x01\x73", 5);
    result_traps(&types, 1, &idx, 8, &(guest_opts){.segs = &s2, .nsegs = 1},
                 "invalid variant discriminant");
    hb_free(&idx);
}

static void test_bad_chars_bools_and_flags(void **state)
{
    (void)state;
    hb types = {0}, idx = typeidx(0), ch = prim(0x74);
    /* A surrogate as a char, flat; past 0x10ffff in a record in memory. */
    result_traps(&types, 0, &ch, 0xdfff, &(guest_opts){0}, "invalid `char` bit pattern");
    static const uint8_t rec[] = {1, 0, 0, 0, LE32(0x110000)};
    seg s1 = {8, rec, sizeof rec};
    hb_bytes(&types,
             "\x72\x02\x01"
             "a\x7d\x01"
             "c\x74",
             8);
    result_traps(&types, 1, &idx, 8, &(guest_opts){.segs = &s1, .nsegs = 1},
                 "invalid `char` bit pattern");
    hb_free(&ch);

    /* A bool of 2 and flags with bits past their labels lift without a trap: the canonical ABI
     * reads any non-zero bool as true and ignores unused flag bits. */
    hb c = {0}, b = prim(0x7f);
    result_guest(&c, &types, 0, &b, 2, &(guest_opts){0});
    run r;
    run_open(&r, &c, 64u << 20);
    run_instantiate(&r);
    warden_component_val_t v = {.kind = WARDEN_COMPONENT_BOOL};
    assert_null(call(&r, "f", NULL, 0, &v));
    assert_int_equal(v.kind, WARDEN_COMPONENT_BOOL);
    assert_true(v.of.boolean);
    run_close(&r);
    hb_free(&c);
    hb_free(&b);
    hb_bytes(&types, "\x6e\x03\x01r\x01w\x01x", 8);
    result_guest(&c, &types, 1, &idx, -1, &(guest_opts){0});
    run_open(&r, &c, 64u << 20);
    run_instantiate(&r);
    assert_null(call(&r, "f", NULL, 0, &v));
    assert_int_equal(v.kind, WARDEN_COMPONENT_FLAGS);
    assert_int_equal(v.of.flags.len, 3);
    warden_component_val_delete(&v);
    run_close(&r);
    hb_free(&c);
    hb_free(&idx);
}

static void test_return_pointer_out_of_bounds(void **state)
{
    (void)state;
    hb types = {0}, idx = typeidx(0);
    hb_bytes(&types, "\x6f\x02\x77\x77", 4); /* tuple<u64, u64> */
    result_traps(&types, 1, &idx, (int32_t)0xfffffff8u, &(guest_opts){0},
                 "out of bounds of memory");
    hb_bytes(&types, "\x6f\x02\x77\x77", 4);
    result_traps(&types, 1, &idx, 65528, &(guest_opts){0}, "out of bounds of memory");
    hb_bytes(&types, "\x6f\x02\x77\x77", 4);
    result_traps(&types, 1, &idx, 12, &(guest_opts){0}, "unaligned pointer");
    hb_free(&idx);
}

static void test_unknown_handle(void **state)
{
    (void)state;
    /* type 0: resource (rep i32); exported as "r" (type 1); type 2: own<1>. */
    hb c = {0}, mod = {0}, body = {0};
    hb_module m;
    hb_module_init(&m, 1, false);
    static const uint8_t seven[] = {HB_I32_CONST, 7};
    hb_module_func(&m, "f", ":i", seven, sizeof seven);
    hb_module_finish(&m, &mod);
    hb_preamble(&c);
    hb_section(&c, 1, &mod);
    hb_u32(&body, 1);
    hb_bytes(&body, "\x00\x00\x00", 3);
    hb_section(&c, 2, &body);
    hb_u32(&body, 1);
    hb_bytes(&body, "\x3f\x7f\x00", 3);
    hb_section(&c, 7, &body);
    hb_u32(&body, 1);
    hb_byte(&body, 0x00);
    hb_name(&body, "r");
    hb_bytes(&body, "\x03\x00\x00", 3);
    hb_section(&c, 11, &body);
    hb_u32(&body, 2);
    hb_bytes(&body, "\x69\x01", 2);
    hb_bytes(&body, "\x40\x00\x00\x02", 4);
    hb_section(&c, 7, &body);
    hb_u32(&body, 1);
    hb_bytes(&body, "\x00\x00\x01\x00", 4);
    hb_name(&body, "f");
    hb_section(&c, 6, &body);
    hb_u32(&body, 1);
    hb_bytes(&body, "\x00\x00\x00\x00\x03", 5);
    hb_section(&c, 8, &body);
    hb_u32(&body, 1);
    hb_byte(&body, 0x00);
    hb_name(&body, "f");
    hb_bytes(&body, "\x01\x00\x00", 3);
    hb_section(&c, 11, &body);
    run r;
    run_open(&r, &c, 64u << 20);
    run_instantiate(&r);
    host_trap(call(&r, "f", NULL, 0, NULL), "unknown handle index 7");
    run_close(&r);
    hb_free(&c);
}

/* One string of 1 MiB, lent by a list of 4,096 (pointer, length) pairs: 4 GiB once lifted. The
 * store's memory limit (64 MiB) must bound what the host makes of it. */
static void test_one_string_lent_many_times(void **state)
{
    (void)state;
    uint8_t *pairs = malloc(4096 * 8);
    uint8_t *text = malloc(MIB);
    assert_non_null(pairs);
    assert_non_null(text);
    memset(text, 'a', MIB);
    for (uint32_t i = 0; i < 4096; i++) {
        uint8_t pair[8] = {LE32(0x10000), LE32(MIB)};
        memcpy(pairs + 8 * i, pair, 8);
    }
    static const uint8_t list[] = {LE32(0x8000), LE32(4096)};
    seg segs[] = {{0, list, sizeof list}, {0x8000, pairs, 4096 * 8}, {0x10000, text, MIB}};
    hb types = {0}, idx = typeidx(0), c = {0};
    hb_bytes(&types, "\x70\x73", 2); /* list<string> */
    /* The memory holds the string: 17 pages. */
    result_guest(&c, &types, 1, &idx, 0, &(guest_opts){.pages = 17, .segs = segs, .nsegs = 3});
    run r;
    run_open(&r, &c, 64u << 20);
    run_instantiate(&r);
    double start = now();
    warden_trap_t *trap = call(&r, "f", NULL, 0, NULL);
    bounded(start, SECONDS(5), "a string lent 4,096 times");
    host_trap(trap, "memory limit");
    run_close(&r);
    hb_free(&c);
    hb_free(&idx);
    free(pairs);
    free(text);
}

/* A list of 4,096 records whose one field has a label of 64 KiB: 4 KiB of guest memory, 256 MiB
 * of host memory once lifted (each record value holds its field's name). */
static void test_long_labels_lifted_many_times(void **state)
{
    (void)state;
    char *label = malloc(65537);
    assert_non_null(label);
    memset(label, 'a', 65536);
    label[65536] = 0;
    static const uint8_t list[] = {LE32(0x100), LE32(4096)};
    seg segs[] = {{8, list, sizeof list}};
    hb types[2] = {{0}}, idx = typeidx(1), c = {0};
    hb_bytes(&types[0], "\x72\x01", 2); /* type 0: record { aaa...: u8 } */
    hb_name(&types[0], label);
    hb_byte(&types[0], 0x7d);
    hb_bytes(&types[1], "\x70\x01", 2); /* type 1: list<t0> (type 0's exported alias, 1) */
    result_guest(&c, types, 2, &idx, 8, &(guest_opts){.segs = segs, .nsegs = 1});
    run r;
    run_open(&r, &c, 64u << 20);
    run_instantiate(&r);
    host_trap(call(&r, "f", NULL, 0, NULL), "memory limit");
    run_close(&r);
    hb_free(&c);
    hb_free(&idx);
    free(label);
}

/* ---- run time: calls out to the host ------------------------------------------------------------
 */

typedef struct host_env {
    unsigned calls;
    int answer; /* 0: a u32; 1: a string where the type says otherwise; 2: not UTF-8; 3: "ok" */
} host_env;

static warden_trap_t *host_func(void *env, warden_component_caller_t *caller,
                                const warden_component_val_t *args, size_t nargs,
                                warden_component_val_t *results, size_t nresults)
{
    (void)caller, (void)args, (void)nargs;
    host_env *h = env;
    h->calls++;
    if (!nresults) return NULL;
    warden_error_t *e = NULL;
    switch (h->answer) {
    case 1: e = warden_component_val_set_string(&results[0], "x", 1); break;
    case 2: e = warden_component_val_set_string(&results[0], "\xc3(", 2); break;
    case 3: e = warden_component_val_set_string(&results[0], "ok", 2); break;
    default: results[0] = (warden_component_val_t){.kind = WARDEN_COMPONENT_U32}; break;
    }
    if (e) {
        warden_error_delete(e);
        return warden_trap_new("no memory");
    }
    return NULL;
}

/* A component importing host function "h" of type `ftype` (type entries `types` before it,
 * ntypes of them; `ftype` is the function type's encoding after 0x40), lowered with memory and a
 * realloc, and exporting "run", which calls it with the core arguments `args` (i32 constants,
 * `nargs` of them; the lowered function's core signature is `sig`) and drops any result. */
static void import_guest(hb *out, hb *types, uint32_t ntypes, const uint8_t *ftype, size_t flen,
                         const char *sig, const int32_t *args, size_t nargs, const seg *segs,
                         size_t nsegs)
{
    hb mod = {0}, body = {0};
    hb_module m;
    hb_preamble(out);
    hb_u32(&body, ntypes + 2);
    hb_buf(&body, types);
    hb_free(types);
    hb_byte(&body, 0x40);
    hb_bytes(&body, ftype, flen);           /* type ntypes: h's */
    hb_bytes(&body, "\x40\x00\x01\x00", 4); /* type ntypes + 1: run's */
    hb_section(out, 7, &body);
    hb_u32(&body, 1);
    hb_byte(&body, 0x00);
    hb_name(&body, "h");
    hb_byte(&body, 0x01);
    hb_u32(&body, ntypes);
    hb_section(out, 10, &body); /* func 0 */

    hb_module_init(&m, 1, false);
    static const uint8_t realloc_code[] = {HB_I32_CONST, 0x80, 0x80, 0x02}; /* 32768 */
    hb_module_func(&m, "realloc", "iiii:i", realloc_code, sizeof realloc_code);
    hb_module_finish(&m, &mod);
    hb_section(out, 1, &mod); /* core module 0 */
    hb_u32(&body, 1);
    hb_bytes(&body, "\x00\x00\x00", 3);
    hb_section(out, 2, &body); /* core instance 0 */
    hb_u32(&body, 2);
    hb_bytes(&body, "\x00\x02\x01\x00", 4);
    hb_name(&body, "mem"); /* core memory 0 */
    hb_bytes(&body, "\x00\x00\x01\x00", 4);
    hb_name(&body, "realloc"); /* core func 0 */
    hb_section(out, 6, &body);
    hb_u32(&body, 1);
    hb_bytes(&body, "\x01\x00\x00\x02\x03\x00\x04\x00", 8); /* lower func 0: core func 1 */
    hb_section(out, 8, &body);
    hb_u32(&body, 1);
    hb_bytes(&body, "\x01\x02", 2); /* core instance 1: inline exports h, mem */
    hb_name(&body, "h");
    hb_bytes(&body, "\x00\x01", 2);
    hb_name(&body, "mem");
    hb_bytes(&body, "\x02\x00", 2);
    hb_section(out, 2, &body);

    hb_module_init(&m, 1, true);
    hb_module_import(&m, "h", sig);
    hb code = {0};
    for (size_t i = 0; i < nargs; i++) {
        hb_byte(&code, HB_I32_CONST);
        hb_s32(&code, args[i]);
    }
    hb_byte(&code, HB_CALL);
    hb_u32(&code, 0);
    if (strchr(sig, ':') && strchr(sig, ':')[1]) hb_byte(&code, HB_DROP);
    hb_module_func(&m, "run", "", code.p, code.len);
    hb_free(&code);
    for (size_t i = 0; i < nsegs; i++)
        hb_module_data(&m, segs[i].offset, segs[i].bytes, segs[i].len);
    hb_module_finish(&m, &mod);
    hb_section(out, 1, &mod); /* core module 1 */
    hb_u32(&body, 1);
    hb_bytes(&body, "\x00\x01\x01", 3);
    hb_name(&body, "env");
    hb_bytes(&body, "\x12\x01", 2);
    hb_section(out, 2, &body); /* core instance 2 */
    hb_u32(&body, 1);
    hb_bytes(&body, "\x00\x00\x01\x02", 4);
    hb_name(&body, "run");
    hb_section(out, 6, &body); /* core func 2 */
    hb_u32(&body, 1);
    hb_bytes(&body, "\x00\x00\x02\x00", 4);
    hb_u32(&body, ntypes + 1);
    hb_section(out, 8, &body); /* func 1 */
    hb_u32(&body, 1);
    hb_byte(&body, 0x00);
    hb_name(&body, "run");
    hb_bytes(&body, "\x01\x01\x00", 3);
    hb_section(out, 11, &body);
}

/* "run" must trap with `needle` (the host function called `calls` times). */
static void import_traps(hb *types, uint32_t ntypes, const uint8_t *ftype, size_t flen,
                         const char *sig, const int32_t *args, size_t nargs, const seg *segs,
                         size_t nsegs, int answer, unsigned calls, const char *needle)
{
    hb c = {0};
    import_guest(&c, types, ntypes, ftype, flen, sig, args, nargs, segs, nsegs);
    run r;
    run_open(&r, &c, 64u << 20);
    host_env h = {0, answer};
    OK(warden_component_linker_define_func(r.linker, "h", 1, host_func, &h, NULL));
    run_instantiate(&r);
    host_trap(call(&r, "run", NULL, 0, NULL), needle);
    assert_int_equal(h.calls, calls);
    run_close(&r);
    hb_free(&c);
}

static void test_guest_passes_bad_arguments(void **state)
{
    (void)state;
    hb none = {0};
    /* h(s: string): out of bounds, too long, not UTF-8. */
    static const uint8_t fstr[] = {0x01, 0x01, 's', 0x73, 0x01, 0x00};
    int32_t oob[] = {(int32_t)0xffff0000u, 0x10000};
    import_traps(&none, 0, fstr, sizeof fstr, "ii", oob, 2, NULL, 0, 0, 0, "out of bounds");
    int32_t too_long[] = {0, 0x10000000};
    import_traps(&none, 0, fstr, sizeof fstr, "ii", too_long, 2, NULL, 0, 0, 0,
                 "string length too large");
    static const uint8_t bad[] = {0xed, 0xa0, 0x80}; /* a surrogate in UTF-8 */
    seg s1 = {64, bad, sizeof bad};
    int32_t at64[] = {64, 3};
    import_traps(&none, 0, fstr, sizeof fstr, "ii", at64, 2, &s1, 1, 0, 0, "invalid utf-8");
    /* h(l: list<u32>) of 2^32 - 1 elements. */
    static const uint8_t flist[] = {0x01, 0x01, 'l', 0x00, 0x01, 0x00};
    hb types = {0};
    hb_bytes(&types, "\x70\x79", 2);
    int32_t longest[] = {0, -1};
    import_traps(&types, 1, flist, sizeof flist, "ii", longest, 2, NULL, 0, 0, 0,
                 "list length too large");
    /* h(c: char) with a surrogate, h(o: option<u8>) with discriminant 5. */
    static const uint8_t fchar[] = {0x01, 0x01, 'c', 0x74, 0x01, 0x00};
    int32_t surrogate[] = {0xd800};
    import_traps(&none, 0, fchar, sizeof fchar, "i", surrogate, 1, NULL, 0, 0, 0,
                 "invalid `char` bit pattern");
    static const uint8_t fopt[] = {0x01, 0x01, 'o', 0x00, 0x01, 0x00};
    hb_bytes(&types, "\x6b\x7d", 2);
    int32_t five[] = {5, 0};
    import_traps(&types, 1, fopt, sizeof fopt, "ii", five, 2, NULL, 0, 0, 0,
                 "invalid variant discriminant");
    /* 17 parameters spill to memory: a pointer out of bounds. */
    uint8_t fmany[64];
    size_t n = 0;
    fmany[n++] = 17;
    char label[16];
    for (uint32_t i = 0; i < 17; i++) {
        hb_label(label, i);
        fmany[n++] = 1;
        fmany[n++] = (uint8_t)label[0];
        fmany[n++] = 0x79;
    }
    fmany[n++] = 0x01;
    fmany[n++] = 0x00;
    int32_t far[] = {(int32_t)0xfffffffcu};
    import_traps(&none, 0, fmany, n, "i", far, 1, NULL, 0, 0, 0, "out of bounds");
    /* h() -> string with a return pointer out of bounds: the host is called, then the result
     * cannot be written. */
    static const uint8_t fret[] = {0x00, 0x00, 0x73};
    int32_t retptr[] = {65532};
    import_traps(&none, 0, fret, sizeof fret, "i", retptr, 1, NULL, 0, 3, 1, "out of bounds");
    /* h(l: list<string>): 4,096 times the same 28 KiB, 112 MiB once lifted, past the store's
     * 64 MiB: refused before the host is called. */
    static const uint8_t flists[] = {0x01, 0x01, 'l', 0x00, 0x01, 0x00};
    uint8_t *pairs = malloc(4096 * 8);
    assert_non_null(pairs);
    for (uint32_t i = 0; i < 4096; i++) {
        uint8_t pair[8] = {LE32(0x9000), LE32(0x7000)};
        memcpy(pairs + 8 * i, pair, 8);
    }
    seg s2 = {0x1000, pairs, 4096 * 8};
    hb_bytes(&types, "\x70\x73", 2);
    int32_t lent[] = {0x1000, 4096};
    import_traps(&types, 1, flists, sizeof flists, "ii", lent, 2, &s2, 1, 0, 0, "memory limit");
    free(pairs);
}

static void test_host_returns_the_wrong_type(void **state)
{
    (void)state;
    hb none = {0};
    static const uint8_t fu32[] = {0x00, 0x00, 0x79};
    import_traps(&none, 0, fu32, sizeof fu32, ":i", NULL, 0, NULL, 0, 1, 1,
                 "does not match its type");
    static const uint8_t fstr[] = {0x00, 0x00, 0x73};
    int32_t retptr[] = {64};
    import_traps(&none, 0, fstr, sizeof fstr, "i", retptr, 1, NULL, 0, 2, 1,
                 "does not match its type");
}

/* Two resources defined by the guest: "make-a" gives an own<a> (rep 42), "use-b" takes a
 * borrow<b> and returns the rep it was given. The host passing the a as a b must be refused. */
static void test_handle_of_the_wrong_resource(void **state)
{
    (void)state;
    hb c = {0}, mod = {0}, body = {0};
    hb_module m;
    hb_preamble(&c);
    hb_u32(&body, 2);
    hb_bytes(&body, "\x3f\x7f\x00\x3f\x7f\x00", 6); /* types 0 (a), 1 (b) */
    hb_section(&c, 7, &body);
    hb_u32(&body, 1);
    hb_bytes(&body, "\x02\x00", 2); /* core func 0: resource.new a */
    hb_section(&c, 8, &body);
    hb_u32(&body, 1);
    hb_bytes(&body, "\x01\x01", 2); /* core instance 0: inline exports "new" */
    hb_name(&body, "new");
    hb_bytes(&body, "\x00\x00", 2);
    hb_section(&c, 2, &body);
    hb_module_init(&m, 0, false);
    hb_module_import(&m, "new", "i:i");
    static const uint8_t make[] = {HB_I32_CONST, 42, HB_CALL, 0};
    hb_module_func(&m, "make-a", ":i", make, sizeof make);
    static const uint8_t use[] = {0x20, 0x00};
    hb_module_func(&m, "use-b", "i:i", use, sizeof use);
    hb_module_finish(&m, &mod);
    hb_section(&c, 1, &mod);
    hb_u32(&body, 1);
    hb_bytes(&body, "\x00\x00\x01", 3);
    hb_name(&body, "env");
    hb_bytes(&body, "\x12\x00", 2);
    hb_section(&c, 2, &body); /* core instance 1 */
    hb_u32(&body, 2);
    hb_bytes(&body, "\x00\x00\x01\x01", 4);
    hb_name(&body, "make-a"); /* core func 1 */
    hb_bytes(&body, "\x00\x00\x01\x01", 4);
    hb_name(&body, "use-b"); /* core func 2 */
    hb_section(&c, 6, &body);
    hb_u32(&body, 2);
    hb_byte(&body, 0x00);
    hb_name(&body, "a");
    hb_bytes(&body, "\x03\x00\x00", 3); /* type 2 */
    hb_byte(&body, 0x00);
    hb_name(&body, "b");
    hb_bytes(&body, "\x03\x01\x00", 3); /* type 3 */
    hb_section(&c, 11, &body);
    hb_u32(&body, 4);
    hb_bytes(&body, "\x69\x02", 2);                  /* 4: own<a> */
    hb_bytes(&body, "\x68\x03", 2);                  /* 5: borrow<b> */
    hb_bytes(&body, "\x40\x00\x00\x04", 4);          /* 6: func() -> own<a> */
    hb_bytes(&body, "\x40\x01\x01x\x05\x00\x79", 7); /* 7: func(x: borrow<b>) -> u32 */
    hb_section(&c, 7, &body);
    hb_u32(&body, 2);
    hb_bytes(&body, "\x00\x00\x01\x00\x06", 5); /* func 0 */
    hb_bytes(&body, "\x00\x00\x02\x00\x07", 5); /* func 1 */
    hb_section(&c, 8, &body);
    hb_u32(&body, 2);
    hb_byte(&body, 0x00);
    hb_name(&body, "make-a");
    hb_bytes(&body, "\x01\x00\x00", 3);
    hb_byte(&body, 0x00);
    hb_name(&body, "use-b");
    hb_bytes(&body, "\x01\x01\x00", 3);
    hb_section(&c, 11, &body);

    run r;
    run_open(&r, &c, 64u << 20);
    run_instantiate(&r);
    warden_component_val_t a = {.kind = WARDEN_COMPONENT_BOOL};
    assert_null(call(&r, "make-a", NULL, 0, &a));
    assert_int_equal(a.kind, WARDEN_COMPONENT_OWN);
    warden_component_val_t arg = {.kind = WARDEN_COMPONENT_BORROW, .of.resource = a.of.resource};
    warden_component_val_t rep = {.kind = WARDEN_COMPONENT_BOOL};
    warden_trap_t *trap = call(&r, "use-b", &arg, 1, &rep);
    if (!trap) fail_msg("an a was lent as a b: the guest got rep %u", rep.of.u32);
    host_trap(trap, "wrong type");
    run_close(&r);
    hb_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_value_types_nested_10000_deep),
        cmocka_unit_test(test_components_nested_1000_deep),
        cmocka_unit_test(test_types_nested_1000_deep),
        cmocka_unit_test(test_vector_counts_past_the_end),
        cmocka_unit_test(test_a_million_types),
        cmocka_unit_test(test_a_million_and_one_types),
        cmocka_unit_test(test_names_of_a_mebibyte),
        cmocka_unit_test(test_a_record_of_100000_fields),
        cmocka_unit_test(test_flags_of_33_labels),
        cmocka_unit_test(test_variant_of_2_24_plus_1_cases),
        cmocka_unit_test(test_outer_alias_count_2_32_minus_1),
        cmocka_unit_test(test_every_prefix_and_cut),
        cmocka_unit_test(test_malformed_core_module_inside),
        cmocka_unit_test(test_type_dags),
        cmocka_unit_test(test_type_dags_compared),
        cmocka_unit_test(test_100000_imports),
        cmocka_unit_test(test_instantiations_nested),
        cmocka_unit_test(test_strings_out_of_bounds),
        cmocka_unit_test(test_lists_out_of_bounds),
        cmocka_unit_test(test_bad_discriminants),
        cmocka_unit_test(test_bad_chars_bools_and_flags),
        cmocka_unit_test(test_return_pointer_out_of_bounds),
        cmocka_unit_test(test_unknown_handle),
        cmocka_unit_test(test_one_string_lent_many_times),
        cmocka_unit_test(test_long_labels_lifted_many_times),
        cmocka_unit_test(test_guest_passes_bad_arguments),
        cmocka_unit_test(test_host_returns_the_wrong_type),
        cmocka_unit_test(test_handle_of_the_wrong_resource),
    };
    /* WARDEN_HOSTILE_ONLY / WARDEN_HOSTILE_SKIP: a pattern of the tests to run or to leave out. */
    if (getenv("WARDEN_HOSTILE_ONLY")) cmocka_set_test_filter(getenv("WARDEN_HOSTILE_ONLY"));
    if (getenv("WARDEN_HOSTILE_SKIP")) cmocka_set_skip_filter(getenv("WARDEN_HOSTILE_SKIP"));
    return cmocka_run_group_tests(tests, setup, teardown);
}
