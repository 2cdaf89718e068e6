/* Dispatch in the interpreter loop: the macros every handler is written with.
 *
 * Handlers are code inside run() (exec/interp.c), written against its registers:
 *   pc        const wi_cell *     the current instruction's first cell
 *   fp        uint64_t *          the current frame's slot 0 (parameters, locals, operand stack)
 *   mem       uint8_t *           linear memory 0's base (NULL without one)
 *   msize     uint64_t            its committed size in bytes: an access ends at or below it
 *   fuel      int64_t             fuel left (the store's copy is stale while a call runs)
 *   inst      warden_instance_t * the running function's instance
 *   func      warden_func_t *     the running function (NULL in the outermost host frame)
 *   S         warden_store_t *    the store
 * A handler reads its fields (A1, B1, ...: the layout's positions, isa/layouts.h), computes, steps
 * pc by its instruction's length (WI_LEN_<NAME>) or jumps, and ends with NEXT(); it leaves through
 * TRAP(kind). Only LOAD_MEM() changes mem and msize (after a call, a return to another instance or
 * memory.grow); only the check site reads the poll flag.
 *
 * Then the macros that make families of handlers from one row each (UNARY, BINARY, LOAD, ...). */
#ifndef WARDEN_EXEC_DISPATCH_H
#define WARDEN_EXEC_DISPATCH_H

#if defined(__GNUC__) && !defined(WARDEN_SWITCH_DISPATCH)
#define WX_THREADED 1
#endif

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the interpreter's memory accesses assume a little-endian host"
#endif

#define UNLIKELY(x) __builtin_expect(!!(x), 0)

/* Operand fields of the current instruction, by position (isa/layouts.h). */
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
 * deadlines, interrupts and slices that end by ticks raise `poll`, fuel goes negative (also when
 * a fuel slice is used up: the rest of the fuel is held in the store, wx_refuel). In the
 * outermost run of a call a slice that is over pauses the call here, with pc at the next
 * instruction to run. */
#define CHECK_SITE()                                                                               \
    do {                                                                                           \
        if (UNLIKELY(fuel < 0 || atomic_load_explicit(&S->poll, memory_order_relaxed))) {          \
            fuel = wx_refuel(S, fuel);                                                             \
            int k_ = wx_check_site(S, fuel);                                                       \
            if (k_ == WX_CHECK_YIELD) goto yield;                                                  \
            if (k_) TRAP((warden_trap_kind_t)k_);                                                  \
        }                                                                                          \
    } while (0)

/* A check inside an instruction (between the chunks of a bulk operation, before a host call):
 * it stops the call for a trap, never pauses it. */
#define CHECK_STOP()                                                                               \
    do {                                                                                           \
        if (UNLIKELY(fuel < 0 || atomic_load_explicit(&S->poll, memory_order_relaxed))) {          \
            fuel = wx_refuel(S, fuel);                                                             \
            warden_trap_kind_t k_ = wx_check_slow(S, fuel);                                        \
            if (k_) TRAP(k_);                                                                      \
        }                                                                                          \
    } while (0)

/* Fuel overdrawn outside a check site: out of fuel, unless only a slice's share is used up. */
#define CHECK_FUEL()                                                                               \
    do {                                                                                           \
        if (UNLIKELY(fuel < 0)) {                                                                  \
            fuel = wx_refuel(S, fuel);                                                             \
            if (fuel < 0) TRAP(WARDEN_TRAP_OUT_OF_FUEL);                                           \
        }                                                                                          \
    } while (0)

/* The auto tier counts calls and loop iterations in the interpreter, in a local of the run
 * (`ticks`, the store's countdown while the run goes on: a register, not a store to memory on
 * every back-edge), kept in the store when the run ends; at zero the engine's hook, called with
 * function f, sets the count again, and asks for f's module to be compiled once the hooks add
 * up to the threshold (runtime/tier_up.c). */
#ifdef WARDEN_HAVE_LLVM
#define TIER_UP_TICK(f)                                                                            \
    do {                                                                                           \
        if (UNLIKELY(--ticks == 0)) {                                                              \
            S->engine->tier_up(S, (f));                                                            \
            ticks = S->tier_up_countdown;                                                          \
        }                                                                                          \
    } while (0)
#define TIER_UP_SAVE() (S->tier_up_countdown = ticks)
/* The same at a loop's back-edge, pc at its header: the interpreter's `tier_up_at_loop`, shared
 * by every branch so that each keeps only a decrement and a test, calls the hook and, once the
 * running function has a loop entry, goes on there (on-stack replacement, exec/native.h). The
 * hook comes at least every WR_TIER_UP_POLL iterations, so a loop moves within that many. */
#define TIER_UP_LOOP()                                                                             \
    do {                                                                                           \
        if (UNLIKELY(--ticks == 0)) goto tier_up_at_loop;                                          \
    } while (0)
#else
#define TIER_UP_TICK(f) ((void)0)
#define TIER_UP_SAVE() ((void)0)
#define TIER_UP_LOOP() ((void)0)
#endif

/* Branches. A branch that does not go forward is a loop's back-edge (to itself, for an empty
 * loop): the check site, once pc is at the target. */
#define JUMP(off)                                                                                  \
    do {                                                                                           \
        int64_t off_ = (int64_t)(off);                                                             \
        pc += off_;                                                                                \
        if (off_ <= 0) {                                                                           \
            CHECK_SITE();                                                                          \
            TIER_UP_LOOP();                                                                        \
        }                                                                                          \
    } while (0)

/* A bulk operation of exec/bulk.c: it returns the fuel left and the trap that stopped it. */
#define BULK(call)                                                                                 \
    do {                                                                                           \
        wx_bulk b_ = (call);                                                                       \
        fuel = b_.fuel;                                                                            \
        if (UNLIKELY(b_.trap)) TRAP(b_.trap);                                                      \
    } while (0)

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

/* The trap of a numeric operator's failure (exec/numerics.h). */
static inline warden_trap_kind_t status_trap(wn_status st)
{
    switch (st) {
    case WN_DIV_ZERO: return WARDEN_TRAP_INTEGER_DIVIDE_BY_ZERO;
    case WN_OVERFLOW: return WARDEN_TRAP_INTEGER_OVERFLOW;
    default: return WARDEN_TRAP_INVALID_CONVERSION_TO_INTEGER;
    }
}

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

#endif
