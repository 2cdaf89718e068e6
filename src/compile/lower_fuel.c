/* Fuel: a basic block begins at the function's entry, at every label a branch can reach and after
 * every conditional branch. Its first instruction charges the costs of all its instructions, so
 * metering costs one cheap instruction per block and the count is exact for every run that does
 * not trap. */
#include "compile/emit.h"
#include "compile/lower_ctx.h"
#include "isa/ops.h"

void wl_begin_block(wl_ctx *L)
{
    L->seg_cost = 0;
    if (!L->fuel || !wl_live(L)) return;
    uint32_t at = wl_emit_FUEL(L, WI_FUEL, 0);
    if (!L->failed) L->seg_cost = at + WI_AT_FUEL_cost;
}

void wl_charge(wl_ctx *L, uint64_t cost)
{
    if (L->fuel && L->seg_cost && cost && wl_live(L)) L->code[L->seg_cost].u64 += cost;
}

/* Removes the last block's FUEL instruction when nothing in the block costs anything. */
void wl_drop_empty_block(wl_ctx *L)
{
    if (L->seg_cost && L->seg_cost == L->ncode - 1 && L->code[L->seg_cost].u64 == 0) {
        L->ncode -= WI_LEN_FUEL;
        L->seg_cost = 0;
    }
}

uint32_t wl_instruction_cost(const warden_fuel_costs_t *costs, uint8_t opcode)
{
    switch (opcode) {
    case 0x00: /* unreachable */
    case 0x01: /* nop */
    case 0x02: /* block */
    case 0x03: /* loop */
    case 0x05: /* else */
    case 0x0B: /* end */
    case 0x0F: /* return */
    case 0x1A: /* drop */ return costs->control_cost;
    default: return costs->default_cost;
    }
}
