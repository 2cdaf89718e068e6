/* The component decoder's state, shared by decode_*.c: the bytes being read, the scopes being
 * built (components, component types, instance types) with their index spaces, and the error. */
#ifndef WARDEN_COMPONENT_DECODE_H
#define WARDEN_COMPONENT_DECODE_H

#include <stdarg.h>

#include "component.h"
#include "idmap.h"
#include "names.h"

/* Nesting of components and types deeper than this is refused, like deep core nesting. */
#define WM_MAX_DEPTH 100
/* Items in one index space of one scope. */
#define WM_MAX_ITEMS 1000000
/* Resource types over the whole binary (instantiations make fresh ones), and the steps of type
 * checking (substitutions, subtyping, visibility walks) one binary may take: implementation limits
 * that keep hostile inputs from taking unbounded time and memory. */
#define WM_MAX_RESOURCES 100000
#define WM_MAX_WORK (UINT64_C(1) << 20)

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

/* Imports and exports are checked in two separate worlds (Explainer.md, "External Visibility of
 * Types"; Binary.md, "Import and Export Definitions"). */
typedef enum wm_extern_kind { WM_IMPORT = 0, WM_EXPORT = 1 } wm_extern_kind;

/* The resources one scope's imports (or exports) name at the top level, for the [constructor],
 * [method] and [static] rules: each resource name id (wm_typedef.alias) with its extern name. */
typedef struct wm_rnames {
    wm_idmap by_alias; /* name id -> index into names */
    wm_idmap by_name;  /* wm_hash_names of a name -> its first index into names */
    wm_list names;     /* const char * */
} wm_rnames;

/* Items of a list found by name (decode_index.c): the list's items are `stride` bytes apart and
 * hold their name at `offset` (core imports: the module name, then the name). */
typedef struct wm_name_index {
    const char *base; /* the first item's name field */
    size_t stride;
    uint32_t n;
    bool two;     /* core imports: two names */
    wm_idmap map; /* wm_hash_names -> the first item of that hash */
} wm_name_index;

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
    /* Resources introduced inside the scope other than by imports (uint32_t): its resource
     * definitions, the fresh resources of the instances it makes, `(sub resource)` exports. */
    wm_list defined_resources;
    /* External visibility (components and component types): the types its imports and its
     * exports have named (keys wm_key_ptr of a value type, wm_key_alias of a resource name), and
     * the types known to name only such types (memo of the walks). */
    wm_idmap named[2], named_ok[2];
    wm_rnames rnames[2]; /* top-level resource names of its imports and its exports */
    wm_idmap unique[2];  /* imports and exports by wm_name_hash: their index */
    /* Indexes of the export lists its aliases look into (wm_scope_find). */
    wm_idmap indexes_by_list; /* list address -> index into indexes */
    wm_list indexes;          /* wm_name_index */
};

typedef struct wm_decoder {
    warden_engine_t *engine;
    warden_component_t *component;
    wm_arena *arena;
    const uint8_t *base; /* the whole binary: offsets are from here */
    const uint8_t *p, *end;
    uint32_t depth;
    uint32_t next_resource;
    uint32_t next_alias; /* resource name ids (wm_typedef.alias), from 1 */
    uint64_t work;       /* type checking steps taken (WM_MAX_WORK) */
    warden_error_kind_t error_kind;
    char error[256];
    int64_t error_offset;
    bool failed;
    warden_error_t *error_obj; /* an error passed through as it is (a core module's) */
    /* The labels of the record, variant, enum, flags or parameter list being read: the hash of
     * each (case folded) to its position, for uniqueness in linear time. Cleared per list. */
    wm_idmap labels;
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
/* Copies the imports, exports and imported resources of s into the arena, as ct's. */
void wm_freeze_ports(wm_decoder *d, const wm_scope *s, wm_component_type *ct);
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

/* ---- Finding items by name (decode_index.c) ---- */

uint64_t wm_hash_names(const char *a, const char *b); /* b may be NULL */
void wm_name_index_init(wm_name_index *x, const void *items, size_t stride, size_t offset,
                        uint32_t n);
/* The index of the item named a (and b, with `two`) into *out, or n when there is none. */
bool wm_name_index_find(wm_decoder *d, wm_name_index *x, const char *a, const char *b,
                        uint32_t *out);
void wm_name_index_free(wm_name_index *x);
/* The first item of a list whose name an earlier item has, into *dup (n when none). */
bool wm_first_duplicate(wm_decoder *d, const void *items, size_t stride, size_t offset, uint32_t n,
                        uint32_t *dup);
/* wm_name_index_find in a list that aliases of s look into again and again: s keeps its index. */
bool wm_scope_find(wm_decoder *d, wm_scope *s, const void *items, size_t stride, size_t offset,
                   uint32_t n, const char *name, uint32_t *out);

/* ---- Extern names and their attributes (decode_names.c) ---- */

typedef struct wm_extern_name {
    const char *name; /* arena copy, a valid extern name */
    wm_name parsed;
    int64_t at; /* where the name starts */
    bool has_implements, has_versionsuffix, has_external_id;
    const char *implements, *versionsuffix, *external_id; /* arena copies */
    size_t implements_len, versionsuffix_len;
} wm_extern_name;

/* Reads nameattributes: the name (checked) and its attributes (each kind at most once). */
bool wm_read_extern_name(wm_decoder *d, wm_extern_name *out);
/* Checks an import or export named xn of type et (Binary.md, "Import and Export Definitions"):
 * its attributes, the [constructor]/[method]/[static] rules against the resource names rn (NULL:
 * none, as in a bag of exports), and strong uniqueness among `names` (wm_named), which `index`
 * finds by wm_name_hash; xn is added to the index as the next item of `names`. */
bool wm_check_extern(wm_decoder *d, const wm_rnames *rn, const wm_list *names, wm_idmap *index,
                     wm_extern_kind kind, const wm_extern_name *xn, const wm_extern_type *et);
/* Records that the top-level import or export `name` is the resource with name id `alias`. */
bool wm_rnames_add(wm_decoder *d, wm_rnames *rn, uint32_t alias, const char *name);
void wm_rnames_free(wm_rnames *rn);

/* ---- External visibility (decode_visibility.c) ---- */

/* Checks that an import or export of type et (in s, of `kind`) names every type it uses, and
 * records the types it names (Explainer.md, "External Visibility of Types"). toplevel_name (or
 * NULL inside an instance) is recorded for a resource type. Instance types check nothing yet:
 * their imports and exports are checked when an instance of the type is imported or exported. */
bool wm_register_extern(wm_decoder *d, wm_scope *s, wm_extern_kind kind, const char *toplevel_name,
                        const wm_extern_type *et, int64_t at);

/* ---- Substitution of resources and types (decode_subst.c) ---- */

/* Counts `steps` of type checking against WM_MAX_WORK. */
bool wm_work(wm_decoder *d, uint64_t steps);
/* A fresh resource type, and a fresh name for one. */
bool wm_new_resource(wm_decoder *d, uint32_t *id);
uint32_t wm_new_alias(wm_decoder *d);
/* The type an `eq` bound or an export introduces for `in` (Explainer.md, "Type Checking"): a new
 * name for a resource, a new named copy of a record, variant, enum or flags; anything else as it
 * is. */
bool wm_typedef_unique(wm_decoder *d, const wm_typedef *in, wm_typedef *out);

/* A substitution: resources for resources, and types for types (the types an instantiation
 * supplies for its component's type imports). What was substituted is remembered, so that one
 * type maps to one type however often it is reached. */
typedef struct wm_remap {
    wm_idmap res;           /* resource id -> resource id */
    wm_idmap alias;         /* resource name id -> (resource id << 32) | name id */
    wm_idmap types;         /* type address -> type address */
    uint32_t value_renames; /* value types `types` renames (not what it remembers) */
} wm_remap;
void wm_remap_free(wm_remap *m);
bool wm_remap_extern(wm_decoder *d, wm_remap *m, const wm_extern_type *in, wm_extern_type *out);

/* An instance type as an import (kind WM_IMPORT) or export of s: the resources it declares are
 * replaced by fresh ones, which s records as imported or defined. */
bool wm_instance_attach(wm_decoder *d, wm_scope *s, wm_extern_kind kind, const wm_instance_type *in,
                        const wm_instance_type **out);
/* Whether td refers to a resource that it does not declare itself. */
bool wm_has_free_resources(wm_decoder *d, const wm_typedef *td, bool *out);
/* Refuses imports (of a component or component type) that refer to a resource defined inside it
 * (`defined`, uint32_t): whoever supplies the imports cannot name such a resource. */
bool wm_check_imports_closed(wm_decoder *d, const wm_list *imports, const wm_list *defined);
/* Adds every resource the types of `items` (wm_named) refer to into *set. */
bool wm_collect_resources(wm_decoder *d, const wm_named *items, uint32_t n, wm_idmap *set);

/* ---- Subtyping (decode_subtype.c) ---- */

/* The type of the instance that instantiating a component of type ct with `args` (of `types`)
 * makes: checks the arguments against ct's imports (binding its imported resources), gives its
 * defined resources fresh types (recorded as defined in s) and substitutes both, and the types
 * the arguments supply, into its exports. */
bool wm_instantiate_type(wm_decoder *d, wm_scope *s, const wm_component_type *ct,
                         const wm_arg *args, const wm_extern_type *types, uint32_t n, int64_t at,
                         const wm_instance_type **out);
/* Whether an item of type `have` may be used where `want` is expected (an export's ascribed
 * type); the error names `what`. */
bool wm_extern_subtype(wm_decoder *d, const wm_extern_type *have, const wm_extern_type *want,
                       const char *what, int64_t at);
/* Why a core item of type `have` cannot be used where `want` is expected, or NULL when it can. */
bool wm_core_functype_equal(const wm_core_functype *a, const wm_core_functype *b);
const char *wm_core_extern_mismatch(const wm_core_extern *have, const wm_core_extern *want);
/* Whether a core module of type `have` may be used where `want` is expected. */
bool wm_module_subtype(wm_decoder *d, const wm_core_module_type *have,
                       const wm_core_module_type *want, int64_t at);

/* ---- Definitions of components (decode_defs.c, decode_canon.c) ---- */
/* Refuses two imports of one (module, name) pair: components see a module's imports by it. */
bool wm_core_imports_unique(wm_decoder *d, const wm_core_extern *imports, uint32_t n);
bool wm_read_core_module(wm_decoder *d, wm_scope *s, uint32_t size);
bool wm_read_core_instance(wm_decoder *d, wm_scope *s);
bool wm_read_instance(wm_decoder *d, wm_scope *s);
bool wm_read_canon(wm_decoder *d, wm_scope *s);
bool wm_read_export(wm_decoder *d, wm_scope *s);
/* A nested component: decodes `size` bytes as a component whose parent scope is s. */
bool wm_read_component(wm_decoder *d, wm_scope *outer, const uint8_t *end, wm_component **out);

wm_def *wm_def_push(wm_decoder *d, wm_scope *s, wm_def_kind kind, wm_sort sort);

#endif
