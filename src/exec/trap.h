/* Trap objects: a kind, a message and the guest backtrace. */
#ifndef WARDEN_EXEC_TRAP_H
#define WARDEN_EXEC_TRAP_H

#include "warden.h"

/* Never NULL: when allocation fails a shared, immutable out-of-memory trap is returned. */
warden_trap_t *wx_trap_new_kind(warden_trap_kind_t kind);
/* Appends a frame for `func` (innermost first); silently drops it when allocation fails. */
void wx_trap_add_frame(warden_trap_t *trap, const warden_func_t *func);

struct wo_frame;
/* Records the backtrace of an unwound call (at most WARDEN_TRAP_HEAD_FRAMES +
 * WARDEN_TRAP_TAIL_FRAMES frames, see warden.h): `func` (innermost, may be NULL), then the callers
 * saved in frames[n-1] down to frames[0], whose callers named by index (WO_CALLER_INDEX) it
 * resolves in place. Poisons every instance with a frame in it. */
void wx_trap_unwind(warden_trap_t *trap, warden_func_t *func, struct wo_frame *frames, size_t n);

#endif
