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

/* A resource type. Every `resource` definition of a component instance gets a fresh one when the
 * instance is made (resource types are generative); imported ones are the importer's. Types that
 * name a resource (own, borrow) name it by `id`: the index of the resource in the component's own
 * numbering of the resources it defines or imports (see component.h). */
struct warden_component_type {
    warden_component_kind_t kind;
    uint32_t count;           /* fields, cases, flags, enum cases, tuple elements */
    const char *const *names; /* count names: RECORD, VARIANT, ENUM, FLAGS */
    const warden_component_type_t *const
        *elems;        /* RECORD, TUPLE: count element types;
                        * VARIANT: count payloads (NULL: none);
                        * LIST, OPTION: elems[0];
                        * RESULT: elems[0] ok, elems[1] err (NULL: none) */
    const char *label; /* the WIT name given to it, or NULL */
    uint32_t resource; /* OWN, BORROW: the resource's id */

    /* The canonical ABI's facts, set by wm_type_finish. */
    uint32_t size;             /* elem_size */
    uint32_t align;            /* alignment */
    uint32_t flat_count;       /* length of flatten_type, capped at WM_FLAT_CAP */
    uint8_t flat[WM_FLAT_CAP]; /* flatten_type: WARDEN_I32, I64, F32 or F64 each */
};

typedef struct wm_param {
    const char *name;
    const warden_component_type_t *type;
} wm_param;

struct warden_component_functype {
    uint32_t nparams;
    const wm_param *params;
    const warden_component_type_t *result; /* NULL: no result */

    /* Set by wm_functype_finish. */
    uint32_t flat_params;  /* core params of the lowered or lifted function */
    uint32_t flat_results; /* core results */
    bool params_in_memory; /* more than WM_MAX_FLAT_PARAMS: one i32 pointer */
    bool result_in_memory; /* more than WM_MAX_FLAT_RESULTS: a return pointer */
};

/* Computes size, alignment and flattening of `t`, whose element types are finished already.
 * Returns false when the type is too large for the canonical ABI (elem_size at or beyond 2^28,
 * which validation rejects). */
bool wm_type_finish(warden_component_type_t *t);
void wm_functype_finish(warden_component_functype_t *ft);

/* The one shared instance of each scalar type (BOOL .. STRING), for kinds that carry nothing
 * else. NULL for any other kind. */
const warden_component_type_t *wm_type_scalar(warden_component_kind_t kind);

#endif
