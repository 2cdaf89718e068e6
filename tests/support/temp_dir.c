/* Scratch directories for the test programs. */
#include "temp_dir.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *temp_dir_new(const char *prefix)
{
    const char *base = getenv("TMPDIR");
    char *d = malloc(512);
    if (!d) return NULL;
    snprintf(d, 512, "%s/%s-XXXXXX", base && base[0] ? base : "/tmp", prefix);
    if (!mkdtemp(d)) {
        free(d);
        return NULL;
    }
    return d;
}

void temp_dir_remove(char *dir)
{
    if (!dir) return;
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            char p[1024];
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(dir);
    free(dir);
}
