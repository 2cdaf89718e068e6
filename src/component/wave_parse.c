/* Reading component values from WAVE text (warden_component_val_from_wave).
 *
 * The grammar is wasm-wave's (crates/wasm-wave of bytecodealliance/wasm-tools: README.md and
 * wave_ebnf.md), and the type drives the parse:
 *   - whitespace (space, tab, CR, LF) and `//` comments to the end of the line between tokens;
 *   - bools `true`, `false`; integers in decimal (`-` only for signed types, no leading zeros, no
 *     fraction or exponent), range-checked; floats as JSON numbers (`-1.5e-3`) or `nan`, `inf`,
 *     `-inf`, rounded to the nearest f32 or f64 (too large: infinity);
 *   - chars `'c'` and strings `"..."` with the escapes \' \" \\ \t \n \r \u{1-6 hex digits}, no raw
 *     line feed; multiline strings `"""` + line break ... line break + spaces + `"""`, the closing
 *     line's spaces are the indentation taken off every line, each line break inside is a `\n`;
 *   - lists `[a, b]`, tuples `(a, b)`, flags `{read, write}` (any order, no duplicate, `{}` for
 *     none) and records `{a: 1, b: "x"}` (any order, no duplicate, fields of option type may be
 *     left out for `none`, `{:}` when they all are), a trailing comma allowed in each;
 *   - cases `name` and `name(payload)` of variants and enums; `some(x)`, `none`; `ok`, `ok(x)`,
 *     `err`, `err(x)`; and the flat forms of an option (`x` for `some(x)`) and of a result (`x` for
 *     `ok(x)`) when the payload is not itself an option or a result;
 *   - labels are kebab-case, and may follow a `%`, which a case named like a keyword (true, false,
 *     some, none, ok, err, inf, nan) needs.
 * Resource handles (own, borrow) have no WAVE form.
 *
 * Errors say where, as "at COLUMN: ..." (or "at LINE:COLUMN: ..." past the first line; columns
 * count characters from 1). The input is checked to be UTF-8 first; nesting deeper than
 * WM_WAVE_MAX_DEPTH levels is refused; the work is linear in the text (names of types with many
 * cases, fields or flags are looked up in a sorted table made once per parse). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wave.h"

typedef const warden_component_type_t type_t;
typedef warden_component_val_t val_t;

static const val_t FALSE_VAL = {.kind = WARDEN_COMPONENT_BOOL};

/* Types with more names than this get a sorted table for lookups. */
#define LINEAR_NAMES 8
/* Decimal digits a float conversion looks at: more than any f64 halfway point has (767); the rest
 * only count as "something nonzero follows". */
#define FLOAT_DIGITS 800
/* Longest label an error message quotes. */
#define QUOTE_MAX 64

typedef struct name_entry {
    const char *name;
    size_t len;
    uint32_t index;
} name_entry;

typedef struct name_table {
    type_t *type; /* NULL: a free slot */
    name_entry *sorted;
    size_t n; /* entries in sorted: the names that are not NULL */
} name_table;

typedef struct parser {
    const char *s;
    size_t len;
    size_t pos;
    warden_error_t *err; /* the first error */
    name_table *tables;  /* open addressing by type, cap slots (a power of two) */
    size_t ntables, cap;
} parser;

/* ------------------------------------------------------------------------------------------------
 * Errors
 * ---------------------------------------------------------------------------------------------- */

static bool fail(parser *p, size_t at, const char *fmt, ...) WARDEN_PRINTF_FORMAT(3, 4);

static bool fail(parser *p, size_t at, const char *fmt, ...)
{
    if (p->err) return false;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t line = 1, col = 1;
    for (size_t i = 0; i < at && i < p->len; i++) {
        unsigned char c = (unsigned char)p->s[i];
        if (c == '\n') {
            line++;
            col = 1;
        } else if ((c & 0xC0) != 0x80) {
            col++;
        }
    }
    if (line == 1)
        p->err = warden_error_new(WARDEN_ERROR_ARGUMENT, "at %zu: %s", col, msg);
    else
        p->err = warden_error_new(WARDEN_ERROR_ARGUMENT, "at %zu:%zu: %s", line, col, msg);
    return false;
}

static bool no_memory(parser *p)
{
    if (!p->err) p->err = warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
    return false;
}

static bool malformed(parser *p)
{
    if (!p->err)
        p->err = warden_error_new(WARDEN_ERROR_ARGUMENT,
                                  "warden_component_val_from_wave: malformed type");
    return false;
}

/* printf arguments quoting a label of n bytes at s: "%.*s%s". */
#define QUOTE(s, n) (int)((n) > QUOTE_MAX ? QUOTE_MAX : (n)), (s), ((n) > QUOTE_MAX ? "..." : "")

/* ------------------------------------------------------------------------------------------------
 * Lexing
 * ---------------------------------------------------------------------------------------------- */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_label_char(char c)
{
    return is_alpha(c) || is_digit(c) || c == '-';
}

static int peek(const parser *p)
{
    return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static void skip_ws(parser *p)
{
    while (p->pos < p->len) {
        char c = p->s[p->pos];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            p->pos++;
        } else if (c == '/' && p->pos + 1 < p->len && p->s[p->pos + 1] == '/') {
            const char *nl = memchr(p->s + p->pos, '\n', p->len - p->pos);
            p->pos = nl ? (size_t)(nl - p->s) : p->len;
        } else {
            break;
        }
    }
}

typedef struct label {
    size_t at;       /* where it starts (its `%` if any) */
    const char *ptr; /* the label without `%` */
    size_t len;
    bool percent;
} label;

enum { NO_LABEL, LABEL, BAD_LABEL };

/* What is at p->pos, without consuming it: LABEL, NO_LABEL (nothing like one), or BAD_LABEL (a `%`
 * or letters, digits and `-` that do not make a label). */
static int lex_label(parser *p, label *l)
{
    size_t i = p->pos;
    l->at = i;
    l->percent = false;
    if (i < p->len && p->s[i] == '%') {
        l->percent = true;
        i++;
    }
    size_t start = i;
    if (i < p->len && is_alpha(p->s[i]))
        while (i < p->len && is_label_char(p->s[i])) i++;
    l->ptr = p->s + start;
    l->len = i - start;
    if (!l->len) return l->percent ? BAD_LABEL : NO_LABEL;
    return wm_wave_is_label(l->ptr, l->len) ? LABEL : BAD_LABEL;
}

/* A label where one must be: false (the error set) when there is none, saying what was expected. */
static bool want_label(parser *p, label *l, const char *expected)
{
    switch (lex_label(p, l)) {
    case LABEL: return true;
    case NO_LABEL: return fail(p, p->pos, "expected %s", expected);
    default:
        if (!l->len) return fail(p, l->at, "expected a label after `%%`");
        return fail(p, l->at, "invalid label `%.*s%s`", QUOTE(l->ptr, l->len));
    }
}

static void take_label(parser *p, const label *l)
{
    p->pos = (size_t)(l->ptr - p->s) + l->len;
}

static bool label_is(const label *l, const char *word)
{
    size_t n = strlen(word);
    return l->len == n && memcmp(l->ptr, word, n) == 0;
}

/* A keyword written without `%`. */
static bool is_bare(const label *l, const char *keyword)
{
    return !l->percent && label_is(l, keyword);
}

typedef struct number {
    size_t at;
    bool neg;
    const char *ip; /* integer digits */
    size_t il;
    const char *fp; /* fraction digits */
    size_t fl;
    bool has_exp, exp_neg;
    const char *ep; /* exponent digits */
    size_t el;
} number;

/* The number at p->pos, consumed: 1 when there is one, 0 when there is none (nothing consumed),
 * -1 when it is not a valid number (the error is set). `-inf` is not read here. */
static int lex_number(parser *p, number *n)
{
    const char *s = p->s;
    size_t len = p->len, i = p->pos;
    *n = (number){.at = i};
    if (i < len && s[i] == '-') {
        n->neg = true;
        i++;
    }
    if (i >= len || !is_digit(s[i])) return 0;
    n->ip = s + i;
    if (s[i] == '0')
        i++;
    else
        while (i < len && is_digit(s[i])) i++;
    n->il = (size_t)(s + i - n->ip);
    if (i < len && s[i] == '.') {
        i++;
        n->fp = s + i;
        while (i < len && is_digit(s[i])) i++;
        n->fl = (size_t)(s + i - n->fp);
        if (!n->fl) goto invalid;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        n->has_exp = true;
        if (i < len && (s[i] == '+' || s[i] == '-')) n->exp_neg = s[i++] == '-';
        n->ep = s + i;
        while (i < len && is_digit(s[i])) i++;
        n->el = (size_t)(s + i - n->ep);
        if (!n->el) goto invalid;
    }
    if (i < len &&
        (is_label_char(s[i]) || s[i] == '.' || s[i] == '_' || s[i] == '+' || s[i] == '%'))
        goto invalid;
    p->pos = i;
    return 1;
invalid:
    fail(p, n->at, "invalid number");
    return -1;
}

/* ------------------------------------------------------------------------------------------------
 * Names
 * ---------------------------------------------------------------------------------------------- */

static int compare_names(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    if (c) return c;
    return alen < blen ? -1 : alen > blen;
}

static int compare_entries(const void *x, const void *y)
{
    const name_entry *a = x, *b = y;
    return compare_names(a->name, a->len, b->name, b->len);
}

static size_t slot_of(type_t *t, size_t cap)
{
    uintptr_t h = (uintptr_t)t;
    h ^= h >> 17;
    h *= (uintptr_t)0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 7) & (cap - 1);
}

/* The sorted table of t's names, made on first use. NULL when memory ran out (error set). */
static const name_table *names_of(parser *p, type_t *t)
{
    if (p->cap) {
        for (size_t i = slot_of(t, p->cap);; i = (i + 1) & (p->cap - 1)) {
            if (p->tables[i].type == t) return &p->tables[i];
            if (!p->tables[i].type) break;
        }
    }
    if (2 * (p->ntables + 1) > p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 16;
        name_table *tables = calloc(cap, sizeof *tables);
        if (!tables) return no_memory(p), NULL;
        for (size_t i = 0; i < p->cap; i++) {
            if (!p->tables[i].type) continue;
            size_t j = slot_of(p->tables[i].type, cap);
            while (tables[j].type) j = (j + 1) & (cap - 1);
            tables[j] = p->tables[i];
        }
        free(p->tables);
        p->tables = tables;
        p->cap = cap;
    }
    name_entry *sorted = malloc((size_t)t->count * sizeof *sorted);
    if (!sorted) return no_memory(p), NULL;
    size_t n = 0;
    for (uint32_t i = 0; i < t->count; i++) {
        if (!t->names[i]) continue;
        sorted[n++] = (name_entry){t->names[i], strlen(t->names[i]), i};
    }
    qsort(sorted, n, sizeof *sorted, compare_entries);
    size_t j = slot_of(t, p->cap);
    while (p->tables[j].type) j = (j + 1) & (p->cap - 1);
    p->tables[j] = (name_table){t, sorted, n};
    p->ntables++;
    return &p->tables[j];
}

/* Looks up the name l among t's names: *index is its index, or UINT32_MAX when t has no such name.
 * False when memory ran out. */
static bool find_name(parser *p, type_t *t, const label *l, uint32_t *index)
{
    *index = UINT32_MAX;
    if (t->count <= LINEAR_NAMES) {
        for (uint32_t i = 0; i < t->count; i++) {
            const char *name = t->names[i];
            if (name && strlen(name) == l->len && memcmp(name, l->ptr, l->len) == 0) {
                *index = i;
                break;
            }
        }
        return true;
    }
    const name_table *table = names_of(p, t);
    if (!table) return false;
    const name_entry *sorted = table->sorted;
    size_t lo = 0, hi = table->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = compare_names(l->ptr, l->len, sorted[mid].name, sorted[mid].len);
        if (c == 0) {
            *index = sorted[mid].index;
            return true;
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return true;
}

static char *copy_name(parser *p, const char *name)
{
    if (!name) return malformed(p), NULL;
    size_t n = strlen(name);
    char *c = malloc(n + 1);
    if (!c) return no_memory(p), NULL;
    memcpy(c, name, n + 1);
    return c;
}

/* ------------------------------------------------------------------------------------------------
 * Scalars
 * ---------------------------------------------------------------------------------------------- */

static bool parse_integer(parser *p, warden_component_kind_t kind, val_t *out)
{
    number n;
    int r = lex_number(p, &n);
    if (r < 0) return false;
    if (r == 0 || n.fl || n.has_exp) return fail(p, n.at, "expected an integer");
    bool is_signed = kind == WARDEN_COMPONENT_S8 || kind == WARDEN_COMPONENT_S16 ||
                     kind == WARDEN_COMPONENT_S32 || kind == WARDEN_COMPONENT_S64;
    if (n.neg && !is_signed)
        return fail(p, n.at, "%s cannot be negative", warden_component_kind_name(kind));
    uint64_t mag = 0;
    bool over = false;
    for (size_t i = 0; i < n.il; i++) {
        uint64_t d = (uint64_t)(n.ip[i] - '0');
        if (mag > (UINT64_MAX - d) / 10)
            over = true;
        else
            mag = mag * 10 + d;
    }
    uint64_t max;
    switch (kind) {
    case WARDEN_COMPONENT_S8: max = n.neg ? 128 : 127; break;
    case WARDEN_COMPONENT_U8: max = UINT8_MAX; break;
    case WARDEN_COMPONENT_S16: max = n.neg ? 32768 : 32767; break;
    case WARDEN_COMPONENT_U16: max = UINT16_MAX; break;
    case WARDEN_COMPONENT_S32: max = n.neg ? 2147483648u : 2147483647u; break;
    case WARDEN_COMPONENT_U32: max = UINT32_MAX; break;
    case WARDEN_COMPONENT_S64: max = n.neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX; break;
    default: max = UINT64_MAX; break;
    }
    if (over || mag > max)
        return fail(p, n.at, "integer out of range for %s", warden_component_kind_name(kind));
    /* Two's complement negation, without overflowing a signed type. */
    uint64_t bits = n.neg ? (uint64_t)0 - mag : mag;
    out->kind = kind;
    switch (kind) {
    case WARDEN_COMPONENT_S8: out->of.s8 = (int8_t)(uint8_t)bits; break;
    case WARDEN_COMPONENT_U8: out->of.u8 = (uint8_t)bits; break;
    case WARDEN_COMPONENT_S16: out->of.s16 = (int16_t)(uint16_t)bits; break;
    case WARDEN_COMPONENT_U16: out->of.u16 = (uint16_t)bits; break;
    case WARDEN_COMPONENT_S32: out->of.s32 = (int32_t)(uint32_t)bits; break;
    case WARDEN_COMPONENT_U32: out->of.u32 = (uint32_t)bits; break;
    case WARDEN_COMPONENT_S64: out->of.s64 = (int64_t)bits; break;
    default: out->of.u64 = bits; break;
    }
    return true;
}

/* The nearest float to the number n. The C library reads it, given as "[-]DIGITSeEXP": no decimal
 * point, so that the locale does not matter, and at most FLOAT_DIGITS digits (followed by a 1 when
 * a nonzero digit was left out, which rounds the same way). */
static void convert_float(const number *n, bool is_f32, val_t *out)
{
    char buf[FLOAT_DIGITS + 32];
    size_t k = 0, nd = 0;
    if (n->neg) buf[k++] = '-';
    int64_t dropped = 0;
    bool sticky = false;
    for (size_t i = 0; i < n->il + n->fl; i++) {
        char d = i < n->il ? n->ip[i] : n->fp[i - n->il];
        if (nd == 0 && d == '0') continue;
        if (nd < FLOAT_DIGITS) {
            buf[k++] = d;
            nd++;
        } else {
            dropped++;
            if (d != '0') sticky = true;
        }
    }
    int64_t e10 = 0;
    for (size_t i = 0; i < n->el; i++)
        if (e10 < 1000000000) e10 = e10 * 10 + (n->ep[i] - '0');
    if (n->exp_neg) e10 = -e10;
    e10 += dropped - (int64_t)n->fl;
    if (sticky) {
        buf[k++] = '1';
        e10--;
    }
    if (nd == 0) {
        buf[k++] = '0';
        e10 = 0;
    }
    if (e10 > 100000) e10 = 100000;
    if (e10 < -100000) e10 = -100000;
    snprintf(buf + k, sizeof buf - k, "e%d", (int)e10);
    if (is_f32) {
        out->kind = WARDEN_COMPONENT_F32;
        out->of.f32 = strtof(buf, NULL);
    } else {
        out->kind = WARDEN_COMPONENT_F64;
        out->of.f64 = strtod(buf, NULL);
    }
}

static void set_special(val_t *out, bool is_f32, int which /* 0 nan, 1 inf, -1 -inf */)
{
    if (is_f32) {
        uint32_t bits = which == 0 ? 0x7FC00000u : which > 0 ? 0x7F800000u : 0xFF800000u;
        out->kind = WARDEN_COMPONENT_F32;
        memcpy(&out->of.f32, &bits, sizeof bits);
    } else {
        uint64_t bits = which == 0  ? 0x7FF8000000000000ull
                        : which > 0 ? 0x7FF0000000000000ull
                                    : 0xFFF0000000000000ull;
        out->kind = WARDEN_COMPONENT_F64;
        memcpy(&out->of.f64, &bits, sizeof bits);
    }
}

static bool parse_float(parser *p, bool is_f32, val_t *out)
{
    size_t at = p->pos;
    if (p->len - at >= 4 && memcmp(p->s + at, "-inf", 4) == 0 &&
        (at + 4 == p->len || !is_label_char(p->s[at + 4]))) {
        p->pos += 4;
        set_special(out, is_f32, -1);
        return true;
    }
    number n;
    int r = lex_number(p, &n);
    if (r < 0) return false;
    if (r > 0) {
        convert_float(&n, is_f32, out);
        return true;
    }
    label l;
    if (lex_label(p, &l) == LABEL && (is_bare(&l, "nan") || is_bare(&l, "inf"))) {
        take_label(p, &l);
        set_special(out, is_f32, is_bare(&l, "nan") ? 0 : 1);
        return true;
    }
    return fail(p, at, "expected a number");
}

/* The escape at s[*i] (a backslash), decoded into *c; *i moves past it. */
static bool parse_escape(parser *p, size_t *i, uint32_t *c)
{
    const char *s = p->s;
    size_t at = *i, j = at + 1;
    if (j >= p->len) return fail(p, at, "invalid escape");
    switch (s[j]) {
    case '\\':
    case '\'':
    case '"': *c = (unsigned char)s[j]; break;
    case 't': *c = '\t'; break;
    case 'n': *c = '\n'; break;
    case 'r': *c = '\r'; break;
    case 'u': {
        if (j + 1 >= p->len || s[j + 1] != '{') return fail(p, at, "invalid escape");
        j += 2;
        uint32_t v = 0;
        size_t digits = 0;
        for (; j < p->len && s[j] != '}'; j++) {
            char h = s[j];
            uint32_t d;
            if (is_digit(h))
                d = (uint32_t)(h - '0');
            else if (h >= 'a' && h <= 'f')
                d = (uint32_t)(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F')
                d = (uint32_t)(h - 'A' + 10);
            else
                return fail(p, at, "invalid escape");
            if (++digits > 6) return fail(p, at, "invalid escape");
            v = v * 16 + d;
        }
        if (j >= p->len || digits == 0) return fail(p, at, "invalid escape");
        if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
            return fail(p, at, "escape is not a Unicode scalar value");
        *c = v;
        *i = j + 1;
        return true;
    }
    default: return fail(p, at, "invalid escape");
    }
    *i = j + 1;
    return true;
}

static bool parse_char(parser *p, val_t *out)
{
    size_t at = p->pos, i = at + 1;
    if (peek(p) != '\'') return fail(p, at, "expected a char literal");
    if (i >= p->len || p->s[i] == '\n') return fail(p, at, "unterminated char literal");
    if (p->s[i] == '\'') return fail(p, at, "empty char literal");
    uint32_t c;
    if (p->s[i] == '\\') {
        if (!parse_escape(p, &i, &c)) return false;
    } else {
        /* The input is valid UTF-8 (checked first). */
        i += wm_utf8_next((const unsigned char *)p->s + i, p->len - i, &c);
    }
    if (i >= p->len || p->s[i] == '\n') return fail(p, at, "unterminated char literal");
    if (p->s[i] != '\'') return fail(p, i, "expected `'`");
    p->pos = i + 1;
    out->kind = WARDEN_COMPONENT_CHAR;
    out->of.ch = c;
    return true;
}

static size_t put_utf8(char *d, uint32_t c)
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

/* Decodes s[from..to) (no raw line feed in it) into d at *k: escapes are decoded, the rest copied.
 * An escape never takes fewer bytes than what it stands for. */
static bool decode_span(parser *p, size_t from, size_t to, char *d, size_t *k)
{
    size_t i = from;
    while (i < to) {
        const char *bs = memchr(p->s + i, '\\', to - i);
        size_t run = bs ? (size_t)(bs - (p->s + i)) : to - i;
        memcpy(d + *k, p->s + i, run);
        *k += run;
        i += run;
        if (i >= to) break;
        uint32_t c = 0; /* set by parse_escape when it succeeds */
        if (!parse_escape(p, &i, &c)) return false;
        if (i > to) return fail(p, to, "invalid escape");
        *k += put_utf8(d + *k, c);
    }
    return true;
}

static bool set_string(parser *p, char *d, size_t k, val_t *out)
{
    if (!d) return no_memory(p);
    out->kind = WARDEN_COMPONENT_STRING;
    out->of.string.ptr = d;
    out->of.string.len = k;
    return true;
}

/* How many of the n bytes at s are spaces, from the first. */
static size_t memspn_spaces(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] == ' ') i++;
    return i;
}

static bool parse_multiline(parser *p, val_t *out)
{
    const char *s = p->s;
    size_t open = p->pos, start = open + 3, close = start;
    /* The closing delimiter: the first `"""` after the opening one. */
    for (;;) {
        const char *q = close < p->len ? memchr(s + close, '"', p->len - close) : NULL;
        if (!q) return fail(p, open, "unterminated multiline string");
        close = (size_t)(q - s);
        if (p->len - close >= 3 && s[close + 1] == '"' && s[close + 2] == '"') break;
        close++;
    }
    size_t first; /* where the first line starts */
    if (close - start >= 1 && s[start] == '\n')
        first = start + 1;
    else if (close - start >= 2 && s[start] == '\r' && s[start + 1] == '\n')
        first = start + 2;
    else
        return fail(p, start, "expected a line break after the opening `\"\"\"`");
    /* The closing line: spaces only, after the last line feed. */
    size_t last = close;
    while (s[last - 1] != '\n') last--;
    for (size_t i = last; i < close; i++)
        if (s[i] != ' ')
            return fail(p, close, "the closing `\"\"\"` must be on a line of its own after spaces");
    size_t indent = close - last;
    size_t end = last - 1; /* the last line feed, which ends the last line */
    char *d = malloc(end > first ? end - first : 1);
    if (!d) return no_memory(p);
    size_t k = 0;
    /* The lines are s[first..end) split at line feeds (none when the first line break is the
     * last one). */
    for (size_t line = first; end >= first;) {
        const char *nl = memchr(s + line, '\n', end - line);
        size_t stop = nl ? (size_t)(nl - s) : end;
        if (stop - line < indent || memspn_spaces(s + line, indent) < indent) {
            free(d);
            return fail(p, line, "line indented less than the closing `\"\"\"`");
        }
        size_t to = stop;
        if (to > line + indent && s[to - 1] == '\r') to--;
        if (line > first) d[k++] = '\n';
        if (!decode_span(p, line + indent, to, d, &k)) {
            free(d);
            return false;
        }
        if (!nl) break;
        line = stop + 1;
    }
    p->pos = close + 3;
    return set_string(p, d, k, out);
}

static bool parse_string(parser *p, val_t *out)
{
    const char *s = p->s;
    size_t open = p->pos;
    if (peek(p) != '"') return fail(p, open, "expected a string");
    if (p->len - open >= 3 && s[open + 1] == '"' && s[open + 2] == '"')
        return parse_multiline(p, out);
    size_t i = open + 1;
    for (;;) {
        if (i >= p->len || s[i] == '\n') return fail(p, open, "unterminated string");
        if (s[i] == '"') break;
        i += s[i] == '\\' && i + 1 < p->len && s[i + 1] != '\n' ? 2 : 1;
    }
    size_t close = i;
    char *d = malloc(close - open > 1 ? close - open - 1 : 1);
    if (!d) return no_memory(p);
    size_t k = 0;
    if (!decode_span(p, open + 1, close, d, &k)) {
        free(d);
        return false;
    }
    p->pos = close + 1;
    return set_string(p, d, k, out);
}

/* ------------------------------------------------------------------------------------------------
 * Values
 * ---------------------------------------------------------------------------------------------- */

static bool parse_value(parser *p, type_t *t, unsigned depth, val_t *out);

/* A payload of its own into *slot (NULL on entry), parsed as t. */
static bool parse_payload(parser *p, type_t *t, unsigned depth, val_t **slot)
{
    val_t *v = malloc(sizeof *v);
    if (!v) return no_memory(p);
    *v = FALSE_VAL;
    *slot = v;
    return parse_value(p, t, depth + 1, v);
}

/* `(` payload `)`, the payload into *slot. */
static bool parse_paren_payload(parser *p, type_t *t, unsigned depth, val_t **slot)
{
    p->pos++; /* ( */
    if (!parse_payload(p, t, depth, slot)) return false;
    skip_ws(p);
    if (peek(p) != ')') return fail(p, p->pos, "expected `)`");
    p->pos++;
    return true;
}

static bool parse_bool(parser *p, val_t *out)
{
    label l;
    if (lex_label(p, &l) == LABEL && (is_bare(&l, "true") || is_bare(&l, "false"))) {
        take_label(p, &l);
        out->kind = WARDEN_COMPONENT_BOOL;
        out->of.boolean = is_bare(&l, "true");
        return true;
    }
    return fail(p, p->pos, "expected `true` or `false`");
}

/* The elements of a list (until `]`) or of a tuple of t->count (until `)`). */
static bool parse_sequence(parser *p, type_t *t, unsigned depth, val_t *out)
{
    bool list = t->kind == WARDEN_COMPONENT_LIST;
    char close = list ? ']' : ')';
    if (peek(p) != (list ? '[' : '('))
        return fail(p, p->pos, list ? "expected `[`" : "expected `(`");
    if (list ? !t->elems || !t->elems[0] : t->count && !t->elems) return malformed(p);
    p->pos++;
    size_t cap = list ? 8 : t->count, n = 0;
    val_t *items = malloc((cap ? cap : 1) * sizeof *items);
    if (!items) return no_memory(p);
    out->kind = t->kind;
    out->of.list.ptr = items;
    out->of.list.len = 0;
    for (;;) {
        skip_ws(p);
        if (peek(p) == close && (list || n == t->count)) break;
        if (!list && n == t->count)
            return fail(p, p->pos, "too many tuple elements (the tuple has %u)",
                        (unsigned)t->count);
        if (!list && peek(p) == ')')
            return fail(p, p->pos, "too few tuple elements (the tuple has %u)", (unsigned)t->count);
        if (n == cap) {
            if (cap > SIZE_MAX / 2 / sizeof *items) return no_memory(p);
            val_t *more = realloc(items, 2 * cap * sizeof *items);
            if (!more) return no_memory(p);
            out->of.list.ptr = items = more;
            cap *= 2;
        }
        items[n] = FALSE_VAL;
        out->of.list.len = ++n;
        if (!parse_value(p, list ? t->elems[0] : t->elems[n - 1], depth + 1, &items[n - 1]))
            return false;
        skip_ws(p);
        if (peek(p) == ',') {
            p->pos++;
            continue;
        }
        if (peek(p) == close) {
            if (!list && n < t->count)
                return fail(p, p->pos, "too few tuple elements (the tuple has %u)",
                            (unsigned)t->count);
            break;
        }
        return fail(p, p->pos, list ? "expected `,` or `]`" : "expected `,` or `)`");
    }
    if (list && t->length && n != t->length)
        return fail(p, p->pos, "expected %u list elements, found %zu", (unsigned)t->length, n);
    p->pos++;
    return true;
}

/* `{key: value, ...}`; `{}` or `{:}` when empty. Keys repeat as the entries were written. */
static bool parse_map(parser *p, type_t *t, unsigned depth, val_t *out)
{
    if (peek(p) != '{') return fail(p, p->pos, "expected `{`");
    if (!t->elems || !t->elems[0] || !t->elems[1]) return malformed(p);
    p->pos++;
    size_t cap = 8, n = 0;
    warden_component_entry_t *items = malloc(cap * sizeof *items);
    if (!items) return no_memory(p);
    out->kind = WARDEN_COMPONENT_MAP;
    out->of.map.ptr = items;
    out->of.map.len = 0;
    skip_ws(p);
    if (peek(p) == ':') {
        p->pos++;
        skip_ws(p);
        if (peek(p) != '}') return fail(p, p->pos, "expected `}`");
    }
    while (peek(p) != '}') {
        if (n == cap) {
            if (cap > SIZE_MAX / 2 / sizeof *items) return no_memory(p);
            warden_component_entry_t *more = realloc(items, 2 * cap * sizeof *items);
            if (!more) return no_memory(p);
            out->of.map.ptr = items = more;
            cap *= 2;
        }
        items[n].key = items[n].val = FALSE_VAL;
        out->of.map.len = ++n;
        if (!parse_value(p, t->elems[0], depth + 1, &items[n - 1].key)) return false;
        skip_ws(p);
        if (peek(p) != ':') return fail(p, p->pos, "expected `:`");
        p->pos++;
        if (!parse_value(p, t->elems[1], depth + 1, &items[n - 1].val)) return false;
        skip_ws(p);
        if (peek(p) == ',') {
            p->pos++;
            skip_ws(p);
        } else if (peek(p) != '}') {
            return fail(p, p->pos, "expected `,` or `}`");
        }
    }
    p->pos++;
    return true;
}

static bool parse_record(parser *p, type_t *t, unsigned depth, val_t *out)
{
    size_t open = p->pos;
    if (peek(p) != '{') return fail(p, open, "expected `{`");
    if (t->count && (!t->names || !t->elems)) return malformed(p);
    p->pos++;
    size_t n = t->count;
    warden_component_field_t *fields = malloc((n ? n : 1) * sizeof *fields);
    if (!fields) return no_memory(p);
    for (size_t i = 0; i < n; i++) {
        fields[i].name = NULL;
        fields[i].val = FALSE_VAL;
    }
    out->kind = WARDEN_COMPONENT_RECORD;
    out->of.record.ptr = fields;
    out->of.record.len = n;
    skip_ws(p);
    if (peek(p) == ':') {
        p->pos++;
        skip_ws(p);
        if (peek(p) != '}') return fail(p, p->pos, "expected `}`");
    } else {
        for (bool any = false;; any = true) {
            skip_ws(p);
            if (any && peek(p) == '}') break;
            label l;
            if (!want_label(p, &l, "a field name")) return false;
            uint32_t i;
            if (!find_name(p, t, &l, &i)) return false;
            if (i == UINT32_MAX)
                return fail(p, l.at, "unknown field `%.*s%s`", QUOTE(l.ptr, l.len));
            if (fields[i].name)
                return fail(p, l.at, "duplicate field `%.*s%s`", QUOTE(l.ptr, l.len));
            if (!(fields[i].name = copy_name(p, t->names[i]))) return false;
            take_label(p, &l);
            skip_ws(p);
            if (peek(p) != ':') return fail(p, p->pos, "expected `:`");
            p->pos++;
            if (!parse_value(p, t->elems[i], depth + 1, &fields[i].val)) return false;
            skip_ws(p);
            if (peek(p) == ',') {
                p->pos++;
                continue;
            }
            if (peek(p) == '}') break;
            return fail(p, p->pos, "expected `,` or `}`");
        }
    }
    p->pos++; /* } */
    for (size_t i = 0; i < n; i++) {
        if (fields[i].name) continue;
        if (!t->elems[i] || !t->names[i]) return malformed(p);
        if (t->elems[i]->kind != WARDEN_COMPONENT_OPTION)
            return fail(p, open, "missing field `%s`", t->names[i]);
        if (!(fields[i].name = copy_name(p, t->names[i]))) return false;
        fields[i].val.kind = WARDEN_COMPONENT_OPTION;
        fields[i].val.of.payload = NULL;
    }
    return true;
}

typedef struct flag_seen {
    uint32_t index;
    size_t at;
} flag_seen;

static int compare_flags(const void *x, const void *y)
{
    const flag_seen *a = x, *b = y;
    if (a->index != b->index) return a->index < b->index ? -1 : 1;
    return a->at < b->at ? -1 : a->at > b->at;
}

static bool parse_flags(parser *p, type_t *t, val_t *out)
{
    if (peek(p) != '{') return fail(p, p->pos, "expected `{`");
    if (t->count && !t->names) return malformed(p);
    p->pos++;
    size_t cap = 8, n = 0;
    flag_seen *seen = malloc(cap * sizeof *seen);
    if (!seen) return no_memory(p);
    bool ok = false;
    for (;;) {
        skip_ws(p);
        if (peek(p) == '}') break;
        label l;
        if (!want_label(p, &l, "a flag name or `}`")) goto done;
        uint32_t i;
        if (!find_name(p, t, &l, &i)) goto done;
        if (i == UINT32_MAX) {
            fail(p, l.at, "unknown flag `%.*s%s`", QUOTE(l.ptr, l.len));
            goto done;
        }
        if (n == cap) {
            flag_seen *more =
                cap > SIZE_MAX / 2 / sizeof *seen ? NULL : realloc(seen, 2 * cap * sizeof *seen);
            if (!more) {
                no_memory(p);
                goto done;
            }
            seen = more;
            cap *= 2;
        }
        seen[n++] = (flag_seen){i, l.at};
        take_label(p, &l);
        skip_ws(p);
        if (peek(p) == ',') {
            p->pos++;
            continue;
        }
        if (peek(p) == '}') break;
        fail(p, p->pos, "expected `,` or `}`");
        goto done;
    }
    p->pos++; /* } */
    qsort(seen, n, sizeof *seen, compare_flags);
    size_t dup = SIZE_MAX;
    for (size_t k = 1; k < n; k++)
        if (seen[k].index == seen[k - 1].index && (dup == SIZE_MAX || seen[k].at < seen[dup].at))
            dup = k;
    if (dup != SIZE_MAX) {
        const char *name = t->names[seen[dup].index];
        fail(p, seen[dup].at, "duplicate flag `%s`", name);
        goto done;
    }
    char **names = malloc((n ? n : 1) * sizeof *names);
    if (!names) {
        no_memory(p);
        goto done;
    }
    out->kind = WARDEN_COMPONENT_FLAGS;
    out->of.flags.names = names;
    out->of.flags.len = 0;
    for (size_t k = 0; k < n; k++) {
        if (!(names[k] = copy_name(p, t->names[seen[k].index]))) goto done;
        out->of.flags.len = k + 1;
    }
    ok = true;
done:
    free(seen);
    return ok;
}

/* A case label of a variant or enum: its index in *index. */
static bool parse_case_label(parser *p, type_t *t, uint32_t *index)
{
    if (t->count && !t->names) return malformed(p);
    label l;
    if (!want_label(p, &l, "a case name")) return false;
    if (!find_name(p, t, &l, index)) return false;
    if (!l.percent && wm_wave_is_keyword(l.ptr, l.len)) {
        if (*index == UINT32_MAX) return fail(p, l.at, "expected a case name");
        return fail(p, l.at, "`%.*s` is a keyword: write the case as `%%%.*s`", (int)l.len, l.ptr,
                    (int)l.len, l.ptr);
    }
    if (*index == UINT32_MAX) return fail(p, l.at, "unknown case `%.*s%s`", QUOTE(l.ptr, l.len));
    take_label(p, &l);
    return true;
}

static bool parse_variant(parser *p, type_t *t, unsigned depth, val_t *out)
{
    uint32_t i;
    if (!parse_case_label(p, t, &i)) return false;
    const char *name = t->names[i];
    type_t *payload = t->kind == WARDEN_COMPONENT_VARIANT && t->elems ? t->elems[i] : NULL;
    char *copy = copy_name(p, name);
    if (!copy) return false;
    if (t->kind == WARDEN_COMPONENT_ENUM) {
        out->kind = WARDEN_COMPONENT_ENUM;
        out->of.name = copy;
    } else {
        out->kind = WARDEN_COMPONENT_VARIANT;
        out->of.variant.name = copy;
        out->of.variant.payload = NULL;
    }
    skip_ws(p);
    if (peek(p) == '(') {
        if (!payload) return fail(p, p->pos, "case `%s` has no payload", name);
        return parse_paren_payload(p, payload, depth, &out->of.variant.payload);
    }
    if (payload) return fail(p, p->pos, "case `%s` needs a payload", name);
    return true;
}

static bool flattens(type_t *t)
{
    return t->kind != WARDEN_COMPONENT_OPTION && t->kind != WARDEN_COMPONENT_RESULT;
}

static bool parse_option(parser *p, type_t *t, unsigned depth, val_t *out)
{
    if (!t->elems || !t->elems[0]) return malformed(p);
    type_t *some = t->elems[0];
    label l;
    int r = lex_label(p, &l);
    out->kind = WARDEN_COMPONENT_OPTION;
    out->of.payload = NULL;
    if (r == LABEL && is_bare(&l, "none")) {
        take_label(p, &l);
        skip_ws(p);
        if (peek(p) == '(') return fail(p, p->pos, "`none` has no payload");
        return true;
    }
    if (r == LABEL && is_bare(&l, "some")) {
        take_label(p, &l);
        skip_ws(p);
        if (peek(p) != '(') return fail(p, p->pos, "expected `(`");
        return parse_paren_payload(p, some, depth, &out->of.payload);
    }
    if (!flattens(some)) return fail(p, p->pos, "expected `some` or `none`");
    return parse_payload(p, some, depth, &out->of.payload);
}

static bool parse_result(parser *p, type_t *t, unsigned depth, val_t *out)
{
    type_t *ok = t->elems ? t->elems[0] : NULL, *err = t->elems ? t->elems[1] : NULL;
    label l;
    int r = lex_label(p, &l);
    out->kind = WARDEN_COMPONENT_RESULT;
    out->of.result.is_err = false;
    out->of.result.payload = NULL;
    if (r == LABEL && (is_bare(&l, "ok") || is_bare(&l, "err"))) {
        bool is_err = is_bare(&l, "err");
        type_t *payload = is_err ? err : ok;
        const char *name = is_err ? "err" : "ok";
        out->of.result.is_err = is_err;
        take_label(p, &l);
        skip_ws(p);
        if (peek(p) == '(') {
            if (!payload) return fail(p, p->pos, "`%s` has no payload", name);
            return parse_paren_payload(p, payload, depth, &out->of.result.payload);
        }
        if (payload) return fail(p, p->pos, "`%s` needs a payload", name);
        return true;
    }
    if (!ok || !flattens(ok)) return fail(p, p->pos, "expected `ok` or `err`");
    return parse_payload(p, ok, depth, &out->of.result.payload);
}

static bool parse_value(parser *p, type_t *t, unsigned depth, val_t *out)
{
    if (!t) return malformed(p);
    skip_ws(p);
    if (depth > WM_WAVE_MAX_DEPTH)
        return fail(p, p->pos, "nested too deeply (the limit is %d levels)", WM_WAVE_MAX_DEPTH);
    switch (t->kind) {
    case WARDEN_COMPONENT_BOOL: return parse_bool(p, out);
    case WARDEN_COMPONENT_S8:
    case WARDEN_COMPONENT_U8:
    case WARDEN_COMPONENT_S16:
    case WARDEN_COMPONENT_U16:
    case WARDEN_COMPONENT_S32:
    case WARDEN_COMPONENT_U32:
    case WARDEN_COMPONENT_S64:
    case WARDEN_COMPONENT_U64: return parse_integer(p, t->kind, out);
    case WARDEN_COMPONENT_F32: return parse_float(p, true, out);
    case WARDEN_COMPONENT_F64: return parse_float(p, false, out);
    case WARDEN_COMPONENT_CHAR: return parse_char(p, out);
    case WARDEN_COMPONENT_STRING: return parse_string(p, out);
    case WARDEN_COMPONENT_LIST:
    case WARDEN_COMPONENT_TUPLE: return parse_sequence(p, t, depth, out);
    case WARDEN_COMPONENT_RECORD: return parse_record(p, t, depth, out);
    case WARDEN_COMPONENT_VARIANT:
    case WARDEN_COMPONENT_ENUM: return parse_variant(p, t, depth, out);
    case WARDEN_COMPONENT_OPTION: return parse_option(p, t, depth, out);
    case WARDEN_COMPONENT_RESULT: return parse_result(p, t, depth, out);
    case WARDEN_COMPONENT_FLAGS: return parse_flags(p, t, out);
    case WARDEN_COMPONENT_MAP: return parse_map(p, t, depth, out);
    case WARDEN_COMPONENT_OWN:
        return fail(p, p->pos, "own handles (resources) cannot be written in WAVE");
    case WARDEN_COMPONENT_BORROW:
        return fail(p, p->pos, "borrow handles (resources) cannot be written in WAVE");
    case WARDEN_COMPONENT_BYTES: break; /* a value kind, never a type's */
    }
    return malformed(p);
}

warden_error_t *warden_component_val_from_wave(const warden_component_type_t *type,
                                               const char *text, size_t len,
                                               warden_component_val_t *out)
{
    if (!out)
        return warden_error_new(WARDEN_ERROR_ARGUMENT,
                                "warden_component_val_from_wave: NULL output");
    *out = FALSE_VAL;
    if (!type || (!text && len))
        return warden_error_new(WARDEN_ERROR_ARGUMENT,
                                "warden_component_val_from_wave: NULL type or text");
    parser p = {.s = text ? text : "", .len = len};
    for (size_t i = 0; i < len;) {
        uint32_t c;
        size_t n = wm_utf8_next((const unsigned char *)text + i, len - i, &c);
        if (!n) {
            fail(&p, i, "invalid UTF-8");
            return p.err;
        }
        i += n;
    }
    if (parse_value(&p, type, 1, out)) {
        skip_ws(&p);
        if (p.pos < p.len) fail(&p, p.pos, "expected the end of the input");
    }
    for (size_t i = 0; i < p.cap; i++) free(p.tables[i].sorted);
    free(p.tables);
    if (p.err) warden_component_val_delete(out);
    return p.err;
}
