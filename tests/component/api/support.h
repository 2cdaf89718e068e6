/* Helpers of the component API tests: loading the guest components (tests/component/guests,
 * built at build time), instantiating them, and calling their functions with arguments and
 * results written in WAVE, so that a test reads as `name(args)` and the exact result expected.
 * Assertions report the warden error or trap by its message before failing the test. */
#ifndef WARDEN_TESTS_COMPONENT_API_SUPPORT_H
#define WARDEN_TESTS_COMPONENT_API_SUPPORT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>

#include "warden_component.h"

/* An engine, a store and an empty component linker. */
typedef struct capi_env {
    warden_engine_t *engine;
    warden_store_t *store;
    warden_component_linker_t *linker;
} capi_env;

/* Takes the guests' directory from argv[1]. Call first in main(). */
void capi_init(int argc, char **argv);

capi_env *capi_env_new(void);
/* Deletes the linker, then the store, then the engine. NULL does nothing. */
void capi_env_delete(capi_env *env);
/* cmocka fixtures: *state becomes a capi_env *. */
int capi_setup(void **state);
int capi_teardown(void **state);

/* The bytes of the guest component <dir>/<stem>.wasm (malloc'd). */
uint8_t *capi_bytes(const char *stem, size_t *len);
/* The guest component <dir>/<stem>.wasm, decoded; fails the test on an error. */
warden_component_t *capi_component(warden_engine_t *engine, const char *stem);
/* Instantiates the guest `stem` in env's store with env's linker; fails on an error or a trap. */
warden_component_instance_t *capi_instantiate(capi_env *env, const char *stem);
/* The exported function `name`; fails the test when there is none. */
warden_component_func_t *capi_func(const warden_component_instance_t *inst, const char *name);

/* Asserts that err is NULL, else prints it and fails. */
#define CAPI_OK(err) capi_ok_at((err), #err, __FILE__, __LINE__)
void capi_ok_at(warden_error_t *err, const char *what, const char *file, int line);
/* Asserts that err is an error of `kind` with exactly `message` (unchecked when NULL); deletes
 * it. */
#define CAPI_ERROR(err, kind, message) capi_error_at((err), (kind), (message), __FILE__, __LINE__)
void capi_error_at(warden_error_t *err, warden_error_kind_t kind, const char *message,
                   const char *file, int line);
/* Asserts that trap is not NULL and has exactly `message`; deletes it. */
#define CAPI_TRAP(trap, message) capi_trap_at((trap), (message), __FILE__, __LINE__)
void capi_trap_at(warden_trap_t *trap, const char *message, const char *file, int line);

/* `val` in WAVE (malloc'd). */
char *capi_wave(const warden_component_val_t *val);
/* Asserts that `val` is `wave` when printed in WAVE. */
#define CAPI_WAVE(val, wave) capi_wave_at((val), (wave), __FILE__, __LINE__)
void capi_wave_at(const warden_component_val_t *val, const char *wave, const char *file, int line);
/* Parses `wave` as a value of `type`; fails the test when it does not parse. */
void capi_from_wave(const warden_component_type_t *type, const char *wave,
                    warden_component_val_t *out);

/* Calls `call`, written `name(arg, ...)` in WAVE, on inst:
 *   CAPI_CALL       asserts no error and no trap, and that the result printed in WAVE is
 *                   `expected` (NULL: the function returns nothing);
 *   CAPI_CALL_TRAP  asserts that it trapped with exactly `message`;
 *   CAPI_CALL_ERROR asserts that it failed with an error of `kind` and exactly `message`. */
#define CAPI_CALL(env, inst, call, expected)                                                       \
    capi_call_at((env), (inst), (call), (expected), __FILE__, __LINE__)
void capi_call_at(capi_env *env, const warden_component_instance_t *inst, const char *call,
                  const char *expected, const char *file, int line);
#define CAPI_CALL_TRAP(env, inst, call, message)                                                   \
    capi_call_trap_at((env), (inst), (call), (message), __FILE__, __LINE__)
void capi_call_trap_at(capi_env *env, const warden_component_instance_t *inst, const char *call,
                       const char *message, const char *file, int line);

/* Calls func with args (nargs of them) and, when the function has a result, returns it in *result
 * (else leaves it a BOOL false); asserts no error and no trap. */
#define CAPI_INVOKE(env, func, args, nargs, result)                                                \
    capi_invoke_at((env), (func), (args), (nargs), (result), __FILE__, __LINE__)
void capi_invoke_at(capi_env *env, warden_component_func_t *func,
                    const warden_component_val_t *args, size_t nargs,
                    warden_component_val_t *result, const char *file, int line);

/* Asserts that two possibly-NULL strings are equal. */
#define CAPI_STREQ(a, b) capi_streq_at((a), (b), __FILE__, __LINE__)
void capi_streq_at(const char *a, const char *b, const char *file, int line);

/* Values. */
warden_component_val_t capi_u32(uint32_t v);
warden_component_val_t capi_s32(int32_t v);
warden_component_val_t capi_bool(bool v);
/* A STRING holding a copy of the NUL-terminated s. */
warden_component_val_t capi_string(const char *s);
/* An OWN or BORROW value of a resource handle. */
warden_component_val_t capi_handle(warden_component_kind_t kind, warden_component_resource_t *r);

/* A guest instantiated in its own env: capi_values_setup makes one of the values guest,
 * capi_guest_teardown deletes it. */
typedef struct capi_guest_fixture {
    capi_env *env;
    warden_component_instance_t *inst;
} capi_guest_fixture;
int capi_values_setup(void **state);
int capi_guest_teardown(void **state);

/* The resources guest (guests/resources.c) with its `on-drop` import logging the representation
 * each destructor run was given. The log outlives the store: destructors may run while the store
 * is deleted. */
typedef struct capi_drop_log {
    uint32_t values[64];
    size_t n;
} capi_drop_log;
typedef struct capi_res_fixture {
    capi_env *env;
    capi_drop_log *log;
    warden_component_instance_t *inst;
} capi_res_fixture;
/* on-drop(rep: u32): appends rep to the capi_drop_log env (a host trap for other arguments). */
warden_trap_t *capi_on_drop(void *env, warden_component_caller_t *caller,
                            const warden_component_val_t *args, size_t nargs,
                            warden_component_val_t *results, size_t nresults);
/* cmocka setup and teardown of a capi_res_fixture. */
int capi_res_setup(void **state);
int capi_res_teardown(void **state);

/* A test run with a fresh values guest, or a fresh resources guest, of its own. */
#define CAPI_VALUES_TEST(f)                                                                        \
    cmocka_unit_test_setup_teardown(f, capi_values_setup, capi_guest_teardown)
#define CAPI_RES_TEST(f) cmocka_unit_test_setup_teardown(f, capi_res_setup, capi_res_teardown)

#endif
