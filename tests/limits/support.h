/* Helpers shared by the resource-control tests: fixtures, environments (engine, store, linker),
 * host functions, calls with trap checks, a monotonic clock and a watchdog that keeps a broken
 * limit from hanging a test. */
#ifndef WARDEN_TESTS_LIMITS_SUPPORT_H
#define WARDEN_TESTS_LIMITS_SUPPORT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "warden.h"

/* Takes the fixture directory from argv[1] when given. Call first in main(). */
void lt_init(int argc, char **argv);

/* An engine (default configuration when config is NULL), a store and an empty linker. */
typedef struct lt_env {
    warden_engine_t *engine;
    warden_store_t *store;
    warden_linker_t *linker;
} lt_env;

lt_env *lt_env_new(const warden_config_t *config);
void lt_env_delete(lt_env *env);
/* A configuration with fuel metering on and the default costs. */
warden_config_t lt_fuel_config(void);

/* Decodes <fixture dir>/<stem>.wasm, failing the test on any error. */
warden_module_t *lt_module(warden_engine_t *engine, const char *stem);
/* Instantiates a fixture in env's store, failing the test on an error or a trap. */
warden_instance_t *lt_instantiate(lt_env *env, const char *stem);
/* Instantiates a fixture and returns the error (NULL on success); *trap gets any trap. */
warden_error_t *lt_try_instantiate(lt_env *env, const char *stem, warden_instance_t **out,
                                   warden_trap_t **trap);

warden_func_t *lt_func(const warden_instance_t *inst, const char *name);
warden_memory_t *lt_memory(const warden_instance_t *inst, const char *name);
warden_table_t *lt_table(const warden_instance_t *inst, const char *name);
int32_t lt_global_i32(const warden_instance_t *inst, const char *name);

/* Defines module.name in env's linker as a host function of type [i32 x nparams] -> [i32 x
 * nresults]. */
warden_func_t *lt_define_host(lt_env *env, const char *module, const char *name, uint32_t nparams,
                              uint32_t nresults, warden_host_func_t callback, void *cb_env);

warden_val_t lt_i32(int32_t v);

/* Asserts that `err` is NULL; otherwise prints its kind and message and fails. */
#define LT_OK(err) lt_ok_at((err), #err, __FILE__, __LINE__)
void lt_ok_at(warden_error_t *err, const char *what, const char *file, int line);

/* Calls func with i32 arguments; returns the trap (NULL when the call returned), failing the test
 * on an API error. When the call returns and nresults is 1, *result gets the i32 result. */
warden_trap_t *lt_call(warden_store_t *store, warden_func_t *func, int32_t *result,
                       uint32_t nresults, size_t nargs, ...);

/* Asserts that trap is NULL (printing its kind and message otherwise). */
#define LT_NO_TRAP(trap) lt_no_trap_at((trap), __FILE__, __LINE__)
void lt_no_trap_at(warden_trap_t *trap, const char *file, int line);
/* Asserts that trap is not NULL and of `kind`, then deletes it. */
#define LT_TRAP(trap, kind) lt_trap_at((trap), (kind), __FILE__, __LINE__)
void lt_trap_at(warden_trap_t *trap, warden_trap_kind_t kind, const char *file, int line);

/* Calls a function of type [i32*] -> [i32] and returns its result, failing on a trap:
 * lt_call_i32(store, func, nargs, args...). */
#define lt_call_i32(...) lt_call_i32_at(__FILE__, __LINE__, __VA_ARGS__)
int32_t lt_call_i32_at(const char *file, int line, warden_store_t *store, warden_func_t *func,
                       size_t nargs, ...);
/* Calls a function of type [i32*] -> [] and fails on a trap: lt_call_void(store, func, nargs,
 * args...). */
#define lt_call_void(...) lt_call_void_at(__FILE__, __LINE__, __VA_ARGS__)
void lt_call_void_at(const char *file, int line, warden_store_t *store, warden_func_t *func,
                     size_t nargs, ...);

/* Asserts that err is a WARDEN_ERROR_LIMIT whose message contains every string of the
 * NULL-terminated list, then deletes it. */
#define LT_LIMIT_ERROR(err, ...) lt_limit_error_at((err), __FILE__, __LINE__, __VA_ARGS__, NULL)
void lt_limit_error_at(warden_error_t *err, const char *file, int line, ...);

/* Seconds on the monotonic clock. */
double lt_now(void);

/* A watchdog: after `seconds`, raises an interrupt on `store` from its own thread, so a limit that
 * fails to stop a guest makes the test fail (the call ends INTERRUPTED) instead of hanging. */
typedef struct lt_watchdog lt_watchdog;
lt_watchdog *lt_watchdog_start(warden_store_t *store, double seconds);
/* Stops the watchdog; returns true when it fired. */
bool lt_watchdog_stop(lt_watchdog *w);

/* A one-shot event between threads: set() once, wait() until set. */
typedef struct lt_event lt_event;
lt_event *lt_event_new(void);
void lt_event_set(lt_event *e);
void lt_event_wait(lt_event *e);
void lt_event_delete(lt_event *e);

/* Defines host.ready: a guest calls it once it runs, and it sets *event (when not NULL), so that
 * another thread knows the guest is running. *event may be replaced between calls. */
void lt_define_ready(lt_env *env, lt_event *const *event);

#endif
