/* The roundtrip guest (world `roundtrip` of roundtrip.wit): every export passes its arguments to
 * the host's import of the same name, in the canonical ABI's form for a lowered import (flat, or
 * in memory past 16 core parameters, with a return pointer for results of more than one core
 * value), and returns what came back. The guest reads none of the values: the lowered form of an
 * import's parameters and results is the lifted form of the export's. */
#include "guest.h"

#define HOST "test:pkg/host@1.0.0"
#define RELAY_RET(size) void *ret = guest_alloc((size), 8)

/* Core signatures of the imports. */
GUEST_IMPORT(HOST, "all-scalars")
void host_all_scalars(int32_t a, int32_t b, int32_t c, int32_t d, int32_t e, int32_t f, int32_t g,
                      int64_t h, int64_t i, float j, double k, int32_t l, void *ret);
GUEST_IMPORT(HOST, "flip") int32_t host_flip(int32_t x);
GUEST_IMPORT(HOST, "neg8") int32_t host_neg8(int32_t x);
GUEST_IMPORT(HOST, "big") int64_t host_big(int64_t x);
GUEST_IMPORT(HOST, "half") double host_half(double x);
GUEST_IMPORT(HOST, "next") int32_t host_next(int32_t c);
GUEST_IMPORT(HOST, "text") void host_text(int32_t p, int32_t n, void *ret);
GUEST_IMPORT(HOST, "bytes") void host_bytes(int32_t p, int32_t n, void *ret);
GUEST_IMPORT(HOST, "texts") void host_texts(int32_t p, int32_t n, void *ret);
GUEST_IMPORT(HOST, "someone")
void host_someone(int32_t a, int32_t b, int32_t c, int32_t d, int32_t e, int32_t f, int32_t g,
                  int32_t h, int32_t i, int32_t j, int32_t k, void *ret);
GUEST_IMPORT(HOST, "pair") void host_pair(int32_t a, int32_t p, int32_t n, void *ret);
GUEST_IMPORT(HOST, "figure") void host_figure(int32_t tag, int32_t a, int32_t b, void *ret);
GUEST_IMPORT(HOST, "hue") int32_t host_hue(int32_t c);
GUEST_IMPORT(HOST, "maybe") void host_maybe(int32_t tag, int32_t p, int32_t n, void *ret);
GUEST_IMPORT(HOST, "outcome") void host_outcome(int32_t tag, int32_t a, int32_t b, void *ret);
GUEST_IMPORT(HOST, "access") int32_t host_access(int32_t p);
GUEST_IMPORT(HOST, "tree") void host_tree(int32_t p, int32_t n, void *ret);
GUEST_IMPORT(HOST, "many") void host_many(const void *params, void *ret);
GUEST_IMPORT(HOST, "none") void host_none(void);
GUEST_IMPORT(HOST, "callback") int32_t host_callback(int32_t n);
GUEST_IMPORT("$root", "log") void host_log(int32_t p, int32_t n);

/* The results' sizes in memory. */
#define SCALARS_SIZE 56 /* tuple<bool, s8, u8, s16, u16, s32, u32, s64, u64, f32, f64, char> */
#define PERSON_SIZE 44
#define PAIR_SIZE 12   /* tuple<string, u32> */
#define SHAPE_SIZE 12  /* variant of f32, point, string and no payload */
#define OPTION_SIZE 12 /* option<string> */
#define RESULT_SIZE 12 /* result<string, u8> */

GUEST_EXPORT("all-scalars")
void *all_scalars(int32_t a, int32_t b, int32_t c, int32_t d, int32_t e, int32_t f, int32_t g,
                  int64_t h, int64_t i, float j, double k, int32_t l)
{
    RELAY_RET(SCALARS_SIZE);
    host_all_scalars(a, b, c, d, e, f, g, h, i, j, k, l, ret);
    return ret;
}

GUEST_EXPORT("flip") int32_t flip(int32_t x)
{
    return host_flip(x);
}

GUEST_EXPORT("neg8") int32_t neg8(int32_t x)
{
    return host_neg8(x);
}

GUEST_EXPORT("big") int64_t big(int64_t x)
{
    return host_big(x);
}

GUEST_EXPORT("half") double half(double x)
{
    return host_half(x);
}

GUEST_EXPORT("next") int32_t next(int32_t c)
{
    return host_next(c);
}

GUEST_EXPORT("text") void *text(int32_t p, int32_t n)
{
    RELAY_RET(8);
    host_text(p, n, ret);
    return ret;
}

GUEST_EXPORT("bytes") void *bytes(int32_t p, int32_t n)
{
    RELAY_RET(8);
    host_bytes(p, n, ret);
    return ret;
}

GUEST_EXPORT("texts") void *texts(int32_t p, int32_t n)
{
    RELAY_RET(8);
    host_texts(p, n, ret);
    return ret;
}

GUEST_EXPORT("someone")
void *someone(int32_t a, int32_t b, int32_t c, int32_t d, int32_t e, int32_t f, int32_t g,
              int32_t h, int32_t i, int32_t j, int32_t k)
{
    RELAY_RET(PERSON_SIZE);
    host_someone(a, b, c, d, e, f, g, h, i, j, k, ret);
    return ret;
}

GUEST_EXPORT("pair") void *pair(int32_t a, int32_t p, int32_t n)
{
    RELAY_RET(PAIR_SIZE);
    host_pair(a, p, n, ret);
    return ret;
}

GUEST_EXPORT("figure") void *figure(int32_t tag, int32_t a, int32_t b)
{
    RELAY_RET(SHAPE_SIZE);
    host_figure(tag, a, b, ret);
    return ret;
}

GUEST_EXPORT("hue") int32_t hue(int32_t c)
{
    return host_hue(c);
}

GUEST_EXPORT("maybe") void *maybe(int32_t tag, int32_t p, int32_t n)
{
    RELAY_RET(OPTION_SIZE);
    host_maybe(tag, p, n, ret);
    return ret;
}

GUEST_EXPORT("outcome") void *outcome(int32_t tag, int32_t a, int32_t b)
{
    RELAY_RET(RESULT_SIZE);
    host_outcome(tag, a, b, ret);
    return ret;
}

GUEST_EXPORT("access") int32_t access(int32_t p)
{
    return host_access(p);
}

GUEST_EXPORT("tree") void *tree(int32_t p, int32_t n)
{
    RELAY_RET(8);
    host_tree(p, n, ret);
    return ret;
}

/* Past 16 core parameters both sides take a pointer to the parameters in memory. */
GUEST_EXPORT("many") void *many(const void *params)
{
    RELAY_RET(8);
    host_many(params, ret);
    return ret;
}

GUEST_EXPORT("none") void none(void)
{
    host_none();
}

GUEST_EXPORT("callback") int32_t callback(int32_t n)
{
    return host_callback(n) + 1;
}

GUEST_EXPORT("log-twice") void log_twice(int32_t p, int32_t n)
{
    host_log(p, n);
    host_log(p, n);
}

GUEST_EXPORT("identity") int32_t identity(int32_t n)
{
    return n;
}

GUEST_EXPORT("leave-in-post-return") guest_str *leave_in_post_return(void)
{
    return guest_return_str(guest_copy_str("left", 4));
}

GUEST_EXPORT("cabi_post_leave-in-post-return") void leave_in_post_return_post(guest_str *r)
{
    (void)r;
    host_none();
}
