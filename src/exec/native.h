/* Running compiled code (the LLVM tier, src/llvm/): how it is entered and the helpers it calls.
 *
 * A compiled function is `void f(wx_ncx *cx, warden_instance_t *inst, uint64_t *fp)`. It keeps the
 * interpreter's calling convention: its arguments are in fp[0..] (in the store's stack, where
 * its frame of frame_slots slots is reserved too), its results go back there, a call pushes a
 * wo_frame naming the caller, and the call depth and stack checks are the interpreter's. So the
 * two tiers call each other freely, run out of stack at the same depth, and give the same
 * backtraces. Its locals and operand stack live in registers (an LLVM alloca of the frame).
 * (Within the code of one part, llvm/emit.c, calls pass arguments, results and fuel in registers
 * instead; this entry is what the runtime and other parts call.)
 *
 * Fuel lives in a local of each compiled function and in cx->fuel across calls: compiled code
 * stores it there before it calls anything else (a helper, a host function, another part's
 * function) and reloads it afterwards. A trap leaves compiled code through longjmp to
 * wx_native_enter, with the store's frame records of the compiled frames still in place for the
 * backtrace. */
#ifndef WARDEN_EXEC_NATIVE_H
#define WARDEN_EXEC_NATIVE_H

#include <setjmp.h>
#include <stdint.h>

#include "object/objects.h"

typedef struct wx_ncx {
    warden_store_t *S;
    int64_t fuel;
    /* Set when a trap leaves compiled code: its kind, the function it stood in (NULL when the
     * frame records say it all) and, for a trap made elsewhere (a host function, a nested
     * interpreter run), the trap itself. */
    warden_trap_kind_t kind;
    warden_func_t *trap_func;
    warden_trap_t *trap;
    struct wx_native_run *run; /* the fiber it runs on in a pausable run, or NULL */
    jmp_buf jb;
} wx_ncx;

typedef void (*wx_native_fn)(wx_ncx *cx, warden_instance_t *inst, uint64_t *fp);
/* On-stack replacement: a function the interpreter is running, whose compiled code came while it
 * ran a loop, goes on in compiled code at that loop's next iteration. In the auto tier, a
 * function with loops has a loop entry beside its code (wc_func.loop_entry). At a back-edge to
 * cell c of its lowered code, the interpreter calls it with `loop` = c + 1 and its own frame at
 * fp: it reads every slot of the frame from there and goes on at its block for cell c (every
 * back-edge target has one, and both tiers read the same lowered code). The call returns as the
 * function does, its results in fp[0..]. The entry is a function of its own, so that the code of
 * calls keeps loops that only it enters, which LLVM optimises better (a second way into every
 * loop cost the llvm tier up to 17 %). */
typedef void (*wx_native_loop_fn)(wx_ncx *cx, warden_instance_t *inst, uint64_t *fp, uint32_t loop);

/* What wx_native_enter and wx_native_resume return when the compiled code paused. */
#define WX_NATIVE_PAUSED 0x1000

/* Calls compiled `func` (func->code->native) with its frame at `fp` (loop 0: the caller has
 * pushed the frame record of a call), or its loop entry (func->code->loop_entry) at the loop
 * header of cell loop - 1, with the frame's slots as the interpreter left them. Returns 0, or a
 * trap kind with *trap (a trap made elsewhere, or NULL) and *at (the innermost function, or NULL)
 * set and S->frame_top left at the trapping frame, or WX_NATIVE_PAUSED. Fuel goes through S->fuel.
 *
 * In the outermost run of a call (the one that may pause) compiled code runs on the store's
 * fiber (exec/fiber.h): a check site whose slice is over, or an async host function that did not
 * finish in its callback, pauses it there, and the call returns YIELDED or PENDING; the fiber's
 * frames wait for wx_native_resume. */
int wx_native_enter(warden_store_t *S, warden_func_t *func, uint64_t *fp, uint32_t loop,
                    warden_trap_t **trap, warden_func_t **at);
/* Goes on with compiled code paused on the store's fiber; returns as wx_native_enter. */
int wx_native_resume(warden_store_t *S, warden_trap_t **trap, warden_func_t **at);
/* After WX_NATIVE_PAUSED: how the call paused, into regs (outcome, func, host, host_slots). */
void wx_native_paused(warden_store_t *S, struct wx_regs *regs);
/* A call paused in compiled code ends without going on: its frames on the fiber are dropped. */
void wx_native_abandon(warden_store_t *S);
/* Frees the store's fiber (at the store's deletion). */
void wx_native_free(warden_store_t *S);

/* The helpers compiled code calls, by name (src/llvm/ resolves them). `self` is the calling
 * function's index in its module; each reads and writes fuel through cx->fuel. */
/* clang-format off */
#define WX_NATIVE_HELPERS(H) \
    H(wx_native_trap) H(wx_native_check) H(wx_native_fuel) H(wx_native_call) \
    H(wx_native_memory_grow) H(wx_native_memory_fill) H(wx_native_memory_copy) \
    H(wx_native_memory_init) H(wx_native_table_grow) H(wx_native_table_fill) \
    H(wx_native_table_copy) H(wx_native_table_init)
/* clang-format on */

/* Leaves compiled code with trap `kind`, in function `self`. */
_Noreturn void wx_native_trap(wx_ncx *cx, warden_instance_t *inst, uint32_t self, uint32_t kind);
/* The check site's slow path (fuel below zero or poll raised): traps, or returns. */
void wx_native_check(wx_ncx *cx, warden_instance_t *inst, uint32_t self);
/* Fuel overdrawn at a return: out of fuel, unless a slice's share gives it back. */
void wx_native_fuel(wx_ncx *cx, warden_instance_t *inst, uint32_t self);
/* Calls `callee` (a host function, an interpreted or a compiled one: an import, or a function
 * reached through a table) with its frame at newfp, as the interpreter's call does. */
void wx_native_call(wx_ncx *cx, warden_instance_t *inst, uint32_t self, warden_func_t *callee,
                    uint64_t *newfp);
/* memory.grow: the old size in pages or -1 (as an i32 in 64 bits). */
uint64_t wx_native_memory_grow(wx_ncx *cx, warden_instance_t *inst, uint32_t self, uint32_t delta);
void wx_native_memory_fill(wx_ncx *cx, warden_instance_t *inst, uint32_t self, uint32_t d,
                           uint32_t val, uint32_t n);
void wx_native_memory_copy(wx_ncx *cx, warden_instance_t *inst, uint32_t self, uint32_t d,
                           uint32_t s, uint32_t n);
void wx_native_memory_init(wx_ncx *cx, warden_instance_t *inst, uint32_t self, uint32_t d,
                           uint32_t s, uint32_t n, uint32_t data);
uint64_t wx_native_table_grow(wx_ncx *cx, warden_instance_t *inst, uint32_t self, uint32_t table,
                              uint64_t init, uint32_t n);
void wx_native_table_fill(wx_ncx *cx, warden_instance_t *inst, uint32_t self, uint32_t table,
                          uint32_t i, uint64_t val, uint32_t n);
void wx_native_table_copy(wx_ncx *cx, warden_instance_t *inst, uint32_t self, uint32_t dst_table,
                          uint32_t src_table, uint32_t d, uint32_t s, uint32_t n);
void wx_native_table_init(wx_ncx *cx, warden_instance_t *inst, uint32_t self, uint32_t table,
                          uint32_t elem, uint32_t d, uint32_t s, uint32_t n);

#endif
