/*
 * pixels_simd — the pixels workload built with -msimd128 for wasm32: the same source, so the two
 * rows of the table compare scalar and vector code of one program.
 */
#include "pixels.c"
