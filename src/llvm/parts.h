/* A module's native code in parts: what compiling and linking a whole module at once (jit.c) and
 * part by part at first calls (lazy.c) share. A module's functions are cut into parts, contiguous
 * runs of functions of about WJ_PART_BYTES of bodies each; each part is compiled on its own into
 * one relocatable object, which defines the part's functions and a table of them, and refers to
 * the runtime's helpers only: a call of another part's function goes through that function's
 * code record (llvm/emit.c call_direct), so a part links whatever other parts are linked. */
#ifndef WARDEN_LLVM_PARTS_H
#define WARDEN_LLVM_PARTS_H

#include <llvm-c/LLJIT.h>
#include <pthread.h>
#include <stdatomic.h>

#include "llvm/artifact.h"
#include "object/objects.h"

/* What the object of part k of a module defines as "part<k>", for the linker: its functions
 * lo .. hi - 1, each with its code and the slots its frame takes. One lookup per part finds
 * them all, and a module linked from the code cache needs no lowered code to call them. */
typedef struct wj_part_fn {
    void *code;
    uint64_t frame_slots;
    void *loop; /* its loop entry, or NULL (exec/native.h) */
    void *body; /* its body (llvm/emit.c), for calls from other compiled code, or NULL */
} wj_part_fn;
typedef struct wj_part_table {
    uint64_t lo, hi;
    wj_part_fn fn[];
} wj_part_table;

struct wj_lazy;

struct wj_code {
    LLVMOrcLLJITRef jit;
    /* What an artifact of the module holds: the object linked, and what it was made for. */
    uint8_t *buf;         /* owns the pack of objects, when it is a copy */
    const uint8_t *entry; /* or a cache entry mapped (entry_len bytes) that holds it */
    size_t entry_len;
    const uint8_t *object; /* the pack (load_objects), in buf or entry */
    size_t object_len;
    uint32_t *bounds; /* its parts' bounds (llvm/artifact.h), malloc'd: nparts + 1 of them */
    uint32_t nparts;
    uint8_t module[WD_SHA256_BYTES];
    wj_target target;
    bool from_cache; /* the object came from the code cache */
    /* Each function's code, frame size, loop entry and body once linked (as its part's table
     * gives them), until wj_finish_code sets them. */
    wj_part_fn *fns;
    /* A module linked part by part at first calls (lazy.c), or NULL: its parts' objects
     * (compiled then, or found whole in `object`), each linked into `jit` when one of its
     * functions is first called. */
    struct wj_lazy *lazy;
};

/* Modules are compiled in parts of at least this many bytes of bodies each (the last may hold
 * less). LLVM's optimisation
 * takes more than linear time in the size of what it optimises, so small parts take less CPU
 * than big ones, at the price of inlining across parts only; and a part is the longest a compile
 * in the background makes the module's deletion wait (runtime/tier_up.c: LLVM's passes cannot be
 * stopped midway), and the most a first call compiles (lazy.c). */
#define WJ_PART_BYTES (16u << 10)
/* A module compiled part by part at first calls (lazy.c) has parts of at least this size
 * instead: a few functions each, so that a program compiles little more than the functions it
 * calls. The official WASI suite's 72 programs so took 151 s (their tests' times summed, two at
 * a time on two cores) with 256 bytes, 155 s with one function a part, 201 s with 1 KiB, 246 s
 * with 4 KiB and about 360 s with 16 KiB: bigger parts compile more functions that are never
 * called, and smaller ones pay each part's own cost more often. */
#define WJ_LAZY_PART_BYTES 256u

/* The parts of module m: runs of functions, each ending once it holds part_bytes of bodies (or
 * with the module): *n of them (at least one), part k being functions lo[k] .. lo[k+1] - 1 (*lo,
 * malloc'd, has n + 1 bounds). The same module always has the same parts. False out of
 * memory. */
bool wj_plan_parts(const wd_module *m, size_t part_bytes, uint32_t **lo, unsigned *n);
/* Compiles part k, functions lo .. hi - 1 of mod, for the CPU this process runs on: its object,
 * malloc'd, in *object. */
warden_error_t *wj_compile_part(warden_module_t *mod, unsigned k, uint32_t lo, uint32_t hi,
                                uint8_t **object, size_t *object_len);
/* A linker of the module's own, which resolves the runtime's helpers. */
warden_error_t *wj_new_jit(LLVMOrcLLJITRef *out);
/* Adds an object to the linker; it reads the object in place when it is aligned for it (the
 * bytes must then outlive the linker), from a copy otherwise. */
warden_error_t *wj_add_object(LLVMOrcLLJITRef jit, const uint8_t *object, size_t len);
/* Links and finds part k's table; checks it names functions of a module of nbodies. */
warden_error_t *wj_find_part(LLVMOrcLLJITRef jit, unsigned k, uint32_t nbodies,
                             const wj_part_table **out);
/* Of the parts not `done` (n parts, part k being functions lo[k] .. lo[k + 1] - 1), the one
 * whose functions have the most samples (samples may be NULL: none); the first of those that
 * tie. n when every part is done. */
unsigned wj_hottest_part(const uint32_t *lo, unsigned n, const bool *done,
                         const _Atomic uint32_t *samples);
/* Publishes defined function i's native code (compile/code.h): frame size and body, then the
 * code with release ordering, then its loop entry. */
void wj_publish(warden_module_t *mod, uint32_t i, const wj_part_fn *f);
/* An error "compiling to native code: WHAT: DETAIL" (detail freed, may be NULL). */
warden_error_t *wj_fail(const char *what, char *detail);

/* Links the code found for mod (code->object, a cache entry's or a .cwasm's pack) part by part
 * at first calls rather than now: sets code->lazy, its parts the pack's objects. An error when
 * the parts' bounds do not fit mod. */
warden_error_t *wj_lazy_from_pack(warden_module_t *mod, struct wj_code *code);
/* Frees the lazy state (after the linker is disposed of). */
void wj_lazy_free(struct wj_lazy *lazy);
/* Whether every part linked so far came from the code cache, and at least one did. */
bool wj_lazy_from_cache(const struct wj_lazy *lazy);
/* Links every part not linked yet, then packs all the objects as load_objects reads them: a
 * malloc'd pack in *pack, and the parts' bounds (the lazy state's) in *bounds. */
warden_error_t *wj_lazy_pack(warden_module_t *mod, struct wj_code *code, uint8_t **pack,
                             size_t *len, const uint32_t **bounds, uint32_t *nparts);

#endif
