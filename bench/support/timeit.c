/*
 * timeit.c — runs a command and reports what it cost.
 *
 *   timeit SECONDS FILE COMMAND [ARGS...]
 *
 * Runs COMMAND (standard streams inherited) and writes "WALL USER SYSTEM" in seconds to FILE:
 * wall-clock time from fork to exit, and the CPU time of the command and all its threads. Kills
 * it after SECONDS and exits 124 then; otherwise exits with the command's status (128 + the
 * signal's number when a signal ended it).
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t timed_out;

static void on_alarm(int sig)
{
    (void)sig;
    timed_out = 1;
}

static double seconds(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec * 1e-6;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: timeit SECONDS FILE COMMAND [ARGS...]\n");
        return 2;
    }
    char *end;
    unsigned long limit = strtoul(argv[1], &end, 10);
    if (*end || end == argv[1] || limit == 0 || limit > 86400) {
        fprintf(stderr, "timeit: bad time limit '%s'\n", argv[1]);
        return 2;
    }
    FILE *report = fopen(argv[2], "w");
    if (!report) {
        fprintf(stderr, "timeit: cannot write %s\n", argv[2]);
        return 2;
    }

    struct sigaction sa = {0};
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);

    struct timespec start, stop;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pid_t pid = fork();
    if (pid < 0) {
        perror("timeit: fork");
        return 2;
    }
    if (pid == 0) {
        execvp(argv[3], argv + 3);
        fprintf(stderr, "timeit: cannot run %s\n", argv[3]);
        _exit(127);
    }
    alarm((unsigned)limit);
    int status;
    struct rusage usage;
    pid_t got;
    while ((got = wait4(pid, &status, 0, &usage)) < 0 && errno == EINTR) {
        if (timed_out) kill(pid, SIGKILL);
    }
    clock_gettime(CLOCK_MONOTONIC, &stop);
    if (got < 0) {
        perror("timeit: wait");
        return 2;
    }
    double wall =
        (double)(stop.tv_sec - start.tv_sec) + (double)(stop.tv_nsec - start.tv_nsec) * 1e-9;
    fprintf(report, "%.6f %.6f %.6f\n", wall, seconds(usage.ru_utime), seconds(usage.ru_stime));
    fclose(report);
    if (timed_out) return 124;
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}
