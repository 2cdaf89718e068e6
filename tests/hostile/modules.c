#include "modules.h"

static const uint8_t k_kinds[4] = {WB_I32, WB_I64, WB_F32, WB_F64};

wb_buf hm_many_types(uint32_t n)
{
    wb_buf m = {0}, types = {0};
    wb_header(&m);
    wb_u32(&types, n);
    for (uint32_t i = 0; i < n; i++) {
        wb_byte(&types, 0x60);
        wb_u32(&types, 9);
        for (unsigned j = 0; j < 9; j++) wb_byte(&types, k_kinds[(i >> (2 * j)) & 3]);
        wb_u32(&types, 0);
    }
    wb_section(&m, 1, &types);
    return m;
}

/* One type [] -> []. */
static void one_void_type(wb_buf *m)
{
    wb_buf types = {0};
    static const uint8_t t[] = {1, 0x60, 0, 0};
    wb_bytes(&types, t, sizeof t);
    wb_section(m, 1, &types);
}

wb_buf hm_many_funcs(uint32_t n)
{
    wb_buf m = {0}, funcs = {0}, code = {0};
    wb_header(&m);
    one_void_type(&m);
    wb_u32(&funcs, n);
    for (uint32_t i = 0; i < n; i++) wb_byte(&funcs, 0);
    wb_section(&m, 3, &funcs);
    wb_u32(&code, n);
    for (uint32_t i = 0; i < n; i++) {
        static const uint8_t body[] = {2, 0, 0x0B}; /* size 2: no locals, end */
        wb_bytes(&code, body, sizeof body);
    }
    wb_section(&m, 10, &code);
    return m;
}

wb_buf hm_wide_locals(uint32_t n)
{
    wb_buf m = {0}, funcs = {0}, exports = {0}, code = {0}, body = {0};
    wb_header(&m);
    one_void_type(&m);
    wb_u32(&funcs, 1);
    wb_byte(&funcs, 0);
    wb_section(&m, 3, &funcs);
    wb_u32(&exports, 1);
    wb_name(&exports, "wide");
    wb_byte(&exports, 0);
    wb_u32(&exports, 0);
    wb_section(&m, 7, &exports);
    wb_u32(&body, 1); /* one group of n v128 locals */
    wb_u32(&body, n);
    wb_byte(&body, WB_V128);
    wb_byte(&body, 0x0B);
    wb_u32(&code, 1);
    wb_u32(&code, body.len);
    wb_bytes(&code, body.bytes, body.len);
    wb_free(&body);
    wb_section(&m, 10, &code);
    return m;
}

wb_buf hm_big_data(uint32_t pages, uint32_t len)
{
    wb_buf m = {0}, mems = {0}, data = {0};
    wb_header(&m);
    wb_u32(&mems, 1);
    wb_byte(&mems, 0); /* no maximum */
    wb_u32(&mems, pages);
    wb_section(&m, 5, &mems);
    wb_u32(&data, 1);
    wb_byte(&data, 0);                                  /* active, memory 0 */
    static const uint8_t offset[] = {0x41, 0x00, 0x0B}; /* i32.const 0, end */
    wb_bytes(&data, offset, sizeof offset);
    wb_u32(&data, len);
    for (uint32_t i = 0; i < len; i++) wb_byte(&data, (uint8_t)(i * 7));
    wb_section(&m, 11, &data);
    return m;
}
