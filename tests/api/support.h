/* Shared helpers of the public API tests: fixture loading, value constructors, and assertions that
 * report a warden error or trap by its message before failing the test. */
#ifndef WARDEN_TESTS_API_SUPPORT_H
#define WARDEN_TESTS_API_SUPPORT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>

#include "warden.h"

/* An engine, a store and an empty linker, made by api_setup and freed by api_teardown. */
typedef struct api_env {
    warden_engine_t *engine;
    warden_store_t *store;
    warden_linker_t *linker;
} api_env;

/* Takes the fixture directory from argv[1] when given. Call first in main(). */
void api_init(int argc, char **argv);

/* cmocka group/test fixtures: *state becomes an api_env *. */
int api_setup(void **state);
int api_teardown(void **state);

/* For a file whose tests all use one instance: an env and the fixture `stem` instantiated in
 * it. api_instance_setup makes *state such a fixture (cmocka setups wrap it with their stem);
 * api_instance_teardown frees it. */
typedef struct api_instance_fixture {
    api_env *env;
    warden_instance_t *inst;
} api_instance_fixture;
int api_instance_setup(void **state, const char *stem);
int api_instance_teardown(void **state);

/* Reads <fixture dir>/<stem>.wasm; the caller frees the bytes. Fails the test if unreadable. */
uint8_t *api_read_wasm(const char *stem, size_t *len);
/* Decodes a fixture into a module, failing the test on any error. */
warden_module_t *api_module(warden_engine_t *engine, const char *stem);
/* Instantiates with the linker, failing the test on an error or a trap. */
warden_instance_t *api_instantiate(const warden_linker_t *linker, warden_store_t *store,
                                   const warden_module_t *module);
/* Loads a fixture and instantiates it in env's store with env's linker. The module reference is
 * released: the instance keeps its own. */
warden_instance_t *api_load(api_env *env, const char *stem);

/* The exported function `name`, failing the test when there is none. */
warden_func_t *api_func(const warden_instance_t *instance, const char *name);
/* The exported memory / table / global `name`, failing the test when there is none. */
warden_memory_t *api_memory(const warden_instance_t *instance, const char *name);
warden_table_t *api_table(const warden_instance_t *instance, const char *name);
warden_global_t *api_global(const warden_instance_t *instance, const char *name);

/* Values. */
warden_val_t api_i32(int32_t v);
warden_val_t api_i64(int64_t v);
warden_val_t api_f32_bits(uint32_t bits);
warden_val_t api_f64_bits(uint64_t bits);
warden_val_t api_funcref(warden_func_t *f);
warden_val_t api_externref(void *p);

/* Asserts that `err` is NULL; otherwise prints its kind and message and fails. */
#define API_OK(err) api_ok_at((err), #err, __FILE__, __LINE__)
void api_ok_at(warden_error_t *err, const char *what, const char *file, int line);

/* Asserts that `err` is an error of `kind` whose message is `message` (not checked when NULL),
 * then deletes it. */
#define API_ERROR(err, kind, message) api_error_at((err), (kind), (message), __FILE__, __LINE__)
void api_error_at(warden_error_t *err, warden_error_kind_t kind, const char *message,
                  const char *file, int line);

/* Calls `func` and asserts that it returned without error or trap. */
#define API_CALL(store, func, args, nargs, results, nresults)                                      \
    api_call_at((store), (func), (args), (nargs), (results), (nresults), __FILE__, __LINE__)
void api_call_at(warden_store_t *store, warden_func_t *func, const warden_val_t *args, size_t nargs,
                 warden_val_t *results, size_t nresults, const char *file, int line);

/* Calls `func`, asserts that it trapped (no error), and returns the trap. */
#define API_CALL_TRAP(store, func, args, nargs, nresults)                                          \
    api_call_trap_at((store), (func), (args), (nargs), (nresults), __FILE__, __LINE__)
warden_trap_t *api_call_trap_at(warden_store_t *store, warden_func_t *func,
                                const warden_val_t *args, size_t nargs, size_t nresults,
                                const char *file, int line);

/* Calls a function of type [i32*] -> [i32] with the given arguments and returns its result. */
int32_t api_call_i32(warden_store_t *store, warden_func_t *func, size_t nargs, ...);

/* Asserts the trap's kind, its message (when message is not NULL) and its backtrace: exactly
 * nframes frames with these function indices and names (a NULL name expects no name). */
#define API_TRAP(trap, kind, message, nframes, indices, names)                                     \
    api_trap_at((trap), (kind), (message), (nframes), (indices), (names), __FILE__, __LINE__)
void api_trap_at(const warden_trap_t *trap, warden_trap_kind_t kind, const char *message,
                 size_t nframes, const uint32_t *indices, const char *const *names,
                 const char *file, int line);

/* Asserts that two possibly-NULL strings are equal. */
#define API_STREQ(a, b) api_streq_at((a), (b), __FILE__, __LINE__)
void api_streq_at(const char *a, const char *b, const char *file, int line);

#endif
