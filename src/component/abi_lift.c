/* Lifting from core values: the reference's `lift_flat`, with the coercions of variant payloads
 * (`lift_flat_variant`: i32 to f32, i64 to i32 by wrapping, i64 to f32 and f64). */
#include "abi_util.h"

/* The reference's CoreValueIter: core values read in order, each of the kind the flattening
 * says. */
typedef struct reader {
    const warden_val_t *vals;
    size_t n, pos;
} reader;

static bool next(reader *r, uint8_t kind, warden_val_t *out, warden_trap_t **trap)
{
    if (r->pos >= r->n || r->vals[r->pos].kind != (warden_valkind_t)kind)
        return wm_trap(trap, WM_MSG_CORE_VALUES);
    *out = r->vals[r->pos++];
    return true;
}

static bool next_u32(reader *r, uint32_t *out, warden_trap_t **trap)
{
    warden_val_t v = {.kind = WARDEN_I32};
    if (!next(r, WARDEN_I32, &v, trap)) return false;
    *out = (uint32_t)v.of.i32;
    return true;
}

static bool lift(wm_abi *abi, const warden_component_type_t *t, reader *r,
                 warden_component_val_t *out, warden_trap_t **trap);

/* list<e, n> flattened: n elements in a row (so n <= WM_MAX_FLAT_PARAMS). A list of u8 lifts as
 * BYTES, as in memory. */
static bool lift_fixed_list(wm_abi *abi, const warden_component_type_t *t, reader *r,
                            warden_component_val_t *out, warden_trap_t **trap)
{
    const warden_component_type_t *e = t->elems[0];
    if (e->kind == WARDEN_COMPONENT_U8) {
        uint8_t bytes[WM_MAX_FLAT_PARAMS];
        for (uint32_t i = 0; i < t->length; i++) {
            uint32_t u = 0;
            if (i >= WM_MAX_FLAT_PARAMS || !next_u32(r, &u, trap)) return false;
            bytes[i] = (uint8_t)u;
        }
        warden_error_t *err = warden_component_val_set_bytes(out, bytes, t->length);
        if (!err) return true;
        warden_error_delete(err);
        return wm_trap(trap, WM_MSG_HOST_OOM);
    }
    if (!wm_lift_charge(abi, (uint64_t)t->length * sizeof(warden_component_val_t), trap))
        return false;
    warden_component_val_t list = {.kind = WARDEN_COMPONENT_BOOL};
    warden_error_t *err = warden_component_val_set_list(&list, WARDEN_COMPONENT_LIST, t->length);
    if (err) {
        warden_error_delete(err);
        return wm_trap(trap, WM_MSG_HOST_OOM);
    }
    for (uint32_t i = 0; i < t->length; i++) {
        if (!lift(abi, e, r, &list.of.list.ptr[i], trap)) {
            warden_component_val_delete(&list);
            return false;
        }
    }
    warden_component_val_delete(out);
    *out = list;
    return true;
}

/* The payload's core values, turned from the variant's joined kinds into the case's own. */
static bool lift_variant(wm_abi *abi, const warden_component_type_t *t, reader *r,
                         warden_component_val_t *out, warden_trap_t **trap)
{
    uint32_t index = 0;
    if (!next_u32(r, &index, trap)) return false;
    if (index >= wm_case_count(t)) return wm_trap(trap, WM_MSG_DISCRIMINANT);
    const warden_component_type_t *ct = wm_case_type(t, index);
    uint32_t njoined = t->flat_count - 1;
    warden_val_t have[WM_FLAT_CAP] = {{.kind = WARDEN_I32}};
    for (uint32_t i = 0; i < njoined; i++)
        if (!next(r, t->flat[1 + i], &have[i], trap)) return false;
    warden_component_val_t *payload = NULL;
    if (!wm_lift_charge(abi, wm_case_cost(t, index), trap) ||
        !wm_make_case(t, index, out, &payload, trap))
        return false;
    if (!payload) return true;
    warden_val_t want[WM_FLAT_CAP] = {{.kind = WARDEN_I32}};
    for (uint32_t i = 0; i < ct->flat_count; i++) {
        uint8_t hk = t->flat[1 + i], wk = ct->flat[i];
        warden_val_t v = have[i];
        if (hk == WARDEN_I32 && wk == WARDEN_F32) {
            want[i] = (warden_val_t){.kind = WARDEN_F32, .of.f32_bits = (uint32_t)v.of.i32};
        } else if (hk == WARDEN_I64 && wk == WARDEN_I32) {
            want[i] = (warden_val_t){.kind = WARDEN_I32, .of.i32 = (int32_t)(uint32_t)v.of.i64};
        } else if (hk == WARDEN_I64 && wk == WARDEN_F32) {
            want[i] = (warden_val_t){.kind = WARDEN_F32, .of.f32_bits = (uint32_t)v.of.i64};
        } else if (hk == WARDEN_I64 && wk == WARDEN_F64) {
            want[i] = (warden_val_t){.kind = WARDEN_F64, .of.f64_bits = (uint64_t)v.of.i64};
        } else {
            want[i] = v;
        }
    }
    reader pr = {want, ct->flat_count, 0};
    return lift(abi, ct, &pr, payload, trap);
}

static bool lift_record(wm_abi *abi, const warden_component_type_t *t, reader *r,
                        warden_component_val_t *out, warden_trap_t **trap)
{
    if (!wm_lift_charge(abi, wm_record_cost(t), trap) || !wm_make_record(t, out, trap))
        return false;
    for (uint32_t i = 0; i < t->count; i++)
        if (!lift(abi, t->elems[i], r, wm_field(out, i), trap)) return false;
    return true;
}

static bool lift(wm_abi *abi, const warden_component_type_t *t, reader *r,
                 warden_component_val_t *out, warden_trap_t **trap)
{
    warden_val_t v = {.kind = WARDEN_I32};
    warden_component_val_t s = {.kind = t->kind};
    switch (t->kind) {
    case WARDEN_COMPONENT_S64:
    case WARDEN_COMPONENT_U64:
        if (!next(r, WARDEN_I64, &v, trap)) return false;
        s.of.u64 = (uint64_t)v.of.i64;
        break;
    case WARDEN_COMPONENT_F32:
        if (!next(r, WARDEN_F32, &v, trap)) return false;
        s.of.f32 = wm_f32_of_bits(wm_canon_f32(v.of.f32_bits));
        break;
    case WARDEN_COMPONENT_F64:
        if (!next(r, WARDEN_F64, &v, trap)) return false;
        s.of.f64 = wm_f64_of_bits(wm_canon_f64(v.of.f64_bits));
        break;
    case WARDEN_COMPONENT_BOOL:
    case WARDEN_COMPONENT_S8:
    case WARDEN_COMPONENT_U8:
    case WARDEN_COMPONENT_S16:
    case WARDEN_COMPONENT_U16:
    case WARDEN_COMPONENT_S32:
    case WARDEN_COMPONENT_U32:
    case WARDEN_COMPONENT_CHAR: {
        uint32_t u = 0;
        if (!next_u32(r, &u, trap)) return false;
        switch (t->kind) {
        case WARDEN_COMPONENT_BOOL: s.of.boolean = u != 0; break;
        case WARDEN_COMPONENT_S8: s.of.s8 = (int8_t)(uint8_t)u; break;
        case WARDEN_COMPONENT_U8: s.of.u8 = (uint8_t)u; break;
        case WARDEN_COMPONENT_S16: s.of.s16 = (int16_t)(uint16_t)u; break;
        case WARDEN_COMPONENT_U16: s.of.u16 = (uint16_t)u; break;
        case WARDEN_COMPONENT_S32: s.of.s32 = (int32_t)u; break;
        case WARDEN_COMPONENT_U32: s.of.u32 = u; break;
        default:
            if (!wm_valid_char(u)) return wm_trap(trap, WM_MSG_CHAR);
            s.of.ch = u;
            break;
        }
        break;
    }
    case WARDEN_COMPONENT_LIST:
        if (t->length) return lift_fixed_list(abi, t, r, out, trap);
        /* fall through */
    case WARDEN_COMPONENT_STRING:
    case WARDEN_COMPONENT_MAP: {
        uint32_t ptr = 0, n = 0;
        if (!next_u32(r, &ptr, trap) || !next_u32(r, &n, trap)) return false;
        if (t->kind == WARDEN_COMPONENT_STRING) return wm_load_string_range(abi, ptr, n, out, trap);
        if (t->kind == WARDEN_COMPONENT_MAP) return wm_load_map_range(abi, t, ptr, n, out, trap);
        return wm_load_list_range(abi, t->elems[0], ptr, n, out, trap);
    }
    case WARDEN_COMPONENT_RECORD:
    case WARDEN_COMPONENT_TUPLE: return lift_record(abi, t, r, out, trap);
    case WARDEN_COMPONENT_VARIANT:
    case WARDEN_COMPONENT_ENUM:
    case WARDEN_COMPONENT_OPTION:
    case WARDEN_COMPONENT_RESULT: return lift_variant(abi, t, r, out, trap);
    case WARDEN_COMPONENT_FLAGS: {
        uint32_t bits = 0;
        if (!next_u32(r, &bits, trap)) return false;
        return wm_lift_charge(abi, wm_flags_cost(t, bits), trap) &&
               wm_make_flags(t, bits, out, trap);
    }
    case WARDEN_COMPONENT_OWN:
    case WARDEN_COMPONENT_BORROW: {
        uint32_t index = 0;
        if (!next_u32(r, &index, trap)) return false;
        return wm_lift_resource(abi, t, index, out, trap);
    }
    default: return wm_trap(trap, WM_MSG_MISMATCH);
    }
    warden_component_val_delete(out);
    *out = s;
    return true;
}

bool wm_lift_flat(wm_abi *abi, const warden_component_type_t *type, const warden_val_t *flat,
                  size_t nflat, size_t *pos, warden_component_val_t *out, warden_trap_t **trap)
{
    static const warden_component_val_t no_value = {.kind = WARDEN_COMPONENT_BOOL};
    *out = no_value;
    if (type->flat_count > WM_MAX_FLAT_PARAMS) return wm_trap(trap, WM_MSG_TOO_FLAT);
    reader r = {flat, nflat, *pos};
    if (!lift(abi, type, &r, out, trap)) {
        warden_component_val_delete(out);
        return false;
    }
    *pos = r.pos;
    return true;
}
