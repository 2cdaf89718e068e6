/* Lifting from linear memory: the reference's `load` and `load_list_from_range`. */
#include "abi_util.h"

#include <stdlib.h>

static bool load_variant(wm_abi *abi, const warden_component_type_t *t, uint32_t ptr,
                         warden_component_val_t *out, warden_trap_t **trap)
{
    uint32_t ds = wm_disc_size(t);
    uint8_t *at = NULL;
    if (!wm_mem_at(abi, ptr, ds, &at, trap)) return false;
    uint64_t index = wm_get_le(at, ds);
    if (index >= wm_case_count(t)) return wm_trap(trap, WM_MSG_DISCRIMINANT);
    warden_component_val_t *payload = NULL;
    if (!wm_lift_charge(abi, wm_case_cost(t, (uint32_t)index), trap) ||
        !wm_make_case(t, (uint32_t)index, out, &payload, trap))
        return false;
    if (!payload) return true;
    return wm_load_at(abi, wm_case_type(t, (uint32_t)index), ptr + wm_payload_offset(t), payload,
                      trap);
}

static bool load_record(wm_abi *abi, const warden_component_type_t *t, uint32_t ptr,
                        warden_component_val_t *out, warden_trap_t **trap)
{
    if (!wm_lift_charge(abi, wm_record_cost(t), trap) || !wm_make_record(t, out, trap))
        return false;
    uint64_t off = 0;
    for (uint32_t i = 0; i < t->count; i++) {
        const warden_component_type_t *e = t->elems[i];
        off = wm_align_to(off, e->align);
        if (!wm_load_at(abi, e, (uint32_t)(ptr + off), wm_field(out, i), trap)) return false;
        off += e->size;
    }
    return true;
}

static bool load_scalar(wm_abi *abi, const warden_component_type_t *t, uint32_t ptr,
                        warden_component_val_t *out, warden_trap_t **trap)
{
    uint8_t *at = NULL;
    if (!wm_mem_at(abi, ptr, t->size, &at, trap)) return false;
    uint64_t v = wm_get_le(at, t->size);
    warden_component_val_t r = {.kind = t->kind};
    switch (t->kind) {
    case WARDEN_COMPONENT_BOOL: r.of.boolean = v != 0; break;
    case WARDEN_COMPONENT_S8: r.of.s8 = (int8_t)(uint8_t)v; break;
    case WARDEN_COMPONENT_U8: r.of.u8 = (uint8_t)v; break;
    case WARDEN_COMPONENT_S16: r.of.s16 = (int16_t)(uint16_t)v; break;
    case WARDEN_COMPONENT_U16: r.of.u16 = (uint16_t)v; break;
    case WARDEN_COMPONENT_S32: r.of.s32 = (int32_t)(uint32_t)v; break;
    case WARDEN_COMPONENT_U32: r.of.u32 = (uint32_t)v; break;
    case WARDEN_COMPONENT_S64: r.of.s64 = (int64_t)v; break;
    case WARDEN_COMPONENT_U64: r.of.u64 = v; break;
    case WARDEN_COMPONENT_F32: r.of.f32 = wm_f32_of_bits(wm_canon_f32((uint32_t)v)); break;
    case WARDEN_COMPONENT_F64: r.of.f64 = wm_f64_of_bits(wm_canon_f64(v)); break;
    case WARDEN_COMPONENT_CHAR:
        if (!wm_valid_char((uint32_t)v)) return wm_trap(trap, WM_MSG_CHAR);
        r.of.ch = (uint32_t)v;
        break;
    default: return wm_trap(trap, WM_MSG_MISMATCH);
    }
    warden_component_val_delete(out);
    *out = r;
    return true;
}

/* The elements of list<elem, n> at ptr, in place; the caller checked the range. */
static bool load_elems(wm_abi *abi, const warden_component_type_t *elem, uint32_t ptr, uint32_t n,
                       warden_component_val_t *out, warden_trap_t **trap)
{
    /* Elements may point to the same memory over and over: what they make is charged. */
    uint64_t cost =
        elem->kind == WARDEN_COMPONENT_U8 ? n : (uint64_t)n * sizeof(warden_component_val_t);
    if (!wm_lift_charge(abi, cost, trap)) return false;
    warden_error_t *e;
    if (elem->kind == WARDEN_COMPONENT_U8) {
        /* list<u8> lifts as BYTES: one copy. */
        uint8_t *at = NULL;
        if (!wm_mem_at(abi, ptr, n, &at, trap)) return false;
        e = warden_component_val_set_bytes(out, at, n);
    } else {
        e = warden_component_val_set_list(out, WARDEN_COMPONENT_LIST, n);
    }
    if (e) {
        warden_error_delete(e);
        return wm_trap(trap, WM_MSG_HOST_OOM);
    }
    if (elem->kind == WARDEN_COMPONENT_U8) return true;
    for (uint32_t i = 0; i < n; i++)
        if (!wm_load_at(abi, elem, ptr + i * elem->size, &out->of.list.ptr[i], trap)) return false;
    return true;
}

/* The reference's checks of load_list_from_range for `length` elements of `size` bytes aligned to
 * `align` at ptr: the length limit, alignment, bounds. */
static bool range_ok(wm_abi *abi, uint32_t size, uint32_t align, uint32_t ptr, uint32_t length,
                     warden_trap_t **trap)
{
    uint64_t bytes = (uint64_t)length * size;
    if (bytes > WM_MAX_LIST_BYTE_LENGTH) return wm_trap(trap, WM_MSG_LIST_TOO_LONG);
    if (ptr % align != 0) return wm_trap(trap, WM_MSG_UNALIGNED);
    uint8_t *base = NULL;
    uint64_t mem = 0;
    if (!wm_mem(abi, &base, &mem, trap)) return false;
    if ((uint64_t)ptr + bytes > mem)
        return wm_trap(trap, abi->fused ? WM_MSG_LIST_OOB_FUSED : WM_MSG_LIST_OOB);
    return true;
}

/* A map: the list of its entries, each a tuple<key, value>. */
bool wm_load_map_range(wm_abi *abi, const warden_component_type_t *t, uint32_t ptr, uint32_t length,
                       warden_component_val_t *out, warden_trap_t **trap)
{
    uint32_t size = wm_map_entry_size(t), voff = wm_map_value_offset(t);
    if (!range_ok(abi, size, wm_map_entry_align(t), ptr, length, trap) ||
        !wm_lift_charge(abi, (uint64_t)length * sizeof(warden_component_entry_t), trap))
        return false;
    warden_error_t *e = warden_component_val_set_map(out, length);
    if (e) {
        warden_error_delete(e);
        return wm_trap(trap, WM_MSG_HOST_OOM);
    }
    for (uint32_t i = 0; i < length; i++) {
        warden_component_entry_t *en = &out->of.map.ptr[i];
        uint32_t at = ptr + i * size;
        if (!wm_load_at(abi, t->elems[0], at, &en->key, trap) ||
            !wm_load_at(abi, t->elems[1], at + voff, &en->val, trap))
            return false;
    }
    return true;
}

bool wm_load_at(wm_abi *abi, const warden_component_type_t *t, uint32_t ptr,
                warden_component_val_t *out, warden_trap_t **trap)
{
    uint8_t *at = NULL;
    if (t->kind == WARDEN_COMPONENT_LIST && t->length)
        return load_elems(abi, t->elems[0], ptr, t->length, out, trap);
    switch (t->kind) {
    case WARDEN_COMPONENT_STRING:
    case WARDEN_COMPONENT_LIST:
    case WARDEN_COMPONENT_MAP: {
        if (!wm_mem_at(abi, ptr, 8, &at, trap)) return false;
        uint32_t begin = (uint32_t)wm_get_le(at, 4), n = (uint32_t)wm_get_le(at + 4, 4);
        if (t->kind == WARDEN_COMPONENT_STRING)
            return wm_load_string_range(abi, begin, n, out, trap);
        if (t->kind == WARDEN_COMPONENT_MAP) return wm_load_map_range(abi, t, begin, n, out, trap);
        return wm_load_list_range(abi, t->elems[0], begin, n, out, trap);
    }
    case WARDEN_COMPONENT_RECORD:
    case WARDEN_COMPONENT_TUPLE: return load_record(abi, t, ptr, out, trap);
    case WARDEN_COMPONENT_VARIANT:
    case WARDEN_COMPONENT_ENUM:
    case WARDEN_COMPONENT_OPTION:
    case WARDEN_COMPONENT_RESULT: return load_variant(abi, t, ptr, out, trap);
    case WARDEN_COMPONENT_FLAGS: {
        if (!wm_mem_at(abi, ptr, t->size, &at, trap)) return false;
        uint32_t bits = (uint32_t)wm_get_le(at, t->size);
        return wm_lift_charge(abi, wm_flags_cost(t, bits), trap) &&
               wm_make_flags(t, bits, out, trap);
    }
    case WARDEN_COMPONENT_OWN:
    case WARDEN_COMPONENT_BORROW:
        if (!wm_mem_at(abi, ptr, 4, &at, trap)) return false;
        return wm_lift_resource(abi, t, (uint32_t)wm_get_le(at, 4), out, trap);
    default: return load_scalar(abi, t, ptr, out, trap);
    }
}

bool wm_load_list_range(wm_abi *abi, const warden_component_type_t *elem, uint32_t ptr,
                        uint32_t length, warden_component_val_t *out, warden_trap_t **trap)
{
    return range_ok(abi, elem->size, elem->align, ptr, length, trap) &&
           load_elems(abi, elem, ptr, length, out, trap);
}

bool wm_load(wm_abi *abi, const warden_component_type_t *type, uint32_t ptr,
             warden_component_val_t *out, warden_trap_t **trap)
{
    static const warden_component_val_t no_value = {.kind = WARDEN_COMPONENT_BOOL};
    *out = no_value;
    bool ok;
    if (ptr % type->align != 0) {
        ok = wm_trap(trap, WM_MSG_UNALIGNED);
    } else {
        uint8_t *at = NULL;
        ok = wm_mem_at(abi, ptr, type->size, &at, trap) && wm_load_at(abi, type, ptr, out, trap);
    }
    if (!ok) warden_component_val_delete(out);
    return ok;
}
