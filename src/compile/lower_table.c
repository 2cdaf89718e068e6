/* table.get and table.set. */
#include "compile/emit.h"
#include "compile/lower_ctx.h"
#include "isa/ops.h"

bool wl_read_table(wl_ctx *L, uint32_t *x)
{
    if (!wl_read_u32(L, x)) return false;
    if (*x >= L->m->ntables) return wl_fail(L, "unknown table");
    return true;
}

void wl_op_table_access(wl_ctx *L, uint8_t opcode)
{
    uint32_t x, idx, val;
    if (!wl_read_table(L, &x)) return;
    uint8_t t = L->m->tables[x].elem;
    if (opcode == 0x25) {
        wl_pop(L, WD_I32, &idx);
        uint32_t dst = wl_push(L, t);
        if (wl_live(L)) {
            wl_emit_TABLE_GET(L, WI_TABLE_GET, dst, idx, x);
        }
        return;
    }
    wl_pop(L, t, &val);
    wl_pop(L, WD_I32, &idx);
    if (wl_live(L)) {
        wl_emit_TABLE_SET(L, WI_TABLE_SET, idx, val, x);
    }
}
