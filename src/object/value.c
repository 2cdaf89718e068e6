/* Conversions between frame slots and public values. */
#include <string.h>

#include "object/objects.h"

bool wo_kind_valid(warden_valkind_t k)
{
    switch (k) {
    case WARDEN_I32:
    case WARDEN_I64:
    case WARDEN_F32:
    case WARDEN_F64:
    case WARDEN_V128:
    case WARDEN_FUNCREF:
    case WARDEN_EXTERNREF: return true;
    }
    return false;
}

void wo_slots_to_val(const uint64_t *s, warden_valkind_t kind, warden_val_t *v)
{
    memset(v, 0, sizeof *v);
    v->kind = kind;
    switch (kind) {
    case WARDEN_I32: v->of.i32 = (int32_t)(uint32_t)s[0]; break;
    case WARDEN_F32: v->of.f32_bits = (uint32_t)s[0]; break;
    case WARDEN_I64: v->of.i64 = (int64_t)s[0]; break;
    case WARDEN_F64: v->of.f64_bits = s[0]; break;
    case WARDEN_V128: memcpy(v->of.v128, s, 16); break;
    case WARDEN_FUNCREF: v->of.funcref = (warden_func_t *)(uintptr_t)s[0]; break;
    case WARDEN_EXTERNREF: v->of.externref = (void *)(uintptr_t)s[0]; break;
    }
}

void wo_val_to_slots(const warden_val_t *v, uint64_t *s)
{
    switch (v->kind) {
    case WARDEN_I32: s[0] = (uint32_t)v->of.i32; break;
    case WARDEN_F32: s[0] = v->of.f32_bits; break;
    case WARDEN_I64: s[0] = (uint64_t)v->of.i64; break;
    case WARDEN_F64: s[0] = v->of.f64_bits; break;
    case WARDEN_V128: memcpy(s, v->of.v128, 16); break;
    case WARDEN_FUNCREF: s[0] = (uint64_t)(uintptr_t)v->of.funcref; break;
    case WARDEN_EXTERNREF: s[0] = (uint64_t)(uintptr_t)v->of.externref; break;
    }
}
