/* LLVM 19 as the compiled tier uses it: a module built with the C API (i32 add and a loop that
 * sums 1..n), optimised with the new pass manager, compiled in-process by the ORC LLJIT, and
 * called. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <llvm-c/Core.h>
#include <llvm-c/Error.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>
#include <llvm-c/Target.h>
#include <llvm-c/Transforms/PassBuilder.h>

/* Calls into generated code are not checked by clang's -fsanitize=function (part of
 * -fsanitize=undefined), which reads a type signature in front of the callee that generated code
 * does not have, and can fault reading it. */
#if defined(__clang__)
#define NO_FUNCTION_SANITIZER __attribute__((no_sanitize("function")))
#else
#define NO_FUNCTION_SANITIZER
#endif

NO_FUNCTION_SANITIZER static int32_t call2(LLVMOrcExecutorAddress at, int32_t a, int32_t b)
{
    return ((int32_t (*)(int32_t, int32_t))(uintptr_t)at)(a, b);
}

NO_FUNCTION_SANITIZER static int32_t call1(LLVMOrcExecutorAddress at, int32_t a)
{
    return ((int32_t (*)(int32_t))(uintptr_t)at)(a);
}

static void ok(LLVMErrorRef err)
{
    if (!err) return;
    char *msg = LLVMGetErrorMessage(err);
    fail_msg("LLVM: %s", msg);
}

/* sum(n) = 1 + 2 + ... + n, with a loop (a phi per variable). */
static void build_sum(LLVMContextRef ctx, LLVMModuleRef m)
{
    LLVMTypeRef i32 = LLVMInt32TypeInContext(ctx);
    LLVMValueRef f = LLVMAddFunction(m, "sum", LLVMFunctionType(i32, &i32, 1, 0));
    LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(ctx, f, "entry");
    LLVMBasicBlockRef loop = LLVMAppendBasicBlockInContext(ctx, f, "loop");
    LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(ctx, f, "done");
    LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
    LLVMPositionBuilderAtEnd(b, entry);
    LLVMValueRef zero = LLVMConstInt(i32, 0, 0), one = LLVMConstInt(i32, 1, 0);
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntSGT, LLVMGetParam(f, 0), zero, "pos"), loop, done);
    LLVMPositionBuilderAtEnd(b, loop);
    LLVMValueRef i = LLVMBuildPhi(b, i32, "i"), acc = LLVMBuildPhi(b, i32, "acc");
    LLVMValueRef acc2 = LLVMBuildAdd(b, acc, i, "acc2");
    LLVMValueRef i2 = LLVMBuildAdd(b, i, one, "i2");
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntSLE, i2, LLVMGetParam(f, 0), "more"), loop, done);
    LLVMValueRef ivals[2] = {one, i2}, avals[2] = {zero, acc2};
    LLVMBasicBlockRef from[2] = {entry, loop};
    LLVMAddIncoming(i, ivals, from, 2);
    LLVMAddIncoming(acc, avals, from, 2);
    LLVMPositionBuilderAtEnd(b, done);
    LLVMValueRef r = LLVMBuildPhi(b, i32, "r");
    LLVMValueRef rvals[2] = {zero, acc2};
    LLVMAddIncoming(r, rvals, from, 2);
    LLVMBuildRet(b, r);
    LLVMDisposeBuilder(b);
}

static void test_jit(void **state)
{
    (void)state;
    assert_int_equal(LLVMInitializeNativeTarget(), 0);
    assert_int_equal(LLVMInitializeNativeAsmPrinter(), 0);
    LLVMOrcThreadSafeContextRef tsc = LLVMOrcCreateNewThreadSafeContext();
    LLVMContextRef ctx = LLVMOrcThreadSafeContextGetContext(tsc);
    LLVMModuleRef m = LLVMModuleCreateWithNameInContext("smoke", ctx);
    LLVMTypeRef i32 = LLVMInt32TypeInContext(ctx);
    LLVMTypeRef params[2] = {i32, i32};
    LLVMValueRef add = LLVMAddFunction(m, "add", LLVMFunctionType(i32, params, 2, 0));
    LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
    LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(ctx, add, "entry"));
    LLVMBuildRet(b, LLVMBuildAdd(b, LLVMGetParam(add, 0), LLVMGetParam(add, 1), "sum"));
    LLVMDisposeBuilder(b);
    build_sum(ctx, m);

    /* -O2 through the new pass manager, on the host's target. */
    LLVMOrcLLJITRef jit = NULL;
    ok(LLVMOrcCreateLLJIT(&jit, NULL));
    LLVMSetDataLayout(m, LLVMOrcLLJITGetDataLayoutStr(jit));
    LLVMSetTarget(m, LLVMOrcLLJITGetTripleString(jit));
    LLVMPassBuilderOptionsRef opts = LLVMCreatePassBuilderOptions();
    ok(LLVMRunPasses(m, "default<O2>", NULL, opts));
    LLVMDisposePassBuilderOptions(opts);

    LLVMOrcThreadSafeModuleRef tsm = LLVMOrcCreateNewThreadSafeModule(m, tsc);
    LLVMOrcDisposeThreadSafeContext(tsc);
    ok(LLVMOrcLLJITAddLLVMIRModule(jit, LLVMOrcLLJITGetMainJITDylib(jit), tsm));
    LLVMOrcExecutorAddress at = 0;
    ok(LLVMOrcLLJITLookup(jit, &at, "add"));
    assert_int_equal(call2(at, 2, 3), 5);
    assert_int_equal(call2(at, INT32_MAX, 1), INT32_MIN); /* i32.add wraps */
    ok(LLVMOrcLLJITLookup(jit, &at, "sum"));
    assert_int_equal(call1(at, 0), 0);
    assert_int_equal(call1(at, 10), 55);
    assert_int_equal(call1(at, 1000), 500500);
    ok(LLVMOrcDisposeLLJIT(jit));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_jit)};
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    LLVMShutdown();
    return failed;
}
