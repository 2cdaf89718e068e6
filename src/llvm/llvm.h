/* The compiled tier: a module's functions compiled to native code by LLVM (through its C API),
 * from their lowered code (compile/code.h). What the rest of warden calls. */
#ifndef WARDEN_LLVM_LLVM_H
#define WARDEN_LLVM_LLVM_H

#include "llvm/artifact.h"
#include "object/objects.h"

/* Module creation in the compiled tier takes three steps, so that the first can run on a thread
 * of its own while the module is decoded, and the second while its bodies are validated:
 *   - wj_look_for_code finds the code made already for the module's bytes, without linking it:
 *     with `artifact` (a .cwasm the bytes came from, read whole by wj_artifact_read), its code,
 *     once checked to be made for this module, build, CPU and engine configuration (else an
 *     error); otherwise the engine's code cache, when it has one. *out is the module's code,
 *     found or not (a miss). It reads only its arguments, and gives up (a miss) once `stop`
 *     (or NULL) is set, for a module found invalid meanwhile.
 *   - wj_link_code links what was found into mod (it reads mod->m and the engine, and writes
 *     nothing of mod): `by_parts`, each part at the first call of one of its functions
 *     (llvm/lazy.c; not with an engine that lowers eagerly), else all of it now. A cache entry
 *     that does not link becomes a miss; a .cwasm's code that does not link is an error, and
 *     *code is freed and set to NULL. wj_find_code does both, linking all.
 *   - wj_finish_code, once the bodies are valid, compiles what was not found (lowering every
 *     function first) and keeps it in the cache, sets every function's `native` code and frame
 *     size (but for code to be linked by parts), and hands the code to mod->jit (until
 *     wj_code_free). On failure it frees `code`, sets nothing and returns an error. */
warden_error_t *wj_look_for_code(const warden_engine_t *engine, const uint8_t *bytes, size_t len,
                                 const wj_artifact *artifact, const atomic_bool *stop,
                                 struct wj_code **out);
warden_error_t *wj_link_code(warden_module_t *mod, struct wj_code **code, bool by_parts);
warden_error_t *wj_find_code(warden_module_t *mod, const wj_artifact *artifact,
                             struct wj_code **out);
warden_error_t *wj_finish_code(warden_module_t *mod, struct wj_code *code);
void wj_code_free(struct wj_code *code);
/* The auto tier's compile in the background (runtime/tier_up.c), instead of wj_finish_code when
 * nothing was found: compiles mod's parts one after the other on this thread, each time the one
 * whose functions have the most `samples` (per defined function, from the store's hooks: where
 * the interpreter spends its time; may be NULL), and links each and publishes its functions'
 * code as soon as it is compiled, so that hot code switches after one part's compile rather
 * than the whole module's. Gives up between parts once mod->compile_stop is set. Then keeps the
 * code in the cache and hands it to mod->jit. On failure returns the error and frees `code`,
 * unless some of it was published (it may be running): *kept is then the code, to be freed with
 * the module. */
warden_error_t *wj_compile_hot_first(warden_module_t *mod, struct wj_code *code,
                                     const _Atomic uint32_t *samples, struct wj_code **kept);
/* With config.compile_lazily (llvm/lazy.c): instead of wj_finish_code, when nothing was found,
 * compiles nothing now and hands `code` to mod->jit; each part of the module is linked at the
 * first call of one of its functions. On failure frees `code`. */
warden_error_t *wj_start_lazy(warden_module_t *mod, struct wj_code *code);
/* Defined function `body`'s native code, its part linked now when it was not (compiled, or read
 * from the code cache); NULL with *err set when that fails. Thread-safe. */
void *wj_compile_body(warden_module_t *mod, uint32_t body, warden_error_t **err);
/* Links every part of a module compiled part by part (nothing for another). */
warden_error_t *wj_compile_rest(warden_module_t *mod);
/* The artifact of a compiled module (a .cwasm), malloc'd. */
warden_error_t *wj_serialize(const warden_module_t *mod, uint8_t **out, size_t *len);
/* Whether the code came from the code cache. */
bool wj_from_cache(const struct wj_code *code);
/* Whether wj_link_code (or wj_find_code) found code and linked it, or made it ready to link by
 * parts (wj_finish_code will then compile nothing). */
bool wj_code_found(const struct wj_code *code);
#endif
