/* Compiling a module: its functions as one LLVM module, optimised (the new pass manager's
 * default<O2>), emitted as an object for this CPU, and linked in process by an ORC LLJIT of the
 * module's own, which resolves the helpers compiled code calls (exec/native.h) to their
 * addresses in this process. The object is kept: it is what the code cache (llvm/cache.h) and
 * .cwasm files (llvm/artifact.h) hold, and an object read back from them is linked the same way
 * instead of compiling. */
#include <llvm-c/Analysis.h>
#include <llvm-c/Error.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/exec.h"
#include "exec/native.h"
#include "llvm/artifact.h"
#include "llvm/cache.h"
#include "llvm/llvm.h"
#include "llvm/parts.h"
#include "llvm/unit.h"
#include "util/cpu.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static bool init_ok;

static void init_llvm(void)
{
    init_ok = !LLVMInitializeNativeTarget() && !LLVMInitializeNativeAsmPrinter();
}

warden_error_t *wj_fail(const char *what, char *detail)
{
    warden_error_t *e = wo_error(WARDEN_ERROR_ARGUMENT, -1, "compiling to native code: %s%s%s",
                                 what, detail ? ": " : "", detail ? detail : "");
    free(detail);
    return e;
}

/* The module is being deleted: a compile in the background gives up (runtime/tier_up.c). */
static bool stopped(const warden_module_t *mod)
{
    return atomic_load_explicit(&((warden_module_t *)mod)->compile_stop, memory_order_relaxed);
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

/* A target machine for the CPU this process runs on, and that CPU's name and features (the
 * caller disposes of them with LLVMDisposeMessage). */
static LLVMTargetMachineRef host_machine(char **cpu, char **features, char **error)
{
    char *triple = LLVMGetDefaultTargetTriple();
    LLVMTargetRef target;
    char *msg = NULL;
    *cpu = *features = NULL;
    if (LLVMGetTargetFromTriple(triple, &target, &msg)) {
        *error = llvm_text(msg);
        LLVMDisposeMessage(triple);
        return NULL;
    }
    *cpu = LLVMGetHostCPUName();
    *features = LLVMGetHostCPUFeatures();
    LLVMTargetMachineRef tm =
        LLVMCreateTargetMachine(target, triple, *cpu, *features, LLVMCodeGenLevelDefault,
                                LLVMRelocPIC, LLVMCodeModelDefault);
    LLVMDisposeMessage(triple);
    if (!tm) *error = strdup("no target machine for this CPU");
    return tm;
}

/* Defines part k's table (wj_part_table) in u->M. */
static bool define_part_table(wj_unit *u, unsigned k, uint32_t lo, uint32_t hi, char **error)
{
    LLVMTypeRef fields[4] = {u->ptr, u->i64, u->ptr, u->ptr};
    LLVMTypeRef fn_t = LLVMStructTypeInContext(u->C, fields, 4, 0);
    uint32_t n = hi - lo;
    LLVMValueRef *fns = malloc((n ? n : 1) * sizeof *fns);
    if (!fns) {
        *error = strdup("out of memory");
        return false;
    }
    for (uint32_t i = 0; i < n; i++) {
        const wc_code *c = u->lowered[lo + i];
        LLVMValueRef loop = u->loop_fns[lo + i];
        LLVMValueRef v[4] = {u->fns[lo + i], LLVMConstInt(u->i64, c->frame_slots, 0),
                             loop ? loop : LLVMConstNull(u->ptr),
                             u->bodies[lo + i] ? u->bodies[lo + i] : LLVMConstNull(u->ptr)};
        fns[i] = LLVMConstNamedStruct(fn_t, v, 4);
    }
    LLVMValueRef head[3] = {LLVMConstInt(u->i64, lo, 0), LLVMConstInt(u->i64, hi, 0),
                            LLVMConstArray2(fn_t, fns, n)};
    free(fns);
    LLVMValueRef init = LLVMConstStructInContext(u->C, head, 3, 0);
    char name[32];
    snprintf(name, sizeof name, "part%u", k);
    LLVMValueRef g = LLVMAddGlobal(u->M, LLVMTypeOf(init), name);
    LLVMSetInitializer(g, init);
    LLVMSetGlobalConstant(g, 1);
    return true;
}

/* Builds, checks and optimises the IR of part k, functions lo .. hi - 1, in u->M. */
static bool build_ir(wj_unit *u, LLVMTargetMachineRef tm, unsigned k, uint32_t lo, uint32_t hi,
                     char **error)
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
    u->loop_fns = calloc(n ? n : 1, sizeof *u->loop_fns);
    if (!u->fns || !u->loop_fns) {
        *error = strdup("out of memory");
        return false;
    }
    /* Only the part's own: a call of another part's function goes through its code record. */
    unsigned nounwind = LLVMGetEnumAttributeKindForName("nounwind", 8);
    for (uint32_t i = lo; i < hi; i++) {
        char name[32];
        snprintf(name, sizeof name, "f%u", i);
        u->fns[i] = LLVMAddFunction(u->M, name, u->fn_type);
        LLVMAddAttributeAtIndex(u->fns[i], LLVMAttributeFunctionIndex,
                                LLVMCreateEnumAttribute(u->C, nounwind, 0));
    }
    if (!wj_declare_bodies(u, lo, hi, error)) return false;
    for (uint32_t i = lo; i < hi; i++) {
        if (stopped(u->mod)) {
            *error = strdup("stopped: the module is being deleted");
            return false;
        }
        if (!wj_emit_function(u, i, error)) return false;
    }
    if (!define_part_table(u, k, lo, hi, error) || !wj_rt_link(u, error)) return false;
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

/* Builds and emits the object of part k, functions lo .. hi - 1, from their lowered code. */
static warden_error_t *emit_object(warden_module_t *mod, LLVMTargetMachineRef tm, unsigned k,
                                   uint32_t lo, uint32_t hi, const wc_code **lowered,
                                   uint8_t **object, size_t *object_len)
{
    wj_unit u = {.mod = mod, .m = mod->m, .handlers = wx_handlers(), .lowered = lowered};
    u.C = LLVMContextCreate();
    u.B = LLVMCreateBuilderInContext(u.C);
    u.i1 = LLVMInt1TypeInContext(u.C);
    u.i8 = LLVMInt8TypeInContext(u.C);
    u.i32 = LLVMInt32TypeInContext(u.C);
    u.i64 = LLVMInt64TypeInContext(u.C);
    u.ptr = LLVMPointerTypeInContext(u.C, 0);
    u.vd = LLVMVoidTypeInContext(u.C);
    LLVMTypeRef fp[4] = {u.ptr, u.ptr, u.ptr, u.i32};
    u.fn_type = LLVMFunctionType(u.vd, fp, 3, 0);
    u.loop_type = LLVMFunctionType(u.vd, fp, 4, 0);
    /* Only the auto tier runs functions in the interpreter that compiled code may take over. */
    u.loop_entries = mod->engine->config.tier == WARDEN_TIER_AUTO;
    LLVMTypeRef hp[4] = {u.ptr, u.ptr, u.ptr, u.i64};
    u.handler_type = LLVMFunctionType(u.i32, hp, 4, 0);
    u.has_memory = mod->m->nmems > 0;
    u.metered = mod->engine->config.consume_fuel;
    wj_unit_metadata(&u);

    warden_error_t *result = NULL;
    char *error = NULL, *msg = NULL;
    LLVMMemoryBufferRef obj = NULL;
    if (!build_ir(&u, tm, k, lo, hi, &error))
        result = wj_fail("building", error);
    else if (LLVMTargetMachineEmitToMemoryBuffer(tm, u.M, LLVMObjectFile, &msg, &obj))
        result = wj_fail("emitting", llvm_text(msg));
    else {
        *object_len = LLVMGetBufferSize(obj);
        *object = malloc(*object_len ? *object_len : 1);
        if (*object)
            memcpy(*object, LLVMGetBufferStart(obj), *object_len);
        else
            result = wo_error_oom();
        LLVMDisposeMemoryBuffer(obj);
    }
    free(u.fns);
    free(u.loop_fns);
    free(u.bodies);
    free(u.args);
    free(u.types);
    if (u.R) LLVMDisposeModule(u.R);
    if (u.M) LLVMDisposeModule(u.M);
    LLVMDisposeBuilder(u.B);
    LLVMContextDispose(u.C);
    return result;
}

/* The lowered code of functions lo .. hi - 1 of mod, by defined index, into lowered[]: the
 * module's own where it has it, else a copy (own[i - lo] set) that is published nowhere, so that
 * a module compiled part by part never shows the interpreter code of a function whose native
 * code is not linked (exec/exec.h wx_lower_copy). */
static warden_error_t *lower_part(warden_module_t *mod, uint32_t lo, uint32_t hi,
                                  const wc_code **lowered, bool *own)
{
    for (uint32_t i = lo; i < hi; i++) {
        if (stopped(mod)) return wj_fail("stopped: the module is being deleted", NULL);
        lowered[i] = atomic_load_explicit(&mod->funcs[i].lowered, memory_order_acquire);
        if (lowered[i]) continue;
        wd_decode_error err = {0};
        /* Validated with the module: only memory can fail. */
        if (!(lowered[i] = wx_lower_copy(mod, i, &err)))
            return err.oom ? wo_error_oom()
                           : wo_error(WARDEN_ERROR_INVALID, (int64_t)err.offset, "%s", err.message);
        own[i - lo] = true;
    }
    return NULL;
}

/* Compiles functions lo .. hi - 1 of mod into an object for `tm`: its bytes, malloc'd, in
 * *object. */
static warden_error_t *compile_object(warden_module_t *mod, LLVMTargetMachineRef tm, unsigned k,
                                      uint32_t lo, uint32_t hi, uint8_t **object,
                                      size_t *object_len)
{
    uint32_t nbodies = mod->m->nbodies;
    const wc_code **lowered = calloc(nbodies ? nbodies : 1, sizeof *lowered);
    bool *own = calloc(hi - lo ? hi - lo : 1, sizeof *own);
    warden_error_t *result =
        lowered && own ? lower_part(mod, lo, hi, lowered, own) : wo_error_oom();
    if (!result) result = emit_object(mod, tm, k, lo, hi, lowered, object, object_len);
    for (uint32_t i = lo; own && lowered && i < hi; i++)
        if (own[i - lo]) free((void *)lowered[i]);
    free(lowered);
    free(own);
    return result;
}

/* A copy of a pack, placed 8 bytes past an aligned address: the copy's buffer in *buf. */
static const uint8_t *copy_pack(const uint8_t *pack, size_t len, uint8_t **buf)
{
    *buf = malloc(len + 8);
    if (!*buf) return NULL;
    memcpy(*buf + 8, pack, len);
    return *buf + 8;
}

warden_error_t *wj_new_jit(LLVMOrcLLJITRef *out)
{
    *out = NULL;
    LLVMOrcLLJITRef jit = NULL;
    LLVMErrorRef err = LLVMOrcCreateLLJIT(&jit, LLVMOrcCreateLLJITBuilder());
    if (err) return wj_fail("linker", error_text(err));
    char *error = NULL;
    if (!define_helpers(jit, &error)) {
        LLVMOrcDisposeLLJIT(jit);
        return wj_fail("linker", error);
    }
    *out = jit;
    return NULL;
}

/* Adds an object to the linker: read in place when it is aligned for it and `copy` is not set
 * (the bytes must then outlive the linker), from a copy otherwise. */
static warden_error_t *add_object(LLVMOrcLLJITRef jit, const uint8_t *object, size_t len, bool copy)
{
    const char *data = (const char *)object;
    LLVMMemoryBufferRef buf = !copy && (uintptr_t)data % WJ_OBJECT_ALIGN == 0
                                  ? LLVMCreateMemoryBufferWithMemoryRange(data, len, "warden", 0)
                                  : LLVMCreateMemoryBufferWithMemoryRangeCopy(data, len, "warden");
    if (!buf) return wo_error_oom();
    LLVMOrcJITDylibRef jd = LLVMOrcLLJITGetMainJITDylib(jit);
    LLVMErrorRef err = LLVMOrcLLJITAddObjectFile(jit, jd, buf); /* owns buf, whatever happens */
    return err ? wj_fail("linking", error_text(err)) : NULL;
}

warden_error_t *wj_add_object(LLVMOrcLLJITRef jit, const uint8_t *object, size_t len)
{
    return add_object(jit, object, len, false);
}

warden_error_t *wj_find_part(LLVMOrcLLJITRef jit, unsigned k, uint32_t nbodies,
                             const wj_part_table **out)
{
    char name[32];
    snprintf(name, sizeof name, "part%u", k);
    LLVMOrcExecutorAddress addr = 0;
    LLVMErrorRef err = LLVMOrcLLJITLookup(jit, &addr, name);
    if (err) return wj_fail("linking", error_text(err));
    const wj_part_table *t = (const wj_part_table *)(uintptr_t)addr;
    if (t->lo > t->hi || t->hi > nbodies)
        return wj_fail("linking", strdup("the code's parts do not fit the module"));
    for (uint64_t i = t->lo; i < t->hi; i++)
        if (!t->fn[i - t->lo].code || t->fn[i - t->lo].frame_slots > UINT32_MAX)
            return wj_fail("linking", strdup("the code's parts do not cover the module"));
    *out = t;
    return NULL;
}

/* Links the objects of a pack made for mod (compiled now or read back) into an LLJIT of its own
 * and sets every function's native code. */
static warden_error_t *load_objects(warden_module_t *mod, const uint8_t *pack, size_t len,
                                    struct wj_code *code)
{
    LLVMOrcLLJITRef jit = NULL;
    warden_error_t *result = wj_new_jit(&jit);
    if (result) return result;
    /* Kept apart from mod->funcs, which the validation of the bodies may be writing meanwhile;
     * wj_finish_code sets them. */
    wj_part_fn *fns = calloc(mod->m->nbodies ? mod->m->nbodies : 1, sizeof *fns);
    unsigned nparts = 0;
    if (!fns) result = wo_error_oom();
    for (size_t at = 0; !result && at < len;) {
        /* A pack read back was checked whole by wj_artifact_read; this keeps the walk safe on
         * any other. */
        uint64_t n = len - at < 8 ? 0 : wj_get_u64(pack + at);
        if (len - at < 8 || n > len - at - 8) {
            result = wj_fail("linking", strdup("the code's objects are cut short"));
            break;
        }
        /* In place: the pack outlives the linker (wj_code_free). */
        result = wj_add_object(jit, pack + at + 8, (size_t)n);
        at += wj_pack_entry_size((size_t)n);
        nparts++;
    }
    /* Each part's table names its functions; together they must name each function once. */
    uint32_t nbodies = mod->m->nbodies;
    for (unsigned k = 0; !result && k < nparts; k++) {
        const wj_part_table *t = NULL;
        result = wj_find_part(jit, k, nbodies, &t);
        for (uint64_t i = t ? t->lo : 0; t && i < t->hi && !result; i++) {
            if (fns[i].code) result = wj_fail("linking", strdup("the code's parts overlap"));
            fns[i] = t->fn[i - t->lo];
        }
    }
    for (uint32_t i = 0; !result && i < nbodies; i++)
        if (!fns[i].code)
            result = wj_fail("linking", strdup("the code's parts do not cover the module"));
    if (!result) {
        code->fns = fns;
        code->jit = jit;
        jit = NULL;
    } else {
        free(fns);
    }
    if (jit) LLVMOrcDisposeLLJIT(jit);
    return result;
}

bool wj_plan_parts(const wd_module *m, size_t part_bytes, uint32_t **lo, unsigned *nparts)
{
    /* A part ends once it holds part_bytes of bodies, or with the module. */
    unsigned n = 0;
    size_t held = 0;
    for (uint32_t i = 0; i < m->nbodies; i++) {
        held += m->bodies[i].len;
        if (held >= part_bytes || i + 1 == m->nbodies) n++, held = 0;
    }
    if (!n) n = 1; /* no function: one empty part */
    uint32_t *b = malloc(((size_t)n + 1) * sizeof *b);
    if (!b) return false;
    unsigned k = 0;
    b[0] = 0;
    held = 0;
    for (uint32_t i = 0; i < m->nbodies; i++) {
        held += m->bodies[i].len;
        if (held >= part_bytes || i + 1 == m->nbodies) b[++k] = i + 1, held = 0;
    }
    b[n] = m->nbodies;
    *lo = b;
    *nparts = n;
    return true;
}

warden_error_t *wj_compile_part(warden_module_t *mod, unsigned k, uint32_t lo, uint32_t hi,
                                uint8_t **object, size_t *object_len)
{
    *object = NULL;
    *object_len = 0;
    pthread_once(&init_once, init_llvm);
    if (!init_ok) return wj_fail("LLVM has no native target", NULL);
    char *cpu = NULL, *features = NULL, *error = NULL;
    LLVMTargetMachineRef tm = host_machine(&cpu, &features, &error);
    LLVMDisposeMessage(cpu);
    LLVMDisposeMessage(features);
    if (!tm) return wj_fail("target", error);
    warden_error_t *e = compile_object(mod, tm, k, lo, hi, object, object_len);
    LLVMDisposeTargetMachine(tm);
    return e;
}

typedef struct wj_part {
    warden_module_t *mod;
    unsigned k;      /* its place in the pack */
    uint32_t lo, hi; /* its functions */
    uint8_t *object;
    size_t len;
    warden_error_t *error;
} wj_part;

/* The parts of one compile, which each thread takes from `next` until none is left, or until one
 * failed (its error is the compile's). */
typedef struct wj_parts {
    wj_part *part;
    unsigned n;
    atomic_uint next;
    atomic_bool failed;
} wj_parts;

static void *compile_parts(void *arg)
{
    wj_parts *w = arg;
    for (;;) {
        unsigned k = atomic_fetch_add(&w->next, 1);
        if (k >= w->n || atomic_load(&w->failed)) return NULL;
        wj_part *p = &w->part[k];
        p->error = wj_compile_part(p->mod, p->k, p->lo, p->hi, &p->object, &p->len);
        if (p->error) atomic_store(&w->failed, true);
    }
}

/* The pack of the n parts' objects, in order, into code->buf, 8 bytes ahead of it so that its
 * objects are aligned (copy_pack); the parts keep theirs. */
static warden_error_t *pack_parts(struct wj_code *code, const wj_part *parts, unsigned n)
{
    size_t len = 0;
    for (unsigned k = 0; k < n; k++) len += wj_pack_entry_size(parts[k].len);
    uint8_t *buf = calloc(1, len + 8);
    if (!buf) return wo_error_oom();
    for (size_t k = 0, at = 8; k < n; at += wj_pack_entry_size(parts[k].len), k++) {
        wj_put_u64(buf + at, parts[k].len);
        memcpy(buf + at + 8, parts[k].object, parts[k].len);
    }
    code->buf = buf;
    code->object = buf + 8;
    code->object_len = len;
    return NULL;
}

/* Compiles every function of mod into a pack of objects (load_objects) in code->buf, placed as
 * copy_pack places one: its parts (wj_plan_parts) taken one after the other by threads of their
 * own and the caller's (at most one per online CPU and config.module_threads; a thread that
 * cannot be started leaves its share to the others). */
static warden_error_t *compile_module_code(warden_module_t *mod, struct wj_code *code)
{
    const wd_module *m = mod->m;
    uint32_t *bound = NULL;
    unsigned n = 0;
    if (!wj_plan_parts(m, WJ_PART_BYTES, &bound, &n)) return wo_error_oom();
    size_t total = 0;
    for (uint32_t i = 0; i < m->nbodies; i++) total += m->bodies[i].len;
    unsigned nthreads =
        wd_cpu_threads_for(total, WJ_PART_BYTES, n, mod->engine->config.module_threads);
    wj_part *parts = calloc(n, sizeof *parts);
    pthread_t *threads = calloc(nthreads, sizeof *threads);
    bool *started = calloc(nthreads, sizeof *started);
    if (!parts || !threads || !started) {
        free(bound);
        free(parts);
        free(threads);
        free(started);
        return wo_error_oom();
    }
    for (unsigned k = 0; k < n; k++)
        parts[k] = (wj_part){.mod = mod, .k = k, .lo = bound[k], .hi = bound[k + 1]};
    code->bounds = bound;
    code->nparts = n;
    wj_parts work = {.part = parts, .n = n};
    atomic_init(&work.next, 0);
    atomic_init(&work.failed, false);
    for (unsigned t = 1; t < nthreads; t++)
        started[t] = pthread_create(&threads[t], NULL, compile_parts, &work) == 0;
    compile_parts(&work);
    for (unsigned t = 1; t < nthreads; t++)
        if (started[t]) pthread_join(threads[t], NULL);
    free(threads);
    free(started);
    /* The first error; the parts left after it were not compiled. */
    warden_error_t *result = NULL;
    for (unsigned k = 0; k < n; k++) {
        if (parts[k].error && !result)
            result = parts[k].error;
        else if (parts[k].error)
            warden_error_delete(parts[k].error);
    }
    for (unsigned k = 0; k < n && !result; k++)
        if (!parts[k].object) result = wj_fail("a part of the module was not compiled", NULL);
    if (!result) result = pack_parts(code, parts, n);
    for (unsigned k = 0; k < n; k++) free(parts[k].object);
    free(parts);
    return result;
}

/* The module's hash, a megabyte at a time; false, once `stop` is set. */
static bool hash_module(const uint8_t *bytes, size_t len, const atomic_bool *stop,
                        uint8_t out[WD_SHA256_BYTES])
{
    const size_t step = (size_t)1 << 20;
    wd_sha256 s;
    wd_sha256_init(&s);
    for (size_t at = 0; at < len; at += step) {
        if (stop && atomic_load_explicit(stop, memory_order_relaxed)) return false;
        wd_sha256_update(&s, bytes + at, len - at < step ? len - at : step);
    }
    wd_sha256_final(&s, out);
    return true;
}

warden_error_t *wj_look_for_code(const warden_engine_t *engine, const uint8_t *bytes, size_t len,
                                 const wj_artifact *artifact, const atomic_bool *stop,
                                 struct wj_code **out)
{
    *out = NULL;
    pthread_once(&init_once, init_llvm);
    if (!init_ok) return wj_fail("LLVM has no native target", NULL);
    const warden_config_t *config = &engine->config;
    struct wj_code *code = calloc(1, sizeof *code);
    if (!code) return wo_error_oom();
    /* The CPU the code is made for, as each part's target machine takes it. */
    char *cpu = LLVMGetHostCPUName(), *features = LLVMGetHostCPUFeatures();
    wj_target_here(config, cpu, features, &code->target);
    LLVMDisposeMessage(cpu);
    LLVMDisposeMessage(features);

    warden_error_t *result = NULL;
    const uint8_t *object = NULL;
    size_t object_len = 0;
    wj_artifact a = {0};
    if (!hash_module(bytes, len, stop, code->module)) goto done; /* a miss */
    if (artifact) {
        /* A .cwasm: its code, when it was made for this module, build, CPU and configuration.
         * Bytes that do not hold together are malformed; code made for another engine is the
         * caller's mistake. */
        char why[160];
        const char *bad;
        if (memcmp(artifact->module, code->module, WD_SHA256_BYTES) != 0) {
            result = wo_error(WARDEN_ERROR_MALFORMED, 0,
                              "compiled module: its code is not that of its module");
            goto done;
        }
        if ((bad = wj_target_mismatch(&artifact->target, &code->target, why, sizeof why))) {
            result = wo_error(WARDEN_ERROR_ARGUMENT, -1, "%s", bad);
            goto done;
        }
        a = *artifact;
        object = artifact->object;
        object_len = artifact->object_len;
    } else if (config->cache_dir &&
               (code->entry = wj_cache_get(config->cache_dir, code->module, &code->target, &a,
                                           &code->entry_len))) {
        object = a.object;
        object_len = a.object_len;
        code->from_cache = true;
    }
    if (!object) goto done;
    /* A cache entry's pack is aligned as mapped (HEAD + 16 bytes into a page); a .cwasm's is
     * copied. */
    if (code->entry) {
        code->object = object;
    } else if (!(code->object = copy_pack(object, object_len, &code->buf))) {
        result = wo_error_oom();
        goto done;
    }
    code->object_len = object_len;
    if (!(code->bounds = malloc(((size_t)a.nparts + 1) * sizeof *code->bounds))) {
        result = wo_error_oom();
        goto done;
    }
    code->nparts = a.nparts;
    for (uint32_t k = 0; k <= a.nparts; k++) code->bounds[k] = wj_artifact_bound(&a, k);
done:
    if (result) {
        wj_code_free(code);
        return result;
    }
    *out = code;
    return NULL;
}

warden_error_t *wj_link_code(warden_module_t *mod, struct wj_code **code, bool by_parts)
{
    struct wj_code *c = *code;
    if (!c->object) return NULL;
    /* Linked part by part at first calls, unless every function is lowered at creation (the
     * interpreter would then run a function whose part is not linked yet). */
    warden_error_t *result = by_parts && !mod->engine->config.lower_eagerly
                                 ? wj_lazy_from_pack(mod, c)
                                 : load_objects(mod, c->object, c->object_len, c);
    if (!result) return NULL;
    if (!c->from_cache) {
        wj_code_free(c);
        *code = NULL;
        return result;
    }
    /* A cache entry that does not link (it passed every check, so this is not expected) is
     * compiled again, as a miss. */
    warden_error_delete(result);
    c->from_cache = false;
    wj_cache_release(c->entry, c->entry_len);
    c->entry = NULL;
    c->object = NULL;
    free(c->bounds);
    c->bounds = NULL;
    return NULL;
}

warden_error_t *wj_find_code(warden_module_t *mod, const wj_artifact *artifact,
                             struct wj_code **out)
{
    warden_error_t *e =
        wj_look_for_code(mod->engine, mod->m->bytes, mod->m->len, artifact, NULL, out);
    return e ? e : wj_link_code(mod, out, false);
}

/* Keeps the code just compiled in the engine's code cache, when it has one. */
static void keep_in_cache(const warden_module_t *mod, const struct wj_code *code)
{
    const warden_config_t *config = &mod->engine->config;
    if (!config->cache_dir) return;
    size_t n = 0;
    uint8_t *b = wj_artifact_write(code->module, &code->target, NULL, 0, code->object,
                                   code->object_len, code->bounds, code->nparts, &n);
    if (b)
        wj_cache_put(config->cache_dir, code->module, &code->target, b, n, config->cache_max_bytes);
    free(b);
}

warden_error_t *wj_finish_code(warden_module_t *mod, struct wj_code *code)
{
    warden_error_t *result = NULL;
    if (code->lazy) {
        /* Found, to be linked part by part at first calls (wj_link_code). */
        atomic_store_explicit(&mod->jit, code, memory_order_release);
        return NULL;
    }
    if (!code->jit) {
        result = compile_module_code(mod, code);
        if (!result) result = load_objects(mod, code->object, code->object_len, code);
        if (!result) keep_in_cache(mod, code);
    }
    if (result) {
        wj_code_free(code);
        return result;
    }
    for (uint32_t i = 0; i < mod->m->nbodies; i++) wj_publish(mod, i, &code->fns[i]);
    free(code->fns);
    code->fns = NULL;
    atomic_store_explicit(&mod->jit, code, memory_order_release);
    return NULL;
}

unsigned wj_hottest_part(const uint32_t *lo, unsigned n, const bool *done,
                         const _Atomic uint32_t *samples)
{
    unsigned best = n;
    uint64_t most = 0;
    for (unsigned k = 0; k < n; k++) {
        if (done[k]) continue;
        uint64_t sum = 0;
        for (uint32_t i = lo[k]; samples && i < lo[k + 1]; i++)
            sum += atomic_load_explicit(&samples[i], memory_order_relaxed);
        if (best == n || sum > most) best = k, most = sum;
    }
    return best;
}

warden_error_t *wj_compile_hot_first(warden_module_t *mod, struct wj_code *code,
                                     const _Atomic uint32_t *samples, struct wj_code **kept)
{
    *kept = NULL;
    uint32_t nbodies = mod->m->nbodies, *lo = NULL;
    unsigned n = 0;
    if (!wj_plan_parts(mod->m, WJ_PART_BYTES, &lo, &n)) {
        wj_code_free(code);
        return wo_error_oom();
    }
    code->bounds = lo;
    code->nparts = n;
    wj_part *parts = calloc(n, sizeof *parts);
    bool *done = calloc(n, sizeof *done);
    warden_error_t *result = parts && done ? wj_new_jit(&code->jit) : wo_error_oom();
    bool published = false;
    for (unsigned step = 0; !result && step < n; step++) {
        if (stopped(mod)) {
            result = wj_fail("stopped: the module is being deleted", NULL);
            break;
        }
        unsigned k = wj_hottest_part(lo, n, done, samples);
        done[k] = true;
        wj_part *p = &parts[k];
        result = wj_compile_part(mod, k, lo[k], lo[k + 1], &p->object, &p->len);
        const wj_part_table *t = NULL;
        /* A copy: the object is freed once it is in the pack. */
        if (!result) result = add_object(code->jit, p->object, p->len, true);
        if (!result) result = wj_find_part(code->jit, k, nbodies, &t);
        if (!result && (t->lo != lo[k] || t->hi != lo[k + 1]))
            result = wj_fail("linking", strdup("the code's part does not fit the module"));
        if (result) break;
        /* Its functions run compiled code from their next call (or loop iteration) on. */
        for (uint32_t i = lo[k]; i < lo[k + 1]; i++) wj_publish(mod, i, &t->fn[i - lo[k]]);
        published = true;
    }
    /* The pack, its parts in order, as a compile in one go makes it. */
    if (!result) result = pack_parts(code, parts, n);
    for (unsigned k = 0; parts && k < n; k++) free(parts[k].object);
    free(parts);
    free(done);
    if (result) {
        /* Code published may be running: it stays until the module is deleted. */
        if (published)
            *kept = code;
        else
            wj_code_free(code);
        return result;
    }
    keep_in_cache(mod, code);
    atomic_store_explicit(&mod->jit, code, memory_order_release);
    return NULL;
}

void wj_publish(warden_module_t *mod, uint32_t i, const wj_part_fn *f)
{
    /* Other threads may be running the module (in the interpreter, in the auto tier): the frame
     * size first, then the code, published (compile/code.h). */
    mod->funcs[i].frame_slots = (uint32_t)f->frame_slots;
    mod->funcs[i].body = f->body;
    atomic_store_explicit(&mod->funcs[i].native, f->code, memory_order_release);
    /* After `native`: a loop entry finds every function's code it may call. */
    atomic_store_explicit(&mod->funcs[i].loop_entry, f->loop, memory_order_release);
}

warden_error_t *wj_serialize(const warden_module_t *mod, uint8_t **out, size_t *len)
{
    struct wj_code *code =
        atomic_load_explicit(&((warden_module_t *)mod)->jit, memory_order_acquire);
    if (code->object) {
        /* Compiled whole, or found whole (linked at once or part by part). */
        *out = wj_artifact_write(code->module, &code->target, mod->m->bytes, mod->m->len,
                                 code->object, code->object_len, code->bounds, code->nparts, len);
        return *out ? NULL : wo_error_oom();
    }
    /* Compiled part by part: every part linked now, the pack made of their objects. */
    uint8_t *pack = NULL;
    size_t pack_len = 0;
    const uint32_t *bounds = NULL;
    uint32_t nparts = 0;
    warden_error_t *e =
        wj_lazy_pack((warden_module_t *)mod, code, &pack, &pack_len, &bounds, &nparts);
    if (e) return e;
    *out = wj_artifact_write(code->module, &code->target, mod->m->bytes, mod->m->len, pack,
                             pack_len, bounds, nparts, len);
    free(pack);
    return *out ? NULL : wo_error_oom();
}

bool wj_from_cache(const struct wj_code *code)
{
    if (code && !code->from_cache && code->lazy) return wj_lazy_from_cache(code->lazy);
    return code && code->from_cache;
}

bool wj_code_found(const struct wj_code *code)
{
    return code && (code->jit || code->lazy);
}

void wj_code_free(struct wj_code *code)
{
    if (!code) return;
    if (code->jit) LLVMOrcDisposeLLJIT(code->jit); /* before the objects it may read */
    wj_lazy_free(code->lazy);
    free(code->buf);
    free(code->bounds);
    wj_cache_release(code->entry, code->entry_len);
    free(code->fns);
    free(code);
}
