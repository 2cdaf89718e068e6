/* SIGINT (Ctrl-C) and SIGTERM during `warden run`. The first one stops the guest at its next
 * check with the trap `interrupted`, so the run still ends the usual way: backtrace, --stats,
 * and the exit status 128 + the signal's number. A second one ends the process as the signal
 * does by default, for a guest that is blocked in the host (reading a terminal, say). */
#ifndef WARDEN_CLI_SIGNALS_H
#define WARDEN_CLI_SIGNALS_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "warden.h"

typedef struct cli_signals {
    sigset_t set, old_mask;
    bool blocked, watching;
    pthread_t thread;
    warden_interrupt_t *interrupt;
    atomic_int received;  /* the first signal, or 0 */
    atomic_bool stopping; /* the run is over: the next signal the thread takes is the wake-up */
    int wake;             /* a signal of the set, sent to the thread to end it */
} cli_signals_t;

/* Blocks the signals in this thread, and so in every thread it starts afterwards (the engine's
 * ticker among them): call it first. */
void cli_signals_block(cli_signals_t *s);
/* Starts the thread that waits for them and interrupts the store's running call. */
bool cli_signals_watch(cli_signals_t *s, warden_store_t *store);
/* The signal received so far, or 0. */
int cli_signals_received(cli_signals_t *s);
/* Stops the thread and restores the signal mask: a signal still pending then acts as usual. */
void cli_signals_stop(cli_signals_t *s);

#endif
