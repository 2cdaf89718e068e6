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
add_library(warden_llvm INTERFACE)
# LLVM's headers as system headers: the project's warnings are for its own code.
target_include_directories(warden_llvm SYSTEM INTERFACE ${_llvm_includedir})
target_link_directories(warden_llvm INTERFACE ${_llvm_libdir})
target_link_libraries(warden_llvm INTERFACE LLVM-19)
target_link_options(warden_llvm INTERFACE "LINKER:-rpath,${_llvm_libdir}")
message(STATUS "LLVM ${_llvm_version}: ${_llvm_libdir}")
