/* SIGINT and SIGTERM during `warden run` (see signals.h). The signals are taken by a thread of
 * their own with sigwait, so no signal handler and no global state is involved. */
#include "cli/signals.h"

#include <stddef.h>
#include <stdio.h>
#include <unistd.h>

void cli_signals_block(cli_signals_t *s)
{
    sigemptyset(&s->set);
    /* A signal the invoking process set to be ignored (nohup, a shell's background job) stays
     * ignored. */
    static const int signals[] = {SIGINT, SIGTERM};
    size_t taken = 0;
    for (size_t i = 0; i < sizeof signals / sizeof *signals; i++) {
        struct sigaction sa;
        if (sigaction(signals[i], NULL, &sa) == 0 && sa.sa_handler != SIG_IGN) {
            sigaddset(&s->set, signals[i]);
            s->wake = signals[i];
            taken++;
        }
    }
    s->blocked = taken && pthread_sigmask(SIG_BLOCK, &s->set, &s->old_mask) == 0;
    s->watching = false;
    s->interrupt = NULL;
    atomic_init(&s->received, 0);
    atomic_init(&s->stopping, false);
}

static void *watch(void *arg)
{
    cli_signals_t *s = arg;
    int sig;
    if (sigwait(&s->set, &sig) != 0 || atomic_load(&s->stopping)) return NULL;
    atomic_store(&s->received, sig);
    /* Written before the guest is stopped, so that it comes before the trap's report. */
    static const char note[] = "warden: interrupted; a second signal ends the process at once\n";
    if (write(STDERR_FILENO, note, sizeof note - 1) < 0) {
        /* nothing to be done about a closed stderr */
    }
    warden_interrupt_raise(s->interrupt);
    if (sigwait(&s->set, &sig) != 0 || atomic_load(&s->stopping)) return NULL;
    /* The default action, unblocked in this thread: the process ends by the signal. */
    signal(sig, SIG_DFL);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, sig);
    pthread_sigmask(SIG_UNBLOCK, &one, NULL);
    raise(sig);
    _exit(128 + sig);
}

bool cli_signals_watch(cli_signals_t *s, warden_store_t *store)
{
    if (!s->blocked) return false;
    warden_error_t *e = warden_interrupt_new(store, &s->interrupt);
    if (e) {
        warden_error_delete(e);
        return false;
    }
    s->watching = pthread_create(&s->thread, NULL, watch, s) == 0;
    return s->watching;
}

int cli_signals_received(cli_signals_t *s)
{
    return atomic_load(&s->received);
}

void cli_signals_stop(cli_signals_t *s)
{
    if (s->watching) {
        /* Woken by a signal of its own set rather than cancelled: cancellation would load the
         * unwinder (libgcc_s) into every run. */
        atomic_store(&s->stopping, true);
        pthread_kill(s->thread, s->wake);
        pthread_join(s->thread, NULL);
        s->watching = false;
    }
    warden_interrupt_delete(s->interrupt);
    s->interrupt = NULL;
    if (s->blocked) pthread_sigmask(SIG_SETMASK, &s->old_mask, NULL);
    s->blocked = false;
}
