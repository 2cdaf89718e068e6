/* Scratch directories for the test programs (with or without cmocka). */
#ifndef WARDEN_TESTS_SUPPORT_TEMP_DIR_H
#define WARDEN_TESTS_SUPPORT_TEMP_DIR_H

/* A new empty directory under $TMPDIR (or /tmp) whose name starts with `prefix`: its path,
 * malloc'd, or NULL when it cannot be made. */
char *temp_dir_new(const char *prefix);
/* Removes the directory and the files in it (not below), and frees the path. */
void temp_dir_remove(char *dir);

#endif
