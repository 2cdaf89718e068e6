/* What the fuzz targets share: a private temporary directory per process, files, running a
 * reference tool as a child process with its output captured, and the way a target reports a
 * divergence (a message, then abort(), which libFuzzer records as a crash). */
#ifndef WARDEN_FUZZ_SUPPORT_H
#define WARDEN_FUZZ_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "warden.h"

#if defined(__GNUC__)
#define FZ_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define FZ_NORETURN __attribute__((noreturn))
#else
#define FZ_PRINTF(f, a)
#define FZ_NORETURN
#endif

/* A growable byte buffer, always NUL-terminated after `len` bytes. */
typedef struct fz_buf {
    char *data;
    size_t len, cap;
} fz_buf_t;

void fz_buf_clear(fz_buf_t *buf);
void fz_buf_free(fz_buf_t *buf);
void fz_buf_append(fz_buf_t *buf, const void *bytes, size_t len);
/* Appends one byte, or an unsigned LEB128 (the binary format's u32 and u64). */
void fz_buf_put_byte(fz_buf_t *buf, uint8_t byte);
void fz_buf_put_uleb(fz_buf_t *buf, uint64_t v);
void fz_buf_printf(fz_buf_t *buf, const char *fmt, ...) FZ_PRINTF(2, 3);

/* The process's own temporary directory (made on first use under $TMPDIR, or /dev/shm, or /tmp;
 * removed with everything in it when the process exits normally). */
const char *fz_tmpdir(void);
/* fz_tmpdir()/name in buf (size bytes). */
void fz_tmppath(char *buf, size_t size, const char *name);

/* Writes/reads a whole file. Writing aborts on failure (the fuzzer cannot go on without it). */
void fz_write_file(const char *path, const void *bytes, size_t len);
uint8_t *fz_read_file(const char *path, size_t *len);
/* Removes a tree without following symbolic links. Returns 0 on success. */
int fz_remove_tree(const char *path);

/* Runs argv[0] (a path) with argv, stdin from /dev/null, stdout captured into `out` (when not NULL;
 * otherwise discarded) and stderr into `err` (likewise). Kills the child after timeout_ms.
 * Returns the exit status (0..255), 128+signal when it was killed by a signal, -1 when it could
 * not be started, -2 when it timed out. */
int fz_run(const char *const argv[], fz_buf_t *out, fz_buf_t *err, int timeout_ms);

/* V8's verdict on the module in the file at `path` (node's WebAssembly.validate, with the
 * features past WebAssembly 2.0 that node 20 enables turned off): 1 valid, 0 invalid, -1 when node
 * is not available (WARDEN_NODE, set at build time). */
int fz_node_validates(const char *path);

/* Prints "warden fuzz: FAILURE: <message>" and the current input's description, then aborts. */
FZ_NORETURN void fz_fail(const char *fmt, ...) FZ_PRINTF(1, 2);

/* True when the environment variable is set to something other than "" or "0". */
bool fz_env_flag(const char *name);

/* Aborts with a message when err is not NULL (an API call that cannot fail did). */
void fz_check(warden_error_t *err, const char *what);

/* Whether needle[0..m) occurs in hay[0..n). A plain loop in this library, which is built without
 * libFuzzer's comparison tracing: libFuzzer learns the operands of memmem, memcmp and strstr
 * calls it intercepts and would then write them into inputs, so a secret searched for with those
 * would soon be found. */
bool fz_contains(const uint8_t *hay, size_t n, const uint8_t *needle, size_t m);
/* Whether two buffers hold the same bytes, and strcmp, likewise without being seen by libFuzzer. */
bool fz_buf_equal(const fz_buf_t *a, const fz_buf_t *b);
int fz_strcmp(const char *a, const char *b);

/* Number of open file descriptors of the process (for leak checks); -1 if unknown. */
int fz_open_fds(void);

/* Reading fuzz input as a stream of choices: once the bytes run out, every read returns 0. */
typedef struct fz_input {
    const uint8_t *data;
    size_t len, pos;
} fz_input_t;

uint8_t fz_u8(fz_input_t *in);
uint16_t fz_u16(fz_input_t *in);
uint32_t fz_u32(fz_input_t *in);
uint64_t fz_u64(fz_input_t *in);
bool fz_more(const fz_input_t *in);
/* A value in [0, n) (n > 0). */
uint32_t fz_below(fz_input_t *in, uint32_t n);

#endif
