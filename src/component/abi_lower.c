/* Lowering into core values: the reference's `lower_flat`, with the coercions of variant payloads
 * into the variant's joined flat types (`lower_flat_variant`) and the zeros after them. */
#include "abi_util.h"

static warden_val_t core_i32(uint32_t v)
{
    return (warden_val_t){.kind = WARDEN_I32, .of.i32 = (int32_t)v};
}

static bool lower(wm_abi *abi, const warden_component_type_t *t, const warden_component_val_t *v,
                  warden_val_t *flat, size_t *pos, warden_trap_t **trap);

static bool lower_variant(wm_abi *abi, const warden_component_type_t *t,
                          const warden_component_val_t *v, warden_val_t *flat, size_t *pos,
                          warden_trap_t **trap)
{
    uint32_t index = 0;
    const warden_component_val_t *payload = NULL;
    if (!wm_case_of(t, v, &index, &payload, trap)) return false;
    flat[(*pos)++] = core_i32(index);
    uint32_t njoined = t->flat_count - 1, n = 0;
    if (payload) {
        const warden_component_type_t *ct = wm_case_type(t, index);
        warden_val_t own[WM_FLAT_CAP] = {{.kind = WARDEN_I32}};
        size_t k = 0;
        if (!lower(abi, ct, payload, own, &k, trap)) return false;
        for (; n < k; n++) {
            uint8_t want = t->flat[1 + n];
            warden_val_t x = own[n];
            if (x.kind == WARDEN_F32 && want == WARDEN_I32) {
                x = core_i32(x.of.f32_bits);
            } else if (x.kind == WARDEN_I32 && want == WARDEN_I64) {
                x = (warden_val_t){.kind = WARDEN_I64, .of.i64 = (int64_t)(uint32_t)x.of.i32};
            } else if (x.kind == WARDEN_F32 && want == WARDEN_I64) {
                x = (warden_val_t){.kind = WARDEN_I64, .of.i64 = (int64_t)x.of.f32_bits};
            } else if (x.kind == WARDEN_F64 && want == WARDEN_I64) {
                x = (warden_val_t){.kind = WARDEN_I64, .of.i64 = (int64_t)x.of.f64_bits};
            }
            flat[(*pos)++] = x;
        }
    }
    for (; n < njoined; n++) {
        warden_val_t zero = {.kind = (warden_valkind_t)t->flat[1 + n]};
        zero.of.i64 = 0;
        flat[(*pos)++] = zero;
    }
    return true;
}

static bool lower(wm_abi *abi, const warden_component_type_t *t, const warden_component_val_t *v,
                  warden_val_t *flat, size_t *pos, warden_trap_t **trap);

/* list<e, n> flattened: its n elements in a row, from a LIST of n or (for u8) BYTES of n. */
static bool lower_fixed_list(wm_abi *abi, const warden_component_type_t *t,
                             const warden_component_val_t *v, warden_val_t *flat, size_t *pos,
                             warden_trap_t **trap)
{
    const warden_component_type_t *e = t->elems[0];
    if (v->kind == WARDEN_COMPONENT_BYTES) {
        if (e->kind != WARDEN_COMPONENT_U8 || v->of.bytes.len != t->length || !v->of.bytes.ptr)
            return wm_trap(trap, WM_MSG_MISMATCH);
        for (uint32_t i = 0; i < t->length; i++) flat[(*pos)++] = core_i32(v->of.bytes.ptr[i]);
        return true;
    }
    if (v->of.list.len != t->length || !v->of.list.ptr) return wm_trap(trap, WM_MSG_MISMATCH);
    for (uint32_t i = 0; i < t->length; i++)
        if (!lower(abi, e, &v->of.list.ptr[i], flat, pos, trap)) return false;
    return true;
}

static bool lower(wm_abi *abi, const warden_component_type_t *t, const warden_component_val_t *v,
                  warden_val_t *flat, size_t *pos, warden_trap_t **trap)
{
    if (v->kind != t->kind &&
        !(v->kind == WARDEN_COMPONENT_BYTES && t->kind == WARDEN_COMPONENT_LIST))
        return wm_trap(trap, WM_MSG_MISMATCH);
    switch (t->kind) {
    case WARDEN_COMPONENT_BOOL: flat[(*pos)++] = core_i32(v->of.boolean ? 1 : 0); return true;
    case WARDEN_COMPONENT_S8: flat[(*pos)++] = core_i32((uint32_t)(int32_t)v->of.s8); return true;
    case WARDEN_COMPONENT_U8: flat[(*pos)++] = core_i32(v->of.u8); return true;
    case WARDEN_COMPONENT_S16: flat[(*pos)++] = core_i32((uint32_t)(int32_t)v->of.s16); return true;
    case WARDEN_COMPONENT_U16: flat[(*pos)++] = core_i32(v->of.u16); return true;
    case WARDEN_COMPONENT_S32: flat[(*pos)++] = core_i32((uint32_t)v->of.s32); return true;
    case WARDEN_COMPONENT_U32: flat[(*pos)++] = core_i32(v->of.u32); return true;
    case WARDEN_COMPONENT_S64:
    case WARDEN_COMPONENT_U64:
        flat[(*pos)++] = (warden_val_t){.kind = WARDEN_I64, .of.i64 = (int64_t)v->of.u64};
        return true;
    case WARDEN_COMPONENT_F32:
        flat[(*pos)++] = (warden_val_t){.kind = WARDEN_F32,
                                        .of.f32_bits = wm_canon_f32(wm_bits_of_f32(v->of.f32))};
        return true;
    case WARDEN_COMPONENT_F64:
        flat[(*pos)++] = (warden_val_t){.kind = WARDEN_F64,
                                        .of.f64_bits = wm_canon_f64(wm_bits_of_f64(v->of.f64))};
        return true;
    case WARDEN_COMPONENT_CHAR:
        if (!wm_valid_char(v->of.ch)) return wm_trap(trap, WM_MSG_MISMATCH);
        flat[(*pos)++] = core_i32(v->of.ch);
        return true;
    case WARDEN_COMPONENT_LIST:
        if (t->length) return lower_fixed_list(abi, t, v, flat, pos, trap);
        /* fall through */
    case WARDEN_COMPONENT_STRING:
    case WARDEN_COMPONENT_MAP: {
        uint32_t begin = 0, n = 0;
        bool ok = t->kind == WARDEN_COMPONENT_STRING
                      ? wm_store_string_range(abi, v->of.string.ptr, v->of.string.len, WM_UTF8,
                                              (uint32_t)v->of.string.len, &begin, &n, trap)
                  : t->kind == WARDEN_COMPONENT_MAP
                      ? wm_store_map_range(abi, t, v, &begin, &n, trap)
                      : wm_store_list_range(abi, t->elems[0], v, &begin, &n, trap);
        if (!ok) return false;
        flat[(*pos)++] = core_i32(begin);
        flat[(*pos)++] = core_i32(n);
        return true;
    }
    case WARDEN_COMPONENT_RECORD:
    case WARDEN_COMPONENT_TUPLE:
        for (uint32_t i = 0; i < t->count; i++) {
            const warden_component_val_t *f = wm_field_c(t, v, i, trap);
            if (!f || !lower(abi, t->elems[i], f, flat, pos, trap)) return false;
        }
        return true;
    case WARDEN_COMPONENT_VARIANT:
    case WARDEN_COMPONENT_ENUM:
    case WARDEN_COMPONENT_OPTION:
    case WARDEN_COMPONENT_RESULT: return lower_variant(abi, t, v, flat, pos, trap);
    case WARDEN_COMPONENT_FLAGS: {
        uint32_t bits = 0;
        if (!wm_flags_bits(t, v, &bits, trap)) return false;
        flat[(*pos)++] = core_i32(bits);
        return true;
    }
    case WARDEN_COMPONENT_OWN:
    case WARDEN_COMPONENT_BORROW: {
        uint32_t index = 0;
        if (!wm_lower_resource(abi, t, v, &index, trap)) return false;
        flat[(*pos)++] = core_i32(index);
        return true;
    }
    default: return wm_trap(trap, WM_MSG_MISMATCH);
    }
}

bool wm_lower_flat(wm_abi *abi, const warden_component_type_t *type,
                   const warden_component_val_t *val, warden_val_t *flat, size_t *pos,
                   warden_trap_t **trap)
{
    if (type->flat_count > WM_MAX_FLAT_PARAMS) return wm_trap(trap, WM_MSG_TOO_FLAT);
    size_t p = *pos;
    if (!lower(abi, type, val, flat, &p, trap)) return false;
    *pos = p;
    return true;
}
