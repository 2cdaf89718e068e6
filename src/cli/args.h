/* Command-line parsing for the `warden` subcommands. Pure functions over argc/argv: no global
 * state, no output, no exit(); a usage error comes back as a message for the caller to print. */
#ifndef WARDEN_CLI_ARGS_H
#define WARDEN_CLI_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "warden.h"

/* Exit statuses of the `warden` command. */
enum {
    CLI_EXIT_OK = 0,
    CLI_EXIT_FAILURE = 1, /* load, validation or link error; a failing script; a store limit */
    CLI_EXIT_USAGE = 2,   /* bad command line, or arguments that do not fit the called function */
    CLI_EXIT_TRAP = 134,  /* the guest trapped (limits included: out-of-fuel, deadline, ...) */
};

#define CLI_MESSAGE_MAX 256

/* The resource limits of `warden run`. A zero field (false for the flags) means "not given": the
 * library's default applies. */
typedef struct cli_run_limits {
    bool has_fuel;               /* --fuel N: meter fuel, N units for the whole run */
    uint64_t fuel;               /* 0 .. INT64_MAX */
    uint64_t timeout_ns;         /* --timeout DURATION, in nanoseconds */
    uint64_t max_memory_bytes;   /* --max-memory SIZE */
    uint64_t max_table_elements; /* --max-table-elements N */
    uint32_t max_instances;      /* --max-instances N */
    uint64_t max_stack_bytes;    /* --max-stack SIZE (at least CLI_MIN_STACK_BYTES) */
    uint32_t max_call_depth;     /* --max-call-depth N */
    bool trap_on_grow_failure;   /* --trap-on-grow-failure */
} cli_run_limits_t;

/* The smallest value stack the library accepts. */
#define CLI_MIN_STACK_BYTES 512u

/* The epoch tick used for deadlines: 1 ms, or the timeout itself when it is shorter. */
#define CLI_DEFAULT_TICK_NS 1000000u

/* `warden run [OPTIONS] FILE.wasm [ARGS...]`. Options stop at FILE; what follows is the guest's. */
typedef struct cli_run_args {
    bool help;          /* -h / --help was given: nothing else was checked */
    const char *invoke; /* --invoke NAME, or NULL */
    bool stats;         /* --stats: print the run's figures on stderr afterwards */
    cli_run_limits_t limits;
    /* WASI capabilities, in the order given. The strings point into argv; the arrays are owned
     * (cli_run_args_free). */
    const char **dirs; /* --dir HOST[::GUEST][::ro] */
    size_t ndirs;
    const char **envs; /* --env NAME=VALUE */
    size_t nenvs;
    bool inherit_env;        /* --inherit-env */
    warden_tier_t tier;      /* --tier: WARDEN_TIER_AUTO unless given */
    const char *cache_dir;   /* --cache DIR, or NULL: the default (cli_default_cache_dir) */
    bool no_cache;           /* --no-cache */
    bool compile_lazily;     /* --compile-lazily */
    const char *file;        /* FILE.wasm */
    int guest_argc;          /* FILE and the arguments after it, as the guest's argv */
    char *const *guest_argv; /* points into the argv given to cli_parse_run */
} cli_run_args_t;

/* Parses the arguments of `run`; argv[0] is the subcommand's own name and is skipped. Returns
 * CLI_EXIT_OK, or CLI_EXIT_USAGE with the reason in `message`, or CLI_EXIT_FAILURE with it when
 * memory ran out. */
int cli_parse_run(int argc, char *const argv[], cli_run_args_t *out, char message[CLI_MESSAGE_MAX]);

void cli_run_args_free(cli_run_args_t *args);

/* The code cache of `warden run` when --cache is not given: $XDG_CACHE_HOME/warden, or
 * $HOME/.cache/warden (XDG_CACHE_HOME only when it is an absolute path); NULL when neither
 * variable helps. The result is malloc'd. */
char *cli_default_cache_dir(void);

/* The `warden run` section of the help text: its usage line, what it does, and every option. */
extern const char cli_run_help[];

/* Value parsers behind the options. Each returns NULL and stores the value, or returns the reason
 * (a static string) and leaves *out alone.
 *
 * cli_parse_count: a decimal integer 0 .. max, digits only (no sign, no spaces, no unit).
 * cli_parse_size: a decimal integer of bytes, optionally followed by a unit: B, KiB, MiB, GiB or
 *   TiB (powers of 1024); the product must not exceed UINT64_MAX.
 * cli_parse_duration: a decimal integer followed by a unit: ns, us, ms, s, m (minutes) or h; the
 *   result, in nanoseconds, must not exceed UINT64_MAX. A number without a unit is rejected. */
const char *cli_parse_count(const char *text, uint64_t max, uint64_t *out);
const char *cli_parse_size(const char *text, uint64_t *out);
const char *cli_parse_duration(const char *text, uint64_t *out_ns);

/* How a timeout becomes an epoch deadline: the tick is min(1 ms, timeout) and the deadline the
 * timeout in ticks, rounded up. `timeout_ns` must be positive. */
void cli_deadline_ticks(uint64_t timeout_ns, uint64_t *tick_ns, uint64_t *ticks);

/* A subcommand that takes one FILE and no options (validate, inspect, wast). */
typedef struct cli_file_args {
    bool help;
    const char *file;
    warden_tier_t tier;    /* --tier, where the command takes it */
    const char *cache_dir; /* --cache DIR, with --tier; NULL: none */
} cli_file_args_t;

int cli_parse_file(int argc, char *const argv[], cli_file_args_t *out,
                   char message[CLI_MESSAGE_MAX]);
/* The same for a command that also takes `--tier interp|llvm|auto` and `--cache DIR` before FILE
 * (`wast`). */
int cli_parse_file_tier(int argc, char *const argv[], cli_file_args_t *out,
                        char message[CLI_MESSAGE_MAX]);

/* "interp", "llvm" or "auto": NULL and the tier stored, or the reason. A tier this build does not
 * have is refused here too. */
const char *cli_parse_tier(const char *text, warden_tier_t *out);

/* `warden inspect [--code [--fuel] [--func INDEX|NAME]] FILE.wasm`: options before or after FILE.
 */
typedef struct cli_inspect_args {
    bool help;
    bool code;        /* --code: print the lowered code instead of imports, exports, sections */
    bool fuel;        /* --fuel: lower with fuel metering, as `warden run --fuel` does */
    const char *func; /* --func: the one function to print, by index or name; NULL: all */
    const char *file;
} cli_inspect_args_t;

int cli_parse_inspect(int argc, char *const argv[], cli_inspect_args_t *out,
                      char message[CLI_MESSAGE_MAX]);

#endif
