/* A binary min-heap of timers by deadline: the reactor keeps every timer here and one timerfd
 * armed for the earliest, so any number of timers costs no descriptor each. Timers with the same
 * deadline come out in the order of their sequence numbers (the order they were made in). */
#ifndef WARDEN_SCHED_TIMER_HEAP_H
#define WARDEN_SCHED_TIMER_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct wq_timer {
    uint64_t deadline; /* CLOCK_MONOTONIC, in nanoseconds */
    uint64_t seq;
    size_t at; /* its index in the heap */
} wq_timer;

typedef struct wq_heap {
    wq_timer **v;
    size_t n, cap;
} wq_heap;

/* Makes room for one more timer. False when memory runs out (the heap is unchanged). */
bool wq_heap_reserve(wq_heap *h);
/* Adds a timer. Room must have been reserved. */
void wq_heap_push(wq_heap *h, wq_timer *t);
/* The earliest timer, or NULL when there is none. */
wq_timer *wq_heap_min(const wq_heap *h);
/* Removes a timer that is in the heap. */
void wq_heap_remove(wq_heap *h, wq_timer *t);
/* Frees the heap's array (not the timers). */
void wq_heap_free(wq_heap *h);

#endif
