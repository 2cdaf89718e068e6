/* Running compiled code: the way in from the interpreter, and the helpers compiled code calls for
 * what it does not do inline (exec/native.h). */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "exec/bulk.h"
#include "exec/exec.h"
#include "exec/fiber.h"
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
run_native(wx_ncx *cx, warden_func_t *func, uint64_t *fp, uint32_t loop)
{
    if (setjmp(cx->jb)) return 1;
    if (loop)
        ((wx_native_loop_fn)atomic_load_explicit(&func->code->loop_entry, memory_order_acquire))(
            cx, func->inst, fp, loop);
    else
        ((wx_native_fn)atomic_load_explicit(&func->code->native, memory_order_acquire))(
            cx, func->inst, fp);
    return 0;
}

/* The store's fiber and the compiled call running on it: it lives while the call is paused, on
 * whichever thread resumes it. */
typedef struct wx_native_run {
    wx_fiber *fiber;
    warden_func_t *func; /* the compiled function called */
    uint64_t *fp;
    uint32_t loop; /* where it is entered (exec/native.h) */
    wx_ncx cx;
    int trapped;
    bool busy; /* a call runs on the fiber, or is paused there */
    /* How it paused: the outcome, the function that paused, and for PENDING the async host
     * function called and its slots. */
    wx_outcome outcome;
    warden_func_t *at, *host;
    uint64_t *host_slots;
    /* The thread's stack bounds while the fiber runs (the store's are the fiber's then). */
    uintptr_t thread_limit, thread_lo, thread_hi;
} wx_native_run;

/* Below this much room on the fiber, a call traps with stack-exhausted. */
#define WX_FIBER_RESERVE ((size_t)256 << 10)
/* The fiber's stack: room for the deepest call the store allows. */
#define WX_FIBER_BYTES_PER_FRAME 256u
#define WX_FIBER_MAX_BYTES ((size_t)1 << 30)

static void fiber_body(void *arg)
{
    wx_native_run *nr = arg;
    nr->trapped = run_native(&nr->cx, nr->func, nr->fp, nr->loop);
}

static wx_native_run *native_run(warden_store_t *S)
{
    if (S->native_run) return S->native_run;
    wx_native_run *nr = calloc(1, sizeof *nr);
    if (!nr) return NULL;
    uint64_t frames = S->limits.max_call_depth;
    size_t bytes = WX_FIBER_RESERVE * 4;
    if (frames < (WX_FIBER_MAX_BYTES - bytes) / WX_FIBER_BYTES_PER_FRAME)
        bytes += (size_t)frames * WX_FIBER_BYTES_PER_FRAME;
    else
        bytes = WX_FIBER_MAX_BYTES;
    nr->fiber = wx_fiber_new(bytes);
    if (!nr->fiber) {
        free(nr);
        return NULL;
    }
    S->native_run = nr;
    return nr;
}

void wx_native_free(warden_store_t *S)
{
    wx_native_run *nr = S->native_run;
    if (!nr) return;
    wx_fiber_free(nr->fiber);
    free(nr);
    S->native_run = NULL;
}

/* The store's C stack bounds become the fiber's while it runs, and the thread's again after. */
static void onto_fiber(warden_store_t *S, wx_native_run *nr)
{
    nr->thread_limit = S->c_stack_limit;
    nr->thread_lo = S->c_stack_lo;
    nr->thread_hi = S->c_stack_hi;
    uintptr_t lo, hi;
    wx_fiber_bounds(nr->fiber, &lo, &hi);
    S->c_stack_lo = lo;
    S->c_stack_hi = hi;
    S->c_stack_limit = lo + WX_FIBER_RESERVE;
    wo_reset_entry_limit(S);
}

/* Whether this code runs on the fiber. */
static bool on_fiber(wx_native_run *nr)
{
    uintptr_t lo, hi, here = (uintptr_t)__builtin_frame_address(0);
    wx_fiber_bounds(nr->fiber, &lo, &hi);
    return here >= lo && here < hi;
}

static int off_fiber(warden_store_t *S, wx_native_run *nr, bool done, warden_trap_t **trap,
                     warden_func_t **at)
{
    S->c_stack_limit = nr->thread_limit;
    S->c_stack_lo = nr->thread_lo;
    S->c_stack_hi = nr->thread_hi;
    wo_reset_entry_limit(S);
    if (!done) return WX_NATIVE_PAUSED;
    nr->busy = false;
    S->fuel = nr->cx.fuel;
    if (!nr->trapped) return 0;
    *trap = nr->cx.trap;
    *at = nr->cx.trap_func;
    return (int)nr->cx.kind;
}

int wx_native_enter(warden_store_t *S, warden_func_t *func, uint64_t *fp, uint32_t loop,
                    warden_trap_t **trap, warden_func_t **at)
{
    wx_native_run *pausing = NULL;
    if (S->host_depth == 1 && S->regs) {
        /* The outermost run, which may pause: on the fiber. */
        wx_native_run *nr = native_run(S);
        if (nr && nr->busy && on_fiber(nr)) {
            /* Called by an interpreted function that compiled code called (run_on_fiber): on
             * the fiber already, where it may pause it too. */
            pausing = nr;
        } else if (nr && !nr->busy) {
            nr->busy = true;
            nr->func = func;
            nr->fp = fp;
            nr->loop = loop;
            nr->trapped = 0;
            memset(&nr->cx, 0, sizeof nr->cx);
            nr->cx.S = S;
            nr->cx.fuel = S->fuel;
            nr->cx.run = nr;
            onto_fiber(S, nr);
            return off_fiber(S, nr, wx_fiber_start(nr->fiber, fiber_body, nr), trap, at);
        }
        /* Otherwise no fiber (out of memory): compiled code runs here and cannot pause. */
    }
    wo_set_c_stack_limit(S, (uintptr_t)__builtin_frame_address(0));
    wx_ncx cx = {.S = S, .fuel = S->fuel, .run = pausing};
    int trapped = run_native(&cx, func, fp, loop);
    S->fuel = cx.fuel;
    if (!trapped) return 0;
    *trap = cx.trap;
    *at = cx.trap_func;
    return (int)cx.kind;
}

int wx_native_resume(warden_store_t *S, warden_trap_t **trap, warden_func_t **at)
{
    wx_native_run *nr = S->native_run;
    onto_fiber(S, nr);
    return off_fiber(S, nr, wx_fiber_resume(nr->fiber), trap, at);
}

void wx_native_paused(warden_store_t *S, wx_regs *regs)
{
    wx_native_run *nr = S->native_run;
    regs->outcome = nr->outcome;
    regs->func = nr->at;
    regs->host = nr->host;
    regs->host_slots = nr->host_slots;
}

void wx_native_abandon(warden_store_t *S)
{
    wx_native_run *nr = S->native_run;
    if (!nr || !nr->busy) return;
    wx_fiber_abandon(nr->fiber);
    nr->busy = false;
}

/* On the fiber: pauses the call (run() returns `why`), and goes on when it is resumed. */
static void pause_call(wx_ncx *cx, wx_outcome why, warden_func_t *at)
{
    wx_native_run *nr = cx->run;
    nr->outcome = why;
    nr->at = at;
    cx->S->fuel = cx->fuel;
    wx_fiber_pause(nr->fiber);
    /* Resumed, maybe on another thread, maybe with fuel added meanwhile. */
    cx->fuel = cx->S->fuel;
}

/* On the fiber, in the outermost run of a call: an interpreted callee's run, which pauses where
 * the outermost run would (a check site at its slice's end, an async host function pending).
 * The interpreter pauses into the call's regs and returns; its place is copied here, since the
 * outermost run rewrites those regs when the fiber pauses, and the fiber pauses too. Resumed
 * (an async function's results in its slots by then), the run goes on from the copy. */
static warden_trap_t *run_on_fiber(wx_ncx *cx, warden_func_t *callee, uint64_t *newfp)
{
    warden_store_t *S = cx->S;
    wx_regs *call = S->regs;
    wx_regs r = {.entry = callee, .fp = newfp, .frame_base = wo_frames_used(S)};
    for (;;) {
        call->outcome = WX_DONE;
        warden_trap_t *t = wx_run_on_fiber(S, &r);
        wx_outcome why = call->outcome;
        if (t || why == WX_DONE) return t;
        r.entry = NULL;
        r.pc = call->pc;
        r.fp = call->fp;
        r.func = call->func;
        r.frame_base = call->frame_base;
        cx->run->host = call->host;
        cx->run->host_slots = call->host_slots;
        cx->fuel = S->fuel;
        pause_call(cx, why, call->func);
        S->fuel = cx->fuel;
    }
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
    if (!cx->run) {
        /* A run that cannot pause (nested in a host function, or without a fiber). */
        warden_trap_kind_t k = wx_check_slow(cx->S, fuel);
        if (k) leave(cx, self_func(inst, self), k, NULL);
        return;
    }
    int k = wx_check_site(cx->S, fuel);
    if (k == WX_CHECK_YIELD)
        pause_call(cx, WX_YIELDED, self_func(inst, self));
    else if (k)
        leave(cx, self_func(inst, self), (warden_trap_kind_t)k, NULL);
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
        warden_trap_kind_t k = wx_check_stop(S, &cx->fuel);
        if (k) leave(cx, caller, k, NULL);
        S->fuel = cx->fuel;
        if (callee->async_host) {
            /* Only the outermost run pauses, on its fiber. */
            wx_regs *pr = cx->run && S->host_depth == 1 ? S->regs : NULL;
            if (wx_call_async(S, inst, callee, newfp, pr, &t)) {
                cx->run->host = callee;
                cx->run->host_slots = newfp;
                cx->fuel = S->fuel;
                pause_call(cx, WX_PENDING, caller);
                /* Resumed once the completion's results are in the slots. */
                return;
            }
        } else {
            t = wx_call_host(S, inst, callee, newfp);
        }
        cx->fuel = S->fuel;
        if (t) leave(cx, caller, WARDEN_TRAP_HOST, t);
        return;
    }
    const wc_func *c = callee->code;
    void *native = atomic_load_explicit(&c->native, memory_order_acquire);
    if (!native && atomic_load_explicit(&callee->inst->module->jit, memory_order_acquire)) {
        /* A function of a module linked part by part whose part is not linked yet. */
        native = wx_compile_callee(callee, &t);
        if (!native) leave(cx, caller, WARDEN_TRAP_HOST, t);
    }
    /* An interpreted callee's frame is checked by its run. */
    if (S->frame_top == S->frames_end || (native && newfp + c->frame_slots > S->stack_end))
        leave(cx, caller, WARDEN_TRAP_STACK_EXHAUSTED, NULL);
    wo_frame *fr = S->frame_top++;
    fr->ret_pc = NULL;
    fr->ret_fp = NULL;
    fr->func = caller;
    if (native) {
        ((wx_native_fn)native)(cx, callee->inst, newfp);
        S->frame_top--;
        return;
    }
    /* An interpreted function (of a module not compiled yet, in the auto tier): a run of its
     * own. Its trap holds its frames; the frames of compiled code are added as it leaves. */
    S->fuel = cx->fuel;
    if (cx->run && S->host_depth == 1) {
        t = run_on_fiber(cx, callee, newfp);
    } else {
        /* Nested in a host function, or without a fiber: it cannot pause. */
        S->host_depth++;
        t = wx_run(S, callee, newfp);
        S->host_depth--;
        /* A slice that ended in the nested run pauses this one at its next check site. */
        if (S->slice_over && S->host_depth == 1) wo_raise_poll(S);
    }
    cx->fuel = S->fuel;
    if (t) leave(cx, NULL, WARDEN_TRAP_HOST, t);
    S->frame_top--;
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
