/* Reading a whole file, for the test programs (with or without cmocka). */
#ifndef WARDEN_TESTS_SUPPORT_READ_FILE_H
#define WARDEN_TESTS_SUPPORT_READ_FILE_H

#include <stddef.h>
#include <stdint.h>

/* The bytes of the file at `path` (malloc'd, the caller frees them) and their count in *len; NULL
 * when it cannot be opened or read, or memory runs out. */
uint8_t *read_whole_file(const char *path, size_t *len);

#endif
