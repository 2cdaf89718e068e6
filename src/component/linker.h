/* The component linker's internals: its definitions, and the view of them a component's imports
 * get at instantiation. */
#ifndef WARDEN_COMPONENT_LINKER_H
#define WARDEN_COMPONENT_LINKER_H

#include "instance.h"

/* Resolves the imports of `comp` against the linker (NULL: none) into `args`, allocated in
 * `arena`. A missing import is left out (instantiation reports it); host functions become
 * component functions of `store`. */
bool wm_linker_imports(const warden_component_linker_t *linker, warden_error_t **error,
                       wm_arena *arena, warden_store_t *store, const wm_component *comp,
                       wm_view *args);

#endif
