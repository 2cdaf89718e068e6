/* What the canonical ABI's files share: trap messages, guest memory access (every access bounds
 * checked against the memory's current size), the realloc protocol, and the facts of variants
 * and of what despecializes to one (enum, option, result). */
#ifndef WARDEN_COMPONENT_ABI_UTIL_H
#define WARDEN_COMPONENT_ABI_UTIL_H

#include "abi.h"

/* The canonical ABI's limits. */
#define WM_MAX_STRING_BYTE_LENGTH ((UINT32_C(1) << 28) - 1)
#define WM_MAX_LIST_BYTE_LENGTH ((UINT32_C(1) << 28) - 1)
#define WM_UTF16_TAG UINT32_C(0x80000000)

/* Trap messages. The official test suite matches the first ones; the second of each pair is what
 * a call between two components says (abi->fused), the first what a call to or from the host
 * says. */
#define WM_MSG_UNALIGNED "unaligned pointer"
#define WM_MSG_STRING_OOB "string pointer/length out of bounds of memory"
#define WM_MSG_STRING_OOB_FUSED "string content out-of-bounds"
#define WM_MSG_LIST_OOB "list pointer/length out of bounds of memory"
#define WM_MSG_LIST_OOB_FUSED "list content out-of-bounds"
#define WM_MSG_REALLOC_ALIGN "realloc return: result not aligned"
#define WM_MSG_REALLOC_OOB "realloc return: beyond end of memory"
#define WM_MSG_DISCRIMINANT "invalid variant discriminant"
#define WM_MSG_CHAR "invalid `char` bit pattern"
#define WM_MSG_UTF8 "invalid utf-8"
#define WM_MSG_UTF8_INCOMPLETE "incomplete utf-8 byte sequence"
/* Those the suite does not name. */
#define WM_MSG_UTF16 "invalid utf-16"
#define WM_MSG_PTR_OOB "pointer out of bounds of memory"
#define WM_MSG_STRING_TOO_LONG "string length too large"
#define WM_MSG_LIST_TOO_LONG "list length too large"
#define WM_MSG_NO_MEMORY "canonical options name no memory"
#define WM_MSG_NO_REALLOC "canonical options name no realloc function"
#define WM_MSG_NO_HANDLES "resource handles are not supported here"
#define WM_MSG_HOST_OOM "out of host memory"
#define WM_MSG_MISMATCH "value does not match its type"
#define WM_MSG_CORE_VALUES "core values do not match the type"
#define WM_MSG_TOO_FLAT "type too large for core values"
#define WM_MSG_LIFT_LIMIT "lifted values exceed the store's memory limit"

/* What a pointer returned by realloc is for: picks the messages a call between components
 * gives when it is out of bounds. */
typedef enum wm_alloc_use {
    WM_ALLOC_STRING,
    WM_ALLOC_LIST,
    WM_ALLOC_SPILL, /* the parameters of a call spilled to memory */
} wm_alloc_use;

/* Sets *trap to a host trap with `msg` and returns false, so that `return wm_trap(...)` ends a
 * failing step. */
bool wm_trap(warden_trap_t **trap, const char *msg);

/* The memory's current base and size. Read them again after anything that runs guest code
 * (realloc), which may grow the memory. False (with a trap) when the options name no memory. */
bool wm_mem(const wm_abi *abi, uint8_t **base, uint64_t *size, warden_trap_t **trap);

/* Bounds-checked access to [ptr, ptr + n): false with the trap "pointer out of bounds of memory"
 * when any of it is outside. wm_mem_at gives the address to read or write n bytes at. */
bool wm_mem_at(const wm_abi *abi, uint64_t ptr, uint64_t n, uint8_t **at, warden_trap_t **trap);

static inline uint64_t wm_get_le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++) v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static inline void wm_put_le(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static inline uint64_t wm_align_to(uint64_t n, uint64_t align)
{
    return (n + align - 1) / align * align;
}

/* Calls realloc(old, old_size, align, new_size) and gives its result, unchecked. A trap of the
 * realloc function ends the lowering with that trap. */
bool wm_realloc(wm_abi *abi, uint32_t old, uint32_t old_size, uint32_t align, uint32_t new_size,
                uint32_t *out, warden_trap_t **trap);
/* The checks the reference makes of a realloc result: aligned to `align` (when check_align), and
 * [ptr, ptr + size) inside the memory. */
bool wm_check_alloc(const wm_abi *abi, uint32_t ptr, uint32_t align, bool check_align,
                    uint64_t size, wm_alloc_use use, warden_trap_t **trap);

/* Variants and their specializations (enum, option, result) seen as the variant they
 * despecialize to: how many cases, case i's payload type (NULL: none) and name. */
uint32_t wm_case_count(const warden_component_type_t *t);
const warden_component_type_t *wm_case_type(const warden_component_type_t *t, uint32_t i);
const char *wm_case_name(const warden_component_type_t *t, uint32_t i);
/* The size of the discriminant (1, 2 or 4 bytes) and the offset of the payload. */
uint32_t wm_disc_size(const warden_component_type_t *t);
uint32_t wm_payload_offset(const warden_component_type_t *t);
/* True for VARIANT, ENUM, OPTION and RESULT. */
bool wm_is_variant(const warden_component_type_t *t);

/* Makes *out the value of case `index` of `t`; *payload is where the case's payload goes (a BOOL
 * false to fill), or NULL for a case without one. */
bool wm_make_case(const warden_component_type_t *t, uint32_t index, warden_component_val_t *out,
                  warden_component_val_t **payload, warden_trap_t **trap);
/* The case `val` holds and its payload (NULL for none); a trap when val is not of `t`. */
bool wm_case_of(const warden_component_type_t *t, const warden_component_val_t *val,
                uint32_t *index, const warden_component_val_t **payload, warden_trap_t **trap);

/* Flags: the value of `t` with the bits of `bits` set (those beyond the labels ignored), and the
 * bits of a value. */
bool wm_make_flags(const warden_component_type_t *t, uint32_t bits, warden_component_val_t *out,
                   warden_trap_t **trap);
bool wm_flags_bits(const warden_component_type_t *t, const warden_component_val_t *val,
                   uint32_t *bits, warden_trap_t **trap);

/* Records and tuples: *out becomes a value of `t` with count zeroed fields; wm_field gives field
 * i to fill. */
bool wm_make_record(const warden_component_type_t *t, warden_component_val_t *out,
                    warden_trap_t **trap);
warden_component_val_t *wm_field(warden_component_val_t *record, uint32_t i);
const warden_component_val_t *wm_field_c(const warden_component_type_t *t,
                                         const warden_component_val_t *record, uint32_t i,
                                         warden_trap_t **trap);

/* Lifting's host memory (wm_abi's lift_limit): charges `bytes`, or traps past the limit. The
 * costs: a record's or tuple's fields with their names, a case's name and payload, the names of
 * the flags set in `bits`. */
bool wm_lift_charge(wm_abi *abi, uint64_t bytes, warden_trap_t **trap);
uint64_t wm_record_cost(const warden_component_type_t *t);
uint64_t wm_case_cost(const warden_component_type_t *t, uint32_t index);
uint64_t wm_flags_cost(const warden_component_type_t *t, uint32_t bits);

/* NaN canonicalization (the deterministic profile: every NaN becomes the canonical one, lifting
 * and lowering alike). */
uint32_t wm_canon_f32(uint32_t bits);
uint64_t wm_canon_f64(uint64_t bits);
float wm_f32_of_bits(uint32_t bits);
uint32_t wm_bits_of_f32(float f);
double wm_f64_of_bits(uint64_t bits);
uint64_t wm_bits_of_f64(double f);

/* char: a Unicode scalar value. */
static inline bool wm_valid_char(uint32_t c)
{
    return c < 0x110000 && (c < 0xD800 || c > 0xDFFF);
}

/* Resources through the instance's hooks. */
bool wm_lift_resource(wm_abi *abi, const warden_component_type_t *t, uint32_t index,
                      warden_component_val_t *out, warden_trap_t **trap);
bool wm_lower_resource(wm_abi *abi, const warden_component_type_t *t,
                       const warden_component_val_t *val, uint32_t *index, warden_trap_t **trap);

/* Lists: loading [ptr, ptr + length elements) after the reference's checks (length limit,
 * alignment, bounds), and storing a list's elements into memory got from realloc. */
bool wm_load_list_range(wm_abi *abi, const warden_component_type_t *elem, uint32_t ptr,
                        uint32_t length, warden_component_val_t *out, warden_trap_t **trap);
bool wm_store_list_range(wm_abi *abi, const warden_component_type_t *elem,
                         const warden_component_val_t *val, uint32_t *ptr, uint32_t *length,
                         warden_trap_t **trap);
/* The same for a map, passed as the list of its entries (tuple<key, value>). */
bool wm_load_map_range(wm_abi *abi, const warden_component_type_t *map, uint32_t ptr,
                       uint32_t length, warden_component_val_t *out, warden_trap_t **trap);
bool wm_store_map_range(wm_abi *abi, const warden_component_type_t *map,
                        const warden_component_val_t *val, uint32_t *ptr, uint32_t *length,
                        warden_trap_t **trap);

/* The unchecked recursive halves of wm_load and wm_store: ptr is aligned and in bounds already
 * (each access is still bounds checked). */
bool wm_load_at(wm_abi *abi, const warden_component_type_t *type, uint32_t ptr,
                warden_component_val_t *out, warden_trap_t **trap);
bool wm_store_at(wm_abi *abi, const warden_component_type_t *type,
                 const warden_component_val_t *val, uint32_t ptr, warden_trap_t **trap);

/* Strings (abi_string.c). Lifting: the string at ptr with the given tagged code units, in the
 * options' encoding, into a UTF-8 value. Lowering: `len` bytes of valid UTF-8 whose source was in
 * encoding `src` with `src_tagged` (tagged) code units (for a host string: WM_UTF8 and len), into
 * memory got from realloc, transcoded as the reference does for that source: the same realloc
 * calls, the same checks. */
bool wm_load_string_range(wm_abi *abi, uint32_t ptr, uint32_t tagged, warden_component_val_t *out,
                          warden_trap_t **trap);
bool wm_store_string_range(wm_abi *abi, const char *utf8, size_t len, wm_encoding src,
                           uint32_t src_tagged, uint32_t *ptr, uint32_t *tagged,
                           warden_trap_t **trap);

/* UTF-8: 0 valid, 1 invalid, 2 cut off by the end (a valid prefix of a longer sequence). */
int wm_utf8_check(const uint8_t *s, size_t len);

#endif
