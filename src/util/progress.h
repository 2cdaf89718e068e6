/* Long host-side work on guest input (decoding, validating and lowering a module) asks the host,
 * now and then, whether to go on: the embedder's deadline or interrupt can stop it. */
#ifndef WARDEN_UTIL_PROGRESS_H
#define WARDEN_UTIL_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct wd_progress {
    bool (*keep_going)(void *env); /* NULL: never stops */
    void *env;
    size_t work;    /* units done since the last question (wd_progress_step) */
    size_t next_at; /* input offset of the next question (readers: util/reader.h) */
} wd_progress;

/* About this much work (input bytes, or instructions) between two questions. */
#define WD_PROGRESS_EVERY ((size_t)1 << 16)

/* Counts `units` of work; false when the host answered that it should stop. */
static inline bool wd_progress_step(wd_progress *p, size_t units)
{
    if (!p || !p->keep_going) return true;
    p->work += units;
    if (p->work < WD_PROGRESS_EVERY) return true;
    p->work = 0;
    return p->keep_going(p->env);
}

#endif
