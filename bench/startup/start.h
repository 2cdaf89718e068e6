/* What the start-up benchmarks share (bench_startup.c, bench_compiled.c): reading the module,
 * one timed start (an engine, the module, an instance, the first call) and medians. */
#ifndef WARDEN_BENCH_STARTUP_START_H
#define WARDEN_BENCH_STARTUP_START_H

#include <stddef.h>
#include <stdint.h>

#include "warden.h"

#define ST_MAX_REPS 101

enum { ST_CREATE, ST_INSTANTIATE, ST_CALL, ST_TOTAL, ST_NPHASES };

/* One start, kept for the caller to look at: its engine and module, the call's result and the
 * seconds each phase took. */
typedef struct st_run {
    warden_engine_t *engine;
    warden_module_t *module;
    int32_t result;
    double t[ST_NPHASES];
} st_run;

/* Makes an engine of `config`, the module from `bytes` (a .cwasm with
 * warden_module_deserialize), an instance in a new store (no imports), and calls `export` (no
 * parameters, one i32 result). The store and its linker are deleted before it returns; the
 * engine and the module are the caller's (st_end). Any failure ends the process with a message
 * naming `prog`. */
void st_start(const char *prog, const warden_config_t *config, const uint8_t *bytes, size_t len,
              const char *export, st_run *run);
void st_end(st_run *run);

/* The file's bytes (malloc'd); ends the process when it cannot be read. */
uint8_t *st_read(const char *prog, const char *path, size_t *len);
/* Ends the process: "PROG: WHAT: the error's message". */
void st_die(const char *prog, const char *what, warden_error_t *e);
/* The medians of `reps` starts, phase by phase (t[phase][rep], sorted in place), and the
 * fastest total. */
void st_summary(double t[ST_NPHASES][ST_MAX_REPS], int reps, double med[ST_NPHASES],
                double *fastest);

#endif
