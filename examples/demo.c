/*
 * demo — a host program that embeds warden through warden.h alone.
 *
 *   demo [MODULE.wasm [N]]
 *
 * Loads the module (by default the fib.wasm built from examples/fib.wat), instantiates it with no
 * imports, calls its export "fib" with N (default 20) and prints the result. The answer is checked
 * against the same function computed natively; the exit status is 0 only when they agree.
 */
#include <warden.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef WARDEN_DEMO_WASM
#define WARDEN_DEMO_WASM "fib.wasm"
#endif

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    uint8_t *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 4096;
            uint8_t *grown = realloc(buf, cap);
            if (!grown) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = grown;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

/* Prints and frees an error; returns 1 so callers can `return fail(...)`. */
static int fail(const char *what, warden_error_t *error)
{
    fprintf(stderr, "demo: %s: %s", what, warden_error_message(error));
    if (warden_error_offset(error) >= 0)
        fprintf(stderr, " (at byte %" PRId64 ")", warden_error_offset(error));
    fputc('\n', stderr);
    warden_error_delete(error);
    return 1;
}

static int report_trap(warden_trap_t *trap)
{
    fprintf(stderr, "demo: trap %s: %s\n", warden_trap_kind_name(warden_trap_kind(trap)),
            warden_trap_message(trap));
    for (size_t i = 0; i < warden_trap_frame_count(trap); i++) {
        uint32_t index;
        const char *name;
        if (warden_trap_frame(trap, i, &index, &name))
            fprintf(stderr, "  #%zu func[%" PRIu32 "] %s\n", i, index, name ? name : "?");
    }
    warden_trap_delete(trap);
    return 1;
}

static uint64_t native_fib(uint32_t n)
{
    uint64_t a = 0, b = 1;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t next = a + b;
        a = b;
        b = next;
    }
    return a;
}

static int call_fib(warden_store_t *store, warden_instance_t *instance, int32_t n)
{
    warden_func_t *fib = warden_instance_export_func(instance, "fib");
    if (!fib) {
        fprintf(stderr, "demo: the module exports no function \"fib\"\n");
        return 1;
    }

    warden_val_t arg = {.kind = WARDEN_I32, .of.i32 = n};
    warden_val_t result = {.kind = WARDEN_I64};
    warden_trap_t *trap = NULL;
    warden_error_t *error = warden_func_call(store, fib, &arg, 1, &result, 1, &trap);
    if (error) return fail("calling fib", error);
    if (trap) return report_trap(trap);

    printf("fib(%" PRId32 ") = %" PRIu64 "\n", n, (uint64_t)result.of.i64);
    uint64_t expected = native_fib((uint32_t)n);
    if ((uint64_t)result.of.i64 != expected) {
        fprintf(stderr, "demo: wrong result, native code says %" PRIu64 "\n", expected);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : WARDEN_DEMO_WASM;
    int32_t n = argc > 2 ? (int32_t)strtol(argv[2], NULL, 10) : 20;
    if (argc > 3 || n < 0 || n > 90) {
        fprintf(stderr, "usage: demo [MODULE.wasm [N]]   (0 <= N <= 90)\n");
        return 2;
    }

    size_t len = 0;
    uint8_t *bytes = read_file(path, &len);
    if (!bytes) {
        perror(path);
        return 1;
    }

    /* An engine holds configuration; a module is the validated code, shareable between stores;
     * a store owns the running instance and everything it allocates. */
    warden_engine_t *engine = NULL;
    warden_module_t *module = NULL;
    warden_store_t *store = NULL;
    warden_linker_t *linker = NULL;
    warden_instance_t *instance = NULL;
    warden_trap_t *trap = NULL;
    int status;

    const char *step = "creating the engine";
    warden_error_t *error = warden_engine_new(&engine);
    if (!error) {
        step = "loading the module";
        error = warden_module_new(engine, bytes, len, &module);
    }
    if (!error) {
        step = "creating the store";
        error = warden_store_new(engine, &store);
    }
    if (!error) {
        step = "creating the linker";
        error = warden_linker_new(engine, &linker);
    }
    if (!error) {
        step = "instantiating";
        error = warden_linker_instantiate(linker, store, module, &instance, &trap);
    }
    if (error)
        status = fail(step, error);
    else if (trap)
        status = report_trap(trap);
    else
        status = call_fib(store, instance, n);

    warden_linker_delete(linker);
    warden_store_delete(store);
    warden_module_delete(module);
    warden_engine_delete(engine);
    free(bytes);
    return status;
}
