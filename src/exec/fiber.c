/* Fibers for compiled code (exec/fiber.h). */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "exec/fiber.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WX_ASAN 1
#endif
#if __has_feature(thread_sanitizer)
#define WX_TSAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define WX_ASAN 1
#endif
#if defined(__SANITIZE_THREAD__)
#define WX_TSAN 1
#endif

#ifdef WX_ASAN
void __sanitizer_start_switch_fiber(void **fake_stack_save, const void *bottom, size_t size);
void __sanitizer_finish_switch_fiber(void *fake_stack_save, const void **bottom_old,
                                     size_t *size_old);
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
#endif
#ifdef WX_TSAN
void *__tsan_get_current_fiber(void);
void *__tsan_create_fiber(unsigned flags);
void __tsan_destroy_fiber(void *fiber);
void __tsan_switch_to_fiber(void *fiber, unsigned flags);
#endif

#if defined(__x86_64__) && !defined(WARDEN_FIBER_UCONTEXT)
/* wx_switch(save, load): pushes the callee-saved registers and the SSE and x87 control words,
 * stores the stack pointer in *save, takes `load` as the stack pointer and pops what the other
 * side pushed. A new fiber's stack starts with such a frame whose return address is
 * wx_fiber_boot, which calls wx_fiber_main(fiber) (r12: the fiber). */
void wx_switch(void **save, void *load);
void wx_fiber_boot(void);
__asm__(".text\n"
        ".globl wx_switch\n"
        ".type wx_switch,@function\n"
        "wx_switch:\n"
        "  pushq %rbp\n"
        "  pushq %rbx\n"
        "  pushq %r12\n"
        "  pushq %r13\n"
        "  pushq %r14\n"
        "  pushq %r15\n"
        "  subq $16, %rsp\n"
        "  stmxcsr 8(%rsp)\n"
        "  fnstcw (%rsp)\n"
        "  movq %rsp, (%rdi)\n"
        "  movq %rsi, %rsp\n"
        "  ldmxcsr 8(%rsp)\n"
        "  fldcw (%rsp)\n"
        "  addq $16, %rsp\n"
        "  popq %r15\n"
        "  popq %r14\n"
        "  popq %r13\n"
        "  popq %r12\n"
        "  popq %rbx\n"
        "  popq %rbp\n"
        "  ret\n"
        ".size wx_switch, .-wx_switch\n"
        ".globl wx_fiber_boot\n"
        ".type wx_fiber_boot,@function\n"
        "wx_fiber_boot:\n"
        "  movq %r12, %rdi\n"
        "  call wx_fiber_main\n"
        "  ud2\n"
        ".size wx_fiber_boot, .-wx_fiber_boot\n");
#define WX_FIBER_ASM 1
#else
#include <ucontext.h>
#endif

struct wx_fiber {
    uint8_t *map; /* the mapping: a guard page, then the stack */
    size_t map_size;
    uint8_t *lo, *hi; /* the stack */
    wx_fiber_fn fn;
    void *arg;
    bool done;
#ifdef WX_FIBER_ASM
    void *sp;      /* the fiber's stack pointer while it is not running */
    void *back_sp; /* the thread's while the fiber runs */
#else
    ucontext_t ctx, back;
#endif
#ifdef WX_ASAN
    void *fake_stack;
    const void *back_bottom;
    size_t back_size;
#endif
#ifdef WX_TSAN
    void *tsan_fiber, *tsan_back;
#endif
};

void wx_fiber_main(wx_fiber *f);

wx_fiber *wx_fiber_new(size_t bytes)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t size = (bytes + page - 1) / page * page;
    wx_fiber *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->map_size = size + page;
    void *m = mmap(NULL, f->map_size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED) {
        free(f);
        return NULL;
    }
    f->map = m;
    /* The guard page: running off the stack faults instead of writing over other memory. */
    if (mprotect(f->map, page, PROT_NONE) != 0) {
        munmap(f->map, f->map_size);
        free(f);
        return NULL;
    }
    f->lo = f->map + page;
    f->hi = f->map + f->map_size;
#ifdef WX_TSAN
    f->tsan_fiber = __tsan_create_fiber(0);
#endif
    return f;
}

void wx_fiber_free(wx_fiber *f)
{
    if (!f) return;
#ifdef WX_TSAN
    __tsan_destroy_fiber(f->tsan_fiber);
#endif
    munmap(f->map, f->map_size);
    free(f);
}

void wx_fiber_bounds(const wx_fiber *f, uintptr_t *lo, uintptr_t *hi)
{
    *lo = (uintptr_t)f->lo;
    *hi = (uintptr_t)f->hi;
}

/* Thread -> fiber. */
static void switch_in(wx_fiber *f)
{
#ifdef WX_ASAN
    void *fake = NULL;
    __sanitizer_start_switch_fiber(&fake, f->lo, (size_t)(f->hi - f->lo));
#endif
#ifdef WX_TSAN
    f->tsan_back = __tsan_get_current_fiber();
    __tsan_switch_to_fiber(f->tsan_fiber, 0);
#endif
#ifdef WX_FIBER_ASM
    wx_switch(&f->back_sp, f->sp);
#else
    swapcontext(&f->back, &f->ctx);
#endif
#ifdef WX_ASAN
    __sanitizer_finish_switch_fiber(fake, NULL, NULL);
#endif
}

/* Fiber -> thread. */
static void switch_out(wx_fiber *f)
{
#ifdef WX_ASAN
    __sanitizer_start_switch_fiber(f->done ? NULL : &f->fake_stack, f->back_bottom, f->back_size);
#endif
#ifdef WX_TSAN
    __tsan_switch_to_fiber(f->tsan_back, 0);
#endif
#ifdef WX_FIBER_ASM
    wx_switch(&f->sp, f->back_sp);
#else
    swapcontext(&f->ctx, &f->back);
#endif
#ifdef WX_ASAN
    __sanitizer_finish_switch_fiber(f->fake_stack, &f->back_bottom, &f->back_size);
#endif
}

void wx_fiber_main(wx_fiber *f)
{
#ifdef WX_ASAN
    __sanitizer_finish_switch_fiber(NULL, &f->back_bottom, &f->back_size);
#endif
    f->fn(f->arg);
    f->done = true;
    switch_out(f);
}

#ifndef WX_FIBER_ASM
static void ucontext_main(unsigned hi, unsigned lo)
{
    wx_fiber_main((wx_fiber *)(((uintptr_t)hi << 32) | (uintptr_t)lo));
}
#endif

bool wx_fiber_start(wx_fiber *f, wx_fiber_fn fn, void *arg)
{
    f->fn = fn;
    f->arg = arg;
    f->done = false;
#ifdef WX_FIBER_ASM
    /* The frame wx_switch pops: control words, r15, r14, r13, r12 (the fiber), rbx, rbp, then
     * the return address. Once it is popped the stack pointer is 16-byte aligned, so the call in
     * wx_fiber_boot enters wx_fiber_main as the ABI wants. */
    uint64_t *sp = (uint64_t *)((uintptr_t)f->hi & ~(uintptr_t)15);
    *--sp = (uint64_t)(uintptr_t)&wx_fiber_boot;
    *--sp = 0;                      /* rbp */
    *--sp = 0;                      /* rbx */
    *--sp = (uint64_t)(uintptr_t)f; /* r12 */
    *--sp = 0;                      /* r13 */
    *--sp = 0;                      /* r14 */
    *--sp = 0;                      /* r15 */
    uint32_t mxcsr;
    uint16_t fpucw;
    __asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
    __asm__ volatile("fnstcw %0" : "=m"(fpucw));
    *--sp = (uint64_t)mxcsr;
    *--sp = (uint64_t)fpucw;
    f->sp = sp;
#else
    getcontext(&f->ctx);
    f->ctx.uc_stack.ss_sp = f->lo;
    f->ctx.uc_stack.ss_size = (size_t)(f->hi - f->lo);
    f->ctx.uc_link = NULL;
    uintptr_t p = (uintptr_t)f;
    makecontext(&f->ctx, (void (*)(void))ucontext_main, 2, (unsigned)(p >> 32), (unsigned)p);
#endif
    switch_in(f);
    return f->done;
}

bool wx_fiber_resume(wx_fiber *f)
{
    switch_in(f);
    return f->done;
}

void wx_fiber_pause(wx_fiber *f)
{
    switch_out(f);
}

void wx_fiber_abandon(wx_fiber *f)
{
    f->done = true;
#ifdef WX_ASAN
    /* The frames left there may have poisoned their red zones. */
    __asan_unpoison_memory_region(f->lo, (size_t)(f->hi - f->lo));
#endif
}
