/* The compiled tier: a module's functions compiled to native code by LLVM (through its C API),
 * from their lowered code (compile/code.h). What the rest of warden calls. */
#ifndef WARDEN_LLVM_LLVM_H
#define WARDEN_LLVM_LLVM_H

#include "object/objects.h"

/* Compiles every defined function of `mod` (already lowered) and sets their `native` code; the
 * code lives in mod->jit until wj_code_free. On failure nothing is set and an error returns. */
warden_error_t *wj_compile_module(warden_module_t *mod);
void wj_code_free(struct wj_code *code);

#endif
