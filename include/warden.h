/*
 * warden.h — the whole public C API of libwarden, a sandboxed WebAssembly runtime.
 *
 * Objects and their lifetimes
 *   warden_engine_t    configuration shared by everything else. Thread-safe.
 *   warden_module_t    a decoded, validated and lowered module. Immutable and reference-counted:
 *                      it may be shared by any number of stores and threads.
 *   warden_store_t     owns every runtime object (instances, functions, memories, tables,
 *                      globals) and the execution stack. One thread at a time uses a store; it may
 *                      move between threads between calls. Deleting the store frees all it owns.
 *   warden_linker_t    a set of named definitions used to resolve a module's imports.
 *   warden_instance_t  an instantiated module; lives as long as its store.
 *   warden_func_t, warden_memory_t, warden_table_t, warden_global_t
 *                      store-owned handles; valid as long as their store.
 *
 * Conventions
 *   - Constructors end in _new, destructors in _delete. Passing NULL to a _delete does nothing.
 *   - Every fallible function returns a warden_error_t * (NULL on success) that the caller frees
 * with warden_error_delete(). Functions that run guest code also take a warden_trap_t **
 * out-parameter: a trap is not an error of the API call, it is the guest's call ending abnormally.
 *   - Nothing here aborts on bad input: a malformed module, a hostile guest or a wrong API call
 *     (NULL where an object is needed, a value of the wrong type) is reported as an error.
 *   - Names (import/export names) are byte strings with an explicit length; they may hold NUL.
 *
 * Handles across stores, and handles that outlive their store
 *   - Every entry point that takes a store-owned handle together with a store, or a value that
 *     holds one (a funcref argument, a table or global set, an import from a linker, a host
 *     function's result), refuses a handle of another store: an ARGUMENT error, an UNLINKABLE
 *     error at instantiation, or for a host function's result the trap "host function returned a
 *     function of another store". So one store's guest can never reach into another store.
 *   - A handle of a deleted store cannot be told from a live one without a lookup on every use,
 *     so using one is the caller's error, as with any freed pointer in C: delete a store only
 *     once its handles are out of use. The one handle made to outlive its store is
 *     warden_interrupt_t (raising it afterwards does nothing), because it is the one that other
 *     threads and signal handlers hold.
 *   - A failed instantiation frees the instance and what it defined unless the host was handed
 *     part of it during that instantiation (a function as a host-call argument, its memory through
 *     warden_caller_export_memory) or a table or global it does not own holds one of its
 *     functions; those stay valid as long as the store.
 */
#ifndef WARDEN_H
#define WARDEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WARDEN_VERSION "0.1.0"

typedef struct warden_engine warden_engine_t;
typedef struct warden_module warden_module_t;
typedef struct warden_store warden_store_t;
typedef struct warden_linker warden_linker_t;
typedef struct warden_instance warden_instance_t;
typedef struct warden_func warden_func_t;
typedef struct warden_memory warden_memory_t;
typedef struct warden_table warden_table_t;
typedef struct warden_global warden_global_t;
typedef struct warden_error warden_error_t;
typedef struct warden_trap warden_trap_t;
typedef struct warden_caller warden_caller_t;

/* ------------------------------------------------------------------------------------------------
 * Errors
 * ---------------------------------------------------------------------------------------------- */

typedef enum warden_error_kind {
    WARDEN_ERROR_MALFORMED = 1, /* the bytes are not a WebAssembly binary (binary format) */
    WARDEN_ERROR_INVALID,       /* well-formed but fails validation */
    WARDEN_ERROR_UNLINKABLE,    /* an import is missing or has the wrong type */
    WARDEN_ERROR_LIMIT,         /* a store limit (memory, tables, instances...) would be exceeded */
    WARDEN_ERROR_ARGUMENT,      /* a wrong API call: NULL object, wrong value type, bad count... */
    WARDEN_ERROR_NO_MEMORY,     /* a host allocation failed */
    WARDEN_ERROR_IO,            /* reading or writing a host file failed */
    WARDEN_ERROR_STOPPED,       /* the host's progress callback stopped the work */
} warden_error_kind_t;

warden_error_kind_t warden_error_kind(const warden_error_t *error);
/* A human-readable reason, without the offset. Valid until the error is deleted. */
const char *warden_error_message(const warden_error_t *error);
/* Byte offset in the module where a malformed or invalid module went wrong; -1 when not applicable.
 */
int64_t warden_error_offset(const warden_error_t *error);
void warden_error_delete(warden_error_t *error);

#if defined(__GNUC__)
#define WARDEN_PRINTF_FORMAT(fmt_index, first_arg)                                                 \
    __attribute__((format(printf, fmt_index, first_arg)))
#else
#define WARDEN_PRINTF_FORMAT(fmt_index, first_arg)
#endif

/* Makes an error for host code to return from functions that report errors as this API does:
 * WASI's, an embedder's own wrappers and helpers. (A host function called by the guest reports a
 * failure with a trap, warden_trap_new(), instead.) The message is `fmt` formatted like printf with
 * the arguments that follow (copied; a NULL fmt gives an empty message); the offset is -1. The
 * kinds that describe a host's failure make sense here: WARDEN_ERROR_ARGUMENT (a wrong call),
 * WARDEN_ERROR_IO (a host file or descriptor failed), WARDEN_ERROR_NO_MEMORY (an allocation
 * failed), WARDEN_ERROR_LIMIT (a limit the host enforces), WARDEN_ERROR_UNLINKABLE (the host
 * cannot provide an import) and WARDEN_ERROR_STOPPED (the host stopped the work).
 * WARDEN_ERROR_MALFORMED and WARDEN_ERROR_INVALID are accepted, but they say that a module's bytes
 * are wrong, which the engine reports itself, with the offset. A value that is not a
 * warden_error_kind_t is taken as WARDEN_ERROR_ARGUMENT.
 * Never returns NULL: when the error cannot be allocated, the result is a static error of kind
 * WARDEN_ERROR_NO_MEMORY with the message "out of memory", which deleting leaves alone. Either
 * way the caller owns the result: it frees it with warden_error_delete(), or hands it on to code
 * that does (returns it from a function of this API's kind, for instance). */
warden_error_t *warden_error_new(warden_error_kind_t kind, const char *fmt, ...)
    WARDEN_PRINTF_FORMAT(2, 3);
/* The same, with the byte offset warden_error_offset() reports (a negative one gives -1): for
 * code that decodes a binary of its own around WebAssembly modules, as components do. */
warden_error_t *warden_error_new_at(warden_error_kind_t kind, int64_t offset, const char *fmt, ...)
    WARDEN_PRINTF_FORMAT(3, 4);

/* ------------------------------------------------------------------------------------------------
 * Values and types
 * ---------------------------------------------------------------------------------------------- */

typedef enum warden_valkind {
    WARDEN_I32 = 0x7F,
    WARDEN_I64 = 0x7E,
    WARDEN_F32 = 0x7D,
    WARDEN_F64 = 0x7C,
    WARDEN_V128 = 0x7B,
    WARDEN_FUNCREF = 0x70,
    WARDEN_EXTERNREF = 0x6F,
} warden_valkind_t;

/* A value. Floats are carried as their IEEE-754 bit patterns so NaN payloads survive exactly:
 * use f32_bits / f64_bits, or the float views when the bits do not matter.
 * A funcref is a warden_func_t * (NULL is ref.null func); an externref is any host pointer
 * (NULL is ref.null extern). */
typedef struct warden_val {
    warden_valkind_t kind;
    union {
        int32_t i32;
        int64_t i64;
        uint32_t f32_bits;
        uint64_t f64_bits;
        float f32;
        double f64;
        uint8_t v128[16];
        warden_func_t *funcref;
        void *externref;
    } of;
} warden_val_t;

/* A function type: parameter and result kinds. Owned by whatever returned it (a module, a func):
 * never free it. For warden_functype_new() results, free with warden_functype_delete(). */
typedef struct warden_functype {
    uint32_t nparams;
    uint32_t nresults;
    const warden_valkind_t *params;
    const warden_valkind_t *results;
} warden_functype_t;

typedef struct warden_limits {
    uint64_t min;
    uint64_t max; /* meaningful only when has_max */
    bool has_max;
} warden_limits_t;

typedef enum warden_externkind {
    WARDEN_EXTERN_FUNC = 0,
    WARDEN_EXTERN_TABLE = 1,
    WARDEN_EXTERN_MEMORY = 2,
    WARDEN_EXTERN_GLOBAL = 3,
} warden_externkind_t;

/* The type of an import or export. */
typedef struct warden_externtype {
    warden_externkind_t kind;
    union {
        warden_functype_t func;
        struct {
            warden_valkind_t elem;
            warden_limits_t limits;
        } table;
        struct {
            warden_limits_t limits;
        } memory; /* in 64 KiB pages */
        struct {
            warden_valkind_t type;
            bool mutable_;
        } global;
    } of;
} warden_externtype_t;

/* A runtime object that can be imported or exported. */
typedef struct warden_extern {
    warden_externkind_t kind;
    union {
        warden_func_t *func;
        warden_table_t *table;
        warden_memory_t *memory;
        warden_global_t *global;
    } of;
} warden_extern_t;

/* ------------------------------------------------------------------------------------------------
 * Traps
 * ---------------------------------------------------------------------------------------------- */

typedef enum warden_trap_kind {
    WARDEN_TRAP_UNREACHABLE = 1,
    WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS,
    WARDEN_TRAP_TABLE_OUT_OF_BOUNDS,
    WARDEN_TRAP_UNDEFINED_ELEMENT,
    WARDEN_TRAP_UNINITIALIZED_ELEMENT,
    WARDEN_TRAP_INDIRECT_CALL_TYPE_MISMATCH,
    WARDEN_TRAP_INTEGER_OVERFLOW,
    WARDEN_TRAP_INTEGER_DIVIDE_BY_ZERO,
    WARDEN_TRAP_INVALID_CONVERSION_TO_INTEGER,
    WARDEN_TRAP_STACK_EXHAUSTED,
    WARDEN_TRAP_OUT_OF_FUEL,
    WARDEN_TRAP_DEADLINE,
    WARDEN_TRAP_INTERRUPTED,
    WARDEN_TRAP_HOST,           /* a host function reported a failure; or the first call of a
                                   function could not lower it ("out of memory lowering function
                                   N"): the next call tries again */
    WARDEN_TRAP_RESOURCE_LIMIT, /* growth denied by a store limit under trap_on_grow_failure */
} warden_trap_kind_t;

warden_trap_kind_t warden_trap_kind(const warden_trap_t *trap);
/* The kind's stable name as the command line prints it: "unreachable", "memory-out-of-bounds", ...
 */
const char *warden_trap_kind_name(warden_trap_kind_t kind);
/* A human-readable description (for a host trap, the host's message). */
const char *warden_trap_message(const warden_trap_t *trap);
/* The guest backtrace, innermost frame first. A deep stack keeps its innermost
 * WARDEN_TRAP_HEAD_FRAMES frames and its outermost WARDEN_TRAP_TAIL_FRAMES:
 * warden_trap_frames_omitted() counts the frames left out between them (frame
 * WARDEN_TRAP_HEAD_FRAMES is then the first of the outermost ones), so recording a trap costs the
 * same at any depth. */
#define WARDEN_TRAP_HEAD_FRAMES 64
#define WARDEN_TRAP_TAIL_FRAMES 16
size_t warden_trap_frame_count(const warden_trap_t *trap);
size_t warden_trap_frames_omitted(const warden_trap_t *trap);
/* Function index in its module's function index space, and its name from the name section or NULL.
 * Returns false when i is out of range. */
bool warden_trap_frame(const warden_trap_t *trap, size_t i, uint32_t *func_index,
                       const char **name);
/* A frame of a component function (include/warden_component.h: a function a component lifted) has
 * this index, and for its name the name the component exports it under ("run",
 * "ns:pkg/iface@1.0.0#f"; NULL when it exports it under none): the component's frames stand
 * outside the core frames of the code they ran. */
#define WARDEN_TRAP_FRAME_COMPONENT UINT32_MAX
/* Adds an outermost frame to the backtrace of `trap` (the name is copied; NULL for none), keeping
 * the bound above: for embedders whose own calls wrap warden's, and for warden's component layer.
 * Does nothing for NULL, or when memory runs out (the backtrace then ends before it). */
void warden_trap_push_frame(warden_trap_t *trap, uint32_t func_index, const char *name);
void warden_trap_delete(warden_trap_t *trap);

/* ------------------------------------------------------------------------------------------------
 * Engine
 * ---------------------------------------------------------------------------------------------- */

/* Fuel costs, fixed per engine because they are compiled into the lowered code. */
typedef struct warden_fuel_costs {
    uint32_t default_cost; /* every instruction not named below (default 1) */
    uint32_t control_cost; /* nop, block, loop, end, else, drop, unreachable, return (default 0) */
    uint32_t bulk_unit;    /* bulk memory and table operations also cost 1 per this many bytes or
                              elements (default 64; 0 means no per-unit charge) */
} warden_fuel_costs_t;

/* Which code runs a module's functions. The tiers keep the same contracts: the same results and
 * traps, the same fuel consumed to the unit, the same check sites for deadlines, interrupts and
 * slices, the same stack limits and backtraces. */
typedef enum warden_tier {
    /* The default: the interpreter, which starts at once, then compiled code for a module whose
     * functions run long (warden_config_t.tier_up_threshold), compiled by LLVM on a thread
     * of its own while the interpreter runs on. With a code cache (cache_dir), a module whose
     * code is there already, compiled by either tier, runs it from its creation. In builds
     * without LLVM, the interpreter alone. */
    WARDEN_TIER_AUTO = 0,
    /* The interpreter alone: nothing is ever compiled to native code. */
    WARDEN_TIER_INTERP,
    /* Every function compiled to native code by LLVM when the module is created (slower to
     * create, faster to run; warden_config_t.cache_dir keeps the code for the next time). Only
     * in builds with LLVM (warden_tier_supported). Calls pause and resume in compiled code as in
     * the interpreter: the outermost run of a call runs on a stack of the store's own, sized by
     * its call-depth limit, which a pause leaves and a resume, on any thread, returns to. */
    WARDEN_TIER_LLVM,
} warden_tier_t;

/* The tier that runs a module's functions: WARDEN_TIER_LLVM when they were compiled to native
 * code (an engine of that tier, or of the auto tier once the module moved to compiled code),
 * WARDEN_TIER_INTERP otherwise (NULL included). */
warden_tier_t warden_module_tier(const warden_module_t *module);

/* Compiles the module's functions to native code now, in an engine of the auto tier, and
 * returns when they are: the code cache is looked at first, and a compile the auto tier
 * started already is waited for rather than done twice. Calls made after it returns run the
 * compiled code, in every store and thread; a call under way goes on in the interpreter and
 * runs compiled code from its next call on, and a function under way from its loop's next
 * iteration that the store's count looks at (within 65536 iterations: on-stack replacement).
 * A module compiled already returns at once, but for the parts of its code not linked yet
 * (code found in the cache or a .cwasm is linked at first calls: see cache_dir), which are
 * linked now; one of the llvm tier compiled at first calls (compile_lazily) has every
 * function not compiled yet compiled now. A compile that
 * failed fails again with the same error, and the module stays in the interpreter, which runs
 * it as before. Errors: WARDEN_ERROR_ARGUMENT for an engine of the interp tier or a build
 * without LLVM; what compiling reports otherwise. May be called from a host function. */
warden_error_t *warden_module_compile(warden_module_t *module);

/* Whether a compiled module's code was read from the engine's code cache (cache_dir) rather
 * than compiled when the module was created. */
bool warden_module_cached(const warden_module_t *module);

/* The compiled module as a .cwasm artifact: its WebAssembly bytes and its native code, with
 * what the code was made for (see cache_dir). *bytes is malloc'd: free it with
 * warden_bytes_delete. A module that is not compiled (warden_module_tier is not
 * WARDEN_TIER_LLVM) has none: WARDEN_ERROR_ARGUMENT. */
warden_error_t *warden_module_serialize(const warden_module_t *module, uint8_t **bytes,
                                        size_t *len);
void warden_bytes_delete(uint8_t *bytes);

/* Creates a module from a .cwasm artifact (warden_module_serialize), linking the native code it
 * holds instead of compiling (each part at the first call of one of its functions, as with the
 * code cache: see cache_dir), in an engine of the compiled tier (or auto) of the same build, on
 * the same CPU and with the same fuel configuration. THE NATIVE CODE RUNS AS THE HOST'S OWN: pass
 * only bytes the host made or trusts as it trusts its own executable, never bytes from a guest
 * or a tenant (warden_module_new, which takes only WebAssembly, is for those). Bytes that are
 * not a whole artifact (damaged, truncated) are refused with WARDEN_ERROR_MALFORMED; an
 * artifact made for another build, CPU or fuel configuration, or an engine of the interp tier,
 * with WARDEN_ERROR_ARGUMENT, saying what differs. */
warden_error_t *warden_module_deserialize(warden_engine_t *engine, const uint8_t *bytes, size_t len,
                                          warden_module_t **out);
/* Whether bytes start like a .cwasm artifact (and not like WebAssembly). */
bool warden_is_compiled_module(const uint8_t *bytes, size_t len);

/* Whether this build has `tier` (WARDEN_TIER_LLVM needs a build with LLVM). */
bool warden_tier_supported(warden_tier_t tier);
/* "auto", "interp" or "llvm"; "unknown" for another value. */
const char *warden_tier_name(warden_tier_t tier);

/* warden_config_t.cache_max_bytes by default. */
#define WARDEN_CACHE_DEFAULT_BYTES ((uint64_t)1 << 30)

typedef struct warden_config {
    bool consume_fuel;        /* compile fuel metering into the code (default false) */
    warden_fuel_costs_t fuel; /* used when consume_fuel */
    uint64_t epoch_tick_ns;   /* the ticker's period once a deadline is used (default 1 ms) */
    /* Address-space reservations of deleted linear memories the engine keeps for new ones, which
     * then need no system call to map (default 16; 0 keeps none; at most 4096). A kept
     * reservation holds no memory: its pages are released when its memory is deleted, so a
     * memory made from it reads as zeros, exactly like a new one. */
    uint32_t memory_pool;
    /* When each function is lowered to warden's internal code. false (the default): module
     * creation validates every function and lowers none; a function is lowered at its first call
     * (or by warden_module_code), once for all the stores and threads that share the module, so
     * a big module starts at once and pays only for the functions it runs. true: module
     * creation lowers every function, as a benchmark or a host that wants all the work done up
     * front may prefer. Both run the same code and consume the same fuel. Lowering a function
     * at its first call takes time linear in its size (a few times its validation's); a deadline
     * or an interrupt raised meanwhile stops the call at the check site that follows. */
    bool lower_eagerly;
    /* The llvm tier: compile each function at its first call instead of the whole module when
     * it is created (default false). A module's functions are then compiled in parts of a few
     * functions (about 256 bytes of bodies), each when one of its functions is first called
     * (from the host, from compiled code or as the start function) and kept in the code cache
     * (cache_dir) as an entry of its own, so a program that runs a part of a big module
     * compiles little more than that part: the official WASI test programs compile in about
     * half the CPU time. The price: the time a first call spends compiling counts against the
     * call's deadline and time slice, and calls between parts are not inlined, so the code runs
     * a little slower. A module whose whole code is in the cache or a .cwasm uses it instead
     * (see cache_dir); warden_module_compile and warden_module_serialize compile every part not
     * compiled yet. Ignored with lower_eagerly. */
    bool compile_lazily;
    /* Threads module creation may use to validate the functions of a big module, the calling
     * thread included: at most one per online CPU (default 0: one per online CPU; 1: the
     * calling thread alone). A module with less than 128 KiB of function bodies per thread uses
     * fewer. Errors, the progress callback and the result do not depend on it. With
     * lower_eagerly, the calling thread validates and lowers alone. In the compiled tier the
     * same bound holds for the threads that compile a module's parts and for the one that looks
     * for its code in the cache or a .cwasm while the bodies are validated. */
    uint32_t module_threads;
    warden_tier_t tier; /* default WARDEN_TIER_AUTO; an engine with a tier this build does not
                           have is refused with WARDEN_ERROR_ARGUMENT */
    /* The auto tier: a store that has made this many calls and loop iterations (back-edges) in
     * the interpreter (counted from the store's creation, and again each time they add up)
     * starts compiling the module of the function it runs then, on one thread of its own, with
     * the code cache looked at first: in parts of about 16 KiB of function bodies, those where
     * the interpreter spent most time first (sampled every 65536 calls and iterations), each
     * part's functions running compiled code from their next call as soon as it is compiled
     * (see warden_module_compile). Default 10000000 (about 50 to 150 ms of work in the
     * interpreter); 0: never, only warden_module_compile compiles. A function running when its
     * code comes goes on in it at the next iteration of its loop (on-stack replacement: the
     * store's count looks for it every 65536 iterations, or every tier_up_threshold if lower);
     * one without loops finishes in the interpreter. A module with a function body over 128 KiB is
     * compiled only on request: LLVM's time and memory grow faster than a body, and deleting a
     * module stops its compile only between parts of about 16 KiB, which no guest may stretch. */
    uint64_t tier_up_threshold;
    /* The compiled tier's code cache: a directory (created when missing, private to the user)
     * where the native code of every module compiled is kept, named by the SHA-256 of the
     * module's bytes and of what the code was made for: this build of warden, the CPU and its
     * features, and the configuration that shapes the code (fuel metering and its costs). A
     * module created again, in this process or another, links that code instead of compiling:
     * each part of it (about 16 KiB of function bodies) at the first call of one of its
     * functions, so a big module starts without linking the code it does not run (a first call
     * that links a part takes about a third of a millisecond longer; with lower_eagerly, and
     * when the auto tier's compile finds the code, all of it is linked at once).
     * An entry that is missing, damaged, truncated or made for anything else is compiled again
     * and replaced, never used. Entries are written whole and renamed into place, so processes
     * may share the directory. The cache is trusted like the host's own files: whoever can
     * write it can choose the native code the engine runs. NULL or "" (the default): no cache.
     * The engine keeps a copy of the string. */
    const char *cache_dir;
    /* The most the cache's entries may take, in bytes. Each time an entry is written, the
     * entries used least recently (written or read: a read marks an entry used) are removed
     * until the rest fit; an entry bigger than this is not kept. Engines and processes that
     * share the directory should agree on it. Default WARDEN_CACHE_DEFAULT_BYTES (1 GiB); 0 is
     * taken as the default. */
    uint64_t cache_max_bytes;
} warden_config_t;

/* The defaults described above. */
void warden_config_default(warden_config_t *config);

warden_error_t *warden_engine_new(warden_engine_t **out);
/* An engine with an explicit configuration (copied). */
warden_error_t *warden_engine_new_with_config(const warden_config_t *config, warden_engine_t **out);
/* Deleting the engine stops its ticker. Every store and module of the engine must be deleted first.
 */
void warden_engine_delete(warden_engine_t *engine);
/* Advances the engine's epoch by one, as the ticker does every tick. Thread-safe. */
void warden_engine_increment_epoch(warden_engine_t *engine);
uint64_t warden_engine_epoch(const warden_engine_t *engine);

/* ------------------------------------------------------------------------------------------------
 * Modules
 * ---------------------------------------------------------------------------------------------- */

/* Decodes and validates a binary module; functions are lowered to internal code at their first
 * call (warden_config_t.lower_eagerly lowers them here). The bytes are copied; the caller keeps
 * its buffer. A malformed or invalid module returns an error with its offset: that of the first
 * invalid function in the module's order when several are, however many threads validate them.
 * A big module's functions are validated by a few threads (warden_config_t.module_threads),
 * which are started and joined within the call. Only WebAssembly: a .cwasm is not taken here
 * (warden_module_deserialize), so bytes from a guest or a tenant never bring native code. */
warden_error_t *warden_module_new(warden_engine_t *engine, const uint8_t *bytes, size_t len,
                                  warden_module_t **out);
/* Module creation takes time and memory linear in `len`. Memory: the module keeps a copy of the
 * bytes, a record per function and the lowered code of every function lowered so far, at most
 * about 24 times `len` in all once every function has been lowered; before any call it holds a
 * few times `len`. A function is lowered once and its code kept until the module is deleted
 * (threads that call a function for the first time at the same moment may each lower it, and
 * all but one copy are freed at once). Lowering at a first call allocates on the calling thread,
 * outside any store's memory limit, as module creation does; when it runs out of memory the
 * call traps (WARDEN_TRAP_HOST, "out of memory lowering function N") and the next call tries
 * again. For input the host does not trust, this form lets the host stop creation:
 * `keep_going(env)` is asked, on the calling thread only, about every 64 KiB of sections decoded
 * and every 64Ki units of function bodies validated (their bytes and instructions, counted over
 * all the threads that validate them); when it returns false, creation stops (other threads
 * within 64Ki instructions) with a WARDEN_ERROR_STOPPED error and nothing is left allocated. A
 * NULL keep_going never stops, like warden_module_new. */
typedef bool (*warden_progress_t)(void *env);
warden_error_t *warden_module_new_with_progress(warden_engine_t *engine, const uint8_t *bytes,
                                                size_t len, warden_progress_t keep_going, void *env,
                                                warden_module_t **out);
/* Takes another reference; every reference is released with warden_module_delete(). */
warden_module_t *warden_module_clone(warden_module_t *module);
void warden_module_delete(warden_module_t *module);

size_t warden_module_import_count(const warden_module_t *module);
/* Fills module/name (not NUL-terminated; valid as long as the module) and type. */
bool warden_module_import(const warden_module_t *module, size_t i, const char **module_name,
                          size_t *module_len, const char **name, size_t *name_len,
                          warden_externtype_t *type);
size_t warden_module_export_count(const warden_module_t *module);
bool warden_module_export(const warden_module_t *module, size_t i, const char **name,
                          size_t *name_len, warden_externtype_t *type);

/* Sections as they appear in the binary, for inspection. `name` is the custom section's name
 * (NUL-terminated) for id 0; for any other id it is the name the binary format gives the id, which
 * does not change between versions: "type", "import", "function", "table", "memory", "global",
 * "export", "start", "element", "code", "data" or "datacount" (ids 1 to 12; a module with another
 * id is malformed). */
typedef struct warden_section {
    uint8_t id;       /* 0 custom, 1 type, ... 12 data count */
    uint64_t offset;  /* offset of the section's contents */
    uint64_t size;    /* size of the contents */
    const char *name; /* the custom section's name, or the name of the id (see above) */
} warden_section_t;
size_t warden_module_section_count(const warden_module_t *module);
bool warden_module_section(const warden_module_t *module, size_t i, warden_section_t *out);

/* Functions, imported and defined, in the module's function index space (imports first). */
size_t warden_module_func_count(const warden_module_t *module);
/* The index of the function called `name` (name_len bytes, not NUL-terminated): an exported
 * function's export name first, else a name from the module's name section. False when no
 * function has that name. */
bool warden_module_func_index(const warden_module_t *module, const char *name, size_t name_len,
                              uint32_t *index);
/* For debugging: the internal code function `func` was lowered to, as text. Calls line(env, text)
 * once per line, text NUL-terminated and without a newline: first a header
 *   "func 3 fib: 1 param slots, 2 local slots, 6 frame slots, 40 cells"
 * (an imported function: "func 0 NAME: imported", and nothing more), then one line per
 * instruction, its first cell's index and the instruction with its fields named:
 *   "    12  BR_I32_LT_S_IMM a=s0 imm=2 target=@30"
 * Slots are sN (a v128: vN, the slots N and N+1), indices #N, branch targets @N (the cell index
 * they go to), memory offsets +N, the SIMD operation of a generic SIMD instruction by name. The
 * format is for people and tests of the lowering; it may change between versions. A function not
 * called yet is lowered now, as its first call would. Errors: WARDEN_ERROR_ARGUMENT for a NULL
 * module or line, or a function index out of range; WARDEN_ERROR_NO_MEMORY when lowering runs out
 * of memory (WARDEN_ERROR_LIMIT for a function too large for internal code). */
warden_error_t *warden_module_code(const warden_module_t *module, uint32_t func,
                                   void (*line)(void *env, const char *text), void *env);

/* ------------------------------------------------------------------------------------------------
 * Stores
 * ---------------------------------------------------------------------------------------------- */

warden_error_t *warden_store_new(warden_engine_t *engine, warden_store_t **out);
void warden_store_delete(warden_store_t *store);

/* Per-store limits. 0 in a field means "no limit" for counts and sizes. */
typedef struct warden_store_limits {
    /* Memory the guest can make the store hold, summed over the store: linear memory, plus the
     * host memory allocated for it (usage.host_bytes): 8 bytes per table element, and per
     * instance its functions, globals, tables, memories and segments (see host_bytes). */
    uint64_t max_memory_bytes;
    uint64_t max_table_elements; /* summed over every table of the store (the finer knob) */
    uint32_t max_instances;
    uint32_t max_memories;
    uint32_t max_tables;
    uint64_t max_stack_bytes;  /* the value stack (default 32 MiB) */
    uint32_t max_call_depth;   /* nested calls (default 100,000) */
    bool trap_on_grow_failure; /* a denied memory.grow/table.grow traps instead of returning -1 */
} warden_store_limits_t;

void warden_store_limits_default(warden_store_limits_t *limits);
/* Sets the limits. Fails when the store already holds more than a new limit allows, or when a
 * call is running. */
warden_error_t *warden_store_set_limits(warden_store_t *store, const warden_store_limits_t *limits);
void warden_store_get_limits(const warden_store_t *store, warden_store_limits_t *limits);

typedef struct warden_store_usage {
    uint64_t memory_bytes, memory_peak_bytes; /* linear memory */
    /* Host memory held for the guest, counted against max_memory_bytes with memory_bytes:
     * tables' elements (8 bytes each) and, per instance, a fixed part per function, global,
     * table, memory, type and segment plus 8 bytes per element-segment item. Not counted: the
     * module itself (shared, and bounded by its size), the execution stack (max_stack_bytes)
     * and host functions the embedder makes. */
    uint64_t host_bytes, host_peak_bytes;
    uint64_t memory_grow_calls, memory_grow_denied;
    uint64_t table_elements, table_peak_elements;
    uint64_t table_grow_calls, table_grow_denied;
    uint32_t instances, memories, tables;
} warden_store_usage_t;

void warden_store_usage(const warden_store_t *store, warden_store_usage_t *usage);

/* Called once, the first time memory_bytes + host_bytes crosses `percent` of max_memory_bytes
 * (default 90). It runs on the thread running the guest: it must not call into the store. */
typedef void (*warden_usage_callback_t)(void *env, const warden_store_usage_t *usage);
void warden_store_set_usage_callback(warden_store_t *store, unsigned percent,
                                     warden_usage_callback_t callback, void *env);

/* Fuel (engines with consume_fuel). A store starts with 0 fuel. */
warden_error_t *warden_store_set_fuel(warden_store_t *store, uint64_t fuel);
warden_error_t *warden_store_add_fuel(warden_store_t *store, uint64_t fuel);
/* Fuel left; false when the engine does not consume fuel. */
bool warden_store_get_fuel(const warden_store_t *store, uint64_t *fuel);
/* Fuel consumed since the store was created (or since the last set_fuel). */
uint64_t warden_store_fuel_consumed(const warden_store_t *store);

/* Deadline: calls trap with WARDEN_TRAP_DEADLINE once the engine's epoch reaches the store's
 * deadline. `ticks` is relative to the current epoch; 0 clears it. Setting a deadline starts the
 * engine's ticker (if not started yet); while its thread cannot be started, calls into a store with
 * a deadline fail with WARDEN_ERROR_NO_MEMORY. Ticks follow the clock: tick k of the ticker is
 * counted no earlier than k periods after it started, and a ticker held off the CPU counts the
 * ticks it missed when it runs again, so lateness does not add up over a long deadline; a
 * deadline counts from the epoch the clock says it is. The first tick comes anywhere within a
 * period of the call: for at least D of wall time, ask for D / period + 1 ticks. A deadline is
 * never early. */
void warden_store_set_deadline(warden_store_t *store, uint64_t ticks);

/* Interrupts: a handle that stops the call running in the store. Thread-safe and
 * async-signal-safe (warden_interrupt_raise only touches atomics). A handle may outlive its
 * store: once the store is deleted, raising it does nothing; it is still freed with
 * warden_interrupt_delete. */
typedef struct warden_interrupt warden_interrupt_t;
warden_error_t *warden_interrupt_new(warden_store_t *store, warden_interrupt_t **out);
/* Stops the call running now at its next check with WARDEN_TRAP_INTERRUPTED. When no call is
 * running, it does nothing: it never affects a later call. */
void warden_interrupt_raise(warden_interrupt_t *interrupt);
void warden_interrupt_delete(warden_interrupt_t *interrupt);

/* ------------------------------------------------------------------------------------------------
 * Functions
 * ---------------------------------------------------------------------------------------------- */

/* A host function. `args` holds nparams values, `results` has room for nresults values whose kinds
 * are preset. Return NULL on success, or a trap made with warden_trap_new() to stop the guest. */
typedef warden_trap_t *(*warden_host_func_t)(void *env, warden_caller_t *caller,
                                             const warden_val_t *args, size_t nargs,
                                             warden_val_t *results, size_t nresults);

/* Makes a host trap carrying `message` (copied). */
warden_trap_t *warden_trap_new(const char *message);

/* Copies a function type (the arrays are copied too). */
warden_error_t *warden_functype_new(const warden_valkind_t *params, uint32_t nparams,
                                    const warden_valkind_t *results, uint32_t nresults,
                                    warden_functype_t **out);
void warden_functype_delete(warden_functype_t *type);

/* A host function owned by the store. The type is copied. `finalizer`, if given, is called on env
 * when the store dies. */
warden_error_t *warden_func_new(warden_store_t *store, const warden_functype_t *type,
                                warden_host_func_t callback, void *env, void (*finalizer)(void *),
                                warden_func_t **out);
const warden_functype_t *warden_func_type(const warden_func_t *func);

/* Calls a function. Arguments must match the parameter kinds; results must have room for nresults.
 * An API misuse returns an error; a trap returns NULL and sets *trap (the caller deletes it). */
warden_error_t *warden_func_call(warden_store_t *store, warden_func_t *func,
                                 const warden_val_t *args, size_t nargs, warden_val_t *results,
                                 size_t nresults, warden_trap_t **trap);

/* Inside a host function: the memory exported as `name` by the calling instance, or NULL. */
warden_memory_t *warden_caller_export_memory(warden_caller_t *caller, const char *name);
warden_store_t *warden_caller_store(warden_caller_t *caller);

/* ------------------------------------------------------------------------------------------------
 * Calls that pause
 *
 * A warden_call_t is a call into the guest that can stop part-way and go on later, on any thread:
 * when its time slice ends (WARDEN_CALL_YIELDED), or when the guest calls an async host function
 * whose result is not there yet (WARDEN_CALL_PENDING). A paused call is plain data: its guest
 * frames stay in the store's execution stack, no C stack and no thread is held for it.
 *
 *   - One call at a time per store: warden_call_new fails (ARGUMENT) while another call of the
 *     store is unfinished (not DONE or TRAPPED), and warden_func_call on a store whose call is
 *     paused fails too (the paused call's frames hold the store's stack). A host function running
 *     inside the call may still call the guest with warden_func_call (re-entry).
 *   - One thread at a time uses a call and its store, as for every store; between resumes both may
 *     move to any thread. Only the waker, the completion functions and interrupt handles are made
 *     for other threads.
 *   - Fuel, limits and traps are exactly those of warden_func_call: the same run consumes the same
 *     fuel whether it pauses or not, and pausing costs no fuel.
 *   - A deadline counts wall time, also time spent paused: once it passes, a paused call is ended
 *     with WARDEN_TRAP_DEADLINE by its next resume, at once, without waiting for the host operation
 *     it was waiting on (whose completion is told it was cancelled). A PENDING call's waker fires
 *     when its deadline passes, so the host learns of it without polling.
 *   - An interrupt raised while a call is paused ends it (WARDEN_TRAP_INTERRUPTED) when it is
 *     resumed; it never affects a later call.
 *   - Pausing needs the call's frames to be the only ones above the host: inside a host function
 *     that re-entered the guest with warden_func_call, an async host function that does not finish
 *     in its callback fails with a host trap ("cannot pause a call inside a host function that
 *     re-entered the guest"), and time slices do not end inside such a nested call.
 * ---------------------------------------------------------------------------------------------- */

typedef struct warden_call warden_call_t;
typedef enum warden_call_status {
    WARDEN_CALL_DONE = 0, /* finished; results ready */
    WARDEN_CALL_TRAPPED,  /* ended by a trap, see warden_call_trap() */
    WARDEN_CALL_YIELDED,  /* its time slice ended; resume it whenever the host likes */
    WARDEN_CALL_PENDING,  /* waiting on an async host function; resume after its waker fires */
} warden_call_status_t;

/* Prepares a call of `func` with `args` (checked as by warden_func_call) without running any of it:
 * its status is WARDEN_CALL_YIELDED until the first resume. */
warden_error_t *warden_call_new(warden_store_t *store, warden_func_t *func,
                                const warden_val_t *args, size_t nargs, warden_call_t **out);
/* Runs the call until it is DONE, TRAPPED, YIELDED or PENDING, and returns that status. A PENDING
 * call whose host operation has not finished returns PENDING at once (unless its deadline passed
 * or it was interrupted: it then ends TRAPPED). A finished call returns its status again. */
warden_call_status_t warden_call_resume(warden_call_t *call);
/* The status after the last resume (or cancel). */
warden_call_status_t warden_call_status(const warden_call_t *call);
/* Copies the results of a DONE call; an ARGUMENT error for another status or a wrong count. */
warden_error_t *warden_call_results(const warden_call_t *call, warden_val_t *results,
                                    size_t nresults);
/* The trap that ended a TRAPPED call (owned by the call), NULL otherwise. */
const warden_trap_t *warden_call_trap(const warden_call_t *call);
/* Called once, from whichever thread completes the awaited host operation, when a PENDING call
 * becomes runnable (its completion finished, or its deadline passed). It must not resume the call
 * itself (nor delete it). Set it before the call can become PENDING, or any time after: a call
 * that became runnable before a waker was set has it called by warden_call_set_waker itself.
 * Replacing the waker (or deleting the call) waits for the old one to return if it is running on
 * another thread, so its env may be freed afterwards. The waker may run before the resume that
 * returned PENDING has itself returned: resuming the call on another thread as soon as it fires
 * is safe. */
void warden_call_set_waker(warden_call_t *call, void (*wake)(void *env), void *env);
/* Ends a YIELDED or PENDING call: TRAPPED, with WARDEN_TRAP_INTERRUPTED and the backtrace of where
 * it stood. The completion it waited on is told it was cancelled. Does nothing to a finished call.
 * To stop a call while it runs, use an interrupt handle. */
void warden_call_cancel(warden_call_t *call);
/* The call's store; NULL once the store was deleted. */
warden_store_t *warden_call_store(const warden_call_t *call);
/* Cancels first if needed. A call may outlive its store: the store's deletion ends it (TRAPPED)
 * and it is still freed with warden_call_delete. */
void warden_call_delete(warden_call_t *call);

/* Async host functions. The callback receives a completion and returns at once; the host finishes
 * the completion later (or right away, inside the callback: the call then goes on without
 * pausing). `caller` and `args` are valid only during the callback. */
typedef struct warden_completion warden_completion_t;
typedef void (*warden_async_func_t)(void *env, warden_caller_t *caller, const warden_val_t *args,
                                    size_t nargs, warden_completion_t *completion);
/* Like warden_func_new. Called by a warden_func_call, an async host function is waited for on the
 * calling thread. */
warden_error_t *warden_func_new_async(warden_store_t *store, const warden_functype_t *type,
                                      warden_async_func_t callback, void *env,
                                      void (*finalizer)(void *), warden_func_t **out);
/* The host finishes every completion exactly once, with one of these, from any thread, before or
 * after the callback returns, also after a cancel notice (finishing a cancelled one only frees
 * it). Results are checked like a host function's: a wrong count or kind, or a function of another
 * store, ends the call with a host trap. warden_completion_trap takes the trap. The completion is
 * freed by the finish (or later, by the call): do not use it afterwards. */
void warden_completion_return(warden_completion_t *completion, const warden_val_t *results,
                              size_t nresults);
void warden_completion_trap(warden_completion_t *completion, warden_trap_t *trap);
/* Finishes the completion with a step that makes the results later, inside the call, as a host
 * function makes them: for results that must be made in the store, which no other thread may
 * touch (written into the guest's memory, say). The step runs on the thread that resumes the call
 * (right away when the completion is finished inside its callback), with the caller and the
 * arguments the callback had, and may use them as a host function does: read and write the
 * caller's memory, call the guest with warden_func_call. It fills results[0..nresults) (their
 * kinds preset) and returns NULL, or a trap that ends the call as a host function's trap does;
 * its results are checked as warden_completion_return's. free_env, if given, runs on env once:
 * after the step, or, when the step will never run (the call was cancelled or its store deleted),
 * on the thread that finds that out (the one that cancels, or the one finishing). A NULL step
 * ends the call with a host trap. */
typedef warden_trap_t *(*warden_completion_step_t)(void *env, warden_caller_t *caller,
                                                   const warden_val_t *args, size_t nargs,
                                                   warden_val_t *results, size_t nresults);
void warden_completion_return_with(warden_completion_t *completion, warden_completion_step_t step,
                                   void *env, void (*free_env)(void *env));
/* A word the callback may attach to its completion (NULL until set) for the code that finishes
 * it, on any thread: set it before handing the completion over, read it before finishing it. */
void warden_completion_set_data(warden_completion_t *completion, void *data);
void *warden_completion_data(const warden_completion_t *completion);
/* Optional: told when the call was cancelled or its store deleted before completion (a call ended
 * by its deadline or an interrupt while it waited is cancelled too). Runs at most once, on the
 * thread that cancels, or at once if that happened already. It may finish the completion itself;
 * a finish from another thread while it runs waits for it to return, so once the host's finish
 * has returned the notice is over or will never run, and its env may be freed. */
void warden_completion_on_cancel(warden_completion_t *completion, void (*cancel)(void *env),
                                 void *env);

/* Time slices: a running call yields (WARDEN_CALL_YIELDED) at its next check site once it has
 * run this many epoch ticks (setting it starts the engine's ticker, as a deadline does), or
 * consumed this much fuel (engines with consume_fuel). 0 turns it off. A slice starts at each
 * resume. The check sites are function entries and loop back-edges, so a slice ends within one
 * basic block of its end. warden_func_call runs through slices without returning. */
void warden_store_set_slice_ticks(warden_store_t *store, uint64_t ticks);
void warden_store_set_slice_fuel(warden_store_t *store, uint64_t fuel);
uint64_t warden_store_slice_ticks(const warden_store_t *store);
uint64_t warden_store_slice_fuel(const warden_store_t *store);

/* ------------------------------------------------------------------------------------------------
 * The scheduler: runs many calls on a few threads
 *
 * Ready calls run round-robin, one slice each per turn: a call whose store has no time slice set
 * gets slices of WARDEN_SCHEDULER_SLICE_TICKS ticks when it is spawned. Pending calls hold no
 * thread; the waker of a spawned call belongs to the scheduler. The scheduler also runs one
 * reactor (epoll) for timers and file descriptors (warden_scheduler_after,
 * warden_scheduler_when_ready), which async host functions use to finish completions without a
 * thread each; WASI uses it for poll_oneoff and for reads from pipes and sockets
 * (warden_wasi_set_scheduler in warden_wasi.h).
 * ---------------------------------------------------------------------------------------------- */

typedef struct warden_scheduler warden_scheduler_t;
#define WARDEN_SCHEDULER_SLICE_TICKS 10
/* workers > 0: that many threads run calls. workers == 0: no threads; the host runs calls with
 * warden_scheduler_run() from its own loop, watching warden_scheduler_fd(). */
warden_error_t *warden_scheduler_new(warden_engine_t *engine, unsigned workers,
                                     warden_scheduler_t **out);
/* Takes the call; done() runs once when it is DONE or TRAPPED (on the thread that ran it), and the
 * call is the host's again (delete it there or later). */
warden_error_t *warden_scheduler_spawn(warden_scheduler_t *sched, warden_call_t *call,
                                       void (*done)(void *env, warden_call_t *call), void *env);
/* With workers == 0: readable when calls are ready or the reactor has events (an epoll
 * descriptor; level-triggered): then call warden_scheduler_run. With workers > 0 the workers and
 * the reactor thread do that work: do not watch it. */
int warden_scheduler_fd(warden_scheduler_t *sched);
/* Handles the reactor's due events, then runs at most max_slices slices of ready calls on this
 * thread (0: as many as are ready now). Returns the number run. With workers > 0 it only handles
 * due events and returns 0. */
size_t warden_scheduler_run(warden_scheduler_t *sched, size_t max_slices);
/* Until nothing is left: every spawned call is done (with workers == 0, runs them here). Not from
 * a done() or an event's fire() (it would wait for itself). */
void warden_scheduler_wait_idle(warden_scheduler_t *sched);
/* Stops the workers, then cancels what is left: each call's done() runs, with the call TRAPPED,
 * and the completions they waited on get their cancel notices. Timers and watches that have not
 * fired are dropped without firing: their env is the host's to free (a cancel notice is the place
 * to forget them). Not from a worker, a done() or a fire(). */
void warden_scheduler_delete(warden_scheduler_t *sched);

/* The reactor. `fire(env)` runs once on a thread of the scheduler (a reactor thread, or the
 * thread in warden_scheduler_run), after `ns` nanoseconds, or once `fd` is readable (`write`
 * false) or writable. `*id` names it for warden_scheduler_forget, which returns true when it
 * had not fired (it then never will) and false when it has fired or is firing now. */
typedef void (*warden_scheduler_event_t)(void *env);
warden_error_t *warden_scheduler_after(warden_scheduler_t *sched, uint64_t ns,
                                       warden_scheduler_event_t fire, void *env, uint64_t *id);
warden_error_t *warden_scheduler_when_ready(warden_scheduler_t *sched, int fd, bool write,
                                            warden_scheduler_event_t fire, void *env, uint64_t *id);
bool warden_scheduler_forget(warden_scheduler_t *sched, uint64_t id);

/* ------------------------------------------------------------------------------------------------
 * Memories, tables, globals
 * ---------------------------------------------------------------------------------------------- */

/* Memories created through the API count against the store's limits like the guest's. */
warden_error_t *warden_memory_new(warden_store_t *store, warden_limits_t limits,
                                  warden_memory_t **out);
/* Base and size in bytes. The base stays valid as long as the memory (memory never moves). */
uint8_t *warden_memory_data(const warden_memory_t *memory);
uint64_t warden_memory_size(const warden_memory_t *memory);
/* Grows by delta pages; returns the previous size in pages, or -1 when denied. */
int64_t warden_memory_grow(warden_memory_t *memory, uint64_t delta);

warden_error_t *warden_table_new(warden_store_t *store, warden_valkind_t elem,
                                 warden_limits_t limits, warden_val_t init, warden_table_t **out);
uint32_t warden_table_size(const warden_table_t *table);
warden_error_t *warden_table_get(const warden_table_t *table, uint32_t index, warden_val_t *out);
warden_error_t *warden_table_set(warden_table_t *table, uint32_t index, warden_val_t val);

warden_error_t *warden_global_new(warden_store_t *store, warden_valkind_t type, bool mutable_,
                                  warden_val_t init, warden_global_t **out);
void warden_global_get(const warden_global_t *global, warden_val_t *out);
warden_error_t *warden_global_set(warden_global_t *global, warden_val_t val);

/* ------------------------------------------------------------------------------------------------
 * Linker and instances
 * ---------------------------------------------------------------------------------------------- */

warden_error_t *warden_linker_new(warden_engine_t *engine, warden_linker_t **out);
void warden_linker_delete(warden_linker_t *linker);

/* Defines module.name as `item`. A later definition of the same name replaces the earlier one.
 * The item must outlive every instantiation that uses it (it belongs to a store). */
warden_error_t *warden_linker_define(warden_linker_t *linker, const char *module, size_t module_len,
                                     const char *name, size_t name_len, warden_extern_t item);
/* Defines every export of `instance` under the module name `module` (the spec's "register"). */
warden_error_t *warden_linker_define_instance(warden_linker_t *linker, const char *module,
                                              size_t module_len, warden_instance_t *instance);

/* Resolves imports, allocates and initialises an instance, and runs its start function. The
 * instance holds a reference to the module: the caller may delete its own afterwards.
 * Link and limit failures return an error. A trap during initialisation (out-of-bounds segment,
 * trapping start function) returns NULL, sets *trap, and leaves *out NULL. */
warden_error_t *warden_linker_instantiate(const warden_linker_t *linker, warden_store_t *store,
                                          const warden_module_t *module, warden_instance_t **out,
                                          warden_trap_t **trap);

/* True once a call into the instance has trapped. The instance stays usable (the host decides
 * whether to keep it; supervisors replace it). */
bool warden_instance_poisoned(const warden_instance_t *instance);

/* Looks an export up by name. Returns false when there is none. */
bool warden_instance_export(const warden_instance_t *instance, const char *name, size_t name_len,
                            warden_extern_t *out);
/* Convenience: the exported function, or NULL. */
warden_func_t *warden_instance_export_func(const warden_instance_t *instance, const char *name);

#ifdef __cplusplus
}
#endif

#endif /* WARDEN_H */
