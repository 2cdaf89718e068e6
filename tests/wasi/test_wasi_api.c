/* The embedding API of warden_wasi.h: configuration errors, contexts, exit codes, in-memory and
 * host-descriptor streams, output limits, and a guest without memory.
 *
 *   test_wasi_api GUEST_DIR WAT_DIR */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

static const char *g_guest_dir, *g_wat_dir;

static char *path_of(const char *dir, const char *name)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", dir, name);
    return buf;
}

static warden_wasi_config_t *config(void)
{
    warden_wasi_config_t *c = NULL;
    warden_error_t *e = warden_wasi_config_new(&c);
    assert_null(e);
    assert_null(warden_wasi_config_push_arg(c, "api_echo"));
    return c;
}

/* Runs the fixture `name` of the .wat directory and asserts that it exits with `code`. */
static void expect_wat_exit(const char *name, const warden_wasi_config_t *c, int code)
{
    wh_result r;
    wh_run(path_of(g_wat_dir, name), c, &r);
    assert_int_equal(r.status, WH_EXITED);
    assert_int_equal(r.exit_code, code);
    wh_result_free(&r);
}

static void expect_error(warden_error_t *e, warden_error_kind_t kind)
{
    assert_non_null(e);
    assert_int_equal(warden_error_kind(e), kind);
    warden_error_delete(e);
}

static void config_errors(void **state)
{
    (void)state;
    expect_error(warden_wasi_config_new(NULL), WARDEN_ERROR_ARGUMENT);
    warden_wasi_config_t *c = config();
    expect_error(warden_wasi_config_push_arg(c, NULL), WARDEN_ERROR_ARGUMENT);
    expect_error(warden_wasi_config_push_env(c, "", "x"), WARDEN_ERROR_ARGUMENT);
    expect_error(warden_wasi_config_push_env(c, "A=B", "x"), WARDEN_ERROR_ARGUMENT);
    expect_error(warden_wasi_config_preopen_dir(c, "/tmp", "/", 99), WARDEN_ERROR_ARGUMENT);
    expect_error(warden_wasi_config_stdio_buffer(c, WARDEN_WASI_STDIN, 0), WARDEN_ERROR_ARGUMENT);
    expect_error(warden_wasi_config_stdio_fd(c, WARDEN_WASI_STDOUT, -1), WARDEN_ERROR_ARGUMENT);
    expect_error(warden_wasi_config_preopen_socket(c, -1), WARDEN_ERROR_ARGUMENT);
    assert_null(warden_wasi_config_preopen_dir(c, "/nonexistent/warden/dir", "/", 0));
    warden_wasi_t *w = (warden_wasi_t *)1;
    expect_error(warden_wasi_new(c, &w), WARDEN_ERROR_IO);
    assert_null(w);
    warden_wasi_config_delete(c);
    expect_error(warden_wasi_new(NULL, &w), WARDEN_ERROR_ARGUMENT);
    expect_error(warden_wasi_define(NULL, NULL, NULL), WARDEN_ERROR_ARGUMENT);
    warden_wasi_config_delete(NULL);
    warden_wasi_delete(NULL);
    assert_false(warden_wasi_exit_code(NULL, NULL));
}

static void exit_code_and_buffers(void **state)
{
    (void)state;
    warden_wasi_config_t *c = config();
    assert_null(warden_wasi_config_push_arg(c, "7"));
    assert_null(warden_wasi_config_push_arg(c, "WHO"));
    assert_null(warden_wasi_config_push_env(c, "WHO", "first"));
    assert_null(warden_wasi_config_push_env(c, "WHO", "second")); /* replaces */
    assert_null(warden_wasi_config_stdin_bytes(c, "hi", 2));
    assert_null(warden_wasi_config_stdio_buffer(c, WARDEN_WASI_STDOUT, 0));
    assert_null(warden_wasi_config_stdio_buffer(c, WARDEN_WASI_STDERR, 0));

    /* Before any call: no exit code; the buffers are empty; standard input has none. */
    warden_wasi_t *w = NULL;
    assert_null(warden_wasi_new(c, &w));
    int code = -1;
    assert_false(warden_wasi_exit_code(w, &code));
    size_t len = 1;
    assert_non_null(warden_wasi_output(w, WARDEN_WASI_STDOUT, &len));
    assert_int_equal(len, 0);
    assert_null(warden_wasi_output(w, WARDEN_WASI_STDIN, &len));
    warden_wasi_delete(w);

    wh_result r;
    wh_run(path_of(g_guest_dir, "api_echo.wasm"), c, &r);
    assert_int_equal(r.status, WH_EXITED);
    assert_int_equal(r.exit_code, 7);
    assert_string_equal((char *)r.out, "HIsecond");
    assert_string_equal((char *)r.err, "err");
    wh_result_free(&r);

    /* The same configuration makes another context, independent of the first. */
    wh_run(path_of(g_guest_dir, "api_echo.wasm"), c, &r);
    assert_int_equal(r.exit_code, 7);
    assert_string_equal((char *)r.out, "HIsecond");
    wh_result_free(&r);
    warden_wasi_config_delete(c);
}

static void output_limit(void **state)
{
    (void)state;
    warden_wasi_config_t *c = config();
    assert_null(warden_wasi_config_stdin_bytes(c, "abcdef", 6));
    assert_null(warden_wasi_config_stdio_buffer(c, WARDEN_WASI_STDOUT, 4));
    wh_result r;
    wh_run(path_of(g_guest_dir, "api_echo.wasm"), c, &r);
    assert_int_equal(r.status, WH_EXITED);
    assert_int_equal(r.exit_code, 100 + 22); /* fbig */
    assert_int_equal(r.out_len, 0);
    wh_result_free(&r);
    warden_wasi_config_delete(c);
}

static void host_descriptors(void **state)
{
    (void)state;
    int in[2], out[2];
    assert_int_equal(pipe(in), 0);
    assert_int_equal(pipe(out), 0);
    assert_int_equal(write(in[1], "xyz", 3), 3);
    close(in[1]);
    warden_wasi_config_t *c = config();
    assert_null(warden_wasi_config_stdio_fd(c, WARDEN_WASI_STDIN, in[0]));
    assert_null(warden_wasi_config_stdio_fd(c, WARDEN_WASI_STDOUT, out[1]));
    wh_result r;
    wh_run(path_of(g_guest_dir, "api_echo.wasm"), c, &r);
    assert_int_equal(r.status, WH_EXITED);
    assert_int_equal(r.exit_code, 0);
    assert_null(r.out); /* not buffered */
    wh_result_free(&r);
    warden_wasi_config_delete(c);
    close(in[0]);
    close(out[1]); /* the context's duplicate is closed already */
    char buf[16] = {0};
    assert_int_equal(read(out[0], buf, sizeof buf - 1), 3);
    assert_string_equal(buf, "XYZ");
    close(out[0]);
}

/* The guest's standard output duplicates the embedder's pipe, so they share file status flags:
 * the guest's O_NONBLOCK and O_APPEND last only as long as its context. */
static void shared_flags_restored(void **state)
{
    (void)state;
    int out[2];
    assert_int_equal(pipe(out), 0);
    int before = fcntl(out[1], F_GETFL);
    assert_int_equal(before & (O_NONBLOCK | O_APPEND), 0);
    warden_wasi_config_t *c = config();
    assert_null(warden_wasi_config_stdio_fd(c, WARDEN_WASI_STDOUT, out[1]));
    expect_wat_exit("set_flags.wasm", c, 0);
    warden_wasi_config_delete(c);
    assert_int_equal(fcntl(out[1], F_GETFL), before);
    close(out[0]);
    close(out[1]);
}

/* Preopens and sockets take the descriptors 3, 4, ... in order, however many there are. */
static void many_grants(void **state)
{
    (void)state;
    warden_wasi_config_t *c = config();
    char name[16];
    for (int i = 0; i < 20; i++) {
        snprintf(name, sizeof name, "/d%d", i);
        assert_null(
            warden_wasi_config_preopen_dir(c, "/tmp", name, i % 2 ? WARDEN_WASI_DIR_READONLY : 0));
    }
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    assert_null(warden_wasi_config_preopen_socket(c, sv[0]));
    warden_wasi_t *w = NULL;
    assert_null(warden_wasi_new(c, &w));
    warden_wasi_delete(w);
    warden_wasi_config_delete(c);
    close(sv[0]);
    close(sv[1]);
}

static void no_memory(void **state)
{
    (void)state;
    warden_wasi_config_t *c = config();
    assert_null(warden_wasi_config_stdio_buffer(c, WARDEN_WASI_STDOUT, 0));
    expect_wat_exit("no_memory.wasm", c, 21);
    warden_wasi_config_delete(c);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test_wasi_api GUEST_DIR WAT_DIR\n");
        return 2;
    }
    g_guest_dir = argv[1];
    g_wat_dir = argv[2];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(config_errors),
        cmocka_unit_test(exit_code_and_buffers),
        cmocka_unit_test(output_limit),
        cmocka_unit_test(host_descriptors),
        cmocka_unit_test(shared_flags_restored),
        cmocka_unit_test(many_grants),
        cmocka_unit_test(no_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
