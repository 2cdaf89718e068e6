/* Running a WASI command in-process, and the file-system helpers the WASI tests share. */
#ifndef WARDEN_TESTS_WASI_HARNESS_H
#define WARDEN_TESTS_WASI_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "warden.h"
#include "warden_wasi.h"

typedef enum { WH_EXITED, WH_TRAPPED, WH_FAILED } wh_status;

typedef struct wh_result {
    wh_status status;
    int exit_code;      /* WH_EXITED: proc_exit's code, or 0 when _start returned */
    char *message;      /* WH_TRAPPED / WH_FAILED: what happened (malloc'd) */
    uint8_t *out, *err; /* buffered standard output and error (malloc'd, NUL-terminated) */
    size_t out_len, err_len;
} wh_result;

/* Loads `wasm`, links WASI made from `config` and calls _start. */
void wh_run(const char *wasm, const warden_wasi_config_t *config, wh_result *res);
void wh_result_free(wh_result *res);

/* Recursive copy (files, directories, symbolic links) and removal. Return 0 on success. */
int wh_copy_tree(const char *from, const char *to);
int wh_remove_tree(const char *path);
/* A text listing of everything below `path` (names, types, sizes, link targets, contents), so that
 * two snapshots compare equal exactly when nothing changed. NULL on failure. Skips `skip` names
 * directly below `path` (NULL-terminated list) when given. */
char *wh_snapshot(const char *path, const char *const *skip);

#endif
