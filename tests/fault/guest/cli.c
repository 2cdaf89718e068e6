/* The WASI guest of fault/cli-wasi: small, so that `warden run` compiles it quickly on every run of
 * the walk. Run with the arguments "cli alpha beta", FAULT_MODE=on in the environment and the
 * directory "/work" preopened. A call that fails ends it with status 1 and a line on standard
 * error; a wrong result with status 99. It prints "done" last. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void say(int fd, const char *text)
{
    (void)!write(fd, text, strlen(text));
}

static void step(int ok, const char *what)
{
    if (!ok) {
        say(2, "cli: failed: ");
        say(2, what);
        say(2, "\n");
        exit(1);
    }
}

int main(int argc, char **argv)
{
    if (argc != 3 || strcmp(argv[1], "alpha") || strcmp(argv[2], "beta")) exit(99);
    const char *mode = getenv("FAULT_MODE");
    if (!mode || strcmp(mode, "on")) exit(99);
    int fd = open("/work/cli.txt", O_CREAT | O_TRUNC | O_WRONLY, 0644);
    step(fd >= 0, "open for writing");
    step(write(fd, "cli", 3) == 3, "write");
    step(close(fd) == 0, "close");
    char buf[8] = {0};
    fd = open("/work/cli.txt", O_RDONLY);
    step(fd >= 0, "open for reading");
    step(read(fd, buf, sizeof buf) == 3, "read");
    if (memcmp(buf, "cli", 3)) exit(99);
    step(close(fd) == 0, "close");
    step(unlink("/work/cli.txt") == 0, "unlink");
    step(write(1, "done\n", 5) == 5, "write standard output");
    return 0;
}
