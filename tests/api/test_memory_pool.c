/* The engine's pool of memory reservations: a deleted store's reservation is reused by the next
 * memory of its size; a memory made from it, however the previous guest or host dirtied it,
 * reads as zeros like a new one; the pool can be turned off and is bounded; stores on several
 * threads share it. */
#include "support.h"

#include <pthread.h>
#include <string.h>

#define PAGE 65536u
#define ROUNDS 4

static bool all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i]) return false;
    return true;
}

static warden_engine_t *engine_with_pool(uint32_t pool)
{
    warden_config_t c;
    warden_config_default(&c);
    assert_int_equal(c.memory_pool, 16);
    c.memory_pool = pool;
    warden_engine_t *engine = NULL;
    API_OK(warden_engine_new_with_config(&c, &engine));
    return engine;
}

/* One store's life: a memory of these limits, checked to be zero, grown where it may be, then
 * dirtied to its last byte. */
static void dirty_memory_round(warden_engine_t *engine, warden_limits_t lim)
{
    warden_store_t *store = NULL;
    API_OK(warden_store_new(engine, &store));
    warden_memory_t *mem = NULL;
    API_OK(warden_memory_new(store, lim, &mem));
    assert_int_equal(warden_memory_size(mem), lim.min * PAGE);
    assert_true(all_zero(warden_memory_data(mem), lim.min * PAGE));
    if (!lim.has_max || lim.max > lim.min) {
        assert_int_equal(warden_memory_grow(mem, 1), (int64_t)lim.min);
        assert_true(all_zero(warden_memory_data(mem), (lim.min + 1) * PAGE));
    }
    memset(warden_memory_data(mem), 0xA5, warden_memory_size(mem));
    warden_store_delete(store);
}

static void check_reuse(uint32_t pool)
{
    warden_engine_t *engine = engine_with_pool(pool);
    static const warden_limits_t limits[] = {
        {1, 1, true}, {1, 0, false}, {2, 5, true}, {0, 1, true}, {3, 0, false}};
    for (int round = 0; round < ROUNDS; round++)
        for (size_t i = 0; i < sizeof limits / sizeof *limits; i++)
            dirty_memory_round(engine, limits[i]);
    warden_engine_delete(engine);
}

static void test_host_memories_reused_read_zero(void **state)
{
    (void)state;
    check_reuse(16);
}

static void test_without_pool(void **state)
{
    (void)state;
    check_reuse(0);
}

static void test_pool_of_one(void **state)
{
    (void)state;
    check_reuse(1);
}

/* A guest grows its memory and fills all of it; the next instance, in a new store, sees its data
 * segment and zeros, one page of them. */
static void test_guest_memories_reused_read_zero(void **state)
{
    (void)state;
    warden_engine_t *engine = engine_with_pool(16);
    warden_linker_t *linker = NULL;
    API_OK(warden_linker_new(engine, &linker));
    warden_module_t *module = api_module(engine, "pool");
    for (int round = 0; round < ROUNDS; round++) {
        warden_store_t *store = NULL;
        API_OK(warden_store_new(engine, &store));
        warden_instance_t *inst = api_instantiate(linker, store, module);
        warden_memory_t *mem = api_memory(inst, "memory");
        const uint8_t *data = warden_memory_data(mem);
        assert_int_equal(warden_memory_size(mem), PAGE);
        assert_memory_equal(data, "hi", 2);
        assert_true(all_zero(data + 2, PAGE - 2));
        API_CALL(store, api_func(inst, "dirty"), NULL, 0, NULL, 0);
        assert_int_equal(warden_memory_size(mem), 2 * PAGE);
        assert_int_equal(data[0], 0xEE);
        assert_int_equal(data[2 * PAGE - 1], 0xEE);
        warden_store_delete(store);
    }
    warden_module_delete(module);
    warden_linker_delete(linker);
    warden_engine_delete(engine);
}

/* Where the memory of a new store lands: the base of a fresh memory of these limits. */
static const uint8_t *base_in_new_store(warden_engine_t *engine, warden_limits_t lim,
                                        warden_store_t **store)
{
    API_OK(warden_store_new(engine, store));
    warden_memory_t *mem = NULL;
    API_OK(warden_memory_new(*store, lim, &mem));
    return warden_memory_data(mem);
}

/* The pool is used: a deleted store's reservation is the next memory of its size, the most
 * recently given first, and one of another size is not. */
static void test_reservations_are_reused(void **state)
{
    (void)state;
    warden_engine_t *engine = engine_with_pool(16);
    const warden_limits_t small = {1, 1, true}, other = {1, 2, true};
    warden_store_t *s1, *s2, *s3, *s4;
    const uint8_t *b1 = base_in_new_store(engine, small, &s1);
    const uint8_t *b2 = base_in_new_store(engine, small, &s2);
    warden_store_delete(s1);
    warden_store_delete(s2);
    /* Another size finds nothing to reuse. */
    const uint8_t *b3 = base_in_new_store(engine, other, &s3);
    assert_ptr_not_equal(b3, b1);
    assert_ptr_not_equal(b3, b2);
    assert_ptr_equal(base_in_new_store(engine, small, &s4), b2);
    warden_store_delete(s4);
    assert_ptr_equal(base_in_new_store(engine, small, &s4), b2);
    warden_store_t *s5;
    assert_ptr_equal(base_in_new_store(engine, small, &s5), b1);
    warden_store_delete(s3);
    warden_store_delete(s4);
    warden_store_delete(s5);
    warden_engine_delete(engine);
}

static void test_pool_bounded(void **state)
{
    (void)state;
    warden_config_t c;
    warden_config_default(&c);
    c.memory_pool = 4097;
    warden_engine_t *engine = NULL;
    API_ERROR(warden_engine_new_with_config(&c, &engine), WARDEN_ERROR_ARGUMENT,
              "engine: memory_pool 4097 is more than 4096");
    assert_null(engine);
    c.memory_pool = 4096;
    API_OK(warden_engine_new_with_config(&c, &engine));
    warden_engine_delete(engine);
}

/* Stores on four threads take reservations from and give them to one engine's pool. */
static void *thread_rounds(void *arg)
{
    warden_engine_t *engine = arg;
    for (int round = 0; round < 50; round++) {
        dirty_memory_round(engine, (warden_limits_t){1, 0, false});
        dirty_memory_round(engine, (warden_limits_t){2, 2, true});
    }
    return NULL;
}

static void test_threads_share_pool(void **state)
{
    (void)state;
    warden_engine_t *engine = engine_with_pool(4);
    pthread_t threads[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, thread_rounds, engine), 0);
    for (int i = 0; i < 4; i++) assert_int_equal(pthread_join(threads[i], NULL), 0);
    warden_engine_delete(engine);
}

int main(int argc, char **argv)
{
    api_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_host_memories_reused_read_zero),
        cmocka_unit_test(test_without_pool),
        cmocka_unit_test(test_pool_of_one),
        cmocka_unit_test(test_guest_memories_reused_read_zero),
        cmocka_unit_test(test_reservations_are_reused),
        cmocka_unit_test(test_pool_bounded),
        cmocka_unit_test(test_threads_share_pool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
