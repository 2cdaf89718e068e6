/* Writing component values in WAVE (warden_component_val_to_wave), on one line:
 *
 *   true  -3  1.5  nan  -inf  'c'  "text\n"  [1, 2]  (1, "a")  {a: 1, b: "x"}  case  case(1)
 *   %ok  some(1)  none  ok  ok(1)  err  err("x")  {read, write}  {}
 *
 * Canonical forms: `, ` between elements and `: ` after a field name; options and results in
 * their explicit forms (`some(1)`, never the flat `1`); record fields whose value is `none` left
 * out, as WAVE allows and wasm-wave's writer does (`{:}` when that leaves none); cases named like a
 * keyword after a `%`; floats in the shortest form that reads back to the same value (positional
 * from 1e-6 to below 1e21, else with an exponent: `1e+21`, `1.5e-7`). In strings and chars `\`,
 * the quote, tab, line feed and carriage return are escaped as `\\ \" \t \n \r`, and control
 * characters (C0, DEL, C1), the line and paragraph separators and the bidirectional controls as
 * `\u{hex}`; the rest is written as it is.
 *
 * Resource handles have no WAVE form: they are written `<own resource>` and `<borrow resource>`,
 * which no WAVE parser reads back.
 *
 * Also the helpers both directions share (wave.h): labels, keywords, UTF-8. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "wave.h"

#define STR_(x) #x
#define STR(x) STR_(x)

/* ------------------------------------------------------------------------------------------------
 * Shared helpers
 * ---------------------------------------------------------------------------------------------- */

static bool is_lower(char c)
{
    return c >= 'a' && c <= 'z';
}

static bool is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

bool wm_wave_is_label(const char *s, size_t len)
{
    if (!s || len == 0) return false;
    size_t i = 0;
    bool first = true;
    for (;;) {
        /* One word: s[i..j). */
        size_t j = i;
        bool lower = false, upper = false;
        while (j < len && s[j] != '-') {
            char c = s[j];
            if (is_lower(c))
                lower = true;
            else if (is_upper(c))
                upper = true;
            else if (!is_digit(c))
                return false;
            j++;
        }
        if (j == i || (lower && upper)) return false;
        if (first && !is_lower(s[i]) && !is_upper(s[i])) return false;
        first = false;
        if (j == len) return true;
        i = j + 1; /* past the '-'; a trailing one leaves an empty word */
        if (i == len) return false;
    }
}

bool wm_wave_is_keyword(const char *s, size_t len)
{
    static const char *const keywords[] = {"true", "false", "some", "none",
                                           "ok",   "err",   "inf",  "nan"};
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (strlen(keywords[i]) == len && memcmp(keywords[i], s, len) == 0) return true;
    return false;
}

size_t wm_utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
    if (len == 0) return 0;
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        v = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        v = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        v = c & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (len < n) return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return n;
}

/* ------------------------------------------------------------------------------------------------
 * Floats
 * ---------------------------------------------------------------------------------------------- */

/* The decimal digits (without leading or trailing zeros) and exponent of x, a positive finite
 * nonzero number, with x = 0.DIGITS * 10^(*point), as few digits as read back to x (as an f32
 * when is_f32). The C library formats in the current locale, so only its digits are used, and
 * what is read back has no decimal point ("DIGITSeEXP"). */
static size_t shortest_digits(double x, bool is_f32, char *digits, int *point)
{
    int max = is_f32 ? 9 : 17;
    size_t n = 0;
    for (int prec = 1; prec <= max; prec++) {
        char buf[64];
        int w = snprintf(buf, sizeof buf, "%.*e", prec - 1, x);
        if (w < 0 || (size_t)w >= sizeof buf) break;
        /* d[.ddd]e[+-]xx, with whatever radix character the locale has. */
        n = 0;
        size_t i = 0;
        while (buf[i] && buf[i] != 'e' && buf[i] != 'E') {
            if (is_digit(buf[i])) digits[n++] = buf[i];
            i++;
        }
        int e = 0;
        bool eneg = false;
        if (buf[i]) {
            i++;
            if (buf[i] == '-' || buf[i] == '+') eneg = buf[i++] == '-';
            while (is_digit(buf[i])) e = e * 10 + (buf[i++] - '0');
        }
        if (eneg) e = -e;
        *point = e + 1;
        char back[64];
        snprintf(back, sizeof back, "%.*se%d", (int)n, digits, e - (int)n + 1);
        bool same = is_f32 ? strtof(back, NULL) == (float)x : strtod(back, NULL) == x;
        if (same) break;
    }
    while (n > 1 && digits[n - 1] == '0') n--;
    return n;
}

/* Writes a finite or infinite or NaN float: nan, inf, -inf, -0, 0.001, 1.5e+300. */
static void put_float(wm_strbuf *sb, double x, bool is_f32)
{
    if (x != x) {
        wm_strbuf_puts(sb, "nan");
        return;
    }
    bool neg = signbit(x);
    if (neg) wm_strbuf_putc(sb, '-');
    if (x == 0) {
        wm_strbuf_putc(sb, '0');
        return;
    }
    if (neg) x = -x;
    if (x > 1.7976931348623157e308) {
        wm_strbuf_puts(sb, "inf");
        return;
    }
    char d[32];
    int point;
    size_t n = shortest_digits(x, is_f32, d, &point);
    int e = point - 1; /* x = d.ddd * 10^e */
    if (e >= -6 && e < 21) {
        if (point <= 0) {
            wm_strbuf_puts(sb, "0.");
            for (int i = 0; i < -point; i++) wm_strbuf_putc(sb, '0');
            wm_strbuf_append(sb, d, n);
        } else if ((size_t)point >= n) {
            wm_strbuf_append(sb, d, n);
            for (size_t i = n; i < (size_t)point; i++) wm_strbuf_putc(sb, '0');
        } else {
            wm_strbuf_append(sb, d, (size_t)point);
            wm_strbuf_putc(sb, '.');
            wm_strbuf_append(sb, d + point, n - (size_t)point);
        }
        return;
    }
    wm_strbuf_putc(sb, d[0]);
    if (n > 1) {
        wm_strbuf_putc(sb, '.');
        wm_strbuf_append(sb, d + 1, n - 1);
    }
    wm_strbuf_printf(sb, "e%c%d", e < 0 ? '-' : '+', e < 0 ? -e : e);
}

/* ------------------------------------------------------------------------------------------------
 * Values
 * ---------------------------------------------------------------------------------------------- */

typedef struct printer {
    wm_strbuf sb;
    const char *error; /* an ARGUMENT error's reason; NULL when none */
} printer;

static bool refuse(printer *p, const char *why)
{
    if (!p->error) p->error = why;
    return false;
}

/* Characters written as \u{hex}: controls, the line and paragraph separators, bidi controls. */
static bool hex_escaped(uint32_t c)
{
    return c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0x2028 || c == 0x2029 ||
           (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
           c == 0x200F || c == 0x061C;
}

/* One character of a char or string literal delimited by `quote`; raw is its UTF-8 form. */
static void put_char(wm_strbuf *sb, uint32_t c, const unsigned char *raw, size_t n, char quote)
{
    switch (c) {
    case '\\': wm_strbuf_puts(sb, "\\\\"); return;
    case '\t': wm_strbuf_puts(sb, "\\t"); return;
    case '\n': wm_strbuf_puts(sb, "\\n"); return;
    case '\r': wm_strbuf_puts(sb, "\\r"); return;
    default: break;
    }
    if (c == (unsigned char)quote) {
        wm_strbuf_putc(sb, '\\');
        wm_strbuf_putc(sb, quote);
    } else if (hex_escaped(c)) {
        wm_strbuf_printf(sb, "\\u{%" PRIx32 "}", c);
    } else {
        wm_strbuf_append(sb, raw, n);
    }
}

static bool check_label(printer *p, const char *name)
{
    if (!name) return refuse(p, "a name is NULL");
    if (!wm_wave_is_label(name, strlen(name))) return refuse(p, "a name is not a kebab-case label");
    return true;
}

static bool put_label(printer *p, const char *name, bool escape_keyword)
{
    if (!check_label(p, name)) return false;
    size_t n = strlen(name);
    if (escape_keyword && wm_wave_is_keyword(name, n)) wm_strbuf_putc(&p->sb, '%');
    wm_strbuf_append(&p->sb, name, n);
    return true;
}

static bool print_value(printer *p, const warden_component_val_t *v, unsigned depth);

/* `(payload)` when there is one. */
static bool print_payload(printer *p, const warden_component_val_t *payload, unsigned depth)
{
    if (!payload) return true;
    wm_strbuf_putc(&p->sb, '(');
    if (!print_value(p, payload, depth + 1)) return false;
    wm_strbuf_putc(&p->sb, ')');
    return true;
}

static bool print_value(printer *p, const warden_component_val_t *v, unsigned depth)
{
    if (depth > WM_WAVE_MAX_DEPTH)
        return refuse(
            p, "the value is nested too deeply (the limit is " STR(WM_WAVE_MAX_DEPTH) " levels)");
    wm_strbuf *sb = &p->sb;
    switch (v->kind) {
    case WARDEN_COMPONENT_BOOL: wm_strbuf_puts(sb, v->of.boolean ? "true" : "false"); break;
    case WARDEN_COMPONENT_S8: wm_strbuf_printf(sb, "%d", (int)v->of.s8); break;
    case WARDEN_COMPONENT_U8: wm_strbuf_printf(sb, "%u", (unsigned)v->of.u8); break;
    case WARDEN_COMPONENT_S16: wm_strbuf_printf(sb, "%d", (int)v->of.s16); break;
    case WARDEN_COMPONENT_U16: wm_strbuf_printf(sb, "%u", (unsigned)v->of.u16); break;
    case WARDEN_COMPONENT_S32: wm_strbuf_printf(sb, "%" PRId32, v->of.s32); break;
    case WARDEN_COMPONENT_U32: wm_strbuf_printf(sb, "%" PRIu32, v->of.u32); break;
    case WARDEN_COMPONENT_S64: wm_strbuf_printf(sb, "%" PRId64, v->of.s64); break;
    case WARDEN_COMPONENT_U64: wm_strbuf_printf(sb, "%" PRIu64, v->of.u64); break;
    case WARDEN_COMPONENT_F32: put_float(sb, v->of.f32, true); break;
    case WARDEN_COMPONENT_F64: put_float(sb, v->of.f64, false); break;
    case WARDEN_COMPONENT_CHAR: {
        uint32_t c = v->of.ch;
        if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return refuse(p, "a char is not a Unicode scalar value");
        unsigned char raw[4];
        size_t n;
        if (c < 0x80) {
            raw[0] = (unsigned char)c;
            n = 1;
        } else if (c < 0x800) {
            raw[0] = (unsigned char)(0xC0 | (c >> 6));
            raw[1] = (unsigned char)(0x80 | (c & 0x3F));
            n = 2;
        } else if (c < 0x10000) {
            raw[0] = (unsigned char)(0xE0 | (c >> 12));
            raw[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
            raw[2] = (unsigned char)(0x80 | (c & 0x3F));
            n = 3;
        } else {
            raw[0] = (unsigned char)(0xF0 | (c >> 18));
            raw[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
            raw[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
            raw[3] = (unsigned char)(0x80 | (c & 0x3F));
            n = 4;
        }
        wm_strbuf_putc(sb, '\'');
        put_char(sb, c, raw, n, '\'');
        wm_strbuf_putc(sb, '\'');
        break;
    }
    case WARDEN_COMPONENT_STRING: {
        const unsigned char *s = (const unsigned char *)v->of.string.ptr;
        size_t len = v->of.string.len;
        if (!s && len) return refuse(p, "a string is NULL");
        wm_strbuf_putc(sb, '"');
        for (size_t i = 0; i < len;) {
            uint32_t c;
            size_t n = wm_utf8_next(s + i, len - i, &c);
            if (!n) return refuse(p, "a string is not valid UTF-8");
            put_char(sb, c, s + i, n, '"');
            i += n;
        }
        wm_strbuf_putc(sb, '"');
        break;
    }
    case WARDEN_COMPONENT_BYTES: {
        if (!v->of.bytes.ptr && v->of.bytes.len) return refuse(p, "a list is NULL");
        wm_strbuf_putc(sb, '[');
        for (size_t i = 0; i < v->of.bytes.len; i++) {
            if (i) wm_strbuf_puts(sb, ", ");
            wm_strbuf_printf(sb, "%u", (unsigned)v->of.bytes.ptr[i]);
        }
        wm_strbuf_putc(sb, ']');
        break;
    }
    case WARDEN_COMPONENT_LIST:
    case WARDEN_COMPONENT_TUPLE: {
        bool list = v->kind == WARDEN_COMPONENT_LIST;
        if (!v->of.list.ptr && v->of.list.len) return refuse(p, "a list or tuple is NULL");
        wm_strbuf_putc(sb, list ? '[' : '(');
        for (size_t i = 0; i < v->of.list.len; i++) {
            if (i) wm_strbuf_puts(sb, ", ");
            if (!print_value(p, &v->of.list.ptr[i], depth + 1)) return false;
        }
        wm_strbuf_putc(sb, list ? ']' : ')');
        break;
    }
    case WARDEN_COMPONENT_MAP: {
        if (!v->of.map.ptr && v->of.map.len) return refuse(p, "a map is NULL");
        wm_strbuf_putc(sb, '{');
        for (size_t i = 0; i < v->of.map.len; i++) {
            if (i) wm_strbuf_puts(sb, ", ");
            if (!print_value(p, &v->of.map.ptr[i].key, depth + 1)) return false;
            wm_strbuf_puts(sb, ": ");
            if (!print_value(p, &v->of.map.ptr[i].val, depth + 1)) return false;
        }
        wm_strbuf_putc(sb, '}');
        break;
    }
    case WARDEN_COMPONENT_RECORD: {
        if (!v->of.record.ptr && v->of.record.len) return refuse(p, "a record is NULL");
        wm_strbuf_putc(sb, '{');
        bool any = false;
        for (size_t i = 0; i < v->of.record.len; i++) {
            const warden_component_field_t *f = &v->of.record.ptr[i];
            if (f->val.kind == WARDEN_COMPONENT_OPTION && !f->val.of.payload) {
                if (!check_label(p, f->name)) return false;
                continue;
            }
            if (any) wm_strbuf_puts(sb, ", ");
            any = true;
            if (!put_label(p, f->name, false)) return false;
            wm_strbuf_puts(sb, ": ");
            if (!print_value(p, &f->val, depth + 1)) return false;
        }
        if (!any) wm_strbuf_putc(sb, ':');
        wm_strbuf_putc(sb, '}');
        break;
    }
    case WARDEN_COMPONENT_VARIANT:
        if (!put_label(p, v->of.variant.name, true)) return false;
        return print_payload(p, v->of.variant.payload, depth);
    case WARDEN_COMPONENT_ENUM: return put_label(p, v->of.name, true);
    case WARDEN_COMPONENT_OPTION:
        if (!v->of.payload) {
            wm_strbuf_puts(sb, "none");
            break;
        }
        wm_strbuf_puts(sb, "some");
        return print_payload(p, v->of.payload, depth);
    case WARDEN_COMPONENT_RESULT:
        wm_strbuf_puts(sb, v->of.result.is_err ? "err" : "ok");
        return print_payload(p, v->of.result.payload, depth);
    case WARDEN_COMPONENT_FLAGS:
        if (!v->of.flags.names && v->of.flags.len) return refuse(p, "flags are NULL");
        wm_strbuf_putc(sb, '{');
        for (size_t i = 0; i < v->of.flags.len; i++) {
            if (i) wm_strbuf_puts(sb, ", ");
            if (!put_label(p, v->of.flags.names[i], false)) return false;
        }
        wm_strbuf_putc(sb, '}');
        break;
    case WARDEN_COMPONENT_OWN: wm_strbuf_puts(sb, "<own resource>"); break;
    case WARDEN_COMPONENT_BORROW: wm_strbuf_puts(sb, "<borrow resource>"); break;
    default: return refuse(p, "a value has an unknown kind");
    }
    return true;
}

warden_error_t *warden_component_val_to_wave(const warden_component_val_t *val, char **out,
                                             size_t *len)
{
    if (out) *out = NULL;
    if (len) *len = 0;
    if (!val || !out)
        return warden_error_new(WARDEN_ERROR_ARGUMENT,
                                "warden_component_val_to_wave: NULL value or output");
    printer p = {.error = NULL};
    wm_strbuf_init(&p.sb);
    bool ok = print_value(&p, val, 1);
    if (!ok && p.error) {
        wm_strbuf_free(&p.sb);
        return warden_error_new(WARDEN_ERROR_ARGUMENT, "warden_component_val_to_wave: %s", p.error);
    }
    char *text = wm_strbuf_take(&p.sb, len);
    if (!text) return warden_error_new(WARDEN_ERROR_NO_MEMORY, "out of memory");
    *out = text;
    return NULL;
}
