/* Compiling a module: its functions as one LLVM module, optimised (the new pass manager's
 * default<O2>), emitted as an object for this CPU, and linked in process by an ORC LLJIT of the
 * module's own, which resolves the helpers compiled code calls (exec/native.h) to their
 * addresses in this process. */
#include <llvm-c/Analysis.h>
#include <llvm-c/Error.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/exec.h"
#include "exec/native.h"
#include "llvm/llvm.h"
#include "llvm/unit.h"
#include "util/cpu.h"

struct wj_code {
    LLVMOrcLLJITRef jit;
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static bool init_ok;

static void init_llvm(void)
{
    init_ok = !LLVMInitializeNativeTarget() && !LLVMInitializeNativeAsmPrinter();
}

static warden_error_t *fail(const char *what, char *detail)
{
    warden_error_t *e = wo_error(WARDEN_ERROR_ARGUMENT, -1, "compiling to native code: %s%s%s",
                                 what, detail ? ": " : "", detail ? detail : "");
    free(detail);
    return e;
}

static char *error_text(LLVMErrorRef err)
{
    char *m = LLVMGetErrorMessage(err);
    char *copy = strdup(m ? m : "unknown error");
    LLVMDisposeErrorMessage(m);
    return copy;
}

static char *llvm_text(char *m)
{
    char *copy = strdup(m ? m : "unknown error");
    LLVMDisposeMessage(m);
    return copy;
}

/* A target machine for the CPU this process runs on. */
static LLVMTargetMachineRef host_machine(char **error)
{
    char *triple = LLVMGetDefaultTargetTriple();
    LLVMTargetRef target;
    char *msg = NULL;
    if (LLVMGetTargetFromTriple(triple, &target, &msg)) {
        *error = llvm_text(msg);
        LLVMDisposeMessage(triple);
        return NULL;
    }
    char *cpu = LLVMGetHostCPUName(), *features = LLVMGetHostCPUFeatures();
    LLVMTargetMachineRef tm = LLVMCreateTargetMachine(
        target, triple, cpu, features, LLVMCodeGenLevelDefault, LLVMRelocPIC, LLVMCodeModelDefault);
    LLVMDisposeMessage(cpu);
    LLVMDisposeMessage(features);
    LLVMDisposeMessage(triple);
    if (!tm) *error = strdup("no target machine for this CPU");
    return tm;
}

/* Builds, checks and optimises the module's IR in u->M. */
static bool build_ir(wj_unit *u, LLVMTargetMachineRef tm, char **error)
{
    if (!wj_rt_open(u, error)) return false;
    u->M = LLVMModuleCreateWithNameInContext("warden", u->C);
    char *triple = LLVMGetTargetMachineTriple(tm);
    LLVMSetTarget(u->M, triple);
    LLVMDisposeMessage(triple);
    LLVMTargetDataRef dl = LLVMCreateTargetDataLayout(tm);
    LLVMSetModuleDataLayout(u->M, dl);
    LLVMDisposeTargetData(dl);
    uint32_t n = u->m->nbodies;
    u->fns = calloc(n ? n : 1, sizeof *u->fns);
    if (!u->fns) {
        *error = strdup("out of memory");
        return false;
    }
    unsigned nounwind = LLVMGetEnumAttributeKindForName("nounwind", 8);
    for (uint32_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "f%u", i);
        u->fns[i] = LLVMAddFunction(u->M, name, u->fn_type);
        LLVMAddAttributeAtIndex(u->fns[i], LLVMAttributeFunctionIndex,
                                LLVMCreateEnumAttribute(u->C, nounwind, 0));
    }
    for (uint32_t i = 0; i < n; i++)
        if (!wj_emit_function(u, i, error)) return false;
    if (!wj_rt_link(u, error)) return false;
    char *msg = NULL;
    if (LLVMVerifyModule(u->M, LLVMReturnStatusAction, &msg)) {
        *error = llvm_text(msg);
        return false;
    }
    LLVMDisposeMessage(msg);
    LLVMPassBuilderOptionsRef opts = LLVMCreatePassBuilderOptions();
    LLVMErrorRef err = LLVMRunPasses(u->M, "default<O2>", tm, opts);
    LLVMDisposePassBuilderOptions(opts);
    if (err) {
        *error = error_text(err);
        return false;
    }
    return true;
}

/* The addresses of the helpers, for the linker. */
static bool define_helpers(LLVMOrcLLJITRef jit, char **error)
{
#define WJ_HELPER(name) {#name, (void *)(uintptr_t)&name},
    static const struct {
        const char *name;
        void *addr;
    } helpers[] = {WX_NATIVE_HELPERS(WJ_HELPER) WJ_HELPER(wd_cpu_has_ssse3)};
#undef WJ_HELPER
    size_t n = sizeof helpers / sizeof helpers[0];
    LLVMOrcCSymbolMapPair pairs[sizeof helpers / sizeof helpers[0]];
    for (size_t i = 0; i < n; i++) {
        pairs[i].Name = LLVMOrcLLJITMangleAndIntern(jit, helpers[i].name);
        pairs[i].Sym.Address = (LLVMOrcExecutorAddress)(uintptr_t)helpers[i].addr;
        pairs[i].Sym.Flags.GenericFlags =
            LLVMJITSymbolGenericFlagsExported | LLVMJITSymbolGenericFlagsCallable;
        pairs[i].Sym.Flags.TargetFlags = 0;
    }
    LLVMOrcJITDylibRef jd = LLVMOrcLLJITGetMainJITDylib(jit);
    LLVMOrcMaterializationUnitRef mu = LLVMOrcAbsoluteSymbols(pairs, n);
    LLVMErrorRef err = LLVMOrcJITDylibDefine(jd, mu);
    if (err) {
        LLVMOrcDisposeMaterializationUnit(mu);
        *error = error_text(err);
        return false;
    }
    /* memcpy, memset and the maths functions LLVM may call. */
    LLVMOrcDefinitionGeneratorRef gen = NULL;
    err = LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess(
        &gen, LLVMOrcLLJITGetGlobalPrefix(jit), NULL, NULL);
    if (err) {
        *error = error_text(err);
        return false;
    }
    LLVMOrcJITDylibAddGenerator(jd, gen);
    return true;
}

/* Links the object and finds every function's code. */
static bool link_object(LLVMOrcLLJITRef jit, LLVMMemoryBufferRef obj, warden_module_t *mod,
                        void **natives, char **error)
{
    LLVMErrorRef err = LLVMOrcLLJITAddObjectFile(jit, LLVMOrcLLJITGetMainJITDylib(jit), obj);
    if (err) {
        *error = error_text(err);
        return false;
    }
    for (uint32_t i = 0; i < mod->m->nbodies; i++) {
        char name[32];
        snprintf(name, sizeof name, "f%u", i);
        LLVMOrcExecutorAddress addr = 0;
        err = LLVMOrcLLJITLookup(jit, &addr, name);
        if (err) {
            *error = error_text(err);
            return false;
        }
        natives[i] = (void *)(uintptr_t)addr;
    }
    return true;
}

warden_error_t *wj_compile_module(warden_module_t *mod)
{
    pthread_once(&init_once, init_llvm);
    if (!init_ok) return fail("LLVM has no native target", NULL);
    char *error = NULL;
    LLVMTargetMachineRef tm = host_machine(&error);
    if (!tm) return fail("target", error);
    wj_unit u = {.mod = mod, .m = mod->m, .handlers = wx_handlers()};
    u.C = LLVMContextCreate();
    u.B = LLVMCreateBuilderInContext(u.C);
    u.i1 = LLVMInt1TypeInContext(u.C);
    u.i8 = LLVMInt8TypeInContext(u.C);
    u.i32 = LLVMInt32TypeInContext(u.C);
    u.i64 = LLVMInt64TypeInContext(u.C);
    u.ptr = LLVMPointerTypeInContext(u.C, 0);
    u.vd = LLVMVoidTypeInContext(u.C);
    LLVMTypeRef fp[3] = {u.ptr, u.ptr, u.ptr};
    u.fn_type = LLVMFunctionType(u.vd, fp, 3, 0);
    LLVMTypeRef hp[4] = {u.ptr, u.ptr, u.ptr, u.i64};
    u.handler_type = LLVMFunctionType(u.i32, hp, 4, 0);
    u.has_memory = mod->m->nmems > 0;

    warden_error_t *result = NULL;
    LLVMMemoryBufferRef obj = NULL;
    LLVMOrcLLJITRef jit = NULL;
    void **natives = NULL;
    struct wj_code *code = NULL;
    if (!build_ir(&u, tm, &error)) {
        result = fail("building", error);
        goto done;
    }
    char *msg = NULL;
    if (LLVMTargetMachineEmitToMemoryBuffer(tm, u.M, LLVMObjectFile, &msg, &obj)) {
        result = fail("emitting", llvm_text(msg));
        goto done;
    }
    LLVMErrorRef err = LLVMOrcCreateLLJIT(&jit, LLVMOrcCreateLLJITBuilder());
    if (err) {
        result = fail("linker", error_text(err));
        goto done;
    }
    natives = calloc(mod->m->nbodies ? mod->m->nbodies : 1, sizeof *natives);
    code = malloc(sizeof *code);
    if (!natives || !code) {
        result = wo_error_oom();
        goto done;
    }
    if (!define_helpers(jit, &error)) {
        result = fail("linker", error);
        goto done;
    }
    LLVMMemoryBufferRef taken = obj;
    obj = NULL; /* the linker owns it now, whatever happens */
    if (!link_object(jit, taken, mod, natives, &error)) {
        result = fail("linking", error);
        goto done;
    }
    for (uint32_t i = 0; i < mod->m->nbodies; i++) mod->funcs[i].native = natives[i];
    code->jit = jit;
    jit = NULL;
    mod->jit = code;
    code = NULL;
done:
    free(natives);
    free(code);
    if (jit) LLVMOrcDisposeLLJIT(jit);
    if (obj) LLVMDisposeMemoryBuffer(obj);
    free(u.fns);
    if (u.R) LLVMDisposeModule(u.R);
    if (u.M) LLVMDisposeModule(u.M);
    LLVMDisposeBuilder(u.B);
    LLVMContextDispose(u.C);
    LLVMDisposeTargetMachine(tm);
    return result;
}

void wj_code_free(struct wj_code *code)
{
    if (!code) return;
    LLVMOrcDisposeLLJIT(code->jit);
    free(code);
}
