# Checks that every C library function the library and the command line call is known to the fault
# tests: either wrapped (it can fail, and the tests make it fail) or listed as one that cannot
# fail in a way the code could act on. Run by fault/symbols:
#   cmake -DNM=nm -DFILES=a.a,b.o,... -DWRAPPED=f,g,... -DNOFAIL=h,i,... -P symbols.cmake
string(REPLACE "," ";" files "${FILES}")
string(REPLACE "," ";" known "${WRAPPED},${NOFAIL}")
execute_process(COMMAND ${NM} -u ${files} OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NM} -u failed")
endif()
string(REGEX MATCHALL "U [A-Za-z_][A-Za-z0-9_@.]*" refs "${out}")
set(unknown "")
foreach(ref ${refs})
  string(SUBSTRING "${ref}" 2 -1 name)
  string(REGEX REPLACE "@.*" "" name "${name}")
  # The project's own functions, jansson's accessors, LLVM's C API (the compiled tier: LLVM
  # allocates for itself and reports its failures as errors), and compiler or sanitizer runtime
  # symbols.
  if(name MATCHES "^(wd|wi|wl|wo|wr|wx|wz|ws|wc|wq|wm|wj|warden|cli|cmd|wast|cwast|valfmt|textfmt|spectest)_" OR
     name MATCHES "^json_" OR name MATCHES "^LLVM" OR name MATCHES "^_" OR name STREQUAL "main")
    if(NOT name STREQUAL "json_load_file")
      continue()
    endif()
  endif()
  list(FIND known "${name}" at)
  if(at EQUAL -1)
    list(APPEND unknown "${name}")
  endif()
endforeach()
list(REMOVE_DUPLICATES unknown)
if(unknown)
  string(REPLACE ";" " " unknown "${unknown}")
  message(FATAL_ERROR "C library functions the fault tests do not know: ${unknown}\n"
          "Add each to WARDEN_FAULT_WRAPPED in tests/fault/CMakeLists.txt (and a wrapper to "
          "inject.c) when it can fail, or to WARDEN_FAULT_NOFAIL when it cannot.")
endif()
message(STATUS "every C library function referenced is wrapped or known not to fail")
