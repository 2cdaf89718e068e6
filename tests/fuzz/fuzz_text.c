/* fuzz_text: the text the `warden` command reads. The first byte of the input picks the reader
 * (its value modulo 6, so the seeds can start with the digits '0'..'5'); the rest is its text.
 *   0  values (valfmt): parse as each kind; what parses must format and parse back to the same
 *      bits, and format the same again (format(parse(x)) is a fixed point)
 *   1  values from bits: any bits of every kind (and v128 in every lane shape) format to text
 *      that parses back to exactly those bits
 *   2  `warden run` and `warden validate|inspect|wast` command lines (cli_parse_run,
 *      cli_parse_file), one argument per line; what is accepted must be consistent
 *   3  numbers, sizes and durations of the options; deadline ticks
 *   4  names and escaped text (textfmt): output is one printable token that decodes back to the
 *      input bytes
 *   5  wast scripts (the JSON of wast2json) run by `warden wast`, with the modules m0.wasm,
 *      m1.wasm and m2.wasm beside them; also the script value readers (wast_value) */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include "cli/args.h"
#include "cli/run_wasi.h"
#include "cli/textfmt.h"
#include "cli/valfmt.h"
#include "cli/wast.h"
#include "cli/wast_value.h"
#include "support/fuzz_support.h"

#ifndef WARDEN_FUZZ_TEXT_MODULES
#error "WARDEN_FUZZ_TEXT_MODULES must name the directory of m0.wasm, m1.wasm, m2.wasm"
#endif

static const warden_valkind_t k_kinds[] = {WARDEN_I32,  WARDEN_I64,     WARDEN_F32,      WARDEN_F64,
                                           WARDEN_V128, WARDEN_FUNCREF, WARDEN_EXTERNREF};
#define NKINDS (sizeof k_kinds / sizeof k_kinds[0])

static bool same_bits(const warden_val_t *a, const warden_val_t *b)
{
    if (a->kind != b->kind) return false;
    switch (a->kind) {
    case WARDEN_I32:
    case WARDEN_F32: return a->of.f32_bits == b->of.f32_bits;
    case WARDEN_I64:
    case WARDEN_F64: return a->of.f64_bits == b->of.f64_bits;
    case WARDEN_V128: return memcmp(a->of.v128, b->of.v128, 16) == 0;
    case WARDEN_FUNCREF: return a->of.funcref == b->of.funcref;
    case WARDEN_EXTERNREF: return a->of.externref == b->of.externref;
    }
    return false;
}

/* format(v) parses back to v, and formats the same again. */
static void check_round_trip(const warden_val_t *v, const char *origin)
{
    char text[VALFMT_BUF], again[VALFMT_BUF];
    size_t n = valfmt_format(v, text, sizeof text);
    if (n >= sizeof text) fz_fail("valfmt_format needs %zu bytes, more than VALFMT_BUF", n + 1);
    if (strlen(text) != n) fz_fail("valfmt_format returned %zu for \"%s\"", n, text);
    if (v->kind == WARDEN_FUNCREF && v->of.funcref) return; /* "ref.func" cannot be read back */
    if (v->kind == WARDEN_EXTERNREF && v->of.externref) return;
    warden_val_t back;
    const char *err = valfmt_parse(v->kind, text, &back);
    if (err)
        fz_fail("%s: valfmt_format wrote \"%s\" for a %s, which valfmt_parse rejects: %s", origin,
                text, valfmt_kind_name(v->kind), err);
    if (v->kind == WARDEN_V128) {
        /* v128 prints as i32x4: compare the bytes. */
        if (memcmp(v->of.v128, back.of.v128, 16) != 0)
            fz_fail("%s: v128 \"%s\" reads back to other bytes", origin, text);
    } else if (!same_bits(v, &back)) {
        fz_fail("%s: %s \"%s\" reads back to other bits (0x%" PRIx64 " -> 0x%" PRIx64 ")", origin,
                valfmt_kind_name(v->kind), text, v->of.f64_bits, back.of.f64_bits);
    }
    valfmt_format(&back, again, sizeof again);
    if (strcmp(text, again) != 0)
        fz_fail("%s: \"%s\" formats as \"%s\" once read back", origin, text, again);
}

static void values_from_text(const char *text)
{
    for (size_t k = 0; k < NKINDS; k++) {
        warden_val_t v;
        memset(&v, 0xA5, sizeof v);
        if (valfmt_parse(k_kinds[k], text, &v) == NULL) {
            if (v.kind != k_kinds[k])
                fz_fail("valfmt_parse(%s) set the kind %d", valfmt_kind_name(k_kinds[k]),
                        (int)v.kind);
            check_round_trip(&v, "parsed text");
        }
    }
    for (unsigned w = 32; w <= 64; w += 32) {
        uint64_t x;
        if (valfmt_parse_int(text, w, &x) == NULL && w == 32 && x > UINT32_MAX)
            fz_fail("valfmt_parse_int(\"%s\", 32) gave 0x%" PRIx64, text, x);
    }
    for (unsigned bits = 8; bits <= 64; bits *= 2) {
        uint64_t x;
        if (valfmt_parse_lane_int(text, bits, &x) == NULL && bits < 64 && x >> bits)
            fz_fail("valfmt_parse_lane_int(\"%s\", %u) gave 0x%" PRIx64, text, bits, x);
    }
    valfmt_shape_t shape;
    size_t len = strlen(text);
    if (valfmt_shape_parse(text, len, &shape) && strcmp(valfmt_shape_name(shape), text) != 0)
        fz_fail("valfmt_shape_parse(\"%s\") named %s", text, valfmt_shape_name(shape));
    warden_trap_kind_t tk = wast_trap_kind_for_text(text);
    (void)tk;
}

static void values_from_bits(fz_input_t *in)
{
    while (fz_more(in)) {
        warden_val_t v;
        memset(&v, 0, sizeof v);
        v.kind = k_kinds[fz_below(in, NKINDS)];
        switch (v.kind) {
        case WARDEN_I32:
        case WARDEN_F32: v.of.f32_bits = fz_u32(in); break;
        case WARDEN_I64:
        case WARDEN_F64: v.of.f64_bits = fz_u64(in); break;
        case WARDEN_V128:
            for (int i = 0; i < 16; i++) v.of.v128[i] = fz_u8(in);
            break;
        default: v.of.externref = fz_u8(in) & 1 ? (void *)&v : NULL; break;
        }
        check_round_trip(&v, "bits");
        if (v.kind == WARDEN_V128) {
            for (int s = VALFMT_I8X16; s <= VALFMT_F64X2; s++) {
                char text[16 * 40];
                size_t n = valfmt_format_v128(v.of.v128, (valfmt_shape_t)s, text, sizeof text);
                if (n >= sizeof text) fz_fail("valfmt_format_v128 needs %zu bytes", n);
                warden_val_t back;
                const char *err = valfmt_parse(WARDEN_V128, text, &back);
                if (err) fz_fail("v128 \"%s\" does not parse: %s", text, err);
                if (memcmp(back.of.v128, v.of.v128, 16) != 0)
                    fz_fail("v128 \"%s\" reads back to other bytes", text);
                for (unsigned lane = 0; lane < valfmt_shape_lanes((valfmt_shape_t)s); lane++) {
                    char lt[64];
                    if (valfmt_format_lane(v.of.v128, (valfmt_shape_t)s, lane, lt, sizeof lt) >=
                        sizeof lt)
                        fz_fail("valfmt_format_lane needs more than 64 bytes");
                }
            }
        }
    }
}

/* ---- command lines --------------------------------------------------------------------------- */

static bool points_into(const char *p, char *const argv[], int argc)
{
    for (int i = 0; i < argc; i++)
        if (p >= argv[i] && p <= argv[i] + strlen(argv[i])) return true;
    return false;
}

/* The WASI context such a command line grants (run_wasi.c reads --dir HOST[::GUEST][::ro] and
 * --env NAME=VALUE): made only when every HOST is an existing directory, so that nothing is
 * reported on stderr; it opens those directories read-only and nothing else. */
static void make_wasi(const cli_run_args_t *args)
{
    if (args->inherit_env) return; /* the host's environment is not the input's */
    for (size_t i = 0; i < args->ndirs; i++) {
        char host[512];
        const char *sep = strstr(args->dirs[i], "::");
        size_t n = sep ? (size_t)(sep - args->dirs[i]) : strlen(args->dirs[i]);
        if (n >= sizeof host) return;
        memcpy(host, args->dirs[i], n);
        host[n] = '\0';
        struct stat st;
        if (stat(host, &st) != 0 || !S_ISDIR(st.st_mode)) return;
    }
    int fds = fz_open_fds();
    warden_wasi_t *wasi = NULL;
    if (cli_wasi_new(args, &wasi))
        warden_wasi_delete(wasi);
    else if (wasi)
        fz_fail("cli_wasi_new failed but returned a context");
    if (fz_open_fds() != fds)
        fz_fail("cli_wasi_new and warden_wasi_delete left %d descriptors open",
                fz_open_fds() - fds);
}

static void command_lines(char *text)
{
    char *argv[66];
    int argc = 0;
    argv[argc++] = "run";
    for (char *line = text; argc < 65;) {
        argv[argc++] = line;
        char *nl = strchr(line, '\n');
        if (!nl) break;
        *nl = '\0';
        line = nl + 1;
    }
    argv[argc] = NULL;
    char message[CLI_MESSAGE_MAX];
    cli_run_args_t args;
    memset(&args, 0x5A, sizeof args);
    int status = cli_parse_run(argc, argv, &args, message);
    if (status == CLI_EXIT_OK) {
        if (!args.help) {
            if (!args.file || args.guest_argc < 1 || args.guest_argv[0] != args.file ||
                args.guest_argv + args.guest_argc != argv + argc)
                fz_fail("cli_parse_run accepted a command line without a consistent FILE");
            for (size_t i = 0; i < args.ndirs; i++)
                if (!points_into(args.dirs[i], argv, argc) || !args.dirs[i][0])
                    fz_fail("--dir #%zu does not come from the command line", i);
            for (size_t i = 0; i < args.nenvs; i++)
                if (!points_into(args.envs[i], argv, argc) || !strchr(args.envs[i], '=') ||
                    args.envs[i][0] == '=')
                    fz_fail("--env #%zu is not NAME=VALUE", i);
            if (args.invoke && !args.invoke[0]) fz_fail("--invoke with an empty name was accepted");
            const cli_run_limits_t *l = &args.limits;
            if (l->has_fuel && l->fuel > INT64_MAX) fz_fail("--fuel above 2^63-1 was accepted");
            if (l->max_stack_bytes && l->max_stack_bytes < CLI_MIN_STACK_BYTES)
                fz_fail("--max-stack below the minimum was accepted");
            make_wasi(&args);
        }
        cli_run_args_free(&args);
    } else if (status == CLI_EXIT_USAGE) {
        if (!message[0] || strlen(message) >= CLI_MESSAGE_MAX)
            fz_fail("a usage error without a message");
        if (args.dirs || args.envs) fz_fail("cli_parse_run failed but left its arrays");
    } else {
        fz_fail("cli_parse_run returned %d", status);
    }

    argv[0] = "validate";
    cli_file_args_t fa;
    status = cli_parse_file(argc, argv, &fa, message);
    if (status == CLI_EXIT_OK && !fa.help && !points_into(fa.file, argv, argc))
        fz_fail("cli_parse_file gave a FILE that is not an argument");
    if (status != CLI_EXIT_OK && status != CLI_EXIT_USAGE)
        fz_fail("cli_parse_file returned %d", status);
}

static void numbers(const char *text)
{
    uint64_t v;
    if (cli_parse_count(text, UINT64_MAX, &v) == NULL) {
        char back[32];
        snprintf(back, sizeof back, "%" PRIu64, v);
        /* Leading zeros aside, the text is the number. */
        const char *t = text;
        while (t[0] == '0' && t[1]) t++;
        if (strcmp(back, t) != 0) fz_fail("cli_parse_count(\"%s\") gave %s", text, back);
    }
    uint64_t limit = strlen(text) % 1000;
    if (cli_parse_count(text, limit, &v) == NULL && v > limit)
        fz_fail("cli_parse_count(\"%s\", %" PRIu64 ") gave %" PRIu64, text, limit, v);
    (void)cli_parse_size(text, &v);
    if (cli_parse_duration(text, &v) == NULL && v > 0) {
        uint64_t tick, ticks;
        cli_deadline_ticks(v, &tick, &ticks);
        if (tick == 0 || tick > CLI_DEFAULT_TICK_NS || ticks < 2 ||
            (unsigned __int128)(ticks - 1) * tick < v)
            fz_fail("cli_deadline_ticks(%" PRIu64 ") gave %" PRIu64 " ticks of %" PRIu64 " ns", v,
                    ticks, tick);
    }
}

/* ---- names -------------------------------------------------------------------------------------
 */

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* Decodes textfmt's escapes (\hh, and \" \\ when quoted) into out; false when malformed. */
static bool unescape(const char *s, size_t n, bool quoted, char *out, size_t *out_len)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < ' ' || c >= 0x7f) return false;
        if (c != '\\') {
            if (quoted && c == '"') return false;
            out[k++] = (char)c;
            continue;
        }
        if (i + 1 < n && quoted && (s[i + 1] == '"' || s[i + 1] == '\\')) {
            out[k++] = s[++i];
            continue;
        }
        if (i + 2 >= n) return false;
        int hi = hexval(s[i + 1]), lo = hexval(s[i + 2]);
        if (hi < 0 || lo < 0) return false;
        out[k++] = (char)(hi * 16 + lo);
        i += 2;
    }
    *out_len = k;
    return true;
}

static void names(const uint8_t *bytes, size_t len)
{
    for (int which = 0; which < 2; which++) {
        char *text = NULL;
        size_t tlen = 0;
        FILE *f = open_memstream(&text, &tlen);
        if (!f) fz_fail("open_memstream failed");
        if (which == 0)
            textfmt_name(f, (const char *)bytes, len);
        else
            textfmt_escaped(f, (const char *)bytes, len);
        fclose(f);
        char *decoded = malloc(tlen + 1);
        size_t dlen = 0;
        bool ok;
        if (which == 0 && tlen >= 2 && text[0] == '"') {
            ok = text[tlen - 1] == '"' && unescape(text + 1, tlen - 2, true, decoded, &dlen);
        } else if (which == 0) {
            ok = tlen > 0 && memchr(text, ' ', tlen) == NULL && memchr(text, '.', tlen) == NULL &&
                 unescape(text, tlen, false, decoded, &dlen) && memchr(text, '\\', tlen) == NULL;
        } else {
            ok = unescape(text, tlen, false, decoded, &dlen);
        }
        if (!ok || dlen != len || memcmp(decoded, bytes, len) != 0)
            fz_fail("%s wrote \"%.*s\", which does not decode to the %zu input bytes",
                    which == 0 ? "textfmt_name" : "textfmt_escaped", (int)tlen, text, len);
        free(decoded);
        free(text);
    }
}

/* ---- wast --------------------------------------------------------------------------------------
 */

static const char *const k_types[] = {"i32",       "i64",  "f32", "f64",    "funcref",
                                      "externref", "v128", "i8",  "anyref", ""};

static void script_values(char *text)
{
    /* "TYPE VALUE..." split on the first space; v128 lanes on further spaces. */
    char *sp = strchr(text, ' ');
    const char *type = text, *value = NULL;
    if (sp) {
        *sp = '\0';
        value = sp + 1;
    }
    warden_val_t arg;
    wast_expect_t expect;
    const char *e1 = wast_parse_arg(type, value, &arg);
    const char *e2 = wast_parse_expect(type, value, &expect);
    char buf[WAST_VALUE_BUF];
    if (!e1) {
        wast_format_value(&arg, buf, sizeof buf);
        if (e2)
            fz_fail("wast: \"%s\" \"%s\" reads as an argument but not as an expectation: %s", type,
                    value ? value : "(none)", e2);
    }
    if (!e2) {
        wast_format_expect(&expect, buf, sizeof buf);
        if (!e1) {
            wast_format_value_like(&arg, &expect, buf, sizeof buf);
            if (expect.match == WAST_MATCH_EXACT && !wast_match_value(&expect, &arg))
                fz_fail("wast: the expectation \"%s\" \"%s\" does not match the same argument",
                        type, value ? value : "");
        }
    }
    if (value) {
        const char *lanes[20];
        size_t n = 0;
        char *copy = strdup(value);
        for (char *tok = strtok(copy, " "); tok && n < 20; tok = strtok(NULL, " "))
            lanes[n++] = tok;
        warden_val_t v;
        wast_expect_t ve;
        const char *a = wast_parse_v128_arg(type, lanes, n, &v);
        const char *b = wast_parse_v128_expect(type, lanes, n, &ve);
        if (!b) {
            wast_format_expect(&ve, buf, sizeof buf);
            if (!a) {
                wast_format_value_like(&v, &ve, buf, sizeof buf);
                bool exact = ve.match == WAST_MATCH_EXACT;
                for (int i = 0; i < 16; i++) exact = exact && ve.lanes[i] == WAST_MATCH_EXACT;
                if (exact && !wast_match_value(&ve, &v))
                    fz_fail("wast: v128 lanes \"%s\" as %s do not match themselves", value, type);
            }
        }
        free(copy);
    }
}

static FILE *devnull;
static char script_path[700];

static void script(const uint8_t *bytes, size_t len)
{
    fz_write_file(script_path, bytes, len);
    int status = wast_run_file(script_path, WARDEN_TIER_INTERP, NULL, devnull);
    if (status != CLI_EXIT_OK && status != CLI_EXIT_FAILURE)
        fz_fail("wast_run_file returned %d", status);
}

static void copy_module(const char *name)
{
    char from[700], to[700];
    snprintf(from, sizeof from, "%s/%s", WARDEN_FUZZ_TEXT_MODULES, name);
    fz_tmppath(to, sizeof to, name);
    size_t len;
    uint8_t *bytes = fz_read_file(from, &len);
    if (!bytes) fz_fail("cannot read %s", from);
    fz_write_file(to, bytes, len);
    free(bytes);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    devnull = fopen("/dev/null", "w");
    if (!devnull) fz_fail("cannot open /dev/null");
    copy_module("m0.wasm");
    copy_module("m1.wasm");
    copy_module("m2.wasm");
    fz_tmppath(script_path, sizeof script_path, "script.json");
    (void)k_types;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 1 << 16) return 0;
    unsigned which = data[0] % 6;
    const uint8_t *rest = data + 1;
    size_t n = size - 1;
    char *text = malloc(n + 1);
    memcpy(text, rest, n);
    text[n] = '\0'; /* C strings end at the first NUL */
    switch (which) {
    case 0: values_from_text(text); break;
    case 1: {
        fz_input_t in = {rest, n, 0};
        values_from_bits(&in);
        break;
    }
    case 2: command_lines(text); break;
    case 3: numbers(text); break;
    case 4: names(rest, n); break;
    case 5:
        if (n > 0 && rest[0] == '{')
            script(rest, n);
        else
            script_values(text);
        break;
    }
    free(text);
    return 0;
}
