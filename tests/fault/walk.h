/* The walk over failure sites, and the checks a scenario makes under it.
 *
 * fw_walk() runs a scenario once with nothing failing, to count the calls it makes that can fail
 * (its failure sites), then once more for every N from 1 to that count with the Nth call failing.
 * After every run it checks that the run left nothing behind: heap blocks, mappings, FILEs, DIRs
 * and descriptors balance, and under AddressSanitizer LeakSanitizer finds no leak (it checks
 * after every 8 runs and at the end, naming the runs since its last check: FAULT_LSAN_EVERY). A
 * scenario creates what it needs, runs the path under test, checks every result with the macros
 * below (an API call either succeeds with the right result or fails cleanly, and what failed stays
 * usable), and deletes everything.
 *
 * A failed check prints one line naming the path, N, the call that failed (symbol and caller) and
 * the check; the walk goes on, and the program's exit status counts the failures. */
#ifndef WARDEN_TESTS_FAULT_WALK_H
#define WARDEN_TESTS_FAULT_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "inject.h"
#include "warden.h"

/* Error kinds a scenario accepts from a call that an injected failure made fail. */
#define FW_KIND(k) (1u << (k))
#define FW_RESOURCE (FW_KIND(WARDEN_ERROR_NO_MEMORY) | FW_KIND(WARDEN_ERROR_IO))

/* Runs `run(env)` over every failure site. Returns the number of sites. */
unsigned long fw_walk(const char *path, void (*run)(void *env), void *env);

/* Failed checks so far (the exit status of a fault program). */
int fw_failures(void);
/* The exit status: 0 when no check failed. Prints the total. */
int fw_finish(void);

/* Records a failed check. */
void fw_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void fw_check_failed(const char *file, int line, const char *cond, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* FW_CHECK(cond) or FW_CHECK(cond, "format", args...): the format adds details. */
#define FW_CHECK(cond, ...)                                                                        \
    do {                                                                                           \
        if (!(cond)) fw_check_failed(__FILE__, __LINE__, #cond, " " __VA_ARGS__);                  \
    } while (0)

/* A call under injection returned `err`. NULL: true (it worked). Otherwise the error must have a
 * message, a kind in `kinds`, and a failure must have been injected; the error is deleted and the
 * result is false. */
bool fw_ok(warden_error_t *err, unsigned kinds, const char *what, const char *file, int line);
#define FW_OK(err) fw_ok((err), FW_RESOURCE, #err, __FILE__, __LINE__)
#define FW_OK_KINDS(err, kinds) fw_ok((err), (kinds), #err, __FILE__, __LINE__)

/* A call that must work (nothing is failing now, or nothing may fail). Deletes the error. */
bool fw_must(warden_error_t *err, const char *what, const char *file, int line);
#define FW_MUST(err) fw_must((err), #err, __FILE__, __LINE__)

/* A call returned `trap` where `expected` (0: none) was due. True when it ended as due. A trap
 * other than the one due is accepted only after an injected failure, and only a host trap that
 * names running out of memory. Deletes the trap. */
bool fw_trap(warden_trap_t *trap, warden_trap_kind_t expected, const char *what, const char *file,
             int line);
#define FW_TRAP(trap, expected) fw_trap((trap), (expected), #trap, __FILE__, __LINE__)

/* The scenario saw the injected failure reported (an error, a trap, a failing status). Counted
 * for the summary: a run whose failure nothing reported was absorbed. */
void fw_saw_failure(void);

/* For scenarios that do their own work while armed: pauses counting for the test's own calls. */
#define FW_UNCOUNTED(stmt)                                                                         \
    do {                                                                                           \
        bool fw_was_armed_ = fi_armed();                                                           \
        fi_pause();                                                                                \
        stmt;                                                                                      \
        if (fw_was_armed_) fi_resume();                                                            \
    } while (0)

/* Removes everything in the directory at `path` (call it uncounted). */
void fw_empty_dir(const char *path);

/* Reads a whole file (uncounted); exits on failure. */
uint8_t *fw_read_file(const char *dir, const char *name, size_t *len);

#endif
