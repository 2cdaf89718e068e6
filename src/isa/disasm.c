/* The disassembler (isa/disasm.h). */
#include "isa/disasm.h"
#include "isa/simd_subops.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

wi_op wi_cell_op(const wi_cell *c, const void *const *handlers)
{
    if (!handlers) return c->op < WI_OP_COUNT ? (wi_op)c->op : WI_OP_COUNT;
    for (unsigned op = 0; op < WI_OP_COUNT; op++)
        if (handlers[op] == c->handler) return (wi_op)op;
    return WI_OP_COUNT;
}

uint32_t wi_instr_cells(const wi_cell *code, uint32_t ncells, uint32_t at, wi_op op)
{
    wi_layout layout = wi_op_layout(op);
    if (layout == WI_LAYOUT_COUNT || at >= ncells) return 0;
    uint64_t cells = wi_layout_infos[layout].cells;
    if (at + cells > ncells) return 0;
    if (layout == WI_LAYOUT_BR_TABLE) cells += (uint64_t)code[at + 1].s.b + 1;
    return at + cells <= ncells ? (uint32_t)cells : 0;
}

static uint64_t field_value(const wi_cell *c, wi_pos pos)
{
    switch (pos) {
    case WI_POS_A1: return c[1].s.a;
    case WI_POS_B1: return c[1].s.b;
    case WI_POS_A2: return c[2].s.a;
    case WI_POS_B2: return c[2].s.b;
    case WI_POS_A3: return c[3].s.a;
    case WI_POS_B3: return c[3].s.b;
    case WI_POS_A4: return c[4].s.a;
    case WI_POS_W1: return c[1].u64;
    case WI_POS_W2: return c[2].u64;
    case WI_POS_W3: return c[3].u64;
    case WI_POS_W4: return c[4].u64;
    }
    return 0;
}

/* The SIMD operations by sub-opcode, for the generic handlers' `op` field. */
#define WI_SUBOP_NAME(P, sub, name, kind, type, width, fn) [sub] = #name,
static const char *const k_subop_names[256] = {
    WI_SIMD_SUBOPS(WI_SUBOP_NAME, WI_SUBOP_NAME, WI_SUBOP_NAME, ~)};
#undef WI_SUBOP_NAME

typedef struct text {
    char *buf;
    size_t cap, len;
} text;

static void put(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(text *t, const char *fmt, ...)
{
    if (t->len + 1 >= t->cap) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    t->len += (size_t)n;
    if (t->len >= t->cap) t->len = t->cap - 1;
}

/* A branch target as the cell it reaches. */
static void put_target(text *t, uint32_t at, uint64_t distance)
{
    put(t, "@%" PRId64, (int64_t)at + (int64_t)distance);
}

uint32_t wi_disasm(const wi_cell *code, uint32_t ncells, uint32_t at, const void *const *handlers,
                   char *buf, size_t cap)
{
    text t = {buf, cap, 0};
    if (cap) buf[0] = '\0';
    if (at >= ncells) return 0;
    wi_op op = wi_cell_op(&code[at], handlers);
    uint32_t cells = wi_instr_cells(code, ncells, at, op);
    if (!cells) {
        put(&t, "?");
        return 0;
    }
    const wi_cell *c = &code[at];
    const wi_layout_info *info = &wi_layout_infos[wi_op_layout(op)];
    put(&t, "%s", wi_op_name(op));
    for (unsigned i = 0; i < info->nfields; i++) {
        const wi_field *f = &info->fields[i];
        uint64_t v = field_value(c, f->pos);
        put(&t, " %s=", f->name);
        switch (f->kind) {
        case WI_KIND_SLOT: put(&t, "s%" PRIu64, v); break;
        case WI_KIND_V128: put(&t, "v%" PRIu64, v); break;
        case WI_KIND_INDEX: put(&t, "#%" PRIu64, v); break;
        case WI_KIND_OFFSET: put(&t, "+%" PRIu64, v); break;
        case WI_KIND_TARGET: put_target(&t, at, v); break;
        case WI_KIND_IMM:
            if (v > 0xFFFF && v < UINT64_C(0xFFFFFFFFFFFF0000))
                put(&t, "0x%" PRIx64, v);
            else
                put(&t, "%" PRId64, (int64_t)v);
            break;
        case WI_KIND_COUNT:
        case WI_KIND_COST:
        case WI_KIND_TRAP: put(&t, "%" PRIu64, v); break;
        case WI_KIND_SUBOP:
            if (v < 256 && k_subop_names[v])
                put(&t, "%s", k_subop_names[v]);
            else
                put(&t, "#%" PRIu64, v);
            break;
        }
    }
    if (info - wi_layout_infos == WI_LAYOUT_BR_TABLE) {
        put(&t, " targets=");
        for (uint32_t i = 2; i < cells; i++) {
            if (i > 2) put(&t, ",");
            put_target(&t, at, c[i].u64);
        }
    }
    return cells;
}
