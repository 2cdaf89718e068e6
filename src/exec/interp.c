/* The interpreter loop.
 *
 * Runs lowered code (src/compile/code.h). Handlers are dispatched by direct threading (each
 * instruction's first cell holds its handler's address; `goto *pc->handler`) where the compiler
 * supports computed goto, and by a `switch` otherwise. The hot state — code pointer, frame base,
 * memory base and size — lives in locals. Calls and returns never recurse in C: activations are
 * records on the store's frame stack and frames overlap on its slot stack. */
#include <stdatomic.h>
#include <string.h>

#include "exec/exec.h"
#include "exec/numerics.h"
#include "isa/ops.h"
#include "exec/simd.h"
#include "exec/trap.h"
#include "object/objects.h"
#include "object/objects.h"

#if defined(__GNUC__) && !defined(WARDEN_SWITCH_DISPATCH)
#define WX_THREADED 1
#endif

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the interpreter's memory accesses assume a little-endian host"
#endif

#define UNLIKELY(x) __builtin_expect(!!(x), 0)

/* Operand fields of the current instruction. */
#define A1 (pc[1].s.a)
#define B1 (pc[1].s.b)
#define A2 (pc[2].s.a)
#define B2 (pc[2].s.b)
#define A3 (pc[3].s.a)
#define U64_2 (pc[2].u64)

#ifdef WX_THREADED
#define CASE(name) L_##name:
#define NEXT() goto *(pc->handler)
#else
#define CASE(name) case WI_##name:
#define NEXT() goto dispatch
#endif

#define LOAD_MEM()                                                                                 \
    do {                                                                                           \
        warden_memory_t *m0_ = inst->m->nmems ? inst->mems[0] : NULL;                              \
        mem = m0_ ? m0_->base : NULL;                                                              \
        msize = m0_ ? m0_->size : 0;                                                               \
    } while (0)

#define TRAP(k)                                                                                    \
    do {                                                                                           \
        kind = (k);                                                                                \
        goto trap;                                                                                 \
    } while (0)

/* The check site: function entry and loop back-edges. One predictable test on the fast path;
 * deadlines and interrupts raise `poll`, fuel goes negative. */
#define CHECK_SITE()                                                                               \
    do {                                                                                           \
        if (UNLIKELY(fuel < 0 || atomic_load_explicit(&S->poll, memory_order_relaxed))) {          \
            warden_trap_kind_t k_ = wx_check_slow(S, fuel);                                        \
            if (k_) TRAP(k_);                                                                      \
        }                                                                                          \
    } while (0)

/* Branches. A branch that does not go forward is a loop's back-edge (to itself, for an empty
 * loop): the check site. */
#define JUMP(off)                                                                                  \
    do {                                                                                           \
        int64_t off_ = (int64_t)(off);                                                             \
        if (off_ <= 0) CHECK_SITE();                                                               \
        pc += off_;                                                                                \
    } while (0)

/* Bulk operations: charge fuel per unit of work before any effect. */
#define CHARGE_BULK(n)                                                                             \
    do {                                                                                           \
        if (bulk_unit) {                                                                           \
            fuel -= (int64_t)((n) / bulk_unit);                                                    \
            if (UNLIKELY(fuel < 0)) TRAP(WARDEN_TRAP_OUT_OF_FUEL);                                 \
        }                                                                                          \
    } while (0)

/* Long bulk operations run in chunks with a check between them, so a deadline or an interrupt
 * stops a 4 GiB memory.fill too. */
#define WX_BULK_CHUNK ((uint64_t)1 << 20)

#define X32 ((uint32_t)x)
#define Y32 ((uint32_t)y)

/* dst|a */
#define UNARY(name, expr)                                                                          \
    CASE(name)                                                                                     \
    {                                                                                              \
        uint64_t x = fp[B1];                                                                       \
        fp[A1] = (expr);                                                                           \
        pc += WI_LEN_##name;                                                                       \
        NEXT();                                                                                    \
    }

/* dst|a b|- */
#define BINARY(name, expr)                                                                         \
    CASE(name)                                                                                     \
    {                                                                                              \
        uint64_t x = fp[B1], y = fp[A2];                                                           \
        fp[A1] = (expr);                                                                           \
        pc += WI_LEN_##name;                                                                       \
        NEXT();                                                                                    \
    }

/* dst|a imm64: the second operand is a constant */
#define BINARY_IMM(name, expr)                                                                     \
    CASE(name)                                                                                     \
    {                                                                                              \
        uint64_t x = fp[B1], y = pc[2].u64;                                                        \
        fp[A1] = (expr);                                                                           \
        pc += WI_LEN_##name;                                                                       \
        NEXT();                                                                                    \
    }

/* Compare and branch: a|b target, or a|- imm target. */
#define CMP_BRANCH(name, cond)                                                                     \
    CASE(name)                                                                                     \
    {                                                                                              \
        uint32_t x = (uint32_t)fp[A1], y = (uint32_t)fp[B1];                                       \
        if (cond)                                                                                  \
            JUMP(pc[2].u64);                                                                       \
        else                                                                                       \
            pc += WI_LEN_##name;                                                                   \
        NEXT();                                                                                    \
    }
#define CMP_BRANCH_IMM(name, cond)                                                                 \
    CASE(name)                                                                                     \
    {                                                                                              \
        uint32_t x = (uint32_t)fp[A1], y = (uint32_t)pc[2].u64;                                    \
        if (cond)                                                                                  \
            JUMP(pc[3].u64);                                                                       \
        else                                                                                       \
            pc += WI_LEN_##name;                                                                   \
        NEXT();                                                                                    \
    }

/* i32 comparisons: dst|a b|- and dst|a imm64, on x and y of 32 bits */
#define CMP32(name, cond)                                                                          \
    CASE(name)                                                                                     \
    {                                                                                              \
        uint32_t x = (uint32_t)fp[B1], y = (uint32_t)fp[A2];                                       \
        fp[A1] = (cond);                                                                           \
        pc += WI_LEN_##name;                                                                       \
        NEXT();                                                                                    \
    }
#define CMP32_IMM(name, cond)                                                                      \
    CASE(name)                                                                                     \
    {                                                                                              \
        uint32_t x = (uint32_t)fp[B1], y = (uint32_t)pc[2].u64;                                    \
        fp[A1] = (cond);                                                                           \
        pc += WI_LEN_##name;                                                                       \
        NEXT();                                                                                    \
    }

/* The handlers of one WI_INT_COMPARISONS family (ops.h), in its order: H(NAME, condition on x
 * and y), with W the numerics prefix (wn_i32, wn_i64) of the signed comparisons. */
/* clang-format off */
#define COMPARISONS(H, P, S, W)                                                                   \
    H(P##EQ##S, x == y) H(P##NE##S, x != y) H(P##LT_S##S, W##_lt_s(x, y)) H(P##LT_U##S, x < y)   \
    H(P##GT_S##S, W##_gt_s(x, y)) H(P##GT_U##S, x > y) H(P##LE_S##S, W##_le_s(x, y))           \
    H(P##LE_U##S, x <= y) H(P##GE_S##S, W##_ge_s(x, y)) H(P##GE_U##S, x >= y)
/* clang-format on */

/* A binary operator that may trap: fn(a, b, &out) returns a wn_status. */
#define BINARY_TRAPPING(name, T, fn)                                                               \
    CASE(name)                                                                                     \
    {                                                                                              \
        T r_;                                                                                      \
        wn_status st_ = fn((T)fp[B1], (T)fp[A2], &r_);                                             \
        if (UNLIKELY(st_ != WN_OK)) TRAP(status_trap(st_));                                        \
        fp[A1] = r_;                                                                               \
        pc += WI_LEN_##name;                                                                       \
        NEXT();                                                                                    \
    }

/* A conversion that may trap. */
#define CONVERT_TRAPPING(name, TIN, TOUT, fn)                                                      \
    CASE(name)                                                                                     \
    {                                                                                              \
        TOUT r_;                                                                                   \
        wn_status st_ = fn((TIN)fp[B1], &r_);                                                      \
        if (UNLIKELY(st_ != WN_OK)) TRAP(status_trap(st_));                                        \
        fp[A1] = r_;                                                                               \
        pc += WI_LEN_##name;                                                                       \
        NEXT();                                                                                    \
    }

/* dst|addr offset: the effective address is checked against the committed size. */
#define LOAD(name, T, conv)                                                                        \
    CASE(name)                                                                                     \
    {                                                                                              \
        uint64_t ea_ = (uint64_t)(uint32_t)fp[B1] + U64_2;                                         \
        if (UNLIKELY(ea_ + sizeof(T) > msize)) TRAP(WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS);             \
        T v_;                                                                                      \
        memcpy(&v_, mem + ea_, sizeof v_);                                                         \
        fp[A1] = conv;                                                                             \
        pc += WI_LEN_##name;                                                                       \
        NEXT();                                                                                    \
    }

/* dst|a k|offset: the address is (the i32 sum of slot a and k) + offset */
#define LOAD_ADDK(name, T, conv)                                                                   \
    CASE(name)                                                                                     \
    {                                                                                              \
        uint64_t ea_ = (uint64_t)(uint32_t)(fp[B1] + A2) + B2;                                     \
        if (UNLIKELY(ea_ + sizeof(T) > msize)) TRAP(WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS);             \
        T v_;                                                                                      \
        memcpy(&v_, mem + ea_, sizeof v_);                                                         \
        fp[A1] = conv;                                                                             \
        pc += WI_LEN_##name;                                                                       \
        NEXT();                                                                                    \
    }

/* addr|src k|offset: the address is (the i32 sum of slot addr and k) + offset */
#define STORE_ADDK(name, T)                                                                        \
    CASE(name)                                                                                     \
    {                                                                                              \
        uint64_t ea_ = (uint64_t)(uint32_t)(fp[A1] + A2) + B2;                                     \
        if (UNLIKELY(ea_ + sizeof(T) > msize)) TRAP(WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS);             \
        T v_ = (T)fp[B1];                                                                          \
        memcpy(mem + ea_, &v_, sizeof v_);                                                         \
        pc += WI_LEN_##name;                                                                       \
        NEXT();                                                                                    \
    }

/* The handlers of one WI_ACCESSES form (ops.h): L(NAME, memory type, value from v_) for the
 * loads, S(NAME, memory type) for the stores. */
#define ACCESSES(L, S, SUFFIX)                                                                     \
    L(I32_LOAD##SUFFIX, uint32_t, v_)                                                              \
    L(I64_LOAD##SUFFIX, uint64_t, v_)                                                              \
    L(I32_LOAD8_S##SUFFIX, int8_t, (uint32_t)(int32_t)v_)                                          \
    L(I32_LOAD8_U##SUFFIX, uint8_t, (uint32_t)v_)                                                  \
    L(I32_LOAD16_S##SUFFIX, int16_t, (uint32_t)(int32_t)v_)                                        \
    L(I32_LOAD16_U##SUFFIX, uint16_t, (uint32_t)v_)                                                \
    L(I64_LOAD8_S##SUFFIX, int8_t, (uint64_t)(int64_t)v_)                                          \
    L(I64_LOAD8_U##SUFFIX, uint8_t, (uint64_t)v_)                                                  \
    L(I64_LOAD16_S##SUFFIX, int16_t, (uint64_t)(int64_t)v_)                                        \
    L(I64_LOAD16_U##SUFFIX, uint16_t, (uint64_t)v_)                                                \
    L(I64_LOAD32_S##SUFFIX, int32_t, (uint64_t)(int64_t)v_)                                        \
    L(I64_LOAD32_U##SUFFIX, uint32_t, (uint64_t)v_)                                                \
    S(STORE8##SUFFIX, uint8_t)                                                                     \
    S(STORE16##SUFFIX, uint16_t)                                                                   \
    S(STORE32##SUFFIX, uint32_t)                                                                   \
    S(STORE64##SUFFIX, uint64_t)

/* addr|src offset */
#define STORE(name, T)                                                                             \
    CASE(name)                                                                                     \
    {                                                                                              \
        uint64_t ea_ = (uint64_t)(uint32_t)fp[A1] + U64_2;                                         \
        if (UNLIKELY(ea_ + sizeof(T) > msize)) TRAP(WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS);             \
        T v_ = (T)fp[B1];                                                                          \
        memcpy(mem + ea_, &v_, sizeof v_);                                                         \
        pc += WI_LEN_##name;                                                                       \
        NEXT();                                                                                    \
    }

static warden_trap_kind_t status_trap(wn_status st)
{
    switch (st) {
    case WN_DIV_ZERO: return WARDEN_TRAP_INTEGER_DIVIDE_BY_ZERO;
    case WN_OVERFLOW: return WARDEN_TRAP_INTEGER_OVERFLOW;
    default: return WARDEN_TRAP_INVALID_CONVERSION_TO_INTEGER;
    }
}

static warden_trap_t *run(warden_store_t *S, warden_func_t *entry, uint64_t *fp0,
                          const void *const **table_out)
{
#ifdef WX_THREADED
#define WX_LABEL(name, layout, from) &&L_##name,
    static const void *const labels[WI_OP_COUNT] = {WI_ALL_OPS(WX_LABEL)};
#undef WX_LABEL
    if (table_out) {
        *table_out = labels;
        return NULL;
    }
#else
    if (table_out) {
        *table_out = NULL;
        return NULL;
    }
#endif
    wi_cell exit_code[1];
#ifdef WX_THREADED
    exit_code[0].handler = labels[WI_EXIT];
#else
    exit_code[0].op = WI_EXIT;
#endif
    const size_t frame_base = S->nframes;
    const uint64_t *const stack_end = S->stack + S->stack_slots;
    warden_trap_kind_t kind = WARDEN_TRAP_UNREACHABLE;
    warden_trap_t *host_trap = NULL;
    int64_t fuel = S->fuel;
    const uint64_t bulk_unit =
        S->engine->config.consume_fuel ? S->engine->config.fuel.bulk_unit : 0;

    const wi_cell *pc = exit_code;
    uint64_t *fp = fp0;
    warden_func_t *func = NULL;
    warden_instance_t *inst = NULL;
    uint8_t *mem = NULL;
    uint64_t msize = 0;

    /* The call being made: target, its frame and where to continue afterwards. */
    warden_func_t *callee = entry;
    uint64_t *newfp = fp0;
    const wi_cell *ret = exit_code;
    goto do_call;

#ifndef WX_THREADED
dispatch:
    switch ((wi_op)pc->op) {
#endif

        CASE(EXIT)
        {
            /* A call that overdrew its fuel since the last check site still fails: fuel is exact
             * per call. */
            if (UNLIKELY(fuel < 0)) TRAP(WARDEN_TRAP_OUT_OF_FUEL);
            S->fuel = fuel;
            S->nframes = frame_base;
            return NULL;
        }
        CASE(TRAP) TRAP((warden_trap_kind_t)pc[1].u64);
        CASE(FUEL)
        {
            fuel -= (int64_t)pc[1].u64;
            pc += WI_LEN_FUEL;
            NEXT();
        }
        CASE(BR)
        {
            JUMP(pc[1].u64);
            NEXT();
        }
        CASE(BR_IF)
        {
            if ((uint32_t)fp[A1])
                JUMP(U64_2);
            else
                pc += WI_LEN_BR_IF;
            NEXT();
        }
        CASE(BR_IF_NOT)
        {
            if (!(uint32_t)fp[A1])
                JUMP(U64_2);
            else
                pc += WI_LEN_BR_IF_NOT;
            NEXT();
        }
        CASE(BR_TABLE)
        {
            uint32_t i = (uint32_t)fp[A1];
            uint32_t n = B1;
            if (i > n) i = n;
            JUMP(pc[2 + i].u64);
            NEXT();
        }
        CASE(RETURN)
        {
            /* Fuel overdrawn since the last check site is caught before the frame goes, so the
             * trap names the function that ran out. */
            if (UNLIKELY(fuel < 0)) TRAP(WARDEN_TRAP_OUT_OF_FUEL);
            wo_frame *fr = &S->frames[--S->nframes];
            pc = fr->ret_pc;
            fp = fr->ret_fp;
            func = fr->func;
            /* Within one instance the memory registers are already right (a memory.grow in the
             * callee reloaded them). */
            if (func && func->inst != inst) {
                inst = func->inst;
                LOAD_MEM();
            }
            NEXT();
        }
        CASE(CALL)
        {
            callee = inst->funcs[A1];
            newfp = fp + B1;
            ret = pc + WI_LEN_CALL;
            goto do_call;
        }
        CASE(CALL_INDIRECT)
        {
            warden_table_t *t = inst->tables[B1];
            uint32_t i = (uint32_t)fp[A2];
            if (UNLIKELY(i >= t->size)) TRAP(WARDEN_TRAP_UNDEFINED_ELEMENT);
            callee = (warden_func_t *)(uintptr_t)t->elems[i];
            if (UNLIKELY(!callee)) TRAP(WARDEN_TRAP_UNINITIALIZED_ELEMENT);
            if (UNLIKELY(callee->type != inst->types[A1]))
                TRAP(WARDEN_TRAP_INDIRECT_CALL_TYPE_MISMATCH);
            newfp = fp + B2;
            ret = pc + WI_LEN_CALL_INDIRECT;
            goto do_call;
        }
        CASE(COPY)
        {
            fp[A1] = fp[B1];
            pc += WI_LEN_COPY;
            NEXT();
        }
        CASE(COPY2)
        {
            fp[A1] = fp[B1];
            fp[A1 + 1] = fp[B1 + 1];
            pc += WI_LEN_COPY2;
            NEXT();
        }
        CASE(CONST)
        {
            fp[A1] = U64_2;
            pc += WI_LEN_CONST;
            NEXT();
        }
        CASE(SELECT)
        {
            fp[A1] = (uint32_t)fp[B2] ? fp[B1] : fp[A2];
            pc += WI_LEN_SELECT;
            NEXT();
        }
        CASE(SELECT2)
        {
            uint32_t src = (uint32_t)fp[B2] ? B1 : A2;
            uint64_t lo = fp[src], hi = fp[src + 1];
            fp[A1] = lo;
            fp[A1 + 1] = hi;
            pc += WI_LEN_SELECT2;
            NEXT();
        }
        CASE(GLOBAL_GET)
        {
            fp[A1] = inst->globals[B1]->val[0];
            pc += WI_LEN_GLOBAL_GET;
            NEXT();
        }
        CASE(GLOBAL_SET)
        {
            inst->globals[A1]->val[0] = fp[B1];
            pc += WI_LEN_GLOBAL_SET;
            NEXT();
        }
        CASE(GLOBAL_GET2)
        {
            fp[A1] = inst->globals[B1]->val[0];
            fp[A1 + 1] = inst->globals[B1]->val[1];
            pc += WI_LEN_GLOBAL_GET2;
            NEXT();
        }
        CASE(GLOBAL_SET2)
        {
            inst->globals[A1]->val[0] = fp[B1];
            inst->globals[A1]->val[1] = fp[B1 + 1];
            pc += WI_LEN_GLOBAL_SET2;
            NEXT();
        }

        /* Memory */
        ACCESSES(LOAD, STORE, )
        ACCESSES(LOAD_ADDK, STORE_ADDK, _ADDK)
        CASE(MEMORY_SIZE)
        {
            fp[A1] = (uint32_t)(msize / WO_PAGE_SIZE);
            pc += WI_LEN_MEMORY_SIZE;
            NEXT();
        }
        CASE(MEMORY_GROW)
        {
            int64_t old = wo_memory_grow(inst->mems[0], (uint32_t)fp[B1]);
            if (UNLIKELY(old == WO_GROW_TRAP)) TRAP(WARDEN_TRAP_RESOURCE_LIMIT);
            fp[A1] = (uint32_t)(int32_t)old;
            LOAD_MEM();
            pc += WI_LEN_MEMORY_GROW;
            NEXT();
        }
        CASE(MEMORY_FILL)
        {
            uint64_t d = (uint32_t)fp[A1], n = (uint32_t)fp[A2];
            if (UNLIKELY(d + n > msize)) TRAP(WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS);
            CHARGE_BULK(n);
            for (uint64_t done = 0; done < n; done += WX_BULK_CHUNK) {
                if (done) CHECK_SITE();
                uint64_t k = n - done < WX_BULK_CHUNK ? n - done : WX_BULK_CHUNK;
                memset(mem + d + done, (int)(uint8_t)fp[B1], k);
            }
            pc += WI_LEN_MEMORY_FILL;
            NEXT();
        }
        CASE(MEMORY_COPY)
        {
            uint64_t d = (uint32_t)fp[A1], s = (uint32_t)fp[B1], n = (uint32_t)fp[A2];
            if (UNLIKELY(d + n > msize || s + n > msize)) TRAP(WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS);
            CHARGE_BULK(n);
            if (n <= WX_BULK_CHUNK || d <= s) {
                /* Forward chunks are safe when the destination is below the source. */
                for (uint64_t done = 0; done < n; done += WX_BULK_CHUNK) {
                    if (done) CHECK_SITE();
                    uint64_t k = n - done < WX_BULK_CHUNK ? n - done : WX_BULK_CHUNK;
                    memmove(mem + d + done, mem + s + done, k);
                }
            } else {
                for (uint64_t left = n; left;) {
                    if (left != n) CHECK_SITE();
                    uint64_t k = left < WX_BULK_CHUNK ? left : WX_BULK_CHUNK;
                    left -= k;
                    memmove(mem + d + left, mem + s + left, k);
                }
            }
            pc += WI_LEN_MEMORY_COPY;
            NEXT();
        }
        CASE(MEMORY_INIT)
        {
            uint64_t d = (uint32_t)fp[A1], s = (uint32_t)fp[B1], n = (uint32_t)fp[A2];
            uint32_t x = B2;
            if (UNLIKELY(s + n > inst->data_len[x] || d + n > msize))
                TRAP(WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS);
            CHARGE_BULK(n);
            if (n) memcpy(mem + d, inst->m->datas[x].bytes + s, n);
            pc += WI_LEN_MEMORY_INIT;
            NEXT();
        }
        CASE(DATA_DROP)
        {
            inst->data_len[A1] = 0;
            pc += WI_LEN_DATA_DROP;
            NEXT();
        }

        /* Tables and references */
        CASE(TABLE_GET)
        {
            warden_table_t *t = inst->tables[A2];
            uint32_t i = (uint32_t)fp[B1];
            if (UNLIKELY(i >= t->size)) TRAP(WARDEN_TRAP_TABLE_OUT_OF_BOUNDS);
            fp[A1] = t->elems[i];
            pc += WI_LEN_TABLE_GET;
            NEXT();
        }
        CASE(TABLE_SET)
        {
            warden_table_t *t = inst->tables[A2];
            uint32_t i = (uint32_t)fp[A1];
            if (UNLIKELY(i >= t->size)) TRAP(WARDEN_TRAP_TABLE_OUT_OF_BOUNDS);
            t->elems[i] = fp[B1];
            pc += WI_LEN_TABLE_SET;
            NEXT();
        }
        CASE(TABLE_SIZE)
        {
            fp[A1] = inst->tables[B1]->size;
            pc += WI_LEN_TABLE_SIZE;
            NEXT();
        }
        CASE(TABLE_GROW)
        {
            uint32_t delta = (uint32_t)fp[A2];
            int64_t old;
            warden_trap_kind_t k = wx_table_grow(S, fuel, inst->tables[B2], delta, fp[B1], &old);
            if (UNLIKELY(k)) TRAP(k);
            /* The new elements were filled: a bulk cost, charged once the growth is done. */
            if (old >= 0) CHARGE_BULK(delta);
            fp[A1] = (uint32_t)(int32_t)old;
            pc += WI_LEN_TABLE_GROW;
            NEXT();
        }
        CASE(TABLE_FILL)
        {
            warden_table_t *t = inst->tables[B2];
            uint64_t i = (uint32_t)fp[A1], n = (uint32_t)fp[A2];
            if (UNLIKELY(i + n > t->size)) TRAP(WARDEN_TRAP_TABLE_OUT_OF_BOUNDS);
            CHARGE_BULK(n);
            warden_trap_kind_t k = wx_table_fill(S, fuel, t, i, n, fp[B1]);
            if (UNLIKELY(k)) TRAP(k);
            pc += WI_LEN_TABLE_FILL;
            NEXT();
        }
        CASE(TABLE_COPY)
        {
            warden_table_t *dt = inst->tables[B2], *st = inst->tables[A3];
            uint64_t d = (uint32_t)fp[A1], s = (uint32_t)fp[B1], n = (uint32_t)fp[A2];
            if (UNLIKELY(d + n > dt->size || s + n > st->size))
                TRAP(WARDEN_TRAP_TABLE_OUT_OF_BOUNDS);
            CHARGE_BULK(n);
            warden_trap_kind_t k = wx_table_copy(S, fuel, dt, d, st, s, n);
            if (UNLIKELY(k)) TRAP(k);
            pc += WI_LEN_TABLE_COPY;
            NEXT();
        }
        CASE(TABLE_INIT)
        {
            warden_table_t *t = inst->tables[B2];
            uint32_t y = A3;
            uint64_t d = (uint32_t)fp[A1], s = (uint32_t)fp[B1], n = (uint32_t)fp[A2];
            if (UNLIKELY(s + n > inst->elem_len[y] || d + n > t->size))
                TRAP(WARDEN_TRAP_TABLE_OUT_OF_BOUNDS);
            CHARGE_BULK(n);
            if (n) memcpy(t->elems + d, inst->elem_items[y] + s, n * sizeof *t->elems);
            pc += WI_LEN_TABLE_INIT;
            NEXT();
        }
        CASE(ELEM_DROP)
        {
            inst->elem_len[A1] = 0;
            pc += WI_LEN_ELEM_DROP;
            NEXT();
        }
        CASE(REF_FUNC)
        {
            fp[A1] = (uint64_t)(uintptr_t)inst->funcs[B1];
            pc += WI_LEN_REF_FUNC;
            NEXT();
        }
        UNARY(REF_IS_NULL, x == 0)

        /* Numeric: comparisons */
        UNARY(I32_EQZ, X32 == 0)
        COMPARISONS(CMP32, I32_, , wn_i32)
        UNARY(I64_EQZ, x == 0)
        COMPARISONS(BINARY, I64_, , wn_i64)
        BINARY(F32_EQ, wn_f32_eq(X32, Y32))
        BINARY(F32_NE, wn_f32_ne(X32, Y32))
        BINARY(F32_LT, wn_f32_lt(X32, Y32))
        BINARY(F32_GT, wn_f32_gt(X32, Y32))
        BINARY(F32_LE, wn_f32_le(X32, Y32))
        BINARY(F32_GE, wn_f32_ge(X32, Y32))
        BINARY(F64_EQ, wn_f64_eq(x, y))
        BINARY(F64_NE, wn_f64_ne(x, y))
        BINARY(F64_LT, wn_f64_lt(x, y))
        BINARY(F64_GT, wn_f64_gt(x, y))
        BINARY(F64_LE, wn_f64_le(x, y))
        BINARY(F64_GE, wn_f64_ge(x, y))

        /* Numeric: integer arithmetic */
        UNARY(I32_CLZ, wn_i32_clz(X32))
        UNARY(I32_CTZ, wn_i32_ctz(X32))
        UNARY(I32_POPCNT, wn_i32_popcnt(X32))
        BINARY(I32_ADD, (uint32_t)(X32 + Y32))
        BINARY(I32_SUB, (uint32_t)(X32 - Y32))
        BINARY(I32_MUL, (uint32_t)(X32 * Y32))
        BINARY_TRAPPING(I32_DIV_S, uint32_t, wn_i32_div_s)
        BINARY_TRAPPING(I32_DIV_U, uint32_t, wn_i32_div_u)
        BINARY_TRAPPING(I32_REM_S, uint32_t, wn_i32_rem_s)
        BINARY_TRAPPING(I32_REM_U, uint32_t, wn_i32_rem_u)
        BINARY(I32_AND, X32 & Y32)
        BINARY(I32_OR, X32 | Y32)
        BINARY(I32_XOR, X32 ^ Y32)
        BINARY(I32_SHL, wn_i32_shl(X32, Y32))
        BINARY(I32_SHR_S, wn_i32_shr_s(X32, Y32))
        BINARY(I32_SHR_U, wn_i32_shr_u(X32, Y32))
        BINARY(I32_ROTL, wn_i32_rotl(X32, Y32))
        BINARY(I32_ROTR, wn_i32_rotr(X32, Y32))
        UNARY(I64_CLZ, wn_i64_clz(x))
        UNARY(I64_CTZ, wn_i64_ctz(x))
        UNARY(I64_POPCNT, wn_i64_popcnt(x))
        BINARY(I64_ADD, x + y)
        BINARY(I64_SUB, x - y)
        BINARY(I64_MUL, x * y)
        BINARY_TRAPPING(I64_DIV_S, uint64_t, wn_i64_div_s)
        BINARY_TRAPPING(I64_DIV_U, uint64_t, wn_i64_div_u)
        BINARY_TRAPPING(I64_REM_S, uint64_t, wn_i64_rem_s)
        BINARY_TRAPPING(I64_REM_U, uint64_t, wn_i64_rem_u)
        BINARY(I64_AND, x & y)
        BINARY(I64_OR, x | y)
        BINARY(I64_XOR, x ^ y)
        BINARY(I64_SHL, wn_i64_shl(x, y))
        BINARY(I64_SHR_S, wn_i64_shr_s(x, y))
        BINARY(I64_SHR_U, wn_i64_shr_u(x, y))
        BINARY(I64_ROTL, wn_i64_rotl(x, y))
        BINARY(I64_ROTR, wn_i64_rotr(x, y))

        /* Numeric: floating point */
        UNARY(F32_ABS, wn_f32_abs(X32))
        UNARY(F32_NEG, wn_f32_neg(X32))
        UNARY(F32_CEIL, wn_f32_ceil(X32))
        UNARY(F32_FLOOR, wn_f32_floor(X32))
        UNARY(F32_TRUNC, wn_f32_trunc(X32))
        UNARY(F32_NEAREST, wn_f32_nearest(X32))
        UNARY(F32_SQRT, wn_f32_sqrt(X32))
        BINARY(F32_ADD, wn_f32_add(X32, Y32))
        BINARY(F32_SUB, wn_f32_sub(X32, Y32))
        BINARY(F32_MUL, wn_f32_mul(X32, Y32))
        BINARY(F32_DIV, wn_f32_div(X32, Y32))
        BINARY(F32_MIN, wn_f32_min(X32, Y32))
        BINARY(F32_MAX, wn_f32_max(X32, Y32))
        BINARY(F32_COPYSIGN, wn_f32_copysign(X32, Y32))
        UNARY(F64_ABS, wn_f64_abs(x))
        UNARY(F64_NEG, wn_f64_neg(x))
        UNARY(F64_CEIL, wn_f64_ceil(x))
        UNARY(F64_FLOOR, wn_f64_floor(x))
        UNARY(F64_TRUNC, wn_f64_trunc(x))
        UNARY(F64_NEAREST, wn_f64_nearest(x))
        UNARY(F64_SQRT, wn_f64_sqrt(x))
        /* dst|a m1|m2: a + m1 * m2 and a - m1 * m2, each operation rounded on its own */
#define MUL_FUSED(name, fn, mul, T)                                                                \
    CASE(name)                                                                                     \
    {                                                                                              \
        T x = (T)fp[B1];                                                                           \
        T p = mul((T)fp[A2], (T)fp[B2]);                                                           \
        fp[A1] = fn(x, p);                                                                         \
        pc += WI_LEN_##name;                                                                       \
        NEXT();                                                                                    \
    }
        MUL_FUSED(F32_ADD_MUL, wn_f32_add, wn_f32_mul, uint32_t)
        MUL_FUSED(F32_SUB_MUL, wn_f32_sub, wn_f32_mul, uint32_t)
        MUL_FUSED(F64_ADD_MUL, wn_f64_add, wn_f64_mul, uint64_t)
        MUL_FUSED(F64_SUB_MUL, wn_f64_sub, wn_f64_mul, uint64_t)
#undef MUL_FUSED
        BINARY(F64_ADD, wn_f64_add(x, y))
        BINARY(F64_SUB, wn_f64_sub(x, y))
        BINARY(F64_MUL, wn_f64_mul(x, y))
        BINARY(F64_DIV, wn_f64_div(x, y))
        BINARY(F64_MIN, wn_f64_min(x, y))
        BINARY(F64_MAX, wn_f64_max(x, y))
        BINARY(F64_COPYSIGN, wn_f64_copysign(x, y))

        /* Numeric: conversions */
        UNARY(I32_WRAP_I64, (uint32_t)x)
        CONVERT_TRAPPING(I32_TRUNC_F32_S, uint32_t, uint32_t, wn_i32_trunc_f32_s)
        CONVERT_TRAPPING(I32_TRUNC_F32_U, uint32_t, uint32_t, wn_i32_trunc_f32_u)
        CONVERT_TRAPPING(I32_TRUNC_F64_S, uint64_t, uint32_t, wn_i32_trunc_f64_s)
        CONVERT_TRAPPING(I32_TRUNC_F64_U, uint64_t, uint32_t, wn_i32_trunc_f64_u)
        UNARY(I64_EXTEND_I32_S, wn_i64_extend_i32_s(X32))
        UNARY(I64_EXTEND_I32_U, (uint64_t)X32)
        CONVERT_TRAPPING(I64_TRUNC_F32_S, uint32_t, uint64_t, wn_i64_trunc_f32_s)
        CONVERT_TRAPPING(I64_TRUNC_F32_U, uint32_t, uint64_t, wn_i64_trunc_f32_u)
        CONVERT_TRAPPING(I64_TRUNC_F64_S, uint64_t, uint64_t, wn_i64_trunc_f64_s)
        CONVERT_TRAPPING(I64_TRUNC_F64_U, uint64_t, uint64_t, wn_i64_trunc_f64_u)
        UNARY(F32_CONVERT_I32_S, wn_f32_convert_i32_s(X32))
        UNARY(F32_CONVERT_I32_U, wn_f32_convert_i32_u(X32))
        UNARY(F32_CONVERT_I64_S, wn_f32_convert_i64_s(x))
        UNARY(F32_CONVERT_I64_U, wn_f32_convert_i64_u(x))
        UNARY(F32_DEMOTE_F64, wn_f32_demote_f64(x))
        UNARY(F64_CONVERT_I32_S, wn_f64_convert_i32_s(X32))
        UNARY(F64_CONVERT_I32_U, wn_f64_convert_i32_u(X32))
        UNARY(F64_CONVERT_I64_S, wn_f64_convert_i64_s(x))
        UNARY(F64_CONVERT_I64_U, wn_f64_convert_i64_u(x))
        UNARY(F64_PROMOTE_F32, wn_f64_promote_f32(X32))
        UNARY(I32_EXTEND8_S, wn_i32_extend8_s(X32))
        UNARY(I32_EXTEND16_S, wn_i32_extend16_s(X32))
        UNARY(I64_EXTEND8_S, wn_i64_extend8_s(x))
        UNARY(I64_EXTEND16_S, wn_i64_extend16_s(x))
        UNARY(I64_EXTEND32_S, wn_i64_extend32_s(x))
        UNARY(I32_TRUNC_SAT_F32_S, wn_i32_trunc_sat_f32_s(X32))
        UNARY(I32_TRUNC_SAT_F32_U, wn_i32_trunc_sat_f32_u(X32))
        UNARY(I32_TRUNC_SAT_F64_S, wn_i32_trunc_sat_f64_s(x))
        UNARY(I32_TRUNC_SAT_F64_U, wn_i32_trunc_sat_f64_u(x))
        UNARY(I64_TRUNC_SAT_F32_S, wn_i64_trunc_sat_f32_s(X32))
        UNARY(I64_TRUNC_SAT_F32_U, wn_i64_trunc_sat_f32_u(X32))
        UNARY(I64_TRUNC_SAT_F64_S, wn_i64_trunc_sat_f64_s(x))
        UNARY(I64_TRUNC_SAT_F64_U, wn_i64_trunc_sat_f64_u(x))

        /* Binary operators with a constant operand */
        COMPARISONS(CMP32_IMM, I32_, _IMM, wn_i32)
        COMPARISONS(BINARY_IMM, I64_, _IMM, wn_i64)
        BINARY_IMM(I32_ADD_IMM, (uint32_t)(X32 + Y32))
        BINARY_IMM(I32_SUB_IMM, (uint32_t)(X32 - Y32))
        BINARY_IMM(I32_MUL_IMM, (uint32_t)(X32 * Y32))
        BINARY_IMM(I32_AND_IMM, X32 & Y32)
        BINARY_IMM(I32_OR_IMM, X32 | Y32)
        BINARY_IMM(I32_XOR_IMM, X32 ^ Y32)
        BINARY_IMM(I32_SHL_IMM, wn_i32_shl(X32, Y32))
        BINARY_IMM(I32_SHR_S_IMM, wn_i32_shr_s(X32, Y32))
        BINARY_IMM(I32_SHR_U_IMM, wn_i32_shr_u(X32, Y32))
        BINARY_IMM(I32_ROTL_IMM, wn_i32_rotl(X32, Y32))
        BINARY_IMM(I32_ROTR_IMM, wn_i32_rotr(X32, Y32))
        BINARY_IMM(I64_ADD_IMM, x + y)
        BINARY_IMM(I64_SUB_IMM, x - y)
        BINARY_IMM(I64_MUL_IMM, x * y)
        BINARY_IMM(I64_AND_IMM, x & y)
        BINARY_IMM(I64_OR_IMM, x | y)
        BINARY_IMM(I64_XOR_IMM, x ^ y)
        BINARY_IMM(I64_SHL_IMM, wn_i64_shl(x, y))
        BINARY_IMM(I64_SHR_S_IMM, wn_i64_shr_s(x, y))
        BINARY_IMM(I64_SHR_U_IMM, wn_i64_shr_u(x, y))
        BINARY_IMM(I64_ROTL_IMM, wn_i64_rotl(x, y))
        BINARY_IMM(I64_ROTR_IMM, wn_i64_rotr(x, y))

        /* Compare and branch */
        COMPARISONS(CMP_BRANCH, BR_I32_, , wn_i32)
        COMPARISONS(CMP_BRANCH_IMM, BR_I32_, _IMM, wn_i32)

#include "exec/interp_simd.inc"
#ifndef WX_THREADED
    case WI_OP_COUNT: break;
    }
    TRAP(WARDEN_TRAP_UNREACHABLE); /* not reached: every op has a case */
#endif

do_call:
    if (callee->host) {
        CHECK_SITE();
        S->fuel = fuel;
        host_trap = wx_call_host(S, inst, callee, newfp);
        fuel = S->fuel;
        if (host_trap) goto trap;
        pc = ret;
        if (inst) LOAD_MEM();
        NEXT();
    }
    {
        const wc_func *c = callee->code;
        if (UNLIKELY(S->nframes >= S->max_frames || newfp + c->frame_slots > stack_end))
            TRAP(WARDEN_TRAP_STACK_EXHAUSTED);
        wo_frame *fr = &S->frames[S->nframes++];
        fr->ret_pc = ret;
        fr->ret_fp = fp;
        fr->func = func;
        for (uint32_t i = c->param_slots; i < c->local_slots; i++) newfp[i] = 0;
        fp = newfp;
        func = callee;
        pc = c->code;
        if (func->inst != inst) {
            inst = func->inst;
            LOAD_MEM();
        }
        /* The entry check runs once the frame is pushed, so a guest stopped on entry (a deadline
         * that passed before the first call, say) is named in the backtrace. */
        CHECK_SITE();
        NEXT();
    }

trap: {
    warden_trap_t *t = host_trap ? host_trap : wx_trap_new_kind(kind);
    wx_trap_unwind(t, func, S->frames + frame_base, S->nframes - frame_base);
    /* Overdrawn fuel is not owed: the next call starts from zero, not below. */
    S->fuel = fuel < 0 ? 0 : fuel;
    S->nframes = frame_base;
    return t;
}
}

const void *const *wx_handlers(void)
{
    const void *const *table = NULL;
    run(NULL, NULL, NULL, &table);
    return table;
}

warden_trap_t *wx_run(warden_store_t *store, warden_func_t *func, uint64_t *slots)
{
    return run(store, func, slots, NULL);
}
