/* The values guest (world `values` of values.wit): every value type through exports, in the
 * canonical ABI written by hand. */
#include "guest.h"

#define IFACE "test:pkg/iface@1.0.0#"

/* The world's types as the canonical ABI lays them out in memory. */
typedef struct point {
    int32_t x, y;
} point;
typedef uint8_t color; /* enum of 4 cases */
typedef uint8_t perms; /* 3 flags */
typedef uint16_t mid;  /* 12 flags */
typedef uint32_t wide; /* 32 flags */
typedef struct flagset {
    perms p;
    mid m;
    wide w;
} flagset;
typedef struct shape {
    uint8_t tag; /* circle, rect, label, empty */
    union {
        float circle;
        point rect;
        guest_str label;
    } of;
} shape;
typedef struct opt_str {
    uint8_t tag;
    guest_str some;
} opt_str;
typedef struct person {
    guest_str name;
    uint8_t age;
    opt_str nick;
    guest_list tags; /* of guest_str */
    color fav;
    point home;
} person;
typedef struct nest_item { /* option<tuple<string, list<point>>> */
    uint8_t tag;
    struct {
        guest_str name;
        guest_list points;
    } some;
} nest_item;
typedef struct deep { /* result<option<list<shape>>, tuple<perms, color, char>> */
    uint8_t tag;
    union {
        struct {
            uint8_t tag;
            guest_list shapes;
        } ok;
        struct {
            perms p;
            color c;
            uint32_t ch;
        } err;
    } of;
} deep;
typedef struct str_u32 { /* tuple<string, u32> */
    guest_str s;
    uint32_t n;
} str_u32;
typedef struct result_u32_str { /* result<u32, string> */
    uint8_t tag;
    union {
        uint32_t ok;
        guest_str err;
    } of;
} result_u32_str;
typedef struct result_str_u8 { /* result<string, u8> */
    uint8_t tag;
    union {
        guest_str ok;
        uint8_t err;
    } of;
} result_str_u8;
typedef struct many { /* describe-many's parameters */
    uint8_t a;
    uint64_t b;
    uint16_t c;
    float d;
    guest_str e;
    int8_t f;
    double g;
    bool h;
    uint32_t i;
    guest_list j;
    int16_t k;
    uint32_t l;
    int64_t m;
    struct {
        uint8_t tag, val;
    } n;
    point o;
} many;

_Static_assert(sizeof(flagset) == 8 && offsetof(flagset, m) == 2, "flagset layout");
_Static_assert(sizeof(shape) == 12 && offsetof(shape, of) == 4, "shape layout");
_Static_assert(sizeof(person) == 44 && offsetof(person, nick) == 12 &&
                   offsetof(person, tags) == 24 && offsetof(person, fav) == 32 &&
                   offsetof(person, home) == 36,
               "person layout");
_Static_assert(sizeof(nest_item) == 20, "nested element layout");
_Static_assert(sizeof(deep) == 16 && offsetof(deep, of.err.ch) == 8, "deep layout");
_Static_assert(sizeof(many) == 96 && offsetof(many, e) == 24 && offsetof(many, g) == 40 &&
                   offsetof(many, i) == 52 && offsetof(many, j) == 56 && offsetof(many, m) == 72 &&
                   offsetof(many, n) == 80 && offsetof(many, o) == 84,
               "describe-many parameter layout");

static uint32_t nothing_calls, post_returns;

static void *ret(size_t size)
{
    return guest_alloc(size, 8);
}

/* ---- the exported interface --------------------------------------------------------------- */

GUEST_EXPORT(IFACE "add") uint32_t iface_add(uint32_t a, uint32_t b)
{
    return a + b;
}

GUEST_EXPORT(IFACE "greet") guest_str *iface_greet(char *p, uint32_t n)
{
    guest_buf b = {0};
    guest_puts(&b, "hello, ");
    guest_put(&b, p, n);
    guest_puts(&b, "!");
    return guest_return_str(guest_done(&b));
}

GUEST_EXPORT("cabi_post_" IFACE "greet") void iface_greet_post(guest_str *r)
{
    (void)r;
    post_returns++;
}

GUEST_EXPORT(IFACE "nothing") void iface_nothing(void)
{
    nothing_calls++;
}

GUEST_EXPORT(IFACE "swap") str_u32 *iface_swap(uint32_t a, char *p, uint32_t n)
{
    str_u32 *r = ret(sizeof *r);
    *r = (str_u32){{p, n}, a};
    return r;
}

/* ---- scalars ------------------------------------------------------------------------------ */

GUEST_EXPORT("echo-bool") int32_t echo_bool(int32_t x)
{
    return x;
}

GUEST_EXPORT("truthy") uint32_t truthy(uint32_t x)
{
    return x; /* lifted as a bool: any non-zero is true */
}

GUEST_EXPORT("echo-s8") int32_t echo_s8(int32_t x)
{
    return x;
}

GUEST_EXPORT("echo-u8") int32_t echo_u8(int32_t x)
{
    return x;
}

GUEST_EXPORT("echo-s16") int32_t echo_s16(int32_t x)
{
    return x;
}

GUEST_EXPORT("echo-u16") int32_t echo_u16(int32_t x)
{
    return x;
}

GUEST_EXPORT("echo-s32") int32_t echo_s32(int32_t x)
{
    return x;
}

GUEST_EXPORT("echo-u32") uint32_t echo_u32(uint32_t x)
{
    return x;
}

GUEST_EXPORT("echo-s64") int64_t echo_s64(int64_t x)
{
    return x;
}

GUEST_EXPORT("echo-u64") uint64_t echo_u64(uint64_t x)
{
    return x;
}

GUEST_EXPORT("echo-f32") float echo_f32(float x)
{
    return x;
}

GUEST_EXPORT("echo-f64") double echo_f64(double x)
{
    return x;
}

GUEST_EXPORT("echo-char") uint32_t echo_char(uint32_t x)
{
    return x;
}

typedef struct widened {
    int64_t a;
    uint64_t b;
    int64_t c;
    uint64_t d;
    int64_t e;
    uint64_t f;
} widened;

/* The core values as they arrived, widened: signed ones sign-extended, unsigned zero-extended. */
GUEST_EXPORT("widen")
widened *widen(int32_t a, int32_t b, int32_t c, int32_t d, int32_t e, int32_t f)
{
    widened *r = ret(sizeof *r);
    *r = (widened){a, (uint32_t)b, c, (uint32_t)d, e, (uint32_t)f};
    return r;
}

GUEST_EXPORT("wrap-s8") uint32_t wrap_s8(uint32_t x)
{
    return x;
}

GUEST_EXPORT("wrap-u8") uint32_t wrap_u8(uint32_t x)
{
    return x;
}

GUEST_EXPORT("wrap-s16") uint32_t wrap_s16(uint32_t x)
{
    return x;
}

GUEST_EXPORT("wrap-u16") uint32_t wrap_u16(uint32_t x)
{
    return x;
}

GUEST_EXPORT("f32-bits") uint32_t f32_bits_of(float x)
{
    return f32_bits(x);
}

GUEST_EXPORT("f32-from-bits") float f32_from_bits(uint32_t x)
{
    float f;
    memcpy(&f, &x, 4);
    return f;
}

GUEST_EXPORT("f64-bits") uint64_t f64_bits_of(double x)
{
    return f64_bits(x);
}

GUEST_EXPORT("f64-from-bits") double f64_from_bits(uint64_t x)
{
    double d;
    memcpy(&d, &x, 8);
    return d;
}

GUEST_EXPORT("next-char") uint32_t next_char(uint32_t c)
{
    return c + 1;
}

GUEST_EXPORT("char-from") uint32_t char_from(uint32_t x)
{
    return x;
}

/* ---- strings and lists -------------------------------------------------------------------- */

GUEST_EXPORT("ellipsis") guest_str *ellipsis(char *p, uint32_t n)
{
    guest_buf b = {0};
    guest_put(&b, p, n);
    guest_puts(&b, "...");
    return guest_return_str(guest_done(&b));
}

GUEST_EXPORT("cabi_post_ellipsis") void ellipsis_post(guest_str *r)
{
    (void)r;
    post_returns++;
}

GUEST_EXPORT("echo-string") guest_str *echo_string(char *p, uint32_t n)
{
    return guest_return_str((guest_str){p, n});
}

GUEST_EXPORT("string-len") uint32_t string_len(char *p, uint32_t n)
{
    (void)p;
    return n;
}

GUEST_EXPORT("echo-bytes") guest_list *echo_bytes(uint8_t *p, uint32_t n)
{
    guest_list *r = ret(sizeof *r);
    *r = (guest_list){p, n};
    return r;
}

GUEST_EXPORT("sum-bytes") uint32_t sum_bytes(uint8_t *p, uint32_t n)
{
    uint32_t sum = 0;
    for (uint32_t i = 0; i < n; i++) sum += p[i];
    return sum;
}

GUEST_EXPORT("echo-strings") guest_list *echo_strings(guest_str *p, uint32_t n)
{
    guest_list *r = ret(sizeof *r);
    *r = (guest_list){p, n};
    return r;
}

GUEST_EXPORT("join") guest_str *join(guest_str *p, uint32_t n, char *sep, uint32_t sep_len)
{
    guest_buf b = {0};
    for (uint32_t i = 0; i < n; i++) {
        if (i) guest_put(&b, sep, sep_len);
        guest_put_str(&b, p[i]);
    }
    return guest_return_str(guest_done(&b));
}

GUEST_EXPORT("reverse-strings") guest_list *reverse_strings(guest_str *p, uint32_t n)
{
    guest_str *out = guest_alloc(n ? n * sizeof *out : 1, 4);
    for (uint32_t i = 0; i < n; i++) out[i] = p[n - 1 - i];
    guest_list *r = ret(sizeof *r);
    *r = (guest_list){out, n};
    return r;
}

GUEST_EXPORT("range") guest_list *range(uint32_t n)
{
    uint32_t *out = guest_alloc(n ? n * 4 : 4, 4);
    for (uint32_t i = 0; i < n; i++) out[i] = i;
    guest_list *r = ret(sizeof *r);
    *r = (guest_list){out, n};
    return r;
}

GUEST_EXPORT("bad-utf8") guest_str *bad_utf8(void)
{
    return guest_return_str(guest_copy_str("ok\xff", 3));
}

GUEST_EXPORT("bad-string-pointer") guest_str *bad_string_pointer(void)
{
    return guest_return_str((guest_str){(char *)0xfffffff0u, 100});
}

GUEST_EXPORT("bad-list-align") guest_list *bad_list_align(void)
{
    char *p = guest_alloc(16, 4);
    guest_list *r = ret(sizeof *r);
    *r = (guest_list){p + 2, 1};
    return r;
}

/* ---- records and tuples ------------------------------------------------------------------- */

GUEST_EXPORT("make-point") point *make_point(int32_t x, int32_t y)
{
    point *r = ret(sizeof *r);
    *r = (point){x, y};
    return r;
}

GUEST_EXPORT("swap-point") point *swap_point(int32_t x, int32_t y)
{
    point *r = ret(sizeof *r);
    *r = (point){y, x};
    return r;
}

static person person_of(char *name, uint32_t name_len, uint32_t age, uint32_t nick_tag, char *nick,
                        uint32_t nick_len, guest_str *tags, uint32_t ntags, uint32_t fav, int32_t x,
                        int32_t y)
{
    person p = {{name, name_len}, (uint8_t)age, {(uint8_t)nick_tag, {nick, nick_len}},
                {tags, ntags},    (color)fav,   {x, y}};
    if (!nick_tag) p.nick.some = (guest_str){0, 0};
    return p;
}

GUEST_EXPORT("echo-person")
person *echo_person(char *name, uint32_t name_len, uint32_t age, uint32_t nick_tag, char *nick,
                    uint32_t nick_len, guest_str *tags, uint32_t ntags, uint32_t fav, int32_t x,
                    int32_t y)
{
    person *r = ret(sizeof *r);
    *r = person_of(name, name_len, age, nick_tag, nick, nick_len, tags, ntags, fav, x, y);
    return r;
}

static const char *const color_names[] = {"red", "green", "blue", "yellow"};

GUEST_EXPORT("describe-person")
guest_str *describe_person(char *name, uint32_t name_len, uint32_t age, uint32_t nick_tag,
                           char *nick, uint32_t nick_len, guest_str *tags, uint32_t ntags,
                           uint32_t fav, int32_t x, int32_t y)
{
    person p = person_of(name, name_len, age, nick_tag, nick, nick_len, tags, ntags, fav, x, y);
    guest_buf b = {0};
    guest_puts(&b, "name=");
    guest_put_str(&b, p.name);
    guest_puts(&b, " age=");
    guest_put_u64(&b, p.age);
    guest_puts(&b, " nick=");
    if (p.nick.tag) {
        guest_puts(&b, "some(");
        guest_put_str(&b, p.nick.some);
        guest_puts(&b, ")");
    } else {
        guest_puts(&b, "none");
    }
    guest_puts(&b, " tags=[");
    for (uint32_t i = 0; i < p.tags.len; i++) {
        if (i) guest_puts(&b, ",");
        guest_put_str(&b, ((guest_str *)p.tags.ptr)[i]);
    }
    guest_puts(&b, "] fav=");
    guest_puts(&b, p.fav < 4 ? color_names[p.fav] : "?");
    guest_puts(&b, " home=(");
    guest_put_s64(&b, p.home.x);
    guest_puts(&b, ",");
    guest_put_s64(&b, p.home.y);
    guest_puts(&b, ")");
    return guest_return_str(guest_done(&b));
}

GUEST_EXPORT("swap-pair") str_u32 *swap_pair(uint32_t a, char *p, uint32_t n)
{
    str_u32 *r = ret(sizeof *r);
    *r = (str_u32){{p, n}, a};
    return r;
}

/* ---- variants, enums, options, results, flags --------------------------------------------- */

/* A shape from its flat form: the tag, then the joined payload (circle's f32 as i32 bits). */
static shape shape_of(uint32_t tag, uint32_t a, uint32_t b)
{
    shape s;
    memset(&s, 0, sizeof s);
    s.tag = (uint8_t)tag;
    switch (tag) {
    case 0: memcpy(&s.of.circle, &a, 4); break;
    case 1: s.of.rect = (point){(int32_t)a, (int32_t)b}; break;
    case 2: s.of.label = (guest_str){(char *)a, b}; break;
    default: break;
    }
    return s;
}

GUEST_EXPORT("echo-shape") shape *echo_shape(uint32_t tag, uint32_t a, uint32_t b)
{
    shape *r = ret(sizeof *r);
    *r = shape_of(tag, a, b);
    return r;
}

static void put_shape(guest_buf *b, const shape *s)
{
    switch (s->tag) {
    case 0:
        guest_puts(b, "circle ");
        guest_put_hex(b, f32_bits(s->of.circle));
        break;
    case 1:
        guest_puts(b, "rect ");
        guest_put_s64(b, s->of.rect.x);
        guest_puts(b, " ");
        guest_put_s64(b, s->of.rect.y);
        break;
    case 2:
        guest_puts(b, "label ");
        guest_put_str(b, s->of.label);
        break;
    case 3: guest_puts(b, "empty"); break;
    default: guest_puts(b, "?"); break;
    }
}

GUEST_EXPORT("describe-shape") guest_str *describe_shape(uint32_t tag, uint32_t a, uint32_t b)
{
    shape s = shape_of(tag, a, b);
    guest_buf buf = {0};
    put_shape(&buf, &s);
    return guest_return_str(guest_done(&buf));
}

/* Any tag, even one of no case; a label's payload is "x". */
GUEST_EXPORT("shape-from") shape *shape_from(uint32_t tag)
{
    shape *r = ret(sizeof *r);
    memset(r, 0, sizeof *r);
    r->tag = (uint8_t)tag;
    if (tag == 2) r->of.label = guest_copy_str("x", 1);
    return r;
}

GUEST_EXPORT("next-color") uint32_t next_color(uint32_t c)
{
    return (c + 1) % 4;
}

GUEST_EXPORT("color-from") uint32_t color_from(uint32_t x)
{
    return x;
}

GUEST_EXPORT("echo-option") opt_str *echo_option(uint32_t tag, char *p, uint32_t n)
{
    opt_str *r = ret(sizeof *r);
    *r = (opt_str){(uint8_t)tag, {tag ? p : 0, tag ? n : 0}};
    return r;
}

GUEST_EXPORT("unwrap-or") uint32_t unwrap_or(uint32_t tag, uint32_t v, uint32_t d)
{
    return tag ? v : d;
}

GUEST_EXPORT("check") result_u32_str *check(int32_t x)
{
    result_u32_str *r = ret(sizeof *r);
    memset(r, 0, sizeof *r);
    if (x >= 0) {
        r->of.ok = (uint32_t)x;
        return r;
    }
    guest_buf b = {0};
    guest_puts(&b, "negative: ");
    guest_put_s64(&b, x);
    r->tag = 1;
    r->of.err = guest_done(&b);
    return r;
}

GUEST_EXPORT("echo-result") result_str_u8 *echo_result(uint32_t tag, uint32_t a, uint32_t b)
{
    result_str_u8 *r = ret(sizeof *r);
    memset(r, 0, sizeof *r);
    r->tag = (uint8_t)tag;
    if (tag == 0)
        r->of.ok = (guest_str){(char *)a, b};
    else
        r->of.err = (uint8_t)a;
    return r;
}

GUEST_EXPORT("parity") uint32_t parity(uint32_t x)
{
    return x & 1; /* ok for even, err for odd */
}

GUEST_EXPORT("echo-perms") uint32_t echo_perms(uint32_t p)
{
    return p;
}

GUEST_EXPORT("invert-perms") uint32_t invert_perms(uint32_t p)
{
    return ~p & 7;
}

GUEST_EXPORT("perms-from") uint32_t perms_from(uint32_t x)
{
    return x;
}

GUEST_EXPORT("echo-wide") uint32_t echo_wide(uint32_t w)
{
    return w;
}

GUEST_EXPORT("echo-flagset") flagset *echo_flagset(uint32_t p, uint32_t m, uint32_t w)
{
    flagset *r = ret(sizeof *r);
    *r = (flagset){(perms)p, (mid)m, w};
    return r;
}

/* ---- nested types ------------------------------------------------------------------------- */

GUEST_EXPORT("echo-nested") guest_list *echo_nested(nest_item *p, uint32_t n)
{
    guest_list *r = ret(sizeof *r);
    *r = (guest_list){p, n};
    return r;
}

/* [none, NAME:(x,y)(x,y), ...] */
GUEST_EXPORT("describe-nested") guest_str *describe_nested(nest_item *p, uint32_t n)
{
    guest_buf b = {0};
    guest_puts(&b, "[");
    for (uint32_t i = 0; i < n; i++) {
        if (i) guest_puts(&b, ", ");
        if (!p[i].tag) {
            guest_puts(&b, "none");
            continue;
        }
        guest_put_str(&b, p[i].some.name);
        guest_puts(&b, ":");
        const point *pts = p[i].some.points.ptr;
        for (uint32_t k = 0; k < p[i].some.points.len; k++) {
            guest_puts(&b, "(");
            guest_put_s64(&b, pts[k].x);
            guest_puts(&b, ",");
            guest_put_s64(&b, pts[k].y);
            guest_puts(&b, ")");
        }
    }
    guest_puts(&b, "]");
    return guest_return_str(guest_done(&b));
}

GUEST_EXPORT("echo-deep") deep *echo_deep(uint32_t tag, uint32_t a, uint32_t b, uint32_t c)
{
    deep *r = ret(sizeof *r);
    memset(r, 0, sizeof *r);
    r->tag = (uint8_t)tag;
    if (tag == 0) {
        r->of.ok.tag = (uint8_t)a;
        if (a) r->of.ok.shapes = (guest_list){(void *)b, c};
    } else {
        r->of.err.p = (perms)a;
        r->of.err.c = (color)b;
        r->of.err.ch = c;
    }
    return r;
}

/* ---- more than 16 flat parameters --------------------------------------------------------- */

GUEST_EXPORT("sum17") uint64_t sum17(const uint32_t *args)
{
    uint64_t sum = 0;
    for (int i = 0; i < 17; i++) sum += (uint64_t)args[i] << i;
    return sum;
}

GUEST_EXPORT("describe-many") guest_str *describe_many(const many *m)
{
    guest_buf b = {0};
    guest_puts(&b, "a=");
    guest_put_u64(&b, m->a);
    guest_puts(&b, " b=");
    guest_put_u64(&b, m->b);
    guest_puts(&b, " c=");
    guest_put_u64(&b, m->c);
    guest_puts(&b, " d=");
    guest_put_hex(&b, f32_bits(m->d));
    guest_puts(&b, " e=");
    guest_put_str(&b, m->e);
    guest_puts(&b, " f=");
    guest_put_s64(&b, m->f);
    guest_puts(&b, " g=");
    guest_put_hex(&b, f64_bits(m->g));
    guest_puts(&b, m->h ? " h=true" : " h=false");
    guest_puts(&b, " i=");
    guest_put_char(&b, m->i);
    guest_puts(&b, " j=[");
    for (uint32_t k = 0; k < m->j.len; k++) {
        if (k) guest_puts(&b, ",");
        guest_put_u64(&b, ((const uint8_t *)m->j.ptr)[k]);
    }
    guest_puts(&b, "] k=");
    guest_put_s64(&b, m->k);
    guest_puts(&b, " l=");
    guest_put_u64(&b, m->l);
    guest_puts(&b, " m=");
    guest_put_s64(&b, m->m);
    guest_puts(&b, " n=");
    if (m->n.tag) {
        guest_puts(&b, "some(");
        guest_put_u64(&b, m->n.val);
        guest_puts(&b, ")");
    } else {
        guest_puts(&b, "none");
    }
    guest_puts(&b, " o=(");
    guest_put_s64(&b, m->o.x);
    guest_puts(&b, ",");
    guest_put_s64(&b, m->o.y);
    guest_puts(&b, ")");
    return guest_return_str(guest_done(&b));
}

/* ---- post-return and traps ---------------------------------------------------------------- */

GUEST_EXPORT("counters") uint32_t *counters(void)
{
    uint32_t *r = ret(8);
    r[0] = nothing_calls;
    r[1] = post_returns;
    return r;
}

GUEST_EXPORT("fail") void fail(void)
{
    __builtin_trap();
}

GUEST_EXPORT("fail-in-post-return") guest_str *fail_in_post_return(void)
{
    return guest_return_str(guest_copy_str("doomed", 6));
}

GUEST_EXPORT("cabi_post_fail-in-post-return") void fail_in_post_return_post(guest_str *r)
{
    (void)r;
    __builtin_trap();
}
