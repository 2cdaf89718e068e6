/* Failure injection for the fault tests.
 *
 * The fault test programs are linked with -Wl,--wrap=SYMBOL for every C library function the
 * library and the command line call that can fail (allocation, mappings, threads, files, clocks,
 * sockets). Each __wrap_SYMBOL counts its call and makes the Nth counted call fail the way the
 * real function fails (NULL, MAP_FAILED, -1 with errno, an error number), else calls the real one.
 *
 * Only calls made by the thread that armed the injector, while it is armed and not paused, are
 * counted: the epoch ticker or a signal thread never shifts the sequence. Every wrapper also keeps
 * the balance of what was allocated and released (heap blocks, mappings, FILEs, DIRs), on every
 * thread, armed or not, so that a test can check that an iteration leaves nothing behind. */
#ifndef WARDEN_TESTS_FAULT_INJECT_H
#define WARDEN_TESTS_FAULT_INJECT_H

#include <stdbool.h>
#include <stddef.h>

/* Starts counting on the calling thread; the call numbered `fail_at` (1-based) fails, none when
 * 0. Resets the count, the record of the injected failure and the per-symbol counts. */
void fi_arm(unsigned long fail_at);
/* The same; when `persistent`, every counted call from the one numbered `fail_at` on fails,
 * until fi_stop_failing() (as memory that stays exhausted would). */
void fi_arm_persistent(unsigned long fail_at, bool persistent);
void fi_stop_failing(void);
/* Stops counting. */
void fi_disarm(void);
/* Suspends and resumes counting (for the test's own work inside an armed window). */
void fi_pause(void);
void fi_resume(void);
bool fi_armed(void);

/* Counted calls since fi_arm. */
unsigned long fi_calls(void);
/* Whether the failure was injected; the symbol and the caller's address of the failed call. */
bool fi_injected(void);
const char *fi_injected_symbol(void);
void *fi_injected_caller(void);

/* What is live now, as counted by the wrappers since the program started. */
typedef struct fi_balance {
    long heap;    /* blocks from malloc, calloc, realloc(NULL, ...), strdup, strndup */
    long maps;    /* mmap minus munmap */
    long files;   /* fopen minus fclose */
    long dirs;    /* fdopendir minus closedir */
    long fds;     /* open descriptors of the process (from /proc/self/fd) */
    long threads; /* threads of the process (from /proc/self/task) */
} fi_balance;
void fi_balance_now(fi_balance *b);

/* The symbols the injector knows, for reports: their count and names. */
size_t fi_symbol_count(void);
const char *fi_symbol_name(size_t i);
/* Index of a symbol by name, or fi_symbol_count() when unknown. */
size_t fi_symbol_index(const char *name);

#endif
