/* Import and export names of the Component Model (spec/component-model/Explainer.md, "Import and
 * Export Definitions", "Name Uniqueness", "Canonical Interface Name"; Binary.md, "Import and
 * Export Definitions"): checking and taking apart extern names and labels, the strong-uniqueness
 * comparison, semantic versions and their compatibility, and the two name attributes that carry a
 * name (`implements`, `versionsuffix`).
 *
 * The grammar, exactly as the Explainer writes it:
 *   externname     ::= plainname | interfacename
 *   plainname      ::= label | '[constructor]' label | '[method]' label '.' label
 *                    | '[static]' label '.' label
 *   label          ::= first-fragment ( '-' fragment )*
 *   first-fragment ::= [a-z] [0-9a-z]* | [A-Z] [0-9A-Z]*
 *   fragment       ::= [0-9a-z]+ | [0-9A-Z]+
 *   interfacename  ::= words ':' words '/' label ( '@' version )?
 *   words          ::= [a-z] [0-9a-z]* ( '-' [0-9a-z]+ )*
 *   version        ::= valid semver (semver.org 2.0.0) | canonversion
 *   canonversion   ::= [1-9] [0-9]* | '0.' [1-9] [0-9]* | '0.0.' [1-9] [0-9]* | '0.0.0'
 * A name holding ':' (and no annotation) is an interface name, any other a plain name. Nested
 * namespaces and projections (🪺, `ns1:ns2:pkg/a/b`) are a gated future feature that the official
 * tests reject, and so are they here. Names are ASCII: any other byte (NUL, non-ASCII, invalid
 * UTF-8) makes a name invalid. Version numbers (major, minor, patch) must fit in 64 bits.
 *
 * Failing checks write a NUL-terminated message into msg[0..msg_size) (truncated to fit; msg may
 * be NULL when msg_size is 0) and return false. The messages hold what the official tests expect:
 *   "`aBc` is not in kebab case"                 a label (or part of a name) that is not one
 *   "failed to find `.` character in `[method]a`"
 *   "`A:b/c` is not a valid extern name: ..."     any fault of an interface name, followed by
 *       "namespace `A` is not lowercase", "`` is not in kebab case",
 *       "expected `/` after package name `bar`", "trailing characters found: `/qux`",
 *       "failed to parse version: <semver message>"
 *   semver messages: "empty string, expected a semver version", "unexpected character '.' while
 *       parsing major version number", "unexpected end of input while parsing minor version
 *       number", "empty identifier segment in pre-release identifier", ...
 * Quoted parts of a name show bytes outside printable ASCII as \xNN and are cut short (ending in
 * "...") past 128 bytes. No function here allocates or keeps state. */
#ifndef WARDEN_COMPONENT_NAMES_H
#define WARDEN_COMPONENT_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum wm_name_kind {
    WM_NAME_LABEL,       /* a-b-c */
    WM_NAME_CONSTRUCTOR, /* [constructor]R */
    WM_NAME_METHOD,      /* [method]R.f */
    WM_NAME_STATIC,      /* [static]R.f */
    WM_NAME_INTERFACE,   /* ns:pkg/iface or ns:pkg/iface@version */
} wm_name_kind;

/* A parsed extern name. Every pointer points into the checked string, which must outlive it;
 * fields a kind does not have are NULL with length 0. */
typedef struct wm_name {
    wm_name_kind kind;
    const char *str; /* the whole name */
    size_t len;
    const char *resource; /* CONSTRUCTOR, METHOD, STATIC: R */
    size_t resource_len;
    const char *label; /* LABEL: the name; METHOD, STATIC: f */
    size_t label_len;
    const char *package; /* INTERFACE: "ns:pkg" */
    size_t package_len;
    const char *interface; /* INTERFACE: "iface" */
    size_t interface_len;
    const char *version; /* INTERFACE: the version without '@'; NULL when there is none */
    size_t version_len;
} wm_name;
/* An interface name without its version, "ns:pkg/iface", is str[0..interface - str +
 * interface_len). */

/* Checks the extern name s[0..len) (an import or export name) and, when valid and out is not
 * NULL, takes it apart into *out. */
bool wm_name_parse(const char *s, size_t len, wm_name *out, char *msg, size_t msg_size);

/* Checks a kebab-case label: record fields, variant cases, enum and flags names, parameter
 * names. The message is "`x` is not in kebab case"; callers put what the label is in front. */
bool wm_label_check(const char *s, size_t len, char *msg, size_t msg_size);

/* ---- Strong uniqueness (Explainer "Name Uniqueness") ----
 * The canonical form lowercases every letter of the labels (not of an interface's version),
 * turns [method]l.l and [static]l.l into l, and strips the [method] and [static] annotations
 * (keeping [constructor]): [method]foo.BAR -> foo.bar, [static]foo.foo -> foo, FOO -> foo,
 * [constructor]FOO -> [constructor]foo, foo:bar/BAZ@1.0.0-RC -> foo:bar/baz@1.0.0-RC. Two names
 * of one scope conflict when their canonical forms are equal. */

/* Writes n's canonical form into out (NUL-terminated when there is room: out_size > n->len is
 * always enough) and returns its length, which is at most n->len. */
size_t wm_name_canonical(const wm_name *n, char *out, size_t out_size);
/* Whether a and b are not strongly-unique (their canonical forms are equal). */
bool wm_name_conflicts(const wm_name *a, const wm_name *b);
/* A hash of n's canonical form: conflicting names hash alike. */
uint64_t wm_name_hash(const wm_name *n);

/* ---- Semantic versions (semver.org 2.0.0) ---- */

typedef struct wm_semver {
    uint64_t major, minor, patch;
    const char *pre; /* the pre-release identifiers without '-'; length 0 when none */
    size_t pre_len;
    const char *build; /* the build metadata without '+'; length 0 when none */
    size_t build_len;
} wm_semver;

/* Parses a valid semver ("1.2.3-rc.1+build.5"); pointers point into s. */
bool wm_semver_parse(const char *s, size_t len, wm_semver *out, char *msg, size_t msg_size);
/* Precedence (semver.org item 11): <0, 0 or >0. Build metadata is ignored. */
int wm_semver_compare(const wm_semver *a, const wm_semver *b);
/* Whether an import of version `want` may be satisfied by a definition of version `have`: they
 * have the same canonversion (the same major from 1.0.0 on, the same minor for 0.x, the same patch
 * for 0.0.x), in either direction. A pre-release only matches its exact version (build metadata
 * aside). */
bool wm_semver_compatible(const wm_semver *want, const wm_semver *have);

/* ---- Canonical interface names (🔗) ---- */

/* The length of the canonversion that starts version v[0..len), a valid semver or a
 * canonversion: 1.2.3 -> 1, 0.2.6-rc.1 -> 0.2, 0.0.1-alpha -> 0.0.1, 0.2 -> 0.2. 0 when v is
 * neither. */
size_t wm_version_canon_len(const char *v, size_t len);
/* Whether the interface version v[0..len) is a canonversion (and so its name canonical). */
bool wm_version_is_canon(const char *v, size_t len);
/* The length of the prefix of n->str that is n's canonical interface name, the name with its
 * version cut to the canonversion ("wasi:http/types@0.2.6" -> "wasi:http/types@0.2"); n->len for
 * names without a version and for plain names. The rest is the semversuffix. */
size_t wm_name_canon_len(const wm_name *n);
/* wm_semver_compatible for interface versions, each a valid semver or a canonversion (empty:
 * no version; two empty ones match, an empty and a non-empty one do not). A canonversion alone
 * matches the versions with that canonversion that are not pre-releases. Invalid: false. */
bool wm_version_compatible(const char *want, size_t want_len, const char *have, size_t have_len);

/* ---- Name attributes (Binary.md nameattributes) ---- */

/* The `implements` attribute (🏷️) of the import or export named `name`: value[0..value_len) must
 * be an interface name (taken apart into *out when out is not NULL) and `name` a plain name.
 * Messages: "`` is not a valid name for `implements`: ...", "`implements` value `x` must be an
 * interface name", "name `a1:b/c` is not valid with `implements`". The caller checks that the
 * import or export is an instance ("only instances can have an `implements`"). */
bool wm_implements_check(const wm_name *name, const char *value, size_t value_len, wm_name *out,
                         char *msg, size_t msg_size);
/* The `versionsuffix` attribute (🔗) of the import or export named `name`: the name must be an
 * interface name whose version is a canonversion, and that canonversion followed by
 * suffix[0..len) must be a valid semver. */
bool wm_versionsuffix_check(const wm_name *name, const char *suffix, size_t len, char *msg,
                            size_t msg_size);

#endif
