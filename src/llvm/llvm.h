/* The compiled tier: a module's functions compiled to native code by LLVM (through its C API),
 * from their lowered code (compile/code.h). What the rest of warden calls. */
#ifndef WARDEN_LLVM_LLVM_H
#define WARDEN_LLVM_LLVM_H

#include "llvm/artifact.h"
#include "object/objects.h"

/* Compiles every defined function of `mod` (already lowered) and sets their `native` code; the
 * code lives in mod->jit until wj_code_free. With `artifact` (a .cwasm the module's bytes came
 * from, already read whole by wj_artifact_read), its code is used instead, once checked to be
 * made for this module, build, CPU and engine configuration; otherwise the engine's code cache,
 * when it has one, is asked first, and keeps what is compiled. On failure nothing is set and an
 * error returns. */
warden_error_t *wj_compile_module(warden_module_t *mod, const wj_artifact *artifact);
void wj_code_free(struct wj_code *code);
/* The artifact of a compiled module (a .cwasm), malloc'd. */
warden_error_t *wj_serialize(const warden_module_t *mod, uint8_t **out, size_t *len);
/* Whether the code came from the code cache. */
bool wj_from_cache(const struct wj_code *code);
#endif
