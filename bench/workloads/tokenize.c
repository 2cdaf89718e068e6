/*
 * tokenize — text parsing: 256 KiB of a small language (let-statements with arithmetic,
 * print-statements with string literals and escapes, comments, decimal and hex numbers) is
 * tokenized, identifiers are interned in a hash table, and every expression is parsed by recursive
 * descent and evaluated. Each round edits one digit of the text and parses it all again.
 */
#include "bench.h"

#define TEXT_SIZE (256u << 10)
#define NAMES 300
#define SYMBOLS 1024 /* power of two, larger than NAMES */

/* ---- generating the text ---------------------------------------------------------------- */

struct writer {
    char *at, *end;
    uint64_t seed;
};

static void put(struct writer *w, const char *s)
{
    while (*s && w->at < w->end) *w->at++ = *s++;
}

static void put_char(struct writer *w, char c)
{
    if (w->at < w->end) *w->at++ = c;
}

static uint32_t pick(struct writer *w, uint32_t n)
{
    return (uint32_t)(bench_next(&w->seed) % n);
}

static void put_number(struct writer *w, uint32_t v, int hex)
{
    char digits[16];
    int n = 0;
    if (hex) put(w, "0x");
    do {
        uint32_t d = hex ? v % 16 : v % 10;
        digits[n++] = (char)(d < 10 ? '0' + d : 'A' + d - 10);
        v = hex ? v / 16 : v / 10;
    } while (v);
    while (n) put_char(w, digits[--n]);
}

static void put_expr(struct writer *w, char names[][12], int depth)
{
    uint32_t k = depth >= 3 ? pick(w, 2) : pick(w, 6);
    switch (k) {
    case 0: {
        uint32_t v = pick(w, 100000);
        put_number(w, v, pick(w, 4) == 0);
        return;
    }
    case 1: put(w, names[pick(w, NAMES)]); return;
    case 2:
        put_char(w, '(');
        put_expr(w, names, depth + 1);
        put_char(w, ')');
        return;
    case 3:
        put_char(w, '-');
        put_expr(w, names, depth + 1);
        return;
    default: {
        static const char *const ops[] = {" + ", " - ", " * ", " / ", " % ", "+", "*"};
        put_expr(w, names, depth + 1);
        put(w, ops[pick(w, 7)]);
        put_expr(w, names, depth + 1);
        return;
    }
    }
}

static void generate(char *text, size_t size, char names[][12])
{
    struct writer w = {text, text + size - 64, 99};
    for (int i = 0; i < NAMES; i++) {
        int len = 1 + (int)pick(&w, 8);
        for (int j = 0; j < len; j++) {
            uint32_t c = pick(&w, j == 0 ? 27 : 37);
            names[i][j] = (char)(c < 26 ? 'a' + c : c == 26 ? '_' : '0' + (c - 27));
        }
        names[i][len] = 0;
        if ((len == 3 && names[i][0] == 'l' && names[i][1] == 'e' && names[i][2] == 't') ||
            (len == 5 && names[i][0] == 'p' && names[i][1] == 'r' && names[i][2] == 'i' &&
             names[i][3] == 'n' && names[i][4] == 't'))
            names[i][0] = 'q';
    }
    while (w.at + 256 < w.end) {
        uint32_t k = pick(&w, 10);
        if (k < 6) {
            put(&w, "let ");
            put(&w, names[pick(&w, NAMES)]);
            put(&w, pick(&w, 2) ? " = " : "=");
            put_expr(&w, names, 0);
            put(&w, ";\n");
        } else if (k < 8) {
            put(&w, "print \"");
            for (uint32_t n = pick(&w, 30); n; n--) {
                uint32_t c = pick(&w, 40);
                if (c == 0)
                    put(&w, "\\\"");
                else if (c == 1)
                    put(&w, "\\n");
                else
                    put_char(&w, (char)(c < 28 ? 'a' + c - 2 : ' '));
            }
            put(&w, "\";\n");
        } else if (k < 9) {
            put(&w, "print ");
            put_expr(&w, names, 1);
            put(&w, ";\n");
        } else {
            put(&w, "// ");
            for (uint32_t n = pick(&w, 40); n; n--) put_char(&w, (char)('a' + pick(&w, 26)));
            put(&w, "\n\t");
        }
    }
    while (w.at < text + size) *w.at++ = ' ';
}

/* ---- tokenizing -------------------------------------------------------------------------- */

enum token_kind { T_END, T_IDENT, T_NUMBER, T_STRING, T_LET, T_PRINT, T_PUNCT, T_BAD };

enum { C_OTHER, C_SPACE, C_ALPHA, C_DIGIT };

struct symbol {
    const char *name;
    uint32_t len;
    uint32_t value;
};

struct parser {
    const char *at, *end;
    uint8_t cls[256];
    enum token_kind kind;
    const char *start; /* the current token's text */
    uint32_t len;
    uint32_t number;
    char punct;
    struct symbol *symbols;
    uint64_t tokens, strings, string_bytes;
};

static void next(struct parser *p)
{
    for (;;) {
        while (p->at < p->end && p->cls[(uint8_t)*p->at] == C_SPACE) p->at++;
        if (p->at + 1 < p->end && p->at[0] == '/' && p->at[1] == '/') {
            while (p->at < p->end && *p->at != '\n') p->at++;
            continue;
        }
        break;
    }
    p->tokens++;
    p->start = p->at;
    if (p->at >= p->end) {
        p->kind = T_END;
        return;
    }
    uint8_t c = (uint8_t)*p->at;
    if (p->cls[c] == C_ALPHA) {
        while (p->at < p->end && p->cls[(uint8_t)*p->at] >= C_ALPHA) p->at++;
        p->len = (uint32_t)(p->at - p->start);
        if (p->len == 3 && memcmp(p->start, "let", 3) == 0)
            p->kind = T_LET;
        else if (p->len == 5 && memcmp(p->start, "print", 5) == 0)
            p->kind = T_PRINT;
        else
            p->kind = T_IDENT;
    } else if (p->cls[c] == C_DIGIT) {
        uint32_t v = 0;
        if (c == '0' && p->at + 1 < p->end && (p->at[1] == 'x' || p->at[1] == 'X')) {
            p->at += 2;
            for (;;) {
                uint8_t d = (uint8_t)*p->at;
                if (d >= '0' && d <= '9')
                    v = v * 16 + (d - '0');
                else if (d >= 'A' && d <= 'F')
                    v = v * 16 + (d - 'A' + 10);
                else if (d >= 'a' && d <= 'f')
                    v = v * 16 + (d - 'a' + 10);
                else
                    break;
                p->at++;
            }
        } else {
            while (p->at < p->end && p->cls[(uint8_t)*p->at] == C_DIGIT)
                v = v * 10 + (uint32_t)(*p->at++ - '0');
        }
        p->number = v;
        p->kind = T_NUMBER;
    } else if (c == '"') {
        p->at++;
        uint32_t n = 0;
        while (p->at < p->end && *p->at != '"') {
            if (*p->at == '\\' && p->at + 1 < p->end) p->at++;
            p->at++;
            n++;
        }
        if (p->at < p->end) p->at++;
        p->strings++;
        p->string_bytes += n;
        p->kind = T_STRING;
    } else {
        p->punct = (char)c;
        p->at++;
        p->kind = T_PUNCT;
    }
}

static struct symbol *intern(struct parser *p, const char *name, uint32_t len)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < len; i++) h = (h ^ (uint8_t)name[i]) * 16777619u;
    for (uint32_t i = h & (SYMBOLS - 1);; i = (i + 1) & (SYMBOLS - 1)) {
        struct symbol *s = &p->symbols[i];
        if (!s->name) {
            s->name = name;
            s->len = len;
            s->value = len * 7;
            return s;
        }
        if (s->len == len && memcmp(s->name, name, len) == 0) return s;
    }
}

/* ---- parsing and evaluating -------------------------------------------------------------- */

static uint32_t expr(struct parser *p);

static int is_punct(const struct parser *p, char c)
{
    return p->kind == T_PUNCT && p->punct == c;
}

static uint32_t factor(struct parser *p)
{
    if (p->kind == T_NUMBER) {
        uint32_t v = p->number;
        next(p);
        return v;
    }
    if (p->kind == T_IDENT) {
        uint32_t v = intern(p, p->start, p->len)->value;
        next(p);
        return v;
    }
    if (is_punct(p, '(')) {
        next(p);
        uint32_t v = expr(p);
        if (is_punct(p, ')')) next(p);
        return v;
    }
    if (is_punct(p, '-')) {
        next(p);
        return 0u - factor(p);
    }
    next(p);
    return 0;
}

static uint32_t term(struct parser *p)
{
    uint32_t v = factor(p);
    while (p->kind == T_PUNCT && (p->punct == '*' || p->punct == '/' || p->punct == '%')) {
        char op = p->punct;
        next(p);
        uint32_t w = factor(p);
        if (op == '*')
            v *= w;
        else if (w == 0)
            v = 0;
        else
            v = op == '/' ? v / w : v % w;
    }
    return v;
}

static uint32_t expr(struct parser *p)
{
    uint32_t v = term(p);
    while (p->kind == T_PUNCT && (p->punct == '+' || p->punct == '-')) {
        char op = p->punct;
        next(p);
        uint32_t w = term(p);
        v = op == '+' ? v + w : v - w;
    }
    return v;
}

static uint64_t parse_program(struct parser *p)
{
    uint64_t printed = 0;
    next(p);
    while (p->kind != T_END) {
        if (p->kind == T_LET) {
            next(p);
            struct symbol *s = p->kind == T_IDENT ? intern(p, p->start, p->len) : 0;
            next(p);
            if (is_punct(p, '=')) next(p);
            uint32_t v = expr(p);
            if (s) s->value = v;
        } else if (p->kind == T_PRINT) {
            next(p);
            if (p->kind == T_STRING)
                next(p);
            else
                printed = bench_mix(printed, expr(p));
        } else {
            next(p);
        }
        if (is_punct(p, ';')) next(p);
    }
    return printed;
}

uint64_t bench_run(uint32_t rounds)
{
    char *text = bench_alloc(TEXT_SIZE);
    char(*names)[12] = bench_alloc(NAMES * sizeof *names);
    struct symbol *symbols = bench_alloc(SYMBOLS * sizeof *symbols);
    generate(text, TEXT_SIZE, names);

    struct parser p;
    for (int c = 0; c < 256; c++) {
        p.cls[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ? C_ALPHA
                   : c >= '0' && c <= '9'                                       ? C_DIGIT
                   : c == ' ' || c == '\n' || c == '\t' || c == '\r'            ? C_SPACE
                                                                                : C_OTHER;
    }
    uint64_t sum = 0;
    uint32_t spot = 0;
    for (uint32_t r = 0; r < rounds; r++) {
        /* Edit the next digit found after a moving spot. */
        for (uint32_t i = 0; i < 64; i++) {
            uint32_t at = (spot + i) % TEXT_SIZE;
            if (text[at] >= '1' && text[at] <= '8') {
                text[at] = (char)(text[at] + (r & 1 ? 1 : -1));
                break;
            }
        }
        spot = (spot + 4099) % TEXT_SIZE;

        for (uint32_t i = 0; i < SYMBOLS; i++) symbols[i].name = 0;
        p.at = text;
        p.end = text + TEXT_SIZE;
        p.symbols = symbols;
        p.tokens = p.strings = p.string_bytes = 0;
        sum = bench_mix(sum, parse_program(&p));
        sum = bench_mix(sum, p.tokens);
        sum = bench_mix(sum, p.strings + (p.string_bytes << 20));
    }
    return sum;
}
