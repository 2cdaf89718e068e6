/* The component decoder's state, shared by decode_*.c: the bytes being read, the scopes being
 * built (components, component types, instance types) with their index spaces, and the error. */
#ifndef WARDEN_COMPONENT_DECODE_H
#define WARDEN_COMPONENT_DECODE_H

#include <stdarg.h>

#include "component.h"

/* Nesting of components and types deeper than this is refused, like deep core nesting. */
#define WM_MAX_DEPTH 100
/* Items in one index space of one scope. */
#define WM_MAX_ITEMS 1000000

/* The static type of an item of any sort. */
typedef struct wm_item {
    union {
        wm_typedef type;                            /* WM_TYPE */
        const warden_component_functype_t *func;    /* WM_FUNC */
        const warden_component_type_t *value;       /* WM_VALUE */
        const wm_instance_type *instance;           /* WM_INSTANCE */
        const wm_component_type *component;         /* WM_COMPONENT */
        const wm_core_module_type *module;          /* WM_CORE_MODULE, or a core module type */
        const wm_core_instance_type *core_instance; /* WM_CORE_INSTANCE */
        wm_core_extern core;                        /* WM_CORE_FUNC .. WM_CORE_TAG */
    } of;
    bool is_module_type;        /* WM_CORE_TYPE: a module type (of.module), else a function type */
    wm_core_functype core_func; /* WM_CORE_TYPE: the function type */
} wm_item;

typedef struct wm_space {
    wm_item *items;
    uint32_t count, cap;
} wm_space;

typedef enum wm_scope_kind {
    WM_SCOPE_COMPONENT,
    WM_SCOPE_COMPONENT_TYPE,
    WM_SCOPE_INSTANCE_TYPE,
    WM_SCOPE_MODULE_TYPE,
} wm_scope_kind;

typedef struct wm_list {
    void *items;
    uint32_t count, cap;
    size_t size; /* of one item */
} wm_list;

typedef struct wm_scope wm_scope;
struct wm_scope {
    wm_scope *outer;
    wm_scope_kind kind;
    wm_space spaces[WM_SORT_COUNT];
    wm_list imports;                    /* wm_named */
    wm_list exports;                    /* wm_named */
    wm_list resource_imports;           /* uint32_t */
    wm_list defs;                       /* wm_def (components only) */
    wm_list modules;                    /* warden_module_t * (components only) */
    wm_list resource_defs;              /* wm_resource_def (components only) */
    wm_list core_imports, core_exports; /* wm_core_extern (module types only) */
};

typedef struct wm_decoder {
    warden_engine_t *engine;
    warden_component_t *component;
    wm_arena *arena;
    const uint8_t *base; /* the whole binary: offsets are from here */
    const uint8_t *p, *end;
    uint32_t depth;
    uint32_t next_resource;
    warden_error_kind_t error_kind;
    char error[256];
    int64_t error_offset;
    bool failed;
    warden_error_t *error_obj; /* an error passed through as it is (a core module's) */
} wm_decoder;

/* Errors: the first one wins; every function returns false after one. */
bool wm_malformed(wm_decoder *d, const char *fmt, ...) WARDEN_PRINTF_FORMAT(2, 3);
bool wm_invalid(wm_decoder *d, const char *fmt, ...) WARDEN_PRINTF_FORMAT(2, 3);
bool wm_invalid_at(wm_decoder *d, int64_t offset, const char *fmt, ...) WARDEN_PRINTF_FORMAT(3, 4);
bool wm_no_memory(wm_decoder *d);
static inline int64_t wm_offset(const wm_decoder *d)
{
    return (int64_t)(d->p - d->base);
}

/* Reading; each fails (malformed) at the end of the input or on a bad encoding. */
bool wm_read_byte(wm_decoder *d, uint8_t *out);
bool wm_read_u32(wm_decoder *d, uint32_t *out);
bool wm_read_s33(wm_decoder *d, int64_t *out);
bool wm_read_name(wm_decoder *d, const char **out, size_t *len); /* UTF-8 checked, arena copy */
/* A vector's length, refused when it cannot fit in the bytes left (each item takes at least
 * min_item_size bytes). */
bool wm_read_count(wm_decoder *d, size_t min_item_size, uint32_t *out);

/* Growable lists (host memory, freed by wm_scope_free) and index spaces. */
void *wm_list_push(wm_decoder *d, wm_list *l);
wm_item *wm_space_push(wm_decoder *d, wm_scope *s, wm_sort sort);
/* The item at `index` of `sort`, or NULL after an "unknown <sort> <index>" error. */
const wm_item *wm_space_get(wm_decoder *d, wm_scope *s, wm_sort sort, uint32_t index);
void wm_scope_init(wm_scope *s, wm_scope *outer, wm_scope_kind kind);
void wm_scope_free(wm_scope *s);
/* Copies a list's items into the arena. */
const void *wm_list_freeze(wm_decoder *d, const wm_list *l);

/* Types (decode_types.c). */
bool wm_read_core_type(wm_decoder *d, wm_scope *s);
bool wm_read_type(wm_decoder *d, wm_scope *s);
bool wm_read_valtype(wm_decoder *d, wm_scope *s, const warden_component_type_t **out);
bool wm_read_externtype(wm_decoder *d, wm_scope *s, wm_extern_type *out);
/* Imports and exports of components and types (decode_ports.c). Both add the item to its index
 * space; `item` is the definition exported (exports of components only). */
bool wm_read_import(wm_decoder *d, wm_scope *s);
bool wm_read_export_decl(wm_decoder *d, wm_scope *s);
bool wm_read_alias(wm_decoder *d, wm_scope *s);
bool wm_read_sortidx(wm_decoder *d, wm_sort *sort, uint32_t *index);
/* The extern type of item `index` of `sort` in s (component-level sorts and core modules). */
bool wm_item_extern_type(wm_decoder *d, wm_scope *s, wm_sort sort, uint32_t index,
                         wm_extern_type *out);
/* Reads nameattributes; *name is arena-owned and checked. */
bool wm_read_extern_name(wm_decoder *d, wm_scope *s, bool import, const char **name);

/* Definitions of components (decode_defs.c, decode_canon.c). */
bool wm_read_core_module(wm_decoder *d, wm_scope *s, uint32_t size);
bool wm_read_core_instance(wm_decoder *d, wm_scope *s);
bool wm_read_instance(wm_decoder *d, wm_scope *s);
bool wm_read_canon(wm_decoder *d, wm_scope *s);
bool wm_read_export(wm_decoder *d, wm_scope *s);
/* A nested component: decodes `size` bytes as a component whose parent scope is s. */
bool wm_read_component(wm_decoder *d, wm_scope *outer, const uint8_t *end, wm_component **out);

wm_def *wm_def_push(wm_decoder *d, wm_scope *s, wm_def_kind kind, wm_sort sort);

/* Type helpers (decode_types.c). */
bool wm_type_has_borrow(const warden_component_type_t *t);
/* Whether `a` can be used where `b` is expected (component-level subtyping of extern types). */
bool wm_check_instantiation_args(wm_decoder *d, const wm_component_type *ct, const wm_arg *args,
                                 const wm_extern_type *types, uint32_t n, int64_t at);
bool wm_extern_subtype(wm_decoder *d, const wm_extern_type *a, const wm_extern_type *b,
                       const char *what);

#endif
