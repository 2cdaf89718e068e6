#include "util/cpu.h"

bool wd_cpu_has_ssse3(void)
{
#ifdef WD_SSSE3_AT_RUN_TIME
    return __builtin_cpu_supports("ssse3");
#else
    return false;
#endif
}
