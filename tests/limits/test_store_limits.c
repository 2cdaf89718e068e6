/* Store limits and their accounting: memory.grow and table.grow bombs that get -1 under a cap
 * (or trap under the trap policy) with usage never above it, memory summed over every memory of
 * the store, the usage callback, and limit errors at instantiation that name the resource, the
 * limit and the request. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE 65536u

/* The guest's "observe" import: looks at the accounting after every grow attempt. */
typedef struct observer {
    uint64_t memory_cap, table_cap;
    int calls;
    int over_cap;
    uint64_t max_memory, max_table;
} observer;

static warden_trap_t *observe(void *env, warden_caller_t *caller, const warden_val_t *args,
                              size_t nargs, warden_val_t *results, size_t nresults)
{
    (void)args;
    (void)nargs;
    (void)results;
    (void)nresults;
    observer *o = env;
    warden_store_usage_t u;
    warden_store_usage(warden_caller_store(caller), &u);
    o->calls++;
    if (u.memory_bytes > o->max_memory) o->max_memory = u.memory_bytes;
    if (u.table_elements > o->max_table) o->max_table = u.table_elements;
    if ((o->memory_cap &&
         (u.memory_bytes > o->memory_cap || u.memory_peak_bytes > o->memory_cap)) ||
        (o->table_cap && (u.table_elements > o->table_cap || u.table_peak_elements > o->table_cap)))
        o->over_cap++;
    return NULL;
}

static lt_env *env_with_limits(const warden_store_limits_t *limits, observer *o)
{
    lt_env *env = lt_env_new(NULL);
    LT_OK(warden_store_set_limits(env->store, limits));
    lt_define_host(env, "host", "observe", 0, 0, observe, o);
    return env;
}

static warden_store_limits_t limits_default(void)
{
    warden_store_limits_t l;
    warden_store_limits_default(&l);
    return l;
}

static warden_store_usage_t usage_of(const lt_env *env)
{
    warden_store_usage_t u;
    memset(&u, 0xFF, sizeof u);
    warden_store_usage(env->store, &u);
    return u;
}

/* The host memory (usage.host_bytes) that `n` instances of `stem` hold: max_memory_bytes counts
 * it with linear memory, so the limits below allow it on top of the pages under test. */
static uint64_t host_bytes_of(const char *stem, unsigned n)
{
    warden_store_limits_t l = limits_default();
    observer o = {0};
    lt_env *env = env_with_limits(&l, &o);
    for (unsigned i = 0; i < n; i++) lt_instantiate(env, stem);
    uint64_t b = usage_of(env).host_bytes;
    assert_true(b > 0);
    lt_env_delete(env);
    return b;
}

/* ---------------------------------------------------------------------------------------------
 * Defaults
 * ------------------------------------------------------------------------------------------- */

static void test_default_limits(void **state)
{
    (void)state;
    warden_store_limits_t l = limits_default();
    assert_int_equal(l.max_memory_bytes, 0);
    assert_int_equal(l.max_table_elements, 0);
    assert_int_equal(l.max_instances, 0);
    assert_int_equal(l.max_memories, 0);
    assert_int_equal(l.max_tables, 0);
    assert_int_equal(l.max_stack_bytes, (uint64_t)32 << 20);
    assert_int_equal(l.max_call_depth, 100000);
    assert_false(l.trap_on_grow_failure);

    lt_env *env = lt_env_new(NULL);
    warden_store_limits_t got;
    warden_store_get_limits(env->store, &got);
    assert_memory_equal(&got, &l, sizeof l);
    warden_store_usage_t u = usage_of(env);
    assert_int_equal(u.memory_bytes, 0);
    assert_int_equal(u.memory_peak_bytes, 0);
    assert_int_equal(u.memory_grow_calls, 0);
    assert_int_equal(u.memory_grow_denied, 0);
    assert_int_equal(u.table_elements, 0);
    assert_int_equal(u.instances, 0);
    assert_int_equal(u.memories, 0);
    assert_int_equal(u.tables, 0);
    lt_env_delete(env);
}

/* ---------------------------------------------------------------------------------------------
 * memory.grow
 * ------------------------------------------------------------------------------------------- */

/* Growing one page at a time under a 10-page cap: 8 grows succeed (2 -> 10 pages), the 9th gets
 * -1, and the usage seen after every attempt never exceeds the cap. */
static void test_memory_grow_bomb(void **state)
{
    (void)state;
    warden_store_limits_t l = limits_default();
    uint64_t host = host_bytes_of("mem_grow", 1);
    l.max_memory_bytes = 10 * PAGE + host;
    observer o = {.memory_cap = 10 * PAGE};
    lt_env *env = env_with_limits(&l, &o);
    warden_instance_t *inst = lt_instantiate(env, "mem_grow");
    warden_store_t *s = env->store;
    assert_int_equal(usage_of(env).host_bytes, host);

    assert_int_equal(lt_call_i32(s, lt_func(inst, "bomb"), 1, 1), 8);
    assert_int_equal(o.calls, 9);
    assert_int_equal(o.over_cap, 0);
    assert_int_equal(o.max_memory, 10 * PAGE);
    assert_int_equal(lt_call_i32(s, lt_func(inst, "size"), 0), 10);
    assert_int_equal(warden_memory_size(lt_memory(inst, "memory")), 10 * PAGE);

    warden_store_usage_t u = usage_of(env);
    assert_int_equal(u.memory_bytes, 10 * PAGE);
    assert_int_equal(u.memory_peak_bytes, 10 * PAGE);
    assert_int_equal(u.memory_grow_calls, 9);
    assert_int_equal(u.memory_grow_denied, 1);
    assert_int_equal(u.memories, 1);
    assert_int_equal(u.host_bytes, host);

    /* At the cap: any growth is denied, growing by 0 is not. */
    assert_int_equal(lt_call_i32(s, lt_func(inst, "grow"), 1, 1), -1);
    assert_int_equal(lt_call_i32(s, lt_func(inst, "grow"), 1, 0), 10);
    assert_int_equal(lt_call_i32(s, lt_func(inst, "grow"), 1, 0x10000), -1);
    assert_int_equal(warden_memory_grow(lt_memory(inst, "memory"), 1), -1);
    u = usage_of(env);
    assert_int_equal(u.memory_bytes, 10 * PAGE);
    assert_int_equal(u.memory_peak_bytes, 10 * PAGE);
    assert_int_equal(u.memory_grow_calls, 13);
    assert_int_equal(u.memory_grow_denied, 4);
    assert_int_equal(lt_call_i32(s, lt_func(inst, "size"), 0), 10);

    /* The memory is usable up to its last byte. */
    uint8_t *mem = warden_memory_data(lt_memory(inst, "memory"));
    mem[10 * PAGE - 1] = 0x5A;
    assert_int_equal(mem[10 * PAGE - 1], 0x5A);
    lt_env_delete(env);
}

/* A grow that would pass the cap is denied whole: 2 -> 5 -> 8 pages, 8 + 3 > 10 is denied, and
 * 2 more pages still fit. */
static void test_memory_grow_denied_whole(void **state)
{
    (void)state;
    warden_store_limits_t l = limits_default();
    l.max_memory_bytes = 10 * PAGE + host_bytes_of("mem_grow", 1);
    observer o = {.memory_cap = 10 * PAGE};
    lt_env *env = env_with_limits(&l, &o);
    warden_instance_t *inst = lt_instantiate(env, "mem_grow");
    warden_store_t *s = env->store;

    assert_int_equal(lt_call_i32(s, lt_func(inst, "bomb"), 1, 3), 2);
    assert_int_equal(o.over_cap, 0);
    assert_int_equal(lt_call_i32(s, lt_func(inst, "size"), 0), 8);
    warden_store_usage_t u = usage_of(env);
    assert_int_equal(u.memory_bytes, 8 * PAGE);
    assert_int_equal(u.memory_peak_bytes, 8 * PAGE);
    assert_int_equal(lt_call_i32(s, lt_func(inst, "grow"), 1, 2), 8);
    u = usage_of(env);
    assert_int_equal(u.memory_bytes, 10 * PAGE);
    assert_int_equal(u.memory_peak_bytes, 10 * PAGE);
    assert_int_equal(u.memory_grow_calls, 4);
    assert_int_equal(u.memory_grow_denied, 1);
    lt_env_delete(env);
}

/* Under trap_on_grow_failure a grow denied by the cap traps resource-limit, and changes nothing;
 * a grow past the memory type's own maximum still returns -1, as the spec says. */
static void test_memory_grow_trap_policy(void **state)
{
    (void)state;
    warden_store_limits_t l = limits_default();
    l.max_memory_bytes = 4 * PAGE + host_bytes_of("mem_grow", 1);
    l.trap_on_grow_failure = true;
    observer o = {.memory_cap = 4 * PAGE};
    lt_env *env = env_with_limits(&l, &o);
    warden_instance_t *inst = lt_instantiate(env, "mem_grow");
    warden_store_t *s = env->store;

    assert_int_equal(lt_call_i32(s, lt_func(inst, "grow"), 1, 2), 2);
    LT_TRAP(lt_call(s, lt_func(inst, "grow"), NULL, 1, 1, 1), WARDEN_TRAP_RESOURCE_LIMIT);
    LT_TRAP(lt_call(s, lt_func(inst, "bomb"), NULL, 1, 1, 1), WARDEN_TRAP_RESOURCE_LIMIT);
    assert_int_equal(o.calls, 0);
    assert_int_equal(lt_call_i32(s, lt_func(inst, "size"), 0), 4);
    warden_store_usage_t u = usage_of(env);
    assert_int_equal(u.memory_bytes, 4 * PAGE);
    assert_int_equal(u.memory_peak_bytes, 4 * PAGE);
    assert_int_equal(u.memory_grow_calls, 3);
    assert_int_equal(u.memory_grow_denied, 2);
    lt_env_delete(env);

    l.max_memory_bytes = 8 * PAGE + host_bytes_of("mem_max", 1);
    env = env_with_limits(&l, &o);
    inst = lt_instantiate(env, "mem_max");
    assert_int_equal(lt_call_i32(env->store, lt_func(inst, "grow"), 1, 1), 1);
    assert_int_equal(lt_call_i32(env->store, lt_func(inst, "grow"), 1, 1), -1);
    assert_int_equal(usage_of(env).memory_bytes, 2 * PAGE);
    lt_env_delete(env);
}

/* ---------------------------------------------------------------------------------------------
 * table.grow
 * ------------------------------------------------------------------------------------------- */

/* Growing by 7 under a cap of 100 elements: 10 + 12 * 7 = 94, the 13th grow is denied; 6 more
 * still fit, then nothing does. */
static void test_table_grow_bomb(void **state)
{
    (void)state;
    warden_store_limits_t l = limits_default();
    l.max_table_elements = 100;
    observer o = {.table_cap = 100};
    lt_env *env = env_with_limits(&l, &o);
    warden_instance_t *inst = lt_instantiate(env, "table_grow");
    warden_store_t *s = env->store;

    assert_int_equal(lt_call_i32(s, lt_func(inst, "bomb"), 1, 7), 12);
    assert_int_equal(o.calls, 13);
    assert_int_equal(o.over_cap, 0);
    assert_int_equal(o.max_table, 94);
    assert_int_equal(lt_call_i32(s, lt_func(inst, "size"), 0), 94);
    assert_int_equal(lt_call_i32(s, lt_func(inst, "grow"), 1, 6), 94);
    assert_int_equal(lt_call_i32(s, lt_func(inst, "grow"), 1, 1), -1);
    assert_int_equal(lt_call_i32(s, lt_func(inst, "size"), 0), 100);
    assert_int_equal(warden_table_size(lt_table(inst, "table")), 100);

    warden_store_usage_t u = usage_of(env);
    assert_int_equal(u.table_elements, 100);
    assert_int_equal(u.table_peak_elements, 100);
    /* Every element is 8 bytes of host memory, counted against the memory limit too. */
    assert_int_equal(u.host_bytes, host_bytes_of("table_grow", 1) + 90 * 8);
    assert_int_equal(u.table_grow_calls, 15);
    assert_int_equal(u.table_grow_denied, 2);
    assert_int_equal(u.tables, 1);
    assert_int_equal(u.memory_grow_calls, 0);
    lt_env_delete(env);
}

static void test_table_grow_trap_policy(void **state)
{
    (void)state;
    warden_store_limits_t l = limits_default();
    l.max_table_elements = 12;
    l.trap_on_grow_failure = true;
    observer o = {.table_cap = 12};
    lt_env *env = env_with_limits(&l, &o);
    warden_instance_t *inst = lt_instantiate(env, "table_grow");
    warden_store_t *s = env->store;

    assert_int_equal(lt_call_i32(s, lt_func(inst, "grow"), 1, 2), 10);
    LT_TRAP(lt_call(s, lt_func(inst, "grow"), NULL, 1, 1, 1), WARDEN_TRAP_RESOURCE_LIMIT);
    assert_int_equal(lt_call_i32(s, lt_func(inst, "size"), 0), 12);
    warden_store_usage_t u = usage_of(env);
    assert_int_equal(u.table_elements, 12);
    assert_int_equal(u.table_peak_elements, 12);
    assert_int_equal(u.table_grow_denied, 1);
    lt_env_delete(env);

    l.max_table_elements = 100;
    env = env_with_limits(&l, &o);
    inst = lt_instantiate(env, "table_max");
    assert_int_equal(lt_call_i32(env->store, lt_func(inst, "grow"), 1, 1), 1);
    assert_int_equal(lt_call_i32(env->store, lt_func(inst, "grow"), 1, 1), -1);
    assert_int_equal(usage_of(env).table_elements, 2);
    lt_env_delete(env);
}

/* ---------------------------------------------------------------------------------------------
 * Accounting across memories, and the usage callback
 * ------------------------------------------------------------------------------------------- */

typedef struct usage_seen {
    int fired;
    warden_store_usage_t usage;
} usage_seen;

static void on_usage(void *env, const warden_store_usage_t *usage)
{
    usage_seen *seen = env;
    seen->fired++;
    seen->usage = *usage;
}

/* Two instances' memories and a host-made memory share one 8-page cap (with room for the host
 * memory of three instances, so that the third is refused for its linear memory). */
static void test_aggregate_two_memories(void **state)
{
    (void)state;
    warden_store_limits_t l = limits_default();
    uint64_t host = host_bytes_of("mem_grow", 3) / 3;
    l.max_memory_bytes = 8 * PAGE + 3 * host;
    char limit_text[32];
    snprintf(limit_text, sizeof limit_text, "limit %llu bytes",
             (unsigned long long)l.max_memory_bytes);
    observer o = {.memory_cap = 8 * PAGE};
    lt_env *env = env_with_limits(&l, &o);
    usage_seen seen = {0};
    warden_store_set_usage_callback(env->store, 90, on_usage, &seen);
    warden_store_t *s = env->store;

    warden_instance_t *a = lt_instantiate(env, "mem_grow");
    warden_instance_t *b = lt_instantiate(env, "mem_grow");
    warden_memory_t *host_mem = NULL;
    warden_limits_t one_page = {.min = 1, .max = 0, .has_max = false};
    LT_OK(warden_memory_new(s, one_page, &host_mem));
    warden_store_usage_t u = usage_of(env);
    assert_int_equal(u.memory_bytes, 5 * PAGE);
    assert_int_equal(u.memories, 3);
    assert_int_equal(u.instances, 2);

    assert_int_equal(lt_call_i32(s, lt_func(a, "grow"), 1, 2), 2);  /* 7 pages */
    assert_int_equal(seen.fired, 0);                                /* 87.5 % */
    assert_int_equal(lt_call_i32(s, lt_func(b, "grow"), 1, 2), -1); /* 9 > 8 */
    assert_int_equal(lt_call_i32(s, lt_func(b, "grow"), 1, 1), 2);  /* 8 pages */
    assert_int_equal(seen.fired, 1);
    assert_int_equal(seen.usage.memory_bytes, 8 * PAGE);
    assert_int_equal(warden_memory_grow(host_mem, 1), -1);
    assert_int_equal(lt_call_i32(s, lt_func(a, "grow"), 1, 1), -1);
    assert_int_equal(lt_call_i32(s, lt_func(a, "bomb"), 1, 1), 0);
    assert_int_equal(o.over_cap, 0);

    u = usage_of(env);
    assert_int_equal(u.memory_bytes, 8 * PAGE);
    assert_int_equal(u.memory_peak_bytes, 8 * PAGE);
    assert_int_equal(u.memory_grow_calls, 6);
    assert_int_equal(u.memory_grow_denied, 4);
    assert_int_equal(warden_memory_size(lt_memory(a, "memory")), 4 * PAGE);
    assert_int_equal(warden_memory_size(lt_memory(b, "memory")), 3 * PAGE);
    assert_int_equal(warden_memory_size(host_mem), PAGE);

    /* A third memory needs 2 pages that are not there: an instantiation limit error, and a
     * host-made memory is refused the same way. */
    warden_instance_t *c = NULL;
    warden_trap_t *trap = NULL;
    LT_LIMIT_ERROR(lt_try_instantiate(env, "mem_grow", &c, &trap), "memory", limit_text,
                   "requested 131072 for linear memory");
    assert_null(c);
    assert_null(trap);
    warden_memory_t *more = NULL;
    LT_LIMIT_ERROR(warden_memory_new(s, one_page, &more), "memory", limit_text,
                   "requested 65536 for linear memory");
    assert_int_equal(seen.fired, 1);
    u = usage_of(env);
    assert_int_equal(u.memory_bytes, 8 * PAGE);
    assert_int_equal(u.memory_peak_bytes, 8 * PAGE);
    assert_int_equal(u.host_bytes, 2 * host);
    assert_int_equal(u.instances, 2);
    lt_env_delete(env);
}

/* The callback fires once, when usage first crosses the threshold: 90 % by default (percent 0
 * selects the default), or the percentage given. A denied grow does not fire it. */
static void test_usage_callback(void **state)
{
    (void)state;
    warden_store_limits_t l = limits_default();
    l.max_memory_bytes = 20 * PAGE + host_bytes_of("mem_grow", 1);
    observer o = {0};
    lt_env *env = env_with_limits(&l, &o);
    usage_seen seen = {0};
    warden_store_set_usage_callback(env->store, 0, on_usage, &seen);
    warden_instance_t *inst = lt_instantiate(env, "mem_grow");
    warden_func_t *grow = lt_func(inst, "grow");
    warden_store_t *s = env->store;

    assert_int_equal(lt_call_i32(s, grow, 1, 30), -1);
    assert_int_equal(lt_call_i32(s, grow, 1, 15), 2); /* 17 pages: 85 % */
    assert_int_equal(seen.fired, 0);
    assert_int_equal(lt_call_i32(s, grow, 1, 2), 17); /* 19 pages: 95 % */
    assert_int_equal(seen.fired, 1);
    assert_int_equal(seen.usage.memory_bytes, 19 * PAGE);
    assert_int_equal(seen.usage.memory_peak_bytes, 19 * PAGE);
    assert_int_equal(lt_call_i32(s, grow, 1, 1), 19); /* 20 pages: 100 % */
    assert_int_equal(lt_call_i32(s, grow, 1, 1), -1);
    assert_int_equal(seen.fired, 1);
    lt_env_delete(env);

    env = env_with_limits(&l, &o);
    memset(&seen, 0, sizeof seen);
    warden_store_set_usage_callback(env->store, 50, on_usage, &seen);
    inst = lt_instantiate(env, "mem_grow");
    grow = lt_func(inst, "grow");
    assert_int_equal(lt_call_i32(env->store, grow, 1, 6), 2); /* 8 pages: 40 % */
    assert_int_equal(seen.fired, 0);
    assert_int_equal(lt_call_i32(env->store, grow, 1, 4), 8); /* 12 pages: 60 % */
    assert_int_equal(seen.fired, 1);
    assert_int_equal(seen.usage.memory_bytes, 12 * PAGE);
    assert_int_equal(lt_call_i32(env->store, grow, 1, 8), 12);
    assert_int_equal(seen.fired, 1);
    lt_env_delete(env);

    /* Crossing at instantiation counts too. */
    l.max_memory_bytes = 3 * PAGE + host_bytes_of("mem3", 1);
    env = env_with_limits(&l, &o);
    memset(&seen, 0, sizeof seen);
    warden_store_set_usage_callback(env->store, 90, on_usage, &seen);
    lt_instantiate(env, "mem3");
    assert_int_equal(seen.fired, 1);
    assert_int_equal(seen.usage.memory_bytes, 3 * PAGE);
    lt_env_delete(env);
}

/* ---------------------------------------------------------------------------------------------
 * Limit errors at instantiation
 * ------------------------------------------------------------------------------------------- */

static void expect_instantiation_limit(lt_env *env, const char *stem, const char *resource,
                                       const char *limit, const char *request)
{
    warden_instance_t *inst = NULL;
    warden_trap_t *trap = NULL;
    LT_LIMIT_ERROR(lt_try_instantiate(env, stem, &inst, &trap), resource, limit, request);
    assert_null(inst);
    assert_null(trap);
}

static void test_instantiation_limits(void **state)
{
    (void)state;
    observer o = {0};

    warden_store_limits_t l = limits_default();
    l.max_instances = 2;
    lt_env *env = env_with_limits(&l, &o);
    lt_instantiate(env, "empty");
    lt_instantiate(env, "empty");
    expect_instantiation_limit(env, "empty", "instance", "2", "3");
    assert_int_equal(usage_of(env).instances, 2);
    lt_env_delete(env);

    l = limits_default();
    l.max_memories = 1;
    env = env_with_limits(&l, &o);
    lt_instantiate(env, "mem3");
    expect_instantiation_limit(env, "mem3", "memor", "1", "2");
    warden_memory_t *m = NULL;
    warden_limits_t one_page = {.min = 1, .max = 0, .has_max = false};
    LT_LIMIT_ERROR(warden_memory_new(env->store, one_page, &m), "memor", "1", "2");
    assert_int_equal(usage_of(env).memories, 1);
    lt_env_delete(env);

    l = limits_default();
    l.max_tables = 1;
    env = env_with_limits(&l, &o);
    lt_instantiate(env, "table20");
    expect_instantiation_limit(env, "table20", "table", "1", "2");
    warden_table_t *t = NULL;
    warden_val_t null_ref = {.kind = WARDEN_FUNCREF, .of.funcref = NULL};
    warden_limits_t one_elem = {.min = 1, .max = 0, .has_max = false};
    LT_LIMIT_ERROR(warden_table_new(env->store, WARDEN_FUNCREF, one_elem, null_ref, &t), "table",
                   "1", "2");
    assert_int_equal(usage_of(env).tables, 1);
    lt_env_delete(env);

    l = limits_default();
    l.max_memory_bytes = 2 * PAGE + host_bytes_of("mem3", 1);
    env = env_with_limits(&l, &o);
    char limit_text[32];
    snprintf(limit_text, sizeof limit_text, "limit %llu bytes",
             (unsigned long long)l.max_memory_bytes);
    expect_instantiation_limit(env, "mem3", "memory", limit_text,
                               "requested 196608 for linear memory");
    lt_env_delete(env);

    /* The instance's own host memory is refused the same way, before anything is allocated. */
    l = limits_default();
    l.max_memory_bytes = host_bytes_of("mem3", 1) - 1;
    env = env_with_limits(&l, &o);
    char request_text[48];
    snprintf(request_text, sizeof request_text, "requested %llu for an instance",
             (unsigned long long)host_bytes_of("mem3", 1));
    expect_instantiation_limit(env, "mem3", "memory limit exceeded", "in use 0", request_text);
    assert_int_equal(usage_of(env).host_bytes, 0);
    lt_env_delete(env);

    l = limits_default();
    l.max_table_elements = 10;
    env = env_with_limits(&l, &o);
    expect_instantiation_limit(env, "table20", "table", "10", "20");
    LT_LIMIT_ERROR(warden_table_new(env->store, WARDEN_FUNCREF,
                                    (warden_limits_t){.min = 11, .max = 0, .has_max = false},
                                    null_ref, &t),
                   "table", "10", "11");
    lt_env_delete(env);
}

/* An instantiation refused by a limit holds nothing afterwards: the store's accounting is as
 * before, and once the limit is raised the same module instantiates within max_instances = 1. */
static void test_failed_instantiation_holds_nothing(void **state)
{
    (void)state;
    observer o = {0};
    warden_store_limits_t l = limits_default();
    uint64_t host = host_bytes_of("table_then_mem", 1); /* its 5 table elements included */
    l.max_memory_bytes = 2 * PAGE + host;
    l.max_instances = 1;
    lt_env *env = env_with_limits(&l, &o);
    expect_instantiation_limit(env, "table_then_mem", "memory limit exceeded", "limit",
                               "requested 196608 for linear memory");
    warden_store_usage_t u = usage_of(env);
    assert_int_equal(u.memory_bytes, 0);
    assert_int_equal(u.memories, 0);
    assert_int_equal(u.table_elements, 0);
    assert_int_equal(u.tables, 0);
    assert_int_equal(u.instances, 0);
    assert_int_equal(u.host_bytes, 0);

    l.max_memory_bytes = 3 * PAGE + host;
    LT_OK(warden_store_set_limits(env->store, &l));
    warden_instance_t *inst = lt_instantiate(env, "table_then_mem");
    assert_int_equal(warden_memory_size(lt_memory(inst, "memory")), 3 * PAGE);
    u = usage_of(env);
    assert_int_equal(u.memory_bytes, 3 * PAGE);
    assert_int_equal(u.table_elements, 5);
    assert_int_equal(u.instances, 1);
    assert_int_equal(u.host_bytes, host);
    lt_env_delete(env);
}

/* A memory made under a small cap can grow as far as a cap raised later allows. */
static void test_raised_limit_allows_growth(void **state)
{
    (void)state;
    observer o = {0};
    warden_store_limits_t l = limits_default();
    uint64_t host = host_bytes_of("mem_grow", 1);
    l.max_memory_bytes = 4 * PAGE + host;
    lt_env *env = env_with_limits(&l, &o);
    warden_instance_t *inst = lt_instantiate(env, "mem_grow");
    warden_func_t *grow = lt_func(inst, "grow");
    assert_int_equal(lt_call_i32(env->store, grow, 1, 3), -1);
    l.max_memory_bytes = 10 * PAGE + host;
    LT_OK(warden_store_set_limits(env->store, &l));
    assert_int_equal(lt_call_i32(env->store, grow, 1, 3), 2);
    assert_int_equal(lt_call_i32(env->store, grow, 1, 5), 5);
    assert_int_equal(lt_call_i32(env->store, grow, 1, 1), -1);
    warden_store_usage_t u = usage_of(env);
    assert_int_equal(u.memory_bytes, 10 * PAGE);
    assert_int_equal(u.memory_peak_bytes, 10 * PAGE);
    uint8_t *mem = warden_memory_data(lt_memory(inst, "memory"));
    mem[10 * PAGE - 1] = 1;
    lt_env_delete(env);
}

/* Limits below what the store already holds are refused, and the old limits stay. */
static void test_set_limits_below_usage(void **state)
{
    (void)state;
    observer o = {0};
    warden_store_limits_t l = limits_default();
    l.max_memory_bytes = 10 * PAGE;
    lt_env *env = env_with_limits(&l, &o);
    lt_instantiate(env, "mem3");
    warden_store_limits_t lower = l;
    lower.max_memory_bytes = 2 * PAGE;
    warden_error_t *err = warden_store_set_limits(env->store, &lower);
    assert_non_null(err);
    assert_int_equal(warden_error_kind(err), WARDEN_ERROR_LIMIT);
    warden_error_delete(err);
    warden_store_limits_t got;
    warden_store_get_limits(env->store, &got);
    assert_int_equal(got.max_memory_bytes, 10 * PAGE);
    lt_env_delete(env);
}

int main(int argc, char **argv)
{
    lt_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_limits),
        cmocka_unit_test(test_memory_grow_bomb),
        cmocka_unit_test(test_memory_grow_denied_whole),
        cmocka_unit_test(test_memory_grow_trap_policy),
        cmocka_unit_test(test_table_grow_bomb),
        cmocka_unit_test(test_table_grow_trap_policy),
        cmocka_unit_test(test_aggregate_two_memories),
        cmocka_unit_test(test_usage_callback),
        cmocka_unit_test(test_instantiation_limits),
        cmocka_unit_test(test_failed_instantiation_holds_nothing),
        cmocka_unit_test(test_raised_limit_allows_growth),
        cmocka_unit_test(test_set_limits_below_usage),
    };
    return cmocka_run_group_tests_name("limits/store_limits", tests, NULL, NULL);
}
