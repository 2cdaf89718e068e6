/* What the CPU the engine runs on can do, where the build leaves it open. */
#ifndef WARDEN_UTIL_CPU_H
#define WARDEN_UTIL_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* On x86 with SSE2 vectors but a build that does not assume SSSE3 (the default), the i8x16.shuffle
 * handler has a second, SSSE3 form chosen at run time; WARDEN_SIMD_PORTABLE builds have none. */
#if defined(__GNUC__) && !defined(WARDEN_SIMD_PORTABLE) && defined(__SSE2__) &&                    \
    !defined(__SSSE3__) && (defined(__x86_64__) || defined(__i386__))
#define WD_SSSE3_AT_RUN_TIME 1
#endif

/* True when the SSSE3 form exists in this build and the CPU has SSSE3. */
bool wd_cpu_has_ssse3(void);

/* How many threads share `bytes` of work split into `items` pieces (a module's function bodies):
 * at most one per online CPU and one per piece, at most `wanted` (0: no other cap; 1: the
 * caller alone), each with at least `min_bytes`; 1 when there is too little to share. */
unsigned wd_cpu_threads_for(size_t bytes, size_t min_bytes, size_t items, uint32_t wanted);

#endif
