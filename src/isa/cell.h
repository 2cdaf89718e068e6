/* The cell: the unit of lowered code. An instruction is a run of cells: the first holds its
 * handler (direct threading: the handler's address; switch dispatch: the wi_op), the others its
 * operands, either one 64-bit value or two 32-bit fields "a|b". The layouts are in isa/layouts.h.
 */
#ifndef WARDEN_ISA_CELL_H
#define WARDEN_ISA_CELL_H

#include <stdint.h>

typedef union wi_cell {
    const void *handler; /* direct threading: the handler's address */
    uintptr_t op;        /* switch dispatch: the wi_op */
    uint64_t u64;
    struct {
        uint32_t a, b;
    } s;
} wi_cell;

#endif
