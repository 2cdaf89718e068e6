/* bench/startup/start.h. */
#include "start.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void st_summary(double t[ST_NPHASES][ST_MAX_REPS], int reps, double med[ST_NPHASES],
                double *fastest)
{
    for (int p = 0; p < ST_NPHASES; p++) {
        qsort(t[p], (size_t)reps, sizeof t[p][0], compare);
        med[p] = reps % 2 ? t[p][reps / 2] : (t[p][reps / 2 - 1] + t[p][reps / 2]) / 2;
    }
    *fastest = t[ST_TOTAL][0];
}

void st_die(const char *prog, const char *what, warden_error_t *e)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, e ? warden_error_message(e) : "failed");
    exit(1);
}

uint8_t *st_read(const char *prog, const char *path, size_t *len)
{
    FILE *file = fopen(path, "rb");
    if (!file) {
        perror(path);
        exit(1);
    }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    uint8_t *bytes = malloc(size > 0 ? (size_t)size : 1);
    if (!bytes || size <= 0 || fread(bytes, 1, (size_t)size, file) != (size_t)size) {
        fprintf(stderr, "%s: cannot read %s\n", prog, path);
        exit(1);
    }
    fclose(file);
    *len = (size_t)size;
    return bytes;
}

void st_start(const char *prog, const warden_config_t *config, const uint8_t *bytes, size_t len,
              const char *export, st_run *run)
{
    double t0 = now();
    warden_error_t *e = warden_engine_new_with_config(config, &run->engine);
    if (e) st_die(prog, "engine", e);
    e = warden_is_compiled_module(bytes, len)
            ? warden_module_deserialize(run->engine, bytes, len, &run->module)
            : warden_module_new(run->engine, bytes, len, &run->module);
    if (e) st_die(prog, "module", e);
    double t1 = now();
    warden_store_t *store;
    warden_linker_t *linker;
    warden_instance_t *inst;
    warden_trap_t *trap = NULL;
    if ((e = warden_store_new(run->engine, &store))) st_die(prog, "store", e);
    if ((e = warden_linker_new(run->engine, &linker))) st_die(prog, "linker", e);
    if ((e = warden_linker_instantiate(linker, store, run->module, &inst, &trap)) || trap)
        st_die(prog, "instantiate", e);
    double t2 = now();
    warden_func_t *f = warden_instance_export_func(inst, export);
    if (!f) st_die(prog, "no such export", NULL);
    warden_val_t result = {0};
    if ((e = warden_func_call(store, f, NULL, 0, &result, 1, &trap)) || trap)
        st_die(prog, "call", e);
    double t3 = now();
    warden_linker_delete(linker);
    warden_store_delete(store);
    run->result = result.of.i32;
    run->t[ST_CREATE] = t1 - t0;
    run->t[ST_INSTANTIATE] = t2 - t1;
    run->t[ST_CALL] = t3 - t2;
    run->t[ST_TOTAL] = t3 - t0;
}

void st_end(st_run *run)
{
    warden_module_delete(run->module);
    warden_engine_delete(run->engine);
    run->module = NULL;
    run->engine = NULL;
}
