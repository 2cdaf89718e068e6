/* The disassembler: lowered code as text, one instruction a line, its operands named as the
 * layouts (isa/layouts.h) name them. For `warden inspect --code` and for tests of the lowering. */
#ifndef WARDEN_ISA_DISASM_H
#define WARDEN_ISA_DISASM_H

#include <stddef.h>
#include <stdint.h>

#include "isa/cell.h"
#include "isa/ops.h"

/* The instruction whose first cell is `c`: its op, found through `handlers` (the interpreter's
 * handler table, for direct threading) or read from the cell (handlers NULL). WI_OP_COUNT when
 * the cell holds no known handler. */
wi_op wi_cell_op(const wi_cell *c, const void *const *handlers);

/* The cells of the instruction `op` at code[at] (BR_TABLE's targets included), or 0 when it does
 * not fit in the ncells cells of the code. */
uint32_t wi_instr_cells(const wi_cell *code, uint32_t ncells, uint32_t at, wi_op op);

/* Writes the instruction at code[at] into buf as one line without a newline, e.g.
 *   "I32_ADD dst=s4 a=s2 b=s3"
 * Slots are sN (a v128: vN, slots N and N+1), indices #N, targets @N (the cell index the branch
 * goes to), offsets +N, other numbers in decimal. Truncates to cap bytes (always terminated).
 * Returns the instruction's cells, or 0 when the code there is not a whole instruction. */
uint32_t wi_disasm(const wi_cell *code, uint32_t ncells, uint32_t at, const void *const *handlers,
                   char *buf, size_t cap);

#endif
