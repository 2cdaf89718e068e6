/* Loads, stores, memory.size and memory.grow. */
#include "compile/emit.h"
#include "compile/lower_ctx.h"
#include "isa/ops.h"

bool wl_need_memory(wl_ctx *L)
{
    if (L->m->nmems == 0) return wl_fail(L, "unknown memory 0");
    return true;
}

bool wl_memarg_flags(wl_ctx *L, uint32_t align)
{
    /* The spec suite's align.wast treats these as malformed ("malformed memop flags"): a memarg's
     * flags field holds the alignment's exponent below 32 (bit 6 would select a memory index,
     * which WebAssembly 2.0 does not have). */
    if (align >= 32) return wl_malformed(L, "alignment must not be larger than natural");
    return true;
}

/* Compiled C computes most addresses as `base + constant`, wrapping at 32 bits, which a memarg
 * offset cannot express. When the address `addr` (the popped entry's slot; `home` its home) was
 * computed by such an add emitted just before, a value nothing else reads, the add is taken back:
 * the access adds the constant itself, saving a dispatch. Returns the add's operand and constant.
 * (The add is a fresh producer: lower_stack.c.) */
static bool take_address_add(wl_ctx *L, uint32_t addr, uint32_t home, uint32_t *a, uint32_t *k)
{
    uint32_t at;
    uint16_t op;
    if (addr != home || !wl_fresh_producer(L, addr, &at, &op) || op != WI_I32_ADD_IMM) return false;
    *a = L->code[at + WI_AT_DAI_a].s.b;
    *k = (uint32_t)L->code[at + WI_AT_DAI_imm].u64;
    wl_take_back(L, at);
    return true;
}

void wl_op_memory_access(wl_ctx *L, uint8_t opcode)
{
    /* For opcodes 0x28..0x3E: value type, access width in bytes, internal operator. */
    static const struct {
        uint8_t type, width;
        wi_op op;
    } k[] = {
        {WD_I32, 4, WI_I32_LOAD},     {WD_I64, 8, WI_I64_LOAD},     {WD_F32, 4, WI_I32_LOAD},
        {WD_F64, 8, WI_I64_LOAD},     {WD_I32, 1, WI_I32_LOAD8_S},  {WD_I32, 1, WI_I32_LOAD8_U},
        {WD_I32, 2, WI_I32_LOAD16_S}, {WD_I32, 2, WI_I32_LOAD16_U}, {WD_I64, 1, WI_I64_LOAD8_S},
        {WD_I64, 1, WI_I64_LOAD8_U},  {WD_I64, 2, WI_I64_LOAD16_S}, {WD_I64, 2, WI_I64_LOAD16_U},
        {WD_I64, 4, WI_I64_LOAD32_S}, {WD_I64, 4, WI_I64_LOAD32_U}, {WD_I32, 4, WI_STORE32},
        {WD_I64, 8, WI_STORE64},      {WD_F32, 4, WI_STORE32},      {WD_F64, 8, WI_STORE64},
        {WD_I32, 1, WI_STORE8},       {WD_I32, 2, WI_STORE16},      {WD_I64, 1, WI_STORE8},
        {WD_I64, 2, WI_STORE16},      {WD_I64, 4, WI_STORE32},
    };
    const size_t i = (size_t)(opcode - 0x28);
    uint32_t align, offset, addr, val;
    if (!wl_read_u32(L, &align) || !wl_read_u32(L, &offset)) return;
    if (!wl_memarg_flags(L, align) || !wl_need_memory(L)) return;
    if ((1u << align) > k[i].width) {
        wl_fail(L, "alignment must not be larger than natural");
        return;
    }
    uint32_t a, add;
    if (opcode <= 0x35) {
        uint32_t home = wl_top_home(L);
        wl_pop(L, WD_I32, &addr);
        uint32_t dst = wl_push(L, k[i].type);
        if (!wl_live(L)) return;
        uint32_t at;
        if (take_address_add(L, addr, home, &a, &add)) {
            at = wl_emit_LOAD_K(L, wi_addk_form(k[i].op), dst, a, add, (uint32_t)offset);
        } else {
            at = wl_emit_LOAD(L, k[i].op, dst, addr, offset);
        }
        wl_note_producer(L, at);
        return;
    }
    wl_pop(L, k[i].type, &val);
    uint32_t home = wl_top_home(L);
    wl_pop(L, WD_I32, &addr);
    if (!wl_live(L)) return;
    if (take_address_add(L, addr, home, &a, &add)) {
        wl_emit_STORE_K(L, wi_addk_form(k[i].op), a, val, add, (uint32_t)offset);
    } else {
        wl_emit_STORE(L, k[i].op, addr, val, offset);
    }
}

void wl_op_memory_size_grow(wl_ctx *L, uint8_t opcode)
{
    if (!wl_read_zero_byte(L) || !wl_need_memory(L)) return;
    if (opcode == 0x3F) {
        uint32_t dst = wl_push(L, WD_I32);
        if (wl_live(L)) {
            wl_emit_D(L, WI_MEMORY_SIZE, dst);
        }
        return;
    }
    uint32_t delta;
    wl_pop(L, WD_I32, &delta);
    uint32_t dst = wl_push(L, WD_I32);
    if (wl_live(L)) {
        wl_emit_GROW(L, WI_MEMORY_GROW, dst, delta);
    }
}
