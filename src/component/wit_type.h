/* Types in WIT syntax (spec/component-model/WIT.md), for printing a component's world.
 *
 *   wm_wit_type      a value type as a WIT type expression: `u32`, `list<u8>`,
 *                    `tuple<u32, string>`, `option<T>`, `result<T, E>`, `result<_, E>`,
 *                    `result<T>`, `result`, `R` (an own handle), `borrow<R>`; a type with a label
 *                    (record, variant, enum, flags, or an alias of another type) by its label
 *   wm_wit_typedef   the definition of a labelled type: `record point { x: u32, y: u32 }`,
 *                    `variant shape { circle(f32), none }`, `enum color { red, green }`,
 *                    `flags perms { read, write }`, `type bytes = list<u8>;`
 *   wm_wit_functype  a function type: `func(a: u32, b: string) -> string`
 *
 * Names that are WIT keywords are written after a `%` (`%type`). WIT has no anonymous record,
 * variant, enum or flags type: one without a label is written as its definition without a name,
 * `record { x: u32 }`, which reads well but is not WIT. A resource is named by the resolver's
 * callback, else by the handle type's label, else `resource-ID`.
 *
 * Each returns false when the buffer failed (memory ran out, or its limit was reached: sb->failed
 * is then set) or the type is malformed or nested more than WM_WIT_MAX_DEPTH deep (sb->failed is
 * then clear); what was written is then incomplete. Types are printed as trees: a type reached
 * twice without a label is written twice, so a caller printing types from untrusted components
 * bounds the text with sb->limit. */
#ifndef WARDEN_COMPONENT_WIT_TYPE_H
#define WARDEN_COMPONENT_WIT_TYPE_H

#include <stdbool.h>
#include <stdint.h>

#include "strbuf.h"
#include "types.h"

#define WM_WIT_MAX_DEPTH 100

typedef struct wm_wit_names {
    /* The WIT name of the resource `id` (warden_component_type_t.resource), or NULL when it has
     * none; may be NULL itself. */
    const char *(*resource)(void *env, uint32_t id);
    void *env;
} wm_wit_names;

/* names may be NULL for all three. */
bool wm_wit_type(wm_strbuf *sb, const warden_component_type_t *type, const wm_wit_names *names);
/* False also when the type has no label (nothing is written). */
bool wm_wit_typedef(wm_strbuf *sb, const warden_component_type_t *type, const wm_wit_names *names);
bool wm_wit_functype(wm_strbuf *sb, const warden_component_functype_t *functype,
                     const wm_wit_names *names);

/* Writes a WIT identifier: `name`, or `%name` when it is a keyword. */
bool wm_wit_id(wm_strbuf *sb, const char *name);

#endif
