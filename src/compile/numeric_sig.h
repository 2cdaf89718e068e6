#ifndef WARDEN_COMPILE_NUMERIC_SIG_H
#define WARDEN_COMPILE_NUMERIC_SIG_H

#include <stdbool.h>
#include <stdint.h>

#include "binary/module.h"

/* A numeric instruction: its operand types (in2 is 0 for unary ones), result type and the
 * internal operator (WC_NUMERIC_NOP when the value's bits stay as they are). */
typedef struct wc_numeric {
    uint8_t in1, in2, result;
    uint16_t op;
} wc_numeric;

#define WC_NUMERIC_NOP 0xFFFF

/* For opcodes 0x45..0xC4; false for any other opcode. */
bool wc_numeric_sig(uint8_t opcode, wc_numeric *out);
/* For the saturating truncations 0xFC 0..7. */
bool wc_trunc_sat_sig(uint32_t subop, wc_numeric *out);

#endif
