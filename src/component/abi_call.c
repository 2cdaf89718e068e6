/* A call's boundary: the reference's `lower_flat_values` and `lift_flat_values` for parameters
 * (at most MAX_FLAT_PARAMS core values, else a pointer to a tuple of them in memory) and results
 * (at most MAX_FLAT_RESULTS, else through a pointer: returned by a lifted function, passed in by
 * the caller of a lowered one). */
#include "abi_util.h"

static const warden_component_val_t no_value = {.kind = WARDEN_COMPONENT_BOOL};

/* The parameters as one tuple: its alignment and size, and each one's offset. */
static void params_layout(const warden_component_functype_t *ft, uint32_t *align, uint64_t *size)
{
    uint64_t off = 0;
    uint32_t a = 1;
    for (uint32_t i = 0; i < ft->nparams; i++) {
        const warden_component_type_t *t = ft->params[i].type;
        off = wm_align_to(off, t->align) + t->size;
        if (t->align > a) a = t->align;
    }
    *align = a;
    *size = wm_align_to(off, a);
}

static uint32_t param_offset(const warden_component_functype_t *ft, uint32_t i, uint64_t *off)
{
    const warden_component_type_t *t = ft->params[i].type;
    uint64_t at = wm_align_to(*off, t->align);
    *off = at + t->size;
    return (uint32_t)at;
}

/* The checks of a pointer the guest gave (the reference's trap_ifs in lift_flat_values and in
 * lower_flat_values with an out-param). */
static bool check_ptr(const wm_abi *abi, uint32_t ptr, uint32_t align, uint64_t size,
                      warden_trap_t **trap)
{
    if (ptr % align != 0) return wm_trap(trap, WM_MSG_UNALIGNED);
    uint8_t *at = NULL;
    return wm_mem_at(abi, ptr, size, &at, trap);
}

static bool core_ptr(const warden_val_t *core, size_t ncore, size_t i, uint32_t *ptr,
                     warden_trap_t **trap)
{
    if (i >= ncore || core[i].kind != WARDEN_I32) return wm_trap(trap, WM_MSG_CORE_VALUES);
    *ptr = (uint32_t)core[i].of.i32;
    return true;
}

bool wm_lower_args(wm_abi *abi, const warden_component_functype_t *ft,
                   const warden_component_val_t *args, warden_val_t *core, warden_trap_t **trap)
{
    if (!ft->params_in_memory) {
        size_t pos = 0;
        for (uint32_t i = 0; i < ft->nparams; i++)
            if (!wm_lower_flat(abi, ft->params[i].type, &args[i], core, &pos, trap)) return false;
        return true;
    }
    uint32_t align = 0, ptr = 0;
    uint64_t size = 0;
    params_layout(ft, &align, &size);
    if (!wm_realloc(abi, 0, 0, align, (uint32_t)size, &ptr, trap)) return false;
    if (!wm_check_alloc(abi, ptr, align, true, size, WM_ALLOC_SPILL, trap)) return false;
    uint64_t off = 0;
    for (uint32_t i = 0; i < ft->nparams; i++) {
        uint32_t at = param_offset(ft, i, &off);
        if (!wm_store_at(abi, ft->params[i].type, &args[i], ptr + at, trap)) return false;
    }
    core[0] = (warden_val_t){.kind = WARDEN_I32, .of.i32 = (int32_t)ptr};
    return true;
}

bool wm_lift_result(wm_abi *abi, const warden_component_functype_t *ft, const warden_val_t *core,
                    size_t ncore, warden_component_val_t *out, warden_trap_t **trap)
{
    *out = no_value;
    const warden_component_type_t *t = ft->result;
    if (!t) return true;
    if (!ft->result_in_memory) {
        size_t pos = 0;
        return wm_lift_flat(abi, t, core, ncore, &pos, out, trap);
    }
    uint32_t ptr = 0;
    if (!core_ptr(core, ncore, 0, &ptr, trap) || !check_ptr(abi, ptr, t->align, t->size, trap))
        return false;
    if (wm_load_at(abi, t, ptr, out, trap)) return true;
    warden_component_val_delete(out);
    return false;
}

bool wm_lift_args(wm_abi *abi, const warden_component_functype_t *ft, const warden_val_t *core,
                  size_t ncore, warden_component_val_t *out, warden_trap_t **trap)
{
    for (uint32_t i = 0; i < ft->nparams; i++) out[i] = no_value;
    bool ok = true;
    if (!ft->params_in_memory) {
        size_t pos = 0;
        for (uint32_t i = 0; ok && i < ft->nparams; i++)
            ok = wm_lift_flat(abi, ft->params[i].type, core, ncore, &pos, &out[i], trap);
    } else {
        uint32_t ptr = 0, align = 0;
        uint64_t size, off = 0;
        params_layout(ft, &align, &size);
        ok = core_ptr(core, ncore, 0, &ptr, trap) && check_ptr(abi, ptr, align, size, trap);
        for (uint32_t i = 0; ok && i < ft->nparams; i++) {
            uint32_t at = param_offset(ft, i, &off);
            ok = wm_load_at(abi, ft->params[i].type, ptr + at, &out[i], trap);
        }
    }
    if (!ok)
        for (uint32_t i = 0; i < ft->nparams; i++) warden_component_val_delete(&out[i]);
    return ok;
}

bool wm_lower_result(wm_abi *abi, const warden_component_functype_t *ft,
                     const warden_component_val_t *val, uint32_t retptr, warden_val_t *core,
                     warden_trap_t **trap)
{
    const warden_component_type_t *t = ft->result;
    if (!t) return true;
    if (!ft->result_in_memory) {
        size_t pos = 0;
        return wm_lower_flat(abi, t, val, core, &pos, trap);
    }
    if (!check_ptr(abi, retptr, t->align, t->size, trap)) return false;
    return wm_store_at(abi, t, val, retptr, trap);
}
