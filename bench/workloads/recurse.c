/*
 * recurse — call-heavy code: naive Fibonacci, the Takeuchi function, Ackermann's function, a
 * recursive walk down a 1,000-node list (1,000 frames deep), and building and checking a complete
 * binary tree recursively.
 */
#include "bench.h"

#define LIST_NODES 1000
#define TREE_DEPTH 14

struct list {
    struct list *next;
    uint32_t value;
};

struct tree {
    struct tree *left, *right;
    uint32_t value;
};

static uint32_t fib(uint32_t n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static int32_t tak(int32_t x, int32_t y, int32_t z)
{
    return y < x ? tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y)) : z;
}

static uint32_t ackermann(uint32_t m, uint32_t n)
{
    if (m == 0) return n + 1;
    if (n == 0) return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

/* Not a sum, so that no compiler turns it into a loop. */
static uint64_t list_hash(const struct list *l)
{
    if (!l) return 17;
    uint64_t rest = list_hash(l->next);
    return rest * 31 + l->value;
}

static struct tree *tree_build(struct tree **pool, uint32_t depth, uint32_t value)
{
    struct tree *t = (*pool)++;
    t->value = value;
    if (depth == 0) {
        t->left = t->right = 0;
    } else {
        t->left = tree_build(pool, depth - 1, value * 2);
        t->right = tree_build(pool, depth - 1, value * 2 + 1);
    }
    return t;
}

static uint64_t tree_check(const struct tree *t)
{
    if (!t->left) return t->value;
    return tree_check(t->left) * 3 - tree_check(t->right) + t->value;
}

uint64_t bench_run(uint32_t rounds)
{
    struct list *nodes = bench_alloc(LIST_NODES * sizeof *nodes);
    for (uint32_t i = 0; i < LIST_NODES; i++) {
        nodes[i].next = i + 1 < LIST_NODES ? &nodes[i + 1] : 0;
        nodes[i].value = i * 2654435761u;
    }
    struct tree *pool_base = bench_alloc(((size_t)2 << TREE_DEPTH) * sizeof *pool_base);

    uint64_t sum = 0;
    for (uint32_t r = 0; r < rounds; r++) {
        uint32_t k = r % 3;
        sum = bench_mix(sum, fib(20 + k));
        sum = bench_mix(sum, (uint64_t)tak(16 + (int32_t)k, 10, 4));
        sum = bench_mix(sum, ackermann(2, 300 + k));
        for (uint32_t i = 0; i < 4; i++) {
            nodes[(r * 7 + i) % LIST_NODES].value += r;
            sum = bench_mix(sum, list_hash(nodes));
        }
        struct tree *pool = pool_base;
        struct tree *root = tree_build(&pool, TREE_DEPTH, r);
        sum = bench_mix(sum, tree_check(root));
    }
    return sum;
}
