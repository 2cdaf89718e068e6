/* The large hostile modules, built in memory (builder.h). Each returns the module's bytes. */
#ifndef WARDEN_TESTS_HOSTILE_MODULES_H
#define WARDEN_TESTS_HOSTILE_MODULES_H

#include "builder.h"

/* `n` distinct function types (nine parameters each, of four kinds), nothing else. */
wb_buf hm_many_types(uint32_t n);
/* `n` empty functions of one type [] -> []: 4 bytes each. */
wb_buf hm_many_funcs(uint32_t n);
/* Export "wide": a function [] -> [] declaring `n` v128 locals in one group, with an empty body. */
wb_buf hm_wide_locals(uint32_t n);

/* A memory of `pages` pages and one active data segment of `len` bytes at offset 0. */
wb_buf hm_big_data(uint32_t pages, uint32_t len);

#endif
