/* The canonical ABI's shared steps: traps, bounds-checked memory access, the realloc call and
 * the checks of its result, variants seen through despecialization, flags, records, floats and
 * resource handles. */
#include "abi_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool wm_trap(warden_trap_t **trap, const char *msg)
{
    if (trap) *trap = warden_trap_new(msg);
    return false;
}

bool wm_mem(const wm_abi *abi, uint8_t **base, uint64_t *size, warden_trap_t **trap)
{
    if (!abi->memory) return wm_trap(trap, WM_MSG_NO_MEMORY);
    *base = warden_memory_data(abi->memory);
    *size = warden_memory_size(abi->memory);
    return true;
}

bool wm_mem_at(const wm_abi *abi, uint64_t ptr, uint64_t n, uint8_t **at, warden_trap_t **trap)
{
    uint8_t *base = NULL;
    uint64_t size = 0;
    if (!wm_mem(abi, &base, &size, trap)) return false;
    if (ptr > size || n > size - ptr) return wm_trap(trap, WM_MSG_PTR_OOB);
    *at = base + ptr;
    return true;
}

bool wm_realloc(wm_abi *abi, uint32_t old, uint32_t old_size, uint32_t align, uint32_t new_size,
                uint32_t *out, warden_trap_t **trap)
{
    if (!abi->realloc) return wm_trap(trap, WM_MSG_NO_REALLOC);
    warden_val_t args[4] = {
        {.kind = WARDEN_I32, .of.i32 = (int32_t)old},
        {.kind = WARDEN_I32, .of.i32 = (int32_t)old_size},
        {.kind = WARDEN_I32, .of.i32 = (int32_t)align},
        {.kind = WARDEN_I32, .of.i32 = (int32_t)new_size},
    };
    warden_val_t result = {.kind = WARDEN_I32};
    warden_trap_t *t = NULL;
    warden_error_t *e = warden_func_call(abi->store, abi->realloc, args, 4, &result, 1, &t);
    if (e) {
        char msg[256];
        snprintf(msg, sizeof msg, "realloc could not be called: %s", warden_error_message(e));
        warden_error_delete(e);
        warden_trap_delete(t);
        return wm_trap(trap, msg);
    }
    if (t) {
        if (trap) {
            *trap = t;
        } else {
            warden_trap_delete(t);
        }
        return false;
    }
    if (result.kind != WARDEN_I32)
        return wm_trap(trap, "realloc returned a value of the wrong type");
    *out = (uint32_t)result.of.i32;
    return true;
}

bool wm_check_alloc(const wm_abi *abi, uint32_t ptr, uint32_t align, bool check_align,
                    uint64_t size, wm_alloc_use use, warden_trap_t **trap)
{
    if (check_align && ptr % align != 0)
        return wm_trap(trap, abi->fused ? WM_MSG_UNALIGNED : WM_MSG_REALLOC_ALIGN);
    uint8_t *base = NULL;
    uint64_t memsize = 0;
    if (!wm_mem(abi, &base, &memsize, trap)) return false;
    if ((uint64_t)ptr + size > memsize) {
        if (!abi->fused) return wm_trap(trap, WM_MSG_REALLOC_OOB);
        switch (use) {
        case WM_ALLOC_STRING: return wm_trap(trap, WM_MSG_STRING_OOB_FUSED);
        case WM_ALLOC_LIST: return wm_trap(trap, WM_MSG_LIST_OOB_FUSED);
        default: return wm_trap(trap, WM_MSG_PTR_OOB);
        }
    }
    return true;
}

/* ------------------------------------------------------------------------------------------------
 * Variants
 * ---------------------------------------------------------------------------------------------- */

bool wm_is_variant(const warden_component_type_t *t)
{
    switch (t->kind) {
    case WARDEN_COMPONENT_VARIANT:
    case WARDEN_COMPONENT_ENUM:
    case WARDEN_COMPONENT_OPTION:
    case WARDEN_COMPONENT_RESULT: return true;
    default: return false;
    }
}

uint32_t wm_case_count(const warden_component_type_t *t)
{
    switch (t->kind) {
    case WARDEN_COMPONENT_VARIANT:
    case WARDEN_COMPONENT_ENUM: return t->count;
    case WARDEN_COMPONENT_OPTION:
    case WARDEN_COMPONENT_RESULT: return 2;
    default: return 0;
    }
}

const warden_component_type_t *wm_case_type(const warden_component_type_t *t, uint32_t i)
{
    if (!t->elems) return NULL;
    switch (t->kind) {
    case WARDEN_COMPONENT_VARIANT: return i < t->count ? t->elems[i] : NULL;
    case WARDEN_COMPONENT_OPTION: return i == 1 ? t->elems[0] : NULL;
    case WARDEN_COMPONENT_RESULT: return i < 2 ? t->elems[i] : NULL;
    default: return NULL;
    }
}

const char *wm_case_name(const warden_component_type_t *t, uint32_t i)
{
    switch (t->kind) {
    case WARDEN_COMPONENT_VARIANT:
    case WARDEN_COMPONENT_ENUM: return t->names && i < t->count ? t->names[i] : NULL;
    case WARDEN_COMPONENT_OPTION: return i == 0 ? "none" : "some";
    case WARDEN_COMPONENT_RESULT: return i == 0 ? "ok" : "error";
    default: return NULL;
    }
}

uint32_t wm_disc_size(const warden_component_type_t *t)
{
    uint32_t n = wm_case_count(t);
    return n <= 256 ? 1 : n <= 65536 ? 2 : 4;
}

/* align_to(disc_size, max_case_alignment): the variant's alignment is the larger of the two, and
 * both are powers of two, so rounding the discriminant's size up to it gives the same. */
uint32_t wm_payload_offset(const warden_component_type_t *t)
{
    return (uint32_t)wm_align_to(wm_disc_size(t), t->align);
}

static bool no_host_memory(warden_error_t *e, warden_trap_t **trap)
{
    warden_error_delete(e);
    return wm_trap(trap, WM_MSG_HOST_OOM);
}

bool wm_make_case(const warden_component_type_t *t, uint32_t index, warden_component_val_t *out,
                  warden_component_val_t **payload, warden_trap_t **trap)
{
    const warden_component_type_t *ct = wm_case_type(t, index);
    warden_error_t *e = NULL;
    *payload = NULL;
    switch (t->kind) {
    case WARDEN_COMPONENT_VARIANT: {
        const char *name = wm_case_name(t, index);
        if (!name) return wm_trap(trap, WM_MSG_DISCRIMINANT);
        e = warden_component_val_set_variant(out, name, ct != NULL);
        if (!e) *payload = out->of.variant.payload;
        break;
    }
    case WARDEN_COMPONENT_ENUM: {
        const char *name = wm_case_name(t, index);
        if (!name) return wm_trap(trap, WM_MSG_DISCRIMINANT);
        e = warden_component_val_set_enum(out, name);
        break;
    }
    case WARDEN_COMPONENT_OPTION:
        e = warden_component_val_set_option(out, index == 1);
        if (!e) *payload = out->of.payload;
        break;
    case WARDEN_COMPONENT_RESULT:
        e = warden_component_val_set_result(out, index == 1, ct != NULL);
        if (!e) *payload = out->of.result.payload;
        break;
    default: return wm_trap(trap, WM_MSG_MISMATCH);
    }
    if (e) return no_host_memory(e, trap);
    return true;
}

bool wm_case_of(const warden_component_type_t *t, const warden_component_val_t *val,
                uint32_t *index, const warden_component_val_t **payload, warden_trap_t **trap)
{
    if (val->kind != t->kind) return wm_trap(trap, WM_MSG_MISMATCH);
    const char *name = NULL;
    switch (t->kind) {
    case WARDEN_COMPONENT_VARIANT:
        name = val->of.variant.name;
        *payload = val->of.variant.payload;
        break;
    case WARDEN_COMPONENT_ENUM:
        name = val->of.name;
        *payload = NULL;
        break;
    case WARDEN_COMPONENT_OPTION:
        *index = val->of.payload ? 1 : 0;
        *payload = val->of.payload;
        break;
    case WARDEN_COMPONENT_RESULT:
        *index = val->of.result.is_err ? 1 : 0;
        *payload = val->of.result.payload;
        break;
    default: return wm_trap(trap, WM_MSG_MISMATCH);
    }
    if (t->kind == WARDEN_COMPONENT_VARIANT || t->kind == WARDEN_COMPONENT_ENUM) {
        if (!name || !t->names) return wm_trap(trap, WM_MSG_MISMATCH);
        uint32_t i = 0;
        while (i < t->count && strcmp(t->names[i], name) != 0) i++;
        if (i == t->count) return wm_trap(trap, WM_MSG_MISMATCH);
        *index = i;
    }
    if ((wm_case_type(t, *index) != NULL) != (*payload != NULL))
        return wm_trap(trap, WM_MSG_MISMATCH);
    return true;
}

/* ------------------------------------------------------------------------------------------------
 * Flags and records
 * ---------------------------------------------------------------------------------------------- */

bool wm_make_flags(const warden_component_type_t *t, uint32_t bits, warden_component_val_t *out,
                   warden_trap_t **trap)
{
    const char *set[32];
    size_t n = 0;
    for (uint32_t i = 0; i < t->count && i < 32; i++)
        if (bits >> i & 1) set[n++] = t->names[i];
    warden_error_t *e = warden_component_val_set_flags(out, set, n);
    if (e) return no_host_memory(e, trap);
    return true;
}

bool wm_flags_bits(const warden_component_type_t *t, const warden_component_val_t *val,
                   uint32_t *bits, warden_trap_t **trap)
{
    if (val->kind != WARDEN_COMPONENT_FLAGS || (val->of.flags.len && !val->of.flags.names))
        return wm_trap(trap, WM_MSG_MISMATCH);
    uint32_t b = 0;
    for (size_t k = 0; k < val->of.flags.len; k++) {
        const char *name = val->of.flags.names[k];
        uint32_t i = 0;
        while (i < t->count && i < 32 && (!name || strcmp(t->names[i], name) != 0)) i++;
        if (i == t->count || i == 32) return wm_trap(trap, WM_MSG_MISMATCH);
        b |= UINT32_C(1) << i;
    }
    *bits = b;
    return true;
}

bool wm_make_record(const warden_component_type_t *t, warden_component_val_t *out,
                    warden_trap_t **trap)
{
    warden_error_t *e = t->kind == WARDEN_COMPONENT_RECORD
                            ? warden_component_val_set_record(out, t->names, t->count)
                            : warden_component_val_set_list(out, WARDEN_COMPONENT_TUPLE, t->count);
    if (e) return no_host_memory(e, trap);
    return true;
}

warden_component_val_t *wm_field(warden_component_val_t *record, uint32_t i)
{
    return record->kind == WARDEN_COMPONENT_RECORD ? &record->of.record.ptr[i].val
                                                   : &record->of.list.ptr[i];
}

const warden_component_val_t *wm_field_c(const warden_component_type_t *t,
                                         const warden_component_val_t *record, uint32_t i,
                                         warden_trap_t **trap)
{
    if (record->kind != t->kind) {
        wm_trap(trap, WM_MSG_MISMATCH);
        return NULL;
    }
    if (t->kind == WARDEN_COMPONENT_RECORD) {
        if (record->of.record.len != t->count || !record->of.record.ptr) {
            wm_trap(trap, WM_MSG_MISMATCH);
            return NULL;
        }
        return &record->of.record.ptr[i].val;
    }
    if (record->of.list.len != t->count || !record->of.list.ptr) {
        wm_trap(trap, WM_MSG_MISMATCH);
        return NULL;
    }
    return &record->of.list.ptr[i];
}

/* ------------------------------------------------------------------------------------------------
 * Lifting's host memory
 * ---------------------------------------------------------------------------------------------- */

bool wm_lift_charge(wm_abi *abi, uint64_t bytes, warden_trap_t **trap)
{
    if (!abi->lift_limit) return true;
    if (bytes > abi->lift_limit || abi->lifted > abi->lift_limit - bytes)
        return wm_trap(trap, WM_MSG_LIFT_LIMIT);
    abi->lifted += bytes;
    return true;
}

uint64_t wm_record_cost(const warden_component_type_t *t)
{
    if (t->kind != WARDEN_COMPONENT_RECORD)
        return (uint64_t)t->count * sizeof(warden_component_val_t);
    uint64_t n = (uint64_t)t->count * sizeof(warden_component_field_t);
    for (uint32_t i = 0; t->names && i < t->count; i++) n += strlen(t->names[i]) + 1;
    return n;
}

uint64_t wm_case_cost(const warden_component_type_t *t, uint32_t index)
{
    const char *name = t->kind == WARDEN_COMPONENT_VARIANT || t->kind == WARDEN_COMPONENT_ENUM
                           ? wm_case_name(t, index)
                           : NULL;
    return (name ? strlen(name) + 1 : 0) +
           (wm_case_type(t, index) ? sizeof(warden_component_val_t) : 0);
}

uint64_t wm_flags_cost(const warden_component_type_t *t, uint32_t bits)
{
    uint64_t n = 0;
    for (uint32_t i = 0; i < t->count && i < 32; i++)
        if (bits >> i & 1) n += sizeof(char *) + strlen(t->names[i]) + 1;
    return n;
}

/* ------------------------------------------------------------------------------------------------
 * Floats
 * ---------------------------------------------------------------------------------------------- */

#define CANONICAL_F32_NAN UINT32_C(0x7fc00000)
#define CANONICAL_F64_NAN UINT64_C(0x7ff8000000000000)

uint32_t wm_canon_f32(uint32_t bits)
{
    bool nan = (bits & 0x7f800000) == 0x7f800000 && (bits & 0x007fffff) != 0;
    return nan ? CANONICAL_F32_NAN : bits;
}

uint64_t wm_canon_f64(uint64_t bits)
{
    bool nan = (bits & UINT64_C(0x7ff0000000000000)) == UINT64_C(0x7ff0000000000000) &&
               (bits & UINT64_C(0x000fffffffffffff)) != 0;
    return nan ? CANONICAL_F64_NAN : bits;
}

float wm_f32_of_bits(uint32_t bits)
{
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

uint32_t wm_bits_of_f32(float f)
{
    uint32_t bits = 0;
    memcpy(&bits, &f, sizeof bits);
    return bits;
}

double wm_f64_of_bits(uint64_t bits)
{
    double f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

uint64_t wm_bits_of_f64(double f)
{
    uint64_t bits = 0;
    memcpy(&bits, &f, sizeof bits);
    return bits;
}

/* ------------------------------------------------------------------------------------------------
 * Resources
 * ---------------------------------------------------------------------------------------------- */

bool wm_lift_resource(wm_abi *abi, const warden_component_type_t *t, uint32_t index,
                      warden_component_val_t *out, warden_trap_t **trap)
{
    if (!abi->lift_handle) return wm_trap(trap, WM_MSG_NO_HANDLES);
    bool own = t->kind == WARDEN_COMPONENT_OWN;
    warden_component_resource_t *res = NULL;
    warden_trap_t *t2 = NULL;
    if (!abi->lift_handle(abi->handle_env, t->resource, own, index, &res, &t2)) {
        if (!t2) t2 = warden_trap_new("invalid resource handle");
        if (trap) {
            *trap = t2;
        } else {
            warden_trap_delete(t2);
        }
        return false;
    }
    warden_component_val_delete(out);
    out->kind = t->kind;
    out->of.resource = res;
    return true;
}

bool wm_lower_resource(wm_abi *abi, const warden_component_type_t *t,
                       const warden_component_val_t *val, uint32_t *index, warden_trap_t **trap)
{
    if (val->kind != t->kind) return wm_trap(trap, WM_MSG_MISMATCH);
    if (!abi->lower_handle) return wm_trap(trap, WM_MSG_NO_HANDLES);
    warden_trap_t *t2 = NULL;
    if (!abi->lower_handle(abi->handle_env, t->resource, t->kind == WARDEN_COMPONENT_OWN,
                           val->of.resource, index, &t2)) {
        if (!t2) t2 = warden_trap_new("invalid resource handle");
        if (trap) {
            *trap = t2;
        } else {
            warden_trap_delete(t2);
        }
        return false;
    }
    return true;
}
