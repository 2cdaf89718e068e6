/* Bounds already checked on the way to the instruction being compiled (llvm/emit_access.c).
 *
 * An access tests its last byte against the kept size of memory 0; a memory never shrinks, so
 * once an access from slot s's value was checked up to byte e, a later access from the same value
 * that ends no further is in bounds. What was checked is forgotten when the slot is written
 * (wj_checks_forget, from set()), and at every instruction that may write slots other than
 * through set() (wj_checks_forget_all). At a branch target the ways in meet: what holds there is
 * what every forward branch to it (wj_checks_leave) and the code falling into it had checked;
 * nothing at a loop header, which a back-edge reaches. */
#ifndef WARDEN_LLVM_CHECKS_H
#define WARDEN_LLVM_CHECKS_H

#include <stdbool.h>
#include <stdint.h>

/* What every way into one branch target had checked (checks.c). */
typedef struct wj_join wj_join;

typedef struct wj_checks {
    uint32_t nslots, ncells;
    uint32_t *gen_of; /* by slot: the generation its end was checked in, 0 for none */
    uint64_t *end;    /* by slot: slot's value + end[s] bytes is in bounds */
    uint32_t gen;
    uint32_t *list; /* slots checked in this generation (some since forgotten), nlist of them */
    uint32_t nlist, list_cap;
    wj_join **incoming; /* by cell: what the forward branches to it had checked, or NULL */
    bool failed;        /* a branch's way in could not be kept: no join knows anything */
} wj_checks;

/* For a function of nslots slots and ncells cells; false when out of memory. */
bool wj_checks_init(wj_checks *c, uint32_t nslots, uint32_t ncells);
void wj_checks_free(wj_checks *c);
/* Knows nothing again, for another build of the same function (its loop entry). */
void wj_checks_reset(wj_checks *c);

static inline void wj_checks_forget(wj_checks *c, uint32_t slot)
{
    if (slot < c->nslots) c->gen_of[slot] = 0;
}

void wj_checks_forget_all(wj_checks *c);
/* Whether the bytes up to `end` from slot s's value were checked on every way here. */
bool wj_checks_covered(const wj_checks *c, uint32_t s, uint64_t end);
/* Notes that the bytes up to `end` from slot s's value were just checked. */
void wj_checks_add(wj_checks *c, uint32_t s, uint64_t end);
/* A forward branch to cell `to`, taken with what is checked now. */
void wj_checks_leave(wj_checks *c, uint32_t to);
/* Arriving at branch target `at`: `fall_through` when the code before it goes on into it,
 * `header` when a back-edge reaches it. */
void wj_checks_join(wj_checks *c, uint32_t at, bool fall_through, bool header);

#endif
