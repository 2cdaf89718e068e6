/* Component value types: the canonical ABI's facts about each one (elem_size, alignment,
 * flatten_type, computed once by wm_type_finish), the flat shape of function types, the shared
 * scalar types, and the public reflection functions (warden_component_type_*). */
#include "types.h"

#include <string.h>

/* elem_size at or beyond this is refused: validation bounds every type below 2^28. */
#define SIZE_LIMIT (UINT64_C(1) << 28)

#define SCALAR(k, sz, fl)                                                                          \
    [k] = {.kind = k,                                                                              \
           .size = sz,                                                                             \
           .align = sz,                                                                            \
           .flat_count = 1,                                                                        \
           .flat = {fl},                                                                           \
           .size64 = sz,                                                                           \
           .align64 = sz,                                                                          \
           .depth = 1}

static const warden_component_type_t k_scalars[WARDEN_COMPONENT_STRING + 1] = {
    SCALAR(WARDEN_COMPONENT_BOOL, 1, WARDEN_I32),
    SCALAR(WARDEN_COMPONENT_S8, 1, WARDEN_I32),
    SCALAR(WARDEN_COMPONENT_U8, 1, WARDEN_I32),
    SCALAR(WARDEN_COMPONENT_S16, 2, WARDEN_I32),
    SCALAR(WARDEN_COMPONENT_U16, 2, WARDEN_I32),
    SCALAR(WARDEN_COMPONENT_S32, 4, WARDEN_I32),
    SCALAR(WARDEN_COMPONENT_U32, 4, WARDEN_I32),
    SCALAR(WARDEN_COMPONENT_S64, 8, WARDEN_I64),
    SCALAR(WARDEN_COMPONENT_U64, 8, WARDEN_I64),
    SCALAR(WARDEN_COMPONENT_F32, 4, WARDEN_F32),
    SCALAR(WARDEN_COMPONENT_F64, 8, WARDEN_F64),
    SCALAR(WARDEN_COMPONENT_CHAR, 4, WARDEN_I32),
    [WARDEN_COMPONENT_STRING] = {.kind = WARDEN_COMPONENT_STRING,
                                 .size = 8,
                                 .align = 4,
                                 .flat_count = 2,
                                 .flat = {WARDEN_I32, WARDEN_I32},
                                 .size64 = 16,
                                 .align64 = 8,
                                 .depth = 1,
                                 .contains = WM_HAS_POINTER},
};

const warden_component_type_t *wm_type_scalar(warden_component_kind_t kind)
{
    if (kind < WARDEN_COMPONENT_BOOL || kind > WARDEN_COMPONENT_STRING) return NULL;
    return &k_scalars[kind];
}

static uint64_t align_to(uint64_t n, uint64_t align)
{
    return (n + align - 1) / align * align;
}

static uint32_t max_u32(uint32_t a, uint32_t b)
{
    return a > b ? a : b;
}

/* The canonical ABI's `join` of two flat types. */
static uint8_t join(uint8_t a, uint8_t b)
{
    if (a == b) return a;
    if ((a == WARDEN_I32 && b == WARDEN_F32) || (a == WARDEN_F32 && b == WARDEN_I32))
        return WARDEN_I32;
    return WARDEN_I64;
}

/* What is being summed while a type is finished: sizes and alignments for both pointer widths,
 * and the flattening. */
typedef struct facts {
    uint64_t size, size64;
    uint32_t align, align64;
    uint32_t flat_count;
    uint8_t flat[WM_FLAT_CAP];
    uint32_t depth;
} facts;

static void flat_push(facts *f, uint8_t kind)
{
    if (f->flat_count < WM_FLAT_CAP) f->flat[f->flat_count++] = kind;
}

static void flat_append(facts *f, const warden_component_type_t *t)
{
    for (uint32_t i = 0; i < t->flat_count; i++) {
        if (f->flat_count == WM_FLAT_CAP) return;
        f->flat[f->flat_count++] = t->flat[i];
    }
}

static bool record_facts(const warden_component_type_t *t, facts *f)
{
    if (t->count == 0 || !t->elems) return false;
    f->align = f->align64 = 1;
    for (uint32_t i = 0; i < t->count; i++) {
        const warden_component_type_t *e = t->elems[i];
        if (!e) return false;
        f->size = align_to(f->size, e->align) + e->size;
        f->size64 = align_to(f->size64, e->align64) + e->size64;
        f->align = max_u32(f->align, e->align);
        f->align64 = max_u32(f->align64, e->align64);
        flat_append(f, e);
        f->depth = max_u32(f->depth, e->depth + 1);
        /* Each element is below 2^28: stop summing before the sum could overflow. */
        if (f->size >= SIZE_LIMIT || f->size64 >= SIZE_LIMIT) return false;
    }
    f->size = align_to(f->size, f->align);
    f->size64 = align_to(f->size64, f->align64);
    return true;
}

/* A list or map: a pointer and a length (two of the pointer's size, two i32s flattened). */
static void pointer_pair_facts(facts *f)
{
    f->size = 8;
    f->align = 4;
    f->size64 = 16;
    f->align64 = 8;
    flat_push(f, WARDEN_I32);
    flat_push(f, WARDEN_I32);
}

/* list<e, n>: n elements in place, flattened n times over. Sizes stay below 2^60, so the caller's
 * bound check sees the true size. */
static void fixed_list_facts(const warden_component_type_t *e, uint32_t n, facts *f)
{
    f->size = (uint64_t)n * e->size;
    f->size64 = (uint64_t)n * e->size64;
    f->align = e->align;
    f->align64 = e->align64;
    for (uint32_t i = 0; i < n && f->flat_count < WM_FLAT_CAP; i++) flat_append(f, e);
    f->depth = e->depth + 1;
}

/* discriminant_type's size: u8 up to 256 cases, u16 up to 65536, u32 up to 2^24. */
static uint32_t disc_size(uint32_t ncases)
{
    return ncases <= 256 ? 1 : ncases <= 65536 ? 2 : 4;
}

/* Variants and what despecializes to one (enum, option, result): cases[i] is case i's payload. */
static bool variant_facts(uint32_t ncases, const warden_component_type_t *const *cases, facts *f)
{
    if (ncases == 0 || ncases > (UINT32_C(1) << 24)) return false;
    uint32_t ds = disc_size(ncases);
    uint32_t case_align = 1, case_align64 = 1;
    uint64_t case_size = 0, case_size64 = 0;
    uint8_t joined[WM_FLAT_CAP];
    uint32_t njoined = 0, longest = 0;
    for (uint32_t i = 0; cases && i < ncases; i++) {
        const warden_component_type_t *c = cases[i];
        if (!c) continue;
        case_align = max_u32(case_align, c->align);
        case_align64 = max_u32(case_align64, c->align64);
        if (c->size > case_size) case_size = c->size;
        if (c->size64 > case_size64) case_size64 = c->size64;
        f->depth = max_u32(f->depth, c->depth + 1);
        longest = max_u32(longest, c->flat_count);
        /* Joined positions beyond WM_FLAT_CAP - 1 would fall past the cap with the
         * discriminant in front: only their number matters. */
        for (uint32_t j = 0; j < c->flat_count && j < WM_FLAT_CAP - 1; j++) {
            if (j < njoined) {
                joined[j] = join(joined[j], c->flat[j]);
            } else {
                joined[njoined++] = c->flat[j];
            }
        }
    }
    f->align = max_u32(ds, case_align);
    f->align64 = max_u32(ds, case_align64);
    f->size = align_to(align_to(ds, case_align) + case_size, f->align);
    f->size64 = align_to(align_to(ds, case_align64) + case_size64, f->align64);
    flat_push(f, WARDEN_I32);
    for (uint32_t j = 0; j < njoined; j++) flat_push(f, joined[j]);
    /* A capped payload stands for a longer one: the variant is then past the cap too. */
    if (longest + 1 > f->flat_count) f->flat_count = WM_FLAT_CAP;
    return true;
}

/* WM_HAS_* of a type from its own kind and its (finished) elements. */
static uint8_t contains_of(const warden_component_type_t *t)
{
    uint8_t c = 0;
    switch (t->kind) {
    case WARDEN_COMPONENT_STRING:
    case WARDEN_COMPONENT_MAP: c = WM_HAS_POINTER; break;
    /* A fixed-length list lies in place: only its elements may point. */
    case WARDEN_COMPONENT_LIST: c = t->length ? 0 : WM_HAS_POINTER; break;
    case WARDEN_COMPONENT_OWN: c = WM_HAS_HANDLE; break;
    case WARDEN_COMPONENT_BORROW: c = WM_HAS_HANDLE | WM_HAS_BORROW; break;
    default: break;
    }
    uint32_t n = wm_type_elem_count(t);
    for (uint32_t i = 0; t->elems && i < n; i++)
        if (t->elems[i]) c |= t->elems[i]->contains;
    return c;
}

bool wm_type_finish(warden_component_type_t *t)
{
    if (!t) return false;
    facts f;
    memset(&f, 0, sizeof f);
    f.depth = 1;
    switch (t->kind) {
    case WARDEN_COMPONENT_BOOL:
    case WARDEN_COMPONENT_S8:
    case WARDEN_COMPONENT_U8:
    case WARDEN_COMPONENT_S16:
    case WARDEN_COMPONENT_U16:
    case WARDEN_COMPONENT_S32:
    case WARDEN_COMPONENT_U32:
    case WARDEN_COMPONENT_S64:
    case WARDEN_COMPONENT_U64:
    case WARDEN_COMPONENT_F32:
    case WARDEN_COMPONENT_F64:
    case WARDEN_COMPONENT_CHAR:
    case WARDEN_COMPONENT_STRING: {
        const warden_component_type_t *s = &k_scalars[t->kind];
        t->contains = t->kind == WARDEN_COMPONENT_STRING ? WM_HAS_POINTER : 0;
        t->size = s->size;
        t->align = s->align;
        t->flat_count = s->flat_count;
        memcpy(t->flat, s->flat, sizeof t->flat);
        t->size64 = s->size64;
        t->align64 = s->align64;
        t->depth = 1;
        return true;
    }
    case WARDEN_COMPONENT_LIST:
        if (!t->elems || !t->elems[0]) return false;
        if (t->length) {
            fixed_list_facts(t->elems[0], t->length, &f);
            break;
        }
        pointer_pair_facts(&f);
        f.depth = t->elems[0]->depth + 1;
        break;
    case WARDEN_COMPONENT_MAP:
        if (!t->elems || !t->elems[0] || !t->elems[1]) return false;
        pointer_pair_facts(&f);
        f.depth = max_u32(t->elems[0]->depth, t->elems[1]->depth) + 1;
        break;
    case WARDEN_COMPONENT_RECORD:
    case WARDEN_COMPONENT_TUPLE:
        if (!record_facts(t, &f)) return false;
        break;
    case WARDEN_COMPONENT_VARIANT:
        if (!variant_facts(t->count, t->elems, &f)) return false;
        break;
    case WARDEN_COMPONENT_ENUM:
        if (!variant_facts(t->count, NULL, &f)) return false;
        break;
    case WARDEN_COMPONENT_OPTION: {
        if (!t->elems || !t->elems[0]) return false;
        const warden_component_type_t *cases[2] = {NULL, t->elems[0]};
        if (!variant_facts(2, cases, &f)) return false;
        break;
    }
    case WARDEN_COMPONENT_RESULT: {
        const warden_component_type_t *cases[2] = {NULL, NULL};
        if (t->elems) {
            cases[0] = t->elems[0];
            cases[1] = t->elems[1];
        }
        if (!variant_facts(2, cases, &f)) return false;
        break;
    }
    case WARDEN_COMPONENT_FLAGS:
        if (t->count == 0 || t->count > 32) return false;
        f.size = f.size64 = t->count <= 8 ? 1 : t->count <= 16 ? 2 : 4;
        f.align = f.align64 = (uint32_t)f.size;
        flat_push(&f, WARDEN_I32);
        break;
    case WARDEN_COMPONENT_OWN:
    case WARDEN_COMPONENT_BORROW:
        f.size = f.size64 = 4;
        f.align = f.align64 = 4;
        flat_push(&f, WARDEN_I32);
        break;
    default: return false;
    }
    if (f.size >= SIZE_LIMIT || f.size64 >= SIZE_LIMIT || f.depth > WM_MAX_TYPE_DEPTH) return false;
    t->contains = contains_of(t);
    t->size = (uint32_t)f.size;
    t->align = f.align;
    t->flat_count = f.flat_count;
    memcpy(t->flat, f.flat, sizeof t->flat);
    t->size64 = (uint32_t)f.size64;
    t->align64 = f.align64;
    t->depth = f.depth;
    return true;
}

void wm_functype_finish(warden_component_functype_t *ft)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < ft->nparams; i++) {
        n += ft->params[i].type->flat_count;
        if (n > WM_MAX_FLAT_PARAMS) break;
    }
    ft->params_in_memory = n > WM_MAX_FLAT_PARAMS;
    ft->flat_params = ft->params_in_memory ? 1 : n;
    uint32_t r = ft->result ? ft->result->flat_count : 0;
    ft->result_in_memory = r > WM_MAX_FLAT_RESULTS;
    ft->flat_results = ft->result_in_memory ? 1 : r;
}

void wm_functype_core(const warden_component_functype_t *ft, bool lower, warden_valkind_t *params,
                      uint32_t *nparams, warden_valkind_t *results, uint32_t *nresults)
{
    uint32_t np = 0, nr = 0;
    if (ft->params_in_memory) {
        params[np++] = WARDEN_I32;
    } else {
        for (uint32_t i = 0; i < ft->nparams; i++) {
            const warden_component_type_t *t = ft->params[i].type;
            for (uint32_t j = 0; j < t->flat_count; j++)
                params[np++] = (warden_valkind_t)t->flat[j];
        }
    }
    if (ft->result_in_memory) {
        if (lower) {
            params[np++] = WARDEN_I32;
        } else {
            results[nr++] = WARDEN_I32;
        }
    } else if (ft->result) {
        for (uint32_t j = 0; j < ft->result->flat_count; j++)
            results[nr++] = (warden_valkind_t)ft->result->flat[j];
    }
    *nparams = np;
    *nresults = nr;
}

/* ------------------------------------------------------------------------------------------------
 * Reflection
 * ---------------------------------------------------------------------------------------------- */

const char *warden_component_kind_name(warden_component_kind_t kind)
{
    static const char *const names[] = {
        [WARDEN_COMPONENT_BOOL] = "bool",       [WARDEN_COMPONENT_S8] = "s8",
        [WARDEN_COMPONENT_U8] = "u8",           [WARDEN_COMPONENT_S16] = "s16",
        [WARDEN_COMPONENT_U16] = "u16",         [WARDEN_COMPONENT_S32] = "s32",
        [WARDEN_COMPONENT_U32] = "u32",         [WARDEN_COMPONENT_S64] = "s64",
        [WARDEN_COMPONENT_U64] = "u64",         [WARDEN_COMPONENT_F32] = "f32",
        [WARDEN_COMPONENT_F64] = "f64",         [WARDEN_COMPONENT_CHAR] = "char",
        [WARDEN_COMPONENT_STRING] = "string",   [WARDEN_COMPONENT_LIST] = "list",
        [WARDEN_COMPONENT_RECORD] = "record",   [WARDEN_COMPONENT_TUPLE] = "tuple",
        [WARDEN_COMPONENT_VARIANT] = "variant", [WARDEN_COMPONENT_ENUM] = "enum",
        [WARDEN_COMPONENT_OPTION] = "option",   [WARDEN_COMPONENT_RESULT] = "result",
        [WARDEN_COMPONENT_FLAGS] = "flags",     [WARDEN_COMPONENT_OWN] = "own",
        [WARDEN_COMPONENT_BORROW] = "borrow",   [WARDEN_COMPONENT_BYTES] = "bytes",
        [WARDEN_COMPONENT_MAP] = "map",
    };
    if ((unsigned)kind < sizeof names / sizeof names[0] && names[kind]) return names[kind];
    return "unknown";
}

warden_component_kind_t warden_component_type_kind(const warden_component_type_t *type)
{
    return type ? type->kind : (warden_component_kind_t)0;
}

size_t warden_component_type_count(const warden_component_type_t *type)
{
    if (!type) return 0;
    switch (type->kind) {
    case WARDEN_COMPONENT_RECORD:
    case WARDEN_COMPONENT_VARIANT:
    case WARDEN_COMPONENT_ENUM:
    case WARDEN_COMPONENT_FLAGS:
    case WARDEN_COMPONENT_TUPLE: return type->count;
    case WARDEN_COMPONENT_RESULT:
    case WARDEN_COMPONENT_MAP: return 2;
    case WARDEN_COMPONENT_LIST:
    case WARDEN_COMPONENT_OPTION: return 1;
    default: return 0;
    }
}

uint32_t warden_component_type_length(const warden_component_type_t *type)
{
    return type && type->kind == WARDEN_COMPONENT_LIST ? type->length : 0;
}

const char *warden_component_type_name(const warden_component_type_t *type, size_t i)
{
    if (!type || !type->names || i >= type->count) return NULL;
    switch (type->kind) {
    case WARDEN_COMPONENT_RECORD:
    case WARDEN_COMPONENT_VARIANT:
    case WARDEN_COMPONENT_ENUM:
    case WARDEN_COMPONENT_FLAGS: return type->names[i];
    default: return NULL;
    }
}

const warden_component_type_t *warden_component_type_elem(const warden_component_type_t *type,
                                                          size_t i)
{
    if (!type || !type->elems) return NULL;
    switch (type->kind) {
    case WARDEN_COMPONENT_RECORD:
    case WARDEN_COMPONENT_TUPLE:
    case WARDEN_COMPONENT_VARIANT: return i < type->count ? type->elems[i] : NULL;
    case WARDEN_COMPONENT_LIST:
    case WARDEN_COMPONENT_OPTION: return i == 0 ? type->elems[0] : NULL;
    case WARDEN_COMPONENT_RESULT:
    case WARDEN_COMPONENT_MAP: return i < 2 ? type->elems[i] : NULL;
    default: return NULL;
    }
}

const char *warden_component_type_label(const warden_component_type_t *type)
{
    return type ? type->label : NULL;
}

size_t warden_component_functype_param_count(const warden_component_functype_t *type)
{
    return type ? type->nparams : 0;
}

bool warden_component_functype_param(const warden_component_functype_t *type, size_t i,
                                     const char **name, const warden_component_type_t **param)
{
    if (!type || i >= type->nparams) return false;
    if (name) *name = type->params[i].name;
    if (param) *param = type->params[i].type;
    return true;
}

const warden_component_type_t *
warden_component_functype_result(const warden_component_functype_t *type)
{
    return type ? type->result : NULL;
}
