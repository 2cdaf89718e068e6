#ifndef WARDEN_RUNTIME_LINKER_H
#define WARDEN_RUNTIME_LINKER_H

#include "object/objects.h"

/* The newest definition of module.name, or NULL. */
const warden_extern_t *wr_linker_lookup(const warden_linker_t *l, const char *module,
                                        size_t module_len, const char *name, size_t name_len);

/* Export i of the instance's module, as a runtime object (instance.c). */
void wr_instance_export_at(const warden_instance_t *inst, uint32_t i, warden_extern_t *out);

#endif
