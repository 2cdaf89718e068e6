/* Component value and function types, as the rest of src/component/ sees them.
 *
 * A warden_component_type_t is a resolved value type: type indices already followed, labels kept
 * for WIT. Types are immutable once built and live in an arena of the component (or of the
 * function) that made them, so they are shared freely by pointer. The canonical ABI's facts about
 * a type (size, alignment, flattening) are computed once, when it is built (wm_type_finish). */
#ifndef WARDEN_COMPONENT_TYPES_H
#define WARDEN_COMPONENT_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "warden.h"
#include "warden_component.h"

/* The canonical ABI's MAX_FLAT_PARAMS and MAX_FLAT_RESULTS. */
#define WM_MAX_FLAT_PARAMS 16
#define WM_MAX_FLAT_RESULTS 1
/* A type whose flattening is longer than this is never flattened whole (params spill past 16,
 * results past 1), so only its length is counted beyond it. */
#define WM_FLAT_CAP 17
/* The deepest nesting of value types wm_type_finish accepts (a scalar is 1, list<u8> is 2...):
 * lifting, lowering and checking a value recurse once per level, so the depth is bounded the way
 * Wasmtime bounds it. */
#define WM_MAX_TYPE_DEPTH 100

/* A resource type. Every `resource` definition of a component instance gets a fresh one when the
 * instance is made (resource types are generative); imported ones are the importer's. Types that
 * name a resource (own, borrow) name it by `id`: the index of the resource in the component's own
 * numbering of the resources it defines or imports (see component.h). */
struct warden_component_type {
    warden_component_kind_t kind;
    uint32_t count;           /* fields, cases, flags, enum cases, tuple elements */
    const char *const *names; /* count names: RECORD, VARIANT, ENUM, FLAGS */
    const warden_component_type_t *const *elems; /* RECORD, TUPLE: count element types;
                                                  * VARIANT: count payloads (NULL: none);
                                                  * LIST, OPTION: elems[0];
                                                  * RESULT: elems[0] ok, elems[1] err (NULL: none);
                                                  * MAP: elems[0] key, elems[1] value */
    const char *label;                           /* the WIT name given to it, or NULL */
    uint32_t length;   /* LIST: N of a fixed-length list<T, N>, 0 for a list of any length */
    uint32_t resource; /* OWN, BORROW: the resource's id */
    /* OWN, BORROW: which name of the resource the handle was written with (the resource name id
     * of the type index, see wm_typedef in component.h; 0 when none). Validation checks that
     * exported and imported types name their resources (external visibility) and that
     * [constructor] and [method] functions use the resource their name says. */
    uint32_t resource_alias;
    /* The type this one is a named copy of, or NULL. An `eq` bound and an export give a record,
     * variant, enum or flags type a new name, which validation tells apart from the original
     * (external visibility); the copy is still the same type (see wm_type_origin). */
    const warden_component_type_t *origin;

    /* The canonical ABI's facts, set by wm_type_finish. */
    uint32_t size;             /* elem_size */
    uint32_t align;            /* alignment */
    uint32_t flat_count;       /* length of flatten_type, capped at WM_FLAT_CAP */
    uint8_t flat[WM_FLAT_CAP]; /* flatten_type: WARDEN_I32, I64, F32 or F64 each */
    uint32_t size64, align64;  /* elem_size and alignment with 64-bit pointers: validation bounds
                                * elem_size(t, 'i64'), which can exceed the 32-bit one */
    uint32_t depth;            /* nesting: 1 for a type without element types */
    uint8_t contains;          /* WM_HAS_*: what the type holds, itself or in its elements */
};

/* What a type holds (warden_component_type_t.contains), so that validation need not walk it. */
#define WM_HAS_BORROW 0x01  /* a borrow handle */
#define WM_HAS_HANDLE 0x02  /* an own or borrow handle */
#define WM_HAS_POINTER 0x04 /* a string or a list: values that live in linear memory */

typedef struct wm_param {
    const char *name;
    const warden_component_type_t *type;
} wm_param;

struct warden_component_functype {
    uint32_t nparams;
    const wm_param *params;
    const warden_component_type_t *result; /* NULL: no result */

    /* Set by wm_functype_finish (flatten_functype for synchronous calls).
     * The lifted function (canon lift) takes flat_params core values and returns flat_results.
     * The lowered function (canon lower) takes flat_params values, then one more (the return
     * pointer) when result_in_memory, and returns flat_results values, or none when
     * result_in_memory. wm_functype_core spells the core types out. */
    uint32_t flat_params;  /* the params' flattening, or 1 (a pointer) when params_in_memory */
    uint32_t flat_results; /* the result's flattening (0 or 1), or 1 (the returned pointer) */
    bool params_in_memory; /* more than WM_MAX_FLAT_PARAMS: one i32 pointer */
    bool result_in_memory; /* more than WM_MAX_FLAT_RESULTS: a return pointer */
};

/* The type t is a named copy of, or t itself: what t stands for, whatever its name. */
static inline const warden_component_type_t *wm_type_origin(const warden_component_type_t *t)
{
    return t && t->origin ? t->origin : t;
}

/* The number of element types t has (elems[0..n), some NULL for variants and results). */
static inline uint32_t wm_type_elem_count(const warden_component_type_t *t)
{
    switch (t->kind) {
    case WARDEN_COMPONENT_LIST:
    case WARDEN_COMPONENT_OPTION: return 1;
    case WARDEN_COMPONENT_RESULT:
    case WARDEN_COMPONENT_MAP: return 2;
    case WARDEN_COMPONENT_RECORD:
    case WARDEN_COMPONENT_TUPLE:
    case WARDEN_COMPONENT_VARIANT: return t->count;
    default: return 0;
    }
}

/* A map's entry: the tuple<key, value> the canonical ABI passes a map as a list of. Keys and
 * values are below 2^28 bytes, so an entry's layout fits in 32 bits. */
static inline uint32_t wm_map_entry_align(const warden_component_type_t *map)
{
    uint32_t k = map->elems[0]->align, v = map->elems[1]->align;
    return k > v ? k : v;
}
static inline uint32_t wm_map_value_offset(const warden_component_type_t *map)
{
    uint32_t a = map->elems[1]->align;
    return (map->elems[0]->size + a - 1) / a * a;
}
static inline uint32_t wm_map_entry_size(const warden_component_type_t *map)
{
    uint32_t a = wm_map_entry_align(map);
    return (wm_map_value_offset(map) + map->elems[1]->size + a - 1) / a * a;
}

/* Computes size, alignment, flattening and `contains` of `t`, whose element types are finished
 * already.
 * Returns false when the type is too large for the canonical ABI (elem_size at or beyond 2^28,
 * which validation rejects), when it has no fields, cases or elements, more than 32 flags or
 * 2^24 cases, lacks an element type it needs, or nests deeper than WM_MAX_TYPE_DEPTH. */
bool wm_type_finish(warden_component_type_t *t);
/* Sets the flat counts of `ft`, whose parameter and result types are finished. */
void wm_functype_finish(warden_component_functype_t *ft);
/* The core function type of `ft`: of canon lift (lower false) or canon lower (lower true).
 * params has room for WM_MAX_FLAT_PARAMS + 1 kinds, results for WM_MAX_FLAT_RESULTS. */
void wm_functype_core(const warden_component_functype_t *ft, bool lower, warden_valkind_t *params,
                      uint32_t *nparams, warden_valkind_t *results, uint32_t *nresults);

/* The one shared instance of each scalar type (BOOL .. STRING), for kinds that carry nothing
 * else. NULL for any other kind. */
const warden_component_type_t *wm_type_scalar(warden_component_kind_t kind);

#endif
