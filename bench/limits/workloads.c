/* CPU-bound guest functions for bench/limits/run.sh, compiled to wasm32 without a libc:
 *   hash(n)            n rounds of an FNV-style integer mix, one basic block per round
 *   fib(n)             naive recursive Fibonacci: calls and returns
 *   sieve(n, rounds)   the primes below n (at most SIEVE_MAX), counted `rounds` times: memory
 *                      loads and stores in nested loops */
#define EXPORT(name) __attribute__((export_name(name)))

typedef unsigned int u32;
typedef unsigned char u8;

#define SIEVE_MAX (1u << 20)

static u8 composite[SIEVE_MAX];

EXPORT("hash") u32 hash(u32 n)
{
    u32 h = 2166136261u;
    for (u32 i = 0; i < n; i++) {
        h ^= i;
        h *= 16777619u;
        h ^= h >> 13;
    }
    return h;
}

EXPORT("fib") u32 fib(u32 n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

EXPORT("sieve") u32 sieve(u32 n, u32 rounds)
{
    if (n > SIEVE_MAX) n = SIEVE_MAX;
    u32 count = 0;
    for (u32 r = 0; r < rounds; r++) {
        for (u32 i = 0; i < n; i++) composite[i] = 0;
        count = 0;
        for (u32 i = 2; i < n; i++) {
            if (composite[i]) continue;
            count++;
            for (u32 j = i + i; j < n; j += i) composite[j] = 1;
        }
    }
    return count;
}
