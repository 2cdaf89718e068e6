/* A stack of the store's own for compiled code, so that a compiled call can pause.
 *
 * The interpreter pauses by saving its registers; compiled code keeps its state in native frames,
 * so the outermost run of a call runs compiled code on this separate stack: pausing switches back
 * to the thread's stack (run() then returns YIELDED or PENDING like the interpreter does) and
 * resuming, on any thread, switches to it again. The stack is reserved once per store, sized by
 * its call depth limit, with a guard page below it, and committed as it is used.
 *
 * The switch saves the callee-saved registers and the stack pointer (x86-64: a few instructions;
 * elsewhere ucontext), and tells AddressSanitizer and ThreadSanitizer about each switch. */
#ifndef WARDEN_EXEC_FIBER_H
#define WARDEN_EXEC_FIBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct wx_fiber wx_fiber;

/* What the fiber runs: fn(arg), until it returns or pauses. */
typedef void (*wx_fiber_fn)(void *arg);

/* A fiber with a stack of `bytes` (rounded up to pages), or NULL when it cannot be made. */
wx_fiber *wx_fiber_new(size_t bytes);
void wx_fiber_free(wx_fiber *f);

/* Starts fn(arg) on the fiber; returns when fn returns (true) or pauses (false). */
bool wx_fiber_start(wx_fiber *f, wx_fiber_fn fn, void *arg);
/* Goes on with a paused fiber; the same result as wx_fiber_start. */
bool wx_fiber_resume(wx_fiber *f);
/* On the fiber: switches back to whoever started or resumed it; returns when it is resumed. */
void wx_fiber_pause(wx_fiber *f);
/* Forgets a paused fiber's frames (the call that stood there ended without going on). */
void wx_fiber_abandon(wx_fiber *f);

/* The fiber's usable stack: [lo, hi). */
void wx_fiber_bounds(const wx_fiber *f, uintptr_t *lo, uintptr_t *hi);

#endif
