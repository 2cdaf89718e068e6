/* A decoded component: its definitions in order, each adding one item to an index space, with the
 * static type of every item. Instantiation (instantiate.c) replays the definitions in the same
 * order; decoding (decode_*.c) checks every index and type as it builds them.
 *
 * Everything a component holds lives in its arena and is freed with it; nested components are
 * components of their own, owned by their parent. */
#ifndef WARDEN_COMPONENT_COMPONENT_H
#define WARDEN_COMPONENT_COMPONENT_H

#include <stdatomic.h>

#include "arena.h"
#include "types.h"

/* Index spaces. The core sorts come first, in the binary's core:sort order. */
typedef enum wm_sort {
    WM_CORE_FUNC = 0,
    WM_CORE_TABLE,
    WM_CORE_MEMORY,
    WM_CORE_GLOBAL,
    WM_CORE_TAG,
    WM_CORE_TYPE,
    WM_CORE_MODULE,
    WM_CORE_INSTANCE,
    WM_FUNC,
    WM_VALUE,
    WM_TYPE,
    WM_COMPONENT,
    WM_INSTANCE,
    WM_SORT_COUNT
} wm_sort;

const char *wm_sort_name(wm_sort sort);

typedef struct wm_instance_type wm_instance_type;
typedef struct wm_component_type wm_component_type;
typedef struct wm_core_instance_type wm_core_instance_type;

/* What a type index names. */
typedef enum wm_typedef_kind {
    WM_TD_VALUE = 1, /* a value type */
    WM_TD_FUNC,
    WM_TD_COMPONENT,
    WM_TD_INSTANCE,
    WM_TD_RESOURCE, /* a resource type: `resource` is its id */
} wm_typedef_kind;

typedef struct wm_typedef {
    wm_typedef_kind kind;
    /* RESOURCE: which name of the resource this is. Every definition, import and export of a
     * resource type makes a new name for it (an alias of the resource); aliases and outer aliases
     * keep the name. Handle types remember the name they were written with (resource_alias in
     * types.h), which external visibility and the [constructor]/[method] rules check. */
    uint32_t alias;
    union {
        const warden_component_type_t *value;
        const warden_component_functype_t *func;
        const wm_component_type *component;
        const wm_instance_type *instance;
        uint32_t resource;
    } of;
} wm_typedef;

/* A core function type (core types are only functions and module types in WebAssembly 2.0). */
typedef struct wm_core_functype {
    uint32_t nparams, nresults;
    const warden_valkind_t *params, *results;
} wm_core_functype;

/* A core extern: what a core instance exports or a core module imports. */
typedef struct wm_core_extern {
    const char *module; /* imports only */
    const char *name;
    wm_sort sort; /* WM_CORE_FUNC .. WM_CORE_TAG */
    warden_externtype_t type;
    wm_core_functype func; /* WM_CORE_FUNC: the function type (type.of.func points into it) */
} wm_core_extern;

/* A core module's type, and a core instance's: its imports (modules only) and exports. */
typedef struct wm_core_module_type {
    uint32_t nimports, nexports;
    const wm_core_extern *imports, *exports;
} wm_core_module_type;

struct wm_core_instance_type {
    uint32_t nexports;
    const wm_core_extern *exports;
};

/* The static type of an item of a component-level sort. */
typedef struct wm_extern_type {
    wm_sort sort; /* WM_FUNC, WM_VALUE, WM_TYPE, WM_COMPONENT, WM_INSTANCE or WM_CORE_MODULE */
    union {
        const warden_component_functype_t *func;
        const warden_component_type_t *value;
        wm_typedef type; /* WM_TYPE: what the name stands for (a resource: its id) */
        const wm_component_type *component;
        const wm_instance_type *instance;
        const wm_core_module_type *module;
    } of;
} wm_extern_type;

typedef struct wm_named {
    const char *name;
    wm_extern_type type;
} wm_named;

struct wm_instance_type {
    uint32_t nexports;
    const wm_named *exports;
    /* Resources the type declares itself (`(export "r" (type (sub resource)))`, nested instance
     * types' included): an instance type that is not yet attached to an instance. Each import or
     * export of an instance of the type gets fresh ones; the types of concrete instances declare
     * none. */
    uint32_t nresources;
    const uint32_t *resources;
};

struct wm_component_type {
    uint32_t nimports, nexports;
    const wm_named *imports, *exports;
    /* Resources its imports introduce (`(sub resource)` type imports, and the fresh resources of
     * imported instances' types): their ids, in order. Instantiating against such a type binds
     * them to the argument's resource types. */
    uint32_t nresource_imports;
    const uint32_t *resource_imports;
    /* Resources its exports introduce: the resources the component defines (or, for component
     * types, declares by `(sub resource)` exports) that its exports name. Each instantiation
     * makes fresh ones (resource types are generative). */
    uint32_t ndefined_resources;
    const uint32_t *defined_resources;
};

/* Canonical options of lift and lower. */
typedef struct wm_canon_opts {
    uint8_t encoding; /* wm_encoding */
    bool has_memory, has_realloc, has_post_return;
    uint32_t memory, realloc, post_return; /* core memory / core func indices */
} wm_canon_opts;

typedef enum wm_def_kind {
    WM_DEF_IMPORT = 1,
    WM_DEF_CORE_MODULE,
    WM_DEF_CORE_INSTANTIATE,
    WM_DEF_CORE_EXPORTS,
    WM_DEF_CORE_TYPE,
    WM_DEF_COMPONENT,
    WM_DEF_INSTANTIATE,
    WM_DEF_EXPORTS,
    WM_DEF_ALIAS_EXPORT,
    WM_DEF_ALIAS_CORE_EXPORT,
    WM_DEF_ALIAS_OUTER,
    WM_DEF_TYPE,
    WM_DEF_LIFT,
    WM_DEF_LOWER,
    WM_DEF_RESOURCE_NEW,
    WM_DEF_RESOURCE_DROP,
    WM_DEF_RESOURCE_REP,
    WM_DEF_EXPORT,
} wm_def_kind;

typedef struct wm_arg {
    const char *name;
    wm_sort sort;
    uint32_t index;
} wm_arg;

typedef struct wm_component wm_component;

/* One definition. `sort` is the index space it adds to (none for a start), `index` the index it
 * gets there. */
typedef struct wm_def {
    wm_def_kind kind;
    wm_sort sort;
    uint32_t index;
    uint32_t offset; /* where it is in the binary, for errors */
    union {
        struct { /* IMPORT, EXPORT (EXPORT: the item exported is sort/index in `item`) */
            const char *name;
            wm_extern_type type;
            wm_arg item;
        } port;
        uint32_t module;               /* CORE_MODULE: index into modules */
        const wm_component *component; /* COMPONENT */
        struct {                       /* CORE_INSTANTIATE, INSTANTIATE, CORE_EXPORTS, EXPORTS */
            uint32_t of;               /* the module or component instantiated */
            uint32_t nargs;
            const wm_arg *args; /* the arguments, or the exports */
        } inst;
        struct { /* ALIAS_EXPORT, ALIAS_CORE_EXPORT */
            uint32_t instance;
            const char *name;
            wm_typedef type; /* ALIAS_EXPORT of a type: what it names */
        } alias;
        struct { /* ALIAS_OUTER */
            uint32_t count, index;
        } outer;
        wm_typedef type;   /* TYPE: resource types get a fresh id (of.resource) */
        struct {           /* LIFT, LOWER */
            uint32_t func; /* the core function lifted, or the function lowered */
            wm_canon_opts opts;
            const warden_component_functype_t *type;
            const wm_core_functype *core_type; /* LOWER: the core function's type */
        } canon;
        uint32_t resource; /* RESOURCE_NEW/DROP/REP: the resource's id */
    } of;
} wm_def;

/* A resource defined by a component: its representation (always i32 today) and destructor. */
typedef struct wm_resource_def {
    uint32_t id;
    bool has_dtor;
    uint32_t dtor; /* core func index */
} wm_resource_def;

struct wm_component {
    const wm_component *parent;
    uint32_t ndefs;
    const wm_def *defs;
    uint32_t nmodules;
    warden_module_t *const *modules;
    uint32_t counts[WM_SORT_COUNT]; /* items in each index space */
    /* The component's own type: imports and exports, with the resources they introduce. */
    wm_component_type type;
    uint32_t nresource_defs;
    const wm_resource_def *resource_defs;
};

struct warden_component {
    _Atomic(uint32_t) refs;
    warden_engine_t *engine;
    wm_arena arena;
    wm_component *root;
    uint32_t nresources; /* resource ids are 0 .. nresources-1 over the whole binary */
};

void wm_component_free(wm_component *c);

#endif
