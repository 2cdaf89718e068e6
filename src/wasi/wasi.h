/* WASI preview1: the context, the descriptor table and the helpers every function group shares. */
#ifndef WARDEN_WASI_INTERNAL_H
#define WARDEN_WASI_INTERNAL_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>
#include <time.h>

#include "warden.h"
#include "warden_wasi.h"

/* errno values of wasi_snapshot_preview1, in the order the witx gives them. */
/* clang-format off */
enum {
    WZ_SUCCESS = 0, WZ_2BIG, WZ_ACCES, WZ_ADDRINUSE, WZ_ADDRNOTAVAIL, WZ_AFNOSUPPORT, WZ_AGAIN,
    WZ_ALREADY, WZ_BADF, WZ_BADMSG, WZ_BUSY, WZ_CANCELED, WZ_CHILD, WZ_CONNABORTED,
    WZ_CONNREFUSED, WZ_CONNRESET, WZ_DEADLK, WZ_DESTADDRREQ, WZ_DOM, WZ_DQUOT, WZ_EXIST,
    WZ_FAULT, WZ_FBIG, WZ_HOSTUNREACH, WZ_IDRM, WZ_ILSEQ, WZ_INPROGRESS, WZ_INTR, WZ_INVAL,
    WZ_IO, WZ_ISCONN, WZ_ISDIR, WZ_LOOP, WZ_MFILE, WZ_MLINK, WZ_MSGSIZE, WZ_MULTIHOP,
    WZ_NAMETOOLONG, WZ_NETDOWN, WZ_NETRESET, WZ_NETUNREACH, WZ_NFILE, WZ_NOBUFS, WZ_NODEV,
    WZ_NOENT, WZ_NOEXEC, WZ_NOLCK, WZ_NOLINK, WZ_NOMEM, WZ_NOMSG, WZ_NOPROTOOPT, WZ_NOSPC,
    WZ_NOSYS, WZ_NOTCONN, WZ_NOTDIR, WZ_NOTEMPTY, WZ_NOTRECOVERABLE, WZ_NOTSOCK, WZ_NOTSUP,
    WZ_NOTTY, WZ_NXIO, WZ_OVERFLOW, WZ_OWNERDEAD, WZ_PERM, WZ_PIPE, WZ_PROTO,
    WZ_PROTONOSUPPORT, WZ_PROTOTYPE, WZ_RANGE, WZ_ROFS, WZ_SPIPE, WZ_SRCH, WZ_STALE,
    WZ_TIMEDOUT, WZ_TXTBSY, WZ_XDEV, WZ_NOTCAPABLE,
};
/* clang-format on */

/* rights */
#define WZ_R_FD_DATASYNC (1ull << 0)
#define WZ_R_FD_READ (1ull << 1)
#define WZ_R_FD_SEEK (1ull << 2)
#define WZ_R_FD_FDSTAT_SET_FLAGS (1ull << 3)
#define WZ_R_FD_SYNC (1ull << 4)
#define WZ_R_FD_TELL (1ull << 5)
#define WZ_R_FD_WRITE (1ull << 6)
#define WZ_R_FD_ADVISE (1ull << 7)
#define WZ_R_FD_ALLOCATE (1ull << 8)
#define WZ_R_PATH_CREATE_DIRECTORY (1ull << 9)
#define WZ_R_PATH_CREATE_FILE (1ull << 10)
#define WZ_R_PATH_LINK_SOURCE (1ull << 11)
#define WZ_R_PATH_LINK_TARGET (1ull << 12)
#define WZ_R_PATH_OPEN (1ull << 13)
#define WZ_R_FD_READDIR (1ull << 14)
#define WZ_R_PATH_READLINK (1ull << 15)
#define WZ_R_PATH_RENAME_SOURCE (1ull << 16)
#define WZ_R_PATH_RENAME_TARGET (1ull << 17)
#define WZ_R_PATH_FILESTAT_GET (1ull << 18)
#define WZ_R_PATH_FILESTAT_SET_SIZE (1ull << 19)
#define WZ_R_PATH_FILESTAT_SET_TIMES (1ull << 20)
#define WZ_R_FD_FILESTAT_GET (1ull << 21)
#define WZ_R_FD_FILESTAT_SET_SIZE (1ull << 22)
#define WZ_R_FD_FILESTAT_SET_TIMES (1ull << 23)
#define WZ_R_PATH_SYMLINK (1ull << 24)
#define WZ_R_PATH_REMOVE_DIRECTORY (1ull << 25)
#define WZ_R_PATH_UNLINK_FILE (1ull << 26)
#define WZ_R_POLL_FD_READWRITE (1ull << 27)
#define WZ_R_SOCK_SHUTDOWN (1ull << 28)
#define WZ_R_SOCK_ACCEPT (1ull << 29)
#define WZ_R_ALL ((1ull << 30) - 1)

/* Rights that make sense on a regular file, a directory, a stream (tty, pipe) and a socket. */
#define WZ_RIGHTS_FILE                                                                             \
    (WZ_R_FD_DATASYNC | WZ_R_FD_READ | WZ_R_FD_SEEK | WZ_R_FD_FDSTAT_SET_FLAGS | WZ_R_FD_SYNC |    \
     WZ_R_FD_TELL | WZ_R_FD_WRITE | WZ_R_FD_ADVISE | WZ_R_FD_ALLOCATE | WZ_R_FD_FILESTAT_GET |     \
     WZ_R_FD_FILESTAT_SET_SIZE | WZ_R_FD_FILESTAT_SET_TIMES | WZ_R_POLL_FD_READWRITE)
#define WZ_RIGHTS_DIR                                                                              \
    (WZ_R_FD_FDSTAT_SET_FLAGS | WZ_R_FD_SYNC | WZ_R_FD_ADVISE | WZ_R_PATH_CREATE_DIRECTORY |       \
     WZ_R_PATH_CREATE_FILE | WZ_R_PATH_LINK_SOURCE | WZ_R_PATH_LINK_TARGET | WZ_R_PATH_OPEN |      \
     WZ_R_FD_READDIR | WZ_R_PATH_READLINK | WZ_R_PATH_RENAME_SOURCE | WZ_R_PATH_RENAME_TARGET |    \
     WZ_R_PATH_FILESTAT_GET | WZ_R_PATH_FILESTAT_SET_SIZE | WZ_R_PATH_FILESTAT_SET_TIMES |         \
     WZ_R_FD_FILESTAT_GET | WZ_R_FD_FILESTAT_SET_TIMES | WZ_R_PATH_SYMLINK |                       \
     WZ_R_PATH_REMOVE_DIRECTORY | WZ_R_PATH_UNLINK_FILE | WZ_R_POLL_FD_READWRITE)
#define WZ_RIGHTS_STREAM                                                                           \
    (WZ_R_FD_READ | WZ_R_FD_WRITE | WZ_R_FD_FDSTAT_SET_FLAGS | WZ_R_FD_FILESTAT_GET |              \
     WZ_R_POLL_FD_READWRITE)
#define WZ_RIGHTS_SOCKET (WZ_RIGHTS_STREAM | WZ_R_SOCK_SHUTDOWN | WZ_R_SOCK_ACCEPT)
/* What a read-only preopen never grants, on itself or on anything opened below it. */
#define WZ_RIGHTS_WRITING                                                                          \
    (WZ_R_FD_DATASYNC | WZ_R_FD_WRITE | WZ_R_FD_ALLOCATE | WZ_R_PATH_CREATE_DIRECTORY |            \
     WZ_R_PATH_CREATE_FILE | WZ_R_PATH_LINK_SOURCE | WZ_R_PATH_LINK_TARGET |                       \
     WZ_R_PATH_RENAME_SOURCE | WZ_R_PATH_RENAME_TARGET | WZ_R_PATH_FILESTAT_SET_SIZE |             \
     WZ_R_PATH_FILESTAT_SET_TIMES | WZ_R_FD_FILESTAT_SET_SIZE | WZ_R_FD_FILESTAT_SET_TIMES |       \
     WZ_R_PATH_SYMLINK | WZ_R_PATH_REMOVE_DIRECTORY | WZ_R_PATH_UNLINK_FILE)

/* filetype */
enum {
    WZ_FT_UNKNOWN = 0,
    WZ_FT_BLOCK_DEVICE,
    WZ_FT_CHARACTER_DEVICE,
    WZ_FT_DIRECTORY,
    WZ_FT_REGULAR_FILE,
    WZ_FT_SOCKET_DGRAM,
    WZ_FT_SOCKET_STREAM,
    WZ_FT_SYMBOLIC_LINK,
};

/* fdflags, oflags, lookupflags, fstflags */
#define WZ_FDFLAG_APPEND 1u
#define WZ_FDFLAG_DSYNC 2u
#define WZ_FDFLAG_NONBLOCK 4u
#define WZ_FDFLAG_RSYNC 8u
#define WZ_FDFLAG_SYNC 16u
#define WZ_FDFLAG_ALL 31u
#define WZ_O_CREAT 1u
#define WZ_O_DIRECTORY 2u
#define WZ_O_EXCL 4u
#define WZ_O_TRUNC 8u
#define WZ_LOOKUP_SYMLINK_FOLLOW 1u
#define WZ_FST_ATIM 1u
#define WZ_FST_ATIM_NOW 2u
#define WZ_FST_MTIM 4u
#define WZ_FST_MTIM_NOW 8u

/* What a guest descriptor stands for. */
typedef enum wz_kind {
    WZ_FD_FREE = 0,
    WZ_FD_HOST,    /* a host descriptor: file, directory, tty, pipe, socket */
    WZ_FD_MEM_IN,  /* standard input from bytes */
    WZ_FD_MEM_OUT, /* standard output or error into a buffer */
} wz_kind;

/* A growable byte buffer with an optional limit. */
typedef struct wz_buf {
    uint8_t *data;
    size_t len, cap, max;
} wz_buf;

typedef struct wz_fd {
    wz_kind kind;
    int host;           /* WZ_FD_HOST: the host descriptor, owned */
    uint8_t type;       /* filetype */
    uint16_t flags;     /* fdflags the guest sees */
    uint64_t base, inh; /* rights */
    bool readonly;      /* at or below a read-only preopen */
    char *preopen;      /* a preopened directory's guest name (owned), or NULL */
    DIR *dir;           /* fd_readdir's stream, opened on first use */
    uint64_t dir_pos;   /* the cookie the stream is positioned at */
    int stream;         /* WZ_FD_MEM_*: which of the context's streams (0, 1, 2) */
    /* A duplicate of the embedder's descriptor (a standard stream, a socket) shares its file
     * status flags: those it had are put back when the guest's descriptor goes, so a guest's
     * O_NONBLOCK never outlives it on, say, the terminal. */
    bool shared;
    int shared_fl;
} wz_fd;

struct wz_def;
typedef struct wz_binding {
    warden_wasi_t *wasi;
    const struct wz_def *def;
} wz_binding;

#define WZ_NFUNCS 46

struct warden_wasi {
    char **args;
    size_t nargs;
    char **env; /* "NAME=VALUE" */
    size_t nenv;
    wz_fd *fds;
    uint32_t nfds; /* slots in fds */
    uint8_t *in_bytes;
    size_t in_len, in_pos;
    wz_buf out[3]; /* [1] and [2]: buffered standard output and error */
    bool buffered[3];
    bool exited;
    int exit_code;
    bool portable_paths;
    bool no_openat2; /* openat2 failed with ENOSYS once */
    wz_binding bindings[WZ_NFUNCS];
    warden_scheduler_t *sched; /* set: the functions that wait are async (wait.h) */
    struct wz_wait *last_wait; /* the latest wait, kept until the next one (wait.h) */
};

/* One call of a WASI function: the context and the caller's memory, read once per call (a host
 * function runs no guest code, so memory cannot grow under it). */
typedef struct wz_call {
    warden_wasi_t *w;
    uint8_t *mem;
    uint64_t size;
    warden_trap_t *trap;     /* set to end the guest's call (proc_exit) */
    warden_memory_t *memory; /* where mem and size come from, or NULL */
    /* An async call: a read that would wait for a pipe or socket returns WZ_WAIT instead, after
     * every check, with the descriptor to wait for in wait_fd (read_async.c). */
    bool async;
    int wait_fd;
} wz_call;

/* Not an errno: the function would wait (wz_call.async). */
#define WZ_WAIT 0x10000u

typedef uint32_t (*wz_fn)(wz_call *c, const warden_val_t *a);
/* The async form of a function: finishes `done` inline, or later from the scheduler's reactor. */
typedef void (*wz_async_fn)(wz_call *c, const struct wz_def *def, const warden_val_t *a,
                            warden_completion_t *done);

typedef struct wz_def {
    const char *name;
    const char *params; /* 'i' i32, 'I' i64 */
    bool has_result;    /* an errno */
    wz_fn fn;
} wz_def;

/* Argument accessors. */
#define A32(i) ((uint32_t)a[i].of.i32)
#define A64(i) ((uint64_t)a[i].of.i64)

/* clock.c: the time of a host clock in nanoseconds; false (errno set) when it cannot be read,
 * which must never turn into a wait measured from 0. */
bool wz_now_ns(clockid_t id, uint64_t *out);

/* errno.c: host errno to WASI errno. */
uint32_t wz_errno(int host_errno);

/* mem.c: guest memory, every access bounds-checked. */
uint8_t *wz_ptr(const wz_call *c, uint32_t ptr, uint64_t len); /* NULL when out of bounds */
bool wz_put_u8(wz_call *c, uint32_t ptr, uint8_t v);
bool wz_put_u16(wz_call *c, uint32_t ptr, uint16_t v);
bool wz_put_u32(wz_call *c, uint32_t ptr, uint32_t v);
bool wz_put_u64(wz_call *c, uint32_t ptr, uint64_t v);
bool wz_get_u32(const wz_call *c, uint32_t ptr, uint32_t *v);
void wz_store_u16(uint8_t *p, uint16_t v);
void wz_store_u32(uint8_t *p, uint32_t v);
void wz_store_u64(uint8_t *p, uint64_t v);
uint16_t wz_load_u16(const uint8_t *p);
uint32_t wz_load_u32(const uint8_t *p);
uint64_t wz_load_u64(const uint8_t *p);
#define WZ_IOV_MAX 1024
/* Reads an (c)iovec array into host iovecs, checking every buffer. Returns an errno. */
uint32_t wz_iovecs(const wz_call *c, uint32_t iovs, uint32_t n, struct iovec *out, size_t *count);
/* Copies a guest path into a NUL-terminated host string of at most WZ_PATH_MAX bytes. */
#define WZ_PATH_MAX 4096
uint32_t wz_path_arg(const wz_call *c, uint32_t ptr, uint32_t len, char *out);

/* buf.c */
bool wz_buf_append(wz_buf *b, const void *data, size_t len);
void wz_buf_free(wz_buf *b);

/* fd_table.c */
/* The entry of a guest descriptor, or NULL (errno badf). */
wz_fd *wz_fd_get(warden_wasi_t *w, uint32_t fd);
/* Like wz_fd_get, and checks the rights: badf or notcapable in *err. */
wz_fd *wz_fd_check(warden_wasi_t *w, uint32_t fd, uint64_t rights, uint32_t *err);
/* A free descriptor number, growing the table; UINT32_MAX when out of memory. The table may
 * move: entry pointers taken before are stale. */
uint32_t wz_fd_alloc(warden_wasi_t *w);
/* Makes the table hold at least n entries. */
bool wz_fd_grow(warden_wasi_t *w, uint32_t n);
/* Closes and frees an entry. */
void wz_fd_release(wz_fd *e);
/* The filetype of a host descriptor; false (errno set) when it cannot be found out: the
 * descriptor must then not be handed to the guest with a type (and rights) it may not have. */
bool wz_host_filetype(int host, uint8_t *type);

/* path.c: resolution inside a directory descriptor. */
typedef struct wz_target {
    int parent; /* a directory descriptor (owned) in which `name` is looked up */
    char name[WZ_PATH_MAX];
    bool slash; /* the guest path ended with '/' */
} wz_target;
/* Resolves `path` (a guest string) relative to the directory `dir`: every component but the last
 * is followed inside `dir`; the last one too when `follow` (or when the path ends with '/'). On
 * success t->parent must be closed by the caller. Returns an errno. */
uint32_t wz_resolve(warden_wasi_t *w, wz_fd *dir, const char *path, bool follow, wz_target *t);
void wz_target_close(wz_target *t);

/* filestat.c */
void wz_stat_to_filestat(const void *host_stat, uint8_t out[64]);
uint8_t wz_mode_filetype(unsigned mode);
/* Converts WASI times and flags to a utimensat() pair. Returns an errno. */
uint32_t wz_times(uint64_t atim, uint64_t mtim, uint32_t fst, void *timespec2);

/* The function groups, each an array of definitions ended by a NULL name. */
extern const wz_def wz_defs_args[];
extern const wz_def wz_defs_clock[];
extern const wz_def wz_defs_fd[];
extern const wz_def wz_defs_fd_file[];
extern const wz_def wz_defs_path[];
extern const wz_def wz_defs_path_open[];
extern const wz_def wz_defs_poll[];
extern const wz_def wz_defs_sock[];
extern const wz_def wz_defs_proc[];

/* I/O on any descriptor kind (fd_io.c), shared by fd_read/fd_write and sock_recv/sock_send. */
uint32_t wz_read_iov(warden_wasi_t *w, wz_fd *e, const struct iovec *iov, size_t n, size_t *done);
uint32_t wz_write_iov(warden_wasi_t *w, wz_fd *e, const struct iovec *iov, size_t n, size_t *done);
/* In an async call, before reading `e`: true (and c->wait_fd set) when the read would wait, i.e.
 * `e` is a blocking pipe, socket or device with nothing to read yet. */
bool wz_read_would_wait(wz_call *c, const wz_fd *e);

/* The async forms (with a scheduler): poll_oneoff (poll_async.c); fd_read and sock_recv
 * (read_async.c), which run the function itself with wz_call.async. */
void wz_poll_async(wz_call *c, const struct wz_def *def, const warden_val_t *a,
                   warden_completion_t *done);
void wz_read_async(wz_call *c, const struct wz_def *def, const warden_val_t *a,
                   warden_completion_t *done);
/* Finishes `done` with the errno `err`, or with c->trap when set. */
void wz_complete(warden_completion_t *done, wz_call *c, uint32_t err);

#endif
