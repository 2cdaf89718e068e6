/* Import and export names (src/component/names.h): every name the official tests
 * validation/kebab.wast, extern-names.wast, annotated-names.wast and attributes.wast accept or
 * reject, with the message they expect (each case says its file and line); the Explainer's
 * examples; semantic versions (parsing, precedence, compatibility, canonversion); the
 * `implements` and `versionsuffix` attributes; and hostile names (very long ones, NUL bytes,
 * bytes that are not ASCII or not UTF-8, tiny message buffers). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "component/names.h"

#define MSG 512
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- Helpers ---- */

typedef struct name_case {
    const char *where; /* file:line of the official test */
    const char *name;
    const char *want; /* a part of the message (invalid cases) */
} name_case;

static wm_name parse_ok(const char *where, const char *s)
{
    wm_name n;
    char msg[MSG] = "untouched";
    if (!wm_name_parse(s, strlen(s), &n, msg, sizeof msg))
        fail_msg("%s: \"%s\" should be valid, got: %s", where, s, msg);
    assert_string_equal(msg, "");
    assert_ptr_equal(n.str, s);
    assert_int_equal(n.len, strlen(s));
    return n;
}

static void parse_bad_n(const char *where, const char *s, size_t len, const char *want)
{
    wm_name n;
    char msg[MSG];
    memset(msg, 'x', sizeof msg);
    if (wm_name_parse(s, len, &n, msg, sizeof msg))
        fail_msg("%s: \"%.*s\" should be invalid", where, (int)len, s);
    if (!memchr(msg, '\0', sizeof msg)) fail_msg("%s: the message is not terminated", where);
    if (!strstr(msg, want))
        fail_msg("%s: \"%.*s\": message \"%s\" lacks \"%s\"", where, (int)len, s, msg, want);
    /* Checking alone (no output, no message) agrees. */
    assert_false(wm_name_parse(s, len, NULL, NULL, 0));
}

static void parse_bad(const char *where, const char *s, const char *want)
{
    parse_bad_n(where, s, strlen(s), want);
}

static void msg_is(const char *s, const char *want)
{
    char msg[MSG];
    assert_false(wm_name_parse(s, strlen(s), NULL, msg, sizeof msg));
    assert_string_equal(msg, want);
}

static bool str_eq(const char *p, size_t n, const char *want)
{
    return (want == NULL && p == NULL && n == 0) ||
           (want && p && n == strlen(want) && memcmp(p, want, n) == 0);
}

#define assert_part(p, n, want)                                                                    \
    do {                                                                                           \
        if (!str_eq((p), (n), (want)))                                                             \
            fail_msg("part \"%.*s\" is not \"%s\"", (int)(n), (p) ? (p) : "",                      \
                     (want) ? (want) : "(none)");                                                  \
    } while (0)

static wm_name name_of(const char *s)
{
    return parse_ok("helper", s);
}

static bool conflicts(const char *a, const char *b)
{
    wm_name x = name_of(a), y = name_of(b);
    bool c = wm_name_conflicts(&x, &y);
    assert_true(c == wm_name_conflicts(&y, &x));
    if (c) assert_true(wm_name_hash(&x) == wm_name_hash(&y));
    return c;
}

static void canonical_is(const char *s, const char *want)
{
    wm_name n = name_of(s);
    char out[MSG];
    size_t len = wm_name_canonical(&n, out, sizeof out);
    assert_int_equal(len, strlen(want));
    assert_string_equal(out, want);
    assert_true(len <= n.len);
}

/* ---- kebab.wast ---- */

static void test_kebab_valid(void **state)
{
    (void)state;
    static const name_case cases[] = {
        {"kebab.wast:5", "a", NULL},
        {"kebab.wast:6", "a1", NULL},
        {"kebab.wast:7", "a-1", NULL},
        {"kebab.wast:8", "a-1-b-2-c-3", NULL},
        {"kebab.wast:9", "B", NULL},
        {"kebab.wast:10", "B1", NULL},
        {"kebab.wast:11", "B-1", NULL},
        {"kebab.wast:12", "B-1-C-2-D-3", NULL},
        {"kebab.wast:13", "a11-B11-123-ABC-abc", NULL},
        {"kebab.wast:14", "ns-1-a:b-1-c/D-2", NULL},
        {"kebab.wast:100", "f", NULL},
    };
    wm_name names[N(cases)];
    for (size_t i = 0; i < N(cases); i++) {
        names[i] = parse_ok(cases[i].where, cases[i].name);
        char msg[MSG];
        if (!strchr(cases[i].name, ':'))
            assert_true(wm_label_check(cases[i].name, strlen(cases[i].name), msg, sizeof msg));
    }
    /* The names of lines 5-14 are imports of one component: strongly unique. */
    for (size_t i = 0; i < 10; i++)
        for (size_t j = i + 1; j < 10; j++) assert_false(wm_name_conflicts(&names[i], &names[j]));

    wm_name n = names[9];
    assert_int_equal(n.kind, WM_NAME_INTERFACE);
    assert_part(n.package, n.package_len, "ns-1-a:b-1-c");
    assert_part(n.interface, n.interface_len, "D-2");
    assert_part(n.version, n.version_len, NULL);
    assert_part(n.label, n.label_len, NULL);
    assert_part(n.resource, n.resource_len, NULL);
    n = names[0];
    assert_int_equal(n.kind, WM_NAME_LABEL);
    assert_part(n.label, n.label_len, "a");
    assert_part(n.package, n.package_len, NULL);
}

static void test_kebab_invalid(void **state)
{
    (void)state;
    static const name_case cases[] = {
        {"kebab.wast:18", "1", "is not in kebab case"},
        {"kebab.wast:22", "1-a", "is not in kebab case"},
        {"kebab.wast:26", "", "is not in kebab case"},
        {"kebab.wast:30", "a-", "is not in kebab case"},
        {"kebab.wast:34", "a--", "is not in kebab case"},
        {"kebab.wast:38", "aBc", "`aBc` is not in kebab case"},
        {"kebab.wast:42", "1:a/b", "is not in kebab case"},
        {"kebab.wast:46", "wasi:http/TyPeS", "`TyPeS` is not in kebab case"},
        {"kebab.wast:50", "WaSi:http/types", "`WaSi` is not in kebab case"},
        {"kebab.wast:54", "wasi:HtTp/types", "`HtTp` is not in kebab case"},
        {"kebab.wast:58", "wasi/http", "`wasi/http` is not in kebab case"},
        {"kebab.wast:62", "wasi:", "`` is not in kebab case"},
        {"kebab.wast:66", "wasi:/", "`` is not in kebab case"},
        {"kebab.wast:70", ":/", "`` is not in kebab case"},
        {"kebab.wast:74", "A:b/c", "is not a valid extern name"},
        {"kebab.wast:78", "1:b/c", "is not a valid extern name"},
        {"kebab.wast:82", "ns-A:b/c", "is not a valid extern name"},
        {"kebab.wast:86", "ns:A/b", "is not a valid extern name"},
        {"kebab.wast:90", "ns:1/a", "is not a valid extern name"},
        {"kebab.wast:94", "ns:pkg-A/b", "is not a valid extern name"},
        /* Names in other positions: an instance's export, a component type's import and
         * export, an instance type's export, an instance import. */
        {"kebab.wast:101", "1", "`1` is not in kebab case"},
        {"kebab.wast:105", "GonnA", "`GonnA` is not in kebab case"},
        {"kebab.wast:109", "NevEr", "`NevEr` is not in kebab case"},
        {"kebab.wast:113", "lET", "`lET` is not in kebab case"},
        {"kebab.wast:117", "DOWn", "`DOWn` is not in kebab case"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        parse_bad(cases[i].where, cases[i].name, cases[i].want);
        /* A plain name that is not an extern name is not a label either. */
        if (!strchr(cases[i].name, ':')) {
            char msg[MSG];
            assert_false(wm_label_check(cases[i].name, strlen(cases[i].name), msg, sizeof msg));
            assert_non_null(strstr(msg, cases[i].want));
        }
    }
    /* The whole messages. */
    msg_is("aBc", "`aBc` is not in kebab case");
    msg_is("", "`` is not in kebab case");
    msg_is("1:a/b", "`1:a/b` is not a valid extern name: `1` is not in kebab case");
    msg_is("A:b/c", "`A:b/c` is not a valid extern name: namespace `A` is not lowercase");
    msg_is("ns:pkg-A/b",
           "`ns:pkg-A/b` is not a valid extern name: package `pkg-A` is not lowercase");
    msg_is("wasi:http/TyPeS",
           "`wasi:http/TyPeS` is not a valid extern name: `TyPeS` is not in kebab case");
}

static void test_kebab_uniqueness(void **state)
{
    (void)state;
    /* kebab.wast:123-125, 129-131, 135-137, 141-143, 147-149: "conflicts with previous name". */
    assert_true(conflicts("a", "a"));
    assert_true(conflicts("a", "A"));
    assert_true(conflicts("A", "a"));
    assert_true(conflicts("foo-BAR-baz", "FOO-bar-BAZ"));
    canonical_is("FOO-bar-BAZ", "foo-bar-baz");
    canonical_is("foo-BAR-baz", "foo-bar-baz");
    assert_false(conflicts("a", "b"));
    assert_false(conflicts("a", "a-a"));
    assert_false(conflicts("f", "a"));
}

/* ---- extern-names.wast ---- */

static void test_extern_names_valid(void **state)
{
    (void)state;
    static const name_case cases[] = {
        {"extern-names.wast:9", "wasi:http/types", NULL},
        {"extern-names.wast:10", "wasi:http/types@1.0.0", "1.0.0"},
        {"extern-names.wast:11", "wasi:http/types@2.0.0", "2.0.0"},
        {"extern-names.wast:12", "a-b:c-d/e-f@123456.7890.488", "123456.7890.488"},
        {"extern-names.wast:13", "a:b/c@0.0.0+abcd", "0.0.0+abcd"},
        {"extern-names.wast:14", "a:b/c@0.0.0+abcd-efg", "0.0.0+abcd-efg"},
        {"extern-names.wast:15", "a:b/c@0.0.0-abcd+efg", "0.0.0-abcd+efg"},
        {"extern-names.wast:16", "a:b/c@0.0.0-abcd.1.2+efg.4.ee.5", "0.0.0-abcd.1.2+efg.4.ee.5"},
    };
    wm_name names[N(cases)];
    for (size_t i = 0; i < N(cases); i++) {
        names[i] = parse_ok(cases[i].where, cases[i].name);
        assert_int_equal(names[i].kind, WM_NAME_INTERFACE);
        assert_part(names[i].version, names[i].version_len, cases[i].want);
    }
    /* One component imports them all: unversioned and at several versions, no conflict. */
    for (size_t i = 0; i < N(cases); i++)
        for (size_t j = i + 1; j < N(cases); j++)
            assert_false(wm_name_conflicts(&names[i], &names[j]));
    assert_part(names[3].package, names[3].package_len, "a-b:c-d");
    assert_part(names[3].interface, names[3].interface_len, "e-f");
    assert_part(names[0].package, names[0].package_len, "wasi:http");
    assert_part(names[0].interface, names[0].interface_len, "types");

    /* extern-names.wast:20-21: the same versioned name twice conflicts. */
    assert_true(conflicts("wasi:http/types@1.0.0", "wasi:http/types@1.0.0"));
    /* Only labels are lowercased: versions compare exactly. */
    assert_true(conflicts("foo:bar/BAZ@1.0.0-rc", "foo:bar/baz@1.0.0-rc"));
    assert_false(conflicts("a:b/c@1.0.0-RC", "a:b/c@1.0.0-rc"));
    assert_false(conflicts("a:b/c@1.0.0+x", "a:b/c@1.0.0+y"));
    canonical_is("a:b/C-D@1.0.0-RC+B", "a:b/c-d@1.0.0-RC+B");
}

static void test_extern_names_invalid(void **state)
{
    (void)state;
    static const name_case cases[] = {
        {"extern-names.wast:27", "a:b/c@", "empty string"},
        {"extern-names.wast:30", "a:b/c@.", "unexpected character '.'"},
        {"extern-names.wast:33", "a:b/c@1.", "unexpected end of input"},
        {"extern-names.wast:36", "a:b/c@a.2", "unexpected character 'a'"},
        {"extern-names.wast:39", "a:b/c@2.b", "unexpected character 'b'"},
        {"extern-names.wast:42", "a:b/c@2.0x0", "unexpected character 'x'"},
        {"extern-names.wast:45", "a:b/c@2.0.0+", "empty identifier segment"},
        {"extern-names.wast:48", "a:b/c@2.0.0-", "empty identifier segment"},
        /* Nested namespaces and projections (🪺) are not accepted. */
        {"extern-names.wast:54", "foo:bar:baz/qux", "expected `/` after package name"},
        {"extern-names.wast:57", "foo:bar/baz/qux", "trailing characters found: `/qux`"},
    };
    for (size_t i = 0; i < N(cases); i++) parse_bad(cases[i].where, cases[i].name, cases[i].want);
    msg_is("a:b/c@", "`a:b/c@` is not a valid extern name: failed to parse version: empty string, "
                     "expected a semver version");
    msg_is("a:b/c@.", "`a:b/c@.` is not a valid extern name: failed to parse version: unexpected "
                      "character '.' while parsing major version number");
    msg_is("a:b/c@1.", "`a:b/c@1.` is not a valid extern name: failed to parse version: "
                       "unexpected end of input while parsing minor version number");
    msg_is("a:b/c@2.0x0", "`a:b/c@2.0x0` is not a valid extern name: failed to parse version: "
                          "unexpected character 'x' after minor version number");
    msg_is("a:b/c@2.0.0+", "`a:b/c@2.0.0+` is not a valid extern name: failed to parse version: "
                           "empty identifier segment in build metadata");
    msg_is("a:b/c@2.0.0-", "`a:b/c@2.0.0-` is not a valid extern name: failed to parse version: "
                           "empty identifier segment in pre-release identifier");
    msg_is("foo:bar:baz/qux", "`foo:bar:baz/qux` is not a valid extern name: expected `/` after "
                              "package name `bar`");
    msg_is("foo:bar/baz/qux",
           "`foo:bar/baz/qux` is not a valid extern name: trailing characters found: `/qux`");

    /* More of the grammar around interface names. */
    parse_bad("grammar", "wasi:http", "expected `/` after package name `http`");
    parse_bad("grammar", "wasi:http@1.0.0", "expected `/` after package name `http`");
    parse_bad("grammar", "wasi:http/", "`` is not in kebab case");
    parse_bad("grammar", "wasi:http/@1.0.0", "`` is not in kebab case");
    parse_bad("grammar", "wasi:http/types@1.0.0@2.0.0", "unexpected character '@'");
    parse_bad("grammar", "wasi:http/types@1.0.0/x", "unexpected character '/'");
    parse_bad("grammar", "wasi:http/a:b", "`a:b` is not in kebab case");
    parse_bad("grammar", "wasi:http/types#f", "`types#f` is not in kebab case");
    parse_bad("grammar", "wasi :http/types", "`wasi ` is not in kebab case");
    parse_bad("grammar", "wasi:http/ types", "` types` is not in kebab case");
    parse_bad("grammar", "a:b/c@v1.0.0", "unexpected character 'v'");
    parse_bad("grammar", "ns:pkg/iface@1.0.0 ", "unexpected character ' '");
    parse_bad("grammar", "a:b-/c", "`b-` is not in kebab case");
    parse_bad("grammar", "a-:b/c", "`a-` is not in kebab case");
    parse_bad("grammar", "a:B/c", "package `B` is not lowercase");
    parse_bad("grammar", "a:b/c-", "`c-` is not in kebab case");
    parse_bad("grammar", "a:1b/c", "`1b` is not in kebab case");
    parse_bad("grammar", "a::b/c", "`` is not in kebab case");
    parse_bad("grammar", ":", "`` is not in kebab case");
    parse_ok("grammar", "a:b/C");
    parse_ok("grammar", "a1:b2-3/c-4-D");
    parse_ok("grammar", "a-0:b-00/XML-http");
}

/* ---- annotated-names.wast ---- */

static void test_annotated_valid(void **state)
{
    (void)state;
    static const name_case cases[] = {
        {"annotated-names.wast:9", "a", NULL},  {"annotated-names.wast:10", "[constructor]a", NULL},
        {"annotated-names.wast:11", "b", NULL}, {"annotated-names.wast:12", "[constructor]b", NULL},
        {"annotated-names.wast:13", "c", NULL}, {"annotated-names.wast:14", "[constructor]c", NULL},
        {"annotated-names.wast:15", "d", NULL}, {"annotated-names.wast:16", "[constructor]d", NULL},
    };
    wm_name names[N(cases)];
    for (size_t i = 0; i < N(cases); i++) names[i] = parse_ok(cases[i].where, cases[i].name);
    /* `[constructor]a` does not conflict with `a` (lines 190-192 too). */
    for (size_t i = 0; i < N(cases); i++)
        for (size_t j = i + 1; j < N(cases); j++)
            assert_false(wm_name_conflicts(&names[i], &names[j]));
    wm_name n = names[1];
    assert_int_equal(n.kind, WM_NAME_CONSTRUCTOR);
    assert_part(n.resource, n.resource_len, "a");
    assert_part(n.label, n.label_len, NULL);

    /* The names of cases that fail on their types, not their names: the name is valid and
     * gives the resource the validator then looks for. */
    static const struct {
        const char *where, *name, *resource, *label;
        wm_name_kind kind;
    } typed[] = {
        {"annotated-names.wast:23", "[constructor]a", "a", NULL, WM_NAME_CONSTRUCTOR},
        {"annotated-names.wast:27", "[constructor]a", "a", NULL, WM_NAME_CONSTRUCTOR},
        {"annotated-names.wast:32", "[constructor]a", "a", NULL, WM_NAME_CONSTRUCTOR},
        {"annotated-names.wast:37", "[constructor]a", "a", NULL, WM_NAME_CONSTRUCTOR},
        {"annotated-names.wast:42", "[constructor]a", "a", NULL, WM_NAME_CONSTRUCTOR},
        {"annotated-names.wast:47", "[constructor]a", "a", NULL, WM_NAME_CONSTRUCTOR},
        {"annotated-names.wast:55", "[method]a.b", "a", "b", WM_NAME_METHOD},
        {"annotated-names.wast:78", "[method]a.b", "a", "b", WM_NAME_METHOD},
        {"annotated-names.wast:82", "[method]a.b", "a", "b", WM_NAME_METHOD},
        {"annotated-names.wast:86", "[method]a.b", "a", "b", WM_NAME_METHOD},
        {"annotated-names.wast:90", "[method]a.b", "a", "b", WM_NAME_METHOD},
        {"annotated-names.wast:95", "[method]a.b", "a", "b", WM_NAME_METHOD},
        {"annotated-names.wast:103", "[static]a.b", "a", "b", WM_NAME_STATIC},
        {"annotated-names.wast:126", "[static]a.b", "a", "b", WM_NAME_STATIC},
        {"annotated-names.wast:130", "[static]a.b", "a", "b", WM_NAME_STATIC},
        {"annotated-names.wast:142", "[method]c.foo", "c", "foo", WM_NAME_METHOD},
        {"annotated-names.wast:147", "[method]b.foo", "b", "foo", WM_NAME_METHOD},
        {"annotated-names.wast:158", "[method]t.foo", "t", "foo", WM_NAME_METHOD},
        {"annotated-names.wast:168", "[static]bar.a", "bar", "a", WM_NAME_STATIC},
        {"annotated-names.wast:174", "[constructor]a", "a", NULL, WM_NAME_CONSTRUCTOR},
        {"annotated-names.wast:184", "[constructor]a", "a", NULL, WM_NAME_CONSTRUCTOR},
        {"annotated-names.wast:192", "[constructor]a", "a", NULL, WM_NAME_CONSTRUCTOR},
    };
    for (size_t i = 0; i < N(typed); i++) {
        n = parse_ok(typed[i].where, typed[i].name);
        assert_int_equal(n.kind, typed[i].kind);
        assert_part(n.resource, n.resource_len, typed[i].resource);
        assert_part(n.label, n.label_len, typed[i].label);
    }
    /* The other names of those components. */
    static const char *const others[] = {"b", "f", "c", "i", "t", "bar", "x", "a"};
    for (size_t i = 0; i < N(others); i++) parse_ok("annotated-names.wast:139-183", others[i]);
    /* Lines 139-142: "b", "f", "c", "[method]c.foo" in one component type are unique. */
    assert_false(conflicts("c", "[method]c.foo"));
    assert_false(conflicts("b", "[method]c.foo"));
    assert_false(conflicts("f", "[method]c.foo"));
    assert_false(conflicts("bar", "[static]bar.a"));
}

static void test_annotated_invalid(void **state)
{
    (void)state;
    static const name_case cases[] = {
        {"annotated-names.wast:19", "[constructor]", "not in kebab case"},
        {"annotated-names.wast:58", "[method]", "failed to find `.` character"},
        {"annotated-names.wast:62", "[method]a", "failed to find `.` character"},
        {"annotated-names.wast:66", "[method]a.", "not in kebab case"},
        {"annotated-names.wast:70", "[method].a", "not in kebab case"},
        {"annotated-names.wast:74", "[method]a.b.c", "not in kebab case"},
        {"annotated-names.wast:106", "[static]", "failed to find `.` character"},
        {"annotated-names.wast:110", "[static]a", "failed to find `.` character"},
        {"annotated-names.wast:114", "[static]a.", "not in kebab case"},
        {"annotated-names.wast:118", "[static].a", "not in kebab case"},
        {"annotated-names.wast:122", "[static]a.b.c", "not in kebab case"},
    };
    for (size_t i = 0; i < N(cases); i++) parse_bad(cases[i].where, cases[i].name, cases[i].want);
    msg_is("[constructor]", "`` is not in kebab case");
    msg_is("[method]a", "failed to find `.` character in `[method]a`");
    msg_is("[method]a.b.c", "`b.c` is not in kebab case");
    msg_is("[static].a", "`` is not in kebab case");

    /* More of the grammar around annotations. */
    parse_bad("grammar", "[constructor]a.b", "`a.b` is not in kebab case");
    parse_bad("grammar", "[constructor]aB", "`aB` is not in kebab case");
    parse_bad("grammar", "[constructor][constructor]a", "`[constructor]a` is not in kebab");
    parse_bad("grammar", "[method][method]a.b", "`[method]a` is not in kebab case");
    parse_bad("grammar", "[method]a.[static]b", "`[static]b` is not in kebab case");
    parse_bad("grammar", "[Constructor]a", "`[Constructor]a` is not in kebab case");
    parse_bad("grammar", "[constructor] a", "` a` is not in kebab case");
    parse_bad("grammar", "[constructor", "`[constructor` is not in kebab case");
    parse_bad("grammar", "[async]a", "`[async]a` is not in kebab case");
    parse_bad("grammar", "[async method]a.b", "is not in kebab case");
    parse_bad("grammar", "[method]a-.b", "`a-` is not in kebab case");
    parse_bad("grammar", "[static]a.Bc", "`Bc` is not in kebab case");
    parse_bad("grammar", "[method]a:b/c.d", "`a:b/c` is not in kebab case");
    parse_bad("grammar", "[]a", "`[]a` is not in kebab case");
    parse_bad("grammar", "a.b", "`a.b` is not in kebab case");
    parse_bad("grammar", "a_b", "`a_b` is not in kebab case");
    parse_bad("grammar", "-a", "`-a` is not in kebab case");
    parse_bad("grammar", "a b", "`a b` is not in kebab case");

    wm_name n = parse_ok("grammar", "[static]A-B.c-D");
    assert_int_equal(n.kind, WM_NAME_STATIC);
    assert_part(n.resource, n.resource_len, "A-B");
    assert_part(n.label, n.label_len, "c-D");
    n = parse_ok("grammar", "[method]my-resource.my-method");
    assert_int_equal(n.kind, WM_NAME_METHOD);
    assert_part(n.resource, n.resource_len, "my-resource");
    assert_part(n.label, n.label_len, "my-method");
    n = parse_ok("grammar", "[constructor]XML-doc");
    assert_part(n.resource, n.resource_len, "XML-doc");
}

static void test_annotated_uniqueness(void **state)
{
    (void)state;
    /* annotated-names.wast:190-192: `[constructor]a` and `a` coexist. */
    assert_false(conflicts("a", "[constructor]a"));
    /* annotated-names.wast:195-197 and 200-202: "import name `[method]a.a` conflicts with
     * previous name `a`", and the same for `[static]a.a`. */
    assert_true(conflicts("a", "[method]a.a"));
    assert_true(conflicts("a", "[static]a.a"));
    canonical_is("[method]a.a", "a");
    canonical_is("[static]a.A", "a");
    canonical_is("[method]FOO-BAR.baz", "foo-bar.baz");
    canonical_is("[constructor]FOO", "[constructor]foo");
    canonical_is("[static]R.f", "r.f");
}

/* The Explainer's "Name Uniqueness": the strongly-unique set, and one name of it each addition
 * conflicts with. */
static void test_explainer_uniqueness(void **state)
{
    (void)state;
    static const char *const set[] = {
        "foo", "foo-bar", "[constructor]foo", "[method]foo.bar", "[static]foo.baz", "foo:bar/baz",
    };
    for (size_t i = 0; i < N(set); i++)
        for (size_t j = 0; j < N(set); j++) assert_true(conflicts(set[i], set[j]) == (i == j));
    static const struct {
        const char *add, *with;
    } clashes[] = {
        {"foo", "foo"},
        {"FOO", "foo"},
        {"foo-BAR", "foo-bar"},
        {"[constructor]FOO", "[constructor]foo"},
        {"[method]foo.BAR", "[method]foo.bar"},
        {"[static]foo.bar", "[method]foo.bar"},
        {"[method]foo.baz", "[static]foo.baz"},
        {"[method]foo.foo", "foo"},
        {"[static]foo-BAR.FOO-bar", "foo-bar"},
        {"foo:bar/BAZ", "foo:bar/baz"},
    };
    for (size_t i = 0; i < N(clashes); i++) {
        size_t hits = 0;
        for (size_t j = 0; j < N(set); j++) {
            bool c = conflicts(clashes[i].add, set[j]);
            if (c) {
                hits++;
                assert_string_equal(set[j], clashes[i].with);
            }
        }
        assert_int_equal(hits, 1);
    }
    /* Canonical forms never collide across kinds: R.f holds a '.', interfaces a ':'. */
    assert_false(conflicts("[method]a.b", "[constructor]a"));
    assert_false(conflicts("[constructor]a", "a"));
    /* The canonical form is cut to the buffer, and its length is returned even with none. */
    wm_name n = name_of("[method]FOO.BAR");
    char out[4];
    assert_int_equal(wm_name_canonical(&n, NULL, 0), 7);
    assert_int_equal(wm_name_canonical(&n, out, sizeof out), 7);
    assert_memory_equal(out, "foo.", 4);
    char exact[8];
    assert_int_equal(wm_name_canonical(&n, exact, sizeof exact), 7);
    assert_string_equal(exact, "foo.bar");
}

/* The Explainer's examples of labels and names. */
static void test_explainer_labels(void **state)
{
    (void)state;
    static const char *const valid[] = {
        "a",         "a-b-c",        "a1-2-3",         "A",      "A-B-C",       "A1-2-3",
        "a11-w0rds", "A11-4CR0NYMS", "m1x3d-4CR0NYMS", "is-XML", "custom-hook", "get-JSON",
        "my-label",  "a-0",          "a-00",
    };
    for (size_t i = 0; i < N(valid); i++) {
        char msg[MSG];
        if (!wm_label_check(valid[i], strlen(valid[i]), msg, sizeof msg))
            fail_msg("%s: %s", valid[i], msg);
        assert_string_equal(msg, "");
        parse_ok("Explainer", valid[i]);
    }
    static const char *const invalid[] = {
        "1-2-3", "0", "-", "a-", "-a", "a--b", "aB", "Ab", "a-Bc", "A-bC", "a_b", "a b", "é",
    };
    for (size_t i = 0; i < N(invalid); i++) {
        char msg[MSG];
        assert_false(wm_label_check(invalid[i], strlen(invalid[i]), msg, sizeof msg));
        assert_non_null(strstr(msg, " is not in kebab case"));
    }
    wm_name n = parse_ok("Explainer", "wasi:http/handler");
    assert_part(n.package, n.package_len, "wasi:http");
    assert_part(n.interface, n.interface_len, "handler");
}

/* ---- attributes.wast ---- */

static void implements_ok(const char *where, const char *name, const char *value)
{
    wm_name n = parse_ok(where, name), v;
    char msg[MSG];
    if (!wm_implements_check(&n, value, strlen(value), &v, msg, sizeof msg))
        fail_msg("%s: %s implements %s: %s", where, name, value, msg);
    assert_string_equal(msg, "");
    assert_int_equal(v.kind, WM_NAME_INTERFACE);
    assert_ptr_equal(v.str, value);
}

static void implements_bad(const char *where, const char *name, const char *value, const char *want)
{
    wm_name n = parse_ok(where, name);
    char msg[MSG];
    if (wm_implements_check(&n, value, strlen(value), NULL, msg, sizeof msg))
        fail_msg("%s: %s implements %s should fail", where, name, value);
    if (!strstr(msg, want)) fail_msg("%s: message \"%s\" lacks \"%s\"", where, msg, want);
}

static void test_attributes(void **state)
{
    (void)state;
    implements_ok("attributes.wast:4", "a", "a:b/c");
    implements_ok("attributes.wast:5", "b", "a:b/c");
    implements_ok("attributes.wast:6", "c", "a:b/c@1.0.0");
    implements_ok("attributes.wast:7", "my-label", "ns:pkg/iface");
    implements_ok("attributes.wast:11", "a", "a:b/c");
    implements_ok("attributes.wast:12", "b", "a:b/c");
    implements_ok("attributes.wast:13", "c", "a:b/c@1.0.0");
    implements_ok("attributes.wast:14", "my-label", "ns:pkg/iface");
    implements_ok("attributes.wast:17", "a", "a:b/c");
    implements_ok("attributes.wast:20", "a", "a:b/c");
    implements_ok("attributes.wast:21", "a", "a:b/c");
    implements_ok("attributes.wast:25", "a", "a:b/c");
    implements_ok("attributes.wast:49", "store1", "w:kv/s");
    implements_ok("attributes.wast:50", "store2", "w:kv/s");
    implements_ok("attributes.wast:60", "c", "w:kv/s");
    implements_ok("attributes.wast:68", "b", "a:b/c");
    implements_ok("attributes.wast:204", "e", "a:b/c");
    implements_ok("attributes.wast:207", "i", "x:y/z");
    implements_ok("attributes.wast:208", "e", "p:q/r");
    implements_ok("attributes.wast:230", "primary", "w:kv/s");
    /* The sort is the caller's to check (lines 146, 164, 176, 186, 190: "only instances can
     * have an `implements`"): for a name and value alone these are fine. */
    implements_ok("attributes.wast:146", "a", "a:b/c");
    implements_ok("attributes.wast:164", "a", "a:b/c");
    implements_ok("attributes.wast:176", "a", "a:b/c");
    implements_ok("attributes.wast:186", "a", "a:b/c");
    implements_ok("attributes.wast:190", "a", "a:b/c");

    implements_bad("attributes.wast:99", "a", "not-valid", "must be an interface");
    implements_bad("attributes.wast:102", "a", "", "not a valid name");
    implements_bad("attributes.wast:151", "a1:b/c", "a2:b/c",
                   "name `a1:b/c` is not valid with `implements`");
    implements_bad("attributes.wast:158", "a", "not-valid", "must be an interface");
    implements_bad("attributes.wast:161", "a", "", "not a valid name");
    implements_bad("attributes.wast:169", "x", "a", "must be an interface");
    implements_bad("attributes.wast:181", "a1:b/c", "a2:b/c",
                   "name `a1:b/c` is not valid with `implements`");
    implements_bad("attributes.wast:195", "x", "a", "must be an interface");
    implements_bad("grammar", "a", "[method]a.b", "must be an interface");
    implements_bad("grammar", "a", "A:b/c", "not a valid name");
    implements_bad("grammar", "a", "a:b/c@1.", "unexpected end of input");

    char msg[MSG];
    wm_name n = name_of("a");
    assert_false(wm_implements_check(&n, "", 0, NULL, msg, sizeof msg));
    assert_string_equal(msg, "`` is not a valid name for `implements`: `` is not in kebab case");
    assert_false(wm_implements_check(&n, "not-valid", 9, NULL, msg, sizeof msg));
    assert_string_equal(msg, "`implements` value `not-valid` must be an interface name");
    assert_false(wm_implements_check(&n, NULL, 3, NULL, msg, sizeof msg));

    /* Names of the external-id cases (lines 32-72), all in one component: valid and unique
     * (an interface name may carry an external-id). */
    static const char *const ext[] = {
        "a", "b", "c", "d", "a:b/c", "uni", "esc", "empty", "store1", "store2", "dup1", "dup2",
    };
    wm_name names[N(ext)];
    for (size_t i = 0; i < N(ext); i++) names[i] = parse_ok("attributes.wast:32-54", ext[i]);
    for (size_t i = 0; i < N(ext); i++)
        for (size_t j = i + 1; j < N(ext); j++)
            assert_false(wm_name_conflicts(&names[i], &names[j]));
    parse_ok("attributes.wast:37", "e");
    parse_ok("attributes.wast:203", "s");
    parse_ok("attributes.wast:241", "the-id");
    /* Line 232: the `with` name "w:kv/s" is a valid name; that no import has it is another
     * check ("missing import named `primary`"). */
    parse_ok("attributes.wast:232", "w:kv/s");
    /* Lines 106-141: attributes do not relax uniqueness: "a" and "a" conflict. */
    assert_true(conflicts("a", "a"));
}

/* ---- Semantic versions ---- */

static void test_semver_valid(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        uint64_t major, minor, patch;
        const char *pre, *build;
    } cases[] = {
        {"0.0.0", 0, 0, 0, NULL, NULL},
        {"1.2.3", 1, 2, 3, NULL, NULL},
        {"10.20.30", 10, 20, 30, NULL, NULL},
        {"1.0.0-alpha", 1, 0, 0, "alpha", NULL},
        {"1.0.0-alpha.1", 1, 0, 0, "alpha.1", NULL},
        {"1.0.0-0.3.7", 1, 0, 0, "0.3.7", NULL},
        {"1.0.0-x.7.z.92", 1, 0, 0, "x.7.z.92", NULL},
        {"1.0.0-x-y-z.--", 1, 0, 0, "x-y-z.--", NULL},
        {"1.0.0---", 1, 0, 0, "--", NULL},
        {"1.0.0-0", 1, 0, 0, "0", NULL},
        {"1.0.0-00a", 1, 0, 0, "00a", NULL},
        {"1.0.0-0a.0-.-0", 1, 0, 0, "0a.0-.-0", NULL},
        {"1.0.0-alpha+001", 1, 0, 0, "alpha", "001"},
        {"1.0.0+20130313144700", 1, 0, 0, NULL, "20130313144700"},
        {"1.0.0-beta+exp.sha.5114f85", 1, 0, 0, "beta", "exp.sha.5114f85"},
        {"1.0.0+21AF26D3----117B344092BD", 1, 0, 0, NULL, "21AF26D3----117B344092BD"},
        {"1.0.0+0.00.-", 1, 0, 0, NULL, "0.00.-"},
        {"18446744073709551615.18446744073709551615.18446744073709551615", UINT64_MAX, UINT64_MAX,
         UINT64_MAX, NULL, NULL},
        {"1.0.0-99999999999999999999999999", 1, 0, 0, "99999999999999999999999999", NULL},
        {"123456.7890.488", 123456, 7890, 488, NULL, NULL},
    };
    for (size_t i = 0; i < N(cases); i++) {
        wm_semver v;
        char msg[MSG];
        const char *s = cases[i].s;
        if (!wm_semver_parse(s, strlen(s), &v, msg, sizeof msg)) fail_msg("%s: %s", s, msg);
        assert_true(v.major == cases[i].major && v.minor == cases[i].minor &&
                    v.patch == cases[i].patch);
        assert_part(v.pre, v.pre_len, cases[i].pre);
        assert_part(v.build, v.build_len, cases[i].build);
        /* As an interface's version too. */
        char name[MSG];
        snprintf(name, sizeof name, "a:b/c@%s", s);
        wm_name n = parse_ok("semver", name);
        assert_part(n.version, n.version_len, s);
    }
}

static void test_semver_invalid(void **state)
{
    (void)state;
    static const struct {
        const char *s, *want;
    } cases[] = {
        {"", "empty string, expected a semver version"},
        {"1", "unexpected end of input after major version number"},
        {"1.2", "unexpected end of input after minor version number"},
        {"1.2.", "unexpected end of input while parsing patch version number"},
        {"1.2.3.4", "unexpected character '.' after patch version number"},
        {"01.0.0", "invalid leading zero in major version number"},
        {"1.02.0", "invalid leading zero in minor version number"},
        {"1.0.03", "invalid leading zero in patch version number"},
        {"00.0.0", "invalid leading zero in major version number"},
        {"1.0.0-01", "invalid leading zero in pre-release identifier"},
        {"1.0.0-a.00", "invalid leading zero in pre-release identifier"},
        {"1.0.0-alpha..1", "empty identifier segment in pre-release identifier"},
        {"1.0.0-a.", "empty identifier segment in pre-release identifier"},
        {"1.0.0-.a", "empty identifier segment in pre-release identifier"},
        {"1.0.0-", "empty identifier segment in pre-release identifier"},
        {"1.0.0-+b", "empty identifier segment in pre-release identifier"},
        {"1.0.0+", "empty identifier segment in build metadata"},
        {"1.0.0+.a", "empty identifier segment in build metadata"},
        {"1.0.0+a..b", "empty identifier segment in build metadata"},
        {"1.0.0+a+b", "unexpected character '+' in build metadata"},
        {"1.0.0-alpha_beta", "unexpected character '_' in pre-release identifier"},
        {"1.0.0+a_b", "unexpected character '_' in build metadata"},
        {"v1.0.0", "unexpected character 'v' while parsing major version number"},
        {" 1.0.0", "unexpected character ' ' while parsing major version number"},
        {"1.0.0 ", "unexpected character ' ' after patch version number"},
        {"-1.0.0", "unexpected character '-' while parsing major version number"},
        {"1.-0.0", "unexpected character '-' while parsing minor version number"},
        {"1.0", "unexpected end of input after minor version number"},
        {"1..0", "unexpected character '.' while parsing minor version number"},
        {"18446744073709551616.0.0", "value of major version number is too large"},
        {"0.99999999999999999999.0", "value of minor version number is too large"},
        {"0.0.18446744073709551616", "value of patch version number is too large"},
        {"1.0.0-\xce\xb1", "unexpected character '\\xce' in pre-release identifier"},
        {"1.0.0-a'b", "unexpected character '\\x27' in pre-release identifier"},
        {"1.0.0+\\", "unexpected character '\\x5c' in build metadata"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        char msg[MSG];
        const char *s = cases[i].s;
        if (wm_semver_parse(s, strlen(s), NULL, msg, sizeof msg)) fail_msg("%s is valid", s);
        if (strcmp(msg, cases[i].want) != 0)
            fail_msg("%s: message \"%s\", not \"%s\"", s, msg, cases[i].want);
        assert_false(wm_semver_parse(s, strlen(s), NULL, NULL, 0));
    }
    char msg[MSG];
    assert_false(wm_semver_parse("1.0.0\0", 6, NULL, msg, sizeof msg));
    assert_string_equal(msg, "unexpected character '\\x00' after patch version number");
    assert_false(wm_semver_parse(NULL, 5, NULL, msg, sizeof msg));
    assert_string_equal(msg, "empty string, expected a semver version");
}

static int compare(const char *a, const char *b)
{
    wm_semver x, y;
    assert_true(wm_semver_parse(a, strlen(a), &x, NULL, 0));
    assert_true(wm_semver_parse(b, strlen(b), &y, NULL, 0));
    int r = wm_semver_compare(&x, &y);
    assert_int_equal(r, -wm_semver_compare(&y, &x));
    return r;
}

static void test_semver_precedence(void **state)
{
    (void)state;
    /* semver.org item 11, in increasing order. */
    static const char *const order[] = {
        "0.0.0",
        "0.0.1",
        "0.1.0",
        "1.0.0-0",
        "1.0.0-1",
        "1.0.0-9",
        "1.0.0-10",
        "1.0.0-99999999999999999999",
        "1.0.0--",
        "1.0.0-A",
        "1.0.0-Z",
        "1.0.0-a",
        "1.0.0-alpha",
        "1.0.0-alpha.1",
        "1.0.0-alpha.beta",
        "1.0.0-beta",
        "1.0.0-beta.2",
        "1.0.0-beta.11",
        "1.0.0-rc.1",
        "1.0.0",
        "1.0.1",
        "1.1.0",
        "2.0.0",
        "2.1.0",
        "2.1.1",
        "10.0.0",
        "18446744073709551615.0.0",
    };
    for (size_t i = 0; i < N(order); i++)
        for (size_t j = 0; j < N(order); j++) {
            int r = compare(order[i], order[j]);
            int want = i < j ? -1 : i > j;
            if ((r > 0) - (r < 0) != want)
                fail_msg("compare(%s, %s) = %d, not %d", order[i], order[j], r, want);
        }
    /* Build metadata does not count. */
    assert_int_equal(compare("1.0.0+a", "1.0.0+b"), 0);
    assert_int_equal(compare("1.0.0-rc.1+a", "1.0.0-rc.1"), 0);
    assert_true(compare("1.0.0-alpha+zzz", "1.0.0-alpha.1") < 0);
}

static bool compatible(const char *want, const char *have)
{
    wm_semver a, b;
    assert_true(wm_semver_parse(want, strlen(want), &a, NULL, 0));
    assert_true(wm_semver_parse(have, strlen(have), &b, NULL, 0));
    bool c = wm_semver_compatible(&a, &b);
    assert_true(c == wm_semver_compatible(&b, &a));
    assert_true(c == wm_version_compatible(want, strlen(want), have, strlen(have)));
    return c;
}

static bool vcompatible(const char *want, const char *have)
{
    bool c = wm_version_compatible(want, want ? strlen(want) : 0, have, have ? strlen(have) : 0);
    assert_true(
        c == wm_version_compatible(have, have ? strlen(have) : 0, want, want ? strlen(want) : 0));
    return c;
}

static void test_semver_compatible(void **state)
{
    (void)state;
    /* The same major from 1.0.0 on. */
    assert_true(compatible("1.2.3", "1.0.0"));
    assert_true(compatible("1.2.3", "1.9.9"));
    assert_true(compatible("1.0.0", "1.0.0"));
    assert_true(compatible("1.0.0+a", "1.3.0+b"));
    assert_false(compatible("1.2.3", "2.0.0"));
    assert_false(compatible("1.0.0", "0.9.0"));
    assert_false(compatible("1.0.0", "0.0.1"));
    /* The same minor for 0.x (the Explainer's 0.2.1 and 0.2.6). */
    assert_true(compatible("0.2.1", "0.2.6"));
    assert_true(compatible("0.2.0", "0.2.0"));
    assert_false(compatible("0.2.1", "0.3.1"));
    assert_false(compatible("0.1.0", "0.0.1"));
    /* The same patch for 0.0.x. */
    assert_true(compatible("0.0.1", "0.0.1"));
    assert_true(compatible("0.0.0", "0.0.0"));
    assert_false(compatible("0.0.1", "0.0.2"));
    assert_false(compatible("0.0.0", "0.0.1"));
    /* Pre-releases only match exactly (build metadata aside). */
    assert_true(compatible("1.0.0-rc.1", "1.0.0-rc.1"));
    assert_true(compatible("1.0.0-rc.1+a", "1.0.0-rc.1+b"));
    assert_false(compatible("1.0.0-rc.1", "1.0.0"));
    assert_false(compatible("1.0.0-rc.1", "1.0.0-rc.2"));
    assert_false(compatible("1.1.0-rc.1", "1.0.0"));
    assert_false(compatible("0.2.6-rc.1", "0.2.6"));
    assert_false(compatible("0.0.1-a", "0.0.1-b"));

    /* Interface versions: a canonversion alone matches the versions it is the canonversion of,
     * pre-releases aside. */
    assert_true(vcompatible("1", "1.2.3"));
    assert_true(vcompatible("1", "1"));
    assert_true(vcompatible("0.2", "0.2.6"));
    assert_true(vcompatible("0.2", "0.2"));
    assert_true(vcompatible("0.0.1", "0.0.1"));
    assert_true(vcompatible("0.0.0", "0.0.0+x"));
    assert_false(vcompatible("1", "2"));
    assert_false(vcompatible("1", "10"));
    assert_false(vcompatible("1", "10.0.0"));
    assert_false(vcompatible("1", "2.0.0"));
    assert_false(vcompatible("0.2", "0.3.0"));
    assert_false(vcompatible("0.2", "0.20"));
    assert_false(vcompatible("0.2", "1"));
    assert_false(vcompatible("1", "1.0.0-rc.1"));
    assert_false(vcompatible("0.0.1", "0.0.1-rc"));
    /* No version matches only no version; anything invalid matches nothing. */
    assert_true(vcompatible("", ""));
    assert_true(vcompatible(NULL, NULL));
    assert_false(vcompatible("", "1"));
    assert_false(vcompatible("1.0.0", ""));
    assert_false(vcompatible("bad", "bad"));
    assert_false(vcompatible("01", "01"));
    assert_false(vcompatible("1.0", "1.0.0"));
    assert_false(vcompatible("0.0", "0.0.0"));
}

static void test_canonversion(void **state)
{
    (void)state;
    static const char *const canon[] = {
        "1", "10", "18446744073709551615", "0.1", "0.20", "0.0.1", "0.0.30", "0.0.0"};
    for (size_t i = 0; i < N(canon); i++) {
        assert_true(wm_version_is_canon(canon[i], strlen(canon[i])));
        assert_int_equal(wm_version_canon_len(canon[i], strlen(canon[i])), strlen(canon[i]));
        char name[MSG];
        snprintf(name, sizeof name, "a:b/c@%s", canon[i]);
        wm_name n = parse_ok("canonversion", name);
        assert_int_equal(wm_name_canon_len(&n), n.len);
    }
    static const char *const not_canon[] = {
        "0",       "01", "0.0", "0.01", "0.0.01", "1.0", "1.0.0", "0.1.0",
        "0.0.1-a", "1.", "0.",  "0.0.", "",       "a",   "1a",    "18446744073709551616",
    };
    for (size_t i = 0; i < N(not_canon); i++)
        assert_false(wm_version_is_canon(not_canon[i], strlen(not_canon[i])));
    assert_false(wm_version_is_canon(NULL, 0));
    /* Neither a canonversion nor a valid semver: no interface version. */
    static const char *const neither[] = {"0", "01", "0.0", "0.01", "1.0", "1.", "0.0.01"};
    for (size_t i = 0; i < N(neither); i++) {
        char name[MSG];
        snprintf(name, sizeof name, "a:b/c@%s", neither[i]);
        parse_bad("canonversion", name, "failed to parse version: ");
        assert_int_equal(wm_version_canon_len(neither[i], strlen(neither[i])), 0);
    }
    /* The Explainer's splits. */
    static const struct {
        const char *v, *canon;
    } splits[] = {
        {"1.2.3", "1"},       {"0.2.6-rc.1", "0.2"},  {"0.0.1-alpha", "0.0.1"},
        {"0.0.0", "0.0.0"},   {"0.0.0-x+y", "0.0.0"}, {"12.0.0", "12"},
        {"0.12.0+b", "0.12"}, {"0.0.12", "0.0.12"},   {"1.0.0-rc", "1"},
    };
    for (size_t i = 0; i < N(splits); i++) {
        assert_int_equal(wm_version_canon_len(splits[i].v, strlen(splits[i].v)),
                         strlen(splits[i].canon));
        char name[MSG];
        snprintf(name, sizeof name, "wasi:http/types@%s", splits[i].v);
        wm_name n = parse_ok("canonversion", name);
        assert_int_equal(wm_name_canon_len(&n),
                         strlen("wasi:http/types@") + strlen(splits[i].canon));
    }
    wm_name n = name_of("wasi:http/types@0.2.6");
    assert_int_equal(wm_name_canon_len(&n), strlen("wasi:http/types@0.2"));
    n = name_of("wasi:http/types");
    assert_int_equal(wm_name_canon_len(&n), n.len);
    n = name_of("[method]a.b");
    assert_int_equal(wm_name_canon_len(&n), n.len);
}

static void suffix_ok(const char *name, const char *suffix)
{
    wm_name n = name_of(name);
    char msg[MSG];
    if (!wm_versionsuffix_check(&n, suffix, strlen(suffix), msg, sizeof msg))
        fail_msg("%s + %s: %s", name, suffix, msg);
    assert_string_equal(msg, "");
}

static void suffix_bad(const char *name, const char *suffix, const char *want)
{
    wm_name n = name_of(name);
    char msg[MSG];
    if (wm_versionsuffix_check(&n, suffix, strlen(suffix), msg, sizeof msg))
        fail_msg("%s + %s should fail", name, suffix);
    if (!strstr(msg, want))
        fail_msg("%s + %s: message \"%s\" lacks \"%s\"", name, suffix, msg, want);
}

static void test_versionsuffix(void **state)
{
    (void)state;
    /* The Explainer's splits, put back together. */
    suffix_ok("a:b/c@1", ".2.3");
    suffix_ok("wasi:http/types@0.2", ".6-rc.1");
    suffix_ok("a:b/c@0.0.1", "-alpha");
    suffix_ok("a:b/c@0.0.1", "");
    suffix_ok("a:b/c@0.0.0", "+build.7");
    suffix_ok("a:b/c@0.2", ".6-rc.1+build");
    suffix_ok("a:b/c@1", ".0.0");
    /* The rule is only that the concatenation is a valid semver. */
    suffix_ok("a:b/c@1", "0.0.0");

    suffix_bad("a:b/c@1", "", "unexpected end of input after major version number");
    suffix_bad("a:b/c@1", ".2", "unexpected end of input after minor version number");
    suffix_bad("a:b/c@0.2", ".6-", "empty identifier segment in pre-release identifier");
    suffix_bad("a:b/c@1", ".2.3+", "empty identifier segment in build metadata");
    suffix_bad("a:b/c@1", ".2.3 x", "unexpected character ' ' after patch version number");
    suffix_bad("a:b/c@1", ".02.3", "invalid leading zero in minor version number");
    suffix_bad("a:b/c@0.0.1", ".2", "unexpected character '.' after patch version number");
    suffix_bad("a:b/c@1", "8446744073709551616.0.0", "too large");
    suffix_bad("a:b/c@1.2.3", "", "needs a canonical version, not `1.2.3`");
    suffix_bad("a:b/c@0.2.0", ".1", "needs a canonical version");
    suffix_bad("a:b/c", ".2.3", "needs an interface name with a version, not `a:b/c`");
    suffix_bad("plain", "1.0.0", "needs an interface name with a version");
    suffix_bad("[method]a.b", "1.0.0", "needs an interface name with a version");

    wm_name n = name_of("a:b/c@1");
    char msg[MSG];
    assert_false(wm_versionsuffix_check(&n, ".2", 2, msg, sizeof msg));
    assert_string_equal(msg, "version `1` with versionsuffix `.2` is not a valid semver: "
                             "unexpected end of input after minor version number");
    assert_false(wm_versionsuffix_check(&n, ".2.3\0", 5, msg, sizeof msg));
    assert_non_null(strstr(msg, "unexpected character '\\x00'"));
    assert_false(wm_versionsuffix_check(&n, NULL, 4, msg, sizeof msg));
    n = name_of("a:b/c@0.0.0");
    assert_true(wm_versionsuffix_check(&n, NULL, 0, msg, sizeof msg));
}

/* ---- Hostile names ---- */

static void test_hostile_long(void **state)
{
    (void)state;
    size_t big = (size_t)1 << 20;
    char *s = malloc(big + 64);
    assert_non_null(s);

    /* One long valid label; the same with a bad last byte. */
    memset(s, 'a', big);
    wm_name n;
    char msg[MSG];
    assert_true(wm_name_parse(s, big, &n, msg, sizeof msg));
    assert_int_equal(n.label_len, big);
    s[big - 1] = 'B';
    assert_false(wm_name_parse(s, big, &n, msg, sizeof msg));
    /* The message quotes at most 128 bytes of the name. */
    assert_true(strlen(msg) < 128 + 64);
    assert_non_null(strstr(msg, "...` is not in kebab case"));

    /* Many fragments; many dashes. */
    for (size_t i = 0; i < big; i++) s[i] = i % 2 ? '-' : (i % 4 ? 'A' : 'b');
    assert_true(wm_name_parse(s, big - 1, NULL, msg, sizeof msg));
    memset(s, '-', big);
    assert_false(wm_name_parse(s, big, NULL, msg, sizeof msg));

    /* A long interface name, and one with a long pre-release. */
    memcpy(s, "ns:pkg/", 7);
    memset(s + 7, 'x', big - 7);
    assert_true(wm_name_parse(s, big, &n, msg, sizeof msg));
    assert_int_equal(n.interface_len, big - 7);
    memcpy(s, "ns:pkg/i@1.0.0-", 15);
    memset(s + 15, '9', big - 15);
    assert_true(wm_name_parse(s, big, &n, msg, sizeof msg));
    assert_int_equal(n.version_len, big - 9);
    s[15] = '0';
    assert_false(wm_name_parse(s, big, &n, msg, sizeof msg));
    assert_non_null(strstr(msg, "invalid leading zero in pre-release identifier"));
    /* A huge major number. */
    memcpy(s, "ns:pkg/i@", 9);
    memset(s + 9, '9', big - 9);
    assert_false(wm_name_parse(s, big, &n, msg, sizeof msg));
    assert_non_null(strstr(msg, "major version number is too large"));
    assert_false(wm_version_is_canon(s + 9, big - 9));
    /* [method] with a long resource and no dot. */
    memcpy(s, "[method]", 8);
    memset(s + 8, 'r', big - 8);
    assert_false(wm_name_parse(s, big, &n, msg, sizeof msg));
    assert_non_null(strstr(msg, "failed to find `.` character in `[method]rrr"));
    s[big / 2] = '.';
    assert_true(wm_name_parse(s, big, &n, msg, sizeof msg));
    /* Uniqueness of long names. */
    wm_name m;
    assert_true(wm_name_parse(s, big, &m, NULL, 0));
    assert_true(wm_name_conflicts(&n, &m));
    size_t clen = wm_name_canonical(&n, NULL, 0);
    assert_int_equal(clen, big - 8);
    free(s);
}

static void test_hostile_bytes(void **state)
{
    (void)state;
    /* NUL bytes anywhere. */
    parse_bad_n("NUL", "\0", 1, "`\\x00` is not in kebab case");
    parse_bad_n("NUL", "a\0", 2, "`a\\x00` is not in kebab case");
    parse_bad_n("NUL", "a\0b", 3, "`a\\x00b` is not in kebab case");
    parse_bad_n("NUL", "[method]a.b\0", 12, "`b\\x00` is not in kebab case");
    parse_bad_n("NUL", "[method]a\0.b", 12, "`a\\x00` is not in kebab case");
    parse_bad_n("NUL", "[constructor]\0", 14, "`\\x00` is not in kebab case");
    parse_bad_n("NUL", "a:b/c\0", 6, "`c\\x00` is not in kebab case");
    parse_bad_n("NUL", "a\0:b/c", 6, "`a\\x00` is not in kebab case");
    parse_bad_n("NUL", "a:b/c@1.0.0\0", 12, "unexpected character '\\x00' after patch");
    parse_bad_n("NUL", "a:b/c@1.0.0-a\0", 14, "unexpected character '\\x00' in pre-release");
    parse_bad_n("NUL", "a:b/c@\0", 7, "unexpected character '\\x00' while parsing major");
    /* The whole message for one of them: the NUL shows as \x00 and the message stays whole. */
    char msg[MSG];
    assert_false(wm_name_parse("a:b\0/c", 6, NULL, msg, sizeof msg));
    assert_string_equal(msg, "`a:b\\x00/c` is not a valid extern name: `b\\x00` is not in kebab "
                             "case");

    /* Bytes beyond ASCII: valid UTF-8 (é, a snowman, an emoji), and invalid UTF-8 (a lone
     * continuation byte, a truncated sequence, an overlong '/', a surrogate, 0xff). */
    static const char *const bytes[] = {
        "caf\xc3\xa9",  "\xe2\x98\x83", "\xf0\x9f\xaa\xba", "\x80", "a\xc3", "\xc0\xaf",
        "\xed\xa0\x80", "\xff",         "a-\xfe",
    };
    for (size_t i = 0; i < N(bytes); i++) {
        parse_bad("non-ASCII", bytes[i], " is not in kebab case");
        char name[64];
        snprintf(name, sizeof name, "ns:pkg/%s", bytes[i]);
        parse_bad("non-ASCII", name, "is not a valid extern name");
        snprintf(name, sizeof name, "ns:%s/i", bytes[i]);
        parse_bad("non-ASCII", name, "is not a valid extern name");
        snprintf(name, sizeof name, "[method]%s.f", bytes[i]);
        parse_bad("non-ASCII", name, " is not in kebab case");
        snprintf(name, sizeof name, "a:b/c@1.0.0-%s", bytes[i]);
        parse_bad("non-ASCII", name, "unexpected character '\\x");
        assert_false(wm_label_check(bytes[i], strlen(bytes[i]), NULL, 0));
    }
    assert_false(wm_name_parse("\xff", 1, NULL, msg, sizeof msg));
    assert_string_equal(msg, "`\\xff` is not in kebab case");
    /* Backquotes and quotes in a name are shown as they are. */
    assert_false(wm_name_parse("a`b", 3, NULL, msg, sizeof msg));
    assert_string_equal(msg, "`a`b` is not in kebab case");
    /* Control characters. */
    parse_bad("control", "a\nb", "`a\\x0ab` is not in kebab case");
    parse_bad("control", "\x7f", "`\\x7f` is not in kebab case");
}

static void test_hostile_buffers(void **state)
{
    (void)state;
    /* NULL names. */
    char msg[MSG];
    assert_false(wm_name_parse(NULL, 0, NULL, msg, sizeof msg));
    assert_string_equal(msg, "`` is not in kebab case");
    assert_false(wm_name_parse(NULL, 10, NULL, msg, sizeof msg));
    assert_string_equal(msg, "missing name");
    assert_false(wm_label_check(NULL, 0, msg, sizeof msg));
    assert_false(wm_label_check(NULL, 3, msg, sizeof msg));
    assert_string_equal(msg, "missing label");

    /* Messages are cut to the buffer and always terminated; nothing is written past it. */
    const char *bad = "wasi:http/TyPeS";
    const char *full = "`wasi:http/TyPeS` is not a valid extern name: `TyPeS` is not in kebab case";
    for (size_t size = 1; size <= strlen(full) + 1; size++) {
        char buf[MSG];
        memset(buf, '#', sizeof buf);
        assert_false(wm_name_parse(bad, strlen(bad), NULL, buf, size));
        assert_int_equal(strlen(buf), size - 1);
        assert_memory_equal(buf, full, size - 1);
        for (size_t i = size; i < sizeof buf; i++) assert_int_equal(buf[i], '#');
    }
    /* A size of 0 writes nothing, even with a buffer. */
    char one = '#';
    assert_false(wm_name_parse(bad, strlen(bad), NULL, &one, 0));
    assert_int_equal(one, '#');
    /* A NULL buffer with a size is treated as none. */
    assert_false(wm_name_parse(bad, strlen(bad), NULL, NULL, 100));
    assert_false(wm_semver_parse("x", 1, NULL, NULL, 100));
    /* Short buffers for the semver and attribute messages too. */
    char small[5];
    assert_false(wm_semver_parse("1.0", 3, NULL, small, sizeof small));
    assert_string_equal(small, "unex");
    wm_name n = name_of("a");
    assert_false(wm_implements_check(&n, "x", 1, NULL, small, sizeof small));
    assert_string_equal(small, "`imp");
    /* A valid name leaves an empty message, whatever was in the buffer. */
    memset(msg, 'x', sizeof msg);
    assert_true(wm_name_parse("a:b/c@1.0.0", 11, NULL, msg, sizeof msg));
    assert_string_equal(msg, "");
    memset(msg, 'x', sizeof msg);
    assert_true(wm_semver_parse("1.0.0", 5, NULL, msg, sizeof msg));
    assert_string_equal(msg, "");
    /* The parse leaves *out alone on failure. */
    wm_name untouched = {.kind = WM_NAME_STATIC, .len = 77};
    assert_false(wm_name_parse("aB", 2, &untouched, NULL, 0));
    assert_int_equal(untouched.kind, WM_NAME_STATIC);
    assert_int_equal(untouched.len, 77);
    /* A zeroed wm_name (an empty label) is handled by the other functions. */
    wm_name zero = {0};
    char out[4] = "zzz";
    assert_int_equal(wm_name_canonical(&zero, out, sizeof out), 0);
    assert_string_equal(out, "");
    assert_true(wm_name_conflicts(&zero, &zero));
    assert_false(wm_versionsuffix_check(&zero, "", 0, msg, sizeof msg));
    assert_int_equal(wm_name_canon_len(&zero), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kebab_valid),          cmocka_unit_test(test_kebab_invalid),
        cmocka_unit_test(test_kebab_uniqueness),     cmocka_unit_test(test_extern_names_valid),
        cmocka_unit_test(test_extern_names_invalid), cmocka_unit_test(test_annotated_valid),
        cmocka_unit_test(test_annotated_invalid),    cmocka_unit_test(test_annotated_uniqueness),
        cmocka_unit_test(test_explainer_uniqueness), cmocka_unit_test(test_explainer_labels),
        cmocka_unit_test(test_attributes),           cmocka_unit_test(test_semver_valid),
        cmocka_unit_test(test_semver_invalid),       cmocka_unit_test(test_semver_precedence),
        cmocka_unit_test(test_semver_compatible),    cmocka_unit_test(test_canonversion),
        cmocka_unit_test(test_versionsuffix),        cmocka_unit_test(test_hostile_long),
        cmocka_unit_test(test_hostile_bytes),        cmocka_unit_test(test_hostile_buffers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
