/* What the canonical ABI tests share: types and values written as tokens (the oracle's format,
 * see oracle.py), strict value comparison, a store with a memory and a realloc function whose
 * calls are logged, and the fixture of the unit tests. */
#ifndef WARDEN_TESTS_COMPONENT_ABI_SUPPORT_H
#define WARDEN_TESTS_COMPONENT_ABI_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "component/abi_util.h"

/* Allocations that live as long as one case: types, names, arrays. */
typedef struct arena {
    void **blocks;
    size_t n, cap;
} arena;

void *arena_alloc(arena *a, size_t size);
char *arena_strdup(arena *a, const char *s);
void arena_free(arena *a);

/* A line split into tokens. */
typedef struct toks {
    char **t;
    size_t n, i;
} toks;

/* Splits `line` (modified in place) at spaces; the token array is the arena's. */
void toks_split(arena *a, char *line, toks *out);
const char *toks_next(toks *t);

/* The types of the oracle's format; NULL on a malformed type (or one wm_type_finish refuses). */
const warden_component_type_t *parse_type(arena *a, toks *t);
/* A function type: N params, then the result type or _. */
warden_component_functype_t *parse_functype(arena *a, toks *t);
/* A value of `type`; false when the tokens do not make one. */
bool parse_value(const warden_component_type_t *type, toks *t, warden_component_val_t *out);
/* Core values: i<u32> I<u64> f<hex> F<hex>. Returns how many (at most cap), or -1. */
int parse_flat(toks *t, warden_val_t *out, size_t cap);
wm_encoding parse_encoding(const char *s, bool *ok);

/* Equality with floats compared by their bits. */
bool val_same(const warden_component_val_t *a, const warden_component_val_t *b);
/* Writes a value in the oracle's format (for messages), into buf. */
void val_format(const warden_component_type_t *t, const warden_component_val_t *v, char *buf,
                size_t cap);

/* The realloc function of the cases: a bump allocator from `last`; mode 'g' grows the memory
 * (up to max_pages) instead of trapping when full, mode 'x' returns bad_val on call bad_call.
 * Every call is logged. */
typedef struct realloc_call {
    uint32_t old, old_size, align, new_size, ret;
    bool trapped;
} realloc_call;

typedef struct heap {
    warden_memory_t *memory;
    char mode; /* 'b' bump, 'g' grow, 'x' bad */
    uint64_t last;
    uint32_t max_pages, bad_call, bad_val;
    realloc_call log[64];
    size_t nlog;
    bool log_overflow;
} heap;

/* A store with one memory of `pages` pages (growable to max_pages) and the realloc function of
 * `h`; false when something cannot be made. */
typedef struct rig {
    warden_store_t *store;
    warden_memory_t *memory;
    warden_func_t *realloc;
    heap heap;
} rig;

bool rig_new(warden_engine_t *engine, uint32_t pages, uint32_t max_pages, rig *r);
void rig_delete(rig *r);

/* The unit tests' fixture: an engine, a rig of one page (growable to 4), an arena, and the
 * options of a call over them (UTF-8, not fused). */
typedef struct fixture {
    warden_engine_t *engine;
    rig rig;
    arena arena;
    wm_abi abi;
} fixture;

int fixture_setup(void **state);
int fixture_teardown(void **state);
/* A type or a value in the oracle's format; fails the test when it does not parse. */
const warden_component_type_t *fx_type(fixture *f, const char *text);
warden_component_val_t fx_value(fixture *f, const warden_component_type_t *t, const char *text);
/* The memory's bytes. */
uint8_t *fx_mem(fixture *f);
/* The realloc function from now on: a bump allocator from `base`; with fx_bad, one that returns
 * `val` on its call number `call` (counted from 0 from now on). */
void fx_bump(fixture *f, uint64_t base);
void fx_bad(fixture *f, uint32_t call, uint32_t val);
/* Fails unless the call failed with a trap carrying exactly `msg` (in *trap, read after the call
 * returned); frees the trap. */
void fx_trapped(bool ok, warden_trap_t **trap, const char *msg);

#endif
