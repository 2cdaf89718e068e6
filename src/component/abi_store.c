/* Lowering into linear memory: the reference's `store` and `store_list_into_range`. */
#include <string.h>

#include "abi_util.h"

static bool put(wm_abi *abi, uint32_t ptr, uint64_t v, unsigned n, warden_trap_t **trap)
{
    uint8_t *at = NULL;
    if (!wm_mem_at(abi, ptr, n, &at, trap)) return false;
    wm_put_le(at, v, n);
    return true;
}

static bool store_variant(wm_abi *abi, const warden_component_type_t *t,
                          const warden_component_val_t *val, uint32_t ptr, warden_trap_t **trap)
{
    uint32_t index = 0;
    const warden_component_val_t *payload = NULL;
    if (!wm_case_of(t, val, &index, &payload, trap)) return false;
    if (!put(abi, ptr, index, wm_disc_size(t), trap)) return false;
    if (!payload) return true;
    return wm_store_at(abi, wm_case_type(t, index), payload, ptr + wm_payload_offset(t), trap);
}

static bool store_record(wm_abi *abi, const warden_component_type_t *t,
                         const warden_component_val_t *val, uint32_t ptr, warden_trap_t **trap)
{
    uint64_t off = 0;
    for (uint32_t i = 0; i < t->count; i++) {
        const warden_component_type_t *e = t->elems[i];
        const warden_component_val_t *f = wm_field_c(t, val, i, trap);
        if (!f) return false;
        off = wm_align_to(off, e->align);
        if (!wm_store_at(abi, e, f, (uint32_t)(ptr + off), trap)) return false;
        off += e->size;
    }
    return true;
}

/* list<e, n> in place at ptr: n elements, from a LIST of n or (for u8) BYTES of n. */
static bool store_fixed_list(wm_abi *abi, const warden_component_type_t *t,
                             const warden_component_val_t *val, uint32_t ptr, warden_trap_t **trap)
{
    const warden_component_type_t *e = t->elems[0];
    if (val->kind == WARDEN_COMPONENT_BYTES) {
        uint8_t *at = NULL;
        if (e->kind != WARDEN_COMPONENT_U8 || val->of.bytes.len != t->length || !val->of.bytes.ptr)
            return wm_trap(trap, WM_MSG_MISMATCH);
        if (!wm_mem_at(abi, ptr, t->length, &at, trap)) return false;
        memcpy(at, val->of.bytes.ptr, t->length);
        return true;
    }
    if (val->of.list.len != t->length || !val->of.list.ptr) return wm_trap(trap, WM_MSG_MISMATCH);
    for (uint32_t i = 0; i < t->length; i++)
        if (!wm_store_at(abi, e, &val->of.list.ptr[i], ptr + i * e->size, trap)) return false;
    return true;
}

bool wm_store_at(wm_abi *abi, const warden_component_type_t *t, const warden_component_val_t *val,
                 uint32_t ptr, warden_trap_t **trap)
{
    if (val->kind != t->kind &&
        !(val->kind == WARDEN_COMPONENT_BYTES && t->kind == WARDEN_COMPONENT_LIST))
        return wm_trap(trap, WM_MSG_MISMATCH);
    uint64_t v = 0;
    switch (t->kind) {
    case WARDEN_COMPONENT_BOOL: v = val->of.boolean ? 1 : 0; break;
    case WARDEN_COMPONENT_S8: v = (uint8_t)val->of.s8; break;
    case WARDEN_COMPONENT_U8: v = val->of.u8; break;
    case WARDEN_COMPONENT_S16: v = (uint16_t)val->of.s16; break;
    case WARDEN_COMPONENT_U16: v = val->of.u16; break;
    case WARDEN_COMPONENT_S32: v = (uint32_t)val->of.s32; break;
    case WARDEN_COMPONENT_U32: v = val->of.u32; break;
    case WARDEN_COMPONENT_S64: v = (uint64_t)val->of.s64; break;
    case WARDEN_COMPONENT_U64: v = val->of.u64; break;
    case WARDEN_COMPONENT_F32: v = wm_canon_f32(wm_bits_of_f32(val->of.f32)); break;
    case WARDEN_COMPONENT_F64: v = wm_canon_f64(wm_bits_of_f64(val->of.f64)); break;
    case WARDEN_COMPONENT_CHAR:
        if (!wm_valid_char(val->of.ch)) return wm_trap(trap, WM_MSG_MISMATCH);
        v = val->of.ch;
        break;
    case WARDEN_COMPONENT_LIST:
        if (t->length) return store_fixed_list(abi, t, val, ptr, trap);
        /* fall through */
    case WARDEN_COMPONENT_STRING:
    case WARDEN_COMPONENT_MAP: {
        uint32_t begin = 0, n = 0;
        bool ok = t->kind == WARDEN_COMPONENT_STRING
                      ? wm_store_string_range(abi, val->of.string.ptr, val->of.string.len, WM_UTF8,
                                              (uint32_t)val->of.string.len, &begin, &n, trap)
                  : t->kind == WARDEN_COMPONENT_MAP
                      ? wm_store_map_range(abi, t, val, &begin, &n, trap)
                      : wm_store_list_range(abi, t->elems[0], val, &begin, &n, trap);
        return ok && put(abi, ptr, begin, 4, trap) && put(abi, ptr + 4, n, 4, trap);
    }
    case WARDEN_COMPONENT_RECORD:
    case WARDEN_COMPONENT_TUPLE: return store_record(abi, t, val, ptr, trap);
    case WARDEN_COMPONENT_VARIANT:
    case WARDEN_COMPONENT_ENUM:
    case WARDEN_COMPONENT_OPTION:
    case WARDEN_COMPONENT_RESULT: return store_variant(abi, t, val, ptr, trap);
    case WARDEN_COMPONENT_FLAGS: {
        uint32_t bits = 0;
        if (!wm_flags_bits(t, val, &bits, trap)) return false;
        v = bits;
        break;
    }
    case WARDEN_COMPONENT_OWN:
    case WARDEN_COMPONENT_BORROW: {
        uint32_t index = 0;
        if (!wm_lower_resource(abi, t, val, &index, trap)) return false;
        v = index;
        break;
    }
    default: return wm_trap(trap, WM_MSG_MISMATCH);
    }
    return put(abi, ptr, v, t->size, trap);
}

bool wm_store_list_range(wm_abi *abi, const warden_component_type_t *elem,
                         const warden_component_val_t *val, uint32_t *ptr, uint32_t *length,
                         warden_trap_t **trap)
{
    if (val->kind == WARDEN_COMPONENT_BYTES && elem->kind == WARDEN_COMPONENT_U8) {
        size_t n = val->of.bytes.len;
        if (n && !val->of.bytes.ptr) return wm_trap(trap, WM_MSG_MISMATCH);
        if (n > WM_MAX_LIST_BYTE_LENGTH) return wm_trap(trap, WM_MSG_LIST_TOO_LONG);
        uint32_t begin;
        if (!wm_realloc(abi, 0, 0, 1, (uint32_t)n, &begin, trap)) return false;
        if (!wm_check_alloc(abi, begin, 1, true, (uint32_t)n, WM_ALLOC_LIST, trap)) return false;
        uint8_t *base = NULL;
        uint64_t size = 0;
        if (!wm_mem(abi, &base, &size, trap)) return false;
        if (n) memcpy(base + begin, val->of.bytes.ptr, n);
        *ptr = begin;
        *length = (uint32_t)n;
        return true;
    }
    if (val->kind != WARDEN_COMPONENT_LIST || (val->of.list.len && !val->of.list.ptr))
        return wm_trap(trap, WM_MSG_MISMATCH);
    size_t n = val->of.list.len;
    /* The reference only ever lowers lists it lifted, so never one past the limit. */
    if (n > WM_MAX_LIST_BYTE_LENGTH / elem->size) return wm_trap(trap, WM_MSG_LIST_TOO_LONG);
    uint32_t bytes = (uint32_t)n * elem->size, begin;
    if (!wm_realloc(abi, 0, 0, elem->align, bytes, &begin, trap)) return false;
    if (!wm_check_alloc(abi, begin, elem->align, true, bytes, WM_ALLOC_LIST, trap)) return false;
    for (size_t i = 0; i < n; i++)
        if (!wm_store_at(abi, elem, &val->of.list.ptr[i], begin + (uint32_t)i * elem->size, trap))
            return false;
    *ptr = begin;
    *length = (uint32_t)n;
    return true;
}

bool wm_store_map_range(wm_abi *abi, const warden_component_type_t *t,
                        const warden_component_val_t *val, uint32_t *ptr, uint32_t *length,
                        warden_trap_t **trap)
{
    if (val->kind != WARDEN_COMPONENT_MAP || (val->of.map.len && !val->of.map.ptr))
        return wm_trap(trap, WM_MSG_MISMATCH);
    size_t n = val->of.map.len;
    uint32_t size = wm_map_entry_size(t), align = wm_map_entry_align(t);
    uint32_t voff = wm_map_value_offset(t);
    if (n > WM_MAX_LIST_BYTE_LENGTH / size) return wm_trap(trap, WM_MSG_LIST_TOO_LONG);
    uint32_t bytes = (uint32_t)n * size, begin;
    if (!wm_realloc(abi, 0, 0, align, bytes, &begin, trap)) return false;
    if (!wm_check_alloc(abi, begin, align, true, bytes, WM_ALLOC_LIST, trap)) return false;
    for (size_t i = 0; i < n; i++) {
        uint32_t at = begin + (uint32_t)i * size;
        if (!wm_store_at(abi, t->elems[0], &val->of.map.ptr[i].key, at, trap) ||
            !wm_store_at(abi, t->elems[1], &val->of.map.ptr[i].val, at + voff, trap))
            return false;
    }
    *ptr = begin;
    *length = (uint32_t)n;
    return true;
}

bool wm_store(wm_abi *abi, const warden_component_type_t *type, const warden_component_val_t *val,
              uint32_t ptr, warden_trap_t **trap)
{
    if (ptr % type->align != 0) return wm_trap(trap, WM_MSG_UNALIGNED);
    uint8_t *at = NULL;
    if (!wm_mem_at(abi, ptr, type->size, &at, trap)) return false;
    return wm_store_at(abi, type, val, ptr, trap);
}
