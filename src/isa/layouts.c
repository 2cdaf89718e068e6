/* The layouts as data (isa/layouts.h), for the disassembler and anything else that walks code. */
#include "isa/layouts.h"

#include <stddef.h>

/* One array of fields per layout; a layout without fields gets an empty marker entry. */
#define WI_FIELD_ROW(L, field, pos, kind) {#field, WI_POS_##pos, WI_KIND_##kind},
#define WI_FIELD_ARRAY(name, cells, shape)                                                         \
    static const wi_field fields_##name[] = {WI_FIELDS_##name(WI_FIELD_ROW, name){NULL, 0, 0}};
WI_LAYOUTS(WI_FIELD_ARRAY)
#undef WI_FIELD_ARRAY

#define WI_LAYOUT_INFO(name, cells, shape)                                                         \
    [WI_LAYOUT_##                                                                                  \
        name] = {#name, shape, cells, sizeof fields_##name / sizeof(wi_field) - 1, fields_##name},
const wi_layout_info wi_layout_infos[WI_LAYOUT_COUNT] = {WI_LAYOUTS(WI_LAYOUT_INFO)};
#undef WI_LAYOUT_INFO
#undef WI_FIELD_ROW

/* Every field lies inside its layout's cells, and no two fields of a layout share a position: a
 * wrong row in layouts.h fails the build here. */
#define WI_CHECK_FIELD(L, field, pos, kind)                                                        \
    _Static_assert(WI_CELL_OF_##pos < WI_CELLS_##L, #L "." #field " lies outside the layout");
#define WI_CHECK_LAYOUT(name, cells, shape) WI_FIELDS_##name(WI_CHECK_FIELD, name)
WI_LAYOUTS(WI_CHECK_LAYOUT)
#undef WI_CHECK_LAYOUT
#undef WI_CHECK_FIELD
