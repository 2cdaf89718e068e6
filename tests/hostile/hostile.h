/* Shared by the hostile-module tests: an engine and store, the fixtures, and the measures the
 * tests bound (CPU time, heap in use). */
#ifndef WARDEN_TESTS_HOSTILE_HOSTILE_H
#define WARDEN_TESTS_HOSTILE_HOSTILE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "warden.h"

typedef struct hl_env {
    warden_engine_t *engine;
    warden_store_t *store;
    warden_linker_t *linker;
} hl_env;

/* An engine (with `config`, or the defaults when NULL), a store and an empty linker. */
hl_env *hl_env_new(const warden_config_t *config);
void hl_env_delete(hl_env *env);
/* Sets the store's limits: the defaults with max_memory_bytes = `memory` (0: none). */
void hl_limit_memory(hl_env *env, uint64_t memory);

/* A module from bytes, failing the test on an error. */
warden_module_t *hl_module(hl_env *env, const uint8_t *bytes, size_t len);
/* A module from the fixture wasm/<stem>.wasm. */
warden_module_t *hl_fixture(hl_env *env, const char *stem);
/* Instantiates with the env's linker, failing on an error or a trap. */
warden_instance_t *hl_instantiate(hl_env *env, warden_module_t *module);
warden_func_t *hl_func(warden_instance_t *inst, const char *name);
warden_table_t *hl_table(warden_instance_t *inst, const char *name);

/* Asserts that `err` is an error of `kind` whose message contains every given string (a NULL
 * ends the list); deletes it. */
#define HL_ERROR(err, kind, ...) hl_error_at((err), (kind), __FILE__, __LINE__, __VA_ARGS__, NULL)
void hl_error_at(warden_error_t *err, warden_error_kind_t kind, const char *file, int line, ...);
#define HL_OK(err) hl_error_at((err), 0, __FILE__, __LINE__, NULL)

/* Seconds of CPU time this process has used. */
double hl_cpu_seconds(void);
/* Bytes of heap in use (malloc's own count), or -1 where it cannot be known (under
 * AddressSanitizer, whose allocator is not malloc's). */
int64_t hl_heap_bytes(void);
/* Generous bounds: the tests bound the order of growth, not the speed of the machine, and run
 * several times slower under the sanitizers. */
#define HL_SECONDS(s) (hl_slow_build() ? 5 * (s) : (s))
bool hl_slow_build(void);

#endif
