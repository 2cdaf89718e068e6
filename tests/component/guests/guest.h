/* What the test guests share: they are built for wasm32 without a C library (cmake's
 * warden_add_component), so this header gives them memcpy and memset, the canonical ABI's
 * cabi_realloc (a bump allocator: nothing is ever freed), and a string builder for the functions
 * that describe what they received. Each guest is one C file that includes this header once.
 *
 * The guests write the canonical ABI by hand. Their C structs mirror the ABI's memory layouts:
 * records and tuples are C structs, variants a tag and a union (both use natural alignment), and
 * static asserts keep the offsets honest. */
#ifndef WARDEN_TESTS_COMPONENT_GUEST_H
#define WARDEN_TESTS_COMPONENT_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GUEST_EXPORT(name) __attribute__((export_name(name)))
#define GUEST_IMPORT(module, name) __attribute__((import_module(module), import_name(name)))

/* A string or a list as the canonical ABI stores it: pointer and length (elements, not bytes). */
typedef struct guest_str {
    char *ptr;
    uint32_t len;
} guest_str;
typedef struct guest_list {
    void *ptr;
    uint32_t len;
} guest_list;
_Static_assert(sizeof(guest_str) == 8 && sizeof(guest_list) == 8, "string and list are 8 bytes");

/* clang calls these for struct copies and initializations. */
void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--) *d++ = *s++;
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    while (n--) *d++ = (unsigned char)c;
    return dst;
}

extern unsigned char __heap_base;
static uintptr_t guest_heap_top = (uintptr_t)&__heap_base;

/* A bump allocator: grows the old block into a new one (copying it), never frees. */
static inline void *guest_realloc(void *old, size_t old_size, size_t align, size_t new_size)
{
    if (align == 0) align = 1;
    uintptr_t p = (guest_heap_top + align - 1) & ~(uintptr_t)(align - 1);
    uintptr_t end = p + new_size;
    uintptr_t limit = __builtin_wasm_memory_size(0) * 65536;
    if (end > limit) {
        size_t pages = (end - limit + 65535) / 65536;
        if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) __builtin_trap();
    }
    guest_heap_top = end;
    if (old) memcpy((void *)p, old, old_size < new_size ? old_size : new_size);
    return (void *)p;
}

#ifndef GUEST_OWN_REALLOC
/* The canonical ABI's allocator. A guest that defines GUEST_OWN_REALLOC before including this
 * header exports one of its own. */
GUEST_EXPORT("cabi_realloc")
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size)
{
    return guest_realloc(old, old_size, align, new_size);
}
#endif

static inline void *guest_alloc(size_t size, size_t align)
{
    return guest_realloc(NULL, 0, align, size);
}

static inline size_t guest_strlen(const char *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

/* A string being built; guest_buf_done gives it as a canonical string. */
typedef struct guest_buf {
    char *ptr;
    uint32_t len, cap;
} guest_buf;

static inline void guest_put(guest_buf *b, const char *s, size_t n)
{
    if (b->len + n > b->cap) {
        uint32_t cap = b->cap ? b->cap * 2 : 64;
        while (cap < b->len + n) cap *= 2;
        b->ptr = guest_realloc(b->ptr, b->len, 1, cap);
        b->cap = cap;
    }
    memcpy(b->ptr + b->len, s, n);
    b->len += (uint32_t)n;
}

static inline void guest_puts(guest_buf *b, const char *s)
{
    guest_put(b, s, guest_strlen(s));
}

static inline void guest_put_str(guest_buf *b, guest_str s)
{
    guest_put(b, s.ptr, s.len);
}

static inline void guest_put_u64(guest_buf *b, uint64_t v)
{
    char digits[20];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) guest_put(b, &digits[--n], 1);
}

static inline void guest_put_s64(guest_buf *b, int64_t v)
{
    if (v < 0) {
        guest_put(b, "-", 1);
        guest_put_u64(b, (uint64_t)0 - (uint64_t)v);
    } else {
        guest_put_u64(b, (uint64_t)v);
    }
}

/* 0x and lowercase hex digits, no leading zeros. */
static inline void guest_put_hex(guest_buf *b, uint64_t v)
{
    char digits[16];
    int n = 0;
    do {
        digits[n++] = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v);
    guest_put(b, "0x", 2);
    while (n) guest_put(b, &digits[--n], 1);
}

/* A Unicode scalar value as UTF-8. */
static inline void guest_put_char(guest_buf *b, uint32_t c)
{
    char u[4];
    size_t n;
    if (c < 0x80) {
        u[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        u[0] = (char)(0xc0 | c >> 6);
        u[1] = (char)(0x80 | (c & 0x3f));
        n = 2;
    } else if (c < 0x10000) {
        u[0] = (char)(0xe0 | c >> 12);
        u[1] = (char)(0x80 | (c >> 6 & 0x3f));
        u[2] = (char)(0x80 | (c & 0x3f));
        n = 3;
    } else {
        u[0] = (char)(0xf0 | c >> 18);
        u[1] = (char)(0x80 | (c >> 12 & 0x3f));
        u[2] = (char)(0x80 | (c >> 6 & 0x3f));
        u[3] = (char)(0x80 | (c & 0x3f));
        n = 4;
    }
    guest_put(b, u, n);
}

static inline guest_str guest_done(guest_buf *b)
{
    if (!b->ptr) b->ptr = guest_alloc(1, 1);
    return (guest_str){b->ptr, b->len};
}

/* A string result of the canonical ABI: a pointer to (ptr, len) in memory. */
static inline guest_str *guest_return_str(guest_str s)
{
    guest_str *r = guest_alloc(sizeof *r, 4);
    *r = s;
    return r;
}

static inline guest_str guest_copy_str(const char *s, size_t n)
{
    char *p = guest_alloc(n ? n : 1, 1);
    memcpy(p, s, n);
    return (guest_str){p, (uint32_t)n};
}

static inline uint32_t f32_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static inline uint64_t f64_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

#endif
