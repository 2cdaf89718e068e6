#include "util/cpu.h"

#include <unistd.h>

bool wd_cpu_has_ssse3(void)
{
#ifdef WD_SSSE3_AT_RUN_TIME
    return __builtin_cpu_supports("ssse3");
#else
    return false;
#endif
}

unsigned wd_cpu_threads_for(size_t bytes, size_t min_bytes, size_t items, uint32_t wanted)
{
    size_t most = min_bytes ? bytes / min_bytes : bytes;
    if (items < 2 || most < 2 || wanted == 1) return 1;
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    size_t n = online > 1 ? (size_t)online : 1;
    if (wanted && wanted < n) n = wanted;
    if (most < n) n = most;
    if (items < n) n = items;
    return (unsigned)n;
}
