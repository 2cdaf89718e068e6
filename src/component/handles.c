/* Resource handles: each component instance's handle table, the resource built-ins
 * (resource.new, .drop, .rep), and handles crossing the boundary (CanonicalABI.md, "Handles"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instance.h"

/* The largest handle index (the reference's Table.MAX_LENGTH). */
#define WM_MAX_HANDLES ((1u << 28) - 1)

bool wm_handle_add(wm_instance *inst, wm_rtype *rt, uint32_t rep, bool own, uint32_t *index,
                   warden_trap_t **trap)
{
    uint32_t i = inst->free_head;
    if (i == 0) {
        if (inst->nhandles == 0) inst->nhandles = 1; /* index 0 is never used */
        if (inst->nhandles >= WM_MAX_HANDLES) {
            *trap = warden_trap_new("handle table is full");
            return false;
        }
        if (inst->nhandles >= inst->cap_handles) {
            uint32_t cap = inst->cap_handles ? inst->cap_handles * 2 : 16;
            wm_handle *p = realloc(inst->handles, (size_t)cap * sizeof *p);
            if (!p) {
                *trap = warden_trap_new("out of host memory");
                return false;
            }
            inst->handles = p;
            inst->cap_handles = cap;
        }
        i = inst->nhandles++;
    } else {
        inst->free_head = inst->handles[i].next_free;
    }
    inst->handles[i] = (wm_handle){.rtype = rt, .rep = rep, .own = own};
    *index = i;
    return true;
}

wm_handle *wm_handle_get(wm_instance *inst, uint32_t index, warden_trap_t **trap)
{
    if (index == 0 || index >= inst->nhandles || !inst->handles[index].rtype) {
        char msg[64];
        snprintf(msg, sizeof msg, "unknown handle index %u", index);
        *trap = warden_trap_new(msg);
        return NULL;
    }
    return &inst->handles[index];
}

void wm_handle_remove(wm_instance *inst, uint32_t index)
{
    inst->handles[index].rtype = NULL;
    inst->handles[index].next_free = inst->free_head;
    inst->free_head = index;
}

static bool wrong_type(uint32_t index, warden_trap_t **trap)
{
    char msg[200];
    snprintf(msg, sizeof msg,
             "handle index %u used with the wrong type, expected guest-defined resource but "
             "found a different guest-defined resource",
             index);
    *trap = warden_trap_new(msg);
    return false;
}

/* ---- built-ins ----------------------------------------------------------------------------- */

warden_trap_t *wm_resource_new_builtin(void *env, warden_caller_t *caller, const warden_val_t *args,
                                       size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)caller, (void)nargs, (void)nresults;
    wm_builtin *b = env;
    warden_trap_t *trap = NULL;
    uint32_t index;
    if (!wm_handle_add(b->inst, b->inst->rtypes[b->id], (uint32_t)args[0].of.i32, true, &index,
                       &trap))
        return trap;
    results[0].of.i32 = (int32_t)index;
    return NULL;
}

warden_trap_t *wm_resource_rep_builtin(void *env, warden_caller_t *caller, const warden_val_t *args,
                                       size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)caller, (void)nargs, (void)nresults;
    wm_builtin *b = env;
    warden_trap_t *trap = NULL;
    uint32_t index = (uint32_t)args[0].of.i32;
    wm_handle *h = wm_handle_get(b->inst, index, &trap);
    if (!h) return trap;
    if (h->rtype != b->inst->rtypes[b->id]) {
        wrong_type(index, &trap);
        return trap;
    }
    results[0].of.i32 = (int32_t)h->rep;
    return NULL;
}

/* Runs a resource's destructor on rep, if it has one. */
static bool destroy(warden_store_t *store, wm_rtype *rt, uint32_t rep, warden_trap_t **trap)
{
    if (!rt->dtor) return true;
    warden_val_t arg = {.kind = WARDEN_I32, .of.i32 = (int32_t)rep};
    warden_error_t *e = warden_func_call(store, rt->dtor, &arg, 1, NULL, 0, trap);
    if (e) {
        *trap = warden_trap_new(warden_error_message(e));
        warden_error_delete(e);
    }
    return *trap == NULL;
}

warden_trap_t *wm_resource_drop_builtin(void *env, warden_caller_t *caller,
                                        const warden_val_t *args, size_t nargs,
                                        warden_val_t *results, size_t nresults)
{
    (void)caller, (void)nargs, (void)results, (void)nresults;
    wm_builtin *b = env;
    warden_trap_t *trap = NULL;
    uint32_t index = (uint32_t)args[0].of.i32;
    wm_handle *h = wm_handle_get(b->inst, index, &trap);
    if (!h) return trap;
    wm_rtype *want = b->inst->rtypes[b->id];
    if (want && h->rtype != want) {
        wrong_type(index, &trap);
        return trap;
    }
    if (h->own && h->lends) return warden_trap_new("cannot remove owned resource while borrowed");
    wm_handle copy = *h;
    wm_handle_remove(b->inst, index);
    if (copy.own)
        destroy(b->store, copy.rtype, copy.rep, &trap);
    else if (b->inst->num_borrows)
        b->inst->num_borrows--;
    return trap;
}

/* ---- handles crossing the boundary --------------------------------------------------------- */

static bool lift_handle(void *env, uint32_t id, bool own, uint32_t index,
                        warden_component_resource_t **out, warden_trap_t **trap)
{
    wm_instance *inst = env;
    wm_handle *h = wm_handle_get(inst, index, trap);
    if (!h) return false;
    wm_rtype *want = inst->rtypes[id];
    if (want && h->rtype != want) return wrong_type(index, trap);
    if (own && !h->own) {
        *trap = warden_trap_new("expected own handle, found borrow");
        return false;
    }
    if (own && h->lends) {
        *trap = warden_trap_new("cannot remove owned resource while borrowed");
        return false;
    }
    if (!own && h->own) {
        /* The own handle is lent for the call: it cannot be dropped until the call returns. */
        if (inst->nlent == inst->cap_lent) {
            uint32_t cap = inst->cap_lent ? inst->cap_lent * 2 : 8;
            uint32_t *p = realloc(inst->lent, (size_t)cap * sizeof *p);
            if (!p) {
                *trap = warden_trap_new("out of host memory");
                return false;
            }
            inst->lent = p;
            inst->cap_lent = cap;
        }
        inst->lent[inst->nlent++] = index;
        h->lends++;
    }
    /* A borrow lives for the call it is lent to: its object is reused afterwards. */
    warden_component_instance_t *top = inst->top;
    warden_component_resource_t *r = NULL;
    if (!own && top->free_borrows) {
        r = top->free_borrows;
        top->free_borrows = r->next;
    } else {
        r = wm_arena_alloc(&top->arena, sizeof(warden_component_resource_t));
    }
    if (!r) {
        *trap = warden_trap_new("out of host memory");
        return false;
    }
    *r = (warden_component_resource_t){0};
    if (!own) {
        r->next = top->live_borrows;
        top->live_borrows = r;
    }
    r->rtype = h->rtype;
    r->rep = h->rep;
    r->owned = own;
    if (own) wm_handle_remove(inst, index);
    *out = r;
    return true;
}

static bool lower_handle(void *env, uint32_t id, bool own, warden_component_resource_t *res,
                         uint32_t *index, warden_trap_t **trap)
{
    wm_instance *inst = env;
    if (!res || res->gone) {
        *trap = warden_trap_new("resource handle was already passed on or dropped");
        return false;
    }
    /* The handle must be of the resource type the parameter names, as this instance sees it
     * (every instance of a component has resource types of its own). */
    wm_rtype *want = inst->rtypes[id];
    if (want && res->rtype != want) {
        *trap = warden_trap_new("resource handle used with the wrong type");
        return false;
    }
    if (!own) {
        /* The handle is lent for the call: it cannot be dropped until the call returns. */
        if (inst->nlent_res == inst->cap_lent_res) {
            uint32_t cap = inst->cap_lent_res ? inst->cap_lent_res * 2 : 8;
            warden_component_resource_t **p = realloc(inst->lent_res, (size_t)cap * sizeof *p);
            if (!p) {
                *trap = warden_trap_new("out of host memory");
                return false;
            }
            inst->lent_res = p;
            inst->cap_lent_res = cap;
        }
        inst->lent_res[inst->nlent_res++] = res;
        res->lends++;
    }
    if (!own && res->rtype->owner == inst) {
        /* A borrow of the instance's own resource is passed as its representation. */
        *index = res->rep;
        return true;
    }
    if (!wm_handle_add(inst, res->rtype, res->rep, own, index, trap)) return false;
    if (own)
        res->gone = true;
    else
        inst->num_borrows++;
    return true;
}

void wm_handles_release(wm_instance *inst, uint32_t mark)
{
    while (inst->nlent > mark) {
        uint32_t index = inst->lent[--inst->nlent];
        if (index < inst->nhandles && inst->handles[index].rtype && inst->handles[index].lends)
            inst->handles[index].lends--;
    }
}

void wm_resources_release(wm_instance *inst, uint32_t mark)
{
    while (inst->nlent_res > mark) {
        warden_component_resource_t *r = inst->lent_res[--inst->nlent_res];
        if (r->lends) r->lends--;
    }
}

void wm_borrows_release(warden_component_instance_t *top, warden_component_resource_t *mark)
{
    while (top->live_borrows && top->live_borrows != mark) {
        warden_component_resource_t *r = top->live_borrows;
        top->live_borrows = r->next;
        /* A host that kept the pointer finds a borrow that is over, not freed memory. */
        *r = (warden_component_resource_t){.gone = true, .next = top->free_borrows};
        top->free_borrows = r;
    }
}

void wm_abi_handles(wm_abi *abi, wm_instance *inst)
{
    abi->lift_handle = lift_handle;
    abi->lower_handle = lower_handle;
    abi->handle_env = inst;
}

/* ---- the public resource API --------------------------------------------------------------- */

bool warden_component_resource_owned(const warden_component_resource_t *resource)
{
    return resource && resource->owned && !resource->gone;
}

warden_error_t *warden_component_resource_drop(warden_store_t *store,
                                               warden_component_resource_t *resource,
                                               warden_trap_t **trap)
{
    if (!store || !resource || !trap)
        return warden_error_new(WARDEN_ERROR_ARGUMENT,
                                "warden_component_resource_drop: NULL argument");
    *trap = NULL;
    if (!resource->owned || resource->gone)
        return warden_error_new(WARDEN_ERROR_ARGUMENT,
                                "warden_component_resource_drop: the handle is borrowed, or "
                                "already dropped or passed on");
    if (resource->lends)
        return warden_error_new(WARDEN_ERROR_ARGUMENT,
                                "warden_component_resource_drop: the handle is lent to a call in "
                                "progress");
    wm_instance *owner = resource->rtype->owner;
    if (owner && resource->rtype->dtor) {
        /* The destructor runs in its instance, which must be able to take a call. */
        if (owner->poisoned) {
            *trap = warden_trap_new("cannot enter component instance: it trapped before");
            return NULL;
        }
        if (!owner->may_enter) {
            *trap = warden_trap_new("cannot enter component instance");
            return NULL;
        }
    }
    resource->gone = true;
    if (owner) owner->may_enter = false;
    bool ok = destroy(store, resource->rtype, resource->rep, trap);
    if (owner) {
        owner->may_enter = true;
        if (!ok) owner->poisoned = true;
    }
    return NULL;
}
