/* A plain C program using stdio, files, directories, the environment, clocks and random numbers.
 * Built both natively and for wasm32-wasi: the two standard outputs must be identical. */
//! dir .
//! arg alpha
//! arg two words
//! env COLOR=blue
//! env EMPTY=
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        printf("opendir %s failed\n", path);
        return;
    }
    char *names[64];
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) && n < 64)
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) names[n++] = strdup(de->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp);
    printf("%s:", path);
    for (int i = 0; i < n; i++) {
        struct stat st;
        char p[512];
        snprintf(p, sizeof p, "%s/%s", path, names[i]);
        if (stat(p, &st) == 0) printf(" %s%s", names[i], S_ISDIR(st.st_mode) ? "/" : "");
        free(names[i]);
    }
    printf("\n");
}

int main(int argc, char **argv)
{
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
    printf("COLOR=%s EMPTY=[%s] HOME=%s\n", getenv("COLOR"), getenv("EMPTY"),
           getenv("HOME") ? "set" : "unset");
    printf("%5.2f|%-6s|%x|%lld|%c\n", 3.14159, "left", 255u, -1234567890123ll, 'z');

    FILE *f = fopen("notes.txt", "w");
    for (int i = 1; i <= 3; i++) fprintf(f, "line %d\n", i);
    fclose(f);
    f = fopen("notes.txt", "a");
    fputs("appended\n", f);
    fclose(f);
    char line[64];
    f = fopen("notes.txt", "r");
    while (fgets(line, sizeof line, f)) printf("read: %s", line);
    fseek(f, 5, SEEK_SET);
    int c = fgetc(f);
    printf("at 5: %c, tell %ld\n", c, ftell(f));
    fclose(f);
    struct stat st;
    stat("notes.txt", &st);
    printf("size %lld, regular %d\n", (long long)st.st_size, S_ISREG(st.st_mode));

    printf("missing: %s\n", fopen("missing.txt", "r") == NULL && errno == ENOENT ? "ENOENT" : "?");
    printf("mkdir: %d\n", mkdir("made", 0755));
    printf("mkdir again: %s\n", mkdir("made", 0755) != 0 && errno == EEXIST ? "EEXIST" : "?");
    f = fopen("made/inside.txt", "w");
    fputs("x", f);
    fclose(f);
    printf("rename: %d\n", rename("made/inside.txt", "made/moved.txt"));
    list(".");
    list("made");
    list("sub");
    printf("rmdir nonempty: %s\n", rmdir("made") != 0 && errno == ENOTEMPTY ? "ENOTEMPTY" : "?");
    printf("unlink: %d %d\n", unlink("made/moved.txt"), unlink("notes.txt"));
    printf("rmdir: %d\n", rmdir("made"));
    list(".");

    time_t now = time(NULL);
    printf("time after 2020: %d\n", now > 1600000000);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("monotonic: %d\n",
           b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec));
    struct timespec cpu;
    printf("cpu clock: %d\n", clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu) == 0);
    unsigned char r1[32], r2[32];
    int got = getentropy(r1, sizeof r1) == 0 && getentropy(r2, sizeof r2) == 0;
    printf("random: %d %d\n", got, memcmp(r1, r2, sizeof r1) != 0);
    return 0;
}
