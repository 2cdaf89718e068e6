/* Instances: looking up exports. */
#include <string.h>

#include "runtime/linker.h"
#include "runtime/objects.h"

void wr_instance_export_at(const warden_instance_t *inst, uint32_t i, warden_extern_t *out)
{
    const wd_export *ex = &inst->m->exports[i];
    out->kind = (warden_externkind_t)ex->kind;
    switch (ex->kind) {
    case WD_EXTERN_FUNC: out->of.func = inst->funcs[ex->index]; break;
    case WD_EXTERN_TABLE: out->of.table = inst->tables[ex->index]; break;
    case WD_EXTERN_MEMORY: out->of.memory = inst->mems[ex->index]; break;
    default: out->of.global = inst->globals[ex->index]; break;
    }
}

bool warden_instance_export(const warden_instance_t *inst, const char *name, size_t name_len,
                            warden_extern_t *out)
{
    if (!inst || !out || (name_len && !name)) return false;
    const wd_export *ex = wd_module_export(inst->m, name, name_len);
    if (!ex) return false;
    wr_instance_export_at(inst, (uint32_t)(ex - inst->m->exports), out);
    return true;
}

warden_func_t *warden_instance_export_func(const warden_instance_t *inst, const char *name)
{
    warden_extern_t ext;
    if (!name || !warden_instance_export(inst, name, strlen(name), &ext)) return NULL;
    return ext.kind == WARDEN_EXTERN_FUNC ? ext.of.func : NULL;
}

bool warden_instance_poisoned(const warden_instance_t *inst)
{
    return inst && inst->poisoned;
}
