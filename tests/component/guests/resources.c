/* The resources guest (world `resources` of resources.wit): the resources `counter` and `tag` of
 * the exported interface test:pkg/res@1.0.0. A resource's representation (rep) is its slot
 * number plus one. Methods and `borrow<counter>` parameters receive the rep (the resource is the
 * guest's own); `own` parameters arrive as handles of the guest's table, and results go out as
 * handles made by resource.new. Destructors call the host's `on-drop` with the counter's value
 * (9999 for a tag). */
#include "guest.h"

#define RES "test:pkg/res@1.0.0"
#define RES_EXPORT(name) GUEST_EXPORT(RES "#" name)
#define RES_BUILTIN(name) GUEST_IMPORT("[export]" RES, name)

RES_BUILTIN("[resource-new]counter") int32_t counter_new(int32_t rep);
RES_BUILTIN("[resource-rep]counter") int32_t counter_rep(int32_t handle);
RES_BUILTIN("[resource-drop]counter") void counter_drop(int32_t handle);
RES_BUILTIN("[resource-new]tag") int32_t tag_new(int32_t rep);
GUEST_IMPORT("$root", "on-drop") void on_drop(uint32_t value);

#define SLOTS 256
#define TAG_DROPPED 9999

static struct {
    bool used;
    uint32_t value;
} counters[SLOTS];
static struct {
    bool used;
    guest_str name;
} tags[SLOTS];
static uint32_t drops, live;

static int32_t new_counter(uint32_t value)
{
    for (int32_t i = 0; i < SLOTS; i++)
        if (!counters[i].used) {
            counters[i].used = true;
            counters[i].value = value;
            live++;
            return counter_new(i + 1);
        }
    __builtin_trap();
}

/* The counter of a rep; traps on a rep the guest never made. */
static uint32_t *value_of(int32_t rep)
{
    if (rep < 1 || rep > SLOTS || !counters[rep - 1].used) __builtin_trap();
    return &counters[rep - 1].value;
}

RES_EXPORT("[constructor]counter") int32_t counter_constructor(uint32_t start)
{
    return new_counter(start);
}

RES_EXPORT("[method]counter.get") uint32_t counter_get(int32_t rep)
{
    return *value_of(rep);
}

RES_EXPORT("[method]counter.add") void counter_add(int32_t rep, uint32_t n)
{
    *value_of(rep) += n;
}

RES_EXPORT("[static]counter.make") int32_t counter_make(uint32_t start)
{
    return new_counter(start);
}

RES_EXPORT("[static]counter.merge") int32_t counter_merge(int32_t a, int32_t b_rep)
{
    uint32_t sum = *value_of(counter_rep(a)) + *value_of(b_rep);
    counter_drop(a); /* runs the destructor */
    return new_counter(sum);
}

RES_EXPORT("[dtor]counter") void counter_dtor(int32_t rep)
{
    uint32_t value = *value_of(rep);
    counters[rep - 1].used = false;
    drops++;
    live--;
    on_drop(value);
}

RES_EXPORT("[constructor]tag") int32_t tag_constructor(char *p, uint32_t n)
{
    for (int32_t i = 0; i < SLOTS; i++)
        if (!tags[i].used) {
            tags[i].used = true;
            tags[i].name = (guest_str){p, n};
            live++;
            return tag_new(i + 1);
        }
    __builtin_trap();
}

RES_EXPORT("[method]tag.name") guest_str *tag_name(int32_t rep)
{
    if (rep < 1 || rep > SLOTS || !tags[rep - 1].used) __builtin_trap();
    return guest_return_str(tags[rep - 1].name);
}

RES_EXPORT("[dtor]tag") void tag_dtor(int32_t rep)
{
    if (rep < 1 || rep > SLOTS || !tags[rep - 1].used) __builtin_trap();
    tags[rep - 1].used = false;
    drops++;
    live--;
    on_drop(TAG_DROPPED);
}

RES_EXPORT("peek") uint32_t peek(int32_t rep)
{
    return *value_of(rep);
}

RES_EXPORT("consume") uint32_t consume(int32_t handle)
{
    uint32_t value = *value_of(counter_rep(handle));
    counter_drop(handle);
    return value;
}

RES_EXPORT("pair") int32_t *pair(uint32_t a, uint32_t b)
{
    int32_t *r = guest_alloc(8, 4);
    r[0] = new_counter(a);
    r[1] = new_counter(b);
    return r;
}

/* option<counter> passes through: the handle given is the handle returned. */
RES_EXPORT("maybe") int32_t *maybe(uint32_t tag, int32_t handle)
{
    int32_t *r = guest_alloc(8, 4);
    r[0] = (int32_t)tag; /* the u8 tag, with zero padding */
    r[1] = tag ? handle : 0;
    return r;
}

RES_EXPORT("drops") uint32_t drops_count(void)
{
    return drops;
}

RES_EXPORT("live") uint32_t live_count(void)
{
    return live;
}
