/*
 * warden_wasi.h — WASI preview1 (the import module "wasi_snapshot_preview1") for libwarden.
 *
 * A guest reaches exactly what its embedder grants and nothing else: the arguments and environment
 * variables put in the configuration, the directories preopened in it (each one read-write or
 * read-only), the three standard streams (host file descriptors or in-memory buffers) and the
 * sockets handed over explicitly. No host variable, directory or descriptor is passed implicitly.
 *
 * Use
 *   1. warden_wasi_config_new() and the warden_wasi_config_*() setters describe what to grant.
 *   2. warden_wasi_new() makes a context from a configuration: it opens the preopened directories
 *      and duplicates the host descriptors. One context serves one instance (or one store); the
 *      configuration may be reused for any number of contexts and deleted at any time.
 *   3. warden_wasi_define() creates the host functions in a store and defines every function of
 *      wasi_snapshot_preview1 in a linker. The context must outlive every call into the instances
 *      linked to it (delete the store first, then the context).
 *   4. Call the guest, typically its export "_start". When the guest calls proc_exit, the call ends
 *      with a host trap; warden_wasi_exit_code() then returns true and gives the exit code. Any
 *      other trap is a real failure of the guest.
 *
 * Paths resolve only inside the preopened directories: absolute paths, ".." past a preopen's root,
 * symbolic links whose target is absolute or leads outside, and symbolic-link loops fail (errno
 * perm for an escape, loop for a loop); a symbolic link swapped concurrently is never followed
 * outside, and path_symlink refuses absolute targets (perm). Every descriptor below a directory is
 * a root of its own: ".." cannot climb above the descriptor a path is resolved from. Rights are
 * enforced as wasi_snapshot_preview1 defines them (errno notcapable); a read-only preopen grants
 * no right that creates, writes, renames, links, removes or changes times, on itself or on
 * anything opened below it. Every guest pointer and length is checked against linear memory
 * before use: a bad one is errno fault, never a host crash. The guest must export its memory as
 * "memory"; without one every pointer is out of bounds.
 *
 * proc_raise never signals the host: a signal whose default action terminates a process ends the
 * guest's call as proc_exit(128 + signal) would; the others return success and do nothing.
 *
 * Thread safety: a context is used by the thread running its store, like the store itself.
 */
#ifndef WARDEN_WASI_H
#define WARDEN_WASI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "warden.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct warden_wasi_config warden_wasi_config_t;
typedef struct warden_wasi warden_wasi_t;

/* The import module name every function is defined under. */
#define WARDEN_WASI_MODULE "wasi_snapshot_preview1"

/* ------------------------------------------------------------------------------------------------
 * Configuration
 * ---------------------------------------------------------------------------------------------- */

warden_error_t *warden_wasi_config_new(warden_wasi_config_t **out);
void warden_wasi_config_delete(warden_wasi_config_t *config);

/* Appends one argument (copied). The first argument is the program's name, as in C's argv. */
warden_error_t *warden_wasi_config_push_arg(warden_wasi_config_t *config, const char *arg);

/* Appends the environment variable NAME=VALUE (both copied). NAME must be non-empty and hold no
 * '='; a later definition of the same name replaces the earlier one. */
warden_error_t *warden_wasi_config_push_env(warden_wasi_config_t *config, const char *name,
                                            const char *value);
/* Appends every variable of the host's environment (`environ` at the time of the call). */
warden_error_t *warden_wasi_config_inherit_env(warden_wasi_config_t *config);

/* Flags of a preopened directory. */
#define WARDEN_WASI_DIR_READONLY                                                                   \
    1u /* nothing below it can be created, written, renamed or removed */

/* Grants the host directory `host_path` to the guest under the name `guest_path` (e.g. "/", ".",
 * "/data"). The directory is opened by warden_wasi_new(); a path that is not a directory makes it
 * fail. Preopens get the guest descriptors 3, 4, ... in the order they are added. */
warden_error_t *warden_wasi_config_preopen_dir(warden_wasi_config_t *config, const char *host_path,
                                               const char *guest_path, uint32_t flags);

/* Grants an open host socket (a listening or connected stream or datagram socket). The context
 * duplicates it; the caller keeps its own descriptor. Sockets follow the preopened directories in
 * the guest's descriptor numbering. */
warden_error_t *warden_wasi_config_preopen_socket(warden_wasi_config_t *config, int host_fd);

/* The standard streams. By default all three are closed (the guest sees errno badf). */
typedef enum warden_wasi_stdio {
    WARDEN_WASI_STDIN = 0,
    WARDEN_WASI_STDOUT = 1,
    WARDEN_WASI_STDERR = 2,
} warden_wasi_stdio_t;

/* The stream reads or writes the host descriptor `host_fd` (duplicated by warden_wasi_new; the
 * caller keeps its own). */
warden_error_t *warden_wasi_config_stdio_fd(warden_wasi_config_t *config, warden_wasi_stdio_t which,
                                            int host_fd);
/* Standard input reads these bytes (copied), then end of file. */
warden_error_t *warden_wasi_config_stdin_bytes(warden_wasi_config_t *config, const void *bytes,
                                               size_t len);
/* Standard output or error is captured in memory, at most `max_bytes` of it (0: no limit); a
 * write past the limit fails with errno fbig. Read with warden_wasi_output(). */
warden_error_t *warden_wasi_config_stdio_buffer(warden_wasi_config_t *config,
                                                warden_wasi_stdio_t which, size_t max_bytes);

/* Resolution of paths. By default openat2(RESOLVE_BENEATH) is used where the kernel has it, and a
 * component-by-component walk with O_NOFOLLOW elsewhere; `portable` forces the walk. */
void warden_wasi_config_portable_paths(warden_wasi_config_t *config, bool portable);

/* ------------------------------------------------------------------------------------------------
 * Context
 * ---------------------------------------------------------------------------------------------- */

/* Makes a context: opens the preopened directories and duplicates the host descriptors. Fails
 * (WARDEN_ERROR_IO) when a directory cannot be opened. */
warden_error_t *warden_wasi_new(const warden_wasi_config_t *config, warden_wasi_t **out);
/* Closes every descriptor the context holds. */
void warden_wasi_delete(warden_wasi_t *wasi);

/* Makes the context's waits pause the call instead of blocking its thread, through the scheduler's
 * reactor (warden_scheduler_after, warden_scheduler_when_ready): poll_oneoff (clock subscriptions,
 * and fd subscriptions on pipes and sockets) and fd_read / sock_recv on pipes and sockets become
 * async host functions. Call it before warden_wasi_define; the scheduler must outlive the context.
 * Under a warden_func_call the same functions are waited for on the calling thread (with a
 * scheduler of 0 workers, only while another thread runs warden_scheduler_run). */
warden_error_t *warden_wasi_set_scheduler(warden_wasi_t *wasi, warden_scheduler_t *sched);

/* Creates the WASI host functions in `store` and defines them in `linker` under
 * "wasi_snapshot_preview1". */
warden_error_t *warden_wasi_define(warden_wasi_t *wasi, warden_linker_t *linker,
                                   warden_store_t *store);

/* True once the guest has called proc_exit; *code gets its exit code. A call that ended with a
 * trap while this is true ended because of proc_exit. */
bool warden_wasi_exit_code(const warden_wasi_t *wasi, int *code);

/* The bytes a buffered standard output or error holds so far, valid until the next call into the
 * guest or warden_wasi_delete(). NULL with *len 0 when the stream is not buffered. */
const uint8_t *warden_wasi_output(const warden_wasi_t *wasi, warden_wasi_stdio_t which,
                                  size_t *len);

#ifdef __cplusplus
}
#endif

#endif /* WARDEN_WASI_H */
