/* Checking that a value handed in by the host is a value of its type (wm_val_check), before it is
 * lowered. */
#include "abi_util.h"

#include <string.h>

static const char *check_case(const warden_component_type_t *t, const warden_component_val_t *v)
{
    uint32_t index = 0;
    const warden_component_val_t *payload = NULL;
    switch (t->kind) {
    case WARDEN_COMPONENT_VARIANT:
    case WARDEN_COMPONENT_ENUM: {
        const char *name = t->kind == WARDEN_COMPONENT_VARIANT ? v->of.variant.name : v->of.name;
        if (!name) return "a case without a name";
        for (index = 0; index < t->count; index++)
            if (t->names && strcmp(t->names[index], name) == 0) break;
        if (index == t->count) return "no case of that name";
        if (t->kind == WARDEN_COMPONENT_VARIANT) payload = v->of.variant.payload;
        break;
    }
    case WARDEN_COMPONENT_OPTION:
        payload = v->of.payload;
        index = payload ? 1 : 0;
        break;
    default:
        payload = v->of.result.payload;
        index = v->of.result.is_err ? 1 : 0;
        break;
    }
    const warden_component_type_t *ct = wm_case_type(t, index);
    if (ct && !payload) return "a payload is missing";
    if (!ct && payload) return "a payload where the case has none";
    return ct ? wm_val_check(ct, payload) : NULL;
}

static const char *check_flags(const warden_component_type_t *t, const warden_component_val_t *v)
{
    if (v->of.flags.len && !v->of.flags.names) return "flags without names";
    uint32_t next = 0;
    for (size_t k = 0; k < v->of.flags.len; k++) {
        const char *name = v->of.flags.names[k];
        if (!name) return "a flag without a name";
        uint32_t i = next;
        while (i < t->count && strcmp(t->names[i], name) != 0) i++;
        if (i == t->count) {
            for (i = 0; i < next; i++)
                if (strcmp(t->names[i], name) == 0) return "flags out of order or repeated";
            return "no flag of that name";
        }
        next = i + 1;
    }
    return NULL;
}

const char *wm_val_check(const warden_component_type_t *type, const warden_component_val_t *val)
{
    if (!type || !val) return "no value";
    if (val->kind == WARDEN_COMPONENT_BYTES && type->kind == WARDEN_COMPONENT_LIST &&
        type->elems[0]->kind == WARDEN_COMPONENT_U8) {
        if (type->length && val->of.bytes.len != type->length)
            return "a fixed-length list with the wrong number of elements";
        return val->of.bytes.len && !val->of.bytes.ptr ? "a list without elements" : NULL;
    }
    if (val->kind != type->kind) return "a value of another kind";
    switch (type->kind) {
    case WARDEN_COMPONENT_CHAR:
        return wm_valid_char(val->of.ch) ? NULL : "a char that is not a Unicode scalar value";
    case WARDEN_COMPONENT_STRING:
        if (val->of.string.len && !val->of.string.ptr) return "a string without bytes";
        return wm_utf8_check((const uint8_t *)val->of.string.ptr, val->of.string.len) == 0
                   ? NULL
                   : "a string that is not UTF-8";
    case WARDEN_COMPONENT_LIST:
        if (type->length && val->of.list.len != type->length)
            return "a fixed-length list with the wrong number of elements";
        if (val->of.list.len && !val->of.list.ptr) return "a list without elements";
        for (size_t i = 0; i < val->of.list.len; i++) {
            const char *why = wm_val_check(type->elems[0], &val->of.list.ptr[i]);
            if (why) return why;
        }
        return NULL;
    case WARDEN_COMPONENT_TUPLE:
        if (val->of.list.len != type->count || (type->count && !val->of.list.ptr))
            return "a tuple with the wrong number of elements";
        for (uint32_t i = 0; i < type->count; i++) {
            const char *why = wm_val_check(type->elems[i], &val->of.list.ptr[i]);
            if (why) return why;
        }
        return NULL;
    case WARDEN_COMPONENT_RECORD:
        if (val->of.record.len != type->count || (type->count && !val->of.record.ptr))
            return "a record with the wrong number of fields";
        for (uint32_t i = 0; i < type->count; i++) {
            const warden_component_field_t *f = &val->of.record.ptr[i];
            if (!f->name || strcmp(f->name, type->names[i]) != 0)
                return "a record field of another name (fields go in the type's order)";
            const char *why = wm_val_check(type->elems[i], &f->val);
            if (why) return why;
        }
        return NULL;
    case WARDEN_COMPONENT_VARIANT:
    case WARDEN_COMPONENT_ENUM:
    case WARDEN_COMPONENT_OPTION:
    case WARDEN_COMPONENT_RESULT: return check_case(type, val);
    case WARDEN_COMPONENT_FLAGS: return check_flags(type, val);
    case WARDEN_COMPONENT_MAP:
        if (val->of.map.len && !val->of.map.ptr) return "a map without entries";
        for (size_t i = 0; i < val->of.map.len; i++) {
            const char *why = wm_val_check(type->elems[0], &val->of.map.ptr[i].key);
            if (!why) why = wm_val_check(type->elems[1], &val->of.map.ptr[i].val);
            if (why) return why;
        }
        return NULL;
    case WARDEN_COMPONENT_OWN:
    case WARDEN_COMPONENT_BORROW: return val->of.resource ? NULL : "a resource without a handle";
    default: return NULL;
    }
}
