/* The `spectest` host module that the WebAssembly spec test suite imports. */
#ifndef WARDEN_CLI_SPECTEST_H
#define WARDEN_CLI_SPECTEST_H

#include "warden.h"

/* Creates spectest's functions, globals, table and memory in `store` and defines them in `linker`
 * under the module name "spectest". The print functions print nothing. */
warden_error_t *spectest_define(warden_linker_t *linker, warden_store_t *store);

#endif
