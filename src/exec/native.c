/* Running compiled code: the way in from the interpreter, and the helpers compiled code calls for
 * what it does not do inline (exec/native.h). */
#include <stdatomic.h>

#include "exec/bulk.h"
#include "exec/exec.h"
#include "exec/native.h"
#include "exec/trap.h"

/* Calls into generated code go through plain function pointers: clang's -fsanitize=function
 * would read a type signature in front of the callee, which generated code does not have. */
#if defined(__clang__)
#define WX_CALLS_GENERATED_CODE __attribute__((no_sanitize("function")))
#else
#define WX_CALLS_GENERATED_CODE
#endif

/* The jump buffer is set in a function of its own, so that no local of the function that reads
 * the context after a trap is changed between setjmp and longjmp. */
static WX_CALLS_GENERATED_CODE __attribute__((noinline)) int
run_native(wx_ncx *cx, warden_func_t *func, uint64_t *fp)
{
    if (setjmp(cx->jb)) return 1;
    ((wx_native_fn)func->code->native)(cx, func->inst, fp);
    return 0;
}

warden_trap_kind_t wx_native_enter(warden_store_t *S, warden_func_t *func, uint64_t *fp,
                                   warden_trap_t **trap, warden_func_t **at)
{
    wo_set_c_stack_limit(S, (uintptr_t)__builtin_frame_address(0));
    wx_ncx cx = {.S = S, .fuel = S->fuel};
    int trapped = run_native(&cx, func, fp);
    S->fuel = cx.fuel;
    if (!trapped) return 0;
    *trap = cx.trap;
    *at = cx.trap_func;
    return cx.kind;
}

static _Noreturn void leave(wx_ncx *cx, warden_func_t *at, warden_trap_kind_t kind,
                            warden_trap_t *trap)
{
    cx->kind = kind;
    cx->trap_func = at;
    cx->trap = trap;
    longjmp(cx->jb, 1);
}

static warden_func_t *self_func(warden_instance_t *inst, uint32_t self)
{
    return inst->funcs[self];
}

_Noreturn void wx_native_trap(wx_ncx *cx, warden_instance_t *inst, uint32_t self, uint32_t kind)
{
    leave(cx, self_func(inst, self), (warden_trap_kind_t)kind, NULL);
}

void wx_native_check(wx_ncx *cx, warden_instance_t *inst, uint32_t self)
{
    int64_t fuel = wx_refuel(cx->S, cx->fuel);
    cx->fuel = fuel;
    /* Compiled code cannot pause: a slice that is over lets it go on (wx_check_slow leaves the
     * request raised for a check site of the interpreter). */
    warden_trap_kind_t k = wx_check_slow(cx->S, fuel);
    if (k) leave(cx, self_func(inst, self), k, NULL);
}

void wx_native_fuel(wx_ncx *cx, warden_instance_t *inst, uint32_t self)
{
    cx->fuel = wx_refuel(cx->S, cx->fuel);
    if (cx->fuel < 0) leave(cx, self_func(inst, self), WARDEN_TRAP_OUT_OF_FUEL, NULL);
}

WX_CALLS_GENERATED_CODE void wx_native_call(wx_ncx *cx, warden_instance_t *inst, uint32_t self,
                                            warden_func_t *callee, uint64_t *newfp)
{
    warden_store_t *S = cx->S;
    warden_func_t *caller = self_func(inst, self);
    warden_trap_t *t = NULL;
    if (!callee->code) {
        /* A host function. Its check only stops: a slice ends at the guest's next check site. */
        if (cx->fuel < 0 || atomic_load_explicit(&S->poll, memory_order_relaxed)) {
            cx->fuel = wx_refuel(S, cx->fuel);
            warden_trap_kind_t k = wx_check_slow(S, cx->fuel);
            if (k) leave(cx, caller, k, NULL);
        }
        S->fuel = cx->fuel;
        if (callee->async_host)
            wx_call_async(S, inst, callee, newfp, NULL, &t);
        else
            t = wx_call_host(S, inst, callee, newfp);
        cx->fuel = S->fuel;
        if (t) leave(cx, caller, WARDEN_TRAP_HOST, t);
        return;
    }
    const wc_func *c = callee->code;
    if (S->nframes >= S->max_frames || newfp + c->frame_slots > S->stack + S->stack_slots)
        leave(cx, caller, WARDEN_TRAP_STACK_EXHAUSTED, NULL);
    wo_frame *fr = &S->frames[S->nframes++];
    fr->ret_pc = NULL;
    fr->ret_fp = NULL;
    fr->func = caller;
    if (c->native) {
        ((wx_native_fn)c->native)(cx, callee->inst, newfp);
        S->nframes--;
        return;
    }
    /* An interpreted function: a run of its own, which cannot pause (like a run nested in a host
     * function). Its trap holds its frames; the frames of compiled code are added as it leaves. */
    S->fuel = cx->fuel;
    S->host_depth++;
    t = wx_run(S, callee, newfp);
    S->host_depth--;
    cx->fuel = S->fuel;
    if (t) leave(cx, NULL, WARDEN_TRAP_HOST, t);
    S->nframes--;
}

uint64_t wx_native_memory_grow(wx_ncx *cx, warden_instance_t *inst, uint32_t self, uint32_t delta)
{
    int64_t old = wo_memory_grow(inst->mems[0], delta);
    if (old == WO_GROW_TRAP) leave(cx, self_func(inst, self), WARDEN_TRAP_RESOURCE_LIMIT, NULL);
    return (uint32_t)(int32_t)old;
}

static void bulk_done(wx_ncx *cx, warden_instance_t *inst, uint32_t self, wx_bulk b)
{
    cx->fuel = b.fuel;
    if (b.trap) leave(cx, self_func(inst, self), b.trap, NULL);
}

static uint8_t *mem_base(warden_instance_t *inst)
{
    return inst->mems[0]->base;
}

static uint64_t mem_size(warden_instance_t *inst)
{
    return inst->mems[0]->size;
}

void wx_native_memory_fill(wx_ncx *cx, warden_instance_t *inst, uint32_t self, uint32_t d,
                           uint32_t val, uint32_t n)
{
    bulk_done(cx, inst, self,
              wx_memory_fill(cx->S, cx->fuel, mem_base(inst), mem_size(inst), d, (uint8_t)val, n));
}

void wx_native_memory_copy(wx_ncx *cx, warden_instance_t *inst, uint32_t self, uint32_t d,
                           uint32_t s, uint32_t n)
{
    bulk_done(cx, inst, self,
              wx_memory_copy(cx->S, cx->fuel, mem_base(inst), mem_size(inst), d, s, n));
}

void wx_native_memory_init(wx_ncx *cx, warden_instance_t *inst, uint32_t self, uint32_t d,
                           uint32_t s, uint32_t n, uint32_t data)
{
    bulk_done(cx, inst, self,
              wx_memory_init(cx->S, cx->fuel, inst, mem_base(inst), mem_size(inst), d, s, n, data));
}

uint64_t wx_native_table_grow(wx_ncx *cx, warden_instance_t *inst, uint32_t self, uint32_t table,
                              uint64_t init, uint32_t n)
{
    int64_t old = -1;
    bulk_done(cx, inst, self,
              wx_table_grow_op(cx->S, cx->fuel, inst->tables[table], n, init, &old));
    return (uint32_t)(int32_t)old;
}

void wx_native_table_fill(wx_ncx *cx, warden_instance_t *inst, uint32_t self, uint32_t table,
                          uint32_t i, uint64_t val, uint32_t n)
{
    bulk_done(cx, inst, self, wx_table_fill_op(cx->S, cx->fuel, inst->tables[table], i, val, n));
}

void wx_native_table_copy(wx_ncx *cx, warden_instance_t *inst, uint32_t self, uint32_t dst_table,
                          uint32_t src_table, uint32_t d, uint32_t s, uint32_t n)
{
    bulk_done(cx, inst, self,
              wx_table_copy_op(cx->S, cx->fuel, inst->tables[dst_table], inst->tables[src_table], d,
                               s, n));
}

void wx_native_table_init(wx_ncx *cx, warden_instance_t *inst, uint32_t self, uint32_t table,
                          uint32_t elem, uint32_t d, uint32_t s, uint32_t n)
{
    bulk_done(cx, inst, self,
              wx_table_init_op(cx->S, cx->fuel, inst, inst->tables[table], elem, d, s, n));
}
