/* Traps: typed, with a guest backtrace whose names are copied so the trap outlives its store. */
#include <stdlib.h>
#include <string.h>

#include "exec/trap.h"
#include "object/objects.h"

typedef struct wx_trap_frame {
    uint32_t func_index;
    char *name;
} wx_trap_frame;

struct warden_trap {
    warden_trap_kind_t kind;
    char *message;
    wx_trap_frame *frames;
    size_t nframes, cap;
    size_t omitted; /* frames left out between the innermost and the outermost kept */
    bool shared;    /* the immutable out-of-memory trap: never modified or freed */
    bool truncated; /* a frame could not be recorded: the outer ones are left out too, so that
                       the backtrace never skips a frame */
};

static const char *const k_kind_names[] = {
    [WARDEN_TRAP_UNREACHABLE] = "unreachable",
    [WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS] = "memory-out-of-bounds",
    [WARDEN_TRAP_TABLE_OUT_OF_BOUNDS] = "table-out-of-bounds",
    [WARDEN_TRAP_UNDEFINED_ELEMENT] = "undefined-element",
    [WARDEN_TRAP_UNINITIALIZED_ELEMENT] = "uninitialized-element",
    [WARDEN_TRAP_INDIRECT_CALL_TYPE_MISMATCH] = "indirect-call-type-mismatch",
    [WARDEN_TRAP_INTEGER_OVERFLOW] = "integer-overflow",
    [WARDEN_TRAP_INTEGER_DIVIDE_BY_ZERO] = "integer-divide-by-zero",
    [WARDEN_TRAP_INVALID_CONVERSION_TO_INTEGER] = "invalid-conversion-to-integer",
    [WARDEN_TRAP_STACK_EXHAUSTED] = "stack-exhausted",
    [WARDEN_TRAP_OUT_OF_FUEL] = "out-of-fuel",
    [WARDEN_TRAP_DEADLINE] = "deadline",
    [WARDEN_TRAP_INTERRUPTED] = "interrupted",
    [WARDEN_TRAP_HOST] = "host",
    [WARDEN_TRAP_RESOURCE_LIMIT] = "resource-limit",
};

/* The spec's wording of each trap. */
static const char *const k_kind_messages[] = {
    [WARDEN_TRAP_UNREACHABLE] = "unreachable executed",
    [WARDEN_TRAP_MEMORY_OUT_OF_BOUNDS] = "out of bounds memory access",
    [WARDEN_TRAP_TABLE_OUT_OF_BOUNDS] = "out of bounds table access",
    [WARDEN_TRAP_UNDEFINED_ELEMENT] = "undefined element",
    [WARDEN_TRAP_UNINITIALIZED_ELEMENT] = "uninitialized element",
    [WARDEN_TRAP_INDIRECT_CALL_TYPE_MISMATCH] = "indirect call type mismatch",
    [WARDEN_TRAP_INTEGER_OVERFLOW] = "integer overflow",
    [WARDEN_TRAP_INTEGER_DIVIDE_BY_ZERO] = "integer divide by zero",
    [WARDEN_TRAP_INVALID_CONVERSION_TO_INTEGER] = "invalid conversion to integer",
    [WARDEN_TRAP_STACK_EXHAUSTED] = "call stack exhausted",
    [WARDEN_TRAP_OUT_OF_FUEL] = "all fuel consumed",
    [WARDEN_TRAP_DEADLINE] = "deadline reached",
    [WARDEN_TRAP_INTERRUPTED] = "interrupted",
    [WARDEN_TRAP_HOST] = "host function failed",
    [WARDEN_TRAP_RESOURCE_LIMIT] = "growth denied by a resource limit",
};

static const struct warden_trap k_oom_trap = {
    .kind = WARDEN_TRAP_HOST,
    .message = (char *)"out of memory while reporting a trap",
    .shared = true,
};

static bool valid_kind(warden_trap_kind_t kind)
{
    return kind >= WARDEN_TRAP_UNREACHABLE && kind <= WARDEN_TRAP_RESOURCE_LIMIT;
}

const char *warden_trap_kind_name(warden_trap_kind_t kind)
{
    return valid_kind(kind) ? k_kind_names[kind] : "unknown";
}

static warden_trap_t *trap_new(warden_trap_kind_t kind, const char *message)
{
    warden_trap_t *t = calloc(1, sizeof *t);
    if (!t) return (warden_trap_t *)&k_oom_trap;
    t->kind = kind;
    t->message = strdup(message);
    if (!t->message) {
        free(t);
        return (warden_trap_t *)&k_oom_trap;
    }
    return t;
}

warden_trap_t *wx_trap_new_kind(warden_trap_kind_t kind)
{
    if (!valid_kind(kind)) kind = WARDEN_TRAP_HOST;
    return trap_new(kind, k_kind_messages[kind]);
}

warden_trap_t *warden_trap_new(const char *message)
{
    return trap_new(WARDEN_TRAP_HOST, message ? message : k_kind_messages[WARDEN_TRAP_HOST]);
}

/* Appends a frame (the name copied), or marks the trap truncated when memory runs out. */
static void append_frame(warden_trap_t *t, uint32_t index, const char *name)
{
    if (t->nframes == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 8;
        wx_trap_frame *f = realloc(t->frames, cap * sizeof *f);
        if (!f) {
            t->truncated = true;
            return;
        }
        t->frames = f;
        t->cap = cap;
    }
    wx_trap_frame *fr = &t->frames[t->nframes];
    fr->func_index = index;
    fr->name = name ? strdup(name) : NULL;
    t->nframes++;
}

void wx_trap_add_frame(warden_trap_t *t, const warden_func_t *func)
{
    if (!t || t->shared || t->truncated || !func || !func->inst) return;
    append_frame(t, func->index, wd_module_func_name(func->inst->m, func->index));
}

warden_trap_kind_t warden_trap_kind(const warden_trap_t *t)
{
    return t ? t->kind : WARDEN_TRAP_HOST;
}

const char *warden_trap_message(const warden_trap_t *t)
{
    return t ? t->message : "";
}

/* Drops the first `k` frames of the kept outermost part (those after the head). */
static void drop_tail_frames(warden_trap_t *t, size_t k)
{
    wx_trap_frame *tail = t->frames + WARDEN_TRAP_HEAD_FRAMES;
    for (size_t i = 0; i < k; i++) free(tail[i].name);
    memmove(tail, tail + k, (t->nframes - WARDEN_TRAP_HEAD_FRAMES - k) * sizeof *tail);
    t->nframes -= k;
    t->omitted += k;
}

/* A record that names its caller by index (compiled code's call within one instance) names a
 * function of the instance of the frame inside it: resolved from the innermost frame out. The
 * records are being unwound, so they are rewritten in place. */
static void resolve_callers(const warden_func_t *func, wo_frame *frames, size_t n)
{
    const warden_func_t *inside = func;
    for (size_t i = n; i-- > 0;) {
        uintptr_t v = (uintptr_t)frames[i].func;
        if (v & 1) frames[i].func = inside ? inside->inst->funcs[v >> 1] : NULL;
        inside = frames[i].func;
    }
}

void wx_trap_unwind(warden_trap_t *t, warden_func_t *func, wo_frame *frames, size_t n)
{
    resolve_callers(func, frames, n);
    /* One pass poisons and counts (a frame with no function is a host entry, not a frame of the
     * backtrace); only the kept frames are visited after it. The frames of this call are outer
     * to any already in the trap (from a call nested in a host function). */
    size_t total = 0;
    if (func) {
        func->inst->poisoned = true;
        total++;
    }
    for (size_t i = 0; i < n; i++) {
        if (frames[i].func) {
            frames[i].func->inst->poisoned = true;
            total++;
        }
    }
    if (!t || t->shared) return;
    /* The innermost frames fill the head while it has room. */
    size_t head = 0;
    if (!t->omitted && t->nframes < WARDEN_TRAP_HEAD_FRAMES) {
        head = WARDEN_TRAP_HEAD_FRAMES - t->nframes;
        if (head > total) head = total;
    }
    size_t added = 0;
    if (func && added < head) {
        wx_trap_add_frame(t, func);
        added++;
    }
    for (size_t i = n; added < head && i-- > 0;) {
        if (frames[i].func) {
            wx_trap_add_frame(t, frames[i].func);
            added++;
        }
    }
    /* The rest: its outermost `keep` frames join the tail, which holds at most
     * WARDEN_TRAP_TAIL_FRAMES; everything between is only counted. */
    size_t rest = total - head;
    size_t keep = rest < WARDEN_TRAP_TAIL_FRAMES ? rest : WARDEN_TRAP_TAIL_FRAMES;
    if (!keep) return;
    size_t in_tail =
        t->nframes > WARDEN_TRAP_HEAD_FRAMES ? t->nframes - WARDEN_TRAP_HEAD_FRAMES : 0;
    if (t->nframes + keep > WARDEN_TRAP_HEAD_FRAMES + WARDEN_TRAP_TAIL_FRAMES || rest > keep) {
        /* Past the bound: the tail is cut to make room. */
        size_t over =
            in_tail + keep > WARDEN_TRAP_TAIL_FRAMES ? in_tail + keep - WARDEN_TRAP_TAIL_FRAMES : 0;
        if (t->nframes < WARDEN_TRAP_HEAD_FRAMES) over = 0;
        if (over) drop_tail_frames(t, over);
    }
    t->omitted += rest - keep;
    const warden_func_t *at[WARDEN_TRAP_TAIL_FRAMES];
    size_t k = 0;
    for (size_t j = 0; j < n && k < keep; j++) {
        if (frames[j].func) at[k++] = frames[j].func;
    }
    if (k < keep && func) at[k++] = func;
    while (k-- > 0) wx_trap_add_frame(t, at[k]);
}

void warden_trap_push_frame(warden_trap_t *t, uint32_t func_index, const char *name)
{
    if (!t || t->shared || t->truncated) return;
    /* A full tail gives up its innermost frame, which then counts as omitted. */
    if (t->nframes == WARDEN_TRAP_HEAD_FRAMES + WARDEN_TRAP_TAIL_FRAMES) drop_tail_frames(t, 1);
    append_frame(t, func_index, name);
}

size_t warden_trap_frame_count(const warden_trap_t *t)
{
    return t ? t->nframes : 0;
}

size_t warden_trap_frames_omitted(const warden_trap_t *t)
{
    return t ? t->omitted : 0;
}

bool warden_trap_frame(const warden_trap_t *t, size_t i, uint32_t *func_index, const char **name)
{
    if (!t || i >= t->nframes) return false;
    if (func_index) *func_index = t->frames[i].func_index;
    if (name) *name = t->frames[i].name;
    return true;
}

void warden_trap_delete(warden_trap_t *t)
{
    if (!t || t->shared) return;
    for (size_t i = 0; i < t->nframes; i++) free(t->frames[i].name);
    free(t->frames);
    free(t->message);
    free(t);
}
