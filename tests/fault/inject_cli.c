/* The command line's own wrapper: jansson's json_load_file fails like an unreadable file. */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

bool fi_fail_json_load(void *caller); /* inject.c */

json_t *__real_json_load_file(const char *path, size_t flags, json_error_t *error);

json_t *__wrap_json_load_file(const char *path, size_t flags, json_error_t *error)
{
    if (fi_fail_json_load(__builtin_return_address(0))) {
        if (error) {
            memset(error, 0, sizeof *error);
            error->line = -1;
            error->column = -1;
            snprintf(error->source, sizeof error->source, "%s", path);
            snprintf(error->text, sizeof error->text, "unable to open %s: Too many open files",
                     path);
        }
        return NULL;
    }
    return __real_json_load_file(path, flags, error);
}
