/*
 * warden_component.h — WebAssembly components (the Component Model) for libwarden.
 *
 * A component is a binary of the Component Model: core modules plus the graph that instantiates
 * and wires them, with interfaces typed in WIT. Values cross its boundary through the canonical
 * ABI; here the host sees them as dynamic values, warden_component_val_t.
 *
 * Objects and their lifetimes
 *   warden_component_t           a decoded and validated component. Immutable and
 *                                reference-counted, like warden_module_t: shared by any number
 *                                of stores and threads.
 *   warden_component_linker_t    host definitions by name, used to satisfy a component's imports.
 *                                Not tied to a store; used by one thread at a time.
 *   warden_component_instance_t  an instantiated component. It lives in a store, as long as the
 *                                store: every core instance, memory and table it makes counts
 *                                against the store's limits.
 *   warden_component_func_t      a function exported by an instance; valid as long as its store.
 *   warden_component_resource_t  a resource handle given to the host; valid as long as its store.
 *   warden_component_type_t, warden_component_functype_t
 *                                types, owned by the component (or the function) they come from.
 *
 * Values and ownership
 *   A warden_component_val_t owns what it points to: strings, the elements of lists, tuples and
 *   records, payloads, names. warden_component_val_delete() frees what a value owns (not the value
 *   itself, which is usually an array element or a local). Arguments stay the caller's; results
 *   are given to the caller, who deletes them. Names (record fields, cases, flags) are
 *   NUL-terminated; strings carry a length and hold UTF-8 (they may hold NUL).
 *
 * Errors and traps follow warden.h: API misuse and link failures are errors; a guest that fails
 * while running, or a value the canonical ABI refuses (invalid UTF-8, a pointer out of bounds, a
 * bad discriminant, a handle of the wrong type...) ends the call with a trap.
 */
#ifndef WARDEN_COMPONENT_H
#define WARDEN_COMPONENT_H

#include "warden.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct warden_component warden_component_t;
typedef struct warden_component_linker warden_component_linker_t;
typedef struct warden_component_instance warden_component_instance_t;
typedef struct warden_component_func warden_component_func_t;
typedef struct warden_component_resource warden_component_resource_t;
typedef struct warden_component_type warden_component_type_t;
typedef struct warden_component_functype warden_component_functype_t;
typedef struct warden_component_caller warden_component_caller_t;

/* ------------------------------------------------------------------------------------------------
 * Values
 * ---------------------------------------------------------------------------------------------- */

typedef enum warden_component_kind {
    WARDEN_COMPONENT_BOOL = 1,
    WARDEN_COMPONENT_S8,
    WARDEN_COMPONENT_U8,
    WARDEN_COMPONENT_S16,
    WARDEN_COMPONENT_U16,
    WARDEN_COMPONENT_S32,
    WARDEN_COMPONENT_U32,
    WARDEN_COMPONENT_S64,
    WARDEN_COMPONENT_U64,
    WARDEN_COMPONENT_F32,
    WARDEN_COMPONENT_F64,
    WARDEN_COMPONENT_CHAR,
    WARDEN_COMPONENT_STRING,
    WARDEN_COMPONENT_LIST,
    WARDEN_COMPONENT_RECORD,
    WARDEN_COMPONENT_TUPLE,
    WARDEN_COMPONENT_VARIANT,
    WARDEN_COMPONENT_ENUM,
    WARDEN_COMPONENT_OPTION,
    WARDEN_COMPONENT_RESULT,
    WARDEN_COMPONENT_FLAGS,
    WARDEN_COMPONENT_OWN,
    WARDEN_COMPONENT_BORROW,
    WARDEN_COMPONENT_BYTES, /* values only: a list<u8> in compact form (see below) */
    WARDEN_COMPONENT_MAP,
} warden_component_kind_t;

typedef struct warden_component_val warden_component_val_t;
typedef struct warden_component_field warden_component_field_t;
typedef struct warden_component_entry warden_component_entry_t;

/* A dynamic value. Which member of `of` holds it follows from `kind`:
 *   BOOL .. U64, F32, F64   the scalar member of the same name (floats by value: the canonical ABI
 *                           turns every NaN into the canonical one when it lifts or lowers)
 *   CHAR                    ch, a Unicode scalar value (not a surrogate, at most 0x10FFFF)
 *   STRING                  string: UTF-8 bytes, len of them, owned
 *   LIST, TUPLE             list: len elements, owned (a fixed-length list, list<T, N>, has
 *                           exactly N)
 *   RECORD                  record: len fields in the type's order, each a name and a value
 *   VARIANT                 variant: the case's name, and its payload or NULL for a case without
 *   ENUM                    name: the case's name
 *   OPTION                  payload: the value of `some`, or NULL for `none`
 *   RESULT                  result: is_err, and the payload of `ok`/`err` or NULL for none
 *   FLAGS                   flags: the names of the flags that are set, len of them
 *   OWN, BORROW             resource: a handle of the store (see Resources below)
 *   BYTES                   bytes: len bytes, owned: a value of type list<u8> in compact form.
 *                           Lifting a list<u8> always gives BYTES, so that bulk data crosses at
 *                           memory-copy speed; a list<u8> argument may be given as BYTES or as a
 *                           LIST of U8 values, and the two forms compare equal.
 *   MAP                     map: len entries, each a key and a value, in the order they were
 *                           given. The canonical ABI passes a map as the list of its entries, so
 *                           a key may appear more than once; warden keeps every entry. */
struct warden_component_val {
    warden_component_kind_t kind;
    union {
        bool boolean;
        int8_t s8;
        uint8_t u8;
        int16_t s16;
        uint16_t u16;
        int32_t s32;
        uint32_t u32;
        int64_t s64;
        uint64_t u64;
        float f32;
        double f64;
        uint32_t ch;
        struct {
            char *ptr;
            size_t len;
        } string;
        struct {
            warden_component_val_t *ptr;
            size_t len;
        } list;
        struct {
            warden_component_field_t *ptr;
            size_t len;
        } record;
        struct {
            char *name;
            warden_component_val_t *payload;
        } variant;
        char *name;
        warden_component_val_t *payload;
        struct {
            bool is_err;
            warden_component_val_t *payload;
        } result;
        struct {
            char **names;
            size_t len;
        } flags;
        warden_component_resource_t *resource;
        struct {
            uint8_t *ptr;
            size_t len;
        } bytes;
        struct {
            warden_component_entry_t *ptr;
            size_t len;
        } map;
    } of;
};

struct warden_component_field {
    char *name;
    warden_component_val_t val;
};

struct warden_component_entry {
    warden_component_val_t key;
    warden_component_val_t val;
};

/* Frees what `val` owns and leaves it a BOOL false. NULL does nothing. */
void warden_component_val_delete(warden_component_val_t *val);

/* Deep copy. On failure (NO_MEMORY) *out is left a BOOL false. */
warden_error_t *warden_component_val_copy(const warden_component_val_t *val,
                                          warden_component_val_t *out);

/* Structural equality: same kind, same names, same contents; floats compare by bits except that
 * every NaN equals every NaN; resources compare by handle. */
bool warden_component_val_equal(const warden_component_val_t *a, const warden_component_val_t *b);

/* Builders. Each one frees what *out owned first, then makes it the value described; the parts it
 * allocates (elements, fields, payloads) are zeroed BOOL false values for the caller to fill. Names
 * and string bytes are copied. They fail only with NO_MEMORY (or ARGUMENT for a NULL out), and
 * leave *out a BOOL false then. */
warden_error_t *warden_component_val_set_string(warden_component_val_t *out, const char *utf8,
                                                size_t len);
/* A BYTES value holding a copy of data[0..len). */
warden_error_t *warden_component_val_set_bytes(warden_component_val_t *out, const uint8_t *data,
                                               size_t len);
/* kind: WARDEN_COMPONENT_LIST or WARDEN_COMPONENT_TUPLE. */
warden_error_t *warden_component_val_set_list(warden_component_val_t *out,
                                              warden_component_kind_t kind, size_t len);
/* Fields get their names from `names` (len of them). */
warden_error_t *warden_component_val_set_record(warden_component_val_t *out,
                                                const char *const *names, size_t len);
warden_error_t *warden_component_val_set_variant(warden_component_val_t *out, const char *name,
                                                 bool has_payload);
warden_error_t *warden_component_val_set_enum(warden_component_val_t *out, const char *name);
warden_error_t *warden_component_val_set_option(warden_component_val_t *out, bool is_some);
warden_error_t *warden_component_val_set_result(warden_component_val_t *out, bool is_err,
                                                bool has_payload);
warden_error_t *warden_component_val_set_flags(warden_component_val_t *out,
                                               const char *const *names, size_t len);
/* A MAP of len entries, keys and values zeroed BOOL false. */
warden_error_t *warden_component_val_set_map(warden_component_val_t *out, size_t len);

/* ------------------------------------------------------------------------------------------------
 * Types (reflection)
 *
 * A value type as the component declares it, with its names resolved. Owned by the component or
 * function it was reached from.
 * ---------------------------------------------------------------------------------------------- */

warden_component_kind_t warden_component_type_kind(const warden_component_type_t *type);
/* The kind's name as WIT and WAVE write it: "bool", "u32", "string", "list", "record", "own"...
 * ("bytes" for WARDEN_COMPONENT_BYTES, "unknown" for a value that is no kind). */
const char *warden_component_kind_name(warden_component_kind_t kind);
/* RECORD: fields; VARIANT: cases; ENUM: cases; FLAGS: flags; TUPLE: elements; RESULT: 2 (ok,
 * err); MAP: 2 (key, value); LIST, OPTION: 1; others 0. */
size_t warden_component_type_count(const warden_component_type_t *type);
/* The name of field, case or flag i (RECORD, VARIANT, ENUM, FLAGS); NULL otherwise. */
const char *warden_component_type_name(const warden_component_type_t *type, size_t i);
/* The type of field i (RECORD), element i (TUPLE), the payload of case i (VARIANT; NULL when the
 * case has none), the element (LIST, OPTION: i = 0), ok (i = 0) or err (i = 1) of a RESULT (NULL
 * when absent), the key (i = 0) or value (i = 1) of a MAP. NULL for anything else. */
const warden_component_type_t *warden_component_type_elem(const warden_component_type_t *type,
                                                          size_t i);
/* The length N of a fixed-length list, list<T, N>; 0 for a list of any length and other kinds. */
uint32_t warden_component_type_length(const warden_component_type_t *type);
/* The WIT name a component gave this type (`point` for `type point = record {...}`), or NULL. */
const char *warden_component_type_label(const warden_component_type_t *type);

size_t warden_component_functype_param_count(const warden_component_functype_t *type);
/* Parameter i: its name and type. */
bool warden_component_functype_param(const warden_component_functype_t *type, size_t i,
                                     const char **name, const warden_component_type_t **param);
/* The result type, or NULL when the function returns nothing. */
const warden_component_type_t *
warden_component_functype_result(const warden_component_functype_t *type);

/* ------------------------------------------------------------------------------------------------
 * Components
 * ---------------------------------------------------------------------------------------------- */

/* True when `bytes` start like a component (the preamble with layer 1), false for a core module or
 * anything else. */
bool warden_is_component(const uint8_t *bytes, size_t len);

/* Decodes and validates a component; its core modules are decoded, validated and lowered by the
 * engine like warden_module_new. MALFORMED and INVALID errors carry the byte offset in `bytes`. */
warden_error_t *warden_component_new(warden_engine_t *engine, const uint8_t *bytes, size_t len,
                                     warden_component_t **out);
warden_component_t *warden_component_clone(warden_component_t *component);
void warden_component_delete(warden_component_t *component);

typedef enum warden_component_item_kind {
    WARDEN_COMPONENT_ITEM_MODULE = 0, /* a core module */
    WARDEN_COMPONENT_ITEM_FUNC,
    WARDEN_COMPONENT_ITEM_VALUE,
    WARDEN_COMPONENT_ITEM_TYPE,
    WARDEN_COMPONENT_ITEM_COMPONENT,
    WARDEN_COMPONENT_ITEM_INSTANCE,
} warden_component_item_kind_t;

size_t warden_component_import_count(const warden_component_t *component);
/* Import i: its full name (`f`, `ns:pkg/iface@1.2.3`...) and what kind of item it is. */
bool warden_component_import(const warden_component_t *component, size_t i, const char **name,
                             warden_component_item_kind_t *kind);
size_t warden_component_export_count(const warden_component_t *component);
bool warden_component_export(const warden_component_t *component, size_t i, const char **name,
                             warden_component_item_kind_t *kind);

/* The component's world in WIT: its imports and exports with their full types, named types
 * included. *out is NUL-terminated, *len bytes long; the caller frees it with free(). */
warden_error_t *warden_component_wit(const warden_component_t *component, char **out, size_t *len);

/* ------------------------------------------------------------------------------------------------
 * The linker: host functions and instances, by name
 * ---------------------------------------------------------------------------------------------- */

/* A host function. `args` are the lifted arguments (owned by the caller of the callback: read,
 * do not keep or free them). Fill results[0..nresults) (0 or 1 of them) with values of the
 * function's result type; the runtime takes them over. Return NULL, or a trap made with
 * warden_trap_new() to end the guest's call. */
typedef warden_trap_t *(*warden_component_host_func_t)(void *env, warden_component_caller_t *caller,
                                                       const warden_component_val_t *args,
                                                       size_t nargs,
                                                       warden_component_val_t *results,
                                                       size_t nresults);

/* Inside a host function: its store, and the type the importing component gave the function. */
warden_store_t *warden_component_caller_store(warden_component_caller_t *caller);
const warden_component_functype_t *warden_component_caller_type(warden_component_caller_t *caller);

warden_error_t *warden_component_linker_new(warden_engine_t *engine,
                                            warden_component_linker_t **out);
void warden_component_linker_delete(warden_component_linker_t *linker);

/* Defines a host function under its full name: a root name (`log`) or a function of an interface,
 * `ns:pkg/iface@1.2.3#name`. An import of `ns:pkg/iface@1.2.0` is satisfied by a definition under
 * a compatible version, the highest one defined: compatible versions have the same canonical
 * version (the Explainer's canonical interface names: the same major version from 1.0.0 on, the
 * same minor below it, the same patch below 0.1.0; a pre-release only itself). The function's type
 * is the one each importing component declares; the values the callback returns are checked against
 * it. `finalizer`, if given, runs on env when the linker is deleted. A later definition of the same
 * name replaces the earlier one. */
warden_error_t *warden_component_linker_define_func(warden_component_linker_t *linker,
                                                    const char *name, size_t name_len,
                                                    warden_component_host_func_t callback,
                                                    void *env, void (*finalizer)(void *));

/* An async host function: like warden_component_host_func_t, but it returns at once and finishes
 * `completion` later (or at once, inside the callback), from any thread, with
 * warden_component_completion_return, or with warden_completion_trap; warden_completion_on_cancel
 * works as for core functions (warden.h, "Calls that pause"). `caller` and `args` are valid only
 * during the callback: a borrowed handle among the arguments is lent for the callback only. A
 * guest's call of the function pauses (WARDEN_CALL_PENDING) while the host has not finished it,
 * when it runs as a call that pauses (warden_component_call_new); under
 * warden_component_func_call it is waited for on the calling thread. The result is checked and
 * lowered into the guest when the call goes on, on the thread that resumes it, as a sync host
 * function's result is (through the guest's realloc, handles into its table). A call that cannot
 * pause (one made by a host function that re-entered the guest, or between two components) fails
 * with a host trap unless the callback finishes it before it returns. */
typedef void (*warden_component_async_func_t)(void *env, warden_component_caller_t *caller,
                                              const warden_component_val_t *args, size_t nargs,
                                              warden_completion_t *completion);
/* Defines an async host function, as warden_component_linker_define_func defines a sync one. */
warden_error_t *warden_component_linker_define_func_async(warden_component_linker_t *linker,
                                                          const char *name, size_t name_len,
                                                          warden_component_async_func_t callback,
                                                          void *env, void (*finalizer)(void *));
/* Finishes an async host function's completion with its result (NULL for a function without
 * one), which it takes over: *result is left BOOL false. The result is checked against the
 * function's type when the call goes on: one that does not match ends the call with a host trap.
 * Any thread; the completion must be one given to a warden_component_async_func_t. */
void warden_component_completion_return(warden_completion_t *completion,
                                        warden_component_val_t *result);

/* Defines every export of `instance` under its own name, so that components instantiated later
 * in the same store can import them (another store's instantiation refuses them: UNLINKABLE).
 * The linker then refers to the instance: do not use it after the instance's store is deleted. */
warden_error_t *
warden_component_linker_define_instance(warden_component_linker_t *linker,
                                        const warden_component_instance_t *instance);

/* Instantiates `component` in `store`: its imports come from `linker` (NULL for none). Link and
 * limit failures are errors (UNLINKABLE names the import); a trap while starting (a core start
 * function) returns NULL and sets *trap. */
warden_error_t *warden_component_linker_instantiate(const warden_component_linker_t *linker,
                                                    warden_store_t *store,
                                                    const warden_component_t *component,
                                                    warden_component_instance_t **out,
                                                    warden_trap_t **trap);

/* ------------------------------------------------------------------------------------------------
 * Instances and calls
 * ---------------------------------------------------------------------------------------------- */

/* The exported function `name`: a root export (`run`) or a function of an exported interface,
 * `ns:pkg/iface@1.2.3#name`, whose version is matched as the linker matches imports. NULL when
 * there is none. */
warden_component_func_t *warden_component_instance_func(const warden_component_instance_t *instance,
                                                        const char *name, size_t name_len);

const warden_component_functype_t *warden_component_func_type(const warden_component_func_t *func);

/* Calls an exported function: lowers `args` (nargs of them, of the parameter types) into the
 * guest, runs it, lifts its result into results[0..nresults) (room for the 0 or 1 result), then
 * runs the function's post-return. The results belong to the caller. A value that does not match
 * its type, or a wrong count, is an ARGUMENT error and nothing runs; a trap returns NULL and sets
 * *trap (the results are then left BOOL false). After a trap the instance refuses further calls
 * (the Component Model's rule: a trapped instance is poisoned). The trap's backtrace names the
 * component functions it ran through (WARDEN_TRAP_FRAME_COMPONENT frames, each outside the core
 * frames of its code), down to the core function that trapped. */
warden_error_t *warden_component_func_call(warden_store_t *store, warden_component_func_t *func,
                                           const warden_component_val_t *args, size_t nargs,
                                           warden_component_val_t *results, size_t nresults,
                                           warden_trap_t **trap);

/* ------------------------------------------------------------------------------------------------
 * Calls that pause
 *
 * An exported function can run as a call that pauses (warden.h, "Calls that pause"): the
 * arguments are lowered into the guest when the call is made, the core call then runs under
 * warden_call_resume like any other (time slices, fuel, deadlines, interrupts, a scheduler), and
 * the result is lifted, and post-return run, when it is taken. The sync functions the component
 * imports from the host run inside it; an async one (warden_component_linker_define_func_async)
 * pauses the call (WARDEN_CALL_PENDING) until the host finishes it. A call made this way is the
 * store's one unfinished call, as warden_call_new says.
 * ---------------------------------------------------------------------------------------------- */

typedef struct warden_component_call warden_component_call_t;

/* Checks the arguments as warden_component_func_call does and lowers them (which runs the
 * guest's realloc: a trap there returns NULL with *trap set, and no call is made). */
warden_error_t *warden_component_call_new(warden_store_t *store, warden_component_func_t *func,
                                          const warden_component_val_t *args, size_t nargs,
                                          warden_component_call_t **out, warden_trap_t **trap);
/* The core call to drive: resume it, set its waker, spawn it on a scheduler, cancel it. It
 * belongs to the component call: never delete it. A trap it ends with (warden_call_trap) holds
 * the frames of the core code only; traps of warden_component_call_new and _results end with the
 * component function's frame (WARDEN_TRAP_FRAME_COMPONENT), as those of a func_call do. */
warden_call_t *warden_component_call_core(warden_component_call_t *call);
/* Once the core call is DONE: lifts the result into results[0..nresults) (room for the 0 or 1
 * result; the caller owns it) and runs post-return; a trap while doing so returns NULL with
 * *trap set. Once only; an ARGUMENT error before DONE or a second time. A TRAPPED core call
 * poisons the instance, like a trap of warden_component_func_call. */
warden_error_t *warden_component_call_results(warden_component_call_t *call,
                                              warden_component_val_t *results, size_t nresults,
                                              warden_trap_t **trap);
/* Deletes the core call too (cancelling it first if it is unfinished). A call may outlive its
 * store, as a core call does: the store's deletion ends it (TRAPPED), and it is still deleted
 * with this. */
void warden_component_call_delete(warden_component_call_t *call);

/* ------------------------------------------------------------------------------------------------
 * Resources
 *
 * A resource handle that leaves the guest (an `own` or `borrow` result, or an argument of a host
 * function) reaches the host as a warden_component_resource_t of the store. An owned one that the
 * host neither passes back nor drops is freed with the store; its destructor does not run then
 * (it is guest code, and the guest's instances go with the store), as with any guest state. A
 * borrowed one given to a host function lives for that call: its object is reused by later
 * borrows, and a pointer to it kept past the call (which the host must not use) is of a borrow
 * that is over, or of a later one. The store keeps each owned one's object (a few words) until
 * the store is deleted, also after it was dropped or passed back.
 * ---------------------------------------------------------------------------------------------- */

/* True for an owned handle, false for a borrowed one. */
bool warden_component_resource_owned(const warden_component_resource_t *resource);
/* Drops an owned handle: runs the resource's destructor, if it has one. A handle already dropped
 * or passed back, or a borrowed one, is an ARGUMENT error. */
warden_error_t *warden_component_resource_drop(warden_store_t *store,
                                               warden_component_resource_t *resource,
                                               warden_trap_t **trap);

/* ------------------------------------------------------------------------------------------------
 * The WebAssembly Value Encoding (WAVE)
 * ---------------------------------------------------------------------------------------------- */

/* Parses `text` as a value of `type`: `true`, `-3`, `1.5`, `nan`, `'c'`, `"text\n"`, `[1, 2]`,
 * `(1, "a")`, `{a: 1, b: "x"}`, `case`, `case(payload)`, `some(1)`, `none`, `ok`, `ok(1)`, `err`,
 * `err("x")`, `{read, write}`. A value that does not parse or does not fit the type is an ARGUMENT
 * error saying where. */
warden_error_t *warden_component_val_from_wave(const warden_component_type_t *type,
                                               const char *text, size_t len,
                                               warden_component_val_t *out);
/* Writes `val` in WAVE, on one line. *out is NUL-terminated; the caller frees it with free(). */
warden_error_t *warden_component_val_to_wave(const warden_component_val_t *val, char **out,
                                             size_t *len);

#ifdef __cplusplus
}
#endif

#endif /* WARDEN_COMPONENT_H */
