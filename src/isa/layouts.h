/* The layouts of the internal instructions: how many cells each takes and what each field is.
 *
 * WI_LAYOUTS has one row per layout, L(NAME, CELLS, SHAPE): CELLS counts the handler cell, SHAPE
 * is the layout as the comments of isa/ops.h write it. WI_FIELDS_<NAME>(F, L) lists its fields in
 * order, F(L, FIELD, POSITION, KIND):
 *   POSITION  A1 B1 A2 B2 A3 B3 A4: the low (a) or high (b) 32 bits of cell 1..4;
 *             W1 W2 W3 W4: all 64 bits of cell 1..4.
 *   KIND      SLOT (a frame slot), V128 (the first of two slots), INDEX (of a function, type,
 *             table, global, data or element segment, or a lane or sub-operation), COUNT, IMM (a
 *             64-bit constant), OFFSET (a memory offset), TARGET (a branch: the signed distance
 *             in cells from the instruction's first cell), COST (fuel), TRAP (a trap kind),
 *             SUBOP (a 0xFD sub-opcode: the SIMD operation a generic handler applies).
 * Everything that reads or writes instructions is made from these rows: the typed emitters of
 * the lowering (compile/emit.h), the instruction lengths the handlers step by (isa/ops.h
 * WI_LEN_*), and the disassembler (isa/disasm.c). BR_TABLE alone has a variable tail: after its
 * two cells come n + 1 target cells, where n is its `n` field. */
#ifndef WARDEN_ISA_LAYOUTS_H
#define WARDEN_ISA_LAYOUTS_H

/* clang-format off */
#define WI_LAYOUTS(L) \
    L(NONE,        1, "-") \
    L(TRAP,        2, "kind") \
    L(FUEL,        2, "cost") \
    L(JUMP,        2, "target") \
    L(BRANCH,      3, "cond|- target") \
    L(BR_TABLE,    2, "idx|n target*(n+1)") \
    L(CALL,        2, "func|base") \
    L(CALL_IND,    3, "type|table idx|base") \
    L(DA,          2, "dst|a") \
    L(DV,          2, "dst|a (v128)") \
    L(D,           2, "dst|-") \
    L(DK,          3, "dst|- imm64") \
    L(DAB,         3, "dst|a b|-") \
    L(DAI,         3, "dst|a imm64") \
    L(DABC,        3, "dst|a b|c") \
    L(SELECT,      3, "dst|a b|cond") \
    L(GLOBAL_GET,  2, "dst|global") \
    L(GLOBAL_SET,  2, "global|src") \
    L(LOAD,        3, "dst|addr offset64") \
    L(STORE,       3, "addr|src offset64") \
    L(LOAD_K,      3, "dst|addr k|offset") \
    L(STORE_K,     3, "addr|src k|offset") \
    L(GROW,        2, "dst|delta") \
    L(FILL,        3, "d|val n|-") \
    L(COPY,        3, "d|s n|-") \
    L(MEM_INIT,    3, "d|s n|data") \
    L(DROP_DATA,   2, "data|-") \
    L(TABLE_GET,   3, "dst|idx table|-") \
    L(TABLE_SET,   3, "idx|val table|-") \
    L(TABLE_SIZE,  2, "dst|table") \
    L(TABLE_GROW,  3, "dst|init n|table") \
    L(TABLE_FILL,  3, "i|val n|table") \
    L(TABLE_COPY,  4, "d|s n|dst_table src_table|-") \
    L(TABLE_INIT,  4, "d|s n|table elem|-") \
    L(DROP_ELEM,   2, "elem|-") \
    L(REF_FUNC,    2, "dst|func") \
    L(CMP_BR,      3, "a|b target") \
    L(CMP_BR_IMM,  4, "a|- imm64 target") \
    L(V128_CONST,  4, "dst|- lo64 hi64") \
    L(V_LOAD,      3, "dst|addr offset64") \
    L(V_STORE,     3, "addr|src offset64") \
    L(V_LOAD_PART, 4, "dst|addr offset64 width|op") \
    L(V_LOAD_LANE, 5, "dst|addr offset64 vec|lane width|-") \
    L(V_STORE_LANE,4, "addr|src offset64 lane|width") \
    L(SHUFFLE,     5, "dst|a b|- lo64 hi64") \
    L(V_DA,        2, "dst|a") \
    L(V_DAB,       3, "dst|a b|-") \
    L(V_SHIFT,     3, "dst|a b|-") \
    L(V_DABC,      3, "dst|a b|c") \
    L(V_UNARY,     3, "dst|a op|-") \
    L(V_BINARY,    3, "dst|a b|op") \
    L(V_SHIFT_OP,  3, "dst|a b|op") \
    L(V_TEST,      3, "dst|a op|-") \
    L(V_SPLAT,     3, "dst|a op|-") \
    L(V_EXTRACT,   3, "dst|a lane|op") \
    L(V_LANE,      3, "dst|a lane|-") \
    L(V_REPLACE,   4, "dst|a b|lane op|-")

#define WI_FIELDS_NONE(F, L)
#define WI_FIELDS_TRAP(F, L)        F(L, kind, W1, TRAP)
#define WI_FIELDS_FUEL(F, L)        F(L, cost, W1, COST)
#define WI_FIELDS_JUMP(F, L)        F(L, target, W1, TARGET)
#define WI_FIELDS_BRANCH(F, L)      F(L, cond, A1, SLOT) F(L, target, W2, TARGET)
#define WI_FIELDS_BR_TABLE(F, L)    F(L, idx, A1, SLOT) F(L, n, B1, COUNT)
#define WI_FIELDS_CALL(F, L)        F(L, func, A1, INDEX) F(L, base, B1, SLOT)
#define WI_FIELDS_CALL_IND(F, L)    F(L, type, A1, INDEX) F(L, table, B1, INDEX) \
                                    F(L, idx, A2, SLOT) F(L, base, B2, SLOT)
#define WI_FIELDS_DA(F, L)          F(L, dst, A1, SLOT) F(L, a, B1, SLOT)
#define WI_FIELDS_DV(F, L)          F(L, dst, A1, V128) F(L, a, B1, V128)
#define WI_FIELDS_D(F, L)           F(L, dst, A1, SLOT)
#define WI_FIELDS_DK(F, L)          F(L, dst, A1, SLOT) F(L, imm, W2, IMM)
#define WI_FIELDS_DAB(F, L)         F(L, dst, A1, SLOT) F(L, a, B1, SLOT) F(L, b, A2, SLOT)
#define WI_FIELDS_DAI(F, L)         F(L, dst, A1, SLOT) F(L, a, B1, SLOT) F(L, imm, W2, IMM)
#define WI_FIELDS_DABC(F, L)        F(L, dst, A1, SLOT) F(L, a, B1, SLOT) F(L, b, A2, SLOT) \
                                    F(L, c, B2, SLOT)
#define WI_FIELDS_SELECT(F, L)      F(L, dst, A1, SLOT) F(L, a, B1, SLOT) F(L, b, A2, SLOT) \
                                    F(L, cond, B2, SLOT)
#define WI_FIELDS_GLOBAL_GET(F, L)  F(L, dst, A1, SLOT) F(L, global, B1, INDEX)
#define WI_FIELDS_GLOBAL_SET(F, L)  F(L, global, A1, INDEX) F(L, src, B1, SLOT)
#define WI_FIELDS_LOAD(F, L)        F(L, dst, A1, SLOT) F(L, addr, B1, SLOT) F(L, offset, W2, OFFSET)
#define WI_FIELDS_STORE(F, L)       F(L, addr, A1, SLOT) F(L, src, B1, SLOT) F(L, offset, W2, OFFSET)
#define WI_FIELDS_LOAD_K(F, L)      F(L, dst, A1, SLOT) F(L, addr, B1, SLOT) F(L, k, A2, IMM) \
                                    F(L, offset, B2, OFFSET)
#define WI_FIELDS_STORE_K(F, L)     F(L, addr, A1, SLOT) F(L, src, B1, SLOT) F(L, k, A2, IMM) \
                                    F(L, offset, B2, OFFSET)
#define WI_FIELDS_GROW(F, L)        F(L, dst, A1, SLOT) F(L, delta, B1, SLOT)
#define WI_FIELDS_FILL(F, L)        F(L, d, A1, SLOT) F(L, val, B1, SLOT) F(L, n, A2, SLOT)
#define WI_FIELDS_COPY(F, L)        F(L, d, A1, SLOT) F(L, s, B1, SLOT) F(L, n, A2, SLOT)
#define WI_FIELDS_MEM_INIT(F, L)    F(L, d, A1, SLOT) F(L, s, B1, SLOT) F(L, n, A2, SLOT) \
                                    F(L, data, B2, INDEX)
#define WI_FIELDS_DROP_DATA(F, L)   F(L, data, A1, INDEX)
#define WI_FIELDS_TABLE_GET(F, L)   F(L, dst, A1, SLOT) F(L, idx, B1, SLOT) F(L, table, A2, INDEX)
#define WI_FIELDS_TABLE_SET(F, L)   F(L, idx, A1, SLOT) F(L, val, B1, SLOT) F(L, table, A2, INDEX)
#define WI_FIELDS_TABLE_SIZE(F, L)  F(L, dst, A1, SLOT) F(L, table, B1, INDEX)
#define WI_FIELDS_TABLE_GROW(F, L)  F(L, dst, A1, SLOT) F(L, init, B1, SLOT) F(L, n, A2, SLOT) \
                                    F(L, table, B2, INDEX)
#define WI_FIELDS_TABLE_FILL(F, L)  F(L, i, A1, SLOT) F(L, val, B1, SLOT) F(L, n, A2, SLOT) \
                                    F(L, table, B2, INDEX)
#define WI_FIELDS_TABLE_COPY(F, L)  F(L, d, A1, SLOT) F(L, s, B1, SLOT) F(L, n, A2, SLOT) \
                                    F(L, dst_table, B2, INDEX) F(L, src_table, A3, INDEX)
#define WI_FIELDS_TABLE_INIT(F, L)  F(L, d, A1, SLOT) F(L, s, B1, SLOT) F(L, n, A2, SLOT) \
                                    F(L, table, B2, INDEX) F(L, elem, A3, INDEX)
#define WI_FIELDS_DROP_ELEM(F, L)   F(L, elem, A1, INDEX)
#define WI_FIELDS_REF_FUNC(F, L)    F(L, dst, A1, SLOT) F(L, func, B1, INDEX)
#define WI_FIELDS_CMP_BR(F, L)      F(L, a, A1, SLOT) F(L, b, B1, SLOT) F(L, target, W2, TARGET)
#define WI_FIELDS_CMP_BR_IMM(F, L)  F(L, a, A1, SLOT) F(L, imm, W2, IMM) F(L, target, W3, TARGET)
#define WI_FIELDS_V128_CONST(F, L)  F(L, dst, A1, V128) F(L, lo, W2, IMM) F(L, hi, W3, IMM)
#define WI_FIELDS_V_LOAD(F, L)      F(L, dst, A1, V128) F(L, addr, B1, SLOT) F(L, offset, W2, OFFSET)
#define WI_FIELDS_V_STORE(F, L)     F(L, addr, A1, SLOT) F(L, src, B1, V128) F(L, offset, W2, OFFSET)
#define WI_FIELDS_V_LOAD_PART(F, L) F(L, dst, A1, V128) F(L, addr, B1, SLOT) \
                                    F(L, offset, W2, OFFSET) F(L, width, A3, COUNT) \
                                    F(L, op, B3, SUBOP)
#define WI_FIELDS_V_LOAD_LANE(F, L) F(L, dst, A1, V128) F(L, addr, B1, SLOT) \
                                    F(L, offset, W2, OFFSET) F(L, vec, A3, V128) \
                                    F(L, lane, B3, INDEX) F(L, width, A4, COUNT)
#define WI_FIELDS_V_STORE_LANE(F, L) F(L, addr, A1, SLOT) F(L, src, B1, V128) \
                                    F(L, offset, W2, OFFSET) F(L, lane, A3, INDEX) \
                                    F(L, width, B3, COUNT)
#define WI_FIELDS_SHUFFLE(F, L)     F(L, dst, A1, V128) F(L, a, B1, V128) F(L, b, A2, V128) \
                                    F(L, lo, W3, IMM) F(L, hi, W4, IMM)
#define WI_FIELDS_V_DA(F, L)        F(L, dst, A1, V128) F(L, a, B1, V128)
#define WI_FIELDS_V_DAB(F, L)       F(L, dst, A1, V128) F(L, a, B1, V128) F(L, b, A2, V128)
#define WI_FIELDS_V_SHIFT(F, L)     F(L, dst, A1, V128) F(L, a, B1, V128) F(L, b, A2, SLOT)
#define WI_FIELDS_V_DABC(F, L)      F(L, dst, A1, V128) F(L, a, B1, V128) F(L, b, A2, V128) \
                                    F(L, c, B2, V128)
#define WI_FIELDS_V_UNARY(F, L)     F(L, dst, A1, V128) F(L, a, B1, V128) F(L, op, A2, SUBOP)
#define WI_FIELDS_V_BINARY(F, L)    F(L, dst, A1, V128) F(L, a, B1, V128) F(L, b, A2, V128) \
                                    F(L, op, B2, SUBOP)
#define WI_FIELDS_V_SHIFT_OP(F, L)  F(L, dst, A1, V128) F(L, a, B1, V128) F(L, b, A2, SLOT) \
                                    F(L, op, B2, SUBOP)
#define WI_FIELDS_V_TEST(F, L)      F(L, dst, A1, SLOT) F(L, a, B1, V128) F(L, op, A2, SUBOP)
#define WI_FIELDS_V_SPLAT(F, L)     F(L, dst, A1, V128) F(L, a, B1, SLOT) F(L, op, A2, SUBOP)
#define WI_FIELDS_V_EXTRACT(F, L)   F(L, dst, A1, SLOT) F(L, a, B1, V128) F(L, lane, A2, INDEX) \
                                    F(L, op, B2, SUBOP)
#define WI_FIELDS_V_LANE(F, L)      F(L, dst, A1, SLOT) F(L, a, B1, V128) F(L, lane, A2, INDEX)
#define WI_FIELDS_V_REPLACE(F, L)   F(L, dst, A1, V128) F(L, a, B1, V128) F(L, b, A2, SLOT) \
                                    F(L, lane, B2, INDEX) F(L, op, A3, SUBOP)
/* clang-format on */

typedef enum wi_layout {
#define WI_LAYOUT_ENUM(name, cells, shape) WI_LAYOUT_##name,
    WI_LAYOUTS(WI_LAYOUT_ENUM)
#undef WI_LAYOUT_ENUM
        WI_LAYOUT_COUNT
} wi_layout;

/* WI_CELLS_<LAYOUT>: the cells an instruction of that layout takes, its handler cell included. */
enum {
#define WI_LAYOUT_CELLS(name, cells, shape) WI_CELLS_##name = cells,
    WI_LAYOUTS(WI_LAYOUT_CELLS)
#undef WI_LAYOUT_CELLS
};

/* Where a field lives. */
typedef enum wi_pos {
    WI_POS_A1,
    WI_POS_B1,
    WI_POS_A2,
    WI_POS_B2,
    WI_POS_A3,
    WI_POS_B3,
    WI_POS_A4,
    WI_POS_W1,
    WI_POS_W2,
    WI_POS_W3,
    WI_POS_W4,
} wi_pos;

/* The cell of each position, and whether it is a 64-bit one. */
#define WI_CELL_OF_A1 1
#define WI_CELL_OF_B1 1
#define WI_CELL_OF_A2 2
#define WI_CELL_OF_B2 2
#define WI_CELL_OF_A3 3
#define WI_CELL_OF_B3 3
#define WI_CELL_OF_A4 4
#define WI_CELL_OF_W1 1
#define WI_CELL_OF_W2 2
#define WI_CELL_OF_W3 3
#define WI_CELL_OF_W4 4

typedef enum wi_kind {
    WI_KIND_SLOT,
    WI_KIND_V128,
    WI_KIND_INDEX,
    WI_KIND_COUNT,
    WI_KIND_IMM,
    WI_KIND_OFFSET,
    WI_KIND_TARGET,
    WI_KIND_COST,
    WI_KIND_TRAP,
    WI_KIND_SUBOP,
} wi_kind;

/* WI_AT_<LAYOUT>_<field>: the cell that holds a field, counted from the handler cell. */
enum {
#define WI_FIELD_AT(L, field, pos, kind) WI_AT_##L##_##field = WI_CELL_OF_##pos,
#define WI_LAYOUT_AT(name, cells, shape) WI_FIELDS_##name(WI_FIELD_AT, name)
    WI_LAYOUTS(WI_LAYOUT_AT)
#undef WI_LAYOUT_AT
#undef WI_FIELD_AT
};

typedef struct wi_field {
    const char *name;
    wi_pos pos;
    wi_kind kind;
} wi_field;

typedef struct wi_layout_info {
    const char *name;
    const char *shape;
    unsigned cells;
    unsigned nfields;
    const wi_field *fields;
} wi_layout_info;

/* The description of every layout, by wi_layout (isa/layouts.c). */
extern const wi_layout_info wi_layout_infos[WI_LAYOUT_COUNT];

#endif
