/* Trap objects: a kind, a message and the guest backtrace. */
#ifndef WARDEN_EXEC_TRAP_H
#define WARDEN_EXEC_TRAP_H

#include "warden.h"

/* Never NULL: when allocation fails a shared, immutable out-of-memory trap is returned. */
warden_trap_t *wx_trap_new_kind(warden_trap_kind_t kind);
/* Appends a frame for `func` (innermost first); silently drops it when allocation fails. */
void wx_trap_add_frame(warden_trap_t *trap, const warden_func_t *func);

#endif
