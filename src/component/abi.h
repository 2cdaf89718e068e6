/* The canonical ABI (spec/component-model/CanonicalABI.md) for synchronous calls: moving
 * dynamic values into and out of a core instance's linear memory and flat core values.
 *
 * Every check of the reference that traps traps here too, with the same reason: the messages are
 * the ones the official test suite expects ("unaligned pointer", "invalid utf-8", ...).
 * Values handed in are checked against their type first (wm_val_check); lowering then trusts
 * them. */
#ifndef WARDEN_COMPONENT_ABI_H
#define WARDEN_COMPONENT_ABI_H

#include "types.h"

typedef enum wm_encoding {
    WM_UTF8 = 0,
    WM_UTF16,
    WM_LATIN1_UTF16,
} wm_encoding;

/* What lifting and lowering need from the call they serve: the canonical options (memory,
 * realloc, string encoding) and the instance's resource handles. */
typedef struct wm_abi {
    warden_store_t *store;
    warden_memory_t *memory; /* NULL when the options name none */
    warden_func_t *realloc;  /* NULL when the options name none */
    wm_encoding encoding;
    /* Resource handles: turn a guest handle index of resource `id` into a host handle and back.
     * `own` says whether ownership moves (own) or the handle is lent (borrow). Return false and
     * set *trap to refuse (an unknown index, the wrong type...). May be NULL when the types
     * involved hold no resource. */
    bool (*lift_handle)(void *env, uint32_t id, bool own, uint32_t index,
                        warden_component_resource_t **out, warden_trap_t **trap);
    bool (*lower_handle)(void *env, uint32_t id, bool own, warden_component_resource_t *res,
                         uint32_t *index, warden_trap_t **trap);
    void *handle_env;
    /* True when this side of the call faces another component rather than the host (the call
     * is between two components, where Wasmtime runs a fused adapter): some traps then carry
     * the adapter's messages ("list content out-of-bounds", "unaligned pointer" for a realloc
     * result) instead of the host's ("realloc return: beyond end of memory", ...), as the
     * official test suite expects. */
    bool fused;
    /* Host memory lifting may take for this side of one call (the strings, elements, fields and
     * names of the values it makes): at most lift_limit bytes, 0 for no limit; `lifted` counts.
     * A list of a million pointers to one string, or records whose labels are long, take far
     * more host memory than the guest's: past the limit, lifting traps. */
    uint64_t lift_limit, lifted;
} wm_abi;

/* The lift limit of a call whose store has no memory limit. */
#define WM_DEFAULT_LIFT_LIMIT (UINT64_C(1) << 32)

/* Checks that `val` is a value of `type`: kinds, counts, names (in the type's order), chars,
 * UTF-8. Returns NULL when it is, else a static message saying what is wrong. */
const char *wm_val_check(const warden_component_type_t *type, const warden_component_val_t *val);

/* Lifting: from core values or memory into a new value (*out, owned by the caller). On a trap
 * they return false, set *trap and leave *out a BOOL false. wm_lift_flat reads from flat[*pos]
 * on and advances *pos; wm_load traps on a ptr that is misaligned for the type or whose value
 * does not fit in memory. Types of more than WM_MAX_FLAT_PARAMS core values are never lifted
 * flat (a trap). */
bool wm_lift_flat(wm_abi *abi, const warden_component_type_t *type, const warden_val_t *flat,
                  size_t nflat, size_t *pos, warden_component_val_t *out, warden_trap_t **trap);
bool wm_load(wm_abi *abi, const warden_component_type_t *type, uint32_t ptr,
             warden_component_val_t *out, warden_trap_t **trap);

/* Lowering: from a checked value into core values (flat has room for type->flat_count, written
 * from flat[*pos] on) or into memory at ptr (checked as wm_load checks it). Strings and lists get
 * memory from the realloc function. A value that does not match its type after all ends in a
 * trap, never worse. */
bool wm_lower_flat(wm_abi *abi, const warden_component_type_t *type,
                   const warden_component_val_t *val, warden_val_t *flat, size_t *pos,
                   warden_trap_t **trap);
bool wm_store(wm_abi *abi, const warden_component_type_t *type, const warden_component_val_t *val,
              uint32_t ptr, warden_trap_t **trap);

/* A call's whole boundary, as canon lift and canon lower see it.
 *
 * Into a lifted function (the host or another component calls the guest):
 *   wm_lower_args: the parameters into core arguments (flat, or spilled to memory got from realloc
 *   past WM_MAX_FLAT_PARAMS); core has room for ft->flat_params values.
 *   wm_lift_result: the core results (flat, or through the returned pointer) into *out.
 * Out of a lowered function (the guest calls an import):
 *   wm_lift_args: the core arguments into nparams values (out has room for them).
 *   wm_lower_result: *val into core results, or into memory at the return pointer the guest
 *   passed as its last argument (retptr). */
bool wm_lower_args(wm_abi *abi, const warden_component_functype_t *ft,
                   const warden_component_val_t *args, warden_val_t *core, warden_trap_t **trap);
bool wm_lift_result(wm_abi *abi, const warden_component_functype_t *ft, const warden_val_t *core,
                    size_t ncore, warden_component_val_t *out, warden_trap_t **trap);
bool wm_lift_args(wm_abi *abi, const warden_component_functype_t *ft, const warden_val_t *core,
                  size_t ncore, warden_component_val_t *out, warden_trap_t **trap);
bool wm_lower_result(wm_abi *abi, const warden_component_functype_t *ft,
                     const warden_component_val_t *val, uint32_t retptr, warden_val_t *core,
                     warden_trap_t **trap);

/* NaNs: the deterministic profile. Every NaN becomes the canonical one (0x7fc00000,
 * 0x7ff8000000000000) when lifted and when lowered, so results never depend on NaN payloads. */

#endif
