/*
 * interp — a small bytecode interpreter: a stack machine with locals and conditional jumps,
 * dispatched by a switch, running a program that draws pseudo-random numbers and follows the
 * Collatz sequence of each. Every round runs the program with a different seed.
 */
#include "bench.h"

enum op {
    OP_HALT,
    OP_PUSH,  /* imm: push imm */
    OP_LOAD,  /* slot: push locals[slot] */
    OP_STORE, /* slot: pop into locals[slot] */
    OP_DUP,
    OP_DROP,
    OP_ADD,
    OP_SUB,
    OP_MUL,
    OP_AND,
    OP_XOR,
    OP_SHL,
    OP_SHR,
    OP_LT,  /* push a < b */
    OP_EQ,  /* push a == b */
    OP_JZ,  /* target: pop, jump when zero */
    OP_JNZ, /* target: pop, jump when not zero */
    OP_JMP, /* target */
    OP_INC, /* slot: locals[slot] += 1 */
};

enum { I, COUNT, X, ACC, T, STEPS };

/* Two-word instructions take an operand; labels are indices into the code. */
#define EMIT(op) (code[at++] = (op))
#define EMIT2(op, v) (code[at++] = (op), code[at++] = (uint32_t)(v))

static uint32_t assemble(uint32_t *code)
{
    uint32_t at = 0;
    EMIT2(OP_PUSH, 0);
    EMIT2(OP_STORE, I);
    uint32_t loop = at;
    EMIT2(OP_LOAD, I);
    EMIT2(OP_LOAD, COUNT);
    EMIT(OP_LT);
    uint32_t exit_jump = at + 1;
    EMIT2(OP_JZ, 0);
    /* x = x * 1103515245 + 12345; t = ((x >> 16) & 1023) + 2 */
    EMIT2(OP_LOAD, X);
    EMIT2(OP_PUSH, 1103515245u);
    EMIT(OP_MUL);
    EMIT2(OP_PUSH, 12345);
    EMIT(OP_ADD);
    EMIT(OP_DUP);
    EMIT2(OP_STORE, X);
    EMIT2(OP_PUSH, 16);
    EMIT(OP_SHR);
    EMIT2(OP_PUSH, 1023);
    EMIT(OP_AND);
    EMIT2(OP_PUSH, 2);
    EMIT(OP_ADD);
    EMIT2(OP_STORE, T);
    EMIT2(OP_PUSH, 0);
    EMIT2(OP_STORE, STEPS);
    /* while (t != 1) { t = t & 1 ? 3t + 1 : t >> 1; steps++ } */
    uint32_t collatz = at;
    EMIT2(OP_LOAD, T);
    EMIT2(OP_PUSH, 1);
    EMIT(OP_EQ);
    uint32_t done_jump = at + 1;
    EMIT2(OP_JNZ, 0);
    EMIT2(OP_INC, STEPS);
    EMIT2(OP_LOAD, T);
    EMIT2(OP_PUSH, 1);
    EMIT(OP_AND);
    uint32_t even_jump = at + 1;
    EMIT2(OP_JZ, 0);
    EMIT2(OP_LOAD, T);
    EMIT2(OP_PUSH, 3);
    EMIT(OP_MUL);
    EMIT2(OP_PUSH, 1);
    EMIT(OP_ADD);
    EMIT2(OP_STORE, T);
    EMIT2(OP_JMP, collatz);
    code[even_jump] = at;
    EMIT2(OP_LOAD, T);
    EMIT2(OP_PUSH, 1);
    EMIT(OP_SHR);
    EMIT2(OP_STORE, T);
    EMIT2(OP_JMP, collatz);
    code[done_jump] = at;
    /* acc = (acc << 1 ^ acc >> 31) + steps * i */
    EMIT2(OP_LOAD, ACC);
    EMIT2(OP_PUSH, 1);
    EMIT(OP_SHL);
    EMIT2(OP_LOAD, ACC);
    EMIT2(OP_PUSH, 31);
    EMIT(OP_SHR);
    EMIT(OP_XOR);
    EMIT2(OP_LOAD, STEPS);
    EMIT2(OP_LOAD, I);
    EMIT(OP_MUL);
    EMIT(OP_ADD);
    EMIT2(OP_STORE, ACC);
    EMIT2(OP_INC, I);
    EMIT2(OP_JMP, loop);
    code[exit_jump] = at;
    EMIT2(OP_LOAD, ACC);
    EMIT(OP_DROP);
    EMIT2(OP_LOAD, ACC);
    EMIT2(OP_LOAD, X);
    EMIT(OP_SUB);
    EMIT(OP_HALT);
    return at;
}

/* Runs code from its start; returns the value on top of the stack at OP_HALT. */
static uint32_t execute(const uint32_t *code, uint32_t *locals, uint32_t *stack)
{
    uint32_t pc = 0, sp = 0;
    for (;;) {
        uint32_t op = code[pc++];
        /* clang-format off */
        switch (op) {
        case OP_HALT: return sp ? stack[sp - 1] : 0;
        case OP_PUSH: stack[sp++] = code[pc++]; break;
        case OP_LOAD: stack[sp++] = locals[code[pc++]]; break;
        case OP_STORE: locals[code[pc++]] = stack[--sp]; break;
        case OP_DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case OP_DROP: sp--; break;
        case OP_ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case OP_SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case OP_MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case OP_AND: sp--; stack[sp - 1] &= stack[sp]; break;
        case OP_XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
        case OP_SHL: sp--; stack[sp - 1] <<= stack[sp] & 31; break;
        case OP_SHR: sp--; stack[sp - 1] >>= stack[sp] & 31; break;
        case OP_LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case OP_EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
        case OP_JZ: {
            uint32_t target = code[pc++];
            if (stack[--sp] == 0) pc = target;
            break;
        }
        case OP_JNZ: {
            uint32_t target = code[pc++];
            if (stack[--sp] != 0) pc = target;
            break;
        }
        case OP_JMP: pc = code[pc]; break;
        case OP_INC: locals[code[pc++]]++; break;
        default: return 0xDEADu;
        }
        /* clang-format on */
    }
}

uint64_t bench_run(uint32_t rounds)
{
    uint32_t *code = bench_alloc(256 * sizeof *code);
    uint32_t *stack = bench_alloc(64 * sizeof *stack);
    uint32_t locals[8];
    assemble(code);
    uint64_t sum = 0;
    for (uint32_t r = 0; r < rounds; r++) {
        for (int i = 0; i < 8; i++) locals[i] = 0;
        locals[COUNT] = 500;
        locals[X] = r * 2654435761u + 1;
        sum = bench_mix(sum, execute(code, locals, stack));
        sum = bench_mix(sum, locals[ACC]);
    }
    return sum;
}
