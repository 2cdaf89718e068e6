# The linker: LLVM's lld when it is installed (lld-19 comes with the packages the tests need).
# Every test program links the static library with its debug information; ld.bfd takes 1.5 to 2 s
# for each, lld 0.4 s, which is about two minutes of CPU per build tree of `make test`.
# -DWARDEN_LLD=OFF keeps the compiler's default linker. Only this project's own links change: the
# installed library and package ask nothing of their users' linker.
include(CheckLinkerFlag)

option(WARDEN_LLD "Link with lld when it is installed" ON)
if(NOT WARDEN_LLD)
  return()
endif()
find_program(WARDEN_LLD_PROGRAM NAMES ld.lld-19 ld.lld DOC "LLVM's linker")
if(NOT WARDEN_LLD_PROGRAM)
  return()
endif()
if(CMAKE_C_COMPILER_ID MATCHES "Clang")
  set(_warden_lld_flags "--ld-path=${WARDEN_LLD_PROGRAM}")
else()
  # gcc runs `ld.lld` for -fuse-ld=lld, looking first in its -B directories: one that holds only
  # that name, pointing at the lld found, picks it whatever the system's `ld.lld` is.
  set(_warden_lld_dir ${CMAKE_BINARY_DIR}/linker)
  file(MAKE_DIRECTORY ${_warden_lld_dir})
  file(CREATE_LINK ${WARDEN_LLD_PROGRAM} ${_warden_lld_dir}/ld.lld SYMBOLIC)
  set(_warden_lld_flags -B${_warden_lld_dir} -fuse-ld=lld)
endif()
set(CMAKE_REQUIRED_QUIET ON)
check_linker_flag(C "${_warden_lld_flags}" WARDEN_LLD_LINKS)
unset(CMAKE_REQUIRED_QUIET)
if(WARDEN_LLD_LINKS)
  add_link_options(${_warden_lld_flags})
  message(STATUS "Linker: ${WARDEN_LLD_PROGRAM}")
endif()
