# LLVM 19, the compiled tier's code generator: its C API (llvm-c/) and the ORC LLJIT, linked as
# the shared libLLVM-19 that Debian's llvm-19-dev provides (scripts/install-deps.sh installs it).
# WARDEN_LLVM=OFF builds the interpreter-only library, without LLVM.
option(WARDEN_LLVM "Build the compiled tier with LLVM 19 (llvm-19-dev)" ON)
if(NOT WARDEN_LLVM)
  return()
endif()
find_program(WARDEN_LLVM_CONFIG NAMES llvm-config-19 llvm-config)
if(WARDEN_LLVM_CONFIG)
  execute_process(COMMAND ${WARDEN_LLVM_CONFIG} --version OUTPUT_VARIABLE _llvm_version
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
endif()
if(NOT WARDEN_LLVM_CONFIG OR NOT _llvm_version MATCHES "^19\\.")
  message(FATAL_ERROR "LLVM 19 not found (llvm-config-19): `make deps` installs llvm-19-dev, or "
                      "configure with -DWARDEN_LLVM=OFF for the interpreter alone")
endif()
foreach(what includedir libdir)
  execute_process(COMMAND ${WARDEN_LLVM_CONFIG} --${what} OUTPUT_VARIABLE _llvm_${what}
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
endforeach()
if(NOT EXISTS "${_llvm_includedir}/llvm-c/LLJIT.h")
  message(FATAL_ERROR "LLVM 19's C headers are missing under ${_llvm_includedir}: install "
                      "llvm-19-dev (`make deps`), or configure with -DWARDEN_LLVM=OFF")
endif()
find_library(WARDEN_LLVM_LIBRARY NAMES LLVM-19 PATHS ${_llvm_libdir} NO_DEFAULT_PATH REQUIRED)
add_library(warden_llvm INTERFACE)
# LLVM's headers as system headers: the project's warnings are for its own code.
target_include_directories(warden_llvm SYSTEM INTERFACE ${_llvm_includedir})
target_link_directories(warden_llvm INTERFACE ${_llvm_libdir})
target_link_libraries(warden_llvm INTERFACE LLVM-19)
target_link_options(warden_llvm INTERFACE "LINKER:-rpath,${_llvm_libdir}")
message(STATUS "LLVM ${_llvm_version}: ${_llvm_libdir}")

# The interpreter's handlers as LLVM bitcode (src/llvm/rt/handlers_rt.c), which the compiled tier
# inlines into the code it makes, so both tiers compute every instruction with the same C. Built
# with clang-19 whatever compiles the rest, with no sanitizer (it runs as generated code), and
# embedded in the library as a C array. Without the SLP vectorizer, so that a v128's two frame
# slots stay two 64-bit accesses (exec/simd_v128.h, WS_SLOTS_BY_HALVES) and LLVM keeps them in
# registers once the handlers are inlined; the code it makes is vectorised after that anyway.
find_program(WARDEN_LLVM_CLANG NAMES clang-19 REQUIRED)
set(WARDEN_LLVM_RT_BC ${CMAKE_BINARY_DIR}/llvm_rt/handlers_rt.bc)
set(WARDEN_LLVM_RT_C ${CMAKE_BINARY_DIR}/llvm_rt/handlers_rt_bitcode.c)
add_custom_command(
  OUTPUT ${WARDEN_LLVM_RT_BC}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/llvm_rt
  COMMAND ${WARDEN_LLVM_CLANG} -O2 -std=c11 -D_GNU_SOURCE -I${PROJECT_SOURCE_DIR}/include
          -I${PROJECT_SOURCE_DIR}/src -Wall -Wextra -Werror -Wno-unused-parameter
          -ffp-contract=off -fno-math-errno -fno-stack-protector -fno-slp-vectorize -emit-llvm
          -MD -MF ${WARDEN_LLVM_RT_BC}.d
          -c ${PROJECT_SOURCE_DIR}/src/llvm/rt/handlers_rt.c -o ${WARDEN_LLVM_RT_BC}
  DEPENDS ${PROJECT_SOURCE_DIR}/src/llvm/rt/handlers_rt.c
  DEPFILE ${WARDEN_LLVM_RT_BC}.d
  COMMENT "Compiling the handlers to LLVM bitcode"
  VERBATIM)
add_custom_command(
  OUTPUT ${WARDEN_LLVM_RT_C}
  COMMAND ${CMAKE_COMMAND} -DIN=${WARDEN_LLVM_RT_BC} -DOUT=${WARDEN_LLVM_RT_C}
          -P ${PROJECT_SOURCE_DIR}/cmake/WardenLLVMBitcode.cmake
  DEPENDS ${WARDEN_LLVM_RT_BC} ${PROJECT_SOURCE_DIR}/cmake/WardenLLVMBitcode.cmake
  VERBATIM)
# Targets of other directories that compile the library's sources again (tests/fuzz) depend on
# this target: the rule that makes the file lives in this directory only.
add_custom_target(warden_llvm_rt DEPENDS ${WARDEN_LLVM_RT_C})
