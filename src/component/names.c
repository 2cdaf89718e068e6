/* Import and export names: extern names, labels, strong uniqueness, semantic versions and the
 * `implements` and `versionsuffix` attributes (names.h). */
#include <string.h>

#include "names.h"

/* Quoted parts of a message show at most this many bytes of the name. */
#define QUOTE_MAX 128

/* ---- Messages ----
 * A bounded, always NUL-terminated writer into the caller's buffer. Checks write the context of a
 * possible fault first ("`x` is not a valid extern name: ") and add the fault when they find one;
 * a check that passes cuts the message back to where it was. */

typedef struct msgbuf {
    char *p;
    size_t size;
    size_t pos; /* bytes written, < size when size > 0 */
} msgbuf;

static msgbuf msg_init(char *p, size_t size)
{
    msgbuf m = {p, p ? size : 0, 0};
    if (m.size) m.p[0] = '\0';
    return m;
}

static void msg_cut(msgbuf *m, size_t pos)
{
    if (pos < m->pos) {
        m->pos = pos;
        m->p[pos] = '\0';
    }
}

static void put(msgbuf *m, const char *s, size_t n)
{
    if (!m->size) return;
    size_t room = m->size - 1 - m->pos;
    if (n > room) n = room;
    memcpy(m->p + m->pos, s, n);
    m->pos += n;
    m->p[m->pos] = '\0';
}

static void puts_(msgbuf *m, const char *s)
{
    put(m, s, strlen(s));
}

static bool printable(unsigned char c)
{
    return c >= 0x20 && c < 0x7f;
}

static void put_escaped_byte(msgbuf *m, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
    put(m, e, sizeof e);
}

/* `s`, bytes outside printable ASCII as \xNN, cut short after QUOTE_MAX bytes. */
static void put_quoted(msgbuf *m, const char *s, size_t n)
{
    if (!s) {
        s = "";
        n = 0;
    }
    put(m, "`", 1);
    size_t shown = n > QUOTE_MAX ? QUOTE_MAX : n;
    size_t run = 0; /* printable bytes not yet written, ending at i */
    for (size_t i = 0; i < shown; i++) {
        unsigned char c = (unsigned char)s[i];
        if (printable(c)) {
            run++;
            continue;
        }
        put(m, s + i - run, run);
        run = 0;
        put_escaped_byte(m, c);
    }
    put(m, s + shown - run, run);
    if (shown < n) put(m, "...", 3);
    put(m, "`", 1);
}

/* 'c' as Rust's semver crate shows it; bytes outside printable ASCII as '\xNN'. */
static void put_char(msgbuf *m, unsigned char c)
{
    put(m, "'", 1);
    if (printable(c) && c != '\'' && c != '\\') {
        char ch = (char)c;
        put(m, &ch, 1);
    } else {
        put_escaped_byte(m, c);
    }
    put(m, "'", 1);
}

/* ---- Characters, labels and words ---- */

static bool is_lower(int c)
{
    return c >= 'a' && c <= 'z';
}

static bool is_upper(int c)
{
    return c >= 'A' && c <= 'Z';
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static bool is_alnum(int c)
{
    return is_lower(c) || is_upper(c) || is_digit(c);
}

static int to_lower(int c)
{
    return is_upper(c) ? c - 'A' + 'a' : c;
}

/* The index of the first of the bytes of `set` in s[from..n), or n. */
static size_t find_any(const char *s, size_t from, size_t n, const char *set)
{
    for (size_t i = from; i < n; i++)
        for (const char *c = set; *c; c++)
            if (s[i] == *c) return i;
    return n;
}

/* label ::= first-fragment ('-' fragment)*: fragments of one case each, the first starting with
 * a letter, none empty. `lower_only` asks for `words` (lowercase) instead. */
static bool is_label(const char *s, size_t n, bool lower_only)
{
    size_t i = 0;
    for (bool first = true;; first = false) {
        size_t start = i;
        int cased = 0; /* 1 lowercase, 2 uppercase */
        for (; i < n && s[i] != '-'; i++) {
            int c = (unsigned char)s[i];
            if (is_lower(c)) {
                if (cased == 2) return false;
                cased = 1;
            } else if (is_upper(c)) {
                if (cased == 1 || lower_only) return false;
                cased = 2;
            } else if (!is_digit(c) || (first && i == start)) {
                return false;
            }
        }
        if (i == start) return false;
        if (i == n) return true;
        i++; /* '-' */
    }
}

static bool check_label(msgbuf *m, const char *s, size_t n)
{
    if (is_label(s, n, false)) return true;
    put_quoted(m, s, n);
    puts_(m, " is not in kebab case");
    return false;
}

/* A namespace or package name: `words`. */
static bool check_words(msgbuf *m, const char *what, const char *s, size_t n)
{
    if (!check_label(m, s, n)) return false;
    if (is_label(s, n, true)) return true;
    puts_(m, what);
    puts_(m, " ");
    put_quoted(m, s, n);
    puts_(m, " is not lowercase");
    return false;
}

/* ---- Semantic versions ----
 * The parser reads the concatenation of two byte strings, so that a canonversion and its
 * versionsuffix are checked together without copying them. */

typedef struct span2 {
    const char *a;
    size_t alen;
    const char *b;
    size_t blen;
} span2;

static int at(const span2 *s, size_t i)
{
    if (i < s->alen) return (unsigned char)s->a[i];
    i -= s->alen;
    return i < s->blen ? (unsigned char)s->b[i] : -1;
}

static const char *ptr_at(const span2 *s, size_t i)
{
    return i < s->alen ? s->a + i : s->b + (i - s->alen);
}

static const char *const POS_NAMES[3] = {"major", "minor", "patch"};

static bool unexpected(msgbuf *m, int c, const char *where, const char *what)
{
    if (c < 0) {
        puts_(m, "unexpected end of input ");
    } else {
        puts_(m, "unexpected character ");
        put_char(m, (unsigned char)c);
        puts_(m, " ");
    }
    puts_(m, where);
    puts_(m, what);
    return false;
}

/* Dot-separated identifiers of [0-9A-Za-z-], none empty, from *i up to the end (or, after a
 * pre-release, a '+'); pre-release numeric identifiers may not have leading zeros. */
static bool parse_idents(msgbuf *m, const span2 *s, size_t *i, bool pre)
{
    const char *what = pre ? "pre-release identifier" : "build metadata";
    for (;;) {
        size_t start = *i;
        bool numeric = true;
        int c;
        while ((c = at(s, *i)) >= 0 && (is_alnum(c) || c == '-')) {
            if (!is_digit(c)) numeric = false;
            (*i)++;
        }
        if (*i == start && c >= 0 && c != '.' && c != '+') return unexpected(m, c, "in ", what);
        if (*i == start) {
            puts_(m, "empty identifier segment in ");
            puts_(m, what);
            return false;
        }
        if (pre && numeric && *i - start > 1 && at(s, start) == '0') {
            puts_(m, "invalid leading zero in ");
            puts_(m, what);
            return false;
        }
        if (c == '.') {
            (*i)++;
            continue;
        }
        if (c < 0 || (pre && c == '+')) return true;
        return unexpected(m, c, "in ", what);
    }
}

/* Parses the valid semver s; *ends gets the index just past the major, minor and patch
 * numbers. */
static bool parse_semver(msgbuf *m, const span2 *s, wm_semver *out, size_t ends[3])
{
    wm_semver v = {0};
    uint64_t *nums[3] = {&v.major, &v.minor, &v.patch};
    size_t i = 0;
    if (at(s, 0) < 0) {
        puts_(m, "empty string, expected a semver version");
        return false;
    }
    for (int pos = 0; pos < 3; pos++) {
        int c = at(s, i);
        if (!is_digit(c)) {
            unexpected(m, c, "while parsing ", POS_NAMES[pos]);
            puts_(m, " version number");
            return false;
        }
        if (c == '0' && is_digit(at(s, i + 1))) {
            puts_(m, "invalid leading zero in ");
            puts_(m, POS_NAMES[pos]);
            puts_(m, " version number");
            return false;
        }
        uint64_t n = 0;
        for (; is_digit(c = at(s, i)); i++) {
            uint64_t d = (uint64_t)(c - '0');
            if (n > (UINT64_MAX - d) / 10) {
                puts_(m, "value of ");
                puts_(m, POS_NAMES[pos]);
                puts_(m, " version number is too large");
                return false;
            }
            n = n * 10 + d;
        }
        *nums[pos] = n;
        ends[pos] = i;
        if (pos == 2) break;
        if (c != '.') {
            unexpected(m, c, "after ", POS_NAMES[pos]);
            puts_(m, " version number");
            return false;
        }
        i++;
    }
    int c = at(s, i);
    if (c == '-') {
        size_t start = ++i;
        if (!parse_idents(m, s, &i, true)) return false;
        v.pre = ptr_at(s, start);
        v.pre_len = i - start;
        c = at(s, i);
    }
    if (c == '+') {
        size_t start = ++i;
        if (!parse_idents(m, s, &i, false)) return false;
        v.build = ptr_at(s, start);
        v.build_len = i - start;
        c = at(s, i);
    }
    if (c >= 0) {
        unexpected(m, c, "after ", "patch version number");
        return false;
    }
    if (out) *out = v;
    return true;
}

bool wm_semver_parse(const char *s, size_t len, wm_semver *out, char *msg, size_t msg_size)
{
    msgbuf m = msg_init(msg, msg_size);
    if (!s) len = 0;
    span2 sp = {s, len, NULL, 0};
    size_t ends[3];
    return parse_semver(&m, &sp, out, ends);
}

static int cmp_u64(uint64_t a, uint64_t b)
{
    return a < b ? -1 : a > b;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit((unsigned char)s[i])) return false;
    return true;
}

static int cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
    int r = memcmp(a, b, an < bn ? an : bn);
    if (r) return r < 0 ? -1 : 1;
    return cmp_u64(an, bn);
}

/* Pre-release precedence: identifier by identifier, numeric ones numerically (no leading zeros,
 * so by length first) and below alphanumeric ones, which compare in ASCII order. */
static int cmp_pre(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, j = 0;
    for (;;) {
        if (i >= an || j >= bn) return cmp_u64(i < an, j < bn);
        size_t ie = find_any(a, i, an, "."), je = find_any(b, j, bn, ".");
        bool anum = all_digits(a + i, ie - i), bnum = all_digits(b + j, je - j);
        int r;
        if (anum && bnum) {
            r = ie - i != je - j ? cmp_u64(ie - i, je - j)
                                 : cmp_bytes(a + i, ie - i, b + j, je - j);
        } else if (anum != bnum) {
            r = anum ? -1 : 1;
        } else {
            r = cmp_bytes(a + i, ie - i, b + j, je - j);
        }
        if (r) return r;
        i = ie + 1;
        j = je + 1;
    }
}

int wm_semver_compare(const wm_semver *a, const wm_semver *b)
{
    int r = cmp_u64(a->major, b->major);
    if (!r) r = cmp_u64(a->minor, b->minor);
    if (!r) r = cmp_u64(a->patch, b->patch);
    if (r) return r;
    if (!a->pre_len || !b->pre_len) return cmp_u64(!a->pre_len, !b->pre_len);
    return cmp_pre(a->pre, a->pre_len, b->pre, b->pre_len);
}

static bool bytes_equal(const char *a, size_t an, const char *b, size_t bn)
{
    return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

bool wm_semver_compatible(const wm_semver *want, const wm_semver *have)
{
    if (want->pre_len || have->pre_len)
        return want->major == have->major && want->minor == have->minor &&
               want->patch == have->patch &&
               bytes_equal(want->pre, want->pre_len, have->pre, have->pre_len);
    if (want->major != have->major) return false;
    if (want->major) return true;
    if (want->minor != have->minor) return false;
    if (want->minor) return true;
    return want->patch == have->patch;
}

/* ---- Canonical versions ---- */

/* [1-9][0-9]* fitting in 64 bits, exactly s[0..n). */
static bool is_nonzero_number(const char *s, size_t n)
{
    if (n == 0 || s[0] == '0' || !all_digits(s, n)) return false;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t d = (uint64_t)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10) return false;
        v = v * 10 + d;
    }
    return true;
}

static bool has_prefix(const char *s, size_t n, const char *prefix)
{
    size_t pn = strlen(prefix);
    return n >= pn && memcmp(s, prefix, pn) == 0;
}

bool wm_version_is_canon(const char *v, size_t len)
{
    if (!v) return false;
    if (bytes_equal(v, len, "0.0.0", 5)) return true;
    if (has_prefix(v, len, "0.0.")) return is_nonzero_number(v + 4, len - 4);
    if (has_prefix(v, len, "0.")) return is_nonzero_number(v + 2, len - 2);
    return is_nonzero_number(v, len);
}

size_t wm_version_canon_len(const char *v, size_t len)
{
    if (wm_version_is_canon(v, len)) return len;
    if (!v) return 0;
    msgbuf m = msg_init(NULL, 0);
    span2 sp = {v, len, NULL, 0};
    wm_semver sv;
    size_t ends[3];
    if (!parse_semver(&m, &sp, &sv, ends)) return 0;
    return sv.major ? ends[0] : sv.minor ? ends[1] : ends[2];
}

size_t wm_name_canon_len(const wm_name *n)
{
    if (n->kind != WM_NAME_INTERFACE || !n->version_len) return n->len;
    return (size_t)(n->version - n->str) + wm_version_canon_len(n->version, n->version_len);
}

bool wm_version_compatible(const char *want, size_t want_len, const char *have, size_t have_len)
{
    if (!want) want_len = 0;
    if (!have) have_len = 0;
    if (!want_len || !have_len) return want_len == have_len;
    wm_semver a, b;
    bool fa = wm_semver_parse(want, want_len, &a, NULL, 0);
    bool fb = wm_semver_parse(have, have_len, &b, NULL, 0);
    if (fa && fb) return wm_semver_compatible(&a, &b);
    size_t ca = wm_version_canon_len(want, want_len), cb = wm_version_canon_len(have, have_len);
    if (!ca || !cb) return false;
    if ((fa && a.pre_len) || (fb && b.pre_len)) return false;
    return bytes_equal(want, ca, have, cb);
}

/* ---- Extern names ---- */

static bool parse_version(msgbuf *m, const char *v, size_t n)
{
    if (wm_version_is_canon(v, n)) return true;
    puts_(m, "failed to parse version: ");
    span2 sp = {v, n, NULL, 0};
    size_t ends[3];
    return parse_semver(m, &sp, NULL, ends);
}

/* words ':' words '/' label ('@' version)?, all faults after "`s` is not a valid extern name: ". */
static bool parse_interface(msgbuf *m, const char *s, size_t len, wm_name *n)
{
    put_quoted(m, s, len);
    puts_(m, " is not a valid extern name: ");
    size_t colon = find_any(s, 0, len, ":");
    if (!check_words(m, "namespace", s, colon)) return false;
    size_t pkg = colon + 1, pkg_end = find_any(s, pkg, len, ":/@");
    if (!check_words(m, "package", s + pkg, pkg_end - pkg)) return false;
    if (pkg_end == len || s[pkg_end] != '/') {
        puts_(m, "expected `/` after package name ");
        put_quoted(m, s + pkg, pkg_end - pkg);
        return false;
    }
    size_t iface = pkg_end + 1, iface_end = find_any(s, iface, len, "/@");
    if (!check_label(m, s + iface, iface_end - iface)) return false;
    if (iface_end < len && s[iface_end] == '/') {
        puts_(m, "trailing characters found: ");
        put_quoted(m, s + iface_end, len - iface_end);
        return false;
    }
    if (iface_end < len) { /* '@' */
        size_t ver = iface_end + 1;
        if (!parse_version(m, s + ver, len - ver)) return false;
        n->version = s + ver;
        n->version_len = len - ver;
    }
    n->kind = WM_NAME_INTERFACE;
    n->package = s;
    n->package_len = pkg_end;
    n->interface = s + iface;
    n->interface_len = iface_end - iface;
    return true;
}

static bool parse_name(msgbuf *m, const char *s, size_t len, wm_name *out)
{
    size_t mark = m->pos;
    wm_name n = {0};
    n.str = s;
    n.len = len;
    static const char CONSTRUCTOR[] = "[constructor]", METHOD[] = "[method]", STATIC[] = "[static]";
    bool method = has_prefix(s, len, METHOD);
    if (has_prefix(s, len, CONSTRUCTOR)) {
        size_t p = sizeof CONSTRUCTOR - 1;
        if (!check_label(m, s + p, len - p)) return false;
        n.kind = WM_NAME_CONSTRUCTOR;
        n.resource = s + p;
        n.resource_len = len - p;
    } else if (method || has_prefix(s, len, STATIC)) {
        size_t p = method ? sizeof METHOD - 1 : sizeof STATIC - 1;
        size_t dot = find_any(s, p, len, ".");
        if (dot == len) {
            puts_(m, "failed to find `.` character in ");
            put_quoted(m, s, len);
            return false;
        }
        if (!check_label(m, s + p, dot - p) || !check_label(m, s + dot + 1, len - dot - 1))
            return false;
        n.kind = method ? WM_NAME_METHOD : WM_NAME_STATIC;
        n.resource = s + p;
        n.resource_len = dot - p;
        n.label = s + dot + 1;
        n.label_len = len - dot - 1;
    } else if (find_any(s, 0, len, ":") < len) {
        if (!parse_interface(m, s, len, &n)) return false;
    } else {
        if (!check_label(m, s, len)) return false;
        n.kind = WM_NAME_LABEL;
        n.label = s;
        n.label_len = len;
    }
    msg_cut(m, mark);
    if (out) *out = n;
    return true;
}

bool wm_name_parse(const char *s, size_t len, wm_name *out, char *msg, size_t msg_size)
{
    msgbuf m = msg_init(msg, msg_size);
    if (!s && len) {
        puts_(&m, "missing name");
        return false;
    }
    return parse_name(&m, s ? s : "", len, out);
}

bool wm_label_check(const char *s, size_t len, char *msg, size_t msg_size)
{
    msgbuf m = msg_init(msg, msg_size);
    if (!s && len) {
        puts_(&m, "missing label");
        return false;
    }
    return check_label(&m, s ? s : "", len);
}

/* ---- Strong uniqueness ---- */

static bool equal_ci(const char *a, size_t an, const char *b, size_t bn)
{
    if (an != bn) return false;
    for (size_t i = 0; i < an; i++)
        if (to_lower((unsigned char)a[i]) != to_lower((unsigned char)b[i])) return false;
    return true;
}

/* n's canonical form: p[0..total), its first `lower` bytes lowercased. */
typedef struct canon {
    const char *p;
    size_t lower, total;
} canon;

static canon canon_of(const wm_name *n)
{
    canon c = {n->str, n->len, n->len};
    switch (n->kind) {
    case WM_NAME_METHOD:
    case WM_NAME_STATIC:
        if (equal_ci(n->resource, n->resource_len, n->label, n->label_len)) {
            c.p = n->label;
            c.total = n->label_len;
        } else { /* R.f, the tail of the name */
            c.p = n->resource;
            c.total = n->len - (size_t)(n->resource - n->str);
        }
        c.lower = c.total;
        break;
    case WM_NAME_INTERFACE:
        if (n->version) c.lower = (size_t)(n->version - n->str);
        break;
    default: break;
    }
    if (!c.p) c.total = c.lower = 0;
    return c;
}

static char canon_at(const canon *c, size_t i)
{
    return i < c->lower ? (char)to_lower((unsigned char)c->p[i]) : c->p[i];
}

size_t wm_name_canonical(const wm_name *n, char *out, size_t out_size)
{
    canon c = canon_of(n);
    if (!out) out_size = 0;
    for (size_t i = 0; i < c.total && i < out_size; i++) out[i] = canon_at(&c, i);
    if (c.total < out_size) out[c.total] = '\0';
    return c.total;
}

bool wm_name_conflicts(const wm_name *a, const wm_name *b)
{
    canon ca = canon_of(a), cb = canon_of(b);
    if (ca.total != cb.total) return false;
    for (size_t i = 0; i < ca.total; i++)
        if (canon_at(&ca, i) != canon_at(&cb, i)) return false;
    return true;
}

uint64_t wm_name_hash(const wm_name *n)
{
    canon c = canon_of(n);
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */
    for (size_t i = 0; i < c.total; i++) {
        h ^= (unsigned char)canon_at(&c, i);
        h *= 0x100000001b3u;
    }
    return h;
}

/* ---- Attributes ---- */

bool wm_implements_check(const wm_name *name, const char *value, size_t value_len, wm_name *out,
                         char *msg, size_t msg_size)
{
    msgbuf m = msg_init(msg, msg_size);
    if (!value) {
        if (value_len) {
            puts_(&m, "missing `implements` value");
            return false;
        }
        value = "";
    }
    wm_name v;
    put_quoted(&m, value, value_len);
    puts_(&m, " is not a valid name for `implements`: ");
    if (!parse_name(&m, value, value_len, &v)) return false;
    msg_cut(&m, 0);
    if (v.kind != WM_NAME_INTERFACE) {
        puts_(&m, "`implements` value ");
        put_quoted(&m, value, value_len);
        puts_(&m, " must be an interface name");
        return false;
    }
    if (name->kind == WM_NAME_INTERFACE) {
        puts_(&m, "name ");
        put_quoted(&m, name->str, name->len);
        puts_(&m, " is not valid with `implements`: only plain names are");
        return false;
    }
    if (out) *out = v;
    return true;
}

bool wm_versionsuffix_check(const wm_name *name, const char *suffix, size_t len, char *msg,
                            size_t msg_size)
{
    msgbuf m = msg_init(msg, msg_size);
    if (!suffix) {
        if (len) {
            puts_(&m, "missing `versionsuffix` value");
            return false;
        }
        suffix = "";
    }
    if (name->kind != WM_NAME_INTERFACE || !name->version_len) {
        puts_(&m, "`versionsuffix` needs an interface name with a version, not ");
        put_quoted(&m, name->str, name->len);
        return false;
    }
    if (!wm_version_is_canon(name->version, name->version_len)) {
        puts_(&m, "`versionsuffix` needs a canonical version, not ");
        put_quoted(&m, name->version, name->version_len);
        return false;
    }
    puts_(&m, "version ");
    put_quoted(&m, name->version, name->version_len);
    puts_(&m, " with versionsuffix ");
    put_quoted(&m, suffix, len);
    puts_(&m, " is not a valid semver: ");
    span2 sp = {name->version, name->version_len, suffix, len};
    size_t ends[3];
    if (!parse_semver(&m, &sp, NULL, ends)) return false;
    msg_cut(&m, 0);
    return true;
}
