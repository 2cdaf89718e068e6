/* Printing names and types as the `warden` command shows them (inspect, run and wast messages). */
#ifndef WARDEN_CLI_TEXTFMT_H
#define WARDEN_CLI_TEXTFMT_H

#include <stddef.h>
#include <stdio.h>

#include "warden.h"

/* Prints a name (any bytes) so that the output stays one ASCII token: bare when it is non-empty
 * printable ASCII without space, '"', '\\' or '.', otherwise in double quotes with '"' and '\\'
 * escaped as \" and \\ and every other byte outside printable ASCII as \hh (two hex digits). */
void textfmt_name(FILE *out, const char *name, size_t len);

/* Prints any bytes on one line without quotes: '\\' and bytes outside printable ASCII as \hh.
 * For text that comes from a guest (names in backtraces) or a script. */
void textfmt_escaped(FILE *out, const char *text, size_t len);

/* "(i32, i64) -> (f32)"; "() -> ()" for no parameters and results. */
void textfmt_functype(FILE *out, const warden_functype_t *type);

/* The type part of an import or export line:
 *   func    (PARAMS) -> (RESULTS)
 *   table   ELEMTYPE MIN..[MAX]
 *   memory  pages MIN..[MAX]
 *   global  const|mut VALTYPE
 * preceded by the kind word, with NAME printed between the kind word and the type. */
void textfmt_extern(FILE *out, const warden_externtype_t *type, const char *module,
                    size_t module_len, const char *name, size_t name_len);

/* "func", "table", "memory", "global". */
const char *textfmt_extern_kind(warden_externkind_t kind);

#endif
